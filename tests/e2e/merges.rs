//! Merging customers (合并客户), on both backends: the plan shown first,
//! field by field choice with the newest value as the default, phones and
//! tags united, every related row moved (read from the database, table by
//! table), the merged id leading to the survivor, and an undo that puts
//! every row back as it was; the rights of a single edit, a chain of
//! merges undone in order, and another company out of reach. A test also
//! reads the schema for every column that refers to a customer, so a new
//! table cannot be forgotten by the merge.

use std::collections::{BTreeMap, BTreeSet};

use guanxi_store::backup::tables::{self, Encoded};
use guanxi_store::merges::REFERENCES;
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

const MERGE: &str = "mutation($i: MergeCustomersInput!) { mergeCustomers(input: $i) { id survivorId undoable changedFields mergedBy merged { id number name } moves { table rows } survivor { id } } }";
const PLAN: &str = "query($i: MergeCustomersInput!) { customerMergePlan(input: $i) { phones tags moves { table rows } fields { field differs chosenCustomerId value values { customerId value } } } }";
const UNDO: &str = "mutation($id: ID!) { undoCustomerMerge(id: $id) { id undoable undoneAt } }";
const SHOW: &str = "query($id: ID!) { customer(id: $id) { id name company phones email tags status custom conversations(first: 50) { nodes { id } } deals { id } grades { modelName } merges { id undoable } } }";

/// The tables a merge touches, plus the dashboards' summaries, dumped row
/// by row (sorted) for one company.
async fn dump(s: &TestServer, tenant: &str) -> BTreeMap<String, Vec<String>> {
    let conn = s.db.connect_owner().await;
    let catalog = tables::catalog(&conn).await.unwrap();
    let backend = conn.get_database_backend();
    let tenant = uuid::Uuid::parse_str(tenant).unwrap();
    let mut out = BTreeMap::new();
    let names = REFERENCES.iter().map(|(t, _, _)| *t).chain([
        "customers",
        "customer_cohorts",
        "customer_lost_moves",
        "conversation_days",
    ]);
    for name in names {
        let t = &catalog[name];
        let cols = t.data_columns().map(|c| tables::quote(&c.name)).collect::<Vec<_>>().join(", ");
        let mark = if backend == DbBackend::Postgres { "$1" } else { "?" };
        let sql = format!("SELECT {cols} FROM {name} WHERE tenant_id = {mark}");
        let rows = conn.query_all(Statement::from_sql_and_values(backend, sql, [tenant.into()])).await.unwrap();
        let mut lines = Vec::new();
        for r in rows {
            let mut o = serde_json::Map::new();
            for c in t.data_columns() {
                if let Encoded::Value(v) = tables::read(&r, c).unwrap() {
                    o.insert(c.name.clone(), v);
                }
            }
            // What a merge and its undo leave behind on purpose: their own
            // notes on the survivor's history.
            if name == "customer_history" && matches!(o["field"].as_str(), Some("merged" | "mergeUndone")) {
                continue;
            }
            // Summary rows that count nothing are the same as none.
            if matches!(name, "customer_cohorts" | "customer_lost_moves" | "conversation_days") && o["n"] == json!(0) {
                continue;
            }
            lines.push(Value::Object(o).to_string());
        }
        lines.sort();
        out.insert(name.to_owned(), lines);
    }
    out
}

async fn show(s: &TestServer, who: &Session, id: &str) -> Value {
    s.gql(Some(&who.token), SHOW, json!({ "id": id })).await.ok()["customer"].clone()
}

async fn regrade(s: &TestServer, admin: &Session, model: &str) {
    let r = s
        .gql(Some(&admin.token), "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": model }))
        .await;
    let job = r.ok()["regradeCustomers"]["id"].as_str().unwrap().to_owned();
    guanxi_tests::eventually(60, "the regrade", || async {
        let r = s.gql(Some(&admin.token), "query($id: ID!) { job(id: $id) { status } }", json!({ "id": job })).await;
        if r.ok()["job"]["status"] == "SUCCEEDED" { Ok(()) } else { Err(r.body.to_string()) }
    })
    .await;
}

async fn grading_model(s: &TestServer, admin: &Session, name: &str) -> String {
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: GradingModelInput!) { createGradingModel(input: $i) { id } }",
            json!({ "i": { "name": name, "kind": "ABCD" } }),
        )
        .await;
    r.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned()
}

async fn talk(s: &TestServer, who: &Session, customer: &str, topic: &str) {
    let r = s
        .gql(
            Some(&who.token),
            "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id } } }",
            json!({ "i": { "customerId": customer, "topic": topic, "content": "电话沟通", "kind": "CALL" } }),
        )
        .await;
    r.ok();
}

