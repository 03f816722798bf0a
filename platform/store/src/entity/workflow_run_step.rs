//! Steps executed by workflow runs.

use sea_orm::entity::prelude::*;

/// A row of `workflow_run_steps`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_run_steps")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The run.
    pub run_id: Uuid,
    /// The run's round.
    pub round: i32,
    /// Position in the program.
    pub pc: i32,
    /// The `for_each` item it ran for (0 outside loops).
    pub item: i32,
    /// The step's path in the definition.
    pub step_key: String,
    /// The step's type.
    pub kind: String,
    /// `completed`, `retrying`, `failed`, `waiting` or `skipped`.
    pub status: String,
    /// What it acted on.
    pub input: Option<Json>,
    /// What it did.
    pub output: Option<Json>,
    /// Its last error.
    pub error: Option<String>,
    /// Attempts so far.
    pub attempts: i32,
    /// First attempt.
    pub started_at: DateTimeUtc,
    /// Finished.
    pub finished_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
