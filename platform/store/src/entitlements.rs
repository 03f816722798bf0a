//! What a company's subscription plan allows, measured and enforced.
//!
//! Every path that can make a company use more of an entitlement calls one
//! function here inside its own transaction, and a refusal is
//! [`Error::EntitlementReached`] (`LIMIT_REACHED`) naming the entitlement,
//! the usage, the maximum and the plan that would allow more; the caller's
//! transaction is then dropped, so nothing of the refused change is kept.
//!
//! Counting and writing must not race: two requests (or two import lanes)
//! that each count 999 of 1,000 customers must not both insert. On
//! PostgreSQL a transaction takes an advisory lock of its company and
//! entitlement before it counts, held until it ends, so the next counter
//! waits and then sees the first one's rows (each statement of a
//! `READ COMMITTED` transaction reads what is committed when it starts).
//! SQLite has a single writer, so a write transaction counts alone. For
//! customers the check is made after the new rows are inserted, which
//! keeps the lock's hold short and lets import lanes insert side by side,
//! and it reads the last known count (`entitlement_usage`, kept in the
//! same transactions) rather than counting every customer each time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
#[cfg(test)]
use guanxi_core::subscription::PlanId;
use guanxi_core::subscription::{Entitlement, Exceeded, Limit, PlanCatalogue, PlanSpec};
use guanxi_core::{Action, Error, Result, TenantId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, PaginatorTrait, QueryFilter, QuerySelect};

use crate::db::{Access, Store, TenantTx, db_err, statement};
use crate::entity::{custom_field, customer, entitlement_usage, plugin, plugin_usage, user};

/// One entitlement of a company: what it uses and what its plan allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    /// The entitlement.
    pub entitlement: Entitlement,
    /// Used now (this minute, for the request rate; this month, for fuel).
    pub usage: u64,
    /// The plan's maximum.
    pub max: Limit,
}

impl Usage {
    /// Usage as a percentage of the maximum (rounded down; `None` when
    /// unlimited; a maximum of zero counts as full).
    pub fn percent(&self) -> Option<u64> {
        self.max.max().map(|m| self.usage.saturating_mul(100).checked_div(m).unwrap_or(100))
    }
}

/// A company's plan and every entitlement's usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanUsage {
    /// The plan whose entitlements apply.
    pub plan: PlanSpec,
    /// The plan name stored for the company, when it is not in the
    /// catalogue (the free plan's entitlements apply meanwhile).
    pub unknown_plan: Option<String>,
    /// Every entitlement, in [`Entitlement::ALL`]'s order.
    pub limits: Vec<Usage>,
}

/// The plan whose entitlements apply to the transaction's company. A plan
/// name the catalogue does not have (one the operator removed) gets the
/// free plan's entitlements and a warning in the log, never a failure.
pub(crate) async fn plan_of(tx: &TenantTx) -> Result<PlanSpec> {
    let stored = crate::tenants::row(tx).await?.plan;
    let resolved = tx.cfg.plans.resolve(&stored);
    if !resolved.known {
        tracing::warn!(tenant_id = %tx.tenant_id(), plan = %stored, "unknown subscription plan; the free plan's entitlements apply");
    }
    Ok(resolved.spec.clone())
}

/// Refuse unless the company may use `more` of `e` on top of what it uses
/// now. Serialised per company and entitlement until the transaction ends
/// (see the module's documentation). For seats, custom fields and plugins.
pub(crate) async fn ensure(tx: &TenantTx, e: Entitlement, more: u64) -> Result<()> {
    if !tx.cfg.enforce_entitlements {
        return Ok(());
    }
    let plan = plan_of(tx).await?;
    let limit = plan.entitlements.get(e);
    if limit == Limit::Unlimited {
        return Ok(());
    }
    lock(tx, e).await?;
    let usage = count(tx, e).await?;
    if limit.allows(usage, more) { Ok(()) } else { Err(refusal(&tx.cfg.plans, &plan, e, usage, more, None)) }
}

