//! Billing's shared vocabulary: the states of a company's subscription and
//! what a payment provider reports about one. The providers themselves live
//! in `guanxi-billing`; the store keeps the state and enforces it.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::subscription::PlanId;

/// Where a company's subscription stands. Billing never deletes data: the
/// worst a state does is block writes ([`SubscriptionState::ReadOnly`],
/// [`SubscriptionState::Canceled`]) while reads, exports, backups and billing
/// itself keep working.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    /// A free trial of a paid plan, no card needed; ends at `trial_ends_at`.
    Trialing,
    /// Paid up (or on the free plan).
    Active,
    /// A payment failed; everything works until the grace period ends.
    PastDue,
    /// The grace period ended unpaid: every write but billing is refused.
    ReadOnly,
    /// The subscription ended; data stays readable and exportable for the
    /// operator's retention period.
    Canceled,
}

impl SubscriptionState {
    /// The stored and API name (`trialing`, `past_due` …).
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionState::Trialing => "trialing",
            SubscriptionState::Active => "active",
            SubscriptionState::PastDue => "past_due",
            SubscriptionState::ReadOnly => "read_only",
            SubscriptionState::Canceled => "canceled",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<SubscriptionState> {
        Some(match s {
            "trialing" => SubscriptionState::Trialing,
            "active" => SubscriptionState::Active,
            "past_due" => SubscriptionState::PastDue,
            "read_only" => SubscriptionState::ReadOnly,
            "canceled" => SubscriptionState::Canceled,
            _ => return None,
        })
    }

    /// Whether the company may change its data (billing aside).
    pub fn allows_writes(self) -> bool {
        !matches!(self, SubscriptionState::ReadOnly | SubscriptionState::Canceled)
    }
}

impl fmt::Display for SubscriptionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often a subscription is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingInterval {
    /// Every month.
    Month,
    /// Every year.
    Year,
}

/// The currencies plans are priced in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Currency {
    /// Renminbi.
    Cny,
    /// US dollars.
    Usd,
}

/// A provider's own status of a subscription, before it is mapped onto a
/// [`SubscriptionState`] (Stripe's names; the local provider uses a subset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    /// In a trial.
    Trialing,
    /// Paid.
    Active,
    /// The latest invoice failed; the provider is retrying.
    PastDue,
    /// The provider gave up retrying.
    Unpaid,
    /// Ended.
    Canceled,
    /// Created but the first payment has not succeeded yet.
    Incomplete,
    /// The first payment never succeeded.
    IncompleteExpired,
    /// Paused by the provider.
    Paused,
}

/// What a provider says about one company's subscription at one moment.
/// Applied to the stored state only when `observed_at` is newer than what
/// was last applied, so an old webhook never overwrites newer state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSubscription {
    /// The company the subscription was taken out for, as the checkout
    /// recorded it with the provider (`None` when the provider has no record).
    pub tenant: Option<crate::TenantId>,
    /// The provider's customer id (`cus_…`).
    pub customer_ref: String,
    /// The provider's subscription id (`sub_…`).
    pub subscription_ref: String,
    /// The plan the subscription's price belongs to.
    pub plan: PlanId,
    /// The provider's status.
    pub status: ProviderStatus,
    /// Seats paid for.
    pub seats: u32,
    /// End of the trial, if any.
    pub trial_end: Option<DateTime<Utc>>,
    /// End of the period paid for.
    pub current_period_end: Option<DateTime<Utc>>,
    /// Whether it ends at the end of the period.
    pub cancel_at_period_end: bool,
    /// When the provider's data was true (the event's or the read's time).
    pub observed_at: DateTime<Utc>,
}
