//! The seam between the store and the WebAssembly host, and the recorder
//! that writes call logs and usage.
//!
//! The store knows nothing of wasmtime: the server hands it a
//! [`PluginRuntime`] (implemented over `guanxi-plugin-host`), and the store
//! decides what runs where, builds the inputs and reads the outputs.
//!
//! Every call is metered. Writing a log row inside the caller's transaction
//! would lose it whenever the call makes the caller fail (a rejected value
//! rolls the save back), so records go to a background recorder that
//! writes them in its own transactions, a batch at a time. A crash loses at
//! most the records of the last moments.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::plugin_limits::PluginLimits;
use guanxi_core::{Result, TenantId};
use sea_orm::ConnectionTrait;
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::db::{Access, Store, TenantTx, db_err, statement};

/// Calls kept in a plugin's log; older ones are pruned.
pub const KEEP_CALLS: u64 = 200;
/// Records waiting for the recorder before new ones are dropped (and a
/// warning logged) rather than slowing the callers down.
const QUEUE: usize = 50_000;

/// What the runtime says about a module it accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleInfo {
    /// SHA-256 of the bytes, hex.
    pub hash: String,
    /// `pure` (ABI v1) or `compat` (a WASI preview 1 command).
    pub mode: &'static str,
    /// The hooks a pure module exports; `None` for a WASI command, whose
    /// hooks only its manifest states.
    pub hooks: Option<Vec<&'static str>>,
    /// Size in bytes.
    pub size: usize,
}

/// Why a module was refused or a call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    /// Stable code, e.g. `fuel_exhausted`, `trap`, `forbidden_import`.
    pub code: &'static str,
    /// What happened, for the plugin's developers.
    pub message: String,
    /// The trap's kind when the module trapped, e.g. `unreachable`.
    pub trap: Option<&'static str>,
}

/// One call as the runtime reports it, whether it succeeded or not.
#[derive(Clone, Debug)]
pub struct CallReport {
    /// The output (valid against the hook's output schema) or the error.
    pub result: std::result::Result<Value, RuntimeError>,
    /// What the plugin logged, a line each (`level: message`).
    pub logs: String,
    /// Fuel consumed.
    pub fuel_used: u64,
    /// The call's fuel budget.
    pub fuel_limit: u64,
    /// Wall time.
    pub wall: Duration,
    /// Largest linear memory, bytes.
    pub memory_peak: u64,
}

/// The character that replaces NUL in text a plugin hands the host.
pub const NUL_REPLACEMENT: char = '\u{FFFD}';

impl CallReport {
    /// The report with every text the host may store made storable: NUL
    /// (which PostgreSQL refuses in `text` and `jsonb`, failing the whole
    /// write) becomes U+FFFD in the logs, the error message and every string
    /// and key of the output (from which effects take subjects, bodies,
    /// titles and field values). Applied once, where reports leave the
    /// runtime, so no writer has to remember it.
    pub fn storable(mut self) -> Self {
        if self.logs.contains('\0') {
            self.logs = self.logs.replace('\0', &NUL_REPLACEMENT.to_string());
        }
        match &mut self.result {
            Ok(v) => without_nul(v),
            Err(e) => {
                if e.message.contains('\0') {
                    e.message = e.message.replace('\0', &NUL_REPLACEMENT.to_string());
                }
            }
        }
        self
    }
}

fn without_nul(v: &mut Value) {
    let fix = |s: &str| s.replace('\0', &NUL_REPLACEMENT.to_string());
    match v {
        Value::String(s) if s.contains('\0') => *s = fix(s),
        Value::Array(items) => items.iter_mut().for_each(without_nul),
        Value::Object(map) if map.keys().any(|k| k.contains('\0')) => {
            let old = std::mem::take(map);
            for (k, mut item) in old {
                without_nul(&mut item);
                map.insert(fix(&k), item);
            }
        }
        Value::Object(map) => map.values_mut().for_each(without_nul),
        _ => {}
    }
}

