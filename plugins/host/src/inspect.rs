//! Upload checks that run before and after compilation: the ABI section,
//! the module's shape and size, its imports and exports.

use wasmtime::wasmparser::{Encoding, Parser, Payload};
use wasmtime::{ExternType, FuncType, Module, ValType};

use crate::{Hook, HostConfig, Mode, PluginError};

/// The custom section naming the ABI version.
pub const ABI_SECTION: &str = "guanxi_abi";
/// The one ABI version this host speaks.
pub const ABI_VERSION: &[u8] = b"1";
/// The import namespace of the pure ABI.
pub const IMPORT_NAMESPACE: &str = "guanxi";
/// The import namespace of compatibility mode.
pub const WASI_NAMESPACE: &str = "wasi_snapshot_preview1";

/// What the pre-compilation pass learnt.
pub(crate) struct Shape {
    pub(crate) abi_section: Option<Vec<u8>>,
}

/// Parses the module without compiling it: rejects components, reads the ABI
/// section, and bounds what the compiler will be asked to do.
pub(crate) fn shape(bytes: &[u8], config: &HostConfig) -> Result<Shape, PluginError> {
    let mut abi_section: Option<Vec<u8>> = None;
    let mut functions: u64 = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| PluginError::BadAbi(format!("not a valid WebAssembly module: {e}")))?;
        match payload {
            Payload::Version { encoding: Encoding::Component, .. } => {
                return Err(PluginError::BadAbi("components are not supported; build a core module".into()));
            }
            Payload::CustomSection(section) if section.name() == ABI_SECTION => {
                if abi_section.is_some() {
                    return Err(PluginError::BadAbi(format!("more than one `{ABI_SECTION}` section")));
                }
                abi_section = Some(section.data().to_vec());
            }
            Payload::CodeSectionEntry(body) => {
                functions += 1;
                if functions > u64::from(config.max_functions) {
                    return Err(PluginError::TooComplex(format!("more than {} functions", config.max_functions)));
                }
                let size = body.range().len();
                if size > config.max_function_body_bytes {
                    return Err(PluginError::TooComplex(format!(
                        "function {} is {size} bytes of code, more than the {} allowed",
                        functions - 1,
                        config.max_function_body_bytes
                    )));
                }
                let mut locals: u64 = 0;
                let mut reader = body
                    .get_locals_reader()
                    .map_err(|e| PluginError::BadAbi(format!("not a valid WebAssembly module: {e}")))?;
                for _ in 0..reader.get_count() {
                    let (count, _) = reader
                        .read()
                        .map_err(|e| PluginError::BadAbi(format!("not a valid WebAssembly module: {e}")))?;
                    locals += u64::from(count);
                }
                if locals > u64::from(config.max_locals) {
                    return Err(PluginError::TooComplex(format!(
                        "function {} declares {locals} locals, more than the {} allowed",
                        functions - 1,
                        config.max_locals
                    )));
                }
            }
            _ => {}
        }
    }
    Ok(Shape { abi_section })
}

/// Checks the ABI section for the mode: required and `1` in pure mode,
/// optional (but `1` when present) in compatibility mode.
pub(crate) fn check_abi_section(shape: &Shape, mode: Mode) -> Result<(), PluginError> {
    match (&shape.abi_section, mode) {
        (None, Mode::Pure) => Err(PluginError::BadAbi(format!(
            "no `{ABI_SECTION}` custom section; a pure ABI module must name its ABI version"
        ))),
        (None, Mode::Compat) => Ok(()),
        (Some(v), _) if v.as_slice() == ABI_VERSION => Ok(()),
        (Some(v), _) => Err(PluginError::BadAbi(format!(
            "`{ABI_SECTION}` says {:?}; this host speaks ABI version 1",
            String::from_utf8_lossy(v)
        ))),
    }
}

fn func_type_is(ty: &FuncType, params: &[ValType], results: &[ValType]) -> bool {
    let same = |a: &mut dyn ExactSizeIterator<Item = ValType>, b: &[ValType]| {
        a.len() == b.len() && a.zip(b).all(|(x, y)| ValType::eq(&x, y))
    };
    same(&mut ty.params(), params) && same(&mut ty.results(), results)
}

