//! The public pool (公海 / 隔离区): releasing customers into it, claiming
//! them within the company's caps, assigning and transferring customers
//! between people, and deleting a customer for good.
//!
//! Who may do what is decided in core ([`CustomerScope::may_release`],
//! [`CustomerScope::may_move`], the permission table for deleting, and
//! [`PoolSettings::check_claim`] for the caps); this module reads the facts
//! and has the customers' write path ([`super::write`]) write the changes,
//! each operation in the caller's one transaction, with history entries,
//! domain events and an audit entry.
//!
//! Claims race: two people may claim the same customer at the same instant.
//! The claim is a conditional `UPDATE … WHERE owner_id IS NULL`; whoever's
//! update finds the row still in the pool wins, the other's touches no row
//! and answers `CONFLICT` (`already_claimed`). On PostgreSQL a claim first
//! locks the claimer's own user row, so one person's claims run one after
//! another and the daily cap and the number held are counted exactly even
//! when they claim several customers at once; on SQLite the single
//! connection serialises every write transaction anyway.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use guanxi_core::customer::{CustomerScope, CustomerSet, can_own_customers};
use guanxi_core::events::OwnerChange;
use guanxi_core::pool::{ClaimFacts, PoolSettings, ReleaseReason};
use guanxi_core::time_window::Window;
use guanxi_core::{Action, CustomerId, Error, FieldError, GroupId, Result, Role, UserId, UserRef};
use sea_orm::sea_query::{LockType, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

pub(crate) use super::write::MoveRow;
use super::write::{self, Destination};
use super::{Customer, Shape, backend, from_row, select_customers, tenant_tz, visible};
use crate::audit;
use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, customer_history, pool_claim, user};
use crate::tenants;

/// Most ids one assignment may name.
pub const MAX_IDS: usize = 500;

/// A customer deleted for good, as the answer names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletedCustomer {
    /// Its id (now unused).
    pub id: CustomerId,
    /// Its number.
    pub number: String,
    /// Its name.
    pub name: String,
    /// History entries deleted with it.
    pub history_entries: u64,
}

/// Where the caller stands against the company's claim caps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolQuota {
    /// Claims the caller made today (the company's calendar day).
    pub claims_today: u64,
    /// The daily cap; 0: none.
    pub claims_per_day: u32,
    /// Customers the caller holds.
    pub held: u64,
    /// The cap on customers held; 0: none.
    pub max_held: u32,
    /// Days a previous owner waits before claiming a customer back; 0: none.
    pub reclaim_cooldown_days: u32,
    /// When today ends and the daily count starts again.
    pub day_ends_at: DateTime<Utc>,
}

fn already_claimed() -> Error {
    Error::Conflict(FieldError::new("id", "already_claimed", "someone else has already claimed this customer"))
}

/// The users with these ids, as authorization sees them, with whether they
/// are active; ids of no user of the tenant are missing from the map.
async fn user_refs(tx: &TenantTx, ids: impl IntoIterator<Item = Uuid>) -> Result<HashMap<Uuid, (UserRef, bool)>> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = tx.select::<user::Entity>().filter(user::Column::Id.is_in(ids)).all(tx.conn()).await.map_err(db_err)?;
    rows.into_iter()
        .map(|u| {
            let role = Role::from_str(&u.role).map_err(|_| Error::Internal(format!("bad role {}", u.role).into()))?;
            Ok((u.id, (UserRef { id: UserId(u.id), role, group_id: u.group_id.map(GroupId) }, u.active)))
        })
        .collect()
}

/// A user who is to receive customers, given as `field`: they must exist
/// and be able to hold customers; otherwise a field error.
pub(crate) async fn recipient(tx: &TenantTx, id: UserId, field: &str) -> Result<UserRef> {
    match user_refs(tx, [id.0]).await?.remove(&id.0) {
        None => Err(Error::invalid(field, "not_found", "no such user")),
        Some((u, active)) if !can_own_customers(u.role, active) => {
            Err(Error::invalid(field, "cannot_own", "this user cannot hold customers"))
        }
        Some((u, _)) => Ok(u),
    }
}

