//! Holidays for customer care mails (节日关怀): the presets a `holiday`
//! trigger names, Chinese holidays first. Fixed-date holidays fall on the
//! same day every year; the lunar ones (春节, 元宵, 端午, 中秋) and 清明 (a
//! solar term) move, so their dates are listed per year for the years the
//! product supports; a year past the table has no such holiday (the
//! trigger starts nothing, rather than guess a date).

use chrono::{Datelike, NaiveDate};

/// A holiday a `holiday` trigger may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holiday {
    /// Its key, e.g. `spring_festival`.
    pub key: &'static str,
    /// Its name, Chinese.
    pub name_zh: &'static str,
    /// Its name, English.
    pub name_en: &'static str,
    when: When,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum When {
    /// Month and day, every year.
    Fixed(u32, u32),
    /// Per year: `(year, month, day)`.
    Listed(&'static [(i32, u32, u32)]),
    /// Days after another listed holiday.
    After(&'static [(i32, u32, u32)], u32),
}

/// 春节 (the first day of the lunar year), 2025–2035.
const SPRING: &[(i32, u32, u32)] = &[
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
    (2031, 1, 23),
    (2032, 2, 11),
    (2033, 1, 31),
    (2034, 2, 19),
    (2035, 2, 8),
];

/// 清明 (the solar term), 2025–2035.
const QINGMING: &[(i32, u32, u32)] = &[
    (2025, 4, 4),
    (2026, 4, 5),
    (2027, 4, 5),
    (2028, 4, 4),
    (2029, 4, 4),
    (2030, 4, 5),
    (2031, 4, 5),
    (2032, 4, 4),
    (2033, 4, 4),
    (2034, 4, 5),
    (2035, 4, 5),
];

/// 端午 (the fifth day of the fifth lunar month), 2025–2035.
const DRAGON_BOAT: &[(i32, u32, u32)] = &[
    (2025, 5, 31),
    (2026, 6, 19),
    (2027, 6, 9),
    (2028, 5, 28),
    (2029, 6, 16),
    (2030, 6, 5),
    (2031, 6, 24),
    (2032, 6, 12),
    (2033, 6, 1),
    (2034, 6, 20),
    (2035, 6, 10),
];

/// 中秋 (the fifteenth day of the eighth lunar month), 2025–2035.
const MID_AUTUMN: &[(i32, u32, u32)] = &[
    (2025, 10, 6),
    (2026, 9, 25),
    (2027, 9, 15),
    (2028, 10, 3),
    (2029, 9, 22),
    (2030, 9, 12),
    (2031, 10, 1),
    (2032, 9, 19),
    (2033, 9, 8),
    (2034, 9, 27),
    (2035, 9, 16),
];

/// Every preset, in calendar order.
pub const ALL: &[Holiday] = &[
    Holiday { key: "new_year", name_zh: "元旦", name_en: "New Year's Day", when: When::Fixed(1, 1) },
    Holiday { key: "spring_festival", name_zh: "春节", name_en: "Spring Festival", when: When::Listed(SPRING) },
    Holiday { key: "lantern", name_zh: "元宵节", name_en: "Lantern Festival", when: When::After(SPRING, 14) },
    Holiday { key: "womens_day", name_zh: "妇女节", name_en: "Women's Day", when: When::Fixed(3, 8) },
    Holiday { key: "qingming", name_zh: "清明节", name_en: "Qingming Festival", when: When::Listed(QINGMING) },
    Holiday { key: "labour_day", name_zh: "劳动节", name_en: "Labour Day", when: When::Fixed(5, 1) },
    Holiday {
        key: "dragon_boat", name_zh: "端午节", name_en: "Dragon Boat Festival", when: When::Listed(DRAGON_BOAT)
    },
    Holiday { key: "mid_autumn", name_zh: "中秋节", name_en: "Mid-Autumn Festival", when: When::Listed(MID_AUTUMN) },
    Holiday { key: "national_day", name_zh: "国庆节", name_en: "National Day", when: When::Fixed(10, 1) },
    Holiday { key: "christmas", name_zh: "圣诞节", name_en: "Christmas", when: When::Fixed(12, 25) },
];

/// The preset with this key.
pub fn get(key: &str) -> Option<&'static Holiday> {
    ALL.iter().find(|h| h.key == key)
}

fn listed(table: &[(i32, u32, u32)], year: i32) -> Option<NaiveDate> {
    table.iter().find(|(y, _, _)| *y == year).and_then(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d))
}

impl Holiday {
    /// Its date in `year`, if the product knows it.
    pub fn date_in(&self, year: i32) -> Option<NaiveDate> {
        match self.when {
            When::Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
            When::Listed(t) => listed(t, year),
            When::After(t, days) => {
                listed(t, year).and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(days))))
            }
        }
    }

    /// Whether `day` is this holiday.
    pub fn is_on(&self, day: NaiveDate) -> bool {
        self.date_in(day.year()) == Some(day)
    }
}

/// Whether `spec` names a holiday a trigger may use: a preset's key, or a
/// company's own day as `MM-DD`.
pub fn is_known(spec: &str) -> bool {
    get(spec).is_some() || parse_month_day(spec).is_some()
}

/// Whether `day` is the holiday `spec` names (false when it names none).
pub fn falls_on(spec: &str, day: NaiveDate) -> bool {
    match get(spec) {
        Some(h) => h.is_on(day),
        None => parse_month_day(spec) == Some((day.month(), day.day())),
    }
}

/// A company's own day as `MM-DD` (an anniversary, a shopping festival),
/// checked; `None` when it is not a real month and day.
pub fn parse_month_day(raw: &str) -> Option<(u32, u32)> {
    let (m, d) = raw.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2024 is a leap year: 02-29 is a real day.
    NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lunar_holidays_move_and_fixed_ones_do_not() {
        let sf = get("spring_festival").expect("valid in the test");
        assert_eq!(sf.date_in(2027), NaiveDate::from_ymd_opt(2027, 2, 6));
        assert!(sf.is_on(NaiveDate::from_ymd_opt(2026, 2, 17).expect("valid in the test")));
        assert_eq!(get("lantern").expect("valid in the test").date_in(2027), NaiveDate::from_ymd_opt(2027, 2, 20));
        assert_eq!(get("national_day").expect("valid in the test").date_in(2031), NaiveDate::from_ymd_opt(2031, 10, 1));
        assert_eq!(sf.date_in(2040), None, "past the table: no guess");
    }

    #[test]
    fn keys_are_unique_and_every_table_covers_the_same_years() {
        let mut keys: Vec<_> = ALL.iter().map(|h| h.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ALL.len());
        for t in [SPRING, QINGMING, DRAGON_BOAT, MID_AUTUMN] {
            assert_eq!(t.iter().map(|x| x.0).collect::<Vec<_>>(), (2025..=2035).collect::<Vec<_>>());
        }
    }

    #[test]
    fn month_days_are_checked() {
        assert_eq!(parse_month_day("06-18"), Some((6, 18)));
        assert_eq!(parse_month_day("02-29"), Some((2, 29)));
        assert_eq!(parse_month_day("02-30"), None);
        assert_eq!(parse_month_day("x"), None);
        let day = NaiveDate::from_ymd_opt(2027, 6, 18).expect("valid in the test");
        assert!(falls_on("06-18", day) && !falls_on("06-19", day) && !falls_on("nope", day));
        assert!(is_known("mid_autumn") && is_known("06-18") && !is_known("13-01"));
    }
}
