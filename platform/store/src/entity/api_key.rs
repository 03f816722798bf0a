//! Integration API keys; only a hash of the key is kept.

use sea_orm::entity::prelude::*;

/// A row of `api_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user the key acts as.
    pub user_id: Uuid,
    /// Label.
    pub name: String,
    /// `read` or `read_write`.
    pub scope: String,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// Last characters of the key, to recognise it.
    pub token_hint: String,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last used.
    pub last_used_at: Option<DateTimeUtc>,
    /// Revoked.
    pub revoked_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