/// Customers of the tenant with these ids that the caller may see, locked
/// for the rest of the transaction on PostgreSQL (so concurrent moves and
/// claims of the same customers queue).
async fn visible_for_update(tx: &TenantTx, scope: &CustomerScope, ids: &[Uuid]) -> Result<Vec<customer::Model>> {
    let mut q = tx
        .select::<customer::Entity>()
        .filter(customer::Column::Id.is_in(ids.iter().copied()))
        .filter(visible(scope, CustomerSet::MineAndPool, tx.tenant_id()));
    if backend(tx) == DbBackend::Postgres {
        q = q.lock_exclusive();
    }
    q.all(tx.conn()).await.map_err(db_err)
}

/// The stored row of customer `id`, locked on PostgreSQL, whoever may see
/// it (the caller has checked what it may do with it).
pub(crate) async fn locked_row(tx: &TenantTx, id: CustomerId) -> Result<customer::Model> {
    visible_for_update(tx, &CustomerScope::All, &[id.0]).await?.pop().ok_or(Error::NotFound("customer"))
}

/// Every customer `from` holds, locked on PostgreSQL, oldest first.
pub(crate) async fn rows_owned_by(tx: &TenantTx, from: UserId) -> Result<Vec<MoveRow>> {
    let mut q = tx
        .select::<customer::Entity>()
        .select_only()
        .columns([customer::Column::Id, customer::Column::OwnerId, customer::Column::ReleaseReason])
        .filter(customer::Column::OwnerId.eq(from.0))
        .order_by_asc(customer::Column::Id);
    if backend(tx) == DbBackend::Postgres {
        q = q.lock_exclusive();
    }
    let rows: Vec<(Uuid, Option<Uuid>, Option<String>)> = q.into_tuple().all(tx.conn()).await.map_err(db_err)?;
    Ok(rows.into_iter().map(|(id, owner_id, release_reason)| MoveRow { id, owner_id, release_reason }).collect())
}

/// How many customers each of `people` holds (those holding none are
/// missing from the map).
pub(crate) async fn held_by(tx: &TenantTx, people: &[Uuid]) -> Result<HashMap<Uuid, u64>> {
    if people.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Option<Uuid>, i64)> = tx
        .select::<customer::Entity>()
        .select_only()
        .column(customer::Column::OwnerId)
        .column_as(customer::Column::Id.count(), "n")
        .filter(customer::Column::OwnerId.is_in(people.iter().copied()))
        .group_by(customer::Column::OwnerId)
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().filter_map(|(o, n)| Some((o?, u64::try_from(n).unwrap_or(0)))).collect())
}

/// The holding cap on receiving `incoming` customers by an assignment or a
/// transfer: `LIMIT_REACHED` (`pool.maxHeld`) when `to` would pass it,
/// unless an admin overrides it (`FORBIDDEN` for anyone else asking to).
pub(crate) async fn check_incoming(tx: &TenantTx, to: UserId, incoming: u64, override_cap: bool) -> Result<()> {
    if override_cap {
        if tx.actor()?.role != Role::Admin {
            return Err(Error::Forbidden);
        }
        return Ok(());
    }
    let settings = tenants::settings(tx).await?.pool;
    if settings.max_held == 0 || incoming == 0 {
        return Ok(());
    }
    let held = held_by(tx, &[to.0]).await?.get(&to.0).copied().unwrap_or(0);
    settings.check_incoming(held, incoming)
}

