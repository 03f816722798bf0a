//! A weighted multi-indicator score (多指标加权评分): indicators normalised
//! to 0–1 across the company's customers, weighted, scaled to 0–100, and
//! labelled by thresholds.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::{CustomerFacts, FactsQuery, GradeLabel, Graded, Grader, check_currency, check_labels, check_window};
use crate::deal::{Currency, format_minor};
use crate::error::FieldError;

/// Most indicators one model may weigh.
pub const MAX_INDICATORS: usize = 10;
/// Largest weight.
pub const MAX_WEIGHT: f64 = 1000.0;
/// Most grade thresholds.
pub const MAX_GRADES: usize = 10;
/// Longest custom field key.
pub const CUSTOM_KEY_MAX: usize = 50;

/// Something a weighted model can weigh. Named in configurations as
/// `dealAmount`, `purchaseFrequency`, `recency`, `contactRecency`,
/// `conversationCount` and `custom:<key>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Indicator {
    /// Amount won within the window (more is better).
    DealAmount,
    /// Deals won within the window (more is better).
    PurchaseFrequency,
    /// Days since the last won deal (fewer is better).
    Recency,
    /// Days since the last contact (fewer is better).
    ContactRecency,
    /// Conversations logged (more is better).
    ConversationCount,
    /// A numeric custom field of customers, by key (more is better); the
    /// store checks that the field exists and is numeric.
    Custom(String),
}

impl Indicator {
    /// Whether this build can read the indicator's facts.
    pub fn is_available(&self) -> bool {
        // Every indicator is: conversations are recorded and custom fields
        // exist (whether a named field does is the store's check).
        true
    }

    /// The custom field this indicator reads, if any.
    pub fn custom_key(&self) -> Option<&str> {
        match self {
            Indicator::Custom(k) => Some(k),
            _ => None,
        }
    }

    /// The Chinese name.
    pub fn label_zh(&self) -> String {
        match self {
            Indicator::DealAmount => "成交额".to_owned(),
            Indicator::PurchaseFrequency => "购买频次".to_owned(),
            Indicator::Recency => "最近成交".to_owned(),
            Indicator::ContactRecency => "最近联系".to_owned(),
            Indicator::ConversationCount => "沟通次数".to_owned(),
            Indicator::Custom(k) => format!("自定义字段 {k}"),
        }
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Indicator::DealAmount => f.write_str("dealAmount"),
            Indicator::PurchaseFrequency => f.write_str("purchaseFrequency"),
            Indicator::Recency => f.write_str("recency"),
            Indicator::ContactRecency => f.write_str("contactRecency"),
            Indicator::ConversationCount => f.write_str("conversationCount"),
            Indicator::Custom(k) => write!(f, "custom:{k}"),
        }
    }
}

impl FromStr for Indicator {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "dealAmount" => Indicator::DealAmount,
            "purchaseFrequency" => Indicator::PurchaseFrequency,
            "recency" => Indicator::Recency,
            "contactRecency" => Indicator::ContactRecency,
            "conversationCount" => Indicator::ConversationCount,
            _ => match s.strip_prefix("custom:") {
                Some(k)
                    if !k.is_empty()
                        && k.len() <= CUSTOM_KEY_MAX
                        && k.starts_with(|c: char| c.is_ascii_lowercase())
                        && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') =>
                {
                    Indicator::Custom(k.to_owned())
                }
                _ => {
                    return Err(format!(
                        "unknown indicator `{s}`: use dealAmount, purchaseFrequency, recency, contactRecency, \
                         conversationCount or custom:<key>"
                    ));
                }
            },
        })
    }
}

impl Serialize for Indicator {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Indicator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// One weighed indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WeightedIndicator {
    /// What is weighed.
    pub indicator: Indicator,
    /// Its weight, more than 0 and at most 1000; weights are relative.
    pub weight: f64,
}

/// A grade and the lowest score that earns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Threshold {
    /// The label.
    pub label: String,
    /// Scores from this up (0–100) earn the label.
    pub min_score: f64,
}

