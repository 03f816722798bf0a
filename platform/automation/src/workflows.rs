//! Workflow automation at run time: the subscriber that starts runs from
//! domain events, and the worker that carries runs through their steps and
//! fires schedule and date triggers.
//!
//! - [`WorkflowSubscriber`] (`workflows`) is a subscriber of the domain
//!   events like the webhooks: for each batch of a company's events it
//!   starts the runs of the active workflows they trigger, in one
//!   transaction, idempotently (`guanxi_store::workflows::runs`).
//! - [`WorkflowWorker`] runs a few loops per replica that lease due runs
//!   from the database's queue and advance them
//!   ([`guanxi_store::Store::advance_workflow_run`]), and one loop that
//!   fires due schedule and date triggers. Everything a run needs to go on
//!   is in the database: the worker holds nothing a crash could lose.
//! - [`Clock`] is the worker's time: the system's, moved forward by tests
//!   (delays of days, retries after backoff) without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use guanxi_core::{Error, TenantId};
use guanxi_store::Store;
use guanxi_store::events::StoredEvent;
use guanxi_store::workflows::{Outbound, OutboundRequest, engine::OutboundFuture};
use serde_json::json;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tracing::Instrument as _;

use crate::events::Subscriber;
use crate::webhooks::post_signed;

/// The subscriber's name, which keys its cursors.
pub const WORKFLOWS: &str = "workflows";

/// The workflow engine's clock: the system clock plus an offset that only
/// moves forward (tests move it to make delays and backoffs pass).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// Now, by this clock.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Move the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// Starts workflow runs from domain events. See the module documentation.
pub struct WorkflowSubscriber {
    store: Store,
    wake: Option<Arc<Notify>>,
}

impl WorkflowSubscriber {
    /// A subscriber starting runs in `store`, waking `wake` (the worker's
    /// [`WorkflowWorker::waker`]) when it started some.
    pub fn new(store: Store, wake: Option<Arc<Notify>>) -> WorkflowSubscriber {
        WorkflowSubscriber { store, wake }
    }
}

#[async_trait::async_trait]
impl Subscriber for WorkflowSubscriber {
    fn name(&self) -> &str {
        WORKFLOWS
    }

    async fn handle(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<(), Error> {
        let started = self.store.start_workflow_runs_for_events(tenant, events).await?;
        if started > 0 {
            tracing::debug!(tenant_id = %tenant, started, "workflow runs started");
            if let Some(w) = &self.wake {
                w.notify_waiters();
            }
        }
        Ok(())
    }
}

/// How the workflow worker behaves.
#[derive(Clone, Debug)]
pub struct WorkflowWorkerConfig {
    /// How long to wait before looking again when nothing is due.
    pub poll_interval: Duration,
    /// How often due schedule and date triggers are looked for.
    pub timer_interval: Duration,
    /// Whether the same beat sends the daily reminders.
    pub reminders: bool,
    /// How long one `http` step may take.
    pub timeout: Duration,
    /// Runs this replica advances at once.
    pub concurrency: usize,
    /// How long a leased run stays this worker's without news.
    pub lease: Duration,
    /// This worker's name in the queue's `locked_by`.
    pub worker_id: String,
}

impl Default for WorkflowWorkerConfig {
    fn default() -> Self {
        WorkflowWorkerConfig {
            poll_interval: Duration::from_secs(1),
            timer_interval: Duration::from_secs(30),
            reminders: true,
            timeout: Duration::from_secs(10),
            concurrency: 4,
            lease: Duration::from_secs(300),
            worker_id: "workflows".to_owned(),
        }
    }
}

/// `http` steps go out like outbound webhooks: checked, pinned, signed.
struct HttpOut {
    store: Store,
    timeout: Duration,
}

impl Outbound for HttpOut {
    fn post(&self, req: OutboundRequest) -> OutboundFuture<'_> {
        Box::pin(async move {
            let headers = [("Idempotency-Key", req.idempotency_key.clone())];
            let a = post_signed(&self.store, &req.url, &req.body, &req.secret, &headers, self.timeout).await;
            let ms = u64::try_from(a.duration.as_millis()).unwrap_or(u64::MAX);
            if a.ok {
                Ok(json!({ "status": a.status, "ms": ms, "body": a.snippet }))
            } else {
                Err(a.error.unwrap_or_else(|| "failed".to_owned()))
            }
        })
    }
}

