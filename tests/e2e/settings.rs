//! Company settings.

use guanxi_tests::{Backend, TestServer, backend_tests};
use serde_json::json;

const GET: &str = "{ tenantSettings { industries sources planCompletion } }";
const SET: &str =
    "mutation($i: TenantSettingsInput!) { updateTenantSettings(input: $i) { industries sources planCompletion } }";

async fn settings_have_defaults_and_admins_change_them(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", None).await;
    let maint = s.invite_and_accept(&admin, "ops@acme.cn", "MAINTENANCE", None).await;
    let r = s.gql(Some(&sp.token), GET, json!({})).await;
    assert_eq!(r.ok()["tenantSettings"]["sources"], json!(["主动联系", "广告媒体", "朋友介绍"]));
    assert_eq!(r.ok()["tenantSettings"]["planCompletion"], json!(["AUTHOR", "SUPERVISOR", "ADMIN"]));
    assert_eq!(s.gql(Some(&maint.token), GET, json!({})).await.code(), "FORBIDDEN");

    let r = s
        .gql(
            Some(&admin.token),
            SET,
            json!({ "i": { "sources": [" 展会 ", "官网"], "planCompletion": ["ADMIN", "SUPERVISOR"] } }),
        )
        .await;
    assert_eq!(r.ok()["updateTenantSettings"]["sources"], json!(["展会", "官网"]));
    assert_eq!(r.ok()["updateTenantSettings"]["planCompletion"], json!(["SUPERVISOR", "ADMIN"]));
    let r = s.gql(Some(&sp.token), GET, json!({})).await;
    assert_eq!(r.ok()["tenantSettings"]["sources"], json!(["展会", "官网"]));

    // Bad input changes nothing.
    let r = s
        .gql(
            Some(&admin.token),
            SET,
            json!({ "i": { "sources": ["a", "a"], "industries": [], "planCompletion": ["AUTHOR"] } }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["industries", "sources.1", "planCompletion"]);
    assert_eq!(s.gql(Some(&sp.token), SET, json!({ "i": { "sources": ["x"] } })).await.code(), "FORBIDDEN");
    let r = s.gql(Some(&admin.token), GET, json!({})).await;
    assert_eq!(r.ok()["tenantSettings"]["sources"], json!(["展会", "官网"]));

    // Another company keeps its defaults.
    let other = s.sign_up("other").await;
    let r = s.gql(Some(&other.token), GET, json!({})).await;
    assert_eq!(r.ok()["tenantSettings"]["sources"], json!(["主动联系", "广告媒体", "朋友介绍"]));
}

backend_tests!(settings_have_defaults_and_admins_change_them);
