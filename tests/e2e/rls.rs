//! Row-level security on PostgreSQL, checked with raw SQL: the database
//! itself refuses to show or change another tenant's rows, even to a query
//! that forgets its tenant filter.

use guanxi_migration::APP_ROLE;
use guanxi_tests::{Backend, PASSWORD, TestServer, pg_admin_url};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, TransactionTrait};

async fn count(db: &impl ConnectionTrait, sql: &str) -> Result<i64, sea_orm::DbErr> {
    let row = db.query_one(Statement::from_string(DbBackend::Postgres, sql)).await?.expect("one row");
    row.try_get::<i64>("", "n")
}

async fn tenant_tables(db: &DatabaseConnection) -> Vec<String> {
    let rows = db
        .query_all(Statement::from_string(
            DbBackend::Postgres,
            "SELECT c.relname::text AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", "t").unwrap())
        .filter(|t| !guanxi_migration::GLOBAL_TABLES.contains(&t.as_str()))
        .collect()
}

async fn two_companies() -> (TestServer, String, String) {
    let s = TestServer::start(Backend::Postgres).await;
    let a = s.sign_up("alpha").await;
    let z = s.sign_up("zeta").await;
    for who in [&a, &z] {
        s.invite_and_accept(who, "sp@example.cn", "SALESPERSON", None).await;
    }
    (s, a.tenant_id, z.tenant_id)
}

#[tokio::test]
async fn queries_without_a_tenant_see_nothing() {
    let (s, alpha, _) = two_companies().await;
    let db = s.db.connect_owner().await;
    assert_eq!(count(&db, "SELECT count(*) AS n FROM users").await.unwrap(), 4, "the owner sees all rows");
    for table in tenant_tables(&db).await {
        for setting in [None, Some("")] {
            let tx = db.begin().await.unwrap();
            tx.execute_unprepared(&format!("SET LOCAL ROLE {APP_ROLE}")).await.unwrap();
            if let Some(v) = setting {
                tx.execute_unprepared(&format!("SELECT set_config('app.tenant_id', '{v}', true)")).await.unwrap();
            }
            let n = count(&tx, &format!("SELECT count(*) AS n FROM {table}")).await.unwrap();
            assert_eq!(n, 0, "{table} with setting {setting:?}");
            tx.rollback().await.unwrap();
        }
    }
    // A malformed setting is an error, not a wildcard.
    let tx = db.begin().await.unwrap();
    tx.execute_unprepared(&format!("SET LOCAL ROLE {APP_ROLE}")).await.unwrap();
    tx.execute_unprepared("SELECT set_config('app.tenant_id', 'garbage', true)").await.unwrap();
    assert!(count(&tx, "SELECT count(*) AS n FROM users").await.is_err());
    tx.rollback().await.unwrap();
    let _ = alpha;
}

#[tokio::test]
async fn a_forgotten_filter_still_sees_one_tenant_only() {
    let (s, alpha, zeta) = two_companies().await;
    let db = s.db.connect_owner().await;
    let tx = db.begin().await.unwrap();
    tx.execute_unprepared(&format!("SET LOCAL ROLE {APP_ROLE}")).await.unwrap();
    tx.execute_unprepared(&format!("SELECT set_config('app.tenant_id', '{alpha}', true)")).await.unwrap();
    for table in tenant_tables(&db).await {
        let other =
            count(&tx, &format!("SELECT count(*) AS n FROM {table} WHERE tenant_id <> '{alpha}'")).await.unwrap();
        assert_eq!(other, 0, "{table}");
    }
    assert_eq!(count(&tx, "SELECT count(*) AS n FROM users").await.unwrap(), 2);
    // Writes to the other tenant neither land nor touch its rows.
    let updated = tx
        .execute_unprepared(&format!("UPDATE users SET display_name = 'x' WHERE tenant_id = '{zeta}'"))
        .await
        .unwrap();
    assert_eq!(updated.rows_affected(), 0);
    let deleted = tx.execute_unprepared("DELETE FROM sessions").await.unwrap();
    assert!(deleted.rows_affected() >= 1, "own sessions only");
    let forged = tx
        .execute_unprepared(&format!(
            "INSERT INTO groups (tenant_id, id, name, created_at, updated_at) VALUES ('{zeta}', gen_random_uuid(), 'x', now(), now())"
        ))
        .await;
    assert!(forged.is_err(), "WITH CHECK refuses rows of another tenant");
    tx.rollback().await.unwrap();
    assert_eq!(count(&db, &format!("SELECT count(*) AS n FROM sessions WHERE tenant_id = '{zeta}'")).await.unwrap(), 2);
}

#[tokio::test]
async fn the_app_role_is_unprivileged_and_the_server_uses_it() {
    let (s, _, _) = two_companies().await;
    let db = s.db.connect_owner().await;
    let row = db
        .query_one(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = '{APP_ROLE}'"),
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(!row.try_get::<bool>("", "rolsuper").unwrap());
    assert!(!row.try_get::<bool>("", "rolbypassrls").unwrap());
    assert!(!row.try_get::<bool>("", "rolcanlogin").unwrap());
    let owned =
        count(&db, &format!("SELECT count(*) AS n FROM pg_tables WHERE tableowner = '{APP_ROLE}'")).await.unwrap();
    assert_eq!(owned, 0);
    // The test server logs in as a superuser; its pooled connections still
    // run as the app role.
    assert_eq!(s.store.database_role().await.unwrap(), APP_ROLE);
}

#[tokio::test]
async fn a_dedicated_unprivileged_login_role_runs_the_whole_flow() {
    let admin = Database::connect(pg_admin_url()).await.unwrap();
    admin
        .execute_unprepared(&format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'guanxi_web_test') THEN \
             CREATE ROLE guanxi_web_test LOGIN IN ROLE {APP_ROLE}; END IF; END $$"
        ))
        .await
        .unwrap();
    admin.close().await.unwrap();
    let s = TestServer::start_with(Backend::Postgres, |c| {
        let owner = c.database_url.take().map(|u| secrecy::ExposeSecret::expose_secret(&u).to_owned()).unwrap();
        let web = owner.replacen("postgres@", "guanxi_web_test@", 1);
        c.migrate_database_url = Some(owner.into());
        c.database_url = Some(web.into());
    })
    .await;
    assert_eq!(s.store.database_role().await.unwrap(), "guanxi_web_test");
    let a = s.sign_up("alpha").await;
    s.invite_and_accept(&a, "sp@alpha.cn", "SALESPERSON", None).await;
    assert!(s.login("alpha", "sp@alpha.cn", PASSWORD).await.is_ok());
}
