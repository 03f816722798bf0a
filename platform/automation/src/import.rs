//! The `customers.import` job: runs an import queued by
//! `guanxi_store::import::start`, a committed batch at a time.

use guanxi_core::{Error, ImportId};
use guanxi_store::Access;
use guanxi_store::import::{self, ImportRun, UploadedFile};
use guanxi_store::jobs::Progress;
use serde_json::{Value, json};

use crate::context::JobContext;
use crate::registry::JobHandler;

/// Runs customer imports.
#[derive(Clone, Copy, Debug, Default)]
pub struct CustomerImport;

#[derive(serde::Deserialize)]
struct Payload {
    import_id: uuid::Uuid,
}

#[async_trait::async_trait]
impl JobHandler for CustomerImport {
    fn kind(&self) -> &str {
        import::JOB_KIND
    }

    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        let payload: Payload = job.payload_as()?;
        let id = ImportId(payload.import_id);
        let ended = json!({ "importId": id.0, "status": "done" });
        // The file is read with no transaction open: reading takes a while
        // and must not keep a database connection from anyone meanwhile.
        let tx = job.tenant_tx(Access::Read).await?;
        let stored = import::stored_file(&tx, id).await?;
        tx.commit().await?;
        let Some((content, sheet)) = stored else {
            // A repeated delivery of an import that has ended.
            return Ok(ended);
        };
        let file = match UploadedFile::read(content, sheet).await {
            Ok(file) => file,
            Err(Error::Validation(errors)) => {
                let tx = job.tenant_tx(Access::Write).await?;
                let result = import::reject_file(&tx, id, errors).await?;
                tx.commit().await?;
                return Ok(result);
            }
            Err(e) => return Err(e),
        };
        let tx = job.tenant_tx(Access::Write).await?;
        let Some(mut run) = ImportRun::open(&tx, id, file).await? else {
            return Ok(ended);
        };
        let total = i64::try_from(run.total()).unwrap_or(i64::MAX);
        if run.needs_check() {
            let clean = run.check_all(&tx).await?;
            tx.commit().await?;
            if !clean {
                return Ok(run.result(import::ImportStatus::Rejected));
            }
            job.progress(0, Some(total), Some("checked every row; importing")).await?;
        } else {
            tx.commit().await?;
        }
        // Each batch is its own transaction so that progress shows and a
        // retry resumes after the last committed batch.
        if run.lanes() {
            return lanes(&job, run, total).await;
        }
        loop {
            let tx = job.tenant_tx(Access::Write).await?;
            let more = run.next_batch(&tx).await?;
            tx.commit().await?;
            let done = i64::try_from(run.done()).unwrap_or(i64::MAX);
            if job.progress(done, Some(total), Some("importing rows")).await? == Progress::Cancelled {
                return Ok(run.result(import::ImportStatus::Running));
            }
            if !more {
                break;
            }
        }
        let tx = job.tenant_tx(Access::Write).await?;
        let result = run.finish(&tx).await?;
        tx.commit().await?;
        Ok(result)
    }
}

/// The batches of `run` on PostgreSQL: each is checked while the ones
/// before it are still being written (see `ImportRun::launch`).
async fn lanes(job: &JobContext, mut run: ImportRun, total: i64) -> Result<Value, Error> {
    let outcome = write_lanes(job, &mut run, total).await;
    // Whatever happened, nothing may still be writing when the job ends: a
    // retry resumes from the progress the committed batches saved.
    let settled = run.settle().await;
    let cancelled = outcome?;
    settled?;
    if cancelled {
        return Ok(run.result(import::ImportStatus::Running));
    }
    let tx = job.tenant_tx(Access::Write).await?;
    let result = run.finish(&tx).await?;
    tx.commit().await?;
    Ok(result)
}

/// Launch every batch; `true` when the job was cancelled.
async fn write_lanes(job: &JobContext, run: &mut ImportRun, total: i64) -> Result<bool, Error> {
    loop {
        let tx = job.tenant_tx(Access::Write).await?;
        let more = run.prepare_batch(&tx).await?;
        if run.needs_numbers() {
            let numbers = job.tenant_tx(Access::Write).await?;
            run.draw_numbers(&numbers).await?;
            numbers.commit().await?;
        }
        run.launch(tx).await?;
        // Counts rows checked; the last batches may still be committing.
        let done = i64::try_from(run.done()).unwrap_or(i64::MAX);
        if job.progress(done, Some(total), Some("importing rows")).await? == Progress::Cancelled {
            return Ok(true);
        }
        if !more {
            return Ok(false);
        }
    }
}
