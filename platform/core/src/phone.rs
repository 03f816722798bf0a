//! Telephone numbers as customers write them, normalised so that one number
//! has one spelling: duplicates are found, and searching for any run of its
//! digits finds it.
//!
//! Normal forms (what [`Phone::as_str`] returns):
//!
//! | kind | examples of input | normal form |
//! |---|---|---|
//! | mainland mobile | `138 1234 5678`, `+86 138-1234-5678`, `0086 13812345678`, `8613812345678` | `13812345678` |
//! | landline with area code | `(021) 1234 5678`, `021-1234-5678`, `+86 21 12345678`, `+86 (0)755 1234567` | `021-12345678`, `0755-1234567` |
//! | landline with extension | `010-12345678 转 801`, `010-12345678-801`, `010 12345678 ext. 801` | `010-12345678转801` |
//! | local landline, no area code | `8888 8888` | `88888888` |
//! | 400/800 service number | `400 123 4567`, `400-1234567` | `400-123-4567` |
//! | international | `+1 (415) 555-0100`, `001 415 555 0100`, `+852 9123 4567` | `+14155550100`, `+85291234567` |
//!
//! Mobiles are bare digits because that is how they are dialled and read
//! aloud in China; landlines keep a hyphen after the area code because
//! `02112345678` is hard to read and the area code tells the city. An
//! extension follows `转` as on Chinese business cards: a hyphen would be
//! ambiguous (`0755-1234567-8` is also `0755-12345678`). Foreign
//! numbers are E.164 (`+`, country code, number) so they never collide with a
//! mainland number.
//!
//! Input may use full-width characters (`１３８`, `＋８６`, `（０２１）`),
//! spaces, hyphens and dashes, dots and parentheses. Anything else, or digits
//! that form no number of the kinds above, is refused with reason `invalid`.

use std::fmt;

use serde::Serialize;

use crate::error::FieldError;
use crate::text::to_half_width;

/// The kind of a [`Phone`], derived from its normal form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    /// A mainland China mobile: 11 digits starting with 13–19.
    Mobile,
    /// A mainland landline, with or without area code and extension.
    Landline,
    /// A nationwide 400 or 800 service number.
    Service,
    /// A number outside mainland China, kept in E.164 form.
    International,
}

/// A normalised telephone number (see the module docs for the forms).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

/// Longest input accepted, in characters: generous for spacing and an
/// extension, short enough that a pasted paragraph is refused outright.
const MAX_INPUT_CHARS: usize = 40;

/// Characters that split one cell or field holding several numbers.
const LIST_SEPARATORS: &[char] = &[',', '，', ';', '；', '/', '、', '|', '\n', '\r'];

