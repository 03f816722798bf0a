//! Workflow actions run by hand: a `workflow.action` plugin is called for
//! one customer and the effects it returns are checked against its
//! manifest and applied with the caller's rights, all in the caller's
//! transaction (all or none).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use guanxi_core::customer::CustomerScope;
use guanxi_core::{CustomerId, Error, FieldError, PluginId, PluginVersionId, Result, UserId};
use sea_orm::{ColumnTrait, QueryFilter};
use serde_json::{Value, json};

use super::calls::{self, Active};
use crate::audit::AuditAction;
use crate::customers::{self, CustomerUpdate};
use crate::db::{TenantTx, db_err};
use crate::entity::{plugin, user};
use crate::work_plans::{self as plans, NewPlan};
use crate::{audit, outbox};

/// What a workflow action did.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionOutcome {
    /// The effects the plugin returned, all applied, in order.
    pub effects: Vec<Value>,
}

fn failed(reason: &'static str, message: impl Into<String>) -> Error {
    Error::PluginFailed { reason, message: message.into() }
}

/// An active user of the company.
async fn person(tx: &TenantTx, id: uuid::Uuid) -> Result<user::Model> {
    tx.select::<user::Entity>()
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Kind.eq(crate::users::PERSON))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or_else(|| failed("invalid_effect", "create_plan: no such active colleague"))
}

/// `YYYY-MM-DD` (09:00 that day in the company's time zone) or RFC 3339.
fn due(raw: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    d.and_time(NaiveTime::from_hms_opt(9, 0, 0)?).and_local_timezone(tz).earliest().map(|t| t.with_timezone(&Utc))
}

/// Run the `workflow.action` of plugin `id` for a customer the caller may
/// edit, with the plugin's configuration, and apply its effects. An effect
/// the manifest does not declare, or one the caller may not make, refuses
/// the whole action (`PLUGIN_FAILED` / the effect's own error); nothing is
/// applied then.
pub async fn run_action(tx: &TenantTx, id: PluginId, customer: CustomerId) -> Result<ActionOutcome> {
    run_action_for(tx, id, customer, Value::Null).await
}

