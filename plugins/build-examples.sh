#!/usr/bin/env bash
# Builds every example plugin into OUT_DIR:
#   OUT_DIR/<name>.wasm          pure ABI module (Rust, wasm32-unknown-unknown)
#   OUT_DIR/<name>.command.wasm  WASI command for compatibility mode (Rust, wasm32-wasi)
#   OUT_DIR/credit_code.wasm     WASI command written in C (clang + wasi-libc)
#
# Guest code is built with Debian's toolchain (rustc, cargo, the wasm32 std,
# lld, clang, wasi-libc) and Debian-packaged crates, offline: rustup here has
# only the host target. Missing packages are installed with apt-get.
#
# The build is skipped when OUT_DIR already holds a build of the same sources
# (keyed by a hash of the SDK, the examples and this script), so tests may
# call this every time. Concurrent callers wait for each other.
#
# Usage: plugins/build-examples.sh OUT_DIR
#        plugins/build-examples.sh --install-only
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

packages=(rustc cargo libstd-rust-dev-wasm32 lld librust-serde-dev librust-serde-derive-dev
    librust-serde-json-dev clang wasi-libc libclang-rt-dev-wasm32)

install_toolchain() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "build-examples: installing ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    # The lock keeps concurrent test binaries from racing apt.
    (
        flock 9
        "${sudo[@]}" apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    ) 9>"${TMPDIR:-/tmp}/guanxi-build-examples.apt.lock"
}

if [ "${1:-}" = "--install-only" ]; then
    install_toolchain
    exit 0
fi
[ $# -eq 1 ] || { echo "usage: $0 OUT_DIR | --install-only" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)

source_hash() {
    (cd "$here" && find build-examples.sh sdk examples -type f \
        \( -name '*.rs' -o -name '*.c' -o -name '*.toml' -o -name '*.sh' \) -print0 |
        LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

exec 8>"$out/.lock"
flock 8
hash=$(source_hash)
if [ -f "$out/.source-hash" ] && [ "$(cat "$out/.source-hash")" = "$hash" ]; then
    exit 0
fi
install_toolchain

# Build from a copy so that the source tree gets no Cargo.lock or target dir.
work="$out/.work"
rm -rf "$work/src"
mkdir -p "$work/src" "$work/cargo-home" "$work/target"
cp -r "$here/sdk" "$here/examples" "$work/src/"
cat >"$work/cargo-home/config.toml" <<'TOML'
[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "/usr/share/cargo/registry"

[target.wasm32-unknown-unknown]
linker = "rust-lld"

[target.wasm32-wasi]
linker = "rust-lld"
TOML

cargo_debian() {
    # Debian's cargo and rustc, never rustup's (which lack the wasm targets),
    # and no compiler wrapper of the caller's (CI builds the workspace with
    # clippy-driver).
    env -u RUSTUP_TOOLCHAIN -u RUSTFLAGS -u CARGO_BUILD_TARGET -u RUSTC_WRAPPER -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
        CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$work/target" RUSTC=/usr/bin/rustc \
        /usr/bin/cargo "$@" --offline --release --manifest-path "$work/src/examples/Cargo.toml"
}
cargo_debian build --workspace --lib --target wasm32-unknown-unknown
cargo_debian build --workspace --bins --target wasm32-wasi

examples=$(sed -n 's/^members = \[\(.*\)\]/\1/p' "$here/examples/Cargo.toml" | tr -d '",')
for name in $examples; do
    lib=${name//-/_}
    cp "$work/target/wasm32-unknown-unknown/release/$lib.wasm" "$out/$lib.wasm"
    cp "$work/target/wasm32-wasi/release/$name.wasm" "$out/$lib.command.wasm"
done

clang --target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wl,--strip-all \
    -o "$out/credit_code.wasm" "$here/examples/credit-code-c/credit_code.c"

echo "$hash" >"$out/.source-hash"
echo "build-examples: built into $out" >&2
