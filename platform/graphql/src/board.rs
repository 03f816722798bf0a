//! The message board (留言板): everyone in the company except the
//! maintenance role reads, posts and replies; admins edit and delete.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use guanxi_core::ids::{BoardPostId, BoardReplyId};
use guanxi_core::messages::Mood;
use guanxi_store::board::{self, PostUpdate};
use guanxi_store::pagination;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};

fn count(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A post on the message board.
pub struct BoardPost(pub board::BoardPost);

#[Object]
impl BoardPost {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Who posted.
    async fn author_id(&self) -> ID {
        ID(self.0.author_id.to_string())
    }
    /// The poster's display name.
    async fn author_name(&self) -> &str {
        &self.0.author_name
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// An emoji, one of `boardMoods`.
    async fn mood(&self) -> &str {
        self.0.mood.emoji()
    }
    async fn content(&self) -> &str {
        &self.0.content
    }
    /// Replies in the whole thread, at any depth.
    async fn reply_count(&self) -> i32 {
        count(self.0.reply_count)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When an admin last edited the post; null if never.
    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }
    /// The thread's replies, flat and in the order they were written; a
    /// reply's `parentId` names the reply it answers, so clients rebuild the
    /// tree. Page with `after`: the id of the last reply seen.
    async fn replies(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 100)] limit: i32,
        after: Option<ID>,
    ) -> ApiResult<Vec<BoardReply>> {
        let limit = pagination::limit(limit, board::MAX_PAGE)?;
        let after = after.as_ref().map(|a| parse_id::<BoardReplyId>(a, "after")).transpose()?;
        ctx.read(async |tx| {
            Ok(board::replies(tx, self.0.id, limit, after).await?.into_iter().map(BoardReply).collect())
        })
        .await
    }
}

/// A reply on the message board.
pub struct BoardReply(pub board::BoardReply);

#[Object]
impl BoardReply {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The post of the thread.
    async fn post_id(&self) -> ID {
        ID(self.0.post_id.to_string())
    }
    /// The reply this one answers; null for a direct reply to the post.
    async fn parent_id(&self) -> Option<ID> {
        self.0.parent_id.map(|p| ID(p.to_string()))
    }
    /// Who replied.
    async fn author_id(&self) -> ID {
        ID(self.0.author_id.to_string())
    }
    /// The replier's display name.
    async fn author_name(&self) -> &str {
        &self.0.author_name
    }
    async fn content(&self) -> &str {
        &self.0.content
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When an admin last edited the reply; null if never.
    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }
}

/// A new post.
#[derive(InputObject)]
pub struct CreateBoardPostInput {
    /// 1 to 100 characters.
    title: String,
    /// An emoji, one of `boardMoods`.
    mood: String,
    /// 1 to 5000 characters.
    content: String,
}

/// A reply to a post, or to a reply on it.
#[derive(InputObject)]
pub struct ReplyToBoardPostInput {
    post_id: ID,
    /// The reply answered; omit to reply to the post itself.
    parent_id: Option<ID>,
    /// 1 to 5000 characters.
    content: String,
}

/// A change to a post; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateBoardPostInput {
    title: Option<String>,
    mood: Option<String>,
    content: Option<String>,
}

#[derive(Default)]
pub struct BoardQuery;

#[Object]
impl BoardQuery {
    /// Posts on the message board, newest first. Page with `before`: the id of
    /// the last post seen. Everyone in the company but the maintenance role.
    async fn board_posts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] limit: i32,
        before: Option<ID>,
    ) -> ApiResult<Vec<BoardPost>> {
        let limit = pagination::limit(limit, board::MAX_PAGE)?;
        let before = before.as_ref().map(|b| parse_id::<BoardPostId>(b, "before")).transpose()?;
        ctx.read(async |tx| Ok(board::list_posts(tx, limit, before).await?.into_iter().map(BoardPost).collect())).await
    }

    /// One post.
    async fn board_post(&self, ctx: &Context<'_>, id: ID) -> ApiResult<BoardPost> {
        let id = parse_id::<BoardPostId>(&id, "id")?;
        ctx.read(async |tx| Ok(BoardPost(board::get_post(tx, id).await?))).await
    }

    /// The moods a post may have, in picker order (for those who read the board).
    async fn board_moods(&self, ctx: &Context<'_>) -> ApiResult<Vec<&'static str>> {
        ctx.principal()?.actor().authorize(&guanxi_core::Action::ViewBoard)?;
        Ok(Mood::ALL.iter().map(|m| m.emoji()).collect())
    }
}

#[derive(Default)]
pub struct BoardMutation;

#[Object]
impl BoardMutation {
    /// Post a message (everyone but the maintenance role).
    async fn create_board_post(&self, ctx: &Context<'_>, input: CreateBoardPostInput) -> ApiResult<BoardPost> {
        ctx.write(async |tx| {
            let p = board::create_post(tx, &input.title, &input.mood, &input.content).await?;
            Ok(BoardPost(p))
        })
        .await
    }

    /// Reply to a post or to a reply on it (everyone but the maintenance role).
    async fn reply_to_board_post(&self, ctx: &Context<'_>, input: ReplyToBoardPostInput) -> ApiResult<BoardReply> {
        let post = parse_id::<BoardPostId>(&input.post_id, "postId")?;
        let parent = input.parent_id.as_ref().map(|p| parse_id::<BoardReplyId>(p, "parentId")).transpose()?;
        ctx.write(async |tx| {
            let r = board::reply(tx, post, parent, &input.content).await?;
            Ok(BoardReply(r))
        })
        .await
    }

    /// Edit a post (admins).
    async fn update_board_post(&self, ctx: &Context<'_>, id: ID, input: UpdateBoardPostInput) -> ApiResult<BoardPost> {
        let id = parse_id::<BoardPostId>(&id, "id")?;
        ctx.write(async |tx| {
            let change = PostUpdate { title: input.title, mood: input.mood, content: input.content };
            let p = board::update_post(tx, id, change).await?;
            Ok(BoardPost(p))
        })
        .await
    }

    /// Edit a reply (admins).
    async fn update_board_reply(&self, ctx: &Context<'_>, id: ID, content: String) -> ApiResult<BoardReply> {
        let id = parse_id::<BoardReplyId>(&id, "id")?;
        ctx.write(async |tx| {
            let r = board::update_reply(tx, id, &content).await?;
            Ok(BoardReply(r))
        })
        .await
    }

    /// Delete a post with its whole thread (admins).
    async fn delete_board_post(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let id = parse_id::<BoardPostId>(&id, "id")?;
        ctx.write(async |tx| {
            board::delete_post(tx, id).await?;
            Ok(true)
        })
        .await
    }

    /// Delete a reply with every reply below it (admins).
    async fn delete_board_reply(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let id = parse_id::<BoardReplyId>(&id, "id")?;
        ctx.write(async |tx| {
            board::delete_reply(tx, id).await?;
            Ok(true)
        })
        .await
    }
}
