//! Typed, layered configuration: built-in defaults, then an optional TOML file
//! (`--config FILE`, or `guanxi.toml` in the working directory if present),
//! then `GUANXI_*` environment variables (e.g. `GUANXI_DATABASE_URL`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use guanxi_automation::{DispatcherConfig, MailerConfig, RunnerConfig};
use guanxi_core::plugin_limits::PlanLimits;
use guanxi_core::subscription::{PlanCatalogue, PlansConfig};
use guanxi_store::StoreConfig;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// How log lines are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// Every setting, with its default. The README's configuration table mirrors this.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on. Default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// Directory for the SQLite file and, later, uploads and indexes. Default `./data`.
    pub data_dir: PathBuf,
    /// Database URL the server's requests use: `postgres://…` or
    /// `sqlite://…`. Default: `sqlite://<data_dir>/guanxi.db`.
    #[serde(serialize_with = "ser_secret")]
    pub database_url: Option<SecretString>,
    /// Database URL for migrations, as the owner of the schema. Default: `database_url`.
    #[serde(serialize_with = "ser_secret")]
    pub migrate_database_url: Option<SecretString>,
    /// Public base URL used in links sent by mail. Default `http://<listen>`.
    pub public_url: Option<String>,
    /// Log format: `text` or `json`.
    pub log_format: LogFormat,
    /// Log filter, in `tracing` env-filter syntax. Default `info`.
    pub log_level: String,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Serve GraphiQL when a browser opens `/graphql`.
    pub graphiql: bool,
    /// Serve the web app from this directory (what `npm run build` writes)
    /// instead of the one built into the binary. Default: unset.
    pub web_dir: Option<PathBuf>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Largest accepted `multipart/form-data` request (file uploads: imports,
    /// photos, plugins), in bytes. Default 32 MiB.
    pub max_upload_bytes: usize,
    /// Largest customer photo accepted (JPEG, PNG or WebP), in bytes.
    pub max_photo_bytes: usize,
    /// Maximum pooled database connections (PostgreSQL).
    pub db_max_connections: u32,
    /// Session lifetime, in hours.
    pub session_ttl_hours: u64,
    /// Seconds a verified session or API key is trusted without reading it
    /// again (PostgreSQL; 0 turns the cache off). Revocation, deactivation
    /// and role or group changes end the trust at once in every replica.
    pub credential_cache_ttl_secs: u64,
    /// Invitation lifetime, in hours.
    pub invitation_ttl_hours: u64,
    /// Consecutive failed logins that lock an account.
    pub login_max_failures_per_account: i32,
    /// How long a locked account stays locked, in minutes.
    pub login_account_lock_minutes: u64,
    /// Failed logins from one address, within the window, that block it.
    pub login_max_failures_per_address: i32,
    /// The window for counting an address's failures, in minutes.
    pub login_address_window_minutes: u64,
    /// How long a blocked address stays blocked, in minutes.
    pub login_address_lock_minutes: u64,
    /// Companies one client address may sign up within the window; further
    /// sign-ups answer `RATE_LIMITED` until it ends. `0` allows any number.
    pub signup_max_per_address: i32,
    /// The window for counting an address's sign-ups, in minutes.
    pub signup_address_window_minutes: u64,
    /// How long a stopping server (SIGTERM, Ctrl-C) waits for requests and
    /// jobs in flight before it exits anyway, in seconds. Default 20.
    pub shutdown_grace_seconds: u64,
    /// Background jobs this replica runs at once. `0` runs none here (the
    /// jobs wait for a replica that runs them). Default 2.
    pub jobs_concurrency: usize,
    /// Jobs of one company running at once, counted across all replicas
    /// (at least 1). Default 1: with the default two slots per replica, one
    /// company's long jobs never hold both while other companies wait.
    pub jobs_per_company: usize,
    /// How often an idle replica looks for due jobs, in milliseconds. Default 500.
    pub jobs_poll_ms: u64,
    /// Delay before retrying a job after an internal error, in milliseconds;
    /// it doubles with every further attempt, up to an hour. Default 10000.
    pub jobs_retry_base_ms: u64,
    /// How often an idle event subscriber looks for new domain events, in
    /// milliseconds. Default 500.
    pub events_poll_ms: u64,
    /// Events handed to a subscriber at once (at most). Default 100.
    pub events_batch_size: u64,
    /// Delay before retrying a subscriber's failed batch, in milliseconds;
    /// it doubles with every further attempt, up to an hour. Default 10000.
    pub events_retry_base_ms: u64,
    /// Attempts at one batch before the subscriber gives up on that company
    /// (a dead cursor, see `guanxi events`). Default 10.
    pub events_max_attempts: i32,
    /// Days domain events are kept; older ones are deleted once every live
    /// subscriber has passed them. Default 30.
    pub events_retention_days: u64,
    /// How often old events are pruned, in minutes. Default 60.
    pub events_prune_minutes: u64,
    /// SMTP relay that delivers the mail outbox: `smtp://host:port`,
    /// `smtp://user:password@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:password@host:465`. A secret, like the database URLs.
    /// Unset (the default): mail stays in the outbox for admins to read.
    #[serde(serialize_with = "ser_secret")]
    pub smtp_url: Option<SecretString>,
    /// The sender of every mail, e.g. `关系 CRM <noreply@example.com>`.
    pub mail_from: String,
    /// Delivery attempts per mail before it is marked dead. Default 8.
    pub mail_max_attempts: i32,
    /// Delay before retrying a failed delivery, in milliseconds; it doubles
    /// with every further attempt, up to an hour. Default 30000.
    pub mail_retry_base_ms: u64,
    /// How often an idle replica looks for mail to send, in milliseconds. Default 1000.
    pub mail_poll_ms: u64,
    /// How long one SMTP exchange may take, in seconds. Default 30.
    pub mail_timeout_secs: u64,
    /// How long a password-reset link works, in minutes. Default 60.
    pub password_reset_ttl_minutes: u64,
    /// How long an address-verification link works, in hours. Default 168.
    pub email_verification_ttl_hours: u64,
    /// Password-reset and verification mails one account may ask for per window. Default 3.
    pub account_mail_max_per_account: i32,
    /// Password-reset and verification mails one client address may ask for per window. Default 20.
    pub account_mail_max_per_address: i32,
    /// The window for counting those requests, in minutes. Default 60.
    pub account_mail_window_minutes: u64,
    /// The search engine: `tantivy` (the default: embedded, its index under
    /// `<data_dir>/search`), `meilisearch` (a server at `meili_url`) or
    /// `none` (no engine: list searches use the database's `LIKE`, the
    /// `search` query answers `UNAVAILABLE`).
    pub search_engine: SearchEngineKind,
    /// Meilisearch's URL, e.g. `http://127.0.0.1:7700` (`GUANXI_MEILI_URL`).
    pub meili_url: Option<String>,
    /// Meilisearch's API key (`GUANXI_MEILI_KEY`). A secret.
    #[serde(serialize_with = "ser_secret")]
    pub meili_key: Option<SecretString>,
    /// Plugin limits per subscription plan: `[plugin_plans.<plan>."<hook>"]`
    /// tables whose keys (`fuel`, `deadline_ms`, `memory_bytes`, …) replace
    /// the host's defaults for that hook. Empty by default: every plan runs
    /// on the defaults.
    pub plugin_plans: PlanLimits,
    /// Subscription plans: `[plans.<plan>]` with `rank` (upgrade order),
    /// `[plans.<plan>.prices.cny]`/`.usd` (`month`, `year`: per seat, in
    /// 分/cents) and `[plans.<plan>.entitlements]` (`seats`, `customers`,
    /// `custom_fields`, `plugins`, `plugin_fuel_per_month`, `storage_bytes`,
    /// `api_requests_per_minute`: a number or `"unlimited"`). Laid over the
    /// built-in `free`, `team` and `business` (see docs/operations.md); a
    /// key left out keeps the built-in value.
    pub plans: PlansConfig,
    /// Whether plan entitlements are enforced. Default true; turning it
    /// off is for the benchmark that measures the checks' cost, never for
    /// service.
    pub enforce_entitlements: bool,
    /// The payment provider: `local` (the default: the operator sets plans
    /// with `guanxi tenant set-plan`, nothing is charged) or `stripe`.
    pub billing_provider: BillingProviderKind,
    /// Days a company keeps writing after a failed payment (or the end of an
    /// unpaid trial) before it becomes read-only. Default 7.
    pub billing_grace_days: u64,
    /// Days a canceled company's data stays readable and exportable before
    /// the operator may delete it (billing itself never deletes). Shown by
    /// `guanxi tenant list --state canceled`. Default 365.
    pub billing_retention_days: u64,
    /// How often the billing worker sweeps the lifecycle and sends usage,
    /// in seconds. Default 60.
    pub billing_sweep_seconds: u64,
    /// How often every paying company is reconciled with the provider, in
    /// hours. Default 24.
    pub billing_reconcile_hours: u64,
    /// Stripe's secret API key (`sk_…`, `GUANXI_STRIPE_SECRET_KEY`). A secret.
    #[serde(serialize_with = "ser_secret")]
    pub stripe_secret_key: Option<SecretString>,
    /// The signing secret of the `POST /webhooks/stripe` endpoint (`whsec_…`,
    /// `GUANXI_STRIPE_WEBHOOK_SECRET`). A secret.
    #[serde(serialize_with = "ser_secret")]
    pub stripe_webhook_secret: Option<SecretString>,
    /// Stripe's API base URL. Default `https://api.stripe.com/`.
    pub stripe_api_base: Option<String>,
    /// How far a webhook's signed timestamp may be from now, in seconds. Default 300.
    pub stripe_webhook_tolerance_seconds: u64,
    /// Stripe price ids by plan, interval and currency:
    /// `[stripe_prices]` with keys like `"team:month:cny" = "price_…"`.
    pub stripe_prices: std::collections::BTreeMap<String, String>,
    /// The Stripe meter event name plugin fuel is reported under. Default `plugin_fuel`.
    pub stripe_fuel_meter: String,
    /// Let webhook endpoints resolve to private, loopback, link-local,
    /// unique-local and other non-public addresses. Default false: such
    /// URLs are refused when saved and deliveries to them are not sent
    /// (the guard against server-side request forgery). Only for closed
    /// networks and tests.
    pub webhooks_allow_private: bool,
    /// The key webhook signing secrets are encrypted with: 64 hexadecimal
    /// digits or base64 of 32 bytes (`openssl rand -hex 32`), the same on
    /// every replica (`GUANXI_WEBHOOKS_SECRET_KEY`). A secret. Unset: a
    /// key is made in `<data_dir>/webhooks.key` the first time one is
    /// needed, which suits one server only.
    #[serde(serialize_with = "ser_secret")]
    pub webhooks_secret_key: Option<SecretString>,
    /// How long one webhook request may take, in seconds. Default 10.
    pub webhooks_timeout_secs: u64,
    /// Delay before retrying a failed webhook delivery, in milliseconds;
    /// it doubles with every further attempt, up to six hours. Default 60000.
    pub webhooks_retry_base_ms: u64,
    /// How long after its event a webhook delivery is still retried, in
    /// hours. Default 72 (three days).
    pub webhooks_retry_hours: u64,
    /// Failed attempts in a row after which an endpoint that has also been
    /// failing for `webhooks_disable_after_hours` is disabled. Default 20.
    pub webhooks_disable_after_failures: i32,
    /// How long an endpoint must have failed without a success before it
    /// is disabled, in hours. Default 72.
    pub webhooks_disable_after_hours: u64,
    /// Webhook deliveries this replica attempts at once. Default 4.
    pub webhooks_concurrency: usize,
    /// How often an idle replica looks for webhook deliveries due, in
    /// milliseconds (new deliveries of this replica wake it at once). Default 1000.
    pub webhooks_poll_ms: u64,
    /// Workflow runs one replica advances at once. Default 4.
    pub workflows_concurrency: usize,
    /// How often an idle replica looks for workflow runs due, in
    /// milliseconds (runs started on this replica wake it at once). Default 1000.
    pub workflows_poll_ms: u64,
    /// How often a replica looks for schedule and date triggers due, in
    /// seconds. Default 30.
    pub workflows_timer_secs: u64,
    /// How long one `http` step of a workflow may take, in seconds. Default 10.
    pub workflows_timeout_secs: u64,
    /// Runs one workflow may start from events in a minute before it is
    /// stopped as a runaway. Default 10,000.
    pub workflows_runaway_per_minute: u32,
    /// Whether this replica sends the daily reminders (on the same beat as
    /// the workflow triggers). Default true.
    pub reminders: bool,
    /// The workflow engine's clock: the system's (not a setting; tests
    /// share one between restarts and move it forward).
    #[serde(skip)]
    pub clock: guanxi_automation::Clock,
}

