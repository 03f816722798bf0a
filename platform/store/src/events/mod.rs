//! Domain events in a transactional outbox.
//!
//! A write path emits [`DomainEvent`]s on its [`TenantTx`]
//! (`tx.emit(..)`); at commit they are appended to `domain_events` in the
//! same transaction, so an event exists if and only if its change does.
//! Each company's events are numbered from 1 by `event_sequences`, whose
//! row the committing transaction updates last: a second writer of the same
//! company waits there until the first commits, so events become visible in
//! sequence order and a reader that has seen `seq` n never later finds a
//! committed event below n. The row is taken at commit, not at the first
//! write, so writers of one company overlap for everything but their
//! commit.
//!
//! Delivery to subscribers (the search indexer, workflows, webhooks …) is
//! in [`cursors`]: each subscriber keeps its own position per company in
//! `event_cursors`, leased to one dispatcher at a time.

mod cursors;

pub use cursors::{ClaimedEvents, CursorStatus, EventCursor, EventFailure, SubscriberLag, is_valid_subscriber};

use chrono::{DateTime, Utc};
use guanxi_core::{DomainEvent, Error, Result, TenantId, UserId};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::{TenantTx, db_err, statement};
use crate::entity::domain_event;

/// Events emitted on a transaction, not yet in the outbox.
#[derive(Debug)]
pub(crate) enum Pending {
    /// One event, built by the write path.
    One { event: DomainEvent, actor: Option<UserId> },
    /// Events the database builds at commit from rows the transaction
    /// wrote (PostgreSQL only).
    Derived(Derived),
}

/// Events of a bulk write built by the database from the rows the write
/// just made, rather than built in Rust and sent back as JSON: a regrade's
/// batch changes thousands of grades, and sending each one's event again
/// cost more than writing the grades did.
#[derive(Debug)]
pub(crate) struct Derived {
    /// How many events the statement appends: exactly this many, or the
    /// commit fails (a sequence number must never be skipped).
    pub(crate) count: i64,
    /// `INSERT INTO domain_events … SELECT …` with `$1` the company, `$2`
    /// the sequence number just before its first event (its events take
    /// `$2 + 1 ..= $2 + count`, in their order) and `$3` the commit's time.
    pub(crate) sql: &'static str,
    /// Its further parameters, `$4` on.
    pub(crate) values: Vec<sea_orm::Value>,
}

/// An event as stored in the outbox.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    /// The company.
    pub tenant_id: TenantId,
    /// Its number in the company's sequence.
    pub seq: i64,
    /// Who acted (none for the system).
    pub actor_id: Option<UserId>,
    /// When the change was made.
    pub created_at: DateTime<Utc>,
    /// How deep in a chain of workflows the change was made: 0 for people,
    /// integrations and the system; a workflow run's changes are one deeper
    /// than the event that started the run.
    pub depth: i16,
    /// The event.
    pub event: DomainEvent,
}

/// Rows per `INSERT` when appending events (eight values a row, well under
/// either database's limit on bound values).
const APPEND_CHUNK: usize = 1_000;

/// Append the transaction's pending events to the outbox. Called by
/// [`TenantTx::commit`]; a no-op when there are none.
pub(crate) async fn flush(tx: &TenantTx) -> Result<()> {
    let pending = std::mem::take(&mut *tx.events.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    if pending.is_empty() {
        return Ok(());
    }
    let conn = tx.conn();
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        return append_postgres(tx, pending).await;
    }
    let n = i64::try_from(pending.len()).map_err(Error::internal)?;
    let row = conn
        .query_one(statement(
            conn.get_database_backend(),
            "INSERT INTO event_sequences (tenant_id, last_seq) VALUES ($1, $2) \
             ON CONFLICT (tenant_id) DO UPDATE SET last_seq = event_sequences.last_seq + excluded.last_seq \
             RETURNING last_seq",
            vec![tx.tenant_id().0.into(), n.into()],
        ))
        .await
        .map_err(db_err)?
        .ok_or_else(|| Error::Internal("the event sequence returned no row".into()))?;
    let last: i64 = row.try_get("", "last_seq").map_err(db_err)?;
    let mut seq = last - n;
    let mut rows = Vec::with_capacity(pending.len());
    for p in pending {
        let Pending::One { event, actor } = p else {
            return Err(Error::Internal("events derived in SQL are written on PostgreSQL only".into()));
        };
        seq += 1;
        rows.push(domain_event::ActiveModel {
            tenant_id: Set(tx.tenant_id().0),
            seq: Set(seq),
            kind: Set(event.kind().to_owned()),
            entity_id: Set(event.entity_id()),
            actor_id: Set(actor.map(|a| a.0)),
            payload: Set(serde_json::to_value(&event).map_err(Error::internal)?),
            created_at: Set(tx.now),
            depth: Set(tx.depth),
        });
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(APPEND_CHUNK).collect();
        tx.insert_many(chunk).exec_without_returning(conn).await.map_err(db_err)?;
    }
    Ok(())
}

