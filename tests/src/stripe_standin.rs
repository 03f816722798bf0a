//! A stand-in for Stripe behind the `BillingProvider` trait: subscriptions
//! held in memory and changed by the test (as Stripe's dashboard or its
//! retries would), every call recorded, meter events deduplicated by their
//! identifier as Stripe does. Tests drive webhooks against it: the
//! deliveries are signed with a test secret and posted over HTTP, and
//! processing re-reads subscriptions from here.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use guanxi_billing::{BillingProvider, CheckoutRequest, CheckoutSession, Invoice, ProviderError, UsageReport};
use guanxi_core::TenantId;
use guanxi_core::billing::{ProviderStatus, ProviderSubscription};
use guanxi_core::subscription::PlanId;

/// What the stand-in was asked, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    /// A checkout: plan, seats.
    Checkout(String, u32),
    /// A portal session for a customer.
    Portal(String),
    /// A subscription read.
    Read(String),
    /// Cancel at period end (or resume).
    Cancel(String, bool),
    /// A seat quantity.
    Seats(String, u32),
    /// A meter event's identifier.
    Meter(String),
}

#[derive(Default)]
struct State {
    subscriptions: BTreeMap<String, ProviderSubscription>,
    calls: Vec<Call>,
    meter: BTreeMap<String, u64>,
    fail_reads: bool,
}

/// The stand-in; clone it to keep a handle while the server owns another.
#[derive(Clone, Default)]
pub struct StripeStandIn {
    state: Arc<Mutex<State>>,
}

impl StripeStandIn {
    /// An empty stand-in.
    pub fn new() -> StripeStandIn {
        StripeStandIn::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// Put (or replace) a subscription as Stripe would now report it.
    pub fn put(
        &self,
        tenant: Option<TenantId>,
        id: &str,
        customer: &str,
        plan: &str,
        status: ProviderStatus,
        seats: u32,
    ) {
        let sub = ProviderSubscription {
            tenant,
            customer_ref: customer.to_owned(),
            subscription_ref: id.to_owned(),
            plan: PlanId::parse(plan).unwrap(),
            status,
            seats,
            trial_end: None,
            current_period_end: Some(Utc::now() + chrono::Duration::days(30)),
            cancel_at_period_end: false,
            observed_at: Utc::now(),
        };
        self.lock().subscriptions.insert(id.to_owned(), sub);
    }

    /// Forget a subscription (Stripe never deletes them, but a test may).
    pub fn remove(&self, id: &str) {
        self.lock().subscriptions.remove(id);
    }

    /// Make reads fail as if Stripe were unreachable.
    pub fn fail_reads(&self, fail: bool) {
        self.lock().fail_reads = fail;
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// The seat quantity of a subscription now.
    pub fn seats(&self, id: &str) -> Option<u32> {
        self.lock().subscriptions.get(id).map(|s| s.seats)
    }

    /// Meter quantities accepted, by identifier (each counted once).
    pub fn meter(&self) -> BTreeMap<String, u64> {
        self.lock().meter.clone()
    }
}

fn read(s: &ProviderSubscription) -> ProviderSubscription {
    // A read is true as of now, whatever happened before.
    ProviderSubscription { observed_at: Utc::now(), ..s.clone() }
}

#[async_trait]
impl BillingProvider for StripeStandIn {
    fn name(&self) -> &'static str {
        "stripe"
    }

    async fn checkout(&self, req: &CheckoutRequest) -> Result<CheckoutSession, ProviderError> {
        if req.plan.as_str() == "nope" {
            return Err(ProviderError::Rejected("no price for this plan".into()));
        }
        self.lock().calls.push(Call::Checkout(req.plan.to_string(), req.seats));
        Ok(CheckoutSession { id: "cs_test_1".into(), url: "https://checkout.stripe.com/c/pay/cs_test_1".into() })
    }

    async fn portal(&self, customer_ref: &str, _return_url: &str) -> Result<String, ProviderError> {
        self.lock().calls.push(Call::Portal(customer_ref.to_owned()));
        Ok(format!("https://billing.stripe.com/p/session/{customer_ref}"))
    }

    async fn subscription(&self, subscription_ref: &str) -> Result<Option<ProviderSubscription>, ProviderError> {
        let mut st = self.lock();
        if st.fail_reads {
            return Err(ProviderError::Unavailable("stand-in is down".into()));
        }
        st.calls.push(Call::Read(subscription_ref.to_owned()));
        Ok(st.subscriptions.get(subscription_ref).map(read))
    }

    async fn set_cancel_at_period_end(
        &self,
        subscription_ref: &str,
        cancel: bool,
    ) -> Result<ProviderSubscription, ProviderError> {
        let mut st = self.lock();
        st.calls.push(Call::Cancel(subscription_ref.to_owned(), cancel));
        let s = st
            .subscriptions
            .get_mut(subscription_ref)
            .ok_or_else(|| ProviderError::Rejected("no such subscription".into()))?;
        s.cancel_at_period_end = cancel;
        Ok(read(s))
    }

    async fn set_seats(&self, subscription_ref: &str, seats: u32) -> Result<(), ProviderError> {
        let mut st = self.lock();
        st.calls.push(Call::Seats(subscription_ref.to_owned(), seats));
        if let Some(s) = st.subscriptions.get_mut(subscription_ref) {
            s.seats = seats;
        }
        Ok(())
    }

    async fn invoices(&self, customer_ref: &str, _limit: u32) -> Result<Vec<Invoice>, ProviderError> {
        Ok(vec![Invoice {
            id: "in_1".into(),
            number: Some("GX-0001".into()),
            status: "paid".into(),
            amount_due: 9_900,
            amount_paid: 9_900,
            currency: "cny".into(),
            created_at: DateTime::<Utc>::from_timestamp(1_790_000_000, 0).unwrap(),
            hosted_url: Some(format!("https://invoice.stripe.com/i/{customer_ref}")),
            pdf_url: None,
        }])
    }

    async fn report_usage(&self, report: &UsageReport) -> Result<(), ProviderError> {
        let mut st = self.lock();
        st.calls.push(Call::Meter(report.identifier.clone()));
        // Stripe keeps the first event of an identifier and ignores repeats.
        st.meter.entry(report.identifier.clone()).or_insert(report.quantity);
        Ok(())
    }
}

/// Identifiers seen, for assertions.
pub fn identifiers(meter: &BTreeMap<String, u64>) -> BTreeSet<String> {
    meter.keys().cloned().collect()
}
