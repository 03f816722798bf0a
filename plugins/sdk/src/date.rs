//! Calendar dates without a clock or a time-zone database: plugins get the
//! current time in their input (`now`, in the tenant's UTC offset), so the
//! date part of a timestamp is the tenant's local date.

/// The day number (days since 1970-01-01) of a `YYYY-MM-DD` date or of the
/// date part of an RFC 3339 timestamp (`2024-05-01T08:30:00+08:00`).
pub fn day_number(text: &str) -> Option<i64> {
    let (y, m, d) = ymd(text)?;
    Some(days_from_civil(y, m, d))
}

/// Year, month and day of a `YYYY-MM-DD` date or the date part of a timestamp.
pub fn ymd(text: &str) -> Option<(i64, u32, u32)> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { text.get(r)?.parse::<i64>().ok() };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m as u32) as i64 {
        return None;
    }
    Some((y, m as u32, d as u32))
}

/// Month and day of a `YYYY-MM-DD` or `MM-DD` date (for birthdays).
pub fn month_day(text: &str) -> Option<(u32, u32)> {
    if text.len() == 5 {
        let m: u32 = text.get(0..2)?.parse().ok()?;
        let d: u32 = text.get(3..5)?.parse().ok()?;
        if text.as_bytes()[2] == b'-' && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(2000, m) {
            return Some((m, d));
        }
        return None;
    }
    ymd(text).map(|(_, m, d)| (m, d))
}

/// Whether `year` is a leap year.
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01T00:00:00Z"), Some(11_017));
        assert_eq!(day_number("2024-02-30"), None);
        assert_eq!(month_day("02-29"), Some((2, 29)));
        assert_eq!(month_day("1990-07-15"), Some((7, 15)));
    }
}
