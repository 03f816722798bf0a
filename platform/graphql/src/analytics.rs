//! Analytics for dashboards (`Query.analytics`): counts shaped for charts,
//! scoped like the customer lists (a salesperson their own, a supervisor
//! their groups', an admin the company's), in the company's time zone.
//!
//! Each field is one read of [`guanxi_store::analytics::Analytics`]; new
//! reads are new fields of [`Analytics`].

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use guanxi_core::analytics::{self as rules, Periods};
use guanxi_core::{Action, Error, FieldError};
use guanxi_store::analytics::{self as store, Analytics as StoreAnalytics, Measure};

use crate::context::ContextExt;
use crate::error::ApiResult;
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
pub struct LeaderboardEntry(store::LeaderboardEntry);

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
    /// Conversations they recorded in the range, on customers in the
    /// reader's scope.
    async fn conversations(&self) -> u64 {
        self.0.conversations
    }
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

    /// Conversations per period, one series per kind (`visit`, `call`,
    /// `wechat`, `email`, `meeting`, `other`, always all of them).
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

    /// The people in scope ranked by new customers or conversations in the
    /// range (the other count breaks ties); the first `first` (10 when
    /// omitted, at most 100).
    async fn leaderboard(
        &self,
        ctx: &Context<'_>,
        range: AnalyticsRange,
        rank: Option<LeaderboardRank>,
        first: Option<i32>,
    ) -> ApiResult<Vec<LeaderboardEntry>> {
        let first = u64::try_from(first.unwrap_or(10)).unwrap_or(1);
        ctx.read(async |tx| {
            let a = StoreAnalytics::of(tx).await?;
            let (from, to) = rules::day_range(range.from, range.to, a.time_zone(), "range").map_err(invalid)?;
            let rows = a.leaderboard(from, to, rank.map(Into::into).unwrap_or_default(), first).await?;
            Ok(rows.into_iter().map(LeaderboardEntry).collect())
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
