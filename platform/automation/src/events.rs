//! The event dispatcher: delivers the outbox of domain events to named
//! subscribers, each at its own pace.
//!
//! Every subscriber has a task of its own on every replica. The task leases
//! one company's cursor at a time (`guanxi_store::events`: one dispatcher
//! per subscriber and company across replicas), hands the subscriber the
//! company's next events in `seq` order, and moves the cursor on when the
//! subscriber returns `Ok`. A failure is retried with a delay that doubles
//! per attempt; after [`DispatcherConfig::max_attempts`] the cursor is dead
//! for that company (others continue) until an operator retries or skips
//! it with `guanxi events`. A slow or failing subscriber therefore delays
//! only itself, and a failing company only that subscriber's view of it.
//!
//! A further task prunes events older than the retention period that every
//! live subscriber has passed.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use guanxi_core::{Error, TenantId};
use guanxi_store::Store;
use guanxi_store::events::{ClaimedEvents, EventFailure, StoredEvent, is_valid_subscriber};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tracing::Instrument as _;

use crate::runner::{default_worker_id, raised, retry_delay};

/// A consumer of domain events: the search indexer, workflows, outbound
/// webhooks, billing meters.
///
/// Delivery is **at least once**, in each company's `seq` order: a batch
/// whose handling was interrupted (a crash, a lost lease, a failure after
/// part of the work) is delivered again, and so may be any batch after a
/// restart. Handlers must therefore be idempotent: remember the last `seq`
/// applied per company, or make each event's effect an upsert. Companies
/// are independent: no order holds between two companies' events.
///
/// ```ignore
/// struct Indexer { index: SearchIndex }
///
/// #[async_trait::async_trait]
/// impl Subscriber for Indexer {
///     fn name(&self) -> &str {
///         "search.indexer"
///     }
///     async fn handle(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<(), Error> {
///         for e in events {
///             self.index.apply(tenant, e).await?; // an upsert keyed by the entity
///         }
///         Ok(())
///     }
/// }
/// ```
#[async_trait::async_trait]
pub trait Subscriber: Send + Sync + 'static {
    /// The subscriber's name, which keys its cursors: lowercase letters,
    /// digits, `.`, `_`, `-`, at most 64 characters. Renaming a subscriber
    /// starts it over from the oldest stored event.
    fn name(&self) -> &str;

    /// Handle a batch of one company's events (in `seq` order, never
    /// empty). `Ok` moves the subscriber past the whole batch; an error
    /// retries it (the first event alone, so a cursor that gives up stops
    /// at the event that fails).
    async fn handle(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<(), Error>;

    /// Housekeeping of the subscriber's own that no event announces, run
    /// by its task after every batch and whenever no company has events
    /// for it, on every replica: it must be cheap when there is nothing to
    /// do (or decide itself how often to look), and harmless when two
    /// replicas do it at once. The search indexer removes the documents of
    /// removed companies here. An error is logged; the next turn tries again.
    async fn idle(&self) -> Result<(), Error> {
        Ok(())
    }
}

/// How a dispatcher behaves.
#[derive(Clone, Debug)]
pub struct DispatcherConfig {
    /// How long a subscriber's task waits before looking again when no
    /// company has events for it.
    pub poll_interval: Duration,
    /// Events handed to a subscriber at once (at most).
    pub batch_size: u64,
    /// Delay before the first retry of a failed batch; it doubles with every
    /// further attempt, up to an hour.
    pub retry_base: Duration,
    /// Attempts at one batch before the cursor is dead for that company.
    pub max_attempts: i32,
    /// Events are kept at least this long; older ones are deleted once
    /// every live subscriber has passed them.
    pub retention: Duration,
    /// How often pruning runs.
    pub prune_interval: Duration,
    /// Whether this dispatcher prunes at all. A dispatcher of only some of
    /// the installation's subscribers (`guanxi reindex` runs the indexer
    /// alone) must not: to it, every other subscriber would look retired.
    pub prune: bool,
    /// How long a leased cursor stays leased without news; renewed every
    /// third of this while a subscriber works, so it only runs out when a
    /// process dies or stalls, and then another replica takes over.
    pub lease: Duration,
    /// At shutdown, how long a subscriber may take to finish its batch
    /// before it is stopped and the cursor handed back.
    pub shutdown_grace: Duration,
    /// This dispatcher's name in the cursors' `locked_by`; by default the
    /// host name, process id and a random suffix.
    pub worker_id: Option<String>,
}

