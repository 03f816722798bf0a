//! Custom fields (自定义字段): definitions by admins only, values checked on
//! every write (customers and conversations), uniqueness under the
//! company, per-role visibility, history, type changes and deletion that
//! never drop data silently, filters and sorting, and other companies.

use guanxi_tests::{Backend, Company, Gql, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};

const FIELD: &str =
    "id key label type required unique default rules visibility { admin supervisor salesperson } archived";

async fn define(s: &TestServer, who: &Session, entity: &str, input: Value) -> Gql {
    s.gql(
        Some(&who.token),
        &format!(
            "mutation($e: CustomFieldEntity!, $i: CustomFieldInput!) {{ createCustomField(entity: $e, input: $i) {{ {FIELD} }} }}"
        ),
        json!({ "e": entity, "i": input }),
    )
    .await
}

async fn field_id(s: &TestServer, who: &Session, entity: &str, input: Value) -> String {
    define(s, who, entity, input).await.ok()["createCustomField"]["id"].as_str().unwrap().to_owned()
}

async fn create(s: &TestServer, who: &Session, input: Value) -> Gql {
    s.gql(
        Some(&who.token),
        "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id custom customValues { key access value } } }",
        json!({ "i": input }),
    )
    .await
}

async fn update(s: &TestServer, who: &Session, id: &str, custom: Value) -> Gql {
    s.gql(
        Some(&who.token),
        "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id custom } }",
        json!({ "id": id, "i": { "custom": custom } }),
    )
    .await
}

async fn custom_of(s: &TestServer, who: &Session, id: &str) -> Value {
    let r = s.gql(Some(&who.token), "query($id: ID!) { customer(id: $id) { custom } }", json!({ "id": id })).await;
    r.ok()["customer"]["custom"].clone()
}

async fn names(s: &TestServer, who: &Session, filter: Value, sort: Value) -> Gql {
    s.gql(
        Some(&who.token),
        "query($f: CustomerFilter, $s: CustomerSort) { customers(filter: $f, sort: $s, first: 100) { totalCount edges { node { name } } } }",
        json!({ "f": filter, "s": sort }),
    )
    .await
}

