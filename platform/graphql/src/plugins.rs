//! WebAssembly plugins (插件), for a company's admins: upload, install and
//! roll back versions, configure, enable, attach to custom fields and
//! grading models, read each plugin's recent calls and usage.

use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject, Upload};
use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::{CustomFieldId, CustomerId, Error, GradingModelId, PluginAttachmentId, PluginId, PluginVersionId};
use guanxi_store::pagination;
use guanxi_store::plugins::{
    self, Attachment, Plugin as StorePlugin, PluginCall as StoreCall, PluginVersion as StoreVersion, Target,
};
use serde_json::Value;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::imports::read_upload;
use crate::jobs::Job;
use guanxi_store::jobs;

/// A plugin installed in the company.
pub struct Plugin(StorePlugin);

#[Object]
impl Plugin {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The manifest's key, unique in the company.
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// A disabled plugin's attachments do not run.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }
    /// The configuration saved by the admins (checked against the installed
    /// version's `config_schema`).
    async fn config(&self) -> Json<Value> {
        Json(self.0.config.clone())
    }
    /// The installed version.
    async fn current_version(&self, ctx: &Context<'_>) -> ApiResult<Option<PluginVersion>> {
        let Some(v) = self.0.current_version_id else { return Ok(None) };
        ctx.read(async |tx| Ok(Some(PluginVersion(plugins::version(tx, v).await?)))).await
    }
    /// What `rollbackPlugin` returns to.
    async fn previous_version_id(&self) -> Option<ID> {
        self.0.previous_version_id.map(|v| ID(v.to_string()))
    }
    /// Every uploaded version, newest first.
    async fn versions(&self, ctx: &Context<'_>) -> ApiResult<Vec<PluginVersion>> {
        ctx.read(async |tx| Ok(plugins::versions(tx, self.0.id).await?.into_iter().map(PluginVersion).collect())).await
    }
    /// Where it runs.
    async fn attachments(&self, ctx: &Context<'_>) -> ApiResult<Vec<PluginAttachment>> {
        ctx.read(async |tx| Ok(plugins::attachments(tx, self.0.id).await?.into_iter().map(PluginAttachment).collect()))
            .await
    }
    /// Its most recent calls, newest first (the last 200 are kept; a grading
    /// run keeps its first failures and its last successes).
    async fn calls(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50)] limit: i32,
        #[graphql(default)] failures_only: bool,
    ) -> ApiResult<Vec<PluginCall>> {
        let limit = pagination::limit(limit, 200)?;
        ctx.rc()?.store.flush_plugin_records().await;
        ctx.read(async |tx| {
            let calls = plugins::calls(tx, self.0.id, limit, failures_only).await?;
            Ok(calls.into_iter().map(PluginCall).collect())
        })
        .await
    }
    /// Calls, failures, fuel and time per day (UTC) and hook, over the last
    /// `days` days: what billing meters.
    async fn usage(&self, ctx: &Context<'_>, #[graphql(default = 30)] days: i32) -> ApiResult<Vec<PluginUsage>> {
        if !(1..=366).contains(&days) {
            return Err(Error::invalid("days", "out_of_range", "days must be 1 to 366").into());
        }
        ctx.rc()?.store.flush_plugin_records().await;
        ctx.read(async |tx| {
            let since: NaiveDate = (Utc::now() - chrono::Duration::days(i64::from(days) - 1)).date_naive();
            Ok(plugins::usage(tx, self.0.id, since)
                .await?
                .into_iter()
                .map(|u| PluginUsage {
                    day: u.day,
                    hook: u.hook,
                    calls: u.calls,
                    failures: u.failures,
                    fuel: u.fuel,
                    wall_time_ms: u.wall_us as f64 / 1000.0,
                })
                .collect())
        })
        .await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One immutable uploaded version.
pub struct PluginVersion(StoreVersion);

#[Object]
impl PluginVersion {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn plugin_id(&self) -> ID {
        ID(self.0.plugin_id.to_string())
    }
    async fn version(&self) -> &str {
        &self.0.manifest.version
    }
    /// SHA-256 of the module, hex.
    async fn hash(&self) -> &str {
        &self.0.hash
    }
    /// `pure` (ABI v1) or `compat` (a WASI preview 1 command).
    async fn mode(&self) -> &str {
        &self.0.mode
    }
    async fn hooks(&self) -> &[String] {
        &self.0.hooks
    }
    /// Module size in bytes.
    async fn size(&self) -> i64 {
        self.0.size
    }
    /// The manifest as checked.
    async fn manifest(&self) -> Json<Value> {
        Json(serde_json::to_value(&self.0.manifest).unwrap_or(Value::Null))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A plugin attached to a custom field (a validator) or a grading model (a
/// grader).
pub struct PluginAttachment(Attachment);

#[Object]
impl PluginAttachment {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn plugin_id(&self) -> ID {
        ID(self.0.plugin_id.to_string())
    }
    /// `field.validate` or `grade`.
    async fn hook(&self) -> &str {
        &self.0.hook
    }
    async fn field_id(&self) -> Option<ID> {
        match self.0.target {
            Target::Field(f) => Some(ID(f.to_string())),
            Target::GradingModel(_) => None,
        }
    }
    async fn grading_model_id(&self) -> Option<ID> {
        match self.0.target {
            Target::GradingModel(m) => Some(ID(m.to_string())),
            Target::Field(_) => None,
        }
    }
    /// The field's label or the model's name.
    async fn target_name(&self) -> &str {
        &self.0.target_name
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One logged call.
pub struct PluginCall(StoreCall);

#[Object]
impl PluginCall {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn version_id(&self) -> ID {
        ID(self.0.version_id.to_string())
    }
    async fn hook(&self) -> &str {
        &self.0.hook
    }
    /// What it ran for: `field:<key>` or `grading_model:<name>`.
    async fn target(&self) -> Option<&str> {
        self.0.target.as_deref()
    }
    /// SHA-256 of the input, hex (inputs themselves are not kept).
    async fn input_digest(&self) -> &str {
        &self.0.input_digest
    }
    async fn ok(&self) -> bool {
        self.0.ok
    }
    /// e.g. `fuel_exhausted`, `deadline`, `trap`, `invalid_output`.
    async fn error_code(&self) -> Option<&str> {
        self.0.error_code.as_deref()
    }
    /// The trap's kind, e.g. `unreachable`, `stack_overflow`.
    async fn trap_code(&self) -> Option<&str> {
        self.0.trap_code.as_deref()
    }
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }
    async fn fuel_used(&self) -> i64 {
        self.0.fuel_used
    }
    async fn fuel_limit(&self) -> i64 {
        self.0.fuel_limit
    }
    /// Wall time in microseconds.
    async fn wall_time_us(&self) -> i64 {
        self.0.wall_us
    }
    /// Largest linear memory, bytes.
    async fn memory_peak(&self) -> i64 {
        self.0.memory_peak
    }
    /// What the plugin logged, a line each (`level: message`).
    async fn logs(&self) -> &str {
        &self.0.logs
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A plugin's use on one day by one hook.
#[derive(SimpleObject)]
pub struct PluginUsage {
    day: NaiveDate,
    hook: String,
    calls: i64,
    failures: i64,
    fuel: i64,
    wall_time_ms: f64,
}

/// Where to attach a plugin: exactly one of the two.
#[derive(InputObject)]
pub struct PluginTargetInput {
    /// A customer custom field: the plugin's `field.validate` checks every
    /// value saved into it.
    field_id: Option<ID>,
    /// A grading model: the plugin's `grade` grades its customers.
    grading_model_id: Option<ID>,
    /// For a field: `field.validate` (default) or `field.compute` (the
    /// plugin computes the field's value on every save of the customer and
    /// on `recomputeCustomField`; users cannot write it).
    hook: Option<String>,
}

impl PluginTargetInput {
    fn into_target(self) -> ApiResult<(Target, Option<String>)> {
        let hook = self.hook;
        let target = match (self.field_id, self.grading_model_id) {
            (Some(f), None) => Target::Field(parse_id::<CustomFieldId>(&f, "target.fieldId")?),
            (None, Some(m)) => Target::GradingModel(parse_id::<GradingModelId>(&m, "target.gradingModelId")?),
            _ => return Err(Error::invalid("target", "invalid", "give fieldId or gradingModelId").into()),
        };
        Ok((target, hook))
    }
}

#[derive(Default)]
pub struct PluginQuery;

#[Object]
impl PluginQuery {
    /// The company's plugins, by key (admins).
    async fn plugins(&self, ctx: &Context<'_>) -> ApiResult<Vec<Plugin>> {
        ctx.read(async |tx| Ok(plugins::list(tx).await?.into_iter().map(Plugin).collect())).await
    }

    /// One plugin (admins).
    async fn plugin(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Plugin> {
        let id = parse_id::<PluginId>(&id, "id")?;
        ctx.read(async |tx| Ok(Plugin(plugins::get(tx, id).await?))).await
    }

    /// The limits the company's plugin calls run under, set by its plan
    /// (admins).
    async fn plugin_limits(&self, ctx: &Context<'_>) -> ApiResult<PluginLimitsReport> {
        ctx.read(async |tx| Ok(PluginLimitsReport(plugins::limits(tx).await?))).await
    }
}

/// The company's plugin limits.
pub struct PluginLimitsReport(plugins::CompanyLimits);

#[Object]
impl PluginLimitsReport {
    /// The company's subscription plan.
    async fn plan(&self) -> &str {
        self.0.plan.as_str()
    }
    /// The limits of each hook kind.
    async fn hooks(&self) -> Vec<HookLimits> {
        self.0.hooks.iter().map(|(hook, l)| HookLimits::new(hook, l)).collect()
    }
}

/// The limits of one hook kind's calls.
#[derive(SimpleObject)]
pub struct HookLimits {
    /// `field.validate`, `field.compute`, `grade` or `workflow.action`.
    hook: &'static str,
    /// Fuel (about one unit per WebAssembly instruction executed).
    fuel: i64,
    /// Wall-clock deadline, milliseconds.
    deadline_ms: i64,
    /// Largest linear memory, bytes.
    memory_bytes: i64,
    /// Largest table, elements.
    table_elements: i64,
    /// Largest input JSON, bytes.
    input_bytes: i64,
    /// Largest output JSON, bytes.
    output_bytes: i64,
    /// Total bytes of log messages.
    log_bytes: i64,
    /// Largest module that may run the hook, bytes.
    module_bytes: i64,
}

impl HookLimits {
    fn new(hook: &'static str, l: &guanxi_core::plugin_limits::PluginLimits) -> HookLimits {
        // Reports have every limit set; none comes near `i64::MAX`.
        fn num<T: TryInto<i64>>(v: Option<T>) -> i64 {
            v.and_then(|v| v.try_into().ok()).unwrap_or(i64::MAX)
        }
        HookLimits {
            hook,
            fuel: num(l.fuel),
            deadline_ms: num(l.deadline_ms),
            memory_bytes: num(l.memory_bytes),
            table_elements: num(l.table_elements),
            input_bytes: num(l.input_bytes),
            output_bytes: num(l.output_bytes),
            log_bytes: num(l.log_bytes),
            module_bytes: num(l.module_bytes),
        }
    }
}

#[derive(Default)]
pub struct PluginMutation;

#[Object]
impl PluginMutation {
    /// Upload a WebAssembly module with its manifest (admins). The module is
    /// checked (ABI version, imports, exports, size, complexity) and compiled
    /// before anything is stored; a refused module is `VALIDATION_FAILED` on
    /// `file` with the host's code (`bad_abi`, `forbidden_import`,
    /// `module_too_large`, `compile_timeout` …). A new manifest key makes a
    /// new plugin; a known one adds a version, whose version string must be
    /// new (versions are immutable). With `install` (the default) the
    /// version is installed at once, with `config` if given.
    async fn upload_plugin(
        &self,
        ctx: &Context<'_>,
        file: Upload,
        manifest: Json<Value>,
        #[graphql(default = true)] install: bool,
        config: Option<Json<Value>>,
    ) -> ApiResult<PluginVersion> {
        let upload = read_upload(ctx, &file)?;
        ctx.write(async |tx| {
            let v = plugins::upload(tx, upload.content.to_vec(), &manifest.0, install, config.map(|c| c.0)).await?;
            Ok(PluginVersion(v))
        })
        .await
    }

    /// Install a version of a plugin, newer or older (admins). The
    /// configuration (`config`, or the saved one) must satisfy its schema.
    async fn install_plugin_version(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
        config: Option<Json<Value>>,
    ) -> ApiResult<Plugin> {
        let id = parse_id::<PluginVersionId>(&version_id, "versionId")?;
        ctx.write(async |tx| {
            let p = plugins::install(tx, id, config.map(|c| c.0)).await?;
            Ok(Plugin(p))
        })
        .await
    }

    /// Go back to the version installed before the current one (admins).
    async fn rollback_plugin(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Plugin> {
        let id = parse_id::<PluginId>(&id, "id")?;
        ctx.write(async |tx| {
            let p = plugins::rollback(tx, id).await?;
            Ok(Plugin(p))
        })
        .await
    }

    /// Save a plugin's configuration (admins); checked against the installed
    /// version's schema, every problem named (`config.threshold` …).
    async fn configure_plugin(&self, ctx: &Context<'_>, id: ID, config: Json<Value>) -> ApiResult<Plugin> {
        let id = parse_id::<PluginId>(&id, "id")?;
        ctx.write(async |tx| {
            let p = plugins::configure(tx, id, config.0).await?;
            Ok(Plugin(p))
        })
        .await
    }

    /// Enable or disable a plugin (admins).
    async fn set_plugin_enabled(&self, ctx: &Context<'_>, id: ID, enabled: bool) -> ApiResult<Plugin> {
        let id = parse_id::<PluginId>(&id, "id")?;
        ctx.write(async |tx| {
            let p = plugins::set_enabled(tx, id, enabled).await?;
            Ok(Plugin(p))
        })
        .await
    }

    /// Attach a plugin to a customer field or a grading model (admins),
    /// replacing the one attached there before.
    async fn attach_plugin(
        &self,
        ctx: &Context<'_>,
        plugin_id: ID,
        target: PluginTargetInput,
    ) -> ApiResult<PluginAttachment> {
        let id = parse_id::<PluginId>(&plugin_id, "pluginId")?;
        let (target, hook) = target.into_target()?;
        ctx.write(async |tx| {
            let a = plugins::attach(tx, id, target, hook.as_deref()).await?;
            Ok(PluginAttachment(a))
        })
        .await
    }

    /// Run a `workflow.action` plugin for one customer the caller may edit,
    /// with the plugin's configuration (a workflow step run by hand, e.g.
    /// 生日关怀). The effects it returns must all be declared in its
    /// manifest (else `PLUGIN_FAILED` with reason `undeclared_effect`) and
    /// are applied with the caller's rights, all or none: `set_field` as an
    /// edit of the custom field, `create_plan` as a work plan for the owner
    /// (or `assignee_id`, within the caller's team), `send_mail` through the
    /// outbox, `move_to_pool` as a release with the given reason. Returns
    /// the effects applied.
    async fn run_plugin_action(&self, ctx: &Context<'_>, plugin_id: ID, customer_id: ID) -> ApiResult<Json<Value>> {
        let id = parse_id::<PluginId>(&plugin_id, "pluginId")?;
        let customer = parse_id::<CustomerId>(&customer_id, "customerId")?;
        ctx.write(async |tx| {
            let done = plugins::run_action(tx, id, customer).await?;
            Ok(Json(Value::Array(done.effects)))
        })
        .await
    }

    /// Recompute a plugin-computed customer field for every customer
    /// (admins): a job whose progress counts customers; its result counts
    /// the values that `changed` and the computations that `failed` (those
    /// customers keep their values).
    async fn recompute_custom_field(&self, ctx: &Context<'_>, field_id: ID) -> ApiResult<Job> {
        let id = parse_id::<CustomFieldId>(&field_id, "fieldId")?;
        ctx.write(async |tx| {
            let job = plugins::start_recompute(tx, id).await?;
            let j = jobs::get(tx, job).await?;
            Ok(Job(j))
        })
        .await
    }

    /// Remove an attachment (admins). Returns its id.
    async fn detach_plugin(&self, ctx: &Context<'_>, attachment_id: ID) -> ApiResult<ID> {
        let id = parse_id::<PluginAttachmentId>(&attachment_id, "attachmentId")?;
        ctx.write(async |tx| {
            plugins::detach(tx, id).await?;
            Ok(attachment_id)
        })
        .await
    }

    /// Delete a plugin with its versions, attachments and call log (admins;
    /// `confirm` must be true). Its usage stays for billing.
    async fn delete_plugin(&self, ctx: &Context<'_>, id: ID, #[graphql(default)] confirm: bool) -> ApiResult<ID> {
        let pid = parse_id::<PluginId>(&id, "id")?;
        ctx.write(async |tx| {
            plugins::delete(tx, pid, confirm).await?;
            Ok(id)
        })
        .await
    }
}
