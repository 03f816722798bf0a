//! Query cost limits: refused in milliseconds before validation, however the
//! cost is hidden (fragments, aliases, directives), while the standard
//! introspection query still loads the schema.

use std::time::{Duration, Instant};

use guanxi_tests::{Backend, TestServer, backend_tests};
use serde_json::{Value, json};

/// `F0` … `F<levels>`, each spreading the previous one twice: 2^levels
/// `__typename`s once expanded, in about 40 bytes a level.
fn doubling_fragments(levels: usize) -> String {
    let mut q = String::from("fragment F0 on Query { __typename } ");
    for i in 1..=levels {
        q.push_str(&format!("fragment F{i} on Query {{ ...F{p} ...F{p} }} ", p = i - 1));
    }
    q + &format!("query {{ ...F{levels} }}")
}

/// A debug build on a busy machine, with the request's own round trip:
/// generous, and still far from the minutes an expanded walk would take.
const PROMPTLY: Duration = Duration::from_millis(500);

async fn exponential_fragments_are_refused_at_once(b: Backend) {
    let s = TestServer::start(b).await;
    let query = doubling_fragments(29);
    assert!(query.len() < 1300, "{}", query.len());
    let url = format!("{}/graphql", s.base);
    for over_get in [false, true] {
        let started = Instant::now();
        let req = if over_get {
            s.http.get(&url).query(&[("query", query.as_str())])
        } else {
            s.http.post(&url).json(&json!({ "query": query }))
        };
        let body: Value = req.send().await.unwrap().json().await.unwrap();
        let took = started.elapsed();
        assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX", "{body}");
        assert!(body.get("data").is_none(), "refused before execution: {body}");
        assert!(took < PROMPTLY, "answered in {took:?} (GET: {over_get})");
    }
    // Many at once leave the server free for everyone else.
    let mut flood = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (http, url, query) = (s.http.clone(), url.clone(), query.clone());
        flood.spawn(async move { http.post(&url).json(&json!({ "query": query })).send().await.map(|r| r.status()) });
    }
    let started = Instant::now();
    let health = s.http.get(format!("{}/healthz", s.base)).send().await.unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    // Sixteen requests share the machine with it: a wider bound.
    assert!(started.elapsed() < 4 * PROMPTLY, "/healthz took {:?}", started.elapsed());
    for status in flood.join_all().await {
        assert_eq!(status.unwrap(), 200);
    }
    // A fragment that spreads itself is refused, not followed.
    let cycle = "fragment A on Query { ...B ...B } fragment B on Query { ...A ...A } { ...A }";
    let r = s.gql(None, cycle, json!({})).await;
    assert_eq!(r.code(), "BAD_REQUEST");
    // A few levels stay well within the limit and run.
    let r = s.gql(None, &doubling_fragments(6), json!({})).await;
    assert_eq!(r.ok()["__typename"], "Query");
}

async fn aliases_and_directives_count_towards_complexity(b: Backend) {
    let s = TestServer::start(b).await;
    let aliases: String = (0..58_000).map(|i| format!("a{i}:__typename ")).collect();
    let directives = "@skip(if:false)".repeat(20_000);
    for query in [format!("{{{aliases}}}"), format!("{{__typename{directives}}}")] {
        assert!(query.len() < 1024 * 1024, "fits the body limit: {}", query.len());
        let started = Instant::now();
        let r = s.gql(None, &query, json!({})).await;
        assert_eq!(r.code(), "QUERY_TOO_COMPLEX", "{}", &query[..40]);
        assert!(started.elapsed() < PROMPTLY, "answered in {:?}", started.elapsed());
    }
    let within: String = (0..500).map(|i| format!("a{i}: __typename ")).collect();
    let r = s.gql(None, &format!("{{ {within} }}"), json!({})).await;
    assert_eq!(r.ok()["a499"], "Query");
}

async fn the_standard_introspection_query_loads_the_schema(b: Backend) {
    let s = TestServer::start(b).await;
    let r = s
        .http
        .post(format!("{}/graphql", s.base))
        .json(&json!({ "query": include_str!("introspection.graphql"), "operationName": "IntrospectionQuery" }))
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body}");
    let schema = &body["data"]["__schema"];
    assert_eq!(schema["queryType"]["name"], "Query");
    assert_eq!(schema["mutationType"]["name"], "Mutation");
    let types = schema["types"].as_array().unwrap();
    assert!(types.iter().any(|t| t["name"] == "Customer"), "{} types", types.len());
    // Data is still held to the depth limit, however it is written.
    let mut q = String::from("id");
    for _ in 0..8 {
        q = format!("group {{ supervisors {{ {q} }} }}");
    }
    let r = s.gql(None, &format!("{{ me {{ user {{ {q} }} }} }}"), json!({})).await;
    assert_eq!(r.code(), "QUERY_TOO_COMPLEX");
    // Introspection's `fields` and `type` count like any field: only `ofType` is free.
    let mut q = String::from("name");
    for _ in 0..6 {
        q = format!("fields {{ type {{ {q} }} }}");
    }
    let r = s.gql(None, &format!("{{ __type(name: \"Query\") {{ {q} }} }}"), json!({})).await;
    assert_eq!(r.code(), "QUERY_TOO_COMPLEX");
}

async fn deeply_nested_text_is_refused_before_it_is_parsed(b: Backend) {
    let s = TestServer::start(b).await;
    let url = format!("{}/graphql", s.base);
    let deep = |levels: usize| format!("{}{}", "{a".repeat(levels), "}".repeat(levels));
    let list = |levels: usize| format!("{{ auditLog(limit: {}1{}) {{ id }} }}", "[".repeat(levels), "]".repeat(levels));
    let bodies = [deep(200_000), list(200_000)];
    for query in &bodies {
        let body: Value =
            s.http.post(&url).json(&json!({ "query": query })).send().await.unwrap().json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX", "{body}");
    }
    let r = s.http.get(&url).query(&[("query", deep(3_000))]).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX");
    // Still serving.
    assert_eq!(s.gql(None, "{ __typename }", json!({})).await.ok()["__typename"], "Query");
}

backend_tests!(
    deeply_nested_text_is_refused_before_it_is_parsed,
    exponential_fragments_are_refused_at_once,
    aliases_and_directives_count_towards_complexity,
    the_standard_introspection_query_loads_the_schema,
);
