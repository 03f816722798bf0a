//! What the API, the webhook endpoint and the billing worker ask of billing:
//! each operation reads and writes the store and calls the installation's
//! provider, in that order, so that a provider failure changes nothing here.

use std::sync::Arc;

use guanxi_core::billing::{BillingInterval, Currency, SubscriptionState};
use guanxi_core::subscription::PlanId;
use guanxi_core::{Action, Error, FieldError, Result, TenantId};
use guanxi_store::billing::{Exempt, Lifecycle, Subscription, WebhookEvent};
use guanxi_store::{Access, Principal, RequestMeta, Store};

use crate::{BillingProvider, CheckoutRequest, Invoice, ProviderError, UsageReport};

/// The meter plugin fuel is reported to.
pub const FUEL_METRIC: &str = "plugin_fuel";

/// A provider error as the one error type: what the provider cannot do or
/// refused is a conflict on `provider` (reasons `unsupported`, `rejected`);
/// an unreachable provider is `UNAVAILABLE`.
pub fn provider_error(e: ProviderError) -> Error {
    match e {
        ProviderError::Unsupported { .. } => Error::Conflict(FieldError::new("provider", "unsupported", e.to_string())),
        ProviderError::Rejected(_) => Error::Conflict(FieldError::new("provider", "rejected", e.to_string())),
        ProviderError::Unavailable(_) => Error::Unavailable(Box::new(e)),
    }
}

/// The company's billing as its admins see it.
#[derive(Clone, Debug)]
pub struct Overview {
    /// The stored subscription.
    pub subscription: Subscription,
    /// The state the guard applies now (a grace that ran out reads
    /// `read_only` before the sweep records it).
    pub effective_state: SubscriptionState,
    /// Invoices, newest first (none with the local provider).
    pub invoices: Vec<Invoice>,
}

/// Billing operations over the installation's provider.
#[derive(Clone)]
pub struct Billing {
    provider: Arc<dyn BillingProvider>,
    lifecycle: Lifecycle,
    public_url: String,
}

impl std::fmt::Debug for Billing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Billing").field("provider", &self.provider.name()).field("lifecycle", &self.lifecycle).finish()
    }
}

impl Billing {
    /// Billing through `provider`; links back into the app start with `public_url`.
    pub fn new(provider: Arc<dyn BillingProvider>, lifecycle: Lifecycle, public_url: impl Into<String>) -> Billing {
        Billing { provider, lifecycle, public_url: public_url.into().trim_end_matches('/').to_owned() }
    }

    /// The embedded default: the local provider, a 7-day grace.
    pub fn local() -> Billing {
        Billing::new(Arc::new(crate::local::LocalProvider), Lifecycle::default(), "http://127.0.0.1:8080")
    }

    /// The provider.
    pub fn provider(&self) -> &dyn BillingProvider {
        self.provider.as_ref()
    }

    /// The lifecycle settings.
    pub fn lifecycle(&self) -> Lifecycle {
        self.lifecycle
    }

    fn is_local(&self) -> bool {
        self.provider.name() == crate::local::LocalProvider.name()
    }

    fn billing_page(&self) -> String {
        format!("{}/settings/billing", self.public_url)
    }

    /// The caller's company's subscription and invoices. Admins only.
    pub async fn overview(&self, store: &Store, principal: &Principal, meta: &RequestMeta) -> Result<Overview> {
        principal.actor().authorize(&Action::ManageBilling)?;
        let tx = store.tenant_tx(principal, Access::Read, meta).await?;
        let subscription = guanxi_store::billing::current(&tx).await?;
        let now = chrono::Utc::now();
        tx.commit().await?;
        let invoices = match &subscription.customer_ref {
            Some(c) if subscription.provider == self.provider.name() => {
                self.provider.invoices(c, 24).await.map_err(provider_error)?
            }
            _ => Vec::new(),
        };
        let effective_state = subscription.effective_state(now);
        Ok(Overview { subscription, effective_state, invoices })
    }

