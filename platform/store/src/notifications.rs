//! In-app notifications: the one way anything tells a user something
//! (`notify`), each user's own list, read state and preferences, and the
//! built-in producers fed by the domain events.
//!
//! - [`notify`] writes in the caller's transaction, so a notification
//!   exists if and only if the change that caused it does; when the
//!   recipient wants the kind by mail, the mail is queued in the outbox in
//!   the same transaction. A `dedupe_key`, unique per recipient, makes the
//!   same occasion notify once however often its producer runs (domain
//!   events are delivered at least once): a second call with the same key
//!   writes nothing and sends no mail. Workflows, reminders and mentions
//!   call it; it decides nothing about who may be told what (producers do),
//!   only where the recipient wants it.
//! - Everyone reads and marks only their own notifications: every query
//!   here is filtered by the caller's user id, so another user's (or
//!   company's) id is `NOT_FOUND` and changes nothing.
//! - [`Store::notify_for_events`] holds today's producers (customers given
//!   to someone by someone else, a finished import, a webhook disabled for
//!   failing, an `@mention` on the message board, an overdue work plan);
//!   `guanxi_automation`'s notification subscriber calls it for each batch.
//! - [`Store::prune_notifications`] deletes read notifications past the
//!   retention.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use guanxi_core::events::OwnerChange;
use guanxi_core::input::Locale;
use guanxi_core::notifications::{self as rules, Link, LinkKind, Notice, NotificationKind, Preference};
use guanxi_core::{DomainEvent, Error, Result, Role, TenantId, UserId};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::db::{Access, Store, TenantTx, db_err};
use crate::entity::{board_post, customer, domain_event, import, notification, notification_preference, tenant_slug};
use crate::entity::{user, work_plan};
use crate::events::StoredEvent;
use crate::outbox;

/// Longest dedupe key (the column's width).
pub const DEDUPE_KEY_MAX: usize = 200;
/// Most ids one `mark_read` takes.
pub const MAX_MARK: usize = 100;
/// How long read notifications are kept.
pub const RETENTION_DAYS: i64 = 90;
/// Events of one change read to count the customers it gave one person.
/// A transfer of more customers than this says "this many" (the count is
/// only the message's, nothing depends on it).
const GROUP_READ_MAX: u64 = 100_000;

/// A notification to write with [`notify`].
#[derive(Clone, Debug)]
pub struct NewNotification {
    /// Who it is for.
    pub recipient: UserId,
    /// What it says.
    pub notice: Notice,
    /// Who caused it, when a person did.
    pub actor: Option<UserId>,
    /// The occasion, unique per recipient: a second notification with the
    /// same key is not written (at most [`DEDUPE_KEY_MAX`] characters).
    /// Producers name the occasion, e.g. `import_finished:<import id>`.
    pub dedupe_key: String,
}

/// A notification as its recipient reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    /// Id.
    pub id: Uuid,
    /// What it is about.
    pub kind: NotificationKind,
    /// What it says; none when a newer version of the server wrote
    /// parameters this one cannot read (then `params` still has them).
    pub notice: Option<Notice>,
    /// Its parameters as stored.
    pub params: serde_json::Value,
    /// The record it opens.
    pub link: Option<Link>,
    /// Who caused it.
    pub actor_id: Option<UserId>,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Read; none while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// A page of the caller's notifications, newest first.
#[derive(Clone, Debug)]
pub struct NotificationPage {
    /// The notifications.
    pub items: Vec<Notification>,
    /// Whether older ones follow.
    pub has_next_page: bool,
}

fn view(m: notification::Model) -> Option<Notification> {
    // A kind this version does not know (written by a newer one during a
    // rolling upgrade) is left out rather than failing the whole list.
    let kind = NotificationKind::parse(&m.kind)?;
    let link = match (m.link_kind.as_deref().and_then(LinkKind::parse), m.link_id) {
        (Some(kind), Some(id)) => Some(Link { kind, id }),
        _ => None,
    };
    Some(Notification {
        id: m.id,
        kind,
        notice: Notice::from_stored(&m.kind, &m.params),
        params: m.params,
        link,
        actor_id: m.actor_id.map(UserId),
        created_at: m.created_at,
        read_at: m.read_at,
    })
}

/// The caller: every operation here is on one's own notifications.
fn me(tx: &TenantTx) -> Result<UserId> {
    Ok(tx.actor()?.user_id)
}

