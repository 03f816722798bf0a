//! An import's report: one line per refused, skipped or warned row, kept
//! in `import_issues`, and the rejection of a file that can no longer be
//! read.

use guanxi_core::{DomainEvent, FieldError, ImportId, Result};
use sea_orm::{ActiveValue::Set, ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit;
use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use crate::entity::{import, import_issue};

use super::lanes::INSERT_CHUNK;
use super::record::{ImportStatus, get};
use super::run::ImportRun;

/// Whether a report line refused a row or only skipped it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueSeverity {
    /// The row was not imported because something in it is wrong.
    Error,
    /// The row duplicates an existing customer and was left alone.
    Skipped,
    /// Nothing was refused: a column of the file fills no field (row 1,
    /// the header; see [`ColumnWarning`](super::ColumnWarning)).
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

/// The API field of a `check_new` error (`phones.0` → `phones`); a custom
/// field's path stays whole (`custom.level`).
pub(super) fn api_field(field: &str) -> &str {
    if field.starts_with("custom.") {
        return field;
    }
    field.split('.').next().unwrap_or(field)
}

/// A line of an import's report as a table row.
pub(super) fn issue_row(
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
    super::record::drop_file(tx, id).await?;
    let result = json!({ "importId": id.0, "status": ImportStatus::Rejected.as_str() });
    audit::record(tx, AuditAction::CustomerImport, "import", Some(id.0), result.clone()).await?;
    tx.emit(DomainEvent::ImportFinished { import: id, created: 0, updated: 0, skipped: 0 });
    Ok(result)
}

impl ImportRun {
    /// Report a refused row's errors, each under its column.
    pub(super) fn refuse(&mut self, row_no: u64, errors: Vec<FieldError>) {
        for e in errors {
            let column = self.header_of.get(api_field(&e.field)).cloned();
            self.issue(row_no, column, e.reason, e.message, IssueSeverity::Error);
        }
        self.counts.failed += 1;
    }

    pub(super) fn issue(
        &mut self,
        row: u64,
        column: Option<String>,
        code: &'static str,
        message: String,
        sev: IssueSeverity,
    ) {
        self.issues.push((row, column, code, message, sev));
    }

    /// Write the collected report lines.
    pub(super) async fn write_issues(&mut self, tx: &TenantTx) -> Result<()> {
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
}
