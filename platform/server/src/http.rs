//! The HTTP surface: `/graphql` (GraphQL over HTTP, POST and GET, GraphiQL
//! for browsers), `/downloads/{token}` and `/photos/{customer}` (see
//! `files`), `/healthz`, `/readyz` and `/metrics`; every other `GET` is the
//! web app's (see `web`). GraphQL requests authenticate with a bearer token
//! or, from the web app, the session cookie (see `cookies`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use async_graphql::ParseRequestError;
use async_graphql::http::MultipartOptions;
use async_graphql::parser::types::OperationType;
use axum::Router;
use axum::body::{Body, BodyDataStream, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::StreamExt as _;
use guanxi_core::{Error, ErrorCode};
use guanxi_graphql::{Auth, ExecutionStarted, GuanxiSchema, REQUEST_ID, RequestContext, SessionCookie};
use guanxi_store::{RequestMeta, Store};
use serde::Deserialize;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::field::Empty;

use crate::config::Config;
use crate::cookies;
use crate::telemetry::Metrics;

/// Files one multipart request may carry.
const MAX_UPLOAD_FILES: usize = 4;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The GraphQL schema.
    pub schema: GuanxiSchema,
    /// Prometheus metrics.
    pub metrics: Arc<Metrics>,
    /// Configuration.
    pub config: Arc<Config>,
    /// Where the web app's files are read from.
    pub web: guanxi_web::Source,
    /// Wakes this replica's billing worker when a webhook event is stored
    /// (none when the replica runs no background work).
    pub billing_wake: Option<Arc<tokio::sync::Notify>>,
}

/// Build the router with its middleware. No layer bounds request bodies:
/// the one handler that reads a body, `graphql_post`, holds it to its limit
/// itself, so that a body too large gets the API's own JSON error.
pub fn router(state: AppState) -> Router {
    // The web app's fallback keeps these paths the API's: update its list
    // (`web::API_ROUTES`) with the routes.
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/downloads/{token}", get(crate::files::download))
        .route("/photos/{customer}", get(crate::files::photo))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/webhooks/stripe", axum::routing::post(crate::stripe_webhook::receive))
        .route("/hooks/workflows/{company}/{workflow}", axum::routing::post(crate::workflow_hook::receive))
        .route("/unsubscribe/{token}", get(crate::unsubscribe::page_route).post(crate::unsubscribe::confirm))
        // The web app, and the API's JSON 404 for the rest: axum's own
        // answers (an empty 404 or 405) would be the only ones whose status
        // is not the error table's.
        .fallback(crate::web::fallback)
        .method_not_allowed_fallback(|| async {
            error_response(ErrorCode::MethodNotAllowed, "this endpoint does not answer that method")
        })
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::map_request(sanitize_request_id))
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let request_id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %req.uri().path(),
                        request_id,
                        tenant_id = Empty,
                        user_id = Empty,
                    )
                }))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(CatchPanicLayer::custom(|_| error_response(ErrorCode::Internal, "internal error"))),
        )
        .with_state(state)
}

/// The HTTP status of `code`, as the error-code table gives it.
pub(crate) fn status_of(code: ErrorCode) -> StatusCode {
    // The table only holds valid statuses (its unit test checks every one),
    // so the fallback is never taken.
    StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A GraphQL-shaped `application/json` error for failures outside GraphQL
/// execution, with the HTTP status the error-code table gives `code`.
pub(crate) fn error_response(code: ErrorCode, message: &str) -> Response {
    Media::Json.error(code, message)
}

/// The media type of a GraphQL answer, chosen by the request's `Accept`
/// (GraphQL over HTTP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Media {
    /// `application/json`: for clients that ask for it, send `*/*` or no
    /// `Accept` at all. Every GraphQL answer is `200`.
    Json,
    /// `application/graphql-response+json`: request errors (parsing,
    /// validation, variables, cost) answer `400` without `data`.
    GraphqlResponse,
}

