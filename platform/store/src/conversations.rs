//! Conversations (洽谈记录): add (optionally merged into a follow-up of the
//! same topic within 3 days), edit the content, edit the time, delete, and
//! list one customer's conversations or those of all the caller's own
//! customers by window.
//!
//! A conversation is visible exactly when its customer is (the customer's
//! [`CustomerScope`] condition, as a subquery, on every read): one customer's
//! page, a pool customer's included, shows all of them; lists across
//! customers hold only the caller's own customers' ([`CustomerSet::Mine`],
//! never the pool's). The rules for
//! adding and changing are in `guanxi_core::conversation`. Each write is one
//! transaction with an audit entry and its domain event (`conversation.added`,
//! `conversation.edited` with the changed fields, a follow-up merged into an
//! earlier record included, `conversation.deleted`), and keeps the
//! customer's last contact time current (recorded in the customer's history
//! like any other change).

use chrono::{DateTime, Utc};
use guanxi_core::conversation::{self as rules, ConversationKind, MAX_PAGE_SIZE};
use guanxi_core::custom_fields::{FieldEntity, Writer};
use guanxi_core::customer::{CustomerScope, CustomerSet};
use guanxi_core::input::Checker;
use guanxi_core::time_window::Window;
use guanxi_core::{ConversationId, CustomerId, DomainEvent, Error, FieldError, GroupId, Result, UserId};
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, ConnectionTrait, FromQueryResult, Iterable, Order, QueryFilter, QueryResult,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::analytics::days::{self, Count};
use crate::audit::AuditAction;
use crate::custom_fields::{ReadableFields, readable_fields};
use crate::customers::{self, UserBrief, tenant_tz, visible};
use crate::db::{TenantTx, db_err};
use crate::entity::{conversation, customer, user};
use crate::{audit, groups, users};

/// Entity name in `NOT_FOUND` errors.
const ENTITY: &str = "conversation";

/// A conversation as the API shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversation {
    /// Id.
    pub id: ConversationId,
    /// The customer.
    pub customer_id: CustomerId,
    /// The customer's name, for lists across customers.
    pub customer_name: String,
    /// Topic (主题).
    pub topic: String,
    /// What was said (内容).
    pub content: String,
    /// How.
    pub kind: ConversationKind,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Who wrote it.
    pub author: UserBrief,
    /// Its entries, oldest first: one (the record itself) unless follow-ups
    /// were merged into it, each with its own time and kind. After a merged
    /// record's content was edited as a whole, one again.
    pub entries: Vec<rules::Entry>,
    /// Custom field values (a JSON object).
    pub custom: serde_json::Value,
    /// Written.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new conversation, written by the caller.
#[derive(Clone, Debug, Default)]
pub struct NewConversation {
    /// The customer; one the caller may edit.
    pub customer_id: CustomerId,
    /// 1–100 characters.
    pub topic: String,
    /// 1–10,000 characters.
    pub content: String,
    /// How it took place.
    pub kind: ConversationKind,
    /// When; now if absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Merge into the caller's latest record on this customer with the same
    /// topic, if that lies within 3 days.
    pub merge: bool,
    /// Custom field values (a JSON object keyed by field key), checked
    /// against the company's conversation fields; on a merge they patch the
    /// earlier record's values.
    pub custom: Option<serde_json::Value>,
}

/// What [`add`] did.
#[derive(Clone, Debug)]
pub struct Added {
    /// The new record, or the earlier one it was merged into.
    pub conversation: Conversation,
    /// Whether it was merged.
    pub merged: bool,
}

/// Canned windows of conversation lists, in the tenant's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConversationWindow {
    /// Today.
    Today,
    /// Today and the two days before.
    Last3Days,
    /// This calendar week (Monday first).
    ThisWeek,
    /// This calendar month.
    ThisMonth,
}

impl ConversationWindow {
    fn window(self) -> Window {
        match self {
            ConversationWindow::Today => Window::Today,
            ConversationWindow::Last3Days => Window::LAST_3_DAYS,
            ConversationWindow::ThisWeek => Window::ThisWeek,
            ConversationWindow::ThisMonth => Window::ThisMonth,
        }
    }
}

