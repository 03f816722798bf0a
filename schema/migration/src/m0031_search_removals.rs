//! `search_removals`: companies removed from the database whose search
//! documents are still to be removed from the index. Written in the
//! transaction that removes the company (its events and cursors go with
//! it, so no event can carry the news), read by the search indexer of the
//! running server, which removes the documents and then the row. Global,
//! like `event_sequences`: the company it names no longer exists.

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0031_search_removals"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(id("search_removals"))
                .col(col("tenant_id").uuid().not_null().primary_key())
                .col(col("requested_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        postgres_only(m, &[format!("GRANT SELECT, INSERT, DELETE ON search_removals TO {APP_ROLE}")]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("search_removals")).if_exists().to_owned()).await
    }
}
