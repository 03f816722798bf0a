//! Who is calling: sign-up (throttled per address), login (with per-account
//! lockout and per-address throttling), bearer-token authentication, logout
//! and password changes.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use guanxi_core::input::{Checker, Email, Locale, Name, Password, TenantSlug, TimeZone};
use guanxi_core::{Actor, ApiKeyId, Error, FieldError, GroupId, JobId, Result, Role, SessionId, TenantId, UserId};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

pub(crate) mod cache;

use crate::audit::AuditAction;
use crate::db::{Access, Backend, RequestMeta, Store, TenantTx, db_err};
use crate::entity::{api_key, auth_throttle, group_supervisor, session, tenant, tenant_slug, user};
use crate::secrets::{TokenKind, hash_password, new_token, parse_token, verify_password};
use crate::{audit, users};

/// How a principal authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A login session.
    Session(SessionId),
    /// An integration API key.
    ApiKey {
        /// The key.
        id: ApiKeyId,
        /// Whether it may write.
        read_write: bool,
    },
    /// A background job, acting as the user who started it.
    Job(JobId),
    /// A download link, acting as the user who asked for it (read only).
    Link(uuid::Uuid),
    /// A workflow run, acting as the workflow's acting user.
    Workflow(guanxi_core::WorkflowRunId),
}

/// An authenticated caller: tenant, acting user and credential. Only this
/// crate can make one, after checking a token or a password.
#[derive(Clone, Debug)]
pub struct Principal {
    tenant_id: TenantId,
    actor: Actor,
    credential: Credential,
}

impl Principal {
    /// The principal a background job runs as: the user who started it, with
    /// their current role and groups (loaded by the caller from an active user).
    pub(crate) fn for_job(tenant_id: TenantId, actor: Actor, job: JobId) -> Principal {
        Principal { tenant_id, actor, credential: Credential::Job(job) }
    }

    /// The principal of a download link: the user who asked for it, with
    /// their current role and groups.
    pub(crate) fn for_link(tenant_id: TenantId, actor: Actor, link: uuid::Uuid) -> Principal {
        Principal { tenant_id, actor, credential: Credential::Link(link) }
    }

    /// The caller's tenant.
    pub fn tenant_id(&self) -> TenantId {
        self.tenant_id
    }
    /// The acting user with role and groups.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
    /// The acting user's id.
    pub fn user_id(&self) -> UserId {
        self.actor.user_id
    }
    /// How the caller authenticated.
    pub fn credential(&self) -> &Credential {
        &self.credential
    }
    /// False for read-only API keys.
    pub fn can_write(&self) -> bool {
        !matches!(self.credential, Credential::ApiKey { read_write: false, .. } | Credential::Link(_))
    }
    /// True when the caller used a login session (not an API key).
    pub fn is_session(&self) -> bool {
        matches!(self.credential, Credential::Session(_))
    }
}

/// A session token handed to a client once, at login or sign-up.
#[derive(Clone, Debug)]
pub struct IssuedSession {
    /// The bearer token (`gxs_…`). Not stored: only its hash is.
    pub token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// Who it authenticates.
    pub principal: Principal,
}

/// What a new company gives when it signs up.
#[derive(Clone, Debug, Default)]
pub struct SignUpInput {
    /// Company name.
    pub company_name: String,
    /// URL slug.
    pub slug: String,
    /// IANA time zone; `Asia/Shanghai` when absent.
    pub time_zone: Option<String>,
    /// `zh-CN` (default) or `en`.
    pub locale: Option<String>,
    /// The admin's e-mail.
    pub admin_email: String,
    /// The admin's name.
    pub admin_name: String,
    /// The admin's password.
    pub password: String,
}

pub(crate) fn chrono(d: std::time::Duration) -> ChronoDuration {
    ChronoDuration::from_std(d).unwrap_or(ChronoDuration::MAX)
}

