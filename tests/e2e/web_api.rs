//! The API pieces the web app's pages use instead of working around: an
//! export of only the selected customers, the pool filtered by release
//! reason, invitation links for admins, and releasing a selection of
//! customers at once, all or nothing.

use guanxi_tests::{Backend, Company, PASSWORD, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};

async fn create(s: &TestServer, who: &Session, name: &str) -> String {
    let r = s
        .gql(
            Some(&who.token),
            "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
            json!({ "i": { "name": name } }),
        )
        .await;
    r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned()
}

const EXPORT: &str =
    "mutation($f: CustomerFilter, $ids: [ID!]) { exportCustomers(filter: $f, format: CSV, ids: $ids) { url rows } }";

/// The names in an export's CSV, sorted.
async fn exported(s: &TestServer, link: &Value) -> Vec<String> {
    let body = s.http.get(format!("{}{}", s.base, link["url"].as_str().unwrap())).send().await.unwrap();
    let body = body.bytes().await.unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(&body[3..]);
    let mut names: Vec<String> = r.records().map(|rec| rec.unwrap()[1].to_owned()).collect();
    names.sort();
    names
}

async fn exports_of_selected_customers(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let a = create(&s, &sp1, "甲一").await;
    let b2 = create(&s, &sp1, "甲二").await;
    create(&s, &sp1, "甲三").await;
    let theirs = create(&s, &sp2, "乙一").await;
    let other = s.sign_up("other-web-api").await;
    let foreign = create(&s, &other, "外人").await;

    // Only the selection, duplicates once.
    let r = s.gql(Some(&sp1.token), EXPORT, json!({ "ids": [a, b2, a] })).await;
    let link = r.ok()["exportCustomers"].clone();
    assert_eq!(link["rows"], 2);
    assert_eq!(exported(&s, &link).await, ["甲一", "甲二"]);

    // An id the caller cannot see (a colleague's, another company's,
    // unknown) is `NOT_FOUND`, as everywhere, and nothing is exported.
    let unknown = "0190f3b2-7c1e-7a40-9c1e-000000000001";
    for hidden in [&theirs, &foreign, &unknown.to_owned()] {
        let r = s.gql(Some(&sp1.token), EXPORT, json!({ "ids": [a, hidden] })).await;
        assert_eq!(r.code(), "NOT_FOUND", "{hidden}");
    }
    let r = s.gql(Some(&admin.token), EXPORT, json!({ "ids": [a, foreign] })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s.gql(Some(&admin.token), EXPORT, json!({ "ids": [a, theirs] })).await;
    assert_eq!(exported(&s, &r.ok()["exportCustomers"]).await, ["乙一", "甲一"]);

    // The filter still holds; an empty selection exports no rows.
    let r = s.gql(Some(&sp1.token), EXPORT, json!({ "ids": [a, b2], "f": { "search": "二" } })).await;
    assert_eq!(exported(&s, &r.ok()["exportCustomers"]).await, ["甲二"]);
    let r = s.gql(Some(&sp1.token), EXPORT, json!({ "ids": [] })).await;
    assert_eq!(r.ok()["exportCustomers"]["rows"], 0);

    // Bad ids and too many are refused, and nothing is issued.
    let r = s.gql(Some(&sp1.token), EXPORT, json!({ "ids": [a, "nonsense"] })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["ids.1"]);
    let many: Vec<String> = (0..1001).map(|_| a.clone()).collect();
    let r = s.gql(Some(&sp1.token), EXPORT, json!({ "ids": many })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["ids"]);
}

const POOL: &str = "query($r: String) { pool(releaseReason: $r, first: 50) { totalCount edges { node { name release { reason } } } } }";

fn pool_names(v: &Value) -> Vec<String> {
    let mut n: Vec<String> =
        v["pool"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()).collect();
    n.sort();
    n
}

async fn release(s: &TestServer, who: &Session, id: &str, reason: &str) {
    let r = s
        .gql(
            Some(&who.token),
            "mutation($id: ID!, $r: String!) { releaseCustomer(id: $id, reason: $r) { id } }",
            json!({ "id": id, "r": reason }),
        )
        .await;
    r.ok();
}

async fn the_pool_filters_by_release_reason(b: Backend) {
    let Company { s, admin, sp1, sp2, maint, .. } = company(b).await;
    for (name, reason) in [("甲一", "无意向"), ("甲二", "无意向"), ("甲三", "联系不上")] {
        let id = create(&s, &sp1, name).await;
        release(&s, &sp1, &id, reason).await;
    }
    create(&s, &sp1, "仍在手上").await;
    let other = s.sign_up("other-pool-reasons").await;
    let id = create(&s, &other, "外人").await;
    release(&s, &other, &id, "无意向").await;

    // The reasons in use, most used first, counted over this company's pool.
    let r = s.gql(Some(&sp2.token), "{ poolReleaseReasons { reason count } }", json!({})).await;
    assert_eq!(
        r.ok()["poolReleaseReasons"],
        json!([{ "reason": "无意向", "count": 2 }, { "reason": "联系不上", "count": 1 }])
    );

    // Filtering: exact reason (trimmed), combined with the other filters.
    let r = s.gql(Some(&sp2.token), POOL, json!({ "r": " 无意向 " })).await;
    assert_eq!(r.ok()["pool"]["totalCount"], 2);
    assert_eq!(pool_names(r.ok()), ["甲一", "甲二"]);
    let r = s.gql(Some(&admin.token), POOL, json!({ "r": "联系不上" })).await;
    assert_eq!(pool_names(r.ok()), ["甲三"]);
    let r = s.gql(Some(&admin.token), POOL, json!({ "r": "无" })).await;
    assert_eq!(r.ok()["pool"]["totalCount"], 0, "a reason matches whole");
    let r = s
        .gql(
            Some(&admin.token),
            "{ pool(releaseReason: \"无意向\", filter: { search: \"二\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(r.ok()["pool"]["totalCount"], 1);
    let r = s.gql(Some(&admin.token), POOL, json!({ "r": null })).await;
    assert_eq!(r.ok()["pool"]["totalCount"], 3);

    // A claimed customer leaves the reason's list.
    let claimed = s.gql(Some(&sp2.token), POOL, json!({ "r": "联系不上" })).await;
    assert_eq!(pool_names(claimed.ok()), ["甲三"]);
    let r = s.gql(Some(&sp2.token), "{ pool(releaseReason: \"联系不上\") { edges { node { id } } } }", json!({})).await;
    let id = r.ok()["pool"]["edges"][0]["node"]["id"].as_str().unwrap().to_owned();
    s.gql(Some(&sp2.token), "mutation($id: ID!) { claimCustomer(id: $id) { id } }", json!({ "id": id })).await.ok();
    let r = s.gql(Some(&sp2.token), "{ poolReleaseReasons { reason count } }", json!({})).await;
    assert_eq!(r.ok()["poolReleaseReasons"], json!([{ "reason": "无意向", "count": 2 }]));

    // Bad reasons are refused; the maintenance role sees no pool.
    for bad in ["", "   ", &"长".repeat(201)] {
        let r = s.gql(Some(&admin.token), POOL, json!({ "r": bad })).await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "{bad:?}");
        assert_eq!(r.fields(), ["releaseReason"]);
    }
    let r = s.gql(Some(&maint.token), "{ poolReleaseReasons { reason } }", json!({})).await;
    assert_eq!(r.code(), "FORBIDDEN");
}

const RENEW: &str =
    "mutation($id: ID!) { renewInvitationLink(id: $id) { url invitation { id email status expiresAt } } }";

async fn admins_get_invitation_links(b: Backend) {
    let Company { s, admin, g1, sup, sp1, .. } = company(b).await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id expiresAt } }",
            json!({ "i": { "email": "new@links.cn", "role": "SALESPERSON", "groupId": g1 } }),
        )
        .await;
    let id = r.ok()["inviteUser"]["id"].as_str().unwrap().to_owned();
    let mailed = s.invitation_token(&admin, "new@links.cn").await;

    // Supervisors and salespeople get no link; other companies do not find it.
    for who in [&sup, &sp1] {
        let r = s.gql(Some(&who.token), RENEW, json!({ "id": id })).await;
        assert_eq!(r.code(), "FORBIDDEN");
    }
    let other = s.sign_up("other-invitations").await;
    let r = s.gql(Some(&other.token), RENEW, json!({ "id": id })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s.gql(Some(&admin.token), RENEW, json!({ "id": "nonsense" })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");

    // The admin's link works; the mailed one no longer does.
    let r = s.gql(Some(&admin.token), RENEW, json!({ "id": id })).await;
    let renewed = r.ok()["renewInvitationLink"].clone();
    assert_eq!(renewed["invitation"]["status"], "PENDING");
    assert_eq!(renewed["invitation"]["email"], "new@links.cn");
    let url = renewed["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/accept-invitation?token=gxi_", s.base)), "{url}");
    let token = url.split("token=").nth(1).unwrap();
    assert_ne!(token, mailed);
    const ACCEPT: &str = "mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { user { email role } } }";
    let r = s.gql(None, ACCEPT, json!({ "i": { "token": mailed, "displayName": "新人", "password": PASSWORD } })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s.gql(None, ACCEPT, json!({ "i": { "token": token, "displayName": "新人", "password": PASSWORD } })).await;
    assert_eq!(r.ok()["acceptInvitation"]["user"]["email"], "new@links.cn");

    // An accepted (or revoked) invitation has no link any more.
    let r = s.gql(Some(&admin.token), RENEW, json!({ "id": id })).await;
    assert_eq!(r.code(), "CONFLICT");
    let audit = s.gql(Some(&admin.token), "{ auditLog(limit: 50) { action detail } }", json!({})).await;
    let renewed_entries = audit.ok()["auditLog"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "user.invite" && e["detail"]["renewed"] == true)
        .count();
    assert_eq!(renewed_entries, 1);
}

