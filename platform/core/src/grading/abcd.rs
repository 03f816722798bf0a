//! ABCD by expected close window (成交周期): how soon the customer is
//! expected to buy.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{CustomerFacts, FactsQuery, GradeLabel, Graded, Grader};
use crate::deal::Currency;
use crate::error::FieldError;

/// Longest horizon of grade C, in months.
pub const MAX_MONTHS: u32 = 120;
/// Longest "no follow-up" limit, in days.
pub const MAX_NO_CONTACT_DAYS: u32 = 3650;

/// ABCD configuration. A customer is graded by the earliest expected
/// close date (today or later) among its open deals:
///
/// - **A**: within `monthsA` calendar months from today (default 1);
/// - **B**: within `monthsB` (default 3: "two to three months");
/// - **C**: within `monthsC` (default 6: "four to six months");
/// - **D**: later, or no follow-up: no open deal with an expected close
///   date, or no contact for more than `noContactDays` days (default 90;
///   `null` switches that rule off).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct AbcdConfig {
    /// Horizon of A, in months.
    pub months_a: u32,
    /// Horizon of B, in months.
    pub months_b: u32,
    /// Horizon of C, in months.
    pub months_c: u32,
    /// Days without contact after which a customer is D whatever its
    /// deals say; `None`: contact is not considered.
    pub no_contact_days: Option<u32>,
}

impl Default for AbcdConfig {
    fn default() -> Self {
        AbcdConfig { months_a: 1, months_b: 3, months_c: 6, no_contact_days: Some(90) }
    }
}

impl AbcdConfig {
    pub(super) fn problems(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if self.months_a < 1 {
            e.push(FieldError::new("config.monthsA", "out_of_range", "A spans at least one month"));
        }
        if self.months_b <= self.months_a {
            e.push(FieldError::new("config.monthsB", "not_ascending", "monthsB must be larger than monthsA"));
        }
        if self.months_c <= self.months_b {
            e.push(FieldError::new("config.monthsC", "not_ascending", "monthsC must be larger than monthsB"));
        }
        if self.months_c > MAX_MONTHS {
            e.push(FieldError::new("config.monthsC", "out_of_range", format!("at most {MAX_MONTHS} months")));
        }
        if self.no_contact_days.is_some_and(|d| !(1..=MAX_NO_CONTACT_DAYS).contains(&d)) {
            e.push(FieldError::new(
                "config.noContactDays",
                "out_of_range",
                format!("1 to {MAX_NO_CONTACT_DAYS} days, or null to ignore contact"),
            ));
        }
        e
    }

    fn horizon(today: NaiveDate, months: u32) -> NaiveDate {
        today.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
    }

    fn grade_one(&self, f: &CustomerFacts, today: NaiveDate) -> Graded {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let inputs = json!({
            "expectedCloseDate": date(f.next_expected_close),
            "lastContactDate": date(f.last_contact),
        });
        let graded = |label: &str, reason: String| Graded {
            label: label.to_owned(),
            score: None,
            inputs: inputs.clone(),
            reason: super::cut_reason(reason),
        };
        if let Some(limit) = self.no_contact_days {
            match f.last_contact {
                None => return graded("D", "从未联系，无跟进 → D".to_owned()),
                Some(d) if (today - d).num_days() > i64::from(limit) => {
                    return graded("D", format!("最后联系 {d}，超过 {limit} 天未联系 → D"));
                }
                Some(_) => {}
            }
        }
        let Some(expected) = f.next_expected_close else {
            return graded("D", "没有带预计成交日期的进行中商机 → D".to_owned());
        };
        for (label, months) in [("A", self.months_a), ("B", self.months_b), ("C", self.months_c)] {
            if expected <= Self::horizon(today, months) {
                return graded(label, format!("预计成交日 {expected}，在 {months} 个月内 → {label}"));
            }
        }
        graded("D", format!("预计成交日 {expected}，在 {} 个月以后 → D", self.months_c))
    }
}

