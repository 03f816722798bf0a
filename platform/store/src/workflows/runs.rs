//! Runs: how they start (domain events, a person's button, an inbound
//! webhook, schedules and dates), what admins read of them, and retrying
//! or stopping one.
//!
//! Every start is keyed by its occasion (`event:<seq>`, `manual:<id>`,
//! `schedule:<time>`, `date:<customer>:<day>`, `webhook:<id>`), unique
//! per workflow, so an occasion seen twice (events are delivered at least
//! once; a scheduler pass may be repeated by another replica) starts one
//! run. A run starts queued: a row in `workflow_runs` and one in the global
//! `workflow_queue`, written in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, Datelike as _, Duration as ChronoDuration, NaiveDate, Utc};
use guanxi_core::custom_fields::FieldEntity;
use guanxi_core::notifications::{Link, LinkKind, Notice};
use guanxi_core::workflows::{Change, Definition, MAX_CHAIN_DEPTH, RunStatus, Trigger, VersionStatus};
use guanxi_core::{
    CustomerId, DomainEvent, Error, FieldError, Result, TenantId, UserId, WorkflowId, WorkflowRunId, WorkflowVersionId,
};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Manages, WorkflowState, manages, row};
use crate::audit::{self, AuditAction};
use crate::db::{Access, Store, TenantTx, db_err};
use crate::entity::{
    customer, customer_history, workflow, workflow_queue, workflow_run, workflow_run_step, workflow_timers,
    workflow_version,
};
use crate::events::StoredEvent;
use crate::notifications::{self, NewNotification};

/// Most runs one page lists.
pub const PAGE_MAX: u64 = 100;
/// Rows per insert when a date trigger starts many runs at once.
const INSERT_CHUNK: usize = 500;
/// Longest inbound webhook body kept as the run's input.
pub const WEBHOOK_BODY_MAX: usize = 64 * 1024;

/// One step a run executed.
#[derive(Clone, Debug, PartialEq)]
pub struct RunStep {
    /// The run's round (1, or more after retries from the start).
    pub round: i32,
    /// The `for_each` item it ran for (0 outside loops).
    pub item: i32,
    /// The step's path in the definition, e.g. `steps.1.then.0`.
    pub key: String,
    /// Its type.
    pub kind: String,
    /// `completed`, `waiting`, `retrying`, `failed` or `skipped`.
    pub status: String,
    /// What it acted on.
    pub input: Option<Value>,
    /// What it did.
    pub output: Option<Value>,
    /// Its last error.
    pub error: Option<String>,
    /// Attempts made.
    pub attempts: i32,
    /// First attempt.
    pub started_at: DateTime<Utc>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
}

/// A run as admins see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Id.
    pub id: WorkflowRunId,
    /// The workflow.
    pub workflow_id: WorkflowId,
    /// The version it runs on.
    pub version_id: WorkflowVersionId,
    /// Its status.
    pub status: RunStatus,
    /// What started it.
    pub trigger: Value,
    /// Its customer, if any.
    pub customer_id: Option<CustomerId>,
    /// Depth in a chain of workflows.
    pub depth: i16,
    /// Round (retries from the start add one).
    pub round: i32,
    /// Why it failed.
    pub error: Option<String>,
    /// The step it failed at.
    pub failed_key: Option<String>,
    /// Waiting until then (a delay, or a step's next attempt).
    pub wait_until: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Started.
    pub started_at: Option<DateTime<Utc>>,
    /// Finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Its steps, oldest first (filled by [`get`] only).
    pub steps: Vec<RunStep>,
}

/// Which runs to list.
#[derive(Clone, Debug, Default)]
pub struct RunFilter {
    /// Of this workflow.
    pub workflow: Option<WorkflowId>,
    /// In this status.
    pub status: Option<RunStatus>,
    /// Of this customer.
    pub customer: Option<CustomerId>,
}

/// A page of runs, newest first.
#[derive(Clone, Debug)]
pub struct RunPage {
    /// The runs.
    pub runs: Vec<Run>,
    /// Whether older runs follow.
    pub has_more: bool,
}

pub(crate) fn run_of(m: workflow_run::Model) -> Run {
    Run {
        id: WorkflowRunId(m.id),
        workflow_id: WorkflowId(m.workflow_id),
        version_id: WorkflowVersionId(m.version_id),
        status: RunStatus::parse(&m.status).unwrap_or(RunStatus::Failed),
        trigger: m.trigger,
        customer_id: m.customer_id.map(CustomerId),
        depth: m.depth,
        round: m.round,
        error: m.error,
        failed_key: m.failed_key,
        wait_until: m.wait_until,
        created_at: m.created_at,
        started_at: m.started_at,
        finished_at: m.finished_at,
        steps: Vec::new(),
    }
}

/// Runs, newest first, at most `first` (1 to [`PAGE_MAX`]) after the run
/// `after`, of the workflows the actor manages.
pub async fn list(tx: &TenantTx, filter: &RunFilter, first: u64, after: Option<WorkflowRunId>) -> Result<RunPage> {
    let m = manages(tx).await?;
    let first = first.clamp(1, PAGE_MAX);
    let mut q = tx.select::<workflow_run::Entity>().order_by_desc(workflow_run::Column::Id);
    if m != Manages::All {
        q = q.filter(
            workflow_run::Column::WorkflowId.in_subquery(
                Query::select()
                    .column(workflow::Column::Id)
                    .from(workflow::Entity)
                    .and_where(workflow::Column::TenantId.eq(tx.tenant_id().0))
                    .cond_where(m.condition())
                    .to_owned(),
            ),
        );
    }
    if let Some(w) = filter.workflow {
        q = q.filter(workflow_run::Column::WorkflowId.eq(w.0));
    }
    if let Some(s) = filter.status {
        q = q.filter(workflow_run::Column::Status.eq(s.as_str()));
    }
    if let Some(c) = filter.customer {
        q = q.filter(workflow_run::Column::CustomerId.eq(c.0));
    }
    if let Some(a) = after {
        q = q.filter(workflow_run::Column::Id.lt(a.0));
    }
    let mut rows = q.limit(first + 1).all(tx.conn()).await.map_err(db_err)?;
    let has_more = rows.len() as u64 > first;
    rows.truncate(first as usize);
    Ok(RunPage { runs: rows.into_iter().map(run_of).collect(), has_more })
}

