//! Cookie sessions for the web app, with double-submit CSRF protection.
//!
//! A web client (`X-Guanxi-Client: web`) that logs in gets its session token
//! in `gx_session` (HttpOnly: a script injected into the page cannot read
//! it) and a random `gx_csrf` the page's scripts do read. A request
//! authenticated by the cookie must echo `gx_csrf` in `X-CSRF-Token`: a
//! cross-site page can make the browser send the cookies but can neither
//! read `gx_csrf` nor send a custom header without a CORS preflight, which
//! this server never grants. Both cookies are also `SameSite=Strict`.
//! `Authorization: Bearer` takes precedence and needs no CSRF token.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use chrono::Utc;
use guanxi_graphql::SessionCookie;
use rand::RngCore as _;
use subtle::ConstantTimeEq as _;

/// The HttpOnly cookie holding the session token.
pub(crate) const SESSION: &str = "gx_session";
/// The readable cookie holding the CSRF token.
pub(crate) const CSRF: &str = "gx_csrf";
/// Why a cookie request without its CSRF token is refused.
pub(crate) const CSRF_MISSING: &str =
    "a request with the session cookie must send the gx_csrf cookie's value in X-CSRF-Token";
/// The header that must repeat the CSRF cookie.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// The value of cookie `name` in the request, if sent (the first one when
/// sent twice).
pub(crate) fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().trim_matches('"'))
        .filter(|v| !v.is_empty())
}

/// Whether the request repeats its CSRF cookie in `X-CSRF-Token`, compared
/// in constant time.
pub(crate) fn csrf_ok(headers: &HeaderMap) -> bool {
    let (Some(cookie), Some(header)) = (get(headers, CSRF), headers.get(CSRF_HEADER)) else {
        return false;
    };
    !cookie.is_empty() && bool::from(cookie.as_bytes().ct_eq(header.as_bytes()))
}

/// Where a request's session token comes from.
pub(crate) enum SessionSource<'a> {
    /// No credentials.
    None,
    /// `Authorization: Bearer …` (which wins over any cookie).
    Bearer(&'a str),
    /// The session cookie, sent with its CSRF token.
    Cookie(&'a str),
    /// The session cookie without the CSRF token a same-site page sends:
    /// refused with `CSRF_TOKEN_INVALID`, whatever else the request holds.
    CookieWithoutCsrf,
}

/// The session token of a request: its bearer token, or else its session
/// cookie, which counts only with the CSRF header a cross-site page cannot
/// send.
pub(crate) fn session_source(headers: &HeaderMap) -> SessionSource<'_> {
    if headers.contains_key(axum::http::header::AUTHORIZATION) {
        return crate::http::bearer(headers).map_or(SessionSource::None, SessionSource::Bearer);
    }
    match get(headers, SESSION) {
        None => SessionSource::None,
        Some(_) if !csrf_ok(headers) => SessionSource::CookieWithoutCsrf,
        Some(token) => SessionSource::Cookie(token),
    }
}

/// Whether the caller is the web app, which keeps its session in cookies.
pub(crate) fn is_web_client(headers: &HeaderMap) -> bool {
    headers.get("x-guanxi-client").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"web"))
}

/// Add the `Set-Cookie` headers that carry out `change`; `secure` when the
/// server's public URL is `https`.
pub(crate) fn apply(out: &mut HeaderMap, change: &SessionCookie, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookies = match change {
        SessionCookie::Start { token, expires_at } => {
            // The cookies live as long as the session, so a browser restart
            // keeps the user logged in.
            let max_age = (*expires_at - Utc::now()).num_seconds().max(0);
            let mut csrf = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut csrf);
            let csrf: String = csrf.iter().map(|b| format!("{b:02x}")).collect();
            [
                format!("{SESSION}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"),
                format!("{CSRF}={csrf}; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"),
            ]
        }
        SessionCookie::End => [
            format!("{SESSION}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}"),
            format!("{CSRF}=; SameSite=Strict; Path=/; Max-Age=0{secure}"),
        ],
    };
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            out.append(SET_COOKIE, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn cookies_are_read_by_name() {
        let h = headers(&[("cookie", "a=1; gx_session=gxs_abc"), ("cookie", "gx_csrf=\"t0k\"")]);
        assert_eq!(get(&h, SESSION), Some("gxs_abc"));
        assert_eq!(get(&h, CSRF), Some("t0k"));
        assert_eq!(get(&h, "gx"), None);
        assert_eq!(get(&headers(&[("cookie", "gx_session=")]), SESSION), None);
    }

    #[test]
    fn the_csrf_header_must_repeat_the_cookie() {
        assert!(csrf_ok(&headers(&[("cookie", "gx_csrf=abc"), ("x-csrf-token", "abc")])));
        assert!(!csrf_ok(&headers(&[("cookie", "gx_csrf=abc"), ("x-csrf-token", "abd")])));
        assert!(!csrf_ok(&headers(&[("cookie", "gx_csrf=abc")])));
        assert!(!csrf_ok(&headers(&[("x-csrf-token", "abc")])));
        assert!(!csrf_ok(&headers(&[("cookie", "gx_csrf="), ("x-csrf-token", "")])));
    }

    #[test]
    fn cookies_are_set_and_cleared() {
        let mut out = HeaderMap::new();
        let start = SessionCookie::Start { token: "gxs_t".into(), expires_at: Utc::now() + chrono::Duration::hours(1) };
        apply(&mut out, &start, true);
        let set: Vec<&str> = out.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        assert!(set[0].starts_with("gx_session=gxs_t; HttpOnly; SameSite=Strict; Path=/; Max-Age=35"), "{set:?}");
        assert!(set[0].ends_with("; Secure"));
        assert!(set[1].starts_with("gx_csrf=") && !set[1].contains("HttpOnly") && set[1].len() > 70, "{set:?}");
        let mut out = HeaderMap::new();
        apply(&mut out, &SessionCookie::End, false);
        let set: Vec<&str> = out.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        assert_eq!(
            set,
            [
                "gx_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
                "gx_csrf=; SameSite=Strict; Path=/; Max-Age=0"
            ]
        );
    }
}
