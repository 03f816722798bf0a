//! The customers' lifecycle: the conversion funnel by status (with the time
//! spent in each) and retention per month, both from the customers' status
//! history (`customer_history` rows of field `status`, whose values are
//! JSON strings).
//!
//! A customer's first status is the old value of its first status entry, or
//! its status now when it has none (creation writes no entry). Both reads
//! run in SQL on both backends: JSON values are compared as their text
//! (`"intent"`), which PostgreSQL's `jsonb` and SQLite's JSON text print
//! alike.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use guanxi_core::Result;
use guanxi_core::analytics::{Born, FUNNEL, LostMove, Periods, RetentionMonth, retention};
use guanxi_core::customer::CustomerStatus;
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryResult, Statement};

use super::{Analytics, Binds, cohorts, count, facts};
use crate::db::db_err;
use crate::entity::customer;

/// One status of the funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    /// The status.
    pub status: CustomerStatus,
    /// Customers of the cohort in it now.
    pub customers: u64,
    /// Customers of the cohort that reached it: for the sales stages
    /// ([`FUNNEL`]) that were ever at it or a later one, for the others that
    /// were ever in it.
    pub reached: u64,
    /// Completed stays in it (entered, then left for another status).
    pub stays: u64,
    /// Their mean length in days; `None` without any.
    pub average_days: Option<f64>,
}

/// `CASE <json text of col> WHEN '"prospect"' THEN 'prospect' … END`: a
/// status history value as the plain status name (`NULL` for anything
/// else).
pub(super) fn status_of(col: &str) -> String {
    let arms: String = CustomerStatus::ALL.iter().map(|s| format!(" WHEN '\"{0}\"' THEN '{0}'", s.as_str())).collect();
    format!("CASE CAST({col} AS TEXT){arms} END")
}

/// Seconds since the epoch of a timestamp column, as a float.
fn epoch(backend: DbBackend, col: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("EXTRACT(EPOCH FROM {col})"),
        // SQLite keeps timestamps as text that julianday() reads.
        _ => format!("((julianday({col}) - 2440587.5) * 86400.0)"),
    }
}

/// `<to> − <from>` (timestamps) rounded to whole seconds: how long each stay
/// lasted, alike in the direct reading and the status facts.
pub(super) fn seconds_between(backend: DbBackend, to: &str, from: &str) -> String {
    format!("CAST(ROUND({} - {}) AS BIGINT)", epoch(backend, to), epoch(backend, from))
}

/// A statement built around one embedded `SELECT` (the cohort, as a common
/// table expression) with further bind values after its own.
struct Around {
    with: String,
    binds: Binds,
}

impl Around {
    fn new(backend: DbBackend, name: &str, inner: &SelectStatement) -> Around {
        let built = backend.build(inner);
        Around {
            with: format!("WITH {name} AS ({})", built.sql),
            binds: Binds::after(backend, built.values.map(|v| v.0).unwrap_or_default()),
        }
    }

    /// Bind `v`, returning its placeholder.
    fn bind(&mut self, v: impl Into<sea_orm::Value>) -> String {
        self.binds.bind(v)
    }

    fn statement(self, body: &str) -> Statement {
        self.binds.statement(format!("{} {body}", self.with))
    }
}

/// The start of period `i` of `periods`, which stands for the moves and
/// births in it: a second before the first for -1 (before them), their
/// end for their number (after them).
fn period_start(periods: &Periods, i: i64) -> DateTime<Utc> {
    match usize::try_from(i).ok().and_then(|i| periods.periods.get(i)) {
        Some(p) => p.start,
        None if i < 0 => periods.start() - chrono::Duration::seconds(1),
        None => periods.end(),
    }
}

