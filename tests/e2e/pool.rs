//! The public pool (公海): releasing with a reason, listing by release time,
//! claiming within the caps, simultaneous claims, assigning and
//! transferring, deleting for good, and isolation between companies.

use chrono::{DateTime, Days, Duration, NaiveTime, TimeZone, Utc};
use guanxi_tests::{Backend, Session, TestServer, backend_tests, company};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value as SqlValue};
use serde_json::{Value, json};
use uuid::Uuid;

pub(crate) const FIELDS: &str = "id name number inPool owner { id } \
    release { releasedAt reason releasedBy { id } previousOwner { id displayName } }";
const CREATE: &str = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";

/// A customer's history without its creation (the last entry): its changes.
pub(crate) fn changes(history: &Value) -> Value {
    Value::Array(history.as_array().unwrap().iter().filter(|e| e["field"] != "created").cloned().collect())
}
const GET: &str = "query($id: ID!) { customer(id: $id) { id name inPool owner { id } updatedAt \
    release { releasedAt reason releasedBy { id } previousOwner { id } } \
    history { field oldValue newValue actor { id } } } }";
const POOL: &str = "query($f: CustomerFilter, $s: CustomerSort, $n: Int, $a: String) { \
    pool(filter: $f, sort: $s, first: $n, after: $a) { totalCount \
    edges { node { id name release { reason releasedBy { id } } history { field } } } \
    pageInfo { hasNextPage endCursor } } }";
const SETTINGS: &str = "mutation($p: PoolSettingsInput!) { updateTenantSettings(input: {pool: $p}) { \
    pool { claimsPerDay maxHeld reclaimCooldownDays } } }";
const QUOTA: &str = "{ poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt } }";
const ASSIGN: &str =
    "mutation($ids: [ID!]!, $to: ID!) { assignCustomers(ids: $ids, toUserId: $to) { id owner { id } } }";
const TRANSFER: &str = "mutation($f: ID!, $t: ID!) { transferCustomers(fromUserId: $f, toUserId: $t) }";
const DELETE: &str = "mutation($id: ID!, $c: Boolean!) { deleteCustomerPermanently(id: $id, confirm: $c) { \
    id number name historyEntries } }";

pub(crate) fn release_q() -> String {
    format!("mutation($id: ID!, $r: String!) {{ releaseCustomer(id: $id, reason: $r) {{ {FIELDS} }} }}")
}

pub(crate) fn claim_q() -> String {
    format!("mutation($id: ID!) {{ claimCustomer(id: $id) {{ {FIELDS} }} }}")
}

/// Create a customer as `who` (`owner`: omitted, an id, or null for the pool); its id.
pub(crate) async fn create(s: &TestServer, who: &Session, name: &str, owner: Option<Value>) -> String {
    let mut input = json!({ "name": name });
    if let Some(o) = owner {
        input["ownerId"] = o;
    }
    let r = s.gql(Some(&who.token), CREATE, json!({ "i": input })).await;
    r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned()
}

pub(crate) async fn get(s: &TestServer, who: &Session, id: &str) -> Value {
    s.gql(Some(&who.token), GET, json!({ "id": id })).await.ok()["customer"].clone()
}

async fn release(s: &TestServer, who: &Session, id: &str, reason: &str) -> Value {
    let r = s.gql(Some(&who.token), &release_q(), json!({ "id": id, "r": reason })).await;
    r.ok()["releaseCustomer"].clone()
}

async fn set_pool(s: &TestServer, admin: &Session, settings: Value) {
    s.gql(Some(&admin.token), SETTINGS, json!({ "p": settings })).await.ok();
}

/// The first error's first field `reason`.
pub(crate) fn reason(r: &guanxi_tests::Gql) -> String {
    r.error()["extensions"]["fields"][0]["reason"].as_str().unwrap_or_default().to_owned()
}

/// Run a statement as the database owner (past RLS): `$1`, `$2` … are
/// rewritten to `?` on SQLite.
pub(crate) async fn raw(s: &TestServer, sql: &str, values: Vec<SqlValue>) {
    let db = s.db.connect_owner().await;
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Sqlite { placeholders(sql) } else { sql.to_owned() };
    db.execute(Statement::from_sql_and_values(backend, &sql, values)).await.unwrap();
}

