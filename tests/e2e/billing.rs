//! Billing: the trial a company starts with, the lifecycle to read-only and
//! back, what read-only blocks and what it keeps, admins-only billing, the
//! Stripe webhook endpoint (signature, duplicates, order), seat sync and
//! usage reports that survive a crash.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Utc};
use guanxi_core::TenantId;
use guanxi_core::billing::{ProviderStatus, SubscriptionState};
use guanxi_store::billing::Lifecycle;
use guanxi_tests::stripe_standin::{StripeStandIn, prices};
use guanxi_tests::{
    Backend, PASSWORD, ServerProcess, Session, SmtpSink, TestDb, TestServer, backend_tests, eventually, gql_at,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, Statement};
use secrecy::SecretString;
use serde_json::{Value, json};

const BILLING: &str = "{ billing { plan state trialEndsAt currentPeriodEnd readOnlyAt cancelAtPeriodEnd provider seats invoices { id status amountDue currency } } }";
const CREATE_CUSTOMER: &str = "mutation { createCustomer(input: { name: \"北京客户\" }) { id } }";
const SECRET: &str = "whsec_test_secret";

fn tenant(who: &Session) -> TenantId {
    TenantId(who.tenant_id.parse().unwrap())
}

async fn billing(s: &TestServer, who: &Session) -> Value {
    s.gql(Some(&who.token), BILLING, json!({})).await.ok()["billing"].clone()
}

async fn outbox_kinds(s: &TestServer, admin: &Session) -> Vec<String> {
    let r = s.gql(Some(&admin.token), "{ mailOutbox(limit: 100) { kind } }", json!({})).await;
    r.ok()["mailOutbox"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap().to_owned()).collect()
}

async fn a_new_company_trials_team_and_only_admins_see_billing(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let info = billing(&s, &admin).await;
    assert_eq!(info["plan"], "team");
    assert_eq!(info["state"], "TRIALING");
    assert_eq!(info["provider"], "local");
    assert_eq!(info["invoices"], json!([]));
    let ends: chrono::DateTime<Utc> = info["trialEndsAt"].as_str().unwrap().parse().unwrap();
    let days = (ends - Utc::now()).num_hours();
    assert!((13 * 24..=14 * 24).contains(&days), "a 14-day trial, got {days} h");
    let plan = s.gql(Some(&admin.token), "{ tenant { plan } }", json!({})).await;
    if plan.body["errors"].is_null() {
        assert_eq!(plan.ok()["tenant"]["plan"], "team");
    }

    // Nobody else sees or changes billing.
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", None).await;
    let sup = s.invite_and_accept(&admin, "sup@acme.cn", "SUPERVISOR", None).await;
    let maint = s.invite_and_accept(&admin, "ops@acme.cn", "MAINTENANCE", None).await;
    for who in [&sp, &sup, &maint] {
        for q in [
            BILLING,
            "{ billing { plan } }",
            "{ billing { invoices { id } } }",
            "mutation { startCheckout(plan: \"team\") }",
            "mutation { openBillingPortal }",
            "mutation { cancelSubscription { state } }",
            "mutation { resumeSubscription { state } }",
        ] {
            assert_eq!(s.gql(Some(&who.token), q, json!({})).await.code(), "FORBIDDEN", "{q}");
        }
    }
    assert_eq!(s.gql(None, BILLING, json!({})).await.code(), "UNAUTHENTICATED");

    // The local provider cannot take money: a typed error, nothing changed.
    for q in [
        "mutation { startCheckout(plan: \"business\", interval: YEAR, currency: USD) }",
        "mutation { openBillingPortal }",
        "mutation { cancelSubscription { state } }",
    ] {
        let r = s.gql(Some(&admin.token), q, json!({})).await;
        assert_eq!(r.code(), "CONFLICT", "{q}");
        assert_eq!(r.error()["extensions"]["fields"][0]["field"], "provider");
        assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "unsupported");
    }
    let r = s.gql(Some(&admin.token), "mutation { startCheckout(plan: \"Not A Plan\") }", json!({})).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(billing(&s, &admin).await, info);
}

