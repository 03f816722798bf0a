//! Custom field values in SQL: filter conditions and sort expressions on a
//! record's `custom` JSON column, alike on PostgreSQL (jsonb operators) and
//! SQLite (JSON1 functions).
//!
//! Values are stored normalised (see `guanxi_core::custom_fields`), so SQL
//! compares them as stored: numbers, decimals and amounts as doubles (their
//! digits are bounded to what a double holds exactly), dates and date-times
//! as their fixed-width ISO text, yes/no as `'true'`/`'false'`, select
//! options by key, multi selects by membership.

use crate::db::escape_like;
use guanxi_core::custom_fields::{CompiledField, FieldType, FilterOp, Operand, numeric};
use sea_orm::DbBackend;
use sea_orm::sea_query::{CaseStatement, Condition, Expr, Func, LikeExpr, SimpleExpr};
use serde_json::{Value, json};

/// How a field's values compare in SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text (dates, options, users and phones included).
    Text,
    /// A double: numbers, decimals, ratings, amounts of money.
    Number,
    /// `'true'` or `'false'`.
    Bool,
    /// A list of option keys.
    Many,
}

impl Kind {
    pub(crate) fn of(t: FieldType) -> Kind {
        match t {
            t if t.is_numeric() => Kind::Number,
            FieldType::Boolean => Kind::Bool,
            FieldType::MultiSelect => Kind::Many,
            _ => Kind::Text,
        }
    }
}

/// `"table"."custom"`.
fn column(table: &str) -> String {
    format!(r#""{table}"."custom""#)
}

/// The value of `field` on a row of `table` as an SQL expression of its
/// [`Kind`]; NULL when the record holds none. The key is safe to write into
/// SQL text: keys are `[a-z][a-z0-9_]*`, checked when the field is defined.
pub(crate) fn value_expr(b: DbBackend, table: &str, field: &CompiledField) -> SimpleExpr {
    let col = column(table);
    let key = field.key();
    let t = field.field_type();
    let sql = match (b, t, Kind::of(t)) {
        (DbBackend::Postgres, FieldType::Money, _) => format!("(({col}->'{key}'->>'amount')::float8)"),
        (DbBackend::Postgres, _, Kind::Number) => format!("(({col}->>'{key}')::float8)"),
        (DbBackend::Postgres, _, _) => format!("({col}->>'{key}')"),
        (_, FieldType::Money, _) => format!("CAST(json_extract({col}, '$.{key}.amount') AS REAL)"),
        (_, _, Kind::Number) => format!("CAST(json_extract({col}, '$.{key}') AS REAL)"),
        (_, _, Kind::Bool) => {
            format!("(CASE json_type({col}, '$.{key}') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END)")
        }
        (_, _, _) => format!("json_extract({col}, '$.{key}')"),
    };
    Expr::cust(sql)
}

/// A value as SQL compares it (see [`Kind`]).
fn sql_of(kind: Kind, v: &Value) -> sea_orm::Value {
    match (kind, v) {
        (Kind::Number, v) => numeric(v).unwrap_or(f64::NAN).into(),
        (Kind::Bool, Value::Bool(b)) => if *b { "true" } else { "false" }.into(),
        (_, Value::String(s)) => s.clone().into(),
        (_, other) => other.to_string().into(),
    }
}

/// Whether text compares without regard to case.
fn folds_case(t: FieldType) -> bool {
    matches!(t, FieldType::Text | FieldType::LongText)
}

/// Records whose multi select `field` holds `option`.
fn has_option(b: DbBackend, table: &str, field: &CompiledField, option: &Value) -> SimpleExpr {
    let col = column(table);
    let key = field.key();
    match b {
        DbBackend::Postgres => Expr::cust_with_values(format!("({col}->'{key}') @> $1"), [json!([option])]),
        _ => Expr::cust_with_values(
            format!("EXISTS (SELECT 1 FROM json_each({col}, '$.{key}') WHERE json_each.value = ?)"),
            [option.as_str().unwrap_or_default()],
        ),
    }
}

/// The SQL of a checked filter condition (see
/// `guanxi_core::custom_fields::check_filter`) on `field`.
pub(crate) fn condition(
    b: DbBackend,
    table: &str,
    field: &CompiledField,
    op: FilterOp,
    operand: &Operand,
) -> Condition {
    let t = field.field_type();
    let kind = Kind::of(t);
    let value = value_expr(b, table, field);
    let e = || Expr::expr(value.clone());
    let folded = || Expr::expr(Func::lower(Expr::expr(value.clone())));
    let one = match operand {
        Operand::One(v) => Some(v),
        _ => None,
    };
    // An amount also matches on its currency.
    let currency = |c: Condition| match (t, one.and_then(|v| v.get("currency")).and_then(Value::as_str)) {
        (FieldType::Money, Some(code)) => {
            let col = column(table);
            let key = field.key();
            let expr = match b {
                DbBackend::Postgres => format!("({col}->'{key}'->>'currency')"),
                _ => format!("json_extract({col}, '$.{key}.currency')"),
            };
            c.add(Expr::expr(Expr::cust(expr)).eq(code))
        }
        _ => c,
    };
    match (op, operand) {
        (FilterOp::IsEmpty, _) => Condition::all().add(e().is_null()),
        (FilterOp::NotEmpty, _) => Condition::all().add(e().is_not_null()),
        (FilterOp::Contains | FilterOp::In, _) if kind == Kind::Many => {
            let options: Vec<&Value> = match operand {
                Operand::One(v) => vec![v],
                Operand::Many(list) => list.iter().collect(),
                Operand::None => Vec::new(),
            };
            options.into_iter().fold(Condition::any(), |c, o| c.add(has_option(b, table, field, o)))
        }
        (FilterOp::Contains, Operand::One(Value::String(s))) => {
            let pattern = format!("%{}%", escape_like(&s.to_lowercase()));
            Condition::all().add(folded().like(LikeExpr::new(pattern).escape('\\')))
        }
        (FilterOp::In, Operand::Many(list)) => {
            if folds_case(t) {
                let values: Vec<sea_orm::Value> = list
                    .iter()
                    .map(|v| sql_of(kind, &Value::String(v.as_str().unwrap_or_default().to_lowercase())))
                    .collect();
                Condition::all().add(folded().is_in(values))
            } else {
                Condition::all().add(e().is_in(list.iter().map(|v| sql_of(kind, v))))
            }
        }
        (FilterOp::Eq | FilterOp::Ne, Operand::One(v)) => {
            let eq = if folds_case(t) {
                folded().eq(v.as_str().unwrap_or_default().to_lowercase())
            } else {
                e().eq(sql_of(kind, v))
            };
            if op == FilterOp::Eq {
                currency(Condition::all().add(eq))
            } else {
                // An empty value is not equal to anything.
                Condition::any().add(e().is_null()).add(currency(Condition::all().add(eq)).not())
            }
        }
        (FilterOp::Lt | FilterOp::Lte | FilterOp::Gt | FilterOp::Gte, Operand::One(v)) => {
            let v = sql_of(kind, v);
            let cmp = match op {
                FilterOp::Lt => e().lt(v),
                FilterOp::Lte => e().lte(v),
                FilterOp::Gt => e().gt(v),
                _ => e().gte(v),
            };
            currency(Condition::all().add(cmp))
        }
        // `check_filter` pairs every operator with its operand; anything
        // else matches nothing rather than everything.
        _ => Condition::all().add(Expr::cust("1 = 0")),
    }
}

/// What a list sorted by a custom field orders on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SortKind {
    /// Text, in byte order.
    Text,
    /// A double.
    Number,
    /// A select option's position in the field's list.
    Rank,
}

