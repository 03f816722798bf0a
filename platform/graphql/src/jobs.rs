//! Background jobs: their progress, result or error, and cancelling them.
//! Jobs are started by the features that need them (imports, grading runs …),
//! never directly through this API.

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use guanxi_core::JobId;
use guanxi_store::jobs::{self, Job as StoreJob};
use guanxi_store::pagination;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};

/// Where a job stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::jobs::JobStatus")]
pub enum JobStatus {
    /// Waiting to run (first run, or a retry after an internal error).
    Queued,
    /// Running now.
    Running,
    /// Done; see `result`.
    Succeeded,
    /// Given up; see `error`.
    Failed,
    /// Cancelled by its creator or an admin.
    Cancelled,
}

/// A background job. Visible to the user who started it and to admins.
pub struct Job(pub StoreJob);

#[Object]
impl Job {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What the job does, e.g. `customers.import`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn status(&self) -> JobStatus {
        self.0.status.into()
    }
    /// Units of work done so far.
    async fn progress_done(&self) -> i64 {
        self.0.progress_done
    }
    /// Units of work in all, when known.
    async fn progress_total(&self) -> Option<i64> {
        self.0.progress_total
    }
    /// What the job is doing now.
    async fn progress_note(&self) -> Option<&str> {
        self.0.progress_note.as_deref()
    }
    /// The job's result, once it succeeded.
    async fn result(&self) -> Option<async_graphql::Json<&serde_json::Value>> {
        self.0.result.as_ref().map(async_graphql::Json)
    }
    /// Why it failed (or why the last attempt failed, while a retry waits),
    /// in English.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// The code of that error, as a refused request's `extensions.code`
    /// (`LIMIT_REACHED` when an import would pass the plan's customers).
    async fn error_code(&self) -> Option<&str> {
        self.0.error_detail.as_ref().and_then(|d| d.get("code")).and_then(serde_json::Value::as_str)
    }
    /// That error's `extensions` as a refused request would carry them: the
    /// code and its details (for `LIMIT_REACHED`: `limit`, `max`, `usage`,
    /// `plan`, `upgrade`), so a client shows it as it shows any refusal.
    async fn error_detail(&self) -> Option<async_graphql::Json<&serde_json::Value>> {
        self.0.error_detail.as_ref().map(async_graphql::Json)
    }
    /// Attempts started so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// Attempts allowed in all; only internal errors use up more than one.
    async fn max_attempts(&self) -> i32 {
        self.0.max_attempts
    }
    /// The user who started the job; it acts with their rights. Null for a
    /// system job (the overdue sweep of work plans), which acts for no user
    /// and which only admins see.
    async fn created_by_id(&self) -> Option<ID> {
        self.0.created_by.map(|u| ID(u.to_string()))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the first attempt started.
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at
    }
    /// When it succeeded, failed for good or was cancelled.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
    /// Last change, progress included.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(Default)]
pub struct JobQuery;

#[Object]
impl JobQuery {
    /// One job: the caller's own, or any of the company's for admins.
    async fn job(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Job> {
        let id = parse_id::<JobId>(&id, "id")?;
        ctx.read(async |tx| Ok(Job(jobs::get(tx, id).await?))).await
    }

    /// The newest jobs: the caller's own, or all of the company's for admins.
    async fn jobs(&self, ctx: &Context<'_>, #[graphql(default = 50)] limit: i32) -> ApiResult<Vec<Job>> {
        let limit = pagination::limit(limit, 200)?;
        ctx.read(async |tx| Ok(jobs::list(tx, limit).await?.into_iter().map(Job).collect())).await
    }
}

#[derive(Default)]
pub struct JobMutation;

#[Object]
impl JobMutation {
    /// Cancel a queued or running job (its creator or an admin). A running
    /// job stops at its next progress report. A finished job: `CONFLICT`.
    async fn cancel_job(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Job> {
        let id = parse_id::<JobId>(&id, "id")?;
        ctx.write(async |tx| {
            let job = jobs::cancel(tx, id).await?;
            Ok(Job(job))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guanxi_store::jobs::JobStatus as StoreStatus;

    #[test]
    fn statuses_mirror_the_store() {
        for s in StoreStatus::ALL {
            let g: JobStatus = s.into();
            assert_eq!(StoreStatus::from(g), s);
        }
    }
}
