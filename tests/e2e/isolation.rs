//! Adversarial tenant isolation: two companies on one server; every query and
//! mutation tried with the other company's ids, tokens and API keys.

use guanxi_tests::{Backend, PASSWORD, Session, TestServer, backend_tests};
use serde_json::{Value, json};

struct Tenant {
    admin: Session,
    group: String,
    sp: Session,
    invitation: String,
    api_key: String,
    api_key_id: String,
}

async fn tenant(s: &TestServer, slug: &str) -> Tenant {
    let admin = s.sign_up(slug).await;
    let group = s.create_group(&admin, "销售一组").await;
    // The same e-mail exists in both companies: uniqueness is per tenant.
    let sp = s.invite_and_accept(&admin, "same.person@example.cn", "SALESPERSON", Some(&group)).await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { inviteUser(input: {email: \"pending@example.cn\", role: SALESPERSON}) { id } }",
            json!({}),
        )
        .await;
    let invitation = r.ok()["inviteUser"]["id"].as_str().unwrap().to_owned();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { createApiKey(input: {name: \"k\", scope: READ_WRITE}) { secret apiKey { id } } }",
            json!({}),
        )
        .await;
    let api_key = r.ok()["createApiKey"]["secret"].as_str().unwrap().to_owned();
    let api_key_id = r.ok()["createApiKey"]["apiKey"]["id"].as_str().unwrap().to_owned();
    Tenant { admin, group, sp, invitation, api_key, api_key_id }
}

async fn every_operation_with_other_tenants_ids(b: Backend) {
    let s = TestServer::start(b).await;
    let a = tenant(&s, "alpha").await;
    let z = tenant(&s, "zeta").await;

    // (operation, variables) aimed at tenant Z's objects, run with A's admin
    // session and A's read-write API key.
    let attacks: Vec<(&str, Value, &[&str])> = vec![
        ("query($id: ID!) { user(id: $id) { id } }", json!({ "id": z.sp.user_id }), &["NOT_FOUND"]),
        ("query($id: ID!) { user(id: $id) { id } }", json!({ "id": z.admin.user_id }), &["NOT_FOUND"]),
        ("query($id: ID!) { group(id: $id) { id } }", json!({ "id": z.group }), &["NOT_FOUND"]),
        (
            "mutation($id: ID!) { updateUser(id: $id, input: {displayName: \"pwned\"}) { id } }",
            json!({ "id": z.sp.user_id }),
            &["NOT_FOUND"],
        ),
        (
            "mutation($id: ID!) { updateUser(id: $id, input: {role: ADMIN}) { id } }",
            json!({ "id": z.sp.user_id }),
            &["NOT_FOUND"],
        ),
        ("mutation($id: ID!) { deactivateUser(id: $id) { id } }", json!({ "id": z.admin.user_id }), &["NOT_FOUND"]),
        ("mutation($id: ID!) { reactivateUser(id: $id) { id } }", json!({ "id": z.sp.user_id }), &["NOT_FOUND"]),
        (
            "mutation($id: ID!) { renameGroup(id: $id, name: \"pwned\") { id } }",
            json!({ "id": z.group }),
            &["NOT_FOUND"],
        ),
        ("mutation($id: ID!) { deleteGroup(id: $id) }", json!({ "id": z.group }), &["NOT_FOUND"]),
        (
            "mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { id } }",
            json!({ "g": z.group, "u": z.sp.user_id }),
            &["NOT_FOUND"],
        ),
        (
            "mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { id } }",
            json!({ "g": a.group, "u": z.sp.user_id }),
            &["NOT_FOUND"],
        ),
        (
            "mutation($g: ID!, $u: ID!) { removeGroupSupervisor(groupId: $g, userId: $u) { id } }",
            json!({ "g": z.group, "u": z.sp.user_id }),
            &["NOT_FOUND"],
        ),
        (
            "mutation($id: ID!, $g: ID!) { updateUser(id: $id, input: {groupId: $g}) { id } }",
            json!({ "id": a.sp.user_id, "g": z.group }),
            &["VALIDATION_FAILED"],
        ),
        (
            "mutation($g: ID!) { inviteUser(input: {email: \"x@y.cn\", role: SALESPERSON, groupId: $g}) { id } }",
            json!({ "g": z.group }),
            &["VALIDATION_FAILED"],
        ),
        ("mutation($id: ID!) { revokeInvitation(id: $id) { id } }", json!({ "id": z.invitation }), &["NOT_FOUND"]),
        ("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", json!({ "id": z.api_key_id }), &["NOT_FOUND"]),
    ];
    for token in [&a.admin.token, &a.api_key] {
        for (q, vars, codes) in &attacks {
            let r = s.gql(Some(token), q, vars.clone()).await;
            assert!(codes.contains(&r.code()), "{q} with {vars}: {:#}", r.body);
        }
    }

    // Z is untouched: names, roles, group, invitation and key as they were.
    let r = s.gql(Some(&z.admin.token), "{ users { displayName role active } groups { name supervisors { id } } invitations { status } apiKeys { revokedAt } }", json!({})).await;
    let d = r.ok();
    assert!(d["users"].as_array().unwrap().iter().all(|u| u["displayName"] != "pwned" && u["active"] == true));
    assert_eq!(d["users"].as_array().unwrap().iter().filter(|u| u["role"] == "ADMIN").count(), 1);
    assert_eq!(d["groups"][0]["name"], "销售一组");
    assert!(d["invitations"].as_array().unwrap().iter().any(|i| i["status"] == "PENDING"));
    assert!(d["apiKeys"][0]["revokedAt"].is_null());
    s.gql(Some(&z.api_key), "{ me { user { id } } }", json!({})).await.ok();

    // Lists show only one's own company.
    for (who, other) in [(&a, &z), (&z, &a)] {
        let r = s.gql(Some(&who.admin.token), "{ users { id } groups { id } invitations { id } apiKeys { id } auditLog(limit: 200) { actorId targetId } mailOutbox(limit: 200) { body } }", json!({})).await;
        let text = r.ok().to_string();
        for foreign in [
            &other.admin.user_id,
            &other.sp.user_id,
            &other.group,
            &other.invitation,
            &other.api_key_id,
            &other.admin.tenant_id,
        ] {
            assert!(!text.contains(foreign.as_str()), "{foreign} leaked into {text}");
        }
    }
}

async fn tokens_and_passwords_do_not_cross_tenants(b: Backend) {
    let s = TestServer::start(b).await;
    let a = tenant(&s, "alpha").await;
    let z = tenant(&s, "zeta").await;
    // A session or key re-labelled with the other tenant's id is worthless.
    for (token, other) in [(&a.admin.token, &z.admin.tenant_id), (&a.api_key, &z.admin.tenant_id)] {
        let mut parts: Vec<String> = token.splitn(3, '_').map(str::to_owned).collect();
        parts[1] = other.replace('-', "");
        let forged = parts.join("_");
        assert_eq!(s.gql(Some(&forged), "{ me { user { id } } }", json!({})).await.code(), "UNAUTHENTICATED");
    }
    // Each company's token shows its own user for the shared e-mail.
    let me = |t: String| {
        let s = &s;
        async move { s.gql(Some(&t), "{ me { user { id } tenant { slug } } }", json!({})).await.ok().clone() }
    };
    assert_eq!(me(a.sp.token.clone()).await["me"]["tenant"]["slug"], "alpha");
    assert_eq!(me(z.sp.token.clone()).await["me"]["tenant"]["slug"], "zeta");
    // Change the password in Z only: A's account keeps its own.
    s.gql(Some(&z.sp.token), "mutation { changePassword(input: {currentPassword: \"correct horse battery\", newPassword: \"moonlit harbour walk\"}) }", json!({})).await.ok();
    assert!(s.login("alpha", "same.person@example.cn", PASSWORD).await.is_ok());
    assert!(s.login("alpha", "same.person@example.cn", "moonlit harbour walk").await.is_err());
    assert!(s.login("zeta", "same.person@example.cn", "moonlit harbour walk").await.is_ok());
    // Lockout in one company does not lock the namesake in the other.
    for _ in 0..5 {
        s.login("zeta", "same.person@example.cn", "wrong password!").await.unwrap_err();
    }
    assert_eq!(
        s.login("zeta", "same.person@example.cn", "moonlit harbour walk").await.unwrap_err().code(),
        "ACCOUNT_LOCKED"
    );
    assert!(s.login("alpha", "same.person@example.cn", PASSWORD).await.is_ok());
    // An invitation token is bound to its tenant: it creates the user there.
    let r = s
        .gql(
            Some(&z.admin.token),
            "mutation { inviteUser(input: {email: \"new@zeta.cn\", role: SALESPERSON}) { id } }",
            json!({}),
        )
        .await;
    r.ok();
    let token = s.invitation_token(&z.admin, "new@zeta.cn").await;
    let r = s.accept(&token, "新人", PASSWORD).await;
    assert_eq!(r.ok()["acceptInvitation"]["tenant"]["id"], z.admin.tenant_id.as_str());
    assert!(s.login("alpha", "new@zeta.cn", PASSWORD).await.is_err());
}

backend_tests!(every_operation_with_other_tenants_ids, tokens_and_passwords_do_not_cross_tenants);
