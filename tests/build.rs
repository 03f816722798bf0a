//! Digest of the migration sources, so the test harness can name its
//! PostgreSQL template after the exact schema it holds.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/migration/src");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    // FNV-1a over names and contents: stable across runs and machines.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_default();
        for b in f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default().bytes().chain(bytes) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=GUANXI_MIGRATION_DIGEST={h:016x}");

    // Whether a Meilisearch binary is installed: without one the search
    // tests' Meilisearch cases are ignored ("SKIPPED"), never passed.
    println!("cargo::rustc-check-cfg=cfg(guanxi_meili)");
    println!("cargo::rerun-if-env-changed=GUANXI_TEST_MEILI_BIN");
    println!("cargo::rerun-if-changed=/usr/local/bin");
    let from_env = std::env::var_os("GUANXI_TEST_MEILI_BIN").is_some_and(|p| Path::new(&p).is_file());
    if from_env || Path::new("/usr/local/bin/meilisearch").is_file() {
        println!("cargo::rustc-cfg=guanxi_meili");
    }
}
