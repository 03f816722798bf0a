//! The suggestion box (建议箱): everyone but maintenance submits, signed or
//! anonymous; supervisors and admins read, reply and delete; an anonymous
//! suggestion leaves nothing in the database that names its author.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use guanxi_tests::{Backend, PASSWORD, TestServer, backend_tests};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value as DbValue};
use serde_json::json;

use guanxi_tests::company;

const SUBMIT: &str = "mutation($i: SubmitSuggestionInput!) { submitSuggestion(input: $i) { id anonymous createdAt } }";
const LIST: &str = "query($w: SuggestionWindow!) { suggestions(window: $w, limit: 100) { id title content anonymous authorId authorName replyCount } }";
const ONE: &str = "query($id: ID!) { suggestion(id: $id) { id title anonymous authorId authorName replyCount replies { id suggestionId authorId authorName content } } }";
const REPLY: &str =
    "mutation($id: ID!, $c: String!) { replyToSuggestion(suggestionId: $id, content: $c) { id authorId content } }";
const DELETE: &str = "mutation($id: ID!) { deleteSuggestion(id: $id) }";

async fn submit(s: &TestServer, token: &str, title: &str, anonymous: bool) -> String {
    let r = s
        .gql(Some(token), SUBMIT, json!({ "i": { "title": title, "content": "建议内容", "anonymous": anonymous } }))
        .await;
    assert_eq!(r.ok()["submitSuggestion"]["anonymous"], anonymous);
    r.ok()["submitSuggestion"]["id"].as_str().unwrap().to_owned()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Rows of `table` matching `filter`, one string per row holding every
/// column: the row as JSON on PostgreSQL; on SQLite the hex of each column
/// (ids are stored there as 16-byte blobs), so needles are compared in hex.
pub(crate) async fn raw_rows(db: &DatabaseConnection, table: &str, filter: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            let cols = db
                .query_all(Statement::from_string(backend, format!("SELECT name FROM pragma_table_info('{table}')")))
                .await
                .unwrap();
            let expr: Vec<String> = cols
                .iter()
                .map(|c| format!("coalesce(hex(\"{}\"), '')", c.try_get::<String>("", "name").unwrap()))
                .collect();
            format!("SELECT {} AS r FROM {table} WHERE {filter}", expr.join(" || '|' || "))
        }
        _ => format!("SELECT row_to_json(t)::text AS r FROM {table} t WHERE {filter}"),
    };
    let rows = db.query_all(Statement::from_string(backend, sql)).await.unwrap();
    rows.iter().map(|r| r.try_get::<String>("", "r").unwrap()).collect()
}

/// The forms a user's id and e-mail take in [`raw_rows`] output.
fn needles(backend: DbBackend, user_id: &str, email: &str) -> Vec<String> {
    let bare = user_id.replace('-', "");
    match backend {
        DbBackend::Sqlite => vec![bare.to_uppercase(), hex(user_id.as_bytes()), hex(email.as_bytes())],
        _ => vec![user_id.to_owned(), bare, email.to_owned()],
    }
}

fn naming(rows: &[String], needles: &[String]) -> usize {
    rows.iter().filter(|r| needles.iter().any(|n| r.contains(n.as_str()))).count()
}

async fn anonymous_suggestions_leave_no_trace_of_their_author(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let anon = submit(s, &c.sp1.token, "希望多一些培训", true).await;

    let db = s.db.connect_owner().await;
    let me = needles(db.get_database_backend(), &c.sp1.user_id, "sp1@acme.cn");
    let rows = raw_rows(&db, "suggestions", "1 = 1").await;
    let audit = raw_rows(&db, "audit_log", "target_type = 'suggestion'").await;
    assert_eq!((rows.len(), audit.len()), (1, 1), "{rows:?} {audit:?}");
    assert_eq!(naming(&rows, &me), 0, "the suggestion row names its author: {rows:?}");
    assert_eq!(naming(&audit, &me), 0, "the audit entry names the author: {audit:?}");

    // The audit entry exists, with no actor and no request id to follow.
    let r = s
        .gql(Some(&c.admin.token), "{ auditLog(limit: 100) { action actorId targetId requestId detail } }", json!({}))
        .await;
    let entries = r.ok()["auditLog"].as_array().unwrap().clone();
    let entry = entries.iter().find(|e| e["targetId"] == anon.as_str()).unwrap();
    assert_eq!(entry["action"], "suggestion.submit");
    assert!(entry["actorId"].is_null() && entry["requestId"].is_null(), "{entry}");
    assert_eq!(entry["detail"], json!({ "anonymous": true }));

    // Staff see the suggestion, and no author.
    for who in [&c.admin, &c.sup] {
        let r = s.gql(Some(&who.token), ONE, json!({ "id": anon })).await;
        let sug = &r.ok()["suggestion"];
        assert_eq!(sug["title"], "希望多一些培训");
        assert!(sug["anonymous"].as_bool().unwrap() && sug["authorId"].is_null() && sug["authorName"].is_null());
    }

    // The same checks do find the author of a signed suggestion.
    submit(s, &c.sp1.token, "署名建议", false).await;
    let rows = raw_rows(&db, "suggestions", "1 = 1").await;
    let audit = raw_rows(&db, "audit_log", "target_type = 'suggestion'").await;
    assert_eq!((rows.len(), naming(&rows, &me)), (2, 1), "{rows:?}");
    assert_eq!((audit.len(), naming(&audit, &me)), (2, 1), "{audit:?}");

    // Deleting it records the deleting admin, still not the author.
    let r = s.gql(Some(&c.admin.token), DELETE, json!({ "id": anon })).await;
    assert_eq!(r.ok()["deleteSuggestion"], true);
    let audit = raw_rows(&db, "audit_log", "target_type = 'suggestion'").await;
    assert_eq!((audit.len(), naming(&audit, &me)), (3, 1), "{audit:?}");
}

