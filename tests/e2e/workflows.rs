//! Workflow automation end to end, on both backends, with the engine's
//! clock moved forward instead of sleeping: event triggers with conditions
//! and the steps that change records, plan, notify and mail; delays that
//! survive a restart; retries with backoff, a run that fails visibly, and
//! retries from the failed step and from the start; a worker that dies
//! holding a run; the loop bound and the runaway guard; schedules and
//! dates on the company's clock; inbound webhooks and their secret;
//! validation; the acting user's rights; immutable versions; and two
//! companies that never see each other's workflows or runs.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use guanxi_server::Config;
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company_on, eventually};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

const CREATE: &str =
    "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id state draft { id number status } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishWorkflow(id: $id) { webhookSecret workflow { id state \
                       activeVersion { id number status } draft { id } webhookUrl signingSecret } } }";
const RUNS: &str = "query($w: ID, $s: WorkflowRunStatus) { workflowRuns(workflowId: $w, status: $s, first: 100) { \
                    nodes { id status customerId depth round error failedStep waitUntil versionId trigger } } }";
const RUN: &str = "query($id: ID!) { workflowRun(id: $id) { id status error failedStep round waitUntil trigger \
                   steps { round key kind status input output error attempts } } }";
const RUN_MANUAL: &str = "mutation($w: ID!, $c: ID!) { runWorkflow(workflowId: $w, customerId: $c) { id status } }";
const RETRY: &str = "mutation($id: ID!, $f: Boolean) { retryWorkflowRun(id: $id, fromStart: $f) { id status round } }";

/// Quick polls for the workflow worker and the event dispatcher; loopback
/// reachable for `http` steps.
fn quick(c: &mut Config) {
    c.webhooks_allow_private = true;
    c.workflows_poll_ms = 20;
    c.workflows_timeout_secs = 5;
}

async fn create(s: &TestServer, who: &Session, name: &str, definition: Value) -> String {
    let r = s.gql(Some(&who.token), CREATE, json!({ "i": { "name": name, "definition": definition } })).await;
    r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned()
}

async fn publish(s: &TestServer, who: &Session, id: &str) -> Value {
    let r = s.gql(Some(&who.token), PUBLISH, json!({ "id": id })).await;
    r.ok()["publishWorkflow"].clone()
}

/// Create and publish; the workflow's id.
async fn workflow(s: &TestServer, who: &Session, name: &str, definition: Value) -> String {
    let id = create(s, who, name, definition).await;
    let p = publish(s, who, &id).await;
    assert_eq!(p["workflow"]["state"], "ACTIVE", "{p}");
    id
}

async fn runs(s: &TestServer, who: &Session, wf: &str) -> Vec<Value> {
    let r = s.gql(Some(&who.token), RUNS, json!({ "w": wf })).await;
    r.ok()["workflowRuns"]["nodes"].as_array().unwrap().clone()
}

async fn run(s: &TestServer, who: &Session, id: &str) -> Value {
    s.gql(Some(&who.token), RUN, json!({ "id": id })).await.ok()["workflowRun"].clone()
}

/// Wait until the run is in `status`; the run with its steps.
async fn run_until(s: &TestServer, who: &Session, id: &str, status: &str) -> Value {
    eventually(20, &format!("run {id} {status}"), || async {
        s.tick_workflows().await;
        let r = run(s, who, id).await;
        if r["status"] == status { Ok(r) } else { Err(format!("{r:#}")) }
    })
    .await
}

/// Wait until the workflow has `n` runs all in a final status; them, newest first.
async fn settled(s: &TestServer, who: &Session, wf: &str, n: usize) -> Vec<Value> {
    eventually(20, &format!("{n} settled runs"), || async {
        s.tick_workflows().await;
        let all = runs(s, who, wf).await;
        let done =
            all.iter().all(|r| ["COMPLETED", "FAILED", "SKIPPED", "STOPPED"].contains(&r["status"].as_str().unwrap()));
        if all.len() == n && done { Ok(all) } else { Err(format!("{all:#?}")) }
    })
    .await
}

async fn customer(s: &TestServer, who: &Session, id: &str) -> Value {
    let r = s
        .gql(
            Some(&who.token),
            "query($id: ID!) { customer(id: $id) { id name title status grade tags owner { id } } }",
            json!({ "id": id }),
        )
        .await;
    r.ok()["customer"].clone()
}

async fn update(s: &TestServer, who: &Session, id: &str, input: Value) {
    let r = s
        .gql(
            Some(&who.token),
            "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }",
            json!({ "id": id, "i": input }),
        )
        .await;
    r.ok();
}

async fn notifications(s: &TestServer, who: &Session) -> Vec<Value> {
    let r = s
        .gql(
            Some(&who.token),
            "{ notifications(first: 100) { nodes { kind title body link { kind id } } } }",
            json!({}),
        )
        .await;
    r.ok()["notifications"]["nodes"].as_array().unwrap().clone()
}

async fn event_triggers_run_their_steps(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let wf = workflow(
        &s,
        &admin,
        "成交跟进",
        json!({
            "trigger": { "type": "event", "event": "customer.updated", "fields": ["status"] },
            "condition": { "type": "changed", "field": "status", "from": "prospect", "to": "deal" },
            "steps": [
                { "type": "set_field", "field": "grade", "value": "vip" },
                { "type": "if", "condition": { "type": "compare", "field": "company", "op": "not_empty" },
                  "then": [ { "type": "set_field", "field": "tags", "value": ["成交", "{{company}}"] } ],
                  "else": [ { "type": "set_field", "field": "tags", "value": ["成交"] } ] },
                { "type": "notify", "to": { "type": "owner" }, "title": "{{name}} 成交了", "body": "by {{workflow.name}}" },
                { "type": "create_plan", "subject": "回访 {{name}}", "inDays": 7 },
                { "type": "send_mail", "to": { "type": "owner" }, "subject": "成交：{{name}}", "body": "恭喜 {{ownerName}}" }
            ]
        }),
    )
    .await;
    let won = s.create_customer(&sp1, "张三").await;
    update(&s, &sp1, &won, json!({ "company": "华为", "status": "DEAL" })).await;
    let other = s.create_customer(&sp1, "李四").await;
    update(&s, &sp1, &other, json!({ "status": "INTENT" })).await;

    let all = settled(&s, &admin, &wf, 2).await;
    let done = all.iter().find(|r| r["customerId"] == won.as_str()).unwrap();
    assert_eq!(done["status"], "COMPLETED", "{done:#}");
    assert_eq!(done["depth"], 1);
    let skipped = all.iter().find(|r| r["customerId"] == other.as_str()).unwrap();
    assert_eq!(skipped["status"], "SKIPPED", "the condition did not hold: {skipped:#}");

    let c = customer(&s, &sp1, &won).await;
    assert_eq!(c["grade"], "VIP");
    assert_eq!(c["tags"], json!(["成交", "华为"]));
    let steps = run(&s, &admin, done["id"].as_str().unwrap()).await["steps"].as_array().unwrap().clone();
    let keys: Vec<&str> = steps.iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["steps.0", "steps.1", "steps.1.then.0", "steps.2", "steps.3", "steps.4"]);
    assert_eq!(steps[1]["output"]["branch"], "then");
    assert_eq!(steps[0]["output"]["before"], "normal");

    let n = notifications(&s, &sp1).await;
    let n = n.iter().find(|n| n["kind"] == "WORKFLOW").unwrap_or_else(|| panic!("{n:#?}"));
    assert_eq!(n["title"], "张三 成交了");
    assert_eq!(n["body"], "by 成交跟进");
    assert_eq!(n["link"]["id"], won.as_str());
    let plans =
        s.gql(Some(&sp1.token), "{ workPlans(first: 10) { nodes { subject customer { id } } } }", json!({})).await;
    assert_eq!(plans.ok()["workPlans"]["nodes"][0]["subject"], "回访 张三", "{:?}", plans.ok());
    let outbox = s.gql(Some(&admin.token), "{ mailOutbox(limit: 50) { kind to subject body } }", json!({})).await;
    let mail = outbox.ok()["mailOutbox"].as_array().unwrap().iter().find(|m| m["kind"] == "workflow").cloned().unwrap();
    assert_eq!(mail["to"], "sp1@acme.cn");
    assert_eq!(mail["subject"], "成交：张三");

    // Events delivered again start nothing twice.
    let events = s.events(&admin, 0).await;
    let tenant = guanxi_core::TenantId(admin.tenant_id.parse().unwrap());
    assert_eq!(s.store.start_workflow_runs_for_events(tenant, &events).await.unwrap(), 0);
}

