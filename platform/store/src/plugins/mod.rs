//! WebAssembly plugins installed by a company's admins: uploads (each an
//! immutable version), installation and rollback, configuration, enabling,
//! attachments to custom fields (validators) and grading models (graders),
//! the log of recent calls and daily usage.
//!
//! Running them is [`runtime::PluginRuntime`]'s job; what runs where is in
//! [`calls`].

mod actions;
pub(crate) mod calls;
mod manifest;
pub mod runtime;

use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::custom_fields::FieldEntity;
use guanxi_core::{
    Action, CustomFieldId, Error, FieldError, GradingModelId, PluginAttachmentId, PluginId, PluginVersionId, Result,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

pub use actions::{ActionOutcome, run_action};
pub use manifest::{EFFECTS, HOOKS, Manifest};
pub use runtime::{CallReport, ModuleInfo, PluginRuntime, RuntimeError};

use crate::audit;
use crate::db::{TenantTx, db_err};
use crate::entity::{
    custom_field, grading_model, plugin, plugin_attachment, plugin_call, plugin_usage, plugin_version,
};

/// Plugins a company may install.
pub const MAX_PLUGINS: u64 = 50;
/// Versions kept per plugin.
pub const MAX_VERSIONS: u64 = 50;

/// An installed plugin.
#[derive(Clone, Debug, PartialEq)]
pub struct Plugin {
    /// Id.
    pub id: PluginId,
    /// The manifest's key, unique in the company.
    pub key: String,
    /// Name (from the installed version's manifest).
    pub name: String,
    /// Description (from the installed version's manifest).
    pub description: String,
    /// Whether its attachments run.
    pub enabled: bool,
    /// The installed version, if any.
    pub current_version_id: Option<PluginVersionId>,
    /// The version installed before it (what rollback returns to).
    pub previous_version_id: Option<PluginVersionId>,
    /// The configuration the admins saved.
    pub config: Value,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// One uploaded version of a plugin.
#[derive(Clone, Debug, PartialEq)]
pub struct PluginVersion {
    /// Id.
    pub id: PluginVersionId,
    /// The plugin.
    pub plugin_id: PluginId,
    /// The manifest as checked.
    pub manifest: Manifest,
    /// SHA-256 of the module, hex.
    pub hash: String,
    /// `pure` or `compat`.
    pub mode: String,
    /// The hooks it offers.
    pub hooks: Vec<String>,
    /// Module size, bytes.
    pub size: i64,
    /// Uploaded.
    pub created_at: DateTime<Utc>,
}

/// What a plugin is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A customer custom field: the plugin validates its values.
    Field(CustomFieldId),
    /// A grading model: the plugin grades its customers.
    GradingModel(GradingModelId),
}

impl Target {
    fn kind(self) -> &'static str {
        match self {
            Target::Field(_) => "field",
            Target::GradingModel(_) => "grading_model",
        }
    }

    fn id(self) -> Uuid {
        match self {
            Target::Field(f) => f.0,
            Target::GradingModel(m) => m.0,
        }
    }

    /// The hooks a plugin may run there: a field's validator or its
    /// computation, a model's grader. The first is the default.
    pub fn hooks(self) -> &'static [&'static str] {
        match self {
            Target::Field(_) => &["field.validate", "field.compute"],
            Target::GradingModel(_) => &["grade"],
        }
    }
}

