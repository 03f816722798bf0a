//! The notification subscriber: today's producers of in-app notifications,
//! fed by the domain events like the search indexer and the webhooks, so
//! they are reliable (at least once, per company in order, retried) and
//! cost the request that caused them nothing.
//!
//! What each event produces, and who is told, is the store's
//! (`Store::notify_for_events`); every notification carries a dedupe key,
//! so a batch delivered again adds nothing. Its housekeeping prunes read
//! notifications past the retention, at most once per
//! [`NotificationSubscriber::prune_every`] on each replica.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use guanxi_core::{Error, TenantId};
use guanxi_store::Store;
use guanxi_store::events::StoredEvent;
use guanxi_store::notifications::RETENTION_DAYS;

use crate::events::Subscriber;

/// The subscriber's name, which keys its cursors.
pub const NOTIFICATIONS: &str = "notifications";

/// Writes the notifications of each batch of a company's events. See the
/// module documentation.
pub struct NotificationSubscriber {
    store: Store,
    prune_every: Duration,
    last_prune: Mutex<Option<Instant>>,
}

impl NotificationSubscriber {
    /// A subscriber writing into `store`, pruning hourly.
    pub fn new(store: Store) -> NotificationSubscriber {
        NotificationSubscriber { store, prune_every: Duration::from_secs(3600), last_prune: Mutex::new(None) }
    }

    /// How often its housekeeping prunes old read notifications.
    pub fn prune_every(mut self, every: Duration) -> NotificationSubscriber {
        self.prune_every = every;
        self
    }
}

#[async_trait::async_trait]
impl Subscriber for NotificationSubscriber {
    fn name(&self) -> &str {
        NOTIFICATIONS
    }

    async fn handle(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<(), Error> {
        let written = self.store.notify_for_events(tenant, events).await?;
        if written > 0 {
            tracing::debug!(tenant_id = %tenant, written, "notifications written");
        }
        Ok(())
    }

    async fn idle(&self) -> Result<(), Error> {
        {
            let mut last = self.last_prune.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if last.is_some_and(|t| t.elapsed() < self.prune_every) {
                return Ok(());
            }
            *last = Some(Instant::now());
        }
        let before = chrono::Utc::now() - chrono::Duration::days(RETENTION_DAYS);
        let deleted = self.store.prune_notifications(before).await?;
        if deleted > 0 {
            tracing::info!(deleted, "pruned read notifications past the retention");
        }
        Ok(())
    }
}
