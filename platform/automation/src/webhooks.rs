//! Outbound webhooks: the subscriber that turns domain events into
//! deliveries, and the worker that sends them.
//!
//! - [`WebhookSubscriber`] (`webhooks`) is a subscriber of the domain-events
//!   outbox like the search indexer: for each batch of a company's events it
//!   writes one delivery per event and subscribed endpoint, in one
//!   transaction, idempotently (`guanxi_store::webhooks`).
//! - [`WebhookWorker`] runs a few delivery loops per replica. Each leases
//!   the next due delivery from the global queue, checks the endpoint's host
//!   again (its addresses may have changed since it was saved), POSTs the
//!   signed payload to exactly the addresses it checked, with a timeout, no
//!   redirects followed and the response read only so far, and records the
//!   attempt: success, a retry with a doubling delay within the retry
//!   window, or failure; an endpoint that keeps failing is disabled.
//!
//! The signature is Stripe's scheme: `Guanxi-Signature: t=<unix seconds>,
//! v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the endpoint's secret>`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use guanxi_core::webhooks::{Host, RetryPolicy};
use guanxi_core::{Error, TenantId};
use guanxi_store::Store;
use guanxi_store::events::StoredEvent;
use guanxi_store::webhooks::{Attempt, ClaimedDelivery, check_url};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tracing::Instrument as _;

use crate::events::Subscriber;

/// The subscriber's name, which keys its cursors.
pub const WEBHOOKS: &str = "webhooks";

/// Bytes of a response body read (the rest is never read): enough for the
/// delivery log's snippet.
const RESPONSE_READ_BYTES: usize = 1024;

/// The `Guanxi-Signature` value's `v1`: the hex HMAC-SHA256 of
/// `"<timestamp>.<body>"`, keyed with the endpoint's secret (all of it,
/// `whsec_` included).
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        // HMAC accepts keys of any length; this branch cannot be taken.
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Writes deliveries for the events of subscribed types. See the module
/// documentation.
pub struct WebhookSubscriber {
    store: Store,
    wake: Option<Arc<Notify>>,
}

impl WebhookSubscriber {
    /// A subscriber writing into `store`, waking `wake` (the worker's
    /// [`WebhookWorker::waker`]) when it queued deliveries.
    pub fn new(store: Store, wake: Option<Arc<Notify>>) -> WebhookSubscriber {
        WebhookSubscriber { store, wake }
    }
}

#[async_trait::async_trait]
impl Subscriber for WebhookSubscriber {
    fn name(&self) -> &str {
        WEBHOOKS
    }

    async fn handle(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<(), Error> {
        let added = self.store.enqueue_webhook_deliveries(tenant, events).await?;
        if added > 0 {
            tracing::debug!(tenant_id = %tenant, added, "webhook deliveries queued");
            if let Some(w) = &self.wake {
                w.notify_waiters();
            }
        }
        Ok(())
    }
}

/// How the delivery worker behaves.
#[derive(Clone, Debug)]
pub struct WebhookWorkerConfig {
    /// Retries and automatic disabling.
    pub policy: RetryPolicy,
    /// How long to wait before looking again when nothing is due.
    pub poll_interval: Duration,
    /// How long one request may take, connection included.
    pub timeout: Duration,
    /// Deliveries this replica attempts at once.
    pub concurrency: usize,
    /// This worker's name in the queue's `locked_by`.
    pub worker_id: String,
}

/// A running delivery worker; stop it with [`WebhookWorker::shutdown`].
pub struct WebhookWorker {
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
    wake: Arc<Notify>,
}

impl WebhookWorker {
    /// Start `config.concurrency` delivery loops (at least one) on `store`.
    pub fn spawn(store: Store, config: WebhookWorkerConfig) -> WebhookWorker {
        let (stop, stop_rx) = watch::channel(false);
        let wake = Arc::new(Notify::new());
        let mut tasks = JoinSet::new();
        let config = Arc::new(config);
        for n in 0..config.concurrency.max(1) {
            let span = tracing::info_span!("webhooks", worker_id = %config.worker_id, loop_no = n);
            tasks.spawn(run(store.clone(), config.clone(), wake.clone(), stop_rx.clone()).instrument(span));
        }
        WebhookWorker { stop, tasks, wake }
    }

    /// Wakes the worker at once (the subscriber calls it after queueing).
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Ask the worker to stop after the deliveries in flight.
    pub fn stop(&self) {
        self.stop.send_replace(true);
        self.wake.notify_waiters();
    }