impl Default for DispatcherConfig {
    fn default() -> Self {
        DispatcherConfig {
            poll_interval: Duration::from_millis(500),
            batch_size: 100,
            retry_base: Duration::from_secs(10),
            max_attempts: 10,
            retention: Duration::from_secs(30 * 24 * 3600),
            prune_interval: Duration::from_secs(3600),
            prune: true,
            lease: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(10),
            worker_id: None,
        }
    }
}

/// A running dispatcher. Stop it with [`Dispatcher::shutdown`] (or by
/// resolving the `shutdown` future given to [`Dispatcher::spawn`]).
/// Dropping the handle does not stop it.
pub struct Dispatcher {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    names: Vec<String>,
}

impl Dispatcher {
    /// Start delivering to `subscribers` on `store`, and pruning. Stops
    /// when `shutdown` resolves or [`Dispatcher::stop`] is called: each
    /// subscriber finishes its batch within
    /// [`DispatcherConfig::shutdown_grace`] or is stopped and its cursor
    /// handed back.
    ///
    /// A subscriber whose name is invalid or taken by an earlier one is
    /// left out (and logged): two tasks sharing one cursor would not be two
    /// subscribers.
    pub fn spawn(
        store: Store,
        subscribers: Vec<Arc<dyn Subscriber>>,
        config: DispatcherConfig,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Dispatcher {
        let worker_id = config.worker_id.clone().unwrap_or_else(default_worker_id);
        let mut names: Vec<String> = Vec::new();
        let mut kept = Vec::new();
        for s in subscribers {
            let name = s.name().to_owned();
            if !is_valid_subscriber(&name) || names.contains(&name) {
                tracing::error!(subscriber = %name, "invalid or duplicate subscriber name: it gets no events");
                continue;
            }
            names.push(name);
            kept.push(s);
        }
        let (stop, stop_rx) = watch::channel(false);
        let on_shutdown = stop.clone();
        tokio::spawn(async move {
            shutdown.await;
            on_shutdown.send_replace(true);
        });
        let span = tracing::info_span!("events", worker_id = %worker_id);
        let task = tokio::spawn(run(store, kept, names.clone(), config, worker_id, stop_rx).instrument(span));
        Dispatcher { stop, task, names }
    }

    /// The names of the subscribers it delivers to.
    pub fn subscribers(&self) -> &[String] {
        &self.names
    }

    /// Ask the dispatcher to stop (it finishes as [`Dispatcher::spawn`] describes).
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// Wait until it has stopped.
    pub async fn join(self) {
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the event dispatcher crashed");
        }
    }

    /// [`Dispatcher::stop`], then [`Dispatcher::join`].
    pub async fn shutdown(self) {
        self.stop();
        self.join().await;
    }
}

async fn run(
    store: Store,
    subscribers: Vec<Arc<dyn Subscriber>>,
    names: Vec<String>,
    config: DispatcherConfig,
    worker_id: String,
    mut stop: watch::Receiver<bool>,
) {
    tracing::info!(subscribers = ?names, "event dispatcher started");
    let mut tasks = JoinSet::new();
    for s in subscribers {
        let span = tracing::info_span!("subscriber", name = s.name());
        tasks.spawn(deliver_loop(store.clone(), s, config.clone(), worker_id.clone(), stop.clone()).instrument(span));
    }
    if config.prune {
        tasks.spawn(prune_loop(store, names, config, stop.clone()));
    }
    raised(&mut stop).await;
    while let Some(r) = tasks.join_next().await {
        if let Err(e) = r {
            tracing::error!(error = %e, "an event dispatcher task crashed");
        }
    }
    tracing::info!("event dispatcher stopped");
}

/// One subscriber's loop: claim a company's batch, deliver, record.
async fn deliver_loop(
    store: Store,
    subscriber: Arc<dyn Subscriber>,
    config: DispatcherConfig,
    worker_id: String,
    mut stop: watch::Receiver<bool>,
) {
    let name = subscriber.name().to_owned();
    while !*stop.borrow() {
        // Not raced against `stop`: a claim cut short after taking its
        // lease would leave the cursor stranded until the lease ran out.
        match store.claim_events(&name, &worker_id, config.lease, config.batch_size).await {
            Ok(Some(claim)) => {
                deliver(&store, &subscriber, claim, &config, &mut stop).await;
                housekeeping(subscriber.as_ref()).await;
                continue;
            }
            Ok(None) => housekeeping(subscriber.as_ref()).await,
            Err(e) => tracing::warn!(error = ?e, "claiming events failed"),
        }
        tokio::select! {
            () = raised(&mut stop) => break,
            () = tokio::time::sleep(config.poll_interval) => {}
        }
    }
}

