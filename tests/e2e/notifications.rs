//! In-app notifications: each producer (customers given by someone else,
//! a finished import, a webhook disabled for failing, an `@mention`, an
//! overdue plan), dedupe under redelivery, read state and counts,
//! pagination, preferences (mail at the SMTP sink only when asked),
//! retention, and isolation between users and companies.
//!
//! Notifications are written by a subscriber of the domain events, after
//! the request that caused them. A test that expects *no* notification
//! for someone first waits for one that a later change of the same company
//! gives them: a company's events are handled in order, so by then the
//! earlier ones were handled too.

use guanxi_core::{DomainEvent, TenantId, UserId, WorkPlanId};
use guanxi_server::Config;
use guanxi_tests::{Backend, Company, Session, SmtpSink, TestServer, backend_tests, company, company_on, eventually};
use secrecy::SecretString;
use serde_json::{Value, json};

const LIST: &str = "query($f: Int, $a: String, $u: Boolean) { \
    notifications(first: $f, after: $a, unreadOnly: $u) { \
      nodes { id kind title body enTitle: title(locale: \"en\") enBody: body(locale: \"en\") params \
              link { kind id } actorId createdAt readAt read } \
      edges { cursor node { id } } \
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } \
    unreadNotificationCount }";
const MARK: &str =
    "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { notifications { id read readAt } unreadCount } }";
const MARK_ALL: &str = "mutation { markAllNotificationsRead }";
const PREFS: &str = "{ notificationPreferences { kind inApp mail } }";
const SET_PREFS: &str =
    "mutation($p: [NotificationPreferenceInput!]!) { updateNotificationPreferences(input: $p) { kind inApp mail } }";
const POST: &str =
    "mutation($t: String!, $c: String!) { createBoardPost(input: {title: $t, mood: \"😀\", content: $c}) { id } }";
const OUTBOX: &str = "{ mailOutbox(limit: 200) { kind to subject body } }";

/// A page of `who`'s notifications (the first 100) and their unread count.
async fn page(s: &TestServer, who: &Session, unread_only: bool) -> (Vec<Value>, i64) {
    let r = s.gql(Some(&who.token), LIST, json!({ "f": 100, "u": unread_only })).await;
    let nodes = r.ok()["notifications"]["nodes"].as_array().unwrap().clone();
    (nodes, r.ok()["unreadNotificationCount"].as_i64().unwrap())
}

/// Wait until `who` has at least `n` notifications; all of them, newest first.
async fn wait_for(s: &TestServer, who: &Session, n: usize, what: &str) -> Vec<Value> {
    eventually(20, what, || async {
        let (nodes, _) = page(s, who, false).await;
        if nodes.len() >= n { Ok(nodes) } else { Err(format!("{nodes:#?}")) }
    })
    .await
}

fn kinds(nodes: &[Value]) -> Vec<&str> {
    nodes.iter().map(|n| n["kind"].as_str().unwrap()).collect()
}

async fn rename(s: &TestServer, admin: &Session, who: &Session, name: &str) {
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!, $n: String!) { updateUser(id: $id, input: {displayName: $n}) { id } }",
            json!({ "id": who.user_id, "n": name }),
        )
        .await;
    r.ok();
}

async fn post(s: &TestServer, who: &Session, title: &str, content: &str) -> String {
    let r = s.gql(Some(&who.token), POST, json!({ "t": title, "c": content })).await;
    r.ok()["createBoardPost"]["id"].as_str().unwrap().to_owned()
}

/// Every stored event of `who`'s company, handed to the producers again:
/// at-least-once delivery must never notify twice.
async fn redeliver_everything(s: &TestServer, who: &Session) {
    let events = s.events(who, 0).await;
    let tenant = TenantId(who.tenant_id.parse().unwrap());
    assert_eq!(s.store.notify_for_events(tenant, &events).await.unwrap(), 0, "redelivered events notified again");
}

/// A pool customer released by `owner`: its id.
async fn pool_customer(s: &TestServer, owner: &Session, name: &str) -> String {
    let id = s.create_customer(owner, name).await;
    s.gql(
        Some(&owner.token),
        "mutation($id: ID!) { releaseCustomer(id: $id, reason: \"放弃\") { id } }",
        json!({ "id": id }),
    )
    .await
    .ok();
    id
}

