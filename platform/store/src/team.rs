//! Team management: finding the people of the team with their work at a
//! glance (customers held, plans, recent activity), and offboarding someone
//! who leaves, in one transaction.
//!
//! Offboarding emits the events of each of its steps (`user.deactivated`,
//! `group.changed` for appointments withdrawn, `plan.deleted` for each plan,
//! the customers' own owner events) and last `user.offboarded`.
//!
//! Both are for admins and, within the groups they supervise, supervisors:
//! the people listed are those of [`Actor::user_scope`], and offboarding
//! needs the right to manage the user (`Action::ManageUser`).

use std::collections::HashMap;

use chrono::NaiveDate;
use guanxi_core::customer::CustomerScope;
use guanxi_core::events::OwnerChange;
use guanxi_core::pool::{OFFBOARDING_REASON, ReleaseReason};
use guanxi_core::time_window::{Window, day_end, day_start};
use guanxi_core::{Action, DomainEvent, Error, FieldError, GroupId, Result, Role, UserId};
use sea_orm::sea_query::{Alias, Condition, Expr, Func, IntoColumnRef, IntoTableRef, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::customers::pool::{recipient, rows_owned_by};
use crate::customers::write::{Destination, move_owner};
use crate::db::escape_like;
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, customer_history, pool_claim, suggestion, suggestion_reply, user, work_plan};
use crate::users::{self, User};
use crate::{audit, customers, groups, work_plans};

/// Which people to list; every condition given must hold.
#[derive(Clone, Debug, Default)]
pub struct TeamFilter {
    /// A substring of the display name or e-mail (case-insensitive for
    /// Latin letters).
    pub search: Option<String>,
    /// Joined on or after this day (the company's calendar).
    pub joined_from: Option<NaiveDate>,
    /// Joined on or before this day.
    pub joined_to: Option<NaiveDate>,
    /// Only this role.
    pub role: Option<Role>,
    /// Only members of this group.
    pub group_id: Option<GroupId>,
    /// Only active (`true`) or only deactivated (`false`) users; both when unset.
    pub active: Option<bool>,
}

/// Counts over the last 7 and 30 days (the company's calendar days,
/// today included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recent {
    /// Today and the six days before.
    pub last_7_days: u64,
    /// Today and the 29 days before.
    pub last_30_days: u64,
}

/// A person's work plans by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanCounts {
    /// Not done (overdue ones included).
    pub open: u64,
    /// Done.
    pub done: u64,
    /// Not done and past their end.
    pub overdue: u64,
}

/// One person of the team with their work at a glance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The user.
    pub user: User,
    /// Customers they hold.
    pub customers_held: u64,
    /// Their work plans.
    pub plans: PlanCounts,
    /// Customers they created.
    pub customers_created: Recent,
    /// Distinct customers they changed (from the customers' history).
    pub customers_changed: Recent,
    /// Customers they claimed from the pool.
    pub pool_claims: Recent,
}

/// A page of the team.
#[derive(Clone, Debug)]
pub struct TeamPage {
    /// The people, by name.
    pub members: Vec<Member>,
    /// How many match the filter, on every page.
    pub total_count: u64,
    /// Whether more follow.
    pub has_next_page: bool,
}

/// Default page size.
pub const DEFAULT_PAGE: u64 = 20;
/// Largest page.
pub const MAX_PAGE: u64 = 100;
/// Largest offset: far beyond any team, small enough for any database.
pub const MAX_OFFSET: u64 = 1_000_000;

