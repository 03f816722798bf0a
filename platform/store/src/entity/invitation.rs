//! Invitations to join a tenant.

use sea_orm::entity::prelude::*;

/// A row of `invitations`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Invitee.
    pub email: String,
    /// Role on acceptance.
    pub role: String,
    /// Group on acceptance.
    pub group_id: Option<Uuid>,
    /// Who invited.
    pub invited_by: Uuid,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Expires.
    pub expires_at: DateTimeUtc,
    /// Accepted.
    pub accepted_at: Option<DateTimeUtc>,
    /// Revoked.
    pub revoked_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
