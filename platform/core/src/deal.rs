//! Deals (商机 / 成交记录): what a customer bought or may buy, for how much
//! and when. Grading models read them (won amounts, purchase frequency,
//! expected close dates), so the rules for a valid deal live here.
//!
//! Amounts are exact: parsed from decimal text into integer minor units of
//! their currency (分 for CNY) and never touched by floating point.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::customer::CustomerScope;
use crate::error::{Error, FieldError};
use crate::ids::UserId;
use crate::roles::UserRef;

/// Longest deal title, in characters.
pub const TITLE_MAX: usize = 100;
/// Longest notes, in characters.
pub const NOTES_MAX: usize = 1000;
/// Largest amount in minor units (10^15: ten trillion yuan), far beyond any
/// real deal and far below where sums over a tenant could overflow `i64`.
pub const MAX_MINOR: i64 = 1_000_000_000_000_000;
/// Earliest year a deal date may lie in.
pub const MIN_YEAR: i32 = 1990;
/// Latest year a deal date may lie in.
pub const MAX_YEAR: i32 = 2200;

/// Where a deal stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    /// 进行中: still being worked; may carry an expected close date.
    #[default]
    Open,
    /// 赢单: bought; carries the close date.
    Won,
    /// 输单: lost; carries the close date.
    Lost,
}

impl DealStatus {
    /// Every status.
    pub const ALL: [DealStatus; 3] = [DealStatus::Open, DealStatus::Won, DealStatus::Lost];

    /// The stored and machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            DealStatus::Open => "进行中",
            DealStatus::Won => "赢单",
            DealStatus::Lost => "输单",
        }
    }

    /// Won or lost: the deal has a close date.
    pub fn is_closed(self) -> bool {
        self != DealStatus::Open
    }
}

impl fmt::Display for DealStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DealStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        DealStatus::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Error::invalid("status", "invalid", format!("unknown deal status `{s}`")))
    }
}

/// The currencies deals may be recorded in, with the number of decimal
/// places of their minor unit (ISO 4217).
const CURRENCIES: &[(&str, u32)] = &[
    ("CNY", 2),
    ("HKD", 2),
    ("TWD", 2),
    ("MOP", 2),
    ("USD", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("SGD", 2),
    ("AUD", 2),
    ("CAD", 2),
    ("CHF", 2),
];

/// An ISO 4217 currency from the supported list; CNY by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency(&'static str, u32);

impl Currency {
    /// Renminbi, the default.
    pub const CNY: Currency = Currency("CNY", 2);

    /// Parse a code (case-insensitive, trimmed); `field` names the input.
    pub fn parse(raw: &str, field: &str) -> Result<Currency, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        CURRENCIES.iter().find(|(c, _)| *c == code).map(|(c, e)| Currency(c, *e)).ok_or_else(|| {
            let known: Vec<&str> = CURRENCIES.iter().map(|(c, _)| *c).collect();
            FieldError::new(field, "unsupported", format!("currency must be one of {}", known.join(", ")))
        })
    }

    /// The three-letter code.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// Decimal places of the minor unit (2 for CNY: 分).
    pub fn exponent(self) -> u32 {
        self.1
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::CNY
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// An exact amount: integer minor units of a currency, `0 ..= MAX_MINOR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// Parse decimal text such as `12800`, `12800.5` or `12,800.50` in
    /// `currency`: at most as many decimals as the currency has, no sign,
    /// no exponent. `field` names the input.
    pub fn parse(raw: &str, currency: Currency, field: &str) -> Result<Money, FieldError> {
        let bad = |reason: &'static str, msg: String| FieldError::new(field, reason, msg);
        let s: String = raw.trim().chars().filter(|c| *c != ',' && *c != '_').collect();
        if s.is_empty() {
            return Err(bad("required", "amount is required".into()));
        }
        if s.starts_with('-') {
            return Err(bad("negative", "amount cannot be negative".into()));
        }
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || (s.contains('.') && frac.is_empty()) {
            return Err(bad("invalid", format!("`{}` is not a decimal amount such as 12800.50", raw.trim())));
        }
        let exp = currency.exponent();
        if frac.len() > exp as usize {
            return Err(bad("too_precise", format!("{} amounts have at most {exp} decimal places", currency.code())));
        }
        let too_large = || bad("too_large", "amount is too large".to_owned());
        let whole: i64 = whole.parse().map_err(|_| too_large())?;
        let mut frac_minor: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| too_large())? };
        for _ in frac.len()..exp as usize {
            frac_minor *= 10;
        }
        let minor = whole
            .checked_mul(10i64.pow(exp))
            .and_then(|w| w.checked_add(frac_minor))
            .filter(|m| *m <= MAX_MINOR)
            .ok_or_else(too_large)?;
        Ok(Money { minor, currency })
    }

    /// From stored minor units; `None` when out of range.
    pub fn from_minor(minor: i64, currency: Currency) -> Option<Money> {
        (0..=MAX_MINOR).contains(&minor).then_some(Money { minor, currency })
    }

    /// The amount in minor units (分).
    pub fn minor(self) -> i64 {
        self.minor
    }

    /// The currency.
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// The amount as decimal text with all the currency's places, e.g. `12800.50`.
    pub fn decimal(self) -> String {
        format_minor(i128::from(self.minor), self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency)
    }
}