async fn the_lifecycle_runs_from_trial_to_read_only_and_back(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let t = tenant(&admin);
    let life = Lifecycle::default();
    let sub = s.store.billing_subscription(t).await.unwrap();
    let end = sub.trial_ends_at.unwrap();

    // Nothing is due yet; then the reminder, once.
    let r = s.store.billing_sweep(Utc::now(), life).await.unwrap();
    assert_eq!(r.trial_notices + r.trials_ended, 0);
    let r = s.store.billing_sweep(end - Duration::days(2), life).await.unwrap();
    assert_eq!(r.trial_notices, 1);
    let r = s.store.billing_sweep(end - Duration::days(1), life).await.unwrap();
    assert_eq!(r.trial_notices, 0, "the reminder is sent once");
    assert_eq!(outbox_kinds(&s, &admin).await.iter().filter(|k| *k == "billing_trial_ending").count(), 1);

    // The trial ends unpaid: past due, the grace counted from its end.
    let r = s.store.billing_sweep(end + Duration::seconds(1), life).await.unwrap();
    assert_eq!(r.trials_ended, 1);
    let sub = s.store.billing_subscription(t).await.unwrap();
    assert_eq!(sub.state, SubscriptionState::PastDue);
    assert_eq!(sub.read_only_at, Some(end + Duration::days(7)));
    assert!(outbox_kinds(&s, &admin).await.contains(&"billing_payment_failed".to_owned()));
    // Past due still writes.
    s.gql(Some(&admin.token), CREATE_CUSTOMER, json!({})).await.ok();

    // The grace runs out: read-only, mailed once even if two sweeps race.
    let after = end + Duration::days(7) + Duration::seconds(1);
    let (a, b2) = tokio::join!(s.store.billing_sweep(after, life), s.store.billing_sweep(after, life));
    assert_eq!(a.unwrap().read_only + b2.unwrap().read_only, 1);
    assert_eq!(s.store.billing_subscription(t).await.unwrap().state, SubscriptionState::ReadOnly);
    assert_eq!(outbox_kinds(&s, &admin).await.iter().filter(|k| *k == "billing_read_only").count(), 1);
    let r = s.gql(Some(&admin.token), CREATE_CUSTOMER, json!({})).await;
    assert_eq!(r.code(), "SUBSCRIPTION_READ_ONLY");
    assert_eq!(r.error()["extensions"]["state"], "read_only");
    assert_eq!(billing(&s, &admin).await["state"], "READ_ONLY");

    // The operator switches the plan: active again, writes work.
    let sub = s.store.set_plan(t, &guanxi_store::billing::parse_plan("business").unwrap()).await.unwrap();
    assert_eq!(sub.state, SubscriptionState::Active);
    assert_eq!(sub.read_only_at, None);
    s.gql(Some(&admin.token), CREATE_CUSTOMER, json!({})).await.ok();
    let info = billing(&s, &admin).await;
    assert_eq!((info["plan"].as_str(), info["state"].as_str()), (Some("business"), Some("ACTIVE")));

    // A company whose grace ran out is read-only at once, before any sweep.
    s.store.set_billing_state(t, SubscriptionState::PastDue, Lifecycle { grace: Duration::seconds(-1) }).await.unwrap();
    assert_eq!(s.gql(Some(&admin.token), CREATE_CUSTOMER, json!({})).await.code(), "SUBSCRIPTION_READ_ONLY");
    assert_eq!(billing(&s, &admin).await["state"], "READ_ONLY");
    // Canceled: the same, and nothing was deleted.
    s.store.set_billing_state(t, SubscriptionState::Canceled, life).await.unwrap();
    assert_eq!(s.gql(Some(&admin.token), CREATE_CUSTOMER, json!({})).await.code(), "SUBSCRIPTION_READ_ONLY");
    let n = s.gql(Some(&admin.token), "{ customers(first: 10) { totalCount } }", json!({})).await;
    assert_eq!(n.ok()["customers"]["totalCount"], 2);
}

async fn read_only_blocks_every_write_but_billing_exports_and_backups(b: Backend) {
    let files = tempfile::tempdir().unwrap();
    let dir = files.path().to_path_buf();
    let s = TestServer::start_with(b, move |c| c.data_dir = dir).await;
    let admin = s.sign_up("acme").await;
    let other = s.sign_up("rival").await;
    let maint = s.invite_and_accept(&admin, "ops@acme.cn", "MAINTENANCE", None).await;
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", None).await;
    let (key, _) = s.api_key(&admin, "ERP", "READ_WRITE").await;
    s.gql(Some(&admin.token), CREATE_CUSTOMER, json!({})).await.ok();
    s.store.set_billing_state(tenant(&admin), SubscriptionState::ReadOnly, Lifecycle::default()).await.unwrap();

    // Writes, by every kind of caller.
    for (who, q) in [
        (&admin.token, CREATE_CUSTOMER),
        (&sp.token, CREATE_CUSTOMER),
        (&key, CREATE_CUSTOMER),
        (&admin.token, "mutation { createGroup(name: \"华东\") { id } }"),
        (&admin.token, "mutation { inviteUser(input: { email: \"x@acme.cn\", role: SALESPERSON }) { id } }"),
        (&admin.token, "mutation { createApiKey(input: { name: \"k\", scope: READ }) { secret } }"),
    ] {
        let r = s.gql(Some(who), q, json!({})).await;
        assert_eq!(r.code(), "SUBSCRIPTION_READ_ONLY", "{q}: {:?}", r.body);
    }
    // An import is refused before anything is read or queued.
    let r = s
        .gql_upload(
            Some(&admin.token),
            "mutation($file: Upload!) { importCustomers(file: $file) { id } }",
            json!({ "file": null }),
            vec![("variables.file", "客户.csv", "客户名称\n张三\n".as_bytes().to_vec())],
        )
        .await;
    assert_eq!(r.code(), "SUBSCRIPTION_READ_ONLY");
    // Reads, exports, billing, backups and one's own account keep working.
    let n = s.gql(Some(&sp.token), "{ customers(first: 10) { totalCount } }", json!({})).await;
    assert_eq!(n.ok()["customers"]["totalCount"], 0);
    let n = s.gql(Some(&admin.token), "{ customers(first: 10) { totalCount } }", json!({})).await;
    assert_eq!(n.ok()["customers"]["totalCount"], 1);
    s.gql(Some(&admin.token), "mutation { exportCustomers { url rows } }", json!({})).await.ok();
    billing(&s, &admin).await;
    s.gql(Some(&maint.token), "mutation { createBackup { id } }", json!({})).await.ok();
    s.gql(Some(&sp.token), "mutation { logout }", json!({})).await.ok();
    // Another company is not affected.
    s.gql(Some(&other.token), CREATE_CUSTOMER, json!({})).await.ok();
}

const STANDING: &str = "{ me { subscription { state trialEndsAt readOnlyAt } } }";

async fn standing(s: &TestServer, who: &str) -> Value {
    s.gql(Some(who), STANDING, json!({})).await.ok()["me"]["subscription"].clone()
}

