//! Subscribers' cursors: how far each subscriber has read each company's
//! events, and the lease that lets one dispatcher at a time deliver them.
//!
//! `event_cursors` is global (no row-level security): it holds positions,
//! retry state and leases only, never an event. A dispatcher finds work by
//! joining it with `event_sequences` (companies whose last `seq` is past the
//! subscriber's position), leases one cursor, and only then reads that
//! company's events through a [`TenantTx`] of the company, under RLS like a
//! request.
//!
//! Life of a cursor: created at position 0 the first time its subscriber
//! looks for work after the company's first event; advanced by
//! [`Store::ack_events`] after a batch was handled; after a failed batch
//! its retry state records the attempt, the error and when to try again
//! (a retry delivers the first undelivered event alone, so that a cursor
//! which gives up stops at the very event that fails); after the last
//! attempt it is `dead`: that subscriber stops for that company only, until
//! an operator retries or skips the event (`guanxi events`).

use std::time::Duration;

use chrono::{DateTime, Utc};
use guanxi_core::{Error, FieldError, Result, TenantId};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QueryResult, Statement};
use uuid::Uuid;

use crate::db::{Access, Backend, Store, TenantTx, db_err, statement};
use crate::entity::{domain_event, tenant_slug};

use super::{StoredEvent, read_after};

/// Longest error text kept on a cursor (the column's width).
const ERROR_MAX_CHARS: usize = 500;

/// Cursors one claim may find empty (their events pruned) and move past
/// before giving up until the next poll.
const CLAIM_SKIPS: usize = 16;

/// Whether `name` can name a subscriber: lowercase ASCII letters, digits,
/// `.`, `_` and `-`, 1 to 64 characters, e.g. `search.indexer`.
pub fn is_valid_subscriber(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

fn check_subscriber(name: &str) -> Result<()> {
    if is_valid_subscriber(name) {
        Ok(())
    } else {
        Err(Error::Validation(vec![FieldError::new("subscriber", "invalid", "not a valid subscriber name")]))
    }
}

/// SQL text with its bound values; placeholders are numbered in the order
/// values are bound, and times come from the database's clock on
/// PostgreSQL (so replicas agree on when a lease runs out whatever their
/// own clocks say) and from this process's on SQLite (a single process).
struct Sql {
    backend: DbBackend,
    values: Vec<sea_orm::Value>,
}

impl Sql {
    fn new(backend: DbBackend) -> Sql {
        Sql { backend, values: Vec::new() }
    }

    fn bind(&mut self, v: impl Into<sea_orm::Value>) -> String {
        self.values.push(v.into());
        format!("${}", self.values.len())
    }

    fn now(&mut self) -> String {
        match self.backend {
            DbBackend::Postgres => "now()".to_owned(),
            _ => self.bind(Utc::now()),
        }
    }

    fn after(&mut self, d: Duration) -> String {
        match self.backend {
            DbBackend::Postgres => format!("now() + make_interval(secs => {})", self.bind(d.as_secs_f64())),
            _ => self.bind(Utc::now() + crate::auth::chrono(d)),
        }
    }

    fn statement(self, sql: &str) -> Statement {
        statement(self.backend, sql, self.values)
    }
}

/// Where a cursor stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorStatus {
    /// Up to date, or delivering without trouble.
    Ok,
    /// The last batch failed; a retry is scheduled.
    Retrying,
    /// Gave up after the last attempt; waits for an operator.
    Dead,
}

impl CursorStatus {
    /// The name shown to operators.
    pub fn as_str(self) -> &'static str {
        match self {
            CursorStatus::Ok => "ok",
            CursorStatus::Retrying => "retrying",
            CursorStatus::Dead => "dead",
        }
    }
}

/// One subscriber's cursor over one company's events, as operators see it.
#[derive(Clone, Debug, PartialEq)]
pub struct EventCursor {
    /// The subscriber.
    pub subscriber: String,
    /// The company.
    pub tenant_id: TenantId,
    /// One of the company's slugs, when it still has one.
    pub slug: Option<String>,
    /// The last `seq` delivered (0: none yet).
    pub position: i64,
    /// The company's last `seq`.
    pub last_seq: i64,
    /// Failed attempts at the batch after `position`.
    pub attempts: i32,
    /// When the next attempt is due, while retrying.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Ok, retrying or dead.
    pub status: CursorStatus,
    /// Last change of the cursor.
    pub updated_at: DateTime<Utc>,
}

