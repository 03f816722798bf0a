//! Customers: numbers, validation, visibility per role, owner rules,
//! history, search, canned date windows, sorting and pagination, and
//! isolation between companies.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Days, Duration, Months, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};

const FIELDS: &str = "id number name company title phones email address gender birthday status industry source \
                      grade tags inPool owner { id displayName } lastContactAt nextVisitAt custom \
                      createdBy { id } createdAt updatedAt";

fn create_q() -> String {
    format!("mutation($i: CreateCustomerInput!) {{ createCustomer(input: $i) {{ {FIELDS} }} }}")
}

fn update_q() -> String {
    format!("mutation($id: ID!, $i: UpdateCustomerInput!) {{ updateCustomer(id: $id, input: $i) {{ {FIELDS} }} }}")
}

const GET: &str = "query($id: ID!) { customer(id: $id) { id name owner { id } } }";
const HISTORY: &str =
    "query($id: ID!) { customer(id: $id) { history { field oldValue newValue actor { id displayName } at } } }";
const LIST: &str = "query($f: CustomerFilter, $s: CustomerSort, $n: Int, $a: String) { \
                    customers(filter: $f, sort: $s, first: $n, after: $a) { \
                    edges { cursor node { id name } } pageInfo { hasNextPage endCursor } totalCount } }";

async fn create(s: &TestServer, who: &Session, input: Value) -> Value {
    let r = s.gql(Some(&who.token), &create_q(), json!({ "i": input })).await;
    r.ok()["createCustomer"].clone()
}

async fn update(s: &TestServer, who: &Session, id: &Value, input: Value) -> Value {
    let r = s.gql(Some(&who.token), &update_q(), json!({ "id": id, "i": input })).await;
    r.ok()["updateCustomer"].clone()
}

async fn page(s: &TestServer, who: &Session, filter: Value) -> Value {
    let r = s.gql(Some(&who.token), LIST, json!({ "f": filter, "n": 100 })).await;
    r.ok()["customers"].clone()
}

/// Names of the customers `who` sees with `filter`, sorted; checks that
/// `totalCount` agrees.
async fn names(s: &TestServer, who: &Session, filter: Value) -> Vec<String> {
    let p = page(s, who, filter).await;
    let mut v: Vec<String> =
        p["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(p["totalCount"], v.len(), "totalCount");
    v.sort();
    v
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| (*s).to_owned()).collect();
    v.sort();
    v
}

/// Define a customer number field `key` (as an admin).
async fn number_field(s: &TestServer, admin: &Session, key: &str) {
    s.gql(
        Some(&admin.token),
        "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }",
        json!({ "i": { "key": key, "label": key, "type": "NUMBER" } }),
    )
    .await
    .ok();
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn create_with_defaults_and_number_patterns(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let year = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).year();
    let a = create(&s, &admin, json!({ "name": "  李雷 " })).await;
    assert_eq!(a["number"], format!("KH{year}000001"));
    assert_eq!(a["name"], "李雷");
    assert_eq!((&a["status"], &a["gender"], &a["grade"]), (&json!("PROSPECT"), &json!("UNKNOWN"), &json!("NORMAL")));
    assert_eq!(a["owner"]["id"], admin.user_id.as_str());
    assert_eq!(a["owner"]["displayName"], "王总");
    assert_eq!(a["createdBy"]["id"], admin.user_id.as_str());
    assert_eq!(
        (&a["inPool"], &a["phones"], &a["tags"], &a["custom"]),
        (&json!(false), &json!([]), &json!([]), &json!({}))
    );
    let b2 = create(&s, &admin, json!({ "name": "韩梅梅" })).await;
    assert_eq!(b2["number"], format!("KH{year}000002"));

    // A full record, normalised.
    number_field(&s, &admin, "level").await;
    let full = create(
        &s,
        &admin,
        json!({
            "name": "张伟", "company": " 北京关系科技 ", "title": "采购经理",
            "phones": ["+86 138-0013-8000", "(010) 8888-6666", "13800138000"],
            "email": " Zhang.Wei@Example.CN ", "address": "北京市海淀区", "gender": "MALE",
            "birthday": "1985-06-01", "status": "INTENT", "industry": "制造业", "source": "朋友介绍",
            "grade": "VIP", "tags": [" 重点 ", "华北", "重点"], "custom": { "level": 3 },
            "lastContactAt": "2026-01-02T03:04:05Z", "nextVisitAt": "2026-02-03T04:05:06Z",
        }),
    )
    .await;
    assert_eq!(full["number"], format!("KH{year}000003"));
    assert_eq!(full["company"], "北京关系科技");
    assert_eq!(full["phones"], json!(["13800138000", "010-88886666"]));
    assert_eq!(full["email"], "zhang.wei@example.cn");
    assert_eq!(full["tags"], json!(["重点", "华北"]));
    assert_eq!((&full["status"], &full["grade"], &full["gender"]), (&json!("INTENT"), &json!("VIP"), &json!("MALE")));
    assert_eq!(full["birthday"], "1985-06-01");
    assert_eq!(full["custom"], json!({ "level": 3 }));
    assert_eq!(full["lastContactAt"], "2026-01-02T03:04:05+00:00");

    // A custom pattern; a bad one is refused.
    let set =
        "mutation($p: String!) { updateTenantSettings(input: {customerNumberPattern: $p}) { customerNumberPattern } }";
    let r = s.gql(Some(&admin.token), set, json!({ "p": "KH{yyyy}" })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["customerNumberPattern"]);
    let r = s.gql(Some(&admin.token), set, json!({ "p": "C{year}{seq:3}" })).await;
    assert_eq!(r.fields(), ["customerNumberPattern"]);
    let r = s.gql(Some(&admin.token), set, json!({ "p": " C-{yy}{mm}-{seq:3} " })).await;
    assert_eq!(r.ok()["updateTenantSettings"]["customerNumberPattern"], "C-{yy}{mm}-{seq:3}");
    let now = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai);
    let prefix = format!("C-{:02}{:02}-", now.year() % 100, now.month());
    assert_eq!(create(&s, &admin, json!({ "name": "a" })).await["number"], format!("{prefix}001"));
    assert_eq!(create(&s, &admin, json!({ "name": "b" })).await["number"], format!("{prefix}002"));
    let r = s.gql(Some(&admin.token), "{ tenantSettings { customerNumberPattern } }", json!({})).await;
    assert_eq!(r.ok()["tenantSettings"]["customerNumberPattern"], "C-{yy}{mm}-{seq:3}");
    // Back to the default pattern: its sequence continues.
    s.gql(Some(&admin.token), set, json!({ "p": "KH{yyyy}{seq:6}" })).await.ok();
    assert_eq!(create(&s, &admin, json!({ "name": "c" })).await["number"], format!("KH{year}000004"));

    // Another company counts on its own.
    let other = s.sign_up("other").await;
    assert_eq!(create(&s, &other, json!({ "name": "x" })).await["number"], format!("KH{year}000001"));
}

