//! Importing customers from CSV and XLSX files: preview a file's columns,
//! start an import (a background job with progress), read its report.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use guanxi_core::{Error, ImportId, UserId};
use guanxi_store::import::{self as store, DedupKey as StoreDedup, ImportMode as StoreMode, OnDuplicate as StoreOnDup};
use guanxi_store::jobs;
use guanxi_store::pagination;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::jobs::Job;

/// Which values make a row a duplicate of a customer already there.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::import::DedupKey")]
pub enum DedupKey {
    /// Any phone number in common (compared normalised: `138 1234 5678`
    /// and `+86 13812345678` are the same).
    Phone,
    /// The same e-mail address, ignoring case.
    Email,
    /// The same name and company (rows without a company never match on this).
    NameCompany,
}

/// What happens to a row that duplicates a customer already there.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::import::OnDuplicate")]
pub enum OnDuplicate {
    /// Leave the customer alone; the row is reported as skipped.
    Skip,
    /// Fill the customer with the row's non-empty cells; phones and tags are
    /// added. Only customers the importer may edit; others are skipped.
    Update,
    /// Create another customer anyway.
    Create,
}

/// Whether bad rows stop the import.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::import::ImportMode")]
pub enum ImportMode {
    /// Import the valid rows and report the others.
    ValidRows,
    /// Import nothing when any row is invalid.
    AllOrNothing,
}

/// Where an import stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::import::ImportStatus")]
pub enum ImportStatus {
    /// Waiting for its job.
    Queued,
    /// Importing.
    Running,
    /// Every row handled.
    Done,
    /// All or nothing found bad rows; nothing was imported.
    Rejected,
}

/// Whether a report line refused a row or skipped it.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::import::IssueSeverity")]
pub enum ImportIssueSeverity {
    /// Not imported: something in the row is wrong.
    Error,
    /// Not imported: a duplicate, left alone.
    Skipped,
    /// Nothing refused: a column of the file fills no field and is left
    /// out (reported on row 1, the header).
    Warning,
}

/// One column of the file and the customer field it fills.
#[derive(InputObject)]
pub struct ColumnMappingInput {
    /// The column's header as in the file.
    column: String,
    /// The field (see `ImportColumn.field` for the names), or null to leave
    /// the column out.
    field: Option<String>,
}

/// How to import a file. Everything is optional.
#[derive(InputObject, Default)]
pub struct ImportCustomersInput {
    /// Column → field. Absent: the recognised headers (Chinese or English,
    /// see `previewCustomerImport`). When given, unlisted columns are left out.
    mapping: Option<Vec<ColumnMappingInput>>,
    /// Duplicate keys; absent: all three.
    dedup: Option<Vec<DedupKey>>,
    /// Default: `SKIP`.
    on_duplicate: Option<OnDuplicate>,
    /// Default: `VALID_ROWS`.
    mode: Option<ImportMode>,
    /// Owner of rows with no owner cell: absent, the importer; with
    /// `toPool: true`, the public pool; otherwise this user (admins, and
    /// supervisors within their groups).
    owner_id: Option<ID>,
    /// Put rows without an owner cell into the public pool.
    #[graphql(default)]
    to_pool: bool,
    /// A workbook's sheet by name; default the first.
    sheet: Option<String>,
}

/// A column of a previewed file.
#[derive(SimpleObject)]
pub struct ImportColumn {
    /// Its header.
    header: String,
    /// The field recognised from the header, if any.
    field: Option<String>,
    /// That field's Chinese label.
    field_label: Option<String>,
}

/// A field an import column can fill: a customer field, or a custom field
/// (`custom.<key>`).
#[derive(SimpleObject)]
pub struct ImportField {
    /// Machine name, as used in `ColumnMappingInput.field`.
    name: String,
    /// Chinese label (the import template's header).
    label: String,
}

/// A column of a previewed file that fills no field, and why. The import
/// reports the same warnings on row 1 of its report.
#[derive(SimpleObject)]
pub struct ImportColumnWarning {
    /// The column's header (`column N` when it has none).
    column: String,
    /// `unmapped`, `duplicate_column`, `not_importable` or `no_header`.
    code: String,
    /// The reason for people.
    message: String,
}

