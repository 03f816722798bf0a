//! Outbound webhooks: endpoints a company's admins subscribe to event
//! types, and the deliveries of those events to them.
//!
//! - **Endpoints** (`webhook_endpoints`) are managed by admins
//!   (`ManageSettings`), and a group's endpoints (which receive only the
//!   events that concern the group: its people's customers and plans, its
//!   people joining or leaving) by the group's supervisors where the company
//!   allows it, like workflows (`crate::workflows::manages`). Each has a signing secret, shown once when it is
//!   made or rotated. Unlike the other credentials (`crate::secrets`), which
//!   are only ever compared and so kept as hashes, the secret must be read
//!   back to sign every delivery: it is kept encrypted (ChaCha20-Poly1305)
//!   under the installation's webhook key, bound to its company and endpoint
//!   (the associated data), so a copied row or database dump reveals nothing
//!   and a ciphertext moved to another row does not open.
//! - **Deliveries** (`webhook_deliveries`) are written by the webhook
//!   subscriber of the domain events ([`Store::enqueue_webhook_deliveries`]):
//!   one per event and subscribed endpoint, keyed by `(endpoint, event seq)`
//!   so that a batch delivered to the subscriber twice adds nothing the
//!   second time. The subscriber's cursor is moved by the dispatcher after
//!   the batch's transaction commits; the unique key is what makes the two
//!   transactions safe.
//! - **The queue** (`webhook_queue`, global: ids and scheduling only) is
//!   worked by the delivery worker of any replica exactly like the mail
//!   queue (`crate::outbox`): a lease taken with `FOR UPDATE SKIP LOCKED`,
//!   then everything else in a [`TenantTx`] of the delivery's company.
//!
//! Server-side request forgery: a URL is checked when it is saved
//! ([`check_url`]: its host resolved, every address public) and again
//! before every attempt, since the name may resolve elsewhere by then.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use guanxi_core::webhooks::{EventTypes, Host, RetryPolicy, WebhookUrl, event_id, forbidden_ip, parse_description};
use guanxi_core::{DomainEvent, Error, FieldError, GroupId, Result, TenantId, UserId, WebhookDeliveryId, WebhookId};
use rand::RngCore;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::audit;
use crate::audit::AuditAction;
use crate::auth::chrono;
use crate::db::{Access, Store, TenantTx, db_err};
use crate::entity::{webhook_delivery, webhook_endpoint, webhook_queue};
use crate::events::StoredEvent;
use crate::outbox::LeasedQueue;

/// The deliveries' queue.
const WEBHOOK_QUEUE: LeasedQueue = LeasedQueue { table: "webhook_queue", id: "delivery_id" };

/// Errors and response snippets are kept to this many characters (the columns' width).
const TEXT_MAX_CHARS: usize = 500;
/// Stale queue rows one claim may clear before giving up until the next poll.
const CLAIM_SKIPS: usize = 16;
/// How long resolving an endpoint's host may take.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);
/// Endpoints one company may have. Not a plan entitlement: a bound that
/// keeps one event's fan-out (a row per endpoint) small.
pub const MAX_ENDPOINTS: u64 = 20;

/// The store's webhook settings (from the server's configuration).
#[derive(Clone, Debug, Default)]
pub struct WebhookSettings {
    /// Whether endpoints may resolve to private, loopback, link-local and
    /// other non-public addresses. Off in service; for tests and closed
    /// networks only.
    pub allow_private: bool,
    /// Where the key that encrypts signing secrets comes from.
    pub key: WebhookKeySource,
}

/// The installation's webhook key: 32 bytes, the same on every replica.
#[derive(Clone)]
pub enum WebhookKeySource {
    /// Given by the operator (`webhooks_secret_key`).
    Key(Arc<[u8; 32]>),
    /// Read from this file, which is made (random, mode 0600) the first
    /// time a key is needed: the embedded default with one server. Several
    /// replicas must share one key, so they are given one.
    File(PathBuf),
}

impl Default for WebhookKeySource {
    fn default() -> Self {
        WebhookKeySource::File(PathBuf::from("./data/webhooks.key"))
    }
}

impl std::fmt::Debug for WebhookKeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookKeySource::Key(_) => f.write_str("Key(********)"),
            WebhookKeySource::File(p) => f.debug_tuple("File").field(p).finish(),
        }
    }
}

impl WebhookKeySource {
    /// A key given as 64 hexadecimal digits or as base64 (standard or
    /// URL-safe, padded or not) of 32 bytes.
    pub fn parse(text: &str) -> std::result::Result<WebhookKeySource, String> {
        let t = text.trim();
        let bytes = if t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()) {
            hex::decode(t).map_err(|e| e.to_string())?
        } else {
            let unpadded = t.trim_end_matches('=').replace('+', "-").replace('/', "_");
            URL_SAFE_NO_PAD.decode(unpadded).map_err(|_| "not hexadecimal or base64".to_owned())?
        };
        let key: [u8; 32] =
            bytes.try_into().map_err(|_| "must be 32 bytes (64 hexadecimal digits or 44 base64 characters)")?;
        Ok(WebhookKeySource::Key(Arc::new(key)))
    }

    pub(crate) async fn key(&self) -> Result<[u8; 32]> {
        match self {
            WebhookKeySource::Key(k) => Ok(**k),
            WebhookKeySource::File(path) => key_file(path).await,
        }
    }
}

