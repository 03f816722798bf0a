//! Grading models (评级模型) and regrading runs.
//!
//! Admins configure models ([`create`], [`update`]); the rules and the
//! maths are `guanxi_core::grading`. A run ([`Regrade`]) reads the facts
//! about every customer of the company in a few set-based queries, grades
//! the whole population at once (quintiles and shares are relative to it),
//! and writes back only what changed, a batch per transaction so that a
//! job shows progress and never holds the database for long. Every change
//! of a customer's grade goes to its history with the reason.
//!
//! Runs are jobs of kind [`JOB_KIND`]: on demand ([`start_run`]) and, for
//! models marked monthly, on the 1st of each month at 00:30 in the
//! company's time zone ([`guanxi_core::grading::next_monthly_run`]). The
//! model keeps the due time of its scheduled run; a scheduled job whose
//! time no longer matches (the schedule was changed or switched off) ends
//! without grading.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::custom_fields::{FieldEntity, numeric};
use guanxi_core::customer::CustomerScope;
use guanxi_core::grading::{
    CONFIG_VERSION, CustomerFacts, GradeLabel, Graded, GradingConfig, Indicator, MAX_MODELS, ModelKind, NAME_MAX,
    next_monthly_run,
};
use guanxi_core::{Action, CustomerId, DomainEvent, Error, FieldError, GradingModelId, JobId, Result};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err, statement};
use crate::entity::{customer, customer_grade, customer_history, grading_model};
use crate::jobs::{self, EnqueueOptions};
use crate::tenants::tenant_tz;
use crate::{audit, custom_fields};

/// The job kind of regrading runs.
pub const JOB_KIND: &str = "customers.regrade";
/// Customers written per transaction.
const WRITE_BATCH: usize = 5000;
/// Rows per multi-row statement (9 values each).
const INSERT_CHUNK: usize = 1000;

