//! WebAssembly plugins installed by a company's admins: uploads (each an
//! immutable version), installation and rollback, configuration, enabling,
//! attachments to custom fields (validators) and grading models (graders),
//! the log of recent calls and daily usage.
//!
//! Running them is [`runtime::PluginRuntime`]'s job; what runs where is in
//! [`calls`]. Uploads and installation are in `versions`, configuration,
//! enabling and deletion in `settings`, attachments in `attachments`, and
//! the call log, usage and limits in `records`; all are re-exported here.

pub(crate) mod actions;
mod attachments;
pub(crate) mod calls;
mod manifest;
mod records;
pub mod runtime;
mod settings;
mod versions;

use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::{
    Action, CustomFieldId, Error, GradingModelId, PluginAttachmentId, PluginId, PluginVersionId, Result,
};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use uuid::Uuid;

pub use actions::{ActionOutcome, run_action};
pub(crate) use attachments::detach_target;
pub use attachments::{RECOMPUTE_JOB_KIND, attach, attachments, detach, start_recompute};
pub use manifest::{EFFECTS, HOOKS, Manifest};
pub use records::{CompanyLimits, calls, limits, usage};
pub use runtime::{CallReport, ModuleInfo, PluginRuntime, RuntimeError};
pub use settings::{configure, delete, set_enabled};
pub(crate) use versions::version_of;
pub use versions::{install, rollback, upload, version, versions};

use crate::db::{TenantTx, db_err};
use crate::entity::{plugin, plugin_version};

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

pub use calls::recompute_batch;
