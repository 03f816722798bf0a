//! Segments (分群, saved customer lists), on both backends: who sees a
//! private, a group and a company segment, and what each reader counts in
//! it (their own customers only); who may change one; the four lifecycle
//! segments every company has; typed errors that change nothing; a
//! deleted group's segments kept as their owners' private ones; events and
//! audit entries; an export of a segment; and another company's segments
//! out of reach.

use chrono::{Duration, Utc};
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company, company_on, eventually};
use serde_json::{Value, json};

const FIELDS: &str = "id name description kind stage sharing group { id } owner { id } canEdit filter count \
                      createdAt updatedAt";

fn create_q() -> String {
    format!("mutation($i: SegmentInput!) {{ createSegment(input: $i) {{ {FIELDS} }} }}")
}

fn update_q() -> String {
    format!("mutation($id: ID!, $i: SegmentInput!) {{ updateSegment(id: $id, input: $i) {{ {FIELDS} }} }}")
}

async fn create(s: &TestServer, who: &Session, input: Value) -> guanxi_tests::Gql {
    s.gql(Some(&who.token), &create_q(), json!({ "i": input })).await
}

async fn segment(s: &TestServer, who: &Session, id: &str) -> guanxi_tests::Gql {
    let q = format!(
        "query($id: ID!) {{ segment(id: $id) {{ {FIELDS} customers(first: 50) {{ totalCount edges {{ node {{ name }} }} }} }} }}"
    );
    s.gql(Some(&who.token), &q, json!({ "id": id })).await
}

