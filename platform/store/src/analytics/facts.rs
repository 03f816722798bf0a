//! Each customer's status facts, columns of its own row (migration
//! `m0041_status_facts`): which statuses it has held (`status_ever`, a bit
//! per status in display order, its status now aside), when it entered its
//! status now (`status_since`, NULL: at creation), and per status its
//! completed stays and their total length in whole seconds
//! (`<status>_stays`, `<status>_secs`).
//!
//! The customers' write path keeps them in the same transaction as each
//! status change ([`moved`]); [`rebuild`] works them out afresh from the
//! status history (after a restore, and for companies whose history is
//! older than the columns). With them the funnel is one pass over the
//! customers in scope ([`funnel`]) instead of a window over their whole
//! history; the direct reading in [`super::lifecycle`] stays for companies
//! not built yet, and the tests hold the two to agreeing.

use std::collections::HashMap;

use guanxi_core::Result;
use guanxi_core::analytics::FUNNEL;
use guanxi_core::customer::CustomerStatus;
use sea_orm::sea_query::{Alias, Expr, SelectStatement, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryResult, QueryTrait, Statement};

use super::count;
use super::lifecycle::{Stage, seconds_between, status_of};
use crate::db::{TenantTx, db_err};
use crate::entity::customer;

/// The bit of `status` in `status_ever`.
fn bit(status: CustomerStatus) -> i64 {
    let i = CustomerStatus::ALL.iter().position(|s| *s == status).unwrap_or(0);
    1 << i
}

/// `<status>_stays` and `<status>_secs` (both 32-bit: PostgreSQL sums those
/// as 64-bit integers, not as `numeric`).
fn columns(status: CustomerStatus) -> (String, String) {
    (format!("{}_stays", status.as_str()), format!("{}_secs", status.as_str()))
}

/// Customer `id` moved from `old` to `new` now: the stay in `old` that
/// ends (since its last move, or its creation) is added to its facts.
///
/// The lifecycle summaries move with it ([`super::cohorts::status_moved`]):
/// the customer as it was (its row already holds the new status, not yet
/// the new facts) and as it is after.
pub(crate) async fn moved(tx: &TenantTx, id: uuid::Uuid, old: CustomerStatus, new: CustomerStatus) -> Result<()> {
    match moved_many(tx, &[id], old, new).await? {
        0 => Err(guanxi_core::Error::NotFound("customer")),
        _ => Ok(()),
    }
}

/// [`moved`] for many customers that all moved from `old` to `new` now (a
/// bulk edit): one statement and one summaries update per 500. Returns how
/// many customers it found.
pub(crate) async fn moved_many(
    tx: &TenantTx,
    ids: &[uuid::Uuid],
    old: CustomerStatus,
    new: CustomerStatus,
) -> Result<usize> {
    let backend = tx.conn().get_database_backend();
    let (stays, secs) = columns(old);
    // The right-hand sides read the rows as they were before the statement.
    let length = seconds_between(backend, "$1", "COALESCE(status_since, created_at)");
    let mut found = 0;
    for chunk in ids.chunks(500) {
        let mut before = super::cohorts::members(tx, chunk).await?;
        for m in &mut before {
            m.status = old.as_str().to_owned();
        }
        let update = tx
            .update_many::<customer::Entity>()
            .col_expr(Alias::new("status_ever"), Expr::cust(format!("status_ever | {}", bit(old) | bit(new))))
            .col_expr(Alias::new(stays.as_str()), Expr::cust(format!("{stays} + 1")))
            .col_expr(Alias::new(secs.as_str()), Expr::cust_with_values(format!("{secs} + {length}"), [tx.now]))
            .col_expr(Alias::new("status_since"), Expr::value(tx.now))
            .filter(customer::Column::Id.is_in(chunk.iter().copied()))
            .build(backend);
        // The customers as they are after, from the same statement (both
        // databases know `RETURNING`).
        let sql = format!("{} RETURNING {}", update.sql, super::cohorts::member_columns());
        let st = Statement::from_sql_and_values(backend, sql, update.values.map(|v| v.0).unwrap_or_default());
        let rows = tx.conn().query_all(st).await.map_err(db_err)?;
        let after = rows.iter().map(super::cohorts::Member::read).collect::<Result<Vec<_>>>()?;
        found += after.len();
        super::cohorts::status_moved(tx, &before, &after, old, new).await?;
    }
    Ok(found)
}

/// Work out every customer's facts of the transaction's company afresh
/// from its status history (two statements: those without any back to a
/// customer that never moved, then those with history from an aggregate of
/// it), writing only the rows whose facts change.
pub(crate) async fn rebuild(tx: &TenantTx) -> Result<()> {
    rebuild_where(tx, None).await
}

