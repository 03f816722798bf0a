//! The CRM core under load, on PostgreSQL: one tenant with 100,000 customers
//! and 1,000,000 conversations beside 1,000 small tenants.
//!
//! Measured in one run, each against a raw baseline taken in the same run:
//! - a filtered, sorted page of 50 customers with its total count through
//!   `/graphql` (HTTP, authentication, a tenant transaction under RLS, JSON)
//!   vs the same two SQL statements sent straight to the database;
//! - the "contacted this week" canned query, the same way;
//! - regrading 100,000 customers with an RFM model over 300,000 won deals
//!   (the `regradeCustomers` job end to end: facts read set-based, graded,
//!   grades and history written) vs the bare facts aggregation in SQL;
//! - importing 100,000 CSV rows (upload, the background job with validation,
//!   duplicate checks against the 100,000 customers already there, numbering
//!   and batched inserts) vs inserting the same rows with multi-row `INSERT`
//!   statements straight into the database;
//!
//! - editing one customer (`updateCustomer`, two fields) vs the bare
//!   `UPDATE` statement;
//!
//! Run with `cargo bench -p guanxi-tests --bench crm`. `GUANXI_BENCH_CUSTOMERS`,
//! `GUANXI_BENCH_CONVERSATIONS`, `GUANXI_BENCH_TENANTS` and
//! `GUANXI_BENCH_ROUNDS` scale it down for a quick look (no rounds: the import
//! only); `GUANXI_BENCH_IMPORT_ROWS` sizes the import and
//! `GUANXI_BENCH_UPDATES` the customer edits (default: the rounds).

#![expect(clippy::unwrap_used, reason = "benchmark set-up: a failure should stop it loudly")]

mod common;

use std::time::{Duration, Instant};

use common::{Bench, BigCompany, big_company, compare, env_or, ms, rfm_model, stats, stmt};
use guanxi_core::time_window::Window;
use guanxi_tests::{Session, TestServer};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;

fn uuid_of(s: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(s).unwrap()
}

const PAGE: &str = r#"query($f: CustomerFilter, $s: CustomerSort) {
  customers(filter: $f, sort: $s, first: 50) {
    totalCount
    edges { node { id number name company phones status grade owner { id displayName } lastContactAt updatedAt } }
  }
}"#;

/// What a page reads: the customers with their owner's, creator's, releaser's
/// and previous owner's names, as the server reads them.
const PAGE_SELECT: &str = r#"SELECT c.*,
  (SELECT u.display_name FROM users u WHERE u.tenant_id = c.tenant_id AND u.id = c.owner_id) AS owner_name,
  (SELECT u.display_name FROM users u WHERE u.tenant_id = c.tenant_id AND u.id = c.created_by) AS creator_name,
  (SELECT u.display_name FROM users u WHERE u.tenant_id = c.tenant_id AND u.id = c.released_by) AS releaser_name,
  (SELECT u.display_name FROM users u WHERE u.tenant_id = c.tenant_id AND u.id = c.previous_owner_id) AS previous_owner_name
FROM customers c"#;

const PAGE_SQL: &str = r#"
{PAGE_SELECT}
WHERE c.tenant_id = $1 AND c.status = 'intent' {scope}
ORDER BY c.last_contact_at DESC NULLS LAST, c.id DESC
LIMIT 51"#;

const COUNT_SQL: &str = "SELECT COUNT(*) FROM customers c WHERE c.tenant_id = $1 AND c.status = 'intent' {scope}";

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(run());
}

