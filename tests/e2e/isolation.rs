//! Adversarial tenant isolation: two companies on one server; every query and
//! mutation that takes an id (generated from the committed schema, see
//! [`targets`]) tried with the other company's ids, and tokens and API keys
//! tried across companies.

mod targets;

use std::collections::{BTreeMap, BTreeSet};

use guanxi_tests::{
    Backend, Gql, PASSWORD, Session, TestServer, backend_tests, eventually, example_manifest, example_plugin,
};
use serde_json::{Value, json};
use targets::{Attack, Kind, Sdl};

struct Tenant {
    admin: Session,
    group: String,
    sp: Session,
    invitation: String,
    api_key: String,
    api_key_id: String,
}

async fn tenant(s: &TestServer, slug: &str) -> Tenant {
    let admin = s.sign_up(slug).await;
    let group = s.create_group(&admin, "销售一组").await;
    // The same e-mail exists in both companies: uniqueness is per tenant.
    let sp = s.invite_and_accept(&admin, "same.person@example.cn", "SALESPERSON", Some(&group)).await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { inviteUser(input: {email: \"pending@example.cn\", role: SALESPERSON}) { id } }",
            json!({}),
        )
        .await;
    let invitation = r.ok()["inviteUser"]["id"].as_str().unwrap().to_owned();
    let (api_key, api_key_id) = s.api_key(&admin, "k", "READ_WRITE").await;
    Tenant { admin, group, sp, invitation, api_key, api_key_id }
}

/// A company with one object of every kind an `ID` can name (two users and
/// two customers: one owned, one in the pool), for the generated attacks.
struct World {
    t: Tenant,
    ids: BTreeMap<Kind, Vec<String>>,
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a photo for the isolation suite";
const CSV: &str = "姓名,电话\n王五,13900139000\n";

async fn world(s: &TestServer, slug: &str) -> World {
    let t = tenant(s, slug).await;
    let (admin, sp) = (t.admin.token.clone(), t.sp.token.clone());
    let gql = |token: &str, q: &str, v: Value| {
        let (token, q) = (token.to_owned(), q.to_owned());
        async move { s.gql(Some(&token), &q, v).await }
    };
    let id = |r: &Gql, path: &[&str]| -> String {
        let mut v = r.ok();
        for p in path {
            v = match p.parse::<usize>() {
                Ok(i) => &v[i],
                Err(_) => &v[*p],
            };
        }
        v.as_str().unwrap_or_else(|| panic!("no id at {path:?} in {:#}", r.body)).to_owned()
    };
    let mut ids: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
    // The salesperson first: an attack fills other user positions with the
    // first of its own company's users, and an admin might be refused as a
    // target (of a group, of an offboarding) for being an admin.
    ids.insert(Kind::User, vec![t.sp.user_id.clone(), t.admin.user_id.clone()]);
    ids.insert(Kind::Group, vec![t.group.clone()]);
    ids.insert(Kind::Invitation, vec![t.invitation.clone()]);
    ids.insert(Kind::ApiKey, vec![t.api_key_id.clone()]);

    let r = gql(&admin, "mutation { createCustomField(entity: CUSTOMER, input: {key: \"mobile\", label: \"手机\", type: TEXT}) { id } }", json!({})).await;
    let field = id(&r, &["createCustomField", "id"]);
    ids.insert(Kind::CustomField, vec![field.clone()]);
    let r = s
        .gql_upload(
            Some(&admin),
            "mutation($file: Upload!, $m: JSON!) { uploadPlugin(file: $file, manifest: $m) { id pluginId } }",
            json!({ "file": null, "m": example_manifest("chinese-mobile") }),
            vec![("variables.file", "plugin.wasm", example_plugin("chinese_mobile.wasm"))],
        )
        .await;
    let plugin = id(&r, &["uploadPlugin", "pluginId"]);
    ids.insert(Kind::PluginVersion, vec![id(&r, &["uploadPlugin", "id"])]);
    ids.insert(Kind::Plugin, vec![plugin.clone()]);
    let r = gql(
        &admin,
        "mutation($p: ID!, $f: ID!) { attachPlugin(pluginId: $p, target: {fieldId: $f}) { id } }",
        json!({ "p": plugin, "f": field }),
    )
    .await;
    ids.insert(Kind::PluginAttachment, vec![id(&r, &["attachPlugin", "id"])]);

    // Customers: one the salesperson holds, one released to the pool.
    let create = "mutation($n: String!) { createCustomer(input: {name: $n, phones: [\"13800138000\"]}) { id } }";
    let owned = id(&gql(&sp, create, json!({ "n": "张三" })).await, &["createCustomer", "id"]);
    let pooled = id(&gql(&sp, create, json!({ "n": "李四" })).await, &["createCustomer", "id"]);
    gql(&sp, "mutation($id: ID!) { releaseCustomer(id: $id, reason: \"不需要\") { id } }", json!({ "id": pooled }))
        .await
        .ok();
    ids.insert(Kind::Customer, vec![owned.clone(), pooled]);
    let r = gql(
        &sp,
        "mutation($c: ID!) { addConversation(input: {customerId: $c, topic: \"报价\", content: \"电话沟通\", kind: CALL}) { conversation { id } } }",
        json!({ "c": owned }),
    )
    .await;
    ids.insert(Kind::Conversation, vec![id(&r, &["addConversation", "conversation", "id"])]);
    let r = gql(
        &sp,
        "mutation($c: ID!) { createDeal(customerId: $c, input: {title: \"订单\", amount: \"2000\"}) { id } }",
        json!({ "c": owned }),
    )
    .await;
    ids.insert(Kind::Deal, vec![id(&r, &["createDeal", "id"])]);
    let r = gql(
        &sp,
        "mutation { createWorkPlan(input: {subject: \"拜访\", start: \"2030-05-01T09:00:00Z\", end: \"2030-05-01T10:00:00Z\"}) { id } }",
        json!({}),
    )
    .await;
    ids.insert(Kind::WorkPlan, vec![id(&r, &["createWorkPlan", "id"])]);

    // The board and the suggestion box.
    let r = gql(
        &sp,
        "mutation { createBoardPost(input: {title: \"早会\", mood: \"😀\", content: \"八点 @王总\"}) { id } }",
        json!({}),
    )
    .await;
    let post = id(&r, &["createBoardPost", "id"]);
    ids.insert(Kind::BoardPost, vec![post.clone()]);
    let r = gql(
        &admin,
        "mutation($p: ID!) { replyToBoardPost(input: {postId: $p, content: \"收到\"}) { id } }",
        json!({ "p": post }),
    )
    .await;
    ids.insert(Kind::BoardReply, vec![id(&r, &["replyToBoardPost", "id"])]);
    let r = gql(
        &sp,
        "mutation { submitSuggestion(input: {title: \"建议\", content: \"多开会\", anonymous: false}) { id } }",
        json!({}),
    )
    .await;
    ids.insert(Kind::Suggestion, vec![id(&r, &["submitSuggestion", "id"])]);

    // Work that runs as jobs: a regrade, an import, a backup; all finished
    // before the attacks, so the company's data is still while they run.
    let r = gql(&admin, "mutation { createGradingModel(input: {name: \"ABCD\", kind: ABCD}) { id } }", json!({})).await;
    let model = id(&r, &["createGradingModel", "id"]);
    ids.insert(Kind::GradingModel, vec![model.clone()]);
    let r = gql(&admin, "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": model })).await;
    let regrade = id(&r, &["regradeCustomers", "id"]);
    let r = s
        .gql_upload(
            Some(&sp),
            "mutation($file: Upload!) { importCustomers(file: $file) { id job { id } } }",
            json!({ "file": null }),
            vec![("variables.file", "客户.csv", CSV.as_bytes().to_vec())],
        )
        .await;
    ids.insert(Kind::CustomerImport, vec![id(&r, &["importCustomers", "id"])]);
    let import_job = id(&r, &["importCustomers", "job", "id"]);
    job_done(s, &admin, &regrade, true).await;
    job_done(s, &admin, &import_job, true).await;
    // A backup copies the plugin call records, which are written in batches.
    s.store.flush_plugin_records().await;
    let r = gql(&admin, "mutation { createBackup { id jobId } }", json!({})).await;
    ids.insert(Kind::Backup, vec![id(&r, &["createBackup", "id"])]);
    let backup_job = id(&r, &["createBackup", "jobId"]);
    // Only its id matters here: a failed backup is as good a target as a
    // finished one, and the backup suite judges whether backups work.
    job_done(s, &admin, &backup_job, false).await;
    ids.insert(Kind::Job, vec![regrade, import_job, backup_job]);

    // What the company's activity left: mail (the invitations) and audit entries.
    let r = gql(&admin, "{ mailOutbox(limit: 1) { id } auditLog(limit: 1) { id } }", json!({})).await;
    ids.insert(Kind::Mail, vec![id(&r, &["mailOutbox", "0", "id"])]);
    ids.insert(Kind::AuditEntry, vec![id(&r, &["auditLog", "0", "id"])]);

    // A manual workflow and its run, parked in a day-long delay so it
    // holds still.
    let r = gql(
        &admin,
        "mutation { createWorkflow(input: {name: \"隔离\", definition: {trigger: {type: \"manual\"}, \
         steps: [{type: \"delay\", minutes: 1440}]}}) { id } }",
        json!({}),
    )
    .await;
    let workflow = id(&r, &["createWorkflow", "id"]);
    gql(&admin, "mutation($id: ID!) { publishWorkflow(id: $id) { workflow { id } } }", json!({ "id": workflow }))
        .await
        .ok();
    let r = gql(
        &sp,
        "mutation($w: ID!, $c: ID!) { runWorkflow(workflowId: $w, customerId: $c) { id } }",
        json!({ "w": workflow, "c": owned }),
    )
    .await;
    let run = id(&r, &["runWorkflow", "id"]);
    eventually(30, "the workflow run waiting", || async {
        let r = s.gql(Some(&admin), "query($id: ID!) { workflowRun(id: $id) { status } }", json!({ "id": run })).await;
        if r.ok()["workflowRun"]["status"] == "WAITING" { Ok(()) } else { Err(r.body.to_string()) }
    })
    .await;
    ids.insert(Kind::Workflow, vec![workflow]);
    ids.insert(Kind::WorkflowRun, vec![run]);

    let r = gql(
        &admin,
        "mutation { createSegment(input: {name: \"重点\", filter: {tag: \"重点\"}, sharing: COMPANY}) { id } }",
        json!({}),
    )
    .await;
    ids.insert(Kind::Segment, vec![id(&r, &["createSegment", "id"])]);
    let r = gql(&admin, "mutation { createTag(input: {name: \"展会\", color: BLUE}) { id } }", json!({})).await;
    ids.insert(Kind::Tag, vec![id(&r, &["createTag", "id"])]);
    // Two customers merged: the merge (its undo is a target).
    let r = gql(&sp, "mutation { createCustomer(input: {name: \"合并甲\"}) { id } }", json!({})).await;
    let twin = id(&r, &["createCustomer", "id"]);
    let r = gql(&sp, "mutation { createCustomer(input: {name: \"合并乙\"}) { id } }", json!({})).await;
    let other_twin = id(&r, &["createCustomer", "id"]);
    let r = gql(
        &sp,
        "mutation($i: MergeCustomersInput!) { mergeCustomers(input: $i) { id } }",
        json!({ "i": { "survivorId": twin, "mergedIds": [other_twin] } }),
    )
    .await;
    ids.insert(Kind::CustomerMerge, vec![id(&r, &["mergeCustomers", "id"])]);

    // Last, so no later change of the company adds a delivery: a webhook to
    // a closed loopback port and one delivery, failed for good at its first
    // attempt (the server retries nothing), so the webhook holds still.
    let r = gql(
        &admin,
        "mutation { createWebhook(input: {url: \"http://127.0.0.1:9/hook\", events: [\"customer.created\"]}) { webhook { id } } }",
        json!({}),
    )
    .await;
    let webhook = id(&r, &["createWebhook", "webhook", "id"]);
    ids.insert(Kind::Webhook, vec![webhook.clone()]);
    gql(&sp, create, json!({ "n": "推送" })).await.ok();
    let delivery = eventually(30, "a failed webhook delivery", || async {
        let r = s
            .gql(
                Some(&admin),
                "query($id: ID!) { webhook(id: $id) { deliveries { nodes { id status } } } }",
                json!({ "id": webhook }),
            )
            .await;
        let d = r.ok()["webhook"]["deliveries"]["nodes"][0].clone();
        if d["status"] == "FAILED" { Ok(d["id"].as_str().unwrap().to_owned()) } else { Err(r.body.to_string()) }
    })
    .await;
    ids.insert(Kind::WebhookDelivery, vec![delivery]);
    // The admin's notification of the post that names them; once it is
    // written, nothing later in the company's feed tells the admin more.
    let notification = eventually(30, "the admin's mention", || async {
        let r = s.gql(Some(&admin), "{ notifications { nodes { id } } }", json!({})).await;
        r.ok()["notifications"]["nodes"][0]["id"].as_str().map(str::to_owned).ok_or_else(|| r.body.to_string())
    })
    .await;
    ids.insert(Kind::Notification, vec![notification]);
    World { t, ids }
}

/// Wait until `job` has ended; it must have succeeded if `must_succeed`.
async fn job_done(s: &TestServer, token: &str, job: &str, must_succeed: bool) {
    eventually(120, &format!("job {job} ending"), || async {
        let r =
            s.gql(Some(token), "query($id: ID!) { job(id: $id) { kind status error } }", json!({ "id": job })).await;
        let j = r.ok()["job"].clone();
        assert!(!must_succeed || j["status"] != "FAILED", "{j}");
        if j["status"] == "SUCCEEDED" || j["status"] == "FAILED" { Ok(()) } else { Err(j.to_string()) }
    })
    .await;
}

/// Everything `who` reads of its company: every list and setting, and each
/// object of `objects` by its id, as the generated reads answer them.
async fn snapshot(s: &TestServer, sdl: &Sdl, who: &str, objects: &BTreeMap<Kind, Vec<String>>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for q in sdl.reads(3).into_iter().chain(sdl.lookups(objects, 3)) {
        let r = s.gql(Some(who), &q, json!({})).await;
        out.push((q, r.body));
    }
    out
}

/// An id no company has: a foreign id must be answered exactly like it.
const NOWHERE: &str = "0190f000-0000-7000-8000-000000000000";

/// The answer `r` to `a` must tell nothing of the other company: no data of
/// it, and the same answer as `control` (the request with every foreign id
/// replaced by [`NOWHERE`]). That is an error with an allowed code, or, for
/// an operation that is a no-op for an unknown id (removing a supervisor who
/// is not one), the same success; a narrowing lookup (a filter, a cursor)
/// may answer with an empty or own-company result of its own.
fn judge(a: &Attack, r: &Gql, control: &Gql, foreign: &[String]) -> Result<(), String> {
    let data = r.body["data"].to_string();
    if let Some(leak) = foreign.iter().find(|id| data.contains(id.as_str())) {
        return Err(format!("{} leaked {leak}: {:#}", a.label, r.body));
    }
    let code = |g: &Gql| g.body["errors"][0]["extensions"]["code"].as_str().map(str::to_owned);
    match code(r) {
        Some(c) if !["NOT_FOUND", "FORBIDDEN", "VALIDATION_FAILED"].contains(&c.as_str()) => {
            Err(format!("{} answered {c}: {:#}", a.label, r.body))
        }
        Some(_) if !r.body["data"][&a.field].is_null() => {
            Err(format!("{} answered data beside its error: {:#}", a.label, r.body))
        }
        Some(c) if c == "VALIDATION_FAILED" && !names_foreign_field(a, r) => Err(format!(
            "{} was refused as invalid input, but not for the foreign id in {:?}: the request proves nothing; \
             give the operation a value that passes (OVERRIDES or OWN_FILLED in tests/e2e/isolation/targets.rs): {:#}",
            a.label, a.foreign_fields, r.body
        )),
        Some(c) if code(control).as_deref() != Some(&c) => Err(format!(
            "{} answered {c}, but an id that exists nowhere gets {:?}: the difference tells the id exists: {:#}",
            a.label,
            code(control),
            r.body
        )),
        Some(_) => Ok(()),
        None if a.narrowing => Ok(()),
        None if control.body == r.body => Ok(()),
        None => {
            Err(format!("{} succeeded: {:#}\n    (an id that exists nowhere gets {:#})", a.label, r.body, control.body))
        }
    }
}

/// Whether the invalid-input error `r` names a field that held a foreign id
/// (`extensions.fields[].field` is a dotted path ending in the field name).
fn names_foreign_field(a: &Attack, r: &Gql) -> bool {
    r.fields().iter().any(|f| a.foreign_fields.iter().any(|n| f.rsplit('.').next() == Some(n.as_str())))
}

async fn send(s: &TestServer, token: &str, a: &Attack) -> Gql {
    if a.uploads.is_empty() {
        return s.gql(Some(token), &a.query, json!({})).await;
    }
    let vars: serde_json::Map<String, Value> = a.uploads.iter().map(|v| (v.clone(), Value::Null)).collect();
    let paths: Vec<String> = a.uploads.iter().map(|v| format!("variables.{v}")).collect();
    // A file the operation would accept, so only the id can be refused.
    let files = paths
        .iter()
        .map(|path| match a.field.as_str() {
            "setCustomerPhoto" => (path.as_str(), "me.png", PNG.to_vec()),
            _ => (path.as_str(), "客户.csv", CSV.as_bytes().to_vec()),
        })
        .collect();
    s.gql_upload(Some(token), &a.query, Value::Object(vars), files).await
}

/// Every operation of the schema that takes an id, generated from
/// `schema/graphql/schema.graphql`, tried with the other company's ids by an
/// admin session and a read-write API key: each is refused without data, the
/// other company's objects are unchanged, and neither company's lists show
/// the other's objects.
async fn every_operation_with_other_tenants_ids(b: Backend) {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_owned();
    let s = TestServer::start_with(b, move |cfg| {
        cfg.data_dir = dir;
        // The companies' webhooks point at a closed loopback port; their one
        // delivery fails at once and for good.
        cfg.webhooks_allow_private = true;
        cfg.webhooks_retry_hours = 0;
        cfg.webhooks_poll_ms = 20;
    })
    .await;
    let sdl = Sdl::load();
    let targets = sdl.targets();
    let a = world(&s, "alpha").await;
    let z = world(&s, "zeta").await;
    let mut foreign: Vec<String> = z.ids.values().flatten().cloned().collect();
    foreign.push(z.t.admin.tenant_id.clone());

    let before = snapshot(&s, &sdl, &z.t.admin.token, &z.ids).await;
    for (q, body) in &before {
        assert!(body.get("errors").is_none(), "the generated read {q} fails for the company's own admin: {body:#}");
    }

    let mut attacks = 0;
    let mut failures = Vec::new();
    let mut attacked = BTreeSet::new();
    for t in &targets {
        for attack in sdl.attacks(t, &a.ids, &z.ids) {
            attacked.insert(attack.field.clone());
            for token in [&a.t.admin.token, &a.t.api_key] {
                let r = send(&s, token, &attack).await;
                let mut control = attack.clone();
                for id in &foreign {
                    control.query = control.query.replace(id.as_str(), NOWHERE);
                }
                let control = send(&s, token, &control).await;
                attacks += 1;
                if let Err(e) = judge(&attack, &r, &control, &foreign) {
                    failures.push(format!("{e}\n    (sent: {})", attack.query));
                }
            }
        }
    }
    println!(
        "cross-tenant suite on {b:?}: {} operations that take an id, attacked with {attacks} requests (each beside \
         a control with an id that exists nowhere); {} reads of the other company compared before and after",
        targets.len(),
        before.len()
    );
    let missed: Vec<&String> = targets.iter().map(|t| &t.field).filter(|f| !attacked.contains(*f)).collect();
    assert!(missed.is_empty(), "operations that take an id but were not attacked: {missed:?}");
    assert!(failures.is_empty(), "{} attacks were not refused:\n{}", failures.len(), failures.join("\n"));

    // Z is exactly as it was, as its own admin reads it.
    let after = snapshot(&s, &sdl, &z.t.admin.token, &z.ids).await;
    for ((q, was), (_, is)) in before.iter().zip(&after) {
        assert_eq!(was, is, "{q} changed");
    }
    s.gql(Some(&z.t.api_key), "{ me { user { id } } }", json!({})).await.ok();

    // Lists show only one's own company.
    let mut own: Vec<String> = a.ids.values().flatten().cloned().collect();
    own.push(a.t.admin.tenant_id.clone());
    for (who, other) in [(&a.t.admin.token, &foreign), (&z.t.admin.token, &own)] {
        for q in sdl.reads(3) {
            let r = s.gql(Some(who), &q, json!({})).await;
            let text = r.ok().to_string();
            for id in other {
                assert!(!text.contains(id.as_str()), "{id} of the other company leaked into {q}: {text}");
            }
        }
    }
}

async fn tokens_and_passwords_do_not_cross_tenants(b: Backend) {
    let s = TestServer::start(b).await;
    let a = tenant(&s, "alpha").await;
    let z = tenant(&s, "zeta").await;
    // A session or key re-labelled with the other tenant's id is worthless.
    for (token, other) in [(&a.admin.token, &z.admin.tenant_id), (&a.api_key, &z.admin.tenant_id)] {
        let mut parts: Vec<String> = token.splitn(3, '_').map(str::to_owned).collect();
        parts[1] = other.replace('-', "");
        let forged = parts.join("_");
        assert_eq!(s.gql(Some(&forged), "{ me { user { id } } }", json!({})).await.code(), "UNAUTHENTICATED");
    }
    // Each company's token shows its own user for the shared e-mail.
    let me = |t: String| {
        let s = &s;
        async move { s.gql(Some(&t), "{ me { user { id } tenant { slug } } }", json!({})).await.ok().clone() }
    };
    assert_eq!(me(a.sp.token.clone()).await["me"]["tenant"]["slug"], "alpha");
    assert_eq!(me(z.sp.token.clone()).await["me"]["tenant"]["slug"], "zeta");
    // Change the password in Z only: A's account keeps its own.
    s.gql(Some(&z.sp.token), "mutation { changePassword(input: {currentPassword: \"correct horse battery\", newPassword: \"moonlit harbour walk\"}) }", json!({})).await.ok();
    assert!(s.login("alpha", "same.person@example.cn", PASSWORD).await.is_ok());
    assert!(s.login("alpha", "same.person@example.cn", "moonlit harbour walk").await.is_err());
    assert!(s.login("zeta", "same.person@example.cn", "moonlit harbour walk").await.is_ok());
    // Lockout in one company does not lock the namesake in the other.
    for _ in 0..5 {
        s.login("zeta", "same.person@example.cn", "wrong password!").await.unwrap_err();
    }
    assert_eq!(
        s.login("zeta", "same.person@example.cn", "moonlit harbour walk").await.unwrap_err().code(),
        "ACCOUNT_LOCKED"
    );
    assert!(s.login("alpha", "same.person@example.cn", PASSWORD).await.is_ok());
    // An invitation token is bound to its tenant: it creates the user there.
    let r = s
        .gql(
            Some(&z.admin.token),
            "mutation { inviteUser(input: {email: \"new@zeta.cn\", role: SALESPERSON}) { id } }",
            json!({}),
        )
        .await;
    r.ok();
    let token = s.invitation_token(&z.admin, "new@zeta.cn").await;
    let r = s.accept(&token, "新人", PASSWORD).await;
    assert_eq!(r.ok()["acceptInvitation"]["tenant"]["id"], z.admin.tenant_id.as_str());
    assert!(s.login("alpha", "new@zeta.cn", PASSWORD).await.is_err());
}

backend_tests!(every_operation_with_other_tenants_ids, tokens_and_passwords_do_not_cross_tenants);
