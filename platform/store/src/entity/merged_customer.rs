//! Tombstones of merged customers.

use sea_orm::entity::prelude::*;

/// A row of `merged_customers`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "merged_customers")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The merged customer's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: Uuid,
    /// The merge.
    pub merge_id: Uuid,
    /// The customer it was merged into.
    pub survivor_id: Uuid,
    /// Its number.
    pub number: String,
    /// Its name.
    pub name: String,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
