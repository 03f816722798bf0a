//! Billing's background work, one worker per replica:
//!
//! - the lifecycle sweep (trial reminders, unpaid trials and grace periods
//!   running out, local cancellations at the period's end), every
//!   `sweep_interval`;
//! - the provider's webhook events, stored once by the endpoint and
//!   processed here (leased, retried with a growing delay);
//! - plugin fuel: at the start of a month each paying company's fuel of the
//!   month before is queued in the usage outbox, and the outbox is sent;
//! - the reconciliation of every paying company with the provider, every
//!   `reconcile_interval` (nightly by default).
//!
//! Every step is safe on several replicas at once: transitions are
//! conditional updates, events are leased, usage reports carry an
//! idempotent identifier. The [`SeatSync`] subscriber keeps the provider's
//! seat quantity equal to the active users.

use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, Utc};
use guanxi_billing::Billing;
use guanxi_core::{DomainEvent, Error, TenantId};
use guanxi_store::Store;
use guanxi_store::events::StoredEvent;
use tokio::sync::watch;
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
    /// How long one webhook event's processing may hold its lease.
    pub event_lease: Duration,
    /// Attempts at one webhook event before it is given up (kept, with its error).
    pub event_max_attempts: i32,
}

impl Default for BillingWorkerConfig {
    fn default() -> Self {
        BillingWorkerConfig {
            sweep_interval: Duration::from_secs(60),
            reconcile_interval: Duration::from_secs(24 * 3600),
            event_lease: Duration::from_secs(60),
            event_max_attempts: 10,
        }
    }
}

/// The running billing worker of a replica.
pub struct BillingWorker {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl BillingWorker {
    /// Start the worker on the current Tokio runtime.
    pub fn spawn(store: Store, billing: Arc<Billing>, config: BillingWorkerConfig) -> BillingWorker {
        let (stop, stop_rx) = watch::channel(false);
        let span = tracing::info_span!("billing", provider = billing.provider().name());
        let task = tokio::spawn(run(store, billing, config, stop_rx).instrument(span));
        BillingWorker { stop, task }
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

async fn run(store: Store, billing: Arc<Billing>, config: BillingWorkerConfig, mut stop: watch::Receiver<bool>) {
    let mut last_reconcile = tokio::time::Instant::now();
    let mut fuel_month: Option<(i32, u32)> = None;
    while !*stop.borrow() {
        if let Err(e) = tick(&store, &billing, &config, &mut fuel_month).await {
            tracing::warn!(error = ?e, "billing step failed");
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
            () = tokio::time::sleep(config.sweep_interval) => {}
        }
    }
}

/// One round: the sweep, the webhook events due, the usage outbox.
pub async fn tick(
    store: &Store,
    billing: &Billing,
    config: &BillingWorkerConfig,
    fuel_month: &mut Option<(i32, u32)>,
) -> Result<(), Error> {
    let report = store.billing_sweep(Utc::now(), billing.lifecycle()).await?;
    if report != Default::default() {
        tracing::info!(?report, "subscription lifecycle swept");
    }
    process_events(store, billing, config).await?;
    // The month that ended last: queued once per replica run (the outbox
    // keeps one row per identifier whatever the number of replicas).
    let now = Utc::now();
    let last = if now.month() == 1 { (now.year() - 1, 12) } else { (now.year(), now.month() - 1) };
    let queue = *fuel_month != Some(last);
    for (tenant, _) in store.provider_subscriptions(billing.provider().name()).await? {
        if queue {
            store.queue_fuel_report(tenant, last.0, last.1).await?;
        }
        billing.report_usage(store, tenant).await?;
    }
    *fuel_month = Some(last);
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
                let retry = (event.attempt < config.event_max_attempts).then(|| {
                    Duration::from_secs(10u64.saturating_mul(1 << event.attempt.clamp(0, 8)))
                        .min(Duration::from_secs(3600))
                });
                tracing::warn!(event = %event.id, attempt = event.attempt, error = ?e, "processing a billing event failed");
                store.finish_webhook_event(&event, Some(&e.to_string()), retry).await?;
                // Do not spin on one failing event within this round.
                break;
            }
        }
    }
    Ok(done)
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
