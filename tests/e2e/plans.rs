//! Work plans: who sees, edits, completes and deletes which plans; filters,
//! paging, validation, the audit trail and tenant isolation.

use guanxi_tests::{Backend, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};

const PLAN_FIELDS: &str =
    "id subject start end content notes done doneAt doneBy { id } overdue author { id } createdAt";
const GET: &str = "query($id: ID!) { workPlan(id: $id) { id subject start end content notes done doneAt doneBy { id } overdue author { id } } }";
const UPDATE: &str = "mutation($id: ID!, $i: UpdateWorkPlanInput!) { updateWorkPlan(id: $id, input: $i) { id subject start end content notes } }";
const SET_DONE: &str =
    "mutation($id: ID!, $d: Boolean!) { setWorkPlanDone(id: $id, done: $d) { done doneAt doneBy { id } overdue } }";
const DELETE: &str = "mutation($id: ID!) { deleteWorkPlan(id: $id) }";
const LIST: &str = "query($f: WorkPlansFilter, $first: Int, $after: String) { workPlans(filter: $f, first: $first, after: $after) { totalCount nodes { id subject overdue done } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }";

/// A time in May 2030 (comfortably in the future): day and hour.
fn may(day: u32, hour: u32) -> String {
    format!("2030-05-{day:02}T{hour:02}:00:00Z")
}

/// Write a plan as `who`; returns its id.
async fn plan(s: &TestServer, who: &Session, subject: &str, start: &str, end: &str) -> String {
    let r = s
        .gql(
            Some(&who.token),
            &format!("mutation($i: CreateWorkPlanInput!) {{ createWorkPlan(input: $i) {{ {PLAN_FIELDS} }} }}"),
            json!({ "i": { "subject": subject, "start": start, "end": end, "content": "内容", "notes": "备注" } }),
        )
        .await;
    let p = &r.ok()["createWorkPlan"];
    assert_eq!(p["subject"], subject);
    assert_eq!(p["author"]["id"], who.user_id.as_str());
    assert_eq!(p["done"], false);
    assert!(p["doneAt"].is_null() && p["doneBy"].is_null());
    assert!(p["createdAt"].is_string());
    p["id"].as_str().unwrap().to_owned()
}

async fn list(s: &TestServer, who: &Session, filter: Value) -> Value {
    let r = s.gql(Some(&who.token), LIST, json!({ "f": filter })).await;
    r.ok()["workPlans"].clone()
}

/// Ids of the plans `who` sees with `filter`, in list order (one page of 100).
async fn ids(s: &TestServer, who: &Session, filter: Value) -> Vec<String> {
    let r = s.gql(Some(&who.token), LIST, json!({ "f": filter, "first": 100 })).await;
    let page = &r.ok()["workPlans"];
    page["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_owned()).collect()
}

fn want(ids: &[&String]) -> Vec<String> {
    ids.iter().map(|id| (*id).clone()).collect()
}

async fn visibility_follows_roles(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let p_admin = plan(s, &c.admin, "董事会", &may(1, 9), &may(1, 10)).await;
    let p_sup = plan(s, &c.sup, "组会", &may(2, 9), &may(2, 10)).await;
    let p_sp1 = plan(s, &c.sp1, "拜访李总", &may(3, 9), &may(3, 10)).await;
    let p_sp2 = plan(s, &c.sp2, "拜访张总", &may(4, 9), &may(4, 10)).await;

    assert_eq!(ids(s, &c.admin, json!(null)).await, want(&[&p_admin, &p_sup, &p_sp1, &p_sp2]));
    assert_eq!(ids(s, &c.sup, json!(null)).await, want(&[&p_sup, &p_sp1]));
    assert_eq!(ids(s, &c.sp1, json!(null)).await, want(&[&p_sp1]));
    assert_eq!(ids(s, &c.sp2, json!(null)).await, want(&[&p_sp2]));
    assert_eq!(s.gql(Some(&c.maint.token), LIST, json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&c.maint.token), GET, json!({ "id": p_sp1 })).await.code(), "FORBIDDEN");
    let create = "mutation { createWorkPlan(input: {subject: \"x\", start: \"2030-05-01T09:00:00Z\", end: \"2030-05-01T10:00:00Z\"}) { id } }";
    assert_eq!(s.gql(Some(&c.maint.token), create, json!({})).await.code(), "FORBIDDEN");

    // One plan: visible ones in full, the rest not found.
    let r = s.gql(Some(&c.sup.token), GET, json!({ "id": p_sp1 })).await;
    let p = &r.ok()["workPlan"];
    assert_eq!((p["subject"].as_str(), p["author"]["id"].as_str()), (Some("拜访李总"), Some(c.sp1.user_id.as_str())));
    assert_eq!((p["content"].as_str(), p["notes"].as_str()), (Some("内容"), Some("备注")));
    assert_eq!(
        (p["start"].as_str(), p["end"].as_str()),
        (Some("2030-05-03T09:00:00+00:00"), Some("2030-05-03T10:00:00+00:00"))
    );
    for (who, id) in [(&c.sup, &p_sp2), (&c.sup, &p_admin), (&c.sp1, &p_sup), (&c.sp1, &p_sp2), (&c.sp2, &p_sp1)] {
        assert_eq!(s.gql(Some(&who.token), GET, json!({ "id": id })).await.code(), "NOT_FOUND");
    }
    for id in [&p_admin, &p_sup, &p_sp1, &p_sp2] {
        s.gql(Some(&c.admin.token), GET, json!({ "id": id })).await.ok();
    }
    let unknown = "0190c3e2-0000-7000-8000-000000000000";
    assert_eq!(s.gql(Some(&c.admin.token), GET, json!({ "id": unknown })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.admin.token), GET, json!({ "id": "nope" })).await.code(), "VALIDATION_FAILED");
    assert_eq!(s.gql(None, LIST, json!({})).await.code(), "UNAUTHENTICATED");

    // Visibility follows the author's current group: once sp1 leaves group 1,
    // its supervisor no longer sees their plans.
    s.gql(
        Some(&c.admin.token),
        "mutation($id: ID!) { updateUser(id: $id, input: {groupId: null}) { id } }",
        json!({ "id": c.sp1.user_id }),
    )
    .await
    .ok();
    assert_eq!(ids(s, &c.sup, json!(null)).await, want(&[&p_sup]));
}

