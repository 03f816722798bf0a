//! Structural rules of the schema, checked by introspection: every tenant
//! table has `tenant_id`, a key led by it, an index led by it, foreign keys
//! that include it and, on PostgreSQL, forced row-level security.

use guanxi_migration::{GLOBAL_TABLES, ROOT_TABLE};
use guanxi_tests::{Backend, TestDb};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, QueryResult, Statement};

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<QueryResult> {
    db.query_all(Statement::from_string(db.get_database_backend(), sql)).await.unwrap()
}

fn s(r: &QueryResult, c: &str) -> String {
    r.try_get::<String>("", c).unwrap()
}

#[tokio::test]
async fn postgres_tenant_tables_follow_the_rules() {
    let tdb = TestDb::new(Backend::Postgres).await;
    let db = tdb.connect_owner().await;
    let tables: Vec<String> = rows(
        &db,
        "SELECT c.relname::text AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1",
    )
    .await
    .iter()
    .map(|r| s(r, "t"))
    .filter(|t| !GLOBAL_TABLES.contains(&t.as_str()))
    .collect();
    assert!(tables.len() >= 9, "{tables:?}");
    for t in &tables {
        let col = rows(
            &db,
            &format!(
                "SELECT data_type::text AS ty, is_nullable::text AS nul FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = '{t}' AND column_name = 'tenant_id'"
            ),
        )
        .await;
        assert_eq!(col.len(), 1, "{t} has tenant_id");
        assert_eq!((s(&col[0], "ty"), s(&col[0], "nul")), ("uuid".into(), "NO".into()), "{t}.tenant_id");

        let pk: Vec<String> = rows(&db, &format!(
            "SELECT a.attname::text AS c FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
             WHERE i.indrelid = '{t}'::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)"
        ))
        .await
        .iter()
        .map(|r| s(r, "c"))
        .collect();
        assert_eq!(pk.first().map(String::as_str), Some("tenant_id"), "{t} key is led by tenant_id: {pk:?}");
        if t != ROOT_TABLE {
            assert!(pk.len() >= 2, "{t} has a composite key: {pk:?}");
        }

        let rls = rows(
            &db,
            &format!("SELECT relrowsecurity AS e, relforcerowsecurity AS f FROM pg_class WHERE oid = '{t}'::regclass"),
        )
        .await;
        assert!(rls[0].try_get::<bool>("", "e").unwrap(), "{t} RLS enabled");
        assert!(rls[0].try_get::<bool>("", "f").unwrap(), "{t} RLS forced");
        let policies = rows(&db, &format!(
            "SELECT coalesce(qual, '') AS q, coalesce(with_check, '') AS w FROM pg_policies WHERE schemaname = 'public' AND tablename = '{t}'"
        ))
        .await;
        assert!(!policies.is_empty(), "{t} has a policy");
        for p in &policies {
            assert!(
                s(p, "q").contains("guanxi_current_tenant()") && s(p, "w").contains("guanxi_current_tenant()"),
                "{t} policy"
            );
        }

        let led = rows(&db, &format!(
            "SELECT 1 AS one FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] \
             WHERE i.indrelid = '{t}'::regclass AND a.attname = 'tenant_id'"
        ))
        .await;
        assert!(!led.is_empty(), "{t} has an index led by tenant_id");

        for fk in rows(&db, &format!(
            "SELECT conname::text AS name, confrelid::regclass::text AS target, \
             (SELECT string_agg(attname::text, ',') FROM pg_attribute WHERE attrelid = conrelid AND attnum = ANY(conkey)) AS cols \
             FROM pg_constraint WHERE conrelid = '{t}'::regclass AND contype = 'f'"
        ))
        .await
        {
            assert!(s(&fk, "cols").split(',').any(|c| c == "tenant_id"), "{t}: foreign key {} must include tenant_id", s(&fk, "name"));
            assert!(!GLOBAL_TABLES.contains(&s(&fk, "target").as_str()), "{t} must not reference a global table");
        }
    }
}