async fn concurrent_creates_get_distinct_numbers(b: Backend) {
    let s = Arc::new(TestServer::start(b).await);
    let admin = s.sign_up("acme").await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let (s, token) = (s.clone(), admin.token.clone());
        tasks.spawn(async move {
            let r = s.gql(Some(&token), &create_q(), json!({ "i": { "name": format!("客户{i}") } })).await;
            r.ok()["createCustomer"]["number"].as_str().unwrap().to_owned()
        });
    }
    let mut numbers = tasks.join_all().await;
    numbers.sort();
    let year = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).year();
    let expected: Vec<String> = (1..=20).map(|n| format!("KH{year}{n:06}")).collect();
    assert_eq!(numbers, expected);
}

async fn invalid_input_names_every_field_and_writes_nothing(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let mut tags: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    tags[3] = "x".repeat(21);
    tags[4] = "  ".to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            &create_q(),
            json!({ "i": {
                "name": " ", "company": "公".repeat(101), "title": "t".repeat(51),
                "phones": ["13800138000", "12800138000", "12-34", "phone"], "email": "not-an-email",
                "address": "路".repeat(201), "birthday": "2999-01-01", "industry": "火星采矿", "source": "地摊",
                "tags": tags, "custom": [1, 2],
            }}),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(
        r.fields(),
        [
            "name", "company", "title", "phones.1", "phones.2", "phones.3", "email", "address", "birthday", "industry",
            "source", "tags.3", "tags.4", "custom"
        ]
    );
    let too_many_tags: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    let big = json!({ "blob": "x".repeat(17 * 1024) });
    let r = s
        .gql(Some(&admin.token), &create_q(), json!({ "i": { "name": "a", "tags": too_many_tags, "custom": big } }))
        .await;
    assert_eq!(r.fields(), ["tags", "custom"]);
    let phones: Vec<String> = (0..11).map(|i| format!("1380013800{i}")).collect();
    let r = s.gql(Some(&admin.token), &create_q(), json!({ "i": { "name": "a", "phones": phones } })).await;
    assert_eq!(r.fields(), ["phones"]);
    // Unknown enum values never reach the resolver.
    let r = s.gql(Some(&admin.token), &create_q(), json!({ "i": { "name": "a", "status": "WON" } })).await;
    assert_eq!(r.code(), "BAD_REQUEST");
    let r = s.gql(Some(&admin.token), &create_q(), json!({ "i": { "name": "a", "ownerId": "nope" } })).await;
    assert_eq!(r.fields(), ["ownerId"]);

    // Nothing was written: no customers, and no number was used up.
    assert_eq!(page(&s, &admin, json!({})).await["totalCount"], 0);
    let year = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).year();
    let c = create(&s, &admin, json!({ "name": "李雷", "company": "关系科技", "industry": "教育" })).await;
    assert_eq!(c["number"], format!("KH{year}000001"));

    // Bad updates change nothing either.
    let r = s
        .gql(
            Some(&admin.token),
            &update_q(),
            json!({ "id": c["id"], "i": { "name": "", "phones": ["123"], "industry": "火星采矿", "company": "新公司" } }),
        )
        .await;
    assert_eq!(r.fields(), ["name", "phones.0", "industry"]);
    let r = s.gql(Some(&admin.token), GET_FULL, json!({ "id": c["id"] })).await;
    assert_eq!(r.ok()["customer"]["company"], "关系科技");
    // Nothing but its creation.
    assert_eq!(r.ok()["customer"]["history"], json!([{ "field": "created" }]));
    // An industry dropped from the settings stays valid on the customers that have it.
    s.gql(
        Some(&admin.token),
        "mutation { updateTenantSettings(input: {industries: [\"金融\"]}) { industries } }",
        json!({}),
    )
    .await
    .ok();
    let u = update(&s, &admin, &c["id"], json!({ "industry": "教育", "name": "李雷雷" })).await;
    assert_eq!((&u["industry"], &u["name"]), (&json!("教育"), &json!("李雷雷")));
    let r = s.gql(Some(&admin.token), &update_q(), json!({ "id": c["id"], "i": { "industry": "制造业" } })).await;
    assert_eq!(r.fields(), ["industry"]);

    // List arguments.
    for n in [0, 101] {
        let r = s.gql(Some(&admin.token), LIST, json!({ "n": n })).await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["first".to_owned()]));
    }
    let r = s.gql(Some(&admin.token), LIST, json!({ "a": "garbage" })).await;
    assert_eq!(r.fields(), ["after"]);
    let r = s.gql(Some(&admin.token), LIST, json!({ "f": { "search": "李".repeat(101) } })).await;
    assert_eq!(r.fields(), ["filter.search"]);
    let r = s
        .gql(
            Some(&admin.token),
            LIST,
            json!({ "f": { "createdFrom": "2026-02-01T00:00:00Z", "createdTo": "2026-01-01T00:00:00Z" } }),
        )
        .await;
    assert_eq!(r.fields(), ["filter.createdTo"]);
}

const GET_FULL: &str = "query($id: ID!) { customer(id: $id) { company history { field } } }";

