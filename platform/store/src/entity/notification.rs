//! In-app notifications, one row per recipient.

use sea_orm::entity::prelude::*;

/// A row of `notifications`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id (time-ordered: lists page by it, newest first).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who it is for.
    pub recipient_id: Uuid,
    /// `guanxi_core::notifications::NotificationKind`, by its stored name.
    pub kind: String,
    /// The notice's parameters (names and counts as they were).
    pub params: Json,
    /// The kind of record it opens.
    pub link_kind: Option<String>,
    /// The record it opens.
    pub link_id: Option<Uuid>,
    /// Who caused it, when a person did.
    pub actor_id: Option<Uuid>,
    /// The occasion: unique per recipient, so it notifies once.
    pub dedupe_key: String,
    /// Shown in the app (false: the recipient wanted it by mail only).
    pub in_app: bool,
    /// Sent.
    pub created_at: DateTimeUtc,
    /// Read; none while unread.
    pub read_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
