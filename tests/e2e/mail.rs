//! Mail: delivery of the outbox through a real SMTP server on loopback,
//! retries and the dead state, password resets, address verification and
//! the pruning of unverified companies.

use guanxi_server::Config;
use guanxi_server::tenant_cli::{self, TenantCommand};
use guanxi_tests::{Backend, PASSWORD, Session, SmtpSink, TestServer, backend_tests, eventually};
use sea_orm::{ConnectionTrait, Statement};
use secrecy::SecretString;
use serde_json::{Value, json};

const INVITE: &str = "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }";
const OUTBOX: &str =
    "{ mailOutbox(limit: 200) { id kind to subject body status attempts lastError nextAttemptAt sentAt } }";
const RESET_REQUEST: &str =
    "mutation($s: String!, $e: String!) { requestPasswordReset(input: { slug: $s, email: $e }) }";
const RESET: &str = "mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, newPassword: $p }) }";
const VERIFY: &str = "mutation($t: String!) { verifyEmail(token: $t) }";
const RESEND: &str = "mutation { resendVerificationEmail }";
const NEW_PASSWORD: &str = "a brand new passphrase";

fn relay(url: String) -> impl FnOnce(&mut Config) {
    move |c: &mut Config| {
        c.smtp_url = Some(SecretString::from(url));
        c.mail_from = "关系 CRM <noreply@guanxi.test>".to_owned();
        c.mail_poll_ms = 20;
        c.mail_retry_base_ms = 50;
        c.mail_max_attempts = 3;
        c.mail_timeout_secs = 5;
    }
}

/// The admin's outbox, newest first.
async fn outbox(s: &TestServer, who: &Session) -> Vec<Value> {
    s.gql(Some(&who.token), OUTBOX, json!({})).await.ok()["mailOutbox"].as_array().unwrap().clone()
}

/// The newest mail of `kind` to `to`, waiting for it (mails queued by a
/// background task appear a moment after the answer).
async fn mail_of(s: &TestServer, who: &Session, kind: &str, to: &str) -> Value {
    eventually(10, &format!("a {kind} mail to {to}"), || async {
        let all = outbox(s, who).await;
        all.iter().find(|m| m["kind"] == kind && m["to"] == to).cloned().ok_or_else(|| format!("{all:#?}"))
    })
    .await
}

/// The token in a mailed link `…/<path>?token=<token>`.
fn link_token(body: &str, path: &str) -> String {
    let marker = format!("/{path}?token=");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no {path} link in {body}")) + marker.len();
    body[start..].split(|c: char| c.is_whitespace()).next().unwrap().to_owned()
}

async fn invitation_arrives_by_smtp(b: Backend) {
    let sink = SmtpSink::start().await;
    let s = TestServer::start_with(b, relay(sink.url())).await;
    let admin = s.sign_up("acme").await;
    s.gql(Some(&admin.token), INVITE, json!({ "i": { "email": "zhang.san@acme.cn", "role": "SALESPERSON" } }))
        .await
        .ok();

    let m = sink.wait_for("zhang.san@acme.cn").await;
    assert_eq!(m["to"], "zhang.san@acme.cn");
    assert_eq!(m["from"], "关系 CRM <noreply@guanxi.test>");
    assert_eq!(m["mail_from"], "noreply@guanxi.test");
    assert_eq!(m["subject"], "王总 邀请您加入 acme 有限公司 · 王总 invites you to acme 有限公司");
    assert_eq!((m["content_type"].as_str(), m["charset"].as_str()), (Some("text/plain"), Some("utf-8")));
    assert_eq!(m["defects"], json!([]), "{m:#}");
    let body = m["body"].as_str().unwrap();
    assert!(body.contains("邀请您以「业务员」身份加入 acme 有限公司"), "{body}");
    let token = link_token(body, "accept-invitation");
    assert!(body.contains(&format!("http://{}/accept-invitation?token=gxi_", s.base.trim_start_matches("http://"))));

    // The mailed link works, and the admin sees the mail as sent.
    s.accept(&token, "张三", PASSWORD).await.ok();
    s.login("acme", "zhang.san@acme.cn", PASSWORD).await.unwrap();
    let sent = eventually(10, "the invitation marked sent", || async {
        let m = mail_of(&s, &admin, "invitation", "zhang.san@acme.cn").await;
        if m["status"] == "sent" { Ok(m) } else { Err(m.to_string()) }
    })
    .await;
    assert_eq!(sent["attempts"], 1);
    assert!(sent["sentAt"].is_string() && sent["lastError"].is_null() && sent["nextAttemptAt"].is_null());
    // The sign-up's verification mail went out too.
    let v = sink.wait_for("admin@acme.cn").await;
    assert!(v["body"].as_str().unwrap().contains("/verify-email?token=gxv_"));
}

