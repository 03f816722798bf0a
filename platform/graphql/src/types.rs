//! Output types and enums shared by the domains.

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::Error;
use guanxi_store::api_keys::ApiKey as StoreApiKey;
use guanxi_store::audit::AuditEntry as StoreAuditEntry;
use guanxi_store::groups::{self, Group as StoreGroup};
use guanxi_store::invitations::Invitation as StoreInvitation;
use guanxi_store::outbox::Mail as StoreMail;
use guanxi_store::tenants::Tenant as StoreTenant;
use guanxi_store::users::{self, User as StoreUser, UserFilter};

use crate::context::ContextExt;
use crate::error::ApiResult;

/// A built-in role.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::Role")]
pub enum Role {
    /// 业务员: works their own customers and plans.
    Salesperson,
    /// 主管: sees and manages the groups they supervise.
    Supervisor,
    /// 管理员: the company's owner, everything.
    Admin,
    /// 系统维护员: backup and restore only.
    Maintenance,
}

/// What an API key may do.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::api_keys::ApiKeyScope")]
pub enum ApiKeyScope {
    /// Queries only.
    Read,
    /// Queries and mutations.
    ReadWrite,
}

/// Where an invitation stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::invitations::InvitationStatus")]
pub enum InvitationStatus {
    /// Waiting to be accepted.
    Pending,
    /// Accepted.
    Accepted,
    /// Withdrawn or replaced.
    Revoked,
    /// Not accepted in time.
    Expired,
}

/// A company (tenant).
pub struct Tenant(pub StoreTenant);

