//! Helpers that keep every table definition in the same shape.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::APP_ROLE;

/// An identifier from a string.
pub fn id(name: &str) -> Alias {
    Alias::new(name)
}

/// A column definition with the given name.
pub fn col(name: &str) -> ColumnDef {
    ColumnDef::new(id(name))
}

/// `CREATE TABLE` for a tenant-owned entity: `tenant_id` and `id` (UUIDs) and
/// the composite primary key `(tenant_id, id)`.
pub fn tenant_entity(name: &str) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(id(name))
        .col(col("tenant_id").uuid().not_null())
        .col(col("id").uuid().not_null())
        .primary_key(Index::create().col(id("tenant_id")).col(id("id")));
    t
}

/// A foreign key `(tenant_id, column) → target(tenant_id, id)`.
pub fn tenant_fk(from: &str, column: &str, target: &str, on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    let mut fk = ForeignKey::create();
    fk.name(format!("fk_{from}_{column}"))
        .from_tbl(id(from))
        .from_col(id("tenant_id"))
        .from_col(id(column))
        .to_tbl(id(target))
        .to_col(id("tenant_id"))
        .to_col(id("id"))
        .on_delete(on_delete);
    fk
}

/// `tenant_id → tenants(tenant_id)`: deleting a tenant removes its rows.
pub fn tenant_root_fk(from: &str) -> ForeignKeyCreateStatement {
    let mut fk = ForeignKey::create();
    fk.name(format!("fk_{from}_tenant"))
        .from_tbl(id(from))
        .from_col(id("tenant_id"))
        .to_tbl(id("tenants"))
        .to_col(id("tenant_id"))
        .on_delete(ForeignKeyAction::Cascade);
    fk
}

/// An index on `tenant_id` followed by `columns`.
pub fn tenant_index(table: &str, columns: &[&str], unique: bool) -> IndexCreateStatement {
    let mut ix = Index::create();
    ix.name(format!("ix_{table}_{}", columns.join("_"))).table(id(table)).col(id("tenant_id"));
    for c in columns {
        ix.col(id(c));
    }
    if unique {
        ix.unique();
    }
    ix
}

/// The PostgreSQL statements that put `table` behind row-level security: RLS
/// enabled and forced (so even the owner is filtered) and one policy that
/// admits only rows of the tenant named by `app.tenant_id`. When the setting
/// is missing or empty, `guanxi_current_tenant()` is NULL and nothing matches.
pub fn rls_statements(table: &str) -> Vec<String> {
    vec![
        format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"),
        format!("ALTER TABLE {table} FORCE ROW LEVEL SECURITY"),
        format!("DROP POLICY IF EXISTS tenant_isolation ON {table}"),
        format!(
            "CREATE POLICY tenant_isolation ON {table} USING (tenant_id = guanxi_current_tenant()) \
             WITH CHECK (tenant_id = guanxi_current_tenant())"
        ),
        format!("GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}"),
    ]
}

/// Run raw statements on PostgreSQL only; a no-op on other backends.
pub async fn postgres_only(manager: &SchemaManager<'_>, statements: &[String]) -> Result<(), DbErr> {
    let conn = manager.get_connection();
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for s in statements {
        conn.execute_unprepared(s).await?;
    }
    Ok(())
}