async fn delays_wait_in_the_database_across_a_restart(b: Backend) {
    let Company { mut s, admin, sp1, .. } = company_on(b, quick).await;
    let wf = workflow(
        &s,
        &admin,
        "三天后回访",
        json!({
            "trigger": { "type": "manual" },
            "steps": [
                { "type": "delay", "minutes": 3 * 24 * 60 },
                { "type": "set_field", "field": "tags", "value": ["已回访"] }
            ]
        }),
    )
    .await;
    let c = s.create_customer(&sp1, "王五").await;
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
    let id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    let waiting = run_until(&s, &admin, &id, "WAITING").await;
    let until: chrono::DateTime<chrono::Utc> = waiting["waitUntil"].as_str().unwrap().parse().unwrap();
    assert!(until > chrono::Utc::now() + chrono::Duration::days(2), "{waiting:#}");

    // Workers stop mid-delay; nothing about the wait lived in them.
    s.restart().await;
    s.tick_workflows().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(run(&s, &admin, &id).await["status"], "WAITING");
    s.clock().advance(Duration::from_secs(3 * 24 * 3600 + 60));
    let done = run_until(&s, &admin, &id, "COMPLETED").await;
    assert_eq!(done["steps"][0]["status"], "completed", "{done:#}");
    assert_eq!(customer(&s, &sp1, &c).await["tags"], json!(["已回访"]));
}

/// One request an `http` step made.
#[derive(Clone, Debug)]
struct Hit {
    signature: String,
    key: String,
    body: String,
}

/// What the receiver got, and the statuses it is still to answer.
type Script = Arc<Mutex<(Vec<Hit>, VecDeque<u16>)>>;

#[derive(Clone)]
struct Receiver {
    url: String,
    state: Script,
}

impl Receiver {
    async fn start(script: &[u16]) -> Receiver {
        let state = Arc::new(Mutex::new((Vec::new(), script.iter().copied().collect::<VecDeque<_>>())));
        let app = axum::Router::new().route("/hook", axum::routing::post(hit)).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { url: format!("http://{addr}/hook"), state }
    }

    fn hits(&self) -> Vec<Hit> {
        self.state.lock().unwrap().0.clone()
    }
}

async fn hit(State(state): State<Script>, headers: HeaderMap, body: String) -> StatusCode {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let mut s = state.lock().unwrap();
    s.0.push(Hit { signature: h("guanxi-signature"), key: h("idempotency-key"), body });
    StatusCode::from_u16(s.1.pop_front().unwrap_or(200)).unwrap()
}

/// The receiver's check, as the API guide tells integrators.
fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = Some(v.to_owned()),
            Some(("v1", v)) => sigs.push(v.to_owned()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    sigs.iter().any(|s| hex::decode(s).is_ok_and(|sig| mac.clone().verify_slice(&sig).is_ok()))
}

async fn failing_steps_retry_fail_visibly_and_retry_from_the_step(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let rx = Receiver::start(&[500, 503, 500]).await;
    let wf = create(
        &s,
        &admin,
        "通知 ERP",
        json!({
            "trigger": { "type": "manual" },
            "maxAttempts": 3,
            "steps": [ { "type": "http", "url": rx.url }, { "type": "set_field", "field": "title", "value": "已同步" } ]
        }),
    )
    .await;
    let p = publish(&s, &admin, &wf).await;
    let secret = p["workflow"]["signingSecret"].as_str().unwrap().to_owned();
    let c = s.create_customer(&sp1, "赵六").await;
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
    let id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();

    let w = run_until(&s, &admin, &id, "WAITING").await;
    assert_eq!(w["steps"][0]["status"], "retrying", "{w:#}");
    assert_eq!(w["error"], "HTTP 500 Internal Server Error");
    s.clock().advance(Duration::from_secs(31));
    eventually(20, "second attempt", || async {
        s.tick_workflows().await;
        if rx.hits().len() >= 2 { Ok(()) } else { Err("one".to_owned()) }
    })
    .await;
    s.clock().advance(Duration::from_secs(61));
    let failed = run_until(&s, &admin, &id, "FAILED").await;
    assert_eq!(failed["failedStep"], "steps.0");
    assert_eq!(failed["steps"][0]["attempts"], 3, "{failed:#}");
    assert_eq!(rx.hits().len(), 3);
    let hits = rx.hits();
    assert!(hits.iter().all(|h| h.key == hits[0].key), "one idempotency key for every attempt of a step");
    assert!(hits.iter().all(|h| verify(&secret, &h.signature, &h.body)), "signed with the workflow's secret");
    assert_eq!(serde_json::from_str::<Value>(&hits[0].body).unwrap()["customer"]["name"], "赵六");
    assert_eq!(customer(&s, &sp1, &c).await["title"], Value::Null, "nothing after the failed step ran");
    let n = notifications(&s, &admin).await;
    assert!(n.iter().any(|n| n["title"].as_str().unwrap().contains("通知 ERP")), "the creator is told: {n:#?}");

    // From the failed step: the receiver answers 200 now.
    let r = s.gql(Some(&admin.token), RETRY, json!({ "id": id })).await;
    assert_eq!(r.ok()["retryWorkflowRun"]["round"], 1);
    let done = run_until(&s, &admin, &id, "COMPLETED").await;
    assert_eq!(rx.hits().len(), 4);
    assert_eq!(rx.hits()[3].key, hits[0].key, "the same step keeps its key");
    assert_eq!(customer(&s, &sp1, &c).await["title"], "已同步");
    assert_eq!(done["error"], Value::Null);

    // From the start: a new round, whose steps have keys of their own.
    let r = s.gql(Some(&admin.token), RETRY, json!({ "id": id, "f": true })).await;
    assert_eq!(r.ok()["retryWorkflowRun"]["round"], 2);
    run_until(&s, &admin, &id, "COMPLETED").await;
    assert_eq!(rx.hits().len(), 5);
    assert_ne!(rx.hits()[4].key, hits[0].key);

    // A run that has not failed cannot be retried from its step.
    let r = s.gql(Some(&admin.token), RETRY, json!({ "id": id })).await;
    assert_eq!(r.code(), "CONFLICT");
}