/// The key in `path`, made the first time; cached per path for the process.
async fn key_file(path: &std::path::Path) -> Result<[u8; 32]> {
    static KEYS: OnceLock<Mutex<HashMap<PathBuf, [u8; 32]>>> = OnceLock::new();
    let cache = KEYS.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(k) = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(path) {
        return Ok(*k);
    }
    let read = async || -> Result<Option<[u8; 32]>> {
        match tokio::fs::read_to_string(path).await {
            Ok(text) => match WebhookKeySource::parse(&text) {
                Ok(WebhookKeySource::Key(k)) => Ok(Some(*k)),
                _ => Err(Error::Internal(format!("{} does not hold a webhook key", path.display()).into())),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::internal(e)),
        }
    };
    let key = match read().await? {
        Some(k) => k,
        None => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                tokio::fs::create_dir_all(dir).await.map_err(Error::internal)?;
            }
            let mut k = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut k);
            let mut options = tokio::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            options.mode(0o600);
            match options.open(path).await {
                Ok(mut f) => {
                    use tokio::io::AsyncWriteExt as _;
                    f.write_all(hex::encode(k).as_bytes()).await.map_err(Error::internal)?;
                    f.sync_all().await.map_err(Error::internal)?;
                    tracing::warn!(path = %path.display(), "made a webhook key; replicas must share it (webhooks_secret_key)");
                    k
                }
                // Another task made it first: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    read().await?.ok_or_else(|| Error::Internal("the webhook key file vanished".into()))?
                }
                Err(e) => return Err(Error::internal(e)),
            }
        }
    };
    cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_owned(), key);
    Ok(key)
}

fn crypto_error(_: ring::error::Unspecified) -> Error {
    Error::Internal("webhook secret encryption failed".into())
}

/// What a secret is bound to: its company and endpoint.
fn binding(tenant: TenantId, endpoint: Uuid) -> Vec<u8> {
    let mut aad = tenant.0.as_bytes().to_vec();
    aad.extend_from_slice(endpoint.as_bytes());
    aad
}

fn seal(key: &[u8; 32], aad: &[u8], secret: &str) -> Result<String> {
    let k = LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, key).map_err(crypto_error)?);
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let mut buf = secret.as_bytes().to_vec();
    k.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), &mut buf).map_err(crypto_error)?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&buf);
    Ok(format!("v1.{}", URL_SAFE_NO_PAD.encode(out)))
}

fn open(key: &[u8; 32], aad: &[u8], sealed: &str) -> Result<String> {
    let bad = || Error::Internal("a webhook secret does not decrypt (was the webhook key changed?)".into());
    let raw = sealed.strip_prefix("v1.").and_then(|b| URL_SAFE_NO_PAD.decode(b).ok()).ok_or_else(bad)?;
    if raw.len() < NONCE_LEN {
        return Err(bad());
    }
    let (nonce, ct) = raw.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| bad())?;
    let k = LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, key).map_err(crypto_error)?);
    let mut buf = ct.to_vec();
    let plain = k.open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(aad), &mut buf).map_err(|_| bad())?;
    String::from_utf8(plain.to_vec()).map_err(|_| bad())
}

/// A fresh signing secret: `whsec_` and 256 random bits.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("whsec_{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// An endpoint URL whose host resolved to addresses a delivery may reach,
/// made only by [`check_url`]: the store saves no other.
#[derive(Clone, Debug)]
pub struct CheckedUrl {
    url: WebhookUrl,
    addrs: Vec<SocketAddr>,
}

impl CheckedUrl {
    /// The URL.
    pub fn url(&self) -> &WebhookUrl {
        &self.url
    }

    /// The addresses its host resolved to, every one allowed: a delivery
    /// connects to these and no other (a second lookup could answer
    /// differently).
    pub fn addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }
}

/// Parse `raw` and resolve its host; every address must be public unless
/// `settings` allow private ones. Errors are `VALIDATION_FAILED` on `url`:
/// `invalid`, `scheme`, `credentials`, `too_long`, `unresolvable` or
/// `forbidden_address`. Call it outside any transaction: it waits for DNS.
pub async fn check_url(settings: &WebhookSettings, raw: &str) -> Result<CheckedUrl> {
    let url = WebhookUrl::parse(raw).map_err(|e| Error::Validation(vec![e]))?;
    let port = url.port();
    let addrs: Vec<SocketAddr> = match url.host() {
        Host::Ip(ip) => vec![SocketAddr::new(ip, port)],
        Host::Name(name) => {
            let unresolvable =
                || Error::invalid("url", "unresolvable", format!("the host {name} could not be resolved"));
            match tokio::time::timeout(RESOLVE_TIMEOUT, tokio::net::lookup_host((name.as_str(), port))).await {
                Ok(Ok(found)) => found.collect(),
                Ok(Err(_)) | Err(_) => return Err(unresolvable()),
            }
        }
    };
    if addrs.is_empty() {
        return Err(Error::invalid("url", "unresolvable", "the host has no address"));
    }
    if !settings.allow_private
        && let Some(a) = addrs.iter().find(|a| forbidden_ip(a.ip()))
    {
        return Err(Error::invalid(
            "url",
            "forbidden_address",
            format!(
                "the host resolves to {}, a private or reserved address: webhooks reach public addresses only",
                a.ip()
            ),
        ));
    }
    Ok(CheckedUrl { url, addrs })
}

/// Why an endpoint is disabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisabledReason {
    /// An admin disabled it.
    Manual,
    /// Its deliveries kept failing, so it was disabled automatically.
    Failing,
}

