//! Suggestions in the suggestion box.

use sea_orm::entity::prelude::*;

/// A row of `suggestions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "suggestions")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who signed it; none when anonymous.
    pub author_id: Option<Uuid>,
    /// Title.
    pub title: String,
    /// Content.
    pub content: String,
    /// Submitted.
    pub created_at: DateTimeUtc,
    /// SHA-256 of the secret of the private reading link an anonymous
    /// suggestion's author was given; none for signed ones.
    pub reader_token_hash: Option<String>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
