//! In-app notifications (everyone, their own only): the list, the unread
//! count, marking read, and where each kind reaches one (in the app, by
//! mail). Another user's or company's notification is `NOT_FOUND`.

use async_graphql::connection::PageInfo;
use async_graphql::{Context, Enum, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::input::Locale;
use guanxi_core::notifications::Preference;
use guanxi_store::billing::Exempt;
use guanxi_store::notifications as store;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};

/// What a notification is about. Each kind has its own preference.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::notifications::NotificationKind")]
pub enum NotificationKind {
    /// Someone else assigned or transferred customers to you, or handed
    /// them over to you when a colleague left (never your own claims).
    CustomerAssigned,
    /// An import you started finished.
    ImportFinished,
    /// An outbound webhook kept failing and was disabled (admins).
    WebhookDisabled,
    /// Someone mentioned you (`@your name`) on the message board.
    Mention,
    /// One of your work plans passed its end undone.
    PlanOverdue,
    /// A workflow's message.
    Workflow,
    /// A daily reminder (a visit or plan today, an overdue plan, a date
    /// approaching, a birthday, a VIP not contacted), at your reminder time;
    /// by mail as one digest a day.
    Reminder,
}

/// The kind of record a notification opens.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::notifications::LinkKind")]
pub enum NotificationLinkKind {
    /// A customer (`customer(id:)`).
    Customer,
    /// An import (`customerImport(id:)`).
    Import,
    /// A webhook (`webhook(id:)`, admins).
    Webhook,
    /// A message-board post.
    BoardPost,
    /// A work plan (`workPlan(id:)`).
    WorkPlan,
    /// A workflow (`workflow(id:)`, admins).
    Workflow,
}

/// The record a notification opens.
#[derive(SimpleObject)]
pub struct NotificationLink {
    kind: NotificationLinkKind,
    id: ID,
}

/// One notification of the caller's.
pub struct Notification {
    n: store::Notification,
    /// The company's language, for text asked for without a locale.
    locale: Locale,
}

impl Notification {
    fn rendered(&self, locale: Option<&str>) -> ApiResult<guanxi_core::notifications::Rendered> {
        let locale = match locale {
            Some(l) => Locale::parse(l, "locale").map_err(|f| guanxi_core::Error::Validation(vec![f]))?,
            None => self.locale,
        };
        Ok(self.n.notice.as_ref().map_or_else(
            || guanxi_core::notifications::Rendered { title: self.n.kind.as_str().to_owned(), body: String::new() },
            |notice| notice.render(locale),
        ))
    }
}

#[Object]
impl Notification {
    async fn id(&self) -> ID {
        ID(self.n.id.to_string())
    }
    async fn kind(&self) -> NotificationKind {
        self.n.kind.into()
    }
    /// One line, in `locale` (`zh-CN` or `en`; the company's language when
    /// omitted).
    async fn title(&self, locale: Option<String>) -> ApiResult<String> {
        Ok(self.rendered(locale.as_deref())?.title)
    }
    /// A sentence or two, in `locale` as for `title`.
    async fn body(&self, locale: Option<String>) -> ApiResult<String> {
        Ok(self.rendered(locale.as_deref())?.body)
    }
    /// The parameters the text is made of (names and counts as they were
    /// when it was sent), for clients that word it themselves; their keys
    /// depend on `kind` (see the API guide).
    async fn params(&self) -> Json<serde_json::Value> {
        Json(self.n.params.clone())
    }
    /// The record it opens, if any.
    async fn link(&self) -> Option<NotificationLink> {
        self.n.link.map(|l| NotificationLink { kind: l.kind.into(), id: ID(l.id.to_string()) })
    }
    /// Who caused it, when a person did.
    async fn actor_id(&self) -> Option<ID> {
        self.n.actor_id.map(|a| ID(a.to_string()))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.n.created_at
    }
    /// When it was read; null while unread.
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.n.read_at
    }
    async fn read(&self) -> bool {
        self.n.read_at.is_some()
    }
}

/// A notification in a page, with the cursor to continue after it.
#[derive(SimpleObject)]
pub struct NotificationEdge {
    /// Pass as `after` to get the (older) notifications that follow.
    cursor: String,
    node: Notification,
}

/// A page of the caller's notifications, newest first.
pub struct NotificationConnection {
    page: store::NotificationPage,
    after_given: bool,
    locale: Locale,
}

fn cursor(n: &store::Notification) -> String {
    crate::pagination::encode_cursor(&n.id)
}

