//! The effects of steps, each through the write path a person's request
//! uses (customers, the pool, work plans, notifications, the mail outbox,
//! plugin actions), in the step's transaction and with the acting user's
//! rights: a step can do nothing its acting user could not.

use chrono::{DateTime, Duration as ChronoDuration, NaiveDate, Utc};
use guanxi_core::customer::{CustomerStatus, Gender, Grade};
use guanxi_core::notifications::{Link, LinkKind, Notice};
use guanxi_core::workflows::{MailTo, Recipient, Step, render};
use guanxi_core::{Error, FieldError, PluginId, Result, UserId};
use serde_json::{Value, json};

use crate::customers::{self, Customer, CustomerUpdate};
use crate::db::TenantTx;
use crate::entity::{workflow, workflow_run};
use crate::notifications::{self, NewNotification};
use crate::work_plans::{self as plans, NewPlan};

/// What a step may read: the run's record and trigger, as merge fields and
/// condition fields.
pub(crate) struct Ctx {
    /// `{…record fields, customer: {…}, trigger: {…}, workflow: {…}}`.
    pub(crate) vars: Value,
    record: Option<Customer>,
    /// Who "the owner" is: the customer's owner, else the user the
    /// triggering event is about.
    owner: Option<UserId>,
    /// `<run>:<round>:<step key>`, unique per step of a run's round.
    pub(crate) key: String,
    /// The workflow, its group and the step's path: what an `assign`
    /// step's counters belong to.
    pub(crate) workflow: uuid::Uuid,
    pub(crate) group: Option<uuid::Uuid>,
    pub(crate) step: String,
}

/// A customer as conditions and merge fields read it: API names.
pub(crate) fn record_json(c: &Customer) -> Value {
    json!({
        "id": c.id, "number": c.number, "name": c.name, "company": c.company, "title": c.title,
        "phone": c.phones.first(), "phones": c.phones, "email": c.email, "address": c.address,
        "gender": c.gender.as_str(), "birthday": c.birthday, "status": c.status.as_str(),
        "industry": c.industry, "source": c.source, "grade": c.grade.as_str(), "tags": c.tags,
        "ownerId": c.owner.as_ref().map(|o| o.id), "ownerName": c.owner.as_ref().map(|o| o.display_name.clone()),
        "lastContactAt": c.last_contact_at, "nextVisitAt": c.next_visit_at,
        "createdAt": c.created_at, "updatedAt": c.updated_at, "custom": c.custom,
        "locked": c.locked, "ownedSince": c.owned_since, "mailOptOut": c.mail_opt_out_at.is_some(),
    })
}

impl Ctx {
    pub(crate) async fn new(
        run: &workflow_run::Model,
        flow: &workflow::Model,
        record: Option<Customer>,
        key: &str,
    ) -> Result<Ctx> {
        let mut vars = match &record {
            Some(c) => record_json(c),
            None => json!({}),
        };
        if let Some(o) = vars.as_object_mut() {
            o.insert("customer".to_owned(), record.as_ref().map_or(Value::Null, record_json));
            o.insert("trigger".to_owned(), run.trigger.clone());
            o.insert("workflow".to_owned(), json!({ "id": flow.id, "name": flow.name }));
            o.insert("run".to_owned(), json!({ "id": run.id }));
            // Inside a `for_each`: the item and its place.
            if let Some(item) = run.items.as_ref().and_then(|i| i.get(usize::try_from(run.item).unwrap_or(usize::MAX)))
            {
                o.insert("item".to_owned(), item.clone());
                o.insert("index".to_owned(), json!(run.item));
            }
        }
        let owner = match &record {
            Some(c) => c.owner.as_ref().map(|o| o.id),
            None => run.trigger.get("userId").and_then(Value::as_str).and_then(|s| s.parse().ok()).map(UserId),
        };
        Ok(Ctx {
            vars,
            record,
            owner,
            key: format!("{}:{}:{key}:{}", run.id, run.round, run.item),
            workflow: flow.id,
            group: flow.group_id,
            step: key.to_owned(),
        })
    }

    fn text(&self, template: &str) -> String {
        render(template, &self.vars)
    }

    pub(crate) fn record(&self) -> Result<&Customer> {
        self.record.as_ref().ok_or_else(|| invalid("record", "this run has no customer"))
    }

    fn recipient(&self, tx: &TenantTx, r: &Recipient) -> Result<UserId> {
        match r {
            Recipient::Owner => {
                self.owner.ok_or_else(|| invalid("to", "there is no owner (the customer is in the pool)"))
            }
            Recipient::Actor => Ok(tx.actor()?.user_id),
            Recipient::User { id } => Ok(UserId(*id)),
        }
    }
}

