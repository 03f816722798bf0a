//! Workflow automation: the rules that need no I/O.
//!
//! A workflow's definition is a trigger, an optional condition that gates
//! it, and a tree of steps (`if` has `then` and `else` branches). The
//! definition is JSON in the API and in the database, parsed here into
//! [`Definition`] and checked structurally ([`Definition::parse`]); the
//! store checks what needs the database (fields, users, plugins exist).
//! A published version is compiled to a flat [`Program`] whose positions
//! are what a run remembers: a run resumes at a position of the very
//! version it started on, so the numbering only has to be stable per
//! version, which an immutable definition guarantees.
//!
//! Conditions are evaluated on a record as JSON ([`Condition::eval`]) and
//! texts carry merge fields (`{{customer.name}}`, [`render`]).

use std::str::FromStr as _;

use chrono::{DateTime, NaiveTime, Timelike as _, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::FieldError;
use crate::events::DomainEvent;
use crate::webhooks::WebhookUrl;

/// Most steps in one definition, branches included.
pub const MAX_STEPS: usize = 50;
/// Deepest nesting of `if` steps.
pub const MAX_NESTING: usize = 5;
/// Longest delay of one `delay` step: 90 days, in minutes.
pub const MAX_DELAY_MINUTES: u32 = 90 * 24 * 60;
/// Attempts a failing step gets unless the workflow says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Most attempts a workflow may give a step.
pub const MAX_ATTEMPTS_LIMIT: u32 = 10;
/// How deep a chain of workflows may go: a change made by a run is an event
/// of depth (the run's depth + 1), and events at this depth start no run.
/// A workflow that triggers itself (or two that trigger each other) thus
/// stops after this many rounds, whatever the definitions say.
pub const MAX_CHAIN_DEPTH: i16 = 3;
/// Longest text field (a mail body, a notification's text), in characters.
pub const TEXT_MAX_CHARS: usize = 5000;
/// Longest name of a workflow.
pub const NAME_MAX_CHARS: usize = 100;
/// Most items a `for_each` step goes through (and its default bound).
pub const MAX_ITEMS: u32 = 100;
/// Most conditions in one condition tree.
pub const MAX_CONDITIONS: usize = 50;
/// Event types a workflow may start on.
pub const TRIGGER_EVENTS: &[&str] = &[
    "customer.created",
    "customer.updated",
    "customer.owner_changed",
    "customer.released",
    "customer.claimed",
    "customer.grade_changed",
    "conversation.added",
    "plan.created",
    "plan.done",
    "plan.overdue",
    "user.joined",
    "user.offboarded",
    "import.finished",
];

/// Date fields of a customer a `date` trigger may count from: built in, or
/// any custom field of type date as `custom.<key>`.
pub const DATE_FIELDS: &[&str] = &["birthday", "nextVisitAt", "lastContactAt", "createdAt"];

/// What starts a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// A domain event of this type; for `customer.updated`, only when one
    /// of `fields` changed (any field when empty).
    Event {
        /// The event type, one of [`TRIGGER_EVENTS`].
        event: String,
        /// API names of fields, for `customer.updated`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
    },
    /// A cron schedule (five fields, minute first), in the company's time
    /// zone. The run has no record.
    Schedule {
        /// The pattern, e.g. `0 9 * * MON-FRI`.
        cron: String,
    },
    /// Once a day at `at` (company time), a run for every customer whose
    /// date `field` is `offset_days` days from today: "3 days before the
    /// contract ends" is `offset_days: 3` on the end date, "the day after"
    /// is `-1`. For `birthday` only month and day count (every year). On
    /// `lastContactAt`, `offset_days: -30` is "30 days without a
    /// conversation".
    Date {
        /// The date field, one of [`DATE_FIELDS`] or `custom.<key>`.
        field: String,
        /// Days before the date (negative: after).
        #[serde(default, rename = "offsetDays")]
        offset_days: i32,
        /// Time of day, `HH:MM`, company time (09:00 when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    /// A pool rule (公海回收): once a day at `at` (company time), a run
    /// for every held customer that is not locked, out of its protection
    /// period and neglected long enough: `noContactDays` days without a
    /// conversation and/or `noDealDays` days without a won deal (counted in
    /// the company's calendar days, from the creation when there never was
    /// one). With `warnDays`, also a run that many days before, whose
    /// `trigger.stage` is `warning` (the reclaim's is `reclaim`). Each
    /// customer's stretch of neglect starts one run of each stage at most.
    Idle {
        /// Days without a conversation (0: not a criterion).
        #[serde(default, rename = "noContactDays")]
        no_contact_days: u32,
        /// Days without a won deal (0: not a criterion).
        #[serde(default, rename = "noDealDays")]
        no_deal_days: u32,
        /// With both criteria: either suffices (`any`, the default) or both
        /// must hold (`all`).
        #[serde(default)]
        combine: Combine,
        /// Also warn this many days before (0: no warning).
        #[serde(default, rename = "warnDays")]
        warn_days: u32,
        /// Days after the owner got the customer (a claim, an assignment)
        /// during which it is left alone.
        #[serde(default, rename = "protectDays")]
        protect_days: u32,
        /// Only customers of these grades (all when empty).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        grades: Vec<String>,
        /// Only customers in these statuses (all when empty).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        statuses: Vec<String>,
        /// Time of day, `HH:MM`, company time (09:00 when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    /// Customer care on a holiday (节日关怀): once a year on the day, at
    /// `at` (company time), a run for every customer with an e-mail address
    /// who has not unsubscribed from care mails.
    Holiday {
        /// A preset of [`crate::holidays`] (`spring_festival`,
        /// `mid_autumn`, `national_day` …) or the company's own day as
        /// `MM-DD`.
        holiday: String,
        /// Time of day, `HH:MM`, company time (09:00 when absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    /// A person presses the workflow's button on a customer.
    Manual,
    /// A POST to the workflow's own URL with its secret.
    Webhook,
}

impl Trigger {
    /// The trigger's type as stored beside the version (for lookups).
    pub fn kind(&self) -> &'static str {
        match self {
            Trigger::Event { .. } => "event",
            Trigger::Schedule { .. } => "schedule",
            Trigger::Date { .. } => "date",
            Trigger::Idle { .. } => "idle",
            Trigger::Holiday { .. } => "holiday",
            Trigger::Manual => "manual",
            Trigger::Webhook => "webhook",
        }
    }

    /// Whether `event` starts this trigger.
    pub fn matches(&self, event: &DomainEvent) -> bool {
        let Trigger::Event { event: kind, fields } = self else { return false };
        if event.kind() != kind {
            return false;
        }
        match event {
            DomainEvent::CustomerUpdated { fields: changed, .. } => {
                fields.is_empty() || fields.iter().any(|f| changed.contains(f))
            }
            _ => true,
        }
    }

    /// The time of day of a `date` trigger.
    pub fn time_of_day(&self) -> NaiveTime {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN);
        match self {
            Trigger::Date { at: Some(at), .. }
            | Trigger::Idle { at: Some(at), .. }
            | Trigger::Holiday { at: Some(at), .. } => NaiveTime::parse_from_str(at, "%H:%M").unwrap_or(nine),
            _ => nine,
        }
    }
}

/// How the criteria of an idle trigger combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Either criterion suffices.
    #[default]
    Any,
    /// Both must hold.
    All,
}

