//! A failed job's error as a client reads it: `error_detail` holds the code
//! and details a GraphQL error carries in its `extensions` (a plan's limit:
//! which, its maximum and usage, the plan that allows more), so the app
//! shows a failed import's refusal in the reader's language, as it shows a
//! refused request. `error` keeps the English message.

use sea_orm_migration::prelude::*;

use crate::support::{col, id};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0032_job_error_detail"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("jobs")).add_column(col("error_detail").json_binary().null()).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("jobs")).drop_column(id("error_detail")).to_owned()).await
    }
}
