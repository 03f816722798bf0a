//! RFM: recency, frequency and monetary value scored 1–5 against the rest
//! of the company's customers, then named by a standard segment table.
//!
//! # Scores
//!
//! For each of R, F and M a customer scores `1 + ⌊5 · b / n⌋` (at most 5),
//! where `n` is the number of customers graded and `b` the number of them
//! with a strictly worse value. So scores are quintiles of the population,
//! equal values always score alike, and a customer without any value
//! (never won, never contacted) scores 1.
//!
//! - **R**ecency: the day of the last won deal (`lastWon`, default), of the
//!   last contact (`lastContact`), or the later of both (`latest`); later
//!   is better.
//! - **F**requency: deals won within the window; more is better.
//! - **M**onetary: amount won within the window, in the model's currency.
//!
//! # Segments
//!
//! `eight` (default), the segments common in Chinese CRMs: each of R, F, M
//! is *high* when its score is at least `highFrom` (default 4: above the
//! middle quintile).
//!
//! | R | F | M | segment |
//! |---|---|---|---|
//! | high | high | high | 重要价值客户 Important value |
//! | low | high | high | 重要保持客户 Important to keep |
//! | high | low | high | 重要发展客户 Important to develop |
//! | low | low | high | 重要挽留客户 Important to win back |
//! | high | high | low | 一般价值客户 General value |
//! | low | high | low | 一般保持客户 General to keep |
//! | high | low | low | 一般发展客户 General to develop |
//! | low | low | low | 一般挽留客户 General to win back |
//!
//! `eleven`, the widely used English segments, on R and FM = ⌊(F + M + 1) / 2⌋
//! (the mean of F and M, rounded half up):
//!
//! | R \ FM | 1 | 2 | 3 | 4 | 5 |
//! |---|---|---|---|---|---|
//! | 5 | New Customers | Potential Loyalists | Potential Loyalists | Champions | Champions |
//! | 4 | Promising | Potential Loyalists | Potential Loyalists | Loyal Customers | Loyal Customers |
//! | 3 | About to Sleep | About to Sleep | Need Attention | Loyal Customers | Loyal Customers |
//! | 2 | Hibernating | Hibernating | At Risk | At Risk | Can't Lose Them |
//! | 1 | Lost | Hibernating | At Risk | At Risk | Can't Lose Them |
//!
//! (Chinese names: 冠军客户, 忠诚客户, 潜在忠诚客户, 新客户, 有潜力客户,
//! 需要关注客户, 即将沉睡客户, 流失风险客户, 不能失去的客户, 沉睡客户, 已流失客户.)

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{CustomerFacts, FactsQuery, GradeLabel, Graded, Grader, check_currency, check_window};
use crate::deal::{Currency, format_minor};
use crate::error::FieldError;

/// Which day recency counts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RecencyBasis {
    /// The close date of the last won deal.
    #[default]
    LastWon,
    /// The day of the last contact.
    LastContact,
    /// The later of both.
    Latest,
}

/// Which segment table names the scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SegmentScheme {
    /// The eight segments (重要价值客户 …).
    #[default]
    Eight,
    /// The eleven segments (Champions …).
    Eleven,
}

/// RFM configuration; see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct RfmConfig {
    /// Days of won deals counted for F and M, ending today.
    pub window_days: u32,
    /// What recency counts from.
    pub recency: RecencyBasis,
    /// The segment table.
    pub segments: SegmentScheme,
    /// Scores from this up count as high (eight segments only), 2–5.
    pub high_from: u8,
    /// Only deals in this currency count towards M.
    pub currency: String,
}

impl Default for RfmConfig {
    fn default() -> Self {
        RfmConfig {
            window_days: 365,
            recency: RecencyBasis::LastWon,
            segments: SegmentScheme::Eight,
            high_from: 4,
            currency: Currency::CNY.code().to_owned(),
        }
    }
}

