//! Download links.

use sea_orm::entity::prelude::*;

/// A row of `downloads`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "downloads")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// SHA-256 of the token's secret.
    pub token_hash: String,
    /// Who asked for it; the download acts as them.
    pub user_id: Uuid,
    /// What it downloads (`customers`, `conversations`).
    pub kind: String,
    /// The request (filter, sort, format).
    pub params: Json,
    /// The file's name.
    pub file_name: String,
    /// When the link stops working.
    pub expires_at: DateTimeUtc,
    /// When it was made.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
