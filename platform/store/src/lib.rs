//! Guanxi's persistence layer: sea-orm entities, the tenant-scoped
//! transaction [`TenantTx`] and the repositories built on it.
//!
//! Tenant data can only be reached through a [`TenantTx`], and a `TenantTx`
//! can only be made from an authenticated [`Principal`] (or, inside this
//! crate, by the few pre-login flows: sign-up, login, accepting an
//! invitation). On PostgreSQL every such transaction starts with
//! `set_config('app.tenant_id', …, true)`, so row-level security filters
//! every statement as a second wall behind the explicit `tenant_id` filters
//! written in every query here.

pub mod account_mail;
pub mod analytics;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod billing;
pub mod board;
pub mod bulk_edit;
pub mod care;
pub mod conversations;
pub mod custom_fields;
pub mod customers;
mod db;
pub mod deals;
pub mod downloads;
pub mod duplicates;
pub mod entitlements;
pub mod entity;
pub mod events;
pub mod export;
pub mod grading;
pub mod groups;
pub mod import;
pub mod invitations;
pub mod jobs;
pub mod merges;
pub mod notifications;
pub mod outbox;
pub mod pagination;
pub mod plugins;
pub mod reminders;
pub mod search_docs;
mod secrets;
pub mod segments;
pub mod suggestions;
pub mod tags;
pub mod team;
pub mod tenants;
pub mod users;
pub mod webhooks;
pub mod work_plans;
pub mod workflows;

pub use auth::{Credential, IssuedSession, Principal};
pub use db::{
    Access, Backend, RequestMeta, Store, StoreConfig, TenantTx, WriteInReadOnlyTransaction, no_reaper, sqlite_readers,
};
pub use guanxi_core::{Error, Result};
