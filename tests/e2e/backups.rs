//! Backups and restores of a whole company (系统维护员's one job): who may
//! make, list and download them, that an archive restores exactly into an
//! empty company on either backend, that damaged, tampered and foreign
//! archives are refused before anything is written, and that nothing
//! crosses between companies.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::time::Duration;

use guanxi_store::backup::tables::{BACKED_UP, EXCLUDED, RESTORED_TENANT_COLUMNS, unclassified};
use guanxi_tests::{
    Backend, Company, PASSWORD, Session, TestServer, backend_tests, company_on, example_manifest, example_plugin,
};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const BACKUP: &str = "id kind status fileName sizeBytes sha256 tables rows files progressDone progressTotal \
                      progressNote source error jobId createdById createdAt finishedAt";

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a photo for the backup";

async fn create(s: &TestServer, who: &Session) -> Value {
    let r = s.gql(Some(&who.token), &format!("mutation {{ createBackup {{ {BACKUP} }} }}"), json!({})).await;
    r.ok()["createBackup"].clone()
}

/// Poll a backup or restore until it ends; it must succeed.
async fn finished(s: &TestServer, who: &Session, id: &str) -> Value {
    let mut last = Value::Null;
    for _ in 0..1200 {
        let r = s
            .gql(
                Some(&who.token),
                &format!("query($id: ID!) {{ backup(id: $id) {{ {BACKUP} }} }}"),
                json!({ "id": id }),
            )
            .await;
        last = r.ok()["backup"].clone();
        match last["status"].as_str() {
            Some("SUCCEEDED") => return last,
            Some("FAILED") => panic!("backup {id} failed: {last}"),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    panic!("backup {id} did not finish: {last}");
}

async fn link(s: &TestServer, who: &Session, id: &str) -> guanxi_tests::Gql {
    s.gql(
        Some(&who.token),
        "mutation($id: ID!) { backupDownloadLink(id: $id) { url fileName expiresAt } }",
        json!({ "id": id }),
    )
    .await
}

async fn get(s: &TestServer, url: &str) -> (u16, String, Vec<u8>) {
    let resp = s.http.get(format!("{}{url}", s.base)).send().await.unwrap();
    let status = resp.status().as_u16();
    let ct = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, ct, resp.bytes().await.unwrap().to_vec())
}

/// Make a backup as `who`, wait for it and download its archive.
async fn backup_archive(s: &TestServer, who: &Session) -> (Value, Vec<u8>) {
    let b = create(s, who).await;
    let b = finished(s, who, b["id"].as_str().unwrap()).await;
    let l = link(s, who, b["id"].as_str().unwrap()).await;
    let (status, ct, bytes) = get(s, l.ok()["backupDownloadLink"]["url"].as_str().unwrap()).await;
    assert_eq!((status, ct.as_str()), (200, "application/zip"));
    assert_eq!(bytes.len() as i64, b["sizeBytes"].as_i64().unwrap());
    use sha2::Digest;
    assert_eq!(hex::encode(sha2::Sha256::digest(&bytes)), b["sha256"].as_str().unwrap());
    (b, bytes)
}

async fn restore(s: &TestServer, who: &Session, bytes: Vec<u8>) -> guanxi_tests::Gql {
    s.gql_upload(
        Some(&who.token),
        &format!("mutation($file: Upload!) {{ restoreBackup(file: $file) {{ {BACKUP} }} }}"),
        json!({ "file": null }),
        vec![("variables.file", "backup.zip", bytes)],
    )
    .await
}

/// Every member of an archive.
fn members(zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        out.insert(f.name().unwrap().into_owned(), v);
    }
    out
}