/// Customers by id, in the order given (those the caller can no longer see
/// are left out).
async fn customers_by_id(tx: &TenantTx, scope: &CustomerScope, ids: &[Uuid]) -> Result<Vec<Customer>> {
    let mut q = select_customers(tx.tenant_id(), Shape::FULL);
    q.and_where(customer::Column::Id.is_in(ids.iter().copied())).cond_where(visible(
        scope,
        CustomerSet::MineAndPool,
        tx.tenant_id(),
    ));
    let rows = tx.conn().query_all(backend(tx).build(&q)).await.map_err(db_err)?;
    let fields = crate::custom_fields::readable_fields(tx, guanxi_core::custom_fields::FieldEntity::Customer).await?;
    let mut found: HashMap<Uuid, Customer> =
        rows.iter().map(|r| from_row(r, Some(&fields), Shape::FULL).map(|c| (c.id.0, c))).collect::<Result<_>>()?;
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Release a customer into the public pool with a reason (a salesperson's
/// "delete"): its owner becomes none and when, by whom, why and from whom
/// are recorded. Salespeople release their own customers, supervisors
/// those of their groups, admins any.
pub async fn release(tx: &TenantTx, id: CustomerId, reason: &str) -> Result<Customer> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let reason = ReleaseReason::parse(reason, "reason").map_err(|e| Error::Validation(vec![e]))?;
    let row = visible_for_update(tx, &scope, &[id.0]).await?.pop().ok_or(Error::NotFound("customer"))?;
    let Some(owner_id) = row.owner_id else {
        return Err(Error::Conflict(FieldError::new("id", "in_pool", "the customer is already in the public pool")));
    };
    let owner = user_refs(tx, [owner_id]).await?.remove(&owner_id).map(|(u, _)| u);
    if !scope.may_release(owner.as_ref()) {
        return Err(Error::Forbidden);
    }
    write::move_owner(tx, &[MoveRow::from(&row)], Destination::Pool(Some(reason.as_str()))).await?;
    audit::record(
        tx,
        AuditAction::CustomerRelease,
        "customer",
        Some(id.0),
        json!({ "number": row.number, "reason": reason.as_str(), "previousOwnerId": owner_id }),
    )
    .await?;
    super::get(tx, id).await
}

/// What releasing several customers at once did: all of them, or none and
/// why each one in the way could not be.
#[derive(Debug, Default)]
pub struct BulkRelease {
    /// The customers now in the pool, in the order asked; empty when any
    /// could not be released.
    pub released: Vec<Customer>,
    /// The customers that could not be released and why (`NotFound` for one
    /// the caller cannot see, `Forbidden` for one they may not release,
    /// `Conflict` `in_pool` for one already there); nothing was released.
    pub errors: Vec<(CustomerId, Error)>,
}

/// Release customers (1–[`MAX_IDS`], duplicates once) into the pool with
/// one reason, all or nothing: every one is checked first, with its row
/// locked, as [`release`] checks one; if any is in the way nothing changes
/// and the answer says why for each such customer; else all are released in
/// the caller's one transaction, each with its history, events and audit
/// entry.
pub async fn release_many(tx: &TenantTx, ids: &[CustomerId], reason: &str) -> Result<BulkRelease> {
    let scope = CustomerScope::of(tx.actor()?)?;
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(Error::invalid("ids", "count", format!("give 1 to {MAX_IDS} customers")));
    }
    let reason = ReleaseReason::parse(reason, "reason").map_err(|e| Error::Validation(vec![e]))?;
    let mut unique: Vec<CustomerId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    let uuids: Vec<Uuid> = unique.iter().map(|id| id.0).collect();
    let rows = visible_for_update(tx, &scope, &uuids).await?;
    let owners = user_refs(tx, rows.iter().filter_map(|r| r.owner_id)).await?;
    let mut errors = Vec::new();
    let mut ordered = Vec::with_capacity(unique.len());
    for id in &unique {
        let Some(row) = rows.iter().find(|r| r.id == id.0) else {
            errors.push((*id, Error::NotFound("customer")));
            continue;
        };
        let Some(owner_id) = row.owner_id else {
            errors.push((
                *id,
                Error::Conflict(FieldError::new("id", "in_pool", "the customer is already in the public pool")),
            ));
            continue;
        };
        if !scope.may_release(owners.get(&owner_id).map(|(u, _)| u)) {
            errors.push((*id, Error::Forbidden));
            continue;
        }
        ordered.push(row);
    }
    if !errors.is_empty() {
        return Ok(BulkRelease { released: Vec::new(), errors });
    }
    let moves: Vec<MoveRow> = ordered.iter().map(|row| MoveRow::from(*row)).collect();
    write::move_owner(tx, &moves, Destination::Pool(Some(reason.as_str()))).await?;
    for row in &ordered {
        audit::record(
            tx,
            AuditAction::CustomerRelease,
            "customer",
            Some(row.id),
            json!({ "number": row.number, "reason": reason.as_str(), "previousOwnerId": row.owner_id, "bulk": true }),
        )
        .await?;
    }
    let mut released = Vec::with_capacity(unique.len());
    for id in &unique {
        released.push(super::get(tx, *id).await?);
    }
    Ok(BulkRelease { released, errors })
}