/// A customer's R, F and M scores, each 1–5.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RfmScores {
    /// Recency.
    pub r: u8,
    /// Frequency.
    pub f: u8,
    /// Monetary.
    pub m: u8,
}

/// Quintile scores 1–5 of `values` (higher is better, `None` worst of all):
/// `1 + ⌊5 · b / n⌋` with `b` the number of strictly worse values.
pub fn quintile_scores(values: &[Option<i64>]) -> Vec<u8> {
    let n = values.len();
    let nones = values.iter().filter(|v| v.is_none()).count();
    let mut sorted: Vec<i64> = values.iter().flatten().copied().collect();
    sorted.sort_unstable();
    values
        .iter()
        .map(|v| {
            let below = v.map_or(0, |v| nones + sorted.partition_point(|w| *w < v));
            u8::try_from((1 + 5 * below / n.max(1)).min(5)).unwrap_or(5)
        })
        .collect()
}

/// The eight segments, best first: (Chinese, English).
const EIGHT: [(&str, &str); 8] = [
    ("重要价值客户", "Important value (R, F, M high)"),
    ("重要保持客户", "Important to keep (F, M high; R low)"),
    ("重要发展客户", "Important to develop (R, M high; F low)"),
    ("重要挽留客户", "Important to win back (M high; R, F low)"),
    ("一般价值客户", "General value (R, F high; M low)"),
    ("一般保持客户", "General to keep (F high; R, M low)"),
    ("一般发展客户", "General to develop (R high; F, M low)"),
    ("一般挽留客户", "General to win back (R, F, M low)"),
];

/// The eleven segments, best first: (Chinese, English).
const ELEVEN: [(&str, &str); 11] = [
    ("冠军客户", "Champions"),
    ("忠诚客户", "Loyal Customers"),
    ("潜在忠诚客户", "Potential Loyalists"),
    ("新客户", "New Customers"),
    ("有潜力客户", "Promising"),
    ("需要关注客户", "Need Attention"),
    ("即将沉睡客户", "About to Sleep"),
    ("流失风险客户", "At Risk"),
    ("不能失去的客户", "Can't Lose Them"),
    ("沉睡客户", "Hibernating"),
    ("已流失客户", "Lost"),
];

/// The eight-segment name of `s`: (Chinese, English).
pub fn segment_eight(s: RfmScores, high_from: u8) -> (&'static str, &'static str) {
    let (r, f, m) = (s.r >= high_from, s.f >= high_from, s.m >= high_from);
    let i = match (m, r, f) {
        (true, true, true) => 0,
        (true, false, true) => 1,
        (true, true, false) => 2,
        (true, false, false) => 3,
        (false, true, true) => 4,
        (false, false, true) => 5,
        (false, true, false) => 6,
        (false, false, false) => 7,
    };
    EIGHT[i]
}

/// The eleven-segment name of `s`: (Chinese, English).
pub fn segment_eleven(s: RfmScores) -> (&'static str, &'static str) {
    let fm = (s.f + s.m).div_ceil(2);
    // Rows R = 5 … 1, columns FM = 1 … 5; indices into ELEVEN.
    const GRID: [[usize; 5]; 5] =
        [[3, 2, 2, 0, 0], [4, 2, 2, 1, 1], [6, 6, 5, 1, 1], [9, 9, 7, 7, 8], [10, 9, 7, 7, 8]];
    let row = usize::from(5 - s.r.clamp(1, 5));
    let col = usize::from(fm.clamp(1, 5) - 1);
    ELEVEN[GRID[row][col]]
}

impl RfmConfig {
    pub(super) fn problems(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        check_window(self.window_days, &mut e);
        if !(2..=5).contains(&self.high_from) {
            e.push(FieldError::new("config.highFrom", "out_of_range", "2 to 5"));
        }
        check_currency(&self.currency, &mut e);
        e
    }

    fn currency(&self) -> Currency {
        Currency::parse(&self.currency, "config.currency").unwrap_or_default()
    }

