//! The message board (留言板). Everyone in the company except the
//! maintenance role reads every post and reply, posts and replies; only
//! admins edit and delete, and every edit and deletion is audited.
//!
//! Replies form threads in one table: each belongs to a post, and a reply to
//! a reply names it as its parent.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use guanxi_core::events::Definition;
use guanxi_core::ids::{BoardPostId, BoardReplyId};
use guanxi_core::messages::{self, Mood, PostChange, PostDraft};
use guanxi_core::{Action, DomainEvent, Error, Result, UserId};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::audit;
use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use crate::entity::{board_post, board_reply, user};

/// Most posts or replies one page holds.
pub const MAX_PAGE: u64 = 100;

/// A post as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardPost {
    /// Id.
    pub id: BoardPostId,
    /// Who posted.
    pub author_id: UserId,
    /// Their display name.
    pub author_name: String,
    /// Title.
    pub title: String,
    /// Mood.
    pub mood: Mood,
    /// Content.
    pub content: String,
    /// Replies in the whole thread.
    pub reply_count: u64,
    /// Posted.
    pub created_at: DateTime<Utc>,
    /// Last edited by an admin.
    pub edited_at: Option<DateTime<Utc>>,
}

/// A reply as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardReply {
    /// Id.
    pub id: BoardReplyId,
    /// The post of the thread.
    pub post_id: BoardPostId,
    /// The reply answered; none for a direct reply to the post.
    pub parent_id: Option<BoardReplyId>,
    /// Who replied.
    pub author_id: UserId,
    /// Their display name.
    pub author_name: String,
    /// Content.
    pub content: String,
    /// Replied.
    pub created_at: DateTime<Utc>,
    /// Last edited by an admin.
    pub edited_at: Option<DateTime<Utc>>,
}

/// A change to a post; `None` keeps a field.
#[derive(Clone, Debug, Default)]
pub struct PostUpdate {
    /// New title.
    pub title: Option<String>,
    /// New mood emoji.
    pub mood: Option<String>,
    /// New content.
    pub content: Option<String>,
}

/// Display names of the given users of the tenant.
pub(crate) async fn display_names(tx: &TenantTx, ids: impl IntoIterator<Item = Uuid>) -> Result<HashMap<Uuid, String>> {
    let ids: HashSet<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = tx
        .select::<user::Entity>()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().collect())
}

fn stored_mood(raw: &str) -> Result<Mood> {
    Mood::parse(raw, "mood").map_err(|_| Error::Internal(format!("stored mood `{raw}` is not in the set").into()))
}

async fn reply_counts(tx: &TenantTx, posts: &[Uuid]) -> Result<HashMap<Uuid, u64>> {
    if posts.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = tx
        .select::<board_reply::Entity>()
        .select_only()
        .column(board_reply::Column::PostId)
        .expr_as(Func::count(Expr::col(board_reply::Column::Id)), "n")
        .filter(board_reply::Column::PostId.is_in(posts.iter().copied()))
        .group_by(board_reply::Column::PostId)
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(|(p, n)| (p, u64::try_from(n).unwrap_or_default())).collect())
}

async fn posts_out(tx: &TenantTx, rows: Vec<board_post::Model>) -> Result<Vec<BoardPost>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let counts = reply_counts(tx, &ids).await?;
    let names = display_names(tx, rows.iter().map(|r| r.author_id)).await?;
    rows.into_iter()
        .map(|m| {
            Ok(BoardPost {
                id: BoardPostId(m.id),
                author_id: UserId(m.author_id),
                author_name: names.get(&m.author_id).cloned().unwrap_or_default(),
                title: m.title,
                mood: stored_mood(&m.mood)?,
                content: m.content,
                reply_count: counts.get(&m.id).copied().unwrap_or(0),
                created_at: m.created_at,
                edited_at: m.edited_at,
            })
        })
        .collect()
}

async fn replies_out(tx: &TenantTx, rows: Vec<board_reply::Model>) -> Result<Vec<BoardReply>> {
    let names = display_names(tx, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|m| BoardReply {
            id: BoardReplyId(m.id),
            post_id: BoardPostId(m.post_id),
            parent_id: m.parent_id.map(BoardReplyId),
            author_id: UserId(m.author_id),
            author_name: names.get(&m.author_id).cloned().unwrap_or_default(),
            content: m.content,
            created_at: m.created_at,
            edited_at: m.edited_at,
        })
        .collect())
}

async fn find_post(tx: &TenantTx, id: BoardPostId) -> Result<board_post::Model> {
    tx.select::<board_post::Entity>()
        .filter(board_post::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("board post"))
}

async fn find_reply(tx: &TenantTx, id: BoardReplyId) -> Result<board_reply::Model> {
    tx.select::<board_reply::Entity>()
        .filter(board_reply::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("board reply"))
}

async fn one_post(tx: &TenantTx, m: board_post::Model) -> Result<BoardPost> {
    posts_out(tx, vec![m]).await?.pop().ok_or(Error::NotFound("board post"))
}

