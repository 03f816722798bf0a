//! Conversations counted per local day, author and kind: the dashboards'
//! summary, kept by the conversations' write path.

use sea_orm::entity::prelude::*;

/// A row of `conversation_days`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversation_days")]
pub struct Model {
    /// Owning tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The day in the company's time zone.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// Who recorded the conversations.
    #[sea_orm(primary_key, auto_increment = false)]
    pub author_id: Uuid,
    /// Their kind (`visit` …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// How many.
    pub n: i64,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
