//! What the benchmarks share: their settings from the environment, sample
//! statistics, raw statements, the plans they run on and the small
//! companies seeded beside the big one. Each benchmark is its own crate and
//! uses part of it.

use std::time::{Duration, Instant};

use guanxi_tests::{Backend, Session, TestServer};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::Value;

/// A number from the environment, or `default`.
pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Percentile `p` (0–100) of sorted samples.
pub fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

/// A duration in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Plans whose limits are finite but far above what a benchmark uses, laid
/// over `free` and over `team` (a new company's trial): every entitlement
/// check runs as in production (the count, the usage row, the rate
/// window) and none stops the benchmark.
pub fn far_plans() -> guanxi_core::subscription::PlansConfig {
    let far = serde_json::json!({ "entitlements": {
        "seats": 1000, "customers": 10_000_000, "custom_fields": 1000, "plugins": 100,
        "plugin_fuel_per_month": 1_000_000_000_000u64, "storage_bytes": 1_000_000_000_000u64,
        "api_requests_per_minute": 1_000_000_000u64,
    } });
    serde_json::from_value(serde_json::json!({ "free": far, "team": far })).unwrap_or_default()
}

/// A PostgreSQL statement with its values.
pub fn stmt(sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// `count` companies with an admin and 10 customers each, named
/// `customer_name` and their number, in set-based SQL.
pub async fn seed_small_tenants(db: &DatabaseConnection, count: u64, customer_name: &str) {
    let t = Instant::now();
    let n = i64::try_from(count).unwrap_or(i64::MAX);
    for sql in [
        "INSERT INTO tenants (tenant_id, name, time_zone, locale, created_at, updated_at)
         SELECT md5('t' || i)::uuid, '小公司' || i, 'Asia/Shanghai', 'zh-CN', now(), now()
         FROM generate_series(1, $1::bigint) i",
        "INSERT INTO tenant_slugs (slug, tenant_id, created_at)
         SELECT 'small' || i, md5('t' || i)::uuid, now() FROM generate_series(1, $1::bigint) i",
        "INSERT INTO users (tenant_id, id, email, display_name, password_hash, role, group_id, active, failed_logins,
             created_at, updated_at)
         SELECT md5('t' || i)::uuid, md5('u' || i)::uuid, 'admin@small' || i || '.cn', '管理员', 'x', 'admin', NULL,
             true, 0, now(), now()
         FROM generate_series(1, $1::bigint) i",
        "INSERT INTO customers (tenant_id, id, number, name, phones, phone_digits, gender, status, grade, tags,
             owner_id, custom, created_by, created_at, updated_at, last_contact_at)
         SELECT md5('t' || i)::uuid, gen_random_uuid(), 'KH' || i || '-' || j, $2::text || j, '[]'::jsonb, '',
             'unknown', 'intent', 'normal', '[]'::jsonb, md5('u' || i)::uuid, '{}'::jsonb, md5('u' || i)::uuid,
             now(), now(), now()
         FROM generate_series(1, $1::bigint) i, generate_series(1, 10) j",
    ] {
        // Each statement binds what it uses; PostgreSQL refuses extra values.
        let values: Vec<sea_orm::Value> =
            if sql.contains("$2") { vec![n.into(), customer_name.into()] } else { vec![n.into()] };
        if let Err(e) = db.execute(stmt(sql, values)).await {
            panic!("seeding the small companies failed: {e}");
        }
    }
    println!("seeded {count} small tenants in {:.1} s", t.elapsed().as_secs_f64());
}

/// The median and 95th percentile of samples.
pub struct Stats {
    /// The median.
    pub p50: Duration,
    /// The 95th percentile.
    pub p95: Duration,
}

/// The statistics of `samples`.
pub fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    Stats { p50: pct(&samples, 50), p95: pct(&samples, 95) }
}

/// The server, the baseline's connection and how many rounds to time.
pub struct Bench<'a> {
    /// The server.
    pub s: &'a TestServer,
    /// A connection for the baseline.
    pub raw: &'a DatabaseConnection,
    /// Timed rounds (after 20 for warming up).
    pub rounds: u64,
}