impl Grader for AbcdConfig {
    fn facts_query(&self, _today: NaiveDate) -> FactsQuery {
        FactsQuery { window_start: None, currency: Currency::CNY }
    }

    fn labels(&self) -> Vec<GradeLabel> {
        vec![
            GradeLabel::new("A", format!("expected to close within {} month(s)", self.months_a)),
            GradeLabel::new("B", format!("expected to close within {} months", self.months_b)),
            GradeLabel::new("C", format!("expected to close within {} months", self.months_c)),
            GradeLabel::new("D", "later, or no follow-up"),
        ]
    }

    fn grade(&self, facts: &[CustomerFacts], today: NaiveDate) -> Vec<Graded> {
        facts.iter().map(|f| self.grade_one(f, today)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::tests::fields;
    use crate::grading::{GradingConfig, ModelKind};
    use serde_json::json;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).expect("a date")
    }

    #[test]
    fn grades_by_the_earliest_expected_close() {
        let today = d(2026, 1, 31);
        let c = AbcdConfig::default();
        let facts = |exp: Option<NaiveDate>, contact: Option<NaiveDate>| CustomerFacts {
            next_expected_close: exp,
            last_contact: contact,
            ..CustomerFacts::default()
        };
        let recent = Some(d(2026, 1, 20));
        let rows = [
            (facts(Some(today), recent), "A"),
            // One month from 31 January is 28 February (chrono clamps).
            (facts(Some(d(2026, 2, 28)), recent), "A"),
            (facts(Some(d(2026, 3, 1)), recent), "B"),
            (facts(Some(d(2026, 4, 30)), recent), "B"),
            (facts(Some(d(2026, 5, 1)), recent), "C"),
            (facts(Some(d(2026, 7, 31)), recent), "C"),
            (facts(Some(d(2026, 8, 1)), recent), "D"),
            (facts(None, recent), "D"),
            // Contact exactly 90 days ago is still follow-up; 91 is not.
            (facts(Some(today), Some(d(2025, 11, 2))), "A"),
            (facts(Some(today), Some(d(2025, 11, 1))), "D"),
            (facts(Some(today), None), "D"),
        ];
        let all: Vec<CustomerFacts> = rows.iter().map(|(f, _)| f.clone()).collect();
        let graded = c.grade(&all, today);
        for ((f, want), g) in rows.iter().zip(&graded) {
            assert_eq!(g.label, *want, "{f:?}: {}", g.reason);
            assert_eq!(g.score, None);
        }
        assert_eq!(graded[2].reason, "预计成交日 2026-03-01，在 3 个月内 → B");
        assert_eq!(graded[9].reason, "最后联系 2025-11-01，超过 90 天未联系 → D");
        assert_eq!(graded[2].inputs, json!({ "expectedCloseDate": "2026-03-01", "lastContactDate": "2026-01-20" }));
        // Without the contact rule, never-contacted customers are graded by their deals.
        let no_contact = AbcdConfig { no_contact_days: None, ..AbcdConfig::default() };
        assert_eq!(no_contact.grade(&[facts(Some(today), None)], today)[0].label, "A");
    }

    #[test]
    fn validation() {
        let e = GradingConfig::parse(
            ModelKind::Abcd,
            &json!({ "monthsA": 0, "monthsB": 0, "monthsC": 200, "noContactDays": 0 }),
        )
        .err()
        .map(fields);
        assert_eq!(
            e,
            Some(vec![
                ("config.monthsA".to_owned(), "out_of_range"),
                ("config.monthsB".to_owned(), "not_ascending"),
                ("config.monthsC".to_owned(), "out_of_range"),
                ("config.noContactDays".to_owned(), "out_of_range"),
            ])
        );
        let ok = GradingConfig::parse(ModelKind::Abcd, &json!({ "noContactDays": null })).ok();
        assert_eq!(ok, Some(GradingConfig::Abcd(AbcdConfig { no_contact_days: None, ..AbcdConfig::default() })));
    }
}