async fn filters_and_paging(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    // sp1: three plans across May, one overdue (ended in the past), one done.
    let early = plan(s, &c.sp1, "月初", &may(1, 9), &may(2, 18)).await;
    let mid = plan(s, &c.sp1, "月中", &may(14, 9), &may(16, 18)).await;
    let late = plan(s, &c.sp1, "月底", &may(30, 9), &may(31, 18)).await;
    let overdue = plan(s, &c.sp1, "逾期", "2020-01-01T09:00:00Z", "2020-01-01T10:00:00Z").await;
    let done_past = plan(s, &c.sp1, "过去已完成", "2020-01-02T09:00:00Z", "2020-01-02T10:00:00Z").await;
    s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": done_past, "d": true })).await.ok();
    s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": mid, "d": true })).await.ok();
    let other = plan(s, &c.sp2, "二组的", &may(15, 9), &may(15, 10)).await;

    // Overdue is derived: end passed and not done.
    let r = s.gql(Some(&c.sp1.token), GET, json!({ "id": overdue })).await;
    assert_eq!(
        (r.ok()["workPlan"]["overdue"].as_bool(), r.ok()["workPlan"]["done"].as_bool()),
        (Some(true), Some(false))
    );
    let r = s.gql(Some(&c.sp1.token), GET, json!({ "id": done_past })).await;
    assert_eq!(r.ok()["workPlan"]["overdue"], false);
    let r = s.gql(Some(&c.sp1.token), GET, json!({ "id": late })).await;
    assert_eq!(r.ok()["workPlan"]["overdue"], false);

    // Status.
    assert_eq!(ids(s, &c.sp1, json!({ "status": "ALL" })).await, want(&[&overdue, &done_past, &early, &mid, &late]));
    assert_eq!(ids(s, &c.sp1, json!({ "status": "DONE" })).await, want(&[&done_past, &mid]));
    assert_eq!(ids(s, &c.sp1, json!({ "status": "NOT_DONE" })).await, want(&[&overdue, &early, &late]));
    assert_eq!(ids(s, &c.sp1, json!({ "status": "OVERDUE" })).await, want(&[&overdue]));
    // Reopening the past plan makes it overdue again.
    s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": done_past, "d": false })).await.ok();
    assert_eq!(ids(s, &c.sp1, json!({ "status": "OVERDUE" })).await, want(&[&overdue, &done_past]));

    // Time window: plans whose span overlaps [from, to], bounds included.
    let window = |from: String, to: String| json!({ "from": from, "to": to });
    assert_eq!(ids(s, &c.sp1, window(may(2, 0), may(14, 9))).await, want(&[&early, &mid]));
    assert_eq!(ids(s, &c.sp1, window(may(3, 0), may(13, 0))).await, Vec::<String>::new());
    assert_eq!(ids(s, &c.sp1, window(may(15, 0), may(15, 1))).await, want(&[&mid]));
    assert_eq!(ids(s, &c.sp1, json!({ "from": may(16, 18) })).await, want(&[&mid, &late]));
    assert_eq!(ids(s, &c.sp1, json!({ "to": may(1, 9) })).await, want(&[&overdue, &done_past, &early]));
    assert_eq!(ids(s, &c.admin, window(may(15, 0), may(15, 23))).await, want(&[&mid, &other]));
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "f": window(may(15, 0), may(1, 0)) })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["to".to_owned()]));
    // Combined: window and status.
    let f = json!({ "from": may(1, 0), "to": may(31, 0), "status": "NOT_DONE" });
    assert_eq!(ids(s, &c.sp1, f).await, want(&[&early, &late]));

    // Person: an author the caller can see.
    assert_eq!(ids(s, &c.admin, json!({ "authorId": c.sp2.user_id })).await, want(&[&other]));
    assert_eq!(
        ids(s, &c.sup, json!({ "authorId": c.sp1.user_id, "status": "OVERDUE" })).await,
        want(&[&overdue, &done_past])
    );
    assert!(ids(s, &c.sup, json!({ "authorId": c.sup.user_id })).await.is_empty());
    for (who, author) in [(&c.sup, &c.sp2), (&c.sp1, &c.sup), (&c.sp2, &c.sp1)] {
        let r = s.gql(Some(&who.token), LIST, json!({ "f": { "authorId": author.user_id } })).await;
        assert_eq!(r.code(), "NOT_FOUND");
    }
    let r = s.gql(Some(&c.admin.token), LIST, json!({ "f": { "authorId": "nope" } })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["authorId".to_owned()]));
}