/// `SELECT count(*) AS n …` as the database owner.
pub(crate) async fn raw_count(s: &TestServer, sql: &str, values: Vec<SqlValue>) -> i64 {
    let db = s.db.connect_owner().await;
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Sqlite { placeholders(sql) } else { sql.to_owned() };
    let row = db.query_one(Statement::from_sql_and_values(backend, &sql, values)).await.unwrap().unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

fn placeholders(sql: &str) -> String {
    let mut out = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            // `?NNN` keeps the number: a statement may use them out of order.
            out.push('?');
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                out.push(d);
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn uuid(id: &str) -> SqlValue {
    Uuid::parse_str(id).unwrap().into()
}

async fn set_released_at(s: &TestServer, id: &str, at: DateTime<Utc>) {
    raw(s, "UPDATE customers SET released_at = $1 WHERE id = $2", vec![at.into(), uuid(id)]).await;
}

async fn audit(s: &TestServer, admin: &Session) -> Vec<Value> {
    let r = s.gql(Some(&admin.token), "{ auditLog(limit: 200) { action actorId targetId detail } }", json!({})).await;
    r.ok()["auditLog"].as_array().unwrap().clone()
}

async fn release_is_a_salespersons_delete(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let own = create(s, &c.sp1, "李雷", None).await;
    let own2 = create(s, &c.sp1, "李梅", None).await;
    let other = create(s, &c.sp2, "韩梅梅", None).await;
    let admins = create(s, &c.admin, "王总的客户", None).await;

    // Bad input: a reason is required, 1–200 characters; nothing is written.
    for bad in ["", "   ", &"因".repeat(201), "a\u{7}b"] {
        let r = s.gql(Some(&c.sp1.token), &release_q(), json!({ "id": own, "r": bad })).await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["reason".to_owned()]), "{bad:?}");
    }
    let r = s.gql(Some(&c.sp1.token), &release_q(), json!({ "id": "nope", "r": "x" })).await;
    assert_eq!(r.fields(), ["id"]);
    let still = get(s, &c.sp1, &own).await;
    assert_eq!((&still["owner"]["id"], changes(&still["history"])), (&json!(c.sp1.user_id), json!([])));

    // Roles: others' customers are out of sight; maintenance may not.
    let r = s.gql(Some(&c.sp1.token), &release_q(), json!({ "id": other, "r": "x" })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s.gql(Some(&c.sup.token), &release_q(), json!({ "id": other, "r": "x" })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s.gql(Some(&c.maint.token), &release_q(), json!({ "id": own, "r": "x" })).await;
    assert_eq!(r.code(), "FORBIDDEN");

    // The owner releases with a reason: never deleted, just ownerless.
    let c1 = release(s, &c.sp1, &own, "  客户暂不需要 ").await;
    assert_eq!((&c1["inPool"], &c1["owner"]), (&json!(true), &Value::Null));
    let rel = &c1["release"];
    assert_eq!(rel["reason"], "客户暂不需要");
    assert_eq!((&rel["releasedBy"]["id"], &rel["previousOwner"]["id"]), (&json!(c.sp1.user_id), &json!(c.sp1.user_id)));
    assert_eq!(rel["previousOwner"]["displayName"], "新同事");
    let t = DateTime::parse_from_rfc3339(rel["releasedAt"].as_str().unwrap()).unwrap();
    assert!((Utc::now() - t.with_timezone(&Utc)).num_seconds().abs() < 60);
    // Still visible to its former owner (the pool is), with the history.
    let seen = get(s, &c.sp1, &own).await;
    let mut h: Vec<(String, Value, Value)> = changes(&seen["history"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["actor"]["id"], c.sp1.user_id.as_str());
            (e["field"].as_str().unwrap().to_owned(), e["oldValue"].clone(), e["newValue"].clone())
        })
        .collect();
    h.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        h,
        [
            ("ownerId".to_owned(), json!(c.sp1.user_id), Value::Null),
            ("releaseReason".to_owned(), Value::Null, json!("客户暂不需要")),
        ]
    );
    // Already in the pool: a conflict, for anyone.
    for who in [&c.sp1, &c.sup, &c.admin] {
        let r = s.gql(Some(&who.token), &release_q(), json!({ "id": own, "r": "again" })).await;
        assert_eq!((r.code(), reason(&r)), ("CONFLICT", "in_pool".to_owned()));
    }

    // A supervisor releases a customer of their group; an admin anyone's.
    let c2 = release(s, &c.sup, &own2, "组内调整").await;
    assert_eq!(
        (&c2["release"]["releasedBy"]["id"], &c2["release"]["previousOwner"]["id"]),
        (&json!(c.sup.user_id), &json!(c.sp1.user_id))
    );
    release(s, &c.admin, &other, "重复客户").await;
    // A salesperson cannot release a pool customer or an admin's.
    let r = s.gql(Some(&c.sp2.token), &release_q(), json!({ "id": admins, "r": "x" })).await;
    assert_eq!(r.code(), "NOT_FOUND");

    // Moving to the pool by an edit is a release without a reason.
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($id: ID!) { updateCustomer(id: $id, input: {ownerId: null}) { id } }",
            json!({ "id": admins }),
        )
        .await;
    r.ok();
    let edited = get(s, &c.admin, &admins).await;
    assert_eq!(edited["release"]["reason"], Value::Null);
    assert_eq!(edited["release"]["previousOwner"]["id"], c.admin.user_id.as_str());

    // Nothing was deleted, and each release is in the audit log.
    assert_eq!(raw_count(s, "SELECT count(*) AS n FROM customers", vec![]).await, 4);
    let entries = audit(s, &c.admin).await;
    let releases: Vec<&Value> = entries.iter().filter(|e| e["action"] == "customer.release").collect();
    assert_eq!(releases.len(), 3);
    let first = releases.iter().find(|e| e["targetId"] == own.as_str()).unwrap();
    assert_eq!(first["detail"]["reason"], "客户暂不需要");
    assert_eq!(first["actorId"], c.sp1.user_id.as_str());
}

/// The start of the local day `days_ago` days before today in Shanghai.
fn shanghai_day_start(days_ago: u64) -> DateTime<Utc> {
    let tz = chrono_tz::Asia::Shanghai;
    let today = Utc::now().with_timezone(&tz).date_naive();
    let d = today.checked_sub_days(Days::new(days_ago)).unwrap();
    tz.from_local_datetime(&d.and_time(NaiveTime::MIN)).unwrap().with_timezone(&Utc)
}

