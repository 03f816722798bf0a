//! The Stripe provider, on async-stripe's 1.0 line: Checkout sessions in
//! subscription mode (seat quantity, trial carried over), Billing Portal
//! sessions, subscription reads and updates (cancel at period end, seat
//! quantity with prorations), invoice lists and billing meter events.
//!
//! A subscription's plan is the plan whose configured price its first item
//! has (`stripe_prices`, `plan:interval:currency`), else the
//! `guanxi_plan` metadata checkout writes; the company is the
//! `guanxi_tenant` metadata checkout writes.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use guanxi_core::TenantId;
use guanxi_core::billing::{BillingInterval, Currency, ProviderStatus, ProviderSubscription};
use guanxi_core::subscription::PlanId;
use secrecy::{ExposeSecret, SecretString};
use stripe_billing::billing_meter_event::CreateBillingMeterEvent;
use stripe_billing::billing_portal_session::CreateBillingPortalSession;
use stripe_billing::invoice::ListInvoice;
use stripe_billing::subscription::{
    RetrieveSubscription, UpdateSubscription, UpdateSubscriptionItems, UpdateSubscriptionProrationBehavior,
};
use stripe_billing::{Subscription, SubscriptionStatus};
use stripe_checkout::CheckoutSessionMode;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionSubscriptionData,
};

use crate::{BillingProvider, CheckoutRequest, CheckoutSession, Invoice, ProviderError, UsageReport};

/// The metadata key naming the company a subscription is for.
pub const TENANT_METADATA: &str = "guanxi_tenant";
/// The metadata key naming the plan a subscription is for.
pub const PLAN_METADATA: &str = "guanxi_plan";

/// How the Stripe provider is set up.
#[derive(Clone, Debug)]
pub struct StripeConfig {
    /// The secret API key.
    pub secret_key: SecretString,
    /// Another API base URL (a test stand-in); Stripe's when `None`.
    pub api_base: Option<String>,
    /// Price ids by `plan:interval:currency` (`team:month:cny`).
    pub prices: BTreeMap<String, String>,
    /// The meter event name plugin fuel is reported under.
    pub fuel_meter: String,
}

/// Stripe, through async-stripe.
pub struct StripeProvider {
    client: stripe::Client,
    prices: BTreeMap<String, String>,
    fuel_meter: String,
}

impl std::fmt::Debug for StripeProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeProvider").field("prices", &self.prices).finish_non_exhaustive()
    }
}

fn interval_name(i: BillingInterval) -> &'static str {
    match i {
        BillingInterval::Month => "month",
        BillingInterval::Year => "year",
    }
}

fn currency_name(c: Currency) -> &'static str {
    match c {
        Currency::Cny => "cny",
        Currency::Usd => "usd",
    }
}

/// A Stripe error as a provider error: Stripe's refusals (4xx) are
/// rejections, everything else is worth retrying.
fn stripe_err(e: stripe::StripeError) -> ProviderError {
    match &e {
        stripe::StripeError::Stripe(_, status) if (400..500).contains(status) && *status != 429 => {
            ProviderError::Rejected(e.to_string())
        }
        _ => ProviderError::Unavailable(e.to_string()),
    }
}

/// Stripe's answer to a meter event whose identifier it has seen (within at
/// least 24 hours): `400 invalid_request_error`, "An event already exists
/// with identifier …", `Stripe-Should-Retry: false`. It has no error code of
/// its own, so the message tells it from other refusals.
fn is_repeated_meter_event(e: &stripe::StripeError) -> bool {
    match e {
        stripe::StripeError::Stripe(errors, 400) => {
            errors.message.as_deref().is_some_and(|m| m.starts_with("An event already exists with identifier"))
        }
        _ => false,
    }
}

fn time(t: i64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp(t, 0)
}

impl StripeProvider {
    /// A provider with `config`.
    pub fn new(config: StripeConfig) -> Result<StripeProvider, String> {
        let mut builder = stripe::ClientBuilder::new(config.secret_key.expose_secret())
            .timeout(std::time::Duration::from_secs(20))
            .app_info("guanxi", Some(env!("CARGO_PKG_VERSION").to_owned()), None);
        if let Some(base) = &config.api_base {
            builder = builder.url(base.clone());
        }
        let client = builder.build().map_err(|e| e.to_string())?;
        Ok(StripeProvider { client, prices: config.prices, fuel_meter: config.fuel_meter })
    }

