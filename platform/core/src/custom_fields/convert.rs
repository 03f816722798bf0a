//! Changing a field's type: which changes exist, and how each stored value
//! becomes a value of the new type.
//!
//! | from | to |
//! |---|---|
//! | any type | text, long text (its text form: option labels, `是`/`否`, `CNY 12.50`) |
//! | text, long text | any type but user (the text is read like input; what does not read fails) |
//! | number | decimal, money (in the first currency), rating (1..=max only) |
//! | decimal | number (whole values only), money, rating (whole values in range only) |
//! | rating | number, decimal |
//! | date | date-time (local midnight in the company's time zone) |
//! | single select | multi select (the option is kept by key, else by label) |
//! | multi select | single select (values with at most one option only) |
//!
//! Anything else (a date-time to a date, a user to a number …) is not a
//! conversion: it would lose what the value means. A value that fails is
//! never silently changed: the store refuses the whole change and counts
//! the failures, unless the admin explicitly asks to clear them.

use chrono_tz::Tz;
use serde_json::Value;

use super::{CompiledField, FieldType, value};
use crate::error::FieldError;

/// Whether fields of type `from` can be changed to `to`.
pub fn can_convert(from: FieldType, to: FieldType) -> bool {
    use FieldType as T;
    if from == to {
        return false;
    }
    match (from, to) {
        (_, T::Text | T::LongText) => true,
        (T::Text | T::LongText, t) => t != T::User,
        (T::Number, T::Decimal | T::Money | T::Rating) => true,
        (T::Decimal, T::Number | T::Money | T::Rating) => true,
        (T::Rating, T::Number | T::Decimal) => true,
        (T::Date, T::DateTime) => true,
        (T::SingleSelect, T::MultiSelect) | (T::MultiSelect, T::SingleSelect) => true,
        _ => false,
    }
}

/// Why one value did not convert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionError(pub FieldError);

/// Convert one stored value of `from` into a value of `to` (which must
/// satisfy `to`'s rules). `Ok(None)`: the value is empty in the new type.
pub fn convert(from: &CompiledField, to: &CompiledField, v: &Value, tz: Tz) -> Result<Option<Value>, ConversionError> {
    use FieldType as T;
    let path = format!("custom.{}", to.key());
    let (ft, tt) = (from.field_type(), to.field_type());
    if !can_convert(ft, tt) {
        return Err(ConversionError(FieldError::new(path, "unsupported", "no such conversion")));
    }
    let attempt = match (ft, tt) {
        (_, T::Text | T::LongText) => to.normalise(&Value::String(from.display(v)), &path, tz),
        (T::Date, T::DateTime) => {
            let d = v.as_str().and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            match d {
                Some(d) => to.normalise(&Value::String(value::midnight(d, tz)), &path, tz),
                None => Err(FieldError::new(&path, "invalid", "not a stored date")),
            }
        }
        (T::SingleSelect, T::MultiSelect) => to
            .normalise(&Value::Array(vec![v.clone()]), &path, tz)
            .or_else(|_| to.normalise(&Value::Array(vec![Value::String(from.display(v))]), &path, tz)),
        (T::MultiSelect, T::SingleSelect) => match v.as_array().map(Vec::as_slice) {
            Some([]) | None => Ok(None),
            Some([one]) => to
                .normalise(one, &path, tz)
                .or_else(|_| to.normalise(&Value::String(from.display(&Value::Array(vec![one.clone()]))), &path, tz)),
            Some(_) => Err(FieldError::new(&path, "too_many", "holds more than one option")),
        },
        _ => to.normalise(v, &path, tz),
    };
    attempt.map_err(ConversionError)
}