/// An archive of these members, in this order.
fn zip_of(members: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A table's rows, each a JSON object, sorted.
fn rows(members: &BTreeMap<String, Vec<u8>>, table: &str) -> Vec<Value> {
    let text = std::str::from_utf8(&members[&format!("tables/{table}.jsonl")]).unwrap().to_owned();
    let mut rows: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    rows.sort_by_key(|r| r.to_string());
    rows
}

async fn customers_count(s: &TestServer, who: &Session) -> i64 {
    let r = s.gql(Some(&who.token), "{ customers(first: 1) { totalCount } }", json!({})).await;
    r.ok()["customers"]["totalCount"].as_i64().unwrap()
}

async fn backups_make_list_and_download_for_maintenance_and_admins_only(b: Backend) {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_owned();
    let c: Company = company_on(b, move |cfg| cfg.data_dir = dir).await;
    let s = &c.s;

    // Salespeople and supervisors may not; the maintenance role and admins may.
    for who in [&c.sp1, &c.sup] {
        let r = s.gql(Some(&who.token), "mutation { createBackup { id } }", json!({})).await;
        assert_eq!(r.code(), "FORBIDDEN");
        assert_eq!(s.gql(Some(&who.token), "{ backups { id } }", json!({})).await.code(), "FORBIDDEN");
    }
    let (mine, bytes) = backup_archive(s, &c.maint).await;
    assert_eq!(mine["kind"], "BACKUP");
    assert_eq!(mine["createdById"], c.maint.user_id.as_str());
    assert_eq!(mine["progressDone"], mine["progressTotal"]);
    assert!(mine["progressTotal"].as_i64().unwrap() > 0);
    let files = members(&bytes);
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!((manifest["format"].as_str(), manifest["formatVersion"].as_i64()), (Some("guanxi-backup"), Some(1)));
    assert_eq!(manifest["tenantId"], c.admin.tenant_id.as_str());
    assert!(manifest["schemaVersion"].as_str().unwrap().starts_with('m'));
    let users = rows(&files, "users");
    assert_eq!(users.len(), 5, "every user of the company");
    assert!(users.iter().all(|u| u.get("tenant_id").is_none()), "rows carry no tenant id");
    assert!(!files.keys().any(|k| k.contains("sessions") || k.contains("api_keys")), "no credentials");

    // Admins see and download the maintenance user's backup; the list is newest first.
    let (theirs, _) = backup_archive(s, &c.admin).await;
    for who in [&c.admin, &c.maint] {
        let r = s.gql(Some(&who.token), "{ backups { id kind status sizeBytes createdById } }", json!({})).await;
        let ids: Vec<&str> = r.ok()["backups"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [theirs["id"].as_str().unwrap(), mine["id"].as_str().unwrap()]);
    }
    let r = link(s, &c.sp1, mine["id"].as_str().unwrap()).await;
    assert_eq!(r.code(), "FORBIDDEN");

    // The backup is audited.
    let r = s.gql(Some(&c.admin.token), "{ auditLog(limit: 50) { action actorId } }", json!({})).await;
    let actions: Vec<&str> =
        r.ok()["auditLog"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"backup.create") && actions.contains(&"backup.download"), "{actions:?}");

    // The maintenance role reads no customer data otherwise.
    let r = s.gql(Some(&c.maint.token), "mutation { createCustomer(input: { name: \"x\" }) { id } }", json!({})).await;
    assert_eq!(r.code(), "FORBIDDEN");

    // A link stops working when its user may no longer make backups.
    let l = link(s, &c.maint, mine["id"].as_str().unwrap()).await;
    let url = l.ok()["backupDownloadLink"]["url"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { role } }",
            json!({ "id": c.maint.user_id, "i": { "role": "SALESPERSON" } }),
        )
        .await;
    assert_eq!(r.ok()["updateUser"]["role"], "SALESPERSON");
    assert_eq!(get(s, &url).await.0, 403);

    // Another company's admin and maintenance user get nothing of it.
    let other = s.sign_up("other").await;
    let other_maint = s.invite_and_accept(&other, "ops@other.cn", "MAINTENANCE", None).await;
    for who in [&other, &other_maint] {
        let r = s.gql(Some(&who.token), "{ backups { id } }", json!({})).await;
        assert_eq!(r.ok()["backups"], json!([]));
        let r =
            s.gql(Some(&who.token), "query($id: ID!) { backup(id: $id) { id } }", json!({ "id": theirs["id"] })).await;
        assert_eq!(r.code(), "NOT_FOUND");
        assert_eq!(link(s, who, theirs["id"].as_str().unwrap()).await.code(), "NOT_FOUND");
    }
}