/// Longest span of an idle trigger, in days.
pub const MAX_IDLE_DAYS: u32 = 3650;

/// How an `assign` step chooses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Weighted round robin: each person's share of the assignments follows
    /// their weight.
    #[default]
    RoundRobin,
    /// Whoever is least busy (by [`Busy`]); ties by the round robin.
    LeastBusy,
}

/// What "busy" counts for [`Strategy::LeastBusy`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Busy {
    /// Customers held that are neither won (成交) nor lost (流失).
    #[default]
    OpenCustomers,
    /// Work plans not done that start this week (company time).
    PlansThisWeek,
}

/// A person an `assign` step may choose, with their weight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The user.
    pub id: uuid::Uuid,
    /// Their share in the round robin, 1 to [`MAX_WEIGHT`] (1 by default).
    #[serde(default = "one")]
    pub weight: u32,
}

fn one() -> u32 {
    1
}

/// Largest weight of a member.
pub const MAX_WEIGHT: u32 = 100;
/// Most members of one list.
pub const MAX_MEMBERS: usize = 200;
/// Most rules of one `assign` step.
pub const MAX_RULES: usize = 20;

/// A rule of an `assign` step: customers for which the condition holds go
/// to these people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignRule {
    /// On the customer (`industry`, `address`, `source`, `custom.x`…).
    pub condition: Condition,
    /// Who receives them.
    pub people: Vec<Member>,
}

/// A comparison of a field with a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Equal (texts compare exactly; numbers as numbers).
    Eq,
    /// Not equal.
    Ne,
    /// Greater than (numbers, or dates as ISO texts).
    Gt,
    /// Greater or equal.
    Gte,
    /// Less than.
    Lt,
    /// Less or equal.
    Lte,
    /// A text contains the value, or a list holds it.
    Contains,
    /// The value is one of a list.
    In,
    /// Absent, null, empty text or empty list.
    Empty,
    /// Not [`Op::Empty`].
    NotEmpty,
}

/// A condition on the run's record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Every one holds (true when empty).
    All {
        /// The conditions.
        of: Vec<Condition>,
    },
    /// At least one holds.
    Any {
        /// The conditions.
        of: Vec<Condition>,
    },
    /// The condition does not hold.
    Not {
        /// The condition.
        condition: Box<Condition>,
    },
    /// A field compared with a value.
    Compare {
        /// The field's API name (`status`, `grade`, `ownerId`, `custom.x`).
        field: String,
        /// The comparison.
        op: Op,
        /// The value (absent for `empty` and `not_empty`).
        #[serde(default)]
        value: Value,
    },
    /// The change that started the run changed this field, optionally from
    /// and to these values.
    Changed {
        /// The field's API name.
        field: String,
        /// The value before.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Value>,
        /// The value after.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<Value>,
    },
}

/// Who a step addresses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Recipient {
    /// The record's owner (nobody while it is in the pool).
    Owner,
    /// The user the workflow acts as.
    Actor,
    /// A named user.
    User {
        /// Their id.
        id: uuid::Uuid,
    },
}

/// Where a mail goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum MailTo {
    /// The record's owner.
    Owner,
    /// The customer's own e-mail address.
    Customer,
    /// A named user.
    User {
        /// Their id.
        id: uuid::Uuid,
    },
    /// An address.
    Address {
        /// The address.
        email: String,
    },
}

