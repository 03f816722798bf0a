//! Grading without code (客户评级): the models a company's admins configure,
//! their validation, and the pure maths that turns facts about customers
//! into grades.
//!
//! A model has a [`ModelKind`] and a configuration stored as JSON with a
//! version ([`CONFIG_VERSION`]). [`GradingConfig::parse`] checks what an
//! admin sends (every problem reported at once, with paths such as
//! `config.grades.1.minScore`); [`GradingConfig::from_stored`] reads what is
//! stored, upgrading older versions.
//!
//! Grading is a function from the facts about *every* customer of a company
//! to a grade for each ([`Grader`]): value shares, quintiles and normalised
//! scores are relative to the whole population, so a model always sees all
//! of it. The store reads the facts a model asks for ([`Grader::facts_query`])
//! in one set-based query and writes back only what changed.
//!
//! The kinds:
//!
//! | kind | grades by |
//! |---|---|
//! | [`ModelKind::Abcd`] | the earliest expected close date of the customer's open deals: A within 1 month, B within 3, C within 6, D beyond, or no follow-up |
//! | [`ModelKind::ValueShare`] | the customer's share of the won amount over a window: 重点 / 主要 / 普通 |
//! | [`ModelKind::Rfm`] | recency, frequency and monetary quintile scores 1–5 → a named segment (8 or 11) |
//! | [`ModelKind::Weighted`] | a weighted sum of normalised indicators → a score 0–100 → labelled thresholds |
//!
//! A plugin-backed model (the WebAssembly `grade` hook) is another
//! implementation of [`Grader`]: facts in, grade out.

mod abcd;
mod rfm;
mod schedule;
mod value_share;
mod weighted;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::deal::Currency;
use crate::error::{Error, FieldError};
use crate::ids::CustomerId;

pub use abcd::AbcdConfig;
pub use rfm::{RecencyBasis, RfmConfig, RfmScores, SegmentScheme, quintile_scores, segment_eight, segment_eleven};
pub use schedule::{MONTHLY_RUN_DAY, MONTHLY_RUN_TIME, next_monthly_run};
pub use value_share::ValueShareConfig;
pub use weighted::{Indicator, Threshold, WeightedConfig, WeightedIndicator};

/// The version of the configuration documents this build writes.
pub const CONFIG_VERSION: i32 = 1;
/// Grading models a company may have.
pub const MAX_MODELS: u32 = 20;
/// Longest model name, in characters.
pub const NAME_MAX: usize = 50;
/// Longest grade label, in characters (the plugin ABI allows 32).
pub const LABEL_MAX: usize = 30;
/// Longest reason, in characters.
pub const REASON_MAX: usize = 500;
/// Longest window over which deals are counted, in days (ten years).
pub const MAX_WINDOW_DAYS: u32 = 3650;

/// What a grading model grades by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// ABCD by expected close window (成交周期).
    Abcd,
    /// 重点 / 主要 / 普通 by share of the won amount (价值贡献).
    ValueShare,
    /// RFM segments (RFM 模型).
    Rfm,
    /// A weighted score over several indicators (多指标加权评分).
    Weighted,
}

impl ModelKind {
    /// Every kind.
    pub const ALL: [ModelKind; 4] = [ModelKind::Abcd, ModelKind::ValueShare, ModelKind::Rfm, ModelKind::Weighted];

    /// The stored and machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::Abcd => "abcd",
            ModelKind::ValueShare => "value_share",
            ModelKind::Rfm => "rfm",
            ModelKind::Weighted => "weighted",
        }
    }

    /// The Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            ModelKind::Abcd => "ABCD 成交周期",
            ModelKind::ValueShare => "价值贡献",
            ModelKind::Rfm => "RFM 模型",
            ModelKind::Weighted => "多指标加权评分",
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ModelKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        ModelKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::invalid("kind", "invalid", format!("unknown grading model kind `{s}`")))
    }
}

/// What the store must read for a model: deals won from `window_start`
/// (inclusive) to today count towards frequency and amount, amounts only
/// in `currency`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FactsQuery {
    /// First day of the window (the company's calendar); `None`: all time.
    pub window_start: Option<NaiveDate>,
    /// Only deals in this currency count towards amounts.
    pub currency: Currency,
}

/// What a model knows about one customer on the day of the run. Dates are
/// the company's calendar days.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerFacts {
    /// The customer.
    pub customer: CustomerId,
    /// Day of the last contact (`customers.last_contact_at`).
    pub last_contact: Option<NaiveDate>,
    /// The earliest expected close date, today or later, of the
    /// customer's open deals. Open deals whose expected date has passed
    /// without an update do not count: nobody is following them up.
    pub next_expected_close: Option<NaiveDate>,
    /// Deals won within the window (any currency).
    pub won_count: u32,
    /// Amount won within the window, in minor units of the model's currency.
    pub won_minor: i64,
    /// Close date of the latest won deal, at any time.
    pub last_won: Option<NaiveDate>,
    /// Conversations logged with the customer, once conversations exist.
    pub conversation_count: Option<u32>,
    /// Numeric custom field values the model asked for, by key.
    pub custom: Vec<(String, f64)>,
}

