//! Saved customer lists (segments).

use sea_orm::entity::prelude::*;

/// A row of `segments`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "segments")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Its name, as shown in the lists.
    pub name: String,
    /// An optional note on what it is for.
    pub description: Option<String>,
    /// The customer filter, as the API's `CustomerFilter` input in JSON.
    pub filter: Json,
    /// The same filter as the store reads it (`customers::CustomerFilter`).
    pub criteria: Json,
    /// Who sees it: `private`, `group` or `company`.
    pub sharing: String,
    /// The group it is shared with (`sharing = group`).
    pub group_id: Option<Uuid>,
    /// Who created it and may change it (besides admins).
    pub owner_id: Uuid,
    /// The colleague it is shared with (`sharing = person`).
    pub user_id: Option<Uuid>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