impl SortKind {
    pub(crate) fn of(t: FieldType) -> SortKind {
        match (t, Kind::of(t)) {
            (FieldType::SingleSelect, _) => SortKind::Rank,
            (_, Kind::Number) => SortKind::Number,
            _ => SortKind::Text,
        }
    }
}

/// The sort expression of `field` (its [`SortKind`]); NULL for records
/// without a value.
pub(crate) fn sort_expr(b: DbBackend, table: &str, field: &CompiledField) -> SimpleExpr {
    let value = value_expr(b, table, field);
    match SortKind::of(field.field_type()) {
        SortKind::Rank => {
            let mut case = CaseStatement::new();
            for (n, key) in field.option_keys().into_iter().enumerate() {
                case = case.case(Expr::expr(value.clone()).eq(key), i64::try_from(n).unwrap_or(i64::MAX));
            }
            // Keys no longer listed sort after the listed ones; no value
            // stays NULL.
            let unlisted = i64::try_from(field.option_keys().len()).unwrap_or(i64::MAX);
            case = case.case(Expr::expr(value).is_not_null(), unlisted);
            case.into()
        }
        _ => value,
    }
}

/// A record's sort value of `field` as a cursor keeps it (JSON null when
/// the record holds none).
pub(crate) fn sort_value(field: &CompiledField, custom: &Value) -> Value {
    let Some(v) = custom.get(field.key()).filter(|v| !v.is_null()) else { return Value::Null };
    match SortKind::of(field.field_type()) {
        SortKind::Number => numeric(v).map_or(Value::Null, |n| json!(n)),
        SortKind::Rank => {
            let keys = field.option_keys();
            let n = v.as_str().and_then(|s| keys.iter().position(|k| *k == s)).unwrap_or(keys.len());
            json!(n)
        }
        SortKind::Text => match v {
            Value::String(s) => json!(s),
            Value::Bool(b) => json!(if *b { "true" } else { "false" }),
            other => json!(other.to_string()),
        },
    }
}

/// A cursor's sort value as SQL: `Some(None)` for NULL, `None` when it is
/// not a value of this sort.
pub(crate) fn sort_sql_value(kind: SortKind, v: &Value) -> Option<Option<sea_orm::Value>> {
    match (kind, v) {
        (_, Value::Null) => Some(None),
        (SortKind::Number, Value::Number(n)) => n.as_f64().map(|f| Some(f.into())),
        (SortKind::Rank, Value::Number(n)) => n.as_i64().map(|i| Some(i.into())),
        (SortKind::Text, Value::String(s)) => Some(Some(s.clone().into())),
        _ => None,
    }
}