/// One step of a workflow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Runs `then` when the condition holds, `else` otherwise.
    If {
        /// The condition.
        condition: Condition,
        /// Steps when it holds.
        #[serde(default)]
        then: Vec<Step>,
        /// Steps when it does not.
        #[serde(default, rename = "else")]
        otherwise: Vec<Step>,
    },
    /// Stops the run here (completed) unless the condition holds.
    Filter {
        /// The condition.
        condition: Condition,
    },
    /// Sets a field of the record (built in or `custom.<key>`).
    SetField {
        /// The field's API name.
        field: String,
        /// The value; texts may carry merge fields.
        value: Value,
    },
    /// Gives the record to another user.
    ChangeOwner {
        /// The new owner.
        to: uuid::Uuid,
    },
    /// Gives the record to a person chosen fairly: the people of the first
    /// rule whose condition holds, else `people` (everyone of the
    /// workflow's group or company who can hold customers, when empty);
    /// people who are inactive, away or at the company's holding cap are
    /// passed over. Why that person was chosen is recorded on the customer.
    Assign {
        /// How the person is chosen.
        #[serde(default)]
        strategy: Strategy,
        /// What "busy" counts, for `least_busy`.
        #[serde(default)]
        busy: Busy,
        /// The people (the fallback when there are rules).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        people: Vec<Member>,
        /// Rules, the first that holds decides.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        rules: Vec<AssignRule>,
    },
    /// Moves the record to the public pool.
    MoveToPool {
        /// The reason shown in the pool.
        reason: String,
    },
    /// Writes a work plan about the record.
    CreatePlan {
        /// Whose plan (the owner by default).
        #[serde(default = "owner")]
        assignee: Recipient,
        /// Its subject (merge fields allowed).
        subject: String,
        /// Its content.
        #[serde(default)]
        content: String,
        /// Starts this many days from the step (0: today).
        #[serde(default, rename = "inDays")]
        in_days: u32,
        /// How long, in minutes (60 by default).
        #[serde(default, rename = "durationMinutes", skip_serializing_if = "Option::is_none")]
        duration_minutes: Option<u32>,
    },
    /// Sends an in-app notification.
    Notify {
        /// To whom.
        to: Recipient,
        /// Its title (merge fields allowed).
        title: String,
        /// Its text.
        #[serde(default)]
        body: String,
    },
    /// Sends a mail.
    SendMail {
        /// To whom.
        to: MailTo,
        /// Subject (merge fields allowed).
        subject: String,
        /// Text (merge fields allowed).
        body: String,
    },
    /// POSTs the run's record and trigger as JSON to a URL, signed like
    /// outbound webhooks.
    Http {
        /// The URL.
        url: String,
    },
    /// Runs a `workflow.action` plugin on the record and applies its effects.
    Plugin {
        /// The plugin.
        plugin: uuid::Uuid,
    },
    /// Waits.
    Delay {
        /// Minutes, 1 to [`MAX_DELAY_MINUTES`].
        minutes: u32,
    },
    /// Runs `steps` once for each item of a list (a field of the record such
    /// as `tags` or `phones`, or of the trigger such as
    /// `trigger.body.items`), at most `limit` of them; the steps read the
    /// item as `{{item}}` (`{{item.x}}` for objects) and its place as
    /// `{{index}}`. No delay and no second `for_each` inside: a loop is
    /// bounded in items and in time.
    ForEach {
        /// The list's field.
        over: String,
        /// At most this many items (1 to [`MAX_ITEMS`], 20 by default).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit: Option<u32>,
        /// The steps for each item.
        steps: Vec<Step>,
    },
}

fn owner() -> Recipient {
    Recipient::Owner
}

impl Step {
    /// The step's type as its JSON names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::If { .. } => "if",
            Step::Filter { .. } => "filter",
            Step::SetField { .. } => "set_field",
            Step::ChangeOwner { .. } => "change_owner",
            Step::Assign { .. } => "assign",
            Step::MoveToPool { .. } => "move_to_pool",
            Step::CreatePlan { .. } => "create_plan",
            Step::Notify { .. } => "notify",
            Step::SendMail { .. } => "send_mail",
            Step::Http { .. } => "http",
            Step::Plugin { .. } => "plugin",
            Step::Delay { .. } => "delay",
            Step::ForEach { .. } => "for_each",
        }
    }

    /// Whether the step needs a record (a customer) to act on.
    pub fn needs_record(&self) -> bool {
        matches!(
            self,
            Step::SetField { .. }
                | Step::ChangeOwner { .. }
                | Step::Assign { .. }
                | Step::MoveToPool { .. }
                | Step::Plugin { .. }
        )
    }
}

/// A workflow's definition. See the module documentation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// What starts a run.
    pub trigger: Trigger,
    /// A condition a run must meet to start at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Attempts a failing step gets (1 to [`MAX_ATTEMPTS_LIMIT`]).
    #[serde(default, rename = "maxAttempts", skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
}

impl Definition {
    /// Parse and check `raw`. Errors name where: `definition.steps.2.then.0.url`.
    pub fn parse(raw: &Value) -> Result<Definition, Vec<FieldError>> {
        let def: Definition = serde_json::from_value(raw.clone())
            .map_err(|e| vec![FieldError::new("definition", "invalid", format!("not a valid workflow: {e}"))])?;
        let mut errors = Vec::new();
        def.check(&mut errors);
        if errors.is_empty() { Ok(def) } else { Err(errors) }
    }

