//! Domain events of conversations, work plans, deals, users, groups and
//! custom fields: each operation through GraphQL appends exactly its events
//! to the company's outbox, in order, and a refused write (invalid input,
//! forbidden, not found) appends none. Customers' own events come from their
//! write path and are left out of these comparisons.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use guanxi_store::entity::domain_event;
use guanxi_tests::{Backend, Company, Gql, Session, TestServer, backend_tests, company, eventually};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The company's events after `after` (by sequence), customers' own left
/// out: `(seq, payload)`, the payload holding `type`.
async fn events_after(s: &TestServer, tenant: &str, after: i64) -> Vec<(i64, Value)> {
    let db = s.db.connect_owner().await;
    let tenant: uuid::Uuid = tenant.parse().unwrap();
    let rows = domain_event::Entity::find()
        .filter(domain_event::Column::TenantId.eq(tenant))
        .filter(domain_event::Column::Seq.gt(after))
        .order_by_asc(domain_event::Column::Seq)
        .all(&db)
        .await
        .unwrap();
    db.close().await.unwrap();
    rows.into_iter()
        .inspect(|r| assert_eq!(r.payload["type"], r.kind.as_str(), "the stored kind is the payload's type"))
        .filter(|r| !r.kind.starts_with("customer."))
        .map(|r| (r.seq, r.payload))
        .collect()
}

/// Reads the outbox step by step: each [`Outbox::take`] returns the events
/// appended since the previous one.
struct Outbox<'a> {
    s: &'a TestServer,
    tenant: String,
    seen: i64,
}

impl<'a> Outbox<'a> {
    async fn new(s: &'a TestServer, tenant: &str) -> Outbox<'a> {
        let mut o = Outbox { s, tenant: tenant.to_owned(), seen: 0 };
        o.take().await;
        o
    }

    /// The payloads appended since the last call.
    async fn take(&mut self) -> Vec<Value> {
        let rows = events_after(self.s, &self.tenant, self.seen).await;
        // Sequences only grow, and customers' events in between still count
        // as seen.
        let db = self.s.db.connect_owner().await;
        let tenant: uuid::Uuid = self.tenant.parse().unwrap();
        let last = domain_event::Entity::find()
            .filter(domain_event::Column::TenantId.eq(tenant))
            .order_by_desc(domain_event::Column::Seq)
            .one(&db)
            .await
            .unwrap();
        db.close().await.unwrap();
        if let Some(last) = last {
            assert!(rows.iter().all(|(seq, _)| *seq <= last.seq));
            self.seen = last.seq;
        }
        rows.into_iter().map(|(_, p)| p).collect()
    }

    /// The `type`s appended since the last call.
    async fn kinds(&mut self) -> Vec<String> {
        self.take().await.iter().map(|p| p["type"].as_str().unwrap().to_owned()).collect()
    }
}

/// The `plan.overdue` events of the company once there are `n`.
async fn overdue_after(s: &TestServer, tenant: &str, n: usize) -> Vec<Value> {
    eventually(30, "the overdue sweep announces the plans", || async {
        let o: Vec<Value> = events_after(s, tenant, 0)
            .await
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| p["type"] == "plan.overdue")
            .collect();
        if o.len() >= n { Ok(o) } else { Err(format!("{o:?}")) }
    })
    .await
}

/// Assert that a write was refused (whichever way).
#[track_caller]
fn refused(r: &Gql) {
    let code = r.code();
    assert!(["FORBIDDEN", "NOT_FOUND", "VALIDATION_FAILED", "CONFLICT"].contains(&code), "{:#}", r.body);
}

