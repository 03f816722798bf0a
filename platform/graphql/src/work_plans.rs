//! Work plans (工作计划): list and view the plans one may see, write one's
//! own, edit, mark done or not done, delete.

use async_graphql::connection::PageInfo;
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::{CustomerId, Error, UserId, WorkPlanId};
use guanxi_store::work_plans::{self, NewPlan, PlanChange, PlanCursor, PlanFilter, PlanPage, WorkPlan as StorePlan};
use guanxi_store::{customers, users};

use crate::context::ContextExt;
use crate::customers::Customer;
use crate::error::{ApiResult, parse_id};
use crate::types::User;

/// Which plans to list by their state.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::work_plans::PlanStatus")]
pub enum WorkPlanStatus {
    /// Every plan.
    All,
    /// Marked done.
    Done,
    /// Not marked done (overdue plans included).
    NotDone,
    /// Not done, and the end has passed.
    Overdue,
}

/// Which plans to list; every filter given must match.
#[derive(InputObject, Default)]
pub struct WorkPlansFilter {
    /// With `to`: a time window. Plans whose start–end span overlaps it are
    /// listed (a plan ending at or after `from`).
    from: Option<DateTime<Utc>>,
    /// End of the window: plans starting at or before `to`.
    to: Option<DateTime<Utc>>,
    /// Only this person's plans; someone the caller can see.
    author_id: Option<ID>,
    /// Only the plans about this customer; one the caller can see.
    customer_id: Option<ID>,
    /// By state; `ALL` when omitted.
    status: Option<WorkPlanStatus>,
}

/// A new work plan; the caller is its author.
#[derive(InputObject)]
pub struct CreateWorkPlanInput {
    /// 1 to 100 characters.
    subject: String,
    start: DateTime<Utc>,
    /// Not before `start`.
    end: DateTime<Utc>,
    /// Up to 5000 characters.
    #[graphql(default)]
    content: String,
    /// Up to 2000 characters.
    #[graphql(default)]
    notes: String,
    /// The customer the plan is about: one the caller can see (their own,
    /// their groups', the pool's; an admin's, any).
    customer_id: Option<ID>,
}

/// A change to a work plan; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateWorkPlanInput {
    subject: Option<String>,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    content: Option<String>,
    notes: Option<String>,
    /// Link the plan to this customer (one the caller can see), or with
    /// `null` unlink it.
    customer_id: MaybeUndefined<ID>,
}

/// A work plan (工作计划).
pub struct WorkPlan(pub StorePlan);

