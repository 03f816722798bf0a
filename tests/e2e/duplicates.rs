//! Possible duplicates (疑似重复), on both backends: the documents' kinds
//! (the same phone in another shape, an e-mail in capitals, 张伟 and 張偉 at
//! one company under two legal suffixes, the same sound at the same
//! company) found while typing and on a customer's page, a colleague's
//! customer counted without its details, the company-wide scan as a job
//! for admins, and another company out of reach.

use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company, eventually};
use serde_json::{Value, json};

const Q: &str = "query($i: DuplicateProbe!) { duplicateCandidates(input: $i) { score reasons customer { id name } } }";

async fn probe(s: &TestServer, who: &Session, input: Value) -> Vec<Value> {
    let r = s.gql(Some(&who.token), Q, json!({ "i": input })).await;
    r.ok()["duplicateCandidates"].as_array().unwrap().clone()
}

async fn the_documents_kinds_are_found(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let zw = s
        .create_customer_with(
            &sp1,
            json!({ "name": "张伟", "company": "上海关系贸易有限公司", "phones": ["13812345678"], "email": "zw@example.cn" }),
        )
        .await;
    let theirs = s.create_customer_with(&sp2, json!({ "name": "張偉", "company": "上海關係貿易股份有限公司" })).await;
    s.create_customer_with(&sp1, json!({ "name": "张伟", "company": "北京别的科技有限公司" })).await;

    // Typing a new customer: traditional, another suffix; the colleague's
    // is counted, not shown.
    let found = probe(&s, &sp1, json!({ "name": "張偉", "company": "上海关系贸易股份有限公司" })).await;
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((&found[0]["reasons"], &found[0]["score"]), (&json!(["NAME_COMPANY"]), &json!(0.85)));
    let shown: Vec<&Value> = found.iter().map(|c| &c["customer"]).collect();
    assert!(shown.contains(&&json!({ "id": zw, "name": "张伟" })));
    assert!(shown.contains(&&Value::Null));
    // The same phone in another shape, the address in capitals.
    let found =
        probe(&s, &sp1, json!({ "name": "别人", "phones": ["+86 138-1234-5678"], "email": "ZW@Example.CN" })).await;
    assert_eq!(found.len(), 1);
    assert_eq!((&found[0]["reasons"], &found[0]["customer"]["id"]), (&json!(["PHONE", "EMAIL"]), &json!(zw)));
    assert_eq!(found[0]["score"], 0.995);
    // The same sound at the same company, weaker; an edit leaves itself out.
    let found = probe(&s, &sp1, json!({ "name": "张玮", "company": "上海关系贸易" })).await;
    assert!(found.iter().all(|c| c["reasons"] == json!(["PINYIN_COMPANY"])) && found.len() == 2, "{found:?}");
    let found = probe(&s, &sp1, json!({ "customerId": zw, "name": "张伟", "company": "上海关系贸易有限公司" })).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["customer"], Value::Null);
    // A name alone is no sign.
    assert!(probe(&s, &sp1, json!({ "name": "张伟" })).await.is_empty());

    // On the customer's page, for an admin who sees both.
    let r = s
        .gql(
            Some(&admin.token),
            "query($id: ID!) { customer(id: $id) { possibleDuplicates { reasons customer { id } } } }",
            json!({ "id": zw }),
        )
        .await;
    assert_eq!(
        r.ok()["customer"]["possibleDuplicates"],
        json!([{ "reasons": ["NAME_COMPANY"], "customer": { "id": theirs } }])
    );

    // The whole company as a job, for admins.
    let r = s.gql(Some(&sp1.token), "mutation { scanDuplicates { id } }", json!({})).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&admin.token), "mutation { scanDuplicates { id kind progressTotal } }", json!({})).await;
    assert_eq!(r.ok()["scanDuplicates"]["kind"], "customers.duplicates");
    let job = r.ok()["scanDuplicates"]["id"].as_str().unwrap().to_owned();
    let q = "query($id: ID!) { job(id: $id) { status result progressDone } }";
    eventually(60, "the scan ending", || async {
        let r = s.gql(Some(&admin.token), q, json!({ "id": job })).await;
        if r.ok()["job"]["status"] == "SUCCEEDED" { Ok(()) } else { Err(r.body.to_string()) }
    })
    .await;
    let r = s.gql(Some(&admin.token), q, json!({ "id": job })).await;
    let result = &r.ok()["job"]["result"];
    assert_eq!((&result["customers"], &result["pairs"]), (&json!(3), &json!(1)));
    let pair = &result["items"][0];
    let mut names = [pair["a"]["name"].as_str().unwrap(), pair["b"]["name"].as_str().unwrap()];
    names.sort_unstable();
    assert_eq!(names, ["张伟", "張偉"]);
    assert_eq!(pair["reasons"], json!(["NAME_COMPANY"]));

    // Another company finds none of these.
    let other = s.sign_up("other").await;
    assert!(probe(&s, &other, json!({ "name": "张伟", "company": "上海关系贸易有限公司" })).await.is_empty());
}

