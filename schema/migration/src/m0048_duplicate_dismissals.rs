//! Pairs of customers someone said are not the same person (不是重复): no
//! longer offered as possible duplicates, in warnings or in scans. Each
//! pair once, its smaller id first.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_fk, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0048_duplicate_dismissals"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(id("duplicate_dismissals"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("customer_a").uuid().not_null())
                .col(col("customer_b").uuid().not_null())
                .col(col("dismissed_by").uuid().not_null())
                .col(col("dismissed_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("customer_a")).col(id("customer_b")))
                .foreign_key(&mut tenant_root_fk("duplicate_dismissals"))
                // A customer deleted for good takes its pairs with it.
                .foreign_key(&mut tenant_fk(
                    "duplicate_dismissals",
                    "customer_a",
                    "customers",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut tenant_fk(
                    "duplicate_dismissals",
                    "customer_b",
                    "customers",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index("duplicate_dismissals", &["customer_b"], false)).await?;
        postgres_only(m, &rls_statements("duplicate_dismissals")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("duplicate_dismissals")).if_exists().to_owned()).await
    }
}
