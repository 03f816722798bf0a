//! The web app from the API's port: files and their caching, the
//! single-page app's deep links (the mailed links among them), GraphiQL
//! without a CDN, the page shown when the web app was not built, and the API
//! routes the app must not shadow, and the precompressed variants the
//! build writes beside the files.

use guanxi_tests::{Backend, TestServer, backend_tests};
use reqwest::header::{ACCEPT, HeaderMap};
use serde_json::{Value, json};

const INDEX: &str = "<!doctype html><html><head><script type=\"module\" src=\"/assets/main-3f2a9c.js\"></script>\
                     </head><body><div id=\"app\">guanxi-test-index</div></body></html>";
const GRAPHIQL: &str = "<!doctype html><html><body><div id=\"graphiql\">guanxi-test-graphiql</div></body></html>";
const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// A built web app in a temporary directory, as `npm run build` lays it out.
fn built_web() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
    std::fs::write(dir.path().join("graphiql.html"), GRAPHIQL).unwrap();
    std::fs::write(dir.path().join("assets/main-3f2a9c.js"), "console.log('关系')").unwrap();
    std::fs::write(dir.path().join("assets/main-77e1.css"), "body{margin:0}").unwrap();
    std::fs::write(dir.path().join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    dir
}

async fn get(s: &TestServer, path: &str, accept: Option<&str>) -> reqwest::Response {
    let mut req = s.http.get(format!("{}{path}", s.base));
    if let Some(a) = accept {
        req = req.header(ACCEPT, a);
    }
    req.send().await.unwrap()
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).map_or("", |v| v.to_str().unwrap())
}

