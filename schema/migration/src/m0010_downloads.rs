//! Download links: a short-lived token that lets a browser fetch an export
//! without sending its bearer token (a plain link cannot carry a header).

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_downloads"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("downloads");
        // SHA-256 of the token's secret, hex; the token itself is never stored.
        t.col(col("token_hash").string_len(64).not_null())
            // The download acts as this user, with their rights at download time.
            .col(col("user_id").uuid().not_null())
            .col(col("kind").string_len(32).not_null())
            .col(col("params").json_binary().not_null())
            .col(col("file_name").string_len(200).not_null())
            .col(col("expires_at").timestamp_with_time_zone().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_fk("downloads", "user_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("downloads", &["token_hash"], true)).await?;
        postgres_only(m, &rls_statements("downloads")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("downloads")).if_exists().to_owned()).await
    }
}
