//! Connections, migrations and the tenant-scoped transaction.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use guanxi_core::{Actor, Error, FieldError, Result, TenantId};
use guanxi_migration::{APP_ROLE, Migrator, MigratorTrait};
use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::sqlx::{self, Connection as _, Executor as _};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, RuntimeErr, SqlErr, SqlxPostgresConnector, SqlxSqliteConnector, Statement,
    TransactionTrait,
};

use crate::auth::Principal;
use crate::auth::cache::AuthCache;
use crate::entity::TenantEntity;

/// Which database is behind the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL, with row-level security.
    Postgres,
    /// An SQLite file: the embedded default.
    Sqlite,
}

/// Tunables of the store, with production defaults.
#[derive(Clone, Debug)]
pub struct StoreConfig {
    /// How long a login session lasts.
    pub session_ttl: Duration,
    /// How long an invitation can be accepted.
    pub invitation_ttl: Duration,
    /// Consecutive failed logins after which an account is locked.
    pub account_max_failures: i32,
    /// How long a locked account stays locked.
    pub account_lock: Duration,
    /// Failed logins from one address within `address_window` that lock the address.
    pub address_max_failures: i32,
    /// The window over which an address's failures are counted.
    pub address_window: Duration,
    /// How long a locked address stays locked.
    pub address_lock: Duration,
    /// Sign-ups from one address within `signup_window` beyond which further
    /// sign-ups are refused until the window ends; `0` allows any number.
    pub signup_max_per_address: i32,
    /// The window over which an address's sign-ups are counted.
    pub signup_window: Duration,
    /// Public base URL, used in links sent by mail.
    pub public_url: String,
    /// Maximum pooled connections (PostgreSQL; SQLite always uses one
    /// writer and [`sqlite_readers`] read-only connections).
    pub max_connections: u32,
    /// Where files live (customer photos under `photos/<tenant>/<customer>/`).
    pub data_dir: std::path::PathBuf,
    /// Largest customer photo accepted, in bytes.
    pub max_photo_bytes: usize,
    /// Plugin limits per subscription plan, over the host's defaults.
    pub plugin_plans: guanxi_core::plugin_limits::PlanLimits,
    /// Subscription plans and what each grants.
    pub plans: Arc<guanxi_core::subscription::PlanCatalogue>,
    /// Whether plan entitlements are enforced. Always on in service; only
    /// the benchmark that measures what the checks cost turns it off.
    pub enforce_entitlements: bool,
    /// Whether a delivery worker sends the outbox (an SMTP relay is
    /// configured). Without one, mail stays in the outbox for admins to read.
    pub mail_delivery: bool,
    /// How long a password-reset link works.
    pub password_reset_ttl: Duration,
    /// How long an address-verification link works.
    pub email_verification_ttl: Duration,
    /// Account mails (password resets, verification resends) one account
    /// may ask for within `account_mail_window`.
    pub account_mail_max_per_account: i32,
    /// Account mails one client address may ask for within `account_mail_window`.
    pub account_mail_max_per_address: i32,
    /// The window over which account mail requests are counted.
    pub account_mail_window: Duration,
    /// How long a verified session or API key is trusted without reading it
    /// again (PostgreSQL; zero turns the cache off). A revocation,
    /// deactivation or role or group change ends the trust at once, in
    /// every replica (see `auth::cache`); this bounds only how long a
    /// session's `lastSeenAt` may lag.
    pub credential_cache_ttl: Duration,
    /// Outbound webhooks: the key their signing secrets are encrypted
    /// with, and whether endpoints may be on private addresses.
    pub webhooks: crate::webhooks::WebhookSettings,
    /// Runs one workflow may start from events in a minute before the
    /// platform stops it as a runaway (deactivated, its creator told).
    pub workflow_runaway_per_minute: u32,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(30 * 24 * 3600),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            account_max_failures: 5,
            account_lock: Duration::from_secs(15 * 60),
            address_max_failures: 50,
            address_window: Duration::from_secs(15 * 60),
            address_lock: Duration::from_secs(15 * 60),
            signup_max_per_address: 10,
            signup_window: Duration::from_secs(60 * 60),
            public_url: "http://127.0.0.1:8080".to_owned(),
            max_connections: 16,
            data_dir: std::path::PathBuf::from("./data"),
            max_photo_bytes: 5 * 1024 * 1024,
            plugin_plans: guanxi_core::plugin_limits::PlanLimits::new(),
            plans: Arc::new(guanxi_core::subscription::PlanCatalogue::default()),
            enforce_entitlements: true,
            mail_delivery: false,
            password_reset_ttl: Duration::from_secs(3600),
            email_verification_ttl: Duration::from_secs(7 * 24 * 3600),
            account_mail_max_per_account: 3,
            account_mail_max_per_address: 20,
            account_mail_window: Duration::from_secs(3600),
            credential_cache_ttl: Duration::from_secs(30),
            webhooks: crate::webhooks::WebhookSettings::default(),
            workflow_runaway_per_minute: 10_000,
        }
    }
}

