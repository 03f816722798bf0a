//! Conversations with customers.

use sea_orm::entity::prelude::*;

/// A row of `conversations`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The customer.
    pub customer_id: Uuid,
    /// Who wrote it.
    pub author_id: Uuid,
    /// Topic.
    pub topic: String,
    /// What was said.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// How (`visit`, `call` …).
    pub kind: String,
    /// When it happened.
    pub occurred_at: DateTimeUtc,
    /// Custom field values.
    pub custom: Json,
    /// The entries of a merged record (time, kind, text each), oldest first;
    /// `None` for a record that was never merged.
    pub entries: Option<Json>,
    /// The latest visit among a merged record's entries; `None` for a record
    /// that was never merged (its own kind and time say whether it is a visit).
    pub visited_at: Option<DateTimeUtc>,
    /// Written.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
