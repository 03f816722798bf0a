//! Global index of workflow runs due to go on, across tenants (ids and scheduling only).

use sea_orm::entity::prelude::*;

/// A row of `workflow_queue`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_queue")]
pub struct Model {
    /// The run (`workflow_runs.id`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub run_id: Uuid,
    /// Its tenant.
    pub tenant_id: Uuid,
    /// Not to go on before.
    pub run_after: DateTimeUtc,
    /// Leased to a worker until then.
    pub locked_until: Option<DateTimeUtc>,
    /// The worker holding the lease.
    pub locked_by: Option<String>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