async fn a_worker_that_dies_holding_a_run_loses_nothing(b: Backend) {
    // No worker of the server's own: the test is the workers.
    let Company { s, admin, sp1, .. } = company_on(b, |c| {
        quick(c);
        c.jobs_concurrency = 0;
    })
    .await;
    let wf = workflow(
        &s,
        &admin,
        "打标签",
        json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "set_field", "field": "tags", "value": ["x"] } ] }),
    )
    .await;
    let c = s.create_customer(&sp1, "孙七").await;
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
    let id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    let now = chrono::Utc::now();
    let lease = Duration::from_secs(60);
    let dead = s.store.claim_workflow_run("dead", lease, now).await.unwrap().expect("a run is due");
    // The dying worker holds it: nobody else takes it within the lease.
    assert!(s.store.claim_workflow_run("b", lease, now).await.unwrap().is_none());
    let later = now + chrono::Duration::seconds(61);
    let b2 = s.store.claim_workflow_run("b", lease, later).await.unwrap().expect("the lease ran out");
    struct NoHttp;
    impl guanxi_store::workflows::Outbound for NoHttp {
        fn post(
            &self,
            _: guanxi_store::workflows::OutboundRequest,
        ) -> guanxi_store::workflows::engine::OutboundFuture<'_> {
            Box::pin(async { Err("no".to_owned()) })
        }
    }
    let a = s.store.advance_workflow_run(&b2, later, &NoHttp).await.unwrap();
    assert_eq!(a, guanxi_store::workflows::Advance::Finished(guanxi_core::workflows::RunStatus::Completed));
    // The stalled worker wakes up: it no longer holds the run and does nothing.
    let a = s.store.advance_workflow_run(&dead, later, &NoHttp).await.unwrap();
    assert_eq!(a, guanxi_store::workflows::Advance::Lost);
    let r = run(&s, &admin, &id).await;
    assert_eq!(r["status"], "COMPLETED");
    assert_eq!(r["steps"].as_array().unwrap().len(), 1);
    assert_eq!(r["steps"][0]["attempts"], 1, "the step ran once: {r:#}");
    assert_eq!(customer(&s, &sp1, &c).await["tags"], json!(["x"]));
}

async fn chains_of_workflows_stop_at_the_depth_bound(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let wf = workflow(
        &s,
        &admin,
        "自己触发自己",
        json!({
            "trigger": { "type": "event", "event": "customer.updated", "fields": ["title"] },
            "steps": [ { "type": "set_field", "field": "title", "value": "{{title}}+" } ]
        }),
    )
    .await;
    let c = s.create_customer(&sp1, "周八").await;
    update(&s, &sp1, &c, json!({ "title": "经理" })).await;
    let all = settled(&s, &admin, &wf, 3).await;
    let mut depths: Vec<i64> = all.iter().map(|r| r["depth"].as_i64().unwrap()).collect();
    depths.sort_unstable();
    assert_eq!(depths, [1, 2, 3]);
    // Nothing more comes: the third run's change is at the bound.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(runs(&s, &admin, &wf).await.len(), 3);
    assert_eq!(customer(&s, &sp1, &c).await["title"], "经理+++");
}

async fn runaway_workflows_are_stopped_and_reported(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, |c| {
        quick(c);
        c.workflows_runaway_per_minute = 3;
    })
    .await;
    let wf = workflow(
        &s,
        &admin,
        "每个新客户",
        json!({ "trigger": { "type": "event", "event": "customer.created" },
                "steps": [ { "type": "notify", "to": { "type": "actor" }, "title": "新客户 {{name}}" } ] }),
    )
    .await;
    for i in 0..6 {
        s.create_customer(&sp1, &format!("客户{i}")).await;
    }
    let w = eventually(20, "the workflow stopped", || async {
        let r = s
            .gql(
                Some(&admin.token),
                "query($id: ID!) { workflow(id: $id) { state stoppedReason } }",
                json!({ "id": wf }),
            )
            .await;
        let w = r.ok()["workflow"].clone();
        if w["state"] == "INACTIVE" { Ok(w) } else { Err(format!("{w}")) }
    })
    .await;
    assert!(w["stoppedReason"].as_str().unwrap().contains("within a minute"), "{w}");
    let n = notifications(&s, &admin).await;
    assert!(n.iter().any(|n| n["title"].as_str().unwrap().contains("Workflow stopped")), "{n:#?}");
    let count = runs(&s, &admin, &wf).await.len();
    s.create_customer(&sp1, "之后").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(runs(&s, &admin, &wf).await.len(), count, "a stopped workflow starts nothing");
}

async fn schedules_and_dates_fire_on_the_company_clock(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let daily = workflow(
        &s,
        &admin,
        "每天早上",
        json!({ "trigger": { "type": "schedule", "cron": "0 9 * * *" },
                "steps": [ { "type": "notify", "to": { "type": "actor" }, "title": "早上好 {{trigger.type}}" } ] }),
    )
    .await;
    let birthday = workflow(
        &s,
        &admin,
        "生日祝福",
        json!({ "trigger": { "type": "date", "field": "birthday", "offsetDays": 0, "at": "09:00" },
                "steps": [ { "type": "notify", "to": { "type": "owner" }, "title": "{{name}} 今天生日" } ] }),
    )
    .await;
    // Tomorrow in Shanghai, by the engine's clock, is someone's birthday.
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let tomorrow = (s.clock().now() + chrono::Duration::days(1)).with_timezone(&tz).date_naive();
    let born = chrono::NaiveDate::from_ymd_opt(
        1990,
        chrono::Datelike::month(&tomorrow),
        chrono::Datelike::day(&tomorrow).min(28),
    )
    .unwrap();
    let hers = s.create_customer(&sp1, "生日客户").await;
    update(&s, &sp1, &hers, json!({ "birthday": born.to_string() })).await;
    let other = s.create_customer(&sp1, "别的客户").await;
    update(&s, &sp1, &other, json!({ "birthday": (born + chrono::Duration::days(40)).to_string() })).await;

    s.tick_workflows().await;
    assert!(runs(&s, &admin, &daily).await.is_empty(), "nothing is due yet");
    // Just past nine tomorrow morning in Shanghai, whatever the time now: a
    // pass later than the next day's nine would greet that day's birthdays.
    let nine = tomorrow
        .and_hms_opt(9, 5, 0)
        .and_then(|t| t.and_local_timezone(tz).earliest())
        .unwrap()
        .with_timezone(&chrono::Utc);
    s.clock().advance((nine - s.clock().now()).to_std().unwrap());
    let d = settled(&s, &admin, &daily, 1).await;
    assert_eq!(d[0]["status"], "COMPLETED");
    assert_eq!(d[0]["trigger"]["type"], "schedule");
    if chrono::Datelike::day(&tomorrow) <= 28 {
        let bd = settled(&s, &admin, &birthday, 1).await;
        assert_eq!(bd[0]["customerId"], hers.as_str());
        let n = notifications(&s, &sp1).await;
        assert!(n.iter().any(|n| n["title"] == "生日客户 今天生日"), "{n:#?}");
    }
    // A second pass at the same time starts nothing more.
    s.tick_workflows().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(runs(&s, &admin, &daily).await.len(), 1);
}

