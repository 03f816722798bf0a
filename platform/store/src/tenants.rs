//! The caller's own company.

use chrono::{DateTime, Utc};
use guanxi_core::settings::TenantSettings;
use guanxi_core::{Action, Error, Result, TenantId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::audit;
use crate::auth::tenant_slug_of;
use crate::db::{TenantTx, db_err};
use crate::entity::tenant;

/// A company as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// Id.
    pub id: TenantId,
    /// URL slug.
    pub slug: String,
    /// Company name.
    pub name: String,
    /// IANA time zone.
    pub time_zone: String,
    /// UI locale.
    pub locale: String,
    /// Subscription plan.
    pub plan: String,
    /// Signed up.
    pub created_at: DateTime<Utc>,
}

/// The tenant's row, read once per transaction and kept in it; writes to
/// the row go through [`forget_row`].
pub(crate) async fn row(tx: &TenantTx) -> Result<tenant::Model> {
    if let Some(t) = tx.tenant_row.lock().map_err(|_| Error::Internal("tenant cache poisoned".into()))?.clone() {
        return Ok(t);
    }
    let t = tenant::Entity::find_by_id(tx.tenant_id().0)
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("tenant"))?;
    *tx.tenant_row.lock().map_err(|_| Error::Internal("tenant cache poisoned".into()))? = Some(t.clone());
    Ok(t)
}

/// Drop the transaction's copy of the tenant's row after changing it.
pub(crate) fn forget_row(tx: &TenantTx) -> Result<()> {
    *tx.tenant_row.lock().map_err(|_| Error::Internal("tenant cache poisoned".into()))? = None;
    Ok(())
}

/// The transaction's tenant.
pub async fn current(tx: &TenantTx) -> Result<Tenant> {
    let t = row(tx).await?;
    Ok(Tenant {
        id: TenantId(t.tenant_id),
        slug: tenant_slug_of(tx).await?,
        name: t.name,
        time_zone: t.time_zone,
        locale: t.locale,
        plan: t.plan,
        created_at: t.created_at,
    })
}

/// The company's subscription plan.
pub(crate) async fn plan(tx: &TenantTx) -> Result<String> {
    Ok(row(tx).await?.plan)
}

/// The tenant's settings (defaults for anything never set), for use inside
/// the store; API reads go through [`view_settings`].
pub async fn settings(tx: &TenantTx) -> Result<TenantSettings> {
    let t = row(tx).await?;
    // A document that no longer parses (an old shape) falls back to defaults
    // rather than locking the company out of every form.
    Ok(serde_json::from_value(t.settings).unwrap_or_default())
}

/// The settings, for display: everyone in the company but the maintenance role.
pub async fn view_settings(tx: &TenantTx) -> Result<TenantSettings> {
    tx.actor()?.authorize(&Action::ViewTeam)?;
    settings(tx).await
}

/// Replace the tenant's settings after validating them. Admins only.
pub async fn update_settings(tx: &TenantTx, new: TenantSettings) -> Result<TenantSettings> {
    tx.actor()?.authorize(&Action::ManageSettings)?;
    new.validate()?;
    let new = new.normalised();
    let old = settings(tx).await?;
    let doc = serde_json::to_value(&new).map_err(Error::internal)?;
    tenant::Entity::update_many()
        .col_expr(tenant::Column::Settings, Expr::value(doc.clone()))
        .col_expr(tenant::Column::UpdatedAt, Expr::value(tx.now))
        .filter(tenant::Column::TenantId.eq(tx.tenant_id().0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    forget_row(tx)?;
    let old = serde_json::to_value(&old).map_err(Error::internal)?;
    audit::record(
        tx,
        "tenant.settings",
        "tenant",
        Some(tx.tenant_id().0),
        serde_json::json!({ "old": old, "new": doc }),
    )
    .await?;
    Ok(new)
}
