//! Per-row findings of customer imports.

use sea_orm::entity::prelude::*;

/// A row of `import_issues`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "import_issues")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id (time-ordered).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The import.
    pub import_id: Uuid,
    /// Spreadsheet row; the header is row 1.
    pub row_no: i64,
    /// The column's header, when one column is at fault.
    pub column_name: Option<String>,
    /// Machine-readable reason.
    pub code: String,
    /// The reason for people.
    #[sea_orm(column_type = "Text")]
    pub message: String,
    /// `error` or `skipped`.
    pub severity: String,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
