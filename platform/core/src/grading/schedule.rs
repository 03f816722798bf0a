//! When the monthly regrading runs: 00:30 on the 1st of every month, in
//! the company's time zone.
//!
//! Half past midnight rather than midnight: the new month has begun in the
//! company's calendar whatever the clocks did that night, and the run stays
//! clear of jobs people schedule "at midnight". Where daylight-saving time
//! makes 00:30 occur twice, the run is at the first; where the clocks jump
//! over it, at the moment of the jump.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::time_window::{local_date, local_instant};

/// Day of the month of the run.
pub const MONTHLY_RUN_DAY: u32 = 1;
/// Local time of the run: (hour, minute).
pub const MONTHLY_RUN_TIME: (u32, u32) = (0, 30);

fn run_on(first: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let (h, m) = MONTHLY_RUN_TIME;
    local_instant(first.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)), tz)
}

/// The first monthly run strictly after `after`, in `tz`. Never panics;
/// at the end of the calendar it answers the last representable instant.
pub fn next_monthly_run(after: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let today = local_date(after, tz);
    let mut first = today.with_day(MONTHLY_RUN_DAY).unwrap_or(today);
    // This month's run, or else next month's. A third round only matters
    // if a zone ever moved its clocks by more than a month.
    for _ in 0..3 {
        let at = run_on(first, tz);
        if at > after {
            return at;
        }
        let Some(next) = first.checked_add_months(Months::new(1)) else { break };
        first = next;
    }
    DateTime::<Utc>::MAX_UTC
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDateTime, TimeDelta, Timelike};
    use chrono_tz::{America, Asia, Australia, Europe, Pacific};
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).expect("a timestamp")
    }

    #[test]
    fn the_first_at_half_past_midnight_local() {
        let sh = Asia::Shanghai;
        // 1 February 00:30 in Shanghai is 31 January 16:30 UTC.
        assert_eq!(next_monthly_run(utc("2026-01-15T00:00:00Z"), sh), utc("2026-01-31T16:30:00Z"));
        assert_eq!(next_monthly_run(utc("2026-01-31T16:29:59Z"), sh), utc("2026-01-31T16:30:00Z"));
        // Strictly after: at the run itself, the next one is a month on.
        assert_eq!(next_monthly_run(utc("2026-01-31T16:30:00Z"), sh), utc("2026-02-28T16:30:00Z"));
        // Already the 1st locally (00:10), the run is twenty minutes away.
        assert_eq!(next_monthly_run(utc("2026-01-31T16:10:00Z"), sh), utc("2026-01-31T16:30:00Z"));
        // Later on the 1st: next month.
        assert_eq!(next_monthly_run(utc("2026-02-01T02:00:00Z"), sh), utc("2026-02-28T16:30:00Z"));
        // Across the year.
        assert_eq!(next_monthly_run(utc("2026-12-05T00:00:00Z"), sh), utc("2026-12-31T16:30:00Z"));
        // Berlin in summer time (UTC+2), then in winter time (UTC+1).
        let be = Europe::Berlin;
        assert_eq!(next_monthly_run(utc("2026-03-29T12:00:00Z"), be), utc("2026-03-31T22:30:00Z"));
        assert_eq!(next_monthly_run(utc("2026-10-29T12:00:00Z"), be), utc("2026-10-31T23:30:00Z"));
    }

    #[test]
    fn daylight_saving_on_the_first() {
        // Asunción, 1 October 2023: clocks jumped from 00:00 to 01:00 (UTC−4 → UTC−3);
        // 00:30 never happened, so the run is at the jump, 01:00 local.
        let py = America::Asuncion;
        let at = next_monthly_run(utc("2023-09-15T00:00:00Z"), py);
        assert_eq!(at, utc("2023-10-01T04:00:00Z"));
        assert_eq!(at.with_timezone(&py).naive_local().time(), NaiveTime::from_hms_opt(1, 0, 0).expect("a time"));
        // Havana, 1 November 2020: clocks fell back from 01:00 to 00:00 (UTC−4 → UTC−5);
        // 00:30 happened twice, the run is at the first.
        let cu = America::Havana;
        assert_eq!(next_monthly_run(utc("2020-10-20T00:00:00Z"), cu), utc("2020-11-01T04:30:00Z"));
        // The second 00:30 is after the run: the next run is December's.
        assert_eq!(next_monthly_run(utc("2020-11-01T05:30:00Z"), cu), utc("2020-12-01T05:30:00Z"));
    }

    #[test]
    fn never_panics_at_the_ends_of_time() {
        assert_eq!(next_monthly_run(DateTime::<Utc>::MAX_UTC, Pacific::Kiritimati), DateTime::<Utc>::MAX_UTC);
        let early = next_monthly_run(DateTime::<Utc>::MIN_UTC, America::New_York);
        assert!(early > DateTime::<Utc>::MIN_UTC);
    }

    fn zones() -> impl Strategy<Value = Tz> {
        prop::sample::select(vec![
            Asia::Shanghai,
            America::New_York,
            Europe::Berlin,
            America::Santiago,
            America::Asuncion,
            America::Havana,
            Australia::Lord_Howe,
            Pacific::Apia,
            Pacific::Chatham,
        ])
    }

    proptest! {
        /// Whatever the instant and zone: the run is later, on the 1st,
        /// within a month and a day, and no run was skipped in between.
        #[test]
        fn runs_are_on_the_first_and_none_is_skipped(secs in 946_684_800i64..2_208_988_800i64, tz in zones()) {
            let after = DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default();
            let at = next_monthly_run(after, tz);
            prop_assert!(at > after);
            let local: NaiveDateTime = at.with_timezone(&tz).naive_local();
            prop_assert_eq!(local.day(), 1);
            prop_assert!(local.hour() <= 2, "{}", local);
            prop_assert!(at - after <= TimeDelta::days(32));
            // One second earlier, the same run is still the next one.
            prop_assert_eq!(next_monthly_run(at - TimeDelta::seconds(1), tz), at);
        }
    }
}
