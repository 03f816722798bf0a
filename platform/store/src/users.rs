//! Users: listing within the caller's scope, editing, roles, groups,
//! deactivation.
//!
//! Each write emits its domain events in its transaction: a role change
//! `user.role_changed`, a move between groups `user.moved_group` (which
//! changes what supervisors see without touching a customer), deactivation
//! and reactivation `user.deactivated` / `user.reactivated`. Joining is
//! announced where users are created (sign-up, accepting an invitation).

use chrono::{DateTime, Utc};
use guanxi_core::input::{Email, Name};
use guanxi_core::roles::UserScope;
use guanxi_core::subscription::Entitlement;
use guanxi_core::{Action, DomainEvent, Error, FieldError, GroupId, Result, Role, UserId, UserRef};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, PaginatorTrait, QueryFilter, QueryOrder};

use crate::audit::AuditAction;
use crate::auth::revoke_sessions;
use crate::db::{TenantTx, db_err};
use crate::entity::{group, user};
use crate::{api_keys, audit, groups};

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
    /// When their personal details were erased ([`erase`]); such a user
    /// cannot be reactivated.
    pub erased_at: Option<DateTime<Utc>>,
    /// When the user proved they receive mail at `email`: at sign-up the
    /// admin's address is unverified until the verification link is opened;
    /// accepting an invitation (a link sent to the address) verifies it.
    pub email_verified_at: Option<DateTime<Utc>>,
    /// Away until then: automatic assignment passes them over.
    pub away_until: Option<DateTime<Utc>>,
    /// When their daily reminders arrive (`HH:MM`, company time).
    pub reminder_time: String,
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
            erased_at: m.erased_at,
            email_verified_at: m.email_verified_at,
            away_until: m.away_until,
            reminder_time: m.reminder_time,
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
    /// Away until then (`Some(None)`: back). Oneself, or whoever manages
    /// the user.
    pub away_until: Option<Option<DateTime<Utc>>>,
    /// When their daily reminders arrive, `HH:MM` company time. Oneself,
    /// or whoever manages the user.
    pub reminder_time: Option<String>,
}

/// `users.kind` of everyone who logs in.
pub(crate) const PERSON: &str = "person";
/// `users.kind` of the company's automation identity: a user row, so that
/// what it does is attributed like anyone's, that never logs in, holds no
/// seat, receives nothing and is not listed in the team.
pub(crate) const AUTOMATION: &str = "automation";

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
    crate::entitlements::ensure(tx, Entitlement::Seats, 1).await?;
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
        erased_at: None,
        created_at: tx.now,
        updated_at: tx.now,
        email_verified_at: email_verified.then_some(tx.now),
        kind: PERSON.to_owned(),
        away_until: None,
        reminder_time: crate::reminders::DEFAULT_TIME.to_owned(),
        reminded_on: None,
    };
    tx.insert(user::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    // Their first reminders may be due today.
    crate::reminders::schedule(tx, tx.now).await?;
    Ok(model)
}

pub(crate) async fn find_by_email(tx: &TenantTx, email: &Email) -> Result<Option<user::Model>> {
    tx.select::<user::Entity>()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Kind.eq(PERSON))
        .one(tx.conn())
        .await
        .map_err(db_err)
}

pub(crate) async fn find(tx: &TenantTx, id: UserId) -> Result<Option<user::Model>> {
    tx.select::<user::Entity>().filter(user::Column::Id.eq(id.0)).one(tx.conn()).await.map_err(db_err)
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
    let mut q =
        tx.select::<user::Entity>().filter(scope_condition(&actor.user_scope())).filter(user::Column::Kind.eq(PERSON));
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
    let u = find(tx, id).await?.filter(|u| u.kind == PERSON);
    let u = u.map(User::from_model).transpose()?.ok_or(Error::NotFound("user"))?;
    if !actor.can(&Action::ViewUser(&u.as_ref())) {
        return Err(Error::NotFound("user"));
    }
    Ok(u)
}

/// The company's active admins: who hears about what concerns the company
/// as a whole (its subscription, a failing webhook).
pub(crate) async fn active_admins(tx: &TenantTx) -> Result<Vec<user::Model>> {
    tx.select::<user::Entity>()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Kind.eq(PERSON))
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .all(tx.conn())
        .await
        .map_err(db_err)
}

