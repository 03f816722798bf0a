//! The engine: leases due runs from `workflow_queue` and carries each one
//! through its version's program, one step per transaction.
//!
//! Durability comes from the database alone. A run's position (`pc`, the
//! round and the step's attempt) is stored with the effects of the step
//! that moved it, in one transaction; a worker killed during a step leaves
//! nothing of that step behind, and the next worker to lease the run (when
//! the lease runs out) does it again. A step whose effect leaves the
//! database (an HTTP call) cannot be undone that way: it carries an
//! idempotency key (`<run>:<round>:<step>`) the receiver deduplicates by.
//! A delay is a queue row due later: waiting runs hold no worker, no
//! memory and no timer. Each step transaction first checks that this
//! worker still holds the run's lease, so a worker that stalled past its
//! lease cannot act beside the one that took the run over.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use guanxi_core::notifications::{Link, LinkKind, Notice};
use guanxi_core::workflows::{Change, Definition, Instr, RunStatus, Step, retry_delay};
use guanxi_core::{CustomerId, Error, Result, TenantId, UserId, WorkflowRunId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

use super::runs::enqueue;

/// Companies a claim asks in turn before it takes the run due first.
const CLAIM_TRIES: usize = 8;
use super::steps::{self, Ctx};
use crate::db::{Access, Backend, Store, TenantTx, db_err};
use crate::entity::{workflow, workflow_queue, workflow_run, workflow_run_step, workflow_version};
use crate::notifications::{self, NewNotification};

/// A request an `http` step makes, for the [`Outbound`] the engine is given.
#[derive(Clone, Debug)]
pub struct OutboundRequest {
    /// The URL.
    pub url: String,
    /// The JSON body.
    pub body: String,
    /// The step's idempotency key (`Idempotency-Key` header): the same on
    /// every attempt of the step, so the receiver can drop repeats.
    pub idempotency_key: String,
    /// The workflow's signing secret (`Guanxi-Signature`, as webhooks).
    pub secret: String,
}

/// A future an [`Outbound`] answers with: the step's output, or why it failed.
pub type OutboundFuture<'a> = Pin<Box<dyn Future<Output = std::result::Result<Value, String>> + Send + 'a>>;

/// Where `http` steps go out: the automation crate's HTTP client (checked
/// addresses, timeouts, signatures). The store has no HTTP client.
pub trait Outbound: Send + Sync {
    /// POST the request; `Ok` with what to record as the step's output
    /// when the answer was a success (2xx), `Err` with the reason otherwise.
    fn post(&self, req: OutboundRequest) -> OutboundFuture<'_>;
}

/// A run leased to one worker.
#[derive(Clone, Debug)]
pub struct ClaimedRun {
    /// The company.
    pub tenant_id: TenantId,
    /// The run.
    pub id: WorkflowRunId,
    worker_id: String,
}

/// How far a worker took a run.
#[derive(Clone, Debug, PartialEq)]
pub enum Advance {
    /// It finished with this status.
    Finished(RunStatus),
    /// It waits until then (a delay, or a step's next attempt).
    Waiting(DateTime<Utc>),
    /// The lease was lost (taken over, or the run was stopped): nothing
    /// more was done.
    Lost,
}

/// What one step transaction ended with.
enum Next {
    Continue,
    Done(Advance),
}

/// What a worker reads once per claim and keeps for the run's steps: the
/// workflow, the version's program and the acting user as they are when
/// the run is picked up.
struct Loaded {
    flow: workflow::Model,
    def: Definition,
    program: guanxi_core::workflows::Program,
    actor: guanxi_core::Actor,
    /// The segments its conditions test (see [`segment_refs`]).
    segments: Vec<guanxi_core::SegmentId>,
}

/// The segments a definition's conditions test: every comparison of the
/// field `segments` with a segment's id (`contains` to test membership).
/// A run's customer gets `segments`, the ids of those that hold it for the
/// acting user, among its fields, so conditions read it as any list field.
fn segment_refs(v: &Value, out: &mut Vec<guanxi_core::SegmentId>) {
    match v {
        Value::Object(o) => {
            if o.get("field").and_then(Value::as_str) == Some(SEGMENTS_FIELD) {
                let ids = match o.get("value") {
                    Some(Value::Array(a)) => a.iter().collect(),
                    Some(v) => vec![v],
                    None => Vec::new(),
                };
                for id in ids.into_iter().filter_map(Value::as_str).filter_map(|s| s.parse().ok()) {
                    let id = guanxi_core::SegmentId(id);
                    if !out.contains(&id) {
                        out.push(id);
                    }
                }
            }
            o.values().for_each(|v| segment_refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| segment_refs(v, out)),
        _ => {}
    }
}

/// The field of a run's customer that lists the segments it is in.
const SEGMENTS_FIELD: &str = "segments";

/// The signing secret of a workflow's `http` steps: derived from the
/// installation's webhook key, the company and the workflow, so it needs no
/// storage and differs per workflow.
pub(crate) fn signing_secret(store_key: &[u8; 32], tenant: TenantId, workflow: Uuid) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, store_key);
    let tag = ring::hmac::sign(&key, format!("workflow-signing:{tenant}:{workflow}").as_bytes());
    format!("whsec_{}", hex::encode(&tag.as_ref()[..24]))
}

