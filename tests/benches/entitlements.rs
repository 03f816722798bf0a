//! What the plan entitlement checks cost, on PostgreSQL: two servers in one
//! run, one enforcing a plan whose limits are finite but far away (so every
//! check runs in full: the advisory lock and the count) and one with
//! `enforce_entitlements = false` as the baseline.
//!
//! - `createCustomer` on an empty company, rounds alternating between the
//!   two servers;
//! - importing 100,000 CSV rows (the job end to end, batches in lanes);
//! - `createCustomer` again, now that each company holds the 100,000
//!   customers (the count grows with the company).
//!
//! Run with `cargo bench -p guanxi-tests --bench entitlements` (a release
//! build). `GUANXI_BENCH_ROUNDS` (default 300) and
//! `GUANXI_BENCH_IMPORT_ROWS` (default 100,000) scale it.

#![expect(clippy::unwrap_used, reason = "benchmark set-up: a failure should stop it loudly")]

#[expect(dead_code, reason = "this benchmark needs only the settings, the plans and the milliseconds")]
mod common;

use std::time::{Duration, Instant};

use common::{env_or, ms};
use guanxi_tests::{Backend, Session, TestServer};
use serde_json::{Value, json};

fn mean(samples: &[Duration]) -> Duration {
    samples.iter().sum::<Duration>() / u32::try_from(samples.len().max(1)).unwrap()
}

fn median(samples: &[Duration]) -> Duration {
    let mut s = samples.to_vec();
    s.sort();
    s[s.len() / 2]
}

/// A server whose plans have finite limits far above what the benchmark
/// uses; `enforce` says whether they are checked.
async fn server(enforce: bool) -> (TestServer, Session) {
    let plans = common::far_plans();
    let s = TestServer::start_with(Backend::Postgres, move |c| {
        c.plans = plans;
        c.enforce_entitlements = enforce;
        c.db_max_connections = 8;
    })
    .await;
    let admin = s.sign_up(if enforce { "checked" } else { "unchecked" }).await;
    (s, admin)
}

async fn create(s: &TestServer, who: &Session, i: u64) -> Duration {
    let t = Instant::now();
    let r = s
        .gql(
            Some(&who.token),
            "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
            json!({ "i": { "name": format!("客户{i}"), "phones": [format!("1{}", 7_000_000_000u64 + i)] } }),
        )
        .await;
    let took = t.elapsed();
    r.ok();
    took
}

/// `rounds` creations on each server, alternating, after a warm-up.
async fn creations(label: &str, on: &(TestServer, Session), off: &(TestServer, Session), rounds: u64, base: u64) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for i in 0..rounds + 20 {
        let x = create(&on.0, &on.1, base + i).await;
        let y = create(&off.0, &off.1, base + i).await;
        if i >= 20 {
            a.push(x);
            b.push(y);
        }
    }
    println!(
        "{label:<46} checks on: mean {:>6.2} ms, median {:>6.2} ms | off: mean {:>6.2} ms, median {:>6.2} ms | ratio {:.3} (median {:.3})",
        ms(mean(&a)),
        ms(median(&a)),
        ms(mean(&b)),
        ms(median(&b)),
        mean(&a).as_secs_f64() / mean(&b).as_secs_f64(),
        median(&a).as_secs_f64() / median(&b).as_secs_f64(),
    );
}

/// Import `rows` rows and time it to the job's end.
async fn import(s: &TestServer, admin: &Session, rows: u64, phones_from: u64) -> Duration {
    let mut csv = String::from("客户名称,手机,邮箱,公司,客户状态,标签\n");
    for i in 0..rows {
        let n = phones_from + i;
        csv.push_str(&format!("导入{n},1{n},imp{n}@example.cn,导入公司{},意向客户,展会\n", i % 5000));
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
    loop {
        let r = s
            .gql(
                Some(&admin.token),
                "query($id: ID!) { customerImport(id: $id) { status created job { status error } } }",
                json!({ "id": id }),
            )
            .await;
        let imp: Value = r.ok()["customerImport"].clone();
        assert_ne!(imp["job"]["status"], "FAILED", "{imp}");
        if imp["status"] == "DONE" && imp["job"]["status"] == "SUCCEEDED" {
            assert_eq!(imp["created"].as_u64(), Some(rows), "{imp}");
            return t.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rounds = env_or("GUANXI_BENCH_ROUNDS", 300);
    let rows = env_or("GUANXI_BENCH_IMPORT_ROWS", 100_000);
    let on = server(true).await;
    let off = server(false).await;

    creations("createCustomer, empty company", &on, &off, rounds, 0).await;

    // The baseline first, then the checked run: the second import meets a
    // warmer database, which favours the checks if anything.
    let t_off = import(&off.0, &off.1, rows, 5_000_000_000).await;
    let t_on = import(&on.0, &on.1, rows, 5_000_000_000).await;
    println!(
        "{:<46} checks on: {:>7.2} s ({:>8.0} rows/s) | off: {:>7.2} s ({:>8.0} rows/s) | ratio {:.3}",
        format!("import {rows} CSV rows"),
        t_on.as_secs_f64(),
        rows as f64 / t_on.as_secs_f64(),
        t_off.as_secs_f64(),
        rows as f64 / t_off.as_secs_f64(),
        t_on.as_secs_f64() / t_off.as_secs_f64(),
    );
    // And once more in the other order, so neither side always goes second.
    let t_on2 = import(&on.0, &on.1, rows, 6_000_000_000).await;
    let t_off2 = import(&off.0, &off.1, rows, 6_000_000_000).await;
    println!(
        "{:<46} checks on: {:>7.2} s | off: {:>7.2} s | ratio {:.3}; both imports: ratio {:.3}",
        format!("import {rows} CSV rows again (on first)"),
        t_on2.as_secs_f64(),
        t_off2.as_secs_f64(),
        t_on2.as_secs_f64() / t_off2.as_secs_f64(),
        (t_on + t_on2).as_secs_f64() / (t_off + t_off2).as_secs_f64(),
    );

    creations(
        &format!("createCustomer, company of {} customers", 2 * rows + rounds + 20),
        &on,
        &off,
        rounds,
        1_000_000,
    )
    .await;
}
