//! Sign-up, login, lockout and throttling, sessions, password changes.

use guanxi_tests::{Backend, PASSWORD, TestServer, backend_tests};
use serde_json::json;

const SIGN_UP: &str = "mutation($i: SignUpInput!) { signUp(input: $i) { token user { id email role displayName } tenant { slug name timeZone locale } } }";
const ME: &str = "{ me { user { id email role } tenant { slug } authMethod canWrite } }";

fn sign_up_input(slug: &str) -> serde_json::Value {
    json!({ "companyName": "上海关系贸易有限公司", "slug": slug, "adminEmail": "Li.Lei@Example.CN", "adminName": "李雷", "password": PASSWORD })
}

async fn sign_up_creates_tenant_and_admin(b: Backend) {
    let s = TestServer::start(b).await;
    let r = s.gql(None, SIGN_UP, json!({ "i": sign_up_input("shanghai-trading") })).await;
    let d = &r.ok()["signUp"];
    assert_eq!(d["user"]["email"], "li.lei@example.cn", "e-mail is normalised");
    assert_eq!(d["user"]["role"], "ADMIN");
    assert_eq!(d["tenant"]["timeZone"], "Asia/Shanghai");
    assert_eq!(d["tenant"]["locale"], "zh-CN");
    let token = d["token"].as_str().unwrap();
    assert!(token.starts_with("gxs_"));
    let me = s.gql(Some(token), ME, json!({})).await;
    assert_eq!(me.ok()["me"]["tenant"]["slug"], "shanghai-trading");
    assert_eq!(me.ok()["me"]["authMethod"], "SESSION");
    assert_eq!(me.ok()["me"]["canWrite"], true);

    // Time zone and locale are taken when given.
    let mut i = sign_up_input("berlin-gmbh");
    i["timeZone"] = json!("Europe/Berlin");
    i["locale"] = json!("en");
    let r = s.gql(None, SIGN_UP, json!({ "i": i })).await;
    assert_eq!(r.ok()["signUp"]["tenant"]["timeZone"], "Europe/Berlin");
    assert_eq!(r.ok()["signUp"]["tenant"]["locale"], "en");
}

async fn sign_up_rejects_bad_input_and_writes_nothing(b: Backend) {
    let s = TestServer::start(b).await;
    let bad = json!({ "companyName": " ", "slug": "graphql", "timeZone": "Mars/Olympus", "locale": "fr",
                      "adminEmail": "not-an-email", "adminName": "", "password": "123" });
    let r = s.gql(None, SIGN_UP, json!({ "i": bad })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    let mut fields = r.fields();
    fields.sort();
    assert_eq!(fields, ["adminEmail", "adminName", "companyName", "locale", "password", "slug", "timeZone"]);
    for (slug, reason) in [("ab", "length"), ("9lives", "invalid"), ("admin", "reserved"), ("a--b", "invalid")] {
        let r = s.gql(None, SIGN_UP, json!({ "i": sign_up_input(slug) })).await;
        assert_eq!(r.error()["extensions"]["fields"][0]["reason"], reason, "{slug}");
    }
    for (pw, reason) in
        [("Password123", "too_common"), ("li.lei-secret-1", "too_personal"), ("aaaaaaaaaaaa", "too_weak")]
    {
        let mut i = sign_up_input("pw-check");
        i["password"] = json!(pw);
        let r = s.gql(None, SIGN_UP, json!({ "i": i })).await;
        assert_eq!(r.error()["extensions"]["fields"][0]["reason"], reason, "{pw}");
    }
    // Nothing was written: the slug is still free.
    s.gql(None, SIGN_UP, json!({ "i": sign_up_input("pw-check") })).await.ok();
}

async fn slug_is_unique_and_case_insensitive(b: Backend) {
    let s = TestServer::start(b).await;
    s.gql(None, SIGN_UP, json!({ "i": sign_up_input("acme") })).await.ok();
    let r = s.gql(None, SIGN_UP, json!({ "i": sign_up_input("ACME") })).await;
    assert_eq!(r.code(), "CONFLICT");
    assert_eq!(r.fields(), ["slug"]);
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "taken");
    // The failed sign-up left no half-made tenant: the first admin is still the only one.
    let admin = s.login("acme", "li.lei@example.cn", PASSWORD).await.unwrap();
    let users = s.gql(Some(&admin.token), "{ users { id } }", json!({})).await;
    assert_eq!(users.ok()["users"].as_array().unwrap().len(), 1);
}