/// A pair said to be two people (不是重复) is no longer offered, on the
/// customer's page, while editing it or in a scan; new customers typed
/// like them still are; taking it back offers it again.
async fn a_pair_said_to_be_two_people_is_not_offered_again(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let a = s.create_customer_with(&sp1, json!({ "name": "王芳", "phones": ["13611112222"] })).await;
    let other = s.create_customer_with(&sp1, json!({ "name": "王芳芳", "phones": ["13611112222"] })).await;
    let page = "query($id: ID!) { customer(id: $id) { possibleDuplicates { customer { id } } } }";
    let offered = |who: &Session, id: String| {
        let s = &s;
        let token = who.token.clone();
        async move {
            let r = s.gql(Some(&token), page, json!({ "id": id })).await;
            r.ok()["customer"]["possibleDuplicates"].as_array().unwrap().len()
        }
    };
    assert_eq!(offered(&sp1, a.clone()).await, 1);
    let dismiss = "mutation($a: ID!, $b: ID!) { dismissDuplicate(customerId: $a, otherId: $b) }";
    let restore = "mutation($a: ID!, $b: ID!) { restoreDuplicate(customerId: $a, otherId: $b) }";
    // Refused: a colleague who does not see them, the same customer twice.
    assert_eq!(s.gql(Some(&sp2.token), dismiss, json!({ "a": a, "b": other })).await.code(), "NOT_FOUND");
    let r = s.gql(Some(&sp1.token), dismiss, json!({ "a": a, "b": a })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["otherId".to_owned()]));
    // Said twice, in either order: once.
    for (x, y) in [(&a, &other), (&other, &a)] {
        assert_eq!(s.gql(Some(&sp1.token), dismiss, json!({ "a": x, "b": y })).await.ok()["dismissDuplicate"], true);
    }
    assert_eq!((offered(&sp1, a.clone()).await, offered(&admin, other.clone()).await), (0, 0));
    let edit = probe(&s, &sp1, json!({ "customerId": a, "name": "王芳", "phones": ["13611112222"] })).await;
    assert!(edit.is_empty(), "{edit:?}");
    assert_eq!(probe(&s, &sp1, json!({ "name": "新客户", "phones": ["13611112222"] })).await.len(), 2);
    // The scan leaves it out and says so.
    let r = s.gql(Some(&admin.token), "mutation { scanDuplicates { id } }", json!({})).await;
    let job = r.ok()["scanDuplicates"]["id"].as_str().unwrap().to_owned();
    let q = "query($id: ID!) { job(id: $id) { status result } }";
    let result = eventually(60, "the scan ending", || async {
        let r = s.gql(Some(&admin.token), q, json!({ "id": job })).await;
        if r.ok()["job"]["status"] == "SUCCEEDED" {
            Ok(r.ok()["job"]["result"].clone())
        } else {
            Err(r.body.to_string())
        }
    })
    .await;
    assert_eq!((&result["pairs"], &result["dismissed"]), (&json!(0), &json!(1)));
    // Taken back: offered again.
    assert_eq!(s.gql(Some(&sp1.token), restore, json!({ "a": other, "b": a })).await.ok()["restoreDuplicate"], true);
    assert_eq!(offered(&sp1, a.clone()).await, 1);
}

backend_tests!(the_documents_kinds_are_found, a_pair_said_to_be_two_people_is_not_offered_again);
