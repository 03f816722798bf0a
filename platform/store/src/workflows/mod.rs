//! Workflow automation: workflows and their versions (this module), runs
//! and how they start ([`runs`]), and the engine that carries runs
//! through their steps ([`engine`], effects in `steps`).
//!
//! A workflow is company-wide or belongs to a group. Admins
//! (`ManageSettings`) manage every workflow; supervisors manage their
//! groups' workflows where the company allows it (the setting
//! `supervisors_manage_automation`), acting as themselves or as a
//! salesperson of the group, never as anyone with more rights. A group's
//! workflow starts runs only for the group's customers and people. Its definition is
//! edited as a draft version; publishing makes the draft the active
//! version (the one before it is deactivated) and the draft immutable. A
//! run always finishes on the version it started with. Every step acts
//! with the rights of the workflow's `run_as` user, loaded afresh for each
//! step: a deactivated user's workflows fail their steps rather than act.
//! `run_as` may be the company's automation identity ([`identity`]),
//! whose rights an admin sets; only admins choose it.
//! The rules without I/O (parsing, checks, conditions, merge fields) are
//! in `guanxi_core::workflows`; here is what needs the database: the
//! checks that fields, users and plugins exist, and the rows.

mod assign;
pub mod engine;
pub mod identity;
pub(crate) mod idle;
pub mod runs;
mod steps;
mod turns;

use chrono::{DateTime, Utc};
use guanxi_core::custom_fields::{FieldEntity, FieldType};
use guanxi_core::workflows::{Definition, MailTo, Recipient, Step, Trigger, VersionStatus};
use guanxi_core::{Action, Error, FieldError, GroupId, Result, Role, UserId, WorkflowId, WorkflowVersionId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit::{self, AuditAction};
use crate::db::{TenantTx, db_err};
use crate::entity::{plugin, user, workflow, workflow_timers, workflow_version};

pub use engine::{Advance, ClaimedRun, Outbound, OutboundRequest};
pub use runs::{Run, RunFilter, RunPage, RunStep};

/// Most workflows a company may have (archived ones not counted).
pub const MAX_WORKFLOWS: u64 = 100;

/// Built-in customer fields a condition may read.
pub const READABLE_FIELDS: &[&str] = &[
    "id",
    "number",
    "name",
    "company",
    "title",
    "phone",
    "phones",
    "email",
    "address",
    "gender",
    "birthday",
    "status",
    "industry",
    "source",
    "grade",
    "tags",
    "ownerId",
    "ownerName",
    "lastContactAt",
    "nextVisitAt",
    "createdAt",
    "updatedAt",
    "locked",
    "ownedSince",
    "mailOptOut",
    // The ids of the segments (分群) the customer is in, as the acting user
    // sees them, among those the definition compares this field with.
    "segments",
];

/// Built-in customer fields a `set_field` step may set.
pub const SETTABLE_FIELDS: &[&str] = &[
    "name",
    "company",
    "title",
    "email",
    "address",
    "gender",
    "birthday",
    "status",
    "industry",
    "source",
    "grade",
    "tags",
    "lastContactAt",
    "nextVisitAt",
];

/// A workflow's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkflowState {
    /// Its active version starts runs.
    Active,
    /// Nothing starts runs (never published, deactivated, or stopped by
    /// the platform).
    Inactive,
    /// Put away; nothing starts runs and it cannot be edited.
    Archived,
}

impl WorkflowState {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowState::Active => "active",
            WorkflowState::Inactive => "inactive",
            WorkflowState::Archived => "archived",
        }
    }

    fn parse(s: &str) -> WorkflowState {
        match s {
            "active" => WorkflowState::Active,
            "archived" => WorkflowState::Archived,
            _ => WorkflowState::Inactive,
        }
    }
}

/// A workflow as admins see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Workflow {
    /// Id.
    pub id: WorkflowId,
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Its state.
    pub state: WorkflowState,
    /// Who its steps act as.
    pub run_as: UserId,
    /// Whether `run_as` is the company's automation identity.
    pub runs_as_automation: bool,
    /// The group it belongs to (it starts runs for that group's customers
    /// and people only); `None` for a company-wide workflow.
    pub group_id: Option<GroupId>,
    /// Who created it.
    pub created_by: UserId,
    /// The version runs start on, when active.
    pub active_version: Option<Version>,
    /// The draft being edited, if any.
    pub draft: Option<Version>,
    /// Whether it has an inbound webhook secret.
    pub has_webhook_secret: bool,
    /// Why the platform stopped it, if it did.
    pub stopped_reason: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// One version of a workflow's definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    /// Id.
    pub id: WorkflowVersionId,
    /// 1, 2 …
    pub number: i32,
    /// Its status.
    pub status: VersionStatus,
    /// The definition as JSON.
    pub definition: Value,
    /// Who wrote it.
    pub created_by: UserId,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Published.
    pub published_at: Option<DateTime<Utc>>,
}