async fn visibility_per_role(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let a = create(s, &c.sp1, json!({ "name": "A 一组业务员的" })).await;
    let b2 = create(s, &c.sp2, json!({ "name": "B 二组业务员的" })).await;
    let adm = create(s, &c.admin, json!({ "name": "C 管理员的" })).await;
    let pool = create(s, &c.admin, json!({ "name": "P 公海", "ownerId": null })).await;
    assert_eq!(pool["inPool"], true);
    assert!(pool["owner"].is_null());
    let sup = create(s, &c.sup, json!({ "name": "S 主管的" })).await;
    let all = ["A 一组业务员的", "B 二组业务员的", "C 管理员的", "P 公海", "S 主管的"];

    // Lists hold the customers each works; the pool is its own view.
    let owned: Vec<&str> = all.iter().copied().filter(|n| *n != "P 公海").collect();
    assert_eq!(names(s, &c.admin, json!({})).await, sorted(&owned));
    assert_eq!(names(s, &c.sup, json!({})).await, sorted(&["A 一组业务员的", "S 主管的"]));
    assert_eq!(names(s, &c.sp1, json!({})).await, sorted(&["A 一组业务员的"]));
    assert_eq!(names(s, &c.sp2, json!({})).await, sorted(&["B 二组业务员的"]));
    for who in [&c.admin, &c.sup, &c.sp1, &c.sp2] {
        assert_eq!(names(s, who, json!({ "inPool": true })).await, sorted(&["P 公海"]));
    }
    for q in [LIST, "{ customers { totalCount } }"] {
        assert_eq!(s.gql(Some(&c.maint.token), q, json!({})).await.code(), "FORBIDDEN");
    }
    assert_eq!(s.gql(Some(&c.maint.token), GET, json!({ "id": pool["id"] })).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&c.maint.token), &create_q(), json!({ "i": { "name": "x" } })).await.code(), "FORBIDDEN");

    // One customer and its history: out of scope is NOT_FOUND.
    let cases = [
        (&c.sp1, &b2, false),
        (&c.sp1, &adm, false),
        (&c.sp1, &sup, false),
        (&c.sp1, &pool, true),
        (&c.sp1, &a, true),
        (&c.sup, &a, true),
        (&c.sup, &b2, false),
        (&c.sup, &adm, false),
        (&c.sp2, &a, false),
        (&c.admin, &b2, true),
    ];
    for (who, cust, visible) in cases {
        for q in [GET, HISTORY] {
            let r = s.gql(Some(&who.token), q, json!({ "id": cust["id"] })).await;
            if visible {
                r.ok();
            } else {
                assert_eq!(r.code(), "NOT_FOUND", "{} for {}", cust["name"], who.user_id);
                assert_eq!(r.error()["extensions"]["entity"], "customer");
            }
        }
    }

    // Filters by owner and group stay within the caller's scope.
    assert_eq!(names(s, &c.sup, json!({ "ownerId": c.sp1.user_id })).await, sorted(&["A 一组业务员的"]));
    assert_eq!(names(s, &c.sup, json!({ "groupId": c.g1 })).await, sorted(&["A 一组业务员的", "S 主管的"]));
    assert_eq!(names(s, &c.admin, json!({ "groupId": c.g2 })).await, sorted(&["B 二组业务员的"]));
    assert_eq!(names(s, &c.sp1, json!({ "ownerId": c.sp1.user_id })).await, sorted(&["A 一组业务员的"]));
    assert_eq!(names(s, &c.sp1, json!({ "inPool": true })).await, sorted(&["P 公海"]));
    assert_eq!(names(s, &c.admin, json!({ "inPool": false })).await.len(), 4);
    let r = s.gql(Some(&c.sup.token), LIST, json!({ "f": { "ownerId": c.sp2.user_id } })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["filter.ownerId".to_owned()]));
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "f": { "ownerId": c.sp2.user_id } })).await;
    assert_eq!(r.fields(), ["filter.ownerId"]);
    let r = s.gql(Some(&c.sup.token), LIST, json!({ "f": { "groupId": c.g2 } })).await;
    assert_eq!(r.fields(), ["filter.groupId"]);
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "f": { "groupId": c.g1 } })).await;
    assert_eq!(r.code(), "FORBIDDEN");

    // Visibility follows the owner's current group.
    s.gql(
        Some(&c.admin.token),
        "mutation($id: ID!, $g: ID!) { updateUser(id: $id, input: {groupId: $g}) { id } }",
        json!({ "id": c.sp1.user_id, "g": c.g2 }),
    )
    .await
    .ok();
    assert_eq!(names(s, &c.sup, json!({})).await, sorted(&["S 主管的"]));
    assert_eq!(s.gql(Some(&c.sup.token), GET, json!({ "id": a["id"] })).await.code(), "NOT_FOUND");
}

