//! The durable job queue: `jobs` (a tenant table: what the job is, who started
//! it, where it stands) and `job_queue` (a global table of runnable job ids,
//! so a worker can find work across tenants without bypassing row-level
//! security on `jobs`).

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_jobs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("jobs");
        t.col(col("kind").string_len(64).not_null())
            .col(col("payload").json_binary().not_null())
            .col(col("status").string_len(16).not_null())
            .col(col("progress_done").big_integer().not_null())
            .col(col("progress_total").big_integer().null())
            .col(col("progress_note").string_len(300).null())
            .col(col("result").json_binary().null())
            .col(col("error").text().null())
            .col(col("attempts").integer().not_null())
            .col(col("max_attempts").integer().not_null())
            .col(col("created_by").uuid().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("started_at").timestamp_with_time_zone().null())
            .col(col("finished_at").timestamp_with_time_zone().null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            // Users are deactivated, never deleted; the cascade only matters
            // when a whole tenant goes.
            .foreign_key(&mut tenant_fk("jobs", "created_by", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("jobs", &["created_by", "created_at"], false)).await?;
        m.create_index(tenant_index("jobs", &["created_at"], false)).await?;

        // Global: one row per job that may still run. It holds ids and
        // scheduling state only, never tenant data. No foreign key to `jobs`:
        // a global table must not depend on a tenant table (they are
        // distributed differently under Citus); the store deletes the row when
        // a job ends, and a worker drops rows whose job is gone.
        m.create_table(
            Table::create()
                .table(id("job_queue"))
                .col(col("job_id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("kind").string_len(64).not_null())
                .col(col("run_after").timestamp_with_time_zone().not_null())
                .col(col("locked_until").timestamp_with_time_zone().null())
                .col(col("locked_by").string_len(100).null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_job_queue_run_after").table(id("job_queue")).col(id("run_after")).to_owned(),
        )
        .await?;

        let mut stmts = rls_statements("jobs");
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON job_queue TO {APP_ROLE}"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["job_queue", "jobs"] {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
