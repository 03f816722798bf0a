//! In-app notifications: what a notification says, to whom it may go, and
//! how it reads in each language.
//!
//! A notification is stored as its [`NotificationKind`] and the parameters
//! of its [`Notice`] (names and counts as they were when it was sent), and
//! rendered when it is read, in the reader's language: the text follows the
//! user's language even when they switch it later, a kind's wording can be
//! improved without rewriting stored rows, and a client may also render
//! from the parameters itself. Mails cannot wait for a reader, so they are
//! rendered when they are queued, Chinese first and then English, like
//! every other mail of the product.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::events::OwnerChange;
use crate::ids::{BoardPostId, CustomerId, ImportId, UserId, WebhookId, WorkPlanId};
use crate::input::Locale;

/// What a notification is about: a closed list, so preferences, rendering
/// and the API's enum cannot drift apart. Stored and serialized in
/// `snake_case` (`customer_assigned`); variants may be added, never renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Someone else assigned or transferred customers to the recipient (or
    /// handed them over when a colleague left).
    CustomerAssigned,
    /// An import the recipient started finished.
    ImportFinished,
    /// An outbound webhook kept failing and was disabled (to admins).
    WebhookDisabled,
    /// Someone mentioned the recipient (`@name`) on the message board.
    Mention,
    /// One of the recipient's work plans passed its end undone.
    PlanOverdue,
    /// A workflow's "notify a user" step.
    Workflow,
    /// A daily reminder (a visit due, a plan, a date approaching, a
    /// birthday, a VIP not contacted), at the time the recipient chose.
    Reminder,
}

impl NotificationKind {
    /// Every kind, in the order preferences are shown.
    pub const ALL: [NotificationKind; 7] = [
        NotificationKind::CustomerAssigned,
        NotificationKind::ImportFinished,
        NotificationKind::WebhookDisabled,
        NotificationKind::Mention,
        NotificationKind::PlanOverdue,
        NotificationKind::Workflow,
        NotificationKind::Reminder,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::CustomerAssigned => "customer_assigned",
            NotificationKind::ImportFinished => "import_finished",
            NotificationKind::WebhookDisabled => "webhook_disabled",
            NotificationKind::Mention => "mention",
            NotificationKind::PlanOverdue => "plan_overdue",
            NotificationKind::Workflow => "workflow",
            NotificationKind::Reminder => "reminder",
        }
    }

    /// The kind a stored name names.
    pub fn parse(s: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Where a user who never chose gets this kind: every kind in the app;
    /// by mail only what needs acting on even when nobody has the app open
    /// (a disabled webhook loses the company's events until an admin acts),
    /// and the day's reminders, one digest mail a day.
    pub fn default_preference(self) -> Preference {
        Preference {
            in_app: true,
            mail: matches!(self, NotificationKind::WebhookDisabled | NotificationKind::Reminder),
        }
    }
}

/// Where one kind of notification reaches a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preference {
    /// Shown in the app (the bell and the list).
    pub in_app: bool,
    /// Also sent by mail, at once.
    pub mail: bool,
}

/// The kind of record a notification opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A customer's page.
    Customer,
    /// The import page (an import's result).
    Import,
    /// The company's webhooks.
    Webhook,
    /// The message board.
    BoardPost,
    /// The work plans.
    WorkPlan,
    /// A workflow and its runs.
    Workflow,
}