    /// Attempts a failing step gets.
    pub fn attempts(&self) -> u32 {
        self.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS)
    }

    /// Whether runs have a customer as their record.
    pub fn has_record(&self) -> bool {
        match &self.trigger {
            Trigger::Event { event, .. } => event.starts_with("customer.") || event == "conversation.added",
            Trigger::Date { .. } | Trigger::Idle { .. } | Trigger::Holiday { .. } | Trigger::Manual => true,
            Trigger::Schedule { .. } | Trigger::Webhook => false,
        }
    }

    /// Whether runs have someone "the owner" can name: the customer's owner,
    /// or the user an event is about (a plan's owner, a user who joined).
    pub fn has_owner(&self) -> bool {
        self.has_record() || matches!(self.trigger, Trigger::Event { .. })
    }

    fn check(&self, errors: &mut Vec<FieldError>) {
        match &self.trigger {
            Trigger::Event { event, fields } => {
                if !TRIGGER_EVENTS.contains(&event.as_str()) {
                    errors.push(FieldError::new(
                        "definition.trigger.event",
                        "invalid",
                        format!("`{event}` cannot start a workflow"),
                    ));
                }
                if !fields.is_empty() && event != "customer.updated" {
                    errors.push(FieldError::new(
                        "definition.trigger.fields",
                        "invalid",
                        "fields are only for customer.updated",
                    ));
                }
            }
            Trigger::Schedule { cron } => {
                if let Err(e) = parse_cron(cron) {
                    errors.push(e);
                }
            }
            Trigger::Date { field, offset_days, at } => {
                if !DATE_FIELDS.contains(&field.as_str()) && !field.starts_with("custom.") {
                    errors.push(FieldError::new("definition.trigger.field", "invalid", "not a date field"));
                }
                if offset_days.unsigned_abs() > 3650 {
                    errors.push(FieldError::new(
                        "definition.trigger.offsetDays",
                        "out_of_range",
                        "at most 3650 days either way",
                    ));
                }
                if let Some(at) = at
                    && NaiveTime::parse_from_str(at, "%H:%M").is_err()
                {
                    errors.push(FieldError::new("definition.trigger.at", "invalid", "a time of day as HH:MM"));
                }
            }
            Trigger::Idle { no_contact_days, no_deal_days, warn_days, protect_days, grades, statuses, at, .. } => {
                check_idle(
                    IdleSpans {
                        no_contact: *no_contact_days,
                        no_deal: *no_deal_days,
                        warn: *warn_days,
                        protect: *protect_days,
                    },
                    grades,
                    statuses,
                    at.as_deref(),
                    errors,
                );
            }
            Trigger::Holiday { holiday, at } => {
                if !crate::holidays::is_known(holiday) {
                    errors.push(FieldError::new(
                        "definition.trigger.holiday",
                        "invalid",
                        "a holiday preset (spring_festival, mid_autumn …) or a day as MM-DD",
                    ));
                }
                if let Some(at) = at
                    && NaiveTime::parse_from_str(at, "%H:%M").is_err()
                {
                    errors.push(FieldError::new("definition.trigger.at", "invalid", "a time of day as HH:MM"));
                }
            }
            Trigger::Manual | Trigger::Webhook => {}
        }
        if let Some(c) = &self.condition {
            check_condition(c, "definition.condition", &mut 0, errors);
        }
        if let Some(n) = self.max_attempts
            && !(1..=MAX_ATTEMPTS_LIMIT).contains(&n)
        {
            errors.push(FieldError::new(
                "definition.maxAttempts",
                "out_of_range",
                format!("1 to {MAX_ATTEMPTS_LIMIT}"),
            ));
        }
        if self.steps.is_empty() {
            errors.push(FieldError::new("definition.steps", "required", "a workflow needs at least one step"));
        }
        let mut count = 0;
        let has = Has { record: self.has_record(), owner: self.has_owner() };
        check_steps(&self.steps, "definition.steps", 0, has, &mut count, errors);
        if count > MAX_STEPS {
            errors.push(FieldError::new("definition.steps", "too_many", format!("at most {MAX_STEPS} steps")));
        }
    }

    /// Every step, depth first, with its path.
    pub fn walk(&self) -> Vec<(String, &Step)> {
        Self::walk_steps(&self.steps, "steps")
    }

    /// [`Definition::walk`] from `steps` at `path`.
    pub fn walk_steps<'a>(steps: &'a [Step], path: &str) -> Vec<(String, &'a Step)> {
        fn go<'a>(steps: &'a [Step], path: &str, out: &mut Vec<(String, &'a Step)>) {
            for (i, s) in steps.iter().enumerate() {
                let p = format!("{path}.{i}");
                out.push((p.clone(), s));
                if let Step::If { then, otherwise, .. } = s {
                    go(then, &format!("{p}.then"), out);
                    go(otherwise, &format!("{p}.else"), out);
                }
                if let Step::ForEach { steps, .. } = s {
                    go(steps, &format!("{p}.steps"), out);
                }
            }
        }
        let mut out = Vec::new();
        go(steps, path, &mut out);
        out
    }

    /// Compile to the flat program runs execute.
    pub fn compile(&self) -> Program {
        fn go(steps: &[Step], path: &str, ops: &mut Vec<Op2>) {
            for (i, s) in steps.iter().enumerate() {
                let key = format!("{path}.{i}");
                match s {
                    Step::If { condition, then, otherwise } => {
                        let branch = ops.len();
                        ops.push(Op2 {
                            key: key.clone(),
                            op: Instr::Branch { condition: condition.clone(), otherwise: 0 },
                        });
                        go(then, &format!("{key}.then"), ops);
                        let jump = ops.len();
                        ops.push(Op2 { key: format!("{key}.end"), op: Instr::Jump { to: 0 } });
                        let else_at = ops.len();
                        go(otherwise, &format!("{key}.else"), ops);
                        let end = ops.len();
                        if let Instr::Branch { otherwise, .. } = &mut ops[branch].op {
                            *otherwise = else_at;
                        }
                        if let Instr::Jump { to } = &mut ops[jump].op {
                            *to = end;
                        }
                    }
                    Step::ForEach { over, limit, steps } => {
                        let each = ops.len();
                        ops.push(Op2 {
                            key: key.clone(),
                            op: Instr::Each { over: over.clone(), limit: limit.unwrap_or(20).min(MAX_ITEMS), end: 0 },
                        });
                        go(steps, &format!("{key}.steps"), ops);
                        ops.push(Op2 { key: format!("{key}.next"), op: Instr::Next { each } });
                        let end = ops.len();
                        if let Instr::Each { end: e, .. } = &mut ops[each].op {
                            *e = end;
                        }
                    }
                    other => ops.push(Op2 { key, op: Instr::Step(other.clone()) }),
                }
            }
        }
        let mut ops = Vec::new();
        go(&self.steps, "steps", &mut ops);
        Program { ops }
    }
}

/// One instruction of a compiled program.
#[derive(Clone, Debug, PartialEq)]
pub enum Instr {
    /// A step that acts (never an `if`).
    Step(Step),
    /// Go on when the condition holds, else continue at `otherwise`.
    Branch {
        /// The condition.
        condition: Condition,
        /// Where the `else` branch starts.
        otherwise: usize,
    },
    /// Continue at `to` (the end of an `if`).
    Jump {
        /// The position.
        to: usize,
    },
    /// Start a `for_each`: take the list (at most `limit` items) and go on
    /// with its first item, or at `end` when it is empty.
    Each {
        /// The list's field.
        over: String,
        /// At most this many items.
        limit: u32,
        /// Where the loop ends.
        end: usize,
    },
    /// The end of a `for_each`'s steps: back to the instruction after
    /// `each` for the next item, or on past this one after the last.
    Next {
        /// The loop's `Each`.
        each: usize,
    },
}