async fn login_logout_and_bad_credentials(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let again = s.login("ACME", " Admin@ACME.cn ", PASSWORD).await.unwrap();
    assert_eq!(again.user_id, admin.user_id);
    for (slug, email, pw) in [
        ("acme", "admin@acme.cn", "wrong password!"),
        ("acme", "nobody@acme.cn", PASSWORD),
        ("no-such-company", "admin@acme.cn", PASSWORD),
        ("x", "admin@acme.cn", PASSWORD),
        ("acme", "", ""),
    ] {
        let r = s.login(slug, email, pw).await.unwrap_err();
        assert_eq!(r.code(), "UNAUTHENTICATED", "{slug} {email}");
        assert_eq!(r.body["data"], serde_json::Value::Null);
    }
    // logout ends only this session
    let r = s.gql(Some(&again.token), "mutation { logout }", json!({})).await;
    assert_eq!(r.ok()["logout"], true);
    assert_eq!(s.gql(Some(&again.token), ME, json!({})).await.code(), "UNAUTHENTICATED");
    s.gql(Some(&admin.token), ME, json!({})).await.ok();
    // log out everywhere
    let third = s.login("acme", "admin@acme.cn", PASSWORD).await.unwrap();
    let r = s.gql(Some(&admin.token), "mutation { logoutEverywhere }", json!({})).await;
    assert_eq!(r.ok()["logoutEverywhere"], 2);
    for t in [&admin.token, &third.token] {
        assert_eq!(s.gql(Some(t), ME, json!({})).await.code(), "UNAUTHENTICATED");
    }
}

async fn forged_and_malformed_tokens_are_rejected(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let parts: Vec<&str> = admin.token.splitn(3, '_').collect();
    let other_tenant = uuid::Uuid::now_v7().simple().to_string();
    let mut flipped = parts[2].to_owned();
    let last = if flipped.ends_with('A') { 'B' } else { 'A' };
    flipped.pop();
    flipped.push(last);
    for bad in [
        "nonsense".to_owned(),
        String::new(),
        format!("gxs_{}_{}", other_tenant, parts[2]),
        format!("gxs_{}_{}", parts[1], flipped),
        format!("gxk_{}_{}", parts[1], parts[2]),
        format!("gxi_{}_{}", parts[1], parts[2]),
    ] {
        let r = s.gql(Some(&bad), ME, json!({})).await;
        assert_eq!(r.code(), "UNAUTHENTICATED", "{bad}");
    }
    // A bad token does not stop public mutations.
    assert!(s.login("acme", "admin@acme.cn", PASSWORD).await.is_ok());
}

async fn account_locks_after_repeated_failures(b: Backend) {
    let s = TestServer::start(b).await;
    s.sign_up("acme").await;
    for _ in 0..5 {
        assert_eq!(s.login("acme", "admin@acme.cn", "wrong password!").await.unwrap_err().code(), "UNAUTHENTICATED");
    }
    let r = s.login("acme", "admin@acme.cn", PASSWORD).await.unwrap_err();
    assert_eq!(r.code(), "ACCOUNT_LOCKED");
    assert!(r.error()["extensions"]["retryAfterSeconds"].as_i64().unwrap() > 0);
    // The lock is per account: another company's admin logs in fine.
    s.sign_up("other").await;
    assert!(s.login("other", "admin@other.cn", PASSWORD).await.is_ok());
}

async fn account_lock_expires(b: Backend) {
    let s = TestServer::start_with(b, |c| c.login_account_lock_minutes = 0).await;
    s.sign_up("acme").await;
    for _ in 0..5 {
        s.login("acme", "admin@acme.cn", "wrong password!").await.unwrap_err();
    }
    assert!(s.login("acme", "admin@acme.cn", PASSWORD).await.is_ok(), "a zero-minute lock has lapsed");
}

