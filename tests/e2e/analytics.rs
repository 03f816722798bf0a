//! Dashboard analytics: time series per local day, week and month, counts by
//! customer property, the leaderboard and the pool's flow, each as the
//! customer lists scope it (a salesperson their own, a supervisor their
//! groups', an admin the company's), validated, and blind to other
//! companies.

use chrono::{DateTime, Utc};
use guanxi_tests::{Backend, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};

use crate::pool::{claim_q, raw, release_q, uuid};

const SERIES: &str = "query($r: AnalyticsRange!, $b: AnalyticsBucket) { analytics { \
    newCustomers(range: $r, bucket: $b) { bucket periods series { key counts total } } \
    conversations(range: $r, bucket: $b) { periods series { key counts total } } \
    poolFlow(range: $r, bucket: $b) { periods series { key counts total } } } }";
const BY: &str = "query($by: CustomerDimension!) { analytics { customersBy(by: $by) { key count } } }";
const BOARD: &str = "query($r: AnalyticsRange!, $rank: LeaderboardRank) { analytics { \
    leaderboard(range: $r, rank: $rank) { userId name user { id } newCustomers conversations } } }";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// A customer of `who` created at `when`.
async fn customer(s: &TestServer, who: &Session, name: &str, when: &str) -> String {
    let id = s.create_customer(who, name).await;
    raw(s, "UPDATE customers SET created_at = $1 WHERE id = $2", vec![at(when).into(), uuid(&id)]).await;
    id
}

/// A conversation of `who` with `customer` that took place at `when`.
async fn talk(s: &TestServer, who: &Session, customer: &str, kind: &str, when: &str) {
    let r = s
        .gql(
            Some(&who.token),
            "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id } } }",
            json!({ "i": {
                "customerId": customer, "topic": format!("{kind}{when}"), "content": "聊了聊", "kind": kind, "occurredAt": when,
            } }),
        )
        .await;
    r.ok();
}

async fn series(s: &TestServer, who: &Session, from: &str, to: &str, bucket: &str) -> Value {
    let r = s.gql(Some(&who.token), SERIES, json!({ "r": { "from": from, "to": to }, "b": bucket })).await;
    r.ok()["analytics"].clone()
}

/// `key`'s counts in a time series.
fn counts(ts: &Value, key: &str) -> Vec<u64> {
    let s = ts["series"].as_array().unwrap().iter().find(|s| s["key"] == key).unwrap_or_else(|| panic!("no {key}"));
    s["counts"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect()
}

/// The leaderboard as (user id, new customers, conversations).
async fn board(s: &TestServer, who: &Session, rank: &str) -> Vec<(String, u64, u64)> {
    let r = s
        .gql(Some(&who.token), BOARD, json!({ "r": { "from": "2026-03-02", "to": "2026-03-08" }, "rank": rank }))
        .await;
    r.ok()["analytics"]["leaderboard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["user"]["id"], e["userId"]);
            (
                e["userId"].as_str().unwrap().to_owned(),
                e["newCustomers"].as_u64().unwrap(),
                e["conversations"].as_u64().unwrap(),
            )
        })
        .collect()
}

