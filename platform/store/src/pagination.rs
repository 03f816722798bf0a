//! The one set of paging rules every connection follows: `first` is 1 to
//! [`MAX_PAGE`] (default [`DEFAULT_PAGE`]), and a cursor is the position of
//! a page's last row, serialized as JSON and encoded as URL-safe base64 (no
//! padding). Clients treat cursors as opaque; a cursor that does not decode
//! is `VALIDATION_FAILED` on `after` (`invalid`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guanxi_core::{Error, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The page size when a client gives none.
pub const DEFAULT_PAGE: u64 = 10;
/// The largest page a client may ask for.
pub const MAX_PAGE: u64 = 100;

/// A client's `first`, checked: 1 to [`MAX_PAGE`]; absent means [`DEFAULT_PAGE`].
pub fn first(first: Option<i64>) -> Result<u64> {
    match first {
        None => Ok(DEFAULT_PAGE),
        Some(n) => u64::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| Error::invalid("first", "out_of_range", format!("first must be 1 to {MAX_PAGE}"))),
    }
}

/// A client's `limit` of a list paged by `before`/`after` ids or offsets
/// rather than cursors, checked: 1 to `max`.
pub fn limit(limit: impl Into<i64>, max: u64) -> Result<u64> {
    u64::try_from(limit.into())
        .ok()
        .filter(|l| (1..=max).contains(l))
        .ok_or_else(|| Error::invalid("limit", "out_of_range", format!("limit must be 1 to {max}")))
}

/// A position as a cursor.
pub fn encode_cursor<T: Serialize>(position: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(position).unwrap_or_default())
}

/// A cursor back into a position; anything else is a typed error on `after`.
pub fn decode_cursor<T: DeserializeOwned>(raw: &str) -> Result<T> {
    URL_SAFE_NO_PAD
        .decode(raw.trim())
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| Error::invalid("after", "invalid", "not a cursor of this list"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_is_checked_and_cursors_round_trip() {
        assert_eq!(first(None).ok(), Some(DEFAULT_PAGE));
        assert_eq!(first(Some(100)).ok(), Some(100));
        for bad in [0, -1, 101] {
            assert!(matches!(first(Some(bad)), Err(Error::Validation(f)) if f[0].field == "first"), "{bad}");
        }
        assert_eq!(limit(200_i32, 200).ok(), Some(200));
        for bad in [0_i64, -5, 201] {
            assert!(matches!(limit(bad, 200), Err(Error::Validation(f)) if f[0].field == "limit"), "{bad}");
        }
        let raw = encode_cursor(&(7_i64, "x"));
        assert_eq!(decode_cursor::<(i64, String)>(&raw).ok(), Some((7, "x".to_owned())));
        for bad in ["", "garbage!", "e30"] {
            assert!(decode_cursor::<(i64, String)>(bad).is_err(), "{bad}");
        }
    }
}
