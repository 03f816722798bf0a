//! Backups and restores of a whole company, for the maintenance role
//! (系统维护员, whose one job is backup) and admins.
//!
//! A **backup** ([`start_backup`], then the `backup.create` job running
//! [`run_backup`]) reads every table of the company in one read-only
//! snapshot transaction and streams it, row by row, into a ZIP archive under
//! `<data_dir>/backups/<tenant>/` (see [`archive`] for the layout), with the
//! company's photos and plugin modules. Only one row and one file buffer are
//! in memory at a time. The archive is downloaded through a short-lived link
//! ([`download_link`], `GET /downloads/{token}`).
//!
//! A **restore** ([`start_restore`], then the `backup.restore` job running
//! [`run_restore`]) checks the uploaded archive completely (format, schema
//! version, the exact member list, every size, row count and SHA-256) before
//! anything is written, then writes every row in **one transaction** into
//! the caller's own company, which must be empty (see [`ensure_empty`]). Ids
//! are kept, which is safe because every key is `(tenant_id, id)`: the only
//! id rewritten is that of a backed-up user with the caller's e-mail, who
//! becomes the caller (so the caller keeps their password and session).
//! Users arrive with their password hashes (argon2id, valid on any
//! installation); sessions, API keys, invitations and links never travel.

pub mod archive;
pub mod tables;

use std::collections::HashSet;
use std::future::Future;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use futures::StreamExt;
use guanxi_core::{Action, CustomerId, Error, FieldError, JobId, Result, TenantId, UserId};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, StreamTrait};
use serde_json::{Value, json};
use uuid::Uuid;

use self::archive::{ArchiveWriter, Excluded, FileEntry, Manifest, TableEntry};
use self::tables::{ColType, Encoded, IdMap, Table};
use crate::audit::AuditAction;
use crate::auth::Principal;
use crate::db::{Access, Backend, RequestMeta, Store, StoreConfig, TenantTx, db_err, statement};
use crate::downloads::{self, IssuedLink};
use crate::entity::{backup, job, user};
use crate::jobs::{self, Progress};
use crate::{audit, customers};

/// The job kind that makes an archive.
pub const BACKUP_JOB: &str = "backup.create";
/// The job kind that restores one.
pub const RESTORE_JOB: &str = "backup.restore";
/// The `downloads.kind` of an archive's link.
pub const DOWNLOAD_KIND: &str = "backup";
/// Rows written per insert statement by a restore.
const INSERT_BATCH: usize = 200;

/// A backup (an archive made) or a restore (an archive read back).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupKind {
    /// An archive of the company.
    Backup,
    /// An archive written into the company.
    Restore,
}

impl BackupKind {
    fn as_str(self) -> &'static str {
        match self {
            BackupKind::Backup => "backup",
            BackupKind::Restore => "restore",
        }
    }
}

/// Where a backup or restore stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupStatus {
    /// Waiting for its job.
    Queued,
    /// Its job is working.
    Running,
    /// Done.
    Succeeded,
    /// Stopped with an error (`error` says which); a restore wrote nothing.
    Failed,
}

impl BackupStatus {
    fn as_str(self) -> &'static str {
        match self {
            BackupStatus::Queued => "queued",
            BackupStatus::Running => "running",
            BackupStatus::Succeeded => "succeeded",
            BackupStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> BackupStatus {
        match s {
            "running" => BackupStatus::Running,
            "succeeded" => BackupStatus::Succeeded,
            "failed" => BackupStatus::Failed,
            _ => BackupStatus::Queued,
        }
    }
}

/// A backup or restore with its job's progress.
#[derive(Clone, Debug)]
pub struct BackupRecord {
    /// Id.
    pub id: Uuid,
    /// Backup or restore.
    pub kind: BackupKind,
    /// Where it stands.
    pub status: BackupStatus,
    /// The job doing the work.
    pub job_id: JobId,
    /// The archive's name.
    pub file_name: String,
    /// The archive's size in bytes, once known.
    pub size_bytes: Option<i64>,
    /// The archive's SHA-256, hex, once known.
    pub sha256: Option<String>,
    /// Tables in the archive.
    pub tables: Option<i32>,
    /// Rows in the archive.
    pub rows: Option<i64>,
    /// Photos and plugin modules in the archive.
    pub files: Option<i32>,
    /// A restore: the archive's origin (company, time, schema version).
    pub source: Option<Value>,
    /// Why it failed.
    pub error: Option<String>,
    /// Who asked for it.
    pub created_by: UserId,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
    /// Units of work done (rows and files).
    pub progress_done: i64,
    /// Units of work in all, when known.
    pub progress_total: Option<i64>,
    /// What the job is doing now.
    pub progress_note: Option<String>,
}

fn backup_dir(cfg: &StoreConfig, tenant: TenantId) -> PathBuf {
    cfg.data_dir.join("backups").join(tenant.0.simple().to_string())
}

fn archive_path(cfg: &StoreConfig, tenant: TenantId, id: Uuid) -> PathBuf {
    backup_dir(cfg, tenant).join(format!("{}.zip", id.simple()))
}

/// Where a file member of an archive goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileTarget {
    /// A customer's photo.
    Photo(CustomerId, String),
    /// A binary column's value, e.g. a plugin module.
    Blob,
}

