//! Outgoing mail. Mail is written to the outbox in the same transaction as
//! the change that causes it. With no SMTP relay configured it stays there,
//! `queued`, and admins read it; with one, a delivery worker sends it.
//!
//! Delivery: every mail to send has a row in the global table `mail_queue`
//! (mail id, tenant id and scheduling only). A worker of any replica leases
//! the first due row — on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so two
//! workers never hold the same mail at once — then reads the mail through a
//! [`TenantTx`] of its tenant, under row-level security like every request.
//! A sent mail leaves the queue as `sent`; a failed attempt goes back with
//! a growing delay, and after the last attempt the mail is `dead` (an admin
//! may send it again with [`retry`]). A worker that dies mid-send loses its
//! lease and another worker sends the mail again: at least once, never by
//! two workers at the same time.

use std::time::Duration;

use chrono::{DateTime, Utc};
use guanxi_core::{Action, Error, FieldError, Result, TenantId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use uuid::Uuid;

use crate::audit;
use crate::audit::AuditAction;
use crate::auth::chrono;
use crate::db::{Access, Backend, Store, TenantTx, db_err};
use crate::entity::{mail_outbox, mail_queue};

/// Subjects are cut to this many characters (the column's width).
const SUBJECT_MAX_CHARS: usize = 300;
/// Errors are kept to this many characters (the column's width).
const ERROR_MAX_CHARS: usize = 500;
/// Stale queue rows (of sent, dead or deleted mails) one claim may clear
/// before giving up until the next poll.
const CLAIM_SKIPS: usize = 16;

/// Where a mail stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailStatus {
    /// Not sent yet: waiting for the delivery worker (or for a retry), or,
    /// with no relay configured, kept for admins to read.
    Queued,
    /// Accepted by the SMTP relay.
    Sent,
    /// Every attempt failed; `last_error` says why. An admin may retry it.
    Dead,
}

impl MailStatus {
    /// The stored name, also shown by the API.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sent => "sent",
            MailStatus::Dead => "dead",
        }
    }
}

/// A mail in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// Id.
    pub id: Uuid,
    /// Kind, e.g. `invitation`, `password_reset`, `email_verification`.
    pub kind: String,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// `queued`, `sent` or `dead` (see [`MailStatus`]).
    pub status: String,
    /// Queued.
    pub created_at: DateTime<Utc>,
    /// Accepted by the relay.
    pub sent_at: Option<DateTime<Utc>>,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When the next attempt is due (queued mail with a relay configured).
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl From<mail_outbox::Model> for Mail {
    fn from(m: mail_outbox::Model) -> Self {
        Mail {
            id: m.id,
            kind: m.kind,
            to: m.to_address,
            subject: m.subject,
            body: m.body_text,
            status: m.status,
            created_at: m.created_at,
            sent_at: m.sent_at,
            attempts: m.attempts,
            last_error: m.last_error,
            next_attempt_at: m.next_attempt_at,
        }
    }
}

/// `s` on one line: control characters (CR and LF above all, which would
/// start a new header in a naive mailer) become spaces, cut to `max` characters.
fn one_line(s: &str, max: usize) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).take(max).collect::<String>().trim().to_owned()
}

/// Queue a mail in `tx`: it exists only if `tx` commits. With delivery
/// enabled it is also put on the delivery queue, due at once.
pub(crate) async fn enqueue(tx: &TenantTx, kind: &str, to: &str, subject: &str, body: &str) -> Result<()> {
    enqueue_for(tx, kind, to, subject, body, None).await
}