/// Time `rounds` alternating runs of the GraphQL request and its raw SQL
/// baseline, after a warm-up, and print both and their ratio.
pub async fn compare(b: &Bench<'_>, label: &str, token: &str, query: &str, variables: Value, statements: &[Statement]) {
    let (s, raw, rounds) = (b.s, b.raw, b.rounds);
    if rounds == 0 {
        return;
    }
    let mut gql = Vec::new();
    let mut sql = Vec::new();
    // A canned window can be empty ("this week" just after midnight on a
    // Monday in the company's time zone): said beside the figures.
    let mut empty = false;
    for i in 0..rounds + 20 {
        let t = Instant::now();
        let r = s.gql(Some(token), query, variables.clone()).await;
        let g = t.elapsed();
        let data = r.ok();
        assert!(!data.is_null());
        let t = Instant::now();
        for st in statements {
            let rows = raw.query_all(st.clone()).await.unwrap();
            empty |= rows.is_empty();
        }
        let q = t.elapsed();
        if i >= 20 {
            gql.push(g);
            sql.push(q);
        }
    }
    if std::env::var_os("GUANXI_BENCH_EXPLAIN").is_some() {
        for st in statements {
            let explain = Statement { sql: format!("EXPLAIN (ANALYZE, BUFFERS) {}", st.sql), ..st.clone() };
            for row in raw.query_all(explain).await.unwrap() {
                println!("  {}", row.try_get_by_index::<String>(0).unwrap());
            }
        }
    }
    let (g, q) = (stats(gql), stats(sql));
    println!(
        "{label:<44} graphql p50 {:>7.3} ms p95 {:>7.3} ms | raw SQL p50 {:>7.3} ms p95 {:>7.3} ms | ratio p50 {:.2}x{}",
        ms(g.p50),
        ms(g.p95),
        ms(q.p50),
        ms(q.p95),
        g.p50.as_secs_f64() / q.p50.as_secs_f64(),
        if empty { " (a baseline statement found no rows)" } else { "" }
    );
}

/// Seed the big tenant's customers (and conversations once they exist),
/// spread over its salespeople, in set-based SQL.
pub async fn seed_big_tenant(
    db: &DatabaseConnection,
    tenant: uuid::Uuid,
    admin: uuid::Uuid,
    customers: u64,
    conversations: u64,
) {
    let t = Instant::now();
    db.execute(stmt(
        r#"
        INSERT INTO customers (tenant_id, id, number, name, company, title, phones, phone_digits, email, address,
            gender, birthday, photo, status, industry, source, grade, tags, owner_id, last_contact_at,
            next_visit_at, custom, created_by, created_at, updated_at)
        SELECT $1, gen_random_uuid(), 'KH' || lpad(i::text, 8, '0'),
            (ARRAY['李','王','张','刘','陈','杨','赵','黄','周','吴'])[1 + i % 10]
                || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳'])[1 + (i / 10) % 12],
            '公司' || (i % 5000), NULL,
            jsonb_build_array('1' || (3800000000 + i)::text), '1' || (3800000000 + i)::text,
            'c' || i || '@example.cn', NULL, 'unknown', NULL, NULL,
            (ARRAY['prospect','intent','paused','deal','lost'])[1 + i % 5], NULL, NULL,
            CASE WHEN i % 10 = 0 THEN 'vip' ELSE 'normal' END, '[]'::jsonb,
            CASE WHEN (i / 3) % 20 = 0 THEN NULL ELSE owners[1 + (i / 7) % array_length(owners, 1)] END,
            now() - make_interval(mins => ((i * 37) % 525600)::int),
            NULL, '{}'::jsonb, $2, now() - make_interval(mins => (i % 525600)::int), now()
        FROM generate_series(1, $3::bigint) AS i,
             (SELECT array_agg(id ORDER BY id) AS owners FROM users WHERE tenant_id = $1 AND role = 'salesperson') o
        "#,
        vec![tenant.into(), admin.into(), i64::try_from(customers).unwrap().into()],
    ))
    .await
    .unwrap();
    println!("seeded {customers} customers in {:.1} s", t.elapsed().as_secs_f64());

    // Conversations spread over the customers and the past year, one in five
    // a visit; each customer's last contact is then its latest conversation.
    let t = Instant::now();
    db.execute(stmt(
        r#"
        INSERT INTO conversations (tenant_id, id, customer_id, author_id, topic, content, kind, occurred_at, custom,
            created_at, updated_at)
        SELECT $1, gen_random_uuid(), c.ids[1 + i % array_length(c.ids, 1)], $2,
            (ARRAY['报价','需求','合同','回访','售后'])[1 + i % 5], '沟通内容 ' || i,
            (ARRAY['visit','call','wechat','email','meeting'])[1 + (i / 3) % 5],
            now() - make_interval(mins => ((i * 7919) % 525600)::int), '{}'::jsonb, now(), now()
        FROM generate_series(1, $3::bigint) AS i,
             (SELECT array_agg(id ORDER BY id) AS ids FROM customers WHERE tenant_id = $1) c
        "#,
        vec![tenant.into(), admin.into(), i64::try_from(conversations).unwrap().into()],
    ))
    .await
    .unwrap();
    db.execute(stmt(
        "UPDATE customers c SET last_contact_at = v.latest
         FROM (SELECT customer_id, max(occurred_at) AS latest FROM conversations WHERE tenant_id = $1 GROUP BY customer_id) v
         WHERE c.tenant_id = $1 AND c.id = v.customer_id",
        vec![tenant.into()],
    ))
    .await
    .unwrap();
    println!("seeded {conversations} conversations in {:.1} s", t.elapsed().as_secs_f64());
}

