//! Per-request context: the store, who is calling and request metadata.

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
}

pub(crate) trait ContextExt {
    fn rc(&self) -> ApiResult<&RequestContext>;
    fn principal(&self) -> ApiResult<&Principal>;
    async fn read_tx(&self) -> ApiResult<TenantTx>;
    async fn write_tx(&self) -> ApiResult<TenantTx>;
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
}
