//! Durable background jobs.
//!
//! A job is a row of the tenant table `jobs` (what to do, who asked, where it
//! stands) plus, while it may still run, a row of the global table
//! `job_queue` (job id, tenant id, kind and scheduling state only). Both are
//! written by [`enqueue`] in the caller's transaction, so a job exists if and
//! only if the change that asked for it commits.
//!
//! Workers (any replica) find work through `job_queue` — on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so two workers never lease the same row — and then
//! touch the job itself only through a [`TenantTx`] of the job's tenant, under
//! row-level security like every request. A claimed job carries a
//! [`Principal`] of the user who started it: handlers act with that user's
//! current rights through the ordinary [`Store::tenant_tx`].
//!
//! Life cycle: `queued → running → succeeded | failed`, and `cancelled` from
//! `queued` or `running`. A run that ends in an internal error goes back to
//! `queued` (with a delay) while attempts remain; any other error fails the
//! job at once. A worker holds a *lease* on a running job and renews it while
//! the handler runs; when a worker dies, the lease runs out and another worker
//! takes the job over as a new attempt. A stale worker learns of the takeover
//! (or of a cancellation) at its next progress report, which answers
//! [`Progress::Cancelled`]. Delivery is therefore at least once: handlers
//! should be safe to run again after an interrupted attempt.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use guanxi_core::{Action, Error, ErrorCode, FieldError, JobId, Result, TenantId, UserId};
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement, TransactionTrait,
};
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::auth::{Principal, chrono, load_actor};
use crate::db::{Access, Backend, RequestMeta, Store, TenantTx, db_err};
use crate::entity::{job, job_queue};
use crate::{audit, users};

/// Attempts a job gets unless [`EnqueueOptions::max_attempts`] says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 3;
/// The most attempts a job may be given.
pub const MAX_ATTEMPTS_LIMIT: i32 = 20;
/// Largest payload accepted, as serialised JSON.
pub const MAX_PAYLOAD_BYTES: usize = 1024 * 1024;
/// Progress notes are cut to this many characters.
pub const NOTE_MAX_CHARS: usize = 300;

/// Stale queue rows (of cancelled, finished or deleted jobs) one claim may
/// clear before giving up until the next poll.
const CLAIM_SKIPS: usize = 16;

/// Jobs of one company that may run at once, across all replicas, unless
/// the runner is configured otherwise. One: with the default two slots per
/// replica, a company with a long job leaves the other slot to the rest.
pub const DEFAULT_PER_COMPANY: usize = 1;

/// The PostgreSQL advisory lock every claim holds for its transaction
/// (`"guanxijq"` in ASCII), so that counting a company's running jobs and
/// leasing another one is atomic across replicas.
const CLAIM_LOCK_KEY: i64 = 0x6775_616e_7869_6a71;

/// Where a job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobStatus {
    /// Waiting for a worker (first run, or a retry after an internal error).
    Queued,
    /// A worker is running it.
    Running,
    /// Done; the handler's result is stored.
    Succeeded,
    /// Given up; `error` says why.
    Failed,
    /// Cancelled by its creator or an admin.
    Cancelled,
}

impl JobStatus {
    /// Every status.
    pub const ALL: [JobStatus; 5] =
        [JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded, JobStatus::Failed, JobStatus::Cancelled];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    /// True once the job will never run again.
    pub fn is_final(self) -> bool {
        matches!(self, JobStatus::Succeeded | JobStatus::Failed | JobStatus::Cancelled)
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for JobStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        JobStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| Error::Internal(format!("bad job status {s}").into()))
    }
}

/// A job as its creator and admins see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Id.
    pub id: JobId,
    /// Which handler runs it, e.g. `customers.import`.
    pub kind: String,
    /// The handler's input.
    pub payload: serde_json::Value,
    /// Where it stands.
    pub status: JobStatus,
    /// Units of work done.
    pub progress_done: i64,
    /// Units of work in all, when known.
    pub progress_total: Option<i64>,
    /// What the job is doing now, for people.
    pub progress_note: Option<String>,
    /// The handler's result, once succeeded.
    pub result: Option<serde_json::Value>,
    /// Why the last attempt failed (kept while a retry waits).
    pub error: Option<String>,
    /// That error as a client reads it: `code` and the details a GraphQL
    /// error carries in its `extensions` (see [`Error::extensions`]).
    pub error_detail: Option<serde_json::Value>,
    /// Attempts started so far.
    pub attempts: i32,
    /// Attempts allowed.
    pub max_attempts: i32,
    /// The user the job acts as; none for a system job (see
    /// [`enqueue_system`]), which acts for no user.
    pub created_by: Option<UserId>,
    /// Enqueued.
    pub created_at: DateTime<Utc>,
    /// First attempt started.
    pub started_at: Option<DateTime<Utc>>,
    /// Succeeded, failed for good or cancelled.
    pub finished_at: Option<DateTime<Utc>>,
    /// Last change, progress included.
    pub updated_at: DateTime<Utc>,
}

