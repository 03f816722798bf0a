//! The Guanxi plugin host: runs tenant-supplied WebAssembly plugins under
//! hard limits.
//!
//! The contract plugins are written against is ABI v1 in
//! `schema/plugin-abi/v1` (README and JSON Schemas, embedded here). In short:
//! a plain core module imports `input_len`, `input_read`, `output_write` and
//! `log` from the `guanxi` namespace, exports `memory` and one `() -> i32`
//! function per hook it implements, and names its ABI version in a
//! `guanxi_abi` custom section. WASI preview 1 commands run in a
//! deterministic compatibility mode.
//!
//! ```no_run
//! use guanxi_plugin_host::{Hook, HostConfig, Mode, PluginHost};
//! # fn main() -> Result<(), guanxi_plugin_host::PluginError> {
//! let host = PluginHost::new(HostConfig::default())?;
//! let bytes = std::fs::read("rfm_grader.wasm").unwrap_or_default();
//! let module = host.load(&bytes, Mode::Pure)?; // validated, compiled, cached by hash
//! let limits = host.limits(Hook::Grade);
//! let outcome = host.call(guanxi_core::TenantId::new(), &module, Hook::Grade, br#"{}"#, &limits)?;
//! println!("{} ({} fuel)", outcome.output, outcome.fuel_used);
//! # Ok(()) }
//! ```
//!
//! Every call gets a fresh instance from a pooling allocator; nothing
//! survives between calls. A call that misbehaves ends with a typed
//! [`PluginError`] within its own budget and harms nobody else.

mod error;
mod hook;
mod host;
mod inspect;
mod limits;

pub use error::{PluginError, TrapKind};
pub use hook::{Hook, UnknownHook};
pub use host::{CallOutcome, CallReport, HostConfig, LoadedModule, LogLevel, LogLine, Mode, PluginHost};
pub use inspect::{ABI_SECTION, ABI_VERSION, IMPORT_NAMESPACE, WASI_NAMESPACE, detect_mode};
pub use limits::{HookLimits, Limits};
