//! sea-orm entities, one module per table. Tables themselves are defined by
//! the `guanxi-migration` crate; these mirror them column for column.

pub mod api_key;
pub mod assignment_counter;
pub mod audit_log;
pub mod auth_throttle;
pub mod backup;
pub mod billing_subscription;
pub mod billing_usage_report;
pub mod billing_webhook_event;
pub mod board_post;
pub mod board_reply;
pub mod conversation;
pub mod conversation_day;
pub mod custom_field;
pub mod custom_field_unique;
pub mod customer;
pub mod customer_cohort;
pub mod customer_counter;
pub mod customer_grade;
pub mod customer_history;
pub mod customer_lost_move;
pub mod customer_merge;
pub mod deal;
pub mod domain_event;
pub mod download;
pub mod duplicate_dismissal;
pub mod email_token;
pub mod entitlement_usage;
pub mod grading_model;
pub mod group;
pub mod group_supervisor;
pub mod import;
pub mod import_file_chunk;
pub mod import_issue;
pub mod invitation;
pub mod job;
pub mod job_queue;
pub mod mail_outbox;
pub mod mail_queue;
pub mod merged_customer;
pub mod notification;
pub mod notification_preference;
pub mod plugin;
pub mod plugin_attachment;
pub mod plugin_call;
pub mod plugin_usage;
pub mod plugin_version;
pub mod pool_claim;
pub mod reminder_timers;
pub mod segment;
pub mod session;
pub mod suggestion;
pub mod suggestion_reply;
pub mod tag;
pub mod tenant;
pub mod tenant_slug;
pub mod user;
pub mod webhook_delivery;
pub mod webhook_endpoint;
pub mod webhook_queue;
pub mod work_plan;
pub mod workflow;
pub mod workflow_queue;
pub mod workflow_run;
pub mod workflow_run_step;
pub mod workflow_timers;
pub mod workflow_turns;
pub mod workflow_version;

/// A table whose rows belong to one company, named by its tenant column.
/// [`crate::TenantTx`]'s query builders (`select`, `update_many`,
/// `delete_many`, `insert`) take entities of this kind and add or set the
/// company themselves, so no query of the store can forget the filter.
pub trait TenantEntity: sea_orm::EntityTrait {
    /// The column holding the company's id.
    fn tenant_column() -> Self::Column;
}

/// Implement [`TenantEntity`] for entities whose tenant column is `tenant_id`.
macro_rules! tenant_entities {
    ($($m:ident),* $(,)?) => {
        $(impl TenantEntity for $m::Entity {
            fn tenant_column() -> $m::Column {
                $m::Column::TenantId
            }
        })*
        /// The table names of every tenant entity, for the test that keeps
        /// store code on the scoped builders.
        pub const TENANT_ENTITY_MODULES: &[&str] = &[$(stringify!($m)),*];
    };
}

tenant_entities!(
    api_key,
    assignment_counter,
    audit_log,
    backup,
    billing_usage_report,
    board_post,
    board_reply,
    conversation,
    conversation_day,
    custom_field,
    custom_field_unique,
    customer,
    customer_cohort,
    customer_counter,
    customer_grade,
    customer_history,
    customer_merge,
    customer_lost_move,
    deal,
    domain_event,
    duplicate_dismissal,
    download,
    entitlement_usage,
    email_token,
    grading_model,
    group,
    group_supervisor,
    import,
    import_file_chunk,
    import_issue,
    invitation,
    job,
    mail_outbox,
    merged_customer,
    notification,
    notification_preference,
    plugin,
    plugin_attachment,
    plugin_call,
    plugin_usage,
    plugin_version,
    pool_claim,
    segment,
    session,
    suggestion,
    suggestion_reply,
    tag,
    tenant,
    user,
    webhook_delivery,
    webhook_endpoint,
    work_plan,
    workflow,
    workflow_run,
    workflow_run_step,
    workflow_version,
);
