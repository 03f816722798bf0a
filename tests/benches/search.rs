//! Search under load, on PostgreSQL: one company with 100,000 customers
//! (brought in by the CSV import) beside 1,000 small companies, on each
//! engine in one run: Tantivy (embedded), then Meilisearch when a binary is
//! installed (`GUANXI_TEST_MEILI_BIN` or `/usr/local/bin/meilisearch`; the
//! same database, the server restarted on the other engine).
//!
//! Measured, each against a raw baseline taken in the same run:
//! - indexing: `guanxi reindex` of every company (database pages read,
//!   documents enriched and written, the index made searchable) vs the
//!   engine alone writing the big company's documents already in memory
//!   (enrichment included, no database);
//! - the import's 100,000 customers reaching the index through the event
//!   outbox (import started to all searchable; on Tantivy only);
//! - a search through `/graphql` (HTTP, authentication, the actor's
//!   visibility, the engine, every hit re-read from the database, JSON) vs
//!   the same query sent straight to the engine, p50 and p99 and their
//!   ratio, for an admin and a salesperson;
//! - index lag: a customer edited through `/graphql` until the engine finds
//!   the new text (the dispatcher polls at the production interval), p50
//!   and p99.
//!
//! Run with `cargo bench -p guanxi-tests --bench search` (a release build).
//! `GUANXI_BENCH_CUSTOMERS`, `GUANXI_BENCH_TENANTS`, `GUANXI_BENCH_ROUNDS`
//! (searches timed per query) and `GUANXI_BENCH_LAG_ROUNDS` scale it;
//! `GUANXI_BENCH_ENGINES=tantivy` leaves Meilisearch out.

#![expect(clippy::unwrap_used, reason = "benchmark set-up: a failure should stop it loudly")]

#[expect(dead_code, reason = "this benchmark seeds and times its own way")]
mod common;

use std::time::{Duration, Instant};

use common::{env_or, ms, pct, seed_small_tenants, stmt};
use guanxi_core::TenantId;
use guanxi_search::{EntityKind, SearchEngine, SearchField, SearchQuery, SearchSort, Visibility};
use guanxi_server::config::{Config, SearchEngineKind};
use guanxi_store::{Access, search_docs};
use guanxi_tests::{Backend, Session, TestServer};
use sea_orm::ConnectionTrait;
use serde_json::json;

#[path = "../../platform/search/tests/support/meili_server.rs"]
mod meili_server;

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "单", "曾", "区"];
const GIVEN: &[&str] = &["小明", "伟", "芳", "建国", "秀英", "志强", "丽娟", "海涛", "静", "晓东", "桂兰", "子豪"];
const CITIES: &[&str] = &["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆"];
const TRADES: &[&str] = &["农业", "科技", "贸易", "建材", "医药", "物流", "食品", "教育", "能源", "传媒"];
const SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "集团", "发展银行", "实业有限公司"];

/// The import's CSV: `rows` customers with Chinese names, companies and
/// phone numbers.
fn csv(rows: u64) -> String {
    let mut out = String::from("客户名称,手机,邮箱,公司,客户状态,标签\n");
    for i in 0..rows {
        let n = i as usize;
        let name = format!("{}{}", SURNAMES[n % SURNAMES.len()], GIVEN[(n / SURNAMES.len()) % GIVEN.len()]);
        let company = format!(
            "{}{}{}{}",
            CITIES[n % CITIES.len()],
            TRADES[(n / 7) % TRADES.len()],
            SUFFIXES[(n / 3) % SUFFIXES.len()],
            n % 97
        );
        out.push_str(&format!("{name},1{},c{i}@example.cn,{company},意向客户,展会\n", 3_800_000_000 + i));
    }
    out
}

/// How many customers of `tenant` the engine holds.
async fn indexed(engine: &dyn SearchEngine, tenant: TenantId) -> usize {
    let mut q = query(tenant, "", Visibility::All);
    q.limit = 0;
    q.highlight = false;
    engine.search(&q).await.unwrap().total
}

