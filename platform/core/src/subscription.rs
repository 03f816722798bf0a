//! Subscription plans: what a company pays for. A plan is named by the
//! operator's configuration (plugin limits per plan today, billing next), so
//! it is a validated name rather than an enum; the type keeps it apart from
//! work plans ([`crate::plans`]), which are a salesperson's to-dos.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The name of a subscription plan (`free`, `pro`, `enterprise-2027`):
/// 1 to 40 characters, lowercase ASCII letters, digits, `-` and `_`,
/// starting with a letter or a digit. Stored in `tenants.plan` and used as
/// the key of `plugin_plans` in the configuration.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PlanId(String);

/// The longest plan name accepted.
pub const MAX_PLAN_ID_CHARS: usize = 40;

/// A plan name that breaks [`PlanId`]'s rules.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a plan name: 1 to 40 lowercase letters, digits, `-` or `_`, starting with a letter or a digit")]
pub struct InvalidPlanId(pub String);

impl PlanId {
    /// The plan every company starts on.
    pub const DEFAULT: &'static str = "free";

    /// The plan every company starts on (`free`).
    pub fn free() -> PlanId {
        PlanId(Self::DEFAULT.to_owned())
    }

    /// Check a plan name.
    pub fn parse(name: &str) -> Result<PlanId, InvalidPlanId> {
        let valid = !name.is_empty()
            && name.len() <= MAX_PLAN_ID_CHARS
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
            && name.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
        if valid { Ok(PlanId(name.to_owned())) } else { Err(InvalidPlanId(name.to_owned())) }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for PlanId {
    fn default() -> Self {
        PlanId::free()
    }
}

impl FromStr for PlanId {
    type Err = InvalidPlanId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlanId::parse(s)
    }
}

impl TryFrom<String> for PlanId {
    type Error = InvalidPlanId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PlanId::parse(&s)
    }
}

impl From<PlanId> for String {
    fn from(p: PlanId) -> String {
        p.0
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_operator_names_and_refuses_the_rest() {
        for ok in ["free", "pro", "enterprise-2027", "team_5", "2027"] {
            assert_eq!(PlanId::parse(ok).map(|p| p.to_string()), Ok(ok.to_owned()));
        }
        for bad in ["", "Pro", " pro", "pro ", "-pro", "_x", "pro plan", "专业", &"p".repeat(41)] {
            assert!(PlanId::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(PlanId::default().as_str(), "free");
    }

    #[test]
    fn reads_and_writes_as_a_plain_string() {
        let p: PlanId = serde_json::from_str("\"pro\"").expect("a plan name");
        assert_eq!(serde_json::to_string(&p).expect("serialises"), "\"pro\"");
        assert!(serde_json::from_str::<PlanId>("\"Pro\"").is_err());
    }
}