/// The global tables' columns: ids, keys, counters and times, never tenant
/// data (`docs/architecture.md`, "Tables without row-level security").
const GLOBAL_COLUMNS: &[(&str, &[&str])] = &[
    ("seaql_migrations", &["applied_at", "version"]),
    ("tenant_slugs", &["created_at", "slug", "tenant_id"]),
    ("auth_throttle", &["failures", "key", "locked_until", "window_started_at"]),
    ("job_queue", &["job_id", "kind", "locked_by", "locked_until", "run_after", "tenant_id"]),
    ("job_turns", &["last_claimed_at", "tenant_id"]),
    ("mail_queue", &["locked_by", "locked_until", "mail_id", "run_after", "tenant_id"]),
    ("event_sequences", &["last_seq", "tenant_id"]),
    ("search_removals", &["requested_at", "tenant_id"]),
    ("webhook_queue", &["delivery_id", "locked_by", "locked_until", "run_after", "tenant_id"]),
    ("workflow_queue", &["locked_by", "locked_until", "run_after", "run_id", "tenant_id"]),
    ("workflow_timers", &["next_fire_at", "tenant_id", "workflow_id"]),
    ("reminder_timers", &["next_at", "tenant_id"]),
    ("workflow_turns", &["last_claimed_at", "next_due_at", "tenant_id"]),
    (
        "event_cursors",
        &[
            "attempts",
            "dead",
            "last_error",
            "locked_by",
            "locked_until",
            "next_attempt_at",
            "position",
            "subscriber",
            "tenant_id",
            "updated_at",
        ],
    ),
    (
        "billing_subscriptions",
        &[
            "cancel_at_period_end",
            "canceled_at",
            "created_at",
            "current_period_end",
            "customer_ref",
            "grace_started_at",
            "observed_at",
            "plan",
            "provider",
            "read_only_at",
            "reconciled_at",
            "seats",
            "state",
            "subscription_ref",
            "tenant_id",
            "trial_ends_at",
            "trial_notice_at",
            "updated_at",
        ],
    ),
    (
        "billing_webhook_events",
        &[
            "attempts",
            "created_at",
            "event_id",
            "event_type",
            "last_error",
            "locked_until",
            "next_attempt_at",
            "object_ref",
            "processed_at",
            "received_at",
        ],
    ),
];

/// The decision about row-level security, held against the database and the
/// guide: the tables without RLS are exactly the global ones, each one is
/// explained in the architecture guide, and each holds only its listed columns.
#[tokio::test]
async fn postgres_tables_without_rls_are_the_explained_global_ones() {
    let tdb = TestDb::new(Backend::Postgres).await;
    let db = tdb.connect_owner().await;
    let mut without_rls: Vec<String> = rows(
        &db,
        "SELECT c.relname::text AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity ORDER BY 1",
    )
    .await
    .iter()
    .map(|r| s(r, "t"))
    .collect();
    without_rls.sort();
    let mut global: Vec<String> = GLOBAL_TABLES.iter().map(|t| (*t).to_owned()).collect();
    global.sort();
    assert_eq!(without_rls, global, "tables without row-level security");
    let mut listed: Vec<&str> = GLOBAL_COLUMNS.iter().map(|(t, _)| *t).collect();
    listed.sort_unstable();
    assert_eq!(listed, global, "every global table has its columns listed here");

    let guide = std::fs::read_to_string(guanxi_tests::repo_root().join("docs/architecture.md")).unwrap();
    let section = guide
        .split("### Tables without row-level security")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/architecture.md explains the tables without row-level security");
    for (table, columns) in GLOBAL_COLUMNS {
        assert!(section.contains(&format!("- `{table}`")), "docs/architecture.md says why `{table}` has no RLS");
        let actual: Vec<String> = rows(
            &db,
            &format!(
                "SELECT column_name::text AS c FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY 1"
            ),
        )
        .await
        .iter()
        .map(|r| s(r, "c"))
        .collect();
        assert_eq!(actual, *columns, "{table} holds ids, keys and times only");
    }
}