async fn pages_with_total_count(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    // 23 plans; two share a start, so the id breaks the tie.
    let mut all = Vec::new();
    for i in 1..=22 {
        all.push(plan(s, &c.sp1, &format!("计划{i}"), &may(i, 9), &may(i, 10)).await);
    }
    let twin = plan(s, &c.sp1, "同时开始", &may(22, 9), &may(22, 9)).await;
    let last = all.pop().unwrap();
    let (a, z) = if twin < last { (twin, last) } else { (last, twin) };
    all.extend([a, z]);

    // Default page: 10, with the total on every page.
    let page = list(s, &c.sp1, json!(null)).await;
    assert_eq!(page["totalCount"], 23);
    assert_eq!(page["nodes"].as_array().unwrap().len(), 10);
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    assert_eq!(page["pageInfo"]["hasPreviousPage"], false);
    // Walk with first/after.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for expected in [10, 10, 3] {
        let r = s.gql(Some(&c.sp1.token), LIST, json!({ "first": 10, "after": after })).await;
        let page = &r.ok()["workPlans"];
        assert_eq!(page["totalCount"], 23);
        let nodes = page["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), expected);
        let edges = page["edges"].as_array().unwrap();
        assert_eq!(edges.last().unwrap()["cursor"], page["pageInfo"]["endCursor"]);
        assert_eq!(page["pageInfo"]["hasNextPage"], expected == 10 && seen.len() < 20);
        seen.extend(nodes.iter().map(|n| n["id"].as_str().unwrap().to_owned()));
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, all);
    // A filtered total; paging past the end is an empty page.
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "f": { "from": may(20, 0) }, "first": 2 })).await;
    assert_eq!(r.ok()["workPlans"]["totalCount"], 4);
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "first": 100, "after": after })).await;
    assert_eq!(r.ok()["workPlans"]["nodes"].as_array().unwrap().len(), 0);
    assert_eq!(r.ok()["workPlans"]["totalCount"], 23);
    // Page sizes 1 to 100; cursors must be ours.
    for (first, after) in [(json!(0), json!(null)), (json!(101), json!(null)), (json!(-1), json!(null))] {
        let r = s.gql(Some(&c.sp1.token), LIST, json!({ "first": first, "after": after })).await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["first".to_owned()]));
    }
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "after": "garbage" })).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["after".to_owned()]));
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "first": 100 })).await;
    assert_eq!(r.ok()["workPlans"]["nodes"].as_array().unwrap().len(), 23);
}

