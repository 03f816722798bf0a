//! Guanxi's domain core: identifiers, roles and the authorization table, the
//! error-code table and the newtypes that input is parsed into at the edge.
//!
//! This crate performs no I/O; everything here is plain data and pure rules so
//! that it can be tested as tables and shared by every layer above it.

pub mod customer;
pub mod error;
pub mod ids;
pub mod input;
pub mod roles;
pub mod settings;

pub use error::{Error, ErrorCode, FieldError, Result};
pub use ids::{ApiKeyId, CustomerId, GroupId, InvitationId, SessionId, TenantId, UserId};
pub use roles::{Action, Actor, Role, UserRef};