/// Facts about the HTTP request behind an operation, for throttling and audit.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// Request id (also in logs and error responses).
    pub request_id: Option<String>,
}

/// Handle to the database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    /// Where writes go: on PostgreSQL the pool, on SQLite the one writer
    /// connection (SQLite has a single writer; a pool of one turns lock
    /// contention into orderly queueing).
    pub(crate) db: DatabaseConnection,
    /// Where read-only transactions ([`Access::Read`], [`Access::Snapshot`])
    /// and hot reads outside a transaction go. On PostgreSQL the same pool
    /// as `db`; on an SQLite file a pool of read-only connections, which in
    /// WAL mode read beside the writer without waiting for it (and a write
    /// sent to one fails instead of racing the writer); on an in-memory
    /// SQLite database (one database per connection) the writer itself.
    pub(crate) reader: DatabaseConnection,
    /// Whether `reader` is apart from `db` (not on an in-memory SQLite
    /// database).
    reads_apart: bool,
    /// On SQLite, the writer's pool for checkpoints, and its idle
    /// checkpoints, stopped when the last clone of the store is dropped.
    sqlite_writer: Option<Arc<SqliteWriter>>,
    pub(crate) backend: Backend,
    pub(crate) cfg: Arc<StoreConfig>,
    /// The plugin runtime and its call recorder, when plugins are enabled.
    pub(crate) plugins: Option<Arc<crate::plugins::runtime::Plugins>>,
    /// Verified credentials (see `auth::cache`).
    pub(crate) auth_cache: Arc<AuthCache>,
    /// API requests per minute per company (see [`crate::entitlements`]).
    pub(crate) meter: Arc<crate::entitlements::RequestMeter>,
}

/// Whether a transaction may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Queries only. On PostgreSQL the transaction is also `READ ONLY`; on
    /// SQLite it runs on a read-only connection. A write in it fails with
    /// [`WriteInReadOnlyTransaction`] (as an internal error).
    Read,
    /// Queries and mutations.
    Write,
    /// Queries only, all of them seeing one consistent state of the
    /// database (a backup reads every table as of one instant). On
    /// PostgreSQL the transaction is `REPEATABLE READ, READ ONLY`; an SQLite
    /// transaction always reads one state (in WAL mode, the snapshot its
    /// first read takes), on a read-only connection as for `Read`.
    Snapshot,
}

/// `s` with LIKE's wildcards and escape character escaped (a backslash is
/// the escape character of the patterns it goes into).
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// `$1`-style SQL for PostgreSQL, `?1`-style for SQLite.
pub(crate) fn statement(backend: DbBackend, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Map a database error to the domain error. Unique violations of the named
/// constraints become field-level conflicts; everything else is internal.
pub(crate) fn db_err(e: DbErr) -> Error {
    /// (PostgreSQL constraint name, SQLite column list, input field).
    const UNIQUE: &[(&str, &str, &str)] = &[
        ("tenant_slugs_pkey", "tenant_slugs.slug", "slug"),
        ("ix_users_email", "users.tenant_id, users.email", "email"),
        ("ix_groups_name", "groups.tenant_id, groups.name", "name"),
        ("ix_customers_number", "customers.tenant_id, customers.number", "number"),
    ];
    if let Some(SqlErr::UniqueConstraintViolation(msg)) = e.sql_err() {
        for (pg, sqlite, field) in UNIQUE {
            if msg.contains(&format!("\"{pg}\"")) || msg.contains(sqlite) {
                return Error::Conflict(FieldError::new(*field, "taken", format!("this {field} is already taken")));
            }
        }
    }
    if matches!(e, DbErr::Conn(_) | DbErr::ConnectionAcquire(_)) {
        return Error::Unavailable(Box::new(e));
    }
    if is_write_in_read_only(&e) {
        return Error::internal(WriteInReadOnlyTransaction(e));
    }
    Error::internal(e)
}

/// A write sent in a read-only transaction ([`Access::Read`] or
/// [`Access::Snapshot`]): PostgreSQL refuses it in a `READ ONLY`
/// transaction, SQLite on its read-only connections. A mistake of the
/// caller, reported as an internal error whose source (logged, never
/// returned to clients) says so.
#[derive(Debug)]
pub struct WriteInReadOnlyTransaction(DbErr);

impl std::fmt::Display for WriteInReadOnlyTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a write was sent in a read-only transaction (begin it with Access::Write): {}", self.0)
    }
}

