//! Reading, normalising and displaying values of each field type.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::{CompiledField, FieldType, Rules, fold_label};
use crate::customer_fields::{parse_date_cell, split_list};
use crate::error::FieldError;
use crate::input::Email;
use crate::phone::Phone;
use crate::text::to_half_width;

/// Most decimals of a decimal field.
pub(crate) const MAX_SCALE: u8 = 6;
/// Decimals of a decimal field when the admin names none.
pub(crate) const DEFAULT_SCALE: u8 = 2;
/// Significant digits of decimals and amounts: what a double holds exactly,
/// so SQLite (which compares them as REAL) orders them like PostgreSQL.
const MAX_DIGITS: usize = 15;
/// Largest whole number: the largest integer every JSON client (JavaScript's
/// included) reads exactly.
const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;
/// Longest URL.
const MAX_URL_CHARS: usize = 2000;
/// Years a date or date-time may fall in: four digits keep the stored text
/// sortable, and anything outside is a typing error in a CRM.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Longest `maxLength` an admin may set.
pub(crate) fn max_length_cap(t: FieldType) -> u32 {
    if t == FieldType::LongText { 20_000 } else { 1000 }
}

/// `maxLength` when the admin sets none.
pub(crate) fn default_max_length(t: FieldType) -> u32 {
    if t == FieldType::LongText { 5000 } else { 200 }
}

/// A currency a money field can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 code.
    pub code: &'static str,
    /// Digits after the decimal point (fen, cents; none for yen).
    pub digits: u8,
    /// Chinese name.
    pub label_zh: &'static str,
}

/// The currencies money fields support.
pub const CURRENCIES: &[Currency] = &[
    Currency { code: "CNY", digits: 2, label_zh: "人民币" },
    Currency { code: "HKD", digits: 2, label_zh: "港币" },
    Currency { code: "MOP", digits: 2, label_zh: "澳门元" },
    Currency { code: "TWD", digits: 2, label_zh: "新台币" },
    Currency { code: "USD", digits: 2, label_zh: "美元" },
    Currency { code: "EUR", digits: 2, label_zh: "欧元" },
    Currency { code: "GBP", digits: 2, label_zh: "英镑" },
    Currency { code: "JPY", digits: 0, label_zh: "日元" },
    Currency { code: "KRW", digits: 0, label_zh: "韩元" },
    Currency { code: "SGD", digits: 2, label_zh: "新加坡元" },
    Currency { code: "AUD", digits: 2, label_zh: "澳元" },
    Currency { code: "CAD", digits: 2, label_zh: "加元" },
    Currency { code: "CHF", digits: 2, label_zh: "瑞士法郎" },
    Currency { code: "THB", digits: 2, label_zh: "泰铢" },
    Currency { code: "MYR", digits: 2, label_zh: "马来西亚林吉特" },
    Currency { code: "VND", digits: 0, label_zh: "越南盾" },
    Currency { code: "INR", digits: 2, label_zh: "印度卢比" },
    Currency { code: "RUB", digits: 2, label_zh: "俄罗斯卢布" },
];

/// The currency with this ISO code.
pub fn currency(code: &str) -> Option<&'static Currency> {
    CURRENCIES.iter().find(|c| c.code == code)
}

/// An exact decimal: `units` × 10^-`scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dec {
    pub(crate) units: i128,
    pub(crate) scale: u8,
}

/// Why a decimal did not parse.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DecError {
    Invalid,
    TooPrecise,
    TooBig,
}

