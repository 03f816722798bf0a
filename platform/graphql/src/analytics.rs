//! Analytics for dashboards (`Query.analytics`): counts shaped for charts,
//! scoped like the customer lists (a salesperson their own, a supervisor
//! their groups', an admin the company's), in the company's time zone.
//!
//! Each field is one read of [`guanxi_store::analytics::Analytics`]; new
//! reads are new fields of [`Analytics`].

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use guanxi_core::analytics::{self as rules, Periods};
use guanxi_core::deal::{Currency, format_minor};
use guanxi_core::{Action, Error, FieldError, GradingModelId};
use guanxi_store::analytics::{self as store, Analytics as StoreAnalytics, Measure};

use crate::context::ContextExt;
use crate::customers::CustomerStatus;
use crate::error::{ApiResult, parse_id};
use crate::types::User;

/// The length of one period of a time series.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::analytics::Bucket")]
pub enum AnalyticsBucket {
    /// Days of the company's calendar.
    Day,
    /// Weeks, Monday first.
    Week,
    /// Calendar months.
    Month,
}

/// A customer property to count customers by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::analytics::Dimension")]
pub enum CustomerDimension {
    /// Lifecycle status (`prospect`, `intent` …).
    Status,
    /// Grade (`a`, `b` …).
    Grade,
    /// Source, from the company's list.
    Source,
    /// Industry, from the company's list.
    Industry,
}

/// What a leaderboard ranks people by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::analytics::Rank")]
pub enum LeaderboardRank {
    /// Customers created in the range that the person owns now.
    NewCustomers,
    /// Conversations the person recorded in the range.
    Conversations,
    /// Visits the person recorded in the range.
    Visits,
    /// Deals the person won on a day of the range.
    DealsWon,
    /// The amount of those deals in the leaderboard's currency.
    AmountWon,
    /// Plans due in the range that the person did on time.
    PlansOnTime,
}

/// Which way customers crossed the pool's edge.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::analytics::PoolMove")]
pub enum PoolMoveDirection {
    /// Into the pool: released, offboarded or reclaimed by a pool rule.
    Released,
    /// Out of it by the person who took it.
    Claimed,
    /// Out of it to someone else by an assignment.
    Assigned,
}

/// Whole days of the company's calendar, both ends included: at most five
/// years, and at most 400 periods of the series' bucket.
#[derive(InputObject, Clone, Copy)]
pub struct AnalyticsRange {
    /// The first day.
    from: NaiveDate,
    /// The last day, not before `from`.
    to: NaiveDate,
}

/// Counts per period: `periods` labels the x axis, each series has one
/// count per period.
pub struct TimeSeries(store::TimeSeries);

#[Object]
impl TimeSeries {
    /// The length of the periods.
    async fn bucket(&self) -> AnalyticsBucket {
        self.0.periods.bucket.into()
    }
    /// The first day of each period, oldest first (whole periods: the range
    /// is widened to the start of its first and the end of its last).
    async fn periods(&self) -> Vec<NaiveDate> {
        self.0.periods.periods.iter().map(|p| p.first_day).collect()
    }
    /// The series, in a fixed order for each field.
    async fn series(&self) -> Vec<Series> {
        self.0.series.iter().cloned().map(Series).collect()
    }
}

/// One series of a time series.
pub struct Series(store::Series);

#[Object]
impl Series {
    /// What it counts, by machine name (a conversation kind, `released` …).
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// The count of each period, in the order of `periods`.
    async fn counts(&self) -> Vec<u64> {
        self.0.counts.clone()
    }
    /// The sum of `counts`.
    async fn total(&self) -> u64 {
        self.0.total()
    }
}

/// How many customers have one value.
#[derive(SimpleObject)]
pub struct CustomerSlice {
    /// The value by machine name; `null`: not given.
    key: Option<String>,
    /// How many customers.
    count: u64,
}

/// One person of a leaderboard.
pub struct LeaderboardEntry(store::LeaderboardEntry, Currency);

#[Object]
impl LeaderboardEntry {
    /// The person's id.
    async fn user_id(&self) -> ID {
        ID(self.0.user_id.to_string())
    }
    /// Their display name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The person.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        ctx.read(async |tx| match guanxi_store::users::get(tx, self.0.user_id).await {
            Ok(u) => Ok(Some(User::new(u))),
            Err(Error::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await
    }
    /// Customers created in the range that they own now.
    async fn new_customers(&self) -> u64 {
        self.0.new_customers
    }
    /// Conversations they recorded in the range.
    async fn conversations(&self) -> u64 {
        self.0.conversations
    }
    /// Of those, visits (kind `VISIT`).
    async fn visits(&self) -> u64 {
        self.0.visits
    }
    /// Deals credited to them that were won on a day of the range, in any
    /// currency.
    async fn deals_won(&self) -> u64 {
        self.0.deals_won
    }
    /// The amount of their won deals in `currency`, as exact decimal text
    /// (deals in other currencies are left out of it).
    async fn amount_won(&self) -> String {
        format_minor(i128::from(self.0.amount_won_minor), self.1)
    }
    /// The currency of `amountWon` (the leaderboard's).
    async fn currency(&self) -> &str {
        self.1.code()
    }
    /// Their plans due (ending) in the range.
    async fn plans_due(&self) -> u64 {
        self.0.plans_due
    }
    /// Of those, the ones marked done by their end time.
    async fn plans_on_time(&self) -> u64 {
        self.0.plans_on_time
    }
}

