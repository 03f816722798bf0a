//! Deliveries of events to webhook endpoints, with their last attempt.

use sea_orm::entity::prelude::*;

/// A row of `webhook_deliveries`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id (time-ordered: the delivery log pages by it).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The endpoint.
    pub endpoint_id: Uuid,
    /// The event's number in the company's sequence; none for a replay.
    pub event_seq: Option<i64>,
    /// The event's id as receivers see it.
    pub event_id: String,
    /// The event's type.
    pub event_type: String,
    /// The JSON body sent.
    pub payload: Json,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// When the next attempt is due (pending deliveries).
    pub next_attempt_at: Option<DateTimeUtc>,
    /// When the last attempt was made.
    pub last_attempt_at: Option<DateTimeUtc>,
    /// The last attempt's HTTP status, if a response came.
    pub response_status: Option<i32>,
    /// How long the last attempt took, in milliseconds.
    pub duration_ms: Option<i32>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// The start of the last response's body.
    pub response_snippet: Option<String>,
    /// The delivery this one replays.
    pub replay_of: Option<Uuid>,
    /// Created.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
