//! Backups and restores.

use sea_orm::entity::prelude::*;

/// A row of `backups`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "backups")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `backup` or `restore`.
    pub kind: String,
    /// `queued`, `running`, `succeeded` or `failed`.
    pub status: String,
    /// The job doing the work.
    pub job_id: Uuid,
    /// The archive's name.
    pub file_name: String,
    /// The archive's size, once known.
    pub size_bytes: Option<i64>,
    /// The archive's SHA-256, hex, once known.
    pub sha256: Option<String>,
    /// Tables in the archive.
    pub tables: Option<i32>,
    /// Rows in the archive.
    pub rows: Option<i64>,
    /// Files (photos, plugin modules) in the archive.
    pub files: Option<i32>,
    /// A restore: what the archive's manifest said about its origin.
    pub source: Option<Json>,
    /// Why it failed.
    pub error: Option<String>,
    /// Who asked for it.
    pub created_by: Uuid,
    /// When.
    pub created_at: DateTimeUtc,
    /// When it ended.
    pub finished_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
