//! Guanxi's public GraphQL API: one schema, split by domain. The web UI and
//! every integration use only this.
//!
//! Resolvers return [`ApiResult`], whose error type can only be built from the
//! domain [`guanxi_core::Error`]; so every error a client sees carries an
//! `extensions.code` from the one error-code table.

// The merged root objects nest one level per domain in the compiler's
// layout queries.
#![recursion_limit = "256"]

mod account;
mod admin;
mod analytics;
mod backups;
mod billing;
mod board;
mod bulk_edit;
mod context;
mod conversations;
mod custom_fields;
mod customers;
mod duplicates;
mod entitlements;
mod error;
mod exports;
mod fast;
mod grading;
mod groups;
mod imports;
mod invitations;
mod jobs;
mod limits;
mod merges;
mod notifications;
mod pagination;
mod photos;
mod pipeline;
mod plugins;
mod pool;
mod search;
mod segments;
mod settings;
mod suggestions;
mod tags;
mod team;
mod types;
mod users;
mod webhooks;
mod work_plans;
mod workflows;

use async_graphql::{EmptySubscription, MergedObject, Schema};

pub use billing::BillingHandle;
pub use context::{Auth, RequestContext, SessionCookie};
pub use error::{ApiError, ApiResult, REQUEST_ID};
pub use limits::{MAX_COMPLEXITY, MAX_DEPTH, MAX_NESTING, MAX_TEXT_NESTING, check_text};
pub use pipeline::ExecutionStarted;
pub use search::SearchHandle;

/// Every query, merged from the domains.
#[derive(MergedObject, Default)]
pub struct Query(
    account::AccountQuery,
    users::UserQuery,
    groups::GroupQuery,
    invitations::InvitationQuery,
    admin::AdminQuery,
    backups::BackupQuery,
    billing::BillingQuery,
    settings::SettingsQuery,
    work_plans::PlanQuery,
    jobs::JobQuery,
    board::BoardQuery,
    suggestions::SuggestionQuery,
    customers::CustomerQuery,
    custom_fields::CustomFieldQuery,
    grading::GradingQuery,
    plugins::PluginQuery,
    imports::ImportQuery,
    conversations::ConversationQuery,
    pool::PoolQuery,
    team::TeamQuery,
    search::SearchQueryRoot,
    entitlements::EntitlementQuery,
    analytics::AnalyticsQuery,
    webhooks::WebhookQuery,
    notifications::NotificationQuery,
    workflows::WorkflowQuery,
    segments::SegmentQuery,
    tags::TagQuery,
    duplicates::DuplicateQuery,
    merges::MergeQuery,
);

/// Every mutation, merged from the domains.
#[derive(MergedObject, Default)]
pub struct Mutation(
    account::AccountMutation,
    users::UserMutation,
    groups::GroupMutation,
    invitations::InvitationMutation,
    admin::AdminMutation,
    backups::BackupMutation,
    billing::BillingMutation,
    settings::SettingsMutation,
    work_plans::PlanMutation,
    jobs::JobMutation,
    board::BoardMutation,
    suggestions::SuggestionMutation,
    customers::CustomerMutation,
    imports::ImportMutation,
    exports::ExportMutation,
    photos::PhotoMutation,
    custom_fields::CustomFieldMutation,
    plugins::PluginMutation,
    grading::GradingMutation,
    conversations::ConversationMutation,
    pool::PoolMutation,
    team::TeamMutation,
    webhooks::WebhookMutation,
    notifications::NotificationMutation,
    workflows::WorkflowMutation,
    segments::SegmentMutation,
    bulk_edit::BulkEditMutation,
    duplicates::DuplicateMutation,
    tags::TagMutation,
    merges::MergeMutation,
);

/// The executable schema type.
pub type GuanxiSchema = Schema<Query, Mutation, EmptySubscription>;

/// Build the schema with its cost limits. They are checked by our own step
/// before validation (see `limits`), not by async-graphql's depth and
/// complexity limits, which run only after validation has walked the
/// document with every fragment expanded.
pub fn schema() -> GuanxiSchema {
    schema_with_search(None)
}

/// [`schema`] whose searches use `engine` (`search`, and the search term of
/// the customer list and the pool); `None`: no engine, lists search with
/// the database's `LIKE` and `search` is `UNAVAILABLE`.
pub fn schema_with_search(engine: Option<std::sync::Arc<dyn guanxi_search::SearchEngine>>) -> GuanxiSchema {
    schema_with(engine, None)
}

/// [`schema_with_search`] whose billing goes through `billing` (`None`: the
/// local provider with the default lifecycle).
pub fn schema_with(
    engine: Option<std::sync::Arc<dyn guanxi_search::SearchEngine>>,
    billing: Option<std::sync::Arc<guanxi_billing::Billing>>,
) -> GuanxiSchema {
    let mut b = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .extension(pipeline::Pipeline)
        .limit_recursive_depth(MAX_NESTING);
    if let Some(e) = engine {
        b = b.data(SearchHandle(e));
    }
    if let Some(billing) = billing {
        b = b.data(BillingHandle(billing));
    }
    b.finish()
}

/// The schema in SDL, as committed in `schema/graphql/schema.graphql`.
pub fn sdl() -> String {
    schema().sdl()
}