async fn visible_user(ctx: &Context<'_>, id: UserId) -> ApiResult<Option<User>> {
    ctx.read(async |tx| match users::get(tx, id).await {
        Ok(u) => Ok(Some(User::new(u))),
        Err(Error::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    })
    .await
}

#[Object]
impl WorkPlan {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Subject (主题).
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// Planned start.
    async fn start(&self) -> DateTime<Utc> {
        self.0.start
    }
    /// Planned end.
    async fn end(&self) -> DateTime<Utc> {
        self.0.end
    }
    /// What is to be done (内容).
    async fn content(&self) -> &str {
        &self.0.content
    }
    /// Remarks (备注).
    async fn notes(&self) -> &str {
        &self.0.notes
    }
    /// Whether it is marked done.
    async fn done(&self) -> bool {
        self.0.done()
    }
    /// When it was marked done.
    async fn done_at(&self) -> Option<DateTime<Utc>> {
        self.0.done_at
    }
    /// Who marked it done, if the caller can see them.
    async fn done_by(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        match self.0.done_by {
            Some(id) => visible_user(ctx, id).await,
            None => Ok(None),
        }
    }
    /// The end has passed and it is not done. Derived when read.
    async fn overdue(&self) -> bool {
        self.0.overdue
    }
    /// Who wrote it; the plan is theirs.
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        visible_user(ctx, self.0.author_id).await
    }
    /// The customer the plan is about, while the caller may see it (a
    /// customer that went to a colleague outside the caller's view is
    /// `null`, as is a plan about no customer).
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<Customer>> {
        let Some(id) = self.0.customer_id else { return Ok(None) };
        ctx.read(async |tx| match customers::get(tx, id).await {
            Ok(c) => Ok(Some(Customer(c))),
            Err(Error::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await
    }
    /// When it was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A plan in a page, with the cursor to continue after it.
#[derive(SimpleObject)]
pub struct WorkPlanEdge {
    /// Pass as `after` to get the plans that follow this one.
    cursor: String,
    node: WorkPlan,
}

/// A page of work plans.
pub struct WorkPlanConnection {
    page: PlanPage,
    after_given: bool,
}

/// Cursors are opaque to clients; inside they are the plan's start and id,
/// the list's sort key, encoded like every connection's.
fn encode_cursor(c: PlanCursor) -> String {
    crate::pagination::encode_cursor(&(c.start, c.id.0))
}

fn decode_cursor(s: &str) -> ApiResult<PlanCursor> {
    let (start, id): (DateTime<Utc>, uuid::Uuid) = crate::pagination::decode_cursor(s)?;
    Ok(PlanCursor { start, id: WorkPlanId(id) })
}

#[Object]
impl WorkPlanConnection {
    /// How many plans match the filter, across all pages.
    async fn total_count(&self) -> i32 {
        i32::try_from(self.page.total_count).unwrap_or(i32::MAX)
    }
    async fn edges(&self) -> Vec<WorkPlanEdge> {
        self.page
            .plans
            .iter()
            .map(|p| WorkPlanEdge { cursor: encode_cursor(p.cursor()), node: WorkPlan(p.clone()) })
            .collect()
    }
    /// The plans of this page, by start then id.
    async fn nodes(&self) -> Vec<WorkPlan> {
        self.page.plans.iter().cloned().map(WorkPlan).collect()
    }
    async fn page_info(&self) -> PageInfo {
        let cursors: Vec<String> = self.page.plans.iter().map(|p| encode_cursor(p.cursor())).collect();
        crate::pagination::page_info(cursors.iter().map(String::as_str), self.page.has_next_page, self.after_given)
    }
}

#[derive(Default)]
pub struct PlanQuery;

#[Object]
impl PlanQuery {
    /// Work plans the caller may see (their own; a supervisor's groups'; an
    /// admin's, all), by start then id. Pages of `first` plans (10 when
    /// omitted, at most 100), continuing `after` a cursor.
    async fn work_plans(
        &self,
        ctx: &Context<'_>,
        filter: Option<WorkPlansFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<WorkPlanConnection> {
        let filter = filter.unwrap_or_default();
        let first = crate::pagination::first(first.map(i64::from))?;
        let after = after.as_deref().map(decode_cursor).transpose()?;
        let store_filter = PlanFilter {
            from: filter.from,
            to: filter.to,
            author_id: filter.author_id.as_ref().map(|a| parse_id::<UserId>(a, "authorId")).transpose()?,
            customer_id: filter.customer_id.as_ref().map(|c| parse_id::<CustomerId>(c, "customerId")).transpose()?,
            status: filter.status.map(Into::into).unwrap_or_default(),
        };
        ctx.read(async |tx| {
            let page = work_plans::list(tx, &store_filter, first, after).await?;
            Ok(WorkPlanConnection { page, after_given: after.is_some() })
        })
        .await
    }

    /// One work plan the caller may see.
    async fn work_plan(&self, ctx: &Context<'_>, id: ID) -> ApiResult<WorkPlan> {
        let id = parse_id::<WorkPlanId>(&id, "id")?;
        ctx.read(async |tx| Ok(WorkPlan(work_plans::get(tx, id).await?))).await
    }
}

#[derive(Default)]
pub struct PlanMutation;

#[Object]
impl PlanMutation {
    /// Write a work plan of one's own.
    async fn create_work_plan(&self, ctx: &Context<'_>, input: CreateWorkPlanInput) -> ApiResult<WorkPlan> {
        let new = NewPlan {
            subject: input.subject,
            start: input.start,
            end: input.end,
            content: input.content,
            notes: input.notes,
            customer_id: input.customer_id.as_ref().map(|c| parse_id::<CustomerId>(c, "customerId")).transpose()?,
        };
        ctx.write(async |tx| {
            let plan = work_plans::create(tx, new).await?;
            Ok(WorkPlan(plan))
        })
        .await
    }

    /// Edit a plan: its author, a supervisor of the author's group, or an admin.
    async fn update_work_plan(&self, ctx: &Context<'_>, id: ID, input: UpdateWorkPlanInput) -> ApiResult<WorkPlan> {
        let id = parse_id::<WorkPlanId>(&id, "id")?;
        let change = PlanChange {
            subject: input.subject,
            start: input.start,
            end: input.end,
            content: input.content,
            notes: input.notes,
            customer_id: match input.customer_id {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(c) => Some(Some(parse_id::<CustomerId>(&c, "customerId")?)),
            },
        };
        ctx.write(async |tx| {
            let plan = work_plans::update(tx, id, change).await?;
            Ok(WorkPlan(plan))
        })
        .await
    }

    /// Mark a plan done or not done. Who may is a company setting
    /// (`planCompletion`: the author, a supervisor of the author's group,
    /// admins).
    async fn set_work_plan_done(&self, ctx: &Context<'_>, id: ID, done: bool) -> ApiResult<WorkPlan> {
        let id = parse_id::<WorkPlanId>(&id, "id")?;
        ctx.write(async |tx| {
            let plan = work_plans::set_done(tx, id, done).await?;
            Ok(WorkPlan(plan))
        })
        .await
    }

    /// Delete a plan: salespeople their own finished plans, supervisors their
    /// groups' finished plans, admins any plan.
    async fn delete_work_plan(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let id = parse_id::<WorkPlanId>(&id, "id")?;
        ctx.write(async |tx| {
            work_plans::delete(tx, id).await?;
            Ok(true)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guanxi_store::work_plans::PlanStatus;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = PlanCursor {
            start: DateTime::from_timestamp_micros(1_780_000_000_123_456).unwrap_or_default(),
            id: WorkPlanId::new(),
        };
        assert_eq!(decode_cursor(&encode_cursor(c)).ok(), Some(c));
        for bad in ["", "x", "1~nope", "nope~0190c3e2-0000-7000-8000-000000000000"] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
        let _: WorkPlanStatus = PlanStatus::Overdue.into();
    }
}