/// One status of the conversion funnel.
pub struct FunnelStage(store::Stage);

#[Object]
impl FunnelStage {
    /// The status.
    async fn status(&self) -> CustomerStatus {
        self.0.status.into()
    }
    /// Customers in it now.
    async fn customers(&self) -> u64 {
        self.0.customers
    }
    /// Customers that reached it: for the sales stages (`PROSPECT` →
    /// `INTENT` → `DEAL`) those ever at it or a later stage, for `PAUSED`
    /// and `LOST` those ever in it.
    async fn reached(&self) -> u64 {
        self.0.reached
    }
    /// Completed stays in it (entered, then left for another status).
    async fn stays(&self) -> u64 {
        self.0.stays
    }
    /// The mean length of those stays in days; `null` without any.
    async fn average_days(&self) -> Option<f64> {
        self.0.average_days.map(|d| (d * 100.0).round() / 100.0)
    }
}

/// Retention in one month.
#[derive(SimpleObject)]
pub struct RetentionMonth {
    /// The month's first day.
    month: NaiveDate,
    /// Customers held at its start: created before it and not lost then.
    held: u64,
    /// Of those, kept through it: `held` less the moves into `LOST` in the
    /// month by customers created before it.
    kept: u64,
    /// Moves into `LOST` in the month.
    lost: u64,
    /// Moves out of `LOST` in the month (won back).
    won_back: u64,
    /// Customers created in the month.
    new: u64,
}

/// How many customers crossed the pool's edge one way for one reason.
#[derive(SimpleObject)]
pub struct PoolReasonCount {
    /// Which way.
    direction: PoolMoveDirection,
    /// For releases, the reason in effect (`null`: none given); `null` for
    /// claims and assignments.
    reason: Option<String>,
    /// How many moves.
    count: u64,
}

/// The analytics the caller may see.
pub struct Analytics;

/// The periods of `range` by `bucket`, in the company's zone.
fn periods(a: &StoreAnalytics<'_>, range: AnalyticsRange, bucket: Option<AnalyticsBucket>) -> Result<Periods, Error> {
    let bucket = bucket.map(Into::into).unwrap_or_default();
    Periods::new(range.from, range.to, bucket, a.time_zone(), "range").map_err(invalid)
}

fn invalid(e: FieldError) -> Error {
    Error::Validation(vec![e])
}

/// One time series of the caller's analytics over `range`.
async fn time_series(
    ctx: &Context<'_>,
    of: Measure,
    range: AnalyticsRange,
    bucket: Option<AnalyticsBucket>,
) -> ApiResult<TimeSeries> {
    ctx.read(async |tx| {
        let a = StoreAnalytics::of(tx).await?;
        let periods = periods(&a, range, bucket)?;
        Ok(TimeSeries(a.time_series(of, periods).await?))
    })
    .await
}

#[Object]
impl Analytics {
    /// Customers created per period (one series, `customers`).
    async fn new_customers(
        &self,
        ctx: &Context<'_>,
        range: AnalyticsRange,
        bucket: Option<AnalyticsBucket>,
    ) -> ApiResult<TimeSeries> {
        time_series(ctx, Measure::NewCustomers, range, bucket).await
    }

    /// Conversations recorded by the people in scope (an admin: everyone)
    /// per period, one series per kind (`visit`, `call`, `wechat`, `email`,
    /// `meeting`, `other`, always all of them).
    async fn conversations(
        &self,
        ctx: &Context<'_>,
        range: AnalyticsRange,
        bucket: Option<AnalyticsBucket>,
    ) -> ApiResult<TimeSeries> {
        time_series(ctx, Measure::Conversations, range, bucket).await
    }

    /// Customers into the pool (`released`: released, offboarded to it) and
    /// out of it (`claimed`: claimed or assigned) per period, by the people
    /// in scope (an admin: everyone, automatic moves included).
    async fn pool_flow(
        &self,
        ctx: &Context<'_>,
        range: AnalyticsRange,
        bucket: Option<AnalyticsBucket>,
    ) -> ApiResult<TimeSeries> {
        time_series(ctx, Measure::PoolFlow, range, bucket).await
    }

