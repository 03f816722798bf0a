//! Work plans (工作计划): a user's plans with a start, an end and whether they
//! are done. A plan is visible exactly when its author is within the caller's
//! [`UserScope`] (one SQL condition, [`visible`], serves lists and single
//! plans alike); what the caller may do with a visible plan is decided by the
//! permission table in core. Overdue is derived from the transaction's clock;
//! what is stored is only whether the overdue sweep ([`announce_overdue`],
//! run by the `work_plans.overdue` job) already announced it.
//!
//! Every write emits its domain event in its transaction: `plan.created`,
//! `plan.updated` (with the changed fields; reopening a done plan is an
//! update of `done`), `plan.done`, `plan.deleted`, and from the sweep
//! `plan.overdue`, once per plan.
//!
//! A plan may be about a customer. Linking one requires that the writer
//! sees the customer (`NOT_FOUND` otherwise, like a customer of another
//! company); the link stays when the customer changes hands or goes to the
//! pool, and readers see the customer only while they may (decided when
//! read, by the customers' own rule). A customer deleted for good unlinks
//! its plans (the foreign key does it, m0028).

use chrono::{DateTime, Utc};
use guanxi_core::customer::CustomerScope;
use guanxi_core::roles::UserScope;
use guanxi_core::work_plans::{MAX_PAGE_SIZE, PlanFields, is_overdue};
use guanxi_core::{
    Action, Actor, CustomerId, DomainEvent, Error, GroupId, PlanRef, Result, Role, UserId, UserRef, WorkPlanId,
};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;

use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use crate::entity::{job_queue, user, work_plan};
use crate::{audit, customers, jobs, tenants, users};

/// The job that announces plans whose end passed undone ([`announce_overdue`]).
pub const OVERDUE_JOB_KIND: &str = "work_plans.overdue";

/// Entity name in `NOT_FOUND` errors.
const ENTITY: &str = "work plan";
/// Audit target type.
const TARGET: &str = "work_plan";

/// A work plan as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkPlan {
    /// Id.
    pub id: WorkPlanId,
    /// Who wrote it; the plan is theirs.
    pub author_id: UserId,
    /// The customer it is about, whether or not the reader may see it
    /// (the API shows it only to those who may).
    pub customer_id: Option<CustomerId>,
    /// Subject.
    pub subject: String,
    /// Planned start.
    pub start: DateTime<Utc>,
    /// Planned end.
    pub end: DateTime<Utc>,
    /// What is to be done.
    pub content: String,
    /// Remarks.
    pub notes: String,
    /// When it was marked done.
    pub done_at: Option<DateTime<Utc>>,
    /// Who marked it done.
    pub done_by: Option<UserId>,
    /// The end has passed and it is not done (as of the reading transaction).
    pub overdue: bool,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl WorkPlan {
    fn from_model(m: work_plan::Model, now: DateTime<Utc>) -> Self {
        WorkPlan {
            id: WorkPlanId(m.id),
            author_id: UserId(m.author_id),
            customer_id: m.customer_id.map(CustomerId),
            overdue: is_overdue(m.end_at, m.done_at.is_some(), now),
            subject: m.subject,
            start: m.start_at,
            end: m.end_at,
            content: m.content,
            notes: m.notes,
            done_at: m.done_at,
            done_by: m.done_by.map(UserId),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }

    /// Whether it is marked done.
    pub fn done(&self) -> bool {
        self.done_at.is_some()
    }

    /// Where a page that ends with this plan continues.
    pub fn cursor(&self) -> PlanCursor {
        PlanCursor { start: self.start, id: self.id }
    }
}

/// Which plans to list by their state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PlanStatus {
    /// Every plan.
    #[default]
    All,
    /// Marked done.
    Done,
    /// Not marked done (overdue ones included).
    NotDone,
    /// Not done and the end has passed.
    Overdue,
}

/// Filters for [`list`]; every one given must match.
#[derive(Clone, Debug, Default)]
pub struct PlanFilter {
    /// Plans that end at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Plans that start at or before this time.
    pub to: Option<DateTime<Utc>>,
    /// Plans of this author (who must be visible to the caller).
    pub author_id: Option<UserId>,
    /// Plans about this customer (who must be visible to the caller).
    pub customer_id: Option<CustomerId>,
    /// By state.
    pub status: PlanStatus,
}