    /// Start a checkout to subscribe to (or change to) `plan`: the URL of
    /// the provider's page. Admins only; the seats are the company's active
    /// users and the trial days left carry over.
    pub async fn start_checkout(
        &self,
        store: &Store,
        principal: &Principal,
        meta: &RequestMeta,
        plan: PlanId,
        interval: BillingInterval,
        currency: Currency,
    ) -> Result<String> {
        principal.actor().authorize(&Action::ManageBilling)?;
        let tx = store.tenant_tx(principal, Access::Read, meta).await?;
        let s = guanxi_store::billing::current(&tx).await?;
        let seats = guanxi_store::billing::active_seats(&tx).await?.max(1);
        let company = guanxi_store::tenants::current(&tx).await?;
        let me = guanxi_store::users::me(&tx).await?;
        tx.commit().await?;
        let now = chrono::Utc::now();
        let req = CheckoutRequest {
            tenant: principal.tenant_id(),
            company_name: company.name,
            email: me.email,
            customer_ref: s.customer_ref.clone(),
            plan,
            interval,
            currency,
            seats,
            trial_end: s.trial_ends_at.filter(|t| s.state == SubscriptionState::Trialing && *t > now),
            success_url: format!("{}?checkout=success", self.billing_page()),
            cancel_url: format!("{}?checkout=canceled", self.billing_page()),
        };
        let session = self.provider.checkout(&req).await.map_err(provider_error)?;
        Ok(session.url)
    }

    /// A billing portal session for cards and invoices: its URL. Admins
    /// only; the company must have paid through the provider once.
    pub async fn open_portal(&self, store: &Store, principal: &Principal, meta: &RequestMeta) -> Result<String> {
        principal.actor().authorize(&Action::ManageBilling)?;
        let s = self.read(store, principal, meta).await?;
        let Some(customer) = s.customer_ref.filter(|_| s.provider == self.provider.name()) else {
            if self.is_local() {
                // The local provider answers what it cannot do.
                return self.provider.portal("", &self.billing_page()).await.map_err(provider_error);
            }
            return Err(Error::Conflict(FieldError::new(
                "provider",
                "no_customer",
                "the company has not subscribed through the payment provider yet; start a checkout first",
            )));
        };
        self.provider.portal(&customer, &self.billing_page()).await.map_err(provider_error)
    }

    /// Cancel the subscription at the end of its period (`true`) or resume
    /// it (`false`). Admins only.
    pub async fn set_cancel_at_period_end(
        &self,
        store: &Store,
        principal: &Principal,
        meta: &RequestMeta,
        cancel: bool,
    ) -> Result<Subscription> {
        principal.actor().authorize(&Action::ManageBilling)?;
        let s = self.read(store, principal, meta).await?;
        let Some(sub_ref) = s.subscription_ref.filter(|_| s.provider == self.provider.name()) else {
            if self.is_local() {
                // The local provider answers what it cannot do.
                self.provider.set_cancel_at_period_end("", cancel).await.map_err(provider_error)?;
            }
            return Err(Error::Conflict(FieldError::new(
                "provider",
                "no_subscription",
                "the company has no subscription with the payment provider",
            )));
        };
        let report = self.provider.set_cancel_at_period_end(&sub_ref, cancel).await.map_err(provider_error)?;
        store.apply_provider_subscription(principal.tenant_id(), self.provider.name(), &report, self.lifecycle).await?;
        store.billing_subscription(principal.tenant_id()).await
    }

