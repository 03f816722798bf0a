//! `guanxi plugin run`, driven as a plugin author drives it: the binary, a
//! built example and its sample input.
#![expect(clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The examples, built (or found built) by the project's script.
fn examples() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let out = exe.ancestors().nth(3).unwrap().join("plugin-examples");
    let status = Command::new(repo().join("plugins/build-examples.sh")).arg(&out).status().unwrap();
    assert!(status.success(), "plugins/build-examples.sh failed");
    out
}

fn guanxi(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_guanxi")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// `guanxi plugin run WASM --hook HOOK --input INPUT` with `extra` arguments.
fn plugin_run(wasm: &Path, hook: &str, input: &Path, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec!["plugin", "run", wasm.to_str().unwrap(), "--hook", hook, "--input", input.to_str().unwrap()];
    args.extend_from_slice(extra);
    guanxi(&args)
}

#[test]
fn plugin_run_prints_output_logs_and_usage() {
    let dir = examples();
    let wasm = dir.join("rfm_grader.wasm");
    let input = repo().join("plugins/examples/rfm-grader/sample-input.json");
    let (ok, stdout, stderr) = plugin_run(&wasm, "grade", &input, &[]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("\"grade\": \"B\""), "{stdout}");
    assert!(stdout.contains("fuel:") && stdout.contains("of 100000000"), "{stdout}");
    assert!(stdout.contains("time:") && stdout.contains("memory:"), "{stdout}");

    let (ok, stdout, _) = plugin_run(&wasm, "grade", &input, &["--json"]);
    assert!(ok);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["module"]["mode"], "pure");
    assert_eq!(report["output"]["grade"], "B");
    assert!(report["fuel_used"].as_u64().unwrap() > 0);
    assert_eq!(report["fuel_limit"], 100_000_000);
    assert!(report["memory_peak_bytes"].as_u64().unwrap() > 0);
    assert!(report["wall_time_us"].is_u64());
}

#[test]
fn plugin_run_reports_failures_with_their_codes() {
    let dir = examples();
    // The C plugin in compatibility mode (detected), called for a hook it lacks.
    let wasm = dir.join("credit_code.wasm");
    let input = repo().join("plugins/examples/rfm-grader/sample-input.json");
    let (ok, stdout, _) = plugin_run(&wasm, "grade", &input, &["--json"]);
    assert!(!ok);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["module"]["mode"], "compat");
    assert_eq!(report["error"]["code"], "failed");
    assert!(report["logs"][0]["message"].as_str().unwrap().contains("field.validate only"), "{report}");

    // Loaded in the wrong mode: refused at load, with the ABI's reason.
    let (ok, stdout, _) = plugin_run(&wasm, "field.validate", &input, &["--mode", "pure"]);
    assert!(!ok);
    assert!(stdout.contains("error:   bad_abi"), "{stdout}");

    // An unknown hook is a usage error.
    let (ok, _, stderr) = guanxi(&["plugin", "run", "x.wasm", "--hook", "nope", "--input", "in.json"]);
    assert!(!ok);
    assert!(stderr.contains("unknown hook"), "{stderr}");
}

#[test]
fn plugin_run_takes_a_plans_limits_from_the_configuration() {
    let dir = examples();
    let wasm = dir.join("rfm_grader.wasm");
    let input = repo().join("plugins/examples/rfm-grader/sample-input.json");
    let config = std::env::temp_dir().join(format!("guanxi-plans-{}.toml", std::process::id()));
    std::fs::write(&config, "[plugin_plans.pro.grade]\nfuel = 250000000\ndeadline_ms = 2000\n").unwrap();
    let run = |plan: &str| {
        plugin_run(&wasm, "grade", &input, &["--json", "--config", config.to_str().unwrap(), "--plan", plan])
    };
    let (ok, stdout, stderr) = run("pro");
    assert!(ok, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["output"]["grade"], "B");
    assert_eq!(report["fuel_limit"], 250_000_000);

    let (ok, _, stderr) = run("gold");
    assert!(!ok);
    assert!(stderr.contains("no plan `gold`"), "{stderr}");
    std::fs::remove_file(&config).unwrap();
}
