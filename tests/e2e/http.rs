//! GraphQL over HTTP: methods, content types and negotiation, malformed
//! requests, body limits, GraphiQL, health, readiness and
//! metrics.

use std::io::{Read as _, Write as _};
use std::time::Duration;

use guanxi_tests::{Backend, TestServer, backend_tests};
use serde_json::{Value, json};

async fn get_queries_and_refuses_mutations(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let url = format!("{}/graphql", s.base);
    let r = s
        .http
        .get(&url)
        .query(&[("query", "query Me { me { tenant { slug } } }")])
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["data"]["me"]["tenant"]["slug"], "acme");
    let r = s.http.get(&url).query(&[("query", "mutation { logout }")]).bearer_auth(&admin.token).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "POST");
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "METHOD_NOT_ALLOWED");
    // Answers outside GraphQL take their status from the error table too.
    let r = s.http.put(&url).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "METHOD_NOT_ALLOWED");
    let r = s.http.get(format!("{}/no-such-endpoint", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "NOT_FOUND");
    // The session survived the refused mutation.
    s.gql(Some(&admin.token), "{ me { user { id } } }", json!({})).await.ok();
    let r = s
        .http
        .get(&url)
        .query(&[("query", "query($n: Int) { auditLog(limit: $n) { id } }"), ("variables", "{\"n\": 1}")])
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["data"]["auditLog"].as_array().unwrap().len(), 1);
}

async fn malformed_requests_get_typed_errors(b: Backend) {
    // A small body limit: an oversized body then fits in the socket buffers, so the
    // client reads the early 413 instead of failing to write.
    let s = TestServer::start_with(b, |c| c.max_body_bytes = 8 * 1024).await;
    let url = format!("{}/graphql", s.base);
    let r = s.http.post(&url).header("content-type", "text/plain").body("{}").send().await.unwrap();
    assert_eq!(r.status(), 415);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "UNSUPPORTED_MEDIA_TYPE");
    let r = s.http.post(&url).header("content-type", "application/json").body("{not json").send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    for q in ["{ me { ", "{ noSuchField }", "mutation { signUp(input: {slug: 1}) { token } }"] {
        let r = s.gql(None, q, json!({})).await;
        assert_eq!(r.code(), "BAD_REQUEST", "{q}");
    }
    let r = s.gql(None, "query($id: ID!) { user(id: $id) { id } }", json!({})).await;
    assert_eq!(r.code(), "BAD_REQUEST");
    // Too deep: group → supervisors → group → … beyond the limit.
    let mut q = String::from("id");
    for _ in 0..8 {
        q = format!("group {{ supervisors {{ {q} }} }}");
    }
    let r = s.gql(None, &format!("{{ me {{ user {{ {q} }} }} }}"), json!({})).await;
    assert_eq!(r.code(), "QUERY_TOO_COMPLEX");
    let r = s.http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let too_big = "x".repeat(32 * 1024);
    let r = s.http.post(&url).header("content-type", "application/json").body(too_big).send().await.unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE");
    // Multipart without a boundary, or without its `operations` part.
    let r = s.http.post(&url).header("content-type", "multipart/form-data").body("x").send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    let form = reqwest::multipart::Form::new().text("map", "{}");
    let r = s.http.post(&url).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 400);
    // A multipart request without files runs like a JSON one.
    let form = reqwest::multipart::Form::new()
        .text("operations", json!({ "query": "{ __typename }" }).to_string())
        .text("map", "{}");
    let r = s.http.post(&url).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["data"]["__typename"], "Query");
}

