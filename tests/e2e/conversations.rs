//! Conversations (洽谈记录): adding with and without merging, separate
//! content and time edits, deletion rights, the customer's last contact
//! time, lists by customer and window, "visited" canned queries, and other
//! companies' ids.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const CONV: &str = "id customerId customerName topic content kind occurredAt author { id displayName }";

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

async fn add(s: &TestServer, who: &Session, input: Value) -> guanxi_tests::Gql {
    s.gql(
        Some(&who.token),
        &format!(
            "mutation($i: AddConversationInput!) {{ addConversation(input: $i) {{ merged conversation {{ {CONV} }} }} }}"
        ),
        json!({ "i": input }),
    )
    .await
}

async fn last_contact(s: &TestServer, who: &Session, id: &str) -> Value {
    let r =
        s.gql(Some(&who.token), "query($id: ID!) { customer(id: $id) { lastContactAt } }", json!({ "id": id })).await;
    r.ok()["customer"]["lastContactAt"].clone()
}

async fn list(s: &TestServer, who: &Session, filter: Value) -> Value {
    let r = s
        .gql(
            Some(&who.token),
            &format!(
                "query($f: ConversationsFilter) {{ conversations(filter: $f, first: 100) {{ totalCount nodes {{ {CONV} }} }} }}"
            ),
            json!({ "f": filter }),
        )
        .await;
    r.ok()["conversations"].clone()
}

