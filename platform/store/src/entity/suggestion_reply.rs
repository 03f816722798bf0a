//! Staff replies to suggestions.

use sea_orm::entity::prelude::*;

/// A row of `suggestion_replies`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "suggestion_replies")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The suggestion answered.
    pub suggestion_id: Uuid,
    /// The supervisor or admin who replied.
    pub author_id: Uuid,
    /// Content.
    pub content: String,
    /// Replied.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
