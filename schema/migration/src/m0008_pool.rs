//! The public pool (公海): when, by whom and why a customer was released and
//! who owned it before, an index for listing the pool by release time, the
//! log of claims that the per-person daily cap counts, and an index for the
//! team overview's "changed recently" figures.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_pool"
    }
}

/// Columns added to `customers`. Like `created_by`, the user columns have
/// no foreign key: the record of a release never blocks anything done to users.
fn release_columns() -> [ColumnDef; 4] {
    [
        col("released_at").timestamp_with_time_zone().null().to_owned(),
        col("released_by").uuid().null().to_owned(),
        col("release_reason").string_len(200).null().to_owned(),
        col("previous_owner_id").uuid().null().to_owned(),
    ]
}

/// The pool listed by release time: a partial index of the customers without
/// an owner, in release order (newest first when read backwards). Partial,
/// because PostgreSQL does not treat `owner_id IS NULL` as fixing a column
/// for ordering: on an index `(tenant_id, owner_id, released_at, id)` it
/// sorted the whole pool for every page (60 ms for a pool of 10,000, against
/// under 1 ms with this index).
const POOL_INDEX: &str = "ix_customers_pool_released_at_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for mut c in release_columns() {
            m.alter_table(Table::alter().table(id("customers")).add_column(&mut c).to_owned()).await?;
        }
        // Never released sorts as the oldest release; SQLite puts NULLs first anyway.
        let nulls = if m.get_database_backend() == DbBackend::Postgres { " NULLS FIRST" } else { "" };
        m.get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {POOL_INDEX} ON customers (tenant_id, released_at{nulls}, id) WHERE owner_id IS NULL"
            ))
            .await?;

        // The team overview counts what each person changed recently.
        m.create_index(tenant_index("customer_history", &["actor_id", "created_at"], false)).await?;

        // One row per claim from the pool. No foreign key to the customer: a
        // claim still counts towards the day's cap after the customer is
        // deleted for good.
        let mut t = tenant_entity("pool_claims");
        t.col(col("customer_id").uuid().not_null())
            .col(col("user_id").uuid().not_null())
            .col(col("claimed_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("pool_claims"))
            .foreign_key(&mut tenant_fk("pool_claims", "user_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        // "How many did this person claim today": a range on one person's claims.
        m.create_index(tenant_index("pool_claims", &["user_id", "claimed_at"], false)).await?;
        postgres_only(m, &rls_statements("pool_claims")).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("pool_claims")).if_exists().to_owned()).await?;
        m.drop_index(
            Index::drop().name("ix_customer_history_actor_id_created_at").table(id("customer_history")).to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name(POOL_INDEX).table(id("customers")).to_owned()).await?;
        for c in ["released_at", "released_by", "release_reason", "previous_owner_id"] {
            m.alter_table(Table::alter().table(id("customers")).drop_column(id(c)).to_owned()).await?;
        }
        Ok(())
    }
}