async fn adding_updates_last_contact_and_validates(b: Backend) {
    let Company { s, sp1, sp2, .. } = company(b).await;
    let c = s.create_customer(&sp1, "李雷").await;
    let now = Utc::now();
    let r = add(
        &s,
        &sp1,
        json!({ "customerId": c, "topic": "报价", "content": "电话沟通报价", "kind": "CALL", "occurredAt": ts(now - Duration::hours(2)) }),
    )
    .await;
    let conv = &r.ok()["addConversation"];
    assert_eq!(conv["merged"], false);
    assert_eq!(conv["conversation"]["kind"], "CALL");
    assert_eq!(conv["conversation"]["customerName"], "李雷");
    assert_eq!(conv["conversation"]["author"]["id"], sp1.user_id.as_str());
    assert_eq!(last_contact(&s, &sp1, &c).await, json!(ts(now - Duration::hours(2))));
    // An older conversation does not move the last contact back.
    add(&s, &sp1, json!({ "customerId": c, "topic": "拜访", "content": "上门", "kind": "VISIT", "occurredAt": ts(now - Duration::days(5)) }))
        .await
        .ok();
    assert_eq!(last_contact(&s, &sp1, &c).await, json!(ts(now - Duration::hours(2))));
    // The change is in the customer's history.
    let h = s
        .gql(Some(&sp1.token), "query($id: ID!) { customer(id: $id) { history { field } } }", json!({ "id": c }))
        .await;
    assert!(h.ok()["customer"]["history"].as_array().unwrap().iter().any(|e| e["field"] == "lastContactAt"));

    // Bad input: nothing written.
    for (input, field) in [
        (json!({ "customerId": c, "topic": "", "content": "x" }), "topic"),
        (json!({ "customerId": c, "topic": "t", "content": "  " }), "content"),
        (json!({ "customerId": c, "topic": "t", "content": "字".repeat(10_001) }), "content"),
        (
            json!({ "customerId": c, "topic": "t", "content": "x", "occurredAt": ts(now + Duration::days(2)) }),
            "occurredAt",
        ),
    ] {
        let r = add(&s, &sp1, input).await;
        assert_eq!(r.code(), "VALIDATION_FAILED");
        assert_eq!(r.fields(), vec![field.to_owned()]);
    }
    let r = add(&s, &sp1, json!({ "customerId": c, "topic": "t", "content": "x", "kind": "FAX" })).await;
    assert_eq!(r.code(), "BAD_REQUEST");
    let r = add(&s, &sp1, json!({ "customerId": "nope", "topic": "t", "content": "x" })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(list(&s, &sp1, json!({ "customerId": c })).await["totalCount"], 2);

    // Another salesperson cannot see the customer, so cannot write on it.
    let r = add(&s, &sp2, json!({ "customerId": c, "topic": "t", "content": "x" })).await;
    assert_eq!(r.code(), "NOT_FOUND");
}

async fn follow_ups_merge_within_three_days(b: Backend) {
    let Company { s, sp1, .. } = company(b).await;
    let c = s.create_customer(&sp1, "韩梅梅").await;
    let now = Utc::now();
    let first = add(
        &s,
        &sp1,
        json!({ "customerId": c, "topic": "合同", "content": "初次沟通", "kind": "CALL", "occurredAt": ts(now - Duration::days(2)) }),
    )
    .await;
    let first_id = first.ok()["addConversation"]["conversation"]["id"].clone();
    // Same topic within 3 days, merging asked: appended, time moved, a visit stays a visit.
    let r = add(
        &s,
        &sp1,
        json!({ "customerId": c, "topic": "合同", "content": "上门签约", "kind": "VISIT", "occurredAt": ts(now - Duration::hours(1)), "mergeWithin3Days": true }),
    )
    .await;
    let m = &r.ok()["addConversation"];
    assert_eq!(m["merged"], true);
    assert_eq!(m["conversation"]["id"], first_id);
    let content = m["conversation"]["content"].as_str().unwrap();
    assert!(content.starts_with('[') && content.contains(" 电话] 初次沟通\n\n["), "{content}");
    assert!(content.ends_with(" 拜访] 上门签约"), "{content}");
    assert_eq!(m["conversation"]["occurredAt"], ts(now - Duration::hours(1)));
    assert_eq!(m["conversation"]["kind"], "VISIT");
    // A different topic, or merging not asked: a new record.
    let r =
        add(&s, &sp1, json!({ "customerId": c, "topic": "售后", "content": "回访", "mergeWithin3Days": true })).await;
    assert_eq!(r.ok()["addConversation"]["merged"], false);
    let r = add(&s, &sp1, json!({ "customerId": c, "topic": "合同", "content": "补充" })).await;
    assert_eq!(r.ok()["addConversation"]["merged"], false);
    // More than 3 days after the earlier record: a new record.
    let d = s.create_customer(&sp1, "王五").await;
    add(
        &s,
        &sp1,
        json!({ "customerId": d, "topic": "合同", "content": "一", "occurredAt": ts(now - Duration::days(5)) }),
    )
    .await
    .ok();
    let r = add(&s, &sp1, json!({ "customerId": d, "topic": "合同", "content": "二", "mergeWithin3Days": true })).await;
    assert_eq!(r.ok()["addConversation"]["merged"], false);
    assert_eq!(list(&s, &sp1, json!({ "customerId": c })).await["totalCount"], 3);
}

/// Customers visited in a canned window.
async fn visited(s: &TestServer, who: &Session, window: &str) -> Vec<String> {
    let r = s
        .gql(
            Some(&who.token),
            "query($f: CustomerFilter) { customers(filter: $f, first: 100) { edges { node { name } } } }",
            json!({ "f": { "visited": window } }),
        )
        .await;
    let mut names: Vec<String> = r.ok()["customers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// A call merged into a visit of two days ago stays a call and leaves the
/// visit on its own day; a backdated follow-up goes between the entries;
/// each entry keeps its own local time and kind. In two time zones.
async fn a_merge_keeps_each_entrys_time_and_kind(b: Backend) {
    let s = TestServer::start(b).await;
    for (slug, tz) in [("shanghai", chrono_tz::Asia::Shanghai), ("nyc", chrono_tz::America::New_York)] {
        let admin = s.sign_up_in(slug, tz.name()).await;
        let merged = s.create_customer(&admin, "合并").await;
        let alone = s.create_customer(&admin, "单独拜访").await;
        let now = Utc::now();
        let visit_at = now - Duration::days(2);
        let stamp = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
        for c in [&merged, &alone] {
            add(&s, &admin, json!({ "customerId": c, "topic": "合同", "content": "上门看样品", "kind": "VISIT", "occurredAt": ts(visit_at) }))
                .await
                .ok();
        }
        let r = add(
            &s,
            &admin,
            json!({ "customerId": merged, "topic": "合同", "content": "电话报价", "kind": "CALL", "occurredAt": ts(now), "mergeWithin3Days": true }),
        )
        .await;
        let m = &r.ok()["addConversation"];
        assert_eq!(m["merged"], true);
        assert_eq!(
            (m["conversation"]["kind"].clone(), m["conversation"]["occurredAt"].clone()),
            (json!("CALL"), json!(ts(now)))
        );
        // Visited today: nobody. The merged visit counts on its own day, exactly like the one never merged.
        assert_eq!(visited(&s, &admin, "TODAY").await, Vec::<String>::new(), "{slug}");
        for w in ["THIS_WEEK", "THIS_MONTH"] {
            let names = visited(&s, &admin, w).await;
            assert_eq!(
                names.contains(&"合并".to_owned()),
                names.contains(&"单独拜访".to_owned()),
                "{slug} {w}: {names:?}"
            );
        }
        let r =
            s.gql(Some(&admin.token), "{ customers(filter: { contacted: TODAY }) { totalCount } }", json!({})).await;
        assert_eq!(r.ok()["customers"]["totalCount"], 1, "the call was today");

        // A follow-up backdated to yesterday goes between the two.
        let yesterday = now - Duration::days(1);
        let r = s
            .gql(
                Some(&admin.token),
                "mutation($i: AddConversationInput!) { addConversation(input: $i) { merged conversation { id kind occurredAt content entries { occurredAt kind content } } } }",
                json!({ "i": { "customerId": merged, "topic": "合同", "content": "发了资料", "kind": "WECHAT", "occurredAt": ts(yesterday), "mergeWithin3Days": true } }),
            )
            .await;
        let c = &r.ok()["addConversation"]["conversation"];
        assert_eq!((c["kind"].clone(), c["occurredAt"].clone()), (json!("CALL"), json!(ts(now))));
        assert_eq!(
            c["entries"],
            json!([
                { "occurredAt": ts(visit_at), "kind": "VISIT", "content": "上门看样品" },
                { "occurredAt": ts(yesterday), "kind": "WECHAT", "content": "发了资料" },
                { "occurredAt": ts(now), "kind": "CALL", "content": "电话报价" },
            ])
        );
        assert_eq!(
            c["content"],
            format!(
                "[{} 拜访] 上门看样品\n\n[{} 微信] 发了资料\n\n[{} 电话] 电话报价",
                stamp(visit_at),
                stamp(yesterday),
                stamp(now)
            ),
            "{slug}"
        );
        assert_eq!(last_contact(&s, &admin, &merged).await, ts(now));

        // A visit merged today makes it visited today.
        let r = add(
            &s,
            &admin,
            json!({ "customerId": merged, "topic": "合同", "content": "再次上门", "kind": "VISIT", "mergeWithin3Days": true }),
        )
        .await;
        assert_eq!(r.ok()["addConversation"]["conversation"]["kind"], "VISIT");
        assert_eq!(visited(&s, &admin, "TODAY").await, ["合并"], "{slug}");
        // Moving the record moves its latest entry; the earlier visit stays where it was.
        let id = c["id"].clone();
        let r = s
            .gql(
                Some(&admin.token),
                "mutation($id: ID!, $at: DateTime!) { editConversationTime(id: $id, occurredAt: $at) { kind occurredAt entries { kind occurredAt } } }",
                json!({ "id": id, "at": ts(now - Duration::hours(30)) }),
            )
            .await;
        let e = &r.ok()["editConversationTime"];
        assert_eq!(e["occurredAt"], ts(now), "the call is the latest entry now: {e}");
        assert_eq!(e["entries"].as_array().unwrap().len(), 4);
        assert_eq!(visited(&s, &admin, "TODAY").await, Vec::<String>::new(), "{slug}: the visit moved to yesterday");
    }
}

async fn content_and_time_are_edited_separately_within_rights(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, .. } = company(b).await;
    let c = s.create_customer(&sp1, "张三").await;
    let now = Utc::now();
    let r = add(
        &s,
        &sp1,
        json!({ "customerId": c, "topic": "需求", "content": "初稿", "occurredAt": ts(now - Duration::hours(3)) }),
    )
    .await;
    let id = r.ok()["addConversation"]["conversation"]["id"].as_str().unwrap().to_owned();
    let edit_content = |who: &Session, content: &str| {
        let (s, who, id, content) = (&s, who.clone(), id.clone(), content.to_owned());
        async move {
            s.gql(
                Some(&who.token),
                "mutation($id: ID!, $c: String!) { editConversationContent(id: $id, content: $c) { content occurredAt } }",
                json!({ "id": id, "c": content }),
            )
            .await
        }
    };
    let r = edit_content(&sp1, "修改后的内容").await;
    assert_eq!(r.ok()["editConversationContent"]["content"], "修改后的内容");
    assert_eq!(r.ok()["editConversationContent"]["occurredAt"], ts(now - Duration::hours(3)));
    assert_eq!(edit_content(&sp1, " ").await.code(), "VALIDATION_FAILED");
    // sp2 cannot see the customer; the supervisor of group 1 and the admin may edit.
    assert_eq!(edit_content(&sp2, "x").await.code(), "NOT_FOUND");
    edit_content(&sup, "主管补充").await.ok();
    edit_content(&admin, "管理员补充").await.ok();

    // The time: separately; the last contact follows when it came from this record.
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($id: ID!, $t: DateTime!) { editConversationTime(id: $id, occurredAt: $t) { content occurredAt } }",
            json!({ "id": id, "t": ts(now - Duration::days(1)) }),
        )
        .await;
    assert_eq!(r.ok()["editConversationTime"]["content"], "管理员补充");
    assert_eq!(last_contact(&s, &sp1, &c).await, json!(ts(now - Duration::days(1))));
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($id: ID!, $t: DateTime!) { editConversationTime(id: $id, occurredAt: $t) { id } }",
            json!({ "id": id, "t": ts(now + Duration::days(3)) }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");

    // A salesperson may not change another's record on a pool customer they see.
    let pool_c = s
        .gql(
            Some(&admin.token),
            "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
            json!({ "i": { "name": "公海客户", "ownerId": null } }),
        )
        .await
        .ok()["createCustomer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = add(&s, &admin, json!({ "customerId": pool_c, "topic": "t", "content": "admin" })).await;
    let admin_conv = r.ok()["addConversation"]["conversation"]["id"].as_str().unwrap().to_owned();
    let r = s
        .gql(Some(&sp1.token), "mutation($id: ID!) { deleteConversation(id: $id) }", json!({ "id": admin_conv }))
        .await;
    assert_eq!(r.code(), "FORBIDDEN");
    // Nor write on a pool customer before claiming it.
    assert_eq!(add(&s, &sp1, json!({ "customerId": pool_c, "topic": "t", "content": "x" })).await.code(), "FORBIDDEN");

    // Delete: the author may; the last contact falls back to what remains.
    let r = add(
        &s,
        &sp1,
        json!({ "customerId": c, "topic": "新", "content": "最新", "occurredAt": ts(now - Duration::hours(1)) }),
    )
    .await;
    let newest = r.ok()["addConversation"]["conversation"]["id"].as_str().unwrap().to_owned();
    assert_eq!(last_contact(&s, &sp1, &c).await, json!(ts(now - Duration::hours(1))));
    let r =
        s.gql(Some(&sp2.token), "mutation($id: ID!) { deleteConversation(id: $id) }", json!({ "id": newest })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r =
        s.gql(Some(&sp1.token), "mutation($id: ID!) { deleteConversation(id: $id) }", json!({ "id": newest })).await;
    assert_eq!(r.ok()["deleteConversation"], newest.as_str());
    assert_eq!(last_contact(&s, &sp1, &c).await, json!(ts(now - Duration::days(1))));
    assert_eq!(list(&s, &sp1, json!({ "customerId": c })).await["totalCount"], 1);
}

async fn lists_follow_customer_visibility_and_windows(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, g1, .. } = company(b).await;
    let c1 = s.create_customer(&sp1, "一组客户").await;
    let c2 = s.create_customer(&sp2, "二组客户").await;
    // "Today" in the company's zone (Shanghai) even just after its midnight:
    // times up to an hour ahead are accepted.
    let midnight = Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(chrono_tz::Asia::Shanghai)
        .unwrap()
        .with_timezone(&Utc);
    let now = Utc::now().max(midnight + Duration::minutes(10));
    add(&s, &sp1, json!({ "customerId": c1, "topic": "a", "content": "今天", "kind": "VISIT", "occurredAt": ts(now - Duration::minutes(5)) }))
        .await
        .ok();
    add(&s, &sp1, json!({ "customerId": c1, "topic": "b", "content": "很久以前", "kind": "CALL", "occurredAt": ts(now - Duration::days(60)) }))
        .await
        .ok();
    add(&s, &sp2, json!({ "customerId": c2, "topic": "c", "content": "二组", "kind": "WECHAT", "occurredAt": ts(now - Duration::minutes(1)) }))
        .await
        .ok();
    assert_eq!(list(&s, &admin, json!({})).await["totalCount"], 3);
    assert_eq!(list(&s, &sp1, json!({})).await["totalCount"], 2);
    assert_eq!(list(&s, &sp2, json!({})).await["totalCount"], 1);
    assert_eq!(list(&s, &sup, json!({})).await["totalCount"], 2);
    // Newest first.
    let all = list(&s, &admin, json!({})).await;
    assert_eq!(all["nodes"][0]["content"], "二组");
    assert_eq!(all["nodes"][2]["content"], "很久以前");
    for (w, n) in [("TODAY", 2), ("LAST_3_DAYS", 2), ("THIS_WEEK", 2), ("THIS_MONTH", 2)] {
        assert_eq!(list(&s, &admin, json!({ "window": w })).await["totalCount"], n, "{w}");
    }
    let range = json!({ "from": ts(now - Duration::days(90)), "to": ts(now - Duration::days(30)) });
    assert_eq!(list(&s, &admin, range).await["totalCount"], 1);
    assert_eq!(list(&s, &admin, json!({ "kind": "VISIT" })).await["totalCount"], 1);
    assert_eq!(list(&s, &admin, json!({ "authorId": sp2.user_id })).await["totalCount"], 1);
    assert_eq!(list(&s, &admin, json!({ "ownerId": sp1.user_id })).await["totalCount"], 2);
    assert_eq!(list(&s, &admin, json!({ "groupId": g1 })).await["totalCount"], 2);
    assert_eq!(list(&s, &sup, json!({ "groupId": g1 })).await["totalCount"], 2);
    // Naming what one cannot see is NOT_FOUND, not an empty list.
    let r = s
        .gql(
            Some(&sp1.token),
            "query($f: ConversationsFilter) { conversations(filter: $f) { totalCount } }",
            json!({ "f": { "customerId": c2 } }),
        )
        .await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s
        .gql(
            Some(&sp1.token),
            "query($f: ConversationsFilter) { conversations(filter: $f) { totalCount } }",
            json!({ "f": { "from": ts(now), "to": ts(now - Duration::days(1)) } }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    // Pages with cursors.
    let r = s
        .gql(
            Some(&admin.token),
            "{ conversations(first: 2) { pageInfo { hasNextPage endCursor } nodes { content } } }",
            json!({}),
        )
        .await;
    let page = &r.ok()["conversations"];
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    let r = s
        .gql(
            Some(&admin.token),
            "query($a: String) { conversations(first: 2, after: $a) { pageInfo { hasNextPage } nodes { content } } }",
            json!({ "a": page["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(r.ok()["conversations"]["nodes"][0]["content"], "很久以前");
    assert_eq!(r.ok()["conversations"]["pageInfo"]["hasNextPage"], false);
    let r = s.gql(Some(&admin.token), "{ conversations(after: \"garbage\") { totalCount } }", json!({})).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    // On the customer too.
    let r = s
        .gql(
            Some(&sp1.token),
            "query($id: ID!) { customer(id: $id) { conversations(first: 1) { totalCount nodes { content } } } }",
            json!({ "id": c1 }),
        )
        .await;
    assert_eq!(r.ok()["customer"]["conversations"]["totalCount"], 2);
    assert_eq!(r.ok()["customer"]["conversations"]["nodes"][0]["content"], "今天");
}

async fn visited_canned_queries(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let visited = s.create_customer(&sp1, "拜访过").await;
    let called = s.create_customer(&sp1, "只打过电话").await;
    let long_ago = s.create_customer(&sp1, "很久前拜访").await;
    let now = Utc::now();
    add(&s, &sp1, json!({ "customerId": visited, "topic": "t", "content": "x", "kind": "VISIT", "occurredAt": ts(now - Duration::minutes(1)) }))
        .await
        .ok();
    add(&s, &sp1, json!({ "customerId": called, "topic": "t", "content": "x", "kind": "CALL" })).await.ok();
    add(&s, &sp1, json!({ "customerId": long_ago, "topic": "t", "content": "x", "kind": "VISIT", "occurredAt": ts(now - Duration::days(70)) }))
        .await
        .ok();
    for w in ["THIS_WEEK", "THIS_MONTH"] {
        let r = s
            .gql(
                Some(&sp1.token),
                "query($f: CustomerFilter) { customers(filter: $f) { totalCount edges { node { name } } } }",
                json!({ "f": { "visited": w } }),
            )
            .await;
        assert_eq!(r.ok()["customers"]["totalCount"], 1, "{w}");
        assert_eq!(r.ok()["customers"]["edges"][0]["node"]["name"], "拜访过");
    }
    // Contacted this week counts every kind.
    let r =
        s.gql(Some(&admin.token), "{ customers(filter: { contacted: THIS_WEEK }) { totalCount } }", json!({})).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 2);
}

async fn hard_delete_removes_conversations_and_other_companies_see_nothing(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let c = s.create_customer(&sp1, "将被删除").await;
    let r = add(&s, &sp1, json!({ "customerId": c, "topic": "t", "content": "x" })).await;
    let conv = r.ok()["addConversation"]["conversation"]["id"].as_str().unwrap().to_owned();

    // Another company: every path answers NOT_FOUND and changes nothing.
    let other = s.sign_up("other-co").await;
    let r = add(&s, &other, json!({ "customerId": c, "topic": "t", "content": "x" })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    for q in [
        "query($id: ID!) { conversation(id: $id) { id } }",
        "mutation($id: ID!) { deleteConversation(id: $id) }",
        "mutation($id: ID!) { editConversationContent(id: $id, content: \"x\") { id } }",
    ] {
        let r = s.gql(Some(&other.token), q, json!({ "id": conv })).await;
        assert_eq!(r.code(), "NOT_FOUND", "{q}");
    }
    let r = s
        .gql(
            Some(&other.token),
            "query($f: ConversationsFilter) { conversations(filter: $f) { totalCount } }",
            json!({ "f": { "customerId": c } }),
        )
        .await;
    assert_eq!(r.code(), "NOT_FOUND");
    assert_eq!(list(&s, &other, json!({})).await["totalCount"], 0);
    assert_eq!(list(&s, &sp1, json!({ "customerId": c })).await["nodes"][0]["content"], "x");

    // Deleting the customer for good removes its conversations.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { __typename } }",
            json!({ "id": c }),
        )
        .await;
    assert!(r.body.get("errors").is_none(), "{:#}", r.body);
    let db = s.db.connect_owner().await;
    let left = db
        .query_one(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM conversations".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(left, 0);
}

backend_tests!(
    adding_updates_last_contact_and_validates,
    follow_ups_merge_within_three_days,
    a_merge_keeps_each_entrys_time_and_kind,
    content_and_time_are_edited_separately_within_rights,
    lists_follow_customer_visibility_and_windows,
    visited_canned_queries,
    hard_delete_removes_conversations_and_other_companies_see_nothing,
);