/// An instruction and the path of the step it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Op2 {
    /// The step's path in the definition, e.g. `steps.1.then.0`.
    pub key: String,
    /// The instruction.
    pub op: Instr,
}

/// A definition compiled to instructions. Jumps only go forward, except a
/// `for_each`'s back to its first step, once per item of a list of at most
/// [`MAX_ITEMS`]: every run ends after a bounded number of instructions.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    /// The instructions.
    pub ops: Vec<Op2>,
}

fn check_condition(c: &Condition, path: &str, count: &mut usize, errors: &mut Vec<FieldError>) {
    *count += 1;
    if *count == MAX_CONDITIONS + 1 {
        errors.push(FieldError::new(path, "too_many", format!("at most {MAX_CONDITIONS} conditions")));
    }
    match c {
        Condition::All { of } | Condition::Any { of } => {
            for (i, c) in of.iter().enumerate() {
                check_condition(c, &format!("{path}.of.{i}"), count, errors);
            }
        }
        Condition::Not { condition } => check_condition(condition, &format!("{path}.condition"), count, errors),
        Condition::Compare { field, op, value } => {
            if field.trim().is_empty() {
                errors.push(FieldError::new(format!("{path}.field"), "required", "name a field"));
            }
            if *op == Op::In && !value.is_array() {
                errors.push(FieldError::new(format!("{path}.value"), "invalid", "`in` takes a list"));
            }
        }
        Condition::Changed { field, .. } => {
            if field.trim().is_empty() {
                errors.push(FieldError::new(format!("{path}.field"), "required", "name a field"));
            }
        }
    }
}

/// The day counts of an idle trigger.
struct IdleSpans {
    no_contact: u32,
    no_deal: u32,
    warn: u32,
    protect: u32,
}

fn check_idle(d: IdleSpans, grades: &[String], statuses: &[String], at: Option<&str>, errors: &mut Vec<FieldError>) {
    let path = "definition.trigger";
    if d.no_contact == 0 && d.no_deal == 0 {
        errors.push(FieldError::new(
            format!("{path}.noContactDays"),
            "required",
            "give the days without a conversation, without a deal, or both",
        ));
    }
    for (name, v) in
        [("noContactDays", d.no_contact), ("noDealDays", d.no_deal), ("warnDays", d.warn), ("protectDays", d.protect)]
    {
        if v > MAX_IDLE_DAYS {
            errors.push(FieldError::new(
                format!("{path}.{name}"),
                "out_of_range",
                format!("0 to {MAX_IDLE_DAYS} days"),
            ));
        }
    }
    let shortest = [d.no_contact, d.no_deal].into_iter().filter(|v| *v > 0).min().unwrap_or(0);
    if d.warn > 0 && d.warn >= shortest {
        errors.push(FieldError::new(
            format!("{path}.warnDays"),
            "out_of_range",
            "the warning comes fewer days before than the rule's span",
        ));
    }
    for (i, g) in grades.iter().enumerate() {
        if g.parse::<crate::customer::Grade>().is_err() {
            errors.push(FieldError::new(format!("{path}.grades.{i}"), "invalid", format!("no grade `{g}`")));
        }
    }
    for (i, st) in statuses.iter().enumerate() {
        if st.parse::<crate::customer::CustomerStatus>().is_err() {
            errors.push(FieldError::new(format!("{path}.statuses.{i}"), "invalid", format!("no status `{st}`")));
        }
    }
    if let Some(at) = at
        && NaiveTime::parse_from_str(at, "%H:%M").is_err()
    {
        errors.push(FieldError::new(format!("{path}.at"), "invalid", "a time of day as HH:MM"));
    }
}

fn check_members(people: &[Member], path: &str, errors: &mut Vec<FieldError>) {
    if people.len() > MAX_MEMBERS {
        errors.push(FieldError::new(path, "too_many", format!("at most {MAX_MEMBERS} people")));
    }
    for (i, m) in people.iter().enumerate() {
        if !(1..=MAX_WEIGHT).contains(&m.weight) {
            errors.push(FieldError::new(format!("{path}.{i}.weight"), "out_of_range", format!("1 to {MAX_WEIGHT}")));
        }
        if people[..i].iter().any(|o| o.id == m.id) {
            errors.push(FieldError::new(format!("{path}.{i}.id"), "duplicate", "this person is named twice"));
        }
    }
}

fn check_text(text: &str, path: String, required: bool, errors: &mut Vec<FieldError>) {
    if required && text.trim().is_empty() {
        errors.push(FieldError::new(path, "required", "must not be empty"));
    } else if text.chars().count() > TEXT_MAX_CHARS {
        errors.push(FieldError::new(path, "too_long", format!("at most {TEXT_MAX_CHARS} characters")));
    }
}

/// What a trigger gives its runs.
#[derive(Clone, Copy)]
struct Has {
    record: bool,
    owner: bool,
}

