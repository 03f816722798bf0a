//! Bulk editing (批量编辑), on both backends: a filtered list, a selection
//! and a segment changed as a job; each row checked as a single edit (sight,
//! the tag limit, the holding cap) and reported when it fails; history,
//! events and the dashboards' counts as for an edit; typed errors that queue
//! nothing; another company's customers out of reach.

use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company, eventually};
use serde_json::{Value, json};

const START: &str = "mutation($ids: [ID!], $f: CustomerFilter, $seg: ID, $c: BulkCustomerChange!) { \
    bulkEditCustomers(ids: $ids, filter: $f, segmentId: $seg, change: $c) { id kind status progressTotal } }";

async fn start(s: &TestServer, who: &Session, target: Value, change: Value) -> guanxi_tests::Gql {
    let mut vars = json!({ "c": change });
    for (k, v) in target.as_object().unwrap() {
        vars[k] = v.clone();
    }
    s.gql(Some(&who.token), START, vars).await
}

/// Run a bulk edit to its end; returns its report.
async fn run(s: &TestServer, who: &Session, target: Value, change: Value) -> Value {
    let r = start(s, who, target, change).await;
    let job = r.ok()["bulkEditCustomers"]["id"].as_str().unwrap().to_owned();
    assert_eq!(r.ok()["bulkEditCustomers"]["kind"], "customers.bulk_edit");
    let query = "query($id: ID!) { job(id: $id) { status result error progressDone } }";
    eventually(120, "the bulk edit ending", || async {
        let r = s.gql(Some(&who.token), query, json!({ "id": job })).await;
        let j = r.ok()["job"].clone();
        assert_ne!(j["status"], "FAILED", "{j}");
        if j["status"] == "SUCCEEDED" { Ok(()) } else { Err(j.to_string()) }
    })
    .await;
    let r = s.gql(Some(&who.token), query, json!({ "id": job })).await;
    let j = r.ok()["job"].clone();
    assert_eq!(j["progressDone"], j["result"]["customers"]);
    j["result"].clone()
}

async fn customer(s: &TestServer, who: &Session, id: &str) -> Value {
    let r = s
        .gql(
            Some(&who.token),
            "query($id: ID!) { customer(id: $id) { name status grade tags owner { id } history { field oldValue newValue } } }",
            json!({ "id": id }),
        )
        .await;
    r.ok()["customer"].clone()
}

