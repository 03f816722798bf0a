//! `work_plans.overdue_at`: when the overdue sweep found a plan past its end
//! undone and announced it (`plan.overdue`), so that it does so once per
//! plan. Reopening a plan or moving its end clears it.
//!
//! Plans already overdue when this migration runs count as announced: the
//! sweep reports plans whose time passes from now on, not a backlog from
//! before events existed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::support::{col, id};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0023_work_plan_overdue"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(id("work_plans"))
                .add_column(col("overdue_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        let now = match m.get_database_backend() {
            DbBackend::Postgres => "end_at < now()",
            // Stored as text; `datetime` reads both forms of the offset.
            _ => "datetime(end_at) < datetime('now')",
        };
        m.get_connection()
            .execute_unprepared(&format!("UPDATE work_plans SET overdue_at = end_at WHERE done_at IS NULL AND {now}"))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("work_plans")).drop_column(id("overdue_at")).to_owned()).await?;
        Ok(())
    }
}