async fn edit_rights(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let p1 = plan(s, &c.sp1, "拜访", &may(3, 9), &may(3, 10)).await;
    let p2 = plan(s, &c.sp2, "拜访", &may(3, 9), &may(3, 10)).await;
    let p_sup = plan(s, &c.sup, "组会", &may(3, 9), &may(3, 10)).await;

    // The author edits; omitted fields stay.
    let r = s
        .gql(Some(&c.sp1.token), UPDATE, json!({ "id": p1, "i": { "subject": " 拜访王总 ", "end": may(3, 12) } }))
        .await;
    let p = &r.ok()["updateWorkPlan"];
    assert_eq!((p["subject"].as_str(), p["end"].as_str()), (Some("拜访王总"), Some("2030-05-03T12:00:00+00:00")));
    assert_eq!((p["start"].as_str(), p["content"].as_str()), (Some("2030-05-03T09:00:00+00:00"), Some("内容")));
    // The supervisor of the author's group edits; an admin edits anyone's.
    let r = s.gql(Some(&c.sup.token), UPDATE, json!({ "id": p1, "i": { "notes": "主管补充" } })).await;
    assert_eq!(r.ok()["updateWorkPlan"]["notes"], "主管补充");
    let r = s.gql(Some(&c.admin.token), UPDATE, json!({ "id": p2, "i": { "content": "" } })).await;
    assert_eq!(r.ok()["updateWorkPlan"]["content"], "");
    let r = s.gql(Some(&c.admin.token), UPDATE, json!({ "id": p_sup, "i": { "subject": "周会" } })).await;
    assert_eq!(r.ok()["updateWorkPlan"]["subject"], "周会");
    // Others' plans are not even visible.
    for (who, id) in [(&c.sup, &p2), (&c.sp1, &p2), (&c.sp1, &p_sup), (&c.sp2, &p1)] {
        let r = s.gql(Some(&who.token), UPDATE, json!({ "id": id, "i": { "subject": "改" } })).await;
        assert_eq!(r.code(), "NOT_FOUND");
    }
    let r = s.gql(Some(&c.maint.token), UPDATE, json!({ "id": p1, "i": { "subject": "改" } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    // Nothing of that landed.
    let r = s.gql(Some(&c.admin.token), GET, json!({ "id": p2 })).await;
    assert_eq!(r.ok()["workPlan"]["subject"], "拜访");
    let r = s.gql(Some(&c.admin.token), GET, json!({ "id": p1 })).await;
    assert_eq!(
        (r.ok()["workPlan"]["subject"].as_str(), r.ok()["workPlan"]["notes"].as_str()),
        (Some("拜访王总"), Some("主管补充"))
    );
}

async fn completion_follows_the_setting(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let p1 = plan(s, &c.sp1, "回访", &may(3, 9), &may(3, 10)).await;
    let p2 = plan(s, &c.sp2, "回访", &may(3, 9), &may(3, 10)).await;

    // Default: author, supervisor of the author's group, admin.
    let r = s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": p1, "d": true })).await;
    let d = &r.ok()["setWorkPlanDone"];
    assert_eq!((d["done"].as_bool(), d["doneBy"]["id"].as_str()), (Some(true), Some(c.sp1.user_id.as_str())));
    assert!(d["doneAt"].is_string());
    let r = s.gql(Some(&c.sup.token), SET_DONE, json!({ "id": p1, "d": false })).await;
    let d = &r.ok()["setWorkPlanDone"];
    assert_eq!(d["done"], false);
    assert!(d["doneAt"].is_null() && d["doneBy"].is_null());
    s.gql(Some(&c.sup.token), SET_DONE, json!({ "id": p1, "d": true })).await.ok();
    // Done by someone the author cannot see: the plan says done, not by whom.
    let r = s.gql(Some(&c.sp1.token), GET, json!({ "id": p1 })).await;
    assert_eq!((r.ok()["workPlan"]["done"].as_bool(), r.ok()["workPlan"]["doneBy"].is_null()), (Some(true), true));
    let r = s.gql(Some(&c.admin.token), GET, json!({ "id": p1 })).await;
    assert_eq!(r.ok()["workPlan"]["doneBy"]["id"], c.sup.user_id.as_str());
    assert_eq!(s.gql(Some(&c.sup.token), SET_DONE, json!({ "id": p2, "d": true })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": p2, "d": true })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.maint.token), SET_DONE, json!({ "id": p2, "d": true })).await.code(), "FORBIDDEN");
    s.gql(Some(&c.admin.token), SET_DONE, json!({ "id": p2, "d": true })).await.ok();
    // Setting the state it has is fine and changes nothing.
    let r = s.gql(Some(&c.admin.token), SET_DONE, json!({ "id": p2, "d": true })).await;
    assert_eq!(r.ok()["setWorkPlanDone"]["doneBy"]["id"], c.admin.user_id.as_str());

    // Admins only: authors and supervisors are refused.
    let set = "mutation($p: [PlanCompleter!]) { updateTenantSettings(input: {planCompletion: $p}) { planCompletion } }";
    let r = s.gql(Some(&c.admin.token), set, json!({ "p": ["ADMIN"] })).await;
    assert_eq!(r.ok()["updateTenantSettings"]["planCompletion"], json!(["ADMIN"]));
    let p3 = plan(s, &c.sp1, "新计划", &may(4, 9), &may(4, 10)).await;
    for who in [&c.sp1, &c.sup] {
        assert_eq!(s.gql(Some(&who.token), SET_DONE, json!({ "id": p3, "d": true })).await.code(), "FORBIDDEN");
        assert_eq!(s.gql(Some(&who.token), SET_DONE, json!({ "id": p1, "d": false })).await.code(), "FORBIDDEN");
    }
    let r = s.gql(Some(&c.sp1.token), GET, json!({ "id": p3 })).await;
    assert_eq!(r.ok()["workPlan"]["done"], false);
    s.gql(Some(&c.admin.token), SET_DONE, json!({ "id": p3, "d": true })).await.ok();

    // Supervisors and admins: the supervisor may, the author still not.
    s.gql(Some(&c.admin.token), set, json!({ "p": ["SUPERVISOR", "ADMIN"] })).await.ok();
    assert_eq!(s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": p3, "d": false })).await.code(), "FORBIDDEN");
    let r = s.gql(Some(&c.sup.token), SET_DONE, json!({ "id": p3, "d": false })).await;
    assert_eq!(r.ok()["setWorkPlanDone"]["done"], false);
    // Authors and admins: the author again, the supervisor not.
    s.gql(Some(&c.admin.token), set, json!({ "p": ["AUTHOR", "ADMIN"] })).await.ok();
    assert_eq!(s.gql(Some(&c.sup.token), SET_DONE, json!({ "id": p3, "d": true })).await.code(), "FORBIDDEN");
    s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": p3, "d": true })).await.ok();
}

async fn delete_rules(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let own = plan(s, &c.sp1, "自己的", &may(3, 9), &may(3, 10)).await;
    let g1 = plan(s, &c.sp1, "组里的", &may(4, 9), &may(4, 10)).await;
    let g2 = plan(s, &c.sp2, "二组的", &may(5, 9), &may(5, 10)).await;
    let sup_own = plan(s, &c.sup, "主管的", &may(6, 9), &may(6, 10)).await;
    let any = plan(s, &c.sp2, "随便", &may(7, 9), &may(7, 10)).await;

    // A salesperson: only their own finished plans.
    assert_eq!(s.gql(Some(&c.sp1.token), DELETE, json!({ "id": own })).await.code(), "FORBIDDEN");
    s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": own, "d": true })).await.ok();
    assert_eq!(s.gql(Some(&c.sp1.token), DELETE, json!({ "id": own })).await.ok()["deleteWorkPlan"], true);
    assert_eq!(s.gql(Some(&c.sp1.token), GET, json!({ "id": own })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.sp1.token), DELETE, json!({ "id": own })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.sp1.token), DELETE, json!({ "id": g2 })).await.code(), "NOT_FOUND");

    // A supervisor: their groups' finished plans (and their own); other groups are not found.
    assert_eq!(s.gql(Some(&c.sup.token), DELETE, json!({ "id": g1 })).await.code(), "FORBIDDEN");
    s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": g1, "d": true })).await.ok();
    s.gql(Some(&c.sup.token), DELETE, json!({ "id": g1 })).await.ok();
    s.gql(Some(&c.admin.token), SET_DONE, json!({ "id": g2, "d": true })).await.ok();
    assert_eq!(s.gql(Some(&c.sup.token), DELETE, json!({ "id": g2 })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.sup.token), DELETE, json!({ "id": sup_own })).await.code(), "FORBIDDEN");
    s.gql(Some(&c.sup.token), SET_DONE, json!({ "id": sup_own, "d": true })).await.ok();
    s.gql(Some(&c.sup.token), DELETE, json!({ "id": sup_own })).await.ok();

    // The maintenance role: nothing. An admin: any plan, finished or not.
    assert_eq!(s.gql(Some(&c.maint.token), DELETE, json!({ "id": any })).await.code(), "FORBIDDEN");
    s.gql(Some(&c.admin.token), DELETE, json!({ "id": any })).await.ok();
    assert_eq!(ids(s, &c.admin, json!(null)).await, want(&[&g2]));
}

async fn bad_input_writes_nothing(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let create = "mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { id } }";
    let r = s
        .gql(
            Some(&c.sp1.token),
            create,
            json!({ "i": {
                "subject": "  ",
                "start": may(3, 10),
                "end": may(3, 9),
                "content": "长".repeat(5001),
                "notes": "x".repeat(2001),
            }}),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["subject", "content", "notes", "end"]);
    let r = s
        .gql(
            Some(&c.sp1.token),
            create,
            json!({ "i": { "subject": "长".repeat(101), "start": may(3, 9), "end": may(3, 9) } }),
        )
        .await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["subject".to_owned()]));
    let r = s
        .gql(Some(&c.sp1.token), create, json!({ "i": { "subject": "x", "start": "not a time", "end": may(3, 9) } }))
        .await;
    assert!(r.body["errors"].is_array());
    assert_eq!(list(s, &c.admin, json!(null)).await["totalCount"], 0);

    // The limits themselves are fine.
    let long = json!({ "i": {
        "subject": "长".repeat(100), "start": may(3, 9), "end": may(3, 9),
        "content": "长".repeat(5000), "notes": "长".repeat(2000),
    }});
    let id = s.gql(Some(&c.sp1.token), create, long).await.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned();

    // An edit that would put the end before the start, or blank the subject.
    for (input, field) in [
        (json!({ "start": may(4, 9) }), "end"),
        (json!({ "end": may(2, 9) }), "end"),
        (json!({ "subject": "" }), "subject"),
        (json!({ "notes": "x".repeat(2001) }), "notes"),
    ] {
        let r = s.gql(Some(&c.sp1.token), UPDATE, json!({ "id": id, "i": input })).await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec![field.to_owned()]), "{input}");
    }
    let r = s.gql(Some(&c.sp1.token), GET, json!({ "id": id })).await;
    let p = &r.ok()["workPlan"];
    assert_eq!(
        (p["start"].as_str(), p["end"].as_str()),
        (Some("2030-05-03T09:00:00+00:00"), Some("2030-05-03T09:00:00+00:00"))
    );
    assert_eq!(p["subject"].as_str().map(|s| s.chars().count()), Some(100));
    for q in [UPDATE, SET_DONE, DELETE] {
        let r = s.gql(Some(&c.sp1.token), q, json!({ "id": "nope", "i": {}, "d": true })).await;
        assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["id".to_owned()]), "{q}");
    }
    // Only the one good plan is in the audit log.
    let r = s.gql(Some(&c.admin.token), "{ auditLog(limit: 200) { action } }", json!({})).await;
    let actions: Vec<&str> =
        r.ok()["auditLog"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions.iter().filter(|a| a.starts_with("work_plan.")).collect::<Vec<_>>(), [&"work_plan.create"]);
}

