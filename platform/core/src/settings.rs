//! Per-tenant settings an admin can change. Stored as one JSON document per
//! tenant; missing keys take their defaults, so adding a setting needs no
//! migration.

use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError};
use crate::numbering::Pattern;
use crate::pool::PoolSettings;

/// Who may mark a work plan done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanCompleter {
    /// The plan's author.
    Author,
    /// A supervisor of the author's group.
    Supervisor,
    /// An admin.
    Admin,
}

/// Who may add a tag to the company's tag list, by giving a customer a tag
/// the list does not have yet (admins also add them in the tag settings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagCreation {
    /// Whoever may edit the customer: the list grows as people tag.
    #[default]
    Everyone,
    /// Admins only: everyone else picks from the list.
    Admins,
}

/// A tenant's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TenantSettings {
    /// Industries offered for customers (行业).
    pub industries: Vec<String>,
    /// Customer sources (客户来源).
    pub sources: Vec<String>,
    /// Who may mark a work plan done.
    pub plan_completion: Vec<PlanCompleter>,
    /// The pattern new customer numbers are made from (see
    /// [`Pattern`]), e.g. `KH{yyyy}{seq:6}`.
    pub customer_number_pattern: String,
    /// Caps on claiming from the public pool.
    pub pool: PoolSettings,
    /// Whether supervisors may manage their groups' automation: workflows
    /// and outbound webhooks (admins always manage all of it).
    pub supervisors_manage_automation: bool,
    /// What the daily reminders remind of.
    pub reminders: ReminderSettings,
    /// Who may add new tags.
    pub tag_creation: TagCreation,
}

/// What the daily reminders remind each person of (their visits and plans
/// always; the rest as the company sets).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReminderSettings {
    /// Remind owners of their customers' birthdays.
    pub birthdays: bool,
    /// Remind owners of VIP customers without a conversation for this many
    /// days (0: off).
    pub vip_idle_days: u32,
    /// Customer date fields to remind of ahead (a contract's end).
    pub date_fields: Vec<DateReminder>,
}

/// A custom date field whose date is announced ahead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateReminder {
    /// The custom field's key.
    pub field: String,
    /// Days before the date (0: on the day).
    pub days_before: u32,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings { birthdays: true, vip_idle_days: 14, date_fields: Vec::new() }
    }
}

impl ReminderSettings {
    /// Problems with these settings, named `reminders.<field>`.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.vip_idle_days > 3650 {
            out.push(FieldError::new("reminders.vipIdleDays", "out_of_range", "0 (off) to 3650 days"));
        }
        if self.date_fields.len() > 20 {
            out.push(FieldError::new("reminders.dateFields", "too_many", "at most 20 date fields"));
        }
        for (i, d) in self.date_fields.iter().enumerate() {
            if d.field.trim().is_empty() {
                out.push(FieldError::new(format!("reminders.dateFields.{i}.field"), "required", "name a date field"));
            }
            if d.days_before > 365 {
                out.push(FieldError::new(format!("reminders.dateFields.{i}.daysBefore"), "out_of_range", "0 to 365"));
            }
        }
        out
    }
}

impl Default for TenantSettings {
    fn default() -> Self {
        TenantSettings {
            industries: [
                "制造业",
                "批发零售",
                "信息技术",
                "金融",
                "教育",
                "医疗",
                "房地产",
                "餐饮酒店",
                "物流",
                "其他",
            ]
            .map(str::to_owned)
            .to_vec(),
            sources: ["主动联系", "广告媒体", "朋友介绍"].map(str::to_owned).to_vec(),
            plan_completion: vec![PlanCompleter::Author, PlanCompleter::Supervisor, PlanCompleter::Admin],
            customer_number_pattern: Pattern::DEFAULT.to_owned(),
            pool: PoolSettings::default(),
            supervisors_manage_automation: false,
            reminders: ReminderSettings::default(),
            tag_creation: TagCreation::Everyone,
        }
    }
}

fn check_list(field: &str, items: &[String], errors: &mut Vec<FieldError>) {
    if items.is_empty() || items.len() > 100 {
        errors.push(FieldError::new(field, "length", "give 1 to 100 entries"));
    }
    for (i, item) in items.iter().enumerate() {
        let n = item.trim().chars().count();
        if n == 0 || n > 30 || item.chars().any(char::is_control) {
            errors.push(FieldError::new(format!("{field}.{i}"), "invalid", "entries are 1 to 30 characters"));
        } else if items[..i].iter().any(|other| other.trim() == item.trim()) {
            errors.push(FieldError::new(format!("{field}.{i}"), "duplicate", "entries must be unique"));
        }
    }
}

impl TenantSettings {
    /// Check every setting; all problems are reported at once.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        check_list("industries", &self.industries, &mut errors);
        check_list("sources", &self.sources, &mut errors);
        if !self.plan_completion.contains(&PlanCompleter::Admin) {
            errors.push(FieldError::new("planCompletion", "admin_required", "admins can always mark plans done"));
        }
        if let Err(e) = Pattern::parse(self.customer_number_pattern.trim(), "customerNumberPattern") {
            errors.push(e);
        }
        errors.extend(self.pool.problems());
        errors.extend(self.reminders.problems());
        if errors.is_empty() { Ok(()) } else { Err(Error::Validation(errors)) }
    }

    /// Trim list entries (after validation they are unique and non-empty).
    pub fn normalised(mut self) -> Self {
        for list in [&mut self.industries, &mut self.sources] {
            for item in list.iter_mut() {
                *item = item.trim().to_owned();
            }
        }
        self.customer_number_pattern = self.customer_number_pattern.trim().to_owned();
        self.plan_completion.sort_by_key(|c| *c as u8);
        self.plan_completion.dedup();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_missing_keys_default() {
        assert!(TenantSettings::default().validate().is_ok());
        let parsed: TenantSettings = serde_json::from_str(r#"{"sources": ["展会"]}"#).unwrap_or_default();
        assert_eq!(parsed.sources, ["展会"]);
        assert_eq!(parsed.industries, TenantSettings::default().industries);
        let parsed: TenantSettings = serde_json::from_str(r#"{"unknown": 1}"#).unwrap_or_default();
        assert_eq!(parsed, TenantSettings::default());
        let parsed: TenantSettings = serde_json::from_str(r#"{"pool": {"max_held": 0}}"#).unwrap_or_default();
        assert_eq!((parsed.pool.max_held, parsed.pool.claims_per_day), (0, PoolSettings::default().claims_per_day));
    }

    #[test]
    fn invalid_settings_name_every_field() {
        let s = TenantSettings {
            industries: vec![],
            sources: vec!["展会".into(), " 展会 ".into(), "".into()],
            plan_completion: vec![PlanCompleter::Author],
            customer_number_pattern: "KH{yyyy}".into(),
            pool: PoolSettings { claims_per_day: 10_001, ..PoolSettings::default() },
            supervisors_manage_automation: false,
            reminders: ReminderSettings::default(),
            tag_creation: TagCreation::Admins,
        };
        let Err(Error::Validation(f)) = s.validate() else { panic!("expected validation errors") };
        let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["industries", "sources.1", "sources.2", "planCompletion", "customerNumberPattern", "pool.claimsPerDay"]
        );
    }
}