async fn subjects_cannot_inject_headers(b: Backend) {
    let sink = SmtpSink::start().await;
    let s = TestServer::start_with(b, relay(sink.url())).await;
    // A company name is part of the invitation's subject.
    let r = s
        .gql(
            None,
            "mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } tenant { id } } }",
            json!({ "i": {
                "companyName": "坏公司\r\nBcc: victim@evil.example",
                "slug": "evil",
                "adminEmail": "boss@evil.cn",
                "adminName": "老板\nX-Injected: 1",
                "password": PASSWORD,
            }}),
        )
        .await;
    if r.body.get("errors").is_some() {
        // Refusing such names is as good as neutralising them.
        assert_eq!(r.code(), "VALIDATION_FAILED");
        return;
    }
    let m = sink.wait_for("boss@evil.cn").await;
    assert_eq!(m["rcpt_tos"], json!(["boss@evil.cn"]));
    let names: Vec<&str> = m["header_names"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(!names.iter().any(|n| n.eq_ignore_ascii_case("bcc") || n.eq_ignore_ascii_case("x-injected")), "{names:?}");
    assert_eq!(m["defects"], json!([]), "{m:#}");
}

async fn refused_mail_dies_and_an_admin_retries_it(b: Backend) {
    let refusing = SmtpSink::refusing().await;
    let port = refusing.port;
    let s = TestServer::start_with(b, relay(refusing.url())).await;
    let admin = s.sign_up("acme").await;
    let rival = s.sign_up("rival").await;
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", None).await;
    s.gql(Some(&admin.token), INVITE, json!({ "i": { "email": "li@acme.cn", "role": "SALESPERSON" } })).await.ok();

    // Retried, then dead, with the relay's answer for the admin.
    let dead = eventually(20, "the invitation to die", || async {
        let m = mail_of(&s, &admin, "invitation", "li@acme.cn").await;
        if m["status"] == "dead" { Ok(m) } else { Err(m.to_string()) }
    })
    .await;
    assert_eq!(dead["attempts"], 3);
    assert!(dead["lastError"].as_str().unwrap().contains("451"), "{dead:#}");
    assert!(dead["nextAttemptAt"].is_null() && dead["sentAt"].is_null());
    let id = dead["id"].as_str().unwrap().to_owned();
    let retry = "mutation($id: ID!) { retryMail(id: $id) { id status attempts lastError } }";

    // Only the company's admins see or retry it.
    assert_eq!(s.gql(Some(&sp.token), OUTBOX, json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&sp.token), retry, json!({ "id": id })).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&rival.token), retry, json!({ "id": id })).await.code(), "NOT_FOUND");
    assert!(outbox(&s, &rival).await.iter().all(|m| m["to"] == "admin@rival.cn"));
    // A mail that did not die is not retried.
    let sent_or_queued = outbox(&s, &admin).await.into_iter().find(|m| m["status"] != "dead");
    if let Some(m) = sent_or_queued {
        assert_eq!(s.gql(Some(&admin.token), retry, json!({ "id": m["id"] })).await.code(), "CONFLICT");
    }
    assert!(refusing.messages().is_empty());

    // The relay is back: the admin's retry delivers it.
    refusing.stop().await;
    let sink = SmtpSink::start_on(port).await;
    let r = s.gql(Some(&admin.token), retry, json!({ "id": id })).await;
    assert_eq!(r.ok()["retryMail"]["status"], "queued");
    assert_eq!(r.ok()["retryMail"]["attempts"], 0);
    let m = sink.wait_for("li@acme.cn").await;
    assert!(m["body"].as_str().unwrap().contains("/accept-invitation?token=gxi_"));
    eventually(10, "the retried mail marked sent", || async {
        let m = mail_of(&s, &admin, "invitation", "li@acme.cn").await;
        if m["status"] == "sent" { Ok(()) } else { Err(m.to_string()) }
    })
    .await;
    let audit = s.gql(Some(&admin.token), "{ auditLog { action } }", json!({})).await;
    assert!(audit.ok()["auditLog"].as_array().unwrap().iter().any(|e| e["action"] == "mail.retry"));
}