async fn staff_read_every_suggestion_and_see_signers(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    // sp2 is in group 2, which the supervisor does not lead: the box is company-wide.
    let signed = submit(s, &c.sp2.token, "改进报销流程", false).await;
    submit(s, &c.sup.token, "主管的建议", true).await;
    submit(s, &c.admin.token, "老板也提建议", false).await;

    for who in [&c.admin, &c.sup] {
        let r = s.gql(Some(&who.token), LIST, json!({ "w": "ALL" })).await;
        let list = r.ok()["suggestions"].as_array().unwrap().clone();
        let titles: Vec<&str> = list.iter().map(|x| x["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["老板也提建议", "主管的建议", "改进报销流程"], "newest first");
        assert_eq!(list[2]["authorId"], c.sp2.user_id.as_str());
        assert_eq!(list[2]["authorName"], "新同事");
        assert_eq!(list[2]["anonymous"], false);
        assert!(list[1]["authorId"].is_null() && list[1]["anonymous"].as_bool().unwrap());
        assert_eq!(list[0]["authorId"], c.admin.user_id.as_str());
    }
    let r = s.gql(Some(&c.admin.token), "{ suggestions(limit: 2) { title } }", json!({})).await;
    assert_eq!(r.ok()["suggestions"].as_array().unwrap().len(), 2);

    // Salespeople submit but cannot read; maintenance can do neither.
    for who in [&c.sp1, &c.sp2] {
        let t = Some(who.token.as_str());
        assert_eq!(s.gql(t, LIST, json!({ "w": "ALL" })).await.code(), "FORBIDDEN");
        assert_eq!(s.gql(t, ONE, json!({ "id": signed })).await.code(), "FORBIDDEN");
    }
    let m = Some(c.maint.token.as_str());
    assert_eq!(s.gql(m, LIST, json!({ "w": "ALL" })).await.code(), "FORBIDDEN");
    for anonymous in [true, false] {
        let r = s.gql(m, SUBMIT, json!({ "i": { "title": "t", "content": "c", "anonymous": anonymous } })).await;
        assert_eq!(r.code(), "FORBIDDEN");
    }
    assert_eq!(
        s.gql(None, SUBMIT, json!({ "i": { "title": "t", "content": "c", "anonymous": true } })).await.code(),
        "UNAUTHENTICATED"
    );
    let r = s.gql(Some(&c.admin.token), LIST, json!({ "w": "ALL" })).await;
    assert_eq!(r.ok()["suggestions"].as_array().unwrap().len(), 3, "nothing more was written");
}

async fn staff_reply_and_delete(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let id = submit(s, &c.sp1.token, "食堂加个菜", true).await;
    let other = submit(s, &c.sp1.token, "另一条", false).await;
    let r = s.gql(Some(&c.sup.token), REPLY, json!({ "id": id, "c": "收到，已转后勤" })).await;
    assert_eq!(r.ok()["replyToSuggestion"]["authorId"], c.sup.user_id.as_str());
    s.gql(Some(&c.admin.token), REPLY, json!({ "id": id, "c": "下周起加菜" })).await.ok();
    s.gql(Some(&c.admin.token), REPLY, json!({ "id": other, "c": "另一条的回复" })).await.ok();

    let r = s.gql(Some(&c.sup.token), ONE, json!({ "id": id })).await;
    let sug = &r.ok()["suggestion"];
    assert_eq!(sug["replyCount"], 2);
    let replies: Vec<&str> =
        sug["replies"].as_array().unwrap().iter().map(|r| r["content"].as_str().unwrap()).collect();
    assert_eq!(replies, ["收到，已转后勤", "下周起加菜"]);
    assert_eq!(sug["replies"][1]["authorId"], c.admin.user_id.as_str());
    assert_eq!(sug["replies"][1]["suggestionId"], id.as_str());

    for who in [&c.sp1, &c.maint] {
        let t = Some(who.token.as_str());
        assert_eq!(s.gql(t, REPLY, json!({ "id": id, "c": "我也回" })).await.code(), "FORBIDDEN");
        assert_eq!(s.gql(t, DELETE, json!({ "id": id })).await.code(), "FORBIDDEN");
    }
    let r = s.gql(Some(&c.admin.token), REPLY, json!({ "id": id, "c": " " })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["content".to_owned()]));
    assert_eq!(s.gql(Some(&c.sup.token), ONE, json!({ "id": id })).await.ok()["suggestion"]["replyCount"], 2);

    // A supervisor deletes it; its replies go with it, the other's stay.
    let r = s.gql(Some(&c.sup.token), DELETE, json!({ "id": id })).await;
    assert_eq!(r.ok()["deleteSuggestion"], true);
    assert_eq!(s.gql(Some(&c.admin.token), ONE, json!({ "id": id })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.admin.token), REPLY, json!({ "id": id, "c": "x" })).await.code(), "NOT_FOUND");
    let db = s.db.connect_owner().await;
    assert_eq!(raw_rows(&db, "suggestion_replies", "1 = 1").await.len(), 1);
    let r = s.gql(Some(&c.admin.token), LIST, json!({ "w": "ALL" })).await;
    assert_eq!(r.ok()["suggestions"][0]["replyCount"], 1);
    let r = s.gql(Some(&c.admin.token), "{ auditLog(limit: 100) { action actorId targetId } }", json!({})).await;
    let entries = r.ok()["auditLog"].as_array().unwrap().clone();
    let del = entries.iter().find(|e| e["action"] == "suggestion.delete").unwrap();
    assert_eq!((del["actorId"].as_str(), del["targetId"].as_str()), (Some(c.sup.user_id.as_str()), Some(id.as_str())));
}

