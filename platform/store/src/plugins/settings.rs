//! A plugin's configuration, enabling and deletion.

use guanxi_core::{Error, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter};
use serde_json::{Value, json};

use crate::audit;
use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use guanxi_core::{PluginId, PluginVersionId};

use super::{Plugin, get, manage, manifest, plugin_update, stored, version};
use crate::entity::plugin;

/// Save a plugin's configuration, checked against the installed version's
/// schema (admins).
pub async fn configure(tx: &TenantTx, id: PluginId, config: Value) -> Result<Plugin> {
    manage(tx)?;
    let p = stored(tx, id).await?;
    if let Some(v) = p.current_version_id {
        let v = version(tx, PluginVersionId(v)).await?;
        manifest::check_config(&v.manifest, &config, "config")?;
    } else if !config.is_object() {
        return Err(Error::invalid("config", "invalid", "the configuration must be a JSON object"));
    }
    plugin_update(tx, id)
        .col_expr(plugin::Column::Config, Expr::value(config))
        .col_expr(plugin::Column::UpdatedAt, Expr::value(tx.now))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::PluginConfigure, "plugin", Some(id.0), json!({ "key": p.key })).await?;
    get(tx, id).await
}

/// Enable or disable a plugin (admins). A disabled plugin's attachments do
/// not run: fields save without its check, models grade by their own rules.
pub async fn set_enabled(tx: &TenantTx, id: PluginId, enabled: bool) -> Result<Plugin> {
    manage(tx)?;
    let p = stored(tx, id).await?;
    plugin_update(tx, id)
        .col_expr(plugin::Column::Enabled, Expr::value(enabled))
        .col_expr(plugin::Column::UpdatedAt, Expr::value(tx.now))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let action = if enabled { AuditAction::PluginEnable } else { AuditAction::PluginDisable };
    audit::record(tx, action, "plugin", Some(id.0), json!({ "key": p.key })).await?;
    get(tx, id).await
}

/// Delete a plugin with its versions, attachments and call log (admins);
/// `confirm` must be set. Its usage stays for billing.
pub async fn delete(tx: &TenantTx, id: PluginId, confirm: bool) -> Result<()> {
    manage(tx)?;
    let p = stored(tx, id).await?;
    if !confirm {
        return Err(Error::invalid(
            "confirm",
            "confirm_required",
            "deleting a plugin removes its versions, attachments and logs; set confirm",
        ));
    }
    // Versions, attachments and calls go with it (ON DELETE CASCADE, which
    // SQLite honours too: the store turns its foreign keys on).
    tx.delete_many::<plugin::Entity>().filter(plugin::Column::Id.eq(id.0)).exec(tx.conn()).await.map_err(db_err)?;
    audit::record(tx, AuditAction::PluginDelete, "plugin", Some(id.0), json!({ "key": p.key })).await
}
