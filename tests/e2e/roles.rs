//! Roles and groups: who sees and manages whom.

use guanxi_tests::{Backend, PASSWORD, Session, TestServer, backend_tests, company};
use serde_json::json;

async fn ids(s: &TestServer, who: &Session) -> Vec<String> {
    let r = s.gql(Some(&who.token), "{ users { id } }", json!({})).await;
    let mut v: Vec<String> =
        r.ok()["users"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_owned()).collect();
    v.sort();
    v
}

async fn who_sees_whom(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let mut all = vec![
        c.admin.user_id.clone(),
        c.sup.user_id.clone(),
        c.sp1.user_id.clone(),
        c.sp2.user_id.clone(),
        c.maint.user_id.clone(),
    ];
    all.sort();
    assert_eq!(ids(s, &c.admin).await, all);
    let mut sup_sees = vec![c.sup.user_id.clone(), c.sp1.user_id.clone()];
    sup_sees.sort();
    assert_eq!(ids(s, &c.sup).await, sup_sees);
    assert_eq!(ids(s, &c.sp1).await, vec![c.sp1.user_id.clone()]);
    assert_eq!(s.gql(Some(&c.maint.token), "{ users { id } }", json!({})).await.code(), "FORBIDDEN");
    assert_eq!(s.gql(Some(&c.maint.token), "{ groups { id } }", json!({})).await.code(), "FORBIDDEN");
    s.gql(Some(&c.maint.token), "{ me { user { role } } }", json!({})).await.ok();

    let user = "query($id: ID!) { user(id: $id) { id email } }";
    assert_eq!(s.gql(Some(&c.sup.token), user, json!({ "id": c.sp2.user_id })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.sp1.token), user, json!({ "id": c.sup.user_id })).await.code(), "NOT_FOUND");
    s.gql(Some(&c.sup.token), user, json!({ "id": c.sp1.user_id })).await.ok();
    assert_eq!(s.gql(Some(&c.admin.token), user, json!({ "id": "nope" })).await.code(), "VALIDATION_FAILED");

    // Groups: admin all, supervisor theirs, salesperson their own.
    let groups = |t: String| {
        let s = &c.s;
        async move {
            let r = s.gql(Some(&t), "{ groups { id name members { id } } }", json!({})).await;
            r.ok()["groups"].as_array().unwrap().len()
        }
    };
    assert_eq!(groups(c.admin.token.clone()).await, 2);
    assert_eq!(groups(c.sup.token.clone()).await, 1);
    assert_eq!(groups(c.sp2.token.clone()).await, 1);
    let r = s.gql(Some(&c.sp1.token), "query($id: ID!) { group(id: $id) { id } }", json!({ "id": c.g2 })).await;
    assert_eq!(r.code(), "NOT_FOUND");
}