async fn every_member_sees_where_the_subscription_stands(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let rival = s.sign_up("rival").await;
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", None).await;
    let maint = s.invite_and_accept(&admin, "ops@acme.cn", "MAINTENANCE", None).await;
    let (key, _) = s.api_key(&admin, "BI", "READ").await;
    let trial = billing(&s, &admin).await["trialEndsAt"].clone();
    let callers = [admin.token.as_str(), sp.token.as_str(), maint.token.as_str(), key.as_str()];
    for who in callers {
        assert_eq!(standing(&s, who).await, json!({ "state": "TRIALING", "trialEndsAt": trial, "readOnlyAt": null }));
    }

    // Past due: everyone sees when writes stop; the other company is not affected.
    let t = tenant(&admin);
    s.store.set_billing_state(t, SubscriptionState::PastDue, Lifecycle::default()).await.unwrap();
    let grace_end = billing(&s, &admin).await["readOnlyAt"].clone();
    assert!(grace_end.is_string());
    for who in callers {
        assert_eq!(
            standing(&s, who).await,
            json!({ "state": "PAST_DUE", "trialEndsAt": null, "readOnlyAt": grace_end })
        );
    }
    assert_eq!(standing(&s, &rival.token).await["state"], "TRIALING");
    for state in [SubscriptionState::ReadOnly, SubscriptionState::Canceled] {
        s.store.set_billing_state(t, state, Lifecycle::default()).await.unwrap();
        let expect = if state == SubscriptionState::ReadOnly { "READ_ONLY" } else { "CANCELED" };
        for who in callers {
            let got = standing(&s, who).await;
            assert_eq!(got["state"], expect);
            assert!(got["readOnlyAt"].is_string(), "{got}");
        }
    }
    s.store.set_plan(t, &guanxi_store::billing::parse_plan("team").unwrap()).await.unwrap();
    assert_eq!(standing(&s, &sp.token).await, json!({ "state": "ACTIVE", "trialEndsAt": null, "readOnlyAt": null }));
    // It is never billing's details: those stay for admins.
    assert_eq!(s.gql(Some(&sp.token), "{ billing { state } }", json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(None, STANDING, json!({})).await.code(), "UNAUTHENTICATED");
}

async fn the_operator_sets_only_plans_of_the_catalogue(b: Backend) {
    use guanxi_server::tenant_cli::{self, TenantCommand};
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let before = billing(&s, &admin).await;
    for plan in ["platinum", "Not A Plan"] {
        let e = tenant_cli::run(&s.cfg, TenantCommand::SetPlan { slug: "acme".into(), plan: plan.into() })
            .await
            .expect_err(plan);
        let msg = format!("{e:#}");
        if plan == "platinum" {
            assert!(msg.contains("`platinum` is not a plan of the catalogue"), "{msg}");
            assert!(msg.contains("free, team, business"), "{msg}");
        }
    }
    assert_eq!(billing(&s, &admin).await, before, "nothing changed");
    assert!(
        tenant_cli::run(&s.cfg, TenantCommand::SetPlan { slug: "nobody".into(), plan: "team".into() }).await.is_err()
    );

    let out =
        tenant_cli::run(&s.cfg, TenantCommand::SetPlan { slug: "acme".into(), plan: "business".into() }).await.unwrap();
    assert!(out.starts_with("acme\tbusiness\tactive\tlocal"), "{out}");
    let info = billing(&s, &admin).await;
    assert_eq!((info["plan"].as_str(), info["state"].as_str()), (Some("business"), Some("ACTIVE")));
    let out = tenant_cli::run(&s.cfg, TenantCommand::SetState { slug: "acme".into(), state: "read_only".into() })
        .await
        .unwrap();
    assert!(out.starts_with("acme\tbusiness\tread_only"), "{out}");
    assert_eq!(s.gql(Some(&admin.token), CREATE_CUSTOMER, json!({})).await.code(), "SUBSCRIPTION_READ_ONLY");
}

const PRICE_TEAM: &str = "price_team_month_cny";

/// The server's Stripe settings: the real provider, its client pointed at
/// the stand-in.
fn stripe_settings(c: &mut guanxi_server::Config, standin: &StripeStandIn) {
    c.billing_provider = guanxi_server::config::BillingProviderKind::Stripe;
    c.stripe_secret_key = Some(SecretString::from("sk_test_standin"));
    c.stripe_webhook_secret = Some(SecretString::from(SECRET));
    c.stripe_api_base = Some(standin.base.clone());
    c.stripe_prices = prices();
}

/// A server on the Stripe provider; its billing worker sweeps hourly (the
/// tests make transitions themselves) and processes events as they come.
async fn start_stripe(b: Backend, standin: &StripeStandIn) -> TestServer {
    let standin = standin.clone();
    TestServer::start_with(b, move |c| {
        stripe_settings(c, &standin);
        c.billing_sweep_seconds = 3600;
    })
    .await
}

async fn deliver_to(base: &str, body: &Value, signature: Option<String>) -> reqwest::Response {
    let raw = serde_json::to_vec(body).unwrap();
    let sig = signature.unwrap_or_else(|| guanxi_server::stripe_webhook::sign(&raw, SECRET, Utc::now().timestamp()));
    reqwest::Client::new()
        .post(format!("{base}/webhooks/stripe"))
        .header("Stripe-Signature", sig)
        .body(raw)
        .send()
        .await
        .unwrap()
}

async fn deliver(s: &TestServer, body: &Value, signature: Option<String>) -> reqwest::Response {
    deliver_to(&s.base, body, signature).await
}

fn event(id: &str, kind: &str, object: Value) -> Value {
    json!({ "id": id, "object": "event", "type": kind, "created": Utc::now().timestamp(), "data": { "object": object } })
}

/// A stored webhook event: attempts, processed, last error.
#[derive(Debug, PartialEq)]
struct Stored {
    attempts: i32,
    processed: bool,
    error: Option<String>,
}

async fn stored_events(db: &TestDb) -> BTreeMap<String, Stored> {
    let conn = db.connect_owner().await;
    let rows = conn
        .query_all(Statement::from_string(
            conn.get_database_backend(),
            "SELECT event_id, attempts, CASE WHEN processed_at IS NULL THEN 0 ELSE 1 END AS done, last_error \
             FROM billing_webhook_events",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get::<String>("", "event_id").unwrap(),
                Stored {
                    attempts: r.try_get("", "attempts").unwrap(),
                    processed: r.try_get::<i32>("", "done").unwrap() == 1,
                    error: r.try_get("", "last_error").unwrap(),
                },
            )
        })
        .collect()
}

