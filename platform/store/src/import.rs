//! Customer imports from CSV and XLSX files.
//!
//! An uploaded file is read into an [`UploadedFile`] before any transaction
//! begins (reading is bounded but may take a moment, and must not hold a
//! database connection meanwhile). [`start`] takes it to refuse what cannot
//! be imported at all (an unreadable file, no column for the name, a bad
//! mapping) before anything is queued; it stores the file with its options in `imports` and
//! queues a `customers.import` job in the same transaction. The job drives an
//! [`ImportRun`]: rows are validated with the same rules as `createCustomer`,
//! matched against the company's customers on the chosen keys (normalised
//! phone, e-mail, name + company) and created, updated or skipped per the
//! chosen policy, a batch at a time. Each batch commits its customers, its
//! report lines and the import's position together, so a retried job
//! resumes after the last committed batch and never imports a row twice.
//!
//! In "all or nothing" mode every row is checked first without writing; a
//! single bad row rejects the whole file and nothing is imported.

pub mod sheet;

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use chrono::{DateTime, NaiveTime, Utc};
use guanxi_core::custom_fields::{CompiledField, FieldAccess, FieldEntity, FieldSet, FieldType, Writer};
use guanxi_core::customer::{CustomerScope, can_own_customers};
use guanxi_core::customer_fields::{
    CustomerField, CustomerStatus, Gender, Grade, guess_mapping, parse_date_cell, parse_date_time_cell,
    unimportable_column,
};
use guanxi_core::events::CreatedBy;
use guanxi_core::input::Checker;
use guanxi_core::phone::Phone;
use guanxi_core::{
    Action, CustomerId, DomainEvent, Error, FieldError, GroupId, ImportId, JobId, Result, Role, UserId, UserRef,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TryIntoModel,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::customers::{self, CustomerUpdate, NewCustomer, TenantFacts, ValidCustomer, write};
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, import, import_issue, user};
use crate::{audit, jobs};

pub use sheet::{Format, Sheet};

/// A custom field problem of a row as report lines; other errors end the
/// batch.
fn row_errors(e: Error) -> Result<std::result::Result<Value, Vec<FieldError>>> {
    match e {
        Error::Validation(list) => Ok(Err(list)),
        Error::Conflict(e) => Ok(Err(vec![e])),
        Error::Forbidden => Ok(Err(vec![FieldError::new("custom", "forbidden", "you may not fill these fields")])),
        Error::PluginFailed { reason, message } => Ok(Err(vec![FieldError::new("custom", reason, message)])),
        other => Err(other),
    }
}

/// The job kind that runs imports.
pub const JOB_KIND: &str = "customers.import";
/// Rows handled per committed batch.
const BATCH_ROWS: usize = 2000;
/// Batches written at once on PostgreSQL.
const LANES: usize = 2;
/// Customers inserted per statement (28 columns each stays well under
/// SQLite's 32,766 bound parameters).
const INSERT_CHUNK: usize = 500;
/// Longest file name kept.
const MAX_FILE_NAME_CHARS: usize = 200;
/// A day's start of work: the time of a planned visit given as a day.
const NINE: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};
/// Sample rows shown by [`preview`].
const PREVIEW_ROWS: usize = 5;

/// Which values make a row a duplicate of an existing customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DedupKey {
    /// Any normalised phone number in common.
    Phone,
    /// The same e-mail address (case-insensitive).
    Email,
    /// The same name and company (both present).
    NameCompany,
}

/// What happens to a row that duplicates an existing customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Leave the existing customer alone; the row is reported as skipped.
    #[default]
    Skip,
    /// Fill the existing customer with the row's non-empty cells (phones and
    /// tags are added to those it has); the change is in its history.
    Update,
    /// Create a new customer anyway.
    Create,
}

/// Whether bad rows stop the whole import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Import the valid rows and report the others.
    #[default]
    ValidRows,
    /// Import nothing if any row is invalid.
    AllOrNothing,
}

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
    fn as_str(self) -> &'static str {
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

/// One column of the file and the field it fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMapping {
    /// The column's header as it appears in the file.
    pub column: String,
    /// The field's machine name (see [`CustomerField::as_str`]), or `None` to
    /// leave the column out.
    pub field: Option<String>,
}

/// An uploaded file and the sheet read from it. Only [`UploadedFile::read`]
/// makes one, so whatever takes it knows the file was read within the
/// limits of [`sheet`], outside any transaction.
#[derive(Clone, Debug, Default)]
pub struct UploadedFile {
    content: Vec<u8>,
    sheet_name: Option<String>,
    sheet: Sheet,
}

impl UploadedFile {
    /// Read `content` (a workbook's sheet `sheet_name`, or its first) on a
    /// blocking thread. Call it before beginning a transaction. A file that
    /// cannot be read, or crosses a limit: `VALIDATION_FAILED` on `file`
    /// (or on `sheet` for a sheet the workbook does not have).
    pub async fn read(content: Vec<u8>, sheet_name: Option<String>) -> Result<UploadedFile> {
        let (content, sheet) = sheet::read_owned(content, sheet_name.clone()).await;
        Ok(UploadedFile { content, sheet_name, sheet: sheet.map_err(|e| Error::Validation(vec![e]))? })
    }
}

/// A request to import a file.
#[derive(Clone, Debug, Default)]
pub struct NewImport {
    /// The uploaded file's name.
    pub file_name: String,
    /// The file, read.
    pub file: UploadedFile,
    /// Column → field; the recognised headers (see [`guess_mapping`]) when
    /// absent. Columns not listed are left out.
    pub mapping: Option<Vec<ColumnMapping>>,
    /// Keys that make a row a duplicate; all three when absent.
    pub dedup: Option<Vec<DedupKey>>,
    /// What to do with duplicates.
    pub on_duplicate: OnDuplicate,
    /// Valid rows only, or all or nothing.
    pub mode: ImportMode,
    /// Owner of rows without an owner cell: `None` the importer, `Some(None)`
    /// the public pool, `Some(Some(id))` that user.
    pub owner_id: Option<Option<UserId>>,
}

/// What the import stored about its request (the `options` column).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// For each column of the file, by position, the field's machine name.
    pub mapping: Vec<Option<String>>,
    /// Duplicate keys.
    pub dedup: Vec<DedupKey>,
    /// Duplicate policy.
    pub on_duplicate: OnDuplicate,
    /// Mode.
    pub mode: ImportMode,
    /// Default owner; `None`: the public pool.
    pub owner_id: Option<Uuid>,
    /// Workbook sheet.
    pub sheet: Option<String>,
    /// Set once "all or nothing" has checked every row and found none bad.
    #[serde(default)]
    pub checked: bool,
}

