//! `import_file_chunks`: an import's uploaded file, stored in pieces of at
//! most a megabyte until the import ends. A file stored whole in
//! `imports.content` passed through every layer of the database driver as
//! one value, copied at each: a 13 MB file cost over 80 MB of memory to
//! store and again to read. `imports.content` stays for files stored
//! before this table existed.

use sea_orm_migration::prelude::*;

use crate::support::{col, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0035_import_file_chunks"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("import_file_chunks");
        t.col(col("import_id").uuid().not_null())
            // The piece's place in the file, from 0.
            .col(col("seq").integer().not_null())
            .col(col("bytes").binary().not_null())
            .foreign_key(&mut tenant_fk("import_file_chunks", "import_id", "imports", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("import_file_chunks", &["import_id", "seq"], true)).await?;
        postgres_only(m, &rls_statements("import_file_chunks")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(crate::support::id("import_file_chunks")).if_exists().to_owned()).await
    }
}