async fn without_a_relay_mail_stays_in_the_outbox(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    s.gql(Some(&admin.token), INVITE, json!({ "i": { "email": "li@acme.cn", "role": "SALESPERSON" } })).await.ok();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let m = mail_of(&s, &admin, "invitation", "li@acme.cn").await;
    assert_eq!((m["status"].as_str(), m["attempts"].as_i64()), (Some("queued"), Some(0)));
    assert!(m["nextAttemptAt"].is_null());
}

async fn password_reset_by_mail(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let other = s.sign_up("rival").await;

    // The same answer for an account that exists and one that does not.
    let known = s.gql(None, RESET_REQUEST, json!({ "s": "acme", "e": "Admin@acme.cn" })).await;
    let unknown = s.gql(None, RESET_REQUEST, json!({ "s": "acme", "e": "nobody@acme.cn" })).await;
    let no_company = s.gql(None, RESET_REQUEST, json!({ "s": "nocompany", "e": "admin@acme.cn" })).await;
    assert_eq!(known.body, json!({ "data": { "requestPasswordReset": true } }));
    assert_eq!(unknown.body, known.body);
    assert_eq!(no_company.body, known.body);
    let mail = mail_of(&s, &admin, "password_reset", "admin@acme.cn").await;
    assert!(mail["subject"].as_str().unwrap().starts_with("重置密码"));
    let token = link_token(mail["body"].as_str().unwrap(), "reset-password");
    assert!(token.starts_with("gxr_"));
    let all = outbox(&s, &admin).await;
    assert!(!all.iter().any(|m| m["to"] == "nobody@acme.cn"));
    assert_eq!(outbox(&s, &other).await.iter().filter(|m| m["kind"] == "password_reset").count(), 0);

    // A weak password is refused and leaves the link usable; garbage and
    // other kinds of token are not links at all.
    let r = s.gql(None, RESET, json!({ "t": token, "p": "123" })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["newPassword".to_owned()]));
    for bad in ["", "gxr_nonsense", &admin.token, &token.replace("gxr_", "gxv_")] {
        let r = s.gql(None, RESET, json!({ "t": bad, "p": NEW_PASSWORD })).await;
        assert_eq!(r.code(), "VALIDATION_FAILED");
        assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "invalid", "{bad}");
    }
    // Another company's id in the token finds nothing.
    let forged = format!("gxr_{}_{}", other.tenant_id.replace('-', ""), token.rsplit('_').next().unwrap());
    let r = s.gql(None, RESET, json!({ "t": forged, "p": NEW_PASSWORD })).await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "invalid");

    // The reset sets the password and ends every session.
    let second = s.login("acme", "admin@acme.cn", PASSWORD).await.unwrap();
    assert_eq!(s.gql(None, RESET, json!({ "t": token, "p": NEW_PASSWORD })).await.ok()["resetPassword"], true);
    for old in [&admin, &second] {
        assert_eq!(s.gql(Some(&old.token), "{ me { user { id } } }", json!({})).await.code(), "UNAUTHENTICATED");
    }
    assert!(s.login("acme", "admin@acme.cn", PASSWORD).await.is_err());
    let admin = s.login("acme", "admin@acme.cn", NEW_PASSWORD).await.unwrap();
    // The link reached the address, so it is verified now.
    let me = s.gql(Some(&admin.token), "{ me { user { emailVerified } } }", json!({})).await;
    assert_eq!(me.ok()["me"]["user"]["emailVerified"], true);
    // Single use.
    let r = s.gql(None, RESET, json!({ "t": token, "p": "yet another passphrase" })).await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "used");

    // Throttled per account, known or not (3 a window by default): no oracle.
    for email in ["admin@acme.cn", "ghost@acme.cn"] {
        let codes: Vec<Option<String>> = {
            let mut v = Vec::new();
            for _ in 0..3 {
                let r = s.gql(None, RESET_REQUEST, json!({ "s": "acme", "e": email })).await;
                v.push(r.body["errors"][0]["extensions"]["code"].as_str().map(str::to_owned));
            }
            v
        };
        let expected: Vec<Option<String>> = if email == "admin@acme.cn" {
            // One request above already counted for this account.
            vec![None, None, Some("RATE_LIMITED".to_owned())]
        } else {
            vec![None, None, None]
        };
        assert_eq!(codes, expected, "{email}");
    }
    let r = s.gql(None, RESET_REQUEST, json!({ "s": "acme", "e": "ghost@acme.cn" })).await;
    assert_eq!(r.code(), "RATE_LIMITED");
    // Malformed input is refused (it names no account).
    let r = s.gql(None, RESET_REQUEST, json!({ "s": "acme", "e": "not an address" })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
}

