//! Built-in workflow templates: the sales operations a company switches on
//! without code. Each is an ordinary workflow definition with sensible
//! numbers; an admin creates a workflow from it, tunes the numbers, grades,
//! people and texts in the editor, and publishes it. Pool rules, fair
//! assignment and customer care are these workflows, not separate code
//! paths: they run, retry, log and are audited like any other.

use serde_json::{Value, json};

/// What a template is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Pool rules (公海规则).
    Pool,
    /// Fair assignment (线索分配).
    Assignment,
    /// Reminders for the owner (提醒).
    Reminder,
    /// Customer care mails (客户关怀).
    Care,
}

impl Category {
    /// The API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Pool => "pool",
            Category::Assignment => "assignment",
            Category::Reminder => "reminder",
            Category::Care => "care",
        }
    }
}

/// A built-in template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// Stable key, e.g. `pool.no_contact`.
    pub key: &'static str,
    /// What it is for.
    pub category: Category,
    /// Name, Chinese.
    pub name_zh: &'static str,
    /// Name, English.
    pub name_en: &'static str,
    /// What it does, Chinese.
    pub description_zh: &'static str,
    /// What it does, English.
    pub description_en: &'static str,
    /// The workflow definition it starts from.
    pub definition: Value,
}

/// The warning and reclaim steps of a pool rule: a warning run notifies and
/// mails the owner, a reclaim run moves the customer to the pool with the
/// rule's name as the reason (so the history says which rule did it).
fn pool_steps(what: &str) -> Value {
    json!([
        { "type": "if",
          "condition": { "type": "compare", "field": "trigger.stage", "op": "eq", "value": "warning" },
          "then": [
            { "type": "notify", "to": { "type": "owner" },
              "title": "{{name}} 将在 {{trigger.inDays}} 天后回收到公海",
              "body": format!("{what}。跟进一次即可保留。 {{{{name}}}} goes back to the pool in {{{{trigger.inDays}}}} days unless you follow up.") },
            { "type": "send_mail", "to": { "type": "owner" },
              "subject": "客户即将回收 · {{name}} returns to the pool in {{trigger.inDays}} days",
              "body": format!("{{{{ownerName}}}}，您好：\n\n客户 {{{{name}}}}（{{{{company}}}}）{what}，将在 {{{{trigger.inDays}}}} 天后按规则「{{{{workflow.name}}}}」回收到公海。跟进一次即可保留。\n\n{{{{name}}}} goes back to the public pool in {{{{trigger.inDays}}}} days under the rule \"{{{{workflow.name}}}}\" unless you follow up.") }
          ],
          "else": [
            { "type": "move_to_pool", "reason": "规则回收 Rule: {{workflow.name}}" }
          ] }
    ])
}

