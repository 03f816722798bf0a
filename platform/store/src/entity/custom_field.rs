//! Custom field definitions.

use sea_orm::entity::prelude::*;

/// A row of `custom_fields`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "custom_fields")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `customer` or `conversation`.
    pub entity: String,
    /// Stable API name.
    pub field_key: String,
    /// Label.
    pub label: String,
    /// English label.
    pub label_en: Option<String>,
    /// Help text.
    pub help: Option<String>,
    /// Type.
    pub field_type: String,
    /// Required.
    pub required: bool,
    /// Unique within the company.
    pub is_unique: bool,
    /// Default value (normalised).
    pub default_value: Option<Json>,
    /// Type-specific rules.
    pub rules: Json,
    /// Per-role access.
    pub visibility: Json,
    /// Values are indexed for search (when every role may read them).
    pub searchable: bool,
    /// Display order.
    pub position: i32,
    /// Archived: keeps values, takes no new ones.
    pub archived: bool,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
