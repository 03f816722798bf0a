//! Conversations (洽谈记录): list them by customer or window, add one
//! (optionally merged into a follow-up within 3 days), edit the content and
//! the time separately, delete.

use async_graphql::connection::PageInfo;
use async_graphql::{Context, Enum, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::{ConversationId, CustomerId, GroupId, UserId};
use guanxi_store::conversations::{
    self, Conversation as StoreConversation, ConversationFilter, ConversationPage, NewConversation,
};
use guanxi_store::customers;
use serde_json::Value;

use crate::context::ContextExt;
use crate::customers::{Customer, CustomerUser};
use crate::error::{ApiResult, parse_id};

/// How a conversation took place.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::conversation::ConversationKind")]
pub enum ConversationKind {
    /// 拜访: a visit.
    Visit,
    /// 电话: a phone call.
    Call,
    /// 微信: WeChat.
    Wechat,
    /// 邮件: e-mail.
    Email,
    /// 会议: a meeting.
    Meeting,
    /// 其他: anything else.
    Other,
}

/// Canned windows of conversation lists, in the company's time zone.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::conversations::ConversationWindow")]
pub enum ConversationWindow {
    /// Today (今天).
    Today,
    /// Today and the two days before (近三天).
    Last3Days,
    /// This week, Monday first (本周).
    ThisWeek,
    /// This month (本月).
    ThisMonth,
}

/// Which conversations to list; every filter given must match.
#[derive(InputObject, Default)]
pub struct ConversationsFilter {
    /// One customer's conversations.
    customer_id: Option<ID>,
    /// A canned window.
    window: Option<ConversationWindow>,
    /// Any range: at or after `from` …
    from: Option<DateTime<Utc>>,
    /// … and before `to`.
    to: Option<DateTime<Utc>>,
    /// Written by this person.
    author_id: Option<ID>,
    kind: Option<ConversationKind>,
    /// On customers of this owner (someone the caller can see).
    owner_id: Option<ID>,
    /// On customers owned by members of this group (supervisors: a group
    /// they supervise; admins: any).
    group_id: Option<ID>,
}

impl ConversationsFilter {
    pub(crate) fn into_store(self) -> ApiResult<ConversationFilter> {
        Ok(ConversationFilter {
            customer_id: self.customer_id.map(|id| parse_id::<CustomerId>(&id, "filter.customerId")).transpose()?,
            window: self.window.map(Into::into),
            from: self.from,
            to: self.to,
            author_id: self.author_id.map(|id| parse_id::<UserId>(&id, "filter.authorId")).transpose()?,
            kind: self.kind.map(Into::into),
            owner_id: self.owner_id.map(|id| parse_id::<UserId>(&id, "filter.ownerId")).transpose()?,
            group_id: self.group_id.map(|id| parse_id::<GroupId>(&id, "filter.groupId")).transpose()?,
        })
    }
}

/// A new conversation; the caller is its author.
#[derive(InputObject)]
pub struct AddConversationInput {
    /// A customer the caller may edit (salespeople: their own).
    customer_id: ID,
    /// 1–100 characters.
    topic: String,
    /// 1–10,000 characters.
    content: String,
    #[graphql(default_with = "ConversationKind::Other")]
    kind: ConversationKind,
    /// When it happened; now if omitted. At most an hour ahead.
    occurred_at: Option<DateTime<Utc>>,
    /// Merge into the caller's latest record on this customer with the same
    /// topic if that lies within 3 days: the record keeps every entry with
    /// its own time and kind, in time order (see `entries`), and takes its
    /// latest entry's time and kind.
    #[graphql(default)]
    merge_within_3_days: bool,
    /// Values of the company's conversation custom fields, keyed by field
    /// key (see `customFields(entity: CONVERSATION)`).
    custom: Option<Json<Value>>,
}

/// What `addConversation` did.
#[derive(SimpleObject)]
pub struct AddConversationPayload {
    /// The new record, or the earlier one it was merged into.
    conversation: Conversation,
    /// Whether it was merged into an earlier record.
    merged: bool,
}

/// One conversation within a record (see `Conversation.entries`).
#[derive(SimpleObject)]
pub struct ConversationEntry {
    /// When it took place.
    occurred_at: DateTime<Utc>,
    /// How.
    kind: ConversationKind,
    /// What was said.
    content: String,
}

/// A conversation with a customer (洽谈记录).
pub struct Conversation(pub StoreConversation);

#[Object]
impl Conversation {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The customer's id.
    async fn customer_id(&self) -> ID {
        ID(self.0.customer_id.to_string())
    }
    /// The customer's name.
    async fn customer_name(&self) -> &str {
        &self.0.customer_name
    }
    /// The customer.
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Customer> {
        ctx.read(async |tx| Ok(Customer(customers::get(tx, self.0.customer_id).await?))).await
    }
    /// Topic (主题).
    async fn topic(&self) -> &str {
        &self.0.topic
    }
    /// What was said (内容).
    async fn content(&self) -> &str {
        &self.0.content
    }
    /// How it took place; for a merged record, how its latest entry did.
    async fn kind(&self) -> ConversationKind {
        self.0.kind.into()
    }
    /// When it happened; for a merged record, its latest entry's time.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
    /// The conversations this record holds, oldest first, each with its own
    /// time and kind: the record itself, or every conversation merged into
    /// it. `content` shows them all, each under its local time and kind.
    async fn entries(&self) -> Vec<ConversationEntry> {
        self.0
            .entries
            .iter()
            .map(|e| ConversationEntry { occurred_at: e.at, kind: e.kind.into(), content: e.content.clone() })
            .collect()
    }
    /// Custom field values the caller may see, keyed by field key.
    async fn custom(&self) -> Json<Value> {
        // The store returns only the values the caller may read.
        Json(self.0.custom.clone())
    }
    /// The custom fields a form shows the caller, in display order, with
    /// their values and the caller's access.
    async fn custom_values(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::custom_fields::CustomValue>> {
        let entity = guanxi_core::custom_fields::FieldEntity::Conversation;
        crate::custom_fields::form_values(ctx, entity, &self.0.custom).await
    }
    /// Who wrote it.
    async fn author(&self) -> CustomerUser {
        self.0.author.clone().into()
    }
    /// When it was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A conversation in a page, with the cursor to continue after it.
#[derive(SimpleObject)]
pub struct ConversationEdge {
    /// Pass as `after` to get the conversations that follow this one.
    cursor: String,
    node: Conversation,
}

/// A page of conversations, newest first.
pub struct ConversationConnection {
    page: ConversationPage,
    after_given: bool,
}

#[Object]
impl ConversationConnection {
    /// How many conversations match, across all pages.
    async fn total_count(&self) -> u64 {
        self.page.total_count
    }
    async fn edges(&self) -> Vec<ConversationEdge> {
        self.page
            .edges
            .iter()
            .map(|(cursor, c)| ConversationEdge { cursor: cursor.clone(), node: Conversation(c.clone()) })
            .collect()
    }
    /// The conversations of this page.
    async fn nodes(&self) -> Vec<Conversation> {
        self.page.edges.iter().map(|(_, c)| Conversation(c.clone())).collect()
    }
    async fn page_info(&self) -> PageInfo {
        crate::pagination::page_info(
            self.page.edges.iter().map(|(c, _)| c.as_str()),
            self.page.has_next_page,
            self.after_given,
        )
    }
}

/// A page of `filter`'s conversations (used by `Customer.conversations` too).
pub(crate) async fn page(
    ctx: &Context<'_>,
    filter: ConversationFilter,
    first: Option<i64>,
    after: Option<String>,
) -> ApiResult<ConversationConnection> {
    let first = crate::pagination::first(first)?;
    ctx.read(async |tx| {
        let page = conversations::list(tx, &filter, first, after.as_deref()).await?;
        Ok(ConversationConnection { page, after_given: after.is_some() })
    })
    .await
}

#[derive(Default)]
pub struct ConversationQuery;

#[Object]
impl ConversationQuery {
    /// One conversation the caller may see.
    async fn conversation(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Conversation> {
        let id = parse_id::<ConversationId>(&id, "id")?;
        ctx.read(async |tx| Ok(Conversation(conversations::get(tx, id).await?))).await
    }

    /// Conversations on the customers the caller may see, newest first.
    /// `first` is 1–100 (default 10).
    async fn conversations(
        &self,
        ctx: &Context<'_>,
        filter: Option<ConversationsFilter>,
        #[graphql(default = 10)] first: i64,
        after: Option<String>,
    ) -> ApiResult<ConversationConnection> {
        let filter = filter.unwrap_or_default().into_store()?;
        page(ctx, filter, Some(first), after).await
    }
}

#[derive(Default)]
pub struct ConversationMutation;

#[Object]
impl ConversationMutation {
    /// Record a conversation; the customer's last contact time follows.
    async fn add_conversation(
        &self,
        ctx: &Context<'_>,
        input: AddConversationInput,
    ) -> ApiResult<AddConversationPayload> {
        let new = NewConversation {
            customer_id: parse_id::<CustomerId>(&input.customer_id, "customerId")?,
            topic: input.topic,
            content: input.content,
            kind: input.kind.into(),
            occurred_at: input.occurred_at,
            merge: input.merge_within_3_days,
            custom: input.custom.map(|j| j.0),
        };
        ctx.write(async |tx| {
            let added = conversations::add(tx, new).await?;
            Ok(AddConversationPayload { conversation: Conversation(added.conversation), merged: added.merged })
        })
        .await
    }

    /// Replace a conversation's content (its author; supervisors and admins
    /// within their scope).
    async fn edit_conversation_content(&self, ctx: &Context<'_>, id: ID, content: String) -> ApiResult<Conversation> {
        let id = parse_id::<ConversationId>(&id, "id")?;
        ctx.write(async |tx| {
            let c = conversations::edit_content(tx, id, &content).await?;
            Ok(Conversation(c))
        })
        .await
    }

    /// Change a conversation's custom field values (same rights as editing
    /// its content): only the keys given change, `null` clears one.
    async fn edit_conversation_custom(
        &self,
        ctx: &Context<'_>,
        id: ID,
        custom: Json<Value>,
    ) -> ApiResult<Conversation> {
        let id = parse_id::<ConversationId>(&id, "id")?;
        ctx.write(async |tx| {
            let c = conversations::edit_custom(tx, id, &custom.0).await?;
            Ok(Conversation(c))
        })
        .await
    }

    /// Move a conversation to another time (same rights as editing its content).
    async fn edit_conversation_time(
        &self,
        ctx: &Context<'_>,
        id: ID,
        occurred_at: DateTime<Utc>,
    ) -> ApiResult<Conversation> {
        let id = parse_id::<ConversationId>(&id, "id")?;
        ctx.write(async |tx| {
            let c = conversations::edit_time(tx, id, occurred_at).await?;
            Ok(Conversation(c))
        })
        .await
    }

    /// Delete a conversation (its author; supervisors and admins within
    /// their scope). Returns its id.
    async fn delete_conversation(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ID> {
        let cid = parse_id::<ConversationId>(&id, "id")?;
        ctx.write(async |tx| {
            conversations::delete(tx, cid).await?;
            Ok(id)
        })
        .await
    }
}