impl Analytics<'_> {
    /// The customers in scope created in `[from, to)` (all of them when
    /// `None`), with their status and creation time.
    fn cohort(&self, created: Option<(DateTime<Utc>, DateTime<Utc>)>) -> SelectStatement {
        let mut q = Query::select()
            .columns([customer::Column::Id, customer::Column::Status, customer::Column::CreatedAt])
            .from(customer::Entity)
            .and_where(customer::Column::TenantId.eq(self.tx.tenant_id().0))
            .cond_where(self.customers())
            .to_owned();
        if let Some((from, to)) = created {
            q.and_where(customer::Column::CreatedAt.gte(from)).and_where(customer::Column::CreatedAt.lt(to));
        }
        q
    }

    async fn rows(&self, st: Statement) -> Result<Vec<QueryResult>> {
        self.tx.conn().query_all(st).await.map_err(db_err)
    }

    /// The conversion funnel of the customers in scope created in
    /// `created` (all when `None`): every status in display order, with how
    /// many are in it now, how many reached it, and how long completed stays
    /// in it lasted.
    pub async fn funnel(&self, created: Option<(DateTime<Utc>, DateTime<Utc>)>) -> Result<Vec<Stage>> {
        if super::summaries::built(self.tx).await? {
            return self.funnel_summed(created).await;
        }
        let cohort = self.cohort(created);
        let backend = self.tx.conn().get_database_backend();
        let tenant = self.tx.tenant_id().0;

        // Now: the cohort by status.
        let now = Query::select()
            .expr_as(Expr::col(customer::Column::Status), Alias::new("k"))
            .expr_as(Expr::col(customer::Column::Id).count(), Alias::new("n"))
            .from_subquery(cohort.clone(), Alias::new("c"))
            .group_by_col(customer::Column::Status)
            .to_owned();
        let now: HashMap<String, u64> = self
            .rows(backend.build(&now))
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<String>("", "k").map_err(db_err)?, count(r, "n")?)))
            .collect::<Result<_>>()?;

        // Ever: every (customer, status) the cohort held, deduplicated; the
        // furthest sales stage each customer reached.
        let mut ever = Around::new(backend, "cohort", &cohort);
        let t1 = ever.bind(tenant);
        let stage_of: String =
            FUNNEL.iter().enumerate().map(|(i, s)| format!(" WHEN '{}' THEN {i}", s.as_str())).collect();
        let body = format!(
            "SELECT e.k AS k, COUNT(*) AS n, CAST(0 AS BIGINT) AS stage FROM ever e GROUP BY e.k \
             UNION ALL SELECT NULL, COUNT(*), CAST(f.m + 1 AS BIGINT) FROM \
               (SELECT e.c AS c, MAX(CASE e.k{stage_of} END) AS m FROM ever e GROUP BY e.c) f \
             WHERE f.m IS NOT NULL GROUP BY f.m"
        );
        let sql = format!(
            ", hist AS (SELECT h.customer_id AS c, h.old_value AS o, h.new_value AS v FROM customer_history h \
               JOIN cohort ON cohort.id = h.customer_id WHERE h.tenant_id = {t1} AND h.field = 'status'), \
             ever AS (SELECT id AS c, status AS k FROM cohort \
               UNION SELECT c, {} FROM hist UNION SELECT c, {} FROM hist) {body}",
            status_of("o"),
            status_of("v"),
        );
        let mut ever_in: HashMap<String, u64> = HashMap::new();
        let mut furthest = [0u64; FUNNEL.len()];
        for r in self.rows(ever.statement(&sql)).await? {
            let stage: i64 = r.try_get("", "stage").map_err(db_err)?;
            let n = count(&r, "n")?;
            if stage == 0 {
                if let Some(k) = r.try_get::<Option<String>>("", "k").map_err(db_err)? {
                    ever_in.insert(k, n);
                }
            } else if let Some(slot) = usize::try_from(stage - 1).ok().and_then(|i| furthest.get_mut(i)) {
                *slot = n;
            }
        }

        // Stays: each status entry ends a stay in its old value that began
        // at the customer's previous status entry, or at its creation.
        let mut stays = Around::new(backend, "cohort", &cohort);
        let t2 = stays.bind(tenant);
        let sql = format!(
            " SELECT {} AS k, COUNT(*) AS n, CAST(SUM({}) AS DOUBLE PRECISION) AS secs FROM \
               (SELECT h.old_value AS o, h.created_at AS t, cohort.created_at AS born, \
                  LAG(h.created_at) OVER (PARTITION BY h.customer_id ORDER BY h.created_at, h.id) AS prev \
                FROM customer_history h JOIN cohort ON cohort.id = h.customer_id \
                WHERE h.tenant_id = {t2} AND h.field = 'status') s \
             GROUP BY 1",
            status_of("s.o"),
            seconds_between(backend, "s.t", "COALESCE(s.prev, s.born)"),
        );
        let mut stayed: HashMap<String, (u64, f64)> = HashMap::new();
        for r in self.rows(stays.statement(&sql)).await? {
            let Some(k) = r.try_get::<Option<String>>("", "k").map_err(db_err)? else { continue };
            let secs = r.try_get::<Option<f64>>("", "secs").map_err(db_err)?.unwrap_or(0.0);
            stayed.insert(k, (count(&r, "n")?, secs));
        }

        Ok(CustomerStatus::ALL
            .iter()
            .map(|&status| {
                let key = status.as_str();
                let reached = match FUNNEL.iter().position(|s| *s == status) {
                    Some(i) => furthest.iter().skip(i).sum(),
                    None => ever_in.get(key).copied().unwrap_or(0),
                };
                let (stays, secs) = stayed.get(key).copied().unwrap_or((0, 0.0));
                Stage {
                    status,
                    customers: now.get(key).copied().unwrap_or(0),
                    reached,
                    stays,
                    average_days: (stays > 0).then(|| secs / 86_400.0 / stays as f64),
                }
            })
            .collect())
    }

    /// [`Analytics::funnel`] from the summaries: the whole local months of
    /// the range (all of them when `None`) from the cohorts, the days
    /// around them from the customers' status facts.
    async fn funnel_summed(&self, created: Option<(DateTime<Utc>, DateTime<Utc>)>) -> Result<Vec<Stage>> {
        let split = match created {
            Some((from, to)) => cohorts::split(from, to, self.tz),
            None => cohorts::Split { months: None, direct: Vec::new() },
        };
        let mut groups = Vec::new();
        if created.is_none() || split.months.is_some() {
            groups.extend(
                cohorts::groups(self.tx, self.owners(cohorts::owner_of(cohorts::COHORTS)), split.months).await?,
            );
        }
        for range in split.direct {
            groups.extend(facts::groups(self.tx, self.cohort(Some(range))).await?);
        }
        Ok(facts::stages(&groups))
    }

    /// [`Analytics::retention`] from the summaries: the customers by month
    /// of creation and whether they are lost now, and the moves into and
    /// out of `lost` by month of creation and of the move.
    async fn retention_summed(&self, periods: &Periods) -> Result<Vec<RetentionMonth>> {
        let firsts: Vec<chrono::NaiveDate> = periods.periods.iter().map(|p| p.first_day).collect();
        // A month's index among the periods: -1 before them, their number
        // after.
        let index = |d: chrono::NaiveDate| -> i64 {
            match firsts.binary_search(&d) {
                Ok(i) => i64::try_from(i).unwrap_or(i64::MAX),
                Err(0) => -1,
                Err(_) => i64::try_from(firsts.len()).unwrap_or(i64::MAX),
            }
        };
        let mut before = Born::default();
        let mut per_month = vec![Born::default(); firsts.len()];
        for (born, lost, n) in cohorts::born(self.tx, self.owners(cohorts::owner_of(cohorts::COHORTS))).await? {
            match usize::try_from(index(born)).ok().and_then(|i| per_month.get_mut(i)) {
                Some(m) => m.add(lost, n),
                None if index(born) < 0 => before.add(lost, n),
                None => {}
            }
        }
        let first = firsts.first().copied().unwrap_or_default();
        let mut transitions = Vec::new();
        for (born, moved, into_lost, n) in
            cohorts::lost_moves(self.tx, self.owners(cohorts::owner_of(cohorts::LOST_MOVES)), first).await?
        {
            transitions.push(LostMove {
                born: period_start(periods, index(born)),
                at: period_start(periods, index(moved)),
                into_lost,
                n,
            });
        }
        Ok(retention(periods, before, &per_month, &transitions))
    }

    /// Retention per month of `periods` (monthly): how many customers in
    /// scope were held (not lost) at each month's start, how many of those
    /// were kept through it, how many were lost and won back in it, and how
    /// many were new. See [`retention`] for the arithmetic.
    pub async fn retention(&self, periods: &Periods) -> Result<Vec<RetentionMonth>> {
        if super::summaries::built(self.tx).await? {
            return self.retention_summed(periods).await;
        }
        let backend = self.tx.conn().get_database_backend();
        let tenant = self.tx.tenant_id().0;
        let cohort = self.cohort(None);
        let lost = CustomerStatus::Lost.as_str();
        let start = periods.start();

        // The customers by whether they are lost now: those created before
        // the range, and per month those created in it.
        let mut born = Around::new(backend, "cohort", &cohort);
        let b1 = born.bind(start);
        let sql = format!(
            " SELECT CAST(CASE WHEN status = '{lost}' THEN 1 ELSE 0 END AS BIGINT) AS lost, COUNT(*) AS n \
             FROM cohort WHERE created_at < {b1} GROUP BY 1"
        );
        let mut before = Born::default();
        for r in self.rows(born.statement(&sql)).await? {
            let is_lost: i64 = r.try_get("", "lost").map_err(db_err)?;
            before.add(is_lost == 1, count(&r, "n")?);
        }
        let created = Query::select()
            .expr_as(Expr::col(customer::Column::CreatedAt), Alias::new("t"))
            .expr_as(
                Expr::case(customer::Column::Status.eq(lost), Expr::cust("'lost'")).finally(Expr::cust("'held'")),
                Alias::new("k"),
            )
            .from(customer::Entity)
            .and_where(customer::Column::TenantId.eq(tenant))
            .cond_where(self.customers())
            .and_where(customer::Column::CreatedAt.gte(start))
            .and_where(customer::Column::CreatedAt.lt(periods.end()))
            .to_owned();
        let created = self.series(created, periods.clone(), &["held", "lost"]).await?;
        let per_month: Vec<Born> = (0..periods.periods.len())
            .map(|i| {
                let at = |k: usize| created.series.get(k).and_then(|s| s.counts.get(i)).copied().unwrap_or(0);
                Born { all: at(0) + at(1), lost: at(1) }
            })
            .collect();

        // Every move into or out of `lost` since the range began, counted
        // by the period the customer was created in and the one it moved
        // in (each a CASE over the periods' ends: -1 before the first, the
        // number of periods after the last), so a few hundred rows come back
        // however many moves there were. The two halves each read a partial
        // index of their own alone.
        let mut moves = Around::new(backend, "cohort", &cohort);
        let ends: Vec<DateTime<Utc>> = periods.periods.iter().map(|p| p.end).collect();
        let bucket = |moves: &mut Around, col: &str, before: Option<DateTime<Utc>>| {
            let mut arms = String::new();
            if let Some(b) = before {
                arms.push_str(&format!(" WHEN {col} < {} THEN -1", moves.bind(b)));
            }
            for (i, e) in ends.iter().enumerate() {
                arms.push_str(&format!(" WHEN {col} < {} THEN {i}", moves.bind(*e)));
            }
            format!("CAST(CASE{arms} ELSE {} END AS BIGINT)", ends.len())
        };
        let half = |moves: &mut Around, col: &str, into: u8| {
            let (t, from) = (moves.bind(tenant), moves.bind(start));
            format!(
                "SELECT h.customer_id AS c, h.created_at AS t, {into} AS into_lost FROM customer_history h \
                 WHERE h.tenant_id = {t} AND h.field = 'status' AND {} \
                   AND h.created_at >= {from}",
                cohorts::is_lost(&format!("h.{col}"))
            )
        };
        // Bound in the order the placeholders appear (SQLite numbers them so).
        let (into, out) = (half(&mut moves, "new_value", 1), half(&mut moves, "old_value", 0));
        let born_p = bucket(&mut moves, "cohort.created_at", Some(start));
        let at_p = bucket(&mut moves, "m.t", None);
        let sql = format!(
            ", m AS ({into} UNION ALL {out}) \
             SELECT {born_p} AS born_p, {at_p} AS at_p, CAST(m.into_lost AS BIGINT) AS into_lost, COUNT(*) AS n \
             FROM m JOIN cohort ON cohort.id = m.c GROUP BY 1, 2, 3"
        );
        let at_period = |i: i64| period_start(periods, i);
        let mut transitions = Vec::new();
        for r in self.rows(moves.statement(&sql)).await? {
            let into: i64 = r.try_get("", "into_lost").map_err(db_err)?;
            transitions.push(LostMove {
                born: at_period(r.try_get("", "born_p").map_err(db_err)?),
                at: at_period(r.try_get("", "at_p").map_err(db_err)?),
                into_lost: into == 1,
                n: count(&r, "n")?,
            });
        }
        Ok(retention(periods, before, &per_month, &transitions))
    }
}