async fn address_is_throttled(b: Backend) {
    let s = TestServer::start_with(b, |c| c.login_max_failures_per_address = 3).await;
    s.sign_up("acme").await;
    for email in ["a@acme.cn", "b@acme.cn", "c@acme.cn"] {
        assert_eq!(s.login("acme", email, "wrong password!").await.unwrap_err().code(), "UNAUTHENTICATED");
    }
    let r = s.login("acme", "admin@acme.cn", PASSWORD).await.unwrap_err();
    assert_eq!(r.code(), "RATE_LIMITED");
}

async fn sessions_expire(b: Backend) {
    let s = TestServer::start_with(b, |c| c.session_ttl_hours = 0).await;
    let admin = s.sign_up("acme").await;
    assert_eq!(s.gql(Some(&admin.token), ME, json!({})).await.code(), "UNAUTHENTICATED");
}

async fn change_password(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let other = s.login("acme", "admin@acme.cn", PASSWORD).await.unwrap();
    let q = "mutation($i: ChangePasswordInput!) { changePassword(input: $i) }";
    let r = s
        .gql(
            Some(&admin.token),
            q,
            json!({ "i": { "currentPassword": "wrong wrong wrong", "newPassword": "a brand new secret" } }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["currentPassword"]);
    let r = s.gql(Some(&admin.token), q, json!({ "i": { "currentPassword": PASSWORD, "newPassword": "short" } })).await;
    assert_eq!(r.fields(), ["newPassword"]);
    // Neither attempt changed anything.
    assert!(s.login("acme", "admin@acme.cn", PASSWORD).await.is_ok());
    let r = s
        .gql(
            Some(&admin.token),
            q,
            json!({ "i": { "currentPassword": PASSWORD, "newPassword": "a brand new secret" } }),
        )
        .await;
    assert_eq!(r.ok()["changePassword"], true);
    s.gql(Some(&admin.token), ME, json!({})).await.ok();
    assert_eq!(s.gql(Some(&other.token), ME, json!({})).await.code(), "UNAUTHENTICATED", "other sessions end");
    assert!(s.login("acme", "admin@acme.cn", PASSWORD).await.is_err());
    assert!(s.login("acme", "admin@acme.cn", "a brand new secret").await.is_ok());
}

async fn audit_log_records_auth_events(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    s.login("acme", "admin@acme.cn", PASSWORD).await.unwrap();
    let r = s.gql(Some(&admin.token), "{ auditLog { id action actorId requestId } }", json!({})).await;
    let actions: Vec<&str> =
        r.ok()["auditLog"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["auth.login", "tenant.sign_up"]);
    assert_eq!(r.ok()["auditLog"][0]["actorId"], admin.user_id.as_str());
    assert!(r.ok()["auditLog"][0]["requestId"].as_str().is_some_and(|id| !id.is_empty()));
    // Paging: `before` the newest entry leaves the older one; bad limits are refused.
    let newest = r.ok()["auditLog"][0]["id"].as_str().map(str::to_owned);
    let q = "query($b: ID) { auditLog(before: $b) { action } }";
    let r = s.gql(Some(&admin.token), q, json!({ "b": newest })).await;
    assert_eq!(r.ok()["auditLog"].as_array().unwrap().len(), 1);
    for limit in [0, 201, -1] {
        let r = s
            .gql(
                Some(&admin.token),
                "query($l: Int!) { auditLog(limit: $l) { id } mailOutbox(limit: $l) { id } }",
                json!({ "l": limit }),
            )
            .await;
        assert_eq!(r.code(), "VALIDATION_FAILED");
        assert_eq!(r.fields(), ["limit"]);
    }
}

backend_tests!(
    sign_up_creates_tenant_and_admin,
    sign_up_rejects_bad_input_and_writes_nothing,
    slug_is_unique_and_case_insensitive,
    login_logout_and_bad_credentials,
    forged_and_malformed_tokens_are_rejected,
    account_locks_after_repeated_failures,
    account_lock_expires,
    address_is_throttled,
    sessions_expire,
    change_password,
    audit_log_records_auth_events,
);
