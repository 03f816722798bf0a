//! How many customers each person received from one `assign` step of a
//! workflow: the state of its weighted round robin.

use sea_orm::entity::prelude::*;

/// A row of `assignment_counters`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment_counters")]
pub struct Model {
    /// Owning tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The workflow.
    #[sea_orm(primary_key, auto_increment = false)]
    pub workflow_id: Uuid,
    /// The step's path in the definition, e.g. `steps.0`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub step_key: String,
    /// The person.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// Customers they received from it.
    pub assigned: i64,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
