//! Shared support for Guanxi's end-to-end tests.
//!
//! - [`TestDb`]: a freshly migrated database per test. PostgreSQL databases are
//!   cloned from a template migrated once (`CREATE DATABASE … TEMPLATE …`);
//!   SQLite databases are files in a temporary directory.
//! - [`TestServer`]: the real server on an ephemeral loopback port, driven
//!   over HTTP with GraphQL, optionally with test job handlers.
//! - [`backend_tests!`]: runs one test body against both backends.
//!
//! PostgreSQL is reached at `GUANXI_TEST_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), as a role that may create
//! databases.

#![expect(clippy::unwrap_used, reason = "test support: a failed set-up should panic loudly")]

pub mod stripe_standin;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use guanxi_automation::{Dispatcher, Mailer, Registry, Runner, Subscriber};
use guanxi_server::Config;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use secrecy::SecretString;
use serde_json::{Value, json};
use tokio::sync::OnceCell;

/// Which database a test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL with row-level security.
    Postgres,
    /// An SQLite file.
    Sqlite,
}

/// Run each listed `async fn name(backend: Backend)` as two tests,
/// `name::postgres` and `name::sqlite`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Backend::Postgres).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Backend::Sqlite).await
                }
            }
        )*
    };
}

/// The administrative PostgreSQL URL for tests.
pub fn pg_admin_url() -> String {
    std::env::var("GUANXI_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// The URL of database `name` on the test server, with the administrative
/// URL's parameters (`?sslmode=disable` for a benchmark on loopback).
pub fn pg_url(name: &str) -> String {
    let admin = pg_admin_url();
    let (path, query) = admin.split_once('?').map_or((admin.as_str(), None), |(p, q)| (p, Some(q)));
    let base = path.rsplit_once('/').map_or(path, |(b, _)| b);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// The migrated template database, created once and reused while the
/// migrations stay the same: its name carries a digest of the migration
/// sources (computed by build.rs), so any change gets a fresh template. The
/// advisory lock keeps concurrent test processes from racing to create it.
async fn template() -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("guanxi_tpl_{}", env!("GUANXI_MIGRATION_DIGEST"));
            let admin = Database::connect(pg_admin_url()).await.expect("PostgreSQL is not reachable: run tests/run");
            admin.execute_unprepared("SELECT pg_advisory_lock(7160736)").await.unwrap();
            let exists = admin
                .query_one(sea_orm::Statement::from_string(
                    admin.get_database_backend(),
                    format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
                ))
                .await
                .unwrap()
                .is_some();
            if !exists {
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
                guanxi_store::Store::migrate(&pg_url(&name)).await.expect("migrating the template");
            }
            admin.execute_unprepared("SELECT pg_advisory_unlock(7160736)").await.unwrap();
            admin.close().await.unwrap();
            name
        })
        .await
}

