//! Values of unique custom fields, one row per holder.

use sea_orm::entity::prelude::*;

/// A row of `custom_field_unique`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "custom_field_unique")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The field.
    #[sea_orm(primary_key, auto_increment = false)]
    pub field_id: Uuid,
    /// The value's comparison key.
    #[sea_orm(primary_key, auto_increment = false)]
    pub value_key: String,
    /// The record holding it.
    pub record_id: Uuid,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