    /// The customers in scope counted by one property, most first.
    async fn customers_by(&self, ctx: &Context<'_>, by: CustomerDimension) -> ApiResult<Vec<CustomerSlice>> {
        ctx.read(async |tx| {
            let slices = StoreAnalytics::of(tx).await?.customers_by(by.into()).await?;
            Ok(slices.into_iter().map(|s| CustomerSlice { key: s.key, count: s.count }).collect())
        })
        .await
    }

    /// The customers in scope counted by their grade under a grading model
    /// (an RFM model's segments, an ABCD model's letters …), most first;
    /// `key: null` counts those it has not graded. `NOT_FOUND` for a model
    /// the company does not have.
    async fn customers_by_grade(&self, ctx: &Context<'_>, model_id: ID) -> ApiResult<Vec<CustomerSlice>> {
        let model = parse_id::<GradingModelId>(&model_id, "modelId")?;
        ctx.read(async |tx| {
            let slices = StoreAnalytics::of(tx).await?.customers_by_grade(model).await?;
            Ok(slices.into_iter().map(|s| CustomerSlice { key: s.key, count: s.count }).collect())
        })
        .await
    }

    /// The people in scope ranked by `rank` over the range (a second count
    /// breaks ties, then the name); the first `first` (10 when omitted, at
    /// most 100). Amounts are in `currency` (CNY when omitted).
    async fn leaderboard(
        &self,
        ctx: &Context<'_>,
        range: AnalyticsRange,
        rank: Option<LeaderboardRank>,
        first: Option<i32>,
        currency: Option<String>,
    ) -> ApiResult<Vec<LeaderboardEntry>> {
        let first = u64::try_from(first.unwrap_or(10)).unwrap_or(1);
        let currency = match currency {
            Some(c) => Currency::parse(&c, "currency").map_err(invalid)?,
            None => Currency::CNY,
        };
        ctx.read(async |tx| {
            let a = StoreAnalytics::of(tx).await?;
            let (from, to) = rules::day_range(range.from, range.to, a.time_zone(), "range").map_err(invalid)?;
            let rows = a.leaderboard(from, to, rank.map(Into::into).unwrap_or_default(), first, currency).await?;
            Ok(rows.into_iter().map(|e| LeaderboardEntry(e, currency)).collect())
        })
        .await
    }

    /// The conversion funnel of the customers in scope created in the range
    /// (all of them when omitted): every status in display order, with the
    /// customers in it now, those that reached it, and the mean time spent
    /// in it.
    async fn funnel(&self, ctx: &Context<'_>, range: Option<AnalyticsRange>) -> ApiResult<Vec<FunnelStage>> {
        ctx.read(async |tx| {
            let a = StoreAnalytics::of(tx).await?;
            let created = match range {
                Some(r) => Some(rules::day_range(r.from, r.to, a.time_zone(), "range").map_err(invalid)?),
                None => None,
            };
            Ok(a.funnel(created).await?.into_iter().map(FunnelStage).collect())
        })
        .await
    }

    /// Retention per calendar month of the range (whole months) for the
    /// customers in scope: held at the start, kept, lost, won back, new.
    async fn retention(&self, ctx: &Context<'_>, range: AnalyticsRange) -> ApiResult<Vec<RetentionMonth>> {
        ctx.read(async |tx| {
            let a = StoreAnalytics::of(tx).await?;
            let periods = periods(&a, range, Some(AnalyticsBucket::Month))?;
            let months = a.retention(&periods).await?;
            Ok(months
                .into_iter()
                .map(|m| RetentionMonth {
                    month: m.first_day,
                    held: m.held,
                    kept: m.kept,
                    lost: m.lost,
                    won_back: m.won_back,
                    new: m.new,
                })
                .collect())
        })
        .await
    }

    /// Customers into and out of the pool over the range, by direction and
    /// release reason, by the people in scope (an admin: everyone, pool
    /// rules included); most first.
    async fn pool_reasons(&self, ctx: &Context<'_>, range: AnalyticsRange) -> ApiResult<Vec<PoolReasonCount>> {
        ctx.read(async |tx| {
            let a = StoreAnalytics::of(tx).await?;
            let (from, to) = rules::day_range(range.from, range.to, a.time_zone(), "range").map_err(invalid)?;
            let rows = a.pool_reasons(from, to).await?;
            Ok(rows
                .into_iter()
                .map(|p| PoolReasonCount { direction: p.direction.into(), reason: p.reason, count: p.count })
                .collect())
        })
        .await
    }
}

#[derive(Default)]
pub struct AnalyticsQuery;

#[Object]
impl AnalyticsQuery {
    /// Counts for dashboards, scoped like the customer lists: a
    /// salesperson's own, a supervisor's groups', an admin's company's.
    /// The maintenance role: `FORBIDDEN` (its one job is backups).
    async fn analytics(&self, ctx: &Context<'_>) -> ApiResult<Analytics> {
        ctx.principal()?.actor().authorize(&Action::UseCrm)?;
        Ok(Analytics)
    }
}