/// Which payment provider a server uses (see [`Config::billing_provider`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BillingProviderKind {
    /// No payment provider: the operator switches plans.
    #[default]
    Local,
    /// Stripe.
    Stripe,
}

fn ser_secret<S: serde::Serializer>(v: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    v.as_ref().map(|_| "********").serialize(s)
}

impl Default for Config {
    fn default() -> Self {
        let store = StoreConfig::default();
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            migrate_database_url: None,
            public_url: None,
            log_format: LogFormat::Text,
            log_level: "info".to_owned(),
            trust_forwarded_for: false,
            graphiql: true,
            web_dir: None,
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 32 * 1024 * 1024,
            max_photo_bytes: store.max_photo_bytes,
            db_max_connections: store.max_connections,
            session_ttl_hours: store.session_ttl.as_secs() / 3600,
            credential_cache_ttl_secs: store.credential_cache_ttl.as_secs(),
            invitation_ttl_hours: store.invitation_ttl.as_secs() / 3600,
            login_max_failures_per_account: store.account_max_failures,
            login_account_lock_minutes: store.account_lock.as_secs() / 60,
            login_max_failures_per_address: store.address_max_failures,
            login_address_window_minutes: store.address_window.as_secs() / 60,
            login_address_lock_minutes: store.address_lock.as_secs() / 60,
            signup_max_per_address: store.signup_max_per_address,
            signup_address_window_minutes: store.signup_window.as_secs() / 60,
            shutdown_grace_seconds: 20,
            jobs_concurrency: 2,
            jobs_per_company: 1,
            jobs_poll_ms: 500,
            jobs_retry_base_ms: 10_000,
            events_poll_ms: 500,
            events_batch_size: 100,
            events_retry_base_ms: 10_000,
            events_max_attempts: 10,
            events_retention_days: 30,
            events_prune_minutes: 60,
            smtp_url: None,
            mail_from: "关系 CRM <noreply@localhost>".to_owned(),
            mail_max_attempts: 8,
            mail_retry_base_ms: 30_000,
            mail_poll_ms: 1000,
            mail_timeout_secs: 30,
            password_reset_ttl_minutes: store.password_reset_ttl.as_secs() / 60,
            email_verification_ttl_hours: store.email_verification_ttl.as_secs() / 3600,
            account_mail_max_per_account: store.account_mail_max_per_account,
            account_mail_max_per_address: store.account_mail_max_per_address,
            account_mail_window_minutes: store.account_mail_window.as_secs() / 60,
            plugin_plans: PlanLimits::new(),
            plans: PlansConfig::new(),
            enforce_entitlements: true,
            search_engine: SearchEngineKind::Tantivy,
            meili_url: None,
            meili_key: None,
            billing_provider: BillingProviderKind::Local,
            billing_grace_days: 7,
            billing_retention_days: 365,
            billing_sweep_seconds: 60,
            billing_reconcile_hours: 24,
            stripe_secret_key: None,
            stripe_webhook_secret: None,
            stripe_api_base: None,
            stripe_webhook_tolerance_seconds: 300,
            stripe_prices: std::collections::BTreeMap::new(),
            stripe_fuel_meter: "plugin_fuel".to_owned(),
            webhooks_allow_private: false,
            webhooks_secret_key: None,
            webhooks_timeout_secs: 10,
            webhooks_retry_base_ms: 60_000,
            webhooks_retry_hours: 72,
            webhooks_disable_after_failures: 20,
            webhooks_disable_after_hours: 72,
            webhooks_concurrency: 4,
            webhooks_poll_ms: 1000,
            workflows_concurrency: 4,
            workflows_poll_ms: 1000,
            workflows_timer_secs: 30,
            workflows_timeout_secs: 10,
            workflows_runaway_per_minute: 10_000,
            reminders: true,
            clock: guanxi_automation::Clock::system(),
        }
    }
}