async fn customers_given_by_someone_else_notify_the_new_owner(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let a = pool_customer(&s, &sp2, "张三").await;
    let bb = pool_customer(&s, &sp2, "李四").await;
    // Released by sp1: sp2 may claim it at once (no cooldown of their own).
    let c = pool_customer(&s, &sp1, "王五").await;

    // Two customers in one assignment: one notification that counts both.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($ids: [ID!]!, $to: ID!) { assignCustomers(ids: $ids, toUserId: $to) { id } }",
            json!({ "ids": [a, bb], "to": sp1.user_id }),
        )
        .await;
    r.ok();
    let got = wait_for(&s, &sp1, 1, "sp1 told of the assignment").await;
    assert_eq!(got.len(), 1, "{got:#?}");
    let n = &got[0];
    assert_eq!(n["kind"], "CUSTOMER_ASSIGNED");
    assert_eq!(n["title"], "2 位客户分配给了你");
    assert_eq!(n["body"], "王总 把 2 位客户分配给了你，包括「张三」。");
    assert_eq!(n["enTitle"], "2 customers were assigned to you");
    assert_eq!(n["params"]["count"], 2);
    assert_eq!(n["params"]["how"], "assign");
    assert_eq!(n["params"]["customerName"], "张三");
    assert_eq!(n["link"], json!({ "kind": "CUSTOMER", "id": a }));
    assert_eq!(n["actorId"], admin.user_id.as_str());
    assert_eq!((n["read"].as_bool(), n["readAt"].is_null()), (Some(false), true));

    // Claiming for oneself and assigning to oneself tell nobody; the
    // transfer that follows tells sp2, of all three customers.
    s.gql(Some(&sp2.token), "mutation($id: ID!) { claimCustomer(id: $id) { id } }", json!({ "id": c })).await.ok();
    let own = pool_customer(&s, &admin, "赵六").await;
    s.gql(
        Some(&admin.token),
        "mutation($ids: [ID!]!, $to: ID!) { assignCustomers(ids: $ids, toUserId: $to) { id } }",
        json!({ "ids": [own], "to": admin.user_id }),
    )
    .await
    .ok();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($f: ID!, $t: ID!) { transferCustomers(fromUserId: $f, toUserId: $t) }",
            json!({ "f": sp1.user_id, "t": sp2.user_id }),
        )
        .await;
    assert_eq!(r.ok()["transferCustomers"], 2);
    let got = wait_for(&s, &sp2, 1, "sp2 told of the transfer").await;
    assert_eq!(got.len(), 1, "the claim told sp2 nothing: {got:#?}");
    assert_eq!(got[0]["title"], "2 位客户转交给了你");
    assert_eq!(got[0]["enBody"], "王总 transferred 2 customers to you, including “张三”.");
    let (mine, unread) = page(&s, &admin, false).await;
    assert!(mine.is_empty() && unread == 0, "assigning to oneself told the admin: {mine:#?}");
    redeliver_everything(&s, &admin).await;
    assert_eq!(page(&s, &sp1, false).await.0.len(), 1);
    assert_eq!(page(&s, &sp2, false).await.0.len(), 1);
}

async fn one_change_is_one_notification_however_its_events_are_batched(b: Backend) {
    // One event per batch: the transfer's events reach the producer one by
    // one, and it still tells once, of the whole change.
    let c = company_on(b, |c: &mut Config| c.events_batch_size = 1).await;
    let (s, admin, sp1, sp2) = (&c.s, &c.admin, &c.sp1, &c.sp2);
    for name in ["甲", "乙", "丙", "丁"] {
        s.create_customer(sp1, name).await;
    }
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($f: ID!, $t: ID!) { transferCustomers(fromUserId: $f, toUserId: $t) }",
            json!({ "f": sp1.user_id, "t": sp2.user_id }),
        )
        .await;
    assert_eq!(r.ok()["transferCustomers"], 4);
    // A later change for sp2: once it is told, the transfer was handled.
    let post_id = post(s, admin, "通知", "@新同事 请看").await;
    let got = eventually(20, "sp2 told of the transfer and the mention", || async {
        let (nodes, _) = page(s, sp2, false).await;
        if nodes.iter().any(|n| n["kind"] == "MENTION") { Ok(nodes) } else { Err(format!("{nodes:#?}")) }
    })
    .await;
    let assigned: Vec<_> = got.iter().filter(|n| n["kind"] == "CUSTOMER_ASSIGNED").collect();
    assert_eq!(assigned.len(), 1, "{got:#?}");
    assert_eq!(assigned[0]["params"]["count"], 4);
    assert!(got.iter().any(|n| n["link"]["id"] == post_id.as_str()));
    redeliver_everything(s, admin).await;
}

