//! Cookie sessions for the web app: a web login sets an HttpOnly session
//! cookie and a CSRF cookie instead of returning the token; a request
//! authenticated by the cookie needs the CSRF header, so a cross-site page
//! cannot act for the user; logout clears the cookies; bearer tokens work as
//! before and win over cookies.

use guanxi_tests::{Backend, PASSWORD, Session, TestServer, backend_tests};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

const LOGIN: &str = "mutation($i: LoginInput!) { login(input: $i) { token expiresAt user { email } } }";
const ME: &str = "{ me { user { email } authMethod } }";
const CREATE: &str = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";
const COUNT: &str = "{ customers { totalCount } }";

/// The cookies a web login left in the browser.
#[derive(Clone, Debug)]
struct Cookies {
    session: String,
    csrf: String,
}

impl Cookies {
    fn header(&self) -> String {
        format!("gx_session={}; gx_csrf={}", self.session, self.csrf)
    }
}

/// The `Set-Cookie` headers of a response.
fn set_cookies(h: &HeaderMap) -> Vec<String> {
    h.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

/// The value `name` is set to by `Set-Cookie` headers.
fn cookie(set: &[String], name: &str) -> Option<String> {
    set.iter().find_map(|c| c.strip_prefix(&format!("{name}="))).map(|c| c.split(';').next().unwrap().to_owned())
}

/// POST a GraphQL request with extra headers; the status, headers and body.
async fn post(s: &TestServer, query: &str, vars: Value, headers: &[(&str, String)]) -> (StatusCode, HeaderMap, Value) {
    let mut req = s.http.post(format!("{}/graphql", s.base)).json(&json!({ "query": query, "variables": vars }));
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let r = req.send().await.unwrap();
    let (status, h) = (r.status(), r.headers().clone());
    (status, h, r.json().await.unwrap())
}

/// As the web app does: the client header, the cookies and the CSRF header.
fn web(c: &Cookies) -> Vec<(&'static str, String)> {
    vec![("x-guanxi-client", "web".to_owned()), ("cookie", c.header()), ("x-csrf-token", c.csrf.clone())]
}

/// Log in as the web app; the cookies it got.
async fn web_login(s: &TestServer, slug: &str) -> Cookies {
    let (status, h, body) = post(
        s,
        LOGIN,
        json!({ "i": { "slug": slug, "email": format!("admin@{slug}.cn"), "password": PASSWORD } }),
        &[("x-guanxi-client", "web".to_owned())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    let set = set_cookies(&h);
    Cookies { session: cookie(&set, "gx_session").unwrap(), csrf: cookie(&set, "gx_csrf").unwrap() }
}

async fn customers(s: &TestServer, admin: &Session) -> i64 {
    s.gql(Some(&admin.token), COUNT, json!({})).await.ok()["customers"]["totalCount"].as_i64().unwrap()
}

async fn a_web_login_sets_cookies_and_no_token(b: Backend) {
    let s = TestServer::start(b).await;
    s.sign_up("cookie").await;
    let (status, h, body) = post(
        &s,
        LOGIN,
        json!({ "i": { "slug": "cookie", "email": "admin@cookie.cn", "password": PASSWORD } }),
        &[("x-guanxi-client", "web".to_owned())],
    )
    .await;
    assert_eq!(status, 200);
    let login = &body["data"]["login"];
    assert_eq!(login["token"], "", "the token stays out of the page's reach: {body}");
    assert_eq!(login["user"]["email"], "admin@cookie.cn");
    assert!(login["expiresAt"].is_string());
    assert_eq!(h["cache-control"], "no-store");
    let set = set_cookies(&h);
    assert_eq!(set.len(), 2, "{set:?}");
    let session = set.iter().find(|c| c.starts_with("gx_session=gxs_")).unwrap();
    assert!(session.contains("; HttpOnly; SameSite=Strict; Path=/; Max-Age="), "{session}");
    assert!(!session.contains("Secure"), "the server's public URL is http: {session}");
    let max_age: i64 = session.rsplit("Max-Age=").next().unwrap().parse().unwrap();
    assert!((30 * 24 * 3600 - 60..=30 * 24 * 3600).contains(&max_age), "as long as the session: {max_age}");
    let csrf = set.iter().find(|c| c.starts_with("gx_csrf=")).unwrap();
    assert!(csrf.contains("; SameSite=Strict; Path=/; Max-Age=") && !csrf.contains("HttpOnly"), "{csrf}");
    assert!(cookie(&set, "gx_csrf").unwrap().len() >= 32);

    // The cookie authenticates, with the CSRF header.
    let c = Cookies { session: cookie(&set, "gx_session").unwrap(), csrf: cookie(&set, "gx_csrf").unwrap() };
    let (status, h, body) = post(&s, ME, json!({}), &web(&c)).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["me"]["user"]["email"], "admin@cookie.cn", "{body}");
    assert_eq!(body["data"]["me"]["authMethod"], "SESSION");
    assert!(set_cookies(&h).is_empty(), "cookies are set only when a session starts or ends");

    // Without the client header, login answers the token as before and sets no cookie.
    let (_, h, body) =
        post(&s, LOGIN, json!({ "i": { "slug": "cookie", "email": "admin@cookie.cn", "password": PASSWORD } }), &[])
            .await;
    assert!(body["data"]["login"]["token"].as_str().unwrap().starts_with("gxs_"), "{body}");
    assert!(set_cookies(&h).is_empty());
}

/// Sign-up and accepting an invitation start sessions too, the same way.
async fn every_mutation_that_starts_a_session_uses_the_cookie(b: Backend) {
    let s = TestServer::start(b).await;
    let sign_up = "mutation($i: SignUpInput!) { signUp(input: $i) { token user { email } } }";
    let (_, h, body) = post(
        &s,
        sign_up,
        json!({ "i": { "companyName": "饼干公司", "slug": "biscuit", "adminEmail": "admin@biscuit.cn",
                       "adminName": "王总", "password": PASSWORD } }),
        &[("x-guanxi-client", "web".to_owned())],
    )
    .await;
    assert_eq!(body["data"]["signUp"]["token"], "", "{body}");
    let set = set_cookies(&h);
    let admin = Cookies { session: cookie(&set, "gx_session").unwrap(), csrf: cookie(&set, "gx_csrf").unwrap() };
    let (_, _, body) = post(
        &s,
        "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }",
        json!({ "i": { "email": "li@biscuit.cn", "role": "SALESPERSON" } }),
        &web(&admin),
    )
    .await;
    assert!(body["data"]["inviteUser"]["id"].is_string(), "{body}");

    let bearer = s.login("biscuit", "admin@biscuit.cn", PASSWORD).await.unwrap();
    let token = s.invitation_token(&bearer, "li@biscuit.cn").await;
    let (_, h, body) = post(
        &s,
        "mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { token user { email } } }",
        json!({ "i": { "token": token, "displayName": "李雷", "password": PASSWORD } }),
        &[("x-guanxi-client", "web".to_owned())],
    )
    .await;
    assert_eq!(body["data"]["acceptInvitation"]["token"], "", "{body}");
    let set = set_cookies(&h);
    let li = Cookies { session: cookie(&set, "gx_session").unwrap(), csrf: cookie(&set, "gx_csrf").unwrap() };
    assert_ne!(li.csrf, admin.csrf, "each session has its own CSRF token");
    let (_, _, body) = post(&s, ME, json!({}), &web(&li)).await;
    assert_eq!(body["data"]["me"]["user"]["email"], "li@biscuit.cn", "{body}");
}

/// A request with the session cookie but without the matching CSRF header
/// is refused and changes nothing: what a cross-site page would send.
async fn the_cookie_needs_the_csrf_header(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("forgery").await;
    let c = web_login(&s, "forgery").await;
    let vars = json!({ "i": { "name": "伪造客户" } });

    let missing = vec![("cookie", c.header())];
    let wrong = vec![("cookie", c.header()), ("x-csrf-token", format!("{}0", c.csrf))];
    let no_csrf_cookie = vec![("cookie", format!("gx_session={}", c.session)), ("x-csrf-token", c.csrf.clone())];
    for headers in [missing, wrong, no_csrf_cookie] {
        let (status, _, body) = post(&s, CREATE, vars.clone(), &headers).await;
        assert_eq!(status, 403, "{headers:?}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "CSRF_TOKEN_INVALID", "{body}");
        assert!(body.get("data").is_none(), "nothing ran: {body}");
    }
    // GET runs queries only, but needs the header all the same.
    let r = s
        .http
        .get(format!("{}/graphql", s.base))
        .query(&[("query", ME)])
        .header("cookie", c.header())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "CSRF_TOKEN_INVALID");

    // Cross-site forms: text/plain and url-encoded bodies are not GraphQL
    // requests; a multipart form is, but carries no CSRF header.
    for (ct, body) in [
        ("text/plain", json!({ "query": CREATE, "variables": vars }).to_string()),
        ("application/x-www-form-urlencoded", format!("query={CREATE}")),
    ] {
        let r = s
            .http
            .post(format!("{}/graphql", s.base))
            .header("cookie", c.header())
            .header("content-type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415, "{ct}");
    }
    let form = reqwest::multipart::Form::new()
        .text("operations", json!({ "query": CREATE, "variables": vars }).to_string())
        .text("map", "{}");
    let r =
        s.http.post(format!("{}/graphql", s.base)).header("cookie", c.header()).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"], "CSRF_TOKEN_INVALID");
    assert_eq!(customers(&s, &admin).await, 0, "no refused request wrote anything");

    // With the header it works.
    let (status, _, body) = post(&s, CREATE, vars.clone(), &web(&c)).await;
    assert_eq!(status, 200);
    assert!(body["data"]["createCustomer"]["id"].is_string(), "{body}");
    assert_eq!(customers(&s, &admin).await, 1);
}

async fn logout_clears_the_cookies(b: Backend) {
    let s = TestServer::start(b).await;
    s.sign_up("bye").await;
    let c = web_login(&s, "bye").await;
    let (status, h, body) = post(&s, "mutation { logout }", json!({}), &web(&c)).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["logout"], true, "{body}");
    let set = set_cookies(&h);
    assert!(set.contains(&"gx_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0".to_owned()), "{set:?}");
    assert!(set.contains(&"gx_csrf=; SameSite=Strict; Path=/; Max-Age=0".to_owned()), "{set:?}");

    // The ended session's cookie no longer authenticates; the answer clears it.
    let (status, h, body) = post(&s, ME, json!({}), &web(&c)).await;
    assert_eq!(status, 200);
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
    assert!(set_cookies(&h).iter().any(|c| c.starts_with("gx_session=;") && c.contains("Max-Age=0")));

    // A stale cookie does not stand in the way of logging in again.
    let (_, h, body) =
        post(&s, LOGIN, json!({ "i": { "slug": "bye", "email": "admin@bye.cn", "password": PASSWORD } }), &web(&c))
            .await;
    assert_eq!(body["data"]["login"]["token"], "", "{body}");
    let fresh = cookie(&set_cookies(&h), "gx_session").unwrap();
    assert!(fresh.starts_with("gxs_") && fresh != c.session);

    // logoutEverywhere clears them too.
    let c = web_login(&s, "bye").await;
    let (_, h, body) = post(&s, "mutation { logoutEverywhere }", json!({}), &web(&c)).await;
    assert!(body["data"]["logoutEverywhere"].as_i64().unwrap() >= 1, "{body}");
    assert!(set_cookies(&h).iter().any(|c| c.starts_with("gx_csrf=;") && c.contains("Max-Age=0")));
}

/// Bearer tokens work as before, need no CSRF header and win over a cookie.
async fn bearer_tokens_are_unaffected(b: Backend) {
    let s = TestServer::start_with(b, |c| c.public_url = Some("https://crm.example.cn".to_owned())).await;
    let admin = s.sign_up("bearer").await;
    let c = web_login(&s, "bearer").await;
    let (status, h, body) = post(
        &s,
        CREATE,
        json!({ "i": { "name": "持票客户" } }),
        &[("authorization", format!("Bearer {}", admin.token)), ("cookie", "gx_session=gxs_garbage".to_owned())],
    )
    .await;
    assert_eq!(status, 200);
    assert!(body["data"]["createCustomer"]["id"].is_string(), "{body}");
    assert!(set_cookies(&h).is_empty());
    // An invalid bearer token is not rescued by a valid cookie.
    let mut headers = web(&c);
    headers.push(("authorization", "Bearer gxs_invalid".to_owned()));
    let (_, _, body) = post(&s, ME, json!({}), &headers).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");

    // Behind https the cookies are Secure.
    let (_, h, _) = post(
        &s,
        LOGIN,
        json!({ "i": { "slug": "bearer", "email": "admin@bearer.cn", "password": PASSWORD } }),
        &[("x-guanxi-client", "web".to_owned())],
    )
    .await;
    let set = set_cookies(&h);
    assert_eq!(set.len(), 2);
    assert!(set.iter().all(|c| c.ends_with("; Secure")), "{set:?}");
}

/// Photos are shown by the web app with its cookie and CSRF token; the
/// cookie alone (an `<img>` on another site) gets nothing.
async fn photos_take_the_cookie_with_its_csrf_token(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("photo").await;
    let id = s.create_customer(&admin, "照片客户").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a PNG by its signature".to_vec();
    let r = s
        .gql_upload(
            Some(&admin.token),
            "mutation($id: ID!, $file: Upload!) { setCustomerPhoto(id: $id, file: $file) { photoUrl } }",
            json!({ "id": id, "file": null }),
            vec![("variables.file", "me.png", png.clone())],
        )
        .await;
    let url = format!("{}{}", s.base, r.ok()["setCustomerPhoto"]["photoUrl"].as_str().unwrap());
    let c = web_login(&s, "photo").await;
    let with = s.http.get(&url).header("cookie", c.header()).header("x-csrf-token", &c.csrf).send().await.unwrap();
    assert_eq!(with.status(), 200);
    assert_eq!(with.bytes().await.unwrap().to_vec(), png);
    let without = s.http.get(&url).header("cookie", c.header()).send().await.unwrap();
    assert_eq!(without.status(), 403);
    let body: Value = without.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "CSRF_TOKEN_INVALID", "{body}");
}

backend_tests!(
    a_web_login_sets_cookies_and_no_token,
    every_mutation_that_starts_a_session_uses_the_cookie,
    the_cookie_needs_the_csrf_header,
    logout_clears_the_cookies,
    bearer_tokens_are_unaffected,
    photos_take_the_cookie_with_its_csrf_token,
);
