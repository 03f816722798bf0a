//! The company's settings.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use guanxi_store::tenants;

use crate::context::ContextExt;
use crate::error::ApiResult;

/// Who may mark a work plan done.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::settings::PlanCompleter")]
pub enum PlanCompleter {
    /// The plan's author.
    Author,
    /// A supervisor of the author's group.
    Supervisor,
    /// An admin (always included).
    Admin,
}

/// Who may add new tags to the company's list.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::settings::TagCreation")]
pub enum TagCreation {
    /// Whoever may edit a customer: giving it a new tag adds the tag.
    Everyone,
    /// Admins only: everyone else picks from the list.
    Admins,
}

/// The company's settings.
#[derive(SimpleObject)]
pub struct TenantSettings {
    /// Industries offered for customers (行业).
    industries: Vec<String>,
    /// Customer sources (客户来源).
    sources: Vec<String>,
    /// Who may mark a work plan done.
    plan_completion: Vec<PlanCompleter>,
    /// The pattern new customer numbers are made from: text and the tokens
    /// `{yyyy}` `{yy}` `{mm}` `{dd}` (creation date, company time zone) and
    /// exactly one `{seq:N}` (a counter padded to N digits, restarting when
    /// the date part changes). Default `KH{yyyy}{seq:6}` → KH2026000001.
    customer_number_pattern: String,
    /// Caps on claiming from the public pool (公海).
    pool: PoolSettings,
    /// Whether supervisors may manage their groups' automation: workflows
    /// and outbound webhooks (admins always manage all of it). Default false.
    supervisors_manage_automation: bool,
    /// What the daily reminders remind of.
    reminders: ReminderSettings,
    /// Who may add new tags Default `EVERYONE`.
    tag_creation: TagCreation,
}

/// What the daily reminders remind each person of, at their reminder time
/// (`User.reminderTime`): their visits and plans due today and their
/// overdue plans always; the rest as set here.
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "ReminderSettingsInput")]
pub struct ReminderSettings {
    /// Customers' birthdays. Default true.
    birthdays: bool,
    /// VIP customers without a conversation for this many days (0: off).
    /// Default 14, at most 3650.
    vip_idle_days: u32,
    /// Custom date fields announced ahead (a contract's end).
    date_fields: Vec<DateReminder>,
}

/// A custom date field announced `daysBefore` days ahead.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "DateReminderInput")]
pub struct DateReminder {
    /// The custom field's key.
    field: String,
    /// Days before the date (0: on the day), at most 365.
    days_before: u32,
}

/// Caps on claiming from the public pool; 0 switches a cap off.
#[derive(SimpleObject)]
pub struct PoolSettings {
    /// Claims one person may make per day (company time zone). Default 20, at most 10000.
    claims_per_day: u32,
    /// Customers one person may hold and still claim more. Default 500, at most 1000000.
    max_held: u32,
    /// Days after a release before the previous owner may claim the
    /// customer back. Default 7, at most 365.
    reclaim_cooldown_days: u32,
}

/// A change to the pool caps; omitted fields stay as they are.
#[derive(InputObject)]
pub struct PoolSettingsInput {
    claims_per_day: Option<u32>,
    max_held: Option<u32>,
    reclaim_cooldown_days: Option<u32>,
}

impl From<guanxi_core::settings::TenantSettings> for TenantSettings {
    fn from(s: guanxi_core::settings::TenantSettings) -> Self {
        TenantSettings {
            industries: s.industries,
            sources: s.sources,
            plan_completion: s.plan_completion.into_iter().map(Into::into).collect(),
            customer_number_pattern: s.customer_number_pattern,
            pool: PoolSettings {
                claims_per_day: s.pool.claims_per_day,
                max_held: s.pool.max_held,
                reclaim_cooldown_days: s.pool.reclaim_cooldown_days,
            },
            supervisors_manage_automation: s.supervisors_manage_automation,
            reminders: ReminderSettings {
                birthdays: s.reminders.birthdays,
                vip_idle_days: s.reminders.vip_idle_days,
                date_fields: s
                    .reminders
                    .date_fields
                    .into_iter()
                    .map(|d| DateReminder { field: d.field, days_before: d.days_before })
                    .collect(),
            },
            tag_creation: s.tag_creation.into(),
        }
    }
}

/// A change to the settings; omitted fields stay as they are.
#[derive(InputObject)]
pub struct TenantSettingsInput {
    industries: Option<Vec<String>>,
    sources: Option<Vec<String>>,
    plan_completion: Option<Vec<PlanCompleter>>,
    customer_number_pattern: Option<String>,
    pool: Option<PoolSettingsInput>,
    supervisors_manage_automation: Option<bool>,
    /// Replaces the reminder settings as a whole.
    reminders: Option<ReminderSettings>,
    tag_creation: Option<TagCreation>,
}

#[derive(Default)]
pub struct SettingsQuery;

#[Object]
impl SettingsQuery {
    /// The company's settings.
    async fn tenant_settings(&self, ctx: &Context<'_>) -> ApiResult<TenantSettings> {
        ctx.read(async |tx| Ok(tenants::view_settings(tx).await?.into())).await
    }
}

#[derive(Default)]
pub struct SettingsMutation;

#[Object]
impl SettingsMutation {
    /// Change the company's settings (admins).
    async fn update_tenant_settings(&self, ctx: &Context<'_>, input: TenantSettingsInput) -> ApiResult<TenantSettings> {
        ctx.write(async |tx| {
            let mut s = tenants::view_settings(tx).await?;
            if let Some(v) = input.industries {
                s.industries = v;
            }
            if let Some(v) = input.sources {
                s.sources = v;
            }
            if let Some(v) = input.plan_completion {
                s.plan_completion = v.into_iter().map(Into::into).collect();
            }
            if let Some(v) = input.customer_number_pattern {
                s.customer_number_pattern = v;
            }
            if let Some(p) = input.pool {
                s.pool.claims_per_day = p.claims_per_day.unwrap_or(s.pool.claims_per_day);
                s.pool.max_held = p.max_held.unwrap_or(s.pool.max_held);
                s.pool.reclaim_cooldown_days = p.reclaim_cooldown_days.unwrap_or(s.pool.reclaim_cooldown_days);
            }
            if let Some(v) = input.supervisors_manage_automation {
                s.supervisors_manage_automation = v;
            }
            if let Some(r) = input.reminders {
                s.reminders = guanxi_core::settings::ReminderSettings {
                    birthdays: r.birthdays,
                    vip_idle_days: r.vip_idle_days,
                    date_fields: r
                        .date_fields
                        .into_iter()
                        .map(|d| guanxi_core::settings::DateReminder { field: d.field, days_before: d.days_before })
                        .collect(),
                };
            }
            if let Some(v) = input.tag_creation {
                s.tag_creation = v.into();
            }
            let saved = tenants::update_settings(tx, s).await?;
            Ok(saved.into())
        })
        .await
    }
}
