//! Plan entitlements at their limits on every path that can exceed them:
//! customers (GraphQL, imports, racing creations and racing imports),
//! seats (invitations, their acceptance, reactivation), custom fields,
//! installed plugins, plugin fuel per month, stored photos and API requests
//! per minute. Every refusal is `LIMIT_REACHED` (the request rate:
//! `RATE_LIMITED`, 429) naming the limit, usage, maximum and the plan to
//! upgrade to, and writes nothing. Then the admins' `planUsage` and
//! `planCatalogue`, an unknown stored plan, and what non-admins get.

use std::time::Duration;

use guanxi_core::subscription::PlansConfig;
use guanxi_tests::{Backend, Gql, Session, TestServer, backend_tests, example_manifest, example_plugin};
use serde_json::{Value, json};

use crate::pool::raw_count;

/// `free` as small as the tests need, `team` above it.
fn plans(free: Value) -> PlansConfig {
    let mut ent = json!({
        "seats": 3, "customers": 5, "custom_fields": 2, "plugins": 1,
        "plugin_fuel_per_month": "unlimited", "storage_bytes": 200, "api_requests_per_minute": "unlimited",
    });
    for (k, v) in free.as_object().unwrap() {
        ent[k] = v.clone();
    }
    serde_json::from_value(json!({
        "free": { "entitlements": ent },
        "team": { "entitlements": { "seats": 10, "customers": 100000, "custom_fields": 10, "plugins": 5,
                  "plugin_fuel_per_month": "unlimited", "storage_bytes": 100000, "api_requests_per_minute": "unlimited" } },
    }))
    .unwrap()
}

async fn start(b: Backend, free: Value) -> (TestServer, Session) {
    start_with(b, free, |_| {}).await
}

async fn start_with(b: Backend, free: Value, adjust: impl FnOnce(&mut guanxi_server::Config)) -> (TestServer, Session) {
    let plans = plans(free);
    let s = TestServer::start_with(b, move |c| {
        c.plans = plans;
        adjust(c);
    })
    .await;
    let admin = s.sign_up("ent").await;
    // A new company starts on a trial of `team`; these tests measure `free`,
    // set the way an operator sets it.
    let tenant = guanxi_core::TenantId(uuid(&admin.tenant_id));
    s.store.set_plan(tenant, &guanxi_core::subscription::PlanId::free()).await.unwrap();
    (s, admin)
}

/// Assert a plan-limit refusal of `limit` with its extensions.
#[track_caller]
fn refused(r: &Gql, limit: &str, usage: u64, max: u64) {
    assert_eq!(r.code(), "LIMIT_REACHED", "{:#}", r.body);
    let ext = &r.error()["extensions"];
    assert_eq!(ext["limit"], limit, "{ext}");
    assert_eq!(ext["usage"], usage, "{ext}");
    assert_eq!(ext["max"], max, "{ext}");
    assert_eq!(ext["plan"], "free", "{ext}");
    assert_eq!(ext["raise"], "upgrade", "{ext}");
    assert_eq!(ext["upgrade"], "team", "{ext}");
    assert!(r.error()["message"].as_str().unwrap().contains("team"), "{:#}", r.body);
}

async fn create(s: &TestServer, who: &Session, name: &str) -> Gql {
    s.gql(
        Some(&who.token),
        "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
        json!({ "i": { "name": name } }),
    )
    .await
}

/// The id of one of `who`'s customers.
async fn create_id(s: &TestServer, who: &Session) -> String {
    let r = s.gql(Some(&who.token), "{ customers(first: 1) { edges { node { id } } } }", json!({})).await;
    r.ok()["customers"]["edges"][0]["node"]["id"].as_str().unwrap().to_owned()
}

async fn customers(s: &TestServer, tenant: &str) -> i64 {
    raw_count(s, "SELECT COUNT(*) AS n FROM customers WHERE tenant_id = $1", vec![uuid(tenant).into()]).await
}

fn uuid(s: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(s).unwrap()
}

/// Phone numbers never repeat across files, so no row is a duplicate.
static PHONE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(3_000_000_000);

fn csv(prefix: &str, rows: usize) -> Vec<u8> {
    let mut out = String::from("客户名称,手机\n");
    for i in 0..rows {
        let phone = PHONE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        out.push_str(&format!("{prefix}{i},1{phone:010}\n"));
    }
    out.into_bytes()
}

