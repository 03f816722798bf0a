//! Date windows ("today", "this week", "within 3 days", a client's date
//! range) resolved in a tenant's time zone.
//!
//! A salesperson in Shanghai who asks for "today's conversations" means the
//! Shanghai calendar day, whatever the server's clock or the UTC date says.
//! Every window is therefore defined on *local calendar days* of the tenant's
//! zone and turned into a half-open UTC interval `[start, end)` that the store
//! can compare timestamps against.
//!
//! # Days and daylight-saving time
//!
//! A local day `D` runs from the first instant whose local date is `D` to the
//! instant after the last one. Usually that is local 00:00 to the next local
//! 00:00, but daylight-saving transitions bend it:
//!
//! * Where local midnight does not exist (clocks jump from 23:59:59 to 01:00,
//!   as in São Paulo until 2019), the day starts at the first valid instant
//!   after the gap. A day swallowed whole (Samoa skipped 30 December 2011)
//!   becomes an empty interval.
//! * Where local midnight occurs twice, the day starts at the earlier one
//!   and ends where the last instant still dated `D` ends, so no instant whose
//!   local date is `D` ever falls outside `D`'s window.
//!
//! Nothing here panics on any zone or instant; dates beyond chrono's range
//! saturate to its limits.
//!
//! # Periods that still lie ahead
//!
//! [`Window::bounds`] always gives the *whole* period. Lists such as "to visit
//! this week" want only what is left of it; they intersect with `[now, end)`,
//! which [`Window::remaining`] does for them.

use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::error::FieldError;

/// A window of local calendar days, resolved by [`Window::bounds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// The current local day.
    Today,
    /// The current calendar week: Monday 00:00 local to the next Monday.
    ThisWeek,
    /// The current calendar month: the 1st, 00:00 local, to the next 1st.
    ThisMonth,
    /// The last `n` local days including today: from local midnight `n - 1`
    /// days before today to the end of today. `LastDays(3)` ("within 3
    /// days") on a Wednesday covers Monday, Tuesday and Wednesday.
    ///
    /// Because it ends with today, it also covers instants later today
    /// (a plan due tonight); callers that want only the past cap the end at
    /// `now`. `n` is clamped to `1..=`[`Window::MAX_DAYS`] so any value is safe.
    LastDays(u16),
    /// Whole local days chosen by a client, both ends inclusive.
    Range(DateRange),
}

impl Window {
    /// "Within 3 days" (近三天): today and the two days before.
    pub const LAST_3_DAYS: Window = Window::LastDays(3);
    /// "Within a week" (近一周): today and the six days before.
    pub const LAST_WEEK: Window = Window::LastDays(7);
    /// "Within a month" (近一月): today and the 29 days before. A fixed day
    /// count rather than a calendar month, so the window is equally long
    /// whatever the month and "a month" never means 28 days in February.
    pub const LAST_MONTH: Window = Window::LastDays(30);
    /// "Within a year" (近一年): today and the 364 days before.
    pub const LAST_YEAR: Window = Window::LastDays(365);

    /// Longest rolling window and longest client range, in days (five years
    /// of 365.25 days, rounded up). Bounds the rows a single filter can reach.
    pub const MAX_DAYS: u16 = 1827;

    /// The half-open UTC interval `[start, end)` of the whole window, where
    /// "today" is `now`'s local date in `tz`.
    ///
    /// For every window but [`Window::Range`], `start <= now < end`.
    pub fn bounds(&self, now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let today = local_date(now, tz);
        let (first, last) = match *self {
            Window::Today => (today, today),
            Window::ThisWeek => {
                let monday = sub_days(today, u64::from(today.weekday().num_days_from_monday()));
                (monday, add_days(monday, 6))
            }
            Window::ThisMonth => {
                let first = today.with_day(1).unwrap_or(today);
                let last = first.checked_add_months(Months::new(1)).map_or(NaiveDate::MAX, |next| sub_days(next, 1));
                (first, last)
            }
            Window::LastDays(n) => {
                let n = n.clamp(1, Self::MAX_DAYS);
                (sub_days(today, u64::from(n) - 1), today)
            }
            Window::Range(range) => (range.from, range.to),
        };
        (day_start(first, tz), day_end(last, tz))
    }

