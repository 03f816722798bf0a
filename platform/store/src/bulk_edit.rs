//! Bulk editing (批量编辑): one change (status, grade, owner, tags added or
//! removed, custom values) applied to a selection or a whole filtered list
//! as a job, with progress in customers and a report of every row it could
//! not change.
//!
//! [`start`] checks the change as far as it can without the rows (the tags'
//! names and whether the caller may add them, the new owner and the rules of
//! assignment, the custom fields' keys) and queues the job. The job walks the
//! filter's customers within the starter's sight by id ([`batch`], one
//! committed transaction per [`BATCH`] customers) and checks every row with
//! the rules of a single edit: the caller may edit it, its tags stay within
//! the limit, its custom values pass the fields' rules (and plugins), the
//! new owner's holding cap takes the batch. A row that fails is reported
//! and left as it was; the rest are written in bulk through the customers'
//! write path (history, events and the dashboards' summaries as for an
//! edit).

use std::collections::HashMap;

use guanxi_core::custom_fields::{FieldEntity, Writer};
use guanxi_core::customer::{CustomerScope, CustomerStatus, Grade};
use guanxi_core::events::OwnerChange;
use guanxi_core::{Error, FieldError, JobId, Result, UserId};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::{self, AuditAction};
use crate::customers::{self, CustomerFilter};
use crate::db::TenantTx;
use crate::entity::customer;

/// The job kind.
pub const JOB_KIND: &str = "customers.bulk_edit";

/// Customers per committed batch.
pub const BATCH: u64 = 2000;

/// At most this many failed rows are listed in the report (all are counted).
pub const MAX_REPORTED: usize = 1000;

/// What a bulk edit changes; unset parts stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkChange {
    /// A new status.
    pub status: Option<CustomerStatus>,
    /// A new grade (普通客户 or VIP).
    pub grade: Option<Grade>,
    /// A new owner (an assignment, within the rules and the holding cap).
    pub owner_id: Option<UserId>,
    /// Tags to add (kept once, after the customer's own).
    #[serde(default)]
    pub add_tags: Vec<String>,
    /// Tags to take off.
    #[serde(default)]
    pub remove_tags: Vec<String>,
    /// Custom values to set, by field key (`null` clears one).
    pub custom: Option<Value>,
}

impl BulkChange {
    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.grade.is_none()
            && self.owner_id.is_none()
            && self.add_tags.is_empty()
            && self.remove_tags.is_empty()
            && self.custom.as_ref().is_none_or(|c| c.as_object().is_none_or(serde_json::Map::is_empty))
    }
}

/// The job's payload: which customers and what to change.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BulkPayload {
    /// The customers: a filter in the store's terms (a selection is its `ids`).
    pub filter: CustomerFilter,
    /// The change, as checked by [`start`].
    pub change: BulkChange,
}

/// One row a batch could not change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RowIssue {
    /// The customer.
    pub customer_id: Uuid,
    /// Its name, for the report.
    pub name: String,
    /// The field, by its API name (`tags`, `ownerId`, `custom.budget`…).
    pub field: String,
    /// The reason's code (`forbidden`, `too_many`, `held_cap`…).
    pub code: String,
    /// What went wrong, in words.
    pub message: String,
}

/// What one batch did.
#[derive(Clone, Debug, Default)]
pub struct BatchOutcome {
    /// The last customer id read (the next batch starts after it); `None`
    /// when there were no more customers.
    pub last: Option<Uuid>,
    /// Customers read.
    pub seen: u64,
    /// Customers changed.
    pub changed: u64,
    /// Customers that already were as asked.
    pub unchanged: u64,
    /// Rows that failed, with why.
    pub failed: Vec<RowIssue>,
}

/// Check `change` for the caller and queue the job over `filter`'s
/// customers; returns the job (its total: how many customers the filter
/// holds now). `VALIDATION_FAILED` for a change that cannot apply to any
/// customer (nothing to change, a bad tag, a field that does not exist),
/// `FORBIDDEN` for an owner the caller may not assign to.
pub async fn start(tx: &TenantTx, filter: CustomerFilter, change: BulkChange) -> Result<JobId> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let change = check(tx, &scope, change).await?;
    if let Some(ids) = &filter.ids {
        customers::require_all_visible(tx, ids).await?;
    }
    let total = customers::count(tx, &filter).await?;
    let payload = serde_json::to_value(BulkPayload { filter, change: change.clone() })
        .map_err(|e| Error::Internal(format!("a bulk edit's payload: {e}").into()))?;
    let job = crate::jobs::enqueue(tx, JOB_KIND, payload, i64::try_from(total).ok()).await?;
    audit::record(
        tx,
        AuditAction::CustomerBulkEdit,
        "job",
        Some(job.0),
        json!({ "customers": total, "change": change }),
    )
    .await?;
    Ok(job)
}