impl DisabledReason {
    fn as_str(self) -> &'static str {
        match self {
            DisabledReason::Manual => "manual",
            DisabledReason::Failing => "failing",
        }
    }
}

/// An endpoint as the API shows it (never its secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Webhook {
    /// Id.
    pub id: WebhookId,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The admins' note.
    pub description: Option<String>,
    /// The event types it receives, or `["*"]`.
    pub events: Vec<String>,
    /// Whether events are delivered to it.
    pub enabled: bool,
    /// Why not, when disabled.
    pub disabled_reason: Option<DisabledReason>,
    /// Failed attempts since its last success.
    pub consecutive_failures: i32,
    /// Since when it has been failing.
    pub failing_since: Option<DateTime<Utc>>,
    /// The group whose events it receives; `None`: the whole company's.
    pub group_id: Option<GroupId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed by an admin.
    pub updated_at: DateTime<Utc>,
}

fn view(m: webhook_endpoint::Model) -> Webhook {
    Webhook {
        id: WebhookId(m.id),
        url: m.url,
        description: m.description,
        events: EventTypes::from_stored(&m.events).as_slice().to_vec(),
        enabled: m.enabled,
        disabled_reason: match m.disabled_reason.as_deref() {
            Some("failing") => Some(DisabledReason::Failing),
            Some(_) => Some(DisabledReason::Manual),
            None => None,
        },
        consecutive_failures: m.consecutive_failures,
        failing_since: m.failing_since,
        group_id: m.group_id.map(GroupId),
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Not delivered yet: waiting for its first attempt or a retry.
    Pending,
    /// The endpoint answered 2xx.
    Succeeded,
    /// Every attempt failed, or the endpoint was disabled meanwhile.
    Failed,
}

impl DeliveryStatus {
    fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Succeeded => "succeeded",
            DeliveryStatus::Failed => "failed",
        }
    }

    fn of(s: &str) -> DeliveryStatus {
        match s {
            "succeeded" => DeliveryStatus::Succeeded,
            "failed" => DeliveryStatus::Failed,
            _ => DeliveryStatus::Pending,
        }
    }
}

/// One delivery of one event to one endpoint, with its last attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    /// Id.
    pub id: WebhookDeliveryId,
    /// The endpoint.
    pub webhook_id: WebhookId,
    /// The event's id as receivers see it.
    pub event_id: String,
    /// The event's type.
    pub event_type: String,
    /// The JSON body sent.
    pub payload: serde_json::Value,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts so far.
    pub attempts: i32,
    /// When the next attempt is due.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the last attempt was made.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The last attempt's HTTP status, if a response came.
    pub response_status: Option<i32>,
    /// How long the last attempt took.
    pub duration_ms: Option<i32>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// The start of the last response's body.
    pub response_snippet: Option<String>,
    /// The delivery this one replays.
    pub replay_of: Option<WebhookDeliveryId>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

fn delivery_view(m: webhook_delivery::Model) -> Delivery {
    Delivery {
        id: WebhookDeliveryId(m.id),
        webhook_id: WebhookId(m.endpoint_id),
        event_id: m.event_id,
        event_type: m.event_type,
        payload: m.payload,
        status: DeliveryStatus::of(&m.status),
        attempts: m.attempts,
        next_attempt_at: m.next_attempt_at,
        last_attempt_at: m.last_attempt_at,
        response_status: m.response_status,
        duration_ms: m.duration_ms,
        error: m.error,
        response_snippet: m.response_snippet,
        replay_of: m.replay_of.map(WebhookDeliveryId),
        created_at: m.created_at,
    }
}

/// A page of an endpoint's delivery log, newest first.
#[derive(Clone, Debug)]
pub struct DeliveryPage {
    /// The deliveries.
    pub deliveries: Vec<Delivery>,
    /// The endpoint's deliveries in all.
    pub total_count: u64,
    /// Whether older deliveries follow.
    pub has_next_page: bool,
}

/// `s` on one line, cut to `max` characters.
fn one_line(s: &str, max: usize) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).take(max).collect::<String>().trim().to_owned()
}

/// An endpoint the actor manages; `NOT_FOUND` for one they do not (another
/// group's, like another company's).
async fn endpoint(tx: &TenantTx, id: WebhookId) -> Result<webhook_endpoint::Model> {
    let m = crate::workflows::manages(tx).await?;
    let ep = tx
        .select::<webhook_endpoint::Entity>()
        .filter(webhook_endpoint::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("webhook"))?;
    if !m.covers(ep.group_id) {
        return Err(Error::NotFound("webhook"));
    }
    Ok(ep)
}

