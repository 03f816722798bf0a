//! Key / major / ordinary (重点 / 主要 / 普通) by share of the won amount.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{CustomerFacts, FactsQuery, GradeLabel, Graded, Grader, check_currency, check_labels, check_window};
use crate::deal::{Currency, format_minor};
use crate::error::FieldError;

/// Value-share configuration (an ABC analysis of revenue). Customers are
/// ranked by the amount they were won for within the last `windowDays`
/// days (in `currency`); going down the ranking, a customer is:
///
/// - **key** (`labels[0]`, 重点客户) while the customers ranked above it
///   account for less than `keyPercent` of the total: the key customers
///   are the fewest top customers that together reach `keyPercent`
///   (default 80), so the largest customer is always key;
/// - **major** (`labels[1]`, 主要客户) while those above it account for
///   less than `keyPercent + majorPercent` (default 80 + 15);
/// - **ordinary** (`labels[2]`, 普通客户) otherwise, and always when it
///   won nothing in the window.
///
/// Customers with equal amounts share the grade of the first of them, so
/// the order among equals never decides a grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ValueShareConfig {
    /// Days of won deals counted, ending today.
    pub window_days: u32,
    /// Cumulative share covered by key customers, in percent.
    pub key_percent: f64,
    /// Further cumulative share covered by major customers, in percent.
    pub major_percent: f64,
    /// Only deals in this currency count.
    pub currency: String,
    /// Labels of key, major and ordinary customers.
    pub labels: Vec<String>,
}

impl Default for ValueShareConfig {
    fn default() -> Self {
        ValueShareConfig {
            window_days: 365,
            key_percent: 80.0,
            major_percent: 15.0,
            currency: Currency::CNY.code().to_owned(),
            labels: ["重点客户", "主要客户", "普通客户"].map(str::to_owned).to_vec(),
        }
    }
}

/// A percentage as basis points (hundredths of a percent).
fn basis_points(p: f64) -> u128 {
    // Checked to lie within 0..=100 before this is used.
    (p * 100.0).round().clamp(0.0, 10_000.0) as u128
}

impl ValueShareConfig {
    pub(super) fn problems(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        check_window(self.window_days, &mut e);
        if !(self.key_percent.is_finite() && self.key_percent > 0.0 && self.key_percent <= 100.0) {
            e.push(FieldError::new("config.keyPercent", "out_of_range", "more than 0 and at most 100"));
        }
        if !(self.major_percent.is_finite() && (0.0..=100.0).contains(&self.major_percent)) {
            e.push(FieldError::new("config.majorPercent", "out_of_range", "0 to 100"));
        } else if self.key_percent + self.major_percent > 100.0 {
            e.push(FieldError::new(
                "config.majorPercent",
                "too_large",
                "keyPercent and majorPercent add up to at most 100",
            ));
        }
        check_currency(&self.currency, &mut e);
        if self.labels.len() == 3 {
            check_labels("config.labels", self.labels.iter().map(String::as_str), &mut e);
        } else {
            e.push(FieldError::new("config.labels", "length", "give three labels: key, major, ordinary"));
        }
        e
    }

    fn currency(&self) -> Currency {
        Currency::parse(&self.currency, "config.currency").unwrap_or_default()
    }

    fn label(&self, i: usize) -> String {
        self.labels.get(i).cloned().unwrap_or_default()
    }
}

impl Grader for ValueShareConfig {
    fn facts_query(&self, today: NaiveDate) -> FactsQuery {
        FactsQuery { window_start: super::window_start(today, self.window_days), currency: self.currency() }
    }

    fn labels(&self) -> Vec<GradeLabel> {
        vec![
            GradeLabel::new(
                self.label(0),
                format!("key: the top customers making up {}% of revenue", self.key_percent),
            ),
            GradeLabel::new(self.label(1), format!("major: the next {}% of revenue", self.major_percent)),
            GradeLabel::new(self.label(2), "ordinary: the rest"),
        ]
    }