/// Check a change alone, as [`start`] does before it looks at the
/// customers (its errors come before any about the target).
pub async fn check_change(tx: &TenantTx, change: BulkChange) -> Result<BulkChange> {
    let scope = CustomerScope::of(tx.actor()?)?;
    check(tx, &scope, change).await
}

/// The checks that do not need the rows; returns the change normalised.
async fn check(tx: &TenantTx, scope: &CustomerScope, mut change: BulkChange) -> Result<BulkChange> {
    let mut errors = Vec::new();
    let tags = |list: &[String], field: &str, errors: &mut Vec<FieldError>| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, t) in list.iter().enumerate() {
            match customers::tag_name(t, &format!("{field}.{i}")) {
                Ok(t) if !out.contains(&t) => out.push(t),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        out
    };
    change.add_tags = tags(&change.add_tags, "change.addTags", &mut errors);
    change.remove_tags = tags(&change.remove_tags, "change.removeTags", &mut errors);
    if let Some(both) = change.add_tags.iter().find(|t| change.remove_tags.contains(t)) {
        errors.push(FieldError::new("change.removeTags", "conflict", format!("`{both}` is both added and removed")));
    }
    if let Some(custom) = &change.custom
        && !custom.is_object()
    {
        errors.push(FieldError::new("change.custom", "invalid", "custom values are an object keyed by field key"));
    }
    if change.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("change", "required", "say what to change"));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    // Tags the list lacks: refused here when the caller may not add them.
    if let Some(known) = crate::tags::known_unless_creating(tx).await? {
        let unknown: Vec<FieldError> = change
            .add_tags
            .iter()
            .filter(|t| !known.contains(*t))
            .map(|t| crate::tags::unknown_tag("change.addTags", t))
            .collect();
        if !unknown.is_empty() {
            return Err(Error::Validation(unknown));
        }
    }
    if let Some(to) = change.owner_id {
        let owner = customers::owner_ref(tx, to).await?.map_err(|mut e| {
            e.field = "change.ownerId".to_owned();
            Error::Validation(vec![e])
        })?;
        if !scope.may_reassign(Some(&owner)) {
            return Err(Error::Forbidden);
        }
    }
    if let Some(custom) = &change.custom {
        let set = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
        let unknown: Vec<FieldError> = custom
            .as_object()
            .into_iter()
            .flat_map(|m| m.keys())
            .filter(|k| set.get(k).is_none())
            .map(|k| FieldError::new(format!("change.custom.{k}"), "unknown_field", "no such custom field"))
            .collect();
        if !unknown.is_empty() {
            return Err(Error::Validation(unknown));
        }
    }
    Ok(change)
}

