//! Whose turn it is among the companies with queued workflow runs.

use sea_orm::entity::prelude::*;

/// A row of `workflow_turns`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_turns")]
pub struct Model {
    /// The company.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// When it last had a run claimed.
    pub last_claimed_at: DateTimeUtc,
    /// No run of its is due before then (a lower bound).
    pub next_due_at: DateTimeUtc,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