/// The filter as SQL on `users`, after checking it.
async fn filter_condition(tx: &TenantTx, f: &TeamFilter) -> Result<Condition> {
    let mut errors = Vec::new();
    let mut cond = Condition::all();
    if let Some(s) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if s.chars().count() > 100 {
            errors.push(FieldError::new("filter.search", "too_long", "search at most 100 characters"));
        }
        let pattern = format!("%{}%", escape_like(&s.to_lowercase()));
        let like = |c: user::Column| {
            Expr::expr(Func::lower(Expr::col((user::Entity, c))))
                .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
        };
        cond = cond.add(Condition::any().add(like(user::Column::DisplayName)).add(like(user::Column::Email)));
    }
    if let (Some(from), Some(to)) = (f.joined_from, f.joined_to)
        && from > to
    {
        errors.push(FieldError::new("filter.joinedTo", "before_from", "joinedTo is before joinedFrom"));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    if f.joined_from.is_some() || f.joined_to.is_some() {
        let tz = customers::tenant_tz(tx).await?;
        if let Some(d) = f.joined_from {
            cond = cond.add(user::Column::CreatedAt.gte(day_start(d, tz)));
        }
        if let Some(d) = f.joined_to {
            cond = cond.add(user::Column::CreatedAt.lt(day_end(d, tz)));
        }
    }
    if let Some(r) = f.role {
        cond = cond.add(user::Column::Role.eq(r.as_str()));
    }
    if let Some(g) = f.group_id {
        cond = cond.add(user::Column::GroupId.eq(g.0));
    }
    if let Some(a) = f.active {
        cond = cond.add(user::Column::Active.eq(a));
    }
    Ok(cond)
}

/// `COUNT(CASE WHEN cond THEN 1 END)`: rows meeting `cond`, as a bigint on
/// PostgreSQL and an integer on SQLite (both read as `i64`).
fn count_if(cond: SimpleExpr) -> SimpleExpr {
    let case: SimpleExpr = Expr::case(cond, Expr::cust("1")).into();
    Func::count(case).into()
}

/// `SELECT key AS k, <exprs> FROM table WHERE tenant AND key IN users AND
/// cond GROUP BY key`, as a map from key to the counts.
async fn grouped(
    tx: &TenantTx,
    table: impl IntoTableRef,
    tenant: impl IntoColumnRef,
    key: impl IntoColumnRef + Clone,
    users: &[Uuid],
    cond: Condition,
    counts: Vec<SimpleExpr>,
) -> Result<HashMap<Uuid, Vec<u64>>> {
    let mut q = Query::select();
    q.expr_as(Expr::col(key.clone()), Alias::new("k"));
    for (i, c) in counts.iter().enumerate() {
        q.expr_as(c.clone(), Alias::new(format!("n{i}")));
    }
    q.from(table)
        .and_where(Expr::col(tenant).eq(tx.tenant_id().0))
        .and_where(Expr::col(key.clone()).is_in(users.iter().copied()))
        .cond_where(cond)
        .group_by_col(key);
    let rows = tx.conn().query_all(tx.conn().get_database_backend().build(&q)).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let k: Uuid = r.try_get("", "k").map_err(db_err)?;
            let n = (0..counts.len())
                .map(|i| r.try_get::<i64>("", &format!("n{i}")).map(|n| u64::try_from(n).unwrap_or(0)))
                .collect::<Result<Vec<u64>, _>>()
                .map_err(db_err)?;
            Ok((k, n))
        })
        .collect()
}