async fn other_tenants_suggestions_are_not_found_and_untouched(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    submit(s, &c.sp1.token, "本公司的", false).await;
    let z = s.sign_up("zeta").await;
    let zs = submit(s, &z.token, "别家的建议", true).await;
    s.gql(Some(&z.token), REPLY, json!({ "id": zs, "c": "别家的回复" })).await.ok();

    let a = Some(c.admin.token.as_str());
    assert_eq!(s.gql(a, ONE, json!({ "id": zs })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(a, REPLY, json!({ "id": zs, "c": "pwned" })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(a, DELETE, json!({ "id": zs })).await.code(), "NOT_FOUND");
    let r = s.gql(a, LIST, json!({ "w": "ALL" })).await;
    assert_eq!(r.ok()["suggestions"].as_array().unwrap().len(), 1);

    let r = s.gql(Some(&z.token), ONE, json!({ "id": zs })).await;
    let sug = &r.ok()["suggestion"];
    assert_eq!((sug["title"].as_str(), sug["replyCount"].as_i64()), (Some("别家的建议"), Some(1)));
    assert_eq!(sug["replies"][0]["content"], "别家的回复");
}

async fn bad_suggestions_are_refused(b: Backend) {
    let s = TestServer::start(b).await;
    let a = s.sign_up("acme").await;
    let t = Some(a.token.as_str());
    for anonymous in [true, false] {
        let r = s
            .gql(t, SUBMIT, json!({ "i": { "title": "", "content": "字".repeat(5001), "anonymous": anonymous } }))
            .await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["title".to_owned(), "content".to_owned()]));
        let r = s
            .gql(t, SUBMIT, json!({ "i": { "title": "题".repeat(101), "content": "c", "anonymous": anonymous } }))
            .await;
        assert_eq!(r.fields(), ["title"]);
    }
    let r = s.gql(t, SUBMIT, json!({ "i": { "title": "t", "content": "c" } })).await;
    assert_eq!(r.code(), "BAD_REQUEST", "anonymous or not is the submitter's explicit choice");
    assert_eq!(s.gql(t, "{ suggestions(limit: 0) { id } }", json!({})).await.fields(), ["limit"]);
    assert_eq!(s.gql(t, ONE, json!({ "id": "nope" })).await.fields(), ["id"]);
    assert_eq!(s.gql(t, "{ suggestions(window: YESTERDAY) { id } }", json!({})).await.code(), "BAD_REQUEST");
    let r = s.gql(t, LIST, json!({ "w": "ALL" })).await;
    assert_eq!(r.ok()["suggestions"], json!([]), "nothing was written");
}