/// One grade a model may give, for pickers and filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeLabel {
    /// The label as stored on customers, e.g. `A` or `重要价值客户`.
    pub label: String,
    /// What it means, in English.
    pub description: String,
}

impl GradeLabel {
    fn new(label: impl Into<String>, description: impl Into<String>) -> Self {
        GradeLabel { label: label.into(), description: description.into() }
    }
}

/// A customer's grade under one model.
#[derive(Clone, Debug, PartialEq)]
pub struct Graded {
    /// One of the model's labels.
    pub label: String,
    /// The number behind it, where the model has one (share, RFM code,
    /// weighted score), rounded to two decimals.
    pub score: Option<f64>,
    /// The facts that decided it (a JSON object), for people and audits.
    /// Only facts that stay the same from day to day while nothing changes
    /// (dates rather than "days ago"), so a rerun finds nothing to rewrite.
    pub inputs: Value,
    /// Why, in one sentence (Chinese), e.g. `RFM 5-4-5 → 重要价值客户`.
    pub reason: String,
}

/// A grading engine: the facts about every customer in, a grade for each
/// out, in the same order. Implemented by every built-in kind; a model
/// backed by a plugin's `grade` hook is one more implementation.
pub trait Grader {
    /// What the store must read for a run on `today`.
    fn facts_query(&self, today: NaiveDate) -> FactsQuery;
    /// The labels this model gives, best first.
    fn labels(&self) -> Vec<GradeLabel>;
    /// Grade the whole population. `facts` is in a stable order (by
    /// customer id); the result has one entry per fact, in that order.
    fn grade(&self, facts: &[CustomerFacts], today: NaiveDate) -> Vec<Graded>;
}

/// A validated model configuration.
#[derive(Clone, Debug, PartialEq)]
pub enum GradingConfig {
    /// See [`AbcdConfig`].
    Abcd(AbcdConfig),
    /// See [`ValueShareConfig`].
    ValueShare(ValueShareConfig),
    /// See [`RfmConfig`].
    Rfm(RfmConfig),
    /// See [`WeightedConfig`].
    Weighted(WeightedConfig),
}

/// Deserialize with serde's message as a field error on `config`.
fn from_json<T: serde::de::DeserializeOwned>(raw: &Value) -> Result<T, FieldError> {
    if !raw.is_object() {
        return Err(FieldError::new("config", "invalid", "config must be a JSON object"));
    }
    T::deserialize(raw).map_err(|e| FieldError::new("config", "invalid", e.to_string()))
}

impl GradingConfig {
    /// Parse and check an admin's configuration for a model of `kind`
    /// (missing keys take their defaults, unknown keys are refused). Every
    /// problem is reported, each on its path under `config`.
    pub fn parse(kind: ModelKind, raw: &Value) -> Result<GradingConfig, Error> {
        let parsed = match kind {
            ModelKind::Abcd => from_json(raw).map(GradingConfig::Abcd),
            ModelKind::ValueShare => from_json(raw).map(GradingConfig::ValueShare),
            ModelKind::Rfm => from_json(raw).map(GradingConfig::Rfm),
            ModelKind::Weighted => from_json(raw).map(GradingConfig::Weighted),
        };
        let config = parsed.map_err(|e| Error::Validation(vec![e]))?;
        let problems = config.problems();
        if problems.is_empty() { Ok(config) } else { Err(Error::Validation(problems)) }
    }

    /// Read a stored configuration of `version`. Documents of older
    /// versions are upgraded here (none exist yet: version 1 is the first);
    /// a newer or unreadable one is an internal error (the database was
    /// written by a newer build, or damaged).
    pub fn from_stored(kind: ModelKind, version: i32, doc: &Value) -> Result<GradingConfig, Error> {
        if version != CONFIG_VERSION {
            return Err(Error::Internal(format!("grading config version {version} is not supported").into()));
        }
        GradingConfig::parse(kind, doc)
            .map_err(|e| Error::Internal(format!("stored grading config does not validate: {e}").into()))
    }

    /// The kind.
    pub fn kind(&self) -> ModelKind {
        match self {
            GradingConfig::Abcd(_) => ModelKind::Abcd,
            GradingConfig::ValueShare(_) => ModelKind::ValueShare,
            GradingConfig::Rfm(_) => ModelKind::Rfm,
            GradingConfig::Weighted(_) => ModelKind::Weighted,
        }
    }

    /// The configuration as stored and shown, every default filled in.
    pub fn to_json(&self) -> Value {
        let v = match self {
            GradingConfig::Abcd(c) => serde_json::to_value(c),
            GradingConfig::ValueShare(c) => serde_json::to_value(c),
            GradingConfig::Rfm(c) => serde_json::to_value(c),
            GradingConfig::Weighted(c) => serde_json::to_value(c),
        };
        // Plain structs of numbers, strings and lists always serialise.
        v.unwrap_or(Value::Null)
    }

    /// The grading engine of this configuration.
    pub fn grader(&self) -> &dyn Grader {
        match self {
            GradingConfig::Abcd(c) => c,
            GradingConfig::ValueShare(c) => c,
            GradingConfig::Rfm(c) => c,
            GradingConfig::Weighted(c) => c,
        }
    }