async fn expired_reset_links_are_refused(b: Backend) {
    let s = TestServer::start_with(b, |c| c.password_reset_ttl_minutes = 0).await;
    let admin = s.sign_up("acme").await;
    s.gql(None, RESET_REQUEST, json!({ "s": "acme", "e": "admin@acme.cn" })).await.ok();
    let mail = mail_of(&s, &admin, "password_reset", "admin@acme.cn").await;
    let token = link_token(mail["body"].as_str().unwrap(), "reset-password");
    let r = s.gql(None, RESET, json!({ "t": token, "p": NEW_PASSWORD })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "expired");
    // Nothing changed.
    s.login("acme", "admin@acme.cn", PASSWORD).await.unwrap();
    s.gql(Some(&admin.token), "{ me { user { id } } }", json!({})).await.ok();
}

async fn the_admin_who_signs_up_verifies_the_address(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let verified = || async {
        let me = s.gql(Some(&admin.token), "{ me { user { emailVerified emailVerifiedAt } } }", json!({})).await;
        me.ok()["me"]["user"].clone()
    };
    // The company works at once.
    assert_eq!(verified().await["emailVerified"], false);
    let group = s.create_group(&admin, "一组").await;
    assert!(!group.is_empty());
    let first = mail_of(&s, &admin, "email_verification", "admin@acme.cn").await;
    let first = link_token(first["body"].as_str().unwrap(), "verify-email");
    assert!(first.starts_with("gxv_"));

    // Resending is throttled per account.
    for _ in 0..3 {
        assert_eq!(s.gql(Some(&admin.token), RESEND, json!({})).await.ok()["resendVerificationEmail"], true);
    }
    assert_eq!(s.gql(Some(&admin.token), RESEND, json!({})).await.code(), "RATE_LIMITED");
    let mails = outbox(&s, &admin).await;
    assert_eq!(mails.iter().filter(|m| m["kind"] == "email_verification").count(), 4);
    // A verification token is not a reset token.
    let r = s.gql(None, RESET, json!({ "t": first, "p": NEW_PASSWORD })).await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "invalid");

    assert_eq!(s.gql(None, VERIFY, json!({ "t": first })).await.ok()["verifyEmail"], true);
    let me = verified().await;
    assert_eq!(me["emailVerified"], true);
    assert!(me["emailVerifiedAt"].is_string());
    let r = s.gql(None, VERIFY, json!({ "t": first })).await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "used");
    assert_eq!(s.gql(Some(&admin.token), RESEND, json!({})).await.code(), "CONFLICT");
    assert_eq!(s.gql(None, RESEND, json!({})).await.code(), "UNAUTHENTICATED");
    // Invited users verify by accepting (the invitation went to the address).
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", None).await;
    let me = s.gql(Some(&sp.token), "{ me { user { emailVerified } } }", json!({})).await;
    assert_eq!(me.ok()["me"]["user"]["emailVerified"], true);
}

/// Rows of the company `tenant` in every table that has a `tenant_id`.
async fn rows_of(s: &TestServer, tenant: &str) -> Vec<(String, i64)> {
    let db = s.db.connect_owner().await;
    let backend = db.get_database_backend();
    let tables_sql = match s.db.backend {
        Backend::Postgres => {
            "SELECT table_name::text AS t FROM information_schema.columns \
             WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1"
        }
        Backend::Sqlite => {
            "SELECT m.name AS t FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'tenant_id' ORDER BY 1"
        }
    };
    let tables = db.query_all(Statement::from_string(backend, tables_sql)).await.unwrap();
    let mut out = Vec::new();
    for t in tables {
        let t: String = t.try_get("", "t").unwrap();
        // Bound as the store binds it, whatever the backend stores.
        let id: sea_orm::Value = uuid::Uuid::parse_str(tenant).unwrap().into();
        let sql = match s.db.backend {
            Backend::Postgres => format!("SELECT COUNT(*) AS n FROM {t} WHERE tenant_id = $1"),
            Backend::Sqlite => format!("SELECT COUNT(*) AS n FROM {t} WHERE tenant_id = ?"),
        };
        let row = db.query_one(Statement::from_sql_and_values(backend, sql, [id])).await.unwrap().unwrap();
        out.push((t, row.try_get::<i64>("", "n").unwrap()));
    }
    out
}