async fn backdate(db: &DatabaseConnection, id: &str, at: DateTime<Utc>) {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => "UPDATE suggestions SET created_at = ? WHERE id = ?",
        _ => "UPDATE suggestions SET created_at = $1 WHERE id = $2",
    };
    let id: uuid::Uuid = id.parse().unwrap();
    let n = db
        .execute(Statement::from_sql_and_values(backend, sql, [DbValue::from(at), DbValue::from(id)]))
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(n, 1);
}

async fn windows_follow_the_company_clock(b: Backend) {
    let s = TestServer::start(b).await;
    // Tokyo: UTC+9 all year, so local midnight is easy to compute here.
    let r = s
        .gql(
            None,
            "mutation($i: SignUpInput!) { signUp(input: $i) { token } }",
            json!({ "i": {
                "companyName": "东京分公司", "slug": "tokyo", "adminEmail": "boss@tokyo.jp",
                "adminName": "山田", "password": PASSWORD, "timeZone": "Asia/Tokyo",
            }}),
        )
        .await;
    let token = r.ok()["signUp"]["token"].as_str().unwrap().to_owned();
    let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
    let now = Utc::now();
    let midnight = now
        .with_timezone(&tokyo)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(tokyo)
        .unwrap()
        .to_utc();

    let db = s.db.connect_owner().await;
    let ages: [(&str, Option<DateTime<Utc>>); 6] = [
        ("now", None),
        ("just after midnight", Some(midnight + Duration::seconds(1))),
        ("just before midnight", Some(midnight - Duration::minutes(1))),
        ("five days ago", Some(now - Duration::days(5))),
        ("twenty days ago", Some(now - Duration::days(20))),
        ("forty days ago", Some(now - Duration::days(40))),
    ];
    for (title, at) in ages {
        let id = submit(&s, &token, title, false).await;
        if let Some(at) = at {
            backdate(&db, &id, at).await;
        }
    }

    let expected: [(&str, &[&str]); 5] = [
        ("TODAY", &["now", "just after midnight"]),
        ("LAST_3_DAYS", &["now", "just after midnight", "just before midnight"]),
        ("LAST_WEEK", &["now", "just after midnight", "just before midnight", "five days ago"]),
        ("LAST_MONTH", &["now", "just after midnight", "just before midnight", "five days ago", "twenty days ago"]),
        (
            "ALL",
            &[
                "now",
                "just after midnight",
                "just before midnight",
                "five days ago",
                "twenty days ago",
                "forty days ago",
            ],
        ),
    ];
    for (window, want) in expected {
        let r = s.gql(Some(&token), LIST, json!({ "w": window })).await;
        let mut got: Vec<String> =
            r.ok()["suggestions"].as_array().unwrap().iter().map(|x| x["title"].as_str().unwrap().to_owned()).collect();
        got.sort();
        let mut want: Vec<String> = want.iter().map(|w| (*w).to_owned()).collect();
        want.sort();
        assert_eq!(got, want, "{window}");
    }
    let r = s.gql(Some(&token), "{ suggestions { id } }", json!({})).await;
    assert_eq!(r.ok()["suggestions"].as_array().unwrap().len(), 6, "ALL is the default");
}