async fn finished_imports_notify_who_started_them(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let csv = "姓名,电话\n王五,13900139000\n赵六,13900139001\n钱七,13900139000\n";
    let r = s
        .gql_upload(
            Some(&sp1.token),
            "mutation($file: Upload!) { importCustomers(file: $file) { id } }",
            json!({ "file": null }),
            vec![("variables.file", "客户名单.csv", csv.as_bytes().to_vec())],
        )
        .await;
    let import = r.ok()["importCustomers"]["id"].as_str().unwrap().to_owned();
    let got = wait_for(&s, &sp1, 1, "sp1 told the import finished").await;
    let n = &got[0];
    assert_eq!(n["kind"], "IMPORT_FINISHED");
    assert_eq!(n["title"], "导入完成：客户名单.csv");
    assert_eq!(n["link"], json!({ "kind": "IMPORT", "id": import }));
    assert_eq!(n["actorId"], Value::Null);
    let p = &n["params"];
    assert_eq!(
        p["created"].as_u64().unwrap() + p["skipped"].as_u64().unwrap() + p["failed"].as_u64().unwrap(),
        3,
        "{p}"
    );
    assert!(p["created"].as_u64().unwrap() >= 2, "{p}");
    assert_eq!(
        n["body"],
        format!(
            "新建 {} 位客户，更新 {} 位，跳过 {} 行，失败 {} 行。",
            p["created"], p["updated"], p["skipped"], p["failed"]
        )
    );
    // Nobody else is told.
    assert!(page(&s, &admin, false).await.0.is_empty());
    redeliver_everything(&s, &admin).await;
}

async fn webhooks_disabled_for_failing_notify_every_admin(b: Backend) {
    let c = company_on(b, |c: &mut Config| {
        c.webhooks_allow_private = true;
        c.webhooks_poll_ms = 20;
        c.webhooks_retry_hours = 0;
        c.webhooks_disable_after_failures = 1;
        c.webhooks_disable_after_hours = 0;
    })
    .await;
    let (s, admin, sp1) = (&c.s, &c.admin, &c.sp1);
    let admin2 = s.invite_and_accept(admin, "boss2@acme.cn", "ADMIN", None).await;
    // A closed loopback port: the first delivery fails and disables it.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { createWebhook(input: {url: \"http://127.0.0.1:9/hook\", events: [\"customer.created\"]}) { webhook { id } } }",
            json!({}),
        )
        .await;
    let hook = r.ok()["createWebhook"]["webhook"]["id"].as_str().unwrap().to_owned();
    // A manual disable of another webhook tells nobody.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { createWebhook(input: {url: \"http://127.0.0.1:9/other\", events: [\"deal.created\"]}) { webhook { id } } }",
            json!({}),
        )
        .await;
    let other = r.ok()["createWebhook"]["webhook"]["id"].as_str().unwrap().to_owned();
    s.gql(Some(&admin.token), "mutation($id: ID!) { disableWebhook(id: $id) { id } }", json!({ "id": other }))
        .await
        .ok();
    s.create_customer(sp1, "推送").await;

    for who in [admin, &admin2] {
        let got = wait_for(s, who, 1, "an admin told of the disabled webhook").await;
        assert_eq!(kinds(&got), ["WEBHOOK_DISABLED"], "{got:#?}");
        assert_eq!(got[0]["link"], json!({ "kind": "WEBHOOK", "id": hook }));
        assert_eq!(got[0]["params"]["url"], "http://127.0.0.1:9/hook");
        assert_eq!(got[0]["params"]["failures"], 1);
        assert_eq!(got[0]["title"], "Webhook 已自动停用");
        assert_eq!(got[0]["enTitle"], "A webhook was disabled");
    }
    assert!(page(s, sp1, false).await.0.is_empty());
    // Admins get this kind by mail too unless they turn it off.
    let mails = s.gql(Some(&admin.token), OUTBOX, json!({})).await;
    let to: Vec<&str> = mails.ok()["mailOutbox"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "notification")
        .map(|m| m["to"].as_str().unwrap())
        .collect();
    assert_eq!(to.len(), 2, "{to:?}");
    assert!(to.contains(&"admin@acme.cn") && to.contains(&"boss2@acme.cn"), "{to:?}");
    redeliver_everything(s, admin).await;
}

