//! Analytics for the dashboards: counts computed in SQL over the customers
//! (and their conversations, and the pool's comings and goings) the reader
//! may see, shaped for charts.
//!
//! [`Analytics::of`] is the handle: it takes the reader's
//! [`CustomerScope`] (so a role without one is `FORBIDDEN`) and the
//! company's time zone once, and every read goes through it, translating the
//! scope with the customers' own SQL (`customers::visible`): a salesperson
//! counts their own customers, a supervisor their groups', an admin the
//! company's, the pool included. Reads about people rather than customers
//! (the leaderboard, who released and claimed) count the people that scope
//! names ([`analytics::people`]).
//!
//! Time series are counted per local period ([`Periods`]) in one statement:
//! the rows in the range are joined to a `VALUES` list of the periods' UTC
//! intervals and grouped, which both backends run alike and which needs no
//! time-zone support from the database (SQLite has none).
//!
//! More reads are added as methods of the handle, each with its shape in
//! this module; the lifecycle reads (funnel, retention) are in
//! [`lifecycle`]. The summaries some reads use instead of counting source
//! rows ([`days`], [`facts`]) are kept by the write paths
//! ([`summaries`]).

pub(crate) mod cohorts;
pub mod days;
pub(crate) mod facts;
mod lifecycle;
pub mod summaries;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use guanxi_core::analytics::{self, Periods};
use guanxi_core::conversation::ConversationKind;
use guanxi_core::customer::{CustomerScope, CustomerSet};
use guanxi_core::deal::{Currency, DealStatus};
use guanxi_core::roles::UserScope;
use guanxi_core::{GradingModelId, Result, Role, UserId};
use sea_orm::sea_query::{Alias, Expr, Func, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbBackend, QueryResult, Statement};

use crate::customers::visible;
use crate::db::{TenantTx, db_err};
use crate::entity::{
    conversation, conversation_day, customer, customer_grade, customer_history, deal, user, work_plan,
};
use crate::users::scope_condition;

pub use lifecycle::Stage;

/// The most people a leaderboard lists.
pub const MAX_LEADERBOARD: u64 = 100;

/// Counts per period, one series per key, every series as long as
/// `periods`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeSeries {
    /// The periods, oldest first.
    pub periods: Periods,
    /// The series, in a fixed order per read.
    pub series: Vec<Series>,
}

/// One series of a [`TimeSeries`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// What it counts (a conversation kind, `released` …), by machine name.
    pub key: String,
    /// The count of each period.
    pub counts: Vec<u64>,
}

impl Series {
    /// The sum over all periods.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// What a time series counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// [`Analytics::new_customers`].
    NewCustomers,
    /// [`Analytics::conversations`].
    Conversations,
    /// [`Analytics::pool_flow`].
    PoolFlow,
}

/// A customer property the customers can be counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    /// Lifecycle status.
    Status,
    /// Grade.
    Grade,
    /// Source, from the company's list (none: not given).
    Source,
    /// Industry, from the company's list (none: not given).
    Industry,
}

impl Dimension {
    fn column(self) -> customer::Column {
        match self {
            Dimension::Status => customer::Column::Status,
            Dimension::Grade => customer::Column::Grade,
            Dimension::Source => customer::Column::Source,
            Dimension::Industry => customer::Column::Industry,
        }
    }
}

/// How many customers have one value of a [`Dimension`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slice {
    /// The value by machine name; `None`: not given.
    pub key: Option<String>,
    /// How many customers.
    pub count: u64,
}

/// What a leaderboard ranks by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rank {
    /// Customers created in the range that the person now owns.
    #[default]
    NewCustomers,
    /// Conversations the person recorded in the range.
    Conversations,
    /// Visits (conversations of kind `visit`) the person recorded.
    Visits,
    /// Deals the person won (closed as won on a day of the range).
    DealsWon,
    /// The amount of those deals in the leaderboard's currency.
    AmountWon,
    /// Plans due in the range that the person did on time.
    PlansOnTime,
}

