//! The `backup.create` and `backup.restore` jobs: make an archive of the
//! company, or write one into it (`guanxi_store::backup`).

use guanxi_core::Error;
use guanxi_store::backup;
use serde_json::Value;

use crate::context::JobContext;
use crate::registry::JobHandler;

/// Makes backup archives.
#[derive(Clone, Copy, Debug, Default)]
pub struct BackupCreate;

/// Restores backup archives into an empty company.
#[derive(Clone, Copy, Debug, Default)]
pub struct BackupRestore;

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreatePayload {
    backup_id: uuid::Uuid,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RestorePayload {
    restore_id: uuid::Uuid,
}

fn meta(job: &JobContext) -> guanxi_store::RequestMeta {
    guanxi_store::RequestMeta { request_id: Some(format!("job:{}", job.id())), ..Default::default() }
}

#[async_trait::async_trait]
impl JobHandler for BackupCreate {
    fn kind(&self) -> &str {
        backup::BACKUP_JOB
    }

    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        let payload: CreatePayload = job.payload_as()?;
        let job = &job;
        backup::run_backup(job.store(), job.principal()?, &meta(job), payload.backup_id, |done, total, note| {
            job.progress(done, Some(total), Some(note))
        })
        .await
    }
}

#[async_trait::async_trait]
impl JobHandler for BackupRestore {
    fn kind(&self) -> &str {
        backup::RESTORE_JOB
    }

    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        let payload: RestorePayload = job.payload_as()?;
        let job = &job;
        backup::run_restore(job.store(), job.principal()?, &meta(job), payload.restore_id, |done, total, note| {
            job.progress(done, Some(total), Some(note))
        })
        .await
    }
}
