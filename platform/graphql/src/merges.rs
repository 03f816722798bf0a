//! Merging duplicate customers (合并客户): a plan to look at first, the
//! merge itself, and its undo within 30 days.

use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::CustomerId;
use guanxi_store::customers;
use guanxi_store::merges::{self, Choice, FieldPlan, MergeInput, MergePlan as StorePlan, MergeRecord, MoveCount};
use serde_json::Value;

use crate::context::ContextExt;
use crate::customers::Customer;
use crate::error::{ApiResult, parse_id};

/// A field whose value comes from another customer than the default.
#[derive(InputObject)]
pub struct MergeChoice {
    /// The field, by API name (`name`, `company`, `title`, `email`,
    /// `address`, `gender`, `birthday`, `photo`, `status`, `industry`,
    /// `source`, `grade`), or `custom.<key>` for a custom value.
    field: String,
    /// The customer whose value the survivor takes.
    customer_id: ID,
}

/// Customers to merge into one.
#[derive(InputObject)]
pub struct MergeCustomersInput {
    /// The customer that remains: it keeps its id, number and owner.
    survivor_id: ID,
    /// The customers folded into it (1–9).
    merged_ids: Vec<ID>,
    /// Fields to take from another customer than the default, which is
    /// the most recently updated customer with a value.
    #[graphql(default)]
    choices: Vec<MergeChoice>,
}

impl MergeCustomersInput {
    fn into_store(self) -> ApiResult<MergeInput> {
        Ok(MergeInput {
            survivor: Some(parse_id::<CustomerId>(&self.survivor_id, "survivorId")?),
            merged: self
                .merged_ids
                .iter()
                .map(|id| parse_id::<CustomerId>(id, "mergedIds"))
                .collect::<Result<_, _>>()?,
            choices: self
                .choices
                .into_iter()
                .map(|c| Ok(Choice { field: c.field, from: parse_id::<CustomerId>(&c.customer_id, "choices")? }))
                .collect::<ApiResult<_>>()?,
        })
    }
}

/// One customer's value of a field.
#[derive(SimpleObject)]
pub struct MergeFieldValue {
    /// The customer.
    customer_id: ID,
    /// Its value (null: none).
    value: Json<Value>,
}

/// A field of the survivor as the merge sets it.
pub struct MergeField(FieldPlan);

#[Object]
impl MergeField {
    /// The field, by API name (`custom.<key>` for a custom value).
    async fn field(&self) -> &str {
        &self.0.field
    }
    /// Each customer's value, survivor first.
    async fn values(&self) -> Vec<MergeFieldValue> {
        self.0
            .values
            .iter()
            .map(|v| MergeFieldValue { customer_id: ID(v.customer.0.to_string()), value: Json(v.value.clone()) })
            .collect()
    }
    /// The customer whose value is taken.
    async fn chosen_customer_id(&self) -> ID {
        ID(self.0.chosen.0.to_string())
    }
    /// The value taken.
    async fn value(&self) -> Json<Value> {
        Json(self.0.value.clone())
    }
    /// Whether the customers' values differ (only then is there a choice).
    async fn differs(&self) -> bool {
        self.0.differs
    }
}

/// How many rows of one table move to the survivor.
#[derive(SimpleObject)]
pub struct MergeMove {
    /// The table: `conversations`, `deals`, `work_plans`,
    /// `customer_history`, `customer_grades`, `pool_claims`,
    /// `workflow_runs` or `mail_outbox`.
    table: String,
    /// How many rows.
    rows: i64,
}

fn moves(m: &[MoveCount]) -> Vec<MergeMove> {
    m.iter().map(|m| MergeMove { table: m.table.clone(), rows: i64::try_from(m.rows).unwrap_or(i64::MAX) }).collect()
}

/// What a merge would do.
pub struct MergePlan(StorePlan);

#[Object]
impl MergePlan {
    /// The survivor.
    async fn survivor_id(&self) -> ID {
        ID(self.0.survivor.0.to_string())
    }
    /// The customers folded into it.
    async fn merged_ids(&self) -> Vec<ID> {
        self.0.merged.iter().map(|c| ID(c.0.to_string())).collect()
    }
    /// The survivor's chosen fields, built-in ones first, then custom values.
    async fn fields(&self) -> Vec<MergeField> {
        self.0.fields.iter().cloned().map(MergeField).collect()
    }
    /// The phones of all of them together.
    async fn phones(&self) -> &[String] {
        &self.0.phones
    }
    /// The tags of all of them together.
    async fn tags(&self) -> &[String] {
        &self.0.tags
    }
    /// The rows that move to the survivor.
    async fn moves(&self) -> Vec<MergeMove> {
        moves(&self.0.moves)
    }
}