/// Wait until the server processed event `id`.
async fn processed(s: &TestServer, id: &str) {
    eventually(20, &format!("event {id} is processed"), || async {
        match stored_events(&s.db).await.remove(id) {
            Some(e) if e.processed => Ok(()),
            other => Err(format!("{other:?}")),
        }
    })
    .await;
}

async fn state_of(s: &TestServer, t: TenantId) -> SubscriptionState {
    s.store.billing_subscription(t).await.unwrap().state
}

async fn webhooks_are_verified_stored_once_and_applied_in_any_order(b: Backend) {
    let standin = StripeStandIn::start().await;
    let s = start_stripe(b, &standin).await;
    let admin = s.sign_up("acme").await;
    let t = tenant(&admin);

    // Checkout: a session in subscription mode for the active users, the
    // company in the subscription's metadata.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { startCheckout(plan: \"team\", interval: MONTH, currency: CNY) }",
            json!({}),
        )
        .await;
    assert_eq!(r.ok()["startCheckout"], "https://checkout.stripe.com/c/pay/cs_test_standin");
    let sent = standin.requests_to("POST", "/v1/checkout/sessions");
    assert_eq!(sent.len(), 1);
    let form = &sent[0].form;
    assert_eq!(form["mode"], "subscription");
    assert_eq!(form["line_items[0][price]"], PRICE_TEAM);
    assert_eq!(form["line_items[0][quantity]"], "1");
    assert_eq!(form["subscription_data[metadata][guanxi_tenant]"], admin.tenant_id);
    assert_eq!(form["customer_email"], "admin@acme.cn");

    standin.put("sub_1", "cus_1", Some(&admin.tenant_id), PRICE_TEAM, "active", 1);
    let completed = event(
        "evt_1",
        "checkout.session.completed",
        json!({ "id": "cs_1", "object": "checkout.session", "subscription": "sub_1", "customer": "cus_1" }),
    );

    // A bad signature, a stale timestamp, no signature: 400, nothing stored.
    let raw = serde_json::to_vec(&completed).unwrap();
    let wrong = guanxi_server::stripe_webhook::sign(&raw, "whsec_wrong", Utc::now().timestamp());
    assert_eq!(deliver(&s, &completed, Some(wrong)).await.status(), 400);
    let stale = guanxi_server::stripe_webhook::sign(&raw, SECRET, Utc::now().timestamp() - 3600);
    assert_eq!(deliver(&s, &completed, Some(stale)).await.status(), 400);
    assert_eq!(deliver(&s, &completed, Some(String::new())).await.status(), 400);
    assert!(stored_events(&s.db).await.is_empty());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(standin.requests_to("GET", "/v1/subscriptions").is_empty());
    assert_eq!(state_of(&s, t).await, SubscriptionState::Trialing);

    // A good one is stored and acknowledged; the same again is a no-op.
    let r = deliver(&s, &completed, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["duplicate"], false);
    let r = deliver(&s, &completed, None).await;
    assert_eq!(r.json::<Value>().await.unwrap()["duplicate"], true);
    processed(&s, "evt_1").await;
    let sub = s.store.billing_subscription(t).await.unwrap();
    assert_eq!(sub.state, SubscriptionState::Active);
    assert_eq!(sub.customer_ref.as_deref(), Some("cus_1"));
    assert_eq!(sub.subscription_ref.as_deref(), Some("sub_1"));
    assert_eq!(standin.requests_to("GET", "/v1/subscriptions/sub_1").len(), 1, "read once: the duplicate did nothing");
    let info = billing(&s, &admin).await;
    assert_eq!(info["provider"], "stripe");
    assert_eq!(info["plan"], "team");
    assert_eq!(info["invoices"][0]["status"], "paid");
    let lists = standin.requests_to("GET", "/v1/invoices");
    assert!(lists.len() == 1 && lists[0].path.contains("customer=cus_1"), "{lists:?}");

    // An unknown type is acknowledged, stored and done without asking Stripe.
    let r = deliver(&s, &event("evt_x", "customer.tax_id.created", json!({ "id": "txi_1" })), None).await;
    assert_eq!(r.status(), 200);
    processed(&s, "evt_x").await;
    assert_eq!(standin.requests_to("GET", "/v1/subscriptions").len(), 1);
    assert_eq!(state_of(&s, t).await, SubscriptionState::Active);

    // Shuffled: a payment failure delivered before an older "paid" event;
    // each re-reads Stripe, so the outcome is Stripe's state now.
    standin.set_status("sub_1", "past_due");
    let failed =
        event("evt_3", "invoice.payment_failed", json!({ "id": "in_3", "object": "invoice", "subscription": "sub_1" }));
    let mut paid =
        event("evt_2", "invoice.paid", json!({ "id": "in_2", "object": "invoice", "subscription": "sub_1" }));
    paid["created"] = json!(Utc::now().timestamp() - 60);
    deliver(&s, &failed, None).await;
    deliver(&s, &paid, None).await;
    processed(&s, "evt_3").await;
    processed(&s, "evt_2").await;
    let sub = s.store.billing_subscription(t).await.unwrap();
    assert_eq!(sub.state, SubscriptionState::PastDue);
    assert!(sub.read_only_at.is_some(), "the grace started");
    assert!(outbox_kinds(&s, &admin).await.contains(&"billing_payment_failed".to_owned()));
    s.gql(Some(&admin.token), CREATE_CUSTOMER, json!({})).await.ok();

    // Paid at last: active again, the grace gone.
    standin.set_status("sub_1", "active");
    deliver(
        &s,
        &event("evt_4", "invoice.paid", json!({ "id": "in_4", "object": "invoice", "subscription": "sub_1" })),
        None,
    )
    .await;
    processed(&s, "evt_4").await;
    let sub = s.store.billing_subscription(t).await.unwrap();
    assert_eq!((sub.state, sub.read_only_at), (SubscriptionState::Active, None));

    // Admins cancel at the period's end and resume: Stripe is asked.
    let r = s.gql(Some(&admin.token), "mutation { cancelSubscription { cancelAtPeriodEnd state } }", json!({})).await;
    assert_eq!(r.ok()["cancelSubscription"]["cancelAtPeriodEnd"], true);
    let r = s.gql(Some(&admin.token), "mutation { resumeSubscription { cancelAtPeriodEnd } }", json!({})).await;
    assert_eq!(r.ok()["resumeSubscription"]["cancelAtPeriodEnd"], false);
    let updates: Vec<String> = standin
        .requests_to("POST", "/v1/subscriptions/sub_1")
        .iter()
        .filter_map(|r| r.form.get("cancel_at_period_end").cloned())
        .collect();
    assert_eq!(updates, ["true", "false"]);
    let r = s.gql(Some(&admin.token), "mutation { openBillingPortal }", json!({})).await;
    assert_eq!(r.ok()["openBillingPortal"], "https://billing.stripe.com/p/session/cus_1");
    assert_eq!(standin.requests_to("POST", "/v1/billing_portal/sessions")[0].form["customer"], "cus_1");

    // A subscription deleted before its creation arrives: both re-read the
    // canceled subscription, and the company stays canceled.
    let other = s.sign_up("rival").await;
    let o = tenant(&other);
    standin.put("sub_2", "cus_2", Some(&other.tenant_id), "price_business_month_cny", "canceled", 3);
    deliver(
        &s,
        &event("evt_6", "customer.subscription.deleted", json!({ "id": "sub_2", "object": "subscription" })),
        None,
    )
    .await;
    processed(&s, "evt_6").await;
    let mut created = event(
        "evt_5",
        "customer.subscription.created",
        json!({ "id": "sub_2", "object": "subscription", "status": "active" }),
    );
    created["created"] = json!(Utc::now().timestamp() - 60);
    deliver(&s, &created, None).await;
    processed(&s, "evt_5").await;
    assert_eq!(state_of(&s, o).await, SubscriptionState::Canceled);
    assert_eq!(s.store.billing_subscription(o).await.unwrap().plan.as_str(), "business");
    assert_eq!(s.gql(Some(&other.token), CREATE_CUSTOMER, json!({})).await.code(), "SUBSCRIPTION_READ_ONLY");
    assert_eq!(state_of(&s, t).await, SubscriptionState::Active, "the other company is untouched");

    // An older report never overwrites a newer one.
    let stale = guanxi_core::billing::ProviderSubscription {
        tenant: Some(t),
        customer_ref: "cus_1".into(),
        subscription_ref: "sub_1".into(),
        plan: guanxi_store::billing::parse_plan("free").unwrap(),
        status: ProviderStatus::Canceled,
        seats: 1,
        trial_end: None,
        current_period_end: None,
        cancel_at_period_end: false,
        observed_at: Utc::now() - Duration::hours(1),
    };
    assert!(!s.store.apply_provider_subscription(t, "stripe", &stale, Lifecycle::default()).await.unwrap());
    assert_eq!(state_of(&s, t).await, SubscriptionState::Active);
}

