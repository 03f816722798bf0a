//! The HTTP surface: `/graphql` (GraphQL over HTTP, POST and GET, GraphiQL for
//! browsers), `/downloads/{token}` (exports, see `files`), `/healthz`, `/readyz`
//! and `/metrics`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use async_graphql::ParseRequestError;
use async_graphql::http::{GraphiQLSource, MultipartOptions};
use async_graphql::parser::types::OperationType;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use guanxi_core::{Error, ErrorCode};
use guanxi_graphql::{Auth, GuanxiSchema, REQUEST_ID, RequestContext};
use guanxi_store::{RequestMeta, Store};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::field::Empty;

use crate::config::Config;
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
}

/// Build the router with its middleware.
pub fn router(state: AppState) -> Router {
    // The layer bounds every body by the larger limit; JSON bodies are held
    // to `max_body_bytes` in the handler.
    let max_body = state.config.max_body_bytes.max(state.config.max_upload_bytes);
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/downloads/{token}", get(crate::files::download))
        .route("/photos/{customer}", get(crate::files::photo))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
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
                .layer(CatchPanicLayer::custom(|_| {
                    error_response(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error")
                }))
                .layer(RequestBodyLimitLayer::new(max_body))
                // The body extractor's own 2 MB default would cut uploads
                // short; the layer above is the bound.
                .layer(DefaultBodyLimit::max(max_body)),
        )
        .with_state(state)
}

/// A GraphQL-shaped error body for failures before execution.
pub(crate) fn error_response(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code.as_str() } }] });
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

pub(crate) fn request_id(headers: &HeaderMap) -> String {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The client address. Behind a trusted proxy it is the last entry of
/// `X-Forwarded-For`: the one the proxy appended. Earlier entries come from
/// the client and could be forged to dodge the login throttle.
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

async fn graphql_post(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "application/json" => {
            if body.len() > st.config.max_body_bytes {
                return error_response(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BadRequest, "request body too large");
            }
            match serde_json::from_slice::<async_graphql::Request>(&body) {
                Ok(req) => execute(st, peer, headers, req).await,
                Err(e) => error_response(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::BadRequest,
                    &format!("invalid request body: {e}"),
                ),
            }
        }
        // File uploads, by the GraphQL multipart request spec: an `operations`
        // part, a `map` part and one part per file. Files stay in memory; the
        // body limit bounds them. Authentication is by bearer token only (no
        // cookies), so a cross-site form post cannot act for a user.
        "multipart/form-data" => {
            let opts = MultipartOptions::default().max_num_files(MAX_UPLOAD_FILES);
            match async_graphql::http::receive_body(Some(content_type), futures::io::Cursor::new(body), opts).await {
                Ok(req) => execute(st, peer, headers, req).await,
                Err(ParseRequestError::PayloadTooLarge) => {
                    error_response(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BadRequest, "upload too large")
                }
                Err(e) => error_response(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::BadRequest,
                    &format!("invalid multipart request: {e}"),
                ),
            }
        }
        _ => error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadRequest,
            "send GraphQL requests as application/json (or multipart/form-data with files)",
        ),
    }
}

async fn graphql_get(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(query) = params.get("query") else {
        let wants_html =
            headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
        if wants_html && st.config.graphiql {
            return Html(GraphiQLSource::build().endpoint("/graphql").title("Guanxi 关系 GraphQL").finish())
                .into_response();
        }
        return error_response(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, "missing `query` parameter");
    };
    let mut req = async_graphql::Request::new(query.clone());
    if let Some(op) = params.get("operationName").filter(|o| !o.is_empty()) {
        req = req.operation_name(op.clone());
    }
    if let Some(vars) = params.get("variables").filter(|v| !v.is_empty()) {
        match serde_json::from_str::<serde_json::Value>(vars) {
            Ok(v) => req = req.variables(async_graphql::Variables::from_json(v)),
            Err(_) => return error_response(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, "`variables` is not JSON"),
        }
    }
    // GraphQL over HTTP: GET may only run queries, never mutations.
    if let Ok(doc) = async_graphql::parser::parse_query(query) {
        let selected = doc.operations.iter().find(|(name, _)| match (name, params.get("operationName")) {
            (Some(n), Some(want)) => n.as_str() == want,
            _ => true,
        });
        if selected.is_some_and(|(_, op)| op.node.ty != OperationType::Query) {
            let mut resp =
                error_response(StatusCode::METHOD_NOT_ALLOWED, ErrorCode::BadRequest, "mutations must use POST");
            resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
            return resp;
        }
    }
    execute(st, peer, headers, req).await
}

async fn execute(st: AppState, peer: SocketAddr, headers: HeaderMap, req: async_graphql::Request) -> Response {
    let started = Instant::now();
    let rid = request_id(&headers);
    let auth = match bearer(&headers) {
        None => Auth::Anonymous,
        Some(token) => match st.store.authenticate(token).await {
            Ok(p) => Auth::Principal(p),
            Err(Error::Unauthenticated) => Auth::Invalid,
            Err(e) => {
                tracing::error!(error = ?e, request_id = rid, "authentication failed");
                let (status, code) = match e.code() {
                    ErrorCode::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable),
                    _ => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
                };
                return error_response(status, code, "internal error");
            }
        },
    };
    let span = tracing::Span::current();
    let user = match &auth {
        Auth::Principal(p) => {
            span.record("tenant_id", tracing::field::display(p.tenant_id()));
            Some(p.user_id())
        }
        Auth::Anonymous | Auth::Invalid => None,
    };
    let operation = st.metrics.operation_label(req.operation_name.as_deref());
    let meta = RequestMeta {
        ip: Some(client_ip(&st.config, &headers, peer)),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        request_id: Some(rid.clone()),
    };
    let rc = RequestContext::new(st.store.clone(), auth, meta);
    let hide_identity = rc.hide_identity.clone();
    let mut resp = REQUEST_ID.scope(rid.clone(), st.schema.execute(req.data(rc))).await;
    // The user is named only now, once every resolver has had its say: one
    // that must not know who asked (an anonymous suggestion) says so, and then
    // nothing in this request's logs or traces names the caller.
    if let Some(u) = user
        && !hide_identity.load(Ordering::SeqCst)
    {
        span.record("user_id", tracing::field::display(u));
    }
    normalize_errors(&mut resp);
    let outcome = if resp.errors.is_empty() { "ok" } else { "error" };
    st.metrics.observe(&operation, outcome, started.elapsed().as_secs_f64());
    match serde_json::to_string(&resp) {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => error_response(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error"),
    }
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Give every error a code. Resolver errors already carry one: their type,
/// `ApiError`, can only be turned into a GraphQL error with a code. What is
/// left comes from async-graphql itself (parsing, validation, argument
/// coercion), so it is the client's: `QUERY_TOO_COMPLEX` for the depth and
/// complexity limits, `BAD_REQUEST` for the rest.
fn normalize_errors(resp: &mut async_graphql::Response) {
    for e in &mut resp.errors {
        if e.extensions.as_ref().is_some_and(|x| x.get("code").is_some()) {
            continue;
        }
        let code = if e.message.contains("too complex") || e.message.contains("nested too deep") {
            ErrorCode::QueryTooComplex
        } else {
            ErrorCode::BadRequest
        };
        e.extensions.get_or_insert_with(Default::default).set("code", code.as_str());
    }
}

async fn readyz(State(st): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), st.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, axum::Json(serde_json::json!({ "status": "ready" }))).into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({ "status": "unavailable" })))
            .into_response(),
    }
}

async fn metrics(State(st): State<AppState>) -> Response {
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
}
