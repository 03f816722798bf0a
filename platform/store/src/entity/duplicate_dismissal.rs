//! Pairs of customers that are not the same person.

use sea_orm::entity::prelude::*;

/// A row of `duplicate_dismissals`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "duplicate_dismissals")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The customer with the smaller id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_a: Uuid,
    /// The other.
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_b: Uuid,
    /// Who said so.
    pub dismissed_by: Uuid,
    /// When.
    pub dismissed_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
