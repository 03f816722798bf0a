//! The one error-code table. Every error a client can see carries one of these
//! codes (GraphQL `extensions.code`, CLI exit messages, webhooks); each code has
//! a category and the HTTP status a plain HTTP endpoint answers with.

use std::fmt;

use serde::Serialize;

/// Broad class of an error, for clients that only branch on kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// The request itself is malformed or invalid.
    InvalidRequest,
    /// Who is asking, or what they may do.
    Auth,
    /// The target does not exist (or is not visible to the caller).
    NotFound,
    /// The request conflicts with the current state.
    Conflict,
    /// Too many requests or attempts.
    RateLimit,
    /// A tenant-supplied plugin failed (it trapped, ran out of a limit or
    /// answered nonsense); the tenant's plugin is at fault, not the request.
    Plugin,
    /// Our fault; details are logged, never returned.
    Internal,
}

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, $cat:ident, $status:literal; )*) => {
        /// Machine-readable error codes. The string form is part of the public API.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The stable machine name, e.g. `UNAUTHENTICATED`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $name,)* }
            }

            /// The broad category.
            pub fn category(self) -> Category {
                match self { $(ErrorCode::$variant => Category::$cat,)* }
            }

            /// The HTTP status a plain HTTP endpoint answers with.
            pub fn http_status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }
        }
    };
}

error_codes! {
    /// The request could not be parsed or is not a valid operation.
    BadRequest => "BAD_REQUEST", InvalidRequest, 400;
    /// One or more input fields are invalid; `extensions.fields` lists them.
    ValidationFailed => "VALIDATION_FAILED", InvalidRequest, 422;
    /// The query is deeper or more complex than the server allows.
    QueryTooComplex => "QUERY_TOO_COMPLEX", InvalidRequest, 400;
    /// The request body is larger than the server accepts.
    PayloadTooLarge => "PAYLOAD_TOO_LARGE", InvalidRequest, 413;
    /// The request body's `Content-Type` is not one the endpoint reads.
    UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE", InvalidRequest, 415;
    /// The HTTP method cannot do this (a mutation sent with GET).
    MethodNotAllowed => "METHOD_NOT_ALLOWED", InvalidRequest, 405;
    /// No valid credentials were presented, or they expired or were revoked.
    Unauthenticated => "UNAUTHENTICATED", Auth, 401;
    /// The caller is known but may not do this.
    Forbidden => "FORBIDDEN", Auth, 403;
    /// A request authenticated by the session cookie lacked the `X-CSRF-Token` header matching the
    /// `gx_csrf` cookie; nothing ran.
    CsrfTokenInvalid => "CSRF_TOKEN_INVALID", Auth, 403;
    /// The target does not exist or the caller cannot see it.
    NotFound => "NOT_FOUND", NotFound, 404;
    /// The request conflicts with existing data (a taken slug or e-mail …).
    Conflict => "CONFLICT", Conflict, 409;
    /// Too many attempts from this address; retry later.
    RateLimited => "RATE_LIMITED", RateLimit, 429;
    /// Too many failed logins for this account; it is locked for a while.
    AccountLocked => "ACCOUNT_LOCKED", RateLimit, 429;
    /// Something failed on our side; `extensions.requestId` identifies the log entry.
    Internal => "INTERNAL", Internal, 500;
    /// A dependency (the database) is not available right now.
    Unavailable => "UNAVAILABLE", Internal, 503;
    /// A plugin's call failed; `extensions.reason` names how (`fuel_exhausted`, `trap` …).
    PluginFailed => "PLUGIN_FAILED", Plugin, 422;
    /// A limit the company set is reached (claims from the public pool per day, customers held
    /// …); `extensions.limit` names it, `extensions.max` gives its value.
    LimitReached => "LIMIT_REACHED", Conflict, 409;
    /// The company's subscription is read-only (unpaid past its grace period, or canceled): every
    /// write but billing, exports and backups is refused until it is paid; reads keep working.
    /// `extensions.state` gives the state (`read_only` or `canceled`).
    SubscriptionReadOnly => "SUBSCRIPTION_READ_ONLY", Conflict, 402;
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One invalid input field: a dotted path (`input.email`) and a reason code
/// with a human message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Path of the field in the input, e.g. `email` or `input.slug`.
    pub field: String,
    /// Stable reason, e.g. `too_short`, `invalid`, `reserved`, `taken`.
    pub reason: &'static str,
    /// Human-readable explanation (English).
    pub message: String,
}

