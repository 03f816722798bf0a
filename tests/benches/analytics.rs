//! The dashboards' analytics on PostgreSQL: one company of 100,000 customers
//! and 1,000,000 conversations (beside 1,000 small companies), with status
//! history, 100,000 won deals, 100,000 plans and pool moves.
//!
//! The conversation series and the leaderboard's conversation counts read
//! the daily summary (`conversation_days`), the funnel and retention the
//! lifecycle summaries (`customer_cohorts`, `customer_lost_moves`, with the
//! customers' status facts for the days around whole months): all built
//! here once after seeding.
//!
//! Each read through `/graphql` (HTTP, authentication, the tenant
//! transaction under RLS, scope, JSON) is timed against a raw baseline in
//! the same run: the bare aggregate over the same rows sent straight to the
//! database (no scope, no periods, no shaping), so the ratio is what the
//! read costs over the least the database must do.
//!
//! Run with `cargo bench -p guanxi-tests --bench analytics`;
//! `GUANXI_BENCH_CUSTOMERS`, `GUANXI_BENCH_CONVERSATIONS`,
//! `GUANXI_BENCH_TENANTS` and `GUANXI_BENCH_ROUNDS` scale it down.
//! `GUANXI_BENCH_EXPLAIN` prints the baselines' plans.

#![expect(clippy::unwrap_used, reason = "benchmark set-up: a failure should stop it loudly")]

mod common;

use std::time::Instant;

use chrono::{Datelike, Days, Months, Utc};
use common::{Bench, BigCompany, big_company, compare, env_or, rfm_model, stmt};
use sea_orm::ConnectionTrait;
use serde_json::json;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(run());
}

/// Status changes, pool moves, won deals and plans for the big company.
const SEED: [&str; 8] = [
    // Every customer not a prospect got there from `prospect`, some days
    // after it was created; those at `deal` passed through `intent` first.
    "INSERT INTO customer_history (tenant_id, id, customer_id, actor_id, field, old_value, new_value, created_at)
     SELECT c.tenant_id, gen_random_uuid(), c.id, c.owner_id, 'status', to_jsonb('prospect'::text),
         to_jsonb(CASE WHEN c.status = 'deal' THEN 'intent' ELSE c.status END),
         c.created_at + make_interval(days => abs(hashtext(c.id::text)) % 20 + 1)
     FROM customers c WHERE c.tenant_id = $1 AND c.status <> 'prospect'",
    "INSERT INTO customer_history (tenant_id, id, customer_id, actor_id, field, old_value, new_value, created_at)
     SELECT c.tenant_id, gen_random_uuid(), c.id, c.owner_id, 'status', to_jsonb('intent'::text),
         to_jsonb('deal'::text), c.created_at + make_interval(days => abs(hashtext(c.id::text)) % 20 + 30)
     FROM customers c WHERE c.tenant_id = $1 AND c.status = 'deal'",
    // The pool's customers were released (with a reason) by the admin.
    "INSERT INTO customer_history (tenant_id, id, customer_id, actor_id, field, old_value, new_value, created_at)
     SELECT c.tenant_id, gen_random_uuid(), c.id, $2, f.field,
         CASE WHEN f.field = 'ownerId' THEN to_jsonb($2::text) ELSE 'null'::jsonb END,
         CASE WHEN f.field = 'ownerId' THEN 'null'::jsonb
              ELSE to_jsonb((ARRAY['联系不上','不需要','规则回收 Rule: 30天未联系'])[1 + abs(hashtext(c.id::text)) % 3]) END,
         now() - make_interval(days => abs(hashtext(c.id::text)) % 365)
     FROM customers c, (VALUES ('ownerId'), ('releaseReason')) AS f(field)
     WHERE c.tenant_id = $1 AND c.owner_id IS NULL",
    "INSERT INTO deals (tenant_id, id, customer_id, owner_id, title, amount_minor, currency, status,
         expected_close, closed_on, notes, created_by, created_at, updated_at)
     SELECT $1, gen_random_uuid(), c.id, c.owner_id, '成交', 100000 + abs(hashtext(c.id::text)) % 5000000,
         'CNY', 'won', NULL, current_date - abs(hashtext(c.id::text || 'd')) % 700, NULL, $2, now(), now()
     FROM customers c WHERE c.tenant_id = $1 AND c.owner_id IS NOT NULL",
    "INSERT INTO work_plans (tenant_id, id, author_id, subject, start_at, end_at, content, notes, done_at, done_by,
         created_at, updated_at)
     SELECT $1, gen_random_uuid(), o.owners[1 + i % array_length(o.owners, 1)], '拜访',
         now() - make_interval(mins => (i * 5003) % 525600 + 60), now() - make_interval(mins => (i * 5003) % 525600),
         '', '', CASE WHEN i % 3 = 0 THEN NULL
                      ELSE now() - make_interval(mins => (i * 5003) % 525600 + (i % 2) * 120 - 60) END,
         NULL, now(), now()
     FROM generate_series(1, 100000) AS i,
          (SELECT array_agg(id ORDER BY id) AS owners FROM users WHERE tenant_id = $1 AND role = 'salesperson') o",
    // One customer in ten carries a tag, for the segments.
    "UPDATE customers SET tags = '[\"重点\"]'::jsonb WHERE tenant_id = $1 AND abs(hashtext(id::text)) % 10 = 0",
    "INSERT INTO tags (tenant_id, id, name, color, created_at, updated_at)
     VALUES ($1, gen_random_uuid(), '重点', 'gray', now(), now())",
    "ANALYZE",
];

