//! The runner: claims due jobs, runs their handlers, records how they ended.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use guanxi_core::Error;
use guanxi_store::Store;
use guanxi_store::jobs::{ClaimedJob, DEFAULT_PER_COMPANY, JobOutcome, Progress};
use tokio::sync::{Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};
use tracing::Instrument as _;

use crate::context::JobContext;
use crate::registry::Registry;

/// How a runner behaves. [`RunnerConfig::new`] sets what a deployment
/// tunes; the rest have defaults that rarely need changing.
#[derive(Clone, Debug)]
pub struct RunnerConfig {
    /// Handlers running at once on this replica (at least 1).
    pub concurrency: usize,
    /// Jobs of one company running at once, counted across every replica
    /// (at least 1; default [`DEFAULT_PER_COMPANY`], so that with the
    /// default two slots a company with a long job leaves the other slot to
    /// the rest). Companies with due jobs take turns: the one whose last job
    /// started longest ago goes first.
    pub per_company: usize,
    /// How long to wait before looking again when no job is due.
    pub poll_interval: Duration,
    /// How long a claimed job stays leased to this worker without news. The
    /// runner renews it every third of this while the handler runs, so it
    /// only runs out when the process dies or stalls; then another worker
    /// takes the job over.
    pub lease: Duration,
    /// Delay before the first retry after an internal error; it doubles with
    /// every further attempt, up to an hour.
    pub retry_base: Duration,
    /// At shutdown, how long running handlers may take to finish before they
    /// are stopped and their jobs handed back to the queue.
    pub shutdown_grace: Duration,
    /// This worker's name in the queue's `locked_by`; by default the host
    /// name, process id and a random suffix.
    pub worker_id: Option<String>,
}

impl RunnerConfig {
    /// `concurrency` handlers at once, looking for work every `poll_interval`.
    pub fn new(concurrency: usize, poll_interval: Duration) -> Self {
        RunnerConfig { concurrency, poll_interval, ..RunnerConfig::default() }
    }
}

impl Default for RunnerConfig {
    fn default() -> Self {
        RunnerConfig {
            concurrency: 2,
            per_company: DEFAULT_PER_COMPANY,
            poll_interval: Duration::from_millis(500),
            lease: Duration::from_secs(60),
            retry_base: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
            worker_id: None,
        }
    }
}

/// The delay before attempt `attempt + 1`, after attempt `attempt` failed:
/// `base`, doubling per attempt, at most an hour. Jobs and mail deliveries
/// back off alike.
pub(crate) fn retry_delay(base: Duration, attempt: i32) -> Duration {
    let doublings = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(16);
    base.saturating_mul(1 << doublings).min(Duration::from_secs(3600))
}

pub(crate) fn default_worker_id() -> String {
    let host = std::env::var("HOSTNAME").ok().filter(|h| !h.is_empty()).unwrap_or_else(|| "guanxi".to_owned());
    let host: String = host.chars().take(60).collect();
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    format!("{host}:{}:{}", std::process::id(), &suffix[..8])
}

/// A running job runner. Stop it with [`Runner::shutdown`] (or by resolving
/// the `shutdown` future given to [`Runner::spawn`]). Dropping the handle
/// does not stop it.
pub struct Runner {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    worker_id: String,
}

impl Runner {
    /// Start a runner for the kinds in `registry` on `store`. It stops
    /// claiming when `shutdown` resolves (or [`Runner::stop`] is called),
    /// lets running handlers finish for [`RunnerConfig::shutdown_grace`],
    /// then stops the rest and hands their jobs back to the queue.
    ///
    /// With an empty registry it claims nothing: jobs wait for a replica
    /// that can run them.
    pub fn spawn(
        store: Store,
        registry: Registry,
        config: RunnerConfig,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Runner {
        let worker_id = config.worker_id.clone().unwrap_or_else(default_worker_id);
        let (stop, stop_rx) = watch::channel(false);
        let on_shutdown = stop.clone();
        tokio::spawn(async move {
            shutdown.await;
            on_shutdown.send_replace(true);
        });
        let span = tracing::info_span!("jobs", worker_id = %worker_id);
        let task = tokio::spawn(run(store, Arc::new(registry), config, worker_id.clone(), stop_rx).instrument(span));
        Runner { stop, task, worker_id }
    }

    /// This worker's id, as written in the queue's `locked_by`.
    pub fn worker_id(&self) -> &str {
        &self.worker_id
    }

    /// Ask the runner to stop (it finishes as [`Runner::spawn`] describes).
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// Wait until the runner has stopped.
    pub async fn join(self) {
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the job runner crashed");
        }
    }

    /// [`Runner::stop`], then [`Runner::join`].
    pub async fn shutdown(self) {
        self.stop();
        self.join().await;
    }
}

