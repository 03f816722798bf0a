//! Who automation belongs to and who it acts as:
//!
//! - `workflows.group_id`: a group's workflow (managed by the group's
//!   supervisors where the company allows it) starts runs only for the
//!   group's customers; `NULL` is a company-wide workflow, admins only.
//! - `webhook_endpoints.group_id`: likewise, a group's endpoint receives
//!   the events that concern the group only.
//! - `users.kind`: `person` for everyone who logs in, `automation` for the
//!   company's automation identity, a user row (so what it does is
//!   attributed like anyone's) whose rights an admin sets and that never
//!   logs in, holds a seat or appears in the team.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0037_workflow_scope"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("workflows")).add_column(col("group_id").uuid().null()).to_owned())
            .await?;
        m.create_index(tenant_index("workflows", &["group_id"], false)).await?;
        m.alter_table(
            Table::alter().table(id("webhook_endpoints")).add_column(col("group_id").uuid().null()).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(id("users"))
                .add_column(col("kind").string_len(16).not_null().default("person"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("users")).drop_column(id("kind")).to_owned()).await?;
        m.alter_table(Table::alter().table(id("webhook_endpoints")).drop_column(id("group_id")).to_owned()).await?;
        m.drop_index(Index::drop().name("ix_workflows_group_id").table(id("workflows")).to_owned()).await?;
        m.alter_table(Table::alter().table(id("workflows")).drop_column(id("group_id")).to_owned()).await?;
        Ok(())
    }
}
