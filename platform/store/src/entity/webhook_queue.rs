//! Global index of webhook deliveries still to attempt, across tenants (ids and scheduling only).

use sea_orm::entity::prelude::*;

/// A row of `webhook_queue`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_queue")]
pub struct Model {
    /// The delivery (`webhook_deliveries.id`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub delivery_id: Uuid,
    /// Its tenant.
    pub tenant_id: Uuid,
    /// Not to be attempted before.
    pub run_after: DateTimeUtc,
    /// Leased to a delivery worker until then.
    pub locked_until: Option<DateTimeUtc>,
    /// The worker holding the lease.
    pub locked_by: Option<String>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
