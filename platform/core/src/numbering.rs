//! Customer number patterns such as `KH{yyyy}{seq:6}` → `KH2024000123`.
//!
//! A tenant chooses how its customer numbers look. A pattern is literal text
//! (ASCII letters, digits, `-`, `_`) with tokens in braces:
//!
//! | token | renders |
//! |---|---|
//! | `{yyyy}` | the year, four digits |
//! | `{yy}` | the last two digits of the year |
//! | `{mm}` | the month, two digits |
//! | `{dd}` | the day of the month, two digits |
//! | `{seq:N}` | the sequence number, zero-padded to `N` digits (1–12); exactly one is required |
//!
//! Tokens are case-insensitive (`{YYYY}` is `{yyyy}`). Literal text is ASCII
//! only because numbers are typed on phones, sorted, and put in URLs and file
//! names.
//!
//! # Counters
//!
//! The store keeps one counter per (tenant, [`Pattern::scope_key`]). The key
//! is made of the values of the date tokens the pattern renders, so the
//! sequence restarts exactly when the rendered date part changes: every year
//! for `{yyyy}`, every month with `{mm}` as well, never without date tokens.
//! A pattern with `{mm}` but no year shares one counter per calendar month
//! across years, because restarting would repeat last year's numbers.
//!
//! Within one pattern, distinct (scope key, sequence) pairs render distinct
//! numbers while the sequence fits its width; a sequence that outgrows it is
//! rendered in full, never truncated. Changing the literal text keeps the
//! counters (numbers go on rising). A tenant that switches between patterns
//! with different date tokens can in rare cases render a number used before,
//! so the store must still enforce uniqueness and skip to the next sequence
//! on a clash.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::error::FieldError;

/// One piece of a parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    Year4,
    Year2,
    Month,
    Day,
    Seq(u8),
}

/// A validated customer number pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    parts: Vec<Part>,
}

impl Pattern {
    /// The pattern new tenants start with: `KH` (客户) and the year, then a
    /// six-digit sequence that restarts every year.
    pub const DEFAULT: &'static str = "KH{yyyy}{seq:6}";
    /// Longest pattern accepted, in characters.
    pub const MAX_CHARS: usize = 40;
    /// Widest sequence: twelve digits outlast any tenant.
    pub const MAX_SEQ_WIDTH: u8 = 12;

    /// Parse a pattern; `field` names the input for the error. Surrounding
    /// whitespace is ignored.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        let invalid = |msg: String| FieldError::new(field, "invalid", msg);
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "the number pattern is required"));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("the number pattern may have at most {} characters", Self::MAX_CHARS),
            ));
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            match c {
                '{' => {
                    let Some(close) = rest.find('}') else {
                        return Err(invalid("`{` is not closed by `}`".to_owned()));
                    };
                    let token = &rest[1..close];
                    if token.contains('{') {
                        return Err(invalid("`{` is not closed by `}`".to_owned()));
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(parse_token(token).map_err(invalid)?);
                    rest = &rest[close + 1..];
                }
                '}' => return Err(invalid("`}` without a matching `{`".to_owned())),
                c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => {
                    literal.push(c);
                    rest = &rest[1..];
                }
                c => {
                    return Err(invalid(format!(
                        "`{c}` is not allowed; use letters, digits, `-`, `_` and the tokens {{yyyy}} {{yy}} {{mm}} {{dd}} {{seq:N}}"
                    )));
                }
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        match parts.iter().filter(|p| matches!(p, Part::Seq(_))).count() {
            1 => Ok(Pattern { parts }),
            0 => Err(invalid("the pattern needs a sequence token {seq:N}".to_owned())),
            _ => Err(invalid("the pattern may contain only one {seq:N}".to_owned())),
        }
    }

    /// The number for `seq` on `date` (the day the customer is created, in
    /// the tenant's time zone).
    pub fn render(&self, date: NaiveDate, seq: u64) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Seq(width) => out.push_str(&format!("{seq:0width$}", width = usize::from(*width))),
                date_part => out.push_str(&render_date(date_part, date)),
            }
        }
        out
    }

    /// The counter this date's numbers draw from (see the module docs): the
    /// values of the pattern's date tokens, e.g. `Y2024`, `Y2024m03`, `m03`,
    /// or the empty string when the pattern has no date token.
    pub fn scope_key(&self, date: NaiveDate) -> String {
        let has = |p: &Part| self.parts.contains(p);
        let mut key = String::new();
        // A four-digit year tells everything a two-digit one would.
        if has(&Part::Year4) {
            key.push('Y');
            key.push_str(&render_date(&Part::Year4, date));
        } else if has(&Part::Year2) {
            key.push('y');
            key.push_str(&render_date(&Part::Year2, date));
        }
        for (part, tag) in [(Part::Month, 'm'), (Part::Day, 'd')] {
            if has(&part) {
                key.push(tag);
                key.push_str(&render_date(&part, date));
            }
        }
        key
    }

    /// The sequence's zero-padded width `N`.
    pub fn seq_width(&self) -> u8 {
        self.parts.iter().find_map(|p| if let Part::Seq(w) = p { Some(*w) } else { None }).unwrap_or(1)
    }

    /// The largest sequence that fits the width (`10^N - 1`); beyond it
    /// numbers grow longer, which a tenant may want to be warned about.
    pub fn max_seq(&self) -> u64 {
        10u64.pow(u32::from(self.seq_width())) - 1
    }

    /// The pattern in canonical spelling (tokens in lower case, `N` without
    /// leading zeros), for storing.
    pub fn as_string(&self) -> String {
        self.to_string()
    }
}

