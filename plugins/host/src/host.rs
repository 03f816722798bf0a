//! The engine, the module cache and the call path.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use guanxi_core::TenantId;
use serde_json::Value;
use sha2::{Digest, Sha256};
use wasmtime::{
    Caller, Config, Engine, Extern, InstanceAllocationStrategy, InstancePre, Linker, Memory, Module, ModuleExport,
    PoolConcurrencyLimitError, PoolingAllocationConfig, ResourceLimiter, Store, Trap,
};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::{Deterministic, HostMonotonicClock, HostWallClock, I32Exit, WasiCtxBuilder};

use crate::hook::Schemas;
use crate::inspect::{self, IMPORT_NAMESPACE, WASI_NAMESPACE};
use crate::{Hook, HookLimits, Limits, PluginError, TrapKind};

const MIB: usize = 1024 * 1024;

/// How a module talks to the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// ABI v1: a plain core module importing only from `guanxi`.
    Pure,
    /// Compatibility mode: a WASI preview 1 command; JSON on stdin and
    /// stdout, stderr as log, the hook name as the only argument.
    Compat,
}

impl Mode {
    /// `pure` or `compat`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Pure => "pure",
            Mode::Compat => "compat",
        }
    }
}

/// Engine-wide settings. Per-call budgets are in [`Limits`]; the values here
/// bound what any [`Limits`] may ask for and size the instance pool.
#[derive(Clone, Debug)]
pub struct HostConfig {
    /// Instances that may exist at once (the pooling allocator's slots).
    pub pool_slots: u32,
    /// Ceiling of any call's memory limit; also each pool slot's size.
    pub max_memory_bytes: u64,
    /// Ceiling of any call's table limit; also each pool slot's table size.
    pub max_table_elements: u32,
    /// WebAssembly stack of every call, in bytes. Wasmtime sets the stack
    /// limit per engine, so this one value applies to every hook kind.
    pub max_wasm_stack: usize,
    /// Largest module accepted at all (each hook kind may lower it in [`Limits`]).
    pub max_module_bytes: usize,
    /// Largest function body, in bytes: bounds the compiler's work per function.
    pub max_function_body_bytes: usize,
    /// Most functions in a module.
    pub max_functions: u32,
    /// Most locals declared by one function.
    pub max_locals: u32,
    /// How long compiling one module may take.
    pub compile_timeout: Duration,
    /// How often the epoch advances; deadlines are rounded up to it.
    pub epoch_tick: Duration,
    /// Calls one tenant may have in flight; more are refused with `busy`.
    pub max_in_flight_per_tenant: u32,
    /// Compiled modules kept in memory, keyed by content hash and mode.
    pub cache_capacity: usize,
    /// Default limits per hook kind.
    pub limits: HookLimits,
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            pool_slots: 64,
            max_memory_bytes: 128 * MIB as u64,
            max_table_elements: 100_000,
            max_wasm_stack: 512 * 1024,
            max_module_bytes: 16 * MIB,
            max_function_body_bytes: 256 * 1024,
            max_functions: 20_000,
            max_locals: 10_000,
            compile_timeout: Duration::from_secs(20),
            epoch_tick: Duration::from_millis(1),
            max_in_flight_per_tenant: 4,
            cache_capacity: 256,
            limits: HookLimits::default(),
        }
    }
}

/// One line a plugin logged.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LogLine {
    /// Severity.
    pub level: LogLevel,
    /// The message (invalid UTF-8 replaced).
    pub message: String,
}

/// Severity of a log line: the `level` argument of `guanxi::log`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// 1
    Error,
    /// 2
    Warn,
    /// 3, and any level the ABI does not define
    Info,
    /// 4
    Debug,
}

impl LogLevel {
    fn from_abi(level: i32) -> Self {
        match level {
            1 => LogLevel::Error,
            2 => LogLevel::Warn,
            4 => LogLevel::Debug,
            _ => LogLevel::Info,
        }
    }

    /// `error`, `warn`, `info` or `debug`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }
}