/// Where a person stands against the company's caps.
struct Standing {
    settings: PoolSettings,
    claims_today: u64,
    held: u64,
    day_ends_at: DateTime<Utc>,
}

/// `me`'s standing: today's claims counted from the claims log over the
/// company's calendar day, and the customers they hold.
async fn standing(tx: &TenantTx, me: UserId) -> Result<Standing> {
    let settings = tenants::settings(tx).await?.pool;
    let (day_start, day_end) = Window::Today.bounds(tx.now, tenant_tz(tx).await?);
    let claims_today = tx
        .select::<pool_claim::Entity>()
        .filter(pool_claim::Column::UserId.eq(me.0))
        .filter(pool_claim::Column::ClaimedAt.gte(day_start))
        .filter(pool_claim::Column::ClaimedAt.lt(day_end))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    let held = tx
        .select::<customer::Entity>()
        .filter(customer::Column::OwnerId.eq(me.0))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(Standing { settings, claims_today, held, day_ends_at: day_end })
}

/// The caller's claims today, customers held and the company's caps.
pub async fn quota(tx: &TenantTx) -> Result<PoolQuota> {
    // Whoever may use the pool may see their own standing.
    CustomerScope::of(tx.actor()?)?;
    let s = standing(tx, tx.actor()?.user_id).await?;
    Ok(PoolQuota {
        claims_today: s.claims_today,
        claims_per_day: s.settings.claims_per_day,
        held: s.held,
        max_held: s.settings.max_held,
        reclaim_cooldown_days: s.settings.reclaim_cooldown_days,
        day_ends_at: s.day_ends_at,
    })
}

/// How many pool customers were released with one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonCount {
    /// The reason as given at release.
    pub reason: String,
    /// Customers in the pool now with it.
    pub count: u64,
}

/// The most reasons [`release_reasons`] answers.
pub const MAX_REASONS: u64 = 100;

/// The reasons the customers in the pool now were released with, the most
/// used first (then by reason), at most [`MAX_REASONS`]: what the pool's
/// reason filter offers. Counted in SQL over the whole pool.
pub async fn release_reasons(tx: &TenantTx) -> Result<Vec<ReasonCount>> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let rows: Vec<(Option<String>, i64)> = tx
        .select::<customer::Entity>()
        .select_only()
        .column(customer::Column::ReleaseReason)
        .column_as(customer::Column::Id.count(), "n")
        .filter(visible(&scope, CustomerSet::Pool, tx.tenant_id()))
        .filter(customer::Column::ReleaseReason.is_not_null())
        .group_by(customer::Column::ReleaseReason)
        .order_by_desc(customer::Column::Id.count())
        .order_by_asc(customer::Column::ReleaseReason)
        .limit(MAX_REASONS)
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .filter_map(|(reason, n)| Some(ReasonCount { reason: reason?, count: u64::try_from(n).unwrap_or(0) }))
        .collect())
}

/// Whether anyone could have seen this customer in the pool: it was
/// released at some point or claimed from the pool before.
async fn was_in_pool(tx: &TenantTx, row: &customer::Model) -> Result<bool> {
    if row.released_at.is_some() {
        return Ok(true);
    }
    let claims = tx
        .select::<pool_claim::Entity>()
        .filter(pool_claim::Column::CustomerId.eq(row.id))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(claims > 0)
}

