//! The customers' one write path, seen from the outbox: each way of
//! writing a customer (the API's create and update, the pool's moves,
//! offboarding, deleting for good, imports, regrades) emits exactly its
//! domain events and history entries, in the same transaction, and a write
//! that fails emits nothing.

use std::time::Duration;

use chrono::{Days, Utc};
use guanxi_core::DomainEvent;
use guanxi_core::events::{CreatedBy, OwnerChange};
use guanxi_store::events::StoredEvent;
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::pool::raw_count;

/// The company's customer and import events after `after` (other
/// aggregates' events, written by their own paths, are left out).
async fn events(s: &TestServer, who: &Session, after: i64) -> Vec<StoredEvent> {
    s.events(who, after)
        .await
        .into_iter()
        .filter(|e| e.event.kind().starts_with("customer.") || e.event.kind().starts_with("import."))
        .collect()
}

/// The last sequence number of the company's events (0: none yet).
async fn last_seq(s: &TestServer, who: &Session) -> i64 {
    s.events(who, 0).await.last().map_or(0, |e| e.seq)
}

fn id(s: &str) -> guanxi_core::CustomerId {
    guanxi_core::CustomerId(Uuid::parse_str(s).unwrap())
}

fn user(s: &Session) -> guanxi_core::UserId {
    guanxi_core::UserId(Uuid::parse_str(&s.user_id).unwrap())
}

async fn history_rows(s: &TestServer, customer: &str, field: &str) -> i64 {
    raw_count(
        s,
        "SELECT count(*) AS n FROM customer_history WHERE customer_id = $1 AND field = $2",
        vec![Uuid::parse_str(customer).unwrap().into(), field.into()],
    )
    .await
}

const CREATE: &str = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";
const UPDATE: &str = "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }";

async fn create(s: &TestServer, who: &Session, input: Value) -> String {
    let r = s.gql(Some(&who.token), CREATE, json!({ "i": input })).await;
    r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned()
}

async fn api_writes_emit_their_events(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let start = last_seq(&s, &admin).await;

    // A create: `customer.created` by the API, by its creator, which is
    // the record of the creation (its history lists changes of fields).
    let c = create(&s, &sp1, json!({ "name": "李雷", "status": "INTENT" })).await;
    let e = events(&s, &admin, start).await;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].event,
        DomainEvent::CustomerCreated { customer: id(&c), owner: Some(user(&sp1)), by: CreatedBy::Api }
    );
    assert_eq!(e[0].actor_id, Some(user(&sp1)));
    let mark = e[0].seq;

    // Failed writes (validation) leave no event and no history.
    let r = s.gql(Some(&sp1.token), CREATE, json!({ "i": { "name": "" } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    let r = s.gql(Some(&sp1.token), UPDATE, json!({ "id": c, "i": { "name": "", "company": "新公司" } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert!(events(&s, &admin, mark).await.is_empty());
    assert_eq!(raw_count(&s, "SELECT count(*) AS n FROM customer_history", vec![]).await, 0);

    // An update: one event naming the changed fields; a no-op: none.
    s.gql(Some(&sp1.token), UPDATE, json!({ "id": c, "i": { "name": "李雷雷", "status": "INTENT", "tags": ["a"] } }))
        .await
        .ok();
    s.gql(Some(&sp1.token), UPDATE, json!({ "id": c, "i": { "name": "李雷雷" } })).await.ok();
    let e = events(&s, &admin, mark).await;
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].event,
        DomainEvent::CustomerUpdated { customer: id(&c), fields: vec!["name".into(), "tags".into()] }
    );
    assert_eq!((history_rows(&s, &c, "name").await, history_rows(&s, &c, "tags").await), (1, 1));
    let mark = e[0].seq;

    // Release, claim, assign, transfer, an owner changed by an edit.
    s.gql(
        Some(&sp1.token),
        "mutation($id: ID!) { releaseCustomer(id: $id, reason: \"暂不需要\") { id } }",
        json!({ "id": c }),
    )
    .await
    .ok();
    s.gql(Some(&sp2.token), "mutation($id: ID!) { claimCustomer(id: $id) { id } }", json!({ "id": c })).await.ok();
    s.gql(
        Some(&admin.token),
        "mutation($ids: [ID!]!, $to: ID!) { assignCustomers(ids: $ids, toUserId: $to) { id } }",
        json!({ "ids": [c], "to": sp1.user_id }),
    )
    .await
    .ok();
    s.gql(
        Some(&admin.token),
        "mutation($f: ID!, $t: ID!) { transferCustomers(fromUserId: $f, toUserId: $t) }",
        json!({ "f": sp1.user_id, "t": sp2.user_id }),
    )
    .await
    .ok();
    s.gql(Some(&admin.token), UPDATE, json!({ "id": c, "i": { "ownerId": null, "title": "经理" } })).await.ok();
    let e: Vec<DomainEvent> = events(&s, &admin, mark).await.into_iter().map(|e| e.event).collect();
    let (cu, s1, s2) = (id(&c), user(&sp1), user(&sp2));
    assert_eq!(
        e,
        [
            DomainEvent::CustomerReleased { customer: cu, from: Some(s1), reason: Some("暂不需要".into()) },
            DomainEvent::CustomerClaimed { customer: cu, by: s2 },
            DomainEvent::CustomerOwnerChanged { customer: cu, from: Some(s2), to: s1, how: OwnerChange::Assign },
            DomainEvent::CustomerOwnerChanged { customer: cu, from: Some(s1), to: s2, how: OwnerChange::Transfer },
            DomainEvent::CustomerUpdated { customer: cu, fields: vec!["title".into()] },
            DomainEvent::CustomerReleased { customer: cu, from: Some(s2), reason: None },
        ]
    );
    // Each move wrote its `ownerId` entry.
    assert_eq!(history_rows(&s, &c, "ownerId").await, 5);

    // Offboarding moves the departing user's customers: one event each.
    let d = create(&s, &sp2, json!({ "name": "韩梅梅" })).await;
    let mark = last_seq(&s, &admin).await;
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!, $i: OffboardUserInput) { offboardUser(id: $id, input: $i) { customersToSuccessor } }",
        json!({ "id": sp2.user_id, "i": { "successorId": sp1.user_id } }),
    )
    .await
    .ok();
    let e: Vec<DomainEvent> = events(&s, &admin, mark).await.into_iter().map(|e| e.event).collect();
    assert_eq!(
        e,
        [DomainEvent::CustomerOwnerChanged { customer: id(&d), from: Some(s2), to: s1, how: OwnerChange::Offboard }]
    );

    // Deleting for good: `customer.deleted`.
    let mark = last_seq(&s, &admin).await;
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { id } }",
        json!({ "id": d }),
    )
    .await
    .ok();
    let e: Vec<DomainEvent> = events(&s, &admin, mark).await.into_iter().map(|e| e.event).collect();
    assert_eq!(e, [DomainEvent::CustomerDeleted { customer: id(&d) }]);
}