async fn import(s: &TestServer, who: &Session, bytes: Vec<u8>) -> String {
    let r = s
        .gql_upload(
            Some(&who.token),
            "mutation($file: Upload!) { importCustomers(file: $file) { id } }",
            json!({ "file": null }),
            vec![("variables.file", "客户.csv", bytes)],
        )
        .await;
    r.ok()["importCustomers"]["id"].as_str().unwrap().to_owned()
}

/// Wait for an import's job to end; its status and error.
async fn import_ended(s: &TestServer, who: &Session, id: &str) -> (String, Value) {
    for _ in 0..1200 {
        let r = s
            .gql(
                Some(&who.token),
                "query($id: ID!) { customerImport(id: $id) { status created job { status error errorCode errorDetail } } }",
                json!({ "id": id }),
            )
            .await;
        let imp = r.ok()["customerImport"].clone();
        let job = imp["job"]["status"].as_str().unwrap().to_owned();
        if job == "SUCCEEDED" || job == "FAILED" {
            return (job, imp);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {id} did not end");
}

async fn customers_at_the_limit_on_every_path(b: Backend) {
    let (s, admin) = start(b, json!({})).await;
    for i in 0..3 {
        create(&s, &admin, &format!("客户{i}")).await.ok();
    }
    // An import that would pass the limit writes none of its rows.
    let id = import(&s, &admin, csv("甲", 3)).await;
    let (job, imp) = import_ended(&s, &admin, &id).await;
    assert_eq!(job, "FAILED", "{imp}");
    assert!(imp["job"]["error"].as_str().unwrap().contains("customers"), "{imp}");
    // Coded as a refused request is, so the app says it in the reader's
    // language with the plan that allows more.
    assert_eq!(imp["job"]["errorCode"], "LIMIT_REACHED", "{imp}");
    let detail = &imp["job"]["errorDetail"];
    assert_eq!(detail["code"], "LIMIT_REACHED", "{imp}");
    assert_eq!(detail["limit"], "customers", "{imp}");
    assert_eq!(detail["max"], 5, "{imp}");
    assert_eq!(detail["usage"], 3, "{imp}");
    assert_eq!(detail["requested"], 3, "{imp}");
    assert!(detail["plan"].is_string() && detail["raise"].is_string(), "{imp}");
    assert_eq!(customers(&s, &admin.tenant_id).await, 3);
    // One that fits goes through.
    let id = import(&s, &admin, csv("乙", 2)).await;
    let (job, imp) = import_ended(&s, &admin, &id).await;
    assert_eq!(job, "SUCCEEDED", "{imp}");
    assert_eq!(customers(&s, &admin.tenant_id).await, 5);
    // The limit is reached: a GraphQL create is refused and writes nothing.
    let before = raw_count(&s, "SELECT COUNT(*) AS n FROM domain_events", vec![]).await;
    let r = create(&s, &admin, "第六位").await;
    refused(&r, "customers", 5, 5);
    assert_eq!(r.error()["extensions"]["requested"], 1);
    assert_eq!(customers(&s, &admin.tenant_id).await, 5);
    assert_eq!(raw_count(&s, "SELECT COUNT(*) AS n FROM domain_events", vec![]).await, before, "no event either");
    // A deletion frees a place (the remembered usage is recounted once it
    // says the limit is reached).
    let first = create_id(&s, &admin).await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { id } }",
            json!({ "id": first }),
        )
        .await;
    r.ok();
    create(&s, &admin, "补位").await.ok();
    refused(&create(&s, &admin, "又满").await, "customers", 5, 5);
    // Another company is not affected by this one's usage.
    let other = s.sign_up("other").await;
    create(&s, &other, "别家客户").await.ok();
}

