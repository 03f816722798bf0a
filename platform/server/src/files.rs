//! File routes: `GET /downloads/{token}` serves an export or a backup
//! archive through a short-lived link made by `exportCustomers` /
//! `exportConversations` / `backupDownloadLink`;
//! `GET /photos/{customerId}` serves a customer's photo to whoever may see
//! the customer (a bearer token, or the web app's session cookie with its
//! CSRF token).

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use guanxi_core::{Error, ErrorCode};
use guanxi_store::export::{self, ExportRequest, FileWriter};
use guanxi_store::{Access, Principal, RequestMeta, Store};

use crate::http::{AppState, client_ip, error_response, request_id};

/// `Content-Disposition` for a download named `name` (RFC 6266 with the
/// RFC 5987 UTF-8 form, so Chinese names survive; the plain form is an
/// ASCII fallback for old clients).
pub(crate) fn attachment(name: &str) -> HeaderValue {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

fn failure(e: &Error) -> Response {
    match e {
        Error::NotFound(_) => error_response(ErrorCode::NotFound, "this link is unknown or has expired"),
        Error::Unauthenticated => {
            error_response(ErrorCode::Unauthenticated, "a valid bearer token or session cookie is required")
        }
        Error::Forbidden => error_response(ErrorCode::Forbidden, "you may not download this"),
        other => {
            tracing::error!(error = %other, "download failed");
            // Its own code (a database that is down is `UNAVAILABLE`, 503);
            // the message of an internal error never carries its cause.
            error_response(other.code(), &other.to_string())
        }
    }
}

/// One page of an export in its own read transaction, under the rights the
/// user has now.
async fn read_chunk(
    store: &Store,
    who: &Principal,
    meta: &RequestMeta,
    request: &ExportRequest,
    after: Option<&str>,
) -> Result<export::Chunk, Error> {
    let tx = store.tenant_tx(who, Access::Read, meta).await?;
    let chunk = export::chunk(&tx, request, after).await?;
    tx.commit().await?;
    Ok(chunk)
}

/// `GET /downloads/{token}`.
pub(crate) async fn download(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let (who, d) = match st.store.open_download(&token).await {
        Ok(x) => x,
        Err(e) => return failure(&e),
    };
    let meta = RequestMeta {
        ip: Some(client_ip(&st.config, &headers, peer)),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        request_id: Some(request_id(&headers)),
    };
    if d.kind == guanxi_store::backup::DOWNLOAD_KIND {
        return backup_archive(&st, &who, &meta, &d).await;
    }
    let Ok(request) = serde_json::from_value::<ExportRequest>(d.params) else {
        return failure(&Error::NotFound("download"));
    };
    let format = request.format();
    // The first page is read before answering, so that lost rights or a bad
    // filter give a status rather than a truncated file.
    let first = match read_chunk(&st.store, &who, &meta, &request, None).await {
        Ok(c) => c,
        Err(e) => return failure(&e),
    };
    let mut writer = match FileWriter::new(format, &first.headers) {
        Ok(w) => w,
        Err(e) => return failure(&e),
    };
    let head = [
        (header::CONTENT_TYPE, HeaderValue::from_static(format.content_type())),
        (header::CONTENT_DISPOSITION, attachment(&d.file_name)),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    match format {
        export::ExportFormat::Csv => {
            let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(2);
            let store = st.store.clone();
            tokio::spawn(async move {
                let mut chunk = first;
                loop {
                    let bytes = writer.write(&chunk.rows).map(Bytes::from);
                    let next = chunk.next.take();
                    // Writing failed, or the client went away: stop.
                    let Ok(b) = bytes else { return };
                    if tx.send(Ok(b)).await.is_err() {
                        return;
                    }
                    let Some(after) = next else { return };
                    match read_chunk(&store, &who, &meta, &request, Some(&after)).await {
                        Ok(c) => chunk = c,
                        Err(e) => {
                            tracing::error!(error = %e, "export stopped");
                            let _ = tx.send(Err(std::io::Error::other("export stopped"))).await;
                            return;
                        }
                    }
                }
            });
            let stream = futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
            (head, Body::from_stream(stream)).into_response()
        }
        export::ExportFormat::Xlsx => {
            let mut chunk = first;
            loop {
                if let Err(e) = writer.write(&chunk.rows) {
                    return failure(&e);
                }
                let Some(after) = chunk.next.take() else { break };
                chunk = match read_chunk(&st.store, &who, &meta, &request, Some(&after)).await {
                    Ok(c) => c,
                    Err(e) => return failure(&e),
                };
            }
            // Zipping the workbook is CPU work: off the async threads.
            match tokio::task::spawn_blocking(move || writer.finish()).await {
                Ok(Ok(bytes)) => (head, bytes).into_response(),
                Ok(Err(e)) => failure(&e),
                Err(e) => failure(&Error::internal(e)),
            }
        }
    }
}

/// A backup archive, streamed from disk a buffer at a time, for a link
/// whose user may still make backups (the maintenance role or an admin).
async fn backup_archive(
    st: &AppState,
    who: &Principal,
    meta: &RequestMeta,
    d: &guanxi_store::downloads::Download,
) -> Response {
    let found = async {
        let tx = st.store.tenant_tx(who, Access::Read, meta).await?;
        let found = guanxi_store::backup::archive_for_download(&tx, &d.params).await?;
        tx.commit().await?;
        Ok::<_, Error>(found)
    };
    let (path, size) = match found.await {
        Ok(x) => x,
        Err(e) => return failure(&e),
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(_) => return failure(&Error::NotFound("download")),
    };
    let stream = futures::stream::unfold(Some(file), |file| async move {
        use tokio::io::AsyncReadExt;
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/zip")),
            (header::CONTENT_DISPOSITION, attachment(&d.file_name)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::CONTENT_LENGTH, HeaderValue::from(size)),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// `GET /photos/{customerId}`: the photo of a customer the caller sees.
pub(crate) async fn photo(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(customer): Path<String>,
) -> Response {
    // The web app shows photos with its session cookie and CSRF token.
    let token = match crate::cookies::session_source(&headers) {
        crate::cookies::SessionSource::Bearer(t) | crate::cookies::SessionSource::Cookie(t) => t,
        crate::cookies::SessionSource::None => return failure(&Error::Unauthenticated),
        crate::cookies::SessionSource::CookieWithoutCsrf => {
            return error_response(ErrorCode::CsrfTokenInvalid, crate::cookies::CSRF_MISSING);
        }
    };
    let who = match st.store.authenticate(token).await {
        Ok(p) => p,
        Err(e) => return failure(&e),
    };
    let Ok(id) = customer.parse::<guanxi_core::CustomerId>() else { return failure(&Error::NotFound("photo")) };
    let meta = RequestMeta {
        ip: Some(client_ip(&st.config, &headers, peer)),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        request_id: Some(request_id(&headers)),
    };
    let read = async {
        let tx = st.store.tenant_tx(&who, Access::Read, &meta).await?;
        let photo = guanxi_store::customers::photo::read(&tx, id).await?;
        tx.commit().await?;
        Ok::<_, Error>(photo)
    };
    match read.await {
        Ok((bytes, content_type)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                // Per user: a shared cache must not hand it to someone else.
                (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300")),
                (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => failure(&e),
    }
}