/// A freshly migrated database, dropped when the value is.
pub struct TestDb {
    /// Which backend.
    pub backend: Backend,
    /// Connection URL (superuser on PostgreSQL: the server then runs its
    /// requests as `guanxi_app`).
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    /// Create one.
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Postgres => {
                let tpl = template().await;
                let name = format!(
                    "guanxi_t_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    &uuid::Uuid::new_v4().simple().to_string()[..8]
                );
                let admin = Database::connect(pg_admin_url()).await.unwrap();
                admin.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {tpl}")).await.unwrap();
                admin.close().await.unwrap();
                TestDb { backend, url: pg_url(&name), pg_name: Some(name), _dir: None }
            }
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}", dir.path().join("guanxi.db").display());
                guanxi_store::Store::migrate(&url).await.unwrap();
                TestDb { backend, url, pg_name: None, _dir: Some(dir) }
            }
        }
    }

    /// A direct connection as the owner/superuser, for raw-SQL assertions.
    /// Its pool never reaps idle connections, like the server's (sqlx's
    /// reaper can spin forever at shutdown: launchbadge/sqlx#3645).
    pub async fn connect_owner(&self) -> DatabaseConnection {
        use guanxi_store::no_reaper;
        use sea_orm::sqlx::postgres::PgPoolOptions;
        use sea_orm::sqlx::sqlite::SqlitePoolOptions;
        if self.url.starts_with("sqlite:") {
            let pool = no_reaper(SqlitePoolOptions::new()).connect(&self.url).await.unwrap();
            sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
        } else {
            let pool = no_reaper(PgPoolOptions::new()).connect(&self.url).await.unwrap();
            sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool)
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Drop runs outside any async context, so use a small runtime of
            // its own on a helper thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async {
                    if let Ok(admin) = Database::connect(pg_admin_url()).await {
                        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// A GraphQL response.
#[derive(Debug, Clone)]
pub struct Gql {
    /// The whole body.
    pub body: Value,
}

impl Gql {
    /// `data`, asserting there were no errors.
    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert!(self.body.get("errors").is_none(), "unexpected errors: {:#}", self.body);
        &self.body["data"]
    }

    /// The first error's `extensions.code`, asserting there is one.
    #[track_caller]
    pub fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("expected an error, got {:#}", self.body))
    }

    /// The first error.
    pub fn error(&self) -> &Value {
        &self.body["errors"][0]
    }

    /// The `field` values of the first error's `extensions.fields`.
    pub fn fields(&self) -> Vec<String> {
        self.error()["extensions"]["fields"]
            .as_array()
            .map(|a| a.iter().filter_map(|f| f["field"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }
}

/// A running server and its database.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The database behind it.
    pub db: TestDb,
    /// An HTTP client.
    pub http: reqwest::Client,
    /// The server's own store handle.
    pub store: guanxi_store::Store,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    jobs: Runner,
    mail: Option<Mailer>,
    /// The configuration it runs with (its `listen` is the current port).
    pub cfg: Config,
    events: Option<Dispatcher>,
    serving: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    handlers: Registry,
    subscribers: Vec<Arc<dyn Subscriber>>,
    billing_worker: Option<guanxi_automation::BillingWorker>,
    webhooks: Option<guanxi_automation::WebhookWorker>,
    workflows: Option<guanxi_automation::WorkflowWorker>,
}

impl TestServer {
    /// Start a server with default settings on a fresh database.
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, |_| {}).await
    }

    /// Start a server, adjusting its configuration first.
    pub async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestServer {
        Self::start_full(backend, adjust, guanxi_server::job_handlers()).await
    }

    /// Start a server whose job runner has exactly the `handlers` given
    /// (tests register their own), polling every 20 ms and retrying after
    /// 50 ms, 100 ms … so job tests run quickly.
    pub async fn start_with_jobs(backend: Backend, handlers: Registry) -> TestServer {
        Self::start_full(backend, |_| {}, handlers).await
    }

    /// Start a server with adjusted configuration and the given job handlers.
    pub async fn start_full(backend: Backend, adjust: impl FnOnce(&mut Config), handlers: Registry) -> TestServer {
        Self::start_all(backend, adjust, handlers, guanxi_server::event_subscribers()).await
    }

    /// Start a server whose event dispatcher delivers to exactly the
    /// `subscribers` given, polling every 20 ms and retrying after 50 ms,
    /// 100 ms …, with adjusted configuration.
    pub async fn start_with_subscribers(
        backend: Backend,
        adjust: impl FnOnce(&mut Config),
        subscribers: Vec<Arc<dyn Subscriber>>,
    ) -> TestServer {
        Self::start_all(backend, adjust, guanxi_server::job_handlers(), subscribers).await
    }

    async fn start_all(
        backend: Backend,
        adjust: impl FnOnce(&mut Config),
        handlers: Registry,
        subscribers: Vec<Arc<dyn Subscriber>>,
    ) -> TestServer {
        let db = TestDb::new(backend).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut cfg = Config {
            listen: addr,
            database_url: Some(SecretString::from(db.url.clone())),
            db_max_connections: 4,
            log_level: "warn".to_owned(),
            jobs_poll_ms: 20,
            jobs_retry_base_ms: 50,
            events_poll_ms: 20,
            events_retry_base_ms: 50,
            // Tests sign up many companies from one address; the sign-up
            // throttle's own tests set their limit.
            signup_max_per_address: 0,
            // Tests that search choose an engine and a data directory of
            // their own (an embedded index is one per directory).
            search_engine: guanxi_server::config::SearchEngineKind::None,
            plans: unlimited_free_plan(),
            // A fixed key, so no test writes a key file into the working
            // directory; webhook tests choose their own other settings.
            webhooks_secret_key: Some(SecretString::from("6b".repeat(32))),
            workflows_poll_ms: 20,
            // Reminder tests run the passes themselves, at the times they choose.
            reminders: false,
            ..Config::default()
        };
        adjust(&mut cfg);
        let app = build(&cfg, &handlers, &subscribers).await;
        let store = app.store.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let serving = tokio::spawn(guanxi_server::serve(listener, app.router, async move {
            let _ = rx.await;
        }));
        TestServer {
            base: format!("http://{addr}"),
            db,
            http: reqwest::Client::new(),
            store,
            shutdown: Some(tx),
            jobs: app.jobs,
            mail: app.mail,
            cfg,
            events: Some(app.events),
            serving: Some(serving),
            handlers,
            subscribers,
            billing_worker: app.billing,
            webhooks: app.webhooks,
            workflows: app.workflows,
        }
    }

    /// The workflow engine's clock, kept across restarts: move it forward
    /// with `advance` to make delays and retry backoffs pass, then
    /// [`TestServer::tick_workflows`].
    pub fn clock(&self) -> &guanxi_automation::Clock {
        &self.cfg.clock
    }

    /// Fire the workflow triggers due by the clock and wake the workflow
    /// worker, as its loops would on their own after their intervals.
    pub async fn tick_workflows(&self) {
        self.store.fire_workflow_timers(self.clock().now(), 1000).await.unwrap();
        if let Some(w) = &self.workflows {
            w.waker().notify_waiters();
        }
    }

    /// Stop the server (its HTTP listener, event dispatcher, job runner and
    /// mail worker, each finishing its work in flight) and start it again
    /// on the same database, with the same settings, handlers and
    /// subscribers, on a new port (`base` changes). Sessions stay valid:
    /// they live in the database.
    pub async fn restart(&mut self) {
        if let Some(events) = self.events.take() {
            events.shutdown().await;
        }
        self.jobs.stop();
        if let Some(mail) = self.mail.take() {
            mail.shutdown().await;
        }
        if let Some(b) = self.billing_worker.take() {
            b.shutdown().await;
        }
        if let Some(w) = self.webhooks.take() {
            w.shutdown().await;
        }
        if let Some(w) = self.workflows.take() {
            w.shutdown().await;
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(serving) = self.serving.take() {
            let _ = serving.await;
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        self.cfg.listen = addr;
        let app = build(&self.cfg, &self.handlers, &self.subscribers).await;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        self.serving = Some(tokio::spawn(guanxi_server::serve(listener, app.router, async move {
            let _ = rx.await;
        })));
        std::mem::replace(&mut self.jobs, app.jobs).join().await;
        self.base = format!("http://{addr}");
        self.store = app.store;
        self.shutdown = Some(tx);
        self.mail = app.mail;
        self.events = Some(app.events);
        self.billing_worker = app.billing;
        self.webhooks = app.webhooks;
        self.workflows = app.workflows;
    }

    /// POST a GraphQL request with an optional bearer token.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Gql {
        gql_at(&self.http, &self.base, token, query, variables).await
    }

    /// POST a GraphQL request with files, by the GraphQL multipart request
    /// spec. Each file is `(variable path, file name, bytes)`, e.g.
    /// `("variables.file", "客户.xlsx", bytes)`; its variable must be `null`
    /// in `variables`.
    pub async fn gql_upload(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
        files: Vec<(&str, &str, Vec<u8>)>,
    ) -> Gql {
        let map: serde_json::Map<String, Value> =
            files.iter().enumerate().map(|(i, (path, _, _))| (i.to_string(), json!([path]))).collect();
        let mut form = reqwest::multipart::Form::new()
            .text("operations", json!({ "query": query, "variables": variables }).to_string())
            .text("map", Value::Object(map).to_string());
        for (i, (_, name, bytes)) in files.into_iter().enumerate() {
            form = form.part(i.to_string(), reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
        }
        let mut req = self.http.post(format!("{}/graphql", self.base)).multipart(form);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        Gql { body: resp.json().await.unwrap() }
    }

    /// An API key `admin` creates, named `name`, of `scope` (`READ` or
    /// `READ_WRITE`): its secret and its id.
    pub async fn api_key(&self, admin: &Session, name: &str, scope: &str) -> (String, String) {
        let r = self
            .gql(
                Some(&admin.token),
                "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }",
                json!({ "i": { "name": name, "scope": scope } }),
            )
            .await;
        let created = &r.ok()["createApiKey"];
        (created["secret"].as_str().unwrap().to_owned(), created["apiKey"]["id"].as_str().unwrap().to_owned())
    }

    /// Sign up a company with an admin `admin@<slug>.cn`; returns the admin's token.
    pub async fn sign_up(&self, slug: &str) -> Session {
        self.sign_up_in(slug, "Asia/Shanghai").await
    }

    /// [`TestServer::sign_up`] for a company in the time zone `tz`.
    pub async fn sign_up_in(&self, slug: &str, tz: &str) -> Session {
        let r = self
            .gql(
                None,
                "mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } tenant { id timeZone } } }",
                json!({ "i": {
                    "companyName": format!("{slug} 有限公司"),
                    "slug": slug,
                    "adminEmail": format!("admin@{slug}.cn"),
                    "adminName": "王总",
                    "password": PASSWORD,
                    "timeZone": tz,
                }}),
            )
            .await;
        assert_eq!(r.ok()["signUp"]["tenant"]["timeZone"], tz);
        Session::from_payload(&r.ok()["signUp"])
    }

    /// Log in; returns the session or the failed response.
    pub async fn login(&self, slug: &str, email: &str, password: &str) -> Result<Session, Gql> {
        let r = self
            .gql(
                None,
                "mutation($i: LoginInput!) { login(input: $i) { token user { id } tenant { id } } }",
                json!({ "i": { "slug": slug, "email": email, "password": password } }),
            )
            .await;
        if r.body.get("errors").is_some() { Err(r) } else { Ok(Session::from_payload(&r.body["data"]["login"])) }
    }

    /// Invite `email` as `role` (GraphQL enum name) into `group`, read the
    /// invitation token from the outbox and accept it.
    pub async fn invite_and_accept(&self, admin: &Session, email: &str, role: &str, group: Option<&str>) -> Session {
        let r = self
            .gql(
                Some(&admin.token),
                "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id status } }",
                json!({ "i": { "email": email, "role": role, "groupId": group } }),
            )
            .await;
        assert_eq!(r.ok()["inviteUser"]["status"], "PENDING");
        let token = self.invitation_token(admin, email).await;
        let r = self.accept(&token, "新同事", PASSWORD).await;
        Session::from_payload(&r.ok()["acceptInvitation"])
    }

    /// The newest invitation token mailed to `email`, from the outbox.
    pub async fn invitation_token(&self, admin: &Session, email: &str) -> String {
        let r = self.gql(Some(&admin.token), "{ mailOutbox(limit: 200) { to kind body } }", json!({})).await;
        let mails = r.ok()["mailOutbox"].as_array().unwrap().clone();
        let mail = mails
            .iter()
            .find(|m| m["to"] == email && m["kind"] == "invitation")
            .unwrap_or_else(|| panic!("no invitation mail to {email}"));
        let body = mail["body"].as_str().unwrap();
        let start = body.find("gxi_").unwrap();
        body[start..].split(|c: char| c.is_whitespace()).next().unwrap().to_owned()
    }

    /// Accept an invitation.
    pub async fn accept(&self, token: &str, name: &str, password: &str) -> Gql {
        self.gql(
            None,
            "mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { token user { id role } tenant { id } } }",
            json!({ "i": { "token": token, "displayName": name, "password": password } }),
        )
        .await
    }

    /// Create a group as `admin`; returns its id.
    pub async fn create_group(&self, admin: &Session, name: &str) -> String {
        let r = self
            .gql(Some(&admin.token), "mutation($n: String!) { createGroup(name: $n) { id } }", json!({ "n": name }))
            .await;
        r.ok()["createGroup"]["id"].as_str().unwrap().to_owned()
    }

    /// Create a customer named `name` as `who` (owned by them); its id.
    pub async fn create_customer(&self, who: &Session, name: &str) -> String {
        self.create_customer_with(who, json!({ "name": name })).await
    }

    /// Create a customer from a whole `CreateCustomerInput` as `who`; its id.
    pub async fn create_customer_with(&self, who: &Session, input: Value) -> String {
        let r = self
            .gql(
                Some(&who.token),
                "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
                json!({ "i": input }),
            )
            .await;
        r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned()
    }

    /// The domain events of `who`'s company after sequence number `after`,
    /// oldest first, read through the store under the company's scope.
    pub async fn events(&self, who: &Session, after: i64) -> Vec<guanxi_store::events::StoredEvent> {
        let p = self.store.authenticate(&who.token).await.unwrap();
        let tx = self.store.tenant_tx(&p, guanxi_store::Access::Read, &Default::default()).await.unwrap();
        let all = guanxi_store::events::read_after(&tx, after, 1_000_000).await.unwrap();
        tx.commit().await.unwrap();
        all
    }
}

async fn build(cfg: &Config, handlers: &Registry, subscribers: &[Arc<dyn Subscriber>]) -> guanxi_server::App {
    guanxi_server::build_full(cfg.clone(), handlers.clone(), subscribers.to_vec()).await.unwrap()
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.jobs.stop();
        if let Some(b) = &self.billing_worker {
            b.stop();
        }
        if let Some(w) = &self.webhooks {
            w.stop();
        }
        if let Some(w) = &self.workflows {
            w.stop();
        }
        if let Some(mail) = &self.mail {
            mail.stop();
        }
        if let Some(events) = &self.events {
            events.stop();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// POST a GraphQL request to the server at `base` with an optional bearer token.
pub async fn gql_at(http: &reqwest::Client, base: &str, token: Option<&str>, query: &str, variables: Value) -> Gql {
    let mut req = http.post(format!("{base}/graphql")).json(&json!({ "query": query, "variables": variables }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    Gql { body: resp.json().await.unwrap() }
}

/// The built server binary: `GUANXI_BIN`, else `guanxi` beside the test
/// binary's profile directory (`target/debug/guanxi`). Build it first with
/// `cargo build --bin guanxi` (`tests/run` does); a test that needs it
/// panics with that advice when it is missing.
pub fn server_binary() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("GUANXI_BIN") {
        return std::path::PathBuf::from(p);
    }
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/<test binary>
    let bin = exe.ancestors().nth(2).unwrap().join("guanxi");
    assert!(bin.is_file(), "{} is missing: run `cargo build --bin guanxi` first (tests/run does)", bin.display());
    bin
}

/// The real server binary running as a child process on a database of the
/// test's, configured by a TOML file: killed (SIGKILL) when dropped or
/// when the test crashes it with [`ServerProcess::kill`].
pub struct ServerProcess {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    config: std::path::PathBuf,
    child: Option<tokio::process::Child>,
}

impl ServerProcess {
    /// Start `guanxi serve` with `toml` (which must not set `listen`) on a
    /// free loopback port, and wait until it answers `/healthz`.
    pub async fn start(dir: &std::path::Path, toml: &str) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = dir.join("guanxi.toml");
        std::fs::write(&config, format!("listen = \"127.0.0.1:{port}\"\n{toml}")).unwrap();
        let mut p = ServerProcess { base: format!("http://127.0.0.1:{port}"), config, child: None };
        p.spawn().await;
        p
    }

    async fn spawn(&mut self) {
        let mut cmd = tokio::process::Command::new(server_binary());
        cmd.arg("--config").arg(&self.config).arg("serve").kill_on_drop(true);
        cmd.current_dir(self.config.parent().unwrap());
        // The test's own settings (GUANXI_TEST_PG_URL …) are not the server's.
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("GUANXI_") {
                cmd.env_remove(k);
            }
        }
        let mut child = cmd.spawn().unwrap();
        let http = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the server exited at start: {status}");
            }
            if http.get(format!("{}/healthz", self.base)).send().await.is_ok_and(|r| r.status().is_success()) {
                self.child = Some(child);
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the server did not answer /healthz within a minute");
    }

    /// Kill it at once (SIGKILL: no shutdown, nothing finished or flushed).
    pub async fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().await.unwrap();
        }
    }

    /// Start it again with the same configuration, on the same port.
    pub async fn restart(&mut self) {
        self.kill().await;
        self.spawn().await;
    }
}