    fn price(&self, plan: &PlanId, interval: BillingInterval, currency: Currency) -> Option<&String> {
        self.prices.get(&format!("{plan}:{}:{}", interval_name(interval), currency_name(currency)))
    }

    /// The plan a price id belongs to.
    fn plan_of_price(&self, price: &str) -> Option<PlanId> {
        self.prices
            .iter()
            .find(|(_, p)| p.as_str() == price)
            .and_then(|(key, _)| key.split(':').next())
            .and_then(|plan| PlanId::parse(plan).ok())
    }

    fn report(&self, s: &Subscription) -> Result<ProviderSubscription, ProviderError> {
        let item = s.items.data.first();
        let plan = item
            .and_then(|i| self.plan_of_price(i.price.id.as_str()))
            .or_else(|| s.metadata.get(PLAN_METADATA).and_then(|p| PlanId::parse(p).ok()))
            .ok_or_else(|| ProviderError::Rejected(format!("subscription {} has no known plan", s.id)))?;
        let status = match &s.status {
            SubscriptionStatus::Active => ProviderStatus::Active,
            SubscriptionStatus::Canceled => ProviderStatus::Canceled,
            SubscriptionStatus::Incomplete => ProviderStatus::Incomplete,
            SubscriptionStatus::IncompleteExpired => ProviderStatus::IncompleteExpired,
            SubscriptionStatus::PastDue => ProviderStatus::PastDue,
            SubscriptionStatus::Paused => ProviderStatus::Paused,
            SubscriptionStatus::Trialing => ProviderStatus::Trialing,
            SubscriptionStatus::Unpaid => ProviderStatus::Unpaid,
            other => {
                return Err(ProviderError::Rejected(format!("unknown subscription status {}", other.as_str())));
            }
        };
        Ok(ProviderSubscription {
            tenant: s.metadata.get(TENANT_METADATA).and_then(|t| t.parse().ok()).map(TenantId),
            customer_ref: s.customer.id().to_string(),
            subscription_ref: s.id.to_string(),
            plan,
            status,
            seats: item.and_then(|i| i.quantity).and_then(|q| u32::try_from(q).ok()).unwrap_or(0),
            trial_end: s.trial_end.and_then(time),
            current_period_end: item.and_then(|i| time(i.current_period_end)),
            cancel_at_period_end: s.cancel_at_period_end,
            // A read is true as of now (Stripe's own objects carry no
            // modification time), so a later read always wins.
            observed_at: Utc::now(),
        })
    }

    async fn retrieve(&self, id: &str) -> Result<Subscription, stripe::StripeError> {
        RetrieveSubscription::new(id).send(&self.client).await
    }
}

