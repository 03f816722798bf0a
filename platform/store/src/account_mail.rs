//! Account recovery and address verification by mail: single-use,
//! short-lived tokens (only their hashes are stored) sent as links.
//!
//! - A password reset is asked for anonymously with a company slug and an
//!   e-mail address. The answer is the same whether or not the account
//!   exists, and takes the same time: the request only checks the throttle
//!   (which counts unknown addresses like known ones) and hands the lookup
//!   and the mail to a background task. Using the link sets the password and
//!   ends every session of the user.
//! - The admin who signs up a company gets a verification link; the company
//!   works at once. A company none of whose users has verified an address is
//!   *unverified*; the operator lists those and may prune them.

use std::time::Duration;

use chrono::{DateTime, Utc};
use guanxi_core::input::{Email, Password, TenantSlug};
use guanxi_core::{Action, Error, FieldError, Result, TenantId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::auth::{Principal, chrono, revoke_sessions, tenant_slug_of};
use crate::db::{Access, RequestMeta, Store, TenantTx, db_err};
use crate::entity::{email_token, tenant_slug, user};
use crate::secrets::{TokenKind, hash_password, new_token, parse_token};
use crate::{audit, outbox, tenants, users};

/// What a mailed token is for (stored in `email_tokens.purpose`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Purpose {
    Reset,
    Verify,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Reset => "reset",
            Purpose::Verify => "verify",
        }
    }
    fn kind(self) -> TokenKind {
        match self {
            Purpose::Reset => TokenKind::PasswordReset,
            Purpose::Verify => TokenKind::EmailVerification,
        }
    }
}

fn bad_token(reason: &'static str, message: &str) -> Error {
    Error::Validation(vec![FieldError::new("token", reason, message)])
}

/// Issue a token of `purpose` for `user` in `tx` and return the link to mail.
async fn issue(tx: &TenantTx, user: Uuid, purpose: Purpose, ttl: Duration, path: &str) -> Result<String> {
    let token = new_token(purpose.kind(), tx.tenant_id());
    tx.insert(email_token::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(Uuid::now_v7()),
        user_id: Set(user),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(token.hash),
        created_at: Set(tx.now),
        expires_at: Set(tx.now + chrono(ttl)),
        used_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(format!("{}/{path}?token={}", tx.cfg.public_url.trim_end_matches('/'), token.text))
}

/// Use a token of `purpose` in `tx`: marks it used and returns its user.
/// Unknown, used and expired tokens are `VALIDATION_FAILED` on `token` with
/// the reasons `invalid`, `used` and `expired`.
async fn consume(tx: &TenantTx, hash: &str, purpose: Purpose) -> Result<user::Model> {
    let t = tx
        .select::<email_token::Entity>()
        .filter(email_token::Column::TokenHash.eq(hash))
        .filter(email_token::Column::Purpose.eq(purpose.as_str()))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or_else(|| bad_token("invalid", "this link is not valid"))?;
    if t.used_at.is_some() {
        return Err(bad_token("used", "this link has already been used"));
    }
    if t.expires_at <= tx.now {
        return Err(bad_token("expired", "this link has expired; ask for a new one"));
    }
    // Guarded by `used_at IS NULL`, so of two concurrent uses one wins.
    let marked = tx
        .update_many::<email_token::Entity>()
        .col_expr(email_token::Column::UsedAt, Expr::value(Some(tx.now)))
        .filter(email_token::Column::Id.eq(t.id))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if marked.rows_affected != 1 {
        return Err(bad_token("used", "this link has already been used"));
    }
    users::find(tx, UserId(t.user_id))
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| bad_token("invalid", "this link is not valid"))
}

