//! The stored import: starting one (checked, stored with its file and its
//! job queued), reading it back for its starter or an admin, and its stored
//! file for the job.

use chrono::{DateTime, Utc};
use guanxi_core::custom_fields::FieldEntity;
use guanxi_core::customer::CustomerScope;
use guanxi_core::{Action, Error, ImportId, JobId, Result, Role, UserId, UserRef};
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::customers::{self};
use crate::db::{TenantTx, db_err};
use crate::entity::{import, import_file_chunk};
use crate::jobs;

use super::mapping::{column_warnings, resolve_mapping};
use super::options::{DedupKey, ImportOptions, NewImport, UploadedFile};
use super::report::{IssueSeverity, issue_row};
use super::{Format, JOB_KIND, validation};

/// Longest file name kept.
const MAX_FILE_NAME_CHARS: usize = 200;

/// Where an import stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Waiting for its job.
    Queued,
    /// Rows are being imported.
    Running,
    /// Every row was handled; see the counts and the report.
    Done,
    /// "All or nothing" found bad rows: nothing was imported.
    Rejected,
}

impl ImportStatus {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Queued => "queued",
            ImportStatus::Running => "running",
            ImportStatus::Done => "done",
            ImportStatus::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "queued" => ImportStatus::Queued,
            "running" => ImportStatus::Running,
            "done" => ImportStatus::Done,
            "rejected" => ImportStatus::Rejected,
            _ => return Err(Error::Internal("unknown import status".into())),
        })
    }
}

/// An import and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// Id.
    pub id: ImportId,
    /// The job that runs it.
    pub job_id: JobId,
    /// Who uploaded the file.
    pub created_by: UserId,
    /// The file's name.
    pub file_name: String,
    /// CSV or XLSX.
    pub format: Format,
    /// Where it stands.
    pub status: ImportStatus,
    /// Its options.
    pub options: ImportOptions,
    /// Data rows in the file.
    pub rows_total: i64,
    /// Rows handled so far.
    pub rows_done: i64,
    /// Customers created.
    pub created: i64,
    /// Customers updated.
    pub updated: i64,
    /// Duplicates left alone.
    pub skipped: i64,
    /// Rows refused.
    pub failed: i64,
    /// Uploaded.
    pub created_at: DateTime<Utc>,
    /// Ended.
    pub finished_at: Option<DateTime<Utc>>,
}

/// Check an import request, store the file and queue the job that runs it,
/// all in `tx`. Nothing is queued when the file cannot be read, no column
/// fills the name or the default owner is not one the caller may assign.
pub async fn start(tx: &TenantTx, input: NewImport) -> Result<Import> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let file_name: String = input.file_name.trim().chars().take(MAX_FILE_NAME_CHARS).collect();
    let file_name = if file_name.is_empty() { "import".to_owned() } else { file_name };
    let UploadedFile { content, sheet_name, sheet } = input.file;
    if sheet.rows == 0 {
        return Err(validation("file", "no_rows", "the file has a header but no rows"));
    }
    let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
    let mapping = resolve_mapping(&sheet.headers, input.mapping.as_deref(), &fields, actor.role)?;
    let warnings = column_warnings(&sheet, &mapping, input.mapping.is_some());
    let owner = match input.owner_id {
        None => Some(UserRef { id: actor.user_id, role: actor.role, group_id: actor.group_id }),
        Some(None) => None,
        Some(Some(id)) => Some(customers::owner_ref(tx, id).await?.map_err(|e| Error::Validation(vec![e]))?),
    };
    if !scope.may_assign(owner.as_ref()) {
        return Err(Error::Forbidden);
    }
    let mut dedup = input.dedup.unwrap_or_else(|| vec![DedupKey::Phone, DedupKey::Email, DedupKey::NameCompany]);
    dedup.dedup();
    let options = ImportOptions {
        mapping,
        dedup,
        on_duplicate: input.on_duplicate,
        mode: input.mode,
        owner_id: owner.map(|o| o.id.0),
        sheet: sheet_name,
        checked: false,
    };
    let rows = i64::try_from(sheet.rows).map_err(|_| Error::Internal("row count".into()))?;
    let id = ImportId::new();
    let job_id = jobs::enqueue(tx, JOB_KIND, json!({ "import_id": id.0 }), Some(rows)).await?;
    let format = sheet.format.unwrap_or(Format::Csv);
    tx.insert(import::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(id.0),
        created_by: Set(actor.user_id.0),
        job_id: Set(job_id.0),
        file_name: Set(file_name),
        format: Set(format.as_str().to_owned()),
        content: Set(None),
        options: Set(serde_json::to_value(&options).map_err(|e| Error::Internal(e.to_string().into()))?),
        status: Set(ImportStatus::Queued.as_str().to_owned()),
        rows_total: Set(rows),
        rows_done: Set(0),
        created_count: Set(0),
        updated_count: Set(0),
        skipped_count: Set(0),
        failed_count: Set(0),
        created_at: Set(tx.now),
        finished_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    store_file(tx, id, &content).await?;
    drop(content);
    if !warnings.is_empty() {
        let lines = warnings
            .into_iter()
            .map(|w| issue_row(tx, id, 1, Some(w.column), w.code, w.message, IssueSeverity::Warning));
        tx.insert_many(lines).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    }
    get(tx, id).await
}