impl Default for Pattern {
    fn default() -> Self {
        Pattern { parts: vec![Part::Literal("KH".to_owned()), Part::Year4, Part::Seq(6)] }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Literal(s) => f.write_str(s)?,
                Part::Year4 => f.write_str("{yyyy}")?,
                Part::Year2 => f.write_str("{yy}")?,
                Part::Month => f.write_str("{mm}")?,
                Part::Day => f.write_str("{dd}")?,
                Part::Seq(w) => write!(f, "{{seq:{w}}}")?,
            }
        }
        Ok(())
    }
}

fn parse_token(token: &str) -> Result<Part, String> {
    let lower = token.trim().to_ascii_lowercase();
    match lower.as_str() {
        "yyyy" => return Ok(Part::Year4),
        "yy" => return Ok(Part::Year2),
        "mm" => return Ok(Part::Month),
        "dd" => return Ok(Part::Day),
        _ => {}
    }
    if let Some(n) = lower.strip_prefix("seq:") {
        return match n.trim().parse::<u8>() {
            Ok(w) if (1..=Pattern::MAX_SEQ_WIDTH).contains(&w) && n.trim().bytes().all(|b| b.is_ascii_digit()) => {
                Ok(Part::Seq(w))
            }
            _ => Err(format!("in {{seq:N}}, N must be a number from 1 to {}", Pattern::MAX_SEQ_WIDTH)),
        };
    }
    if lower == "seq" {
        return Err("give the sequence a width, e.g. {seq:6}".to_owned());
    }
    Err(format!("unknown token {{{token}}}; use {{yyyy}} {{yy}} {{mm}} {{dd}} {{seq:N}}"))
}