async fn inbound_webhooks_need_the_secret(b: Backend) {
    let Company { s, admin, .. } = company_on(b, quick).await;
    let wf = create(
        &s,
        &admin,
        "外部系统",
        json!({ "trigger": { "type": "webhook" },
                "steps": [ { "type": "notify", "to": { "type": "actor" }, "title": "订单 {{trigger.body.order}}" } ] }),
    )
    .await;
    let p = publish(&s, &admin, &wf).await;
    let secret = p["webhookSecret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("gxw_"));
    let url = format!("{}/hooks/workflows/{}/{}", s.base, admin.tenant_id, wf);
    assert!(
        p["workflow"]["webhookUrl"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/hooks/workflows/{}/{}", admin.tenant_id, wf))
    );
    let post = |key: Option<&str>, body: &str| {
        let mut r = s.http.post(&url).header("content-type", "application/json").body(body.to_owned());
        if let Some(k) = key {
            r = r.header("authorization", format!("Bearer {k}"));
        }
        r.send()
    };
    assert_eq!(post(None, "{}").await.unwrap().status(), 404);
    assert_eq!(post(Some("gxw_wrong"), "{}").await.unwrap().status(), 404);
    assert_eq!(post(Some(&secret), "not json").await.unwrap().status(), 400);
    let ok = post(Some(&secret), r#"{"order": "SO-42"}"#).await.unwrap();
    assert_eq!(ok.status(), 202);
    let id = ok.json::<Value>().await.unwrap()["runId"].as_str().unwrap().to_owned();
    let r = run_until(&s, &admin, &id, "COMPLETED").await;
    assert_eq!(r["trigger"]["body"]["order"], "SO-42");
    let n = notifications(&s, &admin).await;
    assert!(n.iter().any(|n| n["title"] == "订单 SO-42"), "{n:#?}");
    // Rotated: the old secret stops working.
    let r = s
        .gql(Some(&admin.token), "mutation($id: ID!) { rotateWorkflowWebhookSecret(id: $id) }", json!({ "id": wf }))
        .await;
    let fresh = r.ok()["rotateWorkflowWebhookSecret"].as_str().unwrap().to_owned();
    assert_eq!(post(Some(&secret), "{}").await.unwrap().status(), 404);
    assert_eq!(post(Some(&fresh), "{}").await.unwrap().status(), 202);
}

async fn definitions_are_checked_and_bad_input_changes_nothing(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let bad = |definition: Value| {
        let s = &s;
        let admin = &admin;
        async move {
            s.gql(Some(&admin.token), CREATE, json!({ "i": { "name": "坏的", "definition": definition } })).await
        }
    };
    let r = bad(json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "set_field", "field": "custom.nope", "value": 1 } ] })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["definition.steps.0.field"]);
    let r = bad(
        json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "plugin", "plugin": uuid::Uuid::now_v7() } ] }),
    )
    .await;
    assert_eq!(r.fields(), ["definition.steps.0.plugin"]);
    let r = bad(
        json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "change_owner", "to": uuid::Uuid::now_v7() } ] }),
    )
    .await;
    assert_eq!(r.fields(), ["definition.steps.0.to"]);
    let r = bad(json!({ "trigger": { "type": "schedule", "cron": "every monday" }, "steps": [ { "type": "delay", "minutes": 1 } ] })).await;
    assert_eq!(r.fields(), ["definition.trigger.cron"]);
    let r = bad(json!({ "trigger": { "type": "schedule", "cron": "0 9 * * *" }, "steps": [ { "type": "move_to_pool", "reason": "x" } ] })).await;
    assert_eq!(r.fields(), ["definition.steps.0"], "a schedule has no customer to move");
    let r = bad(json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "delay", "minutes": 200000 } ] })).await;
    assert_eq!(r.fields(), ["definition.steps.0.minutes"]);
    let r = bad(json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "teleport" } ] })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    let r = s
        .gql(
            Some(&sp1.token),
            CREATE,
            json!({ "i": { "name": "x", "definition": { "trigger": { "type": "manual" }, "steps": [ { "type": "delay", "minutes": 1 } ] } } }),
        )
        .await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&admin.token), "{ workflows { id } }", json!({})).await;
    assert_eq!(r.ok()["workflows"], json!([]), "nothing was written");
    let r = s.gql(Some(&sp1.token), "{ workflows { id } }", json!({})).await;
    assert_eq!(r.code(), "FORBIDDEN");

    // An archived workflow cannot be published or edited.
    let wf = create(
        &s,
        &admin,
        "旧的",
        json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "delay", "minutes": 1 } ] }),
    )
    .await;
    s.gql(Some(&admin.token), "mutation($id: ID!) { archiveWorkflow(id: $id) { state } }", json!({ "id": wf }))
        .await
        .ok();
    let r = s.gql(Some(&admin.token), PUBLISH, json!({ "id": wf })).await;
    assert_eq!(r.code(), "CONFLICT");
}

async fn steps_act_with_the_acting_users_rights(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company_on(b, quick).await;
    // Acting as a salesperson: they cannot hand a customer to someone else.
    let r = s
        .gql(
            Some(&admin.token),
            CREATE,
            json!({ "i": { "name": "转给二组", "runAsId": sp1.user_id, "definition": {
                "trigger": { "type": "manual" },
                "steps": [ { "type": "change_owner", "to": sp2.user_id } ] } } }),
        )
        .await;
    let wf = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    publish(&s, &admin, &wf).await;
    let mine = s.create_customer(&sp1, "一组的客户").await;
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": mine })).await;
    let id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    let failed = run_until(&s, &admin, &id, "FAILED").await;
    assert!(failed["error"].as_str().unwrap().starts_with("FORBIDDEN"), "{failed:#}");
    assert_eq!(failed["steps"][0]["attempts"], 1, "a refusal is not retried");
    assert_eq!(customer(&s, &sp1, &mine).await["owner"]["id"], sp1.user_id.as_str());

    // A customer the acting user cannot see: the run does nothing.
    let theirs = s.create_customer(&sp2, "二组的客户").await;
    let r = s.gql(Some(&admin.token), RUN_MANUAL, json!({ "w": wf, "c": theirs })).await;
    let id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    run_until(&s, &admin, &id, "SKIPPED").await;
    // And the button is only for customers the caller may edit.
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": theirs })).await;
    assert_eq!(r.code(), "NOT_FOUND");
}