/// A successful call.
#[derive(Clone, Debug)]
pub struct CallOutcome {
    /// The output, valid against the hook's output schema.
    pub output: Value,
    /// What the plugin logged.
    pub logs: Vec<LogLine>,
    /// Fuel consumed.
    pub fuel_used: u64,
    /// The fuel budget of the call.
    pub fuel_limit: u64,
    /// Wall time from instantiation to the end of the call.
    pub wall_time: Duration,
    /// Largest linear memory the instance had, in bytes.
    pub memory_peak: u64,
}

/// Everything about one call, whether it succeeded or not (what `guanxi
/// plugin run` prints).
#[derive(Debug)]
pub struct CallReport {
    /// The output or the error that ended the call.
    pub result: Result<Value, PluginError>,
    /// What the plugin logged before the end.
    pub logs: Vec<LogLine>,
    /// Fuel consumed.
    pub fuel_used: u64,
    /// The limits the call ran under (after clamping to the host's ceilings).
    pub limits: Limits,
    /// Wall time from instantiation to the end of the call.
    pub wall_time: Duration,
    /// Largest linear memory the instance had, in bytes.
    pub memory_peak: u64,
}

impl CallReport {
    /// The outcome of a successful call, or its error.
    pub fn into_outcome(self) -> Result<CallOutcome, PluginError> {
        let output = self.result?;
        Ok(CallOutcome {
            output,
            logs: self.logs,
            fuel_used: self.fuel_used,
            fuel_limit: self.limits.fuel,
            wall_time: self.wall_time,
            memory_peak: self.memory_peak,
        })
    }
}

/// A validated, compiled module ready to instantiate. Cheap to clone.
#[derive(Clone)]
pub struct LoadedModule(Arc<ModuleInner>);

struct ModuleInner {
    hash: [u8; 32],
    mode: Mode,
    size: usize,
    /// Hooks a pure module exports; `None` for commands, which dispatch on argv.
    hooks: Option<Vec<Hook>>,
    pre: Pre,
}

enum Pre {
    Pure { pre: InstancePre<PureState>, exports: Vec<(Hook, ModuleExport)> },
    Compat { pre: InstancePre<CompatState>, start: ModuleExport },
}

impl LoadedModule {
    /// SHA-256 of the module's bytes, lower-case hex.
    pub fn hash_hex(&self) -> String {
        hex::encode(self.0.hash)
    }

    /// SHA-256 of the module's bytes.
    pub fn hash(&self) -> [u8; 32] {
        self.0.hash
    }

    /// The mode the module runs in.
    pub fn mode(&self) -> Mode {
        self.0.mode
    }

    /// Size of the module in bytes.
    pub fn size(&self) -> usize {
        self.0.size
    }

    /// Whether the module can be called for `hook` (a command always can: it
    /// receives the hook name and decides).
    pub fn implements(&self, hook: Hook) -> bool {
        self.0.hooks.as_ref().is_none_or(|h| h.contains(&hook))
    }

    /// The hooks a pure module exports; `None` for a command.
    pub fn hooks(&self) -> Option<&[Hook]> {
        self.0.hooks.as_deref()
    }
}

impl std::fmt::Debug for LoadedModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedModule").field("hash", &self.hash_hex()).field("mode", &self.0.mode).finish()
    }
}

/// The plugin host: one wasmtime engine with a pooling allocator, an epoch
/// ticker thread, a cache of compiled modules and per-tenant admission.
/// Cheap to clone; the ticker stops when the last clone is dropped.
///
/// Calls are synchronous and may block for up to their deadline: from async
/// code, run them on a blocking thread (`tokio::task::spawn_blocking`).
#[derive(Clone)]
pub struct PluginHost(Arc<HostInner>);

struct HostInner {
    engine: Engine,
    config: HostConfig,
    pure: Linker<PureState>,
    compat: Linker<CompatState>,
    schemas: Schemas,
    cache: Mutex<Cache>,
    in_flight: Mutex<HashMap<TenantId, u32>>,
    /// Dropping the sender stops the ticker.
    _ticker: Mutex<mpsc::Sender<()>>,
}

#[derive(Default)]
struct Cache {
    modules: HashMap<([u8; 32], Mode), LoadedModule>,
    order: VecDeque<([u8; 32], Mode)>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing holding these locks can leave the data half-updated, so a
    // poisoned lock is still usable.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn internal(e: impl std::fmt::Display) -> PluginError {
    PluginError::Internal(e.to_string())
}

