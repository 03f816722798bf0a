//! Builds the web app (`web/dist`) with npm when its sources are newer than
//! the last build, so that `cargo run --bin guanxi` serves it on a fresh
//! machine with no other step.
//!
//! - `npm ci` runs only when `web/node_modules/.package-lock.json` is missing
//!   or older than `web/package-lock.json`;
//! - `npm run build` runs only when `web/dist/index.html` is missing or older
//!   than a source of the web;
//! - `GUANXI_WEB_BUILD=0` skips both (CI builds the web on its own), and so
//!   does a `web/` without `package.json`;
//! - a missing npm or a failed build is a `cargo:warning`, never an error:
//!   the server then serves a page that says the web app was not built.
//!
//! Nothing here fails the Rust build, and when nothing changed it costs a few
//! `stat` calls.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

/// The web's sources: a change to any of them makes `web/dist` stale. (Cargo
/// scans the directories recursively.)
const SOURCES: &[&str] = &[
    "src",
    "public",
    "index.html",
    "graphiql.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
    "tsconfig.json",
];

fn main() {
    println!("cargo:rerun-if-env-changed=GUANXI_WEB_BUILD");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let web = manifest.join("../../web");
    let dist = web.join("dist");
    if !web.join("package.json").is_file() {
        // No web app to build (yet): look again when its manifest appears.
        println!("cargo:rerun-if-changed={}", web.display());
        return;
    }
    for s in SOURCES {
        if web.join(s).exists() {
            println!("cargo:rerun-if-changed={}", web.join(s).display());
        }
    }
    if std::env::var("GUANXI_WEB_BUILD").is_ok_and(|v| v == "0") {
        watch_dist(&dist);
        return;
    }
    if let Err(why) = build(&web) {
        for line in why.lines() {
            println!("cargo:warning=web app not built: {line}");
        }
        // Cargo replays these warnings until a source of the web changes;
        // a build by hand changes web/dist, which makes Cargo look again.
        println!(
            "cargo:warning=the server will say so at /; build it by hand with `cd web && npm ci && npm run build` \
             (Node 20 or newer), or change a file under web/ to retry"
        );
    }
    watch_dist(&dist);
}

/// Recompile when the built files change, also when they were built by
/// hand: release builds embed them. The folder is created when missing, as
/// a missing path would make Cargo rerun this script on every build.
fn watch_dist(dist: &Path) {
    if std::fs::create_dir_all(dist).is_ok() {
        println!("cargo:rerun-if-changed={}", dist.display());
    }
}

fn build(web: &Path) -> Result<(), String> {
    // Two Cargo runs at once (a check and a test) would build into the same
    // folder; the second waits, then finds the web fresh.
    let lock_path = std::env::temp_dir().join(format!("guanxi-web-build-{:016x}.lock", path_hash(web)));
    let lock = File::create(&lock_path).map_err(|e| format!("creating {}: {e}", lock_path.display()))?;
    lock.lock().map_err(|e| format!("locking {}: {e}", lock_path.display()))?;

    let installed = web.join("node_modules/.package-lock.json");
    if newer(&web.join("package-lock.json"), modified(&installed)) {
        run(web, &["ci", "--no-audit", "--no-fund"])?;
    }
    let built = modified(&web.join("dist/index.html"));
    if SOURCES.iter().any(|s| newer(&web.join(s), built)) {
        run(web, &["run", "build"])?;
    }
    Ok(())
}

/// Run npm in `web`; its output goes to this script's stderr (Cargo shows it
/// with `-vv`), and the end of it into the warning when it fails.
fn run(web: &Path, args: &[&str]) -> Result<(), String> {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let what = format!("`npm {}`", args.join(" "));
    let Output { status, stdout, stderr } = Command::new(npm)
        .args(args)
        .current_dir(web)
        .output()
        .map_err(|e| format!("{what} could not start ({e}); is Node.js with npm installed?"))?;
    let out = String::from_utf8_lossy(&stdout);
    let err = String::from_utf8_lossy(&stderr);
    eprintln!("{what}:\n{out}\n{err}");
    if status.success() {
        return Ok(());
    }
    let tail: Vec<&str> = out.lines().chain(err.lines()).filter(|l| !l.trim().is_empty()).collect();
    let tail = tail[tail.len().saturating_sub(12)..].join("\n");
    Err(format!("{what} failed ({status}):\n{tail}"))
}

/// When `path` was last modified; `None` when it does not exist.
fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Whether `path`, or any file under it, was modified after `than` (always,
/// when `than` is `None`: the output is missing).
fn newer(path: &Path, than: Option<SystemTime>) -> bool {
    let Some(than) = than else { return path.exists() };
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if meta.modified().is_ok_and(|m| m > than) {
        return true;
    }
    meta.is_dir()
        && std::fs::read_dir(path)
            .map(|entries| entries.flatten().any(|e| newer(&e.path(), Some(than))))
            .unwrap_or(false)
}

/// A stable name for `web`'s lock: worktrees of the repository build apart.
fn path_hash(web: &Path) -> u64 {
    let canonical = web.canonicalize().unwrap_or_else(|_| web.to_path_buf());
    // FNV-1a: std's hasher is randomly seeded per process.
    canonical
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