/// Every table of the test database.
pub(crate) async fn all_tables(db: &DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        _ => {
            "SELECT table_name::text AS t FROM information_schema.tables \
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    let rows = db.query_all(Statement::from_string(backend, sql.to_owned())).await.unwrap();
    rows.iter().map(|r| r.try_get::<String>("", "t").unwrap()).collect()
}

/// The authors of suggestions read the replies: a signed one's author when
/// logged in (`mySuggestions`), an anonymous one's through the private link
/// shown once at submission, which nothing in the database ties to them.
async fn authors_read_the_replies_to_their_suggestions(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    const SUBMIT_LINK: &str =
        "mutation($i: SubmitSuggestionInput!) { submitSuggestion(input: $i) { id anonymous readerToken readerLink } }";
    const MINE: &str = "{ mySuggestions { id title anonymous replyCount replies { content authorName } } }";
    const READ: &str = "query($t: String!) { anonymousSuggestion(token: $t) { id title content \
        replies { content authorName } } }";
    let sub = |title: &str, anonymous: bool| {
        let input = json!({ "i": { "title": title, "content": "内容", "anonymous": anonymous } });
        let token = c.sp1.token.clone();
        async move { s.gql(Some(&token), SUBMIT_LINK, input).await.ok()["submitSuggestion"].clone() }
    };
    let signed = sub("署名：报销太慢", false).await;
    assert!(signed["readerToken"].is_null() && signed["readerLink"].is_null());
    let anon = sub("匿名：加班太多", true).await;
    let token = anon["readerToken"].as_str().unwrap().to_owned();
    assert!(token.starts_with("gxa_"), "{token}");
    assert!(anon["readerLink"].as_str().unwrap().ends_with(&format!("/suggestion-replies?token={token}")));
    s.gql(Some(&c.admin.token), REPLY, json!({ "id": signed["id"], "c": "已安排财务提速" })).await.ok();
    s.gql(Some(&c.sup.token), REPLY, json!({ "id": anon["id"], "c": "会调整排班" })).await.ok();

    // The signer sees their signed suggestion with its replies, never the
    // anonymous one; others see none of them.
    let r = s.gql(Some(&c.sp1.token), MINE, json!({})).await;
    let mine = r.ok()["mySuggestions"].as_array().unwrap().clone();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!((&mine[0]["title"], &mine[0]["replyCount"]), (&json!("署名：报销太慢"), &json!(1)));
    assert_eq!(mine[0]["replies"][0]["content"], "已安排财务提速");
    let r = s.gql(Some(&c.sp2.token), MINE, json!({})).await;
    assert_eq!(r.ok()["mySuggestions"], json!([]));
    assert_eq!(s.gql(Some(&c.maint.token), MINE, json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&c.sp2.token), ONE, json!({ "id": signed["id"] })).await.code(), "FORBIDDEN");

    // The link reads the anonymous one and its replies, with or without a login.
    for who in [None, Some(c.sp2.token.as_str())] {
        let r = s.gql(who, READ, json!({ "t": token })).await;
        let got = &r.ok()["anonymousSuggestion"];
        assert_eq!((&got["id"], &got["title"]), (&anon["id"], &json!("匿名：加班太多")));
        assert_eq!(got["replies"], json!([{ "content": "会调整排班", "authorName": "新同事" }]));
    }
    // Anything else is not found.
    let mut forged = token.clone();
    forged.replace_range(forged.len() - 2.., if token.ends_with("AA") { "BB" } else { "AA" });
    let other_kind = token.replacen("gxa_", "gxi_", 1);
    let other_tenant = format!("gxa_{}_{}", uuid::Uuid::new_v4().simple(), &token[token.len() - 43..]);
    for bad in [forged.as_str(), other_kind.as_str(), other_tenant.as_str(), "gxa_", "", "x"] {
        assert_eq!(s.gql(None, READ, json!({ "t": bad })).await.code(), "NOT_FOUND", "{bad}");
    }

    // Nothing links the anonymous suggestion to its author: no row in any
    // table that mentions it (or holds its link) names them, and the link's
    // secret is stored nowhere.
    let db = s.db.connect_owner().await;
    let backend = db.get_database_backend();
    let me = needles(backend, &c.sp1.user_id, "sp1@acme.cn");
    let id = anon["id"].as_str().unwrap();
    let about = needles(backend, id, "no e-mail");
    let secret = &token[token.len() - 43..];
    let secret_forms = [secret.to_owned(), hex(secret.as_bytes())];
    let mut mentioning = 0;
    for table in all_tables(&db).await {
        let rows = raw_rows(&db, &table, "1 = 1").await;
        let rows: Vec<String> =
            rows.into_iter().filter(|r| about[..2].iter().any(|n| r.contains(n.as_str()))).collect();
        mentioning += rows.len();
        assert_eq!(naming(&rows, &me), 0, "{table} ties the suggestion to its author: {rows:?}");
        let all = raw_rows(&db, &table, "1 = 1").await;
        assert_eq!(naming(&all, &secret_forms), 0, "{table} holds the link's secret");
    }
    assert!(mentioning >= 3, "the suggestion, its reply and its audit entry were searched");

    // Once deleted, the link finds nothing.
    s.gql(Some(&c.admin.token), DELETE, json!({ "id": anon["id"] })).await.ok();
    assert_eq!(s.gql(None, READ, json!({ "t": token })).await.code(), "NOT_FOUND");
}

backend_tests!(
    authors_read_the_replies_to_their_suggestions,
    anonymous_suggestions_leave_no_trace_of_their_author,
    staff_read_every_suggestion_and_see_signers,
    staff_reply_and_delete,
    other_tenants_suggestions_are_not_found_and_untouched,
    bad_suggestions_are_refused,
    windows_follow_the_company_clock,
);