impl Store {
    /// Lease the next run due at `now` (its queue row's `run_after`) for
    /// `lease`. `now` is the engine's clock, the same on every replica
    /// within their clocks' agreement.
    pub async fn claim_workflow_run(
        &self,
        worker_id: &str,
        lease: Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<ClaimedRun>> {
        let until = now + ChronoDuration::from_std(lease).map_err(Error::internal)?;
        // Turns between companies (see `turns`): the company whose turn it
        // is, then its run due first. A company found with nothing to take
        // (its row lagged behind) has its row set right and the next one
        // is asked.
        for _ in 0..CLAIM_TRIES {
            let Some(tenant) = super::turns::next(&self.db, now).await? else { break };
            let claimed = self.lease(Some(tenant), worker_id, until, now).await?;
            super::turns::settle(&self.db, tenant, claimed.is_some(), now).await?;
            if claimed.is_some() {
                return Ok(claimed);
            }
        }
        // No company's turn is due: the run due first, whoever's (a run
        // whose company's row lapsed is never left behind).
        let claimed = self.lease(None, worker_id, until, now).await?;
        if let Some(c) = &claimed {
            super::turns::settle(&self.db, c.tenant_id.0, true, now).await?;
        }
        Ok(claimed)
    }

    /// Lease the run due first at `now`, of `tenant` or of any company.
    async fn lease(
        &self,
        tenant: Option<Uuid>,
        worker_id: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<ClaimedRun>> {
        let of = if tenant.is_some() { "AND tenant_id = $4" } else { "" };
        let (skip, backend) = match self.backend {
            Backend::Postgres => ("FOR UPDATE SKIP LOCKED", DbBackend::Postgres),
            // The one writer serialises claims on SQLite.
            Backend::Sqlite => ("", DbBackend::Sqlite),
        };
        let sql = format!(
            "UPDATE workflow_queue SET locked_until = $1, locked_by = $2 \
             WHERE run_id = (SELECT run_id FROM workflow_queue WHERE run_after <= $3 \
             AND (locked_until IS NULL OR locked_until < $3) {of} \
             ORDER BY run_after LIMIT 1 {skip}) \
             RETURNING run_id, tenant_id"
        );
        let mut values: Vec<sea_orm::Value> = vec![until.into(), worker_id.into(), now.into()];
        if let Some(t) = tenant {
            values.push(t.into());
        }
        let row = self.db.query_one(Statement::from_sql_and_values(backend, sql, values)).await.map_err(db_err)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ClaimedRun {
            tenant_id: TenantId(row.try_get("", "tenant_id").map_err(db_err)?),
            id: WorkflowRunId(row.try_get("", "run_id").map_err(db_err)?),
            worker_id: worker_id.to_owned(),
        }))
    }