#[Object]
impl Tenant {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// URL slug, used to log in.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// Company name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// IANA time zone; date windows (today, this week …) are computed in it.
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }
    /// UI locale, `zh-CN` or `en`.
    async fn locale(&self) -> &str {
        &self.0.locale
    }
    /// Subscription plan (`free` until the company subscribes); it sets the
    /// limits its plugins run under.
    async fn plan(&self) -> &str {
        self.0.plan.as_str()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A user of the company.
pub struct User(pub StoreUser, Option<Option<Group>>);

impl User {
    /// A user whose group is read when asked for, as the caller.
    pub fn new(user: StoreUser) -> User {
        User(user, None)
    }

    /// The caller as their verified credential knows them (id, role and
    /// group), for a `me` whose selection asks for nothing more (see
    /// `AccountQuery::me`): the other fields are not read and hold
    /// placeholders, so nothing else may resolve them.
    pub(crate) fn of_credential(actor: &guanxi_core::Actor) -> User {
        User::new(StoreUser {
            id: actor.user_id,
            email: String::new(),
            display_name: String::new(),
            role: actor.role,
            group_id: actor.group_id,
            // Only an active user's credential verifies.
            active: true,
            last_login_at: None,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            erased_at: None,
            email_verified_at: None,
            away_until: None,
            reminder_time: String::new(),
        })
    }

    /// A user whose group was already read: for the answer of a mutation
    /// that starts a session, whose caller has no session yet to read with.
    pub(crate) fn with_group(user: StoreUser, group: Option<Group>) -> User {
        User(user, Some(group))
    }
}

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    /// The user's group, if they have one and it is visible to the caller.
    async fn group(&self, ctx: &Context<'_>) -> ApiResult<Option<Group>> {
        if let Some(group) = &self.1 {
            return Ok(group.clone());
        }
        let Some(id) = self.0.group_id else { return Ok(None) };
        ctx.read(async |tx| match groups::get(tx, id).await {
            Ok(g) => Ok(Some(Group(g))),
            Err(Error::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await
    }
    /// False once deactivated (offboarded).
    async fn active(&self) -> bool {
        self.0.active
    }
    /// When the user's personal details were erased (`erasePersonalDetails`);
    /// null while they are kept.
    async fn erased_at(&self) -> Option<DateTime<Utc>> {
        self.0.erased_at
    }
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Whether the user proved they receive mail at `email` (by the link in
    /// the verification mail, an invitation or a password reset).
    async fn email_verified(&self) -> bool {
        self.0.email_verified_at.is_some()
    }
    async fn email_verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.email_verified_at
    }
    /// Away (leave, travel) until then: automatic assignment passes them
    /// over. Null when present.
    async fn away_until(&self) -> Option<DateTime<Utc>> {
        self.0.away_until
    }
    /// When their daily reminders arrive, `HH:MM` in the company's time zone.
    async fn reminder_time(&self) -> &str {
        &self.0.reminder_time
    }
}

/// A sales group.
#[derive(Clone)]
pub struct Group(pub StoreGroup);

#[Object]
impl Group {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Supervisors of the group that the caller may see.
    async fn supervisors(&self, ctx: &Context<'_>) -> ApiResult<Vec<User>> {
        ctx.read(async |tx| {
            let mut out = Vec::new();
            for id in groups::supervisors(tx, self.0.id).await? {
                match users::get(tx, id).await {
                    Ok(u) => out.push(User::new(u)),
                    Err(Error::NotFound(_)) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(out)
        })
        .await
    }
    /// Active members of the group that the caller may see.
    async fn members(&self, ctx: &Context<'_>) -> ApiResult<Vec<User>> {
        ctx.read(async |tx| {
            let filter = UserFilter { group_id: Some(self.0.id), ..Default::default() };
            Ok(users::list(tx, &filter).await?.into_iter().map(User::new).collect())
        })
        .await
    }
}

/// An invitation to join the company.
pub struct Invitation(pub StoreInvitation);

#[Object]
impl Invitation {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    async fn group_id(&self) -> Option<ID> {
        self.0.group_id.map(|g| ID(g.to_string()))
    }
    async fn invited_by_id(&self) -> ID {
        ID(self.0.invited_by.to_string())
    }
    async fn status(&self) -> InvitationStatus {
        self.0.status.into()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
}

/// An integration API key (the secret is shown only once, at creation).
pub struct ApiKey(pub StoreApiKey);

#[Object]
impl ApiKey {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn scope(&self) -> ApiKeyScope {
        self.0.scope.into()
    }
    /// The key's last four characters.
    async fn hint(&self) -> &str {
        &self.0.hint
    }
    /// The user the key acts as.
    async fn user_id(&self) -> ID {
        ID(self.0.user_id.to_string())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last use, to the minute.
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

/// An entry of the audit log.
#[derive(SimpleObject)]
pub struct AuditEntry {
    id: ID,
    /// Who acted; null for the system.
    actor_id: Option<ID>,
    /// e.g. `user.invite`.
    action: String,
    target_type: Option<String>,
    target_id: Option<ID>,
    detail: async_graphql::Json<serde_json::Value>,
    request_id: Option<String>,
    created_at: DateTime<Utc>,
}

impl From<StoreAuditEntry> for AuditEntry {
    fn from(e: StoreAuditEntry) -> Self {
        AuditEntry {
            id: ID(e.id.to_string()),
            actor_id: e.actor_id.map(|a| ID(a.to_string())),
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id.map(|t| ID(t.to_string())),
            detail: async_graphql::Json(e.detail),
            request_id: e.request_id,
            created_at: e.created_at,
        }
    }
}

/// A mail in the outbox.
#[derive(SimpleObject)]
pub struct Mail {
    id: ID,
    /// `invitation`, `password_reset`, `email_verification`, `plugin` …
    kind: String,
    to: String,
    subject: String,
    body: String,
    /// `queued` (waiting for delivery or a retry; with no SMTP relay
    /// configured, kept here for admins to read), `sent`, or `dead` (every
    /// attempt failed: see `lastError`; `retryMail` sends it again).
    status: String,
    created_at: DateTime<Utc>,
    /// When the SMTP relay accepted it.
    sent_at: Option<DateTime<Utc>>,
    /// Delivery attempts so far.
    attempts: i32,
    /// Why the last attempt failed.
    last_error: Option<String>,
    /// When the next attempt is due.
    next_attempt_at: Option<DateTime<Utc>>,
}

impl From<StoreMail> for Mail {
    fn from(m: StoreMail) -> Self {
        Mail {
            id: ID(m.id.to_string()),
            kind: m.kind,
            to: m.to,
            subject: m.subject,
            body: m.body,
            status: m.status,
            created_at: m.created_at,
            sent_at: m.sent_at,
            attempts: m.attempts,
            last_error: m.last_error,
            next_attempt_at: m.next_attempt_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guanxi_core::Role as CoreRole;
    use guanxi_store::api_keys::ApiKeyScope as StoreScope;
    use guanxi_store::invitations::InvitationStatus as StoreStatus;

    #[test]
    fn enums_mirror_the_domain() {
        for r in CoreRole::ALL {
            let g: Role = r.into();
            assert_eq!(CoreRole::from(g), r);
        }
        let _: ApiKeyScope = StoreScope::ReadWrite.into();
        let _: InvitationStatus = StoreStatus::Expired.into();
    }
}