/// The company of `c` with data in every table a backup copies.
async fn fill(c: &Company) {
    let s = &c.s;
    let (admin, sp1) = (&c.admin, &c.sp1);
    let gql = |who: &Session, q: &str, v: Value| {
        let token = who.token.clone();
        let q = q.to_owned();
        async move { s.gql(Some(&token), &q, v).await }
    };
    // A notification preference of one's own (restored with the company).
    gql(
        sp1,
        "mutation($p: [NotificationPreferenceInput!]!) { updateNotificationPreferences(input: $p) { kind } }",
        json!({ "p": [{ "kind": "MENTION", "inApp": true, "mail": true }] }),
    )
    .await
    .ok();
    // Custom fields: one unique, one on conversations, one checked by a plugin.
    let field =
        "mutation($e: CustomFieldEntity!, $i: CustomFieldInput!) { createCustomField(entity: $e, input: $i) { id } }";
    gql(
        admin,
        field,
        json!({ "e": "CUSTOMER", "i": { "key": "license", "label": "执照", "type": "TEXT", "unique": true } }),
    )
    .await
    .ok();
    gql(admin, field, json!({ "e": "CONVERSATION", "i": { "key": "mood", "label": "心情", "type": "TEXT" } }))
        .await
        .ok();
    let mobile =
        gql(admin, field, json!({ "e": "CUSTOMER", "i": { "key": "mobile", "label": "手机", "type": "TEXT" } })).await;
    let mobile = mobile.ok()["createCustomField"]["id"].as_str().unwrap().to_owned();
    let r = s
        .gql_upload(
            Some(&admin.token),
            "mutation($file: Upload!, $m: JSON!) { uploadPlugin(file: $file, manifest: $m) { pluginId } }",
            json!({ "file": null, "m": example_manifest("chinese-mobile") }),
            vec![("variables.file", "plugin.wasm", example_plugin("chinese_mobile.wasm"))],
        )
        .await;
    let plugin = r.ok()["uploadPlugin"]["pluginId"].as_str().unwrap().to_owned();
    gql(
        admin,
        "mutation($p: ID!, $t: PluginTargetInput!) { attachPlugin(pluginId: $p, target: $t) { id } }",
        json!({ "p": plugin, "t": { "fieldId": mobile } }),
    )
    .await
    .ok();

    // Customers with custom values, history, a photo, conversations and deals.
    let create = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";
    let r = gql(sp1, create, json!({ "i": { "name": "张三", "company": "李宁体育", "phones": ["13800138000"], "custom": { "license": "91110000600037341L", "mobile": "138 0013 8000" } } })).await;
    let zhang = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    let r = gql(sp1, create, json!({ "i": { "name": "李四", "tags": ["重点"] } })).await;
    let li = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    gql(
        sp1,
        "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }",
        json!({ "id": zhang, "i": { "title": "经理" } }),
    )
    .await
    .ok();
    let r = s
        .gql_upload(
            Some(&sp1.token),
            "mutation($id: ID!, $file: Upload!) { setCustomerPhoto(id: $id, file: $file) { id } }",
            json!({ "id": zhang, "file": null }),
            vec![("variables.file", "me.png", PNG.to_vec())],
        )
        .await;
    r.ok();
    gql(sp1, "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id } } }", json!({ "i": { "customerId": zhang, "topic": "报价", "content": "电话沟通", "kind": "CALL", "custom": { "mood": "好" } } })).await.ok();
    gql(
        sp1,
        "mutation($c: ID!, $i: DealInput!) { createDeal(customerId: $c, input: $i) { id } }",
        json!({ "c": zhang, "i": { "title": "订单", "amount": "2000", "status": "WON" } }),
    )
    .await
    .ok();

    // The pool: released and claimed back.
    gql(
        sp1,
        "mutation($id: ID!, $r: String!) { releaseCustomer(id: $id, reason: $r) { id } }",
        json!({ "id": li, "r": "不需要" }),
    )
    .await
    .ok();
    gql(&c.sp2, "mutation($id: ID!) { claimCustomer(id: $id) { id } }", json!({ "id": li })).await.ok();

    // Grading: a model and a regrade.
    let r =
        gql(admin, "mutation { createGradingModel(input: { name: \"ABCD\", kind: ABCD }) { id } }", json!({})).await;
    let model = r.ok()["createGradingModel"]["id"].as_str().unwrap().to_owned();
    let r = gql(admin, "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }", json!({ "m": model })).await;
    let job = r.ok()["regradeCustomers"]["id"].as_str().unwrap().to_owned();
    for _ in 0..600 {
        let r = gql(admin, "query($id: ID!) { job(id: $id) { status } }", json!({ "id": job })).await;
        if r.ok()["job"]["status"] == "SUCCEEDED" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Plans, the board, the suggestion box.
    gql(sp1, "mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { id } }", json!({ "i": { "subject": "拜访", "start": "2030-05-01T09:00:00Z", "end": "2030-05-01T10:00:00Z", "content": "带样品" } })).await.ok();
    let r = gql(
        sp1,
        "mutation($i: CreateBoardPostInput!) { createBoardPost(input: $i) { id } }",
        json!({ "i": { "title": "早会", "mood": "😀", "content": "八点" } }),
    )
    .await;
    let post = r.ok()["createBoardPost"]["id"].as_str().unwrap().to_owned();
    let r = gql(
        admin,
        "mutation($i: ReplyToBoardPostInput!) { replyToBoardPost(input: $i) { id } }",
        json!({ "i": { "postId": post, "content": "收到" } }),
    )
    .await;
    let reply = r.ok()["replyToBoardPost"]["id"].as_str().unwrap().to_owned();
    gql(
        sp1,
        "mutation($i: ReplyToBoardPostInput!) { replyToBoardPost(input: $i) { id } }",
        json!({ "i": { "postId": post, "parentId": reply, "content": "好" } }),
    )
    .await
    .ok();
    let r = gql(
        sp1,
        "mutation($i: SubmitSuggestionInput!) { submitSuggestion(input: $i) { id } }",
        json!({ "i": { "title": "建议", "content": "多开会", "anonymous": false } }),
    )
    .await;
    let sug = r.ok()["submitSuggestion"]["id"].as_str().unwrap().to_owned();
    gql(
        admin,
        "mutation($id: ID!) { replyToSuggestion(suggestionId: $id, content: \"好\") { id } }",
        json!({ "id": sug }),
    )
    .await
    .ok();

    // An import with a refused row (its report).
    let csv = "姓名,电话\n王五,13900139000\n,bad\n".as_bytes().to_vec();
    let r = s
        .gql_upload(
            Some(&sp1.token),
            "mutation($file: Upload!) { importCustomers(file: $file) { id } }",
            json!({ "file": null }),
            vec![("variables.file", "客户.csv", csv)],
        )
        .await;
    let imp = r.ok()["importCustomers"]["id"].as_str().unwrap().to_owned();
    for _ in 0..600 {
        let r = gql(sp1, "query($id: ID!) { customerImport(id: $id) { status } }", json!({ "id": imp })).await;
        if r.ok()["customerImport"]["status"] == "DONE" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Two customers merged into one (the merge and the tombstone are
    // archived, so it can still be undone after a restore).
    let twin = s.create_customer_with(sp1, json!({ "name": "合并甲", "phones": ["13700000001"] })).await;
    let other_twin = s.create_customer_with(sp1, json!({ "name": "合并乙", "phones": ["13700000002"] })).await;
    gql(
        sp1,
        "mutation($i: MergeCustomersInput!) { mergeCustomers(input: $i) { id } }",
        json!({ "i": { "survivorId": twin, "mergedIds": [other_twin] } }),
    )
    .await
    .ok();
    // A pair said to be two people (archived, so not offered again after a restore).
    let lookalike = s.create_customer_with(sp1, json!({ "name": "合并甲乙", "phones": ["13700000001"] })).await;
    gql(
        sp1,
        "mutation($a: ID!, $b: ID!) { dismissDuplicate(customerId: $a, otherId: $b) }",
        json!({ "a": twin, "b": lookalike }),
    )
    .await
    .ok();
    // A segment shared with a group, its filter naming the group's member
    // (ids inside the filter are carried over too).
    gql(
        admin,
        "mutation($i: SegmentInput!) { createSegment(input: $i) { id } }",
        json!({ "i": { "name": "一组意向", "filter": { "status": "INTENT", "ownerId": sp1.user_id },
                       "sharing": "GROUP", "groupId": c.g1 } }),
    )
    .await
    .ok();
    // A published workflow (its versions are archived with it).
    let r = gql(
        admin,
        "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }",
        json!({ "i": { "name": "成交跟进", "definition": {
            "trigger": { "type": "event", "event": "customer.created" },
            "steps": [ { "type": "notify", "to": { "type": "owner" }, "title": "新客户 {{name}}" } ] } } }),
    )
    .await;
    let wf = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    gql(admin, "mutation($id: ID!) { publishWorkflow(id: $id) { workflow { id } } }", json!({ "id": wf })).await.ok();
    // A fair assignment that ran (its round robin's counters are archived).
    let r = gql(
        admin,
        "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }",
        json!({ "i": { "name": "分配", "definition": {
            "trigger": { "type": "manual" },
            "steps": [ { "type": "assign", "people": [ { "id": sp1.user_id } ] } ] } } }),
    )
    .await;
    let assign = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    gql(admin, "mutation($id: ID!) { publishWorkflow(id: $id) { workflow { id } } }", json!({ "id": assign }))
        .await
        .ok();
    let lead = gql(
        admin,
        "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
        json!({ "i": { "name": "线索", "ownerId": null } }),
    )
    .await;
    let lead = lead.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    gql(
        admin,
        "mutation($w: ID!, $c: ID!) { runWorkflow(workflowId: $w, customerId: $c) { id } }",
        json!({ "w": assign, "c": lead }),
    )
    .await
    .ok();
    guanxi_tests::eventually(40, "the assignment", || async {
        s.tick_workflows().await;
        let n =
            crate::pool::raw_count(s, "SELECT count(*) AS n FROM assignment_counters WHERE assigned > 0", vec![]).await;
        if n > 0 { Ok(()) } else { Err("no assignment yet".to_owned()) }
    })
    .await;
    s.store.flush_plugin_records().await;
}

/// A restored company holds exactly what was backed up: `original` and the
/// backup of the restored company `restored` have the same rows in every
/// table (the company's own row compared on what a restore copies; the
/// users plus the admin who restored; the audit log plus the entries made
/// since) and the same files, byte for byte.
fn assert_same(original: &BTreeMap<String, Vec<u8>>, restored: &BTreeMap<String, Vec<u8>>, restorer: &str) {
    for table in BACKED_UP {
        let (a, b) = (rows(original, table), rows(restored, table));
        match *table {
            "tenants" => {
                for col in RESTORED_TENANT_COLUMNS {
                    assert_eq!(a[0][col], b[0][col], "tenants.{col}");
                }
            }
            "users" => {
                let extra: Vec<&Value> = b.iter().filter(|u| !a.contains(u)).collect();
                assert_eq!(extra.len(), 1, "users: only the restoring admin is new: {extra:?}");
                assert_eq!(extra[0]["id"], restorer);
                assert_eq!(b.len(), a.len() + 1);
            }
            "audit_log" => {
                for row in &a {
                    assert!(b.contains(row), "audit_log lost {row}");
                }
            }
            // Restored workflows start nothing until published again: the
            // same rows, but inactive.
            "workflows" | "workflow_versions" => {
                let settled = |rows: Vec<Value>| -> Vec<Value> {
                    rows.into_iter()
                        .map(|mut r| {
                            for k in ["state", "trigger_kind", "trigger_event", "stopped_reason", "status"] {
                                r.as_object_mut().unwrap().remove(k);
                            }
                            r
                        })
                        .collect()
                };
                if *table == "workflows" {
                    assert!(b.iter().all(|w| w["state"] == "inactive"), "{b:?}");
                }
                assert_eq!(settled(a), settled(b), "{table}");
            }
            _ => assert_eq!(a, b, "{table}"),
        }
    }
    let files = |m: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        m.iter()
            .filter(|(k, _)| !k.starts_with("tables/") && *k != "manifest.json")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    assert_eq!(files(original), files(restored), "photos and plugin modules, byte for byte");
}

async fn a_restore_round_trips_exactly_on_both_backends(b: Backend) {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_owned();
    let c = company_on(b, move |cfg| cfg.data_dir = dir).await;
    fill(&c).await;
    let (_, archive) = backup_archive(&c.s, &c.maint).await;
    let original = members(&archive);
    for table in BACKED_UP {
        assert!(!rows(&original, table).is_empty(), "the test company has rows in {table}");
    }
    let manifest: Value = serde_json::from_slice(&original["manifest.json"]).unwrap();
    assert!(manifest["files"].as_array().unwrap().iter().any(|f| f["path"].as_str().unwrap().starts_with("photos/")));
    assert!(manifest["files"].as_array().unwrap().iter().any(|f| f["path"].as_str().unwrap().ends_with(".wasm")));

    for target in [b, if b == Backend::Postgres { Backend::Sqlite } else { Backend::Postgres }] {
        let tdata = tempfile::tempdir().unwrap();
        let tdir = tdata.path().to_owned();
        let t = TestServer::start_with(target, move |cfg| cfg.data_dir = tdir).await;
        let admin = t.sign_up("copy").await;
        let r = restore(&t, &admin, archive.clone()).await;
        let started = r.ok()["restoreBackup"].clone();
        assert_eq!(started["kind"], "RESTORE");
        assert_eq!(started["source"]["tenantId"], c.admin.tenant_id.as_str());
        let done = finished(&t, &admin, started["id"].as_str().unwrap()).await;
        assert_eq!(done["progressDone"], done["progressTotal"], "{done}");

        let (_, again) = backup_archive(&t, &admin).await;
        assert_same(&original, &members(&again), &admin.user_id);

        // Restored users sign in with their own passwords; the restored
        // data is theirs and nobody else's.
        let sp1 = t.login("copy", "sp1@acme.cn", PASSWORD).await.unwrap();
        assert_eq!(sp1.user_id, c.sp1.user_id, "ids are kept");
        assert_eq!(customers_count(&t, &sp1).await, customers_count(&c.s, &c.sp1).await);
        let r = t
            .gql(
                Some(&sp1.token),
                "{ customers(first: 5, filter: { search: \"张三\" }) { edges { node { id photoUrl } } } }",
                json!({}),
            )
            .await;
        let url = r.ok()["customers"]["edges"][0]["node"]["photoUrl"].as_str().unwrap().to_owned();
        let photo = t.http.get(format!("{}{url}", t.base)).bearer_auth(&sp1.token).send().await.unwrap();
        assert_eq!(photo.bytes().await.unwrap().as_ref(), PNG);
        // Restoring again is refused: the company is no longer empty.
        assert_eq!(restore(&t, &admin, archive.clone()).await.code(), "CONFLICT");
    }
}

async fn damaged_tampered_and_foreign_archives_are_refused(b: Backend) {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_owned();
    let c = company_on(b, move |cfg| cfg.data_dir = dir).await;
    let s = &c.s;
    let r = s.gql(Some(&c.sp1.token), "mutation { createCustomer(input: { name: \"张三\" }) { id } }", json!({})).await;
    r.ok();
    let (_, archive) = backup_archive(s, &c.maint).await;
    let good = members(&archive);

    let target = s.sign_up("empty").await;
    let customers = "tables/customers.jsonl".to_owned();
    let mut tampered = good.clone();
    let text = String::from_utf8(tampered[&customers].clone()).unwrap().replace("张三", "李四");
    tampered.insert(customers.clone(), text.into_bytes());
    let mut extra = good.clone();
    extra.insert("tables/sessions.jsonl".to_owned(), b"{}\n".to_vec());
    let mut missing = good.clone();
    missing.remove(&customers);
    let mut foreign = good.clone();
    let mut m: Value = serde_json::from_slice(&good["manifest.json"]).unwrap();
    m["formatVersion"] = json!(99);
    foreign.insert("manifest.json".to_owned(), serde_json::to_vec(&m).unwrap());
    let mut newer = good.clone();
    m["formatVersion"] = json!(1);
    m["schemaVersion"] = json!("m9999_future");
    newer.insert("manifest.json".to_owned(), serde_json::to_vec(&m).unwrap());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", archive[..archive.len() / 2].to_vec(), "not_an_archive"),
        ("not a zip", b"hello".to_vec(), "not_an_archive"),
        ("a zip without a manifest", zip_of(&BTreeMap::from([("a.txt".to_owned(), b"x".to_vec())])), "not_an_archive"),
        ("a changed row", zip_of(&tampered), "tampered"),
        ("an unlisted member", zip_of(&extra), "tampered"),
        ("a missing member", zip_of(&missing), "tampered"),
        ("another format", zip_of(&foreign), "unsupported_format"),
        ("a newer schema", zip_of(&newer), "newer_schema"),
    ];
    for (what, bytes, reason) in cases {
        let r = restore(s, &target, bytes).await;
        assert_eq!(r.code(), "VALIDATION_FAILED", "{what}");
        assert_eq!(r.fields(), ["file"], "{what}");
        assert_eq!(r.error()["extensions"]["fields"][0]["reason"], reason, "{what}");
    }
    // Nothing was written: no customers, no restore recorded.
    assert_eq!(customers_count(s, &target).await, 0);
    let r = s.gql(Some(&target.token), "{ backups { id } }", json!({})).await;
    assert_eq!(r.ok()["backups"], json!([]));

    // Only into an empty company, and only by the maintenance role or an admin.
    assert_eq!(restore(s, &c.admin, archive.clone()).await.code(), "CONFLICT");
    assert_eq!(restore(s, &c.sp1, archive.clone()).await.code(), "FORBIDDEN");
    let helper = s.invite_and_accept(&target, "ops@empty.cn", "MAINTENANCE", None).await;
    let r = restore(s, &helper, archive.clone()).await;
    assert_eq!(
        (r.code(), r.fields()),
        ("CONFLICT", vec!["company".to_owned()]),
        "a second user makes a company not empty"
    );
}

async fn a_restore_writes_only_into_the_callers_company(b: Backend) {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_owned();
    let c = company_on(b, move |cfg| cfg.data_dir = dir).await;
    let s = &c.s;
    s.gql(Some(&c.sp1.token), "mutation { createCustomer(input: { name: \"张三\" }) { id } }", json!({})).await.ok();
    let (_, archive) = backup_archive(s, &c.maint).await;
    let before = customers_count(s, &c.admin).await;

    // Another company's admin restores the archive: it lands in their
    // company, and the source company is untouched.
    let other = s.sign_up("other").await;
    let r = restore(s, &other, archive).await;
    let id = r.ok()["restoreBackup"]["id"].as_str().unwrap().to_owned();
    finished(s, &other, &id).await;
    // On PostgreSQL, by raw SQL too (SQLite stores ids as blobs).
    let db = s.db.connect_owner().await;
    let checks =
        if b == Backend::Postgres { vec![(&c.admin.tenant_id, before), (&other.tenant_id, before)] } else { vec![] };
    for (tenant, want) in checks {
        let sql = format!("SELECT COUNT(*) AS n FROM customers WHERE tenant_id = '{tenant}'");
        let row = db.query_one(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
        assert_eq!(row.try_get::<i64>("", "n").unwrap(), want, "{tenant}");
    }
    assert_eq!(customers_count(s, &other).await, before);
    assert_eq!(customers_count(s, &c.admin).await, before);
    // Subscribers learn that the target company's records were replaced.
    let restored = |all: Vec<guanxi_store::events::StoredEvent>| {
        all.into_iter().filter(|e| e.event.kind() == "company.restored").count()
    };
    assert_eq!(restored(s.events(&other, 0).await), 1);
    assert_eq!(restored(s.events(&c.admin, 0).await), 0);
    // The source company sees no trace of the restore.
    let r = s.gql(Some(&c.admin.token), "{ backups { kind } }", json!({})).await;
    assert!(r.ok()["backups"].as_array().unwrap().iter().all(|b| b["kind"] == "BACKUP"));
    let r = s.gql(Some(&c.admin.token), "query($id: ID!) { backup(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(r.code(), "NOT_FOUND");
}

backend_tests!(
    backups_make_list_and_download_for_maintenance_and_admins_only,
    a_restore_round_trips_exactly_on_both_backends,
    damaged_tampered_and_foreign_archives_are_refused,
    a_restore_writes_only_into_the_callers_company,
);

/// Every table with a `tenant_id` column is either backed up or excluded
/// with a reason: a new table that is neither fails here (and stops every
/// backup), so it cannot be silently left out of archives.
async fn every_tenant_table_is_backed_up_or_excluded(b: Backend) {
    let db = guanxi_tests::TestDb::new(b).await;
    let conn = db.connect_owner().await;
    let sql = match b {
        Backend::Postgres => {
            "SELECT table_name::text AS t FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'tenant_id'"
        }
        Backend::Sqlite => {
            "SELECT m.name AS t FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'tenant_id'"
        }
    };
    let tables: BTreeSet<String> = conn
        .query_all(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "t").unwrap())
        .collect();
    let missing = unclassified(tables.iter().map(String::as_str));
    assert!(
        missing.is_empty(),
        "tenant tables neither backed up nor excluded (add each to BACKED_UP or EXCLUDED in store/src/backup/tables.rs): {missing:?}"
    );
    for t in BACKED_UP.iter().chain(EXCLUDED.iter().map(|(t, _)| t)) {
        assert!(tables.contains(*t), "{t} is listed but is not a tenant table");
    }
}

backend_tests!(every_tenant_table_is_backed_up_or_excluded);