impl LinkKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Customer => "customer",
            LinkKind::Import => "import",
            LinkKind::Webhook => "webhook",
            LinkKind::BoardPost => "board_post",
            LinkKind::WorkPlan => "work_plan",
            LinkKind::Workflow => "workflow",
        }
    }

    /// The kind a stored name names.
    pub fn parse(s: &str) -> Option<LinkKind> {
        [
            LinkKind::Customer,
            LinkKind::Import,
            LinkKind::Webhook,
            LinkKind::BoardPost,
            LinkKind::WorkPlan,
            LinkKind::Workflow,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// The record a notification opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// What kind of record.
    pub kind: LinkKind,
    /// Its id.
    pub id: Uuid,
}

impl Link {
    /// The web app's path that shows the record, for mails (the app itself
    /// maps links to its routes).
    pub fn path(&self) -> String {
        match self.kind {
            LinkKind::Customer => format!("/customers/{}", self.id),
            LinkKind::Import => "/import".to_owned(),
            LinkKind::Webhook => "/admin/webhooks".to_owned(),
            LinkKind::BoardPost => "/board".to_owned(),
            LinkKind::WorkPlan => "/plans".to_owned(),
            LinkKind::Workflow => format!("/admin/workflows/{}", self.id),
        }
    }
}

/// What a notification says: its kind and parameters. Serialized with a
/// `kind` tag and camelCase parameters; the parameters are the API's
/// `params`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum Notice {
    /// Customers given to the recipient by someone else, in one change.
    CustomerAssigned {
        /// Assign (from the pool or another owner), transfer, or offboard.
        how: OwnerChange,
        /// Who did it, by display name; empty when no person did.
        by: String,
        /// How many customers the change gave the recipient.
        count: u64,
        /// The first of them.
        customer: CustomerId,
        /// Its name.
        customer_name: String,
    },
    /// An import the recipient started finished.
    ImportFinished {
        /// The import.
        import: ImportId,
        /// The file imported.
        file_name: String,
        /// Rows that created a customer.
        created: u64,
        /// Rows that updated one.
        updated: u64,
        /// Rows skipped (duplicates).
        skipped: u64,
        /// Rows that failed.
        failed: u64,
    },
    /// A webhook kept failing and was disabled.
    WebhookDisabled {
        /// The webhook.
        webhook: WebhookId,
        /// Its URL.
        url: String,
        /// Failed attempts in a row when it was disabled.
        failures: i64,
    },
    /// The recipient was mentioned in a post.
    Mention {
        /// The post.
        post: BoardPostId,
        /// Its title.
        title: String,
        /// Its author, by display name.
        by: String,
        /// The start of its content.
        excerpt: String,
    },
    /// A work plan of the recipient's passed its end undone.
    PlanOverdue {
        /// The plan.
        plan: WorkPlanId,
        /// Its subject.
        subject: String,
    },
    /// A workflow's message, written by whoever set the workflow up.
    Workflow {
        /// The title.
        title: String,
        /// The text.
        body: String,
        /// What it opens, if anything.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        link: Option<Link>,
    },
    /// A daily reminder of one occasion.
    Reminder {
        /// What is due.
        occasion: Occasion,
        /// The customer's name, or the plan's subject.
        name: String,
        /// The date it concerns (the visit, the plan's start, the date
        /// field's value, the birthday this year, the last contact).
        on: chrono::NaiveDate,
        /// A custom date field's label, or the days a VIP went without a
        /// conversation.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        detail: String,
        /// The customer or plan it opens.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        link: Option<Link>,
    },
}

/// What a reminder is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Occasion {
    /// A customer's next visit (下次拜访) is today.
    Visit,
    /// A work plan starts today.
    PlanDue,
    /// A work plan passed its end undone.
    PlanOverdue,
    /// A customer's date field (a contract's end) is approaching.
    Date,
    /// A customer's birthday is today.
    Birthday,
    /// A VIP has had no conversation for the company's number of days.
    VipIdle,
}

impl Occasion {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Occasion::Visit => "visit",
            Occasion::PlanDue => "plan_due",
            Occasion::PlanOverdue => "plan_overdue",
            Occasion::Date => "date",
            Occasion::Birthday => "birthday",
            Occasion::VipIdle => "vip_idle",
        }
    }
}

/// A notification's text in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// One line.
    pub title: String,
    /// A sentence or two.
    pub body: String,
}

/// Characters of a post kept as a mention's excerpt.
pub const EXCERPT_CHARS: usize = 120;

impl Notice {
    /// Its kind.
    pub fn kind(&self) -> NotificationKind {
        match self {
            Notice::CustomerAssigned { .. } => NotificationKind::CustomerAssigned,
            Notice::ImportFinished { .. } => NotificationKind::ImportFinished,
            Notice::WebhookDisabled { .. } => NotificationKind::WebhookDisabled,
            Notice::Mention { .. } => NotificationKind::Mention,
            Notice::PlanOverdue { .. } => NotificationKind::PlanOverdue,
            Notice::Workflow { .. } => NotificationKind::Workflow,
            Notice::Reminder { .. } => NotificationKind::Reminder,
        }
    }

    /// The record it opens.
    pub fn link(&self) -> Option<Link> {
        let to = |kind, id: Uuid| Some(Link { kind, id });
        match self {
            Notice::CustomerAssigned { customer, .. } => to(LinkKind::Customer, customer.0),
            Notice::ImportFinished { import, .. } => to(LinkKind::Import, import.0),
            Notice::WebhookDisabled { webhook, .. } => to(LinkKind::Webhook, webhook.0),
            Notice::Mention { post, .. } => to(LinkKind::BoardPost, post.0),
            Notice::PlanOverdue { plan, .. } => to(LinkKind::WorkPlan, plan.0),
            Notice::Workflow { link, .. } | Notice::Reminder { link, .. } => *link,
        }
    }

