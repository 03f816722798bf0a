//! The WASI command build of the plugin (the host's compatibility mode).
fn main() {
    std::process::exit(chinese_mobile::command_main())
}
