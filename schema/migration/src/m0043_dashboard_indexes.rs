//! Dashboard counts read from indexes alone (PostgreSQL's index-only
//! scans), instead of fetching thousands of rows:
//!
//! - the leaderboard's deals won and plans due in a range: each range index
//!   gains the columns the leaderboard counts and sums (owner, currency and
//!   amount; author and when done), and replaces the old one, whose columns
//!   it starts with;
//! - the customers by source and grade (as the customers by status already
//!   were), and by their grade under a grading model.

use sea_orm_migration::prelude::*;

pub struct Migration;

/// The customers' columns the dashboards count them by most (besides the
/// status). Not the industry: every index slows imports, and that
/// breakdown reads the rows.
const BREAKDOWNS: [&str; 2] = ["source", "grade"];

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
        for column in BREAKDOWNS {
            c.execute_unprepared(&format!("CREATE INDEX ix_customers_{column} ON customers (tenant_id, {column})"))
                .await?;
        }
        c.execute_unprepared("CREATE INDEX ix_customer_grades_label ON customer_grades (tenant_id, model_id, label)")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared("DROP INDEX ix_customer_grades_label").await?;
        for column in BREAKDOWNS {
            c.execute_unprepared(&format!("DROP INDEX ix_customers_{column}")).await?;
        }
        c.execute_unprepared("CREATE INDEX ix_work_plans_end_at ON work_plans (tenant_id, end_at)").await?;
        c.execute_unprepared("DROP INDEX ix_work_plans_end_at_author").await?;
        c.execute_unprepared("CREATE INDEX ix_deals_status_closed_on ON deals (tenant_id, status, closed_on)").await?;
        c.execute_unprepared("DROP INDEX ix_deals_status_closed_on_owner").await?;
        Ok(())
    }
}
