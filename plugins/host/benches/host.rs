//! Cost of a plugin call. Run with `cargo bench -p guanxi-plugin-host`.
//!
//! Measured on one thread (so "per core"):
//! - raw: bare wasmtime, a fresh instance of a module with one empty export,
//!   instantiated from an `InstancePre` and called (the floor);
//! - host: the same through `PluginHost::call` with a plugin that reads its
//!   input and writes a fixed output (fuel, deadline, limits, admission,
//!   copying, output JSON parsing and schema validation included);
//! - rfm: the RFM example grading a customer of about 1 KiB.
//!
//! It prints p50 and p99 per call, calls per second and the ratio host/raw,
//! then hands the same three functions to criterion.
#![expect(clippy::unwrap_used, reason = "benchmark")]

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use guanxi_core::TenantId;
use guanxi_plugin_host::{Hook, HostConfig, Limits, LoadedModule, Mode, PluginHost};
use wasmtime::{Engine, InstancePre, Linker, Module, Store};

const TRIVIAL_OUTPUT: &str = r#"{"grade":"A","reason":""}"#;

struct Raw {
    engine: Engine,
    pre: InstancePre<()>,
}

impl Raw {
    fn new() -> Raw {
        let engine = Engine::default();
        let wasm = wat::parse_str(r#"(module (memory (export "memory") 1) (func (export "run")))"#).unwrap();
        let module = Module::new(&engine, wasm).unwrap();
        let pre = Linker::new(&engine).instantiate_pre(&module).unwrap();
        Raw { engine, pre }
    }

    fn call(&self) {
        let mut store = Store::new(&self.engine, ());
        let instance = self.pre.instantiate(&mut store).unwrap();
        let run = instance.get_typed_func::<(), ()>(&mut store, "run").unwrap();
        run.call(&mut store, ()).unwrap();
    }
}

struct Hosted {
    host: PluginHost,
    tenant: TenantId,
    trivial: LoadedModule,
    rfm: Option<(LoadedModule, Vec<u8>)>,
    limits: Limits,
}

fn trivial_plugin() -> Vec<u8> {
    let mut wasm = wat::parse_str(format!(
        r#"(module
             (import "guanxi" "input_len" (func $input_len (result i32)))
             (import "guanxi" "input_read" (func $input_read (param i32)))
             (import "guanxi" "output_write" (func $output_write (param i32 i32)))
             (memory (export "memory") 1)
             (data (i32.const 0) "{}")
             (func (export "hook_grade") (result i32)
               (call $input_read (i32.const 1024))
               (call $output_write (i32.const 0) (i32.const {}))
               (i32.const 0)))"#,
        TRIVIAL_OUTPUT.replace('"', "\\\""),
        TRIVIAL_OUTPUT.len()
    ))
    .unwrap();
    wasm.extend_from_slice(&[0, 12, 10]);
    wasm.extend_from_slice(b"guanxi_abi1");
    wasm
}

/// The RFM example (built by plugins/build-examples.sh) and a ~1 KiB customer.
fn rfm(host: &PluginHost) -> Option<(LoadedModule, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let exe = std::env::current_exe().ok()?;
    let out = exe.ancestors().nth(3)?.join("plugin-examples");
    let built = std::process::Command::new(root.join("plugins/build-examples.sh")).arg(&out).status().ok()?;
    if !built.success() {
        eprintln!("bench: the examples did not build; skipping the RFM benchmark");
        return None;
    }
    let module = host.load(&std::fs::read(out.join("rfm_grader.wasm")).ok()?, Mode::Pure).ok()?;
    let text = std::fs::read_to_string(root.join("plugins/examples/rfm-grader/sample-input.json")).ok()?;
    let mut input: serde_json::Value = serde_json::from_str(&text).ok()?;
    // Trim the sample to a customer of about 1 KiB.
    input["customer"]["fields"] =
        serde_json::json!({"name": "王芳", "company": "杭州青禾茶业有限公司", "phone": "13905710000"});
    input["customer"]["deals"].as_array_mut()?.truncate(3);
    let customer = serde_json::to_vec(&input["customer"]).ok()?;
    eprintln!("bench: RFM input {} bytes, customer {} bytes", serde_json::to_vec(&input).ok()?.len(), customer.len());
    Some((module, serde_json::to_vec(&input).ok()?))
}

impl Hosted {
    fn new() -> Hosted {
        let host = PluginHost::new(HostConfig::default()).unwrap();
        let trivial = host.load(&trivial_plugin(), Mode::Pure).unwrap();
        let rfm = rfm(&host);
        let limits = host.limits(Hook::Grade);
        Hosted { host, tenant: TenantId::new(), trivial, rfm, limits }
    }

    fn trivial(&self) {
        let out = self.host.call(self.tenant, &self.trivial, Hook::Grade, br#"{"abi":1,"hook":"grade"}"#, &self.limits);
        black_box(out.unwrap());
    }

    fn rfm(&self) {
        if let Some((module, input)) = &self.rfm {
            black_box(self.host.call(self.tenant, module, Hook::Grade, input, &self.limits).unwrap());
        }
    }
}

struct Stats {
    p50: Duration,
    p99: Duration,
    per_second: f64,
}

fn measure(n: usize, mut f: impl FnMut()) -> Stats {
    for _ in 0..n / 10 {
        f();
    }
    let mut times = Vec::with_capacity(n);
    let started = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    let total = started.elapsed();
    times.sort();
    Stats { p50: times[n / 2], p99: times[n * 99 / 100], per_second: n as f64 / total.as_secs_f64() }
}

fn report(name: &str, s: &Stats) {
    println!(
        "{name:<28} p50 {:>9.2} µs   p99 {:>9.2} µs   {:>10.0} calls/s",
        s.p50.as_secs_f64() * 1e6,
        s.p99.as_secs_f64() * 1e6,
        s.per_second
    );
}

fn percentiles(raw: &Raw, hosted: &Hosted) {
    let n = std::env::var("GUANXI_BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let r = measure(n, || raw.call());
    let h = measure(n, || hosted.trivial());
    println!("plugin call, one thread, {n} calls each");
    report("raw wasmtime (empty export)", &r);
    report("host, trivial plugin", &h);
    if hosted.rfm.is_some() {
        report("host, RFM grading 1 KiB", &measure(n / 10, || hosted.rfm()));
    }
    let overhead = |a: Duration, b: Duration| (a.as_secs_f64() - b.as_secs_f64()) * 1e6;
    println!(
        "host/raw: p50 ×{:.2} (+{:.2} µs), p99 ×{:.2} (+{:.2} µs)",
        h.p50.as_secs_f64() / r.p50.as_secs_f64(),
        overhead(h.p50, r.p50),
        h.p99.as_secs_f64() / r.p99.as_secs_f64(),
        overhead(h.p99, r.p99)
    );
}

fn calls(c: &mut Criterion) {
    let raw = Raw::new();
    let hosted = Hosted::new();
    percentiles(&raw, &hosted);
    let mut group = c.benchmark_group("plugin_call");
    group.bench_function("raw_empty_export", |b| b.iter(|| raw.call()));
    group.bench_function("host_trivial", |b| b.iter(|| hosted.trivial()));
    if hosted.rfm.is_some() {
        group.bench_function("host_rfm_1k", |b| b.iter(|| hosted.rfm()));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // The machine is shared: keep the run short.
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = calls
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