pub(super) fn from_model(m: import::Model) -> Result<Import> {
    Ok(Import {
        id: ImportId(m.id),
        job_id: JobId(m.job_id),
        created_by: UserId(m.created_by),
        file_name: m.file_name,
        format: if m.format == "xlsx" { Format::Xlsx } else { Format::Csv },
        status: ImportStatus::parse(&m.status)?,
        options: serde_json::from_value(m.options).map_err(|_| Error::Internal("unreadable import options".into()))?,
        rows_total: m.rows_total,
        rows_done: m.rows_done,
        created: m.created_count,
        updated: m.updated_count,
        skipped: m.skipped_count,
        failed: m.failed_count,
        created_at: m.created_at,
        finished_at: m.finished_at,
    })
}

/// The columns of `imports` other than the file itself.
pub(super) fn without_content(tx: &TenantTx) -> sea_orm::Select<import::Entity> {
    tx.select::<import::Entity>().select_only().columns([
        import::Column::TenantId,
        import::Column::Id,
        import::Column::CreatedBy,
        import::Column::JobId,
        import::Column::FileName,
        import::Column::Format,
        import::Column::Options,
        import::Column::Status,
        import::Column::RowsTotal,
        import::Column::RowsDone,
        import::Column::CreatedCount,
        import::Column::UpdatedCount,
        import::Column::SkippedCount,
        import::Column::FailedCount,
        import::Column::CreatedAt,
        import::Column::FinishedAt,
    ])
}

/// Imports are seen by the user who started them and by admins.
fn seen_by(q: sea_orm::Select<import::Entity>, tx: &TenantTx) -> Result<sea_orm::Select<import::Entity>> {
    let actor = tx.actor()?;
    actor.authorize(&Action::UseCrm)?;
    Ok(if actor.role == Role::Admin { q } else { q.filter(import::Column::CreatedBy.eq(actor.user_id.0)) })
}

/// Columns read without the file: `content` comes back as NULL.
#[derive(sea_orm::FromQueryResult)]
pub(super) struct ImportRow {
    pub(super) tenant_id: Uuid,
    pub(super) id: Uuid,
    pub(super) created_by: Uuid,
    pub(super) job_id: Uuid,
    pub(super) file_name: String,
    pub(super) format: String,
    pub(super) options: Value,
    pub(super) status: String,
    pub(super) rows_total: i64,
    pub(super) rows_done: i64,
    pub(super) created_count: i64,
    pub(super) updated_count: i64,
    pub(super) skipped_count: i64,
    pub(super) failed_count: i64,
    pub(super) created_at: DateTime<Utc>,
    pub(super) finished_at: Option<DateTime<Utc>>,
}

