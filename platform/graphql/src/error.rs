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
            for (key, value) in e.extensions() {
                // Built from JSON scalars, arrays and objects only, which
                // always convert.
                if let Ok(v) = async_graphql::Value::from_json(value) {
                    ext.set(key, v);
                }
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
