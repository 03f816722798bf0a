//! The WASI command build of the plugin (the host's compatibility mode).
fn main() {
    std::process::exit(abcd_grader::command_main())
}
