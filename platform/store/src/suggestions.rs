//! The suggestion box (建议箱). Any employee (not the maintenance role)
//! submits a suggestion, signed or anonymous. Supervisors and admins read
//! every suggestion of the company — the box is company-wide, not scoped to
//! the groups a supervisor leads — reply to them and delete them.
//!
//! An anonymous suggestion stores nothing that identifies its author: the row
//! has no author, its audit entry has no actor, no request id and no detail
//! about the author, and the transaction that writes it must carry no request
//! metadata (see [`submit`]).
//!
//! Authors read their own suggestions and the replies to them: a signed
//! suggestion's author as themselves ([`mine`]); an anonymous one's only
//! through the private link they were shown once at submission
//! ([`Store::anonymous_suggestion`]). The link's token is random, only its
//! hash is stored, in the suggestion's row, and nothing records who holds it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use guanxi_core::ids::{SuggestionId, SuggestionReplyId};
use guanxi_core::input::TimeZone;
use guanxi_core::messages::{self, SuggestionDraft, SuggestionWindow};
use guanxi_core::{Action, Error, Result, UserId};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::board::display_names;
use crate::db::{Access, Store, TenantTx, db_err};
use crate::entity::{suggestion, suggestion_reply};
use crate::secrets::{TokenKind, new_token, parse_token};
use crate::{audit, tenants};

/// Most suggestions one page holds.
pub const MAX_PAGE: u64 = 100;

/// A suggestion as supervisors and admins see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// Id.
    pub id: SuggestionId,
    /// Who signed it; none when anonymous.
    pub author_id: Option<UserId>,
    /// The signer's display name; none when anonymous.
    pub author_name: Option<String>,
    /// Title.
    pub title: String,
    /// Content.
    pub content: String,
    /// Staff replies.
    pub reply_count: u64,
    /// Submitted.
    pub created_at: DateTime<Utc>,
}

/// A staff reply to a suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuggestionReply {
    /// Id.
    pub id: SuggestionReplyId,
    /// The suggestion answered.
    pub suggestion_id: SuggestionId,
    /// The supervisor or admin who replied.
    pub author_id: UserId,
    /// Their display name.
    pub author_name: String,
    /// Content.
    pub content: String,
    /// Replied.
    pub created_at: DateTime<Utc>,
}

/// What the submitter gets back: the suggestion went in and, for an
/// anonymous one, the token of its private reading link (they cannot read
/// the suggestion box itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitted {
    /// Id.
    pub id: SuggestionId,
    /// Whether it was submitted without a name.
    pub anonymous: bool,
    /// Submitted.
    pub created_at: DateTime<Utc>,
    /// Anonymous only: the token that reads this suggestion and its replies
    /// without logging in. Shown this once; only its hash is kept.
    pub reader_token: Option<String>,
}

async fn find(tx: &TenantTx, id: SuggestionId) -> Result<suggestion::Model> {
    tx.select::<suggestion::Entity>()
        .filter(suggestion::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("suggestion"))
}

async fn reply_counts(tx: &TenantTx, ids: &[Uuid]) -> Result<HashMap<Uuid, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = tx
        .select::<suggestion_reply::Entity>()
        .select_only()
        .column(suggestion_reply::Column::SuggestionId)
        .expr_as(Func::count(Expr::col(suggestion_reply::Column::Id)), "n")
        .filter(suggestion_reply::Column::SuggestionId.is_in(ids.iter().copied()))
        .group_by(suggestion_reply::Column::SuggestionId)
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(|(s, n)| (s, u64::try_from(n).unwrap_or_default())).collect())
}

async fn out(tx: &TenantTx, rows: Vec<suggestion::Model>) -> Result<Vec<Suggestion>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let counts = reply_counts(tx, &ids).await?;
    let names = display_names(tx, rows.iter().filter_map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|m| Suggestion {
            id: SuggestionId(m.id),
            author_id: m.author_id.map(UserId),
            author_name: m.author_id.map(|a| names.get(&a).cloned().unwrap_or_default()),
            title: m.title,
            content: m.content,
            reply_count: counts.get(&m.id).copied().unwrap_or(0),
            created_at: m.created_at,
        })
        .collect())
}