impl std::error::Error for WriteInReadOnlyTransaction {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Whether `e` is the database refusing a write in a read-only transaction
/// or on a read-only connection: PostgreSQL's `read_only_sql_transaction`
/// (25006), SQLite's `SQLITE_READONLY` (8).
fn is_write_in_read_only(e: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(sqlx::Error::Database(d)))
    | DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::Database(d)))) = e
    else {
        return false;
    };
    matches!(d.code().as_deref(), Some("25006" | "8"))
}

fn sqlx_err(e: sqlx::Error) -> Error {
    db_err(DbErr::Conn(RuntimeErr::SqlxError(e)))
}

/// How long a pooled PostgreSQL connection may sit idle before it is pinged
/// on its way out of the pool.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(10);

impl Store {
    /// Connect to `url` (`postgres://…` or `sqlite://…`). On PostgreSQL, if
    /// the login role could bypass row-level security (a superuser, a role
    /// with `BYPASSRLS`, or the owner of the tables), every pooled connection
    /// switches to [`APP_ROLE`] first, so requests always run under RLS.
    pub async fn connect(url: &str, cfg: StoreConfig) -> Result<Store> {
        if is_postgres(url) { Store::connect_postgres(url, cfg).await } else { Store::connect_sqlite(url, cfg).await }
    }

