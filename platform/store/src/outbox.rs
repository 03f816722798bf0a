//! Outgoing mail. Mail is written to the outbox in the same transaction as
//! the change that causes it; in the embedded default it stays there and is
//! shown to admins, and a sender (with an SMTP relay) delivers it.

use chrono::{DateTime, Utc};
use guanxi_core::{Action, Result};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::db::{TenantTx, db_err};
use crate::entity::mail_outbox;

/// A mail in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// Id.
    pub id: Uuid,
    /// Kind, e.g. `invitation`.
    pub kind: String,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// `queued` or `sent`.
    pub status: String,
    /// Queued.
    pub created_at: DateTime<Utc>,
}

pub(crate) async fn enqueue(tx: &TenantTx, kind: &str, to: &str, subject: &str, body: &str) -> Result<()> {
    mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(Uuid::now_v7()),
        kind: Set(kind.to_owned()),
        to_address: Set(to.to_owned()),
        subject: Set(subject.to_owned()),
        body_text: Set(body.to_owned()),
        status: Set("queued".to_owned()),
        created_at: Set(tx.now),
        sent_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The newest mails, newest first. Admins only.
pub async fn list(tx: &TenantTx, limit: u64) -> Result<Vec<Mail>> {
    tx.actor()?.authorize(&Action::ViewAuditLog)?;
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::TenantId.eq(tx.tenant_id().0))
        .order_by_desc(mail_outbox::Column::Id)
        .limit(limit.clamp(1, 200))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|m| Mail {
            id: m.id,
            kind: m.kind,
            to: m.to_address,
            subject: m.subject,
            body: m.body_text,
            status: m.status,
            created_at: m.created_at,
        })
        .collect())
}
