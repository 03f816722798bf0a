//! A Stripe stand-in over HTTP on loopback, for the real async-stripe
//! client (in the test process or in a server the test runs): it answers
//! the endpoints billing calls with Stripe's own example objects
//! (`tests/data/stripe/objects.json`), changed as the test and the requests
//! ask, and records every request (method, path, form body, when).
//!
//! Like Stripe, it keeps subscriptions (changed by the test as Stripe's
//! dashboard or its retries would, and by subscription updates), counts a
//! meter event once per identifier and refuses a repeat as Stripe does, and can be
//! told to fail requests (500, as when Stripe is down) or to hold them (the
//! request is received and takes effect, the answer waits: a crash in
//! between is a report Stripe has but the sender never saw acknowledged).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request the stand-in received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// `GET`, `POST` …
    pub method: String,
    /// Path and query.
    pub path: String,
    /// The form body, decoded (`items[0][quantity]` → `3`).
    pub form: BTreeMap<String, String>,
    /// When it arrived.
    pub at: Instant,
}

/// A subscription as the stand-in keeps it.
#[derive(Clone, Debug)]
struct Sub {
    customer: String,
    tenant: Option<String>,
    price: String,
    status: String,
    quantity: u64,
    cancel_at_period_end: bool,
    trial_end: Option<i64>,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    subscriptions: BTreeMap<String, Sub>,
    /// Meter quantities accepted, by identifier (the first one counts).
    meter: BTreeMap<String, u64>,
    /// Path prefix → how many more requests to it fail, and whether as a
    /// refusal of the request (400) or as Stripe being down (500).
    failing: BTreeMap<String, (u32, bool)>,
    /// Path prefixes whose answers wait.
    held: BTreeSet<String>,
}

/// The running stand-in; clones share it.
#[derive(Clone)]
pub struct StripeStandIn {
    /// `http://127.0.0.1:<port>/`: the `stripe_api_base` to configure.
    pub base: String,
    inner: Arc<Mutex<Inner>>,
    objects: Arc<Value>,
}

/// The price ids the stand-in's tests configure (`stripe_prices`):
/// `price_<plan>_<interval>_<currency>` for every plan, interval and currency.
pub fn prices() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for plan in ["team", "business"] {
        for interval in ["month", "year"] {
            for currency in ["cny", "usd"] {
                m.insert(format!("{plan}:{interval}:{currency}"), format!("price_{plan}_{interval}_{currency}"));
            }
        }
    }
    m
}

