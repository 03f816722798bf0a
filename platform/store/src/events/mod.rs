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

/// An event emitted on a transaction, not yet in the outbox.
#[derive(Debug)]
pub(crate) struct Pending {
    pub(crate) event: DomainEvent,
    pub(crate) actor: Option<UserId>,
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
    let n = i64::try_from(pending.len()).map_err(Error::internal)?;
    let conn = tx.conn();
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        return append_postgres(tx, n, pending).await;
    }
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
        seq += 1;
        rows.push(domain_event::ActiveModel {
            tenant_id: Set(tx.tenant_id().0),
            seq: Set(seq),
            kind: Set(p.event.kind().to_owned()),
            entity_id: Set(p.event.entity_id()),
            actor_id: Set(p.actor.map(|a| a.0)),
            payload: Set(serde_json::to_value(&p.event).map_err(Error::internal)?),
            created_at: Set(tx.now),
        });
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(APPEND_CHUNK).collect();
        tx.insert_many(chunk).exec_without_returning(conn).await.map_err(db_err)?;
    }
    Ok(())
}

/// [`flush`] on PostgreSQL, in one statement: the counter's upsert (the
/// same row lock, taken at the same point) feeds the insert, and the `n`
/// events travel as one JSON document unpacked by `jsonb_to_recordset`, a
/// statement of four parameters however many there are. A single edit
/// pays one round trip for its event, not two; a regrade's or an import's
/// batch appends thousands, which as bound values would take several
/// statements and much of the batch's time.
async fn append_postgres(tx: &TenantTx, n: i64, pending: Vec<Pending>) -> Result<()> {
    let mut doc = Vec::with_capacity(pending.len());
    for (i, p) in pending.into_iter().enumerate() {
        doc.push(serde_json::json!({
            "i": i + 1, "kind": p.event.kind(), "entity_id": p.event.entity_id(),
            "actor_id": p.actor.map(|a| a.0), "payload": serde_json::to_value(&p.event).map_err(Error::internal)?,
        }));
    }
    tx.conn()
        .execute(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "WITH s AS (INSERT INTO event_sequences (tenant_id, last_seq) VALUES ($1, $2) \
                 ON CONFLICT (tenant_id) DO UPDATE SET last_seq = event_sequences.last_seq + excluded.last_seq \
                 RETURNING last_seq) \
             INSERT INTO domain_events (tenant_id, seq, kind, entity_id, actor_id, payload, created_at) \
             SELECT $1, s.last_seq - $2 + x.i, x.kind, x.entity_id, x.actor_id, x.payload, $3 \
             FROM s, jsonb_to_recordset($4::jsonb) \
                 AS x(i bigint, kind text, entity_id uuid, actor_id uuid, payload jsonb)",
            [tx.tenant_id().0.into(), n.into(), tx.now.into(), serde_json::Value::Array(doc).into()],
        ))
        .await
        .map_err(db_err)?;
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
        event: serde_json::from_value(m.payload).map_err(Error::internal)?,
    })
}