/// The names of the segments `who` sees, with their kinds and counts.
async fn listed(s: &TestServer, who: &Session) -> Vec<(String, String, u64)> {
    let r = s.gql(Some(&who.token), "{ segments { name kind count } }", json!({})).await;
    r.ok()["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().to_owned(),
                x["kind"].as_str().unwrap().to_owned(),
                x["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn names(v: &[(String, String, u64)]) -> Vec<&str> {
    v.iter().filter(|(_, k, _)| k == "SAVED").map(|(n, _, _)| n.as_str()).collect()
}

async fn customer(s: &TestServer, who: &Session, input: Value) -> String {
    s.create_customer_with(who, input).await
}

/// How many rows of `table` the company has, counted as the database owner.
async fn rows(s: &TestServer, table: &str) -> i64 {
    crate::pool::raw_count(s, &format!("SELECT COUNT(*) AS n FROM {table}"), vec![]).await
}

async fn saved_segments_follow_sharing_and_each_readers_sight(b: Backend) {
    let Company { s, admin, g1, g2, sup, sp1, sp2, maint } = company(b).await;
    for (who, n) in [(&sp1, 3), (&sp2, 2)] {
        for i in 0..n {
            customer(&s, who, json!({ "name": format!("{}-{i}", who.user_id), "tags": ["重点"] })).await;
        }
    }
    customer(&s, &sp1, json!({ "name": "no tag" })).await;
    let vip = json!({ "tag": "重点" });

    // A private segment: its owner alone sees it, and counts their own.
    let r = create(&s, &sp1, json!({ "name": " 我的重点 ", "description": "每周回访", "filter": vip })).await;
    let mine = r.ok()["createSegment"].clone();
    assert_eq!(mine["name"], "我的重点");
    assert_eq!(mine["sharing"], "PRIVATE");
    assert_eq!(mine["kind"], "SAVED");
    assert_eq!(mine["canEdit"], true);
    assert_eq!(mine["count"], 3);
    assert_eq!(mine["filter"], json!({ "tag": "重点" }));
    assert_eq!(mine["owner"]["id"], sp1.user_id.as_str());
    let mine_id = mine["id"].as_str().unwrap().to_owned();
    let page = segment(&s, &sp1, &mine_id).await;
    assert_eq!(page.ok()["segment"]["customers"]["totalCount"], 3);
    assert_eq!(page.ok()["segment"]["customers"]["edges"].as_array().unwrap().len(), 3);
    for other in [&sp2, &sup, &admin] {
        assert_eq!(segment(&s, other, &mine_id).await.code(), "NOT_FOUND");
        assert!(!names(&listed(&s, other).await).contains(&"我的重点"));
        let u =
            s.gql(Some(&other.token), &update_q(), json!({ "id": mine_id, "i": { "name": "x", "filter": {} } })).await;
        assert_eq!(u.code(), "NOT_FOUND");
        let d =
            s.gql(Some(&other.token), "mutation($id: ID!) { deleteSegment(id: $id) }", json!({ "id": mine_id })).await;
        assert_eq!(d.code(), "NOT_FOUND");
    }
    // The maintenance role works no customers.
    assert_eq!(s.gql(Some(&maint.token), "{ segments { id } }", json!({})).await.code(), "FORBIDDEN");

    // Shared with the owner's group: its supervisor sees it, counting the
    // group's customers; the other group does not.
    let r = s
        .gql(
            Some(&sp1.token),
            &update_q(),
            json!({ "id": mine_id, "i": { "name": "一组重点", "filter": vip, "sharing": "GROUP", "groupId": g1 } }),
        )
        .await;
    assert_eq!(r.ok()["updateSegment"]["group"]["id"], g1.as_str());
    assert_eq!(segment(&s, &sup, &mine_id).await.ok()["segment"]["count"], 3);
    assert_eq!(segment(&s, &sup, &mine_id).await.ok()["segment"]["canEdit"], false);
    assert_eq!(segment(&s, &sp2, &mine_id).await.code(), "NOT_FOUND");
    // Not a group of theirs; a salesperson does not share with everyone.
    let other_group = json!({ "name": "x", "filter": vip, "sharing": "GROUP", "groupId": g2 });
    let r = s.gql(Some(&sp1.token), &update_q(), json!({ "id": mine_id, "i": other_group })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["groupId".to_owned()]));
    let r = create(&s, &sp1, json!({ "name": "全公司", "filter": vip, "sharing": "COMPANY" })).await;
    assert_eq!(r.code(), "FORBIDDEN");

    // A company segment: everyone sees it and counts their own customers;
    // only its owner (and admins) change it.
    let r = create(&s, &sup, json!({ "name": "公司重点", "filter": vip, "sharing": "COMPANY" })).await;
    let company_id = r.ok()["createSegment"]["id"].as_str().unwrap().to_owned();
    for (who, n) in [(&sp1, 3), (&sp2, 2), (&sup, 3), (&admin, 5)] {
        let all = listed(&s, who).await;
        let found = all.iter().find(|(name, _, _)| name == "公司重点").expect("the company segment is listed");
        assert_eq!(found.2, n, "{} counts {n}", who.user_id);
    }
    let r =
        s.gql(Some(&sp2.token), &update_q(), json!({ "id": company_id, "i": { "name": "改", "filter": vip } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&sp2.token), "mutation($id: ID!) { deleteSegment(id: $id) }", json!({ "id": company_id })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    // An admin changes it but cannot make it private to its owner.
    let r =
        s.gql(Some(&admin.token), &update_q(), json!({ "id": company_id, "i": { "name": "改", "filter": vip } })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["sharing".to_owned()]));
    let r = s
        .gql(
            Some(&admin.token),
            &update_q(),
            json!({ "id": company_id, "i": { "name": "公司重点客户", "filter": { "tag": "重点", "status": "PROSPECT" }, "sharing": "COMPANY" } }),
        )
        .await;
    assert_eq!(r.ok()["updateSegment"]["name"], "公司重点客户");
    assert_eq!(r.ok()["updateSegment"]["count"], 5);

    // A company segment naming one salesperson: the others see none of it,
    // and their list of segments still reads.
    let r =
        create(&s, &admin, json!({ "name": "李的客户", "filter": { "ownerId": sp1.user_id }, "sharing": "COMPANY" }))
            .await;
    let named = r.ok()["createSegment"]["id"].as_str().unwrap().to_owned();
    assert_eq!(r.ok()["createSegment"]["count"], 4);
    let page = segment(&s, &sp2, &named).await;
    assert_eq!(page.ok()["segment"]["count"], 0);
    assert_eq!(page.ok()["segment"]["customers"]["totalCount"], 0);
    assert!(listed(&s, &sp2).await.iter().any(|(n, _, c)| n == "李的客户" && *c == 0));
    assert_eq!(segment(&s, &sp1, &named).await.ok()["segment"]["count"], 4);
    let r = s.gql(Some(&admin.token), "mutation($id: ID!) { deleteSegment(id: $id) }", json!({ "id": named })).await;
    assert_eq!(r.ok()["deleteSegment"], true);

    // Bad input: typed errors, nothing written.
    let before = rows(&s, "segments").await;
    for (input, field) in [
        (json!({ "name": "  ", "filter": vip }), "name"),
        (json!({ "name": "x".repeat(101), "filter": vip }), "name"),
        (json!({ "name": "x", "description": "d".repeat(501), "filter": vip }), "description"),
        (
            json!({ "name": "x", "filter": { "custom": [{ "key": "nope", "op": "EQ", "value": 1 }] } }),
            "filter.custom.0.key",
        ),
        (json!({ "name": "x", "filter": vip, "groupId": g1 }), "groupId"),
        (json!({ "name": "x", "filter": vip, "sharing": "GROUP" }), "groupId"),
    ] {
        let r = create(&s, &sp1, input.clone()).await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "{input}");
        assert!(r.fields().iter().any(|f| f == field), "{input}: {:?}", r.fields());
    }
    let r = create(&s, &sp1, json!({ "name": "x", "filter": { "ownerId": sp2.user_id } })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["filter.ownerId".to_owned()]));
    assert_eq!(rows(&s, "segments").await, before);

    // A group shared by an admin becomes its owner's private segment when
    // the group goes.
    let g3 = s.create_group(&admin, "三组").await;
    let r = create(&s, &admin, json!({ "name": "三组名单", "filter": {}, "sharing": "GROUP", "groupId": g3 })).await;
    let g3_segment = r.ok()["createSegment"]["id"].as_str().unwrap().to_owned();
    let r = s.gql(Some(&admin.token), "mutation($id: ID!) { deleteGroup(id: $id) }", json!({ "id": g3 })).await;
    assert_eq!(r.ok()["deleteGroup"], true);
    let r = segment(&s, &admin, &g3_segment).await;
    assert_eq!(r.ok()["segment"]["sharing"], "PRIVATE");
    assert_eq!(r.ok()["segment"]["group"], Value::Null);

    // Deleted by its owner.
    let r = s.gql(Some(&sp1.token), "mutation($id: ID!) { deleteSegment(id: $id) }", json!({ "id": mine_id })).await;
    assert_eq!(r.ok()["deleteSegment"], true);
    assert_eq!(segment(&s, &sp1, &mine_id).await.code(), "NOT_FOUND");

    // Every change is an event and an audit entry.
    let events: Vec<_> = s
        .events(&admin, 0)
        .await
        .into_iter()
        .filter(|e| e.event.kind() == "segment.changed")
        .map(|e| serde_json::to_value(&e.event).unwrap()["what"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        ["created", "updated", "created", "updated", "created", "deleted", "created", "updated", "deleted"]
    );
    let r = s.gql(Some(&admin.token), "{ auditLog(limit: 100) { action } }", json!({})).await;
    let actions: Vec<&str> = r.ok()["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["action"].as_str())
        .filter(|a| a.starts_with("segment."))
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "segment.create").count(), 4);
    assert_eq!(actions.iter().filter(|a| **a == "segment.delete").count(), 2);

    // Another company: none of these exist there.
    let other = s.sign_up("other").await;
    assert_eq!(names(&listed(&s, &other).await), Vec::<&str>::new());
    assert_eq!(segment(&s, &other, &company_id).await.code(), "NOT_FOUND");
    let r =
        s.gql(Some(&other.token), "mutation($id: ID!) { deleteSegment(id: $id) }", json!({ "id": company_id })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s
        .gql(
            Some(&other.token),
            "mutation($id: ID!) { exportCustomers(segmentId: $id) { rows } }",
            json!({ "id": company_id }),
        )
        .await;
    assert_eq!(r.code(), "NOT_FOUND");
}

async fn lifecycle_segments_follow_status_and_activity(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let now = Utc::now();
    let long_ago = (now - Duration::days(200)).to_rfc3339();
    let lately = (now - Duration::days(10)).to_rfc3339();
    for (who, name, status, contact) in [
        (&sp1, "新线索", "PROSPECT", None),
        (&sp1, "有意向", "INTENT", None),
        (&sp1, "暂停", "PAUSED", None),
        (&sp1, "老客户", "DEAL", Some(&lately)),
        (&sp1, "沉睡客户", "DEAL", Some(&long_ago)),
        (&sp1, "刚成交", "DEAL", None),
        (&sp2, "已流失", "LOST", None),
        (&sp2, "另一个线索", "PROSPECT", None),
    ] {
        let mut input = json!({ "name": name, "status": status });
        if let Some(at) = contact {
            input["lastContactAt"] = json!(at);
        }
        customer(&s, who, input).await;
    }
    let all = listed(&s, &admin).await;
    let lifecycle: Vec<(&str, u64)> =
        all.iter().filter(|(_, k, _)| k == "LIFECYCLE").map(|(n, _, c)| (n.as_str(), *c)).collect();
    assert_eq!(lifecycle, [("获取期", 2), ("转换期", 2), ("保持期", 2), ("流失期", 2)]);
    let mine: Vec<u64> = listed(&s, &sp1).await.iter().filter(|(_, k, _)| k == "LIFECYCLE").map(|x| x.2).collect();
    assert_eq!(mine, [1, 2, 2, 1]);

    let r = s.gql(Some(&admin.token), "{ segments { id stage canEdit sharing filter } }", json!({})).await;
    let lost = r.ok()["segments"].as_array().unwrap().iter().find(|x| x["stage"] == "LOST").unwrap().clone();
    assert_eq!(lost["filter"], json!({ "stage": "LOST" }));
    assert_eq!((lost["canEdit"].clone(), lost["sharing"].clone()), (json!(false), json!("COMPANY")));
    let lost_id = lost["id"].as_str().unwrap().to_owned();
    let page = segment(&s, &admin, &lost_id).await;
    let mut who: Vec<&str> = page.ok()["segment"]["customers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap())
        .collect();
    who.sort_unstable();
    assert_eq!(who, ["已流失", "沉睡客户"]);
    // The same stage as a filter of the customer list.
    let r =
        s.gql(Some(&admin.token), "query { customers(filter: {stage: RETENTION}) { totalCount } }", json!({})).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 2);
    // Lifecycle segments cannot be changed.
    let r = s.gql(Some(&admin.token), &update_q(), json!({ "id": lost_id, "i": { "name": "x", "filter": {} } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&admin.token), "mutation($id: ID!) { deleteSegment(id: $id) }", json!({ "id": lost_id })).await;
    assert_eq!(r.code(), "FORBIDDEN");

    // A segment is an export's target: the file holds what it counts.
    let export = "mutation($id: ID!) { exportCustomers(segmentId: $id, format: CSV) { rows } }";
    let r = s.gql(Some(&admin.token), export, json!({ "id": lost_id })).await;
    assert_eq!(r.ok()["exportCustomers"]["rows"], 2);
    let r = s.gql(Some(&sp1.token), export, json!({ "id": lost_id })).await;
    assert_eq!(r.ok()["exportCustomers"]["rows"], 1);
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { exportCustomers(segmentId: $id, filter: {status: DEAL}) { rows } }",
            json!({ "id": lost_id }),
        )
        .await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["segmentId".to_owned()]));
}

