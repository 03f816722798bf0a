//! What people in a company write to each other: posts and replies on the
//! message board (留言板) and suggestions in the suggestion box (建议箱).
//! Here are the validated parts of those messages and the time windows the
//! suggestion box is read by.

use std::fmt;

use chrono::{DateTime, Days, Months, NaiveDateTime, TimeZone as _, Utc};
use chrono_tz::Tz;

use crate::error::{Error, FieldError};
use crate::input::{Checker, Name};

/// Longest title, in characters.
pub const TITLE_MAX: usize = 100;
/// Longest content, in characters.
pub const CONTENT_MAX: usize = 5000;

/// The mood of a board post: one emoji from a fixed set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mood {
    /// 😀
    Happy,
    /// 🙂
    Content,
    /// 😐
    Neutral,
    /// 🙁
    Sad,
    /// 😡
    Angry,
    /// 🎉
    Celebrating,
    /// 👍
    ThumbsUp,
}

impl Mood {
    /// Every mood, in the order a picker shows them.
    pub const ALL: [Mood; 7] =
        [Mood::Happy, Mood::Content, Mood::Neutral, Mood::Sad, Mood::Angry, Mood::Celebrating, Mood::ThumbsUp];

    /// The emoji, which is also the stored and API form.
    pub fn emoji(self) -> &'static str {
        match self {
            Mood::Happy => "😀",
            Mood::Content => "🙂",
            Mood::Neutral => "😐",
            Mood::Sad => "🙁",
            Mood::Angry => "😡",
            Mood::Celebrating => "🎉",
            Mood::ThumbsUp => "👍",
        }
    }

    /// Parse an emoji of the set. A trailing variation selector (U+FE0F),
    /// which some keyboards add, is ignored; skin tones and other emoji are not
    /// in the set.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let s = raw.trim().trim_end_matches('\u{fe0f}');
        Mood::ALL.into_iter().find(|m| m.emoji() == s).ok_or_else(|| {
            let set: Vec<&str> = Mood::ALL.iter().map(|m| m.emoji()).collect();
            FieldError::new(field, "invalid", format!("mood must be one of {}", set.join(" ")))
        })
    }
}

impl fmt::Display for Mood {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.emoji())
    }
}

/// Multi-line text a person wrote: trimmed, 1 to `max` characters, line
/// breaks normalised to `\n`, no control characters other than line breaks
/// and tabs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text(String);

impl Text {
    /// Parse text of at most `max` characters.
    pub fn parse(raw: &str, field: &str, max: usize) -> Result<Self, FieldError> {
        let s = raw.replace("\r\n", "\n").replace('\r', "\n");
        let s = s.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "must not be empty"));
        }
        if s.chars().count() > max {
            return Err(FieldError::new(field, "too_long", format!("must be at most {max} characters")));
        }
        if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(FieldError::new(field, "invalid", "must not contain control characters"));
        }
        Ok(Text(s.to_owned()))
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

/// A title: one line of 1 to [`TITLE_MAX`] characters.
pub fn title(raw: &str, field: &str) -> Result<Name, FieldError> {
    Name::parse(raw, field, TITLE_MAX)
}

/// The content of a post, reply or suggestion: 1 to [`CONTENT_MAX`] characters.
pub fn content(raw: &str, field: &str) -> Result<Text, FieldError> {
    Text::parse(raw, field, CONTENT_MAX)
}

/// A new board post, validated.
#[derive(Clone, Debug)]
pub struct PostDraft {
    /// Title.
    pub title: Name,
    /// Mood.
    pub mood: Mood,
    /// Content.
    pub content: Text,
}

impl PostDraft {
    /// Validate every field at once (`title`, `mood`, `content`).
    pub fn parse(title_raw: &str, mood_raw: &str, content_raw: &str) -> Result<Self, Error> {
        let mut c = Checker::new();
        let title = c.check(title(title_raw, "title"));
        let mood = c.check(Mood::parse(mood_raw, "mood"));
        let content = c.check(content(content_raw, "content"));
        c.finish()?;
        match (title, mood, content) {
            (Some(title), Some(mood), Some(content)) => Ok(PostDraft { title, mood, content }),
            _ => Err(Error::Internal("checker passed with a missing field".into())),
        }
    }
}