async fn a_merge_moves_everything_and_its_undo_restores_exactly(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let field = "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }";
    for i in [
        json!({ "key": "license", "label": "营业执照号", "type": "TEXT", "unique": true }),
        json!({ "key": "level", "label": "级别", "type": "TEXT" }),
    ] {
        s.gql(Some(&admin.token), field, json!({ "i": i })).await.ok();
    }
    // The customer merged away is older and was graded before the survivor
    // existed: its grade under that model moves; under the later model
    // both have one, and the survivor's stays.
    let first_model = grading_model(&s, &admin, "成交周期").await;
    let gone = s
        .create_customer_with(
            &sp1,
            json!({ "name": "張偉", "company": "关系贸易股份有限公司", "phones": ["13812345678"], "email": "zw@example.cn",
                    "tags": ["重点"], "status": "INTENT", "custom": { "license": "91310000MA1FL0AB2C" } }),
        )
        .await;
    regrade(&s, &admin, &first_model).await;
    let keep = s
        .create_customer_with(
            &sp1,
            json!({ "name": "张伟", "company": "关系贸易有限公司", "phones": ["13900001111"], "tags": ["老客户"],
                    "custom": { "level": "金牌" } }),
        )
        .await;
    let second_model = grading_model(&s, &admin, "活跃度").await;
    regrade(&s, &admin, &second_model).await;
    talk(&s, &sp1, &keep, "初次联系").await;
    talk(&s, &sp1, &gone, "报价").await;
    talk(&s, &sp1, &gone, "回访").await;
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($c: ID!, $i: DealInput!) { createDeal(customerId: $c, input: $i) { id } }",
            json!({ "c": gone, "i": { "title": "年度采购", "amount": "12800" } }),
        )
        .await;
    r.ok();
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { id } }",
            json!({ "i": { "subject": "拜访", "start": "2026-12-20T09:00:00+08:00", "end": "2026-12-20T10:00:00+08:00", "customerId": gone } }),
        )
        .await;
    r.ok();
    // The newest value is the default: touch the merged one last.
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }",
            json!({ "id": gone, "i": { "title": "采购经理" } }),
        )
        .await;
    r.ok();
    // A pair said to be two people goes with the merged customer, and comes
    // back with it.
    let third =
        s.create_customer_with(&sp1, json!({ "name": "张伟", "company": "别的公司", "phones": ["13812345678"] })).await;
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($a: ID!, $b: ID!) { dismissDuplicate(customerId: $a, otherId: $b) }",
            json!({ "a": gone, "b": third }),
        )
        .await;
    r.ok();
    let before = dump(&s, &sp1.tenant_id).await;
    assert_eq!(before["duplicate_dismissals"].len(), 1);
    let input =
        json!({ "survivorId": keep, "mergedIds": [gone], "choices": [{ "field": "name", "customerId": keep }] });

    // The plan: every field's values, the one taken, the rows that move.
    let r = s.gql(Some(&sp1.token), PLAN, json!({ "i": input })).await;
    let plan = r.ok()["customerMergePlan"].clone();
    assert_eq!(plan["phones"], json!(["13900001111", "13812345678"]));
    assert_eq!(plan["tags"], json!(["老客户", "重点"]));
    let f = |name: &str| plan["fields"].as_array().unwrap().iter().find(|f| f["field"] == name).unwrap().clone();
    assert_eq!((f("name")["value"].clone(), f("name")["differs"].clone()), (json!("张伟"), json!(true)));
    assert_eq!(f("title")["chosenCustomerId"], json!(gone));
    assert_eq!(f("status")["value"], "intent");
    assert_eq!(f("custom.license")["value"], "91310000MA1FL0AB2C");
    assert_eq!(f("custom.level")["value"], "金牌");
    let moves: BTreeMap<String, i64> = plan["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["table"].as_str().unwrap().to_owned(), m["rows"].as_i64().unwrap()))
        .collect();
    assert_eq!((moves["conversations"], moves["deals"], moves["work_plans"], moves["customer_grades"]), (2, 1, 1, 2));

    // Refused, with nothing changed: someone who may not edit both, the
    // survivor among the merged, a field no customer has, a stranger's id.
    assert_eq!(s.gql(Some(&sp2.token), MERGE, json!({ "i": input })).await.code(), "NOT_FOUND");
    let bad = json!({ "survivorId": keep, "mergedIds": [keep] });
    assert_eq!(s.gql(Some(&sp1.token), MERGE, json!({ "i": bad })).await.code(), "VALIDATION_FAILED");
    let bad = json!({ "survivorId": keep, "mergedIds": [gone], "choices": [{ "field": "nope", "customerId": keep }] });
    assert_eq!(s.gql(Some(&sp1.token), MERGE, json!({ "i": bad })).await.code(), "VALIDATION_FAILED");
    let other = s.sign_up("other").await;
    let theirs = s.create_customer(&other, "别家").await;
    let bad = json!({ "survivorId": keep, "mergedIds": [theirs] });
    assert_eq!(s.gql(Some(&sp1.token), MERGE, json!({ "i": bad })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&other.token), MERGE, json!({ "i": input })).await.code(), "NOT_FOUND");
    assert_eq!(dump(&s, &sp1.tenant_id).await, before);

    // The merge.
    let r = s.gql(Some(&sp1.token), MERGE, json!({ "i": input })).await;
    let m = r.ok()["mergeCustomers"].clone();
    assert_eq!(
        (m["survivorId"].clone(), m["undoable"].clone(), m["survivor"]["id"].clone()),
        (json!(keep), json!(true), json!(keep))
    );
    assert_eq!(m["merged"][0]["name"], "張偉");
    let merge = m["id"].as_str().unwrap().to_owned();
    let c = show(&s, &sp1, &keep).await;
    assert_eq!(c["name"], "张伟");
    assert_eq!(c["company"], "关系贸易股份有限公司", "the newest");
    assert_eq!(c["phones"], json!(["13900001111", "13812345678"]));
    assert_eq!(c["tags"], json!(["老客户", "重点"]));
    assert_eq!((c["email"].clone(), c["status"].clone()), (json!("zw@example.cn"), json!("INTENT")));
    assert_eq!(c["custom"], json!({ "license": "91310000MA1FL0AB2C", "level": "金牌" }));
    assert_eq!(c["conversations"]["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(c["deals"].as_array().unwrap().len(), 1);
    let mut models: Vec<&str> =
        c["grades"].as_array().unwrap().iter().map(|g| g["modelName"].as_str().unwrap()).collect();
    models.sort_unstable();
    assert_eq!(models, ["成交周期", "活跃度"]);
    assert_eq!(c["merges"], json!([{ "id": merge, "undoable": true }]));
    // The merged id leads to the survivor; its unique value is the survivor's.
    assert_eq!(show(&s, &sp1, &gone).await["id"], json!(keep));
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
            json!({ "i": { "name": "冒用", "custom": { "license": "91310000MA1FL0AB2C" } } }),
        )
        .await;
    assert_eq!(r.code(), "CONFLICT");
    let kinds: Vec<String> = s.events(&sp1, 0).await.into_iter().map(|e| e.event.kind().to_owned()).collect();
    assert!(kinds.contains(&"customer.merged".to_owned()));
    // The merged customer is gone from lists and counts.
    let r = s.gql(Some(&sp1.token), "{ customers(first: 50) { totalCount edges { node { id } } } }", json!({})).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 2);
    assert!(r.ok()["customers"]["edges"].as_array().unwrap().iter().all(|n| n["node"]["id"] != json!(gone)));

    // Undo: not by a colleague who does not see it, nor by another company.
    assert_eq!(s.gql(Some(&sp2.token), UNDO, json!({ "id": merge })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&other.token), UNDO, json!({ "id": merge })).await.code(), "NOT_FOUND");
    let r = s.gql(Some(&sp1.token), UNDO, json!({ "id": merge })).await;
    assert_eq!(r.ok()["undoCustomerMerge"]["undoable"], false);
    let after = dump(&s, &sp1.tenant_id).await;
    for (table, rows) in &before {
        assert_eq!(rows, &after[table], "{table} is not as it was before the merge");
    }
    assert_eq!(show(&s, &sp1, &gone).await["name"], "張偉");
    assert!(kinds.len() < s.events(&sp1, 0).await.len());
    assert_eq!(s.gql(Some(&sp1.token), UNDO, json!({ "id": merge })).await.code(), "CONFLICT");
}

