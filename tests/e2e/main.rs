//! End-to-end tests: the real server over HTTP, on PostgreSQL and SQLite.

#![expect(clippy::unwrap_used, reason = "tests")]

mod aggregate_events;
mod analytics;
mod api_keys;
mod auth;
mod backups;
mod billing;
mod board;
mod conversations;
mod cookie_sessions;
mod custom_fields;
mod customer_events;
mod customers;
mod entitlements;
mod events;
mod exports;
mod grading;
mod http;
mod imports;
mod invitations;
mod isolation;
mod jobs;
mod limits;
mod mail;
mod notifications;
mod photos;
mod plans;
mod plugins;
mod pool;
mod readers;
mod request_path;
mod rls;
mod roles;
mod sales_ops;
mod schema;
mod search;
mod segments;
mod settings;
mod suggestions;
mod team;
mod throttle;
mod web_api;
mod web_serving;
mod webhooks;
mod workflows;