/// Subscribe `url` to `events` (or `["*"]`), for the whole company or for
/// `group` (a supervisor's: one of the groups they supervise, the one when
/// they supervise one). Returns the endpoint and its signing secret, which
/// is never shown again.
pub async fn create(
    tx: &TenantTx,
    url: CheckedUrl,
    events: &[String],
    description: Option<&str>,
    group: Option<GroupId>,
) -> Result<(Webhook, String)> {
    let group = crate::workflows::automation_group(tx, group).await?;
    let mut errors = Vec::new();
    let events = EventTypes::parse(events).map_err(|e| errors.push(e)).ok();
    let description = parse_description(description).map_err(|e| errors.push(e)).ok().flatten();
    let Some(events) = events.filter(|_| errors.is_empty()) else { return Err(Error::Validation(errors)) };
    let count = tx.select::<webhook_endpoint::Entity>().count(tx.conn()).await.map_err(db_err)?;
    if count >= MAX_ENDPOINTS {
        return Err(Error::Conflict(FieldError::new(
            "url",
            "too_many",
            format!("a company may have at most {MAX_ENDPOINTS} webhooks"),
        )));
    }
    let id = WebhookId::new();
    let secret = new_secret();
    let key = tx.cfg.webhooks.key.key().await?;
    let model = webhook_endpoint::Model {
        tenant_id: tx.tenant_id().0,
        id: id.0,
        url: url.url.as_str().to_owned(),
        description,
        events: serde_json::json!(events.as_slice()),
        enabled: true,
        disabled_reason: None,
        secret_encrypted: seal(&key, &binding(tx.tenant_id(), id.0), &secret)?,
        consecutive_failures: 0,
        failing_since: None,
        created_by: tx.actor.as_ref().map(|a| a.user_id.0),
        group_id: group.map(|g| g.0),
        created_at: tx.now,
        updated_at: tx.now,
    };
    tx.insert(webhook_endpoint::ActiveModel::from(model.clone()))
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(
        tx,
        AuditAction::WebhookCreate,
        "webhook",
        Some(id.0),
        serde_json::json!({ "url": model.url, "events": events.as_slice() }),
    )
    .await?;
    Ok((view(model), secret))
}

/// What an update changes; `None` keeps a value.
#[derive(Clone, Debug, Default)]
pub struct WebhookChanges {
    /// A new URL.
    pub url: Option<CheckedUrl>,
    /// New event types.
    pub events: Option<Vec<String>>,
    /// A new description (blank clears it).
    pub description: Option<String>,
}