impl Media {
    /// The acceptable type with the highest `q`; at equal `q` the GraphQL
    /// media type wins over `application/json` and wildcards. Clients that
    /// accept neither get `application/json` anyway: a readable error beats
    /// a bare `406`.
    fn of(headers: &HeaderMap) -> Media {
        let mut best: Option<(f32, Media)> = None;
        let accepts = headers.get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok());
        for range in accepts.flat_map(|v| v.split(',')) {
            let mut parts = range.split(';').map(str::trim);
            let media = match parts.next().map(str::to_ascii_lowercase).as_deref() {
                Some("application/graphql-response+json") => Media::GraphqlResponse,
                Some("application/json" | "application/*" | "*/*") => Media::Json,
                _ => continue,
            };
            let q = parts.find_map(|p| p.strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let better = match best {
                None => true,
                Some((bq, bm)) => q > bq || (q == bq && media == Media::GraphqlResponse && bm == Media::Json),
            };
            if q > 0.0 && better {
                best = Some((q, media));
            }
        }
        best.map_or(Media::Json, |(_, m)| m)
    }

    fn content_type(self) -> HeaderValue {
        match self {
            Media::Json => HeaderValue::from_static("application/json"),
            Media::GraphqlResponse => HeaderValue::from_static("application/graphql-response+json; charset=utf-8"),
        }
    }

    /// A GraphQL-shaped error in this media type, with the status the
    /// error-code table gives `code`.
    fn error(self, code: ErrorCode, message: &str) -> Response {
        let body = serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code.as_str() } }] });
        (status_of(code), [(header::CONTENT_TYPE, self.content_type())], body.to_string()).into_response()
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> String {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The client address. Behind a trusted proxy it is the last entry of
/// `X-Forwarded-For`: the one the proxy appended. Earlier entries come from
/// the client and could be forged to dodge the login and sign-up throttles.
pub(crate) fn client_ip(cfg: &Config, headers: &HeaderMap, peer: SocketAddr) -> String {
    if cfg.trust_forwarded_for
        && let Some(last) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    {
        return last.chars().take(64).collect();
    }
    peer.ip().to_string()
}

/// Drop a client-sent `X-Request-Id` that is too long or has odd characters,
/// so a fresh one is generated: the id is logged and stored with audit entries.
async fn sanitize_request_id(mut req: Request<axum::body::Body>) -> Request<axum::body::Body> {
    let ok = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).is_some_and(|v| {
        !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
    });
    if !ok {
        req.headers_mut().remove("x-request-id");
    }
    req
}