async fn racing_creations_and_imports_never_pass_the_limit(b: Backend) {
    let (s, admin) = start_with(b, json!({ "customers": 2500 }), |c| {
        c.jobs_concurrency = 2;
        c.jobs_per_company = 2;
    })
    .await;
    // Ten creations at once for the last three places.
    for i in 0..2497 {
        if i % 500 == 0 {
            // Bulk through one import so the test stays quick.
            let id = import(&s, &admin, csv(&format!("底{i}"), 500.min(2497 - i))).await;
            assert_eq!(import_ended(&s, &admin, &id).await.0, "SUCCEEDED");
        }
    }
    assert_eq!(customers(&s, &admin.tenant_id).await, 2497);
    let results = futures_join(&s, &admin, 10).await;
    let ok = results.iter().filter(|r| r.body.get("errors").is_none()).count();
    assert_eq!(ok, 3, "exactly the places left");
    for r in results.iter().filter(|r| r.body.get("errors").is_some()) {
        assert_eq!(r.code(), "LIMIT_REACHED");
    }
    assert_eq!(customers(&s, &admin.tenant_id).await, 2500);

    // Two imports running side by side, each in batches (and on PostgreSQL
    // in lanes), race for the places another company's limit leaves.
    let (s2, a2) = start_with(b, json!({ "customers": 3000 }), |c| {
        c.jobs_concurrency = 2;
        c.jobs_per_company = 2;
    })
    .await;
    let first = import(&s2, &a2, csv("左", 2000)).await;
    let second = import(&s2, &a2, csv("右右", 2000)).await;
    let (j1, _) = import_ended(&s2, &a2, &first).await;
    let (j2, _) = import_ended(&s2, &a2, &second).await;
    let n = customers(&s2, &a2.tenant_id).await;
    assert!(n <= 3000, "the limit was passed: {n}");
    assert_eq!(n, 2000, "one import's rows, all of them");
    assert_eq!([j1.as_str(), j2.as_str()].iter().filter(|j| **j == "SUCCEEDED").count(), 1, "{j1} {j2}");

    // One import of several batches: the batches that fit commit, the one
    // that would pass the limit does not, and nothing passes it.
    let (s3, a3) = start(b, json!({ "customers": 3000 })).await;
    let id = import(&s3, &a3, csv("大", 5000)).await;
    let (job, imp) = import_ended(&s3, &a3, &id).await;
    assert_eq!(job, "FAILED", "{imp}");
    let n = customers(&s3, &a3.tenant_id).await;
    assert!(n <= 3000, "the limit was passed: {n}");
}

