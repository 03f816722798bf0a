//! Newtypes that input is parsed into where it enters the system. Below the
//! API layer no function takes a raw `String` that carries an invariant.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, FieldError};

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// A normalised e-mail address: trimmed, lower-cased, syntactically plausible.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parse and normalise; `field` names the input for the error.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        let bad = |msg: &str| FieldError::new(field, "invalid", msg);
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "e-mail is required"));
        }
        if s.len() > 254 {
            return Err(FieldError::new(field, "too_long", "e-mail is longer than 254 characters"));
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(bad("e-mail must contain @"));
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(bad("not a valid e-mail address"));
        }
        Ok(Email(s))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before `@`.
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Words a tenant slug may not be: they name our own routes and services or
/// would let a tenant impersonate the operator.
pub const RESERVED_SLUGS: &[&str] = &[
    "about",
    "account",
    "accounts",
    "admin",
    "administrator",
    "api",
    "app",
    "apps",
    "assets",
    "auth",
    "billing",
    "blog",
    "cdn",
    "dashboard",
    "demo",
    "dev",
    "docs",
    "download",
    "email",
    "ftp",
    "graphql",
    "graphiql",
    "guanxi",
    "healthz",
    "help",
    "home",
    "imap",
    "internal",
    "login",
    "logout",
    "mail",
    "metrics",
    "new",
    "null",
    "oauth",
    "operator",
    "pop",
    "pricing",
    "public",
    "readyz",
    "register",
    "root",
    "security",
    "settings",
    "signin",
    "signup",
    "smtp",
    "staging",
    "static",
    "status",
    "support",
    "system",
    "tenant",
    "tenants",
    "test",
    "undefined",
    "user",
    "users",
    "webhook",
    "webhooks",
    "www",
];

/// A tenant's URL slug: 3–32 characters of `a-z`, `0-9` and single hyphens,
/// starting with a letter, not a reserved word.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct TenantSlug(String);