/// [`flush`] on PostgreSQL. Events built in Rust travel as one JSON
/// document unpacked by `jsonb_to_recordset`, a statement of four
/// parameters however many there are (as bound values, a batch of
/// thousands would take several statements and much of the batch's time).
/// When they are all there is, the counter's upsert (the same row lock,
/// taken at the same point) feeds the insert in the same statement, so a
/// single edit pays one round trip for its event. With events derived in
/// SQL, the counter is moved once for all of them first and each run of
/// events is appended in order after it.
async fn append_postgres(tx: &TenantTx, pending: Vec<Pending>) -> Result<()> {
    let n: i64 = pending
        .iter()
        .map(|p| match p {
            Pending::One { .. } => 1,
            Pending::Derived(d) => d.count,
        })
        .sum();
    let tenant = tx.tenant_id().0;
    if pending.iter().all(|p| matches!(p, Pending::One { .. })) {
        let doc = json_events(pending)?;
        return execute(
            tx,
            "WITH s AS (INSERT INTO event_sequences (tenant_id, last_seq) VALUES ($1, $2) \
                 ON CONFLICT (tenant_id) DO UPDATE SET last_seq = event_sequences.last_seq + excluded.last_seq \
                 RETURNING last_seq) \
             INSERT INTO domain_events (tenant_id, seq, kind, entity_id, actor_id, payload, created_at, depth) \
             SELECT $1, s.last_seq - $2 + x.i, x.kind, x.entity_id, x.actor_id, x.payload, $3, $5 \
             FROM s, jsonb_to_recordset($4::jsonb) \
                 AS x(i bigint, kind text, entity_id uuid, actor_id uuid, payload jsonb)",
            vec![tenant.into(), n.into(), tx.now.into(), doc.into(), tx.depth.into()],
            n,
        )
        .await;
    }
    let row = tx
        .conn()
        .query_one(statement(
            sea_orm::DbBackend::Postgres,
            "INSERT INTO event_sequences (tenant_id, last_seq) VALUES ($1, $2) \
             ON CONFLICT (tenant_id) DO UPDATE SET last_seq = event_sequences.last_seq + excluded.last_seq \
             RETURNING last_seq",
            vec![tenant.into(), n.into()],
        ))
        .await
        .map_err(db_err)?
        .ok_or_else(|| Error::Internal("the event sequence returned no row".into()))?;
    let mut before = row.try_get::<i64>("", "last_seq").map_err(db_err)? - n;
    let mut pending = pending.into_iter().peekable();
    while let Some(p) = pending.next() {
        match p {
            Pending::Derived(d) => {
                let mut values = vec![tenant.into(), before.into(), tx.now.into()];
                values.extend(d.values);
                execute(tx, d.sql, values, d.count).await?;
                before += d.count;
            }
            one @ Pending::One { .. } => {
                let mut run = vec![one];
                while let Some(next) = pending.next_if(|p| matches!(p, Pending::One { .. })) {
                    run.push(next);
                }
                let count = i64::try_from(run.len()).map_err(Error::internal)?;
                let doc = json_events(run)?;
                execute(
                    tx,
                    "INSERT INTO domain_events (tenant_id, seq, kind, entity_id, actor_id, payload, created_at, depth) \
                     SELECT $1, $2 + x.i, x.kind, x.entity_id, x.actor_id, x.payload, $3, $5 \
                     FROM jsonb_to_recordset($4::jsonb) \
                         AS x(i bigint, kind text, entity_id uuid, actor_id uuid, payload jsonb)",
                    vec![tenant.into(), before.into(), tx.now.into(), doc.into(), tx.depth.into()],
                    count,
                )
                .await?;
                before += count;
            }
        }
    }
    Ok(())
}

/// Events built in Rust as the JSON document [`append_postgres`] unpacks,
/// numbered from 1 in their order.
fn json_events(pending: Vec<Pending>) -> Result<serde_json::Value> {
    let mut doc = Vec::with_capacity(pending.len());
    for (i, p) in pending.into_iter().enumerate() {
        if let Pending::One { event, actor } = p {
            doc.push(serde_json::json!({
                "i": i + 1, "kind": event.kind(), "entity_id": event.entity_id(),
                "actor_id": actor.map(|a| a.0), "payload": serde_json::to_value(&event).map_err(Error::internal)?,
            }));
        }
    }
    Ok(serde_json::Value::Array(doc))
}

/// Run one append, which must write exactly `count` events.
async fn execute(tx: &TenantTx, sql: &str, values: Vec<sea_orm::Value>, count: i64) -> Result<()> {
    let done = tx
        .conn()
        .execute(sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Postgres, sql, values))
        .await
        .map_err(db_err)?;
    if i64::try_from(done.rows_affected()).ok() != Some(count) {
        return Err(Error::Internal(
            format!("{} events appended where {count} were emitted", done.rows_affected()).into(),
        ));
    }
    Ok(())
}

/// Append `event` to the outbox of `tx`'s company when `tx` commits, by
/// `tx`'s actor, exactly as a write path's own event. For subscribers'
/// tests and operator tools that need events without a change behind them;
/// product code emits from its write path instead.
pub fn append(tx: &TenantTx, event: DomainEvent) {
    tx.emit(event);
}

/// The company's events after `after`, oldest first, at most `limit`.
pub async fn read_after(tx: &TenantTx, after: i64, limit: u64) -> Result<Vec<StoredEvent>> {
    let rows = tx
        .select::<domain_event::Entity>()
        .filter(domain_event::Column::Seq.gt(after))
        .order_by_asc(domain_event::Column::Seq)
        .limit(limit)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    rows.into_iter().map(stored).collect()
}

fn stored(m: domain_event::Model) -> Result<StoredEvent> {
    Ok(StoredEvent {
        tenant_id: TenantId(m.tenant_id),
        seq: m.seq,
        actor_id: m.actor_id.map(UserId),
        created_at: m.created_at,
        depth: m.depth,
        event: serde_json::from_value(m.payload).map_err(Error::internal)?,
    })
}
