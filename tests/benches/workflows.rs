//! What workflow automation costs, on PostgreSQL:
//!
//! - **A birthday pass.** A company of 100,000 customers, all born on the
//!   day the pass looks for, and a published date workflow: one scheduler
//!   pass (`fire_workflow_timers`) selects them and starts a run for each
//!   (run rows and queue rows). Target: at most 10 s. The baseline, in the
//!   same run and database, is one raw set-based `INSERT … SELECT` that
//!   writes as many rows of the same width from the same selection.
//! - **Event to step start under load.** `updateCustomer` at a steady rate
//!   (100 a second by default) on a company with a workflow triggered by
//!   that change; for each run, the time from the event's commit to its
//!   first step's start, split at the run's creation (the event dispatcher's
//!   share, then the workflow worker's), as percentiles. The server runs
//!   with its production polling settings (`events_poll_ms`,
//!   `workflows_poll_ms`), which the figures are printed with. Measured
//!   twice: alone, and with another company's birthday pass of
//!   `GUANXI_BENCH_BACKLOG` runs (default 20,000) queued just before the
//!   load starts, which the workers serve in turns with it.
//!
//! Run with `cargo bench -p guanxi-tests --bench workflows` (a release
//! build). `GUANXI_BENCH_CUSTOMERS` (default 100,000), `GUANXI_BENCH_ROUNDS`
//! (passes, default 3), `GUANXI_BENCH_RATE` (events a second, default 100),
//! `GUANXI_BENCH_SECONDS` (default 20) and `GUANXI_BENCH_BACKLOG` scale it.

#![expect(clippy::unwrap_used, reason = "benchmark set-up: a failure should stop it loudly")]

#[expect(dead_code, reason = "this benchmark needs only the settings, statistics and statements")]
mod common;

use std::time::{Duration, Instant};

use chrono::Datelike as _;
use common::{env_or, ms, pct, stmt};
use guanxi_tests::{Backend, Session, TestServer};
use sea_orm::ConnectionTrait;
use serde_json::json;

async fn publish(s: &TestServer, admin: &Session, definition: serde_json::Value) -> String {
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }",
            json!({ "i": { "name": "bench", "definition": definition } }),
        )
        .await;
    let id = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { publishWorkflow(id: $id) { workflow { state } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r.ok()["publishWorkflow"]["workflow"]["state"], "ACTIVE");
    id
}

/// A company `slug` of `customers` customers all born on the day its
/// published birthday workflow's pass looks for when it fires at the
/// engine's time (moved two days on first with `advance`, which makes the
/// timer due): its tenant, the workflow and that day.
async fn birthday_company(
    s: &TestServer,
    slug: &str,
    customers: u64,
    advance: bool,
) -> (uuid::Uuid, uuid::Uuid, chrono::NaiveDate) {
    let admin = s.sign_up(slug).await;
    let tenant: uuid::Uuid = admin.tenant_id.parse().unwrap();
    let user: uuid::Uuid = admin.user_id.parse().unwrap();
    let wf = publish(
        s,
        &admin,
        json!({ "trigger": { "type": "date", "field": "birthday", "offsetDays": 0, "at": "09:00" },
                "steps": [ { "type": "notify", "to": { "type": "owner" }, "title": "{{name}} 生日快乐" } ] }),
    )
    .await;
    let wf: uuid::Uuid = wf.parse().unwrap();
    if advance {
        s.clock().advance(Duration::from_secs(2 * 24 * 3600));
    }
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let now = s.clock().now();
    let mut day = now.with_timezone(&tz).date_naive();
    if now.with_timezone(&tz).time() < chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap() {
        day -= chrono::Duration::days(1);
    }
    let born = chrono::NaiveDate::from_ymd_opt(1990, day.month(), day.day().min(28)).unwrap();
    assert_eq!(born.day(), day.day(), "run the benchmark on a day other than the 29th to 31st");
    let db = s.db.connect_owner().await;
    let t = Instant::now();
    db.execute(stmt(
        "INSERT INTO customers (tenant_id, id, number, name, phones, phone_digits, gender, status, grade, tags,
             owner_id, custom, created_by, created_at, updated_at, birthday)
         SELECT $1, gen_random_uuid(), 'KH' || j, '寿星' || j, '[]'::jsonb, '', 'unknown', 'intent', 'normal',
             '[]'::jsonb, $2, '{}'::jsonb, $2, now(), now(), $3
         FROM generate_series(1, $4::bigint) j",
        vec![tenant.into(), user.into(), born.into(), i64::try_from(customers).unwrap().into()],
    ))
    .await
    .unwrap();
    db.execute(stmt("ANALYZE customers", vec![])).await.unwrap();
    println!("seeded {customers} customers born on {born} in {:.1} s", t.elapsed().as_secs_f64());
    (tenant, wf, day)
}