/// A new workflow.
#[derive(Clone, Debug)]
pub struct NewWorkflow {
    /// Name, 1 to 100 characters.
    pub name: String,
    /// What it is for, at most 500 characters.
    pub description: Option<String>,
    /// The user its steps act as (the creator when absent).
    pub run_as: Option<UserId>,
    /// The group it belongs to; `None` for a company-wide workflow (admins
    /// only). A supervisor's workflow defaults to the one group they
    /// supervise.
    pub group_id: Option<GroupId>,
    /// The first draft's definition.
    pub definition: Value,
}

/// A change to a workflow; `None` leaves a field as it is. A definition
/// replaces the draft (or starts one after the active version).
#[derive(Clone, Debug, Default)]
pub struct WorkflowChange {
    /// New name.
    pub name: Option<String>,
    /// New description (`Some(None)` clears it).
    pub description: Option<Option<String>>,
    /// New acting user.
    pub run_as: Option<UserId>,
    /// New group (`Some(None)`: company-wide, admins only).
    pub group_id: Option<Option<GroupId>>,
    /// New draft definition.
    pub definition: Option<Value>,
}

/// The automation (workflows, outbound webhooks) an actor manages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Manages {
    /// All of it: admins.
    All,
    /// That of these groups: supervisors, where the company allows it.
    Groups(Vec<GroupId>),
}

impl Manages {
    /// Whether what belongs to `group` (`None`: the whole company) is managed.
    pub(crate) fn covers(&self, group: Option<Uuid>) -> bool {
        match self {
            Manages::All => true,
            Manages::Groups(groups) => group.is_some_and(|g| groups.iter().any(|x| x.0 == g)),
        }
    }

    /// The condition on `workflows` that keeps those managed.
    pub(crate) fn condition(&self) -> sea_orm::Condition {
        self.condition_on(workflow::Column::GroupId)
    }

    /// The condition on a table's group column that keeps what is managed.
    pub(crate) fn condition_on(&self, group: impl ColumnTrait) -> sea_orm::Condition {
        match self {
            Manages::All => sea_orm::Condition::all(),
            Manages::Groups(groups) => sea_orm::Condition::all().add(group.is_in(groups.iter().map(|g| g.0))),
        }
    }

    /// The group something new belongs to when none is given: the one
    /// group a supervisor supervises; the whole company for admins.
    pub(crate) fn default_group(&self, given: Option<GroupId>) -> Option<GroupId> {
        match (self, given) {
            (Manages::Groups(groups), None) if groups.len() == 1 => groups.first().copied(),
            (_, g) => g,
        }
    }
}

/// Whether the actor manages workflows at all; `FORBIDDEN` if not.
pub async fn check_manages(tx: &TenantTx) -> Result<()> {
    manages(tx).await.map(|_| ())
}

/// The group new automation of the actor's is to belong to, checked:
/// `group`, or for a supervisor of one group that group when `None`.
/// `FORBIDDEN` for anyone who manages none; `VALIDATION_FAILED` on
/// `groupId` for a group they may not choose.
pub async fn automation_group(tx: &TenantTx, group: Option<GroupId>) -> Result<Option<GroupId>> {
    let m = manages(tx).await?;
    let group = m.default_group(group);
    check_group(tx, group, &m).await?;
    Ok(group)
}

/// What automation the actor manages; `FORBIDDEN` for anyone who manages none.
pub(crate) async fn manages(tx: &TenantTx) -> Result<Manages> {
    let actor = tx.actor()?;
    if actor.can(&Action::ManageSettings) {
        return Ok(Manages::All);
    }
    if actor.role == Role::Supervisor
        && !actor.supervises.is_empty()
        && crate::tenants::settings(tx).await?.supervisors_manage_automation
    {
        return Ok(Manages::Groups(actor.supervises.clone()));
    }
    Err(Error::Forbidden)
}

