//! Global index of mails still to deliver, across tenants (ids and scheduling only).

use sea_orm::entity::prelude::*;

/// A row of `mail_queue`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_queue")]
pub struct Model {
    /// The mail (`mail_outbox.id`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub mail_id: Uuid,
    /// Its tenant.
    pub tenant_id: Uuid,
    /// Not to be sent before.
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