async fn run() {
    let rounds = env_or("GUANXI_BENCH_ROUNDS", 300);
    let BigCompany { s, admin, sales, db, tenant } = big_company().await;
    let customers = env_or("GUANXI_BENCH_CUSTOMERS", 100_000);
    // A steady state: statistics current and the visibility map set (as
    // autovacuum leaves it), so counts can be answered from indexes.
    db.execute_unprepared("VACUUM ANALYZE").await.unwrap();

    let bench = Bench { s: &s, raw: &db, rounds };
    println!();
    // What every request pays: HTTP, the token check, JSON.
    compare(
        &bench,
        "authenticated no-op ({ __typename })",
        &admin.token,
        "{ __typename }",
        json!({}),
        &[stmt("SELECT 1", vec![])],
    )
    .await;
    let filter = json!({ "f": { "status": "INTENT" }, "s": { "field": "LAST_CONTACT_AT", "direction": "DESC" } });
    for (who, session, scope) in [
        ("admin", &admin, String::new()),
        ("salesperson", &sales[0], format!("AND (c.owner_id IS NULL OR c.owner_id = '{}')", sales[0].user_id)),
    ] {
        let statements = [
            stmt(&PAGE_SQL.replace("{PAGE_SELECT}", PAGE_SELECT).replace("{scope}", &scope), vec![tenant.into()]),
            stmt(&COUNT_SQL.replace("{scope}", &scope), vec![tenant.into()]),
        ];
        compare(
            &bench,
            &format!("page of 50, status+sort, total ({who})"),
            &session.token,
            PAGE,
            filter.clone(),
            &statements,
        )
        .await;
    }

    // Contacted this week, in the tenant's time zone, newest change first.
    let (from, to) = Window::ThisWeek.bounds(chrono::Utc::now(), chrono_tz::Asia::Shanghai);
    let week = "AND c.last_contact_at >= $2 AND c.last_contact_at < $3";
    let statements = [
        stmt(
            &format!(
                "{PAGE_SELECT}
                 WHERE c.tenant_id = $1 {week} ORDER BY c.updated_at DESC, c.id DESC LIMIT 51"
            ),
            vec![tenant.into(), from.into(), to.into()],
        ),
        stmt(
            &format!("SELECT COUNT(*) FROM customers c WHERE c.tenant_id = $1 {week}"),
            vec![tenant.into(), from.into(), to.into()],
        ),
    ];
    compare(
        &bench,
        "contacted this week, page of 50, total (admin)",
        &admin.token,
        PAGE,
        json!({ "f": { "contacted": "THIS_WEEK" } }),
        &statements,
    )
    .await;
    // Visited this week: customers with a visit in the window.
    let visited = "AND EXISTS (SELECT 1 FROM conversations v WHERE v.tenant_id = c.tenant_id AND v.customer_id = c.id
                   AND v.kind = 'visit' AND v.occurred_at >= $2 AND v.occurred_at < $3)";
    let statements = [
        stmt(
            &format!("{PAGE_SELECT} WHERE c.tenant_id = $1 {visited} ORDER BY c.updated_at DESC, c.id DESC LIMIT 51"),
            vec![tenant.into(), from.into(), to.into()],
        ),
        stmt(
            &format!("SELECT COUNT(*) FROM customers c WHERE c.tenant_id = $1 {visited}"),
            vec![tenant.into(), from.into(), to.into()],
        ),
    ];
    compare(
        &bench,
        "visited this week, page of 50, total (admin)",
        &admin.token,
        PAGE,
        json!({ "f": { "visited": "THIS_WEEK" } }),
        &statements,
    )
    .await;
    // A customer's conversations, newest first.
    let busiest: uuid::Uuid = db
        .query_one(stmt(
            "SELECT customer_id FROM conversations WHERE tenant_id = $1 GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1",
            vec![tenant.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "customer_id")
        .unwrap();
    compare(
        &bench,
        "one customer's conversations, page of 10, total",
        &admin.token,
        "query($f: ConversationsFilter) { conversations(filter: $f) { totalCount nodes { topic kind occurredAt author { displayName } } } }",
        json!({ "f": { "customerId": busiest.to_string() } }),
        &[
            stmt(
                "SELECT v.*, (SELECT u.display_name FROM users u WHERE u.tenant_id = v.tenant_id AND u.id = v.author_id) AS author_name
                 FROM conversations v WHERE v.tenant_id = $1 AND v.customer_id = $2 ORDER BY v.occurred_at DESC, v.id DESC LIMIT 11",
                vec![tenant.into(), busiest.into()],
            ),
            stmt(
                "SELECT COUNT(*) FROM conversations v WHERE v.tenant_id = $1 AND v.customer_id = $2",
                vec![tenant.into(), busiest.into()],
            ),
        ],
    )
    .await;
    update_customer(&s, &db, &admin, env_or("GUANXI_BENCH_UPDATES", rounds)).await;
    regrade(&s, &db, &admin, customers).await;
    import_rows(&s, &admin, env_or("GUANXI_BENCH_IMPORT_ROWS", 100_000)).await;
    if std::env::var_os("GUANXI_BENCH_KEEP").is_some() {
        println!("kept database {}", s.db.url);
        std::mem::forget(s);
    }
}

/// Edit one customer of the big tenant `rounds` times through
/// `updateCustomer` (two fields each time, so each edit writes two history
/// entries and its event), after a warm-up, against the bare `UPDATE`
/// statement sent straight to the database.
async fn update_customer(s: &TestServer, db: &DatabaseConnection, admin: &Session, rounds: u64) {
    if rounds == 0 {
        return;
    }
    let tenant = uuid_of(&admin.tenant_id);
    let id: uuid::Uuid = db
        .query_one(stmt("SELECT id FROM customers WHERE tenant_id = $1 ORDER BY id LIMIT 1", vec![tenant.into()]))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "id")
        .unwrap();
    let mut gql = Vec::new();
    let mut sql = Vec::new();
    for i in 0..rounds + 20 {
        let (name, status) = if i % 2 == 0 { ("改名甲", "INTENT") } else { ("改名乙", "PAUSED") };
        let t = Instant::now();
        let r = s
            .gql(
                Some(&admin.token),
                "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id updatedAt } }",
                json!({ "id": id.to_string(), "i": { "name": name, "status": status } }),
            )
            .await;
        let g = t.elapsed();
        assert!(!r.ok().is_null());
        let t = Instant::now();
        db.execute(stmt(
            "UPDATE customers SET name = $3, status = $4, updated_at = now() WHERE tenant_id = $1 AND id = $2",
            vec![tenant.into(), id.into(), name.into(), status.to_lowercase().into()],
        ))
        .await
        .unwrap();
        let q = t.elapsed();
        if i >= 20 {
            gql.push(g);
            sql.push(q);
        }
    }
    let (g, q) = (stats(gql), stats(sql));
    println!(
        "{:<44} graphql p50 {:>7.3} ms p95 {:>7.3} ms | raw SQL p50 {:>7.3} ms p95 {:>7.3} ms | ratio p50 {:.2}x",
        "update a customer (two fields)",
        ms(g.p50),
        ms(g.p95),
        ms(q.p50),
        ms(q.p95),
        g.p50.as_secs_f64() / q.p50.as_secs_f64()
    );
}

