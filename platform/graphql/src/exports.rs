//! Exports of the caller's customer view and of conversations to XLSX or
//! CSV: a mutation checks the request and returns a short-lived link that
//! a browser can open (`GET /downloads/{token}`).

use async_graphql::{Context, Enum, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_store::export::{self, ExportFormat as StoreFormat, ExportRequest};

use crate::context::ContextExt;
use crate::conversations::ConversationsFilter;
use crate::customers::{CustomerFilter, CustomerSort};
use crate::error::{ApiResult, parse_id};
use guanxi_core::{CustomerId, Error};

/// The most customers an export can name by id (a list's selection).
pub const MAX_EXPORT_IDS: usize = 1000;

/// The ids of `ids` as the store's filter takes them: each a valid customer
/// id, at most [`MAX_EXPORT_IDS`], duplicates dropped.
pub(crate) fn export_ids(ids: Option<Vec<async_graphql::ID>>) -> ApiResult<Option<Vec<uuid::Uuid>>> {
    let Some(ids) = ids else { return Ok(None) };
    if ids.len() > MAX_EXPORT_IDS {
        return Err(Error::invalid("ids", "too_many", format!("at most {MAX_EXPORT_IDS} customers")).into());
    }
    let mut out = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let id: CustomerId = parse_id(id, &format!("ids.{i}"))?;
        if !out.contains(&id.0) {
            out.push(id.0);
        }
    }
    Ok(Some(out))
}

/// The file type of an export.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
#[graphql(remote = "guanxi_store::export::ExportFormat")]
pub enum ExportFormat {
    /// An Excel workbook.
    #[default]
    Xlsx,
    /// UTF-8 CSV with a byte-order mark, so Excel shows the Chinese.
    Csv,
}

/// A download link for an export.
#[derive(SimpleObject)]
pub struct ExportLink {
    /// Path to GET, relative to the server (`/downloads/gxd_…`); no bearer
    /// token needed, so a browser can open it.
    url: String,
    /// The file's name (e.g. `客户_20261122.xlsx`).
    file_name: String,
    /// When the link stops working (10 minutes).
    expires_at: DateTime<Utc>,
    /// Rows matching now; the file holds the rows matching when downloaded.
    rows: u64,
}

fn link(started: export::StartedExport) -> ExportLink {
    ExportLink {
        url: format!("/downloads/{}", started.link.token),
        file_name: started.link.file_name,
        expires_at: started.link.expires_at,
        rows: started.rows,
    }
}

#[derive(Default)]
pub struct ExportMutation;

#[Object]
impl ExportMutation {
    /// Export the customers the caller sees that match `filter` (the same
    /// filter as `customers`), in `sort` order, with Chinese headers. The
    /// download runs with the caller's rights at that time; it is audited.
    /// `ids` narrows the export to these customers (a list's selection, at
    /// most 1,000): each must be visible (else `NOT_FOUND`), and the file
    /// holds those that match `filter`; an empty list exports no rows.
    /// `segmentId` exports a segment's customers instead of `filter` (give
    /// one or the other).
    async fn export_customers(
        &self,
        ctx: &Context<'_>,
        filter: Option<CustomerFilter>,
        sort: Option<CustomerSort>,
        #[graphql(default)] format: ExportFormat,
        ids: Option<Vec<async_graphql::ID>>,
        segment_id: Option<async_graphql::ID>,
    ) -> ApiResult<ExportLink> {
        let given = match (&segment_id, filter) {
            (Some(_), Some(_)) => {
                return Err(guanxi_core::Error::Validation(vec![guanxi_core::FieldError::new(
                    "segmentId",
                    "not_allowed",
                    "give a filter or a segment, not both",
                )])
                .into());
            }
            (Some(_), None) => None,
            (None, filter) => Some(CustomerFilter::into_store(filter)?),
        };
        let ids = export_ids(ids)?;
        let sort = CustomerSort::into_store(sort);
        ctx.exempt_write(guanxi_store::billing::Exempt::Export, async |tx| {
            let mut filter = match (given, &segment_id) {
                (Some(f), _) => f,
                (None, Some(id)) => crate::segments::segment_filter(tx, id).await?,
                (None, None) => Default::default(),
            };
            filter.ids = ids;
            let request =
                ExportRequest::Customers { filter: Box::new(filter), sort, format: StoreFormat::from(format) };
            let started = export::start(tx, request).await?;
            Ok(link(started))
        })
        .await
    }

    /// Export the conversations the caller sees that match `filter` (the
    /// same filter as `conversations`), newest first, with Chinese headers.
    async fn export_conversations(
        &self,
        ctx: &Context<'_>,
        filter: Option<ConversationsFilter>,
        #[graphql(default)] format: ExportFormat,
    ) -> ApiResult<ExportLink> {
        let filter = match filter {
            Some(f) => f.into_store()?,
            None => Default::default(),
        };
        let request = ExportRequest::Conversations { filter, format: StoreFormat::from(format) };
        ctx.exempt_write(guanxi_store::billing::Exempt::Export, async |tx| {
            let started = export::start(tx, request).await?;
            Ok(link(started))
        })
        .await
    }
}
