//! Posts on the message board.

use sea_orm::entity::prelude::*;

/// A row of `board_posts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "board_posts")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who posted.
    pub author_id: Uuid,
    /// Title.
    pub title: String,
    /// Mood emoji.
    pub mood: String,
    /// Content.
    pub content: String,
    /// Posted.
    pub created_at: DateTimeUtc,
    /// Last edited by an admin.
    pub edited_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
