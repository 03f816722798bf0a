//! Customer imports from CSV and XLSX files: the uploaded file with its
//! options while the import runs, where it stands, and the per-row report.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_imports"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("imports");
        t.col(col("created_by").uuid().not_null())
            .col(col("job_id").uuid().not_null())
            .col(col("file_name").string_len(200).not_null())
            .col(col("format").string_len(8).not_null())
            // The file itself, kept in the database so that any replica can
            // run the job; cleared when the import ends.
            .col(col("content").binary().null())
            // Mapping, duplicate keys and policy, mode, owner (JSON).
            .col(col("options").json_binary().not_null())
            .col(col("status").string_len(16).not_null())
            .col(col("rows_total").big_integer().not_null())
            // Rows handled so far, committed together with their effects: a
            // retried job resumes here instead of importing rows twice.
            .col(col("rows_done").big_integer().not_null())
            .col(col("created_count").big_integer().not_null())
            .col(col("updated_count").big_integer().not_null())
            .col(col("skipped_count").big_integer().not_null())
            .col(col("failed_count").big_integer().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("finished_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_fk("imports", "created_by", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("imports", &["created_at", "id"], false)).await?;

        let mut t = tenant_entity("import_issues");
        t.col(col("import_id").uuid().not_null())
            // The spreadsheet row (the header is row 1).
            .col(col("row_no").big_integer().not_null())
            .col(col("column_name").string_len(200).null())
            .col(col("code").string_len(32).not_null())
            .col(col("message").text().not_null())
            // `error`: the row was not imported; `skipped`: a duplicate left alone.
            .col(col("severity").string_len(8).not_null())
            .foreign_key(&mut tenant_fk("import_issues", "import_id", "imports", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("import_issues", &["import_id", "row_no", "id"], false)).await?;

        let mut stmts = rls_statements("imports");
        stmts.extend(rls_statements("import_issues"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("import_issues")).if_exists().to_owned()).await?;
        m.drop_table(Table::drop().table(id("imports")).if_exists().to_owned()).await
    }
}