impl Phone {
    /// Parse and normalise one number; `field` names the input for the error.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let s = to_half_width(raw);
        let s = s.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "phone number is required"));
        }
        if s.chars().count() > MAX_INPUT_CHARS {
            return Err(FieldError::new(field, "invalid", "not a phone number"));
        }
        normalise(s).map(Phone).ok_or_else(|| FieldError::new(field, "invalid", format!("`{s}` is not a phone number")))
    }

    /// Parse a cell or field that may hold several numbers separated by
    /// `,` `;` `/` `、` `|` or line breaks (full-width too), as imported
    /// spreadsheets often do. Empty parts are skipped and numbers that
    /// normalise alike are kept once, in their first position; an empty input
    /// gives an empty list. The first bad part fails the whole input, so an
    /// import never keeps half a cell.
    pub fn parse_many(raw: &str, field: &str) -> Result<Vec<Self>, FieldError> {
        let mut out: Vec<Phone> = Vec::new();
        for part in raw.split(LIST_SEPARATORS) {
            if to_half_width(part).trim().is_empty() {
                continue;
            }
            let phone = Phone::parse(part, field)?;
            if !out.contains(&phone) {
                out.push(phone);
            }
        }
        Ok(out)
    }

    /// The normal form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits of the normal form, without `+` or hyphens: the key for
    /// finding duplicates and the text that digit searches match against
    /// (a search for `1234` finds `021-12345678`).
    pub fn digits(&self) -> String {
        self.0.chars().filter(char::is_ascii_digit).collect()
    }

    /// Which kind of number this is.
    pub fn kind(&self) -> PhoneKind {
        let d = self.0.as_bytes();
        match d.first() {
            Some(b'+') => PhoneKind::International,
            Some(b'1') if d.len() == 11 => PhoneKind::Mobile,
            Some(b'4' | b'8') if d.len() >= 12 && d[3] == b'-' => PhoneKind::Service,
            _ => PhoneKind::Landline,
        }
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Turn what a user typed into a search box into the digits to look for in
/// [`Phone::digits`], or `None` when it is not a phone search (it holds
/// letters, or no digit at all). Separators are dropped and a leading `+86`
/// or `0086` is removed, because stored mainland numbers carry no country
/// code.
pub fn digits_query(raw: &str) -> Option<String> {
    let s = to_half_width(raw);
    let s = s.trim();
    let rest = s.strip_prefix('+').unwrap_or(s);
    if !rest.chars().all(|c| c.is_ascii_digit() || is_separator(c)) {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let digits = if s.starts_with('+') {
        digits.strip_prefix("86").map(str::to_owned).unwrap_or(digits)
    } else if let Some(d) = digits.strip_prefix("0086") {
        d.to_owned()
    } else {
        digits
    };
    (!digits.is_empty()).then_some(digits)
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '-' | '(' | ')' | '.' | '\u{2010}'..='\u{2015}' | '\u{00A0}' | '\u{2212}')
}

/// Markers that introduce an extension; `转` and `分机` are how Chinese
/// business cards write it.
const EXTENSION_MARKERS: &[&str] = &["分机", "转", "ext.", "ext", "x", "#"];

fn normalise(s: &str) -> Option<String> {
    // Spreadsheets that stored a number as a float export `13812345678.0`.
    let s = match s.strip_suffix(".0") {
        Some(head) if head.chars().all(|c| c.is_ascii_digit()) => head,
        _ => s,
    };
    let s = strip_ascii_prefix(s, "tel:").unwrap_or(s).trim();

    let (main, ext) = split_extension(s)?;
    // `(+86)` is a common way to set the country code apart.
    let main = main.trim_start_matches(['(', ' ']);
    let plus = main.starts_with('+');
    let body = main.strip_prefix('+').unwrap_or(main);
    if !body.chars().all(|c| c.is_ascii_digit() || is_separator(c)) {
        return None;
    }
    // Digit runs as the user grouped them: a trailing group may be an
    // extension written with a plain hyphen (`010-12345678-801`).
    let groups: Vec<&str> = body.split(is_separator).filter(|g| !g.is_empty()).collect();
    let digits: String = groups.concat();

    if let Some(found) = classify(&digits, plus, ext.as_deref()) {
        return Some(found);
    }
    match (ext, groups.split_last()) {
        (None, Some((last, head))) if !head.is_empty() && (1..=6).contains(&last.len()) => {
            classify(&head.concat(), plus, Some(last))
        }
        _ => None,
    }
}

fn strip_ascii_prefix<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Split off an extension introduced by a marker. `None` when the text after
/// a marker is not 1–6 digits.
fn split_extension(s: &str) -> Option<(&str, Option<String>)> {
    let lower = s.to_ascii_lowercase();
    for marker in EXTENSION_MARKERS {
        if let Some(at) = lower.find(marker) {
            let main = s[..at].trim();
            let tail = s[at + marker.len()..].trim_start_matches([':', ' ', '.']);
            if !tail.chars().all(|c| c.is_ascii_digit() || is_separator(c)) {
                return None;
            }
            let ext: String = tail.chars().filter(char::is_ascii_digit).collect();
            if !(1..=6).contains(&ext.len()) {
                return None;
            }
            return Some((main, Some(ext)));
        }
    }
    Some((s, None))
}

/// Recognise `digits` (with `plus` when written after a `+`) as one of the
/// supported kinds and render its normal form.
fn classify(digits: &str, plus: bool, ext: Option<&str>) -> Option<String> {
    if plus {
        return match digits.strip_prefix("86") {
            Some(national) => domestic(national, true, ext),
            None => international(digits, ext),
        };
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return match rest.strip_prefix("86") {
            Some(national) => domestic(national, true, ext),
            None => international(rest, ext),
        };
    }
    // `86` without `+` is common before a mobile; before anything else it is
    // too likely to be part of a local number to strip.
    if let Some(national) = digits.strip_prefix("86")
        && is_mobile(national)
        && ext.is_none()
    {
        return Some(national.to_owned());
    }
    domestic(digits, false, ext)
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

fn international(digits: &str, ext: Option<&str>) -> Option<String> {
    // E.164 has no extensions; a country code never starts with 0.
    let ok = ext.is_none() && (7..=15).contains(&digits.len()) && !digits.starts_with('0');
    ok.then(|| format!("+{digits}"))
}

/// A mainland number without country code. `after_country_code`: it
/// followed `+86`, where the trunk `0` of an area code is usually dropped.
fn domestic(d: &str, after_country_code: bool, ext: Option<&str>) -> Option<String> {
    let with_ext = |base: String| match ext {
        Some(e) => format!("{base}转{e}"),
        None => base,
    };
    if is_mobile(d) {
        return ext.is_none().then(|| d.to_owned());
    }
    // Dialling 0 before a mobile from another city was once required.
    if let Some(m) = d.strip_prefix('0')
        && is_mobile(m)
    {
        return ext.is_none().then(|| m.to_owned());
    }
    if d.len() == 10 && (d.starts_with("400") || d.starts_with("800")) {
        return Some(with_ext(format!("{}-{}-{}", &d[..3], &d[3..6], &d[6..])));
    }
    // Subscriber numbers start with 2–9; after an area code a leading 1 is
    // let through, because placeholder numbers like `021-12345678` are
    // everywhere in real data and the area code keeps them apart from mobiles.
    let is_local =
        |n: &str, first_digits: &str| (7..=8).contains(&n.len()) && n.starts_with(|c: char| first_digits.contains(c));
    let national = if after_country_code && !d.starts_with('0') { format!("0{d}") } else { d.to_owned() };
    if national.starts_with('0') {
        // 010 (Beijing) and 020–029 are the only three-digit area codes;
        // every other area code has four digits.
        let area_len = if national.len() < 4 || (national.starts_with("01") && !national.starts_with("010")) {
            return None;
        } else if national.starts_with("010") || national.starts_with("02") {
            3
        } else {
            4
        };
        let (area, local) = national.split_at(area_len);
        return is_local(local, "123456789").then(|| with_ext(format!("{area}-{local}")));
    }
    (!after_country_code && is_local(d, "23456789")).then(|| with_ext(d.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn norm(raw: &str) -> Option<String> {
        Phone::parse(raw, "phone").ok().map(|p| p.0)
    }

    #[test]
    fn mainland_mobiles() {
        for raw in [
            "13812345678",
            " 138 1234 5678 ",
            "138-1234-5678",
            "(138)1234-5678",
            "138.1234.5678",
            "+86 138 1234 5678",
            "+86-138-1234-5678",
            "+8613812345678",
            "(+86) 13812345678",
            "+86 (138) 1234 5678",
            "0086 13812345678",
            "0086-138-1234-5678",
            "8613812345678",
            "86 138 1234 5678",
            "013812345678",
            "１３８１２３４５６７８",
            "＋８６　１３８－１２３４－５６７８",
            "138—1234—5678",
            "138–1234–5678",
            "13812345678.0",
            "tel:+86-138-1234-5678",
        ] {
            assert_eq!(norm(raw).as_deref(), Some("13812345678"), "{raw}");
        }
        for raw in ["19912345678", "16612345678", "14712345678", "17012345678"] {
            assert_eq!(norm(raw).as_deref(), Some(raw));
        }
        let p = Phone::parse("+86 139 0000 1111", "p").expect("mobile");
        assert_eq!((p.kind(), p.digits()), (PhoneKind::Mobile, "13900001111".to_owned()));
    }

    #[test]
    fn landlines() {
        for (raw, want) in [
            ("021-12345678", "021-12345678"),
            ("02112345678", "021-12345678"),
            ("(021)12345678", "021-12345678"),
            ("(021) 1234 5678", "021-12345678"),
            ("021 1234 5678", "021-12345678"),
            ("021-1234-5678", "021-12345678"),
            ("（０２１）１２３４５６７８", "021-12345678"),
            ("+86 21 1234 5678", "021-12345678"),
            ("+86-21-12345678", "021-12345678"),
            ("+86 (0)21 1234 5678", "021-12345678"),
            ("+86 021 12345678", "021-12345678"),
            ("0086 21 12345678", "021-12345678"),
            ("010-87654321", "010-87654321"),
            ("020 8888 6666", "020-88886666"),
            ("(0755) 1234 5678", "0755-12345678"),
            ("0755-1234567", "0755-1234567"),
            ("+86 755 8888 9999", "0755-88889999"),
            ("0571-8765 4321", "0571-87654321"),
            ("0898-66668888", "0898-66668888"),
            ("8888 8888", "88888888"),
            ("6543210", "6543210"),
        ] {
            assert_eq!(norm(raw).as_deref(), Some(want), "{raw}");
            assert_eq!(Phone::parse(raw, "p").map(|p| p.kind()).ok(), Some(PhoneKind::Landline), "{raw}");
        }
        assert_eq!(Phone::parse("(0755) 1234 5678", "p").map(|p| p.digits()).ok().as_deref(), Some("075512345678"));
    }

    #[test]
    fn extensions() {
        for (raw, want) in [
            ("010-12345678 转 801", "010-12345678转801"),
            ("010-12345678转801", "010-12345678转801"),
            ("010-12345678 分机 801", "010-12345678转801"),
            ("010-12345678 ext. 801", "010-12345678转801"),
            ("010-12345678 EXT 801", "010-12345678转801"),
            ("010-12345678x801", "010-12345678转801"),
            ("010-12345678#801", "010-12345678转801"),
            ("010-12345678-801", "010-12345678转801"),
            ("010 12345678 801", "010-12345678转801"),
            ("(0755)1234567-8", "0755-12345678"),
            ("0755-1234567 转 8", "0755-1234567转8"),
            ("400-123-4567 转 2", "400-123-4567转2"),
            ("400-123-4567-2", "400-123-4567转2"),
        ] {
            assert_eq!(norm(raw).as_deref(), Some(want), "{raw}");
        }
        // Mobiles and foreign numbers take no extension.
        for raw in [
            "13812345678 转 1",
            "13812345678-1",
            "+1 415 555 0100 ext 12",
            "010-12345678 转",
            "010-12345678 转 1234567",
        ] {
            assert_eq!(norm(raw), None, "{raw}");
        }
    }

    #[test]
    fn service_numbers() {
        for raw in ["400-123-4567", "4001234567", "400 1234 567", "800-820-8820", "+86 400 123 4567"] {
            let p = Phone::parse(raw, "p").expect(raw);
            assert_eq!(p.kind(), PhoneKind::Service, "{raw}");
        }
        assert_eq!(norm("400 1234 567").as_deref(), Some("400-123-4567"));
    }

    #[test]
    fn international_numbers() {
        for (raw, want) in [
            ("+1 (415) 555-0100", "+14155550100"),
            ("001 415 555 0100", "+14155550100"),
            ("+852 9123 4567", "+85291234567"),
            ("+853 6612 3456", "+85366123456"),
            ("+886 912 345 678", "+886912345678"),
            ("+44 20 7946 0958", "+442079460958"),
            ("+49 (30) 123456", "+4930123456"),
            ("+65 6123 4567", "+6561234567"),
            ("00852-91234567", "+85291234567"),
        ] {
            assert_eq!(norm(raw).as_deref(), Some(want), "{raw}");
            assert_eq!(Phone::parse(raw, "p").map(|p| p.kind()).ok(), Some(PhoneKind::International), "{raw}");
        }
    }

    #[test]
    fn garbage_is_refused() {
        for raw in [
            "abc",
            "0",
            "02",
            "021",
            "+86 2",
            "138123456789",
            "1381234567",
            "12812345678",
            "11012345678",
            "123",
            "0000000",
            "01112345678",
            "021-1234",
            "021-123456789",
            "021-02345678",
            "+0 123 4567",
            "+1234",
            "+1234567890123456",
            "138 1234 5678 张三",
            "13812345678/13912345678",
            "++8613812345678",
            "+86 12345",
            "8612345678901",
            "86 8888 8888",
            "1.3812345678E10",
            "---",
            "()",
            "010 12345678 1234567",
        ] {
            let err = Phone::parse(raw, "input.phone").expect_err(raw);
            assert_eq!((err.field.as_str(), err.reason), ("input.phone", "invalid"), "{raw}");
        }
        assert_eq!(Phone::parse("  ", "p").err().map(|e| e.reason), Some("required"));
        assert_eq!(Phone::parse(&"1".repeat(41), "p").err().map(|e| e.reason), Some("invalid"));
    }

    #[test]
    fn several_numbers_in_one_cell() {
        let many = |raw| Phone::parse_many(raw, "phones").map(|v| v.into_iter().map(|p| p.0).collect::<Vec<_>>());
        assert_eq!(
            many("13812345678/021-12345678; +86 138 1234 5678，0755 1234567、").ok(),
            Some(vec!["13812345678".to_owned(), "021-12345678".to_owned(), "0755-1234567".to_owned()])
        );
        assert_eq!(many(" ").ok(), Some(vec![]));
        assert_eq!(many("13812345678\n13912345678").map(|v| v.len()).ok(), Some(2));
        assert_eq!(many("13812345678, nope").err().map(|e| e.reason), Some("invalid"));
    }

    #[test]
    fn search_queries() {
        assert_eq!(digits_query("138 1234").as_deref(), Some("1381234"));
        assert_eq!(digits_query("+86 138").as_deref(), Some("138"));
        assert_eq!(digits_query("0086-138").as_deref(), Some("138"));
        assert_eq!(digits_query("(021)").as_deref(), Some("021"));
        assert_eq!(digits_query("５６７８").as_deref(), Some("5678"));
        assert_eq!(digits_query("张三"), None);
        assert_eq!(digits_query("a123"), None);
        assert_eq!(digits_query(" - "), None);
        let p = Phone::parse("(021) 1234 5678", "p").expect("landline");
        for q in ["021", "1234", "5678", "02112345678", "2112"] {
            assert!(p.digits().contains(&digits_query(q).expect(q)), "{q}");
        }
    }

    #[test]
    fn displays_its_normal_form() {
        let p = Phone::parse("+86 (0)21 1234 5678", "p").expect("landline");
        assert_eq!(p.to_string(), "021-12345678");
    }

    /// Mainland numbers written the ways people write them.
    fn written_number() -> impl Strategy<Value = String> {
        let mobile = ("1[3-9][0-9]{9}", 0..6usize).prop_map(|(m, style)| match style {
            0 => m,
            1 => format!("+86 {} {} {}", &m[..3], &m[3..7], &m[7..]),
            2 => format!("0086-{m}"),
            3 => format!("86{m}"),
            4 => format!("{}-{}-{}", &m[..3], &m[3..7], &m[7..]),
            _ => to_full_width(&m),
        });
        let landline = ("0(10|2[0-9]|[3-9][0-9]{2})", "[2-9][0-9]{6,7}", proptest::option::of("[0-9]{1,6}"), 0..4usize)
            .prop_map(|(area, local, ext, style)| {
                let base = match style {
                    0 => format!("{area}-{local}"),
                    1 => format!("({area}) {local}"),
                    2 => format!("+86 {} {local}", &area[1..]),
                    _ => format!("{area}{local}"),
                };
                match ext {
                    Some(e) => format!("{base} 转 {e}"),
                    None => base,
                }
            });
        let foreign = "[1-9][0-9]{6,14}".prop_filter("not +86", |d| !d.starts_with("86")).prop_map(|d| format!("+{d}"));
        prop_oneof![mobile, landline, foreign]
    }

    fn to_full_width(s: &str) -> String {
        s.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn normalising_is_idempotent(raw in "[0-9 +()\\-.转x#]{0,30}") {
            if let Ok(p) = Phone::parse(&raw, "p") {
                let again = Phone::parse(p.as_str(), "p");
                prop_assert_eq!(again.as_ref().ok(), Some(&p), "{} -> {}", raw, p);
                prop_assert_eq!(again.map(|a| a.kind()).ok(), Some(p.kind()));
            }
        }

        #[test]
        fn written_numbers_parse_and_are_stable(raw in written_number()) {
            let p = Phone::parse(&raw, "p");
            prop_assert!(p.is_ok(), "{} refused", raw);
            if let Ok(p) = p {
                prop_assert_eq!(Phone::parse(p.as_str(), "p").ok(), Some(p.clone()));
                // Every digit the user meant is searchable.
                let digits = p.digits();
                prop_assert!(digits.chars().all(|c| c.is_ascii_digit()));
                prop_assert!(digits.contains(&digits_query(p.as_str()).unwrap_or_default()));
            }
        }

        #[test]
        fn spacing_does_not_change_the_number(m in "1[3-9][0-9]{9}", cuts in proptest::collection::vec(1..11usize, 0..4)) {
            let mut spaced = m.clone();
            let mut cuts = cuts;
            cuts.sort_unstable();
            cuts.dedup();
            for at in cuts.into_iter().rev() {
                spaced.insert(at, ' ');
            }
            prop_assert_eq!(norm(&spaced), Some(m));
        }

        #[test]
        fn never_panics(raw in "\\PC{0,50}") {
            let _ = Phone::parse(&raw, "p");
            let _ = Phone::parse_many(&raw, "p");
            let _ = digits_query(&raw);
        }
    }
}
