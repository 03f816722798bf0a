//! Where plugins run: the validators of customer fields in the save path and
//! the graders of grading models in regrading runs.

use std::collections::HashMap;
use std::sync::Arc;

use guanxi_core::custom_fields::{CompiledField, FieldEntity, FieldSet, FieldType, ValueChange, WriteOutcome};
use guanxi_core::plugin_limits::PluginLimits;
use guanxi_core::{CustomFieldId, Error, FieldError, Result, TenantId};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::runtime::{CallLog, CallReport, ModuleInfo, Plugins, RuntimeError, Usage};
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, deal, plugin, plugin_attachment, plugin_version};

/// How often, and how long apart, a call refused as `busy` (the company
/// has as many calls in flight as the host allows) is tried again.
const BUSY_RETRIES: u32 = 100;
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_millis(2);

/// Failed calls of one batch written to the plugin's log.
const BATCH_LOG_FAILURES: usize = 50;
/// Successful calls of one batch written to the plugin's log (its last ones).
const BATCH_LOG_SUCCESSES: usize = 20;

/// An enabled plugin with an installed version, ready to call.
#[derive(Clone, Debug)]
pub(crate) struct Active {
    pub plugin_id: Uuid,
    pub key: String,
    pub name: String,
    pub version_id: Uuid,
    pub hash: String,
    pub config: Value,
}

pub(crate) fn runtime(tx: &TenantTx) -> Result<&Arc<Plugins>> {
    tx.plugins.as_ref().ok_or_else(|| {
        Error::Conflict(FieldError::new("file", "plugins_unavailable", "this server does not run plugins"))
    })
}

fn refused(e: RuntimeError) -> Error {
    Error::Validation(vec![FieldError::new("file", e.code, e.message)])
}

/// Check and compile a module on a blocking thread.
pub(crate) async fn load(tx: &TenantTx, module: Vec<u8>) -> Result<ModuleInfo> {
    let rt = runtime(tx)?.runtime.clone();
    tokio::task::spawn_blocking(move || rt.load(&module))
        .await
        .map_err(|e| Error::Internal(e.to_string().into()))?
        .map_err(refused)
}

/// Make sure the plugin's module is compiled (after a restart, or when the
/// runtime's cache let it go).
async fn ready(tx: &TenantTx, p: &Active) -> Result<()> {
    if runtime(tx)?.runtime.is_loaded(&p.hash) {
        return Ok(());
    }
    let (module,): (Vec<u8>,) = tx
        .select::<plugin_version::Entity>()
        .select_only()
        .column(plugin_version::Column::Module)
        .filter(plugin_version::Column::Id.eq(p.version_id))
        .into_tuple()
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("plugin version"))?;
    load(tx, module).await.map(|_| ())
}

/// The enabled, installed plugins attached with `hook` to these targets of
/// one kind (`field` or `grading_model`), by target.
pub(crate) async fn attached(tx: &TenantTx, kind: &str, hook: &str, targets: &[Uuid]) -> Result<HashMap<Uuid, Active>> {
    if targets.is_empty() || tx.plugins.is_none() {
        return Ok(HashMap::new());
    }
    let links = tx
        .select::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::TargetKind.eq(kind))
        .filter(plugin_attachment::Column::Hook.eq(hook))
        .filter(plugin_attachment::Column::TargetId.is_in(targets.iter().copied()))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    if links.is_empty() {
        return Ok(HashMap::new());
    }
    let plugins: HashMap<Uuid, plugin::Model> = tx
        .select::<plugin::Entity>()
        .filter(plugin::Column::Id.is_in(links.iter().map(|l| l.plugin_id)))
        .filter(plugin::Column::Enabled.eq(true))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let hashes: HashMap<Uuid, String> = tx
        .select::<plugin_version::Entity>()
        .select_only()
        .columns([plugin_version::Column::Id, plugin_version::Column::Hash])
        .filter(plugin_version::Column::Id.is_in(plugins.values().filter_map(|p| p.current_version_id)))
        .into_tuple::<(Uuid, String)>()
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .collect();
    let mut out = HashMap::new();
    for l in links {
        let Some(p) = plugins.get(&l.plugin_id) else { continue };
        let Some(version_id) = p.current_version_id else { continue };
        let Some(hash) = hashes.get(&version_id) else { continue };
        out.insert(
            l.target_id,
            Active {
                plugin_id: p.id,
                key: p.key.clone(),
                name: p.name.clone(),
                version_id,
                hash: hash.clone(),
                config: p.config.clone(),
            },
        );
    }
    Ok(out)
}

fn digest(input: &[u8]) -> String {
    hex::encode(Sha256::digest(input))
}