/// [`run_action`] for a workflow's step: `trigger` is what started the run
/// (the plugin's input `trigger`); `null` means a person's button.
pub(crate) async fn run_action_for(
    tx: &TenantTx,
    id: PluginId,
    customer: CustomerId,
    trigger: Value,
) -> Result<ActionOutcome> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let row = customers::editable_row(tx, &scope, customer).await?;
    let p = tx
        .select::<plugin::Entity>()
        .filter(plugin::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("plugin"))?;
    let Some(current) = p.current_version_id.filter(|_| p.enabled) else {
        return Err(Error::Conflict(FieldError::new(
            "pluginId",
            "disabled",
            "the plugin is disabled or not installed",
        )));
    };
    let version = super::version_of(tx, PluginVersionId(current)).await?;
    if !version.manifest.offers("workflow.action") {
        return Err(Error::Conflict(FieldError::new(
            "pluginId",
            "hook_missing",
            format!("`{}` does not offer workflow.action", p.key),
        )));
    }
    let active = Active {
        plugin_id: p.id,
        key: p.key.clone(),
        name: p.name.clone(),
        version_id: current,
        hash: version.hash.clone(),
        config: p.config.clone(),
    };

    let (tenant, now) = calls::envelope(tx).await?;
    let tz = customers::tenant_tz(tx).await?;
    let at = |t: DateTime<Utc>| t.with_timezone(&tz).to_rfc3339();
    let input = json!({
        "abi": 1, "hook": "workflow.action", "now": now, "tenant": tenant,
        "trigger": if trigger.is_null() { json!({ "event": "manual", "at": now }) } else { trigger },
        "record": {
            "kind": "customer", "id": row.id, "owner_id": row.owner_id,
            "created_at": at(row.created_at), "updated_at": at(row.updated_at),
            "fields": customers::record_fields(&row),
            "custom": crate::custom_fields::field_set(tx, guanxi_core::custom_fields::FieldEntity::Customer).await?.to_abi(&row.custom),
        },
        "config": p.config,
    });
    let bytes = serde_json::to_vec(&input).map_err(|e| Error::Internal(e.to_string().into()))?;
    let target = format!("customer:{}", row.number);
    let report = calls::run(tx, &active, "workflow.action", &target, vec![bytes])
        .await?
        .pop()
        .ok_or_else(|| Error::Internal("no call report".into()))?;
    let output = report.result.map_err(|e| Error::PluginFailed { reason: e.code, message: e.message })?;
    let effects = output.get("effects").and_then(Value::as_array).cloned().unwrap_or_default();

    // Every effect must be declared before any is applied.
    for (i, e) in effects.iter().enumerate() {
        let kind = e.get("type").and_then(Value::as_str).unwrap_or_default();
        if !version.manifest.effects.iter().any(|d| d == kind) {
            return Err(failed(
                "undeclared_effect",
                format!("effect {i} (`{kind}`) is not declared in the manifest of `{}`", p.key),
            ));
        }
    }
    for e in &effects {
        let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        match e.get("type").and_then(Value::as_str).unwrap_or_default() {
            "set_field" => {
                let patch = json!({ text("field"): e.get("value").cloned().unwrap_or(Value::Null) });
                customers::update(tx, customer, CustomerUpdate { custom: Some(patch), ..CustomerUpdate::default() })
                    .await?;
            }
            "create_plan" => {
                let assignee = match e.get("assignee_id").and_then(Value::as_str) {
                    Some(a) => uuid::Uuid::parse_str(a)
                        .map_err(|_| failed("invalid_effect", "create_plan: assignee_id is not an id"))?,
                    None => row.owner_id.ok_or_else(|| {
                        failed("invalid_effect", "create_plan: the customer is in the pool and has no owner")
                    })?,
                };
                let who = person(tx, assignee).await?;
                if assignee != actor.user_id.0
                    && !actor.user_scope().contains(UserId(who.id), who.group_id.map(guanxi_core::GroupId))
                {
                    return Err(Error::Forbidden);
                }
                let at = due(&text("due"), tz)
                    .ok_or_else(|| failed("invalid_effect", "create_plan: `due` is neither a date nor a timestamp"))?;
                let subject: String = text("title").chars().take(100).collect();
                plans::create_for(
                    tx,
                    UserId(assignee),
                    NewPlan {
                        subject,
                        start: at,
                        end: at,
                        content: text("note"),
                        notes: format!("{} ({})", p.name, row.name),
                        customer_id: Some(guanxi_core::CustomerId(row.id)),
                    },
                )
                .await?;
            }
            "send_mail" => {
                let to = match text("to").as_str() {
                    "record" => row
                        .email
                        .clone()
                        .ok_or_else(|| failed("invalid_effect", "send_mail: the customer has no e-mail address"))?,
                    "owner" => {
                        let owner = row
                            .owner_id
                            .ok_or_else(|| failed("invalid_effect", "send_mail: the customer has no owner"))?;
                        person(tx, owner).await?.email
                    }
                    address => guanxi_core::input::Email::parse(address, "to")
                        .map_err(|_| failed("invalid_effect", "send_mail: `to` is not an e-mail address"))?
                        .as_str()
                        .to_owned(),
                };
                // The subject becomes a mail header: a line break in it would
                // start headers of the plugin's choosing (header injection).
                let subject = text("subject");
                if subject.chars().any(char::is_control) {
                    return Err(failed(
                        "invalid_effect",
                        "send_mail: the subject must be one line without control characters (CR, LF …)",
                    ));
                }
                outbox::enqueue(tx, "plugin", &to, &subject, &text("body")).await?;
            }
            "move_to_pool" => {
                customers::pool::release(tx, customer, &text("reason")).await?;
            }
            other => return Err(failed("invalid_effect", format!("unknown effect `{other}`"))),
        }
    }
    audit::record(
        tx,
        AuditAction::PluginAction,
        "customer",
        Some(customer.0),
        json!({ "plugin": p.key, "effects": effects.iter().map(|e| e.get("type").cloned().unwrap_or(Value::Null)).collect::<Vec<_>>() }),
    )
    .await?;
    Ok(ActionOutcome { effects })
}