    /// The parameters as stored: the serialized notice without its `kind`.
    pub fn params(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.remove("kind");
        }
        v
    }

    /// The notice of a stored kind and parameters; `None` when they do not
    /// fit (a row written by a newer version, read by an older one).
    pub fn from_stored(kind: &str, params: &serde_json::Value) -> Option<Notice> {
        let mut v = params.clone();
        v.as_object_mut()?.insert("kind".to_owned(), serde_json::Value::String(kind.to_owned()));
        serde_json::from_value(v).ok()
    }

    /// Its text in `locale`.
    pub fn render(&self, locale: Locale) -> Rendered {
        let zh = locale == Locale::ZhCn;
        let r = |title: String, body: String| Rendered { title, body };
        // A change nobody made by hand (an automation) names no person.
        let who = |by: &str| match (by.is_empty(), zh) {
            (false, _) => by.to_owned(),
            (true, true) => "系统".to_owned(),
            (true, false) => "The system".to_owned(),
        };
        match self {
            Notice::CustomerAssigned { how, by, count, customer_name, .. } => {
                let by = who(by);
                let (verb_zh, verb_en) = match how {
                    OwnerChange::Assign => ("分配", "assigned"),
                    OwnerChange::Transfer => ("转交", "transferred"),
                    OwnerChange::Offboard => ("交接", "handed over"),
                };
                match (zh, *count) {
                    (true, 1) => {
                        r(format!("客户{verb_zh}给了你"), format!("{by} 把客户「{customer_name}」{verb_zh}给了你。"))
                    }
                    (true, n) => r(
                        format!("{n} 位客户{verb_zh}给了你"),
                        format!("{by} 把 {n} 位客户{verb_zh}给了你，包括「{customer_name}」。"),
                    ),
                    (false, 1) => r(
                        format!("A customer was {verb_en} to you"),
                        format!("{by} {verb_en} the customer “{customer_name}” to you."),
                    ),
                    (false, n) => r(
                        format!("{n} customers were {verb_en} to you"),
                        format!("{by} {verb_en} {n} customers to you, including “{customer_name}”."),
                    ),
                }
            }
            Notice::ImportFinished { file_name, created, updated, skipped, failed, .. } => {
                if zh {
                    r(
                        format!("导入完成：{file_name}"),
                        format!("新建 {created} 位客户，更新 {updated} 位，跳过 {skipped} 行，失败 {failed} 行。"),
                    )
                } else {
                    r(
                        format!("Import finished: {file_name}"),
                        format!(
                            "{created} customers created, {updated} updated, {skipped} rows skipped, {failed} failed."
                        ),
                    )
                }
            }
            Notice::WebhookDisabled { url, failures, .. } => {
                if zh {
                    r(
                        "Webhook 已自动停用".to_owned(),
                        format!(
                            "{url} 连续 {failures} 次推送失败，已停用。请检查接收端，然后在「Webhooks」页面重新启用。"
                        ),
                    )
                } else {
                    r(
                        "A webhook was disabled".to_owned(),
                        format!(
                            "{url} failed {failures} deliveries in a row and was disabled. Check the receiver, then \
                             enable it again on the Webhooks page."
                        ),
                    )
                }
            }
            Notice::Mention { title, by, excerpt, .. } => {
                let by = who(by);
                if zh {
                    r(format!("{by} 在留言板提到了你"), format!("「{title}」：{excerpt}"))
                } else {
                    r(format!("{by} mentioned you on the message board"), format!("“{title}”: {excerpt}"))
                }
            }
            Notice::PlanOverdue { subject, .. } => {
                if zh {
                    r("工作计划已逾期".to_owned(), format!("「{subject}」已过结束时间，尚未完成。"))
                } else {
                    r("A work plan is overdue".to_owned(), format!("“{subject}” passed its end time undone."))
                }
            }
            Notice::Workflow { title, body, .. } => r(title.clone(), body.clone()),
            Notice::Reminder { occasion, name, on, detail, .. } => {
                let (title_zh, body_zh, title_en, body_en) = match occasion {
                    Occasion::Visit => (
                        format!("今天拜访 {name}"),
                        format!("今天（{on}）约了拜访客户「{name}」。"),
                        format!("Visit {name} today"),
                        format!("A visit to “{name}” is planned for today ({on})."),
                    ),
                    Occasion::PlanDue => (
                        format!("今天的计划：{name}"),
                        format!("工作计划「{name}」今天（{on}）开始。"),
                        format!("Today's plan: {name}"),
                        format!("The work plan “{name}” starts today ({on})."),
                    ),
                    Occasion::PlanOverdue => (
                        format!("逾期计划：{name}"),
                        format!("工作计划「{name}」（{on}）已过结束时间，尚未完成。"),
                        format!("Overdue plan: {name}"),
                        format!("The work plan “{name}” ({on}) passed its end undone."),
                    ),
                    Occasion::Date => (
                        format!("{name} 的{detail}快到了"),
                        format!("客户「{name}」的{detail}是 {on}。"),
                        format!("{name}: {detail} approaching"),
                        format!("The {detail} of “{name}” is {on}."),
                    ),
                    Occasion::Birthday => (
                        format!("今天是 {name} 的生日"),
                        format!("客户「{name}」今天（{on}）过生日。"),
                        format!("{name}'s birthday is today"),
                        format!("It is the birthday of “{name}” today ({on})."),
                    ),
                    Occasion::VipIdle => (
                        format!("VIP 客户 {name} 已 {detail} 天未联系"),
                        format!("VIP 客户「{name}」上次联系是 {on}，已 {detail} 天没有跟进。"),
                        format!("VIP {name}: no conversation for {detail} days"),
                        format!("The last conversation with VIP “{name}” was on {on}, {detail} days ago."),
                    ),
                };
                if zh { r(title_zh, body_zh) } else { r(title_en, body_en) }
            }
        }
    }
}

