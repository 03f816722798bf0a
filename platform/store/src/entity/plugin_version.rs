//! Immutable uploaded versions of plugins.

use sea_orm::entity::prelude::*;

/// A row of `plugin_versions`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plugin_versions")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The plugin.
    pub plugin_id: Uuid,
    /// The manifest's version, unique per plugin.
    pub version: String,
    /// The manifest, as checked.
    pub manifest: Json,
    /// The WebAssembly module.
    pub module: Vec<u8>,
    /// SHA-256 of the module, hex.
    pub hash: String,
    /// `pure` or `compat`.
    pub mode: String,
    /// The hooks it implements.
    pub hooks: Json,
    /// Module size in bytes.
    pub size: i64,
    /// Uploader.
    pub created_by: Option<Uuid>,
    /// Uploaded.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