    /// [`WebhookWorker::stop`], then wait until it has stopped.
    pub async fn shutdown(mut self) {
        self.stop();
        while let Some(r) = self.tasks.join_next().await {
            if let Err(e) = r {
                tracing::error!(error = %e, "a webhook delivery loop crashed");
            }
        }
    }
}

async fn run(store: Store, config: Arc<WebhookWorkerConfig>, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
    // The lease outlasts one request by far; it only runs out when this
    // process dies mid-request, and then another replica sends again.
    let lease = config.timeout.saturating_mul(3).max(Duration::from_secs(60));
    while !*stop.borrow() {
        // Registered before the claim, so a wake-up between an empty claim
        // and the wait is not lost.
        let woken = wake.notified();
        match store.claim_webhook_delivery(&config.worker_id, lease).await {
            Ok(Some(claimed)) => {
                let attempt = attempt(&store, &claimed, config.timeout).await;
                log_attempt(&claimed, &attempt);
                if let Err(e) = store.finish_webhook_delivery(&claimed, attempt, &config.policy).await {
                    tracing::warn!(error = ?e, delivery_id = %claimed.id, "recording a webhook attempt failed");
                }
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = ?e, "claiming a webhook delivery failed"),
        }
        tokio::select! {
            r = stop.changed() => if r.is_err() { break },
            () = woken => {}
            () = tokio::time::sleep(config.poll_interval) => {}
        }
    }
}

fn log_attempt(claimed: &ClaimedDelivery, a: &Attempt) {
    if a.ok {
        tracing::info!(tenant_id = %claimed.tenant_id, delivery_id = %claimed.id, attempt = claimed.attempt, status = a.status, "webhook delivered");
    } else {
        tracing::warn!(tenant_id = %claimed.tenant_id, delivery_id = %claimed.id, attempt = claimed.attempt, status = a.status, error = a.error.as_deref().unwrap_or(""), "webhook delivery failed");
    }
}

/// One attempt: check the host, POST, read the start of the answer.
async fn attempt(store: &Store, claimed: &ClaimedDelivery, timeout: Duration) -> Attempt {
    let headers = [("Guanxi-Event-Id", claimed.event_id.clone()), ("Guanxi-Delivery-Id", claimed.id.to_string())];
    post_signed(store, &claimed.url, &claimed.body, &claimed.secret, &headers, timeout).await
}

/// POST `body` as JSON to `url`, signed with `secret` (`Guanxi-Signature`),
/// with `headers` besides: the host is checked (and pinned to the checked
/// addresses), no redirect is followed, nothing beyond `timeout` is waited
/// for and the answer is read only so far. Outbound webhooks and workflows'
/// `http` steps both go out this way.
pub(crate) async fn post_signed(
    store: &Store,
    url: &str,
    body: &str,
    secret: &str,
    headers: &[(&str, String)],
    timeout: Duration,
) -> Attempt {
    let started = Instant::now();
    let failed = |error: String| Attempt {
        ok: false,
        status: None,
        duration: started.elapsed(),
        error: Some(error),
        snippet: None,
    };
    let checked = match check_url(&store.config().webhooks, url).await {
        Ok(c) => c,
        Err(Error::Validation(fields)) => {
            let why = fields.first().map_or_else(|| "refused".to_owned(), |f| f.message.clone());
            return failed(format!("not sent: {why}"));
        }
        Err(e) => return failed(format!("not sent: {e}")),
    };
    let mut client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .no_proxy()
        .user_agent("Guanxi-Webhooks/1.0");
    if let Host::Name(name) = checked.url().host() {
        // Connect to the addresses just checked, not to a second lookup's.
        client = client.resolve_to_addrs(&name, checked.addrs());
    }
    let client = match client.build() {
        Ok(c) => c,
        Err(e) => return failed(format!("could not make the request: {e}")),
    };
    let t = chrono::Utc::now().timestamp();
    let signature = format!("t={t},v1={}", sign(secret, t, body));
    let mut request = client
        .post(checked.url().as_str())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Guanxi-Signature", signature);
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    let sent = request.body(body.to_owned()).send().await;
    let mut resp = match sent {
        Ok(r) => r,
        Err(e) if e.is_timeout() => return failed(format!("timed out after {} s", timeout.as_secs())),
        Err(e) if e.is_connect() => return failed("could not connect".to_owned()),
        Err(e) => return failed(format!("request failed: {}", without_url(&e))),
    };
    let status = resp.status();
    let mut body = Vec::new();
    // Read only as much as the log keeps; the rest is never read.
    while body.len() < RESPONSE_READ_BYTES {
        match tokio::time::timeout(timeout.saturating_sub(started.elapsed()), resp.chunk()).await {
            Ok(Ok(Some(chunk))) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body.truncate(RESPONSE_READ_BYTES);
    let snippet = String::from_utf8_lossy(&body).trim().to_owned();
    Attempt {
        ok: status.is_success(),
        status: Some(status.as_u16()),
        duration: started.elapsed(),
        error: (!status.is_success()).then(|| {
            if status.is_redirection() {
                format!("HTTP {status} (redirects are not followed)")
            } else {
                format!("HTTP {status}")
            }
        }),
        snippet: (!snippet.is_empty()).then_some(snippet),
    }
}

/// A request error's text without the URL, which may carry a token in
/// its query string and is shown beside it anyway.
fn without_url(e: &reqwest::Error) -> String {
    let mut e = e.to_string();
    if let Some(i) = e.find(" for url (") {
        e.truncate(i);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_of_timestamp_dot_body() {
        // Computed independently: python3 -c 'import hmac, hashlib;
        // print(hmac.new(b"whsec_test", b"1700000000.{}", hashlib.sha256).hexdigest())'
        assert_eq!(
            sign("whsec_test", 1_700_000_000, "{}"),
            "35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
        assert_ne!(sign("k", 1, "b"), sign("k", 2, "b"));
        assert_ne!(sign("k", 1, "b"), sign("j", 1, "b"));
    }
}
