//! The root tenant row: one per company.

use sea_orm::entity::prelude::*;

/// A row of `tenants`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tenants")]
pub struct Model {
    /// Tenant id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Company name.
    pub name: String,
    /// IANA time zone.
    pub time_zone: String,
    /// UI locale.
    pub locale: String,
    /// Settings document (see `guanxi_core::settings::TenantSettings`).
    pub settings: Json,
    /// Subscription plan; it sets the company's plugin limits (see
    /// `guanxi_core::plugin_limits`).
    pub plan: String,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
    /// When the dashboards' summaries were last built from the company's
    /// data (`None`: not yet; reads count directly).
    pub summaries_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
