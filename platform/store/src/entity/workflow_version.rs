//! Versions of workflows' definitions.

use sea_orm::entity::prelude::*;

/// A row of `workflow_versions`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "workflow_versions")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The workflow.
    pub workflow_id: Uuid,
    /// 1, 2 … within the workflow.
    pub number: i32,
    /// `draft`, `active`, `deactivated` or `archived`.
    pub status: String,
    /// The definition (`guanxi_core::workflows::Definition`).
    pub definition: Json,
    /// Who wrote it.
    pub created_by: Uuid,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Published; none for a draft.
    pub published_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
