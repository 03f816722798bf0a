//! `workflow_turns` (global, like `job_turns`): one row per company with
//! runs in `workflow_queue`, with when it last had a run claimed and when
//! its next run may be due (a lower bound). Workers take turns between the
//! companies with due runs, so one company's birthday pass of a hundred
//! thousand runs does not hold up another's runs behind it. Tenant ids and
//! times only.

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0038_workflow_turns"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(id("workflow_turns"))
                .col(col("tenant_id").uuid().not_null().primary_key())
                .col(col("last_claimed_at").timestamp_with_time_zone().not_null())
                .col(col("next_due_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_workflow_turns_next_due_at")
                .table(id("workflow_turns"))
                .col(id("next_due_at"))
                .to_owned(),
        )
        .await?;
        // A company's due runs in order, for the claim within a company.
        m.create_index(
            Index::create()
                .name("ix_workflow_queue_tenant_id_run_after")
                .table(id("workflow_queue"))
                .col(id("tenant_id"))
                .col(id("run_after"))
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name("ix_workflow_queue_tenant_id").table(id("workflow_queue")).to_owned()).await?;
        // The companies already waiting get their turn.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO workflow_turns (tenant_id, last_claimed_at, next_due_at) \
                 SELECT tenant_id, min(run_after), min(run_after) FROM workflow_queue GROUP BY tenant_id",
            )
            .await?;
        postgres_only(m, &[format!("GRANT SELECT, INSERT, UPDATE, DELETE ON workflow_turns TO {APP_ROLE}")]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_workflow_queue_tenant_id")
                .table(id("workflow_queue"))
                .col(id("tenant_id"))
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop().name("ix_workflow_queue_tenant_id_run_after").table(id("workflow_queue")).to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(id("workflow_turns")).to_owned()).await?;
        Ok(())
    }
}