async fn pool_names(s: &TestServer, who: &Session, filter: Value, sort: Value) -> Vec<String> {
    let r = s.gql(Some(&who.token), POOL, json!({ "f": filter, "s": sort, "n": 100 })).await;
    let p = &r.ok()["pool"];
    let v: Vec<String> =
        p["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(p["totalCount"], v.len());
    v
}

async fn the_pool_lists_by_release_time(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    // (name, released at: None keeps the real release time)
    let plan: [(&str, Option<DateTime<Utc>>); 7] = [
        ("p0 今天", None),
        ("p1 前天零点", Some(shanghai_day_start(2))),
        ("p6 三天前", Some(shanghai_day_start(2) - Duration::seconds(1))),
        ("p2 五天前", Some(shanghai_day_start(5) + Duration::hours(1))),
        ("p3 二十天前", Some(shanghai_day_start(20) + Duration::hours(1))),
        ("p4 两百天前", Some(shanghai_day_start(200) + Duration::hours(1))),
        ("p5 四百天前", Some(shanghai_day_start(400))),
    ];
    for (name, at) in plan {
        let id = create(s, &c.sp1, name, None).await;
        release(s, &c.sp1, &id, &format!("{name} 的原因")).await;
        if let Some(at) = at {
            set_released_at(s, &id, at).await;
        }
    }
    create(s, &c.admin, "q 直接入池", Some(Value::Null)).await;
    create(s, &c.sp1, "r 自己的", None).await;

    let all =
        ["p0 今天", "p1 前天零点", "p6 三天前", "p2 五天前", "p3 二十天前", "p4 两百天前", "p5 四百天前", "q 直接入池"];
    // Everyone sees the same pool, newest release first, never released last.
    for who in [&c.sp1, &c.sp2, &c.sup, &c.admin] {
        assert_eq!(pool_names(s, who, json!({}), Value::Null).await, all);
    }
    let windows = [("TODAY", 1), ("LAST_3_DAYS", 2), ("LAST_WEEK", 4), ("LAST_MONTH", 5), ("LAST_YEAR", 6)];
    for (w, n) in windows {
        assert_eq!(pool_names(s, &c.sp2, json!({ "releasedWithin": w }), Value::Null).await, all[..n], "{w}");
        // The same filter on the customer list.
        let r = s
            .gql(
                Some(&c.admin.token),
                "query($f: CustomerFilter) { customers(filter: $f, sort: {field: RELEASED_AT}, first: 100) { totalCount } }",
                json!({ "f": { "releasedWithin": w } }),
            )
            .await;
        assert_eq!(r.ok()["customers"]["totalCount"], n, "{w}");
    }
    // Other filters and sorts combine with it.
    let by_name = json!({ "field": "NAME", "direction": "ASC" });
    assert_eq!(
        pool_names(s, &c.sp2, json!({ "search": "天", "releasedWithin": "LAST_WEEK" }), by_name).await,
        ["p0 今天", "p1 前天零点", "p2 五天前", "p6 三天前"]
    );
    let oldest_first = json!({ "field": "RELEASED_AT", "direction": "ASC" });
    let mut reversed = all.to_vec();
    reversed.reverse();
    assert_eq!(pool_names(s, &c.sp2, json!({}), oldest_first).await, reversed);

    // Pages of three, with full details and history.
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let r = s.gql(Some(&c.sp2.token), POOL, json!({ "n": 3, "a": after })).await;
        let p = r.ok()["pool"].clone();
        assert_eq!(p["totalCount"], 8);
        for e in p["edges"].as_array().unwrap() {
            let n = &e["node"];
            if n["name"] != "q 直接入池" {
                assert_eq!(n["release"]["reason"], format!("{} 的原因", n["name"].as_str().unwrap()));
                assert_eq!(changes(&n["history"]).as_array().unwrap().len(), 2);
            }
            seen.push(n["name"].as_str().unwrap().to_owned());
        }
        if p["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = p["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, all);

    // Bad input and roles.
    let r = s.gql(Some(&c.sp1.token), POOL, json!({ "f": { "inPool": false } })).await;
    assert_eq!(r.fields(), ["filter.inPool"]);
    assert_eq!(
        s.gql(Some(&c.sp1.token), POOL, json!({ "f": { "releasedWithin": "LAST_DECADE" } })).await.code(),
        "BAD_REQUEST"
    );
    assert_eq!(s.gql(Some(&c.sp1.token), POOL, json!({ "n": 101 })).await.fields(), ["first"]);
    assert_eq!(s.gql(Some(&c.maint.token), POOL, json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(None, POOL, json!({})).await.code(), "UNAUTHENTICATED");
}

fn limit_of(r: &guanxi_tests::Gql) -> (String, String, Value, Value) {
    let ext = &r.error()["extensions"];
    (
        r.code().to_owned(),
        ext["limit"].as_str().unwrap_or_default().to_owned(),
        ext["max"].clone(),
        ext["retryAfterSeconds"].clone(),
    )
}

async fn claiming_respects_the_caps(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    // Defaults, and settings validation.
    let r = s
        .gql(Some(&c.sp1.token), "{ tenantSettings { pool { claimsPerDay maxHeld reclaimCooldownDays } } }", json!({}))
        .await;
    assert_eq!(
        r.ok()["tenantSettings"]["pool"],
        json!({ "claimsPerDay": 20, "maxHeld": 500, "reclaimCooldownDays": 7 })
    );
    let r = s
        .gql(Some(&c.admin.token), SETTINGS, json!({ "p": { "claimsPerDay": 10001, "reclaimCooldownDays": 366 } }))
        .await;
    assert_eq!(
        (r.code(), r.fields()),
        ("VALIDATION_FAILED", vec!["pool.claimsPerDay".to_owned(), "pool.reclaimCooldownDays".to_owned()])
    );
    assert_eq!(s.gql(Some(&c.admin.token), SETTINGS, json!({ "p": { "maxHeld": -1 } })).await.code(), "BAD_REQUEST");
    assert_eq!(s.gql(Some(&c.sup.token), SETTINGS, json!({ "p": { "maxHeld": 0 } })).await.code(), "FORBIDDEN");
    set_pool(s, &c.admin, json!({ "claimsPerDay": 2, "maxHeld": 0, "reclaimCooldownDays": 0 })).await;

    let ids: Vec<String> = {
        let mut v = Vec::new();
        for i in 0..5 {
            v.push(create(s, &c.admin, &format!("公海{i}"), Some(Value::Null)).await);
        }
        v
    };

    // Claims per day.
    let got = claim_as(s, &c.sp2, &ids[0]).await;
    let got = &got.ok()["claimCustomer"];
    assert_eq!((&got["owner"]["id"], &got["inPool"]), (&json!(c.sp2.user_id), &json!(false)));
    claim_as(s, &c.sp2, &ids[1]).await.ok();
    let r = claim_as(s, &c.sp2, &ids[2]).await;
    let (code, limit, max, retry) = limit_of(&r);
    assert_eq!((code.as_str(), limit.as_str(), max), ("LIMIT_REACHED", "pool.claimsPerDay", json!(2)));
    assert!(retry.as_i64().is_some_and(|s| (1..=86_400).contains(&s)), "{retry}");
    assert_eq!(get(s, &c.admin, &ids[2]).await["inPool"], true);
    let q = s.gql(Some(&c.sp2.token), QUOTA, json!({})).await;
    let q = &q.ok()["poolQuota"];
    assert_eq!(
        (&q["claimsToday"], &q["claimsPerDay"], &q["held"], &q["maxHeld"]),
        (&json!(2), &json!(2), &json!(2), &json!(0))
    );
    // Others have their own count.
    claim_as(s, &c.sp1, &ids[2]).await.ok();
    // Yesterday's claims do not count today.
    raw(
        s,
        "UPDATE pool_claims SET claimed_at = $1 WHERE user_id = $2",
        vec![(Utc::now() - Duration::days(1) - Duration::hours(1)).into(), uuid(&c.sp2.user_id)],
    )
    .await;
    claim_as(s, &c.sp2, &ids[3]).await.ok();
    // Releasing does not give a claim back.
    release(s, &c.sp2, &ids[3], "还回去").await;
    let q = s.gql(Some(&c.sp2.token), QUOTA, json!({})).await;
    assert_eq!((&q.ok()["poolQuota"]["claimsToday"], &q.ok()["poolQuota"]["held"]), (&json!(1), &json!(2)));

    // Customers held.
    set_pool(s, &c.admin, json!({ "claimsPerDay": 0, "maxHeld": 2 })).await;
    let r = claim_as(s, &c.sp2, &ids[4]).await;
    assert_eq!(limit_of(&r), ("LIMIT_REACHED".to_owned(), "pool.maxHeld".to_owned(), json!(2), Value::Null));
    // The holding cap applies to assignments too; an admin may override it.
    let r = s.gql(Some(&c.admin.token), ASSIGN, json!({ "ids": [ids[4]], "to": c.sp2.user_id })).await;
    assert_eq!(limit_of(&r).1, "pool.maxHeld");
    let over = ASSIGN
        .replace("$to: ID!)", "$to: ID!, $o: Boolean)")
        .replace("toUserId: $to)", "toUserId: $to, overrideCap: $o)");
    let r = s.gql(Some(&c.admin.token), &over, json!({ "ids": [ids[4]], "to": c.sp2.user_id, "o": true })).await;
    assert_eq!(r.ok()["assignCustomers"][0]["owner"]["id"], c.sp2.user_id.as_str());

    // The previous owner's cooldown.
    set_pool(s, &c.admin, json!({ "maxHeld": 0, "reclaimCooldownDays": 3 })).await;
    let r = claim_as(s, &c.sp2, &ids[3]).await;
    let (code, limit, max, retry) = limit_of(&r);
    assert_eq!((code.as_str(), limit.as_str(), max), ("LIMIT_REACHED", "pool.reclaimCooldownDays", json!(3)));
    let secs = retry.as_i64().unwrap();
    assert!((3 * 86_400 - 120..=3 * 86_400).contains(&secs), "{secs}");
    // Four days later it may.
    set_released_at(s, &ids[3], Utc::now() - Duration::days(4)).await;
    claim_as(s, &c.sp2, &ids[3]).await.ok();
    // Anyone else may claim at once.
    release(s, &c.sp2, &ids[3], "给别人").await;
    claim_as(s, &c.sp1, &ids[3]).await.ok();
    // No cooldown: back at once.
    set_pool(s, &c.admin, json!({ "reclaimCooldownDays": 0 })).await;
    release(s, &c.sp1, &ids[3], "再放回").await;
    let back = claim_as(s, &c.sp1, &ids[3]).await;
    assert_eq!(back.ok()["claimCustomer"]["release"]["reason"], "再放回");

    // Claiming what is not in the pool.
    let r = claim_as(s, &c.sp1, &ids[3]).await;
    assert_eq!((r.code(), reason(&r)), ("CONFLICT", "already_yours".to_owned()));
    let r = claim_as(s, &c.sp1, &ids[0]).await;
    assert_eq!((r.code(), reason(&r)), ("CONFLICT", "already_claimed".to_owned()));
    let private = create(s, &c.sp2, "二组自己的", None).await;
    assert_eq!(claim_as(s, &c.sp1, &private).await.code(), "NOT_FOUND");
    assert_eq!(claim_as(s, &c.sup, &private).await.code(), "NOT_FOUND");
    assert_eq!(claim_as(s, &c.maint, &ids[0]).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&c.sp1.token), &claim_q(), json!({ "id": "x" })).await.fields(), ["id"]);
    let r = s.gql(Some(&c.sp1.token), &claim_q(), json!({ "id": Uuid::now_v7().to_string() })).await;
    assert_eq!(r.code(), "NOT_FOUND");

    // The claim is in the history and the audit log.
    let h = get(s, &c.admin, &ids[0]).await["history"].clone();
    assert_eq!(h[0]["field"], "ownerId");
    assert_eq!((&h[0]["oldValue"], &h[0]["newValue"]), (&Value::Null, &json!(c.sp2.user_id)));
    let claims = audit(s, &c.admin).await.into_iter().filter(|e| e["action"] == "customer.claim").count();
    assert_eq!(claims, 7);
}

