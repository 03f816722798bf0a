//! Users' choices of where each kind of notification reaches them.

use sea_orm::entity::prelude::*;

/// A row of `notification_preferences`; a kind without one takes its default.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_preferences")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The user.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// The notification kind, by its stored name.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// Shown in the app.
    pub in_app: bool,
    /// Sent by mail.
    pub mail: bool,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
