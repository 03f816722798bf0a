//! Who supervises which group.

use sea_orm::entity::prelude::*;

/// A row of `group_supervisors`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_supervisors")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Group.
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    /// Supervisor.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// Appointed.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