/// A plugin attached somewhere.
#[derive(Clone, Debug, PartialEq)]
pub struct Attachment {
    /// Id.
    pub id: PluginAttachmentId,
    /// The plugin.
    pub plugin_id: PluginId,
    /// The hook it runs there.
    pub hook: String,
    /// Where.
    pub target: Target,
    /// The field's label or the model's name.
    pub target_name: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// One logged call.
#[derive(Clone, Debug, PartialEq)]
pub struct PluginCall {
    /// Id.
    pub id: Uuid,
    /// The version that ran.
    pub version_id: PluginVersionId,
    /// The hook.
    pub hook: String,
    /// What it ran for, e.g. `field:mobile`.
    pub target: Option<String>,
    /// SHA-256 of the input, hex.
    pub input_digest: String,
    /// Whether it succeeded.
    pub ok: bool,
    /// The error's code.
    pub error_code: Option<String>,
    /// The trap's code.
    pub trap_code: Option<String>,
    /// The error's message.
    pub message: Option<String>,
    /// Fuel consumed.
    pub fuel_used: i64,
    /// Fuel budget.
    pub fuel_limit: i64,
    /// Wall time, µs.
    pub wall_us: i64,
    /// Memory peak, bytes.
    pub memory_peak: i64,
    /// What it logged.
    pub logs: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A plugin's use on one day (UTC) by one hook.
#[derive(Clone, Debug, PartialEq)]
pub struct UsageDay {
    /// The day.
    pub day: NaiveDate,
    /// The hook.
    pub hook: String,
    /// Calls.
    pub calls: i64,
    /// Failed calls.
    pub failures: i64,
    /// Fuel consumed.
    pub fuel: i64,
    /// Wall time, µs.
    pub wall_us: i64,
}

fn from_plugin(m: plugin::Model) -> Plugin {
    Plugin {
        id: PluginId(m.id),
        key: m.key,
        name: m.name,
        description: m.description,
        enabled: m.enabled,
        current_version_id: m.current_version_id.map(PluginVersionId),
        previous_version_id: m.previous_version_id.map(PluginVersionId),
        config: m.config,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

fn from_version(m: plugin_version::Model) -> Result<PluginVersion> {
    let manifest: Manifest =
        serde_json::from_value(m.manifest).map_err(|e| Error::Internal(format!("stored manifest: {e}").into()))?;
    Ok(PluginVersion {
        id: PluginVersionId(m.id),
        plugin_id: PluginId(m.plugin_id),
        hooks: manifest.hooks.clone(),
        manifest,
        hash: m.hash,
        mode: m.mode,
        size: m.size,
        created_at: m.created_at,
    })
}

fn manage(tx: &TenantTx) -> Result<()> {
    tx.actor()?.authorize(&Action::ManagePlugins)
}

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

async fn stored(tx: &TenantTx, id: PluginId) -> Result<plugin::Model> {
    tx.select::<plugin::Entity>()
        .filter(plugin::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("plugin"))
}

fn plugin_update(tx: &TenantTx, id: PluginId) -> sea_orm::UpdateMany<plugin::Entity> {
    tx.update_many::<plugin::Entity>().filter(plugin::Column::Id.eq(id.0))
}

/// The company's plugins, by key (admins).
pub async fn list(tx: &TenantTx) -> Result<Vec<Plugin>> {
    manage(tx)?;
    Ok(tx
        .select::<plugin::Entity>()
        .order_by_asc(plugin::Column::Key)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(from_plugin)
        .collect())
}

/// One plugin (admins).
pub async fn get(tx: &TenantTx, id: PluginId) -> Result<Plugin> {
    manage(tx)?;
    Ok(from_plugin(stored(tx, id).await?))
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
async fn version_of(tx: &TenantTx, id: PluginVersionId) -> Result<PluginVersion> {
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
        "plugin.upload",
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
    audit::record(tx, "plugin.install", "plugin", Some(p.id), json!({ "version": v.manifest.version })).await?;
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
    audit::record(tx, "plugin.configure", "plugin", Some(id.0), json!({ "key": p.key })).await?;
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
    let action = if enabled { "plugin.enable" } else { "plugin.disable" };
    audit::record(tx, action, "plugin", Some(id.0), json!({ "key": p.key })).await?;
    get(tx, id).await
}

/// The name of a target of the transaction's company: a customer field's
/// label or a model's name.
async fn target_name(tx: &TenantTx, target: Target) -> Result<String> {
    match target {
        Target::Field(f) => {
            let field = tx
                .select::<custom_field::Entity>()
                .filter(custom_field::Column::Id.eq(f.0))
                .one(tx.conn())
                .await
                .map_err(db_err)?
                .ok_or(Error::NotFound("custom field"))?;
            if field.entity != FieldEntity::Customer.as_str() {
                return Err(Error::invalid(
                    "fieldId",
                    "not_supported",
                    "validator plugins are attached to customer fields",
                ));
            }
            Ok(field.label)
        }
        Target::GradingModel(m) => Ok(tx
            .select::<grading_model::Entity>()
            .filter(grading_model::Column::Id.eq(m.0))
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .ok_or(Error::NotFound("grading model"))?
            .name),
    }
}

/// Attach a plugin to a customer field (`field.validate`, the default: it
/// checks the values saved into the field; `field.compute`: it computes
/// the field's value) or a grading model (`grade`: it grades the model's
/// customers) (admins). It replaces the plugin attached there with the same
/// hook, if any. The installed version must offer the hook. A computed field
/// may be neither required nor unique (its value is filled in after the
/// checks of a save).
pub async fn attach(tx: &TenantTx, id: PluginId, target: Target, hook: Option<&str>) -> Result<Attachment> {
    manage(tx)?;
    let p = stored(tx, id).await?;
    let name = target_name(tx, target).await?;
    let hook = match hook {
        None => target.hooks()[0],
        Some(h) => target.hooks().iter().copied().find(|t| *t == h).ok_or_else(|| {
            Error::invalid("hook", "not_supported", format!("choose one of {}", target.hooks().join(", ")))
        })?,
    };
    if let (Target::Field(f), "field.compute") = (target, hook) {
        let def = crate::custom_fields::get(tx, f).await?;
        if def.spec.required || def.spec.unique {
            return Err(Error::invalid("hook", "not_supported", "a computed field can be neither required nor unique"));
        }
    }
    let Some(current) = p.current_version_id else {
        return Err(Error::Conflict(FieldError::new("pluginId", "not_installed", "install a version first")));
    };
    if !version(tx, PluginVersionId(current)).await?.manifest.offers(hook) {
        return Err(Error::Conflict(FieldError::new(
            "pluginId",
            "hook_missing",
            format!("`{}` does not offer `{hook}`", p.key),
        )));
    }
    tx.delete_many::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::TargetKind.eq(target.kind()))
        .filter(plugin_attachment::Column::TargetId.eq(target.id()))
        .filter(plugin_attachment::Column::Hook.eq(hook))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let aid = PluginAttachmentId(Uuid::now_v7());
    tx.insert(plugin_attachment::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(aid.0),
        plugin_id: Set(id.0),
        hook: Set(hook.to_owned()),
        target_kind: Set(target.kind().to_owned()),
        target_id: Set(target.id()),
        created_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    audit::record(
        tx,
        "plugin.attach",
        "plugin",
        Some(id.0),
        json!({ "key": p.key, "target": target.kind(), "targetId": target.id(), "name": name }),
    )
    .await?;
    Ok(Attachment { id: aid, plugin_id: id, hook: hook.to_owned(), target, target_name: name, created_at: tx.now })
}

/// The job kind that recomputes a computed field for every customer.
pub const RECOMPUTE_JOB_KIND: &str = "customers.recompute";

/// Queue the recomputation of a plugin-computed customer field for every
/// customer (admins): values go stale when what they depend on changes
/// outside a save of the customer (its deals, say). Returns the job.
pub async fn start_recompute(tx: &TenantTx, field: CustomFieldId) -> Result<guanxi_core::JobId> {
    manage(tx)?;
    crate::custom_fields::get(tx, field).await?;
    if calls::attached(tx, "field", "field.compute", &[field.0]).await?.is_empty() {
        return Err(Error::Conflict(FieldError::new(
            "fieldId",
            "not_computed",
            "no enabled plugin computes this field",
        )));
    }
    let total = tx.select::<crate::entity::customer::Entity>().count(tx.conn()).await.map_err(db_err)?;
    let job =
        crate::jobs::enqueue(tx, RECOMPUTE_JOB_KIND, json!({ "field_id": field.0 }), i64::try_from(total).ok()).await?;
    audit::record(tx, "custom_field.recompute", "custom_field", Some(field.0), json!({ "jobId": job.0 })).await?;
    Ok(job)
}

pub use calls::recompute_batch;

/// Remove an attachment (admins).
pub async fn detach(tx: &TenantTx, id: PluginAttachmentId) -> Result<()> {
    manage(tx)?;
    let a = tx
        .select::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("plugin attachment"))?;
    tx.delete_many::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, "plugin.detach", "plugin", Some(a.plugin_id), json!({ "targetId": a.target_id })).await
}

/// Remove whatever is attached to `target` (also when the field or model
/// itself is deleted).
pub(crate) async fn detach_target(tx: &TenantTx, target: Target) -> Result<()> {
    tx.delete_many::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::TargetKind.eq(target.kind()))
        .filter(plugin_attachment::Column::TargetId.eq(target.id()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Where a plugin is attached (admins).
pub async fn attachments(tx: &TenantTx, id: PluginId) -> Result<Vec<Attachment>> {
    manage(tx)?;
    let rows = tx
        .select::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::PluginId.eq(id.0))
        .order_by_asc(plugin_attachment::Column::CreatedAt)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let target = match a.target_kind.as_str() {
            "field" => Target::Field(CustomFieldId(a.target_id)),
            _ => Target::GradingModel(GradingModelId(a.target_id)),
        };
        let name = target_name(tx, target).await.unwrap_or_default();
        out.push(Attachment {
            id: PluginAttachmentId(a.id),
            plugin_id: id,
            hook: a.hook,
            target,
            target_name: name,
            created_at: a.created_at,
        });
    }
    Ok(out)
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
    audit::record(tx, "plugin.delete", "plugin", Some(id.0), json!({ "key": p.key })).await
}

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
    let rt = calls::runtime(tx)?.runtime.clone();
    let plan = crate::tenants::plan(tx).await?;
    let mut hooks = Vec::with_capacity(HOOKS.len());
    for hook in HOOKS {
        if let Some(l) = rt.limits(hook, calls::plan_limits(tx, hook).await?.as_ref()) {
            hooks.push((hook, l));
        }
    }
    Ok(CompanyLimits { plan, hooks })
}
