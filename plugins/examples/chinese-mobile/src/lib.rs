//! `field.validate`: accepts mainland Chinese mobile numbers (11 digits,
//! 1[3-9]…), with an optional +86 / 0086 prefix and spaces or dashes.

use guanxi_plugin_sdk::{export_hooks, log, Level};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
pub struct Input {
    pub value: Value,
    pub field: Field,
}

#[derive(Deserialize)]
pub struct Field {
    pub required: bool,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Output {
    pub valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The national number of a mainland mobile number, if `raw` is one.
pub fn normalize(raw: &str) -> Option<String> {
    let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let national = if let Some(rest) = compact.strip_prefix("+86") {
        rest
    } else if let Some(rest) = compact.strip_prefix("0086") {
        rest
    } else {
        compact.as_str()
    };
    let bytes = national.as_bytes();
    let ok = bytes.len() == 11
        && bytes.iter().all(u8::is_ascii_digit)
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1]);
    if ok {
        Some(national.to_string())
    } else {
        None
    }
}

fn invalid(message: &str) -> Output {
    Output { valid: false, message: Some(message.to_string()) }
}

pub fn validate(input: Input) -> Result<Output, String> {
    let text = match &input.value {
        Value::Null => {
            return Ok(if input.field.required { invalid("请填写手机号") } else { Output { valid: true, message: None } })
        }
        Value::String(s) if s.trim().is_empty() && !input.field.required => {
            return Ok(Output { valid: true, message: None })
        }
        Value::String(s) => s.clone(),
        _ => return Ok(invalid("手机号应为文本")),
    };
    match normalize(&text) {
        Some(n) => {
            log(Level::Debug, &format!("accepted {}", n));
            Ok(Output { valid: true, message: None })
        }
        None => Ok(invalid("请输入有效的中国大陆手机号（11 位，以 13–19 开头）")),
    }
}

export_hooks! {
    field_validate => validate,
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn numbers() {
        assert_eq!(normalize("138 0013 8000").as_deref(), Some("13800138000"));
        assert_eq!(normalize("+86 199-1234-5678").as_deref(), Some("19912345678"));
        assert_eq!(normalize("12800138000"), None);
        assert_eq!(normalize("1380013800"), None);
        assert_eq!(normalize("010-12345678"), None);
    }
}
