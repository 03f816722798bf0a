//! Upload validation: what a module must be to load at all.

use guanxi_plugin_host::{Hook, HostConfig, Mode, PluginError, PluginHost};
use serde_json::json;

use crate::support::{IMPORTS, answering, assert_healthy, call, grade_input, host, pure, with_abi_section};

fn load_err(bytes: &[u8], mode: Mode) -> PluginError {
    host().load(bytes, mode).unwrap_err()
}

#[test]
fn the_abi_section_is_required_and_must_say_1() {
    let bare = wat::parse_str(format!(
        r#"(module {IMPORTS} (memory (export "memory") 1) (func (export "hook_grade") (result i32) (i32.const 0)))"#
    ))
    .unwrap();
    let err = load_err(&bare, Mode::Pure);
    assert!(matches!(&err, PluginError::BadAbi(m) if m.contains("guanxi_abi")), "{err:?}");

    let mut two = bare.clone();
    two.extend_from_slice(&[0, 12, 10]);
    two.extend_from_slice(b"guanxi_abi2");
    let err = load_err(&two, Mode::Pure);
    assert!(matches!(&err, PluginError::BadAbi(m) if m.contains("ABI version 1")), "{err:?}");

    let twice = with_abi_section(with_abi_section(bare));
    assert!(matches!(load_err(&twice, Mode::Pure), PluginError::BadAbi(_)));
    assert_eq!(err.code(), "bad_abi");
}

