//! Invitations: an admin (or a supervisor, for their groups) invites someone
//! by e-mail with a role and group; the invitation mail goes to the outbox;
//! accepting it creates the user with the password they choose, and makes a
//! supervisor invited into a group that group's supervisor, in the same
//! transaction, which emits `user.joined` (and `group.changed` for the
//! appointment).

use chrono::{DateTime, Utc};
use guanxi_core::events::Definition;
use guanxi_core::input::{Checker, Email, Name, Password};
use guanxi_core::{Action, Actor, DomainEvent, Error, GroupId, InvitationId, Result, Role, UserId};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, PaginatorTrait, QueryFilter, QueryOrder};

use crate::audit::AuditAction;
use crate::auth::{IssuedSession, chrono, issue_session, load_actor, tenant_slug_of};
use crate::db::{Access, RequestMeta, Store, TenantTx, db_err};
use crate::entity::{group_supervisor, invitation};
use crate::secrets::{TokenKind, hash_password, new_token, parse_token};
use crate::{audit, outbox, tenants, users};

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationStatus {
    /// Waiting to be accepted.
    Pending,
    /// Accepted; the user exists.
    Accepted,
    /// Withdrawn, or replaced by a newer invitation.
    Revoked,
    /// Not accepted in time.
    Expired,
}

/// An invitation as the API shows it (never the token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    /// Id.
    pub id: InvitationId,
    /// Invitee.
    pub email: String,
    /// Role on acceptance.
    pub role: Role,
    /// Group on acceptance.
    pub group_id: Option<GroupId>,
    /// Who invited.
    pub invited_by: UserId,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Valid until.
    pub expires_at: DateTime<Utc>,
    /// Status now.
    pub status: InvitationStatus,
}

fn view(m: invitation::Model, now: DateTime<Utc>) -> Result<Invitation> {
    let status = if m.accepted_at.is_some() {
        InvitationStatus::Accepted
    } else if m.revoked_at.is_some() {
        InvitationStatus::Revoked
    } else if m.expires_at <= now {
        InvitationStatus::Expired
    } else {
        InvitationStatus::Pending
    };
    Ok(Invitation {
        id: InvitationId(m.id),
        role: m.role.parse().map_err(|_| Error::Internal(format!("bad role {}", m.role).into()))?,
        email: m.email,
        group_id: m.group_id.map(GroupId),
        invited_by: UserId(m.invited_by),
        created_at: m.created_at,
        expires_at: m.expires_at,
        status,
    })
}

fn manageable(actor: &Actor) -> Condition {
    if actor.role == Role::Admin {
        Condition::all()
    } else {
        Condition::all().add(invitation::Column::GroupId.is_in(actor.supervises.iter().map(|g| g.0)))
    }
}

