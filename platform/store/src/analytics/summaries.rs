//! The dashboards' derived data, kept by the write paths in the same
//! transaction as each change: the daily conversation counts
//! ([`super::days`]), the customers' status facts ([`super::facts`]) and
//! the lifecycle summaries built on them ([`super::cohorts`]).
//!
//! [`rebuild`] works both out afresh for one company: after a restore (the
//! conversation summary is not archived, and an archive from before the
//! status facts has none) and for companies whose data is older than the
//! summaries, which the server builds in the background at start-up
//! ([`crate::Store::build_summaries`]). Until then the company's
//! `tenants.summaries_at` is NULL and the reads count from the source rows
//! directly, with the same meaning.

use std::collections::BTreeSet;

use guanxi_core::{Result, TenantId};
use sea_orm::EntityTrait;
use sea_orm::sea_query::Expr;

use crate::db::{Access, TenantTx, db_err};
use crate::entity::{tenant, tenant_slug};

/// Work out the company's summaries afresh and mark them built now.
pub async fn rebuild(tx: &TenantTx) -> Result<()> {
    super::days::rebuild(tx).await?;
    super::facts::rebuild(tx).await?;
    super::cohorts::rebuild(tx).await?;
    tx.update_many::<tenant::Entity>()
        .col_expr(tenant::Column::SummariesAt, Expr::value(Some(tx.now)))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    crate::tenants::forget_row(tx)
}

/// Whether the company's summaries are built (else reads count directly),
/// from the transaction's copy of the company's row.
pub(crate) async fn built(tx: &TenantTx) -> Result<bool> {
    Ok(crate::tenants::row(tx).await?.summaries_at.is_some())
}

impl crate::Store {
    /// Build the summaries of every company whose summaries are not built
    /// yet (companies with data from before they existed), one transaction
    /// each; returns how many were built. Run at start-up; reads count
    /// directly until a company's turn comes.
    pub async fn build_summaries(&self) -> Result<u64> {
        // unscoped: the slugs are the global list of companies.
        let slugs = tenant_slug::Entity::find().all(&self.db).await.map_err(db_err)?;
        let tenants: BTreeSet<uuid::Uuid> = slugs.iter().map(|s| s.tenant_id).collect();
        let mut n = 0;
        for t in tenants {
            let tx = TenantTx::begin(self, TenantId(t), Access::Write).await?;
            if !built(&tx).await? {
                rebuild(&tx).await?;
                tx.commit().await?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Work out one company's summaries afresh (after its data was changed
    /// behind the write paths).
    pub async fn rebuild_summaries(&self, tenant: TenantId) -> Result<()> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        rebuild(&tx).await?;
        tx.commit().await
    }
}