/// The host functions of the pure ABI and their types.
fn pure_import(name: &str) -> Option<(&'static [ValType], &'static [ValType])> {
    const I32: ValType = ValType::I32;
    match name {
        "input_len" => Some((&[], &[I32])),
        "input_read" => Some((&[I32], &[])),
        "output_write" => Some((&[I32, I32], &[])),
        "log" => Some((&[I32, I32, I32], &[])),
        _ => None,
    }
}

/// Pure mode: only the `guanxi` functions, with their exact types.
pub(crate) fn check_pure_imports(module: &Module) -> Result<(), PluginError> {
    for import in module.imports() {
        let forbidden =
            || PluginError::ForbiddenImport { module: import.module().to_owned(), name: import.name().to_owned() };
        if import.module() != IMPORT_NAMESPACE {
            return Err(forbidden());
        }
        let Some((params, results)) = pure_import(import.name()) else {
            return Err(forbidden());
        };
        match import.ty() {
            ExternType::Func(ty) if func_type_is(&ty, params, results) => {}
            ExternType::Func(_) => {
                return Err(PluginError::BadAbi(format!("import `guanxi::{}` has the wrong type", import.name())));
            }
            _ => return Err(forbidden()),
        }
    }
    Ok(())
}

/// Compatibility mode: only WASI preview 1 (which functions exist is checked
/// against the linker by the caller).
pub(crate) fn check_compat_namespaces(module: &Module) -> Result<(), PluginError> {
    match module.imports().find(|i| i.module() != WASI_NAMESPACE) {
        Some(i) => Err(PluginError::ForbiddenImport { module: i.module().to_owned(), name: i.name().to_owned() }),
        None => Ok(()),
    }
}

fn check_memory_export(module: &Module) -> Result<(), PluginError> {
    match module.get_export("memory") {
        Some(ExternType::Memory(m)) if !m.is_64() && !m.is_shared() => Ok(()),
        Some(_) => Err(PluginError::BadAbi("export `memory` must be a 32-bit, unshared memory".into())),
        None => Err(PluginError::BadAbi("no `memory` export".into())),
    }
}

/// Pure mode: `memory` and at least one hook, each `() -> i32`. Returns the hooks.
pub(crate) fn pure_exports(module: &Module) -> Result<Vec<Hook>, PluginError> {
    check_memory_export(module)?;
    let mut hooks = Vec::new();
    for hook in Hook::ALL {
        match module.get_export(hook.export_name()) {
            None => {}
            Some(ExternType::Func(ty)) if func_type_is(&ty, &[], &[ValType::I32]) => hooks.push(hook),
            Some(_) => {
                return Err(PluginError::BadAbi(format!(
                    "export `{}` must be a function `() -> i32`",
                    hook.export_name()
                )));
            }
        }
    }
    if hooks.is_empty() {
        return Err(PluginError::BadAbi(
            "exports no hook (hook_field_validate, hook_field_compute, hook_grade or hook_workflow_action)".into(),
        ));
    }
    Ok(hooks)
}

/// Compatibility mode: a WASI command (`_start`) with its `memory`.
pub(crate) fn compat_exports(module: &Module) -> Result<(), PluginError> {
    check_memory_export(module)?;
    match module.get_export("_start") {
        Some(ExternType::Func(ty)) if func_type_is(&ty, &[], &[]) => Ok(()),
        _ => Err(PluginError::BadAbi(format!(
            "no `_start: () -> ()` export: a compatibility-mode plugin is a WASI command \
             (and a pure ABI plugin needs the `{ABI_SECTION}` section)"
        ))),
    }
}

/// Mode detection for tools: a module that names the ABI version is a pure
/// ABI plugin, anything else is taken for a WASI command.
pub fn detect_mode(bytes: &[u8]) -> Mode {
    let named =
        Parser::new(0).parse_all(bytes).any(|p| matches!(p, Ok(Payload::CustomSection(s)) if s.name() == ABI_SECTION));
    if named { Mode::Pure } else { Mode::Compat }
}