const RELEASE: &str = "mutation($ids: [ID!]!, $r: String!) { releaseCustomers(ids: $ids, reason: $r) { released { id name inPool release { reason } } errors { id code reason } } }";

async fn in_pool(s: &TestServer, who: &Session) -> u64 {
    let r = s.gql(Some(&who.token), "{ pool { totalCount } }", json!({})).await;
    r.ok()["pool"]["totalCount"].as_u64().unwrap()
}

async fn bulk_release_is_all_or_nothing(b: Backend) {
    let Company { s, sup, sp1, sp2, maint, .. } = company(b).await;
    let a = create(&s, &sp1, "甲一").await;
    let b1 = create(&s, &sp1, "甲二").await;
    let theirs = create(&s, &sp2, "乙一").await;
    let pooled = create(&s, &sp1, "早已在公海").await;
    release(&s, &sp1, &pooled, "无意向").await;
    let other = s.sign_up("other-bulk-release").await;
    let foreign = create(&s, &other, "外人").await;

    // One in the way (a colleague's, already in the pool, another company's):
    // nothing is released, and each one in the way is named.
    let r = s.gql(Some(&sp1.token), RELEASE, json!({ "ids": [a, theirs, pooled, foreign, b1], "r": "批量放入" })).await;
    let out = &r.ok()["releaseCustomers"];
    assert_eq!(out["released"], json!([]));
    let errors: Vec<(String, String, String)> = out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
                e["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (theirs.clone(), "NOT_FOUND".into(), String::new()),
            (pooled.clone(), "CONFLICT".into(), "in_pool".into()),
            (foreign.clone(), "NOT_FOUND".into(), String::new()),
        ]
    );
    assert_eq!(in_pool(&s, &sp1).await, 1, "nothing was released");

    // All of them: released in one go, with the reason, duplicates once.
    let r = s.gql(Some(&sp1.token), RELEASE, json!({ "ids": [a, b1, a], "r": " 批量放入 " })).await;
    let out = &r.ok()["releaseCustomers"];
    assert_eq!(out["errors"], json!([]));
    let released = out["released"].as_array().unwrap();
    assert_eq!(released.len(), 2);
    assert!(released.iter().all(|c| c["inPool"] == true && c["release"]["reason"] == "批量放入"), "{released:?}");
    assert_eq!(in_pool(&s, &sp1).await, 3);

    // A supervisor releases a salesperson of their group; not one of another group.
    let c = create(&s, &sp1, "甲三").await;
    let d = create(&s, &sp2, "乙二").await;
    let r = s.gql(Some(&sup.token), RELEASE, json!({ "ids": [c, d], "r": "主管放入" })).await;
    assert_eq!(r.ok()["releaseCustomers"]["errors"][0]["id"], d.as_str());
    let r = s.gql(Some(&sup.token), RELEASE, json!({ "ids": [c], "r": "主管放入" })).await;
    assert_eq!(r.ok()["releaseCustomers"]["released"][0]["inPool"], true);

    // Bad requests change nothing.
    let e = create(&s, &sp1, "甲四").await;
    for (vars, field) in [
        (json!({ "ids": [], "r": "原因" }), "ids"),
        (json!({ "ids": [e, "nonsense"], "r": "原因" }), "ids.1"),
        (json!({ "ids": [e], "r": "  " }), "reason"),
        (json!({ "ids": vec![e.clone(); 501], "r": "原因" }), "ids"),
    ] {
        let r = s.gql(Some(&sp1.token), RELEASE, vars).await;
        assert_eq!(r.code(), "VALIDATION_FAILED");
        assert_eq!(r.fields(), [field]);
    }
    let r = s.gql(Some(&maint.token), RELEASE, json!({ "ids": [e], "r": "原因" })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&sp1.token), "{ customers(filter: { search: \"甲四\" }) { totalCount } }", json!({})).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 1, "still the salesperson's");
}

backend_tests!(
    exports_of_selected_customers,
    the_pool_filters_by_release_reason,
    admins_get_invitation_links,
    bulk_release_is_all_or_nothing
);