async fn conversation_events(b: Backend) {
    let Company { s, sp1, sp2, .. } = company(b).await;
    let c = s.create_customer(&sp1, "李雷").await;
    let mut out = Outbox::new(&s, &sp1.tenant_id).await;
    let add = "mutation($i: AddConversationInput!) { addConversation(input: $i) { merged conversation { id } } }";
    let now = Utc::now();

    let r = s
        .gql(
            Some(&sp1.token),
            add,
            json!({ "i": { "customerId": c, "topic": "报价", "content": "电话沟通", "kind": "CALL", "occurredAt": ts(now - Duration::hours(5)) } }),
        )
        .await;
    let id = r.ok()["addConversation"]["conversation"]["id"].as_str().unwrap().to_owned();
    assert_eq!(out.take().await, vec![json!({ "type": "conversation.added", "conversation": id, "customer": c })]);

    // A follow-up within 3 days merged into it edits the surviving record.
    let r = s
        .gql(
            Some(&sp1.token),
            add,
            json!({ "i": { "customerId": c, "topic": "报价", "content": "上门拜访", "kind": "VISIT", "mergeWithin3Days": true, "occurredAt": ts(now - Duration::hours(1)) } }),
        )
        .await;
    assert_eq!(r.ok()["addConversation"]["merged"], true);
    assert_eq!(r.ok()["addConversation"]["conversation"]["id"], id.as_str());
    assert_eq!(
        out.take().await,
        vec![
            json!({ "type": "conversation.edited", "conversation": id, "customer": c, "fields": ["content", "occurredAt", "kind"] })
        ]
    );

    let edit = "mutation($id: ID!, $c: String!) { editConversationContent(id: $id, content: $c) { id } }";
    s.gql(Some(&sp1.token), edit, json!({ "id": id, "c": "改过的内容" })).await.ok();
    assert_eq!(
        out.take().await,
        vec![json!({ "type": "conversation.edited", "conversation": id, "customer": c, "fields": ["content"] })]
    );
    // The same content again changes nothing and says nothing.
    s.gql(Some(&sp1.token), edit, json!({ "id": id, "c": "改过的内容" })).await.ok();
    assert!(out.take().await.is_empty());

    let time = "mutation($id: ID!, $t: DateTime!) { editConversationTime(id: $id, occurredAt: $t) { id } }";
    s.gql(Some(&sp1.token), time, json!({ "id": id, "t": ts(now - Duration::hours(2)) })).await.ok();
    assert_eq!(
        out.take().await,
        vec![json!({ "type": "conversation.edited", "conversation": id, "customer": c, "fields": ["occurredAt"] })]
    );

    // Refused writes leave no event: invalid content, a time in the future,
    // someone who may not change it, a deletion by someone who cannot see it.
    assert_eq!(s.gql(Some(&sp1.token), edit, json!({ "id": id, "c": "" })).await.code(), "VALIDATION_FAILED");
    let later = ts(now + Duration::days(3));
    assert_eq!(s.gql(Some(&sp1.token), time, json!({ "id": id, "t": later })).await.code(), "VALIDATION_FAILED");
    let del = "mutation($id: ID!) { deleteConversation(id: $id) }";
    assert_eq!(s.gql(Some(&sp2.token), del, json!({ "id": id })).await.code(), "NOT_FOUND");
    let r = s
        .gql(Some(&sp2.token), add, json!({ "i": { "customerId": c, "topic": "x", "content": "y", "kind": "CALL" } }))
        .await;
    refused(&r);
    assert!(out.take().await.is_empty());

    s.gql(Some(&sp1.token), del, json!({ "id": id })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "conversation.deleted", "conversation": id, "customer": c })]);
}

const PLAN: &str = "mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { id } }";