/// A company with two groups: a supervisor of group 1, a salesperson in each
/// group and a maintenance user. Most permission tests start from it.
pub struct Company {
    /// Its server.
    pub s: TestServer,
    /// The admin who signed up.
    pub admin: Session,
    /// Group 1 (一组).
    pub g1: String,
    /// Group 2 (二组).
    pub g2: String,
    /// Supervisor of group 1.
    pub sup: Session,
    /// Salesperson in group 1.
    pub sp1: Session,
    /// Salesperson in group 2.
    pub sp2: Session,
    /// A maintenance user.
    pub maint: Session,
}

/// Start a server and build a [`Company`] (slug `acme`) on it.
pub async fn company(b: Backend) -> Company {
    company_on(b, |_| {}).await
}

/// [`company`] on a server whose configuration is adjusted first.
pub async fn company_on(b: Backend, adjust: impl FnOnce(&mut Config)) -> Company {
    let s = TestServer::start_with(b, adjust).await;
    let admin = s.sign_up("acme").await;
    let g1 = s.create_group(&admin, "一组").await;
    let g2 = s.create_group(&admin, "二组").await;
    let sup = s.invite_and_accept(&admin, "sup@acme.cn", "SUPERVISOR", Some(&g1)).await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { supervisors { id } } }",
            json!({ "g": g1, "u": sup.user_id }),
        )
        .await;
    assert_eq!(r.ok()["addGroupSupervisor"]["supervisors"][0]["id"], sup.user_id.as_str());
    let sp1 = s.invite_and_accept(&admin, "sp1@acme.cn", "SALESPERSON", Some(&g1)).await;
    let sp2 = s.invite_and_accept(&admin, "sp2@acme.cn", "SALESPERSON", Some(&g2)).await;
    let maint = s.invite_and_accept(&admin, "ops@acme.cn", "MAINTENANCE", None).await;
    Company { s, admin, g1, g2, sup, sp1, sp2, maint }
}