/// [`rebuild`] for the customers `ids` only (a merge gave one customer
/// the status history of others).
pub(crate) async fn rebuild_of(tx: &TenantTx, ids: &[uuid::Uuid]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    rebuild_where(tx, Some(ids)).await
}

async fn rebuild_where(tx: &TenantTx, only: Option<&[uuid::Uuid]>) -> Result<()> {
    let backend = tx.conn().get_database_backend();
    let mut reset = tx
        .update_many::<customer::Entity>()
        .col_expr(Alias::new("status_ever"), Expr::value(0))
        .col_expr(Alias::new("status_since"), Expr::cust("NULL"));
    for &s in CustomerStatus::ALL {
        let (stays, secs) = columns(s);
        reset = reset.col_expr(Alias::new(stays), Expr::value(0)).col_expr(Alias::new(secs), Expr::value(0));
    }
    // Only rows that need it are written (a rebuild after a restore finds
    // the archived facts right): a rewritten row is a new row version, and
    // a company's every customer rewritten leaves its table twice the size
    // until vacuumed.
    if let Some(ids) = only {
        reset = reset.filter(customer::Column::Id.is_in(ids.iter().copied()));
    }
    reset
        .filter(Expr::cust("(status_ever <> 0 OR status_since IS NOT NULL)"))
        .filter(Expr::cust(
            "NOT EXISTS (SELECT 1 FROM customer_history h WHERE h.tenant_id = customers.tenant_id \
             AND h.customer_id = customers.id AND h.field = 'status')",
        ))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;

    let mut set = vec!["status_ever = f.ever".to_owned(), "status_since = f.since".to_owned()];
    let mut differs = vec![
        "customers.status_ever <> f.ever".to_owned(),
        "customers.status_since IS DISTINCT FROM f.since".to_owned(),
    ];
    let mut aggregates = vec![
        CustomerStatus::ALL
            .iter()
            .map(|s| format!("MAX(CASE WHEN x.o = '{0}' OR x.v = '{0}' THEN {1} ELSE 0 END)", s.as_str(), bit(*s)))
            .collect::<Vec<_>>()
            .join(" + ")
            + " AS ever",
        "MAX(x.t) AS since".to_owned(),
    ];
    for (i, &s) in CustomerStatus::ALL.iter().enumerate() {
        let (stays, secs) = columns(s);
        set.push(format!("{stays} = f.s{i}"));
        set.push(format!("{secs} = f.d{i}"));
        differs.push(format!("customers.{stays} <> f.s{i}"));
        differs.push(format!("customers.{secs} <> f.d{i}"));
        aggregates.push(format!("SUM(CASE WHEN x.o = '{}' THEN 1 ELSE 0 END) AS s{i}", s.as_str()));
        aggregates.push(format!("SUM(CASE WHEN x.o = '{}' THEN x.secs ELSE 0 END) AS d{i}", s.as_str()));
    }
    let p = super::placeholder(backend, 1);
    let p2 = super::placeholder(backend, 2);
    // The customers' ids as values 3 … (both placeholders are numbered).
    let only_h = match only {
        Some(ids) => format!(
            " AND h.customer_id IN ({})",
            (0..ids.len()).map(|i| super::placeholder(backend, i + 3)).collect::<Vec<_>>().join(", ")
        ),
        None => String::new(),
    };
    let length = seconds_between(
        backend,
        "h.created_at",
        "COALESCE(LAG(h.created_at) OVER (PARTITION BY h.customer_id ORDER BY h.created_at, h.id), cu.created_at)",
    );
    let sql = format!(
        "UPDATE customers SET {} FROM (SELECT x.c AS c, {} FROM \
           (SELECT h.customer_id AS c, {} AS o, {} AS v, h.created_at AS t, {length} AS secs \
            FROM customer_history h JOIN customers cu ON cu.tenant_id = h.tenant_id AND cu.id = h.customer_id \
            WHERE h.tenant_id = {p} AND h.field = 'status'{only_h}) x \
         GROUP BY x.c) f \
         WHERE customers.tenant_id = {p2} AND customers.id = f.c AND ({})",
        set.join(", "),
        aggregates.join(", "),
        status_of("h.old_value"),
        status_of("h.new_value"),
        differs.join(" OR "),
    );
    let tenant = tx.tenant_id().0;
    let ids = only.unwrap_or_default().iter().map(|id| sea_orm::Value::from(*id));
    // SQLite's `?` take the values in the order they appear in the text.
    let values: Vec<sea_orm::Value> = if backend == sea_orm::DbBackend::Postgres {
        [tenant.into(), tenant.into()].into_iter().chain(ids).collect()
    } else {
        std::iter::once(tenant.into()).chain(ids).chain(std::iter::once(tenant.into())).collect()
    };
    tx.conn().execute(Statement::from_sql_and_values(backend, sql, values)).await.map_err(db_err)?;
    Ok(())
}