/// The `tenant` and `now` every input carries.
pub(crate) async fn envelope(tx: &TenantTx) -> Result<(Value, String)> {
    let tz = crate::customers::tenant_tz(tx).await?;
    let tenant = json!({ "id": tx.tenant_id().0, "timezone": tz.name(), "currency": "CNY" });
    Ok((tenant, tx.now.with_timezone(&tz).to_rfc3339()))
}

/// The overrides of the company's plan for `hook`, if its plan has any.
pub(crate) async fn plan_limits(tx: &TenantTx, hook: &str) -> Result<Option<PluginLimits>> {
    if tx.cfg.plugin_plans.is_empty() {
        return Ok(None);
    }
    let plan = crate::tenants::plan(tx).await?;
    Ok(guanxi_core::plugin_limits::overrides(&tx.cfg.plugin_plans, &plan, hook).copied())
}

/// Call `hook` of `p` with each input on a blocking thread, then queue the
/// calls' usage and log: every call of a single-call batch, and of bigger
/// batches the first failures and the last successes.
pub(crate) async fn run(
    tx: &TenantTx,
    p: &Active,
    hook: &'static str,
    target: &str,
    inputs: Vec<Vec<u8>>,
) -> Result<Vec<CallReport>> {
    ready(tx, p).await?;
    crate::entitlements::ensure_plugin_fuel(tx).await?;
    let plugins = runtime(tx)?.clone();
    let rt = plugins.runtime.clone();
    let tenant: TenantId = tx.tenant_id();
    let hash = p.hash.clone();
    let plan = plan_limits(tx, hook).await?;
    let (inputs, reports) = tokio::task::spawn_blocking(move || {
        let call = |input: &[u8]| {
            // The host caps each company's calls in flight; a call refused
            // as `busy` waits its turn for a while instead of failing a save.
            let mut report = rt.call(tenant, &hash, hook, input, plan.as_ref());
            for _ in 0..BUSY_RETRIES {
                if !matches!(&report.result, Err(e) if e.code == "busy") {
                    break;
                }
                std::thread::sleep(BUSY_WAIT);
                report = rt.call(tenant, &hash, hook, input, plan.as_ref());
            }
            report.storable()
        };
        let reports: Vec<CallReport> = inputs.iter().map(|i| call(i)).collect();
        (inputs, reports)
    })
    .await
    .map_err(|e| Error::Internal(e.to_string().into()))?;

    let failures = reports.iter().filter(|r| r.result.is_err()).count();
    plugins.usage(Usage {
        tenant,
        plugin_id: p.plugin_id,
        plugin_key: p.key.clone(),
        day: tx.now.date_naive(),
        hook,
        calls: i64::try_from(reports.len()).unwrap_or(i64::MAX),
        failures: i64::try_from(failures).unwrap_or(i64::MAX),
        fuel: reports.iter().map(|r| i64::try_from(r.fuel_used).unwrap_or(i64::MAX)).fold(0, i64::saturating_add),
        wall_us: reports
            .iter()
            .map(|r| i64::try_from(r.wall.as_micros()).unwrap_or(i64::MAX))
            .fold(0, i64::saturating_add),
    });
    let successes: Vec<usize> = (0..reports.len()).filter(|&i| reports[i].result.is_ok()).collect();
    let keep_ok: &[usize] = &successes[successes.len().saturating_sub(BATCH_LOG_SUCCESSES)..];
    let keep_failed = (0..reports.len()).filter(|&i| reports[i].result.is_err()).take(BATCH_LOG_FAILURES);
    let mut logged: Vec<usize> = keep_failed.chain(keep_ok.iter().copied()).collect();
    logged.sort_unstable();
    for i in logged {
        plugins.log(CallLog {
            tenant,
            plugin_id: p.plugin_id,
            version_id: p.version_id,
            hook,
            target: Some(target.chars().take(100).collect()),
            input_digest: digest(&inputs[i]),
            report: reports[i].clone(),
            at: tx.now,
        });
    }
    Ok(reports)
}

/// The ABI's name of a custom field type.
fn abi_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Text | FieldType::LongText | FieldType::User => "text",
        FieldType::Number | FieldType::Decimal | FieldType::Rating => "number",
        FieldType::Money => "money",
        FieldType::Date => "date",
        FieldType::DateTime => "datetime",
        FieldType::Boolean => "boolean",
        FieldType::SingleSelect => "select",
        FieldType::MultiSelect => "multi_select",
        FieldType::Phone => "phone",
        FieldType::Email => "email",
        FieldType::Url => "url",
    }
}

/// A field definition as hooks see it.
fn field_doc(field: &CompiledField, config: &Value) -> Value {
    let spec = &field.def.spec;
    json!({
        "key": spec.key.as_str(),
        "label": spec.label,
        "type": abi_type(spec.field_type),
        "required": spec.required,
        "options": field.option_keys(),
        "config": config,
    })
}