/// Resolves once the flag is set; never, if its sender is gone without setting it.
pub(crate) async fn raised(rx: &mut watch::Receiver<bool>) {
    while !*rx.borrow_and_update() {
        if rx.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

async fn run(
    store: Store,
    registry: Arc<Registry>,
    config: RunnerConfig,
    worker_id: String,
    mut stop: watch::Receiver<bool>,
) {
    let kinds = registry.kinds();
    if kinds.is_empty() {
        tracing::info!("no job handlers registered: this replica runs no jobs");
        raised(&mut stop).await;
        return;
    }
    tracing::info!(?kinds, concurrency = config.concurrency, per_company = config.per_company, "job runner started");
    let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let (abort, abort_rx) = watch::channel(false);
    let mut running = JoinSet::new();
    loop {
        while running.try_join_next().is_some() {}
        let permit = tokio::select! {
            biased;
            () = raised(&mut stop) => break,
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        if *stop.borrow() {
            break;
        }
        // Not raced against `stop`: a claim cut short after taking its lease
        // would leave the job stranded until the lease ran out.
        match store.claim_job_fairly(&worker_id, config.lease, &kinds, config.per_company).await {
            Ok(Some(job)) => {
                let span = tracing::info_span!(
                    "job",
                    job_id = %job.id(),
                    kind = job.kind(),
                    tenant_id = %job.tenant_id(),
                    attempt = job.attempt(),
                );
                let work = run_one(store.clone(), registry.clone(), job, config.clone(), abort_rx.clone());
                running.spawn(
                    async move {
                        work.await;
                        drop(permit);
                    }
                    .instrument(span),
                );
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = ?e, "claiming a job failed"),
        }
        drop(permit);
        tokio::select! {
            () = raised(&mut stop) => break,
            () = tokio::time::sleep(config.poll_interval) => {}
        }
    }
    if !running.is_empty() {
        tracing::info!(running = running.len(), "job runner stopping: waiting for running jobs");
        let drained =
            tokio::time::timeout(config.shutdown_grace, async { while running.join_next().await.is_some() {} }).await;
        if drained.is_err() {
            abort.send_replace(true);
            while running.join_next().await.is_some() {}
        }
    }
    tracing::info!("job runner stopped");
}

/// Run one claimed job to its end and record it.
async fn run_one(
    store: Store,
    registry: Arc<Registry>,
    job: ClaimedJob,
    config: RunnerConfig,
    mut abort: watch::Receiver<bool>,
) {
    let outcome = match registry.get(job.kind()) {
        // Only registered kinds are claimed; this is a safety net.
        None => JobOutcome::Failed(Error::Internal(format!("no handler for job kind {}", job.kind()).into())),
        Some(handler) => {
            let ctx = JobContext::new(store.clone(), job.clone());
            // A task of its own, so a panic ends up in the JoinHandle.
            let mut task = tokio::spawn(async move { handler.run(ctx).await }.in_current_span());
            let heartbeat = (config.lease / 3).max(Duration::from_millis(100));
            loop {
                tokio::select! {
                    r = &mut task => break match r {
                        Ok(Ok(result)) => JobOutcome::Succeeded(result),
                        Ok(Err(e)) => JobOutcome::Failed(e),
                        Err(e) if e.is_panic() => {
                            tracing::error!(panic = panic_message(e.into_panic()), "job handler panicked");
                            JobOutcome::Panicked
                        }
                        Err(e) => JobOutcome::Failed(Error::internal(e)),
                    },
                    () = tokio::time::sleep(heartbeat) => match store.renew_job_lease(&job).await {
                        Ok(Progress::Continue) => {}
                        // The handler learns it at its next progress report.
                        Ok(Progress::Cancelled) => tracing::debug!("job cancelled or taken over"),
                        Err(e) => tracing::warn!(error = ?e, "renewing a job's lease failed"),
                    },
                    () = raised(&mut abort) => {
                        task.abort();
                        let _ = task.await;
                        match store.release_job(&job).await {
                            Ok(()) => tracing::info!("job stopped at shutdown and handed back to the queue"),
                            Err(e) => tracing::warn!(error = ?e, "handing a job back failed; its lease will run out"),
                        }
                        return;
                    }
                }
            }
        }
    };
    let delay = retry_delay(config.retry_base, job.attempt());
    match store.finish_job(&job, outcome, delay).await {
        Ok(status) => tracing::info!(%status, "job run ended"),
        Err(e) => tracing::error!(error = ?e, "recording the end of a job failed; its lease will run out"),
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(p) => p.downcast_ref::<&str>().map_or_else(|| "(no message)".to_owned(), |s| (*s).to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        let base = Duration::from_secs(10);
        assert_eq!(retry_delay(base, 1), Duration::from_secs(10));
        assert_eq!(retry_delay(base, 2), Duration::from_secs(20));
        assert_eq!(retry_delay(base, 3), Duration::from_secs(40));
        assert_eq!(retry_delay(base, 40), Duration::from_secs(3600));
        assert_eq!(retry_delay(base, 0), Duration::from_secs(10));
    }

    #[test]
    fn worker_ids_are_distinct() {
        assert_ne!(default_worker_id(), default_worker_id());
        assert!(default_worker_id().len() <= 100);
    }

    #[test]
    fn panic_messages() {
        assert_eq!(panic_message(Box::new("boom")), "boom");
        assert_eq!(panic_message(Box::new(String::from("bang"))), "bang");
        assert_eq!(panic_message(Box::new(7)), "(no message)");
    }
}