async fn wait_import(s: &TestServer, who: &Session, import: &str) -> Value {
    for _ in 0..600 {
        let r = s
            .gql(
                Some(&who.token),
                "query($id: ID!) { customerImport(id: $id) { status created updated skipped failed job { status } } }",
                json!({ "id": import }),
            )
            .await;
        let imp = r.ok()["customerImport"].clone();
        assert_ne!(imp["job"]["status"], "FAILED", "{imp}");
        if matches!(imp["status"].as_str(), Some("DONE" | "REJECTED")) && imp["job"]["status"] == "SUCCEEDED" {
            return imp;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {import} did not finish");
}

async fn an_import_emits_one_event_per_customer_and_its_end(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let old = create(&s, &sp1, json!({ "name": "老客户", "phones": ["13900000001"] })).await;
    let start = last_seq(&s, &admin).await;
    // 2,500 new rows (more than a batch), one duplicate updating the old
    // customer, one bad row.
    let mut csv = String::from("姓名,手机,职位\n");
    for i in 0..2500 {
        csv.push_str(&format!("导入{i},1370{i:07},\n"));
    }
    csv.push_str("老客户,13900000001,经理\n坏行,12,\n");
    let r = s
        .gql_upload(
            Some(&sp1.token),
            "mutation($file: Upload!, $i: ImportCustomersInput) { importCustomers(file: $file, input: $i) { id } }",
            json!({ "file": null, "i": { "onDuplicate": "UPDATE", "dedup": ["PHONE"] } }),
            vec![("variables.file", "x.csv", csv.into_bytes())],
        )
        .await;
    let import = r.ok()["importCustomers"]["id"].as_str().unwrap().to_owned();
    let imp = wait_import(&s, &sp1, &import).await;
    assert_eq!(
        (imp["created"].as_u64(), imp["updated"].as_u64(), imp["failed"].as_u64()),
        (Some(2500), Some(1), Some(1))
    );
    let e = events(&s, &admin, start).await;
    let created: Vec<&StoredEvent> =
        e.iter().filter(|e| matches!(e.event, DomainEvent::CustomerCreated { by: CreatedBy::Import, .. })).collect();
    assert_eq!(created.len(), 2500);
    assert!(created.iter().all(|e| e.actor_id == Some(user(&sp1))));
    let updated: Vec<&DomainEvent> =
        e.iter().filter(|e| e.event.kind() == "customer.updated").map(|e| &e.event).collect();
    assert_eq!(updated, [&DomainEvent::CustomerUpdated { customer: id(&old), fields: vec!["title".into()] }]);
    let finished: Vec<&StoredEvent> = e.iter().filter(|e| e.event.kind() == "import.finished").collect();
    assert_eq!(finished.len(), 1);
    assert_eq!(
        finished[0].event,
        DomainEvent::ImportFinished {
            import: guanxi_core::ImportId(Uuid::parse_str(&import).unwrap()),
            created: 2500,
            updated: 1,
            skipped: 1,
        }
    );
    // The last event of the import is its end; nothing else was emitted.
    assert_eq!(e.last().map(|e| e.event.kind()), Some("import.finished"));
    assert_eq!(e.len(), 2502);
    // The update's history entry.
    assert_eq!(history_rows(&s, &old, "title").await, 1);
}

async fn regrade(s: &TestServer, who: &Session, model: &str) -> Value {
    let r = s
        .gql(Some(&who.token), "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": model }))
        .await;
    let job = r.ok()["regradeCustomers"]["id"].as_str().unwrap().to_owned();
    for _ in 0..600 {
        let r = s
            .gql(Some(&who.token), "query($id: ID!) { job(id: $id) { status result error } }", json!({ "id": job }))
            .await;
        let j = r.ok()["job"].clone();
        match j["status"].as_str().unwrap() {
            "SUCCEEDED" => return j,
            "FAILED" | "CANCELLED" => panic!("regrade failed: {j}"),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    panic!("regrade did not finish");
}

fn in_days(n: u64) -> String {
    let today = Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    today.checked_add_days(Days::new(n)).unwrap().to_string()
}

async fn a_regrade_emits_only_the_changed_grades(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let m = s
        .gql(
            Some(&admin.token),
            "mutation($i: GradingModelInput!) { createGradingModel(input: $i) { id } }",
            json!({ "i": { "name": "成交周期", "kind": "ABCD", "config": { "noContactDays": null } } }),
        )
        .await;
    let model = m.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned();
    let model_id = guanxi_core::GradingModelId(Uuid::parse_str(&model).unwrap());
    let a = create(&s, &sp1, json!({ "name": "甲" })).await;
    let b2 = create(&s, &sp1, json!({ "name": "乙" })).await;
    let deal = |c: &str, days: u64| json!({ "c": c, "i": { "title": "t", "amount": "1", "expectedCloseDate": in_days(days) } });
    let q = "mutation($c: ID!, $i: DealInput!) { createDeal(customerId: $c, input: $i) { id } }";
    s.gql(Some(&sp1.token), q, deal(&a, 10)).await.ok();
    let bd = s.gql(Some(&sp1.token), q, deal(&b2, 70)).await.ok()["createDeal"]["id"].clone();

    // The first run grades both: two events, from no grade.
    let mark = last_seq(&s, &admin).await;
    regrade(&s, &admin, &model).await;
    let stored = events(&s, &admin, mark).await;
    // Numbered one after the other, by the person who asked for the run
    // (PostgreSQL builds them from the history entries it just wrote).
    let seqs: Vec<i64> = stored.iter().map(|e| e.seq).collect();
    assert_eq!(seqs.len(), 2, "{stored:?}");
    assert_eq!(seqs[1], seqs[0] + 1, "{stored:?}");
    assert!(stored.iter().all(|e| e.actor_id == Some(user(&admin))), "{stored:?}");
    let mut e: Vec<DomainEvent> = stored.into_iter().map(|e| e.event).collect();
    e.sort_by_key(|e| e.entity_id());
    let mut want = vec![
        DomainEvent::GradeChanged { customer: id(&a), model: model_id, from: None, to: Some("A".into()) },
        DomainEvent::GradeChanged { customer: id(&b2), model: model_id, from: None, to: Some("B".into()) },
    ];
    want.sort_by_key(|e| e.entity_id());
    assert_eq!(e, want);

    // Nothing changed: no event.
    let mark = last_seq(&s, &admin).await;
    regrade(&s, &admin, &model).await;
    assert!(events(&s, &admin, mark).await.is_empty());

    // One grade changes: one event.
    s.gql(
        Some(&sp1.token),
        "mutation($id: ID!, $d: NaiveDate) { updateDeal(id: $id, input: { title: \"t\", amount: \"1\", expectedCloseDate: $d }) { id } }",
        json!({ "id": bd, "d": in_days(5) }),
    )
    .await
    .ok();
    let mark = last_seq(&s, &admin).await;
    regrade(&s, &admin, &model).await;
    let e: Vec<DomainEvent> = events(&s, &admin, mark).await.into_iter().map(|e| e.event).collect();
    assert_eq!(
        e,
        [DomainEvent::GradeChanged {
            customer: id(&b2),
            model: model_id,
            from: Some("B".into()),
            to: Some("A".into())
        }]
    );
}

backend_tests!(
    api_writes_emit_their_events,
    an_import_emits_one_event_per_customer_and_its_end,
    a_regrade_emits_only_the_changed_grades,
);