impl PluginHost {
    /// Builds the engine, the linkers and the schema validators and starts the
    /// epoch ticker.
    pub fn new(config: HostConfig) -> Result<PluginHost, PluginError> {
        let mut pool = PoolingAllocationConfig::default();
        let slots = config.pool_slots.max(1);
        pool.total_core_instances(slots)
            .total_memories(slots)
            .total_tables(slots)
            .max_memories_per_module(1)
            .max_tables_per_module(1)
            .max_memory_size(usize::try_from(config.max_memory_bytes).map_err(internal)?)
            .table_elements(config.max_table_elements as usize)
            .total_component_instances(0)
            .max_unused_warm_slots(slots.min(16));

        let mut wasm = Config::new();
        wasm.consume_fuel(true)
            .epoch_interruption(true)
            .max_wasm_stack(config.max_wasm_stack)
            .wasm_memory64(false)
            .wasm_multi_memory(false)
            .wasm_component_model(false)
            // Determinism: the same input gives the same output on every machine.
            .cranelift_nan_canonicalization(true)
            .relaxed_simd_deterministic(true)
            .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let engine = Engine::new(&wasm).map_err(internal)?;

        let pure = pure_linker(&engine).map_err(internal)?;
        let compat = compat_linker(&engine).map_err(internal)?;
        let schemas = Schemas::compile().map_err(PluginError::Internal)?;

        let (stop, stopped) = mpsc::channel::<()>();
        let ticking = engine.clone();
        let tick = config.epoch_tick.max(Duration::from_micros(100));
        thread::Builder::new()
            .name("guanxi-plugin-epoch".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(tick) {
                    ticking.increment_epoch();
                }
            })
            .map_err(internal)?;

