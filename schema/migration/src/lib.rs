//! Guanxi's database migrations: the only place that defines tables.
//!
//! Every tenant-owned table carries `tenant_id`, has a primary key led by it
//! (`(tenant_id, id)` for entity tables), and foreign keys that include it, so
//! one tenant's rows can never reference another's and the tables can later be
//! distributed by `tenant_id` (Citus) without a rewrite.
//!
//! On PostgreSQL the migrations also enable and force row-level security on
//! every tenant table, with policies that fail closed when `app.tenant_id` is
//! unset, and create the [`APP_ROLE`] the server runs as: it owns nothing and
//! cannot bypass RLS.

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_tenant_settings;
mod m0003_board;
mod m0004_jobs;
mod m0005_work_plans;
mod m0006_customers;
mod m0007_conversations;
mod m0008_pool;
mod m0009_imports;
mod m0010_downloads;
mod m0011_custom_fields;
mod m0012_deals_grading;
mod m0014_customer_count_index;
mod m0015_plugins;
mod m0016_tenant_plan;
mod m0018_fair_jobs_and_merged_conversations;
mod m0019_suggestion_readers_erasure;
mod m0020_mail_delivery;
mod m0021_backups;
mod m0022_domain_events;
mod m0023_work_plan_overdue;
mod m0024_custom_field_searchable;
mod m0025_entitlement_usage;
mod m0026_billing;
mod m0027_list_indexes;
mod m0028_work_plan_customer;
mod m0029_system_jobs;
mod m0030_customer_origin;
mod m0031_search_removals;
mod m0032_job_error_detail;
mod m0033_webhooks;
mod m0034_notifications;
mod m0035_import_file_chunks;
mod m0036_workflows;
mod m0037_workflow_scope;
mod m0038_workflow_turns;
mod m0039_sales_ops;
mod m0040_conversation_days;
mod m0041_status_facts;
mod m0042_customer_cohorts;
mod m0043_dashboard_indexes;
mod m0044_segments;
mod m0045_tags;
mod m0046_customer_merges;
mod m0047_segment_person;
mod m0048_duplicate_dismissals;
pub mod support;

pub use sea_orm_migration::MigratorTrait;

/// The PostgreSQL role the server's requests run as. It owns no table, is not a
/// superuser and lacks `BYPASSRLS`, so every query it makes is subject to RLS.
pub const APP_ROLE: &str = "guanxi_app";

/// Tables that are deliberately not tenant-owned and carry no row-level
/// security: the slug directory used to find a tenant before login, the
/// per-address login throttle, the job queue and the companies' turns at it
/// (job ids, tenant ids and scheduling only; the jobs themselves are a tenant
/// table), the mail queue (mail ids and scheduling only; the mails are in the
/// tenant table `mail_outbox`), the companies' event sequence counters and the
/// event subscribers' cursors (counters and positions only; the events are the
/// tenant table `domain_events`), the removed companies whose search documents
/// are still to be removed (ids and times only), the webhook delivery queue
/// (delivery ids and scheduling only; the deliveries are the tenant table
/// `webhook_deliveries`) and the migration bookkeeping table.
/// `docs/architecture.md` ("Tables without row-level security") says why each
/// one cannot have it; the schema lint test holds this list, the guide and the
/// database to each other.
pub const GLOBAL_TABLES: &[&str] = &[
    "seaql_migrations",
    "tenant_slugs",
    "auth_throttle",
    "job_queue",
    "job_turns",
    "mail_queue",
    "event_sequences",
    "event_cursors",
    "billing_subscriptions",
    "billing_webhook_events",
    "search_removals",
    "webhook_queue",
    "workflow_queue",
    "workflow_timers",
    "reminder_timers",
    "workflow_turns",
];

/// The root tenant table, keyed by `tenant_id` alone.
pub const ROOT_TABLE: &str = "tenants";

/// The names of every migration, oldest first: the schema versions this
/// build knows (a backup archive names the newest).
pub fn migration_names() -> Vec<String> {
    Migrator::migrations().iter().map(|m| m.name().to_owned()).collect()
}

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_tenant_settings::Migration),
            Box::new(m0003_board::Migration),
            Box::new(m0004_jobs::Migration),
            Box::new(m0005_work_plans::Migration),
            Box::new(m0006_customers::Migration),
            Box::new(m0007_conversations::Migration),
            Box::new(m0008_pool::Migration),
            Box::new(m0014_customer_count_index::Migration),
            Box::new(m0009_imports::Migration),
            Box::new(m0010_downloads::Migration),
            Box::new(m0011_custom_fields::Migration),
            Box::new(m0012_deals_grading::Migration),
            Box::new(m0015_plugins::Migration),
            Box::new(m0016_tenant_plan::Migration),
            Box::new(m0018_fair_jobs_and_merged_conversations::Migration),
            Box::new(m0019_suggestion_readers_erasure::Migration),
            Box::new(m0020_mail_delivery::Migration),
            Box::new(m0021_backups::Migration),
            Box::new(m0022_domain_events::Migration),
            Box::new(m0023_work_plan_overdue::Migration),
            Box::new(m0024_custom_field_searchable::Migration),
            Box::new(m0025_entitlement_usage::Migration),
            Box::new(m0026_billing::Migration),
            Box::new(m0027_list_indexes::Migration),
            Box::new(m0028_work_plan_customer::Migration),
            Box::new(m0029_system_jobs::Migration),
            Box::new(m0030_customer_origin::Migration),
            Box::new(m0031_search_removals::Migration),
            Box::new(m0032_job_error_detail::Migration),
            Box::new(m0033_webhooks::Migration),
            Box::new(m0034_notifications::Migration),
            Box::new(m0035_import_file_chunks::Migration),
            Box::new(m0036_workflows::Migration),
            Box::new(m0037_workflow_scope::Migration),
            Box::new(m0038_workflow_turns::Migration),
            Box::new(m0039_sales_ops::Migration),
            Box::new(m0040_conversation_days::Migration),
            Box::new(m0041_status_facts::Migration),
            Box::new(m0042_customer_cohorts::Migration),
            Box::new(m0043_dashboard_indexes::Migration),
            Box::new(m0044_segments::Migration),
            Box::new(m0045_tags::Migration),
            Box::new(m0046_customer_merges::Migration),
            Box::new(m0047_segment_person::Migration),
            Box::new(m0048_duplicate_dismissals::Migration),
        ]
    }
}