impl Dec {
    /// Parse `s` (`-1,234.5`, `+3`, `.5`) with at most `scale` decimals
    /// (extra trailing zeros are fine) and `max_digits` digits in all.
    pub(crate) fn parse(s: &str, scale: u8, max_digits: usize) -> Result<Dec, DecError> {
        let cleaned: String =
            to_half_width(s).chars().filter(|c| !matches!(c, ',' | '，' | '_' | ' ' | '\u{a0}')).collect();
        let (neg, body) = match cleaned.as_bytes().first() {
            Some(b'-') => (true, &cleaned[1..]),
            Some(b'+') => (false, &cleaned[1..]),
            _ => (false, cleaned.as_str()),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return Err(DecError::Invalid);
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > usize::from(scale) {
            return Err(DecError::TooPrecise);
        }
        let int = int.trim_start_matches('0');
        if int.len() + usize::from(scale) > max_digits {
            return Err(DecError::TooBig);
        }
        let mut all = String::with_capacity(int.len() + usize::from(scale));
        all.push_str(int);
        all.push_str(frac);
        for _ in frac.len()..usize::from(scale) {
            all.push('0');
        }
        let units: i128 = if all.is_empty() { 0 } else { all.parse().map_err(|_| DecError::Invalid)? };
        Ok(Dec { units: if neg { -units } else { units }, scale })
    }

    /// The same amount with `scale` decimals (`scale` ≥ self's).
    pub(crate) fn rescale(self, scale: u8) -> Dec {
        let mut units = self.units;
        for _ in self.scale..scale {
            units *= 10;
        }
        Dec { units, scale }
    }
}

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let digits = self.units.unsigned_abs().to_string();
        let scale = usize::from(self.scale);
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        if scale == 0 { write!(f, "{sign}{int}") } else { write!(f, "{sign}{int}.{frac}") }
    }
}

fn invalid(path: &str, msg: impl Into<String>) -> FieldError {
    FieldError::new(path, "invalid", msg)
}