fn invalid(field: &str, message: &str) -> Error {
    Error::Validation(vec![FieldError::new(field, "invalid", message)])
}

fn text_value(v: &Value, ctx: &Ctx) -> Value {
    match v {
        Value::String(s) => Value::String(ctx.text(s)),
        other => other.clone(),
    }
}

fn opt_text(v: &Value) -> Result<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(invalid("value", "expected a text")),
    }
}

fn parse_enum<T: std::str::FromStr<Err = Error>>(v: &Value) -> Result<T> {
    v.as_str().ok_or_else(|| invalid("value", "expected a text"))?.parse()
}

fn parse_time(v: &Value) -> Result<Option<DateTime<Utc>>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| invalid("value", "expected an RFC 3339 time")),
        _ => Err(invalid("value", "expected an RFC 3339 time")),
    }
}

/// The change a `set_field` step makes.
fn update_for(field: &str, value: Value) -> Result<CustomerUpdate> {
    let mut u = CustomerUpdate::default();
    if let Some(key) = field.strip_prefix("custom.") {
        u.custom = Some(json!({ key: value }));
        return Ok(u);
    }
    match field {
        "name" => u.name = Some(opt_text(&value)?.ok_or_else(|| invalid("value", "a name must not be empty"))?),
        "company" => u.company = Some(opt_text(&value)?),
        "title" => u.title = Some(opt_text(&value)?),
        "email" => u.email = Some(opt_text(&value)?),
        "address" => u.address = Some(opt_text(&value)?),
        "industry" => u.industry = Some(opt_text(&value)?),
        "source" => u.source = Some(opt_text(&value)?),
        "status" => u.status = Some(parse_enum::<CustomerStatus>(&value)?),
        "grade" => u.grade = Some(parse_enum::<Grade>(&value)?),
        "gender" => u.gender = Some(parse_enum::<Gender>(&value)?),
        "birthday" => {
            u.birthday = Some(match opt_text(&value)? {
                None => None,
                Some(s) => Some(
                    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| invalid("value", "expected YYYY-MM-DD"))?,
                ),
            });
        }
        "tags" => {
            let tags = value
                .as_array()
                .ok_or_else(|| invalid("value", "expected a list of tags"))?
                .iter()
                .map(|t| t.as_str().map(str::to_owned).ok_or_else(|| invalid("value", "tags are texts")))
                .collect::<Result<Vec<_>>>()?;
            u.tags = Some(tags);
        }
        "lastContactAt" => u.last_contact_at = Some(parse_time(&value)?),
        "nextVisitAt" => u.next_visit_at = Some(parse_time(&value)?),
        other => return Err(invalid("field", &format!("`{other}` cannot be set"))),
    }
    Ok(u)
}