#[tokio::test]
async fn sqlite_tenant_tables_follow_the_rules() {
    let tdb = TestDb::new(Backend::Sqlite).await;
    let db = tdb.connect_owner().await;
    assert_eq!(db.get_database_backend(), DbBackend::Sqlite);
    let tables: Vec<String> =
        rows(&db, "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")
            .await
            .iter()
            .map(|r| s(r, "t"))
            .filter(|t| !GLOBAL_TABLES.contains(&t.as_str()))
            .collect();
    assert!(tables.len() >= 9, "{tables:?}");
    for t in &tables {
        let cols =
            rows(&db, &format!("SELECT name, \"notnull\" AS nn, pk FROM pragma_table_info('{t}') ORDER BY pk")).await;
        let tenant = cols.iter().find(|c| s(c, "name") == "tenant_id").unwrap_or_else(|| panic!("{t} has tenant_id"));
        assert_eq!(tenant.try_get::<i32>("", "nn").unwrap(), 1, "{t}.tenant_id is NOT NULL");
        let pk: Vec<String> =
            cols.iter().filter(|c| c.try_get::<i32>("", "pk").unwrap() > 0).map(|c| s(c, "name")).collect();
        assert_eq!(pk.first().map(String::as_str), Some("tenant_id"), "{t}: {pk:?}");
        if t != ROOT_TABLE {
            assert!(pk.len() >= 2, "{t} has a composite key");
        }
        let led = rows(&db, &format!(
            "SELECT il.name AS ix FROM pragma_index_list('{t}') il JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0 AND ii.name = 'tenant_id'"
        ))
        .await;
        assert!(!led.is_empty() || t == ROOT_TABLE, "{t} has an index led by tenant_id");
        for fk in rows(&db, &format!("SELECT id, group_concat(\"from\") AS cols, \"table\" AS target FROM pragma_foreign_key_list('{t}') GROUP BY id")).await {
            assert!(s(&fk, "cols").split(',').any(|c| c == "tenant_id"), "{t}: foreign key to {} must include tenant_id", s(&fk, "target"));
        }
    }
}

#[test]
fn committed_graphql_schema_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/graphql/schema.graphql");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == guanxi_graphql::sdl(),
        "schema/graphql/schema.graphql is out of date: run `cargo run --bin guanxi -- export-schema`"
    );
}

/// Query builders of sea-orm that take no company: on a tenant entity they
/// must come from `TenantTx` (`select`, `update_many`, `delete_many`,
/// `insert`, `insert_many`), which adds or sets `tenant_id` itself. On SQLite
/// nothing else would catch a forgotten filter.
const UNSCOPED_BUILDERS: &[&str] =
    &["find", "find_by_id", "update_many", "delete_many", "insert", "insert_many", "update", "delete"];

/// The marker that lets one query run outside a company (sign-up, login
/// before the company is known, the global queues). It must give a reason,
/// on the line itself or in the comment lines right above it.
const UNSCOPED_MARKER: &str = "// unscoped: ";

/// Store code builds queries on tenant entities only through the scoped
/// builders of `TenantTx`, or says why not with an `// unscoped: <why>`
/// marker. Raw SQL strings are out of this test's reach.
#[test]
fn store_queries_on_tenant_entities_use_the_scoped_builders() {
    use guanxi_store::entity::TENANT_ENTITY_MODULES;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../platform/store/src");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // The entities themselves define the tables, they query nothing.
                if path != root.join("entity") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 20, "store sources found: {files:?}");

    let mut offences = Vec::new();
    let mut markers = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        let lines: Vec<&str> = text.lines().collect();
        // `use crate::entity::conversation as cv;` makes `cv` a tenant entity too.
        let mut names: Vec<String> = TENANT_ENTITY_MODULES.iter().map(|m| (*m).to_owned()).collect();
        for line in &lines {
            let words: Vec<&str> =
                line.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
            for w in words.windows(3) {
                if w[1] == "as" && TENANT_ENTITY_MODULES.contains(&w[0]) {
                    names.push(w[2].to_owned());
                }
            }
        }
        for (i, line) in lines.iter().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let marked = || {
                line.contains(UNSCOPED_MARKER)
                    || lines[..i]
                        .iter()
                        .rev()
                        .map(|l| l.trim())
                        .take_while(|l| l.starts_with("//"))
                        .any(|l| l.starts_with(UNSCOPED_MARKER) && l.len() > UNSCOPED_MARKER.len() + 3)
            };
            if code.contains("ActiveModelTrait") && rel != "db.rs" {
                // `ActiveModel::insert/update/save` need the trait in scope.
                offences.push(format!("platform/store/src/{rel}:{}: {}", i + 1, line.trim()));
            }
            for (at, _) in code.match_indices("::Entity::") {
                let module = code[..at].rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default();
                let rest = &code[at + "::Entity::".len()..];
                let method = rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default();
                if names.iter().any(|n| n == module) && UNSCOPED_BUILDERS.contains(&method) {
                    if marked() {
                        markers += 1;
                    } else {
                        offences.push(format!("platform/store/src/{rel}:{}: {}", i + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "{} queries on tenant entities bypass TenantTx's scoped builders (use tx.select/update_many/delete_many/\
         insert/insert_many, or mark a query that deliberately runs outside a company with `{UNSCOPED_MARKER}<why>`):\n{}",
        offences.len(),
        offences.join("\n")
    );
    // The exceptions stay few; a growing number deserves a second look.
    assert!(markers <= 40, "{markers} unscoped queries in store code");
}
