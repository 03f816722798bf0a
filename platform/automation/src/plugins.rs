//! The store's plugin runtime over the WebAssembly host: modules compiled
//! once and kept by content hash, calls under the host's per-hook limits.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use guanxi_core::TenantId;
use guanxi_core::plugin_limits::PluginLimits;
use guanxi_plugin_host::{Hook, LoadedModule, PluginError, PluginHost, detect_mode};
use guanxi_store::plugins::{CallReport, ModuleInfo, PluginRuntime, RuntimeError};

/// Compiled modules kept ready; beyond this the least recently loaded go
/// (they are compiled again from the database on their next call).
const KEEP_MODULES: usize = 512;

/// A [`PluginRuntime`] that runs modules in a [`PluginHost`].
pub struct HostRuntime {
    host: PluginHost,
    modules: Mutex<(HashMap<String, LoadedModule>, Vec<String>)>,
}

impl HostRuntime {
    /// Run plugins in `host`.
    pub fn new(host: PluginHost) -> HostRuntime {
        HostRuntime { host, modules: Mutex::new((HashMap::new(), Vec::new())) }
    }

    fn module(&self, hash: &str) -> Option<LoadedModule> {
        self.modules.lock().unwrap_or_else(PoisonError::into_inner).0.get(hash).cloned()
    }
}

fn runtime_error(e: &PluginError) -> RuntimeError {
    RuntimeError { code: e.code(), message: e.to_string(), trap: e.trap_kind().map(|k| k.as_str()) }
}

impl PluginRuntime for HostRuntime {
    fn load(&self, bytes: &[u8]) -> Result<ModuleInfo, RuntimeError> {
        let mode = detect_mode(bytes);
        let module = self.host.load(bytes, mode).map_err(|e| runtime_error(&e))?;
        let info = ModuleInfo {
            hash: module.hash_hex(),
            mode: mode.as_str(),
            hooks: module.hooks().map(|h| h.iter().map(|h| h.name()).collect()),
            size: module.size(),
        };
        let mut guard = self.modules.lock().unwrap_or_else(PoisonError::into_inner);
        let (modules, order) = &mut *guard;
        if modules.insert(info.hash.clone(), module).is_none() {
            order.push(info.hash.clone());
            if order.len() > KEEP_MODULES {
                let old = order.remove(0);
                modules.remove(&old);
            }
        }
        Ok(info)
    }

    fn is_loaded(&self, hash: &str) -> bool {
        self.module(hash).is_some()
    }

    fn limits(&self, hook: &str, plan: Option<&PluginLimits>) -> Option<PluginLimits> {
        let hook = Hook::from_str(hook).ok()?;
        Some(self.host.limits_for(hook, plan).report())
    }

    fn call(&self, tenant: TenantId, hash: &str, hook: &str, input: &[u8], plan: Option<&PluginLimits>) -> CallReport {
        let failed = |code: &'static str, message: String| CallReport {
            result: Err(RuntimeError { code, message, trap: None }),
            logs: String::new(),
            fuel_used: 0,
            fuel_limit: 0,
            wall: Duration::ZERO,
            memory_peak: 0,
        };
        let Some(module) = self.module(hash) else {
            return failed("not_loaded", "the module is not loaded".into());
        };
        let hook = match Hook::from_str(hook) {
            Ok(h) => h,
            Err(e) => return failed("unknown_hook", e.to_string()),
        };
        let limits = self.host.limits_for(hook, plan);
        let r = self.host.run(tenant, &module, hook, input, &limits);
        let mut logs = String::new();
        for line in &r.logs {
            logs.push_str(line.level.as_str());
            logs.push_str(": ");
            logs.push_str(&line.message);
            logs.push('\n');
        }
        CallReport {
            result: r.result.map_err(|e| runtime_error(&e)),
            logs,
            fuel_used: r.fuel_used,
            fuel_limit: r.limits.fuel,
            wall: r.wall_time,
            memory_peak: r.memory_peak,
        }
    }
}
