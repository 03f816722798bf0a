//! Work plans (工作计划): what a plan's fields may hold, the derived overdue
//! state and the paging limits of plan lists. Who may do what to a plan is in
//! the permission table ([`crate::roles`]).

use chrono::{DateTime, Datelike, SubsecRound, Utc};
use serde::Serialize;

use crate::error::{Error, FieldError};
use crate::input::{Checker, Name};

/// Longest subject, in characters.
pub const SUBJECT_MAX: usize = 100;
/// Longest content, in characters.
pub const CONTENT_MAX: usize = 5000;
/// Longest notes, in characters.
pub const NOTES_MAX: usize = 2000;
/// Plans per page when the client does not say.
pub const DEFAULT_PAGE_SIZE: u64 = 10;
/// Most plans one page may hold.
pub const MAX_PAGE_SIZE: u64 = 100;

/// Free text such as a plan's content or notes: trimmed, at most `max`
/// characters, line breaks and tabs allowed but no other control characters.
/// May be empty.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct LongText(String);

impl LongText {
    /// Parse text of at most `max` characters.
    pub fn parse(raw: &str, field: &str, max: usize) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.chars().count() > max {
            return Err(FieldError::new(field, "too_long", format!("must be at most {max} characters")));
        }
        if s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return Err(FieldError::new(field, "invalid", "must not contain control characters"));
        }
        Ok(LongText(s.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// A plan's start or end. Kept to whole microseconds (what PostgreSQL stores,
/// so a value reads back exactly as written and page cursors stay exact) and
/// to four-digit years (so SQLite's text timestamps sort correctly).
fn plan_time(t: DateTime<Utc>, field: &str) -> Result<DateTime<Utc>, FieldError> {
    if !(1900..=9999).contains(&t.year()) {
        return Err(FieldError::new(field, "out_of_range", "must be between the years 1900 and 9999"));
    }
    Ok(t.trunc_subsecs(6))
}

/// The editable fields of a work plan, validated: subject 1 to 100
/// characters, content up to 5000, notes up to 2000, start not after end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFields {
    /// Subject (主题).
    pub subject: Name,
    /// When the planned work starts.
    pub start: DateTime<Utc>,
    /// When it should be finished.
    pub end: DateTime<Utc>,
    /// What is to be done (内容).
    pub content: LongText,
    /// Remarks (备注).
    pub notes: LongText,
}

impl PlanFields {
    /// Validate a whole plan; every bad field is reported at once, under the
    /// input names `subject`, `start`, `end`, `content` and `notes`.
    pub fn parse(
        subject: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        content: &str,
        notes: &str,
    ) -> Result<Self, Error> {
        let mut c = Checker::new();
        let subject = c.check(Name::parse(subject, "subject", SUBJECT_MAX));
        let start = c.check(plan_time(start, "start"));
        let end = c.check(plan_time(end, "end"));
        let content = c.check(LongText::parse(content, "content", CONTENT_MAX));
        let notes = c.check(LongText::parse(notes, "notes", NOTES_MAX));
        if let (Some(s), Some(e)) = (start, end)
            && s > e
        {
            c.check::<()>(Err(FieldError::new("end", "before_start", "the end must not be before the start")));
        }
        match (subject, start, end, content, notes, c.finish()) {
            (Some(subject), Some(start), Some(end), Some(content), Some(notes), Ok(())) => {
                Ok(PlanFields { subject, start, end, content, notes })
            }
            (.., Err(e)) => Err(e),
            _ => Err(Error::Internal("plan fields failed without an error".into())),
        }
    }
}

/// Whether a plan is overdue: its end has passed and it is not done. Always
/// derived when read, never stored, so it cannot go stale.
pub fn is_overdue(end: DateTime<Utc>, done: bool, now: DateTime<Utc>) -> bool {
    !done && end < now
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, h, 0, 0).single().unwrap_or_default()
    }

    fn fields(e: Error) -> Vec<String> {
        e.fields().iter().map(|f| f.field.clone()).collect()
    }

    #[test]
    fn valid_plans_are_trimmed() {
        let p = PlanFields::parse(" 拜访客户 ", at(9), at(9), " 带样品\n谈价格 ", "");
        let p = p.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.subject.as_str(), "拜访客户");
        assert_eq!(p.content.as_str(), "带样品\n谈价格");
        assert_eq!(p.notes.as_str(), "");
    }

    #[test]
    fn every_bad_field_is_named() {
        let e = PlanFields::parse("  ", at(10), at(9), &"长".repeat(5001), "a\u{7}b").err();
        assert_eq!(e.map(fields).unwrap_or_default(), ["subject", "content", "notes", "end"]);
        let e = PlanFields::parse(&"长".repeat(101), at(9), at(10), &"长".repeat(5000), &"x".repeat(2001)).err();
        assert_eq!(e.map(fields).unwrap_or_default(), ["subject", "notes"]);
        let far = Utc.with_ymd_and_hms(1800, 1, 1, 0, 0, 0).single().unwrap_or_default();
        let e = PlanFields::parse("x", far, at(9), "", "").err();
        assert_eq!(e.map(fields).unwrap_or_default(), ["start"]);
    }

    #[test]
    fn times_keep_microseconds() {
        let t = at(9) + chrono::Duration::nanoseconds(1_234_567);
        let p = PlanFields::parse("x", t, t, "", "").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.start, at(9) + chrono::Duration::microseconds(1234));
    }

    #[test]
    fn overdue_is_end_passed_and_not_done() {
        assert!(is_overdue(at(9), false, at(10)));
        assert!(!is_overdue(at(9), true, at(10)));
        assert!(!is_overdue(at(10), false, at(10)));
        assert!(!is_overdue(at(11), false, at(10)));
    }
}
