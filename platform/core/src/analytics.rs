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

use crate::customer::{CustomerScope, CustomerStatus};
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

/// The sales stages of the conversion funnel, in order: a customer at a
/// later stage has passed the earlier ones (paused and lost are off the
/// path and counted on their own).
pub const FUNNEL: [CustomerStatus; 3] = [CustomerStatus::Prospect, CustomerStatus::Intent, CustomerStatus::Deal];

/// How many customers were created (in some stretch), and how many of them
/// are lost now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Born {
    /// All of them.
    pub all: u64,
    /// Those whose status now is `lost`.
    pub lost: u64,
}

impl Born {
    /// Count `n` more customers, lost now or not.
    pub fn add(&mut self, lost: bool, n: u64) {
        self.all += n;
        if lost {
            self.lost += n;
        }
    }
}

/// A customer's move into or out of the `lost` status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LostMove {
    /// When the customer was created (or any time in the same period, or
    /// before the first when it was created before that).
    pub born: DateTime<Utc>,
    /// When it moved (or any time in the same period, or at the end of the
    /// last when it moved later).
    pub at: DateTime<Utc>,
    /// Into `lost` (else out of it: won back).
    pub into_lost: bool,
    /// How many such moves (the database counts them per period).
    pub n: u64,
}

/// Retention in one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RetentionMonth {
    /// The month's first day.
    pub first_day: NaiveDate,
    /// Customers held at the month's start: created before it and not lost
    /// then.
    pub held: u64,
    /// Of those, kept through the month: `held` less the moves into `lost`
    /// in the month by customers created before it.
    pub kept: u64,
    /// Moves into `lost` in the month (any customer).
    pub lost: u64,
    /// Moves out of `lost` in the month (won back).
    pub won_back: u64,
    /// Customers created in the month.
    pub new: u64,
}

/// Retention per period of `periods` from counts the database aggregates:
/// the customers created before the first period (`before`) and in each
/// period (`created`, one per period), and every move into or out of
/// `lost` since the first period began (later ones included).
///
/// Whether a customer was lost at an instant `t` follows from whether it is
/// lost now and its moves since: each move flips it, so the customers lost
/// at `t` are those lost now, less the moves into `lost` since `t`, plus
/// the moves out of it since `t` (counting only customers created before
/// `t`).
pub fn retention(periods: &Periods, before: Born, created: &[Born], moves: &[LostMove]) -> Vec<RetentionMonth> {
    let mut born_before = before;
    let mut months = Vec::with_capacity(periods.periods.len());
    for (i, p) in periods.periods.iter().enumerate() {
        let (mut into_since, mut out_since) = (0u64, 0u64);
        let (mut lost, mut won_back, mut lost_by_held) = (0u64, 0u64, 0u64);
        for m in moves {
            let by_old = m.born < p.start;
            if m.at >= p.start && by_old {
                if m.into_lost {
                    into_since += m.n;
                } else {
                    out_since += m.n;
                }
            }
            if m.at >= p.start && m.at < p.end {
                if m.into_lost {
                    lost += m.n;
                    if by_old {
                        lost_by_held += m.n;
                    }
                } else {
                    won_back += m.n;
                }
            }
        }
        let lost_then = (born_before.lost + out_since).saturating_sub(into_since);
        let held = born_before.all.saturating_sub(lost_then);
        let new = created.get(i).copied().unwrap_or_default();
        months.push(RetentionMonth {
            first_day: p.first_day,
            held,
            kept: held.saturating_sub(lost_by_held),
            lost,
            won_back,
            new: new.all,
        });
        born_before.all += new.all;
        born_before.lost += new.lost;
    }
    months
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
