//! Domain errors → GraphQL errors with `extensions.code`.

use async_graphql::ErrorExtensions;
use std::sync::Arc;

use guanxi_core::{Error, ErrorCode};

tokio::task_local! {
    /// The id of the request being executed, for error responses and logs.
    pub static REQUEST_ID: String;
}

/// A resolver's error. It deliberately does not implement `Display`: that
/// keeps async-graphql's catch-all conversion (which would drop the code) out
/// of reach, so every resolver error passes through [`From<ApiError>`].
/// (Shared, because async-graphql requires resolver errors to be `Clone`.)
#[derive(Debug, Clone)]
pub struct ApiError(pub Arc<Error>);

/// A resolver's result.
pub type ApiResult<T> = Result<T, ApiError>;

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(Arc::new(e))
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(ApiError(e): ApiError) -> Self {
        let e = &*e;
        let code = e.code();
        let request_id = REQUEST_ID.try_with(Clone::clone).ok();
        let message = match code {
            // Internal detail is logged here, once, and never returned.
            ErrorCode::Internal | ErrorCode::Unavailable => {
                tracing::error!(error = ?e, request_id, "request failed");
                e.to_string()
            }
            _ => e.to_string(),
        };
        async_graphql::Error::new(message).extend_with(|_, ext| {
            ext.set("code", code.as_str());
            match e {
                Error::Validation(_) | Error::Conflict(_) => {
                    let fields: Vec<async_graphql::Value> = e
                        .fields()
                        .iter()
                        .map(|f| {
                            let mut m = async_graphql::indexmap::IndexMap::new();
                            m.insert(async_graphql::Name::new("field"), async_graphql::Value::from(f.field.clone()));
                            m.insert(async_graphql::Name::new("reason"), async_graphql::Value::from(f.reason));
                            m.insert(
                                async_graphql::Name::new("message"),
                                async_graphql::Value::from(f.message.clone()),
                            );
                            async_graphql::Value::Object(m)
                        })
                        .collect();
                    ext.set("fields", async_graphql::Value::List(fields));
                }
                Error::RateLimited { retry_after_secs } | Error::AccountLocked { retry_after_secs } => {
                    ext.set("retryAfterSeconds", *retry_after_secs);
                }
                Error::NotFound(what) => ext.set("entity", *what),
                Error::PluginFailed { reason, .. } => ext.set("reason", *reason),
                Error::LimitReached { limit, max, retry_after_secs, .. } => {
                    ext.set("limit", *limit);
                    ext.set("max", *max);
                    if let Some(s) = retry_after_secs {
                        ext.set("retryAfterSeconds", *s);
                    }
                }
                Error::EntitlementReached(x) => {
                    ext.set("limit", x.entitlement.as_str());
                    ext.set("plan", x.plan.as_str());
                    ext.set("usage", x.usage);
                    ext.set("requested", x.requested);
                    ext.set("max", x.max);
                    // How to raise it: the smallest plan that allows it, or
                    // `contact` when no plan in the catalogue does.
                    match &x.upgrade {
                        Some(p) => {
                            ext.set("raise", "upgrade");
                            ext.set("upgrade", p.as_str());
                        }
                        None => ext.set("raise", "contact"),
                    }
                    if let Some(s) = x.retry_after_secs {
                        ext.set("retryAfterSeconds", s);
                    }
                }
                Error::SubscriptionReadOnly { state } => ext.set("state", state.as_str()),
                _ => {}
            }
            if let (ErrorCode::Internal | ErrorCode::Unavailable, Some(id)) = (code, &request_id) {
                ext.set("requestId", id.as_str());
            }
        })
    }
}

/// Parse a GraphQL `ID` into a typed id; a malformed one is a validation
/// error on `field`.
pub fn parse_id<T: std::str::FromStr>(id: &async_graphql::ID, field: &str) -> ApiResult<T> {
    id.parse::<T>().map_err(|_| Error::invalid(field, "invalid", "not a valid id").into())
}
