//! Replies on the message board.

use sea_orm::entity::prelude::*;

/// A row of `board_replies`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "board_replies")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The post of the thread.
    pub post_id: Uuid,
    /// The reply answered; none for a direct reply to the post.
    pub parent_id: Option<Uuid>,
    /// Who replied.
    pub author_id: Uuid,
    /// Content.
    pub content: String,
    /// Replied.
    pub created_at: DateTimeUtc,
    /// Last edited by an admin.
    pub edited_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