/// `user`'s preference for `kind`: their row, or the kind's default.
pub(crate) async fn preference(tx: &TenantTx, user: UserId, kind: NotificationKind) -> Result<Preference> {
    let row = tx
        .select::<notification_preference::Entity>()
        .filter(notification_preference::Column::UserId.eq(user.0))
        .filter(notification_preference::Column::Kind.eq(kind.as_str()))
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(row.map_or_else(|| kind.default_preference(), |r| Preference { in_app: r.in_app, mail: r.mail }))
}

/// Notify one user, in `tx`: the notification is written when the
/// recipient is an active user who wants this kind somewhere and no
/// notification of theirs has the same dedupe key, with its mail queued
/// when they want it by mail. Returns whether it was written.
pub async fn notify(tx: &TenantTx, n: NewNotification) -> Result<bool> {
    write(tx, n, true).await
}

/// [`notify`] without the mail of its own, for a producer that mails a
/// digest of several (the daily reminders): the notification is still
/// written where the recipient wants this kind by mail only, for its key.
pub(crate) async fn notify_quietly(tx: &TenantTx, n: NewNotification) -> Result<bool> {
    write(tx, n, false).await
}

async fn write(tx: &TenantTx, n: NewNotification, mail_each: bool) -> Result<bool> {
    if n.dedupe_key.is_empty() || n.dedupe_key.chars().count() > DEDUPE_KEY_MAX {
        return Err(Error::Internal(
            format!("a notification's dedupe key must be 1 to {DEDUPE_KEY_MAX} characters").into(),
        ));
    }
    let recipient = tx
        .select::<user::Entity>()
        .filter(user::Column::Id.eq(n.recipient.0))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Kind.eq(crate::users::PERSON))
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    let Some(recipient) = recipient else { return Ok(false) };
    let kind = n.notice.kind();
    let pref = preference(tx, n.recipient, kind).await?;
    if !pref.in_app && !pref.mail {
        return Ok(false);
    }
    let link = n.notice.link();
    let inserted = tx
        .insert(notification::ActiveModel {
            tenant_id: Set(tx.tenant_id().0),
            id: Set(Uuid::now_v7()),
            recipient_id: Set(n.recipient.0),
            kind: Set(kind.as_str().to_owned()),
            params: Set(n.notice.params()),
            link_kind: Set(link.map(|l| l.kind.as_str().to_owned())),
            link_id: Set(link.map(|l| l.id)),
            actor_id: Set(n.actor.map(|a| a.0)),
            dedupe_key: Set(n.dedupe_key),
            in_app: Set(pref.in_app),
            created_at: Set(tx.now),
            // Mail only: kept for its key, born read so that it is pruned.
            read_at: Set((!pref.in_app).then_some(tx.now)),
        })
        .on_conflict(
            OnConflict::columns([
                notification::Column::TenantId,
                notification::Column::RecipientId,
                notification::Column::DedupeKey,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    if inserted == 0 {
        return Ok(false);
    }
    if pref.mail && mail_each {
        let (subject, body) = mail_text(tx, &n.notice);
        outbox::enqueue(tx, "notification", &recipient.email, &subject, &body).await?;
    }
    Ok(true)
}

/// A notification's mail: Chinese first, then English, like every mail.
fn mail_text(tx: &TenantTx, notice: &Notice) -> (String, String) {
    let zh = notice.render(Locale::ZhCn);
    let en = notice.render(Locale::En);
    let link = notice
        .link()
        .map(|l| format!("{}{}", tx.cfg.public_url.trim_end_matches('/'), l.path()))
        .map(|url| format!("\n{url}\n"))
        .unwrap_or_default();
    let subject = if zh.title == en.title { zh.title.clone() } else { format!("{} · {}", zh.title, en.title) };
    let body = format!(
        "{}\n{}\n{link}\n{}\n{}\n{link}\n——\n在个人资料页可以选择哪些通知发邮件。\nChoose which notifications are mailed on your profile page.\n",
        zh.title, zh.body, en.title, en.body
    );
    (subject, body)
}

/// The caller's notifications shown in the app, newest first: pages of
/// `first`, continuing after the notification `after`, only unread ones
/// when `unread_only`.
pub async fn list(tx: &TenantTx, first: u64, after: Option<Uuid>, unread_only: bool) -> Result<NotificationPage> {
    let mut q = tx
        .select::<notification::Entity>()
        .filter(notification::Column::RecipientId.eq(me(tx)?.0))
        .filter(notification::Column::InApp.eq(true));
    if unread_only {
        q = q.filter(notification::Column::ReadAt.is_null());
    }
    if let Some(after) = after {
        q = q.filter(notification::Column::Id.lt(after));
    }
    let mut rows = q.order_by_desc(notification::Column::Id).limit(first + 1).all(tx.conn()).await.map_err(db_err)?;
    let has_next_page = rows.len() as u64 > first;
    rows.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    Ok(NotificationPage { items: rows.into_iter().filter_map(view).collect(), has_next_page })
}

/// How many of the caller's notifications are unread.
pub async fn unread_count(tx: &TenantTx) -> Result<u64> {
    tx.select::<notification::Entity>()
        .filter(notification::Column::RecipientId.eq(me(tx)?.0))
        .filter(notification::Column::InApp.eq(true))
        .filter(notification::Column::ReadAt.is_null())
        .count(tx.conn())
        .await
        .map_err(db_err)
}

/// Mark the caller's notifications `ids` read (those already read keep
/// their time) and return them. All or nothing: an id that is not one of
/// the caller's notifications (another user's, another company's, none at
/// all) is `NOT_FOUND`, and nothing changes.
pub async fn mark_read(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<Notification>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_MARK {
        return Err(Error::invalid("ids", "out_of_range", format!("give 1 to {MAX_MARK} ids")));
    }
    let user = me(tx)?;
    let mine = || {
        tx.select::<notification::Entity>()
            .filter(notification::Column::RecipientId.eq(user.0))
            .filter(notification::Column::InApp.eq(true))
            .filter(notification::Column::Id.is_in(ids.clone()))
    };
    let found = mine().count(tx.conn()).await.map_err(db_err)?;
    if found != ids.len() as u64 {
        return Err(Error::NotFound("notification"));
    }
    tx.update_many::<notification::Entity>()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(tx.now)))
        .filter(notification::Column::RecipientId.eq(user.0))
        .filter(notification::Column::Id.is_in(ids.clone()))
        .filter(notification::Column::ReadAt.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let rows = mine().order_by_desc(notification::Column::Id).all(tx.conn()).await.map_err(db_err)?;
    Ok(rows.into_iter().filter_map(view).collect())
}

/// Mark every unread notification of the caller's read; how many were.
pub async fn mark_all_read(tx: &TenantTx) -> Result<u64> {
    Ok(tx
        .update_many::<notification::Entity>()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(tx.now)))
        .filter(notification::Column::RecipientId.eq(me(tx)?.0))
        .filter(notification::Column::ReadAt.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected)
}

