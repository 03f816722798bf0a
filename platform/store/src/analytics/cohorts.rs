//! The lifecycle summaries (migration `m0042_customer_cohorts`): the
//! customers counted by owner, local month of creation, status now and
//! statuses held before, with their status facts ([`super::facts`]) summed
//! (`customer_cohorts`); and their moves into and out of `lost` counted by
//! owner, month of creation and month of the move
//! (`customer_lost_moves`). The pool's customers count under the nil id.
//!
//! The customers' write path keeps both in the same transaction as each
//! change, each step taking out what a customer counted before it and
//! adding what it counts after: a creation ([`created`]), a change of
//! status ([`super::facts::moved`]), of owner ([`owners_changed`]) and a
//! deletion ([`deleting`]). Counts are added with an upsert, so concurrent
//! writers only meet on the same owner, month, status and history.
//! [`rebuild`] counts a company afresh (see [`super::summaries`]).
//!
//! A company's time zone is chosen at sign-up and not changed afterwards
//! (a restore rebuilds), so a customer's month stays its month.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use guanxi_core::Result;
use guanxi_core::customer::CustomerStatus;
use guanxi_core::time_window::{day_start, local_date};
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query, SimpleExpr};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, QueryResult, Statement};
use uuid::Uuid;

use super::facts::Group;
use super::{Binds, count, placeholder, sum_bigint};
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, customer_cohort, customer_lost_move};

/// The summaries' tables.
pub(crate) const COHORTS: &str = "customer_cohorts";
pub(crate) const LOST_MOVES: &str = "customer_lost_moves";

/// The owner column of summary table `table`, qualified.
pub(crate) fn owner_of(table: &str) -> SimpleExpr {
    Expr::col((Alias::new(table), Alias::new("owner_id"))).into()
}

/// The statuses' facts columns, in display order: `(<status>_stays,
/// <status>_secs)`.
fn fact_columns() -> impl Iterator<Item = (String, String)> {
    CustomerStatus::ALL.iter().map(|s| (format!("{}_stays", s.as_str()), format!("{}_secs", s.as_str())))
}

/// A customer as the summaries count it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Member {
    /// Its id.
    pub(crate) id: Uuid,
    /// Its owner (`None`: the pool).
    pub(crate) owner: Option<Uuid>,
    /// When it was created.
    pub(crate) created_at: DateTime<Utc>,
    /// Its status now, by machine name.
    pub(crate) status: String,
    /// The statuses it held before (`status_ever`).
    pub(crate) ever: i64,
    /// Its completed stays per status, in display order.
    pub(crate) stays: [i64; 5],
    /// Their length in seconds.
    pub(crate) secs: [i64; 5],
}

impl Member {
    /// A customer just created, which has never changed status.
    pub(crate) fn new(id: Uuid, owner: Option<Uuid>, created_at: DateTime<Utc>, status: &str) -> Member {
        Member { id, owner, created_at, status: status.to_owned(), ever: 0, stays: [0; 5], secs: [0; 5] }
    }
}

/// The first day of the local month of `t`.
fn month_of(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    let d = local_date(t, tz);
    d.with_day(1).unwrap_or(d)
}

/// The first day of the month after the one `d` is in.
fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// The columns a [`Member`] is read from, as SQL (`… AS <name>`), for a
/// `SELECT` or a `RETURNING`.
pub(crate) fn member_columns() -> String {
    let mut cols: Vec<String> =
        ["id", "owner_id", "created_at", "status", "CAST(status_ever AS BIGINT) AS e"].map(str::to_owned).to_vec();
    for (i, (stays, secs)) in fact_columns().enumerate() {
        cols.push(format!("CAST({stays} AS BIGINT) AS s{i}"));
        cols.push(format!("CAST({secs} AS BIGINT) AS d{i}"));
    }
    cols.join(", ")
}

impl Member {
    /// A member from a row of [`member_columns`].
    pub(crate) fn read(r: &QueryResult) -> Result<Member> {
        let mut m = Member {
            id: r.try_get("", "id").map_err(db_err)?,
            owner: r.try_get("", "owner_id").map_err(db_err)?,
            created_at: r.try_get("", "created_at").map_err(db_err)?,
            status: r.try_get("", "status").map_err(db_err)?,
            ever: r.try_get("", "e").map_err(db_err)?,
            stays: [0; 5],
            secs: [0; 5],
        };
        for i in 0..5 {
            m.stays[i] = r.try_get("", &format!("s{i}")).map_err(db_err)?;
            m.secs[i] = r.try_get("", &format!("d{i}")).map_err(db_err)?;
        }
        Ok(m)
    }
}

