//! A company's last known usage of an entitlement: a cache the plan checks
//! read instead of counting (see `crate::entitlements`).

use sea_orm::entity::prelude::*;

/// A row of `entitlement_usage`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "entitlement_usage")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The entitlement's API name (`customers`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub entitlement: String,
    /// The usage: counted at `counted_at`, plus what was added since.
    pub used: i64,
    /// When the usage was last counted from the data.
    pub counted_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