/// A workflow's condition tests a segment (a saved one and a lifecycle
/// stage) for the run's customer, as the acting user sees it.
async fn workflow_conditions_test_segments(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, |c| c.workflows_poll_ms = 20).await;
    let r = create(&s, &admin, json!({ "name": "重点", "filter": { "tag": "重点" }, "sharing": "COMPANY" })).await;
    let saved = r.ok()["createSegment"]["id"].as_str().unwrap().to_owned();
    let r = s.gql(Some(&admin.token), "{ segments { id stage } }", json!({})).await;
    let acquisition =
        r.ok()["segments"].as_array().unwrap().iter().find(|x| x["stage"] == "ACQUISITION").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let inside = |id: &str| json!({ "type": "compare", "field": "segments", "op": "contains", "value": id });
    let definition = json!({ "trigger": { "type": "manual" }, "steps": [
        { "type": "if", "condition": inside(&saved),
          "then": [ { "type": "set_field", "field": "title", "value": "重点分群" } ] },
        { "type": "if", "condition": { "type": "not", "condition": inside(&acquisition) },
          "then": [ { "type": "set_field", "field": "address", "value": "已过获取期" } ] },
    ] });
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }",
            json!({ "i": { "name": "分群跟进", "definition": definition } }),
        )
        .await;
    let wf = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { publishWorkflow(id: $id) { workflow { state } } }",
            json!({ "id": wf }),
        )
        .await;
    assert_eq!(r.ok()["publishWorkflow"]["workflow"]["state"], "ACTIVE");
    // A segment the author does not see, or no segment at all, is refused.
    for bad in [json!(uuid::Uuid::new_v4().to_string()), json!("重点")] {
        let definition = json!({ "trigger": { "type": "manual" }, "steps": [
            { "type": "filter", "condition": { "type": "compare", "field": "segments", "op": "contains", "value": bad } } ] });
        let r = s
            .gql(
                Some(&admin.token),
                "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }",
                json!({ "i": { "name": "坏分群", "definition": definition } }),
            )
            .await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["definition.steps.0.condition".to_owned()]));
    }
    let tagged = customer(&s, &sp1, json!({ "name": "重点线索", "tags": ["重点"] })).await;
    let other = customer(&s, &sp1, json!({ "name": "成交客户", "status": "DEAL" })).await;
    for c in [&tagged, &other] {
        let r = s
            .gql(
                Some(&admin.token),
                "mutation($w: ID!, $c: ID!) { runWorkflow(workflowId: $w, customerId: $c) { id } }",
                json!({ "w": wf, "c": c }),
            )
            .await;
        let run = r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned();
        eventually(20, "the run completed", || async {
            s.tick_workflows().await;
            let r = s
                .gql(
                    Some(&admin.token),
                    "query($id: ID!) { workflowRun(id: $id) { status error failedStep } }",
                    json!({ "id": run }),
                )
                .await;
            if r.ok()["workflowRun"]["status"] == "COMPLETED" { Ok(()) } else { Err(r.body.to_string()) }
        })
        .await;
    }
    let read = async |id: &str| {
        let r = s
            .gql(Some(&admin.token), "query($id: ID!) { customer(id: $id) { title address } }", json!({ "id": id }))
            .await;
        r.ok()["customer"].clone()
    };
    assert_eq!(read(&tagged).await, json!({ "title": "重点分群", "address": null }));
    assert_eq!(read(&other).await, json!({ "title": null, "address": "已过获取期" }));
}