fn check_steps(steps: &[Step], path: &str, depth: usize, has: Has, count: &mut usize, errors: &mut Vec<FieldError>) {
    for (i, s) in steps.iter().enumerate() {
        *count += 1;
        let p = format!("{path}.{i}");
        if s.needs_record() && !has.record {
            errors.push(FieldError::new(
                p.clone(),
                "no_record",
                format!("`{}` needs a customer, which this trigger does not give", s.kind()),
            ));
        }
        match s {
            Step::If { condition, then, otherwise } => {
                if depth + 1 > MAX_NESTING {
                    errors.push(FieldError::new(p.clone(), "too_deep", format!("at most {MAX_NESTING} nested ifs")));
                }
                check_condition(condition, &format!("{p}.condition"), &mut 0, errors);
                check_steps(then, &format!("{p}.then"), depth + 1, has, count, errors);
                check_steps(otherwise, &format!("{p}.else"), depth + 1, has, count, errors);
            }
            Step::Filter { condition } => check_condition(condition, &format!("{p}.condition"), &mut 0, errors),
            Step::SetField { field, .. } => {
                if field.trim().is_empty() {
                    errors.push(FieldError::new(format!("{p}.field"), "required", "name a field"));
                }
            }
            Step::ChangeOwner { .. } | Step::Plugin { .. } => {}
            Step::Assign { people, rules, .. } => {
                check_members(people, &format!("{p}.people"), errors);
                if rules.len() > MAX_RULES {
                    errors.push(FieldError::new(
                        format!("{p}.rules"),
                        "too_many",
                        format!("at most {MAX_RULES} rules"),
                    ));
                }
                for (i, r) in rules.iter().enumerate() {
                    check_condition(&r.condition, &format!("{p}.rules.{i}.condition"), &mut 0, errors);
                    if r.people.is_empty() {
                        errors.push(FieldError::new(
                            format!("{p}.rules.{i}.people"),
                            "required",
                            "name who receives these customers",
                        ));
                    }
                    check_members(&r.people, &format!("{p}.rules.{i}.people"), errors);
                }
            }
            Step::MoveToPool { reason } => check_text(reason, format!("{p}.reason"), true, errors),
            Step::CreatePlan { subject, content, duration_minutes, in_days, assignee } => {
                if *assignee == Recipient::Owner && !has.owner {
                    errors.push(FieldError::new(format!("{p}.assignee"), "no_record", "this trigger gives no owner"));
                }
                check_text(subject, format!("{p}.subject"), true, errors);
                check_text(content, format!("{p}.content"), false, errors);
                if duration_minutes.is_some_and(|m| m == 0 || m > 24 * 60) {
                    errors.push(FieldError::new(format!("{p}.durationMinutes"), "out_of_range", "1 to 1440"));
                }
                if *in_days > 365 {
                    errors.push(FieldError::new(format!("{p}.inDays"), "out_of_range", "0 to 365"));
                }
            }
            Step::Notify { title, body, to } => {
                check_text(title, format!("{p}.title"), true, errors);
                check_text(body, format!("{p}.body"), false, errors);
                if *to == Recipient::Owner && !has.owner {
                    errors.push(FieldError::new(format!("{p}.to"), "no_record", "this trigger gives no owner"));
                }
            }
            Step::SendMail { to, subject, body } => {
                check_text(subject, format!("{p}.subject"), true, errors);
                check_text(body, format!("{p}.body"), true, errors);
                match to {
                    MailTo::Address { email } if !email.contains('@') || email.len() > 254 => {
                        errors.push(FieldError::new(format!("{p}.to.email"), "invalid", "not an e-mail address"));
                    }
                    MailTo::Owner if !has.owner => {
                        errors.push(FieldError::new(format!("{p}.to"), "no_record", "this trigger gives no owner"));
                    }
                    MailTo::Customer if !has.record => {
                        errors.push(FieldError::new(format!("{p}.to"), "no_record", "this trigger gives no customer"));
                    }
                    _ => {}
                }
            }
            Step::Http { url } => {
                if let Err(e) = WebhookUrl::parse(url) {
                    errors.push(FieldError::new(format!("{p}.url"), e.reason, e.message));
                }
            }
            Step::ForEach { over, limit, steps } => {
                if over.trim().is_empty() {
                    errors.push(FieldError::new(format!("{p}.over"), "required", "name a list field"));
                }
                if limit.is_some_and(|l| !(1..=MAX_ITEMS).contains(&l)) {
                    errors.push(FieldError::new(format!("{p}.limit"), "out_of_range", format!("1 to {MAX_ITEMS}")));
                }
                if steps.is_empty() {
                    errors.push(FieldError::new(format!("{p}.steps"), "required", "give the steps for each item"));
                }
                for (path, inner) in Definition::walk_steps(steps, &format!("{p}.steps")) {
                    if matches!(inner, Step::Delay { .. } | Step::ForEach { .. }) {
                        errors.push(FieldError::new(
                            path,
                            "not_in_loop",
                            "a for_each may hold neither a delay nor another for_each",
                        ));
                    }
                }
                check_steps(steps, &format!("{p}.steps"), depth + 1, has, count, errors);
            }
            Step::Delay { minutes } => {
                if !(1..=MAX_DELAY_MINUTES).contains(minutes) {
                    errors.push(FieldError::new(
                        format!("{p}.minutes"),
                        "out_of_range",
                        format!("1 to {MAX_DELAY_MINUTES} minutes (90 days)"),
                    ));
                }
            }
        }
    }
}

/// Parse a five-field cron pattern (minute first).
pub fn parse_cron(raw: &str) -> Result<croner::Cron, FieldError> {
    let field = "definition.trigger.cron";
    if raw.split_whitespace().count() != 5 {
        return Err(FieldError::new(field, "invalid", "five fields: minute hour day month weekday"));
    }
    croner::Cron::from_str(raw).map_err(|e| FieldError::new(field, "invalid", format!("not a cron pattern: {e}")))
}

/// The first time after `after` that `cron` matches in `tz`, in whole seconds.
pub fn next_fire(cron: &str, tz: chrono_tz::Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let cron = parse_cron(cron).ok()?;
    let after = after.with_nanosecond(0)?;
    cron.find_next_occurrence(&after.with_timezone(&tz), false).ok().map(|t| t.with_timezone(&Utc))
}

/// The last time at or before `at` that `cron` matches in `tz`, in whole
/// seconds: the firing a scheduler pass that comes late stands for.
pub fn last_fire(cron: &str, tz: chrono_tz::Tz, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let cron = parse_cron(cron).ok()?;
    let at = at.with_nanosecond(0)?;
    cron.find_previous_occurrence(&at.with_timezone(&tz), true).ok().map(|t| t.with_timezone(&Utc))
}

