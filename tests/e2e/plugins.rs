//! WebAssembly plugins through GraphQL: upload (checked before anything is
//! stored), immutable versions with install and rollback, configuration
//! against the plugin's schema, validators in the customer save path,
//! graders of grading models, call logs and usage, hostile modules that
//! fail only their own calls, and companies that cannot see or touch each
//! other's plugins.

use std::time::Duration;

use guanxi_tests::{Backend, Gql, Session, TestServer, backend_tests, company, example_manifest, example_plugin};
use serde_json::{Value, json};

use crate::pool::raw_count;

const VERSION: &str = "id pluginId version hash mode hooks size manifest";
const PLUGIN: &str = "id key name enabled config previousVersionId currentVersion { id version }";

async fn upload(s: &TestServer, who: &Session, module: Vec<u8>, manifest: Value, config: Option<Value>) -> Gql {
    s.gql_upload(
        Some(&who.token),
        &format!(
            "mutation($file: Upload!, $m: JSON!, $c: JSON) {{ uploadPlugin(file: $file, manifest: $m, config: $c) {{ {VERSION} }} }}"
        ),
        json!({ "file": null, "m": manifest, "c": config }),
        vec![("variables.file", "plugin.wasm", module)],
    )
    .await
}

async fn plugin(s: &TestServer, who: &Session, id: &str) -> Gql {
    s.gql(Some(&who.token), &format!("query($id: ID!) {{ plugin(id: $id) {{ {PLUGIN} }} }}"), json!({ "id": id })).await
}

async fn field(s: &TestServer, who: &Session, key: &str) -> String {
    let r = s
        .gql(
            Some(&who.token),
            "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }",
            json!({ "i": { "key": key, "label": "手机", "type": "TEXT" } }),
        )
        .await;
    r.ok()["createCustomField"]["id"].as_str().unwrap().to_owned()
}

async fn attach(s: &TestServer, who: &Session, plugin: &str, target: Value) -> Gql {
    s.gql(
        Some(&who.token),
        "mutation($p: ID!, $t: PluginTargetInput!) { attachPlugin(pluginId: $p, target: $t) { id hook fieldId gradingModelId targetName } }",
        json!({ "p": plugin, "t": target }),
    )
    .await
}

async fn create_customer(s: &TestServer, who: &Session, name: &str, custom: Value) -> Gql {
    s.gql(
        Some(&who.token),
        "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id custom } }",
        json!({ "i": { "name": name, "custom": custom } }),
    )
    .await
}

async fn customer_count(s: &TestServer, who: &Session) -> u64 {
    let r = s.gql(Some(&who.token), "{ customers { totalCount } }", json!({})).await;
    r.ok()["customers"]["totalCount"].as_u64().unwrap()
}

async fn calls(s: &TestServer, who: &Session, plugin: &str) -> Vec<Value> {
    let r = s
        .gql(
            Some(&who.token),
            "query($id: ID!) { plugin(id: $id) { calls(limit: 200) { hook target inputDigest ok errorCode trapCode message fuelUsed fuelLimit wallTimeUs memoryPeak logs } } }",
            json!({ "id": plugin }),
        )
        .await;
    r.ok()["plugin"]["calls"].as_array().unwrap().clone()
}

async fn usage(s: &TestServer, who: &Session, plugin: &str) -> Vec<Value> {
    let r = s
        .gql(
            Some(&who.token),
            "query($id: ID!) { plugin(id: $id) { usage(days: 2) { day hook calls failures fuel wallTimeMs } } }",
            json!({ "id": plugin }),
        )
        .await;
    r.ok()["plugin"]["usage"].as_array().unwrap().clone()
}

/// Regrade and wait; returns the job's result.
async fn regrade(s: &TestServer, who: &Session, model: &str) -> Value {
    let r = s
        .gql(Some(&who.token), "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": model }))
        .await;
    let id = r.ok()["regradeCustomers"]["id"].as_str().unwrap().to_owned();
    for _ in 0..1200 {
        let r = s
            .gql(Some(&who.token), "query($id: ID!) { job(id: $id) { status result error } }", json!({ "id": id }))
            .await;
        let job = r.ok()["job"].clone();
        match job["status"].as_str().unwrap() {
            "SUCCEEDED" => return job["result"].clone(),
            "FAILED" | "CANCELLED" => panic!("regrade failed: {job}"),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    panic!("regrade {id} did not finish");
}

/// A pure ABI v1 module from WAT module fields: the ABI's imports, a memory
/// and the `guanxi_abi` custom section are added.
fn pure(fields: &str) -> Vec<u8> {
    let mut wasm = wat::parse_str(format!(
        r#"(module
            (import "guanxi" "input_len" (func $input_len (result i32)))
            (import "guanxi" "input_read" (func $input_read (param i32)))
            (import "guanxi" "output_write" (func $output_write (param i32 i32)))
            (import "guanxi" "log" (func $log (param i32 i32 i32)))
            (memory (export "memory") 1)
            {fields})"#
    ))
    .unwrap();
    let name = b"guanxi_abi";
    wasm.push(0);
    wasm.push((1 + name.len() + 1) as u8);
    wasm.push(name.len() as u8);
    wasm.extend_from_slice(name);
    wasm.push(b'1');
    wasm
}

