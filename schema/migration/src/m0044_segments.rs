//! Saved customer lists (分群, segments): a named customer filter, kept as
//! the API's filter input in JSON (and in the store's terms), shared with
//! its owner alone, a group or the whole company.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0044_segments"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("segments");
        t.col(col("name").string_len(100).not_null())
            .col(col("description").string_len(500).null())
            .col(col("filter").json_binary().not_null())
            // The same filter in the store's terms, for readers below the
            // API (a workflow's condition).
            .col(col("criteria").json_binary().not_null())
            .col(col("sharing").string_len(16).not_null())
            // No foreign key: deleting a group makes its segments private
            // first (in the same transaction), and a restore writes groups
            // and segments in any order.
            .col(col("group_id").uuid().null())
            .col(col("owner_id").uuid().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("segments"));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("segments", &["owner_id"], false)).await?;
        postgres_only(m, &rls_statements("segments")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("segments")).if_exists().to_owned()).await
    }
}