async fn merges_follow_the_rights_and_undo_in_order(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    let a = s.create_customer_with(&sp1, json!({ "name": "甲", "phones": ["13800000001"] })).await;
    let b1 = s.create_customer_with(&sp2, json!({ "name": "乙", "phones": ["13800000001"] })).await;
    let c = s.create_customer_with(&sp1, json!({ "name": "丙" })).await;
    let pooled = s.create_customer(&sp1, "公海客户").await;
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($id: ID!) { releaseCustomer(id: $id, reason: \"无意向\") { id } }",
            json!({ "id": pooled }),
        )
        .await;
    r.ok();
    // A salesperson merges only their own customers.
    let r = s.gql(Some(&sp1.token), MERGE, json!({ "i": { "survivorId": a, "mergedIds": [b1] } })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    let r = s.gql(Some(&sp1.token), MERGE, json!({ "i": { "survivorId": a, "mergedIds": [pooled] } })).await;
    assert_eq!(r.code(), "FORBIDDEN");

    // C into B (an admin), then B into A: C leads to A through B.
    let r = s.gql(Some(&admin.token), MERGE, json!({ "i": { "survivorId": b1, "mergedIds": [c] } })).await;
    let first = r.ok()["mergeCustomers"]["id"].as_str().unwrap().to_owned();
    let r = s.gql(Some(&admin.token), MERGE, json!({ "i": { "survivorId": a, "mergedIds": [b1] } })).await;
    let second = r.ok()["mergeCustomers"]["id"].as_str().unwrap().to_owned();
    assert_eq!(show(&s, &admin, &c).await["id"], json!(a));
    // sp2's customer is now sp1's survivor: sp2 follows the id no more.
    let r = s.gql(Some(&sp2.token), SHOW, json!({ "id": b1 })).await;
    assert_eq!(r.code(), "NOT_FOUND");
    // The first merge waits for the second to be undone; the merger (or
    // an admin) undoes, not a salesperson who did not merge.
    let r = s.gql(Some(&admin.token), UNDO, json!({ "id": first })).await;
    assert_eq!(r.code(), "CONFLICT");
    assert!(r.error()["message"].as_str().unwrap().contains("undo that merge first"), "{}", r.body);
    assert_eq!(s.gql(Some(&sp1.token), UNDO, json!({ "id": second })).await.code(), "FORBIDDEN");
    s.gql(Some(&admin.token), UNDO, json!({ "id": second })).await.ok();
    s.gql(Some(&admin.token), UNDO, json!({ "id": first })).await.ok();
    for (id, name) in [(&a, "甲"), (&b1, "乙"), (&c, "丙")] {
        let got = show(&s, &admin, id).await;
        assert_eq!((got["id"].clone(), got["name"].clone()), (json!(id), json!(name)));
    }
    let r = s.gql(Some(&sp2.token), "query($id: ID!) { customer(id: $id) { name } }", json!({ "id": b1 })).await;
    assert_eq!(r.ok()["customer"]["name"], "乙");

    // Past its 30 days, a merge stands for good.
    let r = s.gql(Some(&admin.token), MERGE, json!({ "i": { "survivorId": a, "mergedIds": [c] } })).await;
    let old = r.ok()["mergeCustomers"]["id"].as_str().unwrap().to_owned();
    let conn = s.db.connect_owner().await;
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "UPDATE customer_merges SET undo_until = created_at - interval '1 day' WHERE id = $1",
        _ => "UPDATE customer_merges SET undo_until = '2000-01-01T00:00:00+00:00' WHERE id = ?",
    };
    let id = uuid::Uuid::parse_str(&old).unwrap();
    conn.execute(Statement::from_sql_and_values(backend, sql, [id.into()])).await.unwrap();
    let r = s
        .gql(Some(&admin.token), "query($id: ID!) { customerMerge(id: $id) { undoable } }", json!({ "id": old }))
        .await;
    assert_eq!(r.ok()["customerMerge"]["undoable"], false);
    let r = s.gql(Some(&admin.token), UNDO, json!({ "id": old })).await;
    assert_eq!(r.code(), "CONFLICT");
    assert!(r.error()["message"].as_str().unwrap().contains("30 days"), "{}", r.body);
    assert_eq!(show(&s, &admin, &c).await["id"], json!(a));
}

backend_tests!(a_merge_moves_everything_and_its_undo_restores_exactly, merges_follow_the_rights_and_undo_in_order);

/// Every column that holds a customer's id (named `customer_id`, or a
/// foreign key to `customers`) is in the merge's list, so a new table
/// cannot be left behind by a merge.
async fn every_reference_to_a_customer_is_handled_by_a_merge(b: Backend) {
    let db = guanxi_tests::TestDb::new(b).await;
    let conn = db.connect_owner().await;
    let (by_name, by_key) = match b {
        Backend::Postgres => (
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'customer_id'",
            "SELECT cl.relname::text AS t, a.attname::text AS c FROM pg_constraint k \
             JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid \
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey) \
             WHERE k.contype = 'f' AND f.relname = 'customers' AND a.attname <> 'tenant_id'",
        ),
        Backend::Sqlite => (
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'customer_id'",
            "SELECT m.name AS t, k.\"from\" AS c FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) k \
             WHERE m.type = 'table' AND k.\"table\" = 'customers' AND k.\"from\" <> 'tenant_id'",
        ),
    };
    let mut found = BTreeSet::new();
    for sql in [by_name, by_key] {
        for r in conn.query_all(Statement::from_string(conn.get_database_backend(), sql)).await.unwrap() {
            found.insert((r.try_get::<String>("", "t").unwrap(), r.try_get::<String>("", "c").unwrap()));
        }
    }
    assert!(found.len() >= 8, "{found:?}");
    for (t, c) in &found {
        assert!(
            REFERENCES.iter().any(|(rt, rc, _)| rt == t && rc == c),
            "{t}.{c} refers to a customer: say what a merge does with it in store::merges::REFERENCES"
        );
    }
}

backend_tests!(every_reference_to_a_customer_is_handled_by_a_merge);