    /// What is left of the window from `now` on: `[max(start, now), end)`.
    /// For planning views ("to visit this week") that must not list the
    /// past. Empty (start == end) once the window is over.
    pub fn remaining(&self, now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let (start, end) = self.bounds(now, tz);
        let start = start.max(now);
        (start.min(end), end)
    }
}

/// An inclusive range of local calendar days given by a client, checked on
/// construction: `from <= to` and at most [`Window::MAX_DAYS`] days long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

impl DateRange {
    /// Check a client's range; `field` names the input for the error.
    ///
    /// Days rather than instants because clients pick dates in a calendar;
    /// the tenant's zone turns them into instants in [`Window::bounds`].
    pub fn new(from: NaiveDate, to: NaiveDate, field: &str) -> Result<Self, FieldError> {
        if from > to {
            return Err(FieldError::new(field, "invalid", "the range must not end before it starts"));
        }
        if (to - from).num_days() >= i64::from(Window::MAX_DAYS) {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("the range may span at most {} days", Window::MAX_DAYS),
            ));
        }
        Ok(DateRange { from, to })
    }

    /// The first day, inclusive.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The last day, inclusive.
    pub fn to(&self) -> NaiveDate {
        self.to
    }
}

/// `t`'s local date in `tz`, saturating at chrono's limits where chrono's own
/// conversion would panic.
pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    local_time(t, tz).date()
}

fn local_time(t: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    let offset = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    t.naive_utc().checked_add_offset(offset).unwrap_or(if offset.local_minus_utc() > 0 {
        NaiveDateTime::MAX
    } else {
        NaiveDateTime::MIN
    })
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

fn sub_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(chrono::NaiveTime::MIN)
}

/// The first instant whose local date is `d` (see the module docs).
pub fn day_start(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&midnight(d)) {
        LocalResult::Single(t) => t.to_utc(),
        LocalResult::Ambiguous(a, b) => a.min(b).to_utc(),
        LocalResult::None => first_instant_at_or_after(midnight(d), tz),
    }
}

/// The instant after the last one whose local date is `d`: normally the
/// next local midnight (see the module docs).
pub fn day_end(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let Some(next) = d.succ_opt() else {
        return DateTime::<Utc>::MAX_UTC;
    };
    let next_midnight = midnight(next);
    match tz.from_local_datetime(&next_midnight) {
        LocalResult::Single(t) => t.to_utc(),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.min(b).to_utc(), a.max(b).to_utc());
            // If the clock fell back across midnight, the instants just
            // before the second midnight are still dated `d`.
            let before_b = b - TimeDelta::seconds(1);
            if local_date(before_b, tz) == d { b } else { a }
        }
        LocalResult::None => first_instant_at_or_after(next_midnight, tz),
    }
}

/// The instant a local wall-clock time names in `tz`: when the clocks fell
/// back and it occurred twice, the earlier; when they jumped over it, the
/// moment of the jump (the first instant whose local time is later).
pub fn local_instant(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.to_utc(),
        LocalResult::Ambiguous(a, b) => a.min(b).to_utc(),
        LocalResult::None => first_instant_at_or_after(local, tz),
    }
}

