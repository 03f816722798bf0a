//! The customers counted by owner, month of creation, status now and
//! statuses held before, with their status facts summed: the lifecycle
//! dashboards' summary, kept by the customers' write path
//! (`crate::analytics::cohorts`).

use sea_orm::entity::prelude::*;

/// A row of `customer_cohorts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_cohorts")]
pub struct Model {
    /// Owning tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The customers' owner; the nil id for the public pool.
    #[sea_orm(primary_key, auto_increment = false)]
    pub owner_id: Uuid,
    /// The first day of their month of creation, in the company's time zone.
    #[sea_orm(primary_key, auto_increment = false)]
    pub born: Date,
    /// Their status now.
    #[sea_orm(primary_key, auto_increment = false)]
    pub status: String,
    /// The statuses they held before (a bit per status in display order).
    #[sea_orm(primary_key, auto_increment = false)]
    pub status_ever: i32,
    /// How many customers.
    pub n: i64,
    /// Their completed stays in `prospect`.
    pub prospect_stays: i64,
    /// Those stays' length in seconds.
    pub prospect_secs: i64,
    /// Completed stays in `intent`.
    pub intent_stays: i64,
    /// Their length in seconds.
    pub intent_secs: i64,
    /// Completed stays in `paused`.
    pub paused_stays: i64,
    /// Their length in seconds.
    pub paused_secs: i64,
    /// Completed stays in `deal`.
    pub deal_stays: i64,
    /// Their length in seconds.
    pub deal_secs: i64,
    /// Completed stays in `lost`.
    pub lost_stays: i64,
    /// Their length in seconds.
    pub lost_secs: i64,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
