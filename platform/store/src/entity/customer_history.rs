//! Changes to customers, field by field.

use sea_orm::entity::prelude::*;

/// A row of `customer_history`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_history")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id (time-ordered).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The customer.
    pub customer_id: Uuid,
    /// Who changed it (none for the system).
    pub actor_id: Option<Uuid>,
    /// The field, by its API name, e.g. `status` or `ownerId`.
    pub field: String,
    /// Value before.
    pub old_value: Option<Json>,
    /// Value after.
    pub new_value: Option<Json>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
