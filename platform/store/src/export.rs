//! Exports of the caller's customer view and of conversations, to XLSX and
//! CSV with Chinese headers.
//!
//! [`start`] validates the request as the list would (every filter is
//! checked and the rows are counted under the caller's visibility), audits
//! it and issues a download link. The download then reads the rows a page of
//! [`PAGE`] at a time, each page in its own read transaction under the
//! rights the user has *then*, with the same filter and visibility code as
//! the lists, and hands them to a [`FileWriter`]: CSV leaves as each page is
//! written; XLSX is assembled in constant memory (rows go to a temporary
//! file) and sent when complete.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use guanxi_core::custom_fields::{CompiledField, FieldEntity};
use guanxi_core::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit;
use crate::audit::AuditAction;
use crate::conversations::{self, ConversationFilter};
use crate::customers::{self, CustomerFilter, CustomerSort, tenant_tz};
use crate::db::TenantTx;
use crate::downloads::{self, IssuedLink};

/// Rows read per transaction while downloading.
pub const PAGE: i64 = 1000;

/// Column headers of a customer export; they are also headers the importer
/// recognises, so an export can be imported again.
pub const CUSTOMER_HEADERS: [&str; 19] = [
    "客户编号",
    "姓名",
    "公司",
    "职务",
    "电话",
    "邮箱",
    "地址",
    "性别",
    "生日",
    "状态",
    "行业",
    "来源",
    "等级",
    "标签",
    "负责人",
    "最后联系时间",
    "下次拜访时间",
    "创建时间",
    "更新时间",
];

/// Column headers of a conversation export.
pub const CONVERSATION_HEADERS: [&str; 8] = ["客户编号", "客户", "主题", "内容", "方式", "时间", "记录人", "记录时间"];

/// The file type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// An Excel workbook.
    #[default]
    Xlsx,
    /// UTF-8 CSV with a byte-order mark (so Excel reads the Chinese).
    Csv,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }

    /// The response's content type.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ExportFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// What to export.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum ExportRequest {
    /// Customers matching a list filter, in a list order.
    Customers {
        /// The filter (boxed: it is most of the request's size).
        filter: Box<CustomerFilter>,
        /// The order.
        sort: CustomerSort,
        /// The file type.
        format: ExportFormat,
    },
    /// Conversations matching a filter, newest first.
    Conversations {
        /// The filter.
        filter: ConversationFilter,
        /// The file type.
        format: ExportFormat,
    },
}

impl ExportRequest {
    /// The file type.
    pub fn format(&self) -> ExportFormat {
        match self {
            ExportRequest::Customers { format, .. } | ExportRequest::Conversations { format, .. } => *format,
        }
    }

    /// The header row of the built-in columns (custom fields follow them;
    /// see [`Chunk::headers`]).
    pub fn headers(&self) -> &'static [&'static str] {
        match self {
            ExportRequest::Customers { .. } => &CUSTOMER_HEADERS,
            ExportRequest::Conversations { .. } => &CONVERSATION_HEADERS,
        }
    }
}

/// A started export: its link and how many rows matched when it was asked for.
#[derive(Clone, Debug)]
pub struct StartedExport {
    /// The download link.
    pub link: IssuedLink,
    /// Rows matching now.
    pub rows: u64,
}

/// Check an export request, audit it and issue its download link.
pub async fn start(tx: &TenantTx, request: ExportRequest) -> Result<StartedExport> {
    // Named customers must all be ones the caller may see: never a quietly
    // smaller file.
    if let ExportRequest::Customers { filter, .. } = &request
        && let Some(ids) = &filter.ids
    {
        customers::require_all_visible(tx, ids).await?;
    }
    let (rows, stem) = match &request {
        ExportRequest::Customers { filter, .. } => (customers::count(tx, filter).await?, "客户"),
        ExportRequest::Conversations { filter, .. } => {
            (conversations::list_page(tx, filter, 1, None, true).await?.total_count, "洽谈记录")
        }
    };
    let today = tx.now.with_timezone(&tenant_tz(tx).await?).format("%Y%m%d");
    let file_name = format!("{stem}_{today}.{}", request.format().extension());
    let params = serde_json::to_value(&request).map_err(Error::internal)?;
    let action = match request {
        ExportRequest::Customers { .. } => AuditAction::CustomerExport,
        ExportRequest::Conversations { .. } => AuditAction::ConversationExport,
    };
    audit::record(tx, action, "export", None, json!({ "request": params, "rows": rows })).await?;
    let link = downloads::issue(tx, "export", params, &file_name).await?;
    Ok(StartedExport { link, rows })
}