impl Job {
    fn from_model(m: job::Model) -> Result<Job> {
        Ok(Job {
            id: JobId(m.id),
            status: m.status.parse()?,
            kind: m.kind,
            payload: m.payload,
            progress_done: m.progress_done,
            progress_total: m.progress_total,
            progress_note: m.progress_note,
            result: m.result,
            error: m.error,
            error_detail: m.error_detail,
            attempts: m.attempts,
            max_attempts: m.max_attempts,
            created_by: m.created_by.map(UserId),
            created_at: m.created_at,
            started_at: m.started_at,
            finished_at: m.finished_at,
            updated_at: m.updated_at,
        })
    }
}

/// Less common settings of a new job.
#[derive(Clone, Debug)]
pub struct EnqueueOptions {
    /// How many attempts the job gets in all (1 to [`MAX_ATTEMPTS_LIMIT`]).
    /// Only internal errors, panics excepted, use up further attempts.
    pub max_attempts: i32,
    /// Run no earlier than this long after the enqueuing transaction.
    pub delay: Duration,
}

impl Default for EnqueueOptions {
    fn default() -> Self {
        EnqueueOptions { max_attempts: DEFAULT_MAX_ATTEMPTS, delay: Duration::ZERO }
    }
}

/// Whether `kind` can name a handler: lowercase ASCII letters, digits, `.`,
/// `_` and `-`, 1 to 64 characters, e.g. `customers.import`.
pub fn is_valid_kind(kind: &str) -> bool {
    !kind.is_empty()
        && kind.len() <= 64
        && kind.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

fn cut(note: &str) -> String {
    match note.char_indices().nth(NOTE_MAX_CHARS) {
        Some((i, _)) => note[..i].to_owned(),
        None => note.to_owned(),
    }
}

/// A point in time `after` from now, by the database's clock on PostgreSQL
/// (every replica then agrees on when a lease runs out, whatever their own
/// clocks say) and by this process's clock on SQLite (a single process).
fn from_now(backend: DbBackend, after: Duration) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_values("now() + make_interval(secs => $1)", [after.as_secs_f64()]),
        _ => Expr::value(Utc::now() + chrono(after)),
    }
}

/// Queue a job of `kind` with `payload`, acting as the transaction's user,
/// with `total` units of work if known. Both rows are written in `tx`: the
/// job exists only if `tx` commits. Callers authorize the action that needs
/// the job; the job then runs with its creator's rights at run time.
pub async fn enqueue(tx: &TenantTx, kind: &str, payload: serde_json::Value, total: Option<i64>) -> Result<JobId> {
    enqueue_with(tx, kind, payload, total, EnqueueOptions::default()).await
}

/// [`enqueue`] with options: attempts and a start delay.
pub async fn enqueue_with(
    tx: &TenantTx,
    kind: &str,
    payload: serde_json::Value,
    total: Option<i64>,
    options: EnqueueOptions,
) -> Result<JobId> {
    let creator = tx.actor()?.user_id;
    insert_job(tx, kind, payload, total, options, Some(creator)).await
}

/// Queue a job of `kind` that the system runs for itself, acting for no
/// user (its handler opens [`Store::system_job_tx`] transactions): work
/// that a change makes due but that is nobody's act, such as announcing
/// the work plans whose end passed. It runs whoever made the change that
/// queued it and whatever became of them since. Only admins see it in
/// [`list`].
pub(crate) async fn enqueue_system(
    tx: &TenantTx,
    kind: &str,
    payload: serde_json::Value,
    options: EnqueueOptions,
) -> Result<JobId> {
    insert_job(tx, kind, payload, None, options, None).await
}

