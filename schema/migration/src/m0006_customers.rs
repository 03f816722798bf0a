//! Customers, their number counters and their change history.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_customers"
    }
}

/// Tenant tables created here, in dependency order.
const TENANT_TABLES: &[&str] = &["customers", "customer_counters", "customer_history"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("customers");
        t.col(col("number").string_len(64).not_null())
            .col(col("name").string_len(100).not_null())
            .col(col("company").string_len(100).null())
            .col(col("title").string_len(50).null())
            // JSON array of normalised numbers; `phone_digits` holds their digits
            // joined by spaces so that a substring search needs no JSON functions.
            .col(col("phones").json_binary().not_null())
            .col(col("phone_digits").text().not_null())
            .col(col("email").string_len(254).null())
            .col(col("address").string_len(200).null())
            .col(col("gender").string_len(16).not_null())
            .col(col("birthday").date().null())
            .col(col("photo").text().null())
            .col(col("status").string_len(16).not_null())
            .col(col("industry").string_len(30).null())
            .col(col("source").string_len(30).null())
            .col(col("grade").string_len(16).not_null())
            .col(col("tags").json_binary().not_null())
            // NULL: the customer is in the public pool (公海).
            .col(col("owner_id").uuid().null())
            .col(col("last_contact_at").timestamp_with_time_zone().null())
            .col(col("next_visit_at").timestamp_with_time_zone().null())
            .col(col("custom").json_binary().not_null())
            // Who created it; like the audit log, no foreign key, so the record
            // never blocks anything done to users.
            .col(col("created_by").uuid().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("customers"))
            // NO ACTION (checked at the end of the statement), so deleting a
            // tenant cascades through users and customers alike.
            .foreign_key(&mut tenant_fk("customers", "owner_id", "users", ForeignKeyAction::NoAction));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("customers", &["number"], true)).await?;
        // Lists sort by one of these with `id` as the tie-breaker; ending each
        // index with `id` lets a page be read straight off the index.
        m.create_index(tenant_index("customers", &["owner_id", "updated_at", "id"], false)).await?;
        m.create_index(tenant_index("customers", &["updated_at", "id"], false)).await?;
        m.create_index(tenant_index("customers", &["created_at", "id"], false)).await?;
        m.create_index(tenant_index("customers", &["name", "id"], false)).await?;
        m.create_index(tenant_index("customers", &["next_visit_at", "id"], false)).await?;
        m.create_index(tenant_index("customers", &["status"], false)).await?;
        // "Never contacted" sorts as the oldest contact, so NULLs come first in
        // this index on PostgreSQL too (SQLite always puts them first).
        if m.get_database_backend() == DbBackend::Postgres {
            postgres_only(
                m,
                &["CREATE INDEX ix_customers_last_contact_at_id ON customers (tenant_id, last_contact_at NULLS FIRST, id)"
                    .to_owned()],
            )
            .await?;
        } else {
            m.create_index(tenant_index("customers", &["last_contact_at", "id"], false)).await?;
        }

        m.create_table(
            Table::create()
                .table(id("customer_counters"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("scope").string_len(100).not_null())
                .col(col("next_seq").big_integer().not_null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("scope")))
                .foreign_key(&mut tenant_root_fk("customer_counters"))
                .to_owned(),
        )
        .await?;

        let mut t = tenant_entity("customer_history");
        t.col(col("customer_id").uuid().not_null())
            .col(col("actor_id").uuid().null())
            .col(col("field").string_len(50).not_null())
            .col(col("old_value").json_binary().null())
            .col(col("new_value").json_binary().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_fk("customer_history", "customer_id", "customers", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("customer_history", &["customer_id", "created_at"], false)).await?;

        let mut rls = Vec::new();
        for table in TENANT_TABLES {
            rls.extend(rls_statements(table));
        }
        postgres_only(m, &rls).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TENANT_TABLES.iter().rev() {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
