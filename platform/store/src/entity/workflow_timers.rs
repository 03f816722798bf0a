//! When each active schedule or date trigger of a workflow is next due, across tenants.

use sea_orm::entity::prelude::*;

/// A row of `workflow_timers`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_timers")]
pub struct Model {
    /// The workflow.
    #[sea_orm(primary_key, auto_increment = false)]
    pub workflow_id: Uuid,
    /// Its tenant.
    pub tenant_id: Uuid,
    /// When its trigger is next due.
    pub next_fire_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
