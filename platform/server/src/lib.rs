//! The Guanxi server: configuration, the HTTP router and start-up. The
//! `guanxi` binary is a thin command line over this crate, and the end-to-end
//! tests start servers through it too.

// The merged GraphQL root objects nest deeply in the compiler's layout queries.
#![recursion_limit = "256"]

pub mod config;
mod cookies;
pub mod events_cli;
mod files;
pub mod http;
pub mod plugin_cli;
pub mod search;
pub mod stripe_webhook;
pub mod telemetry;
pub mod tenant_cli;
mod unsubscribe;
mod web;
mod workflow_hook;

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use guanxi_automation::{Dispatcher, Mailer, Registry, Runner, Subscriber};
use guanxi_store::Store;
use tokio::net::TcpListener;

pub use config::Config;

/// A ready application: the router, its store and its background workers.
pub struct App {
    /// The HTTP router.
    pub router: axum::Router,
    /// The store behind it.
    pub store: Store,
    /// The background job runner, already running; shut it down before
    /// closing the store.
    pub jobs: Runner,
    /// The mail delivery worker, running when an SMTP relay is configured;
    /// shut it down before closing the store.
    pub mail: Option<Mailer>,
    /// The domain event dispatcher, already running (also with no
    /// subscribers: it prunes old events); shut it down before closing the
    /// store.
    pub events: Dispatcher,
    /// The billing worker (lifecycle sweep, provider events, usage,
    /// reconciliation), already running; shut it down before closing the store.
    pub billing: Option<guanxi_automation::BillingWorker>,
    /// The webhook delivery worker, running on replicas that run jobs;
    /// shut it down before closing the store.
    pub webhooks: Option<guanxi_automation::WebhookWorker>,
    /// The workflow worker, running on replicas that run jobs; shut it
    /// down before closing the store.
    pub workflows: Option<guanxi_automation::WorkflowWorker>,
    /// The workflow engine's clock (tests move it forward).
    pub clock: guanxi_automation::Clock,
}

/// The job handlers of this build. Features that need background work
/// register their handlers here.
pub fn job_handlers() -> Registry {
    Registry::new()
        .with(guanxi_automation::CustomerImport)
        .with(guanxi_automation::CustomerRegrade)
        .with(guanxi_automation::ComputedFieldRefresh)
        .with(guanxi_automation::BulkEdit)
        .with(guanxi_automation::DuplicateScan)
        .with(guanxi_automation::BackupCreate)
        .with(guanxi_automation::BackupRestore)
        .with(guanxi_automation::WorkPlanOverdue)
}

/// The domain event subscribers of this build, each delivered every
/// company's events in order by the dispatcher (see
/// [`guanxi_automation::events`]). The search indexer is not among them:
/// it needs the configured engine, and [`build_full`] adds it when one is
/// configured, and so are the built-in seat sync, webhook and notification
/// subscribers (they need the store), workflows among them.
pub fn event_subscribers() -> Vec<Arc<dyn Subscriber>> {
    Vec::new()
}

/// Migrate the database (as the schema owner), build the application and
/// start the job runner with [`job_handlers`] and the event dispatcher with
/// [`event_subscribers`].
pub async fn build(cfg: Config) -> anyhow::Result<App> {
    build_full(cfg, job_handlers(), event_subscribers()).await
}

/// [`build`] with another set of job handlers (tests register their own).
pub async fn build_with_jobs(cfg: Config, handlers: Registry) -> anyhow::Result<App> {
    build_full(cfg, handlers, event_subscribers()).await
}

/// [`build`] with other job handlers and event subscribers (tests pass
/// their own).
pub async fn build_full(cfg: Config, handlers: Registry, subscribers: Vec<Arc<dyn Subscriber>>) -> anyhow::Result<App> {
    let billing = cfg.billing()?;
    build_with_billing(cfg, handlers, subscribers, billing).await
}