/// The change that started a run, for `changed` conditions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Fields it changed, by API name.
    #[serde(default)]
    pub fields: Vec<String>,
    /// Values before, by field (where known).
    #[serde(default)]
    pub before: serde_json::Map<String, Value>,
}

/// A field of `record` by its API name; `custom.x` reads `custom` → `x`.
pub fn field<'a>(record: &'a Value, name: &str) -> Option<&'a Value> {
    match name.split_once('.') {
        Some((head, rest)) => field(record.get(head)?, rest),
        None => record.get(name),
    }
}

fn empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Number(x), Value::String(y)) | (Value::String(y), Value::Number(x)) => {
            y.trim().parse::<f64>().ok() == x.as_f64()
        }
        _ => a == b,
    }
}

fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::Number(x), Value::String(y)) => x.as_f64()?.partial_cmp(&y.trim().parse::<f64>().ok()?),
        (Value::String(x), Value::Number(y)) => x.trim().parse::<f64>().ok()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

impl Condition {
    /// Whether the condition holds for `record` after `change`.
    pub fn eval(&self, record: &Value, change: &Change) -> bool {
        match self {
            Condition::All { of } => of.iter().all(|c| c.eval(record, change)),
            Condition::Any { of } => of.iter().any(|c| c.eval(record, change)),
            Condition::Not { condition } => !condition.eval(record, change),
            Condition::Compare { field: name, op, value } => {
                let v = field(record, name);
                match op {
                    Op::Empty => empty(v),
                    Op::NotEmpty => !empty(v),
                    Op::Eq => v.is_some_and(|v| same(v, value)),
                    Op::Ne => !v.is_some_and(|v| same(v, value)),
                    Op::Gt => v.and_then(|v| order(v, value)).is_some_and(std::cmp::Ordering::is_gt),
                    Op::Gte => v.and_then(|v| order(v, value)).is_some_and(std::cmp::Ordering::is_ge),
                    Op::Lt => v.and_then(|v| order(v, value)).is_some_and(std::cmp::Ordering::is_lt),
                    Op::Lte => v.and_then(|v| order(v, value)).is_some_and(std::cmp::Ordering::is_le),
                    Op::Contains => match (v, value) {
                        (Some(Value::String(s)), Value::String(x)) => s.contains(x.as_str()),
                        (Some(Value::Array(a)), x) => a.iter().any(|e| same(e, x)),
                        _ => false,
                    },
                    Op::In => match (v, value) {
                        (Some(v), Value::Array(list)) => list.iter().any(|e| same(v, e)),
                        _ => false,
                    },
                }
            }
            Condition::Changed { field: name, from, to } => {
                if !change.fields.iter().any(|f| f == name) {
                    return false;
                }
                let to_ok = to.as_ref().is_none_or(|t| field(record, name).is_some_and(|v| same(v, t)));
                let from_ok = from.as_ref().is_none_or(|f| change.before.get(name).is_some_and(|v| same(v, f)));
                to_ok && from_ok
            }
        }
    }
}

/// Replace `{{path}}` merge fields in `template` with values from `vars`
/// (`{{customer.name}}`, `{{customer.custom.level}}`, `{{trigger.type}}`).
/// An unknown path becomes empty; texts are inserted as they are, other
/// values as JSON.
pub fn render(template: &str, vars: &Value) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        match field(vars, after[..end].trim()) {
            Some(Value::String(s)) => out.push_str(s),
            None | Some(Value::Null) => {}
            Some(v) => out.push_str(&v.to_string()),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// How long a step waits before its attempt `attempt` (2, 3 …): 30 s, then
/// doubling, at most an hour.
pub fn retry_delay(attempt: u32) -> std::time::Duration {
    let secs = 30u64.saturating_mul(1u64 << attempt.saturating_sub(2).min(10));
    std::time::Duration::from_secs(secs.min(3600))
}

/// A run's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Waiting for a worker.
    Queued,
    /// A worker is on it.
    Running,
    /// In a delay, or waiting to retry a step.
    Waiting,
    /// Done.
    Completed,
    /// A step failed on every attempt.
    Failed,
    /// An admin stopped it.
    Stopped,
    /// Its condition did not hold: it did nothing.
    Skipped,
}

impl RunStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Queued => "queued",
            RunStatus::Running => "running",
            RunStatus::Waiting => "waiting",
            RunStatus::Completed => "completed",
            RunStatus::Failed => "failed",
            RunStatus::Stopped => "stopped",
            RunStatus::Skipped => "skipped",
        }
    }

    /// The status a stored name names.
    pub fn parse(s: &str) -> Option<RunStatus> {
        [Self::Queued, Self::Running, Self::Waiting, Self::Completed, Self::Failed, Self::Stopped, Self::Skipped]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    /// Whether the run is over.
    pub fn is_final(self) -> bool {
        matches!(self, RunStatus::Completed | RunStatus::Failed | RunStatus::Stopped | RunStatus::Skipped)
    }
}

/// A version's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// Being edited; never runs.
    Draft,
    /// The version new runs start on.
    Active,
    /// Was active; runs started on it finish on it.
    Deactivated,
    /// The workflow was archived.
    Archived,
}