/// The caller's preferences: every kind, in [`NotificationKind::ALL`]'s
/// order, defaults filled in.
pub async fn preferences(tx: &TenantTx) -> Result<Vec<(NotificationKind, Preference)>> {
    let rows: HashMap<String, Preference> = tx
        .select::<notification_preference::Entity>()
        .filter(notification_preference::Column::UserId.eq(me(tx)?.0))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|r| (r.kind, Preference { in_app: r.in_app, mail: r.mail }))
        .collect();
    Ok(NotificationKind::ALL
        .into_iter()
        .map(|k| (k, rows.get(k.as_str()).copied().unwrap_or_else(|| k.default_preference())))
        .collect())
}

/// Set the caller's preferences for the kinds named (each at most once;
/// others keep theirs) and return them all.
pub async fn set_preferences(
    tx: &TenantTx,
    changes: &[(NotificationKind, Preference)],
) -> Result<Vec<(NotificationKind, Preference)>> {
    let user = me(tx)?;
    let mut seen = Vec::new();
    for (k, _) in changes {
        if seen.contains(k) {
            return Err(Error::invalid("kind", "duplicate", format!("{} is given twice", k.as_str())));
        }
        seen.push(*k);
    }
    for (k, p) in changes {
        tx.insert(notification_preference::ActiveModel {
            tenant_id: Set(tx.tenant_id().0),
            user_id: Set(user.0),
            kind: Set(k.as_str().to_owned()),
            in_app: Set(p.in_app),
            mail: Set(p.mail),
            updated_at: Set(tx.now),
        })
        .on_conflict(
            OnConflict::columns([
                notification_preference::Column::TenantId,
                notification_preference::Column::UserId,
                notification_preference::Column::Kind,
            ])
            .update_columns([
                notification_preference::Column::InApp,
                notification_preference::Column::Mail,
                notification_preference::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    }
    preferences(tx).await
}

/// Whether `recipient` already has a notification for the occasion `key`.
async fn exists(tx: &TenantTx, recipient: UserId, key: &str) -> Result<bool> {
    Ok(tx
        .select::<notification::Entity>()
        .filter(notification::Column::RecipientId.eq(recipient.0))
        .filter(notification::Column::DedupeKey.eq(key))
        .count(tx.conn())
        .await
        .map_err(db_err)?
        > 0)
}

/// Whether an event is one a producer below turns into notifications, so
/// a batch without any costs no transaction at all.
fn produces(e: &StoredEvent) -> bool {
    match &e.event {
        DomainEvent::CustomerOwnerChanged { to, .. } => e.actor_id != Some(*to),
        DomainEvent::ImportFinished { .. } | DomainEvent::PlanOverdue { .. } => true,
        DomainEvent::WebhookDisabled { reason, .. } => reason == "failing",
        DomainEvent::BoardPostChanged { what, .. } => *what != guanxi_core::events::Definition::Deleted,
        _ => false,
    }
}

/// Customers one change (one transaction, one actor) gave one person: a
/// transfer of 300 customers is one notification, not 300.
struct Given {
    first_seq: i64,
    created_at: DateTime<Utc>,
    actor: Option<UserId>,
    to: UserId,
    how: OwnerChange,
    customer: guanxi_core::CustomerId,
}

impl Store {
    /// The built-in producers: turn a batch of `tenant`'s events into
    /// notifications, in one transaction, idempotently (each occasion has
    /// its dedupe key, so a batch delivered again adds nothing). Returns
    /// how many were written.
    ///
    /// - a customer given to someone by someone else (assigned, transferred,
    ///   handed over at offboarding; never one's own claim or
    ///   self-assignment): one notification per change and recipient;
    /// - an import finished: to whoever started it, with its counts;
    /// - a webhook disabled because it kept failing: to every active admin;
    /// - a board post naming `@<display name>`: to each user named (not
    ///   the writer, not maintenance accounts, who cannot read the board),
    ///   once per post, so an edit notifies only the newly named;
    /// - a work plan overdue: to its owner.
    pub async fn notify_for_events(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<usize> {
        if !events.iter().any(produces) {
            return Ok(0);
        }
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        let mut written = 0;
        let mut given: BTreeMap<(DateTime<Utc>, Option<UserId>, UserId), Given> = BTreeMap::new();
        for e in events.iter().filter(|e| produces(e)) {
            match &e.event {
                DomainEvent::CustomerOwnerChanged { customer, to, how, .. } => {
                    given.entry((e.created_at, e.actor_id, *to)).or_insert(Given {
                        first_seq: e.seq,
                        created_at: e.created_at,
                        actor: e.actor_id,
                        to: *to,
                        how: *how,
                        customer: *customer,
                    });
                }
                DomainEvent::ImportFinished { import, created, updated, skipped } => {
                    let row = tx
                        .select::<import::Entity>()
                        .filter(import::Column::Id.eq(import.0))
                        .one(tx.conn())
                        .await
                        .map_err(db_err)?;
                    let Some(row) = row else { continue };
                    let n = NewNotification {
                        recipient: UserId(row.created_by),
                        notice: Notice::ImportFinished {
                            import: *import,
                            file_name: row.file_name,
                            created: *created,
                            updated: *updated,
                            skipped: *skipped,
                            failed: u64::try_from(row.failed_count).unwrap_or_default(),
                        },
                        actor: None,
                        dedupe_key: format!("import_finished:{import}"),
                    };
                    written += usize::from(notify(&tx, n).await?);
                }
                DomainEvent::WebhookDisabled { webhook, url, failures, .. } => {
                    for a in crate::users::active_admins(&tx).await? {
                        let n = NewNotification {
                            recipient: UserId(a.id),
                            notice: Notice::WebhookDisabled {
                                webhook: *webhook,
                                url: url.clone(),
                                failures: *failures,
                            },
                            actor: None,
                            dedupe_key: format!("webhook_disabled:{}", e.seq),
                        };
                        written += usize::from(notify(&tx, n).await?);
                    }
                }
                DomainEvent::BoardPostChanged { post, .. } => written += mentions(&tx, e, *post).await?,
                DomainEvent::PlanOverdue { plan, owner } => {
                    let row = tx
                        .select::<work_plan::Entity>()
                        .filter(work_plan::Column::Id.eq(plan.0))
                        .one(tx.conn())
                        .await
                        .map_err(db_err)?;
                    // Done or deleted since: nothing to tell.
                    let Some(row) = row.filter(|p| p.done_at.is_none()) else { continue };
                    let n = NewNotification {
                        recipient: *owner,
                        notice: Notice::PlanOverdue { plan: *plan, subject: row.subject },
                        actor: None,
                        dedupe_key: format!("plan_overdue:{}", e.seq),
                    };
                    written += usize::from(notify(&tx, n).await?);
                }
                _ => {}
            }
        }
        for g in given.into_values() {
            written += usize::from(customers_given(&tx, g).await?);
        }
        tx.commit().await?;
        Ok(written)
    }

    /// Delete read notifications read before `before`, in every company
    /// (one short transaction each); how many. Unread ones are kept
    /// whatever their age. Run by the notification subscriber's
    /// housekeeping with `now - RETENTION_DAYS`.
    pub async fn prune_notifications(&self, before: DateTime<Utc>) -> Result<u64> {
        // unscoped: the directory of companies is global, read to visit each.
        let tenants: Vec<Uuid> = tenant_slug::Entity::find()
            .select_only()
            .column(tenant_slug::Column::TenantId)
            .into_tuple()
            .all(&self.reader)
            .await
            .map_err(db_err)?;
        let mut deleted = 0;
        for t in tenants {
            let tx = TenantTx::begin(self, TenantId(t), Access::Write).await?;
            deleted += tx
                .delete_many::<notification::Entity>()
                .filter(notification::Column::ReadAt.lt(before))
                .exec(tx.conn())
                .await
                .map_err(db_err)?
                .rows_affected;
            tx.commit().await?;
        }
        Ok(deleted)
    }
}

/// Notify `g.to` of the customers one change gave them, counted over the
/// whole change: its events are consecutive (a transaction's events are
/// numbered together at its commit) and share its time and actor, so they
/// are read from the first one this batch holds. A change already told
/// (its first events were in an earlier batch) is skipped before counting.
async fn customers_given(tx: &TenantTx, g: Given) -> Result<bool> {
    let key = format!(
        "customer_assigned:{}:{}",
        g.created_at.timestamp_micros(),
        g.actor.map_or_else(|| "system".to_owned(), |a| a.to_string())
    );
    if exists(tx, g.to, &key).await? {
        return Ok(false);
    }
    let rows = tx
        .select::<domain_event::Entity>()
        .filter(domain_event::Column::Seq.gte(g.first_seq))
        .filter(
            domain_event::Column::Seq.lt(g.first_seq.saturating_add(i64::try_from(GROUP_READ_MAX).unwrap_or(i64::MAX))),
        )
        .filter(domain_event::Column::Kind.eq("customer.owner_changed"))
        .filter(domain_event::Column::CreatedAt.eq(g.created_at))
        .order_by_asc(domain_event::Column::Seq)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let count = rows
        .iter()
        .filter(|r| r.actor_id == g.actor.map(|a| a.0))
        .filter(|r| matches!(serde_json::from_value(r.payload.clone()), Ok(DomainEvent::CustomerOwnerChanged { to, .. }) if to == g.to))
        .count()
        .max(1);
    let name = tx
        .select::<customer::Entity>()
        .filter(customer::Column::Id.eq(g.customer.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .map(|c| c.name)
        .unwrap_or_default();
    let by = match g.actor {
        Some(a) => crate::users::display_names(tx, [a]).await?.remove(&a).unwrap_or_default(),
        None => String::new(),
    };
    let n = NewNotification {
        recipient: g.to,
        notice: Notice::CustomerAssigned {
            how: g.how,
            by,
            count: count as u64,
            customer: g.customer,
            customer_name: name,
        },
        actor: g.actor,
        dedupe_key: key,
    };
    notify(tx, n).await
}

/// Notify the users a board post mentions (see [`Store::notify_for_events`]).
async fn mentions(tx: &TenantTx, e: &StoredEvent, post: guanxi_core::BoardPostId) -> Result<usize> {
    let row = tx
        .select::<board_post::Entity>()
        .filter(board_post::Column::Id.eq(post.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    let Some(row) = row else { return Ok(0) };
    let text = format!("{}\n{}", row.title, row.content);
    if !text.contains('@') {
        return Ok(0);
    }
    let users = tx
        .select::<user::Entity>()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Kind.eq(crate::users::PERSON))
        .filter(user::Column::Role.ne(Role::Maintenance.as_str()))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let candidates: Vec<(UserId, &str)> = users.iter().map(|u| (UserId(u.id), u.display_name.as_str())).collect();
    // Whoever wrote this version: the author, or the admin who edited it.
    let writer = e.actor_id.unwrap_or(UserId(row.author_id));
    let by = users.iter().find(|u| u.id == writer.0).map(|u| u.display_name.clone()).unwrap_or_default();
    let mut written = 0;
    for who in rules::mentions(&text, &candidates).into_iter().filter(|u| *u != writer) {
        let n = NewNotification {
            recipient: who,
            notice: Notice::Mention {
                post,
                title: row.title.clone(),
                by: by.clone(),
                excerpt: rules::excerpt(&row.content),
            },
            actor: Some(writer),
            dedupe_key: format!("mention:{post}"),
        };
        written += usize::from(notify(tx, n).await?);
    }
    Ok(written)
}