/// Whether the engine holds `n` customers of `tenant` (Meilisearch counts
/// at most its deepest page's worth).
async fn holds(engine: &dyn SearchEngine, tenant: TenantId, n: usize) -> bool {
    let got = indexed(engine, tenant).await;
    got == n || (engine.name() == "meilisearch" && n > guanxi_search::MAX_WINDOW && got == guanxi_search::MAX_WINDOW)
}

/// The query `search(input: {text, kinds: [CUSTOMER], first: 20})` sends
/// to the engine for an actor who sees `visibility`.
fn query(tenant: TenantId, text: &str, visibility: Visibility) -> SearchQuery {
    SearchQuery {
        tenant,
        kinds: vec![EntityKind::Customer],
        text: text.to_owned(),
        fields: SearchField::ALL.into_iter().filter(|f| *f != SearchField::Owner).collect(),
        visibility,
        filters: Default::default(),
        facets: Vec::new(),
        sort: SearchSort::Relevance,
        offset: 0,
        limit: 20,
        highlight: true,
    }
}

const SEARCH: &str = "query($t: String!) { search(input: {text: $t, kinds: [CUSTOMER], first: 20}) { total \
    hits { ... on CustomerHit { score customer { id name company phones } highlights { field fragments } } } } }";

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(run());
}

