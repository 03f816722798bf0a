//! Team management: finding people with their work at a glance, and
//! offboarding to the pool or to a successor in one transaction, with role
//! variations, rollback on failure and isolation between companies.

use chrono::{Duration, TimeZone, Utc};
use guanxi_tests::{Backend, Company, PASSWORD, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::pool::{changes, claim_q, create, get, raw, raw_count, reason, uuid};

const TEAM: &str = "query($f: TeamFilter, $n: Int, $o: Int) { team(filter: $f, first: $n, offset: $o) { \
    totalCount hasNextPage members { user { id displayName role active } customersHeld \
    plans { open done overdue } customersCreated { last7Days last30Days } \
    customersChanged { last7Days last30Days } poolClaims { last7Days last30Days } } } }";
const MEMBER: &str =
    "query($id: ID!) { teamMember(id: $id) { user { id } customersHeld plans { open done overdue } } }";
const OFFBOARD: &str = "mutation($id: ID!, $i: OffboardUserInput) { offboardUser(id: $id, input: $i) { \
    user { id active } successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted \
    sessionsRevoked apiKeysRevoked } }";
const PLAN: &str = "mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { id } }";
const SUGGEST: &str = "mutation($i: SubmitSuggestionInput!) { submitSuggestion(input: $i) { id } }";
const ME: &str = "{ me { user { id } } }";

async fn plan(s: &TestServer, who: &Session, subject: &str, start: &str, end: &str) -> String {
    let r = s
        .gql(Some(&who.token), PLAN, json!({ "i": { "subject": subject, "start": start, "end": end, "content": "c" } }))
        .await;
    r.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned()
}

async fn done(s: &TestServer, who: &Session, id: &str) {
    s.gql(Some(&who.token), "mutation($id: ID!) { setWorkPlanDone(id: $id, done: true) { id } }", json!({ "id": id }))
        .await
        .ok();
}

async fn suggest(s: &TestServer, who: &Session, title: &str, anonymous: bool) -> String {
    let r = s
        .gql(Some(&who.token), SUGGEST, json!({ "i": { "title": title, "content": "内容", "anonymous": anonymous } }))
        .await;
    r.ok()["submitSuggestion"]["id"].as_str().unwrap().to_owned()
}

async fn team(s: &TestServer, who: &Session, filter: Value) -> Value {
    let r = s.gql(Some(&who.token), TEAM, json!({ "f": filter, "n": 100 })).await;
    r.ok()["team"].clone()
}

/// Ids of the people listed, in list order.
async fn team_ids(s: &TestServer, who: &Session, filter: Value) -> Vec<String> {
    let t = team(s, who, filter).await;
    let ids: Vec<String> =
        t["members"].as_array().unwrap().iter().map(|m| m["user"]["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(t["totalCount"], ids.len());
    ids
}

fn sorted(ids: &[&Session]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.user_id.clone()).collect();
    v.sort();
    v
}

fn sorted_of(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn the_team_at_a_glance_by_role(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    // sp1: three customers (one claimed from the pool, one created long ago),
    // one edited; plans open, overdue and done.
    let a = create(s, &c.sp1, "甲", None).await;
    let old = create(s, &c.sp1, "乙", None).await;
    raw(
        s,
        "UPDATE customers SET created_at = $1 WHERE id = $2",
        vec![(Utc::now() - Duration::days(10)).into(), uuid(&old)],
    )
    .await;
    s.gql(
        Some(&c.sp1.token),
        "mutation($id: ID!) { updateCustomer(id: $id, input: {grade: VIP}) { id } }",
        json!({ "id": a }),
    )
    .await
    .ok();
    let pooled = create(s, &c.admin, "池", Some(Value::Null)).await;
    s.gql(Some(&c.sp1.token), &claim_q(), json!({ "id": pooled })).await.ok();
    plan(s, &c.sp1, "将来", "2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z").await;
    plan(s, &c.sp1, "过期", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z").await;
    let finished = plan(s, &c.sp1, "完成", "2020-02-01T00:00:00Z", "2020-02-02T00:00:00Z").await;
    done(s, &c.sp1, &finished).await;
    create(s, &c.sp2, "丙", None).await;

    // Admins see everyone, by name; supervisors themselves and their group.
    let everyone = [&c.admin, &c.sup, &c.sp1, &c.sp2, &c.maint];
    assert_eq!(sorted_of(team_ids(s, &c.admin, json!({})).await), sorted(&everyone));
    assert_eq!(sorted_of(team_ids(s, &c.sup, json!({})).await), sorted(&[&c.sup, &c.sp1]));
    for who in [&c.sp1, &c.maint] {
        assert_eq!(s.gql(Some(&who.token), TEAM, json!({})).await.code(), "FORBIDDEN");
        let r = s.gql(Some(&who.token), MEMBER, json!({ "id": who.user_id })).await;
        assert_eq!(r.code(), "FORBIDDEN");
    }

    // The figures.
    let t = team(s, &c.sup, json!({ "role": "SALESPERSON" })).await;
    let m = &t["members"][0];
    assert_eq!(m["user"]["id"], c.sp1.user_id.as_str());
    assert_eq!(m["customersHeld"], 3);
    assert_eq!(m["plans"], json!({ "open": 2, "done": 1, "overdue": 1 }));
    // The claimed customer was created by the admin.
    assert_eq!(m["customersCreated"], json!({ "last7Days": 1, "last30Days": 2 }));
    assert_eq!(m["customersChanged"], json!({ "last7Days": 2, "last30Days": 2 }));
    assert_eq!(m["poolClaims"], json!({ "last7Days": 1, "last30Days": 1 }));
    let t = team(s, &c.admin, json!({ "search": "王" })).await;
    assert_eq!(t["members"][0]["customersCreated"], json!({ "last7Days": 1, "last30Days": 1 }));
    let r = s.gql(Some(&c.admin.token), MEMBER, json!({ "id": c.sp2.user_id })).await;
    assert_eq!(r.ok()["teamMember"]["customersHeld"], 1);
    assert_eq!(s.gql(Some(&c.sup.token), MEMBER, json!({ "id": c.sp2.user_id })).await.code(), "NOT_FOUND");

    // Filters: name or e-mail, role, group, active, join date.
    assert_eq!(team_ids(s, &c.admin, json!({ "search": "SP2@" })).await, [c.sp2.user_id.as_str()]);
    assert_eq!(team_ids(s, &c.admin, json!({ "search": "王" })).await, [c.admin.user_id.as_str()]);
    assert_eq!(team_ids(s, &c.admin, json!({ "search": "%" })).await, Vec::<String>::new());
    assert_eq!(sorted_of(team_ids(s, &c.admin, json!({ "role": "SALESPERSON" })).await), sorted(&[&c.sp1, &c.sp2]));
    assert_eq!(sorted_of(team_ids(s, &c.admin, json!({ "groupId": c.g1 })).await), sorted(&[&c.sup, &c.sp1]));
    assert_eq!(team_ids(s, &c.sup, json!({ "groupId": c.g2 })).await, Vec::<String>::new());
    assert_eq!(team_ids(s, &c.admin, json!({ "active": false })).await, Vec::<String>::new());
    let shanghai = chrono_tz::Asia::Shanghai;
    let joined = shanghai.with_ymd_and_hms(2024, 5, 1, 23, 30, 0).unwrap().with_timezone(&Utc);
    raw(s, "UPDATE users SET created_at = $1 WHERE id = $2", vec![joined.into(), uuid(&c.sp1.user_id)]).await;
    let range = |from: &str, to: &str| json!({ "joinedFrom": from, "joinedTo": to });
    assert_eq!(team_ids(s, &c.admin, range("2024-05-01", "2024-05-01")).await, [c.sp1.user_id.as_str()]);
    assert_eq!(team_ids(s, &c.admin, range("2024-04-01", "2024-04-30")).await, Vec::<String>::new());
    assert_eq!(team_ids(s, &c.admin, json!({ "joinedTo": "2024-12-31" })).await, [c.sp1.user_id.as_str()]);
    assert_eq!(team_ids(s, &c.admin, json!({ "joinedFrom": "2024-05-02" })).await.len(), 4);

    // Pages, by name then id.
    let r = s.gql(Some(&c.admin.token), TEAM, json!({ "n": 2 })).await;
    let p = &r.ok()["team"];
    assert_eq!(
        (p["members"].as_array().unwrap().len(), &p["hasNextPage"], &p["totalCount"]),
        (2, &json!(true), &json!(5))
    );
    let r = s.gql(Some(&c.admin.token), TEAM, json!({ "n": 2, "o": 4 })).await;
    assert_eq!(
        (r.ok()["team"]["members"].as_array().unwrap().len(), &r.ok()["team"]["hasNextPage"]),
        (1, &json!(false))
    );

    // Bad input.
    let r = s.gql(Some(&c.admin.token), TEAM, json!({ "f": range("2024-05-02", "2024-05-01") })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["filter.joinedTo".to_owned()]));
    assert_eq!(s.gql(Some(&c.admin.token), TEAM, json!({ "n": 0 })).await.fields(), ["first"]);
    assert_eq!(s.gql(Some(&c.admin.token), TEAM, json!({ "n": 101 })).await.fields(), ["first"]);
    assert_eq!(
        s.gql(Some(&c.admin.token), TEAM, json!({ "f": { "search": "x".repeat(101) } })).await.fields(),
        ["filter.search"]
    );
    assert_eq!(s.gql(Some(&c.admin.token), TEAM, json!({ "o": -1 })).await.code(), "BAD_REQUEST");
    assert_eq!(s.gql(Some(&c.admin.token), TEAM, json!({ "o": 1_000_001 })).await.fields(), ["offset"]);
    assert_eq!(
        s.gql(Some(&c.admin.token), TEAM, json!({ "f": { "groupId": "x" } })).await.fields(),
        ["filter.groupId"]
    );
    assert_eq!(
        s.gql(Some(&c.admin.token), TEAM, json!({ "f": { "joinedFrom": "2024-13-01" } })).await.code(),
        "BAD_REQUEST"
    );
}

/// sp1's work: two customers, two plans, a signed suggestion with a staff
/// reply and an anonymous one. Returns the customer ids.
async fn busy_salesperson(c: &Company) -> Vec<String> {
    let s = &c.s;
    let ids = vec![create(s, &c.sp1, "张三", None).await, create(s, &c.sp1, "李四", None).await];
    plan(s, &c.sp1, "拜访", "2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z").await;
    let p = plan(s, &c.sp1, "回访", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z").await;
    done(s, &c.sp1, &p).await;
    let signed = suggest(s, &c.sp1, "署名建议", false).await;
    suggest(s, &c.sp1, "匿名建议", true).await;
    s.gql(
        Some(&c.sup.token),
        "mutation($id: ID!) { replyToSuggestion(suggestionId: $id, content: \"收到\") { id } }",
        json!({ "id": signed }),
    )
    .await
    .ok();
    ids
}

async fn plan_count(s: &TestServer, author: &str) -> i64 {
    raw_count(s, "SELECT count(*) AS n FROM work_plans WHERE author_id = $1", vec![uuid(author)]).await
}

async fn suggestion_titles(s: &TestServer, admin: &Session) -> Vec<String> {
    let r = s.gql(Some(&admin.token), "{ suggestions(window: ALL) { title } }", json!({})).await;
    let mut v: Vec<String> =
        r.ok()["suggestions"].as_array().unwrap().iter().map(|x| x["title"].as_str().unwrap().to_owned()).collect();
    v.sort();
    v
}

async fn offboarding_to_the_pool(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let ids = busy_salesperson(&c).await;
    let r = s.gql(Some(&c.admin.token), OFFBOARD, json!({ "id": c.sp1.user_id })).await;
    let sum = &r.ok()["offboardUser"];
    assert_eq!(
        sum,
        &json!({
            "user": { "id": c.sp1.user_id, "active": false }, "successorId": null, "customersToPool": 2,
            "customersToSuccessor": 0, "plansDeleted": 2, "suggestionsDeleted": 1, "sessionsRevoked": 1,
            "apiKeysRevoked": 0,
        })
    );
    // They can no longer log in.
    assert_eq!(s.gql(Some(&c.sp1.token), ME, json!({})).await.code(), "UNAUTHENTICATED");
    assert_eq!(s.login("acme", "sp1@acme.cn", PASSWORD).await.unwrap_err().code(), "UNAUTHENTICATED");
    // Customers in the pool, with the offboarding reason.
    for id in &ids {
        let cust = get(s, &c.sp2, id).await;
        assert_eq!(cust["inPool"], true);
        assert_eq!(cust["release"]["reason"], "离职 offboarding");
        assert_eq!(
            (&cust["release"]["previousOwner"]["id"], &cust["release"]["releasedBy"]["id"]),
            (&json!(c.sp1.user_id), &json!(c.admin.user_id))
        );
        // The release's two entries, then the creation.
        assert_eq!(
            (&cust["history"][0]["actor"]["id"], &cust["history"].as_array().unwrap().len()),
            (&json!(c.admin.user_id), &3)
        );
    }
    // Plans and the signed suggestion (with its reply) gone; the anonymous one stays.
    assert_eq!(plan_count(s, &c.sp1.user_id).await, 0);
    assert_eq!(suggestion_titles(s, &c.admin).await, ["匿名建议"]);
    assert_eq!(raw_count(s, "SELECT count(*) AS n FROM suggestion_replies", vec![]).await, 0);
    // One audit entry for the whole, besides the deactivation.
    let r = s.gql(Some(&c.admin.token), "{ auditLog(limit: 50) { action targetId detail } }", json!({})).await;
    let log = r.ok()["auditLog"].as_array().unwrap().clone();
    let e = log.iter().find(|e| e["action"] == "user.offboard").unwrap();
    assert_eq!(e["targetId"], c.sp1.user_id.as_str());
    assert_eq!((&e["detail"]["customersToPool"], &e["detail"]["plansDeleted"]), (&json!(2), &json!(2)));
    assert!(log.iter().any(|e| e["action"] == "user.deactivate" && e["targetId"] == c.sp1.user_id.as_str()));
    // The team shows them deactivated, holding nothing.
    let t = team(s, &c.admin, json!({ "active": false })).await;
    assert_eq!((&t["members"][0]["user"]["id"], &t["members"][0]["customersHeld"]), (&json!(c.sp1.user_id), &json!(0)));

    // Offboarding again finds nothing left to do.
    let r = s.gql(Some(&c.admin.token), OFFBOARD, json!({ "id": c.sp1.user_id })).await;
    assert_eq!(r.ok()["offboardUser"]["customersToPool"], 0);

    // A supervisor offboards a salesperson of their group, with a reason of their own.
    let sp3 = s.invite_and_accept(&c.admin, "sp3@acme.cn", "SALESPERSON", Some(&c.g1)).await;
    let x = create(s, &sp3, "王五", None).await;
    let r = s.gql(Some(&c.sup.token), OFFBOARD, json!({ "id": sp3.user_id, "i": { "reason": " 合同到期 " } })).await;
    assert_eq!(r.ok()["offboardUser"]["customersToPool"], 1);
    assert_eq!(get(s, &c.sup, &x).await["release"]["reason"], "合同到期");
}

async fn offboarding_to_a_successor(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let ids = busy_salesperson(&c).await;
    let sp3 = s.invite_and_accept(&c.admin, "sp3@acme.cn", "SALESPERSON", Some(&c.g1)).await;

    // A supervisor may hand over only within their groups.
    let r = s
        .gql(Some(&c.sup.token), OFFBOARD, json!({ "id": c.sp1.user_id, "i": { "successorId": c.sp2.user_id } }))
        .await;
    assert_eq!(r.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&c.sp1.token), ME, json!({})).await.ok()["me"]["user"]["id"], c.sp1.user_id.as_str());
    let r =
        s.gql(Some(&c.sup.token), OFFBOARD, json!({ "id": c.sp1.user_id, "i": { "successorId": sp3.user_id } })).await;
    let sum = &r.ok()["offboardUser"];
    assert_eq!(
        (&sum["successorId"], &sum["customersToSuccessor"], &sum["customersToPool"]),
        (&json!(sp3.user_id), &json!(2), &json!(0))
    );
    for id in &ids {
        let cust = get(s, &sp3, id).await;
        assert_eq!((&cust["owner"]["id"], &cust["inPool"]), (&json!(sp3.user_id), &json!(false)));
        let h = &cust["history"][0];
        assert_eq!(
            (&h["oldValue"], &h["newValue"], &h["actor"]["id"]),
            (&json!(c.sp1.user_id), &json!(sp3.user_id), &json!(c.sup.user_id))
        );
    }
    // Supervisors manage only their groups' salespeople.
    assert_eq!(s.gql(Some(&c.sup.token), OFFBOARD, json!({ "id": c.sp2.user_id })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.sup.token), OFFBOARD, json!({ "id": c.admin.user_id })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.sp2.token), OFFBOARD, json!({ "id": sp3.user_id })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.maint.token), OFFBOARD, json!({ "id": sp3.user_id })).await.code(), "FORBIDDEN");

    // An admin offboards another admin: their API keys are revoked too, and
    // a supervisor may succeed them.
    let admin2 = s.invite_and_accept(&c.admin, "boss2@acme.cn", "ADMIN", None).await;
    let (key, _) = s.api_key(&admin2, "erp", "READ").await;
    let theirs = create(s, &admin2, "大客户", None).await;
    assert_eq!(s.gql(Some(&key), ME, json!({})).await.ok()["me"]["user"]["id"], admin2.user_id.as_str());
    let r = s
        .gql(Some(&c.admin.token), OFFBOARD, json!({ "id": admin2.user_id, "i": { "successorId": c.sup.user_id } }))
        .await;
    let sum = &r.ok()["offboardUser"];
    assert_eq!((&sum["apiKeysRevoked"], &sum["customersToSuccessor"]), (&json!(1), &json!(1)));
    assert_eq!(s.gql(Some(&key), ME, json!({})).await.code(), "UNAUTHENTICATED");
    assert_eq!(get(s, &c.sup, &theirs).await["owner"]["id"], c.sup.user_id.as_str());
}