/// A customer as hooks see it, with its built-in `fields` (as far as the
/// caller knows them) and custom values.
fn record_doc(set: &FieldSet, record: Uuid, fields: &Value, custom: &Value) -> Value {
    json!({
        "kind": "customer",
        "id": record,
        "fields": if fields.is_object() { fields.clone() } else { json!({}) },
        "custom": set.to_abi(custom),
    })
}

/// A customer's deals as hooks see them.
pub(crate) async fn deals_doc(tx: &TenantTx, customers: &[Uuid]) -> Result<HashMap<Uuid, Vec<Value>>> {
    let tz = crate::customers::tenant_tz(tx).await?;
    let at = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).to_rfc3339();
    let day = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(tz).earliest()).map(|t| t.to_rfc3339())
    };
    let mut q = tx.select::<deal::Entity>();
    // Every deal of the company when asked for many customers: one scan
    // beats a list of 100,000 ids.
    if customers.len() <= 1000 {
        q = q.filter(deal::Column::CustomerId.is_in(customers.iter().copied()));
    }
    let mut out: HashMap<Uuid, Vec<Value>> = HashMap::new();
    for d in q.all(tx.conn()).await.map_err(db_err)? {
        out.entry(d.customer_id).or_default().push(json!({
            "id": d.id, "title": d.title, "stage": d.status, "amount_minor": d.amount_minor,
            "currency": d.currency, "created_at": at(d.created_at), "closed_at": d.closed_on.and_then(day),
        }));
    }
    Ok(out)
}

/// The value `p` computes for `field` of a customer, normalised to the
/// field's type (`None`: empty).
async fn compute_one(
    tx: &TenantTx,
    p: &Active,
    field: &CompiledField,
    tz: chrono_tz::Tz,
    input: Value,
) -> Result<Option<Value>> {
    let bytes = serde_json::to_vec(&input).map_err(|e| Error::Internal(e.to_string().into()))?;
    let target = format!("field:{}", field.key());
    let report = run(tx, p, "field.compute", &target, vec![bytes])
        .await?
        .pop()
        .ok_or_else(|| Error::Internal("no call report".into()))?;
    let failed = |reason, message: String| Error::PluginFailed {
        reason,
        message: format!("the computed field {} (`{}`) failed: {message}", field.def.spec.label, p.key),
    };
    let out = report.result.map_err(|e| failed(e.code, e.message))?;
    let raw = field.value_from_abi(out.get("value").unwrap_or(&Value::Null));
    field
        .normalise(&raw, &format!("custom.{}", field.key()), tz)
        .map_err(|e| failed("invalid_output", format!("not a value of the field: {}", e.message)))
}

/// Fill the customer fields computed by plugins (`field.compute`) into a
/// write's outcome, recording each changed value as a change. Values of
/// computed fields cannot be written by hand (`computed`).
pub(crate) async fn compute_fields(
    tx: &TenantTx,
    set: &FieldSet,
    record: Uuid,
    outcome: &mut WriteOutcome,
    fields: &Value,
    patch: &Value,
) -> Result<()> {
    if tx.plugins.is_none() {
        return Ok(());
    }
    let ids: Vec<Uuid> =
        set.fields().iter().filter(|f| f.def.entity == FieldEntity::Customer).map(|f| f.def.id.0).collect();
    let computers = attached(tx, "field", "field.compute", &ids).await?;
    if computers.is_empty() {
        return Ok(());
    }
    let by_hand: Vec<FieldError> = set
        .fields()
        .iter()
        .filter(|f| computers.contains_key(&f.def.id.0) && patch.get(f.key()).is_some())
        .map(|f| FieldError::new(format!("custom.{}", f.key()), "computed", "this field is computed by a plugin"))
        .collect();
    if !by_hand.is_empty() {
        return Err(Error::Validation(by_hand));
    }
    let deals = deals_doc(tx, &[record]).await?.remove(&record).unwrap_or_default();
    let (tenant, now) = envelope(tx).await?;
    for field in set.fields() {
        let Some(p) = computers.get(&field.def.id.0) else { continue };
        let input = json!({
            "abi": 1, "hook": "field.compute", "now": now, "tenant": tenant,
            "field": field_doc(field, &p.config),
            "record": record_doc(set, record, fields, &outcome.value),
            "deals": deals,
        });
        let new = compute_one(tx, p, field, set.tz(), input).await?.unwrap_or(Value::Null);
        set_value(outcome, field, new);
    }
    Ok(())
}

/// Put a computed value into a write's outcome, as a change when it differs.
fn set_value(outcome: &mut WriteOutcome, field: &CompiledField, new: Value) {
    let key = field.key().to_owned();
    let Some(map) = outcome.value.as_object_mut() else { return };
    let old = map.get(&key).cloned().unwrap_or(Value::Null);
    if old == new {
        return;
    }
    if new.is_null() {
        map.remove(&key);
    } else {
        map.insert(key.clone(), new.clone());
    }
    outcome.changes.push(ValueChange { field: field.def.id, key, old, new });
}

