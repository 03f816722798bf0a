//! `guanxi plugin run`: runs a plugin locally with the platform's own host
//! and default limits, for plugin authors.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use guanxi_core::plugin_limits::PlanLimits;
use guanxi_plugin_host::{CallReport, Hook, HostConfig, LoadedModule, Mode, PluginError, PluginHost, detect_mode};
use serde_json::{Value, json};

/// How to load the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// Pure ABI if the module has a `guanxi_abi` section, else WASI command.
    Auto,
    /// ABI v1 (imports from `guanxi` only).
    Pure,
    /// WASI preview 1 command (compatibility mode).
    Compat,
}

/// Arguments of `guanxi plugin run`.
#[derive(Clone, Debug, clap::Args)]
pub struct RunArgs {
    /// The plugin module (.wasm).
    pub file: PathBuf,
    /// The hook to call: field.validate, field.compute, grade or workflow.action.
    #[arg(long)]
    pub hook: Hook,
    /// The input JSON file (`-` for standard input).
    #[arg(long)]
    pub input: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// How to load the module.
    #[arg(long, value_enum, default_value_t = ModeArg::Auto)]
    pub mode: ModeArg,
    /// Run under this subscription plan's limits (`plugin_plans` in the
    /// configuration) instead of the defaults.
    #[arg(long)]
    pub plan: Option<guanxi_core::subscription::PlanId>,
}

/// What a run printed and whether the plugin succeeded.
pub struct RunResult {
    /// Text for standard output.
    pub stdout: String,
    /// Whether the call succeeded.
    pub ok: bool,
}

/// Loads and calls the plugin. Errors are about the tool's own input (files
/// that cannot be read, input that is not JSON); a plugin that fails to load
/// or to run is reported in the result.
///
/// `plans` is the configuration's `plugin_plans`, read for `--plan`.
///
/// Runs the call on the current thread: do not call from async code.
pub fn run(args: &RunArgs, plans: &PlanLimits) -> anyhow::Result<RunResult> {
    let overrides = match &args.plan {
        Some(plan) if !plans.contains_key(plan) => {
            anyhow::bail!("no plan `{plan}` in the configuration's plugin_plans")
        }
        Some(plan) => guanxi_core::plugin_limits::overrides(plans, plan, args.hook.name()),
        None => None,
    };
    let bytes = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let input = read_input(&args.input)?;
    let parsed: Value = serde_json::from_slice(&input).context("the input is not JSON")?;
    let mode = match args.mode {
        ModeArg::Auto => detect_mode(&bytes),
        ModeArg::Pure => Mode::Pure,
        ModeArg::Compat => Mode::Compat,
    };
    // The platform's defaults, with a small pool: one call at a time here.
    let host = PluginHost::new(HostConfig { pool_slots: 2, ..HostConfig::default() }).map_err(anyhow::Error::new)?;
    let schema_warning = host.check_input(args.hook, &parsed).err();
    let module = match host.load(&bytes, mode) {
        Ok(m) => m,
        Err(e) => return Ok(load_failure(args, &bytes, mode, &e)),
    };
    let limits = host.limits_for(args.hook, overrides);
    let report = host.run(guanxi_core::TenantId::new(), &module, args.hook, &input, &limits);
    let ok = report.result.is_ok();
    let stdout = if args.json {
        json_report(args, &module, &report, schema_warning.as_deref()).to_string() + "\n"
    } else {
        text_report(args, &module, &report, schema_warning.as_deref())
    };
    Ok(RunResult { stdout, ok })
}

fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("reading standard input")?;
        Ok(buf)
    } else {
        std::fs::read(path).with_context(|| format!("reading {}", path.display()))
    }
}

fn error_json(e: &PluginError) -> Value {
    json!({
        "code": e.code(),
        "trap": e.trap_kind().map(|k| k.as_str()),
        "message": e.to_string(),
    })
}

fn load_failure(args: &RunArgs, bytes: &[u8], mode: Mode, e: &PluginError) -> RunResult {
    let stdout = if args.json {
        json!({
            "ok": false,
            "stage": "load",
            "module": {"file": args.file, "mode": mode.as_str(), "bytes": bytes.len()},
            "error": error_json(e),
        })
        .to_string()
            + "\n"
    } else {
        format!(
            "module:  {} ({} mode, {} bytes)\nerror:   {}: {e}\n",
            args.file.display(),
            mode.as_str(),
            bytes.len(),
            e.code()
        )
    };
    RunResult { stdout, ok: false }
}

fn json_report(args: &RunArgs, module: &LoadedModule, report: &CallReport, warning: Option<&str>) -> Value {
    json!({
        "ok": report.result.is_ok(),
        "stage": "call",
        "hook": args.hook.name(),
        "module": {"file": args.file, "mode": module.mode().as_str(), "bytes": module.size(), "sha256": module.hash_hex()},
        "output": report.result.as_ref().ok(),
        "error": report.result.as_ref().err().map(error_json),
        "logs": report.logs,
        "fuel_used": report.fuel_used,
        "fuel_limit": report.limits.fuel,
        "wall_time_us": u64::try_from(report.wall_time.as_micros()).unwrap_or(u64::MAX),
        "deadline_ms": u64::try_from(report.limits.deadline.as_millis()).unwrap_or(u64::MAX),
        "memory_peak_bytes": report.memory_peak,
        "memory_limit_bytes": report.limits.memory_bytes,
        "input_warning": warning,
    })
}

fn text_report(args: &RunArgs, module: &LoadedModule, report: &CallReport, warning: Option<&str>) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "module:  {} ({} mode, {} bytes, sha256 {})",
        args.file.display(),
        module.mode().as_str(),
        module.size(),
        &module.hash_hex()[..16]
    ));
    line(format!("hook:    {}", args.hook));
    if let Some(w) = warning {
        line(format!("warning: the input does not match the {} input schema: {w}", args.hook));
    }
    match &report.result {
        Ok(output) => {
            line("output:".into());
            line(serde_json::to_string_pretty(output).unwrap_or_default());
        }
        Err(e) => line(format!("error:   {}: {e}", e.code())),
    }
    if report.logs.is_empty() {
        line("logs:    (none)".into());
    } else {
        line("logs:".into());
        for l in &report.logs {
            line(format!("  [{}] {}", l.level.as_str(), l.message));
        }
    }
    let l = &report.limits;
    line(format!(
        "fuel:    {} of {} ({:.2}%)",
        report.fuel_used,
        l.fuel,
        report.fuel_used as f64 * 100.0 / l.fuel.max(1) as f64
    ));
    line(format!("time:    {:.3} ms (deadline {} ms)", report.wall_time.as_secs_f64() * 1e3, l.deadline.as_millis()));
    line(format!(
        "memory:  {:.1} KiB peak (limit {} MiB)",
        report.memory_peak as f64 / 1024.0,
        l.memory_bytes / (1024 * 1024)
    ));
    out
}