        Ok(PluginHost(Arc::new(HostInner {
            engine,
            config,
            pure,
            compat,
            schemas,
            cache: Mutex::new(Cache::default()),
            in_flight: Mutex::new(HashMap::new()),
            _ticker: Mutex::new(stop),
        })))
    }

    /// The host's configuration.
    pub fn config(&self) -> &HostConfig {
        &self.0.config
    }

    /// The default limits of a hook kind.
    pub fn limits(&self, hook: Hook) -> Limits {
        self.0.config.limits.get(hook)
    }

    /// The limits of a hook kind with a plan's overrides, held to the host's
    /// ceilings (memory, tables and module size cannot exceed what the
    /// instance pool and the loader allow, whatever a plan says).
    pub fn limits_for(&self, hook: Hook, plan: Option<&guanxi_core::plugin_limits::PluginLimits>) -> Limits {
        self.within_ceilings(plan.map_or_else(|| self.limits(hook), |o| self.limits(hook).overridden(o)))
    }

    /// `limits` held to the host's ceilings: the instance pool's memory and
    /// table sizes, and the largest module the loader accepts.
    fn within_ceilings(&self, limits: Limits) -> Limits {
        let config = &self.0.config;
        Limits {
            memory_bytes: limits.memory_bytes.min(config.max_memory_bytes),
            table_elements: limits.table_elements.min(config.max_table_elements),
            module_bytes: limits.module_bytes.min(config.max_module_bytes),
            ..limits
        }
    }

    /// Validates, compiles and caches a module. Loading the same bytes again
    /// returns the cached module.
    pub fn load(&self, bytes: &[u8], mode: Mode) -> Result<LoadedModule, PluginError> {
        let config = &self.0.config;
        if bytes.len() > config.max_module_bytes {
            return Err(PluginError::ModuleTooLarge { size: bytes.len(), limit: config.max_module_bytes });
        }
        let hash: [u8; 32] = Sha256::digest(bytes).into();
        if let Some(m) = lock(&self.0.cache).modules.get(&(hash, mode)) {
            return Ok(m.clone());
        }

        let shape = inspect::shape(bytes, config)?;
        inspect::check_abi_section(&shape, mode)?;
        let module = self.compile(bytes)?;
        let (hooks, pre) = match mode {
            Mode::Pure => {
                inspect::check_pure_imports(&module)?;
                let hooks = inspect::pure_exports(&module)?;
                let exports =
                    hooks.iter().filter_map(|&h| module.get_export_index(h.export_name()).map(|e| (h, e))).collect();
                let pre = self.0.pure.instantiate_pre(&module).map_err(|e| PluginError::BadAbi(chain(&e)))?;
                (Some(hooks), Pre::Pure { pre, exports })
            }
            Mode::Compat => {
                inspect::check_compat_namespaces(&module)?;
                inspect::compat_exports(&module)?;
                self.check_wasi_imports(&module)?;
                let start = module
                    .get_export_index("_start")
                    .ok_or_else(|| PluginError::BadAbi("no `_start` export".into()))?;
                let pre = self.0.compat.instantiate_pre(&module).map_err(|e| PluginError::BadAbi(chain(&e)))?;
                (None, Pre::Compat { pre, start })
            }
        };
        let loaded = LoadedModule(Arc::new(ModuleInner { hash, mode, size: bytes.len(), hooks, pre }));

        let mut cache = lock(&self.0.cache);
        if let Some(m) = cache.modules.get(&(hash, mode)) {
            return Ok(m.clone());
        }
        while cache.modules.len() >= config.cache_capacity.max(1) {
            match cache.order.pop_front() {
                Some(old) => {
                    cache.modules.remove(&old);
                }
                None => break,
            }
        }
        cache.modules.insert((hash, mode), loaded.clone());
        cache.order.push_back((hash, mode));
        Ok(loaded)
    }

    /// Compiles on a helper thread so that a slow compilation ends the upload
    /// with `compile_timeout` instead of holding the caller. (The compiler
    /// cannot be interrupted; the pre-compilation limits bound how long the
    /// abandoned compilation goes on.)
    fn compile(&self, bytes: &[u8]) -> Result<Module, PluginError> {
        let (done, result) = mpsc::channel();
        let engine = self.0.engine.clone();
        let owned = bytes.to_vec();
        thread::Builder::new()
            .name("guanxi-plugin-compile".into())
            .spawn(move || {
                let _ = done.send(Module::new(&engine, &owned));
            })
            .map_err(internal)?;
        match result.recv_timeout(self.0.config.compile_timeout) {
            Ok(Ok(module)) => Ok(module),
            Ok(Err(e)) => Err(PluginError::CompileFailed(chain(&e))),
            Err(RecvTimeoutError::Timeout) => Err(PluginError::CompileTimeout(self.0.config.compile_timeout)),
            Err(RecvTimeoutError::Disconnected) => Err(PluginError::Internal("the compiler thread died".into())),
        }
    }

    fn check_wasi_imports(&self, module: &Module) -> Result<(), PluginError> {
        let mut store = Store::new(
            &self.0.engine,
            CompatState::new(WasiCtxBuilder::new().build_p1(), &Limits::for_hook(Hook::Grade)),
        );
        for import in module.imports() {
            if self.0.compat.get_by_import(&mut store, &import).is_none() {
                return Err(PluginError::ForbiddenImport {
                    module: import.module().to_owned(),
                    name: import.name().to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Checks an input against the hook's input schema (for tools and tests;
    /// the platform builds inputs that are valid by construction).
    pub fn check_input(&self, hook: Hook, input: &Value) -> Result<(), String> {
        self.0.schemas.check_input(hook, input)
    }

    /// Calls `hook` of `module` for `tenant` with `input` (JSON text) under
    /// `limits`, in a fresh instance.
    pub fn call(
        &self,
        tenant: TenantId,
        module: &LoadedModule,
        hook: Hook,
        input: &[u8],
        limits: &Limits,
    ) -> Result<CallOutcome, PluginError> {
        self.run(tenant, module, hook, input, limits).into_outcome()
    }

    /// Like [`PluginHost::call`], but reports logs and usage whether the call
    /// succeeded or not.
    pub fn run(
        &self,
        tenant: TenantId,
        module: &LoadedModule,
        hook: Hook,
        input: &[u8],
        limits: &Limits,
    ) -> CallReport {
        let limits = self.within_ceilings(*limits);
        let refused = |e: PluginError| CallReport {
            result: Err(e),
            logs: Vec::new(),
            fuel_used: 0,
            limits,
            wall_time: Duration::ZERO,
            memory_peak: 0,
        };
        if module.size() > limits.module_bytes {
            return refused(PluginError::ModuleTooLarge { size: module.size(), limit: limits.module_bytes });
        }
        if !module.implements(hook) {
            return refused(PluginError::HookMissing(hook));
        }
        if input.len() > limits.input_bytes {
            return refused(PluginError::InputTooLarge { size: input.len(), limit: limits.input_bytes });
        }
        let Some(_admitted) = self.admit(tenant) else {
            return refused(PluginError::Busy);
        };
        let mut report = match &module.0.pre {
            Pre::Pure { pre, exports } => self.run_pure(pre, exports, hook, input, limits),
            Pre::Compat { pre, start } => self.run_compat(pre, start, hook, input, limits),
        };
        if let Ok(output) = &report.result
            && let Err(why) = self.0.schemas.check_output(hook, output)
        {
            report.result = Err(PluginError::InvalidOutput(format!("does not match the {hook} output schema: {why}")));
        }
        report
    }

    fn admit(&self, tenant: TenantId) -> Option<Admission<'_>> {
        let mut in_flight = lock(&self.0.in_flight);
        let n = in_flight.entry(tenant).or_insert(0);
        if *n >= self.0.config.max_in_flight_per_tenant {
            return None;
        }
        *n += 1;
        Some(Admission { host: &self.0, tenant })
    }

    fn epoch_ticks(&self, deadline: Duration) -> u64 {
        let tick = self.0.config.epoch_tick.max(Duration::from_micros(100)).as_nanos();
        // The epoch may advance right after the deadline is set, so one extra
        // tick guarantees the call at least its full deadline.
        u64::try_from(deadline.as_nanos().div_ceil(tick)).unwrap_or(u64::MAX).saturating_add(1)
    }

    fn run_pure(
        &self,
        pre: &InstancePre<PureState>,
        exports: &[(Hook, ModuleExport)],
        hook: Hook,
        input: &[u8],
        limits: Limits,
    ) -> CallReport {
        let mut store = Store::new(&self.0.engine, PureState::new(input, &limits));
        store.limiter(|s| &mut s.limiter);
        let started = Instant::now();
        let result = self.start(&mut store, &limits).and_then(|()| {
            let instance = pre.instantiate(&mut store)?;
            let export = exports
                .iter()
                .find(|(h, _)| *h == hook)
                .map(|(_, e)| e)
                .ok_or_else(|| wasmtime::Error::new(HostTrap::HookMissing(hook)))?;
            let func = instance
                .get_module_export(&mut store, export)
                .and_then(Extern::into_func)
                .ok_or_else(|| wasmtime::Error::new(HostTrap::HookMissing(hook)))?
                .typed::<(), i32>(&store)?;
            func.call(&mut store, ())
        });
        let wall_time = started.elapsed();
        let fuel_used = limits.fuel.saturating_sub(store.get_fuel().unwrap_or(0));
        let state = store.into_data();
        let result = match result {
            Ok(0) => match state.output {
                Some(bytes) => parse_output(&bytes),
                None => Err(PluginError::InvalidOutput("the hook wrote no output".into())),
            },
            Ok(status) => Err(PluginError::Failed { status }),
            Err(e) => Err(classify(&e, &limits)),
        };
        CallReport { result, logs: state.logs, fuel_used, limits, wall_time, memory_peak: state.limiter.memory_peak }
    }

    fn run_compat(
        &self,
        pre: &InstancePre<CompatState>,
        start: &ModuleExport,
        hook: Hook,
        input: &[u8],
        limits: Limits,
    ) -> CallReport {
        // One byte over the cap tells an overflow from an exact fit.
        let stdout = MemoryOutputPipe::new(limits.output_bytes.saturating_add(1));
        let stderr = MemoryOutputPipe::new(limits.log_bytes.saturating_add(1));
        let wasi = WasiCtxBuilder::new()
            .stdin(MemoryInputPipe::new(input.to_vec()))
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .args(&["plugin", hook.name()])
            .wall_clock(FrozenClock)
            .monotonic_clock(FrozenClock)
            .secure_random(Deterministic::new(vec![0x9e, 0x37, 0x79, 0xb9]))
            .insecure_random(Deterministic::new(vec![0x7f, 0x4a, 0x7c, 0x15]))
            .insecure_random_seed(0)
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build_p1();
        let mut store = Store::new(&self.0.engine, CompatState::new(wasi, &limits));
        store.limiter(|s| &mut s.limiter);
        let started = Instant::now();
        let result = self.start(&mut store, &limits).and_then(|()| {
            let instance = pre.instantiate(&mut store)?;
            let func = instance
                .get_module_export(&mut store, start)
                .and_then(Extern::into_func)
                .ok_or_else(|| wasmtime::Error::new(HostTrap::HookMissing(hook)))?
                .typed::<(), ()>(&store)?;
            func.call(&mut store, ())
        });
        let wall_time = started.elapsed();
        let fuel_used = limits.fuel.saturating_sub(store.get_fuel().unwrap_or(0));
        let memory_peak = store.data().limiter.memory_peak;
        drop(store);

        let out = stdout.contents();
        let err = stderr.contents();
        let logs = String::from_utf8_lossy(&err[..err.len().min(limits.log_bytes)])
            .lines()
            .map(|l| LogLine { level: LogLevel::Info, message: l.to_owned() })
            .collect();
        let exit = match &result {
            Ok(()) => Ok(0),
            Err(e) => match e.downcast_ref::<I32Exit>() {
                Some(I32Exit(code)) => Ok(*code),
                None => Err(()),
            },
        };
        let result = if out.len() > limits.output_bytes {
            Err(PluginError::OutputTooLarge { limit: limits.output_bytes })
        } else if err.len() > limits.log_bytes {
            Err(PluginError::LogTooLarge { limit: limits.log_bytes })
        } else {
            match (exit, result) {
                (Ok(0), _) if out.is_empty() => Err(PluginError::InvalidOutput("nothing was written to stdout".into())),
                (Ok(0), _) => parse_output(&out),
                (Ok(status), _) => Err(PluginError::Failed { status }),
                (Err(()), Err(e)) => Err(classify(&e, &limits)),
                (Err(()), Ok(())) => Err(PluginError::Internal("unreachable exit state".into())),
            }
        };
        CallReport { result, logs, fuel_used, limits, wall_time, memory_peak }
    }

    /// Arms fuel and the deadline before instantiation, so that a start
    /// function runs under the same limits as the hook.
    fn start<T>(&self, store: &mut Store<T>, limits: &Limits) -> wasmtime::Result<()> {
        store.set_fuel(limits.fuel)?;
        store.set_epoch_deadline(self.epoch_ticks(limits.deadline));
        Ok(())
    }
}

/// A slot of the tenant's in-flight budget, given back on drop.
struct Admission<'a> {
    host: &'a HostInner,
    tenant: TenantId,
}

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        let mut in_flight = lock(&self.host.in_flight);
        if let Some(n) = in_flight.get_mut(&self.tenant) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                in_flight.remove(&self.tenant);
            }
        }
    }
}