/// The customers `ids` of the company as they stand.
pub(crate) async fn members(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<Member>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .expr(Expr::cust(member_columns()))
        .from(customer::Entity)
        .and_where(customer::Column::TenantId.eq(tx.tenant_id().0))
        .and_where(customer::Column::Id.is_in(ids.iter().copied()))
        .to_owned();
    let backend = tx.conn().get_database_backend();
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    rows.iter().map(Member::read).collect()
}

/// Take `removed` out of the company's cohorts and add `added`, in one
/// upsert (keys in order).
pub(crate) async fn record(tx: &TenantTx, removed: &[Member], added: &[Member]) -> Result<()> {
    if removed.is_empty() && added.is_empty() {
        return Ok(());
    }
    let tz = crate::tenants::tenant_tz(tx).await?;
    let mut sums: BTreeMap<(Uuid, NaiveDate, &str, i64), [i64; 11]> = BTreeMap::new();
    for (m, sign) in removed.iter().map(|m| (m, -1)).chain(added.iter().map(|m| (m, 1))) {
        let key = (m.owner.unwrap_or(Uuid::nil()), month_of(m.created_at, tz), m.status.as_str(), m.ever);
        let v = sums.entry(key).or_default();
        v[0] += sign;
        for i in 0..5 {
            v[1 + 2 * i] += sign * m.stays[i];
            v[2 + 2 * i] += sign * m.secs[i];
        }
    }
    sums.retain(|_, v| v.iter().any(|x| *x != 0));
    if sums.is_empty() {
        return Ok(());
    }
    let rows = sums.into_iter().map(|((owner, born, status, ever), v)| customer_cohort::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        owner_id: Set(owner),
        born: Set(born),
        status: Set(status.to_owned()),
        status_ever: Set(i32::try_from(ever).unwrap_or(0)),
        n: Set(v[0]),
        prospect_stays: Set(v[1]),
        prospect_secs: Set(v[2]),
        intent_stays: Set(v[3]),
        intent_secs: Set(v[4]),
        paused_stays: Set(v[5]),
        paused_secs: Set(v[6]),
        deal_stays: Set(v[7]),
        deal_secs: Set(v[8]),
        lost_stays: Set(v[9]),
        lost_secs: Set(v[10]),
    });
    use customer_cohort::Column as C;
    let mut conflict = OnConflict::columns([C::TenantId, C::OwnerId, C::Born, C::Status, C::StatusEver])
        .value(C::N, added_to(COHORTS, "n"))
        .to_owned();
    for (stays, secs) in fact_columns() {
        conflict
            .value(Alias::new(stays.as_str()), added_to(COHORTS, &stays))
            .value(Alias::new(secs.as_str()), added_to(COHORTS, &secs));
    }
    tx.insert_many(rows).on_conflict(conflict).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    Ok(())
}

/// `<table>.<col> + excluded.<col>`, an upsert's sum (the table named so
/// the column is not ambiguous).
fn added_to(table: &str, col: &str) -> SimpleExpr {
    Expr::cust(format!("{table}.{col} + excluded.{col}"))
}

/// One move into or out of `lost`, counted `n` times (-1: taken back).
struct LostMove {
    owner: Option<Uuid>,
    born: DateTime<Utc>,
    at: DateTime<Utc>,
    into_lost: bool,
    n: i64,
}

/// Add `moves` to the company's lost moves, in one upsert.
async fn record_moves(tx: &TenantTx, moves: &[LostMove]) -> Result<()> {
    if moves.is_empty() {
        return Ok(());
    }
    let tz = crate::tenants::tenant_tz(tx).await?;
    let mut sums: BTreeMap<(Uuid, NaiveDate, NaiveDate, i32), i64> = BTreeMap::new();
    for m in moves {
        let key = (m.owner.unwrap_or(Uuid::nil()), month_of(m.born, tz), month_of(m.at, tz), i32::from(m.into_lost));
        *sums.entry(key).or_default() += m.n;
    }
    sums.retain(|_, n| *n != 0);
    if sums.is_empty() {
        return Ok(());
    }
    let rows = sums.into_iter().map(|((owner, born, moved, into_lost), n)| customer_lost_move::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        owner_id: Set(owner),
        born: Set(born),
        moved: Set(moved),
        into_lost: Set(into_lost),
        n: Set(n),
    });
    use customer_lost_move::Column as C;
    let conflict = OnConflict::columns([C::TenantId, C::OwnerId, C::Born, C::Moved, C::IntoLost])
        .value(C::N, added_to(LOST_MOVES, "n"))
        .to_owned();
    tx.insert_many(rows).on_conflict(conflict).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    Ok(())
}