/// A change to a board post, validated; `None` keeps a field.
#[derive(Clone, Debug, Default)]
pub struct PostChange {
    /// New title.
    pub title: Option<Name>,
    /// New mood.
    pub mood: Option<Mood>,
    /// New content.
    pub content: Option<Text>,
}

impl PostChange {
    /// Validate the fields given.
    pub fn parse(title_raw: Option<&str>, mood_raw: Option<&str>, content_raw: Option<&str>) -> Result<Self, Error> {
        let mut c = Checker::new();
        let title = title_raw.and_then(|t| c.check(title(t, "title")));
        let mood = mood_raw.and_then(|m| c.check(Mood::parse(m, "mood")));
        let content = content_raw.and_then(|t| c.check(content(t, "content")));
        c.finish()?;
        Ok(PostChange { title, mood, content })
    }

    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.mood.is_none() && self.content.is_none()
    }
}

/// A new suggestion, validated.
#[derive(Clone, Debug)]
pub struct SuggestionDraft {
    /// Title.
    pub title: Name,
    /// Content.
    pub content: Text,
}

impl SuggestionDraft {
    /// Validate every field at once (`title`, `content`).
    pub fn parse(title_raw: &str, content_raw: &str) -> Result<Self, Error> {
        let mut c = Checker::new();
        let title = c.check(title(title_raw, "title"));
        let content = c.check(content(content_raw, "content"));
        c.finish()?;
        match (title, content) {
            (Some(title), Some(content)) => Ok(SuggestionDraft { title, content }),
            _ => Err(Error::Internal("checker passed with a missing field".into())),
        }
    }
}

/// Which suggestions to list, by when they arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuggestionWindow {
    /// Since midnight today, in the company's time zone.
    Today,
    /// The last three days, back from now.
    Last3Days,
    /// The last seven days, back from now.
    LastWeek,
    /// The last month (same day and time one calendar month ago), back from now.
    LastMonth,
    /// Every suggestion.
    All,
}

impl SuggestionWindow {
    /// The earliest arrival time inside the window, or `None` for
    /// [`SuggestionWindow::All`]. Days and months are counted on the company's
    /// wall clock (`tz`), so "last week" is the same local time seven days ago
    /// even across a daylight-saving change.
    pub fn since(self, now: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        let local = now.with_timezone(&tz).naive_local();
        let start = match self {
            SuggestionWindow::All => return None,
            SuggestionWindow::Today => local.date().and_hms_opt(0, 0, 0),
            SuggestionWindow::Last3Days => local.checked_sub_days(Days::new(3)),
            SuggestionWindow::LastWeek => local.checked_sub_days(Days::new(7)),
            SuggestionWindow::LastMonth => local.checked_sub_months(Months::new(1)),
        };
        let fallback = match self {
            SuggestionWindow::Today => now - chrono::Duration::hours(24),
            SuggestionWindow::Last3Days => now - chrono::Duration::days(3),
            SuggestionWindow::LastWeek => now - chrono::Duration::days(7),
            _ => now - chrono::Duration::days(31),
        };
        Some(start.and_then(|s| resolve(s, tz)).map_or(fallback, |s| s.min(now)))
    }
}