async fn simultaneous_claims_have_one_winner(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let q = claim_q();
    for round in 0..8 {
        let id = create(s, &c.admin, &format!("抢{round}"), Some(Value::Null)).await;
        let vars = json!({ "id": id });
        let (r1, r2) = tokio::join!(s.gql(Some(&c.sp1.token), &q, vars.clone()), s.gql(Some(&c.sp2.token), &q, vars));
        let (winner, loser, who) = match (r1.body.get("errors").is_none(), r2.body.get("errors").is_none()) {
            (true, false) => (r1, r2, &c.sp1),
            (false, true) => (r2, r1, &c.sp2),
            _ => panic!("round {round}: exactly one claim must win: {:#} {:#}", r1.body, r2.body),
        };
        assert_eq!(winner.ok()["claimCustomer"]["owner"]["id"], who.user_id.as_str());
        assert_eq!((loser.code(), reason(&loser)), ("CONFLICT", "already_claimed".to_owned()), "round {round}");
        assert_eq!(get(s, &c.admin, &id).await["owner"]["id"], who.user_id.as_str());
        let n = raw_count(s, "SELECT count(*) AS n FROM pool_claims WHERE customer_id = $1", vec![uuid(&id)]).await;
        let h =
            raw_count(s, "SELECT count(*) AS n FROM customer_history WHERE customer_id = $1", vec![uuid(&id)]).await;
        assert_eq!((n, h), (1, 1), "round {round}");
    }
    // The same person twice at once: one claim, one `already_yours`.
    let id = create(s, &c.admin, "双击", Some(Value::Null)).await;
    let vars = json!({ "id": id });
    let (r1, r2) = tokio::join!(s.gql(Some(&c.sp1.token), &q, vars.clone()), s.gql(Some(&c.sp1.token), &q, vars));
    let errors: Vec<&guanxi_tests::Gql> = [&r1, &r2].into_iter().filter(|r| r.body.get("errors").is_some()).collect();
    assert_eq!(errors.len(), 1, "{:#} {:#}", r1.body, r2.body);
    assert_eq!(errors[0].code(), "CONFLICT");
}