/// `CAST(<col> AS TEXT) = '"lost"'`: a status history value is `lost`.
pub(super) fn is_lost(col: &str) -> String {
    format!("CAST({col} AS TEXT) = '\"{}\"'", CustomerStatus::Lost.as_str())
}

/// The moves into and out of `lost` of `members`, from their status
/// history, counted `n` times each; with `also`, the same customers as
/// they are after a change of owner, counted the other way.
async fn moves_of(tx: &TenantTx, members: &[Member], n: i64, also: &[Member]) -> Result<Vec<LostMove>> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let by_id: HashMap<Uuid, &Member> = members.iter().map(|m| (m.id, m)).collect();
    let also: HashMap<Uuid, &Member> = also.iter().map(|m| (m.id, m)).collect();
    let q = Query::select()
        .column(crate::entity::customer_history::Column::CustomerId)
        .column(crate::entity::customer_history::Column::CreatedAt)
        .expr_as(Expr::cust(format!("CASE WHEN {} THEN 1 ELSE 0 END", is_lost("new_value"))), Alias::new("into_lost"))
        .from(crate::entity::customer_history::Entity)
        .and_where(crate::entity::customer_history::Column::TenantId.eq(tx.tenant_id().0))
        .and_where(crate::entity::customer_history::Column::Field.eq("status"))
        .and_where(crate::entity::customer_history::Column::CustomerId.is_in(by_id.keys().copied()))
        .cond_where(Condition::any().add(Expr::cust(is_lost("new_value"))).add(Expr::cust(is_lost("old_value"))))
        .to_owned();
    let backend = tx.conn().get_database_backend();
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: Uuid = r.try_get("", "customer_id").map_err(db_err)?;
        let into: i32 = r.try_get("", "into_lost").map_err(db_err)?;
        let at: DateTime<Utc> = r.try_get("", "created_at").map_err(db_err)?;
        for (m, n) in [(by_id.get(&id), n), (also.get(&id), -n)] {
            if let Some(m) = m {
                out.push(LostMove { owner: m.owner, born: m.created_at, at, into_lost: into == 1, n });
            }
        }
    }
    Ok(out)
}

/// Customers were created.
pub(crate) async fn created(tx: &TenantTx, added: &[Member]) -> Result<()> {
    record(tx, &[], added).await
}

/// Customers moved from status `old` to `new` now: what they count goes
/// from `before` (as they were) to `after` (as they are), with their moves
/// into or out of `lost`.
pub(crate) async fn status_moved(
    tx: &TenantTx,
    before: &[Member],
    after: &[Member],
    old: CustomerStatus,
    new: CustomerStatus,
) -> Result<()> {
    record(tx, before, after).await?;
    if old == CustomerStatus::Lost || new == CustomerStatus::Lost {
        let moves: Vec<LostMove> = after
            .iter()
            .map(|m| LostMove {
                owner: m.owner,
                born: m.created_at,
                at: tx.now,
                into_lost: new == CustomerStatus::Lost,
                n: 1,
            })
            .collect();
        record_moves(tx, &moves).await?;
    }
    Ok(())
}

/// Customers `moves` (`(id, owner before)`) have changed owner (their rows
/// hold the new one): what they count goes from the old owner to the new.
pub(crate) async fn owners_changed(tx: &TenantTx, moves: &[(Uuid, Option<Uuid>)]) -> Result<()> {
    let ids: Vec<Uuid> = moves.iter().map(|(id, _)| *id).collect();
    let now = members(tx, &ids).await?;
    let from: HashMap<Uuid, Option<Uuid>> = moves.iter().copied().collect();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for m in now {
        let old = from.get(&m.id).copied().flatten();
        if old != m.owner {
            before.push(Member { owner: old, ..m.clone() });
            after.push(m);
        }
    }
    record(tx, &before, &after).await?;
    let moved = moves_of(tx, &before, -1, &after).await?;
    record_moves(tx, &moved).await
}

