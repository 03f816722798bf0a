//! Custom fields (自定义字段): their definitions, and the side table that
//! keeps values of unique fields unique within a company under concurrency.
//! The values themselves live in the `custom` JSON column of their records.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_custom_fields"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("custom_fields");
        t.col(col("entity").string_len(16).not_null())
            .col(col("field_key").string_len(40).not_null())
            .col(col("label").string_len(50).not_null())
            .col(col("label_en").string_len(50).null())
            .col(col("help").string_len(500).null())
            .col(col("field_type").string_len(16).not_null())
            .col(col("required").boolean().not_null())
            .col(col("is_unique").boolean().not_null())
            .col(col("default_value").json_binary().null())
            .col(col("rules").json_binary().not_null())
            .col(col("visibility").json_binary().not_null())
            .col(col("position").integer().not_null())
            .col(col("archived").boolean().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null());
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("custom_fields", &["entity", "field_key"], true)).await?;

        // One row per record holding a value of a unique field: the primary
        // key makes a second holder of the same value fail, on both
        // databases and whatever the isolation level.
        let mut u = Table::create();
        u.table(id("custom_field_unique"))
            .col(col("tenant_id").uuid().not_null())
            .col(col("field_id").uuid().not_null())
            .col(col("value_key").string_len(400).not_null())
            .col(col("record_id").uuid().not_null())
            .primary_key(Index::create().col(id("tenant_id")).col(id("field_id")).col(id("value_key")))
            .foreign_key(&mut tenant_fk("custom_field_unique", "field_id", "custom_fields", ForeignKeyAction::Cascade));
        m.create_table(u.to_owned()).await?;
        m.create_index(tenant_index("custom_field_unique", &["field_id", "record_id"], true)).await?;

        let mut stmts = rls_statements("custom_fields");
        stmts.extend(rls_statements("custom_field_unique"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("custom_field_unique")).if_exists().to_owned()).await?;
        m.drop_table(Table::drop().table(id("custom_fields")).if_exists().to_owned()).await
    }
}
