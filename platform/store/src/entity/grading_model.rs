//! Grading models (评级模型) configured by admins.

use sea_orm::entity::prelude::*;

/// A row of `grading_models`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "grading_models")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Name, unique in the company.
    pub name: String,
    /// `abcd`, `value_share`, `rfm` or `weighted`.
    pub kind: String,
    /// The configuration document.
    pub config: Json,
    /// Its version.
    pub config_version: i32,
    /// Whether runs grade with it.
    pub enabled: bool,
    /// Whether it is run monthly.
    pub monthly: bool,
    /// Last finished run.
    pub last_run_at: Option<DateTimeUtc>,
    /// When the scheduled monthly run is due (its job carries the same
    /// time; a job whose time no longer matches was superseded).
    pub next_run_at: Option<DateTimeUtc>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