/// [`enqueue`] a mail to a customer, kept in the customer's send log.
pub(crate) async fn enqueue_for(
    tx: &TenantTx,
    kind: &str,
    to: &str,
    subject: &str,
    body: &str,
    customer: Option<Uuid>,
) -> Result<()> {
    let id = Uuid::now_v7();
    let deliver = tx.cfg.mail_delivery;
    tx.insert(mail_outbox::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(id),
        kind: Set(kind.to_owned()),
        to_address: Set(one_line(to, 254)),
        subject: Set(one_line(subject, SUBJECT_MAX_CHARS)),
        body_text: Set(body.to_owned()),
        status: Set(MailStatus::Queued.as_str().to_owned()),
        created_at: Set(tx.now),
        sent_at: Set(None),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(deliver.then_some(tx.now)),
        customer_id: Set(customer),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    if deliver {
        queue(tx, id).await?;
    }
    Ok(())
}

async fn queue(tx: &TenantTx, id: Uuid) -> Result<()> {
    mail_queue::Entity::insert(mail_queue::ActiveModel {
        mail_id: Set(id),
        tenant_id: Set(tx.tenant_id().0),
        run_after: Set(tx.now),
        locked_until: Set(None),
        locked_by: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The mails sent to a customer the caller may see, newest first, at most
/// `limit`: its send log (care mails, a workflow's mails to it).
pub async fn of_customer(tx: &TenantTx, customer: guanxi_core::CustomerId, limit: u64) -> Result<Vec<Mail>> {
    let scope = guanxi_core::customer::CustomerScope::of(tx.actor()?)?;
    crate::customers::visible_row(tx, &scope, customer).await?;
    Ok(tx
        .select::<mail_outbox::Entity>()
        .filter(mail_outbox::Column::CustomerId.eq(customer.0))
        .order_by_desc(mail_outbox::Column::Id)
        .limit(limit)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(Mail::from)
        .collect())
}

/// The newest mails, newest first. Admins only.
pub async fn list(tx: &TenantTx, limit: u64) -> Result<Vec<Mail>> {
    tx.actor()?.authorize(&Action::ViewAuditLog)?;
    Ok(tx
        .select::<mail_outbox::Entity>()
        .order_by_desc(mail_outbox::Column::Id)
        .limit(limit.clamp(1, 200))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(Mail::from)
        .collect())
}

/// Send a dead mail again: it is queued with a fresh set of attempts.
/// Admins only; any other mail is a conflict, an unknown id `NOT_FOUND`.
pub async fn retry(tx: &TenantTx, id: Uuid) -> Result<Mail> {
    tx.actor()?.authorize(&Action::ManageSettings)?;
    let m = tx
        .select::<mail_outbox::Entity>()
        .filter(mail_outbox::Column::Id.eq(id))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("mail"))?;
    if m.status != MailStatus::Dead.as_str() {
        return Err(Error::Conflict(FieldError::new(
            "id",
            "not_dead",
            "only a mail whose delivery failed can be retried",
        )));
    }
    let deliver = tx.cfg.mail_delivery;
    tx.update_many::<mail_outbox::Entity>()
        .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Queued.as_str()))
        .col_expr(mail_outbox::Column::Attempts, Expr::value(0))
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(deliver.then_some(tx.now)))
        .filter(mail_outbox::Column::Id.eq(id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if deliver {
        queue(tx, id).await?;
    }
    audit::record(tx, AuditAction::MailRetry, "mail", Some(id), serde_json::json!({ "to": m.to_address })).await?;
    tx.select::<mail_outbox::Entity>()
        .filter(mail_outbox::Column::Id.eq(id))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .map(Mail::from)
        .ok_or(Error::NotFound("mail"))
}

/// A mail leased to one delivery worker, to send now.
#[derive(Clone, Debug)]
pub struct ClaimedMail {
    /// Its company.
    pub tenant_id: TenantId,
    /// The mail.
    pub mail: Mail,
    /// The worker holding the lease.
    pub worker_id: String,
}

/// How a delivery attempt ended.
#[derive(Clone, Debug)]
pub enum Delivery {
    /// The relay accepted the mail.
    Sent,
    /// It failed; try again after this long.
    RetryAfter {
        /// What went wrong, for admins.
        error: String,
        /// The delay before the next attempt.
        delay: Duration,
    },
    /// It failed for the last time.
    Dead {
        /// What went wrong, for admins.
        error: String,
    },
}

impl Store {
    /// Lease the next due mail to `worker_id` for `lease`, or `None` when
    /// nothing is due.
    pub async fn claim_mail(&self, worker_id: &str, lease: Duration) -> Result<Option<ClaimedMail>> {
        for _ in 0..CLAIM_SKIPS {
            let Some((id, tenant)) = self.lease_queued(MAIL_QUEUE, worker_id, lease).await? else { return Ok(None) };
            let tx = TenantTx::begin(self, tenant, Access::Write).await?;
            let m = tx
                .select::<mail_outbox::Entity>()
                .filter(mail_outbox::Column::Id.eq(id))
                .one(tx.conn())
                .await
                .map_err(db_err)?;
            match m.filter(|m| m.status == MailStatus::Queued.as_str()) {
                Some(m) => {
                    tx.commit().await?;
                    return Ok(Some(ClaimedMail {
                        tenant_id: tenant,
                        mail: m.into(),
                        worker_id: worker_id.to_owned(),
                    }));
                }
                None => {
                    unqueue(tx.conn(), id, None).await?;
                    tx.commit().await?;
                }
            }
        }
        Ok(None)
    }

    /// Record how an attempt on a claimed mail ended. A worker whose lease
    /// was taken over records nothing (the other worker owns the mail now).
    pub async fn finish_mail(&self, claimed: &ClaimedMail, outcome: Delivery) -> Result<()> {
        let tx = TenantTx::begin(self, claimed.tenant_id, Access::Write).await?;
        let id = claimed.mail.id;
        let held = mail_queue::Entity::find_by_id(id)
            .filter(mail_queue::Column::LockedBy.eq(claimed.worker_id.as_str()))
            .one(tx.conn())
            .await
            .map_err(db_err)?;
        if held.is_none() {
            return tx.commit().await;
        }
        let mut update = tx
            .update_many::<mail_outbox::Entity>()
            .col_expr(mail_outbox::Column::Attempts, Expr::col(mail_outbox::Column::Attempts).add(1))
            .filter(mail_outbox::Column::Id.eq(id));
        match &outcome {
            Delivery::Sent => {
                update = update
                    .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Sent.as_str()))
                    .col_expr(mail_outbox::Column::SentAt, Expr::value(Some(tx.now)))
                    .col_expr(mail_outbox::Column::LastError, Expr::value(Option::<String>::None))
                    .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None));
                unqueue(tx.conn(), id, Some(&claimed.worker_id)).await?;
            }
            Delivery::RetryAfter { error, delay } => {
                let next = tx.now + chrono(*delay);
                update = update
                    .col_expr(mail_outbox::Column::LastError, Expr::value(Some(one_line(error, ERROR_MAX_CHARS))))
                    .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(Some(next)));
                mail_queue::Entity::update_many()
                    .col_expr(mail_queue::Column::RunAfter, Expr::value(next))
                    .col_expr(mail_queue::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                    .col_expr(mail_queue::Column::LockedBy, Expr::value(Option::<String>::None))
                    .filter(mail_queue::Column::MailId.eq(id))
                    .exec(tx.conn())
                    .await
                    .map_err(db_err)?;
            }
            Delivery::Dead { error } => {
                update = update
                    .col_expr(mail_outbox::Column::Status, Expr::value(MailStatus::Dead.as_str()))
                    .col_expr(mail_outbox::Column::LastError, Expr::value(Some(one_line(error, ERROR_MAX_CHARS))))
                    .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None));
                unqueue(tx.conn(), id, Some(&claimed.worker_id)).await?;
            }
        }
        update.exec(tx.conn()).await.map_err(db_err)?;
        tx.commit().await
    }
}