/// Change an endpoint's URL, event types or description. Whoever manages it.
pub async fn update(tx: &TenantTx, id: WebhookId, changes: WebhookChanges) -> Result<Webhook> {
    endpoint(tx, id).await?;
    let mut errors = Vec::new();
    let mut events = None;
    if let Some(raw) = &changes.events {
        match EventTypes::parse(raw) {
            Ok(e) => events = Some(e),
            Err(e) => errors.push(e),
        }
    }
    let mut description = None;
    if let Some(raw) = &changes.description {
        match parse_description(Some(raw)) {
            Ok(d) => description = Some(d),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut q = tx
        .update_many::<webhook_endpoint::Entity>()
        .col_expr(webhook_endpoint::Column::UpdatedAt, Expr::value(tx.now))
        .filter(webhook_endpoint::Column::Id.eq(id.0));
    let mut changed = Vec::new();
    if let Some(u) = &changes.url {
        q = q.col_expr(webhook_endpoint::Column::Url, Expr::value(u.url.as_str()));
        changed.push("url");
    }
    if let Some(e) = &events {
        q = q.col_expr(webhook_endpoint::Column::Events, Expr::value(serde_json::json!(e.as_slice())));
        changed.push("events");
    }
    if let Some(d) = description {
        q = q.col_expr(webhook_endpoint::Column::Description, Expr::value(d));
        changed.push("description");
    }
    q.exec(tx.conn()).await.map_err(db_err)?;
    let updated = endpoint(tx, id).await?;
    audit::record(
        tx,
        AuditAction::WebhookUpdate,
        "webhook",
        Some(id.0),
        serde_json::json!({ "fields": changed, "url": updated.url }),
    )
    .await?;
    Ok(view(updated))
}

/// Delete an endpoint and its delivery log. Whoever manages it.
pub async fn delete(tx: &TenantTx, id: WebhookId) -> Result<()> {
    let m = endpoint(tx, id).await?;
    tx.delete_many::<webhook_delivery::Entity>()
        .filter(webhook_delivery::Column::EndpointId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.delete_many::<webhook_endpoint::Entity>()
        .filter(webhook_endpoint::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    // Its queue rows are cleared by the worker that finds their deliveries gone.
    audit::record(tx, AuditAction::WebhookDelete, "webhook", Some(id.0), serde_json::json!({ "url": m.url })).await
}

/// Give an endpoint a new signing secret, returned once; the old one
/// stops signing at once (deliveries already in flight were signed with it).
/// Whoever manages it.
pub async fn rotate_secret(tx: &TenantTx, id: WebhookId) -> Result<(Webhook, String)> {
    let m = endpoint(tx, id).await?;
    let secret = new_secret();
    let key = tx.cfg.webhooks.key.key().await?;
    let sealed = seal(&key, &binding(tx.tenant_id(), id.0), &secret)?;
    tx.update_many::<webhook_endpoint::Entity>()
        .col_expr(webhook_endpoint::Column::SecretEncrypted, Expr::value(sealed.clone()))
        .col_expr(webhook_endpoint::Column::UpdatedAt, Expr::value(tx.now))
        .filter(webhook_endpoint::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::WebhookRotateSecret, "webhook", Some(id.0), serde_json::json!({ "url": m.url }))
        .await?;
    Ok((view(webhook_endpoint::Model { secret_encrypted: sealed, updated_at: tx.now, ..m }), secret))
}

/// Enable or disable an endpoint (whoever manages it). Enabling clears its run of
/// failures (an endpoint disabled for failing gets a fresh start);
/// disabling fails its pending deliveries when the worker reaches them.
pub async fn set_enabled(tx: &TenantTx, id: WebhookId, enabled: bool) -> Result<Webhook> {
    let m = endpoint(tx, id).await?;
    if m.enabled == enabled {
        return Ok(view(m));
    }
    let reason = (!enabled).then(|| DisabledReason::Manual.as_str().to_owned());
    tx.update_many::<webhook_endpoint::Entity>()
        .col_expr(webhook_endpoint::Column::Enabled, Expr::value(enabled))
        .col_expr(webhook_endpoint::Column::DisabledReason, Expr::value(reason.clone()))
        .col_expr(webhook_endpoint::Column::ConsecutiveFailures, Expr::value(0))
        .col_expr(webhook_endpoint::Column::FailingSince, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(webhook_endpoint::Column::UpdatedAt, Expr::value(tx.now))
        .filter(webhook_endpoint::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let action = if enabled { AuditAction::WebhookEnable } else { AuditAction::WebhookDisable };
    audit::record(tx, action, "webhook", Some(id.0), serde_json::json!({ "url": m.url })).await?;
    if !enabled {
        tx.emit(DomainEvent::WebhookDisabled {
            webhook: id,
            url: m.url.clone(),
            reason: DisabledReason::Manual.as_str().to_owned(),
            failures: i64::from(m.consecutive_failures),
        });
    }
    Ok(view(webhook_endpoint::Model {
        enabled,
        disabled_reason: reason,
        consecutive_failures: 0,
        failing_since: None,
        updated_at: tx.now,
        ..m
    }))
}

/// The endpoints the actor manages (every one for admins, their groups'
/// for supervisors where allowed), oldest first.
pub async fn list(tx: &TenantTx) -> Result<Vec<Webhook>> {
    let m = crate::workflows::manages(tx).await?;
    Ok(tx
        .select::<webhook_endpoint::Entity>()
        .filter(m.condition_on(webhook_endpoint::Column::GroupId))
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(view)
        .collect())
}

/// One endpoint the actor manages; another company's is `NOT_FOUND`.
pub async fn get(tx: &TenantTx, id: WebhookId) -> Result<Webhook> {
    endpoint(tx, id).await.map(view)
}

/// An endpoint's deliveries, newest first: `first` of them after the
/// delivery `after` (a cursor's position). Whoever manages it.
pub async fn deliveries(
    tx: &TenantTx,
    id: WebhookId,
    first: u64,
    after: Option<WebhookDeliveryId>,
) -> Result<DeliveryPage> {
    endpoint(tx, id).await?;
    let base = tx.select::<webhook_delivery::Entity>().filter(webhook_delivery::Column::EndpointId.eq(id.0));
    let total_count = base.clone().count(tx.conn()).await.map_err(db_err)?;
    let mut q = base;
    if let Some(a) = after {
        q = q.filter(webhook_delivery::Column::Id.lt(a.0));
    }
    let mut rows =
        q.order_by_desc(webhook_delivery::Column::Id).limit(first + 1).all(tx.conn()).await.map_err(db_err)?;
    let has_next_page = rows.len() as u64 > first;
    rows.truncate(usize::try_from(first).unwrap_or(usize::MAX));
    Ok(DeliveryPage { deliveries: rows.into_iter().map(delivery_view).collect(), total_count, has_next_page })
}

/// Send a delivery's event again, as a new delivery of the same payload
/// (the same event id, so receivers recognise it), due at once. Whoever
/// manages its endpoint; another company's delivery is `NOT_FOUND`; `CONFLICT`
/// (`endpoint_disabled`) while its endpoint is disabled.
pub async fn replay(tx: &TenantTx, id: WebhookDeliveryId) -> Result<Delivery> {
    crate::workflows::manages(tx).await?;
    let d = tx
        .select::<webhook_delivery::Entity>()
        .filter(webhook_delivery::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("webhook delivery"))?;
    let ep = endpoint(tx, WebhookId(d.endpoint_id)).await?;
    if !ep.enabled {
        return Err(Error::Conflict(FieldError::new(
            "id",
            "endpoint_disabled",
            "enable the webhook before replaying its deliveries",
        )));
    }
    let model = webhook_delivery::Model {
        tenant_id: tx.tenant_id().0,
        id: WebhookDeliveryId::new().0,
        endpoint_id: d.endpoint_id,
        event_seq: None,
        event_id: d.event_id.clone(),
        event_type: d.event_type.clone(),
        payload: d.payload.clone(),
        status: DeliveryStatus::Pending.as_str().to_owned(),
        attempts: 0,
        next_attempt_at: Some(tx.now),
        last_attempt_at: None,
        response_status: None,
        duration_ms: None,
        error: None,
        response_snippet: None,
        replay_of: Some(d.id),
        created_at: tx.now,
    };
    tx.insert(webhook_delivery::ActiveModel::from(model.clone()))
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    queue(tx.conn(), tx.tenant_id(), model.id, tx.now).await?;
    audit::record(
        tx,
        AuditAction::WebhookReplay,
        "webhook_delivery",
        Some(d.id),
        serde_json::json!({ "webhookId": d.endpoint_id, "eventId": d.event_id, "replay": model.id }),
    )
    .await?;
    Ok(delivery_view(model))
}

async fn queue(conn: &DatabaseTransaction, tenant: TenantId, delivery: Uuid, at: DateTime<Utc>) -> Result<()> {
    webhook_queue::Entity::insert(webhook_queue::ActiveModel {
        delivery_id: Set(delivery),
        tenant_id: Set(tenant.0),
        run_after: Set(at),
        locked_until: Set(None),
        locked_by: Set(None),
    })
    .exec_without_returning(conn)
    .await
    .map_err(db_err)?;
    Ok(())
}

async fn unqueue(conn: &DatabaseTransaction, id: Uuid, worker: Option<&str>) -> Result<()> {
    let mut q = webhook_queue::Entity::delete_many().filter(webhook_queue::Column::DeliveryId.eq(id));
    if let Some(w) = worker {
        q = q.filter(webhook_queue::Column::LockedBy.eq(w));
    }
    q.exec(conn).await.map_err(db_err)?;
    Ok(())
}

/// The JSON body receivers get for `e`: `{id, type, createdAt, companyId, data}`.
pub fn payload(e: &StoredEvent) -> Result<serde_json::Value> {
    Ok(serde_json::json!({
        "id": event_id(e.tenant_id, e.seq),
        "type": e.event.kind(),
        "createdAt": e.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "companyId": e.tenant_id.0,
        "data": serde_json::to_value(&e.event).map_err(Error::internal)?,
    }))
}

/// A delivery leased to one worker, to attempt now. Its `Debug` leaves the
/// secret out.
#[derive(Clone)]
pub struct ClaimedDelivery {
    /// Its company.
    pub tenant_id: TenantId,
    /// The delivery.
    pub id: WebhookDeliveryId,
    /// Its endpoint.
    pub webhook_id: WebhookId,
    /// The endpoint's URL.
    pub url: String,
    /// The endpoint's signing secret.
    pub secret: String,
    /// The event's id.
    pub event_id: String,
    /// The body to send, exactly as signed.
    pub body: String,
    /// This attempt's number (1 for the first).
    pub attempt: i32,
    /// When the delivery was made (retries end a window after it).
    pub created_at: DateTime<Utc>,
    /// The worker holding the lease.
    pub worker_id: String,
}

impl std::fmt::Debug for ClaimedDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClaimedDelivery")
            .field("tenant_id", &self.tenant_id)
            .field("id", &self.id)
            .field("webhook_id", &self.webhook_id)
            .field("url", &self.url)
            .field("event_id", &self.event_id)
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

/// How one attempt went.
#[derive(Clone, Debug, Default)]
pub struct Attempt {
    /// Whether the endpoint answered 2xx.
    pub ok: bool,
    /// The HTTP status, if a response came.
    pub status: Option<u16>,
    /// How long it took.
    pub duration: Duration,
    /// What went wrong (not 2xx, refused address, timeout …).
    pub error: Option<String>,
    /// The start of the response body.
    pub snippet: Option<String>,
}

impl Store {
    /// Turn `events` of `tenant` into deliveries to its enabled endpoints
    /// that subscribe to their types (and existed when the event happened),
    /// queued at once. Idempotent: an event already delivered to an
    /// endpoint adds nothing. Returns the deliveries added.
    pub async fn enqueue_webhook_deliveries(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<usize> {
        // Most companies have no endpoint: a read on a reader answers that
        // without touching the writer.
        let look = TenantTx::begin(self, tenant, Access::Read).await?;
        let any = look
            .select::<webhook_endpoint::Entity>()
            .filter(webhook_endpoint::Column::Enabled.eq(true))
            .count(look.conn())
            .await
            .map_err(db_err)?;
        look.commit().await?;
        if any == 0 {
            return Ok(0);
        }
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        let endpoints: Vec<(webhook_endpoint::Model, EventTypes)> = tx
            .select::<webhook_endpoint::Entity>()
            .filter(webhook_endpoint::Column::Enabled.eq(true))
            .all(tx.conn())
            .await
            .map_err(db_err)?
            .into_iter()
            .map(|m| {
                let types = EventTypes::from_stored(&m.events);
                (m, types)
            })
            .collect();
        // A group's endpoint receives the events that concern the group:
        // the group each event concerns, read once for the batch.
        let groups = if endpoints.iter().any(|(ep, _)| ep.group_id.is_some()) {
            crate::workflows::runs::event_groups(&tx, &events.iter().collect::<Vec<_>>()).await?
        } else {
            HashMap::new()
        };
        let mut added = 0;
        for e in events {
            let kind = e.event.kind();
            let group = groups.get(&e.seq).copied().flatten();
            let mut body = None;
            for (ep, types) in &endpoints {
                if !types.matches(kind) || e.created_at < ep.created_at {
                    continue;
                }
                if ep.group_id.is_some() && ep.group_id != group {
                    continue;
                }
                if body.is_none() {
                    body = Some(payload(e)?);
                }
                let payload = body.clone().unwrap_or_default();
                let id = WebhookDeliveryId::new().0;
                let inserted = tx
                    .insert(webhook_delivery::ActiveModel {
                        tenant_id: Set(tenant.0),
                        id: Set(id),
                        endpoint_id: Set(ep.id),
                        event_seq: Set(Some(e.seq)),
                        event_id: Set(event_id(tenant, e.seq)),
                        event_type: Set(kind.to_owned()),
                        payload: Set(payload),
                        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
                        attempts: Set(0),
                        next_attempt_at: Set(Some(tx.now)),
                        last_attempt_at: Set(None),
                        response_status: Set(None),
                        duration_ms: Set(None),
                        error: Set(None),
                        response_snippet: Set(None),
                        replay_of: Set(None),
                        created_at: Set(tx.now),
                    })
                    .on_conflict(
                        OnConflict::columns([
                            webhook_delivery::Column::TenantId,
                            webhook_delivery::Column::EndpointId,
                            webhook_delivery::Column::EventSeq,
                        ])
                        .do_nothing()
                        .to_owned(),
                    )
                    .exec_without_returning(tx.conn())
                    .await
                    .map_err(db_err)?;
                if inserted == 1 {
                    queue(tx.conn(), tenant, id, tx.now).await?;
                    added += 1;
                }
            }
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Lease the next due delivery to `worker_id` for `lease`, with its
    /// endpoint's URL and decrypted secret, or `None` when nothing is due.
    /// Deliveries whose endpoint was deleted leave the queue; those whose
    /// endpoint is disabled fail here, unsent.
    pub async fn claim_webhook_delivery(&self, worker_id: &str, lease: Duration) -> Result<Option<ClaimedDelivery>> {
        for _ in 0..CLAIM_SKIPS {
            let Some((id, tenant)) = self.lease_queued(WEBHOOK_QUEUE, worker_id, lease).await? else { return Ok(None) };
            let tx = TenantTx::begin(self, tenant, Access::Write).await?;
            let d = tx
                .select::<webhook_delivery::Entity>()
                .filter(webhook_delivery::Column::Id.eq(id))
                .one(tx.conn())
                .await
                .map_err(db_err)?
                .filter(|d| d.status == DeliveryStatus::Pending.as_str());
            let Some(d) = d else {
                unqueue(tx.conn(), id, None).await?;
                tx.commit().await?;
                continue;
            };
            let ep = tx
                .select::<webhook_endpoint::Entity>()
                .filter(webhook_endpoint::Column::Id.eq(d.endpoint_id))
                .one(tx.conn())
                .await
                .map_err(db_err)?;
            match ep {
                Some(ep) if ep.enabled => {
                    let key = self.cfg.webhooks.key.key().await?;
                    let secret = open(&key, &binding(tenant, ep.id), &ep.secret_encrypted)?;
                    tx.commit().await?;
                    return Ok(Some(ClaimedDelivery {
                        tenant_id: tenant,
                        id: WebhookDeliveryId(d.id),
                        webhook_id: WebhookId(ep.id),
                        url: ep.url,
                        secret,
                        event_id: d.event_id,
                        body: serde_json::to_string(&d.payload).map_err(Error::internal)?,
                        attempt: d.attempts + 1,
                        created_at: d.created_at,
                        worker_id: worker_id.to_owned(),
                    }));
                }
                Some(_) => {
                    tx.update_many::<webhook_delivery::Entity>()
                        .col_expr(webhook_delivery::Column::Status, Expr::value(DeliveryStatus::Failed.as_str()))
                        .col_expr(webhook_delivery::Column::Error, Expr::value(Some("the webhook is disabled")))
                        .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None))
                        .filter(webhook_delivery::Column::Id.eq(id))
                        .exec(tx.conn())
                        .await
                        .map_err(db_err)?;
                    unqueue(tx.conn(), id, None).await?;
                    tx.commit().await?;
                }
                None => {
                    unqueue(tx.conn(), id, None).await?;
                    tx.commit().await?;
                }
            }
        }
        Ok(None)
    }

    /// Record how an attempt on a claimed delivery went: succeeded; a
    /// retry after `policy`'s delay; or failed for good when no retry is
    /// due within its window. The endpoint's run of failures grows or ends,
    /// and an endpoint that has failed long enough is disabled, with an
    /// audit entry. A worker whose lease was taken over records nothing.
    pub async fn finish_webhook_delivery(
        &self,
        claimed: &ClaimedDelivery,
        attempt: Attempt,
        policy: &RetryPolicy,
    ) -> Result<()> {
        let tx = TenantTx::begin(self, claimed.tenant_id, Access::Write).await?;
        let id = claimed.id.0;
        let held = webhook_queue::Entity::find_by_id(id)
            .filter(webhook_queue::Column::LockedBy.eq(claimed.worker_id.as_str()))
            .one(tx.conn())
            .await
            .map_err(db_err)?;
        if held.is_none() {
            return tx.commit().await;
        }
        let age = (tx.now - claimed.created_at).to_std().unwrap_or_default();
        let retry = if attempt.ok { None } else { policy.next_retry(claimed.attempt, age) };
        let status = match (attempt.ok, retry) {
            (true, _) => DeliveryStatus::Succeeded,
            (false, Some(_)) => DeliveryStatus::Pending,
            (false, None) => DeliveryStatus::Failed,
        };
        let next = retry.map(|d| tx.now + chrono(d));
        let millis = i32::try_from(attempt.duration.as_millis()).unwrap_or(i32::MAX);
        tx.update_many::<webhook_delivery::Entity>()
            .col_expr(webhook_delivery::Column::Status, Expr::value(status.as_str()))
            .col_expr(webhook_delivery::Column::Attempts, Expr::value(claimed.attempt))
            .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(next))
            .col_expr(webhook_delivery::Column::LastAttemptAt, Expr::value(Some(tx.now)))
            .col_expr(webhook_delivery::Column::ResponseStatus, Expr::value(attempt.status.map(i32::from)))
            .col_expr(webhook_delivery::Column::DurationMs, Expr::value(Some(millis)))
            .col_expr(
                webhook_delivery::Column::Error,
                Expr::value(attempt.error.as_deref().map(|e| one_line(e, TEXT_MAX_CHARS))),
            )
            .col_expr(
                webhook_delivery::Column::ResponseSnippet,
                Expr::value(attempt.snippet.as_deref().map(|s| s.chars().take(TEXT_MAX_CHARS).collect::<String>())),
            )
            .filter(webhook_delivery::Column::Id.eq(id))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        match next {
            Some(at) => {
                webhook_queue::Entity::update_many()
                    .col_expr(webhook_queue::Column::RunAfter, Expr::value(at))
                    .col_expr(webhook_queue::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                    .col_expr(webhook_queue::Column::LockedBy, Expr::value(Option::<String>::None))
                    .filter(webhook_queue::Column::DeliveryId.eq(id))
                    .exec(tx.conn())
                    .await
                    .map_err(db_err)?;
            }
            None => unqueue(tx.conn(), id, Some(&claimed.worker_id)).await?,
        }
        self.endpoint_outcome(&tx, claimed, attempt.ok, policy).await?;
        tx.commit().await
    }

    /// Count the attempt towards its endpoint's run of failures, and
    /// disable the endpoint when the run has lasted. The counter is
    /// incremented in the database, not read and written back: attempts of
    /// one endpoint finish side by side on several workers.
    async fn endpoint_outcome(
        &self,
        tx: &TenantTx,
        claimed: &ClaimedDelivery,
        ok: bool,
        policy: &RetryPolicy,
    ) -> Result<()> {
        let id = claimed.webhook_id.0;
        let this = || tx.update_many::<webhook_endpoint::Entity>().filter(webhook_endpoint::Column::Id.eq(id));
        if ok {
            this()
                .col_expr(webhook_endpoint::Column::ConsecutiveFailures, Expr::value(0))
                .col_expr(webhook_endpoint::Column::FailingSince, Expr::value(Option::<DateTime<Utc>>::None))
                .filter(
                    webhook_endpoint::Column::ConsecutiveFailures
                        .ne(0)
                        .or(webhook_endpoint::Column::FailingSince.is_not_null()),
                )
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            return Ok(());
        }
        this()
            .col_expr(
                webhook_endpoint::Column::ConsecutiveFailures,
                Expr::col(webhook_endpoint::Column::ConsecutiveFailures).add(1),
            )
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        this()
            .col_expr(webhook_endpoint::Column::FailingSince, Expr::value(Some(tx.now)))
            .filter(webhook_endpoint::Column::FailingSince.is_null())
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        let Some(ep) = tx
            .select::<webhook_endpoint::Entity>()
            .filter(webhook_endpoint::Column::Id.eq(id))
            .one(tx.conn())
            .await
            .map_err(db_err)?
        else {
            return Ok(());
        };
        let since = ep.failing_since.unwrap_or(tx.now);
        let failing_for = (tx.now - since).to_std().unwrap_or_default();
        if !ep.enabled || !policy.should_disable(ep.consecutive_failures, failing_for) {
            return Ok(());
        }
        let disabled = this()
            .col_expr(webhook_endpoint::Column::Enabled, Expr::value(false))
            .col_expr(webhook_endpoint::Column::DisabledReason, Expr::value(DisabledReason::Failing.as_str()))
            .filter(webhook_endpoint::Column::Enabled.eq(true))
            .exec(tx.conn())
            .await
            .map_err(db_err)?
            .rows_affected;
        if disabled == 1 {
            let failures = ep.consecutive_failures;
            tracing::warn!(tenant_id = %claimed.tenant_id, webhook_id = %claimed.webhook_id, failures, "a webhook kept failing and was disabled");
            audit::record_as(
                tx,
                Option::<UserId>::None,
                AuditAction::WebhookAutoDisable,
                "webhook",
                Some(id),
                serde_json::json!({ "url": ep.url, "failures": failures, "failingSince": since }),
            )
            .await?;
            // The system's act: admins are told by the notification
            // subscriber, and other endpoints may subscribe to it.
            tx.emit_as(
                None,
                DomainEvent::WebhookDisabled {
                    webhook: claimed.webhook_id,
                    url: ep.url.clone(),
                    reason: DisabledReason::Failing.as_str().to_owned(),
                    failures: i64::from(failures),
                },
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_open_only_with_their_key_and_binding() {
        let key = [7u8; 32];
        let t = TenantId::new();
        let e = Uuid::now_v7();
        let sealed = seal(&key, &binding(t, e), "whsec_abc").expect("seals");
        assert!(sealed.starts_with("v1.") && !sealed.contains("whsec"));
        assert_eq!(open(&key, &binding(t, e), &sealed).expect("opens"), "whsec_abc");
        assert!(open(&[8u8; 32], &binding(t, e), &sealed).is_err());
        assert!(open(&key, &binding(TenantId::new(), e), &sealed).is_err());
        assert!(open(&key, &binding(t, e), "v1.AAAA").is_err());
        assert_ne!(seal(&key, &binding(t, e), "whsec_abc").expect("seals"), sealed, "a fresh nonce each time");
    }

    #[test]
    fn keys_parse_from_hex_or_base64() {
        let hex_key = "00".repeat(32);
        assert!(matches!(WebhookKeySource::parse(&hex_key), Ok(WebhookKeySource::Key(_))));
        let b64 = base64::engine::general_purpose::STANDARD.encode([1u8; 32]);
        assert!(matches!(WebhookKeySource::parse(&b64), Ok(WebhookKeySource::Key(_))));
        assert!(WebhookKeySource::parse("short").is_err());
        assert!(!format!("{:?}", WebhookKeySource::parse(&hex_key).expect("parses")).contains("00"));
    }
}
