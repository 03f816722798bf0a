//! The `customers.bulk_edit` job: one change applied to a filter's
//! customers a committed batch at a time, with progress in customers and a
//! report of the rows it could not change.

use guanxi_core::Error;
use guanxi_store::Access;
use guanxi_store::bulk_edit::{self, BulkPayload, RowIssue};
use guanxi_store::jobs::Progress;
use serde_json::Value;

use crate::context::JobContext;
use crate::registry::JobHandler;

/// Applies bulk edits.
#[derive(Clone, Copy, Debug, Default)]
pub struct BulkEdit;

#[async_trait::async_trait]
impl JobHandler for BulkEdit {
    fn kind(&self) -> &str {
        bulk_edit::JOB_KIND
    }

    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        let payload: BulkPayload = job.payload_as()?;
        let (mut after, mut done, mut changed, mut unchanged) = (None, 0u64, 0u64, 0u64);
        let (mut issues, mut failed): (Vec<RowIssue>, u64) = (Vec::new(), 0);
        loop {
            let tx = job.tenant_tx(Access::Write).await?;
            let out = bulk_edit::batch(&tx, &payload, after, bulk_edit::BATCH).await?;
            tx.commit().await?;
            done += out.seen;
            changed += out.changed;
            unchanged += out.unchanged;
            failed += out.failed.len() as u64;
            let room = bulk_edit::MAX_REPORTED.saturating_sub(issues.len());
            issues.extend(out.failed.into_iter().take(room));
            let progress = i64::try_from(done).unwrap_or(i64::MAX);
            let cancelled = job.progress(progress, None, Some("editing")).await? == Progress::Cancelled;
            if cancelled || out.seen < bulk_edit::BATCH {
                break;
            }
            after = out.last;
        }
        Ok(bulk_edit::report(done, changed, unchanged, &issues, failed))
    }
}
