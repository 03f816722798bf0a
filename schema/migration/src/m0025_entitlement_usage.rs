//! `entitlement_usage`: a company's last known usage of an entitlement
//! (customers today), so that a creation checks the plan's limit without
//! counting every customer. A cache, never the truth: it is recounted from
//! the data when it is older than a minute or when it says the limit is
//! near (see `guanxi_store::entitlements`), and a backup leaves it out.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0025_entitlement_usage"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(id("entitlement_usage"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("entitlement").string_len(40).not_null())
                .col(col("used").big_integer().not_null())
                .col(col("counted_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("entitlement")))
                .foreign_key(&mut tenant_root_fk("entitlement_usage"))
                .to_owned(),
        )
        .await?;
        postgres_only(m, &rls_statements("entitlement_usage")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("entitlement_usage")).to_owned()).await
    }
}