/// Which search engine a server uses (see [`Config::search_engine`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchEngineKind {
    /// Embedded Tantivy, index under the data directory.
    Tantivy,
    /// A Meilisearch server.
    Meilisearch,
    /// No engine.
    None,
}

impl Config {
    /// Load defaults → file → environment.
    pub fn load(file: Option<&Path>) -> Result<Config, Box<figment::Error>> {
        let mut f = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => f = f.merge(Toml::file_exact(path)),
            None if Path::new("guanxi.toml").exists() => f = f.merge(Toml::file("guanxi.toml")),
            None => {}
        }
        // `GUANXI_CONFIG` names the file; `GUANXI_TEST_*` belong to the test
        // suites and `GUANXI_WEB_BUILD` to the build. Keys keep their
        // original case here, hence the lower-casing.
        let env = Env::prefixed("GUANXI_").filter(|k| {
            let k = k.as_str().to_ascii_lowercase();
            k != "config" && k != "web_build" && !k.starts_with("test_")
        });
        f.merge(env).extract().map_err(Box::new)
    }

    /// The database URL the server runs with.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.expose_secret().to_owned(),
            None => format!("sqlite://{}", self.data_dir.join("guanxi.db").display()),
        }
    }

    /// The database URL migrations run with.
    pub fn migrate_database_url(&self) -> String {
        match &self.migrate_database_url {
            Some(u) => u.expose_secret().to_owned(),
            None => self.database_url(),
        }
    }

    /// The public base URL.
    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }

    /// The store settings this configuration implies.
    pub fn store_config(&self) -> StoreConfig {
        let mins = |m: u64| Duration::from_secs(m * 60);
        StoreConfig {
            session_ttl: Duration::from_secs(self.session_ttl_hours * 3600),
            invitation_ttl: Duration::from_secs(self.invitation_ttl_hours * 3600),
            account_max_failures: self.login_max_failures_per_account,
            account_lock: mins(self.login_account_lock_minutes),
            address_max_failures: self.login_max_failures_per_address,
            address_window: mins(self.login_address_window_minutes),
            address_lock: mins(self.login_address_lock_minutes),
            signup_max_per_address: self.signup_max_per_address,
            signup_window: mins(self.signup_address_window_minutes),
            public_url: self.public_url(),
            max_connections: self.db_max_connections,
            data_dir: self.data_dir.clone(),
            max_photo_bytes: self.max_photo_bytes,
            plugin_plans: self.plugin_plans.clone(),
            plans: std::sync::Arc::new(PlanCatalogue::with_defaults(&self.plans)),
            enforce_entitlements: self.enforce_entitlements,
            mail_delivery: self.smtp_url.is_some(),
            password_reset_ttl: mins(self.password_reset_ttl_minutes),
            email_verification_ttl: Duration::from_secs(self.email_verification_ttl_hours * 3600),
            account_mail_max_per_account: self.account_mail_max_per_account,
            account_mail_max_per_address: self.account_mail_max_per_address,
            account_mail_window: mins(self.account_mail_window_minutes),
            credential_cache_ttl: Duration::from_secs(self.credential_cache_ttl_secs),
            webhooks: guanxi_store::webhooks::WebhookSettings {
                allow_private: self.webhooks_allow_private,
                // An invalid key stops start-up (`build` checks it first).
                key: self.webhook_key().unwrap_or_else(|_| self.webhook_key_file()),
            },
            workflow_runaway_per_minute: self.workflows_runaway_per_minute.max(1),
        }
    }

    /// Where the webhook key comes from: `webhooks_secret_key`, or the key
    /// file in the data directory. An invalid key is an error.
    pub fn webhook_key(&self) -> Result<guanxi_store::webhooks::WebhookKeySource, String> {
        match &self.webhooks_secret_key {
            Some(k) => guanxi_store::webhooks::WebhookKeySource::parse(k.expose_secret())
                .map_err(|e| format!("webhooks_secret_key: {e}")),
            None => Ok(self.webhook_key_file()),
        }
    }

    fn webhook_key_file(&self) -> guanxi_store::webhooks::WebhookKeySource {
        guanxi_store::webhooks::WebhookKeySource::File(self.data_dir.join("webhooks.key"))
    }

    /// The webhook delivery worker's settings, its loops named `worker_id`
    /// in the delivery queue.
    pub fn workflow_worker_config(&self, worker_id: &str) -> guanxi_automation::WorkflowWorkerConfig {
        guanxi_automation::WorkflowWorkerConfig {
            // A zero interval would spin on an empty queue.
            poll_interval: Duration::from_millis(self.workflows_poll_ms.max(10)),
            timer_interval: Duration::from_secs(self.workflows_timer_secs.max(1)),
            reminders: self.reminders,
            timeout: Duration::from_secs(self.workflows_timeout_secs.clamp(1, 60)),
            concurrency: self.workflows_concurrency.clamp(1, 64),
            lease: Duration::from_secs(300),
            worker_id: format!("{worker_id}-workflows"),
        }
    }

    /// The settings of the webhook delivery worker.
    pub fn webhook_worker_config(&self, worker_id: &str) -> guanxi_automation::WebhookWorkerConfig {
        let hours = |h: u64| Duration::from_secs(h.saturating_mul(3600));
        guanxi_automation::WebhookWorkerConfig {
            policy: guanxi_core::webhooks::RetryPolicy {
                base: Duration::from_millis(self.webhooks_retry_base_ms.max(1)),
                window: hours(self.webhooks_retry_hours),
                disable_after_failures: self.webhooks_disable_after_failures.max(1),
                disable_after: hours(self.webhooks_disable_after_hours),
                ..guanxi_core::webhooks::RetryPolicy::default()
            },
            // A zero interval would spin on an empty queue.
            poll_interval: Duration::from_millis(self.webhooks_poll_ms.max(10)),
            timeout: Duration::from_secs(self.webhooks_timeout_secs.clamp(1, 60)),
            concurrency: self.webhooks_concurrency.clamp(1, 64),
            worker_id: worker_id.to_owned(),
        }
    }

    /// The subscription lifecycle settings.
    pub fn billing_lifecycle(&self) -> guanxi_store::billing::Lifecycle {
        let days = i64::try_from(self.billing_grace_days).unwrap_or(3650).min(3650);
        guanxi_store::billing::Lifecycle { grace: chrono::Duration::days(days) }
    }

    /// The billing worker's settings: webhook events are looked for and
    /// retried like jobs (`jobs_poll_ms`, `jobs_retry_base_ms`).
    pub fn billing_worker_config(&self) -> guanxi_automation::BillingWorkerConfig {
        guanxi_automation::BillingWorkerConfig {
            sweep_interval: Duration::from_secs(self.billing_sweep_seconds.max(1)),
            reconcile_interval: Duration::from_secs(self.billing_reconcile_hours.max(1).saturating_mul(3600)),
            event_poll: Duration::from_millis(self.jobs_poll_ms.max(10)),
            event_retry_base: Duration::from_millis(self.jobs_retry_base_ms.max(1)),
            ..guanxi_automation::BillingWorkerConfig::default()
        }
    }

    /// The installation's billing: its provider, lifecycle and links.
    pub fn billing(&self) -> anyhow::Result<std::sync::Arc<guanxi_billing::Billing>> {
        let provider: std::sync::Arc<dyn guanxi_billing::BillingProvider> = match self.billing_provider {
            BillingProviderKind::Local => std::sync::Arc::new(guanxi_billing::LocalProvider),
            BillingProviderKind::Stripe => {
                let key = self
                    .stripe_secret_key
                    .clone()
                    .ok_or_else(|| anyhow::anyhow!("billing_provider = \"stripe\" needs stripe_secret_key"))?;
                if self.stripe_webhook_secret.is_none() {
                    anyhow::bail!("billing_provider = \"stripe\" needs stripe_webhook_secret");
                }
                let cfg = guanxi_billing::stripe::StripeConfig {
                    secret_key: key,
                    api_base: self.stripe_api_base.clone(),
                    prices: self.stripe_prices.clone(),
                    fuel_meter: self.stripe_fuel_meter.clone(),
                };
                std::sync::Arc::new(
                    guanxi_billing::stripe::StripeProvider::new(cfg).map_err(|e| anyhow::anyhow!("stripe: {e}"))?,
                )
            }
        };
        Ok(std::sync::Arc::new(guanxi_billing::Billing::new(provider, self.billing_lifecycle(), self.public_url())))
    }

    /// The mail delivery settings, when an SMTP relay is configured; the
    /// worker is named `worker_id` in the delivery queue.
    pub fn mailer_config(&self, worker_id: &str) -> Option<MailerConfig> {
        Some(MailerConfig {
            smtp_url: self.smtp_url.clone()?,
            from: self.mail_from.clone(),
            max_attempts: self.mail_max_attempts.max(1),
            retry_base: Duration::from_millis(self.mail_retry_base_ms),
            // A zero interval would spin on an empty queue.
            poll_interval: Duration::from_millis(self.mail_poll_ms.max(10)),
            timeout: Duration::from_secs(self.mail_timeout_secs.max(1)),
            worker_id: worker_id.to_owned(),
        })
    }

    /// The event dispatcher settings this configuration implies, its
    /// dispatcher named `worker_id` in the cursors' leases.
    pub fn dispatcher_config(&self, worker_id: &str) -> DispatcherConfig {
        DispatcherConfig {
            // A zero interval would spin when nothing is new.
            poll_interval: Duration::from_millis(self.events_poll_ms.max(10)),
            batch_size: self.events_batch_size.clamp(1, 10_000),
            retry_base: Duration::from_millis(self.events_retry_base_ms),
            max_attempts: self.events_max_attempts.max(1),
            retention: Duration::from_secs(self.events_retention_days.saturating_mul(24 * 3600)),
            prune_interval: Duration::from_secs(self.events_prune_minutes.max(1).saturating_mul(60)),
            shutdown_grace: Duration::from_secs(self.shutdown_grace_seconds / 2),
            worker_id: Some(worker_id.to_owned()),
            ..DispatcherConfig::default()
        }
    }

    /// The job runner settings this configuration implies.
    pub fn runner_config(&self) -> RunnerConfig {
        RunnerConfig {
            retry_base: Duration::from_millis(self.jobs_retry_base_ms),
            per_company: self.jobs_per_company.max(1),
            // A zero interval would spin on an empty queue.
            ..RunnerConfig::new(self.jobs_concurrency, Duration::from_millis(self.jobs_poll_ms.max(10)))
        }
    }
}

