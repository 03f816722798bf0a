//! `/unsubscribe/{token}`: the link at the foot of every care mail.
//!
//! Opening the link (`GET`) shows a page with one button and changes
//! nothing, so a mail scanner that follows links unsubscribes nobody; the
//! button (`POST`) unsubscribes the customer from care mails. A malformed
//! or forged token answers 404 with the same page as an unknown customer.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use guanxi_core::Error;

use crate::http::AppState;
use crate::web::dynamic_page;

/// Text safe inside HTML.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn page(status: StatusCode, body: &str) -> Response {
    dynamic_page(
        status,
        format!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>退订 Unsubscribe</title>\
             <style>body{{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:32rem;\
             margin:3rem auto;padding:0 1rem;line-height:1.6;color:#222}}button{{font-size:1rem;padding:.5rem 1rem}}</style>\
             </head><body>{body}</body></html>"
        ),
    )
}

fn not_found() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "<h1>链接无效 · Invalid link</h1><p>这个退订链接无效或已失效。<br>This unsubscribe link is not valid.</p>",
    )
}

/// `GET`: the confirmation page.
async fn page_handler(state: &AppState, token: &str) -> Response {
    match state.store.unsubscribe_target(token).await {
        Ok((_, _, company)) => {
            let company = escape(&company);
            let token = escape(token);
            page(
                StatusCode::OK,
                &format!(
                    "<h1>退订 · Unsubscribe</h1>\
                     <p>不再接收「{company}」发来的关怀邮件？<br>Stop receiving care mails from {company}?</p>\
                     <form method=\"post\" action=\"/unsubscribe/{token}\">\
                     <button type=\"submit\">退订 Unsubscribe</button></form>"
                ),
            )
        }
        Err(Error::NotFound(_)) => not_found(),
        Err(e) => {
            tracing::warn!(error = ?e, "reading an unsubscribe link failed");
            page(StatusCode::SERVICE_UNAVAILABLE, "<h1>请稍后再试 · Please try again later</h1>")
        }
    }
}

/// `GET /unsubscribe/{token}`.
pub async fn page_route(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    page_handler(&state, &token).await
}

/// `POST /unsubscribe/{token}`: unsubscribe.
pub async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match state.store.unsubscribe(&token).await {
        Ok(u) => page(
            StatusCode::OK,
            &format!(
                "<h1>已退订 · Unsubscribed</h1><p>您不会再收到「{c}」的关怀邮件。<br>You will no longer receive care mails from {c}.</p>",
                c = escape(&u.company)
            ),
        ),
        Err(Error::NotFound(_)) => not_found(),
        Err(e) => {
            tracing::warn!(error = ?e, "unsubscribing failed");
            page(StatusCode::SERVICE_UNAVAILABLE, "<h1>请稍后再试 · Please try again later</h1>")
        }
    }
}