    fn grade(&self, facts: &[CustomerFacts], _today: NaiveDate) -> Vec<Graded> {
        let currency = self.currency();
        let amount = |f: &CustomerFacts| u128::try_from(f.won_minor).unwrap_or(0);
        let total: u128 = facts.iter().map(amount).sum();
        let (key_bp, major_bp) = (basis_points(self.key_percent), basis_points(self.major_percent));
        // Largest first; among equals by customer id, so runs are repeatable.
        let mut order: Vec<usize> = (0..facts.len()).collect();
        order.sort_by(|&a, &b| {
            amount(&facts[b]).cmp(&amount(&facts[a])).then(facts[a].customer.cmp(&facts[b].customer))
        });
        let mut out: Vec<Option<Graded>> = vec![None; facts.len()];
        let pct = |part: u128| if total == 0 { 0.0 } else { super::round2(part as f64 * 100.0 / total as f64) };
        let (mut cumulative, mut run_start, mut run_amount) = (0u128, 0u128, None);
        for i in order {
            let a = amount(&facts[i]);
            if run_amount != Some(a) {
                run_start = cumulative;
                run_amount = Some(a);
            }
            cumulative += a;
            let money = format_minor(i128::try_from(a).unwrap_or(i128::MAX), currency);
            let (label, reason) = if a == 0 {
                (self.label(2), format!("近 {} 天无 {} 成交 → {}", self.window_days, currency, self.label(2)))
            } else {
                let label = if run_start * 10_000 < key_bp * total {
                    self.label(0)
                } else if run_start * 10_000 < (key_bp + major_bp) * total {
                    self.label(1)
                } else {
                    self.label(2)
                };
                let reason = format!(
                    "近 {} 天成交 {money} {currency}，占 {:.2}%，排在前面的客户累计 {:.2}% → {label}",
                    self.window_days,
                    pct(a),
                    pct(run_start)
                );
                (label, reason)
            };
            out[i] = Some(Graded {
                label,
                score: Some(pct(a)),
                inputs: json!({
                    "wonAmount": money,
                    "currency": currency.code(),
                    "sharePercent": pct(a),
                    "aheadPercent": pct(run_start),
                }),
                reason: super::cut_reason(reason),
            });
        }
        out.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::tests::fields;
    use crate::grading::{GradingConfig, ModelKind};
    use crate::ids::CustomerId;
    use uuid::Uuid;

    fn facts(amounts: &[i64]) -> Vec<CustomerFacts> {
        amounts
            .iter()
            .enumerate()
            .map(|(i, a)| CustomerFacts {
                customer: CustomerId(Uuid::from_u128(i as u128 + 1)),
                won_minor: *a,
                ..CustomerFacts::default()
            })
            .collect()
    }

    fn labels(c: &ValueShareConfig, amounts: &[i64]) -> Vec<String> {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
        c.grade(&facts(amounts), today).into_iter().map(|g| g.label).collect()
    }

    #[test]
    fn cumulative_shares() {
        let c = ValueShareConfig::default();
        // 50 + 30 reach 80 → key; 10 and 6 start below 95 → major; 4 starts at 96 → ordinary.
        assert_eq!(
            labels(&c, &[4, 50, 10, 30, 6, 0]),
            ["普通客户", "重点客户", "主要客户", "重点客户", "主要客户", "普通客户"]
        );
        // The largest customer is key even when it alone exceeds 80%.
        assert_eq!(labels(&c, &[90, 6, 4]), ["重点客户", "主要客户", "普通客户"]);
        // Equal amounts share a grade: both 40s start with nothing ahead; the 20 starts at 80%.
        assert_eq!(labels(&c, &[40, 40, 20]), ["重点客户", "重点客户", "主要客户"]);
        // A tie across the key line: every 25 starts where the run of 25s starts, at 0%.
        assert_eq!(labels(&c, &[25, 25, 25, 25]), ["重点客户"; 4]);
        // Nothing won by anyone: everyone is ordinary.
        assert_eq!(labels(&c, &[0, 0]), ["普通客户"; 2]);
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
        let g = c.grade(&facts(&[1_280_050, 1_280_050, 2_560_100]), today);
        assert_eq!(g[2].score, Some(50.0));
        assert_eq!(g[0].reason, "近 365 天成交 12800.50 CNY，占 25.00%，排在前面的客户累计 50.00% → 重点客户");
        assert_eq!(g[1].inputs["aheadPercent"], 50.0);
    }

    #[test]
    fn validation() {
        let e = GradingConfig::parse(
            ModelKind::ValueShare,
            &serde_json::json!({ "windowDays": 0, "keyPercent": 90, "majorPercent": 20, "currency": "XYZ", "labels": ["a", "a", "b"] }),
        )
        .err()
        .map(fields);
        assert_eq!(
            e,
            Some(vec![
                ("config.windowDays".to_owned(), "out_of_range"),
                ("config.majorPercent".to_owned(), "too_large"),
                ("config.currency".to_owned(), "unsupported"),
                ("config.labels.1".to_owned(), "duplicate"),
            ])
        );
        let e = GradingConfig::parse(ModelKind::ValueShare, &serde_json::json!({ "keyPercent": 0, "labels": [] }))
            .err()
            .map(fields);
        assert_eq!(
            e,
            Some(vec![("config.keyPercent".to_owned(), "out_of_range"), ("config.labels".to_owned(), "length")])
        );
    }
}