impl From<ImportRow> for import::Model {
    fn from(r: ImportRow) -> Self {
        import::Model {
            tenant_id: r.tenant_id,
            id: r.id,
            created_by: r.created_by,
            job_id: r.job_id,
            file_name: r.file_name,
            format: r.format,
            content: None,
            options: r.options,
            status: r.status,
            rows_total: r.rows_total,
            rows_done: r.rows_done,
            created_count: r.created_count,
            updated_count: r.updated_count,
            skipped_count: r.skipped_count,
            failed_count: r.failed_count,
            created_at: r.created_at,
            finished_at: r.finished_at,
        }
    }
}

/// One import the caller may see.
pub async fn get(tx: &TenantTx, id: ImportId) -> Result<Import> {
    let row = seen_by(without_content(tx), tx)?
        .filter(import::Column::Id.eq(id.0))
        .into_model::<ImportRow>()
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("import"))?;
    from_model(row.into())
}

/// The caller's imports (an admin's: everyone's), newest first.
pub async fn list(tx: &TenantTx, limit: u64) -> Result<Vec<Import>> {
    seen_by(without_content(tx), tx)?
        .order_by_desc(import::Column::CreatedAt)
        .order_by_desc(import::Column::Id)
        .limit(limit.clamp(1, 100))
        .into_model::<ImportRow>()
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|r| from_model(r.into()))
        .collect()
}

/// The size of the pieces an import's file is stored in: each passes
/// through the database driver, and is copied there, on its own.
const CHUNK_BYTES: usize = 1024 * 1024;

/// Store an import's file, a piece at a time.
async fn store_file(tx: &TenantTx, id: ImportId, content: &[u8]) -> Result<()> {
    for (seq, piece) in content.chunks(CHUNK_BYTES).enumerate() {
        tx.insert(import_file_chunk::ActiveModel {
            tenant_id: Set(tx.tenant_id().0),
            id: Set(Uuid::new_v4()),
            import_id: Set(id.0),
            seq: Set(i32::try_from(seq).map_err(|_| Error::Internal("file too large".into()))?),
            bytes: Set(piece.to_vec()),
        })
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Drop an ended import's file.
pub(super) async fn drop_file(tx: &TenantTx, id: ImportId) -> Result<()> {
    tx.delete_many::<import_file_chunk::Entity>()
        .filter(import_file_chunk::Column::ImportId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// The stored file of an import that has not ended and the sheet to read
/// from it, for its job to read outside any transaction; `None` when the
/// import has ended (a repeated delivery of a finished job). The pieces are
/// read one at a time, each appended to the file as it comes.
pub async fn stored_file(tx: &TenantTx, id: ImportId) -> Result<Option<(Vec<u8>, Option<String>)>> {
    let mut m = tx
        .select::<import::Entity>()
        .filter(import::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("import"))?;
    if matches!(m.status.as_str(), "done" | "rejected") {
        return Ok(None);
    }
    // Files stored before the pieces existed are whole in `content`.
    let mut content = m.content.take().unwrap_or_default();
    for seq in 0.. {
        let piece: Option<Vec<u8>> = tx
            .select::<import_file_chunk::Entity>()
            .select_only()
            .column(import_file_chunk::Column::Bytes)
            .filter(import_file_chunk::Column::ImportId.eq(id.0))
            .filter(import_file_chunk::Column::Seq.eq(seq))
            .into_tuple()
            .one(tx.conn())
            .await
            .map_err(db_err)?;
        let Some(piece) = piece else { break };
        content.extend_from_slice(&piece);
    }
    if content.is_empty() {
        return Ok(None);
    }
    Ok(Some((content, from_model(m)?.options.sheet)))
}
