//! A Stripe stand-in over HTTP on loopback, for the real async-stripe
//! client: it answers the endpoints billing calls with Stripe's own example
//! objects (`tests/data/stripe/objects.json`), changed as the request asks,
//! and records every request (method, path, form body).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, Uri};
use axum::response::IntoResponse;
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
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    /// Subscription id → (status, quantity, price id, tenant metadata).
    subscriptions: BTreeMap<String, (String, u64, String, String)>,
}

/// The running stand-in.
#[derive(Clone)]
pub struct StripeHttpStandIn {
    /// `http://127.0.0.1:<port>/`.
    pub base: String,
    inner: Arc<Mutex<Inner>>,
    objects: Arc<Value>,
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

impl StripeHttpStandIn {
    /// Start on an ephemeral loopback port.
    pub async fn start() -> StripeHttpStandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/", listener.local_addr().unwrap());
        let s = StripeHttpStandIn { base, inner: Arc::default(), objects: Arc::new(objects()) };
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

    /// Put a subscription: its status, seat quantity, price and company.
    pub fn put(&self, id: &str, status: &str, quantity: u64, price: &str, tenant: &str) {
        self.inner
            .lock()
            .unwrap()
            .subscriptions
            .insert(id.into(), (status.into(), quantity, price.into(), tenant.into()));
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().requests.clone()
    }

    fn record(&self, method: &Method, uri: &Uri, body: &str) -> BTreeMap<String, String> {
        let f = form(body);
        let path = uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
        self.inner.lock().unwrap().requests.push(Recorded { method: method.to_string(), path, form: f.clone() });
        f
    }

    fn subscription_json(&self, id: &str) -> Option<Value> {
        let (status, quantity, price, tenant) = self.inner.lock().unwrap().subscriptions.get(id).cloned()?;
        let mut s = self.objects["subscription"].clone();
        s["id"] = json!(id);
        s["status"] = json!(status);
        s["metadata"] = json!({ "guanxi_tenant": tenant });
        s["customer"] = json!("cus_standin");
        s["cancel_at_period_end"] = json!(false);
        let item = &mut s["items"]["data"][0];
        item["quantity"] = json!(quantity);
        item["price"]["id"] = json!(price);
        item["subscription"] = json!(id);
        item["current_period_end"] = json!(1_900_000_000);
        Some(s)
    }
}

fn not_found() -> axum::response::Response {
    (
        axum::http::StatusCode::NOT_FOUND,
        axum::Json(json!({ "error": { "type": "invalid_request_error", "code": "resource_missing", "message": "No such subscription" } })),
    )
        .into_response()
}

async fn subscription(
    State(s): State<StripeHttpStandIn>,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
    body: String,
) -> axum::response::Response {
    let f = s.record(&method, &uri, &body);
    if method == Method::POST {
        let mut inner = s.inner.lock().unwrap();
        if let Some(sub) = inner.subscriptions.get_mut(&id)
            && let Some(q) = f.get("items[0][quantity]").and_then(|q| q.parse().ok())
        {
            sub.1 = q;
        }
    }
    let Some(mut json) = s.subscription_json(&id) else { return not_found() };
    if let Some(c) = f.get("cancel_at_period_end") {
        json["cancel_at_period_end"] = json!(c == "true");
    }
    axum::Json(json).into_response()
}

async fn checkout(State(s): State<StripeHttpStandIn>, method: Method, uri: Uri, body: String) -> impl IntoResponse {
    s.record(&method, &uri, &body);
    let mut c = s.objects["checkout.session"].clone();
    c["id"] = json!("cs_test_standin");
    c["mode"] = json!("subscription");
    c["url"] = json!("https://checkout.stripe.com/c/pay/cs_test_standin");
    axum::Json(c)
}

async fn portal(State(s): State<StripeHttpStandIn>, method: Method, uri: Uri, body: String) -> impl IntoResponse {
    let f = s.record(&method, &uri, &body);
    let mut p = s.objects["billing_portal.session"].clone();
    p["url"] =
        json!(format!("https://billing.stripe.com/p/session/{}", f.get("customer").cloned().unwrap_or_default()));
    axum::Json(p)
}

async fn invoices(State(s): State<StripeHttpStandIn>, method: Method, uri: Uri) -> impl IntoResponse {
    s.record(&method, &uri, "");
    let mut i = s.objects["invoice"].clone();
    i["id"] = json!("in_standin");
    i["status"] = json!("paid");
    axum::Json(json!({ "object": "list", "data": [i], "has_more": false, "url": "/v1/invoices" }))
}

async fn meter_event(State(s): State<StripeHttpStandIn>, method: Method, uri: Uri, body: String) -> impl IntoResponse {
    let f = s.record(&method, &uri, &body);
    let mut e = s.objects["billing.meter_event"].clone();
    e["identifier"] = json!(f.get("identifier").cloned().unwrap_or_default());
    axum::Json(e)
}
