//! The example plugins against their sample inputs, in both modes.

use guanxi_core::TenantId;
use guanxi_plugin_host::{Hook, Mode, PluginError, detect_mode};
use serde_json::{Value, json};

use crate::support::{call, example, host, sample};

fn run(file: &str, mode: Mode, hook: Hook, input: &Value) -> Result<Value, PluginError> {
    let host = host();
    let module = host.load(&example(file), mode)?;
    call(host, &module, hook, input)
}

/// Every sample input is valid against its hook's input schema.
#[test]
fn sample_inputs_match_the_input_schemas() {
    for (example, hook) in [
        ("chinese-mobile", Hook::FieldValidate),
        ("customer-ltv", Hook::FieldCompute),
        ("rfm-grader", Hook::Grade),
        ("abcd-grader", Hook::Grade),
        ("birthday-care", Hook::WorkflowAction),
        ("credit-code-c", Hook::FieldValidate),
    ] {
        host().check_input(hook, &sample(example)).unwrap_or_else(|e| panic!("{example}: {e}"));
    }
}

#[test]
fn chinese_mobile_validates_numbers() {
    let mut input = sample("chinese-mobile");
    assert_eq!(run("chinese_mobile.wasm", Mode::Pure, Hook::FieldValidate, &input).unwrap(), json!({"valid": true}));
    for bad in ["12800138000", "1380013800", "abc", "010-12345678"] {
        input["value"] = json!(bad);
        let out = run("chinese_mobile.wasm", Mode::Pure, Hook::FieldValidate, &input).unwrap();
        assert_eq!(out["valid"], false, "{bad}");
        assert!(out["message"].as_str().unwrap().contains("手机号"), "{out}");
    }
    input["value"] = Value::Null;
    assert_eq!(run("chinese_mobile.wasm", Mode::Pure, Hook::FieldValidate, &input).unwrap()["valid"], false);
}

#[test]
fn customer_ltv_sums_won_and_weighted_open_deals() {
    let out = run("customer_ltv.wasm", Mode::Pure, Hook::FieldCompute, &sample("customer-ltv")).unwrap();
    // won 38,600 + 125,000 + 22,000 yuan, open 80,000 × 0.3
    assert_eq!(out, json!({"value": {"amount_minor": 18_560_000 + 2_400_000, "currency": "CNY"}}));
}

#[test]
fn rfm_grader_grades_the_sample_customer() {
    let out = run("rfm_grader.wasm", Mode::Pure, Hook::Grade, &sample("rfm-grader")).unwrap();
    // Last order 25 days ago (R5), 3 orders in a year (F3), 185,600 yuan (M3).
    assert_eq!(out["grade"], "B", "{out}");
    assert_eq!(out["score"], 11.0);
    assert!(out["reason"].as_str().unwrap().starts_with("R5 F3 M3"), "{out}");
}

#[test]
fn abcd_grader_grades_the_sample_customer() {
    let mut input = sample("abcd-grader");
    assert_eq!(run("abcd_grader.wasm", Mode::Pure, Hook::Grade, &input).unwrap()["grade"], "A");
    input["customer"]["deals"] = json!([]);
    input["customer"]["conversations"]["last_30_days"] = json!(0);
    let out = run("abcd_grader.wasm", Mode::Pure, Hook::Grade, &input).unwrap();
    assert_eq!(out, json!({"grade": "C", "reason": "contact in the last 90 days"}));
}

#[test]
fn birthday_care_greets_on_the_birthday_only() {
    let mut input = sample("birthday-care");
    let out = run("birthday_care.wasm", Mode::Pure, Hook::WorkflowAction, &input).unwrap();
    let effects = out["effects"].as_array().unwrap();
    assert_eq!(effects.len(), 2, "{out}");
    assert_eq!(effects[0]["type"], "send_mail");
    assert_eq!(effects[0]["to"], "record");
    assert_eq!(effects[0]["subject"], "生日快乐，王芳！");
    assert_eq!(effects[1], json!({"type": "create_plan", "title": "给王芳打电话祝生日快乐", "due": "2024-07-15"}));

    input["now"] = json!("2024-07-16T09:30:00+08:00");
    assert_eq!(run("birthday_care.wasm", Mode::Pure, Hook::WorkflowAction, &input).unwrap(), json!({"effects": []}));
}