/// Claim a customer from the public pool for oneself, within the company's
/// caps (claims per day, customers held, the previous owner's cooldown).
/// If someone else got it first the answer is `CONFLICT` (`already_claimed`).
pub async fn claim(tx: &TenantTx, id: CustomerId) -> Result<Customer> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let me = actor.user_id;
    if backend(tx) == DbBackend::Postgres {
        // Queue this person's claims (see the module docs). NO KEY UPDATE
        // leaves the foreign-key checks of other writers unblocked.
        let lock = Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::TenantId.eq(tx.tenant_id().0))
            .and_where(user::Column::Id.eq(me.0))
            .lock(LockType::NoKeyUpdate)
            .to_owned();
        tx.conn().query_one(backend(tx).build(&lock)).await.map_err(db_err)?.ok_or(Error::Unauthenticated)?;
    }
    let row = tx
        .select::<customer::Entity>()
        .filter(customer::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("customer"))?;
    if let Some(owner_id) = row.owner_id {
        // Taken already. Say so to whoever could have seen it in the pool
        // (or can see it now); to anyone else the customer does not exist.
        let owner = user_refs(tx, [owner_id]).await?.remove(&owner_id).map(|(u, _)| u);
        if owner_id == me.0 {
            return Err(Error::Conflict(FieldError::new("id", "already_yours", "you already hold this customer")));
        }
        if scope.contains(owner.as_ref()) || was_in_pool(tx, &row).await? {
            return Err(already_claimed());
        }
        return Err(Error::NotFound("customer"));
    }

    let s = standing(tx, me).await?;
    let facts = ClaimFacts {
        claims_today: s.claims_today,
        day_ends_at: s.day_ends_at,
        held: s.held,
        claimer_was_previous_owner: row.previous_owner_id == Some(me.0),
        released_at: row.released_at,
    };
    s.settings.check_claim(&facts, tx.now)?;

    // The arbiter of simultaneous claims: only an update that still finds
    // the customer in the pool changes it.
    if !write::claim(tx, id, me).await? {
        return Err(already_claimed());
    }
    tx.insert(pool_claim::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(Uuid::now_v7()),
        customer_id: Set(id.0),
        user_id: Set(me.0),
        claimed_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    audit::record(tx, AuditAction::CustomerClaim, "customer", Some(id.0), json!({ "number": row.number })).await?;
    super::get(tx, id).await
}

/// Give customers (from the pool or from their current owners) to `to`:
/// admins any customer to anyone who can hold customers, supervisors within
/// their groups. All or nothing: an id the caller cannot see is
/// `NOT_FOUND` and a move they may not make `FORBIDDEN`, and then nothing
/// moves. The daily claim cap does not apply (this is a decision, not a
/// claim), the holding cap does, unless an admin sets `override_cap`.
pub async fn assign(tx: &TenantTx, ids: &[CustomerId], to: UserId, override_cap: bool) -> Result<Vec<Customer>> {
    let scope = CustomerScope::of(tx.actor()?)?;
    if matches!(scope, CustomerScope::Own(_)) {
        return Err(Error::Forbidden);
    }
    let mut unique: Vec<Uuid> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(&id.0) {
            unique.push(id.0);
        }
    }
    if unique.is_empty() || unique.len() > MAX_IDS {
        return Err(Error::invalid("ids", "length", format!("give 1 to {MAX_IDS} customer ids")));
    }
    let to_ref = recipient(tx, to, "toUserId").await?;
    let rows = visible_for_update(tx, &scope, &unique).await?;
    if rows.len() != unique.len() {
        return Err(Error::NotFound("customer"));
    }
    let owners = user_refs(tx, rows.iter().filter_map(|r| r.owner_id)).await?;
    let mut moving = Vec::new();
    for r in &rows {
        let from = r.owner_id.and_then(|o| owners.get(&o)).map(|(u, _)| u);
        if !scope.may_move(from, Some(&to_ref)) {
            return Err(Error::Forbidden);
        }
        if r.owner_id != Some(to.0) {
            moving.push(MoveRow::from(r));
        }
    }
    check_incoming(tx, to, moving.len() as u64, override_cap).await?;
    write::move_owner(tx, &moving, Destination::Owner(to, OwnerChange::Assign)).await?;
    audit::record(
        tx,
        AuditAction::CustomerAssign,
        "user",
        Some(to.0),
        json!({ "count": moving.len(), "customerIds": moving.iter().map(|r| r.id).collect::<Vec<_>>() }),
    )
    .await?;
    customers_by_id(tx, &scope, &unique).await
}