async fn owner_rules(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let cq = create_q();
    let try_create = |who: &Session, owner: Value| {
        let (token, q) = (who.token.clone(), cq.clone());
        async move { s.gql(Some(&token), &q, json!({ "i": { "name": "客户", "ownerId": owner } })).await }
    };
    // Salespeople: only themselves.
    assert_eq!(try_create(&c.sp1, json!(c.sp2.user_id)).await.code(), "FORBIDDEN");
    assert_eq!(try_create(&c.sp1, json!(c.sup.user_id)).await.code(), "FORBIDDEN");
    assert_eq!(try_create(&c.sp1, Value::Null).await.code(), "FORBIDDEN");
    let own = try_create(&c.sp1, json!(c.sp1.user_id)).await;
    assert_eq!(own.ok()["createCustomer"]["owner"]["id"], c.sp1.user_id.as_str());
    // Supervisors: themselves, their groups' members, the pool.
    let r = try_create(&c.sup, json!(c.sp1.user_id)).await;
    assert_eq!(r.ok()["createCustomer"]["owner"]["id"], c.sp1.user_id.as_str());
    assert_eq!(try_create(&c.sup, json!(c.sp2.user_id)).await.code(), "FORBIDDEN");
    assert_eq!(try_create(&c.sup, Value::Null).await.ok()["createCustomer"]["inPool"], true);
    // Admins: any active user who can hold customers.
    let r = try_create(&c.admin, json!(c.sp2.user_id)).await;
    assert_eq!(r.ok()["createCustomer"]["owner"]["id"], c.sp2.user_id.as_str());
    let r = try_create(&c.admin, json!(c.maint.user_id)).await;
    assert_eq!(
        (r.code(), r.error()["extensions"]["fields"][0]["reason"].as_str()),
        ("VALIDATION_FAILED", Some("cannot_own"))
    );
    let r = try_create(&c.admin, json!("0190d4a0-0000-7000-8000-000000000000")).await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "not_found");
    let sp3 = s.invite_and_accept(&c.admin, "sp3@acme.cn", "SALESPERSON", Some(&c.g2)).await;
    s.gql(Some(&c.admin.token), "mutation($id: ID!) { deactivateUser(id: $id) { id } }", json!({ "id": sp3.user_id }))
        .await
        .ok();
    let r = try_create(&c.admin, json!(sp3.user_id)).await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "cannot_own");

    // Changing the owner by editing: admins, and supervisors within scope.
    let cust = &own.ok()["createCustomer"];
    let uq = update_q();
    let set_owner = |who: &Session, owner: Value| {
        let (token, q, id) = (who.token.clone(), uq.clone(), cust["id"].clone());
        async move { s.gql(Some(&token), &q, json!({ "id": id, "i": { "ownerId": owner } })).await }
    };
    assert_eq!(set_owner(&c.sp1, json!(c.sup.user_id)).await.code(), "FORBIDDEN");
    assert_eq!(set_owner(&c.sp1, Value::Null).await.code(), "FORBIDDEN");
    // Naming the current owner changes nothing and is allowed.
    set_owner(&c.sp1, json!(c.sp1.user_id)).await.ok();
    assert_eq!(set_owner(&c.sup, json!(c.sp2.user_id)).await.code(), "FORBIDDEN");
    let r = set_owner(&c.sup, json!(c.sup.user_id)).await;
    assert_eq!(r.ok()["updateCustomer"]["owner"]["id"], c.sup.user_id.as_str());
    // sp1 no longer sees it; the admin moves it to group 2, out of the supervisor's sight.
    assert_eq!(s.gql(Some(&c.sp1.token), GET, json!({ "id": cust["id"] })).await.code(), "NOT_FOUND");
    let r = set_owner(&c.admin, json!(c.sp2.user_id)).await;
    assert_eq!(r.ok()["updateCustomer"]["owner"]["id"], c.sp2.user_id.as_str());
    assert_eq!(set_owner(&c.sup, json!(c.sup.user_id)).await.code(), "NOT_FOUND");
    let r = set_owner(&c.admin, Value::Null).await;
    assert_eq!(r.ok()["updateCustomer"]["inPool"], true);
    let r = s.gql(Some(&c.admin.token), HISTORY, json!({ "id": cust["id"] })).await;
    let owners: Vec<(Value, Value)> = r.ok()["customer"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["field"] != "created")
        .map(|h| {
            assert_eq!(h["field"], "ownerId");
            (h["oldValue"].clone(), h["newValue"].clone())
        })
        .collect();
    assert_eq!(
        owners,
        [
            (json!(c.sp2.user_id), Value::Null),
            (json!(c.sup.user_id), json!(c.sp2.user_id)),
            (json!(c.sp1.user_id), json!(c.sup.user_id)),
        ]
    );

    // Pool customers are read-only to salespeople; supervisors may edit them.
    let r = s.gql(Some(&c.sp1.token), &uq, json!({ "id": cust["id"], "i": { "name": "改" } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    assert_eq!(update(s, &c.sup, &cust["id"], json!({ "name": "主管改" })).await["name"], "主管改");
    // Salespeople edit their own.
    let mine = create(s, &c.sp2, json!({ "name": "自己的" })).await;
    assert_eq!(update(s, &c.sp2, &mine["id"], json!({ "grade": "VIP" })).await["grade"], "VIP");
}

async fn updates_write_history(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let cust = create(
        s,
        &c.sp1,
        json!({ "name": "李雷", "company": "关系科技", "phones": ["13800138000"], "tags": ["a"], "email": "li@x.cn" }),
    )
    .await;
    let before = cust["updatedAt"].clone();
    number_field(s, &c.admin, "k").await;
    let u = update(
        s,
        &c.sp1,
        &cust["id"],
        json!({
            "name": "李雷雷", "status": "DEAL", "grade": "VIP", "company": null, "email": "",
            "phones": ["139 0000 0000"], "tags": ["a", "b"], "birthday": "1990-01-02",
            "lastContactAt": "2026-03-01T08:00:00Z", "custom": { "k": 1 },
            // Unchanged values write no history.
            "gender": "UNKNOWN", "title": null,
        }),
    )
    .await;
    assert_eq!((&u["name"], &u["status"], &u["grade"]), (&json!("李雷雷"), &json!("DEAL"), &json!("VIP")));
    assert!(u["company"].is_null() && u["email"].is_null());
    assert_eq!(u["phones"], json!(["13900000000"]));
    assert_ne!(u["updatedAt"], before);
    let r = s.gql(Some(&c.sup.token), HISTORY, json!({ "id": cust["id"] })).await;
    let h = r.ok()["customer"]["history"].as_array().unwrap().clone();
    let by_field = |f: &str| h.iter().find(|e| e["field"] == f).unwrap_or_else(|| panic!("no {f} in {h:?}")).clone();
    let mut fields: Vec<&str> = h.iter().map(|e| e["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "birthday",
            "company",
            "created",
            "custom.k",
            "email",
            "grade",
            "lastContactAt",
            "name",
            "phones",
            "status",
            "tags"
        ]
    );
    assert_eq!(
        (by_field("status")["oldValue"].clone(), by_field("status")["newValue"].clone()),
        (json!("prospect"), json!("deal"))
    );
    assert_eq!(
        (by_field("name")["oldValue"].clone(), by_field("name")["newValue"].clone()),
        (json!("李雷"), json!("李雷雷"))
    );
    assert_eq!(
        (by_field("company")["oldValue"].clone(), by_field("company")["newValue"].clone()),
        (json!("关系科技"), Value::Null)
    );
    assert_eq!(by_field("phones")["newValue"], json!(["13900000000"]));
    assert_eq!(by_field("grade")["oldValue"], "normal");
    assert_eq!(by_field("lastContactAt")["oldValue"], Value::Null);
    let e = by_field("tags");
    assert_eq!(
        (e["actor"]["id"].as_str(), e["actor"]["displayName"].as_str()),
        (Some(c.sp1.user_id.as_str()), Some("新同事"))
    );
    assert!(e["at"].is_string());

    // A no-op update writes nothing and keeps updatedAt.
    let again =
        update(s, &c.sp1, &cust["id"], json!({ "name": " 李雷雷 ", "status": "DEAL", "tags": ["a", "b"] })).await;
    assert_eq!(again["updatedAt"], u["updatedAt"]);
    let r = s.gql(Some(&c.sp1.token), HISTORY, json!({ "id": cust["id"] })).await;
    // The ten changes and the creation.
    assert_eq!(r.ok()["customer"]["history"].as_array().unwrap().len(), 11);
    // Newest first.
    update(s, &c.admin, &cust["id"], json!({ "status": "LOST" })).await;
    let r = s.gql(Some(&c.sp1.token), HISTORY, json!({ "id": cust["id"] })).await;
    let first = &r.ok()["customer"]["history"][0];
    assert_eq!(
        (&first["field"], &first["oldValue"], &first["newValue"]),
        (&json!("status"), &json!("deal"), &json!("lost"))
    );
    assert_eq!(first["actor"]["displayName"], "王总");
    let r = s
        .gql(
            Some(&c.sp1.token),
            "query($id: ID!) { customer(id: $id) { history(limit: 2) { field } } }",
            json!({ "id": cust["id"] }),
        )
        .await;
    assert_eq!(r.ok()["customer"]["history"].as_array().unwrap().len(), 2);
}

async fn search_names_companies_and_phones(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    for (name, company, phone) in [
        ("李雷", "北京科技", "138-0013-8000"),
        ("李娜", "", "010 6666 8888"),
        ("王小李", "上海贸易", ""),
        ("张三", "ACME Trading", "+49 30 1234567"),
        ("Zhao_Wei", "100% 好", ""),
    ] {
        let phones: Vec<&str> = if phone.is_empty() { vec![] } else { vec![phone] };
        create(&s, &admin, json!({ "name": name, "company": company, "phones": phones })).await;
    }
    let find = |q: &str| names(&s, &admin, json!({ "search": q }));
    assert_eq!(find("李").await, sorted(&["李娜", "李雷", "王小李"]));
    assert_eq!(find("  李雷 ").await, sorted(&["李雷"]));
    assert_eq!(find("科技").await, sorted(&["李雷"]));
    assert_eq!(find("acme").await, sorted(&["张三"]));
    assert_eq!(find("tRaDiNg").await, sorted(&["张三"]));
    assert_eq!(find("zhao_").await, sorted(&["Zhao_Wei"]));
    assert_eq!(find("0013 8000").await, sorted(&["李雷"]));
    assert_eq!(find("0013-80").await, sorted(&["李雷"]));
    assert_eq!(find("8888").await, sorted(&["李娜"]));
    assert_eq!(find("+49 30").await, sorted(&["张三"]));
    assert_eq!(find("100%").await, sorted(&["Zhao_Wei"]));
    // Wildcards are literal.
    assert!(find("%").await == sorted(&["Zhao_Wei"]));
    assert!(find("_").await == sorted(&["Zhao_Wei"]));
    assert!(find("李%雷").await.is_empty());
    assert!(find("无此人").await.is_empty());
    assert_eq!(find("").await.len(), 5);
    // Search combines with other filters.
    let r = names(&s, &admin, json!({ "search": "李", "status": "PROSPECT", "inPool": false })).await;
    assert_eq!(r.len(), 3);
}

/// Local calendar boundaries of `tz` around now: today, this week (from
/// Monday) and this month, each as `[start, end)`.
fn windows(tz: Tz) -> [(&'static str, DateTime<Utc>, DateTime<Utc>); 3] {
    let today = Utc::now().with_timezone(&tz).date_naive();
    let start = |d: NaiveDate| tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap()).earliest().unwrap().to_utc();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let first = today.with_day(1).unwrap();
    [
        ("TODAY", start(today), start(today + Days::new(1))),
        ("THIS_WEEK", start(monday), start(monday + Days::new(7))),
        ("THIS_MONTH", start(first), start(first + Months::new(1))),
    ]
}

async fn canned_windows_in_the_tenant_time_zone(b: Backend) {
    let s = TestServer::start(b).await;
    let shanghai = s.sign_up("acme").await;
    let new_york = s.sign_up_in("nyc", "America/New_York").await;
    for (who, tz) in [(&shanghai, chrono_tz::Asia::Shanghai), (&new_york, chrono_tz::America::New_York)] {
        let bounds = windows(tz);
        // Points on and next to every boundary, in both tenants' terms: the
        // other zone's boundaries fall inside or outside this one's windows.
        let mut points: Vec<DateTime<Utc>> = Vec::new();
        for zone in [chrono_tz::Asia::Shanghai, chrono_tz::America::New_York] {
            for (_, start, end) in windows(zone) {
                for t in [start, end] {
                    points.extend([t - Duration::seconds(1), t]);
                }
            }
        }
        points.sort();
        points.dedup();
        for (i, t) in points.iter().enumerate() {
            create(&s, who, json!({ "name": format!("p{i:02}"), "lastContactAt": ts(*t), "nextVisitAt": ts(*t) }))
                .await;
        }
        create(&s, who, json!({ "name": "never" })).await;
        for (window, start, end) in bounds {
            let mut expected: Vec<String> = points
                .iter()
                .enumerate()
                .filter(|(_, t)| **t >= start && **t < end)
                .map(|(i, _)| format!("p{i:02}"))
                .collect();
            expected.sort();
            assert!(!expected.is_empty());
            assert_eq!(names(&s, who, json!({ "contacted": window })).await, expected, "contacted {window} in {tz}");
            assert_eq!(names(&s, who, json!({ "toVisit": window })).await, expected, "toVisit {window} in {tz}");
            // Everything was added just now.
            assert_eq!(names(&s, who, json!({ "added": window })).await.len(), points.len() + 1);
        }
        let r = names(&s, who, json!({ "contacted": "TODAY", "toVisit": "THIS_MONTH", "added": "THIS_WEEK" })).await;
        assert!(!r.is_empty());
        // Explicit creation ranges.
        let now = Utc::now();
        assert_eq!(names(&s, who, json!({ "createdFrom": ts(now + Duration::hours(1)) })).await.len(), 0);
        assert_eq!(
            names(
                &s,
                who,
                json!({ "createdFrom": ts(now - Duration::hours(1)), "createdTo": ts(now + Duration::hours(1)) })
            )
            .await
            .len(),
            points.len() + 1
        );
    }
}

/// Sort keys as the API defines them, for checking an order independently.
fn sort_key(field: &str, n: &Value) -> (i64, String) {
    let s = |k: &str| n[k].as_str().unwrap_or_default().to_owned();
    let rank = |v: &str, all: &[&str]| all.iter().position(|x| *x == v).unwrap() as i64;
    match field {
        "NAME" => (0, s("name")),
        "NUMBER" => (0, s("number")),
        "CREATED_AT" => (0, s("createdAt")),
        "UPDATED_AT" => (0, s("updatedAt")),
        // Never contacted is the oldest contact; no visit planned the latest.
        "LAST_CONTACT_AT" => (i64::from(!n["lastContactAt"].is_null()), s("lastContactAt")),
        "NEXT_VISIT_AT" => (i64::from(n["nextVisitAt"].is_null()), s("nextVisitAt")),
        "STATUS" => (rank(&s("status"), &["PROSPECT", "INTENT", "PAUSED", "DEAL", "LOST"]), String::new()),
        "GRADE" => (rank(&s("grade"), &["NORMAL", "VIP"]), String::new()),
        _ => unreachable!(),
    }
}

async fn sorting_and_cursor_pagination(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let statuses = ["PROSPECT", "INTENT", "PAUSED", "DEAL", "LOST"];
    for i in 0..23 {
        // Repeating values make ties that only the id breaks.
        let contact = (i % 3 != 0).then(|| format!("2026-01-{:02}T08:00:00Z", 1 + i % 4));
        let visit = (i % 4 != 0).then(|| format!("2026-02-{:02}T08:00:00Z", 1 + i % 3));
        create(
            &s,
            &admin,
            json!({
                "name": format!("客户{:02}", (i * 7) % 23), "status": statuses[i % 5], "grade": if i % 2 == 0 { "VIP" } else { "NORMAL" },
                "lastContactAt": contact, "nextVisitAt": visit,
            }),
        )
        .await;
    }
    let q = "query($s: CustomerSort, $n: Int, $a: String) { customers(sort: $s, first: $n, after: $a) { \
             edges { cursor node { id name number status grade createdAt updatedAt lastContactAt nextVisitAt } } \
             pageInfo { hasNextPage endCursor } totalCount } }";
    let nodes =
        |p: &Value| -> Vec<Value> { p["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect() };
    let fields = ["NAME", "NUMBER", "CREATED_AT", "UPDATED_AT", "LAST_CONTACT_AT", "NEXT_VISIT_AT", "STATUS", "GRADE"];
    for field in fields {
        for dir in ["ASC", "DESC"] {
            let sort = json!({ "field": field, "direction": dir });
            let r = s.gql(Some(&admin.token), q, json!({ "s": sort, "n": 100 })).await;
            let all = nodes(&r.ok()["customers"]);
            assert_eq!(all.len(), 23);
            let mut expected = all.clone();
            expected.sort_by(|a, b| {
                let o = sort_key(field, a)
                    .cmp(&sort_key(field, b))
                    .then_with(|| a["id"].as_str().unwrap().cmp(b["id"].as_str().unwrap()));
                if dir == "DESC" { o.reverse() } else { o }
            });
            let ids = |v: &[Value]| v.iter().map(|n| n["id"].clone()).collect::<Vec<_>>();
            assert_eq!(ids(&all), ids(&expected), "{field} {dir}");

            // The same order, five at a time.
            let mut paged = Vec::new();
            let mut after = Value::Null;
            let mut pages = 0;
            loop {
                let r = s.gql(Some(&admin.token), q, json!({ "s": sort, "n": 5, "a": after })).await;
                let p = r.ok()["customers"].clone();
                assert_eq!(p["totalCount"], 23);
                paged.extend(nodes(&p));
                pages += 1;
                if p["pageInfo"]["hasNextPage"] == false {
                    break;
                }
                after = p["pageInfo"]["endCursor"].clone();
            }
            assert_eq!(pages, 5, "{field} {dir}");
            assert_eq!(ids(&paged), ids(&all), "{field} {dir} paged");
        }
    }
    // Default: ten per page, most recently updated first.
    let r = s.gql(Some(&admin.token), q, json!({})).await;
    let p = &r.ok()["customers"];
    assert_eq!((p["edges"].as_array().unwrap().len(), &p["pageInfo"]["hasNextPage"]), (10, &json!(true)));
    // A cursor is only good for the sort it came from.
    let cursor = p["pageInfo"]["endCursor"].clone();
    for sort in [json!({ "field": "NAME" }), json!({ "field": "UPDATED_AT", "direction": "ASC" })] {
        let r = s.gql(Some(&admin.token), q, json!({ "s": sort, "a": cursor })).await;
        assert_eq!(
            (r.code(), r.error()["extensions"]["fields"][0]["reason"].as_str()),
            ("VALIDATION_FAILED", Some("sort_mismatch"))
        );
    }
}

async fn other_tenants_customers_are_not_found(b: Backend) {
    let s = TestServer::start(b).await;
    let a = s.sign_up("alpha").await;
    let z = s.sign_up("zeta").await;
    let zg = s.create_group(&z, "销售一组").await;
    let zsp = s.invite_and_accept(&z, "sp@zeta.cn", "SALESPERSON", Some(&zg)).await;
    let theirs = create(&s, &z, json!({ "name": "泽塔客户", "company": "Z 公司" })).await;
    create(&s, &a, json!({ "name": "阿尔法客户" })).await;
    let (key, _) = s.api_key(&a, "k", "READ_WRITE").await;
    for token in [&a.token, &key] {
        for q in [GET, HISTORY] {
            assert_eq!(s.gql(Some(token), q, json!({ "id": theirs["id"] })).await.code(), "NOT_FOUND");
        }
        let r = s
            .gql(Some(token), &update_q(), json!({ "id": theirs["id"], "i": { "name": "pwned", "ownerId": null } }))
            .await;
        assert_eq!(r.code(), "NOT_FOUND");
        let r = s.gql(Some(token), &create_q(), json!({ "i": { "name": "x", "ownerId": zsp.user_id } })).await;
        assert_eq!(r.fields(), ["ownerId"]);
        let r = s.gql(Some(token), LIST, json!({ "f": { "ownerId": zsp.user_id } })).await;
        assert_eq!(r.fields(), ["filter.ownerId"]);
        let r = s.gql(Some(token), LIST, json!({ "f": { "groupId": zg } })).await;
        assert_eq!(r.fields(), ["filter.groupId"]);
    }
    assert_eq!(names(&s, &a, json!({})).await, ["阿尔法客户"]);
    assert_eq!(names(&s, &a, json!({ "search": "泽塔" })).await, Vec::<String>::new());
    // Z's customer is untouched.
    let r = s
        .gql(
            Some(&z.token),
            &format!("query($id: ID!) {{ customer(id: $id) {{ {FIELDS} history {{ field }} }} }}"),
            json!({ "id": theirs["id"] }),
        )
        .await;
    let c = &r.ok()["customer"];
    assert_eq!(
        (&c["name"], &c["owner"]["id"], &c["history"]),
        (&json!("泽塔客户"), &json!(z.user_id), &json!([{ "field": "created" }]))
    );
    assert_eq!(c["updatedAt"], theirs["updatedAt"]);
}

/// Names made only of invisible characters, or holding a direction override,
/// are refused on the field that carries them; emoji sequences pass.
async fn invisible_and_reversed_names_are_refused(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let before =
        s.gql(Some(&c.admin.token), "{ customers { totalCount } }", json!({})).await.ok()["customers"]["totalCount"]
            .clone();
    for name in
        ["\u{200B}", "\u{200B}\u{200C}\u{200D}", "\u{2060}\u{FEFF}", "张三\u{202E}gpj.exe", "\u{2066}李四\u{2069}"]
    {
        let r = s.gql(Some(&c.sp1.token), &create_q(), json!({ "i": { "name": name } })).await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["name".to_owned()]), "{name:?}");
        let r = s.gql(Some(&c.sp1.token), &create_q(), json!({ "i": { "name": "王五", "tags": ["ok", name] } })).await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["tags.1".to_owned()]), "{name:?}");
        let r = s
            .gql(Some(&c.admin.token), "mutation($n: String!) { createGroup(name: $n) { id } }", json!({ "n": name }))
            .await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "group {name:?}");
        let r = s
            .gql(
                Some(&c.admin.token),
                "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }",
                json!({ "i": { "key": "k1", "label": name, "type": "TEXT" } }),
            )
            .await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["label".to_owned()]), "label {name:?}");
        let r = s
            .gql(
                Some(&c.sp1.token),
                "mutation($id: ID!, $n: String!) { updateUser(id: $id, input: { displayName: $n }) { id } }",
                json!({ "id": c.sp1.user_id, "n": name }),
            )
            .await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "display name {name:?}");
    }
    let after =
        s.gql(Some(&c.admin.token), "{ customers { totalCount } }", json!({})).await.ok()["customers"]["totalCount"]
            .clone();
    assert_eq!(before, after, "nothing was written");
    for name in ["张三", "Zhang San", "李宁 😀", "👨\u{200D}👩\u{200D}👧 一家", "❤\u{FE0F} 花店"] {
        let r = s.gql(Some(&c.sp1.token), &create_q(), json!({ "i": { "name": name, "tags": [name] } })).await;
        assert_eq!(r.ok()["createCustomer"]["name"], name);
    }
}