async fn a_filtered_list_changes_row_by_row(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, .. } = company(b).await;
    let mut mine = Vec::new();
    for i in 0..5 {
        mine.push(s.create_customer_with(&sp1, json!({ "name": format!("客户{i}"), "tags": ["老客户"] })).await);
    }
    let full: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
    let crowded = s.create_customer_with(&sp1, json!({ "name": "标签已满", "tags": full })).await;
    let theirs = s.create_customer_with(&sp2, json!({ "name": "别人的", "tags": ["老客户"] })).await;

    // Typed errors queue nothing.
    let r = start(&s, &sp1, json!({ "f": {} }), json!({})).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["change".to_owned()]));
    let r = start(&s, &sp1, json!({ "f": {}, "ids": [mine[0]] }), json!({ "grade": "VIP" })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["ids".to_owned()]));
    let r = start(&s, &sp1, json!({ "f": {} }), json!({ "addTags": ["长".repeat(21)], "custom": { "nope": 1 } })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["change.addTags.0".to_owned()]));
    let r = start(&s, &sp1, json!({ "f": {} }), json!({ "custom": { "nope": 1 } })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["change.custom.nope".to_owned()]));
    let r = start(&s, &sp1, json!({ "f": {} }), json!({ "ownerId": sp2.user_id })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&admin.token), "{ jobs(limit: 50) { kind } }", json!({})).await;
    assert!(r.ok()["jobs"].as_array().unwrap().iter().all(|j| j["kind"] != "customers.bulk_edit"));

    // The salesperson's whole list: every row checked, one refused.
    let report = run(
        &s,
        &sp1,
        json!({ "f": {} }),
        json!({ "status": "INTENT", "grade": "VIP", "addTags": ["展会"], "removeTags": ["老客户"] }),
    )
    .await;
    assert_eq!((&report["customers"], &report["changed"], &report["failed"]), (&json!(6), &json!(5), &json!(1)));
    let issue = &report["issues"][0];
    assert_eq!((&issue["customerId"], &issue["name"]), (&json!(crowded), &json!("标签已满")));
    assert_eq!((&issue["field"], &issue["code"]), (&json!("tags"), &json!("too_many")));
    for id in &mine {
        let c = customer(&s, &sp1, id).await;
        assert_eq!((&c["status"], &c["grade"], &c["tags"]), (&json!("INTENT"), &json!("VIP"), &json!(["展会"])));
        let fields: Vec<&str> = c["history"].as_array().unwrap().iter().filter_map(|h| h["field"].as_str()).collect();
        for f in ["status", "grade", "tags"] {
            assert!(fields.contains(&f), "{fields:?}");
        }
    }
    let c = customer(&s, &sp1, &crowded).await;
    assert_eq!((c["status"].as_str(), c["tags"].as_array().unwrap().len()), (Some("PROSPECT"), 20));
    assert_eq!(customer(&s, &sp2, &theirs).await["tags"], json!(["老客户"]));
    // The list's counts (kept in the dashboards' summaries) follow.
    let r = s.gql(Some(&sp1.token), "{ customers(filter: {status: INTENT}) { totalCount } }", json!({})).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 5);
    // The new tag joined the list.
    let r = s.gql(Some(&admin.token), "{ tags { name customerCount } }", json!({})).await;
    assert!(r.ok()["tags"].as_array().unwrap().contains(&json!({ "name": "展会", "customerCount": 5 })));
    // Events as for an edit; the start is audited.
    let updated = s
        .events(&admin, 0)
        .await
        .iter()
        .filter(|e| {
            let v = serde_json::to_value(&e.event).unwrap();
            v["type"] == "customer.updated" && v["fields"] == json!(["status", "grade", "tags"])
        })
        .count();
    assert_eq!(updated, 5);
    let r = s.gql(Some(&admin.token), "{ auditLog(limit: 50) { action } }", json!({})).await;
    assert!(r.ok()["auditLog"].as_array().unwrap().iter().any(|a| a["action"] == "customer.bulk_edit"));

    // A selection: a customer out of the salesperson's sight is
    // `NOT_FOUND`, as everywhere; running an edit again changes nothing.
    let r = start(&s, &sp1, json!({ "ids": [mine[0], theirs] }), json!({ "status": "INTENT" })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let report = run(&s, &sp1, json!({ "ids": [mine[0], mine[0]] }), json!({ "status": "INTENT" })).await;
    assert_eq!((&report["customers"], &report["changed"], &report["unchanged"]), (&json!(1), &json!(0), &json!(1)));
    assert_eq!(customer(&s, &sp2, &theirs).await["status"], "PROSPECT");

    // A supervisor assigns the salesperson's VIPs to themselves; the
    // holding cap takes each batch as one assignment.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { updateTenantSettings(input: { pool: { maxHeld: 3 } }) { pool { maxHeld } } }",
            json!({}),
        )
        .await;
    r.ok();
    let vips = json!({ "f": { "ownerId": sp1.user_id, "grade": "VIP" } });
    let report = run(&s, &sup, vips.clone(), json!({ "ownerId": sup.user_id, "addTags": ["主管跟进"] })).await;
    assert_eq!((&report["changed"], &report["failed"]), (&json!(0), &json!(5)));
    assert_eq!(report["issues"][0]["field"], "ownerId");
    assert_eq!(customer(&s, &sp1, &mine[0]).await["owner"]["id"], sp1.user_id.as_str());
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { updateTenantSettings(input: { pool: { maxHeld: 0 } }) { pool { maxHeld } } }",
            json!({}),
        )
        .await;
    r.ok();
    let report = run(&s, &sup, vips, json!({ "ownerId": sup.user_id })).await;
    assert_eq!(report["changed"], 5);
    assert_eq!(customer(&s, &sup, &mine[0]).await["owner"]["id"], sup.user_id.as_str());
    let r = s.gql(Some(&sp1.token), "{ customers { totalCount } }", json!({})).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 1);

    // A segment is a target too.
    let r = s
        .gql(
            Some(&sup.token),
            "mutation { createSegment(input: { name: \"意向\", filter: { status: INTENT } }) { id } }",
            json!({}),
        )
        .await;
    let segment = r.ok()["createSegment"]["id"].as_str().unwrap().to_owned();
    let report = run(&s, &sup, json!({ "seg": segment }), json!({ "status": "DEAL" })).await;
    assert_eq!(report["changed"], 5);
    let r = s.gql(Some(&sup.token), "{ customers(filter: {status: DEAL}) { totalCount } }", json!({})).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 5);

    // Another company reaches none of these customers.
    let other = s.sign_up("other").await;
    let r = start(&s, &other, json!({ "ids": mine }), json!({ "status": "LOST" })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let report = run(&s, &other, json!({ "f": { "status": "DEAL" } }), json!({ "status": "LOST" })).await;
    assert_eq!((&report["customers"], &report["changed"]), (&json!(0), &json!(0)));
    let r = start(&s, &other, json!({ "seg": segment }), json!({ "status": "LOST" })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    assert_eq!(customer(&s, &sup, &mine[0]).await["status"], "DEAL");
}

backend_tests!(a_filtered_list_changes_row_by_row);