/// Invite `email` to join with `role` in `group`. Any earlier pending
/// invitation for the same address is revoked. The mail with the acceptance
/// link is queued in the outbox.
pub async fn create(tx: &TenantTx, email: &str, role: Role, group_id: Option<GroupId>) -> Result<Invitation> {
    let actor = tx.actor()?.clone();
    let email = Email::parse(email, "email").map_err(|e| Error::Validation(vec![e]))?;
    actor.authorize(&Action::InviteUser { role, group: group_id })?;
    if role == Role::Supervisor && group_id.is_some() {
        // Accepting makes the invitee the group's supervisor (see
        // `accept_invitation`): the inviter must be allowed to appoint one.
        actor.authorize(&Action::ManageGroups)?;
    }
    if let Some(g) = group_id {
        users::ensure_group_exists(tx, g, "groupId").await?;
    }
    if users::find_by_email(tx, &email).await?.is_some() {
        return Err(Error::Conflict(guanxi_core::FieldError::new(
            "email",
            "taken",
            "a user with this e-mail already exists in your company",
        )));
    }
    tx.update_many::<invitation::Entity>()
        .col_expr(invitation::Column::RevokedAt, Expr::value(Some(tx.now)))
        .filter(invitation::Column::Email.eq(email.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    // Every pending invitation may become an active user: a seat each.
    let pending = tx
        .select::<invitation::Entity>()
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(tx.now))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    crate::entitlements::ensure(tx, guanxi_core::subscription::Entitlement::Seats, pending + 1).await?;
    let token = new_token(TokenKind::Invitation, tx.tenant_id());
    let model = invitation::Model {
        tenant_id: tx.tenant_id().0,
        id: InvitationId::new().0,
        email: email.as_str().to_owned(),
        role: role.as_str().to_owned(),
        group_id: group_id.map(|g| g.0),
        invited_by: actor.user_id.0,
        token_hash: token.hash,
        created_at: tx.now,
        expires_at: tx.now + chrono(tx.cfg.invitation_ttl),
        accepted_at: None,
        revoked_at: None,
    };
    tx.insert(invitation::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;

    let company = tenants::current(tx).await?;
    let inviter = users::me(tx).await?;
    let link = format!("{}/accept-invitation?token={}", tx.cfg.public_url.trim_end_matches('/'), token.text);
    let expires = model.expires_at.format("%Y-%m-%d %H:%M UTC");
    let subject = format!(
        "{} 邀请您加入 {} · {} invites you to {}",
        inviter.display_name, company.name, inviter.display_name, company.name
    );
    let body = format!(
        "您好，\n\n{inviter} 邀请您以「{role_zh}」身份加入 {company} 的关系 CRM。\n请在 {expires} 前打开以下链接设置密码：\n{link}\n\n\
         Hello,\n\n{inviter} invites you to join {company} on Guanxi CRM as {role}.\n\
         Open this link before {expires} to choose your password:\n{link}\n\n\
         邀请码 / Invitation code: {token}\n",
        inviter = inviter.display_name,
        company = company.name,
        role_zh = role_zh(role),
        role = role.as_str(),
        token = token.text,
    );
    outbox::enqueue(tx, "invitation", email.as_str(), &subject, &body).await?;
    audit::record(
        tx,
        AuditAction::UserInvite,
        "invitation",
        Some(model.id),
        serde_json::json!({ "email": email.as_str(), "role": role.as_str(), "groupId": group_id }),
    )
    .await?;
    view(model, tx.now)
}

/// A pending invitation with a fresh link, for an admin to hand over by
/// other means than the mail.
#[derive(Clone, Debug)]
pub struct RenewedLink {
    /// The invitation, its expiry pushed back.
    pub invitation: Invitation,
    /// `{public_url}/accept-invitation?token=…`.
    pub url: String,
}

/// Issue a new link for a pending invitation (admins only), valid for the
/// invitation's whole lifetime again. Only a hash of a token is stored, so
/// the link cannot be read back: the new token replaces the old one, and the
/// link in the mail stops working. Audited as `user.invite` with
/// `renewed: true`.
pub async fn renew_link(tx: &TenantTx, id: InvitationId) -> Result<RenewedLink> {
    let actor = tx.actor()?.clone();
    if actor.role != Role::Admin {
        return Err(Error::Forbidden);
    }
    let m = tx
        .select::<invitation::Entity>()
        .filter(invitation::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("invitation"))?;
    if view(m.clone(), tx.now)?.status != InvitationStatus::Pending {
        return Err(Error::Conflict(guanxi_core::FieldError::new(
            "id",
            "not_pending",
            "this invitation is no longer pending",
        )));
    }
    let token = new_token(TokenKind::Invitation, tx.tenant_id());
    let expires_at = tx.now + chrono(tx.cfg.invitation_ttl);
    tx.update_many::<invitation::Entity>()
        .col_expr(invitation::Column::TokenHash, Expr::value(token.hash.clone()))
        .col_expr(invitation::Column::ExpiresAt, Expr::value(expires_at))
        .filter(invitation::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(
        tx,
        AuditAction::UserInvite,
        "invitation",
        Some(m.id),
        serde_json::json!({ "email": m.email, "role": m.role, "groupId": m.group_id, "renewed": true }),
    )
    .await?;
    let url = format!("{}/accept-invitation?token={}", tx.cfg.public_url.trim_end_matches('/'), token.text);
    let invitation = view(invitation::Model { token_hash: token.hash, expires_at, ..m }, tx.now)?;
    Ok(RenewedLink { invitation, url })
}

fn role_zh(role: Role) -> &'static str {
    match role {
        Role::Salesperson => "业务员",
        Role::Supervisor => "主管",
        Role::Admin => "管理员",
        Role::Maintenance => "系统维护员",
    }
}

/// Invitations the actor may manage, newest first.
pub async fn list(tx: &TenantTx) -> Result<Vec<Invitation>> {
    let actor = tx.actor()?;
    if !matches!(actor.role, Role::Admin | Role::Supervisor) {
        return Err(Error::Forbidden);
    }
    tx.select::<invitation::Entity>()
        .filter(manageable(actor))
        .order_by_desc(invitation::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|m| view(m, tx.now))
        .collect()
}

/// Withdraw a pending invitation.
pub async fn revoke(tx: &TenantTx, id: InvitationId) -> Result<Invitation> {
    let actor = tx.actor()?.clone();
    let m = tx
        .select::<invitation::Entity>()
        .filter(invitation::Column::Id.eq(id.0))
        .filter(manageable(&actor))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("invitation"))?;
    let current = view(m.clone(), tx.now)?;
    actor.authorize(&Action::InviteUser { role: current.role, group: current.group_id })?;
    if current.status != InvitationStatus::Pending {
        return Err(Error::Conflict(guanxi_core::FieldError::new(
            "id",
            "not_pending",
            "this invitation is no longer pending",
        )));
    }
    tx.update_many::<invitation::Entity>()
        .col_expr(invitation::Column::RevokedAt, Expr::value(Some(tx.now)))
        .filter(invitation::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::UserInviteRevoke, "invitation", Some(id.0), serde_json::json!({ "email": m.email }))
        .await?;
    view(invitation::Model { revoked_at: Some(tx.now), ..m }, tx.now)
}

async fn pending_by_hash(tx: &TenantTx, hash: &str) -> Result<invitation::Model> {
    tx.select::<invitation::Entity>()
        .filter(invitation::Column::TokenHash.eq(hash))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(tx.now))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("invitation"))
}