/// The plan's customer limit as a statement that rides on the insert of
/// new customers (PostgreSQL): [`CustomersGuard::wrap`] puts the usage
/// row's update in a `WITH` of the `INSERT`, so a creation checks its plan
/// in the round trip that writes it. `None` when nothing is to be checked
/// (enforcement off, an unlimited plan) or on SQLite, which checks after
/// its insert (see [`ensure_customers_written`]).
pub(crate) struct CustomersGuard {
    plan: PlanSpec,
    max: u64,
}

impl CustomersGuard {
    /// The company's guard, when one applies.
    pub(crate) async fn of(tx: &TenantTx) -> Result<Option<CustomersGuard>> {
        if !tx.cfg.enforce_entitlements || tx.conn().get_database_backend() != DbBackend::Postgres {
            return Ok(None);
        }
        let plan = plan_of(tx).await?;
        Ok(plan.entitlements.customers.max().map(|max| CustomersGuard { plan, max }))
    }

    /// `insert` (one customer's `INSERT`, without `RETURNING`) with the
    /// fast check of [`ensure_customers_written`] in its `WITH`: the
    /// statement answers one row whose `guarded` column is the usage after
    /// the insert, or NULL when the last known usage is stale or near the
    /// limit (then [`CustomersGuard::after_insert`] counts).
    pub(crate) fn wrap(&self, tx: &TenantTx, insert: sea_orm::Statement, added: u64) -> sea_orm::Statement {
        let n = insert.values.as_ref().map_or(0, |v| v.0.len());
        let mut values = insert.values.map(|v| v.0).unwrap_or_default();
        values.extend(guard_values(tx, added, self.max));
        let p = |i: usize| format!("${}", n + i);
        sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!(
                "WITH guard AS (UPDATE entitlement_usage SET used = used + {added} WHERE tenant_id = {tenant} \
                 AND entitlement = {key} AND counted_at > {since} AND used + {added} <= {max} RETURNING used) \
                 {insert} RETURNING (SELECT used FROM guard) AS guarded",
                added = p(1),
                tenant = p(2),
                key = p(3),
                since = p(4),
                max = p(5),
                insert = insert.sql,
            ),
            values,
        )
    }

    /// After the wrapped insert answered `guarded`: nothing more when the
    /// fast check passed, else the count (which refuses past the limit).
    pub(crate) async fn after_insert(self, tx: &TenantTx, guarded: Option<i64>, added: u64) -> Result<()> {
        if guarded.is_some() {
            return Ok(());
        }
        count_customers_locked(tx, &self.plan, added).await
    }
}

/// The values of the fast check's `UPDATE`: added, tenant, entitlement,
/// the oldest trusted count, the maximum.
fn guard_values(tx: &TenantTx, added: u64, max: u64) -> Vec<sea_orm::Value> {
    let added_i = i64::try_from(added).unwrap_or(i64::MAX);
    let max_i = i64::try_from(max).unwrap_or(i64::MAX);
    vec![
        added_i.into(),
        tx.tenant_id().0.into(),
        Entitlement::Customers.as_str().into(),
        (tx.now - USAGE_TTL).into(),
        max_i.into(),
    ]
}

