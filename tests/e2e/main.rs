//! End-to-end tests: the real server over HTTP, on PostgreSQL and SQLite.

#![expect(clippy::unwrap_used, reason = "tests")]

mod api_keys;
mod auth;
mod board;
mod conversations;
mod customers;
mod http;
mod invitations;
mod isolation;
mod jobs;
mod plans;
mod pool;
mod rls;
mod roles;
mod schema;
mod settings;
mod suggestions;
mod team;
