//! Outbound webhooks (admins, and supervisors for their groups where the
//! company allows it): subscribe URLs to event types, read each
//! endpoint's delivery log, replay a delivery, rotate the signing secret,
//! enable and disable. `docs/api.md` ("Webhooks") says how receivers
//! verify the signature.

use async_graphql::connection::PageInfo;
use async_graphql::{Context, Enum, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::{GroupId, WebhookDeliveryId, WebhookId};
use guanxi_store::webhooks as store;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};

/// Why a webhook is disabled.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::webhooks::DisabledReason")]
pub enum WebhookDisabledReason {
    /// An admin disabled it.
    Manual,
    /// Its deliveries kept failing (see `consecutiveFailures` and
    /// `failingSince`), so it was disabled automatically.
    Failing,
}

/// Where a delivery stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::webhooks::DeliveryStatus")]
pub enum WebhookDeliveryStatus {
    /// Waiting for its first attempt or a retry (`nextAttemptAt`).
    Pending,
    /// The endpoint answered with a 2xx status.
    Succeeded,
    /// Every attempt failed within the retry window, or the webhook was
    /// disabled first. It can be replayed.
    Failed,
}

/// An endpoint that receives the company's events.
pub struct Webhook(store::Webhook);

#[Object]
impl Webhook {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Where events are POSTed.
    async fn url(&self) -> &str {
        &self.0.url
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// The event types it receives (`customer.created` …), or `["*"]` for all.
    async fn events(&self) -> &[String] {
        &self.0.events
    }
    /// Whether events are delivered to it.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }
    /// Why it is disabled.
    async fn disabled_reason(&self) -> Option<WebhookDisabledReason> {
        self.0.disabled_reason.map(Into::into)
    }
    /// Failed attempts since its last success.
    async fn consecutive_failures(&self) -> i32 {
        self.0.consecutive_failures
    }
    /// When the current run of failures began.
    async fn failing_since(&self) -> Option<DateTime<Utc>> {
        self.0.failing_since
    }
    /// The group whose events it receives (its people's customers and
    /// plans, its people joining or leaving); null: the whole company's.
    async fn group_id(&self) -> Option<ID> {
        self.0.group_id.map(|g| ID(g.to_string()))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Its delivery log, newest first: pages of `first` deliveries (10 when
    /// omitted, at most 100), continuing `after` a cursor.
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<WebhookDeliveryConnection> {
        let first = crate::pagination::first(first.map(i64::from))?;
        let after = after
            .as_deref()
            .map(|a| crate::pagination::decode_cursor::<uuid::Uuid>(a).map(WebhookDeliveryId))
            .transpose()?;
        let id = self.0.id;
        ctx.read(async |tx| {
            let page = store::deliveries(tx, id, first, after).await?;
            Ok(WebhookDeliveryConnection { page, after_given: after.is_some() })
        })
        .await
    }
}

/// One event sent (or to be sent) to one webhook, with its last attempt.
pub struct WebhookDelivery(store::Delivery);

#[Object]
impl WebhookDelivery {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn webhook_id(&self) -> ID {
        ID(self.0.webhook_id.to_string())
    }
    /// The event's id (`Guanxi-Event-Id`), the same for every delivery of
    /// the event, replays included.
    async fn event_id(&self) -> &str {
        &self.0.event_id
    }
    /// The event's type, e.g. `customer.created`.
    async fn event_type(&self) -> &str {
        &self.0.event_type
    }
    async fn status(&self) -> WebhookDeliveryStatus {
        self.0.status.into()
    }
    /// Attempts so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// When the next attempt is due (pending deliveries).
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_attempt_at
    }
    async fn last_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_attempt_at
    }
    /// The last attempt's HTTP status, when the endpoint answered.
    async fn response_status(&self) -> Option<i32> {
        self.0.response_status
    }
    /// How long the last attempt took, in milliseconds.
    async fn duration_ms(&self) -> Option<i32> {
        self.0.duration_ms
    }
    /// Why the last attempt failed (an HTTP status, a timeout, a refused address …).
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// The first 500 characters of the last response's body.
    async fn response_snippet(&self) -> Option<&str> {
        self.0.response_snippet.as_deref()
    }
    /// The delivery this one replays.
    async fn replay_of_id(&self) -> Option<ID> {
        self.0.replay_of.map(|r| ID(r.to_string()))
    }
    /// The JSON body sent: `{id, type, createdAt, companyId, data}`.
    async fn payload(&self) -> Json<serde_json::Value> {
        Json(self.0.payload.clone())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A delivery in a page, with the cursor to continue after it.
#[derive(SimpleObject)]
pub struct WebhookDeliveryEdge {
    /// Pass as `after` to get the (older) deliveries that follow this one.
    cursor: String,
    node: WebhookDelivery,
}

/// A page of a webhook's delivery log.
pub struct WebhookDeliveryConnection {
    page: store::DeliveryPage,
    after_given: bool,
}

fn cursor(d: &store::Delivery) -> String {
    crate::pagination::encode_cursor(&d.id.0)
}

#[Object]
impl WebhookDeliveryConnection {
    /// The webhook's deliveries in all.
    async fn total_count(&self) -> i32 {
        i32::try_from(self.page.total_count).unwrap_or(i32::MAX)
    }
    async fn edges(&self) -> Vec<WebhookDeliveryEdge> {
        self.page
            .deliveries
            .iter()
            .map(|d| WebhookDeliveryEdge { cursor: cursor(d), node: WebhookDelivery(d.clone()) })
            .collect()
    }
    /// The deliveries of this page, newest first.
    async fn nodes(&self) -> Vec<WebhookDelivery> {
        self.page.deliveries.iter().cloned().map(WebhookDelivery).collect()
    }
    async fn page_info(&self) -> PageInfo {
        let cursors: Vec<String> = self.page.deliveries.iter().map(cursor).collect();
        crate::pagination::page_info(cursors.iter().map(String::as_str), self.page.has_next_page, self.after_given)
    }
}

/// A webhook and its signing secret, which is shown only this once.
#[derive(SimpleObject)]
pub struct WebhookWithSecret {
    webhook: Webhook,
    /// Verifies the `Guanxi-Signature` header of every delivery (see the
    /// API guide). Keep it secret; rotate it if it leaks.
    secret: String,
}

/// Subscribe a URL to events.
#[derive(InputObject)]
pub struct CreateWebhookInput {
    /// An `https://` (or `http://`) URL on a public address.
    url: String,
    /// Event types (`customer.created` …, see `webhookEventTypes`), or `["*"]` for all.
    events: Vec<String>,
    description: Option<String>,
    /// The group whose events it receives. The whole company's when
    /// omitted (admins only); a supervisor of one group gets that group.
    group_id: Option<ID>,
}

/// Change a webhook; fields left out keep their value.
#[derive(InputObject)]
pub struct UpdateWebhookInput {
    url: Option<String>,
    events: Option<Vec<String>>,
    /// Blank clears it.
    description: Option<String>,
}

#[derive(Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// The webhooks you manage, oldest first: every one for admins, their
    /// groups' for supervisors where the company allows it.
    async fn webhooks(&self, ctx: &Context<'_>) -> ApiResult<Vec<Webhook>> {
        ctx.read(async |tx| Ok(store::list(tx).await?.into_iter().map(Webhook).collect())).await
    }

    /// One webhook you manage, with its delivery log.
    async fn webhook(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Webhook> {
        let id = parse_id::<WebhookId>(&id, "id")?;
        ctx.read(async |tx| Ok(Webhook(store::get(tx, id).await?))).await
    }

    /// The event types a webhook may subscribe to (whoever manages webhooks).
    async fn webhook_event_types(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        ctx.read(async |tx| Ok(guanxi_store::workflows::check_manages(tx).await?)).await?;
        Ok(guanxi_core::webhooks::subscribable_kinds().map(str::to_owned).collect())
    }
}

#[derive(Default)]
pub struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// Subscribe a URL to event types (whoever manages webhooks: a
    /// supervisor for a group they supervise). Its host must resolve to
    /// public addresses only (`VALIDATION_FAILED` on `url`, reason
    /// `forbidden_address`, otherwise). The answer holds the signing
    /// secret, never shown again.
    async fn create_webhook(&self, ctx: &Context<'_>, input: CreateWebhookInput) -> ApiResult<WebhookWithSecret> {
        // Authorized before the host is resolved: the answer would tell
        // anyone what a name resolves to.
        let group = input.group_id.as_ref().map(|g| parse_id::<GroupId>(g, "groupId")).transpose()?;
        ctx.read(async |tx| Ok(guanxi_store::workflows::automation_group(tx, group).await?)).await?;
        let url = store::check_url(&ctx.rc()?.store.config().webhooks, &input.url).await?;
        ctx.write(async |tx| {
            let (webhook, secret) = store::create(tx, url, &input.events, input.description.as_deref(), group).await?;
            Ok(WebhookWithSecret { webhook: Webhook(webhook), secret })
        })
        .await
    }

    /// Change a webhook's URL, event types or description (whoever manages it).
    async fn update_webhook(&self, ctx: &Context<'_>, id: ID, input: UpdateWebhookInput) -> ApiResult<Webhook> {
        let id = parse_id::<WebhookId>(&id, "id")?;
        // Checked before the host is resolved (see `createWebhook`).
        ctx.read(async |tx| Ok(store::get(tx, id).await.map(|_| ())?)).await?;
        let url = match &input.url {
            Some(u) => Some(store::check_url(&ctx.rc()?.store.config().webhooks, u).await?),
            None => None,
        };
        let changes = store::WebhookChanges { url, events: input.events, description: input.description };
        ctx.write(async |tx| Ok(Webhook(store::update(tx, id, changes).await?))).await
    }

    /// Delete a webhook and its delivery log (whoever manages it).
    async fn delete_webhook(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let id = parse_id::<WebhookId>(&id, "id")?;
        ctx.write(async |tx| {
            store::delete(tx, id).await?;
            Ok(true)
        })
        .await
    }

    /// Give a webhook a new signing secret, returned this once (whoever manages it).
    /// The old secret stops signing at once.
    async fn rotate_webhook_secret(&self, ctx: &Context<'_>, id: ID) -> ApiResult<WebhookWithSecret> {
        let id = parse_id::<WebhookId>(&id, "id")?;
        ctx.write(async |tx| {
            let (webhook, secret) = store::rotate_secret(tx, id).await?;
            Ok(WebhookWithSecret { webhook: Webhook(webhook), secret })
        })
        .await
    }

    /// Deliver events to a webhook again (whoever manages it); its run of failures
    /// starts over.
    async fn enable_webhook(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Webhook> {
        let id = parse_id::<WebhookId>(&id, "id")?;
        ctx.write(async |tx| Ok(Webhook(store::set_enabled(tx, id, true).await?))).await
    }

    /// Stop delivering events to a webhook (whoever manages it); its pending
    /// deliveries fail.
    async fn disable_webhook(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Webhook> {
        let id = parse_id::<WebhookId>(&id, "id")?;
        ctx.write(async |tx| Ok(Webhook(store::set_enabled(tx, id, false).await?))).await
    }

    /// Send a delivery's event again, as a new delivery with the same
    /// payload and event id (whoever manages it). `CONFLICT` (`endpoint_disabled`)
    /// while the webhook is disabled.
    async fn replay_webhook_delivery(&self, ctx: &Context<'_>, id: ID) -> ApiResult<WebhookDelivery> {
        let id = parse_id::<WebhookDeliveryId>(&id, "id")?;
        ctx.write(async |tx| Ok(WebhookDelivery(store::replay(tx, id).await?))).await
    }
}