/// Customers `ids` came (back) into the company as they stand: what they
/// count is added, their moves into and out of `lost` included (the
/// opposite of [`deleting`]).
pub(crate) async fn arrived(tx: &TenantTx, ids: &[Uuid]) -> Result<()> {
    let here = members(tx, ids).await?;
    record(tx, &[], &here).await?;
    let moves = moves_of(tx, &here, 1, &[]).await?;
    record_moves(tx, &moves).await
}

/// Customers `ids` are about to be deleted: what they count is taken out.
pub(crate) async fn deleting(tx: &TenantTx, ids: &[Uuid]) -> Result<()> {
    let gone = members(tx, ids).await?;
    record(tx, &gone, &[]).await?;
    let moves = moves_of(tx, &gone, -1, &[]).await?;
    record_moves(tx, &moves).await
}

/// `CASE WHEN <col> < <start of month 2> THEN <month 1> … ELSE <last> END`:
/// the local month of a timestamp column among `months` (first days, in
/// order; earlier times fall in the first, later ones in the last), its
/// values bound to `b`.
fn month_case(b: &mut Binds, col: &str, months: &[NaiveDate], tz: Tz) -> String {
    let mut arms = String::new();
    for pair in months.windows(2) {
        arms.push_str(&format!(" WHEN {col} < {} THEN {}", b.bind(day_start(pair[1], tz)), b.bind(pair[0])));
    }
    let last = months.last().copied().unwrap_or_default();
    if arms.is_empty() {
        // One month: a CASE needs a WHEN (the column is never NULL).
        return format!("CASE WHEN {col} IS NOT NULL THEN {} END", b.bind(last));
    }
    format!("CASE{arms} ELSE {} END", b.bind(last))
}

/// The earliest and latest of a column of the company's rows.
async fn span(tx: &TenantTx, sql: &str) -> Result<(Option<DateTime<Utc>>, Option<DateTime<Utc>>)> {
    let backend = tx.conn().get_database_backend();
    let st = Statement::from_sql_and_values(backend, sql, [tx.tenant_id().0.into()]);
    match tx.conn().query_one(st).await.map_err(db_err)? {
        Some(r) => Ok((r.try_get("", "lo").map_err(db_err)?, r.try_get("", "hi").map_err(db_err)?)),
        None => Ok((None, None)),
    }
}

/// Count the company's customers and their moves into and out of `lost`
/// afresh (after their status facts: [`super::facts::rebuild`]), two
/// statements that work out each row's month with a `CASE` over the
/// months' starts.
pub(crate) async fn rebuild(tx: &TenantTx) -> Result<()> {
    tx.delete_many::<customer_cohort::Entity>().exec(tx.conn()).await.map_err(db_err)?;
    tx.delete_many::<customer_lost_move::Entity>().exec(tx.conn()).await.map_err(db_err)?;
    let backend = tx.conn().get_database_backend();
    let p = placeholder(backend, 1);
    let customers =
        span(tx, &format!("SELECT MIN(created_at) AS lo, MAX(created_at) AS hi FROM customers WHERE tenant_id = {p}"))
            .await?;
    let history = span(
        tx,
        &format!(
            "SELECT MIN(created_at) AS lo, MAX(created_at) AS hi FROM customer_history \
             WHERE tenant_id = {p} AND field = 'status'"
        ),
    )
    .await?;
    let (Some(lo), Some(hi)) = (customers.0, customers.1) else { return Ok(()) };
    let (lo, hi) = (history.0.map_or(lo, |h| h.min(lo)), history.1.map_or(hi, |h| h.max(hi)));
    let tz = crate::tenants::tenant_tz(tx).await?;
    let mut months = vec![month_of(lo, tz)];
    let last = month_of(hi, tz);
    while let Some(&m) = months.last()
        && m < last
    {
        months.push(next_month(m));
    }
    let tenant = tx.tenant_id().0;

    let mut b = Binds::after(backend, Vec::new());
    let owner = b.bind(Uuid::nil());
    let born = month_case(&mut b, "created_at", &months, tz);
    let sums: Vec<String> = fact_columns().map(|(stays, secs)| format!("SUM({stays}), SUM({secs})")).collect();
    let targets: Vec<String> = fact_columns().map(|(stays, secs)| format!("{stays}, {secs}")).collect();
    let t = b.bind(tenant);
    let sql = format!(
        "INSERT INTO customer_cohorts (tenant_id, owner_id, born, status, status_ever, n, {}) \
         SELECT tenant_id, COALESCE(owner_id, {owner}), {born}, status, status_ever, COUNT(*), {} \
         FROM customers WHERE tenant_id = {t} GROUP BY 1, 2, 3, 4, 5",
        targets.join(", "),
        sums.join(", "),
    );
    tx.conn().execute(b.statement(sql)).await.map_err(db_err)?;

    let mut b = Binds::after(backend, Vec::new());
    let owner = b.bind(Uuid::nil());
    let born = month_case(&mut b, "c.created_at", &months, tz);
    let moved = month_case(&mut b, "h.created_at", &months, tz);
    let t = b.bind(tenant);
    let sql = format!(
        "INSERT INTO customer_lost_moves (tenant_id, owner_id, born, moved, into_lost, n) \
         SELECT c.tenant_id, COALESCE(c.owner_id, {owner}), {born}, {moved}, \
           CASE WHEN {} THEN 1 ELSE 0 END, COUNT(*) \
         FROM customer_history h JOIN customers c ON c.tenant_id = h.tenant_id AND c.id = h.customer_id \
         WHERE h.tenant_id = {t} AND h.field = 'status' AND ({} OR {}) GROUP BY 1, 2, 3, 4, 5",
        is_lost("h.new_value"),
        is_lost("h.new_value"),
        is_lost("h.old_value"),
    );
    tx.conn().execute(b.statement(sql)).await.map_err(db_err)?;
    Ok(())
}