/// A pure module whose `export` logs `log` (any bytes) and answers `output`.
fn answering(export: &str, log: &[u8], output: &Value) -> Vec<u8> {
    let wat_bytes = |b: &[u8]| b.iter().map(|b| format!("\\{b:02x}")).collect::<String>();
    let out = output.to_string();
    pure(&format!(
        r#"(data (i32.const 1024) "{log}")
           (data (i32.const 4096) "{out}")
           (func (export "{export}") (result i32)
             (call $log (i32.const 2) (i32.const 1024) (i32.const {log_len}))
             (call $output_write (i32.const 4096) (i32.const {out_len}))
             (i32.const 0))"#,
        log = wat_bytes(log),
        log_len = log.len(),
        out = wat_bytes(out.as_bytes()),
        out_len = out.len(),
    ))
}

fn manifest(key: &str, version: &str, hooks: &[&str]) -> Value {
    json!({ "key": key, "name": key, "version": version, "hooks": hooks })
}

async fn validators_check_every_save(b: Backend) {
    let c = company(b).await;
    let (s, admin) = (&c.s, &c.admin);

    // Admins only.
    let r = upload(s, &c.sp1, example_plugin("chinese_mobile.wasm"), example_manifest("chinese-mobile"), None).await;
    assert_eq!(r.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&c.sup.token), "{ plugins { id } }", json!({})).await.code(), "FORBIDDEN");

    // Refused uploads change nothing, and say why.
    let r = upload(s, admin, b"not wasm at all".to_vec(), example_manifest("chinese-mobile"), None).await;
    assert_eq!(r.code(), "VALIDATION_FAILED", "{:?}", r.body);
    assert_eq!(r.fields(), ["file"]);
    let mut bad = example_manifest("chinese-mobile");
    bad["key"] = json!("Not A Key");
    bad["hooks"] = json!(["field.validate", "paint"]);
    let r = upload(s, admin, example_plugin("chinese_mobile.wasm"), bad, None).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["manifest.key", "manifest.hooks.1"]);
    let r =
        upload(s, admin, example_plugin("chinese_mobile.wasm"), manifest("chinese-mobile", "1.0.0", &["grade"]), None)
            .await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "hook_missing", "{:?}", r.body);
    // A WASI module where only the pure ABI is allowed... is a WASI command,
    // which compatibility mode accepts; an unknown import namespace is not.
    let forbidden = wat::parse_str(
        r#"(module (import "env" "system" (func (param i32))) (func (export "hook_field_validate") (result i32) (i32.const 0)))"#,
    )
    .unwrap();
    let r = upload(s, admin, forbidden, manifest("sneaky", "1", &["field.validate"]), None).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(s.gql(Some(&admin.token), "{ plugins { id } }", json!({})).await.ok()["plugins"], json!([]));

    // Upload and install.
    let r = upload(s, admin, example_plugin("chinese_mobile.wasm"), example_manifest("chinese-mobile"), None).await;
    let v1 = r.ok()["uploadPlugin"].clone();
    assert_eq!(v1["version"], "1.0.0");
    assert_eq!(v1["mode"], "pure");
    assert_eq!(v1["hooks"], json!(["field.validate"]));
    assert_eq!(v1["hash"].as_str().unwrap().len(), 64);
    let pid = v1["pluginId"].as_str().unwrap().to_owned();
    let p = plugin(s, admin, &pid).await;
    assert_eq!(p.ok()["plugin"]["currentVersion"]["version"], "1.0.0");
    assert_eq!(p.ok()["plugin"]["enabled"], true);
    // Versions are immutable.
    let r = upload(s, admin, example_plugin("chinese_mobile.wasm"), example_manifest("chinese-mobile"), None).await;
    assert_eq!(r.code(), "CONFLICT");
    // The first version installed the plugin, once; refused uploads emit nothing.
    let installed = raw_count(
        s,
        "SELECT COUNT(*) AS n FROM domain_events WHERE kind = 'plugin.installed' AND entity_id = $1",
        vec![uuid::Uuid::parse_str(&pid).unwrap().into()],
    )
    .await;
    assert_eq!(installed, 1);

    // Attached to a field, it checks every value saved into it.
    let mobile = field(s, admin, "mobile").await;
    let a = attach(s, admin, &pid, json!({ "fieldId": mobile })).await;
    assert_eq!(a.ok()["attachPlugin"]["hook"], "field.validate");
    assert_eq!(a.ok()["attachPlugin"]["targetName"], "手机");
    assert_eq!(attach(s, &c.sp1, &pid, json!({ "fieldId": mobile })).await.code(), "FORBIDDEN");

    let before = customer_count(s, admin).await;
    let r = create_customer(s, &c.sp1, "王芳", json!({ "mobile": "12345" })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["custom.mobile"]);
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "plugin_invalid");
    assert!(r.error()["extensions"]["fields"][0]["message"].as_str().unwrap().contains("手机号"));
    assert_eq!(customer_count(s, admin).await, before, "a refused save writes nothing");
    let r = create_customer(s, &c.sp1, "王芳", json!({ "mobile": "138 0013 8000" })).await;
    let id = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&c.sp1.token),
            "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { custom } }",
            json!({ "id": id, "i": { "custom": { "mobile": "+86 2" } } }),
        )
        .await;
    assert_eq!(r.fields(), ["custom.mobile"]);
    let r = s
        .gql(
            Some(&c.sp1.token),
            "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { custom } }",
            json!({ "id": id, "i": { "custom": { "mobile": "0086 199-1234-5678" } } }),
        )
        .await;
    assert_eq!(r.ok()["updateCustomer"]["custom"]["mobile"], "0086 199-1234-5678");
    // Saves that do not change the field do not call it.
    let r = s
        .gql(
            Some(&c.sp1.token),
            "mutation($id: ID!) { updateCustomer(id: $id, input: { title: \"经理\" }) { id } }",
            json!({ "id": id }),
        )
        .await;
    r.ok();

    // Every call is logged (refusals too) and metered.
    let log = calls(s, admin, &pid).await;
    assert_eq!(log.len(), 4, "{log:#?}");
    assert!(log.iter().all(|c| c["ok"] == true && c["hook"] == "field.validate" && c["target"] == "field:mobile"));
    assert!(log.iter().all(|c| c["fuelUsed"].as_i64().unwrap() > 0 && c["inputDigest"].as_str().unwrap().len() == 64));
    assert!(log.iter().any(|c| c["logs"].as_str().unwrap().contains("debug: accepted 19912345678")), "{log:#?}");
    let used = usage(s, admin, &pid).await;
    assert_eq!(used.len(), 1);
    assert_eq!(used[0]["calls"], 4);
    assert_eq!(used[0]["failures"], 0);
    assert!(used[0]["fuel"].as_i64().unwrap() > 0);

    // Disabled, it does not run; enabled again, it does.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { setPluginEnabled(id: $id, enabled: false) { enabled } }",
            json!({ "id": pid }),
        )
        .await;
    assert_eq!(r.ok()["setPluginEnabled"]["enabled"], false);
    create_customer(s, &c.sp1, "李雷", json!({ "mobile": "12345" })).await.ok();
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!) { setPluginEnabled(id: $id, enabled: true) { id } }",
        json!({ "id": pid }),
    )
    .await
    .ok();
    assert_eq!(create_customer(s, &c.sp1, "韩梅梅", json!({ "mobile": "12345" })).await.code(), "VALIDATION_FAILED");

    // A second version, then back to the first.
    let mut m2 = example_manifest("chinese-mobile");
    m2["version"] = json!("1.1.0");
    m2["name"] = json!("手机号校验 v1.1");
    let v2 = upload(s, admin, example_plugin("chinese_mobile.wasm"), m2, None).await;
    assert_eq!(v2.ok()["uploadPlugin"]["version"], "1.1.0");
    let p = plugin(s, admin, &pid).await;
    assert_eq!(p.ok()["plugin"]["currentVersion"]["version"], "1.1.0");
    assert_eq!(p.ok()["plugin"]["name"], "手机号校验 v1.1");
    assert_eq!(p.ok()["plugin"]["previousVersionId"], v1["id"]);
    let r = s
        .gql(
            Some(&admin.token),
            &format!("mutation($id: ID!) {{ rollbackPlugin(id: $id) {{ {PLUGIN} }} }}"),
            json!({ "id": pid }),
        )
        .await;
    assert_eq!(r.ok()["rollbackPlugin"]["currentVersion"]["version"], "1.0.0");
    assert_eq!(r.ok()["rollbackPlugin"]["name"], "中国大陆手机号校验");
    let r = s
        .gql(Some(&admin.token), "query($id: ID!) { plugin(id: $id) { versions { version } } }", json!({ "id": pid }))
        .await;
    assert_eq!(r.ok()["plugin"]["versions"], json!([{ "version": "1.1.0" }, { "version": "1.0.0" }]));

    // Deleting needs confirmation; the field then saves anything again.
    let r = s.gql(Some(&admin.token), "mutation($id: ID!) { deletePlugin(id: $id) }", json!({ "id": pid })).await;
    assert_eq!(r.fields(), ["confirm"]);
    let r = s
        .gql(Some(&admin.token), "mutation($id: ID!) { deletePlugin(id: $id, confirm: true) }", json!({ "id": pid }))
        .await;
    assert_eq!(r.ok()["deletePlugin"], pid.as_str());
    assert_eq!(plugin(s, admin, &pid).await.code(), "NOT_FOUND");
    create_customer(s, &c.sp1, "赵六", json!({ "mobile": "12345" })).await.ok();
    // Versions, attachments and the log went with it; the usage stays for billing.
    let id = uuid::Uuid::parse_str(&pid).unwrap();
    for table in ["plugin_versions", "plugin_attachments", "plugin_calls"] {
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE plugin_id = $1");
        assert_eq!(raw_count(s, &sql, vec![id.into()]).await, 0, "{table}");
    }
    let usage = raw_count(s, "SELECT COUNT(*) AS n FROM plugin_usage WHERE plugin_id = $1", vec![id.into()]).await;
    assert_eq!(usage, 1);
}