/// One person of a leaderboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaderboardEntry {
    /// The person.
    pub user_id: UserId,
    /// Their display name.
    pub name: String,
    /// Customers created in the range that they own now.
    pub new_customers: u64,
    /// Conversations they recorded in the range.
    pub conversations: u64,
    /// Of those, visits.
    pub visits: u64,
    /// Deals credited to them that were won on a day of the range (any
    /// currency).
    pub deals_won: u64,
    /// The amount of those in the leaderboard's currency, in minor units.
    pub amount_won_minor: i64,
    /// Their plans due in the range.
    pub plans_due: u64,
    /// Of those, done by the end time.
    pub plans_on_time: u64,
}

impl LeaderboardEntry {
    /// What `rank` ranks by, then what breaks ties.
    fn key(&self, rank: Rank) -> (i64, i64) {
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        match rank {
            Rank::NewCustomers => (n(self.new_customers), n(self.conversations)),
            Rank::Conversations => (n(self.conversations), n(self.new_customers)),
            Rank::Visits => (n(self.visits), n(self.conversations)),
            Rank::DealsWon => (n(self.deals_won), self.amount_won_minor),
            Rank::AmountWon => (self.amount_won_minor, n(self.deals_won)),
            Rank::PlansOnTime => (n(self.plans_on_time), n(self.plans_due)),
        }
    }

    fn counts_something(&self) -> bool {
        self.new_customers > 0
            || self.conversations > 0
            || self.deals_won > 0
            || self.plans_due > 0
            || self.plans_on_time > 0
    }
}

/// Which way a customer crossed the pool's edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolMove {
    /// Into the pool (released, offboarded, reclaimed by a rule).
    Released,
    /// Out of it by the person who now owns it.
    Claimed,
    /// Out of it to someone else (assigned).
    Assigned,
}

/// How many customers crossed the pool's edge one way for one reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolReason {
    /// Which way.
    pub direction: PoolMove,
    /// The release reason in effect (releases only; `None`: none given).
    pub reason: Option<String>,
    /// How many moves.
    pub count: u64,
}

/// The analytics one reader may see: their scope and their company's time
/// zone, taken once.
pub struct Analytics<'t> {
    tx: &'t TenantTx,
    scope: CustomerScope,
    tz: Tz,
}

