//! Global index of runnable jobs, across tenants (ids and scheduling only).

use sea_orm::entity::prelude::*;

/// A row of `job_queue`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_queue")]
pub struct Model {
    /// The job.
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    /// Its tenant.
    pub tenant_id: Uuid,
    /// Its kind, so a worker claims only jobs it has a handler for.
    pub kind: String,
    /// Not to be run before.
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
