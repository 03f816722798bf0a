//! Customer merges (合并客户): one row per merge, with everything its undo
//! needs (the merged customers' rows and the rows that moved), and one
//! tombstone per merged customer that redirects its id to the survivor.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0046_customer_merges"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("customer_merges");
        // No foreign keys to customers or users: the survivor may be
        // deleted for good later, and the record outlives it like the
        // audit log does.
        t.col(col("survivor_id").uuid().not_null())
            .col(col("actor_id").uuid().not_null())
            // `[{id, number, name}]` of the merged customers.
            .col(col("merged").json_binary().not_null())
            // The survivor's fields the merge changed: `{field: {old, new}}`.
            .col(col("changes").json_binary().not_null())
            // The merged customers' rows and their rows that were removed
            // rather than moved (grades the survivor had, unique claims).
            .col(col("snapshot").json_binary().not_null())
            // The rows moved to the survivor: `{table: [[row id, from]]}`.
            .col(col("moved").json_binary().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("undo_until").timestamp_with_time_zone().not_null())
            .col(col("undone_at").timestamp_with_time_zone().null())
            .col(col("undone_by").uuid().null())
            .foreign_key(&mut tenant_root_fk("customer_merges"));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("customer_merges", &["survivor_id", "created_at"], false)).await?;

        // A merged customer's id leads to its survivor while the merge
        // stands; an undo removes the row.
        m.create_table(
            Table::create()
                .table(id("merged_customers"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("customer_id").uuid().not_null())
                .col(col("merge_id").uuid().not_null())
                .col(col("survivor_id").uuid().not_null())
                .col(col("number").string_len(64).not_null())
                .col(col("name").string_len(100).not_null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("customer_id")))
                .foreign_key(&mut tenant_root_fk("merged_customers"))
                .foreign_key(&mut crate::support::tenant_fk(
                    "merged_customers",
                    "merge_id",
                    "customer_merges",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index("merged_customers", &["number"], false)).await?;
        let mut stmts = rls_statements("customer_merges");
        stmts.extend(rls_statements("merged_customers"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("merged_customers")).if_exists().to_owned()).await?;
        m.drop_table(Table::drop().table(id("customer_merges")).if_exists().to_owned()).await
    }
}
