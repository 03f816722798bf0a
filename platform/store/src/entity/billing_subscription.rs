//! Global: each company's subscription (see `guanxi_store::billing`).

use sea_orm::entity::prelude::*;

/// A row of `billing_subscriptions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "billing_subscriptions")]
#[expect(missing_docs, reason = "the columns are described in guanxi_store::billing::Subscription")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    pub plan: String,
    pub state: String,
    pub provider: String,
    pub trial_ends_at: Option<DateTimeUtc>,
    pub current_period_end: Option<DateTimeUtc>,
    pub grace_started_at: Option<DateTimeUtc>,
    pub read_only_at: Option<DateTimeUtc>,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<DateTimeUtc>,
    pub customer_ref: Option<String>,
    pub subscription_ref: Option<String>,
    pub seats: i32,
    pub observed_at: Option<DateTimeUtc>,
    pub trial_notice_at: Option<DateTimeUtc>,
    pub reconciled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