async fn other_active_admins(tx: &TenantTx, except: UserId) -> Result<u64> {
    tx.select::<user::Entity>()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Kind.eq(PERSON))
        .filter(user::Column::Id.ne(except.0))
        .count(tx.conn())
        .await
        .map_err(db_err)
}

fn last_admin() -> Error {
    Error::Conflict(FieldError::new("role", "last_admin", "a company must keep at least one active admin"))
}

pub(crate) async fn ensure_group_exists(tx: &TenantTx, id: GroupId, field: &str) -> Result<()> {
    let found =
        tx.select::<group::Entity>().filter(group::Column::Id.eq(id.0)).count(tx.conn()).await.map_err(db_err)?;
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
    // The name and the personal settings (away, reminder time): oneself, or
    // whoever manages the user.
    if name.is_some() || change.away_until.is_some() || change.reminder_time.is_some() {
        let action = if id == actor.user_id { Action::ManageOwnAccount } else { Action::ManageUser(&tref) };
        actor.authorize(&action)?;
    }
    if let Some(role) = change.role.filter(|r| *r != target.role) {
        actor.authorize(&Action::ChangeRole { target: &tref, to: role })?;
        if target.role == Role::Admin && target.active && other_active_admins(tx, id).await? == 0 {
            return Err(last_admin());
        }
    }
    let reminder_time = change
        .reminder_time
        .as_deref()
        .map(|t| crate::reminders::parse_time(t, "reminderTime"))
        .transpose()
        .map_err(|e| Error::Validation(vec![e]))?;
    if let Some(group) = change.group_id.filter(|g| *g != target.group_id) {
        actor.authorize(&Action::MoveUser { target: &tref, to: group })?;
        if let Some(g) = group {
            ensure_group_exists(tx, g, "groupId").await?;
        }
    }

    let mut q = tx.update_many::<user::Entity>().col_expr(user::Column::UpdatedAt, Expr::value(tx.now));
    if let Some(n) = &name {
        q = q.col_expr(user::Column::DisplayName, Expr::value(n.as_str()));
    }
    if let Some(r) = change.role {
        q = q.col_expr(user::Column::Role, Expr::value(r.as_str()));
        if r != Role::Supervisor {
            groups::withdraw_supervisor(tx, id).await?;
        }
    }
    if let Some(g) = change.group_id {
        q = q.col_expr(user::Column::GroupId, Expr::value(g.map(|g| g.0)));
    }
    if let Some(a) = change.away_until {
        q = q.col_expr(user::Column::AwayUntil, Expr::value(a));
    }
    if let Some(t) = reminder_time {
        q = q.col_expr(user::Column::ReminderTime, Expr::value(t));
    }
    q.filter(user::Column::Id.eq(id.0)).exec(tx.conn()).await.map_err(db_err)?;
    if change.reminder_time.is_some() {
        // An earlier time may now be due before the company's next pass.
        crate::reminders::schedule(tx, tx.now).await?;
    }
    let updated = get_unscoped(tx, id).await?;
    if updated.role != target.role {
        tx.emit(DomainEvent::UserRoleChanged { user: id, from: target.role, to: updated.role });
    }
    if updated.group_id != target.group_id {
        tx.emit(DomainEvent::UserMovedGroup { user: id, from: target.group_id, to: updated.group_id });
    }
    if updated.display_name != target.display_name {
        tx.emit(DomainEvent::UserRenamed { user: id });
    }
    audit::record(
        tx,
        AuditAction::UserUpdate,
        "user",
        Some(id.0),
        serde_json::json!({
            "displayName": diff(&target.display_name, &updated.display_name),
            "role": diff(&target.role.as_str(), &updated.role.as_str()),
            "groupId": diff(&target.group_id, &updated.group_id),
            "awayUntil": diff(&target.away_until, &updated.away_until),
            "reminderTime": diff(&target.reminder_time, &updated.reminder_time),
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
    if target.erased_at.is_some() {
        return Err(Error::Conflict(FieldError::new(
            "id",
            "erased",
            "a user whose details were erased stays inactive",
        )));
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
    if active {
        crate::entitlements::ensure(tx, Entitlement::Seats, 1).await?;
    }
    if !active && target.role == Role::Admin && other_active_admins(tx, id).await? == 0 {
        return Err(last_admin());
    }
    tx.update_many::<user::Entity>()
        .col_expr(user::Column::Active, Expr::value(active))
        .col_expr(user::Column::DeactivatedAt, Expr::value(if active { None } else { Some(tx.now) }))
        .col_expr(user::Column::UpdatedAt, Expr::value(tx.now))
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
    let action = if active {
        tx.emit(DomainEvent::UserReactivated { user: id });
        AuditAction::UserReactivate
    } else {
        tx.emit(DomainEvent::UserDeactivated { user: id });
        AuditAction::UserDeactivate
    };
    audit::record(tx, action, "user", Some(id.0), serde_json::json!({})).await?;
    Ok(revoked)
}

/// The display name an erased user is shown under.
pub const ERASED_NAME: &str = "已删除的用户";

/// The stand-in e-mail address of an erased user: unique (the column is),
/// and in the `.invalid` domain, which can never receive mail.
fn erased_email(id: UserId) -> String {
    format!("erased-{}@erased.invalid", id.0.simple())
}

/// What erasing a user's personal details changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Erasure {
    /// The user, under the placeholder name and address.
    pub user: User,
    /// Login sessions deleted (their addresses and user agents with them).
    pub sessions_deleted: u64,
    /// API keys revoked.
    pub api_keys_revoked: u64,
    /// Invitations whose address was replaced.
    pub invitations_cleared: u64,
    /// Mails in the outbox to them, cleared.
    pub mails_cleared: u64,
    /// Audit entries about them whose details named them.
    pub audit_entries_cleared: u64,
}

/// Erase the personal details of a user who has left (been offboarded or
/// deactivated), for good. The record stays, so history, audit entries,
/// conversations and customers' changes still point to a user, but it is
/// shown under [`ERASED_NAME`]: the name, e-mail address and password are
/// replaced; their sessions (with addresses and user agents) are deleted and
/// their API keys revoked; their address is replaced in invitations and in
/// the mail outbox (whose subject and text are cleared); and in the audit
/// entries about them (or their invitations) every value equal to their name
/// or address becomes the placeholder. Admins only, in the caller's one
/// transaction, audited, only with `confirm`; an active user is `CONFLICT`
/// (offboard them first), as is a user already erased.
pub async fn erase(tx: &TenantTx, id: UserId, confirm: bool) -> Result<Erasure> {
    use crate::entity::{audit_log, invitation, mail_outbox, session};
    let actor = tx.actor()?.clone();
    actor.authorize(&Action::ErasePersonalDetails)?;
    if !confirm {
        return Err(Error::invalid("confirm", "required", "set confirm to true to erase the details for good"));
    }
    let old = find(tx, id).await?.ok_or(Error::NotFound("user"))?;
    if old.erased_at.is_some() {
        return Err(Error::Conflict(FieldError::new(
            "id",
            "erased",
            "this user's personal details are already erased",
        )));
    }
    if old.active {
        return Err(Error::Conflict(FieldError::new("id", "active", "offboard or deactivate the user first")));
    }
    let email = erased_email(id);
    // A hash of 256 random bits: a well-formed PHC string nobody can match.
    let password = crate::secrets::new_token(crate::secrets::TokenKind::Session, tx.tenant_id()).text;
    let password_hash = crate::secrets::hash_password(password).await?;
    tx.update_many::<user::Entity>()
        .col_expr(user::Column::DisplayName, Expr::value(ERASED_NAME))
        .col_expr(user::Column::Email, Expr::value(email.clone()))
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(user::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(user::Column::LastLoginAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(user::Column::ErasedAt, Expr::value(Some(tx.now)))
        .col_expr(user::Column::UpdatedAt, Expr::value(tx.now))
        .filter(user::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.emit(DomainEvent::UserRenamed { user: id });
    let sessions_deleted = tx
        .delete_many::<session::Entity>()
        .filter(session::Column::UserId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected;
    let api_keys_revoked = api_keys::revoke_all_of(tx, id).await?;
    let invitations: Vec<uuid::Uuid> = tx
        .select::<invitation::Entity>()
        .filter(invitation::Column::Email.eq(old.email.as_str()))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|i| i.id)
        .collect();
    let invitations_cleared = tx
        .update_many::<invitation::Entity>()
        .col_expr(invitation::Column::Email, Expr::value(email.clone()))
        .col_expr(invitation::Column::RevokedAt, Expr::value(Some(tx.now)))
        .filter(invitation::Column::Email.eq(old.email.as_str()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected;
    let mails_cleared = tx
        .update_many::<mail_outbox::Entity>()
        .col_expr(mail_outbox::Column::ToAddress, Expr::value(email.clone()))
        .col_expr(mail_outbox::Column::Subject, Expr::value("[erased]"))
        .col_expr(mail_outbox::Column::BodyText, Expr::value("[erased]"))
        .filter(mail_outbox::Column::ToAddress.eq(old.email.as_str()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected;
    let about = tx
        .select::<audit_log::Entity>()
        .filter(audit_log::Column::TargetId.is_in(invitations.into_iter().chain([id.0])))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    // Their names: the current one and any they had before (profile edits
    // record the old and new name).
    let mut names = vec![old.display_name.clone()];
    for entry in &about {
        let renamed = entry.detail.get("displayName");
        names.extend(["old", "new"].iter().filter_map(|k| renamed?.get(k)?.as_str().map(str::to_owned)));
    }
    let mut pairs: Vec<(&str, &str)> = vec![(old.email.as_str(), email.as_str())];
    pairs.extend(names.iter().map(|n| (n.as_str(), ERASED_NAME)));
    let mut audit_entries_cleared = 0;
    for entry in about {
        let mut detail = entry.detail.clone();
        if scrub(&mut detail, &pairs) {
            tx.update_many::<audit_log::Entity>()
                .col_expr(audit_log::Column::Detail, Expr::value(detail))
                .filter(audit_log::Column::Id.eq(entry.id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            audit_entries_cleared += 1;
        }
    }
    audit::record(
        tx,
        AuditAction::UserErasePersonalDetails,
        "user",
        Some(id.0),
        serde_json::json!({
            "sessionsDeleted": sessions_deleted, "apiKeysRevoked": api_keys_revoked,
            "invitationsCleared": invitations_cleared, "mailsCleared": mails_cleared,
            "auditEntriesCleared": audit_entries_cleared,
        }),
    )
    .await?;
    Ok(Erasure {
        user: get_unscoped(tx, id).await?,
        sessions_deleted,
        api_keys_revoked,
        invitations_cleared,
        mails_cleared,
        audit_entries_cleared,
    })
}

/// Replace every string in `v` equal to a `from` by its `to`, and clear
/// every `ip` (logins record the address they came from); whether anything
/// changed.
fn scrub(v: &mut serde_json::Value, pairs: &[(&str, &str)]) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => match pairs.iter().find(|(from, _)| s == from) {
            Some((_, to)) => {
                *s = (*to).to_owned();
                true
            }
            None => false,
        },
        // Every element is scrubbed: no short circuit.
        Value::Array(items) => {
            let mut changed = false;
            for i in items {
                changed |= scrub(i, pairs);
            }
            changed
        }
        Value::Object(map) => {
            let mut changed = false;
            for (k, i) in map.iter_mut() {
                if k == "ip" && !i.is_null() {
                    *i = Value::Null;
                    changed = true;
                } else {
                    changed |= scrub(i, pairs);
                }
            }
            changed
        }
        _ => false,
    }
}

/// Display names of `ids` (those that exist).
pub(crate) async fn display_names(
    tx: &TenantTx,
    ids: impl IntoIterator<Item = UserId>,
) -> Result<std::collections::HashMap<UserId, String>> {
    let ids: Vec<uuid::Uuid> = ids.into_iter().map(|u| u.0).collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(tx
        .select::<user::Entity>()
        .filter(user::Column::Id.is_in(ids))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|u| (UserId(u.id), u.display_name))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erasure_scrubs_nested_values() {
        let mut v = serde_json::json!({ "email": "a@b.cn", "diff": { "old": "李雷", "new": "x" }, "n": [1, "李雷"] });
        assert!(scrub(&mut v, &[("a@b.cn", "e"), ("李雷", "P")]));
        assert_eq!(v, serde_json::json!({ "email": "e", "diff": { "old": "P", "new": "x" }, "n": [1, "P"] }));
        assert!(!scrub(&mut v, &[("a@b.cn", "e")]));
        let mut v = serde_json::json!({ "ip": "10.0.0.1" });
        assert!(scrub(&mut v, &[]));
        assert_eq!(v, serde_json::json!({ "ip": null }));
    }

    #[test]
    fn diff_is_null_when_equal() {
        assert_eq!(diff(&1, &1), serde_json::Value::Null);
        assert_eq!(diff(&"a", &"b"), serde_json::json!({"old": "a", "new": "b"}));
    }
}