/// A position in the list order (start, then id): a page after a cursor
/// holds the plans that sort after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanCursor {
    /// The plan's start.
    pub start: DateTime<Utc>,
    /// The plan's id.
    pub id: WorkPlanId,
}

/// One page of plans.
#[derive(Clone, Debug)]
pub struct PlanPage {
    /// The plans, by start then id.
    pub plans: Vec<WorkPlan>,
    /// How many plans match the filter, on every page.
    pub total_count: u64,
    /// Whether more plans follow this page.
    pub has_next_page: bool,
}

/// A new plan, written by the caller.
#[derive(Clone, Debug)]
pub struct NewPlan {
    /// Subject, 1 to 100 characters.
    pub subject: String,
    /// Planned start.
    pub start: DateTime<Utc>,
    /// Planned end, not before the start.
    pub end: DateTime<Utc>,
    /// Content, up to 5000 characters.
    pub content: String,
    /// Notes, up to 2000 characters.
    pub notes: String,
    /// The customer it is about: one the caller may see.
    pub customer_id: Option<CustomerId>,
}

/// A change to a plan; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct PlanChange {
    /// New subject.
    pub subject: Option<String>,
    /// New start.
    pub start: Option<DateTime<Utc>>,
    /// New end.
    pub end: Option<DateTime<Utc>>,
    /// New content.
    pub content: Option<String>,
    /// New notes.
    pub notes: Option<String>,
    /// Link to this customer (one the caller may see), or with
    /// `Some(None)` unlink the plan.
    pub customer_id: Option<Option<CustomerId>>,
}

/// Plans whose author is within `scope`: the one place where plan
/// visibility becomes SQL. The author's *current* group counts, read from
/// `users` by a subquery that reuses the users' own scope condition.
fn visible(tx: &TenantTx, scope: &UserScope) -> Condition {
    match scope {
        UserScope::All => Condition::all(),
        UserScope::SelfAndGroups(..) | UserScope::OnlySelf(_) => Condition::all().add(
            work_plan::Column::AuthorId.in_subquery(
                Query::select()
                    .column(user::Column::Id)
                    .from(user::Entity)
                    .and_where(user::Column::TenantId.eq(tx.tenant_id().0))
                    .cond_where(users::scope_condition(scope))
                    .to_owned(),
            ),
        ),
    }
}

fn base(tx: &TenantTx, actor: &Actor) -> sea_orm::Select<work_plan::Entity> {
    tx.select::<work_plan::Entity>().filter(visible(tx, &actor.user_scope()))
}

async fn author_ref(tx: &TenantTx, id: UserId) -> Result<UserRef> {
    let u = users::find(tx, id).await?.ok_or_else(|| Error::Internal("plan author missing".into()))?;
    Ok(UserRef {
        id,
        role: u.role.parse::<Role>().map_err(|_| Error::Internal(format!("bad role {}", u.role).into()))?,
        group_id: u.group_id.map(GroupId),
    })
}

/// A plan the actor may see, with the facts authorization needs. Plans of
/// other tenants, and plans outside the actor's scope, are `NOT_FOUND`; the
/// maintenance role is `FORBIDDEN` outright.
async fn find_visible(tx: &TenantTx, actor: &Actor, id: WorkPlanId) -> Result<(work_plan::Model, PlanRef)> {
    actor.authorize(&Action::UseCrm)?;
    let m = base(tx, actor)
        .filter(work_plan::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound(ENTITY))?;
    let plan = PlanRef { author: author_ref(tx, UserId(m.author_id)).await?, done: m.done_at.is_some() };
    // The SQL above and this check decide alike (both from `user_scope`);
    // the check keeps the permission table the final word.
    if !actor.can(&Action::ViewPlan(&plan)) {
        return Err(Error::NotFound(ENTITY));
    }
    Ok((m, plan))
}