async fn every_change_is_audited(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let id = plan(s, &c.sp1, "拜访", &may(3, 9), &may(3, 10)).await;
    s.gql(Some(&c.sp1.token), UPDATE, json!({ "id": id, "i": { "subject": "拜访王总", "content": "新内容" } }))
        .await
        .ok();
    s.gql(Some(&c.sup.token), SET_DONE, json!({ "id": id, "d": true })).await.ok();
    s.gql(Some(&c.sp1.token), SET_DONE, json!({ "id": id, "d": false })).await.ok();
    s.gql(Some(&c.admin.token), DELETE, json!({ "id": id })).await.ok();
    let r = s
        .gql(Some(&c.admin.token), "{ auditLog(limit: 200) { action actorId targetType targetId detail } }", json!({}))
        .await;
    let entries: Vec<&Value> =
        r.ok()["auditLog"].as_array().unwrap().iter().filter(|e| e["targetType"] == "work_plan").collect();
    let got: Vec<(&str, &str)> =
        entries.iter().rev().map(|e| (e["action"].as_str().unwrap(), e["actorId"].as_str().unwrap())).collect();
    assert_eq!(
        got,
        [
            ("work_plan.create", c.sp1.user_id.as_str()),
            ("work_plan.update", c.sp1.user_id.as_str()),
            ("work_plan.done", c.sup.user_id.as_str()),
            ("work_plan.reopen", c.sp1.user_id.as_str()),
            ("work_plan.delete", c.admin.user_id.as_str()),
        ]
    );
    assert!(entries.iter().all(|e| e["targetId"] == id.as_str()));
    let update = entries.iter().find(|e| e["action"] == "work_plan.update").unwrap();
    assert_eq!(update["detail"]["subject"], json!({ "old": "拜访", "new": "拜访王总" }));
    assert_eq!((update["detail"]["contentChanged"].as_bool(), update["detail"]["end"].is_null()), (Some(true), true));
}

