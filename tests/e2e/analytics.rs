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
    // The creation times were set behind the write path: the summaries are
    // built afresh, as after a restore.
    for who in [&c.admin, &z] {
        let tenant = guanxi_core::TenantId(uuid::Uuid::parse_str(&who.tenant_id).unwrap());
        s.store.rebuild_summaries(tenant).await.unwrap();
    }

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

/// A small deterministic generator (the tests must be reproducible).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// What the generator made of one customer: the brute-force side.
struct Made {
    id: String,
    /// Its owner at the end (`None`: in the pool).
    owner: Option<String>,
    born: DateTime<Utc>,
    /// Its first status, then (when, to) for each change, in order.
    first: &'static str,
    moves: Vec<(DateTime<Utc>, &'static str)>,
}

impl Made {
    fn status_at(&self, t: DateTime<Utc>) -> &'static str {
        self.moves.iter().rev().find(|(at, _)| *at < t).map_or(self.first, |(_, s)| *s)
    }
    fn now(&self) -> &'static str {
        self.moves.last().map_or(self.first, |(_, s)| s)
    }
    fn ever(&self) -> Vec<&'static str> {
        std::iter::once(self.first).chain(self.moves.iter().map(|(_, s)| *s)).collect()
    }
}

/// Whether a reader sees a customer with this owner.
type Sees<'a> = Box<dyn Fn(&Option<String>) -> bool + 'a>;

const STATUSES: [&str; 5] = ["prospect", "intent", "paused", "deal", "lost"];
const FUNNEL_Q: &str = "query($r: AnalyticsRange) { analytics { funnel(range: $r) { \
    status customers reached stays averageDays } } }";
const RETENTION_Q: &str = "query($r: AnalyticsRange!) { analytics { retention(range: $r) { \
    month held kept lost wonBack new } } }";
const REASONS_Q: &str =
    "query($r: AnalyticsRange!) { analytics { poolReasons(range: $r) { direction reason count } } }";
const BOARD_FULL: &str = "query($r: AnalyticsRange!, $rank: LeaderboardRank, $cur: String) { analytics { \
    leaderboard(range: $r, rank: $rank, currency: $cur, first: 100) { userId conversations visits dealsWon \
    amountWon currency plansDue plansOnTime } } }";

fn days(n: u64) -> chrono::Duration {
    chrono::Duration::days(i64::try_from(n).unwrap())
}

/// Local midnight in Shanghai of `d` (YYYY-MM-DD).
fn sh(d: &str) -> DateTime<Utc> {
    at(&format!("{d}T00:00:00+08:00"))
}

