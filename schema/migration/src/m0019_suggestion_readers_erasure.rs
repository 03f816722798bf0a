//! A private reading link for anonymous suggestions (only the hash of its
//! token is stored; nothing names the author) and the time a user's personal
//! details were erased.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0019_suggestion_readers_erasure"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter().table(id("suggestions")).add_column(col("reader_token_hash").text().null()).to_owned(),
        )
        .await?;
        m.create_index(tenant_index("suggestions", &["reader_token_hash"], true)).await?;
        m.alter_table(
            Table::alter().table(id("users")).add_column(col("erased_at").timestamp_with_time_zone().null()).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("users")).drop_column(id("erased_at")).to_owned()).await?;
        m.drop_index(Index::drop().name("ix_suggestions_reader_token_hash").table(id("suggestions")).to_owned())
            .await?;
        m.alter_table(Table::alter().table(id("suggestions")).drop_column(id("reader_token_hash")).to_owned()).await
    }
}
