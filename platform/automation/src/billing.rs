//! Billing's background work, one worker per replica:
//!
//! - the lifecycle sweep (trial reminders, unpaid trials and grace periods
//!   running out, local cancellations at the period's end), every
//!   `sweep_interval`;
//! - the provider's webhook events, stored once by the endpoint and
//!   processed here as soon as the endpoint wakes the worker (or within
//!   `event_poll` when another replica stored them), leased, retried with a
//!   doubling delay;
//! - plugin fuel: at the start of a month each paying company's fuel of the
//!   month before is queued in the usage outbox, and the outbox is sent;
//! - the reconciliation of every paying company with the provider, every
//!   `reconcile_interval` (nightly by default).
//!
//! Every step is safe on several replicas at once: transitions are
//! conditional updates, events are leased, usage reports carry an
//! idempotent identifier. The [`SeatSync`] subscriber keeps the provider's
//! seat quantity equal to the active users.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, Utc};
use guanxi_billing::Billing;
use guanxi_core::{DomainEvent, Error, TenantId};
use guanxi_store::Store;
use guanxi_store::events::StoredEvent;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::events::Subscriber;

/// How the billing worker behaves.
#[derive(Clone, Debug)]
pub struct BillingWorkerConfig {
    /// How often the lifecycle sweep runs and the outboxes are looked at.
    pub sweep_interval: Duration,
    /// How often every paying company is reconciled with the provider.
    pub reconcile_interval: Duration,
    /// How often the worker looks for webhook events due (stored by another
    /// replica, or due for a retry); the endpoint of this replica wakes it at once.
    pub event_poll: Duration,
    /// How long one webhook event's processing may hold its lease.
    pub event_lease: Duration,
    /// The delay before the first retry of a failed webhook event; it
    /// doubles with every attempt, up to an hour.
    pub event_retry_base: Duration,
    /// Attempts at one webhook event before it is given up (kept, with its error).
    pub event_max_attempts: i32,
}

impl Default for BillingWorkerConfig {
    fn default() -> Self {
        BillingWorkerConfig {
            sweep_interval: Duration::from_secs(60),
            reconcile_interval: Duration::from_secs(24 * 3600),
            event_poll: Duration::from_millis(500),
            event_lease: Duration::from_secs(60),
            event_retry_base: Duration::from_secs(10),
            event_max_attempts: 10,
        }
    }
}

/// The running billing worker of a replica.
pub struct BillingWorker {
    stop: watch::Sender<bool>,
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl BillingWorker {
    /// Start the worker on the current Tokio runtime.
    pub fn spawn(store: Store, billing: Arc<Billing>, config: BillingWorkerConfig) -> BillingWorker {
        let (stop, stop_rx) = watch::channel(false);
        let wake = Arc::new(Notify::new());
        let span = tracing::info_span!("billing", provider = billing.provider().name());
        let task = tokio::spawn(run(store, billing, config, stop_rx, wake.clone()).instrument(span));
        BillingWorker { stop, wake, task }
    }

    /// What wakes the worker to process webhook events now: the endpoint
    /// notifies it after storing a new event.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Ask the worker to stop after the step in progress.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// Stop after the step in progress and wait for it.
    pub async fn shutdown(self) {
        self.stop();
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the billing worker crashed");
        }
    }
}

async fn run(
    store: Store,
    billing: Arc<Billing>,
    config: BillingWorkerConfig,
    mut stop: watch::Receiver<bool>,
    wake: Arc<Notify>,
) {
    let mut last_reconcile = tokio::time::Instant::now();
    let mut last_sweep: Option<tokio::time::Instant> = None;
    let mut fuel = FuelQueued::default();
    while !*stop.borrow() {
        if last_sweep.is_none_or(|t| t.elapsed() >= config.sweep_interval) {
            last_sweep = Some(tokio::time::Instant::now());
            if let Err(e) = tick(&store, &billing, &mut fuel).await {
                tracing::warn!(error = ?e, "billing step failed");
            }
        }
        if let Err(e) = process_events(&store, &billing, &config).await {
            tracing::warn!(error = ?e, "processing billing events failed");
        }
        if last_reconcile.elapsed() >= config.reconcile_interval {
            last_reconcile = tokio::time::Instant::now();
            match billing.reconcile(&store).await {
                Ok(n) => tracing::info!(changed = n, "subscriptions reconciled with the provider"),
                Err(e) => tracing::warn!(error = ?e, "reconciliation failed"),
            }
        }
        tokio::select! {
            r = stop.changed() => if r.is_err() { break },
            () = wake.notified() => {}
            () = tokio::time::sleep(config.event_poll) => {}
        }
    }
}