/// One page of the plans the actor may see, filtered, by start then id.
/// `first` is clamped to 1..=100.
pub async fn list(tx: &TenantTx, filter: &PlanFilter, first: u64, after: Option<PlanCursor>) -> Result<PlanPage> {
    let actor = tx.actor()?;
    actor.authorize(&Action::UseCrm)?;
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(Error::invalid("to", "before_from", "the window must not end before it starts"));
    }
    if let Some(author) = filter.author_id {
        // Someone the caller cannot see is not found, as everywhere.
        users::get(tx, author).await?;
    }
    if let Some(customer) = filter.customer_id {
        visible_customer(tx, actor, customer).await?;
    }
    let mut q = base(tx, actor);
    if let Some(from) = filter.from {
        q = q.filter(work_plan::Column::EndAt.gte(from));
    }
    if let Some(to) = filter.to {
        q = q.filter(work_plan::Column::StartAt.lte(to));
    }
    if let Some(author) = filter.author_id {
        q = q.filter(work_plan::Column::AuthorId.eq(author.0));
    }
    if let Some(customer) = filter.customer_id {
        q = q.filter(work_plan::Column::CustomerId.eq(customer.0));
    }
    q = match filter.status {
        PlanStatus::All => q,
        PlanStatus::Done => q.filter(work_plan::Column::DoneAt.is_not_null()),
        PlanStatus::NotDone => q.filter(work_plan::Column::DoneAt.is_null()),
        PlanStatus::Overdue => {
            q.filter(work_plan::Column::DoneAt.is_null()).filter(work_plan::Column::EndAt.lt(tx.now))
        }
    };
    let total_count = q.clone().count(tx.conn()).await.map_err(db_err)?;
    if let Some(c) = after {
        q =
            q.filter(Condition::any().add(work_plan::Column::StartAt.gt(c.start)).add(
                Condition::all().add(work_plan::Column::StartAt.eq(c.start)).add(work_plan::Column::Id.gt(c.id.0)),
            ));
    }
    let first = first.clamp(1, MAX_PAGE_SIZE);
    let mut rows = q
        .order_by_asc(work_plan::Column::StartAt)
        .order_by_asc(work_plan::Column::Id)
        .limit(first + 1)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let has_next_page = u64::try_from(rows.len()).unwrap_or(u64::MAX) > first;
    rows.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    Ok(PlanPage {
        plans: rows.into_iter().map(|m| WorkPlan::from_model(m, tx.now)).collect(),
        total_count,
        has_next_page,
    })
}

/// One plan the actor may see.
pub async fn get(tx: &TenantTx, id: WorkPlanId) -> Result<WorkPlan> {
    let actor = tx.actor()?;
    let (m, _) = find_visible(tx, actor, id).await?;
    Ok(WorkPlan::from_model(m, tx.now))
}

/// `NOT_FOUND` unless the actor may see the customer (theirs, their
/// groups', the pool's; an admin's, all), by the customers' own rule.
async fn visible_customer(tx: &TenantTx, actor: &Actor, id: CustomerId) -> Result<()> {
    customers::visible_row(tx, &CustomerScope::of(actor)?, id).await.map(|_| ())
}

/// Write a plan; the caller is its author. A customer it names must be one
/// the caller may see.
pub async fn create(tx: &TenantTx, new: NewPlan) -> Result<WorkPlan> {
    let actor = tx.actor()?;
    actor.authorize(&Action::CreatePlan)?;
    if let Some(customer) = new.customer_id {
        visible_customer(tx, actor, customer).await?;
    }
    create_for(tx, actor.user_id, new).await
}

