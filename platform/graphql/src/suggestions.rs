//! The suggestion box (建议箱). Any employee but the maintenance role
//! submits, signed or anonymous; supervisors and admins read every suggestion
//! of the company (the box is company-wide, not limited to a supervisor's
//! groups), reply and delete. Authors read their own suggestions with the
//! replies: signed ones when logged in, anonymous ones through the private
//! link shown once at submission.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::ids::SuggestionId;
use guanxi_store::pagination;
use guanxi_store::{TenantTx, suggestions};

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};

/// Which suggestions to list, by when they arrived. Days are counted on the
/// company's clock (its time zone).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::messages::SuggestionWindow")]
pub enum SuggestionWindow {
    /// Since midnight today.
    Today,
    /// The last three days, back from now.
    #[graphql(name = "LAST_3_DAYS")]
    Last3Days,
    /// The last seven days, back from now.
    LastWeek,
    /// Since the same day and time a month ago.
    LastMonth,
    /// Every suggestion.
    All,
}

/// A suggestion, as supervisors and admins see it.
pub struct Suggestion(pub suggestions::Suggestion);

#[Object]
impl Suggestion {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn content(&self) -> &str {
        &self.0.content
    }
    /// True when submitted without a name; then nothing tells who wrote it.
    async fn anonymous(&self) -> bool {
        self.0.author_id.is_none()
    }
    /// Who signed it; null when anonymous.
    async fn author_id(&self) -> Option<ID> {
        self.0.author_id.map(|a| ID(a.to_string()))
    }
    /// The signer's display name; null when anonymous.
    async fn author_name(&self) -> Option<&str> {
        self.0.author_name.as_deref()
    }
    /// Staff replies.
    async fn reply_count(&self) -> i32 {
        i32::try_from(self.0.reply_count).unwrap_or(i32::MAX)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Staff replies, oldest first (staff, and the author of a signed
    /// suggestion).
    async fn replies(&self, ctx: &Context<'_>) -> ApiResult<Vec<SuggestionReply>> {
        ctx.read(async |tx| {
            Ok(suggestions::replies(tx, self.0.id).await?.into_iter().map(SuggestionReply::from).collect())
        })
        .await
    }
}

/// A supervisor's or admin's reply to a suggestion.
#[derive(SimpleObject)]
pub struct SuggestionReply {
    id: ID,
    suggestion_id: ID,
    /// The supervisor or admin who replied.
    author_id: ID,
    /// Their display name.
    author_name: String,
    content: String,
    created_at: DateTime<Utc>,
}

impl From<suggestions::SuggestionReply> for SuggestionReply {
    fn from(r: suggestions::SuggestionReply) -> Self {
        SuggestionReply {
            id: ID(r.id.to_string()),
            suggestion_id: ID(r.suggestion_id.to_string()),
            author_id: ID(r.author_id.to_string()),
            author_name: r.author_name,
            content: r.content,
            created_at: r.created_at,
        }
    }
}

/// Receipt for a submitted suggestion.
#[derive(SimpleObject)]
pub struct SubmittedSuggestion {
    id: ID,
    /// Whether it went in without a name.
    anonymous: bool,
    created_at: DateTime<Utc>,
    /// Anonymous only: the token of the private link that reads this
    /// suggestion and the replies to it (`anonymousSuggestion`), without
    /// logging in. Shown this once: only its hash is kept, and nothing records
    /// who holds it, so a lost token cannot be recovered.
    reader_token: Option<String>,
    /// Anonymous only: the private link itself (the web app's page for
    /// `readerToken`).
    reader_link: Option<String>,
}

/// An anonymous suggestion as its author reads it through the private link.
#[derive(SimpleObject)]
pub struct AnonymousSuggestion {
    id: ID,
    title: String,
    content: String,
    created_at: DateTime<Utc>,
    /// Staff replies, oldest first.
    replies: Vec<SuggestionReply>,
}

/// A suggestion for the company.
#[derive(InputObject)]
pub struct SubmitSuggestionInput {
    /// 1 to 100 characters.
    title: String,
    /// 1 to 5000 characters.
    content: String,
    /// Submit without a name: nothing stored, logged or traced then tells who
    /// wrote it, and nobody (admins included) can find out.
    anonymous: bool,
}

#[derive(Default)]
pub struct SuggestionQuery;

#[Object]
impl SuggestionQuery {
    /// Suggestions from everyone in the company, newest first (supervisors
    /// and admins). Page with `before`: the id of the last suggestion seen.
    async fn suggestions(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "SuggestionWindow::All")] window: SuggestionWindow,
        #[graphql(default = 20)] limit: i32,
        before: Option<ID>,
    ) -> ApiResult<Vec<Suggestion>> {
        let limit = pagination::limit(limit, suggestions::MAX_PAGE)?;
        let before = before.as_ref().map(|b| parse_id::<SuggestionId>(b, "before")).transpose()?;
        ctx.read(async |tx| {
            Ok(suggestions::list(tx, window.into(), limit, before).await?.into_iter().map(Suggestion).collect())
        })
        .await
    }

