//! Download links: `issue` makes a short-lived token for an export the
//! caller is allowed to ask for; [`Store::open_download`] turns the token
//! back into the request and a principal for the user who asked, with their
//! rights as they are at download time (a deactivated user's links stop
//! working). Only the SHA-256 of the token's secret is stored.

use chrono::{DateTime, Duration, Utc};
use guanxi_core::{Error, Result, TenantId};
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter};
use serde_json::Value;
use uuid::Uuid;

use crate::auth::{Principal, load_actor};
use crate::db::{Access, Store, TenantTx, db_err};
use crate::entity::{download, user};
use crate::secrets::{TokenKind, new_token, parse_token};

/// How long a link works.
pub const LINK_TTL: Duration = Duration::minutes(10);

/// A link handed to the client once.
#[derive(Clone, Debug)]
pub struct IssuedLink {
    /// The token (`gxd_…`), the last segment of the URL.
    pub token: String,
    /// The file's name.
    pub file_name: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// What a link downloads.
#[derive(Clone, Debug, PartialEq)]
pub struct Download {
    /// Its id.
    pub id: Uuid,
    /// `customers` or `conversations`.
    pub kind: String,
    /// The request as the API took it.
    pub params: Value,
    /// The file's name.
    pub file_name: String,
}

/// Issue a link for `kind` with `params`, acting as `tx`'s user. Authorize
/// and validate the request before calling this.
pub async fn issue(tx: &TenantTx, kind: &str, params: Value, file_name: &str) -> Result<IssuedLink> {
    let actor = tx.actor()?;
    let token = new_token(TokenKind::Download, tx.tenant_id());
    let expires_at = tx.now + LINK_TTL;
    tx.insert(download::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(Uuid::now_v7()),
        token_hash: Set(token.hash),
        user_id: Set(actor.user_id.0),
        kind: Set(kind.to_owned()),
        params: Set(params),
        file_name: Set(file_name.to_owned()),
        expires_at: Set(expires_at),
        created_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(IssuedLink { token: token.text, file_name: file_name.to_owned(), expires_at })
}

impl Store {
    /// Resolve a download token: the request and the principal it runs as.
    /// Unknown, malformed, expired tokens and those of deactivated users are
    /// all `NOT_FOUND`, so a link reveals nothing about why it fails.
    pub async fn open_download(&self, token: &str) -> Result<(Principal, Download)> {
        let gone = || Error::NotFound("download");
        let parsed = parse_token(token).filter(|p| p.kind == TokenKind::Download).ok_or_else(gone)?;
        let tx = TenantTx::begin(self, parsed.tenant, Access::Read).await?;
        let d = tx
            .select::<download::Entity>()
            .filter(download::Column::TokenHash.eq(&parsed.hash))
            .filter(download::Column::ExpiresAt.gt(tx.now))
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .ok_or_else(gone)?;
        let u = tx
            .select::<user::Entity>()
            .filter(user::Column::Id.eq(d.user_id))
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .filter(|u| u.active)
            .ok_or_else(gone)?;
        let actor = load_actor(&tx, &u).await?;
        tx.commit().await?;
        let principal = Principal::for_link(TenantId(parsed.tenant.0), actor, d.id);
        Ok((principal, Download { id: d.id, kind: d.kind, params: d.params, file_name: d.file_name }))
    }
}
