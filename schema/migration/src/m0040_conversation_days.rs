//! `conversation_days`: conversations counted per local day (the company's
//! time zone), author and kind, kept by the conversations' write path in
//! the same transaction as each change. The dashboards read their
//! conversation series and the leaderboard's conversation counts from it
//! instead of counting a million rows; `tenants.summaries_at` says when a
//! company's derived summaries were last built (NULL: not yet, and the
//! reads count directly until they are).
//!
//! Two indexes for the other dashboard reads: the customers' status changes
//! (the funnel and retention read only those among every field's history)
//! and plans by their end (the leaderboard's plans due in a range).

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0040_conversation_days"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(id("conversation_days"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("day").date().not_null())
                .col(col("author_id").uuid().not_null())
                .col(col("kind").string_len(20).not_null())
                .col(col("n").big_integer().not_null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("day")).col(id("author_id")).col(id("kind")))
                .foreign_key(&mut tenant_root_fk("conversation_days"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(id("tenants"))
                .add_column(col("summaries_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        // Partial: the status changes are a small part of the history.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_customer_history_status ON customer_history (tenant_id, customer_id, created_at) \
                 WHERE field = 'status'",
            )
            .await?;
        m.create_index(tenant_index("work_plans", &["end_at"], false)).await?;
        postgres_only(m, &rls_statements("conversation_days")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_work_plans_end_at").table(id("work_plans")).to_owned()).await?;
        m.drop_index(Index::drop().name("ix_customer_history_status").table(id("customer_history")).to_owned()).await?;
        m.alter_table(Table::alter().table(id("tenants")).drop_column(id("summaries_at")).to_owned()).await?;
        m.drop_table(Table::drop().table(id("conversation_days")).to_owned()).await
    }
}
