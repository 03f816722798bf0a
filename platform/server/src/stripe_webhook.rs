//! `POST /webhooks/stripe`: Stripe's event deliveries.
//!
//! The signature (`Stripe-Signature: t=…,v1=…`) is an HMAC-SHA256 with the
//! endpoint's secret over `t.body`, checked on the raw body before anything
//! is parsed, with a tolerance on `t` against replays; a bad or stale one
//! answers 400 and changes nothing. A good delivery is stored once by its
//! event id (a unique key: a repeated delivery is a no-op) with the id of
//! the subscription it is about, and acknowledged at once; the billing
//! worker, woken by the endpoint, processes it after the answer, re-reading
//! the subscription from Stripe.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use guanxi_core::ErrorCode;
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use serde_json::Value;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::http::{AppState, error_response};

/// Why a delivery was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// No or a malformed `Stripe-Signature` header.
    Malformed,
    /// The timestamp is further from now than the tolerance.
    Stale,
    /// No `v1` signature matches.
    Mismatch,
}

/// Check a `Stripe-Signature` header over `body` with `secret`, at `now`.
pub fn verify(header: &str, body: &[u8], secret: &str, tolerance_secs: i64, now: i64) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", s)) => signatures.extend(hex::decode(s).ok()),
            _ => {}
        }
    }
    let Some(t) = timestamp else { return Err(SignatureError::Malformed) };
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - t).abs() > tolerance_secs {
        return Err(SignatureError::Stale);
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return Err(SignatureError::Mismatch) };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    if signatures.iter().any(|s| bool::from(s.as_slice().ct_eq(expected.as_slice()))) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The `Stripe-Signature` header Stripe would send for `body` at `t` (for
/// tests and tools that sign deliveries).
pub fn sign(body: &[u8], secret: &str, t: i64) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// The subscription an event is about: the object itself, or the
/// subscription a checkout session or invoice belongs to.
fn subscription_of(event_type: &str, object: &Value) -> Option<String> {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    if event_type.starts_with("customer.subscription.") {
        return s(object.get("id"));
    }
    if event_type.starts_with("checkout.session.") {
        return s(object.get("subscription"));
    }
    if event_type.starts_with("invoice.") {
        // Older API versions name it on the invoice, newer ones under `parent`.
        return s(object.get("subscription"))
            .or_else(|| s(object.pointer("/parent/subscription_details/subscription")));
    }
    None
}

/// The endpoint.
pub(crate) async fn receive(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = st.config.stripe_webhook_secret.as_ref() else {
        return error_response(ErrorCode::NotFound, "no Stripe webhook endpoint is configured");
    };
    let header = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    let tolerance = i64::try_from(st.config.stripe_webhook_tolerance_seconds).unwrap_or(300);
    if let Err(e) = verify(header, &body, secret.expose_secret(), tolerance, Utc::now().timestamp()) {
        tracing::warn!(reason = ?e, "refused a Stripe delivery");
        return error_response(ErrorCode::BadRequest, "the Stripe signature is missing, invalid or too old");
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return error_response(ErrorCode::BadRequest, "the event is not JSON");
    };
    let (Some(id), Some(event_type)) =
        (event.get("id").and_then(Value::as_str), event.get("type").and_then(Value::as_str))
    else {
        return error_response(ErrorCode::BadRequest, "the event has no id or type");
    };
    let created = event
        .get("created")
        .and_then(Value::as_i64)
        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
        .unwrap_or_else(Utc::now);
    let object = event.pointer("/data/object").cloned().unwrap_or(Value::Null);
    let handled = guanxi_billing::HANDLED_EVENTS.contains(&event_type);
    let object_ref = if handled { subscription_of(event_type, &object) } else { None };
    match st.store.record_webhook_event(id, event_type, object_ref.as_deref(), created).await {
        Ok(new) => {
            tracing::info!(event = id, event_type, new, "Stripe event received");
            // Processed by the billing worker, after the answer: woken now
            // rather than at its next poll.
            if new && let Some(wake) = &st.billing_wake {
                wake.notify_one();
            }
            (StatusCode::OK, axum::Json(serde_json::json!({ "received": true, "duplicate": !new }))).into_response()
        }
        Err(e) => {
            tracing::error!(error = ?e, event = id, "storing a Stripe event failed");
            // Stripe retries a delivery that was not acknowledged.
            error_response(e.code(), "the event could not be stored; it will be retried")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_checked() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(body, "whsec_test", 1_000);
        assert_eq!(verify(&header, body, "whsec_test", 300, 1_100), Ok(()));
        assert_eq!(verify(&header, body, "whsec_other", 300, 1_100), Err(SignatureError::Mismatch));
        assert_eq!(verify(&header, b"{}", "whsec_test", 300, 1_100), Err(SignatureError::Mismatch));
        assert_eq!(verify(&header, body, "whsec_test", 300, 1_301), Err(SignatureError::Stale));
        assert_eq!(verify("", body, "whsec_test", 300, 1_000), Err(SignatureError::Malformed));
        assert_eq!(verify("t=1000", body, "whsec_test", 300, 1_000), Err(SignatureError::Malformed));
        // Several v1 signatures (a secret being rolled): one match is enough.
        let rolled = format!("t=1000,v1=00ff,{}", header.trim_start_matches("t=1000,"));
        assert_eq!(verify(&rolled, body, "whsec_test", 300, 1_000), Ok(()));
    }
}