/// A free plan without limits. Most tests make more users, customers and
/// requests than the real free plan allows; the entitlement tests
/// configure the plans they test (`cfg.plans`).
pub fn unlimited_free_plan() -> guanxi_core::subscription::PlansConfig {
    serde_json::from_value(json!({ "free": { "entitlements": {
        "seats": "unlimited", "customers": "unlimited", "custom_fields": "unlimited", "plugins": "unlimited",
        "plugin_fuel_per_month": "unlimited", "storage_bytes": "unlimited", "api_requests_per_minute": "unlimited",
    } } }))
    .unwrap_or_default()
}

/// The password every test account uses.
pub const PASSWORD: &str = "correct horse battery";

/// A logged-in user.
#[derive(Clone, Debug)]
pub struct Session {
    /// Bearer token.
    pub token: String,
    /// User id.
    pub user_id: String,
    /// Tenant id.
    pub tenant_id: String,
}

impl Session {
    fn from_payload(p: &Value) -> Session {
        Session {
            token: p["token"].as_str().unwrap_or_else(|| panic!("no token in {p}")).to_owned(),
            user_id: p["user"]["id"].as_str().unwrap().to_owned(),
            tenant_id: p["tenant"]["id"].as_str().unwrap().to_owned(),
        }
    }
}