/// Refuse unless the company's customers, counted after `added` new ones
/// were inserted in this transaction, stay within its plan. Called by
/// every path that creates customers, after its insert and before its
/// commit (a single creation on PostgreSQL checks within its insert:
/// [`CustomersGuard`]).
pub(crate) async fn ensure_customers_written(tx: &TenantTx, added: u64) -> Result<()> {
    if !tx.cfg.enforce_entitlements || added == 0 {
        return Ok(());
    }
    let plan = plan_of(tx).await?;
    let limit = plan.entitlements.customers;
    if limit == Limit::Unlimited {
        return Ok(());
    }
    let key = Entitlement::Customers.as_str();
    let Some(max) = limit.max() else { return Ok(()) };
    if tx.conn().get_database_backend() == DbBackend::Postgres {
        // One round trip when the last known usage is recent and far enough
        // from the limit. The row's lock orders concurrent adders, and each
        // re-reads the row as its predecessor committed it (`READ
        // COMMITTED` re-checks the condition on the newest version).
        let fast = tx
            .conn()
            .query_one(statement(
                DbBackend::Postgres,
                "UPDATE entitlement_usage SET used = used + $1 WHERE tenant_id = $2 AND entitlement = $3 \
                 AND counted_at > $4 AND used + $1 <= $5 RETURNING used",
                guard_values(tx, added, max),
            ))
            .await
            .map_err(db_err)?;
        if fast.is_some() {
            return Ok(());
        }
        return count_customers_locked(tx, &plan, added).await;
    }
    // SQLite: one writer, nothing to order.
    // The last known usage, when it is recent and far enough from the
    // limit, spares counting every customer (see [`USAGE_TTL`]).
    let cached = tx
        .select::<entitlement_usage::Entity>()
        .filter(entitlement_usage::Column::Entitlement.eq(key))
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    if let Some(c) = cached
        && c.counted_at > tx.now - USAGE_TTL
        && limit.allows(u64::try_from(c.used).unwrap_or(0), added)
    {
        tx.update_many::<entitlement_usage::Entity>()
            .col_expr(
                entitlement_usage::Column::Used,
                Expr::col(entitlement_usage::Column::Used).add(i64::try_from(added).unwrap_or(i64::MAX)),
            )
            .filter(entitlement_usage::Column::Entitlement.eq(key))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        return Ok(());
    }
    count_customers(tx, &plan, added).await
}

/// PostgreSQL's slow path: hold the usage row first (waiting for adders in
/// flight to commit, so the count sees their customers), then count.
async fn count_customers_locked(tx: &TenantTx, plan: &PlanSpec, added: u64) -> Result<()> {
    let key = Entitlement::Customers.as_str();
    lock(tx, Entitlement::Customers).await?;
    tx.conn()
        .execute(statement(
            DbBackend::Postgres,
            "INSERT INTO entitlement_usage (tenant_id, entitlement, used, counted_at) VALUES ($1, $2, 0, $3) \
             ON CONFLICT (tenant_id, entitlement) DO NOTHING",
            vec![tx.tenant_id().0.into(), key.into(), (tx.now - USAGE_TTL - USAGE_TTL).into()],
        ))
        .await
        .map_err(db_err)?;
    tx.conn()
        .execute(statement(
            DbBackend::Postgres,
            "SELECT used FROM entitlement_usage WHERE tenant_id = $1 AND entitlement = $2 FOR UPDATE",
            vec![tx.tenant_id().0.into(), key.into()],
        ))
        .await
        .map_err(db_err)?;
    count_customers(tx, plan, added).await
}

/// Count the company's customers (the `added` new ones included), refuse
/// when the plan's limit is passed, and remember the count.
async fn count_customers(tx: &TenantTx, plan: &PlanSpec, added: u64) -> Result<()> {
    let key = Entitlement::Customers.as_str();
    let total = count(tx, Entitlement::Customers).await?;
    let before = total.saturating_sub(added);
    if !plan.entitlements.customers.allows(before, added) {
        return Err(refusal(&tx.cfg.plans, plan, Entitlement::Customers, before, added, None));
    }
    tx.insert(entitlement_usage::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        entitlement: Set(key.to_owned()),
        used: Set(i64::try_from(total).unwrap_or(i64::MAX)),
        counted_at: Set(tx.now),
    })
    .on_conflict(
        OnConflict::columns([entitlement_usage::Column::TenantId, entitlement_usage::Column::Entitlement])
            .update_columns([entitlement_usage::Column::Used, entitlement_usage::Column::CountedAt])
            .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(())
}