/// Load an active user with the groups they supervise, as an [`Actor`].
pub(crate) async fn load_actor(tx: &TenantTx, user: &user::Model) -> Result<Actor> {
    let role = user.role.parse::<Role>().map_err(|_| Error::Internal(format!("bad role {}", user.role).into()))?;
    // Only a supervisor's rights depend on the groups they supervise; the
    // other roles skip the query (it runs on every authenticated request).
    let supervises = if role == Role::Supervisor {
        tx.select::<group_supervisor::Entity>()
            .filter(group_supervisor::Column::UserId.eq(user.id))
            .all(tx.conn())
            .await
            .map_err(db_err)?
            .into_iter()
            .map(|g| GroupId(g.group_id))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Actor { user_id: UserId(user.id), role, group_id: user.group_id.map(GroupId), supervises })
}

/// Insert a session row for `user` and return its token.
pub(crate) async fn issue_session(tx: &TenantTx, actor: Actor, meta: &RequestMeta) -> Result<IssuedSession> {
    let token = new_token(TokenKind::Session, tx.tenant_id());
    let id = SessionId::new();
    let expires_at = tx.now + chrono(tx.cfg.session_ttl);
    tx.insert(session::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(id.0),
        user_id: Set(actor.user_id.0),
        token_hash: Set(token.hash),
        created_at: Set(tx.now),
        expires_at: Set(expires_at),
        last_seen_at: Set(tx.now),
        revoked_at: Set(None),
        ip: Set(meta.ip.clone().map(|s| truncate(s, 64))),
        user_agent: Set(meta.user_agent.clone().map(|s| truncate(s, 300))),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(IssuedSession {
        token: token.text,
        expires_at,
        principal: Principal { tenant_id: tx.tenant_id(), actor, credential: Credential::Session(id) },
    })
}

fn truncate(mut s: String, max_chars: usize) -> String {
    if let Some((i, _)) = s.char_indices().nth(max_chars) {
        s.truncate(i);
    }
    s
}

/// The slug of a tenant.
pub(crate) async fn tenant_slug_of(tx: &TenantTx) -> Result<String> {
    tenant_slug::Entity::find()
        .filter(tenant_slug::Column::TenantId.eq(tx.tenant_id().0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .map(|s| s.slug)
        .ok_or(Error::NotFound("tenant"))
}

/// What [`Store::count_attempt`] counted.
pub(crate) struct Attempts {
    /// Attempts in the current window, this one included.
    pub(crate) count: i32,
    /// When the current window ends and the count starts afresh.
    pub(crate) window_ends: DateTime<Utc>,
    /// The time the attempt was counted at.
    pub(crate) now: DateTime<Utc>,
}

impl Attempts {
    /// `RATE_LIMITED` until the window ends when this attempt is past `max`.
    pub(crate) fn refuse_past(&self, max: i32) -> Result<()> {
        if self.count > max {
            return Err(Error::RateLimited { retry_after_secs: (self.window_ends - self.now).num_seconds().max(1) });
        }
        Ok(())
    }
}

fn invalid_credentials() -> Error {
    Error::Unauthenticated
}

impl Store {
    /// Create a company (tenant) and its admin in one transaction and log the
    /// admin in. A mail asks the admin to verify their address.
    ///
    /// Sign-ups are counted per client address (`meta.ip`): past
    /// `signup_max_per_address` within `signup_window` the answer is
    /// `RATE_LIMITED` until the window ends. Input errors are answered before
    /// counting, so a typo costs nothing; a taken slug counts.
    pub async fn sign_up(&self, input: SignUpInput, meta: &RequestMeta) -> Result<IssuedSession> {
        let mut c = Checker::new();
        let company = c.check(Name::parse(&input.company_name, "companyName", 100));
        let slug = c.check(TenantSlug::parse(&input.slug, "slug"));
        let tz = match input.time_zone.as_deref() {
            Some(tz) => c.check(TimeZone::parse(tz, "timeZone")),
            None => Some(TimeZone::DEFAULT),
        };
        let locale = match input.locale.as_deref() {
            Some(l) => c.check(Locale::parse(l, "locale")),
            None => Some(Locale::ZhCn),
        };
        let email = c.check(Email::parse(&input.admin_email, "adminEmail"));
        let name = c.check(Name::parse(&input.admin_name, "adminName", 100));
        let context: Vec<&str> = [email.as_ref().map(Email::local_part), slug.as_ref().map(TenantSlug::as_str)]
            .into_iter()
            .flatten()
            .collect();
        let password = c.check(Password::parse(&input.password, "password", &context));
        c.finish()?;
        let (Some(company), Some(slug), Some(tz), Some(locale), Some(email), Some(name), Some(password)) =
            (company, slug, tz, locale, email, name, password)
        else {
            return Err(Error::Internal("checker passed with a missing field".into()));
        };
        if let Some(ip) = &meta.ip {
            self.count_sign_up(ip).await?;
        }

        let password_hash = hash_password(password.expose().to_owned()).await?;
        let tenant_id = TenantId::new();
        let tx = TenantTx::begin(self, tenant_id, Access::Write).await?;
        tenant_slug::Entity::insert(tenant_slug::ActiveModel {
            slug: Set(slug.as_str().to_owned()),
            tenant_id: Set(tenant_id.0),
            created_at: Set(tx.now),
        })
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
        tx.insert(tenant::ActiveModel {
            tenant_id: Set(tenant_id.0),
            name: Set(company.into_string()),
            time_zone: Set(tz.name().to_owned()),
            locale: Set(locale.as_str().to_owned()),
            settings: Set(serde_json::json!({})),
            plan: Set(guanxi_core::subscription::PlanId::free().into()),
            created_at: Set(tx.now),
            updated_at: Set(tx.now),
            // A new company has no conversations: its dashboards' summary is
            // complete from the start.
            summaries_at: Set(Some(tx.now)),
        })
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
        crate::billing::start_trial(&tx).await?;
        let admin = users::insert_user(&tx, &email, name.as_str(), password_hash, Role::Admin, None, false).await?;
        // The company works at once; the admin's address is verified when
        // the link in this mail is opened.
        crate::account_mail::send_verification(&tx, &admin).await?;
        let mut tx = tx;
        tx.actor = Some(Actor { user_id: UserId(admin.id), role: Role::Admin, group_id: None, supervises: vec![] });
        tx.request_id = meta.request_id.clone();
        tx.emit(guanxi_core::DomainEvent::UserJoined { user: UserId(admin.id), role: Role::Admin, group: None });
        audit::record(
            &tx,
            AuditAction::TenantSignUp,
            "tenant",
            Some(tenant_id.0),
            serde_json::json!({ "slug": slug.as_str() }),
        )
        .await?;
        let actor = tx.actor()?.clone();
        let issued = issue_session(&tx, actor, meta).await?;
        tx.commit().await?;
        Ok(issued)
    }

    /// Log in with company slug, e-mail and password.
    ///
    /// Wrong credentials, an unknown company or e-mail and a deactivated
    /// account all answer `UNAUTHENTICATED` after the same amount of work.
    /// After too many failures the account is locked (`ACCOUNT_LOCKED`) and,
    /// separately, the client address (`RATE_LIMITED`).
    pub async fn login(&self, slug: &str, email: &str, password: &str, meta: &RequestMeta) -> Result<IssuedSession> {
        let address_key = meta.ip.as_ref().map(|ip| format!("ip:{ip}"));
        if let Some(key) = &address_key {
            self.check_address(key).await?;
        }
        let tenant_id = match TenantSlug::parse(slug, "slug") {
            Ok(s) => tenant_slug::Entity::find_by_id(s.as_str().to_owned())
                .one(&self.reader)
                .await
                .map_err(db_err)?
                .map(|t| TenantId(t.tenant_id)),
            Err(_) => None,
        };
        let email = Email::parse(email, "email").ok();
        let found = match (tenant_id, &email) {
            (Some(t), Some(e)) => {
                let tx = TenantTx::begin(self, t, Access::Read).await?;
                let u = users::find_by_email(&tx, e).await?;
                tx.commit().await?;
                u
            }
            _ => None,
        };
        if let Some(u) = &found
            && let Some(until) = u.locked_until
            && until > Utc::now()
        {
            return Err(Error::AccountLocked { retry_after_secs: (until - Utc::now()).num_seconds().max(1) });
        }
        let ok = verify_password(password.to_owned(), found.as_ref().map(|u| u.password_hash.clone())).await?;
        let (Some(tenant_id), Some(u), true) = (tenant_id, found.filter(|u| u.active), ok) else {
            if let (Some(t), Some(e)) = (tenant_id, &email) {
                self.record_account_failure(t, e).await?;
            }
            if let Some(key) = &address_key {
                self.record_address_failure(key).await?;
            }
            return Err(invalid_credentials());
        };

        let mut tx = TenantTx::begin(self, tenant_id, Access::Write).await?;
        tx.update_many::<user::Entity>()
            .col_expr(user::Column::FailedLogins, Expr::value(0))
            .col_expr(user::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(user::Column::LastLoginAt, Expr::value(Some(tx.now)))
            .filter(user::Column::Id.eq(u.id))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        let actor = load_actor(&tx, &u).await?;
        tx.actor = Some(actor.clone());
        tx.request_id = meta.request_id.clone();
        audit::record(&tx, AuditAction::AuthLogin, "user", Some(u.id), serde_json::json!({ "ip": meta.ip })).await?;
        let issued = issue_session(&tx, actor, meta).await?;
        tx.commit().await?;
        Ok(issued)
    }

    /// Count a sign-up from `ip`; `RATE_LIMITED` once the address is past
    /// its allowance for the window.
    async fn count_sign_up(&self, ip: &str) -> Result<()> {
        let max = self.cfg.signup_max_per_address;
        if max <= 0 {
            return Ok(());
        }
        self.count_attempt(&format!("signup:{ip}"), self.cfg.signup_window).await?.refuse_past(max)
    }

    /// Count one attempt under `key` (a throttle of sign-ups, login failures
    /// or account mails) and return the count of the current window, which
    /// starts afresh once `window` has passed since its first attempt.
    ///
    /// One statement reads and bumps the count, so a burst of concurrent
    /// attempts cannot all see the same count and slip through together.
    /// The table is global: the key says what is counted.
    pub(crate) async fn count_attempt(&self, key: &str, window: std::time::Duration) -> Result<Attempts> {
        use auth_throttle::Column as C;
        let now = Utc::now();
        let window = chrono(window);
        let current = || Expr::col((auth_throttle::Entity, C::WindowStartedAt)).gt(now - window);
        let q = Query::insert()
            .into_table(auth_throttle::Entity)
            .columns([C::Key, C::Failures, C::WindowStartedAt, C::LockedUntil])
            .values_panic([key.into(), 1.into(), now.into(), Option::<DateTime<Utc>>::None.into()])
            .on_conflict(
                OnConflict::column(C::Key)
                    .value(
                        C::Failures,
                        Expr::case(current(), Expr::col((auth_throttle::Entity, C::Failures)).add(1)).finally(1),
                    )
                    .value(
                        C::WindowStartedAt,
                        Expr::case(current(), Expr::col((auth_throttle::Entity, C::WindowStartedAt)))
                            .finally(Expr::val(now)),
                    )
                    .to_owned(),
            )
            .returning(Query::returning().columns([C::Failures, C::WindowStartedAt]))
            .to_owned();
        let row = self
            .db
            .query_one(self.db.get_database_backend().build(&q))
            .await
            .map_err(db_err)?
            .ok_or_else(|| Error::Internal("throttle counter upsert returned nothing".into()))?;
        Ok(Attempts {
            count: row.try_get("", "failures").map_err(db_err)?,
            window_ends: row.try_get::<DateTime<Utc>>("", "window_started_at").map_err(db_err)? + window,
            now,
        })
    }

    /// `RATE_LIMITED` while the address `key` is locked after too many
    /// failed logins.
    async fn check_address(&self, key: &str) -> Result<()> {
        let row = auth_throttle::Entity::find_by_id(key.to_owned()).one(&self.reader).await.map_err(db_err)?;
        if let Some(until) = row.and_then(|r| r.locked_until)
            && until > Utc::now()
        {
            return Err(Error::RateLimited { retry_after_secs: (until - Utc::now()).num_seconds().max(1) });
        }
        Ok(())
    }

    /// Count a failed login from the address `key`, locking the address for
    /// `address_lock` once it reaches `address_max_failures` in the window.
    async fn record_address_failure(&self, key: &str) -> Result<()> {
        let failures = self.count_attempt(key, self.cfg.address_window).await?;
        if failures.count >= self.cfg.address_max_failures {
            auth_throttle::Entity::update_many()
                .col_expr(
                    auth_throttle::Column::LockedUntil,
                    Expr::value(Some(failures.now + chrono(self.cfg.address_lock))),
                )
                .filter(auth_throttle::Column::Key.eq(key))
                .exec(&self.db)
                .await
                .map_err(db_err)?;
        }
        Ok(())
    }

    async fn record_account_failure(&self, tenant: TenantId, email: &Email) -> Result<()> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        if let Some(u) = users::find_by_email(&tx, email).await? {
            let failures = u.failed_logins + 1;
            let locked = (failures >= self.cfg.account_max_failures).then(|| tx.now + chrono(self.cfg.account_lock));
            tx.update_many::<user::Entity>()
                .col_expr(user::Column::FailedLogins, Expr::value(if locked.is_some() { 0 } else { failures }))
                .col_expr(user::Column::LockedUntil, Expr::value(locked))
                .filter(user::Column::Id.eq(u.id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            if locked.is_some() {
                audit::record_as(&tx, None, AuditAction::AuthAccountLocked, "user", Some(u.id), serde_json::json!({}))
                    .await?;
            }
        }
        tx.commit().await
    }

    /// Resolve a bearer token (session or API key) to its principal.
    ///
    /// On PostgreSQL a verified credential is kept in memory for
    /// `credential_cache_ttl`, so most requests spend no transaction on it;
    /// every change that ends or narrows it drops the copy at once (see
    /// [`cache`]).
    pub async fn authenticate(&self, token: &str) -> Result<Principal> {
        let parsed = parse_token(token).ok_or(Error::Unauthenticated)?;
        let is_session = match parsed.kind {
            TokenKind::Session => true,
            TokenKind::ApiKey => false,
            TokenKind::Invitation
            | TokenKind::Download
            | TokenKind::SuggestionReader
            | TokenKind::PasswordReset
            | TokenKind::EmailVerification => return Err(Error::Unauthenticated),
        };
        let key: cache::Key = (parsed.tenant, is_session, parsed.hash.clone());
        let now = Utc::now();
        if let Some(p) = self.auth_cache.get(&key, now) {
            return Ok(p);
        }
        // Taken before reading, so that what is read is not kept if a
        // change is committed meanwhile.
        let generation = self.auth_cache.generation();
        let (principal, expires) = self.verify_token(&parsed).await?;
        self.auth_cache.put(generation, key, principal.clone(), now, expires);
        Ok(principal)
    }

    /// Read a session or API key, its user and groups from the database:
    /// the principal, and when the credential expires (API keys do not).
    ///
    /// The credential's last use is touched at most once a minute. On
    /// PostgreSQL the reads and the touch share one write transaction. On
    /// SQLite, which has no credential cache and so verifies every request,
    /// the reads run on a reader, beside the writer, and only a touch that
    /// is due takes the writer, in a short transaction of its own after.
    async fn verify_token(&self, parsed: &crate::secrets::ParsedToken) -> Result<(Principal, Option<DateTime<Utc>>)> {
        let access = if self.backend == Backend::Sqlite { Access::Read } else { Access::Write };
        let tx = TenantTx::begin(self, parsed.tenant, access).await?;
        let now = tx.now;
        let (user_id, credential, expires, touch) = match parsed.kind {
            TokenKind::Session => {
                let s = tx
                    .select::<session::Entity>()
                    .filter(session::Column::TokenHash.eq(&parsed.hash))
                    .filter(session::Column::RevokedAt.is_null())
                    .filter(session::Column::ExpiresAt.gt(now))
                    .one(tx.conn())
                    .await
                    .map_err(db_err)?
                    .ok_or(Error::Unauthenticated)?;
                // Touch at most once a minute: a write per request is wasted I/O.
                let touch = (now - s.last_seen_at > ChronoDuration::minutes(1)).then_some(Touch::Session(s.id));
                (s.user_id, Credential::Session(SessionId(s.id)), Some(s.expires_at), touch)
            }
            TokenKind::ApiKey => {
                let k = tx
                    .select::<api_key::Entity>()
                    .filter(api_key::Column::TokenHash.eq(&parsed.hash))
                    .filter(api_key::Column::RevokedAt.is_null())
                    .one(tx.conn())
                    .await
                    .map_err(db_err)?
                    .ok_or(Error::Unauthenticated)?;
                let touch =
                    k.last_used_at.is_none_or(|t| now - t > ChronoDuration::minutes(1)).then_some(Touch::ApiKey(k.id));
                let credential = Credential::ApiKey { id: ApiKeyId(k.id), read_write: k.scope == "read_write" };
                (k.user_id, credential, None, touch)
            }
            TokenKind::Invitation
            | TokenKind::Download
            | TokenKind::SuggestionReader
            | TokenKind::PasswordReset
            | TokenKind::EmailVerification => {
                return Err(Error::Unauthenticated);
            }
        };
        if access == Access::Write
            && let Some(t) = touch
        {
            t.write(&tx).await?;
        }
        let u = tx
            .select::<user::Entity>()
            .filter(user::Column::Id.eq(user_id))
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .filter(|u| u.active)
            .ok_or(Error::Unauthenticated)?;
        let actor = load_actor(&tx, &u).await?;
        tx.commit().await?;
        if access == Access::Read
            && let Some(t) = touch
        {
            let tx = TenantTx::begin(self, parsed.tenant, Access::Write).await?;
            t.write(&tx).await?;
            tx.commit().await?;
        }
        Ok((Principal { tenant_id: parsed.tenant, actor, credential }, expires))
    }

    /// End the caller's session.
    pub async fn logout(&self, principal: &Principal, meta: &RequestMeta) -> Result<()> {
        let Credential::Session(id) = principal.credential() else { return Err(Error::Forbidden) };
        let tx = self.exempt_tx(principal, meta, crate::billing::Exempt::OwnAccount).await?;
        revoke_sessions(&tx, principal.user_id(), Some(*id), None).await?;
        audit::record(&tx, AuditAction::AuthLogout, "user", Some(principal.user_id().0), serde_json::json!({})).await?;
        tx.commit().await
    }

    /// End every session of the caller ("log out everywhere").
    pub async fn logout_everywhere(&self, principal: &Principal, meta: &RequestMeta) -> Result<u64> {
        if !principal.is_session() {
            return Err(Error::Forbidden);
        }
        let tx = self.exempt_tx(principal, meta, crate::billing::Exempt::OwnAccount).await?;
        let n = revoke_sessions(&tx, principal.user_id(), None, None).await?;
        audit::record(
            &tx,
            AuditAction::AuthLogoutEverywhere,
            "user",
            Some(principal.user_id().0),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Change the caller's password. Every other session of theirs ends.
    pub async fn change_password(
        &self,
        principal: &Principal,
        current: &str,
        new: &str,
        meta: &RequestMeta,
    ) -> Result<()> {
        let Credential::Session(session_id) = principal.credential() else { return Err(Error::Forbidden) };
        let tx = self.tenant_tx(principal, Access::Read, meta).await?;
        let me = users::find(&tx, principal.user_id()).await?.ok_or(Error::Unauthenticated)?;
        let slug = tenant_slug_of(&tx).await?;
        tx.commit().await?;
        let email = Email::parse(&me.email, "email").map_err(|e| Error::Validation(vec![e]))?;
        let password = Password::parse(new, "newPassword", &[email.local_part(), &slug])
            .map_err(|e| Error::Validation(vec![e]))?;
        if !verify_password(current.to_owned(), Some(me.password_hash)).await? {
            return Err(Error::Validation(vec![FieldError::new(
                "currentPassword",
                "incorrect",
                "the current password is not correct",
            )]));
        }
        let hash = hash_password(password.expose().to_owned()).await?;
        let tx = self.exempt_tx(principal, meta, crate::billing::Exempt::OwnAccount).await?;
        tx.update_many::<user::Entity>()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::UpdatedAt, Expr::value(tx.now))
            .filter(user::Column::Id.eq(me.id))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        revoke_sessions(&tx, principal.user_id(), None, Some(*session_id)).await?;
        audit::record(&tx, AuditAction::AuthChangePassword, "user", Some(me.id), serde_json::json!({})).await?;
        tx.commit().await
    }
}

/// A credential's last use, due to be recorded.
#[derive(Clone, Copy)]
enum Touch {
    /// A session's `last_seen_at`.
    Session(uuid::Uuid),
    /// An API key's `last_used_at`.
    ApiKey(uuid::Uuid),
}

impl Touch {
    /// Record the use at the transaction's time.
    async fn write(self, tx: &TenantTx) -> Result<()> {
        match self {
            Touch::Session(id) => tx
                .update_many::<session::Entity>()
                .col_expr(session::Column::LastSeenAt, Expr::value(tx.now))
                .filter(session::Column::Id.eq(id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?,
            Touch::ApiKey(id) => tx
                .update_many::<api_key::Entity>()
                .col_expr(api_key::Column::LastUsedAt, Expr::value(Some(tx.now)))
                .filter(api_key::Column::Id.eq(id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?,
        };
        Ok(())
    }
}

/// Revoke a user's sessions: one (`only`), or all but one (`except`), or all.
pub(crate) async fn revoke_sessions(
    tx: &TenantTx,
    user: UserId,
    only: Option<SessionId>,
    except: Option<SessionId>,
) -> Result<u64> {
    tx.auth_changed(user);
    let mut q = tx
        .update_many::<session::Entity>()
        .col_expr(session::Column::RevokedAt, Expr::value(Some(tx.now)))
        .filter(session::Column::UserId.eq(user.0))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(id) = only {
        q = q.filter(session::Column::Id.eq(id.0));
    }
    if let Some(id) = except {
        q = q.filter(session::Column::Id.ne(id.0));
    }
    Ok(q.exec(tx.conn()).await.map_err(db_err)?.rows_affected)
}

/// Count a user's live sessions (for tests and the account page).
pub async fn active_session_count(tx: &TenantTx, user: UserId) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    tx.select::<session::Entity>()
        .select_only()
        .column(session::Column::Id)
        .filter(session::Column::UserId.eq(user.0))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(tx.now))
        .count(tx.conn())
        .await
        .map_err(db_err)
}