fn parse_output(bytes: &[u8]) -> Result<Value, PluginError> {
    serde_json::from_slice(bytes).map_err(|e| PluginError::InvalidOutput(format!("not JSON: {e}")))
}

/// The error chain as one line.
fn chain(e: &wasmtime::Error) -> String {
    e.chain().map(ToString::to_string).collect::<Vec<_>>().join(": ")
}

/// Maps whatever ended a call to the plugin's typed error.
fn classify(e: &wasmtime::Error, limits: &Limits) -> PluginError {
    if let Some(t) = e.downcast_ref::<HostTrap>() {
        return match t {
            HostTrap::MemoryLimit => PluginError::MemoryLimit { limit: limits.memory_bytes },
            HostTrap::TableLimit => PluginError::TableLimit { limit: limits.table_elements },
            HostTrap::OutputTooLarge => PluginError::OutputTooLarge { limit: limits.output_bytes },
            HostTrap::LogTooLarge => PluginError::LogTooLarge { limit: limits.log_bytes },
            HostTrap::Abi(m) => PluginError::Trap(TrapKind::AbiViolation(m.clone())),
            HostTrap::HookMissing(h) => PluginError::HookMissing(*h),
        };
    }
    if let Some(trap) = e.downcast_ref::<Trap>() {
        return match trap {
            Trap::OutOfFuel => PluginError::FuelExhausted { limit: limits.fuel },
            Trap::Interrupt => PluginError::Deadline { limit: limits.deadline },
            Trap::StackOverflow => PluginError::Trap(TrapKind::StackOverflow),
            Trap::UnreachableCodeReached => PluginError::Trap(TrapKind::Unreachable),
            Trap::IntegerDivisionByZero => PluginError::Trap(TrapKind::DivisionByZero),
            Trap::IntegerOverflow => PluginError::Trap(TrapKind::IntegerOverflow),
            Trap::BadConversionToInteger => PluginError::Trap(TrapKind::BadConversion),
            Trap::MemoryOutOfBounds => PluginError::Trap(TrapKind::MemoryOutOfBounds),
            Trap::TableOutOfBounds => PluginError::Trap(TrapKind::TableOutOfBounds),
            Trap::IndirectCallToNull => PluginError::Trap(TrapKind::IndirectCallToNull),
            Trap::BadSignature => PluginError::Trap(TrapKind::BadSignature),
            other => PluginError::Trap(TrapKind::Other(other.to_string())),
        };
    }
    if e.downcast_ref::<PoolConcurrencyLimitError>().is_some() {
        return PluginError::Busy;
    }
    let message = chain(e);
    tracing::debug!(error = %message, "plugin call ended by an unclassified error");
    PluginError::Trap(TrapKind::Other(message))
}