impl TenantSlug {
    /// Parse a slug; input is trimmed and lower-cased first.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_ascii_lowercase();
        let len = s.len();
        if !(3..=32).contains(&len) {
            return Err(FieldError::new(field, "length", "slug must be 3 to 32 characters"));
        }
        let valid_chars = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let starts_with_letter = s.starts_with(|c: char| c.is_ascii_lowercase());
        if !valid_chars || !starts_with_letter || s.ends_with('-') || s.contains("--") {
            return Err(FieldError::new(
                field,
                "invalid",
                "slug may contain a-z, 0-9 and single hyphens, must start with a letter and not end with a hyphen",
            ));
        }
        if RESERVED_SLUGS.contains(&s.as_str()) {
            return Err(FieldError::new(field, "reserved", format!("`{s}` is reserved")));
        }
        Ok(TenantSlug(s))
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Refuse text that does not read as it is stored: any text-direction
/// control (right-to-left overrides, embeddings, isolates, marks), or no
/// visible character at all (only zero-width or other invisible format
/// characters, and spaces). Invisible characters between visible ones are
/// kept: a zero-width joiner inside an emoji sequence (👨‍👩‍👧), a variation
/// selector after an emoji (❤️).
pub fn check_visible(s: &str, field: &str) -> Result<(), FieldError> {
    if s.chars().any(crate::text::is_direction_control) {
        return Err(FieldError::new(field, "invalid", "must not contain text-direction control characters"));
    }
    if s.chars().all(|c| c.is_whitespace() || crate::text::is_invisible(c)) {
        return Err(FieldError::new(field, "invalid", "must contain visible characters"));
    }
    Ok(())
}

/// A display name (a person's, a company's, a group's, a customer's, a
/// field's label …): trimmed, 1 to `max` characters, no control characters,
/// readable as stored ([`check_visible`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    /// Parse a name of at most `max` characters.
    pub fn parse(raw: &str, field: &str, max: usize) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "required", "must not be empty"));
        }
        if char_len(s) > max {
            return Err(FieldError::new(field, "too_long", format!("must be at most {max} characters")));
        }
        if s.chars().any(char::is_control) {
            return Err(FieldError::new(field, "invalid", "must not contain control characters"));
        }
        check_visible(s, field)?;
        Ok(Name(s.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Passwords everyone tries first; refused whatever their length.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "a123456789",
    "aa123456789",
    "abc1234567",
    "abcd123456",
    "admin12345",
    "administrator",
    "asdfghjkl;",
    "guanxi1234",
    "iloveyou12",
    "password",
    "password1",
    "password12",
    "password123",
    "password1234",
    "passw0rd123",
    "qazwsxedc123",
    "qwertyuiop",
    "qwerty1234",
    "qwerty123456",
    "woaini1314",
    "woaini520",
    "zxcvbnm123",
];

/// A password that meets the policy: 10 to 128 characters, at least 4
/// distinct characters, not a well-known password, and not built from the
/// account's e-mail name or the company slug. (No composition rules, per
/// OWASP and NIST SP 800-63B.)
pub struct Password(String);

impl Password {
    /// Minimum length in characters.
    pub const MIN_CHARS: usize = 10;
    /// Maximum length in characters (bounds hashing work).
    pub const MAX_CHARS: usize = 128;

    /// Check `raw` against the policy. `context` holds words the password must
    /// not contain (the e-mail local part, the tenant slug).
    pub fn parse(raw: &str, field: &str, context: &[&str]) -> Result<Self, FieldError> {
        let n = char_len(raw);
        if n < Self::MIN_CHARS {
            return Err(FieldError::new(
                field,
                "too_short",
                format!("password must be at least {} characters", Self::MIN_CHARS),
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("password must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        let mut distinct: Vec<char> = raw.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 4 {
            return Err(FieldError::new(field, "too_weak", "password needs at least 4 different characters"));
        }
        let lower = raw.to_lowercase();
        if COMMON_PASSWORDS.contains(&lower.as_str()) {
            return Err(FieldError::new(field, "too_common", "this password is too common"));
        }
        for word in context {
            let w = word.to_lowercase();
            if w.chars().count() >= 4 && lower.contains(&w) {
                return Err(FieldError::new(
                    field,
                    "too_personal",
                    "password must not contain your e-mail name or company",
                ));
            }
        }
        Ok(Password(raw.to_owned()))
    }

    /// The plain password, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// An IANA time zone such as `Asia/Shanghai`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeZone(pub chrono_tz::Tz);

impl TimeZone {
    /// The default for new tenants.
    pub const DEFAULT: TimeZone = TimeZone(chrono_tz::Asia::Shanghai);

    /// Parse an IANA name.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        chrono_tz::Tz::from_str(raw.trim())
            .map(TimeZone)
            .map_err(|_| FieldError::new(field, "invalid", format!("`{raw}` is not an IANA time zone")))
    }

    /// The IANA name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

/// A supported user-interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    /// Simplified Chinese, the default.
    ZhCn,
    /// English.
    En,
}

impl Locale {
    /// Parse `zh-CN` or `en` (case-insensitive, `_` accepted for `-`).
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        match raw.trim().replace('_', "-").to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" => Ok(Locale::ZhCn),
            "en" | "en-us" | "en-gb" => Ok(Locale::En),
            _ => Err(FieldError::new(field, "invalid", "locale must be zh-CN or en")),
        }
    }

    /// The BCP 47 tag.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

/// Collects field errors while parsing a whole input, so a client learns of
/// every bad field at once.
#[derive(Default)]
pub struct Checker(Vec<FieldError>);

impl Checker {
    /// A new, empty checker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keep the value, or record the error and return `None`.
    pub fn check<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }

    /// `Ok(())` when nothing failed, else a validation error with every field.
    pub fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() { Ok(()) } else { Err(Error::Validation(self.0)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Li.Lei@Example.COM ", "e").map(|e| e.0).ok().as_deref(), Some("li.lei@example.com"));
        for bad in ["", "no-at", "a@b", "@x.cn", "a@.cn", "a..b@x.cn", "a@x..cn", "a b@x.cn", "a@-x.cn"] {
            assert!(Email::parse(bad, "e").is_err(), "{bad}");
        }
        assert!(Email::parse("张三@例子.中国", "e").is_err(), "non-ASCII local part");
        assert!(Email::parse("zhang@例子.中国", "e").is_ok(), "IDN domain");
    }

    #[test]
    fn slugs() {
        assert_eq!(TenantSlug::parse(" Acme-Trading ", "s").map(|s| s.0).ok().as_deref(), Some("acme-trading"));
        for bad in ["ab", "1acme", "acme-", "ac--me", "ac_me", "acmé", "admin", "graphql", "www", &"a".repeat(33)] {
            assert!(TenantSlug::parse(bad, "s").is_err(), "{bad}");
        }
        assert_eq!(TenantSlug::parse("admin", "s").err().map(|e| e.reason), Some("reserved"));
    }

    #[test]
    fn passwords() {
        let ctx = ["lilei", "acme"];
        assert!(Password::parse("correct horse battery", "p", &ctx).is_ok());
        assert!(Password::parse("长城长城长城长城万里", "p", &ctx).is_ok());
        let reason = |p: &str| Password::parse(p, "p", &ctx).err().map(|e| e.reason);
        assert_eq!(reason("short1!"), Some("too_short"));
        assert_eq!(reason(&"x".repeat(129)), Some("too_long"));
        assert_eq!(reason("aaaaaaaaaaaa"), Some("too_weak"));
        assert_eq!(reason("Password123"), Some("too_common"));
        assert_eq!(reason("my-lilei-secret"), Some("too_personal"));
        assert_eq!(reason("ACME is the best"), Some("too_personal"));
        assert_eq!(format!("{:?}", Password::parse("correct horse battery", "p", &[])), "Ok(Password(***))");
    }

    #[test]
    fn names_must_read_as_stored() {
        for bad in ["\u{200B}", "\u{200B}\u{200C}\u{200D}", "\u{2060}\u{FEFF}", " \u{200B} ", "\u{3164}", "\u{FE0F}"] {
            let e = Name::parse(bad, "name", 100).expect_err(bad);
            assert_eq!((e.field.as_str(), e.reason), ("name", "invalid"), "{bad:?}");
        }
        for bad in ["张三\u{202E}gpj.exe", "\u{202A}abc", "李\u{2066}四\u{2069}", "a\u{200F}b", "x\u{202D}"] {
            assert!(Name::parse(bad, "name", 100).is_err(), "{bad:?}");
        }
        for good in
            ["张三", "Zhang San", "李宁体育 😀", "👨\u{200D}👩\u{200D}👧 一家", "❤\u{FE0F}", "O'Brien-Smith", "عَلِيّ"]
        {
            assert_eq!(Name::parse(good, "name", 100).map(Name::into_string).as_deref(), Ok(good), "{good:?}");
        }
    }

    #[test]
    fn names_time_zones_locales() {
        assert!(Name::parse("  关系科技  ", "n", 100).is_ok_and(|n| n.as_str() == "关系科技"));
        assert!(Name::parse("   ", "n", 100).is_err());
        assert!(Name::parse("a\u{0}b", "n", 100).is_err());
        assert!(Name::parse(&"长".repeat(101), "n", 100).is_err());
        assert_eq!(TimeZone::parse("Europe/Berlin", "tz").map(|t| t.name()).ok(), Some("Europe/Berlin"));
        assert!(TimeZone::parse("Mars/Base", "tz").is_err());
        assert_eq!(Locale::parse("zh_CN", "l").ok(), Some(Locale::ZhCn));
        assert!(Locale::parse("fr", "l").is_err());
    }

    #[test]
    fn checker_collects_every_error() {
        let mut c = Checker::new();
        assert!(c.check(Email::parse("bad", "email")).is_none());
        assert!(c.check(TenantSlug::parse("ok-slug", "slug")).is_some());
        assert!(c.check(TenantSlug::parse("x", "slug2")).is_none());
        match c.finish() {
            Err(Error::Validation(f)) => assert_eq!(f.len(), 2),
            other => panic!("unexpected {other:?}"),
        }
    }
}
