//! `workflow.action`: birthday care. Run daily for every customer; on the
//! customer's birthday it asks for a greeting mail to the customer (when the
//! record has an e-mail address) and a call reminder plan for the owner.
//!
//! Config: `subject` and `body` templates (`{name}` is replaced), and
//! `plan_title` (default 给{name}打电话祝生日快乐).

use guanxi_plugin_sdk::date::month_day;
use guanxi_plugin_sdk::{export_hooks, log, Level};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
pub struct Input {
    pub now: String,
    pub record: Record,
    #[serde(default)]
    pub config: Value,
}

#[derive(Deserialize)]
pub struct Record {
    pub fields: Value,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Effect {
    SendMail { to: String, subject: String, body: String },
    CreatePlan { title: String, due: String },
}

#[derive(Serialize)]
pub struct Output {
    pub effects: Vec<Effect>,
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

pub fn act(input: Input) -> Result<Output, String> {
    let today = month_day(&input.now).ok_or("`now` is not a timestamp")?;
    let fields = &input.record.fields;
    let birthday = match text(fields, "birthday").and_then(month_day) {
        Some(md) => md,
        None => return Ok(Output { effects: Vec::new() }),
    };
    // Those born on 29 February are greeted on 28 February in common years.
    let year: i64 = input.now.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
    let observed = if birthday == (2, 29) && !guanxi_plugin_sdk::date::is_leap(year) { (2, 28) } else { birthday };
    if observed != today {
        return Ok(Output { effects: Vec::new() });
    }
    let name = text(fields, "name").unwrap_or("客户");
    let fill = |template: &str| template.replace("{name}", name);
    let cfg = &input.config;
    let mut effects = Vec::new();
    if text(fields, "email").is_some() {
        effects.push(Effect::SendMail {
            to: "record".into(),
            subject: fill(text(cfg, "subject").unwrap_or("生日快乐，{name}！")),
            body: fill(text(cfg, "body").unwrap_or("{name}，您好！\n\n祝您生日快乐，万事如意！\n\n感谢您一直以来的支持。")),
        });
    } else {
        log(Level::Info, "no e-mail address: only the call reminder is planned");
    }
    effects.push(Effect::CreatePlan {
        title: fill(text(cfg, "plan_title").unwrap_or("给{name}打电话祝生日快乐")),
        due: input.now.get(0..10).unwrap_or_default().to_string(),
    });
    Ok(Output { effects })
}

export_hooks! {
    workflow_action => act,
}