/// A field an import column can fill: a customer field or a custom field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportTarget {
    /// Machine name: a [`CustomerField`] name, or `custom.<key>`.
    pub name: String,
    /// Chinese label.
    pub label: String,
}

/// A file as the importer reads it, before anything is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// CSV or workbook.
    pub format: Format,
    /// Text encoding of a CSV file (`UTF-8`, `GB18030`, `UTF-16LE` …).
    pub encoding: &'static str,
    /// Column headers.
    pub headers: Vec<String>,
    /// The recognised field of each column.
    pub mapping: Vec<Option<ImportTarget>>,
    /// Every field a column can fill, custom fields included.
    pub targets: Vec<ImportTarget>,
    /// The first rows.
    pub sample: Vec<Vec<String>>,
    /// Data rows in all.
    pub rows: usize,
    /// The columns that would fill nothing, and why.
    pub warnings: Vec<ColumnWarning>,
}

/// A column of the file that fills no field, and why: shown by the preview
/// and written to the import's report (row 1, the header) so that no
/// column is ever left out in silence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnWarning {
    /// The column's header, or `column N` (1-based) when it has none.
    pub column: String,
    /// `unmapped` (no field has this name, or the mapping leaves it out),
    /// `duplicate_column` (an earlier column fills the field),
    /// `not_importable` (a value the product sets itself, or no customer
    /// field), `no_header` (cells under no header).
    pub code: &'static str,
    /// The reason for people.
    pub message: String,
}

/// The warning for every column of `sheet` that `mapping` fills nothing
/// from; `requested` when the mapping was given rather than guessed.
fn column_warnings(sheet: &Sheet, mapping: &[Option<String>], requested: bool) -> Vec<ColumnWarning> {
    let width = sheet.rows.iter().map(|(_, cells)| cells.len()).max().unwrap_or(0).max(sheet.headers.len());
    let mut out = Vec::new();
    for i in 0..width {
        if mapping.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let header = sheet.headers.get(i).map(String::as_str).unwrap_or_default();
        let (code, message) = if header.is_empty() {
            if !sheet.rows.iter().any(|(_, cells)| cells.get(i).is_some_and(|c| !c.is_empty())) {
                continue;
            }
            ("no_header", format!("column {} has values but no header; they are left out", i + 1))
        } else if let Some(why) = unimportable_column(header) {
            ("not_importable", why.to_owned())
        } else if requested {
            ("unmapped", "the mapping leaves this column out".to_owned())
        } else {
            match guess_mapping(&[header]).first().copied().flatten() {
                Some(CustomerField::Notes) => (
                    "not_importable",
                    "notes have no place on a customer record; record them as a conversation".to_owned(),
                ),
                Some(f) => (
                    "duplicate_column",
                    format!("an earlier column already fills `{}`; this one is left out", f.as_str()),
                ),
                None => {
                    ("unmapped", "no customer field has this name; the column is left out unless you map it".to_owned())
                }
            }
        };
        let column = if header.is_empty() { format!("column {}", i + 1) } else { header.to_owned() };
        out.push(ColumnWarning { column, code, message });
    }
    out
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

/// Whether a report line refused a row or only skipped it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueSeverity {
    /// The row was not imported because something in it is wrong.
    Error,
    /// The row duplicates an existing customer and was left alone.
    Skipped,
    /// Nothing was refused: a column of the file fills no field (row 1,
    /// the header; see [`ColumnWarning`]).
    Warning,
}

impl IssueSeverity {
    fn as_str(self) -> &'static str {
        match self {
            IssueSeverity::Error => "error",
            IssueSeverity::Skipped => "skipped",
            IssueSeverity::Warning => "warning",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "skipped" => IssueSeverity::Skipped,
            "warning" => IssueSeverity::Warning,
            _ => IssueSeverity::Error,
        }
    }
}

/// A line of an import's report.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportIssue {
    /// Spreadsheet row; the header is row 1.
    pub row: i64,
    /// The column's header, when one column is at fault.
    pub column: Option<String>,
    /// Machine-readable reason (`invalid`, `required`, `duplicate` …).
    pub code: String,
    /// The reason for people.
    pub message: String,
    /// Refused or skipped.
    pub severity: IssueSeverity,
}

fn validation(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Error {
    Error::Validation(vec![FieldError::new(field, code, message)])
}

/// A read file without storing anything: its headers, the recognised field
/// of each, the first rows and the row count, for a mapping dialog.
pub async fn preview(tx: &TenantTx, file: &UploadedFile) -> Result<Preview> {
    let s = &file.sheet;
    let role = tx.actor()?.role;
    let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
    let targets = targets(&fields, role);
    // Only fields a column can fill (not notes) count as mapped.
    let guessed: Vec<Option<String>> = guess(&s.headers, &fields, role)
        .into_iter()
        .map(|m| m.filter(|name| targets.iter().any(|t| t.name == *name)))
        .collect();
    let warnings = column_warnings(s, &guessed, false);
    let mapping =
        guessed.into_iter().map(|m| m.and_then(|name| targets.iter().find(|t| t.name == name).cloned())).collect();
    Ok(Preview {
        warnings,
        format: s.format.unwrap_or(Format::Csv),
        encoding: s.encoding,
        mapping,
        targets,
        sample: s.rows.iter().take(PREVIEW_ROWS).map(|(_, cells)| cells.clone()).collect(),
        rows: s.rows.len(),
        headers: s.headers.clone(),
    })
}

/// The custom fields a role may fill by import: not archived, editable.
fn fillable(fields: &FieldSet, role: Role) -> impl Iterator<Item = &CompiledField> {
    fields
        .fields()
        .iter()
        .filter(move |f| !f.def.archived && FieldSet::access(f, Writer::Role(role)) == FieldAccess::Edit)
}

/// Every field a column can fill.
fn targets(fields: &FieldSet, role: Role) -> Vec<ImportTarget> {
    let builtin = CustomerField::ALL
        .iter()
        .filter(|f| **f != CustomerField::Notes)
        .map(|f| ImportTarget { name: f.as_str().to_owned(), label: f.label_zh().to_owned() });
    let custom = fillable(fields, role)
        .map(|f| ImportTarget { name: format!("custom.{}", f.key()), label: f.def.spec.label.clone() });
    builtin.chain(custom).collect()
}

/// The custom field a header or a requested field name stands for: its key
/// (`custom.<key>` or bare), its label or its English label.
fn custom_by_name<'a>(fields: &'a FieldSet, role: Role, name: &str) -> Option<&'a CompiledField> {
    let name = name.trim();
    let key = name.strip_prefix("custom.").unwrap_or(name);
    fillable(fields, role).find(|f| {
        f.key() == key
            || f.def.spec.label.trim() == name
            || f.def.spec.label_en.as_deref().is_some_and(|l| l.trim().eq_ignore_ascii_case(name))
    })
}

