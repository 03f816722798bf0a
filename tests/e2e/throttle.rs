//! Sign-up throttling by client address, beside the login throttle.

use guanxi_store::entity::auth_throttle;
use guanxi_tests::{Backend, PASSWORD, TestServer, backend_tests};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

const SIGN_UP: &str = "mutation($i: SignUpInput!) { signUp(input: $i) { token } }";

/// Sign up `slug`, optionally with an `X-Forwarded-For` header; the error
/// code, or `None` when the company was created.
async fn sign_up(s: &TestServer, slug: &str, forwarded_for: Option<&str>) -> (Option<String>, Value) {
    sign_up_at(&s.http, &s.base, slug, forwarded_for).await
}

async fn sign_up_at(
    http: &reqwest::Client,
    base: &str,
    slug: &str,
    forwarded_for: Option<&str>,
) -> (Option<String>, Value) {
    let mut req = http.post(format!("{base}/graphql")).json(&json!({ "query": SIGN_UP, "variables": { "i": {
        "companyName": format!("{slug} 有限公司"), "slug": slug, "adminEmail": format!("admin@{slug}.cn"),
        "adminName": "王总", "password": PASSWORD,
    }}}));
    if let Some(xff) = forwarded_for {
        req = req.header("x-forwarded-for", xff);
    }
    let body: Value = req.send().await.unwrap().json().await.unwrap();
    (body["errors"][0]["extensions"]["code"].as_str().map(str::to_owned), body)
}

async fn sign_ups_are_throttled_by_address(b: Backend) {
    let s = TestServer::start_with(b, |c| c.signup_max_per_address = 3).await;
    // A spoofed `X-Forwarded-For` changes nothing when it is not trusted.
    for (i, xff) in [None, Some("1.1.1.1"), Some("2.2.2.2")].into_iter().enumerate() {
        assert_eq!(sign_up(&s, &format!("firm-{i}"), xff).await.0, None);
    }
    let (code, body) = sign_up(&s, "firm-3", Some("3.3.3.3")).await;
    assert_eq!(code.as_deref(), Some("RATE_LIMITED"), "{body}");
    let retry = body["errors"][0]["extensions"]["retryAfterSeconds"].as_i64().unwrap();
    assert!((3000..=3600).contains(&retry), "the hour's window ends within the hour: {retry}");
    assert!(body.get("data").is_none_or(Value::is_null), "{body}");
    // Nothing was created: the slug is free once the window has passed.
    let owner = s.db.connect_owner().await;
    auth_throttle::Entity::update_many()
        .col_expr(auth_throttle::Column::WindowStartedAt, Expr::value(chrono::Utc::now() - chrono::Duration::hours(2)))
        .filter(auth_throttle::Column::Key.starts_with("signup:"))
        .exec(&owner)
        .await
        .unwrap();
    assert_eq!(sign_up(&s, "firm-3", None).await.0, None);
    // Input errors do not count; a fresh window allows three again.
    for _ in 0..5 {
        assert_eq!(sign_up(&s, "x", None).await.0.as_deref(), Some("VALIDATION_FAILED"));
    }
    assert_eq!(sign_up(&s, "firm-4", None).await.0, None);
    assert_eq!(sign_up(&s, "firm-5", None).await.0, None);
    assert_eq!(sign_up(&s, "firm-6", None).await.0.as_deref(), Some("RATE_LIMITED"));
    // Logging in is throttled on its own count: sign-ups do not block it.
    s.login("firm-0", "admin@firm-0.cn", PASSWORD).await.unwrap();
}

async fn concurrent_sign_ups_cannot_slip_past_the_limit(b: Backend) {
    let s = TestServer::start_with(b, |c| c.signup_max_per_address = 3).await;
    let mut burst = tokio::task::JoinSet::new();
    for i in 0..8 {
        let (http, base) = (s.http.clone(), s.base.clone());
        burst.spawn(async move { sign_up_at(&http, &base, &format!("burst-{i}"), None).await.0 });
    }
    let results = burst.join_all().await;
    let created = results.iter().filter(|c| c.is_none()).count();
    assert_eq!(created, 3, "{results:?}");
    assert!(results.iter().flatten().all(|c| c == "RATE_LIMITED"), "{results:?}");
}

async fn behind_a_trusted_proxy_the_proxys_entry_is_counted(b: Backend) {
    let s = TestServer::start_with(b, |c| {
        c.trust_forwarded_for = true;
        c.signup_max_per_address = 2;
    })
    .await;
    // The client varies the first entry; the proxy's (last) entry stays the same.
    assert_eq!(sign_up(&s, "p-1", Some("1.1.1.1, 10.0.0.7")).await.0, None);
    assert_eq!(sign_up(&s, "p-2", Some("2.2.2.2, 10.0.0.7")).await.0, None);
    assert_eq!(sign_up(&s, "p-3", Some("3.3.3.3, 10.0.0.7")).await.0.as_deref(), Some("RATE_LIMITED"));
    // Another client behind the proxy has an allowance of its own.
    assert_eq!(sign_up(&s, "p-4", Some("10.0.0.8")).await.0, None);
}

backend_tests!(
    sign_ups_are_throttled_by_address,
    concurrent_sign_ups_cannot_slip_past_the_limit,
    behind_a_trusted_proxy_the_proxys_entry_is_counted,
);
