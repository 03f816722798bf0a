//! Work plans (工作计划): what a user plans to do between a start and an end,
//! and whether it is done. Overdue is derived when read, never stored.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_work_plans"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("work_plans");
        t.col(col("author_id").uuid().not_null())
            .col(col("subject").string_len(100).not_null())
            .col(col("start_at").timestamp_with_time_zone().not_null())
            .col(col("end_at").timestamp_with_time_zone().not_null())
            .col(col("content").text().not_null())
            .col(col("notes").text().not_null())
            .col(col("done_at").timestamp_with_time_zone().null())
            .col(col("done_by").uuid().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            // Users are deactivated, never deleted, so their plans stay.
            .foreign_key(&mut tenant_fk("work_plans", "author_id", "users", ForeignKeyAction::Restrict))
            .foreign_key(&mut tenant_fk("work_plans", "done_by", "users", ForeignKeyAction::Restrict))
            .check(Expr::col(id("start_at")).lte(Expr::col(id("end_at"))));
        m.create_table(t.to_owned()).await?;
        // A person's plans over time (the usual list), and everyone's by time
        // (admins and supervisors), both in list order.
        m.create_index(tenant_index("work_plans", &["author_id", "start_at", "id"], false)).await?;
        m.create_index(tenant_index("work_plans", &["start_at", "id"], false)).await?;
        postgres_only(m, &rls_statements("work_plans")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("work_plans")).if_exists().to_owned()).await
    }
}
