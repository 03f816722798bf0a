//! The WASI command build of the plugin (the host's compatibility mode).
fn main() {
    std::process::exit(rfm_grader::command_main())
}
