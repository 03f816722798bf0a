//! Each company's subscription plan, which sets its plugin limits.

use sea_orm_migration::prelude::*;

use crate::support::{col, id};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_tenant_plan"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(id("tenants")).add_column(col("plan").text().not_null().default("free")).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("tenants")).drop_column(id("plan")).to_owned()).await
    }
}