#[test]
fn exports_must_follow_the_abi() {
    // no hook at all
    let err = load_err(&pure(r#"(func (export "run") (result i32) (i32.const 0))"#), Mode::Pure);
    assert!(matches!(&err, PluginError::BadAbi(m) if m.contains("exports no hook")), "{err:?}");
    // a hook with the wrong type
    let err = load_err(&pure(r#"(func (export "hook_grade") (param i32) (result i32) (i32.const 0))"#), Mode::Pure);
    assert!(matches!(&err, PluginError::BadAbi(m) if m.contains("hook_grade")), "{err:?}");
    // no memory export
    let no_memory = with_abi_section(
        wat::parse_str(format!(
            r#"(module {IMPORTS} (memory 1) (func (export "hook_grade") (result i32) (i32.const 0)))"#
        ))
        .unwrap(),
    );
    let err = load_err(&no_memory, Mode::Pure);
    assert!(matches!(&err, PluginError::BadAbi(m) if m.contains("memory")), "{err:?}");
    // not WebAssembly
    assert!(matches!(load_err(b"\0asm\x01\0\0\0garbage", Mode::Pure), PluginError::BadAbi(_)));
    assert!(matches!(load_err(b"(module)", Mode::Pure), PluginError::BadAbi(_)));
}

#[test]
fn forbidden_imports_are_refused_at_upload() {
    let cases = [
        (
            r#"(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))"#,
            "wasi_snapshot_preview1",
        ),
        (r#"(import "env" "abort" (func))"#, "env"),
        (r#"(import "guanxi" "http_get" (func (param i32 i32)))"#, "guanxi"),
        (r#"(import "guanxi" "counter" (global i32))"#, "guanxi"),
    ];
    for (import, namespace) in cases {
        let wasm = with_abi_section(
            wat::parse_str(format!(
                r#"(module {import} (memory (export "memory") 1) (func (export "hook_grade") (result i32) (i32.const 0)))"#
            ))
            .unwrap(),
        );
        let err = load_err(&wasm, Mode::Pure);
        assert!(
            matches!(&err, PluginError::ForbiddenImport { module, .. } if module == namespace),
            "{import}: {err:?}"
        );
        assert_eq!(err.code(), "forbidden_import");
    }
    // An ABI import with the wrong type.
    let wasm = with_abi_section(
        wat::parse_str(r#"(module (import "guanxi" "log" (func (param i32))) (memory (export "memory") 1) (func (export "hook_grade") (result i32) (i32.const 0)))"#)
            .unwrap(),
    );
    assert!(matches!(load_err(&wasm, Mode::Pure), PluginError::BadAbi(_)));

    // Compatibility mode: WASI preview 1 only, and only functions that exist.
    for import in [r#"(import "env" "socket" (func))"#, r#"(import "wasi_snapshot_preview1" "no_such_call" (func))"#] {
        let wasm =
            wat::parse_str(format!(r#"(module {import} (memory (export "memory") 1) (func (export "_start")))"#))
                .unwrap();
        let err = load_err(&wasm, Mode::Compat);
        assert!(matches!(err, PluginError::ForbiddenImport { .. }), "{import}: {err:?}");
    }
    assert_healthy(host());
}

#[test]
fn oversized_modules_are_refused_before_parsing() {
    let host =
        PluginHost::new(HostConfig { max_module_bytes: 64 * 1024, pool_slots: 2, ..HostConfig::default() }).unwrap();
    // A valid module made large by a data segment.
    let big = pure(&format!(
        r#"(data (i32.const 0) "{}") (func (export "hook_grade") (result i32) (i32.const 0))"#,
        "x".repeat(70 * 1024)
    ));
    let err = host.load(&big, Mode::Pure).unwrap_err();
    assert!(matches!(err, PluginError::ModuleTooLarge { limit: 65_536, .. }), "{err:?}");
    assert_healthy(&host);

    // Hook kinds may be stricter than the host: a module may be loaded but too large for a hook.
    let module = host.load(&answering(r#"{"grade":"A","reason":"ok"}"#), Mode::Pure).unwrap();
    let limits = guanxi_plugin_host::Limits { module_bytes: 16, ..host.limits(Hook::Grade) };
    let err = host.call(
        guanxi_core::TenantId::new(),
        &module,
        Hook::Grade,
        &serde_json::to_vec(&grade_input()).unwrap(),
        &limits,
    );
    assert!(matches!(err, Err(PluginError::ModuleTooLarge { limit: 16, .. })), "{err:?}");
}

#[test]
fn compile_bombs_are_refused_or_bounded() {
    // One enormous function: refused before the compiler sees it.
    let body = "(drop (i32.add (i32.const 1) (i32.const 2)))".repeat(60_000);
    let wasm = pure(&format!(r#"(func (export "hook_grade") (result i32) {body} (i32.const 0))"#));
    let started = std::time::Instant::now();
    let err = load_err(&wasm, Mode::Pure);
    assert!(matches!(&err, PluginError::TooComplex(m) if m.contains("bytes of code")), "{err:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));

    // Too many locals.
    let wasm = pure(r#"(func (export "hook_grade") (result i32) (local i64 i64) (local $x i32) (i32.const 0))"#);
    let strict = PluginHost::new(HostConfig { max_locals: 2, pool_slots: 2, ..HostConfig::default() }).unwrap();
    assert!(matches!(strict.load(&wasm, Mode::Pure), Err(PluginError::TooComplex(_))));

    // Within the static bounds but slower to compile than allowed.
    let many = (0..400)
        .map(|i| {
            format!(
                "(func $f{i} (param i32) (result i32) {} (local.get 0))",
                "(drop (i32.mul (local.get 0) (i32.const 7)))".repeat(200)
            )
        })
        .collect::<String>();
    let wasm = pure(&format!(r#"{many} (func (export "hook_grade") (result i32) (i32.const 0))"#));
    let hasty = PluginHost::new(HostConfig {
        compile_timeout: std::time::Duration::from_millis(1),
        pool_slots: 2,
        ..HostConfig::default()
    })
    .unwrap();
    let err = hasty.load(&wasm, Mode::Pure).unwrap_err();
    assert!(matches!(err, PluginError::CompileTimeout(_)), "{err:?}");
    assert_eq!(err.code(), "compile_timeout");
}

#[test]
fn errors_map_onto_the_platform_error_codes() {
    use guanxi_core::{Error, ErrorCode};
    let e: Error = PluginError::FuelExhausted { limit: 5 }.into();
    assert_eq!(e.code(), ErrorCode::PluginFailed);
    assert!(matches!(e, Error::PluginFailed { reason: "fuel_exhausted", .. }));
    let e: Error = PluginError::ForbiddenImport { module: "env".into(), name: "x".into() }.into();
    assert_eq!(e.code(), ErrorCode::ValidationFailed);
    assert_eq!(e.fields()[0].reason, "forbidden_import");
    let e: Error = PluginError::Busy.into();
    assert_eq!(e.code(), ErrorCode::RateLimited);
    let e: Error = PluginError::Internal("detail".into()).into();
    assert_eq!(e.to_string(), "internal error");
    assert_eq!(ErrorCode::PluginFailed.as_str(), "PLUGIN_FAILED");
}

#[test]
fn input_read_and_output_write_happen_once() {
    let host = host();
    let twice = pure(
        r#"(func (export "hook_grade") (result i32)
             (call $input_read (i32.const 0)) (call $input_read (i32.const 0)) (i32.const 0))"#,
    );
    let err = crate::support::run_grade(host, &twice, &host.limits(Hook::Grade)).unwrap_err();
    assert_eq!(err.trap_kind().map(|k| k.as_str()), Some("abi_violation"), "{err:?}");

    // Echo: the input comes back intact (and a grade input is not a grade output).
    let echo = pure(
        r#"(func (export "hook_grade") (result i32)
             (call $input_read (i32.const 0))
             (call $output_write (i32.const 0) (call $input_len))
             (i32.const 0))"#,
    );
    let err = crate::support::run_grade(host, &echo, &host.limits(Hook::Grade)).unwrap_err();
    assert!(matches!(&err, PluginError::InvalidOutput(m) if m.contains("output schema")), "{err:?}");

    // A non-zero status is the plugin's own failure, with its logs kept.
    let failing = pure(
        r#"(data (i32.const 0) "no such customer")
           (func (export "hook_grade") (result i32) (call $log (i32.const 1) (i32.const 0) (i32.const 16)) (i32.const 3))"#,
    );
    let module = host.load(&failing, Mode::Pure).unwrap();
    let report = host.run(guanxi_core::TenantId::new(), &module, Hook::Grade, b"{}", &host.limits(Hook::Grade));
    assert!(matches!(report.result, Err(PluginError::Failed { status: 3 })), "{:?}", report.result);
    assert_eq!(report.logs[0].message, "no such customer");
    assert_eq!(report.logs[0].level, guanxi_plugin_host::LogLevel::Error);
    let _ = call(host, &module, Hook::Grade, &json!({}));
}
