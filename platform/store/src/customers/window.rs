//! The canned date windows customer lists offer (today, this week, this
//! month), computed by `guanxi_core::time_window` in the tenant's time zone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use guanxi_core::time_window::Window;

/// A window of local calendar time, relative to now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateWindow {
    /// From local midnight today to midnight tomorrow.
    Today,
    /// From Monday 00:00 this week to Monday 00:00 next week.
    ThisWeek,
    /// From the 1st of this month 00:00 to the 1st of next month 00:00.
    ThisMonth,
}

/// `[start, end)` of `window` around `now`, as UTC instants.
pub(crate) fn window_bounds(window: DateWindow, now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let w = match window {
        DateWindow::Today => Window::Today,
        DateWindow::ThisWeek => Window::ThisWeek,
        DateWindow::ThisMonth => Window::ThisMonth,
    };
    w.bounds(now, tz)
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
