//! Background jobs of a tenant.

use sea_orm::entity::prelude::*;

/// A row of `jobs`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Which handler runs it, e.g. `customers.import`.
    pub kind: String,
    /// The handler's input.
    pub payload: Json,
    /// `queued`, `running`, `succeeded`, `failed` or `cancelled`.
    pub status: String,
    /// Units of work done.
    pub progress_done: i64,
    /// Units of work in all, when known.
    pub progress_total: Option<i64>,
    /// What the job is doing now, for people.
    pub progress_note: Option<String>,
    /// The handler's result, once succeeded.
    pub result: Option<Json>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// That error as a client reads it: `code` and the details a GraphQL
    /// error's `extensions` carry.
    pub error_detail: Option<Json>,
    /// Attempts started.
    pub attempts: i32,
    /// Attempts allowed.
    pub max_attempts: i32,
    /// The user the job acts as; NULL for a system job, which acts for no user.
    pub created_by: Option<Uuid>,
    /// Enqueued.
    pub created_at: DateTimeUtc,
    /// First attempt started.
    pub started_at: Option<DateTimeUtc>,
    /// Succeeded, failed for good or cancelled.
    pub finished_at: Option<DateTimeUtc>,
    /// Last change (including progress).
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