/// A workflow the actor manages, with what they manage; `NOT_FOUND` for
/// one they do not (another group's reveals nothing, like another
/// company's).
pub(crate) async fn managed(tx: &TenantTx, id: WorkflowId) -> Result<(workflow::Model, Manages)> {
    let m = manages(tx).await?;
    let w = row(tx, id).await?;
    if !m.covers(w.group_id) {
        return Err(Error::NotFound("workflow"));
    }
    Ok((w, m))
}

fn version(m: workflow_version::Model) -> Version {
    Version {
        id: WorkflowVersionId(m.id),
        number: m.number,
        status: VersionStatus::parse(&m.status).unwrap_or(VersionStatus::Archived),
        definition: m.definition,
        created_by: UserId(m.created_by),
        created_at: m.created_at,
        published_at: m.published_at,
    }
}

async fn row(tx: &TenantTx, id: WorkflowId) -> Result<workflow::Model> {
    tx.select::<workflow::Entity>()
        .filter(workflow::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("workflow"))
}

async fn versions_of(tx: &TenantTx, id: WorkflowId) -> Result<Vec<workflow_version::Model>> {
    tx.select::<workflow_version::Entity>()
        .filter(workflow_version::Column::WorkflowId.eq(id.0))
        .order_by_desc(workflow_version::Column::Number)
        .all(tx.conn())
        .await
        .map_err(db_err)
}

/// A workflow as admins see it; `automation` is the automation identity's
/// id (read once for a whole list).
async fn assemble(tx: &TenantTx, m: workflow::Model, automation: Option<UserId>) -> Result<Workflow> {
    let versions = versions_of(tx, WorkflowId(m.id)).await?;
    let active = m.active_version_id.and_then(|a| versions.iter().find(|v| v.id == a)).cloned().map(version);
    let draft = versions.iter().find(|v| v.status == VersionStatus::Draft.as_str()).cloned().map(version);
    Ok(Workflow {
        id: WorkflowId(m.id),
        name: m.name,
        description: m.description,
        state: WorkflowState::parse(&m.state),
        run_as: UserId(m.run_as),
        runs_as_automation: automation == Some(UserId(m.run_as)),
        group_id: m.group_id.map(GroupId),
        created_by: UserId(m.created_by),
        active_version: active,
        draft,
        has_webhook_secret: m.webhook_secret_hash.is_some(),
        stopped_reason: m.stopped_reason,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn check_name(name: &str, errors: &mut Vec<FieldError>) -> String {
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "required", "must not be empty"));
    } else if name.chars().count() > guanxi_core::workflows::NAME_MAX_CHARS {
        errors.push(FieldError::new("name", "too_long", "at most 100 characters"));
    }
    name.to_owned()
}

fn check_description(d: Option<&str>, errors: &mut Vec<FieldError>) -> Option<String> {
    let d = d.map(str::trim).filter(|d| !d.is_empty())?;
    if d.chars().count() > 500 {
        errors.push(FieldError::new("description", "too_long", "at most 500 characters"));
    }
    Some(d.to_owned())
}

/// An active user who may act for a workflow: not a maintenance account.
/// Check who a workflow may act as, for what `m` manages: an active
/// user (not the maintenance role) or the automation identity for admins;
/// for a supervisor, themselves or an active salesperson of a group they
/// supervise (never anyone with more rights than theirs).
async fn acting_user(tx: &TenantTx, id: UserId, m: &Manages, field: &str) -> Result<user::Model> {
    let u = crate::users::find(tx, id).await?.filter(|u| u.active && u.role != Role::Maintenance.as_str());
    let Some(u) = u else {
        return Err(Error::Validation(vec![FieldError::new(field, "not_found", "no such active user")]));
    };
    if let Manages::Groups(groups) = m {
        let me = tx.actor()?.user_id;
        let member = u.kind == crate::users::PERSON
            && u.role == Role::Salesperson.as_str()
            && u.group_id.is_some_and(|g| groups.iter().any(|x| x.0 == g));
        if u.id != me.0 && !member {
            return Err(Error::Validation(vec![FieldError::new(
                field,
                "not_allowed",
                "a group's workflow acts as its supervisor or one of the group's salespeople",
            )]));
        }
    }
    Ok(u)
}

/// Check the group automation is to belong to, for what `m` manages.
pub(crate) async fn check_group(tx: &TenantTx, group: Option<GroupId>, m: &Manages) -> Result<()> {
    if let Some(g) = group {
        crate::users::ensure_group_exists(tx, g, "groupId").await?;
    }
    if !m.covers(group.map(|g| g.0)) {
        return Err(Error::Validation(vec![FieldError::new(
            "groupId",
            "not_allowed",
            "choose a group you supervise (company-wide workflows are for admins)",
        )]));
    }
    Ok(())
}