/// [`build_full`] with the billing given (tests pass one over their own provider).
pub async fn build_with_billing(
    cfg: Config,
    handlers: Registry,
    subscribers: Vec<Arc<dyn Subscriber>>,
    billing: Arc<guanxi_billing::Billing>,
) -> anyhow::Result<App> {
    let url = cfg.database_url();
    if let Some(path) = url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(dir) = Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
    }
    guanxi_core::plugin_limits::check(&cfg.plugin_plans, &guanxi_store::plugins::HOOKS)
        .map_err(|e| anyhow::anyhow!("plugin_plans: {e}"))?;
    cfg.webhook_key().map_err(|e| anyhow::anyhow!(e))?;
    Store::migrate(&cfg.migrate_database_url()).await.context("migrating the database")?;
    let store = Store::connect(&url, cfg.store_config())
        .await
        .context("connecting to the database")?
        .with_plugins(plugin_runtime()?);
    tracing::info!(role = %store.database_role().await?, "database requests run as");
    // Companies whose dashboards' summaries are not built yet (their data
    // is older than the summaries) are worked out in the background; their
    // dashboards count directly meanwhile.
    let summary = store.clone();
    tokio::spawn(async move {
        match summary.build_summaries().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(companies = n, "built the dashboards' summaries"),
            Err(e) => tracing::warn!(error = ?e, "building the dashboards' summaries failed"),
        }
    });
    let metrics = telemetry::Metrics::new().context("registering metrics")?;
    // With no concurrency this replica serves requests only; jobs wait for
    // replicas that run them.
    let handlers = if cfg.jobs_concurrency == 0 { Registry::new() } else { handlers };
    let jobs = Runner::spawn(store.clone(), handlers, cfg.runner_config(), std::future::pending());
    let mail = match cfg.mailer_config(jobs.worker_id()) {
        Some(mc) => Some(Mailer::spawn(store.clone(), mc).map_err(|e| anyhow::anyhow!(e))?),
        None => {
            tracing::info!("no smtp_url: mail stays in the outbox");
            None
        }
    };
    let engine = search::open_engine(&cfg).await?;
    // Like the job runner: a replica that runs no jobs sends no webhooks
    // (their deliveries wait for a replica that does).
    let webhooks = (cfg.jobs_concurrency > 0)
        .then(|| guanxi_automation::WebhookWorker::spawn(store.clone(), cfg.webhook_worker_config(jobs.worker_id())));
    let clock = cfg.clock.clone();
    let workflows = (cfg.jobs_concurrency > 0).then(|| {
        guanxi_automation::WorkflowWorker::spawn(
            store.clone(),
            cfg.workflow_worker_config(jobs.worker_id()),
            clock.clone(),
        )
    });
    let mut subscribers = subscribers;
    subscribers.push(Arc::new(guanxi_automation::SeatSync::new(store.clone(), billing.clone())));
    // Workflows are built in: every replica starts the runs events trigger.
    subscribers.push(Arc::new(guanxi_automation::WorkflowSubscriber::new(
        store.clone(),
        workflows.as_ref().map(guanxi_automation::WorkflowWorker::waker),
    )));
    // Webhooks are built in: every replica turns events into deliveries.
    subscribers.push(Arc::new(guanxi_automation::WebhookSubscriber::new(
        store.clone(),
        webhooks.as_ref().map(guanxi_automation::WebhookWorker::waker),
    )));
    // Notifications are built in: every replica turns events into them.
    subscribers.push(Arc::new(guanxi_automation::NotificationSubscriber::new(store.clone())));
    if let Some(e) = &engine {
        // The indexer is the search engine's: it runs wherever one is configured.
        subscribers.push(Arc::new(guanxi_automation::SearchIndexer::new(store.clone(), e.clone())));
    }
    let events =
        Dispatcher::spawn(store.clone(), subscribers, cfg.dispatcher_config(jobs.worker_id()), std::future::pending());
    let metrics = Arc::new(metrics.with_event_subscribers(events.subscribers().to_vec()));
    let web = match &cfg.web_dir {
        Some(dir) => guanxi_web::Source::Dir(dir.clone()),
        None => guanxi_web::Source::Builtin,
    };
    if !web.is_built() {
        tracing::warn!("the web app was not built: / answers a page that says how to build it");
    }
    // Like the job runner: a replica that runs no jobs leaves billing's
    // background work to those that do.
    let billing_worker = (cfg.jobs_concurrency > 0)
        .then(|| guanxi_automation::BillingWorker::spawn(store.clone(), billing.clone(), cfg.billing_worker_config()));
    let schema = guanxi_graphql::schema_with(engine, Some(billing));
    let billing_wake = billing_worker.as_ref().map(guanxi_automation::BillingWorker::waker);
    let state = http::AppState { store: store.clone(), schema, metrics, config: Arc::new(cfg), web, billing_wake };
    Ok(App {
        router: http::router(state),
        store,
        jobs,
        mail,
        events,
        billing: billing_worker,
        webhooks,
        workflows,
        clock,
    })
}

/// The process's plugin runtime: one WebAssembly engine and module cache
/// shared by every store the process opens (tests open many).
fn plugin_runtime() -> anyhow::Result<Arc<guanxi_automation::HostRuntime>> {
    static RUNTIME: std::sync::OnceLock<Arc<guanxi_automation::HostRuntime>> = std::sync::OnceLock::new();
    if let Some(r) = RUNTIME.get() {
        return Ok(r.clone());
    }
    let host = guanxi_plugin_host::PluginHost::new(guanxi_plugin_host::HostConfig::default())
        .map_err(|e| anyhow::anyhow!("starting the plugin host: {e}"))?;
    Ok(RUNTIME.get_or_init(|| Arc::new(guanxi_automation::HostRuntime::new(host))).clone())
}

/// Serve `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