    fn recency_date(&self, f: &CustomerFacts) -> Option<NaiveDate> {
        match self.recency {
            RecencyBasis::LastWon => f.last_won,
            RecencyBasis::LastContact => f.last_contact,
            RecencyBasis::Latest => f.last_won.max(f.last_contact),
        }
    }

    fn segment(&self, s: RfmScores) -> (&'static str, &'static str) {
        match self.segments {
            SegmentScheme::Eight => segment_eight(s, self.high_from),
            SegmentScheme::Eleven => segment_eleven(s),
        }
    }
}

impl Grader for RfmConfig {
    fn facts_query(&self, today: NaiveDate) -> FactsQuery {
        FactsQuery { window_start: super::window_start(today, self.window_days), currency: self.currency() }
    }

    fn labels(&self) -> Vec<GradeLabel> {
        let table: &[(&str, &str)] = match self.segments {
            SegmentScheme::Eight => &EIGHT,
            SegmentScheme::Eleven => &ELEVEN,
        };
        table.iter().map(|(zh, en)| GradeLabel::new(*zh, *en)).collect()
    }

    fn grade(&self, facts: &[CustomerFacts], _today: NaiveDate) -> Vec<Graded> {
        let currency = self.currency();
        let dates: Vec<Option<NaiveDate>> = facts.iter().map(|f| self.recency_date(f)).collect();
        let r = quintile_scores(&dates.iter().map(|d| d.map(|d| i64::from(d.num_days_from_ce()))).collect::<Vec<_>>());
        let f = quintile_scores(&facts.iter().map(|x| Some(i64::from(x.won_count))).collect::<Vec<_>>());
        let m = quintile_scores(&facts.iter().map(|x| Some(x.won_minor)).collect::<Vec<_>>());
        facts
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let s = RfmScores { r: r[i], f: f[i], m: m[i] };
                let (label, _) = self.segment(s);
                Graded {
                    label: label.to_owned(),
                    score: Some(f64::from(u16::from(s.r) * 100 + u16::from(s.f) * 10 + u16::from(s.m))),
                    inputs: json!({
                        "recencyDate": dates[i].map(|d| d.to_string()),
                        "frequency": x.won_count,
                        "monetary": format_minor(i128::from(x.won_minor), currency),
                        "currency": currency.code(),
                        "r": s.r,
                        "f": s.f,
                        "m": s.m,
                    }),
                    reason: format!("RFM {}-{}-{} → {label}", s.r, s.f, s.m),
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
    fn quintiles_of_the_population() {
        assert_eq!(quintile_scores(&[Some(0), Some(100), Some(200), Some(300), Some(400)]), [1, 2, 3, 4, 5]);
        // Ties score alike; None is worst.
        assert_eq!(quintile_scores(&[Some(7), Some(7), None, Some(9)]), [2, 2, 1, 4]);
        assert_eq!(quintile_scores(&[Some(1); 3]), [1, 1, 1]);
        // Ten customers: two per quintile.
        let ten: Vec<Option<i64>> = (0..10).map(Some).collect();
        assert_eq!(quintile_scores(&ten), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert!(quintile_scores(&[]).is_empty());
    }

    #[test]
    fn segment_tables() {
        let s = |r, f, m| RfmScores { r, f, m };
        assert_eq!(segment_eight(s(5, 4, 5), 4).0, "重要价值客户");
        assert_eq!(segment_eight(s(3, 4, 5), 4).0, "重要保持客户");
        assert_eq!(segment_eight(s(4, 3, 4), 4).0, "重要发展客户");
        assert_eq!(segment_eight(s(1, 1, 5), 4).0, "重要挽留客户");
        assert_eq!(segment_eight(s(5, 5, 3), 4).0, "一般价值客户");
        assert_eq!(segment_eight(s(2, 5, 1), 4).0, "一般保持客户");
        assert_eq!(segment_eight(s(4, 1, 1), 4).0, "一般发展客户");
        assert_eq!(segment_eight(s(1, 1, 1), 4).0, "一般挽留客户");
        assert_eq!(segment_eight(s(3, 3, 3), 3).0, "重要价值客户");
        assert_eq!(segment_eleven(s(5, 5, 4)).1, "Champions");
        assert_eq!(segment_eleven(s(5, 1, 1)).1, "New Customers");
        assert_eq!(segment_eleven(s(4, 4, 3)).1, "Loyal Customers");
        assert_eq!(segment_eleven(s(4, 1, 2)).1, "Potential Loyalists");
        assert_eq!(segment_eleven(s(4, 1, 1)).1, "Promising");
        assert_eq!(segment_eleven(s(3, 3, 3)).1, "Need Attention");
        assert_eq!(segment_eleven(s(3, 2, 1)).1, "About to Sleep");
        assert_eq!(segment_eleven(s(2, 3, 4)).1, "At Risk");
        assert_eq!(segment_eleven(s(1, 5, 5)).1, "Can't Lose Them");
        assert_eq!(segment_eleven(s(2, 1, 1)).1, "Hibernating");
        assert_eq!(segment_eleven(s(1, 1, 1)).1, "Lost");
        // Every cell of the grid names a segment of the table, and every segment is used.
        let mut used = std::collections::BTreeSet::new();
        for r in 1..=5 {
            for f in 1..=5 {
                for m in 1..=5 {
                    used.insert(segment_eleven(s(r, f, m)).0);
                    used.insert(segment_eight(s(r, f, m), 4).0);
                }
            }
        }
        assert_eq!(used.len(), 19);
    }

    #[test]
    fn grades_with_reasons() {
        let d = |m: u32, dd: u32| NaiveDate::from_ymd_opt(2026, m, dd);
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
        let fact = |last_won, won_count, won_minor| CustomerFacts {
            last_won,
            won_count,
            won_minor,
            ..CustomerFacts::default()
        };
        let facts = [
            fact(d(2, 28), 5, 50_000),
            fact(d(2, 1), 4, 40_000),
            fact(d(1, 1), 3, 30_000),
            fact(d(1, 1), 1, 10_000),
            fact(None, 0, 0),
        ];
        let c = RfmConfig::default();
        let g = c.grade(&facts, today);
        let reasons: Vec<&str> = g.iter().map(|g| g.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "RFM 5-5-5 → 重要价值客户",
                "RFM 4-4-4 → 重要价值客户",
                "RFM 2-3-3 → 一般挽留客户",
                "RFM 2-2-2 → 一般挽留客户",
                "RFM 1-1-1 → 一般挽留客户",
            ]
        );
        assert_eq!(g[1].score, Some(444.0));
        assert_eq!(g[0].inputs["monetary"], "500.00");
        assert_eq!(g[0].inputs["recencyDate"], "2026-02-28");
        let eleven = RfmConfig { segments: SegmentScheme::Eleven, ..RfmConfig::default() };
        let labels: Vec<String> = eleven.grade(&facts, today).into_iter().map(|g| g.label).collect();
        assert_eq!(labels, ["冠军客户", "忠诚客户", "流失风险客户", "沉睡客户", "已流失客户"]);
    }

    #[test]
    fn validation() {
        let e = GradingConfig::parse(ModelKind::Rfm, &serde_json::json!({ "highFrom": 6, "windowDays": 4000 }))
            .err()
            .map(fields);
        assert_eq!(
            e,
            Some(vec![
                ("config.windowDays".to_owned(), "out_of_range"),
                ("config.highFrom".to_owned(), "out_of_range")
            ])
        );
        let e = GradingConfig::parse(ModelKind::Rfm, &serde_json::json!({ "segments": "nine" })).err().map(fields);
        assert_eq!(e, Some(vec![("config".to_owned(), "invalid")]));
    }
}
