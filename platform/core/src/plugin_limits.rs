//! Plugin limits a subscription plan changes. The host has defaults per hook
//! kind; an operator's configuration names plans and, per plan and hook,
//! the limits that differ. A company runs its plugins under its plan's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::subscription::PlanId;

/// Limits of one hook kind. As an override, an unset field keeps the host's
/// default; as a report of what applies, every field is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PluginLimits {
    /// WebAssembly fuel (about one unit per instruction executed).
    pub fuel: Option<u64>,
    /// Wall-clock deadline of a call, in milliseconds.
    pub deadline_ms: Option<u64>,
    /// Largest linear memory, in bytes (never above the host's ceiling).
    pub memory_bytes: Option<u64>,
    /// Largest table, in elements (never above the host's ceiling).
    pub table_elements: Option<u32>,
    /// Largest input JSON, in bytes.
    pub input_bytes: Option<usize>,
    /// Largest output JSON, in bytes.
    pub output_bytes: Option<usize>,
    /// Total bytes of log messages.
    pub log_bytes: Option<usize>,
    /// Largest module that may run the hook, in bytes (never above the
    /// host's ceiling).
    pub module_bytes: Option<usize>,
}

/// Overrides per plan, then per hook name (`field.validate`,
/// `field.compute`, `grade`, `workflow.action`). A plan name that is not a
/// valid [`PlanId`] fails when the configuration is read.
pub type PlanLimits = BTreeMap<PlanId, BTreeMap<String, PluginLimits>>;

/// The overrides of `plan` for `hook`, if the configuration has any.
pub fn overrides<'a>(plans: &'a PlanLimits, plan: &PlanId, hook: &str) -> Option<&'a PluginLimits> {
    plans.get(plan).and_then(|hooks| hooks.get(hook))
}

/// Checks a configuration: every hook named must be one of `hooks`, and no
/// limit may be zero (a call could never run). Returns the first problem.
pub fn check(plans: &PlanLimits, hooks: &[&str]) -> Result<(), String> {
    for (plan, by_hook) in plans {
        for (hook, l) in by_hook {
            if !hooks.contains(&hook.as_str()) {
                return Err(format!("plan `{plan}` names unknown hook `{hook}` (known: {})", hooks.join(", ")));
            }
            let zero = l.fuel == Some(0)
                || l.deadline_ms == Some(0)
                || l.memory_bytes == Some(0)
                || l.input_bytes == Some(0)
                || l.output_bytes == Some(0)
                || l.module_bytes == Some(0);
            if zero {
                return Err(format!("plan `{plan}`, hook `{hook}`: a limit of zero would refuse every call"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOOKS: &[&str] = &["field.validate", "grade"];

    fn plans(json: &str) -> PlanLimits {
        serde_json::from_str(json).expect("plans parse")
    }

    #[test]
    fn finds_a_plans_overrides_for_a_hook() {
        let p = plans(r#"{"pro": {"grade": {"fuel": 500000000, "deadline_ms": 2000}}}"#);
        let pro = PlanId::parse("pro").expect("a plan name");
        let o = overrides(&p, &pro, "grade").expect("pro has grade limits");
        assert_eq!(o.fuel, Some(500_000_000));
        assert_eq!(o.memory_bytes, None);
        assert!(overrides(&p, &pro, "field.validate").is_none());
        assert!(overrides(&p, &PlanId::free(), "grade").is_none());
        assert!(check(&p, HOOKS).is_ok());
    }

    #[test]
    fn refuses_unknown_hooks_fields_and_zero_limits() {
        assert!(
            check(&plans(r#"{"pro": {"grading": {"fuel": 1}}}"#), HOOKS).expect_err("unknown hook").contains("grading")
        );
        assert!(check(&plans(r#"{"pro": {"grade": {"fuel": 0}}}"#), HOOKS).is_err());
        assert!(serde_json::from_str::<PlanLimits>(r#"{"pro": {"grade": {"gas": 1}}}"#).is_err());
        assert!(serde_json::from_str::<PlanLimits>(r#"{"Pro plan": {"grade": {"fuel": 1}}}"#).is_err());
    }
}
