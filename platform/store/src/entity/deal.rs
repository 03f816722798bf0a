//! Deals (商机 / 成交记录).

use sea_orm::entity::prelude::*;

/// A row of `deals`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deals")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The customer.
    pub customer_id: Uuid,
    /// Who it is credited to.
    pub owner_id: Option<Uuid>,
    /// Title.
    pub title: String,
    /// Amount in minor units of the currency.
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// `open`, `won` or `lost`.
    pub status: String,
    /// Expected close date.
    pub expected_close: Option<Date>,
    /// Close date (won or lost).
    pub closed_on: Option<Date>,
    /// Notes.
    pub notes: Option<String>,
    /// Who recorded it.
    pub created_by: Option<Uuid>,
    /// When recorded.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