/// The field recognised for each header: a custom field whose key or label
/// it is (the company's own words come first: a custom field labelled
/// 客户级别 wins over the built-in grade, which that header would also
/// suggest), else a customer field by its Chinese and English names.
fn guess(headers: &[String], fields: &FieldSet, role: Role) -> Vec<Option<String>> {
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    guess_mapping(&h)
        .into_iter()
        .zip(headers)
        .map(|(f, header)| match custom_by_name(fields, role, header) {
            Some(c) => Some(format!("custom.{}", c.key())),
            None => f.map(|f| f.as_str().to_owned()),
        })
        .collect()
}

/// Resolve the requested mapping against the file's headers: one entry per
/// column, by position.
fn resolve_mapping(
    headers: &[String],
    requested: Option<&[ColumnMapping]>,
    fields: &FieldSet,
    role: Role,
) -> Result<Vec<Option<String>>> {
    let mut mapping: Vec<Option<String>> = match requested {
        None => guess(headers, fields, role),
        Some(list) => {
            let mut out = vec![None; headers.len()];
            let mut c = Checker::new();
            for (i, m) in list.iter().enumerate() {
                let Some(pos) = headers.iter().position(|h| h.trim() == m.column.trim()) else {
                    c.check::<()>(Err(FieldError::new(
                        format!("mapping.{i}.column"),
                        "not_found",
                        format!("the file has no column `{}`", m.column),
                    )));
                    continue;
                };
                match m.field.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
                    None => out[pos] = None,
                    Some(f) => match CustomerField::from_name(f)
                        .map(|field| field.as_str().to_owned())
                        .or_else(|| custom_by_name(fields, role, f).map(|c| format!("custom.{}", c.key())))
                    {
                        Some(target) => out[pos] = Some(target),
                        None => {
                            c.check::<()>(Err(FieldError::new(
                                format!("mapping.{i}.field"),
                                "unknown",
                                format!("`{f}` is not a customer field"),
                            )));
                        }
                    },
                }
            }
            c.finish()?;
            out
        }
    };
    // Notes have no place on a customer record yet.
    for m in &mut mapping {
        if m.as_deref() == Some(CustomerField::Notes.as_str()) {
            *m = None;
        }
    }
    let mut seen = HashSet::new();
    let mut seen_custom = HashSet::new();
    for (i, m) in mapping.iter().enumerate() {
        let custom_twice = m.as_deref().is_some_and(|m| m.starts_with("custom.") && !seen_custom.insert(m));
        if custom_twice {
            return Err(validation(
                "mapping",
                "duplicate",
                format!("two columns fill `{}` (the second is `{}`)", m.as_deref().unwrap_or_default(), headers[i]),
            ));
        }
        if let Some(f) = m.as_deref().and_then(CustomerField::from_name)
            && !f.accepts_many_columns()
            && !seen.insert(f)
        {
            return Err(validation(
                "mapping",
                "duplicate",
                format!("two columns fill `{}` (the second is `{}`)", f.as_str(), headers[i]),
            ));
        }
    }
    if !mapping.iter().any(|m| m.as_deref() == Some(CustomerField::Name.as_str())) {
        return Err(validation("mapping", "required", "no column is mapped to the name (姓名)"));
    }
    Ok(mapping)
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
    if sheet.rows.is_empty() {
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
    let rows = i64::try_from(sheet.rows.len()).map_err(|_| Error::Internal("row count".into()))?;
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
        content: Set(Some(content)),
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
    if !warnings.is_empty() {
        let lines = warnings
            .into_iter()
            .map(|w| issue_row(tx, id, 1, Some(w.column), w.code, w.message, IssueSeverity::Warning));
        tx.insert_many(lines).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    }
    get(tx, id).await
}