/// How far behind one subscriber is, over every company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriberLag {
    /// The subscriber.
    pub subscriber: String,
    /// Events not yet delivered, summed over companies (dead cursors included).
    pub events_behind: i64,
    /// Companies with events not yet delivered.
    pub companies_behind: i64,
    /// Companies where the subscriber has given up (dead cursors).
    pub dead: i64,
    /// When the oldest event not yet delivered was written (`None`: none
    /// pending). Read from the [`OLDEST_SAMPLE`] companies that have waited
    /// longest, which the dispatcher serves first: the event waiting
    /// longest is among them unless more companies than that are behind at
    /// once, and then the figure errs low only by events that wait less.
    pub oldest_pending_at: Option<DateTime<Utc>>,
}

/// How many of the longest-waiting companies [`Store::event_lag`] reads the
/// oldest pending event of (one short read transaction each).
pub const OLDEST_SAMPLE: u64 = 20;

/// A batch of one company's events leased to one dispatcher for one
/// subscriber. Only [`Store::claim_events`] makes one; hand it back with
/// [`Store::ack_events`], [`Store::fail_events`] or
/// [`Store::release_events`].
#[derive(Clone, Debug)]
pub struct ClaimedEvents {
    subscriber: String,
    tenant_id: TenantId,
    position: i64,
    attempt: i32,
    worker_id: String,
    lease: Duration,
    events: Vec<StoredEvent>,
}

impl ClaimedEvents {
    /// The subscriber.
    pub fn subscriber(&self) -> &str {
        &self.subscriber
    }
    /// The company.
    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }
    /// The events, in `seq` order, never empty. After a failure this is
    /// the first undelivered event alone.
    pub fn events(&self) -> &[StoredEvent] {
        &self.events
    }
    /// Which attempt at this batch this is, from 1.
    pub fn attempt(&self) -> i32 {
        self.attempt
    }
    /// The cursor's position before the batch (its first event is the
    /// first after it that is still stored).
    pub fn position(&self) -> i64 {
        self.position
    }
}

/// How delivering a claimed batch failed, as the dispatcher decided.
#[derive(Clone, Debug)]
pub enum EventFailure {
    /// Try the batch's first event again after `delay`.
    RetryAfter {
        /// Why it failed.
        error: String,
        /// How long to wait.
        delay: Duration,
    },
    /// Give up: the cursor is dead at the batch until an operator acts.
    Dead {
        /// Why it failed.
        error: String,
    },
}

