//! Pieces of an import's uploaded file, until the import ends.

use sea_orm::entity::prelude::*;

/// A row of `import_file_chunks`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_file_chunks")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The import.
    pub import_id: Uuid,
    /// The piece's place in the file, from 0.
    pub seq: i32,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