async fn failed_offboarding_changes_nothing(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let ids = busy_salesperson(&c).await;
    let sp3 = s.invite_and_accept(&c.admin, "sp3@acme.cn", "SALESPERSON", Some(&c.g1)).await;
    s.gql(Some(&c.admin.token), "mutation($id: ID!) { deactivateUser(id: $id) { id } }", json!({ "id": sp3.user_id }))
        .await
        .ok();
    let offboard = |input: Value| {
        let t = c.admin.token.clone();
        let id = c.sp1.user_id.clone();
        async move { s.gql(Some(&t), OFFBOARD, json!({ "id": id, "i": input })).await }
    };
    let cases = [
        (json!({ "successorId": Uuid::now_v7().to_string() }), "successorId", "not_found"),
        (json!({ "successorId": c.maint.user_id }), "successorId", "cannot_own"),
        (json!({ "successorId": sp3.user_id }), "successorId", "cannot_own"),
        (json!({ "successorId": c.sp1.user_id }), "successorId", "self"),
        (json!({ "successorId": "nope" }), "successorId", "invalid"),
        (json!({ "reason": "离".repeat(201) }), "reason", "too_long"),
        (json!({ "reason": "  " }), "reason", "required"),
    ];
    for (input, field, why) in cases {
        let r = offboard(input.clone()).await;
        assert_eq!(
            (r.code(), r.fields(), reason(&r)),
            ("VALIDATION_FAILED", vec![field.to_owned()], why.to_owned()),
            "{input}"
        );
    }
    // Not themselves, not by a salesperson.
    let r = s.gql(Some(&c.admin.token), OFFBOARD, json!({ "id": c.admin.user_id })).await;
    assert_eq!((r.code(), reason(&r)), ("CONFLICT", "self".to_owned()));
    let r = s.gql(Some(&c.sup.token), OFFBOARD, json!({ "id": c.sup.user_id })).await;
    assert_eq!((r.code(), reason(&r)), ("CONFLICT", "self".to_owned()));
    assert_eq!(s.gql(Some(&c.sp1.token), OFFBOARD, json!({ "id": c.sp2.user_id })).await.code(), "NOT_FOUND");

    // Everything is as it was: still logged in, plans, suggestions, customers.
    assert_eq!(s.gql(Some(&c.sp1.token), ME, json!({})).await.ok()["me"]["user"]["id"], c.sp1.user_id.as_str());
    assert_eq!(plan_count(s, &c.sp1.user_id).await, 2);
    assert_eq!(suggestion_titles(s, &c.admin).await, ["匿名建议", "署名建议"]);
    assert_eq!(raw_count(s, "SELECT count(*) AS n FROM suggestion_replies", vec![]).await, 1);
    for id in &ids {
        let cust = get(s, &c.sp1, id).await;
        assert_eq!((&cust["owner"]["id"], changes(&cust["history"])), (&json!(c.sp1.user_id), json!([])));
    }
    let r = s.gql(Some(&c.admin.token), "{ auditLog(limit: 100) { action targetId } }", json!({})).await;
    let touched = r.ok()["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["targetId"] == c.sp1.user_id.as_str()
                && ["user.deactivate", "user.offboard"].contains(&e["action"].as_str().unwrap())
        })
        .count();
    assert_eq!(touched, 0);
}

