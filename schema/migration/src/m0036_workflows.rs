//! Workflow automation:
//!
//! - `workflows`: one row per workflow: its name, the user it acts as, its
//!   state, its active version and what the scheduler needs to find it
//!   (the active trigger's type and event), the hash of its inbound webhook secret, and the
//!   counters that stop a runaway workflow.
//! - `workflow_versions`: the definitions, one draft at most per workflow
//!   and the published ones, immutable once published.
//! - `workflow_runs`: one row per run: the version it runs on (always the
//!   one it started on), its status, its position in the version's program,
//!   its record and the change that started it. The unique key
//!   `(tenant_id, workflow_id, dedupe_key)` makes a trigger seen twice
//!   (domain events are delivered at least once; a scheduler pass may run
//!   again) start one run.
//! - `workflow_run_steps`: each step a run executed, with input, output,
//!   error, attempts and times; `(run_id, round, pc, item)` is the step's
//!   idempotency key (a retry from the start is a new round; `item` counts
//!   a `for_each`'s items).
//! - `workflow_queue`: global, the runs due to go on (ids and scheduling
//!   only, like `webhook_queue`): queued runs, runs in a delay and steps
//!   waiting to retry. A waiting run costs one row here and nothing else.
//! - `workflow_timers`: global, when each active schedule or date trigger
//!   is next due (scheduling only).
//! - `domain_events.depth`: how deep in a chain of workflows the change
//!   was made (0 for people and integrations), which bounds loops.

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0036_workflows"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("workflows");
        t.col(col("name").string_len(100).not_null())
            .col(col("description").string_len(500).null())
            .col(col("created_by").uuid().not_null())
            // The user whose rights every step acts with.
            .col(col("run_as").uuid().not_null())
            // `active` (its active version runs), `inactive`, `archived`.
            .col(col("state").string_len(16).not_null())
            .col(col("active_version_id").uuid().null())
            .col(col("trigger_kind").string_len(16).null())
            .col(col("trigger_event").string_len(64).null())
            .col(col("webhook_secret_hash").string_len(64).null())
            // Runs started in the current minute, for the runaway guard.
            .col(col("window_start").timestamp_with_time_zone().null())
            .col(col("window_runs").integer().not_null().default(0))
            .col(col("stopped_reason").string_len(200).null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("workflows"))
            .foreign_key(&mut tenant_fk("workflows", "run_as", "users", ForeignKeyAction::NoAction));
        m.create_table(t.to_owned()).await?;
        // The subscriber looks up active workflows by event type.
        m.create_index(tenant_index("workflows", &["state", "trigger_event"], false)).await?;
        // Global, like the queue: when each active schedule or date trigger
        // is next due, so the scheduler finds them across companies.
        m.create_table(
            Table::create()
                .table(id("workflow_timers"))
                .col(col("workflow_id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("next_fire_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_workflow_timers_next_fire_at")
                .table(id("workflow_timers"))
                .col(id("next_fire_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_workflow_timers_tenant_id")
                .table(id("workflow_timers"))
                .col(id("tenant_id"))
                .to_owned(),
        )
        .await?;

        let mut t = tenant_entity("workflow_versions");
        t.col(col("workflow_id").uuid().not_null())
            .col(col("number").integer().not_null())
            .col(col("status").string_len(16).not_null())
            .col(col("definition").json_binary().not_null())
            .col(col("created_by").uuid().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("published_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_fk("workflow_versions", "workflow_id", "workflows", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("workflow_versions", &["workflow_id", "number"], true)).await?;

        let mut t = tenant_entity("workflow_runs");
        t.col(col("workflow_id").uuid().not_null())
            .col(col("version_id").uuid().not_null())
            .col(col("status").string_len(16).not_null())
            // What started it: `{type, event, seq, …}`.
            .col(col("trigger").json_binary().not_null())
            .col(col("customer_id").uuid().null())
            // The change that started it (fields and values before).
            .col(col("change").json_binary().not_null())
            .col(col("dedupe_key").string_len(200).not_null())
            .col(col("depth").small_integer().not_null())
            .col(col("round").integer().not_null())
            .col(col("pc").integer().not_null())
            // The attempt of the step at `pc`.
            .col(col("attempt").integer().not_null())
            // A `for_each` under way: its list, and the item it is at.
            .col(col("items").json_binary().null())
            .col(col("item").integer().not_null().default(0))
            .col(col("error").text().null())
            .col(col("failed_key").string_len(200).null())
            .col(col("wait_until").timestamp_with_time_zone().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("started_at").timestamp_with_time_zone().null())
            .col(col("finished_at").timestamp_with_time_zone().null())
            .col(col("updated_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_fk("workflow_runs", "workflow_id", "workflows", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("workflow_runs", &["workflow_id", "dedupe_key"], true)).await?;
        m.create_index(tenant_index("workflow_runs", &["workflow_id", "id"], false)).await?;
        m.create_index(tenant_index("workflow_runs", &["status"], false)).await?;

        let mut t = tenant_entity("workflow_run_steps");
        t.col(col("run_id").uuid().not_null())
            .col(col("round").integer().not_null())
            .col(col("pc").integer().not_null())
            // The item of a `for_each` the step ran for (0 outside loops).
            .col(col("item").integer().not_null().default(0))
            .col(col("step_key").string_len(200).not_null())
            .col(col("kind").string_len(32).not_null())
            .col(col("status").string_len(16).not_null())
            .col(col("input").json_binary().null())
            .col(col("output").json_binary().null())
            .col(col("error").text().null())
            .col(col("attempts").integer().not_null())
            .col(col("started_at").timestamp_with_time_zone().not_null())
            .col(col("finished_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_fk("workflow_run_steps", "run_id", "workflow_runs", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("workflow_run_steps", &["run_id", "round", "pc", "item"], true)).await?;

        m.create_table(
            Table::create()
                .table(id("workflow_queue"))
                .col(col("run_id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("run_after").timestamp_with_time_zone().not_null())
                .col(col("locked_until").timestamp_with_time_zone().null())
                .col(col("locked_by").string_len(100).null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_workflow_queue_run_after")
                .table(id("workflow_queue"))
                .col(id("run_after"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_workflow_queue_tenant_id")
                .table(id("workflow_queue"))
                .col(id("tenant_id"))
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(id("domain_events"))
                .add_column(col("depth").small_integer().not_null().default(0))
                .to_owned(),
        )
        .await?;

        let mut stmts = Vec::new();
        for t in ["workflows", "workflow_versions", "workflow_runs", "workflow_run_steps"] {
            stmts.extend(rls_statements(t));
        }
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON workflow_queue TO {APP_ROLE}"));
        stmts.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON workflow_timers TO {APP_ROLE}"));
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(id("domain_events")).drop_column(id("depth")).to_owned()).await?;
        for table in [
            "workflow_timers",
            "workflow_queue",
            "workflow_run_steps",
            "workflow_runs",
            "workflow_versions",
            "workflows",
        ] {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