impl VersionStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Active => "active",
            VersionStatus::Deactivated => "deactivated",
            VersionStatus::Archived => "archived",
        }
    }

    /// The status a stored name names.
    pub fn parse(s: &str) -> Option<VersionStatus> {
        [Self::Draft, Self::Active, Self::Deactivated, Self::Archived].into_iter().find(|x| x.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def(v: Value) -> Result<Definition, Vec<FieldError>> {
        Definition::parse(&v)
    }

    #[test]
    fn definitions_parse_and_errors_name_their_place() {
        let ok = def(json!({
            "trigger": {"type": "event", "event": "customer.updated", "fields": ["status"]},
            "steps": [
                {"type": "if", "condition": {"type": "compare", "field": "status", "op": "eq", "value": "customer"},
                 "then": [{"type": "notify", "to": {"type": "owner"}, "title": "成交 {{customer.name}}"}],
                 "else": [{"type": "delay", "minutes": 60}]},
                {"type": "set_field", "field": "grade", "value": "important"}
            ]
        }));
        assert!(ok.is_ok(), "{ok:?}");
        let bad = def(json!({
            "trigger": {"type": "schedule", "cron": "every day"},
            "steps": [
                {"type": "delay", "minutes": 200000},
                {"type": "set_field", "field": "status", "value": "x"},
                {"type": "http", "url": "ftp://x"}
            ]
        }))
        .expect_err("invalid");
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["definition.trigger.cron", "definition.steps.0.minutes", "definition.steps.1", "definition.steps.2.url"]
        );
        assert!(def(json!({"trigger": {"type": "manual"}, "steps": [], "extra": 1})).is_err());
        assert!(def(json!({"trigger": {"type": "event", "event": "search.rebuild_requested"}, "steps": [{"type": "delay", "minutes": 1}]})).is_err());
    }

    #[test]
    fn programs_branch_forward() {
        let d = def(json!({
            "trigger": {"type": "manual"},
            "steps": [
                {"type": "if", "condition": {"type": "all", "of": []},
                 "then": [{"type": "delay", "minutes": 1}],
                 "else": [{"type": "delay", "minutes": 2}, {"type": "delay", "minutes": 3}]},
                {"type": "delay", "minutes": 4}
            ]
        }))
        .expect("valid");
        let p = d.compile();
        let keys: Vec<_> = p.ops.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["steps.0", "steps.0.then.0", "steps.0.end", "steps.0.else.0", "steps.0.else.1", "steps.1"]);
        assert_eq!(p.ops[0].op, Instr::Branch { condition: Condition::All { of: vec![] }, otherwise: 3 });
        assert_eq!(p.ops[2].op, Instr::Jump { to: 5 });
    }

    #[test]
    fn loops_go_back_once_per_item_and_hold_no_delay() {
        let d = def(json!({
            "trigger": {"type": "manual"},
            "steps": [
                {"type": "for_each", "over": "tags", "limit": 5,
                 "steps": [{"type": "notify", "to": {"type": "owner"}, "title": "{{item}}"}]},
                {"type": "delay", "minutes": 1}
            ]
        }))
        .expect("valid");
        let keys: Vec<_> = d.compile().ops.iter().map(|o| o.key.clone()).collect();
        assert_eq!(keys, ["steps.0", "steps.0.steps.0", "steps.0.next", "steps.1"]);
        assert_eq!(d.compile().ops[0].op, Instr::Each { over: "tags".into(), limit: 5, end: 3 });
        assert_eq!(d.compile().ops[2].op, Instr::Next { each: 0 });
        let bad = def(json!({
            "trigger": {"type": "manual"},
            "steps": [{"type": "for_each", "over": "tags", "limit": 500,
                       "steps": [{"type": "delay", "minutes": 1}]}]
        }))
        .expect_err("invalid");
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["definition.steps.0.limit", "definition.steps.0.steps.0"]);
    }

    #[test]
    fn conditions() {
        let r = json!({"status": "customer", "tags": ["VIP"], "amount": 12, "custom": {"level": "A"}, "email": ""});
        let c = |v: Value| serde_json::from_value::<Condition>(v).expect("valid");
        let ch = Change {
            fields: vec!["status".into()],
            before: [("status".to_owned(), json!("prospect"))].into_iter().collect(),
        };
        assert!(c(json!({"type": "compare", "field": "custom.level", "op": "eq", "value": "A"})).eval(&r, &ch));
        assert!(c(json!({"type": "compare", "field": "amount", "op": "gte", "value": "12"})).eval(&r, &ch));
        assert!(c(json!({"type": "compare", "field": "tags", "op": "contains", "value": "VIP"})).eval(&r, &ch));
        assert!(c(json!({"type": "compare", "field": "email", "op": "empty"})).eval(&r, &ch));
        assert!(
            c(json!({"type": "compare", "field": "status", "op": "in", "value": ["customer", "lost"]})).eval(&r, &ch)
        );
        assert!(c(json!({"type": "changed", "field": "status", "from": "prospect", "to": "customer"})).eval(&r, &ch));
        assert!(!c(json!({"type": "changed", "field": "status", "from": "lost"})).eval(&r, &ch));
        assert!(!c(json!({"type": "changed", "field": "grade"})).eval(&r, &ch));
        assert!(c(json!({"type": "any", "of": [{"type": "not", "condition": {"type": "all", "of": []}}, {"type": "all", "of": []}]})).eval(&r, &ch));
    }

    #[test]
    fn merge_fields() {
        let v = json!({"customer": {"name": "王五", "custom": {"n": 3}}});
        assert_eq!(render("你好 {{ customer.name }}，{{customer.custom.n}} {{nope}}!", &v), "你好 王五，3 !");
        assert_eq!(render("open {{ only", &v), "open {{ only");
    }

    #[test]
    fn schedules_follow_the_company_clock() {
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().expect("valid");
        let after = "2026-12-06T00:30:00Z".parse().expect("valid");
        // 09:00 in Shanghai is 01:00 UTC.
        assert_eq!(next_fire("0 9 * * *", tz, after), Some("2026-12-06T01:00:00Z".parse().expect("valid")));
        let late = "2026-12-07T13:45:12.5Z".parse().expect("valid");
        assert_eq!(last_fire("0 9 * * *", tz, late), Some("2026-12-07T01:00:00Z".parse().expect("valid")));
        assert_eq!(next_fire("0 9 * * *", tz, late), Some("2026-12-08T01:00:00Z".parse().expect("valid")));
        assert!(parse_cron("0 9 * *").is_err());
        assert_eq!(retry_delay(2).as_secs(), 30);
        assert_eq!(retry_delay(3).as_secs(), 60);
        assert_eq!(retry_delay(30).as_secs(), 3600);
    }
}
