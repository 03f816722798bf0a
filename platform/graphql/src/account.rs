//! Sign-up, login, logout, password change and `me`.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::Error;
use guanxi_store::auth::SignUpInput as StoreSignUp;
use guanxi_store::{Credential, IssuedSession, groups, tenants, users};

use crate::billing::SubscriptionStatus;
use crate::context::{ContextExt, SessionCookie};
use crate::error::ApiResult;
use crate::types::{Group, Tenant, User};

/// Sign up a new company.
#[derive(InputObject)]
pub struct SignUpInput {
    /// Company name, e.g. 上海关系贸易有限公司.
    company_name: String,
    /// URL slug: 3–32 of a-z, 0-9 and hyphens, starting with a letter.
    slug: String,
    /// IANA time zone; defaults to Asia/Shanghai.
    time_zone: Option<String>,
    /// `zh-CN` (default) or `en`.
    locale: Option<String>,
    /// The first admin's e-mail.
    admin_email: String,
    /// The first admin's name.
    admin_name: String,
    /// At least 10 characters; not a common password.
    password: String,
}

/// Log in to a company.
#[derive(InputObject)]
pub struct LoginInput {
    /// The company's slug.
    slug: String,
    email: String,
    password: String,
}

/// Change one's own password.
#[derive(InputObject)]
pub struct ChangePasswordInput {
    current_password: String,
    new_password: String,
}

/// Ask for a password-reset mail.
#[derive(InputObject)]
pub struct RequestPasswordResetInput {
    /// The company's slug.
    slug: String,
    email: String,
}

/// Choose a new password with the token from a reset mail.
#[derive(InputObject)]
pub struct ResetPasswordInput {
    /// The `token` parameter of the link in the mail.
    token: String,
    new_password: String,
}

/// A new session: its bearer token (shown once), who it is for.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <token>`. Empty when the request
    /// carried `X-Guanxi-Client: web`: the session is then in the HttpOnly
    /// cookie `gx_session`, with the CSRF token in the cookie `gx_csrf`
    /// (requests echo it in `X-CSRF-Token`; see the API guide).
    token: String,
    expires_at: DateTime<Utc>,
    user: User,
    tenant: Tenant,
}

/// How the caller authenticated.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    /// A login session.
    Session,
    /// An integration API key.
    ApiKey,
}

/// The caller.
pub struct Me {
    user: User,
    /// Read only when selected (see [`AccountQuery::me`]).
    tenant: Option<Tenant>,
    /// Read only when selected, with the user and tenant.
    standing: Option<SubscriptionStanding>,
    auth_method: AuthMethod,
    can_write: bool,
}

/// Where the caller's company's subscription stands, as every member sees
/// it (the notice the app shows: trial days left, the end of a grace
/// period, read-only). The plan, prices, invoices and provider are in
/// `billing`, for admins.
#[derive(SimpleObject, Clone)]
pub struct SubscriptionStanding {
    /// The state writes obey now: past `readOnlyAt` it reads `READ_ONLY`.
    state: SubscriptionStatus,
    /// End of the trial, while `TRIALING`.
    trial_ends_at: Option<DateTime<Utc>>,
    /// While `PAST_DUE`, when writes stop unless the company pays; when
    /// `READ_ONLY` or `CANCELED`, since when. Null otherwise.
    read_only_at: Option<DateTime<Utc>>,
}

/// The caller.
#[Object]
impl Me {
    async fn user(&self) -> &User {
        &self.user
    }
    async fn tenant(&self) -> ApiResult<&Tenant> {
        // `me` reads the tenant whenever the selection names it, so this
        // is never reached without one.
        self.tenant.as_ref().ok_or_else(|| Error::Internal("me.tenant was not read".into()).into())
    }
    async fn auth_method(&self) -> AuthMethod {
        self.auth_method
    }
    /// False for read-only API keys.
    async fn can_write(&self) -> bool {
        self.can_write
    }
    /// Where the company's subscription stands; any role may read it.
    async fn subscription(&self) -> ApiResult<&SubscriptionStanding> {
        // Read by `me` whenever the selection names it, as the tenant is.
        self.standing.as_ref().ok_or_else(|| Error::Internal("me.subscription was not read".into()).into())
    }
}

impl From<guanxi_store::billing::Standing> for SubscriptionStanding {
    fn from(s: guanxi_store::billing::Standing) -> Self {
        SubscriptionStanding {
            state: SubscriptionStatus::from(s.state),
            trial_ends_at: s.trial_ends_at,
            read_only_at: s.read_only_at,
        }
    }
}

/// The fields of the caller's `User` that the verified credential already
/// holds: a `me` that selects nothing else needs no database read.
const CREDENTIAL_USER_FIELDS: [&str; 3] = ["id", "role", "__typename"];

