//! In-app notifications:
//!
//! - `notifications`: one row per notification of one user: its kind and
//!   parameters (rendered in the reader's language when read), the record
//!   it opens, whether it shows in the app and when it was read. The unique
//!   key `(tenant_id, recipient_id, dedupe_key)` makes the same occasion
//!   notify once however often its producer sees it (domain events are
//!   delivered at least once).
//! - `notification_preferences`: a user's choice of channels (in the app,
//!   by mail) per kind; a kind without a row takes its default.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0034_notifications"
    }
}

/// `(tenant_id, <column>) → users(tenant_id, id)`, deleting with the user.
fn user_fk(from: &str, column: &str) -> ForeignKeyCreateStatement {
    let mut fk = ForeignKey::create();
    fk.name(format!("fk_{from}_{column}"))
        .from_tbl(id(from))
        .from_col(id("tenant_id"))
        .from_col(id(column))
        .to_tbl(id("users"))
        .to_col(id("tenant_id"))
        .to_col(id("id"))
        .on_delete(ForeignKeyAction::Cascade);
    fk
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("notifications");
        t.col(col("recipient_id").uuid().not_null())
            .col(col("kind").string_len(32).not_null())
            .col(col("params").json_binary().not_null())
            .col(col("link_kind").string_len(32).null())
            .col(col("link_id").uuid().null())
            // Who caused it, when a person did.
            .col(col("actor_id").uuid().null())
            .col(col("dedupe_key").string_len(200).not_null())
            // False when the recipient wants this kind by mail only: the row
            // still holds the dedupe key, and is born read.
            .col(col("in_app").boolean().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("read_at").timestamp_with_time_zone().null())
            .foreign_key(&mut user_fk("notifications", "recipient_id"));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("notifications", &["recipient_id", "dedupe_key"], true)).await?;
        // A user's list, newest first (ids are time-ordered), and the unread ones.
        m.create_index(tenant_index("notifications", &["recipient_id", "id"], false)).await?;
        m.create_index(tenant_index("notifications", &["recipient_id", "read_at"], false)).await?;
        // Retention: read notifications older than the retention are pruned.
        m.create_index(tenant_index("notifications", &["read_at"], false)).await?;

        m.create_table(
            Table::create()
                .table(id("notification_preferences"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("kind").string_len(32).not_null())
                .col(col("in_app").boolean().not_null())
                .col(col("mail").boolean().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("user_id")).col(id("kind")))
                .foreign_key(&mut user_fk("notification_preferences", "user_id"))
                .to_owned(),
        )
        .await?;

        let mut stmts = rls_statements("notifications");
        stmts.extend(rls_statements("notification_preferences"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["notification_preferences", "notifications"] {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