async fn plan_events(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let mut out = Outbox::new(&s, &sp1.tenant_id).await;
    let r = s
        .gql(
            Some(&sp1.token),
            PLAN,
            json!({ "i": { "subject": "拜访", "start": "2030-05-01T09:00:00Z", "end": "2030-05-01T10:00:00Z" } }),
        )
        .await;
    let id = r.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned();
    assert_eq!(out.take().await, vec![json!({ "type": "plan.created", "plan": id, "owner": sp1.user_id })]);

    let upd = "mutation($id: ID!, $i: UpdateWorkPlanInput!) { updateWorkPlan(id: $id, input: $i) { id } }";
    s.gql(Some(&sp1.token), upd, json!({ "id": id, "i": { "subject": "回访", "notes": "带样品" } })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "plan.updated", "plan": id, "fields": ["subject", "notes"] })]);

    // Refused: an end before the start, another group's salesperson, its
    // author deleting it unfinished.
    let r = s.gql(Some(&sp1.token), upd, json!({ "id": id, "i": { "end": "2030-04-01T10:00:00Z" } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(s.gql(Some(&sp2.token), upd, json!({ "id": id, "i": { "subject": "x" } })).await.code(), "NOT_FOUND");
    let del = "mutation($id: ID!) { deleteWorkPlan(id: $id) }";
    assert_eq!(s.gql(Some(&sp1.token), del, json!({ "id": id })).await.code(), "FORBIDDEN");
    assert!(out.take().await.is_empty());

    let done = "mutation($id: ID!, $d: Boolean!) { setWorkPlanDone(id: $id, done: $d) { done } }";
    s.gql(Some(&sp1.token), done, json!({ "id": id, "d": true })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "plan.done", "plan": id })]);
    s.gql(Some(&sp1.token), done, json!({ "id": id, "d": true })).await.ok();
    assert!(out.take().await.is_empty(), "marking a done plan done again changes nothing");
    s.gql(Some(&sp1.token), done, json!({ "id": id, "d": false })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "plan.updated", "plan": id, "fields": ["done"] })]);

    s.gql(Some(&admin.token), del, json!({ "id": id })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "plan.deleted", "plan": id })]);
}