/// The documents' custom query (自定义查询): the salesperson chooses which
/// fields a term is looked for in, and filters by gender and title.
async fn search_chooses_its_fields_and_filters_by_gender(b: Backend) {
    let Company { s, sp1, sp2, .. } = company(b).await;
    let zhang = create(
        &s,
        &sp1,
        json!({ "name": "张三", "company": "李宁体育", "gender": "MALE", "title": "经理",
                "phones": ["13800138000"], "email": "zs@lining.cn", "address": "北京市朝阳区" }),
    )
    .await;
    create(
        &s,
        &sp1,
        json!({ "name": "李四", "company": "安踏", "gender": "FEMALE", "title": "总监", "address": "李家村" }),
    )
    .await;
    let wang = create(&s, &sp1, json!({ "name": "王五", "company": "特步", "phones": ["021-5555 1234"] })).await;
    create(&s, &sp2, json!({ "name": "李女士", "gender": "FEMALE" })).await;
    let find = |f: Value| names(&s, &sp1, f);

    // By default a term looks in name, company and phone, as before.
    assert_eq!(find(json!({ "search": "李" })).await, sorted(&["张三", "李四"]));
    assert_eq!(find(json!({ "search": "李", "searchIn": [] })).await, sorted(&["张三", "李四"]));
    assert_eq!(find(json!({ "search": "李", "searchIn": ["NAME"] })).await, sorted(&["李四"]));
    assert_eq!(find(json!({ "search": "李", "searchIn": ["COMPANY"] })).await, sorted(&["张三"]));
    assert_eq!(find(json!({ "search": "李", "searchIn": ["ADDRESS"] })).await, sorted(&["李四"]));
    assert_eq!(find(json!({ "search": "李", "searchIn": ["NAME", "ADDRESS"] })).await, sorted(&["李四"]));
    assert_eq!(find(json!({ "search": "李", "searchIn": ["PHONE"] })).await, Vec::<String>::new());
    assert_eq!(find(json!({ "search": "5555-12", "searchIn": ["PHONE"] })).await, sorted(&["王五"]));
    assert_eq!(find(json!({ "search": "5555", "searchIn": ["NAME", "COMPANY"] })).await, Vec::<String>::new());
    assert_eq!(find(json!({ "search": "LINING", "searchIn": ["EMAIL"] })).await, sorted(&["张三"]));
    assert_eq!(find(json!({ "search": "经", "searchIn": ["TITLE"] })).await, sorted(&["张三"]));
    let number = wang["number"].as_str().unwrap();
    let tail = &number[number.len() - 3..];
    assert_eq!(find(json!({ "search": tail, "searchIn": ["NUMBER"] })).await, sorted(&["王五"]));

    // Gender and title filters, alone and with a search.
    assert_eq!(find(json!({ "gender": "FEMALE" })).await, sorted(&["李四"]));
    assert_eq!(find(json!({ "gender": "MALE" })).await, sorted(&["张三"]));
    assert_eq!(find(json!({ "gender": "UNKNOWN" })).await, sorted(&["王五"]));
    assert_eq!(
        find(json!({ "gender": "FEMALE", "search": "李", "searchIn": ["COMPANY"] })).await,
        Vec::<String>::new()
    );
    assert_eq!(find(json!({ "title": " 经理 " })).await, sorted(&["张三"]));
    assert_eq!(names(&s, &sp2, json!({ "gender": "FEMALE" })).await, sorted(&["李女士"]));
    let r =
        s.gql(Some(&sp1.token), "query($id: ID!) { customer(id: $id) { gender } }", json!({ "id": zhang["id"] })).await;
    assert_eq!(r.ok()["customer"]["gender"], "MALE");

    // Unknown fields and genders are refused.
    for f in [json!({ "searchIn": ["NICKNAME"] }), json!({ "gender": "OTHER" })] {
        let r = s.gql(Some(&sp1.token), LIST, json!({ "f": f })).await;
        assert_eq!(r.code(), "BAD_REQUEST", "{f}");
    }
}

