//! Custom fields (自定义字段): fields a company's admins add to customers
//! (and to conversations) without code.
//!
//! This module holds everything about them that needs no database: the
//! definition of a field and the checks an admin's definition must pass
//! ([`FieldSpec::check`]), how a value of each type is read and normalised
//! ([`FieldSet::check_write`], one place for every write path), who may see
//! and change which field ([`Visibility`]), which type changes are possible
//! and how values convert ([`convert`]), and which filter operators fit
//! which type ([`FilterOp`]). The store adds what needs the tenant's data:
//! that a user exists, that a unique value is not taken.
//!
//! Values live in the record's `custom` JSON object under the field's key.
//! An empty value is never stored: the key is absent. The stored forms:
//!
//! | type | stored JSON | example |
//! |---|---|---|
//! | `text`, `long_text` | string | `"华东区"` |
//! | `number` | integer (±2⁵³−1, exact in every JSON client) | `42` |
//! | `decimal` | string with exactly `scale` decimals | `"3.50"` |
//! | `money` | object, amount with the currency's minor digits | `{"amount": "1234.50", "currency": "CNY"}` |
//! | `date` | `YYYY-MM-DD` | `"2026-03-05"` |
//! | `datetime` | UTC, milliseconds | `"2026-03-05T06:30:00.000Z"` |
//! | `boolean` | `true` / `false` | `true` |
//! | `single_select` | the option's key | `"gold"` |
//! | `multi_select` | option keys, in option order | `["wechat", "phone"]` |
//! | `phone` | [`Phone`] normal form | `"13800138000"` |
//! | `email` | lower-cased address | `"li@example.cn"` |
//! | `url` | `http(s)://…` | `"https://example.cn/a"` |
//! | `user` | user id | `"0190…"` |
//! | `rating` | integer 1..=max | `4` |
//!
//! Decimals and money amounts are strings so that no JSON parser on the way
//! (JavaScript's included) rounds them, and at most 15 significant digits
//! so that both databases order them exactly.

mod convert;
mod value;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;
use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use convert::{ConversionError, can_convert, convert};
pub use value::{CURRENCIES, Currency, currency};

use crate::error::{Error, FieldError};
use crate::ids::{CustomFieldId, UserId};
use crate::input::Name;
use crate::roles::Role;
use crate::text::to_half_width;

/// What kind of record a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldEntity {
    /// Customers (客户).
    Customer,
    /// Conversations (沟通记录).
    Conversation,
}

impl FieldEntity {
    /// Every entity.
    pub const ALL: [FieldEntity; 2] = [FieldEntity::Customer, FieldEntity::Conversation];

    /// The stored and machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldEntity::Customer => "customer",
            FieldEntity::Conversation => "conversation",
        }
    }
}

impl FromStr for FieldEntity {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        FieldEntity::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| Error::invalid("entity", "invalid", format!("unknown entity `{s}`")))
    }
}

