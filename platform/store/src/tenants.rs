//! The caller's own company.

use chrono::{DateTime, Utc};
use guanxi_core::{Error, Result, TenantId};
use sea_orm::EntityTrait;

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
    /// Signed up.
    pub created_at: DateTime<Utc>,
}

/// The transaction's tenant.
pub async fn current(tx: &TenantTx) -> Result<Tenant> {
    let t = tenant::Entity::find_by_id(tx.tenant_id().0)
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("tenant"))?;
    Ok(Tenant {
        id: TenantId(t.tenant_id),
        slug: tenant_slug_of(tx).await?,
        name: t.name,
        time_zone: t.time_zone,
        locale: t.locale,
        created_at: t.created_at,
    })
}
