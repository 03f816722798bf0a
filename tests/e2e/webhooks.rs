//! Outbound webhooks: events of subscribed types reach a receiver on
//! loopback, signed as the API guide describes (the receiver here verifies
//! them the way the guide tells integrators to); retries after failures;
//! endpoints that keep failing are disabled; replays; the guard against
//! private addresses; typed validation errors; and other companies'
//! webhooks and deliveries out of reach.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use guanxi_server::Config;
use guanxi_tests::{Backend, Session, TestServer, backend_tests, company_on, eventually};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

const CREATE: &str = "mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret \
                      webhook { id url events enabled description disabledReason } } }";
const LOG: &str = "query($id: ID!, $after: String) { webhook(id: $id) { id enabled disabledReason \
                   consecutiveFailures failingSince deliveries(first: 50, after: $after) { totalCount \
                   nodes { id webhookId eventId eventType status attempts responseStatus durationMs error \
                   responseSnippet replayOfId payload nextAttemptAt lastAttemptAt } \
                   pageInfo { hasNextPage endCursor } } } }";
const REPLAY: &str = "mutation($id: ID!) { replayWebhookDelivery(id: $id) { id eventId status replayOfId } }";

/// Settings every webhook test runs with: loopback allowed (the receiver is
/// on 127.0.0.1), quick polls and retries.
fn quick(c: &mut Config) {
    c.webhooks_allow_private = true;
    c.webhooks_poll_ms = 20;
    c.webhooks_retry_base_ms = 50;
    c.webhooks_timeout_secs = 5;
}

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Received {
    signature: String,
    event_id: String,
    content_type: String,
    body: String,
}

/// A webhook receiver on loopback: answers each request with the next
/// status of its script, then with `then`.
#[derive(Clone)]
struct Receiver {
    url: String,
    state: Arc<Mutex<ReceiverState>>,
}

struct ReceiverState {
    got: Vec<Received>,
    /// Statuses to answer, in turn; [`HANG`] answers 200 only after two seconds.
    script: VecDeque<u16>,
    then: u16,
    /// Characters of padding after each answer's text.
    pad: usize,
}

/// A scripted answer that comes too late: two seconds.
const HANG: u16 = 999;

impl Receiver {
    async fn start() -> Receiver {
        let state = Arc::new(Mutex::new(ReceiverState { got: Vec::new(), script: VecDeque::new(), then: 200, pad: 0 }));
        let app = axum::Router::new().route("/hook", axum::routing::post(receive)).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { url: format!("http://{addr}/hook"), state }
    }

    fn answer(&self, script: &[u16], then: u16) {
        let mut s = self.state.lock().unwrap();
        s.script = script.iter().copied().collect();
        s.then = then;
    }

    fn got(&self) -> Vec<Received> {
        self.state.lock().unwrap().got.clone()
    }

    /// Wait until the receiver got at least `n` requests.
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        eventually(15, &format!("{n} webhook requests"), || async {
            let got = self.got();
            if got.len() >= n { Ok(got) } else { Err(format!("{} so far: {got:#?}", got.len())) }
        })
        .await
    }
}

async fn receive(
    State(state): State<Arc<Mutex<ReceiverState>>>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, [(&'static str, &'static str); 1], String) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let (status, pad) = {
        let mut s = state.lock().unwrap();
        s.got.push(Received {
            signature: header("guanxi-signature"),
            event_id: header("guanxi-event-id"),
            content_type: header("content-type"),
            body,
        });
        (s.script.pop_front().unwrap_or(s.then), s.pad)
    };
    let status = if status == HANG {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        200
    } else {
        status
    };
    // A redirect points back here: were it followed, this receiver would
    // count one more request.
    let text = format!("answered {status}{}", "x".repeat(pad));
    (StatusCode::from_u16(status).unwrap(), [("location", "/hook")], text)
}