/// The response text of `query` as `who` (its key order is part of what
/// the list test compares).
async fn raw(s: &TestServer, who: &Session, query: &str, variables: Value) -> String {
    let resp = s
        .http
        .post(format!("{}/graphql", s.base))
        .bearer_auth(&who.token)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .unwrap();
    resp.text().await.unwrap()
}

/// Selections of a customer, each with the fragments it spreads. The list
/// answers plain rows without per-field resolvers; whatever it answers must
/// be, byte for byte, what the generic resolvers of `customer(id:)` answer.
const ROW_SELECTIONS: [(&str, &str); 9] = [
    // Every field without arguments.
    (
        "id number name company title phones email address gender birthday photo photoUrl status industry \
         source grade tags owner { id displayName } inPool release { releasedAt releasedBy { id displayName } \
         reason previousOwner { id displayName } } lastContactAt nextVisitAt custom createdBy { id displayName } \
         createdAt updatedAt",
        "",
    ),
    // The salesperson's page.
    ("id number name company phones status grade createdAt lastContactAt owner { id displayName }", ""),
    // Aliases, repeated keys and __typename at each level.
    (
        "__typename who: name id n: number who: name company owner { __typename k: id } owner { displayName } \
         createdBy { __typename id } release { __typename reason by: releasedBy { __typename id } }",
        "",
    ),
    // Fragments.
    (
        "...Row ... on Customer { status owner { id } } ... { grade } id",
        "fragment Row on Customer { id name owner { displayName } release { ...Rel } } \
         fragment Rel on CustomerRelease { releasedAt previousOwner { id } }",
    ),
    // @include and @skip with variables.
    (
        "id name @include(if: $yes) company @skip(if: $yes) tags @include(if: $no) \
         owner @include(if: $yes) { id displayName @skip(if: $yes) } ... @skip(if: $no) { status }",
        "",
    ),
    // Fields that need the request context: the generic path for the row.
    // (It orders keys as their resolvers finish, so the waiting one is last.)
    ("id name owner { id } customValues { key value }", ""),
    ("id status conversations(first: 1) { totalCount }", ""),
    ("id grade history(limit: 1) { field }", ""),
    // A selection that leaves nothing once skipped.
    ("id @skip(if: $yes) name @include(if: $no)", ""),
];