/// The companies whose fuel of the month that ended this worker has queued.
#[derive(Default)]
struct FuelQueued {
    month: Option<(i32, u32)>,
    tenants: HashSet<TenantId>,
}

/// One round of the periodic work: the lifecycle sweep and the usage outbox.
async fn tick(store: &Store, billing: &Billing, fuel: &mut FuelQueued) -> Result<(), Error> {
    let report = store.billing_sweep(Utc::now(), billing.lifecycle()).await?;
    if report != Default::default() {
        tracing::info!(?report, "subscription lifecycle swept");
    }
    // The month that ended last, queued once per paying company and worker
    // run, including companies that start paying later in the month (the
    // outbox keeps one row per identifier whatever the number of replicas
    // and runs).
    let now = Utc::now();
    let last = if now.month() == 1 { (now.year() - 1, 12) } else { (now.year(), now.month() - 1) };
    if fuel.month != Some(last) {
        *fuel = FuelQueued { month: Some(last), tenants: HashSet::new() };
    }
    for (tenant, _) in store.provider_subscriptions(billing.provider().name()).await? {
        if !fuel.tenants.contains(&tenant) {
            store.queue_fuel_report(tenant, last.0, last.1).await?;
            fuel.tenants.insert(tenant);
        }
        billing.report_usage(store, tenant).await?;
    }
    Ok(())
}

/// Process every webhook event that is due; returns how many were done.
pub async fn process_events(store: &Store, billing: &Billing, config: &BillingWorkerConfig) -> Result<u32, Error> {
    let mut done = 0;
    while let Some(event) = store.claim_webhook_event(config.event_lease).await? {
        match billing.process_event(store, &event).await {
            Ok(()) => {
                store.finish_webhook_event(&event, None, None).await?;
                done += 1;
            }
            Err(e) => {
                let retry = (event.attempt < config.event_max_attempts).then(|| retry_delay(config, event.attempt));
                tracing::warn!(event = %event.id, attempt = event.attempt, error = ?e, "processing a billing event failed");
                store.finish_webhook_event(&event, Some(&with_causes(&e)), retry).await?;
                // Do not spin on one failing event within this round.
                break;
            }
        }
    }
    Ok(done)
}

/// An error and its causes, for the operator reading the event's row
/// (`service unavailable: the billing provider is unavailable: …`).
fn with_causes(e: &Error) -> String {
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// The delay after failed attempt `attempt` (1, 2 …): the base, doubled per
/// attempt, at most an hour.
fn retry_delay(config: &BillingWorkerConfig, attempt: i32) -> Duration {
    let doublings = u32::try_from(attempt.saturating_sub(1).clamp(0, 20)).unwrap_or(0);
    config.event_retry_base.saturating_mul(1u32 << doublings).min(Duration::from_secs(3600))
}

/// Keeps the provider's seat quantity equal to each paying company's active
/// users: a subscriber of users joining, leaving and coming back.
pub struct SeatSync {
    store: Store,
    billing: Arc<Billing>,
}

impl SeatSync {
    /// The subscriber's name (its cursors' key).
    pub const NAME: &'static str = "billing.seats";

    /// A seat sync over `billing`'s provider.
    pub fn new(store: Store, billing: Arc<Billing>) -> SeatSync {
        SeatSync { store, billing }
    }
}

#[async_trait::async_trait]
impl Subscriber for SeatSync {
    fn name(&self) -> &str {
        Self::NAME
    }

    async fn handle(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<(), Error> {
        let seats_changed = events.iter().any(|e| {
            matches!(
                e.event,
                DomainEvent::UserJoined { .. }
                    | DomainEvent::UserDeactivated { .. }
                    | DomainEvent::UserReactivated { .. }
                    | DomainEvent::UserRoleChanged { .. }
            )
        });
        if seats_changed && let Some(seats) = self.billing.sync_seats(&self.store, tenant).await? {
            tracing::info!(tenant_id = %tenant, seats, "seat quantity updated with the provider");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_retries_double_up_to_an_hour() {
        let c = BillingWorkerConfig { event_retry_base: Duration::from_millis(50), ..BillingWorkerConfig::default() };
        let delays: Vec<_> = (1..=4).map(|a| retry_delay(&c, a)).collect();
        assert_eq!(delays, [50, 100, 200, 400].map(Duration::from_millis));
        let c = BillingWorkerConfig::default();
        assert_eq!(retry_delay(&c, 1), Duration::from_secs(10));
        assert_eq!(retry_delay(&c, 9), Duration::from_secs(2560));
        assert_eq!(retry_delay(&c, 10), Duration::from_secs(3600));
        assert_eq!(retry_delay(&c, 500), Duration::from_secs(3600));
    }
}