async fn run() {
    let rounds = env_or("GUANXI_BENCH_ROUNDS", 100);
    let BigCompany { s, admin, sales, db, tenant } = big_company().await;
    let admin_id = uuid::Uuid::parse_str(&admin.user_id).unwrap();
    let t = Instant::now();
    for sql in SEED {
        let values = match (sql.contains("$2"), sql.contains("$1")) {
            (true, _) => vec![tenant.into(), admin_id.into()],
            (false, true) => vec![tenant.into()],
            _ => vec![],
        };
        db.execute(stmt(sql, values)).await.unwrap();
    }
    println!("seeded status history, pool moves, deals and plans in {:.1} s", t.elapsed().as_secs_f64());
    // The conversations and the status history went in behind the write
    // paths: the summaries are worked out afresh, as after a restore.
    let t = Instant::now();
    s.store.rebuild_summaries(guanxi_core::TenantId(tenant)).await.unwrap();
    println!("built the summaries (conversation days, status facts, cohorts) in {:.1} s", t.elapsed().as_secs_f64());
    db.execute_unprepared("VACUUM ANALYZE").await.unwrap();

    // An RFM model graded over the whole company, for its segments.
    let t = Instant::now();
    let model = rfm_model(&s, &admin).await;
    let r = s
        .gql(Some(&admin.token), "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": model }))
        .await;
    let job = r.ok()["regradeCustomers"]["id"].as_str().unwrap().to_owned();
    loop {
        let r = s.gql(Some(&admin.token), "query($id: ID!) { job(id: $id) { status } }", json!({ "id": job })).await;
        match r.ok()["job"]["status"].as_str().unwrap() {
            "SUCCEEDED" => break,
            "FAILED" | "CANCELLED" => panic!("the regrade failed"),
            _ => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
        }
    }
    // As autovacuum does after a regrade's many writes: the grades' pages
    // marked all-visible, so counts read their index alone.
    db.execute(stmt("VACUUM ANALYZE customer_grades", vec![])).await.unwrap();
    println!("graded the customers (RFM) in {:.1} s", t.elapsed().as_secs_f64());
    let model_id = uuid::Uuid::parse_str(&model).unwrap();

    let bench = Bench { s: &s, raw: &db, rounds };
    let today = Utc::now().date_naive();
    let month = json!({ "from": today - Days::new(29), "to": today });
    let year = json!({ "from": (today - Months::new(11)).with_day0(0).unwrap(), "to": today });
    let (m_from, y_from) = (Utc::now() - chrono::Duration::days(30), Utc::now() - chrono::Duration::days(366));
    println!();
    let cases: Vec<(&str, &str, serde_json::Value, Vec<sea_orm::Statement>)> = vec![
        (
            "conversations per day, 30 days",
            "query($r: AnalyticsRange!) { analytics { conversations(range: $r, bucket: DAY) { series { key counts } } } }",
            json!({ "r": month }),
            vec![stmt(
                "SELECT kind, count(*) FROM conversations WHERE tenant_id = $1 AND occurred_at >= $2 GROUP BY kind",
                vec![tenant.into(), m_from.into()],
            )],
        ),
        (
            "conversations per month, 12 months",
            "query($r: AnalyticsRange!) { analytics { conversations(range: $r, bucket: MONTH) { series { key counts } } } }",
            json!({ "r": year }),
            vec![stmt(
                "SELECT kind, count(*) FROM conversations WHERE tenant_id = $1 AND occurred_at >= $2 GROUP BY kind",
                vec![tenant.into(), y_from.into()],
            )],
        ),
        (
            "new customers per month, 12 months",
            "query($r: AnalyticsRange!) { analytics { newCustomers(range: $r, bucket: MONTH) { series { counts } } } }",
            json!({ "r": year }),
            vec![stmt(
                "SELECT count(*) FROM customers WHERE tenant_id = $1 AND created_at >= $2",
                vec![tenant.into(), y_from.into()],
            )],
        ),
        (
            "pool flow per month, 12 months",
            "query($r: AnalyticsRange!) { analytics { poolFlow(range: $r, bucket: MONTH) { series { key counts } } } }",
            json!({ "r": year }),
            vec![stmt(
                "SELECT count(*) FROM customer_history WHERE tenant_id = $1 AND field = 'ownerId' AND created_at >= $2",
                vec![tenant.into(), y_from.into()],
            )],
        ),
        (
            "pool moves by reason, 30 days",
            "query($r: AnalyticsRange!) { analytics { poolReasons(range: $r) { direction reason count } } }",
            json!({ "r": month }),
            vec![stmt(
                "SELECT new_value::text, count(*) FROM customer_history WHERE tenant_id = $1 AND field = 'releaseReason'
                 AND created_at >= $2 GROUP BY 1",
                vec![tenant.into(), m_from.into()],
            )],
        ),
        (
            "customers by status",
            "{ analytics { customersBy(by: STATUS) { key count } } }",
            json!({}),
            vec![stmt(
                "SELECT status, count(*) FROM customers WHERE tenant_id = $1 GROUP BY status",
                vec![tenant.into()],
            )],
        ),
        (
            "customers by source",
            "{ analytics { customersBy(by: SOURCE) { key count } } }",
            json!({}),
            vec![stmt(
                "SELECT source, count(*) FROM customers WHERE tenant_id = $1 GROUP BY source",
                vec![tenant.into()],
            )],
        ),
        (
            "customers by RFM segment",
            "query($m: ID!) { analytics { customersByGrade(modelId: $m) { key count } } }",
            json!({ "m": model }),
            vec![stmt(
                "SELECT label, count(*) FROM customer_grades WHERE tenant_id = $1 AND model_id = $2 GROUP BY label",
                vec![tenant.into(), model_id.into()],
            )],
        ),
        (
            "funnel, all customers",
            "{ analytics { funnel { status customers reached stays averageDays } } }",
            json!({}),
            vec![stmt(
                "SELECT old_value::text, count(*) FROM customer_history WHERE tenant_id = $1 AND field = 'status' GROUP BY 1",
                vec![tenant.into()],
            )],
        ),
        (
            "funnel, customers created in 12 months",
            "query($r: AnalyticsRange!) { analytics { funnel(range: $r) { status customers reached stays averageDays } } }",
            json!({ "r": year }),
            vec![stmt(
                "SELECT status, count(*) FROM customers WHERE tenant_id = $1 AND created_at >= $2 GROUP BY 1",
                vec![tenant.into(), y_from.into()],
            )],
        ),
        (
            "retention per month, 12 months",
            "query($r: AnalyticsRange!) { analytics { retention(range: $r) { month held kept lost } } }",
            json!({ "r": year }),
            vec![stmt(
                "SELECT status = 'lost', count(*) FROM customers WHERE tenant_id = $1 GROUP BY 1",
                vec![tenant.into()],
            )],
        ),
        (
            "leaderboard, 30 days",
            "query($r: AnalyticsRange!) { analytics { leaderboard(range: $r, rank: AMOUNT_WON) { name conversations \
             visits dealsWon amountWon plansDue plansOnTime } } }",
            json!({ "r": month }),
            vec![stmt(
                "SELECT author_id, count(*) FROM conversations WHERE tenant_id = $1 AND occurred_at >= $2 GROUP BY 1",
                vec![tenant.into(), m_from.into()],
            )],
        ),
    ];
    for (label, query, vars, statements) in &cases {
        compare(&bench, &format!("{label} (admin)"), &admin.token, query, vars.clone(), statements).await;
    }
    // Segments: a lifecycle stage and a saved filter, counted live within
    // the reader's sight.
    let r = s.gql(Some(&admin.token), "{ segments { id stage } }", json!({})).await;
    let retention = r.ok()["segments"].as_array().unwrap().iter().find(|x| x["stage"] == "RETENTION").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { createSegment(input: {name: \"重点意向\", filter: {tag: \"重点\", status: INTENT}, \
             sharing: COMPANY}) { id } }",
            json!({}),
        )
        .await;
    let saved = r.ok()["createSegment"]["id"].as_str().unwrap().to_owned();
    let dormant = Utc::now() - chrono::Duration::days(guanxi_core::customer::LifecycleStage::DORMANT_DAYS);
    let count = "query($id: ID!) { segment(id: $id) { count } }";
    let segment_cases = [
        (
            "segment count, lifecycle stage retention",
            retention,
            stmt(
                "SELECT count(*) FROM customers WHERE tenant_id = $1 AND status = 'deal'
                 AND COALESCE(last_contact_at, created_at) >= $2",
                vec![tenant.into(), dormant.into()],
            ),
        ),
        (
            "segment count, saved filter (tag and status)",
            saved,
            stmt(
                "SELECT count(*) FROM customers WHERE tenant_id = $1 AND status = 'intent' AND tags @> '[\"重点\"]'",
                vec![tenant.into()],
            ),
        ),
    ];
    // The customer list's totalCount: plain (summed from the cohorts) and
    // with a condition that holds for every customer (counted directly),
    // beside the bare count.
    let all = stmt("SELECT count(*) FROM customers WHERE tenant_id = $1 AND owner_id IS NOT NULL", vec![tenant.into()]);
    for (label, filter) in [
        ("list page + totalCount, plain (summed)", json!({})),
        ("list page + totalCount, counted directly", json!({ "createdFrom": "2000-01-01T00:00:00Z" })),
    ] {
        let query =
            "query($f: CustomerFilter) { customers(filter: $f, first: 50) { totalCount edges { node { id name } } } }";
        let vars = json!({ "f": filter });
        let raw = std::slice::from_ref(&all);
        compare(&bench, &format!("{label} (admin)"), &admin.token, query, vars.clone(), raw).await;
    }
    for (label, id, baseline) in &segment_cases {
        let vars = json!({ "id": id });
        let raw = std::slice::from_ref(baseline);
        compare(&bench, &format!("{label} (admin)"), &admin.token, count, vars.clone(), raw).await;
        compare(&bench, &format!("{label} (salesperson)"), &sales[0].token, count, vars, raw).await;
    }
    // A salesperson's own: the scope narrows the rows.
    for (label, query, vars, statements) in
        cases.iter().filter(|c| c.0.starts_with("conversations per month") || c.0.starts_with("funnel, all"))
    {
        compare(&bench, &format!("{label} (salesperson)"), &sales[0].token, query, vars.clone(), statements).await;
    }
    // The tag list's counts: every tag of the customers in sight, at once.
    let raw_tags = stmt(
        "SELECT x.value, count(*) FROM customers c CROSS JOIN LATERAL jsonb_array_elements_text(c.tags) AS x(value)
         WHERE c.tenant_id = $1 GROUP BY x.value",
        vec![tenant.into()],
    );
    let tags = "{ tags { name customerCount } }";
    compare(&bench, "tag list with counts (admin)", &admin.token, tags, json!({}), std::slice::from_ref(&raw_tags))
        .await;
    compare(&bench, "tag list with counts (salesperson)", &sales[0].token, tags, json!({}), &[raw_tags]).await;

    // Possible duplicates of one customer (the form's warning, a customer's
    // page), against the bare gathering of the same rows; then the whole
    // company scanned as a job.
    let probe = json!({ "name": "王芳", "company": "公司1", "phones": ["13800000001"], "email": "c1@example.cn" });
    let raw_dups = stmt(
        "SELECT id, name, company, phones, email FROM customers WHERE tenant_id = $1
         AND (phone_digits LIKE '%13800000001%' OR lower(email) = 'c1@example.cn'
              OR (name LIKE '王%' AND char_length(name) BETWEEN 1 AND 3))
         ORDER BY id LIMIT 20000",
        vec![tenant.into()],
    );
    let dups = "query($i: DuplicateProbe!) { duplicateCandidates(input: $i) { score reasons } }";
    let vars = json!({ "i": probe });
    compare(&bench, "duplicate candidates of one customer (salesperson)", &sales[0].token, dups, vars, &[raw_dups])
        .await;
    let (secs, job) = timed_job(&s, &admin.token, "mutation { scanDuplicates { id } }", "scanDuplicates").await;
    let scanned = job["result"]["customers"].as_u64().unwrap();
    println!(
        "duplicate scan of {scanned} customers: {secs:.1} s, {:.0} customers/s, {} pairs",
        scanned as f64 / secs,
        job["result"]["pairs"]
    );

    // Writes last: they change the company the reads above measured.
    // A bulk edit of the whole company (every row checked, written with its
    // history, event and summaries) as a job, against one bare UPDATE of the
    // same column over the same rows.
    let t = Instant::now();
    db.execute(stmt("UPDATE customers SET grade = 'vip' WHERE tenant_id = $1", vec![tenant.into()])).await.unwrap();
    db.execute(stmt("UPDATE customers SET grade = 'normal' WHERE tenant_id = $1", vec![tenant.into()])).await.unwrap();
    let raw = t.elapsed().as_secs_f64() / 2.0;
    let (job, n) = timed_job(
        &s,
        &admin.token,
        "mutation { bulkEditCustomers(filter: {}, change: {grade: VIP, addTags: [\"批量\"]}) { id } }",
        "bulkEditCustomers",
    )
    .await;
    let changed = n["result"]["changed"].as_u64().unwrap();
    println!(
        "bulk edit (grade and a tag) of {changed} customers: {:.1} s, {:.0} rows/s; bare UPDATE of one column {:.2} s ({:.1}x)",
        job,
        changed as f64 / job,
        raw,
        job / raw
    );
    // A rename of a tag one customer in ten carries.
    let id = {
        let r = s.gql(Some(&admin.token), "{ tags { id name } }", json!({})).await;
        r.ok()["tags"].as_array().unwrap().iter().find(|t| t["name"] == "重点").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let t = Instant::now();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { updateTag(id: $id, input: {name: \"重要\"}) { name } }",
            json!({ "id": id }),
        )
        .await;
    r.ok();
    let rename = t.elapsed().as_secs_f64();
    let carried: i64 = db
        .query_one(stmt(
            "SELECT count(*) AS n FROM customers WHERE tenant_id = $1 AND tags @> '[\"重要\"]'",
            vec![tenant.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    println!("tag rename on {carried} customers: {rename:.2} s, {:.0} customers/s", carried as f64 / rename);
    // A merge of the two customers with the most conversations (every
    // related row moved, the merged one kept whole for the undo), and its
    // undo, against one bare UPDATE touching the same conversations.
    let pair: Vec<uuid::Uuid> = db
        .query_all(stmt(
            "SELECT customer_id FROM conversations WHERE tenant_id = $1 GROUP BY customer_id
             ORDER BY count(*) DESC, customer_id LIMIT 2",
            vec![tenant.into()],
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("", "customer_id").unwrap())
        .collect();
    // Give the merged one a long past (5,000 conversations moved onto it
    // behind the write path, as an old customer entered twice would have).
    db.execute(stmt(
        "UPDATE conversations SET customer_id = $2 WHERE tenant_id = $1 AND id IN
           (SELECT id FROM conversations WHERE tenant_id = $1 AND customer_id NOT IN ($2, $3) ORDER BY id LIMIT 5000)",
        vec![tenant.into(), pair[1].into(), pair[0].into()],
    ))
    .await
    .unwrap();
    let touched = stmt(
        "UPDATE conversations SET customer_id = customer_id WHERE tenant_id = $1 AND customer_id IN ($2, $3)",
        vec![tenant.into(), pair[0].into(), pair[1].into()],
    );
    let t = Instant::now();
    let rows = db.execute(touched).await.unwrap().rows_affected();
    let raw = t.elapsed().as_secs_f64();
    let input = json!({ "i": { "survivorId": pair[0], "mergedIds": [pair[1]] } });
    let t = Instant::now();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: MergeCustomersInput!) { mergeCustomers(input: $i) { id moves { table rows } } }",
            input,
        )
        .await;
    let merged = t.elapsed().as_secs_f64();
    let merge_id = r.ok()["mergeCustomers"]["id"].as_str().unwrap().to_owned();
    let moved: i64 =
        r.ok()["mergeCustomers"]["moves"].as_array().unwrap().iter().map(|m| m["rows"].as_i64().unwrap()).sum();
    let t = Instant::now();
    let r = s
        .gql(Some(&admin.token), "mutation($id: ID!) { undoCustomerMerge(id: $id) { id } }", json!({ "id": merge_id }))
        .await;
    r.ok();
    let undone = t.elapsed().as_secs_f64();
    println!(
        "merge of two customers ({moved} rows moved, {rows} of them conversations): {:.0} ms, undo {:.0} ms; bare UPDATE of their conversations {:.0} ms ({:.1}x)",
        merged * 1000.0,
        undone * 1000.0,
        raw * 1000.0,
        merged / raw
    );
    if std::env::var_os("GUANXI_BENCH_KEEP").is_some() {
        println!("kept database {}", s.db.url);
        std::mem::forget(s);
    }
}

/// Run the mutation that starts a job and wait for it; returns the seconds
/// from the request to the job's end, and the job.
async fn timed_job(s: &guanxi_tests::TestServer, token: &str, mutation: &str, field: &str) -> (f64, serde_json::Value) {
    let t = Instant::now();
    let r = s.gql(Some(token), mutation, json!({})).await;
    let job = r.ok()[field]["id"].as_str().unwrap().to_owned();
    loop {
        let r = s.gql(Some(token), "query($id: ID!) { job(id: $id) { status result } }", json!({ "id": job })).await;
        let j = r.ok()["job"].clone();
        match j["status"].as_str().unwrap() {
            "SUCCEEDED" => return (t.elapsed().as_secs_f64(), j),
            "FAILED" | "CANCELLED" => panic!("the job failed: {j}"),
            _ => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    }
}
