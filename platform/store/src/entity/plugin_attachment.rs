//! Where plugins are attached: custom fields and grading models.

use sea_orm::entity::prelude::*;

/// A row of `plugin_attachments`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plugin_attachments")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The plugin.
    pub plugin_id: Uuid,
    /// The hook it runs there.
    pub hook: String,
    /// `field` or `grading_model`.
    pub target_kind: String,
    /// The custom field or grading model.
    pub target_id: Uuid,
    /// Attached.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