async fn analytics_agree_with_a_brute_force_count(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let mut rng = Lcg(20_261_207);
    let people = [&c.sp1, &c.sp2, &c.sup, &c.admin];
    let base = sh("2026-01-01");
    let mut made: Vec<Made> = Vec::new();
    for i in 0..36 {
        let who = people[i % people.len()];
        let born = base + days(rng.next(150)) + chrono::Duration::hours(rng.next(24) as i64);
        let id = customer(s, who, &format!("客户{i}"), &born.to_rfc3339()).await;
        // Status changes at least 32 days apart: at most one per month.
        let first = if rng.next(4) == 0 { "intent" } else { "prospect" };
        let (mut cur, mut t, mut moves) = (first, born, Vec::new());
        for _ in 0..rng.next(4) {
            t += days(32 + rng.next(28)) + chrono::Duration::minutes(rng.next(600) as i64);
            let next = loop {
                let s = STATUSES[rng.next(5) as usize];
                if s != cur {
                    break s;
                }
            };
            raw(
                s,
                "INSERT INTO customer_history (tenant_id, id, customer_id, actor_id, field, old_value, new_value, created_at) \
                 SELECT tenant_id, $2, id, NULL, 'status', $3, $4, $5 FROM customers WHERE id = $1",
                vec![uuid(&id), uuid::Uuid::new_v4().into(), json!(cur).into(), json!(next).into(), t.into()],
            )
            .await;
            moves.push((t, next));
            cur = next;
        }
        raw(s, "UPDATE customers SET status = $1 WHERE id = $2", vec![cur.into(), uuid(&id)]).await;
        made.push(Made { id, owner: Some(who.user_id.clone()), born, first, moves });
    }
    // The status history went in behind the write path: the customers'
    // status facts are worked out afresh from it, as after a restore.
    let company = guanxi_core::TenantId(uuid::Uuid::parse_str(&c.admin.tenant_id).unwrap());
    s.store.rebuild_summaries(company).await.unwrap();

    // Conversations by the owners; a few are visits.
    let mut talks: Vec<(String, &'static str, DateTime<Utc>)> = Vec::new();
    for i in 0..24 {
        let m = &made[rng.next(made.len() as u64) as usize];
        let owner = people.iter().find(|p| Some(&p.user_id) == m.owner.as_ref()).unwrap();
        let kind = if rng.next(3) == 0 { "VISIT" } else { "CALL" };
        let when = sh("2026-03-01") + days(rng.next(40)) + chrono::Duration::hours(i);
        talk(s, owner, &m.id, kind, &when.to_rfc3339()).await;
        talks.push((owner.user_id.clone(), kind, when));
    }
    // Deals credited to the owners, won, lost and open, in two currencies.
    let mut deals: Vec<(String, &'static str, &'static str, chrono::NaiveDate, i64)> = Vec::new();
    for _ in 0..20 {
        let m = &made[rng.next(made.len() as u64) as usize];
        let status = ["won", "won", "lost", "open"][rng.next(4) as usize];
        let currency = if rng.next(4) == 0 { "USD" } else { "CNY" };
        let closed = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Days::new(rng.next(40));
        let amount = 1_000 * (1 + rng.next(90) as i64);
        raw(
            s,
            "INSERT INTO deals (tenant_id, id, customer_id, owner_id, title, amount_minor, currency, status, \
             expected_close, closed_on, notes, created_by, created_at, updated_at) \
             SELECT tenant_id, $2, id, owner_id, '单', $3, $4, $5, NULL, $6, NULL, NULL, $7, $7 FROM customers WHERE id = $1",
            vec![
                uuid(&m.id),
                uuid::Uuid::new_v4().into(),
                amount.into(),
                currency.into(),
                status.into(),
                (status != "open").then_some(closed).into(),
                Utc::now().into(),
            ],
        )
        .await;
        deals.push((m.owner.clone().unwrap(), status, currency, closed, amount));
    }
    // Plans: done on time, late, or not done.
    let mut plans: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
    for i in 0..20 {
        let who = people[rng.next(4) as usize];
        let end = sh("2026-03-01") + days(rng.next(40)) + chrono::Duration::hours(10);
        let done = match rng.next(3) {
            0 => Some(end - chrono::Duration::hours(1)),
            1 => Some(end + chrono::Duration::hours(5)),
            _ => None,
        };
        raw(
            s,
            "INSERT INTO work_plans (tenant_id, id, author_id, subject, start_at, end_at, content, notes, done_at, \
             done_by, created_at, updated_at) SELECT tenant_id, $2, id, $3, $4, $5, '', '', $6, NULL, $4, $4 \
             FROM users WHERE id = $1",
            vec![
                uuid(&who.user_id),
                uuid::Uuid::new_v4().into(),
                format!("计划{i}").into(),
                (end - chrono::Duration::hours(2)).into(),
                end.into(),
                done.into(),
            ],
        )
        .await;
        plans.push((who.user_id.clone(), end, done));
    }
    // The pool: releases with two reasons, a claim and an assignment.
    let mut pool_moves: Vec<(&'static str, Option<&'static str>, String, DateTime<Utc>)> = Vec::new();
    // The moves' own entries (not the generated status ones) dated back.
    let set_history = "UPDATE customer_history SET created_at = $1 WHERE customer_id = $2 AND created_at > $3 \
                       AND field IN ('ownerId', 'releaseReason')";
    let cutoff = at("2026-11-01T00:00:00Z");
    for (n, i) in [1usize, 2, 5, 6, 9].into_iter().enumerate() {
        let m = &mut made[i];
        let owner = *people.iter().find(|p| Some(&p.user_id) == m.owner.as_ref()).unwrap();
        let reason = if n % 2 == 0 { "不需要" } else { "联系不上" };
        s.gql(Some(&owner.token), &release_q(), json!({ "id": m.id, "r": reason })).await.ok();
        let when = sh("2026-03-10") + days(n as u64);
        raw(s, set_history, vec![when.into(), uuid(&m.id), cutoff.into()]).await;
        pool_moves.push(("RELEASED", Some(reason), owner.user_id.clone(), when));
        m.owner = None;
    }
    // Claimed back by someone other than who released it (who must wait).
    s.gql(Some(&c.sp1.token), &claim_q(), json!({ "id": made[1].id })).await.ok();
    let when = sh("2026-03-20");
    raw(s, set_history, vec![when.into(), uuid(&made[1].id), at("2026-03-15T00:00:00Z").into()]).await;
    pool_moves.push(("CLAIMED", None, c.sp1.user_id.clone(), when));
    made[1].owner = Some(c.sp1.user_id.clone());
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($ids: [ID!]!, $to: ID!) { assignCustomers(ids: $ids, toUserId: $to) { id } }",
            json!({ "ids": [made[5].id], "to": c.sp1.user_id }),
        )
        .await;
    r.ok();
    raw(s, set_history, vec![when.into(), uuid(&made[5].id), at("2026-03-16T00:00:00Z").into()]).await;
    pool_moves.push(("ASSIGNED", None, c.admin.user_id.clone(), when));
    made[5].owner = Some(c.sp1.user_id.clone());

    // Each reader against the brute force over the customers they see.
    let g1 = [c.sp1.user_id.clone(), c.sup.user_id.clone()];
    let readers: [(&Session, Sees); 3] = [
        (&c.admin, Box::new(|_| true)),
        (&c.sup, Box::new(move |o| o.as_ref().is_some_and(|o| g1.contains(o)))),
        (&c.sp1, Box::new(|o| o.as_deref() == Some(c.sp1.user_id.as_str()))),
    ];
    let people_of = |who: &Session, u: &str| -> bool {
        if who.user_id == c.admin.user_id {
            true
        } else if who.user_id == c.sup.user_id {
            u == c.sp1.user_id || u == c.sup.user_id
        } else {
            u == who.user_id
        }
    };
    let range = json!({ "from": "2026-02-01", "to": "2026-04-30" });
    for (who, sees) in &readers {
        let mine: Vec<&Made> = made.iter().filter(|m| sees(&m.owner)).collect();

        // The funnel, of everyone and of a creation range.
        for cohort in [None, Some((sh("2026-02-01"), sh("2026-05-01")))] {
            let of: Vec<&&Made> =
                mine.iter().filter(|m| cohort.is_none_or(|(f, t)| m.born >= f && m.born < t)).collect();
            let r = s.gql(Some(&who.token), FUNNEL_Q, json!({ "r": cohort.map(|_| range.clone()) })).await;
            let got = r.ok()["analytics"]["funnel"].as_array().unwrap().clone();
            assert_eq!(got.len(), 5);
            for (stage, st) in got.iter().zip(STATUSES) {
                assert_eq!(stage["status"], st.to_uppercase());
                let funnel = ["prospect", "intent", "deal"];
                let reached = of
                    .iter()
                    .filter(|m| match funnel.iter().position(|f| *f == st) {
                        Some(i) => m.ever().iter().any(|s| funnel.iter().position(|f| f == s).is_some_and(|j| j >= i)),
                        None => m.ever().contains(&st),
                    })
                    .count();
                let mut stays = Vec::new();
                for m in &of {
                    let mut from = m.born;
                    let mut cur = m.first;
                    for (t, next) in &m.moves {
                        if cur == st {
                            stays.push((*t - from).num_seconds() as f64 / 86_400.0);
                        }
                        from = *t;
                        cur = next;
                    }
                }
                assert_eq!(stage["customers"], of.iter().filter(|m| m.now() == st).count(), "{st} {stage}");
                assert_eq!(stage["reached"], reached, "{st} {stage}");
                assert_eq!(stage["stays"], stays.len(), "{st} {stage}");
                match stage["averageDays"].as_f64() {
                    None => assert!(stays.is_empty()),
                    Some(d) => {
                        let mean = stays.iter().sum::<f64>() / stays.len() as f64;
                        assert!((d - mean).abs() < 0.01, "{st}: {d} vs {mean}");
                    }
                }
            }
        }

        // Retention, month by month.
        let r =
            s.gql(Some(&who.token), RETENTION_Q, json!({ "r": { "from": "2026-02-01", "to": "2026-09-30" } })).await;
        let got = r.ok()["analytics"]["retention"].as_array().unwrap().clone();
        assert_eq!(got.len(), 8);
        for (i, month) in got.iter().enumerate() {
            let first = chrono::NaiveDate::from_ymd_opt(2026, 2 + i as u32, 1).unwrap();
            assert_eq!(month["month"], first.to_string());
            let start = sh(&first.to_string());
            let end = sh(&(first + chrono::Months::new(1)).to_string());
            let held: Vec<&&Made> = mine.iter().filter(|m| m.born < start && m.status_at(start) != "lost").collect();
            let moves = |into: bool| {
                mine.iter()
                    .flat_map(|m| {
                        let mut prev = m.first;
                        m.moves
                            .iter()
                            .map(move |(t, s)| {
                                let out = (*t, prev, *s);
                                prev = s;
                                out
                            })
                            .collect::<Vec<_>>()
                    })
                    .filter(|(t, from, to)| {
                        *t >= start && *t < end && if into { *to == "lost" } else { *from == "lost" }
                    })
                    .count()
            };
            let want = json!({
                "month": first.to_string(),
                "held": held.len(),
                "kept": held.iter().filter(|m| m.status_at(end) != "lost").count(),
                "lost": moves(true),
                "wonBack": moves(false),
                "new": mine.iter().filter(|m| m.born >= start && m.born < end).count(),
            });
            assert_eq!(month, &want, "{}", who.user_id);
        }

        // The leaderboard's counts for 1 March to 9 April.
        let (from, to) = (sh("2026-03-01"), sh("2026-04-10"));
        let r = s
            .gql(
                Some(&who.token),
                BOARD_FULL,
                json!({ "r": { "from": "2026-03-01", "to": "2026-04-09" }, "rank": "AMOUNT_WON" }),
            )
            .await;
        let board = r.ok()["analytics"]["leaderboard"].as_array().unwrap().clone();
        let amounts: Vec<f64> = board.iter().map(|e| e["amountWon"].as_str().unwrap().parse().unwrap()).collect();
        assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{amounts:?}");
        for e in &board {
            let u = e["userId"].as_str().unwrap();
            assert!(people_of(who, u));
            let talked: Vec<_> = talks.iter().filter(|(a, _, t)| a == u && *t >= from && *t < to).collect();
            let won: Vec<_> = deals
                .iter()
                .filter(|(o, st, _, d, _)| {
                    o == u
                        && *st == "won"
                        && *d >= from.date_naive()
                        && *d < chrono::NaiveDate::from_ymd_opt(2026, 4, 10).unwrap()
                })
                .collect();
            let cny: i64 = won.iter().filter(|d| d.2 == "CNY").map(|d| d.4).sum();
            let due: Vec<_> = plans.iter().filter(|(a, end, _)| a == u && *end >= from && *end < to).collect();
            assert_eq!(e["dealsWon"], won.len(), "{e}");
            assert_eq!(e["amountWon"], format!("{}.{:02}", cny / 100, cny % 100), "{e}");
            assert_eq!(e["currency"], "CNY");
            assert_eq!(e["plansDue"], due.len(), "{e}");
            assert_eq!(e["plansOnTime"], due.iter().filter(|(_, end, done)| done.is_some_and(|d| d <= *end)).count());
            // Conversations count on customers the reader sees now: all of
            // them for an admin.
            if who.user_id == c.admin.user_id {
                assert_eq!(e["conversations"], talked.len(), "{e}");
                assert_eq!(e["visits"], talked.iter().filter(|t| t.1 == "VISIT").count(), "{e}");
            }
        }

        // The pool's flow by reason, over March.
        let r = s.gql(Some(&who.token), REASONS_Q, json!({ "r": { "from": "2026-03-01", "to": "2026-03-31" } })).await;
        let mut got: Vec<(String, Option<String>, u64)> = r.ok()["analytics"]["poolReasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["direction"].as_str().unwrap().to_owned(),
                    p["reason"].as_str().map(str::to_owned),
                    p["count"].as_u64().unwrap(),
                )
            })
            .collect();
        got.sort();
        let mut want: Vec<(String, Option<String>, u64)> = Vec::new();
        for (dir, reason, _, _) in pool_moves.iter().filter(|m| people_of(who, &m.2)) {
            match want.iter_mut().find(|w| w.0 == *dir && w.1.as_deref() == *reason) {
                Some(w) => w.2 += 1,
                None => want.push(((*dir).to_owned(), reason.map(str::to_owned), 1)),
            }
        }
        want.sort();
        assert_eq!(got, want, "{}", who.user_id);
    }

    // Grades of a grading model, for the customers each reader sees.
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($i: GradingModelInput!) { createGradingModel(input: $i) { id } }",
            json!({ "i": { "name": "价值", "kind": "RFM" } }),
        )
        .await;
    let model = r.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned();
    for (i, m) in made.iter().enumerate().take(20) {
        raw(
            s,
            "INSERT INTO customer_grades (tenant_id, model_id, customer_id, label, score, inputs, reason, graded_at) \
             SELECT tenant_id, $2, id, $3, NULL, $4, '', $5 FROM customers WHERE id = $1",
            vec![
                uuid(&m.id),
                uuid(&model),
                ["重要价值客户", "一般发展客户"][i % 2].into(),
                json!({}).into(),
                Utc::now().into(),
            ],
        )
        .await;
    }
    const GRADES: &str = "query($m: ID!) { analytics { customersByGrade(modelId: $m) { key count } } }";
    for (who, sees) in &readers {
        let r = s.gql(Some(&who.token), GRADES, json!({ "m": model })).await;
        let got = r.ok()["analytics"]["customersByGrade"].clone();
        let mut want: Vec<(Option<&str>, usize)> = [Some("重要价值客户"), Some("一般发展客户"), None]
            .iter()
            .map(|k| {
                let n = made
                    .iter()
                    .enumerate()
                    .filter(|(i, m)| {
                        sees(&m.owner)
                            && match k {
                                Some("重要价值客户") => *i < 20 && i % 2 == 0,
                                Some(_) => *i < 20 && i % 2 == 1,
                                None => *i >= 20,
                            }
                    })
                    .count();
                (*k, n)
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        want.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let want: Vec<Value> = want.iter().map(|(k, n)| json!({ "key": k, "count": n })).collect();
        assert_eq!(got, json!(want), "{}", who.user_id);
    }
    let r = s.gql(Some(&c.admin.token), GRADES, json!({ "m": uuid::Uuid::new_v4().to_string() })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let z = s.sign_up("zeta").await;
    assert_eq!(s.gql(Some(&z.token), GRADES, json!({ "m": model })).await.code(), "NOT_FOUND");
    let r = s.gql(Some(&c.admin.token), BOARD_FULL, json!({ "r": range, "cur": "XYZ" })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");

    // The conversation counts come from the daily summary the write path
    // keeps. Edits, deletions and a customer deleted for good move it; it
    // must agree with counting the conversations directly (what the reads
    // do while a company's summary is not built) and with building it again.
    const ADD: &str = "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id } } }";
    let mut added = Vec::new();
    for (i, when) in ["2026-03-03T01:00:00Z", "2026-03-31T17:00:00Z", "2026-04-02T03:00:00Z"].iter().enumerate() {
        let input = json!({ "customerId": made[0].id, "topic": format!("追加{i}"), "content": "又聊了聊",
                            "kind": "VISIT", "occurredAt": when });
        let r = s.gql(Some(&c.sp1.token), ADD, json!({ "i": input })).await;
        added.push(r.ok()["addConversation"]["conversation"]["id"].as_str().unwrap().to_owned());
    }
    let r = s
        .gql(
            Some(&c.sp1.token),
            "mutation($id: ID!, $t: DateTime!) { editConversationTime(id: $id, occurredAt: $t) { id } }",
            json!({ "id": added[0], "t": "2026-03-20T09:00:00Z" }),
        )
        .await;
    r.ok();
    let r = s
        .gql(Some(&c.sp1.token), "mutation($id: ID!) { deleteConversation(id: $id) }", json!({ "id": added[1] }))
        .await;
    r.ok();
    // A customer of the admin's with a conversation, deleted for good.
    talk(s, &c.admin, &made[3].id, "CALL", "2026-03-05T02:00:00Z").await;
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { id } }",
            json!({ "id": made[3].id }),
        )
        .await;
    r.ok();
    // Status changes through the write path move the customers' status
    // facts the funnel reads: those too must agree with the history.
    const STATUS: &str =
        "mutation($id: ID!, $s: CustomerStatus!) { updateCustomer(id: $id, input: { status: $s }) { id } }";
    for (m, st) in [(0, "DEAL"), (0, "LOST"), (4, "INTENT"), (7, "PAUSED"), (4, "DEAL")] {
        let owner = people.iter().find(|p| Some(&p.user_id) == made[m].owner.as_ref()).copied().unwrap_or(&c.admin);
        s.clock().advance(std::time::Duration::from_secs(3 * 86_400 + 1234));
        s.gql(Some(&owner.token), STATUS, json!({ "id": made[m].id, "s": st })).await.ok();
    }
    // Owner moves take what a customer counts (its moves into and out of
    // lost too) to its new owner: a lost customer released to the pool, a
    // salesperson's customers transferred, a new customer, one claimed.
    let owner = people.iter().find(|p| Some(&p.user_id) == made[0].owner.as_ref()).copied().unwrap_or(&c.admin);
    s.gql(Some(&owner.token), &release_q(), json!({ "id": made[0].id, "r": "不需要" })).await.ok();
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($f: ID!, $t: ID!) { transferCustomers(fromUserId: $f, toUserId: $t) }",
            json!({ "f": c.sp2.user_id, "t": c.sp1.user_id }),
        )
        .await;
    r.ok();
    s.create_customer(&c.sp1, "新来的").await;
    s.gql(Some(&c.admin.token), &claim_q(), json!({ "id": made[2].id })).await.ok();
    const SUMMED: &str = "query($r: AnalyticsRange!, $e: AnalyticsRange!, $b: AnalyticsBucket) { analytics { \
        conversations(range: $r, bucket: $b) { periods series { key counts } } \
        newCustomers(range: $r, bucket: $b) { periods series { key counts } } \
        leaderboard(range: $r, first: 100) { userId newCustomers conversations visits dealsWon plansDue } \
        funnel { status customers reached stays averageDays } \
        cohort: funnel(range: $r) { status customers reached stays averageDays } \
        edges: funnel(range: $e) { status customers reached stays averageDays } \
        retention(range: $r) { month held kept lost wonBack new } } \
        mine: customers { totalCount } deal: customers(filter: { status: DEAL }) { totalCount } \
        lost: customers(filter: { status: LOST }) { totalCount } pool: customers(filter: { inPool: true }) { totalCount } }";
    let tenant = uuid(&c.admin.tenant_id);
    let read = async |who: &Session| {
        let mut out = Vec::new();
        for (from, to, b) in [("2026-03-01", "2026-04-30", "DAY"), ("2026-01-01", "2026-12-31", "MONTH")] {
            // Part months on both sides of whole ones: those days are read
            // from the customers, the months from the cohorts.
            let e = json!({ "from": "2026-02-10", "to": "2026-04-20" });
            // With the list's plain counts, which the cohorts answer too.
            let r = s.gql(Some(&who.token), SUMMED, json!({ "r": { "from": from, "to": to }, "e": e, "b": b })).await;
            out.push(r.ok().clone());
        }
        out
    };
    for (who, _) in &readers {
        let summary = read(who).await;
        let total: u64 = summary[1]["analytics"]["conversations"]["series"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["counts"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()))
            .sum();
        assert!(total > 0 || who.user_id != c.admin.user_id);
        raw(s, "UPDATE tenants SET summaries_at = NULL WHERE tenant_id = $1", vec![tenant.clone()]).await;
        assert_eq!(read(who).await, summary, "direct counts, {}", who.user_id);
        s.store.rebuild_summaries(company).await.unwrap();
        assert_eq!(read(who).await, summary, "rebuilt summary, {}", who.user_id);
    }
}

