//! Inviting users, accepting and revoking invitations.

use guanxi_tests::{Backend, PASSWORD, TestServer, backend_tests};
use serde_json::json;

const INVITE: &str = "mutation($i: InviteUserInput!) { inviteUser(input: $i) { id email role groupId status } }";

async fn invite_accept_and_login(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let group = s.create_group(&admin, "华东销售一组").await;
    let r = s
        .gql(
            Some(&admin.token),
            INVITE,
            json!({ "i": { "email": "Zhang.San@acme.cn", "role": "SALESPERSON", "groupId": group } }),
        )
        .await;
    let inv = &r.ok()["inviteUser"];
    assert_eq!(inv["email"], "zhang.san@acme.cn");
    assert_eq!(inv["status"], "PENDING");
    assert!(inv.get("token").is_none());

    let mail = s.gql(Some(&admin.token), "{ mailOutbox { to kind subject body status } }", json!({})).await;
    let m = &mail.ok()["mailOutbox"][0];
    assert_eq!(m["to"], "zhang.san@acme.cn");
    assert_eq!(m["status"], "queued");
    assert!(m["subject"].as_str().unwrap().contains("邀请您加入"));
    assert!(m["body"].as_str().unwrap().contains("/accept-invitation?token=gxi_"));

    let token = s.invitation_token(&admin, "zhang.san@acme.cn").await;
    // The answer can show the new user's group, read as the new session
    // (the request itself carries none).
    let r = s
        .gql(
            None,
            "mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { user { role group { name } } } }",
            json!({ "i": { "token": token, "displayName": "张三", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(r.ok()["acceptInvitation"]["user"]["role"], "SALESPERSON");
    assert_eq!(r.ok()["acceptInvitation"]["user"]["group"]["name"], "华东销售一组");
    let sp = s.login("acme", "zhang.san@acme.cn", PASSWORD).await.unwrap();
    let me = s.gql(Some(&sp.token), "{ me { user { displayName role group { id name } } } }", json!({})).await;
    assert_eq!(me.ok()["me"]["user"]["displayName"], "张三");
    assert_eq!(me.ok()["me"]["user"]["group"]["name"], "华东销售一组");

    // Used once only.
    assert_eq!(s.accept(&token, "张三", PASSWORD).await.code(), "NOT_FOUND");
    let list = s.gql(Some(&admin.token), "{ invitations { email status } }", json!({})).await;
    assert_eq!(list.ok()["invitations"][0]["status"], "ACCEPTED");
    // Inviting an existing user is a conflict.
    let r = s
        .gql(Some(&admin.token), INVITE, json!({ "i": { "email": "zhang.san@acme.cn", "role": "SALESPERSON" } }))
        .await;
    assert_eq!(r.code(), "CONFLICT");
}

async fn bad_acceptance_changes_nothing(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    s.gql(Some(&admin.token), INVITE, json!({ "i": { "email": "li@acme.cn", "role": "ADMIN" } })).await.ok();
    let token = s.invitation_token(&admin, "li@acme.cn").await;
    let r = s.accept(&token, "", "123").await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert_eq!(r.fields(), ["displayName", "password"]);
    let r = s.accept(&token, "小李", "li-and-acme-pass").await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "too_personal");
    // Still pending, still usable.
    s.accept(&token, "小李", PASSWORD).await.ok();
    for garbage in
        ["gxi_nonsense", "", "gxs_00000000000000000000000000000000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
    {
        assert_eq!(s.accept(garbage, "x", PASSWORD).await.code(), "NOT_FOUND");
    }
}

async fn revoked_and_replaced_invitations_cannot_be_used(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let r = s.gql(Some(&admin.token), INVITE, json!({ "i": { "email": "wang@acme.cn", "role": "SALESPERSON" } })).await;
    let id = r.ok()["inviteUser"]["id"].as_str().unwrap().to_owned();
    let first = s.invitation_token(&admin, "wang@acme.cn").await;
    let r = s
        .gql(Some(&admin.token), "mutation($id: ID!) { revokeInvitation(id: $id) { status } }", json!({ "id": id }))
        .await;
    assert_eq!(r.ok()["revokeInvitation"]["status"], "REVOKED");
    assert_eq!(s.accept(&first, "王五", PASSWORD).await.code(), "NOT_FOUND");
    let r = s
        .gql(Some(&admin.token), "mutation($id: ID!) { revokeInvitation(id: $id) { status } }", json!({ "id": id }))
        .await;
    assert_eq!(r.code(), "CONFLICT");

    // A second invitation replaces the first.
    s.gql(Some(&admin.token), INVITE, json!({ "i": { "email": "zhao@acme.cn", "role": "SALESPERSON" } })).await.ok();
    let old = s.invitation_token(&admin, "zhao@acme.cn").await;
    s.gql(Some(&admin.token), INVITE, json!({ "i": { "email": "zhao@acme.cn", "role": "SUPERVISOR" } })).await.ok();
    let new = s.invitation_token(&admin, "zhao@acme.cn").await;
    assert_ne!(old, new);
    assert_eq!(s.accept(&old, "赵六", PASSWORD).await.code(), "NOT_FOUND");
    assert_eq!(s.accept(&new, "赵六", PASSWORD).await.ok()["acceptInvitation"]["user"]["role"], "SUPERVISOR");
}

async fn invitation_expires(b: Backend) {
    let s = TestServer::start_with(b, |c| c.invitation_ttl_hours = 0).await;
    let admin = s.sign_up("acme").await;
    s.gql(Some(&admin.token), INVITE, json!({ "i": { "email": "late@acme.cn", "role": "SALESPERSON" } })).await.ok();
    let token = s.invitation_token(&admin, "late@acme.cn").await;
    assert_eq!(s.accept(&token, "迟到", PASSWORD).await.code(), "NOT_FOUND");
    let list = s.gql(Some(&admin.token), "{ invitations { status } }", json!({})).await;
    assert_eq!(list.ok()["invitations"][0]["status"], "EXPIRED");
}

async fn who_may_invite_whom(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    let g1 = s.create_group(&admin, "一组").await;
    let g2 = s.create_group(&admin, "二组").await;
    let sup = s.invite_and_accept(&admin, "sup@acme.cn", "SUPERVISOR", Some(&g1)).await;
    s.gql(
        Some(&admin.token),
        "mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { id } }",
        json!({ "g": g1, "u": sup.user_id }),
    )
    .await
    .ok();
    let sp = s.invite_and_accept(&admin, "sp@acme.cn", "SALESPERSON", Some(&g1)).await;
    let maint = s.invite_and_accept(&admin, "ops@acme.cn", "MAINTENANCE", None).await;

    let invite = |token: String, email: &'static str, role: &'static str, group: Option<String>| {
        let s = &s;
        async move { s.gql(Some(&token), INVITE, json!({ "i": { "email": email, "role": role, "groupId": group } })).await }
    };
    // A supervisor invites salespeople into the groups they supervise only.
    invite(sup.token.clone(), "new1@acme.cn", "SALESPERSON", Some(g1.clone())).await.ok();
    assert_eq!(invite(sup.token.clone(), "new2@acme.cn", "SALESPERSON", Some(g2.clone())).await.code(), "FORBIDDEN");
    assert_eq!(invite(sup.token.clone(), "new3@acme.cn", "SALESPERSON", None).await.code(), "FORBIDDEN");
    assert_eq!(invite(sup.token.clone(), "new4@acme.cn", "SUPERVISOR", Some(g1.clone())).await.code(), "FORBIDDEN");
    assert_eq!(invite(sp.token.clone(), "new5@acme.cn", "SALESPERSON", Some(g1.clone())).await.code(), "FORBIDDEN");
    assert_eq!(invite(maint.token.clone(), "new6@acme.cn", "SALESPERSON", None).await.code(), "FORBIDDEN");
    // The supervisor sees their group's invitations only; a salesperson none.
    let r = s.gql(Some(&sup.token), "{ invitations { email } }", json!({})).await;
    let emails: Vec<_> = r.ok()["invitations"].as_array().unwrap().iter().map(|i| i["email"].clone()).collect();
    assert!(emails.contains(&json!("new1@acme.cn")) && emails.contains(&json!("sp@acme.cn")));
    assert!(!emails.contains(&json!("ops@acme.cn")));
    assert_eq!(s.gql(Some(&sp.token), "{ invitations { email } }", json!({})).await.code(), "FORBIDDEN");
    // Bad input.
    assert_eq!(invite(admin.token.clone(), "not-an-email", "SALESPERSON", None).await.code(), "VALIDATION_FAILED");
    let r = invite(admin.token.clone(), "x@acme.cn", "SALESPERSON", Some("not-a-uuid".to_owned())).await;
    assert_eq!(r.fields(), ["groupId"]);
    let r = invite(admin.token.clone(), "x@acme.cn", "SALESPERSON", Some(uuid::Uuid::now_v7().to_string())).await;
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "not_found");
}

/// A supervisor invited into a group supervises it from the moment they
/// accept, with no second call; the appointment is audited. Invited into no
/// group, they supervise nothing; supervisors still cannot invite one.
async fn a_supervisor_invited_into_a_group_supervises_it(b: Backend) {
    let c = guanxi_tests::company(b).await;
    let s = &c.s;
    const GROUP: &str = "query($id: ID!) { group(id: $id) { supervisors { id } } }";
    let sup2 = s.invite_and_accept(&c.admin, "sup2@acme.cn", "SUPERVISOR", Some(&c.g2)).await;
    let r = s.gql(Some(&c.admin.token), GROUP, json!({ "id": c.g2 })).await;
    assert_eq!(r.ok()["group"]["supervisors"], json!([{ "id": sup2.user_id }]));
    // Their first session already carries the group: they see its work.
    let r =
        s.gql(Some(&c.sp2.token), "mutation { createCustomer(input: {name: \"二组客户\"}) { id } }", json!({})).await;
    let id = r.ok()["createCustomer"]["id"].clone();
    let r = s.gql(Some(&sup2.token), "query($id: ID!) { customer(id: $id) { name } }", json!({ "id": id })).await;
    assert_eq!(r.ok()["customer"]["name"], "二组客户");
    let r = s.gql(Some(&c.admin.token), "{ auditLog(limit: 200) { action targetId detail } }", json!({})).await;
    let log = r.ok()["auditLog"].as_array().unwrap().clone();
    assert!(
        log.iter().any(|e| e["action"] == "group.add_supervisor"
            && e["targetId"] == c.g2.as_str()
            && e["detail"]["userId"] == sup2.user_id.as_str()),
        "{log:?}"
    );

    // Group 1 keeps its one supervisor; a supervisor with no group supervises nothing.
    let sup3 = s.invite_and_accept(&c.admin, "sup3@acme.cn", "SUPERVISOR", None).await;
    let r = s.gql(Some(&c.admin.token), GROUP, json!({ "id": c.g1 })).await;
    assert_eq!(r.ok()["group"]["supervisors"], json!([{ "id": c.sup.user_id }]));
    let r = s.gql(Some(&sup3.token), "query($id: ID!) { customer(id: $id) { name } }", json!({ "id": id })).await;
    assert_eq!(r.code(), "NOT_FOUND");

    // Supervisors may not appoint supervisors, by invitation or otherwise.
    let r = s
        .gql(
            Some(&c.sup.token),
            INVITE,
            json!({ "i": { "email": "sup4@acme.cn", "role": "SUPERVISOR", "groupId": c.g1 } }),
        )
        .await;
    assert_eq!(r.code(), "FORBIDDEN");
}

backend_tests!(
    a_supervisor_invited_into_a_group_supervises_it,
    invite_accept_and_login,
    bad_acceptance_changes_nothing,
    revoked_and_replaced_invitations_cannot_be_used,
    invitation_expires,
    who_may_invite_whom,
);