/// How long a counted usage is trusted (plus what was added since) before
/// it is counted again. Deletions do not lower it, so it can only be too
/// high, which costs a count when it says the limit is near; a count a
/// minute keeps paths that add customers without the check (a backup's
/// restore) from going unnoticed for longer.
const USAGE_TTL: chrono::Duration = chrono::Duration::seconds(60);

/// Refuse a plugin call once the company has burnt its plan's fuel for
/// the month. Usage is recorded in the background after each call, so the
/// last calls of a month may go over by what one batch burns.
pub(crate) async fn ensure_plugin_fuel(tx: &TenantTx) -> Result<()> {
    if !tx.cfg.enforce_entitlements {
        return Ok(());
    }
    let plan = plan_of(tx).await?;
    let limit = plan.entitlements.plugin_fuel_per_month;
    if limit == Limit::Unlimited {
        return Ok(());
    }
    let used = count(tx, Entitlement::PluginFuelPerMonth).await?;
    if limit.allows(used, 1) {
        return Ok(());
    }
    let next_month = next_month(tx.now.date_naive());
    let retry = next_month.and_hms_opt(0, 0, 0).map(|t| (t.and_utc() - tx.now).num_seconds().max(1));
    Err(refusal(&tx.cfg.plans, &plan, Entitlement::PluginFuelPerMonth, used, 1, retry))
}

/// Refuse storing `bytes` more (a customer photo) beyond the plan's
/// storage. Files are written outside the transaction, so two uploads at
/// the same instant may both pass; each is at most the photo size limit.
pub(crate) async fn ensure_storage(tx: &TenantTx, bytes: u64) -> Result<()> {
    if !tx.cfg.enforce_entitlements {
        return Ok(());
    }
    let plan = plan_of(tx).await?;
    let limit = plan.entitlements.storage_bytes;
    if limit == Limit::Unlimited {
        return Ok(());
    }
    let used = count(tx, Entitlement::StorageBytes).await?;
    if limit.allows(used, bytes) {
        Ok(())
    } else {
        Err(refusal(&tx.cfg.plans, &plan, Entitlement::StorageBytes, used, bytes, None))
    }
}

/// The company's plan and every entitlement's usage (admins only).
pub async fn plan_usage(tx: &TenantTx) -> Result<PlanUsage> {
    // Billing is the company owner's business, like its settings.
    tx.actor()?.authorize(&Action::ManageSettings)?;
    let stored = crate::tenants::row(tx).await?.plan;
    let plan = plan_of(tx).await?;
    let unknown_plan = (!tx.cfg.plans.resolve(&stored).known).then_some(stored);
    let mut limits = Vec::with_capacity(Entitlement::ALL.len());
    for e in Entitlement::ALL {
        let usage = match e {
            Entitlement::ApiRequestsPerMinute => 0,
            _ => count(tx, e).await?,
        };
        limits.push(Usage { entitlement: e, usage, max: plan.entitlements.get(e) });
    }
    Ok(PlanUsage { plan, unknown_plan, limits })
}

/// The plans a company may choose from (admins only: the upgrade page).
pub fn catalogue(tx: &TenantTx) -> Result<Arc<PlanCatalogue>> {
    tx.actor()?.authorize(&Action::ManageSettings)?;
    Ok(tx.cfg.plans.clone())
}

fn refusal(
    cat: &PlanCatalogue,
    plan: &PlanSpec,
    e: Entitlement,
    usage: u64,
    requested: u64,
    retry_after_secs: Option<i64>,
) -> Error {
    Error::EntitlementReached(Box::new(Exceeded {
        entitlement: e,
        plan: plan.id.clone(),
        usage,
        requested,
        max: plan.entitlements.get(e).max().unwrap_or(u64::MAX),
        upgrade: cat.upgrade_for(plan, e, usage, requested).map(|p| p.id.clone()),
        retry_after_secs,
    }))
}

