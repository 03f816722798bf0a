//! Login sessions; only a hash of the token is kept.

use sea_orm::entity::prelude::*;

/// A row of `sessions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Expires.
    pub expires_at: DateTimeUtc,
    /// Last used.
    pub last_seen_at: DateTimeUtc,
    /// Revoked (logout).
    pub revoked_at: Option<DateTimeUtc>,
    /// Client address at login.
    pub ip: Option<String>,
    /// Client user agent at login.
    pub user_agent: Option<String>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
