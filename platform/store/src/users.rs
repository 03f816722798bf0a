//! Users: listing within the caller's scope, editing, roles, groups,
//! deactivation.

use chrono::{DateTime, Utc};
use guanxi_core::input::{Email, Name};
use guanxi_core::roles::UserScope;
use guanxi_core::{Action, Error, FieldError, GroupId, Result, Role, UserId, UserRef};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::auth::revoke_sessions;
use crate::db::{TenantTx, db_err};
use crate::entity::{group, group_supervisor, user};
use crate::{api_keys, audit};

/// A user as the API shows it (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// E-mail (normalised).
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Group membership.
    pub group_id: Option<GroupId>,
    /// False once deactivated.
    pub active: bool,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Joined.
    pub created_at: DateTime<Utc>,
    /// When the user proved they receive mail at `email`: at sign-up the
    /// admin's address is unverified until the verification link is opened;
    /// accepting an invitation (a link sent to the address) verifies it.
    pub email_verified_at: Option<DateTime<Utc>>,
}

impl User {
    pub(crate) fn from_model(m: user::Model) -> Result<Self> {
        Ok(User {
            id: UserId(m.id),
            role: m.role.parse().map_err(|_| Error::Internal(format!("bad role {}", m.role).into()))?,
            email: m.email,
            display_name: m.display_name,
            group_id: m.group_id.map(GroupId),
            active: m.active,
            last_login_at: m.last_login_at,
            created_at: m.created_at,
            email_verified_at: m.email_verified_at,
        })
    }

    pub(crate) fn as_ref(&self) -> UserRef {
        UserRef { id: self.id, role: self.role, group_id: self.group_id }
    }
}

/// Filters for [`list`].
#[derive(Clone, Debug, Default)]
pub struct UserFilter {
    /// Include deactivated users.
    pub include_inactive: bool,
    /// Only members of this group.
    pub group_id: Option<GroupId>,
    /// Only this role.
    pub role: Option<Role>,
}

/// A change to a user; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct UserUpdate {
    /// New display name.
    pub display_name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// New group (`Some(None)` removes the user from their group).
    pub group_id: Option<Option<GroupId>>,
}

pub(crate) fn scope_condition(scope: &UserScope) -> Condition {
    match scope {
        UserScope::All => Condition::all(),
        UserScope::SelfAndGroups(me, groups) => {
            Condition::any().add(user::Column::Id.eq(me.0)).add(user::Column::GroupId.is_in(groups.iter().map(|g| g.0)))
        }
        UserScope::OnlySelf(me) => Condition::all().add(user::Column::Id.eq(me.0)),
    }
}

pub(crate) async fn insert_user(
    tx: &TenantTx,
    email: &Email,
    display_name: &str,
    password_hash: String,
    role: Role,
    group_id: Option<GroupId>,
    email_verified: bool,
) -> Result<user::Model> {
    let model = user::Model {
        tenant_id: tx.tenant_id().0,
        id: UserId::new().0,
        email: email.as_str().to_owned(),
        display_name: display_name.to_owned(),
        password_hash,
        role: role.as_str().to_owned(),
        group_id: group_id.map(|g| g.0),
        active: true,
        failed_logins: 0,
        locked_until: None,
        last_login_at: None,
        deactivated_at: None,
        created_at: tx.now,
        updated_at: tx.now,
        email_verified_at: email_verified.then_some(tx.now),
    };
    user::Entity::insert(user::ActiveModel::from(model.clone()))
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(model)
}

pub(crate) async fn find_by_email(tx: &TenantTx, email: &Email) -> Result<Option<user::Model>> {
    user::Entity::find()
        .filter(user::Column::TenantId.eq(tx.tenant_id().0))
        .filter(user::Column::Email.eq(email.as_str()))
        .one(tx.conn())
        .await
        .map_err(db_err)
}