async fn run_row(tx: &TenantTx, id: WorkflowRunId) -> Result<workflow_run::Model> {
    tx.select::<workflow_run::Entity>()
        .filter(workflow_run::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("workflow run"))
}

/// A run of a workflow the actor manages; `NOT_FOUND` for any other.
async fn managed_run(tx: &TenantTx, id: WorkflowRunId) -> Result<workflow_run::Model> {
    let m = manages(tx).await?;
    let run = run_row(tx, id).await?;
    if m != Manages::All && !m.covers(row(tx, WorkflowId(run.workflow_id)).await?.group_id) {
        return Err(Error::NotFound("workflow run"));
    }
    Ok(run)
}

/// One run with its steps, of a workflow the actor manages.
pub async fn get(tx: &TenantTx, id: WorkflowRunId) -> Result<Run> {
    let mut run = run_of(managed_run(tx, id).await?);
    run.steps = tx
        .select::<workflow_run_step::Entity>()
        .filter(workflow_run_step::Column::RunId.eq(id.0))
        .order_by_asc(workflow_run_step::Column::Round)
        .order_by_asc(workflow_run_step::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|s| RunStep {
            round: s.round,
            item: s.item,
            key: s.step_key,
            kind: s.kind,
            status: s.status,
            input: s.input,
            output: s.output,
            error: s.error,
            attempts: s.attempts,
            started_at: s.started_at,
            finished_at: s.finished_at,
        })
        .collect();
    Ok(run)
}

