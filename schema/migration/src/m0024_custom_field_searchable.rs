//! `custom_fields.searchable`: whether a field's values are indexed for
//! search. Off for every existing field: a company opts a field in, so that
//! nothing it did not choose becomes findable.

use sea_orm_migration::prelude::*;

use crate::support::{col, id};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0024_custom_field_searchable"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(id("custom_fields"))
                .add_column(col("searchable").boolean().not_null().default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("custom_fields")).drop_column(id("searchable")).to_owned()).await
    }
}