async fn runs_finish_on_the_version_they_started_on(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let v = |title: &str| {
        json!({ "trigger": { "type": "manual" }, "steps": [
            { "type": "delay", "minutes": 60 },
            { "type": "notify", "to": { "type": "actor" }, "title": title } ] })
    };
    let wf = workflow(&s, &admin, "版本", v("v1")).await;
    let c = s.create_customer(&sp1, "客户").await;
    let r = s.gql(Some(&admin.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
    let first = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    run_until(&s, &admin, &first, "WAITING").await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!, $d: JSON!) { updateWorkflow(id: $id, input: {definition: $d}) { activeVersion { number } draft { number status } } }",
            json!({ "id": wf, "d": v("v2") }),
        )
        .await;
    assert_eq!(r.ok()["updateWorkflow"]["activeVersion"]["number"], 1);
    assert_eq!(r.ok()["updateWorkflow"]["draft"]["number"], 2);
    let p = publish(&s, &admin, &wf).await;
    assert_eq!(p["workflow"]["activeVersion"]["number"], 2);
    assert_eq!(p["workflow"]["draft"], Value::Null);
    s.clock().advance(Duration::from_secs(3700));
    run_until(&s, &admin, &first, "COMPLETED").await;
    let n = notifications(&s, &admin).await;
    assert!(n.iter().any(|n| n["title"] == "v1"), "the run finished on its own version: {n:#?}");
    assert!(!n.iter().any(|n| n["title"] == "v2"));
    let r = s
        .gql(
            Some(&admin.token),
            "query($id: ID!) { workflow(id: $id) { versions { number status } } }",
            json!({ "id": wf }),
        )
        .await;
    assert_eq!(
        r.ok()["workflow"]["versions"],
        json!([{ "number": 2, "status": "ACTIVE" }, { "number": 1, "status": "DEACTIVATED" }])
    );
}

async fn companies_never_see_each_others_workflows(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let other = s.sign_up("other").await;
    let wf = create(&s, &admin, "A 的", json!({ "trigger": { "type": "webhook" }, "steps": [ { "type": "notify", "to": { "type": "actor" }, "title": "x" } ] })).await;
    let secret = publish(&s, &admin, &wf).await["webhookSecret"].as_str().unwrap().to_owned();
    let manual = workflow(
        &s,
        &admin,
        "手动",
        json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "delay", "minutes": 5 } ] }),
    )
    .await;
    let c = s.create_customer(&sp1, "客户").await;
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": manual, "c": c })).await;
    let run_id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    run_until(&s, &admin, &run_id, "WAITING").await;

    for (q, vars) in [
        ("query($id: ID!) { workflow(id: $id) { id } }", json!({ "id": wf })),
        ("query($id: ID!) { workflowRun(id: $id) { id } }", json!({ "id": run_id })),
        ("mutation($id: ID!) { publishWorkflow(id: $id) { webhookSecret } }", json!({ "id": wf })),
        ("mutation($id: ID!) { stopWorkflowRun(id: $id) { id } }", json!({ "id": run_id })),
        ("mutation($id: ID!) { retryWorkflowRun(id: $id) { id } }", json!({ "id": run_id })),
        ("mutation($id: ID!) { archiveWorkflow(id: $id) { id } }", json!({ "id": wf })),
    ] {
        let r = s.gql(Some(&other.token), q, vars).await;
        assert_eq!(r.code(), "NOT_FOUND", "{q}");
    }
    let r = s.gql(Some(&other.token), RUN_MANUAL, json!({ "w": manual, "c": c })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s.gql(Some(&other.token), "{ workflows { id } workflowRuns { nodes { id } } }", json!({})).await;
    assert_eq!(r.ok()["workflows"], json!([]));
    assert_eq!(r.ok()["workflowRuns"]["nodes"], json!([]));
    // The secret URL under the other company's id finds nothing.
    let url = format!("{}/hooks/workflows/{}/{}", s.base, other.tenant_id, wf);
    let resp = s.http.post(&url).header("authorization", format!("Bearer {secret}")).body("{}").send().await.unwrap();
    assert_eq!(resp.status(), 404);
    // Nothing of the other company was stopped.
    assert_eq!(run(&s, &admin, &run_id).await["status"], "WAITING");
}

/// A `plugin` step runs a `workflow.action` plugin (the birthday-care
/// example) on the run's customer and applies its effects, checked against
/// its manifest, as the acting user; the step's output lists them.
async fn plugin_steps_apply_their_checked_effects(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let r = s
        .gql_upload(
            Some(&admin.token),
            "mutation($file: Upload!, $m: JSON!) { uploadPlugin(file: $file, manifest: $m) { pluginId } }",
            json!({ "file": null, "m": guanxi_tests::example_manifest("birthday-care") }),
            vec![("variables.file", "plugin.wasm", guanxi_tests::example_plugin("birthday_care.wasm"))],
        )
        .await;
    let plugin = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let wf = workflow(
        &s,
        &admin,
        "生日关怀",
        json!({ "trigger": { "type": "manual" }, "steps": [ { "type": "plugin", "plugin": plugin } ] }),
    )
    .await;
    // Born today (the company's day), with an address to greet.
    let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let born = chrono::NaiveDate::from_ymd_opt(1992, chrono::Datelike::month(&today), chrono::Datelike::day(&today))
        .unwrap_or(chrono::NaiveDate::from_ymd_opt(1992, 2, 29).unwrap());
    let c = s.create_customer(&sp1, "寿星").await;
    update(&s, &sp1, &c, json!({ "birthday": born.to_string(), "email": "shouxing@example.cn" })).await;
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
    let id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    let done = run_until(&s, &admin, &id, "COMPLETED").await;
    let effects = done["steps"][0]["output"]["effects"].as_array().unwrap().clone();
    let kinds: Vec<&str> = effects.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["send_mail", "create_plan"], "{done:#}");
    let outbox = s.gql(Some(&admin.token), "{ mailOutbox(limit: 50) { to subject } }", json!({})).await;
    assert!(outbox.ok()["mailOutbox"].as_array().unwrap().iter().any(|m| m["to"] == "shouxing@example.cn"));
    let plans = s.gql(Some(&sp1.token), "{ workPlans(first: 10) { nodes { subject } } }", json!({})).await;
    assert!(
        plans.ok()["workPlans"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["subject"].as_str().unwrap().contains("寿星"))
    );
}