/// Wait for, then hold until the transaction ends, the company's lock of
/// `e` (PostgreSQL; SQLite's single writer needs none).
async fn lock(tx: &TenantTx, e: Entitlement) -> Result<()> {
    if tx.conn().get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let key = Entitlement::ALL.iter().position(|x| *x == e).map_or(0, |i| i32::try_from(i).unwrap_or(0));
    tx.conn()
        .execute(statement(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1), $2)",
            vec![tx.tenant_id().0.to_string().into(), key.into()],
        ))
        .await
        .map_err(db_err)?;
    Ok(())
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let first = first_of_month(d);
    let (y, m) = if first.month() == 12 { (first.year() + 1, 1) } else { (first.year(), first.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(first)
}

/// What the company uses of `e` now (the request rate is counted by
/// [`RequestMeter`], not here: 0).
async fn count(tx: &TenantTx, e: Entitlement) -> Result<u64> {
    let c = tx.conn();
    let n = match e {
        Entitlement::Seats => tx
            .select::<user::Entity>()
            .filter(user::Column::Active.eq(true))
            .filter(user::Column::Kind.eq(crate::users::PERSON))
            .count(c)
            .await
            .map_err(db_err)?,
        Entitlement::Customers => tx.select::<customer::Entity>().count(c).await.map_err(db_err)?,
        Entitlement::CustomFields => tx.select::<custom_field::Entity>().count(c).await.map_err(db_err)?,
        Entitlement::Plugins => tx.select::<plugin::Entity>().count(c).await.map_err(db_err)?,
        Entitlement::PluginFuelPerMonth => {
            let sum: Option<Option<i64>> = tx
                .select::<plugin_usage::Entity>()
                .select_only()
                .column_as(Expr::col(plugin_usage::Column::Fuel).sum().cast_as("bigint"), "fuel")
                .filter(plugin_usage::Column::Day.gte(first_of_month(tx.now.date_naive())))
                .into_tuple()
                .one(c)
                .await
                .map_err(db_err)?;
            u64::try_from(sum.flatten().unwrap_or(0)).unwrap_or(0)
        }
        Entitlement::StorageBytes => stored_bytes(tx).await?,
        Entitlement::ApiRequestsPerMinute => 0,
    };
    Ok(n)
}

/// Bytes of the company's stored files: its customers' photos (exports are
/// streamed as they are downloaded and never stored).
async fn stored_bytes(tx: &TenantTx) -> Result<u64> {
    let dir = tx.cfg.data_dir.join("photos").join(tx.tenant_id().0.simple().to_string());
    tokio::task::spawn_blocking(move || dir_size(&dir)).await.map_err(|e| Error::Internal(e.to_string().into()))
}

fn dir_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut total = 0u64;
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            total = total.saturating_add(dir_size(&entry.path()));
        } else {
            total = total.saturating_add(meta.len());
        }
    }
    total
}

/// Counts each company's API requests per minute against its plan, in
/// this replica's memory: a fixed one-minute window per company. With N
/// replicas behind a load balancer a company can reach N times its limit
/// (documented in docs/api.md); the plan is re-read once a minute.
#[derive(Debug, Default)]
pub struct RequestMeter {
    windows: Mutex<HashMap<TenantId, Window>>,
}

#[derive(Debug)]
struct Window {
    minute: u64,
    count: u64,
    plan: Option<(PlanSpec, Instant)>,
}

/// How long a company's plan is trusted by the meter before it is read again.
const PLAN_TTL: Duration = Duration::from_secs(60);

impl RequestMeter {
    /// Count one request of `tenant` at `now_secs` (Unix seconds) under
    /// `plan`; the refusal when it is one too many.
    fn admit(&self, cat: &PlanCatalogue, tenant: TenantId, now_secs: u64, plan: &PlanSpec) -> Result<()> {
        let minute = now_secs / 60;
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let w = windows.entry(tenant).or_insert(Window { minute, count: 0, plan: None });
        if w.minute != minute {
            w.minute = minute;
            w.count = 0;
        }
        let limit = plan.entitlements.api_requests_per_minute;
        if !limit.allows(w.count, 1) {
            let retry = i64::try_from(60 - now_secs % 60).unwrap_or(60);
            return Err(refusal(cat, plan, Entitlement::ApiRequestsPerMinute, w.count, 1, Some(retry)));
        }
        w.count += 1;
        Ok(())
    }

