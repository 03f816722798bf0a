//! The customers' moves into and out of `lost`, counted by the customer's
//! owner now and month of creation and the month of the move: retention's
//! summary, kept by the customers' write path
//! (`crate::analytics::cohorts`).

use sea_orm::entity::prelude::*;

/// A row of `customer_lost_moves`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_lost_moves")]
pub struct Model {
    /// Owning tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The customers' owner now; the nil id for the public pool.
    #[sea_orm(primary_key, auto_increment = false)]
    pub owner_id: Uuid,
    /// The first day of their month of creation, in the company's time zone.
    #[sea_orm(primary_key, auto_increment = false)]
    pub born: Date,
    /// The first day of the month of the moves.
    #[sea_orm(primary_key, auto_increment = false)]
    pub moved: Date,
    /// 1: into `lost`; 0: out of it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub into_lost: i32,
    /// How many moves.
    pub n: i64,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