async fn events_are_acknowledged_before_processing_and_retried_with_backoff(b: Backend) {
    let standin = StripeStandIn::start().await;
    let s = start_stripe(b, &standin).await;
    let admin = s.sign_up("acme").await;
    let t = tenant(&admin);
    standin.put("sub_1", "cus_1", Some(&admin.tenant_id), PRICE_TEAM, "active", 1);

    // Stripe's answer to the re-read is held: the delivery is acknowledged
    // anyway, quickly, and processing goes on after it.
    standin.hold("/v1/subscriptions/sub_1");
    let started = std::time::Instant::now();
    let r = deliver(
        &s,
        &event("evt_1", "customer.subscription.created", json!({ "id": "sub_1", "object": "subscription" })),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "acknowledged in {:?}", started.elapsed());
    eventually(20, "processing reads the subscription", || async {
        match standin.requests_to("GET", "/v1/subscriptions/sub_1").len() {
            1 => Ok(()),
            n => Err(n.to_string()),
        }
    })
    .await;
    assert_eq!(state_of(&s, t).await, SubscriptionState::Trialing, "not applied while Stripe has not answered");
    assert!(!stored_events(&s.db).await["evt_1"].processed);
    standin.release("/v1/subscriptions/sub_1");
    processed(&s, "evt_1").await;
    assert_eq!(state_of(&s, t).await, SubscriptionState::Active);

    // Stripe fails three reads: the event is retried after 50, 100, 200 ms
    // (the test server's retry base doubled), then applied.
    standin.set_status("sub_1", "past_due");
    standin.fail("/v1/subscriptions/sub_1", 3);
    let before = standin.requests_to("GET", "/v1/subscriptions/sub_1").len();
    deliver(
        &s,
        &event("evt_2", "customer.subscription.updated", json!({ "id": "sub_1", "object": "subscription" })),
        None,
    )
    .await;
    processed(&s, "evt_2").await;
    assert_eq!(state_of(&s, t).await, SubscriptionState::PastDue);
    let reads = standin.requests_to("GET", "/v1/subscriptions/sub_1");
    let tries: Vec<_> = reads[before..].iter().map(|r| r.at).collect();
    assert_eq!(tries.len(), 4, "three failures and a success");
    for (i, w) in tries.windows(2).enumerate() {
        let least = std::time::Duration::from_millis(50 << i);
        assert!(w[1] - w[0] >= least, "retry {} came after {:?}, before {least:?}", i + 1, w[1] - w[0]);
    }
    let e = &stored_events(&s.db).await["evt_2"];
    assert_eq!(e.attempts, 4);
    assert!(e.error.as_deref().is_some_and(|m| m.contains("the billing provider is unavailable")), "{e:?}");
}

