//! Fair job claiming and merged conversations that keep their entries.
//!
//! `job_turns` (global, like `job_queue`): when each company last had a job
//! started, so workers can take turns between companies with due jobs.
//!
//! `conversations.entries` (JSON, null for a record that was never merged):
//! each entry of a merged record with its own time, kind and text;
//! `conversations.visited_at`: the latest visit among a merged record's
//! entries, so the "visited" windows count a visit by its own time rather
//! than by the time of the follow-up it was merged with.

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0018_fair_jobs_and_merged_conversations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Global: tenant ids and one timestamp, never tenant data. A worker
        // reads it across companies before it knows which job it takes.
        m.create_table(
            Table::create()
                .table(id("job_turns"))
                .col(col("tenant_id").uuid().not_null().primary_key())
                .col(col("last_claimed_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(id("conversations")).add_column(col("entries").json_binary().null()).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(id("conversations"))
                .add_column(col("visited_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index("conversations", &["customer_id", "visited_at"], false)).await?;
        postgres_only(m, &[format!("GRANT SELECT, INSERT, UPDATE, DELETE ON job_turns TO {APP_ROLE}")]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop().name("ix_conversations_customer_id_visited_at").table(id("conversations")).to_owned(),
        )
        .await?;
        for c in ["visited_at", "entries"] {
            m.alter_table(Table::alter().table(id("conversations")).drop_column(id(c)).to_owned()).await?;
        }
        m.drop_table(Table::drop().table(id("job_turns")).if_exists().to_owned()).await
    }
}