/// How many customers the owners `owners` admits hold (the pool's nil
/// owner never counts), of status `status` when given: the customer list's
/// plain count, read from the summaries instead of the customers.
pub(crate) async fn total(tx: &TenantTx, owners: Condition, status: Option<CustomerStatus>) -> Result<u64> {
    use customer_cohort::Column as C;
    let mut q = Query::select()
        .expr_as(sum_bigint(Expr::col(C::N)), Alias::new("n"))
        .from(customer_cohort::Entity)
        .and_where(C::TenantId.eq(tx.tenant_id().0))
        .and_where(C::OwnerId.ne(Uuid::nil()))
        .cond_where(owners)
        .to_owned();
    if let Some(status) = status {
        q.and_where(C::Status.eq(status.as_str()));
    }
    let backend = tx.conn().get_database_backend();
    let row = tx.conn().query_one(backend.build(&q)).await.map_err(db_err)?;
    // SUM over no rows is NULL.
    let n: Option<i64> = row.map(|r| r.try_get("", "n")).transpose().map_err(db_err)?.flatten();
    Ok(n.map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

/// The cohorts' groups (like [`super::facts::groups`]) of the customers
/// whose owner `owners` admits, created in the months `[first, end)` (all
/// when `None`).
pub(crate) async fn groups(
    tx: &TenantTx,
    owners: Condition,
    born: Option<(NaiveDate, NaiveDate)>,
) -> Result<Vec<Group>> {
    use customer_cohort::Column as C;
    let mut q = Query::select()
        .expr_as(Expr::col(C::Status), Alias::new("k"))
        .expr_as(Expr::cust("CAST(status_ever AS BIGINT)"), Alias::new("e"))
        .expr_as(sum_bigint(Expr::col(C::N)), Alias::new("n"))
        .from(customer_cohort::Entity)
        .and_where(C::TenantId.eq(tx.tenant_id().0))
        .cond_where(owners)
        .group_by_col(C::Status)
        .group_by_col(C::StatusEver)
        .to_owned();
    for (i, (stays, secs)) in fact_columns().enumerate() {
        q.expr_as(sum_bigint(SimpleExpr::Custom(stays)), Alias::new(format!("s{i}")))
            .expr_as(sum_bigint(SimpleExpr::Custom(secs)), Alias::new(format!("d{i}")));
    }
    if let Some((first, end)) = born {
        q.and_where(C::Born.gte(first)).and_where(C::Born.lt(end));
    }
    let backend = tx.conn().get_database_backend();
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    rows.iter().map(Group::read).collect()
}

/// Customers of the owners `owners` admits by month of creation and
/// whether they are lost now: `(born, lost, count)`.
pub(crate) async fn born(tx: &TenantTx, owners: Condition) -> Result<Vec<(NaiveDate, bool, u64)>> {
    use customer_cohort::Column as C;
    let lost =
        Expr::cust(format!("CAST(CASE WHEN status = '{}' THEN 1 ELSE 0 END AS BIGINT)", CustomerStatus::Lost.as_str()));
    let q = Query::select()
        .expr_as(Expr::col(C::Born), Alias::new("b"))
        .expr_as(lost, Alias::new("l"))
        .expr_as(sum_bigint(Expr::col(C::N)), Alias::new("n"))
        .from(customer_cohort::Entity)
        .and_where(C::TenantId.eq(tx.tenant_id().0))
        .cond_where(owners)
        .add_group_by([Expr::cust("1"), Expr::cust("2")])
        .to_owned();
    let backend = tx.conn().get_database_backend();
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    rows.iter()
        .map(|r| Ok((get_date(r, "b")?, r.try_get::<i64>("", "l").map_err(db_err)? == 1, count(r, "n")?)))
        .collect()
}

/// Moves into and out of `lost` of the customers of the owners `owners`
/// admits, in months from `first` on: `(born, moved, into lost, count)`.
pub(crate) async fn lost_moves(
    tx: &TenantTx,
    owners: Condition,
    first: NaiveDate,
) -> Result<Vec<(NaiveDate, NaiveDate, bool, u64)>> {
    use customer_lost_move::Column as C;
    let q = Query::select()
        .expr_as(Expr::col(C::Born), Alias::new("b"))
        .expr_as(Expr::col(C::Moved), Alias::new("m"))
        .expr_as(Expr::cust("CAST(into_lost AS BIGINT)"), Alias::new("i"))
        .expr_as(sum_bigint(Expr::col(C::N)), Alias::new("n"))
        .from(customer_lost_move::Entity)
        .and_where(C::TenantId.eq(tx.tenant_id().0))
        .and_where(C::Moved.gte(first))
        .cond_where(owners)
        .add_group_by([Expr::cust("1"), Expr::cust("2"), Expr::cust("3")])
        .to_owned();
    let backend = tx.conn().get_database_backend();
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok((get_date(r, "b")?, get_date(r, "m")?, r.try_get::<i64>("", "i").map_err(db_err)? == 1, count(r, "n")?))
        })
        .collect()
}