fn cut(s: &str) -> String {
    match s.char_indices().nth(ERROR_MAX_CHARS) {
        Some((i, _)) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

fn cursor_from_row(r: &QueryResult) -> Result<EventCursor> {
    let dead: bool = r.try_get("", "dead").map_err(db_err)?;
    let attempts: i32 = r.try_get("", "attempts").map_err(db_err)?;
    Ok(EventCursor {
        subscriber: r.try_get("", "subscriber").map_err(db_err)?,
        tenant_id: TenantId(r.try_get::<Uuid>("", "tenant_id").map_err(db_err)?),
        slug: r.try_get("", "slug").map_err(db_err)?,
        position: r.try_get("", "position").map_err(db_err)?,
        last_seq: r.try_get::<Option<i64>>("", "last_seq").map_err(db_err)?.unwrap_or(0),
        attempts,
        next_attempt_at: r.try_get("", "next_attempt_at").map_err(db_err)?,
        last_error: r.try_get("", "last_error").map_err(db_err)?,
        status: if dead {
            CursorStatus::Dead
        } else if attempts > 0 {
            CursorStatus::Retrying
        } else {
            CursorStatus::Ok
        },
        updated_at: r.try_get("", "updated_at").map_err(db_err)?,
    })
}

const CURSOR_COLUMNS: &str = "c.subscriber, c.tenant_id, c.position, c.attempts, c.next_attempt_at, c.last_error, \
     c.dead, c.updated_at, s.last_seq, (SELECT MIN(t.slug) FROM tenant_slugs t WHERE t.tenant_id = c.tenant_id) AS slug";

impl Store {
    /// Give `subscriber` a cursor at position 0 for every company that has
    /// events and none yet. New companies (and a new subscriber) thus start
    /// from the oldest event still stored.
    async fn open_cursors(&self, conn: &impl ConnectionTrait, subscriber: &str) -> Result<()> {
        let mut q = Sql::new(conn.get_database_backend());
        let sub = q.bind(subscriber);
        let no = q.bind(false);
        let now = q.now();
        // `WHERE` before `ON CONFLICT`: SQLite needs it to parse the upsert.
        let sql = format!(
            "INSERT INTO event_cursors (subscriber, tenant_id, position, attempts, dead, updated_at) \
             SELECT {sub}, s.tenant_id, 0, 0, {no}, {now} FROM event_sequences s \
             WHERE NOT EXISTS (SELECT 1 FROM event_cursors c WHERE c.subscriber = {sub} AND c.tenant_id = s.tenant_id) \
             ON CONFLICT (subscriber, tenant_id) DO NOTHING"
        );
        conn.execute(q.statement(&sql)).await.map_err(db_err)?;
        Ok(())
    }

    /// Lease the next company with events `subscriber` has not had yet to
    /// `worker_id` for `lease`, and read up to `batch` of them (one, when
    /// the last attempt failed). `None` when no company is due.
    ///
    /// Due means: not dead, no retry pending for later, not leased to a
    /// live worker, and events past the cursor. Among due companies, the
    /// one whose cursor changed longest ago goes first, so companies take
    /// turns. On PostgreSQL the lease is taken with `FOR UPDATE SKIP
    /// LOCKED`, so two replicas never hold one cursor at once and neither
    /// waits for the other; SQLite's single writer serialises claims.
    pub async fn claim_events(
        &self,
        subscriber: &str,
        worker_id: &str,
        lease: Duration,
        batch: u64,
    ) -> Result<Option<ClaimedEvents>> {
        check_subscriber(subscriber)?;
        self.open_cursors(&self.db, subscriber).await?;
        for _ in 0..CLAIM_SKIPS {
            let Some((tenant, position, attempts, last_seq)) = self.lease_cursor(subscriber, worker_id, lease).await?
            else {
                return Ok(None);
            };
            let limit = if attempts > 0 { 1 } else { batch.max(1) };
            let tx = TenantTx::begin(self, tenant, Access::Read).await?;
            let events = read_after(&tx, position, limit).await?;
            tx.commit().await?;
            let claim = ClaimedEvents {
                subscriber: subscriber.to_owned(),
                tenant_id: tenant,
                position,
                attempt: attempts + 1,
                worker_id: worker_id.to_owned(),
                lease,
                events,
            };
            if claim.events.is_empty() {
                // Everything past the cursor was pruned (a dead cursor
                // revived after the retention period): nothing to deliver.
                tracing::warn!(subscriber, tenant_id = %tenant, position, last_seq, "events were pruned before delivery");
                self.advance(&claim, last_seq).await?;
                continue;
            }
            if let Some(first) = claim.events.first()
                && first.seq > position + 1
            {
                tracing::warn!(
                    subscriber,
                    tenant_id = %tenant,
                    from = position + 1,
                    to = first.seq - 1,
                    "events were pruned before delivery"
                );
            }
            return Ok(Some(claim));
        }
        Ok(None)
    }

    /// Lease one due cursor; its tenant, position, attempts and the
    /// company's last `seq`.
    async fn lease_cursor(
        &self,
        subscriber: &str,
        worker_id: &str,
        lease: Duration,
    ) -> Result<Option<(TenantId, i64, i32, i64)>> {
        let backend = self.db.get_database_backend();
        let mut q = Sql::new(backend);
        let until = q.after(lease);
        let by = q.bind(worker_id);
        let sub = q.bind(subscriber);
        let now = q.now();
        let lock = if self.backend == Backend::Postgres { "FOR UPDATE OF c SKIP LOCKED" } else { "" };
        let sql = format!(
            "UPDATE event_cursors SET locked_until = {until}, locked_by = {by} \
             WHERE subscriber = {sub} AND tenant_id = ( \
               SELECT c.tenant_id FROM event_cursors c JOIN event_sequences s ON s.tenant_id = c.tenant_id \
               WHERE c.subscriber = {sub} AND NOT c.dead AND s.last_seq > c.position \
               AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= {now}) \
               AND (c.locked_until IS NULL OR c.locked_until < {now}) \
               ORDER BY c.updated_at, c.tenant_id LIMIT 1 {lock}) \
             RETURNING tenant_id, position, attempts"
        );
        let Some(row) = self.db.query_one(q.statement(&sql)).await.map_err(db_err)? else {
            return Ok(None);
        };
        let tenant = TenantId(row.try_get::<Uuid>("", "tenant_id").map_err(db_err)?);
        let position: i64 = row.try_get("", "position").map_err(db_err)?;
        let attempts: i32 = row.try_get("", "attempts").map_err(db_err)?;
        let mut q = Sql::new(backend);
        let t = q.bind(tenant.0);
        let last = self
            .db
            .query_one(q.statement(&format!("SELECT last_seq FROM event_sequences WHERE tenant_id = {t}")))
            .await
            .map_err(db_err)?
            .map(|r| r.try_get::<i64>("", "last_seq"))
            .transpose()
            .map_err(db_err)?
            .unwrap_or(position);
        Ok(Some((tenant, position, attempts, last)))
    }

    /// The claim's own cursor, still leased to it at the claim's position:
    /// every write by a dispatcher is fenced by this, so one that lost its
    /// lease (stalled past it) cannot move a cursor another one holds now.
    fn fenced(q: &mut Sql, claim: &ClaimedEvents) -> String {
        format!(
            "subscriber = {} AND tenant_id = {} AND locked_by = {} AND position = {} AND NOT dead",
            q.bind(claim.subscriber.as_str()),
            q.bind(claim.tenant_id.0),
            q.bind(claim.worker_id.as_str()),
            q.bind(claim.position),
        )
    }

    async fn advance(&self, claim: &ClaimedEvents, to: i64) -> Result<bool> {
        let mut q = Sql::new(self.db.get_database_backend());
        let to = q.bind(to);
        let now = q.now();
        let fence = Self::fenced(&mut q, claim);
        let sql = format!(
            "UPDATE event_cursors SET position = {to}, attempts = 0, next_attempt_at = NULL, last_error = NULL, \
             locked_until = NULL, locked_by = NULL, updated_at = {now} WHERE {fence}"
        );
        let r = self.db.execute(q.statement(&sql)).await.map_err(db_err)?;
        Ok(r.rows_affected() > 0)
    }

    /// Record that the claimed batch was handled: the cursor moves past its
    /// last event and its retry state is cleared. False when the claim had
    /// lost its lease and another dispatcher holds the cursor now (that one
    /// delivers the batch again: delivery is at least once).
    pub async fn ack_events(&self, claim: &ClaimedEvents) -> Result<bool> {
        let last = claim.events.last().map_or(claim.position, |e| e.seq);
        self.advance(claim, last).await
    }

    /// Record that handling the claimed batch failed: a retry after a
    /// delay, or a dead cursor. False when the claim had lost its lease.
    pub async fn fail_events(&self, claim: &ClaimedEvents, failure: EventFailure) -> Result<bool> {
        let mut q = Sql::new(self.db.get_database_backend());
        let attempts = q.bind(claim.attempt);
        let now = q.now();
        let (error, next, dead) = match &failure {
            EventFailure::RetryAfter { error, delay } => (q.bind(cut(error)), q.after(*delay), q.bind(false)),
            EventFailure::Dead { error } => (q.bind(cut(error)), "NULL".to_owned(), q.bind(true)),
        };
        let fence = Self::fenced(&mut q, claim);
        let sql = format!(
            "UPDATE event_cursors SET attempts = {attempts}, last_error = {error}, next_attempt_at = {next}, \
             dead = {dead}, locked_until = NULL, locked_by = NULL, updated_at = {now} WHERE {fence}"
        );
        let r = self.db.execute(q.statement(&sql)).await.map_err(db_err)?;
        Ok(r.rows_affected() > 0)
    }

    /// Extend the claim's lease (a dispatcher does while its subscriber
    /// works). False when it was lost.
    pub async fn renew_events_lease(&self, claim: &ClaimedEvents) -> Result<bool> {
        let mut q = Sql::new(self.db.get_database_backend());
        let until = q.after(claim.lease);
        let fence = Self::fenced(&mut q, claim);
        let sql = format!("UPDATE event_cursors SET locked_until = {until} WHERE {fence}");
        let r = self.db.execute(q.statement(&sql)).await.map_err(db_err)?;
        Ok(r.rows_affected() > 0)
    }

    /// Give the claim's cursor up without recording an attempt (a
    /// dispatcher stopping mid-batch), so another replica takes it at once.
    pub async fn release_events(&self, claim: &ClaimedEvents) -> Result<()> {
        let mut q = Sql::new(self.db.get_database_backend());
        let fence = Self::fenced(&mut q, claim);
        let sql = format!("UPDATE event_cursors SET locked_until = NULL, locked_by = NULL WHERE {fence}");
        self.db.execute(q.statement(&sql)).await.map_err(db_err)?;
        Ok(())
    }

    /// Cursors for operators: every cursor of `subscriber` (all
    /// subscribers when `None`), or only those retrying or dead when
    /// `troubled_only`, by subscriber and company.
    pub async fn event_cursors(&self, subscriber: Option<&str>, troubled_only: bool) -> Result<Vec<EventCursor>> {
        let mut q = Sql::new(self.db.get_database_backend());
        let mut filter = String::from("1 = 1");
        if let Some(s) = subscriber {
            filter.push_str(&format!(" AND c.subscriber = {}", q.bind(s)));
        }
        if troubled_only {
            filter.push_str(" AND (c.dead OR c.attempts > 0)");
        }
        let sql = format!(
            "SELECT {CURSOR_COLUMNS} FROM event_cursors c LEFT JOIN event_sequences s ON s.tenant_id = c.tenant_id \
             WHERE {filter} ORDER BY c.subscriber, c.tenant_id"
        );
        let rows = self.db.query_all(q.statement(&sql)).await.map_err(db_err)?;
        rows.iter().map(cursor_from_row).collect()
    }

    /// One cursor; `NOT_FOUND` when the subscriber never looked at the company.
    pub async fn event_cursor(&self, subscriber: &str, tenant: TenantId) -> Result<EventCursor> {
        let mut q = Sql::new(self.db.get_database_backend());
        let sql = format!(
            "SELECT {CURSOR_COLUMNS} FROM event_cursors c LEFT JOIN event_sequences s ON s.tenant_id = c.tenant_id \
             WHERE c.subscriber = {} AND c.tenant_id = {}",
            q.bind(subscriber),
            q.bind(tenant.0)
        );
        let row = self.db.query_one(q.statement(&sql)).await.map_err(db_err)?.ok_or(Error::NotFound("cursor"))?;
        cursor_from_row(&row)
    }

    /// How far behind each of `subscribers` is, over every company
    /// (companies a subscriber has no cursor for yet count from 0).
    pub async fn event_lag(&self, subscribers: &[String]) -> Result<Vec<SubscriberLag>> {
        let mut out = Vec::with_capacity(subscribers.len());
        for name in subscribers {
            let mut q = Sql::new(self.db.get_database_backend());
            let sub = q.bind(name.as_str());
            // `CAST`: PostgreSQL sums bigints into a numeric.
            let sql = format!(
                "SELECT CAST(COALESCE(SUM(s.last_seq - COALESCE(c.position, 0)), 0) AS BIGINT) AS behind, \
                 COUNT(CASE WHEN s.last_seq > COALESCE(c.position, 0) THEN 1 END) AS companies, \
                 COUNT(CASE WHEN c.dead THEN 1 END) AS dead \
                 FROM event_sequences s LEFT JOIN event_cursors c ON c.tenant_id = s.tenant_id AND c.subscriber = {sub}"
            );
            let row = self
                .db
                .query_one(q.statement(&sql))
                .await
                .map_err(db_err)?
                .ok_or_else(|| Error::Internal("an aggregate returned no row".into()))?;
            out.push(SubscriberLag {
                subscriber: name.clone(),
                events_behind: row.try_get("", "behind").map_err(db_err)?,
                companies_behind: row.try_get("", "companies").map_err(db_err)?,
                dead: row.try_get("", "dead").map_err(db_err)?,
                oldest_pending_at: self.oldest_pending(name).await?,
            });
        }
        Ok(out)
    }

    /// When the oldest event `subscriber` has not had was written, over the
    /// [`OLDEST_SAMPLE`] companies whose cursor moved longest ago (companies
    /// without a cursor yet first). The events sit behind row-level
    /// security, so each company's is read in its own transaction.
    async fn oldest_pending(&self, subscriber: &str) -> Result<Option<DateTime<Utc>>> {
        let mut q = Sql::new(self.db.get_database_backend());
        let sub = q.bind(subscriber);
        let limit = q.bind(OLDEST_SAMPLE as i64);
        let sql = format!(
            "SELECT s.tenant_id, COALESCE(c.position, 0) AS position FROM event_sequences s \
             LEFT JOIN event_cursors c ON c.tenant_id = s.tenant_id AND c.subscriber = {sub} \
             WHERE s.last_seq > COALESCE(c.position, 0) \
             ORDER BY c.updated_at IS NOT NULL, c.updated_at, s.tenant_id LIMIT {limit}"
        );
        let rows = self.db.query_all(q.statement(&sql)).await.map_err(db_err)?;
        let mut oldest: Option<DateTime<Utc>> = None;
        for r in rows {
            let tenant = TenantId(r.try_get::<Uuid>("", "tenant_id").map_err(db_err)?);
            let position: i64 = r.try_get("", "position").map_err(db_err)?;
            let tx = TenantTx::begin(self, tenant, Access::Read).await?;
            let first = tx
                .select::<domain_event::Entity>()
                .filter(domain_event::Column::Seq.gt(position))
                .order_by_asc(domain_event::Column::Seq)
                .one(tx.conn())
                .await
                .map_err(db_err)?;
            tx.commit().await?;
            if let Some(e) = first {
                oldest = Some(oldest.map_or(e.created_at, |o| o.min(e.created_at)));
            }
        }
        Ok(oldest)
    }

    /// Revive a cursor: clear its attempts, error and dead state so the
    /// next dispatcher poll delivers from where it stopped. `NOT_FOUND`
    /// when there is no such cursor.
    pub async fn retry_event_cursor(&self, subscriber: &str, tenant: TenantId) -> Result<EventCursor> {
        self.reset_cursor(subscriber, tenant, false).await
    }

    /// Skip the event a dead cursor stopped at (the first undelivered one)
    /// and revive the cursor. `CONFLICT` when the cursor is not dead: a
    /// live one may be delivering that event right now.
    pub async fn skip_event(&self, subscriber: &str, tenant: TenantId) -> Result<EventCursor> {
        self.reset_cursor(subscriber, tenant, true).await
    }

    async fn reset_cursor(&self, subscriber: &str, tenant: TenantId, skip: bool) -> Result<EventCursor> {
        check_subscriber(subscriber)?;
        let before = self.event_cursor(subscriber, tenant).await?;
        if skip && before.status != CursorStatus::Dead {
            return Err(Error::Conflict(FieldError::new(
                "subscriber",
                "not_dead",
                "only a dead cursor can skip an event",
            )));
        }
        let to = if skip {
            // The first stored event after the position (earlier ones may
            // have been pruned).
            let tx = TenantTx::begin(self, tenant, Access::Read).await?;
            let next = read_after(&tx, before.position, 1).await?;
            tx.commit().await?;
            next.first().map_or(before.position, |e| e.seq)
        } else {
            before.position
        };
        let mut q = Sql::new(self.db.get_database_backend());
        let sql = format!(
            "UPDATE event_cursors SET position = {}, attempts = 0, next_attempt_at = NULL, last_error = NULL, \
             dead = {}, locked_until = NULL, locked_by = NULL, updated_at = {} \
             WHERE subscriber = {} AND tenant_id = {} AND position = {}",
            q.bind(to),
            q.bind(false),
            q.now(),
            q.bind(subscriber),
            q.bind(tenant.0),
            q.bind(before.position),
        );
        let r = self.db.execute(q.statement(&sql)).await.map_err(db_err)?;
        if r.rows_affected() == 0 {
            return Err(Error::Conflict(FieldError::new(
                "subscriber",
                "moved",
                "the cursor moved meanwhile; look again",
            )));
        }
        self.event_cursor(subscriber, tenant).await
    }

    /// Move a subscriber's cursor of one company forward to `position`,
    /// never back, after the subscriber's copy was rebuilt from the
    /// database as of that event (`guanxi reindex`), so the events it
    /// already reflects are not applied again. A cursor leased to a
    /// dispatcher right now is left alone (the events are then applied a
    /// second time, which idempotent subscribers allow). Returns whether
    /// it moved.
    pub async fn advance_event_cursor(&self, subscriber: &str, tenant: TenantId, position: i64) -> Result<bool> {
        check_subscriber(subscriber)?;
        self.open_cursors(&self.db, subscriber).await?;
        let mut q = Sql::new(self.db.get_database_backend());
        let sql = format!(
            "UPDATE event_cursors SET position = {pos}, attempts = 0, next_attempt_at = NULL, last_error = NULL, \
             dead = {no}, updated_at = {now} \
             WHERE subscriber = {sub} AND tenant_id = {tenant} AND position < {pos2} \
             AND (locked_until IS NULL OR locked_until < {now2})",
            pos = q.bind(position),
            no = q.bind(false),
            now = q.now(),
            sub = q.bind(subscriber),
            tenant = q.bind(tenant.0),
            pos2 = q.bind(position),
            now2 = q.now(),
        );
        let r = self.db.execute(q.statement(&sql)).await.map_err(db_err)?;
        Ok(r.rows_affected() > 0)
    }

    /// Forget every cursor of a subscriber that no longer exists, so it
    /// stops showing in lag and status. Returns how many were removed.
    pub async fn forget_subscriber(&self, subscriber: &str) -> Result<u64> {
        check_subscriber(subscriber)?;
        let mut q = Sql::new(self.db.get_database_backend());
        let sql = format!("DELETE FROM event_cursors WHERE subscriber = {}", q.bind(subscriber));
        Ok(self.db.execute(q.statement(&sql)).await.map_err(db_err)?.rows_affected())
    }

    /// The company a slug names, for operator commands.
    pub async fn tenant_by_slug(&self, slug: &str) -> Result<TenantId> {
        tenant_slug::Entity::find()
            .filter(tenant_slug::Column::Slug.eq(slug))
            .one(&self.db)
            .await
            .map_err(db_err)?
            .map(|s| TenantId(s.tenant_id))
            .ok_or(Error::NotFound("company"))
    }

    /// Delete events older than `retention` that every live cursor of
    /// `subscribers` has passed, company by company; returns how many.
    ///
    /// A live cursor (not dead) holds back every event after its position,
    /// however old: an event is never lost to a subscriber that is still
    /// trying. A dead cursor holds nothing back: its events go when they
    /// are older than the retention like any others, so one broken
    /// subscriber cannot make the outbox grow forever; reviving it later
    /// resumes at the oldest event still stored (logged as a gap).
    /// Cursors of subscribers not in `subscribers` (retired ones) hold
    /// nothing back either; companies without a cursor of a listed
    /// subscriber get one at 0 first, so a subscriber that has not looked
    /// yet keeps everything too.
    pub async fn prune_events(&self, retention: Duration, subscribers: &[String]) -> Result<u64> {
        for s in subscribers {
            check_subscriber(s)?;
            self.open_cursors(&self.db, s).await?;
        }
        let cutoff = Utc::now() - crate::auth::chrono(retention);
        let mut q = Sql::new(self.db.get_database_backend());
        let floor = if subscribers.is_empty() {
            "NULL".to_owned()
        } else {
            let list = subscribers.iter().map(|s| q.bind(s.as_str())).collect::<Vec<_>>().join(", ");
            format!(
                "(SELECT MIN(c.position) FROM event_cursors c WHERE c.tenant_id = s.tenant_id AND NOT c.dead \
                 AND c.subscriber IN ({list}))"
            )
        };
        let sql = format!("SELECT s.tenant_id, {floor} AS floor FROM event_sequences s");
        let rows = self.db.query_all(q.statement(&sql)).await.map_err(db_err)?;
        let mut deleted = 0;
        for row in rows {
            let tenant = TenantId(row.try_get::<Uuid>("", "tenant_id").map_err(db_err)?);
            // No live cursor: only the age counts.
            let floor = row.try_get::<Option<i64>>("", "floor").map_err(db_err)?.unwrap_or(i64::MAX);
            if floor <= 0 {
                continue;
            }
            let tx = TenantTx::begin(self, tenant, Access::Write).await?;
            let r = tx
                .delete_many::<domain_event::Entity>()
                .filter(domain_event::Column::Seq.lte(floor))
                .filter(domain_event::Column::CreatedAt.lt(cutoff))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            tx.commit().await?;
            deleted += r.rows_affected;
        }
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriber_names() {
        for ok in ["search.indexer", "webhooks", "billing-meters", "a_1"] {
            assert!(is_valid_subscriber(ok), "{ok}");
        }
        for bad in ["", "Search", "a b", "索引", &"x".repeat(65)] {
            assert!(!is_valid_subscriber(bad), "{bad}");
        }
    }

    #[test]
    fn errors_are_cut_by_characters() {
        assert_eq!(cut(&"错".repeat(600)).chars().count(), ERROR_MAX_CHARS);
        assert_eq!(cut("short"), "short");
    }
}