async fn unqueue(conn: &DatabaseTransaction, id: Uuid, worker: Option<&str>) -> Result<()> {
    let mut q = mail_queue::Entity::delete_many().filter(mail_queue::Column::MailId.eq(id));
    if let Some(w) = worker {
        q = q.filter(mail_queue::Column::LockedBy.eq(w));
    }
    q.exec(conn).await.map_err(db_err)?;
    Ok(())
}

/// A global queue of leased work (`mail_queue`, `webhook_queue`): rows of
/// an id, its company, `run_after`, `locked_until` and `locked_by`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LeasedQueue {
    /// The table.
    pub(crate) table: &'static str,
    /// Its id column.
    pub(crate) id: &'static str,
}

/// The mail outbox's queue.
const MAIL_QUEUE: LeasedQueue = LeasedQueue { table: "mail_queue", id: "mail_id" };

impl Store {
    /// Take the lease on the first due, unleased row of `queue` for
    /// `worker_id` in one statement: its id and company, or `None` when
    /// nothing is due.
    pub(crate) async fn lease_queued(
        &self,
        queue: LeasedQueue,
        worker_id: &str,
        lease: Duration,
    ) -> Result<Option<(Uuid, TenantId)>> {
        let LeasedQueue { table, id } = queue;
        let (sql, values): (String, Vec<sea_orm::Value>) = match self.backend {
            Backend::Postgres => (
                format!(
                    "UPDATE {table} SET locked_until = now() + make_interval(secs => $1), locked_by = $2 \
                     WHERE {id} = (SELECT {id} FROM {table} WHERE run_after <= now() \
                     AND (locked_until IS NULL OR locked_until < now()) \
                     ORDER BY run_after LIMIT 1 FOR UPDATE SKIP LOCKED) \
                     RETURNING {id}, tenant_id"
                ),
                vec![lease.as_secs_f64().into(), worker_id.into()],
            ),
            // The one writer serialises claims on SQLite.
            Backend::Sqlite => {
                let now = Utc::now();
                (
                    format!(
                        "UPDATE {table} SET locked_until = ?, locked_by = ? \
                         WHERE {id} = (SELECT {id} FROM {table} WHERE run_after <= ? \
                         AND (locked_until IS NULL OR locked_until < ?) ORDER BY run_after LIMIT 1) \
                         RETURNING {id}, tenant_id"
                    ),
                    vec![(now + chrono(lease)).into(), worker_id.into(), now.into(), now.into()],
                )
            }
        };
        let backend = self.db.get_database_backend();
        let row = self.db.query_one(Statement::from_sql_and_values(backend, sql, values)).await.map_err(db_err)?;
        row.map(|r| {
            let queued = r.try_get::<Uuid>("", id).map_err(db_err)?;
            let tenant = r.try_get::<Uuid>("", "tenant_id").map_err(db_err)?;
            Ok((queued, TenantId(tenant)))
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_stay_on_one_line() {
        assert_eq!(one_line("欢迎\r\nBcc: evil@example.com", 300), "欢迎  Bcc: evil@example.com");
        assert_eq!(one_line(&"长".repeat(400), 300).chars().count(), 300);
    }
}