/// The Rust examples built as WASI commands answer exactly what their pure
/// builds answer.
#[test]
fn command_builds_answer_like_pure_builds() {
    for (name, example, hook) in [
        ("chinese_mobile", "chinese-mobile", Hook::FieldValidate),
        ("customer_ltv", "customer-ltv", Hook::FieldCompute),
        ("rfm_grader", "rfm-grader", Hook::Grade),
        ("abcd_grader", "abcd-grader", Hook::Grade),
        ("birthday_care", "birthday-care", Hook::WorkflowAction),
    ] {
        let input = sample(example);
        let pure = run(&format!("{name}.wasm"), Mode::Pure, hook, &input).unwrap();
        let command = run(&format!("{name}.command.wasm"), Mode::Compat, hook, &input).unwrap();
        assert_eq!(pure, command, "{name}");
    }
}

#[test]
fn c_credit_code_runs_in_compatibility_mode() {
    let bytes = example("credit_code.wasm");
    assert_eq!(detect_mode(&bytes), Mode::Compat);
    assert_eq!(detect_mode(&example("rfm_grader.wasm")), Mode::Pure);
    let host = host();
    let module = host.load(&bytes, Mode::Compat).unwrap();
    let mut input = sample("credit-code-c");
    let input_bytes = serde_json::to_vec(&input).unwrap();
    let outcome = host
        .call(TenantId::new(), &module, Hook::FieldValidate, &input_bytes, &host.limits(Hook::FieldValidate))
        .unwrap();
    assert_eq!(outcome.output, json!({"valid": true}));
    assert_eq!(outcome.logs.len(), 1, "{:?}", outcome.logs);
    assert!(outcome.logs[0].message.contains("91330106MA2CFQ8L6L"));

    input["value"] = json!("91330106MA2CFQ8L6U");
    let out = call(host, &module, Hook::FieldValidate, &input).unwrap();
    assert_eq!(out["valid"], false);
    assert!(out["message"].as_str().unwrap().contains("校验位"), "{out}");

    // It implements field.validate only and says so with its exit status.
    let err = call(host, &module, Hook::Grade, &sample("rfm-grader")).unwrap_err();
    assert!(matches!(err, PluginError::Failed { status: 64 }), "{err:?}");
}

/// A pure module only runs the hooks it exports.
#[test]
fn a_missing_hook_is_a_typed_error() {
    let err = run("rfm_grader.wasm", Mode::Pure, Hook::FieldValidate, &sample("chinese-mobile")).unwrap_err();
    assert!(matches!(err, PluginError::HookMissing(Hook::FieldValidate)), "{err:?}");
}

/// Same bytes, same compiled module; the outcome reports usage.
#[test]
fn modules_are_cached_by_content_and_calls_report_usage() {
    let host = host();
    let a = host.load(&example("rfm_grader.wasm"), Mode::Pure).unwrap();
    let b = host.load(&example("rfm_grader.wasm"), Mode::Pure).unwrap();
    assert_eq!(a.hash_hex(), b.hash_hex());
    assert_eq!(a.hooks(), Some(&[Hook::Grade][..]));
    let input = serde_json::to_vec(&sample("rfm-grader")).unwrap();
    let limits = host.limits(Hook::Grade);
    let outcome = host.call(TenantId::new(), &a, Hook::Grade, &input, &limits).unwrap();
    assert!(outcome.fuel_used > 0 && outcome.fuel_used < limits.fuel);
    assert_eq!(outcome.fuel_limit, limits.fuel);
    assert!(outcome.memory_peak >= 64 * 1024 && outcome.memory_peak <= limits.memory_bytes);
    // Deterministic: the same input gives the same output and the same fuel.
    let again = host.call(TenantId::new(), &b, Hook::Grade, &input, &limits).unwrap();
    assert_eq!(again.output, outcome.output);
    assert_eq!(again.fuel_used, outcome.fuel_used);
}