macro_rules! field_types {
    ($( $(#[$doc:meta])* $variant:ident => $machine:literal, $zh:literal; )*) => {
        /// The type of a custom field.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum FieldType {
            $( $(#[$doc])* $variant, )*
        }

        impl FieldType {
            /// Every type, in the order a form builder offers them.
            pub const ALL: &'static [FieldType] = &[$(FieldType::$variant,)*];

            /// The stored and machine name.
            pub fn as_str(self) -> &'static str {
                match self { $(FieldType::$variant => $machine,)* }
            }

            /// The Chinese name shown to admins.
            pub fn label_zh(self) -> &'static str {
                match self { $(FieldType::$variant => $zh,)* }
            }
        }
    };
}

field_types! {
    /// One line of text.
    Text => "text", "单行文本";
    /// Several lines of text.
    LongText => "long_text", "多行文本";
    /// A whole number.
    Number => "number", "整数";
    /// A number with a fixed count of decimals.
    Decimal => "decimal", "小数";
    /// An amount in a currency.
    Money => "money", "金额";
    /// A calendar date.
    Date => "date", "日期";
    /// A point in time.
    DateTime => "datetime", "日期时间";
    /// Yes or no.
    Boolean => "boolean", "是/否";
    /// One of a list of options.
    SingleSelect => "single_select", "单选";
    /// Any of a list of options.
    MultiSelect => "multi_select", "多选";
    /// A telephone number.
    Phone => "phone", "电话";
    /// An e-mail address.
    Email => "email", "邮箱";
    /// A web address.
    Url => "url", "网址";
    /// A user of the company.
    User => "user", "用户";
    /// A rating from 1 to a maximum (stars).
    Rating => "rating", "评分";
}

impl FieldType {
    /// Whether values can be required to be unique within the company.
    pub fn supports_unique(self) -> bool {
        matches!(
            self,
            FieldType::Text
                | FieldType::Number
                | FieldType::Decimal
                | FieldType::Phone
                | FieldType::Email
                | FieldType::Url
        )
    }

    /// Whether values are numbers ([`numeric`] reads them as doubles):
    /// integers, decimals, amounts of money and ratings.
    pub fn is_numeric(self) -> bool {
        matches!(self, FieldType::Number | FieldType::Decimal | FieldType::Money | FieldType::Rating)
    }

    /// Whether a list can be sorted by fields of this type.
    pub fn sortable(self) -> bool {
        !matches!(self, FieldType::MultiSelect | FieldType::User)
    }

    /// The filter operators that fit this type.
    pub fn filter_ops(self) -> &'static [FilterOp] {
        use FieldType as T;
        use FilterOp as O;
        match self {
            T::Text | T::LongText | T::Phone | T::Email | T::Url => {
                &[O::Eq, O::Ne, O::Contains, O::In, O::IsEmpty, O::NotEmpty]
            }
            T::Number | T::Decimal | T::Money | T::Rating | T::Date | T::DateTime => {
                &[O::Eq, O::Ne, O::Lt, O::Lte, O::Gt, O::Gte, O::In, O::IsEmpty, O::NotEmpty]
            }
            T::Boolean => &[O::Eq, O::Ne, O::IsEmpty, O::NotEmpty],
            T::SingleSelect | T::User => &[O::Eq, O::Ne, O::In, O::IsEmpty, O::NotEmpty],
            T::MultiSelect => &[O::Contains, O::In, O::IsEmpty, O::NotEmpty],
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FieldType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        FieldType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| Error::invalid("type", "invalid", format!("unknown field type `{s}`")))
    }
}

/// What a role may do with a field's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldAccess {
    /// Neither see nor change: the value is left out of every read.
    Hidden,
    /// See, not change.
    Read,
    /// See and change.
    Edit,
}

/// Per-role access to a field. The maintenance role never sees custom
/// values (it sees no CRM data at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Visibility {
    /// Admins.
    pub admin: FieldAccess,
    /// Supervisors.
    pub supervisor: FieldAccess,
    /// Salespeople.
    pub salesperson: FieldAccess,
}

impl Default for Visibility {
    fn default() -> Self {
        Visibility { admin: FieldAccess::Edit, supervisor: FieldAccess::Edit, salesperson: FieldAccess::Edit }
    }
}

impl Visibility {
    /// The access `role` has.
    pub fn for_role(&self, role: Role) -> FieldAccess {
        match role {
            Role::Admin => self.admin,
            Role::Supervisor => self.supervisor,
            Role::Salesperson => self.salesperson,
            Role::Maintenance => FieldAccess::Hidden,
        }
    }
}

/// Who is writing values: a user with a role (visibility applies), or the
/// system itself (plugin effects, conversions), which may write every field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writer {
    /// A user with this role.
    Role(Role),
    /// The system.
    System,
}

/// Longest key.
pub const MAX_KEY_CHARS: usize = 40;
/// Longest label, Chinese or English.
pub const MAX_LABEL_CHARS: usize = 50;
/// Longest help text.
pub const MAX_HELP_CHARS: usize = 500;
/// Most options of a select field.
pub const MAX_OPTIONS: usize = 200;
/// Longest regular expression source.
pub const MAX_REGEX_CHARS: usize = 300;
/// Memory a compiled regular expression may take (program and lazy DFA):
/// generous for any sane validation pattern, small enough that a hostile
/// one (`(a{1000}){1000}`) is refused when it is saved.
pub const REGEX_SIZE_LIMIT: usize = 256 * 1024;
/// Most fields per entity.
pub const MAX_FIELDS: usize = 200;
/// Largest `custom` object, serialised.
pub const MAX_CUSTOM_BYTES: usize = 64 * 1024;

/// A field's key: its stable API name, `[a-z][a-z0-9_]{0,39}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldKey(String);