async fn supervisors_manage_their_salespeople_only(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let deactivate = "mutation($id: ID!) { deactivateUser(id: $id) { active } }";
    let update =
        "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { displayName role group { id } } }";
    // Out of scope: not found. In scope but not allowed: forbidden.
    assert_eq!(s.gql(Some(&c.sup.token), deactivate, json!({ "id": c.sp2.user_id })).await.code(), "NOT_FOUND");
    assert_eq!(s.gql(Some(&c.sp1.token), deactivate, json!({ "id": c.sp1.user_id })).await.code(), "CONFLICT");
    let r = s.gql(Some(&c.sup.token), update, json!({ "id": c.sp1.user_id, "i": { "role": "ADMIN" } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&c.sup.token), update, json!({ "id": c.sp1.user_id, "i": { "groupId": c.g2 } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&c.sup.token), update, json!({ "id": c.sp1.user_id, "i": { "displayName": "张小三" } })).await;
    assert_eq!(r.ok()["updateUser"]["displayName"], "张小三");
    // Salespeople may rename themselves, nothing more.
    let r = s.gql(Some(&c.sp1.token), update, json!({ "id": c.sp1.user_id, "i": { "displayName": "三儿" } })).await;
    assert_eq!(r.ok()["updateUser"]["displayName"], "三儿");
    let r = s.gql(Some(&c.sp1.token), update, json!({ "id": c.sp1.user_id, "i": { "role": "SUPERVISOR" } })).await;
    assert_eq!(r.code(), "FORBIDDEN");

    let r = s.gql(Some(&c.sup.token), deactivate, json!({ "id": c.sp1.user_id })).await;
    assert_eq!(r.ok()["deactivateUser"]["active"], false);
    assert_eq!(s.gql(Some(&c.sp1.token), "{ me { user { id } } }", json!({})).await.code(), "UNAUTHENTICATED");
    assert_eq!(s.login("acme", "sp1@acme.cn", PASSWORD).await.unwrap_err().code(), "UNAUTHENTICATED");
    let r = s
        .gql(
            Some(&c.sup.token),
            "mutation($id: ID!) { reactivateUser(id: $id) { active } }",
            json!({ "id": c.sp1.user_id }),
        )
        .await;
    assert_eq!(r.ok()["reactivateUser"]["active"], true);
    assert!(s.login("acme", "sp1@acme.cn", PASSWORD).await.is_ok());
    // Deactivated users drop out of lists unless asked for.
    s.gql(Some(&c.admin.token), deactivate, json!({ "id": c.sp2.user_id })).await.ok();
    let r = s
        .gql(
            Some(&c.admin.token),
            "{ users(filter: {includeInactive: true, role: SALESPERSON}) { id active } }",
            json!({}),
        )
        .await;
    assert_eq!(r.ok()["users"].as_array().unwrap().len(), 2);
    let r = s.gql(Some(&c.admin.token), "{ users(filter: {role: SALESPERSON}) { id } }", json!({})).await;
    assert_eq!(r.ok()["users"].as_array().unwrap().len(), 1);
}

async fn admins_manage_roles_groups_and_the_last_admin_stays(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let update = "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { role group { id } } }";
    // Promote a salesperson, appoint them to group 2, and they see it.
    let r = s.gql(Some(&c.admin.token), update, json!({ "id": c.sp2.user_id, "i": { "role": "SUPERVISOR" } })).await;
    assert_eq!(r.ok()["updateUser"]["role"], "SUPERVISOR");
    s.gql(
        Some(&c.admin.token),
        "mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { id } }",
        json!({ "g": c.g2, "u": c.sp2.user_id }),
    )
    .await
    .ok();
    let r = s.gql(Some(&c.sp2.token), "{ groups { name } }", json!({})).await;
    assert_eq!(r.ok()["groups"][0]["name"], "二组");
    // Only supervisors can be appointed.
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { id } }",
            json!({ "g": c.g2, "u": c.sp1.user_id }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    // Demotion removes the appointment.
    s.gql(Some(&c.admin.token), update, json!({ "id": c.sp2.user_id, "i": { "role": "SALESPERSON" } })).await.ok();
    let r = s
        .gql(Some(&c.admin.token), "query($id: ID!) { group(id: $id) { supervisors { id } } }", json!({ "id": c.g2 }))
        .await;
    assert_eq!(r.ok()["group"]["supervisors"].as_array().unwrap().len(), 0);
    // Clear a group with null.
    let r = s.gql(Some(&c.admin.token), update, json!({ "id": c.sp1.user_id, "i": { "groupId": null } })).await;
    assert!(r.ok()["updateUser"]["group"].is_null());
    // Group names are unique; groups with members cannot be deleted.
    let r = s.gql(Some(&c.admin.token), "mutation { createGroup(name: \"一组\") { id } }", json!({})).await;
    assert_eq!(r.code(), "CONFLICT");
    assert_eq!(r.fields(), ["name"]);
    let r = s.gql(Some(&c.admin.token), "mutation($id: ID!) { deleteGroup(id: $id) }", json!({ "id": c.g2 })).await;
    assert_eq!(r.code(), "CONFLICT");
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($id: ID!, $n: String!) { renameGroup(id: $id, name: $n) { name } }",
            json!({ "id": c.g1, "n": "华南组" }),
        )
        .await;
    assert_eq!(r.ok()["renameGroup"]["name"], "华南组");
    assert_eq!(
        s.gql(Some(&c.sup.token), "mutation { createGroup(name: \"x\") { id } }", json!({})).await.code(),
        "FORBIDDEN"
    );
    // A group that invitations named can still be deleted once empty: its
    // pending invitations are withdrawn.
    let g3 = s.create_group(&c.admin, "三组").await;
    s.gql(
        Some(&c.admin.token),
        "mutation($g: ID!) { inviteUser(input: {email: \"g3@acme.cn\", role: SALESPERSON, groupId: $g}) { id } }",
        json!({ "g": g3 }),
    )
    .await
    .ok();
    let r = s.gql(Some(&c.admin.token), "mutation($id: ID!) { deleteGroup(id: $id) }", json!({ "id": g3 })).await;
    assert_eq!(r.ok()["deleteGroup"], true);
    let r = s.gql(Some(&c.admin.token), "{ invitations { email status groupId } }", json!({})).await;
    let inv = r.ok()["invitations"].as_array().unwrap().iter().find(|i| i["email"] == "g3@acme.cn").unwrap().clone();
    assert_eq!((inv["status"].as_str(), inv["groupId"].is_null()), (Some("REVOKED"), true));
    // Everyone, maintenance included, may rename themselves.
    let r =
        s.gql(Some(&c.maint.token), update, json!({ "id": c.maint.user_id, "i": { "displayName": "运维小王" } })).await;
    assert_eq!(r.ok()["updateUser"]["role"], "MAINTENANCE");
    // The last admin can be neither demoted nor deactivated; with two, one can go.
    let r = s.gql(Some(&c.admin.token), update, json!({ "id": c.admin.user_id, "i": { "role": "SALESPERSON" } })).await;
    assert_eq!(r.code(), "CONFLICT");
    assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "last_admin");
    let boss2 = s.invite_and_accept(&c.admin, "boss2@acme.cn", "ADMIN", None).await;
    let r = s
        .gql(
            Some(&boss2.token),
            "mutation($id: ID!) { deactivateUser(id: $id) { active } }",
            json!({ "id": c.admin.user_id }),
        )
        .await;
    assert_eq!(r.ok()["deactivateUser"]["active"], false);
    // The maintenance role can do nothing else here.
    assert_eq!(
        s.gql(Some(&c.maint.token), update, json!({ "id": c.sp1.user_id, "i": { "displayName": "x" } })).await.code(),
        "FORBIDDEN"
    );
    assert_eq!(s.gql(Some(&c.maint.token), "{ auditLog { id } }", json!({})).await.code(), "FORBIDDEN");
}

