//! Per-request context: the store, who is calling and request metadata.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::Context;
use chrono::{DateTime, Utc};
use guanxi_core::Error;
use guanxi_store::{Access, Principal, RequestMeta, Store, TenantTx};

use crate::error::ApiResult;

/// The outcome of authenticating the request's bearer token.
#[derive(Clone, Debug)]
pub enum Auth {
    /// No `Authorization` header.
    Anonymous,
    /// A header was sent but the token is invalid, expired or revoked.
    Invalid,
    /// A valid token.
    Principal(Principal),
}

/// A change to the browser's session cookie that a mutation asks for; the
/// server turns it into `Set-Cookie` headers (this crate knows no HTTP).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionCookie {
    /// Keep this new session in the cookie (a web client logged in).
    Start {
        /// The session's bearer token.
        token: String,
        /// When the session ends.
        expires_at: DateTime<Utc>,
    },
    /// The session ended (`logout`, `logoutEverywhere`): clear the cookie.
    End,
}

/// What every resolver can reach.
pub struct RequestContext {
    /// The database.
    pub store: Store,
    /// Who is calling.
    pub auth: Auth,
    /// Address, user agent, request id.
    pub meta: RequestMeta,
    /// Set by a resolver whose caller must stay unidentified (an anonymous
    /// suggestion): the server then keeps the user's id out of the request's
    /// logs and traces. Shared, so the server can read it after execution.
    pub hide_identity: Arc<AtomicBool>,
    /// The caller is the web app (`X-Guanxi-Client: web`): a new session
    /// goes into an HttpOnly cookie, and its token is not in the body,
    /// where a script injected into the page could read it.
    pub web_client: bool,
    /// What a mutation asks to do with the session cookie, read by the
    /// server after execution (shared for that).
    pub session_cookie: Arc<Mutex<Option<SessionCookie>>>,
    /// The company's custom fields, loaded once per request when a resolver
    /// needs them (every customer of a page filters its values with them).
    pub(crate) field_sets:
        tokio::sync::Mutex<std::collections::HashMap<&'static str, Arc<guanxi_store::custom_fields::ReadableFields>>>,
}

impl RequestContext {
    /// A context whose caller is not hidden (yet).
    pub fn new(store: Store, auth: Auth, meta: RequestMeta) -> Self {
        RequestContext {
            store,
            auth,
            meta,
            hide_identity: Arc::new(AtomicBool::new(false)),
            web_client: false,
            session_cookie: Arc::new(Mutex::new(None)),
            field_sets: tokio::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// This context for the web app (see [`RequestContext::web_client`]).
    pub fn for_web_client(mut self, web_client: bool) -> Self {
        self.web_client = web_client;
        self
    }

    /// Ask the server to change the session cookie; a later request in the
    /// same operation wins.
    pub(crate) fn set_session_cookie(&self, change: SessionCookie) {
        if let Ok(mut slot) = self.session_cookie.lock() {
            *slot = Some(change);
        }
    }
}

/// Resolvers reach the request's context and its tenant transactions through
/// this trait.
///
/// Transactions are opened only by [`ContextExt::read`], [`ContextExt::write`]
/// and [`ContextExt::unlinked_write`]: each runs an async closure with the
/// transaction and commits when it returns `Ok`, so a resolver can neither
/// forget the commit (which also appends the transaction's domain events to
/// the outbox) nor commit a failed write. An `Err` drops the transaction,
/// which rolls it back together with any events it buffered.
pub(crate) trait ContextExt {
    fn rc(&self) -> ApiResult<&RequestContext>;
    fn principal(&self) -> ApiResult<&Principal>;
    /// Run `f` in a read transaction of the caller's tenant. The transaction
    /// is ended explicitly (a commit, which for a read changes nothing)
    /// rather than left to a drop.
    async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: AsyncFnOnce(&TenantTx) -> ApiResult<T>;
    /// Run `f` in a write transaction of the caller's tenant and commit it
    /// when `f` succeeds.
    async fn write<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: AsyncFnOnce(&TenantTx) -> ApiResult<T>;
    /// Like [`ContextExt::write`], but the transaction carries none of the
    /// request's metadata (no request id, address or user agent), so nothing
    /// it writes can be tied back to the request and, through access logs, to
    /// the caller.
    async fn unlinked_write<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: AsyncFnOnce(&TenantTx) -> ApiResult<T>;
    /// Like [`ContextExt::write`], but let through when the company's
    /// subscription is read-only: only for the writes
    /// [`guanxi_store::billing::Exempt`] names (billing, exports, one's own account).
    async fn exempt_write<T, F>(&self, why: guanxi_store::billing::Exempt, f: F) -> ApiResult<T>
    where
        F: AsyncFnOnce(&TenantTx) -> ApiResult<T>;
    fn hide_identity(&self) -> ApiResult<()>;
}

/// Run `f` with `tx` and commit on success; on error `tx` is dropped, which
/// rolls it back.
async fn run<T, F>(tx: TenantTx, f: F) -> ApiResult<T>
where
    F: AsyncFnOnce(&TenantTx) -> ApiResult<T>,
{
    let value = f(&tx).await?;
    tx.commit().await?;
    Ok(value)
}

impl ContextExt for Context<'_> {
    fn rc(&self) -> ApiResult<&RequestContext> {
        self.data::<RequestContext>().map_err(|_| Error::Internal("request context missing".into()).into())
    }

    fn principal(&self) -> ApiResult<&Principal> {
        match &self.rc()?.auth {
            Auth::Principal(p) => Ok(p),
            Auth::Anonymous | Auth::Invalid => Err(Error::Unauthenticated.into()),
        }
    }

    async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: AsyncFnOnce(&TenantTx) -> ApiResult<T>,
    {
        let rc = self.rc()?;
        run(rc.store.tenant_tx(self.principal()?, Access::Read, &rc.meta).await?, f).await
    }

    async fn write<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: AsyncFnOnce(&TenantTx) -> ApiResult<T>,
    {
        let rc = self.rc()?;
        run(rc.store.tenant_tx(self.principal()?, Access::Write, &rc.meta).await?, f).await
    }

    async fn unlinked_write<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: AsyncFnOnce(&TenantTx) -> ApiResult<T>,
    {
        let rc = self.rc()?;
        run(rc.store.tenant_tx(self.principal()?, Access::Write, &RequestMeta::default()).await?, f).await
    }

    async fn exempt_write<T, F>(&self, why: guanxi_store::billing::Exempt, f: F) -> ApiResult<T>
    where
        F: AsyncFnOnce(&TenantTx) -> ApiResult<T>,
    {
        let rc = self.rc()?;
        run(rc.store.exempt_tx(self.principal()?, &rc.meta, why).await?, f).await
    }

    /// Keep the caller out of this request's logs and traces.
    fn hide_identity(&self) -> ApiResult<()> {
        self.rc()?.hide_identity.store(true, Ordering::SeqCst);
        Ok(())
    }
}
