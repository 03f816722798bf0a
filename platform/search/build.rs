//! Tells the conformance suite whether a Meilisearch binary is installed:
//! without one its Meilisearch cases are marked ignored ("SKIPPED"), never
//! reported as passed.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(guanxi_meili)");
    println!("cargo::rerun-if-env-changed=GUANXI_TEST_MEILI_BIN");
    // The directory, not the binary: a missing file would rerun this (and
    // rebuild the crate) on every build.
    println!("cargo::rerun-if-changed=/usr/local/bin");
    let from_env = std::env::var_os("GUANXI_TEST_MEILI_BIN").is_some_and(|p| Path::new(&p).is_file());
    if from_env || Path::new("/usr/local/bin/meilisearch").is_file() {
        println!("cargo::rustc-cfg=guanxi_meili");
    }
}