/// One page of rows as text and the cursor of the next, if any.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    /// The header row: the built-in columns, then the custom fields the
    /// caller may see, by label.
    pub headers: Vec<String>,
    /// Rows, in the headers' order.
    pub rows: Vec<Vec<String>>,
    /// Where the next page starts.
    pub next: Option<String>,
}

fn time(t: Option<DateTime<Utc>>, tz: Tz) -> String {
    t.map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// The custom fields of `entity` the caller may see, in display order.
async fn custom_columns(tx: &TenantTx, entity: FieldEntity) -> Result<Vec<CompiledField>> {
    Ok(crate::custom_fields::readable_fields(tx, entity).await?.fields().cloned().collect())
}

/// The header row: `builtin`, then the custom fields' labels.
fn header_row(builtin: &[&str], custom: &[CompiledField]) -> Vec<String> {
    builtin.iter().map(|h| (*h).to_owned()).chain(custom.iter().map(|f| f.def.spec.label.clone())).collect()
}

/// A record's custom values as text, in `custom`'s order.
fn custom_cells(custom: &[CompiledField], values: &serde_json::Value) -> impl Iterator<Item = String> {
    custom.iter().map(|f| values.get(f.key()).filter(|v| !v.is_null()).map(|v| f.display(v)).unwrap_or_default())
}

/// Read the page of `request` after `after`, under `tx`'s user's rights.
pub async fn chunk(tx: &TenantTx, request: &ExportRequest, after: Option<&str>) -> Result<Chunk> {
    let tz = tenant_tz(tx).await?;
    let entity = match request {
        ExportRequest::Customers { .. } => FieldEntity::Customer,
        ExportRequest::Conversations { .. } => FieldEntity::Conversation,
    };
    let custom = custom_columns(tx, entity).await?;
    let headers = header_row(request.headers(), &custom);
    match request {
        ExportRequest::Customers { filter, sort, .. } => {
            let page = customers::list_page(tx, filter, sort.clone(), PAGE, after).await?;
            let next = if page.has_next_page { page.edges.last().map(|(c, _)| c.clone()) } else { None };
            let rows = page
                .edges
                .into_iter()
                .map(|(_, c)| {
                    let extra = custom_cells(&custom, &c.custom);
                    let mut row = vec![
                        c.number,
                        c.name,
                        c.company.unwrap_or_default(),
                        c.title.unwrap_or_default(),
                        c.phones.join("、"),
                        c.email.unwrap_or_default(),
                        c.address.unwrap_or_default(),
                        c.gender.label_zh().to_owned(),
                        date(c.birthday),
                        c.status.label_zh().to_owned(),
                        c.industry.unwrap_or_default(),
                        c.source.unwrap_or_default(),
                        c.grade.label_zh().to_owned(),
                        c.tags.join("、"),
                        c.owner.map(|o| o.display_name).unwrap_or_default(),
                        time(c.last_contact_at, tz),
                        time(c.next_visit_at, tz),
                        time(Some(c.created_at), tz),
                        time(Some(c.updated_at), tz),
                    ];
                    row.extend(extra);
                    row
                })
                .collect();
            Ok(Chunk { headers, rows, next })
        }
        ExportRequest::Conversations { filter, .. } => {
            let page = conversations::list_page(tx, filter, PAGE.unsigned_abs(), after, false).await?;
            let next = if page.has_next_page { page.edges.last().map(|(c, _)| c.clone()) } else { None };
            let numbers = conversations::customer_numbers(tx, page.edges.iter().map(|(_, c)| c.customer_id)).await?;
            let rows = page
                .edges
                .into_iter()
                .map(|(_, c)| {
                    let extra = custom_cells(&custom, &c.custom);
                    let mut row = vec![
                        numbers.get(&c.customer_id).cloned().unwrap_or_default(),
                        c.customer_name,
                        c.topic,
                        c.content,
                        c.kind.label_zh().to_owned(),
                        time(Some(c.occurred_at), tz),
                        c.author.display_name,
                        time(Some(c.created_at), tz),
                    ];
                    row.extend(extra);
                    row
                })
                .collect();
            Ok(Chunk { headers, rows, next })
        }
    }
}

/// Writes an export file a page at a time.
pub enum FileWriter {
    /// CSV: bytes leave after each page; these are not sent yet.
    Csv(Vec<u8>),
    /// XLSX: rows go to the workbook (a temporary file in constant-memory
    /// mode); the bytes come at the end.
    Xlsx {
        /// The workbook.
        book: Box<rust_xlsxwriter::Workbook>,
        /// Rows written so far, the header included.
        row: u32,
    },
}

/// Characters that make a spreadsheet read a CSV cell as a formula (or
/// that begin one after Excel trims them).
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a CSV cell needs a leading `'`: it begins with one of
/// [`FORMULA_STARTS`], after any `'` already there.
pub(crate) fn needs_quote_mark(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A CSV cell that no spreadsheet runs as a formula, as OWASP recommends:
/// a cell beginning with `=` `+` `-` `@`, a tab or a carriage return gets
/// a leading `'`, which Excel shows as text and hides. Numbers such as
/// `-5` and phones such as `+86 …` get it too: any test of "looks like a
/// number" is one a formula can be made to pass. A cell whose `'`s are
/// followed by one of those characters gets one more, so the importer,
/// which removes one from such cells, reads every exported value back
/// exactly.
pub fn neutralise_csv_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote_mark(cell) { std::borrow::Cow::Owned(format!("'{cell}")) } else { std::borrow::Cow::Borrowed(cell) }
}

/// `rows` as CSV appended to `out`: every field quoted, formulas neutralised.
fn csv_rows<'a>(rows: impl Iterator<Item = &'a Vec<String>>, out: Vec<u8>) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().has_headers(false).quote_style(csv::QuoteStyle::Always).from_writer(out);
    for r in rows {
        w.write_record(r.iter().map(|c| neutralise_csv_cell(c).into_owned())).map_err(Error::internal)?;
    }
    w.into_inner().map_err(|e| Error::internal(e.into_error()))
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::internal(e)
}