/// Why the host ended a call from inside (a host function or the limiter).
#[derive(Debug, thiserror::Error)]
enum HostTrap {
    #[error("memory limit exceeded")]
    MemoryLimit,
    #[error("table limit exceeded")]
    TableLimit,
    #[error("output too large")]
    OutputTooLarge,
    #[error("log too large")]
    LogTooLarge,
    #[error("ABI violation: {0}")]
    Abi(String),
    #[error("hook {0} missing")]
    HookMissing(Hook),
}

fn abi(message: &str) -> wasmtime::Error {
    wasmtime::Error::new(HostTrap::Abi(message.to_owned()))
}

/// Memory and table caps of one call; records the memory peak.
struct CallLimiter {
    memory_limit: u64,
    table_limit: u32,
    memory_peak: u64,
}

impl ResourceLimiter for CallLimiter {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let desired = desired as u64;
        if desired > self.memory_limit {
            // A trap rather than a failed grow: a plugin that ignores the
            // failure would otherwise spin until its fuel runs out.
            return Err(wasmtime::Error::new(HostTrap::MemoryLimit));
        }
        self.memory_peak = self.memory_peak.max(desired);
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.table_limit as usize {
            return Err(wasmtime::Error::new(HostTrap::TableLimit));
        }
        Ok(true)
    }

    fn instances(&self) -> usize {
        1
    }

    fn tables(&self) -> usize {
        1
    }

    fn memories(&self) -> usize {
        1
    }
}