async fn plugins_grade_models(b: Backend) {
    let c = company(b).await;
    let (s, admin) = (&c.s, &c.admin);
    let rfm = example_manifest("rfm-grader");
    // A configuration must satisfy the plugin's schema.
    let r =
        upload(s, admin, example_plugin("rfm_grader.wasm"), rfm.clone(), Some(json!({ "frequency": [1, 2] }))).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["config.frequency"]);
    let r = upload(s, admin, example_plugin("rfm_grader.wasm"), rfm, None).await;
    let pid = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!, $c: JSON!) { configurePlugin(id: $id, config: $c) { config } }",
            json!({ "id": pid, "c": { "monetary_minor": "lots" } }),
        )
        .await;
    assert_eq!(r.fields(), ["config.monetary_minor"]);
    let config = json!({ "recency_days": [365, 180, 90, 30], "frequency": [1, 2, 3, 4], "monetary_minor": [100, 1000, 10000, 100000] });
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!, $c: JSON!) { configurePlugin(id: $id, config: $c) { config } }",
            json!({ "id": pid, "c": config }),
        )
        .await;
    assert_eq!(r.ok()["configurePlugin"]["config"], config);

    // A validator plugin cannot grade.
    let mobile =
        upload(s, admin, example_plugin("chinese_mobile.wasm"), example_manifest("chinese-mobile"), None).await;
    let mobile = mobile.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { createGradingModel(input: { name: \"插件分级\", kind: ABCD }) { id labels { label } } }",
            json!({}),
        )
        .await;
    let model = r.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned();
    let r = attach(s, admin, &mobile, json!({ "gradingModelId": model })).await;
    assert_eq!(r.code(), "CONFLICT");
    let r = attach(s, admin, &pid, json!({ "gradingModelId": model })).await;
    assert_eq!(r.ok()["attachPlugin"]["hook"], "grade");

    // Customers with won deals: the big spender grades best.
    let mut ids = Vec::new();
    for (name, deals) in [("大客户", 5), ("小客户", 1), ("新客户", 0)] {
        let r = create_customer(s, &c.sp1, name, json!({})).await;
        let id = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
        for i in 0..deals {
            let r = s
                .gql(
                    Some(&c.sp1.token),
                    "mutation($c: ID!, $i: DealInput!) { createDeal(customerId: $c, input: $i) { id } }",
                    json!({ "c": id, "i": { "title": format!("订单{i}"), "amount": "2000", "status": "WON" } }),
                )
                .await;
            r.ok();
        }
        ids.push(id);
    }
    let result = regrade(s, admin, &model).await;
    assert_eq!(result["plugin"], "rfm-grader", "{result}");
    assert_eq!(result["pluginFailures"], 0);
    assert_eq!(result["customers"], 3);
    let grade = |id: String| {
        let s = &c.s;
        let token = c.sp1.token.clone();
        async move {
            let r = s
                .gql(Some(&token), "query($id: ID!) { customer(id: $id) { grades { label reason inputs } history(limit: 50) { field } } }", json!({ "id": id }))
                .await;
            r.ok()["customer"].clone()
        }
    };
    let big = grade(ids[0].clone()).await;
    let new = grade(ids[2].clone()).await;
    assert_eq!(big["grades"][0]["inputs"], json!({ "plugin": "rfm-grader" }));
    assert!(big["grades"][0]["reason"].as_str().unwrap().starts_with("R5 F5 M5"), "{big}");
    assert!(big["grades"][0]["label"].as_str().unwrap() < new["grades"][0]["label"].as_str().unwrap(), "{big} {new}");
    assert!(big["history"].as_array().unwrap().iter().any(|h| h["field"] == "grade.插件分级"));
    let log = calls(s, admin, &pid).await;
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|c| c["ok"] == true && c["target"] == "grading_model:插件分级"));
    assert_eq!(usage(s, admin, &pid).await[0]["calls"], 3);

    // A version that no longer offers `grade` cannot be installed while attached.
    let r = upload(
        s,
        admin,
        example_plugin("chinese_mobile.wasm"),
        manifest("rfm-grader", "2.0.0", &["field.validate"]),
        None,
    )
    .await;
    assert_eq!(r.code(), "CONFLICT", "{:?}", r.body);
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "hook_missing");
}

