//! Customer imports.

use sea_orm::entity::prelude::*;

/// A row of `imports`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "imports")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who uploaded the file; the import acts with their rights.
    pub created_by: Uuid,
    /// The job that runs it.
    pub job_id: Uuid,
    /// The uploaded file's name.
    pub file_name: String,
    /// `csv` or `xlsx`.
    pub format: String,
    /// The file, until the import ends.
    pub content: Option<Vec<u8>>,
    /// Mapping and policies.
    pub options: Json,
    /// `queued`, `running`, `done`, `rejected`, `failed`.
    pub status: String,
    /// Data rows in the file.
    pub rows_total: i64,
    /// Rows handled and committed.
    pub rows_done: i64,
    /// Customers created.
    pub created_count: i64,
    /// Customers updated.
    pub updated_count: i64,
    /// Duplicates left alone.
    pub skipped_count: i64,
    /// Rows refused.
    pub failed_count: i64,
    /// Uploaded.
    pub created_at: DateTimeUtc,
    /// Ended.
    pub finished_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