async fn insert_job(
    tx: &TenantTx,
    kind: &str,
    payload: serde_json::Value,
    total: Option<i64>,
    options: EnqueueOptions,
    creator: Option<UserId>,
) -> Result<JobId> {
    let mut errors = Vec::new();
    if !is_valid_kind(kind) {
        errors.push(FieldError::new("kind", "invalid", "not a valid job kind"));
    }
    if total.is_some_and(|t| t < 0) {
        errors.push(FieldError::new("total", "out_of_range", "total cannot be negative"));
    }
    if !(1..=MAX_ATTEMPTS_LIMIT).contains(&options.max_attempts) {
        errors.push(FieldError::new(
            "maxAttempts",
            "out_of_range",
            format!("max attempts must be 1 to {MAX_ATTEMPTS_LIMIT}"),
        ));
    }
    if serde_json::to_vec(&payload).map_err(Error::internal)?.len() > MAX_PAYLOAD_BYTES {
        errors.push(FieldError::new("payload", "too_long", "the job's input is too large"));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }

    let id = JobId::new();
    tx.insert(job::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(id.0),
        kind: Set(kind.to_owned()),
        payload: Set(payload),
        status: Set(JobStatus::Queued.as_str().to_owned()),
        progress_done: Set(0),
        progress_total: Set(total),
        progress_note: Set(None),
        result: Set(None),
        error: Set(None),
        error_detail: Set(None),
        attempts: Set(0),
        max_attempts: Set(options.max_attempts),
        created_by: Set(creator.map(|c| c.0)),
        created_at: Set(tx.now),
        started_at: Set(None),
        finished_at: Set(None),
        updated_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;

    let backend = tx.conn().get_database_backend();
    let mut insert = Query::insert();
    insert
        .into_table(job_queue::Entity)
        .columns([
            job_queue::Column::JobId,
            job_queue::Column::TenantId,
            job_queue::Column::Kind,
            job_queue::Column::RunAfter,
        ])
        .values([id.0.into(), tx.tenant_id().0.into(), kind.into(), from_now(backend, options.delay)])
        .map_err(Error::internal)?;
    tx.conn().execute(backend.build(&insert)).await.map_err(db_err)?;
    Ok(id)
}

async fn find(tx: &TenantTx, id: JobId) -> Result<Option<job::Model>> {
    tx.select::<job::Entity>().filter(job::Column::Id.eq(id.0)).one(tx.conn()).await.map_err(db_err)
}

/// One job, if the caller started it or is an admin; `NOT_FOUND` otherwise.
pub async fn get(tx: &TenantTx, id: JobId) -> Result<Job> {
    let actor = tx.actor()?;
    let m = find(tx, id).await?.ok_or(Error::NotFound("job"))?;
    // A system job is nobody's own: the nil id is never a user, so only
    // whoever may manage everyone's jobs sees it.
    if !actor.can(&Action::ManageJob { created_by: UserId(m.created_by.unwrap_or(Uuid::nil())) }) {
        return Err(Error::NotFound("job"));
    }
    Job::from_model(m)
}

/// The newest jobs (at most `limit`, 1 to 200): the caller's own, or every
/// job of the company for admins. `FORBIDDEN` for a role that uses no CRM
/// data (maintenance), rather than an empty list.
pub async fn list(tx: &TenantTx, limit: u64) -> Result<Vec<Job>> {
    let actor = tx.actor()?;
    if !actor.can(&Action::UseCrm) {
        return Err(Error::Forbidden);
    }
    let mut q = tx.select::<job::Entity>();
    // Ask the permission table about a job of somebody else (the nil id is
    // never a user): whoever may see that one sees everyone's.
    if !actor.can(&Action::ManageJob { created_by: UserId(Uuid::nil()) }) {
        q = q.filter(job::Column::CreatedBy.eq(actor.user_id.0));
    }
    q.order_by_desc(job::Column::Id)
        .limit(limit.clamp(1, 200))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(Job::from_model)
        .collect()
}

/// Cancel a queued or running job (its creator or an admin). A queued job
/// never starts; a running one is told at its next progress report and its
/// result, if any, is discarded. A finished job answers `CONFLICT`.
pub async fn cancel(tx: &TenantTx, id: JobId) -> Result<Job> {
    let job = get(tx, id).await?;
    let updated = tx
        .update_many::<job::Entity>()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Cancelled.as_str()))
        .col_expr(job::Column::FinishedAt, Expr::value(Some(tx.now)))
        .col_expr(job::Column::UpdatedAt, Expr::value(tx.now))
        .filter(job::Column::Id.eq(id.0))
        .filter(job::Column::Status.is_in([JobStatus::Queued.as_str(), JobStatus::Running.as_str()]))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if updated.rows_affected == 0 {
        return Err(Error::Conflict(FieldError::new("id", "finished", "the job has already finished")));
    }
    unqueue(tx.conn(), id).await?;
    audit::record(
        tx,
        AuditAction::JobCancel,
        "job",
        Some(id.0),
        serde_json::json!({ "kind": job.kind, "was": job.status.as_str() }),
    )
    .await?;
    get(tx, id).await
}

async fn unqueue(conn: &impl ConnectionTrait, id: JobId) -> Result<()> {
    job_queue::Entity::delete_many().filter(job_queue::Column::JobId.eq(id.0)).exec(conn).await.map_err(db_err)?;
    Ok(())
}