async fn plan_overdue_once_by_the_job(b: Backend) {
    let Company { s, sp1, sp2, .. } = company(b).await;
    let mut out = Outbox::new(&s, &sp1.tenant_id).await;
    let now = Utc::now();
    let plan = |who: &Session, end: DateTime<Utc>| {
        let s = &s;
        let token = who.token.clone();
        async move {
            let r = s
                .gql(
                    Some(&token),
                    PLAN,
                    json!({ "i": { "subject": "回电", "start": ts(now - Duration::hours(1)), "end": ts(end) } }),
                )
                .await;
            r.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned()
        }
    };
    let soon = plan(&sp1, now + Duration::seconds(2)).await;
    let finished = plan(&sp2, now + Duration::seconds(2)).await;
    // Still ahead: never announced.
    plan(&sp2, now + Duration::days(30)).await;
    let done = "mutation($id: ID!) { setWorkPlanDone(id: $id, done: true) { done } }";
    s.gql(Some(&sp2.token), done, json!({ "id": finished })).await.ok();
    assert_eq!(out.kinds().await, ["plan.created", "plan.created", "plan.created", "plan.done"]);

    let overdue = overdue_after(&s, &sp1.tenant_id, 1).await;
    assert_eq!(overdue, vec![json!({ "type": "plan.overdue", "plan": soon, "owner": sp1.user_id })]);
    // By the system, and once: later sweeps (another plan's write schedules
    // one) do not announce it again.
    let db = s.db.connect_owner().await;
    let row = domain_event::Entity::find()
        .filter(domain_event::Column::Kind.eq("plan.overdue"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.actor_id, None);
    db.close().await.unwrap();
    let next = plan(&sp1, Utc::now() + Duration::seconds(1)).await;
    overdue_after(&s, &sp1.tenant_id, 2).await;
    // Time for a duplicate to show, were there one.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let announced: Vec<Value> = events_after(&s, &sp1.tenant_id, 0)
        .await
        .into_iter()
        .map(|(_, p)| p)
        .filter(|p| p["type"] == "plan.overdue")
        .map(|p| p["plan"].clone())
        .collect();
    assert_eq!(announced, [json!(soon), json!(next)], "each once; never the done plan or the one still ahead");
}

/// The sweep is the system's act, not the act of whoever's write queued it:
/// a plan whose author is deactivated before its end is still announced,
/// by the system, and the sweep is a job of nobody's that only admins see.
async fn plan_overdue_after_its_author_is_deactivated(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let now = Utc::now();
    let r = s
        .gql(
            Some(&sp1.token),
            PLAN,
            json!({ "i": { "subject": "回电", "start": ts(now - Duration::hours(1)), "end": ts(now + Duration::seconds(3)) } }),
        )
        .await;
    let plan = r.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned();
    let deact = "mutation($id: ID!) { deactivateUser(id: $id) { active } }";
    let r = s.gql(Some(&admin.token), deact, json!({ "id": sp1.user_id })).await;
    assert_eq!(r.ok()["deactivateUser"]["active"], false);

    let overdue = overdue_after(&s, &sp1.tenant_id, 1).await;
    assert_eq!(overdue, vec![json!({ "type": "plan.overdue", "plan": plan, "owner": sp1.user_id })]);
    let db = s.db.connect_owner().await;
    let row = domain_event::Entity::find()
        .filter(domain_event::Column::Kind.eq("plan.overdue"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.actor_id, None, "announced by the system");
    db.close().await.unwrap();

    // The sweep ran as a system job: no creator, visible to admins only.
    let jobs = "{ jobs { kind status createdById } }";
    let sweeps = eventually(10, "the sweep succeeds", || async {
        let r = s.gql(Some(&admin.token), jobs, json!({})).await;
        let sweeps: Vec<Value> =
            r.ok()["jobs"].as_array().unwrap().iter().filter(|j| j["kind"] == "work_plans.overdue").cloned().collect();
        if sweeps.iter().any(|j| j["status"] == "SUCCEEDED") { Ok(sweeps) } else { Err(format!("{sweeps:?}")) }
    })
    .await;
    assert!(sweeps.iter().all(|j| j["createdById"].is_null()), "{sweeps:?}");
    let r = s.gql(Some(&sp2.token), jobs, json!({})).await;
    assert!(r.ok()["jobs"].as_array().unwrap().iter().all(|j| j["kind"] != "work_plans.overdue"), "{:#}", r.body);
}

async fn deal_events(b: Backend) {
    let Company { s, sp1, sp2, .. } = company(b).await;
    let c = s.create_customer(&sp1, "韩梅梅").await;
    let mut out = Outbox::new(&s, &sp1.tenant_id).await;
    let create = "mutation($c: ID!, $i: DealInput!) { createDeal(customerId: $c, input: $i) { id } }";
    // Refused first: a bad amount, someone who does not see the customer.
    let r = s.gql(Some(&sp1.token), create, json!({ "c": c, "i": { "title": "t", "amount": "abc" } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    let r = s.gql(Some(&sp2.token), create, json!({ "c": c, "i": { "title": "t", "amount": "1" } })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    assert!(out.take().await.is_empty());

    let r = s.gql(Some(&sp1.token), create, json!({ "c": c, "i": { "title": "年度采购", "amount": "12800" } })).await;
    let d = r.ok()["createDeal"]["id"].as_str().unwrap().to_owned();
    assert_eq!(out.take().await, vec![json!({ "type": "deal.created", "deal": d, "customer": c })]);
    let upd = "mutation($id: ID!) { updateDeal(id: $id, input: { title: \"年度采购\", amount: \"13000\", status: WON }) { id } }";
    s.gql(Some(&sp1.token), upd, json!({ "id": d })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "deal.updated", "deal": d, "customer": c })]);
    let del = "mutation($id: ID!) { deleteDeal(id: $id) }";
    assert_eq!(s.gql(Some(&sp2.token), del, json!({ "id": d })).await.code(), "NOT_FOUND");
    assert!(out.take().await.is_empty());
    s.gql(Some(&sp1.token), del, json!({ "id": d })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "deal.deleted", "deal": d, "customer": c })]);
}

