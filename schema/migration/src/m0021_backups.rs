//! Backups and restores of a company: one row per archive made
//! (`kind = backup`) or read back (`kind = restore`), with the job that does
//! the work. The archive itself is a file under
//! `<data_dir>/backups/<tenant>/`; the row says where it stands, how large it
//! is and its SHA-256.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0021_backups"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("backups");
        t.col(col("kind").string_len(16).not_null())
            .col(col("status").string_len(16).not_null())
            .col(col("job_id").uuid().not_null())
            .col(col("file_name").string_len(200).not_null())
            .col(col("size_bytes").big_integer().null())
            .col(col("sha256").string_len(64).null())
            .col(col("tables").integer().null())
            .col(col("rows").big_integer().null())
            .col(col("files").integer().null())
            // A restore: what the archive said about itself (source company,
            // when it was made, schema version).
            .col(col("source").json_binary().null())
            .col(col("error").string_len(1000).null())
            .col(col("created_by").uuid().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("finished_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_fk("backups", "created_by", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("backups", &["created_at"], false)).await?;
        postgres_only(m, &rls_statements("backups")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("backups")).if_exists().to_owned()).await
    }
}