/// Runs plugin modules. Calls are synchronous and may block for up to their
/// deadline; the store runs them on blocking threads.
pub trait PluginRuntime: Send + Sync + 'static {
    /// Check and compile a module (ABI version, imports, exports, size,
    /// complexity, a bound on compile time) and keep it ready to call.
    fn load(&self, bytes: &[u8]) -> std::result::Result<ModuleInfo, RuntimeError>;
    /// Whether the module with this hash is ready to call.
    fn is_loaded(&self, hash: &str) -> bool;
    /// Call `hook` of the loaded module `hash` for `tenant` with a JSON
    /// `input`, in a fresh instance under the hook's limits with the
    /// company's plan's overrides `plan`. A module that is not loaded fails
    /// with `not_loaded`.
    fn call(&self, tenant: TenantId, hash: &str, hook: &str, input: &[u8], plan: Option<&PluginLimits>) -> CallReport;
    /// The limits a call of `hook` runs under with the overrides `plan`,
    /// every field set; `None` for a hook the runtime does not know.
    fn limits(&self, hook: &str, plan: Option<&PluginLimits>) -> Option<PluginLimits>;
}

/// One call to write to a plugin's log.
#[derive(Clone, Debug)]
pub(crate) struct CallLog {
    pub tenant: TenantId,
    pub plugin_id: Uuid,
    pub version_id: Uuid,
    pub hook: &'static str,
    pub target: Option<String>,
    pub input_digest: String,
    pub report: CallReport,
    pub at: DateTime<Utc>,
}

/// Calls to add to a plugin's usage of a day.
#[derive(Clone, Debug)]
pub(crate) struct Usage {
    pub tenant: TenantId,
    pub plugin_id: Uuid,
    pub plugin_key: String,
    pub day: NaiveDate,
    pub hook: &'static str,
    pub calls: i64,
    pub failures: i64,
    pub fuel: i64,
    pub wall_us: i64,
}

enum Record {
    Log(Box<CallLog>),
    /// Usage is waiting in [`Plugins::usage`].
    Usage,
    Flush(oneshot::Sender<()>),
}