/// Verify a delivery as docs/api.md tells receivers to: take `t` and every
/// `v1` from `Guanxi-Signature`, compute HMAC-SHA256 over `"<t>.<raw
/// body>"` keyed with the secret, compare in constant time, and refuse a
/// timestamp more than five minutes from now.
fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut t = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = Some(v),
            Some(("v1", v)) => signatures.push(v),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    let Ok(ts) = t.parse::<i64>() else { return false };
    if (chrono::Utc::now().timestamp() - ts).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    signatures.iter().any(|s| hex::decode(s).is_ok_and(|sig| mac.clone().verify_slice(&sig).is_ok()))
}

/// Create a webhook; returns its id and secret.
async fn subscribe(s: &TestServer, who: &Session, url: &str, events: &[&str]) -> (String, String) {
    let r = s.gql(Some(&who.token), CREATE, json!({ "i": { "url": url, "events": events } })).await;
    let w = &r.ok()["createWebhook"];
    assert!(w["secret"].as_str().unwrap().starts_with("whsec_"), "{w}");
    (w["webhook"]["id"].as_str().unwrap().to_owned(), w["secret"].as_str().unwrap().to_owned())
}

/// A webhook with its delivery log (newest first).
async fn log(s: &TestServer, who: &Session, id: &str) -> Value {
    s.gql(Some(&who.token), LOG, json!({ "id": id })).await.ok()["webhook"].clone()
}

/// Wait until the webhook's log satisfies `done`.
async fn log_until(s: &TestServer, who: &Session, id: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    eventually(15, what, || async {
        let w = log(s, who, id).await;
        if done(&w) { Ok(w) } else { Err(format!("{w:#}")) }
    })
    .await
}

fn deliveries(w: &Value) -> Vec<Value> {
    w["deliveries"]["nodes"].as_array().unwrap().clone()
}