    async fn connect_postgres(url: &str, cfg: StoreConfig) -> Result<Store> {
        // Tenants differ in size by orders of magnitude, so a prepared
        // statement's generic plan (made for an average `tenant_id`) can
        // be badly wrong for a large one: plan every execution for its
        // actual parameters.
        let opts =
            PgConnectOptions::from_str(url).map_err(sqlx_err)?.options([("plan_cache_mode", "force_custom_plan")]);
        let needs_role = {
            let mut conn = sqlx::PgConnection::connect_with(&opts).await.map_err(sqlx_err)?;
            let (privileged,): (bool,) = sqlx::query_as(
                "SELECT r.rolsuper OR r.rolbypassrls OR EXISTS (SELECT 1 FROM pg_tables t \
                 WHERE t.schemaname = 'public' AND t.tableowner = current_user) \
                 FROM pg_roles r WHERE r.rolname = current_user",
            )
            .fetch_one(&mut conn)
            .await
            .map_err(sqlx_err)?;
            conn.close().await.map_err(sqlx_err)?;
            privileged
        };
        if needs_role {
            tracing::info!(role = APP_ROLE, "database login role can bypass RLS; requests switch to the app role");
        }
        let auth_cache = AuthCache::listening(opts.clone(), cfg.credential_cache_ttl);
        let pool = no_reaper(PgPoolOptions::new())
            .max_connections(cfg.max_connections)
            .acquire_timeout(Duration::from_secs(10))
            // A ping before every acquire is a round trip on every
            // request; a connection in steady use is known to be alive.
            // Only one idle for a while (which a restart or a network
            // timeout may have cut) is checked before it is handed out.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > IDLE_BEFORE_PING {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if needs_role {
                        conn.execute(format!("SET ROLE {APP_ROLE}").as_str()).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts)
            .await
            .map_err(sqlx_err)?;
        let db = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
        // One pool: PostgreSQL runs reads and writes side by side.
        Ok(Store {
            reader: db.clone(),
            db,
            backend: Backend::Postgres,
            reads_apart: true,
            sqlite_writer: None,
            cfg: Arc::new(cfg),
            plugins: None,
            auth_cache,
            meter: Arc::default(),
        })
    }

    /// SQLite in WAL mode: one writer connection, so writes are serialised,
    /// and a pool of read-only connections, so reads run side by side and
    /// beside the writer (a WAL reader never waits for a writer, nor a
    /// writer for readers). See docs/operations.md ("SQLite").
    async fn connect_sqlite(url: &str, cfg: StoreConfig) -> Result<Store> {
        let writer = no_reaper(SqlitePoolOptions::new())
            .max_connections(1)
            .acquire_timeout(SQLITE_ACQUIRE_TIMEOUT)
            .connect_with(sqlite_options(url)?)
            .await
            .map_err(sqlx_err)?;
        // The writer is open (and has put the file in WAL mode, with its
        // `-wal` and `-shm` files beside it) before any reader opens: a
        // read-only connection cannot change the journal mode.
        let db = SqlxSqliteConnector::from_sqlx_sqlite_pool(writer.clone());
        let in_memory = sqlite_in_memory(url);
        let reader = if in_memory {
            db.clone()
        } else {
            let readers = no_reaper(SqlitePoolOptions::new())
                .max_connections(sqlite_readers())
                .acquire_timeout(SQLITE_ACQUIRE_TIMEOUT)
                .connect_with(sqlite_reader_options(url)?)
                .await
                .map_err(sqlx_err)?;
            SqlxSqliteConnector::from_sqlx_sqlite_pool(readers)
        };
        Ok(Store {
            db,
            reader,
            backend: Backend::Sqlite,
            reads_apart: !in_memory,
            sqlite_writer: Some(Arc::new(SqliteWriter::start(writer, !in_memory))),
            cfg: Arc::new(cfg),
            plugins: None,
            auth_cache: AuthCache::disabled(),
            meter: Arc::default(),
        })
    }

    /// Apply pending migrations to the database at `url`, connecting as the
    /// owner of the schema. Replicas starting together serialise on an
    /// advisory lock (PostgreSQL).
    pub async fn migrate(url: &str) -> Result<()> {
        if is_postgres(url) {
            let opts = PgConnectOptions::from_str(url).map_err(sqlx_err)?;
            let pool = no_reaper(PgPoolOptions::new()).max_connections(1).connect_with(opts).await.map_err(sqlx_err)?;
            let db = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
            // One pooled connection, so the lock and the migration share a session.
            db.execute_unprepared("SELECT pg_advisory_lock(7160735)").await.map_err(db_err)?;
            let result = Migrator::up(&db, None).await.map_err(db_err);
            db.execute_unprepared("SELECT pg_advisory_unlock(7160735)").await.map_err(db_err)?;
            db.close().await.map_err(db_err)?;
            result
        } else {
            let pool = no_reaper(SqlitePoolOptions::new())
                .max_connections(1)
                .connect_with(sqlite_options(url)?)
                .await
                .map_err(sqlx_err)?;
            let db = SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
            Migrator::up(&db, None).await.map_err(db_err)?;
            db.close().await.map_err(db_err)
        }
    }

    /// Enable plugins: calls go to `runtime`, and a background task (on the
    /// current Tokio runtime) writes their logs and usage.
    pub fn with_plugins(mut self, runtime: Arc<dyn crate::plugins::PluginRuntime>) -> Store {
        let recorder = Store { plugins: None, ..self.clone() };
        self.plugins = Some(Arc::new(crate::plugins::runtime::Plugins::start(recorder, runtime)));
        self
    }

    /// Wait until the logs and usage of every plugin call made so far are
    /// written (they are written in the background).
    pub async fn flush_plugin_records(&self) {
        if let Some(p) = &self.plugins {
            p.flush().await;
        }
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The store's configuration.
    pub fn config(&self) -> &StoreConfig {
        &self.cfg
    }

    /// How many verified credentials are cached now (for tests and
    /// diagnostics; always 0 on SQLite).
    pub fn cached_credentials(&self) -> usize {
        self.auth_cache.len()
    }

    /// Check that the database answers (for readiness probes). On SQLite a
    /// reader answers: what a probe asks is whether requests can be
    /// served, and a long write holding the writer does not stop reads.
    pub async fn ping(&self) -> Result<()> {
        self.reader.execute_unprepared("SELECT 1").await.map(|_| ()).map_err(|e| Error::Unavailable(Box::new(e)))
    }

    /// Whether read-only transactions run on connections of their own,
    /// apart from the writer: always on PostgreSQL and on an SQLite file;
    /// not on an in-memory SQLite database. Work that reads in one
    /// transaction and writes in another meanwhile (a backup's progress)
    /// may do so only then.
    pub fn reads_beside_writes(&self) -> bool {
        self.reads_apart
    }

    /// Checkpoint an SQLite store's WAL into the database file and truncate
    /// it, as the idle checkpoint does every minute: on the writer (after a
    /// write under way), waiting for no reader. Returns the number of WAL
    /// frames left, which a reader on an older snapshot still needs; 0 when
    /// everything was copied. Always 0 on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<i64> {
        let Some(w) = &self.sqlite_writer else { return Ok(0) };
        let mut conn = w.pool.acquire().await.map_err(sqlx_err)?;
        idle_checkpoint(&mut conn).await.map_err(sqlx_err)
    }

    /// Begin a transaction scoped to the principal's tenant, acting as the
    /// principal. A write transaction is refused to a read-only API key, and
    /// to a company whose subscription is read-only (`SUBSCRIPTION_READ_ONLY`).
    pub async fn tenant_tx(&self, principal: &Principal, access: Access, meta: &RequestMeta) -> Result<TenantTx> {
        if access == Access::Write && !principal.can_write() {
            return Err(Error::Forbidden);
        }
        let mut tx = TenantTx::begin(self, principal.tenant_id(), access).await?;
        // A read-only subscription refuses every write here, where all of
        // them pass; the maintenance role only backs up and restores, which
        // a read-only company keeps. The few other writes it keeps begin
        // through `Store::exempt_tx`.
        if access == Access::Write && principal.actor().role != guanxi_core::Role::Maintenance {
            crate::billing::guard(&tx).await?;
        }
        tx.actor = Some(principal.actor().clone());
        tx.credential = Some(principal.credential().clone());
        tx.request_id = meta.request_id.clone();
        Ok(tx)
    }

    /// Begin a transaction of `tenant` that acts for no user: for event
    /// subscribers and operator commands that keep a copy of a company's
    /// records outside the database (the search indexer, `guanxi
    /// reindex`), which must read every record whoever may see it.
    ///
    /// Narrow on purpose: only [`Access::Read`] and [`Access::Snapshot`]
    /// (a write without a user would be a write nobody answers for, so
    /// `Access::Write` is refused with `FORBIDDEN`); the transaction has no
    /// actor, so every repository function that authorizes an actor refuses
    /// it, and only readers written for system use (`search_docs`) serve
    /// it; it is still bound to one tenant (the scoped builders and, on
    /// PostgreSQL, row-level security hold). Such a reader decides itself
    /// what a copy may hold (the search documents leave out custom fields
    /// any role may not read). `purpose` names the caller in the logs.
    pub async fn system_tx(&self, tenant: TenantId, access: Access, purpose: &'static str) -> Result<TenantTx> {
        if access == Access::Write {
            return Err(Error::Forbidden);
        }
        tracing::debug!(tenant_id = %tenant, purpose, "system read transaction");
        TenantTx::begin(self, tenant, access).await
    }

    /// The database role requests run as (`guanxi_app` on PostgreSQL unless
    /// the login role is already unprivileged), for start-up logs and checks.
    pub async fn database_role(&self) -> Result<String> {
        if self.backend != Backend::Postgres {
            return Ok("sqlite".to_owned());
        }
        let row = self
            .db
            .query_one(Statement::from_string(DbBackend::Postgres, "SELECT current_user::text AS role"))
            .await
            .map_err(db_err)?
            .ok_or_else(|| Error::Internal("no row".into()))?;
        row.try_get::<String>("", "role").map_err(db_err)
    }

    /// Close every pooled connection. On SQLite the readers close first, so
    /// that the writer, closing last, checkpoints the WAL and removes it.
    pub async fn close(self) -> Result<()> {
        if self.backend == Backend::Sqlite && self.reads_apart {
            self.reader.close().await.map_err(db_err)?;
        }
        self.db.close().await.map_err(db_err)
    }
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// How long a request waits for a pooled SQLite connection (the writer
/// behind other writes, or a reader when all are busy).
const SQLITE_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long an SQLite connection waits for a lock another connection holds
/// (another process's writer, such as an operator command beside the
/// server, or a checkpoint) before failing with "database is locked".
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest `-wal` file left behind once a checkpoint has copied it all
/// and writing starts again from its beginning: a burst of writes (a large
/// import while long reads held old snapshots) may grow the file, and this
/// gives the space back instead of keeping it for good.
const SQLITE_WAL_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

