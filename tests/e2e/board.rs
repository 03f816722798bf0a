//! The message board (留言板): everyone but maintenance posts, reads and
//! replies; only admins edit and delete.

use guanxi_tests::{Backend, Session, TestServer, backend_tests, company};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const CREATE: &str = "mutation($i: CreateBoardPostInput!) { createBoardPost(input: $i) { id title mood content authorId authorName replyCount editedAt } }";
const REPLY: &str =
    "mutation($i: ReplyToBoardPostInput!) { replyToBoardPost(input: $i) { id postId parentId authorId content } }";
const LIST: &str = "query($l: Int!, $b: ID) { boardPosts(limit: $l, before: $b) { id title authorId replyCount } }";
const POST: &str = "query($id: ID!) { boardPost(id: $id) { id title mood content replyCount editedAt replies { id parentId authorId content editedAt } } }";
const UPDATE_POST: &str = "mutation($id: ID!, $i: UpdateBoardPostInput!) { updateBoardPost(id: $id, input: $i) { id title mood content editedAt } }";
const UPDATE_REPLY: &str =
    "mutation($id: ID!, $c: String!) { updateBoardReply(id: $id, content: $c) { id content editedAt } }";
const DELETE_POST: &str = "mutation($id: ID!) { deleteBoardPost(id: $id) }";
const DELETE_REPLY: &str = "mutation($id: ID!) { deleteBoardReply(id: $id) }";

async fn post(s: &TestServer, who: &Session, title: &str, mood: &str) -> Value {
    let r = s.gql(Some(&who.token), CREATE, json!({ "i": { "title": title, "mood": mood, "content": "内容" } })).await;
    r.ok()["createBoardPost"].clone()
}

async fn reply(s: &TestServer, who: &Session, post: &str, parent: Option<&str>, content: &str) -> Value {
    let r = s
        .gql(Some(&who.token), REPLY, json!({ "i": { "postId": post, "parentId": parent, "content": content } }))
        .await;
    r.ok()["replyToBoardPost"].clone()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

fn titles(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap()).collect()
}

