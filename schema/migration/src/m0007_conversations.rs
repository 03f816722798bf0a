//! Conversations (洽谈记录) with customers.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_conversations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("conversations");
        t.col(col("customer_id").uuid().not_null())
            // Like `customers.created_by`, no foreign key: the record outlives
            // whatever happens to its author's account.
            .col(col("author_id").uuid().not_null())
            .col(col("topic").string_len(100).not_null())
            .col(col("content").text().not_null())
            .col(col("kind").string_len(16).not_null())
            .col(col("occurred_at").timestamp_with_time_zone().not_null())
            // Custom field values (a JSON object).
            .col(col("custom").json_binary().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            // Deleting a customer for good removes what was said with it.
            .foreign_key(&mut tenant_fk("conversations", "customer_id", "customers", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        // One customer's record, newest first; and the whole tenant's by time.
        m.create_index(tenant_index("conversations", &["customer_id", "occurred_at", "id"], false)).await?;
        m.create_index(tenant_index("conversations", &["occurred_at", "id"], false)).await?;
        // "Visited this week": a customer's visits in a window, and all
        // visits in a window (read first when few customers were visited).
        m.create_index(tenant_index("conversations", &["customer_id", "kind", "occurred_at"], false)).await?;
        m.create_index(tenant_index("conversations", &["kind", "occurred_at"], false)).await?;
        postgres_only(m, &rls_statements("conversations")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("conversations")).if_exists().to_owned()).await
    }
}
