//! `grade`: RFM grading. Scores the customer 1–5 on Recency (days since the
//! last won deal), Frequency (won deals in the last 365 days) and Monetary
//! value (their total), adds the scores up (3–15) and maps the total onto the
//! model's grades, best first. Thresholds come from the model's config.

use guanxi_plugin_sdk::date::day_number;
use guanxi_plugin_sdk::export_hooks;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Input {
    pub now: String,
    pub tenant: Tenant,
    pub customer: Customer,
    pub model: Model,
}

#[derive(Deserialize)]
pub struct Tenant {
    pub currency: String,
}

#[derive(Deserialize)]
pub struct Customer {
    pub deals: Vec<Deal>,
}

#[derive(Deserialize)]
pub struct Deal {
    pub stage: String,
    pub amount_minor: i64,
    pub currency: String,
    pub closed_at: Option<String>,
}

#[derive(Deserialize)]
pub struct Model {
    pub grades: Vec<String>,
    #[serde(default)]
    pub config: Config,
}

/// Ascending thresholds for scores 2, 3, 4 and 5 (recency: descending days).
#[derive(Deserialize)]
#[serde(default)]
pub struct Config {
    pub recency_days: [i64; 4],
    pub frequency: [i64; 4],
    pub monetary_minor: [i64; 4],
}

impl Default for Config {
    fn default() -> Self {
        Config {
            recency_days: [365, 180, 90, 30],
            frequency: [2, 3, 5, 10],
            monetary_minor: [1_000_000, 5_000_000, 20_000_000, 100_000_000],
        }
    }
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Output {
    pub grade: String,
    pub score: f64,
    pub reason: String,
}

/// 1 + the number of thresholds `value` reaches.
fn score_up(value: i64, thresholds: &[i64; 4]) -> i64 {
    1 + thresholds.iter().filter(|&&t| value >= t).count() as i64
}

pub fn grade(input: Input) -> Result<Output, String> {
    if input.model.grades.is_empty() {
        return Err("the model has no grades".into());
    }
    let today = day_number(&input.now).ok_or("`now` is not a timestamp")?;
    let cfg = &input.model.config;
    let mut last_won: Option<i64> = None;
    let mut frequency = 0;
    let mut monetary: i64 = 0;
    for deal in &input.customer.deals {
        if deal.stage != "won" || deal.currency != input.tenant.currency {
            continue;
        }
        let closed = match deal.closed_at.as_deref().and_then(day_number) {
            Some(day) => day,
            None => continue,
        };
        last_won = Some(last_won.map_or(closed, |d: i64| d.max(closed)));
        if today - closed <= 365 {
            frequency += 1;
            monetary = monetary.saturating_add(deal.amount_minor);
        }
    }
    let recency_days = last_won.map(|d| today - d);
    let r = match recency_days {
        Some(days) => 1 + cfg.recency_days.iter().filter(|&&t| days <= t).count() as i64,
        None => 1,
    };
    let f = score_up(frequency, &cfg.frequency);
    let m = score_up(monetary, &cfg.monetary_minor);
    let total = r + f + m;
    // 3..=15 onto the grades, best first.
    let n = input.model.grades.len() as i64;
    let index = ((15 - total) * n / 13).clamp(0, n - 1) as usize;
    let recency = match recency_days {
        Some(d) => format!("last order {} days ago", d),
        None => "no order yet".to_string(),
    };
    Ok(Output {
        grade: input.model.grades[index].clone(),
        score: total as f64,
        reason: format!(
            "R{} F{} M{}: {}, {} orders and {:.2} {} in the last year",
            r,
            f,
            m,
            recency,
            frequency,
            monetary as f64 / 100.0,
            input.tenant.currency
        ),
    })
}

export_hooks! {
    grade => grade,
}
