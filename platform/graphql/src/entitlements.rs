//! The company's subscription plan, what it uses of each entitlement, and
//! the plans it may move to (admins only).

use async_graphql::{Context, Object, SimpleObject};
use guanxi_core::subscription::{Entitlement, Limit, PlanSpec, SeatPrice};
use guanxi_store::entitlements;

use crate::context::ContextExt;
use crate::error::ApiResult;

/// The company's plan and its usage of every entitlement.
#[derive(SimpleObject)]
pub struct PlanUsage {
    /// The plan whose entitlements apply.
    plan: CataloguePlan,
    /// The plan name stored for the company when the catalogue does not
    /// have it (the free plan's entitlements apply meanwhile); null normally.
    unknown_plan: Option<String>,
    /// Every entitlement with its usage.
    limits: Vec<EntitlementUsage>,
}

/// One entitlement's usage against the plan's maximum.
#[derive(SimpleObject)]
pub struct EntitlementUsage {
    /// `seats`, `customers`, `customFields`, `plugins`,
    /// `pluginFuelPerMonth`, `storageBytes` or `apiRequestsPerMinute` (the
    /// name `LIMIT_REACHED` errors give in `extensions.limit`).
    name: String,
    /// Used now: active users, customers, field definitions, installed
    /// plugins, fuel burnt this calendar month (UTC), bytes of stored
    /// photos, requests this minute on the replica that answers.
    usage: i64,
    /// The plan's maximum; null when unlimited.
    max: Option<i64>,
    /// Usage as a whole percentage of the maximum (may exceed 100 after a
    /// downgrade); null when unlimited.
    percent: Option<i64>,
}

/// A plan of the catalogue, for the upgrade page.
#[derive(SimpleObject)]
pub struct CataloguePlan {
    /// The plan's name (`free`, `team`, `business` …): what `tenants.plan`
    /// holds and `extensions.upgrade` names.
    id: String,
    /// Upgrade order: a higher rank is a bigger plan.
    rank: i64,
    /// Price per seat in renminbi, in 分.
    price_cny: PlanSeatPrice,
    /// Price per seat in US dollars, in cents.
    price_usd: PlanSeatPrice,
    /// What the plan grants (`max` null: unlimited; no usage here).
    entitlements: Vec<EntitlementLimit>,
}

/// A price per seat, in the currency's smallest unit.
#[derive(SimpleObject)]
pub struct PlanSeatPrice {
    /// Per seat per month.
    month: i64,
    /// Per seat per year.
    year: i64,
}

/// One entitlement of a plan.
#[derive(SimpleObject)]
pub struct EntitlementLimit {
    /// The entitlement's name (see `EntitlementUsage.name`).
    name: String,
    /// The maximum; null when unlimited.
    max: Option<i64>,
}

fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn max_of(l: Limit) -> Option<i64> {
    l.max().map(int)
}

fn price(p: SeatPrice) -> PlanSeatPrice {
    PlanSeatPrice { month: int(p.month), year: int(p.year) }
}

impl From<&PlanSpec> for CataloguePlan {
    fn from(p: &PlanSpec) -> Self {
        CataloguePlan {
            id: p.id.to_string(),
            rank: i64::from(p.rank),
            price_cny: price(p.prices.cny),
            price_usd: price(p.prices.usd),
            entitlements: Entitlement::ALL
                .iter()
                .map(|e| EntitlementLimit { name: e.as_str().to_owned(), max: max_of(p.entitlements.get(*e)) })
                .collect(),
        }
    }
}

#[derive(Default)]
pub struct EntitlementQuery;

#[Object]
impl EntitlementQuery {
    /// The company's plan and its usage of every entitlement (admins).
    async fn plan_usage(&self, ctx: &Context<'_>) -> ApiResult<PlanUsage> {
        let tenant = ctx.principal()?.tenant_id();
        let requests = ctx.rc()?.store.requests_this_minute(tenant);
        ctx.read(async |tx| {
            let u = entitlements::plan_usage(tx).await?;
            Ok(PlanUsage {
                plan: (&u.plan).into(),
                unknown_plan: u.unknown_plan,
                limits: u
                    .limits
                    .iter()
                    .map(|l| {
                        let usage = if l.entitlement == Entitlement::ApiRequestsPerMinute { requests } else { l.usage };
                        let shown = entitlements::Usage { usage, ..*l };
                        EntitlementUsage {
                            name: l.entitlement.as_str().to_owned(),
                            usage: int(usage),
                            max: max_of(l.max),
                            percent: shown.percent().map(int),
                        }
                    })
                    .collect(),
            })
        })
        .await
    }

    /// Every plan a company may be on, smallest first (admins).
    async fn plan_catalogue(&self, ctx: &Context<'_>) -> ApiResult<Vec<CataloguePlan>> {
        ctx.read(async |tx| Ok(entitlements::catalogue(tx)?.plans().iter().map(CataloguePlan::from).collect())).await
    }
}