/// How often the writer, when no write is under way, checkpoints the
/// whole WAL and truncates it (see [`SqliteWriter`]).
const SQLITE_IDLE_CHECKPOINT_EVERY: Duration = Duration::from_secs(60);

/// The writer's options: it creates the file, puts it in WAL mode and is
/// the one connection that writes.
///
/// Checkpoints: SQLite's automatic one stays on at its default of 1,000
/// pages (about 4 MiB of WAL). It runs in the committing writer, `PASSIVE`:
/// it copies what no reader still needs and never waits for readers nor
/// blocks them. Once a checkpoint has copied everything, the next write
/// starts the WAL again from its beginning, and `journal_size_limit` trims
/// the file then. [`SqliteWriter`] adds an idle `TRUNCATE` checkpoint.
/// Pool options that never reap idle or old connections. sqlx's reaper
/// (its pool maintenance task, which runs only when an idle timeout or a
/// maximum lifetime is set) can spin a core forever once a race wraps its
/// idle count around (launchbadge/sqlx#3645), which hangs the process at
/// shutdown. Connections are few and bounded (`db_max_connections`, one
/// SQLite writer and a handful of readers), and one idle for a while is
/// pinged before it is handed out. Every pool the store, its listener and
/// the tests open is made with it.
pub fn no_reaper<DB: sea_orm::sqlx::Database>(
    o: sea_orm::sqlx::pool::PoolOptions<DB>,
) -> sea_orm::sqlx::pool::PoolOptions<DB> {
    o.idle_timeout(None).max_lifetime(None)
}

fn sqlite_options(url: &str) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str(url)
        .map_err(sqlx_err)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        .pragma("journal_size_limit", SQLITE_WAL_SIZE_LIMIT.to_string()))
}