fn objects() -> Value {
    let path = crate::repo_root().join("tests/data/stripe/objects.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn form(body: &str) -> BTreeMap<String, String> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.replace('+', " ").into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn error(status: StatusCode, kind: &str, message: &str) -> Response {
    (status, axum::Json(json!({ "error": { "type": kind, "message": message } }))).into_response()
}

impl StripeStandIn {
    /// Start on an ephemeral loopback port.
    pub async fn start() -> StripeStandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/", listener.local_addr().unwrap());
        let s = StripeStandIn { base, inner: Arc::default(), objects: Arc::new(objects()) };
        let app = Router::new()
            .route("/v1/subscriptions/{id}", axum::routing::get(subscription).post(subscription))
            .route("/v1/checkout/sessions", axum::routing::post(checkout))
            .route("/v1/billing_portal/sessions", axum::routing::post(portal))
            .route("/v1/invoices", axum::routing::get(invoices))
            .route("/v1/billing/meter_events", axum::routing::post(meter_event))
            .with_state(s.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        s
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap()
    }

    /// Put (or replace) a subscription as Stripe would now report it: its
    /// customer, company (`guanxi_tenant` metadata, as checkout writes it),
    /// price, status and seat quantity.
    pub fn put(&self, id: &str, customer: &str, tenant: Option<&str>, price: &str, status: &str, quantity: u64) {
        let sub = Sub {
            customer: customer.into(),
            tenant: tenant.map(str::to_owned),
            price: price.into(),
            status: status.into(),
            quantity,
            cancel_at_period_end: false,
            trial_end: None,
        };
        self.lock().subscriptions.insert(id.into(), sub);
    }

    /// Change a subscription's status (a payment failed, a cancellation …).
    pub fn set_status(&self, id: &str, status: &str) {
        if let Some(s) = self.lock().subscriptions.get_mut(id) {
            s.status = status.into();
        }
    }

    /// Set when a subscription's trial ends (Unix seconds), or that it has none.
    pub fn set_trial_end(&self, id: &str, trial_end: Option<i64>) {
        if let Some(s) = self.lock().subscriptions.get_mut(id) {
            s.trial_end = trial_end;
        }
    }

    /// The seat quantity of a subscription now.
    pub fn seats(&self, id: &str) -> Option<u64> {
        self.lock().subscriptions.get(id).map(|s| s.quantity)
    }

    /// Make the next `times` requests whose path starts with `prefix`
    /// (`/v1/subscriptions`) fail with a 500, as when Stripe is down.
    pub fn fail(&self, prefix: &str, times: u32) {
        self.lock().failing.insert(prefix.into(), (times, false));
    }

    /// Make the next `times` requests whose path starts with `prefix` be
    /// refused as invalid (400 `invalid_request_error`, as for an unknown
    /// customer).
    pub fn refuse(&self, prefix: &str, times: u32) {
        self.lock().failing.insert(prefix.into(), (times, true));
    }

    /// Hold the answers to requests whose path starts with `prefix` until
    /// [`StripeStandIn::release`]: the request is recorded and takes effect
    /// at once, its answer waits.
    pub fn hold(&self, prefix: &str) {
        self.lock().held.insert(prefix.into());
    }

    /// Answer the requests held under `prefix`, and those to come.
    pub fn release(&self, prefix: &str) {
        self.lock().held.remove(prefix);
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    /// The requests of `method` whose path starts with `prefix`.
    pub fn requests_to(&self, method: &str, prefix: &str) -> Vec<Recorded> {
        self.lock().requests.iter().filter(|r| r.method == method && r.path.starts_with(prefix)).cloned().collect()
    }

    /// Meter quantities counted, by identifier (each counted once, as Stripe does).
    pub fn meter(&self) -> BTreeMap<String, u64> {
        self.lock().meter.clone()
    }

    /// Record a request; `Err` with the answer when it is to fail.
    #[expect(
        clippy::result_large_err,
        reason = "the error is the answer the stand-in sends at once; it is built once per refused request"
    )]
    fn receive(&self, method: &Method, uri: &Uri, body: &str) -> Result<BTreeMap<String, String>, Response> {
        let f = form(body);
        let path = uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
        let mut inner = self.lock();
        inner.requests.push(Recorded {
            method: method.to_string(),
            path: path.clone(),
            form: f.clone(),
            at: Instant::now(),
        });
        if let Some((_, (left, refused))) =
            inner.failing.iter_mut().find(|(p, (left, _))| path.starts_with(p.as_str()) && *left > 0)
        {
            *left -= 1;
            return Err(if *refused {
                error(StatusCode::BAD_REQUEST, "invalid_request_error", "No such customer: 'cus_missing'")
            } else {
                error(StatusCode::INTERNAL_SERVER_ERROR, "api_error", "the stand-in is failing on purpose")
            });
        }
        Ok(f)
    }

    /// Wait while answers under a prefix of `path` are held.
    async fn wait_if_held(&self, path: &str) {
        let deadline = Instant::now() + std::time::Duration::from_secs(120);
        while Instant::now() < deadline && self.lock().held.iter().any(|p| path.starts_with(p.as_str())) {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    fn subscription_json(&self, id: &str) -> Option<Value> {
        let sub = self.lock().subscriptions.get(id).cloned()?;
        let mut s = self.objects["subscription"].clone();
        s["id"] = json!(id);
        s["status"] = json!(sub.status);
        s["metadata"] = match &sub.tenant {
            Some(t) => json!({ "guanxi_tenant": t }),
            None => json!({}),
        };
        s["customer"] = json!(sub.customer);
        s["cancel_at_period_end"] = json!(sub.cancel_at_period_end);
        s["trial_end"] = json!(sub.trial_end);
        let item = &mut s["items"]["data"][0];
        item["quantity"] = json!(sub.quantity);
        item["price"]["id"] = json!(sub.price);
        item["subscription"] = json!(id);
        item["current_period_end"] = json!(chrono::Utc::now().timestamp() + 30 * 86_400);
        Some(s)
    }
}

async fn subscription(
    State(s): State<StripeStandIn>,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
    body: String,
) -> Response {
    let f = match s.receive(&method, &uri, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if method == Method::POST
        && let Some(sub) = s.lock().subscriptions.get_mut(&id)
    {
        if let Some(q) = f.get("items[0][quantity]").and_then(|q| q.parse().ok()) {
            sub.quantity = q;
        }
        if let Some(c) = f.get("cancel_at_period_end") {
            sub.cancel_at_period_end = c == "true";
        }
    }
    s.wait_if_held(uri.path()).await;
    match s.subscription_json(&id) {
        Some(json) => axum::Json(json).into_response(),
        None => error(StatusCode::NOT_FOUND, "invalid_request_error", "No such subscription"),
    }
}

async fn checkout(State(s): State<StripeStandIn>, method: Method, uri: Uri, body: String) -> Response {
    if let Err(r) = s.receive(&method, &uri, &body) {
        return r;
    }
    s.wait_if_held(uri.path()).await;
    let mut c = s.objects["checkout.session"].clone();
    c["id"] = json!("cs_test_standin");
    c["mode"] = json!("subscription");
    c["url"] = json!("https://checkout.stripe.com/c/pay/cs_test_standin");
    axum::Json(c).into_response()
}

async fn portal(State(s): State<StripeStandIn>, method: Method, uri: Uri, body: String) -> Response {
    let f = match s.receive(&method, &uri, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    s.wait_if_held(uri.path()).await;
    let mut p = s.objects["billing_portal.session"].clone();
    p["url"] =
        json!(format!("https://billing.stripe.com/p/session/{}", f.get("customer").cloned().unwrap_or_default()));
    axum::Json(p).into_response()
}

async fn invoices(State(s): State<StripeStandIn>, method: Method, uri: Uri) -> Response {
    if let Err(r) = s.receive(&method, &uri, "") {
        return r;
    }
    s.wait_if_held(uri.path()).await;
    let mut i = s.objects["invoice"].clone();
    i["id"] = json!("in_standin");
    i["status"] = json!("paid");
    axum::Json(json!({ "object": "list", "data": [i], "has_more": false, "url": "/v1/invoices" })).into_response()
}

async fn meter_event(State(s): State<StripeStandIn>, method: Method, uri: Uri, body: String) -> Response {
    let f = match s.receive(&method, &uri, &body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let identifier = f.get("identifier").cloned().unwrap_or_default();
    let value = f.get("payload[value]").and_then(|v| v.parse().ok()).unwrap_or(0);
    // Stripe keeps the first event of an identifier and refuses a repeat
    // (within at least 24 hours) as it does in production: a 400 that it
    // marks as not worth retrying.
    let repeated = {
        let mut inner = s.lock();
        if inner.meter.contains_key(&identifier) {
            true
        } else {
            inner.meter.insert(identifier.clone(), value);
            false
        }
    };
    s.wait_if_held(uri.path()).await;
    if repeated {
        let mut r = error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            &format!("An event already exists with identifier {identifier}."),
        );
        r.headers_mut().insert("stripe-should-retry", axum::http::HeaderValue::from_static("false"));
        return r;
    }
    let mut e = s.objects["billing.meter_event"].clone();
    e["identifier"] = json!(identifier);
    axum::Json(e).into_response()
}