/// Read a request body of at most `limit` bytes. A declared length beyond it
/// is refused without keeping a byte; a body that turns out longer is refused
/// as soon as it passes the limit.
async fn read_body(media: Media, headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Response> {
    let too_large =
        || media.error(ErrorCode::PayloadTooLarge, &format!("the request body is larger than {limit} bytes"));
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let mut chunks = body.into_data_stream();
    if declared.is_some_and(|n| n > limit) {
        discard_rest(&mut chunks).await;
        return Err(too_large());
    }
    let mut buf = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|_| media.error(ErrorCode::BadRequest, "the request body could not be read"))?;
        if buf.len() + chunk.len() > limit {
            discard_rest(&mut chunks).await;
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}

/// Read and drop what is left of a refused body, up to a bound, before
/// answering. hyper closes a connection whose request body was not read; a
/// client still sending then often loses the answer to a reset
/// (`IncompleteMessage`) instead of reading the JSON error. Draining stops at
/// the end of the body, after a short pause in its arrival (a client that
/// waits for the answer before sending), or past a bound of bytes or time:
/// a hostile sender cannot hold a worker.
async fn discard_rest(chunks: &mut BodyDataStream) {
    const MAX_BYTES: usize = 64 * 1024 * 1024;
    const MAX_TIME: Duration = Duration::from_secs(5);
    const IDLE: Duration = Duration::from_millis(200);
    let until = Instant::now() + MAX_TIME;
    let mut seen = 0usize;
    while seen <= MAX_BYTES && Instant::now() < until {
        match tokio::time::timeout(IDLE, chunks.next()).await {
            Ok(Some(Ok(chunk))) => seen += chunk.len(),
            Ok(_) | Err(_) => break,
        }
    }
}

/// A JSON request body, read strictly: `query` must be a string,
/// `operationName` a string, `variables` and `extensions` objects (each may
/// be `null` or absent). async-graphql's own reading would take a missing
/// query as an empty one and any non-object as no variables.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonRequest {
    query: String,
    #[serde(default)]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<serde_json::Map<String, serde_json::Value>>,
    /// Accepted and, like every extension of a request, ignored.
    #[serde(default)]
    #[expect(dead_code, reason = "read only to refuse a non-object, as GraphQL over HTTP asks")]
    extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

impl JsonRequest {
    fn into_request(self) -> async_graphql::Request {
        let mut req = async_graphql::Request::new(self.query);
        if let Some(op) = self.operation_name.filter(|o| !o.is_empty()) {
            req = req.operation_name(op);
        }
        if let Some(vars) = self.variables {
            req = req.variables(async_graphql::Variables::from_json(serde_json::Value::Object(vars)));
        }
        req
    }
}

async fn graphql_post(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let media = Media::of(&headers);
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let req = match mime.as_str() {
        "application/json" => {
            let body = match read_body(media, &headers, body, st.config.max_body_bytes).await {
                Ok(b) => b,
                Err(resp) => return resp,
            };
            match serde_json::from_slice::<JsonRequest>(&body) {
                Ok(r) => r.into_request(),
                Err(e) => return media.error(ErrorCode::BadRequest, &format!("invalid request body: {e}")),
            }
        }
        // File uploads, by the GraphQL multipart request spec: an `operations`
        // part, a `map` part and one part per file. Files stay in memory; the
        // upload limit bounds them. A cross-site form can post this type, but
        // not the CSRF header that a cookie session needs (see `execute`).
        "multipart/form-data" => {
            let body = match read_body(media, &headers, body, st.config.max_upload_bytes).await {
                Ok(b) => b,
                Err(resp) => return resp,
            };
            let opts = MultipartOptions::default().max_num_files(MAX_UPLOAD_FILES);
            match async_graphql::http::receive_body(Some(content_type), futures::io::Cursor::new(body), opts).await {
                Ok(req) => req,
                Err(ParseRequestError::PayloadTooLarge) => {
                    return media.error(ErrorCode::PayloadTooLarge, "upload too large");
                }
                Err(e) => return media.error(ErrorCode::BadRequest, &format!("invalid multipart request: {e}")),
            }
        }
        _ => {
            return media.error(
                ErrorCode::UnsupportedMediaType,
                "send GraphQL requests as application/json (or multipart/form-data with files)",
            );
        }
    };
    execute(st, peer, headers, media, req).await
}

async fn graphql_get(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let media = Media::of(&headers);
    let Ok(Query(params)) = params else {
        return media.error(ErrorCode::BadRequest, "the query string could not be read");
    };
    let Some(query) = params.get("query") else {
        let wants_html =
            headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
        if wants_html && st.config.graphiql {
            return crate::web::graphiql(&st, &headers).await;
        }
        return media.error(ErrorCode::BadRequest, "missing `query` parameter");
    };
    let mut req = async_graphql::Request::new(query.clone());
    if let Some(op) = params.get("operationName").filter(|o| !o.is_empty()) {
        req = req.operation_name(op.clone());
    }
    // Both must be JSON objects when present; `extensions` is then ignored.
    for name in ["variables", "extensions"] {
        let Some(text) = params.get(name).filter(|v| !v.is_empty()) else { continue };
        match serde_json::from_str::<Option<serde_json::Map<String, serde_json::Value>>>(text) {
            Ok(Some(vars)) if name == "variables" => {
                req = req.variables(async_graphql::Variables::from_json(serde_json::Value::Object(vars)));
            }
            Ok(_) => {}
            Err(_) => return media.error(ErrorCode::BadRequest, &format!("`{name}` must be a JSON object")),
        }
    }
    // GraphQL over HTTP: GET may only run queries, never mutations. (A text
    // too deep to parse safely is left to the schema, which refuses it.)
    if guanxi_graphql::check_text(query).is_ok()
        && let Ok(doc) = async_graphql::parser::parse_query(query)
    {
        let selected = doc.operations.iter().find(|(name, _)| match (name, params.get("operationName")) {
            (Some(n), Some(want)) => n.as_str() == want,
            _ => true,
        });
        if selected.is_some_and(|(_, op)| op.node.ty != OperationType::Query) {
            let mut resp = media.error(ErrorCode::MethodNotAllowed, "mutations must use POST");
            resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
            return resp;
        }
    }
    execute(st, peer, headers, media, req).await
}

async fn execute(
    st: AppState,
    peer: SocketAddr,
    headers: HeaderMap,
    media: Media,
    req: async_graphql::Request,
) -> Response {
    let started = Instant::now();
    let rid = request_id(&headers);
    // `Authorization` wins; without it the session cookie counts only with
    // the CSRF header that a cross-site page cannot send. A refused request
    // runs nothing.
    let (token, from_cookie) = match cookies::session_source(&headers) {
        cookies::SessionSource::None => (None, false),
        cookies::SessionSource::Bearer(t) => (Some(t), false),
        cookies::SessionSource::Cookie(t) => (Some(t), true),
        cookies::SessionSource::CookieWithoutCsrf => {
            return media.error(ErrorCode::CsrfTokenInvalid, cookies::CSRF_MISSING);
        }
    };
    let auth = match token {
        None => Auth::Anonymous,
        Some(token) => match st.store.authenticate(token).await {
            Ok(p) => Auth::Principal(p),
            Err(Error::Unauthenticated) => Auth::Invalid,
            Err(e) => {
                tracing::error!(error = ?e, request_id = rid, "authentication failed");
                let code = match e.code() {
                    ErrorCode::Unavailable => ErrorCode::Unavailable,
                    _ => ErrorCode::Internal,
                };
                return media.error(code, "internal error");
            }
        },
    };
    if let Auth::Principal(p) = &auth {
        match st.store.admit_request(p.tenant_id()).await {
            Ok(()) => {}
            Err(Error::EntitlementReached(x)) => return too_many_requests(media, &x),
            Err(e) => {
                tracing::error!(error = ?e, request_id = rid, "request meter failed");
                return media.error(e.code(), "internal error");
            }
        }
    }
    let span = tracing::Span::current();
    let user = match &auth {
        Auth::Principal(p) => {
            span.record("tenant_id", tracing::field::display(p.tenant_id()));
            Some(p.user_id())
        }
        Auth::Anonymous | Auth::Invalid => None,
    };
    // Only authenticated callers name their operations in the metrics:
    // anyone else could grow the label set at will.
    let operation = st.metrics.operation_label(user.and(req.operation_name.as_deref()));
    let meta = RequestMeta {
        ip: Some(client_ip(&st.config, &headers, peer)),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        request_id: Some(rid.clone()),
    };
    let stale_cookie = from_cookie && matches!(auth, Auth::Invalid);
    let rc = RequestContext::new(st.store.clone(), auth, meta).for_web_client(cookies::is_web_client(&headers));
    let hide_identity = rc.hide_identity.clone();
    let session_cookie = rc.session_cookie.clone();
    let executed = ExecutionStarted::default();
    let mut resp = REQUEST_ID.scope(rid.clone(), st.schema.execute(req.data(rc).data(executed.clone()))).await;
    // The user is named only now, once every resolver has had its say: one
    // that must not know who asked (an anonymous suggestion) says so, and then
    // nothing in this request's logs or traces names the caller.
    if let Some(u) = user
        && !hide_identity.load(Ordering::SeqCst)
    {
        span.record("user_id", tracing::field::display(u));
    }
    let request_error = normalize_errors(&mut resp, executed.get());
    let outcome = if resp.errors.is_empty() { "ok" } else { "error" };
    st.metrics.observe(&operation, outcome, started.elapsed().as_secs_f64());
    // GraphQL over HTTP: with `application/json` every GraphQL answer is
    // `200`; with `application/graphql-response+json` a request error takes
    // its code's status. Either way a request that never executed has no
    // `data` at all (the GraphQL spec's rule for request errors). An executed
    // request's answer is written straight to bytes, without a JSON tree in
    // between: on a page of customers that tree costs as much as the writing.
    let mut status = StatusCode::OK;
    let body = match request_error {
        None => serde_json::to_vec(&resp),
        Some(code) => {
            if media == Media::GraphqlResponse {
                status = status_of(code);
            }
            serde_json::to_value(&resp).and_then(|mut body| {
                if let Some(fields) = body.as_object_mut() {
                    fields.remove("data");
                }
                serde_json::to_vec(&body)
            })
        }
    };
    let Ok(body) = body else {
        return media.error(ErrorCode::Internal, "internal error");
    };
    let mut resp = (status, [(header::CONTENT_TYPE, media.content_type())], body).into_response();
    // A new session's cookie, or the clearing of an ended or stale one.
    let change = session_cookie.lock().ok().and_then(|mut c| c.take());
    let change = change.or(stale_cookie.then_some(SessionCookie::End));
    if let Some(change) = change {
        let https = st.config.public_url().starts_with("https://");
        cookies::apply(resp.headers_mut(), &change, https);
        resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// The company made more API requests this minute than its plan allows:
/// `429` with `Retry-After`, and a GraphQL error `RATE_LIMITED` (waiting is
/// enough, unlike `LIMIT_REACHED`) with the same extensions as a plan
/// limit's refusal. Nothing ran.
fn too_many_requests(media: Media, x: &guanxi_core::subscription::Exceeded) -> Response {
    let retry = x.retry_after_secs.unwrap_or(60).max(1);
    let mut ext = serde_json::json!({
        "code": ErrorCode::RateLimited.as_str(),
        "limit": x.entitlement.as_str(),
        "plan": x.plan.as_str(),
        "usage": x.usage,
        "requested": x.requested,
        "max": x.max,
        "retryAfterSeconds": retry,
        "raise": if x.upgrade.is_some() { "upgrade" } else { "contact" },
    });
    if let (Some(p), Some(o)) = (&x.upgrade, ext.as_object_mut()) {
        o.insert("upgrade".to_owned(), p.as_str().into());
    }
    let body = serde_json::json!({ "errors": [{ "message": x.message(), "extensions": ext }] });
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::CONTENT_TYPE, media.content_type()), (header::RETRY_AFTER, HeaderValue::from(retry))],
        body.to_string(),
    )
        .into_response()
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Give every error a code, and return the first one's when the request
/// never reached execution (a request error). Resolver errors already carry
/// a code: their type, `ApiError`, can only be turned into a GraphQL error
/// with one; so do the schema's cost limits (`QUERY_TOO_COMPLEX`). What is
/// left comes from async-graphql itself (parsing, validation, variables,
/// argument coercion), so it is the client's: `BAD_REQUEST`.
fn normalize_errors(resp: &mut async_graphql::Response, executed: bool) -> Option<ErrorCode> {
    let mut first = None;
    for e in &mut resp.errors {
        let ext = e.extensions.get_or_insert_with(Default::default);
        let code = match ext.get("code") {
            Some(async_graphql::Value::String(s)) => ErrorCode::ALL.iter().copied().find(|c| c.as_str() == s.as_str()),
            _ => None,
        }
        .unwrap_or_else(|| {
            ext.set("code", ErrorCode::BadRequest.as_str());
            ErrorCode::BadRequest
        });
        first.get_or_insert(code);
    }
    if executed { None } else { first.or(Some(ErrorCode::BadRequest)) }
}

async fn readyz(State(st): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), st.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, axum::Json(serde_json::json!({ "status": "ready" }))).into_response(),
        _ => (status_of(ErrorCode::Unavailable), axum::Json(serde_json::json!({ "status": "unavailable" })))
            .into_response(),
    }
}