fn get_date(r: &QueryResult, col: &str) -> Result<NaiveDate> {
    r.try_get("", col).map_err(db_err)
}

/// How a creation range `[from, to)` (local day starts) is read: the whole
/// local months inside it from the cohorts, the days before and after them
/// from the customers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Split {
    /// Months `[first, end)` read from the cohorts, if any.
    pub(crate) months: Option<(NaiveDate, NaiveDate)>,
    /// Instants `[from, to)` read from the customers.
    pub(crate) direct: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// Split `[from, to)` into [`Split`].
pub(crate) fn split(from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz) -> Split {
    let mut first = month_of(from, tz);
    if day_start(first, tz) < from {
        first = next_month(first);
    }
    let end = month_of(to, tz);
    if first >= end {
        return Split { months: None, direct: if from < to { vec![(from, to)] } else { Vec::new() } };
    }
    let (a, b) = (day_start(first, tz), day_start(end, tz));
    let direct = [(from, a), (b, to)].into_iter().filter(|(f, t)| f < t).collect();
    Split { months: Some((first, end)), direct }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn ranges_split_into_whole_local_months_and_edge_days() {
        let tz: Tz = "Asia/Shanghai".parse().expect("a time zone");
        let at = |s: &str| day_start(d(s), tz);
        let s = split(at("2026-02-10"), at("2026-05-01"), tz);
        assert_eq!(s.months, Some((d("2026-03-01"), d("2026-05-01"))));
        assert_eq!(s.direct, vec![(at("2026-02-10"), at("2026-03-01"))]);
        let s = split(at("2026-01-01"), at("2026-04-21"), tz);
        assert_eq!(s.months, Some((d("2026-01-01"), d("2026-04-01"))));
        assert_eq!(s.direct, vec![(at("2026-04-01"), at("2026-04-21"))]);
        let s = split(at("2026-03-02"), at("2026-03-30"), tz);
        assert_eq!(s, Split { months: None, direct: vec![(at("2026-03-02"), at("2026-03-30"))] });
        let s = split(at("2026-12-01"), at("2027-01-01"), tz);
        assert_eq!(s, Split { months: Some((d("2026-12-01"), d("2027-01-01"))), direct: Vec::new() });
    }
}