/// Check `raw` fully: its shape (core), then that every field, user and
/// plugin it names exists. What a published workflow may refer to.
pub async fn check_definition(tx: &TenantTx, raw: &Value) -> Result<Definition> {
    let def = Definition::parse(raw).map_err(Error::Validation)?;
    let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
    // Conditions read the record's fields, and what started the run
    // (`trigger.…`: the event's data, the webhook's body), which only a run
    // can know.
    let known = |name: &str| match name.strip_prefix("custom.") {
        Some(key) => fields.get(key).is_some(),
        None => READABLE_FIELDS.contains(&name) || name.starts_with("trigger.") || name.starts_with("grades."),
    };
    let mut errors = Vec::new();
    if let Trigger::Date { field, .. } = &def.trigger {
        let ok = match field.strip_prefix("custom.") {
            Some(key) => fields.get(key).is_some_and(|f| f.field_type() == FieldType::Date),
            None => true,
        };
        if !ok {
            errors.push(FieldError::new("definition.trigger.field", "not_found", "no custom date field of that key"));
        }
    }
    if let Trigger::Event { fields: names, .. } = &def.trigger {
        for (i, f) in names.iter().enumerate() {
            if !known(f) {
                errors.push(FieldError::new(
                    format!("definition.trigger.fields.{i}"),
                    "not_found",
                    format!("no field `{f}`"),
                ));
            }
        }
    }
    let mut conditions = Vec::new();
    if let Some(c) = &def.condition {
        conditions.push(("definition.condition".to_owned(), c));
    }
    let mut users = Vec::new();
    let mut plugins = Vec::new();
    for (path, step) in def.walk() {
        let path = format!("definition.{path}");
        match step {
            Step::If { condition, .. } | Step::Filter { condition } => {
                conditions.push((format!("{path}.condition"), condition));
            }
            Step::SetField { field, .. } => {
                let ok = match field.strip_prefix("custom.") {
                    Some(key) => fields.get(key).is_some(),
                    None => SETTABLE_FIELDS.contains(&field.as_str()),
                };
                if !ok {
                    errors.push(FieldError::new(format!("{path}.field"), "not_found", format!("cannot set `{field}`")));
                }
            }
            Step::ChangeOwner { to } => users.push((format!("{path}.to"), *to)),
            Step::Assign { people, rules, .. } => {
                for (i, m) in people.iter().enumerate() {
                    users.push((format!("{path}.people.{i}.id"), m.id));
                }
                for (r, rule) in rules.iter().enumerate() {
                    conditions.push((format!("{path}.rules.{r}.condition"), &rule.condition));
                    for (i, m) in rule.people.iter().enumerate() {
                        users.push((format!("{path}.rules.{r}.people.{i}.id"), m.id));
                    }
                }
            }
            Step::CreatePlan { assignee: Recipient::User { id }, .. }
            | Step::Notify { to: Recipient::User { id }, .. } => {
                users.push((path.clone(), *id));
            }
            Step::SendMail { to: MailTo::User { id }, .. } => users.push((format!("{path}.to"), *id)),
            Step::Plugin { plugin } => plugins.push((format!("{path}.plugin"), *plugin)),
            Step::ForEach { over, .. } if !known(over) => {
                errors.push(FieldError::new(format!("{path}.over"), "not_found", format!("no field `{over}`")));
            }
            _ => {}
        }
    }
    fn fields_of<'a>(c: &'a guanxi_core::workflows::Condition, out: &mut Vec<&'a str>) {
        use guanxi_core::workflows::Condition as C;
        match c {
            C::All { of } | C::Any { of } => of.iter().for_each(|c| fields_of(c, out)),
            C::Not { condition } => fields_of(condition, out),
            C::Compare { field, .. } | C::Changed { field, .. } => out.push(field),
        }
    }
    /// The values `segments` is compared with.
    fn segments_of<'a>(c: &'a guanxi_core::workflows::Condition, out: &mut Vec<&'a serde_json::Value>) {
        use guanxi_core::workflows::Condition as C;
        match c {
            C::All { of } | C::Any { of } => of.iter().for_each(|c| segments_of(c, out)),
            C::Not { condition } => segments_of(condition, out),
            C::Compare { field, value, .. } if field == "segments" => match value {
                serde_json::Value::Array(a) => out.extend(a.iter()),
                v => out.push(v),
            },
            C::Compare { .. } | C::Changed { .. } => {}
        }
    }
    for (path, c) in conditions {
        let mut names = Vec::new();
        fields_of(c, &mut names);
        for n in names {
            if !known(n) {
                errors.push(FieldError::new(path.clone(), "not_found", format!("no field `{n}`")));
            }
        }
        // A segment named by id: a lifecycle stage's, or a saved one the
        // author sees.
        let mut values = Vec::new();
        segments_of(c, &mut values);
        for v in values {
            let id = v.as_str().and_then(|s| s.parse::<uuid::Uuid>().ok());
            let found = match id {
                Some(id) if guanxi_core::customer::LifecycleStage::of_segment(id).is_some() => true,
                Some(id) => match crate::segments::get(tx, guanxi_core::SegmentId(id)).await {
                    Ok(_) => true,
                    Err(Error::NotFound(_) | Error::Forbidden) => false,
                    Err(e) => return Err(e),
                },
                None => false,
            };
            if !found {
                errors.push(FieldError::new(path.clone(), "not_found", format!("no segment {v} among yours")));
            }
        }
    }
    for (path, id) in users {
        let ok = crate::users::find(tx, UserId(id)).await?.is_some_and(|u| u.active && u.kind == crate::users::PERSON);
        if !ok {
            errors.push(FieldError::new(path, "not_found", "no such active user"));
        }
    }
    for (path, id) in plugins {
        let p = tx.select::<plugin::Entity>().filter(plugin::Column::Id.eq(id)).one(tx.conn()).await.map_err(db_err)?;
        let offers = match p.as_ref().and_then(|p| p.current_version_id.filter(|_| p.enabled)) {
            Some(v) => crate::plugins::version_of(tx, guanxi_core::PluginVersionId(v))
                .await?
                .manifest
                .offers("workflow.action"),
            None => false,
        };
        if !offers {
            errors.push(FieldError::new(path, "not_found", "no enabled plugin offering workflow.action"));
        }
    }
    if errors.is_empty() { Ok(def) } else { Err(Error::Validation(errors)) }
}

