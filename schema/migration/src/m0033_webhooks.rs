//! Outbound webhooks:
//!
//! - `webhook_endpoints`: the URLs a company's admins subscribed, the event
//!   types each receives, its signing secret (encrypted with the
//!   installation's webhook key: it must be read back to sign, so it cannot
//!   be a hash like other credentials), whether it is enabled and its run
//!   of failed attempts (which disables it when it lasts).
//! - `webhook_deliveries`: one row per event per endpoint (and per replay),
//!   with the payload sent, where it stands and its last attempt (status
//!   code, duration, error, the start of the response). The unique key
//!   `(tenant_id, endpoint_id, event_seq)` makes the subscriber that writes
//!   them idempotent when the same events are delivered to it again;
//!   replays have no `event_seq` and so never collide.
//! - `webhook_queue`: global, the deliveries still to attempt (ids and
//!   scheduling only, like `mail_queue`), so the delivery worker finds work
//!   across companies without bypassing row-level security on the
//!   deliveries themselves.

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0033_webhooks"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("webhook_endpoints");
        t.col(col("url").string_len(2000).not_null())
            .col(col("description").string_len(500).null())
            // A JSON array of event types, or `["*"]`.
            .col(col("events").json_binary().not_null())
            .col(col("enabled").boolean().not_null())
            // Why it is disabled: `manual` or `failing`.
            .col(col("disabled_reason").string_len(16).null())
            .col(col("secret_encrypted").string_len(200).not_null())
            .col(col("consecutive_failures").integer().not_null().default(0))
            .col(col("failing_since").timestamp_with_time_zone().null())
            .col(col("created_by").uuid().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("webhook_endpoints"));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("webhook_endpoints", &["enabled"], false)).await?;

        let mut t = tenant_entity("webhook_deliveries");
        t.col(col("endpoint_id").uuid().not_null())
            // The event's number in the company's sequence; none for a replay.
            .col(col("event_seq").big_integer().null())
            .col(col("event_id").string_len(100).not_null())
            .col(col("event_type").string_len(64).not_null())
            .col(col("payload").json_binary().not_null())
            .col(col("status").string_len(16).not_null())
            .col(col("attempts").integer().not_null().default(0))
            .col(col("next_attempt_at").timestamp_with_time_zone().null())
            .col(col("last_attempt_at").timestamp_with_time_zone().null())
            .col(col("response_status").integer().null())
            .col(col("duration_ms").integer().null())
            .col(col("error").string_len(500).null())
            .col(col("response_snippet").string_len(500).null())
            .col(col("replay_of").uuid().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_fk(
                "webhook_deliveries",
                "endpoint_id",
                "webhook_endpoints",
                ForeignKeyAction::Cascade,
            ));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("webhook_deliveries", &["endpoint_id", "event_seq"], true)).await?;
        m.create_index(tenant_index("webhook_deliveries", &["endpoint_id", "id"], false)).await?;

        // Global: one row per delivery still to attempt; no foreign key to
        // the tenant tables, for the same reason as `mail_queue`.
        m.create_table(
            Table::create()
                .table(id("webhook_queue"))
                .col(col("delivery_id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("run_after").timestamp_with_time_zone().not_null())
                .col(col("locked_until").timestamp_with_time_zone().null())
                .col(col("locked_by").string_len(100).null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_webhook_queue_run_after")
                .table(id("webhook_queue"))
                .col(id("run_after"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_webhook_queue_tenant_id")
                .table(id("webhook_queue"))
                .col(id("tenant_id"))
                .to_owned(),
        )
        .await?;

        let mut stmts = rls_statements("webhook_endpoints");
        stmts.extend(rls_statements("webhook_deliveries"));
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_queue TO {APP_ROLE}"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["webhook_queue", "webhook_deliveries", "webhook_endpoints"] {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