/// A merged customer, as its tombstone keeps it.
#[derive(SimpleObject)]
pub struct MergedCustomer {
    /// Its id, which leads to the survivor while the merge stands.
    id: ID,
    /// Its number.
    number: String,
    /// Its name.
    name: String,
}

/// A merge that was made.
pub struct CustomerMerge(pub MergeRecord);

#[Object]
impl CustomerMerge {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The customer the others were merged into (null when the reader no
    /// longer sees it). Merged again since, this is where it leads now.
    async fn survivor(&self, ctx: &Context<'_>) -> ApiResult<Option<Customer>> {
        let id = self.0.survivor;
        ctx.read(async |tx| {
            let at = merges::survivor_of(tx, id).await?.unwrap_or(id);
            match customers::get(tx, at).await {
                Ok(c) => Ok(Some(Customer(c))),
                Err(guanxi_core::Error::NotFound(_)) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }
    /// The survivor's id at the time of the merge.
    async fn survivor_id(&self) -> ID {
        ID(self.0.survivor.0.to_string())
    }
    /// The customers merged.
    async fn merged(&self) -> Vec<MergedCustomer> {
        self.0
            .merged
            .iter()
            .map(|b| MergedCustomer { id: ID(b.id.0.to_string()), number: b.number.clone(), name: b.name.clone() })
            .collect()
    }
    /// Who merged (their name).
    async fn merged_by(&self) -> &str {
        &self.0.actor_name
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Until when it can be undone.
    async fn undo_until(&self) -> DateTime<Utc> {
        self.0.undo_until
    }
    /// When it was undone (null while it stands).
    async fn undone_at(&self) -> Option<DateTime<Utc>> {
        self.0.undone_at
    }
    /// Whether it can still be undone (not undone, within the 30 days);
    /// whether the reader may is checked when they try (whoever merged, or
    /// an admin).
    async fn undoable(&self) -> bool {
        self.0.undone_at.is_none() && Utc::now() <= self.0.undo_until
    }
    /// The survivor's fields it changed (`custom.<key>` for custom values).
    async fn changed_fields(&self) -> &[String] {
        &self.0.changed_fields
    }
    /// The rows it moved to the survivor.
    async fn moves(&self) -> Vec<MergeMove> {
        moves(&self.0.moves)
    }
}

#[derive(Default)]
pub struct MergeQuery;

#[Object]
impl MergeQuery {
    /// What merging these customers would do, without doing it: each
    /// field's values and the one taken, the united phones and tags, and
    /// the rows that would move. The same checks as `mergeCustomers`.
    async fn customer_merge_plan(&self, ctx: &Context<'_>, input: MergeCustomersInput) -> ApiResult<MergePlan> {
        let input = input.into_store()?;
        ctx.read(async |tx| Ok(MergePlan(merges::preview(tx, &input).await?))).await
    }

    /// One merge whose survivor the caller sees.
    async fn customer_merge(&self, ctx: &Context<'_>, id: ID) -> ApiResult<CustomerMerge> {
        let id = parse_id::<uuid::Uuid>(&id, "id")?;
        ctx.read(async |tx| Ok(CustomerMerge(merges::get(tx, id).await?))).await
    }
}

#[derive(Default)]
pub struct MergeMutation;

#[Object]
impl MergeMutation {
    /// Merge customers into one, by someone who may edit all of them, in
    /// one transaction: the survivor takes each field from the customer
    /// chosen for it, unites phones and tags, and gets every conversation,
    /// plan, deal, grade, history entry and mail of the others; the others
    /// are removed, and their ids lead to the survivor (`customer(id)`).
    /// Undo it with `undoCustomerMerge` within 30 days.
    async fn merge_customers(&self, ctx: &Context<'_>, input: MergeCustomersInput) -> ApiResult<CustomerMerge> {
        let input = input.into_store()?;
        ctx.write(async |tx| Ok(CustomerMerge(merges::merge(tx, &input).await?))).await
    }

    /// Undo a merge (whoever merged, or an admin; within 30 days): the
    /// merged customers come back as they were, with what moved from them,
    /// and the survivor's fields the merge changed go back unless they
    /// were changed since.
    async fn undo_customer_merge(&self, ctx: &Context<'_>, id: ID) -> ApiResult<CustomerMerge> {
        let id = parse_id::<uuid::Uuid>(&id, "id")?;
        ctx.write(async |tx| Ok(CustomerMerge(merges::undo(tx, id).await?))).await
    }
}
