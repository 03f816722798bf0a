//! Workflow automation (admins, and supervisors for their groups where the
//! company allows it): workflows, their versions (a draft, then
//! immutable published versions), runs with each step's input, output and
//! error, retrying a failed run from its step or from the start, stopping a
//! run; the company's automation identity (admins); and for everyone who
//! uses the CRM, the manual workflows a
//! customer's page offers and running one. `docs/api.md` ("Workflows")
//! describes the definition's JSON.

use async_graphql::connection::PageInfo;
use async_graphql::{Context, Enum, ID, InputObject, Json, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Datelike, Utc};
use guanxi_core::workflows::TRIGGER_EVENTS;
use guanxi_core::{CustomerId, GroupId, UserId, WorkflowId, WorkflowRunId};
use guanxi_store::workflows::{self as store, identity, runs};
use serde_json::Value;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::types::Role;

/// Whether a workflow starts runs.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::workflows::WorkflowState")]
pub enum WorkflowState {
    /// Its active version starts runs.
    Active,
    /// Nothing starts runs (not published yet, deactivated, or stopped by
    /// the platform: see `stoppedReason`).
    Inactive,
    /// Put away: it starts nothing and cannot be edited.
    Archived,
}

/// Where a version stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::workflows::VersionStatus")]
pub enum WorkflowVersionStatus {
    /// Being edited; never runs.
    Draft,
    /// New runs start on it.
    Active,
    /// Was active; its runs in flight finish on it.
    Deactivated,
    /// Its workflow was archived.
    Archived,
}

/// Where a run stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::workflows::RunStatus")]
pub enum WorkflowRunStatus {
    /// Waiting for a worker.
    Queued,
    /// A worker is on it.
    Running,
    /// In a delay, or waiting to retry a step (`waitUntil`).
    Waiting,
    /// Done.
    Completed,
    /// A step failed on every attempt (`error`, `failedStep`); it can be retried.
    Failed,
    /// An admin stopped it.
    Stopped,
    /// The workflow's condition did not hold, or its customer is gone: it did nothing.
    Skipped,
}

/// One version of a workflow's definition.
pub struct WorkflowVersion(store::Version);