async fn other_companies_cannot_see_or_offboard(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let ids = busy_salesperson(&c).await;
    let z = s.sign_up("zeta").await;
    let zg = s.create_group(&z, "泽塔组").await;
    let zsp = s.invite_and_accept(&z, "sp@zeta.cn", "SALESPERSON", Some(&zg)).await;

    // Zeta's admin cannot see or offboard Acme's people …
    assert_eq!(sorted_of(team_ids(s, &z, json!({})).await), sorted(&[&z, &zsp]));
    assert_eq!(s.gql(Some(&z.token), MEMBER, json!({ "id": c.sp1.user_id })).await.code(), "NOT_FOUND");
    let r = s.gql(Some(&z.token), OFFBOARD, json!({ "id": c.sp1.user_id, "i": { "successorId": zsp.user_id } })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    // … nor can Acme's admin hand Acme's customers to Zeta's salesperson.
    let r = s
        .gql(Some(&c.admin.token), OFFBOARD, json!({ "id": c.sp1.user_id, "i": { "successorId": zsp.user_id } }))
        .await;
    assert_eq!((r.fields(), reason(&r)), (vec!["successorId".to_owned()], "not_found".to_owned()));
    assert_eq!(s.gql(Some(&c.admin.token), OFFBOARD, json!({ "id": zsp.user_id })).await.code(), "NOT_FOUND");

    // Nothing changed on either side.
    assert_eq!(s.gql(Some(&c.sp1.token), ME, json!({})).await.ok()["me"]["user"]["id"], c.sp1.user_id.as_str());
    assert_eq!(s.gql(Some(&zsp.token), ME, json!({})).await.ok()["me"]["user"]["id"], zsp.user_id.as_str());
    assert_eq!(plan_count(s, &c.sp1.user_id).await, 2);
    for id in &ids {
        assert_eq!(get(s, &c.admin, id).await["owner"]["id"], c.sp1.user_id.as_str());
    }
}

/// After offboarding, an admin may erase the departed user's personal
/// details: the record stays for history under a placeholder, while their
/// name, address, password, sessions and keys go, from every table; audited
/// and irreversible.
async fn erasing_a_departed_users_personal_details(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    const ERASE: &str = "mutation($id: ID!, $c: Boolean!) { erasePersonalDetails(id: $id, confirm: $c) { \
        user { id displayName email active erasedAt } sessionsDeleted apiKeysRevoked invitationsCleared \
        mailsCleared auditEntriesCleared } }";
    let sp3 = s.invite_and_accept(&c.admin, "wang.xm@acme.cn", "SALESPERSON", Some(&c.g1)).await;
    s.gql(
        Some(&c.admin.token),
        "mutation($id: ID!) { updateUser(id: $id, input: {displayName: \"王小明\"}) { id } }",
        json!({ "id": sp3.user_id }),
    )
    .await
    .ok();
    s.login("acme", "wang.xm@acme.cn", PASSWORD).await.unwrap();
    let theirs = create(s, &sp3, "甲公司", None).await;

    // Only admins, only with confirm, only once the user has left.
    let r = s.gql(Some(&c.admin.token), ERASE, json!({ "id": sp3.user_id, "c": true })).await;
    assert_eq!((r.code(), reason(&r)), ("CONFLICT", "active".to_owned()));
    s.gql(Some(&c.admin.token), OFFBOARD, json!({ "id": sp3.user_id, "i": { "successorId": c.sp1.user_id } }))
        .await
        .ok();
    for who in [&c.sup, &c.sp1, &c.maint] {
        let r = s.gql(Some(&who.token), ERASE, json!({ "id": sp3.user_id, "c": true })).await;
        assert_eq!(r.code(), "FORBIDDEN");
    }
    let r = s.gql(Some(&c.admin.token), ERASE, json!({ "id": sp3.user_id, "c": false })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["confirm".to_owned()]));
    let r = s.gql(Some(&c.admin.token), ERASE, json!({ "id": Uuid::new_v4(), "c": true })).await;
    assert_eq!(r.code(), "NOT_FOUND");

    let r = s.gql(Some(&c.admin.token), ERASE, json!({ "id": sp3.user_id, "c": true })).await;
    let e = r.ok()["erasePersonalDetails"].clone();
    assert_eq!((&e["user"]["displayName"], &e["user"]["active"]), (&json!("已删除的用户"), &json!(false)));
    assert!(e["user"]["email"].as_str().unwrap().ends_with("@erased.invalid"), "{e}");
    assert!(e["user"]["erasedAt"].is_string());
    assert_eq!((&e["invitationsCleared"], &e["mailsCleared"]), (&json!(1), &json!(1)));
    assert!(e["sessionsDeleted"].as_u64().unwrap() >= 2, "{e}");
    assert!(e["auditEntriesCleared"].as_u64().unwrap() >= 3, "invitation, rename, logins: {e}");

    // Irreversible: not again, not reactivated, no login.
    let r = s.gql(Some(&c.admin.token), ERASE, json!({ "id": sp3.user_id, "c": true })).await;
    assert_eq!((r.code(), reason(&r)), ("CONFLICT", "erased".to_owned()));
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($id: ID!) { reactivateUser(id: $id) { id } }",
            json!({ "id": sp3.user_id }),
        )
        .await;
    assert_eq!((r.code(), reason(&r)), ("CONFLICT", "erased".to_owned()));
    assert!(s.login("acme", "wang.xm@acme.cn", PASSWORD).await.is_err());

    // History still points to the user, under the placeholder.
    let r = s
        .gql(
            Some(&c.sp1.token),
            "query($id: ID!) { customer(id: $id) { createdBy { id displayName } } }",
            json!({ "id": theirs }),
        )
        .await;
    assert_eq!(r.ok()["customer"]["createdBy"], json!({ "id": sp3.user_id, "displayName": "已删除的用户" }));
    let r = s.gql(Some(&c.admin.token), "{ auditLog(limit: 200) { action actorId targetId } }", json!({})).await;
    let log = r.ok()["auditLog"].as_array().unwrap().clone();
    assert!(log.iter().any(|x| x["action"] == "user.erase_personal_details"
        && x["actorId"] == c.admin.user_id.as_str()
        && x["targetId"] == sp3.user_id.as_str()));

    // No table holds the name or the address any more.
    let db = s.db.connect_owner().await;
    let sqlite = sea_orm::ConnectionTrait::get_database_backend(&db) == sea_orm::DbBackend::Sqlite;
    let needles: Vec<String> = ["wang.xm@acme.cn", "王小明"]
        .iter()
        .map(|n| if sqlite { crate::suggestions::hex(n.as_bytes()) } else { (*n).to_owned() })
        .collect();
    for table in crate::suggestions::all_tables(&db).await {
        for row in crate::suggestions::raw_rows(&db, &table, "1 = 1").await {
            assert!(!needles.iter().any(|n| row.contains(n.as_str())), "{table} still holds personal details: {row}");
        }
    }
}

backend_tests!(
    erasing_a_departed_users_personal_details,
    the_team_at_a_glance_by_role,
    offboarding_to_the_pool,
    offboarding_to_a_successor,
    failed_offboarding_changes_nothing,
    other_companies_cannot_see_or_offboard,
);