async fn the_operator_prunes_unverified_companies(b: Backend) {
    let s = TestServer::start(b).await;
    // An unverified company with data in many tables.
    let old = s.sign_up("dormant").await;
    let g = s.create_group(&old, "一组").await;
    s.gql(Some(&old.token), INVITE, json!({ "i": { "email": "li@dormant.cn", "role": "SALESPERSON", "groupId": g } }))
        .await
        .ok();
    let c = s
        .gql(
            Some(&old.token),
            "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
            json!({ "i": { "name": "李雷" } }),
        )
        .await;
    let c = c.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    s.gql(
        Some(&old.token),
        "mutation($i: AddConversationInput!) { addConversation(input: $i) { merged } }",
        json!({ "i": { "customerId": c, "topic": "报价", "content": "电话", "kind": "CALL" } }),
    )
    .await
    .ok();
    s.gql(
        Some(&old.token),
        "mutation { createWorkPlan(input: {subject: \"拜访\", start: \"2030-05-01T09:00:00Z\", end: \"2030-05-01T10:00:00Z\"}) { id } }",
        json!({}),
    )
    .await
    .ok();
    s.gql(None, RESET_REQUEST, json!({ "s": "dormant", "e": "admin@dormant.cn" })).await.ok();
    mail_of(&s, &old, "password_reset", "admin@dormant.cn").await;
    let before = rows_of(&s, &old.tenant_id).await;
    for t in
        ["customers", "conversations", "users", "groups", "invitations", "mail_outbox", "email_tokens", "audit_log"]
    {
        assert!(before.iter().any(|(name, n)| name == t && *n > 0), "{t}: {before:?}");
    }

    // A verified company is kept.
    let kept = s.sign_up("active").await;
    let mail = mail_of(&s, &kept, "email_verification", "admin@active.cn").await;
    let token = link_token(mail["body"].as_str().unwrap(), "verify-email");
    s.gql(None, VERIFY, json!({ "t": token })).await.ok();

    // A data directory of its own: the two backends' runs of this test go
    // side by side, and the operator's commands open the search index in it.
    let data = tempfile::tempdir().unwrap();
    let cfg = Config {
        database_url: Some(SecretString::from(s.db.url.clone())),
        data_dir: data.path().to_owned(),
        ..Config::default()
    };
    let list = tenant_cli::run(&cfg, TenantCommand::ListUnverified { older_than_days: 0 }).await.unwrap();
    assert!(list.contains("dormant") && list.contains("admin@dormant.cn"), "{list}");
    assert!(!list.contains("active"), "{list}");
    assert!(list.ends_with("1 unverified companies\n"), "{list}");
    // Younger than the period: kept.
    let out =
        tenant_cli::run(&cfg, TenantCommand::PruneUnverified { older_than_days: 1, dry_run: false }).await.unwrap();
    assert_eq!(out, "0 companies deleted\n");
    let out =
        tenant_cli::run(&cfg, TenantCommand::PruneUnverified { older_than_days: 0, dry_run: true }).await.unwrap();
    assert!(out.starts_with("would delete dormant"), "{out}");
    assert!(rows_of(&s, &old.tenant_id).await.iter().any(|(_, n)| *n > 0));

    let out =
        tenant_cli::run(&cfg, TenantCommand::PruneUnverified { older_than_days: 0, dry_run: false }).await.unwrap();
    assert!(out.contains("deleted dormant") && out.contains("\n1 companies deleted\n"), "{out}");
    let after = rows_of(&s, &old.tenant_id).await;
    assert!(after.iter().all(|(_, n)| *n == 0), "{after:?}");
    assert_eq!(s.gql(Some(&old.token), "{ me { user { id } } }", json!({})).await.code(), "UNAUTHENTICATED");
    // The slug is free again; the verified company is untouched.
    s.sign_up("dormant").await;
    let me = s.gql(Some(&kept.token), "{ me { user { emailVerified } } }", json!({})).await;
    assert_eq!(me.ok()["me"]["user"]["emailVerified"], true);
}

backend_tests!(
    invitation_arrives_by_smtp,
    subjects_cannot_inject_headers,
    refused_mail_dies_and_an_admin_retries_it,
    without_a_relay_mail_stays_in_the_outbox,
    password_reset_by_mail,
    expired_reset_links_are_refused,
    the_admin_who_signs_up_verifies_the_address,
    the_operator_prunes_unverified_companies,
);