backend_tests!(analytics_agree_with_a_brute_force_count);

/// The lifecycle summaries are rows of each company: another company's
/// customers in the same months, statuses and (nil) pool owner never count.
async fn lifecycle_summaries_keep_companies_apart(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let z = s.sign_up("zeta-lifecycle").await;
    const STATUS: &str =
        "mutation($id: ID!, $s: CustomerStatus!) { updateCustomer(id: $id, input: { status: $s }) { id } }";
    const READ: &str = "query($r: AnalyticsRange!) { analytics { \
        funnel { status customers reached } retention(range: $r) { month held lost new } } }";
    for i in 0..3 {
        let id = s.create_customer(&z, &format!("乙{i}")).await;
        s.gql(Some(&z.token), STATUS, json!({ "id": id, "s": "LOST" })).await.ok();
        s.gql(Some(&z.token), &release_q(), json!({ "id": id, "r": "不需要" })).await.ok();
    }
    let mine = s.create_customer(&c.sp1, "甲").await;
    s.gql(Some(&c.sp1.token), STATUS, json!({ "id": mine, "s": "DEAL" })).await.ok();
    let today = s.clock().now().date_naive();
    let r = json!({ "from": today - chrono::Days::new(40), "to": today + chrono::Days::new(2) });
    let total = |v: &Value| -> (u64, u64) {
        let f = v["funnel"].as_array().unwrap();
        let now: u64 = f.iter().map(|x| x["customers"].as_u64().unwrap()).sum();
        let new: u64 = v["retention"].as_array().unwrap().iter().map(|m| m["new"].as_u64().unwrap()).sum();
        (now, new)
    };
    let ours = s.gql(Some(&c.admin.token), READ, json!({ "r": r })).await.ok()["analytics"].clone();
    let theirs = s.gql(Some(&z.token), READ, json!({ "r": r })).await.ok()["analytics"].clone();
    assert_eq!(total(&ours), (1, 1));
    assert_eq!(total(&theirs), (3, 3));
    assert_eq!(ours["funnel"][3]["customers"], 1, "{ours}");
    assert_eq!(theirs["funnel"][4]["customers"], 3, "{theirs}");
    let lost: u64 = ours["retention"].as_array().unwrap().iter().map(|m| m["lost"].as_u64().unwrap()).sum();
    assert_eq!(lost, 0, "{ours}");
}

backend_tests!(lifecycle_summaries_keep_companies_apart);