    fn cached_plan(&self, tenant: TenantId) -> Option<PlanSpec> {
        let windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        windows
            .get(&tenant)
            .and_then(|w| w.plan.as_ref())
            .filter(|(_, at)| at.elapsed() < PLAN_TTL)
            .map(|(p, _)| p.clone())
    }

    fn remember_plan(&self, tenant: TenantId, plan: &PlanSpec) {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(w) = windows.get_mut(&tenant) {
            w.plan = Some((plan.clone(), Instant::now()));
        } else {
            windows.insert(tenant, Window { minute: 0, count: 0, plan: Some((plan.clone(), Instant::now())) });
        }
    }

    /// Requests `tenant` made in the current minute.
    fn current(&self, tenant: TenantId, now_secs: u64) -> u64 {
        let windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        windows.get(&tenant).filter(|w| w.minute == now_secs / 60).map_or(0, |w| w.count)
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Store {
    /// Count one API request of `tenant` against its plan's requests per
    /// minute. A refusal is [`Error::EntitlementReached`] with
    /// `retry_after_secs` set: the HTTP layer answers it `429` with
    /// `Retry-After`.
    pub async fn admit_request(&self, tenant: TenantId) -> Result<()> {
        if !self.cfg.enforce_entitlements {
            return Ok(());
        }
        let plan = match self.meter.cached_plan(tenant) {
            Some(p) => p,
            None => {
                let tx = TenantTx::begin(self, tenant, Access::Read).await?;
                let plan = plan_of(&tx).await?;
                tx.commit().await?;
                self.meter.remember_plan(tenant, &plan);
                plan
            }
        };
        if plan.entitlements.api_requests_per_minute == Limit::Unlimited {
            return Ok(());
        }
        self.meter.admit(&self.cfg.plans, tenant, unix_now(), &plan)
    }

    /// Forget what the request meter knows of `tenant`'s plan (after a plan
    /// change, so the new limit applies at once on this replica).
    pub fn forget_metered_plan(&self, tenant: TenantId) {
        let mut windows = self.meter.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(w) = windows.get_mut(&tenant) {
            w.plan = None;
        }
    }

    /// Requests of `tenant` counted by this replica in the current minute.
    pub fn requests_this_minute(&self, tenant: TenantId) -> u64 {
        self.meter.current(tenant, unix_now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meter_refuses_the_request_after_the_maximum_until_the_minute_ends() {
        let cat = PlanCatalogue::default();
        let mut free = cat.free().clone();
        free.entitlements.api_requests_per_minute = Limit::Max(2);
        let m = RequestMeter::default();
        let t = TenantId(uuid::Uuid::new_v4());
        let at = 6_000_000 * 60 + 10;
        assert!(m.admit(&cat, t, at, &free).is_ok());
        assert!(m.admit(&cat, t, at + 1, &free).is_ok());
        let Err(Error::EntitlementReached(x)) = m.admit(&cat, t, at + 2, &free) else { panic!("refused") };
        assert_eq!((x.usage, x.max, x.retry_after_secs), (2, 2, Some(48)));
        assert_eq!(x.upgrade.as_ref().map(PlanId::as_str), Some("team"));
        assert!(m.admit(&cat, TenantId(uuid::Uuid::new_v4()), at, &free).is_ok(), "another company");
        assert!(m.admit(&cat, t, at + 60, &free).is_ok(), "the next minute");
    }

    #[test]
    fn months_roll_over() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("a date");
        assert_eq!(next_month(d(2026, 12, 6)), d(2027, 1, 1));
        assert_eq!(next_month(d(2026, 1, 31)), d(2026, 2, 1));
        assert_eq!(first_of_month(d(2026, 2, 28)), d(2026, 2, 1));
    }
}
