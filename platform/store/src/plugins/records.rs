//! What plugins did: the log of recent calls, daily usage, and the limits
//! their calls run under.

use guanxi_core::Result;
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::{TenantTx, db_err};
use chrono::NaiveDate;
use guanxi_core::{PluginId, PluginVersionId};

use super::{HOOKS, PluginCall, UsageDay, manage, runtime, stored};
use crate::entity::{plugin_call, plugin_usage};

/// A plugin's most recent calls, newest first (admins); only failures
/// with `failures_only`.
pub async fn calls(tx: &TenantTx, id: PluginId, limit: u64, failures_only: bool) -> Result<Vec<PluginCall>> {
    manage(tx)?;
    stored(tx, id).await?;
    let mut q = tx.select::<plugin_call::Entity>().filter(plugin_call::Column::PluginId.eq(id.0));
    if failures_only {
        q = q.filter(plugin_call::Column::Outcome.ne("ok"));
    }
    Ok(q.order_by_desc(plugin_call::Column::CreatedAt)
        .order_by_desc(plugin_call::Column::Id)
        .limit(limit.min(runtime::KEEP_CALLS))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|c| PluginCall {
            id: c.id,
            version_id: PluginVersionId(c.version_id),
            hook: c.hook,
            target: c.target,
            input_digest: c.input_digest,
            ok: c.outcome == "ok",
            error_code: c.error_code,
            trap_code: c.trap_code,
            message: c.message,
            fuel_used: c.fuel_used,
            fuel_limit: c.fuel_limit,
            wall_us: c.wall_us,
            memory_peak: c.memory_peak,
            logs: c.logs,
            created_at: c.created_at,
        })
        .collect())
}

/// A plugin's usage from `since` (UTC day) on, by day and hook (admins).
pub async fn usage(tx: &TenantTx, id: PluginId, since: NaiveDate) -> Result<Vec<UsageDay>> {
    manage(tx)?;
    Ok(tx
        .select::<plugin_usage::Entity>()
        .filter(plugin_usage::Column::PluginId.eq(id.0))
        .filter(plugin_usage::Column::Day.gte(since))
        .order_by_asc(plugin_usage::Column::Day)
        .order_by_asc(plugin_usage::Column::Hook)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|u| UsageDay {
            day: u.day,
            hook: u.hook,
            calls: u.calls,
            failures: u.failures,
            fuel: u.fuel,
            wall_us: u.wall_us,
        })
        .collect())
}

/// The limits the company's plugin calls run under: its plan, and each
/// hook's limits with the plan's overrides (every field set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyLimits {
    /// The company's subscription plan.
    pub plan: guanxi_core::subscription::PlanId,
    /// Per hook, in the order of [`HOOKS`].
    pub hooks: Vec<(&'static str, guanxi_core::plugin_limits::PluginLimits)>,
}

/// What [`CompanyLimits`] the company's plugins run under. Admins only.
pub async fn limits(tx: &TenantTx) -> Result<CompanyLimits> {
    manage(tx)?;
    let rt = super::calls::runtime(tx)?.runtime.clone();
    let plan = crate::tenants::plan(tx).await?;
    let mut hooks = Vec::with_capacity(HOOKS.len());
    for hook in HOOKS {
        if let Some(l) = rt.limits(hook, super::calls::plan_limits(tx, hook).await?.as_ref()) {
            hooks.push((hook, l));
        }
    }
    Ok(CompanyLimits { plan, hooks })
}
