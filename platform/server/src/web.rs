//! The web app, served from the same port as the API: the built files of
//! `web/dist` (see the `guanxi-web` crate) and `index.html` for every page
//! path of the single-page app, so deep links (`/customers/…`, the mailed
//! `/accept-invitation?token=…`, `/reset-password?token=…`,
//! `/verify-email?token=…`) load it.
//!
//! - `/assets/*`: hashed file names, cached for a year (`immutable`); an
//!   unknown one is a `404`, never `index.html` (a stale page would
//!   otherwise run HTML as a script);
//! - other files (`/favicon.svg` …): `no-cache`, revalidated by `ETag`;
//! - any other `GET` that accepts HTML and is no API route: `index.html`,
//!   `no-cache`, or a page saying the web app was not built;
//! - HTML carries a Content-Security-Policy allowing only the server's own
//!   scripts;
//! - a file the build precompressed (`.br`, `.gz` beside it) is sent in the
//!   best encoding the request's `Accept-Encoding` takes, brotli before
//!   gzip, with `Content-Encoding` and its own `ETag`; every file answer
//!   says `Vary: Accept-Encoding` so that caches keep the variants apart.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use guanxi_core::ErrorCode;
use guanxi_web::{Asset, Encoding, Source};

use crate::http::{AppState, error_response};

/// Path prefixes the API and the operations endpoints own: beneath them a
/// missing route is the API's JSON `404`, never the web app. Keep in step
/// with the router in `http.rs`.
const API_ROUTES: &[&str] =
    &["/graphql", "/downloads", "/photos", "/healthz", "/readyz", "/metrics", "/webhooks", "/unsubscribe"];

/// Hashed assets never change under their name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else is revalidated at each use (cheap: `ETag`).
const NO_CACHE: &str = "no-cache";

/// Scripts only from this server; Element Plus and GraphiQL set inline
/// styles; images and fonts may be inlined as data URLs; the API is here;
/// no framing (click-jacking).
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
                   base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Whether `path` belongs to the API rather than to the web app.
fn is_api(path: &str) -> bool {
    API_ROUTES.iter().any(|r| path.strip_prefix(r).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

/// Whether the client takes HTML (a browser navigating).
fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("text/html"))
}

/// The precompressed encodings the client takes (`q` above zero, by name or
/// by `*`), the server's preference first; none without the header.
fn accepted_encodings(headers: &HeaderMap) -> Vec<Encoding> {
    let offers: Vec<(String, f32)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let coding = parts.next()?.trim().to_ascii_lowercase();
            if coding.is_empty() {
                return None;
            }
            // A malformed weight counts as none given (1), as browsers never
            // send one; `q=0` refuses the coding.
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((coding, q))
        })
        .collect();
    let weight = |names: &[&str]| {
        offers
            .iter()
            .find(|(c, _)| names.contains(&c.as_str()))
            .or_else(|| offers.iter().find(|(c, _)| c == "*"))
            .map(|(_, q)| *q)
    };
    Encoding::PREFERENCE
        .into_iter()
        .filter(|e| {
            let names: &[&str] = match e {
                Encoding::Brotli => &["br"],
                Encoding::Gzip => &["gzip", "x-gzip"],
            };
            weight(names).is_some_and(|q| q > 0.0)
        })
        .collect()
}

/// The router's fallback: the web app's files and pages, and the API's JSON
/// `404` for everything else.
pub(crate) async fn fallback(State(st): State<AppState>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if (method != Method::GET && method != Method::HEAD) || is_api(path) {
        return error_response(ErrorCode::NotFound, "no such endpoint");
    }
    let file = path.trim_start_matches('/');
    let encodings = accepted_encodings(&headers);
    if file.starts_with("assets/") {
        return match get(&st.web, file, &encodings).await {
            Some(asset) => respond(&headers, asset, IMMUTABLE),
            None => error_response(ErrorCode::NotFound, "no such file"),
        };
    }
    if !file.is_empty()
        && let Some(asset) = get(&st.web, file, &encodings).await
    {
        return respond(&headers, asset, NO_CACHE);
    }
    if !file.is_empty() && !accepts_html(&headers) {
        return error_response(ErrorCode::NotFound, "no such endpoint");
    }
    match get(&st.web, "index.html", &encodings).await {
        Some(asset) => respond(&headers, asset, NO_CACHE),
        None => html_page(NOT_BUILT),
    }
}

/// `GET /graphql` from a browser: GraphiQL as the web build bundles it, or a
/// page pointing to the API guide when the web app was not built.
pub(crate) async fn graphiql(st: &AppState, headers: &HeaderMap) -> Response {
    match get(&st.web, "graphiql.html", &accepted_encodings(headers)).await {
        Some(asset) => respond(headers, asset, NO_CACHE),
        None => html_page(GRAPHIQL_NOT_BUILT),
    }
}

/// Read a file, in the first of `encodings` it was precompressed in, off
/// the async workers: debug builds and `web_dir` read disk.
async fn get(source: &Source, path: &str, encodings: &[Encoding]) -> Option<Asset> {
    let (source, path, encodings) = (source.clone(), path.to_owned(), encodings.to_vec());
    tokio::task::spawn_blocking(move || source.get_encoded(&path, &encodings)).await.ok().flatten()
}

