//! Hostile plugins. Each must end its own call with its typed error within
//! its budget, leave the host working (a normal call right after succeeds in
//! a reused pool slot) and leave memory as it found it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use guanxi_core::TenantId;
use guanxi_plugin_host::{Hook, HostConfig, Limits, Mode, PluginError, PluginHost, TrapKind};

use crate::support::{answering, assert_healthy, grade_input, host, pure, run_grade, test_config};

fn limits() -> Limits {
    host().limits(Hook::Grade)
}

/// Runs a hostile grade hook on the shared host, checks the host still works.
fn hostile(fields: &str, limits: &Limits) -> PluginError {
    let err = run_grade(host(), &pure(fields), limits).unwrap_err();
    assert_healthy(host());
    err
}

const ENDLESS: &str = r#"(func (export "hook_grade") (result i32) (loop $l (br $l)) (i32.const 0))"#;

#[test]
fn endless_loop_runs_out_of_fuel() {
    let limits = limits().with_fuel(5_000_000);
    let started = Instant::now();
    let err = hostile(ENDLESS, &limits);
    assert!(matches!(err, PluginError::FuelExhausted { limit: 5_000_000 }), "{err:?}");
    assert_eq!(err.code(), "fuel_exhausted");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn endless_loop_with_fuel_to_spare_hits_the_deadline() {
    let limits = limits().with_fuel(u64::MAX / 2).with_deadline(Duration::from_millis(50));
    let started = Instant::now();
    let err = hostile(ENDLESS, &limits);
    assert!(matches!(err, PluginError::Deadline { .. }), "{err:?}");
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[test]
fn endless_start_function_is_bounded_too() {
    let fields = r#"(func $start (loop $l (br $l))) (start $start)
                    (func (export "hook_grade") (result i32) (i32.const 0))"#;
    let err = hostile(fields, &limits().with_fuel(2_000_000));
    assert!(matches!(err, PluginError::FuelExhausted { .. }), "{err:?}");
    let err = hostile(fields, &limits().with_fuel(u64::MAX / 2).with_deadline(Duration::from_millis(30)));
    assert!(matches!(err, PluginError::Deadline { .. }), "{err:?}");
}

#[test]
fn memory_bomb_hits_the_memory_limit() {
    let bomb = r#"(func (export "hook_grade") (result i32)
                    (loop $l (drop (memory.grow (i32.const 1))) (br $l)) (i32.const 0))"#;
    let err = hostile(bomb, &limits().with_memory_bytes(8 << 20));
    assert!(matches!(err, PluginError::MemoryLimit { limit } if limit == 8 << 20), "{err:?}");
    // A module that asks for too much up front fails at instantiation.
    let greedy = with_memory_pages(2048);
    let err = run_grade(host(), &greedy, &limits().with_memory_bytes(16 << 20)).unwrap_err();
    assert!(matches!(err, PluginError::MemoryLimit { .. }), "{err:?}");
    assert_healthy(host());
}

fn with_memory_pages(pages: u32) -> Vec<u8> {
    let imports = crate::support::IMPORTS;
    crate::support::with_abi_section(
        wat::parse_str(format!(
            r#"(module {imports} (memory (export "memory") {pages}) (func (export "hook_grade") (result i32) (i32.const 0)))"#
        ))
        .unwrap(),
    )
}

#[test]
fn table_bomb_hits_the_table_limit() {
    let bomb = r#"(table $t 1 funcref)
                  (func (export "hook_grade") (result i32)
                    (loop $l (drop (table.grow $t (ref.null func) (i32.const 1000))) (br $l)) (i32.const 0))"#;
    let err = hostile(bomb, &limits());
    assert!(matches!(err, PluginError::TableLimit { limit: 10_000 }), "{err:?}");
}

#[test]
fn deep_recursion_overflows_the_stack() {
    let err = hostile(
        r#"(func $down (param i64) (result i64) (i64.add (call $down (local.get 0)) (i64.const 1)))
           (func (export "hook_grade") (result i32) (drop (call $down (i64.const 0))) (i32.const 0))"#,
        &limits(),
    );
    assert!(matches!(err, PluginError::Trap(TrapKind::StackOverflow)), "{err:?}");
}

#[test]
fn huge_and_out_of_bounds_output() {
    let err = hostile(
        r#"(func (export "hook_grade") (result i32) (call $output_write (i32.const 0) (i32.const 0x7fffffff)) (i32.const 0))"#,
        &limits(),
    );
    assert!(matches!(err, PluginError::OutputTooLarge { .. }), "{err:?}");
    let err = hostile(
        r#"(func (export "hook_grade") (result i32) (call $output_write (i32.const 65000) (i32.const 1000)) (i32.const 0))"#,
        &limits(),
    );
    assert!(matches!(&err, PluginError::Trap(TrapKind::AbiViolation(m)) if m.contains("outside")), "{err:?}");
    let err = hostile(
        r#"(func (export "hook_grade") (result i32) (call $output_write (i32.const -1) (i32.const 10)) (i32.const 0))"#,
        &limits(),
    );
    assert!(matches!(err, PluginError::Trap(TrapKind::AbiViolation(_))), "{err:?}");
    let err = hostile(
        r#"(func (export "hook_grade") (result i32) (call $input_read (i32.const 65535)) (i32.const 0))"#,
        &limits(),
    );
    assert!(matches!(err, PluginError::Trap(TrapKind::AbiViolation(_))), "{err:?}");
}

#[test]
fn trap_zoo() {
    let cases = [
        ("(unreachable)", TrapKind::Unreachable),
        ("(drop (i32.div_s (i32.const 1) (i32.const 0)))", TrapKind::DivisionByZero),
        ("(drop (i32.div_s (i32.const -2147483648) (i32.const -1)))", TrapKind::IntegerOverflow),
        ("(drop (i32.trunc_f32_s (f32.const nan)))", TrapKind::BadConversion),
        ("(drop (i32.load (i32.const 70000)))", TrapKind::MemoryOutOfBounds),
        ("(call_indirect (type $other) (i32.const 0))", TrapKind::BadSignature),
        ("(call_indirect (type $other) (i32.const 1))", TrapKind::IndirectCallToNull),
        ("(call_indirect (type $other) (i32.const 9))", TrapKind::TableOutOfBounds),
    ];
    for (body, kind) in cases {
        let fields = format!(
            r#"(type $other (func))
               (table 2 funcref) (elem (i32.const 0) $grade)
               (func $grade (export "hook_grade") (result i32) {body} (i32.const 0))"#
        );
        let err = hostile(&fields, &limits());
        assert_eq!(err.trap_kind(), Some(&kind), "{body}: {err:?}");
        assert_eq!(err.code(), "trap");
    }
}

#[test]
fn log_flood_hits_the_log_limit() {
    let err = hostile(
        r#"(func (export "hook_grade") (result i32)
             (loop $l (call $log (i32.const 3) (i32.const 0) (i32.const 100)) (br $l)) (i32.const 0))"#,
        &limits().with_log_bytes(4096),
    );
    assert!(matches!(err, PluginError::LogTooLarge { limit: 4096 }), "{err:?}");
}

