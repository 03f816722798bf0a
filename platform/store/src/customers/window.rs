//! Canned date windows (today, this week, this month) in a tenant's time
//! zone.
//!
//! A minimal, private helper for customer lists; a shared date-window module
//! in `guanxi-core` can replace [`window_bounds`] at no cost to callers.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// A window of local calendar time, relative to now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateWindow {
    /// From local midnight today to midnight tomorrow.
    Today,
    /// From Monday 00:00 this week to Monday 00:00 next week.
    ThisWeek,
    /// From the 1st of this month 00:00 to the 1st of next month 00:00.
    ThisMonth,
}

/// The first instant of `date` in `tz`. Where midnight does not exist (a
/// daylight-saving jump at 00:00), the day starts at the first hour that does.
fn start_of(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    (0..24)
        .find_map(|h| date.and_hms_opt(h, 0, 0).and_then(|t| tz.from_local_datetime(&t).earliest()))
        .map_or_else(|| date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(), |t| t.with_timezone(&Utc))
}

/// `[start, end)` of `window` around `now`, as UTC instants.
pub(crate) fn window_bounds(window: DateWindow, now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = now.with_timezone(&tz).date_naive();
    let (first, next) = match window {
        DateWindow::Today => (today, today + Days::new(1)),
        DateWindow::ThisWeek => {
            let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
            (monday, monday + Days::new(7))
        }
        DateWindow::ThisMonth => {
            let first = today.with_day(1).unwrap_or(today);
            (first, first + Months::new(1))
        }
    };
    (start_of(first, tz), start_of(next, tz))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).expect("a timestamp")
    }

    #[test]
    fn windows_follow_the_local_calendar() {
        let sh = chrono_tz::Asia::Shanghai;
        // Thursday 2026-01-01 01:30 in Shanghai is still 2025 in UTC.
        let now = utc("2025-12-31T17:30:00Z");
        assert_eq!(
            window_bounds(DateWindow::Today, now, sh),
            (utc("2025-12-31T16:00:00Z"), utc("2026-01-01T16:00:00Z"))
        );
        assert_eq!(
            window_bounds(DateWindow::ThisWeek, now, sh),
            (utc("2025-12-28T16:00:00Z"), utc("2026-01-04T16:00:00Z"))
        );
        assert_eq!(
            window_bounds(DateWindow::ThisMonth, now, sh),
            (utc("2025-12-31T16:00:00Z"), utc("2026-01-31T16:00:00Z"))
        );
        // New York, across the spring-forward weekend: the week is 167 hours long.
        let ny = chrono_tz::America::New_York;
        let (start, end) = window_bounds(DateWindow::ThisWeek, utc("2026-03-12T12:00:00Z"), ny);
        assert_eq!((start, end), (utc("2026-03-09T04:00:00Z"), utc("2026-03-16T04:00:00Z")));
        let (start, end) = window_bounds(DateWindow::ThisWeek, utc("2026-03-05T12:00:00Z"), ny);
        assert_eq!(end - start, chrono::Duration::hours(167));
        // A zone whose clocks jumped at midnight (Santiago, 2022-09-11).
        let cl = chrono_tz::America::Santiago;
        let (start, _) = window_bounds(DateWindow::Today, utc("2022-09-11T15:00:00Z"), cl);
        assert_eq!(start, utc("2022-09-11T04:00:00Z"));
    }
}
