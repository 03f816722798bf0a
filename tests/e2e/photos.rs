//! Customer photos: upload by multipart, serving to whoever sees the
//! customer, size and type checks, replacement and removal on disk, and
//! other people's and companies' customers.

use guanxi_tests::{Backend, Company, Gql, Session, TestServer, backend_tests, company_on};
use serde_json::json;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR not a real picture, but a PNG by its signature";
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0 likewise a JPEG by its signature";

async fn set(s: &TestServer, who: &Session, id: &str, name: &str, bytes: Vec<u8>) -> Gql {
    s.gql_upload(
        Some(&who.token),
        "mutation($id: ID!, $file: Upload!) { setCustomerPhoto(id: $id, file: $file) { id photo photoUrl } }",
        json!({ "id": id, "file": null }),
        vec![("variables.file", name, bytes)],
    )
    .await
}

async fn get(s: &TestServer, token: Option<&str>, url: &str) -> (u16, String, Vec<u8>) {
    let mut req = s.http.get(format!("{}{url}", s.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let ct = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, ct, resp.bytes().await.unwrap().to_vec())
}

fn files(dir: &std::path::Path) -> usize {
    walk(dir)
}

fn walk(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() { walk(&p) } else { 1 }
        })
        .sum()
}

async fn photos_upload_serve_replace_and_remove(b: Backend) {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_owned();
    let Company { s, admin, sp1, sp2, .. } = company_on(b, move |c| {
        c.data_dir = dir;
        c.max_photo_bytes = 1024;
    })
    .await;
    let r = s
        .gql(Some(&sp1.token), "mutation { createCustomer(input: { name: \"戊一\" }) { id photoUrl } }", json!({}))
        .await;
    let id = r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned();
    assert!(r.ok()["createCustomer"]["photoUrl"].is_null());

    let r = set(&s, &sp1, &id, "me.png", PNG.to_vec()).await;
    let url = r.ok()["setCustomerPhoto"]["photoUrl"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("/photos/{id}?v=")));
    assert!(r.ok()["setCustomerPhoto"]["photo"].as_str().unwrap().ends_with(".png"));
    let (status, ct, body) = get(&s, Some(&sp1.token), &url).await;
    assert_eq!((status, ct.as_str(), body.as_slice()), (200, "image/png", PNG));
    assert_eq!(get(&s, Some(&admin.token), &url).await.0, 200);
    // Who cannot see the customer cannot see its photo.
    assert_eq!(get(&s, Some(&sp2.token), &url).await.0, 404);
    assert_eq!(get(&s, None, &url).await.0, 401);
    let other = s.sign_up("other").await;
    assert_eq!(get(&s, Some(&other.token), &url).await.0, 404);
    assert_eq!(files(data.path()), 1);

    // Too large, or not a picture: refused, the photo unchanged.
    let r = set(&s, &sp1, &id, "big.png", [PNG, &[0u8; 2048]].concat()).await;
    assert_eq!((r.code(), r.fields()), ("VALIDATION_FAILED", vec!["file".to_owned()]));
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "too_large");
    let r = set(&s, &sp1, &id, "x.gif", b"GIF89a....".to_vec()).await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "unsupported_type");
    let r = set(&s, &sp1, &id, "evil.png", b"<svg onload=alert(1)>".to_vec()).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(get(&s, Some(&sp1.token), &url).await.2, PNG);

    // Other people's and companies' customers.
    assert_eq!(set(&s, &sp2, &id, "a.png", PNG.to_vec()).await.code(), "NOT_FOUND");
    assert_eq!(set(&s, &other, &id, "a.png", PNG.to_vec()).await.code(), "NOT_FOUND");

    // Replacing removes the old file; the change is in the history.
    let r = set(&s, &sp1, &id, "me.jpg", JPEG.to_vec()).await;
    let url2 = r.ok()["setCustomerPhoto"]["photoUrl"].as_str().unwrap().to_owned();
    assert_ne!(url, url2);
    let (_, ct, body) = get(&s, Some(&sp1.token), &url2).await;
    assert_eq!((ct.as_str(), body.as_slice()), ("image/jpeg", JPEG));
    assert_eq!(files(data.path()), 1);
    let r = s
        .gql(Some(&sp1.token), "query($id: ID!) { customer(id: $id) { history { field } } }", json!({ "id": id }))
        .await;
    let photo_changes =
        r.ok()["customer"]["history"].as_array().unwrap().iter().filter(|h| h["field"] == "photo").count();
    assert_eq!(photo_changes, 2);

    // Removing.
    let r = s
        .gql(Some(&sp1.token), "mutation($id: ID!) { removeCustomerPhoto(id: $id) { photoUrl } }", json!({ "id": id }))
        .await;
    assert!(r.ok()["removeCustomerPhoto"]["photoUrl"].is_null());
    assert_eq!(get(&s, Some(&sp1.token), &url2).await.0, 404);
    assert_eq!(files(data.path()), 0);

    // Deleting the customer for good removes its photos.
    set(&s, &sp1, &id, "me.png", PNG.to_vec()).await.ok();
    assert_eq!(files(data.path()), 1);
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { id } }",
        json!({ "id": id }),
    )
    .await
    .ok();
    assert_eq!(files(data.path()), 0);
}

backend_tests!(photos_upload_serve_replace_and_remove);