impl FieldError {
    /// Build a field error.
    pub fn new(field: impl Into<String>, reason: &'static str, message: impl Into<String>) -> Self {
        Self { field: field.into(), reason, message: message.into() }
    }
}

/// The error type shared by every layer. Each variant maps to exactly one
/// [`ErrorCode`]; internal causes are kept for the log and never shown.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// See [`ErrorCode::Unauthenticated`].
    #[error("authentication required")]
    Unauthenticated,
    /// See [`ErrorCode::Forbidden`].
    #[error("you are not allowed to do this")]
    Forbidden,
    /// See [`ErrorCode::NotFound`].
    #[error("{0} not found")]
    NotFound(&'static str),
    /// See [`ErrorCode::ValidationFailed`].
    #[error("invalid input: {}", .0.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; "))]
    Validation(Vec<FieldError>),
    /// See [`ErrorCode::Conflict`].
    #[error("conflict: {}", .0.message)]
    Conflict(FieldError),
    /// See [`ErrorCode::RateLimited`].
    #[error("too many attempts, retry in {retry_after_secs} s")]
    RateLimited {
        /// Seconds until a new attempt may succeed.
        retry_after_secs: i64,
    },
    /// See [`ErrorCode::AccountLocked`].
    #[error("account temporarily locked, retry in {retry_after_secs} s")]
    AccountLocked {
        /// Seconds until the lock lifts.
        retry_after_secs: i64,
    },
    /// See [`ErrorCode::Unavailable`].
    #[error("service unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// See [`ErrorCode::PluginFailed`].
    #[error("plugin failed ({reason}): {message}")]
    PluginFailed {
        /// Stable reason, e.g. `fuel_exhausted`, `deadline`, `trap`, `invalid_output`.
        reason: &'static str,
        /// What happened, for the tenant's developers (never host internals).
        message: String,
    },
    /// See [`ErrorCode::LimitReached`].
    #[error("{message}")]
    LimitReached {
        /// The limit, by the API name of its setting, e.g. `pool.claimsPerDay`.
        limit: &'static str,
        /// The limit's value.
        max: u32,
        /// Seconds until the limit no longer stands in the way, when that is
        /// a matter of time (a daily cap, a cooldown).
        retry_after_secs: Option<i64>,
        /// What happened, for people (English).
        message: String,
    },
    /// See [`ErrorCode::LimitReached`]: a limit of the company's
    /// subscription plan (customers, seats, storage …), with the usage and
    /// the plan that would allow more.
    #[error("{}", .0.message())]
    EntitlementReached(Box<crate::subscription::Exceeded>),
    /// See [`ErrorCode::SubscriptionReadOnly`].
    #[error("the company's subscription is {state}: pay or renew it to make changes again")]
    SubscriptionReadOnly {
        /// The state that blocks writes.
        state: crate::billing::SubscriptionState,
    },
    /// See [`ErrorCode::Internal`]. The source is logged, never returned.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// The code this error is reported with.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Unauthenticated => ErrorCode::Unauthenticated,
            Error::Forbidden => ErrorCode::Forbidden,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Validation(_) => ErrorCode::ValidationFailed,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::AccountLocked { .. } => ErrorCode::AccountLocked,
            Error::Unavailable(_) => ErrorCode::Unavailable,
            Error::PluginFailed { .. } => ErrorCode::PluginFailed,
            Error::LimitReached { .. } | Error::EntitlementReached(_) => ErrorCode::LimitReached,
            Error::SubscriptionReadOnly { .. } => ErrorCode::SubscriptionReadOnly,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// A single-field validation error.
    pub fn invalid(field: impl Into<String>, reason: &'static str, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, reason, message)])
    }

    /// Wrap any error as an internal one.
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Internal(Box::new(e))
    }

    /// What a client is told besides the message: `code` and the details
    /// of this kind of error (the GraphQL error's `extensions`, and a failed
    /// job's `errorDetail`), camel-cased as the API names them.
    pub fn extensions(&self) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::{Value, json};
        let mut ext = serde_json::Map::new();
        ext.insert("code".into(), Value::from(self.code().as_str()));
        match self {
            Error::Validation(_) | Error::Conflict(_) => {
                let fields = self
                    .fields()
                    .iter()
                    .map(|f| json!({ "field": f.field, "reason": f.reason, "message": f.message }))
                    .collect();
                ext.insert("fields".into(), Value::Array(fields));
            }
            Error::RateLimited { retry_after_secs } | Error::AccountLocked { retry_after_secs } => {
                ext.insert("retryAfterSeconds".into(), Value::from(*retry_after_secs));
            }
            Error::NotFound(what) => {
                ext.insert("entity".into(), Value::from(*what));
            }
            Error::PluginFailed { reason, .. } => {
                ext.insert("reason".into(), Value::from(*reason));
            }
            Error::LimitReached { limit, max, retry_after_secs, .. } => {
                ext.insert("limit".into(), Value::from(*limit));
                ext.insert("max".into(), Value::from(*max));
                if let Some(s) = retry_after_secs {
                    ext.insert("retryAfterSeconds".into(), Value::from(*s));
                }
            }
            Error::EntitlementReached(x) => {
                ext.insert("limit".into(), Value::from(x.entitlement.as_str()));
                ext.insert("plan".into(), Value::from(x.plan.as_str()));
                ext.insert("usage".into(), Value::from(x.usage));
                ext.insert("requested".into(), Value::from(x.requested));
                ext.insert("max".into(), Value::from(x.max));
                // How to raise it: the smallest plan that allows it, or
                // `contact` when no plan in the catalogue does.
                match &x.upgrade {
                    Some(p) => {
                        ext.insert("raise".into(), Value::from("upgrade"));
                        ext.insert("upgrade".into(), Value::from(p.as_str()));
                    }
                    None => {
                        ext.insert("raise".into(), Value::from("contact"));
                    }
                }
                if let Some(s) = x.retry_after_secs {
                    ext.insert("retryAfterSeconds".into(), Value::from(s));
                }
            }
            Error::SubscriptionReadOnly { state } => {
                ext.insert("state".into(), Value::from(state.as_str()));
            }
            Error::Unauthenticated | Error::Forbidden | Error::Unavailable(_) | Error::Internal(_) => {}
        }
        ext
    }

    /// The field errors carried by validation and conflict errors.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Error::Validation(f) => f,
            Error::Conflict(f) => std::slice::from_ref(f),
            _ => &[],
        }
    }
}