async fn mentions_notify_each_named_user_once_per_post(b: Backend) {
    let Company { s, admin, sp1, sp2, maint, .. } = company(b).await;
    rename(&s, &admin, &sp1, "李娜").await;
    rename(&s, &admin, &sp2, "李娜娜").await;
    rename(&s, &admin, &maint, "运维").await;
    // sp2 names sp1, the admin, the maintenance account and themselves.
    let p = post(&s, &sp2, "周五团建", "@李娜 和@王总 一起吧，@运维 也来？@李娜娜").await;
    for who in [&sp1, &admin] {
        let got = wait_for(&s, who, 1, "a mention").await;
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0]["kind"], "MENTION");
        assert_eq!(got[0]["title"], "李娜娜 在留言板提到了你");
        assert_eq!(got[0]["body"], "「周五团建」：@李娜 和@王总 一起吧，@运维 也来？@李娜娜");
        assert_eq!(got[0]["enTitle"], "李娜娜 mentioned you on the message board");
        assert_eq!(got[0]["link"], json!({ "kind": "BOARD_POST", "id": p }));
        assert_eq!(got[0]["actorId"], sp2.user_id.as_str());
    }
    // An edit by the admin that names sp2 tells sp2 (the admin wrote it),
    // and not sp1 again.
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!, $c: String!) { updateBoardPost(id: $id, input: {content: $c}) { id } }",
        json!({ "id": p, "c": "@李娜 @李娜娜 改到周六" }),
    )
    .await
    .ok();
    let got = wait_for(&s, &sp2, 1, "sp2 named by the edit").await;
    assert_eq!(got[0]["title"], "王总 在留言板提到了你");
    assert_eq!(page(&s, &sp1, false).await.0.len(), 1);
    assert!(page(&s, &maint, false).await.0.is_empty(), "maintenance accounts cannot read the board");
    redeliver_everything(&s, &admin).await;
}

