//! Analytics for charts: the periods a time series is counted in, in the
//! company's time zone, and who counts as "the people in scope".
//!
//! Every analytics read is scoped exactly like the customer lists
//! ([`CustomerScope`]): a salesperson counts their own customers, a
//! supervisor their groups', an admin the company's (the pool included). The
//! store translates the same value into SQL; nothing here decides again.
//!
//! A series is counted over whole local periods: days, ISO weeks (Monday
//! first) or calendar months of the company's zone, each turned into a
//! half-open UTC interval with the rules of [`crate::time_window`] (so a day
//! that DST shortens is still one day). The range a client asks for is
//! widened to whole periods, and bounded ([`MAX_PERIODS`], and
//! [`Window::MAX_DAYS`](crate::time_window::Window::MAX_DAYS) days) so that one chart cannot ask for an unbounded
//! number of points.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::customer::CustomerScope;
use crate::error::FieldError;
use crate::roles::UserScope;
use crate::time_window::{DateRange, day_end, day_start};

/// The most periods one series may have: a little over a year of days.
pub const MAX_PERIODS: usize = 400;

/// The length of one period of a series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Bucket {
    /// Local calendar days.
    #[default]
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
}

impl Bucket {
    /// The first day of the period holding `d`.
    pub fn start_of(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Day => d,
            Bucket::Week => d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday())),
            Bucket::Month => d.with_day(1).unwrap_or(d),
        }
    }

    /// The first day of the period after the one starting on `start`.
    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Bucket::Day => start.succ_opt(),
            Bucket::Week => start.checked_add_days(chrono::Days::new(7)),
            Bucket::Month => start.checked_add_months(Months::new(1)),
        }
    }
}

/// One period of a series: its first local day and its UTC interval
/// `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first local day of the period (what a chart labels it by).
    pub first_day: NaiveDate,
    /// The first instant of the period.
    pub start: DateTime<Utc>,
    /// The instant after the period.
    pub end: DateTime<Utc>,
}

/// The periods of a series: consecutive, covering whole periods from the one
/// holding `from` to the one holding `to`, in `tz`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Periods {
    /// Their length.
    pub bucket: Bucket,
    /// The periods, oldest first; never empty.
    pub periods: Vec<Period>,
}

impl Periods {
    /// Check a client's range (`field` names it in errors): `from <= to`, at
    /// most [`Window::MAX_DAYS`](crate::time_window::Window::MAX_DAYS) days, at most [`MAX_PERIODS`] periods.
    pub fn new(from: NaiveDate, to: NaiveDate, bucket: Bucket, tz: Tz, field: &str) -> Result<Periods, FieldError> {
        let range = DateRange::new(from, to, field)?;
        let last = bucket.start_of(range.to());
        let mut first_days = vec![bucket.start_of(range.from())];
        while let Some(&day) = first_days.last()
            && day < last
        {
            if first_days.len() >= MAX_PERIODS {
                return Err(FieldError::new(
                    field,
                    "too_many_periods",
                    format!("a series may have at most {MAX_PERIODS} periods; choose a longer bucket"),
                ));
            }
            match bucket.next(day) {
                Some(next) => first_days.push(next),
                None => break,
            }
        }
        let periods = first_days
            .iter()
            .map(|&d| Period {
                first_day: d,
                start: day_start(d, tz),
                end: bucket.next(d).map_or(DateTime::<Utc>::MAX_UTC, |n| day_start(n, tz)),
            })
            .collect();
        Ok(Periods { bucket, periods })
    }

    /// The instant the first period starts.
    pub fn start(&self) -> DateTime<Utc> {
        self.periods.first().map_or(DateTime::<Utc>::MIN_UTC, |p| p.start)
    }

    /// The instant after the last period.
    pub fn end(&self) -> DateTime<Utc> {
        self.periods.last().map_or(DateTime::<Utc>::MIN_UTC, |p| p.end)
    }
}

/// The half-open UTC interval of whole local days `from..=to` in `tz`, for
/// reads over a range that need no periods (a leaderboard); checked like
/// every client range.
pub fn day_range(
    from: NaiveDate,
    to: NaiveDate,
    tz: Tz,
    field: &str,
) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldError> {
    let range = DateRange::new(from, to, field)?;
    Ok((day_start(range.from(), tz), day_end(range.to(), tz)))
}

/// The people a [`CustomerScope`] counts (whose customers it includes), as
/// a [`UserScope`]: for the reads that are about people rather than
/// customers (a leaderboard, who released and claimed).
pub fn people(scope: &CustomerScope) -> UserScope {
    match scope {
        CustomerScope::All => UserScope::All,
        CustomerScope::Team { me, groups } => UserScope::SelfAndGroups(*me, groups.clone()),
        CustomerScope::Own(me) => UserScope::OnlySelf(*me),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn periods_cover_whole_local_periods() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap_or(Tz::UTC);
        let p = Periods::new(d(2026, 3, 4), d(2026, 3, 18), Bucket::Week, tz, "range").expect("a valid range");
        let days: Vec<NaiveDate> = p.periods.iter().map(|p| p.first_day).collect();
        assert_eq!(days, [d(2026, 3, 2), d(2026, 3, 9), d(2026, 3, 16)]);
        assert_eq!(p.start().to_rfc3339(), "2026-03-01T16:00:00+00:00");
        assert_eq!(p.end().to_rfc3339(), "2026-03-22T16:00:00+00:00");
        let m = Periods::new(d(2026, 1, 31), d(2026, 3, 1), Bucket::Month, tz, "range").expect("a valid range");
        assert_eq!(
            m.periods.iter().map(|p| p.first_day).collect::<Vec<_>>(),
            [d(2026, 1, 1), d(2026, 2, 1), d(2026, 3, 1)]
        );
        let one = Periods::new(d(2026, 1, 5), d(2026, 1, 5), Bucket::Day, tz, "range").expect("a valid range");
        assert_eq!(one.periods.len(), 1);
    }

    #[test]
    fn a_dst_day_is_one_period_of_its_own_length() {
        let tz: Tz = "America/New_York".parse().unwrap_or(Tz::UTC);
        let p = Periods::new(d(2026, 3, 8), d(2026, 3, 9), Bucket::Day, tz, "range").expect("a valid range");
        assert_eq!((p.periods[0].end - p.periods[0].start).num_hours(), 23);
        assert_eq!(p.periods[0].end, p.periods[1].start);
    }

    #[test]
    fn ranges_are_bounded() {
        let tz = Tz::UTC;
        let too_many = Periods::new(d(2024, 1, 1), d(2025, 6, 1), Bucket::Day, tz, "range").expect_err("refused");
        assert_eq!(too_many.reason, "too_many_periods");
        assert!(Periods::new(d(2024, 1, 1), d(2025, 6, 1), Bucket::Week, tz, "range").is_ok());
        assert_eq!(
            Periods::new(d(2024, 1, 2), d(2024, 1, 1), Bucket::Day, tz, "range").expect_err("refused").reason,
            "invalid"
        );
        assert_eq!(
            Periods::new(d(2010, 1, 1), d(2024, 1, 1), Bucket::Month, tz, "range").expect_err("refused").reason,
            "too_long"
        );
        assert_eq!(
            Periods::new(d(2020, 1, 1), d(2024, 12, 31), Bucket::Month, tz, "range")
                .expect("a valid range")
                .periods
                .len(),
            60
        );
    }
}
