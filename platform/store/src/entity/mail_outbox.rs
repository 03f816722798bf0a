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
    /// `queued` or `sent`.
    pub status: String,
    /// Queued.
    pub created_at: DateTimeUtc,
    /// Sent.
    pub sent_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