/// A running workflow worker; stop it with [`WorkflowWorker::shutdown`].
pub struct WorkflowWorker {
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
    wake: Arc<Notify>,
    clock: Clock,
}

impl WorkflowWorker {
    /// Start `config.concurrency` run loops (at least one) and the trigger
    /// loop on `store`, on `clock`.
    pub fn spawn(store: Store, config: WorkflowWorkerConfig, clock: Clock) -> WorkflowWorker {
        let (stop, stop_rx) = watch::channel(false);
        let wake = Arc::new(Notify::new());
        let mut tasks = JoinSet::new();
        let config = Arc::new(config);
        let out = Arc::new(HttpOut { store: store.clone(), timeout: config.timeout });
        for n in 0..config.concurrency.max(1) {
            let span = tracing::info_span!("workflows", worker_id = %config.worker_id, loop_no = n);
            let worker = format!("{}-{n}", config.worker_id);
            tasks.spawn(
                run(store.clone(), config.clone(), worker, out.clone(), clock.clone(), wake.clone(), stop_rx.clone())
                    .instrument(span),
            );
        }
        let span = tracing::info_span!("workflow_timers", worker_id = %config.worker_id);
        tasks.spawn(timers(store, config, clock.clone(), wake.clone(), stop_rx).instrument(span));
        WorkflowWorker { stop, tasks, wake, clock }
    }

    /// Wakes the worker at once (the subscriber calls it after starting runs).
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// The worker's clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Ask the worker to stop after the steps in flight.
    pub fn stop(&self) {
        self.stop.send_replace(true);
        self.wake.notify_waiters();
    }

    /// [`WorkflowWorker::stop`], then wait until it has stopped.
    pub async fn shutdown(mut self) {
        self.stop();
        while let Some(r) = self.tasks.join_next().await {
            if let Err(e) = r {
                tracing::error!(error = %e, "a workflow loop crashed");
            }
        }
    }
}

async fn run(
    store: Store,
    config: Arc<WorkflowWorkerConfig>,
    worker: String,
    out: Arc<HttpOut>,
    clock: Clock,
    wake: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) {
    while !*stop.borrow() {
        // Registered before the claim, so a wake-up between an empty claim
        // and the wait is not lost.
        let woken = wake.notified();
        match store.claim_workflow_run(&worker, config.lease, clock.now()).await {
            Ok(Some(claimed)) => {
                match store.advance_workflow_run(&claimed, clock.now(), out.as_ref()).await {
                    Ok(a) => {
                        tracing::debug!(tenant_id = %claimed.tenant_id, run_id = %claimed.id, advance = ?a, "workflow run advanced")
                    }
                    Err(e) => {
                        // The step's transaction rolled back: the run goes on
                        // at that step a little later (if even this fails, when
                        // the lease runs out).
                        tracing::warn!(error = ?e, tenant_id = %claimed.tenant_id, run_id = %claimed.id, "advancing a workflow run failed");
                        let later = clock.now() + chrono::Duration::seconds(5);
                        if let Err(e) = store.defer_workflow_run(&claimed, later).await {
                            tracing::warn!(error = ?e, run_id = %claimed.id, "deferring a workflow run failed");
                        }
                    }
                }
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = ?e, "claiming a workflow run failed"),
        }
        tokio::select! {
            r = stop.changed() => if r.is_err() { break },
            () = woken => {}
            () = tokio::time::sleep(config.poll_interval) => {}
        }
    }
}

async fn timers(
    store: Store,
    config: Arc<WorkflowWorkerConfig>,
    clock: Clock,
    wake: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
) {
    while !*stop.borrow() {
        match store.fire_workflow_timers(clock.now(), 100).await {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(runs = n, "workflow triggers fired");
                wake.notify_waiters();
            }
            Err(e) => tracing::warn!(error = ?e, "firing workflow triggers failed"),
        }
        // The daily reminders keep the same beat.
        if config.reminders
            && let Err(e) = store.fire_reminders(clock.now(), 100).await
        {
            tracing::warn!(error = ?e, "sending reminders failed");
        }
        tokio::select! {
            r = stop.changed() => if r.is_err() { break },
            () = tokio::time::sleep(config.timer_interval) => {}
        }
    }
}