async fn seats_follow_active_users_and_the_nightly_reconciliation_repairs(b: Backend) {
    let standin = StripeStandIn::start().await;
    let s = start_stripe(b, &standin).await;
    let admin = s.sign_up("acme").await;
    let t = tenant(&admin);
    standin.put("sub_9", "cus_9", Some(&admin.tenant_id), PRICE_TEAM, "active", 1);
    deliver(
        &s,
        &event("evt_9", "customer.subscription.created", json!({ "id": "sub_9", "object": "subscription" })),
        None,
    )
    .await;
    processed(&s, "evt_9").await;
    assert_eq!(state_of(&s, t).await, SubscriptionState::Active);

    let seats = |n: u64| {
        let standin = standin.clone();
        async move {
            match standin.seats("sub_9") {
                Some(q) if q == n => Ok(()),
                other => Err(format!("{other:?}")),
            }
        }
    };
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", None).await;
    eventually(20, "the seat quantity follows a new user", || seats(2)).await;
    s.gql(Some(&admin.token), "mutation($id: ID!) { deactivateUser(id: $id) { id } }", json!({ "id": sp.user_id }))
        .await
        .ok();
    eventually(20, "the seat quantity follows a deactivation", || seats(1)).await;
    let quantities: Vec<(String, String)> = standin
        .requests_to("POST", "/v1/subscriptions/sub_9")
        .iter()
        .filter_map(|r| Some((r.form.get("items[0][quantity]")?.clone(), r.form.get("proration_behavior")?.clone())))
        .collect();
    assert_eq!(
        quantities,
        [("2".to_owned(), "create_prorations".to_owned()), ("1".to_owned(), "create_prorations".to_owned())]
    );
    // The stored row follows the provider's answer to the re-read that
    // comes after the quantity is set: a moment after the stand-in counts.
    eventually(20, "the stored seats follow the provider", || async {
        let seats = s.store.billing_subscription(t).await.unwrap().seats;
        if seats == 1 { Ok(()) } else { Err(format!("{seats} seats stored")) }
    })
    .await;

    // Usage is queued once per period however often it is queued.
    let id = s.store.queue_fuel_report(t, 2020, 1).await.unwrap().unwrap();
    assert_eq!(id, format!("{}:plugin_fuel:2020-01", t.0));
    s.store.queue_fuel_report(t, 2020, 1).await.unwrap();
    let pending = s.store.pending_usage_reports(t).await.unwrap();
    assert_eq!(pending.iter().filter(|p| p.identifier == id).count(), 1);

    // A delivery that never came (Stripe marked the subscription past due):
    // the nightly reconciliation, the same billing the server runs, re-reads
    // every paying company and repairs it; a second run changes nothing.
    standin.set_status("sub_9", "past_due");
    let billing = s.cfg.billing().unwrap();
    let reads = standin.requests_to("GET", "/v1/subscriptions/sub_9").len();
    assert_eq!(billing.reconcile(&s.store).await.unwrap(), 1);
    assert_eq!(state_of(&s, t).await, SubscriptionState::PastDue);
    assert_eq!(standin.requests_to("GET", "/v1/subscriptions/sub_9").len(), reads + 1);
    let grace = s.store.billing_subscription(t).await.unwrap().read_only_at;
    billing.reconcile(&s.store).await.unwrap();
    assert_eq!(s.store.billing_subscription(t).await.unwrap().read_only_at, grace, "the grace starts once");
}

/// A Stripe trial about to end: Stripe's `trial_will_end` is re-read and
/// applied, and the admins get the reminder once, by real SMTP, however
/// often Stripe says so.
async fn a_stripe_trial_ending_is_mailed_once(b: Backend) {
    let standin = StripeStandIn::start().await;
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let st = standin.clone();
    let s = TestServer::start_with(b, move |c| {
        stripe_settings(c, &st);
        c.billing_sweep_seconds = 1;
        c.smtp_url = Some(SecretString::from(url));
        c.mail_from = "关系 CRM <noreply@guanxi.test>".to_owned();
        c.mail_poll_ms = 20;
    })
    .await;
    let admin = s.sign_up("acme").await;
    let t = tenant(&admin);
    let end = Utc::now() + Duration::days(2);
    standin.put("sub_1", "cus_1", Some(&admin.tenant_id), PRICE_TEAM, "trialing", 1);
    standin.set_trial_end("sub_1", Some(end.timestamp()));
    for id in ["evt_1", "evt_2"] {
        let e = event(id, "customer.subscription.trial_will_end", json!({ "id": "sub_1", "object": "subscription" }));
        deliver(&s, &e, None).await;
        deliver(&s, &e, None).await;
        processed(&s, id).await;
    }
    let sub = s.store.billing_subscription(t).await.unwrap();
    assert_eq!(sub.state, SubscriptionState::Trialing);
    assert_eq!(sub.trial_ends_at.map(|t| t.timestamp()), Some(end.timestamp()));
    assert_eq!(sub.provider, "stripe");
    let reminders = || {
        sink.messages()
            .into_iter()
            .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains("Your trial of Guanxi ends soon")))
            .collect::<Vec<_>>()
    };
    eventually(20, "the reminder is delivered", || async {
        if reminders().is_empty() { Err("no reminder yet".to_owned()) } else { Ok(()) }
    })
    .await;
    assert_eq!(reminders()[0]["to"], "admin@acme.cn");
    // More sweeps run (every second): still one reminder.
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert_eq!(reminders().len(), 1);
    assert_eq!(outbox_kinds(&s, &admin).await.iter().filter(|k| *k == "billing_trial_ending").count(), 1);
}

/// The last month, as the fuel outbox names it.
fn last_month() -> (i32, u32, String) {
    let now = Utc::now();
    let (y, m) = if now.month() == 1 { (now.year() - 1, 12) } else { (now.year(), now.month() - 1) };
    (y, m, format!("{y:04}-{m:02}"))
}