impl CallLimiter {
    fn new(limits: &Limits) -> Self {
        Self { memory_limit: limits.memory_bytes, table_limit: limits.table_elements, memory_peak: 0 }
    }
}

/// Per-call state of a pure ABI instance.
pub(crate) struct PureState {
    limiter: CallLimiter,
    input: Vec<u8>,
    input_read: bool,
    output: Option<Vec<u8>>,
    output_limit: usize,
    logs: Vec<LogLine>,
    log_bytes: usize,
    log_limit: usize,
}

impl PureState {
    fn new(input: &[u8], limits: &Limits) -> Self {
        Self {
            limiter: CallLimiter::new(limits),
            input: input.to_vec(),
            input_read: false,
            output: None,
            output_limit: limits.output_bytes,
            logs: Vec::new(),
            log_bytes: 0,
            log_limit: limits.log_bytes,
        }
    }
}

/// Per-call state of a compatibility-mode instance.
pub(crate) struct CompatState {
    limiter: CallLimiter,
    wasi: WasiP1Ctx,
}

impl CompatState {
    fn new(wasi: WasiP1Ctx, limits: &Limits) -> Self {
        Self { limiter: CallLimiter::new(limits), wasi }
    }
}

fn memory<T>(caller: &mut Caller<'_, T>) -> wasmtime::Result<Memory> {
    caller.get_export("memory").and_then(Extern::into_memory).ok_or_else(|| abi("no `memory` export"))
}