async fn claim_as(s: &TestServer, who: &Session, id: &str) -> guanxi_tests::Gql {
    s.gql(Some(&who.token), &claim_q(), json!({ "id": id })).await
}

async fn caps_hold_under_concurrent_claims(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    set_pool(s, &c.admin, json!({ "claimsPerDay": 3, "maxHeld": 0 })).await;
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(create(s, &c.admin, &format!("并发{i}"), Some(Value::Null)).await);
    }
    let outcomes = |rs: Vec<guanxi_tests::Gql>| {
        let ok = rs.iter().filter(|r| r.body.get("errors").is_none()).count();
        let limited: Vec<String> = rs
            .iter()
            .filter(|r| r.body.get("errors").is_some())
            .map(|r| {
                assert_eq!(r.code(), "LIMIT_REACHED", "{:#}", r.body);
                r.error()["extensions"]["limit"].as_str().unwrap().to_owned()
            })
            .collect();
        (ok, limited)
    };
    // Six claims by one person at once against a daily cap of three.
    let (a, b2, c3, d, e, f) = tokio::join!(
        claim_as(s, &c.sp1, &ids[0]),
        claim_as(s, &c.sp1, &ids[1]),
        claim_as(s, &c.sp1, &ids[2]),
        claim_as(s, &c.sp1, &ids[3]),
        claim_as(s, &c.sp1, &ids[4]),
        claim_as(s, &c.sp1, &ids[5]),
    );
    let (ok, limited) = outcomes(vec![a, b2, c3, d, e, f]);
    assert_eq!((ok, limited), (3, vec!["pool.claimsPerDay".to_owned(); 3]));
    let held =
        raw_count(s, "SELECT count(*) AS n FROM customers WHERE owner_id = $1", vec![uuid(&c.sp1.user_id)]).await;
    assert_eq!(held, 3);

    // Six claims at once against a cap of two customers held.
    set_pool(s, &c.admin, json!({ "claimsPerDay": 0, "maxHeld": 2 })).await;
    let (a, b2, c3, d, e, f) = tokio::join!(
        claim_as(s, &c.sp2, &ids[6]),
        claim_as(s, &c.sp2, &ids[7]),
        claim_as(s, &c.sp2, &ids[8]),
        claim_as(s, &c.sp2, &ids[9]),
        claim_as(s, &c.sp2, &ids[10]),
        claim_as(s, &c.sp2, &ids[11]),
    );
    let (ok, limited) = outcomes(vec![a, b2, c3, d, e, f]);
    assert_eq!((ok, limited), (2, vec!["pool.maxHeld".to_owned(); 4]));
    let held =
        raw_count(s, "SELECT count(*) AS n FROM customers WHERE owner_id = $1", vec![uuid(&c.sp2.user_id)]).await;
    assert_eq!(held, 2);
}

async fn owners(s: &TestServer, admin: &Session, ids: &[&String]) -> Vec<Value> {
    let mut out = Vec::new();
    for id in ids {
        out.push(get(s, admin, id).await["owner"]["id"].clone());
    }
    out
}