/// Every built-in template, in the order the app lists them.
pub fn all() -> Vec<Template> {
    vec![
        Template {
            key: "pool.no_contact",
            category: Category::Pool,
            name_zh: "30 天未跟进回收公海",
            name_en: "Back to the pool after 30 days without a conversation",
            description_zh: "客户 30 天没有跟进记录即回收到公海，提前 3 天提醒负责人（站内通知和邮件）；领取或分配后 7 天保护期；锁定的客户不回收。",
            description_en: "Customers without a conversation for 30 days go back to the public pool; the owner is warned 3 days before (in the app and by mail); 7 days of protection after a claim or an assignment; locked customers stay.",
            definition: json!({
                "trigger": { "type": "idle", "noContactDays": 30, "warnDays": 3, "protectDays": 7, "at": "02:00" },
                "steps": pool_steps("已 30 天未跟进"),
            }),
        },
        Template {
            key: "pool.no_deal",
            category: Category::Pool,
            name_zh: "90 天未成交回收公海（VIP 除外）",
            name_en: "Back to the pool after 90 days without a deal (VIP exempt)",
            description_zh: "普通客户 90 天没有赢单即回收到公海，提前 7 天提醒负责人；领取或分配后 14 天保护期；VIP 不回收。",
            description_en: "Normal (non-VIP) customers without a won deal for 90 days go back to the pool; the owner is warned 7 days before; 14 days of protection.",
            definition: json!({
                "trigger": { "type": "idle", "noDealDays": 90, "warnDays": 7, "protectDays": 14,
                             "grades": ["normal"], "at": "02:00" },
                "steps": pool_steps("已 90 天未成交"),
            }),
        },
        Template {
            key: "assign.round_robin",
            category: Category::Assignment,
            name_zh: "新线索轮流分配",
            name_en: "New leads in turn",
            description_zh: "导入或通过接口进来的无主新客户，按权重轮流分给销售；请假、停用或已达持有上限的人自动跳过。",
            description_en: "New customers without an owner, from imports or the API, go to salespeople in turn by weight; people away, deactivated or at the holding cap are skipped.",
            definition: json!({
                "trigger": { "type": "event", "event": "customer.created" },
                "condition": { "type": "compare", "field": "ownerId", "op": "empty" },
                "steps": [ { "type": "assign", "strategy": "round_robin" } ],
            }),
        },
        Template {
            key: "assign.least_busy",
            category: Category::Assignment,
            name_zh: "公海客户分给最空闲的人",
            name_en: "Pool customers to whoever is least busy",
            description_zh: "在公海客户页面按下按钮，把客户分给未成交客户最少的销售。",
            description_en: "A button on a pool customer gives it to the salesperson with the fewest open customers.",
            definition: json!({
                "trigger": { "type": "manual" },
                "steps": [ { "type": "assign", "strategy": "least_busy", "busy": "open_customers" } ],
            }),
        },
        Template {
            key: "assign.by_rules",
            category: Category::Assignment,
            name_zh: "按行业和地区分配",
            name_en: "By industry and region",
            description_zh: "新客户按行业、地址或来源的规则分给对应的人，没有规则命中时轮流分配给所有人。请在规则里选人。",
            description_en: "New customers go to the people of the first rule (industry, address, source) that matches, else in turn to everyone. Choose the people of each rule.",
            definition: json!({
                "trigger": { "type": "event", "event": "customer.created" },
                "condition": { "type": "compare", "field": "ownerId", "op": "empty" },
                "steps": [ { "type": "assign", "strategy": "round_robin", "rules": [] } ],
            }),
        },
        Template {
            key: "remind.vip_no_contact",
            category: Category::Reminder,
            name_zh: "VIP 客户 14 天未联系提醒",
            name_en: "VIP not contacted for 14 days",
            description_zh: "VIP 客户 14 天没有跟进时提醒负责人。",
            description_en: "Reminds the owner when a VIP customer has had no conversation for 14 days.",
            definition: json!({
                "trigger": { "type": "date", "field": "lastContactAt", "offsetDays": -14, "at": "09:00" },
                "condition": { "type": "compare", "field": "grade", "op": "eq", "value": "vip" },
                "steps": [ { "type": "notify", "to": { "type": "owner" },
                             "title": "VIP 客户 {{name}} 已 14 天未联系",
                             "body": "VIP {{name}} has had no conversation for 14 days." } ],
            }),
        },
        Template {
            key: "care.birthday",
            category: Category::Care,
            name_zh: "客户生日祝福邮件",
            name_en: "Birthday greetings to customers",
            description_zh: "客户生日当天 9:00 给客户发祝福邮件（带退订链接，已退订的客户不发）。",
            description_en: "On a customer's birthday at 09:00, a greeting mail to the customer (with an unsubscribe link; not sent to those who unsubscribed).",
            definition: json!({
                "trigger": { "type": "date", "field": "birthday", "offsetDays": 0, "at": "09:00" },
                "condition": { "type": "compare", "field": "email", "op": "not_empty" },
                "steps": [ { "type": "send_mail", "to": { "type": "customer" },
                             "subject": "{{name}}，生日快乐！",
                             "body": "尊敬的 {{name}}：\n\n祝您生日快乐，万事如意！\n\n{{ownerName}}\n\nHappy birthday, {{name}}!" } ],
            }),
        },
        Template {
            key: "care.spring_festival",
            category: Category::Care,
            name_zh: "春节问候邮件",
            name_en: "Spring Festival greetings",
            description_zh: "春节当天 9:00 给有邮箱的客户发新春问候（可换成中秋、端午、国庆等节日）。",
            description_en: "On the Spring Festival at 09:00, a greeting to every customer with an e-mail address (or choose Mid-Autumn, Dragon Boat, National Day …).",
            definition: json!({
                "trigger": { "type": "holiday", "holiday": "spring_festival", "at": "09:00" },
                "steps": [ { "type": "send_mail", "to": { "type": "customer" },
                             "subject": "新春快乐 · Happy Spring Festival",
                             "body": "尊敬的 {{name}}：\n\n值此新春佳节，感谢您一年来的支持，恭祝新春快乐，阖家幸福！\n\n{{ownerName}}\n\nHappy Spring Festival, {{name}}!" } ],
            }),
        },
        Template {
            key: "care.after_deal",
            category: Category::Care,
            name_zh: "成交后感谢信",
            name_en: "Thank-you mail after a deal",
            description_zh: "客户状态变为成交的第二天，给客户发感谢邮件。",
            description_en: "The day after a customer becomes a deal, a thank-you mail to the customer.",
            definition: json!({
                "trigger": { "type": "event", "event": "customer.updated", "fields": ["status"] },
                "condition": { "type": "all", "of": [
                    { "type": "changed", "field": "status", "to": "deal" },
                    { "type": "compare", "field": "email", "op": "not_empty" } ] },
                "steps": [
                    { "type": "delay", "minutes": 1440 },
                    { "type": "send_mail", "to": { "type": "customer" },
                      "subject": "感谢您的信任 · Thank you, {{name}}",
                      "body": "尊敬的 {{name}}：\n\n感谢您选择我们。有任何问题，请随时联系 {{ownerName}}。\n\nThank you for your trust. Questions? {{ownerName}} is here to help." } ],
            }),
        },
    ]
}

/// The template with this key.
pub fn get(key: &str) -> Option<Template> {
    all().into_iter().find(|t| t.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflows::Definition;

    #[test]
    fn every_template_is_a_valid_definition() {
        for t in all() {
            let def = Definition::parse(&t.definition);
            // `assign.by_rules` is valid with no rule yet: the fallback is everyone.
            assert!(def.is_ok(), "{}: {:?}", t.key, def.err());
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = all().iter().map(|t| t.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all().len());
    }
}
