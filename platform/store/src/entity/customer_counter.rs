//! Per-tenant counters customer numbers are drawn from.

use sea_orm::entity::prelude::*;

/// A row of `customer_counters`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_counters")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The pattern with its date filled in, e.g. `KH2026{seq}`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// The next value to hand out.
    pub next_seq: i64,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
