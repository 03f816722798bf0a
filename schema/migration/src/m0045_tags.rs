//! The company's managed tag list (标签): each tag's name, colour and group.
//! Customers keep their tags by name (`customers.tags`); every name there
//! is in this list, which the tag settings rename, merge and delete
//! everywhere at once. The list starts as the tags customers already have.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0045_tags"
    }
}

/// The colour a tag gets when nobody chose one.
const DEFAULT_COLOR: &str = "gray";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("tags");
        t.col(col("name").string_len(50).not_null())
            .col(col("color").string_len(16).not_null())
            .col(col("group_name").string_len(30).null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("tags"));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("tags", &["name"], true)).await?;
        postgres_only(m, &rls_statements("tags")).await?;
        adopt_existing(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(id("tags")).if_exists().to_owned()).await
    }
}

/// Put every tag a customer has into its company's list.
async fn adopt_existing(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let conn = m.get_connection();
    match conn.get_database_backend() {
        DbBackend::Postgres => {
            // Row-level security hides the customers from a statement
            // without a company, so each company is adopted under its own
            // `app.tenant_id` (the unscoped slugs list the companies).
            conn.execute_unprepared(&format!(
                "DO $$ DECLARE t uuid; BEGIN \
                   FOR t IN SELECT tenant_id FROM tenant_slugs LOOP \
                     PERFORM set_config('app.tenant_id', t::text, true); \
                     INSERT INTO tags (tenant_id, id, name, color, created_at, updated_at) \
                     SELECT t, gen_random_uuid(), s.name, '{DEFAULT_COLOR}', now(), now() \
                     FROM (SELECT DISTINCT x.value AS name FROM customers c \
                           CROSS JOIN LATERAL jsonb_array_elements_text(c.tags) AS x(value) \
                           WHERE c.tenant_id = t AND jsonb_typeof(c.tags) = 'array') s; \
                   END LOOP; \
                   PERFORM set_config('app.tenant_id', '', true); \
                 END $$"
            ))
            .await?;
        }
        backend => {
            let rows = conn
                .query_all(Statement::from_string(
                    backend,
                    "SELECT DISTINCT c.tenant_id, j.value FROM customers c, json_each(c.tags) j \
                     WHERE j.type = 'text'",
                ))
                .await?;
            let now = chrono::Utc::now();
            for chunk in rows.chunks(200) {
                let mut insert = Query::insert();
                insert
                    .into_table(id("tags"))
                    .columns(["tenant_id", "id", "name", "color", "created_at", "updated_at"].map(id));
                for row in chunk {
                    let tenant: uuid::Uuid = row.try_get_by_index(0)?;
                    let name: String = row.try_get_by_index(1)?;
                    insert
                        .values([
                            tenant.into(),
                            uuid::Uuid::new_v4().into(),
                            name.into(),
                            DEFAULT_COLOR.into(),
                            now.into(),
                            now.into(),
                        ])
                        .map_err(|e| DbErr::Custom(format!("adopting tags: {e}")))?;
                }
                m.exec_stmt(insert.to_owned()).await?;
            }
        }
    }
    Ok(())
}