async fn futures_join(s: &TestServer, who: &Session, n: usize) -> Vec<Gql> {
    let mut tasks = Vec::new();
    for i in 0..n {
        let (base, token) = (s.base.clone(), who.token.clone());
        tasks.push(tokio::spawn(async move {
            let body: Value = reqwest::Client::new()
                .post(format!("{base}/graphql"))
                .bearer_auth(token)
                .json(&json!({
                    "query": "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
                    "variables": { "i": { "name": format!("抢{i}") } },
                }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            Gql { body }
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

async fn invite(s: &TestServer, admin: &Session, email: &str) -> Gql {
    s.gql(
        Some(&admin.token),
        "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id status } }",
        json!({ "i": { "email": email, "role": "SALESPERSON" } }),
    )
    .await
}

async fn active_users(s: &TestServer, tenant: &str) -> i64 {
    raw_count(s, "SELECT COUNT(*) AS n FROM users WHERE tenant_id = $1 AND active", vec![uuid(tenant).into()]).await
}

async fn set_active(s: &TestServer, admin: &Session, id: &str, active: bool) -> Gql {
    let m = if active { "reactivateUser" } else { "deactivateUser" };
    s.gql(Some(&admin.token), &format!("mutation($id: ID!) {{ {m}(id: $id) {{ id active }} }}"), json!({ "id": id }))
        .await
}

async fn seats_at_the_limit_on_invitation_acceptance_and_reactivation(b: Backend) {
    let (s, admin) = start(b, json!({})).await;
    // One active user and two pending invitations fill three seats.
    invite(&s, &admin, "a@ent.cn").await.ok();
    invite(&s, &admin, "b@ent.cn").await.ok();
    let r = invite(&s, &admin, "c@ent.cn").await;
    refused(&r, "seats", 1, 3);
    assert_eq!(r.error()["extensions"]["requested"], 3, "itself and the two pending");
    let pending = raw_count(
        &s,
        "SELECT COUNT(*) AS n FROM invitations WHERE tenant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL",
        vec![uuid(&admin.tenant_id).into()],
    )
    .await;
    assert_eq!(pending, 2, "the refused invitation was not stored");
    // Inviting the same address again replaces its invitation: no new seat.
    invite(&s, &admin, "a@ent.cn").await.ok();

    let ta = s.invitation_token(&admin, "a@ent.cn").await;
    let a = s.accept(&ta, "甲", guanxi_tests::PASSWORD).await;
    let a_id = a.ok()["acceptInvitation"]["user"]["id"].as_str().unwrap().to_owned();
    let tb = s.invitation_token(&admin, "b@ent.cn").await;
    s.accept(&tb, "乙", guanxi_tests::PASSWORD).await.ok();
    assert_eq!(active_users(&s, &admin.tenant_id).await, 3);

    // A seat freed by deactivation is taken by a new invitation…
    set_active(&s, &admin, &a_id, false).await.ok();
    invite(&s, &admin, "d@ent.cn").await.ok();
    let td = s.invitation_token(&admin, "d@ent.cn").await;
    // …so the deactivated user cannot come back while the invitation is
    // accepted.
    s.accept(&td, "丁", guanxi_tests::PASSWORD).await.ok();
    let r = set_active(&s, &admin, &a_id, true).await;
    refused(&r, "seats", 3, 3);
    assert_eq!(active_users(&s, &admin.tenant_id).await, 3);
    let still =
        raw_count(&s, "SELECT COUNT(*) AS n FROM users WHERE id = $1 AND active", vec![uuid(&a_id).into()]).await;
    assert_eq!(still, 0);

    // An invitation accepted when the seats are full (a user came back
    // after it was sent) makes no user and stays pending.
    let (s2, admin2) = start(b, json!({})).await;
    invite(&s2, &admin2, "a@ent.cn").await.ok();
    let ta = s2.invitation_token(&admin2, "a@ent.cn").await;
    let a = s2.accept(&ta, "甲", guanxi_tests::PASSWORD).await;
    let a_id = a.ok()["acceptInvitation"]["user"]["id"].as_str().unwrap().to_owned();
    set_active(&s2, &admin2, &a_id, false).await.ok();
    invite(&s2, &admin2, "x@ent.cn").await.ok();
    invite(&s2, &admin2, "y@ent.cn").await.ok();
    set_active(&s2, &admin2, &a_id, true).await.ok();
    let tx_ = s2.invitation_token(&admin2, "x@ent.cn").await;
    s2.accept(&tx_, "戊", guanxi_tests::PASSWORD).await.ok();
    let ty = s2.invitation_token(&admin2, "y@ent.cn").await;
    let r = s2.accept(&ty, "己", guanxi_tests::PASSWORD).await;
    refused(&r, "seats", 3, 3);
    assert_eq!(active_users(&s2, &admin2.tenant_id).await, 3);
    let pending = raw_count(
        &s2,
        "SELECT COUNT(*) AS n FROM invitations WHERE tenant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL",
        vec![uuid(&admin2.tenant_id).into()],
    )
    .await;
    assert_eq!(pending, 1, "the refused acceptance left its invitation pending");
}

async fn custom_fields_and_plugins_at_their_limits(b: Backend) {
    let (s, admin) = start(b, json!({})).await;
    let field = |key: &'static str| {
        let s = &s;
        let admin = &admin;
        async move {
            s.gql(
                Some(&admin.token),
                "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }",
                json!({ "i": { "key": key, "label": key, "type": "TEXT" } }),
            )
            .await
        }
    };
    field("f1").await.ok();
    field("f2").await.ok();
    let r = field("f3").await;
    refused(&r, "customFields", 2, 2);
    let n = raw_count(
        &s,
        "SELECT COUNT(*) AS n FROM custom_fields WHERE tenant_id = $1",
        vec![uuid(&admin.tenant_id).into()],
    )
    .await;
    assert_eq!(n, 2);

    let upload = |file: &'static str, manifest: Value| {
        let s = &s;
        let admin = &admin;
        async move {
            s.gql_upload(
                Some(&admin.token),
                "mutation($file: Upload!, $m: JSON!) { uploadPlugin(file: $file, manifest: $m) { id pluginId } }",
                json!({ "file": null, "m": manifest }),
                vec![("variables.file", "plugin.wasm", example_plugin(file))],
            )
            .await
        }
    };
    upload("chinese_mobile.wasm", example_manifest("chinese-mobile")).await.ok();
    let r = upload("rfm_grader.wasm", example_manifest("rfm-grader")).await;
    refused(&r, "plugins", 1, 1);
    let n =
        raw_count(&s, "SELECT COUNT(*) AS n FROM plugins WHERE tenant_id = $1", vec![uuid(&admin.tenant_id).into()])
            .await;
    assert_eq!(n, 1);
    let v = raw_count(
        &s,
        "SELECT COUNT(*) AS n FROM plugin_versions WHERE tenant_id = $1",
        vec![uuid(&admin.tenant_id).into()],
    )
    .await;
    assert_eq!(v, 1, "the refused upload stored no version");
}

async fn plugin_fuel_runs_out_for_the_month(b: Backend) {
    let (s, admin) = start(b, json!({ "plugin_fuel_per_month": 1 })).await;
    let r = s
        .gql_upload(
            Some(&admin.token),
            "mutation($file: Upload!, $m: JSON!) { uploadPlugin(file: $file, manifest: $m) { id pluginId } }",
            json!({ "file": null, "m": example_manifest("chinese-mobile") }),
            vec![("variables.file", "plugin.wasm", example_plugin("chinese_mobile.wasm"))],
        )
        .await;
    let pid = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }",
            json!({ "i": { "key": "mobile", "label": "手机", "type": "TEXT" } }),
        )
        .await;
    let fid = r.ok()["createCustomField"]["id"].as_str().unwrap().to_owned();
    s.gql(
        Some(&admin.token),
        "mutation($p: ID!, $t: PluginTargetInput!) { attachPlugin(pluginId: $p, target: $t) { id } }",
        json!({ "p": pid, "t": { "fieldId": fid } }),
    )
    .await
    .ok();
    let save = |name: &'static str| {
        let s = &s;
        let admin = &admin;
        async move {
            s.gql(
                Some(&admin.token),
                "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
                json!({ "i": { "name": name, "custom": { "mobile": "138 0013 8000" } } }),
            )
            .await
        }
    };
    // The first call fits the budget (it is checked before a call).
    save("甲").await.ok();
    s.store.flush_plugin_records().await;
    let r = save("乙").await;
    assert_eq!(r.code(), "LIMIT_REACHED", "{:#}", r.body);
    let ext = &r.error()["extensions"];
    assert_eq!(ext["limit"], "pluginFuelPerMonth");
    assert_eq!(ext["max"], 1);
    assert!(ext["usage"].as_u64().unwrap() > 1);
    assert_eq!(ext["upgrade"], "team");
    let retry = ext["retryAfterSeconds"].as_i64().unwrap();
    assert!(retry > 0 && retry <= 31 * 24 * 3600, "until the month ends: {retry}");
    assert_eq!(customers(&s, &admin.tenant_id).await, 1, "the refused save wrote nothing");
    // Saves that call no plugin still work.
    create(&s, &admin, "丙").await.ok();
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR not a real picture, but a PNG by its signature";

async fn photos_stop_at_the_storage_limit(b: Backend) {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_owned();
    let (s, admin) = start_with(b, json!({ "storage_bytes": 2 * PNG.len() + 10 }), move |c| c.data_dir = dir).await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let r = create(&s, &admin, &format!("照片{i}")).await;
        ids.push(r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned());
    }
    let set = |id: String, bytes: Vec<u8>| {
        let s = &s;
        let admin = &admin;
        async move {
            s.gql_upload(
                Some(&admin.token),
                "mutation($id: ID!, $file: Upload!) { setCustomerPhoto(id: $id, file: $file) { id photo } }",
                json!({ "id": id, "file": null }),
                vec![("variables.file", "p.png", bytes)],
            )
            .await
        }
    };
    let mut second = PNG.to_vec();
    second.push(b'2');
    set(ids[0].clone(), PNG.to_vec()).await.ok();
    set(ids[1].clone(), second).await.ok();
    let mut third = PNG.to_vec();
    third.push(b'3');
    let r = set(ids[2].clone(), third).await;
    assert_eq!(r.code(), "LIMIT_REACHED", "{:#}", r.body);
    let ext = &r.error()["extensions"];
    assert_eq!(ext["limit"], "storageBytes");
    assert_eq!(ext["usage"], 2 * PNG.len() + 1);
    assert_eq!(ext["upgrade"], "team");
    let r = s.gql(Some(&admin.token), "query($id: ID!) { customer(id: $id) { photo } }", json!({ "id": ids[2] })).await;
    assert!(r.ok()["customer"]["photo"].is_null());
}

async fn api_requests_per_minute_answer_429(b: Backend) {
    let (s, admin) = start(b, json!({ "api_requests_per_minute": 4 })).await;
    // Keep the test inside one minute's window.
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    if secs % 60 > 50 {
        tokio::time::sleep(Duration::from_secs(61 - secs % 60)).await;
    }
    for _ in 0..4 {
        s.gql(Some(&admin.token), "{ me { user { id } } }", json!({})).await.ok();
    }
    let resp = s
        .http
        .post(format!("{}/graphql", s.base))
        .bearer_auth(&admin.token)
        .json(&json!({ "query": "mutation { createCustomer(input: { name: \"太快\" }) { id } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    let retry: i64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    let body: Value = resp.json().await.unwrap();
    let ext = &body["errors"][0]["extensions"];
    assert_eq!(ext["code"], "RATE_LIMITED");
    assert_eq!(ext["limit"], "apiRequestsPerMinute");
    assert_eq!((ext["usage"].as_u64(), ext["max"].as_u64()), (Some(4), Some(4)));
    assert_eq!(ext["upgrade"], "team");
    assert_eq!(customers(&s, &admin.tenant_id).await, 0, "nothing ran");
    // Another company has its own budget; anonymous requests are not metered.
    let other = s.sign_up("other").await;
    s.gql(Some(&other.token), "{ me { user { id } } }", json!({})).await.ok();
}

const USAGE: &str =
    "{ planUsage { plan { id rank priceCny { month year } } unknownPlan limits { name usage max percent } } }";

async fn admins_see_plan_usage_and_the_catalogue(b: Backend) {
    let (s, admin) = start(b, json!({})).await;
    create(&s, &admin, "一").await.ok();
    create(&s, &admin, "二").await.ok();
    let r = s.gql(Some(&admin.token), USAGE, json!({})).await;
    let u = &r.ok()["planUsage"];
    assert_eq!(u["plan"]["id"], "free");
    assert!(u["unknownPlan"].is_null());
    let limit = |name: &str| u["limits"].as_array().unwrap().iter().find(|l| l["name"] == name).unwrap().clone();
    assert_eq!(limit("customers"), json!({ "name": "customers", "usage": 2, "max": 5, "percent": 40 }));
    assert_eq!(limit("seats"), json!({ "name": "seats", "usage": 1, "max": 3, "percent": 33 }));
    assert_eq!(limit("pluginFuelPerMonth")["max"], Value::Null);
    assert_eq!(limit("pluginFuelPerMonth")["percent"], Value::Null);
    assert_eq!(u["limits"].as_array().unwrap().len(), 7);

    let r = s
        .gql(
            Some(&admin.token),
            "{ planCatalogue { id rank priceCny { month year } priceUsd { month year } entitlements { name max } } }",
            json!({}),
        )
        .await;
    let cat = r.ok()["planCatalogue"].as_array().unwrap().clone();
    let ids: Vec<&str> = cat.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["free", "team", "business"]);
    assert_eq!(cat[1]["priceCny"], json!({ "month": 4900, "year": 49000 }));
    assert_eq!(cat[1]["priceUsd"], json!({ "month": 900, "year": 9000 }));

    // Nobody but an admin.
    let sp = s.invite_and_accept(&admin, "sp@ent.cn", "SALESPERSON", None).await;
    assert_eq!(s.gql(Some(&sp.token), USAGE, json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&sp.token), "{ planCatalogue { id } }", json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(None, USAGE, json!({})).await.code(), "UNAUTHENTICATED");

    // A plan the catalogue no longer has: the free plan's entitlements and
    // a name to show, never a failure.
    let db = s.db.connect_owner().await;
    let backend = sea_orm::ConnectionTrait::get_database_backend(&db);
    let sql = if backend == sea_orm::DbBackend::Sqlite {
        "UPDATE tenants SET plan = 'gold-2020' WHERE tenant_id = ?"
    } else {
        "UPDATE tenants SET plan = 'gold-2020' WHERE tenant_id = $1"
    };
    sea_orm::ConnectionTrait::execute(
        &db,
        sea_orm::Statement::from_sql_and_values(backend, sql, vec![uuid(&admin.tenant_id).into()]),
    )
    .await
    .unwrap();
    let r = s.gql(Some(&admin.token), USAGE, json!({})).await;
    assert_eq!(r.ok()["planUsage"]["plan"]["id"], "free");
    assert_eq!(r.ok()["planUsage"]["unknownPlan"], "gold-2020");
    for i in 0..3 {
        create(&s, &admin, &format!("再{i}")).await.ok();
    }
    refused(&create(&s, &admin, "满").await, "customers", 5, 5);
}

backend_tests!(
    customers_at_the_limit_on_every_path,
    racing_creations_and_imports_never_pass_the_limit,
    seats_at_the_limit_on_invitation_acceptance_and_reactivation,
    custom_fields_and_plugins_at_their_limits,
    plugin_fuel_runs_out_for_the_month,
    photos_stop_at_the_storage_limit,
    api_requests_per_minute_answer_429,
    admins_see_plan_usage_and_the_catalogue,
);
