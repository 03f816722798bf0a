//! A plugin's manifest: who it is, which hooks it offers, what configuration
//! it takes and which workflow effects it may ask for. Described for
//! authors by `schema/plugin-abi/v1/manifest.schema.json`.

use guanxi_core::{Error, FieldError, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Every hook of ABI v1.
pub const HOOKS: [&str; 4] = ["field.validate", "field.compute", "grade", "workflow.action"];
/// Every effect a `workflow.action` may return.
pub const EFFECTS: [&str; 4] = ["set_field", "create_plan", "send_mail", "move_to_pool"];

/// A checked manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Stable identifier in the company: `a-z`, digits and `-`, 1–64.
    pub key: String,
    /// Display name, 1–100 characters.
    pub name: String,
    /// This upload's version, unique per plugin: 1–32 of `0-9A-Za-z.+-`.
    pub version: String,
    /// What it does, at most 2,000 characters.
    #[serde(default)]
    pub description: String,
    /// The hooks it offers.
    pub hooks: Vec<String>,
    /// JSON Schema (draft 2020-12) of its configuration; none: any object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_schema: Option<Value>,
    /// Effects its `workflow.action` may return.
    #[serde(default)]
    pub effects: Vec<String>,
}

fn bad(errors: &mut Vec<FieldError>, field: &str, reason: &'static str, message: impl Into<String>) {
    errors.push(FieldError::new(format!("manifest.{field}"), reason, message));
}

/// A compiled JSON Schema (draft 2020-12) of a configuration.
pub(crate) fn config_validator(schema: &Value) -> std::result::Result<jsonschema::Validator, String> {
    if !schema.is_object() {
        return Err("must be a JSON Schema object".into());
    }
    jsonschema::options().with_draft(jsonschema::Draft::Draft202012).build(schema).map_err(|e| e.to_string())
}

/// Check `config` against the manifest's configuration schema.
pub(crate) fn check_config(manifest: &Manifest, config: &Value, field: &str) -> Result<()> {
    if !config.is_object() {
        return Err(Error::invalid(field, "invalid", "the configuration must be a JSON object"));
    }
    let Some(schema) = &manifest.config_schema else { return Ok(()) };
    let validator = config_validator(schema).map_err(|e| Error::Internal(e.into()))?;
    let problems: Vec<FieldError> = validator
        .iter_errors(config)
        .take(5)
        .map(|e| {
            let path = e.instance_path().to_string();
            let at = if path.is_empty() { field.to_owned() } else { format!("{field}{}", path.replace('/', ".")) };
            FieldError::new(at, "config_invalid", e.to_string())
        })
        .collect();
    if problems.is_empty() { Ok(()) } else { Err(Error::Validation(problems)) }
}

impl Manifest {
    /// Read and check a manifest document. Unknown properties are errors,
    /// so a misspelt one is not silently ignored.
    pub fn parse(doc: &Value) -> Result<Manifest> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            key: Option<String>,
            name: Option<String>,
            version: Option<String>,
            description: Option<String>,
            hooks: Option<Vec<String>>,
            config_schema: Option<Value>,
            effects: Option<Vec<String>>,
        }
        let raw: Raw = serde_json::from_value(doc.clone())
            .map_err(|e| Error::invalid("manifest", "invalid", format!("not a manifest: {e}")))?;
        let mut errors = Vec::new();
        let key = raw.key.unwrap_or_default();
        let key_ok = (1..=64).contains(&key.len())
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !key_ok {
            bad(&mut errors, "key", "invalid", "1–64 of a-z, 0-9 and -, starting with a letter");
        }
        let name = raw.name.unwrap_or_default().trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            bad(&mut errors, "name", "invalid", "1 to 100 characters");
        }
        let version = raw.version.unwrap_or_default();
        let version_ok = (1..=32).contains(&version.len())
            && version.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-'));
        if !version_ok {
            bad(&mut errors, "version", "invalid", "1–32 of 0-9, A-Z, a-z, ., + and -, e.g. 1.2.0");
        }
        let description = raw.description.unwrap_or_default().trim().to_owned();
        if description.chars().count() > 2000 {
            bad(&mut errors, "description", "too_long", "at most 2,000 characters");
        }
        let hooks = raw.hooks.unwrap_or_default();
        if hooks.is_empty() {
            bad(&mut errors, "hooks", "required", "name at least one hook");
        }
        for (i, h) in hooks.iter().enumerate() {
            if !HOOKS.contains(&h.as_str()) {
                bad(&mut errors, &format!("hooks.{i}"), "unknown", format!("unknown hook `{h}`"));
            } else if hooks[..i].contains(h) {
                bad(&mut errors, &format!("hooks.{i}"), "duplicate", format!("`{h}` is listed twice"));
            }
        }
        if let Some(schema) = &raw.config_schema
            && let Err(e) = config_validator(schema)
        {
            bad(&mut errors, "config_schema", "invalid", format!("not a usable JSON Schema: {e}"));
        }
        let effects = raw.effects.unwrap_or_default();
        for (i, e) in effects.iter().enumerate() {
            if !EFFECTS.contains(&e.as_str()) {
                bad(&mut errors, &format!("effects.{i}"), "unknown", format!("unknown effect `{e}`"));
            }
        }
        if !effects.is_empty() && !hooks.iter().any(|h| h == "workflow.action") {
            bad(&mut errors, "effects", "not_applicable", "only a workflow.action plugin returns effects");
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        Ok(Manifest { key, name, version, description, hooks, config_schema: raw.config_schema, effects })
    }

    /// Whether it offers `hook`.
    pub fn offers(&self, hook: &str) -> bool {
        self.hooks.iter().any(|h| h == hook)
    }

    /// The stored form.
    pub(crate) fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_good_manifest_reads() {
        let m = Manifest::parse(&json!({
            "key": "chinese-mobile", "name": "手机号校验", "version": "1.0.0", "hooks": ["field.validate"],
            "config_schema": { "type": "object", "properties": { "strict": { "type": "boolean" } } }
        }))
        .expect("a good manifest");
        assert_eq!(m.key, "chinese-mobile");
        assert!(m.offers("field.validate"));
        check_config(&m, &json!({ "strict": true }), "config").expect("a good configuration");
        let Err(Error::Validation(e)) = check_config(&m, &json!({ "strict": "yes" }), "config") else { panic!() };
        assert_eq!(e[0].field, "config.strict");
    }

    #[test]
    fn every_problem_is_named() {
        let Err(Error::Validation(e)) = Manifest::parse(&json!({
            "key": "Bad Key", "name": "", "version": "1 0", "hooks": ["grade", "grade", "paint"],
            "effects": ["launch"], "config_schema": { "type": 12 }
        })) else {
            panic!()
        };
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "manifest.key",
                "manifest.name",
                "manifest.version",
                "manifest.hooks.1",
                "manifest.hooks.2",
                "manifest.config_schema",
                "manifest.effects.0",
                "manifest.effects"
            ]
        );
        assert!(
            Manifest::parse(&json!({ "key": "a", "name": "A", "version": "1", "hooks": ["grade"], "x": 1 })).is_err()
        );
    }
}