async fn one_reply(tx: &TenantTx, m: board_reply::Model) -> Result<BoardReply> {
    replies_out(tx, vec![m]).await?.pop().ok_or(Error::NotFound("board reply"))
}

/// Posts, newest first, at most `limit` (1 to [`MAX_PAGE`]); page on with
/// `before`, the id of the last post seen.
pub async fn list_posts(tx: &TenantTx, limit: u64, before: Option<BoardPostId>) -> Result<Vec<BoardPost>> {
    tx.actor()?.authorize(&Action::ViewBoard)?;
    let mut q = tx.select::<board_post::Entity>();
    if let Some(b) = before {
        q = q.filter(board_post::Column::Id.lt(b.0));
    }
    // Ids are time-ordered (UUIDv7), so id order is posting order.
    let rows =
        q.order_by_desc(board_post::Column::Id).limit(limit.clamp(1, MAX_PAGE)).all(tx.conn()).await.map_err(db_err)?;
    posts_out(tx, rows).await
}

/// One post.
pub async fn get_post(tx: &TenantTx, id: BoardPostId) -> Result<BoardPost> {
    tx.actor()?.authorize(&Action::ViewBoard)?;
    let m = find_post(tx, id).await?;
    one_post(tx, m).await
}

/// A post's replies in the order they were written (a thread reads top to
/// bottom), at most `limit` (1 to [`MAX_PAGE`]); page on with `after`, the
/// id of the last reply seen.
pub async fn replies(
    tx: &TenantTx,
    post: BoardPostId,
    limit: u64,
    after: Option<BoardReplyId>,
) -> Result<Vec<BoardReply>> {
    tx.actor()?.authorize(&Action::ViewBoard)?;
    find_post(tx, post).await?;
    let mut q = tx.select::<board_reply::Entity>().filter(board_reply::Column::PostId.eq(post.0));
    if let Some(a) = after {
        q = q.filter(board_reply::Column::Id.gt(a.0));
    }
    let rows =
        q.order_by_asc(board_reply::Column::Id).limit(limit.clamp(1, MAX_PAGE)).all(tx.conn()).await.map_err(db_err)?;
    replies_out(tx, rows).await
}

