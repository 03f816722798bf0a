//! Write Guanxi CRM plugins in Rust.
//!
//! A plugin is a WebAssembly module implementing one or more hooks of the
//! Guanxi plugin ABI v1 (`schema/plugin-abi/v1`). With this crate a hook is a
//! plain function from the hook's input to its output:
//!
//! ```ignore
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Deserialize)]
//! struct Input { value: serde_json::Value }
//!
//! #[derive(Serialize)]
//! struct Output { valid: bool }
//!
//! fn validate(input: Input) -> Result<Output, String> {
//!     Ok(Output { valid: input.value.is_string() })
//! }
//!
//! guanxi_plugin_sdk::export_hooks! {
//!     field_validate => validate,
//! }
//! ```
//!
//! Build it as a `cdylib` for `wasm32-unknown-unknown` to get a pure ABI
//! module (the recommended form). The same code also builds for
//! `wasm32-wasi` as a WASI command for the host's compatibility mode: add a
//! `src/main.rs` with `fn main() { std::process::exit(my_plugin::command_main()) }`.
//!
//! Inputs and outputs are JSON; use your own `serde` types or
//! `serde_json::Value`. The crate works with Rust 1.63 and later.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub mod date;

/// The plugin ABI version this crate implements.
pub const ABI_VERSION: u32 = 1;

/// Severity of a log line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Something failed.
    Error = 1,
    /// Something looks wrong.
    Warn = 2,
    /// Progress worth knowing.
    Info = 3,
    /// Detail for the plugin's author.
    Debug = 4,
}

/// Why reading the input or writing the output failed.
#[derive(Debug)]
pub enum Error {
    /// The input could not be read or was read twice.
    Input(String),
    /// The input is not the JSON the hook function expects.
    Decode(serde_json::Error),
    /// The output could not be serialized.
    Encode(serde_json::Error),
    /// The output was already written.
    Output(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(m) => write!(f, "cannot read the input: {}", m),
            Error::Decode(e) => write!(f, "the input does not match the expected shape: {}", e),
            Error::Encode(e) => write!(f, "cannot serialize the output: {}", e),
            Error::Output(m) => write!(f, "cannot write the output: {}", m),
        }
    }
}

impl std::error::Error for Error {}

/// Reads the hook's input (JSON) into `T`. The ABI hands the input over
/// once: call this once per hook call.
pub fn read_input<T: DeserializeOwned>() -> Result<T, Error> {
    let bytes = sys::read_input()?;
    serde_json::from_slice(&bytes).map_err(Error::Decode)
}

/// Writes the hook's output as JSON. The ABI accepts the output once.
pub fn write_output<T: Serialize>(value: &T) -> Result<(), Error> {
    let bytes = serde_json::to_vec(value).map_err(Error::Encode)?;
    sys::write_output(&bytes)
}

/// Logs a message. The host keeps a bounded amount of log per call (a call
/// that logs more fails with `log_too_large`), so log sparingly.
pub fn log(level: Level, message: &str) {
    sys::log(level, message)
}

/// Runs a hook function: reads and decodes the input, calls `f`, writes its
/// output. Returns the hook's status: 0 on success, 1 when `f` failed (its
/// error is logged), 2 when the input or output could not be handled.
/// [`export_hooks!`] calls this; you rarely need it directly.
pub fn run_hook<I, O, E, F>(f: F) -> i32
where
    I: DeserializeOwned,
    O: Serialize,
    E: fmt::Display,
    F: FnOnce(I) -> Result<O, E>,
{
    // With panic=abort a panic ends in a bare trap; log its message first so
    // that the author sees it in `guanxi plugin run`.
    std::panic::set_hook(Box::new(|info| sys::log(Level::Error, &info.to_string())));
    let input = match read_input::<I>() {
        Ok(input) => input,
        Err(e) => {
            log(Level::Error, &e.to_string());
            return 2;
        }
    };
    match f(input) {
        Ok(output) => match write_output(&output) {
            Ok(()) => 0,
            Err(e) => {
                log(Level::Error, &e.to_string());
                2
            }
        },
        Err(e) => {
            log(Level::Error, &e.to_string());
            1
        }
    }
}

/// Compatibility mode: runs the hook named by the first command-line
/// argument (`grade`, `field.validate` …) among `hooks` and returns the exit
/// status. [`export_hooks!`] generates a `command_main` that calls this.
pub fn dispatch_command(hooks: &[(&str, fn() -> i32)]) -> i32 {
    let wanted = std::env::args().nth(1).unwrap_or_default();
    for &(name, hook) in hooks {
        if name == wanted {
            return hook();
        }
    }
    log(Level::Error, &format!("this plugin does not implement hook `{}`", wanted));
    64
}