/// `filter`, `change_owner` and `move_to_pool` as an admin acting user:
/// a customer of one salesperson goes to another, one without a phone goes
/// to the pool with the step's reason, and the filter stops the run for
/// the rest.
async fn owner_and_pool_steps_move_customers(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company_on(b, quick).await;
    let wf = workflow(
        &s,
        &admin,
        "整理客户",
        json!({ "trigger": { "type": "manual" }, "steps": [
            { "type": "filter", "condition": { "type": "compare", "field": "status", "op": "in", "value": ["lost", "paused"] } },
            { "type": "if", "condition": { "type": "compare", "field": "phones", "op": "empty" },
              "then": [ { "type": "move_to_pool", "reason": "无电话：{{name}}" } ],
              "else": [ { "type": "change_owner", "to": sp2.user_id } ] }
        ] }),
    )
    .await;
    let lost = s.create_customer(&sp1, "流失客户").await;
    update(&s, &sp1, &lost, json!({ "status": "LOST" })).await;
    let paused = s.create_customer(&sp1, "暂停客户").await;
    update(&s, &sp1, &paused, json!({ "status": "PAUSED", "phones": ["13900139000"] })).await;
    let active = s.create_customer(&sp1, "意向客户").await;
    update(&s, &sp1, &active, json!({ "status": "INTENT" })).await;
    let mut ids = Vec::new();
    for c in [&lost, &paused, &active] {
        let r = s.gql(Some(&admin.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
        ids.push(r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned());
    }
    for id in &ids {
        run_until(&s, &admin, id, "COMPLETED").await;
    }
    let pooled = customer(&s, &admin, &lost).await;
    assert_eq!(pooled["owner"], Value::Null, "moved to the pool: {pooled}");
    let r = s
        .gql(Some(&admin.token), "query($id: ID!) { customer(id: $id) { release { reason } } }", json!({ "id": lost }))
        .await;
    assert_eq!(r.ok()["customer"]["release"]["reason"], "无电话：流失客户");
    assert_eq!(customer(&s, &admin, &paused).await["owner"]["id"], sp2.user_id.as_str());
    assert_eq!(customer(&s, &admin, &active).await["owner"]["id"], sp1.user_id.as_str(), "the filter stopped it");
    let stopped = run(&s, &admin, &ids[2]).await;
    assert_eq!(stopped["steps"].as_array().unwrap().len(), 1);
    assert_eq!(stopped["steps"][0]["output"]["passed"], false);
}

/// `for_each` goes through a list, bounded by its limit: a notification
/// per tag, each step recorded with its item; an empty list skips the
/// loop.
async fn loops_go_through_bounded_lists(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let wf = workflow(
        &s,
        &admin,
        "逐个标签",
        json!({ "trigger": { "type": "manual" }, "steps": [
            { "type": "for_each", "over": "tags", "limit": 2, "steps": [
                { "type": "notify", "to": { "type": "owner" }, "title": "标签 {{item}} #{{index}}" } ] },
            { "type": "set_field", "field": "title", "value": "看过了" }
        ] }),
    )
    .await;
    let c = s.create_customer(&sp1, "多标签").await;
    update(&s, &sp1, &c, json!({ "tags": ["甲", "乙", "丙"] })).await;
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
    let id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    let done = run_until(&s, &admin, &id, "COMPLETED").await;
    let steps: Vec<(String, i64)> = done["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["key"].as_str().unwrap().to_owned(), s["attempts"].as_i64().unwrap()))
        .collect();
    assert_eq!(steps.len(), 4, "the loop, two items and the step after: {done:#}");
    let r = s
        .gql(Some(&admin.token), "query($id: ID!) { workflowRun(id: $id) { steps { key item } } }", json!({ "id": id }))
        .await;
    let items: Vec<(String, i64)> = r.ok()["workflowRun"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["key"].as_str().unwrap().to_owned(), s["item"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        items,
        [
            ("steps.0".to_owned(), 0),
            ("steps.0.steps.0".to_owned(), 0),
            ("steps.0.steps.0".to_owned(), 1),
            ("steps.1".to_owned(), 0)
        ]
    );
    let titles: Vec<String> =
        notifications(&s, &sp1).await.iter().map(|n| n["title"].as_str().unwrap().to_owned()).collect();
    assert!(
        titles.contains(&"标签 甲 #0".to_owned()) && titles.contains(&"标签 乙 #1".to_owned()),
        "{titles:?} {done:#}"
    );
    assert!(!titles.iter().any(|t| t.contains('丙')), "the limit holds: {titles:?}");
    assert_eq!(customer(&s, &sp1, &c).await["title"], "看过了");

    // No tags: the loop is skipped.
    let bare = s.create_customer(&sp1, "无标签").await;
    let r = s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": bare })).await;
    let id = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
    let done = run_until(&s, &admin, &id, "COMPLETED").await;
    assert_eq!(done["steps"].as_array().unwrap().len(), 2, "{done:#}");
    assert_eq!(customer(&s, &sp1, &bare).await["title"], "看过了");
}

const SETTINGS_WF: &str = "mutation($v: Boolean!) { updateTenantSettings(input: {supervisorsManageAutomation: $v}) { supervisorsManageAutomation } }";
const WORKFLOWS: &str = "{ workflows { id name groupId runAsId runsAsAutomation } }";

async fn supervisors_manage_their_groups_workflows_where_allowed(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, g1, g2, .. } = company_on(b, quick).await;
    let welcome = json!({
        "trigger": { "type": "event", "event": "customer.created" },
        "steps": [ { "type": "set_field", "field": "title", "value": "一组欢迎" } ] });
    // Not until the company allows it.
    assert_eq!(s.gql(Some(&sup.token), WORKFLOWS, json!({})).await.code(), "FORBIDDEN");
    let r = s.gql(Some(&sup.token), CREATE, json!({ "i": { "name": "x", "definition": welcome } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&admin.token), SETTINGS_WF, json!({ "v": true })).await;
    assert_eq!(r.ok()["updateTenantSettings"]["supervisorsManageAutomation"], true);
    let company_wide = workflow(
        &s,
        &admin,
        "全公司",
        json!({
        "trigger": { "type": "event", "event": "customer.created" },
        "steps": [ { "type": "notify", "to": { "type": "owner" }, "title": "新客户" } ] }),
    )
    .await;

    // A supervisor's workflow is their group's, acting as them by default.
    let wf = workflow(&s, &sup, "一组欢迎", welcome.clone()).await;
    let mine = s.gql(Some(&sup.token), WORKFLOWS, json!({})).await.ok()["workflows"].clone();
    assert_eq!(mine.as_array().unwrap().len(), 1, "only the group's: {mine:#}");
    assert_eq!(mine[0]["groupId"], g1.as_str());
    assert_eq!(mine[0]["runAsId"], sup.user_id.as_str());
    // Never another group's, never company-wide, never acting as someone with more rights.
    for (input, field) in [
        (json!({ "name": "x", "groupId": g2, "definition": welcome }), "groupId"),
        (json!({ "name": "x", "runAsId": admin.user_id, "definition": welcome }), "runAsId"),
        (json!({ "name": "x", "runAsId": sp2.user_id, "definition": welcome }), "runAsId"),
    ] {
        let r = s.gql(Some(&sup.token), CREATE, json!({ "i": input })).await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "{input}");
        assert_eq!(r.fields(), [field], "{input}");
    }
    let r = s
        .gql(
            Some(&sup.token),
            CREATE,
            json!({ "i": { "name": "代一组", "runAsId": sp1.user_id, "definition": welcome } }),
        )
        .await;
    r.ok();
    // The company's workflows and their runs stay out of reach.
    let r =
        s.gql(Some(&sup.token), "query($id: ID!) { workflow(id: $id) { id } }", json!({ "id": company_wide })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s
        .gql(
            Some(&sup.token),
            "mutation($id: ID!) { deactivateWorkflow(id: $id) { id } }",
            json!({ "id": company_wide }),
        )
        .await;
    assert_eq!(r.code(), "NOT_FOUND");

    // It starts runs for the group's customers only.
    let ours = s.create_customer(&sp1, "一组的客户").await;
    let theirs = s.create_customer(&sp2, "二组的客户").await;
    let done = settled(&s, &sup, &wf, 1).await;
    assert_eq!(done[0]["customerId"], ours.as_str());
    assert_eq!(done[0]["status"], "COMPLETED");
    assert_eq!(customer(&s, &sp1, &ours).await["title"], "一组欢迎");
    assert_eq!(customer(&s, &sp2, &theirs).await["title"], Value::Null);
    settled(&s, &admin, &company_wide, 2).await;
    let all = s.gql(Some(&sup.token), RUNS, json!({})).await.ok()["workflowRuns"]["nodes"].clone();
    assert!(all.as_array().unwrap().iter().all(|r| r["customerId"] == ours.as_str()), "{all:#}");

    // A group workflow an admin set to act as themselves: a supervisor who
    // edits it must choose who it acts as.
    let r = s
        .gql(
            Some(&admin.token),
            CREATE,
            json!({ "i": { "name": "管理员的一组流程", "groupId": g1, "definition": welcome } }),
        )
        .await;
    let admins = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    let edit = "mutation($id: ID!, $i: UpdateWorkflowInput!) { updateWorkflow(id: $id, input: $i) { id runAsId } }";
    let r = s.gql(Some(&sup.token), edit, json!({ "id": admins, "i": { "name": "改名" } })).await;
    assert_eq!(r.fields(), ["runAsId"]);
    let r = s.gql(Some(&sup.token), PUBLISH, json!({ "id": admins })).await;
    assert_eq!(r.fields(), ["runAsId"]);
    let r =
        s.gql(Some(&sup.token), edit, json!({ "id": admins, "i": { "name": "改名", "runAsId": sup.user_id } })).await;
    assert_eq!(r.ok()["updateWorkflow"]["runAsId"], sup.user_id.as_str());

    // A group with automation is not deleted from under it.
    let g3 = s.create_group(&admin, "三组").await;
    let r = s
        .gql(Some(&admin.token), CREATE, json!({ "i": { "name": "三组流程", "groupId": g3, "definition": welcome } }))
        .await;
    let three = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    let delete = "mutation($id: ID!) { deleteGroup(id: $id) }";
    let r = s.gql(Some(&admin.token), delete, json!({ "id": g3 })).await;
    assert_eq!(r.code(), "CONFLICT");
    assert!(r.body.to_string().contains("has_automation"), "{:?}", r.body);
    let archive = "mutation($id: ID!) { archiveWorkflow(id: $id) { state } }";
    s.gql(Some(&admin.token), archive, json!({ "id": three })).await.ok();
    s.gql(Some(&admin.token), delete, json!({ "id": g3 })).await.ok();

    // When the company withdraws it, nothing is left to the supervisor.
    s.gql(Some(&admin.token), SETTINGS_WF, json!({ "v": false })).await.ok();
    assert_eq!(s.gql(Some(&sup.token), WORKFLOWS, json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&sup.token), RUNS, json!({})).await.code(), "FORBIDDEN");
}

const IDENTITY: &str = "{ automationIdentity { id name role supervisedGroupIds active } }";
const SET_IDENTITY: &str = "mutation($i: AutomationIdentityInput!) { setAutomationIdentity(input: $i) { id name role \
                            supervisedGroupIds active } }";

async fn the_automation_identity_acts_with_the_rights_the_admin_sets(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, g1, .. } = company_on(b, quick).await;
    assert_eq!(s.gql(Some(&admin.token), IDENTITY, json!({})).await.ok()["automationIdentity"], Value::Null);
    let r = s.gql(Some(&sup.token), SET_IDENTITY, json!({ "i": { "role": "ADMIN" } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    for (input, field) in [
        (json!({ "role": "SALESPERSON" }), "role"),
        (json!({ "role": "SUPERVISOR" }), "supervisedGroupIds"),
        (json!({ "role": "ADMIN", "supervisedGroupIds": [g1] }), "supervisedGroupIds"),
        (json!({ "role": "SUPERVISOR", "supervisedGroupIds": ["not-an-id"] }), "supervisedGroupIds"),
    ] {
        let r = s.gql(Some(&admin.token), SET_IDENTITY, json!({ "i": input })).await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "{input}");
        assert_eq!(r.fields(), [field], "{input}");
    }
    assert_eq!(s.gql(Some(&admin.token), IDENTITY, json!({})).await.ok()["automationIdentity"], Value::Null);
    let r = s
        .gql(Some(&admin.token), SET_IDENTITY, json!({ "i": { "role": "SUPERVISOR", "supervisedGroupIds": [g1] } }))
        .await;
    let bot = r.ok()["setAutomationIdentity"].clone();
    assert_eq!(bot["supervisedGroupIds"], json!([g1]));
    let bot_id = bot["id"].as_str().unwrap().to_owned();

    // It is nobody in the team: not listed, not a supervisor of its group,
    // not a user to look up, edit or give customers to.
    let team = s.gql(Some(&admin.token), "{ users(filter: {includeInactive: true}) { id } }", json!({})).await;
    assert!(!team.ok()["users"].as_array().unwrap().iter().any(|u| u["id"] == bot_id.as_str()));
    let r = s
        .gql(Some(&admin.token), "query($id: ID!) { group(id: $id) { supervisors { id } } }", json!({ "id": g1 }))
        .await;
    assert_eq!(r.ok()["group"]["supervisors"], json!([{ "id": sup.user_id }]));
    let r = s.gql(Some(&admin.token), "query($id: ID!) { user(id: $id) { id } }", json!({ "id": bot_id })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let c1 = s.create_customer(&sp1, "一组的客户").await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!, $o: ID!) { updateCustomer(id: $id, input: {ownerId: $o}) { id } }",
            json!({ "id": c1, "o": bot_id }),
        )
        .await;
    assert_eq!(r.fields(), ["ownerId"]);

    // Only admins choose it.
    s.gql(Some(&admin.token), SETTINGS_WF, json!({ "v": true })).await.ok();
    let tag = json!({ "trigger": { "type": "manual" },
        "steps": [ { "type": "set_field", "field": "title", "value": "自动化处理" } ] });
    let r =
        s.gql(Some(&sup.token), CREATE, json!({ "i": { "name": "x", "runAsId": bot_id, "definition": tag } })).await;
    assert_eq!(r.fields(), ["runAsId"]);
    let r = s
        .gql(Some(&admin.token), CREATE, json!({ "i": { "name": "自动处理", "runAsId": bot_id, "definition": tag } }))
        .await;
    let wf = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    publish(&s, &admin, &wf).await;
    let listed = s.gql(Some(&admin.token), WORKFLOWS, json!({})).await;
    assert_eq!(listed.ok()["workflows"][0]["runsAsAutomation"], true);

    // It acts with the rights set: group 1's customers, not group 2's.
    let c2 = s.create_customer(&sp2, "二组的客户").await;
    let start = |c: String| {
        let s = &s;
        let admin = &admin;
        let wf = wf.clone();
        async move {
            let r = s.gql(Some(&admin.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
            r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned()
        }
    };
    let id = start(c1.clone()).await;
    run_until(&s, &admin, &id, "COMPLETED").await;
    assert_eq!(customer(&s, &sp1, &c1).await["title"], "自动化处理");
    let id = start(c2.clone()).await;
    run_until(&s, &admin, &id, "SKIPPED").await;
    assert_eq!(customer(&s, &sp2, &c2).await["title"], Value::Null);
    // What it did is attributed to it.
    let by = crate::pool::raw_count(
        &s,
        "SELECT count(*) AS n FROM customer_history WHERE customer_id = $1 AND field = 'title' AND actor_id = $2",
        vec![uuid::Uuid::parse_str(&c1).unwrap().into(), uuid::Uuid::parse_str(&bot_id).unwrap().into()],
    )
    .await;
    assert_eq!(by, 1);

    // Given an admin's rights, it reaches every customer.
    let r = s.gql(Some(&admin.token), SET_IDENTITY, json!({ "i": { "role": "ADMIN" } })).await;
    assert_eq!(r.ok()["setAutomationIdentity"]["id"], bot_id.as_str(), "the same identity");
    let id = start(c2.clone()).await;
    run_until(&s, &admin, &id, "COMPLETED").await;
    assert_eq!(customer(&s, &sp2, &c2).await["title"], "自动化处理");
    // Still nobody: the last admin cannot be demoted on its strength.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { updateUser(id: $id, input: {role: SUPERVISOR}) { id } }",
            json!({ "id": admin.user_id }),
        )
        .await;
    assert_eq!(r.code(), "CONFLICT");

    // Switched off, the workflows acting as it fail rather than act.
    let r = s.gql(Some(&admin.token), SET_IDENTITY, json!({ "i": { "role": "ADMIN", "active": false } })).await;
    assert_eq!(r.ok()["setAutomationIdentity"]["active"], false);
    let id = start(c1.clone()).await;
    let failed = run_until(&s, &admin, &id, "FAILED").await;
    assert!(failed["error"].as_str().unwrap().contains("deactivated"), "{failed:#}");
}

async fn companies_take_turns_with_the_workers(b: Backend) {
    // No worker of the server's own: the test claims.
    let Company { s, admin, sp1, .. } = company_on(b, |c| {
        quick(c);
        c.jobs_concurrency = 0;
    })
    .await;
    let tag = json!({ "trigger": { "type": "manual" },
        "steps": [ { "type": "set_field", "field": "tags", "value": ["x"] } ] });
    let wf = workflow(&s, &admin, "打标签", tag.clone()).await;
    let c = s.create_customer(&sp1, "孙七").await;
    for _ in 0..20 {
        s.gql(Some(&sp1.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await.ok();
    }
    // Another company's run, queued after all twenty.
    let other = s.sign_up("other").await;
    let wf2 = workflow(&s, &other, "打标签", tag).await;
    let c2 = s.create_customer(&other, "周八").await;
    let start = async |wf: &str, c: &str| {
        let r = s.gql(Some(&other.token), RUN_MANUAL, json!({ "w": wf, "c": c })).await;
        r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned()
    };
    let theirs = start(&wf2, &c2).await;
    let now = chrono::Utc::now() + chrono::Duration::seconds(1);
    let lease = Duration::from_secs(60);
    let claim = async || s.store.claim_workflow_run("w", lease, now).await.unwrap();
    let first = [claim().await.unwrap(), claim().await.unwrap()];
    assert!(
        first.iter().any(|r| r.id.to_string() == theirs),
        "the other company's run is taken in the first round, not after the twenty"
    );
    let mut rest = 0;
    while let Some(r) = claim().await {
        assert_eq!(r.tenant_id.to_string(), admin.tenant_id);
        rest += 1;
    }
    assert_eq!(rest, 19);

    // A company whose turn went missing is not left behind: the run due
    // first is taken when no turn is due, and the scheduler's beat mends it.
    crate::pool::raw(&s, "DELETE FROM workflow_turns", vec![]).await;
    let lost = start(&wf2, &c2).await;
    let r = claim().await.expect("the run due first");
    assert_eq!(r.id.to_string(), lost);
    crate::pool::raw(&s, "DELETE FROM workflow_turns", vec![]).await;
    start(&wf2, &c2).await;
    crate::pool::raw(&s, "DELETE FROM workflow_turns", vec![]).await;
    s.tick_workflows().await;
    let turns = crate::pool::raw_count(
        &s,
        "SELECT count(*) AS n FROM workflow_turns WHERE tenant_id = $1",
        vec![uuid::Uuid::parse_str(&other.tenant_id).unwrap().into()],
    )
    .await;
    assert_eq!(turns, 1, "the beat gave the waiting company its turn back");
}

backend_tests!(
    loops_go_through_bounded_lists,
    owner_and_pool_steps_move_customers,
    plugin_steps_apply_their_checked_effects,
    event_triggers_run_their_steps,
    delays_wait_in_the_database_across_a_restart,
    failing_steps_retry_fail_visibly_and_retry_from_the_step,
    a_worker_that_dies_holding_a_run_loses_nothing,
    chains_of_workflows_stop_at_the_depth_bound,
    runaway_workflows_are_stopped_and_reported,
    schedules_and_dates_fire_on_the_company_clock,
    inbound_webhooks_need_the_secret,
    definitions_are_checked_and_bad_input_changes_nothing,
    steps_act_with_the_acting_users_rights,
    runs_finish_on_the_version_they_started_on,
    companies_never_see_each_others_workflows,
    supervisors_manage_their_groups_workflows_where_allowed,
    the_automation_identity_acts_with_the_rights_the_admin_sets,
    companies_take_turns_with_the_workers,
);