/// Customers grouped by status now and statuses held before, with their
/// status facts summed: what the funnel is worked out from, alike whether
/// read from the customers ([`groups`]) or from the cohorts
/// ([`super::cohorts::groups`]); columns `k`, `e`, `n`, `s<i>` and `d<i>`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group {
    status: String,
    ever: i64,
    n: u64,
    stays: [i64; 5],
    secs: [i64; 5],
}

impl Group {
    /// A group from a row of either read.
    pub(crate) fn read(r: &QueryResult) -> Result<Group> {
        let mut g = Group {
            status: r.try_get("", "k").map_err(db_err)?,
            ever: r.try_get("", "e").map_err(db_err)?,
            n: count(r, "n")?,
            stays: [0; 5],
            secs: [0; 5],
        };
        for i in 0..5 {
            g.stays[i] = r.try_get::<Option<i64>>("", &format!("s{i}")).map_err(db_err)?.unwrap_or(0);
            g.secs[i] = r.try_get::<Option<i64>>("", &format!("d{i}")).map_err(db_err)?.unwrap_or(0);
        }
        Ok(g)
    }
}

/// The groups of the customers `cohort` selects (a `SELECT … FROM
/// customers` with its conditions; its columns are replaced), read from
/// their facts in one statement (plain columns: no expression to work out
/// per customer).
pub(crate) async fn groups(tx: &TenantTx, mut cohort: SelectStatement) -> Result<Vec<Group>> {
    let backend = tx.conn().get_database_backend();
    cohort
        .clear_selects()
        .expr_as(Expr::col(customer::Column::Status), Alias::new("k"))
        .expr_as(Expr::cust("CAST(status_ever AS BIGINT)"), Alias::new("e"))
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"));
    for (i, &s) in CustomerStatus::ALL.iter().enumerate() {
        let (stays, secs) = columns(s);
        cohort
            .expr_as(super::sum_bigint(SimpleExpr::Custom(stays)), Alias::new(format!("s{i}")))
            .expr_as(super::sum_bigint(SimpleExpr::Custom(secs)), Alias::new(format!("d{i}")));
    }
    cohort.group_by_col(customer::Column::Status).add_group_by([SimpleExpr::Custom("status_ever".to_owned())]);
    let rows = tx.conn().query_all(backend.build(&cohort)).await.map_err(db_err)?;
    rows.iter().map(Group::read).collect()
}

/// The funnel of `groups`: every status in display order.
pub(crate) fn stages(groups: &[Group]) -> Vec<Stage> {
    let mut now: HashMap<CustomerStatus, u64> = HashMap::new();
    let mut ever: HashMap<CustomerStatus, u64> = HashMap::new();
    let mut furthest = [0u64; FUNNEL.len()];
    let mut stayed: HashMap<CustomerStatus, (u64, i64)> = HashMap::new();
    for g in groups {
        let (n, mut e) = (g.n, g.ever);
        if let Ok(status) = g.status.parse::<CustomerStatus>() {
            *now.entry(status).or_default() += n;
            e |= bit(status);
        }
        for &s in CustomerStatus::ALL {
            if e & bit(s) != 0 {
                *ever.entry(s).or_default() += n;
            }
        }
        if let Some(j) = FUNNEL.iter().rposition(|s| e & bit(*s) != 0) {
            furthest[j] += n;
        }
        for (i, &s) in CustomerStatus::ALL.iter().enumerate() {
            let slot = stayed.entry(s).or_default();
            slot.0 += u64::try_from(g.stays[i]).unwrap_or(0);
            slot.1 += g.secs[i];
        }
    }
    CustomerStatus::ALL
        .iter()
        .map(|&status| {
            let reached = match FUNNEL.iter().position(|s| *s == status) {
                Some(i) => furthest.iter().skip(i).sum(),
                None => ever.get(&status).copied().unwrap_or(0),
            };
            let (stays, secs) = stayed.get(&status).copied().unwrap_or((0, 0));
            Stage {
                status,
                customers: now.get(&status).copied().unwrap_or(0),
                reached,
                stays,
                average_days: (stays > 0).then(|| secs as f64 / 86_400.0 / stays as f64),
            }
        })
        .collect()
}