/// Post a message.
pub async fn create_post(tx: &TenantTx, title: &str, mood: &str, content: &str) -> Result<BoardPost> {
    let actor = tx.actor()?;
    actor.authorize(&Action::PostOnBoard)?;
    let draft = PostDraft::parse(title, mood, content)?;
    let model = board_post::Model {
        tenant_id: tx.tenant_id().0,
        id: BoardPostId::new().0,
        author_id: actor.user_id.0,
        title: draft.title.into_string(),
        mood: draft.mood.emoji().to_owned(),
        content: draft.content.into_string(),
        created_at: tx.now,
        edited_at: None,
    };
    tx.insert(board_post::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    tx.emit(DomainEvent::BoardPostChanged { post: BoardPostId(model.id), what: Definition::Created });
    one_post(tx, model).await
}

/// Reply to a post, or (with `parent`) to a reply on that post.
pub async fn reply(
    tx: &TenantTx,
    post: BoardPostId,
    parent: Option<BoardReplyId>,
    content: &str,
) -> Result<BoardReply> {
    let actor = tx.actor()?;
    actor.authorize(&Action::PostOnBoard)?;
    let content = messages::content(content, "content").map_err(|e| Error::Validation(vec![e]))?;
    find_post(tx, post).await?;
    if let Some(p) = parent {
        // A parent on another post is as good as missing: threads never cross.
        let found = find_reply(tx, p).await?;
        if found.post_id != post.0 {
            return Err(Error::NotFound("board reply"));
        }
    }
    let model = board_reply::Model {
        tenant_id: tx.tenant_id().0,
        id: BoardReplyId::new().0,
        post_id: post.0,
        parent_id: parent.map(|p| p.0),
        author_id: actor.user_id.0,
        content: content.into_string(),
        created_at: tx.now,
        edited_at: None,
    };
    tx.insert(board_reply::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    one_reply(tx, model).await
}

/// Edit a post. Admins only.
pub async fn update_post(tx: &TenantTx, id: BoardPostId, change: PostUpdate) -> Result<BoardPost> {
    tx.actor()?.authorize(&Action::ModerateBoard)?;
    let change = PostChange::parse(change.title.as_deref(), change.mood.as_deref(), change.content.as_deref())?;
    let old = find_post(tx, id).await?;
    if change.is_empty() {
        return one_post(tx, old).await;
    }
    let mut q = tx.update_many::<board_post::Entity>().col_expr(board_post::Column::EditedAt, Expr::value(tx.now));
    let mut fields = Vec::new();
    if let Some(t) = &change.title {
        q = q.col_expr(board_post::Column::Title, Expr::value(t.as_str()));
        fields.push("title");
    }
    if let Some(m) = change.mood {
        q = q.col_expr(board_post::Column::Mood, Expr::value(m.emoji()));
        fields.push("mood");
    }
    if let Some(c) = &change.content {
        q = q.col_expr(board_post::Column::Content, Expr::value(c.as_str()));
        fields.push("content");
    }
    q.filter(board_post::Column::Id.eq(id.0)).exec(tx.conn()).await.map_err(db_err)?;
    tx.emit(DomainEvent::BoardPostChanged { post: id, what: Definition::Updated });
    audit::record(
        tx,
        AuditAction::BoardPostEdit,
        "board_post",
        Some(id.0),
        serde_json::json!({ "fields": fields, "title": old.title, "authorId": old.author_id }),
    )
    .await?;
    let m = find_post(tx, id).await?;
    one_post(tx, m).await
}

/// Edit a reply. Admins only.
pub async fn update_reply(tx: &TenantTx, id: BoardReplyId, content: &str) -> Result<BoardReply> {
    tx.actor()?.authorize(&Action::ModerateBoard)?;
    let content = messages::content(content, "content").map_err(|e| Error::Validation(vec![e]))?;
    let old = find_reply(tx, id).await?;
    tx.update_many::<board_reply::Entity>()
        .col_expr(board_reply::Column::Content, Expr::value(content.as_str()))
        .col_expr(board_reply::Column::EditedAt, Expr::value(tx.now))
        .filter(board_reply::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(
        tx,
        AuditAction::BoardReplyEdit,
        "board_reply",
        Some(id.0),
        serde_json::json!({ "postId": old.post_id, "authorId": old.author_id }),
    )
    .await?;
    let m = find_reply(tx, id).await?;
    one_reply(tx, m).await
}

/// Delete a post and every reply in its thread. Admins only. Returns how
/// many replies went with it.
pub async fn delete_post(tx: &TenantTx, id: BoardPostId) -> Result<u64> {
    tx.actor()?.authorize(&Action::ModerateBoard)?;
    let old = find_post(tx, id).await?;
    // Counted first: SQLite leaves rows removed by the `parent_id` cascade out
    // of the DELETE's own count.
    let replies = tx
        .select::<board_reply::Entity>()
        .filter(board_reply::Column::PostId.eq(id.0))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    // Explicitly, rather than by the foreign key's cascade alone.
    tx.delete_many::<board_reply::Entity>()
        .filter(board_reply::Column::PostId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.delete_many::<board_post::Entity>()
        .filter(board_post::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.emit(DomainEvent::BoardPostChanged { post: id, what: Definition::Deleted });
    audit::record(
        tx,
        AuditAction::BoardPostDelete,
        "board_post",
        Some(id.0),
        serde_json::json!({ "title": old.title, "authorId": old.author_id, "replies": replies }),
    )
    .await?;
    Ok(replies)
}

/// Delete a reply and every reply below it in the thread. Admins only.
/// Returns how many replies were deleted in all.
pub async fn delete_reply(tx: &TenantTx, id: BoardReplyId) -> Result<u64> {
    tx.actor()?.authorize(&Action::ModerateBoard)?;
    let old = find_reply(tx, id).await?;
    let thread: Vec<(Uuid, Option<Uuid>)> = tx
        .select::<board_reply::Entity>()
        .select_only()
        .column(board_reply::Column::Id)
        .column(board_reply::Column::ParentId)
        .filter(board_reply::Column::PostId.eq(old.post_id))
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let doomed = subtree(id.0, &thread);
    // The subtree's size, not the DELETE's count: SQLite leaves rows removed by
    // the `parent_id` cascade out of it.
    let n = u64::try_from(doomed.len()).unwrap_or(u64::MAX);
    tx.delete_many::<board_reply::Entity>()
        .filter(board_reply::Column::Id.is_in(doomed))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(
        tx,
        AuditAction::BoardReplyDelete,
        "board_reply",
        Some(id.0),
        serde_json::json!({ "postId": old.post_id, "authorId": old.author_id, "replies": n }),
    )
    .await?;
    Ok(n)
}

/// `root` and every reply below it, given a thread's (id, parent) pairs.
fn subtree(root: Uuid, thread: &[(Uuid, Option<Uuid>)]) -> Vec<Uuid> {
    let mut out = vec![root];
    let mut i = 0;
    while let Some(&current) = out.get(i) {
        out.extend(thread.iter().filter(|(_, parent)| *parent == Some(current)).map(|(id, _)| *id));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtrees() {
        let u = Uuid::from_u128;
        // 1 ← 2 ← 3, 1 ← 4, 5 alone.
        let thread = [(u(1), None), (u(2), Some(u(1))), (u(3), Some(u(2))), (u(4), Some(u(1))), (u(5), None)];
        assert_eq!(subtree(u(1), &thread), vec![u(1), u(2), u(4), u(3)]);
        assert_eq!(subtree(u(2), &thread), vec![u(2), u(3)]);
        assert_eq!(subtree(u(5), &thread), vec![u(5)]);
    }
}