/// What a file holds, read without importing it.
#[derive(SimpleObject)]
pub struct ImportPreview {
    /// `CSV` or `XLSX`.
    format: String,
    /// The text encoding a CSV file was read in (`UTF-8`, `GB18030` …); empty for workbooks.
    encoding: String,
    /// The columns, with the recognised field of each.
    columns: Vec<ImportColumn>,
    /// The first rows, as text.
    sample: Vec<Vec<String>>,
    /// Data rows in all.
    rows: u64,
    /// Every field a column can fill.
    fields: Vec<ImportField>,
    /// Every column that would fill nothing, and why: never left out in
    /// silence.
    warnings: Vec<ImportColumnWarning>,
}

/// A line of an import's report.
#[derive(SimpleObject)]
pub struct ImportIssue {
    /// Spreadsheet row (the header is row 1; 0 is the file as a whole).
    row: i64,
    /// The column at fault, when there is one.
    column: Option<String>,
    /// Machine-readable reason: `required`, `invalid`, `unknown`, `taken`,
    /// `duplicate` …; for warnings those of `ImportColumnWarning.code`.
    code: String,
    /// The reason for people.
    message: String,
    /// Refused or skipped.
    severity: ImportIssueSeverity,
}

/// A page of an import's report.
#[derive(SimpleObject)]
pub struct ImportIssuePage {
    /// The lines, in row order.
    items: Vec<ImportIssue>,
    /// Lines in all.
    total: u64,
}

/// A customer import.
pub struct CustomerImport(store::Import);

#[Object]
impl CustomerImport {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The uploaded file's name.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// `CSV` or `XLSX`.
    async fn format(&self) -> &str {
        match self.0.format {
            store::Format::Csv => "CSV",
            store::Format::Xlsx => "XLSX",
        }
    }
    async fn status(&self) -> ImportStatus {
        self.0.status.into()
    }
    /// The background job (progress, failure, cancelling).
    async fn job(&self, ctx: &Context<'_>) -> ApiResult<Job> {
        ctx.read(async |tx| Ok(Job(jobs::get(tx, self.0.job_id).await?))).await
    }
    async fn on_duplicate(&self) -> OnDuplicate {
        self.0.options.on_duplicate.into()
    }
    async fn mode(&self) -> ImportMode {
        self.0.options.mode.into()
    }
    async fn dedup(&self) -> Vec<DedupKey> {
        self.0.options.dedup.iter().map(|d| (*d).into()).collect()
    }
    /// Data rows in the file.
    async fn rows_total(&self) -> i64 {
        self.0.rows_total
    }
    /// Rows handled so far.
    async fn rows_done(&self) -> i64 {
        self.0.rows_done
    }
    /// Customers created.
    async fn created(&self) -> i64 {
        self.0.created
    }
    /// Customers updated.
    async fn updated(&self) -> i64 {
        self.0.updated
    }
    /// Duplicates left alone.
    async fn skipped(&self) -> i64 {
        self.0.skipped
    }
    /// Rows refused.
    async fn failed(&self) -> i64 {
        self.0.failed
    }
    /// The report: refused and skipped rows with the reason, and a warning
    /// for each column that fills nothing (row 1), in row order.
    async fn issues(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 0)] offset: i64,
        #[graphql(default = 100)] limit: i64,
    ) -> ApiResult<ImportIssuePage> {
        let offset = u64::try_from(offset).map_err(|_| Error::invalid("offset", "out_of_range", "offset ≥ 0"))?;
        let limit = pagination::limit(limit, 500)?;
        ctx.read(async |tx| {
            let (items, total) = store::issues(tx, self.0.id, offset, limit).await?;
            Ok(ImportIssuePage {
                items: items
                    .into_iter()
                    .map(|i| ImportIssue {
                        row: i.row,
                        column: i.column,
                        code: i.code,
                        message: i.message,
                        severity: i.severity.into(),
                    })
                    .collect(),
                total,
            })
        })
        .await
    }
    async fn created_by_id(&self) -> ID {
        ID(self.0.created_by.to_string())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

pub(crate) fn read_upload(ctx: &Context<'_>, file: &Upload) -> ApiResult<async_graphql::UploadValue> {
    file.value(ctx).map_err(|_| Error::invalid("file", "unreadable", "the upload could not be read").into())
}

#[derive(Default)]
pub struct ImportQuery;

#[Object]
impl ImportQuery {
    /// One import: the caller's own, or any of the company's for admins.
    async fn customer_import(&self, ctx: &Context<'_>, id: ID) -> ApiResult<CustomerImport> {
        let id = parse_id::<ImportId>(&id, "id")?;
        ctx.read(async |tx| Ok(CustomerImport(store::get(tx, id).await?))).await
    }

    /// The newest imports: the caller's own, or everyone's for admins.
    async fn customer_imports(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] limit: i32,
    ) -> ApiResult<Vec<CustomerImport>> {
        let limit = pagination::limit(limit, 100)?;
        ctx.read(async |tx| Ok(store::list(tx, limit).await?.into_iter().map(CustomerImport).collect())).await
    }
}

