//! Workflows of a company.

use sea_orm::entity::prelude::*;

/// A row of `workflows`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflows")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Who created it (notified when its runs fail).
    pub created_by: Uuid,
    /// The user whose rights its steps act with.
    pub run_as: Uuid,
    /// `active`, `inactive` or `archived`.
    pub state: String,
    /// The version new runs start on.
    pub active_version_id: Option<Uuid>,
    /// The active version's trigger type.
    pub trigger_kind: Option<String>,
    /// The active version's event type, for event triggers.
    pub trigger_event: Option<String>,
    /// SHA-256 (hex) of the inbound webhook secret.
    pub webhook_secret_hash: Option<String>,
    /// Start of the minute the runaway guard counts in.
    pub window_start: Option<DateTimeUtc>,
    /// Runs started in that minute.
    pub window_runs: i32,
    /// Why the platform stopped it, if it did.
    pub stopped_reason: Option<String>,
    /// The group it belongs to (it starts runs for that group's customers
    /// only); `None` for a company-wide workflow.
    pub group_id: Option<Uuid>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
