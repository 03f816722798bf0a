//! Uploading a plugin's versions, reading them, and installing one (or
//! rolling back to the one before).

use guanxi_core::{Error, FieldError, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit;
use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use chrono::{DateTime, Utc};
use guanxi_core::{DomainEvent, PluginId, PluginVersionId};

use super::{
    MAX_PLUGINS, MAX_VERSIONS, Manifest, Plugin, PluginVersion, attachments, calls, from_version, get, manage,
    manifest, plugin_update, stored,
};
use crate::entity::{plugin, plugin_version};

/// The versions query without the module bytes.
fn versions_query(tx: &TenantTx) -> sea_orm::Select<plugin_version::Entity> {
    tx.select::<plugin_version::Entity>().select_only().columns([
        plugin_version::Column::TenantId,
        plugin_version::Column::Id,
        plugin_version::Column::PluginId,
        plugin_version::Column::Version,
        plugin_version::Column::Manifest,
        plugin_version::Column::Hash,
        plugin_version::Column::Mode,
        plugin_version::Column::Hooks,
        plugin_version::Column::Size,
        plugin_version::Column::CreatedBy,
        plugin_version::Column::CreatedAt,
    ])
}

/// A version row without its module.
#[derive(sea_orm::FromQueryResult)]
struct VersionRow {
    id: Uuid,
    plugin_id: Uuid,
    manifest: Value,
    hash: String,
    mode: String,
    size: i64,
    created_at: DateTime<Utc>,
}

fn from_row(r: VersionRow) -> Result<PluginVersion> {
    from_version(plugin_version::Model {
        tenant_id: Uuid::nil(),
        id: r.id,
        plugin_id: r.plugin_id,
        version: String::new(),
        manifest: r.manifest,
        module: Vec::new(),
        hash: r.hash,
        mode: r.mode,
        hooks: Value::Null,
        size: r.size,
        created_by: None,
        created_at: r.created_at,
    })
}

/// A plugin's versions, newest first (admins).
pub async fn versions(tx: &TenantTx, id: PluginId) -> Result<Vec<PluginVersion>> {
    manage(tx)?;
    versions_query(tx)
        .filter(plugin_version::Column::PluginId.eq(id.0))
        .order_by_desc(plugin_version::Column::CreatedAt)
        .order_by_desc(plugin_version::Column::Id)
        .into_model::<VersionRow>()
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(from_row)
        .collect()
}

/// One version (admins).
pub async fn version(tx: &TenantTx, id: PluginVersionId) -> Result<PluginVersion> {
    manage(tx)?;
    version_of(tx, id).await
}

/// A version of the transaction's company, for any caller.
pub(crate) async fn version_of(tx: &TenantTx, id: PluginVersionId) -> Result<PluginVersion> {
    let row = versions_query(tx)
        .filter(plugin_version::Column::Id.eq(id.0))
        .into_model::<VersionRow>()
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("plugin version"))?;
    from_row(row)
}

