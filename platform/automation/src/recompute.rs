//! The `customers.recompute` job: recomputes a plugin-computed customer
//! field for every customer, a committed batch at a time, with progress in
//! customers.

use guanxi_core::{CustomFieldId, Error};
use guanxi_store::Access;
use guanxi_store::jobs::Progress;
use guanxi_store::plugins;
use serde_json::{Value, json};

use crate::context::JobContext;
use crate::registry::JobHandler;

/// Customers per transaction.
const BATCH: u64 = 1000;

/// Recomputes computed fields.
#[derive(Clone, Copy, Debug, Default)]
pub struct ComputedFieldRefresh;

#[derive(serde::Deserialize)]
struct Payload {
    field_id: uuid::Uuid,
}

#[async_trait::async_trait]
impl JobHandler for ComputedFieldRefresh {
    fn kind(&self) -> &str {
        plugins::RECOMPUTE_JOB_KIND
    }

    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        let payload: Payload = job.payload_as()?;
        let field = CustomFieldId(payload.field_id);
        let (mut after, mut done, mut changed, mut failed) = (None, 0usize, 0usize, 0usize);
        loop {
            let tx = job.tenant_tx(Access::Write).await?;
            let (last, n, c, f) = plugins::recompute_batch(&tx, field, after, BATCH).await?;
            tx.commit().await?;
            (done, changed, failed) = (done + n, changed + c, failed + f);
            let progress = i64::try_from(done).unwrap_or(i64::MAX);
            if job.progress(progress, None, Some("recomputing")).await? == Progress::Cancelled || last.is_none() {
                break;
            }
            after = last;
        }
        Ok(json!({ "fieldId": field.0, "customers": done, "changed": changed, "failed": failed }))
    }
}
