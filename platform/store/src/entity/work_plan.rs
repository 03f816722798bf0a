//! Work plans.

use sea_orm::entity::prelude::*;

/// A row of `work_plans`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "work_plans")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who wrote the plan (and whose plan it is).
    pub author_id: Uuid,
    /// Subject.
    pub subject: String,
    /// Planned start.
    pub start_at: DateTimeUtc,
    /// Planned end.
    pub end_at: DateTimeUtc,
    /// What is to be done.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// Remarks.
    #[sea_orm(column_type = "Text")]
    pub notes: String,
    /// When marked done; `None` while not done.
    pub done_at: Option<DateTimeUtc>,
    /// Who marked it done.
    pub done_by: Option<Uuid>,
    /// When the overdue sweep announced that its end passed undone (once
    /// per plan; cleared when it is reopened or its end moves).
    pub overdue_at: Option<DateTimeUtc>,
    /// The customer the plan is about, if any; unlinked when the customer
    /// is deleted for good.
    pub customer_id: Option<Uuid>,
    /// Written.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