pub(crate) async fn find(tx: &TenantTx, id: UserId) -> Result<Option<user::Model>> {
    user::Entity::find()
        .filter(user::Column::TenantId.eq(tx.tenant_id().0))
        .filter(user::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)
}

/// The acting user.
pub async fn me(tx: &TenantTx) -> Result<User> {
    let id = tx.actor()?.user_id;
    find(tx, id).await?.map(User::from_model).ok_or(Error::Unauthenticated)?
}

/// Users the actor may see, by name.
pub async fn list(tx: &TenantTx, filter: &UserFilter) -> Result<Vec<User>> {
    let actor = tx.actor()?;
    actor.authorize(&Action::ViewTeam)?;
    let mut q = user::Entity::find()
        .filter(user::Column::TenantId.eq(tx.tenant_id().0))
        .filter(scope_condition(&actor.user_scope()));
    if !filter.include_inactive {
        q = q.filter(user::Column::Active.eq(true));
    }
    if let Some(g) = filter.group_id {
        q = q.filter(user::Column::GroupId.eq(g.0));
    }
    if let Some(r) = filter.role {
        q = q.filter(user::Column::Role.eq(r.as_str()));
    }
    q.order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(User::from_model)
        .collect()
}

/// One user the actor may see; `NOT_FOUND` for anyone else, so ids outside
/// the caller's scope (or tenant) reveal nothing.
pub async fn get(tx: &TenantTx, id: UserId) -> Result<User> {
    let actor = tx.actor()?;
    actor.authorize(&Action::ViewTeam)?;
    let u = find(tx, id).await?.map(User::from_model).transpose()?.ok_or(Error::NotFound("user"))?;
    if !actor.can(&Action::ViewUser(&u.as_ref())) {
        return Err(Error::NotFound("user"));
    }
    Ok(u)
}

async fn other_active_admins(tx: &TenantTx, except: UserId) -> Result<u64> {
    user::Entity::find()
        .filter(user::Column::TenantId.eq(tx.tenant_id().0))
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(except.0))
        .count(tx.conn())
        .await
        .map_err(db_err)
}

fn last_admin() -> Error {
    Error::Conflict(FieldError::new("role", "last_admin", "a company must keep at least one active admin"))
}

pub(crate) async fn ensure_group_exists(tx: &TenantTx, id: GroupId, field: &str) -> Result<()> {
    let found = group::Entity::find()
        .filter(group::Column::TenantId.eq(tx.tenant_id().0))
        .filter(group::Column::Id.eq(id.0))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    if found == 0 {
        return Err(Error::invalid(field, "not_found", "no such group"));
    }
    Ok(())
}