async fn assign_and_transfer_by_role(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let sp3 = s.invite_and_accept(&c.admin, "sp3@acme.cn", "SALESPERSON", Some(&c.g1)).await;
    let p1 = create(s, &c.admin, "池1", Some(Value::Null)).await;
    let p2 = create(s, &c.admin, "池2", Some(Value::Null)).await;
    let p3 = create(s, &c.admin, "池3", Some(Value::Null)).await;
    let a1 = create(s, &c.sp1, "一组甲", None).await;
    let a2 = create(s, &c.sp1, "一组乙", None).await;
    let b1 = create(s, &c.sp2, "二组甲", None).await;
    let sp1 = json!(c.sp1.user_id);
    let assign = |who: &Session, ids: Value, to: &str| {
        let (t, to) = (who.token.clone(), to.to_owned());
        async move { s.gql(Some(&t), ASSIGN, json!({ "ids": ids, "to": to })).await }
    };
    let transfer = |who: &Session, from: &str, to: &str| {
        let (t, from, to) = (who.token.clone(), from.to_owned(), to.to_owned());
        async move { s.gql(Some(&t), TRANSFER, json!({ "f": from, "t": to })).await }
    };

    // Salespeople and maintenance may not.
    assert_eq!(assign(&c.sp1, json!([p1]), &c.sp1.user_id).await.code(), "FORBIDDEN");
    assert_eq!(transfer(&c.sp1, &c.sp1.user_id, &sp3.user_id).await.code(), "FORBIDDEN");
    assert_eq!(assign(&c.maint, json!([p1]), &c.sp1.user_id).await.code(), "FORBIDDEN");

    // A supervisor assigns within their group.
    let r = assign(&c.sup, json!([p1]), &c.sp1.user_id).await;
    assert_eq!(r.ok()["assignCustomers"][0]["owner"]["id"], sp1);
    assert_eq!(assign(&c.sup, json!([p2]), &c.sp2.user_id).await.code(), "FORBIDDEN");
    // All or nothing: one invisible id and nothing moves.
    assert_eq!(assign(&c.sup, json!([p2, b1]), &c.sp1.user_id).await.code(), "NOT_FOUND");
    assert_eq!(owners(s, &c.admin, &[&p2, &b1]).await, [Value::Null, json!(c.sp2.user_id)]);
    // ... and transfers between members of it.
    let r = transfer(&c.sup, &c.sp1.user_id, &sp3.user_id).await;
    assert_eq!(r.ok()["transferCustomers"], 3);
    assert_eq!(owners(s, &c.admin, &[&p1, &a1, &a2]).await, vec![json!(sp3.user_id); 3]);
    assert_eq!(transfer(&c.sup, &sp3.user_id, &c.sp2.user_id).await.code(), "FORBIDDEN");
    let r = transfer(&c.sup, &c.sp2.user_id, &sp3.user_id).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["fromUserId".to_owned()]));
    let h = get(s, &c.admin, &a1).await["history"].clone();
    assert_eq!((&h[0]["field"], &h[0]["oldValue"], &h[0]["newValue"]), (&json!("ownerId"), &sp1, &json!(sp3.user_id)));
    assert_eq!(h[0]["actor"]["id"], c.sup.user_id.as_str());

    // An admin assigns anything to anyone who can hold customers.
    let r = assign(&c.admin, json!([p2, b1, p3, p2]), &c.sp1.user_id).await;
    let got: Vec<Value> = r.ok()["assignCustomers"].as_array().unwrap().iter().map(|c| c["id"].clone()).collect();
    assert_eq!(got, [json!(p2), json!(b1), json!(p3)]);
    assert_eq!(owners(s, &c.admin, &[&p2, &b1, &p3]).await, vec![sp1.clone(); 3]);
    let r = transfer(&c.admin, &c.sp1.user_id, &c.sp2.user_id).await;
    assert_eq!(r.ok()["transferCustomers"], 3);
    assert_eq!(owners(s, &c.admin, &[&p2, &b1, &p3]).await, vec![json!(c.sp2.user_id); 3]);
    // Nothing to move is not an error.
    assert_eq!(transfer(&c.admin, &c.sp1.user_id, &c.sp2.user_id).await.ok()["transferCustomers"], 0);

    // Bad input.
    let r = assign(&c.admin, json!([]), &c.sp1.user_id).await;
    assert_eq!(r.fields(), ["ids"]);
    let many: Vec<String> = (0..501).map(|_| Uuid::now_v7().to_string()).collect();
    assert_eq!(assign(&c.admin, json!(many), &c.sp1.user_id).await.fields(), ["ids"]);
    assert_eq!(assign(&c.admin, json!([p1, "nope"]), &c.sp1.user_id).await.fields(), ["ids.1"]);
    let r = assign(&c.admin, json!([p1]), &c.maint.user_id).await;
    assert_eq!((r.fields(), reason(&r)), (vec!["toUserId".to_owned()], "cannot_own".to_owned()));
    let r = assign(&c.admin, json!([p1]), &Uuid::now_v7().to_string()).await;
    assert_eq!(reason(&r), "not_found");
    assert_eq!(assign(&c.admin, json!([p1]), "nope").await.fields(), ["toUserId"]);
    let r = transfer(&c.admin, &c.sp2.user_id, &c.sp2.user_id).await;
    assert_eq!((r.fields(), reason(&r)), (vec!["toUserId".to_owned()], "same_user".to_owned()));
    s.gql(Some(&c.admin.token), "mutation($id: ID!) { deactivateUser(id: $id) { id } }", json!({ "id": sp3.user_id }))
        .await
        .ok();
    let r = transfer(&c.admin, &c.sp2.user_id, &sp3.user_id).await;
    assert_eq!(reason(&r), "cannot_own");
    assert_eq!(owners(s, &c.admin, &[&p2, &b1, &p3]).await, vec![json!(c.sp2.user_id); 3]);

    let entries = audit(s, &c.admin).await;
    assert_eq!(entries.iter().filter(|e| e["action"] == "customer.transfer").count(), 3);
    assert_eq!(entries.iter().filter(|e| e["action"] == "customer.assign").count(), 2);
}