/// Minor units (possibly a sum beyond one deal's range) as decimal text.
pub fn format_minor(minor: i128, currency: Currency) -> String {
    let exp = currency.exponent();
    if exp == 0 {
        return minor.to_string();
    }
    let unit = 10i128.pow(exp);
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.abs();
    format!("{sign}{}.{:0width$}", m / unit, m % unit, width = exp as usize)
}

/// A deal's dates after the rules are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DealDates {
    /// Expected close date (kept for closed deals as a record).
    pub expected_close: Option<NaiveDate>,
    /// Close date: set exactly when the deal is won or lost.
    pub close: Option<NaiveDate>,
}

fn in_range(d: NaiveDate, field: &str) -> Result<NaiveDate, FieldError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        Ok(d)
    } else {
        Err(FieldError::new(field, "out_of_range", format!("dates lie between {MIN_YEAR} and {MAX_YEAR}")))
    }
}

impl DealDates {
    /// Apply the date rules to a deal's new state:
    ///
    /// - an open deal has no close date: one sent with it is an error, one
    ///   left from when it was closed is dropped (reopening);
    /// - a won or lost deal has a close date, today (the company's calendar
    ///   day) when none is sent or kept, and never in the future;
    /// - every date lies in [`MIN_YEAR`] ..= [`MAX_YEAR`].
    ///
    /// `sent_close` is the close date the client sent in this request (if
    /// any), `kept_close` the one already stored.
    pub fn resolve(
        status: DealStatus,
        expected_close: Option<NaiveDate>,
        sent_close: Option<NaiveDate>,
        kept_close: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<DealDates, Vec<FieldError>> {
        let mut errors = Vec::new();
        let expected_close =
            expected_close.and_then(|d| in_range(d, "expectedCloseDate").map_err(|e| errors.push(e)).ok());
        let close = match (status.is_closed(), sent_close) {
            (false, Some(_)) => {
                errors.push(FieldError::new("closeDate", "open_deal", "an open deal has no close date"));
                None
            }
            (false, None) => None,
            (true, sent) => {
                let d = sent.or(kept_close).unwrap_or(today);
                match in_range(d, "closeDate") {
                    Ok(d) if d > today => {
                        errors.push(FieldError::new("closeDate", "in_future", "a deal cannot close in the future"));
                        None
                    }
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                }
            }
        };
        if errors.is_empty() { Ok(DealDates { expected_close, close }) } else { Err(errors) }
    }
}

/// Whether the actor (by their customer scope) may add, change and delete
/// the deals of a customer they can see, owned by `customer_owner` (`None`:
/// in the public pool). The rule is the customer's own: whoever may edit
/// the customer may edit its deals. Salespeople therefore work the deals
/// of their own customers only; a pool customer's deals are read-only to
/// them until they claim it.
pub fn may_change_deals(scope: &CustomerScope, customer_owner: Option<UserId>) -> bool {
    scope.may_edit(customer_owner)
}

/// Whether the actor may credit a deal to `owner`: the same people they
/// may make the owner of a customer (salespeople only themselves,
/// supervisors themselves and their groups' members, admins anyone).
pub fn may_credit(scope: &CustomerScope, owner: &UserRef) -> bool {
    scope.may_assign(Some(owner))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupId;
    use crate::roles::{Actor, Role};
    use uuid::Uuid;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn amounts_are_exact() {
        let cny = Currency::CNY;
        let parse = |s: &str| Money::parse(s, cny, "amount").map(Money::minor);
        assert_eq!(parse("12800"), Ok(1_280_000));
        assert_eq!(parse(" 12,800.5 "), Ok(1_280_050));
        assert_eq!(parse("0.01"), Ok(1));
        assert_eq!(parse("0"), Ok(0));
        // 0.1 + 0.2 in floating point is not 0.3; here it is 30 分.
        assert_eq!(parse("0.3"), Ok(30));
        let reason = |s: &str| Money::parse(s, cny, "amount").err().map(|e| e.reason);
        assert_eq!(reason(""), Some("required"));
        assert_eq!(reason("-5"), Some("negative"));
        assert_eq!(reason("1.234"), Some("too_precise"));
        assert_eq!(reason("1e5"), Some("invalid"));
        assert_eq!(reason("12."), Some("invalid"));
        assert_eq!(reason(".5"), Some("invalid"));
        assert_eq!(reason("abc"), Some("invalid"));
        assert_eq!(reason("10000000000000.01"), Some("too_large"));
        assert_eq!(reason("99999999999999999999999"), Some("too_large"));
        let jpy = Currency::parse("jpy", "currency").expect("JPY is supported");
        assert_eq!(Money::parse("1500", jpy, "amount").map(Money::minor), Ok(1500));
        assert!(Money::parse("1500.5", jpy, "amount").is_err());
        assert_eq!(Money::parse("1280050", jpy, "a").map(Money::decimal).ok().as_deref(), Some("1280050"));
        assert_eq!(Money::parse("12800.5", cny, "a").map(|m| m.to_string()).ok().as_deref(), Some("12800.50 CNY"));
        assert_eq!(format_minor(-5, cny), "-0.05");
        assert_eq!(Currency::parse("XYZ", "currency").err().map(|e| e.reason), Some("unsupported"));
        assert!(Money::from_minor(-1, cny).is_none() && Money::from_minor(MAX_MINOR, cny).is_some());
    }

    #[test]
    fn statuses_round_trip() {
        for s in DealStatus::ALL {
            assert_eq!(s.as_str().parse::<DealStatus>().ok(), Some(s));
        }
        assert!("closed".parse::<DealStatus>().is_err());
        assert!(DealStatus::Won.is_closed() && !DealStatus::Open.is_closed());
    }

    #[test]
    fn date_rules() {
        let today = date(2026, 3, 15);
        let r = |status, exp, sent, kept| DealDates::resolve(status, exp, sent, kept, today);
        // Won without a date closes today; with one, on that day.
        assert_eq!(r(DealStatus::Won, None, None, None).map(|d| d.close), Ok(Some(today)));
        assert_eq!(
            r(DealStatus::Lost, None, Some(date(2026, 1, 2)), None).map(|d| d.close),
            Ok(Some(date(2026, 1, 2)))
        );
        // A kept date stays; a sent one wins over it.
        assert_eq!(r(DealStatus::Won, None, None, Some(date(2025, 5, 5))).map(|d| d.close), Ok(Some(date(2025, 5, 5))));
        // Reopening drops the close date, keeps the expected one.
        let reopened = r(DealStatus::Open, Some(date(2026, 6, 1)), None, Some(date(2025, 5, 5)));
        assert_eq!(reopened, Ok(DealDates { expected_close: Some(date(2026, 6, 1)), close: None }));
        let fields = |res: Result<DealDates, Vec<FieldError>>| {
            res.err().unwrap_or_default().into_iter().map(|e| (e.field, e.reason)).collect::<Vec<_>>()
        };
        assert_eq!(fields(r(DealStatus::Open, None, Some(today), None)), [("closeDate".into(), "open_deal")]);
        assert_eq!(
            fields(r(DealStatus::Won, None, Some(date(2026, 3, 16)), None)),
            [("closeDate".into(), "in_future")]
        );
        assert_eq!(
            fields(r(DealStatus::Won, Some(date(1900, 1, 1)), Some(date(1980, 1, 1)), None)),
            [("expectedCloseDate".into(), "out_of_range"), ("closeDate".into(), "out_of_range")]
        );
    }

    /// (customer owner, may change its deals: salesperson, supervisor of G1, admin).
    #[test]
    fn who_may_change_deals() {
        let uid = |n: u128| UserId(Uuid::from_u128(n));
        let g1 = GroupId(Uuid::from_u128(1001));
        let actor = |role| Actor {
            user_id: uid(1),
            role,
            group_id: Some(g1),
            supervises: if role == Role::Supervisor { vec![g1] } else { vec![] },
        };
        let scopes = [Role::Salesperson, Role::Supervisor, Role::Admin]
            .map(|r| CustomerScope::of(&actor(r)).expect("a CRM role"));
        // Scopes only answer for customers the actor can see; the store
        // refuses the others as NOT_FOUND before asking.
        let rows: [(Option<UserId>, [bool; 3]); 3] =
            [(Some(uid(1)), [true, true, true]), (Some(uid(2)), [false, true, true]), (None, [false, true, true])];
        for (owner, want) in rows {
            let got = [0, 1, 2].map(|i| may_change_deals(&scopes[i], owner));
            assert_eq!(got, want, "{owner:?}");
        }
        let me = UserRef { id: uid(1), role: Role::Salesperson, group_id: Some(g1) };
        let colleague = UserRef { id: uid(2), role: Role::Salesperson, group_id: Some(g1) };
        let other = UserRef { id: uid(3), role: Role::Salesperson, group_id: None };
        assert!(may_credit(&scopes[0], &me) && !may_credit(&scopes[0], &colleague));
        assert!(may_credit(&scopes[1], &colleague) && !may_credit(&scopes[1], &other));
        assert!(may_credit(&scopes[2], &other));
    }
}
