//! Outbound webhook endpoints; the signing secret is kept encrypted.

use sea_orm::entity::prelude::*;

/// A row of `webhook_endpoints`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The admins' note.
    pub description: Option<String>,
    /// A JSON array of event types, or `["*"]`.
    pub events: Json,
    /// Whether events are delivered.
    pub enabled: bool,
    /// Why it is disabled: `manual` or `failing`.
    pub disabled_reason: Option<String>,
    /// The signing secret, encrypted (`crate::webhooks` says how).
    pub secret_encrypted: String,
    /// Failed attempts since the last success.
    pub consecutive_failures: i32,
    /// When the first of those failed.
    pub failing_since: Option<DateTimeUtc>,
    /// Who created it.
    pub created_by: Option<Uuid>,
    /// The group whose events it receives; `None`: the whole company's.
    pub group_id: Option<Uuid>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed by an admin.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
