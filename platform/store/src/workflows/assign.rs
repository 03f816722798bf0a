//! The `assign` step: fair assignment of a customer to a person.
//!
//! The people come from the first rule whose condition holds, else from
//! the step's list, else everyone of the workflow's group (or company) who
//! can hold customers. Whoever is inactive, away (`users.away_until`) or at
//! the company's holding cap is passed over. Among the rest:
//!
//! - **round robin** (weighted): the person whose count of assignments from
//!   this step, plus one, is smallest relative to their weight, so that
//!   over time each one's share follows their weight (ties: the order of
//!   the list);
//! - **least busy**: the fewest open customers (neither won nor lost), or
//!   the fewest plans not done this week, ties by the round robin.
//!
//! The counts live in `assignment_counters`, one row per person per step
//! of a workflow. An assignment locks its step's rows (`FOR UPDATE` on
//! PostgreSQL; SQLite runs one write transaction at a time), so two
//! replicas assigning at the same instant choose one after the other from
//! counts that include each other's choice: the totals stay fair, and a
//! customer, whose run only one worker holds, is assigned once.
//!
//! Why this person was chosen is recorded in the customer's history
//! (`assignmentReason`) and in the step's output.

use std::collections::HashMap;
use std::str::FromStr;

use guanxi_core::customer::{CustomerScope, can_own_customers};
use guanxi_core::events::OwnerChange;
use guanxi_core::time_window::Window;
use guanxi_core::workflows::{AssignRule, Busy, Change, Member, Strategy};
use guanxi_core::{Error, FieldError, GroupId, Result, Role, UserId, UserRef};
use sea_orm::sea_query::{Expr, LockType, OnConflict, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use super::steps::Ctx;
use crate::customers::Customer;
use crate::customers::pool::held_by;
use crate::db::{TenantTx, db_err};
use crate::entity::{assignment_counter, customer, user, work_plan};

/// What an `assign` step asks for.
pub(crate) struct How<'a> {
    pub(crate) strategy: Strategy,
    pub(crate) busy: Busy,
    pub(crate) people: &'a [Member],
    pub(crate) rules: &'a [AssignRule],
}

/// A person who may receive the customer.
struct Candidate {
    id: Uuid,
    name: String,
    weight: u32,
    assigned: i64,
    busy: u64,
}

/// The people to choose from and where they came from.
async fn people(tx: &TenantTx, ctx: &Ctx, how: &How<'_>) -> Result<(Vec<Member>, String)> {
    let change = Change::default();
    for (i, r) in how.rules.iter().enumerate() {
        if r.condition.eval(&ctx.vars, &change) {
            return Ok((r.people.clone(), format!("规则 rule {}", i + 1)));
        }
    }
    if !how.people.is_empty() {
        let from = if how.rules.is_empty() { "名单 list" } else { "默认 fallback" };
        return Ok((how.people.to_vec(), from.to_owned()));
    }
    // Everyone of the group (or company) who can hold customers.
    let mut q = tx
        .select::<user::Entity>()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Kind.eq(crate::users::PERSON))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.ne(Role::Maintenance.as_str()));
    if let Some(g) = ctx.group {
        q = q.filter(user::Column::GroupId.eq(g));
    }
    let mut ids: Vec<Uuid> = q.into_tuple().all(tx.conn()).await.map_err(db_err)?;
    ids.sort_unstable();
    let from = if ctx.group.is_some() { "本组 group" } else { "全公司 company" };
    Ok((ids.into_iter().map(|id| Member { id, weight: 1 }).collect(), from.to_owned()))
}