async fn user_and_group_events(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("evts").await;
    let mut all = events_after(&s, &admin.tenant_id, 0).await.into_iter().map(|(_, p)| p);
    assert_eq!(
        all.next(),
        Some(json!({ "type": "user.joined", "user": admin.user_id, "role": "admin", "group": null })),
        "sign-up announces its first admin"
    );
    let mut out = Outbox::new(&s, &admin.tenant_id).await;

    let g1 = s.create_group(&admin, "一组").await;
    let g2 = s.create_group(&admin, "二组").await;
    assert_eq!(
        out.take().await,
        vec![
            json!({ "type": "group.changed", "group": g1, "what": "created" }),
            json!({ "type": "group.changed", "group": g2, "what": "created" }),
        ]
    );
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { renameGroup(id: $id, name: \"华东组\") { id } }",
            json!({ "id": g1 }),
        )
        .await;
    r.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "group.changed", "group": g1, "what": "updated" })]);

    // Accepting an invitation makes the user; a supervisor invited into a
    // group supervises it from the start.
    let sup = s.invite_and_accept(&admin, "sup@evts.cn", "SUPERVISOR", Some(&g1)).await;
    assert_eq!(
        out.take().await,
        vec![
            json!({ "type": "user.joined", "user": sup.user_id, "role": "supervisor", "group": g1 }),
            json!({ "type": "group.changed", "group": g1, "what": "updated" }),
        ]
    );
    let sp = s.invite_and_accept(&admin, "sp@evts.cn", "SALESPERSON", Some(&g1)).await;
    assert_eq!(
        out.take().await,
        vec![json!({ "type": "user.joined", "user": sp.user_id, "role": "salesperson", "group": g1 })]
    );

    let add_sup = "mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { id } }";
    s.gql(Some(&admin.token), add_sup, json!({ "g": g2, "u": sup.user_id })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "group.changed", "group": g2, "what": "updated" })]);
    let rm_sup = "mutation($g: ID!, $u: ID!) { removeGroupSupervisor(groupId: $g, userId: $u) { id } }";
    s.gql(Some(&admin.token), rm_sup, json!({ "g": g2, "u": sup.user_id })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "group.changed", "group": g2, "what": "updated" })]);

    // Moving a salesperson between groups changes what supervisors see.
    let upd = "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }";
    s.gql(Some(&admin.token), upd, json!({ "id": sp.user_id, "i": { "groupId": g2 } })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "user.moved_group", "user": sp.user_id, "from": g1, "to": g2 })]);
    // A rename is no role or group change, but the owner's name on customers changes.
    s.gql(Some(&admin.token), upd, json!({ "id": sp.user_id, "i": { "displayName": "小李" } })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "user.renamed", "user": sp.user_id })]);
    // A supervisor who becomes a salesperson stops supervising.
    s.gql(Some(&admin.token), upd, json!({ "id": sup.user_id, "i": { "role": "SALESPERSON" } })).await.ok();
    assert_eq!(
        out.take().await,
        vec![
            json!({ "type": "group.changed", "group": g1, "what": "updated" }),
            json!({ "type": "user.role_changed", "user": sup.user_id, "from": "supervisor", "to": "salesperson" }),
        ]
    );

    let deact = "mutation($id: ID!) { deactivateUser(id: $id) { active } }";
    let react = "mutation($id: ID!) { reactivateUser(id: $id) { active } }";
    s.gql(Some(&admin.token), deact, json!({ "id": sp.user_id })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "user.deactivated", "user": sp.user_id })]);
    s.gql(Some(&admin.token), react, json!({ "id": sp.user_id })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "user.reactivated", "user": sp.user_id })]);

    // Refused: a salesperson managing groups or users, the last admin
    // demoted, a group with members deleted.
    let sp = s.login("evts", "sp@evts.cn", guanxi_tests::PASSWORD).await.unwrap();
    let create = "mutation { createGroup(name: \"三组\") { id } }";
    assert_eq!(s.gql(Some(&sp.token), create, json!({})).await.code(), "FORBIDDEN");
    refused(&s.gql(Some(&sp.token), upd, json!({ "id": sup.user_id, "i": { "groupId": g2 } })).await);
    refused(&s.gql(Some(&admin.token), upd, json!({ "id": admin.user_id, "i": { "role": "SUPERVISOR" } })).await);
    let del = "mutation($id: ID!) { deleteGroup(id: $id) }";
    assert_eq!(s.gql(Some(&admin.token), del, json!({ "id": g2 })).await.code(), "CONFLICT");
    assert!(out.take().await.is_empty());

    s.gql(Some(&admin.token), upd, json!({ "id": sp.user_id, "i": { "groupId": g1 } })).await.ok();
    assert_eq!(out.kinds().await, ["user.moved_group"]);
    s.gql(Some(&admin.token), del, json!({ "id": g2 })).await.ok();
    assert_eq!(out.take().await, vec![json!({ "type": "group.changed", "group": g2, "what": "deleted" })]);
}