impl<'t> Analytics<'t> {
    /// The reader's analytics; `FORBIDDEN` for a role that may not use the
    /// CRM.
    pub async fn of(tx: &'t TenantTx) -> Result<Analytics<'t>> {
        let scope = CustomerScope::of(tx.actor()?)?;
        let tz = crate::tenants::tenant_tz(tx).await?;
        Ok(Analytics { tx, scope, tz })
    }

    /// The company's time zone, in which periods are counted.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The customers these analytics count: the scope's customers, and for
    /// an admin the pool's too (the company's customers, all of them).
    fn customers(&self) -> Condition {
        let set = if self.scope == CustomerScope::All { CustomerSet::MineAndPool } else { CustomerSet::Mine };
        visible(&self.scope, set, self.tx.tenant_id())
    }

    /// [`Analytics::customers`] on a summary's owner column `owner` (the
    /// nil id for the pool, which only an admin's analytics count).
    fn owners(&self, owner: sea_orm::sea_query::SimpleExpr) -> Condition {
        match &self.scope {
            CustomerScope::All => Condition::all(),
            scope => crate::customers::held_by(scope, self.tx.tenant_id(), owner),
        }
    }

    /// The ids of [`Analytics::customers`], for `IN`.
    fn customer_ids(&self) -> SelectStatement {
        Query::select()
            .column((customer::Entity, customer::Column::Id))
            .from(customer::Entity)
            .and_where(customer::Column::TenantId.eq(self.tx.tenant_id().0))
            .cond_where(self.customers())
            .to_owned()
    }

    /// Rows whose customer (`col`) is one of [`Analytics::customers`]: no
    /// condition for an admin, whose analytics count every customer of the
    /// company (the tenant's rows are all on its customers), so the
    /// database need not gather them all first.
    fn on_customers(&self, col: impl ColumnTrait) -> Condition {
        match self.scope {
            CustomerScope::All => Condition::all(),
            _ => Condition::all().add(col.in_subquery(self.customer_ids())),
        }
    }

    /// The ids of the people these analytics count (`None`: everyone,
    /// and what no person did).
    fn people(&self) -> Option<SelectStatement> {
        match analytics::people(&self.scope) {
            UserScope::All => None,
            scope => Some(
                Query::select()
                    .column(user::Column::Id)
                    .from(user::Entity)
                    .and_where(user::Column::TenantId.eq(self.tx.tenant_id().0))
                    .cond_where(scope_condition(&scope))
                    .to_owned(),
            ),
        }
    }

    /// The series of `of` over `periods`.
    pub async fn time_series(&self, of: Measure, periods: Periods) -> Result<TimeSeries> {
        match of {
            Measure::NewCustomers => self.new_customers(periods).await,
            Measure::Conversations => self.conversations(periods).await,
            Measure::PoolFlow => self.pool_flow(periods).await,
        }
    }

    /// Customers created per period; per month from the cohorts once the
    /// company's summaries are built.
    pub async fn new_customers(&self, periods: Periods) -> Result<TimeSeries> {
        if periods.bucket == analytics::Bucket::Month && summaries::built(self.tx).await? {
            let firsts: Vec<NaiveDate> = periods.periods.iter().map(|p| p.first_day).collect();
            let mut counts = vec![0; firsts.len()];
            let owners = self.owners(cohorts::owner_of(cohorts::COHORTS));
            for (born, _, n) in cohorts::born(self.tx, owners).await? {
                if let Ok(i) = firsts.binary_search(&born)
                    && let Some(c) = counts.get_mut(i)
                {
                    *c += n;
                }
            }
            return Ok(TimeSeries { periods, series: vec![Series { key: "customers".to_owned(), counts }] });
        }
        let q = Query::select()
            .expr_as(Expr::col(customer::Column::CreatedAt), Alias::new("t"))
            .expr_as(Expr::cust("'customers'"), Alias::new("k"))
            .from(customer::Entity)
            .and_where(customer::Column::TenantId.eq(self.tx.tenant_id().0))
            .cond_where(self.customers())
            .and_where(customer::Column::CreatedAt.gte(periods.start()))
            .and_where(customer::Column::CreatedAt.lt(periods.end()))
            .to_owned();
        self.series(q, periods, &["customers"]).await
    }

    /// Conversations per period, one series per kind (every kind, in the
    /// kinds' order), recorded by the people in scope (an admin: everyone);
    /// from the daily summary once the company's is built.
    pub async fn conversations(&self, periods: Periods) -> Result<TimeSeries> {
        let kinds: Vec<&str> = ConversationKind::ALL.iter().map(|k| k.as_str()).collect();
        if !summaries::built(self.tx).await? {
            let mut q = Query::select()
                .expr_as(Expr::col(conversation::Column::OccurredAt), Alias::new("t"))
                .expr_as(Expr::col(conversation::Column::Kind), Alias::new("k"))
                .from(conversation::Entity)
                .and_where(conversation::Column::TenantId.eq(self.tx.tenant_id().0))
                .and_where(conversation::Column::OccurredAt.gte(periods.start()))
                .and_where(conversation::Column::OccurredAt.lt(periods.end()))
                .to_owned();
            if let Some(people) = self.people() {
                q.and_where(conversation::Column::AuthorId.in_subquery(people));
            }
            return self.series(q, periods, &kinds).await;
        }
        // From the summary: the days of the periods, each added to the
        // period that holds it.
        let first_days: Vec<NaiveDate> = periods.periods.iter().map(|p| p.first_day).collect();
        let (Some(&first), end) = (first_days.first(), periods.end().with_timezone(&self.tz).date_naive()) else {
            return Ok(TimeSeries { periods, series: Vec::new() });
        };
        let rows: Vec<(NaiveDate, String, u64)> =
            days::counts(self.tx, first, end, self.people(), conversation_day::Column::Day).await?;
        let mut series: Vec<Series> =
            kinds.iter().map(|k| Series { key: (*k).to_owned(), counts: vec![0; first_days.len()] }).collect();
        for (day, kind, n) in rows {
            let i = first_days.partition_point(|d| *d <= day).saturating_sub(1);
            if let Some(c) = series.iter_mut().find(|s| s.key == kind).and_then(|s| s.counts.get_mut(i)) {
                *c += n;
            }
        }
        Ok(TimeSeries { periods, series })
    }

    /// Customers going to the pool (`released`: released, offboarded or
    /// reclaimed) and leaving it (`claimed`: claimed or assigned) per
    /// period, by the people in scope (an admin: everyone, the system
    /// included), from the customers' history.
    pub async fn pool_flow(&self, periods: Periods) -> Result<TimeSeries> {
        // JSON `null` reads as the text `null` on both backends.
        let is_null =
            |c: customer_history::Column| Expr::expr(Func::cast_as(Expr::col(c), Alias::new("TEXT"))).eq("null");
        let mut q = Query::select()
            .expr_as(Expr::col(customer_history::Column::CreatedAt), Alias::new("t"))
            .expr_as(
                Expr::case(is_null(customer_history::Column::NewValue), Expr::cust("'released'"))
                    .finally(Expr::cust("'claimed'")),
                Alias::new("k"),
            )
            .from(customer_history::Entity)
            .and_where(customer_history::Column::TenantId.eq(self.tx.tenant_id().0))
            .and_where(customer_history::Column::Field.eq("ownerId"))
            .and_where(is_null(customer_history::Column::NewValue).or(is_null(customer_history::Column::OldValue)))
            .and_where(customer_history::Column::CreatedAt.gte(periods.start()))
            .and_where(customer_history::Column::CreatedAt.lt(periods.end()))
            .to_owned();
        if let Some(people) = self.people() {
            q.and_where(customer_history::Column::ActorId.in_subquery(people));
        }
        self.series(q, periods, &["released", "claimed"]).await
    }

    /// How many customers in scope have each value of `by`, most first.
    pub async fn customers_by(&self, by: Dimension) -> Result<Vec<Slice>> {
        let n = Alias::new("n");
        let q = Query::select()
            .expr_as(Expr::col(by.column()), Alias::new("k"))
            // `COUNT(*)`, not of a column: where an index on the company and
            // the dimension exists (the status), it answers alone.
            .expr_as(Expr::cust("COUNT(*)"), n.clone())
            .from(customer::Entity)
            .and_where(customer::Column::TenantId.eq(self.tx.tenant_id().0))
            .cond_where(self.customers())
            .group_by_col(by.column())
            .order_by(n, Order::Desc)
            .order_by(by.column(), Order::Asc)
            .to_owned();
        let rows = self.query(&q).await?;
        rows.iter().map(|r| Ok(Slice { key: r.try_get("", "k").map_err(db_err)?, count: count(r, "n")? })).collect()
    }

    /// The people in scope ranked by `rank` over `[from, to)`: customers
    /// created then that they own now, conversations and visits they
    /// recorded, deals they won (the amount in `currency`), plans due then
    /// that they did on time; a second count breaks ties, then the name; the first
    /// `first` (1 to [`MAX_LEADERBOARD`]). Active people are listed with
    /// zeros; deactivated ones only when they count something; the
    /// maintenance role never.
    pub async fn leaderboard(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        rank: Rank,
        first: u64,
        currency: Currency,
    ) -> Result<Vec<LeaderboardEntry>> {
        let tenant = self.tx.tenant_id().0;
        let n = Alias::new("n");
        let created = Query::select()
            .expr_as(Expr::col(customer::Column::OwnerId), Alias::new("u"))
            .expr_as(Expr::cust("COUNT(*)"), n.clone())
            .from(customer::Entity)
            .and_where(customer::Column::TenantId.eq(tenant))
            .cond_where(self.customers())
            .and_where(customer::Column::OwnerId.is_not_null())
            .and_where(customer::Column::CreatedAt.gte(from))
            .and_where(customer::Column::CreatedAt.lt(to))
            .group_by_col(customer::Column::OwnerId)
            .to_owned();
        let visit = ConversationKind::Visit.as_str();
        let mut talked = Query::select()
            .expr_as(Expr::col(conversation::Column::AuthorId), Alias::new("u"))
            .expr_as(Expr::col(conversation::Column::Id).count(), n.clone())
            .expr_as(sum_bigint(Expr::case(conversation::Column::Kind.eq(visit), 1).finally(0)), Alias::new("v"))
            .from(conversation::Entity)
            .and_where(conversation::Column::TenantId.eq(tenant))
            .and_where(conversation::Column::OccurredAt.gte(from))
            .and_where(conversation::Column::OccurredAt.lt(to))
            .group_by_col(conversation::Column::AuthorId)
            .to_owned();
        if let Some(people) = self.people() {
            talked.and_where(conversation::Column::AuthorId.in_subquery(people));
        }
        // Deals won on a day of the range (their close date is a local day),
        // credited to their owner; the amount in one currency. These counts
        // are `COUNT(*)`: with the columns they read in their indexes
        // (migration `m0043`), the database answers from those alone.
        let (first_day, last_day) =
            (from.with_timezone(&self.tz).date_naive(), to.with_timezone(&self.tz).date_naive());
        let mut won = Query::select()
            .expr_as(Expr::col(deal::Column::OwnerId), Alias::new("u"))
            .expr_as(Expr::cust("COUNT(*)"), n.clone())
            .expr_as(
                sum_bigint(
                    Expr::case(deal::Column::Currency.eq(currency.code()), Expr::col(deal::Column::AmountMinor))
                        .finally(0),
                ),
                Alias::new("v"),
            )
            .from(deal::Entity)
            .and_where(deal::Column::TenantId.eq(tenant))
            .and_where(deal::Column::Status.eq(DealStatus::Won.as_str()))
            .and_where(deal::Column::OwnerId.is_not_null())
            .and_where(deal::Column::ClosedOn.gte(first_day))
            .and_where(deal::Column::ClosedOn.lt(last_day))
            .group_by_col(deal::Column::OwnerId)
            .to_owned();
        // Plans due in the range, and of those the ones done on time.
        let mut planned = Query::select()
            .expr_as(Expr::col(work_plan::Column::AuthorId), Alias::new("u"))
            .expr_as(Expr::cust("COUNT(*)"), n)
            .expr_as(
                sum_bigint(
                    Expr::case(
                        work_plan::Column::DoneAt
                            .is_not_null()
                            .and(Expr::col(work_plan::Column::DoneAt).lte(Expr::col(work_plan::Column::EndAt))),
                        1,
                    )
                    .finally(0),
                ),
                Alias::new("v"),
            )
            .from(work_plan::Entity)
            .and_where(work_plan::Column::TenantId.eq(tenant))
            .and_where(work_plan::Column::EndAt.gte(from))
            .and_where(work_plan::Column::EndAt.lt(to))
            .group_by_col(work_plan::Column::AuthorId)
            .to_owned();
        if let Some(people) = self.people() {
            won.and_where(deal::Column::OwnerId.in_subquery(people.clone()));
            planned.and_where(work_plan::Column::AuthorId.in_subquery(people));
        }
        // (count `n`, sum `v`) per person; `created` selects no `v`, which
        // reads as none.
        let per_user = |rows: Vec<QueryResult>| -> Result<HashMap<uuid::Uuid, (u64, i64)>> {
            rows.iter()
                .map(|r| {
                    let v = r.try_get::<Option<i64>>("", "v").map_err(db_err)?.unwrap_or(0);
                    Ok((r.try_get::<uuid::Uuid>("", "u").map_err(db_err)?, (count(r, "n")?, v)))
                })
                .collect()
        };
        let created = per_user(self.query(&created).await?)?;
        let talked = if summaries::built(self.tx).await? {
            let mut per: HashMap<uuid::Uuid, (u64, i64)> = HashMap::new();
            for (u, kind, n) in days::counts::<uuid::Uuid>(
                self.tx,
                first_day,
                last_day,
                self.people(),
                conversation_day::Column::AuthorId,
            )
            .await?
            {
                let e = per.entry(u).or_default();
                e.0 += n;
                if kind == visit {
                    e.1 += i64::try_from(n).unwrap_or(0);
                }
            }
            per
        } else {
            per_user(self.query(&talked).await?)?
        };
        let won = per_user(self.query(&won).await?)?;
        let planned = per_user(self.query(&planned).await?)?;
        let mut people = Query::select()
            .columns([user::Column::Id, user::Column::DisplayName, user::Column::Active])
            .from(user::Entity)
            .and_where(user::Column::TenantId.eq(tenant))
            // The maintenance role holds no customers and records nothing.
            .and_where(user::Column::Role.ne(Role::Maintenance.as_str()))
            .and_where(user::Column::Kind.eq(crate::users::PERSON))
            .to_owned();
        people.cond_where(scope_condition(&analytics::people(&self.scope)));
        let mut board = Vec::new();
        for r in self.query(&people).await? {
            let id: uuid::Uuid = r.try_get("", "id").map_err(db_err)?;
            let active: bool = r.try_get("", "active").map_err(db_err)?;
            let of = |m: &HashMap<uuid::Uuid, (u64, i64)>| m.get(&id).copied().unwrap_or((0, 0));
            let (talks, visits) = of(&talked);
            let (deals_won, amount_won_minor) = of(&won);
            let (plans_due, on_time) = of(&planned);
            let entry = LeaderboardEntry {
                user_id: UserId(id),
                name: r.try_get("", "display_name").map_err(db_err)?,
                new_customers: of(&created).0,
                conversations: talks,
                visits: u64::try_from(visits).unwrap_or(0),
                deals_won,
                amount_won_minor,
                plans_due,
                plans_on_time: u64::try_from(on_time).unwrap_or(0),
            };
            if active || entry.counts_something() {
                board.push(entry);
            }
        }
        board.sort_by(|a, b| b.key(rank).cmp(&a.key(rank)).then_with(|| a.name.cmp(&b.name)));
        board.truncate(usize::try_from(first.clamp(1, MAX_LEADERBOARD)).unwrap_or(usize::MAX));
        Ok(board)
    }

    /// The customers in scope counted by their grade under grading model
    /// `model` (`NotFound` when the company has no such model), most first;
    /// those it has not graded as `None`.
    pub async fn customers_by_grade(&self, model: GradingModelId) -> Result<Vec<Slice>> {
        crate::grading::get(self.tx, model).await?;
        let n = Alias::new("n");
        let graded = Query::select()
            .expr_as(Expr::col(customer_grade::Column::Label), Alias::new("k"))
            // `COUNT(*)`: the index on the model and label answers alone.
            .expr_as(Expr::cust("COUNT(*)"), n.clone())
            .from(customer_grade::Entity)
            .and_where(customer_grade::Column::TenantId.eq(self.tx.tenant_id().0))
            .and_where(customer_grade::Column::ModelId.eq(model.0))
            .cond_where(self.on_customers(customer_grade::Column::CustomerId))
            .group_by_col(customer_grade::Column::Label)
            .to_owned();
        let mut slices = Vec::new();
        for r in self.query(&graded).await? {
            slices.push(Slice { key: r.try_get("", "k").map_err(db_err)?, count: count(&r, "n")? });
        }
        // How many customers in scope: from the cohorts once built (a few
        // hundred rows rather than every customer).
        let total = if summaries::built(self.tx).await? {
            let owners = self.owners(cohorts::owner_of(cohorts::COHORTS));
            cohorts::born(self.tx, owners).await?.iter().map(|(_, _, n)| n).sum()
        } else {
            let all = Query::select()
                .expr_as(Expr::cust("COUNT(*)"), n)
                .from(customer::Entity)
                .and_where(customer::Column::TenantId.eq(self.tx.tenant_id().0))
                .cond_where(self.customers())
                .to_owned();
            match self.query(&all).await?.first() {
                Some(r) => count(r, "n")?,
                None => 0,
            }
        };
        let ungraded = total.saturating_sub(slices.iter().map(|s| s.count).sum());
        if ungraded > 0 {
            slices.push(Slice { key: None, count: ungraded });
        }
        slices.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
        Ok(slices)
    }

    /// Customers into and out of the pool in `[from, to)` by the people in
    /// scope (an admin: everyone, the system included), by direction and,
    /// for releases, by the release reason in effect; most first.
    pub async fn pool_reasons(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<PoolReason>> {
        use customer_history::Column as H;
        let h = Alias::new("h");
        // The reason a release gave is the customer's latest `releaseReason`
        // entry up to it: one is written whenever a release changes it.
        let reason = Expr::cust(
            "CASE WHEN CAST(h.new_value AS TEXT) = 'null' THEN (SELECT CAST(r.new_value AS TEXT) \
             FROM customer_history r WHERE r.tenant_id = h.tenant_id AND r.customer_id = h.customer_id \
             AND r.field = 'releaseReason' AND r.created_at <= h.created_at \
             ORDER BY r.created_at DESC, r.id DESC LIMIT 1) END",
        );
        let mut q = Query::select()
            .expr_as(Func::cast_as(Expr::col((h.clone(), H::NewValue)), Alias::new("TEXT")), Alias::new("v"))
            .expr_as(Expr::col((h.clone(), H::ActorId)), Alias::new("a"))
            .expr_as(reason, Alias::new("reason"))
            .expr_as(Expr::col((h.clone(), H::Id)).count(), Alias::new("n"))
            .from_as(customer_history::Entity, h.clone())
            .and_where(Expr::col((h.clone(), H::TenantId)).eq(self.tx.tenant_id().0))
            .and_where(Expr::col((h.clone(), H::Field)).eq("ownerId"))
            .and_where(
                Expr::expr(Func::cast_as(Expr::col((h.clone(), H::NewValue)), Alias::new("TEXT")))
                    .eq("null")
                    .or(Expr::expr(Func::cast_as(Expr::col((h.clone(), H::OldValue)), Alias::new("TEXT"))).eq("null")),
            )
            .and_where(Expr::col((h.clone(), H::CreatedAt)).gte(from))
            .and_where(Expr::col((h.clone(), H::CreatedAt)).lt(to))
            .add_group_by([Expr::cust("1"), Expr::cust("2"), Expr::cust("3")])
            .to_owned();
        if let Some(people) = self.people() {
            q.and_where(Expr::col((h, H::ActorId)).in_subquery(people));
        }
        let json = |t: Option<String>| t.and_then(|t| serde_json::from_str::<Option<String>>(&t).ok().flatten());
        let mut out: Vec<PoolReason> = Vec::new();
        for r in self.query(&q).await? {
            let owner = json(r.try_get("", "v").map_err(db_err)?);
            let actor: Option<uuid::Uuid> = r.try_get("", "a").map_err(db_err)?;
            let (direction, reason) = match owner {
                None => (PoolMove::Released, json(r.try_get("", "reason").map_err(db_err)?)),
                Some(o) if actor.is_some_and(|a| a.to_string() == o) => (PoolMove::Claimed, None),
                Some(_) => (PoolMove::Assigned, None),
            };
            let n = count(&r, "n")?;
            match out.iter_mut().find(|p| p.direction == direction && p.reason == reason) {
                Some(p) => p.count += n,
                None => out.push(PoolReason { direction, reason, count: n }),
            }
        }
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
        Ok(out)
    }

    async fn query(&self, q: &SelectStatement) -> Result<Vec<QueryResult>> {
        let backend = self.tx.conn().get_database_backend();
        self.tx.conn().query_all(backend.build(q)).await.map_err(db_err)
    }

    /// Count the rows of `rows` (which selects a time `t` and a key `k`)
    /// per period and key, in one statement; a series per key of `keys`, in
    /// that order (rows with other keys are left out).
    async fn series(&self, rows: SelectStatement, periods: Periods, keys: &[&str]) -> Result<TimeSeries> {
        let backend = self.tx.conn().get_database_backend();
        let inner = backend.build(&rows);
        let mut values: Vec<sea_orm::Value> = inner.values.map(|v| v.0).unwrap_or_default();
        let mut list = Vec::with_capacity(periods.periods.len());
        for (i, p) in periods.periods.iter().enumerate() {
            values.push(p.start.into());
            let start = placeholder(backend, values.len());
            values.push(p.end.into());
            let end = placeholder(backend, values.len());
            list.push(format!("({i}, {start}, {end})"));
        }
        // VALUES names its columns column1, column2 … on both backends.
        let sql = format!(
            "SELECT CAST(b.column1 AS BIGINT) AS i, x.k AS k, COUNT(*) AS n FROM ({}) x \
             JOIN (VALUES {}) b ON x.t >= b.column2 AND x.t < b.column3 GROUP BY b.column1, x.k",
            inner.sql,
            list.join(", ")
        );
        let rows =
            self.tx.conn().query_all(Statement::from_sql_and_values(backend, sql, values)).await.map_err(db_err)?;
        let mut series: Vec<Series> =
            keys.iter().map(|k| Series { key: (*k).to_owned(), counts: vec![0; periods.periods.len()] }).collect();
        for r in rows {
            let k: String = r.try_get("", "k").map_err(db_err)?;
            let i: i64 = r.try_get("", "i").map_err(db_err)?;
            if let (Some(s), Ok(i)) = (series.iter_mut().find(|s| s.key == k), usize::try_from(i))
                && let Some(c) = s.counts.get_mut(i)
            {
                *c = count(&r, "n")?;
            }
        }
        Ok(TimeSeries { periods, series })
    }
}

/// Bind values of a hand-written statement, collected in the order their
/// placeholders appear (SQLite numbers `?` so).
pub(crate) struct Binds {
    backend: DbBackend,
    values: Vec<sea_orm::Value>,
}

impl Binds {
    /// Binds starting after `values` (those of an embedded statement).
    fn after(backend: DbBackend, values: Vec<sea_orm::Value>) -> Binds {
        Binds { backend, values }
    }

    /// Bind `v`, returning its placeholder.
    fn bind(&mut self, v: impl Into<sea_orm::Value>) -> String {
        self.values.push(v.into());
        placeholder(self.backend, self.values.len())
    }

    /// The statement `sql` with the values bound.
    fn statement(self, sql: String) -> Statement {
        Statement::from_sql_and_values(self.backend, sql, self.values)
    }
}

/// The `n`th bind parameter (1-based) in `backend`'s syntax.
fn placeholder(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

/// `CAST(SUM(e) AS BIGINT)`: PostgreSQL sums bigints as `numeric`, which
/// reads back as an integer only after the cast.
fn sum_bigint(e: impl Into<sea_orm::sea_query::SimpleExpr>) -> sea_orm::sea_query::SimpleExpr {
    Func::cast_as(Expr::expr(e.into()).sum(), Alias::new("BIGINT")).into()
}

/// A `COUNT(*)` column.
fn count(r: &QueryResult, column: &str) -> Result<u64> {
    let n: i64 = r.try_get("", column).map_err(db_err)?;
    Ok(u64::try_from(n).unwrap_or(0))
}
