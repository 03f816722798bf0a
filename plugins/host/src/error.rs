//! Everything that can go wrong loading or calling a plugin, each with a
//! stable code, and how it maps onto the platform's error-code table.

use std::fmt;
use std::time::Duration;

use guanxi_core::{Error, FieldError};

use crate::Hook;

/// How a plugin trapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapKind {
    /// `unreachable` executed (also how Rust guests abort and panic).
    Unreachable,
    /// Integer division (or remainder) by zero.
    DivisionByZero,
    /// Signed integer overflow in division.
    IntegerOverflow,
    /// A float that does not fit converted to an integer.
    BadConversion,
    /// A load or store outside linear memory.
    MemoryOutOfBounds,
    /// A table access outside the table.
    TableOutOfBounds,
    /// `call_indirect` to an empty table slot.
    IndirectCallToNull,
    /// `call_indirect` with the wrong function type.
    BadSignature,
    /// The wasm stack ran out (usually runaway recursion).
    StackOverflow,
    /// The plugin broke the ABI's rules (e.g. read its input twice).
    AbiViolation(String),
    /// Anything else WebAssembly can trap with.
    Other(String),
}

impl TrapKind {
    /// Stable machine name, e.g. `unreachable`.
    pub fn as_str(&self) -> &'static str {
        match self {
            TrapKind::Unreachable => "unreachable",
            TrapKind::DivisionByZero => "division_by_zero",
            TrapKind::IntegerOverflow => "integer_overflow",
            TrapKind::BadConversion => "bad_conversion",
            TrapKind::MemoryOutOfBounds => "memory_out_of_bounds",
            TrapKind::TableOutOfBounds => "table_out_of_bounds",
            TrapKind::IndirectCallToNull => "indirect_call_to_null",
            TrapKind::BadSignature => "bad_signature",
            TrapKind::StackOverflow => "stack_overflow",
            TrapKind::AbiViolation(_) => "abi_violation",
            TrapKind::Other(_) => "other",
        }
    }
}

impl fmt::Display for TrapKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrapKind::AbiViolation(m) => write!(f, "abi_violation: {m}"),
            TrapKind::Other(m) => write!(f, "{m}"),
            k => f.write_str(k.as_str()),
        }
    }
}

