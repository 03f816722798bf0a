//! The `customers.regrade` job: grades every customer of a company with one
//! grading model, on demand or monthly, writing the changes a batch per
//! transaction with progress in customers.

use chrono::{DateTime, Utc};
use guanxi_core::{Error, GradingModelId};
use guanxi_store::Access;
use guanxi_store::grading::{self, Regrade};
use guanxi_store::jobs::Progress;
use serde_json::{Value, json};

use crate::context::JobContext;
use crate::registry::JobHandler;

/// Runs regrading.
#[derive(Clone, Copy, Debug, Default)]
pub struct CustomerRegrade;

#[derive(serde::Deserialize)]
struct Payload {
    model_id: uuid::Uuid,
    /// Set on scheduled monthly runs: when the run was due.
    #[serde(default)]
    due: Option<DateTime<Utc>>,
}

#[async_trait::async_trait]
impl JobHandler for CustomerRegrade {
    fn kind(&self) -> &str {
        grading::JOB_KIND
    }

    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        let payload: Payload = job.payload_as()?;
        let id = GradingModelId(payload.model_id);
        let started = std::time::Instant::now();
        let tx = job.tenant_tx(Access::Write).await?;
        if let Some(due) = payload.due
            && !grading::scheduled_run_stands(&tx, id, due).await?
        {
            // Rescheduled, switched off or deleted since it was queued.
            return Ok(json!({ "modelId": id.0, "skipped": "superseded" }));
        }
        let mut run = match Regrade::plan(&tx, id).await {
            Ok(r) => r,
            Err(Error::NotFound(_)) => return Ok(json!({ "modelId": id.0, "skipped": "deleted" })),
            Err(e) => return Err(e),
        };
        tx.commit().await?;
        let planned = started.elapsed();
        let total = i64::try_from(run.customers()).unwrap_or(i64::MAX);
        let changes = run.changes().max(1);
        // Progress counts customers: grading them all is the first half,
        // writing what changed the second.
        let at =
            |written: usize| total / 2 + (total - total / 2) * i64::try_from(written).unwrap_or(0) / changes as i64;
        job.progress(total / 2, Some(total), Some("graded; writing changes")).await?;
        // Batches are written side by side where the database allows it,
        // each in its own transaction; a retried job recomputes and writes
        // what is still different, so a half-written round is harmless.
        let lanes = run.lanes();
        loop {
            let batches = run.next_batches(lanes);
            let Some(end) = batches.last().map(|r| r.end) else { break };
            let run_ref = &run;
            let writes = batches.into_iter().map(|range| async {
                let tx = job.tenant_tx(Access::Write).await?;
                run_ref.write(&tx, range).await?;
                tx.commit().await
            });
            futures::future::try_join_all(writes).await?;
            run.written_to(end);
            if job.progress(at(run.written()), Some(total), Some("writing grades")).await? == Progress::Cancelled {
                return Ok(run.result());
            }
        }
        let tx = job.tenant_tx(Access::Write).await?;
        let mut result = run.finish(&tx, payload.due.is_some()).await?;
        tx.commit().await?;
        job.progress(total, Some(total), Some("done")).await?;
        // Where the time went, for operators: reading and grading, writing.
        if let Some(m) = result.as_object_mut() {
            let ms = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
            m.insert("planMs".into(), json!(ms(planned)));
            m.insert("writeMs".into(), json!(ms(started.elapsed().saturating_sub(planned))));
        }
        Ok(result)
    }
}
