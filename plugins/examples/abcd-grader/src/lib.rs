//! `grade`: the ABCD classification salespeople use for follow-up priority.
//!
//! - A: signed (a won deal), or a large open deal with contact in the last week;
//! - B: an open deal, or frequent contact (≥ `busy_conversations` in 30 days);
//! - C: any contact in the last 90 days;
//! - D: everyone else.
//!
//! The model's grades name the four classes, best first (default A, B, C, D).

use guanxi_plugin_sdk::date::day_number;
use guanxi_plugin_sdk::export_hooks;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Input {
    pub now: String,
    pub customer: Customer,
    pub model: Model,
}

#[derive(Deserialize)]
pub struct Customer {
    pub deals: Vec<Deal>,
    pub conversations: Conversations,
}

#[derive(Deserialize)]
pub struct Deal {
    pub stage: String,
    pub amount_minor: i64,
}

#[derive(Deserialize)]
pub struct Conversations {
    pub last_30_days: i64,
    pub last_90_days: i64,
    pub last_at: Option<String>,
}

#[derive(Deserialize)]
pub struct Model {
    pub grades: Vec<String>,
    #[serde(default)]
    pub config: Config,
}

#[derive(Deserialize)]
#[serde(default)]
pub struct Config {
    /// An open deal at least this large (minor units) with recent contact makes an A.
    pub large_deal_minor: i64,
    /// Conversations in 30 days that make a B.
    pub busy_conversations: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config { large_deal_minor: 5_000_000, busy_conversations: 3 }
    }
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Output {
    pub grade: String,
    pub reason: String,
}

pub fn grade(input: Input) -> Result<Output, String> {
    if input.model.grades.len() < 4 {
        return Err("the ABCD model needs four grades".into());
    }
    let today = day_number(&input.now).ok_or("`now` is not a timestamp")?;
    let cfg = &input.model.config;
    let c = &input.customer;
    let won = c.deals.iter().any(|d| d.stage == "won");
    let largest_open = c.deals.iter().filter(|d| d.stage == "open").map(|d| d.amount_minor).max();
    let days_since_contact = c.conversations.last_at.as_deref().and_then(day_number).map(|d| today - d);
    let contacted_this_week = days_since_contact.map_or(false, |d| d <= 7);

    let (class, reason) = if won {
        (0, "has signed".to_string())
    } else if largest_open.map_or(false, |a| a >= cfg.large_deal_minor) && contacted_this_week {
        (0, "large open deal and contact this week".to_string())
    } else if largest_open.is_some() {
        (1, "has an open deal".to_string())
    } else if c.conversations.last_30_days >= cfg.busy_conversations {
        (1, format!("{} conversations in 30 days", c.conversations.last_30_days))
    } else if c.conversations.last_90_days > 0 {
        (2, "contact in the last 90 days".to_string())
    } else {
        (3, "no contact in 90 days".to_string())
    };
    Ok(Output { grade: input.model.grades[class].clone(), reason })
}

export_hooks! {
    grade => grade,
}