/// A local wall-clock time as an instant: the earlier one when the clock was
/// set back, and the first existing instant after it when the clock jumped
/// forward over it (some zones skip midnight).
fn resolve(local: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    (0..=4).find_map(|half_hours| {
        let t = local + chrono::Duration::minutes(30 * half_hours);
        tz.from_local_datetime(&t).earliest().map(|d| d.with_timezone(&Utc))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moods() {
        for m in Mood::ALL {
            assert_eq!(Mood::parse(m.emoji(), "mood").ok(), Some(m));
        }
        assert_eq!(Mood::parse(" 👍\u{fe0f} ", "mood").ok(), Some(Mood::ThumbsUp));
        for bad in ["", "happy", "👍🏻", "😀😀", "🐱", ":)"] {
            assert_eq!(Mood::parse(bad, "mood").err().map(|e| e.reason), Some("invalid"), "{bad:?}");
        }
    }

    #[test]
    fn text() {
        assert_eq!(
            Text::parse("  第一行\r\n第二行\t \n", "c", 10).map(|t| t.0).ok().as_deref(),
            Some("第一行\n第二行")
        );
        assert_eq!(Text::parse(" \n ", "c", 10).err().map(|e| e.reason), Some("required"));
        assert_eq!(Text::parse(&"长".repeat(11), "c", 10).err().map(|e| e.reason), Some("too_long"));
        assert!(Text::parse(&"长".repeat(10), "c", 10).is_ok());
        assert_eq!(Text::parse("a\u{7}b", "c", 10).err().map(|e| e.reason), Some("invalid"));
    }

    #[test]
    fn drafts_report_every_bad_field() {
        let fields = |e: Error| e.fields().iter().map(|f| f.field.clone()).collect::<Vec<_>>();
        let e = PostDraft::parse("", "🐱", &"x".repeat(CONTENT_MAX + 1)).err().map(fields);
        assert_eq!(e, Some(vec!["title".to_owned(), "mood".to_owned(), "content".to_owned()]));
        assert!(PostDraft::parse(&"题".repeat(TITLE_MAX), "🎉", "好消息").is_ok());
        assert_eq!(
            PostDraft::parse(&"题".repeat(TITLE_MAX + 1), "🎉", "好消息").err().map(fields),
            Some(vec!["title".to_owned()])
        );
        let e = SuggestionDraft::parse(" ", " ").err().map(fields);
        assert_eq!(e, Some(vec!["title".to_owned(), "content".to_owned()]));
        assert!(PostChange::parse(None, None, None).is_ok_and(|c| c.is_empty()));
        assert_eq!(PostChange::parse(None, Some("x"), None).err().map(fields), Some(vec!["mood".to_owned()]));
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn windows_follow_the_company_clock() {
        let shanghai = chrono_tz::Asia::Shanghai;
        // 01:30 on 15 March in Shanghai is 17:30 UTC the day before.
        let now = utc("2026-03-14T17:30:00Z");
        assert_eq!(SuggestionWindow::Today.since(now, shanghai), Some(utc("2026-03-14T16:00:00Z")));
        assert_eq!(SuggestionWindow::Today.since(now, chrono_tz::UTC), Some(utc("2026-03-14T00:00:00Z")));
        assert_eq!(SuggestionWindow::Last3Days.since(now, shanghai), Some(utc("2026-03-11T17:30:00Z")));
        assert_eq!(SuggestionWindow::LastWeek.since(now, shanghai), Some(utc("2026-03-07T17:30:00Z")));
        assert_eq!(SuggestionWindow::LastMonth.since(now, shanghai), Some(utc("2026-02-14T17:30:00Z")));
        assert_eq!(SuggestionWindow::All.since(now, shanghai), None);
        // 31 March less a month is the end of February.
        let now = utc("2026-03-31T04:00:00Z");
        assert_eq!(SuggestionWindow::LastMonth.since(now, shanghai), Some(utc("2026-02-28T04:00:00Z")));
    }

    #[test]
    fn windows_across_daylight_saving() {
        let berlin = chrono_tz::Europe::Berlin;
        // Clocks went forward on 29 March 2026; a week before 12:00 CEST is 12:00 CET.
        let now = utc("2026-04-01T10:00:00Z");
        assert_eq!(SuggestionWindow::LastWeek.since(now, berlin), Some(utc("2026-03-25T11:00:00Z")));
        // Where midnight does not exist (Santiago skipped 00:00–01:00 on 6 Sep 2026), today starts at 01:00.
        let santiago = chrono_tz::America::Santiago;
        let now = utc("2026-09-06T15:00:00Z");
        assert_eq!(SuggestionWindow::Today.since(now, santiago), Some(utc("2026-09-06T04:00:00Z")));
    }
}
