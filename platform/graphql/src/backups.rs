//! Backups of the whole company for the maintenance role (系统维护员) and
//! admins: make one (a background job with progress), list them, download
//! one through a short-lived link, and restore one into an empty company.

use async_graphql::{Context, Enum, ID, Json, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use guanxi_store::backup as store;
use guanxi_store::pagination;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::imports::read_upload;

/// A backup (an archive made) or a restore (an archive written into the company).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::backup::BackupKind")]
pub enum BackupKind {
    /// An archive of the company.
    Backup,
    /// An archive written into the company.
    Restore,
}

/// Where a backup or restore stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::backup::BackupStatus")]
pub enum BackupStatus {
    /// Waiting for its job.
    Queued,
    /// Working; see `progressDone` / `progressTotal`.
    Running,
    /// Done: a backup's archive can be downloaded; a restore's data is in place.
    Succeeded,
    /// Stopped; `error` says why. A failed restore wrote nothing.
    Failed,
}

/// A backup or restore.
pub struct Backup(store::BackupRecord);

#[Object]
impl Backup {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn kind(&self) -> BackupKind {
        BackupKind::from(self.0.kind)
    }
    async fn status(&self) -> BackupStatus {
        BackupStatus::from(self.0.status)
    }
    /// The archive's name.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// The archive's size in bytes, once made.
    async fn size_bytes(&self) -> Option<i64> {
        self.0.size_bytes
    }
    /// The archive's SHA-256 (hex), once made: compare with the downloaded file.
    async fn sha256(&self) -> Option<&str> {
        self.0.sha256.as_deref()
    }
    /// Tables in the archive.
    async fn tables(&self) -> Option<i32> {
        self.0.tables
    }
    /// Rows in the archive.
    async fn rows(&self) -> Option<i64> {
        self.0.rows
    }
    /// Photos and plugin modules in the archive.
    async fn files(&self) -> Option<i32> {
        self.0.files
    }
    /// Rows and files handled so far (a progress bar's value).
    async fn progress_done(&self) -> i64 {
        self.0.progress_done
    }
    /// Rows and files in all, when known (a progress bar's maximum).
    async fn progress_total(&self) -> Option<i64> {
        self.0.progress_total
    }
    /// What the job is doing now.
    async fn progress_note(&self) -> Option<&str> {
        self.0.progress_note.as_deref()
    }
    /// A restore: where the archive came from (`tenantId`, `tenantName`,
    /// `createdAt`, `schemaVersion`, `formatVersion`).
    async fn source(&self) -> Option<Json<serde_json::Value>> {
        self.0.source.clone().map(Json)
    }
    /// Why it failed.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// The background job doing the work.
    async fn job_id(&self) -> ID {
        ID(self.0.job_id.0.to_string())
    }
    /// Who asked for it.
    async fn created_by_id(&self) -> ID {
        ID(self.0.created_by.0.to_string())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

/// A download link for a backup archive.
#[derive(SimpleObject)]
pub struct BackupLink {
    /// Path to GET, relative to the server (`/downloads/gxd_…`); no bearer
    /// token needed, so a browser can open it.
    url: String,
    /// The archive's name.
    file_name: String,
    /// When the link stops working (10 minutes).
    expires_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct BackupQuery;

#[Object]
impl BackupQuery {
    /// The company's backups and restores, newest first, whoever made them.
    /// Maintenance role and admins only.
    async fn backups(&self, ctx: &Context<'_>, #[graphql(default = 50)] limit: i32) -> ApiResult<Vec<Backup>> {
        let limit = pagination::limit(limit, 200)?;
        ctx.read(async |tx| Ok(store::list(tx, limit).await?.into_iter().map(Backup).collect())).await
    }

    /// One backup or restore. Maintenance role and admins only.
    async fn backup(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Backup> {
        let id = parse_id::<uuid::Uuid>(&id, "id")?;
        ctx.read(async |tx| Ok(Backup(store::get(tx, id).await?))).await
    }
}

#[derive(Default)]
pub struct BackupMutation;

#[Object]
impl BackupMutation {
    /// Start a full backup of the company: every table as JSON lines, the
    /// customers' photos and the plugin modules, in one ZIP archive with a
    /// manifest of checksums. A background job: poll `backup(id)` for
    /// progress. Maintenance role and admins only; audited.
    async fn create_backup(&self, ctx: &Context<'_>) -> ApiResult<Backup> {
        ctx.write(async |tx| {
            let b = store::start_backup(tx).await?;
            Ok(Backup(b))
        })
        .await
    }

    /// A short-lived download link for a finished backup's archive.
    /// Maintenance role and admins only; audited.
    async fn backup_download_link(&self, ctx: &Context<'_>, id: ID) -> ApiResult<BackupLink> {
        let id = parse_id::<uuid::Uuid>(&id, "id")?;
        let link = ctx.write(async |tx| Ok(store::download_link(tx, id).await?)).await?;
        Ok(BackupLink {
            url: format!("/downloads/{}", link.token),
            file_name: link.file_name,
            expires_at: link.expires_at,
        })
    }

    /// Restore a backup archive (multipart upload) into the caller's
    /// company, which must be empty: just signed up, its admin (the caller)
    /// its only user, no data. The archive is checked completely first (a
    /// damaged, tampered or foreign file is `VALIDATION_FAILED` on `file`);
    /// then a background job writes everything in one transaction: poll
    /// `backup(id)`. Maintenance role and admins only; audited.
    async fn restore_backup(&self, ctx: &Context<'_>, file: Upload) -> ApiResult<Backup> {
        let upload = read_upload(ctx, &file)?;
        ctx.write(async |tx| {
            let b = store::start_restore(tx, upload.content, &upload.filename).await?;
            Ok(Backup(b))
        })
        .await
    }
}
