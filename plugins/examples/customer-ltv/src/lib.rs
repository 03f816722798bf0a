//! `field.compute`: customer lifetime value. The sum of the customer's won
//! deals in the tenant's currency, plus open deals weighted by a probability
//! (config `open_weight`, default 0). The value is a money amount.

use guanxi_plugin_sdk::{export_hooks, log, Level};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
pub struct Input {
    pub tenant: Tenant,
    pub field: Field,
    #[serde(default)]
    pub deals: Vec<Deal>,
}

#[derive(Deserialize)]
pub struct Tenant {
    pub currency: String,
}

#[derive(Deserialize)]
pub struct Field {
    #[serde(default)]
    pub config: Value,
}

#[derive(Deserialize)]
pub struct Deal {
    pub stage: String,
    pub amount_minor: i64,
    pub currency: String,
}

#[derive(Serialize)]
pub struct Output {
    pub value: Money,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Money {
    pub amount_minor: i64,
    pub currency: String,
}

pub fn lifetime_value(currency: &str, deals: &[Deal], open_weight: f64) -> (i64, usize) {
    let mut total: i64 = 0;
    let mut skipped = 0;
    for deal in deals {
        if deal.currency != currency {
            skipped += 1;
            continue;
        }
        let add = match deal.stage.as_str() {
            "won" => deal.amount_minor,
            "open" => (deal.amount_minor as f64 * open_weight).round() as i64,
            _ => 0,
        };
        total = total.saturating_add(add);
    }
    (total, skipped)
}

pub fn compute(input: Input) -> Result<Output, String> {
    let weight = input.field.config.get("open_weight").and_then(Value::as_f64).unwrap_or(0.0);
    if !(0.0..=1.0).contains(&weight) {
        return Err(format!("open_weight must be between 0 and 1, not {}", weight));
    }
    let (total, skipped) = lifetime_value(&input.tenant.currency, &input.deals, weight);
    if skipped > 0 {
        log(Level::Warn, &format!("{} deal(s) in another currency were left out", skipped));
    }
    Ok(Output { value: Money { amount_minor: total, currency: input.tenant.currency } })
}

export_hooks! {
    field_compute => compute,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(stage: &str, amount: i64, currency: &str) -> Deal {
        Deal { stage: stage.into(), amount_minor: amount, currency: currency.into() }
    }

    #[test]
    fn sums_won_and_weighted_open_deals() {
        let deals = [deal("won", 10_000, "CNY"), deal("open", 5_000, "CNY"), deal("lost", 9, "CNY"), deal("won", 7, "USD")];
        assert_eq!(lifetime_value("CNY", &deals, 0.5), (12_500, 1));
    }
}
