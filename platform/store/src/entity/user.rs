//! Users of a tenant.

use sea_orm::entity::prelude::*;

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Normalised e-mail, unique in the tenant.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Role name.
    pub role: String,
    /// Group membership.
    pub group_id: Option<Uuid>,
    /// False once offboarded.
    pub active: bool,
    /// Consecutive failed logins.
    pub failed_logins: i32,
    /// Locked until, after too many failures.
    pub locked_until: Option<DateTimeUtc>,
    /// Last successful login.
    pub last_login_at: Option<DateTimeUtc>,
    /// When deactivated.
    pub deactivated_at: Option<DateTimeUtc>,
    /// When their personal details were erased (for good).
    pub erased_at: Option<DateTimeUtc>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
    /// When the user proved they receive mail at `email`.
    pub email_verified_at: Option<DateTimeUtc>,
    /// `person`, or `automation` for the company's automation identity
    /// (never logs in, holds no seat, is not in the team).
    pub kind: String,
    /// Away (leave, travel) until then: automatic assignment skips them.
    pub away_until: Option<DateTimeUtc>,
    /// The local time (company time zone, `HH:MM`) their daily reminders
    /// arrive.
    pub reminder_time: String,
    /// The last local day their reminders were sent.
    pub reminded_on: Option<Date>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