/// Submit a suggestion as the transaction's actor, signed or anonymous.
///
/// For an anonymous one nothing identifying is written: no author, an audit
/// entry without actor or request id. Because the audit log records the
/// transaction's request id, which access logs could tie to a person, an
/// anonymous suggestion is refused (as an internal error: a caller's bug) in a
/// transaction that carries one; open it with an empty [`crate::RequestMeta`].
pub async fn submit(tx: &TenantTx, title: &str, content: &str, anonymous: bool) -> Result<Submitted> {
    let actor = tx.actor()?;
    actor.authorize(&Action::SubmitSuggestion)?;
    let draft = SuggestionDraft::parse(title, content)?;
    if anonymous && tx.request_id.is_some() {
        return Err(Error::Internal("anonymous suggestion in a transaction that carries a request id".into()));
    }
    let id = SuggestionId::new();
    let reader = anonymous.then(|| new_token(TokenKind::SuggestionReader, tx.tenant_id()));
    tx.insert(suggestion::ActiveModel::from(suggestion::Model {
        tenant_id: tx.tenant_id().0,
        id: id.0,
        author_id: (!anonymous).then_some(actor.user_id.0),
        title: draft.title.into_string(),
        content: draft.content.into_string(),
        created_at: tx.now,
        reader_token_hash: reader.as_ref().map(|t| t.hash.clone()),
    }))
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    let detail = serde_json::json!({ "anonymous": anonymous });
    if anonymous {
        audit::record_as(tx, None, AuditAction::SuggestionSubmit, "suggestion", Some(id.0), detail).await?;
    } else {
        audit::record(tx, AuditAction::SuggestionSubmit, "suggestion", Some(id.0), detail).await?;
    }
    Ok(Submitted { id, anonymous, created_at: tx.now, reader_token: reader.map(|t| t.text) })
}

/// Suggestions that arrived within `window` (on the company's clock), newest
/// first, at most `limit` (1 to [`MAX_PAGE`]); page on with `before`, the id
/// of the last suggestion seen. Supervisors and admins; every suggestion of
/// the company.
pub async fn list(
    tx: &TenantTx,
    window: SuggestionWindow,
    limit: u64,
    before: Option<SuggestionId>,
) -> Result<Vec<Suggestion>> {
    tx.actor()?.authorize(&Action::ViewSuggestions)?;
    let mut q = tx.select::<suggestion::Entity>();
    if window != SuggestionWindow::All {
        let tenant = tenants::current(tx).await?;
        // The zone was validated when it was stored; should it ever stop
        // parsing (an old tz database), the default zone is a fair reading.
        let tz = TimeZone::parse(&tenant.time_zone, "timeZone").unwrap_or(TimeZone::DEFAULT);
        if let Some(since) = window.since(tx.now, tz.0) {
            q = q.filter(suggestion::Column::CreatedAt.gte(since));
        }
    }
    if let Some(b) = before {
        q = q.filter(suggestion::Column::Id.lt(b.0));
    }
    let rows =
        q.order_by_desc(suggestion::Column::Id).limit(limit.clamp(1, MAX_PAGE)).all(tx.conn()).await.map_err(db_err)?;
    out(tx, rows).await
}

/// One suggestion. Supervisors and admins.
pub async fn get(tx: &TenantTx, id: SuggestionId) -> Result<Suggestion> {
    tx.actor()?.authorize(&Action::ViewSuggestions)?;
    let m = find(tx, id).await?;
    out(tx, vec![m]).await?.pop().ok_or(Error::NotFound("suggestion"))
}

/// The caller's own signed suggestions, newest first, at most `limit` (1 to
/// [`MAX_PAGE`]); page on with `before`. Everyone who may submit.
pub async fn mine(tx: &TenantTx, limit: u64, before: Option<SuggestionId>) -> Result<Vec<Suggestion>> {
    let actor = tx.actor()?;
    actor.authorize(&Action::SubmitSuggestion)?;
    let mut q = tx.select::<suggestion::Entity>().filter(suggestion::Column::AuthorId.eq(actor.user_id.0));
    if let Some(b) = before {
        q = q.filter(suggestion::Column::Id.lt(b.0));
    }
    let rows =
        q.order_by_desc(suggestion::Column::Id).limit(limit.clamp(1, MAX_PAGE)).all(tx.conn()).await.map_err(db_err)?;
    out(tx, rows).await
}

