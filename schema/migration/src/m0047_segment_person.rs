//! A segment shared with one colleague: `segments.user_id`, the person it
//! is shared with (`sharing = 'person'`).

use sea_orm_migration::prelude::*;

use crate::support::{col, id, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0047_segment_person"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key, like the group: a restore writes users and
        // segments in any order, and a person leaving keeps the list
        // their colleague shared.
        m.alter_table(Table::alter().table(id("segments")).add_column(col("user_id").uuid().null()).to_owned()).await?;
        m.create_index(tenant_index("segments", &["user_id"], false)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_segments_user_id").table(id("segments")).to_owned()).await?;
        m.alter_table(Table::alter().table(id("segments")).drop_column(id("user_id")).to_owned()).await
    }
}