async fn overdue_plans_notify_their_owner(b: Backend) {
    let Company { s, sp1, .. } = company(b).await;
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation { createWorkPlan(input: {subject: \"回访张总\", start: \"2030-05-01T09:00:00Z\", end: \"2030-05-01T10:00:00Z\"}) { id } }",
            json!({}),
        )
        .await;
    let plan = r.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned();
    // The overdue sweep's event, without waiting until 2030.
    let p = s.store.authenticate(&sp1.token).await.unwrap();
    let tx = s.store.tenant_tx(&p, guanxi_store::Access::Write, &Default::default()).await.unwrap();
    guanxi_store::events::append(
        &tx,
        DomainEvent::PlanOverdue {
            plan: WorkPlanId(plan.parse().unwrap()),
            owner: UserId(sp1.user_id.parse().unwrap()),
        },
    );
    tx.commit().await.unwrap();
    let got = wait_for(&s, &sp1, 1, "sp1 told the plan is overdue").await;
    assert_eq!(got[0]["kind"], "PLAN_OVERDUE");
    assert_eq!(got[0]["body"], "「回访张总」已过结束时间，尚未完成。");
    assert_eq!(got[0]["link"], json!({ "kind": "WORK_PLAN", "id": plan }));
}

async fn read_state_counts_and_pages(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    rename(&s, &admin, &sp1, "李娜").await;
    for i in 0..12 {
        post(&s, &admin, &format!("第{i}条"), "@李娜 看一下").await;
    }
    let all = wait_for(&s, &sp1, 12, "twelve mentions").await;
    assert_eq!(all.len(), 12);
    // Newest first.
    assert_eq!(all[0]["params"]["title"], "第11条");
    assert_eq!(all[11]["params"]["title"], "第0条");

    // Pages of five: 5, 5, 2.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for (i, size) in [5, 5, 2].into_iter().enumerate() {
        let r = s.gql(Some(&sp1.token), LIST, json!({ "f": 5, "a": after })).await;
        let c = &r.ok()["notifications"];
        let nodes = c["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), size);
        assert_eq!(c["pageInfo"]["hasNextPage"], i < 2);
        assert_eq!(c["pageInfo"]["hasPreviousPage"], i > 0);
        assert_eq!(c["edges"][size - 1]["cursor"], c["pageInfo"]["endCursor"]);
        seen.extend(nodes.iter().map(|n| n["id"].clone()));
        after = c["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, all.iter().map(|n| n["id"].clone()).collect::<Vec<_>>());

    // Mark two read: the count drops, only they changed, again is harmless.
    let two = json!([all[0]["id"], all[3]["id"]]);
    let r = s.gql(Some(&sp1.token), MARK, json!({ "ids": two })).await;
    let m = &r.ok()["markNotificationsRead"];
    assert_eq!(m["unreadCount"], 10);
    assert!(m["notifications"].as_array().unwrap().iter().all(|n| n["read"] == true));
    let first_read = m["notifications"][0]["readAt"].clone();
    let r = s.gql(Some(&sp1.token), MARK, json!({ "ids": two })).await;
    assert_eq!(r.ok()["markNotificationsRead"]["unreadCount"], 10);
    assert_eq!(r.ok()["markNotificationsRead"]["notifications"][0]["readAt"], first_read);
    let (unread, count) = page(&s, &sp1, true).await;
    assert_eq!((unread.len(), count), (10, 10));
    assert!(unread.iter().all(|n| n["id"] != all[0]["id"] && n["id"] != all[3]["id"]));

    // Mark all: ten were unread, none are now.
    let r = s.gql(Some(&sp1.token), MARK_ALL, json!({})).await;
    assert_eq!(r.ok()["markAllNotificationsRead"], 10);
    let (unread, count) = page(&s, &sp1, true).await;
    assert_eq!((unread.len(), count), (0, 0));
    assert_eq!(page(&s, &sp1, false).await.0.len(), 12);

    // Bad input: typed errors, nothing changed.
    for (q, v, field) in [
        (LIST, json!({ "f": 0 }), "first"),
        (LIST, json!({ "f": 101 }), "first"),
        (LIST, json!({ "a": "garbage!" }), "after"),
        (MARK, json!({ "ids": [] }), "ids"),
        (MARK, json!({ "ids": ["not-an-id"] }), "ids"),
        (
            MARK,
            json!({ "ids": (0..101).map(|i| format!("0190f000-0000-7000-8000-{i:012}")).collect::<Vec<_>>() }),
            "ids",
        ),
        ("{ notifications { nodes { title(locale: \"fr\") } } }", json!({}), "locale"),
    ] {
        let r = s.gql(Some(&sp1.token), q, v.clone()).await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "{q} {v}: {:#}", r.body);
        assert_eq!(r.fields(), [field], "{:#}", r.body);
    }
    let r = s.gql(None, "{ unreadNotificationCount }", json!({})).await;
    assert_eq!(r.code(), "UNAUTHENTICATED");
}

async fn preferences_choose_app_and_mail(b: Backend) {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let c = company_on(b, move |c: &mut Config| {
        c.smtp_url = Some(SecretString::from(url));
        c.mail_poll_ms = 20;
        c.mail_retry_base_ms = 50;
        c.mail_timeout_secs = 5;
    })
    .await;
    let (s, admin, sup, sp1, sp2) = (&c.s, &c.admin, &c.sup, &c.sp1, &c.sp2);
    rename(s, admin, sp1, "李娜").await;
    rename(s, admin, sp2, "张伟").await;
    rename(s, admin, sup, "陈主管").await;

    // Defaults: every kind in the app; by mail only disabled webhooks and
    // the daily reminders' digest.
    let r = s.gql(Some(&sp1.token), PREFS, json!({})).await;
    let prefs = r.ok()["notificationPreferences"].as_array().unwrap().clone();
    assert_eq!(
        prefs.iter().map(|p| p["kind"].as_str().unwrap()).collect::<Vec<_>>(),
        ["CUSTOMER_ASSIGNED", "IMPORT_FINISHED", "WEBHOOK_DISABLED", "MENTION", "PLAN_OVERDUE", "WORKFLOW", "REMINDER"]
    );
    for p in &prefs {
        assert_eq!(p["inApp"], true);
        assert_eq!(p["mail"], p["kind"] == "WEBHOOK_DISABLED" || p["kind"] == "REMINDER", "{p}");
    }

    // sp1: mentions by mail too; sp2: by mail only; the supervisor: nowhere.
    let set = |who: &Session, in_app: bool, mail: bool| {
        let token = who.token.clone();
        async move {
            let r = s
                .gql(Some(&token), SET_PREFS, json!({ "p": [{ "kind": "MENTION", "inApp": in_app, "mail": mail }] }))
                .await;
            r.ok()["updateNotificationPreferences"].as_array().unwrap().clone()
        }
    };
    let after = set(sp1, true, true).await;
    assert_eq!(after.len(), 7);
    assert!(after.iter().any(|p| p == &json!({ "kind": "MENTION", "inApp": true, "mail": true })));
    assert!(after.iter().any(|p| p == &json!({ "kind": "IMPORT_FINISHED", "inApp": true, "mail": false })));
    set(sp2, false, true).await;
    set(sup, false, false).await;
    let r = s.gql(Some(&sp2.token), PREFS, json!({})).await;
    assert!(
        r.ok()["notificationPreferences"]
            .as_array()
            .unwrap()
            .contains(&json!({ "kind": "MENTION", "inApp": false, "mail": true }))
    );

    post(s, admin, "季度目标", "@李娜 @张伟 @陈主管 请确认").await;
    let m = mention_mail(&sink, "sp1@acme.cn").await;
    let subject = m["subject"].as_str().unwrap();
    assert_eq!(subject, "王总 在留言板提到了你 · 王总 mentioned you on the message board");
    let body = m["body"].as_str().unwrap();
    assert!(body.contains("「季度目标」：@李娜 @张伟 @陈主管 请确认"), "{body}");
    assert!(body.contains(&format!("{}/board", s.cfg.public_url().trim_end_matches('/'))), "{body}");
    mention_mail(&sink, "sp2@acme.cn").await;
    // In the app: sp1 sees it; sp2 (mail only) and the supervisor do not.
    let got = wait_for(s, sp1, 1, "sp1's mention").await;
    assert_eq!(got.len(), 1);
    assert_eq!(page(s, sp2, false).await, (Vec::<Value>::new(), 0));
    assert_eq!(page(s, sup, false).await, (Vec::<Value>::new(), 0));
    // The outbox holds exactly the two mails asked for.
    let mails = s.gql(Some(&admin.token), OUTBOX, json!({})).await;
    let mut to: Vec<String> = mails.ok()["mailOutbox"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "notification")
        .map(|m| m["to"].as_str().unwrap().to_owned())
        .collect();
    to.sort();
    assert_eq!(to, ["sp1@acme.cn", "sp2@acme.cn"]);
    // Redelivered, the post sends no mail again.
    redeliver_everything(s, admin).await;

    // Bad input: a kind twice, an unknown kind.
    let r = s
        .gql(
            Some(&sp1.token),
            SET_PREFS,
            json!({ "p": [{ "kind": "MENTION", "inApp": true, "mail": true }, { "kind": "MENTION", "inApp": false, "mail": false }] }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["kind"]);
    let r = s.gql(Some(&sp1.token), SET_PREFS, json!({ "p": [{ "kind": "NOPE", "inApp": true, "mail": true }] })).await;
    assert_eq!(r.code(), "BAD_REQUEST");
    let r = s.gql(Some(&sp1.token), PREFS, json!({})).await;
    assert!(
        r.ok()["notificationPreferences"]
            .as_array()
            .unwrap()
            .contains(&json!({ "kind": "MENTION", "inApp": true, "mail": true }))
    );
}

/// The notification mail to `to` that the sink received (the invitation
/// mails of the company's set-up arrive there too).
async fn mention_mail(sink: &SmtpSink, to: &str) -> Value {
    eventually(20, &format!("a mention mailed to {to}"), || async {
        let got = sink.messages();
        got.iter()
            .find(|m| m["to"] == to && m["subject"].as_str().is_some_and(|s| s.contains("提到了你")))
            .cloned()
            .ok_or_else(|| format!("{got:#?}"))
    })
    .await
}

async fn nobody_reads_or_marks_anothers_notifications(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    rename(&s, &admin, &sp1, "李娜").await;
    rename(&s, &admin, &sp2, "张伟").await;
    post(&s, &admin, "一", "@李娜 @张伟").await;
    let theirs = wait_for(&s, &sp1, 1, "sp1's mention").await[0]["id"].as_str().unwrap().to_owned();
    let mine = wait_for(&s, &sp2, 1, "sp2's mention").await[0]["id"].as_str().unwrap().to_owned();
    assert_ne!(theirs, mine);

    let other = s.sign_up("other").await;
    let nowhere = "0190f000-0000-7000-8000-000000000000";
    for (who, ids) in [
        (&sp2, json!([theirs])),
        (&sp2, json!([mine, theirs])),
        (&admin, json!([theirs])),
        (&other, json!([theirs])),
        (&sp2, json!([nowhere])),
    ] {
        let r = s.gql(Some(&who.token), MARK, json!({ "ids": ids })).await;
        assert_eq!(r.code(), "NOT_FOUND", "{ids}: {:#}", r.body);
        assert!(r.body["data"].is_null(), "{:#}", r.body);
    }
    // Nothing was marked, not even sp2's own (all or nothing).
    assert_eq!(page(&s, &sp1, true).await.1, 1);
    assert_eq!(page(&s, &sp2, true).await.1, 1);
    // Marking all marks only one's own; lists are one's own.
    let r = s.gql(Some(&sp2.token), MARK_ALL, json!({})).await;
    assert_eq!(r.ok()["markAllNotificationsRead"], 1);
    assert_eq!(page(&s, &sp1, true).await.1, 1);
    let (admins, _) = page(&s, &admin, false).await;
    assert!(admins.is_empty(), "{admins:#?}");
    let (others, count) = page(&s, &other, false).await;
    assert!(others.is_empty() && count == 0);
    // Preferences are one's own too.
    s.gql(Some(&sp2.token), SET_PREFS, json!({ "p": [{ "kind": "MENTION", "inApp": false, "mail": false }] }))
        .await
        .ok();
    let r = s.gql(Some(&sp1.token), PREFS, json!({})).await;
    assert!(
        r.ok()["notificationPreferences"]
            .as_array()
            .unwrap()
            .contains(&json!({ "kind": "MENTION", "inApp": true, "mail": false }))
    );
}

async fn read_notifications_are_pruned_after_ninety_days(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    rename(&s, &admin, &sp1, "李娜").await;
    post(&s, &admin, "一", "@李娜").await;
    post(&s, &admin, "二", "@李娜").await;
    let all = wait_for(&s, &sp1, 2, "two mentions").await;
    s.gql(Some(&sp1.token), MARK, json!({ "ids": [all[0]["id"]] })).await.ok();
    let now = chrono::Utc::now();
    let retention = chrono::Duration::days(guanxi_store::notifications::RETENTION_DAYS);
    // 89 days on, nothing is old enough.
    let pruned = s.store.prune_notifications(now + chrono::Duration::days(89) - retention).await.unwrap();
    assert_eq!(pruned, 0);
    assert_eq!(page(&s, &sp1, false).await.0.len(), 2);
    // 91 days on, the read one goes; the unread one stays whatever its age.
    let pruned = s.store.prune_notifications(now + chrono::Duration::days(91) - retention).await.unwrap();
    assert_eq!(pruned, 1);
    let (left, unread) = page(&s, &sp1, false).await;
    assert_eq!(left.len(), 1);
    assert_eq!((left[0]["id"].clone(), unread), (all[1]["id"].clone(), 1));
}

backend_tests!(
    customers_given_by_someone_else_notify_the_new_owner,
    one_change_is_one_notification_however_its_events_are_batched,
    finished_imports_notify_who_started_them,
    webhooks_disabled_for_failing_notify_every_admin,
    mentions_notify_each_named_user_once_per_post,
    overdue_plans_notify_their_owner,
    read_state_counts_and_pages,
    preferences_choose_app_and_mail,
    nobody_reads_or_marks_anothers_notifications,
    read_notifications_are_pruned_after_ninety_days,
);