/// The staff replies to a suggestion, oldest first: for supervisors and
/// admins, and for the author of a signed suggestion.
pub async fn replies(tx: &TenantTx, id: SuggestionId) -> Result<Vec<SuggestionReply>> {
    let actor = tx.actor()?;
    let m = find(tx, id).await?;
    if !actor.can(&Action::ViewSuggestions) && m.author_id != Some(actor.user_id.0) {
        return Err(Error::Forbidden);
    }
    replies_of(tx, id).await
}

async fn replies_of(tx: &TenantTx, id: SuggestionId) -> Result<Vec<SuggestionReply>> {
    let rows = tx
        .select::<suggestion_reply::Entity>()
        .filter(suggestion_reply::Column::SuggestionId.eq(id.0))
        .order_by_asc(suggestion_reply::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let names = display_names(tx, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|m| SuggestionReply {
            id: SuggestionReplyId(m.id),
            suggestion_id: SuggestionId(m.suggestion_id),
            author_id: UserId(m.author_id),
            author_name: names.get(&m.author_id).cloned().unwrap_or_default(),
            content: m.content,
            created_at: m.created_at,
        })
        .collect())
}

/// Reply to a suggestion. Supervisors and admins.
pub async fn reply(tx: &TenantTx, id: SuggestionId, content: &str) -> Result<SuggestionReply> {
    let actor = tx.actor()?;
    actor.authorize(&Action::AnswerSuggestion)?;
    let content = messages::content(content, "content").map_err(|e| Error::Validation(vec![e]))?;
    find(tx, id).await?;
    let model = suggestion_reply::Model {
        tenant_id: tx.tenant_id().0,
        id: SuggestionReplyId::new().0,
        suggestion_id: id.0,
        author_id: actor.user_id.0,
        content: content.into_string(),
        created_at: tx.now,
    };
    tx.insert(suggestion_reply::ActiveModel::from(model.clone()))
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    let names = display_names(tx, [model.author_id]).await?;
    Ok(SuggestionReply {
        id: SuggestionReplyId(model.id),
        suggestion_id: id,
        author_id: actor.user_id,
        author_name: names.get(&model.author_id).cloned().unwrap_or_default(),
        content: model.content,
        created_at: model.created_at,
    })
}

/// Delete a suggestion with its replies. Supervisors and admins. Returns how
/// many replies went with it.
pub async fn delete(tx: &TenantTx, id: SuggestionId) -> Result<u64> {
    tx.actor()?.authorize(&Action::DeleteSuggestion)?;
    let old = find(tx, id).await?;
    let replies = tx
        .delete_many::<suggestion_reply::Entity>()
        .filter(suggestion_reply::Column::SuggestionId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected;
    tx.delete_many::<suggestion::Entity>()
        .filter(suggestion::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    // The author is deliberately not named, even for a signed suggestion.
    audit::record(
        tx,
        AuditAction::SuggestionDelete,
        "suggestion",
        Some(id.0),
        serde_json::json!({ "title": old.title, "replies": replies }),
    )
    .await?;
    Ok(replies)
}

impl Store {
    /// An anonymous suggestion and the replies to it, read through the
    /// private link its author was given (no login: a session would name the
    /// reader). Reading records nothing. An unknown or malformed token, or
    /// one of a deleted suggestion, is `NOT_FOUND`.
    pub async fn anonymous_suggestion(&self, token: &str) -> Result<(Suggestion, Vec<SuggestionReply>)> {
        let parsed = parse_token(token)
            .filter(|p| p.kind == TokenKind::SuggestionReader)
            .ok_or(Error::NotFound("suggestion"))?;
        let tx = TenantTx::begin(self, parsed.tenant, Access::Read).await?;
        let m = tx
            .select::<suggestion::Entity>()
            .filter(suggestion::Column::ReaderTokenHash.eq(parsed.hash))
            .filter(suggestion::Column::AuthorId.is_null())
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .ok_or(Error::NotFound("suggestion"))?;
        let id = SuggestionId(m.id);
        let replies = replies_of(&tx, id).await?;
        let suggestion = out(&tx, vec![m]).await?.pop().ok_or(Error::NotFound("suggestion"))?;
        tx.commit().await?;
        Ok((suggestion, replies))
    }
}