impl Store {
    /// Accept an invitation: create the user with the chosen name and
    /// password and log them in. An unknown, expired, revoked or used token
    /// answers `NOT_FOUND`.
    pub async fn accept_invitation(
        &self,
        token: &str,
        display_name: &str,
        password: &str,
        meta: &RequestMeta,
    ) -> Result<IssuedSession> {
        let parsed =
            parse_token(token).filter(|p| p.kind == TokenKind::Invitation).ok_or(Error::NotFound("invitation"))?;
        let tx = TenantTx::begin(self, parsed.tenant, Access::Read).await?;
        let inv = pending_by_hash(&tx, &parsed.hash).await?;
        let slug = tenant_slug_of(&tx).await?;
        tx.commit().await?;

        let email = Email::parse(&inv.email, "email").map_err(|e| Error::Validation(vec![e]))?;
        let mut c = Checker::new();
        let name = c.check(Name::parse(display_name, "displayName", 100));
        let password = c.check(Password::parse(password, "password", &[email.local_part(), &slug]));
        c.finish()?;
        let (Some(name), Some(password)) = (name, password) else {
            return Err(Error::Internal("checker passed with a missing field".into()));
        };
        let hash = hash_password(password.expose().to_owned()).await?;

        let mut tx = TenantTx::begin(self, parsed.tenant, Access::Write).await?;
        // Claim the invitation first: of two concurrent acceptances only one
        // updates the row, the other finds it gone.
        let claimed = tx
            .update_many::<invitation::Entity>()
            .col_expr(invitation::Column::AcceptedAt, Expr::value(Some(tx.now)))
            .filter(invitation::Column::Id.eq(inv.id))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::RevokedAt.is_null())
            .exec(tx.conn())
            .await
            .map_err(db_err)?
            .rows_affected;
        if claimed != 1 {
            return Err(Error::NotFound("invitation"));
        }
        let role: Role = inv.role.parse()?;
        let group = inv.group_id.map(GroupId);
        let u = users::insert_user(&tx, &email, name.as_str(), hash, role, group, true).await?;
        if let (Role::Supervisor, Some(g)) = (role, group) {
            // Only someone who may appoint supervisors can invite one (the
            // permission table lets supervisors invite salespeople only), so
            // the invitation itself is the appointment: a supervisor invited
            // into a group supervises it from the start.
            tx.insert(group_supervisor::ActiveModel {
                // Set by the scoped insert.
                tenant_id: NotSet,
                group_id: Set(g.0),
                user_id: Set(u.id),
                created_at: Set(tx.now),
            })
            .exec_without_returning(tx.conn())
            .await
            .map_err(db_err)?;
        }
        let actor = load_actor(&tx, &u).await?;
        tx.actor = Some(actor.clone());
        tx.request_id = meta.request_id.clone();
        tx.emit(DomainEvent::UserJoined { user: UserId(u.id), role, group });
        audit::record(
            &tx,
            AuditAction::UserAcceptInvitation,
            "user",
            Some(u.id),
            serde_json::json!({ "invitationId": inv.id }),
        )
        .await?;
        if let (Role::Supervisor, Some(g)) = (role, group) {
            tx.emit(DomainEvent::GroupChanged { group: g, what: Definition::Updated });
            audit::record(
                &tx,
                AuditAction::GroupAddSupervisor,
                "group",
                Some(g.0),
                serde_json::json!({ "userId": u.id }),
            )
            .await?;
        }
        let issued = issue_session(&tx, actor, meta).await?;
        tx.commit().await?;
        Ok(issued)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_chinese_name() {
        for r in Role::ALL {
            assert!(!role_zh(r).is_empty());
        }
    }
}