/// Apply the change to the next [`BATCH`] customers after `after`, in the
/// caller's transaction (the job commits each batch).
pub async fn batch(tx: &TenantTx, payload: &BulkPayload, after: Option<Uuid>, limit: u64) -> Result<BatchOutcome> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let rows = customers::rows_after(tx, &payload.filter, after, limit).await?;
    let mut out = BatchOutcome { last: rows.last().map(|m| m.id), seen: rows.len() as u64, ..BatchOutcome::default() };
    let change = &payload.change;
    let fields = match &change.custom {
        Some(_) => Some(crate::custom_fields::field_set(tx, FieldEntity::Customer).await?),
        None => None,
    };
    let mut writes: Vec<customers::write::BulkRow> = Vec::new();
    let mut status_moves: HashMap<CustomerStatus, Vec<Uuid>> = HashMap::new();
    let mut owner_moves: Vec<&customer::Model> = Vec::new();
    let failed = &mut out.failed;
    let mut fail = |m: &customer::Model, field: &str, code: &str, message: String| {
        failed.push(RowIssue {
            customer_id: m.id,
            name: m.name.clone(),
            field: field.to_owned(),
            code: code.to_owned(),
            message,
        });
    };
    for m in &rows {
        if !scope.may_edit(m.owner_id.map(UserId)) {
            fail(m, "id", "forbidden", "you may not edit this customer".to_owned());
            continue;
        }
        let mut row = customers::write::BulkRow { id: m.id, ..Default::default() };
        if let Some(s) = change.status
            && s.as_str() != m.status
        {
            let old = m.status.parse::<CustomerStatus>().map_err(|_| corrupt("status"))?;
            row.history.push(("status".to_owned(), json!(old), json!(s)));
            row.status = Some(s.as_str().to_owned());
            status_moves.entry(old).or_default().push(m.id);
        }
        if let Some(g) = change.grade
            && g.as_str() != m.grade
        {
            let old = m.grade.parse::<Grade>().map_err(|_| corrupt("grade"))?;
            row.history.push(("grade".to_owned(), json!(old), json!(g)));
            row.grade = Some(g.as_str().to_owned());
        }
        if !change.add_tags.is_empty() || !change.remove_tags.is_empty() {
            let old: Vec<String> = serde_json::from_value(m.tags.clone()).unwrap_or_default();
            let mut new: Vec<String> = old.iter().filter(|t| !change.remove_tags.contains(t)).cloned().collect();
            for t in &change.add_tags {
                if !new.contains(t) {
                    new.push(t.clone());
                }
            }
            if new.len() > customers::MAX_TAGS {
                fail(m, "tags", "too_many", format!("a customer has at most {} tags", customers::MAX_TAGS));
                continue;
            }
            if new != old {
                row.history.push(("tags".to_owned(), json!(old), json!(new)));
                row.tags = Some(json!(new));
            }
        }
        if let (Some(custom), Some(set)) = (&change.custom, &fields) {
            let outcome = crate::custom_fields::apply_write(
                tx,
                set,
                m.id,
                Writer::Role(actor.role),
                Some(&m.custom),
                custom,
                &customers::record_fields(m),
            )
            .await;
            match outcome {
                Ok(o) => {
                    if !o.changes.is_empty() {
                        for c in o.changes {
                            row.history.push((format!("custom.{}", c.key), c.old, c.new));
                        }
                        row.custom = Some(o.value);
                    }
                }
                Err(e) => {
                    if let Some(e) = crate::custom_fields::record_errors(e)?.into_iter().next() {
                        fail(m, &e.field, e.reason, e.message);
                    }
                    continue;
                }
            }
        }
        let moves_owner = change.owner_id.is_some_and(|to| m.owner_id != Some(to.0));
        if row.history.is_empty() && !moves_owner {
            out.unchanged += 1;
            continue;
        }
        if moves_owner {
            owner_moves.push(m);
        }
        writes.push(row);
    }
    if let Some(to) = change.owner_id
        && !owner_moves.is_empty()
    {
        // The holding cap takes the batch's moves as one assignment; when
        // it cannot, the rows that would move fail and stay as they were.
        if let Err(e) = customers::pool::check_incoming(tx, to, owner_moves.len() as u64, false).await {
            let Error::LimitReached { limit, message, .. } = e else { return Err(e) };
            let refused: Vec<Uuid> = owner_moves.iter().map(|m| m.id).collect();
            for m in owner_moves.drain(..) {
                fail(m, "ownerId", limit, message.clone());
            }
            writes.retain(|w| !refused.contains(&w.id));
            for ids in status_moves.values_mut() {
                ids.retain(|id| !refused.contains(id));
            }
        }
    }
    out.changed = writes.len() as u64;
    customers::write::bulk_patch(tx, writes).await?;
    for (old, ids) in status_moves {
        if let (Some(new), false) = (change.status, ids.is_empty()) {
            crate::analytics::facts::moved_many(tx, &ids, old, new).await?;
        }
    }
    if let Some(to) = change.owner_id
        && !owner_moves.is_empty()
    {
        let moves: Vec<customers::write::MoveRow> = owner_moves.iter().map(|m| (*m).into()).collect();
        customers::write::move_owner(tx, &moves, customers::write::Destination::Owner(to, OwnerChange::Assign)).await?;
    }
    Ok(out)
}

fn corrupt(what: &str) -> Error {
    Error::Internal(format!("a stored customer {what} is not one we write").into())
}

/// The job's result: the counts, and the first [`MAX_REPORTED`] failed rows
/// (`failed_total` counts them all).
pub fn report(done: u64, changed: u64, unchanged: u64, failed: &[RowIssue], failed_total: u64) -> Value {
    json!({
        "customers": done,
        "changed": changed,
        "unchanged": unchanged,
        "failed": failed_total,
        "issues": failed.iter().take(MAX_REPORTED).collect::<Vec<_>>(),
    })
}
