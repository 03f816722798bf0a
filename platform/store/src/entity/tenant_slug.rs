//! Global slug directory: finds a tenant before anyone is logged in.

use sea_orm::entity::prelude::*;

/// A row of `tenant_slugs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenant_slugs")]
pub struct Model {
    /// The slug.
    #[sea_orm(primary_key, auto_increment = false)]
    pub slug: String,
    /// Its tenant.
    pub tenant_id: Uuid,
    /// Created.
    pub created_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
