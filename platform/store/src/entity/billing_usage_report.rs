//! A company's metered usage waiting for (or acknowledged by) the provider.

use sea_orm::entity::prelude::*;

/// A row of `billing_usage_reports`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "billing_usage_reports")]
#[expect(missing_docs, reason = "the columns are described in the migration m0026_billing")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub identifier: String,
    pub metric: String,
    pub period: String,
    pub quantity: i64,
    pub period_end: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub reported_at: Option<DateTimeUtc>,
    pub attempts: i32,
    pub last_error: Option<String>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
