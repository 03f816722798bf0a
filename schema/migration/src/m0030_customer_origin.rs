//! How each customer came to exist, beside who (`created_by`) and when
//! (`created_at`): `created_via` (`form`, `api_key`, `import`, `plugin`) and
//! `created_ref` (the API key, import or plugin). A customer's history shows
//! its creation from these columns, so an import writes no extra rows.
//! Customers created before them have neither (the history says `unknown`).

use sea_orm_migration::prelude::*;

use crate::support::{col, id};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0030_customer_origin"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        m.alter_table(
            Table::alter().table(id("customers")).add_column(col("created_via").string_len(16).null()).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(id("customers")).add_column(col("created_ref").uuid().null()).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for c in ["created_ref", "created_via"] {
            m.alter_table(Table::alter().table(id("customers")).drop_column(id(c)).to_owned()).await?;
        }
        Ok(())
    }
}
