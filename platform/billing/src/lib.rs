//! Guanxi billing: what a company pays for and how.
//!
//! A [`BillingProvider`] takes a company's money: the `local` provider (the
//! embedded default: the operator switches plans, nothing is charged) or
//! Stripe (Checkout, the Billing Portal, seat quantities, usage meters). What
//! a provider reports ([`guanxi_core::billing::ProviderSubscription`]) is
//! applied to the stored subscription by the store, which also enforces the
//! state; this crate never decides whether a company may write.

mod local;
mod service;
pub mod stripe;

pub use local::LocalProvider;
pub use service::{Billing, FUEL_METRIC, HANDLED_EVENTS, Overview, provider_error};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use guanxi_core::TenantId;
use guanxi_core::billing::{BillingInterval, Currency, ProviderSubscription};
use guanxi_core::subscription::PlanId;

/// A provider call that failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The provider does not offer this (the local provider has no portal).
    #[error("the {provider} billing provider cannot {what}")]
    Unsupported {
        /// The provider's name.
        provider: &'static str,
        /// What was asked.
        what: &'static str,
    },
    /// The request was refused as invalid (an unknown plan or price).
    #[error("the billing provider refused the request: {0}")]
    Rejected(String),
    /// The provider could not be reached or failed; worth retrying.
    #[error("the billing provider is unavailable: {0}")]
    Unavailable(String),
}

/// A request to subscribe or change plan through the provider's checkout.
#[derive(Clone, Debug)]
pub struct CheckoutRequest {
    /// The company.
    pub tenant: TenantId,
    /// Its name, shown on the provider's pages.
    pub company_name: String,
    /// The admin's e-mail, prefilled.
    pub email: String,
    /// The provider's customer id when the company already has one.
    pub customer_ref: Option<String>,
    /// The plan chosen.
    pub plan: PlanId,
    /// Monthly or yearly.
    pub interval: BillingInterval,
    /// The currency chosen.
    pub currency: Currency,
    /// Seats: the company's active users.
    pub seats: u32,
    /// Trial days left to carry over, if any.
    pub trial_end: Option<DateTime<Utc>>,
    /// Where the provider sends the browser after paying.
    pub success_url: String,
    /// Where it sends the browser when the admin gives up.
    pub cancel_url: String,
}

/// A checkout the browser is sent to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutSession {
    /// The provider's id of the session.
    pub id: String,
    /// The page to open.
    pub url: String,
}

/// One invoice, as the admin's billing page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
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
    /// Lowercase ISO code.
    pub currency: String,
    /// Issued.
    pub created_at: DateTime<Utc>,
    /// The provider's page for it, if any.
    pub hosted_url: Option<String>,
    /// Its PDF, if any.
    pub pdf_url: Option<String>,
}

/// A quantity of metered usage to report once: `identifier`
/// (`tenant:metric:period`) makes a repeated report a no-op at the provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageReport {
    /// The provider's customer id.
    pub customer_ref: String,
    /// The meter's event name (`plugin_fuel`).
    pub metric: String,
    /// How much.
    pub quantity: u64,
    /// Idempotency key: `tenant:metric:period`.
    pub identifier: String,
    /// When the usage happened (the period's end).
    pub timestamp: DateTime<Utc>,
}

/// Takes a company's money. Implementations: the local provider and Stripe.
#[async_trait]
pub trait BillingProvider: Send + Sync {
    /// `local` or `stripe`.
    fn name(&self) -> &'static str;

    /// Start a checkout to subscribe or change plan.
    async fn checkout(&self, req: &CheckoutRequest) -> Result<CheckoutSession, ProviderError>;

    /// A billing portal session for cards and invoices; returns its URL.
    async fn portal(&self, customer_ref: &str, return_url: &str) -> Result<String, ProviderError>;

    /// Read a subscription as the provider has it now (`None` if it does not exist).
    async fn subscription(&self, subscription_ref: &str) -> Result<Option<ProviderSubscription>, ProviderError>;

    /// Cancel at the end of the period (`true`) or resume (`false`).
    async fn set_cancel_at_period_end(
        &self,
        subscription_ref: &str,
        cancel: bool,
    ) -> Result<ProviderSubscription, ProviderError>;

    /// Set the seat quantity, prorated.
    async fn set_seats(&self, subscription_ref: &str, seats: u32) -> Result<(), ProviderError>;

    /// The customer's invoices, newest first.
    async fn invoices(&self, customer_ref: &str, limit: u32) -> Result<Vec<Invoice>, ProviderError>;

    /// Report metered usage; repeating a report with the same identifier is a no-op.
    async fn report_usage(&self, report: &UsageReport) -> Result<(), ProviderError>;
}
