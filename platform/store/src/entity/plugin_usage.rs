//! Plugin usage per day and hook, for billing.

use sea_orm::entity::prelude::*;

/// A row of `plugin_usage`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plugin_usage")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The plugin (which may since have been deleted).
    #[sea_orm(primary_key, auto_increment = false)]
    pub plugin_id: Uuid,
    /// The day, UTC.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// The hook.
    #[sea_orm(primary_key, auto_increment = false)]
    pub hook: String,
    /// The plugin's key, kept for reports after a deletion.
    pub plugin_key: String,
    /// Calls.
    pub calls: i64,
    /// Calls that failed.
    pub failures: i64,
    /// Fuel consumed.
    pub fuel: i64,
    /// Wall time, microseconds.
    pub wall_us: i64,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