/// The earliest instant whose local time is at or after `local`, for a
/// `local` that falls in a gap: that is the moment the clocks jumped.
fn first_instant_at_or_after(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    // Every UTC offset ever used lies within ±16 h, so the instant sought
    // lies within this bracket around `local` read as UTC.
    let margin = 18 * 3600;
    let guess = local.and_utc().timestamp();
    let (mut lo, mut hi) = (guess - margin, guess + margin);
    let at = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0);
    let reached = |secs: i64| at(secs).is_none_or(|t| local_time(t, tz) >= local);
    // Invariant: `lo` is before the target, `hi` at or after it.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reached(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    at(hi).unwrap_or(if hi < 0 { DateTime::<Utc>::MIN_UTC } else { DateTime::<Utc>::MAX_UTC })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, Timelike};
    use chrono_tz::{America, Asia, Europe, Pacific};
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn local(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        tz.from_local_datetime(&date(y, m, d).and_hms_opt(h, min, 0).expect("valid time"))
            .earliest()
            .expect("local time exists")
            .to_utc()
    }

    fn local_of(t: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
        t.with_timezone(&tz).naive_local()
    }

    fn at_local_midnight(t: DateTime<Utc>, tz: Tz, d: NaiveDate) -> bool {
        local_of(t, tz) == midnight(d)
    }

    #[test]
    fn shanghai_today_week_month() {
        let tz = Asia::Shanghai;
        // Wednesday 2024-03-06 01:30 in Shanghai is still 5 March in UTC.
        let now = local(tz, 2024, 3, 6, 1, 30);
        assert_eq!(now.date_naive(), date(2024, 3, 5));
        let (s, e) = Window::Today.bounds(now, tz);
        assert_eq!((s, e), (local(tz, 2024, 3, 6, 0, 0), local(tz, 2024, 3, 7, 0, 0)));
        let (s, e) = Window::ThisWeek.bounds(now, tz);
        assert_eq!((s, e), (local(tz, 2024, 3, 4, 0, 0), local(tz, 2024, 3, 11, 0, 0)));
        let (s, e) = Window::ThisMonth.bounds(now, tz);
        assert_eq!((s, e), (local(tz, 2024, 3, 1, 0, 0), local(tz, 2024, 4, 1, 0, 0)));
        let (s, e) = Window::LAST_3_DAYS.bounds(now, tz);
        assert_eq!((s, e), (local(tz, 2024, 3, 4, 0, 0), local(tz, 2024, 3, 7, 0, 0)));
        let (s, _) = Window::LAST_WEEK.bounds(now, tz);
        assert_eq!(s, local(tz, 2024, 2, 29, 0, 0));
        let (s, _) = Window::LAST_MONTH.bounds(now, tz);
        assert_eq!(s, local(tz, 2024, 2, 6, 0, 0));
        let (s, _) = Window::LAST_YEAR.bounds(now, tz);
        assert_eq!(s, local(tz, 2023, 3, 8, 0, 0), "2024 is a leap year");
    }

    #[test]
    fn sunday_belongs_to_the_week_that_began_on_monday() {
        let tz = Asia::Shanghai;
        let now = local(tz, 2024, 3, 10, 23, 59);
        let (s, e) = Window::ThisWeek.bounds(now, tz);
        assert_eq!((s, e), (local(tz, 2024, 3, 4, 0, 0), local(tz, 2024, 3, 11, 0, 0)));
        let monday = local(tz, 2024, 3, 11, 0, 0);
        assert_eq!(Window::ThisWeek.bounds(monday, tz).0, monday);
    }

    #[test]
    fn month_ends_and_leap_years() {
        let tz = Asia::Shanghai;
        let m = |y, mo, d| Window::ThisMonth.bounds(local(tz, y, mo, d, 12, 0), tz);
        assert_eq!(m(2024, 1, 31), (local(tz, 2024, 1, 1, 0, 0), local(tz, 2024, 2, 1, 0, 0)));
        assert_eq!(m(2024, 2, 29), (local(tz, 2024, 2, 1, 0, 0), local(tz, 2024, 3, 1, 0, 0)));
        assert_eq!(m(2023, 2, 28), (local(tz, 2023, 2, 1, 0, 0), local(tz, 2023, 3, 1, 0, 0)));
        assert_eq!(m(2023, 12, 31), (local(tz, 2023, 12, 1, 0, 0), local(tz, 2024, 1, 1, 0, 0)));
        // A week that spans two years.
        let (s, e) = Window::ThisWeek.bounds(local(tz, 2025, 1, 1, 8, 0), tz);
        assert_eq!((s, e), (local(tz, 2024, 12, 30, 0, 0), local(tz, 2025, 1, 6, 0, 0)));
        // "Within a month" on 1 March of a leap year reaches back into February.
        let (s, _) = Window::LAST_MONTH.bounds(local(tz, 2024, 3, 1, 9, 0), tz);
        assert_eq!(s, local(tz, 2024, 2, 1, 0, 0));
    }

    #[test]
    fn dst_days_are_23_and_25_hours_long() {
        for (tz, spring, autumn) in [
            (Europe::Berlin, date(2024, 3, 31), date(2024, 10, 27)),
            (America::New_York, date(2024, 3, 10), date(2024, 11, 3)),
        ] {
            let (s, e) = Window::Today.bounds(local(tz, spring.year(), spring.month(), spring.day(), 12, 0), tz);
            assert_eq!(e - s, TimeDelta::hours(23), "{tz} spring");
            let (s, e) = Window::Today.bounds(local(tz, autumn.year(), autumn.month(), autumn.day(), 12, 0), tz);
            assert_eq!(e - s, TimeDelta::hours(25), "{tz} autumn");
        }
        // A week containing the spring change is one hour short.
        let tz = Europe::Berlin;
        let (s, e) = Window::ThisWeek.bounds(local(tz, 2024, 3, 27, 10, 0), tz);
        assert_eq!(e - s, TimeDelta::hours(7 * 24 - 1));
    }

    #[test]
    fn midnight_that_does_not_exist_starts_at_the_jump() {
        // São Paulo, 4 Nov 2018: clocks jumped from 00:00 to 01:00.
        let tz = America::Sao_Paulo;
        let d = date(2018, 11, 4);
        assert!(tz.from_local_datetime(&midnight(d)).single().is_none());
        let start = day_start(d, tz);
        assert_eq!(local_of(start, tz), d.and_hms_opt(1, 0, 0).expect("time"));
        assert_eq!(local_of(start - TimeDelta::seconds(1), tz), date(2018, 11, 3).and_hms_opt(23, 59, 59).expect("t"));
        let now = local(tz, 2018, 11, 4, 12, 0);
        let (s, e) = Window::Today.bounds(now, tz);
        assert_eq!((s, e - s), (start, TimeDelta::hours(23)));
        // The day before ends where this one starts.
        assert_eq!(day_end(date(2018, 11, 3), tz), start);
    }

    #[test]
    fn a_skipped_day_is_empty_and_its_neighbours_touch() {
        // Samoa moved across the date line: 29 Dec 2011 was followed by 31 Dec.
        let tz = Pacific::Apia;
        let skipped = date(2011, 12, 30);
        assert_eq!(day_start(skipped, tz), day_end(skipped, tz));
        assert_eq!(day_end(date(2011, 12, 29), tz), day_start(date(2011, 12, 31), tz));
        let now = local(tz, 2011, 12, 29, 18, 0);
        let (s, e) = Window::Today.bounds(now, tz);
        assert!(s <= now && now < e);
        assert_eq!(e - s, TimeDelta::hours(24));
    }

    #[test]
    fn midnight_that_occurs_twice() {
        // Havana, 1 Nov 2015: clocks fell back from 01:00 to 00:00, so
        // midnight happened twice; the day starts at the first one.
        let tz = America::Havana;
        let d = date(2015, 11, 1);
        assert!(matches!(tz.from_local_datetime(&midnight(d)), LocalResult::Ambiguous(..)));
        let start = day_start(d, tz);
        assert!(at_local_midnight(start, tz, d));
        assert_eq!(local_of(start - TimeDelta::seconds(1), tz).date(), date(2015, 10, 31));
        assert_eq!(day_end(date(2015, 10, 31), tz), start);
        let (s, e) = Window::Today.bounds(local(tz, 2015, 11, 1, 12, 0), tz);
        assert_eq!((s, e - s), (start, TimeDelta::hours(25)));
    }

    #[test]
    fn ranges_are_checked_and_cover_whole_days() {
        let tz = Asia::Shanghai;
        let r = DateRange::new(date(2024, 3, 1), date(2024, 3, 31), "range").expect("valid range");
        assert_eq!((r.from(), r.to()), (date(2024, 3, 1), date(2024, 3, 31)));
        let now = local(tz, 2020, 1, 1, 0, 0);
        let (s, e) = Window::Range(r).bounds(now, tz);
        assert_eq!((s, e), (local(tz, 2024, 3, 1, 0, 0), local(tz, 2024, 4, 1, 0, 0)));
        let one = DateRange::new(date(2024, 3, 5), date(2024, 3, 5), "range").expect("one day");
        assert_eq!(Window::Range(one).bounds(now, tz), (local(tz, 2024, 3, 5, 0, 0), local(tz, 2024, 3, 6, 0, 0)));

        let err = DateRange::new(date(2024, 3, 2), date(2024, 3, 1), "input.range").expect_err("reversed");
        assert_eq!((err.field.as_str(), err.reason), ("input.range", "invalid"));
        assert!(DateRange::new(date(2020, 1, 1), date(2024, 12, 31), "r").is_ok());
        let err = DateRange::new(date(2020, 1, 1), date(2025, 1, 1), "r").expect_err("too long");
        assert_eq!(err.reason, "too_long");
        assert!(DateRange::new(NaiveDate::MIN, NaiveDate::MAX, "r").is_err());
    }

    #[test]
    fn last_days_is_clamped() {
        let tz = Asia::Kolkata;
        let now = local(tz, 2024, 6, 15, 10, 0);
        assert_eq!(Window::LastDays(0).bounds(now, tz), Window::Today.bounds(now, tz));
        assert_eq!(Window::LastDays(u16::MAX).bounds(now, tz), Window::LastDays(Window::MAX_DAYS).bounds(now, tz));
    }

    #[test]
    fn remaining_starts_now_and_empties_when_over() {
        let tz = Europe::Berlin;
        let now = local(tz, 2024, 5, 15, 14, 0);
        let (s, e) = Window::ThisWeek.remaining(now, tz);
        assert_eq!((s, e), (now, local(tz, 2024, 5, 20, 0, 0)));
        let past = DateRange::new(date(2024, 1, 1), date(2024, 1, 31), "r").expect("range");
        let (s, e) = Window::Range(past).remaining(now, tz);
        assert_eq!(s, e);
        let future = DateRange::new(date(2024, 6, 1), date(2024, 6, 30), "r").expect("range");
        assert_eq!(Window::Range(future).remaining(now, tz), Window::Range(future).bounds(now, tz));
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        for now in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            for tz in [Asia::Shanghai, America::New_York, Pacific::Auckland] {
                for w in [Window::Today, Window::ThisWeek, Window::ThisMonth, Window::LAST_YEAR] {
                    let (s, e) = w.bounds(now, tz);
                    assert!(s <= e);
                }
            }
        }
    }

    const ZONES: [Tz; 5] = [Asia::Shanghai, Europe::Berlin, America::New_York, Pacific::Auckland, Asia::Kolkata];

    /// Zones with unusual history: midnight gaps and folds, a skipped day,
    /// half-hour DST, offsets of ±12 h and more.
    const ODD_ZONES: [Tz; 9] = [
        America::Sao_Paulo,
        America::Havana,
        America::Santiago,
        Asia::Tehran,
        Pacific::Apia,
        Pacific::Kiritimati,
        chrono_tz::Australia::Lord_Howe,
        Asia::Gaza,
        America::Nuuk,
    ];

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 1970 to 2100: every midnight exists in the five main zones.
        (0i64..4_102_444_800).prop_map(|s| DateTime::<Utc>::from_timestamp(s, 0).expect("in range"))
    }

    fn wide_instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 1900 to 2100, through the zones' oddest history.
        (-2_208_988_800i64..4_102_444_800).prop_map(|s| DateTime::<Utc>::from_timestamp(s, 0).expect("in range"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn calendar_windows_contain_now(now in any_instant(), z in 0..ZONES.len()) {
            let tz = ZONES[z];
            for w in [Window::Today, Window::ThisWeek, Window::ThisMonth, Window::LAST_3_DAYS, Window::LAST_YEAR] {
                let (s, e) = w.bounds(now, tz);
                prop_assert!(s <= now && now < e, "{w:?} {tz} {now}: [{s}, {e})");
            }
        }

        #[test]
        fn today_is_one_local_day(now in any_instant(), z in 0..ZONES.len()) {
            let tz = ZONES[z];
            let today = now.with_timezone(&tz).date_naive();
            let (s, e) = Window::Today.bounds(now, tz);
            prop_assert!(at_local_midnight(s, tz, today));
            prop_assert!(at_local_midnight(e, tz, today.succ_opt().expect("date")));
            prop_assert!(e - s >= TimeDelta::hours(23) && e - s <= TimeDelta::hours(25));
            prop_assert_eq!(Window::LastDays(1).bounds(now, tz), (s, e));
        }

        #[test]
        fn this_week_starts_monday_and_lasts_seven_days(now in any_instant(), z in 0..ZONES.len()) {
            let tz = ZONES[z];
            let (s, e) = Window::ThisWeek.bounds(now, tz);
            let monday = local_of(s, tz).date();
            prop_assert_eq!(monday.weekday(), chrono::Weekday::Mon);
            prop_assert_eq!(local_of(s, tz).time(), NaiveTime::MIN);
            prop_assert!(at_local_midnight(e, tz, monday + Days::new(7)));
            let minutes = (e - s).num_minutes();
            prop_assert!(((7 * 24 - 1) * 60..=(7 * 24 + 1) * 60).contains(&minutes));
        }

        #[test]
        fn this_month_starts_on_the_first(now in any_instant(), z in 0..ZONES.len()) {
            let tz = ZONES[z];
            let today = now.with_timezone(&tz).date_naive();
            let (s, e) = Window::ThisMonth.bounds(now, tz);
            let first = local_of(s, tz).date();
            prop_assert_eq!((first.day(), first.month(), first.year()), (1, today.month(), today.year()));
            prop_assert_eq!(local_of(s, tz).time(), NaiveTime::MIN);
            let next = local_of(e, tz);
            prop_assert_eq!((next.day(), next.hour(), next.minute()), (1, 0, 0));
            prop_assert_eq!(next.date(), first + Months::new(1));
            // The last second of the month is still in it.
            prop_assert_eq!(local_of(e - TimeDelta::seconds(1), tz).month(), today.month());
        }

        #[test]
        fn windows_nest(now in any_instant(), z in 0..ZONES.len()) {
            let tz = ZONES[z];
            let today = Window::Today.bounds(now, tz);
            let inside = |(s, e): (DateTime<Utc>, DateTime<Utc>)| s <= today.0 && today.1 <= e;
            prop_assert!(inside(Window::ThisWeek.bounds(now, tz)));
            prop_assert!(inside(Window::ThisMonth.bounds(now, tz)));
            prop_assert!(inside(Window::LAST_3_DAYS.bounds(now, tz)));
            let (w, m, y) = (Window::LAST_WEEK.bounds(now, tz), Window::LAST_MONTH.bounds(now, tz), Window::LAST_YEAR.bounds(now, tz));
            prop_assert!(y.0 <= m.0 && m.0 <= w.0 && w.0 <= today.0);
            prop_assert!(w.1 == today.1 && m.1 == today.1 && y.1 == today.1);
            // A week's start lies within this month or the one before.
            let week = Window::ThisWeek.bounds(now, tz);
            let month = Window::ThisMonth.bounds(now, tz);
            prop_assert!(week.0 >= month.0 - TimeDelta::days(7));
        }

        #[test]
        fn consecutive_days_tile_the_timeline(now in any_instant(), z in 0..ZONES.len()) {
            let tz = ZONES[z];
            let (_, e) = Window::Today.bounds(now, tz);
            prop_assert_eq!(Window::Today.bounds(e, tz).0, e);
            let (_, e) = Window::ThisWeek.bounds(now, tz);
            prop_assert_eq!(Window::ThisWeek.bounds(e, tz).0, e);
            let (_, e) = Window::ThisMonth.bounds(now, tz);
            prop_assert_eq!(Window::ThisMonth.bounds(e, tz).0, e);
        }

        #[test]
        fn odd_zones_never_panic_and_contain_now(now in wide_instant(), z in 0..ODD_ZONES.len() + ZONES.len()) {
            let tz = if z < ODD_ZONES.len() { ODD_ZONES[z] } else { ZONES[z - ODD_ZONES.len()] };
            let today = now.with_timezone(&tz).date_naive();
            for w in [Window::Today, Window::ThisWeek, Window::ThisMonth, Window::LAST_WEEK] {
                let (s, e) = w.bounds(now, tz);
                prop_assert!(s <= now && now < e, "{w:?} {tz} {now}: [{s}, {e})");
            }
            // The day starts at local midnight, or at the first instant after
            // a gap that swallowed it; nothing earlier is dated today.
            let (s, _) = Window::Today.bounds(now, tz);
            let start = local_of(s, tz);
            prop_assert!(start >= midnight(today));
            prop_assert!(local_of(s - TimeDelta::seconds(1), tz).date() < today);
            if tz.from_local_datetime(&midnight(today)).earliest().is_some() {
                prop_assert_eq!(start, midnight(today));
            }
        }

        #[test]
        fn remaining_is_inside_bounds(now in any_instant(), z in 0..ZONES.len(), days in 0u16..3000) {
            let tz = ZONES[z];
            for w in [Window::ThisWeek, Window::LastDays(days)] {
                let (s, e) = w.bounds(now, tz);
                let (rs, re) = w.remaining(now, tz);
                prop_assert!(s <= rs && rs == now && re == e);
            }
        }
    }
}