/// A segment shared with one colleague: they see it (counting their own
/// customers of it), nobody else does, admins included; only its owner
/// changes it; the colleague must be someone who works customers.
async fn a_segment_shared_with_one_colleague(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, maint, .. } = company(b).await;
    customer(&s, &sp1, json!({ "name": "甲", "status": "INTENT" })).await;
    customer(&s, &sp2, json!({ "name": "乙", "status": "INTENT" })).await;
    customer(&s, &sp2, json!({ "name": "丙", "status": "INTENT" })).await;
    let input =
        json!({ "name": "意向客户", "filter": { "status": "INTENT" }, "sharing": "PERSON", "userId": sp2.user_id });
    // Refused: no one named, oneself, a maintenance user, someone else's id
    // with another sharing.
    for (bad, field) in [
        (json!({ "name": "x", "filter": {}, "sharing": "PERSON" }), "userId"),
        (json!({ "name": "x", "filter": {}, "sharing": "PERSON", "userId": sp1.user_id }), "userId"),
        (json!({ "name": "x", "filter": {}, "sharing": "PERSON", "userId": maint.user_id }), "userId"),
        (json!({ "name": "x", "filter": {}, "sharing": "PRIVATE", "userId": sp2.user_id }), "userId"),
    ] {
        let r = create(&s, &sp1, bad).await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec![field.to_owned()]), "{}", r.body);
    }
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($i: SegmentInput!) { createSegment(input: $i) { id sharing sharedWith { id } canEdit count } }",
            json!({ "i": input }),
        )
        .await;
    let made = r.ok()["createSegment"].clone();
    assert_eq!(
        (made["sharing"].clone(), made["sharedWith"]["id"].clone(), made["canEdit"].clone(), made["count"].clone()),
        (json!("PERSON"), json!(sp2.user_id), json!(true), json!(1))
    );
    let id = made["id"].as_str().unwrap().to_owned();
    // The colleague sees it, counts their own two and may not change it;
    // the supervisor and the admin do not see it.
    let r = segment(&s, &sp2, &id).await;
    assert_eq!((r.ok()["segment"]["count"].clone(), r.ok()["segment"]["canEdit"].clone()), (json!(2), json!(false)));
    assert!(listed(&s, &sp2).await.iter().any(|(n, _, c)| n == "意向客户" && *c == 2));
    for who in [&sup, &admin] {
        assert_eq!(segment(&s, who, &id).await.code(), "NOT_FOUND");
        assert!(!listed(&s, who).await.iter().any(|(n, _, _)| n == "意向客户"));
    }
    let renamed =
        json!({ "name": "改名", "filter": { "status": "INTENT" }, "sharing": "PERSON", "userId": sp2.user_id });
    assert_eq!(s.gql(Some(&sp2.token), &update_q(), json!({ "id": id, "i": renamed })).await.code(), "FORBIDDEN");
    // Its owner takes it back.
    let private = json!({ "name": "意向客户", "filter": { "status": "INTENT" }, "sharing": "PRIVATE" });
    s.gql(Some(&sp1.token), &update_q(), json!({ "id": id, "i": private })).await.ok();
    assert_eq!(segment(&s, &sp2, &id).await.code(), "NOT_FOUND");
}

backend_tests!(
    a_segment_shared_with_one_colleague,
    saved_segments_follow_sharing_and_each_readers_sight,
    lifecycle_segments_follow_status_and_activity,
    workflow_conditions_test_segments
);