fn from_model(m: import::Model) -> Result<Import> {
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
fn without_content(tx: &TenantTx) -> sea_orm::Select<import::Entity> {
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
struct ImportRow {
    tenant_id: Uuid,
    id: Uuid,
    created_by: Uuid,
    job_id: Uuid,
    file_name: String,
    format: String,
    options: Value,
    status: String,
    rows_total: i64,
    rows_done: i64,
    created_count: i64,
    updated_count: i64,
    skipped_count: i64,
    failed_count: i64,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
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

/// A page of an import's report, in row order, and the number of lines in all.
pub async fn issues(tx: &TenantTx, id: ImportId, offset: u64, limit: u64) -> Result<(Vec<ImportIssue>, u64)> {
    get(tx, id).await?;
    let q = tx.select::<import_issue::Entity>().filter(import_issue::Column::ImportId.eq(id.0));
    let total = q.clone().count(tx.conn()).await.map_err(db_err)?;
    let rows = q
        .order_by_asc(import_issue::Column::RowNo)
        .order_by_asc(import_issue::Column::Id)
        .offset(offset)
        .limit(limit.clamp(1, 500))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let issues = rows
        .into_iter()
        .map(|m| ImportIssue {
            row: m.row_no,
            column: m.column_name,
            code: m.code,
            message: m.message,
            severity: IssueSeverity::parse(&m.severity),
        })
        .collect();
    Ok((issues, total))
}

/// What duplicate checks read of each customer: id, number, phones,
/// e-mail, name, company, owner.
type KeyRow = (Uuid, String, Value, Option<String>, String, Option<String>, Option<Uuid>);

/// A customer the duplicate keys point at.
#[derive(Clone, Copy, Debug)]
struct Known {
    id: Uuid,
    from_row: Option<u64>,
    visible: bool,
}

/// A user a row's owner cell may name.
#[derive(Clone, Debug)]
struct Person {
    r: UserRef,
    /// Display name, as written.
    name: String,
    /// E-mail address, lower case.
    email: String,
    can_own: bool,
}

/// Counters of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    created: i64,
    updated: i64,
    skipped: i64,
    failed: i64,
}

/// A row ready to be inserted.
struct Pending {
    id: CustomerId,
    number: Option<String>,
    owner: Option<UserId>,
    customer: ValidCustomer,
}

/// What one row turned into, before anything is written.
enum Parsed {
    Bad(Vec<(Option<String>, &'static str, String)>),
    Good { input: Box<NewCustomer>, number: Option<String>, owner: Option<UserRef> },
}

/// An import being run by its job; see the module docs.
pub struct ImportRun {
    id: ImportId,
    options: ImportOptions,
    sheet: Sheet,
    facts: TenantFacts,
    tz: chrono_tz::Tz,
    scope: CustomerScope,
    /// Mapped columns, by position.
    columns: Vec<(usize, CustomerField)>,
    /// Column header of each customer field (for errors of `check_new`).
    header_of: HashMap<String, String>,
    /// Columns mapped to custom fields: position and field key.
    custom_columns: Vec<(usize, String)>,
    /// The company's customer custom fields.
    fields: FieldSet,
    /// The importer's role: what custom fields they may fill.
    role: Role,
    /// Unique custom values claimed by earlier rows of this file
    /// (`field id`, value key), for the check of "all or nothing".
    claimed: HashSet<(Uuid, String)>,
    default_owner: Option<UserRef>,
    people: Vec<Person>,
    keys: HashMap<String, Known>,
    numbers: HashSet<String>,
    pending: Vec<Pending>,
    pending_ids: HashSet<Uuid>,
    issues: Vec<(u64, Option<String>, &'static str, String, IssueSeverity)>,
    done: usize,
    counts: Counts,
    /// Whether batches are written side by side (PostgreSQL); see
    /// [`ImportRun::launch`].
    lanes: bool,
    /// Customer numbers drawn for the pending rows (lanes only).
    drawn: Vec<String>,
    /// The last launched batch: it finishes after every earlier one, so
    /// awaiting it settles them all.
    in_flight: Option<tokio::task::JoinHandle<Result<()>>>,
    /// Batches launched and not yet committed, at most [`LANES`].
    lane_permits: std::sync::Arc<tokio::sync::Semaphore>,
    /// The row that ends the batch early: it updates a customer created by
    /// an earlier row of the same batch, which must be written first.
    cut: bool,
}

/// Duplicate keys of a customer's values.
fn keys_of(
    dedup: &[DedupKey],
    phones: &[String],
    email: Option<&str>,
    name: &str,
    company: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for k in dedup {
        match k {
            DedupKey::Phone => {
                for p in phones {
                    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
                    if !digits.is_empty() {
                        out.push(format!("p:{digits}"));
                    }
                }
            }
            DedupKey::Email => {
                if let Some(e) = email.map(str::trim).filter(|e| !e.is_empty()) {
                    out.push(format!("e:{}", e.to_lowercase()));
                }
            }
            DedupKey::NameCompany => {
                if let Some(c) = company.map(str::trim).filter(|c| !c.is_empty()) {
                    out.push(format!("n:{}\u{1f}{}", name.trim().to_lowercase(), c.to_lowercase()));
                }
            }
        }
    }
    out
}

/// The API field of a `check_new` error (`phones.0` → `phones`); a custom
/// field's path stays whole (`custom.level`).
fn api_field(field: &str) -> &str {
    if field.starts_with("custom.") {
        return field;
    }
    field.split('.').next().unwrap_or(field)
}

/// A line of an import's report as a table row.
fn issue_row(
    tx: &TenantTx,
    import: ImportId,
    row: u64,
    column: Option<String>,
    code: &str,
    message: String,
    severity: IssueSeverity,
) -> import_issue::ActiveModel {
    import_issue::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(Uuid::now_v7()),
        import_id: Set(import.0),
        row_no: Set(i64::try_from(row).unwrap_or(i64::MAX)),
        column_name: Set(column.map(|c| c.chars().take(200).collect())),
        code: Set(code.to_owned()),
        message: Set(message),
        severity: Set(severity.as_str().to_owned()),
    }
}

/// The stored file of an import that has not ended and the sheet to read
/// from it, for its job to read outside any transaction; `None` when the
/// import has ended (a repeated delivery of a finished job).
pub async fn stored_file(tx: &TenantTx, id: ImportId) -> Result<Option<(Vec<u8>, Option<String>)>> {
    let m = tx
        .select::<import::Entity>()
        .filter(import::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("import"))?;
    if matches!(m.status.as_str(), "done" | "rejected") {
        return Ok(None);
    }
    let Some(content) = m.content.clone() else { return Ok(None) };
    Ok(Some((content, from_model(m)?.options.sheet)))
}

/// End an import whose stored file can no longer be read (a limit lowered
/// since it was queued): rejected, with the reasons as report lines of row
/// 0, the file as a whole. Returns the job's result.
pub async fn reject_file(tx: &TenantTx, id: ImportId, errors: Vec<FieldError>) -> Result<Value> {
    let lines = errors.into_iter().map(|e| issue_row(tx, id, 0, None, e.reason, e.message, IssueSeverity::Error));
    tx.insert_many(lines).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    tx.update_many::<import::Entity>()
        .col_expr(import::Column::Status, ImportStatus::Rejected.as_str().into())
        .col_expr(import::Column::FinishedAt, Some(tx.now).into())
        .col_expr(import::Column::Content, Option::<Vec<u8>>::None.into())
        .filter(import::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let result = json!({ "importId": id.0, "status": ImportStatus::Rejected.as_str() });
    audit::record(tx, "customer.import", "import", Some(id.0), result.clone()).await?;
    tx.emit(DomainEvent::ImportFinished { import: id, created: 0, updated: 0, skipped: 0 });
    Ok(result)
}

impl ImportRun {
    /// Load an import for its job, with its stored file read (see
    /// [`stored_file`]): `None` when it has ended already.
    pub async fn open(tx: &TenantTx, id: ImportId, file: UploadedFile) -> Result<Option<ImportRun>> {
        let actor = tx.actor()?.clone();
        let scope = CustomerScope::of(&actor)?;
        let m = without_content(tx)
            .filter(import::Column::Id.eq(id.0))
            .into_model::<ImportRow>()
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .ok_or(Error::NotFound("import"))?;
        if matches!(m.status.as_str(), "done" | "rejected") {
            return Ok(None);
        }
        let imp = from_model(m.into())?;
        let sheet = file.sheet;
        let facts = customers::tenant_facts(tx).await?;
        let tz = customers::tenant_tz(tx).await?;

        let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
        let mut columns = Vec::new();
        let mut custom_columns = Vec::new();
        let mut header_of = HashMap::new();
        for (pos, field) in imp.options.mapping.iter().enumerate() {
            let header = || sheet.headers.get(pos).cloned().unwrap_or_default();
            if let Some(f) = field.as_deref().and_then(CustomerField::from_name) {
                columns.push((pos, f));
                let api = match f {
                    CustomerField::OwnerEmail => "ownerId",
                    other => other.as_str(),
                };
                header_of.entry(api.to_owned()).or_insert_with(header);
            } else if let Some(key) = field.as_deref().and_then(|f| f.strip_prefix("custom.")) {
                // A field archived or deleted since the import was queued
                // is left out; its cells are not written anywhere.
                if fields.get(key).is_some() {
                    custom_columns.push((pos, key.to_owned()));
                    header_of.entry(format!("custom.{key}")).or_insert_with(header);
                }
            }
        }

        let users = tx.select::<user::Entity>().all(tx.conn()).await.map_err(db_err)?;
        let mut people = Vec::with_capacity(users.len());
        let mut group_of: HashMap<Uuid, Option<GroupId>> = HashMap::new();
        for u in users {
            let role = Role::from_str(&u.role).map_err(|_| Error::Internal("unreadable role".into()))?;
            group_of.insert(u.id, u.group_id.map(GroupId));
            people.push(Person {
                r: UserRef { id: UserId(u.id), role, group_id: u.group_id.map(GroupId) },
                name: u.display_name,
                email: u.email.to_lowercase(),
                can_own: can_own_customers(role, u.active),
            });
        }
        let default_owner = match imp.options.owner_id {
            None => None,
            Some(id) => {
                Some(people.iter().find(|p| p.r.id.0 == id && p.can_own).map(|p| p.r.clone()).ok_or_else(|| {
                    validation("ownerId", "cannot_own", "the default owner can no longer hold customers")
                })?)
            }
        };
        if !scope.may_assign(default_owner.as_ref()) {
            return Err(Error::Forbidden);
        }

        // Every customer of the company: duplicates are found company-wide,
        // but only those the importer may see are named or updated.
        let rows: Vec<KeyRow> = tx
            .select::<customer::Entity>()
            .select_only()
            .columns([
                customer::Column::Id,
                customer::Column::Number,
                customer::Column::Phones,
                customer::Column::Email,
                customer::Column::Name,
                customer::Column::Company,
                customer::Column::OwnerId,
            ])
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        let mut keys = HashMap::with_capacity(rows.len() * 2);
        let mut numbers = HashSet::with_capacity(rows.len());
        for (cid, number, phones, email, name, company, owner) in rows {
            let phones: Vec<String> = serde_json::from_value(phones).unwrap_or_default();
            let owner_ref = owner.map(|o| UserRef {
                id: UserId(o),
                role: Role::Salesperson,
                group_id: group_of.get(&o).copied().flatten(),
            });
            let visible = scope.contains(owner_ref.as_ref());
            for k in keys_of(&imp.options.dedup, &phones, email.as_deref(), &name, company.as_deref()) {
                keys.entry(k).or_insert(Known { id: cid, from_row: None, visible });
            }
            numbers.insert(number);
        }
        Ok(Some(ImportRun {
            id,
            done: usize::try_from(imp.rows_done).unwrap_or(0),
            counts: Counts { created: imp.created, updated: imp.updated, skipped: imp.skipped, failed: imp.failed },
            options: imp.options,
            sheet,
            facts,
            tz,
            scope,
            columns,
            header_of,
            custom_columns,
            fields,
            role: actor.role,
            claimed: HashSet::new(),
            default_owner,
            people,
            keys,
            numbers,
            pending: Vec::new(),
            pending_ids: HashSet::new(),
            issues: Vec::new(),
            lanes: tx.conn().get_database_backend() == DbBackend::Postgres,
            drawn: Vec::new(),
            in_flight: None,
            lane_permits: std::sync::Arc::new(tokio::sync::Semaphore::new(LANES)),
            cut: false,
        }))
    }

    /// Data rows in the file.
    pub fn total(&self) -> usize {
        self.sheet.rows.len()
    }

    /// Rows handled and committed.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Whether "all or nothing" still has to check every row first.
    pub fn needs_check(&self) -> bool {
        self.options.mode == ImportMode::AllOrNothing && !self.options.checked && self.done == 0
    }

    /// Read one row's cells into a customer, its number and its owner.
    fn parse(&self, cells: &[String]) -> Parsed {
        let mut bad: Vec<(Option<String>, &'static str, String)> = Vec::new();
        let mut input = NewCustomer::default();
        let mut number = None;
        let mut owner_cell = None;
        for &(pos, field) in &self.columns {
            let cell = cells.get(pos).map(|c| c.trim()).unwrap_or_default();
            if cell.is_empty() {
                continue;
            }
            let header = self.sheet.headers.get(pos).cloned().unwrap_or_default();
            let mut fail = |e: FieldError| bad.push((Some(header.clone()), e.reason, e.message));
            match field {
                CustomerField::Number => number = Some(cell.to_owned()),
                CustomerField::Name => input.name = cell.to_owned(),
                CustomerField::Company => input.company = Some(cell.to_owned()),
                CustomerField::Title => input.title = Some(cell.to_owned()),
                CustomerField::Phones => match Phone::parse_many(cell, &header) {
                    Ok(list) => input.phones.extend(list.into_iter().map(|p| p.as_str().to_owned())),
                    Err(e) => fail(e),
                },
                CustomerField::Email => input.email = Some(cell.to_owned()),
                CustomerField::Address => input.address = Some(cell.to_owned()),
                CustomerField::Gender => match Gender::parse(cell, &header) {
                    Ok(g) => input.gender = Some(g),
                    Err(e) => fail(e),
                },
                CustomerField::Birthday => match parse_date_cell(cell, &header) {
                    Ok(d) => input.birthday = Some(d),
                    Err(e) => fail(e),
                },
                CustomerField::Status => match CustomerStatus::parse(cell, &header) {
                    Ok(s) => input.status = Some(s),
                    Err(e) => fail(e),
                },
                CustomerField::Industry => input.industry = Some(cell.to_owned()),
                CustomerField::Source => input.source = Some(cell.to_owned()),
                CustomerField::Grade => match Grade::parse(cell, &header) {
                    Ok(g) => input.grade = Some(g),
                    Err(e) => fail(e),
                },
                CustomerField::Tags => input.tags.extend(guanxi_core::customer_fields::split_list(cell)),
                CustomerField::OwnerEmail => owner_cell = Some(cell.to_owned()),
                CustomerField::NextVisit => match parse_date_time_cell(cell, &header) {
                    // A planned day without a time: the start of the working day there.
                    Ok((d, time)) => input.next_visit_at = self.local(d, time.unwrap_or(NINE)),
                    Err(e) => fail(e),
                },
                CustomerField::LastContact => match parse_date_time_cell(cell, &header) {
                    // A day without a time: its start, so that it is never
                    // later than the moment of the import.
                    Ok((d, time)) => input.last_contact_at = self.local(d, time.unwrap_or(NaiveTime::MIN)),
                    Err(e) => fail(e),
                },
                CustomerField::Notes => {}
            }
        }
        let mut custom = serde_json::Map::new();
        for (pos, key) in &self.custom_columns {
            let cell = cells.get(*pos).map(|c| c.trim()).unwrap_or_default();
            if cell.is_empty() {
                continue;
            }
            let value = match self.fields.get(key).map(CompiledField::field_type) {
                // A user cell names a colleague by name or e-mail.
                Some(FieldType::User) => match self.person(cell) {
                    Ok(p) => Value::String(p.r.id.0.to_string()),
                    Err((code, message)) => {
                        bad.push((self.sheet.headers.get(*pos).cloned(), code, message));
                        continue;
                    }
                },
                _ => Value::String(cell.to_owned()),
            };
            custom.insert(key.clone(), value);
        }
        input.custom = Some(Value::Object(custom));
        if input.name.trim().is_empty() {
            bad.push((self.header_of.get("name").cloned(), "required", "the name is required".to_owned()));
        }
        if let Some(n) = &number
            && (n.chars().count() > 64 || n.chars().any(char::is_control))
        {
            bad.push((
                self.header_of.get("number").cloned(),
                "invalid",
                "a customer number is at most 64 characters".into(),
            ));
        }
        let owner = match owner_cell {
            None => self.default_owner.clone(),
            Some(cell) => {
                let found = self.person(&cell);
                let column = self.header_of.get("ownerId").cloned();
                match found {
                    Err((code, message)) => {
                        bad.push((column, code, message));
                        None
                    }
                    Ok(p) if !p.can_own => {
                        bad.push((column, "cannot_own", format!("`{cell}` cannot hold customers")));
                        None
                    }
                    Ok(p) if !self.scope.may_assign(Some(&p.r)) => {
                        bad.push((column, "forbidden", format!("you may not give customers to `{cell}`")));
                        None
                    }
                    Ok(p) => Some(p.r.clone()),
                }
            }
        };
        if bad.is_empty() { Parsed::Good { input: Box::new(input), number, owner } } else { Parsed::Bad(bad) }
    }

    /// A local date and time of the company as a moment.
    fn local(&self, d: chrono::NaiveDate, t: NaiveTime) -> Option<DateTime<Utc>> {
        d.and_time(t).and_local_timezone(self.tz).earliest().map(|t| t.with_timezone(&Utc))
    }

    /// A colleague named in a cell by display name or e-mail. An e-mail
    /// address is unique; a display name may be shared, and then
    /// the cell is refused as ambiguous rather than given to whoever comes
    /// first. `Err` holds the report's code and message.
    fn person(&self, cell: &str) -> std::result::Result<&Person, (&'static str, String)> {
        let wanted = cell.to_lowercase();
        // Or by id: exports write a user custom field's value as the id.
        if let Some(p) = self.people.iter().find(|p| p.email == wanted || p.r.id.0.to_string() == wanted) {
            return Ok(p);
        }
        let mut named = self.people.iter().filter(|p| p.name == cell);
        match (named.next(), named.next()) {
            (Some(p), None) => Ok(p),
            (None, _) => Err(("not_found", format!("no user `{cell}` in the company"))),
            (Some(_), Some(_)) => {
                Err(("ambiguous", format!("several colleagues are called `{cell}`; give their e-mail address")))
            }
        }
    }

    /// Report a refused row's errors, each under its column.
    fn refuse(&mut self, row_no: u64, errors: Vec<FieldError>) {
        for e in errors {
            let column = self.header_of.get(api_field(&e.field)).cloned();
            self.issue(row_no, column, e.reason, e.message, IssueSeverity::Error);
        }
        self.counts.failed += 1;
    }

    fn issue(&mut self, row: u64, column: Option<String>, code: &'static str, message: String, sev: IssueSeverity) {
        self.issues.push((row, column, code, message, sev));
    }

    /// Handle one row; `dry` checks without writing (for "all or nothing").
    /// Returns whether the row was refused.
    async fn row(&mut self, tx: &TenantTx, index: usize, dry: bool) -> Result<bool> {
        let (row_no, parsed) = match self.sheet.rows.get(index) {
            Some((n, cells)) => (*n, self.parse(cells)),
            None => return Ok(false),
        };
        let (input, number, owner) = match parsed {
            Parsed::Bad(list) => {
                for (column, code, message) in list {
                    self.issue(row_no, column, code, message, IssueSeverity::Error);
                }
                self.counts.failed += 1;
                return Ok(true);
            }
            Parsed::Good { input, number, owner } => (*input, number, owner),
        };
        let mut c = Checker::new();
        let valid = customers::check_new(&mut c, &self.facts, &input);
        let number_taken = number.as_ref().is_some_and(|n| self.numbers.contains(n));
        let (valid, errors) = match (valid, c.finish()) {
            (Some(v), Ok(())) if !number_taken => (Some(v), Vec::new()),
            (_, Err(Error::Validation(list))) => (None, list),
            _ => (None, Vec::new()),
        };
        let Some(valid) = valid else {
            for e in errors {
                let column = self.header_of.get(api_field(&e.field)).cloned();
                self.issue(row_no, column, e.reason, e.message, IssueSeverity::Error);
            }
            if number_taken {
                let column = self.header_of.get("number").cloned();
                let n = number.unwrap_or_default();
                self.issue(row_no, column, "taken", format!("customer number `{n}` is taken"), IssueSeverity::Error);
            }
            self.counts.failed += 1;
            return Ok(true);
        };

        let (name, company) = valid.name_company();
        let keys = keys_of(&self.options.dedup, valid.phones(), valid.email(), name, company);
        let duplicate = keys.iter().find_map(|k| self.keys.get(k).copied());
        if let Some(known) = duplicate
            && self.options.on_duplicate != OnDuplicate::Create
        {
            let which = match known.from_row {
                Some(r) => format!("row {r} of this file"),
                None if known.visible => "an existing customer".to_owned(),
                None => "a customer outside your view".to_owned(),
            };
            if self.options.on_duplicate == OnDuplicate::Skip || !known.visible {
                let message = format!("duplicate of {which}; left alone");
                self.issue(row_no, None, "duplicate", message, IssueSeverity::Skipped);
                self.counts.skipped += 1;
                return Ok(false);
            }
            if dry {
                self.counts.updated += 1;
                return Ok(false);
            }
            if self.pending_ids.contains(&known.id) {
                if self.lanes {
                    // Its customer is written with this batch: this row
                    // starts the next one.
                    self.cut = true;
                    return Ok(false);
                }
                self.flush(tx).await?;
            }
            // The customer may come from a batch still being written.
            self.settle().await?;
            return self.update(tx, row_no, CustomerId(known.id), input).await;
        }

        let id = CustomerId::new();
        let patch = input.custom.clone().unwrap_or_else(|| json!({}));
        let fields = json!({
            "name": name, "company": company, "phone": valid.phones().first(), "phones": valid.phones(),
            "email": valid.email(),
        });
        let custom = match self.custom_values(tx, id.0, &patch, &fields, dry).await? {
            Ok(v) => v,
            Err(errors) => {
                self.refuse(row_no, errors);
                return Ok(true);
            }
        };
        let mut valid = valid;
        valid.set_custom(custom);
        for k in keys {
            self.keys.entry(k).or_insert(Known { id: id.0, from_row: Some(row_no), visible: true });
        }
        if let Some(n) = &number {
            self.numbers.insert(n.clone());
        }
        self.counts.created += 1;
        if !dry {
            self.pending_ids.insert(id.0);
            self.pending.push(Pending { id, number, owner: owner.map(|o| o.id), customer: valid });
        }
        Ok(false)
    }

    /// A new customer's custom values from a row's `patch`: checked (with
    /// defaults and required fields) and, unless `dry`, their unique values
    /// claimed for `record`. The inner `Err` holds the row's problems.
    async fn custom_values(
        &mut self,
        tx: &TenantTx,
        record: Uuid,
        patch: &Value,
        fields: &Value,
        dry: bool,
    ) -> Result<std::result::Result<Value, Vec<FieldError>>> {
        let writer = Writer::Role(self.role);
        if !dry {
            return match crate::custom_fields::apply_write(tx, &self.fields, record, writer, None, patch, fields).await
            {
                Ok(o) => Ok(Ok(o.value)),
                Err(e) => row_errors(e),
            };
        }
        let outcome = match self.fields.check_write(writer, None, patch) {
            Ok(o) => o,
            Err(e) => return row_errors(e),
        };
        if let Err(e) = crate::plugins::calls::validate_fields(tx, &self.fields, record, &outcome, fields).await {
            return row_errors(e);
        }
        // Users come from the company's people, so exist; unique values
        // must be free in the company and within the file.
        for claim in &outcome.unique {
            let Some(v) = &claim.value else { continue };
            let fresh = self.claimed.insert((claim.field.0, v.clone()));
            if !fresh || crate::custom_fields::unique_taken(tx, claim.field, v).await? {
                return Ok(Err(vec![crate::custom_fields::taken(&claim.key)]));
            }
        }
        Ok(Ok(outcome.value))
    }

    /// Fill an existing customer from a row: non-empty cells replace, phones
    /// and tags are added. Returns whether the row was refused.
    async fn update(&mut self, tx: &TenantTx, row_no: u64, id: CustomerId, input: NewCustomer) -> Result<bool> {
        let current = customers::get(tx, id).await?;
        let mut phones = current.phones.clone();
        for p in input.phones {
            if !phones.contains(&p) {
                phones.push(p);
            }
        }
        let mut tags = current.tags.clone();
        for t in input.tags {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let change = CustomerUpdate {
            name: Some(input.name),
            company: input.company.map(Some),
            title: input.title.map(Some),
            phones: (phones != current.phones).then_some(phones),
            email: input.email.map(Some),
            address: input.address.map(Some),
            gender: input.gender,
            birthday: input.birthday.map(Some),
            status: input.status,
            industry: input.industry.map(Some),
            source: input.source.map(Some),
            grade: input.grade,
            tags: (tags != current.tags).then_some(tags),
            next_visit_at: input.next_visit_at.map(Some),
            last_contact_at: input.last_contact_at.map(Some),
            custom: input.custom.filter(|c| c.as_object().is_some_and(|m| !m.is_empty())),
            ..CustomerUpdate::default()
        };
        match customers::update(tx, id, change).await {
            Ok(_) => {
                self.counts.updated += 1;
                Ok(false)
            }
            Err(Error::Validation(list)) => {
                self.refuse(row_no, list);
                Ok(true)
            }
            Err(Error::Conflict(e)) => {
                self.refuse(row_no, vec![e]);
                Ok(true)
            }
            Err(Error::Forbidden | Error::NotFound(_)) => {
                let message = "duplicate of a customer you may not change; left alone".to_owned();
                self.issue(row_no, None, "duplicate", message, IssueSeverity::Skipped);
                self.counts.skipped += 1;
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Draw customer numbers for the pending rows that bring none, in `tx`.
    async fn draw(&self, tx: &TenantTx) -> Result<Vec<String>> {
        let want = self.pending.iter().filter(|p| p.number.is_none()).count();
        if want == 0 {
            return Ok(Vec::new());
        }
        let numbers = &self.numbers;
        customers::next_numbers(tx, &self.facts, want, |n| numbers.contains(n)).await
    }

    /// The pending rows as table rows, numbered from `drawn`.
    fn take_pending(&mut self, tx: &TenantTx, drawn: Vec<String>) -> Result<Vec<customer::ActiveModel>> {
        let pending = std::mem::take(&mut self.pending);
        self.pending_ids.clear();
        let mut drawn = drawn.into_iter();
        let mut models = Vec::with_capacity(pending.len());
        for p in pending {
            let number = match p.number {
                Some(n) => n,
                None => drawn.next().ok_or_else(|| Error::Internal("too few numbers drawn".into()))?,
            };
            self.numbers.insert(number.clone());
            models.push(p.customer.into_row(tx, p.id, number, p.owner));
        }
        Ok(models)
    }

    /// Insert the rows waiting to be created.
    async fn flush(&mut self, tx: &TenantTx) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let drawn = self.draw(tx).await?;
        let models = self.take_pending(tx, drawn)?;
        let rows = models.into_iter().map(|m| m.try_into_model().map_err(db_err)).collect::<Result<Vec<_>>>()?;
        write::insert_many(tx, &rows, CreatedBy::Import).await
    }

    /// Write the collected report lines.
    async fn write_issues(&mut self, tx: &TenantTx) -> Result<()> {
        let issues = std::mem::take(&mut self.issues);
        let mut rows = issues
            .into_iter()
            .map(|(row, column, code, message, sev)| issue_row(tx, self.id, row, column, code, message, sev));
        loop {
            let chunk: Vec<_> = rows.by_ref().take(INSERT_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            tx.insert_many(chunk).exec_without_returning(tx.conn()).await.map_err(db_err)?;
        }
        Ok(())
    }

    async fn save(&self, tx: &TenantTx, status: ImportStatus, finished: bool) -> Result<()> {
        self.progress_update(tx, status, finished)?.exec(tx.conn()).await.map_err(db_err)?;
        Ok(())
    }

    /// The statement that saves the import's status, counts and progress.
    fn progress_update(
        &self,
        tx: &TenantTx,
        status: ImportStatus,
        finished: bool,
    ) -> Result<sea_orm::UpdateMany<import::Entity>> {
        let mut q = tx
            .update_many::<import::Entity>()
            .col_expr(import::Column::Status, status.as_str().into())
            .col_expr(import::Column::RowsDone, i64::try_from(self.done).unwrap_or(i64::MAX).into())
            .col_expr(import::Column::CreatedCount, self.counts.created.into())
            .col_expr(import::Column::UpdatedCount, self.counts.updated.into())
            .col_expr(import::Column::SkippedCount, self.counts.skipped.into())
            .col_expr(import::Column::FailedCount, self.counts.failed.into())
            .col_expr(
                import::Column::Options,
                serde_json::to_value(&self.options).map_err(|e| Error::Internal(e.to_string().into()))?.into(),
            );
        if finished {
            q = q
                .col_expr(import::Column::FinishedAt, Some(tx.now).into())
                .col_expr(import::Column::Content, Option::<Vec<u8>>::None.into());
        }
        Ok(q.filter(import::Column::Id.eq(self.id.0)))
    }

    /// "All or nothing": check every row without writing. When any is bad,
    /// the report is written, the import ends as rejected and `false` comes
    /// back; otherwise the import goes on to write (`true`).
    pub async fn check_all(&mut self, tx: &TenantTx) -> Result<bool> {
        let keys = self.keys.clone();
        let numbers = self.numbers.clone();
        let mut bad = false;
        for i in 0..self.sheet.rows.len() {
            bad |= self.row(tx, i, true).await?;
        }
        self.keys = keys;
        self.numbers = numbers;
        self.claimed.clear();
        if bad {
            self.issues.retain(|i| i.4 == IssueSeverity::Error);
            let failed = self.counts.failed;
            self.counts = Counts { failed, ..Counts::default() };
            self.done = self.sheet.rows.len();
            self.write_issues(tx).await?;
            self.save(tx, ImportStatus::Rejected, true).await?;
            self.audit(tx, ImportStatus::Rejected).await?;
            self.emit_finished(tx);
            return Ok(false);
        }
        self.counts = Counts::default();
        self.issues.clear();
        self.options.checked = true;
        self.save(tx, ImportStatus::Running, false).await?;
        Ok(true)
    }

    /// Handle the next batch of rows in `tx` (commit it afterwards). Returns
    /// whether rows remain.
    pub async fn next_batch(&mut self, tx: &TenantTx) -> Result<bool> {
        let more = self.prepare_batch(tx).await?;
        self.flush(tx).await?;
        self.save(tx, ImportStatus::Running, false).await?;
        Ok(more)
    }

    /// Whether batches are written side by side: then each batch goes
    /// through [`ImportRun::prepare_batch`], [`ImportRun::draw_numbers`] and
    /// [`ImportRun::launch`] instead of [`ImportRun::next_batch`].
    pub fn lanes(&self) -> bool {
        self.lanes
    }

    /// Check the next batch of rows in `tx`, writing what cannot wait (its
    /// report lines, updates of existing customers), and keep its new
    /// customers for [`ImportRun::launch`]. Returns whether rows remain.
    pub async fn prepare_batch(&mut self, tx: &TenantTx) -> Result<bool> {
        tx.bulk_write().await?;
        let end = (self.done + BATCH_ROWS).min(self.sheet.rows.len());
        let mut i = self.done;
        while i < end {
            self.row(tx, i, false).await?;
            if std::mem::take(&mut self.cut) {
                break;
            }
            i += 1;
        }
        self.write_issues(tx).await?;
        self.done = i;
        Ok(self.done < self.sheet.rows.len())
    }

    /// Whether the prepared batch has new customers without a number.
    pub fn needs_numbers(&self) -> bool {
        self.pending.iter().any(|p| p.number.is_none())
    }

    /// Draw the customer numbers of the prepared batch in `tx`, a
    /// transaction of their own that the caller commits at once, so that
    /// batches written side by side never wait for each other's numbers. A
    /// batch that fails afterwards leaves its numbers unused.
    pub async fn draw_numbers(&mut self, tx: &TenantTx) -> Result<()> {
        self.drawn = self.draw(tx).await?;
        Ok(())
    }

    /// Insert the prepared batch's new customers in `tx` and commit it, in
    /// the background: the next batch is checked meanwhile, and up to
    /// [`LANES`] batches are written at once. Batches commit in order, so
    /// the progress a committed batch saved always matches the rows in the
    /// database. A failure shows in [`ImportRun::settle`].
    pub async fn launch(&mut self, tx: TenantTx) -> Result<()> {
        // Saved by the batch's own transaction once the one before it has
        // committed (the import's row would otherwise be locked by it).
        let progress = self.progress_update(&tx, ImportStatus::Running, false)?;
        let drawn = std::mem::take(&mut self.drawn);
        let models = self.take_pending(&tx, drawn)?;
        let rows = models.into_iter().map(|m| m.try_into_model().map_err(db_err)).collect::<Result<Vec<_>>>()?;
        let permit =
            self.lane_permits.clone().acquire_owned().await.map_err(|e| Error::Internal(e.to_string().into()))?;
        let earlier = self.in_flight.take();
        self.in_flight = Some(tokio::spawn(async move {
            write::insert_many(&tx, &rows, CreatedBy::Import).await?;
            if let Some(earlier) = earlier {
                earlier.await.map_err(|e| Error::Internal(e.to_string().into()))??;
            }
            progress.exec(tx.conn()).await.map_err(db_err)?;
            tx.commit().await?;
            drop(permit);
            Ok(())
        }));
        Ok(())
    }

    /// Wait until every launched batch is committed; the first failure.
    pub async fn settle(&mut self) -> Result<()> {
        match self.in_flight.take() {
            Some(last) => last.await.map_err(|e| Error::Internal(e.to_string().into()))?,
            None => Ok(()),
        }
    }

    /// End the import (after the last batch): its status, the file dropped,
    /// an audit entry. Returns the job's result.
    pub async fn finish(&mut self, tx: &TenantTx) -> Result<Value> {
        self.save(tx, ImportStatus::Done, true).await?;
        self.audit(tx, ImportStatus::Done).await?;
        self.emit_finished(tx);
        Ok(self.result(ImportStatus::Done))
    }

    /// `import.finished` with the counts, in the transaction that ends the
    /// import (rows left out: duplicates skipped and rows refused).
    fn emit_finished(&self, tx: &TenantTx) {
        let count = |n: i64| u64::try_from(n).unwrap_or_default();
        tx.emit(DomainEvent::ImportFinished {
            import: self.id,
            created: count(self.counts.created),
            updated: count(self.counts.updated),
            skipped: count(self.counts.skipped + self.counts.failed),
        });
    }

    async fn audit(&self, tx: &TenantTx, status: ImportStatus) -> Result<()> {
        audit::record(tx, "customer.import", "import", Some(self.id.0), self.result(status)).await
    }

    /// The job's result: where the import ended and its counts.
    pub fn result(&self, status: ImportStatus) -> Value {
        json!({
            "importId": self.id.0,
            "status": status.as_str(),
            "rows": self.sheet.rows.len(),
            "created": self.counts.created,
            "updated": self.counts.updated,
            "skipped": self.counts.skipped,
            "failed": self.counts.failed,
        })
    }
}
