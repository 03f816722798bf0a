//! Per-tenant settings, one JSON document on the tenant row.

use sea_orm_migration::prelude::*;

use crate::support::{col, id};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_tenant_settings"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(id("tenants"))
                .add_column(col("settings").json_binary().not_null().default("{}"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("tenants")).drop_column(id("settings")).to_owned()).await
    }
}