/// Queries the maintenance role may use. Everything else answers
/// `FORBIDDEN`, never an empty list: the role's one job is backup. Besides
/// backups, one's own account: who one is and one's own notifications.
const MAINTENANCE_MAY: &[&str] =
    &["me", "backup", "backups", "notifications", "unreadNotificationCount", "notificationPreferences"];
/// Queries of one's own things, open to every role: another's (or no) id is
/// `NOT_FOUND`, as for everyone.
const OWN_ONLY: &[&str] = &["job"];
/// Queries that read by a private link, open to whoever holds it, signed in
/// or not: a made-up link is `NOT_FOUND`, as for everyone.
const BY_LINK: &[&str] = &["anonymousSuggestion"];

/// Every root query, found by introspection (so a new one is covered without
/// being listed here), asked by the maintenance role: `FORBIDDEN`.
async fn the_maintenance_role_is_refused_every_other_query(b: Backend) {
    let c = company(b).await;
    let s = &c.s;
    let r = s
        .gql(
            Some(&c.admin.token),
            "{ __schema { queryType { fields { name \
             args { name defaultValue type { kind ofType { kind name } } } \
             type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }",
            json!({}),
        )
        .await;
    let fields = r.ok()["__schema"]["queryType"]["fields"].as_array().unwrap().clone();
    assert!(fields.len() > 30, "{fields:?}");
    let mut asked = 0;
    for f in &fields {
        let name = f["name"].as_str().unwrap();
        if MAINTENANCE_MAY.contains(&name) {
            continue;
        }
        // Required arguments: any id (a fresh one), the first custom field entity.
        let args: Vec<String> = f["args"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["type"]["kind"] == "NON_NULL" && a["defaultValue"].is_null())
            .map(|a| match a["type"]["ofType"]["name"].as_str().unwrap() {
                "ID" => format!("{}: \"{}\"", a["name"].as_str().unwrap(), uuid::Uuid::now_v7()),
                "CustomFieldEntity" => format!("{}: CUSTOMER", a["name"].as_str().unwrap()),
                "SearchInput" => format!("{}: {{text: \"x\"}}", a["name"].as_str().unwrap()),
                "DuplicateProbe" => format!("{}: {{name: \"张伟\"}}", a["name"].as_str().unwrap()),
                "MergeCustomersInput" => format!(
                    "{}: {{survivorId: \"{}\", mergedIds: [\"{}\"]}}",
                    a["name"].as_str().unwrap(),
                    uuid::Uuid::now_v7(),
                    uuid::Uuid::now_v7()
                ),
                "String" if BY_LINK.contains(&name) => format!("{}: \"gxa_made_up\"", a["name"].as_str().unwrap()),
                other => panic!("{name}: no sample for a required {other}"),
            })
            .collect();
        let args = if args.is_empty() { String::new() } else { format!("({})", args.join(", ")) };
        // The innermost named type decides whether a selection is needed.
        let mut t = &f["type"];
        while t["name"].is_null() {
            t = &t["ofType"];
        }
        let selection =
            if matches!(t["kind"].as_str(), Some("OBJECT" | "INTERFACE" | "UNION")) { " { __typename }" } else { "" };
        let q = format!("{{ {name}{args}{selection} }}");
        let r = s.gql(Some(&c.maint.token), &q, json!({})).await;
        let expected = if OWN_ONLY.contains(&name) || BY_LINK.contains(&name) { "NOT_FOUND" } else { "FORBIDDEN" };
        assert_eq!(r.code(), expected, "{q} answered {:?}", r.body);
        asked += 1;
    }
    assert!(asked >= 30);
    let me = s.gql(Some(&c.maint.token), "{ me { user { id role } } }", json!({})).await;
    assert_eq!(me.ok()["me"]["user"]["role"], "MAINTENANCE");
}

backend_tests!(
    the_maintenance_role_is_refused_every_other_query,
    who_sees_whom,
    supervisors_manage_their_salespeople_only,
    admins_manage_roles_groups_and_the_last_admin_stays
);