async fn other_tenants_plans_are_not_found(b: Backend) {
    let s = TestServer::start(b).await;
    let a = s.sign_up("alpha").await;
    let z = s.sign_up("zeta").await;
    let a_sp = s.invite_and_accept(&a, "sp@alpha.cn", "SALESPERSON", None).await;
    let z_sp = s.invite_and_accept(&z, "sp@zeta.cn", "SALESPERSON", None).await;
    let a_plan = plan(&s, &a_sp, "甲方计划", &may(3, 9), &may(3, 10)).await;
    let z_plan = plan(&s, &z_sp, "乙方计划", &may(3, 9), &may(3, 10)).await;
    let z_done = plan(&s, &z_sp, "乙方已完成", &may(4, 9), &may(4, 10)).await;
    s.gql(Some(&z_sp.token), SET_DONE, json!({ "id": z_done, "d": true })).await.ok();

    for who in [&a, &a_sp] {
        for id in [&z_plan, &z_done] {
            for (q, vars) in [
                (GET, json!({ "id": id })),
                (UPDATE, json!({ "id": id, "i": { "subject": "pwned", "end": may(9, 9) } })),
                (SET_DONE, json!({ "id": id, "d": true })),
                (SET_DONE, json!({ "id": id, "d": false })),
                (DELETE, json!({ "id": id })),
            ] {
                let r = s.gql(Some(&who.token), q, vars.clone()).await;
                assert_eq!(r.code(), "NOT_FOUND", "{q} {vars}");
            }
        }
        let r = s.gql(Some(&who.token), LIST, json!({ "f": { "authorId": z_sp.user_id } })).await;
        assert_eq!(r.code(), "NOT_FOUND");
        let page = list(&s, who, json!(null)).await;
        assert_eq!(page["totalCount"], 1);
        assert!(!page.to_string().contains(&z_plan) && !page.to_string().contains(&z_done));
    }
    // Zeta's plans are as they were.
    let r = s.gql(Some(&z.token), GET, json!({ "id": z_plan })).await;
    let p = &r.ok()["workPlan"];
    assert_eq!((p["subject"].as_str(), p["done"].as_bool()), (Some("乙方计划"), Some(false)));
    assert_eq!(p["end"], "2030-05-03T10:00:00+00:00");
    let r = s.gql(Some(&z.token), GET, json!({ "id": z_done })).await;
    assert_eq!(
        (r.ok()["workPlan"]["done"].as_bool(), r.ok()["workPlan"]["doneBy"]["id"].as_str()),
        (Some(true), Some(z_sp.user_id.as_str()))
    );
    assert_eq!(ids(&s, &z, json!(null)).await, want(&[&z_plan, &z_done]));
    assert_eq!(ids(&s, &a, json!(null)).await, want(&[&a_plan]));
    // And nothing about them reached alpha's audit log.
    let r = s.gql(Some(&a.token), "{ auditLog(limit: 200) { targetId } }", json!({})).await;
    assert!(!r.ok().to_string().contains(&z_plan));
}