async fn hostile_plugins_fail_alone(b: Backend) {
    let c = company(b).await;
    let (s, admin) = (&c.s, &c.admin);
    let endless = pure(r#"(func (export "hook_field_validate") (result i32) (loop $l (br $l)) (i32.const 0))"#);
    let r = upload(s, admin, endless, manifest("endless", "1", &["field.validate"]), None).await;
    let pid = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let f = field(s, admin, "mobile").await;
    attach(s, admin, &pid, json!({ "fieldId": f })).await.ok();

    let before = customer_count(s, admin).await;
    let r = create_customer(s, &c.sp1, "王芳", json!({ "mobile": "13800138000" })).await;
    assert_eq!(r.code(), "PLUGIN_FAILED", "{:?}", r.body);
    assert!(matches!(r.error()["extensions"]["reason"].as_str(), Some("fuel_exhausted" | "deadline")), "{:?}", r.body);
    assert_eq!(customer_count(s, admin).await, before);
    // Saves that do not touch the field go on.
    create_customer(s, &c.sp1, "李雷", json!({})).await.ok();

    // A trap and a schema-violating answer, as graders: every customer keeps
    // its grade, the run itself succeeds and counts the failures.
    let trap = pure(r#"(func (export "hook_grade") (result i32) unreachable)"#);
    let r = upload(s, admin, trap, manifest("trap", "1", &["grade"]), None).await;
    let trap = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { createGradingModel(input: { name: \"陷阱\", kind: ABCD }) { id } }",
            json!({}),
        )
        .await;
    let model = r.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned();
    attach(s, admin, &trap, json!({ "gradingModelId": model })).await.ok();
    let result = regrade(s, admin, &model).await;
    assert_eq!(result["pluginFailures"], 1, "{result}");
    assert_eq!(result["updated"], 0);
    let log = calls(s, admin, &trap).await;
    assert_eq!(log[0]["ok"], false);
    assert_eq!(log[0]["errorCode"], "trap");
    assert_eq!(log[0]["trapCode"], "unreachable");

    let liar = pure(
        r#"(data (i32.const 1024) "{\"grade\":\"Z\",\"reason\":\"no such grade\"}")
           (func (export "hook_grade") (result i32) (call $output_write (i32.const 1024) (i32.const 38)) (i32.const 0))"#,
    );
    let r = upload(s, admin, liar, manifest("liar", "1", &["grade"]), None).await;
    let liar = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    attach(s, admin, &liar, json!({ "gradingModelId": model })).await.ok();
    let result = regrade(s, admin, &model).await;
    assert_eq!(result["plugin"], "liar");
    assert_eq!(result["pluginFailures"], 1, "{result}");

    let log = calls(s, admin, &pid).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["ok"], false);
    assert!(matches!(log[0]["errorCode"].as_str(), Some("fuel_exhausted" | "deadline")), "{log:#?}");
    assert_eq!(usage(s, admin, &pid).await[0]["failures"], 1);
}

/// A NUL in what a plugin logs or answers is stored (as U+FFFD) instead of
/// failing the write of the call log; a line break in a mail subject is
/// refused as an invalid effect and no mail is queued.
async fn plugin_text_is_stored_safely(b: Backend) {
    let c = company(b).await;
    let (s, admin) = (&c.s, &c.admin);
    let module = answering("hook_field_validate", b"bad\0log", &json!({ "valid": true }));
    let r = upload(s, admin, module, manifest("nul-log", "1", &["field.validate"]), None).await;
    let pid = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let f = field(s, admin, "mobile").await;
    attach(s, admin, &pid, json!({ "fieldId": f })).await.ok();
    create_customer(s, &c.sp1, "王芳", json!({ "mobile": "13800138000" })).await.ok();
    let log = calls(s, admin, &pid).await;
    assert_eq!(log.len(), 1, "the call is in the log: {log:?}");
    assert_eq!(log[0]["ok"], true);
    assert_eq!(log[0]["logs"], "warn: bad\u{FFFD}log\n");

    let r = s
        .gql(
            Some(&c.sp1.token),
            "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
            json!({ "i": { "name": "李雷", "email": "lilei@example.cn" } }),
        )
        .await;
    let customer = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    let mut m = manifest("mailer", "1", &["workflow.action"]);
    m["effects"] = json!(["send_mail"]);
    // The output schema already refuses an address with a line break.
    for (i, (subject, to, reason)) in [
        ("生日快乐\r\nBcc: everyone@example.com", "record", "invalid_effect"),
        ("生日快乐\nX-Spam: yes", "record", "invalid_effect"),
        ("生日快乐", "lilei@example.cn\r\nBcc: everyone@example.com", "invalid_output"),
    ]
    .into_iter()
    .enumerate()
    {
        let out = json!({ "effects": [{ "type": "send_mail", "to": to, "subject": subject, "body": "祝您生日快乐" }] });
        m["version"] = json!(format!("1.0.{i}"));
        let r = upload(s, admin, answering("hook_workflow_action", b"", &out), m.clone(), None).await;
        let pid = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
        let r = s
            .gql(
                Some(&c.sp1.token),
                "mutation($p: ID!, $c: ID!) { runPluginAction(pluginId: $p, customerId: $c) }",
                json!({ "p": pid, "c": customer }),
            )
            .await;
        assert_eq!(r.code(), "PLUGIN_FAILED", "{subject:?} {to:?}: {:?}", r.body);
        assert_eq!(r.error()["extensions"]["reason"], reason, "{:?}", r.body);
    }
    let r = s.gql(Some(&admin.token), "{ mailOutbox { to subject } }", json!({})).await;
    let mails = r.ok()["mailOutbox"].as_array().unwrap().clone();
    assert!(mails.iter().all(|m| m["to"] != "lilei@example.cn"), "no mail was queued: {mails:?}");
}

async fn companies_cannot_reach_each_others_plugins(b: Backend) {
    let c = company(b).await;
    let (s, admin) = (&c.s, &c.admin);
    let r = upload(s, admin, example_plugin("chinese_mobile.wasm"), example_manifest("chinese-mobile"), None).await;
    let v = r.ok()["uploadPlugin"].clone();
    let pid = v["pluginId"].as_str().unwrap().to_owned();
    let f = field(s, admin, "mobile").await;
    attach(s, admin, &pid, json!({ "fieldId": f })).await.ok();
    create_customer(s, admin, "王芳", json!({ "mobile": "13800138000" })).await.ok();

    let other = s.sign_up("rival").await;
    assert_eq!(s.gql(Some(&other.token), "{ plugins { id } }", json!({})).await.ok()["plugins"], json!([]));
    assert_eq!(plugin(s, &other, &pid).await.code(), "NOT_FOUND");
    let theirs = field(s, &other, "mobile").await;
    assert_eq!(attach(s, &other, &pid, json!({ "fieldId": theirs })).await.code(), "NOT_FOUND");
    for (q, vars) in [
        ("mutation($id: ID!) { setPluginEnabled(id: $id, enabled: false) { id } }", json!({ "id": pid })),
        ("mutation($id: ID!) { configurePlugin(id: $id, config: {}) { id } }", json!({ "id": pid })),
        ("mutation($id: ID!) { rollbackPlugin(id: $id) { id } }", json!({ "id": pid })),
        ("mutation($id: ID!) { deletePlugin(id: $id, confirm: true) }", json!({ "id": pid })),
        ("mutation($id: ID!) { installPluginVersion(versionId: $id) { id } }", json!({ "id": v["id"] })),
    ] {
        assert_eq!(s.gql(Some(&other.token), q, vars).await.code(), "NOT_FOUND", "{q}");
    }
    // Their own upload of the same module is their own plugin.
    let r = upload(s, &other, example_plugin("chinese_mobile.wasm"), example_manifest("chinese-mobile"), None).await;
    let mine = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    assert_ne!(mine, pid);
    // My plugin cannot be attached to their field, nor theirs to mine.
    assert_eq!(attach(s, admin, &pid, json!({ "fieldId": theirs })).await.code(), "NOT_FOUND");
    assert_eq!(attach(s, &other, &mine, json!({ "fieldId": f })).await.code(), "NOT_FOUND");
    // A's validator does not run on B's saves; B's log and usage stay empty.
    create_customer(s, &other, "李雷", json!({ "mobile": "12345" })).await.ok();
    assert!(calls(s, &other, &mine).await.is_empty());
    assert!(usage(s, &other, &mine).await.is_empty());
    assert_eq!(calls(s, admin, &pid).await.len(), 1);
}

async fn workflow_actions_apply_declared_effects(b: Backend) {
    let c = company(b).await;
    let (s, admin) = (&c.s, &c.admin);
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let birthday = format!("1985-{}", today.format("%m-%d"));
    let r = s
        .gql(
            Some(&c.sp1.token),
            "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
            json!({ "i": { "name": "王芳", "email": "wangfang@example.cn", "birthday": birthday } }),
        )
        .await;
    let customer = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    let run = |who: &Session, plugin: &str| {
        let (s, token, plugin, customer) = (&c.s, who.token.clone(), plugin.to_owned(), customer.clone());
        async move {
            s.gql(
                Some(&token),
                "mutation($p: ID!, $c: ID!) { runPluginAction(pluginId: $p, customerId: $c) }",
                json!({ "p": plugin, "c": customer }),
            )
            .await
        }
    };
    let outbox = || async {
        let r = s.gql(Some(&admin.token), "{ mailOutbox { to subject } }", json!({})).await;
        r.ok()["mailOutbox"].as_array().unwrap().iter().filter(|m| m["to"] == "wangfang@example.cn").count()
    };
    let plans = |who: &Session| {
        let (s, token) = (&c.s, who.token.clone());
        async move {
            let r = s.gql(Some(&token), "{ workPlans { totalCount nodes { subject } } }", json!({})).await;
            r.ok()["workPlans"]["totalCount"].as_u64().unwrap()
        }
    };

    // Declared without `create_plan`: the plan it asks for refuses the whole
    // action, and the mail before it is not sent either.
    let mut narrow = example_manifest("birthday-care");
    narrow["effects"] = json!(["send_mail"]);
    let r = upload(s, admin, example_plugin("birthday_care.wasm"), narrow, None).await;
    let pid = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let r = run(&c.sp1, &pid).await;
    assert_eq!(r.code(), "PLUGIN_FAILED", "{:?}", r.body);
    assert_eq!(r.error()["extensions"]["reason"], "undeclared_effect", "{:?}", r.body);
    assert_eq!(outbox().await, 0);
    assert_eq!(plans(&c.sp1).await, 0);

    // Declared in full: the mail is queued and the owner gets a plan.
    let r = upload(
        s,
        admin,
        example_plugin("birthday_care.wasm"),
        {
            let mut m = example_manifest("birthday-care");
            m["version"] = json!("1.0.1");
            m
        },
        None,
    )
    .await;
    r.ok();
    let r = run(&c.sp1, &pid).await;
    let effects = r.ok()["runPluginAction"].as_array().unwrap().clone();
    assert_eq!(effects.iter().map(|e| e["type"].as_str().unwrap()).collect::<Vec<_>>(), ["send_mail", "create_plan"]);
    assert_eq!(outbox().await, 1);
    assert_eq!(plans(&c.sp1).await, 1);
    // Only those who may edit the customer run actions on it.
    assert_eq!(run(&c.sp2, &pid).await.code(), "NOT_FOUND");
    let log = calls(s, admin, &pid).await;
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|c| c["hook"] == "workflow.action" && c["ok"] == true));
}

async fn computed_fields_follow_their_plugin(b: Backend) {
    let c = company(b).await;
    let (s, admin) = (&c.s, &c.admin);
    let r = upload(
        s,
        admin,
        example_plugin("customer_ltv.wasm"),
        example_manifest("customer-ltv"),
        Some(json!({ "open_weight": 0.5 })),
    )
    .await;
    let pid = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }",
            json!({ "i": { "key": "ltv", "label": "终身价值", "type": "MONEY" } }),
        )
        .await;
    let ltv = r.ok()["createCustomField"]["id"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }",
            json!({ "i": { "key": "must", "label": "必填", "type": "MONEY", "required": true, "default": "1" } }),
        )
        .await;
    let must = r.ok()["createCustomField"]["id"].as_str().unwrap().to_owned();
    let r = attach(s, admin, &pid, json!({ "fieldId": must, "hook": "field.compute" })).await;
    assert_eq!(r.fields(), ["hook"]);
    let r = attach(s, admin, &pid, json!({ "fieldId": ltv, "hook": "field.paint" })).await;
    assert_eq!(r.fields(), ["hook"]);
    let r = attach(s, admin, &pid, json!({ "fieldId": ltv, "hook": "field.compute" })).await;
    assert_eq!(r.ok()["attachPlugin"]["hook"], "field.compute");

    // Computed on save; nobody writes it by hand.
    let r = create_customer(s, &c.sp1, "王芳", json!({})).await;
    let id = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    assert_eq!(r.ok()["createCustomer"]["custom"]["ltv"], json!({ "amount": "0.00", "currency": "CNY" }));
    let r = s
        .gql(
            Some(&c.sp1.token),
            "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { custom } }",
            json!({ "id": id, "i": { "custom": { "ltv": "99" } } }),
        )
        .await;
    assert_eq!(r.fields(), ["custom.ltv"]);
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "computed");

    // Deals change it; a recomputation brings it up to date, with history.
    for (amount, status) in [("2000", "WON"), ("1000", "OPEN")] {
        s.gql(
            Some(&c.sp1.token),
            "mutation($c: ID!, $i: DealInput!) { createDeal(customerId: $c, input: $i) { id } }",
            json!({ "c": id, "i": { "title": "订单", "amount": amount, "status": status } }),
        )
        .await
        .ok();
    }
    assert_eq!(
        s.gql(
            Some(&c.sp1.token),
            "mutation($f: ID!) { recomputeCustomField(fieldId: $f) { id } }",
            json!({ "f": ltv })
        )
        .await
        .code(),
        "FORBIDDEN"
    );
    let r = s
        .gql(Some(&admin.token), "mutation($f: ID!) { recomputeCustomField(fieldId: $f) { id } }", json!({ "f": ltv }))
        .await;
    let job = r.ok()["recomputeCustomField"]["id"].as_str().unwrap().to_owned();
    let result = loop {
        let r = s
            .gql(Some(&admin.token), "query($id: ID!) { job(id: $id) { status result error } }", json!({ "id": job }))
            .await;
        let j = r.ok()["job"].clone();
        match j["status"].as_str().unwrap() {
            "SUCCEEDED" => break j["result"].clone(),
            "FAILED" | "CANCELLED" => panic!("{j}"),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    };
    assert_eq!(result["customers"], 1, "{result}");
    assert_eq!(result["changed"], 1);
    assert_eq!(result["failed"], 0);
    let r = s
        .gql(
            Some(&c.sp1.token),
            "query($id: ID!) { customer(id: $id) { custom history(limit: 50) { field oldValue newValue } } }",
            json!({ "id": id }),
        )
        .await;
    let cu = r.ok()["customer"].clone();
    assert_eq!(cu["custom"]["ltv"], json!({ "amount": "2500.00", "currency": "CNY" }));
    assert!(
        cu["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["field"] == "custom.ltv" && h["newValue"] == json!({ "amount": "2500.00", "currency": "CNY" })),
        "{cu}"
    );
    // A field nothing computes cannot be recomputed.
    let r = s
        .gql(Some(&admin.token), "mutation($f: ID!) { recomputeCustomField(fieldId: $f) { id } }", json!({ "f": must }))
        .await;
    assert_eq!(r.code(), "CONFLICT");
}

/// A company's plan sets its plugins' limits: a validator that needs more
/// fuel than the default fails on the plan a new company tries (`team`)
/// and passes once the company is on a plan that allows it; other
/// companies keep theirs.
async fn plans_set_plugin_limits(b: Backend) {
    let s = TestServer::start_with(b, |c| {
        c.plugin_plans = serde_json::from_value(json!({
            "pro": { "field.validate": { "fuel": 500_000_000u64, "deadline_ms": 10_000 } }
        }))
        .unwrap();
    })
    .await;
    let admin = s.sign_up("plans").await;
    let sp = s.invite_and_accept(&admin, "sp@plans.cn", "SALESPERSON", None).await;
    let limits = "{ me { tenant { plan } } pluginLimits { plan hooks { hook fuel deadlineMs memoryBytes } } }";
    assert_eq!(s.gql(Some(&sp.token), limits, json!({})).await.code(), "FORBIDDEN");
    let r = s.gql(Some(&admin.token), limits, json!({})).await;
    assert_eq!(r.ok()["me"]["tenant"]["plan"], "team");
    assert_eq!(r.ok()["pluginLimits"]["plan"], "team");
    assert_eq!(
        r.ok()["pluginLimits"]["hooks"][0],
        json!({ "hook": "field.validate", "fuel": 20_000_000, "deadlineMs": 100, "memoryBytes": 16 << 20 })
    );

    // About 60 million instructions, then valid.
    let busy = pure(
        r#"(data (i32.const 1024) "{\"valid\":true}")
           (func (export "hook_field_validate") (result i32) (local $i i32)
             (local.set $i (i32.const 10000000))
             (loop $l (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))
             (call $output_write (i32.const 1024) (i32.const 14))
             (i32.const 0))"#,
    );
    let r = upload(&s, &admin, busy, manifest("busy", "1", &["field.validate"]), None).await;
    let pid = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    let f = field(&s, &admin, "mobile").await;
    attach(&s, &admin, &pid, json!({ "fieldId": f })).await.ok();
    let r = create_customer(&s, &sp, "王芳", json!({ "mobile": "13800138000" })).await;
    assert_eq!(r.code(), "PLUGIN_FAILED", "{:?}", r.body);
    assert!(matches!(r.error()["extensions"]["reason"].as_str(), Some("fuel_exhausted" | "deadline")), "{:?}", r.body);

    // Billing moves the company to another plan.
    let tenant = guanxi_core::TenantId(uuid::Uuid::parse_str(&admin.tenant_id).unwrap());
    s.store.set_plan(tenant, &guanxi_core::subscription::PlanId::parse("pro").unwrap()).await.unwrap();
    let r = s.gql(Some(&admin.token), limits, json!({})).await;
    assert_eq!(r.ok()["pluginLimits"]["plan"], "pro");
    let hooks = r.ok()["pluginLimits"]["hooks"].clone();
    assert_eq!(
        hooks[0],
        json!({ "hook": "field.validate", "fuel": 500_000_000, "deadlineMs": 10_000, "memoryBytes": 16 << 20 })
    );
    assert_eq!(hooks[2]["hook"], "grade");
    assert_eq!(hooks[2]["fuel"], 100_000_000, "hooks the plan leaves alone keep the defaults");
    let r = create_customer(&s, &sp, "王芳", json!({ "mobile": "13800138000" })).await;
    assert_eq!(r.ok()["createCustomer"]["custom"]["mobile"], "13800138000");
    let log = calls(&s, &admin, &pid).await;
    assert_eq!(log[0]["ok"], true, "{log:#?}");
    assert_eq!(log[0]["fuelLimit"], 500_000_000);
    assert!(log[0]["fuelUsed"].as_i64().unwrap() > 20_000_000, "{log:#?}");

    // Another company is still on its trial's plan.
    let other = s.sign_up("rival").await;
    let r = s.gql(Some(&other.token), limits, json!({})).await;
    assert_eq!(r.ok()["pluginLimits"]["plan"], "team");
    assert_eq!(r.ok()["pluginLimits"]["hooks"][0]["fuel"], 20_000_000);
}

backend_tests!(
    plugin_text_is_stored_safely,
    validators_check_every_save,
    plugins_grade_models,
    hostile_plugins_fail_alone,
    companies_cannot_reach_each_others_plugins,
    workflow_actions_apply_declared_effects,
    computed_fields_follow_their_plugin,
    plans_set_plugin_limits,
);