#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Read an uploaded CSV or XLSX file without importing it: its columns
    /// with the field recognised for each header, the first rows and the row
    /// count. A broken file: `VALIDATION_FAILED` on `file`.
    async fn preview_customer_import(
        &self,
        ctx: &Context<'_>,
        file: Upload,
        sheet: Option<String>,
    ) -> ApiResult<ImportPreview> {
        // Authenticated users of a company only; the file is read before
        // a transaction begins, so reading it holds no connection.
        ctx.principal()?;
        let upload = read_upload(ctx, &file)?;
        let file = store::UploadedFile::read(upload.content.to_vec(), sheet).await?;
        ctx.read(async |tx| {
            let p = store::preview(tx, &file).await?;
            Ok(ImportPreview {
                format: match p.format {
                    store::Format::Csv => "CSV",
                    store::Format::Xlsx => "XLSX",
                }
                .to_owned(),
                encoding: p.encoding.to_owned(),
                columns: p
                    .headers
                    .into_iter()
                    .zip(p.mapping)
                    .map(|(header, f)| ImportColumn {
                        header,
                        field_label: f.as_ref().map(|f| f.label.clone()),
                        field: f.map(|f| f.name),
                    })
                    .collect(),
                sample: p.sample,
                rows: p.rows as u64,
                fields: p.targets.into_iter().map(|t| ImportField { name: t.name, label: t.label }).collect(),
                warnings: p
                    .warnings
                    .into_iter()
                    .map(|w| ImportColumnWarning { column: w.column, code: w.code.to_owned(), message: w.message })
                    .collect(),
            })
        })
        .await
    }

    /// Import customers from an uploaded CSV (UTF-8, UTF-16 or GBK) or XLSX
    /// file. The file is checked and queued; rows are imported by a
    /// background job: poll `customerImport(id)` (or its `job`) for progress,
    /// counts and the per-row report. Rows follow the same rules as
    /// `createCustomer`; duplicates are found on normalised phone, e-mail or
    /// name + company across the whole company.
    async fn import_customers(
        &self,
        ctx: &Context<'_>,
        file: Upload,
        input: Option<ImportCustomersInput>,
    ) -> ApiResult<CustomerImport> {
        let input = input.unwrap_or_default();
        let upload = read_upload(ctx, &file)?;
        let owner_id = match (input.to_pool, input.owner_id) {
            (true, Some(_)) => {
                return Err(Error::invalid("input.ownerId", "conflict", "give an owner or toPool, not both").into());
            }
            (true, None) => Some(None),
            (false, Some(id)) => Some(Some(parse_id::<UserId>(&id, "input.ownerId")?)),
            (false, None) => None,
        };
        ctx.principal()?;
        let file = store::UploadedFile::read(upload.content.to_vec(), input.sheet).await?;
        let request = store::NewImport {
            file_name: upload.filename.clone(),
            file,
            mapping: input.mapping.map(|list| {
                list.into_iter().map(|m| store::ColumnMapping { column: m.column, field: m.field }).collect()
            }),
            dedup: input.dedup.map(|d| d.into_iter().map(StoreDedup::from).collect()),
            on_duplicate: input.on_duplicate.map(StoreOnDup::from).unwrap_or_default(),
            mode: input.mode.map(StoreMode::from).unwrap_or_default(),
            owner_id,
        };
        ctx.write(async |tx| {
            let started = store::start(tx, request).await?;
            Ok(CustomerImport(started))
        })
        .await
    }
}