/// Assign the run's customer; the step's input and output.
pub(crate) async fn assign(tx: &TenantTx, ctx: &Ctx, c: &Customer, how: &How<'_>) -> Result<(Value, Value)> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let (members, from) = people(tx, ctx, how).await?;
    let ids: Vec<Uuid> = members.iter().map(|m| m.id).collect();
    let rows =
        tx.select::<user::Entity>().filter(user::Column::Id.is_in(ids.clone())).all(tx.conn()).await.map_err(db_err)?;
    let users: HashMap<Uuid, user::Model> = rows.into_iter().map(|u| (u.id, u)).collect();
    let settings = crate::tenants::settings(tx).await?.pool;
    let held = held_by(tx, &ids).await?;
    let owner = c.owner.as_ref().map(|o| o.id);
    let owner_ref = match owner {
        Some(o) => crate::users::find(tx, o).await?.and_then(|u| user_ref(&u)),
        None => None,
    };
    let mut skipped: Vec<Value> = Vec::new();
    let mut open = Vec::new();
    for m in &members {
        let Some(u) = users.get(&m.id) else {
            skipped.push(json!({ "id": m.id, "why": "gone" }));
            continue;
        };
        let role = Role::from_str(&u.role).unwrap_or(Role::Maintenance);
        let why = if u.kind != crate::users::PERSON || !can_own_customers(role, u.active) {
            Some("inactive")
        } else if u.away_until.is_some_and(|t| t > tx.now) {
            Some("away")
        } else if Some(UserId(u.id)) != owner
            && settings.max_held > 0
            && held.get(&u.id).copied().unwrap_or(0) >= u64::from(settings.max_held)
        {
            Some("at_cap")
        } else if !user_ref(u).is_some_and(|to| scope.may_move(owner_ref.as_ref(), Some(&to))) {
            Some("out_of_reach")
        } else {
            None
        };
        match why {
            Some(why) => skipped.push(json!({ "id": m.id, "why": why })),
            None => open.push((m.clone(), u.display_name.clone())),
        }
    }
    if open.is_empty() {
        return Err(Error::Conflict(FieldError::new(
            "people",
            "nobody_available",
            "nobody can receive the customer: everyone named is inactive, away, at the holding cap or out of the \
             acting user's reach",
        )));
    }

    let counters = lock_counters(tx, ctx, &open.iter().map(|(m, _)| m.id).collect::<Vec<_>>()).await?;
    let busy = match how.strategy {
        Strategy::RoundRobin => HashMap::new(),
        Strategy::LeastBusy => busy_counts(tx, how.busy, &open.iter().map(|(m, _)| m.id).collect::<Vec<_>>()).await?,
    };
    let candidates: Vec<Candidate> = open
        .into_iter()
        .map(|(m, name)| Candidate {
            id: m.id,
            name,
            weight: m.weight.max(1),
            assigned: counters.get(&m.id).copied().unwrap_or(0),
            busy: busy.get(&m.id).copied().unwrap_or(0),
        })
        .collect();
    let chosen = choose(how.strategy, &candidates).ok_or_else(|| Error::Internal("no candidate".into()))?;
    let reason = match how.strategy {
        Strategy::RoundRobin => format!(
            "{from} · 轮询 round robin: 权重 weight {}, 此前分到 {} 个 had {} before",
            chosen.weight, chosen.assigned, chosen.assigned
        ),
        Strategy::LeastBusy => {
            let what = match how.busy {
                Busy::OpenCustomers => "未成交客户 open customers",
                Busy::PlansThisWeek => "本周计划 plans this week",
            };
            format!("{from} · 最空闲 least busy: {what} {} (最少 fewest of {})", chosen.busy, candidates.len())
        }
    };

    // Count the choice, then move the customer.
    tx.update_many::<assignment_counter::Entity>()
        .col_expr(assignment_counter::Column::Assigned, Expr::col(assignment_counter::Column::Assigned).add(1))
        .filter(assignment_counter::Column::WorkflowId.eq(ctx.workflow))
        .filter(assignment_counter::Column::StepKey.eq(ctx.step.as_str()))
        .filter(assignment_counter::Column::UserId.eq(chosen.id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if owner != Some(UserId(chosen.id)) {
        let row = crate::customers::pool::locked_row(tx, c.id).await?;
        crate::customers::write::move_owner(
            tx,
            &[crate::customers::pool::MoveRow::from(&row)],
            crate::customers::write::Destination::Owner(UserId(chosen.id), OwnerChange::Assign),
        )
        .await?;
        crate::customers::write::note(tx, c.id.0, "assignmentReason", json!(reason)).await?;
    }
    Ok((
        json!({ "strategy": how.strategy, "from": from, "candidates": candidates.len() }),
        json!({ "to": chosen.id, "toName": chosen.name, "reason": reason, "skipped": skipped }),
    ))
}

fn user_ref(u: &user::Model) -> Option<UserRef> {
    let role = Role::from_str(&u.role).ok()?;
    Some(UserRef { id: UserId(u.id), role, group_id: u.group_id.map(GroupId) })
}

/// The round robin's pick: the smallest `(assigned + 1) / weight`, compared
/// exactly by cross-multiplying; ties to the earlier in the list. Least
/// busy: the fewest busy, ties by the round robin.
fn choose(strategy: Strategy, c: &[Candidate]) -> Option<&Candidate> {
    let rr = |a: &Candidate, b: &Candidate| {
        let left = (i128::from(a.assigned) + 1) * i128::from(b.weight);
        let right = (i128::from(b.assigned) + 1) * i128::from(a.weight);
        left.cmp(&right)
    };
    let mut best: Option<&Candidate> = None;
    for x in c {
        best = match best {
            None => Some(x),
            Some(b) => {
                let order = match strategy {
                    Strategy::RoundRobin => rr(x, b),
                    Strategy::LeastBusy => x.busy.cmp(&b.busy).then_with(|| rr(x, b)),
                };
                if order.is_lt() { Some(x) } else { Some(b) }
            }
        };
    }
    best
}

/// This step's counters for `people`, made where missing and locked for
/// the rest of the transaction on PostgreSQL.
async fn lock_counters(tx: &TenantTx, ctx: &Ctx, people: &[Uuid]) -> Result<HashMap<Uuid, i64>> {
    let rows: Vec<assignment_counter::ActiveModel> = people
        .iter()
        .map(|u| assignment_counter::ActiveModel {
            tenant_id: Set(tx.tenant_id().0),
            workflow_id: Set(ctx.workflow),
            step_key: Set(ctx.step.clone()),
            user_id: Set(*u),
            assigned: Set(0),
        })
        .collect();
    tx.insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                assignment_counter::Column::TenantId,
                assignment_counter::Column::WorkflowId,
                assignment_counter::Column::StepKey,
                assignment_counter::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .do_nothing()
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    let backend = tx.conn().get_database_backend();
    let mut q = Query::select();
    q.columns([assignment_counter::Column::UserId, assignment_counter::Column::Assigned])
        .from(assignment_counter::Entity)
        .and_where(assignment_counter::Column::TenantId.eq(tx.tenant_id().0))
        .and_where(assignment_counter::Column::WorkflowId.eq(ctx.workflow))
        .and_where(assignment_counter::Column::StepKey.eq(ctx.step.as_str()))
        .and_where(assignment_counter::Column::UserId.is_in(people.iter().copied()));
    if backend == DbBackend::Postgres {
        // Every row of the step, in one order, so two choosers queue
        // rather than deadlock.
        q.order_by(assignment_counter::Column::UserId, sea_orm::Order::Asc).lock(LockType::Update);
    }
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok((r.try_get::<Uuid>("", "user_id").map_err(db_err)?, r.try_get::<i64>("", "assigned").map_err(db_err)?))
        })
        .collect()
}