#[cfg(test)]
#[expect(clippy::result_large_err, reason = "figment::Jail's closure signature is fixed by figment")]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_file_then_env() {
        figment::Jail::expect_with(|jail| {
            let c = Config::load(None).map_err(|e| *e)?;
            assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
            assert!(c.database_url().starts_with("sqlite://"));
            jail.create_file("custom.toml", "listen = \"127.0.0.1:9000\"\nlog_format = \"json\"\n")?;
            let c = Config::load(Some(Path::new("custom.toml"))).map_err(|e| *e)?;
            assert_eq!(c.listen.port(), 9000);
            assert_eq!(c.log_format, LogFormat::Json);
            jail.set_env("GUANXI_LISTEN", "127.0.0.1:9100");
            jail.set_env("GUANXI_TEST_PG_URL", "postgres://ignored");
            jail.set_env("GUANXI_WEB_BUILD", "0");
            jail.set_env("GUANXI_DATABASE_URL", "postgres://u@h/db");
            let c = Config::load(Some(Path::new("custom.toml"))).map_err(|e| *e)?;
            assert_eq!(c.listen.port(), 9100);
            assert_eq!(c.database_url(), "postgres://u@h/db");
            assert_eq!(c.migrate_database_url(), "postgres://u@h/db");
            assert_eq!(c.public_url(), "http://127.0.0.1:9100");
            assert_eq!((c.jobs_concurrency, c.jobs_poll_ms), (2, 500));
            jail.set_env("GUANXI_JOBS_CONCURRENCY", "0");
            jail.set_env("GUANXI_JOBS_POLL_MS", "0");
            let c = Config::load(None).map_err(|e| *e)?;
            assert_eq!(c.jobs_concurrency, 0);
            assert_eq!(c.runner_config().poll_interval, Duration::from_millis(10));
            assert_eq!(c.dispatcher_config("w").retention, Duration::from_secs(30 * 24 * 3600));
            jail.set_env("GUANXI_EVENTS_RETENTION_DAYS", "7");
            jail.set_env("GUANXI_EVENTS_MAX_ATTEMPTS", "0");
            let c = Config::load(None).map_err(|e| *e)?;
            assert_eq!(c.dispatcher_config("w").retention, Duration::from_secs(7 * 24 * 3600));
            assert_eq!(c.dispatcher_config("w").max_attempts, 1);
            Ok(())
        });
    }

    #[test]
    fn secrets_are_not_printed() {
        let c = Config {
            database_url: Some(SecretString::from("postgres://u:pw@h/db")),
            smtp_url: Some(SecretString::from("smtps://mailer:smtp-pw@h")),
            webhooks_secret_key: Some(SecretString::from("ab".repeat(32))),
            ..Config::default()
        };
        let shown = toml_like(&c);
        assert!(!shown.contains("pw"), "{shown}");
        assert!(!shown.contains("abab") && !format!("{c:?}").contains("abab"), "{shown}");
        assert!(c.webhook_key().is_ok());
        let bad = Config { webhooks_secret_key: Some(SecretString::from("too short")), ..Config::default() };
        assert!(bad.webhook_key().is_err_and(|e| !e.contains("too short")));
        assert!(!format!("{c:?}").contains(":pw@"));
        assert!(!format!("{c:?}").contains("smtp-pw"));
    }

    fn toml_like(c: &Config) -> String {
        serde_json::to_string(c).unwrap_or_default()
    }

    #[test]
    fn unknown_keys_are_refused() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("bad.toml", "lisen = \"x\"\n")?;
            assert!(Config::load(Some(Path::new("bad.toml"))).is_err());
            Ok(())
        });
    }
}
