//! Shared test support: the example plugins (built once per source hash by
//! plugins/build-examples.sh), a shared host, and WAT helpers.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use guanxi_core::TenantId;
use guanxi_plugin_host::{Hook, HostConfig, Limits, LoadedModule, Mode, PluginError, PluginHost};
use serde_json::Value;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Where the examples are built: beside the test binary's target dir, so a
/// second run (or another test binary) finds them built.
pub fn examples_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        // target/<profile>/deps/<test binary>
        let target = exe.ancestors().nth(3).unwrap().to_path_buf();
        let out = target.join("plugin-examples");
        let status = Command::new(repo().join("plugins/build-examples.sh")).arg(&out).status().unwrap();
        assert!(status.success(), "plugins/build-examples.sh failed");
        out
    })
}

/// The bytes of a built example, e.g. `rfm_grader.wasm`.
pub fn example(file: &str) -> Vec<u8> {
    std::fs::read(examples_dir().join(file)).unwrap()
}

/// The sample input of an example, e.g. `rfm-grader`.
pub fn sample(example: &str) -> Value {
    let text =
        std::fs::read_to_string(repo().join("plugins/examples").join(example).join("sample-input.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A host shared by the tests that need no special configuration.
pub fn host() -> &'static PluginHost {
    static HOST: OnceLock<PluginHost> = OnceLock::new();
    HOST.get_or_init(|| PluginHost::new(test_config()).unwrap())
}

/// The default configuration, with generous deadlines: tests run unoptimised
/// on a shared machine, and only the tests about deadlines want them tight.
pub fn test_config() -> HostConfig {
    let mut config = HostConfig { pool_slots: 16, ..HostConfig::default() };
    for hook in Hook::ALL {
        let limits = config.limits.get(hook).with_deadline(Duration::from_secs(10));
        config.limits.set(hook, limits);
    }
    config
}

/// Calls with the host's default limits for the hook.
pub fn call(host: &PluginHost, module: &LoadedModule, hook: Hook, input: &Value) -> Result<Value, PluginError> {
    let limits = host.limits(hook);
    call_with(host, module, hook, input, &limits)
}

pub fn call_with(
    host: &PluginHost,
    module: &LoadedModule,
    hook: Hook,
    input: &Value,
    limits: &Limits,
) -> Result<Value, PluginError> {
    let bytes = serde_json::to_vec(input).unwrap();
    host.call(TenantId::new(), module, hook, &bytes, limits).map(|o| o.output)
}

/// Appends the `guanxi_abi` custom section saying `1`.
pub fn with_abi_section(mut wasm: Vec<u8>) -> Vec<u8> {
    let name = b"guanxi_abi";
    wasm.push(0); // custom section id
    wasm.push((1 + name.len() + 1) as u8); // section size
    wasm.push(name.len() as u8);
    wasm.extend_from_slice(name);
    wasm.push(b'1');
    wasm
}

/// The ABI's imports, for WAT modules.
pub const IMPORTS: &str = r#"
    (import "guanxi" "input_len" (func $input_len (result i32)))
    (import "guanxi" "input_read" (func $input_read (param i32)))
    (import "guanxi" "output_write" (func $output_write (param i32 i32)))
    (import "guanxi" "log" (func $log (param i32 i32 i32)))
"#;

/// A pure ABI module from WAT module fields (imports and memory are added).
pub fn pure(fields: &str) -> Vec<u8> {
    with_abi_section(wat::parse_str(format!("(module {IMPORTS} (memory (export \"memory\") 1) {fields})")).unwrap())
}

/// A grade hook that answers `output` (a JSON text without quotes issues:
/// embedded as a WAT string).
pub fn answering(output: &str) -> Vec<u8> {
    let escaped = output.replace('\\', "\\\\").replace('"', "\\\"");
    pure(&format!(
        r#"(data (i32.const 1024) "{escaped}")
           (func (export "hook_grade") (result i32)
             (call $output_write (i32.const 1024) (i32.const {len}))
             (i32.const 0))"#,
        len = output.len()
    ))
}

/// A trivial valid grade input.
pub fn grade_input() -> Value {
    sample("rfm-grader")
}

/// A known-good module: after any hostile call, the same host must still run it.
pub fn assert_healthy(host: &PluginHost) {
    static GOOD: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = GOOD.get_or_init(|| answering(r#"{"grade":"A","reason":"healthy"}"#));
    let module = host.load(bytes, Mode::Pure).unwrap();
    let out = call(host, &module, Hook::Grade, &grade_input()).unwrap();
    assert_eq!(out["reason"], "healthy");
}

/// Loads a pure WAT module and calls its grade hook with `limits`.
pub fn run_grade(host: &PluginHost, wasm: &[u8], limits: &Limits) -> Result<Value, PluginError> {
    let module = host.load(wasm, Mode::Pure)?;
    call_with(host, &module, Hook::Grade, &grade_input(), limits)
}