/// Put a run in the queue to go on at `at`.
pub(crate) async fn enqueue(tx: &TenantTx, run: Uuid, at: DateTime<Utc>) -> Result<()> {
    workflow_queue::Entity::insert(workflow_queue::ActiveModel {
        run_id: Set(run),
        tenant_id: Set(tx.tenant_id().0),
        run_after: Set(at),
        locked_until: Set(None),
        locked_by: Set(None),
    })
    .on_conflict(
        OnConflict::column(workflow_queue::Column::RunId)
            .update_columns([
                workflow_queue::Column::RunAfter,
                workflow_queue::Column::LockedUntil,
                workflow_queue::Column::LockedBy,
            ])
            .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    super::turns::touch(tx.conn(), tx.tenant_id().0, at).await
}

/// Retry a failed or stopped run: from the step it failed at, or with
/// `from_start` from its first step (a new round, whose steps run again:
/// their idempotency keys carry the round). It goes on with the version it
/// started on. Whoever manages the workflow.
pub async fn retry(tx: &TenantTx, id: WorkflowRunId, from_start: bool) -> Result<Run> {
    let m = managed_run(tx, id).await?;
    let status = RunStatus::parse(&m.status).unwrap_or(RunStatus::Failed);
    let retryable = matches!(status, RunStatus::Failed | RunStatus::Stopped) || (from_start && status.is_final());
    if !retryable {
        return Err(Error::Conflict(FieldError::new(
            "id",
            "not_failed",
            "only a failed or stopped run can be retried from its step; a finished one from the start",
        )));
    }
    let mut q = tx
        .update_many::<workflow_run::Entity>()
        .col_expr(workflow_run::Column::Status, Expr::value(RunStatus::Queued.as_str()))
        .col_expr(workflow_run::Column::Attempt, Expr::value(1))
        .col_expr(workflow_run::Column::Error, Expr::value(Option::<String>::None))
        .col_expr(workflow_run::Column::FailedKey, Expr::value(Option::<String>::None))
        .col_expr(workflow_run::Column::WaitUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(workflow_run::Column::FinishedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(workflow_run::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow_run::Column::Id.eq(id.0));
    if from_start {
        q = q
            .col_expr(workflow_run::Column::Round, Expr::value(m.round + 1))
            .col_expr(workflow_run::Column::Pc, Expr::value(0))
            .col_expr(workflow_run::Column::Items, Expr::value(Option::<Value>::None))
            .col_expr(workflow_run::Column::Item, Expr::value(0));
    } else {
        // The failed step gets its attempts afresh.
        tx.update_many::<workflow_run_step::Entity>()
            .col_expr(workflow_run_step::Column::Status, Expr::value("retrying"))
            .filter(workflow_run_step::Column::RunId.eq(id.0))
            .filter(workflow_run_step::Column::Round.eq(m.round))
            .filter(workflow_run_step::Column::Pc.eq(m.pc))
            .filter(workflow_run_step::Column::Item.eq(m.item))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
    }
    q.exec(tx.conn()).await.map_err(db_err)?;
    enqueue(tx, id.0, tx.now).await?;
    audit::record(
        tx,
        AuditAction::WorkflowRunRetry,
        "workflow_run",
        Some(id.0),
        json!({ "workflow": m.workflow_id, "fromStart": from_start }),
    )
    .await?;
    get(tx, id).await
}

/// Stop a run that has not finished: it takes no further step (a step
/// under way finishes, and its worker then finds the run stopped).
/// Whoever manages the workflow.
pub async fn stop(tx: &TenantTx, id: WorkflowRunId) -> Result<Run> {
    let m = managed_run(tx, id).await?;
    if RunStatus::parse(&m.status).is_none_or(RunStatus::is_final) {
        return Err(Error::Conflict(FieldError::new("id", "finished", "the run has already finished")));
    }
    tx.update_many::<workflow_run::Entity>()
        .col_expr(workflow_run::Column::Status, Expr::value(RunStatus::Stopped.as_str()))
        .col_expr(workflow_run::Column::FinishedAt, Expr::value(Some(tx.now)))
        .col_expr(workflow_run::Column::WaitUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(workflow_run::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow_run::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    workflow_queue::Entity::delete_many()
        .filter(workflow_queue::Column::RunId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::WorkflowRunStop, "workflow_run", Some(id.0), json!({ "workflow": m.workflow_id }))
        .await?;
    get(tx, id).await
}

/// A run to start.
#[derive(Clone, Debug)]
pub(crate) struct NewRun {
    pub(crate) workflow: Uuid,
    pub(crate) version: Uuid,
    pub(crate) trigger: Value,
    pub(crate) customer: Option<Uuid>,
    pub(crate) change: Change,
    pub(crate) dedupe: String,
    pub(crate) depth: i16,
}

/// Insert `runs` (queued, dated and due at `at`) and their queue rows; an occasion
/// that already started a run of its workflow is skipped. Returns the ids
/// of the runs inserted.
pub(crate) async fn insert_runs(tx: &TenantTx, runs: Vec<NewRun>, at: DateTime<Utc>) -> Result<Vec<Uuid>> {
    let mut inserted = Vec::new();
    let mut runs = runs.into_iter().peekable();
    while runs.peek().is_some() {
        let chunk: Vec<NewRun> = runs.by_ref().take(INSERT_CHUNK).collect();
        let ids: Vec<Uuid> = chunk.iter().map(|_| WorkflowRunId::new().0).collect();
        let mut models = Vec::with_capacity(chunk.len());
        for (r, id) in chunk.into_iter().zip(&ids) {
            models.push(workflow_run::ActiveModel {
                tenant_id: Set(tx.tenant_id().0),
                id: Set(*id),
                workflow_id: Set(r.workflow),
                version_id: Set(r.version),
                status: Set(RunStatus::Queued.as_str().to_owned()),
                trigger: Set(r.trigger),
                customer_id: Set(r.customer),
                change: Set(serde_json::to_value(&r.change).map_err(Error::internal)?),
                dedupe_key: Set(r.dedupe),
                depth: Set(r.depth),
                round: Set(1),
                pc: Set(0),
                attempt: Set(1),
                items: Set(None),
                item: Set(0),
                error: Set(None),
                failed_key: Set(None),
                wait_until: Set(None),
                // Dated by the pass that starts them, as on PostgreSQL's
                // bulk path (a pool rule's reclaim reads when it warned).
                created_at: Set(at),
                started_at: Set(None),
                finished_at: Set(None),
                updated_at: Set(at),
            });
        }
        tx.insert_many(models)
            .on_conflict(
                OnConflict::columns([
                    workflow_run::Column::TenantId,
                    workflow_run::Column::WorkflowId,
                    workflow_run::Column::DedupeKey,
                ])
                .do_nothing()
                .to_owned(),
            )
            .do_nothing()
            .exec_without_returning(tx.conn())
            .await
            .map_err(db_err)?;
        // The runs just inserted are exactly those of these ids that exist.
        let present: Vec<Uuid> = tx
            .select::<workflow_run::Entity>()
            .select_only()
            .column(workflow_run::Column::Id)
            .filter(workflow_run::Column::Id.is_in(ids.iter().copied()))
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        if present.is_empty() {
            continue;
        }
        let mut insert = Query::insert();
        insert.into_table(workflow_queue::Entity).columns([
            workflow_queue::Column::RunId,
            workflow_queue::Column::TenantId,
            workflow_queue::Column::RunAfter,
        ]);
        for id in &present {
            insert.values([(*id).into(), tx.tenant_id().0.into(), at.into()]).map_err(Error::internal)?;
        }
        let backend = tx.conn().get_database_backend();
        tx.conn().execute(backend.build(&insert)).await.map_err(db_err)?;
        inserted.extend(present);
    }
    if !inserted.is_empty() {
        super::turns::touch(tx.conn(), tx.tenant_id().0, at).await?;
    }
    Ok(inserted)
}

/// The customer an event is about, if any.
fn event_customer(e: &DomainEvent) -> Option<CustomerId> {
    match e {
        DomainEvent::CustomerCreated { customer, .. }
        | DomainEvent::CustomerUpdated { customer, .. }
        | DomainEvent::CustomerOwnerChanged { customer, .. }
        | DomainEvent::CustomerReleased { customer, .. }
        | DomainEvent::CustomerClaimed { customer, .. }
        | DomainEvent::GradeChanged { customer, .. }
        | DomainEvent::ConversationAdded { customer, .. } => Some(*customer),
        DomainEvent::PlanCreated { customer, .. } => *customer,
        _ => None,
    }
}

/// The user an event is about, if any (who "the owner" is without a customer).
fn event_user(e: &DomainEvent) -> Option<UserId> {
    match e {
        DomainEvent::PlanCreated { owner, .. } | DomainEvent::PlanOverdue { owner, .. } => Some(*owner),
        DomainEvent::UserJoined { user, .. } | DomainEvent::UserOffboarded { user, .. } => Some(*user),
        _ => None,
    }
}

/// The group each event concerns, by sequence number: the group of the
/// person it concerns (a customer's owner, for a move the new owner, for a
/// release the owner it left; a plan's owner; the user who joined or
/// left), `None` for a customer in the pool or a person in no group.
pub(crate) async fn event_groups(tx: &TenantTx, events: &[&StoredEvent]) -> Result<HashMap<i64, Option<Uuid>>> {
    let owned: Vec<Uuid> = events
        .iter()
        .filter(|e| concerned(&e.event).is_none())
        .filter_map(|e| event_customer(&e.event).map(|c| c.0))
        .collect();
    let owners: HashMap<Uuid, Option<Uuid>> = if owned.is_empty() {
        HashMap::new()
    } else {
        tx.select::<customer::Entity>()
            .select_only()
            .column(customer::Column::Id)
            .column(customer::Column::OwnerId)
            .filter(customer::Column::Id.is_in(owned))
            .into_tuple::<(Uuid, Option<Uuid>)>()
            .all(tx.conn())
            .await
            .map_err(db_err)?
            .into_iter()
            .collect()
    };
    let person = |e: &StoredEvent| match concerned(&e.event) {
        Some(u) => Some(u.0),
        None => event_customer(&e.event).and_then(|c| owners.get(&c.0).copied().flatten()),
    };
    let people: Vec<Uuid> = events.iter().filter_map(|e| person(e)).collect();
    let group_of: HashMap<Uuid, Option<Uuid>> = if people.is_empty() {
        HashMap::new()
    } else {
        tx.select::<crate::entity::user::Entity>()
            .select_only()
            .column(crate::entity::user::Column::Id)
            .column(crate::entity::user::Column::GroupId)
            .filter(crate::entity::user::Column::Id.is_in(people))
            .into_tuple::<(Uuid, Option<Uuid>)>()
            .all(tx.conn())
            .await
            .map_err(db_err)?
            .into_iter()
            .collect()
    };
    Ok(events.iter().map(|e| (e.seq, person(e).and_then(|u| group_of.get(&u).copied().flatten()))).collect())
}

/// The person an event names who decides its group, where the event says
/// (otherwise a customer's current owner does).
fn concerned(e: &DomainEvent) -> Option<UserId> {
    match e {
        DomainEvent::CustomerOwnerChanged { to, .. } => Some(*to),
        DomainEvent::CustomerReleased { from, .. } => *from,
        DomainEvent::CustomerClaimed { by, .. } => Some(*by),
        _ => event_user(e),
    }
}

/// What an event changed, with the values before where the history has them.
async fn change_of(tx: &TenantTx, e: &StoredEvent) -> Result<Change> {
    let mut change = Change::default();
    match &e.event {
        DomainEvent::CustomerUpdated { customer, fields } => {
            change.fields.clone_from(fields);
            let rows = tx
                .select::<customer_history::Entity>()
                .filter(customer_history::Column::CustomerId.eq(customer.0))
                .filter(customer_history::Column::CreatedAt.eq(e.created_at))
                .all(tx.conn())
                .await
                .map_err(db_err)?;
            for h in rows {
                change.before.insert(h.field, h.old_value.unwrap_or(Value::Null));
            }
        }
        DomainEvent::CustomerOwnerChanged { from, .. } | DomainEvent::CustomerReleased { from, .. } => {
            change.fields.push("ownerId".to_owned());
            change.before.insert("ownerId".to_owned(), json!(from));
        }
        DomainEvent::CustomerClaimed { .. } => {
            change.fields.push("ownerId".to_owned());
            change.before.insert("ownerId".to_owned(), Value::Null);
        }
        DomainEvent::GradeChanged { model, from, .. } => {
            let f = format!("grades.{model}");
            change.before.insert(f.clone(), json!(from));
            change.fields.push(f);
        }
        _ => {}
    }
    Ok(change)
}

/// The trigger as a run keeps it (and merge fields read it).
fn event_trigger(e: &StoredEvent) -> Result<Value> {
    Ok(json!({
        "type": "event",
        "event": e.event.kind(),
        "seq": e.seq,
        "at": e.created_at,
        "actorId": e.actor_id,
        "userId": event_user(&e.event),
        "data": serde_json::to_value(&e.event).map_err(Error::internal)?,
    }))
}

/// An active workflow's active version, parsed.
struct Live {
    row: workflow::Model,
    version: Uuid,
    def: Definition,
}

async fn live(tx: &TenantTx, kind: &str) -> Result<Vec<Live>> {
    let rows = tx
        .select::<workflow::Entity>()
        .filter(workflow::Column::State.eq(WorkflowState::Active.as_str()))
        .filter(workflow::Column::TriggerKind.eq(kind))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    // Every active version in one read.
    let mut versions: HashMap<Uuid, workflow_version::Model> = tx
        .select::<workflow_version::Entity>()
        .filter(workflow_version::Column::Id.is_in(rows.iter().filter_map(|r| r.active_version_id)))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(version) = row.active_version_id else { continue };
        let Some(v) = versions.remove(&version) else { continue };
        let Ok(def) = Definition::parse(&v.definition) else {
            tracing::warn!(workflow_id = %row.id, "an active workflow version does not parse; skipped");
            continue;
        };
        out.push(Live { row, version, def });
    }
    Ok(out)
}

/// Count `n` new runs against the workflow's minute; a workflow past the
/// company's bound is stopped (deactivated), audited and its creator told.
/// Returns whether it was stopped.
async fn count_runs(tx: &TenantTx, w: &workflow::Model, n: usize, limit: u32) -> Result<bool> {
    let fresh = w.window_start.is_none_or(|s| tx.now - s >= ChronoDuration::minutes(1));
    let (start, runs) = if fresh {
        (tx.now, n as i64)
    } else {
        (w.window_start.unwrap_or(tx.now), i64::from(w.window_runs) + n as i64)
    };
    tx.update_many::<workflow::Entity>()
        .col_expr(workflow::Column::WindowStart, Expr::value(Some(start)))
        .col_expr(workflow::Column::WindowRuns, Expr::value(i32::try_from(runs).unwrap_or(i32::MAX)))
        .filter(workflow::Column::Id.eq(w.id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if runs <= i64::from(limit) {
        return Ok(false);
    }
    let reason = format!("started {runs} runs within a minute (the bound is {limit})");
    tracing::warn!(tenant_id = %tx.tenant_id(), workflow_id = %w.id, runs, "runaway workflow stopped");
    super::stop_starting(tx, WorkflowId(w.id), WorkflowState::Inactive, Some(reason.clone())).await?;
    audit::record_as(tx, None, AuditAction::WorkflowAutoStop, "workflow", Some(w.id), json!({ "reason": reason }))
        .await?;
    notifications::notify(
        tx,
        NewNotification {
            recipient: UserId(w.created_by),
            notice: Notice::Workflow {
                title: format!("自动化流程已停用 Workflow stopped: {}", w.name),
                body: format!("它在一分钟内启动了 {runs} 次运行。It {reason}."),
                link: Some(Link { kind: LinkKind::Workflow, id: w.id }),
            },
            actor: None,
            dedupe_key: format!("workflow_stopped:{}:{}", w.id, tx.now.timestamp()),
        },
    )
    .await?;
    Ok(true)
}

impl Store {
    /// Start the runs a batch of a company's events triggers, for the
    /// workflows subscriber. Events made at [`MAX_CHAIN_DEPTH`] start
    /// nothing (the loop bound); a workflow whose gate condition does not
    /// hold still gets a run, which ends `skipped` at once (the record is
    /// read when the run starts, by the workflow's acting user). Idempotent:
    /// each event starts at most one run per workflow. Returns the runs
    /// started.
    pub async fn start_workflow_runs_for_events(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<usize> {
        let wanted: Vec<&StoredEvent> = events
            .iter()
            .filter(|e| e.depth < MAX_CHAIN_DEPTH && guanxi_core::workflows::TRIGGER_EVENTS.contains(&e.event.kind()))
            .collect();
        if wanted.is_empty() {
            return Ok(0);
        }
        // Most companies have no workflow: a read answers that without the writer.
        let look = TenantTx::begin(self, tenant, Access::Read).await?;
        let any = look
            .select::<workflow::Entity>()
            .filter(workflow::Column::State.eq(WorkflowState::Active.as_str()))
            .filter(workflow::Column::TriggerKind.eq("event"))
            .one(look.conn())
            .await
            .map_err(db_err)?
            .is_some();
        look.commit().await?;
        if !any {
            return Ok(0);
        }
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        let flows = live(&tx, "event").await?;
        // A group's workflow starts only for the group's customers and
        // people: the group each event concerns, read once for the batch.
        let groups = if flows.iter().any(|f| f.row.group_id.is_some()) {
            event_groups(&tx, &wanted).await?
        } else {
            HashMap::new()
        };
        let mut per_flow: HashMap<Uuid, Vec<NewRun>> = HashMap::new();
        for e in wanted {
            let group = groups.get(&e.seq).copied().flatten();
            let matching: Vec<&Live> = flows
                .iter()
                .filter(|f| f.def.trigger.matches(&e.event))
                .filter(|f| f.row.group_id.is_none() || f.row.group_id == group)
                .collect();
            if matching.is_empty() {
                continue;
            }
            // Read once per event, whatever number of workflows it starts.
            let (trigger, change) = (event_trigger(e)?, change_of(&tx, e).await?);
            for f in matching {
                per_flow.entry(f.row.id).or_default().push(NewRun {
                    workflow: f.row.id,
                    version: f.version,
                    trigger: trigger.clone(),
                    customer: event_customer(&e.event).map(|c| c.0),
                    change: change.clone(),
                    dedupe: format!("event:{}", e.seq),
                    depth: e.depth + 1,
                });
            }
        }
        let mut started = 0;
        for f in &flows {
            let Some(runs) = per_flow.remove(&f.row.id) else { continue };
            let ids = insert_runs(&tx, runs, tx.now).await?;
            started += ids.len();
            if !ids.is_empty() {
                count_runs(&tx, &f.row, ids.len(), self.cfg.workflow_runaway_per_minute).await?;
            }
        }
        tx.commit().await?;
        Ok(started)
    }

    /// Start a run of a workflow with a webhook trigger, for a POST to its
    /// URL with its secret; `body` (JSON, at most [`WEBHOOK_BODY_MAX`]
    /// bytes) is the run's input, `trigger.body` in merge fields. A wrong
    /// secret, an unknown workflow and one without a webhook trigger all
    /// answer `NOT_FOUND` alike.
    pub async fn start_workflow_from_webhook(
        &self,
        tenant: TenantId,
        id: WorkflowId,
        secret: &str,
        body: Value,
    ) -> Result<WorkflowRunId> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        let w = row(&tx, id).await?;
        if !super::secret_matches(&w, secret)
            || w.state != WorkflowState::Active.as_str()
            || w.trigger_kind.as_deref() != Some("webhook")
        {
            return Err(Error::NotFound("workflow"));
        }
        let Some(version) = w.active_version_id else { return Err(Error::NotFound("workflow")) };
        let run = WorkflowRunId::new();
        let ids = insert_runs(
            &tx,
            vec![NewRun {
                workflow: w.id,
                version,
                trigger: json!({ "type": "webhook", "at": tx.now, "body": body }),
                customer: None,
                change: Change::default(),
                dedupe: format!("webhook:{run}"),
                depth: 1,
            }],
            tx.now,
        )
        .await?;
        count_runs(&tx, &w, 1, self.cfg.workflow_runaway_per_minute).await?;
        tx.commit().await?;
        ids.first().copied().map(WorkflowRunId).ok_or_else(|| Error::Internal("the run was not inserted".into()))
    }

    /// Fire the schedule and date triggers due at `now`, at most `limit`
    /// of them, each in a transaction of its company: a schedule starts one
    /// run (a schedule missed while no server ran fires once, for its
    /// latest time), a date trigger one run per customer whose date
    /// matches today (company time), in bulk. The timer moves to the next
    /// time in the same transaction; a replica that loses the race to move
    /// it starts nothing. Returns the runs started.
    pub async fn fire_workflow_timers(&self, now: DateTime<Utc>, limit: u64) -> Result<u64> {
        // The scheduler's beat also mends the workers' turns.
        super::turns::sweep(&self.db, now).await?;
        let due = workflow_timers::Entity::find()
            .filter(workflow_timers::Column::NextFireAt.lte(now))
            .order_by_asc(workflow_timers::Column::NextFireAt)
            .limit(limit)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut started = 0;
        for t in due {
            match self.fire_timer(&t, now).await {
                Ok(n) => started += n,
                Err(e) => tracing::warn!(error = ?e, workflow_id = %t.workflow_id, "firing a workflow trigger failed"),
            }
        }
        Ok(started)
    }

    async fn fire_timer(&self, t: &workflow_timers::Model, now: DateTime<Utc>) -> Result<u64> {
        let tx = TenantTx::begin(self, TenantId(t.tenant_id), Access::Write).await?;
        let w = row(&tx, WorkflowId(t.workflow_id)).await.ok();
        let Some((w, version)) =
            w.and_then(|w| w.active_version_id.filter(|_| w.state == WorkflowState::Active.as_str()).map(|v| (w, v)))
        else {
            workflow_timers::Entity::delete_many()
                .filter(workflow_timers::Column::WorkflowId.eq(t.workflow_id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            tx.commit().await?;
            return Ok(0);
        };
        let v = tx
            .select::<workflow_version::Entity>()
            .filter(workflow_version::Column::Id.eq(version))
            .filter(workflow_version::Column::Status.eq(VersionStatus::Active.as_str()))
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .ok_or(Error::NotFound("workflow version"))?;
        let def = Definition::parse(&v.definition).map_err(Error::Validation)?;
        let tz = crate::tenants::tenant_tz(&tx).await?;
        let next = match &def.trigger {
            Trigger::Schedule { cron } => guanxi_core::workflows::next_fire(cron, tz, now),
            Trigger::Date { .. } | Trigger::Idle { .. } | Trigger::Holiday { .. } => Some(next_daily(&def, tz, now)),
            _ => None,
        };
        // Claim this firing: only the replica that moves the timer from
        // the time it read starts runs.
        let mut claim = workflow_timers::Entity::update_many()
            .filter(workflow_timers::Column::WorkflowId.eq(t.workflow_id))
            .filter(workflow_timers::Column::NextFireAt.eq(t.next_fire_at));
        claim = match next {
            Some(n) => claim.col_expr(workflow_timers::Column::NextFireAt, Expr::value(n)),
            None => claim.col_expr(
                workflow_timers::Column::NextFireAt,
                Expr::value(t.next_fire_at + ChronoDuration::days(36500)),
            ),
        };
        if claim.exec(tx.conn()).await.map_err(db_err)?.rows_affected == 0 {
            return Ok(0);
        }
        // A pass that comes late (no server ran at the time) fires once,
        // for the latest time due: a daily birthday pass three days late
        // greets today's birthdays, not those of three days ago.
        let fired = match &def.trigger {
            Trigger::Schedule { cron } => guanxi_core::workflows::last_fire(cron, tz, now),
            Trigger::Date { .. } | Trigger::Idle { .. } | Trigger::Holiday { .. } => Some(last_daily(&def, tz, now)),
            _ => None,
        }
        .map_or(t.next_fire_at, |f| f.max(t.next_fire_at));
        let today = fired.with_timezone(&tz).date_naive();
        let n = match &def.trigger {
            Trigger::Schedule { .. } => {
                let run = NewRun {
                    workflow: w.id,
                    version,
                    trigger: json!({ "type": "schedule", "at": fired }),
                    customer: None,
                    change: Change::default(),
                    dedupe: format!("schedule:{}", fired.timestamp()),
                    depth: 1,
                };
                insert_runs(&tx, vec![run], now).await?.len() as u64
            }
            Trigger::Date { field, offset_days, .. } => {
                let target = today + ChronoDuration::days(i64::from(*offset_days));
                let customers = matching_customers(&tx, field, target, tz, w.group_id).await?;
                let trigger = json!({ "type": "date", "at": fired, "field": field, "date": target });
                let keyed = customers.into_iter().map(|c| (c, format!("date:{c}:{today}"))).collect();
                insert_pass(&tx, w.id, version, &trigger, keyed, now).await?
            }
            Trigger::Holiday { holiday, .. } if guanxi_core::holidays::falls_on(holiday, today) => {
                let customers = care_recipients(&tx, w.group_id).await?;
                let trigger = json!({ "type": "holiday", "at": fired, "holiday": holiday, "date": today });
                let keyed = customers.into_iter().map(|c| (c, format!("holiday:{c}:{today}"))).collect();
                insert_pass(&tx, w.id, version, &trigger, keyed, now).await?
            }
            Trigger::Idle { warn_days, .. } => {
                let mut n = 0;
                for stage in [super::idle::Stage::Reclaim, super::idle::Stage::Warning] {
                    let keyed = super::idle::matching(&tx, w.id, &def.trigger, stage, today, tz, w.group_id).await?;
                    let mut trigger = json!({ "type": "idle", "at": fired, "stage": stage.as_str() });
                    if stage == super::idle::Stage::Warning {
                        trigger["inDays"] = json!(warn_days);
                    }
                    n += insert_pass(&tx, w.id, version, &trigger, keyed, now).await?;
                }
                n
            }
            _ => 0,
        };
        tx.commit().await?;
        if n > 0 {
            tracing::info!(tenant_id = %t.tenant_id, workflow_id = %t.workflow_id, runs = n, "workflow trigger fired");
        }
        Ok(n)
    }
}

/// Rows per statement of a date pass on PostgreSQL.
const DATE_CHUNK: usize = 10_000;

/// Start the runs of a daily pass (a date or idle trigger): one per
/// customer, keyed by its occasion, all with the same trigger.
async fn insert_pass(
    tx: &TenantTx,
    workflow: Uuid,
    version: Uuid,
    trigger: &Value,
    keyed: Vec<(Uuid, String)>,
    now: DateTime<Utc>,
) -> Result<u64> {
    if keyed.is_empty() {
        return Ok(0);
    }
    if tx.conn().get_database_backend() == DbBackend::Postgres {
        return insert_pass_postgres(tx, workflow, version, trigger, &keyed, now).await;
    }
    let runs = keyed
        .into_iter()
        .map(|(c, dedupe)| NewRun {
            workflow,
            version,
            trigger: trigger.clone(),
            customer: Some(c),
            change: Change::default(),
            dedupe,
            depth: 1,
        })
        .collect();
    Ok(insert_runs(tx, runs, now).await?.len() as u64)
}

/// A pass's runs on PostgreSQL, set-based: the ids (time-ordered, made
/// here), customers and occasion keys travel as three arrays, and each
/// statement inserts its runs and, from what it inserted, their queue rows.
/// Building a hundred thousand rows as values took most of a pass's time.
async fn insert_pass_postgres(
    tx: &TenantTx,
    workflow: Uuid,
    version: Uuid,
    trigger: &Value,
    keyed: &[(Uuid, String)],
    now: DateTime<Utc>,
) -> Result<u64> {
    let array = |ids: &mut dyn Iterator<Item = Uuid>| {
        format!("{{{}}}", ids.map(|u| u.to_string()).collect::<Vec<_>>().join(","))
    };
    let change = serde_json::to_value(Change::default()).map_err(Error::internal)?;
    let mut n = 0;
    for chunk in keyed.chunks(DATE_CHUNK) {
        let ids = array(&mut chunk.iter().map(|_| WorkflowRunId::new().0));
        let cs = array(&mut chunk.iter().map(|(c, _)| *c));
        let keys: Vec<String> = chunk.iter().map(|(_, k)| k.clone()).collect();
        let done = tx
            .conn()
            .execute(sea_orm::Statement::from_sql_and_values(
                DbBackend::Postgres,
                "WITH r AS ( \
                   INSERT INTO workflow_runs (tenant_id, id, workflow_id, version_id, status, trigger, customer_id, \
                       change, dedupe_key, depth, round, pc, attempt, created_at, updated_at) \
                   SELECT $1, x.id, $2, $3, 'queued', $4::jsonb, x.c, $5::jsonb, x.k, \
                       1, 1, 0, 1, $6, $6 \
                   FROM unnest($7::text::uuid[], $8::text::uuid[], $9::text[]) AS x(id, c, k) \
                   ON CONFLICT (tenant_id, workflow_id, dedupe_key) DO NOTHING \
                   RETURNING id) \
                 INSERT INTO workflow_queue (run_id, tenant_id, run_after) SELECT id, $1, $6 FROM r",
                [
                    tx.tenant_id().0.into(),
                    workflow.into(),
                    version.into(),
                    trigger.clone().into(),
                    change.clone().into(),
                    now.into(),
                    ids.into(),
                    cs.into(),
                    keys.into(),
                ],
            ))
            .await
            .map_err(db_err)?;
        n += done.rows_affected();
    }
    if n > 0 {
        super::turns::touch(tx.conn(), tx.tenant_id().0, now).await?;
    }
    Ok(n)
}

/// The next time after `after` a date trigger's daily pass is due: its
/// time of day, company time.
pub(crate) fn next_daily(def: &Definition, tz: chrono_tz::Tz, after: DateTime<Utc>) -> DateTime<Utc> {
    let at = def.trigger.time_of_day();
    let local = after.with_timezone(&tz).date_naive();
    for d in 0..3 {
        let day = local + ChronoDuration::days(d);
        if let Some(t) = day.and_time(at).and_local_timezone(tz).earliest().map(|t| t.with_timezone(&Utc))
            && t > after
        {
            return t;
        }
    }
    after + ChronoDuration::days(1)
}

/// The last time at or before `at` a date trigger's daily pass was due.
pub(crate) fn last_daily(def: &Definition, tz: chrono_tz::Tz, at: DateTime<Utc>) -> DateTime<Utc> {
    let time = def.trigger.time_of_day();
    let local = at.with_timezone(&tz).date_naive();
    for d in 0..3 {
        let day = local - ChronoDuration::days(d);
        if let Some(t) = day.and_time(time).and_local_timezone(tz).earliest().map(|t| t.with_timezone(&Utc))
            && t <= at
        {
            return t;
        }
    }
    at
}

/// `customers.birthday` falls on `day`'s month and day (every year).
pub(crate) fn birthday_on(backend: DbBackend, day: NaiveDate) -> SimpleExpr {
    let md = format!("{:02}-{:02}", day.month(), day.day());
    match backend {
        DbBackend::Postgres => Expr::cust_with_values(r#"to_char("customers"."birthday", 'MM-DD') = $1"#, [md]),
        _ => Expr::cust_with_values(r#"strftime('%m-%d', "customers"."birthday") = ?"#, [md]),
    }
}

/// Customers whose date `field` is `target` (company time; for `birthday`
/// month and day), ids only. Customers in the pool count too: what a step
/// may do to them is the acting user's rights' business. A group's
/// workflow matches the customers of the group's people only.
async fn matching_customers(
    tx: &TenantTx,
    field: &str,
    target: NaiveDate,
    tz: chrono_tz::Tz,
    group: Option<Uuid>,
) -> Result<Vec<Uuid>> {
    let backend = tx.conn().get_database_backend();
    let mut q = Query::select();
    q.column((customer::Entity, customer::Column::Id))
        .from(customer::Entity)
        .and_where(Expr::col((customer::Entity, customer::Column::TenantId)).eq(tx.tenant_id().0));
    if let Some(g) = group {
        q.and_where(Expr::col((customer::Entity, customer::Column::OwnerId)).in_subquery(group_people(tx, g)));
    }
    let day_range = || -> Result<(DateTime<Utc>, DateTime<Utc>)> {
        let start = target
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .ok_or_else(|| Error::Internal("no midnight".into()))?
            .with_timezone(&Utc);
        Ok((start, start + ChronoDuration::days(1)))
    };
    match field {
        "birthday" => {
            q.and_where(birthday_on(backend, target));
        }
        "nextVisitAt" | "lastContactAt" | "createdAt" => {
            let col = match field {
                "nextVisitAt" => customer::Column::NextVisitAt,
                "lastContactAt" => customer::Column::LastContactAt,
                _ => customer::Column::CreatedAt,
            };
            let (start, end) = day_range()?;
            q.and_where(Expr::col((customer::Entity, col)).gte(start))
                .and_where(Expr::col((customer::Entity, col)).lt(end));
        }
        other => {
            let key = other.strip_prefix("custom.").ok_or(Error::NotFound("date field"))?;
            let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
            let f = fields.get(key).ok_or(Error::NotFound("custom field"))?;
            q.and_where(
                Expr::expr(crate::customers::custom_sql::value_expr(backend, "customers", f)).eq(target.to_string()),
            );
        }
    }
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    rows.iter().map(|r| r.try_get::<Uuid>("", "id").map_err(db_err)).collect()
}

/// The customers a holiday's care mails go to: those with an e-mail
/// address who have not unsubscribed (of the group's people, for a group's
/// workflow).
async fn care_recipients(tx: &TenantTx, group: Option<Uuid>) -> Result<Vec<Uuid>> {
    let mut q = tx
        .select::<customer::Entity>()
        .select_only()
        .column(customer::Column::Id)
        .filter(customer::Column::Email.is_not_null())
        .filter(customer::Column::MailOptOutAt.is_null())
        .order_by_asc(customer::Column::Id);
    if let Some(g) = group {
        q = q.filter(customer::Column::OwnerId.in_subquery(group_people(tx, g)));
    }
    q.into_tuple().all(tx.conn()).await.map_err(db_err)
}

/// The ids of a group's people, as a subquery.
pub(crate) fn group_people(tx: &TenantTx, group: Uuid) -> sea_orm::sea_query::SelectStatement {
    use crate::entity::user;
    Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(user::Column::TenantId.eq(tx.tenant_id().0))
        .and_where(user::Column::GroupId.eq(group))
        .to_owned()
}

/// Start a run of a manual workflow on a customer the caller may edit
/// (the button on a customer's page). The run acts as the workflow's
/// acting user, not as the caller.
pub async fn start_manual(tx: &TenantTx, id: WorkflowId, customer: CustomerId) -> Result<Run> {
    let actor = tx.actor()?.clone();
    let scope = guanxi_core::customer::CustomerScope::of(&actor)?;
    crate::customers::editable_row(tx, &scope, customer).await?;
    let w = row(tx, id).await?;
    let Some(version) = w.active_version_id.filter(|_| w.state == WorkflowState::Active.as_str()) else {
        return Err(Error::Conflict(FieldError::new("workflowId", "inactive", "the workflow is not active")));
    };
    if w.trigger_kind.as_deref() != Some("manual") {
        return Err(Error::Conflict(FieldError::new("workflowId", "not_manual", "the workflow is not run by hand")));
    }
    if let Some(g) = w.group_id {
        let ours = tx
            .select::<customer::Entity>()
            .filter(customer::Column::Id.eq(customer.0))
            .filter(customer::Column::OwnerId.in_subquery(group_people(tx, g)))
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .is_some();
        if !ours {
            return Err(Error::Conflict(FieldError::new(
                "customerId",
                "other_group",
                "the workflow is its group's: the customer belongs to someone outside it",
            )));
        }
    }
    let run = WorkflowRunId::new();
    let ids = insert_runs(
        tx,
        vec![NewRun {
            workflow: w.id,
            version,
            trigger: json!({ "type": "manual", "at": tx.now, "actorId": actor.user_id }),
            customer: Some(customer.0),
            change: Change::default(),
            dedupe: format!("manual:{run}"),
            depth: 1,
        }],
        tx.now,
    )
    .await?;
    let id = ids.first().copied().ok_or_else(|| Error::Internal("the run was not inserted".into()))?;
    Ok(run_of(run_row(tx, WorkflowRunId(id)).await?))
}

/// Active manual workflows, for the button on a customer's page. Everyone
/// who uses the CRM: the company-wide ones, and those of the groups they
/// belong to or supervise (every group's, for admins).
pub async fn manual_workflows(tx: &TenantTx) -> Result<Vec<(WorkflowId, String)>> {
    let actor = tx.actor()?;
    actor.authorize(&guanxi_core::Action::UseCrm)?;
    let mut mine = sea_orm::Condition::any().add(workflow::Column::GroupId.is_null());
    if actor.can(&guanxi_core::Action::ManageSettings) {
        mine = sea_orm::Condition::all();
    } else {
        let groups = actor.supervises.iter().chain(actor.group_id.iter()).map(|g| g.0);
        mine = mine.add(workflow::Column::GroupId.is_in(groups));
    }
    Ok(tx
        .select::<workflow::Entity>()
        .filter(mine)
        .filter(workflow::Column::State.eq(WorkflowState::Active.as_str()))
        .filter(workflow::Column::TriggerKind.eq("manual"))
        .order_by_asc(workflow::Column::Name)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|w| (WorkflowId(w.id), w.name))
        .collect())
}
