//! Customer merges.

use sea_orm::entity::prelude::*;

/// A row of `customer_merges`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_merges")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The customer the others were merged into.
    pub survivor_id: Uuid,
    /// Who merged.
    pub actor_id: Uuid,
    /// `[{id, number, name}]` of the merged customers.
    pub merged: Json,
    /// The survivor's fields the merge changed: `{field: {old, new}}`.
    pub changes: Json,
    /// The merged customers' rows, and rows removed rather than moved.
    pub snapshot: Json,
    /// Rows moved to the survivor: `{table: [[row id, from]]}`.
    pub moved: Json,
    /// When.
    pub created_at: DateTimeUtc,
    /// The last moment it may be undone.
    pub undo_until: DateTimeUtc,
    /// When it was undone.
    pub undone_at: Option<DateTimeUtc>,
    /// Who undid it.
    pub undone_by: Option<Uuid>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
