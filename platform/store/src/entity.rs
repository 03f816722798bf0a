//! sea-orm entities, one module per table. Tables themselves are defined by
//! the `guanxi-migration` crate; these mirror them column for column.

pub mod api_key;
pub mod audit_log;
pub mod auth_throttle;
pub mod board_post;
pub mod board_reply;
pub mod conversation;
pub mod custom_field;
pub mod custom_field_unique;
pub mod customer;
pub mod customer_counter;
pub mod customer_grade;
pub mod customer_history;
pub mod deal;
pub mod download;
pub mod grading_model;
pub mod group;
pub mod group_supervisor;
pub mod import;
pub mod import_issue;
pub mod invitation;
pub mod job;
pub mod job_queue;
pub mod mail_outbox;
pub mod pool_claim;
pub mod session;
pub mod suggestion;
pub mod suggestion_reply;
pub mod tenant;
pub mod tenant_slug;
pub mod user;
pub mod work_plan;