async fn everyone_but_maintenance_posts_reads_and_replies(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let p1 = post(s, &c.sp1, "第一帖", "😀").await;
    assert_eq!(p1["authorId"], c.sp1.user_id.as_str());
    assert_eq!(p1["authorName"], "新同事");
    assert_eq!((p1["mood"].as_str(), p1["replyCount"].as_i64()), (Some("😀"), Some(0)));
    assert!(p1["editedAt"].is_null());
    post(s, &c.sup, "第二帖", "🎉").await;
    let p3 = post(s, &c.admin, "第三帖", "👍").await;

    // Everyone reads every post, newest first, salespeople of other groups too.
    for who in [&c.sp1, &c.sp2, &c.sup, &c.admin] {
        let r = s.gql(Some(&who.token), LIST, json!({ "l": 20 })).await;
        assert_eq!(titles(&r.ok()["boardPosts"]), ["第三帖", "第二帖", "第一帖"]);
    }
    // Paging.
    let r = s.gql(Some(&c.sp2.token), LIST, json!({ "l": 2 })).await;
    let page = r.ok()["boardPosts"].clone();
    assert_eq!(titles(&page), ["第三帖", "第二帖"]);
    let r = s.gql(Some(&c.sp2.token), LIST, json!({ "l": 2, "b": id(&page[1]) })).await;
    assert_eq!(titles(&r.ok()["boardPosts"]), ["第一帖"]);

    // Threads: a reply to the post, a reply to that reply, one more.
    let r1 = reply(s, &c.sp2, &id(&p3), None, "收到").await;
    assert_eq!((r1["postId"].as_str(), r1["parentId"].as_str()), (Some(id(&p3).as_str()), None));
    let r2 = reply(s, &c.sup, &id(&p3), Some(&id(&r1)), "同意楼上").await;
    assert_eq!(r2["parentId"], id(&r1).as_str());
    assert_eq!(r2["authorId"], c.sup.user_id.as_str());
    reply(s, &c.admin, &id(&p3), Some(&id(&r2)), "好").await;
    reply(s, &c.sp1, &id(&p1), None, "自己顶").await;

    let r = s.gql(Some(&c.sp1.token), POST, json!({ "id": id(&p3) })).await;
    let p = &r.ok()["boardPost"];
    assert_eq!(p["replyCount"], 3);
    let replies: Vec<&str> = p["replies"].as_array().unwrap().iter().map(|r| r["content"].as_str().unwrap()).collect();
    assert_eq!(replies, ["收到", "同意楼上", "好"], "a thread reads in the order written");
    let r = s.gql(Some(&c.sp2.token), LIST, json!({ "l": 20 })).await;
    let counts: Vec<i64> =
        r.ok()["boardPosts"].as_array().unwrap().iter().map(|p| p["replyCount"].as_i64().unwrap()).collect();
    assert_eq!(counts, [3, 0, 1]);
    let r = s.gql(Some(&c.admin.token), "{ boardMoods }", json!({})).await;
    assert_eq!(r.ok()["boardMoods"], json!(["😀", "🙂", "😐", "🙁", "😡", "🎉", "👍"]));

    // The maintenance role can do none of it.
    let m = Some(c.maint.token.as_str());
    assert_eq!(s.gql(m, LIST, json!({ "l": 20 })).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(m, POST, json!({ "id": id(&p3) })).await.code(), "FORBIDDEN");
    let r = s.gql(m, CREATE, json!({ "i": { "title": "t", "mood": "😀", "content": "c" } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(m, REPLY, json!({ "i": { "postId": id(&p3), "content": "c" } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    assert_eq!(s.gql(None, LIST, json!({ "l": 20 })).await.code(), "UNAUTHENTICATED");
    let r = s.gql(Some(&c.admin.token), LIST, json!({ "l": 20 })).await;
    assert_eq!(r.ok()["boardPosts"].as_array().unwrap().len(), 3, "nothing was written");
}

async fn reply_rows(s: &TestServer) -> i64 {
    let db = s.db.connect_owner().await;
    let backend = db.get_database_backend();
    let row = db.query_one(Statement::from_string(backend, "SELECT count(*) AS n FROM board_replies")).await.unwrap();
    row.unwrap().try_get::<i64>("", "n").unwrap()
}

async fn only_admins_edit_and_delete(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let p = post(s, &c.sp1, "原标题", "🙂").await;
    let keep = post(s, &c.sp2, "留着", "😐").await;
    let r1 = reply(s, &c.sp2, &id(&p), None, "一楼").await;
    let r2 = reply(s, &c.sup, &id(&p), Some(&id(&r1)), "二楼回一楼").await;
    let r3 = reply(s, &c.sp1, &id(&p), Some(&id(&r2)), "三楼回二楼").await;
    let r4 = reply(s, &c.sp1, &id(&p), None, "四楼").await;
    reply(s, &c.sp1, &id(&keep), None, "别处的回复").await;

    // Not even the author or a supervisor may edit or delete.
    for who in [&c.sp1, &c.sp2, &c.sup, &c.maint] {
        let t = Some(who.token.as_str());
        let r = s.gql(t, UPDATE_POST, json!({ "id": id(&p), "i": { "title": "改了" } })).await;
        assert_eq!(r.code(), "FORBIDDEN");
        assert_eq!(s.gql(t, UPDATE_REPLY, json!({ "id": id(&r1), "c": "改了" })).await.code(), "FORBIDDEN");
        assert_eq!(s.gql(t, DELETE_POST, json!({ "id": id(&p) })).await.code(), "FORBIDDEN");
        assert_eq!(s.gql(t, DELETE_REPLY, json!({ "id": id(&r1) })).await.code(), "FORBIDDEN");
    }
    let r = s.gql(Some(&c.admin.token), POST, json!({ "id": id(&p) })).await;
    assert_eq!(
        (r.ok()["boardPost"]["title"].as_str(), r.ok()["boardPost"]["replyCount"].as_i64()),
        (Some("原标题"), Some(4))
    );

    // Admins edit: the post's title and mood, a reply's content.
    let r = s
        .gql(Some(&c.admin.token), UPDATE_POST, json!({ "id": id(&p), "i": { "title": " 新标题 ", "mood": "😡" } }))
        .await;
    let edited = &r.ok()["updateBoardPost"];
    assert_eq!(
        (edited["title"].as_str(), edited["mood"].as_str(), edited["content"].as_str()),
        (Some("新标题"), Some("😡"), Some("内容"))
    );
    assert!(edited["editedAt"].is_string());
    let r = s.gql(Some(&c.admin.token), UPDATE_REPLY, json!({ "id": id(&r4), "c": "已编辑" })).await;
    assert_eq!(r.ok()["updateBoardReply"]["content"], "已编辑");
    assert!(r.ok()["updateBoardReply"]["editedAt"].is_string());

    // Deleting a reply takes the replies below it along.
    let r = s.gql(Some(&c.admin.token), DELETE_REPLY, json!({ "id": id(&r2) })).await;
    assert_eq!(r.ok()["deleteBoardReply"], true);
    let r = s.gql(Some(&c.sp1.token), POST, json!({ "id": id(&p) })).await;
    let left: Vec<&str> =
        r.ok()["boardPost"]["replies"].as_array().unwrap().iter().map(|r| r["content"].as_str().unwrap()).collect();
    assert_eq!(left, ["一楼", "已编辑"]);
    assert_eq!(r.ok()["boardPost"]["replyCount"], 2);
    assert_eq!(s.gql(Some(&c.admin.token), UPDATE_REPLY, json!({ "id": id(&r3), "c": "x" })).await.code(), "NOT_FOUND");
    assert_eq!(reply_rows(s).await, 3);

    // Deleting a post deletes its whole thread, and nothing else.
    let r = s.gql(Some(&c.admin.token), DELETE_POST, json!({ "id": id(&p) })).await;
    assert_eq!(r.ok()["deleteBoardPost"], true);
    assert_eq!(s.gql(Some(&c.sp1.token), POST, json!({ "id": id(&p) })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.admin.token), DELETE_POST, json!({ "id": id(&p) })).await.code(), "NOT_FOUND");
    assert_eq!(reply_rows(s).await, 1, "the other post's reply stays");
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "l": 20 })).await;
    assert_eq!(titles(&r.ok()["boardPosts"]), ["留着"]);
    let r = s.gql(Some(&c.sp1.token), REPLY, json!({ "i": { "postId": id(&p), "content": "迟到" } })).await;
    assert_eq!(r.code(), "NOT_FOUND");

    // Each edit and deletion is in the audit log, by the admin.
    let r = s.gql(Some(&c.admin.token), "{ auditLog(limit: 50) { action actorId targetId detail } }", json!({})).await;
    let entries = r.ok()["auditLog"].as_array().unwrap().clone();
    let find = |action: &str| {
        entries.iter().find(|e| e["action"] == action).unwrap_or_else(|| panic!("no {action} in {entries:#?}")).clone()
    };
    for (action, target) in [
        ("board.post.edit", id(&p)),
        ("board.reply.edit", id(&r4)),
        ("board.reply.delete", id(&r2)),
        ("board.post.delete", id(&p)),
    ] {
        let e = find(action);
        assert_eq!(
            (e["actorId"].as_str(), e["targetId"].as_str()),
            (Some(c.admin.user_id.as_str()), Some(target.as_str()))
        );
    }
    assert_eq!(find("board.reply.delete")["detail"]["replies"], 2);
    assert_eq!(find("board.post.delete")["detail"]["replies"], 2);
    assert_eq!(find("board.post.edit")["detail"]["fields"], json!(["title", "mood"]));
}

async fn other_tenants_posts_are_not_found_and_untouched(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let mine = post(s, &c.sp1, "本公司", "🙂").await;
    let z = s.sign_up("zeta").await;
    let zp = post(s, &z, "别家的帖子", "🙂").await;
    let zr = reply(s, &z, &id(&zp), None, "别家的回复").await;

    let a = Some(c.admin.token.as_str());
    let attacks: Vec<(&str, Value)> = vec![
        (POST, json!({ "id": id(&zp) })),
        (UPDATE_POST, json!({ "id": id(&zp), "i": { "title": "pwned" } })),
        (DELETE_POST, json!({ "id": id(&zp) })),
        (UPDATE_REPLY, json!({ "id": id(&zr), "c": "pwned" })),
        (DELETE_REPLY, json!({ "id": id(&zr) })),
        (REPLY, json!({ "i": { "postId": id(&zp), "content": "pwned" } })),
        (REPLY, json!({ "i": { "postId": id(&mine), "parentId": id(&zr), "content": "pwned" } })),
    ];
    for (q, vars) in attacks {
        assert_eq!(s.gql(a, q, vars.clone()).await.code(), "NOT_FOUND", "{q} {vars}");
    }
    // A parent reply from another post of the same company is refused too.
    let other = post(s, &c.sp1, "另一帖", "🙂").await;
    let ro = reply(s, &c.sp1, &id(&other), None, "那边的").await;
    let r = s.gql(a, REPLY, json!({ "i": { "postId": id(&mine), "parentId": id(&ro), "content": "串楼" } })).await;
    assert_eq!(r.code(), "NOT_FOUND");

    let r = s.gql(a, LIST, json!({ "l": 20 })).await;
    assert_eq!(titles(&r.ok()["boardPosts"]), ["另一帖", "本公司"]);
    let r = s.gql(Some(&z.token), POST, json!({ "id": id(&zp) })).await;
    let zpost = &r.ok()["boardPost"];
    assert_eq!((zpost["title"].as_str(), zpost["editedAt"].is_null()), (Some("别家的帖子"), true));
    assert_eq!(zpost["replies"][0]["content"], "别家的回复");
    assert_eq!(zpost["replyCount"], 1);
}

async fn bad_input_is_refused_and_nothing_is_written(b: Backend) {
    let s = TestServer::start(b).await;
    let a = s.sign_up("acme").await;
    let t = Some(a.token.as_str());
    let fields =
        |title: &str, mood: &str, content: &str| json!({ "i": { "title": title, "mood": mood, "content": content } });

    let r = s.gql(t, CREATE, fields(" ", "🐱", &"字".repeat(5001))).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["title", "mood", "content"]);
    assert_eq!(s.gql(t, CREATE, fields(&"题".repeat(101), "😀", "c")).await.fields(), ["title"]);
    assert_eq!(s.gql(t, CREATE, fields("t", "😀", "")).await.fields(), ["content"]);
    assert_eq!(s.gql(t, CREATE, fields("t", "happy", "c")).await.fields(), ["mood"]);
    assert_eq!(s.gql(t, CREATE, fields("a\u{7}b", "😀", "c")).await.fields(), ["title"]);
    let r = s.gql(t, LIST, json!({ "l": 20 })).await;
    assert_eq!(r.ok()["boardPosts"], json!([]), "nothing was written");

    // At the limits, it goes in.
    let p = s.gql(t, CREATE, fields(&"题".repeat(100), "👍\u{fe0f}", &"字".repeat(5000))).await;
    let p = p.ok()["createBoardPost"].clone();
    assert_eq!(p["mood"], "👍");

    let r = s.gql(t, REPLY, json!({ "i": { "postId": id(&p), "content": "  " } })).await;
    assert_eq!(r.fields(), ["content"]);
    let r = s.gql(t, REPLY, json!({ "i": { "postId": "nope", "content": "c" } })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["postId".to_owned()]));
    let r = s.gql(t, REPLY, json!({ "i": { "postId": id(&p), "parentId": "nope", "content": "c" } })).await;
    assert_eq!(r.fields(), ["parentId"]);
    let r = s.gql(t, UPDATE_POST, json!({ "id": id(&p), "i": { "mood": "🙃", "title": "" } })).await;
    assert_eq!(r.fields(), ["title", "mood"]);
    assert_eq!(s.gql(t, UPDATE_REPLY, json!({ "id": id(&p), "c": "" })).await.fields(), ["content"]);
    assert_eq!(s.gql(t, LIST, json!({ "l": 0 })).await.fields(), ["limit"]);
    assert_eq!(s.gql(t, LIST, json!({ "l": 101 })).await.fields(), ["limit"]);
    assert_eq!(s.gql(t, LIST, json!({ "l": 5, "b": "x" })).await.fields(), ["before"]);
    let r = s.gql(t, POST, json!({ "id": id(&p) })).await;
    let unchanged = &r.ok()["boardPost"];
    assert_eq!((unchanged["replyCount"].as_i64(), unchanged["editedAt"].is_null()), (Some(0), true));
    assert_eq!(unchanged["title"], "题".repeat(100));
}

backend_tests!(
    everyone_but_maintenance_posts_reads_and_replies,
    only_admins_edit_and_delete,
    other_tenants_posts_are_not_found_and_untouched,
    bad_input_is_refused_and_nothing_is_written,
);