impl FieldKey {
    /// Parse a key; `field` names the input for the error.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        let ok = s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.len() <= MAX_KEY_CHARS
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok {
            Ok(FieldKey(s.to_owned()))
        } else {
            Err(FieldError::new(
                field,
                "invalid",
                "a key is 1 to 40 characters of a-z, 0-9 and _, starting with a letter",
            ))
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One option of a select field. Values store the key, so labels and colours
/// can change freely.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectOption {
    /// Stable key, `[a-z0-9][a-z0-9_]{0,39}`; generated (`o1`, `o2` …) when
    /// none is given.
    #[serde(default)]
    pub key: String,
    /// Chinese (or the company's) label.
    pub label: String,
    /// English label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    /// Colour, `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// A field's type-specific rules. Which apply depends on the type; giving
/// one that does not apply is an error (`not_applicable`), never ignored.
///
/// | rule | types |
/// |---|---|
/// | `minLength`, `maxLength` (characters) | text (default max 200, at most 1000), long text (5000, at most 20000) |
/// | `regex` (the whole value must match) | text, long text |
/// | `min`, `max` (values of the type) | number, decimal, money (the amount), date, datetime |
/// | `min`, `max` (how many options) | multi select |
/// | `max` (the scale, 1–10, default 5) | rating |
/// | `scale` (decimals, 0–6, default 2) | decimal |
/// | `currencies` (ISO 4217, default CNY; the first is the default) | money |
/// | `options` (1–200) | single select, multi select |
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rules {
    /// Fewest characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Most characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Smallest value (or fewest options).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Value>,
    /// Largest value (or most options; a rating's scale).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Value>,
    /// A regular expression the whole value must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// Decimals of a decimal field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<u8>,
    /// Currencies a money field accepts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub currencies: Vec<String>,
    /// Options of a select field, in display order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<SelectOption>,
}

/// Everything an admin defines about a field, except where it sits.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSpec {
    /// Stable API name.
    pub key: FieldKey,
    /// Chinese (or the company's) label.
    pub label: String,
    /// English label.
    pub label_en: Option<String>,
    /// Help text shown under the input.
    pub help: Option<String>,
    /// The type.
    pub field_type: FieldType,
    /// A value must be given when a record is created (by roles that may
    /// edit the field) and cannot be cleared.
    pub required: bool,
    /// No two records of the company share a value.
    pub unique: bool,
    /// Value a new record gets when none is given (normalised).
    pub default: Option<Value>,
    /// Type-specific rules.
    pub rules: Rules,
    /// Per-role access.
    pub visibility: Visibility,
    /// Its values are indexed for search (as `key:value` terms). Only
    /// fields every role may read are ever indexed, whatever this says, so
    /// that a hidden value cannot be found by searching for it.
    pub searchable: bool,
}

/// A stored definition.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    /// Id.
    pub id: CustomFieldId,
    /// The entity it belongs to.
    pub entity: FieldEntity,
    /// Display order (smallest first).
    pub position: i32,
    /// Archived fields keep their values but leave forms and refuse new values.
    pub archived: bool,
    /// The definition.
    pub spec: FieldSpec,
}

/// The raw definition an admin sends, before checking.
#[derive(Clone, Debug, Default)]
pub struct SpecInput {
    /// Key.
    pub key: String,
    /// Label.
    pub label: String,
    /// English label.
    pub label_en: Option<String>,
    /// Help text.
    pub help: Option<String>,
    /// Type.
    pub field_type: Option<FieldType>,
    /// Required.
    pub required: bool,
    /// Unique.
    pub unique: bool,
    /// Default value, in any form a write accepts.
    pub default: Option<Value>,
    /// Rules.
    pub rules: Rules,
    /// Visibility.
    pub visibility: Visibility,
    /// Searchable (see [`FieldSpec::searchable`]).
    pub searchable: bool,
}

fn optional_label(raw: Option<&str>, field: &str, max: usize) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Name::parse(s, field, max).map(|n| Some(n.into_string())),
    }
}

fn not_applicable(errors: &mut Vec<FieldError>, rule: &str, t: FieldType) {
    errors.push(FieldError::new(
        format!("rules.{rule}"),
        "not_applicable",
        format!("`{rule}` does not apply to {} fields", t.as_str()),
    ));
}

/// Fold a label for comparison: trimmed, half-width, lower-case.
pub(crate) fn fold_label(s: &str) -> String {
    to_half_width(s).trim().to_lowercase()
}