/// Filters for [`list`]; every one given must match.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ConversationFilter {
    /// One customer's conversations.
    pub customer_id: Option<CustomerId>,
    /// A canned window.
    pub window: Option<ConversationWindow>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
    /// Written by.
    pub author_id: Option<UserId>,
    /// Of this kind.
    pub kind: Option<ConversationKind>,
    /// On customers of this owner.
    pub owner_id: Option<UserId>,
    /// On customers owned by members of this group.
    pub group_id: Option<GroupId>,
}

/// One page of conversations, newest first.
#[derive(Clone, Debug)]
pub struct ConversationPage {
    /// The conversations, with the cursor after each.
    pub edges: Vec<(String, Conversation)>,
    /// Whether more follow.
    pub has_next_page: bool,
    /// How many match, on every page.
    pub total_count: u64,
}

#[derive(Serialize, Deserialize)]
struct Cursor {
    t: DateTime<Utc>,
    id: uuid::Uuid,
}

fn encode_cursor(c: &Conversation) -> String {
    crate::pagination::encode_cursor(&Cursor { t: c.occurred_at, id: c.id.0 })
}

fn decode_cursor(raw: &str) -> Result<Cursor> {
    crate::pagination::decode_cursor(raw)
}

/// Ids of the customers of `set` the caller may see, as a subquery.
fn visible_customers(tx: &TenantTx, scope: &CustomerScope, set: CustomerSet) -> SelectStatement {
    Query::select()
        .column((customer::Entity, customer::Column::Id))
        .from(customer::Entity)
        .and_where(customer::Column::TenantId.eq(tx.tenant_id().0))
        .cond_where(visible(scope, set, tx.tenant_id()))
        .to_owned()
}

/// `SELECT` conversations with their author's and customer's names.
fn select(tx: &TenantTx) -> SelectStatement {
    let mut q = Query::select();
    for c in conversation::Column::iter() {
        q.column((conversation::Entity, c));
    }
    let (u, c) = (Alias::new("u"), Alias::new("c"));
    let author = Query::select()
        .expr(Expr::col((u.clone(), user::Column::DisplayName)))
        .from_as(user::Entity, u.clone())
        .and_where(
            Expr::col((u.clone(), user::Column::TenantId))
                .equals((conversation::Entity, conversation::Column::TenantId)),
        )
        .and_where(Expr::col((u, user::Column::Id)).equals((conversation::Entity, conversation::Column::AuthorId)))
        .to_owned();
    let customer_name = Query::select()
        .expr(Expr::col((c.clone(), customer::Column::Name)))
        .from_as(customer::Entity, c.clone())
        .and_where(
            Expr::col((c.clone(), customer::Column::TenantId))
                .equals((conversation::Entity, conversation::Column::TenantId)),
        )
        .and_where(
            Expr::col((c, customer::Column::Id)).equals((conversation::Entity, conversation::Column::CustomerId)),
        )
        .to_owned();
    q.expr_as(SimpleExpr::SubQuery(None, Box::new(author.into_sub_query_statement())), Alias::new("author_name"))
        .expr_as(
            SimpleExpr::SubQuery(None, Box::new(customer_name.into_sub_query_statement())),
            Alias::new("customer_name"),
        )
        .from(conversation::Entity)
        .and_where(conversation::Column::TenantId.eq(tx.tenant_id().0));
    q
}

/// A record's entries: the stored ones of a merged record, else the record
/// itself as its only entry.
fn entries_of(m: &conversation::Model) -> Result<Vec<rules::Entry>> {
    match &m.entries {
        Some(v) => {
            serde_json::from_value(v.clone()).map_err(|_| Error::Internal("unreadable conversation entries".into()))
        }
        None => Ok(vec![rules::Entry { at: m.occurred_at, kind: kind_of(m)?, content: m.content.clone() }]),
    }
}

fn kind_of(m: &conversation::Model) -> Result<ConversationKind> {
    m.kind.parse().map_err(|_| Error::Internal("unreadable conversation kind".into()))
}

