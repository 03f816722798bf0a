//! WebAssembly plugins installed in a company.

use sea_orm::entity::prelude::*;

/// A row of `plugins`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plugins")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The manifest's key, unique in the company.
    pub key: String,
    /// Display name (from the current version's manifest).
    pub name: String,
    /// Description (from the current version's manifest).
    pub description: String,
    /// Whether its attachments run.
    pub enabled: bool,
    /// The installed version.
    pub current_version_id: Option<Uuid>,
    /// The version installed before the current one (for rollback).
    pub previous_version_id: Option<Uuid>,
    /// The configuration the admins saved.
    pub config: Json,
    /// Uploader of the first version.
    pub created_by: Option<Uuid>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
