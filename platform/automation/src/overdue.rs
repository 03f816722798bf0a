//! The `work_plans.overdue` job: announces the work plans whose end passed
//! undone (`plan.overdue`, once per plan) and schedules the next sweep for
//! the earliest end still ahead. Plan writes schedule it when they set an
//! end, so a company without open plans runs no sweeps. It is a system job:
//! it acts for no user, so the events it writes name the system.

use guanxi_core::Error;
use guanxi_store::Access;
use guanxi_store::work_plans;
use serde_json::{Value, json};

use crate::context::JobContext;
use crate::registry::JobHandler;

/// Runs the overdue sweep of one company.
#[derive(Clone, Copy, Debug, Default)]
pub struct WorkPlanOverdue;

#[async_trait::async_trait]
impl JobHandler for WorkPlanOverdue {
    fn kind(&self) -> &str {
        work_plans::OVERDUE_JOB_KIND
    }

    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        // The system's act, whoever's write queued it: it runs even when
        // that user has been deactivated since.
        let tx = job.system_tx(Access::Write).await?;
        let announced = work_plans::announce_overdue(&tx).await?;
        tx.commit().await?;
        Ok(json!({ "announced": announced }))
    }
}
