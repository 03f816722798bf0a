//! The transactional outbox of domain events.

use sea_orm::entity::prelude::*;

/// A row of `domain_events`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "domain_events")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The company's sequence number of the event, from 1, without gaps
    /// among committed events.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    /// The event's type, e.g. `customer.created`.
    pub kind: String,
    /// The record the event is about.
    pub entity_id: Uuid,
    /// Who acted (none for the system).
    pub actor_id: Option<Uuid>,
    /// The serialized [`guanxi_core::DomainEvent`].
    pub payload: Json,
    /// When the change was made.
    pub created_at: DateTimeUtc,
    /// How deep in a chain of workflows the change was made (0: by a
    /// person, an integration or the system).
    pub depth: i16,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