/// A reader's options: opened read-only, so that a write sent to a reader
/// by mistake fails ("attempt to write a readonly database") instead of
/// racing the writer for the lock. It sets no journal mode (a read-only
/// connection cannot; the writer has set WAL) and creates nothing.
fn sqlite_reader_options(url: &str) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str(url)
        .map_err(sqlx_err)?
        .read_only(true)
        .foreign_keys(true)
        .busy_timeout(SQLITE_BUSY_TIMEOUT))
}

/// Whether `url` names an in-memory SQLite database, which each connection
/// would see as a database of its own: readers cannot be apart from the
/// writer there.
fn sqlite_in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// How many read-only connections an SQLite store opens: twice the cores
/// (a request spends part of its time outside SQLite, in GraphQL and
/// serialisation, so a core can keep two readers busy), at least 2.
pub fn sqlite_readers() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    u32::try_from(cores.saturating_mul(2)).unwrap_or(u32::MAX).max(2)
}

/// The SQLite writer's pool and its idle checkpoint: every
/// [`SQLITE_IDLE_CHECKPOINT_EVERY`], if no write holds the writer at that
/// moment, `PRAGMA wal_checkpoint(TRUNCATE)` copies the whole WAL into the
/// database and empties the file, so that an idle server leaves a small
/// `-wal` file and readers find every page in the database file. It does
/// not wait: it takes the writer only when free, and with a busy timeout
/// of 0, so a reader on an older snapshot (a backup) makes it stop where
/// a `PASSIVE` checkpoint would, to try again next time. It never blocks a
/// reader. The task ends when the last clone of the store is dropped.
struct SqliteWriter {
    pool: sqlx::SqlitePool,
    idle_checkpoints: Option<tokio::task::AbortHandle>,
}

impl SqliteWriter {
    /// The writer's pool, with idle checkpoints if `checkpoints` (not for
    /// an in-memory database, which has no WAL).
    fn start(pool: sqlx::SqlitePool, checkpoints: bool) -> SqliteWriter {
        let idle_checkpoints = checkpoints.then(|| {
            let writer = pool.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(SQLITE_IDLE_CHECKPOINT_EVERY).await;
                    if writer.is_closed() {
                        return;
                    }
                    let Some(mut conn) = writer.try_acquire() else { continue };
                    if let Err(e) = idle_checkpoint(&mut conn).await {
                        tracing::warn!(error = %e, "SQLite idle checkpoint failed");
                    }
                }
            })
            .abort_handle()
        });
        SqliteWriter { pool, idle_checkpoints }
    }
}

impl Drop for SqliteWriter {
    fn drop(&mut self) {
        if let Some(task) = &self.idle_checkpoints {
            task.abort();
        }
    }
}

/// Checkpoint the whole WAL and truncate it, without waiting for readers;
/// the number of WAL frames left (0 when it completed).
async fn idle_checkpoint(conn: &mut sqlx::SqliteConnection) -> std::result::Result<i64, sqlx::Error> {
    sqlx::query("PRAGMA busy_timeout = 0").execute(&mut *conn).await?;
    let result: std::result::Result<(i64, i64, i64), sqlx::Error> =
        sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut *conn).await;
    // Restored whatever happened: the connection goes back to the pool.
    sqlx::query(&format!("PRAGMA busy_timeout = {}", SQLITE_BUSY_TIMEOUT.as_millis())).execute(&mut *conn).await?;
    let (_busy, log, checkpointed) = result?;
    Ok(if log < 0 { 0 } else { log - checkpointed })
}

/// A database transaction bound to one tenant (and, for requests, to the
/// acting user). Every repository function takes one; code that holds none
/// cannot reach tenant data.
pub struct TenantTx {
    tx: DatabaseTransaction,
    tenant: TenantId,
    pub(crate) actor: Option<Actor>,
    /// How the actor authenticated (a session, an API key, a job), for
    /// records that say how a change was made (a customer's creation).
    pub(crate) credential: Option<crate::auth::Credential>,
    pub(crate) request_id: Option<String>,
    pub(crate) now: DateTime<Utc>,
    /// How deep in a chain of workflows this transaction's changes are made
    /// (0 unless a workflow run acts), stored with its events.
    pub(crate) depth: i16,
    pub(crate) cfg: Arc<StoreConfig>,
    /// The tenant's row, read at most once per transaction (time zone and
    /// settings are needed by several steps of one request).
    pub(crate) tenant_row: std::sync::Mutex<Option<crate::entity::tenant::Model>>,
    /// The plugin runtime, when plugins are enabled.
    pub(crate) plugins: Option<Arc<crate::plugins::runtime::Plugins>>,
    /// Domain events of this transaction's writes, appended to the outbox
    /// at [`TenantTx::commit`] (see [`crate::events`]).
    pub(crate) events: std::sync::Mutex<Vec<crate::events::Pending>>,
    /// The custom fields the actor may read, per entity, loaded at most once
    /// per transaction (see [`crate::custom_fields::readable_fields`]).
    readable_fields: std::sync::Mutex<
        std::collections::HashMap<guanxi_core::custom_fields::FieldEntity, Arc<crate::custom_fields::ReadableFields>>,
    >,
    /// Users whose cached credentials this transaction's writes make stale
    /// (`None`: every user of the tenant), dropped when it commits.
    auth_changes: std::sync::Mutex<Vec<Option<guanxi_core::UserId>>>,
    auth_cache: Arc<AuthCache>,
}