/// Recompute a computed field for the next `limit` customers after
/// `after` (in id order): the values that change are stored with their
/// history; a customer whose computation fails keeps its value. Returns
/// the last customer handled (`None` when there were none) and how many
/// customers were handled, values changed and computations failed.
pub async fn recompute_batch(
    tx: &TenantTx,
    field: CustomFieldId,
    after: Option<Uuid>,
    limit: u64,
) -> Result<(Option<Uuid>, usize, usize, usize)> {
    let set = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
    let Some(f) = set.fields().iter().find(|f| f.def.id == field) else { return Err(Error::NotFound("custom field")) };
    let Some(p) = attached(tx, "field", "field.compute", &[field.0]).await?.remove(&field.0) else {
        return Err(Error::Conflict(FieldError::new(
            "fieldId",
            "not_computed",
            "no enabled plugin computes this field",
        )));
    };
    let mut q = tx.select::<customer::Entity>();
    if let Some(a) = after {
        q = q.filter(customer::Column::Id.gt(a));
    }
    let rows = q.order_by_asc(customer::Column::Id).limit(limit).all(tx.conn()).await.map_err(db_err)?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut deals = deals_doc(tx, &ids).await?;
    let (tenant, now) = envelope(tx).await?;
    let mut changed = 0;
    let mut failed = 0;
    for r in &rows {
        let input = json!({
            "abi": 1, "hook": "field.compute", "now": now, "tenant": tenant,
            "field": field_doc(f, &p.config),
            "record": record_doc(&set, r.id, &crate::customers::record_fields(r), &r.custom),
            "deals": deals.remove(&r.id).unwrap_or_default(),
        });
        let new = match compute_one(tx, &p, f, set.tz(), input).await {
            Ok(v) => v.unwrap_or(Value::Null),
            Err(Error::PluginFailed { .. }) => {
                failed += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let mut outcome = set.outcome(&r.custom, r.custom.clone());
        set_value(&mut outcome, f, new);
        if let Some(change) = outcome.changes.pop() {
            crate::custom_fields::store_custom(tx, FieldEntity::Customer, r.id, outcome.value, &change.key).await?;
            crate::custom_fields::history(tx, FieldEntity::Customer, r.id, &change.key, change.old, change.new).await?;
            changed += 1;
        }
    }
    Ok((rows.last().map(|r| r.id), rows.len(), changed, failed))
}

/// Run the validator plugins attached to the customer fields a write
/// changes. `fields` are the record's built-in fields after the write (by
/// name), as far as the caller knows them. A value a plugin rejects is a
/// validation error of that field (`plugin_invalid`, with the plugin's
/// message); a plugin that fails refuses the write (`PLUGIN_FAILED`), so a
/// broken validator never lets unchecked values in.
pub(crate) async fn validate_fields(
    tx: &TenantTx,
    set: &FieldSet,
    record: Uuid,
    outcome: &WriteOutcome,
    fields: &Value,
) -> Result<()> {
    if tx.plugins.is_none() || outcome.changes.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = outcome.changes.iter().map(|c| c.field.0).collect();
    let validators = attached(tx, "field", "field.validate", &ids).await?;
    if validators.is_empty() {
        return Ok(());
    }
    let (tenant, now) = envelope(tx).await?;
    let mut errors = Vec::new();
    for change in &outcome.changes {
        let Some(p) = validators.get(&change.field.0) else { continue };
        let Some(field) = set.get(&change.key) else { continue };
        let spec = &field.def.spec;
        let input = json!({
            "abi": 1,
            "hook": "field.validate",
            "now": now,
            "tenant": tenant,
            "field": field_doc(field, &p.config),
            "value": field.value_to_abi(&change.new),
            "record": record_doc(set, record, fields, &outcome.value),
        });
        let bytes = serde_json::to_vec(&input).map_err(|e| Error::Internal(e.to_string().into()))?;
        let target = format!("field:{}", spec.key.as_str());
        let mut reports = run(tx, p, "field.validate", &target, vec![bytes]).await?;
        let Some(report) = reports.pop() else { continue };
        match report.result {
            Ok(out) if out.get("valid") == Some(&Value::Bool(true)) => {}
            Ok(out) => {
                let message = out
                    .get("message")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("rejected by {}", p.name), str::to_owned);
                errors.push(FieldError::new(format!("custom.{}", spec.key.as_str()), "plugin_invalid", message));
            }
            Err(e) => {
                return Err(Error::PluginFailed {
                    reason: e.code,
                    message: format!("the validator `{}` of {} failed: {}", p.key, spec.label, e.message),
                });
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Validation(errors)) }
}