/// Result alias over [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_screaming_snake_case() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert!(code.as_str().chars().all(|c| c.is_ascii_uppercase() || c == '_'));
            assert!((400..600).contains(&code.http_status()));
        }
    }

    /// The table in `docs/architecture.md` ("Errors") is the one clients
    /// read: it lists every code, in order, with its category and status.
    #[test]
    fn the_documented_table_is_the_code_table() {
        let doc = include_str!("../../../docs/architecture.md");
        let rows: Vec<Vec<&str>> = doc
            .lines()
            .skip_while(|l| !l.starts_with("| code | category | HTTP status |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| l.split('|').map(str::trim).filter(|c| !c.is_empty()).collect())
            .collect();
        assert_eq!(rows.len(), ErrorCode::ALL.len(), "one documented row per code");
        for (code, row) in ErrorCode::ALL.iter().zip(&rows) {
            let category = serde_json::to_value(code.category()).expect("a category serializes");
            assert_eq!(row[0], format!("`{}`", code.as_str()), "table order");
            assert_eq!(Some(row[1]), category.as_str(), "{code}");
            assert_eq!(row[2], code.http_status().to_string(), "{code}");
        }
    }

    #[test]
    fn internal_errors_do_not_show_their_cause() {
        let e = Error::internal(std::io::Error::other("password=hunter2"));
        assert_eq!(e.to_string(), "internal error");
        assert_eq!(e.code(), ErrorCode::Internal);
    }
}