impl TenantTx {
    /// Begin a transaction for `tenant`. Crate-private: outside this crate a
    /// `TenantTx` comes only from [`Store::tenant_tx`].
    pub(crate) async fn begin(store: &Store, tenant: TenantId, access: Access) -> Result<TenantTx> {
        // On SQLite a read-only transaction runs on a reader: in WAL mode it
        // reads one snapshot (fixed by its first read, kept until it ends)
        // beside the writer, and sees every write committed before it
        // began. On PostgreSQL both are the same pool.
        let conn = if access == Access::Write { &store.db } else { &store.reader };
        let tx = conn.begin().await.map_err(db_err)?;
        if store.backend == Backend::Postgres {
            // `true`: local to this transaction, so a pooled connection never
            // carries one tenant's setting into another tenant's request.
            // One prepared statement (parsed once per connection) sets the
            // tenant and, for reads, makes the transaction read-only: the
            // same as `SET TRANSACTION READ ONLY`, which the simple query
            // protocol would parse and plan again on every request.
            let sql = match access {
                Access::Write => "SELECT set_config('app.tenant_id', $1, true)",
                Access::Read => {
                    "SELECT set_config('app.tenant_id', $1, true), set_config('transaction_read_only', 'on', true)"
                }
                // The isolation level must be set before the transaction's
                // first query takes a snapshot, which a `SELECT` does.
                Access::Snapshot => {
                    tx.execute_unprepared("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                        .await
                        .map_err(db_err)?;
                    "SELECT set_config('app.tenant_id', $1, true)"
                }
            };
            tx.execute(Statement::from_sql_and_values(DbBackend::Postgres, sql, [tenant.0.to_string().into()]))
                .await
                .map_err(db_err)?;
        }
        Ok(TenantTx {
            tx,
            tenant,
            actor: None,
            credential: None,
            request_id: None,
            now: Utc::now(),
            depth: 0,
            cfg: store.cfg.clone(),
            tenant_row: std::sync::Mutex::new(None),
            plugins: store.plugins.clone(),
            events: std::sync::Mutex::new(Vec::new()),
            readable_fields: std::sync::Mutex::new(std::collections::HashMap::new()),
            auth_changes: std::sync::Mutex::new(Vec::new()),
            auth_cache: store.auth_cache.clone(),
        })
    }

    /// Note that this transaction's writes change what `user`'s
    /// credentials grant (a session or key revoked): their cached copies in
    /// this process are dropped when it commits, without waiting for the
    /// database's notification that reaches every replica.
    pub(crate) fn auth_changed(&self, user: guanxi_core::UserId) {
        self.auth_changes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(Some(user));
    }

    /// The credential changes of this transaction: those noted with
    /// [`TenantTx::auth_changed`], and those its domain events imply (a
    /// user's role, group or activity; a group's supervisors).
    fn take_auth_changes(&self) -> Vec<Option<guanxi_core::UserId>> {
        use guanxi_core::DomainEvent as E;
        let mut changes =
            std::mem::take(&mut *self.auth_changes.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        let events = self.events.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for pending in events.iter() {
            let crate::events::Pending::One { event, .. } = pending else { continue };
            match event {
                E::UserRoleChanged { user, .. }
                | E::UserMovedGroup { user, .. }
                | E::UserDeactivated { user }
                | E::UserReactivated { user }
                | E::UserOffboarded { user, .. } => changes.push(Some(*user)),
                E::GroupChanged { .. } => changes.push(None),
                _ => {}
            }
        }
        changes
    }

    pub(crate) fn cached_readable_fields(
        &self,
        entity: guanxi_core::custom_fields::FieldEntity,
    ) -> Option<Arc<crate::custom_fields::ReadableFields>> {
        self.readable_fields.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&entity).cloned()
    }

    pub(crate) fn cache_readable_fields(
        &self,
        entity: guanxi_core::custom_fields::FieldEntity,
        fields: Arc<crate::custom_fields::ReadableFields>,
    ) {
        self.readable_fields.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(entity, fields);
    }

    /// Drop the cached readable fields: a definition changed in this
    /// transaction, and what follows must see it.
    pub(crate) fn forget_readable_fields(&self) {
        self.readable_fields.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
    }

    /// The tenant this transaction is bound to.
    pub fn tenant_id(&self) -> TenantId {
        self.tenant
    }

    /// The acting user. Every transaction made by [`Store::tenant_tx`] has one.
    pub fn actor(&self) -> Result<&Actor> {
        self.actor.as_ref().ok_or(Error::Forbidden)
    }

    /// Commit, appending the transaction's domain events to the outbox
    /// first (in the same transaction, so they exist if and only if the
    /// change does).
    pub async fn commit(self) -> Result<()> {
        let auth_changes = self.take_auth_changes();
        crate::events::flush(&self).await?;
        self.tx.commit().await.map_err(db_err)?;
        for change in auth_changes {
            match change {
                Some(user) => self.auth_cache.invalidate_user(self.tenant, user),
                None => self.auth_cache.invalidate_tenant(self.tenant),
            }
        }
        Ok(())
    }

    /// Record a domain event of this transaction's change, by its actor.
    /// Events reach the outbox at commit, in the order they were emitted.
    pub(crate) fn emit(&self, event: guanxi_core::DomainEvent) {
        let actor = self.actor.as_ref().map(|a| a.user_id);
        self.emit_as(actor, event);
    }

    /// Record a domain event by `actor` (none for the system).
    pub(crate) fn emit_as(&self, actor: Option<guanxi_core::UserId>, event: guanxi_core::DomainEvent) {
        let mut events = self.events.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        events.push(crate::events::Pending::One { event, actor });
    }

    /// Record events the database builds at commit from rows this
    /// transaction wrote (PostgreSQL only; see [`crate::events::Derived`]),
    /// after those emitted so far.
    pub(crate) fn emit_derived(&self, events: crate::events::Derived) {
        if events.count > 0 {
            self.events
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(crate::events::Pending::Derived(events));
        }
    }

    /// Rows of a tenant entity of this transaction's company.
    pub(crate) fn select<E: TenantEntity>(&self) -> sea_orm::Select<E> {
        E::find().filter(E::tenant_column().eq(self.tenant.0))
    }

    /// An `UPDATE` of this company's rows of a tenant entity.
    pub(crate) fn update_many<E: TenantEntity>(&self) -> sea_orm::UpdateMany<E> {
        E::update_many().filter(E::tenant_column().eq(self.tenant.0))
    }

    /// A `DELETE` of this company's rows of a tenant entity.
    pub(crate) fn delete_many<E: TenantEntity>(&self) -> sea_orm::DeleteMany<E> {
        E::delete_many().filter(E::tenant_column().eq(self.tenant.0))
    }

    /// An `INSERT` of one row, its tenant column set to this company
    /// whatever the model held.
    pub(crate) fn insert<A>(&self, model: A) -> sea_orm::Insert<A>
    where
        A: ActiveModelTrait,
        A::Entity: TenantEntity,
    {
        <A::Entity as EntityTrait>::insert(self.scoped(model))
    }

    /// An `INSERT` of several rows, each one's tenant column set to this
    /// company. Like sea-orm's, executing it with no rows is an error;
    /// callers skip empty batches.
    pub(crate) fn insert_many<A, I>(&self, models: I) -> sea_orm::Insert<A>
    where
        A: ActiveModelTrait,
        A::Entity: TenantEntity,
        I: IntoIterator<Item = A>,
    {
        <A::Entity as EntityTrait>::insert_many(models.into_iter().map(|m| self.scoped(m)))
    }

    fn scoped<A>(&self, mut model: A) -> A
    where
        A: ActiveModelTrait,
        A::Entity: TenantEntity,
    {
        model.set(<A::Entity as TenantEntity>::tenant_column(), self.tenant.0.into());
        model
    }

    /// The underlying connection, for repositories in this crate.
    pub(crate) fn conn(&self) -> &DatabaseTransaction {
        &self.tx
    }

    /// Settings for a transaction that writes one batch of a long job
    /// (imports, regrades) on PostgreSQL; nothing on SQLite.
    ///
    /// - `plan_cache_mode = auto`: the pool plans every statement for its
    ///   parameters (see [`Store::connect`]), and that also applies to the
    ///   foreign-key checks PostgreSQL runs for each inserted row, so a
    ///   batch of 1,000 rows would plan the same check 1,000 times. Within
    ///   one tenant's batch a cached plan is right.
    /// - `synchronous_commit = off`: the batch's rows and the job's progress
    ///   commit together, so a crash that loses the last commits loses both,
    ///   and the job resumes from what the database still holds.
    pub(crate) async fn bulk_write(&self) -> Result<()> {
        if self.tx.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        self.tx
            .execute_unprepared("SET LOCAL plan_cache_mode = auto; SET LOCAL synchronous_commit = off")
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