async fn offboarding_events(b: Backend) {
    let Company { s, admin, g1, sup, sp1, sp2, .. } = company(b).await;
    s.create_customer(&sp1, "客户甲").await;
    let p = |subject: &str| json!({ "i": { "subject": subject, "start": "2030-05-01T09:00:00Z", "end": "2030-05-01T10:00:00Z" } });
    let a = s.gql(Some(&sp1.token), PLAN, p("甲")).await.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned();
    let b2 = s.gql(Some(&sp1.token), PLAN, p("乙")).await.ok()["createWorkPlan"]["id"].as_str().unwrap().to_owned();
    let mut out = Outbox::new(&s, &admin.tenant_id).await;
    let offboard = "mutation($id: ID!, $i: OffboardUserInput) { offboardUser(id: $id, input: $i) { plansDeleted } }";

    // Refused: offboarding oneself, a successor who is the departing user.
    assert_eq!(s.gql(Some(&admin.token), offboard, json!({ "id": admin.user_id })).await.code(), "CONFLICT");
    let r =
        s.gql(Some(&admin.token), offboard, json!({ "id": sp1.user_id, "i": { "successorId": sp1.user_id } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert!(out.take().await.is_empty(), "a refused offboarding leaves no event");

    let r =
        s.gql(Some(&admin.token), offboard, json!({ "id": sp1.user_id, "i": { "successorId": sp2.user_id } })).await;
    assert_eq!(r.ok()["offboardUser"]["plansDeleted"], 2);
    let got = out.take().await;
    let mut deleted: Vec<&str> =
        got.iter().filter(|e| e["type"] == "plan.deleted").map(|e| e["plan"].as_str().unwrap()).collect();
    deleted.sort_unstable();
    let mut plans = vec![a.as_str(), b2.as_str()];
    plans.sort_unstable();
    assert_eq!(deleted, plans);
    assert_eq!(got.first(), Some(&json!({ "type": "user.deactivated", "user": sp1.user_id })));
    assert_eq!(got.last(), Some(&json!({ "type": "user.offboarded", "user": sp1.user_id, "successor": sp2.user_id })));
    assert_eq!(got.len(), 4);

    // A supervisor's appointments go with them.
    s.gql(Some(&admin.token), offboard, json!({ "id": sup.user_id })).await.ok();
    assert_eq!(
        out.take().await,
        vec![
            json!({ "type": "user.deactivated", "user": sup.user_id }),
            json!({ "type": "group.changed", "group": g1, "what": "updated" }),
            json!({ "type": "user.offboarded", "user": sup.user_id, "successor": null }),
        ]
    );
}

async fn custom_field_events(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let mut out = Outbox::new(&s, &admin.tenant_id).await;
    let create =
        "mutation($e: CustomFieldEntity!, $i: CustomFieldInput!) { createCustomField(entity: $e, input: $i) { id } }";
    let input = json!({ "key": "budget", "label": "预算", "type": "TEXT" });
    // Refused: a salesperson, a bad key.
    assert_eq!(s.gql(Some(&sp1.token), create, json!({ "e": "CUSTOMER", "i": input })).await.code(), "FORBIDDEN");
    let bad = json!({ "key": "Bad Key", "label": "x", "type": "TEXT" });
    assert_eq!(
        s.gql(Some(&admin.token), create, json!({ "e": "CUSTOMER", "i": bad })).await.code(),
        "VALIDATION_FAILED"
    );
    assert!(out.take().await.is_empty());

    let r = s.gql(Some(&admin.token), create, json!({ "e": "CUSTOMER", "i": input })).await;
    let f = r.ok()["createCustomField"]["id"].as_str().unwrap().to_owned();
    let changed = |what: &str| json!({ "type": "custom_field.changed", "field": f, "key": "budget", "what": what });
    assert_eq!(out.take().await, vec![changed("created")]);
    let upd =
        "mutation($id: ID!) { updateCustomField(id: $id, input: { key: \"budget\", label: \"年度预算\" }) { id } }";
    s.gql(Some(&admin.token), upd, json!({ "id": f })).await.ok();
    assert_eq!(out.take().await, vec![changed("updated")]);
    let arch = "mutation($id: ID!, $a: Boolean!) { archiveCustomField(id: $id, archived: $a) { archived } }";
    s.gql(Some(&admin.token), arch, json!({ "id": f, "a": true })).await.ok();
    s.gql(Some(&admin.token), arch, json!({ "id": f, "a": true })).await.ok();
    s.gql(Some(&admin.token), arch, json!({ "id": f, "a": false })).await.ok();
    assert_eq!(out.take().await, vec![changed("updated"), changed("updated")], "archived, then restored");
    let del = "mutation($id: ID!) { deleteCustomField(id: $id, confirm: true) { id } }";
    s.gql(Some(&admin.token), del, json!({ "id": f })).await.ok();
    assert_eq!(out.take().await, vec![changed("deleted")]);
}

/// Rewrites of stored values by a field's deletion reach subscribers as
/// edits of the records; a reorder announces only the fields that moved.
async fn field_rewrites_and_reorders_are_announced(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let create =
        "mutation($e: CustomFieldEntity!, $i: CustomFieldInput!) { createCustomField(entity: $e, input: $i) { id } }";
    let mut fields = Vec::new();
    for key in ["mood", "next_step", "venue"] {
        let r = s
            .gql(
                Some(&admin.token),
                create,
                json!({ "e": "CONVERSATION", "i": { "key": key, "label": key, "type": "TEXT" } }),
            )
            .await;
        fields.push(r.ok()["createCustomField"]["id"].as_str().unwrap().to_owned());
    }
    let c = s.create_customer(&sp1, "韩梅梅").await;
    let add = "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id } } }";
    let r = s
        .gql(
            Some(&sp1.token),
            add,
            json!({ "i": { "customerId": c, "topic": "回访", "content": "电话", "kind": "CALL", "custom": { "mood": "好", "venue": "办公室" } } }),
        )
        .await;
    let conv = r.ok()["addConversation"]["conversation"]["id"].as_str().unwrap().to_owned();
    let mut out = Outbox::new(&s, &admin.tenant_id).await;

    // Swap the last two: the first field stays where it was and says nothing.
    let reorder = "mutation($ids: [ID!]!) { reorderCustomFields(entity: CONVERSATION, ids: $ids) { key } }";
    let order = [&fields[0], &fields[2], &fields[1]];
    let r = s.gql(Some(&admin.token), reorder, json!({ "ids": order })).await;
    assert_eq!(r.ok()["reorderCustomFields"], json!([{ "key": "mood" }, { "key": "venue" }, { "key": "next_step" }]));
    let moved: Vec<Value> = out.take().await;
    let mut keys: Vec<&str> = moved.iter().map(|e| e["key"].as_str().unwrap()).collect();
    keys.sort();
    assert_eq!(keys, ["next_step", "venue"], "{moved:?}");
    assert!(moved.iter().all(|e| e["type"] == "custom_field.changed" && e["what"] == "updated"), "{moved:?}");

    // Deleting a field that holds a value edits the conversation holding it.
    let del = "mutation($id: ID!) { deleteCustomField(id: $id, confirm: true) { records } }";
    let r = s.gql(Some(&admin.token), del, json!({ "id": fields[0] })).await;
    assert_eq!(r.ok()["deleteCustomField"]["records"], 1);
    assert_eq!(
        out.take().await,
        vec![
            json!({ "type": "conversation.edited", "conversation": conv, "customer": c, "fields": ["custom.mood"] }),
            json!({ "type": "custom_field.changed", "field": fields[0], "key": "mood", "what": "deleted" }),
        ]
    );
}

backend_tests!(
    field_rewrites_and_reorders_are_announced,
    conversation_events,
    plan_events,
    plan_overdue_once_by_the_job,
    plan_overdue_after_its_author_is_deactivated,
    deal_events,
    user_and_group_events,
    offboarding_events,
    custom_field_events,
);