/// Weighted-score configuration.
///
/// Each indicator is normalised to 0–1 across all customers:
///
/// - amounts and counts (`dealAmount`, `purchaseFrequency`,
///   `conversationCount`) from zero: `x / max`, 0 when nobody has any;
/// - recencies (`recency`, `contactRecency`: days since the day) by
///   min–max, fewer days better: `(max − x) / (max − min)`, 1 when all
///   are equal, 0 without a date;
/// - custom numbers by min–max, more is better, 0 without a value.
///
/// The score is `100 · Σ wᵢ·nᵢ / Σ wᵢ`, rounded to two decimals, and the
/// grade the first of `grades` (ordered by falling `minScore`, the last
/// at 0) whose `minScore` it reaches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct WeightedConfig {
    /// Days of won deals counted, ending today.
    pub window_days: u32,
    /// Only deals in this currency count towards amounts.
    pub currency: String,
    /// What is weighed, 1 to [`MAX_INDICATORS`], each at most once.
    pub indicators: Vec<WeightedIndicator>,
    /// The grades, best first, 2 to [`MAX_GRADES`].
    pub grades: Vec<Threshold>,
}

impl Default for WeightedConfig {
    fn default() -> Self {
        let ind = |indicator, weight| WeightedIndicator { indicator, weight };
        let grade = |label: &str, min_score| Threshold { label: label.to_owned(), min_score };
        WeightedConfig {
            window_days: 365,
            currency: Currency::CNY.code().to_owned(),
            indicators: vec![
                ind(Indicator::DealAmount, 50.0),
                ind(Indicator::PurchaseFrequency, 30.0),
                ind(Indicator::Recency, 20.0),
            ],
            grades: vec![grade("A", 80.0), grade("B", 60.0), grade("C", 30.0), grade("D", 0.0)],
        }
    }
}

impl WeightedConfig {
    pub(super) fn problems(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        check_window(self.window_days, &mut e);
        check_currency(&self.currency, &mut e);
        if self.indicators.is_empty() || self.indicators.len() > MAX_INDICATORS {
            e.push(FieldError::new("config.indicators", "length", format!("weigh 1 to {MAX_INDICATORS} indicators")));
        }
        for (i, w) in self.indicators.iter().enumerate() {
            let at = |f: &str| format!("config.indicators.{i}.{f}");
            if self.indicators[..i].iter().any(|o| o.indicator == w.indicator) {
                e.push(FieldError::new(at("indicator"), "duplicate", "each indicator at most once"));
            } else if !w.indicator.is_available() {
                e.push(FieldError::new(
                    at("indicator"),
                    "not_available",
                    format!("`{}` cannot be graded by yet", w.indicator),
                ));
            }
            if !(w.weight.is_finite() && w.weight > 0.0 && w.weight <= MAX_WEIGHT) {
                e.push(FieldError::new(at("weight"), "out_of_range", format!("more than 0 and at most {MAX_WEIGHT}")));
            }
        }
        if self.grades.len() < 2 || self.grades.len() > MAX_GRADES {
            e.push(FieldError::new("config.grades", "length", format!("give 2 to {MAX_GRADES} grades")));
        }
        check_labels("config.grades", self.grades.iter().map(|g| g.label.as_str()), &mut e);
        // `check_labels` names `config.grades.N`; the label is a field of it.
        for f in e.iter_mut().filter(|f| f.field.starts_with("config.grades.")) {
            f.field.push_str(".label");
        }
        for (i, g) in self.grades.iter().enumerate() {
            let field = format!("config.grades.{i}.minScore");
            if !(g.min_score.is_finite() && (0.0..=100.0).contains(&g.min_score)) {
                e.push(FieldError::new(field, "out_of_range", "0 to 100"));
            } else if i > 0 && g.min_score >= self.grades[i - 1].min_score {
                e.push(FieldError::new(field, "not_descending", "grades go from the highest minScore down"));
            } else if i + 1 == self.grades.len() && g.min_score != 0.0 {
                e.push(FieldError::new(field, "last_not_zero", "the last grade starts at 0, so every score has one"));
            }
        }
        e
    }

    fn currency(&self) -> Currency {
        Currency::parse(&self.currency, "config.currency").unwrap_or_default()
    }