#[test]
fn invalid_and_schema_violating_output() {
    for (output, why) in [
        ("not json", "not JSON"),
        (r#"{"grade":"A"}"#, "output schema"),
        (r#"{"grade":"","reason":"empty grade"}"#, "output schema"),
        (r#"{"grade":"A","reason":"ok","extra":1}"#, "output schema"),
        (r#"[1,2,3]"#, "output schema"),
    ] {
        let err = run_grade(host(), &answering(output), &limits()).unwrap_err();
        assert!(matches!(&err, PluginError::InvalidOutput(m) if m.contains(why)), "{output}: {err:?}");
        assert_eq!(err.code(), "invalid_output");
    }
    let err = hostile(r#"(func (export "hook_grade") (result i32) (i32.const 0))"#, &limits());
    assert!(matches!(&err, PluginError::InvalidOutput(m) if m.contains("no output")), "{err:?}");
}

#[test]
fn oversized_input_is_refused_before_the_call() {
    let module = host().load(&answering(r#"{"grade":"A","reason":"ok"}"#), Mode::Pure).unwrap();
    let limits = Limits { input_bytes: 10, ..limits() };
    let err = host().call(TenantId::new(), &module, Hook::Grade, br#"{"a":"0123456789"}"#, &limits).unwrap_err();
    assert!(matches!(err, PluginError::InputTooLarge { size: 18, limit: 10 }), "{err:?}");
}

/// One tenant flooding calls gets `busy` beyond its cap; another tenant's
/// calls go through meanwhile.
#[test]
fn noisy_neighbour_cannot_starve_another_tenant() {
    let host = Arc::new(PluginHost::new(HostConfig { max_in_flight_per_tenant: 2, ..test_config() }).unwrap());
    let slow = host.load(&pure(ENDLESS), Mode::Pure).unwrap();
    let good = host.load(&answering(r#"{"grade":"B","reason":"quiet"}"#), Mode::Pure).unwrap();
    let noisy = TenantId::new();
    let quiet = TenantId::new();
    let input = serde_json::to_vec(&grade_input()).unwrap();
    let slow_limits = host.limits(Hook::Grade).with_fuel(u64::MAX / 2).with_deadline(Duration::from_millis(300));

    let flood: Vec<_> = (0..8)
        .map(|_| {
            let (host, slow, input) = (host.clone(), slow.clone(), input.clone());
            std::thread::spawn(move || {
                (0..3)
                    .map(|_| host.call(noisy, &slow, Hook::Grade, &input, &slow_limits).unwrap_err())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(50));
    for _ in 0..20 {
        let out = host.call(quiet, &good, Hook::Grade, &input, &host.limits(Hook::Grade)).unwrap();
        assert_eq!(out.output["reason"], "quiet");
    }
    let errors: Vec<PluginError> = flood.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let busy = errors.iter().filter(|e| matches!(e, PluginError::Busy)).count();
    let deadline = errors.iter().filter(|e| matches!(e, PluginError::Deadline { .. })).count();
    assert_eq!(busy + deadline, errors.len(), "{errors:?}");
    assert!(busy > 0 && deadline > 0, "busy {busy}, deadline {deadline}");
    // Once the flood is over, the noisy tenant gets its slots back.
    assert!(host.call(noisy, &good, Hook::Grade, &input, &host.limits(Hook::Grade)).is_ok());
}

fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let resident: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    resident * 4096
}

/// Hundreds of hostile calls (each growing memory to its cap) leave the
/// process's resident memory where it was: pool slots are reset and reused.
#[test]
fn memory_returns_to_baseline_after_hostile_calls() {
    let host = PluginHost::new(HostConfig { pool_slots: 4, ..test_config() }).unwrap();
    let bomb = host
        .load(
            &pure(
                r#"(func (export "hook_grade") (result i32)
                     (loop $l
                       (if (i32.ne (memory.grow (i32.const 16)) (i32.const -1))
                         (then (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (i32.const 7))))
                       (br $l))
                     (i32.const 0))"#,
            ),
            Mode::Pure,
        )
        .unwrap();
    let flood = host
        .load(&pure(r#"(func (export "hook_grade") (result i32) (loop $l (call $log (i32.const 3) (i32.const 0) (i32.const 1000)) (br $l)) (i32.const 0))"#), Mode::Pure)
        .unwrap();
    let input = serde_json::to_vec(&grade_input()).unwrap();
    let limits = host.limits(Hook::Grade).with_memory_bytes(32 << 20);
    let round = |n: usize| {
        for _ in 0..n {
            let e = host.call(TenantId::new(), &bomb, Hook::Grade, &input, &limits).unwrap_err();
            assert!(matches!(e, PluginError::MemoryLimit { .. }), "{e:?}");
            let e = host.call(TenantId::new(), &flood, Hook::Grade, &input, &limits).unwrap_err();
            assert!(matches!(e, PluginError::LogTooLarge { .. }), "{e:?}");
        }
    };
    round(10);
    let baseline = rss_bytes();
    round(200);
    let after = rss_bytes();
    // 200 calls × 32 MiB touched would be 6 GiB if nothing were given back.
    assert!(after < baseline + (256 << 20), "rss grew from {baseline} to {after}");
    assert_healthy(&host);
}

#[test]
fn a_plan_cannot_lift_limits_past_the_hosts_ceilings() {
    let host = crate::support::host();
    let config = host.config();
    let greedy = guanxi_core::plugin_limits::PluginLimits {
        fuel: Some(1_000_000_000),
        memory_bytes: Some(u64::MAX),
        table_elements: Some(u32::MAX),
        module_bytes: Some(usize::MAX),
        ..Default::default()
    };
    let l = host.limits_for(guanxi_plugin_host::Hook::Grade, Some(&greedy));
    assert_eq!(l.fuel, 1_000_000_000);
    assert_eq!(l.memory_bytes, config.max_memory_bytes);
    assert_eq!(l.table_elements, config.max_table_elements);
    assert_eq!(l.module_bytes, config.max_module_bytes);
    assert_eq!(host.limits_for(guanxi_plugin_host::Hook::Grade, None), host.limits(guanxi_plugin_host::Hook::Grade));
}
