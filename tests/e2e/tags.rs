//! Managed tags (标签), on both backends: the list starts from what
//! customers carry and grows as people tag (or, when the company says so,
//! only as admins add tags); counts per tag within each reader's sight;
//! rename, merge and delete reaching every customer (with history and
//! events) and the saved segments that filter on a tag; typed errors that
//! change nothing; another company's tags out of reach.

use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};

const FIELDS: &str = "id name color group customerCount";

/// The company's tags as `who` reads them, by name: (color, group, count).
async fn listed(s: &TestServer, who: &Session) -> Vec<(String, String, Option<String>, u64)> {
    let r = s.gql(Some(&who.token), &format!("{{ tags {{ {FIELDS} }} }}"), json!({})).await;
    r.ok()["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["color"].as_str().unwrap().to_owned(),
                t["group"].as_str().map(str::to_owned),
                t["customerCount"].as_u64().unwrap(),
            )
        })
        .collect()
}

async fn id_of(s: &TestServer, who: &Session, name: &str) -> String {
    let r = s.gql(Some(&who.token), "{ tags { id name } }", json!({})).await;
    r.ok()["tags"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap()["id"].as_str().unwrap().to_owned()
}

async fn tags_of(s: &TestServer, who: &Session, customer: &str) -> Value {
    let r = s.gql(Some(&who.token), "query($id: ID!) { customer(id: $id) { tags } }", json!({ "id": customer })).await;
    r.ok()["customer"]["tags"].clone()
}

async fn update(s: &TestServer, who: &Session, id: &str, input: Value) -> guanxi_tests::Gql {
    let q = format!("mutation($id: ID!, $i: TagInput!) {{ updateTag(id: $id, input: $i) {{ {FIELDS} }} }}");
    s.gql(Some(&who.token), &q, json!({ "id": id, "i": input })).await
}

async fn merge(s: &TestServer, who: &Session, sources: &[&str], into: &str) -> guanxi_tests::Gql {
    let q = format!("mutation($s: [ID!]!, $into: ID!) {{ mergeTags(sources: $s, into: $into) {{ {FIELDS} }} }}");
    s.gql(Some(&who.token), &q, json!({ "s": sources, "into": into })).await
}

async fn rename_merge_and_delete_reach_every_customer(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let a = s.create_customer_with(&sp1, json!({ "name": "甲", "tags": ["重点", "老客户"] })).await;
    let b_ = s.create_customer_with(&sp1, json!({ "name": "乙", "tags": ["重點"] })).await;
    let c = s.create_customer_with(&sp2, json!({ "name": "丙", "tags": ["重点", "重點"] })).await;
    s.create_customer_with(&sp2, json!({ "name": "丁" })).await;

    // The list grew as they tagged; each reader counts the customers they see.
    let all = listed(&s, &admin).await;
    let names: Vec<&str> = all.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(names, ["老客户", "重点", "重點"]);
    assert!(all.iter().all(|t| t.1 == "GRAY" && t.2.is_none()));
    assert_eq!(all.iter().map(|t| t.3).collect::<Vec<_>>(), [1, 2, 2]);
    assert_eq!(listed(&s, &sp1).await.iter().map(|t| t.3).collect::<Vec<_>>(), [1, 1, 1]);

    // A salesperson's segment on 重点.
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation { createSegment(input: { name: \"重点客户\", filter: { tag: \"重点\" } }) { id count } }",
            json!({}),
        )
        .await;
    let segment = r.ok()["createSegment"]["id"].as_str().unwrap().to_owned();
    assert_eq!(r.ok()["createSegment"]["count"], 1);

    // Only admins change the list; bad input changes nothing.
    let key = id_of(&s, &admin, "重点").await;
    assert_eq!(update(&s, &sp1, &key, json!({ "name": "x" })).await.code(), "FORBIDDEN");
    let r = update(&s, &admin, &key, json!({ "name": "长".repeat(21), "group": "g".repeat(31) })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["name".to_owned(), "group".to_owned()]));
    let r = update(&s, &admin, &key, json!({ "name": "老客户" })).await;
    assert_eq!((r.code(), r.fields()), ("CONFLICT", vec!["name".to_owned()]));
    assert_eq!(tags_of(&s, &sp1, &a).await, json!(["重点", "老客户"]));

    // A workflow whose condition names both tags.
    let definition = json!({ "trigger": { "type": "manual" }, "steps": [{ "type": "if",
        "condition": { "type": "any", "of": [
            { "type": "compare", "field": "tags", "op": "contains", "value": "重点" },
            { "type": "compare", "field": "tags", "op": "contains", "value": "重點" } ] },
        "then": [{ "type": "notify", "to": { "type": "owner" }, "title": "重点客户" }] }] });
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }",
            json!({ "i": { "name": "重点跟进", "definition": definition } }),
        )
        .await;
    let wf = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    let named = || async {
        let r = s
            .gql(
                Some(&admin.token),
                "query($id: ID!) { workflow(id: $id) { draft { definition } } }",
                json!({ "id": wf }),
            )
            .await;
        let d = r.ok()["workflow"]["draft"]["definition"].clone();
        let of =
            d["steps"][0]["condition"]["of"].as_array().unwrap().iter().map(|c| c["value"].clone()).collect::<Vec<_>>();
        (of, d["steps"][0]["then"][0]["title"].clone())
    };

    // A rename reaches every customer, with a history entry each, the
    // segment that filters on the tag and the workflow that names it.
    let r = update(&s, &admin, &key, json!({ "name": " 重要客户 ", "color": "RED", "group": "客户类型" })).await;
    let t = &r.ok()["updateTag"];
    assert_eq!(
        (t["name"].as_str(), t["color"].as_str(), t["group"].as_str()),
        (Some("重要客户"), Some("RED"), Some("客户类型"))
    );
    assert_eq!(tags_of(&s, &sp1, &a).await, json!(["重要客户", "老客户"]));
    assert_eq!(tags_of(&s, &sp2, &c).await, json!(["重要客户", "重點"]));
    let r = s
        .gql(
            Some(&sp1.token),
            "query($id: ID!) { customer(id: $id) { history { field oldValue newValue } } }",
            json!({ "id": a }),
        )
        .await;
    let entries = r.ok()["customer"]["history"].as_array().unwrap();
    let entry = entries.iter().find(|n| n["field"] == "tags").unwrap();
    assert_eq!((&entry["oldValue"], &entry["newValue"]), (&json!(["重点", "老客户"]), &json!(["重要客户", "老客户"])));
    let r = s
        .gql(Some(&sp1.token), "query($id: ID!) { segment(id: $id) { filter count } }", json!({ "id": segment }))
        .await;
    assert_eq!((&r.ok()["segment"]["filter"], &r.ok()["segment"]["count"]), (&json!({ "tag": "重要客户" }), &json!(1)));
    assert_eq!(named().await, (vec![json!("重要客户"), json!("重點")], json!("重点客户")));
    // Grouped tags come first.
    let names: Vec<String> = listed(&s, &admin).await.into_iter().map(|t| t.0).collect();
    assert_eq!(names, ["重要客户", "老客户", "重點"]);

    // A merge: 重點 becomes 重要客户, once per customer, and leaves the list.
    let traditional = id_of(&s, &admin, "重點").await;
    assert_eq!(merge(&s, &admin, &[&key], &key).await.code(), "VALIDATION_FAILED");
    assert_eq!(merge(&s, &sp1, &[&traditional], &key).await.code(), "FORBIDDEN");
    let r = merge(&s, &admin, &[&traditional], &key).await;
    assert_eq!(r.ok()["mergeTags"]["customerCount"], 3);
    assert_eq!(tags_of(&s, &sp1, &b_).await, json!(["重要客户"]));
    assert_eq!(tags_of(&s, &sp2, &c).await, json!(["重要客户"]));
    assert_eq!(update(&s, &admin, &traditional, json!({ "color": "BLUE" })).await.code(), "NOT_FOUND");
    assert_eq!(named().await, (vec![json!("重要客户"), json!("重要客户")], json!("重点客户")));

    // A delete: the tag leaves every customer.
    let old = id_of(&s, &admin, "老客户").await;
    let r = s.gql(Some(&admin.token), "mutation($id: ID!) { deleteTag(id: $id) }", json!({ "id": old })).await;
    assert_eq!(r.ok()["deleteTag"], true);
    assert_eq!(tags_of(&s, &sp1, &a).await, json!(["重要客户"]));
    assert_eq!(listed(&s, &admin).await.len(), 1);

    // Events: the tags' own, and each changed customer's.
    let events = s.events(&admin, 0).await;
    let tag_events: Vec<String> = events
        .iter()
        .filter(|e| e.event.kind() == "tag.changed")
        .map(|e| serde_json::to_value(&e.event).unwrap()["what"].as_str().unwrap().to_owned())
        .collect();
    // Three created by tagging, one renamed, one merged away and one
    // merged into, one deleted.
    assert_eq!(tag_events, ["created", "created", "created", "updated", "deleted", "updated", "deleted"]);
    let retagged = events
        .iter()
        .filter(|e| {
            let v = serde_json::to_value(&e.event).unwrap();
            v["type"] == "customer.updated" && v["fields"] == json!(["tags"])
        })
        .count();
    // Rename: 甲 and 丙; merge: 乙 and 丙; delete: 甲.
    assert_eq!(retagged, 5);
    let r = s.gql(Some(&admin.token), "{ auditLog(limit: 100) { action } }", json!({})).await;
    let mut actions: Vec<&str> = r.ok()["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["action"].as_str())
        .filter(|a| a.starts_with("tag."))
        .collect();
    actions.sort_unstable();
    assert_eq!(actions, ["tag.delete", "tag.merge", "tag.update"]);

    // Another company sees none of it and reaches none of it.
    let other = s.sign_up("other").await;
    assert!(listed(&s, &other).await.is_empty());
    assert_eq!(update(&s, &other, &key, json!({ "name": "偷" })).await.code(), "NOT_FOUND");
    let r = s.gql(Some(&other.token), "mutation($id: ID!) { deleteTag(id: $id) }", json!({ "id": key })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    assert_eq!(merge(&s, &other, &[&key], &key).await.code(), "NOT_FOUND");
    assert_eq!(listed(&s, &admin).await[0].0, "重要客户");
}

async fn only_admins_add_tags_when_the_company_says_so(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    // By default anyone who tags a customer adds the tag, or adds one here.
    let c = s.create_customer_with(&sp1, json!({ "name": "甲", "tags": ["展会"] })).await;
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation { createTag(input: { name: \"转介绍\", color: GREEN, group: \"来源\" }) { name color group customerCount } }",
            json!({}),
        )
        .await;
    assert_eq!(r.ok()["createTag"], json!({ "name": "转介绍", "color": "GREEN", "group": "来源", "customerCount": 0 }));
    let r = s.gql(Some(&sp1.token), "mutation { createTag(input: { name: \"展会\" }) { id } }", json!({})).await;
    assert_eq!((r.code(), r.fields()), ("CONFLICT", vec!["name".to_owned()]));

    let r = s
        .gql(
            Some(&admin.token),
            "mutation { updateTenantSettings(input: { tagCreation: ADMINS }) { tagCreation } }",
            json!({}),
        )
        .await;
    assert_eq!(r.ok()["updateTenantSettings"]["tagCreation"], "ADMINS");

    // Now a salesperson picks from the list: a new tag is refused with
    // its name, and nothing is written.
    let before = listed(&s, &admin).await.len();
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation { createCustomer(input: { name: \"乙\", tags: [\"展会\", \"自创\"] }) { id } }",
            json!({}),
        )
        .await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["tags".to_owned()]));
    assert!(r.error()["extensions"]["fields"][0]["message"].as_str().unwrap().contains("自创"));
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($id: ID!) { updateCustomer(id: $id, input: { tags: [\"展会\", \"自创\"] }) { tags } }",
            json!({ "id": c }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(tags_of(&s, &sp1, &c).await, json!(["展会"]));
    let r = s.gql(Some(&sp1.token), "mutation { createTag(input: { name: \"自创\" }) { id } }", json!({})).await;
    assert_eq!(r.code(), "FORBIDDEN");
    assert_eq!(listed(&s, &admin).await.len(), before);
    // Tags from the list are fine, and an admin still adds new ones.
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($id: ID!) { updateCustomer(id: $id, input: { tags: [\"展会\", \"转介绍\"] }) { tags } }",
            json!({ "id": c }),
        )
        .await;
    assert_eq!(r.ok()["updateCustomer"]["tags"], json!(["展会", "转介绍"]));
    s.create_customer_with(&admin, json!({ "name": "丙", "tags": ["大客户"] })).await;
    let names: Vec<String> = listed(&s, &admin).await.into_iter().map(|t| t.0).collect();
    assert_eq!(names, ["转介绍", "大客户", "展会"]);
}

backend_tests!(rename_merge_and_delete_reach_every_customer, only_admins_add_tags_when_the_company_says_so);