#[async_trait]
impl BillingProvider for StripeProvider {
    fn name(&self) -> &'static str {
        "stripe"
    }

    async fn checkout(&self, req: &CheckoutRequest) -> Result<CheckoutSession, ProviderError> {
        let price = self.price(&req.plan, req.interval, req.currency).ok_or_else(|| {
            ProviderError::Rejected(format!(
                "no Stripe price for {} billed every {} in {}",
                req.plan,
                interval_name(req.interval),
                currency_name(req.currency)
            ))
        })?;
        let mut line = CreateCheckoutSessionLineItems::new();
        line.price = Some(price.clone());
        line.quantity = Some(u64::from(req.seats.max(1)));
        let metadata: HashMap<String, String> =
            [(TENANT_METADATA.to_owned(), req.tenant.0.to_string()), (PLAN_METADATA.to_owned(), req.plan.to_string())]
                .into();
        let mut data = CreateCheckoutSessionSubscriptionData::new();
        data.metadata = Some(metadata.clone());
        // Stripe wants a trial to end at least two days ahead; a shorter
        // remainder is dropped rather than refused.
        data.trial_end = req.trial_end.filter(|t| *t > Utc::now() + chrono::Duration::hours(48)).map(|t| t.timestamp());
        let mut create = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Subscription)
            .line_items(vec![line])
            .subscription_data(data)
            .client_reference_id(req.tenant.0.to_string())
            .metadata(metadata)
            .success_url(req.success_url.clone())
            .cancel_url(req.cancel_url.clone());
        create = match &req.customer_ref {
            Some(c) => create.customer(c.clone()),
            None => create.customer_email(req.email.clone()),
        };
        let session = create.send(&self.client).await.map_err(stripe_err)?;
        let url = session.url.ok_or_else(|| ProviderError::Unavailable("Stripe returned no checkout URL".into()))?;
        Ok(CheckoutSession { id: session.id.to_string(), url })
    }

    async fn portal(&self, customer_ref: &str, return_url: &str) -> Result<String, ProviderError> {
        let session = CreateBillingPortalSession::new()
            .customer(customer_ref)
            .return_url(return_url)
            .send(&self.client)
            .await
            .map_err(stripe_err)?;
        Ok(session.url)
    }

    async fn subscription(&self, subscription_ref: &str) -> Result<Option<ProviderSubscription>, ProviderError> {
        match self.retrieve(subscription_ref).await {
            Ok(s) => self.report(&s).map(Some),
            Err(stripe::StripeError::Stripe(_, 404)) => Ok(None),
            Err(e) => Err(stripe_err(e)),
        }
    }

    async fn set_cancel_at_period_end(
        &self,
        subscription_ref: &str,
        cancel: bool,
    ) -> Result<ProviderSubscription, ProviderError> {
        let s = UpdateSubscription::new(subscription_ref)
            .cancel_at_period_end(cancel)
            .send(&self.client)
            .await
            .map_err(stripe_err)?;
        self.report(&s)
    }

    async fn set_seats(&self, subscription_ref: &str, seats: u32) -> Result<(), ProviderError> {
        let s = self.retrieve(subscription_ref).await.map_err(stripe_err)?;
        let Some(item) = s.items.data.first() else {
            return Err(ProviderError::Rejected(format!("subscription {subscription_ref} has no item")));
        };
        if item.quantity == Some(u64::from(seats)) {
            return Ok(());
        }
        let mut change = UpdateSubscriptionItems::new();
        change.id = Some(item.id.to_string());
        change.quantity = Some(u64::from(seats));
        UpdateSubscription::new(subscription_ref)
            .items(vec![change])
            .proration_behavior(UpdateSubscriptionProrationBehavior::CreateProrations)
            .send(&self.client)
            .await
            .map_err(stripe_err)?;
        Ok(())
    }

    async fn invoices(&self, customer_ref: &str, limit: u32) -> Result<Vec<Invoice>, ProviderError> {
        let list = ListInvoice::new()
            .customer(customer_ref)
            .limit(i64::from(limit.clamp(1, 100)))
            .send(&self.client)
            .await
            .map_err(stripe_err)?;
        Ok(list
            .data
            .into_iter()
            .map(|i| Invoice {
                id: i.id.map(|id| id.to_string()).unwrap_or_default(),
                number: i.number,
                status: i.status.map(|s| s.as_str().to_owned()).unwrap_or_else(|| "draft".to_owned()),
                amount_due: i.amount_due,
                amount_paid: i.amount_paid,
                currency: i.currency.to_string(),
                created_at: time(i.created).unwrap_or_default(),
                hosted_url: i.hosted_invoice_url,
                pdf_url: i.invoice_pdf,
            })
            .collect())
    }

    async fn report_usage(&self, report: &UsageReport) -> Result<(), ProviderError> {
        let payload: HashMap<String, String> = [
            ("stripe_customer_id".to_owned(), report.customer_ref.clone()),
            ("value".to_owned(), report.quantity.to_string()),
        ]
        .into();
        let event_name =
            if report.metric == crate::FUEL_METRIC { self.fuel_meter.clone() } else { report.metric.clone() };
        match CreateBillingMeterEvent::new(event_name, payload)
            .identifier(report.identifier.clone())
            .timestamp(report.timestamp.timestamp())
            .send(&self.client)
            .await
        {
            Ok(_) => Ok(()),
            // The identifier is derived from what is billed (the company, the
            // metric, the period), so Stripe holding it already proves the
            // report was delivered (a crash came between its answer and our
            // mark): done, not failed.
            Err(e) if is_repeated_meter_event(&e) => Ok(()),
            Err(e) => Err(stripe_err(e)),
        }
    }
}