/// A file, or `304 Not Modified` when the client holds this version.
fn respond(req: &HeaderMap, asset: Asset, cache: &'static str) -> Response {
    let etag = HeaderValue::from_str(&asset.etag).ok();
    let fresh = etag.as_ref().is_some_and(|tag| {
        req.get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == tag.to_str().unwrap_or_default())
    });
    let html = asset.content_type.starts_with("text/html");
    let mut resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = asset.bytes.into_owned().into_response();
        if let Ok(ct) = HeaderValue::from_str(&asset.content_type) {
            r.headers_mut().insert(header::CONTENT_TYPE, ct);
        }
        if let Some(encoding) = asset.encoding {
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding.token()));
        }
        r
    };
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // The answer depends on Accept-Encoding wherever the build may have
    // precompressed a variant; shared caches must not hand brotli to a
    // client that asked for none.
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(tag) = etag {
        h.insert(header::ETAG, tag);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if html {
        security_headers(h);
    }
    resp
}

fn security_headers(h: &mut HeaderMap) {
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
}

/// One of the server's own pages made for one request (`no-store`), with
/// the HTML headers.
pub(crate) fn dynamic_page(status: axum::http::StatusCode, body: String) -> Response {
    let mut resp = (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        body,
    )
        .into_response();
    security_headers(resp.headers_mut());
    resp
}

/// One of the server's own pages, `no-cache`, with the HTML headers.
fn html_page(body: &'static str) -> Response {
    let mut resp = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE)),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        body,
    )
        .into_response();
    security_headers(resp.headers_mut());
    resp
}

const NOT_BUILT: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>关系 Guanxi</title>
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6; color: #222; }
section + section { margin-top: 2rem; border-top: 1px solid #ddd; padding-top: 1rem; }
code, pre { background: #f4f4f4; padding: 0 .25rem; }
</style>
</head>
<body>
<h1>关系 Guanxi</h1>
<section lang="zh-CN">
<p>服务器在运行，但网页版没有构建（构建时找不到 npm，或构建失败；cargo 的警告中有原因）。安装 Node.js 20 或更新版本后：</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>调试版本从 <code>web/dist</code> 读取网页，刷新即可；发布版本把网页打包进程序，需重新 <code>cargo build --release</code>。<code>cargo run --bin guanxi</code> 会在有 npm 时自动构建。</p>
<p>在此期间，所有功能都可以通过 GraphQL 接口 <a href="/graphql">/graphql</a> 使用，说明见源代码中的 <code>docs/api.md</code>。</p>
</section>
<section lang="en">
<p>The server is running, but the web app was not built (npm was not found when the server was built, or the build failed: cargo's warnings say why). With Node.js 20 or newer installed:</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>Debug builds read the web app from <code>web/dist</code>: reload this page. Release builds embed it: run <code>cargo build --release</code> again. <code>cargo run --bin guanxi</code> builds it by itself when npm is there.</p>
<p>Meanwhile everything works through the GraphQL API at <a href="/graphql">/graphql</a>; the guide is <code>docs/api.md</code> in the source.</p>
</section>
</body>
</html>
"#;

const GRAPHIQL_NOT_BUILT: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guanxi GraphQL API</title>
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6; color: #222; }
code, pre { background: #f4f4f4; padding: 0 .25rem; }
</style>
</head>
<body>
<h1>Guanxi GraphQL API</h1>
<p>This is the GraphQL endpoint: <code>POST /graphql</code> with <code>application/json</code>, and
<code>Authorization: Bearer &lt;token&gt;</code> from <code>login</code> or an API key. The guide
is <code>docs/api.md</code> in the source; the schema is <code>schema/graphql/schema.graphql</code>.</p>
<p>GraphiQL, the in-browser explorer, comes with the web app, which was not built on this server
(<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>).</p>
<p lang="zh-CN">这是 GraphQL 接口。接口说明见源代码中的 <code>docs/api.md</code>；GraphiQL 随网页版一起构建，本服务器的网页版尚未构建。</p>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_routes_are_not_pages() {
        for p in ["/graphql", "/graphql/x", "/downloads/abc", "/photos/1", "/healthz", "/readyz", "/metrics"] {
            assert!(is_api(p), "{p}");
        }
        for p in ["/", "/customers/abc", "/graphqlx", "/metrics-dashboard", "/accept-invitation", "/assets/a.js"] {
            assert!(!is_api(p), "{p}");
        }
    }

    #[test]
    fn encodings_follow_accept_encoding() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).expect("header"));
            accepted_encodings(&h)
        };
        let (br, gz) = (Encoding::Brotli, Encoding::Gzip);
        assert_eq!(accepted_encodings(&HeaderMap::new()), vec![]);
        assert_eq!(with("gzip, deflate, br, zstd"), vec![br, gz]);
        assert_eq!(with("gzip"), vec![gz]);
        assert_eq!(with("x-gzip"), vec![gz]);
        assert_eq!(with("identity"), vec![]);
        assert_eq!(with("br;q=0, gzip;q=0.5"), vec![gz]);
        assert_eq!(with("BR;Q=0.1"), vec![br]);
        assert_eq!(with("*"), vec![br, gz]);
        assert_eq!(with("*;q=0, gzip"), vec![gz]);
        assert_eq!(with("br;q=0, *"), vec![gz]);
        assert_eq!(with(" , ;q=1"), vec![]);
    }
}