/// A job leased to a worker, with everything its handler needs. Only
/// [`Store::claim_job`] makes one.
#[derive(Clone, Debug)]
pub struct ClaimedJob {
    id: JobId,
    kind: String,
    payload: serde_json::Value,
    attempt: i32,
    max_attempts: i32,
    tenant: TenantId,
    /// The user the job acts as; none for a system job.
    principal: Option<Principal>,
    worker_id: String,
    lease: Duration,
}

impl ClaimedJob {
    /// The job.
    pub fn id(&self) -> JobId {
        self.id
    }
    /// Its tenant.
    pub fn tenant_id(&self) -> TenantId {
        self.tenant
    }
    /// Its kind.
    pub fn kind(&self) -> &str {
        &self.kind
    }
    /// Its input.
    pub fn payload(&self) -> &serde_json::Value {
        &self.payload
    }
    /// Which attempt this is, from 1.
    pub fn attempt(&self) -> i32 {
        self.attempt
    }
    /// Attempts allowed in all.
    pub fn max_attempts(&self) -> i32 {
        self.max_attempts
    }
    /// The user who started the job, with their current role and groups;
    /// none for a system job (see [`enqueue_system`]), which acts for no
    /// user and writes through [`Store::system_job_tx`].
    pub fn principal(&self) -> Option<&Principal> {
        self.principal.as_ref()
    }
    /// The worker holding the lease.
    pub fn worker_id(&self) -> &str {
        &self.worker_id
    }
}

/// What a running job should do after reporting progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Carry on.
    Continue,
    /// Stop: the job was cancelled (or, after a stall, handed to another
    /// worker). Whatever the handler returns is discarded.
    Cancelled,
}

/// How a handler's run ended.
#[derive(Debug)]
pub enum JobOutcome {
    /// It returned this result.
    Succeeded(serde_json::Value),
    /// It returned an error. Internal and unavailable errors are retried
    /// while attempts remain; any other error fails the job with the error's
    /// message (which the job's creator sees).
    Failed(Error),
    /// It panicked: the job fails without a retry (a bug rarely goes away).
    Panicked,
}

/// Shown for a job whose handler panicked; the panic itself is only logged.
const PANIC_MESSAGE: &str = "the job stopped unexpectedly (internal error)";

impl Store {
    /// A transaction of a system job's company that acts for no user: what
    /// a system job (see [`enqueue_system`]) writes is the system's act, so
    /// its events and audit entries name no actor. Refused (`FORBIDDEN`) to
    /// a job a user started: that one acts as its user, through
    /// [`Store::tenant_tx`] with its [`ClaimedJob::principal`].
    ///
    /// The transaction has no actor, so every repository function that
    /// authorizes one refuses it; only functions written for the system's
    /// own work (the overdue sweep) serve it.
    pub async fn system_job_tx(&self, job: &ClaimedJob, access: Access, meta: &RequestMeta) -> Result<TenantTx> {
        if job.principal.is_some() {
            return Err(Error::Forbidden);
        }
        let mut tx = TenantTx::begin(self, job.tenant, access).await?;
        tx.request_id = meta.request_id.clone();
        Ok(tx)
    }

    /// [`Store::claim_job_fairly`] with at most [`DEFAULT_PER_COMPANY`] running
    /// job per company.
    pub async fn claim_job(&self, worker_id: &str, lease: Duration, kinds: &[String]) -> Result<Option<ClaimedJob>> {
        self.claim_job_fairly(worker_id, lease, kinds, DEFAULT_PER_COMPANY).await
    }

    /// Lease the next due job of one of `kinds` to `worker_id` for `lease`,
    /// mark it running and return it; `None` when nothing is due. A worker
    /// only asks for kinds it has handlers for, so a replica running older
    /// code never takes a job it cannot run.
    ///
    /// Fair between companies: a company with `per_company` (at least 1)
    /// jobs already running, on any replica, gets no further job until one
    /// ends, and among the companies with due jobs the one whose last job
    /// started longest ago goes first (round robin); within a company, the
    /// job due first.
    ///
    /// A job whose creator has been deactivated fails here instead of
    /// running, and so does one whose earlier attempts were all interrupted.
    pub async fn claim_job_fairly(
        &self,
        worker_id: &str,
        lease: Duration,
        kinds: &[String],
        per_company: usize,
    ) -> Result<Option<ClaimedJob>> {
        if kinds.is_empty() {
            return Ok(None);
        }
        let per_company = i64::try_from(per_company.max(1)).unwrap_or(i64::MAX);
        for _ in 0..CLAIM_SKIPS {
            let Some((id, tenant)) = self.lease_next(worker_id, lease, kinds, per_company).await? else {
                return Ok(None);
            };
            if let Some(job) = self.start(id, tenant, worker_id, lease).await? {
                return Ok(Some(job));
            }
        }
        Ok(None)
    }