fn option_key_ok(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= MAX_KEY_CHARS
        && k.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn check_options(options: Vec<SelectOption>, errors: &mut Vec<FieldError>) -> Vec<SelectOption> {
    if options.is_empty() || options.len() > MAX_OPTIONS {
        errors.push(FieldError::new("rules.options", "length", format!("give 1 to {MAX_OPTIONS} options")));
        return options;
    }
    let given: HashSet<String> = options.iter().map(|o| o.key.trim().to_owned()).collect();
    let mut next = 1usize;
    let mut keys: HashSet<String> = HashSet::new();
    let mut labels: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(options.len());
    for (i, o) in options.into_iter().enumerate() {
        let path = |f: &str| format!("rules.options.{i}.{f}");
        let key = match o.key.trim() {
            "" => loop {
                let k = format!("o{next}");
                next += 1;
                if !given.contains(&k) && !keys.contains(&k) {
                    break k;
                }
            },
            k if option_key_ok(k) => k.to_owned(),
            _ => {
                errors.push(FieldError::new(
                    path("key"),
                    "invalid",
                    "an option key is 1 to 40 characters of a-z, 0-9 and _",
                ));
                o.key.clone()
            }
        };
        if !keys.insert(key.clone()) {
            errors.push(FieldError::new(path("key"), "duplicate", "option keys must be unique"));
        }
        let label = match Name::parse(&o.label, &path("label"), MAX_LABEL_CHARS) {
            Ok(l) => l.into_string(),
            Err(e) => {
                errors.push(e);
                o.label.clone()
            }
        };
        if !labels.insert(fold_label(&label)) {
            errors.push(FieldError::new(path("label"), "duplicate", "option labels must be unique"));
        }
        let label_en = optional_label(o.label_en.as_deref(), &path("labelEn"), MAX_LABEL_CHARS).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let color = match o.color.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) if c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|d| d.is_ascii_hexdigit()) => {
                Some(c.to_ascii_lowercase())
            }
            Some(_) => {
                errors.push(FieldError::new(path("color"), "invalid", "a colour is written #rrggbb"));
                None
            }
        };
        out.push(SelectOption { key, label, label_en, color });
    }
    out
}

/// Compile a validation pattern, anchored so that it must match the whole
/// value, within [`REGEX_SIZE_LIMIT`].
pub fn compile_regex(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .nest_limit(50)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => "the pattern is too complex".to_owned(),
            other => other.to_string().lines().last().unwrap_or("invalid pattern").trim().to_owned(),
        })
}

impl FieldSpec {
    /// Check an admin's definition: every problem is reported at once, with
    /// paths such as `key`, `rules.maxLength`, `rules.options.2.color`.
    /// Options without a key get one; the default is normalised.
    pub fn check(input: SpecInput) -> Result<FieldSpec, Error> {
        let mut errors = Vec::new();
        let key = FieldKey::parse(&input.key, "key").map_err(|e| errors.push(e)).ok();
        let label = Name::parse(&input.label, "label", MAX_LABEL_CHARS).map_err(|e| errors.push(e)).ok();
        let label_en = optional_label(input.label_en.as_deref(), "labelEn", MAX_LABEL_CHARS)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let help =
            optional_label(input.help.as_deref(), "help", MAX_HELP_CHARS).map_err(|e| errors.push(e)).ok().flatten();
        let Some(t) = input.field_type else {
            errors.push(FieldError::new("type", "required", "a field type is required"));
            return Err(Error::Validation(errors));
        };
        if input.unique && !t.supports_unique() {
            errors.push(FieldError::new("unique", "not_applicable", format!("{} fields cannot be unique", t.as_str())));
        }
        let rules = check_rules(t, input.rules, &mut errors);
        let mut spec = FieldSpec {
            key: key.unwrap_or_else(|| FieldKey(String::new())),
            label: label.map(Name::into_string).unwrap_or_default(),
            label_en,
            help,
            field_type: t,
            required: input.required,
            unique: input.unique,
            default: None,
            rules,
            visibility: input.visibility,
            searchable: input.searchable,
        };
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        if let Some(raw) = input.default {
            if t == FieldType::User {
                errors.push(FieldError::new("default", "not_applicable", "user fields have no default"));
            } else if input.unique && !raw.is_null() {
                errors.push(FieldError::new(
                    "default",
                    "not_applicable",
                    "a unique field cannot have a default: the second record would collide",
                ));
            } else {
                let compiled = CompiledField::compile(FieldDef {
                    id: CustomFieldId(uuid::Uuid::nil()),
                    entity: FieldEntity::Customer,
                    position: 0,
                    archived: false,
                    spec: spec.clone(),
                })
                .map_err(|m| Error::invalid("rules.regex", "invalid", m))?;
                match compiled.normalise(&raw, "default", chrono_tz::UTC) {
                    Ok(v) => spec.default = v,
                    Err(e) => errors.push(e),
                }
            }
        }
        if errors.is_empty() { Ok(spec) } else { Err(Error::Validation(errors)) }
    }
}