/// The work of these users at a glance, each figure from one grouped query
/// over the whole page.
async fn work_of(tx: &TenantTx, list: Vec<User>) -> Result<Vec<Member>> {
    let ids: Vec<Uuid> = list.iter().map(|u| u.id.0).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let tz = customers::tenant_tz(tx).await?;
    let (since_7, _) = Window::LAST_WEEK.bounds(tx.now, tz);
    let (since_30, _) = Window::LAST_MONTH.bounds(tx.now, tz);
    let now = tx.now;

    use customer::Column as C;
    let held = grouped(
        tx,
        customer::Entity,
        (customer::Entity, C::TenantId),
        (customer::Entity, C::OwnerId),
        &ids,
        Condition::all(),
        vec![Expr::cust("COUNT(*)")],
    )
    .await?;
    let created = grouped(
        tx,
        customer::Entity,
        (customer::Entity, C::TenantId),
        (customer::Entity, C::CreatedBy),
        &ids,
        Condition::all().add(Expr::col((customer::Entity, C::CreatedAt)).gte(since_30)),
        vec![count_if(Expr::col((customer::Entity, C::CreatedAt)).gte(since_7)), Expr::cust("COUNT(*)")],
    )
    .await?;
    use work_plan::Column as P;
    let not_done = || Expr::col((work_plan::Entity, P::DoneAt)).is_null();
    let plans = grouped(
        tx,
        work_plan::Entity,
        (work_plan::Entity, P::TenantId),
        (work_plan::Entity, P::AuthorId),
        &ids,
        Condition::all(),
        vec![
            count_if(not_done()),
            count_if(Expr::col((work_plan::Entity, P::DoneAt)).is_not_null()),
            count_if(not_done().and(Expr::col((work_plan::Entity, P::EndAt)).lt(now))),
        ],
    )
    .await?;
    use customer_history::Column as H;
    let changed = grouped(
        tx,
        customer_history::Entity,
        (customer_history::Entity, H::TenantId),
        (customer_history::Entity, H::ActorId),
        &ids,
        Condition::all().add(Expr::col((customer_history::Entity, H::CreatedAt)).gte(since_30)),
        vec![
            Func::count_distinct(Into::<SimpleExpr>::into(Expr::case(
                Expr::col((customer_history::Entity, H::CreatedAt)).gte(since_7),
                Expr::col((customer_history::Entity, H::CustomerId)),
            )))
            .into(),
            Func::count_distinct(Expr::col((customer_history::Entity, H::CustomerId))).into(),
        ],
    )
    .await?;
    use pool_claim::Column as L;
    let claims = grouped(
        tx,
        pool_claim::Entity,
        (pool_claim::Entity, L::TenantId),
        (pool_claim::Entity, L::UserId),
        &ids,
        Condition::all().add(Expr::col((pool_claim::Entity, L::ClaimedAt)).gte(since_30)),
        vec![count_if(Expr::col((pool_claim::Entity, L::ClaimedAt)).gte(since_7)), Expr::cust("COUNT(*)")],
    )
    .await?;

    let get = |m: &HashMap<Uuid, Vec<u64>>, id: &Uuid, i: usize| m.get(id).and_then(|v| v.get(i)).copied().unwrap_or(0);
    let recent =
        |m: &HashMap<Uuid, Vec<u64>>, id: &Uuid| Recent { last_7_days: get(m, id, 0), last_30_days: get(m, id, 1) };
    Ok(list
        .into_iter()
        .map(|user| {
            let id = user.id.0;
            Member {
                customers_held: get(&held, &id, 0),
                plans: PlanCounts {
                    open: get(&plans, &id, 0),
                    done: get(&plans, &id, 1),
                    overdue: get(&plans, &id, 2),
                },
                customers_created: recent(&created, &id),
                customers_changed: recent(&changed, &id),
                pool_claims: recent(&claims, &id),
                user,
            }
        })
        .collect())
}

/// The people the caller may manage the work of (admins: everyone;
/// supervisors: themselves and their groups' members) who match `filter`,
/// by name, `first` (1–100, default 20) after skipping `offset`.
pub async fn list(tx: &TenantTx, filter: &TeamFilter, first: Option<u64>, offset: Option<u64>) -> Result<TeamPage> {
    let actor = tx.actor()?;
    actor.authorize(&Action::ViewTeamWork)?;
    let first = first.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&first) {
        return Err(Error::invalid("first", "out_of_range", format!("first must be 1 to {MAX_PAGE}")));
    }
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(Error::invalid("offset", "out_of_range", format!("offset must be 0 to {MAX_OFFSET}")));
    }
    let cond = filter_condition(tx, filter).await?;
    let base = tx
        .select::<user::Entity>()
        .filter(users::scope_condition(&actor.user_scope()))
        .filter(user::Column::Kind.eq(users::PERSON))
        .filter(cond);
    let total_count = base.clone().count(tx.conn()).await.map_err(db_err)?;
    let rows = base
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .offset(offset)
        .limit(first + 1)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let has_next_page = rows.len() as u64 > first;
    let list = rows.into_iter().take(first as usize).map(User::from_model).collect::<Result<Vec<_>>>()?;
    Ok(TeamPage { members: work_of(tx, list).await?, total_count, has_next_page })
}

/// One person of the caller's team with their work; `NOT_FOUND` outside it.
pub async fn member(tx: &TenantTx, id: UserId) -> Result<Member> {
    tx.actor()?.authorize(&Action::ViewTeamWork)?;
    let u = users::get(tx, id).await?;
    work_of(tx, vec![u]).await?.pop().ok_or(Error::NotFound("user"))
}

/// How a departing user's customers are handed on.
#[derive(Clone, Debug, Default)]
pub struct Offboarding {
    /// Who takes over their customers; none: the public pool.
    pub successor: Option<UserId>,
    /// The release reason when they go to the pool; default
    /// [`OFFBOARDING_REASON`].
    pub reason: Option<String>,
}