async fn birthday_pass(customers: u64, rounds: u64) {
    // No worker: the pass alone is timed, and its runs stay queued.
    let s = TestServer::start_with(Backend::Postgres, |c| {
        c.jobs_concurrency = 0;
        c.plans = common::far_plans();
    })
    .await;
    let (tenant, wf, day) = birthday_company(&s, "birthdays", customers, true).await;
    let db = s.db.connect_owner().await;

    for round in 0..rounds {
        // Each round starts from nothing: no runs, the timer due.
        for sql in [
            "DELETE FROM workflow_queue WHERE tenant_id = $1",
            "DELETE FROM workflow_runs WHERE tenant_id = $1",
            "DROP TABLE IF EXISTS bench_runs",
        ] {
            let values = if sql.contains("$1") { vec![tenant.into()] } else { vec![] };
            db.execute(stmt(sql, values)).await.unwrap();
        }
        db.execute(stmt(
            "UPDATE workflow_timers SET next_fire_at = now() - interval '1 day' WHERE workflow_id = $1",
            vec![wf.into()],
        ))
        .await
        .unwrap();
        db.execute(stmt("VACUUM ANALYZE workflow_runs", vec![])).await.unwrap();

        // The baseline: the same selection written as rows of the same
        // width by one raw statement.
        let t = Instant::now();
        db.execute(stmt(
            "CREATE TABLE bench_runs AS
             SELECT tenant_id, gen_random_uuid() AS id, $2::uuid AS workflow_id, $2::uuid AS version_id,
                 'queued'::text AS status, jsonb_build_object('type', 'date', 'at', now()) AS trigger, id AS customer_id,
                 '{}'::jsonb AS change, 'date:' || id || ':' || $3 AS dedupe_key, 1::smallint AS depth, 1 AS round,
                 0 AS pc, 1 AS attempt, now() AS created_at, now() AS updated_at
             FROM customers WHERE tenant_id = $1 AND to_char(birthday, 'MM-DD') = $4",
            vec![tenant.into(), wf.into(), day.to_string().into(), format!("{:02}-{:02}", day.month(), day.day()).into()],
        ))
        .await
        .unwrap();
        let raw = t.elapsed();

        let t = Instant::now();
        let started = s.store.fire_workflow_timers(s.clock().now(), 10).await.unwrap();
        let pass = t.elapsed();
        assert_eq!(started, customers, "every customer got a run");
        println!(
            "birthday pass, round {}: {customers} runs in {:>6.2} s (target 10 s) | raw INSERT … SELECT {:>6.2} s | ratio {:.2}",
            round + 1,
            pass.as_secs_f64(),
            raw.as_secs_f64(),
            pass.as_secs_f64() / raw.as_secs_f64(),
        );
    }
    if rounds > 0 {
        waiting_runs(&s, tenant, customers).await;
    }
}