async fn metrics(State(st): State<AppState>) -> Response {
    st.metrics.refresh_events(&st.store).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], st.metrics.render()).into_response()
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;
    use std::sync::Mutex;

    use axum::body::Body;
    use secrecy::SecretString;
    use std::str::FromStr;
    use tower::ServiceExt;
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};

    use tracing_subscriber::filter::LevelFilter;
    use tracing_subscriber::layer::{Context, SubscriberExt};
    use tracing_subscriber::{Layer, registry};

    use super::*;

    /// Every field of every span and event, as `name=value` lines.
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<String>>>);

    impl Capture {
        fn take(&self) -> Vec<String> {
            self.0.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
        }
    }

    struct Lines<'a>(&'a mut Vec<String>);

    impl Visit for Lines<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            self.0.push(format!("{}={value:?}", field.name()));
        }
    }

    impl<S: tracing::Subscriber> Layer<S> for Capture {
        fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
            if let Ok(mut v) = self.0.lock() {
                attrs.record(&mut Lines(&mut v));
            }
        }
        fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
            if let Ok(mut v) = self.0.lock() {
                values.record(&mut Lines(&mut v));
            }
        }
        fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
            if let Ok(mut v) = self.0.lock() {
                event.record(&mut Lines(&mut v));
            }
        }
    }

    async fn gql(router: &Router, token: Option<&str>, query: &str, vars: serde_json::Value) -> serde_json::Value {
        let body = serde_json::json!({ "query": query, "variables": vars }).to_string();
        let mut req = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let mut req = req.body(Body::from(body)).expect("request");
        req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        let resp = router.clone().oneshot(req).await.expect("response");
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.expect("body");
        serde_json::from_slice(&bytes).expect("JSON")
    }

    fn cfg_level() -> String {
        Config::default().log_level
    }

    /// The request span names the caller only after execution, and not at
    /// all when the request submitted an anonymous suggestion.
    #[tokio::test]
    async fn anonymous_suggestions_keep_the_caller_out_of_traces() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}", dir.path().join("guanxi.db").display());
        let cfg = Config { database_url: Some(SecretString::from(url)), ..Config::default() };
        let app = crate::build(cfg).await.expect("app");
        let capture = Capture::default();
        // The runtime is single-threaded, so a thread-local subscriber sees
        // every span and event of the requests below, at the default level.
        // (Below it, at `trace`, sea-orm prints statements with their values,
        // which name the caller while the session is checked.)
        let layer = capture.clone().with_filter(LevelFilter::from_str(&cfg_level()).expect("level"));
        let _guard = tracing::subscriber::set_default(registry().with(layer));

        let r = gql(
            &app.router,
            None,
            "mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }",
            serde_json::json!({ "i": {
                "companyName": "匿名测试", "slug": "hush", "adminEmail": "boss@hush.cn",
                "adminName": "王总", "password": "correct horse battery",
            }}),
        )
        .await;
        let token = r["data"]["signUp"]["token"].as_str().expect("token").to_owned();
        let user_id = r["data"]["signUp"]["user"]["id"].as_str().expect("user id").to_owned();
        capture.take();

        let submit = "mutation($i: SubmitSuggestionInput!) { submitSuggestion(input: $i) { anonymous } }";
        for (title, code) in [("别让我知道是谁", None), ("", Some("VALIDATION_FAILED"))] {
            let r = gql(
                &app.router,
                Some(&token),
                submit,
                serde_json::json!({ "i": { "title": title, "content": "内容", "anonymous": true } }),
            )
            .await;
            assert_eq!(r["errors"][0]["extensions"]["code"].as_str(), code, "{r}");
            let lines = capture.take();
            assert!(lines.iter().any(|l| l.starts_with("request_id=")), "the request was traced: {lines:?}");
            assert!(lines.iter().all(|l| !l.contains(&user_id) && !l.contains("boss@hush.cn")), "{lines:?}");
        }

        let r = gql(
            &app.router,
            Some(&token),
            submit,
            serde_json::json!({ "i": { "title": "署名建议", "content": "内容", "anonymous": false } }),
        )
        .await;
        assert_eq!(r["data"]["submitSuggestion"]["anonymous"], false, "{r}");
        assert!(capture.take().contains(&format!("user_id={user_id}")), "signed requests name their caller");
    }

    #[test]
    fn every_code_answers_with_its_table_status() {
        for &code in ErrorCode::ALL {
            let resp = super::error_response(code, "x");
            assert_eq!(resp.status().as_u16(), code.http_status(), "{code}");
            assert_eq!(super::status_of(code).as_u16(), code.http_status(), "{code}");
            for media in [super::Media::Json, super::Media::GraphqlResponse] {
                assert_eq!(media.error(code, "x").status().as_u16(), code.http_status(), "{code}");
            }
        }
    }
}