/// Exports hook functions under the ABI's names and marks the module as ABI v1.
///
/// Each entry is `hook => function`, where `hook` is one of `field_validate`,
/// `field_compute`, `grade` and `workflow_action`, and the function takes
/// the hook's input (any `Deserialize` type) and returns
/// `Result<Output, E>` with `Output: Serialize` and `E: Display`.
///
/// Invoke it once per crate, at the crate root. It also defines
/// `pub fn command_main() -> i32`, the entry point of a WASI command build.
#[macro_export]
macro_rules! export_hooks {
    ($($hook:ident => $handler:path),+ $(,)?) => {
        // The ABI version, as a custom section (pure ABI modules only).
        #[cfg(not(target_os = "wasi"))]
        #[link_section = "guanxi_abi"]
        #[used]
        static __GUANXI_ABI_VERSION: [u8; 1] = *b"1";

        $( $crate::export_hooks!(@export $hook, $handler); )+

        /// Entry point of the WASI command build (compatibility mode):
        /// runs the hook named by the first argument, returns the exit status.
        pub fn command_main() -> i32 {
            $crate::dispatch_command(&[
                $( ($crate::export_hooks!(@name $hook), $crate::export_hooks!(@fn $hook)), )+
            ])
        }
    };
    (@export field_validate, $handler:path) => {
        /// ABI export of the `field.validate` hook.
        #[no_mangle]
        pub extern "C" fn hook_field_validate() -> i32 { $crate::run_hook($handler) }
    };
    (@export field_compute, $handler:path) => {
        /// ABI export of the `field.compute` hook.
        #[no_mangle]
        pub extern "C" fn hook_field_compute() -> i32 { $crate::run_hook($handler) }
    };
    (@export grade, $handler:path) => {
        /// ABI export of the `grade` hook.
        #[no_mangle]
        pub extern "C" fn hook_grade() -> i32 { $crate::run_hook($handler) }
    };
    (@export workflow_action, $handler:path) => {
        /// ABI export of the `workflow.action` hook.
        #[no_mangle]
        pub extern "C" fn hook_workflow_action() -> i32 { $crate::run_hook($handler) }
    };
    (@name field_validate) => { "field.validate" };
    (@name field_compute) => { "field.compute" };
    (@name grade) => { "grade" };
    (@name workflow_action) => { "workflow.action" };
    (@fn field_validate) => { (|| hook_field_validate()) as fn() -> i32 };
    (@fn field_compute) => { (|| hook_field_compute()) as fn() -> i32 };
    (@fn grade) => { (|| hook_grade()) as fn() -> i32 };
    (@fn workflow_action) => { (|| hook_workflow_action()) as fn() -> i32 };
}

/// The pure ABI: host functions imported from the `guanxi` namespace.
#[cfg(all(target_arch = "wasm32", not(target_os = "wasi")))]
mod sys {
    use super::{Error, Level};
    use std::cell::Cell;

    #[link(wasm_import_module = "guanxi")]
    extern "C" {
        #[link_name = "input_len"]
        fn host_input_len() -> i32;
        #[link_name = "input_read"]
        fn host_input_read(ptr: *mut u8);
        #[link_name = "output_write"]
        fn host_output_write(ptr: *const u8, len: i32);
        #[link_name = "log"]
        fn host_log(level: i32, ptr: *const u8, len: i32);
    }

    thread_local! {
        static INPUT_TAKEN: Cell<bool> = Cell::new(false);
        static OUTPUT_WRITTEN: Cell<bool> = Cell::new(false);
    }

    pub fn read_input() -> Result<Vec<u8>, Error> {
        if INPUT_TAKEN.with(|t| t.replace(true)) {
            return Err(Error::Input("the input was already read".into()));
        }
        // SAFETY: the host copies exactly `input_len()` bytes to `ptr`, which
        // points at a buffer of that capacity.
        unsafe {
            let len = host_input_len().max(0) as usize;
            let mut buf = Vec::<u8>::with_capacity(len);
            host_input_read(buf.as_mut_ptr());
            buf.set_len(len);
            Ok(buf)
        }
    }

    pub fn write_output(bytes: &[u8]) -> Result<(), Error> {
        if OUTPUT_WRITTEN.with(|w| w.replace(true)) {
            return Err(Error::Output("the output was already written".into()));
        }
        // SAFETY: the host only reads `len` bytes at `ptr`.
        unsafe { host_output_write(bytes.as_ptr(), bytes.len() as i32) };
        Ok(())
    }

    pub fn log(level: Level, message: &str) {
        // SAFETY: the host only reads `len` bytes at `ptr`.
        unsafe { host_log(level as i32, message.as_ptr(), message.len() as i32) }
    }
}

/// Compatibility mode (and native builds, for testing plugin logic):
/// JSON on stdin and stdout, log lines on stderr.
#[cfg(not(all(target_arch = "wasm32", not(target_os = "wasi"))))]
mod sys {
    use super::{Error, Level};
    use std::io::{Read, Write};

    pub fn read_input() -> Result<Vec<u8>, Error> {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| Error::Input(e.to_string()))?;
        Ok(buf)
    }

    pub fn write_output(bytes: &[u8]) -> Result<(), Error> {
        let mut out = std::io::stdout();
        out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| Error::Output(e.to_string()))
    }

    pub fn log(level: Level, message: &str) {
        let tag = match level {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
        };
        let _ = writeln!(std::io::stderr(), "{}: {}", tag, message);
    }
}