/// What a file member's name says it is; `None` for anything else, which a
/// restore refuses (so no member can name a path outside its place).
pub(crate) fn file_target(path: &str) -> Option<FileTarget> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["photos", customer, name] if customers::photo::valid_name(name) && customer.len() == 32 => {
            Uuid::try_parse(customer).ok().map(|c| FileTarget::Photo(CustomerId(c), (*name).to_owned()))
        }
        ["plugins", file] => {
            file.strip_suffix(".wasm").and_then(|id| Uuid::try_parse(id).ok()).map(|_| FileTarget::Blob)
        }
        ["blobs", table, column, id] if tables::BACKED_UP.contains(table) && !column.is_empty() => {
            Uuid::try_parse(id).ok().map(|_| FileTarget::Blob)
        }
        _ => None,
    }
}

/// The member that holds `table.column` of row `id`.
fn blob_path(table: &str, column: &str, id: Uuid) -> String {
    if (table, column) == ("plugin_versions", "module") {
        format!("plugins/{}.wasm", id.simple())
    } else {
        format!("blobs/{table}/{column}/{}", id.simple())
    }
}

/// Every migration this build knows, oldest first: an archive's schema
/// version must be one of them.
fn schema_versions() -> Vec<String> {
    guanxi_migration::migration_names()
}

/// [`archive::verify`] against this build's schema versions, on a blocking thread.
async fn verify(path: PathBuf) -> Result<Manifest> {
    tokio::task::spawn_blocking(move || {
        let versions = schema_versions();
        let known: Vec<&str> = versions.iter().map(String::as_str).collect();
        archive::verify(&path, &known)
    })
    .await
    .map_err(Error::internal)?
}

async fn find(tx: &TenantTx, id: Uuid) -> Result<backup::Model> {
    tx.select::<backup::Entity>()
        .filter(backup::Column::Id.eq(id))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("backup"))
}

/// Whether the job behind an unfinished backup has ended without saying so
/// (cancelled, or stopped by a panic or a lost worker): the backup failed.
fn job_gave_up(m: &backup::Model, job: Option<&job::Model>) -> bool {
    let open = [BackupStatus::Queued.as_str(), BackupStatus::Running.as_str()].contains(&m.status.as_str());
    open && job.is_none_or(|j| ["failed", "cancelled", "succeeded"].contains(&j.status.as_str()))
}

fn record(m: backup::Model, job: Option<&job::Model>) -> BackupRecord {
    let gave_up = job_gave_up(&m, job);
    BackupRecord {
        id: m.id,
        kind: if m.kind == "restore" { BackupKind::Restore } else { BackupKind::Backup },
        status: if gave_up { BackupStatus::Failed } else { BackupStatus::parse(&m.status) },
        job_id: JobId(m.job_id),
        file_name: m.file_name,
        size_bytes: m.size_bytes,
        sha256: m.sha256,
        tables: m.tables,
        rows: m.rows,
        files: m.files,
        source: m.source,
        error: if gave_up {
            Some(job.and_then(|j| j.error.clone()).unwrap_or_else(|| "the job ended".to_owned()))
        } else {
            m.error
        },
        created_by: UserId(m.created_by),
        created_at: m.created_at,
        finished_at: m.finished_at,
        // A finished run is complete, whatever its job's last report said
        // (the last report of a restore on SQLite comes after its commit).
        progress_done: match (m.status.as_str(), job.and_then(|j| j.progress_total)) {
            ("succeeded", Some(total)) => total,
            _ => job.map_or(0, |j| j.progress_done),
        },
        progress_total: job.and_then(|j| j.progress_total),
        progress_note: job.and_then(|j| j.progress_note.clone()),
    }
}

async fn with_jobs(tx: &TenantTx, rows: Vec<backup::Model>) -> Result<Vec<BackupRecord>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.job_id).collect();
    let jobs = tx.select::<job::Entity>().filter(job::Column::Id.is_in(ids)).all(tx.conn()).await.map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let j = jobs.iter().find(|j| j.id == r.job_id);
            record(r, j)
        })
        .collect())
}

/// One backup or restore of the company (maintenance role and admins).
pub async fn get(tx: &TenantTx, id: Uuid) -> Result<BackupRecord> {
    tx.actor()?.authorize(&Action::BackupRestore)?;
    let m = find(tx, id).await?;
    Ok(with_jobs(tx, vec![m]).await?.remove(0))
}

/// The company's backups and restores, newest first (at most `limit`, 1 to
/// 200), whoever made them (maintenance role and admins).
pub async fn list(tx: &TenantTx, limit: u64) -> Result<Vec<BackupRecord>> {
    tx.actor()?.authorize(&Action::BackupRestore)?;
    let rows = tx
        .select::<backup::Entity>()
        .order_by_desc(backup::Column::CreatedAt)
        .order_by_desc(backup::Column::Id)
        .limit(limit.clamp(1, 200))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    with_jobs(tx, rows).await
}

