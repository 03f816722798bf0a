//! The hooks of ABI v1 and their JSON Schemas (the committed contract in
//! `schema/plugin-abi/v1`, embedded at build time).

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

/// A hook a plugin may implement. Each hook has one export in a pure ABI
/// module (`hook_…`) and one input and output JSON Schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Hook {
    /// `field.validate`: may this value be saved into a custom field?
    FieldValidate,
    /// `field.compute`: the value of a computed custom field.
    FieldCompute,
    /// `grade`: a customer's grade under a grading model.
    Grade,
    /// `workflow.action`: effects a workflow step asks for.
    WorkflowAction,
}

impl Hook {
    /// Every hook, in a stable order.
    pub const ALL: [Hook; 4] = [Hook::FieldValidate, Hook::FieldCompute, Hook::Grade, Hook::WorkflowAction];

    /// The hook's name in the contract, e.g. `field.validate`.
    pub fn name(self) -> &'static str {
        match self {
            Hook::FieldValidate => "field.validate",
            Hook::FieldCompute => "field.compute",
            Hook::Grade => "grade",
            Hook::WorkflowAction => "workflow.action",
        }
    }

    /// The function a pure ABI module exports for the hook, e.g. `hook_grade`.
    pub fn export_name(self) -> &'static str {
        match self {
            Hook::FieldValidate => "hook_field_validate",
            Hook::FieldCompute => "hook_field_compute",
            Hook::Grade => "hook_grade",
            Hook::WorkflowAction => "hook_workflow_action",
        }
    }

    /// The hook whose export is `name`, if any.
    pub fn from_export_name(name: &str) -> Option<Hook> {
        Hook::ALL.into_iter().find(|h| h.export_name() == name)
    }

    /// The JSON Schema (draft 2020-12) of the hook's input, as committed.
    pub fn input_schema(self) -> &'static str {
        match self {
            Hook::FieldValidate => include_str!("../../../schema/plugin-abi/v1/field.validate.input.schema.json"),
            Hook::FieldCompute => include_str!("../../../schema/plugin-abi/v1/field.compute.input.schema.json"),
            Hook::Grade => include_str!("../../../schema/plugin-abi/v1/grade.input.schema.json"),
            Hook::WorkflowAction => include_str!("../../../schema/plugin-abi/v1/workflow.action.input.schema.json"),
        }
    }

    /// The JSON Schema (draft 2020-12) of the hook's output, as committed.
    pub fn output_schema(self) -> &'static str {
        match self {
            Hook::FieldValidate => include_str!("../../../schema/plugin-abi/v1/field.validate.output.schema.json"),
            Hook::FieldCompute => include_str!("../../../schema/plugin-abi/v1/field.compute.output.schema.json"),
            Hook::Grade => include_str!("../../../schema/plugin-abi/v1/grade.output.schema.json"),
            Hook::WorkflowAction => include_str!("../../../schema/plugin-abi/v1/workflow.action.output.schema.json"),
        }
    }

    fn index(self) -> usize {
        match self {
            Hook::FieldValidate => 0,
            Hook::FieldCompute => 1,
            Hook::Grade => 2,
            Hook::WorkflowAction => 3,
        }
    }
}

impl fmt::Display for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown hook name.
#[derive(Debug, thiserror::Error)]
#[error("unknown hook `{0}` (known: field.validate, field.compute, grade, workflow.action)")]
pub struct UnknownHook(pub String);

impl FromStr for Hook {
    type Err = UnknownHook;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Hook::ALL.into_iter().find(|h| h.name() == s).ok_or_else(|| UnknownHook(s.to_owned()))
    }
}

/// Compiled validators for every hook's input and output schema.
pub(crate) struct Schemas {
    input: Vec<jsonschema::Validator>,
    output: Vec<jsonschema::Validator>,
}

impl Schemas {
    /// Compiles the embedded schemas. They are part of the binary, so a failure
    /// here is a build defect that the crate's tests catch.
    pub(crate) fn compile() -> Result<Self, String> {
        let build = |text: &str, what: &str| -> Result<jsonschema::Validator, String> {
            let schema: Value = serde_json::from_str(text).map_err(|e| format!("{what}: {e}"))?;
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&schema)
                .map_err(|e| format!("{what}: {e}"))
        };
        let mut input = Vec::new();
        let mut output = Vec::new();
        for hook in Hook::ALL {
            input.push(build(hook.input_schema(), &format!("{hook} input schema"))?);
            output.push(build(hook.output_schema(), &format!("{hook} output schema"))?);
        }
        Ok(Self { input, output })
    }

    pub(crate) fn check_input(&self, hook: Hook, value: &Value) -> Result<(), String> {
        check(&self.input[hook.index()], value)
    }

    pub(crate) fn check_output(&self, hook: Hook, value: &Value) -> Result<(), String> {
        check(&self.output[hook.index()], value)
    }
}

/// The first few schema violations, as one readable line.
fn check(validator: &jsonschema::Validator, value: &Value) -> Result<(), String> {
    if validator.is_valid(value) {
        return Ok(());
    }
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(3)
        .map(|e| {
            let path = e.instance_path().to_string();
            format!("{}: {e}", if path.is_empty() { "/" } else { path.as_str() })
        })
        .collect();
    Err(errors.join("; "))
}