/// Create a plan whose author (and so owner) is `author`, whose rights (on
/// the author and the customer) the caller has checked (a plugin's
/// `create_plan` effect plans for a customer's owner).
pub(crate) async fn create_for(tx: &TenantTx, author: UserId, new: NewPlan) -> Result<WorkPlan> {
    let f = PlanFields::parse(&new.subject, new.start, new.end, &new.content, &new.notes)?;
    let model = work_plan::Model {
        tenant_id: tx.tenant_id().0,
        id: WorkPlanId::new().0,
        author_id: author.0,
        subject: f.subject.into_string(),
        start_at: f.start,
        end_at: f.end,
        content: f.content.into_string(),
        notes: f.notes.into_string(),
        done_at: None,
        done_by: None,
        overdue_at: None,
        customer_id: new.customer_id.map(|c| c.0),
        created_at: tx.now,
        updated_at: tx.now,
    };
    tx.insert(work_plan::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    schedule_overdue_check(tx, model.end_at).await?;
    tx.emit(DomainEvent::PlanCreated { plan: WorkPlanId(model.id), owner: author, customer: new.customer_id });
    audit::record(
        tx,
        AuditAction::WorkPlanCreate,
        TARGET,
        Some(model.id),
        json!({
            "subject": model.subject,
            "start": model.start_at,
            "end": model.end_at,
            "customerId": model.customer_id,
        }),
    )
    .await?;
    Ok(WorkPlan::from_model(model, tx.now))
}

fn diff<T: PartialEq + serde::Serialize>(old: &T, new: &T) -> Option<serde_json::Value> {
    (old != new).then(|| json!({ "old": old, "new": new }))
}

/// Change a plan's subject, times, content, notes or customer: its author,
/// a supervisor of the author's group, or an admin. The merged plan is
/// validated as a whole (so a new start after the old end is refused); a
/// customer newly linked must be one the caller may see (keeping a link the
/// caller no longer sees is no change).
pub async fn update(tx: &TenantTx, id: WorkPlanId, change: PlanChange) -> Result<WorkPlan> {
    let actor = tx.actor()?;
    let (old, plan) = find_visible(tx, actor, id).await?;
    actor.authorize(&Action::EditPlan(&plan))?;
    let customer_id = match change.customer_id {
        None => old.customer_id,
        Some(None) => None,
        Some(Some(c)) if old.customer_id == Some(c.0) => Some(c.0),
        Some(Some(c)) => {
            visible_customer(tx, actor, c).await?;
            Some(c.0)
        }
    };
    let f = PlanFields::parse(
        change.subject.as_deref().unwrap_or(&old.subject),
        change.start.unwrap_or(old.start_at),
        change.end.unwrap_or(old.end_at),
        change.content.as_deref().unwrap_or(&old.content),
        change.notes.as_deref().unwrap_or(&old.notes),
    )?;
    let new = work_plan::Model {
        subject: f.subject.into_string(),
        start_at: f.start,
        end_at: f.end,
        content: f.content.into_string(),
        notes: f.notes.into_string(),
        overdue_at: overdue_after_move(&old, f.end, tx.now),
        customer_id,
        updated_at: tx.now,
        ..old.clone()
    };
    tx.update_many::<work_plan::Entity>()
        .col_expr(work_plan::Column::Subject, Expr::value(new.subject.as_str()))
        .col_expr(work_plan::Column::StartAt, Expr::value(new.start_at))
        .col_expr(work_plan::Column::EndAt, Expr::value(new.end_at))
        .col_expr(work_plan::Column::Content, Expr::value(new.content.as_str()))
        .col_expr(work_plan::Column::Notes, Expr::value(new.notes.as_str()))
        .col_expr(work_plan::Column::OverdueAt, Expr::value(new.overdue_at))
        .col_expr(work_plan::Column::CustomerId, Expr::value(new.customer_id))
        .col_expr(work_plan::Column::UpdatedAt, Expr::value(tx.now))
        .filter(work_plan::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let fields: Vec<String> = [
        ("subject", old.subject != new.subject),
        ("start", old.start_at != new.start_at),
        ("end", old.end_at != new.end_at),
        ("content", old.content != new.content),
        ("notes", old.notes != new.notes),
        ("customerId", old.customer_id != new.customer_id),
    ]
    .into_iter()
    .filter(|(_, changed)| *changed)
    .map(|(name, _)| name.to_owned())
    .collect();
    if old.end_at != new.end_at && new.done_at.is_none() {
        schedule_overdue_check(tx, new.end_at).await?;
    }
    // An update that changes nothing is no fact for subscribers (it is
    // still audited, as it always was).
    if !fields.is_empty() {
        tx.emit(DomainEvent::PlanUpdated { plan: id, fields, customer: new.customer_id.map(CustomerId) });
    }
    // Content and notes can be long: the log says that they changed, not how.
    audit::record(
        tx,
        AuditAction::WorkPlanUpdate,
        TARGET,
        Some(id.0),
        json!({
            "subject": diff(&old.subject, &new.subject),
            "start": diff(&old.start_at, &new.start_at),
            "end": diff(&old.end_at, &new.end_at),
            "contentChanged": old.content != new.content,
            "notesChanged": old.notes != new.notes,
            "customerId": diff(&old.customer_id, &new.customer_id),
        }),
    )
    .await?;
    Ok(WorkPlan::from_model(new, tx.now))
}

/// Mark a plan done or not done. Who may is the tenant's `plan_completion`
/// setting (the author, a supervisor of the author's group, admins), read
/// in this transaction. Setting the state it already has changes nothing.
pub async fn set_done(tx: &TenantTx, id: WorkPlanId, done: bool) -> Result<WorkPlan> {
    let actor = tx.actor()?;
    let (old, plan) = find_visible(tx, actor, id).await?;
    let allowed = tenants::settings(tx).await?.plan_completion;
    actor.authorize(&Action::CompletePlan { plan: &plan, allowed: &allowed })?;
    if plan.done == done {
        return Ok(WorkPlan::from_model(old, tx.now));
    }
    let new = work_plan::Model {
        done_at: done.then_some(tx.now),
        done_by: done.then_some(actor.user_id.0),
        updated_at: tx.now,
        ..old
    };
    tx.update_many::<work_plan::Entity>()
        .col_expr(work_plan::Column::DoneAt, Expr::value(new.done_at))
        .col_expr(work_plan::Column::DoneBy, Expr::value(new.done_by))
        .col_expr(work_plan::Column::UpdatedAt, Expr::value(tx.now))
        .filter(work_plan::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let action = if done {
        tx.emit(DomainEvent::PlanDone { plan: id });
        AuditAction::WorkPlanDone
    } else {
        // Open again: it can fall due (again) if its end is still ahead.
        schedule_overdue_check(tx, new.end_at).await?;
        tx.emit(DomainEvent::PlanUpdated {
            plan: id,
            fields: vec!["done".to_owned()],
            customer: new.customer_id.map(CustomerId),
        });
        AuditAction::WorkPlanReopen
    };
    audit::record(tx, action, TARGET, Some(id.0), json!({ "subject": new.subject })).await?;
    Ok(WorkPlan::from_model(new, tx.now))
}

/// Delete a plan: salespeople their own finished plans, supervisors the
/// finished plans of their groups (and their own), admins any plan.
pub async fn delete(tx: &TenantTx, id: WorkPlanId) -> Result<()> {
    let actor = tx.actor()?;
    let (old, plan) = find_visible(tx, actor, id).await?;
    actor.authorize(&Action::DeletePlan(&plan))?;
    tx.delete_many::<work_plan::Entity>()
        .filter(work_plan::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.emit(DomainEvent::PlanDeleted { plan: id });
    audit::record(
        tx,
        AuditAction::WorkPlanDelete,
        TARGET,
        Some(id.0),
        json!({
            "subject": old.subject,
            "authorId": old.author_id,
            "start": old.start_at,
            "end": old.end_at,
            "done": plan.done,
        }),
    )
    .await
}

/// Delete every plan of `author` (a departing user), emitting
/// `plan.deleted` for each; how many there were. The caller authorizes and
/// audits the offboarding this belongs to.
pub(crate) async fn delete_all_of(tx: &TenantTx, author: UserId) -> Result<u64> {
    let ids: Vec<uuid::Uuid> = tx
        .select::<work_plan::Entity>()
        .select_only()
        .column(work_plan::Column::Id)
        .filter(work_plan::Column::AuthorId.eq(author.0))
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let deleted = tx
        .delete_many::<work_plan::Entity>()
        .filter(work_plan::Column::AuthorId.eq(author.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected;
    for id in ids {
        tx.emit(DomainEvent::PlanDeleted { plan: WorkPlanId(id) });
    }
    Ok(deleted)
}

/// What `overdue_at` becomes when a plan's end moves to `end`: a plan
/// announced as overdue whose end moves into the future can fall due again;
/// otherwise the announcement stands (once per plan).
fn overdue_after_move(old: &work_plan::Model, end: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if end > now { None } else { old.overdue_at }
}

/// A queued sweep due sooner than this after a plan's write may already be
/// running, its transaction not seeing the plan: it does not count as the
/// plan's sweep.
const SWEEP_MARGIN: chrono::Duration = chrono::Duration::seconds(10);

/// Make sure an overdue sweep runs once `end` has passed: nothing when one
/// is queued to run by then, not before [`SWEEP_MARGIN`] from now (so it
/// certainly starts after this transaction commits and sees the plan);
/// otherwise a new `work_plans.overdue` job due just after `end`. The sweep
/// is a system job ([`jobs::enqueue_system`]): whoever's write queued it,
/// it runs as nobody, so it runs even if they are deactivated by then.
/// Sweeps that overlap are harmless: each plan is announced once.
async fn schedule_overdue_check(tx: &TenantTx, end: DateTime<Utc>) -> Result<()> {
    let q = Query::select()
        .expr(Expr::val(1))
        .from(job_queue::Entity)
        .and_where(job_queue::Column::TenantId.eq(tx.tenant_id().0))
        .and_where(job_queue::Column::Kind.eq(OVERDUE_JOB_KIND))
        .and_where(job_queue::Column::RunAfter.lte(end))
        .and_where(job_queue::Column::RunAfter.gt(tx.now + SWEEP_MARGIN))
        .limit(1)
        .to_owned();
    let backend = tx.conn().get_database_backend();
    if tx.conn().query_one(backend.build(&q)).await.map_err(db_err)?.is_some() {
        return Ok(());
    }
    // A second past the end, so the sweep finds the end strictly passed.
    let delay = (end - tx.now).to_std().unwrap_or_default() + std::time::Duration::from_secs(1);
    let options = jobs::EnqueueOptions { delay, ..jobs::EnqueueOptions::default() };
    jobs::enqueue_system(tx, OVERDUE_JOB_KIND, json!({}), options).await?;
    Ok(())
}

/// The overdue sweep: every plan whose end has passed undone and that was
/// not announced yet is marked and announced with one `plan.overdue` event
/// (by the system: `tx` is the sweep's own, acting for no user), then the
/// next sweep is scheduled for the earliest end still ahead. Returns how many plans were announced. Concurrent sweeps
/// announce each plan once: a plan is announced by the sweep whose
/// conditional update marked it.
pub async fn announce_overdue(tx: &TenantTx) -> Result<u64> {
    let due = tx
        .select::<work_plan::Entity>()
        .filter(work_plan::Column::DoneAt.is_null())
        .filter(work_plan::Column::OverdueAt.is_null())
        .filter(work_plan::Column::EndAt.lt(tx.now))
        .order_by_asc(work_plan::Column::EndAt)
        .order_by_asc(work_plan::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let mut announced = 0;
    for plan in due {
        let marked = tx
            .update_many::<work_plan::Entity>()
            .col_expr(work_plan::Column::OverdueAt, Expr::value(Some(tx.now)))
            .filter(work_plan::Column::Id.eq(plan.id))
            .filter(work_plan::Column::OverdueAt.is_null())
            .filter(work_plan::Column::DoneAt.is_null())
            .exec(tx.conn())
            .await
            .map_err(db_err)?
            .rows_affected;
        if marked == 1 {
            tx.emit_as(None, DomainEvent::PlanOverdue { plan: WorkPlanId(plan.id), owner: UserId(plan.author_id) });
            announced += 1;
        }
    }
    let next: Option<DateTime<Utc>> = tx
        .select::<work_plan::Entity>()
        .select_only()
        .column(work_plan::Column::EndAt)
        .filter(work_plan::Column::DoneAt.is_null())
        .filter(work_plan::Column::OverdueAt.is_null())
        .filter(work_plan::Column::EndAt.gte(tx.now))
        .order_by_asc(work_plan::Column::EndAt)
        .into_tuple()
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    if let Some(end) = next {
        schedule_overdue_check(tx, end).await?;
    }
    Ok(announced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_none_when_equal() {
        assert_eq!(diff(&1, &1), None);
        assert_eq!(diff(&"a", &"b"), Some(json!({"old": "a", "new": "b"})));
    }
}
