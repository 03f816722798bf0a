//! Global counters per client address: failed logins and sign-ups.

use sea_orm::entity::prelude::*;

/// A row of `auth_throttle`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auth_throttle")]
pub struct Model {
    /// `ip:<address>` (failed logins) or `signup:<address>` (sign-ups).
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Failed logins, or sign-ups, in the current window.
    pub failures: i32,
    /// Start of the window.
    pub window_started_at: DateTimeUtc,
    /// Locked until, if locked.
    pub locked_until: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