async fn graphiql_health_readiness_metrics_and_request_ids(b: Backend) {
    let s = TestServer::start(b).await;
    let r = s.http.get(format!("{}/graphql", s.base)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(r.status(), 200);
    // The web build's GraphiQL, or the page saying it was not built.
    assert!(r.text().await.unwrap().to_lowercase().contains("graphiql"));
    assert_eq!(s.http.get(format!("{}/healthz", s.base)).send().await.unwrap().text().await.unwrap(), "ok");
    let r = s.http.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = s
        .http
        .post(format!("{}/graphql", s.base))
        .header("x-request-id", "req-12345")
        .json(&json!({ "query": "query WhoAmI { me { user { id } } }", "operationName": "WhoAmI" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "req-12345");
    let generated =
        s.http.post(format!("{}/graphql", s.base)).json(&json!({ "query": "{ __typename }" })).send().await.unwrap();
    assert!(!generated.headers()["x-request-id"].is_empty());
    let metrics = s.http.get(format!("{}/metrics", s.base)).send().await.unwrap().text().await.unwrap();
    // An anonymous caller cannot choose labels: its `WhoAmI` counts as `anonymous`.
    assert!(!metrics.contains("WhoAmI"), "{metrics}");
    assert!(
        metrics.contains("guanxi_graphql_requests_total{operation=\"anonymous\",outcome=\"error\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("guanxi_graphql_request_duration_seconds_bucket{operation=\"anonymous\""));
    for i in 0..50 {
        let op = format!("query Flood{i} {{ __typename }}");
        s.http.post(format!("{}/graphql", s.base)).json(&json!({ "query": op })).send().await.unwrap();
    }
    let admin = s.sign_up("acme").await;
    let r = s
        .http
        .post(format!("{}/graphql", s.base))
        .bearer_auth(&admin.token)
        .json(&json!({ "query": "query WhoAmI { me { user { id } } }", "operationName": "WhoAmI" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let metrics = s.http.get(format!("{}/metrics", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("guanxi_graphql_requests_total{operation=\"WhoAmI\",outcome=\"ok\"} 1"), "{metrics}");
    assert!(!metrics.contains("Flood"), "{metrics}");
}

async fn error_responses_are_stable(b: Backend) {
    let s = TestServer::start(b).await;
    let r = s
        .gql(
            None,
            "mutation { signUp(input: {companyName: \"\", slug: \"www\", adminEmail: \"x\", adminName: \"x\", password: \"x\"}) { token } }",
            json!({}),
        )
        .await;
    insta::assert_json_snapshot!("sign_up_validation_error", r.body);
}

/// POST `query` (with `variables`) accepting `accept`; the status, the
/// content type and the body.
async fn post_accepting(s: &TestServer, accept: Option<&str>, query: &str, variables: Value) -> (u16, String, Value) {
    let mut req = s.http.post(format!("{}/graphql", s.base)).json(&json!({ "query": query, "variables": variables }));
    if let Some(a) = accept {
        req = req.header("accept", a);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
    (status, content_type, r.json().await.unwrap())
}

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

async fn responses_follow_the_accepted_media_type(b: Backend) {
    let s = TestServer::start(b).await;
    // What the client accepts decides the media type; no `Accept`, `*/*`
    // and `application/json` mean `application/json`.
    for (accept, expected) in [
        (None, "application/json"),
        (Some("*/*"), "application/json"),
        (Some("application/json"), "application/json"),
        (Some(GRAPHQL_RESPONSE), GRAPHQL_RESPONSE),
        (Some("application/graphql-response+json, application/json;q=0.9"), GRAPHQL_RESPONSE),
        (Some("application/json, application/graphql-response+json;q=0.5"), "application/json"),
        (Some("application/graphql-response+json;q=0, application/json"), "application/json"),
        (Some("text/html"), "application/json"),
    ] {
        let (status, content_type, body) = post_accepting(&s, accept, "{ __typename }", json!({})).await;
        assert_eq!(status, 200, "{accept:?}");
        assert!(content_type.starts_with(expected), "{accept:?}: {content_type}");
        assert_eq!(body["data"]["__typename"], "Query");
    }
    // Request errors: parsing, validation, variables, cost. None has `data`;
    // `application/graphql-response+json` answers them with 400.
    let too_deep = format!("{{ me {{ {}id{} }} }}", "user { group { supervisors { ".repeat(4), " } } }".repeat(4));
    let cases = [
        ("{", json!({}), "BAD_REQUEST"),
        ("{ noSuchField }", json!({}), "BAD_REQUEST"),
        ("query($id: ID!) { user(id: $id) { id } }", json!({}), "BAD_REQUEST"),
        ("query($n: Int) { auditLog(limit: $n) { id } }", json!({ "n": "many" }), "BAD_REQUEST"),
        ("query($id: ID!) { __typename }", json!({ "id": null }), "BAD_REQUEST"),
        (too_deep.as_str(), json!({}), "QUERY_TOO_COMPLEX"),
    ];
    for (query, variables, code) in cases {
        for (accept, status) in [(Some(GRAPHQL_RESPONSE), 400), (Some("application/json"), 200), (None, 200)] {
            let (got, content_type, body) = post_accepting(&s, accept, query, variables.clone()).await;
            assert_eq!(got, status, "{query} accepting {accept:?}: {body}");
            assert!(content_type.starts_with(accept.unwrap_or("application/json")), "{content_type}");
            assert!(body.get("data").is_none(), "{query}: {body}");
            assert_eq!(body["errors"][0]["extensions"]["code"], code, "{query}: {body}");
        }
    }
    // An error while executing is a GraphQL answer like any other: 200 with `data`.
    let (status, _, body) = post_accepting(&s, Some(GRAPHQL_RESPONSE), "{ me { user { id } } }", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert!(body.as_object().unwrap().contains_key("data"), "{body}");
    // Failures before GraphQL take the status of their code, in the accepted type.
    let r = s
        .http
        .post(format!("{}/graphql", s.base))
        .header("accept", GRAPHQL_RESPONSE)
        .header("content-type", "application/json")
        .body("{ \"not a JSON")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with(GRAPHQL_RESPONSE));
}

async fn request_parameters_are_checked(b: Backend) {
    let s = TestServer::start(b).await;
    let url = format!("{}/graphql", s.base);
    for bad in [
        json!({ "qeury": "{ __typename }" }),
        json!({ "query": ["{ __typename }"] }),
        json!({ "query": null }),
        json!({ "query": "{ __typename }", "operationName": 0 }),
        json!({ "query": "{ __typename }", "variables": [1] }),
        json!({ "query": "{ __typename }", "variables": "{}" }),
        json!({ "query": "{ __typename }", "extensions": false }),
        json!([{ "query": "{ __typename }" }]),
    ] {
        let r = s.http.post(&url).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "BAD_REQUEST", "{bad}");
    }
    let fine = json!({ "query": "{ __typename }", "operationName": null, "variables": null, "extensions": { "a": 1 } });
    let r = s.http.post(&url).json(&fine).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["data"]["__typename"], "Query");
    // Over GET too: `variables` and `extensions` must be JSON objects.
    for (name, value) in [("variables", "[1]"), ("variables", "1"), ("variables", "{"), ("extensions", "[]")] {
        let r = s.http.get(&url).query(&[("query", "{ __typename }"), (name, value)]).send().await.unwrap();
        assert_eq!(r.status(), 400, "{name}={value}");
        assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    }
    let r = s.http.get(&url).query(&[("query", "{ __typename }"), ("variables", "{}")]).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["data"]["__typename"], "Query");
}

/// Send raw bytes to the server and read its answer until it closes the
/// connection or stops talking for a second: the status line, the headers
/// (lower-cased names) and the body.
fn raw_exchange(base: &str, request: &[u8]) -> (String, Vec<(String, String)>, String) {
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    // The server may answer and close before all of a large body is written.
    let _ = stream.write_all(request);
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
        if let Some(end) = find(&got, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_string();
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
                .and_then(|v| v.parse::<usize>().ok());
            if length.is_some_and(|n| got.len() >= end + 4 + n) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&got).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default().to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body.to_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn oversized_bodies_get_the_json_error(b: Backend) {
    let s = TestServer::start_with(b, |c| c.max_body_bytes = 8 * 1024).await;
    let base = s.base.clone();
    let exchanges = tokio::task::spawn_blocking(move || {
        let head = |content_type: &str, length: usize| {
            format!("POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
        };
        let forty_mib = 40 * 1024 * 1024;
        // Declared too large: refused before the body is sent.
        let json = raw_exchange(&base, head("application/json", forty_mib).as_bytes());
        let upload = raw_exchange(&base, head("multipart/form-data; boundary=x", forty_mib).as_bytes());
        // Sent in chunks with no declared length: refused once past the limit.
        let mut chunked = b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
        for _ in 0..4 {
            chunked.extend_from_slice(format!("{:x}\r\n", 4096).as_bytes());
            chunked.extend_from_slice(&[b' '; 4096]);
            chunked.extend_from_slice(b"\r\n");
        }
        let streamed = raw_exchange(&base, &chunked);
        [json, upload, streamed]
    })
    .await
    .unwrap();
    for (status, headers, body) in exchanges {
        assert!(status.contains(" 413 "), "{status}");
        assert!(headers.contains(&("content-type".to_owned(), "application/json".to_owned())), "{headers:?}");
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE", "{body}");
    }
    // The server is none the worse for it.
    s.gql(None, "{ __typename }", json!({})).await.ok();
}

/// graphql-http's server audits (`tests/graphql-http-audit`, on Node), and a
/// schema load by graphql-js, against the real server.
async fn graphql_over_http_audit_passes(b: Backend) {
    let s = TestServer::start(b).await;
    let dir = guanxi_tests::repo_root().join("tests/graphql-http-audit");
    assert!(
        dir.join("node_modules/graphql-http").is_dir(),
        "the audit's npm packages are not installed: run tests/run, which runs `npm ci` in {}",
        dir.display()
    );
    let out = tokio::process::Command::new("node")
        .arg("audit.mjs")
        .arg(format!("{}/graphql", s.base))
        .current_dir(&dir)
        .output()
        .await
        .expect("node runs (Node 20 or newer is needed)");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{report}");
    assert!(report.contains("every claimed audit passed"), "{report}");
}

backend_tests!(
    graphql_over_http_audit_passes,
    responses_follow_the_accepted_media_type,
    request_parameters_are_checked,
    oversized_bodies_get_the_json_error,
);

backend_tests!(
    get_queries_and_refuses_mutations,
    malformed_requests_get_typed_errors,
    graphiql_health_readiness_metrics_and_request_ids,
    error_responses_are_stable,
);

async fn forwarded_for_uses_the_proxys_entry(b: Backend) {
    let s = TestServer::start_with(b, |c| {
        c.trust_forwarded_for = true;
        c.login_max_failures_per_address = 2;
    })
    .await;
    s.sign_up("acme").await;
    let login = |xff: &'static str| {
        let s = &s;
        async move {
            let r = s
                .http
                .post(format!("{}/graphql", s.base))
                .header("x-forwarded-for", xff)
                .json(&json!({ "query": "mutation { login(input: {slug: \"acme\", email: \"admin@acme.cn\", password: \"wrong password!\"}) { token } }" }))
                .send()
                .await
                .unwrap();
            r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"].as_str().unwrap().to_owned()
        }
    };
    // The client varies the first entry; the proxy's (last) entry stays the same.
    assert_eq!(login("1.1.1.1, 10.0.0.7").await, "UNAUTHENTICATED");
    assert_eq!(login("2.2.2.2, 10.0.0.7").await, "UNAUTHENTICATED");
    assert_eq!(login("3.3.3.3, 10.0.0.7").await, "RATE_LIMITED");
    assert_eq!(login("10.0.0.8").await, "UNAUTHENTICATED");
}

backend_tests!(forwarded_for_uses_the_proxys_entry);