    /// The raw value of an indicator for one customer.
    fn raw(indicator: &Indicator, f: &CustomerFacts, today: NaiveDate) -> Option<f64> {
        let days = |d: Option<NaiveDate>| d.map(|d| (today - d).num_days().max(0) as f64);
        match indicator {
            Indicator::DealAmount => Some(f.won_minor as f64),
            Indicator::PurchaseFrequency => Some(f64::from(f.won_count)),
            Indicator::Recency => days(f.last_won),
            Indicator::ContactRecency => days(f.last_contact),
            Indicator::ConversationCount => f.conversation_count.map(f64::from),
            Indicator::Custom(k) => f.custom.iter().find(|(key, _)| key == k).map(|(_, v)| *v),
        }
    }

    /// Normalise one indicator's raw values across the population.
    fn normalise(indicator: &Indicator, raw: &[Option<f64>]) -> Vec<f64> {
        let present = raw.iter().flatten().copied().filter(|x| x.is_finite());
        let (min, max) = present.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
        raw.iter()
            .map(|x| {
                let Some(x) = x.filter(|x| x.is_finite()) else { return 0.0 };
                let n = match indicator {
                    Indicator::DealAmount | Indicator::PurchaseFrequency | Indicator::ConversationCount => {
                        if max > 0.0 { x / max } else { 0.0 }
                    }
                    Indicator::Recency | Indicator::ContactRecency => {
                        if max > min {
                            (max - x) / (max - min)
                        } else {
                            1.0
                        }
                    }
                    Indicator::Custom(_) => {
                        if max > min {
                            (x - min) / (max - min)
                        } else {
                            1.0
                        }
                    }
                };
                n.clamp(0.0, 1.0)
            })
            .collect()
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl Grader for WeightedConfig {
    fn facts_query(&self, today: NaiveDate) -> FactsQuery {
        FactsQuery { window_start: super::window_start(today, self.window_days), currency: self.currency() }
    }

    fn labels(&self) -> Vec<GradeLabel> {
        self.grades.iter().map(|g| GradeLabel::new(g.label.clone(), format!("score ≥ {}", g.min_score))).collect()
    }

    fn grade(&self, facts: &[CustomerFacts], today: NaiveDate) -> Vec<Graded> {
        let currency = self.currency();
        let total_weight: f64 = self.indicators.iter().map(|w| w.weight).sum();
        let normalised: Vec<Vec<f64>> = self
            .indicators
            .iter()
            .map(|w| {
                let raw: Vec<Option<f64>> = facts.iter().map(|f| Self::raw(&w.indicator, f, today)).collect();
                Self::normalise(&w.indicator, &raw)
            })
            .collect();
        let lowest = self.grades.last().map(|g| g.label.clone()).unwrap_or_default();
        facts
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let weighted: f64 = self.indicators.iter().zip(&normalised).map(|(w, n)| w.weight * n[i]).sum();
                let score = if total_weight > 0.0 { super::round2(100.0 * weighted / total_weight) } else { 0.0 };
                let (label, min) = self
                    .grades
                    .iter()
                    .find(|g| score >= g.min_score)
                    .map_or((lowest.clone(), 0.0), |g| (g.label.clone(), g.min_score));
                let parts: Map<String, Value> = self
                    .indicators
                    .iter()
                    .zip(&normalised)
                    .map(|(w, n)| (w.indicator.to_string(), json!(round4(n[i]))))
                    .collect();
                let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
                Graded {
                    label: label.clone(),
                    score: Some(score),
                    inputs: json!({
                        "wonAmount": format_minor(i128::from(f.won_minor), currency),
                        "currency": currency.code(),
                        "wonCount": f.won_count,
                        "lastWonDate": date(f.last_won),
                        "lastContactDate": date(f.last_contact),
                        "normalised": parts,
                    }),
                    reason: format!("加权得分 {score:.2} ≥ {min} → {label}"),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::tests::fields;
    use crate::grading::{GradingConfig, ModelKind};

    #[test]
    fn indicators_parse_and_print() {
        for s in ["dealAmount", "purchaseFrequency", "recency", "contactRecency", "conversationCount", "custom:level_2"]
        {
            assert_eq!(s.parse::<Indicator>().map(|i| i.to_string()).ok().as_deref(), Some(s));
        }
        for bad in ["amount", "custom:", "custom:Level", "custom:1x", "custom:a-b"] {
            assert!(bad.parse::<Indicator>().is_err(), "{bad}");
        }
        assert!(Indicator::Recency.is_available() && Indicator::Custom("x".into()).is_available());
        assert_eq!(Indicator::Custom("x".into()).custom_key(), Some("x"));
    }

    #[test]
    fn scores_and_thresholds() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
        let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd);
        let fact = |won_minor, won_count, last_won| CustomerFacts {
            won_minor,
            won_count,
            last_won,
            ..CustomerFacts::default()
        };
        // Amounts 1000 / 500 / 0 → 1, 0.5, 0; counts 4 / 1 / 0 → 1, 0.25, 0;
        // days since last win 0 / 20 / none → 1, 0, 0.
        let facts = [fact(100_000, 4, d(3, 1)), fact(50_000, 1, d(2, 9)), fact(0, 0, None)];
        let c = WeightedConfig::default();
        let g = c.grade(&facts, today);
        let got: Vec<(Option<f64>, &str)> = g.iter().map(|g| (g.score, g.label.as_str())).collect();
        // 100·(50·1 + 30·1 + 20·1)/100 = 100; 100·(50·0.5 + 30·0.25 + 0)/100 = 32.5; 0.
        assert_eq!(got, [(Some(100.0), "A"), (Some(32.5), "C"), (Some(0.0), "D")]);
        assert_eq!(g[1].reason, "加权得分 32.50 ≥ 30 → C");
        assert_eq!(
            g[1].inputs["normalised"],
            serde_json::json!({ "dealAmount": 0.5, "purchaseFrequency": 0.25, "recency": 0.0 })
        );
        assert_eq!(g[1].inputs["wonAmount"], "500.00");
        // Equal recencies are all best; with only recency weighed everyone with a win scores 100.
        let only_recency = WeightedConfig {
            indicators: vec![WeightedIndicator { indicator: Indicator::Recency, weight: 1.0 }],
            ..WeightedConfig::default()
        };
        let scores: Vec<Option<f64>> = only_recency
            .grade(&[fact(0, 0, d(2, 1)), fact(0, 0, d(2, 1)), fact(0, 0, None)], today)
            .iter()
            .map(|g| g.score)
            .collect();
        assert_eq!(scores, [Some(100.0), Some(100.0), Some(0.0)]);
    }

    #[test]
    fn validation() {
        let e = GradingConfig::parse(
            ModelKind::Weighted,
            &serde_json::json!({
                "indicators": [
                    { "indicator": "dealAmount", "weight": 0 },
                    { "indicator": "dealAmount", "weight": 1 },
                    { "indicator": "conversationCount", "weight": 1 },
                    { "indicator": "custom:level", "weight": 2000 },
                ],
                "grades": [
                    { "label": "A", "minScore": 50 },
                    { "label": "A", "minScore": 60 },
                    { "label": "C", "minScore": 10 },
                ],
            }),
        )
        .err()
        .map(fields);
        assert_eq!(
            e,
            Some(vec![
                ("config.indicators.0.weight".to_owned(), "out_of_range"),
                ("config.indicators.1.indicator".to_owned(), "duplicate"),
                ("config.indicators.3.weight".to_owned(), "out_of_range"),
                ("config.grades.1.label".to_owned(), "duplicate"),
                ("config.grades.1.minScore".to_owned(), "not_descending"),
                ("config.grades.2.minScore".to_owned(), "last_not_zero"),
            ])
        );
        let e = GradingConfig::parse(ModelKind::Weighted, &serde_json::json!({ "indicators": [], "grades": [] }))
            .err()
            .map(fields);
        assert_eq!(e, Some(vec![("config.indicators".to_owned(), "length"), ("config.grades".to_owned(), "length")]));
        let e = GradingConfig::parse(
            ModelKind::Weighted,
            &serde_json::json!({ "indicators": [{ "indicator": "luck", "weight": 1 }] }),
        )
        .err()
        .map(fields);
        assert_eq!(e, Some(vec![("config".to_owned(), "invalid")]));
    }
}
