//! Conversations (洽谈记录): what was said with a customer, when and how.
//!
//! Who may see a conversation is who may see its customer
//! ([`crate::customer::CustomerScope`]); who may add one is who may edit the
//! customer ([`CustomerScope::may_edit`]: salespeople only on their own
//! customers, never on pool customers); who may change or delete one is
//! [`CustomerScope::may_change_conversation`].

use chrono::{DateTime, Duration, Utc};

pub use crate::customer::ConversationKind;
#[cfg(doc)]
use crate::customer::CustomerScope;
use crate::error::FieldError;
use crate::input::Name;

/// Longest topic, in characters.
pub const MAX_TOPIC_CHARS: usize = 100;
/// Longest content, in characters.
pub const MAX_CONTENT_CHARS: usize = 10_000;
/// How far a follow-up may be from the earlier record it is merged into.
pub const MERGE_WINDOW: Duration = Duration::days(3);
/// How far in the future a conversation's time may lie (clocks differ; a
/// conversation is something that happened).
pub const MAX_FUTURE: Duration = Duration::hours(1);
/// Default page size of conversation lists.
pub const DEFAULT_PAGE_SIZE: u64 = 10;
/// Largest page size of conversation lists.
pub const MAX_PAGE_SIZE: u64 = 100;

/// A topic: 1–100 characters, trimmed.
pub fn topic(raw: &str) -> Result<String, FieldError> {
    Name::parse(raw, "topic", MAX_TOPIC_CHARS).map(Name::into_string)
}

/// Content: 1–10,000 characters, trimmed; line breaks are kept.
pub fn content(raw: &str) -> Result<String, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(FieldError::new("content", "required", "content is required"));
    }
    if t.chars().count() > MAX_CONTENT_CHARS {
        return Err(FieldError::new("content", "too_long", format!("at most {MAX_CONTENT_CHARS} characters")));
    }
    Ok(t.to_owned())
}

/// When it happened: not more than [`MAX_FUTURE`] ahead of `now`, not before 2000.
pub fn occurred_at(t: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    if t > now + MAX_FUTURE {
        return Err(FieldError::new("occurredAt", "in_future", "a conversation cannot lie in the future"));
    }
    if t.timestamp() < 946_684_800 {
        return Err(FieldError::new("occurredAt", "too_old", "a conversation cannot be before 2000"));
    }
    Ok(t)
}

/// Whether a follow-up at `new` may be merged into an earlier record at
/// `earlier`: within [`MERGE_WINDOW`] of it, either side.
pub fn mergeable(earlier: DateTime<Utc>, new: DateTime<Utc>) -> bool {
    (new - earlier).abs() <= MERGE_WINDOW
}

/// The kind of a merged record: a visit stays a visit (the "visited" queries
/// count it), otherwise the earlier record's kind is kept.
pub fn merged_kind(earlier: ConversationKind, new: ConversationKind) -> ConversationKind {
    if new == ConversationKind::Visit { new } else { earlier }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).expect("a timestamp")
    }

    #[test]
    fn validation() {
        assert_eq!(topic("  报价 ").as_deref(), Ok("报价"));
        assert!(topic("").is_err());
        assert!(topic(&"长".repeat(101)).is_err());
        assert!(content(" \n ").is_err());
        assert_eq!(content(" 第一行\n第二行 ").as_deref(), Ok("第一行\n第二行"));
        assert!(content(&"字".repeat(MAX_CONTENT_CHARS + 1)).is_err());
        let now = t("2026-05-01T12:00:00Z");
        assert!(occurred_at(t("2026-05-01T12:59:00Z"), now).is_ok());
        assert!(occurred_at(t("2026-05-01T13:01:00Z"), now).is_err());
        assert!(occurred_at(t("1999-12-31T00:00:00Z"), now).is_err());
    }

    #[test]
    fn merging() {
        let a = t("2026-05-01T09:00:00Z");
        assert!(mergeable(a, t("2026-05-04T09:00:00Z")));
        assert!(!mergeable(a, t("2026-05-04T09:00:01Z")));
        assert!(mergeable(a, t("2026-04-28T09:00:00Z")));
        use ConversationKind::*;
        assert_eq!(merged_kind(Call, Visit), Visit);
        assert_eq!(merged_kind(Visit, Call), Visit);
        assert_eq!(merged_kind(Wechat, Call), Wechat);
    }
}
