//! Each customer's current grade under each grading model.

use sea_orm::entity::prelude::*;

/// A row of `customer_grades`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_grades")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The model.
    #[sea_orm(primary_key, auto_increment = false)]
    pub model_id: Uuid,
    /// The customer.
    #[sea_orm(primary_key, auto_increment = false)]
    pub customer_id: Uuid,
    /// The grade.
    pub label: String,
    /// The number behind it, if the model has one.
    pub score: Option<f64>,
    /// The facts that decided it.
    pub inputs: Json,
    /// Why.
    pub reason: String,
    /// When it was last set.
    pub graded_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