/// The subscriber's [`Subscriber::idle`], its failure logged.
async fn housekeeping(subscriber: &dyn Subscriber) {
    if let Err(e) = subscriber.idle().await {
        tracing::warn!(error = ?e, "the subscriber's housekeeping failed");
    }
}

/// Hand one claimed batch to the subscriber and record the outcome.
async fn deliver(
    store: &Store,
    subscriber: &Arc<dyn Subscriber>,
    claim: ClaimedEvents,
    config: &DispatcherConfig,
    stop: &mut watch::Receiver<bool>,
) {
    let tenant = claim.tenant_id();
    let span = tracing::info_span!(
        "batch",
        tenant_id = %tenant,
        from = claim.events().first().map_or(0, |e| e.seq),
        to = claim.events().last().map_or(0, |e| e.seq),
        attempt = claim.attempt(),
    );
    let handler = subscriber.clone();
    let events = claim.events().to_vec();
    // A task of its own, so a panic is caught and counts as a failure.
    let mut task = tokio::spawn(async move { handler.handle(tenant, &events).await }.instrument(span.clone()));
    let heartbeat = (config.lease / 3).max(Duration::from_millis(100));
    let mut stopping: Option<tokio::time::Instant> = None;
    let outcome = loop {
        let grace_left = async {
            match stopping {
                Some(deadline) => tokio::time::sleep_until(deadline).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = &mut task => break match r {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(describe(&e)),
                Err(e) if e.is_panic() => Err("the subscriber panicked".to_owned()),
                Err(e) => Err(e.to_string()),
            },
            () = tokio::time::sleep(heartbeat) => match store.renew_events_lease(&claim).await {
                Ok(true) => {}
                Ok(false) => tracing::warn!(parent: &span, "lost the lease on a cursor: another replica delivers it again"),
                Err(e) => tracing::warn!(parent: &span, error = ?e, "renewing a cursor's lease failed"),
            },
            () = raised(stop), if stopping.is_none() => {
                stopping = Some(tokio::time::Instant::now() + config.shutdown_grace);
            }
            () = grace_left => {
                task.abort();
                let _ = task.await;
                match store.release_events(&claim).await {
                    Ok(()) => tracing::info!(parent: &span, "batch stopped at shutdown; the cursor is handed back"),
                    Err(e) => tracing::warn!(parent: &span, error = ?e, "handing a cursor back failed; its lease will run out"),
                }
                return;
            }
        }
    };
    let recorded = match outcome {
        Ok(()) => store.ack_events(&claim).await,
        Err(error) => {
            let attempt = claim.attempt();
            let failure = if attempt >= config.max_attempts {
                tracing::error!(parent: &span, %error, "subscriber failed on its last attempt: the cursor is dead");
                EventFailure::Dead { error }
            } else {
                tracing::warn!(parent: &span, %error, "subscriber failed; retrying later");
                EventFailure::RetryAfter { error, delay: retry_delay(config.retry_base, attempt) }
            };
            store.fail_events(&claim, failure).await
        }
    };
    match recorded {
        Ok(true) => {}
        Ok(false) => tracing::warn!(parent: &span, "the cursor was taken over meanwhile; the outcome is discarded"),
        Err(e) => tracing::error!(parent: &span, error = ?e, "recording a delivery failed; its lease will run out"),
    }
}

/// The error as an operator should read it on a dead cursor: for internal
/// errors, whose message shown to API clients is deliberately generic, the
/// underlying cause (cursors are only shown to operators).
fn describe(e: &Error) -> String {
    match e {
        Error::Internal(cause) | Error::Unavailable(cause) => format!("{e}: {cause}"),
        _ => e.to_string(),
    }
}

async fn prune_loop(store: Store, names: Vec<String>, config: DispatcherConfig, mut stop: watch::Receiver<bool>) {
    loop {
        match store.prune_events(config.retention, &names).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "pruned old events"),
            Err(e) => tracing::warn!(error = ?e, "pruning events failed"),
        }
        tokio::select! {
            () = raised(&mut stop) => break,
            () = tokio::time::sleep(config.prune_interval.max(Duration::from_secs(1))) => {}
        }
    }
}
