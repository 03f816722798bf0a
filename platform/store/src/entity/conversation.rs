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
    /// Written.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