/// The repository root.
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A built example plugin, e.g. `chinese_mobile.wasm`: the examples are
/// built from source by `plugins/build-examples.sh` once per source hash,
/// beside the test binary's target directory.
pub fn example_plugin(file: &str) -> Vec<u8> {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        // target/<profile>/deps/<test binary>
        let out = exe.ancestors().nth(3).unwrap().join("plugin-examples");
        let status =
            std::process::Command::new(repo_root().join("plugins/build-examples.sh")).arg(&out).status().unwrap();
        assert!(status.success(), "plugins/build-examples.sh failed");
        out
    });
    std::fs::read(dir.join(file)).unwrap()
}

/// The manifest of an example plugin, e.g. `chinese-mobile`.
pub fn example_manifest(example: &str) -> Value {
    let path = repo_root().join("plugins/examples").join(example).join("manifest.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A real SMTP server on loopback (`tests/smtp_sink.py`, aiosmtpd) that
/// keeps every message it accepts; stopped when dropped.
pub struct SmtpSink {
    /// Its port on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
    child: tokio::process::Child,
}

impl SmtpSink {
    /// Start one that accepts every message.
    pub async fn start() -> SmtpSink {
        Self::spawn(false, None).await
    }

    /// Start one that refuses every message with a temporary failure (451).
    pub async fn refusing() -> SmtpSink {
        Self::spawn(true, None).await
    }

    /// Start one that accepts every message, on `port` (where an earlier
    /// sink, now stopped, listened).
    pub async fn start_on(port: u16) -> SmtpSink {
        Self::spawn(false, Some(port)).await
    }

    /// Stop it and wait until its port is free.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }

    async fn spawn(refuse: bool, port: Option<u16>) -> SmtpSink {
        // A free port is bound, read and released for the sink to take;
        // another test may take it first, so a sink that could not listen
        // there tries another (a port asked for is not changed).
        for _ in 0..4 {
            let chosen = port
                .unwrap_or_else(|| std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port());
            match Self::spawn_on(refuse, chosen).await {
                Ok(sink) => return sink,
                Err(e) if port.is_none() => eprintln!("the SMTP sink did not start on port {chosen}: {e}"),
                Err(e) => panic!("{e}"),
            }
        }
        panic!("tests/smtp_sink.py did not start on any of four free ports");
    }

    async fn spawn_on(refuse: bool, port: u16) -> Result<SmtpSink, String> {
        use tokio::io::AsyncBufReadExt as _;
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = tokio::process::Command::new("python3");
        cmd.arg(repo_root().join("tests/smtp_sink.py"))
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true);
        if refuse {
            cmd.arg("--refuse");
        }
        let mut child = cmd.spawn().expect("python3 runs tests/smtp_sink.py (tests/run installs aiosmtpd)");
        let stdout = child.stdout.take().unwrap();
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let first = tokio::time::timeout(std::time::Duration::from_secs(30), lines.next_line()).await;
        if !matches!(&first, Ok(Ok(Some(l))) if l == "ready") {
            return Err(format!(
                "tests/smtp_sink.py did not start (is aiosmtpd installed? tests/run installs it): {first:?}"
            ));
        }
        Ok(SmtpSink { port, dir, child })
    }

    /// `smtp://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far, oldest first, as the sink parsed them
    /// (`rcpt_tos`, `from`, `to`, `subject`, `body`, `header_names` …).
    pub fn messages(&self) -> Vec<Value> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
    }

    /// Wait (at most 20 s) until a message to `to` arrives and return it;
    /// panics with what did arrive otherwise.
    pub async fn wait_for(&self, to: &str) -> Value {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let got = self.messages();
            if let Some(m) = got.iter().find(|m| m["rcpt_tos"].as_array().is_some_and(|r| r.iter().any(|a| a == to))) {
                return m.clone();
            }
            assert!(tokio::time::Instant::now() < deadline, "no mail to {to} arrived; received: {got:#?}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// Poll `probe` every 50 ms until it returns `Ok`, for at most `secs`
/// seconds; panics with the last `Err` it returned otherwise.
pub async fn eventually<T, F, Fut>(secs: u64, what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        match probe().await {
            Ok(v) => return v,
            Err(last) => {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "{what} did not happen within {secs} s; last seen: {last}"
                );
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