/// Whether a backup or restore of this kind is queued or running (and its
/// job has not ended).
async fn under_way(tx: &TenantTx, kind: BackupKind) -> Result<bool> {
    let open = tx
        .select::<backup::Entity>()
        .filter(backup::Column::Kind.eq(kind.as_str()))
        .filter(backup::Column::Status.is_in([BackupStatus::Queued.as_str(), BackupStatus::Running.as_str()]))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(with_jobs(tx, open).await?.iter().any(|b| matches!(b.status, BackupStatus::Queued | BackupStatus::Running)))
}

async fn insert(
    tx: &TenantTx,
    id: Uuid,
    kind: BackupKind,
    job: JobId,
    file_name: &str,
    source: Option<Value>,
) -> Result<()> {
    tx.insert(backup::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(id),
        kind: Set(kind.as_str().to_owned()),
        status: Set(BackupStatus::Queued.as_str().to_owned()),
        job_id: Set(job.0),
        file_name: Set(file_name.to_owned()),
        size_bytes: Set(None),
        sha256: Set(None),
        tables: Set(None),
        rows: Set(None),
        files: Set(None),
        source: Set(source),
        error: Set(None),
        created_by: Set(tx.actor()?.user_id.0),
        created_at: Set(tx.now),
        finished_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Queue a full backup of the company (maintenance role and admins);
/// audited. One backup at a time: another one under way is `CONFLICT`.
pub async fn start_backup(tx: &TenantTx) -> Result<BackupRecord> {
    tx.actor()?.authorize(&Action::BackupRestore)?;
    if under_way(tx, BackupKind::Backup).await? {
        return Err(Error::Conflict(FieldError::new("backup", "running", "a backup of this company is under way")));
    }
    let id = Uuid::now_v7();
    let file_name = format!("guanxi-backup-{}.zip", tx.now.format("%Y%m%d-%H%M%S"));
    let job = jobs::enqueue(tx, BACKUP_JOB, json!({ "backupId": id }), None).await?;
    insert(tx, id, BackupKind::Backup, job, &file_name, None).await?;
    audit::record(tx, AuditAction::BackupCreate, "backup", Some(id), json!({ "job": job.0 })).await?;
    get(tx, id).await
}

/// A download link for a finished backup's archive (maintenance role and
/// admins); audited.
pub async fn download_link(tx: &TenantTx, id: Uuid) -> Result<IssuedLink> {
    tx.actor()?.authorize(&Action::BackupRestore)?;
    let m = find(tx, id).await?;
    if m.kind != BackupKind::Backup.as_str() {
        return Err(Error::NotFound("backup"));
    }
    if m.status != BackupStatus::Succeeded.as_str() {
        return Err(Error::Conflict(FieldError::new("id", "not_ready", "the backup has not finished")));
    }
    audit::record(tx, AuditAction::BackupDownload, "backup", Some(id), json!({ "sha256": m.sha256 })).await?;
    downloads::issue(tx, DOWNLOAD_KIND, json!({ "backupId": id }), &m.file_name).await
}

/// The archive a backup link downloads, checked against the rights its user
/// has now: the file's path and size.
pub async fn archive_for_download(tx: &TenantTx, params: &Value) -> Result<(PathBuf, u64)> {
    tx.actor()?.authorize(&Action::BackupRestore)?;
    let id = params
        .get("backupId")
        .and_then(Value::as_str)
        .and_then(|s| Uuid::try_parse(s).ok())
        .ok_or(Error::NotFound("download"))?;
    let m = find(tx, id).await?;
    if m.kind != BackupKind::Backup.as_str() || m.status != BackupStatus::Succeeded.as_str() {
        return Err(Error::NotFound("download"));
    }
    let path = archive_path(&tx.cfg, tx.tenant_id(), id);
    let size = tokio::fs::metadata(&path).await.map_err(|_| Error::NotFound("download"))?.len();
    Ok((path, size))
}

/// Set a backup's status (and, when it ends, what it produced).
async fn finish(
    tx: &TenantTx,
    id: Uuid,
    status: BackupStatus,
    summary: Option<&Summary>,
    error: Option<String>,
) -> Result<()> {
    let mut q = tx
        .update_many::<backup::Entity>()
        .col_expr(backup::Column::Status, Expr::value(status.as_str()))
        .col_expr(backup::Column::Error, Expr::value(error))
        .filter(backup::Column::Id.eq(id));
    if status != BackupStatus::Running {
        q = q.col_expr(backup::Column::FinishedAt, Expr::value(Some(tx.now)));
    }
    if let Some(s) = summary {
        q = q
            .col_expr(backup::Column::SizeBytes, Expr::value(s.size_bytes))
            .col_expr(backup::Column::Sha256, Expr::value(s.sha256.clone()))
            .col_expr(backup::Column::Tables, Expr::value(s.tables))
            .col_expr(backup::Column::Rows, Expr::value(s.rows))
            .col_expr(backup::Column::Files, Expr::value(s.files));
    }
    q.exec(tx.conn()).await.map_err(db_err)?;
    Ok(())
}

/// What an archive holds.
#[derive(Clone, Debug, Default)]
struct Summary {
    size_bytes: Option<i64>,
    sha256: Option<String>,
    tables: i32,
    rows: i64,
    files: i32,
}

impl Summary {
    fn of(m: &Manifest) -> Summary {
        Summary {
            size_bytes: None,
            sha256: None,
            tables: i32::try_from(m.tables.len()).unwrap_or(i32::MAX),
            rows: m.tables.iter().map(|t| i64::try_from(t.rows).unwrap_or(i64::MAX)).sum(),
            files: i32::try_from(m.files.len()).unwrap_or(i32::MAX),
        }
    }

    fn json(&self) -> Value {
        json!({ "tables": self.tables, "rows": self.rows, "files": self.files, "sizeBytes": self.size_bytes, "sha256": self.sha256 })
    }
}

/// Mark the start of a run; `None` when the backup has ended already (a
/// repeated delivery of its job).
async fn begin_run(
    store: &Store,
    who: &Principal,
    meta: &RequestMeta,
    id: Uuid,
    kind: BackupKind,
) -> Result<Option<backup::Model>> {
    let tx = store.tenant_tx(who, Access::Write, meta).await?;
    tx.actor()?.authorize(&Action::BackupRestore)?;
    let m = find(&tx, id).await?;
    if m.kind != kind.as_str() {
        return Err(Error::NotFound("backup"));
    }
    if m.status == BackupStatus::Succeeded.as_str() {
        return Ok(None);
    }
    finish(&tx, id, BackupStatus::Running, None, None).await?;
    tx.commit().await?;
    Ok(Some(m))
}

/// Record a failed run; the error a client may see, never internals.
async fn record_failure(store: &Store, who: &Principal, meta: &RequestMeta, id: Uuid, e: &Error) -> Result<()> {
    let message = match e {
        Error::Internal(_) | Error::Unavailable(_) => "internal error".to_owned(),
        other => other.to_string(),
    };
    let tx = store.tenant_tx(who, Access::Write, meta).await?;
    finish(&tx, id, BackupStatus::Failed, None, Some(message.chars().take(1000).collect())).await?;
    tx.commit().await
}

/// Run a backup: called by the `backup.create` job as the user who asked.
/// `progress(done, total, note)` is called between tables, while the
/// snapshot is open on its reader (progress is written by the writer).
pub async fn run_backup<F, Fut>(
    store: &Store,
    who: &Principal,
    meta: &RequestMeta,
    id: Uuid,
    progress: F,
) -> Result<Value>
where
    F: FnMut(i64, i64, &'static str) -> Fut + Send,
    Fut: Future<Output = Result<Progress>> + Send,
{
    let Some(_) = begin_run(store, who, meta, id, BackupKind::Backup).await? else {
        return Ok(json!({ "backupId": id, "status": "succeeded" }));
    };
    match write_backup(store, who, meta, id, progress).await {
        Ok(summary) => {
            let tx = store.tenant_tx(who, Access::Write, meta).await?;
            finish(&tx, id, BackupStatus::Succeeded, Some(&summary), None).await?;
            tx.commit().await?;
            Ok(summary.json())
        }
        Err(e) => {
            record_failure(store, who, meta, id, &e).await?;
            Err(e)
        }
    }
}

async fn write_backup<F, Fut>(
    store: &Store,
    who: &Principal,
    meta: &RequestMeta,
    id: Uuid,
    mut progress: F,
) -> Result<Summary>
where
    F: FnMut(i64, i64, &'static str) -> Fut + Send,
    Fut: Future<Output = Result<Progress>> + Send,
{
    // The snapshot is read on a connection apart from the writer (always,
    // but for an in-memory SQLite database), so progress can be written
    // while it is open.
    let live = store.reads_beside_writes();
    let snap = store.tenant_tx(who, Access::Snapshot, meta).await?;
    let tenant = snap.tenant_id();
    let backend = snap.conn().get_database_backend();
    let catalog = tables::catalog(snap.conn()).await?;
    let list = tables::backed_up(&catalog)?;
    let mut total = 0i64;
    for t in &list {
        let row = snap
            .conn()
            .query_one(statement(
                backend,
                &format!("SELECT COUNT(*) AS n FROM {} WHERE tenant_id = $1", tables::quote(&t.name)),
                vec![tenant.0.into()],
            ))
            .await
            .map_err(db_err)?;
        total += row.map(|r| r.try_get::<i64>("", "n")).transpose().map_err(db_err)?.unwrap_or(0);
    }
    let dir = backup_dir(&snap.cfg, tenant);
    tokio::fs::create_dir_all(&dir).await.map_err(Error::internal)?;
    let tmp = dir.join(format!(".{}.tmp", id.simple()));
    let mut w = ArchiveWriter::create(&tmp)?;
    let mut manifest = Manifest {
        format: archive::FORMAT.to_owned(),
        format_version: archive::FORMAT_VERSION,
        schema_version: schema_versions().last().cloned().unwrap_or_default(),
        tenant_id: tenant.0,
        tenant_name: String::new(),
        created_at: snap.now,
        created_by: snap.actor()?.user_id.0,
        tables: Vec::new(),
        files: Vec::new(),
        excluded: tables::EXCLUDED
            .iter()
            .map(|(t, r)| Excluded { table: (*t).to_owned(), reason: (*r).to_owned() })
            .collect(),
    };
    let mut done = 0i64;
    for t in &list {
        let (entry, name) = dump_table(&snap, t, &mut w).await?;
        if let Some(name) = name {
            manifest.tenant_name = name;
        }
        done += i64::try_from(entry.rows).unwrap_or(i64::MAX);
        manifest.tables.push(entry);
        for c in t.data_columns().filter(|c| c.ty == ColType::Bytes) {
            manifest.files.extend(dump_blobs(&snap, t, &c.name, &mut w).await?);
        }
        if live && progress(done, total, "copying tables").await? == Progress::Cancelled {
            return Err(Error::Conflict(FieldError::new("backup", "cancelled", "the backup was cancelled")));
        }
    }
    snap.commit().await?;
    manifest.files.extend(dump_photos(&store.cfg, tenant, &mut w)?);
    progress(done, total, "writing the archive").await?;
    w.finish(&manifest)?;
    let path = archive_path(&store.cfg, tenant, id);
    tokio::fs::rename(&tmp, &path).await.map_err(Error::internal)?;
    let (size, sha256) = {
        let p = path.clone();
        tokio::task::spawn_blocking(move || file_digest(&p)).await.map_err(Error::internal)??
    };
    let mut summary = Summary::of(&manifest);
    summary.size_bytes = Some(i64::try_from(size).unwrap_or(i64::MAX));
    summary.sha256 = Some(sha256);
    Ok(summary)
}

fn file_digest(path: &Path) -> Result<(u64, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(Error::internal)?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(Error::internal)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hash.update(&buf[..n]);
    }
    Ok((size, hex::encode(hash.finalize())))
}

/// Stream one table into its member, a row at a time; also the company's
/// name when the table is `tenants`.
async fn dump_table(tx: &TenantTx, t: &Table, w: &mut ArchiveWriter) -> Result<(TableEntry, Option<String>)> {
    let path = format!("tables/{}.jsonl", t.name);
    w.begin(&path)?;
    let backend = tx.conn().get_database_backend();
    let mut name = None;
    let mut stream = tx.conn().stream(t.select(backend, tx.tenant_id().0)).await.map_err(db_err)?;
    while let Some(row) = stream.next().await {
        let row = row.map_err(db_err)?;
        let mut obj = serde_json::Map::new();
        for c in t.data_columns() {
            let v = match tables::read(&row, c)? {
                Encoded::Value(v) => v,
                Encoded::Binary => {
                    let rid = obj.get("id").and_then(Value::as_str).and_then(|s| Uuid::try_parse(s).ok()).ok_or_else(
                        || Error::Internal(format!("backup: {} has binary values but no id", t.name).into()),
                    )?;
                    json!({ "$file": blob_path(&t.name, &c.name, rid) })
                }
            };
            obj.insert(c.name.clone(), v);
        }
        if t.name == "tenants" {
            name = obj.get("name").and_then(Value::as_str).map(str::to_owned);
        }
        let mut line = serde_json::to_vec(&Value::Object(obj)).map_err(Error::internal)?;
        line.push(b'\n');
        w.write(&line)?;
    }
    drop(stream);
    let (sha256, bytes, rows) = w.end()?;
    let columns = t.data_columns().map(|c| c.name.clone()).collect();
    Ok((TableEntry { name: t.name.clone(), path, columns, rows, bytes, sha256 }, name))
}

/// Each binary value of `t.column` as its own member.
async fn dump_blobs(tx: &TenantTx, t: &Table, column: &str, w: &mut ArchiveWriter) -> Result<Vec<FileEntry>> {
    let backend = tx.conn().get_database_backend();
    let sql = format!(
        "SELECT id, {c} FROM {t} WHERE tenant_id = $1 AND {c} IS NOT NULL ORDER BY id",
        c = tables::quote(column),
        t = tables::quote(&t.name)
    );
    let mut stream = tx.conn().stream(statement(backend, &sql, vec![tx.tenant_id().0.into()])).await.map_err(db_err)?;
    let mut out = Vec::new();
    while let Some(row) = stream.next().await {
        let row = row.map_err(db_err)?;
        let id: Uuid = row.try_get("", "id").map_err(db_err)?;
        let bytes: Vec<u8> = row.try_get("", column).map_err(db_err)?;
        out.push(w.add(&blob_path(&t.name, column, id), &bytes)?);
    }
    Ok(out)
}

/// The company's photo files, as `photos/<customer>/<name>`. Files that are
/// not ours (temporary names) are left out.
fn dump_photos(cfg: &StoreConfig, tenant: TenantId, w: &mut ArchiveWriter) -> Result<Vec<FileEntry>> {
    let root = cfg.data_dir.join("photos").join(tenant.0.simple().to_string());
    let mut out = Vec::new();
    let Ok(customers) = std::fs::read_dir(&root) else { return Ok(out) };
    let mut dirs: Vec<_> = customers.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    dirs.sort();
    for d in dirs {
        let Some(customer) = d.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        let Ok(files) = std::fs::read_dir(&d) else { continue };
        let mut files: Vec<_> = files.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let Some(name) = f.file_name().and_then(|n| n.to_str()) else { continue };
            let member = format!("photos/{customer}/{name}");
            if file_target(&member).is_some() {
                out.push(w.copy_file(&member, &f)?);
            }
        }
    }
    Ok(out)
}

/// Tables an empty company may already have rows in, besides those a backup
/// leaves out: its own row, its one user, and the audit entries of its
/// sign-up and of the restore itself.
const ALLOWED_IN_EMPTY: &[&str] = &["tenants", "users", "audit_log"];

/// A restore writes only into an **empty company**: one whose only user is
/// the caller, an admin (a company just signed up for the purpose), and that
/// has no rows in any backed-up table other than its own row and its audit
/// log. Rows in tables a backup leaves out (the caller's sessions and API
/// keys, mail, jobs, links, earlier restores) do not count. `CONFLICT`
/// otherwise, naming the first table that holds data.
pub async fn ensure_empty(tx: &TenantTx) -> Result<()> {
    let actor = tx.actor()?;
    let not_empty = |what: &str| {
        Error::Conflict(FieldError::new(
            "company",
            "not_empty",
            format!("a backup restores only into an empty company (one admin, no data): {what}"),
        ))
    };
    let users = tx.select::<user::Entity>().limit(2).all(tx.conn()).await.map_err(db_err)?;
    if users.len() != 1 || users[0].id != actor.user_id.0 || users[0].role != "admin" {
        return Err(not_empty("the company has other users"));
    }
    let backend = tx.conn().get_database_backend();
    let catalog = tables::catalog(tx.conn()).await?;
    for t in tables::backed_up(&catalog)?.iter().filter(|t| !ALLOWED_IN_EMPTY.contains(&t.name.as_str())) {
        let sql = format!("SELECT 1 AS one FROM {} WHERE tenant_id = $1 LIMIT 1", tables::quote(&t.name));
        if tx.conn().query_one(statement(backend, &sql, vec![tx.tenant_id().0.into()])).await.map_err(db_err)?.is_some()
        {
            return Err(not_empty(&format!("`{}` holds data", t.name)));
        }
    }
    Ok(())
}

/// Check an uploaded archive completely, keep it, and queue its restore
/// into the caller's company, which must be empty ([`ensure_empty`]);
/// audited. A damaged, tampered or foreign archive is refused here with
/// `VALIDATION_FAILED` on `file` and nothing is written.
pub async fn start_restore<B>(tx: &TenantTx, upload: B, file_name: &str) -> Result<BackupRecord>
where
    B: AsRef<[u8]> + Send + 'static,
{
    tx.actor()?.authorize(&Action::BackupRestore)?;
    if under_way(tx, BackupKind::Restore).await? {
        return Err(Error::Conflict(FieldError::new("company", "running", "a restore into this company is under way")));
    }
    ensure_empty(tx).await?;
    let id = Uuid::now_v7();
    let dir = backup_dir(&tx.cfg, tx.tenant_id());
    tokio::fs::create_dir_all(&dir).await.map_err(Error::internal)?;
    let path = archive_path(&tx.cfg, tx.tenant_id(), id);
    let manifest = {
        let to = path.clone();
        tokio::task::spawn_blocking(move || std::fs::write(&to, upload.as_ref()).map_err(Error::internal))
            .await
            .map_err(Error::internal)??;
        let verified = verify(path.clone()).await;
        if verified.is_err() {
            let _ = tokio::fs::remove_file(&path).await;
        }
        verified?
    };
    let source = json!({
        "tenantId": manifest.tenant_id,
        "tenantName": manifest.tenant_name,
        "createdAt": manifest.created_at,
        "schemaVersion": manifest.schema_version,
        "formatVersion": manifest.format_version,
    });
    let summary = Summary::of(&manifest);
    let total = summary.rows + i64::from(summary.files);
    let job = jobs::enqueue(tx, RESTORE_JOB, json!({ "restoreId": id }), Some(total)).await?;
    let name: String = file_name.chars().take(200).collect();
    insert(tx, id, BackupKind::Restore, job, &name, Some(source.clone())).await?;
    finish_counts(tx, id, &summary).await?;
    audit::record(tx, AuditAction::BackupRestore, "backup", Some(id), json!({ "source": source, "job": job.0 }))
        .await?;
    get(tx, id).await
}

async fn finish_counts(tx: &TenantTx, id: Uuid, s: &Summary) -> Result<()> {
    tx.update_many::<backup::Entity>()
        .col_expr(backup::Column::Tables, Expr::value(s.tables))
        .col_expr(backup::Column::Rows, Expr::value(s.rows))
        .col_expr(backup::Column::Files, Expr::value(s.files))
        .filter(backup::Column::Id.eq(id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Run a restore: called by the `backup.restore` job as the user who asked.
/// Every row is written in one transaction: a failure leaves the company as
/// it was. Progress is reported while writing on PostgreSQL; on SQLite (one
/// connection, held by the transaction) only before and after.
pub async fn run_restore<F, Fut>(
    store: &Store,
    who: &Principal,
    meta: &RequestMeta,
    id: Uuid,
    mut progress: F,
) -> Result<Value>
where
    F: FnMut(i64, i64, &'static str) -> Fut + Send,
    Fut: Future<Output = Result<Progress>> + Send,
{
    let Some(_) = begin_run(store, who, meta, id, BackupKind::Restore).await? else {
        return Ok(json!({ "restoreId": id, "status": "succeeded" }));
    };
    let path = archive_path(&store.cfg, who.tenant_id(), id);
    let verified = verify(path.clone()).await;
    let mut written = Vec::new();
    let outcome = match verified {
        Ok(manifest) => {
            let summary = Summary::of(&manifest);
            let total = summary.rows + i64::from(summary.files);
            progress(0, total, "checked the archive; writing").await?;
            let total_done = total;
            let run = async {
                let tx = store.tenant_tx(who, Access::Write, meta).await?;
                let live = store.backend() == Backend::Postgres;
                restore_into(&tx, &manifest, &path, &mut written, |d| {
                    let go = live.then(|| progress(d, total, "writing rows"));
                    async move {
                        match go {
                            Some(f) => f.await,
                            None => Ok(Progress::Continue),
                        }
                    }
                })
                .await?;
                crate::workflows::after_restore(&tx).await?;
                finish(&tx, id, BackupStatus::Succeeded, Some(&summary), None).await?;
                audit::record(&tx, AuditAction::BackupRestored, "backup", Some(id), summary.json()).await?;
                // Rows were replaced wholesale, without their own events.
                tx.emit(guanxi_core::DomainEvent::CompanyRestored { restore: id });
                tx.commit().await?;
                Ok::<_, Error>((summary, total_done))
            };
            run.await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok((summary, total)) => {
            progress(total, total, "restored").await?;
            Ok(summary.json())
        }
        Err(e) => {
            for f in written {
                let _ = tokio::fs::remove_file(f).await;
            }
            record_failure(store, who, meta, id, &e).await?;
            Err(e)
        }
    }
}

/// A line of a table's member as a JSON object.
fn parse_row(table: &str, line: &str) -> Result<serde_json::Map<String, Value>> {
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(o)) => Ok(o),
        _ => Err(Error::invalid("file", "invalid_row", format!("a row of {table} is not a JSON object"))),
    }
}

async fn restore_into<P, PF>(
    tx: &TenantTx,
    manifest: &Manifest,
    path: &Path,
    written: &mut Vec<PathBuf>,
    mut progress: P,
) -> Result<()>
where
    P: FnMut(i64) -> PF + Send,
    PF: Future<Output = Result<Progress>> + Send,
{
    ensure_empty(tx).await?;
    let caller = tx.actor()?.user_id;
    let tenant = tx.tenant_id();
    let backend = tx.conn().get_database_backend();
    let catalog = tables::catalog(tx.conn()).await?;
    let caller_email = tx
        .select::<user::Entity>()
        .filter(user::Column::Id.eq(caller.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .map(|u| u.email.to_lowercase())
        .unwrap_or_default();
    let mut map = IdMap::new();
    let mut skip: HashSet<Uuid> = HashSet::new();
    if let Some(users) = manifest.tables.iter().find(|t| t.name == "users") {
        let mut rx = archive::stream_lines(path, &users.path, INSERT_BATCH);
        while let Some(batch) = rx.recv().await {
            for line in batch? {
                let row = parse_row("users", &line)?;
                let email = row.get("email").and_then(Value::as_str).map(str::to_lowercase);
                let id = row.get("id").and_then(Value::as_str).and_then(|s| Uuid::try_parse(s).ok());
                if let (Some(email), Some(id)) = (email, id)
                    && email == caller_email
                {
                    map.insert(id, caller.0);
                    skip.insert(id);
                }
            }
        }
    }
    let mut done = 0i64;
    for entry in &manifest.tables {
        let Some(table) = catalog.get(&entry.name) else {
            return Err(archive::refused("newer_schema", format!("this installation has no table `{}`", entry.name)));
        };
        let mut columns = Vec::new();
        for name in &entry.columns {
            let col = table.columns.iter().find(|c| &c.name == name && c.name != "tenant_id").ok_or_else(|| {
                archive::refused("newer_schema", format!("this installation has no column `{}.{name}`", entry.name))
            })?;
            columns.push(col.clone());
        }
        let mut rx = archive::stream_lines(path, &entry.path, INSERT_BATCH);
        let mut rows = 0u64;
        while let Some(batch) = rx.recv().await {
            let batch = batch?;
            rows += batch.len() as u64;
            if entry.name == "tenants" {
                restore_tenant_row(tx, table, &columns, &batch, &map).await?;
                continue;
            }
            let mut insert = Query::insert();
            insert.into_table(Alias::new(entry.name.as_str()));
            insert.columns(
                std::iter::once(Alias::new("tenant_id")).chain(columns.iter().map(|c| Alias::new(c.name.as_str()))),
            );
            let mut any = false;
            for line in batch {
                let mut row = parse_row(&entry.name, &line)?;
                if entry.name == "users"
                    && row
                        .get("id")
                        .and_then(Value::as_str)
                        .and_then(|s| Uuid::try_parse(s).ok())
                        .is_some_and(|id| skip.contains(&id))
                {
                    continue;
                }
                let mut values: Vec<sea_orm::sea_query::SimpleExpr> = vec![tenant.0.into()];
                for c in &columns {
                    let v = row.remove(&c.name).unwrap_or(Value::Null);
                    let bytes = match v.get("$file").and_then(Value::as_str) {
                        Some(member) if c.ty == ColType::Bytes => Some(read_member(manifest, path, member).await?),
                        _ => None,
                    };
                    values.push(tables::bind(&entry.name, c, v, bytes, &map)?.into());
                }
                insert.values(values).map_err(|e| archive::refused("invalid_row", e.to_string()))?;
                any = true;
            }
            if any {
                tx.conn().execute(backend.build(&insert)).await.map_err(|e| restore_db_err(&entry.name, e))?;
            }
            done += i64::try_from(rows).unwrap_or(i64::MAX);
            if progress(done).await? == Progress::Cancelled {
                return Err(Error::Conflict(FieldError::new("company", "cancelled", "the restore was cancelled")));
            }
        }
        if rows != entry.rows {
            return Err(archive::refused(
                "tampered",
                format!("{} holds {rows} rows, its manifest says {}", entry.name, entry.rows),
            ));
        }
    }
    for f in &manifest.files {
        if let Some(FileTarget::Photo(customer, name)) = file_target(&f.path) {
            let bytes = read_member(manifest, path, &f.path).await?;
            let dir = customers::photo::dir(&tx.cfg, tenant, customer);
            tokio::fs::create_dir_all(&dir).await.map_err(Error::internal)?;
            let to = dir.join(&name);
            tokio::fs::write(&to, bytes).await.map_err(Error::internal)?;
            written.push(to);
        }
    }
    // The dashboards' summaries are worked out again from the restored
    // conversations and status history, in the restored time zone: the
    // conversation summary is not archived, and an older archive has no
    // status facts.
    crate::analytics::summaries::rebuild(tx).await
}

/// A database error while writing an archive's rows: rows that break a
/// rule of the schema (a duplicate key, a dangling reference) mean the
/// archive is not a consistent backup.
fn restore_db_err(table: &str, e: sea_orm::DbErr) -> Error {
    match e.sql_err() {
        Some(_) => archive::refused("invalid_row", format!("the rows of {table} do not fit this company: {e}")),
        None => db_err(e),
    }
}

/// The company's own row takes the backup's name, time zone, locale and
/// settings; its id, plan and creation time stay.
async fn restore_tenant_row(
    tx: &TenantTx,
    table: &Table,
    columns: &[tables::Column],
    batch: &[String],
    map: &IdMap,
) -> Result<()> {
    let [line] = batch else {
        return Err(archive::refused("tampered", "the archive must hold exactly one company row"));
    };
    let mut row = parse_row("tenants", line)?;
    let mut update = Query::update();
    update.table(Alias::new(table.name.as_str()));
    let mut any = false;
    for c in columns.iter().filter(|c| tables::RESTORED_TENANT_COLUMNS.contains(&c.name.as_str())) {
        let v = row.remove(&c.name).unwrap_or(Value::Null);
        update.value(Alias::new(c.name.as_str()), tables::bind("tenants", c, v, None, map)?);
        any = true;
    }
    if any {
        update.and_where(Expr::col(Alias::new("tenant_id")).eq(tx.tenant_id().0));
        let backend = tx.conn().get_database_backend();
        tx.conn().execute(backend.build(&update)).await.map_err(|e| restore_db_err("tenants", e))?;
    }
    Ok(())
}

/// A whole file member of a verified archive (bounded by its manifest size).
async fn read_member(manifest: &Manifest, path: &Path, member: &str) -> Result<Vec<u8>> {
    let entry = manifest
        .files
        .iter()
        .find(|f| f.path == member)
        .ok_or_else(|| archive::refused("tampered", format!("`{member}` is not in the manifest")))?;
    let (path, member, max) = (path.to_owned(), member.to_owned(), entry.bytes);
    tokio::task::spawn_blocking(move || archive::ArchiveReader::open(&path)?.read(&member, max))
        .await
        .map_err(Error::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_are_checked() {
        let photo = format!("photos/{}/{}.jpg", Uuid::nil().simple(), "a".repeat(64));
        assert!(matches!(file_target(&photo), Some(FileTarget::Photo(..))));
        assert_eq!(file_target(&format!("plugins/{}.wasm", Uuid::nil().simple())), Some(FileTarget::Blob));
        for bad in [
            "photos/../../etc/passwd",
            "photos/x/y.jpg",
            "plugins/../x.wasm",
            "blobs/sessions/token/00000000000000000000000000000000",
            "tables/customers.jsonl",
            "/etc/passwd",
        ] {
            assert_eq!(file_target(bad), None, "{bad}");
        }
    }
}