fn render_date(part: &Part, date: NaiveDate) -> String {
    match part {
        Part::Year4 => format!("{:04}", date.year()),
        Part::Year2 => format!("{:02}", date.year().rem_euclid(100)),
        Part::Month => format!("{:02}", date.month()),
        Part::Day => format!("{:02}", date.day()),
        Part::Literal(_) | Part::Seq(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn pattern(s: &str) -> Pattern {
        Pattern::parse(s, "pattern").expect(s)
    }

    #[test]
    fn renders_numbers() {
        let d = date(2024, 3, 5);
        for (p, seq, want) in [
            ("KH{yyyy}{seq:6}", 123, "KH2024000123"),
            ("KH-{yy}{mm}-{seq:4}", 7, "KH-2403-0007"),
            ("{yyyy}{mm}{dd}{seq:3}", 42, "20240305042"),
            ("C_{seq:1}", 9, "C_9"),
            ("C_{seq:1}", 10, "C_10"),
            ("{seq:12}", 1, "000000000001"),
            ("{seq:2}-{yyyy}", 3, "03-2024"),
            ("  kh{YYYY}{Seq:6} ", 1, "kh2024000001"),
        ] {
            assert_eq!(pattern(p).render(d, seq), want, "{p}");
        }
        assert_eq!(pattern("KH{yy}{seq:2}").render(date(2000, 1, 1), 1), "KH0001");
        assert_eq!(Pattern::default().render(d, 1), "KH2024000001");
        assert_eq!(pattern(Pattern::DEFAULT), Pattern::default());
    }

    #[test]
    fn scope_keys_follow_the_date_tokens() {
        let d = date(2024, 3, 5);
        for (p, want) in [
            ("KH{seq:6}", ""),
            ("KH{yyyy}{seq:6}", "Y2024"),
            ("KH{yy}{seq:6}", "y24"),
            ("KH{yyyy}{yy}{seq:6}", "Y2024"),
            ("KH{yyyy}{mm}{seq:4}", "Y2024m03"),
            ("{yy}{mm}{dd}{seq:3}", "y24m03d05"),
            ("KH{mm}{seq:4}", "m03"),
            ("{dd}{seq:4}", "d05"),
            ("{mm}{seq:2}{yyyy}", "Y2024m03"),
        ] {
            assert_eq!(pattern(p).scope_key(d), want, "{p}");
        }
        let yearly = pattern("KH{yyyy}{seq:6}");
        assert_eq!(yearly.scope_key(date(2024, 1, 1)), yearly.scope_key(date(2024, 12, 31)));
        assert_ne!(yearly.scope_key(date(2024, 12, 31)), yearly.scope_key(date(2025, 1, 1)));
        let monthly = pattern("KH{yyyy}{mm}{seq:4}");
        assert_ne!(monthly.scope_key(date(2024, 1, 31)), monthly.scope_key(date(2024, 2, 1)));
        // Literal text does not pick the counter: changing the prefix keeps counting.
        assert_eq!(pattern("A{yyyy}{seq:6}").scope_key(d), pattern("B-{yyyy}-{seq:4}").scope_key(d));
    }

    #[test]
    fn bad_patterns_are_refused() {
        for (raw, reason) in [
            ("", "required"),
            ("   ", "required"),
            ("KH{yyyy}", "invalid"),
            ("KH", "invalid"),
            ("{seq:6}{seq:6}", "invalid"),
            ("KH{seq}", "invalid"),
            ("KH{seq:0}", "invalid"),
            ("KH{seq:13}", "invalid"),
            ("KH{seq:-1}", "invalid"),
            ("KH{seq:+6}", "invalid"),
            ("KH{seq:x}", "invalid"),
            ("KH{hh}{seq:6}", "invalid"),
            ("KH{yyy}{seq:6}", "invalid"),
            ("KH{}{seq:6}", "invalid"),
            ("KH{yyyy{seq:6}", "invalid"),
            ("KH{seq:6", "invalid"),
            ("KH}{seq:6}", "invalid"),
            ("KH {seq:6}", "invalid"),
            ("客户{seq:6}", "invalid"),
            ("KH/{seq:6}", "invalid"),
            ("KH.{seq:6}", "invalid"),
            ("KHＡ{seq:6}", "invalid"),
        ] {
            let err = Pattern::parse(raw, "input.pattern").expect_err(raw);
            assert_eq!((err.field.as_str(), err.reason), ("input.pattern", reason), "{raw}");
        }
        let long = format!("{}{{seq:6}}", "K".repeat(34));
        assert_eq!(Pattern::parse(&long, "p").err().map(|e| e.reason), Some("too_long"));
        assert!(Pattern::parse(&format!("{}{{seq:6}}", "K".repeat(33)), "p").is_ok());
    }

    #[test]
    fn canonical_spelling_and_widths() {
        let p = pattern("kh{YYYY}{SEQ:06}");
        assert_eq!(p.as_string(), "kh{yyyy}{seq:6}");
        assert_eq!((p.seq_width(), p.max_seq()), (6, 999_999));
        assert_eq!(pattern("{seq:12}").max_seq(), 999_999_999_999);
        assert_eq!(pattern("{seq:1}").max_seq(), 9);
    }

    fn any_pattern() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[A-Za-z0-9_-]{1,4}",
            Just("{yyyy}".to_owned()),
            Just("{yy}".to_owned()),
            Just("{mm}".to_owned()),
            Just("{dd}".to_owned()),
        ];
        (proptest::collection::vec(piece.clone(), 0..4), 1u8..=12, proptest::collection::vec(piece, 0..3))
            .prop_map(|(before, w, after)| format!("{}{{seq:{w}}}{}", before.concat(), after.concat()))
            .prop_filter("fits", |s| s.chars().count() <= Pattern::MAX_CHARS)
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (1000i32..=9999, 1u32..=12, 1u32..=31)
            .prop_filter_map("real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn canonical_spelling_round_trips(raw in any_pattern()) {
            let p = Pattern::parse(&raw, "p");
            prop_assert!(p.is_ok(), "{} refused", raw);
            if let Ok(p) = p {
                prop_assert_eq!(Pattern::parse(&p.as_string(), "p").ok(), Some(p));
            }
        }

        #[test]
        fn distinct_counters_and_sequences_render_distinct_numbers(
            raw in any_pattern(), d1 in any_date(), d2 in any_date(), s1 in 0u64..1000, s2 in 0u64..1000,
        ) {
            let p = Pattern::parse(&raw, "p").expect("valid pattern");
            let (s1, s2) = (s1.min(p.max_seq()), s2.min(p.max_seq()));
            let same_counter = p.scope_key(d1) == p.scope_key(d2);
            let (n1, n2) = (p.render(d1, s1), p.render(d2, s2));
            prop_assert_eq!(n1 == n2, same_counter && s1 == s2, "{} {} {}", raw, n1, n2);
            // Numbers from one counter have the same length while they fit.
            if same_counter {
                prop_assert_eq!(n1.len(), n2.len());
            }
        }

        #[test]
        fn sequences_are_never_truncated(raw in any_pattern(), d in any_date(), seq in any::<u64>()) {
            let p = Pattern::parse(&raw, "p").expect("valid pattern");
            prop_assert!(p.render(d, seq).contains(&seq.to_string()));
        }

        #[test]
        fn arbitrary_text_never_panics(raw in "\\PC{0,50}") {
            let _ = Pattern::parse(&raw, "p");
        }
    }
}