/// What offboarding did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffboardingSummary {
    /// The user, now deactivated.
    pub user: User,
    /// Who took over their customers (none: the pool).
    pub successor: Option<UserId>,
    /// Customers released to the pool.
    pub customers_to_pool: u64,
    /// Customers handed to the successor.
    pub customers_to_successor: u64,
    /// Work plans deleted.
    pub plans_deleted: u64,
    /// Signed suggestions deleted (with their replies).
    pub suggestions_deleted: u64,
    /// Login sessions ended.
    pub sessions_revoked: u64,
    /// API keys revoked.
    pub api_keys_revoked: u64,
}

/// Offboard a user who leaves, all in the caller's one transaction: they
/// are deactivated (sessions end, API keys are revoked, group appointments
/// withdrawn), their work plans and signed suggestions are deleted
/// (anonymous ones cannot be traced to them and stay), and their customers
/// go to the pool with a reason or to a successor. Admins offboard anyone
/// but themselves; supervisors the salespeople of their groups, to a
/// successor within their groups. If any step fails, nothing is changed.
pub async fn offboard(tx: &TenantTx, id: UserId, how: Offboarding) -> Result<OffboardingSummary> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let target = users::get(tx, id).await?;
    if id == actor.user_id {
        return Err(Error::Conflict(FieldError::new("id", "self", "you cannot offboard yourself")));
    }
    actor.authorize(&Action::ManageUser(&target.as_ref()))?;
    // Checked even with a successor (when it goes unused), so a bad reason
    // never passes silently.
    let reason = match how.reason.as_deref() {
        Some(r) => ReleaseReason::parse(r, "reason").map_err(|e| Error::Validation(vec![e]))?.as_str().to_owned(),
        None => OFFBOARDING_REASON.to_owned(),
    };

    let revoked = if target.active { users::write_active(tx, &target, false).await? } else { Default::default() };
    groups::withdraw_supervisor(tx, id).await?;
    let plans_deleted = work_plans::delete_all_of(tx, id).await?;
    let signed = Query::select()
        .column(suggestion::Column::Id)
        .from(suggestion::Entity)
        .and_where(suggestion::Column::TenantId.eq(tx.tenant_id().0))
        .and_where(suggestion::Column::AuthorId.eq(id.0))
        .to_owned();
    tx.delete_many::<suggestion_reply::Entity>()
        .filter(suggestion_reply::Column::SuggestionId.in_subquery(signed))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let suggestions_deleted = tx
        .delete_many::<suggestion::Entity>()
        .filter(suggestion::Column::AuthorId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected;

    // The successor is checked here, after the writes above: a bad one
    // fails the whole transaction, which then changes nothing.
    let rows = rows_owned_by(tx, id).await?;
    let moved = rows.len() as u64;
    match how.successor {
        Some(s) => {
            if s == id {
                return Err(Error::invalid("successorId", "self", "the successor cannot be the departing user"));
            }
            let to = recipient(tx, s, "successorId").await?;
            if !scope.may_move(Some(&target.as_ref()), Some(&to)) {
                return Err(Error::Forbidden);
            }
            move_owner(tx, &rows, Destination::Owner(s, OwnerChange::Offboard)).await?;
        }
        None => move_owner(tx, &rows, Destination::Pool(Some(&reason))).await?,
    }
    let (to_pool, to_successor) = if how.successor.is_some() { (0, moved) } else { (moved, 0) };
    tx.emit(DomainEvent::UserOffboarded { user: id, successor: how.successor });
    audit::record(
        tx,
        AuditAction::UserOffboard,
        "user",
        Some(id.0),
        json!({
            "successorId": how.successor.map(|s| s.0), "customersToPool": to_pool,
            "customersToSuccessor": to_successor, "plansDeleted": plans_deleted,
            "suggestionsDeleted": suggestions_deleted, "reason": how.successor.is_none().then_some(&reason),
        }),
    )
    .await?;
    Ok(OffboardingSummary {
        user: users::get_unscoped(tx, id).await?,
        successor: how.successor,
        customers_to_pool: to_pool,
        customers_to_successor: to_successor,
        plans_deleted,
        suggestions_deleted,
        sessions_revoked: revoked.sessions,
        api_keys_revoked: revoked.api_keys,
    })
}
