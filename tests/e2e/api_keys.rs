//! Integration API keys: scopes, revocation, last use.

use guanxi_tests::{Backend, TestServer, backend_tests};
use serde_json::json;

const CREATE: &str =
    "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id name scope hint lastUsedAt } } }";

async fn api_keys_authenticate_with_their_scope(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let r = s.gql(Some(&admin.token), CREATE, json!({ "i": { "name": "ERP 同步", "scope": "READ" } })).await;
    let ro = r.ok()["createApiKey"]["secret"].as_str().unwrap().to_owned();
    let ro_id = r.ok()["createApiKey"]["apiKey"]["id"].as_str().unwrap().to_owned();
    assert!(ro.starts_with("gxk_"));
    assert!(ro.ends_with(r.ok()["createApiKey"]["apiKey"]["hint"].as_str().unwrap()));
    let r = s.gql(Some(&admin.token), CREATE, json!({ "i": { "name": "写入", "scope": "READ_WRITE" } })).await;
    let rw = r.ok()["createApiKey"]["secret"].as_str().unwrap().to_owned();

    let me = s.gql(Some(&ro), "{ me { authMethod canWrite user { role } } }", json!({})).await;
    assert_eq!(me.ok()["me"]["authMethod"], "API_KEY");
    assert_eq!(me.ok()["me"]["canWrite"], false);
    assert_eq!(me.ok()["me"]["user"]["role"], "ADMIN");
    // Read-only keys cannot write; read-write keys can.
    let create_group = "mutation { createGroup(name: \"接口组\") { id } }";
    assert_eq!(s.gql(Some(&ro), create_group, json!({})).await.code(), "FORBIDDEN");
    s.gql(Some(&rw), create_group, json!({})).await.ok();
    // Keys cannot mint keys, log out or change passwords.
    assert_eq!(s.gql(Some(&rw), CREATE, json!({ "i": { "name": "x", "scope": "READ" } })).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&rw), "mutation { logout }", json!({})).await.code(), "FORBIDDEN");
    let r = s
        .gql(Some(&rw), "mutation { changePassword(input: {currentPassword: \"a\", newPassword: \"b\"}) }", json!({}))
        .await;
    assert_eq!(r.code(), "FORBIDDEN");

    // Last use is recorded; the secret is never listed.
    let list = s.gql(Some(&admin.token), "{ apiKeys { id name scope lastUsedAt revokedAt } }", json!({})).await;
    let keys = list.ok()["apiKeys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.iter().all(|k| k["lastUsedAt"].is_string()));
    assert!(!list.body.to_string().contains(&ro[10..]));

    // Revoked keys stop working at once.
    let r = s
        .gql(Some(&admin.token), "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", json!({ "id": ro_id }))
        .await;
    assert!(r.ok()["revokeApiKey"]["revokedAt"].is_string());
    assert_eq!(s.gql(Some(&ro), "{ me { canWrite } }", json!({})).await.code(), "UNAUTHENTICATED");
}

async fn only_admins_manage_keys_and_keys_die_with_their_user(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", None).await;
    assert_eq!(
        s.gql(Some(&sp.token), CREATE, json!({ "i": { "name": "x", "scope": "READ" } })).await.code(),
        "FORBIDDEN"
    );
    assert_eq!(s.gql(Some(&sp.token), "{ apiKeys { id } }", json!({})).await.code(), "FORBIDDEN");
    let r = s.gql(Some(&admin.token), CREATE, json!({ "i": { "name": "  ", "scope": "READ" } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");

    // A second admin creates a key, then is deactivated: the key stops working.
    let admin2 = s.invite_and_accept(&admin, "boss2@acme.cn", "ADMIN", None).await;
    let r = s.gql(Some(&admin2.token), CREATE, json!({ "i": { "name": "k", "scope": "READ" } })).await;
    let key = r.ok()["createApiKey"]["secret"].as_str().unwrap().to_owned();
    s.gql(Some(&key), "{ me { canWrite } }", json!({})).await.ok();
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!) { deactivateUser(id: $id) { active } }",
        json!({ "id": admin2.user_id }),
    )
    .await
    .ok();
    assert_eq!(s.gql(Some(&key), "{ me { canWrite } }", json!({})).await.code(), "UNAUTHENTICATED");
    assert_eq!(s.gql(Some(&admin2.token), "{ me { canWrite } }", json!({})).await.code(), "UNAUTHENTICATED");
    // Reactivation does not bring the key back: deactivation revoked it.
    s.gql(
        Some(&admin.token),
        "mutation($id: ID!) { reactivateUser(id: $id) { active } }",
        json!({ "id": admin2.user_id }),
    )
    .await
    .ok();
    assert_eq!(s.gql(Some(&key), "{ me { canWrite } }", json!({})).await.code(), "UNAUTHENTICATED");
}

backend_tests!(api_keys_authenticate_with_their_scope, only_admins_manage_keys_and_keys_die_with_their_user);