impl FileWriter {
    /// A writer of `format` that has written the header row.
    pub fn new(format: ExportFormat, headers: &[String]) -> Result<FileWriter> {
        match format {
            ExportFormat::Csv => {
                // The byte-order mark tells Excel the file is UTF-8.
                let mut start = b"\xEF\xBB\xBF".to_vec();
                start.extend(csv_rows([headers.to_vec()].iter(), Vec::new())?);
                Ok(FileWriter::Csv(start))
            }
            ExportFormat::Xlsx => {
                let mut book = Box::new(rust_xlsxwriter::Workbook::new());
                let bold = rust_xlsxwriter::Format::new().set_bold();
                let sheet = book.add_worksheet_with_constant_memory().map_err(xlsx_err)?;
                for (c, h) in headers.iter().enumerate() {
                    let c = u16::try_from(c).map_err(Error::internal)?;
                    sheet.write_string_with_format(0, c, h.as_str(), &bold).map_err(xlsx_err)?;
                }
                Ok(FileWriter::Xlsx { book, row: 1 })
            }
        }
    }

    /// Add rows; for CSV, returns the bytes ready to send.
    pub fn write(&mut self, rows: &[Vec<String>]) -> Result<Vec<u8>> {
        match self {
            FileWriter::Csv(pending) => csv_rows(rows.iter(), std::mem::take(pending)),
            FileWriter::Xlsx { book, row } => {
                let sheet = book.worksheet_from_index(0).map_err(xlsx_err)?;
                for r in rows {
                    for (c, v) in r.iter().enumerate() {
                        if !v.is_empty() {
                            let c = u16::try_from(c).map_err(Error::internal)?;
                            sheet.write_string(*row, c, v).map_err(xlsx_err)?;
                        }
                    }
                    *row += 1;
                }
                Ok(Vec::new())
            }
        }
    }

    /// The remaining bytes: the rest of a CSV, or the whole workbook.
    pub fn finish(self) -> Result<Vec<u8>> {
        match self {
            FileWriter::Csv(pending) => Ok(pending),
            FileWriter::Xlsx { mut book, .. } => book.save_to_buffer().map_err(xlsx_err),
        }
    }
}