fn check_rules(t: FieldType, r: Rules, errors: &mut Vec<FieldError>) -> Rules {
    use FieldType as T;
    let mut out = Rules::default();
    let texty = matches!(t, T::Text | T::LongText);

    // Lengths.
    if r.min_length.is_some() || r.max_length.is_some() {
        if texty {
            let cap = value::max_length_cap(t);
            if let Some(max) = r.max_length
                && !(1..=cap).contains(&max)
            {
                errors.push(FieldError::new("rules.maxLength", "out_of_range", format!("maxLength is 1 to {cap}")));
            }
            let max = r.max_length.unwrap_or_else(|| value::default_max_length(t));
            if let Some(min) = r.min_length
                && min > max.min(cap)
            {
                errors.push(FieldError::new("rules.minLength", "out_of_range", "minLength is above maxLength"));
            }
            out.min_length = r.min_length.filter(|m| *m > 0);
            out.max_length = r.max_length;
        } else {
            let which = if r.min_length.is_some() { "minLength" } else { "maxLength" };
            not_applicable(errors, which, t);
        }
    }

    // Pattern.
    if let Some(p) = r.regex.filter(|p| !p.is_empty()) {
        if !texty {
            not_applicable(errors, "regex", t);
        } else if p.chars().count() > MAX_REGEX_CHARS {
            errors.push(FieldError::new("rules.regex", "too_long", format!("at most {MAX_REGEX_CHARS} characters")));
        } else if let Err(m) = compile_regex(&p) {
            errors.push(FieldError::new("rules.regex", "invalid", m));
        } else {
            out.regex = Some(p);
        }
    }

    // Scale.
    match (t, r.scale) {
        (T::Decimal, Some(s)) if s > value::MAX_SCALE => {
            errors.push(FieldError::new("rules.scale", "out_of_range", format!("scale is 0 to {}", value::MAX_SCALE)));
        }
        (T::Decimal, s) => out.scale = Some(s.unwrap_or(value::DEFAULT_SCALE)),
        (_, Some(_)) => not_applicable(errors, "scale", t),
        (_, None) => {}
    }

    // Currencies.
    match (t, r.currencies.is_empty()) {
        (T::Money, true) => out.currencies = vec!["CNY".to_owned()],
        (T::Money, false) => {
            let mut seen = Vec::new();
            for (i, c) in r.currencies.iter().enumerate() {
                let code = c.trim().to_ascii_uppercase();
                if currency(&code).is_none() {
                    errors.push(FieldError::new(
                        format!("rules.currencies.{i}"),
                        "invalid",
                        format!("`{c}` is not a supported currency"),
                    ));
                } else if !seen.contains(&code) {
                    seen.push(code);
                }
            }
            if seen.len() > 10 {
                errors.push(FieldError::new("rules.currencies", "length", "at most 10 currencies"));
            }
            out.currencies = seen;
        }
        (_, false) => not_applicable(errors, "currencies", t),
        (_, true) => {}
    }

    // Options.
    match (t, r.options.is_empty()) {
        (T::SingleSelect | T::MultiSelect, _) => out.options = check_options(r.options, errors),
        (_, false) => not_applicable(errors, "options", t),
        (_, true) => {}
    }

    // Bounds.
    let bounds = value::check_bounds(t, &out, r.min.filter(|v| !v.is_null()), r.max.filter(|v| !v.is_null()), errors);
    out.min = bounds.0;
    out.max = bounds.1;
    out
}

/// A definition ready to check values: its pattern compiled once.
#[derive(Clone, Debug)]
pub struct CompiledField {
    /// The definition.
    pub def: FieldDef,
    regex: Option<Regex>,
}

impl CompiledField {
    /// Compile a definition's pattern. A stored pattern was checked when it
    /// was saved, so an error here means the limits changed since.
    pub fn compile(def: FieldDef) -> Result<CompiledField, String> {
        let regex = def.spec.rules.regex.as_deref().map(compile_regex).transpose()?;
        Ok(CompiledField { def, regex })
    }

    /// The key.
    pub fn key(&self) -> &str {
        self.def.spec.key.as_str()
    }

    /// The type.
    pub fn field_type(&self) -> FieldType {
        self.def.spec.field_type
    }

    /// Read `raw` as a value of this field and normalise it; `Ok(None)` is
    /// the empty value (null, blank text, an empty list). `tz` is the
    /// company's time zone, for date-times written without an offset.
    pub fn normalise(&self, raw: &Value, path: &str, tz: Tz) -> Result<Option<Value>, FieldError> {
        value::normalise(self, raw, path, tz)
    }