/// The users a text mentions: each `@` followed by a user's display name.
/// Where several names fit (`@王小明` and a colleague called 王小), the
/// longest wins, so no boundary after the name is needed (Chinese text
/// often runs straight on: `@王小明你看一下`). Each user once, in the order
/// of their first mention.
pub fn mentions(text: &str, users: &[(UserId, &str)]) -> Vec<UserId> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices('@') {
        let rest = &text[i + 1..];
        let best =
            users.iter().filter(|(_, name)| !name.is_empty() && rest.starts_with(*name)).max_by_key(|(_, n)| n.len());
        if let Some((id, _)) = best
            && !found.contains(id)
        {
            found.push(*id);
        }
    }
    found
}

/// The first [`EXCERPT_CHARS`] characters of `text` on one line, with an
/// ellipsis when cut.
pub fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let mut cut: String = flat.chars().take(EXCERPT_CHARS).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uid(n: u128) -> UserId {
        UserId(Uuid::from_u128(n))
    }

    #[test]
    fn kinds_round_trip_and_serialize_in_snake_case() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).ok(), Some(serde_json::json!(k.as_str())));
        }
        assert_eq!(NotificationKind::parse("nope"), None);
    }

    #[test]
    fn notices_store_as_kind_and_camel_case_params() {
        let n = Notice::CustomerAssigned {
            how: OwnerChange::Transfer,
            by: "王总".into(),
            count: 3,
            customer: CustomerId(Uuid::nil()),
            customer_name: "李宁".into(),
        };
        let params = n.params();
        assert_eq!(params["customerName"], "李宁");
        assert_eq!(params["how"], "transfer");
        assert!(params.get("kind").is_none());
        assert_eq!(Notice::from_stored(n.kind().as_str(), &params), Some(n.clone()));
        assert_eq!(Notice::from_stored("mention", &params), None);
        assert_eq!(n.render(Locale::ZhCn).title, "3 位客户转交给了你");
        assert_eq!(n.render(Locale::En).body, "王总 transferred 3 customers to you, including “李宁”.");
        assert_eq!(n.link().map(|l| l.path()), Some(format!("/customers/{}", Uuid::nil())));
    }

    #[test]
    fn mentions_take_the_longest_name_each_user_once() {
        let users = [(uid(1), "王小明"), (uid(2), "王小"), (uid(3), "Li Na"), (uid(4), "")];
        assert_eq!(mentions("@王小明你看一下", &users), vec![uid(1)]);
        assert_eq!(mentions("@王小 和 @王小明 还有 @王小明", &users), vec![uid(2), uid(1)]);
        assert_eq!(mentions("mail me at a@b.cn, @Li Na please", &users), vec![uid(3)]);
        assert!(mentions("no one here @", &users).is_empty());
    }

    #[test]
    fn excerpts_are_one_line_and_cut() {
        assert_eq!(excerpt("第一行\n 第二行"), "第一行 第二行");
        let long = "长".repeat(200);
        assert_eq!(excerpt(&long).chars().count(), EXCERPT_CHARS + 1);
    }
}