/// Apply one acting step; returns its input and output for the run's
/// history.
pub(crate) async fn apply(tx: &TenantTx, step: &Step, ctx: &Ctx) -> Result<(Value, Value)> {
    match step {
        Step::SetField { field, value } => {
            let c = ctx.record()?;
            let value = match value {
                Value::Array(items) => Value::Array(items.iter().map(|v| text_value(v, ctx)).collect()),
                v => text_value(v, ctx),
            };
            let before = guanxi_core::workflows::field(&record_json(c), field).cloned().unwrap_or(Value::Null);
            customers::update(tx, c.id, update_for(field, value.clone())?).await?;
            Ok((json!({ "field": field, "value": value }), json!({ "before": before })))
        }
        Step::ChangeOwner { to } => {
            let c = ctx.record()?;
            let change = CustomerUpdate { owner_id: Some(Some(UserId(*to))), ..CustomerUpdate::default() };
            customers::update(tx, c.id, change).await?;
            Ok((json!({ "to": to }), json!({ "from": c.owner.as_ref().map(|o| o.id) })))
        }
        Step::Assign { strategy, busy, people, rules } => {
            let c = ctx.record()?;
            let how = super::assign::How { strategy: *strategy, busy: *busy, people, rules };
            super::assign::assign(tx, ctx, c, &how).await
        }
        Step::MoveToPool { reason } => {
            let c = ctx.record()?;
            let reason = ctx.text(reason);
            customers::pool::release(tx, c.id, &reason).await?;
            Ok((json!({ "reason": reason }), json!({ "from": c.owner.as_ref().map(|o| o.id) })))
        }
        Step::CreatePlan { assignee, subject, content, in_days, duration_minutes } => {
            let who = ctx.recipient(tx, assignee)?;
            let start = tx.now + ChronoDuration::days(i64::from(*in_days));
            let end = start + ChronoDuration::minutes(i64::from(duration_minutes.unwrap_or(60)));
            let me = tx.actor()?.clone();
            // Plans are for people: not for the automation identity.
            let u = crate::users::find(tx, who)
                .await?
                .filter(|u| u.active && u.kind == crate::users::PERSON)
                .ok_or(Error::NotFound("user"))?;
            if who != me.user_id && !me.user_scope().contains(who, u.group_id.map(guanxi_core::GroupId)) {
                return Err(Error::Forbidden);
            }
            let subject: String = ctx.text(subject).chars().take(100).collect();
            let plan = plans::create_for(
                tx,
                who,
                NewPlan {
                    subject: subject.clone(),
                    start,
                    end,
                    content: ctx.text(content),
                    notes: String::new(),
                    customer_id: ctx.record.as_ref().map(|c| c.id),
                },
            )
            .await?;
            Ok((json!({ "assignee": who, "subject": subject }), json!({ "planId": plan.id })))
        }
        Step::Notify { to, title, body } => {
            let who = ctx.recipient(tx, to)?;
            let title: String = ctx.text(title).chars().take(200).collect();
            let link = ctx.record.as_ref().map(|c| Link { kind: LinkKind::Customer, id: c.id.0 });
            let sent = notifications::notify(
                tx,
                NewNotification {
                    recipient: who,
                    notice: Notice::Workflow { title: title.clone(), body: ctx.text(body), link },
                    actor: Some(tx.actor()?.user_id),
                    dedupe_key: format!("workflow:{}", ctx.key).chars().take(200).collect(),
                },
            )
            .await?;
            Ok((json!({ "to": who, "title": title }), json!({ "sent": sent })))
        }
        Step::SendMail { to, subject, body } => {
            if let MailTo::Customer = to {
                return mail_customer(tx, ctx, subject, body).await;
            }
            let address = match to {
                MailTo::Customer => return Err(Error::Internal("handled above".into())),
                MailTo::Owner => user_email(tx, ctx.owner.ok_or_else(|| invalid("to", "there is no owner"))?).await?,
                MailTo::User { id } => user_email(tx, UserId(*id)).await?,
                MailTo::Address { email } => guanxi_core::input::Email::parse(email, "to")
                    .map_err(|e| Error::Validation(vec![e]))?
                    .as_str()
                    .to_owned(),
            };
            // The subject becomes a mail header: no line breaks in it.
            let subject: String = ctx.text(subject).chars().filter(|c| !c.is_control()).take(200).collect();
            crate::outbox::enqueue(tx, "workflow", &address, &subject, &ctx.text(body)).await?;
            Ok((json!({ "to": address, "subject": subject }), json!({ "queued": true })))
        }
        Step::Plugin { plugin } => {
            let c = ctx.record()?;
            let trigger = ctx.vars.get("trigger").cloned().unwrap_or(Value::Null);
            let outcome = crate::plugins::actions::run_action_for(tx, PluginId(*plugin), c.id, trigger).await?;
            Ok((json!({ "plugin": plugin }), json!({ "effects": outcome.effects })))
        }
        Step::If { .. } | Step::Filter { .. } | Step::Http { .. } | Step::Delay { .. } | Step::ForEach { .. } => {
            Err(Error::Internal("the engine runs this step itself".into()))
        }
    }
}

/// A mail to the customer's own address: not sent once it unsubscribed
/// (the step completes and says so), else with the unsubscribe link and
/// kept in its send log.
async fn mail_customer(tx: &TenantTx, ctx: &Ctx, subject: &str, body: &str) -> Result<(Value, Value)> {
    let c = ctx.record()?;
    let address = c.email.clone().ok_or_else(|| invalid("to", "the customer has no e-mail address"))?;
    let subject: String = ctx.text(subject).chars().filter(|c| !c.is_control()).take(200).collect();
    if c.mail_opt_out_at.is_some() {
        return Ok((json!({ "to": address, "subject": subject }), json!({ "queued": false, "unsubscribed": true })));
    }
    let body = format!("{}{}", ctx.text(body), crate::care::footer(tx, c.id).await?);
    crate::outbox::enqueue_for(tx, "care", &address, &subject, &body, Some(c.id.0)).await?;
    Ok((json!({ "to": address, "subject": subject }), json!({ "queued": true })))
}

async fn user_email(tx: &TenantTx, id: UserId) -> Result<String> {
    crate::users::find(tx, id)
        .await?
        .filter(|u| u.active && u.kind == crate::users::PERSON)
        .map(|u| u.email)
        .ok_or_else(|| invalid("to", "no such active user"))
}
