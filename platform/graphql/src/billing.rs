//! The company's subscription, for its admins: plan, state, trial and
//! period ends, invoices; checkout, the provider's billing portal,
//! cancelling at the end of the period and resuming. Every field and
//! mutation answers `FORBIDDEN` to anyone but an admin, and works whatever
//! the state (a read-only company must be able to pay).

use std::sync::Arc;

use async_graphql::{Context, Enum, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_billing::Billing;
use guanxi_core::billing::{BillingInterval, Currency, SubscriptionState};

use crate::context::ContextExt;
use crate::error::ApiResult;

/// The installation's billing (its provider and lifecycle settings), put in
/// the schema's data by the server; without it the local provider serves.
#[derive(Clone, Debug)]
pub struct BillingHandle(pub Arc<Billing>);

fn billing(ctx: &Context<'_>) -> Arc<Billing> {
    ctx.data_opt::<BillingHandle>().map(|h| h.0.clone()).unwrap_or_else(|| Arc::new(Billing::local()))
}

/// Where a subscription stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::billing::SubscriptionState")]
pub enum SubscriptionStatus {
    /// A free trial of a paid plan, no card needed, until `trialEndsAt`.
    Trialing,
    /// Paid up.
    Active,
    /// A payment failed (or the trial ended unpaid): everything works until `readOnlyAt`.
    PastDue,
    /// Unpaid past the grace period: data can be read and exported, not changed.
    ReadOnly,
    /// Ended: data can be read and exported for the operator's retention period.
    Canceled,
}

/// How often a subscription is charged.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::billing::BillingInterval")]
pub enum BillingPeriod {
    /// Every month.
    Month,
    /// Every year.
    Year,
}

/// The currencies plans are priced in.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::billing::Currency")]
pub enum BillingCurrency {
    /// Renminbi.
    Cny,
    /// US dollars.
    Usd,
}

/// One invoice from the payment provider.
#[derive(SimpleObject, Clone, Debug)]
pub struct BillingInvoice {
    /// The provider's id.
    pub id: String,
    /// Its number on paper.
    pub number: Option<String>,
    /// `draft`, `open`, `paid`, `uncollectible` or `void`.
    pub status: String,
    /// Total in the currency's smallest unit (分, cents).
    pub amount_due: i64,
    /// Paid so far, same unit.
    pub amount_paid: i64,
    /// Lowercase ISO code (`cny`, `usd`).
    pub currency: String,
    /// Issued.
    pub created_at: DateTime<Utc>,
    /// The provider's page for it.
    pub hosted_url: Option<String>,
    /// Its PDF.
    pub pdf_url: Option<String>,
}

/// The company's subscription.
#[derive(SimpleObject, Clone, Debug)]
pub struct BillingInfo {
    /// The plan (`free`, `team`, `business` …); during a trial, the plan tried.
    pub plan: String,
    /// The state writes obey now (a grace that ran out reads `READ_ONLY`
    /// even before the periodic sweep records it).
    pub state: SubscriptionStatus,
    /// End of the trial, if there is or was one.
    pub trial_ends_at: Option<DateTime<Utc>>,
    /// End of the period paid for.
    pub current_period_end: Option<DateTime<Utc>>,
    /// When the company becomes read-only unless it pays (while past due).
    pub read_only_at: Option<DateTime<Utc>>,
    /// Whether the subscription ends at the end of the period.
    pub cancel_at_period_end: bool,
    /// `local` (the operator sets plans) or `stripe`.
    pub provider: String,
    /// Seats the provider charges for (the active users).
    pub seats: i32,
    /// Invoices, newest first (none with the local provider).
    pub invoices: Vec<BillingInvoice>,
}

impl BillingInfo {
    fn of(o: guanxi_billing::Overview) -> BillingInfo {
        let s = o.subscription;
        BillingInfo {
            plan: s.plan.as_str().to_owned(),
            state: SubscriptionStatus::from(o.effective_state),
            trial_ends_at: s.trial_ends_at,
            current_period_end: s.current_period_end,
            read_only_at: s.read_only_at.filter(|_| o.effective_state != SubscriptionState::Active),
            cancel_at_period_end: s.cancel_at_period_end,
            provider: s.provider,
            seats: i32::try_from(s.seats).unwrap_or(i32::MAX),
            invoices: o
                .invoices
                .into_iter()
                .map(|i| BillingInvoice {
                    id: i.id,
                    number: i.number,
                    status: i.status,
                    amount_due: i.amount_due,
                    amount_paid: i.amount_paid,
                    currency: i.currency,
                    created_at: i.created_at,
                    hosted_url: i.hosted_url,
                    pdf_url: i.pdf_url,
                })
                .collect(),
        }
    }
}

async fn overview(ctx: &Context<'_>) -> ApiResult<BillingInfo> {
    let rc = ctx.rc()?;
    let o = billing(ctx).overview(&rc.store, ctx.principal()?, &rc.meta).await?;
    Ok(BillingInfo::of(o))
}

/// Billing queries.
#[derive(Default)]
pub struct BillingQuery;

#[Object]
impl BillingQuery {
    /// The company's subscription: plan, state, dates, invoices. Admins only.
    async fn billing(&self, ctx: &Context<'_>) -> ApiResult<BillingInfo> {
        overview(ctx).await
    }
}

/// Billing mutations.
#[derive(Default)]
pub struct BillingMutation;

#[Object]
impl BillingMutation {
    /// Start a checkout with the payment provider to subscribe to, or
    /// change to, `plan`; answers the URL to send the browser to. The seats
    /// are the company's active users; trial days left carry over. The
    /// local provider answers `CONFLICT` (`provider`, reason `unsupported`).
    /// Admins only.
    async fn start_checkout(
        &self,
        ctx: &Context<'_>,
        plan: String,
        #[graphql(default_with = "BillingPeriod::Month")] interval: BillingPeriod,
        #[graphql(default_with = "BillingCurrency::Cny")] currency: BillingCurrency,
    ) -> ApiResult<String> {
        let rc = ctx.rc()?;
        let plan = guanxi_store::billing::parse_plan(&plan)?;
        let url = billing(ctx)
            .start_checkout(
                &rc.store,
                ctx.principal()?,
                &rc.meta,
                plan,
                BillingInterval::from(interval),
                Currency::from(currency),
            )
            .await?;
        Ok(url)
    }

    /// Open the payment provider's billing portal (cards, invoices,
    /// cancellation); answers its URL. Admins only.
    async fn open_billing_portal(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let rc = ctx.rc()?;
        Ok(billing(ctx).open_portal(&rc.store, ctx.principal()?, &rc.meta).await?)
    }

    /// Cancel the subscription at the end of the period paid for; nothing
    /// is deleted. Admins only.
    async fn cancel_subscription(&self, ctx: &Context<'_>) -> ApiResult<BillingInfo> {
        let rc = ctx.rc()?;
        billing(ctx).set_cancel_at_period_end(&rc.store, ctx.principal()?, &rc.meta, true).await?;
        overview(ctx).await
    }

    /// Undo `cancelSubscription` before the period ends. Admins only.
    async fn resume_subscription(&self, ctx: &Context<'_>) -> ApiResult<BillingInfo> {
        let rc = ctx.rc()?;
        billing(ctx).set_cancel_at_period_end(&rc.store, ctx.principal()?, &rc.meta, false).await?;
        overview(ctx).await
    }
}