/// What waiting runs cost: a worker's claim on a queue holding only runs
/// that wait (a delay, days away), against the same claim on an empty
/// queue. The runs are the last birthday pass's, parked.
async fn waiting_runs(s: &TestServer, tenant: uuid::Uuid, waiting: u64) {
    let db = s.db.connect_owner().await;
    let claims = |label: &'static str| async move {
        let mut t = Vec::new();
        for _ in 0..300 {
            let start = Instant::now();
            assert!(
                s.store.claim_workflow_run("bench", Duration::from_secs(60), s.clock().now()).await.unwrap().is_none()
            );
            t.push(start.elapsed());
        }
        t.sort();
        println!("{label:<44} claim p50 {:>6.3} ms | p99 {:>6.3} ms", ms(pct(&t, 50)), ms(pct(&t, 99)));
        pct(&t, 50)
    };
    db.execute(stmt(
        "UPDATE workflow_queue SET run_after = now() + interval '30 days' WHERE tenant_id = $1",
        vec![tenant.into()],
    ))
    .await
    .unwrap();
    db.execute(stmt("ANALYZE workflow_queue", vec![])).await.unwrap();
    let parked = claims("claims past waiting runs").await;
    db.execute(stmt("DELETE FROM workflow_queue WHERE tenant_id = $1", vec![tenant.into()])).await.unwrap();
    db.execute(stmt("VACUUM ANALYZE workflow_queue", vec![])).await.unwrap();
    let empty = claims("claims on an empty queue").await;
    println!(
        "{waiting} waiting runs: a claim costs {:.2}× what it costs on an empty queue; no worker, task or timer holds them",
        parked.as_secs_f64() / empty.as_secs_f64()
    );
}