    /// The text form of a stored value (option labels, `是`/`否`, `CNY 12.50`),
    /// as a conversion to text keeps it.
    pub fn display(&self, v: &Value) -> String {
        value::display(self, v)
    }

    /// The comparison key that uniqueness is decided on, for unique fields:
    /// text, e-mail and URLs compare case-insensitively.
    pub fn unique_key(&self, v: &Value) -> Option<String> {
        if !self.def.spec.unique {
            return None;
        }
        Some(match (self.field_type(), v) {
            (FieldType::Text | FieldType::Email | FieldType::Url, Value::String(s)) => s.to_lowercase(),
            (_, Value::String(s)) => s.clone(),
            (_, other) => other.to_string(),
        })
    }

    /// The option keys of a select field.
    pub fn option_keys(&self) -> Vec<&str> {
        self.def.spec.rules.options.iter().map(|o| o.key.as_str()).collect()
    }

    /// A stored value as plugins see it (ABI v1): money as
    /// `{amount_minor, currency}`; other types as stored.
    pub fn value_to_abi(&self, v: &Value) -> Value {
        match self.field_type() {
            FieldType::Money => value::money_to_abi(v).unwrap_or_else(|| v.clone()),
            _ => v.clone(),
        }
    }

    /// A plugin's value in a form [`CompiledField::normalise`] takes: money
    /// from `{amount_minor, currency}`; other types as they are.
    pub fn value_from_abi(&self, v: &Value) -> Value {
        match self.field_type() {
            FieldType::Money => value::money_from_abi(v).unwrap_or_else(|| v.clone()),
            _ => v.clone(),
        }
    }
}

/// A change of one value, for history.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueChange {
    /// The field.
    pub field: CustomFieldId,
    /// Its key.
    pub key: String,
    /// Before (`null`: empty).
    pub old: Value,
    /// After (`null`: empty).
    pub new: Value,
}

/// A uniqueness claim the store must make: the record now holds this
/// comparison key for the field (`None`: it no longer holds any).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UniqueClaim {
    /// The field.
    pub field: CustomFieldId,
    /// Its key (for the error path).
    pub key: String,
    /// The comparison key, see [`CompiledField::unique_key`].
    pub value: Option<String>,
}

/// The result of checking a write.
#[derive(Clone, Debug, PartialEq)]
pub struct WriteOutcome {
    /// The whole new `custom` object, normalised.
    pub value: Value,
    /// The values that changed.
    pub changes: Vec<ValueChange>,
    /// Uniqueness the store must claim or release.
    pub unique: Vec<UniqueClaim>,
    /// Users that values now name, which the store must find in the
    /// company (path, user).
    pub users: Vec<(String, UserId)>,
}

/// The fields of one entity of one company, compiled: what every write path
/// checks values with and every read path filters them with.
#[derive(Clone, Debug)]
pub struct FieldSet {
    fields: Vec<CompiledField>,
    tz: Tz,
}

fn path(key: &str) -> String {
    format!("custom.{key}")
}