async fn only_admins_delete_for_good(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let id = create(s, &c.sp1, "要删的客户", None).await;
    s.gql(
        Some(&c.sp1.token),
        "mutation($id: ID!) { updateCustomer(id: $id, input: {grade: VIP}) { id } }",
        json!({ "id": id }),
    )
    .await
    .ok();
    release(s, &c.sp1, &id, "无效客户").await;
    let number =
        s.gql(Some(&c.admin.token), "query($id: ID!) { customer(id: $id) { number } }", json!({ "id": id })).await.ok()
            ["customer"]["number"]
            .clone();

    for who in [&c.sp1, &c.sup, &c.maint] {
        let r = s.gql(Some(&who.token), DELETE, json!({ "id": id, "c": true })).await;
        assert_eq!(r.code(), "FORBIDDEN");
    }
    let r = s.gql(Some(&c.admin.token), DELETE, json!({ "id": id, "c": false })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["confirm".to_owned()]));
    assert_eq!(s.gql(Some(&c.admin.token), DELETE, json!({ "id": id })).await.code(), "BAD_REQUEST");
    assert_eq!(changes(&get(s, &c.admin, &id).await["history"]).as_array().unwrap().len(), 3);

    let r = s.gql(Some(&c.admin.token), DELETE, json!({ "id": id, "c": true })).await;
    let d = &r.ok()["deleteCustomerPermanently"];
    assert_eq!(
        (&d["id"], &d["number"], &d["name"], &d["historyEntries"]),
        (&json!(id), &number, &json!("要删的客户"), &json!(3))
    );
    assert_eq!(s.gql(Some(&c.admin.token), GET, json!({ "id": id })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.admin.token), DELETE, json!({ "id": id, "c": true })).await.code(), "NOT_FOUND");
    assert_eq!(raw_count(s, "SELECT count(*) AS n FROM customers WHERE id = $1", vec![uuid(&id)]).await, 0);
    assert_eq!(
        raw_count(s, "SELECT count(*) AS n FROM customer_history WHERE customer_id = $1", vec![uuid(&id)]).await,
        0
    );
    // The audit entry stays, naming number and name.
    let entries = audit(s, &c.admin).await;
    let e = entries.iter().find(|e| e["action"] == "customer.delete").unwrap();
    assert_eq!((&e["targetId"], &e["actorId"]), (&json!(id), &json!(c.admin.user_id)));
    assert_eq!((&e["detail"]["number"], &e["detail"]["name"]), (&number, &json!("要删的客户")));
}

