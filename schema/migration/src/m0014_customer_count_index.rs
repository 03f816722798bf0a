//! An index that lets a salesperson's customer counts (their own plus the
//! pool, by status) be answered from the index alone.

use sea_orm_migration::prelude::*;

use crate::support::{id, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_customer_count_index"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(tenant_index("customers", &["owner_id", "status"], false)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_customers_owner_id_status").table(id("customers")).to_owned()).await
    }
}