/// The page `who` gets of `list` (`customers` or `pool`) with `node {
/// selection }` equals, byte for byte, the edges assembled from
/// `customer(id:)` reads with the same selection.
async fn rows_match_single_reads(s: &TestServer, who: &Session, list: &str, selection: &str, fragments: &str) {
    // Variables are declared only where used (an unused one is refused).
    let (decl, vars) = if selection.contains('$') {
        (", $yes: Boolean!, $no: Boolean!", json!({ "yes": true, "no": false }))
    } else {
        ("", json!({}))
    };
    let q = format!(
        "query($n: Int{decl}) {{ {list}(first: $n, sort: {{field: CREATED_AT, direction: DESC}}) \
         {{ edges {{ e: __typename cursor node {{ {selection} }} }} }} }} {fragments}"
    );
    let mut list_vars = vars.clone();
    list_vars["n"] = json!(50);
    let text = raw(s, who, &q, list_vars).await;
    let page: Value = serde_json::from_str(&text).unwrap();
    assert!(page.get("errors").is_none(), "{text}");
    let edges = page["data"][list]["edges"].as_array().unwrap().clone();
    assert!(edges.len() >= 2, "{text}");
    // The ids, in the same order, from a page that selects them.
    let ids_q = format!(
        "{{ {list}(first: 50, sort: {{field: CREATED_AT, direction: DESC}}) {{ edges {{ node {{ id }} }} }} }}"
    );
    let ids = s.gql(Some(&who.token), &ids_q, json!({})).await;
    let one_q = format!("query($id: ID!{decl}) {{ customer(id: $id) {{ {selection} }} }} {fragments}");
    let mut expected = Vec::new();
    for (edge, id) in edges.iter().zip(ids.ok()[list]["edges"].as_array().unwrap()) {
        let mut v = vars.clone();
        v["id"] = id["node"]["id"].clone();
        let one = raw(s, who, &one_q, v).await;
        let node =
            one.strip_prefix(r#"{"data":{"customer":"#).and_then(|t| t.strip_suffix("}}")).unwrap_or_else(|| {
                panic!("{one}");
            });
        let cursor = serde_json::to_string(&edge["cursor"]).unwrap();
        expected.push(format!(r#"{{"e":"CustomerEdge","cursor":{cursor},"node":{node}}}"#));
    }
    let expected = format!(r#"{{"data":{{"{list}":{{"edges":[{}]}}}}}}"#, expected.join(","));
    assert_eq!(text, expected, "{list} {{ {selection} }}");
}

async fn list_rows_answer_as_single_reads(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    number_field(&s, &admin, "level").await;
    let full = json!({
        "name": "张伟", "company": "北京关系科技", "title": "采购经理", "phones": ["13800138000", "01088886666"],
        "email": "zhang.wei@example.cn", "address": "北京市海淀区", "gender": "MALE", "birthday": "1985-06-01",
        "status": "INTENT", "industry": "制造业", "source": "朋友介绍", "grade": "VIP", "tags": ["重点", "华北"],
        "custom": { "level": 3 }, "lastContactAt": "2026-01-02T03:04:05Z", "nextVisitAt": "2026-02-03T04:05:06Z",
        "ownerId": sp1.user_id,
    });
    create(&s, &admin, full).await;
    create(&s, &sp1, json!({ "name": "李雷" })).await;
    let released = create(&s, &sp1, json!({ "name": "韩梅梅", "status": "PAUSED" })).await;
    let in_pool = create(&s, &sp1, json!({ "name": "王芳", "tags": ["\"引号\" \\ 反斜杠"] })).await;
    for c in [&released, &in_pool] {
        let r = s
            .gql(
                Some(&sp1.token),
                "mutation($id: ID!, $r: String!) { releaseCustomer(id: $id, reason: $r) { id } }",
                json!({ "id": c["id"], "r": "无意向" }),
            )
            .await;
        r.ok();
    }
    // Released, then claimed by someone else: it keeps its release.
    s.gql(Some(&sp2.token), "mutation($id: ID!) { claimCustomer(id: $id) { id } }", json!({ "id": released["id"] }))
        .await
        .ok();
    create(&s, &admin, json!({ "name": "无主", "ownerId": null })).await;

    for (selection, fragments) in ROW_SELECTIONS {
        rows_match_single_reads(&s, &admin, "customers", selection, fragments).await;
    }
    // The pool uses the same rows; a salesperson's view of it.
    for (selection, fragments) in &ROW_SELECTIONS[..5] {
        rows_match_single_reads(&s, &sp1, "pool", selection, fragments).await;
    }
}

backend_tests!(
    list_rows_answer_as_single_reads,
    invisible_and_reversed_names_are_refused,
    search_chooses_its_fields_and_filters_by_gender,
    create_with_defaults_and_number_patterns,
    concurrent_creates_get_distinct_numbers,
    invalid_input_names_every_field_and_writes_nothing,
    visibility_per_role,
    owner_rules,
    updates_write_history,
    search_names_companies_and_phones,
    canned_windows_in_the_tenant_time_zone,
    sorting_and_cursor_pagination,
    other_tenants_customers_are_not_found
);
