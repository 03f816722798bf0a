//! The tenant's audit log.

use sea_orm::entity::prelude::*;

/// A row of `audit_log`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who acted (none for system actions).
    pub actor_id: Option<Uuid>,
    /// What, e.g. `user.invite`.
    pub action: String,
    /// Kind of target.
    pub target_type: Option<String>,
    /// Target id.
    pub target_id: Option<Uuid>,
    /// Details.
    pub detail: Json,
    /// Request that did it.
    pub request_id: Option<String>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