/// Usage not yet written, summed by tenant, plugin, day and hook.
type UsageSums = HashMap<(TenantId, Uuid, NaiveDate, &'static str), Usage>;

/// The runtime and the recorder's queue, shared by every transaction of a
/// store.
pub(crate) struct Plugins {
    pub runtime: Arc<dyn PluginRuntime>,
    records: mpsc::Sender<Record>,
    /// Usage is summed here rather than queued, so that it is never dropped
    /// (billing reads it) however fast calls come.
    usage: Arc<Mutex<UsageSums>>,
}

impl Plugins {
    /// Start the recorder on `store` (a store without plugins of its own).
    pub(crate) fn start(store: Store, runtime: Arc<dyn PluginRuntime>) -> Plugins {
        let (records, queue) = mpsc::channel(QUEUE);
        let usage = Arc::new(Mutex::new(HashMap::new()));
        tokio::spawn(record_loop(store, queue, usage.clone()));
        Plugins { runtime, records, usage }
    }

    /// Queue a call for the plugin's log. When the recorder falls behind,
    /// log rows (not usage) are dropped rather than slowing callers down.
    pub(crate) fn log(&self, log: CallLog) {
        if self.records.try_send(Record::Log(Box::new(log))).is_err() {
            tracing::warn!("plugin call logs are arriving faster than they are written; one was dropped");
        }
    }

    /// Add usage; the recorder writes it soon.
    pub(crate) fn usage(&self, u: Usage) {
        add_usage(&mut self.usage.lock().unwrap_or_else(PoisonError::into_inner), u);
        // A full queue already holds a record that wakes the recorder.
        let _ = self.records.try_send(Record::Usage);
    }

    /// Wait until everything queued so far is written.
    pub(crate) async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.records.send(Record::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

fn add_usage(sums: &mut UsageSums, u: Usage) {
    sums.entry((u.tenant, u.plugin_id, u.day, u.hook))
        .and_modify(|t| {
            t.calls = t.calls.saturating_add(u.calls);
            t.failures = t.failures.saturating_add(u.failures);
            t.fuel = t.fuel.saturating_add(u.fuel);
            t.wall_us = t.wall_us.saturating_add(u.wall_us);
        })
        .or_insert(u);
}

async fn record_loop(store: Store, mut queue: mpsc::Receiver<Record>, sums: Arc<Mutex<UsageSums>>) {
    let mut batch = Vec::new();
    while queue.recv_many(&mut batch, 1000).await > 0 {
        let mut waiting = Vec::new();
        let mut logs: HashMap<TenantId, Vec<CallLog>> = HashMap::new();
        for r in batch.drain(..) {
            match r {
                Record::Log(l) => logs.entry(l.tenant).or_default().push(*l),
                Record::Usage => {}
                Record::Flush(done) => waiting.push(done),
            }
        }
        let usage = std::mem::take(&mut *sums.lock().unwrap_or_else(PoisonError::into_inner));
        let mut tenants: Vec<TenantId> = logs.keys().copied().collect();
        tenants.extend(usage.keys().map(|k| k.0));
        tenants.sort_unstable_by_key(|t| t.0);
        tenants.dedup();
        for tenant in tenants {
            let tenant_logs = logs.remove(&tenant).unwrap_or_default();
            let tenant_usage: Vec<Usage> = usage.values().filter(|u| u.tenant == tenant).cloned().collect();
            if let Err(e) = write(&store, tenant, tenant_logs, tenant_usage.clone()).await {
                tracing::warn!(error = %e, tenant = %tenant.0, "could not write plugin call records; usage is kept");
                let mut sums = sums.lock().unwrap_or_else(PoisonError::into_inner);
                for u in tenant_usage {
                    add_usage(&mut sums, u);
                }
            }
        }
        for done in waiting {
            let _ = done.send(());
        }
    }
}

async fn write(store: &Store, tenant: TenantId, logs: Vec<CallLog>, usage: Vec<Usage>) -> Result<()> {
    let tx = TenantTx::begin(store, tenant, Access::Write).await?;
    let backend = tx.conn().get_database_backend();
    for u in &usage {
        tx.conn()
            .execute(statement(
                backend,
                "INSERT INTO plugin_usage (tenant_id, plugin_id, day, hook, plugin_key, calls, failures, fuel, wall_us) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (tenant_id, plugin_id, day, hook) DO UPDATE SET \
                 calls = plugin_usage.calls + excluded.calls, failures = plugin_usage.failures + excluded.failures, \
                 fuel = plugin_usage.fuel + excluded.fuel, wall_us = plugin_usage.wall_us + excluded.wall_us",
                vec![
                    tenant.0.into(),
                    u.plugin_id.into(),
                    u.day.into(),
                    u.hook.into(),
                    u.plugin_key.clone().into(),
                    u.calls.into(),
                    u.failures.into(),
                    u.fuel.into(),
                    u.wall_us.into(),
                ],
            ))
            .await
            .map_err(db_err)?;
    }
    let mut pruned = Vec::new();
    for l in logs {
        let r = &l.report;
        let (outcome, code, trap, message) = match &r.result {
            Ok(_) => ("ok", None, None, None),
            Err(e) => ("error", Some(e.code), e.trap, Some(e.message.chars().take(1000).collect::<String>())),
        };
        // The plugin may have been deleted since the call: then nothing is logged.
        tx.conn()
            .execute(statement(
                backend,
                "INSERT INTO plugin_calls (tenant_id, id, plugin_id, version_id, hook, target, input_digest, outcome, \
                 error_code, trap_code, message, fuel_used, fuel_limit, wall_us, memory_peak, logs, created_at) \
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 \
                 WHERE EXISTS (SELECT 1 FROM plugins WHERE tenant_id = $1 AND id = $3)",
                vec![
                    tenant.0.into(),
                    Uuid::now_v7().into(),
                    l.plugin_id.into(),
                    l.version_id.into(),
                    l.hook.into(),
                    l.target.clone().into(),
                    l.input_digest.clone().into(),
                    outcome.into(),
                    code.map(str::to_owned).into(),
                    trap.map(str::to_owned).into(),
                    message.into(),
                    i64::try_from(r.fuel_used).unwrap_or(i64::MAX).into(),
                    i64::try_from(r.fuel_limit).unwrap_or(i64::MAX).into(),
                    i64::try_from(r.wall.as_micros()).unwrap_or(i64::MAX).into(),
                    i64::try_from(r.memory_peak).unwrap_or(i64::MAX).into(),
                    r.logs.clone().into(),
                    l.at.into(),
                ],
            ))
            .await
            .map_err(db_err)?;
        if !pruned.contains(&l.plugin_id) {
            pruned.push(l.plugin_id);
        }
    }
    for plugin in pruned {
        tx.conn()
            .execute(statement(
                backend,
                &format!(
                    "DELETE FROM plugin_calls WHERE tenant_id = $1 AND plugin_id = $2 AND id NOT IN \
                     (SELECT id FROM plugin_calls WHERE tenant_id = $1 AND plugin_id = $2 \
                      ORDER BY created_at DESC, id DESC LIMIT {KEEP_CALLS})"
                ),
                vec![tenant.0.into(), plugin.into()],
            ))
            .await
            .map_err(db_err)?;
    }
    tx.commit().await
}