impl FieldSet {
    /// Compile `defs` (in display order) for a company in `tz`.
    pub fn new(mut defs: Vec<FieldDef>, tz: Tz) -> Result<FieldSet, Error> {
        defs.sort_by_key(|d| (d.position, d.id));
        let fields = defs
            .into_iter()
            .map(|d| CompiledField::compile(d).map_err(|m| Error::Internal(format!("stored pattern: {m}").into())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FieldSet { fields, tz })
    }

    /// Every field, archived ones included, in display order.
    pub fn fields(&self) -> &[CompiledField] {
        &self.fields
    }

    /// The company's time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The field with this key.
    pub fn get(&self, key: &str) -> Option<&CompiledField> {
        self.fields.iter().find(|f| f.key() == key)
    }

    /// A record's stored custom values as plugins see them (ABI v1; see
    /// [`CompiledField::value_to_abi`]). Keys of unknown fields pass as they are.
    pub fn to_abi(&self, custom: &Value) -> Value {
        let Some(map) = custom.as_object() else { return Value::Object(Map::new()) };
        Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), self.get(k).map_or_else(|| v.clone(), |f| f.value_to_abi(v))))
                .collect(),
        )
    }

    /// What `writer` may do with `field`.
    pub fn access(field: &CompiledField, writer: Writer) -> FieldAccess {
        match writer {
            Writer::System => FieldAccess::Edit,
            Writer::Role(r) => field.def.spec.visibility.for_role(r),
        }
    }

    /// Whether `reader` may read the field: unless its visibility hides it
    /// from the reader's role. `None` is the system (a job without an
    /// acting user), which reads everything. The one rule every reader
    /// (records, filters, sorts, exports, the API's field list) follows.
    pub fn may_read(def: &FieldDef, reader: Option<Role>) -> bool {
        reader.is_none_or(|role| def.spec.visibility.for_role(role) != FieldAccess::Hidden)
    }

    /// `stored` as `reader` may see it: values of fields hidden from the
    /// reader are left out. Keys that no field defines (values written
    /// before definitions existed) are kept for admins and the system only.
    pub fn visible_values(&self, reader: Option<Role>, stored: Value) -> Value {
        let Value::Object(map) = stored else { return Value::Object(Map::new()) };
        let out: Map<String, Value> = map
            .into_iter()
            .filter(|(k, _)| match self.get(k) {
                Some(f) => Self::may_read(&f.def, reader),
                None => reader.is_none_or(|r| r == Role::Admin),
            })
            .collect();
        Value::Object(out)
    }

    /// Check a write of `patch` (a JSON object) over `old` (`None`: the
    /// record is being created) by `writer`, and compute the new object.
    ///
    /// - Keys in the patch set their value; `null` (or an empty value)
    ///   clears it. Keys not in the patch keep their stored value, so a form
    ///   that does not show a field (hidden, read-only, newer than the
    ///   client) never wipes it.
    /// - An unknown key is `VALIDATION_FAILED` (`unknown`). A key hidden
    ///   from the writer is `FORBIDDEN`; so is a changed value of a
    ///   read-only field (sending back the value it has is allowed).
    ///   Archived fields refuse changes (`archived`).
    /// - On create, fields not given take their default, and required
    ///   fields the writer may edit must have a value; on update, a required
    ///   field cannot be cleared.
    ///
    /// Every invalid value is reported at once, as `custom.<key>`.
    pub fn check_write(&self, writer: Writer, old: Option<&Value>, patch: &Value) -> Result<WriteOutcome, Error> {
        let Value::Object(patch) = patch else {
            return Err(Error::invalid("custom", "invalid", "custom must be a JSON object"));
        };
        let creating = old.is_none();
        let old_map = match old {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        let mut new_map = old_map.clone();
        let mut errors = Vec::new();
        let mut forbidden = false;
        // Sorted, so errors come in a stable order.
        let sorted: BTreeMap<&String, &Value> = patch.iter().collect();
        for (k, raw) in sorted {
            let Some(f) = self.get(k) else {
                errors.push(FieldError::new(path(k), "unknown", format!("no custom field `{k}`")));
                continue;
            };
            let access = Self::access(f, writer);
            if access == FieldAccess::Hidden {
                forbidden = true;
                continue;
            }
            let new = match f.normalise(raw, &path(k), self.tz) {
                Ok(v) => v,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let current = old_map.get(k.as_str());
            if new.as_ref() == current {
                continue;
            }
            if access == FieldAccess::Read {
                forbidden = true;
                continue;
            }
            if f.def.archived {
                errors.push(FieldError::new(path(k), "archived", "this field is archived and takes no new values"));
                continue;
            }
            if new.is_none() && f.def.spec.required {
                errors.push(FieldError::new(path(k), "required", format!("{} is required", f.def.spec.label)));
                continue;
            }
            match new {
                Some(v) => new_map.insert(k.clone(), v),
                None => new_map.remove(k.as_str()),
            };
        }
        if forbidden {
            return Err(Error::Forbidden);
        }
        if creating {
            for f in self.fields.iter().filter(|f| !f.def.archived) {
                let reported = || errors.iter().any(|e| e.field == path(f.key()));
                if new_map.contains_key(f.key()) || reported() {
                    continue;
                }
                // A default fills a field the input leaves out; an explicit
                // null means "no value".
                if let Some(d) = f.def.spec.default.as_ref().filter(|_| !patch.contains_key(f.key())) {
                    new_map.insert(f.key().to_owned(), d.clone());
                } else if f.def.spec.required && Self::access(f, writer) == FieldAccess::Edit {
                    errors.push(FieldError::new(
                        path(f.key()),
                        "required",
                        format!("{} is required", f.def.spec.label),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let value = Value::Object(new_map);
        if value.to_string().len() > MAX_CUSTOM_BYTES {
            return Err(Error::invalid("custom", "too_large", "custom values are larger than 64 KiB"));
        }
        Ok(self.outcome(&Value::Object(old_map), value))
    }

    /// The changes, claims and user references between two objects.
    pub fn outcome(&self, old: &Value, new: Value) -> WriteOutcome {
        let mut changes = Vec::new();
        let mut unique = Vec::new();
        let mut users = Vec::new();
        for f in &self.fields {
            let (before, after) = (old.get(f.key()), new.get(f.key()));
            if before == after {
                continue;
            }
            changes.push(ValueChange {
                field: f.def.id,
                key: f.key().to_owned(),
                old: before.cloned().unwrap_or(Value::Null),
                new: after.cloned().unwrap_or(Value::Null),
            });
            if f.def.spec.unique {
                unique.push(UniqueClaim {
                    field: f.def.id,
                    key: f.key().to_owned(),
                    value: after.and_then(|v| f.unique_key(v)),
                });
            }
            if f.field_type() == FieldType::User
                && let Some(id) = after.and_then(Value::as_str).and_then(|s| s.parse::<uuid::Uuid>().ok())
            {
                users.push((path(f.key()), UserId(id)));
            }
        }
        WriteOutcome { value: new, changes, unique, users }
    }
}

/// A filter operator on a custom field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterOp {
    /// Equal.
    Eq,
    /// Not equal (empty values count as not equal).
    Ne,
    /// Less than.
    Lt,
    /// Less than or equal.
    Lte,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Gte,
    /// Text: contains the substring (case-insensitive for Latin letters).
    /// Multi select: has the option.
    Contains,
    /// One of a list (multi select: has any of the options).
    In,
    /// Has no value.
    IsEmpty,
    /// Has a value.
    NotEmpty,
}

impl FilterOp {
    /// Whether the operator takes a value.
    pub fn takes_value(self) -> bool {
        !matches!(self, FilterOp::IsEmpty | FilterOp::NotEmpty)
    }
}

/// A filter's operand, checked against its field.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// No value (`IS_EMPTY`, `NOT_EMPTY`).
    None,
    /// One normalised value (for `CONTAINS` on text: the raw substring).
    One(Value),
    /// A list of normalised values (`IN`).
    Many(Vec<Value>),
}

/// A stored number, rating, decimal (its text) or amount of money (its
/// `amount`) as a double, as sorting, filtering and grading compare them;
/// `None` for values of other types.
pub fn numeric(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        Value::Object(m) => m.get("amount").and_then(numeric),
        _ => None,
    }
}

/// Check a filter on `field`: the operator must fit the type and the value
/// must be a value of the field (dates parse, phones normalise, options are
/// found by key or label). `path` names the condition, e.g. `filter.custom.0`.
pub fn check_filter(
    field: &CompiledField,
    op: FilterOp,
    raw: Option<&Value>,
    path: &str,
    tz: Tz,
) -> Result<Operand, FieldError> {
    let t = field.field_type();
    if !t.filter_ops().contains(&op) {
        return Err(FieldError::new(
            format!("{path}.op"),
            "not_applicable",
            format!("this operator does not apply to {} fields", t.as_str()),
        ));
    }
    let vpath = format!("{path}.value");
    let raw = raw.filter(|v| !v.is_null());
    if !op.takes_value() {
        return Ok(Operand::None);
    }
    let Some(raw) = raw else {
        return Err(FieldError::new(vpath, "required", "this operator needs a value"));
    };
    // One element of a multi select, or a bare value of any other type;
    // bounds, lengths and patterns do not apply to what one looks for.
    let one = |v: &Value, p: &str| -> Result<Value, FieldError> {
        let parsed = if t == FieldType::MultiSelect {
            value::normalise_unbounded(field, &Value::Array(vec![v.clone()]), p, tz)?.and_then(|a| a.get(0).cloned())
        } else {
            value::normalise_unbounded(field, v, p, tz)?
        };
        parsed.ok_or_else(|| FieldError::new(p, "required", "empty value"))
    };
    match op {
        FilterOp::In => {
            let Value::Array(items) = raw else {
                return Err(FieldError::new(vpath, "invalid", "IN needs a list of values"));
            };
            if items.is_empty() || items.len() > 100 {
                return Err(FieldError::new(vpath, "length", "give 1 to 100 values"));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, v)| one(v, &format!("{vpath}.{i}")))
                .collect::<Result<_, _>>()
                .map(Operand::Many)
        }
        FilterOp::Contains if t != FieldType::MultiSelect => match raw {
            Value::String(s) if !s.trim().is_empty() && s.chars().count() <= 100 => {
                Ok(Operand::One(Value::String(s.trim().to_owned())))
            }
            _ => Err(FieldError::new(vpath, "invalid", "CONTAINS needs 1 to 100 characters of text")),
        },
        _ => one(raw, &vpath).map(Operand::One),
    }
}

#[cfg(test)]
mod tests;