/// Seed three won deals per customer, then regrade every customer of the
/// big tenant with an RFM model through `regradeCustomers`, timed to the
/// job's end (twice: the first run writes every grade and its history
/// entry, the second finds nothing changed). The baseline is the facts
/// query alone, straight to the database.
async fn regrade(s: &TestServer, db: &DatabaseConnection, admin: &Session, customers: u64) {
    let tenant = uuid_of(&admin.tenant_id);
    let t = Instant::now();
    db.execute(stmt(
        "INSERT INTO deals (tenant_id, id, customer_id, owner_id, title, amount_minor, currency, status,
             expected_close, closed_on, notes, created_by, created_at, updated_at)
         SELECT $1, gen_random_uuid(), c.id, c.owner_id, '成交', 100000 + (abs(hashtext(c.id::text || k::text)) % 5000000),
             'CNY', 'won', NULL, current_date - (abs(hashtext(c.id::text || 'd' || k::text)) % 700), NULL, NULL, now(), now()
         FROM customers c, generate_series(1, 3) AS k WHERE c.tenant_id = $1",
        vec![tenant.into()],
    ))
    .await
    .unwrap();
    db.execute_unprepared("ANALYZE deals").await.unwrap();
    println!("seeded {} deals in {:.1} s", customers * 3, t.elapsed().as_secs_f64());
    let model = rfm_model(s, admin).await;
    let mut runs = Vec::new();
    for _ in 0..2 {
        let t = Instant::now();
        let r = s
            .gql(
                Some(&admin.token),
                "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }",
                json!({ "m": model }),
            )
            .await;
        let job = r.ok()["regradeCustomers"]["id"].as_str().unwrap().to_owned();
        let result = loop {
            let r = s
                .gql(
                    Some(&admin.token),
                    "query($id: ID!) { job(id: $id) { status result error } }",
                    json!({ "id": job }),
                )
                .await;
            let j = r.ok()["job"].clone();
            assert_ne!(j["status"], "FAILED", "{j}");
            if j["status"] == "SUCCEEDED" {
                break j["result"].clone();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        runs.push((t.elapsed(), result));
    }
    let t = Instant::now();
    let facts = db
        .query_all(stmt(
            "SELECT customer_id, COUNT(*) AS n, SUM(amount_minor) AS m, MAX(closed_on) AS last
             FROM deals WHERE tenant_id = $1 AND status = 'won' AND closed_on >= current_date - 365
             GROUP BY customer_id",
            vec![tenant.into()],
        ))
        .await
        .unwrap();
    let raw = t.elapsed();
    for (i, (took, result)) in runs.iter().enumerate() {
        println!(
            "{:<44} graphql {:>7.2} s ({} graded, {} written; read+grade {} ms, write {} ms) | raw facts query {:>6.3} s ({} rows) | ratio {:.1}x",
            format!("regrade {customers} customers, RFM, run {}", i + 1),
            took.as_secs_f64(),
            result["customers"],
            result["updated"],
            result["planMs"],
            result["writeMs"],
            raw.as_secs_f64(),
            facts.len(),
            took.as_secs_f64() / raw.as_secs_f64()
        );
    }
}

/// Import `rows` CSV rows into the big tenant through `/graphql` and time it
/// to the job's end; then insert the same rows with plain multi-row
/// `INSERT`s (500 a statement, as the import writes them) into the same
/// tenant as the baseline, on a connection with PostgreSQL's default
/// planning (as the import's batches plan).
async fn import_rows(s: &TestServer, admin: &Session, rows: u64) {
    let db = sea_orm::Database::connect(s.db.url.as_str()).await.unwrap();
    let mut csv = String::from("客户名称,手机,邮箱,公司,客户状态,标签\n");
    for i in 0..rows {
        csv.push_str(&format!("导入{i},1{},imp{i}@example.cn,导入公司{},意向客户,展会\n", 5_900_000_000 + i, i % 5000));
    }
    let t = Instant::now();
    let r = s
        .gql_upload(
            Some(&admin.token),
            "mutation($file: Upload!) { importCustomers(file: $file) { id } }",
            json!({ "file": null }),
            vec![("variables.file", "import.csv", csv.into_bytes())],
        )
        .await;
    let id = r.ok()["importCustomers"]["id"].as_str().unwrap().to_owned();
    let queued = t.elapsed();
    let imp = loop {
        let r = s
            .gql(
                Some(&admin.token),
                "query($id: ID!) { customerImport(id: $id) { status created failed skipped job { status error } } }",
                json!({ "id": id }),
            )
            .await;
        let imp = r.ok()["customerImport"].clone();
        assert_ne!(imp["job"]["status"], "FAILED", "{imp}");
        if imp["status"] == "DONE" && imp["job"]["status"] == "SUCCEEDED" {
            break imp;
        }
        // A progress bar's pace: polling faster only takes CPU from the import.
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let took = t.elapsed();
    assert_eq!(imp["created"].as_u64(), Some(rows), "{imp}");

    // The baseline: the same rows, already parsed, as multi-row INSERTs.
    // Same tenant, so the same indexes grow; numbers of their own.
    let scratch = uuid_of(&admin.tenant_id);
    let creator = uuid_of(&admin.user_id);
    let t = Instant::now();
    for chunk_start in (0..rows).step_by(500) {
        let end = (chunk_start + 500).min(rows);
        let mut sql = String::from(
            "INSERT INTO customers (tenant_id, id, number, name, company, phones, phone_digits, email, gender, status,
             grade, tags, owner_id, custom, created_by, created_at, updated_at) VALUES ",
        );
        let mut values: Vec<sea_orm::Value> = Vec::new();
        for i in chunk_start..end {
            if i > chunk_start {
                sql.push(',');
            }
            let n = values.len();
            sql.push_str(&format!(
                "(${},${},${},${},${},${},${},${},'unknown','intent','normal',${},${},'{{}}'::jsonb,${},now(),now())",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7,
                n + 8,
                n + 9,
                n + 10,
                n + 11
            ));
            let phone = format!("1{}", 5_900_000_000 + i);
            values.extend([
                scratch.into(),
                uuid::Uuid::now_v7().into(),
                format!("S{i:08}").into(),
                format!("导入{i}").into(),
                format!("导入公司{}", i % 5000).into(),
                json!([phone]).into(),
                phone.into(),
                format!("imp{i}@example.cn").into(),
                json!(["展会"]).into(),
                creator.into(),
                creator.into(),
            ]);
        }
        db.execute(stmt(&sql, values)).await.unwrap();
    }
    let raw = t.elapsed();
    let rate = |d: Duration| rows as f64 / d.as_secs_f64();
    println!(
        "{:<44} graphql {:>7.2} s ({:>8.0} rows/s; upload and checks {:.2} s) | raw INSERTs {:>6.2} s ({:>8.0} rows/s) | ratio {:.2}x",
        format!("import {rows} CSV rows (admin)"),
        took.as_secs_f64(),
        rate(took),
        queued.as_secs_f64(),
        raw.as_secs_f64(),
        rate(raw),
        took.as_secs_f64() / raw.as_secs_f64()
    );
}