/// The company the CRM and analytics benchmarks measure, beside the small
/// ones: its server, admin, 20 salespeople in 4 groups, a connection for
/// the baselines, and its id.
pub struct BigCompany {
    /// The server.
    pub s: TestServer,
    /// Its admin.
    pub admin: Session,
    /// Its salespeople.
    pub sales: Vec<Session>,
    /// A connection for the baselines, planning like the server does (see
    /// `Store::connect`).
    pub db: DatabaseConnection,
    /// Its id.
    pub tenant: uuid::Uuid,
}

/// Start a server and seed the big company (`GUANXI_BENCH_CUSTOMERS`,
/// default 100,000 customers; `GUANXI_BENCH_CONVERSATIONS`, 1,000,000
/// conversations) beside `GUANXI_BENCH_TENANTS` (1,000) small ones.
pub async fn big_company() -> BigCompany {
    let customers = env_or("GUANXI_BENCH_CUSTOMERS", 100_000);
    let conversations = env_or("GUANXI_BENCH_CONVERSATIONS", 1_000_000);
    let tenants = env_or("GUANXI_BENCH_TENANTS", 1_000);
    let s = TestServer::start_with(Backend::Postgres, |c| {
        c.db_max_connections = 8;
        // The company's trial allows 100,000 customers; the CRM benchmark
        // holds twice that once its import is in.
        c.plans = far_plans();
    })
    .await;
    let admin = s.sign_up("bench").await;
    let mut sales: Vec<Session> = Vec::new();
    for g in 0..4 {
        let group = s.create_group(&admin, &format!("{}组", g + 1)).await;
        for i in 0..5 {
            sales.push(s.invite_and_accept(&admin, &format!("s{g}{i}@bench.cn"), "SALESPERSON", Some(&group)).await);
        }
    }
    let Ok(db) =
        sea_orm::Database::connect(format!("{}?options=-c%20plan_cache_mode%3Dforce_custom_plan", s.db.url)).await
    else {
        panic!("connecting for the baselines failed");
    };
    let (Ok(tenant), Ok(admin_id)) = (uuid::Uuid::parse_str(&admin.tenant_id), uuid::Uuid::parse_str(&admin.user_id))
    else {
        panic!("the admin's ids are not uuids");
    };
    seed_small_tenants(&db, tenants, "客户").await;
    seed_big_tenant(&db, tenant, admin_id, customers, conversations).await;
    BigCompany { s, admin, sales, db, tenant }
}

/// A new RFM grading model of the company, created by `admin`: its id.
pub async fn rfm_model(s: &TestServer, admin: &Session) -> String {
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { createGradingModel(input: { name: \"RFM\", kind: RFM }) { id } }",
            serde_json::json!({}),
        )
        .await;
    r.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned()
}