/// Usage reports by identifier: reported or not.
async fn usage_rows(db: &TestDb) -> BTreeMap<String, bool> {
    let conn = db.connect_owner().await;
    let rows = conn
        .query_all(Statement::from_string(
            conn.get_database_backend(),
            "SELECT identifier, CASE WHEN reported_at IS NULL THEN 0 ELSE 1 END AS done FROM billing_usage_reports",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| (r.try_get::<String>("", "identifier").unwrap(), r.try_get::<i32>("", "done").unwrap() == 1))
        .collect()
}

/// The server as its own process, killed (SIGKILL) while Stripe holds the
/// answer to a meter event it already counted; restarted, the server sends
/// the report again with the same identifier, which Stripe refuses as a
/// repeat (counted once) and the server takes as delivered.
async fn a_crash_between_a_meter_report_and_its_acknowledgement_neither_loses_nor_doubles_usage(b: Backend) {
    let standin = StripeStandIn::start().await;
    let db = TestDb::new(b).await;
    let dir = tempfile::tempdir().unwrap();
    let mut prices = String::new();
    for (k, v) in guanxi_tests::stripe_standin::prices() {
        prices.push_str(&format!("\"{k}\" = \"{v}\"\n"));
    }
    let toml = format!(
        "database_url = \"{url}\"\ndata_dir = \"{data}\"\nlog_level = \"warn\"\nsearch_engine = \"none\"\n\
         signup_max_per_address = 0\njobs_poll_ms = 20\nbilling_sweep_seconds = 1\nbilling_provider = \"stripe\"\n\
         stripe_secret_key = \"sk_test_standin\"\nstripe_webhook_secret = \"{SECRET}\"\nstripe_api_base = \"{api}\"\n\
         [stripe_prices]\n{prices}",
        url = db.url,
        data = dir.path().join("data").display(),
        api = standin.base,
    );
    let mut server = ServerProcess::start(dir.path(), &toml).await;
    let http = reqwest::Client::new();
    let r = gql_at(
        &http,
        &server.base,
        None,
        "mutation($i: SignUpInput!) { signUp(input: $i) { token tenant { id } } }",
        json!({ "i": { "companyName": "关系科技", "slug": "acme", "adminEmail": "admin@acme.cn",
                       "adminName": "王总", "password": PASSWORD, "timeZone": "Asia/Shanghai" } }),
    )
    .await;
    let tenant_id = r.ok()["signUp"]["tenant"]["id"].as_str().unwrap().to_owned();

    // Last month's plugin fuel, metered before the company pays through Stripe.
    let (y, m, period) = last_month();
    let conn = db.connect_owner().await;
    guanxi_store::entity::plugin_usage::ActiveModel {
        tenant_id: Set(tenant_id.parse().unwrap()),
        plugin_id: Set(uuid::Uuid::now_v7()),
        day: Set(chrono::NaiveDate::from_ymd_opt(y, m, 15).unwrap()),
        hook: Set("customer.created".into()),
        plugin_key: Set("chinese-mobile".into()),
        calls: Set(12),
        failures: Set(0),
        fuel: Set(4_321),
        wall_us: Set(900),
    }
    .insert(&conn)
    .await
    .unwrap();
    drop(conn);

    // Stripe will count the report and hold its answer.
    standin.hold("/v1/billing/meter_events");
    standin.put("sub_1", "cus_1", Some(&tenant_id), PRICE_TEAM, "active", 1);
    let r = deliver_to(
        &server.base,
        &event("evt_1", "customer.subscription.created", json!({ "id": "sub_1", "object": "subscription" })),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let identifier = format!("{tenant_id}:plugin_fuel:{period}");
    eventually(30, "the fuel report reaches Stripe", || async {
        match standin.requests_to("POST", "/v1/billing/meter_events").len() {
            0 => Err("no meter event yet".to_owned()),
            _ => Ok(()),
        }
    })
    .await;

    // The crash: Stripe has the report, the server never heard back.
    server.kill().await;
    assert_eq!(standin.meter(), BTreeMap::from([(identifier.clone(), 4_321)]));
    assert_eq!(usage_rows(&db).await, BTreeMap::from([(identifier.clone(), false)]), "not lost: still to report");

    // Restarted on the same database, the server reports it again.
    standin.release("/v1/billing/meter_events");
    server.restart().await;
    eventually(30, "the report is acknowledged", || async {
        match usage_rows(&db).await.get(&identifier) {
            Some(true) => Ok(()),
            other => Err(format!("{other:?}")),
        }
    })
    .await;
    let sent = standin.requests_to("POST", "/v1/billing/meter_events");
    assert_eq!(sent.len(), 2, "sent before the crash and once after");
    for r in &sent {
        assert_eq!(r.form["identifier"], identifier);
        assert_eq!(r.form["payload[value]"], "4321");
        assert_eq!(r.form["payload[stripe_customer_id]"], "cus_1");
        assert_eq!(r.form["event_name"], "plugin_fuel");
    }
    assert_eq!(standin.meter(), BTreeMap::from([(identifier.clone(), 4_321)]), "counted once");
    // Stripe's refusal of the repeat is no failure: nothing is left to retry
    // and no error is recorded.
    let conn = db.connect_owner().await;
    let row = conn
        .query_one(Statement::from_string(
            conn.get_database_backend(),
            "SELECT attempts, last_error FROM billing_usage_reports",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<Option<String>>("", "last_error").unwrap(), None);
    assert_eq!(row.try_get::<i32>("", "attempts").unwrap(), 0);
    drop(conn);
    // Acknowledged reports are not sent again.
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert_eq!(standin.requests_to("POST", "/v1/billing/meter_events").len(), 2);
    server.kill().await;
}

/// The Stripe provider, on the real async-stripe client, against the
/// stand-in answering with Stripe's example objects: what it sends and how
/// it reads the answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stripe_provider_speaks_stripe() {
    use guanxi_billing::BillingProvider;
    use guanxi_billing::stripe::{StripeConfig, StripeProvider};
    let standin = StripeStandIn::start().await;
    let tenant = TenantId(uuid::Uuid::now_v7());
    let provider = StripeProvider::new(StripeConfig {
        secret_key: SecretString::from("sk_test_standin"),
        api_base: Some(standin.base.clone()),
        prices: [("team:month:cny".to_owned(), "price_team_month_cny".to_owned())].into(),
        fuel_meter: "plugin_fuel".into(),
    })
    .unwrap();

    // Checkout in subscription mode, the seats as the quantity, the company in the metadata.
    let session = provider
        .checkout(&guanxi_billing::CheckoutRequest {
            tenant,
            company_name: "北京关系科技".into(),
            email: "admin@acme.cn".into(),
            customer_ref: None,
            plan: guanxi_store::billing::parse_plan("team").unwrap(),
            interval: guanxi_core::billing::BillingInterval::Month,
            currency: guanxi_core::billing::Currency::Cny,
            seats: 4,
            trial_end: Some(Utc::now() + Duration::days(10)),
            success_url: "http://127.0.0.1/ok".into(),
            cancel_url: "http://127.0.0.1/no".into(),
        })
        .await
        .unwrap();
    assert_eq!(session.url, "https://checkout.stripe.com/c/pay/cs_test_standin");
    let sent = standin.requests().last().unwrap().form.clone();
    assert_eq!(sent["mode"], "subscription");
    assert_eq!(sent["line_items[0][price]"], "price_team_month_cny");
    assert_eq!(sent["line_items[0][quantity]"], "4");
    assert_eq!(sent["subscription_data[metadata][guanxi_tenant]"], tenant.0.to_string());
    assert!(sent.contains_key("subscription_data[trial_end]"));
    assert_eq!(sent["customer_email"], "admin@acme.cn");
    // A plan without a price is refused before Stripe is asked.
    let n = standin.requests().len();
    let mut no_price = guanxi_billing::CheckoutRequest {
        tenant,
        company_name: "x".into(),
        email: "a@b.cn".into(),
        customer_ref: None,
        plan: guanxi_store::billing::parse_plan("business").unwrap(),
        interval: guanxi_core::billing::BillingInterval::Year,
        currency: guanxi_core::billing::Currency::Usd,
        seats: 1,
        trial_end: None,
        success_url: "http://127.0.0.1/ok".into(),
        cancel_url: "http://127.0.0.1/no".into(),
    };
    assert!(matches!(provider.checkout(&no_price).await, Err(guanxi_billing::ProviderError::Rejected(_))));
    no_price.plan = guanxi_store::billing::parse_plan("team").unwrap();
    assert_eq!(standin.requests().len(), n);

    // Reading a subscription maps Stripe's object onto ours.
    standin.put("sub_standin", "cus_standin", Some(&tenant.0.to_string()), "price_team_month_cny", "past_due", 3);
    let s = provider.subscription("sub_standin").await.unwrap().unwrap();
    assert_eq!(s.tenant, Some(tenant));
    assert_eq!(s.plan.as_str(), "team");
    assert_eq!(s.status, ProviderStatus::PastDue);
    assert_eq!(s.seats, 3);
    assert_eq!(s.customer_ref, "cus_standin");
    assert!(provider.subscription("sub_missing").await.unwrap().is_none());

    // Seats: the item's quantity, prorated.
    provider.set_seats("sub_standin", 5).await.unwrap();
    let update = standin.requests().last().unwrap().clone();
    assert_eq!((update.method.as_str(), update.path.as_str()), ("POST", "/v1/subscriptions/sub_standin"));
    assert_eq!(update.form["items[0][quantity]"], "5");
    assert_eq!(update.form["proration_behavior"], "create_prorations");
    assert_eq!(provider.subscription("sub_standin").await.unwrap().unwrap().seats, 5);

    // Cancel at period end, the portal, invoices, a meter event with its identifier.
    let s = provider.set_cancel_at_period_end("sub_standin", true).await.unwrap();
    assert!(s.cancel_at_period_end);
    assert!(provider.portal("cus_standin", "http://127.0.0.1/b").await.unwrap().ends_with("cus_standin"));
    let inv = provider.invoices("cus_standin", 10).await.unwrap();
    assert_eq!(inv[0].id, "in_standin");
    assert_eq!(inv[0].status, "paid");
    let id = format!("{}:plugin_fuel:2026-11", tenant.0);
    let report = guanxi_billing::UsageReport {
        customer_ref: "cus_standin".into(),
        metric: "plugin_fuel".into(),
        quantity: 1234,
        identifier: id.clone(),
        timestamp: Utc::now(),
    };
    provider.report_usage(&report).await.unwrap();
    let meter = standin.requests().last().unwrap().form.clone();
    assert_eq!(meter["event_name"], "plugin_fuel");
    assert_eq!(meter["identifier"], id);
    assert_eq!(meter["payload[value]"], "1234");
    assert_eq!(meter["payload[stripe_customer_id]"], "cus_standin");
    // Sent again, Stripe refuses the repeat (a 400 naming the identifier):
    // the report was delivered, so that is no error; another refusal is.
    provider.report_usage(&report).await.unwrap();
    assert_eq!(standin.requests_to("POST", "/v1/billing/meter_events").len(), 2);
    assert_eq!(standin.meter(), BTreeMap::from([(id.clone(), 1234)]));
    standin.refuse("/v1/billing/meter_events", 1);
    let e = provider.report_usage(&guanxi_billing::UsageReport { identifier: format!("{id}x"), ..report }).await;
    assert!(matches!(e, Err(guanxi_billing::ProviderError::Rejected(_))), "{e:?}");
}

backend_tests!(
    a_new_company_trials_team_and_only_admins_see_billing,
    the_lifecycle_runs_from_trial_to_read_only_and_back,
    read_only_blocks_every_write_but_billing_exports_and_backups,
    every_member_sees_where_the_subscription_stands,
    the_operator_sets_only_plans_of_the_catalogue,
    webhooks_are_verified_stored_once_and_applied_in_any_order,
    events_are_acknowledged_before_processing_and_retried_with_backoff,
    a_stripe_trial_ending_is_mailed_once,
    seats_follow_active_users_and_the_nightly_reconciliation_repairs,
    a_crash_between_a_meter_report_and_its_acknowledgement_neither_loses_nor_doubles_usage,
);
