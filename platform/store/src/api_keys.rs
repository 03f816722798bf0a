//! Integration API keys: created by admins, shown once, stored hashed, with a
//! read or read-write scope, revocable, with a last-used time. A key acts as
//! the admin who created it and stops working if that user is deactivated.

use chrono::{DateTime, Utc};
use guanxi_core::input::Name;
use guanxi_core::{Action, ApiKeyId, Error, Result, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};

use crate::audit;
use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use crate::entity::api_key;
use crate::secrets::{TokenKind, new_token};

/// What a key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyScope {
    /// Queries only.
    Read,
    /// Queries and mutations.
    ReadWrite,
}

impl ApiKeyScope {
    fn as_str(self) -> &'static str {
        match self {
            ApiKeyScope::Read => "read",
            ApiKeyScope::ReadWrite => "read_write",
        }
    }
}

/// A key as the API shows it (never the secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    /// Id.
    pub id: ApiKeyId,
    /// Label.
    pub name: String,
    /// Scope.
    pub scope: ApiKeyScope,
    /// Last four characters, to tell keys apart.
    pub hint: String,
    /// The user the key acts as.
    pub user_id: UserId,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

fn view(m: api_key::Model) -> ApiKey {
    ApiKey {
        id: ApiKeyId(m.id),
        name: m.name,
        scope: if m.scope == "read_write" { ApiKeyScope::ReadWrite } else { ApiKeyScope::Read },
        hint: m.token_hint,
        user_id: UserId(m.user_id),
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        revoked_at: m.revoked_at,
    }
}

/// Create a key; returns it with its secret text, which is never shown again.
pub async fn create(tx: &TenantTx, name: &str, scope: ApiKeyScope) -> Result<(ApiKey, String)> {
    let actor = tx.actor()?;
    actor.authorize(&Action::ManageApiKeys)?;
    let name = Name::parse(name, "name", 100).map_err(|e| Error::Validation(vec![e]))?;
    let token = new_token(TokenKind::ApiKey, tx.tenant_id());
    let hint: String = token.text.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let model = api_key::Model {
        tenant_id: tx.tenant_id().0,
        id: ApiKeyId::new().0,
        user_id: actor.user_id.0,
        name: name.into_string(),
        scope: scope.as_str().to_owned(),
        token_hash: token.hash,
        token_hint: hint,
        created_at: tx.now,
        last_used_at: None,
        revoked_at: None,
    };
    tx.insert(api_key::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    audit::record(
        tx,
        AuditAction::ApiKeyCreate,
        "api_key",
        Some(model.id),
        serde_json::json!({ "name": model.name, "scope": model.scope }),
    )
    .await?;
    Ok((view(model), token.text))
}

/// Every key of the tenant, newest first. Admins only.
pub async fn list(tx: &TenantTx) -> Result<Vec<ApiKey>> {
    tx.actor()?.authorize(&Action::ManageApiKeys)?;
    Ok(tx
        .select::<api_key::Entity>()
        .order_by_desc(api_key::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(view)
        .collect())
}

/// Revoke a key. Admins only; revoking twice is harmless.
pub async fn revoke(tx: &TenantTx, id: ApiKeyId) -> Result<ApiKey> {
    tx.actor()?.authorize(&Action::ManageApiKeys)?;
    let m = tx
        .select::<api_key::Entity>()
        .filter(api_key::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("API key"))?;
    if m.revoked_at.is_some() {
        return Ok(view(m));
    }
    tx.auth_changed(UserId(m.user_id));
    tx.update_many::<api_key::Entity>()
        .col_expr(api_key::Column::RevokedAt, Expr::value(Some(tx.now)))
        .filter(api_key::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::ApiKeyRevoke, "api_key", Some(id.0), serde_json::json!({ "name": m.name })).await?;
    Ok(view(api_key::Model { revoked_at: Some(tx.now), ..m }))
}

/// Revoke every live key acting as `user` (on deactivation).
pub(crate) async fn revoke_all_of(tx: &TenantTx, user: UserId) -> Result<u64> {
    Ok(tx
        .update_many::<api_key::Entity>()
        .col_expr(api_key::Column::RevokedAt, Expr::value(Some(tx.now)))
        .filter(api_key::Column::UserId.eq(user.0))
        .filter(api_key::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected)
}