/// A conversation from a row of [`select`], its custom values filtered to
/// what `fields`' reader may see (`None`: unfiltered, for a write path that
/// merges a change into the stored values).
fn from_row(row: &QueryResult, fields: Option<&ReadableFields>) -> Result<Conversation> {
    let m = conversation::Model::from_query_result(row, "").map_err(db_err)?;
    let author_name: Option<String> = row.try_get("", "author_name").map_err(db_err)?;
    let customer_name: Option<String> = row.try_get("", "customer_name").map_err(db_err)?;
    Ok(Conversation {
        id: ConversationId(m.id),
        customer_id: CustomerId(m.customer_id),
        customer_name: customer_name.unwrap_or_default(),
        kind: kind_of(&m)?,
        entries: entries_of(&m)?,
        topic: m.topic,
        content: m.content,
        occurred_at: m.occurred_at,
        author: UserBrief { id: UserId(m.author_id), display_name: author_name.unwrap_or_default() },
        custom: match fields {
            Some(f) => f.filter(m.custom),
            None => m.custom,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// One conversation the caller may see, with the custom values they may read.
async fn fetch_one(tx: &TenantTx, scope: &CustomerScope, id: ConversationId) -> Result<Conversation> {
    let fields = readable_fields(tx, FieldEntity::Conversation).await?;
    fetch(tx, scope, id, Some(&fields)).await
}

async fn fetch(
    tx: &TenantTx,
    scope: &CustomerScope,
    id: ConversationId,
    fields: Option<&ReadableFields>,
) -> Result<Conversation> {
    let mut q = select(tx);
    q.and_where(conversation::Column::Id.eq(id.0)).and_where(
        conversation::Column::CustomerId.in_subquery(visible_customers(tx, scope, CustomerSet::MineAndPool)),
    );
    let backend = tx.conn().get_database_backend();
    let row = tx.conn().query_one(backend.build(&q)).await.map_err(db_err)?.ok_or(Error::NotFound(ENTITY))?;
    from_row(&row, fields)
}

/// One conversation the caller may see.
pub async fn get(tx: &TenantTx, id: ConversationId) -> Result<Conversation> {
    let scope = CustomerScope::of(tx.actor()?)?;
    fetch_one(tx, &scope, id).await
}

/// A page of the conversations the caller may see, newest first.
/// `first` is clamped to 1–100.
pub async fn list(
    tx: &TenantTx,
    filter: &ConversationFilter,
    first: u64,
    after: Option<&str>,
) -> Result<ConversationPage> {
    list_page(tx, filter, first.clamp(1, MAX_PAGE_SIZE), after, true).await
}

/// [`list`] with any page size, and the total counted only when asked for
/// (an export reads many pages and needs no total).
pub(crate) async fn list_page(
    tx: &TenantTx,
    filter: &ConversationFilter,
    first: u64,
    after: Option<&str>,
    with_total: bool,
) -> Result<ConversationPage> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let mut c = Checker::new();
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        c.check::<()>(Err(FieldError::new("to", "before_from", "the range must not end before it starts")));
    }
    c.finish()?;
    // Filters naming something the caller cannot see are not found, as
    // everywhere, rather than empty.
    if let Some(id) = filter.customer_id {
        let q = Query::select()
            .expr(Expr::val(1))
            .from(customer::Entity)
            .and_where(customer::Column::TenantId.eq(tx.tenant_id().0))
            .and_where(customer::Column::Id.eq(id.0))
            .cond_where(visible(&scope, CustomerSet::MineAndPool, tx.tenant_id()))
            .to_owned();
        let backend = tx.conn().get_database_backend();
        tx.conn().query_one(backend.build(&q)).await.map_err(db_err)?.ok_or(Error::NotFound("customer"))?;
    }
    if let Some(id) = filter.author_id {
        users::get(tx, id).await?;
    }
    if let Some(id) = filter.owner_id {
        users::get(tx, id).await?;
    }
    if let Some(id) = filter.group_id {
        groups::get(tx, id).await?;
    }
    // One customer's conversations belong to its page, which a pool
    // customer has too; every other list is about the caller's own
    // customers, never the pool's.
    let set = if filter.customer_id.is_some() { CustomerSet::MineAndPool } else { CustomerSet::Mine };
    let mut customers_q = visible_customers(tx, &scope, set);
    if let Some(owner) = filter.owner_id {
        customers_q.and_where(customer::Column::OwnerId.eq(owner.0));
    }
    if let Some(group) = filter.group_id {
        customers_q.and_where(
            customer::Column::OwnerId.in_subquery(
                Query::select()
                    .column(user::Column::Id)
                    .from(user::Entity)
                    .and_where(user::Column::TenantId.eq(tx.tenant_id().0))
                    .and_where(user::Column::GroupId.eq(group.0))
                    .to_owned(),
            ),
        );
    }
    let mut cond = Condition::all().add(conversation::Column::CustomerId.in_subquery(customers_q));
    if let Some(id) = filter.customer_id {
        cond = cond.add(conversation::Column::CustomerId.eq(id.0));
    }
    if let Some(w) = filter.window {
        let (from, to) = w.window().bounds(tx.now, tenant_tz(tx).await?);
        cond = cond.add(conversation::Column::OccurredAt.gte(from)).add(conversation::Column::OccurredAt.lt(to));
    }
    if let Some(from) = filter.from {
        cond = cond.add(conversation::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        cond = cond.add(conversation::Column::OccurredAt.lt(to));
    }
    if let Some(a) = filter.author_id {
        cond = cond.add(conversation::Column::AuthorId.eq(a.0));
    }
    if let Some(k) = filter.kind {
        cond = cond.add(conversation::Column::Kind.eq(k.as_str()));
    }
    let backend = tx.conn().get_database_backend();
    let count_q = Query::select()
        .expr_as(Expr::col(conversation::Column::Id).count(), Alias::new("n"))
        .from(conversation::Entity)
        .and_where(conversation::Column::TenantId.eq(tx.tenant_id().0))
        .cond_where(cond.clone())
        .to_owned();
    let total: i64 = if with_total {
        tx.conn()
            .query_one(backend.build(&count_q))
            .await
            .map_err(db_err)?
            .map(|r| r.try_get("", "n"))
            .transpose()
            .map_err(db_err)?
            .unwrap_or(0)
    } else {
        0
    };

    let mut q = select(tx);
    q.cond_where(cond);
    if let Some(raw) = after {
        let c = decode_cursor(raw)?;
        q.cond_where(Condition::any().add(conversation::Column::OccurredAt.lt(c.t)).add(
            Condition::all().add(conversation::Column::OccurredAt.eq(c.t)).add(conversation::Column::Id.lt(c.id)),
        ));
    }
    let first = first.max(1);
    q.order_by((conversation::Entity, conversation::Column::OccurredAt), Order::Desc)
        .order_by((conversation::Entity, conversation::Column::Id), Order::Desc)
        .limit(first + 1);
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    let fields = readable_fields(tx, FieldEntity::Conversation).await?;
    let mut items = rows.iter().map(|r| from_row(r, Some(&fields))).collect::<Result<Vec<_>>>()?;
    let has_next_page = items.len() > usize::try_from(first).unwrap_or(usize::MAX);
    items.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    Ok(ConversationPage {
        edges: items.into_iter().map(|c| (encode_cursor(&c), c)).collect(),
        has_next_page,
        total_count: u64::try_from(total).unwrap_or(0),
    })
}

/// Record a conversation, or merge it into the caller's latest record on
/// the same customer with the same topic when asked and that record lies
/// within 3 days. A merge keeps every entry with its own time and kind, in
/// time order (a backdated follow-up goes between the entries around it);
/// the record takes its latest entry's time and kind, and a visit among the
/// entries is counted by the "visited" windows at its own time.
pub async fn add(tx: &TenantTx, input: NewConversation) -> Result<Added> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let mut c = Checker::new();
    let topic = c.check(rules::topic(&input.topic));
    let content = c.check(rules::content(&input.content));
    let at = c.check(rules::occurred_at(input.occurred_at.unwrap_or(tx.now), tx.now));
    c.finish()?;
    let (Some(topic), Some(content), Some(at)) = (topic, content, at) else {
        return Err(Error::Internal("checker passed with a missing field".into()));
    };
    let cust = customers::editable_row(tx, &scope, input.customer_id).await?;
    let fields = crate::custom_fields::field_set(tx, FieldEntity::Conversation).await?;
    let patch = input.custom.clone().unwrap_or_else(|| json!({}));
    let writer = Writer::Role(actor.role);

    if input.merge {
        let earlier = tx
            .select::<conversation::Entity>()
            .filter(conversation::Column::CustomerId.eq(cust.id))
            .filter(conversation::Column::AuthorId.eq(actor.user_id.0))
            .filter(conversation::Column::Topic.eq(topic.as_str()))
            .filter(conversation::Column::OccurredAt.gte(at - rules::MERGE_WINDOW))
            .filter(conversation::Column::OccurredAt.lte(at + rules::MERGE_WINDOW))
            .order_by_occurred_desc()
            .one(tx.conn())
            .await
            .map_err(db_err)?;
        if let Some(e) = earlier {
            let tz = tenant_tz(tx).await?;
            let new = rules::Entry { at, kind: input.kind, content };
            let merged = rules::merge(entries_of(&e)?, new, e.visited_at);
            let text = rules::render(&merged.entries, tz);
            if text.chars().count() > rules::MAX_CONTENT_CHARS {
                return Err(Error::invalid("content", "too_long", "the merged record would be too long"));
            }
            let entries = serde_json::to_value(&merged.entries).map_err(Error::internal)?;
            let outcome = crate::custom_fields::apply_write(
                tx,
                &fields,
                e.id,
                writer,
                Some(&e.custom),
                &patch,
                &serde_json::Value::Null,
            )
            .await?;
            let mut changed: Vec<String> = vec!["content".to_owned()];
            if merged.occurred_at != e.occurred_at {
                changed.push("occurredAt".to_owned());
            }
            if merged.kind.as_str() != e.kind {
                changed.push("kind".to_owned());
            }
            changed.extend(outcome.changes.iter().map(|c| format!("custom.{}", c.key)));
            let custom = outcome.value;
            tx.update_many::<conversation::Entity>()
                .col_expr(conversation::Column::Content, Expr::value(text))
                .col_expr(conversation::Column::Entries, Expr::value(Some(entries)))
                .col_expr(conversation::Column::Custom, Expr::value(custom))
                .col_expr(conversation::Column::Kind, Expr::value(merged.kind.as_str()))
                .col_expr(conversation::Column::OccurredAt, Expr::value(merged.occurred_at))
                .col_expr(conversation::Column::VisitedAt, Expr::value(merged.visited_at))
                .col_expr(conversation::Column::UpdatedAt, Expr::value(tx.now))
                .filter(conversation::Column::Id.eq(e.id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            days::record(tx, &[Count::of(&e, -1), Count::new(merged.occurred_at, e.author_id, merged.kind, 1)]).await?;
            customers::touch_last_contact(tx, CustomerId(cust.id), merged.occurred_at).await?;
            // A follow-up merged into an earlier record edits that record.
            tx.emit(DomainEvent::ConversationEdited {
                conversation: ConversationId(e.id),
                customer: CustomerId(cust.id),
                fields: changed,
            });
            audit::record(
                tx,
                AuditAction::ConversationMerge,
                ENTITY,
                Some(e.id),
                json!({ "customerId": cust.id, "occurredAt": at, "kind": input.kind }),
            )
            .await?;
            let conversation = fetch_one(tx, &scope, ConversationId(e.id)).await?;
            return Ok(Added { conversation, merged: true });
        }
    }

    let id = ConversationId::new();
    let custom = crate::custom_fields::apply_write(tx, &fields, id.0, writer, None, &patch, &serde_json::Value::Null)
        .await?
        .value;
    tx.insert(conversation::ActiveModel {
        // Set by the scoped insert.
        tenant_id: NotSet,
        id: Set(id.0),
        customer_id: Set(cust.id),
        author_id: Set(actor.user_id.0),
        topic: Set(topic),
        content: Set(content),
        kind: Set(input.kind.as_str().to_owned()),
        occurred_at: Set(at),
        custom: Set(custom),
        entries: Set(None),
        visited_at: Set(None),
        created_at: Set(tx.now),
        updated_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    days::record(tx, &[Count::new(at, actor.user_id.0, input.kind, 1)]).await?;
    customers::touch_last_contact(tx, CustomerId(cust.id), at).await?;
    tx.emit(DomainEvent::ConversationAdded { conversation: id, customer: CustomerId(cust.id) });
    audit::record(
        tx,
        AuditAction::ConversationCreate,
        ENTITY,
        Some(id.0),
        json!({ "customerId": cust.id, "kind": input.kind }),
    )
    .await?;
    Ok(Added { conversation: fetch_one(tx, &scope, id).await?, merged: false })
}

/// Sorting helper: newest first, id as the tie-breaker.
trait NewestFirst {
    fn order_by_occurred_desc(self) -> Self;
}

impl NewestFirst for sea_orm::Select<conversation::Entity> {
    fn order_by_occurred_desc(self) -> Self {
        use sea_orm::QueryOrder;
        self.order_by_desc(conversation::Column::OccurredAt).order_by_desc(conversation::Column::Id)
    }
}

/// A conversation the caller may change, with the scope that allowed it.
async fn changeable(tx: &TenantTx, id: ConversationId) -> Result<(CustomerScope, Conversation)> {
    let scope = CustomerScope::of(tx.actor()?)?;
    // Unfiltered: a change of custom values merges into all stored values,
    // those of fields hidden from the caller included.
    let c = fetch(tx, &scope, id, None).await?;
    if !scope.may_change_conversation(c.author.id) {
        return Err(Error::Forbidden);
    }
    Ok((scope, c))
}

/// Replace a conversation's content. A merged record's text is then what
/// was written, as one entry; the visit it was known for still counts.
pub async fn edit_content(tx: &TenantTx, id: ConversationId, content: &str) -> Result<Conversation> {
    let content = rules::content(content).map_err(|e| Error::Validation(vec![e]))?;
    let (scope, old) = changeable(tx, id).await?;
    if old.content != content {
        tx.update_many::<conversation::Entity>()
            .col_expr(conversation::Column::Content, Expr::value(content))
            .col_expr(conversation::Column::Entries, Expr::value(Option::<serde_json::Value>::None))
            .col_expr(conversation::Column::UpdatedAt, Expr::value(tx.now))
            .filter(conversation::Column::Id.eq(id.0))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        tx.emit(DomainEvent::ConversationEdited {
            conversation: id,
            customer: old.customer_id,
            fields: vec!["content".to_owned()],
        });
        audit::record(
            tx,
            AuditAction::ConversationEditContent,
            ENTITY,
            Some(id.0),
            json!({ "customerId": old.customer_id }),
        )
        .await?;
    }
    fetch_one(tx, &scope, id).await
}

/// Change a conversation's custom field values: only the keys given
/// change (`null` clears one), checked like on [`add`].
pub async fn edit_custom(tx: &TenantTx, id: ConversationId, patch: &serde_json::Value) -> Result<Conversation> {
    let (scope, old) = changeable(tx, id).await?;
    let writer = Writer::Role(tx.actor()?.role);
    let fields = crate::custom_fields::field_set(tx, FieldEntity::Conversation).await?;
    let outcome = crate::custom_fields::apply_write(
        tx,
        &fields,
        id.0,
        writer,
        Some(&old.custom),
        patch,
        &serde_json::Value::Null,
    )
    .await?;
    if !outcome.changes.is_empty() {
        tx.update_many::<conversation::Entity>()
            .col_expr(conversation::Column::Custom, Expr::value(outcome.value))
            .col_expr(conversation::Column::UpdatedAt, Expr::value(tx.now))
            .filter(conversation::Column::Id.eq(id.0))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        let keys: Vec<&str> = outcome.changes.iter().map(|c| c.key.as_str()).collect();
        tx.emit(DomainEvent::ConversationEdited {
            conversation: id,
            customer: old.customer_id,
            fields: keys.iter().map(|k| format!("custom.{k}")).collect(),
        });
        audit::record(
            tx,
            AuditAction::ConversationEditCustom,
            ENTITY,
            Some(id.0),
            json!({ "customerId": old.customer_id, "fields": keys }),
        )
        .await?;
    }
    fetch_one(tx, &scope, id).await
}

/// Move a conversation to another time. In a merged record, its latest
/// entry moves (and the entries stay in time order, so the record's time is
/// then its latest entry's). The customer's last contact time follows when
/// it came from this conversation.
pub async fn edit_time(tx: &TenantTx, id: ConversationId, at: DateTime<Utc>) -> Result<Conversation> {
    let at = rules::occurred_at(at, tx.now).map_err(|e| Error::Validation(vec![e]))?;
    let (scope, old) = changeable(tx, id).await?;
    if old.occurred_at != at {
        let mut update = tx
            .update_many::<conversation::Entity>()
            .col_expr(conversation::Column::UpdatedAt, Expr::value(tx.now))
            .filter(conversation::Column::Id.eq(id.0));
        let (mut new_at, mut new_kind) = (at, old.kind);
        let mut changed = vec!["occurredAt".to_owned()];
        let mut entries = old.entries.clone();
        match entries.pop() {
            Some(latest) if !entries.is_empty() => {
                let merged = rules::merge(entries, rules::Entry { at, ..latest }, None);
                (new_at, new_kind) = (merged.occurred_at, merged.kind);
                // The text of a merged record shows each entry's time.
                changed.push("content".to_owned());
                if merged.kind != old.kind {
                    changed.push("kind".to_owned());
                }
                update = update
                    .col_expr(
                        conversation::Column::Content,
                        Expr::value(rules::render(&merged.entries, tenant_tz(tx).await?)),
                    )
                    .col_expr(
                        conversation::Column::Entries,
                        Expr::value(Some(serde_json::to_value(&merged.entries).map_err(Error::internal)?)),
                    )
                    .col_expr(conversation::Column::Kind, Expr::value(merged.kind.as_str()))
                    .col_expr(conversation::Column::VisitedAt, Expr::value(merged.visited_at));
            }
            // A record known as a visit through its merged entries moves with it.
            _ => {
                update = update.col_expr(
                    conversation::Column::VisitedAt,
                    Expr::case(conversation::Column::VisitedAt.eq(old.occurred_at), Expr::value(at))
                        .finally(Expr::col(conversation::Column::VisitedAt))
                        .into(),
                );
            }
        }
        update.col_expr(conversation::Column::OccurredAt, Expr::value(new_at)).exec(tx.conn()).await.map_err(db_err)?;
        let author = old.author.id.0;
        days::record(tx, &[Count::new(old.occurred_at, author, old.kind, -1), Count::new(new_at, author, new_kind, 1)])
            .await?;
        customers::recompute_last_contact(tx, old.customer_id, Some(old.occurred_at), Some(new_at)).await?;
        tx.emit(DomainEvent::ConversationEdited { conversation: id, customer: old.customer_id, fields: changed });
        audit::record(
            tx,
            AuditAction::ConversationEditTime,
            ENTITY,
            Some(id.0),
            json!({ "customerId": old.customer_id, "old": old.occurred_at, "new": at }),
        )
        .await?;
    }
    fetch_one(tx, &scope, id).await
}

/// Delete a conversation. The customer's last contact time falls back to
/// its latest remaining conversation when it came from this one.
pub async fn delete(tx: &TenantTx, id: ConversationId) -> Result<()> {
    let (_, old) = changeable(tx, id).await?;
    tx.delete_many::<conversation::Entity>()
        .filter(conversation::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    days::record(tx, &[Count::new(old.occurred_at, old.author.id.0, old.kind, -1)]).await?;
    customers::recompute_last_contact(tx, old.customer_id, Some(old.occurred_at), None).await?;
    tx.emit(DomainEvent::ConversationDeleted { conversation: id, customer: old.customer_id });
    audit::record(
        tx,
        AuditAction::ConversationDelete,
        ENTITY,
        Some(id.0),
        json!({ "customerId": old.customer_id, "topic": old.topic, "occurredAt": old.occurred_at }),
    )
    .await
}

/// The numbers of the given customers (for exports, which show them).
pub(crate) async fn customer_numbers(
    tx: &TenantTx,
    ids: impl Iterator<Item = CustomerId>,
) -> Result<std::collections::HashMap<CustomerId, String>> {
    let ids: Vec<uuid::Uuid> = ids.map(|c| c.0).collect::<std::collections::HashSet<_>>().into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    use sea_orm::QuerySelect as _;
    let rows: Vec<(uuid::Uuid, String)> = tx
        .select::<customer::Entity>()
        .select_only()
        .columns([customer::Column::Id, customer::Column::Number])
        .filter(customer::Column::Id.is_in(ids))
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(|(id, n)| (CustomerId(id), n)).collect())
}