    /// The caller's own signed suggestions, newest first, with the replies
    /// to them (everyone who may submit). Anonymous suggestions are never
    /// listed here: nothing ties them to anyone; their authors read them with
    /// `anonymousSuggestion`.
    async fn my_suggestions(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] limit: i32,
        before: Option<ID>,
    ) -> ApiResult<Vec<Suggestion>> {
        let limit = pagination::limit(limit, suggestions::MAX_PAGE)?;
        let before = before.as_ref().map(|b| parse_id::<SuggestionId>(b, "before")).transpose()?;
        ctx.read(async |tx| Ok(suggestions::mine(tx, limit, before).await?.into_iter().map(Suggestion).collect())).await
    }

    /// An anonymous suggestion and the replies to it, by the token of the
    /// private link shown at submission. Needs no login, and the caller is
    /// kept out of the logs even when they send one. An unknown token is
    /// `NOT_FOUND`.
    async fn anonymous_suggestion(&self, ctx: &Context<'_>, token: String) -> ApiResult<AnonymousSuggestion> {
        ctx.hide_identity()?;
        let rc = ctx.rc()?;
        let (s, replies) = rc.store.anonymous_suggestion(&token).await?;
        Ok(AnonymousSuggestion {
            id: ID(s.id.to_string()),
            title: s.title,
            content: s.content,
            created_at: s.created_at,
            replies: replies.into_iter().map(SuggestionReply::from).collect(),
        })
    }

    /// One suggestion (supervisors and admins).
    async fn suggestion(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Suggestion> {
        let id = parse_id::<SuggestionId>(&id, "id")?;
        ctx.read(async |tx| Ok(Suggestion(suggestions::get(tx, id).await?))).await
    }
}

#[derive(Default)]
pub struct SuggestionMutation;

#[Object]
impl SuggestionMutation {
    /// Submit a suggestion, signed or anonymous (everyone but the
    /// maintenance role). The submitter cannot read the box itself, only
    /// their own suggestions: signed ones in `mySuggestions`, an anonymous
    /// one through the private link this answer carries once.
    async fn submit_suggestion(
        &self,
        ctx: &Context<'_>,
        input: SubmitSuggestionInput,
    ) -> ApiResult<SubmittedSuggestion> {
        let submit =
            async |tx: &TenantTx| Ok(suggestions::submit(tx, &input.title, &input.content, input.anonymous).await?);
        let s = if input.anonymous {
            // First, so that even a failure is not logged with the caller's id.
            ctx.hide_identity()?;
            ctx.unlinked_write(submit).await?
        } else {
            ctx.write(submit).await?
        };
        let base = ctx.rc()?.store.config().public_url.trim_end_matches('/').to_owned();
        Ok(SubmittedSuggestion {
            id: ID(s.id.to_string()),
            anonymous: s.anonymous,
            created_at: s.created_at,
            reader_link: s.reader_token.as_ref().map(|t| format!("{base}/suggestion-replies?token={t}")),
            reader_token: s.reader_token,
        })
    }

    /// Reply to a suggestion (supervisors and admins).
    async fn reply_to_suggestion(
        &self,
        ctx: &Context<'_>,
        suggestion_id: ID,
        content: String,
    ) -> ApiResult<SuggestionReply> {
        let id = parse_id::<SuggestionId>(&suggestion_id, "suggestionId")?;
        ctx.write(async |tx| {
            let r = suggestions::reply(tx, id, &content).await?;
            Ok(r.into())
        })
        .await
    }

    /// Delete a suggestion with its replies (supervisors and admins).
    async fn delete_suggestion(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let id = parse_id::<SuggestionId>(&id, "id")?;
        ctx.write(async |tx| {
            suggestions::delete(tx, id).await?;
            Ok(true)
        })
        .await
    }
}