#[Object]
impl WorkflowVersion {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// 1, 2 … in the order they were written.
    async fn number(&self) -> i32 {
        self.0.number
    }
    async fn status(&self) -> WorkflowVersionStatus {
        self.0.status.into()
    }
    /// The definition: `{trigger, condition?, steps, maxAttempts?}` (see the API guide).
    async fn definition(&self) -> Json<Value> {
        Json(self.0.definition.clone())
    }
    async fn created_by_id(&self) -> ID {
        ID(self.0.created_by.to_string())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
}

/// A workflow.
pub struct Workflow(store::Workflow);

#[Object]
impl Workflow {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn state(&self) -> WorkflowState {
        self.0.state.into()
    }
    /// The user whose rights every step acts with (possibly the automation
    /// identity: see `runsAsAutomation`).
    async fn run_as_id(&self) -> ID {
        ID(self.0.run_as.to_string())
    }
    /// Whether it acts as the company's automation identity.
    async fn runs_as_automation(&self) -> bool {
        self.0.runs_as_automation
    }
    /// The group it belongs to: it starts runs for the group's customers
    /// and people only. Null for a company-wide workflow.
    async fn group_id(&self) -> Option<ID> {
        self.0.group_id.map(|g| ID(g.to_string()))
    }
    /// Who created it (told when its runs fail).
    async fn created_by_id(&self) -> ID {
        ID(self.0.created_by.to_string())
    }
    /// The version new runs start on, while active.
    async fn active_version(&self) -> Option<WorkflowVersion> {
        self.0.active_version.clone().map(WorkflowVersion)
    }
    /// The draft being edited, if any.
    async fn draft(&self) -> Option<WorkflowVersion> {
        self.0.draft.clone().map(WorkflowVersion)
    }
    /// Every version, newest first.
    async fn versions(&self, ctx: &Context<'_>) -> ApiResult<Vec<WorkflowVersion>> {
        let id = self.0.id;
        ctx.read(async |tx| Ok(store::versions(tx, id).await?.into_iter().map(WorkflowVersion).collect())).await
    }
    /// Why the platform stopped it (a runaway), if it did.
    async fn stopped_reason(&self) -> Option<&str> {
        self.0.stopped_reason.as_deref()
    }
    /// Whether it has an inbound webhook secret (webhook triggers).
    async fn has_webhook_secret(&self) -> bool {
        self.0.has_webhook_secret
    }
    /// Where other systems POST to start it (webhook triggers), with its
    /// secret in `Authorization: Bearer …`.
    async fn webhook_url(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let rc = ctx.rc()?;
        let tenant = ctx.principal()?.tenant_id();
        let base = rc.store.config().public_url.trim_end_matches('/').to_owned();
        Ok(format!("{base}/hooks/workflows/{tenant}/{}", self.0.id))
    }
    /// The secret its `http` steps sign with (`Guanxi-Signature`, as webhooks).
    async fn signing_secret(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let id = self.0.id;
        ctx.read(async |tx| Ok(store::signing_secret(tx, id).await?)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One step a run executed.
pub struct WorkflowRunStep(runs::RunStep);

#[Object]
impl WorkflowRunStep {
    /// The run's round: 1, then one more per retry from the start.
    async fn round(&self) -> i32 {
        self.0.round
    }
    /// The `for_each` item it ran for, from 0 (0 outside loops).
    async fn item(&self) -> i32 {
        self.0.item
    }
    /// The step's place in the definition, e.g. `steps.1.then.0`.
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// Its type (`set_field`, `delay`, `if` …).
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// `completed`, `waiting`, `retrying`, `failed` or `skipped`.
    async fn status(&self) -> &str {
        &self.0.status
    }
    async fn input(&self) -> Option<Json<Value>> {
        self.0.input.clone().map(Json)
    }
    async fn output(&self) -> Option<Json<Value>> {
        self.0.output.clone().map(Json)
    }
    /// Its last error.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

/// One run of a workflow.
pub struct WorkflowRun(runs::Run);

#[Object]
impl WorkflowRun {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn workflow_id(&self) -> ID {
        ID(self.0.workflow_id.to_string())
    }
    /// The version it runs on (always the one it started on).
    async fn version_id(&self) -> ID {
        ID(self.0.version_id.to_string())
    }
    async fn status(&self) -> WorkflowRunStatus {
        self.0.status.into()
    }
    /// What started it: `{type: "event", event, seq, data …}`, `{type: "manual"}` …
    async fn trigger(&self) -> Json<Value> {
        Json(self.0.trigger.clone())
    }
    /// Its customer, if it has one.
    async fn customer_id(&self) -> Option<ID> {
        self.0.customer_id.map(|c| ID(c.to_string()))
    }
    /// How deep in a chain of workflows it started (1: by a person's change).
    async fn depth(&self) -> i32 {
        i32::from(self.0.depth)
    }
    async fn round(&self) -> i32 {
        self.0.round
    }
    /// Why it failed.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// The step it failed at.
    async fn failed_step(&self) -> Option<&str> {
        self.0.failed_key.as_deref()
    }
    /// Waiting until then (a delay, or a step's next attempt).
    async fn wait_until(&self) -> Option<DateTime<Utc>> {
        self.0.wait_until
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
    /// Its steps in the order they ran (read with `workflowRun(id:)`; empty in lists).
    async fn steps(&self) -> Vec<WorkflowRunStep> {
        self.0.steps.iter().cloned().map(WorkflowRunStep).collect()
    }
}

/// A page of runs, newest first.
pub struct WorkflowRunConnection {
    page: runs::RunPage,
    after_given: bool,
}

fn cursor(r: &runs::Run) -> String {
    crate::pagination::encode_cursor(&r.id.0)
}

#[Object]
impl WorkflowRunConnection {
    async fn nodes(&self) -> Vec<WorkflowRun> {
        self.page.runs.iter().cloned().map(WorkflowRun).collect()
    }
    async fn page_info(&self) -> PageInfo {
        let cursors: Vec<String> = self.page.runs.iter().map(cursor).collect();
        crate::pagination::page_info(cursors.iter().map(String::as_str), self.page.has_more, self.after_given)
    }
}

/// A workflow published, with the inbound webhook's secret when this
/// publication created one (shown only this once).
#[derive(SimpleObject)]
pub struct PublishedWorkflow {
    workflow: Workflow,
    /// Send it as `Authorization: Bearer …` to `webhookUrl`.
    webhook_secret: Option<String>,
}

/// A manual workflow offered on customers' pages.
#[derive(SimpleObject)]
pub struct ManualWorkflow {
    id: ID,
    name: String,
}

/// A new workflow.
#[derive(InputObject)]
pub struct CreateWorkflowInput {
    /// 1 to 100 characters.
    name: String,
    description: Option<String>,
    /// The user every step acts as (you when omitted): admins may choose
    /// anyone active or the automation identity; supervisors themselves or
    /// a salesperson of the group.
    run_as_id: Option<ID>,
    /// The group it belongs to. Company-wide when omitted (admins only); a
    /// supervisor of one group gets that group.
    group_id: Option<ID>,
    /// The first draft: `{trigger, condition?, steps, maxAttempts?}`.
    definition: Json<Value>,
}

/// A change to a workflow; fields left out keep their value. A definition
/// replaces the draft (or starts a new one after the published versions).
#[derive(InputObject)]
pub struct UpdateWorkflowInput {
    name: Option<String>,
    /// Blank clears it.
    description: Option<String>,
    run_as_id: Option<ID>,
    /// Null makes it company-wide (admins only).
    group_id: MaybeUndefined<ID>,
    definition: Option<Json<Value>>,
}

/// The company's automation identity: who workflows act as when they act
/// for the company rather than a person. It never logs in, holds no seat
/// and is not in the team.
pub struct AutomationIdentity(identity::AutomationIdentity);

#[Object]
impl AutomationIdentity {
    /// Its user id: a workflow's `runAsId`.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// `ADMIN` (the whole company) or `SUPERVISOR` (of `supervisedGroupIds`).
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    async fn supervised_group_ids(&self) -> Vec<ID> {
        self.0.supervises.iter().map(|g| ID(g.to_string())).collect()
    }
    /// Whether workflows may act as it (those that do fail their steps while not).
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// The automation identity's rights.
#[derive(InputObject)]
pub struct AutomationIdentityInput {
    /// `ADMIN` or `SUPERVISOR`.
    role: Role,
    /// For `SUPERVISOR`, the groups it acts on (at least one).
    supervised_group_ids: Option<Vec<ID>>,
    /// True when omitted.
    active: Option<bool>,
}

/// A built-in workflow template (pool rules, fair assignment, reminders):
/// a definition to create a workflow from, tune and publish.
pub struct WorkflowTemplate(guanxi_core::workflow_templates::Template);

#[Object]
impl WorkflowTemplate {
    /// Stable key, e.g. `pool.no_contact`.
    async fn key(&self) -> &str {
        self.0.key
    }
    /// `pool`, `assignment` or `reminder`.
    async fn category(&self) -> &str {
        self.0.category.as_str()
    }
    /// Name, Chinese.
    async fn name(&self) -> &str {
        self.0.name_zh
    }
    /// Name, English.
    async fn name_en(&self) -> &str {
        self.0.name_en
    }
    /// What it does, Chinese.
    async fn description(&self) -> &str {
        self.0.description_zh
    }
    /// What it does, English.
    async fn description_en(&self) -> &str {
        self.0.description_en
    }
    /// The workflow definition it starts from (`createWorkflow`'s
    /// `definition`).
    async fn definition(&self) -> Json<Value> {
        Json(self.0.definition.clone())
    }
}

/// A holiday a `holiday` trigger may name (customer care, 节日关怀).
#[derive(SimpleObject)]
pub struct Holiday {
    /// The key the trigger names, e.g. `spring_festival`.
    key: String,
    /// Name, Chinese.
    name: String,
    /// Name, English.
    name_en: String,
    /// Its next date from today (UTC), if the product knows it.
    next_date: Option<chrono::NaiveDate>,
}

#[derive(Default)]
pub struct WorkflowQuery;

#[Object]
impl WorkflowQuery {
    /// The holidays a `holiday` trigger may name, Chinese ones first.
    /// Whoever may manage workflows.
    async fn holidays(&self, ctx: &Context<'_>) -> ApiResult<Vec<Holiday>> {
        ctx.read(async |tx| {
            store::check_manages(tx).await?;
            let today = Utc::now().date_naive();
            Ok(guanxi_core::holidays::ALL
                .iter()
                .map(|h| {
                    let next =
                        [today.year(), today.year() + 1].into_iter().filter_map(|y| h.date_in(y)).find(|d| *d >= today);
                    Holiday {
                        key: h.key.to_owned(),
                        name: h.name_zh.to_owned(),
                        name_en: h.name_en.to_owned(),
                        next_date: next,
                    }
                })
                .collect())
        })
        .await
    }

    /// The built-in templates: pool rules (公海回收), fair assignment,
    /// reminders and customer care, each a definition an admin creates a
    /// workflow from, tunes and publishes. Whoever may manage workflows.
    async fn workflow_templates(&self, ctx: &Context<'_>) -> ApiResult<Vec<WorkflowTemplate>> {
        ctx.read(async |tx| {
            store::check_manages(tx).await?;
            Ok(guanxi_core::workflow_templates::all().into_iter().map(WorkflowTemplate).collect())
        })
        .await
    }

    /// The company's automation identity, null until an admin sets its
    /// rights (admins).
    async fn automation_identity(&self, ctx: &Context<'_>) -> ApiResult<Option<AutomationIdentity>> {
        ctx.read(async |tx| Ok(identity::get(tx).await?.map(AutomationIdentity))).await
    }

    /// The workflows you manage, archived ones last: every one for admins,
    /// their groups' for supervisors where the company allows it.
    async fn workflows(&self, ctx: &Context<'_>) -> ApiResult<Vec<Workflow>> {
        ctx.read(async |tx| Ok(store::list(tx).await?.into_iter().map(Workflow).collect())).await
    }

    /// One workflow (whoever manages it).
    async fn workflow(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Workflow> {
        let id = parse_id::<WorkflowId>(&id, "id")?;
        ctx.read(async |tx| Ok(Workflow(store::get(tx, id).await?))).await
    }

    /// Runs of the workflows you manage, newest first: of one workflow, in one status, of one
    /// customer; pages of `first` (10 when omitted, at most 100) `after` a cursor.
    async fn workflow_runs(
        &self,
        ctx: &Context<'_>,
        workflow_id: Option<ID>,
        status: Option<WorkflowRunStatus>,
        customer_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<WorkflowRunConnection> {
        let filter = runs::RunFilter {
            workflow: workflow_id.as_ref().map(|w| parse_id::<WorkflowId>(w, "workflowId")).transpose()?,
            status: status.map(Into::into),
            customer: customer_id.as_ref().map(|c| parse_id::<CustomerId>(c, "customerId")).transpose()?,
        };
        let first = crate::pagination::first(first.map(i64::from))?;
        let after = after
            .as_deref()
            .map(|a| crate::pagination::decode_cursor::<uuid::Uuid>(a).map(WorkflowRunId))
            .transpose()?;
        ctx.read(async |tx| {
            let page = runs::list(tx, &filter, first, after).await?;
            Ok(WorkflowRunConnection { page, after_given: after.is_some() })
        })
        .await
    }

    /// One run with its steps (whoever manages it).
    async fn workflow_run(&self, ctx: &Context<'_>, id: ID) -> ApiResult<WorkflowRun> {
        let id = parse_id::<WorkflowRunId>(&id, "id")?;
        ctx.read(async |tx| Ok(WorkflowRun(runs::get(tx, id).await?))).await
    }

    /// The event types a workflow may start on (whoever manages workflows).
    async fn workflow_trigger_events(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        ctx.read(async |tx| {
            store::check_manages(tx).await?;
            Ok(TRIGGER_EVENTS.iter().map(|s| (*s).to_owned()).collect())
        })
        .await
    }

    /// The active manual workflows, for the button on a customer's page.
    async fn manual_workflows(&self, ctx: &Context<'_>) -> ApiResult<Vec<ManualWorkflow>> {
        ctx.read(async |tx| {
            Ok(runs::manual_workflows(tx)
                .await?
                .into_iter()
                .map(|(id, name)| ManualWorkflow { id: ID(id.to_string()), name })
                .collect())
        })
        .await
    }
}

#[derive(Default)]
pub struct WorkflowMutation;

#[Object]
impl WorkflowMutation {
    /// Create a workflow with its first draft (whoever manages it). It starts nothing
    /// until published. A definition that refers to a missing field, user
    /// or plugin is `VALIDATION_FAILED`, each error at its place
    /// (`definition.steps.2.field`).
    async fn create_workflow(&self, ctx: &Context<'_>, input: CreateWorkflowInput) -> ApiResult<Workflow> {
        let run_as = input.run_as_id.as_ref().map(|u| parse_id::<UserId>(u, "runAsId")).transpose()?;
        let new = store::NewWorkflow {
            name: input.name,
            description: input.description,
            run_as,
            group_id: input.group_id.as_ref().map(|g| parse_id::<GroupId>(g, "groupId")).transpose()?,
            definition: input.definition.0,
        };
        ctx.write(async |tx| Ok(Workflow(store::create(tx, new).await?))).await
    }

    /// Change a workflow's name, description, acting user or draft (whoever manages it).
    async fn update_workflow(&self, ctx: &Context<'_>, id: ID, input: UpdateWorkflowInput) -> ApiResult<Workflow> {
        let id = parse_id::<WorkflowId>(&id, "id")?;
        let change = store::WorkflowChange {
            name: input.name,
            description: input.description.map(|d| Some(d).filter(|d| !d.trim().is_empty())),
            run_as: input.run_as_id.as_ref().map(|u| parse_id::<UserId>(u, "runAsId")).transpose()?,
            group_id: match &input.group_id {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(g) => Some(Some(parse_id::<GroupId>(g, "groupId")?)),
            },
            definition: input.definition.map(|d| d.0),
        };
        ctx.write(async |tx| Ok(Workflow(store::update(tx, id, change).await?))).await
    }

    /// Publish the draft (whoever manages the workflow): it is checked again, becomes the active
    /// version, and the version before is deactivated (its runs in flight
    /// finish on it). Without a draft, the last version is activated again.
    async fn publish_workflow(&self, ctx: &Context<'_>, id: ID) -> ApiResult<PublishedWorkflow> {
        let id = parse_id::<WorkflowId>(&id, "id")?;
        ctx.write(async |tx| {
            let p = store::publish(tx, id).await?;
            Ok(PublishedWorkflow { workflow: Workflow(p.workflow), webhook_secret: p.webhook_secret })
        })
        .await
    }

    /// Stop starting runs (whoever manages it); runs in flight finish.
    async fn deactivate_workflow(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Workflow> {
        let id = parse_id::<WorkflowId>(&id, "id")?;
        ctx.write(async |tx| Ok(Workflow(store::deactivate(tx, id).await?))).await
    }

    /// Archive a workflow (whoever manages it): it starts nothing and cannot be edited.
    async fn archive_workflow(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Workflow> {
        let id = parse_id::<WorkflowId>(&id, "id")?;
        ctx.write(async |tx| Ok(Workflow(store::archive(tx, id).await?))).await
    }

    /// A new inbound webhook secret, returned this once (whoever manages it); the old
    /// one stops working at once.
    async fn rotate_workflow_webhook_secret(&self, ctx: &Context<'_>, id: ID) -> ApiResult<String> {
        let id = parse_id::<WorkflowId>(&id, "id")?;
        ctx.write(async |tx| Ok(store::rotate_webhook_secret(tx, id).await?)).await
    }

    /// Retry a failed or stopped run from the step it stopped at, or with
    /// `fromStart` from its first step (whoever manages it). It goes on with the
    /// version it started on.
    async fn retry_workflow_run(&self, ctx: &Context<'_>, id: ID, from_start: Option<bool>) -> ApiResult<WorkflowRun> {
        let id = parse_id::<WorkflowRunId>(&id, "id")?;
        ctx.write(async |tx| Ok(WorkflowRun(runs::retry(tx, id, from_start.unwrap_or(false)).await?))).await
    }

    /// Stop a run that has not finished (whoever manages it).
    async fn stop_workflow_run(&self, ctx: &Context<'_>, id: ID) -> ApiResult<WorkflowRun> {
        let id = parse_id::<WorkflowRunId>(&id, "id")?;
        ctx.write(async |tx| Ok(WorkflowRun(runs::stop(tx, id).await?))).await
    }

    /// Set the automation identity's rights, creating it the first time
    /// (admins). Workflows acting as it act with the new rights from their
    /// next step.
    async fn set_automation_identity(
        &self,
        ctx: &Context<'_>,
        input: AutomationIdentityInput,
    ) -> ApiResult<AutomationIdentity> {
        let supervises = input
            .supervised_group_ids
            .unwrap_or_default()
            .iter()
            .map(|g| parse_id::<GroupId>(g, "supervisedGroupIds"))
            .collect::<Result<Vec<_>, _>>()?;
        let rights = identity::Rights { role: input.role.into(), supervises, active: input.active.unwrap_or(true) };
        ctx.write(async |tx| Ok(AutomationIdentity(identity::set(tx, rights).await?))).await
    }

    /// Run a manual workflow on a customer you may edit. The run acts as
    /// the workflow's acting user; it starts at once and goes on in the
    /// background.
    async fn run_workflow(&self, ctx: &Context<'_>, workflow_id: ID, customer_id: ID) -> ApiResult<WorkflowRun> {
        let workflow = parse_id::<WorkflowId>(&workflow_id, "workflowId")?;
        let customer = parse_id::<CustomerId>(&customer_id, "customerId")?;
        ctx.write(async |tx| Ok(WorkflowRun(runs::start_manual(tx, workflow, customer).await?))).await
    }
}