    /// Carry a leased run as far as it goes at `now`: step after step until
    /// it finishes, waits (a delay, a retry) or the lease is lost.
    pub async fn advance_workflow_run(
        &self,
        claimed: &ClaimedRun,
        now: DateTime<Utc>,
        out: &dyn Outbound,
    ) -> Result<Advance> {
        let mut loaded = None;
        loop {
            match self.step(claimed, now, out, &mut loaded).await? {
                Next::Continue => {}
                Next::Done(a) => return Ok(a),
            }
        }
    }

    /// Give a leased run back, to be taken again from `at` (a worker that
    /// failed to advance it for a reason that may pass: the database was
    /// busy). Its step is done again then.
    pub async fn defer_workflow_run(&self, claimed: &ClaimedRun, at: DateTime<Utc>) -> Result<()> {
        workflow_queue::Entity::update_many()
            .col_expr(workflow_queue::Column::RunAfter, Expr::value(at))
            .col_expr(workflow_queue::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(workflow_queue::Column::LockedBy, Expr::value(Option::<String>::None))
            .filter(workflow_queue::Column::RunId.eq(claimed.id.0))
            .filter(workflow_queue::Column::LockedBy.eq(claimed.worker_id.as_str()))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        super::turns::touch(&self.db, claimed.tenant_id.0, at).await
    }

    /// One step in one transaction.
    async fn step(
        &self,
        c: &ClaimedRun,
        now: DateTime<Utc>,
        out: &dyn Outbound,
        loaded: &mut Option<Loaded>,
    ) -> Result<Next> {
        let mut tx = TenantTx::begin(self, c.tenant_id, Access::Write).await?;
        if !holds(&tx, c).await? {
            return Ok(Next::Done(Advance::Lost));
        }
        let run = tx
            .select::<workflow_run::Entity>()
            .filter(workflow_run::Column::Id.eq(c.id.0))
            .one(tx.conn())
            .await
            .map_err(db_err)?;
        let Some(run) = run else {
            unqueue(&tx, c.id).await?;
            tx.commit().await?;
            return Ok(Next::Done(Advance::Finished(RunStatus::Stopped)));
        };
        let status = RunStatus::parse(&run.status).unwrap_or(RunStatus::Failed);
        if status.is_final() {
            unqueue(&tx, c.id).await?;
            tx.commit().await?;
            return Ok(Next::Done(Advance::Finished(status)));
        }
        if loaded.is_none() {
            let flow = tx
                .select::<workflow::Entity>()
                .filter(workflow::Column::Id.eq(run.workflow_id))
                .one(tx.conn())
                .await
                .map_err(db_err)?
                .ok_or(Error::NotFound("workflow"))?;
            let version = tx
                .select::<workflow_version::Entity>()
                .filter(workflow_version::Column::Id.eq(run.version_id))
                .one(tx.conn())
                .await
                .map_err(db_err)?
                .ok_or(Error::NotFound("workflow version"))?;
            let Ok(def) = Definition::parse(&version.definition) else {
                return self.fail(tx, c, &run, &flow, "steps", "the version's definition no longer parses", now).await;
            };
            // Every step acts as the workflow's acting user, as they are
            // when the run is picked up.
            let user = crate::users::find(&tx, UserId(flow.run_as)).await?.filter(|u| u.active);
            let Some(user) = user else {
                let key = format!("steps.{}", run.pc);
                return self.fail(tx, c, &run, &flow, &key, "the workflow's acting user is deactivated", now).await;
            };
            let actor = crate::auth::load_actor(&tx, &user).await?;
            let program = def.compile();
            let mut segments = Vec::new();
            segment_refs(&version.definition, &mut segments);
            *loaded = Some(Loaded { flow, def, program, actor, segments });
        }
        let Some(Loaded { flow, def, program, actor, segments }) = loaded.as_ref() else {
            return Err(Error::Internal("the run's workflow was not loaded".into()));
        };
        let pc = usize::try_from(run.pc).unwrap_or(usize::MAX);
        if pc >= program.ops.len() {
            finish(&tx, &run, RunStatus::Completed, now).await?;
            unqueue(&tx, c.id).await?;
            tx.commit().await?;
            return Ok(Next::Done(Advance::Finished(RunStatus::Completed)));
        }
        let key = program.ops[pc].key.clone();
        let len = program.ops.len();
        tx.actor = Some(actor.clone());
        tx.credential = Some(crate::auth::Credential::Workflow(c.id));
        tx.depth = run.depth;
        if let Err(e) = crate::billing::guard(&tx).await {
            return self.retry_or_fail(tx, c, &run, flow, def, &key, e.to_string(), true, now).await;
        }
        if status == RunStatus::Queued {
            tx.update_many::<workflow_run::Entity>()
                .col_expr(workflow_run::Column::Status, Expr::value(RunStatus::Running.as_str()))
                .col_expr(workflow_run::Column::StartedAt, Expr::value(Some(run.started_at.unwrap_or(now))))
                .filter(workflow_run::Column::Id.eq(run.id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
        }

        // The record, as the acting user may see it.
        let record = match run.customer_id {
            Some(id) => match crate::customers::get(&tx, CustomerId(id)).await {
                Ok(c) => Some(c),
                Err(Error::NotFound(_)) => {
                    let why = "the customer is gone, or the acting user cannot see it";
                    return self.skip(tx, c, &run, &key, why, now).await;
                }
                Err(e) => return Err(e),
            },
            None => None,
        };
        let change: Change = serde_json::from_value(run.change.clone()).unwrap_or_default();
        let mut ctx = Ctx::new(&run, flow, record, &key).await?;
        if let (Some(customer), false) = (run.customer_id, segments.is_empty())
            && let Some(vars) = ctx.vars.as_object_mut()
        {
            let inside = crate::segments::containing(&tx, segments, CustomerId(customer)).await?;
            let ids: Vec<String> = inside.iter().map(ToString::to_string).collect();
            vars.insert(SEGMENTS_FIELD.to_owned(), json!(ids));
        }
        if pc == 0
            && run.attempt == 1
            && let Some(gate) = &def.condition
            && !gate.eval(&ctx.vars, &change)
        {
            return self.skip(tx, c, &run, "condition", "the workflow's condition does not hold", now).await;
        }

        match &program.ops[pc].op {
            Instr::Each { over, limit, end } => {
                let list: Vec<Value> = guanxi_core::workflows::field(&ctx.vars, over)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().take(*limit as usize).cloned().collect())
                    .unwrap_or_default();
                let count = list.len();
                let input = Some(json!({ "over": over }));
                record_step(
                    &tx,
                    &run,
                    &key,
                    "for_each",
                    "completed",
                    input,
                    Some(json!({ "items": count })),
                    None,
                    now,
                )
                .await?;
                if list.is_empty() {
                    return go_on(tx, c, &run, *end, len, now).await;
                }
                set_items(&tx, &run, Some(Value::Array(list)), 0).await?;
                go_on(tx, c, &run, pc + 1, len, now).await
            }
            Instr::Next { each } => {
                // Back to the loop's first step for the next item; the list
                // is at most `MAX_ITEMS` long, so the loop ends.
                let count = run.items.as_ref().and_then(Value::as_array).map_or(0, Vec::len);
                let next = usize::try_from(run.item).unwrap_or(usize::MAX).saturating_add(1);
                if next < count {
                    set_items(&tx, &run, run.items.clone(), next).await?;
                    go_on(tx, c, &run, each + 1, len, now).await
                } else {
                    set_items(&tx, &run, None, 0).await?;
                    go_on(tx, c, &run, pc + 1, len, now).await
                }
            }
            Instr::Jump { to } => go_on(tx, c, &run, *to, len, now).await,
            Instr::Branch { condition, otherwise } => {
                let holds = condition.eval(&ctx.vars, &change);
                record_step(
                    &tx,
                    &run,
                    &key,
                    "if",
                    "completed",
                    None,
                    Some(json!({ "branch": if holds { "then" } else { "else" } })),
                    None,
                    now,
                )
                .await?;
                go_on(tx, c, &run, if holds { pc + 1 } else { *otherwise }, len, now).await
            }
            Instr::Step(Step::Filter { condition }) => {
                let holds = condition.eval(&ctx.vars, &change);
                record_step(&tx, &run, &key, "filter", "completed", None, Some(json!({ "passed": holds })), None, now)
                    .await?;
                if holds {
                    go_on(tx, c, &run, pc + 1, len, now).await
                } else {
                    finish(&tx, &run, RunStatus::Completed, now).await?;
                    unqueue(&tx, c.id).await?;
                    tx.commit().await?;
                    Ok(Next::Done(Advance::Finished(RunStatus::Completed)))
                }
            }
            Instr::Step(Step::Delay { minutes }) => {
                match run.wait_until {
                    // The delay is over: on to the next step.
                    Some(until) if until <= now => {
                        record_step(
                            &tx,
                            &run,
                            &key,
                            "delay",
                            "completed",
                            None,
                            Some(json!({ "until": until })),
                            None,
                            now,
                        )
                        .await?;
                        go_on(tx, c, &run, pc + 1, len, now).await
                    }
                    Some(until) => {
                        // Picked up early (a retry from this step): wait on.
                        wait(&tx, &run, until).await?;
                        tx.commit().await?;
                        Ok(Next::Done(Advance::Waiting(until)))
                    }
                    None => {
                        let until = now + ChronoDuration::minutes(i64::from(*minutes));
                        record_step(
                            &tx,
                            &run,
                            &key,
                            "delay",
                            "waiting",
                            Some(json!({ "minutes": minutes })),
                            Some(json!({ "until": until })),
                            None,
                            now,
                        )
                        .await?;
                        wait(&tx, &run, until).await?;
                        tx.commit().await?;
                        Ok(Next::Done(Advance::Waiting(until)))
                    }
                }
            }
            Instr::Step(Step::Http { url }) => {
                let body = json!({
                    "workflow": { "id": flow.id, "name": flow.name },
                    "run": { "id": run.id, "round": run.round },
                    "trigger": run.trigger,
                    "customer": ctx.vars.get("customer"),
                })
                .to_string();
                let secret = signing_secret(&tx.cfg.webhooks.key.key().await?, c.tenant_id, flow.id);
                let idempotency_key = if run.items.is_some() {
                    format!("{}:{}:{}:{}", run.id, run.round, key, run.item)
                } else {
                    format!("{}:{}:{}", run.id, run.round, key)
                };
                // Nothing is held open while the request is under way.
                tx.commit().await?;
                let sent = out.post(OutboundRequest { url: url.clone(), body, idempotency_key, secret }).await;
                let tx = TenantTx::begin(self, c.tenant_id, Access::Write).await?;
                if !holds(&tx, c).await? {
                    return Ok(Next::Done(Advance::Lost));
                }
                match sent {
                    Ok(output) => {
                        record_step(
                            &tx,
                            &run,
                            &key,
                            "http",
                            "completed",
                            Some(json!({ "url": url })),
                            Some(output),
                            None,
                            now,
                        )
                        .await?;
                        go_on(tx, c, &run, pc + 1, len, now).await
                    }
                    Err(why) => self.retry_or_fail(tx, c, &run, flow, def, &key, why, true, now).await,
                }
            }
            Instr::Step(step) => {
                let kind = step.kind();
                match steps::apply(&tx, step, &ctx).await {
                    Ok((input, output)) => {
                        record_step(&tx, &run, &key, kind, "completed", Some(input), Some(output), None, now).await?;
                        go_on(tx, c, &run, pc + 1, len, now).await
                    }
                    Err(e) => {
                        // Nothing of the failed step stays.
                        drop(tx);
                        let tx = TenantTx::begin(self, c.tenant_id, Access::Write).await?;
                        if !holds(&tx, c).await? {
                            return Ok(Next::Done(Advance::Lost));
                        }
                        let transient = matches!(e, Error::Internal(_) | Error::Unavailable(_));
                        let why = describe(&e);
                        self.retry_or_fail(tx, c, &run, flow, def, &key, why, transient, now).await
                    }
                }
            }
        }
    }

    /// A failed attempt: try again after the backoff while attempts are
    /// left and the failure may pass, else fail the run.
    #[expect(clippy::too_many_arguments, reason = "a step's record names its run, place, outcome and time")]
    async fn retry_or_fail(
        &self,
        tx: TenantTx,
        c: &ClaimedRun,
        run: &workflow_run::Model,
        flow: &workflow::Model,
        def: &Definition,
        key: &str,
        why: String,
        transient: bool,
        now: DateTime<Utc>,
    ) -> Result<Next> {
        let attempts = u32::try_from(run.attempt).unwrap_or(1);
        if !transient || attempts >= def.attempts() {
            let kind = kind_at(def, key);
            record_step(&tx, run, key, kind, "failed", None, None, Some(&why), now).await?;
            return self.fail(tx, c, run, flow, key, &why, now).await;
        }
        let until = now + ChronoDuration::from_std(retry_delay(attempts + 1)).map_err(Error::internal)?;
        record_step(&tx, run, key, kind_at(def, key), "retrying", None, None, Some(&why), now).await?;
        tx.update_many::<workflow_run::Entity>()
            .col_expr(workflow_run::Column::Attempt, Expr::value(run.attempt + 1))
            .col_expr(workflow_run::Column::Error, Expr::value(Some(why.clone())))
            .filter(workflow_run::Column::Id.eq(run.id))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        wait(&tx, run, until).await?;
        tx.commit().await?;
        tracing::info!(tenant_id = %c.tenant_id, run_id = %c.id, step = key, attempt = attempts, error = %why, "workflow step will be retried");
        Ok(Next::Done(Advance::Waiting(until)))
    }

    /// Fail the run for good: it stops at `key`, visibly, and the
    /// workflow's creator is told.
    #[expect(clippy::too_many_arguments, reason = "a step's record names its run, place, outcome and time")]
    async fn fail(
        &self,
        tx: TenantTx,
        c: &ClaimedRun,
        run: &workflow_run::Model,
        flow: &workflow::Model,
        key: &str,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<Next> {
        tx.update_many::<workflow_run::Entity>()
            .col_expr(workflow_run::Column::Status, Expr::value(RunStatus::Failed.as_str()))
            .col_expr(workflow_run::Column::Error, Expr::value(Some(why.to_owned())))
            .col_expr(workflow_run::Column::FailedKey, Expr::value(Some(key.to_owned())))
            .col_expr(workflow_run::Column::WaitUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(workflow_run::Column::FinishedAt, Expr::value(Some(now)))
            .col_expr(workflow_run::Column::UpdatedAt, Expr::value(tx.now))
            .filter(workflow_run::Column::Id.eq(run.id))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        unqueue(&tx, c.id).await?;
        notifications::notify(
            &tx,
            NewNotification {
                recipient: UserId(flow.created_by),
                notice: Notice::Workflow {
                    title: format!("自动化流程运行失败 Workflow run failed: {}", flow.name),
                    body: format!("{key}: {why}"),
                    link: Some(Link { kind: LinkKind::Workflow, id: flow.id }),
                },
                actor: None,
                dedupe_key: format!("workflow_failed:{}:{}", run.id, run.round),
            },
        )
        .await?;
        tx.commit().await?;
        tracing::warn!(tenant_id = %c.tenant_id, run_id = %c.id, step = key, error = why, "workflow run failed");
        Ok(Next::Done(Advance::Finished(RunStatus::Failed)))
    }

    /// End the run as skipped: it did nothing.
    async fn skip(
        &self,
        tx: TenantTx,
        c: &ClaimedRun,
        run: &workflow_run::Model,
        key: &str,
        why: &str,
        now: DateTime<Utc>,
    ) -> Result<Next> {
        record_step(&tx, run, key, "condition", "skipped", None, Some(json!({ "reason": why })), None, now).await?;
        finish(&tx, run, RunStatus::Skipped, now).await?;
        unqueue(&tx, c.id).await?;
        tx.commit().await?;
        Ok(Next::Done(Advance::Finished(RunStatus::Skipped)))
    }
}

/// The type of the step at `key`, for its record.
fn kind_at(def: &Definition, key: &str) -> &'static str {
    def.walk().into_iter().find(|(p, _)| p == key).map_or("step", |(_, s)| s.kind())
}

/// An error as a run's history shows it: its code and message.
fn describe(e: &Error) -> String {
    match e {
        Error::Validation(fields) => {
            let parts: Vec<String> = fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect();
            format!("{}: {}", e.code().as_str(), parts.join("; "))
        }
        Error::Conflict(f) => format!("{}: {}: {}", e.code().as_str(), f.field, f.message),
        other => format!("{}: {other}", other.code().as_str()),
    }
}

/// Whether `c`'s worker still holds the run's lease.
async fn holds(tx: &TenantTx, c: &ClaimedRun) -> Result<bool> {
    Ok(workflow_queue::Entity::find_by_id(c.id.0)
        .filter(workflow_queue::Column::LockedBy.eq(c.worker_id.as_str()))
        .filter(workflow_queue::Column::TenantId.eq(c.tenant_id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .is_some())
}

async fn unqueue(tx: &TenantTx, run: WorkflowRunId) -> Result<()> {
    workflow_queue::Entity::delete_many()
        .filter(workflow_queue::Column::RunId.eq(run.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Move the run to `pc` and commit; past the program's end the run is
/// completed in the same transaction.
async fn go_on(
    tx: TenantTx,
    c: &ClaimedRun,
    run: &workflow_run::Model,
    pc: usize,
    len: usize,
    now: DateTime<Utc>,
) -> Result<Next> {
    if pc >= len {
        finish(&tx, run, RunStatus::Completed, now).await?;
        unqueue(&tx, c.id).await?;
        tx.commit().await?;
        return Ok(Next::Done(Advance::Finished(RunStatus::Completed)));
    }
    move_to(&tx, run, pc).await?;
    tx.commit().await?;
    Ok(Next::Continue)
}

async fn move_to(tx: &TenantTx, run: &workflow_run::Model, pc: usize) -> Result<()> {
    tx.update_many::<workflow_run::Entity>()
        .col_expr(workflow_run::Column::Pc, Expr::value(i32::try_from(pc).map_err(Error::internal)?))
        .col_expr(workflow_run::Column::Attempt, Expr::value(1))
        .col_expr(workflow_run::Column::Error, Expr::value(Option::<String>::None))
        .col_expr(workflow_run::Column::WaitUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(workflow_run::Column::Status, Expr::value(RunStatus::Running.as_str()))
        .col_expr(workflow_run::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow_run::Column::Id.eq(run.id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Set the run's `for_each` list and the item it is at.
async fn set_items(tx: &TenantTx, run: &workflow_run::Model, items: Option<Value>, item: usize) -> Result<()> {
    tx.update_many::<workflow_run::Entity>()
        .col_expr(workflow_run::Column::Items, Expr::value(items))
        .col_expr(workflow_run::Column::Item, Expr::value(i32::try_from(item).map_err(Error::internal)?))
        .filter(workflow_run::Column::Id.eq(run.id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Park the run until `until`: its queue row falls due then, unleased.
async fn wait(tx: &TenantTx, run: &workflow_run::Model, until: DateTime<Utc>) -> Result<()> {
    tx.update_many::<workflow_run::Entity>()
        .col_expr(workflow_run::Column::Status, Expr::value(RunStatus::Waiting.as_str()))
        .col_expr(workflow_run::Column::WaitUntil, Expr::value(Some(until)))
        .col_expr(workflow_run::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow_run::Column::Id.eq(run.id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    enqueue(tx, run.id, until).await
}

async fn finish(tx: &TenantTx, run: &workflow_run::Model, status: RunStatus, now: DateTime<Utc>) -> Result<()> {
    tx.update_many::<workflow_run::Entity>()
        .col_expr(workflow_run::Column::Status, Expr::value(status.as_str()))
        .col_expr(workflow_run::Column::FinishedAt, Expr::value(Some(now)))
        .col_expr(workflow_run::Column::StartedAt, Expr::value(Some(run.started_at.unwrap_or(now))))
        .col_expr(workflow_run::Column::WaitUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(workflow_run::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow_run::Column::Id.eq(run.id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Write or update the record of the step at the run's `pc` in its round.
#[expect(clippy::too_many_arguments, reason = "a step's record names its run, place, outcome and time")]
async fn record_step(
    tx: &TenantTx,
    run: &workflow_run::Model,
    key: &str,
    kind: &str,
    status: &str,
    input: Option<Value>,
    output: Option<Value>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let existing = tx
        .select::<workflow_run_step::Entity>()
        .filter(workflow_run_step::Column::RunId.eq(run.id))
        .filter(workflow_run_step::Column::Round.eq(run.round))
        .filter(workflow_run_step::Column::Pc.eq(run.pc))
        .filter(workflow_run_step::Column::Item.eq(run.item))
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    let finished = matches!(status, "completed" | "failed" | "skipped").then_some(now);
    match existing {
        Some(s) => {
            let mut q = tx
                .update_many::<workflow_run_step::Entity>()
                .col_expr(workflow_run_step::Column::Status, Expr::value(status))
                .col_expr(workflow_run_step::Column::FinishedAt, Expr::value(finished))
                .filter(workflow_run_step::Column::Id.eq(s.id));
            if status != "completed" || s.status != "waiting" {
                // A delay ending is not an attempt of its own.
                q = q.col_expr(workflow_run_step::Column::Attempts, Expr::value(s.attempts + 1));
            }
            if input.is_some() {
                q = q.col_expr(workflow_run_step::Column::Input, Expr::value(input));
            }
            if output.is_some() {
                q = q.col_expr(workflow_run_step::Column::Output, Expr::value(output));
            }
            if let Some(e) = error {
                q = q.col_expr(workflow_run_step::Column::Error, Expr::value(Some(e.to_owned())));
            } else if status == "completed" {
                q = q.col_expr(workflow_run_step::Column::Error, Expr::value(Option::<String>::None));
            }
            q.exec(tx.conn()).await.map_err(db_err)?;
        }
        None => {
            tx.insert(workflow_run_step::ActiveModel {
                tenant_id: Set(tx.tenant_id().0),
                id: Set(Uuid::now_v7()),
                run_id: Set(run.id),
                round: Set(run.round),
                pc: Set(run.pc),
                item: Set(run.item),
                step_key: Set(key.chars().take(200).collect()),
                kind: Set(kind.to_owned()),
                status: Set(status.to_owned()),
                input: Set(input),
                output: Set(output),
                error: Set(error.map(str::to_owned)),
                attempts: Set(1),
                started_at: Set(now),
                finished_at: Set(finished),
            })
            .exec_without_returning(tx.conn())
            .await
            .map_err(db_err)?;
        }
    }
    Ok(())
}