async fn latency_under_load(rate: u64, seconds: u64, backlog: u64) {
    let s = TestServer::start_with(Backend::Postgres, |c| {
        c.plans = common::far_plans();
        // The production settings, not the tests' quick polls.
        let d = guanxi_server::Config::default();
        c.events_poll_ms = d.events_poll_ms;
        c.workflows_poll_ms = d.workflows_poll_ms;
        c.db_max_connections = 16;
    })
    .await;
    guanxi_server::telemetry::init_tracing(&guanxi_server::Config { log_level: "warn".to_owned(), ..s.cfg.clone() });
    println!(
        "latency: events_poll_ms {}, workflows_poll_ms {}, workflows_concurrency {}",
        s.cfg.events_poll_ms, s.cfg.workflows_poll_ms, s.cfg.workflows_concurrency
    );
    let admin = s.sign_up("latency").await;
    publish(
        &s,
        &admin,
        json!({ "trigger": { "type": "event", "event": "customer.updated", "fields": ["title"] },
                "steps": [ { "type": "notify", "to": { "type": "actor" }, "title": "{{name}}: {{title}}" } ] }),
    )
    .await;
    let mut ids = Vec::new();
    for i in 0..100 {
        ids.push(s.create_customer(&admin, &format!("负载{i}")).await);
    }
    if backlog > 0 {
        // Another company's pass, queued ahead of every run of the load.
        let (bulk, wf, _) = birthday_company(&s, "bulk", backlog, false).await;
        let db = s.db.connect_owner().await;
        db.execute(stmt(
            "UPDATE workflow_timers SET next_fire_at = now() - interval '1 day' WHERE workflow_id = $1",
            vec![wf.into()],
        ))
        .await
        .unwrap();
        let n = s.store.fire_workflow_timers(s.clock().now(), 10).await.unwrap();
        assert_eq!(n, backlog);
        println!("another company's pass queued {n} runs ahead of the load ({bulk})");
    }
    let total = rate * seconds;
    let gap = Duration::from_secs_f64(1.0 / rate as f64);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..total {
        let due = start + gap * u32::try_from(i).unwrap();
        tokio::time::sleep_until(due.into()).await;
        let http = s.http.clone();
        let base = s.base.clone();
        let token = admin.token.clone();
        let id = ids[usize::try_from(i % 100).unwrap()].clone();
        tasks.spawn(async move {
            let r = guanxi_tests::gql_at(
                &http,
                &base,
                Some(&token),
                "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }",
                json!({ "id": id, "i": { "title": format!("第{i}次") } }),
            )
            .await;
            r.ok();
        });
    }
    while tasks.join_next().await.is_some() {}
    let sent = start.elapsed();
    println!("sent {total} updates in {:.1} s ({:.0}/s)", sent.as_secs_f64(), total as f64 / sent.as_secs_f64());

    let db = s.db.connect_owner().await;
    let tenant: uuid::Uuid = admin.tenant_id.parse().unwrap();
    let count = |sql: &'static str| {
        let db = &db;
        async move {
            let row = db.query_one(stmt(sql, vec![tenant.into()])).await.unwrap().unwrap();
            row.try_get::<i64>("", "n").unwrap()
        }
    };
    let t = Instant::now();
    let mut last = Instant::now();
    loop {
        if last.elapsed() > Duration::from_secs(10) {
            last = Instant::now();
            let done =
                count("SELECT count(*) AS n FROM workflow_runs WHERE tenant_id = $1 AND status = 'completed'").await;
            let all = count("SELECT count(*) AS n FROM workflow_runs WHERE tenant_id = $1").await;
            println!("  after {:>4.0} s: {done} of {all} runs completed", t.elapsed().as_secs_f64());
        }
        let done = count("SELECT count(*) AS n FROM workflow_runs WHERE tenant_id = $1 AND status = 'completed'").await;
        if u64::try_from(done).unwrap() >= total {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(300), "only {done} of {total} runs completed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let rows = db
        .query_all(stmt(
            "SELECT (EXTRACT(EPOCH FROM (r.created_at - e.created_at)) * 1000)::float8 AS to_run,
                    (EXTRACT(EPOCH FROM (st.started_at - r.created_at)) * 1000)::float8 AS to_step
             FROM workflow_runs r
             JOIN workflow_run_steps st ON st.tenant_id = r.tenant_id AND st.run_id = r.id AND st.pc = 0
             JOIN domain_events e ON e.tenant_id = r.tenant_id AND e.seq = (r.trigger->>'seq')::bigint
             WHERE r.tenant_id = $1",
            vec![tenant.into()],
        ))
        .await
        .unwrap();
    let (mut to_run, mut to_step, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    for r in rows {
        let a = r.try_get::<f64>("", "to_run").unwrap().max(0.0);
        let b = r.try_get::<f64>("", "to_step").unwrap().max(0.0);
        to_run.push(Duration::from_secs_f64(a / 1000.0));
        to_step.push(Duration::from_secs_f64(b / 1000.0));
        whole.push(Duration::from_secs_f64((a + b) / 1000.0));
    }
    for v in [&mut to_run, &mut to_step, &mut whole] {
        v.sort();
    }
    let line = |label: &str, v: &[Duration]| {
        println!(
            "{label:<34} p50 {:>7.1} ms | p99 {:>7.1} ms | max {:>7.1} ms",
            ms(pct(v, 50)),
            ms(pct(v, 99)),
            ms(pct(v, 100))
        );
    };
    let beside = if backlog > 0 { format!(", beside another company's {backlog} queued runs") } else { String::new() };
    println!("{} runs at {rate} events/s{beside}:", whole.len());
    line("event → run started (dispatcher)", &to_run);
    line("run started → first step (engine)", &to_step);
    line("event → first step", &whole);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let customers = env_or("GUANXI_BENCH_CUSTOMERS", 100_000);
    let rounds = env_or("GUANXI_BENCH_ROUNDS", 3);
    let rate = env_or("GUANXI_BENCH_RATE", 100);
    let seconds = env_or("GUANXI_BENCH_SECONDS", 20);
    let backlog = env_or("GUANXI_BENCH_BACKLOG", 20_000);
    birthday_pass(customers, rounds).await;
    latency_under_load(rate, seconds, 0).await;
    if backlog > 0 {
        latency_under_load(rate, seconds, backlog).await;
    }
}