/// The workflows the actor manages (every one for admins, their groups'
/// for supervisors where allowed), archived ones last.
pub async fn list(tx: &TenantTx) -> Result<Vec<Workflow>> {
    let m = manages(tx).await?;
    let rows = tx
        .select::<workflow::Entity>()
        .filter(m.condition())
        .order_by_asc(workflow::Column::CreatedAt)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let automation = identity::id(tx).await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        out.push(assemble(tx, m, automation).await?);
    }
    out.sort_by_key(|w| w.state == WorkflowState::Archived);
    Ok(out)
}

/// One workflow the actor manages.
pub async fn get(tx: &TenantTx, id: WorkflowId) -> Result<Workflow> {
    let m = managed(tx, id).await?.0;
    assemble(tx, m, identity::id(tx).await?).await
}

/// Every version of a workflow the actor manages, newest first.
pub async fn versions(tx: &TenantTx, id: WorkflowId) -> Result<Vec<Version>> {
    managed(tx, id).await?;
    Ok(versions_of(tx, id).await?.into_iter().map(version).collect())
}

/// Create a workflow with its first draft. It starts nothing until it is
/// published. Admins, and supervisors for their groups where allowed.
pub async fn create(tx: &TenantTx, new: NewWorkflow) -> Result<Workflow> {
    let m = manages(tx).await?;
    let me = tx.actor()?.user_id;
    let mut errors = Vec::new();
    let name = check_name(&new.name, &mut errors);
    let description = check_description(new.description.as_deref(), &mut errors);
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let group = m.default_group(new.group_id);
    check_group(tx, group, &m).await?;
    let run_as = new.run_as.unwrap_or(me);
    acting_user(tx, run_as, &m, "runAsId").await?;
    check_definition(tx, &new.definition).await?;
    let count = tx
        .select::<workflow::Entity>()
        .filter(workflow::Column::State.ne(WorkflowState::Archived.as_str()))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    if count >= MAX_WORKFLOWS {
        return Err(Error::Conflict(FieldError::new(
            "name",
            "too_many",
            format!("a company may have at most {MAX_WORKFLOWS} workflows"),
        )));
    }
    let id = WorkflowId::new();
    tx.insert(workflow::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(id.0),
        name: Set(name.clone()),
        description: Set(description),
        created_by: Set(me.0),
        run_as: Set(run_as.0),
        state: Set(WorkflowState::Inactive.as_str().to_owned()),
        active_version_id: Set(None),
        trigger_kind: Set(None),
        trigger_event: Set(None),
        webhook_secret_hash: Set(None),
        window_start: Set(None),
        window_runs: Set(0),
        stopped_reason: Set(None),
        group_id: Set(group.map(|g| g.0)),
        created_at: Set(tx.now),
        updated_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    insert_draft(tx, id, 1, new.definition).await?;
    audit::record(tx, AuditAction::WorkflowCreate, "workflow", Some(id.0), json!({ "name": name })).await?;
    get(tx, id).await
}

async fn insert_draft(tx: &TenantTx, id: WorkflowId, number: i32, definition: Value) -> Result<()> {
    tx.insert(workflow_version::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(WorkflowVersionId::new().0),
        workflow_id: Set(id.0),
        number: Set(number),
        status: Set(VersionStatus::Draft.as_str().to_owned()),
        definition: Set(definition),
        created_by: Set(tx.actor()?.user_id.0),
        created_at: Set(tx.now),
        published_at: Set(None),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Change a workflow's name, description, acting user or draft. A new
/// definition replaces the draft, or starts a new one numbered after the
/// last version: a published version never changes. A supervisor's change
/// leaves the workflow acting as someone they may choose.
pub async fn update(tx: &TenantTx, id: WorkflowId, change: WorkflowChange) -> Result<Workflow> {
    let (m, manages) = managed(tx, id).await?;
    if m.state == WorkflowState::Archived.as_str() {
        return Err(Error::Conflict(FieldError::new("id", "archived", "an archived workflow cannot be changed")));
    }
    let mut errors = Vec::new();
    let name = change.name.as_deref().map(|n| check_name(n, &mut errors));
    let description = change.description.as_ref().map(|d| check_description(d.as_deref(), &mut errors));
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    if let Some(g) = change.group_id {
        check_group(tx, g, &manages).await?;
    }
    // Whoever edits a workflow must be allowed to choose who it acts as:
    // a supervisor editing a workflow an admin set to act as someone
    // with more rights must choose again.
    acting_user(tx, change.run_as.unwrap_or(UserId(m.run_as)), &manages, "runAsId").await?;
    let mut q = tx
        .update_many::<workflow::Entity>()
        .col_expr(workflow::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow::Column::Id.eq(id.0));
    if let Some(n) = &name {
        q = q.col_expr(workflow::Column::Name, Expr::value(n.clone()));
    }
    if let Some(d) = description {
        q = q.col_expr(workflow::Column::Description, Expr::value(d));
    }
    if let Some(u) = change.run_as {
        q = q.col_expr(workflow::Column::RunAs, Expr::value(u.0));
    }
    if let Some(g) = change.group_id {
        q = q.col_expr(workflow::Column::GroupId, Expr::value(g.map(|g| g.0)));
    }
    q.exec(tx.conn()).await.map_err(db_err)?;
    if let Some(def) = change.definition {
        check_definition(tx, &def).await?;
        let versions = versions_of(tx, id).await?;
        match versions.iter().find(|v| v.status == VersionStatus::Draft.as_str()) {
            Some(d) => {
                tx.update_many::<workflow_version::Entity>()
                    .col_expr(workflow_version::Column::Definition, Expr::value(def))
                    .col_expr(workflow_version::Column::CreatedBy, Expr::value(tx.actor()?.user_id.0))
                    .filter(workflow_version::Column::Id.eq(d.id))
                    .exec(tx.conn())
                    .await
                    .map_err(db_err)?;
            }
            None => {
                let next = versions.first().map_or(1, |v| v.number + 1);
                insert_draft(tx, id, next, def).await?;
            }
        }
    }
    audit::record(tx, AuditAction::WorkflowUpdate, "workflow", Some(id.0), json!({ "name": name })).await?;
    get(tx, id).await
}

fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn new_secret() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("gxw_{}", hex::encode(bytes))
}

/// What publishing did.
#[derive(Clone, Debug)]
pub struct Published {
    /// The workflow after it.
    pub workflow: Workflow,
    /// The inbound webhook's secret, when this publication created one (a
    /// webhook trigger's first publication): shown once.
    pub webhook_secret: Option<String>,
}

/// Publish the draft: it is checked again (what it names may have gone
/// since it was saved), becomes the active version, and the version active
/// before is deactivated (its runs in flight finish on it). A workflow with
/// no draft but a deactivated version activates that version again.
/// Who may publish is who may edit (see [`update`]).
pub async fn publish(tx: &TenantTx, id: WorkflowId) -> Result<Published> {
    let (m, manages) = managed(tx, id).await?;
    if m.state == WorkflowState::Archived.as_str() {
        return Err(Error::Conflict(FieldError::new("id", "archived", "an archived workflow cannot be published")));
    }
    acting_user(tx, UserId(m.run_as), &manages, "runAsId").await?;
    let versions = versions_of(tx, id).await?;
    let chosen = versions
        .iter()
        .find(|v| v.status == VersionStatus::Draft.as_str())
        .or_else(|| m.active_version_id.and_then(|a| versions.iter().find(|v| v.id == a)))
        .or_else(|| versions.iter().find(|v| v.status == VersionStatus::Deactivated.as_str()))
        .cloned()
        .ok_or_else(|| Error::Conflict(FieldError::new("id", "no_draft", "there is nothing to publish")))?;
    let def = check_definition(tx, &chosen.definition).await?;
    tx.update_many::<workflow_version::Entity>()
        .col_expr(workflow_version::Column::Status, Expr::value(VersionStatus::Deactivated.as_str()))
        .filter(workflow_version::Column::WorkflowId.eq(id.0))
        .filter(workflow_version::Column::Status.eq(VersionStatus::Active.as_str()))
        .filter(workflow_version::Column::Id.ne(chosen.id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.update_many::<workflow_version::Entity>()
        .col_expr(workflow_version::Column::Status, Expr::value(VersionStatus::Active.as_str()))
        .col_expr(workflow_version::Column::PublishedAt, Expr::value(Some(chosen.published_at.unwrap_or(tx.now))))
        .filter(workflow_version::Column::Id.eq(chosen.id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let mut secret = None;
    let mut q = tx
        .update_many::<workflow::Entity>()
        .col_expr(workflow::Column::State, Expr::value(WorkflowState::Active.as_str()))
        .col_expr(workflow::Column::ActiveVersionId, Expr::value(Some(chosen.id)))
        .col_expr(workflow::Column::TriggerKind, Expr::value(Some(def.trigger.kind())))
        .col_expr(
            workflow::Column::TriggerEvent,
            Expr::value(match &def.trigger {
                Trigger::Event { event, .. } => Some(event.clone()),
                _ => None,
            }),
        )
        .col_expr(workflow::Column::StoppedReason, Expr::value(Option::<String>::None))
        .col_expr(workflow::Column::WindowRuns, Expr::value(0))
        .col_expr(workflow::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow::Column::Id.eq(id.0));
    if matches!(def.trigger, Trigger::Webhook) && m.webhook_secret_hash.is_none() {
        let s = new_secret();
        q = q.col_expr(workflow::Column::WebhookSecretHash, Expr::value(Some(secret_hash(&s))));
        secret = Some(s);
    }
    q.exec(tx.conn()).await.map_err(db_err)?;
    set_timer(tx, id, &def, tx.now).await?;
    audit::record(
        tx,
        AuditAction::WorkflowPublish,
        "workflow",
        Some(id.0),
        json!({ "version": chosen.number, "trigger": def.trigger.kind() }),
    )
    .await?;
    Ok(Published { workflow: get(tx, id).await?, webhook_secret: secret })
}

/// After a restore replaced the company's workflows: none starts runs
/// until an admin publishes it again (automation that acts on restored
/// data should be a decision, not a surprise), and no timer of a replaced
/// workflow is left behind.
pub(crate) async fn after_restore(tx: &TenantTx) -> Result<()> {
    tx.update_many::<workflow_version::Entity>()
        .col_expr(workflow_version::Column::Status, Expr::value(VersionStatus::Deactivated.as_str()))
        .filter(workflow_version::Column::Status.eq(VersionStatus::Active.as_str()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.update_many::<workflow::Entity>()
        .col_expr(workflow::Column::State, Expr::value(WorkflowState::Inactive.as_str()))
        .col_expr(workflow::Column::TriggerKind, Expr::value(Option::<String>::None))
        .col_expr(workflow::Column::TriggerEvent, Expr::value(Option::<String>::None))
        .col_expr(workflow::Column::StoppedReason, Expr::value(Some("restored from a backup: publish it again")))
        .filter(workflow::Column::State.eq(WorkflowState::Active.as_str()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    workflow_timers::Entity::delete_many()
        .filter(workflow_timers::Column::TenantId.eq(tx.tenant_id().0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Keep the workflow's row in `workflow_timers` in step with its trigger:
/// the next time a schedule or date trigger is due after `after`, or none.
pub(crate) async fn set_timer(tx: &TenantTx, id: WorkflowId, def: &Definition, after: DateTime<Utc>) -> Result<()> {
    let next = match &def.trigger {
        Trigger::Schedule { cron } => {
            guanxi_core::workflows::next_fire(cron, crate::tenants::tenant_tz(tx).await?, after)
        }
        Trigger::Date { .. } | Trigger::Idle { .. } | Trigger::Holiday { .. } => {
            Some(runs::next_daily(def, crate::tenants::tenant_tz(tx).await?, after))
        }
        _ => None,
    };
    workflow_timers::Entity::delete_many()
        .filter(workflow_timers::Column::WorkflowId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if let Some(next) = next {
        workflow_timers::Entity::insert(workflow_timers::ActiveModel {
            workflow_id: Set(id.0),
            tenant_id: Set(tx.tenant_id().0),
            next_fire_at: Set(next),
        })
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

async fn stop_starting(tx: &TenantTx, id: WorkflowId, state: WorkflowState, reason: Option<String>) -> Result<()> {
    let versions_to =
        if state == WorkflowState::Archived { VersionStatus::Archived } else { VersionStatus::Deactivated };
    let mut q = tx
        .update_many::<workflow_version::Entity>()
        .col_expr(workflow_version::Column::Status, Expr::value(versions_to.as_str()))
        .filter(workflow_version::Column::WorkflowId.eq(id.0));
    q = if state == WorkflowState::Archived {
        q
    } else {
        q.filter(workflow_version::Column::Status.eq(VersionStatus::Active.as_str()))
    };
    q.exec(tx.conn()).await.map_err(db_err)?;
    tx.update_many::<workflow::Entity>()
        .col_expr(workflow::Column::State, Expr::value(state.as_str()))
        .col_expr(workflow::Column::TriggerKind, Expr::value(Option::<String>::None))
        .col_expr(workflow::Column::TriggerEvent, Expr::value(Option::<String>::None))
        .col_expr(workflow::Column::StoppedReason, Expr::value(reason))
        .col_expr(workflow::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    workflow_timers::Entity::delete_many()
        .filter(workflow_timers::Column::WorkflowId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Stop starting runs: the active version is deactivated (runs in flight
/// finish on it). [`publish`] starts it again.
pub async fn deactivate(tx: &TenantTx, id: WorkflowId) -> Result<Workflow> {
    let (m, _) = managed(tx, id).await?;
    if m.state == WorkflowState::Archived.as_str() {
        return Err(Error::Conflict(FieldError::new("id", "archived", "the workflow is archived")));
    }
    stop_starting(tx, id, WorkflowState::Inactive, None).await?;
    audit::record(tx, AuditAction::WorkflowDeactivate, "workflow", Some(id.0), json!({})).await?;
    get(tx, id).await
}

/// Archive a workflow: it starts nothing and cannot be edited; its runs
/// and versions stay readable.
pub async fn archive(tx: &TenantTx, id: WorkflowId) -> Result<Workflow> {
    managed(tx, id).await?;
    stop_starting(tx, id, WorkflowState::Archived, None).await?;
    audit::record(tx, AuditAction::WorkflowArchive, "workflow", Some(id.0), json!({})).await?;
    get(tx, id).await
}

/// A new inbound webhook secret (the old one stops working), shown once.
pub async fn rotate_webhook_secret(tx: &TenantTx, id: WorkflowId) -> Result<String> {
    managed(tx, id).await?;
    let s = new_secret();
    tx.update_many::<workflow::Entity>()
        .col_expr(workflow::Column::WebhookSecretHash, Expr::value(Some(secret_hash(&s))))
        .col_expr(workflow::Column::UpdatedAt, Expr::value(tx.now))
        .filter(workflow::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::WorkflowRotateSecret, "workflow", Some(id.0), json!({})).await?;
    Ok(s)
}

/// The secret a workflow's `http` steps sign with.
pub async fn signing_secret(tx: &TenantTx, id: WorkflowId) -> Result<String> {
    managed(tx, id).await?;
    Ok(engine::signing_secret(&tx.cfg.webhooks.key.key().await?, tx.tenant_id(), id.0))
}

/// Whether `secret` is the workflow's inbound webhook secret. Hashes are
/// compared in constant time, so the time taken says nothing about the
/// stored one.
pub(crate) fn secret_matches(m: &workflow::Model, secret: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    let Some(stored) = &m.webhook_secret_hash else { return false };
    bool::from(stored.as_bytes().ct_eq(secret_hash(secret).as_bytes()))
}
