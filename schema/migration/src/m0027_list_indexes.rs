//! The request path: indexes that let every sort of a person's customers and
//! of the pool be read off an index a page at a time, and the notifications
//! that keep the servers' credential caches true.
//!
//! - An owner's customers (what a salesperson lists, and what a filter by
//!   owner reads) had an index only for "recently changed"; every other sort
//!   read and sorted all of that owner's customers for each page.
//! - The pool needs partial indexes (`WHERE owner_id IS NULL`) for the same
//!   reason as its release-time index (see `m0008_pool`): PostgreSQL does not
//!   treat `owner_id IS NULL` as fixing a column for ordering.
//! - On PostgreSQL, triggers on `sessions`, `api_keys`, `users` and
//!   `group_supervisors` send `NOTIFY guanxi_auth, '<tenant>:<user>'` when a
//!   change could end or narrow what a user's credentials grant (a session
//!   or key revoked, expired or deleted; a user deactivated, deleted, moved
//!   or given another role; a supervisor appointed or withdrawn), whoever
//!   writes the row. Every server listens and drops its cached copies of
//!   that user's credentials (`platform/store/src/auth/cache.rs`).
//!   Notifications are sent at commit, and identical ones of one
//!   transaction are sent once, so a bulk change costs one per user.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::support::postgres_only;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0027_list_indexes"
    }
}

/// (index name, columns after `tenant_id`, partial to the pool). `{nf}`
/// stands for `NULLS FIRST` on PostgreSQL (SQLite puts NULLs first anyway):
/// "never contacted" and "never released" sort as the oldest.
const INDEXES: &[(&str, &str, bool)] = &[
    ("ix_customers_owner_id_created_at_id", "owner_id, created_at, id", false),
    ("ix_customers_owner_id_name_id", "owner_id, name, id", false),
    ("ix_customers_owner_id_number_id", "owner_id, number, id", false),
    ("ix_customers_owner_id_last_contact_at_id", "owner_id, last_contact_at{nf}, id", false),
    ("ix_customers_owner_id_next_visit_at_id", "owner_id, next_visit_at, id", false),
    ("ix_customers_pool_updated_at_id", "updated_at, id", true),
    ("ix_customers_pool_created_at_id", "created_at, id", true),
    ("ix_customers_pool_name_id", "name, id", true),
    ("ix_customers_pool_number_id", "number, id", true),
    ("ix_customers_pool_last_contact_at_id", "last_contact_at{nf}, id", true),
    ("ix_customers_pool_next_visit_at_id", "next_visit_at, id", true),
];

/// (table, the column naming the user, the columns whose change matters;
/// empty: any insert, update or delete).
const NOTIFYING: &[(&str, &str, &str)] = &[
    ("sessions", "user_id", "revoked_at, expires_at, user_id"),
    ("api_keys", "user_id", "revoked_at, scope, user_id"),
    ("users", "id", "active, role, group_id"),
    ("group_supervisors", "user_id", ""),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let pg = m.get_database_backend() == DbBackend::Postgres;
        let conn = m.get_connection();
        for (name, columns, pool) in INDEXES {
            let columns = columns.replace("{nf}", if pg { " NULLS FIRST" } else { "" });
            let partial = if *pool { " WHERE owner_id IS NULL" } else { "" };
            conn.execute_unprepared(&format!("CREATE INDEX {name} ON customers (tenant_id, {columns}){partial}"))
                .await?;
        }
        let mut statements = vec![
            // The row's tenant and user, whichever column names the user.
            "CREATE FUNCTION guanxi_auth_notify() RETURNS trigger LANGUAGE plpgsql AS $$ \
             DECLARE r jsonb; \
             BEGIN \
               IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF; \
               PERFORM pg_notify('guanxi_auth', (r->>'tenant_id') || ':' || (r->>TG_ARGV[0])); \
               IF TG_OP = 'UPDATE' THEN \
                 r := to_jsonb(OLD); \
                 PERFORM pg_notify('guanxi_auth', (r->>'tenant_id') || ':' || (r->>TG_ARGV[0])); \
               END IF; \
               RETURN NULL; \
             END $$"
                .to_owned(),
        ];
        for (table, user, columns) in NOTIFYING {
            let events = if columns.is_empty() {
                "INSERT OR UPDATE OR DELETE".to_owned()
            } else {
                format!("UPDATE OF {columns} OR DELETE")
            };
            statements.push(format!(
                "CREATE TRIGGER {table}_auth_notify AFTER {events} ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION guanxi_auth_notify('{user}')"
            ));
        }
        postgres_only(m, &statements).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut statements: Vec<String> =
            NOTIFYING.iter().map(|(table, _, _)| format!("DROP TRIGGER {table}_auth_notify ON {table}")).collect();
        statements.push("DROP FUNCTION guanxi_auth_notify()".to_owned());
        postgres_only(m, &statements).await?;
        for (name, _, _) in INDEXES {
            m.get_connection().execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        Ok(())
    }
}