/// Edit a user's name, role or group. Each change is checked separately
/// against the permission table and recorded in the audit log.
pub async fn update(tx: &TenantTx, id: UserId, change: UserUpdate) -> Result<User> {
    let actor = tx.actor()?.clone();
    // Anyone may rename themselves (ManageOwnAccount), even without seeing the team.
    let target = if id == actor.user_id { me(tx).await? } else { get(tx, id).await? };
    let tref = target.as_ref();
    let name = change.display_name.as_deref().map(|n| Name::parse(n, "displayName", 100)).transpose();
    let name = name.map_err(|e| Error::Validation(vec![e]))?;
    if name.is_some() {
        let action = if id == actor.user_id { Action::ManageOwnAccount } else { Action::ManageUser(&tref) };
        actor.authorize(&action)?;
    }
    if let Some(role) = change.role.filter(|r| *r != target.role) {
        actor.authorize(&Action::ChangeRole { target: &tref, to: role })?;
        if target.role == Role::Admin && target.active && other_active_admins(tx, id).await? == 0 {
            return Err(last_admin());
        }
    }
    if let Some(group) = change.group_id.filter(|g| *g != target.group_id) {
        actor.authorize(&Action::MoveUser { target: &tref, to: group })?;
        if let Some(g) = group {
            ensure_group_exists(tx, g, "groupId").await?;
        }
    }

    let mut q = user::Entity::update_many().col_expr(user::Column::UpdatedAt, Expr::value(tx.now));
    if let Some(n) = &name {
        q = q.col_expr(user::Column::DisplayName, Expr::value(n.as_str()));
    }
    if let Some(r) = change.role {
        q = q.col_expr(user::Column::Role, Expr::value(r.as_str()));
        if r != Role::Supervisor {
            group_supervisor::Entity::delete_many()
                .filter(group_supervisor::Column::TenantId.eq(tx.tenant_id().0))
                .filter(group_supervisor::Column::UserId.eq(id.0))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
        }
    }
    if let Some(g) = change.group_id {
        q = q.col_expr(user::Column::GroupId, Expr::value(g.map(|g| g.0)));
    }
    q.filter(user::Column::TenantId.eq(tx.tenant_id().0))
        .filter(user::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let updated = get_unscoped(tx, id).await?;
    audit::record(
        tx,
        "user.update",
        "user",
        Some(id.0),
        serde_json::json!({
            "displayName": diff(&target.display_name, &updated.display_name),
            "role": diff(&target.role.as_str(), &updated.role.as_str()),
            "groupId": diff(&target.group_id, &updated.group_id),
        }),
    )
    .await?;
    Ok(updated)
}

fn diff<T: PartialEq + serde::Serialize>(old: &T, new: &T) -> serde_json::Value {
    if old == new { serde_json::Value::Null } else { serde_json::json!({ "old": old, "new": new }) }
}

pub(crate) async fn get_unscoped(tx: &TenantTx, id: UserId) -> Result<User> {
    find(tx, id).await?.map(User::from_model).transpose()?.ok_or(Error::NotFound("user"))
}

/// Deactivate (`active = false`) or reactivate a user. A deactivated user
/// cannot log in; their sessions end and their API keys stop working.
pub async fn set_active(tx: &TenantTx, id: UserId, active: bool) -> Result<User> {
    let actor = tx.actor()?.clone();
    let target = get(tx, id).await?;
    if id == actor.user_id {
        return Err(Error::Conflict(FieldError::new("id", "self", "you cannot deactivate yourself")));
    }
    actor.authorize(&Action::ManageUser(&target.as_ref()))?;
    if target.active == active {
        return Ok(target);
    }
    write_active(tx, &target, active).await?;
    get_unscoped(tx, id).await
}

/// What deactivation revoked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Revoked {
    /// Login sessions ended.
    pub sessions: u64,
    /// API keys revoked.
    pub api_keys: u64,
}

/// Write a change of `target.active` (authorized by the caller): the flag,
/// the revocations that go with deactivating, and the audit entry. The last
/// active admin is never deactivated.
pub(crate) async fn write_active(tx: &TenantTx, target: &User, active: bool) -> Result<Revoked> {
    let id = target.id;
    if !active && target.role == Role::Admin && other_active_admins(tx, id).await? == 0 {
        return Err(last_admin());
    }
    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(active))
        .col_expr(user::Column::DeactivatedAt, Expr::value(if active { None } else { Some(tx.now) }))
        .col_expr(user::Column::UpdatedAt, Expr::value(tx.now))
        .filter(user::Column::TenantId.eq(tx.tenant_id().0))
        .filter(user::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let mut revoked = Revoked::default();
    if !active {
        // Keys are revoked, not merely refused: reactivating someone must not
        // silently bring old integrations back.
        revoked.sessions = revoke_sessions(tx, id, None, None).await?;
        revoked.api_keys = api_keys::revoke_all_of(tx, id).await?;
    }
    let action = if active { "user.reactivate" } else { "user.deactivate" };
    audit::record(tx, action, "user", Some(id.0), serde_json::json!({})).await?;
    Ok(revoked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_null_when_equal() {
        assert_eq!(diff(&1, &1), serde_json::Value::Null);
        assert_eq!(diff(&"a", &"b"), serde_json::json!({"old": "a", "new": "b"}));
    }
}