/// Mark the user's address verified (once).
async fn mark_verified(tx: &TenantTx, user: Uuid) -> Result<()> {
    tx.update_many::<user::Entity>()
        .col_expr(user::Column::EmailVerifiedAt, Expr::value(Some(tx.now)))
        .filter(user::Column::Id.eq(user))
        .filter(user::Column::EmailVerifiedAt.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Queue the verification mail for `user` in `tx` (at sign-up and on resend).
pub(crate) async fn send_verification(tx: &TenantTx, user: &user::Model) -> Result<()> {
    let link = issue(tx, user.id, Purpose::Verify, tx.cfg.email_verification_ttl, "verify-email").await?;
    let company = tenants::current(tx).await?;
    let subject = format!("请验证您的邮箱 · Verify your e-mail address for {}", company.name);
    let body = format!(
        "{name}，您好：\n\n请打开以下链接，验证 {email} 是您在 {company}（关系 CRM）的邮箱：\n{link}\n\n\
         Hello {name},\n\nOpen this link to confirm that {email} is your address at {company} on Guanxi CRM:\n{link}\n\n\
         如果这不是您本人的操作，请忽略本邮件。If you did not sign up, ignore this mail.\n",
        name = user.display_name,
        email = user.email,
        company = company.name,
    );
    outbox::enqueue(tx, "email_verification", &user.email, &subject, &body).await
}

/// A throttle key that names an account without storing its address in the
/// global throttle table.
fn account_key(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    format!("{prefix}:{}", hex::encode(h.finalize()))
}

impl Store {
    /// Count one request under `key` and refuse it (`RATE_LIMITED`) past
    /// `max` within the account-mail window, until the window ends. Unlike
    /// login failures, every request counts: these requests send mail.
    async fn throttle(&self, key: &str, max: i32) -> Result<()> {
        self.count_attempt(key, self.cfg.account_mail_window).await?.refuse_past(max)
    }

    /// Ask for a password-reset mail for `email` in the company `slug`.
    ///
    /// Answers `Ok` whether or not the account exists, after the same work:
    /// only the throttle runs here (per client address and per slug and
    /// address, known or not); finding the account and queueing the mail
    /// happen in a background task. Malformed input is refused, since that
    /// says nothing about any account.
    pub async fn request_password_reset(&self, slug: &str, email: &str, meta: &RequestMeta) -> Result<()> {
        let slug = TenantSlug::parse(slug, "slug").map_err(|e| Error::Validation(vec![e]))?;
        let email = Email::parse(email, "email").map_err(|e| Error::Validation(vec![e]))?;
        if let Some(ip) = &meta.ip {
            self.throttle(&format!("mail:ip:{ip}"), self.cfg.account_mail_max_per_address).await?;
        }
        self.throttle(
            &account_key("mail:reset", &[slug.as_str(), email.as_str()]),
            self.cfg.account_mail_max_per_account,
        )
        .await?;
        let store = self.clone();
        let meta = meta.clone();
        tokio::spawn(async move {
            if let Err(e) = store.send_password_reset(&slug, &email, &meta).await {
                tracing::error!(error = %e, "could not queue a password-reset mail");
            }
        });
        Ok(())
    }

    async fn send_password_reset(&self, slug: &TenantSlug, email: &Email, meta: &RequestMeta) -> Result<()> {
        let Some(t) =
            tenant_slug::Entity::find_by_id(slug.as_str().to_owned()).one(&self.reader).await.map_err(db_err)?
        else {
            return Ok(());
        };
        let mut tx = TenantTx::begin(self, TenantId(t.tenant_id), Access::Write).await?;
        tx.request_id = meta.request_id.clone();
        let Some(u) = users::find_by_email(&tx, email).await?.filter(|u| u.active) else { return tx.commit().await };
        let link = issue(&tx, u.id, Purpose::Reset, self.cfg.password_reset_ttl, "reset-password").await?;
        let company = tenants::current(&tx).await?;
        let minutes = self.cfg.password_reset_ttl.as_secs() / 60;
        let subject = format!("重置密码 · Reset your password for {}", company.name);
        let body = format!(
            "{name}，您好：\n\n有人请求重置您在 {company}（关系 CRM）的密码。请在 {minutes} 分钟内打开以下链接设置新密码（仅可使用一次）：\n{link}\n\n\
             Hello {name},\n\nSomeone asked to reset your password at {company} on Guanxi CRM. \
             Open this link within {minutes} minutes to choose a new one (it works once):\n{link}\n\n\
             如果不是您本人的操作，请忽略本邮件，密码不会改变。If you did not ask for this, ignore this mail: your password stays as it is.\n",
            name = u.display_name,
            company = company.name,
        );
        outbox::enqueue(&tx, "password_reset", &u.email, &subject, &body).await?;
        audit::record_as(
            &tx,
            None,
            AuditAction::AuthPasswordResetRequested,
            "user",
            Some(u.id),
            serde_json::json!({ "ip": meta.ip }),
        )
        .await?;
        tx.commit().await
    }

    /// Set a new password with a reset token: the token is used up, every
    /// session of the user ends, and the address counts as verified (the
    /// link reached it).
    pub async fn reset_password(&self, token: &str, new_password: &str, meta: &RequestMeta) -> Result<()> {
        let parsed = parse_token(token)
            .filter(|p| p.kind == TokenKind::PasswordReset)
            .ok_or_else(|| bad_token("invalid", "this link is not valid"))?;
        // Check the password against the account before the slow hash, and
        // before the token is used up, so a refused password keeps the link.
        let tx = TenantTx::begin(self, parsed.tenant, Access::Read).await?;
        let owner = tx
            .select::<email_token::Entity>()
            .filter(email_token::Column::TokenHash.eq(&parsed.hash))
            .one(tx.conn())
            .await
            .map_err(db_err)?;
        let u = match owner {
            Some(t) => users::find(&tx, UserId(t.user_id)).await?,
            None => None,
        };
        let slug = tenant_slug_of(&tx).await.ok();
        tx.commit().await?;
        if let (Some(u), Some(slug)) = (&u, &slug) {
            let local = u.email.split('@').next().unwrap_or_default();
            Password::parse(new_password, "newPassword", &[local, slug]).map_err(|e| Error::Validation(vec![e]))?;
        }
        let hash = hash_password(new_password.to_owned()).await?;

        let mut tx = TenantTx::begin(self, parsed.tenant, Access::Write).await?;
        tx.request_id = meta.request_id.clone();
        let u = consume(&tx, &parsed.hash, Purpose::Reset).await?;
        tx.update_many::<user::Entity>()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::FailedLogins, Expr::value(0))
            .col_expr(user::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(user::Column::UpdatedAt, Expr::value(tx.now))
            .filter(user::Column::Id.eq(u.id))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        mark_verified(&tx, u.id).await?;
        revoke_sessions(&tx, UserId(u.id), None, None).await?;
        audit::record_as(
            &tx,
            Some(UserId(u.id)),
            AuditAction::AuthPasswordReset,
            "user",
            Some(u.id),
            serde_json::json!({ "ip": meta.ip }),
        )
        .await?;
        tx.commit().await
    }

    /// Verify an address with the token from the verification mail.
    pub async fn verify_email(&self, token: &str, meta: &RequestMeta) -> Result<()> {
        let parsed = parse_token(token)
            .filter(|p| p.kind == TokenKind::EmailVerification)
            .ok_or_else(|| bad_token("invalid", "this link is not valid"))?;
        let mut tx = TenantTx::begin(self, parsed.tenant, Access::Write).await?;
        tx.request_id = meta.request_id.clone();
        let u = consume(&tx, &parsed.hash, Purpose::Verify).await?;
        mark_verified(&tx, u.id).await?;
        audit::record_as(
            &tx,
            Some(UserId(u.id)),
            AuditAction::UserEmailVerified,
            "user",
            Some(u.id),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await
    }

    /// Send the caller a new verification mail (throttled like password
    /// resets). `CONFLICT` when their address is verified already.
    pub async fn resend_verification(&self, principal: &Principal, meta: &RequestMeta) -> Result<()> {
        if !principal.is_session() {
            return Err(Error::Forbidden);
        }
        principal.actor().authorize(&Action::ManageOwnAccount)?;
        let tx = self.tenant_tx(principal, Access::Read, meta).await?;
        let me = users::find(&tx, principal.user_id()).await?.ok_or(Error::Unauthenticated)?;
        tx.commit().await?;
        if me.email_verified_at.is_some() {
            return Err(Error::Conflict(FieldError::new(
                "email",
                "already_verified",
                "your address is verified already",
            )));
        }
        // Counted outside the write transaction: on SQLite that transaction
        // holds the only connection the throttle would need.
        if let Some(ip) = &meta.ip {
            self.throttle(&format!("mail:ip:{ip}"), self.cfg.account_mail_max_per_address).await?;
        }
        let key = account_key("mail:verify", &[&principal.tenant_id().0.to_string(), &me.id.to_string()]);
        self.throttle(&key, self.cfg.account_mail_max_per_account).await?;
        let tx = self.exempt_tx(principal, meta, crate::billing::Exempt::OwnAccount).await?;
        send_verification(&tx, &me).await?;
        tx.commit().await
    }
}
