//! Conversations (洽谈记录): what was said with a customer, when and how.
//!
//! Who may see a conversation is who may see its customer
//! ([`crate::customer::CustomerScope`]); who may add one is who may edit the
//! customer ([`CustomerScope::may_edit`]: salespeople only on their own
//! customers, never on pool customers); who may change or delete one is
//! [`CustomerScope::may_change_conversation`].

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

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

/// One entry of a merged record: each conversation keeps its own time, kind
/// and text when it is merged into an earlier record of the same topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When this conversation took place.
    pub at: DateTime<Utc>,
    /// How.
    pub kind: ConversationKind,
    /// What was said.
    pub content: String,
}

/// A merged record: its entries in time order, and what the record as a
/// whole shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// Every entry, oldest first (entries at the same instant in the order
    /// they were written).
    pub entries: Vec<Entry>,
    /// The record's time: its latest entry's (the documents' "change the
    /// record to the time of the last conversation").
    pub occurred_at: DateTime<Utc>,
    /// The record's kind: its latest entry's. A call merged into a visit is
    /// a call; the visit stays an entry, counted by its own time.
    pub kind: ConversationKind,
    /// The latest visit among the entries, which the "visited" windows count.
    pub visited_at: Option<DateTime<Utc>>,
}

/// Merge `new` into a record holding `entries` (a record never merged
/// before holds one: itself). `earlier_visit` is the latest visit the record
/// was known for, kept when its entries no longer say so (after its content
/// was edited as a whole).
pub fn merge(mut entries: Vec<Entry>, new: Entry, earlier_visit: Option<DateTime<Utc>>) -> Merged {
    let at = entries.partition_point(|e| e.at <= new.at);
    entries.insert(at, new);
    let visited_at =
        entries.iter().filter(|e| e.kind == ConversationKind::Visit).map(|e| e.at).chain(earlier_visit).max();
    // `entries` holds at least `new`.
    let (occurred_at, kind) =
        entries.last().map_or((DateTime::<Utc>::MIN_UTC, ConversationKind::Other), |e| (e.at, e.kind));
    Merged { entries, occurred_at, kind, visited_at }
}

/// The text of a merged record: every entry under its own local time and
/// kind, oldest first, e.g. `[2026-05-01 09:00 拜访] 看了样品`.
pub fn render(entries: &[Entry], tz: chrono_tz::Tz) -> String {
    entries
        .iter()
        .map(|e| format!("[{} {}] {}", e.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"), e.kind.label_zh(), e.content))
        .collect::<Vec<_>>()
        .join("\n\n")
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
    }

    fn entry(at: &str, kind: ConversationKind, content: &str) -> Entry {
        Entry { at: t(at), kind, content: content.to_owned() }
    }

    #[test]
    fn a_merge_keeps_each_entry_in_time_order() {
        use ConversationKind::*;
        let visit = entry("2026-05-01T01:00:00Z", Visit, "看了样品");
        // A call two days later: the record is a call now, the visit keeps its day.
        let m = merge(vec![visit.clone()], entry("2026-05-03T02:00:00Z", Call, "电话报价"), None);
        assert_eq!((m.kind, m.occurred_at, m.visited_at), (Call, t("2026-05-03T02:00:00Z"), Some(visit.at)));
        // A backdated follow-up goes between them, not after the later text.
        let m = merge(m.entries, entry("2026-05-02T03:00:00Z", Wechat, "发了资料"), None);
        let order: Vec<&str> = m.entries.iter().map(|e| e.content.as_str()).collect();
        assert_eq!(order, ["看了样品", "发了资料", "电话报价"]);
        assert_eq!((m.kind, m.occurred_at), (Call, t("2026-05-03T02:00:00Z")));
        assert_eq!(
            render(&m.entries, chrono_tz::Asia::Shanghai),
            "[2026-05-01 09:00 拜访] 看了样品\n\n[2026-05-02 11:00 微信] 发了资料\n\n[2026-05-03 10:00 电话] 电话报价"
        );
        assert_eq!(render(&m.entries[..1], chrono_tz::America::New_York), "[2026-04-30 21:00 拜访] 看了样品");
        // A later visit is the one the windows count; a visit known from before an edit is kept.
        let m = merge(m.entries, entry("2026-05-04T00:00:00Z", Visit, "再次拜访"), None);
        assert_eq!((m.kind, m.visited_at), (Visit, Some(t("2026-05-04T00:00:00Z"))));
        let m = merge(
            vec![entry("2026-05-02T00:00:00Z", Call, "改过的全文")],
            entry("2026-05-03T00:00:00Z", Call, "x"),
            Some(visit.at),
        );
        assert_eq!(m.visited_at, Some(visit.at));
        let m = merge(vec![entry("2026-05-02T00:00:00Z", Call, "a")], entry("2026-05-03T00:00:00Z", Email, "b"), None);
        assert_eq!((m.kind, m.visited_at), (Email, None));
    }
}
