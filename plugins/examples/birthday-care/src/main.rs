//! The WASI command build of the plugin (the host's compatibility mode).
fn main() {
    std::process::exit(birthday_care::command_main())
}