    /// Take the lease on the due, unleased queue row the fairness rules pick
    /// (see [`Store::claim_job_fairly`]) and record the company's turn, in one
    /// transaction.
    ///
    /// Counting a company's running jobs and leasing one more must not
    /// interleave with another worker doing the same, or two replicas could
    /// both see one slot left and both take it. On PostgreSQL every claim
    /// therefore first takes one transaction-scoped advisory lock: claims
    /// queue behind each other for the few milliseconds a claim takes, and
    /// each one counts leases committed by the claim before it. `SKIP
    /// LOCKED` still keeps a claim from waiting on rows that other
    /// statements (renewals, finishing jobs) are changing. SQLite's single
    /// writer serialises the transaction anyway.
    async fn lease_next(
        &self,
        worker_id: &str,
        lease: Duration,
        kinds: &[String],
        per_company: i64,
    ) -> Result<Option<(JobId, TenantId)>> {
        // Leases that have not run out are jobs running somewhere now; an
        // expired one belongs to a dead or stalled worker and may be taken.
        // Among companies, the one without a turn yet, then the one whose
        // last turn is oldest.
        let pick = |p: &dyn Fn(usize) -> String, now: &str, kinds_at: usize| {
            let list = (0..kinds.len()).map(|i| p(kinds_at + i)).collect::<Vec<_>>().join(", ");
            format!(
                "SELECT q.job_id FROM job_queue q \
                 LEFT JOIN job_turns t ON t.tenant_id = q.tenant_id \
                 WHERE q.kind IN ({list}) AND q.run_after <= {now} \
                 AND (q.locked_until IS NULL OR q.locked_until < {now}) \
                 AND (SELECT count(*) FROM job_queue r WHERE r.tenant_id = q.tenant_id \
                      AND r.locked_until >= {now}) < {cap} \
                 ORDER BY t.last_claimed_at IS NOT NULL, t.last_claimed_at, q.run_after, q.job_id LIMIT 1",
                cap = p(kinds_at + kinds.len()),
            )
        };
        let backend = self.db.get_database_backend();
        let tx = self.db.begin().await.map_err(db_err)?;
        let (lease_sql, lease_values, turn_sql): (String, Vec<sea_orm::Value>, &str) = match self.backend {
            Backend::Postgres => {
                tx.execute(Statement::from_sql_and_values(
                    backend,
                    "SELECT pg_advisory_xact_lock($1)",
                    [CLAIM_LOCK_KEY.into()],
                ))
                .await
                .map_err(db_err)?;
                let pick = pick(&|i| format!("${i}"), "now()", 3);
                let sql = format!(
                    "UPDATE job_queue SET locked_until = now() + make_interval(secs => $1), locked_by = $2 \
                     WHERE job_id = ({pick} FOR UPDATE OF q SKIP LOCKED) RETURNING job_id, tenant_id"
                );
                let mut v: Vec<sea_orm::Value> = vec![lease.as_secs_f64().into(), worker_id.into()];
                v.extend(kinds.iter().map(|k| k.as_str().into()));
                v.push(per_company.into());
                (
                    sql,
                    v,
                    "INSERT INTO job_turns (tenant_id, last_claimed_at) VALUES ($1, clock_timestamp()) \
                     ON CONFLICT (tenant_id) DO UPDATE SET last_claimed_at = excluded.last_claimed_at",
                )
            }
            Backend::Sqlite => {
                // Numbered placeholders: `now` is used several times.
                let pick = pick(&|i| format!("?{i}"), "?3", 4);
                let sql = format!(
                    "UPDATE job_queue SET locked_until = ?1, locked_by = ?2 WHERE job_id = ({pick}) \
                     RETURNING job_id, tenant_id"
                );
                let now = Utc::now();
                let mut v: Vec<sea_orm::Value> = vec![(now + chrono(lease)).into(), worker_id.into(), now.into()];
                v.extend(kinds.iter().map(|k| k.as_str().into()));
                v.push(per_company.into());
                (
                    sql,
                    v,
                    "INSERT INTO job_turns (tenant_id, last_claimed_at) VALUES (?, ?) \
                     ON CONFLICT (tenant_id) DO UPDATE SET last_claimed_at = excluded.last_claimed_at",
                )
            }
        };
        let row =
            tx.query_one(Statement::from_sql_and_values(backend, lease_sql, lease_values)).await.map_err(db_err)?;
        let Some(row) = row else {
            tx.commit().await.map_err(db_err)?;
            return Ok(None);
        };
        let id = row.try_get::<Uuid>("", "job_id").map_err(db_err)?;
        let tenant = row.try_get::<Uuid>("", "tenant_id").map_err(db_err)?;
        let mut turn_values: Vec<sea_orm::Value> = vec![tenant.into()];
        if matches!(self.backend, Backend::Sqlite) {
            turn_values.push(Utc::now().into());
        }
        tx.execute(Statement::from_sql_and_values(backend, turn_sql, turn_values)).await.map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(Some((JobId(id), TenantId(tenant))))
    }