async fn run() {
    let customers = env_or("GUANXI_BENCH_CUSTOMERS", 100_000);
    let tenants = env_or("GUANXI_BENCH_TENANTS", 1_000);
    let rounds = env_or("GUANXI_BENCH_ROUNDS", 200);
    let lag_rounds = env_or("GUANXI_BENCH_LAG_ROUNDS", 100);
    let only_tantivy = std::env::var("GUANXI_BENCH_ENGINES").is_ok_and(|e| e == "tantivy");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let mut s = TestServer::start_with(Backend::Postgres, |c| {
        c.db_max_connections = 8;
        c.plans = common::far_plans();
        c.search_engine = SearchEngineKind::Tantivy;
        c.data_dir = data;
        // The production pace of the event dispatcher (tests poll faster).
        c.events_poll_ms = Config::default().events_poll_ms;
    })
    .await;
    let admin = s.sign_up("bench").await;
    let group = s.create_group(&admin, "一组").await;
    let mut sales: Vec<Session> = Vec::new();
    for i in 0..5 {
        sales.push(s.invite_and_accept(&admin, &format!("s{i}@bench.cn"), "SALESPERSON", Some(&group)).await);
    }
    let tenant: TenantId = admin.tenant_id.parse().unwrap();
    let db = sea_orm::Database::connect(s.db.url.as_str()).await.unwrap();
    let t = Instant::now();
    seed_small_tenants(&db, tenants, "王客户").await;
    println!("seeded {tenants} small companies (10 customers each) in {:.1} s", t.elapsed().as_secs_f64());

    // The big company's customers come in through the import; the indexer
    // follows its `customer.created` events.
    let engine = guanxi_server::search::open_engine(&s.cfg).await.unwrap().unwrap();
    let t = Instant::now();
    let r = s
        .gql_upload(
            Some(&admin.token),
            "mutation($file: Upload!) { importCustomers(file: $file) { id } }",
            json!({ "file": null }),
            vec![("variables.file", "import.csv", csv(customers).into_bytes())],
        )
        .await;
    let id = r.ok()["importCustomers"]["id"].as_str().unwrap().to_owned();
    let mut imported = None;
    loop {
        if imported.is_none() {
            let r = s
                .gql(
                    Some(&admin.token),
                    "query($id: ID!) { customerImport(id: $id) { status created job { status error } } }",
                    json!({ "id": id }),
                )
                .await;
            let imp = r.ok()["customerImport"].clone();
            assert_ne!(imp["job"]["status"], "FAILED", "{imp}");
            if imp["status"] == "DONE" && imp["job"]["status"] == "SUCCEEDED" {
                assert_eq!(imp["created"].as_u64(), Some(customers), "{imp}");
                imported = Some(t.elapsed());
            }
        }
        if imported.is_some() && indexed(engine.as_ref(), tenant).await as u64 == customers {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let imported = imported.unwrap();
    let searchable = t.elapsed();
    println!(
        "import of {customers} customers: imported in {:.1} s, all searchable (Tantivy, through the events) after {:.1} s: {:.0} customers/s end to end",
        imported.as_secs_f64(),
        searchable.as_secs_f64(),
        customers as f64 / searchable.as_secs_f64()
    );
    // Spread the customers over the salespeople (one in ten left in the
    // pool), as a company's would be; the rebuilds below index that.
    db.execute(stmt(
        "UPDATE customers c SET owner_id = CASE WHEN o.n % 10 = 0 THEN NULL ELSE o.owners[1 + o.n % array_length(o.owners, 1)] END
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n,
                      (SELECT array_agg(id ORDER BY id) FROM users WHERE tenant_id = $1 AND role = 'salesperson') AS owners
               FROM customers WHERE tenant_id = $1) o
         WHERE c.tenant_id = $1 AND c.id = o.id",
        vec![tenant.0.into()],
    ))
    .await
    .unwrap();
    db.execute_unprepared("VACUUM ANALYZE").await.unwrap();
    drop(engine);

    let mut engines = vec!["tantivy"];
    let meili = if only_tantivy { None } else { meili_server::binary() };
    let mut _server = None;
    if meili.is_some() {
        engines.push("meilisearch");
    } else if !only_tantivy {
        println!("SKIPPED: meilisearch binary not found; Tantivy only");
    }
    let me = sales[0].user_id.parse().unwrap();
    for name in engines {
        if name == "meilisearch" {
            let server = meili_server::MeiliServer::start(meili.as_deref().unwrap());
            s.cfg.search_engine = SearchEngineKind::Meilisearch;
            s.cfg.meili_url = Some(server.url.clone());
            s.cfg.meili_key = Some(secrecy::SecretString::from(server.key.clone()));
            _server = Some(server);
            s.restart().await;
        }
        println!("\n== {name} ==");
        let engine = guanxi_server::search::open_engine(&s.cfg).await.unwrap().unwrap();
        indexing(&s, engine.as_ref(), tenant, customers + tenants * 10).await;
        let admin_v = Visibility::All;
        let sales_v = Visibility::Owners { owners: vec![me], pool: true };
        for text in ["王", "小明", "wxm", "zhangwei", "农业", "0042", "欧阳建国"] {
            for (who, session, v) in [("admin", &admin, &admin_v), ("salesperson", &sales[0], &sales_v)] {
                compare(&s, engine.as_ref(), session, who, &query(tenant, text, v.clone()), rounds).await;
            }
        }
        lag(&s, engine.as_ref(), &admin, tenant, lag_rounds).await;
    }
}

/// `guanxi reindex` of every company vs the engine alone writing the big
/// company's documents from memory.
async fn indexing(s: &TestServer, engine: &dyn SearchEngine, big: TenantId, all: u64) {
    let t = Instant::now();
    let mut out = Vec::new();
    guanxi_server::search::reindex_on(&s.store, engine, None, &mut out).await.unwrap();
    let reindex = t.elapsed();
    // The baseline: the big company's documents read beforehand.
    let mut docs = Vec::new();
    let mut after = None;
    loop {
        let tx = s.store.system_tx(big, Access::Read, "bench").await.unwrap();
        let page = search_docs::page(&tx, EntityKind::Customer, after, 5_000).await.unwrap();
        tx.commit().await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        docs.extend(page);
    }
    let n = docs.len();
    assert!(holds(engine, big, n).await, "the rebuild indexed the big company");
    engine.delete_tenant(big, None).await.unwrap();
    engine.refresh().await.unwrap();
    let t = Instant::now();
    for chunk in docs.chunks(500) {
        engine.upsert(chunk.to_vec()).await.unwrap();
    }
    engine.refresh().await.unwrap();
    let raw = t.elapsed();
    assert!(holds(engine, big, n).await);
    println!(
        "{:<44} reindex {:>6.1} s ({:>6.0} customers/s) | engine alone, {n} docs from memory {:>6.1} s ({:>6.0}/s) | ratio {:.2}x",
        format!("index {all} customers of {} companies", 1 + (all - n as u64) / 10),
        reindex.as_secs_f64(),
        all as f64 / reindex.as_secs_f64(),
        raw.as_secs_f64(),
        n as f64 / raw.as_secs_f64(),
        (reindex.as_secs_f64() / all as f64) / (raw.as_secs_f64() / n as f64),
    );
}

/// `rounds` alternating searches through `/graphql` and straight to the
/// engine, after a warm-up; p50 and p99 of each and their ratio.
async fn compare(s: &TestServer, engine: &dyn SearchEngine, who: &Session, label: &str, q: &SearchQuery, rounds: u64) {
    let mut gql = Vec::new();
    let mut raw = Vec::new();
    let mut totals = (0, 0);
    for i in 0..rounds + 20 {
        let t = Instant::now();
        let r = s.gql(Some(&who.token), SEARCH, json!({ "t": q.text })).await;
        let g = t.elapsed();
        totals.0 = r.ok()["search"]["total"].as_u64().unwrap();
        let t = Instant::now();
        let res = engine.search(q).await.unwrap();
        let e = t.elapsed();
        totals.1 = res.total as u64;
        if i >= 20 {
            gql.push(g);
            raw.push(e);
        }
    }
    assert_eq!(totals.0, totals.1, "{}: the same query", q.text);
    gql.sort();
    raw.sort();
    let (g50, g99, r50, r99) = (pct(&gql, 50), pct(&gql, 99), pct(&raw, 50), pct(&raw, 99));
    println!(
        "{:<44} graphql p50 {:>6.2} ms p99 {:>6.2} ms | engine p50 {:>6.2} ms p99 {:>6.2} ms | ratio p50 {:.2}x ({} hits)",
        format!("search {} ({label})", q.text),
        ms(g50),
        ms(g99),
        ms(r50),
        ms(r99),
        ms(g50) / ms(r50),
        totals.1
    );
}

/// Index lag: a customer's company edited through `/graphql`, then the
/// engine asked every 2 ms for the new text until it finds it.
async fn lag(s: &TestServer, engine: &dyn SearchEngine, admin: &Session, tenant: TenantId, rounds: u64) {
    let r = s.gql(Some(&admin.token), "{ customers(first: 50) { edges { node { id } } } }", json!({})).await;
    let ids: Vec<String> = r.ok()["customers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    let update = "mutation($id: ID!, $c: String!) { updateCustomer(id: $id, input: {company: $c}) { id } }";
    let mut lags = Vec::new();
    let run = uuid::Uuid::new_v4().simple().to_string();
    for i in 0..rounds {
        let word = format!("lag{}x{i}", &run[..6]);
        let r = s.gql(Some(&admin.token), update, json!({ "id": ids[i as usize % ids.len()], "c": word })).await;
        r.ok();
        let t = Instant::now();
        let mut q = query(tenant, &word, Visibility::All);
        q.highlight = false;
        loop {
            if engine.search(&q).await.unwrap().total > 0 {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(60), "{word} never became searchable");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        lags.push(t.elapsed());
    }
    lags.sort();
    println!(
        "{:<44} p50 {:>7.1} ms p99 {:>7.1} ms max {:>7.1} ms (dispatcher polling every {} ms)",
        format!("index lag, committed edit to searchable ({rounds})"),
        ms(pct(&lags, 50)),
        ms(pct(&lags, 99)),
        ms(lags[lags.len() - 1]),
        Config::default().events_poll_ms
    );
}
