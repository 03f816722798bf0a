//! Mail waiting to be (or already) sent.

use sea_orm::entity::prelude::*;

/// A row of `mail_outbox`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// e.g. `invitation`.
    pub kind: String,
    /// Recipient.
    pub to_address: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
    /// `queued`, `sent` or `dead`.
    pub status: String,
    /// Queued.
    pub created_at: DateTimeUtc,
    /// Sent.
    pub sent_at: Option<DateTimeUtc>,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When the next attempt is due, while queued with a relay configured.
    pub next_attempt_at: Option<DateTimeUtc>,
    /// The customer it was sent to (care mails, a workflow's mail to the
    /// customer): the customer's send log.
    pub customer_id: Option<Uuid>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