    /// Turn a freshly leased queue row into a running job, inside the job's
    /// tenant. `None` when the row was stale or the job cannot run.
    async fn start(&self, id: JobId, tenant: TenantId, worker_id: &str, lease: Duration) -> Result<Option<ClaimedJob>> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        let Some(m) = find(&tx, id).await? else {
            unqueue(tx.conn(), id).await?;
            tx.commit().await?;
            return Ok(None);
        };
        let status: JobStatus = m.status.parse()?;
        if status.is_final() {
            unqueue(tx.conn(), id).await?;
            tx.commit().await?;
            return Ok(None);
        }
        // Running means the lease of an earlier attempt ran out: its worker
        // died or stalled. That attempt counts.
        if m.attempts >= m.max_attempts {
            tracing::warn!(job_id = %id, tenant_id = %tenant, kind = %m.kind, "job interrupted on every attempt");
            let e = Failure::internal("the job was interrupted too many times (internal error)");
            end(&tx, &m, JobStatus::Failed, None, Some(e)).await?;
            tx.commit().await?;
            return Ok(None);
        }
        // A user's job acts as them, so it cannot outlive their account; a
        // system job acts for nobody and always runs.
        let principal = match m.created_by {
            None => None,
            Some(created_by) => {
                let creator = users::find(&tx, UserId(created_by)).await?.filter(|u| u.active);
                let Some(creator) = creator else {
                    tracing::info!(job_id = %id, tenant_id = %tenant, kind = %m.kind, "job's creator is deactivated");
                    end(
                        &tx,
                        &m,
                        JobStatus::Failed,
                        None,
                        Some(
                            Failure::of(&Error::Forbidden)
                                .with_message("the user who started this job has been deactivated"),
                        ),
                    )
                    .await?;
                    tx.commit().await?;
                    return Ok(None);
                };
                Some(Principal::for_job(tenant, load_actor(&tx, &creator).await?, id))
            }
        };
        let started = tx
            .update_many::<job::Entity>()
            .col_expr(job::Column::Status, Expr::value(JobStatus::Running.as_str()))
            .col_expr(job::Column::Attempts, Expr::value(m.attempts + 1))
            .col_expr(job::Column::StartedAt, Expr::value(Some(m.started_at.unwrap_or(tx.now))))
            .col_expr(job::Column::UpdatedAt, Expr::value(tx.now))
            .filter(job::Column::Id.eq(id.0))
            .filter(job::Column::Status.eq(m.status.as_str()))
            .filter(job::Column::Attempts.eq(m.attempts))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        tx.commit().await?;
        if started.rows_affected == 0 {
            // Cancelled between the lease and now; cancel removed the queue row.
            return Ok(None);
        }
        Ok(Some(ClaimedJob {
            id,
            kind: m.kind,
            payload: m.payload,
            attempt: m.attempts + 1,
            max_attempts: m.max_attempts,
            tenant,
            principal,
            worker_id: worker_id.to_owned(),
            lease,
        }))
    }

    /// Record progress of a claimed job: `done` units, and `total` and `note`
    /// when given (`None` keeps the stored value). Renews the lease. Answers
    /// [`Progress::Cancelled`] when the job was cancelled or taken over, and
    /// the handler should then stop.
    pub async fn report_job_progress(
        &self,
        job: &ClaimedJob,
        done: i64,
        total: Option<i64>,
        note: Option<&str>,
    ) -> Result<Progress> {
        let mut errors = Vec::new();
        if done < 0 {
            errors.push(FieldError::new("done", "out_of_range", "progress cannot be negative"));
        }
        if total.is_some_and(|t| t < 0) {
            errors.push(FieldError::new("total", "out_of_range", "total cannot be negative"));
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let tx = TenantTx::begin(self, job.tenant_id(), Access::Write).await?;
        let mut q = tx
            .update_many::<job::Entity>()
            .col_expr(job::Column::ProgressDone, Expr::value(done))
            .col_expr(job::Column::UpdatedAt, Expr::value(tx.now));
        if let Some(t) = total {
            q = q.col_expr(job::Column::ProgressTotal, Expr::value(Some(t)));
        }
        if let Some(n) = note {
            q = q.col_expr(job::Column::ProgressNote, Expr::value(Some(cut(n))));
        }
        let updated = q.filter(current(job)).exec(tx.conn()).await.map_err(db_err)?;
        if updated.rows_affected == 0 {
            tx.commit().await?;
            return Ok(Progress::Cancelled);
        }
        renew(tx.conn(), job).await?;
        tx.commit().await?;
        Ok(Progress::Continue)
    }

    /// Extend the lease of a claimed job without other news (the runner does
    /// this while a handler runs). [`Progress::Cancelled`] when the job left
    /// the queue (cancelled) or another worker holds it now.
    pub async fn renew_job_lease(&self, job: &ClaimedJob) -> Result<Progress> {
        Ok(if renew(&self.db, job).await? { Progress::Continue } else { Progress::Cancelled })
    }

    /// Record how a claimed job's run ended and return the job's new status:
    /// `succeeded`, `failed`, or `queued` again when an internal error is
    /// retried after `retry_delay`. A job cancelled (or taken over) in the
    /// meantime is left as it is and its status returned.
    pub async fn finish_job(&self, job: &ClaimedJob, outcome: JobOutcome, retry_delay: Duration) -> Result<JobStatus> {
        let tx = TenantTx::begin(self, job.tenant_id(), Access::Write).await?;
        let Some(m) = find(&tx, job.id).await? else {
            unqueue(tx.conn(), job.id).await?;
            tx.commit().await?;
            return Err(Error::NotFound("job"));
        };
        let status: JobStatus = m.status.parse()?;
        if status != JobStatus::Running || m.attempts != job.attempt {
            tx.commit().await?;
            return Ok(status);
        }
        let backend = tx.conn().get_database_backend();
        let (new_status, applied) = match outcome {
            JobOutcome::Succeeded(result) => {
                (JobStatus::Succeeded, end(&tx, &m, JobStatus::Succeeded, Some(result), None).await?)
            }
            JobOutcome::Failed(e) => {
                let internal = matches!(e, Error::Internal(_) | Error::Unavailable(_));
                if internal {
                    tracing::error!(job_id = %job.id, kind = %job.kind, attempt = job.attempt, error = ?e, "job failed");
                }
                if internal && m.attempts < m.max_attempts {
                    let r = tx
                        .update_many::<job::Entity>()
                        .col_expr(job::Column::Status, Expr::value(JobStatus::Queued.as_str()))
                        .col_expr(job::Column::Error, Expr::value(Some(e.to_string())))
                        .col_expr(job::Column::ErrorDetail, Expr::value(Some(Failure::of(&e).detail)))
                        .col_expr(job::Column::UpdatedAt, Expr::value(tx.now))
                        .filter(current(job))
                        .exec(tx.conn())
                        .await
                        .map_err(db_err)?;
                    if r.rows_affected > 0 {
                        job_queue::Entity::update_many()
                            .col_expr(job_queue::Column::RunAfter, from_now(backend, retry_delay))
                            .col_expr(job_queue::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                            .col_expr(job_queue::Column::LockedBy, Expr::value(Option::<String>::None))
                            .filter(job_queue::Column::JobId.eq(job.id.0))
                            .exec(tx.conn())
                            .await
                            .map_err(db_err)?;
                    }
                    (JobStatus::Queued, r.rows_affected > 0)
                } else {
                    (JobStatus::Failed, end(&tx, &m, JobStatus::Failed, None, Some(Failure::of(&e))).await?)
                }
            }
            JobOutcome::Panicked => (
                JobStatus::Failed,
                end(&tx, &m, JobStatus::Failed, None, Some(Failure::internal(PANIC_MESSAGE))).await?,
            ),
        };
        let new_status = if applied {
            new_status
        } else {
            find(&tx, job.id).await?.ok_or(Error::NotFound("job"))?.status.parse()?
        };
        tx.commit().await?;
        Ok(new_status)
    }

    /// Hand a claimed job back to the queue without using up an attempt,
    /// for a worker that stops (shuts down) before the handler finished.
    pub async fn release_job(&self, job: &ClaimedJob) -> Result<()> {
        let tx = TenantTx::begin(self, job.tenant_id(), Access::Write).await?;
        let backend = tx.conn().get_database_backend();
        let released = tx
            .update_many::<job::Entity>()
            .col_expr(job::Column::Status, Expr::value(JobStatus::Queued.as_str()))
            .col_expr(job::Column::Attempts, Expr::value(job.attempt - 1))
            .col_expr(job::Column::UpdatedAt, Expr::value(tx.now))
            .filter(current(job))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        if released.rows_affected > 0 {
            job_queue::Entity::update_many()
                .col_expr(job_queue::Column::RunAfter, from_now(backend, Duration::ZERO))
                .col_expr(job_queue::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                .col_expr(job_queue::Column::LockedBy, Expr::value(Option::<String>::None))
                .filter(job_queue::Column::JobId.eq(job.id.0))
                .filter(job_queue::Column::LockedBy.eq(job.worker_id.as_str()))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
        }
        tx.commit().await
    }
}

/// The job row as this claim left it: still running, still this attempt.
/// Every write by a worker is fenced by it, so a worker that lost its lease
/// cannot overwrite the work of the one that took over. (The company comes
/// from the scoped builder the condition is added to.)
fn current(job: &ClaimedJob) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(job::Column::Id.eq(job.id.0))
        .add(job::Column::Status.eq(JobStatus::Running.as_str()))
        .add(job::Column::Attempts.eq(job.attempt))
}

/// Extend the lease; false when the queue row is gone or leased to another worker.
async fn renew(conn: &impl ConnectionTrait, job: &ClaimedJob) -> Result<bool> {
    let r = job_queue::Entity::update_many()
        .col_expr(job_queue::Column::LockedUntil, from_now(conn.get_database_backend(), job.lease))
        .filter(job_queue::Column::JobId.eq(job.id.0))
        .filter(job_queue::Column::LockedBy.eq(job.worker_id.as_str()))
        .exec(conn)
        .await
        .map_err(db_err)?;
    Ok(r.rows_affected > 0)
}

/// Why a job failed: the message (English) and, for clients, the error's
/// code and details.
struct Failure {
    message: String,
    detail: serde_json::Value,
}

impl Failure {
    fn of(e: &Error) -> Failure {
        Failure { message: e.to_string(), detail: serde_json::Value::Object(e.extensions()) }
    }

    /// An internal failure the job system itself noticed.
    fn internal(message: &str) -> Failure {
        Failure { message: message.to_owned(), detail: serde_json::json!({ "code": ErrorCode::Internal.as_str() }) }
    }

    fn with_message(self, message: &str) -> Failure {
        Failure { message: message.to_owned(), ..self }
    }
}

/// Put a job that has not ended yet (and is still at the attempt `m` shows)
/// in a final state and take it off the queue. False when it changed in the
/// meantime (a concurrent cancel won).
async fn end(
    tx: &TenantTx,
    m: &job::Model,
    status: JobStatus,
    result: Option<serde_json::Value>,
    error: Option<Failure>,
) -> Result<bool> {
    let (error, detail) = match error {
        Some(f) => (Some(f.message), Some(f.detail)),
        None => (None, None),
    };
    let r = tx
        .update_many::<job::Entity>()
        .col_expr(job::Column::Status, Expr::value(status.as_str()))
        .col_expr(job::Column::Result, Expr::value(result))
        .col_expr(job::Column::Error, Expr::value(error))
        .col_expr(job::Column::ErrorDetail, Expr::value(detail))
        .col_expr(job::Column::FinishedAt, Expr::value(Some(tx.now)))
        .col_expr(job::Column::UpdatedAt, Expr::value(tx.now))
        .filter(job::Column::Id.eq(m.id))
        .filter(job::Column::Attempts.eq(m.attempts))
        .filter(job::Column::Status.is_in([JobStatus::Queued.as_str(), JobStatus::Running.as_str()]))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if r.rows_affected == 0 {
        return Ok(false);
    }
    unqueue(tx.conn(), JobId(m.id)).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        for ok in ["customers.import", "pool.reclaim", "grading.monthly-run", "a_b.c1"] {
            assert!(is_valid_kind(ok), "{ok}");
        }
        for bad in ["", "Customers.Import", "a b", "导入", &"x".repeat(65)] {
            assert!(!is_valid_kind(bad), "{bad}");
        }
    }

    #[test]
    fn statuses_round_trip() {
        for s in JobStatus::ALL {
            assert_eq!(s.as_str().parse::<JobStatus>().ok(), Some(s));
        }
        assert!("done".parse::<JobStatus>().is_err());
        assert!(!JobStatus::Running.is_final() && JobStatus::Cancelled.is_final());
    }

    #[test]
    fn notes_are_cut_by_characters() {
        assert_eq!(cut(&"进".repeat(400)).chars().count(), NOTE_MAX_CHARS);
        assert_eq!(cut("short"), "short");
    }
}