pub(crate) async fn payload(ctx: &Context<'_>, issued: IssuedSession) -> ApiResult<AuthPayload> {
    let rc = ctx.rc()?;
    let tx = rc.store.tenant_tx(&issued.principal, guanxi_store::Access::Read, &rc.meta).await?;
    let user = users::me(&tx).await?;
    let tenant = tenants::current(&tx).await?;
    // Read as the new session: the request itself has none to read with.
    let group = match user.group_id {
        Some(id) => Some(groups::get(&tx, id).await?),
        None => None,
    };
    tx.commit().await?;
    let token = if rc.web_client {
        // The page's scripts never see the token: it travels in an HttpOnly cookie.
        rc.set_session_cookie(SessionCookie::Start { token: issued.token, expires_at: issued.expires_at });
        String::new()
    } else {
        issued.token
    };
    Ok(AuthPayload {
        token,
        expires_at: issued.expires_at,
        user: User::with_group(user, group.map(Group)),
        tenant: Tenant(tenant),
    })
}

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The authenticated caller, their company and how they authenticated.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Me> {
        // Reads only what the selection needs: the caller's id and role
        // come from the verified credential (cached, and dropped at once
        // when the user's role, activity or sessions change), so
        // `me { user { id } }` costs no database round trip beyond
        // authentication; other user fields, the tenant and the
        // subscription's standing are read in one transaction.
        let p = ctx.principal()?;
        let ahead = ctx.look_ahead();
        // Through fragments too: `selection_set` flattens them.
        let needs_user = ahead
            .field("user")
            .selection_fields()
            .iter()
            .any(|f| f.selection_set().any(|s| !CREDENTIAL_USER_FIELDS.contains(&s.name())));
        let needs_tenant = ahead.field("tenant").exists();
        let needs_standing = ahead.field("subscription").exists();
        let (user, tenant, standing) = if needs_user || needs_tenant || needs_standing {
            ctx.read(async |tx| {
                let user = if needs_user { Some(users::me(tx).await?) } else { None };
                let tenant = if needs_tenant { Some(tenants::current(tx).await?) } else { None };
                let standing =
                    if needs_standing { Some(guanxi_store::billing::standing(tx).await?.into()) } else { None };
                Ok((user, tenant, standing))
            })
            .await?
        } else {
            (None, None, None)
        };
        Ok(Me {
            user: match user {
                Some(u) => User::new(u),
                None => User::of_credential(p.actor()),
            },
            tenant: tenant.map(Tenant),
            standing,
            auth_method: match p.credential() {
                Credential::Session(_) => AuthMethod::Session,
                Credential::ApiKey { .. } => AuthMethod::ApiKey,
                Credential::Job(_) | Credential::Link(_) | Credential::Workflow(_) => {
                    return Err(Error::Internal("a job or link credential reached the API".into()).into());
                }
            },
            can_write: p.can_write(),
        })
    }
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Create a company and its first admin, and log the admin in. From the
    /// web app (`X-Guanxi-Client: web`) the session is set as a cookie and
    /// `token` is empty.
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> ApiResult<AuthPayload> {
        let rc = ctx.rc()?;
        let issued = rc
            .store
            .sign_up(
                StoreSignUp {
                    company_name: input.company_name,
                    slug: input.slug,
                    time_zone: input.time_zone,
                    locale: input.locale,
                    admin_email: input.admin_email,
                    admin_name: input.admin_name,
                    password: input.password,
                },
                &rc.meta,
            )
            .await?;
        payload(ctx, issued).await
    }

    /// Log in with company slug, e-mail and password. Repeated failures lock
    /// the account (`ACCOUNT_LOCKED`) and throttle the address (`RATE_LIMITED`).
    /// From the web app (`X-Guanxi-Client: web`) the session is set as a
    /// cookie and `token` is empty.
    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> ApiResult<AuthPayload> {
        let rc = ctx.rc()?;
        let issued = rc.store.login(&input.slug, &input.email, &input.password, &rc.meta).await?;
        payload(ctx, issued).await
    }

    /// Mail a password-reset link to `email` in the company `slug`, if
    /// such an active account exists. Answers `true` either way, in the same
    /// time; throttled per client address and per account (`RATE_LIMITED`).
    async fn request_password_reset(&self, ctx: &Context<'_>, input: RequestPasswordResetInput) -> ApiResult<bool> {
        let rc = ctx.rc()?;
        rc.store.request_password_reset(&input.slug, &input.email, &rc.meta).await?;
        Ok(true)
    }

    /// Set a new password with a reset token. The token works once; every
    /// session of the user ends. A used, expired or unknown token is
    /// `VALIDATION_FAILED` on `token` (reason `used`, `expired`, `invalid`).
    async fn reset_password(&self, ctx: &Context<'_>, input: ResetPasswordInput) -> ApiResult<bool> {
        let rc = ctx.rc()?;
        rc.store.reset_password(&input.token, &input.new_password, &rc.meta).await?;
        Ok(true)
    }

    /// Verify an e-mail address with the token from the verification mail.
    /// Errors as for `resetPassword`.
    async fn verify_email(&self, ctx: &Context<'_>, token: String) -> ApiResult<bool> {
        let rc = ctx.rc()?;
        rc.store.verify_email(&token, &rc.meta).await?;
        Ok(true)
    }

    /// Mail the caller a new verification link (throttled like password
    /// resets). `CONFLICT` when the address is verified already.
    async fn resend_verification_email(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let rc = ctx.rc()?;
        rc.store.resend_verification(ctx.principal()?, &rc.meta).await?;
        Ok(true)
    }

    /// End this session. A browser's session cookies (`gx_session`,
    /// `gx_csrf`) are cleared.
    async fn logout(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let rc = ctx.rc()?;
        rc.store.logout(ctx.principal()?, &rc.meta).await?;
        rc.set_session_cookie(SessionCookie::End);
        Ok(true)
    }

    /// End every session of the caller, this one included. Returns how many
    /// ended. A browser's session cookies are cleared.
    async fn logout_everywhere(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        let rc = ctx.rc()?;
        let n = rc.store.logout_everywhere(ctx.principal()?, &rc.meta).await?;
        rc.set_session_cookie(SessionCookie::End);
        Ok(i32::try_from(n).unwrap_or(i32::MAX))
    }

    /// Change the caller's password; every other session of theirs ends.
    async fn change_password(&self, ctx: &Context<'_>, input: ChangePasswordInput) -> ApiResult<bool> {
        let rc = ctx.rc()?;
        rc.store.change_password(ctx.principal()?, &input.current_password, &input.new_password, &rc.meta).await?;
        Ok(true)
    }
}