fn listed(r: &Gql) -> Vec<String> {
    let c = &r.ok()["customers"];
    let v: Vec<String> =
        c["edges"].as_array().unwrap().iter().map(|n| n["node"]["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(c["totalCount"], v.len());
    v
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn history_fields(s: &TestServer, who: &Session, id: &str) -> Vec<(String, Value, Value)> {
    let r = s
        .gql(
            Some(&who.token),
            "query($id: ID!) { customer(id: $id) { history(limit: 200) { field oldValue newValue } } }",
            json!({ "id": id }),
        )
        .await;
    r.ok()["customer"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["oldValue"].clone(), e["newValue"].clone()))
        .collect()
}

async fn definitions_and_checked_values(b: Backend) {
    let Company { s, admin, sp1, sup, .. } = company(b).await;

    // Only admins define fields; a bad definition names every problem.
    let r = define(&s, &sp1, "CUSTOMER", json!({ "key": "budget", "label": "预算", "type": "MONEY" })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = define(
        &s,
        &admin,
        "CUSTOMER",
        json!({ "key": "Bad Key", "label": "", "type": "TEXT", "rules": { "regex": "(" } }),
    )
    .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    let fields = r.fields();
    assert!(fields.contains(&"key".to_owned()) && fields.contains(&"label".to_owned()), "{fields:?}");

    let level = define(
        &s,
        &admin,
        "CUSTOMER",
        json!({
            "key": "level", "label": "客户级别", "labelEn": "Level", "type": "SINGLE_SELECT", "required": true,
            "default": "b",
            "rules": { "options": [
                { "key": "a", "label": "重要", "color": "#ff0000" },
                { "key": "b", "label": "一般", "color": "#00ff00" },
                { "key": "c", "label": "观察", "color": "#0000ff" } ] },
        }),
    )
    .await;
    assert_eq!(level.ok()["createCustomField"]["type"], "SINGLE_SELECT");
    let dup = define(&s, &admin, "CUSTOMER", json!({ "key": "level", "label": "x", "type": "TEXT" })).await;
    assert_eq!(dup.code(), "CONFLICT");
    field_id(
        &s,
        &admin,
        "CUSTOMER",
        json!({ "key": "employees", "label": "员工数", "type": "NUMBER", "rules": { "min": 1, "max": 100000 } }),
    )
    .await;
    field_id(&s, &admin, "CUSTOMER", json!({ "key": "license", "label": "营业执照号", "type": "TEXT", "unique": true, "rules": { "regex": "^[0-9A-Z]{18}$" } })).await;
    field_id(&s, &admin, "CUSTOMER", json!({ "key": "budget", "label": "预算", "type": "MONEY" })).await;
    field_id(&s, &admin, "CUSTOMER", json!({ "key": "signed_on", "label": "签约日", "type": "DATE" })).await;
    field_id(
        &s,
        &admin,
        "CUSTOMER",
        json!({ "key": "cost", "label": "成本", "type": "DECIMAL",
                "visibility": { "admin": "EDIT", "supervisor": "READ", "salesperson": "HIDDEN" } }),
    )
    .await;

    // Values are normalised; the default fills an absent required field.
    let r = create(
        &s,
        &sp1,
        json!({ "name": "张伟", "custom": {
            "employees": "１２０", "license": "91110000ABCDEFGH12", "budget": { "amount": "50000", "currency": "CNY" },
            "signed_on": "2026年3月5日" } }),
    )
    .await;
    let zw = r.ok()["createCustomer"].clone();
    let zw_id = zw["id"].as_str().unwrap().to_owned();
    assert_eq!(zw["custom"]["level"], "b");
    assert_eq!(zw["custom"]["employees"], 120);
    assert_eq!(zw["custom"]["signed_on"], "2026-03-05");
    assert_eq!(zw["custom"]["budget"], json!({ "amount": "50000.00", "currency": "CNY" }));
    // The salesperson's form leaves out the hidden cost field.
    let keys: Vec<&str> = zw["customValues"].as_array().unwrap().iter().map(|v| v["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["level", "employees", "license", "budget", "signed_on"]);

    // Bad values: every problem at once, nothing written.
    let before = names(&s, &admin, json!({}), Value::Null).await;
    let before = listed(&before).len();
    let r = create(
        &s,
        &sp1,
        json!({ "name": "坏数据", "custom": {
            "employees": 0, "license": "short", "level": "z", "signed_on": "昨天", "nope": 1 } }),
    )
    .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(
        sorted(r.fields()),
        ["custom.employees", "custom.level", "custom.license", "custom.nope", "custom.signed_on"]
    );
    // A required field cannot be cleared.
    assert_eq!(update(&s, &sp1, &zw_id, json!({ "level": null })).await.fields(), ["custom.level"]);
    // Writing a field hidden from one's role is refused.
    assert_eq!(create(&s, &sp1, json!({ "name": "x", "custom": { "cost": "1.5" } })).await.code(), "FORBIDDEN");
    let after = names(&s, &admin, json!({}), Value::Null).await;
    assert_eq!(listed(&after).len(), before);

    // Unique within the company: a second holder is a conflict; the value
    // is free again once its holder lets it go.
    let r = create(&s, &sp1, json!({ "name": "李娜", "custom": { "license": "91110000ABCDEFGH12" } })).await;
    assert_eq!((r.code(), r.fields()), ("CONFLICT", vec!["custom.license".to_owned()]));
    update(&s, &sp1, &zw_id, json!({ "license": "91110000ABCDEFGH99" })).await.ok();
    let ln =
        create(&s, &sp1, json!({ "name": "李娜", "custom": { "license": "91110000ABCDEFGH12", "level": "a" } })).await;
    let ln_id = ln.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();

    // Read-only for supervisors, hidden from salespeople.
    update(&s, &admin, &ln_id, json!({ "cost": "12.5" })).await.ok();
    assert_eq!(custom_of(&s, &sup, &ln_id).await["cost"], "12.50");
    assert_eq!(update(&s, &sup, &ln_id, json!({ "cost": "13" })).await.code(), "FORBIDDEN");
    assert!(custom_of(&s, &sp1, &ln_id).await.get("cost").is_none());

    // Each changed value is in the customer's history.
    let h = history_fields(&s, &admin, &zw_id).await;
    assert!(
        h.iter().any(|(f, o, n)| f == "custom.license"
            && o == &json!("91110000ABCDEFGH12")
            && n == &json!("91110000ABCDEFGH99")),
        "{h:?}"
    );

    // Filters and sorting on custom values.
    create(&s, &sp1, json!({ "name": "王芳", "custom": { "employees": 5, "level": "c" } })).await.ok();
    let r =
        names(&s, &sp1, json!({ "custom": [{ "key": "employees", "op": "GTE", "value": 100 }] }), Value::Null).await;
    assert_eq!(listed(&r), ["张伟"]);
    let r = names(&s, &sp1, json!({ "custom": [{ "key": "level", "op": "IN", "value": ["重要", "c"] }] }), Value::Null)
        .await;
    assert_eq!(sorted(listed(&r)), ["李娜", "王芳"]);
    let r = names(&s, &sp1, json!({ "custom": [{ "key": "employees", "op": "IS_EMPTY" }] }), Value::Null).await;
    assert_eq!(listed(&r), ["李娜"]);
    let r = names(
        &s,
        &sp1,
        json!({ "custom": [{ "key": "license", "op": "CONTAINS", "value": "abcdefgh99" }] }),
        Value::Null,
    )
    .await;
    assert_eq!(listed(&r), ["张伟"]);
    let r =
        names(&s, &sp1, json!({ "custom": [{ "key": "signed_on", "op": "LT", "value": "2026-04-01" }] }), Value::Null)
            .await;
    assert_eq!(listed(&r), ["张伟"]);
    let r = names(
        &s,
        &sp1,
        json!({ "custom": [{ "key": "budget", "op": "GT", "value": { "amount": "10000", "currency": "CNY" } }] }),
        Value::Null,
    )
    .await;
    assert_eq!(listed(&r), ["张伟"]);
    let r = names(&s, &sp1, json!({ "custom": [{ "key": "level", "op": "NE", "value": "a" }] }), Value::Null).await;
    assert_eq!(sorted(listed(&r)), ["张伟", "王芳"]);
    // Option order (a, b, c), then by number with the empty value last.
    let r = names(&s, &sp1, Value::Null, json!({ "customKey": "level", "direction": "ASC" })).await;
    assert_eq!(listed(&r), ["李娜", "张伟", "王芳"]);
    let r = names(&s, &sp1, Value::Null, json!({ "customKey": "employees", "direction": "ASC" })).await;
    assert_eq!(listed(&r), ["王芳", "张伟", "李娜"]);
    // Pages continue across the sort, nulls included.
    let q = "query($s: CustomerSort, $a: String) { customers(sort: $s, first: 1, after: $a) { edges { node { name } } pageInfo { endCursor hasNextPage } } }";
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let r = s
            .gql(Some(&sp1.token), q, json!({ "s": { "customKey": "employees", "direction": "DESC" }, "a": after }))
            .await;
        let c = r.ok()["customers"].clone();
        seen.push(c["edges"][0]["node"]["name"].as_str().unwrap().to_owned());
        if !c["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = c["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, ["李娜", "张伟", "王芳"]);
    // Bad conditions are typed errors; hidden fields are as unknown as
    // missing ones.
    let r = names(
        &s,
        &sp1,
        json!({ "custom": [
            { "key": "cost", "op": "EQ", "value": "1" },
            { "key": "employees", "op": "CONTAINS", "value": "1" },
            { "key": "employees", "op": "EQ", "value": "many" },
            { "key": "level", "op": "EQ" } ] }),
        Value::Null,
    )
    .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(
        r.fields(),
        ["filter.custom.0.key", "filter.custom.1.op", "filter.custom.2.value", "filter.custom.3.value"]
    );
    let r = names(&s, &sp1, Value::Null, json!({ "customKey": "cost" })).await;
    assert_eq!(r.fields(), ["sort.customKey"]);
}

async fn type_changes_and_deletion_keep_data(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let code = field_id(&s, &admin, "CUSTOMER", json!({ "key": "code", "label": "编码", "type": "TEXT" })).await;
    let a = create(&s, &sp1, json!({ "name": "甲", "custom": { "code": "42" } })).await;
    let a = a.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    let b2 = create(&s, &sp1, json!({ "name": "乙", "custom": { "code": "A-7" } })).await;
    let b2 = b2.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();

    // Text → number: one value does not convert. The preview says so, the
    // change is refused, nothing moves.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { previewCustomFieldTypeChange(id: $id, type: NUMBER) { values converted failed failures { recordId message } } }",
            json!({ "id": code }),
        )
        .await;
    let p = &r.ok()["previewCustomFieldTypeChange"];
    assert_eq!((p["values"].as_i64(), p["converted"].as_i64(), p["failed"].as_i64()), (Some(2), Some(1), Some(1)));
    assert_eq!(p["failures"][0]["recordId"], b2.as_str());
    let change =
        "mutation($id: ID!, $c: Boolean) { changeCustomFieldType(id: $id, type: NUMBER, clearFailures: $c) { type } }";
    let r = s.gql(Some(&admin.token), change, json!({ "id": code, "c": false })).await;
    assert_eq!((r.code(), r.fields()), ("CONFLICT", vec!["type".to_owned()]));
    assert_eq!(custom_of(&s, &admin, &a).await["code"], "42");
    // A salesperson may not change definitions at all.
    assert_eq!(s.gql(Some(&sp1.token), change, json!({ "id": code, "c": true })).await.code(), "FORBIDDEN");
    // Explicitly clearing what does not convert: converted and cleared
    // values are both in the history.
    let r = s.gql(Some(&admin.token), change, json!({ "id": code, "c": true })).await;
    assert_eq!(r.ok()["changeCustomFieldType"]["type"], "NUMBER");
    assert_eq!(custom_of(&s, &admin, &a).await["code"], 42);
    assert!(custom_of(&s, &admin, &b2).await.get("code").is_none());
    let h = history_fields(&s, &admin, &b2).await;
    assert!(h.iter().any(|(f, o, n)| f == "custom.code" && o == &json!("A-7") && n.is_null()), "{h:?}");

    // Deleting a field with values needs confirmation, then records each
    // removed value.
    let del = "mutation($id: ID!, $c: Boolean) { deleteCustomField(id: $id, confirm: $c) { id records } }";
    let r = s.gql(Some(&admin.token), del, json!({ "id": code, "c": false })).await;
    assert_eq!(r.code(), "CONFLICT");
    let r = s.gql(Some(&admin.token), del, json!({ "id": code, "c": true })).await;
    assert_eq!(r.ok()["deleteCustomField"]["records"], 1);
    assert!(custom_of(&s, &admin, &a).await.get("code").is_none());
    let h = history_fields(&s, &admin, &a).await;
    assert!(h.iter().any(|(f, o, n)| f == "custom.code" && o == &json!(42) && n.is_null()), "{h:?}");

    // Archived fields keep their values and take no new ones.
    let note = field_id(&s, &admin, "CUSTOMER", json!({ "key": "note", "label": "备注", "type": "LONG_TEXT" })).await;
    update(&s, &sp1, &a, json!({ "note": "第一行\r\n第二行" })).await.ok();
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!) { archiveCustomField(id: $id, archived: true) { archived } }",
        json!({ "id": note }),
    )
    .await
    .ok();
    assert_eq!(custom_of(&s, &sp1, &a).await["note"], "第一行\n第二行");
    assert_eq!(update(&s, &sp1, &a, json!({ "note": "改" })).await.fields(), ["custom.note"]);
}

async fn conversation_fields(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    field_id(
        &s,
        &admin,
        "CONVERSATION",
        json!({ "key": "mood", "label": "客户态度", "type": "RATING", "required": true, "rules": { "max": 5 } }),
    )
    .await;
    field_id(&s, &admin, "CONVERSATION", json!({ "key": "follow_up", "label": "跟进人", "type": "USER" })).await;
    let cust = create(&s, &sp1, json!({ "name": "客户甲" })).await;
    let cust = cust.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    let add = "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id custom customValues { key access } } } }";
    let r =
        s.gql(Some(&sp1.token), add, json!({ "i": { "customerId": cust, "topic": "报价", "content": "电话" } })).await;
    assert_eq!(r.fields(), ["custom.mood"]);
    let r = s
        .gql(
            Some(&sp1.token),
            add,
            json!({ "i": { "customerId": cust, "topic": "报价", "content": "电话", "custom": { "mood": 9 } } }),
        )
        .await;
    assert_eq!(r.fields(), ["custom.mood"]);
    // A user field names someone of this company.
    let stranger = s.sign_up("other").await;
    let r = s
        .gql(
            Some(&sp1.token),
            add,
            json!({ "i": { "customerId": cust, "topic": "报价", "content": "电话",
                           "custom": { "mood": 4, "follow_up": stranger.user_id } } }),
        )
        .await;
    assert_eq!(r.fields(), ["custom.follow_up"]);
    let r = s
        .gql(
            Some(&sp1.token),
            add,
            json!({ "i": { "customerId": cust, "topic": "报价", "content": "电话",
                           "custom": { "mood": 4, "follow_up": sp2.user_id } } }),
        )
        .await;
    let conv = r.ok()["addConversation"]["conversation"].clone();
    assert_eq!(conv["custom"], json!({ "mood": 4, "follow_up": sp2.user_id }));
    let id = conv["id"].as_str().unwrap();
    let edit = "mutation($id: ID!, $c: JSON!) { editConversationCustom(id: $id, custom: $c) { custom } }";
    let r = s.gql(Some(&sp1.token), edit, json!({ "id": id, "c": { "mood": 5 } })).await;
    assert_eq!(r.ok()["editConversationCustom"]["custom"]["mood"], 5);
    assert_eq!(
        s.gql(Some(&sp1.token), edit, json!({ "id": id, "c": { "mood": null } })).await.fields(),
        ["custom.mood"]
    );
    // Another salesperson cannot see the conversation, so cannot edit it.
    assert_eq!(s.gql(Some(&sp2.token), edit, json!({ "id": id, "c": { "mood": 1 } })).await.code(), "NOT_FOUND");
}

async fn other_companies_see_nothing(b: Backend) {
    let Company { s, admin, .. } = company(b).await;
    let id =
        field_id(&s, &admin, "CUSTOMER", json!({ "key": "secret", "label": "机密", "type": "TEXT", "unique": true }))
            .await;
    let a = create(&s, &admin, json!({ "name": "甲", "custom": { "secret": "X1" } })).await;
    a.ok();
    let other = s.sign_up("other").await;
    let r = s.gql(Some(&other.token), "{ customFields(entity: CUSTOMER) { key } }", json!({})).await;
    assert_eq!(r.ok()["customFields"], json!([]));
    let upd = "mutation($id: ID!) { updateCustomField(id: $id, input: { key: \"secret\", label: \"偷看\" }) { id } }";
    assert_eq!(s.gql(Some(&other.token), upd, json!({ "id": id })).await.code(), "NOT_FOUND");
    let del = "mutation($id: ID!) { deleteCustomField(id: $id, confirm: true) { id } }";
    assert_eq!(s.gql(Some(&other.token), del, json!({ "id": id })).await.code(), "NOT_FOUND");
    // Its customers have no such field, and its own unique values are its own.
    let r = create(&s, &other, json!({ "name": "乙", "custom": { "secret": "X1" } })).await;
    assert_eq!(r.fields(), ["custom.secret"]);
    field_id(&s, &other, "CUSTOMER", json!({ "key": "secret", "label": "机密", "type": "TEXT", "unique": true })).await;
    create(&s, &other, json!({ "name": "乙", "custom": { "secret": "X1" } })).await.ok();
    let r = names(&s, &other, json!({ "custom": [{ "key": "secret", "op": "EQ", "value": "x1" }] }), Value::Null).await;
    assert_eq!(listed(&r), ["乙"]);
    // The first company's field is untouched.
    let r = s.gql(Some(&admin.token), "{ customFields(entity: CUSTOMER) { key label } }", json!({})).await;
    assert_eq!(r.ok()["customFields"], json!([{ "key": "secret", "label": "机密" }]));
}

/// A field hidden from salespeople reaches a salesperson nowhere: not in a
/// customer (one, a page, a pool page, the form), not in a conversation, not
/// in an export, not as a filter or a sort; and their own edits keep its
/// stored value.
async fn hidden_fields_reach_no_salesperson(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let hidden = json!({ "admin": "EDIT", "supervisor": "READ", "salesperson": "HIDDEN" });
    field_id(
        &s,
        &admin,
        "CUSTOMER",
        json!({ "key": "cost", "label": "成本", "type": "DECIMAL", "visibility": hidden }),
    )
    .await;
    field_id(&s, &admin, "CUSTOMER", json!({ "key": "level", "label": "级别", "type": "TEXT" })).await;
    field_id(
        &s,
        &admin,
        "CONVERSATION",
        json!({ "key": "margin", "label": "毛利", "type": "TEXT", "visibility": hidden }),
    )
    .await;
    field_id(&s, &admin, "CONVERSATION", json!({ "key": "note", "label": "备注", "type": "TEXT" })).await;
    let id = create(&s, &sp1, json!({ "name": "甲", "custom": { "level": "a" } })).await;
    let id = id.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    update(&s, &admin, &id, json!({ "cost": "9.5" })).await.ok();

    // One customer, a page, the form, the update's answer.
    assert_eq!(custom_of(&s, &sp1, &id).await, json!({ "level": "a" }));
    let page = "{ customers(first: 10) { edges { node { custom customValues { key } } } } }";
    let node = s.gql(Some(&sp1.token), page, json!({})).await.ok()["customers"]["edges"][0]["node"].clone();
    assert_eq!(node["custom"], json!({ "level": "a" }));
    assert_eq!(node["customValues"], json!([{ "key": "level" }]));
    let fields = s.gql(Some(&sp1.token), "{ customFields(entity: CUSTOMER) { key } }", json!({})).await;
    assert_eq!(fields.ok()["customFields"], json!([{ "key": "level" }]));
    let r = update(&s, &sp1, &id, json!({ "level": "b" })).await;
    assert_eq!(r.ok()["updateCustomer"]["custom"], json!({ "level": "b" }));
    assert_eq!(custom_of(&s, &admin, &id).await, json!({ "level": "b", "cost": "9.50" }), "the edit kept the cost");

    // Filters and sorts by it are as by an unknown field.
    let r = names(&s, &sp1, json!({ "custom": [{ "key": "cost", "op": "GT", "value": "1" }] }), Value::Null).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["filter.custom.0.key"]);
    let r = names(&s, &sp1, Value::Null, json!({ "customKey": "cost" })).await;
    assert_eq!(r.fields(), ["sort.customKey"]);
    assert_eq!(listed(&names(&s, &admin, Value::Null, json!({ "customKey": "cost" })).await), ["甲"]);

    // An export has no column for it.
    let link = s.gql(Some(&sp1.token), "mutation { exportCustomers(format: CSV) { url } }", json!({})).await;
    let url = link.ok()["exportCustomers"]["url"].as_str().unwrap().to_owned();
    let body = s.http.get(format!("{}{url}", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(body.contains("级别") && !body.contains("成本") && !body.contains("9.5"), "{body}");

    // Conversations: the salesperson's own record, a hidden value set by an
    // admin, and the salesperson's edit that keeps it.
    let add = "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id custom } } }";
    let r = s
        .gql(
            Some(&sp1.token),
            add,
            json!({ "i": { "customerId": id, "topic": "报价", "content": "电话", "custom": { "note": "x" } } }),
        )
        .await;
    let conv = r.ok()["addConversation"]["conversation"]["id"].as_str().unwrap().to_owned();
    let edit =
        "mutation($id: ID!, $c: JSON!) { editConversationCustom(id: $id, custom: $c) { custom customValues { key } } }";
    let r = s.gql(Some(&admin.token), edit, json!({ "id": conv, "c": { "margin": "30%" } })).await;
    assert_eq!(r.ok()["editConversationCustom"]["custom"], json!({ "note": "x", "margin": "30%" }));
    let r = s.gql(Some(&sp1.token), edit, json!({ "id": conv, "c": { "note": "y" } })).await;
    let mine = r.ok()["editConversationCustom"].clone();
    assert_eq!(mine["custom"], json!({ "note": "y" }));
    assert_eq!(mine["customValues"], json!([{ "key": "note" }]));
    let one = "query($id: ID!) { conversation(id: $id) { custom } }";
    let r = s.gql(Some(&sp1.token), one, json!({ "id": conv })).await;
    assert_eq!(r.ok()["conversation"]["custom"], json!({ "note": "y" }));
    let list = "query($c: ID!) { conversations(filter: { customerId: $c }, first: 10) { nodes { custom } } }";
    let r = s.gql(Some(&sp1.token), list, json!({ "c": id })).await;
    assert_eq!(r.ok()["conversations"]["nodes"], json!([{ "custom": { "note": "y" } }]));
    let r = s.gql(Some(&admin.token), one, json!({ "id": conv })).await;
    assert_eq!(r.ok()["conversation"]["custom"], json!({ "note": "y", "margin": "30%" }), "the edit kept the margin");
}

backend_tests!(
    definitions_and_checked_values,
    hidden_fields_reach_no_salesperson,
    type_changes_and_deletion_keep_data,
    conversation_fields,
    other_companies_see_nothing,
);