/// A plugin could not be loaded or its call failed. A failure is always the
/// plugin's own: other calls, other tenants and the host are unaffected.
#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    // ---- loading ----
    /// The module is larger than allowed.
    #[error("module is {size} bytes, more than the {limit} allowed")]
    ModuleTooLarge {
        /// The module's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The module does not follow ABI v1 (no or wrong `guanxi_abi` section,
    /// missing or mistyped exports, not a core module …).
    #[error("not a Guanxi ABI v1 plugin: {0}")]
    BadAbi(String),
    /// The module imports something the host does not offer in this mode.
    #[error("forbidden import `{module}::{name}`")]
    ForbiddenImport {
        /// Import namespace.
        module: String,
        /// Import name.
        name: String,
    },
    /// The module is too complex to compile safely (too many or too large functions).
    #[error("module too complex: {0}")]
    TooComplex(String),
    /// The module did not compile.
    #[error("module does not compile: {0}")]
    CompileFailed(String),
    /// Compiling took longer than allowed.
    #[error("compiling took longer than {0:?}")]
    CompileTimeout(Duration),

    // ---- calling ----
    /// The module does not export the hook that was called.
    #[error("the plugin does not implement hook `{0}`")]
    HookMissing(Hook),
    /// Another call of the same tenant holds every slot the tenant may use,
    /// or the host has no free instance slot.
    #[error("too many plugin calls in flight; retry shortly")]
    Busy,
    /// The input is larger than the hook allows.
    #[error("input is {size} bytes, more than the {limit} allowed")]
    InputTooLarge {
        /// The input's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The fuel budget ran out.
    #[error("ran out of fuel (limit {limit})")]
    FuelExhausted {
        /// The budget.
        limit: u64,
    },
    /// The wall-clock deadline passed.
    #[error("exceeded its deadline of {limit:?}")]
    Deadline {
        /// The deadline.
        limit: Duration,
    },
    /// The plugin asked for more linear memory than allowed.
    #[error("needed more than {limit} bytes of memory")]
    MemoryLimit {
        /// The cap in bytes.
        limit: u64,
    },
    /// The plugin asked for a larger table than allowed.
    #[error("needed more than {limit} table elements")]
    TableLimit {
        /// The cap.
        limit: u32,
    },
    /// The plugin trapped.
    #[error("trapped: {0}")]
    Trap(TrapKind),
    /// The hook returned a non-zero status (exit code in compatibility mode).
    #[error("returned status {status}")]
    Failed {
        /// The status.
        status: i32,
    },
    /// The output is missing, not JSON, or violates the hook's output schema.
    #[error("invalid output: {0}")]
    InvalidOutput(String),
    /// The output is larger than allowed.
    #[error("output larger than the {limit} bytes allowed")]
    OutputTooLarge {
        /// The limit.
        limit: usize,
    },
    /// The plugin logged more than allowed.
    #[error("logged more than the {limit} bytes allowed")]
    LogTooLarge {
        /// The limit.
        limit: usize,
    },
    /// The host itself failed (never the plugin's fault). Logged, not shown.
    #[error("internal plugin host error")]
    Internal(String),
}

impl PluginError {
    /// The stable machine name of the error, e.g. `fuel_exhausted`.
    pub fn code(&self) -> &'static str {
        match self {
            PluginError::ModuleTooLarge { .. } => "module_too_large",
            PluginError::BadAbi(_) => "bad_abi",
            PluginError::ForbiddenImport { .. } => "forbidden_import",
            PluginError::TooComplex(_) => "too_complex",
            PluginError::CompileFailed(_) => "compile_failed",
            PluginError::CompileTimeout(_) => "compile_timeout",
            PluginError::HookMissing(_) => "hook_missing",
            PluginError::Busy => "busy",
            PluginError::InputTooLarge { .. } => "input_too_large",
            PluginError::FuelExhausted { .. } => "fuel_exhausted",
            PluginError::Deadline { .. } => "deadline",
            PluginError::MemoryLimit { .. } => "memory_limit",
            PluginError::TableLimit { .. } => "table_limit",
            PluginError::Trap(_) => "trap",
            PluginError::Failed { .. } => "failed",
            PluginError::InvalidOutput(_) => "invalid_output",
            PluginError::OutputTooLarge { .. } => "output_too_large",
            PluginError::LogTooLarge { .. } => "log_too_large",
            PluginError::Internal(_) => "internal",
        }
    }

    /// The trap kind, for [`PluginError::Trap`].
    pub fn trap_kind(&self) -> Option<&TrapKind> {
        match self {
            PluginError::Trap(k) => Some(k),
            _ => None,
        }
    }

    /// Whether the error rejects the module itself (at upload) rather than one call.
    pub fn is_load_error(&self) -> bool {
        matches!(
            self,
            PluginError::ModuleTooLarge { .. }
                | PluginError::BadAbi(_)
                | PluginError::ForbiddenImport { .. }
                | PluginError::TooComplex(_)
                | PluginError::CompileFailed(_)
                | PluginError::CompileTimeout(_)
        )
    }
}

/// Loading errors are validation errors on the uploaded `module`; call
/// failures are `PLUGIN_FAILED` with the code as reason; a busy host asks
/// the client to retry; host failures stay internal.
impl From<PluginError> for Error {
    fn from(e: PluginError) -> Self {
        let code = e.code();
        match e {
            PluginError::Busy => Error::RateLimited { retry_after_secs: 1 },
            PluginError::Internal(detail) => Error::internal(std::io::Error::other(detail)),
            PluginError::InputTooLarge { .. } => Error::Validation(vec![FieldError::new("input", code, e.to_string())]),
            e if e.is_load_error() => Error::Validation(vec![FieldError::new("module", code, e.to_string())]),
            e => Error::PluginFailed { reason: code, message: e.to_string() },
        }
    }
}
