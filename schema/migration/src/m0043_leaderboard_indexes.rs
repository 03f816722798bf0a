//! The leaderboard's deals won and plans due in a range, read from their
//! indexes alone: each index gains the columns the leaderboard counts and
//! sums (owner, currency and amount; author and when done), so PostgreSQL
//! answers with an index-only scan instead of fetching thousands of rows.
//! The new indexes start with the old ones' columns, which they replace.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0043_leaderboard_indexes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared(
            "CREATE INDEX ix_deals_status_closed_on_owner ON deals \
             (tenant_id, status, closed_on, owner_id, currency, amount_minor)",
        )
        .await?;
        c.execute_unprepared("DROP INDEX ix_deals_status_closed_on").await?;
        c.execute_unprepared(
            "CREATE INDEX ix_work_plans_end_at_author ON work_plans (tenant_id, end_at, author_id, done_at)",
        )
        .await?;
        c.execute_unprepared("DROP INDEX ix_work_plans_end_at").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared("CREATE INDEX ix_work_plans_end_at ON work_plans (tenant_id, end_at)").await?;
        c.execute_unprepared("DROP INDEX ix_work_plans_end_at_author").await?;
        c.execute_unprepared("CREATE INDEX ix_deals_status_closed_on ON deals (tenant_id, status, closed_on)").await?;
        c.execute_unprepared("DROP INDEX ix_deals_status_closed_on_owner").await?;
        Ok(())
    }
}