    /// Read the subscription in a transaction the read-only guard lets
    /// through (billing works in every state).
    async fn read(&self, store: &Store, principal: &Principal, meta: &RequestMeta) -> Result<Subscription> {
        let tx = store.exempt_tx(principal, meta, Exempt::Billing).await?;
        let s = guanxi_store::billing::current(&tx).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// Process one stored provider event: re-read the subscription it is
    /// about from the provider (events may arrive in any order, and their
    /// payload may be stale) and apply it if newer. An event about a
    /// subscription nobody here knows, or of a type billing ignores, is done.
    pub async fn process_event(&self, store: &Store, event: &WebhookEvent) -> Result<()> {
        if !HANDLED_EVENTS.contains(&event.event_type.as_str()) {
            return Ok(());
        }
        let Some(sub_ref) = event.object_ref.as_deref() else { return Ok(()) };
        let Some(report) = self.provider.subscription(sub_ref).await.map_err(provider_error)? else {
            tracing::warn!(event = %event.id, subscription = sub_ref, "event about a subscription the provider does not know");
            return Ok(());
        };
        let tenant = match report.tenant {
            Some(t) => Some(t),
            None => store.tenant_by_provider_ref(Some(&report.customer_ref), Some(&report.subscription_ref)).await?,
        };
        let Some(tenant) = tenant else {
            tracing::warn!(event = %event.id, subscription = sub_ref, "event about a subscription of no company");
            return Ok(());
        };
        store.apply_provider_subscription(tenant, self.provider.name(), &report, self.lifecycle).await?;
        Ok(())
    }

    /// Keep the provider's seat quantity equal to the company's active
    /// users (prorated by the provider). Nothing for companies that do not
    /// pay through the provider. Returns the seats set, if changed.
    pub async fn sync_seats(&self, store: &Store, tenant: TenantId) -> Result<Option<u32>> {
        let s = store.billing_subscription(tenant).await?;
        let Some(sub_ref) = s.subscription_ref.clone().filter(|_| s.provider == self.provider.name()) else {
            return Ok(None);
        };
        if s.state == SubscriptionState::Canceled {
            return Ok(None);
        }
        let seats = store.billing_active_seats(tenant).await?.max(1);
        if seats == s.seats {
            return Ok(None);
        }
        self.provider.set_seats(&sub_ref, seats).await.map_err(provider_error)?;
        if let Some(report) = self.provider.subscription(&sub_ref).await.map_err(provider_error)? {
            store.apply_provider_subscription(tenant, self.provider.name(), &report, self.lifecycle).await?;
        }
        Ok(Some(seats))
    }

    /// Send the company's queued usage reports to the provider. Each report
    /// carries its identifier, so one that reached the provider before a
    /// crash kept it from being marked is a no-op when sent again. Returns
    /// how many were acknowledged.
    pub async fn report_usage(&self, store: &Store, tenant: TenantId) -> Result<u32> {
        let s = store.billing_subscription(tenant).await?;
        let Some(customer) = s.customer_ref.clone().filter(|_| s.provider == self.provider.name()) else {
            return Ok(0);
        };
        let mut sent = 0;
        for p in store.pending_usage_reports(tenant).await? {
            let report = UsageReport {
                customer_ref: customer.clone(),
                metric: p.metric.clone(),
                quantity: p.quantity,
                identifier: p.identifier.clone(),
                timestamp: p.period_end,
            };
            match self.provider.report_usage(&report).await {
                Ok(()) => {
                    store.finish_usage_report(tenant, &p.identifier, None).await?;
                    sent += 1;
                }
                Err(e) => {
                    store.finish_usage_report(tenant, &p.identifier, Some(&e.to_string())).await?;
                    if matches!(e, ProviderError::Unavailable(_)) {
                        return Err(provider_error(e));
                    }
                }
            }
        }
        Ok(sent)
    }

    /// Re-read every paying company's subscription from the provider and
    /// apply what is newer (the nightly reconciliation, which repairs
    /// anything a lost webhook left behind). Returns how many changed.
    pub async fn reconcile(&self, store: &Store) -> Result<u32> {
        let mut changed = 0;
        for (tenant, sub_ref) in store.provider_subscriptions(self.provider.name()).await? {
            match self.provider.subscription(&sub_ref).await {
                Ok(Some(report)) => {
                    if store.apply_provider_subscription(tenant, self.provider.name(), &report, self.lifecycle).await? {
                        changed += 1;
                    }
                }
                Ok(None) => {
                    tracing::warn!(tenant_id = %tenant, subscription = %sub_ref, "subscription unknown to the provider")
                }
                Err(e) => tracing::warn!(tenant_id = %tenant, error = %e, "reconciling a subscription failed"),
            }
        }
        Ok(changed)
    }
}

/// The provider events billing acts on; others are stored and acknowledged.
pub const HANDLED_EVENTS: &[&str] = &[
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.trial_will_end",
    "invoice.paid",
    "invoice.payment_failed",
];