    fn problems(&self) -> Vec<FieldError> {
        match self {
            GradingConfig::Abcd(c) => c.problems(),
            GradingConfig::ValueShare(c) => c.problems(),
            GradingConfig::Rfm(c) => c.problems(),
            GradingConfig::Weighted(c) => c.problems(),
        }
    }
}

/// Check a window length, in days.
fn check_window(days: u32, errors: &mut Vec<FieldError>) {
    if !(1..=MAX_WINDOW_DAYS).contains(&days) {
        errors.push(FieldError::new(
            "config.windowDays",
            "out_of_range",
            format!("the window is 1 to {MAX_WINDOW_DAYS} days"),
        ));
    }
}

/// Check a currency code.
fn check_currency(code: &str, errors: &mut Vec<FieldError>) -> Currency {
    Currency::parse(code, "config.currency").unwrap_or_else(|e| {
        errors.push(e);
        Currency::CNY
    })
}

/// Check a list of labels: each 1 to [`LABEL_MAX`] characters without
/// control characters, all different.
fn check_labels<'a>(field: &str, labels: impl Iterator<Item = &'a str>, errors: &mut Vec<FieldError>) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, l) in labels.enumerate() {
        let n = l.trim().chars().count();
        if n == 0 || n > LABEL_MAX || l.chars().any(char::is_control) || l.trim() != l {
            errors.push(FieldError::new(
                format!("{field}.{i}"),
                "invalid",
                format!("a label is 1 to {LABEL_MAX} characters without surrounding spaces"),
            ));
        } else if seen.contains(&l) {
            errors.push(FieldError::new(format!("{field}.{i}"), "duplicate", "labels must be different"));
        }
        seen.push(l);
    }
}

/// The first day of a window of `days` days ending today.
fn window_start(today: NaiveDate, days: u32) -> Option<NaiveDate> {
    today.checked_sub_days(chrono::Days::new(u64::from(days.max(1)) - 1))
}

/// `x` rounded to two decimals (scores and percentages).
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Cut a reason to [`REASON_MAX`] characters.
pub(crate) fn cut_reason(mut s: String) -> String {
    if let Some((i, _)) = s.char_indices().nth(REASON_MAX) {
        s.truncate(i);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    pub(super) fn fields(e: Error) -> Vec<(String, &'static str)> {
        e.fields().iter().map(|f| (f.field.clone(), f.reason)).collect()
    }

    #[test]
    fn every_kind_has_valid_defaults_that_round_trip() {
        for kind in ModelKind::ALL {
            let c = GradingConfig::parse(kind, &json!({})).unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(c.kind(), kind);
            let stored = c.to_json();
            assert_eq!(GradingConfig::from_stored(kind, CONFIG_VERSION, &stored).ok(), Some(c.clone()), "{kind}");
            assert!(!c.grader().labels().is_empty());
            assert_eq!(kind.as_str().parse::<ModelKind>().ok(), Some(kind));
        }
        assert!("plugin".parse::<ModelKind>().is_err());
    }

    #[test]
    fn malformed_documents_are_field_errors() {
        let e = GradingConfig::parse(ModelKind::Abcd, &json!([1])).err().map(fields);
        assert_eq!(e, Some(vec![("config".to_owned(), "invalid")]));
        let e = GradingConfig::parse(ModelKind::Abcd, &json!({ "monthA": 1 })).err();
        let e = e.map(|e| (e.to_string().contains("monthA"), fields(e)));
        assert_eq!(e, Some((true, vec![("config".to_owned(), "invalid")])));
        let e = GradingConfig::parse(ModelKind::Rfm, &json!({ "windowDays": "a year" })).err().map(fields);
        assert_eq!(e, Some(vec![("config".to_owned(), "invalid")]));
        // A stored document of a future version is not guessed at.
        assert!(matches!(GradingConfig::from_stored(ModelKind::Rfm, 2, &json!({})), Err(Error::Internal(_))));
        assert!(matches!(
            GradingConfig::from_stored(ModelKind::Rfm, 1, &json!({ "windowDays": 0 })),
            Err(Error::Internal(_))
        ));
    }

    #[test]
    fn labels_and_windows() {
        let mut e = Vec::new();
        check_labels("x", ["A", "A", "", " B", &"长".repeat(31)].into_iter(), &mut e);
        let got: Vec<(&str, &str)> = e.iter().map(|f| (f.field.as_str(), f.reason)).collect();
        assert_eq!(got, [("x.1", "duplicate"), ("x.2", "invalid"), ("x.3", "invalid"), ("x.4", "invalid")]);
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("a date");
        assert_eq!(window_start(d(2026, 3, 15), 1), Some(d(2026, 3, 15)));
        assert_eq!(window_start(d(2026, 3, 15), 365), Some(d(2025, 3, 16)));
        assert_eq!(round2(12.345_000_1), 12.35);
        assert_eq!(cut_reason("长".repeat(600)).chars().count(), REASON_MAX);
    }
}
