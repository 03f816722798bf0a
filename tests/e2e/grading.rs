//! Deals and grading without code: deals within the customer's rights,
//! grading models for admins only, regrading as a job with progress, grade
//! changes in the history with their reason, the monthly schedule, custom
//! fields and conversations as indicators, and other companies.

use std::time::Duration;

use chrono::{Days, Utc};
use guanxi_tests::{Backend, Company, Gql, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};

const MODEL: &str = "id name kind config labels { label } enabled monthly lastRunAt nextRunAt";

async fn deal(s: &TestServer, who: &Session, customer: &str, input: Value) -> Gql {
    s.gql(
        Some(&who.token),
        "mutation($c: ID!, $i: DealInput!) { createDeal(customerId: $c, input: $i) { id amount currency status closeDate expectedCloseDate ownerId } }",
        json!({ "c": customer, "i": input }),
    )
    .await
}

async fn model(s: &TestServer, who: &Session, input: Value) -> Gql {
    s.gql(
        Some(&who.token),
        &format!("mutation($i: GradingModelInput!) {{ createGradingModel(input: $i) {{ {MODEL} }} }}"),
        json!({ "i": input }),
    )
    .await
}

/// Regrade with a model and wait for the job; returns the finished job.
async fn regrade(s: &TestServer, who: &Session, model: &str) -> Value {
    let r = s
        .gql(Some(&who.token), "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": model }))
        .await;
    let id = r.ok()["regradeCustomers"]["id"].as_str().unwrap().to_owned();
    for _ in 0..600 {
        let r = s
            .gql(
                Some(&who.token),
                "query($id: ID!) { job(id: $id) { status progressDone progressTotal result error } }",
                json!({ "id": id }),
            )
            .await;
        let job = r.ok()["job"].clone();
        match job["status"].as_str().unwrap() {
            "SUCCEEDED" => return job,
            "FAILED" | "CANCELLED" => panic!("regrade failed: {job}"),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    panic!("regrade {id} did not finish");
}

async fn grades(s: &TestServer, who: &Session, customer: &str) -> Vec<Value> {
    let r = s
        .gql(
            Some(&who.token),
            "query($id: ID!) { customer(id: $id) { grades { modelName label score reason inputs } } }",
            json!({ "id": customer }),
        )
        .await;
    r.ok()["customer"]["grades"].as_array().unwrap().clone()
}

async fn grade_history(s: &TestServer, who: &Session, customer: &str) -> Vec<Value> {
    let r = s
        .gql(
            Some(&who.token),
            "query($id: ID!) { customer(id: $id) { history(limit: 200) { field oldValue newValue } } }",
            json!({ "id": customer }),
        )
        .await;
    r.ok()["customer"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"].as_str().unwrap().starts_with("grade."))
        .cloned()
        .collect()
}

fn in_days(n: u64) -> String {
    // Shanghai's calendar day, like the server's.
    let today = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    today.checked_add_days(Days::new(n)).unwrap().to_string()
}

async fn deals_follow_customer_rights(b: Backend) {
    let Company { s, sup, sp1, sp2, .. } = company(b).await;
    let c = s.create_customer(&sp1, "甲").await;
    let d = deal(&s, &sp1, &c, json!({ "title": "年度采购", "amount": "12,800.5", "expectedCloseDate": in_days(20) }))
        .await;
    let d = d.ok()["createDeal"].clone();
    assert_eq!(
        (d["amount"].as_str(), d["currency"].as_str(), d["status"].as_str()),
        (Some("12800.50"), Some("CNY"), Some("OPEN"))
    );
    assert_eq!(d["ownerId"], sp1.user_id.as_str());
    // Bad input: every problem at once, nothing written.
    let r = deal(
        &s,
        &sp1,
        &c,
        json!({ "title": "", "amount": "12.345", "currency": "XYZ", "status": "WON", "closeDate": in_days(3) }),
    )
    .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    let mut f = r.fields();
    f.sort();
    assert_eq!(f, ["closeDate", "currency", "title"]);
    // Another salesperson does not see the customer; the supervisor of
    // the group may work its deals.
    assert_eq!(deal(&s, &sp2, &c, json!({ "title": "x", "amount": "1" })).await.code(), "NOT_FOUND");
    let won = s
        .gql(
            Some(&sup.token),
            "mutation($id: ID!) { updateDeal(id: $id, input: { title: \"年度采购\", amount: \"13000\", status: WON }) { status closeDate } }",
            json!({ "id": d["id"] }),
        )
        .await;
    assert_eq!(won.ok()["updateDeal"]["closeDate"], in_days(0));
    let r = s.gql(Some(&sp2.token), "mutation($id: ID!) { deleteDeal(id: $id) }", json!({ "id": d["id"] })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s
        .gql(
            Some(&sp1.token),
            "query($id: ID!) { customer(id: $id) { deals { title amount status } } }",
            json!({ "id": c }),
        )
        .await;
    assert_eq!(r.ok()["customer"]["deals"], json!([{ "title": "年度采购", "amount": "13000.00", "status": "WON" }]));
}

async fn abcd_regrading_keeps_history(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    // Only admins configure grading; bad configurations name each problem.
    let r = model(&s, &sp1, json!({ "name": "成交周期", "kind": "ABCD" })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = model(&s, &admin, json!({ "name": "成交周期", "kind": "ABCD", "config": { "monthsA": 3, "monthsB": 2 } }))
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["config.monthsB"]);
    let m = model(&s, &admin, json!({ "name": "成交周期", "kind": "ABCD", "config": { "noContactDays": null } })).await;
    let m = m.ok()["createGradingModel"].clone();
    assert_eq!(m["labels"], json!([{ "label": "A" }, { "label": "B" }, { "label": "C" }, { "label": "D" }]));
    let dup = model(&s, &admin, json!({ "name": "成交周期", "kind": "RFM" })).await;
    assert_eq!(dup.code(), "CONFLICT");
    let mid = m["id"].as_str().unwrap();

    let a = s.create_customer(&sp1, "甲").await;
    let b2 = s.create_customer(&sp1, "乙").await;
    let c = s.create_customer(&sp1, "丙").await;
    let d = s.create_customer(&sp1, "丁").await;
    deal(&s, &sp1, &a, json!({ "title": "t", "amount": "1", "expectedCloseDate": in_days(10) })).await.ok();
    let bd = deal(&s, &sp1, &b2, json!({ "title": "t", "amount": "1", "expectedCloseDate": in_days(70) })).await;
    let bd = bd.ok()["createDeal"]["id"].clone();
    deal(&s, &sp1, &c, json!({ "title": "t", "amount": "1", "expectedCloseDate": in_days(150) })).await.ok();

    // A run is a job with progress in customers; a salesperson may not start one.
    let r = s
        .gql(Some(&sp1.token), "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": mid }))
        .await;
    assert_eq!(r.code(), "FORBIDDEN");
    let job = regrade(&s, &admin, mid).await;
    assert_eq!((job["progressDone"].as_i64(), job["progressTotal"].as_i64()), (Some(4), Some(4)));
    assert_eq!((job["result"]["customers"].as_i64(), job["result"]["regraded"].as_i64()), (Some(4), Some(4)));
    for (id, label) in [(&a, "A"), (&b2, "B"), (&c, "C"), (&d, "D")] {
        let g = grades(&s, &sp1, id).await;
        assert_eq!((g[0]["modelName"].as_str(), g[0]["label"].as_str()), (Some("成交周期"), Some(label)), "{g:?}");
        assert!(g[0]["reason"].as_str().unwrap().ends_with(&format!("→ {label}")));
    }
    let h = grade_history(&s, &sp1, &b2).await;
    assert_eq!(h.len(), 1);
    assert_eq!((h[0]["field"].as_str(), h[0]["oldValue"].is_null()), (Some("grade.成交周期"), true));
    assert_eq!(h[0]["newValue"]["label"], "B");

    // Nothing changed: nothing is written again.
    let job = regrade(&s, &admin, mid).await;
    assert_eq!((job["result"]["updated"].as_i64(), job["result"]["regraded"].as_i64()), (Some(0), Some(0)));
    // The deal moves closer: B → A, with the old and new reasons.
    s.gql(
        Some(&sp1.token),
        "mutation($id: ID!, $d: NaiveDate) { updateDeal(id: $id, input: { title: \"t\", amount: \"1\", expectedCloseDate: $d }) { id } }",
        json!({ "id": bd, "d": in_days(5) }),
    )
    .await
    .ok();
    let job = regrade(&s, &admin, mid).await;
    assert_eq!(job["result"]["regraded"], 1);
    let h = grade_history(&s, &sp1, &b2).await;
    assert_eq!(h.len(), 2);
    assert_eq!((h[0]["oldValue"]["label"].as_str(), h[0]["newValue"]["label"].as_str()), (Some("B"), Some("A")));
    assert!(h[0]["newValue"]["reason"].as_str().unwrap().contains("预计成交日"));

    // Monthly: the next run is on the 1st at 00:30 in Shanghai; off clears it.
    let upd = format!(
        "mutation($id: ID!, $i: GradingModelInput!) {{ updateGradingModel(id: $id, input: $i) {{ {MODEL} }} }}"
    );
    let r = s
        .gql(
            Some(&admin.token),
            &upd,
            json!({ "id": mid, "i": { "name": "成交周期", "kind": "ABCD", "config": { "noContactDays": null }, "monthly": true } }),
        )
        .await;
    let next = r.ok()["updateGradingModel"]["nextRunAt"].as_str().unwrap().to_owned();
    let next = chrono::DateTime::parse_from_rfc3339(&next).unwrap().with_timezone(&chrono_tz::Asia::Shanghai);
    assert_eq!(next.format("%d %H:%M").to_string(), "01 00:30");
    let r = s
        .gql(
            Some(&admin.token),
            &upd,
            json!({ "id": mid, "i": { "name": "成交周期", "kind": "RFM", "monthly": true } }),
        )
        .await;
    assert_eq!(r.fields(), ["kind"]);
    let r = s
        .gql(
            Some(&admin.token),
            &upd,
            json!({ "id": mid, "i": { "name": "成交周期", "kind": "ABCD", "monthly": false } }),
        )
        .await;
    assert!(r.ok()["updateGradingModel"]["nextRunAt"].is_null());
}

async fn rfm_and_weighted_models(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let mut ids = Vec::new();
    for (i, name) in ["甲", "乙", "丙", "丁", "戊"].iter().enumerate() {
        let c = s.create_customer(&sp1, name).await;
        for _ in 0..=i {
            let amount = format!("{}", (i + 1) * 1000);
            deal(&s, &sp1, &c, json!({ "title": "单", "amount": amount, "status": "WON", "closeDate": in_days(0) }))
                .await
                .ok();
        }
        ids.push(c);
    }
    let rfm = model(&s, &admin, json!({ "name": "RFM", "kind": "RFM" })).await;
    let rfm = rfm.ok()["createGradingModel"].clone();
    let labels: Vec<String> =
        rfm["labels"].as_array().unwrap().iter().map(|l| l["label"].as_str().unwrap().to_owned()).collect();
    regrade(&s, &admin, rfm["id"].as_str().unwrap()).await;
    for id in &ids {
        let g = grades(&s, &admin, id).await;
        assert!(labels.contains(&g[0]["label"].as_str().unwrap().to_owned()), "{g:?}");
    }

    // A weighted model may weigh a numeric custom field once it exists.
    let weighted = json!({ "name": "综合评分", "kind": "WEIGHTED", "config": {
        "indicators": [{ "indicator": "dealAmount", "weight": 2 }, { "indicator": "custom:employees", "weight": 1 },
                       { "indicator": "conversationCount", "weight": 1 }],
        "grades": [{ "label": "优", "minScore": 60 }, { "label": "良", "minScore": 30 }, { "label": "一般", "minScore": 0 }] } });
    let r = model(&s, &admin, weighted.clone()).await;
    assert_eq!(r.fields(), ["config.indicators.1.indicator"]);
    s.gql(
        Some(&admin.token),
        "mutation { createCustomField(entity: CUSTOMER, input: { key: \"employees\", label: \"员工数\", type: NUMBER }) { id } }",
        json!({}),
    )
    .await
    .ok();
    let w = model(&s, &admin, weighted).await;
    let wid = w.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned();
    s.gql(
        Some(&sp1.token),
        "mutation($id: ID!) { updateCustomer(id: $id, input: { custom: { employees: 500 } }) { id } }",
        json!({ "id": ids[4] }),
    )
    .await
    .ok();
    regrade(&s, &admin, &wid).await;
    let best = grades(&s, &admin, &ids[4]).await;
    let best = best.iter().find(|g| g["modelName"] == "综合评分").unwrap();
    assert_eq!(best["label"], "优");
    let worst = grades(&s, &admin, &ids[0]).await;
    let worst = worst.iter().find(|g| g["modelName"] == "综合评分").unwrap();
    assert_eq!(worst["label"], "一般");
}

async fn other_companies_see_nothing(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let c = s.create_customer(&sp1, "甲").await;
    let m = model(&s, &admin, json!({ "name": "成交周期", "kind": "ABCD" })).await;
    let mid = m.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned();
    regrade(&s, &admin, &mid).await;
    let other = s.sign_up("other").await;
    assert_eq!(deal(&s, &other, &c, json!({ "title": "x", "amount": "1" })).await.code(), "NOT_FOUND");
    let r = s.gql(Some(&other.token), "query($id: ID!) { gradingModel(id: $id) { id } }", json!({ "id": mid })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s
        .gql(Some(&other.token), "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": mid }))
        .await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s.gql(Some(&other.token), "{ gradingModels { id } }", json!({})).await;
    assert_eq!(r.ok()["gradingModels"], json!([]));
    // Its own run grades only its own customers.
    s.create_customer(&other, "乙").await;
    let om = model(&s, &other, json!({ "name": "成交周期", "kind": "ABCD" })).await;
    let job = regrade(&s, &other, om.ok()["createGradingModel"]["id"].as_str().unwrap()).await;
    assert_eq!(job["result"]["customers"], 1);
    assert_eq!(grades(&s, &sp1, &c).await.len(), 1);
}

backend_tests!(
    deals_follow_customer_rights,
    abcd_regrading_keeps_history,
    rfm_and_weighted_models,
    other_companies_see_nothing,
);