async fn other_companies_cannot_reach_the_pool(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let z = s.sign_up("zeta").await;
    let zg = s.create_group(&z, "泽塔组").await;
    let zsp = s.invite_and_accept(&z, "sp@zeta.cn", "SALESPERSON", Some(&zg)).await;
    let z_pool = create(s, &z, "泽塔公海", Some(Value::Null)).await;
    let z_own = create(s, &z, "泽塔自有", Some(json!(zsp.user_id))).await;
    let mine = create(s, &c.admin, "阿克米公海", Some(Value::Null)).await;
    let before = (get(s, &z, &z_pool).await, get(s, &z, &z_own).await);

    for who in [&c.admin, &c.sup, &c.sp1] {
        let t = Some(who.token.as_str());
        assert_eq!(s.gql(t, &release_q(), json!({ "id": z_own, "r": "x" })).await.code(), "NOT_FOUND");
        assert_eq!(s.gql(t, &claim_q(), json!({ "id": z_pool })).await.code(), "NOT_FOUND");
        assert_eq!(s.gql(t, &claim_q(), json!({ "id": z_own })).await.code(), "NOT_FOUND");
        assert_eq!(pool_names(s, who, json!({}), Value::Null).await, ["阿克米公海"]);
    }
    let t = Some(c.admin.token.as_str());
    assert_eq!(s.gql(t, ASSIGN, json!({ "ids": [z_pool], "to": c.sp1.user_id })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(t, ASSIGN, json!({ "ids": [mine], "to": zsp.user_id })).await.fields(), ["toUserId"]);
    assert_eq!(s.gql(t, TRANSFER, json!({ "f": zsp.user_id, "t": c.sp1.user_id })).await.fields(), ["fromUserId"]);
    assert_eq!(s.gql(t, TRANSFER, json!({ "f": c.sp1.user_id, "t": zsp.user_id })).await.fields(), ["toUserId"]);
    assert_eq!(s.gql(t, DELETE, json!({ "id": z_own, "c": true })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(t, DELETE, json!({ "id": z_pool, "c": true })).await.code(), "NOT_FOUND");

    // Zeta's customers are untouched, and its pool is its own.
    assert_eq!((get(s, &z, &z_pool).await, get(s, &z, &z_own).await), before);
    assert_eq!(pool_names(s, &zsp, json!({}), Value::Null).await, ["泽塔公海"]);
    assert_eq!(get(s, &c.admin, &mine).await["inPool"], true);
    let r = s.gql(Some(&zsp.token), &claim_q(), json!({ "id": mine })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    s.gql(Some(&zsp.token), &claim_q(), json!({ "id": z_pool })).await.ok();
    let q = s.gql(Some(&c.sp1.token), QUOTA, json!({})).await;
    assert_eq!(q.ok()["poolQuota"]["claimsToday"], 0);
}

/// The pool is its own view, never part of anyone's own lists (requirement
/// document: the canned queries are about "my customers"; the 隔离区 is a
/// separate area anyone may browse and claim from). A customer P1 released
/// leaves P1's lists, canned windows, conversation windows and exports, and
/// never enters P2's; both may still open it, with its conversations, from
/// the pool.
async fn the_pool_is_in_nobodys_own_lists(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let kept = create(s, &c.sp1, "甲 留下", None).await;
    let gone = create(s, &c.sp1, "乙 放弃", None).await;
    create(s, &c.sp2, "丙 二号的", None).await;
    create(s, &c.admin, "丁 直接入池", Some(Value::Null)).await;
    for id in [&kept, &gone] {
        let r = s
            .gql(
                Some(&c.sp1.token),
                "mutation($i: AddConversationInput!) { addConversation(input: $i) { merged } }",
                json!({ "i": { "customerId": id, "topic": "拜访", "content": "聊了聊", "kind": "VISIT" } }),
            )
            .await;
        r.ok();
    }
    release(s, &c.sp1, &gone, "久攻不下").await;

    const LIST: &str = "query($f: CustomerFilter) { customers(filter: $f, first: 100) { totalCount \
        edges { node { name } } } }";
    let names = |who: &Session, f: Value| {
        let (s, token) = (s, who.token.clone());
        async move {
            let r = s.gql(Some(&token), LIST, json!({ "f": f })).await;
            let list = &r.ok()["customers"];
            let mut n: Vec<String> = list["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
                .collect();
            n.sort();
            assert_eq!(list["totalCount"], n.len(), "the count agrees with the list");
            n
        }
    };
    let (added, contacted, visited) =
        (json!({ "added": "TODAY" }), json!({ "contacted": "TODAY" }), json!({ "visited": "TODAY" }));
    for f in [json!({}), json!({ "inPool": false }), added.clone(), contacted.clone(), visited.clone()] {
        assert_eq!(names(&c.sp1, f.clone()).await, ["甲 留下"], "{f}");
        assert_eq!(names(&c.sup, f.clone()).await, ["甲 留下"], "{f}");
    }
    for f in [json!({}), added.clone()] {
        assert_eq!(names(&c.sp2, f.clone()).await, ["丙 二号的"], "{f}");
        assert_eq!(names(&c.admin, f.clone()).await, ["丙 二号的", "甲 留下"], "{f}");
    }
    for f in [contacted, visited] {
        assert!(names(&c.sp2, f.clone()).await.is_empty(), "{f}");
        assert_eq!(names(&c.admin, f.clone()).await, ["甲 留下"], "{f}");
    }
    // The pool, for everyone, as its own view.
    for who in [&c.sp1, &c.sp2, &c.sup, &c.admin] {
        assert_eq!(names(who, json!({ "inPool": true })).await, ["丁 直接入池", "乙 放弃"]);
        assert_eq!(names(who, json!({ "inPool": true, "added": "TODAY" })).await, ["丁 直接入池", "乙 放弃"]);
        assert_eq!(names(who, json!({ "releasedWithin": "TODAY" })).await, ["乙 放弃"]);
        let r = s.gql(Some(&who.token), POOL, json!({})).await;
        assert_eq!(r.ok()["pool"]["totalCount"], 2);
    }

    // Conversations: the windows hold the caller's own customers'; the pool
    // customer's page still shows its record to anyone deciding to claim it.
    const CONVS: &str = "query($f: ConversationsFilter) { conversations(filter: $f, first: 100) { totalCount \
        nodes { customerName } } }";
    for (who, want) in [(&c.sp1, 1), (&c.sp2, 0), (&c.sup, 1), (&c.admin, 1)] {
        for f in [json!({}), json!({ "window": "TODAY" })] {
            let r = s.gql(Some(&who.token), CONVS, json!({ "f": f })).await;
            let got = &r.ok()["conversations"];
            assert_eq!(got["totalCount"], want, "{f} for {}", who.user_id);
            assert!(got["nodes"].as_array().unwrap().iter().all(|n| n["customerName"] == "甲 留下"));
        }
        let r = s.gql(Some(&who.token), CONVS, json!({ "f": { "customerId": gone } })).await;
        assert_eq!(r.ok()["conversations"]["totalCount"], 1, "the pool customer's own page");
        assert_eq!(get(s, who, &gone).await["inPool"], true);
    }

    // Exports follow the lists.
    const EXPORT: &str = "mutation($f: CustomerFilter) { exportCustomers(filter: $f, format: CSV) { rows } }";
    const EXPORT_CONVS: &str =
        "mutation($f: ConversationsFilter) { exportConversations(filter: $f, format: CSV) { rows } }";
    for (who, customers, conversations) in [(&c.sp1, 1, 1), (&c.sp2, 1, 0), (&c.admin, 2, 1)] {
        let r = s.gql(Some(&who.token), EXPORT, json!({ "f": {} })).await;
        assert_eq!(r.ok()["exportCustomers"]["rows"], customers, "{}", who.user_id);
        let r = s.gql(Some(&who.token), EXPORT, json!({ "f": { "inPool": true } })).await;
        assert_eq!(r.ok()["exportCustomers"]["rows"], 2);
        let r = s.gql(Some(&who.token), EXPORT_CONVS, json!({ "f": { "window": "TODAY" } })).await;
        assert_eq!(r.ok()["exportConversations"]["rows"], conversations, "{}", who.user_id);
    }

    // Claiming brings the customer, and its record, into the claimer's lists.
    s.gql(Some(&c.sp2.token), &claim_q(), json!({ "id": gone })).await.ok();
    assert_eq!(names(&c.sp2, json!({})).await, ["丙 二号的", "乙 放弃"]);
    assert_eq!(names(&c.sp1, json!({})).await, ["甲 留下"]);
    let r = s.gql(Some(&c.sp2.token), CONVS, json!({ "f": { "window": "TODAY" } })).await;
    assert_eq!(r.ok()["conversations"]["totalCount"], 1);
}

backend_tests!(
    the_pool_is_in_nobodys_own_lists,
    release_is_a_salespersons_delete,
    the_pool_lists_by_release_time,
    claiming_respects_the_caps,
    simultaneous_claims_have_one_winner,
    caps_hold_under_concurrent_claims,
    assign_and_transfer_by_role,
    only_admins_delete_for_good,
    other_companies_cannot_reach_the_pool,
);
