//! Domain events, the seam every consumer of "what changed" hangs on:
//!
//! - `domain_events`: the transactional outbox, one row per event, written in
//!   the same transaction as the change, numbered by a per-company sequence
//!   (`seq`, from 1, no gaps among committed rows).
//! - `event_sequences`: global, one row per company: the last `seq` handed
//!   out. A writer increments it at commit, which also orders the company's
//!   committing writers, so events become visible in `seq` order.
//! - `event_cursors`: global, one row per subscriber and company: how far the
//!   subscriber has got, its retry state and its lease (positions and
//!   scheduling only; the events themselves stay behind row-level security).

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, rls_statements, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0022_domain_events"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(id("domain_events"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("seq").big_integer().not_null())
                .col(col("kind").string_len(64).not_null())
                .col(col("entity_id").uuid().not_null())
                .col(col("actor_id").uuid().null())
                .col(col("payload").json_binary().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("seq")))
                .foreign_key(&mut tenant_root_fk("domain_events"))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index("domain_events", &["entity_id"], false)).await?;
        // Pruning deletes by age across companies.
        m.create_index(
            Index::create()
                .name("ix_domain_events_created_at")
                .table(id("domain_events"))
                .col(id("created_at"))
                .to_owned(),
        )
        .await?;

        // Global, no foreign key to the tenant table, like `job_turns`:
        // removing a company removes its rows explicitly.
        m.create_table(
            Table::create()
                .table(id("event_sequences"))
                .col(col("tenant_id").uuid().not_null().primary_key())
                .col(col("last_seq").big_integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(id("event_cursors"))
                .col(col("subscriber").string_len(64).not_null())
                .col(col("tenant_id").uuid().not_null())
                .col(col("position").big_integer().not_null().default(0))
                .col(col("attempts").integer().not_null().default(0))
                .col(col("next_attempt_at").timestamp_with_time_zone().null())
                .col(col("last_error").string_len(500).null())
                .col(col("dead").boolean().not_null().default(false))
                .col(col("locked_until").timestamp_with_time_zone().null())
                .col(col("locked_by").string_len(100).null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col(id("subscriber")).col(id("tenant_id")))
                .to_owned(),
        )
        .await?;

        // Removing a company deletes its cursors by `tenant_id` alone; the
        // key leads with the subscriber.
        m.create_index(
            Index::create().name("ix_event_cursors_tenant").table(id("event_cursors")).col(id("tenant_id")).to_owned(),
        )
        .await?;

        let mut stmts = rls_statements("domain_events");
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON event_sequences TO {APP_ROLE}"));
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON event_cursors TO {APP_ROLE}"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["event_cursors", "event_sequences", "domain_events"] {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
