//! The tenant's audit log: who did what to what, when, from which request.

use chrono::{DateTime, Utc};
use guanxi_core::{Action, Result, UserId};
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::db::{TenantTx, db_err};
use crate::entity::audit_log;

/// One audit entry.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    /// Id (time-ordered).
    pub id: Uuid,
    /// Who acted; none for the system.
    pub actor_id: Option<UserId>,
    /// What happened, e.g. `user.invite`.
    pub action: String,
    /// Kind of target.
    pub target_type: Option<String>,
    /// Target id.
    pub target_id: Option<Uuid>,
    /// Details.
    pub detail: serde_json::Value,
    /// Request id.
    pub request_id: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Record an action by the transaction's actor.
pub(crate) async fn record(
    tx: &TenantTx,
    action: &str,
    target_type: &str,
    target_id: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<()> {
    let actor = tx.actor.as_ref().map(|a| a.user_id);
    record_as(tx, actor, action, target_type, target_id, detail).await
}

/// Record an action by `actor` (none for the system).
pub(crate) async fn record_as(
    tx: &TenantTx,
    actor: Option<UserId>,
    action: &str,
    target_type: &str,
    target_id: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<()> {
    tx.insert(audit_log::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(Uuid::now_v7()),
        actor_id: Set(actor.map(|a| a.0)),
        action: Set(action.to_owned()),
        target_type: Set(Some(target_type.to_owned())),
        target_id: Set(target_id),
        detail: Set(detail),
        request_id: Set(tx.request_id.clone()),
        created_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The newest entries, newest first, optionally before an entry id (for
/// paging). Admins only.
pub async fn list(tx: &TenantTx, limit: u64, before: Option<Uuid>) -> Result<Vec<AuditEntry>> {
    tx.actor()?.authorize(&Action::ViewAuditLog)?;
    let mut q = tx.select::<audit_log::Entity>();
    if let Some(b) = before {
        q = q.filter(audit_log::Column::Id.lt(b));
    }
    Ok(q.order_by_desc(audit_log::Column::Id)
        .limit(limit.clamp(1, 200))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|m| AuditEntry {
            id: m.id,
            actor_id: m.actor_id.map(UserId),
            action: m.action,
            target_type: m.target_type,
            target_id: m.target_id,
            detail: m.detail,
            request_id: m.request_id,
            created_at: m.created_at,
        })
        .collect())
}
