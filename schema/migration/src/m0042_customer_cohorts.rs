//! Two summaries of the customers for the lifecycle dashboards, kept by the
//! customers' write path in the same transaction as each change, so the
//! conversion funnel and retention of a company of 100,000 customers read
//! a few thousand summary rows instead of every customer:
//!
//! - `customer_cohorts`: the customers counted by owner (the nil id for the
//!   public pool), month of creation in the company's time zone (`born`,
//!   its first day), status now and statuses held before (`status_ever`),
//!   with their status facts (`<status>_stays`, `<status>_secs`) summed;
//! - `customer_lost_moves`: the moves into and out of `lost` counted by the
//!   customer's owner now and month of creation and the month of the move.
//!
//! Every existing company's summaries are marked not built, so the server
//! builds them at start-up; until then the reads count directly.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0042_customer_cohorts"
    }
}

/// The statuses, in display order.
const STATUSES: [&str; 5] = ["prospect", "intent", "paused", "deal", "lost"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut cohorts = Table::create()
            .table(id("customer_cohorts"))
            .col(col("tenant_id").uuid().not_null())
            .col(col("owner_id").uuid().not_null())
            .col(col("born").date().not_null())
            .col(col("status").string_len(20).not_null())
            .col(col("status_ever").integer().not_null())
            .col(col("n").big_integer().not_null())
            .to_owned();
        for s in STATUSES {
            cohorts.col(col(&format!("{s}_stays")).big_integer().not_null());
            cohorts.col(col(&format!("{s}_secs")).big_integer().not_null());
        }
        m.create_table(
            cohorts
                .primary_key(
                    Index::create()
                        .col(id("tenant_id"))
                        .col(id("owner_id"))
                        .col(id("born"))
                        .col(id("status"))
                        .col(id("status_ever")),
                )
                .foreign_key(&mut tenant_root_fk("customer_cohorts"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(id("customer_lost_moves"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("owner_id").uuid().not_null())
                .col(col("born").date().not_null())
                .col(col("moved").date().not_null())
                .col(col("into_lost").integer().not_null())
                .col(col("n").big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(id("tenant_id"))
                        .col(id("owner_id"))
                        .col(id("born"))
                        .col(id("moved"))
                        .col(id("into_lost")),
                )
                .foreign_key(&mut tenant_root_fk("customer_lost_moves"))
                .to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared("UPDATE tenants SET summaries_at = NULL").await?;
        let mut rls = rls_statements("customer_cohorts");
        rls.extend(rls_statements("customer_lost_moves"));
        postgres_only(m, &rls).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("customer_lost_moves")).to_owned()).await?;
        m.drop_table(Table::drop().table(id("customer_cohorts")).to_owned()).await
    }
}