/// Upload a module with its manifest (admins). The module is checked and
/// compiled by the runtime first: ABI version, imports, exports, size,
/// complexity, compile time. The manifest's key names the plugin: a new
/// key makes a new plugin (enabled), a known one adds a version, which must
/// be a version string not used before. With `install`, the version
/// becomes the installed one (see [`install`]).
pub async fn upload(
    tx: &TenantTx,
    module: Vec<u8>,
    manifest: &Value,
    install_it: bool,
    config: Option<Value>,
) -> Result<PluginVersion> {
    manage(tx)?;
    let manifest = Manifest::parse(manifest)?;
    let info = calls::load(tx, module.clone()).await?;
    if let Some(exported) = &info.hooks {
        let missing: Vec<FieldError> = manifest
            .hooks
            .iter()
            .enumerate()
            .filter(|(_, h)| !exported.contains(&h.as_str()))
            .map(|(i, h)| {
                FieldError::new(
                    format!("manifest.hooks.{i}"),
                    "hook_missing",
                    format!("the module does not export `{h}`"),
                )
            })
            .collect();
        if !missing.is_empty() {
            return Err(Error::Validation(missing));
        }
    }
    let existing = tx
        .select::<plugin::Entity>()
        .filter(plugin::Column::Key.eq(manifest.key.as_str()))
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    let plugin_id = match &existing {
        Some(p) => {
            let versions = tx
                .select::<plugin_version::Entity>()
                .filter(plugin_version::Column::PluginId.eq(p.id))
                .count(tx.conn())
                .await
                .map_err(db_err)?;
            if versions >= MAX_VERSIONS {
                return Err(Error::LimitReached {
                    limit: "plugins.versions",
                    max: MAX_VERSIONS as u32,
                    retry_after_secs: None,
                    message: format!("a plugin keeps at most {MAX_VERSIONS} versions; delete old ones first"),
                });
            }
            let taken = tx
                .select::<plugin_version::Entity>()
                .filter(plugin_version::Column::PluginId.eq(p.id))
                .filter(plugin_version::Column::Version.eq(manifest.version.as_str()))
                .count(tx.conn())
                .await
                .map_err(db_err)?;
            if taken > 0 {
                return Err(Error::Conflict(FieldError::new(
                    "manifest.version",
                    "taken",
                    format!("version {} of `{}` exists; versions are immutable", manifest.version, manifest.key),
                )));
            }
            p.id
        }
        None => {
            let count = tx.select::<plugin::Entity>().count(tx.conn()).await.map_err(db_err)?;
            if count >= MAX_PLUGINS {
                return Err(Error::LimitReached {
                    limit: "plugins.count",
                    max: MAX_PLUGINS as u32,
                    retry_after_secs: None,
                    message: format!("a company may install at most {MAX_PLUGINS} plugins"),
                });
            }
            crate::entitlements::ensure(tx, guanxi_core::subscription::Entitlement::Plugins, 1).await?;
            let id = Uuid::now_v7();
            tx.insert(plugin::ActiveModel {
                tenant_id: Set(tx.tenant_id().0),
                id: Set(id),
                key: Set(manifest.key.clone()),
                name: Set(manifest.name.clone()),
                description: Set(manifest.description.clone()),
                enabled: Set(true),
                current_version_id: Set(None),
                previous_version_id: Set(None),
                config: Set(json!({})),
                created_by: Set(Some(tx.actor()?.user_id.0)),
                created_at: Set(tx.now),
                updated_at: Set(tx.now),
            })
            .exec_without_returning(tx.conn())
            .await
            .map_err(db_err)?;
            // A new key is a new plugin: its first version installs it in
            // the company's sense, whether or not that version is made the
            // running one now.
            tx.emit(DomainEvent::PluginInstalled { plugin: PluginId(id), name: manifest.name.clone() });
            id
        }
    };
    let id = PluginVersionId(Uuid::now_v7());
    tx.insert(plugin_version::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(id.0),
        plugin_id: Set(plugin_id),
        version: Set(manifest.version.clone()),
        manifest: Set(manifest.to_json()),
        size: Set(i64::try_from(module.len()).unwrap_or(i64::MAX)),
        module: Set(module),
        hash: Set(info.hash.clone()),
        mode: Set(info.mode.to_owned()),
        hooks: Set(json!(manifest.hooks)),
        created_by: Set(Some(tx.actor()?.user_id.0)),
        created_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    audit::record(
        tx,
        AuditAction::PluginUpload,
        "plugin",
        Some(plugin_id),
        json!({ "key": manifest.key, "version": manifest.version, "hash": info.hash, "mode": info.mode }),
    )
    .await?;
    if install_it {
        install(tx, id, config).await?;
    }
    version(tx, id).await
}

/// Make a version the installed one of its plugin (admins); installing an
/// older version is a rollback. The configuration (`config`, or the saved
/// one) must satisfy the version's schema, and every attachment's hook must
/// still be offered.
pub async fn install(tx: &TenantTx, id: PluginVersionId, config: Option<Value>) -> Result<Plugin> {
    manage(tx)?;
    let v = version(tx, id).await?;
    let p = stored(tx, v.plugin_id).await?;
    let config = config.unwrap_or_else(|| p.config.clone());
    manifest::check_config(&v.manifest, &config, "config")?;
    for a in attachments(tx, v.plugin_id).await? {
        if !v.manifest.offers(&a.hook) {
            return Err(Error::Conflict(FieldError::new(
                "id",
                "hook_missing",
                format!(
                    "version {} does not offer `{}`, which {} uses; detach it first",
                    v.manifest.version, a.hook, a.target_name
                ),
            )));
        }
    }
    let previous = match p.current_version_id {
        Some(c) if c != id.0 => Some(c),
        Some(_) => p.previous_version_id,
        None => None,
    };
    plugin_update(tx, v.plugin_id)
        .col_expr(plugin::Column::CurrentVersionId, Expr::value(Some(id.0)))
        .col_expr(plugin::Column::PreviousVersionId, Expr::value(previous))
        .col_expr(plugin::Column::Name, Expr::value(v.manifest.name.clone()))
        .col_expr(plugin::Column::Description, Expr::value(v.manifest.description.clone()))
        .col_expr(plugin::Column::Config, Expr::value(config))
        .col_expr(plugin::Column::UpdatedAt, Expr::value(tx.now))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::PluginInstall, "plugin", Some(p.id), json!({ "version": v.manifest.version }))
        .await?;
    get(tx, v.plugin_id).await
}

/// Go back to the version installed before the current one (admins).
pub async fn rollback(tx: &TenantTx, id: PluginId) -> Result<Plugin> {
    manage(tx)?;
    let p = stored(tx, id).await?;
    let previous = p
        .previous_version_id
        .ok_or_else(|| Error::Conflict(FieldError::new("id", "no_previous", "no earlier version was installed")))?;
    install(tx, PluginVersionId(previous), None).await
}