/// A scalar as text: strings as they are, numbers and booleans in their
/// JSON form (spreadsheets hand over `12` where text was meant).
fn scalar_text(raw: &Value) -> Option<String> {
    match raw {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_empty(raw: &Value) -> bool {
    match raw {
        Value::Null => true,
        Value::String(s) => to_half_width(s).trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// See [`CompiledField::normalise`].
pub(crate) fn normalise(f: &CompiledField, raw: &Value, path: &str, tz: Tz) -> Result<Option<Value>, FieldError> {
    read(f, raw, path, tz, true)
}

/// Like [`normalise`] without lengths, bounds and patterns: for the values
/// a filter looks for.
pub(crate) fn normalise_unbounded(
    f: &CompiledField,
    raw: &Value,
    path: &str,
    tz: Tz,
) -> Result<Option<Value>, FieldError> {
    read(f, raw, path, tz, false)
}

fn read(f: &CompiledField, raw: &Value, path: &str, tz: Tz, bounded: bool) -> Result<Option<Value>, FieldError> {
    if is_empty(raw) {
        return Ok(None);
    }
    let rules = &f.def.spec.rules;
    let t = f.field_type();
    let v = match t {
        FieldType::Text | FieldType::LongText => {
            let s = text(raw, path, t == FieldType::LongText)?;
            if bounded {
                let n = u32::try_from(s.chars().count()).unwrap_or(u32::MAX);
                let max = rules.max_length.unwrap_or_else(|| default_max_length(t));
                if n > max {
                    return Err(FieldError::new(path, "too_long", format!("at most {max} characters")));
                }
                if let Some(min) = rules.min_length
                    && n < min
                {
                    return Err(FieldError::new(path, "too_short", format!("at least {min} characters")));
                }
                if let Some(re) = &f.regex
                    && !re.is_match(&s)
                {
                    return Err(FieldError::new(path, "mismatch", "does not match the required pattern"));
                }
            }
            Value::String(s)
        }
        FieldType::Number => {
            let n = integer(raw, path)?;
            if bounded {
                check_order(path, &json!(n), rules)?;
            }
            json!(n)
        }
        FieldType::Decimal => {
            let scale = rules.scale.unwrap_or(DEFAULT_SCALE);
            let d = decimal(raw, path, scale)?;
            let v = Value::String(d.to_string());
            if bounded {
                check_order(path, &v, rules)?;
            }
            v
        }
        FieldType::Money => {
            let v = money(raw, path, rules)?;
            if bounded {
                check_order(path, &v, rules)?;
            }
            v
        }
        FieldType::Date => {
            let s = scalar_text(raw).ok_or_else(|| invalid(path, "a date is written like 2026-03-05"))?;
            let d = parse_date_cell(&s, path)?;
            let v = Value::String(d.format("%Y-%m-%d").to_string());
            if bounded {
                check_order(path, &v, rules)?;
            }
            v
        }
        FieldType::DateTime => {
            let s =
                raw.as_str().ok_or_else(|| invalid(path, "a date-time is written like 2026-03-05T14:30:00+08:00"))?;
            let v = Value::String(format_datetime(datetime(s, path, tz)?));
            if bounded {
                check_order(path, &v, rules)?;
            }
            v
        }
        FieldType::Boolean => Value::Bool(boolean(raw).ok_or_else(|| invalid(path, "not a yes or no"))?),
        FieldType::SingleSelect => {
            let s = scalar_text(raw).ok_or_else(|| invalid(path, "give one option"))?;
            Value::String(option(f, &s, path)?)
        }
        FieldType::MultiSelect => {
            let items: Vec<String> = match raw {
                Value::Array(a) => a
                    .iter()
                    .map(|v| scalar_text(v).ok_or_else(|| invalid(path, "give a list of options")))
                    .collect::<Result<_, _>>()?,
                Value::String(s) => split_list(s),
                _ => return Err(invalid(path, "give a list of options")),
            };
            let mut keys = Vec::new();
            for item in items.iter().filter(|i| !i.trim().is_empty()) {
                let k = option(f, item, path)?;
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            if keys.is_empty() {
                return Ok(None);
            }
            // Option order, so one choice has one spelling.
            let order = f.option_keys();
            keys.sort_by_key(|k| order.iter().position(|o| o == k));
            if bounded {
                let n = keys.len();
                if let Some(min) = rules.min.as_ref().and_then(Value::as_u64)
                    && (n as u64) < min
                {
                    return Err(FieldError::new(path, "too_few", format!("choose at least {min}")));
                }
                if let Some(max) = rules.max.as_ref().and_then(Value::as_u64)
                    && (n as u64) > max
                {
                    return Err(FieldError::new(path, "too_many", format!("choose at most {max}")));
                }
            }
            json!(keys)
        }
        FieldType::Phone => {
            let s = scalar_text(raw).ok_or_else(|| invalid(path, "not a phone number"))?;
            Value::String(Phone::parse(&s, path)?.as_str().to_owned())
        }
        FieldType::Email => {
            let s = raw.as_str().ok_or_else(|| invalid(path, "not an e-mail address"))?;
            Value::String(Email::parse(s, path)?.as_str().to_owned())
        }
        FieldType::Url => Value::String(url(raw.as_str().ok_or_else(|| invalid(path, "not a web address"))?, path)?),
        FieldType::User => {
            let s = raw.as_str().ok_or_else(|| invalid(path, "give a user id"))?;
            let id = uuid::Uuid::parse_str(s.trim()).map_err(|_| invalid(path, "not a user id"))?;
            Value::String(id.hyphenated().to_string())
        }
        FieldType::Rating => {
            let n = integer(raw, path)?;
            let max = rules.max.as_ref().and_then(Value::as_i64).unwrap_or(5);
            if !(1..=max).contains(&n) {
                return Err(FieldError::new(path, "out_of_range", format!("a rating is 1 to {max}")));
            }
            json!(n)
        }
    };
    Ok(Some(v))
}

fn text(raw: &Value, path: &str, long: bool) -> Result<String, FieldError> {
    let s = scalar_text(raw).ok_or_else(|| invalid(path, "not text"))?;
    let s = if long { s.replace("\r\n", "\n").replace('\r', "\n") } else { s };
    let s = s.trim();
    let bad = if long {
        s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
    } else {
        s.chars().any(char::is_control)
    };
    if bad {
        let what = if long { "control characters" } else { "line breaks or control characters" };
        return Err(invalid(path, format!("must not contain {what}")));
    }
    Ok(s.to_owned())
}

fn integer(raw: &Value, path: &str) -> Result<i64, FieldError> {
    let s = match raw {
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => {
            n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e16).map(|f| format!("{f:.0}")).unwrap_or_default()
        }
        Value::String(s) => s.clone(),
        _ => String::new(),
    };
    let d = Dec::parse(&s, 0, 16).map_err(|e| match e {
        DecError::TooPrecise => invalid(path, "must be a whole number"),
        DecError::TooBig => FieldError::new(path, "out_of_range", "the number is too large"),
        DecError::Invalid => invalid(path, "not a number"),
    })?;
    let n = i64::try_from(d.units).unwrap_or(i64::MAX);
    if n.abs() > MAX_SAFE_INTEGER {
        return Err(FieldError::new(path, "out_of_range", "the number is too large"));
    }
    Ok(n)
}

fn decimal(raw: &Value, path: &str, scale: u8) -> Result<Dec, FieldError> {
    let s = match raw {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    };
    Dec::parse(&s, scale, MAX_DIGITS).map_err(|e| match e {
        DecError::TooPrecise => FieldError::new(path, "too_precise", format!("at most {scale} decimals")),
        DecError::TooBig => FieldError::new(path, "out_of_range", format!("at most {MAX_DIGITS} digits")),
        DecError::Invalid => invalid(path, "not a number"),
    })
}

/// Symbols written before amounts, and the currencies they may mean.
const SYMBOLS: &[(&str, &[&str])] = &[
    ("HK$", &["HKD"]),
    ("US$", &["USD"]),
    ("¥", &["CNY", "JPY"]),
    ("￥", &["CNY", "JPY"]),
    ("$", &["USD", "HKD", "TWD", "SGD", "AUD", "CAD"]),
    ("€", &["EUR"]),
    ("£", &["GBP"]),
    ("₩", &["KRW"]),
];

fn money(raw: &Value, path: &str, rules: &Rules) -> Result<Value, FieldError> {
    let allowed: Vec<&str> =
        if rules.currencies.is_empty() { vec!["CNY"] } else { rules.currencies.iter().map(String::as_str).collect() };
    let (amount, code): (String, Option<String>) = match raw {
        Value::Object(m) => {
            let amount = m
                .get("amount")
                .and_then(scalar_text)
                .ok_or_else(|| invalid(&format!("{path}.amount"), "give an amount"))?;
            let code = match m.get("currency") {
                None | Some(Value::Null) => None,
                Some(Value::String(c)) => Some(c.trim().to_ascii_uppercase()),
                Some(_) => return Err(invalid(&format!("{path}.currency"), "a currency is an ISO code such as CNY")),
            };
            (amount, code)
        }
        Value::Number(n) => (n.to_string(), None),
        Value::String(s) => {
            let s = to_half_width(s);
            let s = s.trim();
            let mut found = None;
            let mut rest = s.to_owned();
            for (sym, codes) in SYMBOLS {
                if let Some(r) = s.strip_prefix(sym) {
                    let code = codes.iter().find(|c| allowed.contains(c)).unwrap_or(&codes[0]);
                    found = Some((*code).to_owned());
                    rest = r.trim().to_owned();
                    break;
                }
            }
            if found.is_none() {
                let upper = s.to_ascii_uppercase();
                if let Some(c) = CURRENCIES.iter().find(|c| upper.starts_with(c.code) || upper.ends_with(c.code)) {
                    found = Some(c.code.to_owned());
                    rest = upper.trim_start_matches(c.code).trim_end_matches(c.code).trim().to_owned();
                }
            }
            (rest, found)
        }
        _ => return Err(invalid(path, "give an amount and a currency")),
    };
    let code = code.unwrap_or_else(|| allowed[0].to_owned());
    if !allowed.contains(&code.as_str()) {
        return Err(FieldError::new(
            format!("{path}.currency"),
            "invalid",
            format!("this field takes {}", allowed.join(", ")),
        ));
    }
    let digits = currency(&code).map_or(2, |c| c.digits);
    let d = Dec::parse(&amount, digits, MAX_DIGITS).map_err(|e| match e {
        DecError::TooPrecise => {
            FieldError::new(path, "too_precise", format!("{code} amounts have at most {digits} decimals"))
        }
        DecError::TooBig => FieldError::new(path, "out_of_range", format!("at most {MAX_DIGITS} digits")),
        DecError::Invalid => invalid(path, "not an amount"),
    })?;
    Ok(json!({ "amount": d.to_string(), "currency": code }))
}

/// A stored money value (`{amount, currency}`) as plugins see it (ABI v1):
/// `{amount_minor, currency}`, the amount in the currency's minor unit.
pub(crate) fn money_to_abi(v: &Value) -> Option<Value> {
    let code = v.get("currency")?.as_str()?;
    let digits = currency(code).map_or(2, |c| c.digits);
    let d = Dec::parse(v.get("amount")?.as_str()?, digits, MAX_DIGITS + 2).ok()?;
    Some(json!({ "amount_minor": i64::try_from(d.units).ok()?, "currency": code }))
}

/// A plugin's money value (`{amount_minor, currency}`) in the form writes
/// take (`{amount, currency}`).
pub(crate) fn money_from_abi(v: &Value) -> Option<Value> {
    let code = v.get("currency")?.as_str()?;
    let digits = currency(code).map_or(2, |c| c.digits);
    let d = Dec { units: i128::from(v.get("amount_minor")?.as_i64()?), scale: digits };
    Some(json!({ "amount": d.to_string(), "currency": code }))
}

/// A money value's amount in hundredths, whatever its currency's digits.
fn money_cents(v: &Value) -> Option<i128> {
    let amount = v.get("amount")?.as_str()?;
    Dec::parse(amount, 2, MAX_DIGITS + 2).ok().map(|d| d.rescale(2).units)
}

fn datetime(s: &str, path: &str, tz: Tz) -> Result<DateTime<Utc>, FieldError> {
    let s = to_half_width(s);
    let s = s.trim();
    let parsed = DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).ok().or_else(|| {
        [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y/%m/%d %H:%M:%S",
            "%Y/%m/%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        // Written without an offset: the company's local time. A time
        // skipped by a daylight-saving jump does not exist and is refused.
        .and_then(|n| tz.from_local_datetime(&n).earliest())
        .map(|d| d.with_timezone(&Utc))
    });
    let Some(d) = parsed else {
        return Err(invalid(path, "a date-time is written like 2026-03-05T14:30:00+08:00"));
    };
    if !YEARS.contains(&d.year()) {
        return Err(FieldError::new(path, "out_of_range", "the year must be 1900 to 2999"));
    }
    if d.nanosecond() % 1_000_000 != 0 {
        return Err(invalid(path, "date-times are kept to the millisecond"));
    }
    Ok(d)
}

/// The stored form of a date-time: UTC, milliseconds, fixed width, so that
/// the text sorts like the time.
pub(crate) fn format_datetime(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Local midnight of `d` in `tz`, stored form (a date becoming a date-time).
pub(crate) fn midnight(d: NaiveDate, tz: Tz) -> String {
    format_datetime(crate::time_window::day_start(d, tz))
}

fn boolean(raw: &Value) -> Option<bool> {
    match raw {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => {
            let s = to_half_width(s).trim().to_lowercase();
            match s.as_str() {
                "true" | "yes" | "y" | "1" | "是" | "对" | "有" | "真" | "✓" | "√" => Some(true),
                "false" | "no" | "n" | "0" | "否" | "不" | "不是" | "错" | "无" | "没有" | "假" | "✗" | "×" => {
                    Some(false)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The key of the option `raw` names: its key, or its label in either
/// language (case-, width- and space-blind).
fn option(f: &CompiledField, raw: &str, path: &str) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    let options = &f.def.spec.rules.options;
    if let Some(o) = options.iter().find(|o| o.key == trimmed) {
        return Ok(o.key.clone());
    }
    let folded = fold_label(raw);
    options
        .iter()
        .find(|o| fold_label(&o.label) == folded || o.label_en.as_deref().is_some_and(|l| fold_label(l) == folded))
        .map(|o| o.key.clone())
        .ok_or_else(|| FieldError::new(path, "unknown_option", format!("`{trimmed}` is not one of the options")))
}

fn url(raw: &str, path: &str) -> Result<String, FieldError> {
    let s = raw.trim();
    let bad = || invalid(path, "not a web address; write it like https://example.cn");
    if s.chars().count() > MAX_URL_CHARS {
        return Err(FieldError::new(path, "too_long", format!("at most {MAX_URL_CHARS} characters")));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let lower = s.to_ascii_lowercase();
    let (scheme, rest) = if lower.starts_with("https://") {
        ("https", &s[8..])
    } else if lower.starts_with("http://") {
        ("http", &s[7..])
    } else if s.contains("://") {
        return Err(invalid(path, "only http and https addresses are accepted"));
    } else {
        ("https", s)
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host =
        authority.rsplit_once(':').filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit())).map_or(authority, |(h, _)| h);
    let host_ok = !host.is_empty()
        && (host.contains('.') || host.eq_ignore_ascii_case("localhost"))
        && host.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    if !host_ok || authority.contains('@') {
        return Err(bad());
    }
    Ok(format!("{scheme}://{}{tail}", authority.to_lowercase()))
}

/// Whether `v` lies within the field's `min` and `max`.
fn check_order(path: &str, v: &Value, rules: &Rules) -> Result<(), FieldError> {
    if let Some(min) = &rules.min
        && compare(v, min).is_some_and(|o| o.is_lt())
    {
        return Err(FieldError::new(path, "too_small", format!("at least {}", bound_text(min))));
    }
    if let Some(max) = &rules.max
        && compare(v, max).is_some_and(|o| o.is_gt())
    {
        return Err(FieldError::new(path, "too_large", format!("at most {}", bound_text(max))));
    }
    Ok(())
}

fn bound_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Order two stored values of one field (or a value and a bound).
fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_i64()?.partial_cmp(&y.as_i64()?),
        (Value::Object(_), Value::String(bound)) => {
            money_cents(a)?.partial_cmp(&Dec::parse(bound, 2, MAX_DIGITS + 2).ok()?.rescale(2).units)
        }
        (Value::String(x), Value::String(y)) => match (Dec::parse(x, MAX_SCALE, 40), Dec::parse(y, MAX_SCALE, 40)) {
            (Ok(dx), Ok(dy)) => dx.units.partial_cmp(&dy.units),
            // Dates and date-times: their stored text sorts like the time.
            _ => x.partial_cmp(y),
        },
        _ => None,
    }
}

/// Check `min` and `max` for type `t` (with the rest of its rules already
/// checked) and return them normalised.
pub(crate) fn check_bounds(
    t: FieldType,
    rules: &Rules,
    min: Option<Value>,
    max: Option<Value>,
    errors: &mut Vec<FieldError>,
) -> (Option<Value>, Option<Value>) {
    let one = |raw: Value, which: &str, errors: &mut Vec<FieldError>| -> Option<Value> {
        let path = format!("rules.{which}");
        let r = match t {
            FieldType::Number => integer(&raw, &path).map(|n| json!(n)),
            FieldType::Decimal => {
                decimal(&raw, &path, rules.scale.unwrap_or(DEFAULT_SCALE)).map(|d| json!(d.to_string()))
            }
            FieldType::Money => decimal(&raw, &path, 2).map(|d| json!(d.to_string())),
            FieldType::Date => scalar_text(&raw)
                .ok_or_else(|| invalid(&path, "a date is written like 2026-03-05"))
                .and_then(|s| parse_date_cell(&s, &path))
                .map(|d| json!(d.format("%Y-%m-%d").to_string())),
            FieldType::DateTime => raw
                .as_str()
                .ok_or_else(|| invalid(&path, "a date-time is written like 2026-03-05T14:30:00+08:00"))
                .and_then(|s| datetime(s, &path, chrono_tz::UTC))
                .map(|d| json!(format_datetime(d))),
            FieldType::MultiSelect => match raw.as_u64() {
                Some(n) if n <= rules.options.len() as u64 => Ok(json!(n)),
                _ => Err(FieldError::new(&path, "out_of_range", "a count from 0 to the number of options")),
            },
            FieldType::Rating if which == "max" => match raw.as_i64() {
                Some(n) if (1..=10).contains(&n) => Ok(json!(n)),
                _ => Err(FieldError::new(&path, "out_of_range", "a rating's scale is 1 to 10")),
            },
            _ => Err(FieldError::new(
                &path,
                "not_applicable",
                format!("`{which}` does not apply to {} fields", t.as_str()),
            )),
        };
        r.map_err(|e| errors.push(e)).ok()
    };
    let min = min.and_then(|v| one(v, "min", errors));
    let mut max = max.and_then(|v| one(v, "max", errors));
    if t == FieldType::Rating && max.is_none() {
        max = Some(json!(5));
    }
    if let (Some(lo), Some(hi)) = (&min, &max)
        && compare(lo, hi).is_some_and(|o| o.is_gt())
    {
        errors.push(FieldError::new("rules.min", "out_of_range", "min is above max"));
    }
    (min, max)
}

/// See [`CompiledField::display`].
pub(crate) fn display(f: &CompiledField, v: &Value) -> String {
    let label = |k: &str| {
        f.def.spec.rules.options.iter().find(|o| o.key == k).map_or_else(|| k.to_owned(), |o| o.label.clone())
    };
    match (f.field_type(), v) {
        (FieldType::Boolean, Value::Bool(b)) => if *b { "是" } else { "否" }.to_owned(),
        (FieldType::SingleSelect, Value::String(k)) => label(k),
        (FieldType::MultiSelect, Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).map(label).collect::<Vec<_>>().join("、")
        }
        (FieldType::Money, Value::Object(m)) => {
            let get = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default();
            format!("{} {}", get("currency"), get("amount"))
        }
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}
