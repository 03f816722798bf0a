//! Sales operations:
//!
//! - `customers.owned_since`: when the current owner got the customer
//!   (NULL: since it was created), for the protection period after a claim
//!   that pool rules respect; `customers.locked`: an admin's lock that keeps
//!   a customer out of every pool rule.
//! - `users.away_until`: a person away (leave, travel) receives no
//!   customers from automatic assignment until then; `users.reminder_time`:
//!   the local time (company time zone) their daily reminders arrive, and
//!   `users.reminded_on`, the last local day they were sent.
//! - `reminder_timers` (global, like `workflow_timers`): when each
//!   company's next reminder time comes, so the scheduler finds the
//!   companies with reminders due without reading every company. Tenant ids
//!   and times only.
//! - `customers.mail_opt_out_at`: when the customer unsubscribed from
//!   care mails (the link in each one); `mail_outbox.customer_id`: the
//!   customer a mail was sent to, for the customer's send log.
//! - `assignment_counters`: how many customers each person received from
//!   one assignment step of one workflow, the state of its weighted round
//!   robin, locked row by row while an assignment chooses.

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, rls_statements, tenant_fk, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0039_sales_ops"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(id("customers"))
                .add_column(col("owned_since").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(id("customers"))
                .add_column(col("locked").boolean().not_null().default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(id("customers"))
                .add_column(col("mail_opt_out_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(id("mail_outbox")).add_column(col("customer_id").uuid().null()).to_owned())
            .await?;
        m.create_index(crate::support::tenant_index("mail_outbox", &["customer_id"], false)).await?;
        // A customer's current owner got it at their last owner change.
        m.get_connection()
            .execute_unprepared(
                "UPDATE customers SET owned_since = (SELECT max(h.created_at) FROM customer_history h \
                     WHERE h.tenant_id = customers.tenant_id AND h.customer_id = customers.id AND h.field = 'ownerId') \
                 WHERE owner_id IS NOT NULL",
            )
            .await?;
        m.alter_table(
            Table::alter()
                .table(id("users"))
                .add_column(col("away_until").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(id("users"))
                .add_column(col("reminder_time").string_len(5).not_null().default("08:30"))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(id("users")).add_column(col("reminded_on").date().null()).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(id("assignment_counters"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("workflow_id").uuid().not_null())
                .col(col("step_key").string_len(100).not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("assigned").big_integer().not_null())
                .primary_key(
                    Index::create().col(id("tenant_id")).col(id("workflow_id")).col(id("step_key")).col(id("user_id")),
                )
                .foreign_key(&mut tenant_fk(
                    "assignment_counters",
                    "workflow_id",
                    "workflows",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut tenant_fk("assignment_counters", "user_id", "users", ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(id("reminder_timers"))
                .col(col("tenant_id").uuid().not_null().primary_key())
                .col(col("next_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut tenant_root_fk("reminder_timers"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_reminder_timers_next_at")
                .table(id("reminder_timers"))
                .col(id("next_at"))
                .to_owned(),
        )
        .await?;
        // Every company's first pass is due at once; it sets the next.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO reminder_timers (tenant_id, next_at) SELECT tenant_id, created_at FROM tenants",
            )
            .await?;
        let mut stmts = rls_statements("assignment_counters");
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON reminder_timers TO {APP_ROLE}"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("reminder_timers")).to_owned()).await?;
        m.drop_table(Table::drop().table(id("assignment_counters")).to_owned()).await?;
        for c in ["reminded_on", "reminder_time", "away_until"] {
            m.alter_table(Table::alter().table(id("users")).drop_column(id(c)).to_owned()).await?;
        }
        m.drop_index(Index::drop().name("ix_mail_outbox_customer_id").table(id("mail_outbox")).to_owned()).await?;
        m.alter_table(Table::alter().table(id("mail_outbox")).drop_column(id("customer_id")).to_owned()).await?;
        for c in ["mail_opt_out_at", "locked", "owned_since"] {
            m.alter_table(Table::alter().table(id("customers")).drop_column(id(c)).to_owned()).await?;
        }
        Ok(())
    }
}