/// Hand every customer of `from` to `to` ("all of X's customers to Y"):
/// admins between anyone, supervisors between members of their groups.
/// Returns how many moved. The holding cap applies unless an admin sets
/// `override_cap`.
pub async fn transfer_all(tx: &TenantTx, from: UserId, to: UserId, override_cap: bool) -> Result<u64> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    if matches!(scope, CustomerScope::Own(_)) {
        return Err(Error::Forbidden);
    }
    let from_ref = match user_refs(tx, [from.0]).await?.remove(&from.0) {
        Some((u, _)) if actor.user_scope().contains(u.id, u.group_id) => u,
        _ => return Err(Error::invalid("fromUserId", "not_found", "no such user among those you see")),
    };
    if from == to {
        return Err(Error::invalid("toUserId", "same_user", "the customers already belong to this user"));
    }
    let to_ref = recipient(tx, to, "toUserId").await?;
    if !scope.may_move(Some(&from_ref), Some(&to_ref)) {
        return Err(Error::Forbidden);
    }
    let rows = rows_owned_by(tx, from).await?;
    check_incoming(tx, to, rows.len() as u64, override_cap).await?;
    write::move_owner(tx, &rows, Destination::Owner(to, OwnerChange::Transfer)).await?;
    audit::record(
        tx,
        AuditAction::CustomerTransfer,
        "user",
        Some(from.0),
        json!({ "toUserId": to.0, "count": rows.len() }),
    )
    .await?;
    Ok(rows.len() as u64)
}

/// Delete a customer for good, with its history (and, through the
/// database's cascades, everything else that hangs on it). Admins only, and
/// only with `confirm`; the audit entry keeps its number and name.
pub async fn delete_permanently(tx: &TenantTx, id: CustomerId, confirm: bool) -> Result<DeletedCustomer> {
    tx.actor()?.authorize(&Action::DeleteCustomerPermanently)?;
    if !confirm {
        return Err(Error::invalid("confirm", "required", "set confirm to true to delete the customer for good"));
    }
    let row = locked_row(tx, id).await?;
    let history_entries = tx
        .select::<customer_history::Entity>()
        .filter(customer_history::Column::CustomerId.eq(id.0))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    crate::custom_fields::release_customer(tx, id.0).await?;
    write::delete(tx, id).await?;
    audit::record(
        tx,
        AuditAction::CustomerDelete,
        "customer",
        Some(id.0),
        json!({
            "number": row.number, "name": row.name, "company": row.company,
            "ownerId": row.owner_id, "historyEntries": history_entries,
        }),
    )
    .await?;
    Ok(DeletedCustomer { id, number: row.number, name: row.name, history_entries })
}

/// Lock a customer out of the pool rules, or unlock it (admins only): a
/// locked customer stays with its owner however long it is neglected.
pub async fn set_locked(tx: &TenantTx, id: CustomerId, locked: bool) -> Result<Customer> {
    tx.actor()?.authorize(&Action::ManageSettings)?;
    let row = locked_row(tx, id).await?;
    let mut p = write::Patch::default();
    p.set("locked", customer::Column::Locked, &row.locked, locked, locked);
    write::patch(tx, id, p).await?;
    super::get(tx, id).await
}
