//! Guanxi's domain core: identifiers, roles and the authorization table, the
//! error-code table and the newtypes that input is parsed into at the edge.
//!
//! This crate performs no I/O; everything here is plain data and pure rules so
//! that it can be tested as tables and shared by every layer above it.

pub mod analytics;
pub mod billing;
pub mod conversation;
pub mod custom_fields;
pub mod customer;
pub mod customer_fields;
pub mod deal;
pub mod error;
pub mod events;
pub mod grading;
pub mod holidays;
pub mod ids;
pub mod input;
pub mod messages;
pub mod notifications;
pub mod numbering;
pub mod phone;
pub mod plugin_limits;
pub mod pool;
pub mod roles;
pub mod settings;
pub mod subscription;
mod text;
pub mod time_window;
pub mod webhooks;
pub mod work_plans;
pub mod workflow_templates;
pub mod workflows;

pub use error::{Error, ErrorCode, FieldError, Result};
pub use events::DomainEvent;
pub use ids::{
    ApiKeyId, BoardPostId, BoardReplyId, ConversationId, CustomFieldId, CustomerId, DealId, GradingModelId, GroupId,
    ImportId, InvitationId, JobId, PluginAttachmentId, PluginId, PluginVersionId, SegmentId, SessionId, SuggestionId,
    SuggestionReplyId, TagId, TenantId, UserId, WebhookDeliveryId, WebhookId, WorkPlanId, WorkflowId, WorkflowRunId,
    WorkflowVersionId,
};
pub use roles::{Action, Actor, PlanRef, Role, UserRef};