/// The headers every HTML page carries.
#[track_caller]
fn assert_html_headers(h: &HeaderMap) {
    assert_eq!(header(h, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(h, "cache-control"), "no-cache");
    assert_eq!(header(h, "x-content-type-options"), "nosniff");
    assert_eq!(header(h, "referrer-policy"), "same-origin");
    let csp = header(h, "content-security-policy");
    for part in
        ["script-src 'self';", "style-src 'self' 'unsafe-inline';", "frame-ancestors 'none'", "object-src 'none'"]
    {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("unsafe-eval") && !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
}

#[track_caller]
fn assert_json_404(status: reqwest::StatusCode, h: &HeaderMap, body: &str) {
    assert_eq!(status, 404, "{body}");
    assert_eq!(header(h, "content-type"), "application/json");
    let v: Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["errors"][0]["extensions"]["code"], "NOT_FOUND", "{v}");
}

async fn files_are_served_with_their_caching_and_headers(b: Backend) {
    let web = built_web();
    let s = TestServer::start_with(b, |c| c.web_dir = Some(web.path().to_owned())).await;

    // The app at the root, for browsers and anything else.
    for accept in [Some(BROWSER), None] {
        let r = get(&s, "/", accept).await;
        assert_eq!(r.status(), 200);
        assert_html_headers(r.headers());
        assert!(r.headers().contains_key("etag"));
        assert_eq!(r.text().await.unwrap(), INDEX);
    }

    // Hashed assets are cached for good, with their types.
    let r = get(&s, "/assets/main-3f2a9c.js", Some("*/*")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(r.headers(), "cache-control"), "public, max-age=31536000, immutable");
    assert!(header(r.headers(), "content-type").ends_with("javascript; charset=utf-8"), "{:?}", r.headers());
    assert_eq!(header(r.headers(), "x-content-type-options"), "nosniff");
    assert!(!r.headers().contains_key("content-security-policy"), "only HTML carries the policy");
    assert_eq!(r.text().await.unwrap(), "console.log('关系')");
    let r = get(&s, "/assets/main-77e1.css", Some("text/css,*/*;q=0.1")).await;
    assert_eq!(header(r.headers(), "content-type"), "text/css; charset=utf-8");

    // An unknown asset is a 404, never the app's page (a stale page would
    // run HTML as a script).
    for accept in [Some(BROWSER), Some("*/*"), None] {
        let r = get(&s, "/assets/main-000000.js", accept).await;
        let (status, h) = (r.status(), r.headers().clone());
        assert_json_404(status, &h, &r.text().await.unwrap());
    }

    // Other files are revalidated at each use.
    let r = get(&s, "/favicon.svg", Some("image/avif,image/webp,*/*")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(r.headers(), "content-type"), "image/svg+xml; charset=utf-8");
    assert_eq!(header(r.headers(), "cache-control"), "no-cache");

    // Revalidation costs no body.
    let etag = get(&s, "/", Some(BROWSER)).await.headers()["etag"].clone();
    let r = s.http.get(format!("{}/", s.base)).header("if-none-match", etag.clone()).send().await.unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(r.headers()["etag"], etag);
    assert!(r.text().await.unwrap().is_empty());
    let r = s.http.get(format!("{}/", s.base)).header("if-none-match", "\"other\"").send().await.unwrap();
    assert_eq!(r.status(), 200);

    // HEAD answers the headers alone.
    let r = s.http.head(format!("{}/assets/main-3f2a9c.js", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header(r.headers(), "cache-control"), "public, max-age=31536000, immutable");

    // No path leaves the built folder.
    for path in ["/assets/../../Cargo.toml", "/assets/%2e%2e/%2e%2e/Cargo.toml", "/..%2fCargo.toml"] {
        let r = get(&s, path, Some("*/*")).await;
        assert!(!r.text().await.unwrap().contains("[package]"), "{path}");
    }
}

async fn deep_links_load_the_app_and_api_routes_stay_the_apis(b: Backend) {
    let web = built_web();
    let s = TestServer::start_with(b, |c| c.web_dir = Some(web.path().to_owned())).await;

    for path in [
        "/customers/0190f3b2-7c1e-7a40-9c1e-000000000001",
        "/accept-invitation?token=gxi_abc",
        "/reset-password?token=gxr_abc",
        "/verify-email?token=gxv_abc",
        "/settings/custom-fields",
        "/index.html",
    ] {
        let r = get(&s, path, Some(BROWSER)).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_html_headers(r.headers());
        assert_eq!(r.text().await.unwrap(), INDEX, "{path}");
    }

    // A client that does not take HTML gets the API's 404.
    let r = get(&s, "/customers/abc", Some("application/json")).await;
    let (status, h) = (r.status(), r.headers().clone());
    assert_json_404(status, &h, &r.text().await.unwrap());

    // The API's paths are never the app, also below them.
    for path in ["/graphql/customers", "/downloads", "/photos", "/metrics/x", "/healthz/", "/readyz/x"] {
        let r = get(&s, path, Some(BROWSER)).await;
        let (status, h) = (r.status(), r.headers().clone());
        assert_json_404(status, &h, &r.text().await.unwrap());
    }
    assert_eq!(get(&s, "/healthz", Some(BROWSER)).await.text().await.unwrap(), "ok");
    let r = get(&s, "/metrics", Some(BROWSER)).await;
    assert!(header(r.headers(), "content-type").starts_with("text/plain"), "{:?}", r.headers());
    let r = get(&s, "/downloads/gxd_unknown", Some(BROWSER)).await;
    assert_eq!(r.status(), 404);
    assert_eq!(header(r.headers(), "content-type"), "application/json");
    let r = s.gql(None, "{ __typename }", json!({})).await;
    assert_eq!(r.ok()["__typename"], "Query");

    // Only GET and HEAD reach the app.
    let r = s.http.post(format!("{}/customers/abc", s.base)).header(ACCEPT, BROWSER).send().await.unwrap();
    let (status, h) = (r.status(), r.headers().clone());
    assert_json_404(status, &h, &r.text().await.unwrap());

    // GraphiQL is the web build's, with the app's policy (no CDN allowed).
    let r = get(&s, "/graphql", Some(BROWSER)).await;
    assert_eq!(r.status(), 200);
    assert_html_headers(r.headers());
    assert_eq!(r.text().await.unwrap(), GRAPHIQL);
}

/// The links the server mails (invitation, password reset, address
/// verification) open the app.
async fn mailed_links_open_the_app(b: Backend) {
    let web = built_web();
    let s = TestServer::start_with(b, |c| c.web_dir = Some(web.path().to_owned())).await;
    let admin = s.sign_up("links").await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }",
            json!({ "i": { "email": "new@links.cn", "role": "SALESPERSON" } }),
        )
        .await;
    r.ok();
    let r = s
        .gql(
            None,
            "mutation($s: String!, $e: String!) { requestPasswordReset(input: { slug: $s, email: $e }) }",
            json!({ "s": "links", "e": "admin@links.cn" }),
        )
        .await;
    r.ok();
    // The reset mail is queued after the request answers (so that an
    // address that has no account answers in the same time): wait for it.
    let mut mails = Vec::new();
    for _ in 0..100 {
        let r = s.gql(Some(&admin.token), "{ mailOutbox(limit: 200) { kind body } }", json!({})).await;
        mails = r.ok()["mailOutbox"].as_array().unwrap().clone();
        if mails.iter().any(|m| m["kind"] == "password_reset") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for (kind, path) in [
        ("invitation", "/accept-invitation?token="),
        ("password_reset", "/reset-password?token="),
        ("email_verification", "/verify-email?token="),
    ] {
        let mail = mails.iter().find(|m| m["kind"] == kind).unwrap_or_else(|| panic!("no {kind} mail: {mails:?}"));
        let body = mail["body"].as_str().unwrap();
        let start = body.find(&format!("{}{path}", s.base)).unwrap_or_else(|| panic!("no {path} link in {body}"));
        let link = body[start..].split(char::is_whitespace).next().unwrap();
        let r = s.http.get(link).header(ACCEPT, BROWSER).send().await.unwrap();
        assert_eq!(r.status(), 200, "{link}");
        assert_html_headers(r.headers());
        assert_eq!(r.text().await.unwrap(), INDEX, "{link}");
    }
}

/// Without a built web app the server still starts and says how to build it.
async fn without_a_build_the_server_says_how_to_build_it(b: Backend) {
    let empty = tempfile::tempdir().unwrap();
    let s = TestServer::start_with(b, |c| c.web_dir = Some(empty.path().to_owned())).await;
    for path in ["/", "/customers/abc", "/accept-invitation?token=gxi_abc"] {
        let r = get(&s, path, Some(BROWSER)).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_html_headers(r.headers());
        let page = r.text().await.unwrap();
        assert!(page.contains("npm ci &amp;&amp; npm run build") && page.contains("href=\"/graphql\""), "{page}");
        assert!(page.contains("docs/api.md"), "{page}");
        let (zh, en) = (page.find("网页版").unwrap(), page.find("the web app was not built").unwrap());
        assert!(zh < en, "Chinese comes first");
    }
    let r = get(&s, "/assets/main-3f2a9c.js", Some("*/*")).await;
    assert_eq!(r.status(), 404);
    let r = get(&s, "/graphql", Some(BROWSER)).await;
    assert_eq!(r.status(), 200);
    assert_html_headers(r.headers());
    let page = r.text().await.unwrap();
    assert!(page.contains("docs/api.md") && page.contains("GraphiQL") && !page.contains("unpkg"), "{page}");

    // GraphiQL turned off: `/graphql` from a browser is an API request again.
    let s = TestServer::start_with(b, |c| {
        c.web_dir = Some(empty.path().to_owned());
        c.graphiql = false;
    })
    .await;
    let r = get(&s, "/graphql", Some(BROWSER)).await;
    assert_eq!(r.status(), 400);
}

/// The web app built into this binary (`web/dist`, read from disk by debug
/// builds) is served when it was built, the page saying how to build it
/// otherwise.
async fn the_builtin_web_app_is_served_when_built(b: Backend) {
    let s = TestServer::start(b).await;
    let dist = guanxi_tests::repo_root().join("web/dist");
    let r = get(&s, "/", Some(BROWSER)).await;
    assert_eq!(r.status(), 200);
    assert_html_headers(r.headers());
    let page = r.text().await.unwrap();
    match std::fs::read_to_string(dist.join("index.html")) {
        Ok(index) => assert_eq!(page, index),
        Err(_) => assert!(page.contains("npm run build"), "{page}"),
    }
    let r = get(&s, "/graphql", Some(BROWSER)).await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(!page.contains("unpkg.com") && !page.contains("cdn."), "GraphiQL needs no CDN: {page}");
    if let Ok(graphiql) = std::fs::read_to_string(dist.join("graphiql.html")) {
        assert_eq!(page, graphiql);
    }
}

/// The build writes `.br` and `.gz` beside text files; the server sends the
/// best one the client takes, with the file's type and caching, and says
/// that the answer varies with `Accept-Encoding`.
async fn precompressed_variants_follow_accept_encoding(b: Backend) {
    let web = built_web();
    let js = web.path().join("assets/main-3f2a9c.js");
    std::fs::write(js.with_extension("js.br"), b"\x8b\x07brotli-bytes").unwrap();
    std::fs::write(js.with_extension("js.gz"), b"\x1f\x8bgzip-bytes").unwrap();
    std::fs::write(web.path().join("index.html.gz"), b"\x1f\x8bgzip-index").unwrap();
    let s = TestServer::start_with(b, |c| c.web_dir = Some(web.path().to_owned())).await;
    let fetch = async |path: &str, encoding: Option<&str>| {
        let mut req = s.http.get(format!("{}{path}", s.base)).header(ACCEPT, BROWSER);
        if let Some(e) = encoding {
            req = req.header("accept-encoding", e);
        }
        let r = req.send().await.unwrap();
        let (status, h) = (r.status(), r.headers().clone());
        (status, h, r.bytes().await.unwrap().to_vec())
    };

    let mut etags = Vec::new();
    for (accept, coding, body) in [
        (Some("gzip, deflate, br, zstd"), "br", &b"\x8b\x07brotli-bytes"[..]),
        (Some("gzip, deflate"), "gzip", b"\x1f\x8bgzip-bytes"),
        (Some("br;q=0, gzip;q=0.8"), "gzip", b"\x1f\x8bgzip-bytes"),
        (Some("identity"), "", "console.log('关系')".as_bytes()),
        (Some("gzip;q=0, br;q=0"), "", "console.log('关系')".as_bytes()),
        (None, "", "console.log('关系')".as_bytes()),
    ] {
        let (status, h, got) = fetch("/assets/main-3f2a9c.js", accept).await;
        assert_eq!(status, 200, "{accept:?}");
        assert_eq!(header(&h, "content-encoding"), coding, "{accept:?}");
        assert_eq!(got, body, "{accept:?}");
        assert_eq!(header(&h, "vary").to_ascii_lowercase(), "accept-encoding", "{accept:?}");
        assert!(header(&h, "content-type").ends_with("javascript; charset=utf-8"), "{accept:?}: {h:?}");
        assert_eq!(header(&h, "cache-control"), "public, max-age=31536000, immutable");
        assert_eq!(header(&h, "x-content-type-options"), "nosniff");
        etags.push(header(&h, "etag").to_owned());
    }
    // Each representation has its own tag, and revalidates against it.
    assert_ne!(etags[0], etags[1]);
    assert_ne!(etags[1], etags[3]);
    assert_eq!(etags[1], etags[2]);
    let r = s
        .http
        .get(format!("{}/assets/main-3f2a9c.js", s.base))
        .header("accept-encoding", "br")
        .header("if-none-match", &etags[0])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(header(r.headers(), "vary").to_ascii_lowercase(), "accept-encoding");
    let r = s
        .http
        .get(format!("{}/assets/main-3f2a9c.js", s.base))
        .header("accept-encoding", "gzip")
        .header("if-none-match", &etags[0])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the brotli tag does not match the gzip variant");

    // A file without variants is sent as it is, still varying.
    let (_, h, got) = fetch("/assets/main-77e1.css", Some("br, gzip")).await;
    assert_eq!((header(&h, "content-encoding"), got.as_slice()), ("", &b"body{margin:0}"[..]));
    assert_eq!(header(&h, "vary").to_ascii_lowercase(), "accept-encoding");

    // The app's page, also at a deep link, is a file like the others: HTML
    // headers, its variant when there is one.
    for path in ["/", "/customers/abc"] {
        let (status, h, got) = fetch(path, Some("gzip, br")).await;
        assert_eq!(status, 200);
        assert_html_headers(&h);
        assert_eq!((header(&h, "content-encoding"), got.as_slice()), ("gzip", &b"\x1f\x8bgzip-index"[..]), "{path}");
        let (_, h, got) = fetch(path, None).await;
        assert_eq!((header(&h, "content-encoding"), got.as_slice()), ("", INDEX.as_bytes()), "{path}");
    }

    // HEAD says the same without the body.
    let r =
        s.http.head(format!("{}/assets/main-3f2a9c.js", s.base)).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(header(r.headers(), "content-encoding"), "br");
}

/// The build this binary serves (`web/dist`) carries brotli and gzip
/// variants of its scripts, and the server sends them.
async fn the_built_app_is_sent_precompressed(b: Backend) {
    let dist = guanxi_tests::repo_root().join("web/dist");
    let Ok(index) = std::fs::read_to_string(dist.join("index.html")) else { return };
    let s = TestServer::start(b).await;
    let script = index.split("src=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a script in index.html");
    let file = dist.join(script.trim_start_matches('/'));
    for (accept, coding, suffix) in [("gzip, deflate, br", "br", "br"), ("gzip", "gzip", "gz")] {
        let r = s.http.get(format!("{}{script}", s.base)).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(header(r.headers(), "content-encoding"), coding);
        assert_eq!(header(r.headers(), "cache-control"), "public, max-age=31536000, immutable");
        let variant = std::fs::read(file.with_extension(format!("js.{suffix}"))).expect("the build precompresses");
        assert!(variant.len() * 2 < std::fs::metadata(&file).unwrap().len() as usize, "{suffix} saves");
        assert_eq!(r.bytes().await.unwrap().as_ref(), variant.as_slice());
    }
}

backend_tests!(
    files_are_served_with_their_caching_and_headers,
    precompressed_variants_follow_accept_encoding,
    the_built_app_is_sent_precompressed,
    deep_links_load_the_app_and_api_routes_stay_the_apis,
    mailed_links_open_the_app,
    without_a_build_the_server_says_how_to_build_it,
    the_builtin_web_app_is_served_when_built,
);