async fn counts_follow_roles_periods_and_the_time_zone(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    // A Shanghai company (UTC+8): 15:30Z is still 2 March there, 16:30Z is
    // already 3 March.
    let a = customer(s, &c.sp1, "甲", "2026-03-02T15:30:00Z").await;
    let b2 = customer(s, &c.sp1, "乙", "2026-03-02T16:30:00Z").await;
    let cc = customer(s, &c.sp2, "丙", "2026-03-04T02:00:00Z").await;
    customer(s, &c.sup, "丁", "2026-03-05T02:00:00Z").await;
    customer(s, &c.admin, "戊", "2026-03-10T02:00:00Z").await;
    let f = customer(s, &c.sp1, "己", "2026-02-01T02:00:00Z").await;
    talk(s, &c.sp1, &a, "VISIT", "2026-03-03T01:00:00Z").await;
    talk(s, &c.sp1, &b2, "CALL", "2026-03-04T01:00:00Z").await;
    talk(s, &c.sp2, &cc, "WECHAT", "2026-03-04T03:00:00Z").await;
    // Into the pool on 3 March (by sp1), out of it on 4 March (by sp2).
    s.gql(Some(&c.sp1.token), &release_q(), json!({ "id": f, "r": "不需要" })).await.ok();
    let set_history = "UPDATE customer_history SET created_at = $1 WHERE customer_id = $2 AND created_at > $3";
    let cutoff = at("2026-06-01T00:00:00Z");
    raw(s, set_history, vec![at("2026-03-03T02:00:00Z").into(), uuid(&f), cutoff.into()]).await;
    s.gql(Some(&c.sp2.token), &claim_q(), json!({ "id": f })).await.ok();
    raw(s, set_history, vec![at("2026-03-04T02:00:00Z").into(), uuid(&f), cutoff.into()]).await;

    // Another company's customers count only for it.
    let z = s.sign_up("zeta").await;
    customer(s, &z, "外人", "2026-03-02T02:00:00Z").await;

    let week = ("2026-03-02", "2026-03-08");
    let admin = series(s, &c.admin, week.0, week.1, "DAY").await;
    let days = admin["newCustomers"]["periods"].as_array().unwrap().clone();
    assert_eq!(days.first().unwrap(), "2026-03-02");
    assert_eq!(days.len(), 7);
    assert_eq!(admin["newCustomers"]["bucket"], "DAY");
    assert_eq!(counts(&admin["newCustomers"], "customers"), [1, 1, 1, 1, 0, 0, 0]);
    assert_eq!(counts(&admin["conversations"], "visit"), [0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(counts(&admin["conversations"], "call"), [0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(counts(&admin["conversations"], "wechat"), [0, 0, 1, 0, 0, 0, 0]);
    let kinds: Vec<&str> =
        admin["conversations"]["series"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["visit", "call", "wechat", "email", "meeting", "other"]);
    assert_eq!(counts(&admin["poolFlow"], "released"), [0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(counts(&admin["poolFlow"], "claimed"), [0, 0, 1, 0, 0, 0, 0]);

    let sup = series(s, &c.sup, week.0, week.1, "DAY").await;
    assert_eq!(counts(&sup["newCustomers"], "customers"), [1, 1, 0, 1, 0, 0, 0]);
    assert_eq!(counts(&sup["conversations"], "wechat"), [0; 7]);
    assert_eq!(counts(&sup["poolFlow"], "released"), [0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(counts(&sup["poolFlow"], "claimed"), [0; 7]);
    let sp1 = series(s, &c.sp1, week.0, week.1, "DAY").await;
    assert_eq!(counts(&sp1["newCustomers"], "customers"), [1, 1, 0, 0, 0, 0, 0]);
    assert_eq!(counts(&sp1["conversations"], "visit"), [0, 1, 0, 0, 0, 0, 0]);
    let sp2 = series(s, &c.sp2, week.0, week.1, "DAY").await;
    assert_eq!(counts(&sp2["newCustomers"], "customers"), [0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(counts(&sp2["conversations"], "wechat"), [0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(counts(&sp2["poolFlow"], "claimed"), [0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(counts(&sp2["poolFlow"], "released"), [0; 7]);
    let zeta = series(s, &z, week.0, week.1, "DAY").await;
    assert_eq!(counts(&zeta["newCustomers"], "customers"), [1, 0, 0, 0, 0, 0, 0]);
    assert_eq!(counts(&zeta["conversations"], "visit"), [0; 7]);

    // Weeks and months cover whole periods around the range.
    let weeks = series(s, &c.admin, "2026-03-04", "2026-03-10", "WEEK").await;
    assert_eq!(weeks["newCustomers"]["periods"], json!(["2026-03-02", "2026-03-09"]));
    assert_eq!(counts(&weeks["newCustomers"], "customers"), [4, 1]);
    let months = series(s, &c.admin, "2026-02-15", "2026-03-15", "MONTH").await;
    assert_eq!(months["newCustomers"]["periods"], json!(["2026-02-01", "2026-03-01"]));
    assert_eq!(counts(&months["newCustomers"], "customers"), [1, 5]);
    assert_eq!(months["newCustomers"]["series"][0]["total"], 6);

    // By property: an admin counts the company's customers, the pool's too.
    let r = s.gql(Some(&c.admin.token), BY, json!({ "by": "STATUS" })).await;
    assert_eq!(r.ok()["analytics"]["customersBy"], json!([{ "key": "prospect", "count": 6 }]));
    let r = s.gql(Some(&c.sp1.token), BY, json!({ "by": "INDUSTRY" })).await;
    assert_eq!(r.ok()["analytics"]["customersBy"], json!([{ "key": null, "count": 2 }]));
    let r = s.gql(Some(&c.sup.token), BY, json!({ "by": "GRADE" })).await;
    assert_eq!(r.ok()["analytics"]["customersBy"][0]["count"], 3);

    // The leaderboard: the people in scope, never the maintenance role.
    let who = |s: &Session| s.user_id.clone();
    assert_eq!(
        board(s, &c.admin, "NEW_CUSTOMERS").await,
        [(who(&c.sp1), 2, 2), (who(&c.sp2), 1, 1), (who(&c.sup), 1, 0), (who(&c.admin), 0, 0)]
    );
    assert_eq!(
        board(s, &c.admin, "CONVERSATIONS").await,
        [(who(&c.sp1), 2, 2), (who(&c.sp2), 1, 1), (who(&c.sup), 1, 0), (who(&c.admin), 0, 0)]
    );
    assert_eq!(board(s, &c.sup, "NEW_CUSTOMERS").await, [(who(&c.sp1), 2, 2), (who(&c.sup), 1, 0)]);
    assert_eq!(board(s, &c.sp2, "NEW_CUSTOMERS").await, [(who(&c.sp2), 1, 1)]);
    assert_eq!(board(s, &z, "NEW_CUSTOMERS").await, [(who(&z), 1, 0)]);
}

async fn ranges_are_validated_and_roles_checked(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let field =
        |r: &guanxi_tests::Gql| r.error()["extensions"]["fields"][0]["reason"].as_str().unwrap_or_default().to_owned();
    let ask = |from: &str, to: &str, bucket: &str| json!({ "r": { "from": from, "to": to }, "b": bucket });
    let r = s.gql(Some(&c.admin.token), SERIES, ask("2026-03-02", "2026-03-01", "DAY")).await;
    assert_eq!((r.code(), field(&r).as_str()), ("VALIDATION_FAILED", "invalid"));
    let r = s.gql(Some(&c.admin.token), SERIES, ask("2025-01-01", "2026-03-01", "DAY")).await;
    assert_eq!((r.code(), field(&r).as_str()), ("VALIDATION_FAILED", "too_many_periods"));
    let r = s.gql(Some(&c.admin.token), SERIES, ask("2015-01-01", "2026-03-01", "MONTH")).await;
    assert_eq!((r.code(), field(&r).as_str()), ("VALIDATION_FAILED", "too_long"));
    assert_eq!(
        series(s, &c.admin, "2025-01-01", "2026-03-01", "WEEK").await["newCustomers"]["periods"]
            .as_array()
            .unwrap()
            .len(),
        61
    );
    let r = s.gql(Some(&c.admin.token), BOARD, json!({ "r": { "from": "2026-03-02", "to": "2026-03-01" } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    for q in [SERIES, BOARD] {
        let r = s.gql(Some(&c.maint.token), q, ask("2026-03-01", "2026-03-02", "DAY")).await;
        assert_eq!(r.code(), "FORBIDDEN");
        assert_eq!(s.gql(None, q, ask("2026-03-01", "2026-03-02", "DAY")).await.code(), "UNAUTHENTICATED");
    }
    assert_eq!(s.gql(Some(&c.maint.token), BY, json!({ "by": "STATUS" })).await.code(), "FORBIDDEN");
}

backend_tests!(counts_follow_roles_periods_and_the_time_zone, ranges_are_validated_and_roles_checked);