/// A grading model.
#[derive(Clone, Debug, PartialEq)]
pub struct GradingModel {
    /// Id.
    pub id: GradingModelId,
    /// Name, unique in the company.
    pub name: String,
    /// The validated configuration (its kind included).
    pub config: GradingConfig,
    /// Whether runs grade with it.
    pub enabled: bool,
    /// Whether it runs on the 1st of every month.
    pub monthly: bool,
    /// The last finished run.
    pub last_run_at: Option<DateTime<Utc>>,
    /// The next scheduled run.
    pub next_run_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl GradingModel {
    /// What it grades by.
    pub fn kind(&self) -> ModelKind {
        self.config.kind()
    }

    /// The grades it gives, best first.
    pub fn labels(&self) -> Vec<GradeLabel> {
        self.config.grader().labels()
    }
}

/// A model as an admin writes it.
#[derive(Clone, Debug)]
pub struct ModelInput {
    /// 1–50 characters, unique in the company.
    pub name: String,
    /// What it grades by (cannot change on update).
    pub kind: ModelKind,
    /// The configuration document; missing keys take their defaults.
    pub config: Value,
    /// Whether runs grade with it.
    pub enabled: bool,
    /// Whether it runs monthly.
    pub monthly: bool,
}

fn from_model(m: grading_model::Model) -> Result<GradingModel> {
    let kind = ModelKind::from_str(&m.kind).map_err(|_| Error::Internal("unreadable grading model kind".into()))?;
    Ok(GradingModel {
        id: GradingModelId(m.id),
        name: m.name,
        config: GradingConfig::from_stored(kind, m.config_version, &m.config)?,
        enabled: m.enabled,
        monthly: m.monthly,
        last_run_at: m.last_run_at,
        next_run_at: m.next_run_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The company's models, by name.
pub async fn list(tx: &TenantTx) -> Result<Vec<GradingModel>> {
    tx.actor()?.authorize(&Action::UseCrm)?;
    tx.select::<grading_model::Entity>()
        .order_by_asc(grading_model::Column::Name)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(from_model)
        .collect()
}

async fn stored(tx: &TenantTx, id: GradingModelId) -> Result<grading_model::Model> {
    tx.select::<grading_model::Entity>()
        .filter(grading_model::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("grading model"))
}

/// An update of one grading model of the transaction's company.
fn model_update(tx: &TenantTx, id: GradingModelId) -> sea_orm::UpdateMany<grading_model::Entity> {
    tx.update_many::<grading_model::Entity>().filter(grading_model::Column::Id.eq(id.0))
}
/// One model.
pub async fn get(tx: &TenantTx, id: GradingModelId) -> Result<GradingModel> {
    tx.actor()?.authorize(&Action::UseCrm)?;
    from_model(stored(tx, id).await?)
}

/// Check a model: name, configuration, and that the custom fields a
/// weighted model weighs exist and hold numbers.
async fn check(tx: &TenantTx, input: &ModelInput, except: Option<GradingModelId>) -> Result<(String, GradingConfig)> {
    let name = input.name.trim().to_owned();
    let mut errors = Vec::new();
    let n = name.chars().count();
    if n == 0 || n > NAME_MAX || name.chars().any(char::is_control) {
        errors.push(FieldError::new("name", "invalid", format!("1 to {NAME_MAX} characters")));
    }
    let config = match GradingConfig::parse(input.kind, &input.config) {
        Ok(c) => Some(c),
        Err(Error::Validation(list)) => {
            errors.extend(list);
            None
        }
        Err(e) => return Err(e),
    };
    if let Some(GradingConfig::Weighted(w)) = &config {
        let set = custom_fields::field_set(tx, FieldEntity::Customer).await?;
        for (i, wi) in w.indicators.iter().enumerate() {
            let Some(key) = wi.indicator.custom_key() else { continue };
            if !set.get(key).is_some_and(|f| f.field_type().is_numeric()) {
                errors.push(FieldError::new(
                    format!("config.indicators.{i}.indicator"),
                    "not_found",
                    format!("no numeric custom field `{key}`"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let taken = tx
        .select::<grading_model::Entity>()
        .filter(grading_model::Column::Name.eq(name.as_str()))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .is_some_and(|m| Some(GradingModelId(m.id)) != except);
    if taken {
        return Err(Error::Conflict(FieldError::new("name", "taken", "another model has this name")));
    }
    let config = config.ok_or_else(|| Error::Internal("checked config missing".into()))?;
    Ok((name, config))
}

/// Queue the model's next monthly run (or clear it when not monthly).
async fn schedule(tx: &TenantTx, id: GradingModelId, monthly: bool) -> Result<Option<DateTime<Utc>>> {
    let due = if monthly {
        let due = next_monthly_run(tx.now, tenant_tz(tx).await?);
        let delay = (due - tx.now).to_std().unwrap_or_default();
        let options = EnqueueOptions { delay, ..EnqueueOptions::default() };
        jobs::enqueue_with(tx, JOB_KIND, json!({ "model_id": id.0, "due": due }), None, options).await?;
        Some(due)
    } else {
        None
    };
    model_update(tx, id)
        .col_expr(grading_model::Column::NextRunAt, Expr::value(due))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(due)
}

/// Define a model (admins). A monthly model gets its first run scheduled.
pub async fn create(tx: &TenantTx, input: ModelInput) -> Result<GradingModel> {
    tx.actor()?.authorize(&Action::ManageGradingModels)?;
    let count = tx.select::<grading_model::Entity>().count(tx.conn()).await.map_err(db_err)?;
    if count >= u64::from(MAX_MODELS) {
        return Err(Error::Conflict(FieldError::new("name", "too_many", format!("at most {MAX_MODELS} models"))));
    }
    let (name, config) = check(tx, &input, None).await?;
    let id = GradingModelId::new();
    tx.insert(grading_model::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(id.0),
        name: Set(name.clone()),
        kind: Set(config.kind().as_str().to_owned()),
        config: Set(config.to_json()),
        config_version: Set(CONFIG_VERSION),
        enabled: Set(input.enabled),
        monthly: Set(input.monthly),
        last_run_at: Set(None),
        next_run_at: Set(None),
        created_at: Set(tx.now),
        updated_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    schedule(tx, id, input.monthly && input.enabled).await?;
    audit::record(
        tx,
        AuditAction::GradingModelCreate,
        "grading_model",
        Some(id.0),
        json!({ "name": name, "kind": config.kind() }),
    )
    .await?;
    get(tx, id).await
}

/// Change a model (admins): its name, configuration, whether it is
/// enabled and monthly; not its kind. Grades change at the next run.
pub async fn update(tx: &TenantTx, id: GradingModelId, input: ModelInput) -> Result<GradingModel> {
    tx.actor()?.authorize(&Action::ManageGradingModels)?;
    let old = from_model(stored(tx, id).await?)?;
    if input.kind != old.kind() {
        return Err(Error::invalid("kind", "immutable", "a model's kind cannot change; create another model"));
    }
    let (name, config) = check(tx, &input, Some(id)).await?;
    model_update(tx, id)
        .col_expr(grading_model::Column::Name, Expr::value(name.clone()))
        .col_expr(grading_model::Column::Config, Expr::value(config.to_json()))
        .col_expr(grading_model::Column::ConfigVersion, Expr::value(CONFIG_VERSION))
        .col_expr(grading_model::Column::Enabled, Expr::value(input.enabled))
        .col_expr(grading_model::Column::Monthly, Expr::value(input.monthly))
        .col_expr(grading_model::Column::UpdatedAt, Expr::value(tx.now))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let scheduled = old.monthly && old.enabled && old.next_run_at.is_some();
    let wants = input.monthly && input.enabled;
    if scheduled != wants {
        schedule(tx, id, wants).await?;
    }
    audit::record(tx, AuditAction::GradingModelUpdate, "grading_model", Some(id.0), json!({ "name": name })).await?;
    get(tx, id).await
}

/// Delete a model and the grades it gave (admins); the history of grade
/// changes stays with the customers.
pub async fn delete(tx: &TenantTx, id: GradingModelId) -> Result<()> {
    tx.actor()?.authorize(&Action::ManageGradingModels)?;
    let old = stored(tx, id).await?;
    crate::plugins::detach_target(tx, crate::plugins::Target::GradingModel(id)).await?;
    tx.delete_many::<grading_model::Entity>()
        .filter(grading_model::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::GradingModelDelete, "grading_model", Some(id.0), json!({ "name": old.name })).await
}

/// Queue a regrading run of a model now (admins); returns its job.
pub async fn start_run(tx: &TenantTx, id: GradingModelId) -> Result<JobId> {
    tx.actor()?.authorize(&Action::ManageGradingModels)?;
    let m = stored(tx, id).await?;
    if !m.enabled {
        return Err(Error::Conflict(FieldError::new("id", "disabled", "enable the model before running it")));
    }
    let total = tx.select::<customer::Entity>().count(tx.conn()).await.map_err(db_err)?;
    let job = jobs::enqueue(tx, JOB_KIND, json!({ "model_id": id.0 }), i64::try_from(total).ok()).await?;
    audit::record(tx, AuditAction::GradingModelRun, "grading_model", Some(id.0), json!({ "jobId": job.0 })).await?;
    Ok(job)
}

/// A customer's grade under one model.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerGrade {
    /// The model.
    pub model_id: GradingModelId,
    /// Its name.
    pub model_name: String,
    /// The grade.
    pub label: String,
    /// The number behind it, if the model has one.
    pub score: Option<f64>,
    /// The facts that decided it.
    pub inputs: Value,
    /// Why.
    pub reason: String,
    /// When it was set.
    pub graded_at: DateTime<Utc>,
}

/// The grades of a customer the caller sees, by model name.
pub async fn grades_of(tx: &TenantTx, id: CustomerId) -> Result<Vec<CustomerGrade>> {
    crate::customers::visible_row(tx, &CustomerScope::of(tx.actor()?)?, id).await?;
    let names: HashMap<Uuid, String> = tx
        .select::<grading_model::Entity>()
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let mut out: Vec<CustomerGrade> = tx
        .select::<customer_grade::Entity>()
        .filter(customer_grade::Column::ModelId.is_in(names.keys().copied()))
        .filter(customer_grade::Column::CustomerId.eq(id.0))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|g| CustomerGrade {
            model_id: GradingModelId(g.model_id),
            model_name: names.get(&g.model_id).cloned().unwrap_or_default(),
            label: g.label,
            score: g.score,
            inputs: g.inputs,
            reason: g.reason,
            graded_at: g.graded_at,
        })
        .collect();
    out.sort_by(|a, b| a.model_name.cmp(&b.model_name));
    Ok(out)
}

/// The facts about every customer of the company, in id order.
async fn read_facts(tx: &TenantTx, config: &GradingConfig, today: NaiveDate) -> Result<Vec<CustomerFacts>> {
    let backend = tx.conn().get_database_backend();
    let tenant = tx.tenant_id().0;
    let tz = tenant_tz(tx).await?;
    let q = config.grader().facts_query(today);
    let custom_keys: Vec<String> = match config {
        GradingConfig::Weighted(w) => {
            w.indicators.iter().filter_map(|i| i.indicator.custom_key().map(str::to_owned)).collect()
        }
        _ => Vec::new(),
    };
    let wants_conversations = matches!(config, GradingConfig::Weighted(w)
        if w.indicators.iter().any(|i| i.indicator == Indicator::ConversationCount));

    let rows: Vec<(Uuid, Option<DateTime<Utc>>, Value)> = if custom_keys.is_empty() {
        tx.select::<customer::Entity>()
            .select_only()
            .columns([customer::Column::Id, customer::Column::LastContactAt])
            .column_as(Expr::cust("NULL"), "custom")
            .order_by_asc(customer::Column::Id)
            .into_tuple::<(Uuid, Option<DateTime<Utc>>, Option<Value>)>()
            .all(tx.conn())
            .await
            .map_err(db_err)?
            .into_iter()
            .map(|(id, at, c)| (id, at, c.unwrap_or(Value::Null)))
            .collect()
    } else {
        tx.select::<customer::Entity>()
            .select_only()
            .columns([customer::Column::Id, customer::Column::LastContactAt, customer::Column::Custom])
            .order_by_asc(customer::Column::Id)
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?
    };

    // Won deals: counted within the window (any currency), summed within
    // the window in the model's currency, the latest at any time.
    // All time: deal dates are checked to lie after 1990.
    let from = q.window_start.unwrap_or_else(|| NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default());
    let won = tx
        .conn()
        .query_all(statement(
            backend,
            "SELECT customer_id, \
                    CAST(SUM(CASE WHEN closed_on >= $2 THEN 1 ELSE 0 END) AS BIGINT) AS won_count, \
                    CAST(SUM(CASE WHEN closed_on >= $2 AND currency = $3 THEN amount_minor ELSE 0 END) AS BIGINT) AS won_minor, \
                    MAX(closed_on) AS last_won \
             FROM deals WHERE tenant_id = $1 AND status = 'won' GROUP BY customer_id",
            vec![tenant.into(), from.into(), q.currency.code().into()],
        ))
        .await
        .map_err(db_err)?;
    let mut deals: HashMap<Uuid, (u32, i64, Option<NaiveDate>)> = HashMap::with_capacity(won.len());
    for r in won {
        let id: Uuid = r.try_get("", "customer_id").map_err(db_err)?;
        let count: i64 = r.try_get("", "won_count").map_err(db_err)?;
        let minor: i64 = r.try_get("", "won_minor").map_err(db_err)?;
        let last: Option<NaiveDate> = r.try_get("", "last_won").map_err(db_err)?;
        deals.insert(id, (u32::try_from(count).unwrap_or(u32::MAX), minor, last));
    }
    let open = tx
        .conn()
        .query_all(statement(
            backend,
            "SELECT customer_id, MIN(expected_close) AS next_close FROM deals \
             WHERE tenant_id = $1 AND status = 'open' AND expected_close >= $2 GROUP BY customer_id",
            vec![tenant.into(), today.into()],
        ))
        .await
        .map_err(db_err)?;
    let mut next_close: HashMap<Uuid, NaiveDate> = HashMap::with_capacity(open.len());
    for r in open {
        let id: Uuid = r.try_get("", "customer_id").map_err(db_err)?;
        if let Some(d) = r.try_get::<Option<NaiveDate>>("", "next_close").map_err(db_err)? {
            next_close.insert(id, d);
        }
    }
    let mut conversations: HashMap<Uuid, u32> = HashMap::new();
    if wants_conversations {
        let rows = tx
            .conn()
            .query_all(statement(
                backend,
                "SELECT customer_id, COUNT(*) AS n FROM conversations WHERE tenant_id = $1 GROUP BY customer_id",
                vec![tenant.into()],
            ))
            .await
            .map_err(db_err)?;
        for r in rows {
            let id: Uuid = r.try_get("", "customer_id").map_err(db_err)?;
            let n: i64 = r.try_get("", "n").map_err(db_err)?;
            conversations.insert(id, u32::try_from(n).unwrap_or(u32::MAX));
        }
    }

    Ok(rows
        .into_iter()
        .map(|(id, last_contact, custom)| {
            let (won_count, won_minor, last_won) = deals.get(&id).copied().unwrap_or((0, 0, None));
            CustomerFacts {
                customer: CustomerId(id),
                last_contact: last_contact.map(|t| t.with_timezone(&tz).date_naive()),
                next_expected_close: next_close.get(&id).copied(),
                won_count,
                won_minor,
                last_won,
                conversation_count: wants_conversations.then(|| conversations.get(&id).copied().unwrap_or(0)),
                custom: custom_keys.iter().filter_map(|k| Some((k.clone(), numeric(custom.get(k)?)?))).collect(),
            }
        })
        .collect())
}

/// Customers graded per batch of plugin calls.
const PLUGIN_BATCH: usize = 2000;

/// Grade every customer of the company with the plugin attached to `model`:
/// each customer (built-in and custom fields, deals, conversation counts)
/// is one `grade` call whose `model.config` is the plugin's configuration.
/// A call that fails, or answers a grade the model does not give, leaves
/// the customer's grade as it was. Returns the customers, the grades and
/// the failures.
async fn plugin_grades(
    tx: &TenantTx,
    model: &GradingModel,
    p: &crate::plugins::calls::Active,
) -> Result<(usize, Vec<(Uuid, Graded)>, usize)> {
    let backend = tx.conn().get_database_backend();
    let tenant = tx.tenant_id().0;
    let tz = tenant_tz(tx).await?;
    let at = |t: DateTime<Utc>| t.with_timezone(&tz).to_rfc3339();
    let customers =
        tx.select::<customer::Entity>().order_by_asc(customer::Column::Id).all(tx.conn()).await.map_err(db_err)?;
    let ids: Vec<Uuid> = customers.iter().map(|c| c.id).collect();
    let mut deals = crate::plugins::calls::deals_doc(tx, &ids).await?;
    let set = custom_fields::field_set(tx, FieldEntity::Customer).await?;
    let since = |days: i64| tx.now - chrono::Duration::days(days);
    let rows = tx
        .conn()
        .query_all(statement(
            backend,
            "SELECT customer_id, COUNT(*) AS total,                     CAST(SUM(CASE WHEN occurred_at >= $2 THEN 1 ELSE 0 END) AS BIGINT) AS d30,                     CAST(SUM(CASE WHEN occurred_at >= $3 THEN 1 ELSE 0 END) AS BIGINT) AS d90,                     MAX(occurred_at) AS last_at              FROM conversations WHERE tenant_id = $1 GROUP BY customer_id",
            vec![tenant.into(), since(30).into(), since(90).into()],
        ))
        .await
        .map_err(db_err)?;
    let mut talks: HashMap<Uuid, Value> = HashMap::with_capacity(rows.len());
    for r in rows {
        let id: Uuid = r.try_get("", "customer_id").map_err(db_err)?;
        let total: i64 = r.try_get("", "total").map_err(db_err)?;
        let d30: i64 = r.try_get("", "d30").map_err(db_err)?;
        let d90: i64 = r.try_get("", "d90").map_err(db_err)?;
        let last: Option<DateTime<Utc>> = r.try_get("", "last_at").map_err(db_err)?;
        talks.insert(id, json!({ "total": total, "last_30_days": d30, "last_90_days": d90, "last_at": last.map(at) }));
    }
    let (tenant_doc, now) = crate::plugins::calls::envelope(tx).await?;
    let labels: Vec<String> = model.labels().into_iter().map(|l| l.label).collect();
    let model_doc = json!({ "id": model.id.0, "name": model.name, "grades": labels, "config": p.config });
    let no_talks = json!({ "total": 0, "last_30_days": 0, "last_90_days": 0, "last_at": null });

    let total = customers.len();
    let mut graded = Vec::with_capacity(total);
    let mut failures = 0;
    let target = format!("grading_model:{}", model.name);
    for chunk in customers.chunks(PLUGIN_BATCH) {
        let mut inputs = Vec::with_capacity(chunk.len());
        for c in chunk {
            let input = json!({
                "abi": 1, "hook": "grade", "now": now, "tenant": tenant_doc, "model": model_doc,
                "customer": {
                    "kind": "customer", "id": c.id, "owner_id": c.owner_id,
                    "created_at": at(c.created_at), "updated_at": at(c.updated_at),
                    "fields": crate::customers::record_fields(c), "custom": set.to_abi(&c.custom),
                    "deals": deals.remove(&c.id).unwrap_or_default(),
                    "conversations": talks.get(&c.id).unwrap_or(&no_talks),
                },
            });
            inputs.push(serde_json::to_vec(&input).map_err(|e| Error::Internal(e.to_string().into()))?);
        }
        let reports = crate::plugins::calls::run(tx, p, "grade", &target, inputs).await?;
        for (c, r) in chunk.iter().zip(reports) {
            let out = match r.result {
                Ok(out) => out,
                Err(_) => {
                    failures += 1;
                    continue;
                }
            };
            let label = out.get("grade").and_then(Value::as_str).unwrap_or_default();
            if !labels.iter().any(|l| l == label) {
                failures += 1;
                continue;
            }
            let reason: String =
                out.get("reason").and_then(Value::as_str).unwrap_or_default().chars().take(500).collect();
            graded.push((
                c.id,
                Graded {
                    label: label.to_owned(),
                    score: out.get("score").and_then(Value::as_f64).map(|s| (s * 100.0).round() / 100.0),
                    inputs: json!({ "plugin": p.key }),
                    reason,
                },
            ));
        }
    }
    Ok((total, graded, failures))
}

/// A customer's grade to write, and what it was.
struct Change {
    customer: Uuid,
    graded: Graded,
    /// The previous label and reason, if the label changes (or is new).
    history: Option<(Option<String>, Option<String>)>,
}

/// A regrading run: the grades are computed when it is planned, written a
/// batch at a time.
pub struct Regrade {
    model: GradingModel,
    customers: usize,
    changes: Vec<Change>,
    written: usize,
    relabelled: usize,
    backend: DbBackend,
    /// The grading plugin's key and how many customers it failed to grade
    /// (they keep their grades), when a plugin grades this model.
    plugin: Option<(String, usize)>,
}

impl Regrade {
    /// Grade every customer of the company with `id` (a model of the
    /// transaction's company) and find what changed; nothing is written.
    pub async fn plan(tx: &TenantTx, id: GradingModelId) -> Result<Regrade> {
        tx.actor()?.authorize(&Action::ManageGradingModels)?;
        let model = from_model(stored(tx, id).await?)?;
        let today = tx.now.with_timezone(&tenant_tz(tx).await?).date_naive();
        let grader = crate::plugins::calls::attached(tx, "grading_model", "grade", &[id.0]).await?.remove(&id.0);
        let (customers, graded, plugin) = match &grader {
            Some(p) => {
                let (customers, graded, failures) = plugin_grades(tx, &model, p).await?;
                (customers, graded, Some((p.key.clone(), failures)))
            }
            None => {
                let facts = read_facts(tx, &model.config, today).await?;
                let graded = model.config.grader().grade(&facts, today);
                (facts.len(), facts.iter().map(|f| f.customer.0).zip(graded).collect(), None)
            }
        };
        let mut current: HashMap<Uuid, customer_grade::Model> = tx
            .select::<customer_grade::Entity>()
            .filter(customer_grade::Column::ModelId.eq(id.0))
            .all(tx.conn())
            .await
            .map_err(db_err)?
            .into_iter()
            .map(|g| (g.customer_id, g))
            .collect();
        let mut changes = Vec::new();
        for (customer, g) in graded {
            let old = current.remove(&customer);
            let history = match &old {
                None => Some((None, None)),
                Some(o) if o.label != g.label => Some((Some(o.label.clone()), Some(o.reason.clone()))),
                Some(o) if o.score == g.score && o.inputs == g.inputs && o.reason == g.reason => continue,
                Some(_) => None,
            };
            changes.push(Change { customer, graded: g, history });
        }
        let relabelled = changes.iter().filter(|c| c.history.is_some()).count();
        let backend = tx.conn().get_database_backend();
        Ok(Regrade { model, customers, changes, written: 0, relabelled, backend, plugin })
    }

    /// Customers graded.
    pub fn customers(&self) -> usize {
        self.customers
    }

    /// Grades to write.
    pub fn changes(&self) -> usize {
        self.changes.len()
    }

    /// Grades written so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// How many batches may be written at once, each in its own
    /// transaction: two on PostgreSQL (this uses two connections and both
    /// cores of a small server), one on SQLite (a single writer).
    pub fn lanes(&self) -> usize {
        if self.backend == DbBackend::Postgres { 2 } else { 1 }
    }

    /// The next `lanes` batches not yet written, as index ranges.
    pub fn next_batches(&self, lanes: usize) -> Vec<std::ops::Range<usize>> {
        (0..lanes)
            .map(|k| {
                let start = (self.written + k * WRITE_BATCH).min(self.changes.len());
                start..(start + WRITE_BATCH).min(self.changes.len())
            })
            .filter(|r| !r.is_empty())
            .collect()
    }

    /// Record that every batch up to `end` is written (and committed).
    pub fn written_to(&mut self, end: usize) {
        self.written = end.min(self.changes.len());
    }

    /// Write the changed grades in `range` (from [`Regrade::next_batches`])
    /// with their history entries in `tx`; commit it afterwards. Batches may
    /// be written concurrently, each in its own transaction.
    pub async fn write(&self, tx: &TenantTx, range: std::ops::Range<usize>) -> Result<()> {
        let batch = self.changes.get(range).unwrap_or_default();
        let tenant = tx.tenant_id().0;
        let model = self.model.id.0;
        let field = format!("grade.{}", self.model.name);
        // One event per customer whose grade changed (a new score with the
        // same label is no change a subscriber cares about), appended with
        // the batch's grades at commit: on PostgreSQL built by the database
        // from the history entries (see `write_postgres`).
        if tx.conn().get_database_backend() == DbBackend::Postgres {
            return write_postgres(tx, model, &field, batch).await;
        }
        for c in batch {
            if let Some((old_label, _)) = &c.history {
                tx.emit(DomainEvent::GradeChanged {
                    customer: CustomerId(c.customer),
                    model: self.model.id,
                    from: old_label.clone(),
                    to: Some(c.graded.label.clone()),
                });
            }
        }
        for chunk in batch.chunks(INSERT_CHUNK) {
            let rows = chunk.iter().map(|c| customer_grade::ActiveModel {
                tenant_id: Set(tenant),
                model_id: Set(model),
                customer_id: Set(c.customer),
                label: Set(c.graded.label.clone()),
                score: Set(c.graded.score),
                inputs: Set(c.graded.inputs.clone()),
                reason: Set(c.graded.reason.clone()),
                graded_at: Set(tx.now),
            });
            tx.insert_many(rows)
                .on_conflict(
                    OnConflict::columns([
                        customer_grade::Column::TenantId,
                        customer_grade::Column::ModelId,
                        customer_grade::Column::CustomerId,
                    ])
                    .update_columns([
                        customer_grade::Column::Label,
                        customer_grade::Column::Score,
                        customer_grade::Column::Inputs,
                        customer_grade::Column::Reason,
                        customer_grade::Column::GradedAt,
                    ])
                    .to_owned(),
                )
                .exec_without_returning(tx.conn())
                .await
                .map_err(db_err)?;
            let history: Vec<customer_history::ActiveModel> = chunk
                .iter()
                .filter_map(|c| {
                    let (old_label, old_reason) = c.history.as_ref()?;
                    Some(customer_history::ActiveModel {
                        tenant_id: Set(tenant),
                        id: Set(Uuid::now_v7()),
                        customer_id: Set(c.customer),
                        actor_id: Set(tx.actor().ok().map(|a| a.user_id.0)),
                        field: Set(field.clone()),
                        old_value: Set(old_label.as_ref().map(|l| json!({ "label": l, "reason": old_reason }))),
                        new_value: Set(Some(json!({ "label": c.graded.label, "reason": c.graded.reason }))),
                        created_at: Set(tx.now),
                    })
                })
                .collect();
            if !history.is_empty() {
                tx.insert_many(history).exec_without_returning(tx.conn()).await.map_err(db_err)?;
            }
        }
        Ok(())
    }

    /// End the run: the model's last run time, the next monthly run when
    /// `monthly`, an audit entry. Returns the job's result.
    pub async fn finish(&self, tx: &TenantTx, monthly: bool) -> Result<Value> {
        model_update(tx, self.model.id)
            .col_expr(grading_model::Column::LastRunAt, Expr::value(tx.now))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        if monthly {
            schedule(tx, self.model.id, true).await?;
        }
        let result = self.result();
        audit::record(tx, AuditAction::GradingModelRegraded, "grading_model", Some(self.model.id.0), result.clone())
            .await?;
        Ok(result)
    }

    /// The job's result.
    pub fn result(&self) -> Value {
        let mut r = json!({
            "modelId": self.model.id.0,
            "customers": self.customers,
            "updated": self.written,
            "regraded": self.relabelled,
        });
        if let (Some((key, failures)), Some(m)) = (&self.plugin, r.as_object_mut()) {
            m.insert("plugin".into(), json!(key));
            m.insert("pluginFailures".into(), json!(failures));
        }
        r
    }
}

/// Write a batch on PostgreSQL: each table's rows travel as one JSON
/// document unpacked by `jsonb_to_recordset`, a statement of a few
/// parameters rather than thousands (several times faster than multi-row
/// `VALUES` at this size).
async fn write_postgres(tx: &TenantTx, model: Uuid, field: &str, batch: &[Change]) -> Result<()> {
    let tenant = tx.tenant_id().0;
    // Grades are derived data: a crash may lose the last batches, which the
    // next run recomputes (with their history entries, written alongside).
    tx.bulk_write().await?;
    let grades: Vec<Value> = batch
        .iter()
        .map(|c| {
            json!({
                "customer_id": c.customer, "label": c.graded.label, "score": c.graded.score,
                "inputs": c.graded.inputs, "reason": c.graded.reason,
            })
        })
        .collect();
    tx.conn()
        .execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO customer_grades (tenant_id, model_id, customer_id, label, score, inputs, reason, graded_at) \
             SELECT $1, $2, x.customer_id, x.label, x.score, x.inputs, x.reason, $3 \
             FROM jsonb_to_recordset($4::jsonb) \
                 AS x(customer_id uuid, label text, score float8, inputs jsonb, reason text) \
             ON CONFLICT (tenant_id, model_id, customer_id) DO UPDATE SET label = excluded.label, \
                 score = excluded.score, inputs = excluded.inputs, reason = excluded.reason, \
                 graded_at = excluded.graded_at",
            [tenant.into(), model.into(), tx.now.into(), Value::Array(grades).into()],
        ))
        .await
        .map_err(db_err)?;
    let mut ids = Vec::new();
    let history: Vec<Value> = batch
        .iter()
        .filter_map(|c| {
            let (old_label, old_reason) = c.history.as_ref()?;
            let id = Uuid::now_v7();
            ids.push(id);
            Some(json!({
                "id": id, "customer_id": c.customer,
                "old_value": old_label.as_ref().map(|l| json!({ "label": l, "reason": old_reason })),
                "new_value": { "label": c.graded.label, "reason": c.graded.reason },
            }))
        })
        .collect();
    if !history.is_empty() {
        let actor = tx.actor().ok().map(|a| a.user_id.0);
        tx.conn()
            .execute(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "INSERT INTO customer_history (tenant_id, id, customer_id, actor_id, field, old_value, new_value, created_at) \
                 SELECT $1, x.id, x.customer_id, $2, $3, x.old_value, x.new_value, $4 \
                 FROM jsonb_to_recordset($5::jsonb) AS x(id uuid, customer_id uuid, old_value jsonb, new_value jsonb)",
                [tenant.into(), actor.into(), field.into(), tx.now.into(), Value::Array(history).into()],
            ))
            .await
            .map_err(db_err)?;
        // The grade-changed events, one per history entry just written and
        // in the same order: what `DomainEvent::GradeChanged` serializes to,
        // by the entry's actor (the transaction's, as an emitted event's).
        let count = i64::try_from(ids.len()).map_err(Error::internal)?;
        let ids = format!("{{{}}}", ids.iter().map(Uuid::to_string).collect::<Vec<_>>().join(","));
        tx.emit_derived(crate::events::Derived {
            count,
            sql: "INSERT INTO domain_events (tenant_id, seq, kind, entity_id, actor_id, payload, created_at) \
                  SELECT $1, $2 + u.ord, 'customer.grade_changed', h.customer_id, h.actor_id, \
                      jsonb_build_object('type', 'customer.grade_changed', 'customer', h.customer_id, \
                          'model', $4::uuid, 'from', h.old_value -> 'label', 'to', h.new_value -> 'label'), $3 \
                  FROM unnest($5::text::uuid[]) WITH ORDINALITY AS u(id, ord) \
                  JOIN customer_history h ON h.tenant_id = $1 AND h.id = u.id",
            values: vec![model.into(), ids.into()],
        });
    }
    Ok(())
}

/// Whether a scheduled run (due at `due`) is still the model's schedule:
/// the model exists, is enabled and monthly, and `due` is its next run.
pub async fn scheduled_run_stands(tx: &TenantTx, id: GradingModelId, due: DateTime<Utc>) -> Result<bool> {
    let m = match stored(tx, id).await {
        Ok(m) => m,
        Err(Error::NotFound(_)) => return Ok(false),
        Err(e) => return Err(e),
    };
    Ok(m.enabled && m.monthly && m.next_run_at.is_some_and(|n| (n - due).num_seconds().abs() < 1))
}
