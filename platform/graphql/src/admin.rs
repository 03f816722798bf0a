//! Administration: API keys, the audit log and the mail outbox.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use guanxi_core::{ApiKeyId, Error};
use guanxi_store::pagination;
use guanxi_store::{api_keys, audit, outbox};
use uuid::Uuid;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::types::{ApiKey, ApiKeyScope, AuditEntry, Mail};

/// Create an integration API key.
#[derive(InputObject)]
pub struct CreateApiKeyInput {
    /// A label, e.g. "ERP sync".
    name: String,
    scope: ApiKeyScope,
}

/// A new API key and its secret, which is shown only this once.
#[derive(SimpleObject)]
pub struct CreatedApiKey {
    api_key: ApiKey,
    /// Send as `Authorization: Bearer <secret>`.
    secret: String,
}

#[derive(Default)]
pub struct AdminQuery;

#[Object]
impl AdminQuery {
    /// The company's API keys (admins).
    async fn api_keys(&self, ctx: &Context<'_>) -> ApiResult<Vec<ApiKey>> {
        ctx.read(async |tx| Ok(api_keys::list(tx).await?.into_iter().map(ApiKey).collect())).await
    }

    /// The audit log, newest first (admins). Page with `before`: the id of
    /// the last entry seen.
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50)] limit: i32,
        before: Option<ID>,
    ) -> ApiResult<Vec<AuditEntry>> {
        let limit = pagination::limit(limit, 200)?;
        let before = before.as_ref().map(|b| parse_id::<Uuid>(b, "before")).transpose()?;
        ctx.read(async |tx| Ok(audit::list(tx, limit, before).await?.into_iter().map(AuditEntry::from).collect())).await
    }

    /// Mail queued, sent or dead, newest first (admins), with its delivery
    /// state.
    async fn mail_outbox(&self, ctx: &Context<'_>, #[graphql(default = 50)] limit: i32) -> ApiResult<Vec<Mail>> {
        let limit = pagination::limit(limit, 200)?;
        ctx.read(async |tx| Ok(outbox::list(tx, limit).await?.into_iter().map(Mail::from).collect())).await
    }
}

#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
    /// Create an API key (admins, from a login session). The secret is in the
    /// answer and never shown again.
    async fn create_api_key(&self, ctx: &Context<'_>, input: CreateApiKeyInput) -> ApiResult<CreatedApiKey> {
        if !ctx.principal()?.is_session() {
            return Err(Error::Forbidden.into());
        }
        ctx.write(async |tx| {
            let (key, secret) = api_keys::create(tx, &input.name, input.scope.into()).await?;
            Ok(CreatedApiKey { api_key: ApiKey(key), secret })
        })
        .await
    }

    /// Send a dead mail again, with a fresh set of attempts (admins).
    /// `CONFLICT` for a mail that is not dead.
    async fn retry_mail(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Mail> {
        let id = parse_id::<Uuid>(&id, "id")?;
        ctx.write(async |tx| {
            let mail = outbox::retry(tx, id).await?;
            Ok(Mail::from(mail))
        })
        .await
    }

    /// Revoke an API key (admins).
    async fn revoke_api_key(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ApiKey> {
        let id = parse_id::<ApiKeyId>(&id, "id")?;
        ctx.write(async |tx| {
            let key = api_keys::revoke(tx, id).await?;
            Ok(ApiKey(key))
        })
        .await
    }
}
