//! Mail delivery and account recovery:
//!
//! - `mail_outbox` gains its delivery state (attempts, last error, next
//!   attempt); `mail_queue` is a global table of the mails still to deliver
//!   (ids and scheduling only, like `job_queue`), so a delivery worker finds
//!   work across companies without bypassing row-level security on the
//!   outbox itself.
//! - `users.email_verified_at`: when the user proved their address. Users
//!   that exist already count as verified (they were invited by mail or
//!   signed up before verification existed), so no company is suddenly
//!   "unverified" and prunable.
//! - `email_tokens`: single-use tokens for password resets and address
//!   verification, stored as hashes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0020_mail_delivery"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for c in [
            col("attempts").integer().not_null().default(0).to_owned(),
            col("last_error").string_len(500).null().to_owned(),
            col("next_attempt_at").timestamp_with_time_zone().null().to_owned(),
        ] {
            m.alter_table(Table::alter().table(id("mail_outbox")).add_column(c).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(id("users"))
                .add_column(col("email_verified_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared("UPDATE users SET email_verified_at = created_at").await?;

        // Global: one row per mail still to deliver; no foreign key to the
        // tenant table, for the same reason as `job_queue`.
        m.create_table(
            Table::create()
                .table(id("mail_queue"))
                .col(col("mail_id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("run_after").timestamp_with_time_zone().not_null())
                .col(col("locked_until").timestamp_with_time_zone().null())
                .col(col("locked_by").string_len(100).null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_mail_queue_run_after").table(id("mail_queue")).col(id("run_after")).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_mail_queue_tenant_id").table(id("mail_queue")).col(id("tenant_id")).to_owned(),
        )
        .await?;

        let mut t = tenant_entity("email_tokens");
        t.col(col("user_id").uuid().not_null())
            .col(col("purpose").string_len(16).not_null())
            .col(col("token_hash").string_len(64).not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("expires_at").timestamp_with_time_zone().not_null())
            .col(col("used_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_fk("email_tokens", "user_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("email_tokens", &["token_hash"], true)).await?;
        m.create_index(tenant_index("email_tokens", &["user_id", "purpose"], false)).await?;

        let mut stmts = rls_statements("email_tokens");
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON mail_queue TO {APP_ROLE}"));
        // Pruning an unverified company removes its slug too.
        stmts.push(format!("GRANT DELETE ON tenant_slugs TO {APP_ROLE}"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["email_tokens", "mail_queue"] {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        m.alter_table(Table::alter().table(id("users")).drop_column(id("email_verified_at")).to_owned()).await?;
        for c in ["attempts", "last_error", "next_attempt_at"] {
            m.alter_table(Table::alter().table(id("mail_outbox")).drop_column(id(c)).to_owned()).await?;
        }
        Ok(())
    }
}
