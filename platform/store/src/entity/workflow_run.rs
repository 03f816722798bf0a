//! Runs of workflows.

use sea_orm::entity::prelude::*;

/// A row of `workflow_runs`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_runs")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The workflow.
    pub workflow_id: Uuid,
    /// The version it runs on.
    pub version_id: Uuid,
    /// `guanxi_core::workflows::RunStatus`, by its stored name.
    pub status: String,
    /// What started it.
    pub trigger: Json,
    /// Its record, a customer.
    pub customer_id: Option<Uuid>,
    /// The change that started it.
    pub change: Json,
    /// The occasion, unique per workflow.
    pub dedupe_key: String,
    /// Its depth in a chain of workflows.
    pub depth: i16,
    /// 1, then one more for each retry from the start.
    pub round: i32,
    /// Position in the version's program.
    pub pc: i32,
    /// Attempt of the step at `pc`.
    pub attempt: i32,
    /// The list of a `for_each` under way.
    pub items: Option<Json>,
    /// The item of that list the run is at.
    pub item: i32,
    /// Why it failed.
    pub error: Option<String>,
    /// The step it failed at.
    pub failed_key: Option<String>,
    /// In a delay or a retry wait until then.
    pub wait_until: Option<DateTimeUtc>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// First picked up.
    pub started_at: Option<DateTimeUtc>,
    /// Finished.
    pub finished_at: Option<DateTimeUtc>,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
