//! The log of plugins' recent calls.

use sea_orm::entity::prelude::*;

/// A row of `plugin_calls`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plugin_calls")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id (time-ordered).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The plugin.
    pub plugin_id: Uuid,
    /// The version that ran.
    pub version_id: Uuid,
    /// The hook.
    pub hook: String,
    /// What it ran for, e.g. `field:mobile` or `grading_model:RFM`.
    pub target: Option<String>,
    /// SHA-256 of the input, hex.
    pub input_digest: String,
    /// `ok` or `error`.
    pub outcome: String,
    /// The error's code.
    pub error_code: Option<String>,
    /// The trap's code, when the module trapped.
    pub trap_code: Option<String>,
    /// The error's message.
    pub message: Option<String>,
    /// Fuel consumed.
    pub fuel_used: i64,
    /// Fuel budget.
    pub fuel_limit: i64,
    /// Wall time in microseconds.
    pub wall_us: i64,
    /// Largest linear memory, bytes.
    pub memory_peak: i64,
    /// What the plugin logged, a line each.
    pub logs: String,
    /// When.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