/// A guest range `[ptr, ptr + len)` as a host range, if it is inside `size`.
fn guest_range(ptr: i32, len: usize, size: usize) -> Option<std::ops::Range<usize>> {
    let start = ptr as u32 as usize;
    let end = start.checked_add(len)?;
    (end <= size).then_some(start..end)
}

fn pure_linker(engine: &Engine) -> wasmtime::Result<Linker<PureState>> {
    let mut linker = Linker::new(engine);
    linker.func_wrap(IMPORT_NAMESPACE, "input_len", |caller: Caller<'_, PureState>| -> i32 {
        // Inputs are capped far below 2 GiB by Limits::input_bytes.
        i32::try_from(caller.data().input.len()).unwrap_or(i32::MAX)
    })?;
    linker.func_wrap(
        IMPORT_NAMESPACE,
        "input_read",
        |mut caller: Caller<'_, PureState>, ptr: i32| -> wasmtime::Result<()> {
            if caller.data().input_read {
                return Err(abi("input_read called twice"));
            }
            let mem = memory(&mut caller)?;
            let (data, state) = mem.data_and_store_mut(&mut caller);
            let range = guest_range(ptr, state.input.len(), data.len())
                .ok_or_else(|| abi("input_read: the buffer is outside linear memory"))?;
            data[range].copy_from_slice(&state.input);
            state.input_read = true;
            Ok(())
        },
    )?;
    linker.func_wrap(
        IMPORT_NAMESPACE,
        "output_write",
        |mut caller: Caller<'_, PureState>, ptr: i32, len: i32| -> wasmtime::Result<()> {
            if caller.data().output.is_some() {
                return Err(abi("output_write called twice"));
            }
            let len = usize::try_from(len).map_err(|_| abi("output_write: negative length"))?;
            if len > caller.data().output_limit {
                return Err(wasmtime::Error::new(HostTrap::OutputTooLarge));
            }
            let mem = memory(&mut caller)?;
            let (data, state) = mem.data_and_store_mut(&mut caller);
            let range = guest_range(ptr, len, data.len())
                .ok_or_else(|| abi("output_write: the range is outside linear memory"))?;
            state.output = Some(data[range].to_vec());
            Ok(())
        },
    )?;
    linker.func_wrap(
        IMPORT_NAMESPACE,
        "log",
        |mut caller: Caller<'_, PureState>, level: i32, ptr: i32, len: i32| -> wasmtime::Result<()> {
            let len = usize::try_from(len).map_err(|_| abi("log: negative length"))?;
            let total = caller.data().log_bytes.saturating_add(len);
            if total > caller.data().log_limit {
                return Err(wasmtime::Error::new(HostTrap::LogTooLarge));
            }
            let mem = memory(&mut caller)?;
            let (data, state) = mem.data_and_store_mut(&mut caller);
            let range =
                guest_range(ptr, len, data.len()).ok_or_else(|| abi("log: the range is outside linear memory"))?;
            let message = String::from_utf8_lossy(&data[range]).into_owned();
            state.logs.push(LogLine { level: LogLevel::from_abi(level), message });
            state.log_bytes = total;
            Ok(())
        },
    )?;
    Ok(linker)
}

fn compat_linker(engine: &Engine) -> wasmtime::Result<Linker<CompatState>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s: &mut CompatState| &mut s.wasi)?;
    // poll_oneoff is how WASI programs sleep; a sleeping host thread cannot be
    // interrupted by the epoch, so plugins do not get to sleep.
    linker.allow_shadowing(true);
    linker.func_wrap(
        WASI_NAMESPACE,
        "poll_oneoff",
        |_: Caller<'_, CompatState>, _in: i32, _out: i32, _n: i32, _nevents: i32| -> i32 {
            52 // ENOSYS
        },
    )?;
    linker.allow_shadowing(false);
    Ok(linker)
}

/// The clock of compatibility mode: always the Unix epoch, so that a call
/// never depends on when it runs (inputs carry `now`).
struct FrozenClock;

impl HostWallClock for FrozenClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::ZERO
    }
}

impl HostMonotonicClock for FrozenClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}
