//! Per-request context: the store, who is calling and request metadata.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_graphql::Context;
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
    /// The company's custom fields, loaded once per request when a resolver
    /// needs them (every customer of a page filters its values with them).
    pub(crate) field_sets:
        tokio::sync::Mutex<std::collections::HashMap<&'static str, Arc<guanxi_core::custom_fields::FieldSet>>>,
}

impl RequestContext {
    /// A context whose caller is not hidden (yet).
    pub fn new(store: Store, auth: Auth, meta: RequestMeta) -> Self {
        RequestContext {
            store,
            auth,
            meta,
            hide_identity: Arc::new(AtomicBool::new(false)),
            field_sets: tokio::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }
}

pub(crate) trait ContextExt {
    fn rc(&self) -> ApiResult<&RequestContext>;
    fn principal(&self) -> ApiResult<&Principal>;
    async fn read_tx(&self) -> ApiResult<TenantTx>;
    async fn write_tx(&self) -> ApiResult<TenantTx>;
    fn hide_identity(&self) -> ApiResult<()>;
    async fn unlinked_write_tx(&self) -> ApiResult<TenantTx>;
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

    async fn read_tx(&self) -> ApiResult<TenantTx> {
        let rc = self.rc()?;
        Ok(rc.store.tenant_tx(self.principal()?, Access::Read, &rc.meta).await?)
    }

    async fn write_tx(&self) -> ApiResult<TenantTx> {
        let rc = self.rc()?;
        Ok(rc.store.tenant_tx(self.principal()?, Access::Write, &rc.meta).await?)
    }

    /// Keep the caller out of this request's logs and traces.
    fn hide_identity(&self) -> ApiResult<()> {
        self.rc()?.hide_identity.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// A write transaction that carries none of the request's metadata (no
    /// request id, address or user agent), so nothing it writes can be tied
    /// back to the request and, through access logs, to the caller.
    async fn unlinked_write_tx(&self) -> ApiResult<TenantTx> {
        let rc = self.rc()?;
        Ok(rc.store.tenant_tx(self.principal()?, Access::Write, &RequestMeta::default()).await?)
    }
}
