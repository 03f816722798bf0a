//! Bulk editing (批量编辑): one change for a selection, a filtered list or a
//! segment, run as a job whose result is the per-row report.

use async_graphql::{Context, ID, InputObject, Json, Object};
use guanxi_core::{Error, FieldError, UserId};
use guanxi_store::bulk_edit::{self, BulkChange};
use guanxi_store::jobs;
use serde_json::Value;

use crate::context::ContextExt;
use crate::customers::{CustomerFilter, CustomerStatus, Grade};
use crate::error::{ApiResult, parse_id};
use crate::jobs::Job;

/// What a bulk edit changes; omitted parts stay as they are.
#[derive(InputObject)]
pub struct BulkCustomerChange {
    /// A new status.
    status: Option<CustomerStatus>,
    /// A new grade.
    grade: Option<Grade>,
    /// A new owner: an assignment, with the same rules as `assignCustomers`
    /// (supervisors and admins; the recipient's holding cap applies to
    /// each batch).
    owner_id: Option<ID>,
    /// Tags to add (each at most once per customer).
    add_tags: Option<Vec<String>>,
    /// Tags to take off.
    remove_tags: Option<Vec<String>>,
    /// Custom values to set, keyed by field key (`null` clears one),
    /// checked per customer by the fields' rules.
    custom: Option<Json<Value>>,
}

#[derive(Default)]
pub struct BulkEditMutation;

#[Object]
impl BulkEditMutation {
    /// Apply one change to many customers as a job (`Job.progressDone` in
    /// customers). The customers: `ids` (a selection), or everyone a
    /// `filter` or a `segmentId` holds within the caller's sight (give one
    /// of the three). Each customer is checked as a single edit would be;
    /// the job's `result` reports `customers`, `changed`, `unchanged`,
    /// `failed` and the failed rows (`issues`: `customerId`, `name`,
    /// `field`, `code`, `message`; the first 1,000).
    async fn bulk_edit_customers(
        &self,
        ctx: &Context<'_>,
        ids: Option<Vec<ID>>,
        filter: Option<CustomerFilter>,
        segment_id: Option<ID>,
        change: BulkCustomerChange,
    ) -> ApiResult<Job> {
        let given = [ids.is_some(), filter.is_some(), segment_id.is_some()].iter().filter(|g| **g).count();
        let ids = crate::exports::export_ids(ids)?;
        let filter = match filter {
            Some(f) => Some(CustomerFilter::into_store(Some(f))?),
            None => None,
        };
        let owner_id = change.owner_id.as_ref().map(|id| parse_id::<UserId>(id, "change.ownerId")).transpose()?;
        let change = BulkChange {
            status: change.status.map(Into::into),
            grade: change.grade.map(Into::into),
            owner_id,
            add_tags: change.add_tags.unwrap_or_default(),
            remove_tags: change.remove_tags.unwrap_or_default(),
            custom: change.custom.map(|j| j.0),
        };
        ctx.write(async |tx| {
            if given != 1 {
                // The change's own errors first: they hold whatever the
                // target turns out to be.
                bulk_edit::check_change(tx, change.clone()).await?;
                return Err(Error::Validation(vec![FieldError::new(
                    "ids",
                    "one_target",
                    "give exactly one of ids, filter and segmentId",
                )])
                .into());
            }
            let target = match (&ids, &filter, &segment_id) {
                (Some(ids), _, _) => {
                    guanxi_store::customers::CustomerFilter { ids: Some(ids.clone()), ..Default::default() }
                }
                (_, Some(f), _) => f.clone(),
                (_, _, Some(id)) => crate::segments::segment_filter(tx, id).await?,
                _ => Default::default(),
            };
            let job = bulk_edit::start(tx, target, change.clone()).await?;
            Ok(Job(jobs::get(tx, job).await?))
        })
        .await
    }
}
