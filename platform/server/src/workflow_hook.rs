//! `POST /hooks/workflows/{company}/{workflow}`: inbound webhooks that start
//! a workflow run.
//!
//! The workflow's secret travels in `Authorization: Bearer gxw_…` (or
//! `X-Guanxi-Key`); the body, when there is one, is JSON of at most 64 KiB
//! and becomes the run's input (`trigger.body`). A missing or wrong secret,
//! an unknown company or workflow, and a workflow without a webhook
//! trigger all answer `404` alike, so the endpoint tells a prober nothing.
//! A started run answers `202` with its id.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use guanxi_core::{Error, ErrorCode, TenantId, WorkflowId};
use guanxi_store::workflows::runs::WEBHOOK_BODY_MAX;
use serde_json::{Value, json};

use crate::http::{AppState, error_response};

fn secret(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers.get("x-guanxi-key").and_then(|v| v.to_str().ok()) {
        return Some(v.trim());
    }
    let auth = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    auth.strip_prefix("Bearer ").map(str::trim)
}

/// The handler.
pub async fn receive(
    State(state): State<AppState>,
    Path((company, workflow)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let not_found = || error_response(ErrorCode::NotFound, "no such workflow, or a wrong key");
    let (Ok(tenant), Ok(id)) = (company.parse::<TenantId>(), workflow.parse::<WorkflowId>()) else {
        return not_found();
    };
    let Some(secret) = secret(&headers).filter(|s| !s.is_empty()) else { return not_found() };
    if body.len() > WEBHOOK_BODY_MAX {
        return error_response(ErrorCode::PayloadTooLarge, "the body may be at most 64 KiB");
    }
    let input = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(v) => v,
            Err(_) => return error_response(ErrorCode::BadRequest, "the body must be JSON"),
        }
    };
    match state.store.start_workflow_from_webhook(tenant, id, secret, input).await {
        Ok(run) => (StatusCode::ACCEPTED, Json(json!({ "runId": run }))).into_response(),
        Err(Error::NotFound(_)) => not_found(),
        Err(e) => {
            tracing::warn!(error = ?e, "starting a workflow from its webhook failed");
            error_response(e.code(), &e.to_string())
        }
    }
}