/// A plan about a customer: linked only to customers the writer sees,
/// filtered by customer, shown with the customer while the reader may see it,
/// unlinked when the customer is deleted for good; the events carry it.
async fn plans_about_customers(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let own = s.create_customer(&c.sp1, "李雷").await;
    let other = s.create_customer(&c.sp2, "韩梅梅").await;
    let create = "mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { id customer { id name } } }";
    let input = |customer: &str| json!({ "i": { "subject": "拜访", "start": may(6, 9), "end": may(6, 10), "customerId": customer } });
    let before = s.events(&c.admin, 0).await.len();
    let r = s.gql(Some(&c.sp1.token), create, input(&own)).await;
    let p = r.ok()["createWorkPlan"].clone();
    assert_eq!((p["customer"]["id"].as_str(), p["customer"]["name"].as_str()), (Some(own.as_str()), Some("李雷")));
    let id = p["id"].as_str().unwrap().to_owned();
    let events = s.events(&c.admin, 0).await;
    let created: Vec<Value> = events[before..].iter().map(|e| serde_json::to_value(&e.event).unwrap()).collect();
    assert!(created.contains(&json!({ "type": "plan.created", "plan": id, "owner": c.sp1.user_id, "customer": own })));

    // Someone else's customer, one of another company or none at all is not
    // found, and nothing is written.
    let unknown = "0190c3e2-0000-7000-8000-000000000000";
    for bad in [other.as_str(), unknown] {
        assert_eq!(s.gql(Some(&c.sp1.token), create, input(bad)).await.code(), "NOT_FOUND");
    }
    assert_eq!(s.gql(Some(&c.sp1.token), create, input("nope")).await.code(), "VALIDATION_FAILED");
    assert_eq!(ids(s, &c.sp1, json!(null)).await, vec![id.clone()]);
    // The supervisor of sp1's group sees the plan with its customer; the
    // admin plans for sp2's customer.
    let r = s
        .gql(Some(&c.sup.token), "query($id: ID!) { workPlan(id: $id) { customer { id } } }", json!({ "id": id }))
        .await;
    assert_eq!(r.ok()["workPlan"]["customer"]["id"], own.as_str());
    let r = s.gql(Some(&c.admin.token), create, input(&other)).await;
    let admins = r.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned();

    // Filtered by customer: only customers the reader sees.
    assert_eq!(ids(s, &c.sp1, json!({ "customerId": own })).await, vec![id.clone()]);
    assert_eq!(ids(s, &c.admin, json!({ "customerId": other })).await, vec![admins.clone()]);
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "f": { "customerId": other } })).await;
    assert_eq!(r.code(), "NOT_FOUND");

    // Relinking checks the new customer; null unlinks.
    let relink =
        "mutation($id: ID!, $i: UpdateWorkPlanInput!) { updateWorkPlan(id: $id, input: $i) { customer { id } } }";
    let r = s.gql(Some(&c.sp1.token), relink, json!({ "id": id, "i": { "customerId": other } })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let seq = s.events(&c.admin, 0).await.last().map_or(0, |e| e.seq);
    let r = s.gql(Some(&c.sp1.token), relink, json!({ "id": id, "i": { "customerId": null } })).await;
    assert!(r.ok()["updateWorkPlan"]["customer"].is_null());
    let r = s.gql(Some(&c.sp1.token), relink, json!({ "id": id, "i": { "customerId": own, "subject": "再访" } })).await;
    assert_eq!(r.ok()["updateWorkPlan"]["customer"]["id"], own.as_str());
    let updates: Vec<Value> =
        s.events(&c.admin, seq).await.iter().map(|e| serde_json::to_value(&e.event).unwrap()).collect();
    assert_eq!(
        updates,
        [
            json!({ "type": "plan.updated", "plan": id, "fields": ["customerId"] }),
            json!({ "type": "plan.updated", "plan": id, "fields": ["subject", "customerId"], "customer": own }),
        ]
    );

    // Released to the pool the customer stays on the plan (anyone may see
    // the pool); once a colleague outside sp1's view claims it, sp1 sees the
    // plan without it, the admin with it.
    let r = s.gql(Some(&c.sp1.token), &crate::pool::release_q(), json!({ "id": own, "r": "不需要" })).await;
    r.ok();
    let get = "query($id: ID!) { workPlan(id: $id) { customer { id } } }";
    assert_eq!(
        s.gql(Some(&c.sp1.token), get, json!({ "id": id })).await.ok()["workPlan"]["customer"]["id"],
        own.as_str()
    );
    s.gql(Some(&c.sp2.token), &crate::pool::claim_q(), json!({ "id": own })).await.ok();
    assert!(s.gql(Some(&c.sp1.token), get, json!({ "id": id })).await.ok()["workPlan"]["customer"].is_null());
    assert_eq!(
        s.gql(Some(&c.admin.token), get, json!({ "id": id })).await.ok()["workPlan"]["customer"]["id"],
        own.as_str()
    );
    // Keeping a link one no longer sees is no change; linking it anew is
    // refused.
    let r = s.gql(Some(&c.sp1.token), relink, json!({ "id": id, "i": { "customerId": own } })).await;
    assert!(r.ok()["updateWorkPlan"]["customer"].is_null());

    // Deleted for good: the plans stay, unlinked.
    s.gql(Some(&c.sp2.token), &crate::pool::release_q(), json!({ "id": own, "r": "无效客户" })).await.ok();
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { id } }",
            json!({ "id": own }),
        )
        .await;
    r.ok();
    assert!(s.gql(Some(&c.admin.token), get, json!({ "id": id })).await.ok()["workPlan"]["customer"].is_null());
    assert_eq!(ids(s, &c.sp1, json!(null)).await, vec![id.clone()]);
    let r = s.gql(Some(&c.admin.token), LIST, json!({ "f": { "customerId": own } })).await;
    assert_eq!(r.code(), "NOT_FOUND");
}

backend_tests!(
    visibility_follows_roles,
    filters_and_paging,
    pages_with_total_count,
    edit_rights,
    completion_follows_the_setting,
    delete_rules,
    bad_input_writes_nothing,
    every_change_is_audited,
    other_tenants_plans_are_not_found,
    plans_about_customers,
);