/// How busy each of `people` is.
async fn busy_counts(tx: &TenantTx, busy: Busy, people: &[Uuid]) -> Result<HashMap<Uuid, u64>> {
    let rows: Vec<(Uuid, i64)> = match busy {
        Busy::OpenCustomers => tx
            .select::<customer::Entity>()
            .select_only()
            .column(customer::Column::OwnerId)
            .column_as(customer::Column::Id.count(), "n")
            .filter(customer::Column::OwnerId.is_in(people.iter().copied()))
            .filter(customer::Column::Status.is_not_in(["deal", "lost"]))
            .group_by(customer::Column::OwnerId)
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?,
        Busy::PlansThisWeek => {
            let (start, end) = Window::ThisWeek.bounds(tx.now, crate::tenants::tenant_tz(tx).await?);
            tx.select::<work_plan::Entity>()
                .select_only()
                .column(work_plan::Column::AuthorId)
                .column_as(work_plan::Column::Id.count(), "n")
                .filter(work_plan::Column::AuthorId.is_in(people.iter().copied()))
                .filter(work_plan::Column::DoneAt.is_null())
                .filter(work_plan::Column::StartAt.gte(start))
                .filter(work_plan::Column::StartAt.lt(end))
                .group_by(work_plan::Column::AuthorId)
                .into_tuple()
                .all(tx.conn())
                .await
                .map_err(db_err)?
        }
    };
    Ok(rows.into_iter().map(|(u, n)| (u, u64::try_from(n).unwrap_or(0))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(assigned: i64, weight: u32, busy: u64) -> Candidate {
        Candidate { id: Uuid::now_v7(), name: String::new(), weight, assigned, busy }
    }

    #[test]
    fn weighted_round_robin_follows_the_weights() {
        let mut people = vec![c(0, 1, 0), c(0, 2, 0), c(0, 1, 0)];
        let mut got = [0; 3];
        for _ in 0..400 {
            let id = choose(Strategy::RoundRobin, &people).expect("valid in the test").id;
            let i = people.iter().position(|p| p.id == id).expect("valid in the test");
            people[i].assigned += 1;
            got[i] += 1;
        }
        assert_eq!(got, [100, 200, 100]);
    }

    #[test]
    fn least_busy_breaks_ties_by_the_round_robin() {
        let people = vec![c(3, 1, 5), c(1, 1, 2), c(0, 1, 2)];
        assert_eq!(choose(Strategy::LeastBusy, &people).expect("valid in the test").id, people[2].id);
    }
}