async fn subscribed_events_are_delivered_signed(b: Backend) {
    let c = company_on(b, quick).await;
    let (s, admin) = (&c.s, &c.admin);
    let rx = Receiver::start().await;
    let all = Receiver::start().await;
    let (id, secret) = subscribe(s, admin, &rx.url, &["customer.created"]).await;
    let (_, all_secret) = subscribe(s, admin, &all.url, &["*"]).await;
    // The secret is shown once: the list has no field for it.
    let r = s.gql(Some(&admin.token), "{ webhooks { id url events enabled } }", json!({})).await;
    assert_eq!(
        r.ok()["webhooks"][0],
        json!({ "id": id, "url": rx.url, "events": ["customer.created"], "enabled": true })
    );
    let r = s.gql(Some(&admin.token), "{ webhooks { secret } }", json!({})).await;
    assert!(r.body["errors"][0]["message"].as_str().unwrap().contains("secret"), "{:?}", r.body);

    let first = s.create_customer(admin, "华为技术").await;
    // Not subscribed: a group's change. The customer after it is delivered
    // only once the group's event has been handled (per-company order).
    s.create_group(admin, "三组").await;
    let second = s.create_customer(admin, "腾讯科技").await;
    let got = rx.wait_for(2).await;
    // Deliveries run side by side: their order is not the events' order.
    let mut seen = Vec::new();
    for req in &got {
        assert!(verify(&secret, &req.signature, &req.body), "bad signature {req:?}");
        assert!(!verify(&all_secret, &req.signature, &req.body), "another endpoint's secret verified it");
        assert_eq!(req.content_type, "application/json");
        let body: Value = serde_json::from_str(&req.body).unwrap();
        assert_eq!(body["type"], "customer.created");
        assert_eq!(body["id"], req.event_id.as_str());
        assert!(req.event_id.starts_with("evt_"), "{}", req.event_id);
        assert_eq!(body["companyId"], admin.tenant_id.as_str());
        assert_eq!(body["data"]["type"], "customer.created");
        seen.push(body["data"]["customer"].as_str().unwrap().to_owned());
        assert!(body["createdAt"].as_str().unwrap().ends_with('Z'), "{body}");
    }
    seen.sort();
    let mut created = vec![first.clone(), second.clone()];
    created.sort();
    assert_eq!(seen, created);
    // A third customer proves nothing else was sent meanwhile.
    s.create_customer(admin, "小米").await;
    let got = rx.wait_for(3).await;
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(got.iter().all(|r| serde_json::from_str::<Value>(&r.body).unwrap()["type"] == "customer.created"));
    // The "*" endpoint got the group's event too.
    let every = all.wait_for(4).await;
    let mut types: Vec<String> = every
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap()["type"].as_str().unwrap().to_owned())
        .collect();
    types.sort();
    assert_eq!(types, ["customer.created", "customer.created", "customer.created", "group.changed"]);
    assert!(every.iter().all(|r| verify(&all_secret, &r.signature, &r.body)));

    // The delivery log: newest first, each with its attempt.
    let w = log_until(s, admin, &id, "three delivered", |w| {
        deliveries(w).iter().filter(|d| d["status"] == "SUCCEEDED").count() == 3
    })
    .await;
    assert_eq!(w["deliveries"]["totalCount"], 3);
    let newest = &deliveries(&w)[0];
    assert_eq!(newest["attempts"], 1);
    assert_eq!(newest["responseStatus"], 200);
    assert_eq!(newest["responseSnippet"], "answered 200");
    assert!(newest["durationMs"].as_i64().unwrap() >= 0);
    assert!(newest["error"].is_null() && newest["nextAttemptAt"].is_null());
    assert_eq!(newest["eventId"], got[2].event_id.as_str());
    assert_eq!(newest["payload"], serde_json::from_str::<Value>(&got[2].body).unwrap());
    // Paged.
    let r = s
        .gql(
            Some(&admin.token),
            "query($id: ID!) { webhook(id: $id) { deliveries(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } } }",
            json!({ "id": id }),
        )
        .await;
    let page = &r.ok()["webhook"]["deliveries"];
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let r = s.gql(Some(&admin.token), LOG, json!({ "id": id, "after": page["pageInfo"]["endCursor"] })).await;
    let rest = deliveries(&r.ok()["webhook"]);
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["id"], deliveries(&w)[2]["id"]);

    // A rotated secret signs from then on; the old one no longer verifies.
    let r = s
        .gql(Some(&admin.token), "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }", json!({ "id": id }))
        .await;
    let rotated = r.ok()["rotateWebhookSecret"]["secret"].as_str().unwrap().to_owned();
    assert_ne!(rotated, secret);
    s.create_customer(admin, "字节跳动").await;
    let got = rx.wait_for(4).await;
    assert!(verify(&rotated, &got[3].signature, &got[3].body));
    assert!(!verify(&secret, &got[3].signature, &got[3].body));

    // Fewer types: updating the subscription takes effect for later events.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { updateWebhook(id: $id, input: { events: [\"group.changed\"], description: \"只要分组\" }) \
             { events description url } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        r.ok()["updateWebhook"],
        json!({ "events": ["group.changed"], "description": "只要分组", "url": rx.url })
    );
    s.create_customer(admin, "不发送").await;
    s.create_group(admin, "四组").await;
    let got = rx.wait_for(5).await;
    assert_eq!(serde_json::from_str::<Value>(&got[4].body).unwrap()["type"], "group.changed");
    let audit = s.gql(Some(&admin.token), "{ auditLog(limit: 200) { action } }", json!({})).await;
    let actions: Vec<&str> =
        audit.ok()["auditLog"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for a in ["webhook.create", "webhook.rotate_secret", "webhook.update"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

async fn failed_deliveries_are_retried_then_succeed(b: Backend) {
    let c = company_on(b, |c| {
        quick(c);
        c.webhooks_timeout_secs = 1;
    })
    .await;
    let (s, admin) = (&c.s, &c.admin);
    let rx = Receiver::start().await;
    // Two errors, a redirect (not followed) and an answer too late, then
    // success with a long body (read only so far).
    rx.answer(&[500, 503, 302, HANG], 200);
    rx.state.lock().unwrap().pad = 100_000;
    let (id, secret) = subscribe(s, admin, &rx.url, &["customer.created"]).await;
    s.create_customer(admin, "重试公司").await;
    let w = log_until(s, admin, &id, "the delivery succeeding on its fifth attempt", |w| {
        deliveries(w).first().is_some_and(|d| d["status"] == "SUCCEEDED")
    })
    .await;
    let d = &deliveries(&w)[0];
    assert_eq!((d["attempts"].as_i64(), d["responseStatus"].as_i64()), (Some(5), Some(200)), "{d:#}");
    let snippet = d["responseSnippet"].as_str().unwrap();
    assert!(snippet.starts_with("answered 200xxx") && snippet.chars().count() == 500, "{snippet}");
    let got = rx.got();
    assert_eq!(got.len(), 5, "the redirect was followed: {got:#?}");
    // The same event, the same bytes, each attempt signed afresh.
    assert!(got.iter().all(|r| r.event_id == got[0].event_id && r.body == got[0].body));
    assert!(got.iter().all(|r| verify(&secret, &r.signature, &r.body)));
    // A success ends the endpoint's run of failures. Read again: the log
    // above may have read the endpoint just before the success committed
    // and its deliveries just after.
    let w = log_until(s, admin, &id, "the endpoint after the success", |_| true).await;
    assert_eq!(w["consecutiveFailures"], 0);
    assert!(w["failingSince"].is_null());
}

async fn failing_webhooks_are_disabled_and_deliveries_replayed(b: Backend) {
    let c = company_on(b, |c| {
        quick(c);
        // No retries (a window of nothing), and disabled after three
        // failed attempts however recent.
        c.webhooks_retry_hours = 0;
        c.webhooks_disable_after_failures = 3;
        c.webhooks_disable_after_hours = 0;
    })
    .await;
    let (s, admin) = (&c.s, &c.admin);
    let rx = Receiver::start().await;
    rx.answer(&[], 500);
    let (id, secret) = subscribe(s, admin, &rx.url, &["customer.created"]).await;
    for name in ["甲", "乙", "丙"] {
        s.create_customer(admin, name).await;
    }
    let w = log_until(s, admin, &id, "the webhook disabled", |w| w["enabled"] == false).await;
    assert_eq!(w["disabledReason"], "FAILING");
    assert_eq!(w["consecutiveFailures"], 3);
    let ds = deliveries(&w);
    assert_eq!(ds.len(), 3);
    for d in &ds {
        assert_eq!((d["status"].as_str(), d["attempts"].as_i64()), (Some("FAILED"), Some(1)), "{d:#}");
        assert_eq!(d["error"], "HTTP 500 Internal Server Error");
        assert_eq!(d["responseSnippet"], "answered 500");
    }
    let audit = s.gql(Some(&admin.token), "{ auditLog(limit: 200) { action actorId targetId } }", json!({})).await;
    let auto =
        audit.ok()["auditLog"].as_array().unwrap().iter().find(|e| e["action"] == "webhook.auto_disable").cloned();
    let auto = auto.unwrap_or_else(|| panic!("no webhook.auto_disable in {:#}", audit.body));
    assert!(auto["actorId"].is_null());
    assert_eq!(auto["targetId"], id.as_str());
    // Disabled: replays wait.
    let oldest = ds[2].clone();
    let r = s.gql(Some(&admin.token), REPLAY, json!({ "id": oldest["id"] })).await;
    assert_eq!(r.code(), "CONFLICT");
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "endpoint_disabled");

    // Enabled again, with a receiver that works: a replay sends the same
    // event (same id, same payload) as a new delivery.
    rx.answer(&[], 200);
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { enableWebhook(id: $id) { enabled disabledReason consecutiveFailures } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r.ok()["enableWebhook"], json!({ "enabled": true, "disabledReason": null, "consecutiveFailures": 0 }));
    let before = rx.got().len();
    let r = s.gql(Some(&admin.token), REPLAY, json!({ "id": oldest["id"] })).await;
    let replay = r.ok()["replayWebhookDelivery"].clone();
    assert_eq!(replay["eventId"], oldest["eventId"]);
    assert_eq!(replay["replayOfId"], oldest["id"]);
    assert_eq!(replay["status"], "PENDING");
    let got = rx.wait_for(before + 1).await;
    let last = got.last().unwrap();
    assert_eq!(last.event_id, oldest["eventId"].as_str().unwrap());
    assert_eq!(serde_json::from_str::<Value>(&last.body).unwrap(), oldest["payload"]);
    assert!(verify(&secret, &last.signature, &last.body));
    let w = log_until(s, admin, &id, "the replay delivered", |w| {
        deliveries(w).iter().any(|d| d["id"] == replay["id"] && d["status"] == "SUCCEEDED")
    })
    .await;
    assert_eq!(w["deliveries"]["totalCount"], 4);
    // A manual disable is told apart from a failing one.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { disableWebhook(id: $id) { enabled disabledReason } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r.ok()["disableWebhook"], json!({ "enabled": false, "disabledReason": "MANUAL" }));
}

async fn private_addresses_and_bad_input_are_refused(b: Backend) {
    // The default: private addresses are not allowed.
    let c = company_on(b, |c| c.webhooks_poll_ms = 20).await;
    let (s, admin) = (&c.s, &c.admin);
    let create =
        |url: &str, events: Value| s.gql(Some(&admin.token), CREATE, json!({ "i": { "url": url, "events": events } }));
    for url in [
        "http://10.0.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:8080/hook",
        "http://127.0.0.1/hook",
        "http://[::1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "https://192.168.1.10/hook",
    ] {
        let r = create(url, json!(["*"])).await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "{url}: {:?}", r.body);
        assert_eq!(r.error()["extensions"]["fields"][0]["field"], "url");
        assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "forbidden_address", "{url}: {:?}", r.body);
    }
    for (url, events, field, reason) in [
        ("ftp://example.com/", json!(["*"]), "url", "scheme"),
        ("not a url", json!(["*"]), "url", "invalid"),
        ("https://user:pw@93.184.216.34/", json!(["*"]), "url", "credentials"),
        ("https://93.184.216.34/hook", json!([]), "events", "required"),
        ("https://93.184.216.34/hook", json!(["customer.exploded"]), "events", "unknown_event"),
    ] {
        let r = create(url, events).await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "{url}: {:?}", r.body);
        assert_eq!(r.error()["extensions"]["fields"][0]["field"], field, "{url}: {:?}", r.body);
        assert_eq!(r.error()["extensions"]["fields"][0]["reason"], reason, "{url}: {:?}", r.body);
    }
    let r = s
        .gql(
            Some(&admin.token),
            CREATE,
            json!({ "i": { "url": "https://93.184.216.34/hook", "events": ["*"], "description": "长".repeat(501) } }),
        )
        .await;
    assert_eq!(r.fields(), ["description"]);
    // Nothing was saved.
    let r = s.gql(Some(&admin.token), "{ webhooks { id } }", json!({})).await;
    assert_eq!(r.ok()["webhooks"], json!([]));
    // A public address is accepted (nothing listens there; no event is sent
    // in this test), and cannot be moved to a private one.
    let r = create("https://93.184.216.34/hook", json!(["customer.created", "deal.created"])).await;
    let id = r.ok()["createWebhook"]["webhook"]["id"].as_str().unwrap().to_owned();
    assert_eq!(r.ok()["createWebhook"]["webhook"]["events"], json!(["customer.created", "deal.created"]));
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!, $u: String!) { updateWebhook(id: $id, input: { url: $u }) { url } }",
            json!({ "id": id, "u": "http://169.254.169.254/" }),
        )
        .await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "forbidden_address");
    let r = s.gql(Some(&admin.token), "{ webhooks { url } }", json!({})).await;
    assert_eq!(r.ok()["webhooks"][0]["url"], "https://93.184.216.34/hook");
    // Only admins manage webhooks; a salesperson learns nothing, not even
    // whether a name resolves.
    let r = s.gql(Some(&c.sp1.token), CREATE, json!({ "i": { "url": "http://10.0.0.1/", "events": ["*"] } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    for q in ["{ webhooks { id } }", "{ webhookEventTypes }"] {
        assert_eq!(s.gql(Some(&c.sp1.token), q, json!({})).await.code(), "FORBIDDEN", "{q}");
    }
    let r = s.gql(Some(&admin.token), "{ webhookEventTypes }", json!({})).await;
    let types = r.ok()["webhookEventTypes"].as_array().unwrap().clone();
    assert!(types.contains(&json!("customer.created")) && !types.contains(&json!("search.rebuild_requested")));
    let r = s.gql(Some(&admin.token), "query($id: ID!) { webhook(id: $id) { id } }", json!({ "id": "nope" })).await;
    assert_eq!(r.fields(), ["id"]);
    // At most 20 webhooks a company (a bound on one event's fan-out).
    for n in 1..20 {
        create(&format!("https://93.184.216.34/hook/{n}"), json!(["*"])).await.ok();
    }
    let r = create("https://93.184.216.34/hook/21", json!(["*"])).await;
    assert_eq!(r.code(), "CONFLICT");
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "too_many");
}

async fn other_companies_cannot_reach_webhooks(b: Backend) {
    let c = company_on(b, quick).await;
    let (s, admin) = (&c.s, &c.admin);
    let rx = Receiver::start().await;
    let (id, _) = subscribe(s, admin, &rx.url, &["*"]).await;
    s.create_customer(admin, "本公司客户").await;
    let w = log_until(s, admin, &id, "a delivery", |w| !deliveries(w).is_empty()).await;
    let delivery = deliveries(&w)[0]["id"].as_str().unwrap().to_owned();

    let other = s.sign_up("rival").await;
    // The other company's events never reach this company's webhook.
    let (other_id, _) = subscribe(s, &other, &rx.url, &["customer.created"]).await;
    let before = rx.wait_for(1).await.len();
    let theirs = s.create_customer(&other, "别家客户").await;
    let got = rx.wait_for(before + 1).await;
    let last: Value = serde_json::from_str(&got.last().unwrap().body).unwrap();
    assert_eq!(
        (last["companyId"].as_str(), last["data"]["customer"].as_str()),
        (Some(other.tenant_id.as_str()), Some(theirs.as_str()))
    );
    let w = log(s, admin, &id).await;
    assert!(deliveries(&w).iter().all(|d| d["payload"]["companyId"] == admin.tenant_id.as_str()));

    let r = s.gql(Some(&other.token), "{ webhooks { id } }", json!({})).await;
    assert_eq!(r.ok()["webhooks"], json!([{ "id": other_id }]));
    for (q, vars) in [
        ("query($id: ID!) { webhook(id: $id) { id } }", json!({ "id": id })),
        ("mutation($id: ID!) { updateWebhook(id: $id, input: { description: \"x\" }) { id } }", json!({ "id": id })),
        ("mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }", json!({ "id": id })),
        ("mutation($id: ID!) { disableWebhook(id: $id) { id } }", json!({ "id": id })),
        ("mutation($id: ID!) { enableWebhook(id: $id) { id } }", json!({ "id": id })),
        ("mutation($id: ID!) { deleteWebhook(id: $id) }", json!({ "id": id })),
        (REPLAY, json!({ "id": delivery })),
    ] {
        let r = s.gql(Some(&other.token), q, vars).await;
        assert_eq!(r.code(), "NOT_FOUND", "{q}: {:?}", r.body);
    }
    // Also a salesperson of the company itself.
    for (q, vars) in [
        ("query($id: ID!) { webhook(id: $id) { id } }", json!({ "id": id })),
        ("mutation($id: ID!) { deleteWebhook(id: $id) }", json!({ "id": id })),
        (REPLAY, json!({ "id": delivery })),
    ] {
        assert_eq!(s.gql(Some(&c.sp1.token), q, vars).await.code(), "FORBIDDEN", "{q}");
    }
    // Untouched.
    let w = log(s, admin, &id).await;
    assert_eq!((w["enabled"].as_bool(), w["deliveries"]["totalCount"].as_i64()), (Some(true), Some(1)));
    let r = s.gql(Some(&admin.token), "mutation($id: ID!) { deleteWebhook(id: $id) }", json!({ "id": id })).await;
    assert_eq!(r.ok()["deleteWebhook"], true);
    let r = s.gql(Some(&admin.token), "query($id: ID!) { webhook(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(r.code(), "NOT_FOUND");
}

async fn addresses_are_checked_again_at_delivery(b: Backend) {
    let mut c = company_on(b, quick).await;
    let rx = Receiver::start().await;
    let (id, _) = subscribe(&c.s, &c.admin, &rx.url, &["customer.created"]).await;
    // The operator stops allowing private addresses: the saved loopback URL
    // is refused when a delivery is due, and nothing is sent.
    c.s.cfg.webhooks_allow_private = false;
    c.s.restart().await;
    let (s, admin) = (&c.s, &c.admin);
    s.create_customer(admin, "内网").await;
    // The endpoint and its deliveries are read by two statements, and the
    // attempt's commit can fall between them: wait until both show it.
    let w = log_until(s, admin, &id, "a refused attempt", |w| {
        deliveries(w).first().is_some_and(|d| d["attempts"].as_i64() >= Some(1))
            && w["consecutiveFailures"].as_i64() >= Some(1)
    })
    .await;
    let d = &deliveries(&w)[0];
    assert_eq!(d["status"], "PENDING", "{d:#}");
    assert!(d["responseStatus"].is_null());
    let error = d["error"].as_str().unwrap();
    assert!(error.starts_with("not sent:") && error.contains("127.0.0.1"), "{error}");
    assert!(rx.got().is_empty(), "{:?}", rx.got());
    assert_eq!(w["consecutiveFailures"].as_i64().map(|n| n >= 1), Some(true));
}

/// Where the company allows it, a supervisor manages their group's
/// webhooks, which receive the events that concern the group only.
async fn supervisors_manage_their_groups_webhooks(b: Backend) {
    let c = company_on(b, quick).await;
    let (s, admin, sup) = (&c.s, &c.admin, &c.sup);
    let rx = Receiver::start().await;
    let r = s.gql(Some(&sup.token), CREATE, json!({ "i": { "url": rx.url, "events": ["*"] } })).await;
    assert_eq!(r.code(), "FORBIDDEN", "not until the company allows it");
    let company = subscribe(s, admin, &rx.url, &["customer.created"]).await.0;
    let allow =
        "mutation { updateTenantSettings(input: {supervisorsManageAutomation: true}) { supervisorsManageAutomation } }";
    s.gql(Some(&admin.token), allow, json!({})).await.ok();
    // Never another group's or the whole company's.
    let r = s.gql(Some(&sup.token), CREATE, json!({ "i": { "url": rx.url, "events": ["*"], "groupId": c.g2 } })).await;
    assert_eq!(r.fields(), ["groupId"]);
    let (id, _) = subscribe(s, sup, &rx.url, &["customer.created"]).await;
    let r = s.gql(Some(&sup.token), "{ webhooks { id groupId } }", json!({})).await;
    assert_eq!(r.ok()["webhooks"], json!([{ "id": id, "groupId": c.g1 }]));
    let r = s.gql(Some(&sup.token), "query($id: ID!) { webhook(id: $id) { id } }", json!({ "id": company })).await;
    assert_eq!(r.code(), "NOT_FOUND");

    let ours = s.create_customer(&c.sp1, "一组客户").await;
    let theirs = s.create_customer(&c.sp2, "二组客户").await;
    // The company's endpoint gets both; the group's only its own.
    let w = log_until(s, admin, &company, "both deliveries", |w| deliveries(w).len() == 2).await;
    assert_eq!(deliveries(&w).len(), 2);
    let w = log_until(s, sup, &id, "one delivery", |w| !deliveries(w).is_empty()).await;
    let got = deliveries(&w);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0]["payload"]["data"]["customer"], ours.as_str());
    rx.wait_for(3).await;
    assert!(rx.got().iter().filter(|r| r.body.contains(&theirs)).count() == 1, "only the company's endpoint");

    // Withdrawn: nothing is left to the supervisor.
    let deny = "mutation { updateTenantSettings(input: {supervisorsManageAutomation: false}) { supervisorsManageAutomation } }";
    s.gql(Some(&admin.token), deny, json!({})).await.ok();
    let r = s.gql(Some(&sup.token), "query($id: ID!) { webhook(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(r.code(), "FORBIDDEN");
}

backend_tests!(
    subscribed_events_are_delivered_signed,
    failed_deliveries_are_retried_then_succeed,
    failing_webhooks_are_disabled_and_deliveries_replayed,
    private_addresses_and_bad_input_are_refused,
    other_companies_cannot_reach_webhooks,
    addresses_are_checked_again_at_delivery,
    supervisors_manage_their_groups_webhooks,
);
