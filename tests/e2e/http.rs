//! GraphQL over HTTP: methods, content types, malformed requests, limits,
//! GraphiQL, health, readiness and metrics.

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
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "BAD_REQUEST");
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
    assert!(r.text().await.unwrap().contains("graphiql"));
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
    assert!(metrics.contains("guanxi_graphql_requests_total{operation=\"WhoAmI\",outcome=\"error\"} 1"), "{metrics}");
    assert!(metrics.contains("guanxi_graphql_request_duration_seconds_bucket{operation=\"anonymous\""));
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