#[Object]
impl NotificationConnection {
    async fn edges(&self) -> Vec<NotificationEdge> {
        self.page
            .items
            .iter()
            .map(|n| NotificationEdge { cursor: cursor(n), node: Notification { n: n.clone(), locale: self.locale } })
            .collect()
    }
    async fn nodes(&self) -> Vec<Notification> {
        self.page.items.iter().map(|n| Notification { n: n.clone(), locale: self.locale }).collect()
    }
    async fn page_info(&self) -> PageInfo {
        let cursors: Vec<String> = self.page.items.iter().map(cursor).collect();
        crate::pagination::page_info(cursors.iter().map(String::as_str), self.page.has_next_page, self.after_given)
    }
}

/// Where one kind of notification reaches the caller.
#[derive(SimpleObject)]
pub struct NotificationPreference {
    kind: NotificationKind,
    /// Shown in the app.
    in_app: bool,
    /// Also sent by mail.
    mail: bool,
}

fn preferences(list: Vec<(guanxi_core::notifications::NotificationKind, Preference)>) -> Vec<NotificationPreference> {
    list.into_iter().map(|(k, p)| NotificationPreference { kind: k.into(), in_app: p.in_app, mail: p.mail }).collect()
}

/// Where one kind should reach the caller.
#[derive(InputObject)]
pub struct NotificationPreferenceInput {
    kind: NotificationKind,
    in_app: bool,
    mail: bool,
}

/// The notifications just marked, and what is left unread.
#[derive(SimpleObject)]
pub struct MarkNotificationsReadPayload {
    notifications: Vec<Notification>,
    unread_count: i32,
}

fn count(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// The caller's notifications, newest first: pages of `first` (10 when
    /// omitted, at most 100) after a cursor; only unread ones with
    /// `unreadOnly: true`.
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        unread_only: Option<bool>,
    ) -> ApiResult<NotificationConnection> {
        let unread_only = unread_only.unwrap_or(false);
        let first = crate::pagination::first(first.map(i64::from))?;
        let after = after.as_deref().map(crate::pagination::decode_cursor::<uuid::Uuid>).transpose()?;
        ctx.read(async |tx| {
            let page = store::list(tx, first, after, unread_only).await?;
            let locale = guanxi_store::tenants::locale(tx).await?;
            Ok(NotificationConnection { page, after_given: after.is_some(), locale })
        })
        .await
    }

    /// How many of the caller's notifications are unread.
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        ctx.read(async |tx| Ok(count(store::unread_count(tx).await?))).await
    }

    /// Where each kind of notification reaches the caller, every kind
    /// listed (defaults for those never chosen).
    async fn notification_preferences(&self, ctx: &Context<'_>) -> ApiResult<Vec<NotificationPreference>> {
        ctx.read(async |tx| Ok(preferences(store::preferences(tx).await?))).await
    }
}

#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Mark 1 to 100 of the caller's notifications read. All or nothing:
    /// an id that is not one of the caller's notifications is `NOT_FOUND`
    /// and nothing is marked.
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        ids: Vec<ID>,
    ) -> ApiResult<MarkNotificationsReadPayload> {
        let ids = ids.iter().map(|id| parse_id::<uuid::Uuid>(id, "ids")).collect::<ApiResult<Vec<_>>>()?;
        ctx.exempt_write(Exempt::OwnAccount, async |tx| {
            let marked = store::mark_read(tx, &ids).await?;
            let locale = guanxi_store::tenants::locale(tx).await?;
            let unread = store::unread_count(tx).await?;
            Ok(MarkNotificationsReadPayload {
                notifications: marked.into_iter().map(|n| Notification { n, locale }).collect(),
                unread_count: count(unread),
            })
        })
        .await
    }

    /// Mark every unread notification of the caller's read; returns how
    /// many were.
    async fn mark_all_notifications_read(&self, ctx: &Context<'_>) -> ApiResult<i32> {
        ctx.exempt_write(Exempt::OwnAccount, async |tx| Ok(count(store::mark_all_read(tx).await?))).await
    }

    /// Choose where kinds of notification reach the caller (each kind at
    /// most once; kinds left out keep theirs). Returns every kind's.
    async fn update_notification_preferences(
        &self,
        ctx: &Context<'_>,
        input: Vec<NotificationPreferenceInput>,
    ) -> ApiResult<Vec<NotificationPreference>> {
        let changes: Vec<_> =
            input.iter().map(|p| (p.kind.into(), Preference { in_app: p.in_app, mail: p.mail })).collect();
        ctx.exempt_write(Exempt::OwnAccount, async |tx| Ok(preferences(store::set_preferences(tx, &changes).await?)))
            .await
    }
}
