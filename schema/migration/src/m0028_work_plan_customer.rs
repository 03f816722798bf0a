//! `work_plans.customer_id`: the customer a plan is about (a visit, a call),
//! optional.
//!
//! The link is a foreign key `(tenant_id, customer_id) → customers`, so a
//! plan never names another company's customer or one that does not exist.
//! A customer deleted for good leaves its plans in place, unlinked: they are
//! their author's work, not the customer's record. PostgreSQL says so with
//! `ON DELETE SET NULL (customer_id)` (a plain `SET NULL` on the composite
//! key would null `tenant_id` as well); SQLite knows no column list there,
//! so a trigger unlinks the plans just before the customer's row goes and the
//! key itself does no action. A customer released to the pool keeps its
//! plans: who may see it through a plan is decided when the plan is read.
//!
//! SQLite cannot add a foreign key to a table, so there the table is rebuilt
//! with the key (nothing references `work_plans`, so this is safe with
//! foreign keys on).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::support::{col, id, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0028_work_plan_customer"
    }
}

/// The index of one customer's plans in list order.
const INDEX: &[&str] = &["customer_id", "start_at", "id"];

/// The columns every version of `work_plans` has had since m0023.
const COLUMNS: &str = "tenant_id, id, author_id, subject, start_at, end_at, content, notes, done_at, done_by, overdue_at, created_at, updated_at";

/// `work_plans` as m0005 and m0023 made it, with `customer_id` and its key
/// or without (SQLite's rebuilds).
fn sqlite_table(name: &str, with_customer: bool) -> TableCreateStatement {
    let mut t = tenant_entity(name);
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
        .col(col("overdue_at").timestamp_with_time_zone().null())
        .foreign_key(&mut tenant_fk("work_plans", "author_id", "users", ForeignKeyAction::Restrict))
        .foreign_key(&mut tenant_fk("work_plans", "done_by", "users", ForeignKeyAction::Restrict))
        .check(Expr::col(id("start_at")).lte(Expr::col(id("end_at"))));
    if with_customer {
        t.col(col("customer_id").uuid().null()).foreign_key(&mut tenant_fk(
            "work_plans",
            "customer_id",
            "customers",
            ForeignKeyAction::NoAction,
        ));
    }
    t.to_owned()
}

/// Replace SQLite's `work_plans` by a copy with or without `customer_id`,
/// with its indexes.
async fn sqlite_rebuild(m: &SchemaManager<'_>, with_customer: bool) -> Result<(), DbErr> {
    let conn = m.get_connection();
    m.create_table(sqlite_table("work_plans_new", with_customer)).await?;
    conn.execute_unprepared(&format!("INSERT INTO work_plans_new ({COLUMNS}) SELECT {COLUMNS} FROM work_plans"))
        .await?;
    conn.execute_unprepared("DROP TABLE work_plans").await?;
    conn.execute_unprepared("ALTER TABLE work_plans_new RENAME TO work_plans").await?;
    m.create_index(tenant_index("work_plans", &["author_id", "start_at", "id"], false)).await?;
    m.create_index(tenant_index("work_plans", &["start_at", "id"], false)).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        if m.get_database_backend() == DbBackend::Postgres {
            for s in [
                "ALTER TABLE work_plans ADD COLUMN customer_id uuid NULL",
                "ALTER TABLE work_plans ADD CONSTRAINT fk_work_plans_customer_id \
                 FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) \
                 ON DELETE SET NULL (customer_id)",
            ] {
                conn.execute_unprepared(s).await?;
            }
        } else {
            sqlite_rebuild(m, true).await?;
            conn.execute_unprepared(
                "CREATE TRIGGER customers_unlink_work_plans BEFORE DELETE ON customers FOR EACH ROW BEGIN \
                 UPDATE work_plans SET customer_id = NULL \
                 WHERE tenant_id = OLD.tenant_id AND customer_id = OLD.id; END",
            )
            .await?;
        }
        m.create_index(tenant_index("work_plans", INDEX, false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        conn.execute_unprepared(&format!("DROP INDEX ix_work_plans_{}", INDEX.join("_"))).await?;
        if m.get_database_backend() == DbBackend::Postgres {
            // The key goes with its column.
            conn.execute_unprepared("ALTER TABLE work_plans DROP COLUMN customer_id").await?;
            Ok(())
        } else {
            conn.execute_unprepared("DROP TRIGGER customers_unlink_work_plans").await?;
            // SQLite refuses to drop a column a foreign key names.
            sqlite_rebuild(m, false).await
        }
    }
}
