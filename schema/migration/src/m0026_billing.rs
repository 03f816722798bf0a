//! Billing: each company's subscription, the payment provider's webhook
//! deliveries and the usage reports waiting to reach the provider.
//!
//! - `billing_subscriptions`: global, one row per company: plan, state,
//!   the dates that drive the lifecycle and the provider's references. It is
//!   the operator's record of the contract, read across companies by the
//!   lifecycle sweep (due transitions), webhook processing (the company of a
//!   provider customer) and the operator's list by state; it holds no company
//!   data. Companies that exist before this migration get an `active` row on
//!   their current plan (they were never asked to pay).
//! - `billing_webhook_events`: global, one row per provider event id (the
//!   unique key makes a repeated delivery a no-op), the durable queue its
//!   processing is leased from. Only ids, the type, times and retry state:
//!   processing re-reads the object from the provider.
//! - `billing_usage_reports`: a tenant table (RLS): the metered usage to
//!   report, one row per `tenant:metric:period` identifier, marked when the
//!   provider acknowledged it.

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, rls_statements, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0026_billing"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(id("billing_subscriptions"))
                .col(col("tenant_id").uuid().not_null().primary_key())
                .col(col("plan").text().not_null())
                .col(col("state").string_len(16).not_null())
                .col(col("provider").string_len(16).not_null())
                .col(col("trial_ends_at").timestamp_with_time_zone().null())
                .col(col("current_period_end").timestamp_with_time_zone().null())
                .col(col("grace_started_at").timestamp_with_time_zone().null())
                .col(col("read_only_at").timestamp_with_time_zone().null())
                .col(col("cancel_at_period_end").boolean().not_null().default(false))
                .col(col("canceled_at").timestamp_with_time_zone().null())
                .col(col("customer_ref").text().null())
                .col(col("subscription_ref").text().null())
                .col(col("seats").integer().not_null().default(0))
                .col(col("observed_at").timestamp_with_time_zone().null())
                .col(col("trial_notice_at").timestamp_with_time_zone().null())
                .col(col("reconciled_at").timestamp_with_time_zone().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut tenant_root_fk("billing_subscriptions"))
                .to_owned(),
        )
        .await?;
        for (name, column, unique) in [
            ("ix_billing_subscriptions_state", "state", false),
            ("ix_billing_subscriptions_customer_ref", "customer_ref", true),
            ("ix_billing_subscriptions_subscription_ref", "subscription_ref", true),
        ] {
            let mut ix = Index::create();
            ix.name(name).table(id("billing_subscriptions")).col(id(column));
            if unique {
                ix.unique();
            }
            m.create_index(ix.to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(id("billing_webhook_events"))
                .col(col("event_id").text().not_null().primary_key())
                .col(col("event_type").text().not_null())
                .col(col("object_ref").text().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("received_at").timestamp_with_time_zone().not_null())
                .col(col("processed_at").timestamp_with_time_zone().null())
                .col(col("attempts").integer().not_null().default(0))
                .col(col("next_attempt_at").timestamp_with_time_zone().null())
                .col(col("locked_until").timestamp_with_time_zone().null())
                .col(col("last_error").text().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_billing_webhook_events_next_attempt_at")
                .table(id("billing_webhook_events"))
                .col(id("next_attempt_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(id("billing_usage_reports"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("identifier").text().not_null())
                .col(col("metric").text().not_null())
                .col(col("period").text().not_null())
                .col(col("quantity").big_integer().not_null())
                .col(col("period_end").timestamp_with_time_zone().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("reported_at").timestamp_with_time_zone().null())
                .col(col("attempts").integer().not_null().default(0))
                .col(col("last_error").text().null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("identifier")))
                .foreign_key(&mut tenant_root_fk("billing_usage_reports"))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index("billing_usage_reports", &["reported_at"], false)).await?;

        // Companies from before billing: active on the plan they have.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO billing_subscriptions (tenant_id, plan, state, provider, cancel_at_period_end, seats, \
                 created_at, updated_at) \
                 SELECT tenant_id, plan, 'active', 'local', false, 0, created_at, created_at FROM tenants",
            )
            .await?;

        let mut stmts = rls_statements("billing_usage_reports");
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON billing_subscriptions TO {APP_ROLE}"));
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE ON billing_webhook_events TO {APP_ROLE}"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["billing_usage_reports", "billing_webhook_events", "billing_subscriptions"] {
            m.drop_table(Table::drop().table(id(t)).to_owned()).await?;
        }
        Ok(())
    }
}
