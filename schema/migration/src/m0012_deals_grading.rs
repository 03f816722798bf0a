//! Deals (商机 / 成交记录) and grading without code: the models admins
//! configure and each customer's current grade under each model. Grade
//! changes go to `customer_history` with their reason.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_deals_grading"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut d = tenant_entity("deals");
        d.col(col("customer_id").uuid().not_null())
            .col(col("owner_id").uuid().null())
            .col(col("title").string_len(100).not_null())
            .col(col("amount_minor").big_integer().not_null())
            .col(col("currency").string_len(3).not_null())
            .col(col("status").string_len(8).not_null())
            .col(col("expected_close").date().null())
            .col(col("closed_on").date().null())
            .col(col("notes").string_len(1000).null())
            .col(col("created_by").uuid().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_fk("deals", "customer_id", "customers", ForeignKeyAction::Cascade));
        m.create_table(d.to_owned()).await?;
        m.create_index(tenant_index("deals", &["customer_id", "status"], false)).await?;
        m.create_index(tenant_index("deals", &["status", "closed_on"], false)).await?;

        let mut g = tenant_entity("grading_models");
        g.col(col("name").string_len(50).not_null())
            .col(col("kind").string_len(16).not_null())
            .col(col("config").json_binary().not_null())
            .col(col("config_version").integer().not_null())
            .col(col("enabled").boolean().not_null())
            .col(col("monthly").boolean().not_null())
            .col(col("last_run_at").timestamp_with_time_zone().null())
            .col(col("next_run_at").timestamp_with_time_zone().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null());
        m.create_table(g.to_owned()).await?;
        m.create_index(tenant_index("grading_models", &["name"], true)).await?;

        let mut c = Table::create();
        c.table(id("customer_grades"))
            .col(col("tenant_id").uuid().not_null())
            .col(col("model_id").uuid().not_null())
            .col(col("customer_id").uuid().not_null())
            .col(col("label").string_len(30).not_null())
            .col(col("score").double().null())
            .col(col("inputs").json_binary().not_null())
            .col(col("reason").string_len(500).not_null())
            .col(col("graded_at").timestamp_with_time_zone().not_null())
            .primary_key(Index::create().col(id("tenant_id")).col(id("model_id")).col(id("customer_id")))
            .foreign_key(&mut tenant_fk("customer_grades", "model_id", "grading_models", ForeignKeyAction::Cascade))
            .foreign_key(&mut tenant_fk("customer_grades", "customer_id", "customers", ForeignKeyAction::Cascade));
        m.create_table(c.to_owned()).await?;
        // No index by customer: a customer's grades are read by primary key,
        // one probe per model (at most 20), and every index costs the
        // regrading runs that write 100,000 rows at a time.

        let mut stmts = rls_statements("deals");
        stmts.extend(rls_statements("grading_models"));
        stmts.extend(rls_statements("customer_grades"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["customer_grades", "grading_models", "deals"] {
            m.drop_table(Table::drop().table(id(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
