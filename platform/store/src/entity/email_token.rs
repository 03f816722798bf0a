//! Single-use tokens sent by mail: password resets and address verification.

use sea_orm::entity::prelude::*;

/// A row of `email_tokens`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_tokens")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user it is for.
    pub user_id: Uuid,
    /// `reset` or `verify`.
    pub purpose: String,
    /// SHA-256 of the token's secret.
    pub token_hash: String,
    /// Issued.
    pub created_at: DateTimeUtc,
    /// Stops working.
    pub expires_at: DateTimeUtc,
    /// Used (a token works once).
    pub used_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
