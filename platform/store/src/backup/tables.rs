//! Which tables hold a company's data, read from the database's own catalog
//! (every table with a `tenant_id` column), how each is treated by a backup,
//! and how its values become JSON and back.
//!
//! The JSON form is the same on both backends, so an archive made on SQLite
//! restores on PostgreSQL and back: UUIDs hyphenated, timestamps RFC 3339 in
//! UTC to the microsecond (PostgreSQL's resolution), dates `YYYY-MM-DD`,
//! JSON columns as JSON, binary columns as a file of the archive
//! (`{"$file": …}`).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use guanxi_core::{Error, Result};
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db::db_err;

/// The tables a backup copies, in the order a restore writes them (every
/// table after the tables its foreign keys point to). A tenant table that is
/// in neither this list nor [`EXCLUDED`] stops every backup with an error,
/// and the schema test fails, so a new table is never silently left out.
pub const BACKED_UP: &[&str] = &[
    "tenants",
    "groups",
    "users",
    "group_supervisors",
    "notification_preferences",
    "audit_log",
    "board_posts",
    "board_replies",
    "suggestions",
    "suggestion_replies",
    "customers",
    "work_plans",
    "customer_counters",
    "customer_history",
    "conversations",
    "pool_claims",
    "imports",
    "import_issues",
    "custom_fields",
    "custom_field_unique",
    "deals",
    "grading_models",
    "customer_grades",
    "plugins",
    "plugin_versions",
    "plugin_attachments",
    "plugin_calls",
    "plugin_usage",
    "workflows",
    "workflow_versions",
    "assignment_counters",
    "segments",
    "tags",
    "customer_merges",
    "merged_customers",
    "duplicate_dismissals",
];

/// Tenant tables a backup leaves out, each with the reason.
pub const EXCLUDED: &[(&str, &str)] = &[
    ("sessions", "login sessions are credentials of the installation that issued them"),
    ("conversation_days", "counts derived from the conversations, built again after a restore"),
    ("customer_cohorts", "counts derived from the customers, built again after a restore"),
    ("customer_lost_moves", "counts derived from the customers' status history, built again after a restore"),
    ("api_keys", "integration keys are credentials of the installation that issued them"),
    ("invitations", "pending invitations carry sign-up tokens, which are credentials; invite again after a restore"),
    ("downloads", "download links are short-lived credentials of this installation"),
    ("mail_outbox", "mails carry invitation and other links, which are credentials of this installation"),
    ("jobs", "background runs of this installation; a restored queued or running job would never run"),
    ("backups", "the archives listed there are files of this installation"),
    (
        "import_file_chunks",
        "files of imports under way, which only their jobs read; jobs are not archived, so they would never run",
    ),
    ("job_queue", "scheduling of this installation's workers, no company data"),
    ("job_turns", "when this installation last started one of the company's jobs: scheduling, no company data"),
    ("mail_queue", "delivery schedule of this installation's outbox, which is not archived either"),
    ("email_tokens", "password reset and address verification links are credentials of this installation"),
    ("tenant_slugs", "the installation's directory of company names; the target company keeps its own"),
    ("domain_events", "the feed of changes read and pruned by this installation's subscribers; no company data"),
    ("event_sequences", "numbering of this installation's event feed: scheduling, no company data"),
    ("event_cursors", "how far this installation's subscribers have read: scheduling, no company data"),
    ("entitlement_usage", "a cache of counts of the company's data, recounted from the data itself"),
    ("billing_subscriptions", "the installation's record of what the company pays for; a restore never changes it"),
    ("billing_usage_reports", "usage this installation reports to its payment provider; no company data"),
    ("search_removals", "companies whose search documents this installation's indexer is still to remove"),
    (
        "webhook_endpoints",
        "signing secrets are encrypted with this installation's key; subscribe again after a restore",
    ),
    ("webhook_deliveries", "this installation's log of what it sent; no company data of its own"),
    ("webhook_queue", "delivery schedule of this installation's webhooks: scheduling, no company data"),
    ("workflow_runs", "this installation's runs of the company's workflows; a restore brings workflows back inactive"),
    ("workflow_run_steps", "the history of this installation's workflow runs, which are not archived either"),
    ("workflow_queue", "run schedule of this installation's workflow workers: scheduling, no company data"),
    ("workflow_timers", "when this installation's scheduler next fires a workflow: scheduling, no company data"),
    (
        "reminder_timers",
        "when this installation's scheduler next sends a company's reminders: scheduling, no company data",
    ),
    ("workflow_turns", "whose turn it is among this installation's workflow runs: scheduling, no company data"),
    (
        "notifications",
        "messages this installation's producers sent about its own events, pruned after they are read; \
         a restored company starts with an empty inbox (preferences are restored)",
    ),
];

/// Columns of the company's own row (`tenants`) a restore copies; the rest
/// (its id, plan, creation time) belong to the target company.
pub const RESTORED_TENANT_COLUMNS: &[&str] = &["name", "time_zone", "locale", "settings"];

/// A table whose rows point at other rows of the same table is dumped in an
/// order that puts every row after the one it points to.
const ORDER: &[(&str, &str)] = &[("board_replies", "created_at, id")];

/// How a column's values are read, written and encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    /// A UUID.
    Uuid,
    /// Text.
    Text,
    /// A boolean.
    Bool,
    /// A 16-bit integer.
    I16,
    /// A 32-bit integer.
    I32,
    /// A 64-bit integer.
    I64,
    /// A double.
    F64,
    /// A timestamp with time zone.
    Timestamp,
    /// A date.
    Date,
    /// JSON.
    Json,
    /// Bytes.
    Bytes,
}

impl ColType {
    /// The type of a column from its declared type (PostgreSQL's
    /// `format_type`, or SQLite's declared type as sea-query writes it).
    fn of(declared: &str) -> Option<ColType> {
        let d = declared.to_ascii_lowercase();
        Some(if d.contains("uuid") {
            ColType::Uuid
        } else if d.contains("timestamp") {
            ColType::Timestamp
        } else if d.contains("json") {
            ColType::Json
        } else if d.starts_with("date") {
            ColType::Date
        } else if d == "bytea" || d.contains("blob") || d.contains("binary") {
            ColType::Bytes
        } else if d.starts_with("bool") {
            ColType::Bool
        } else if d == "bigint" || d == "int8" {
            ColType::I64
        } else if d == "integer" || d == "int" || d == "int4" {
            ColType::I32
        } else if d == "smallint" || d == "int2" {
            ColType::I16
        } else if d.starts_with("double") || d == "real" || d == "float8" || d == "float" {
            ColType::F64
        } else if d.contains("char") || d.contains("text") || d.contains("clob") {
            ColType::Text
        } else {
            return None;
        })
    }
}

/// A column of a tenant table.
#[derive(Clone, Debug)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its type, as a backup copies it.
    pub ty: ColType,
    /// Whether it holds NULLs.
    pub nullable: bool,
}

/// A tenant table and its columns, in their declared order.
#[derive(Clone, Debug)]
pub struct Table {
    /// Its name.
    pub name: String,
    /// Its columns.
    pub columns: Vec<Column>,
}

impl Table {
    /// The columns a backup writes: all but `tenant_id`.
    pub fn data_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.name != "tenant_id")
    }

    /// `SELECT` of this tenant's rows, in dump order.
    pub fn select(&self, backend: DbBackend, tenant: Uuid) -> Statement {
        let cols = self.data_columns().map(|c| quote(&c.name)).collect::<Vec<_>>().join(", ");
        let order = ORDER
            .iter()
            .find(|(t, _)| *t == self.name)
            .map(|(_, o)| (*o).to_owned())
            .or_else(|| self.columns.iter().any(|c| c.name == "id").then(|| "id".to_owned()));
        let order = order.map(|o| format!(" ORDER BY {o}")).unwrap_or_default();
        let sql = format!("SELECT {cols} FROM {} WHERE tenant_id = $1{order}", quote(&self.name));
        crate::db::statement(backend, &sql, vec![tenant.into()])
    }
}

/// `name` as an SQL identifier. Names come from the catalog, never from a
/// client, but quoting keeps a reserved word (`rows`) usable.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Every table of the database with a `tenant_id` column, by name.
pub async fn catalog(conn: &impl ConnectionTrait) -> Result<BTreeMap<String, Table>> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT c.relname::text AS t, a.attname::text AS c, format_type(a.atttypid, a.atttypmod) AS ty, \
             a.attnotnull AS nn FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY c.relname, a.attnum"
        }
        _ => {
            "SELECT m.name AS t, p.name AS c, p.type AS ty, p.\"notnull\" <> 0 AS nn \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
        }
    };
    let rows = conn.query_all(Statement::from_string(backend, sql)).await.map_err(db_err)?;
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for r in rows {
        let t: String = r.try_get("", "t").map_err(db_err)?;
        let c: String = r.try_get("", "c").map_err(db_err)?;
        let ty: String = r.try_get("", "ty").map_err(db_err)?;
        let nn: bool = r.try_get("", "nn").map_err(db_err)?;
        let Some(ty) = ColType::of(&ty) else {
            return Err(Error::Internal(format!("backup: column {t}.{c} has a type it cannot copy ({ty})").into()));
        };
        tables.entry(t.clone()).or_insert_with(|| Table { name: t, columns: Vec::new() }).columns.push(Column {
            name: c,
            ty,
            nullable: !nn,
        });
    }
    tables.retain(|_, t| t.columns.iter().any(|c| c.name == "tenant_id"));
    Ok(tables)
}

/// Tenant tables that are neither backed up nor excluded: a backup refuses
/// to run while there is one.
pub fn unclassified<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    names
        .into_iter()
        .filter(|n| !BACKED_UP.contains(n) && !EXCLUDED.iter().any(|(e, _)| e == n))
        .map(str::to_owned)
        .collect()
}

/// The tables to back up, in restore order, from the catalog.
pub(crate) fn backed_up(catalog: &BTreeMap<String, Table>) -> Result<Vec<Table>> {
    let missing = unclassified(catalog.keys().map(String::as_str));
    if !missing.is_empty() {
        return Err(Error::Internal(
            format!("backup: tenant tables neither backed up nor excluded: {}", missing.join(", ")).into(),
        ));
    }
    Ok(BACKED_UP.iter().filter_map(|t| catalog.get(*t).cloned()).collect())
}

/// A value as the archive holds it.
pub enum Encoded {
    /// A value in its JSON form.
    Value(Value),
    /// A binary value, stored as a member of the archive that the row names.
    Binary,
}

/// Read `col` of `row` in its JSON form.
pub fn read(row: &QueryResult, col: &Column) -> Result<Encoded> {
    macro_rules! get {
        ($t:ty) => {
            row.try_get::<Option<$t>>("", &col.name).map_err(db_err)?
        };
    }
    let v = match col.ty {
        ColType::Uuid => get!(Uuid).map(|u| json!(u.hyphenated().to_string())),
        ColType::Text => get!(String).map(Value::String),
        ColType::Bool => get!(bool).map(Value::Bool),
        ColType::I32 => get!(i32).map(|v| json!(v)),
        ColType::I16 => get!(i16).map(|v| json!(v)),
        ColType::I64 => get!(i64).map(|v| json!(v)),
        ColType::F64 => get!(f64).map(|v| json!(v)),
        ColType::Timestamp => get!(DateTime<Utc>).map(|t| json!(t.to_rfc3339_opts(SecondsFormat::Micros, true))),
        ColType::Date => get!(NaiveDate).map(|d| json!(d.format("%Y-%m-%d").to_string())),
        ColType::Json => get!(Value),
        ColType::Bytes => return Ok(get!(Vec<u8>).map_or(Encoded::Value(Value::Null), |_| Encoded::Binary)),
    };
    Ok(Encoded::Value(v.unwrap_or(Value::Null)))
}

/// A bad value in an archive row: the archive is refused.
fn bad(table: &str, col: &str, why: &str) -> Error {
    Error::invalid("file", "invalid_row", format!("{table}.{col}: {why}"))
}

/// Ids a restore writes under another value: a UUID that is a key in the
/// map is replaced wherever it appears (UUID columns, and strings inside
/// JSON values).
pub(crate) type IdMap = HashMap<Uuid, Uuid>;

fn remap_json(v: &mut Value, map: &IdMap) {
    match v {
        Value::String(s) => {
            if let Some(to) = Uuid::parse_str(s).ok().and_then(|u| map.get(&u)) {
                *s = to.hyphenated().to_string();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| remap_json(x, map)),
        Value::Object(o) => o.values_mut().for_each(|x| remap_json(x, map)),
        _ => {}
    }
}

/// The database value for `v`, a value of `table.col` in JSON form; binary
/// values are already resolved to bytes by the caller.
pub(crate) fn bind(table: &str, col: &Column, v: Value, bytes: Option<Vec<u8>>, map: &IdMap) -> Result<sea_orm::Value> {
    use sea_orm::Value as V;
    if v.is_null() && bytes.is_none() {
        if !col.nullable && col.ty != ColType::Json {
            return Err(bad(table, &col.name, "a value is required"));
        }
        return Ok(match col.ty {
            ColType::Uuid => V::from(None::<Uuid>),
            ColType::Text => V::from(None::<String>),
            ColType::Bool => V::from(None::<bool>),
            ColType::I32 => V::from(None::<i32>),
            ColType::I16 => V::from(None::<i16>),
            ColType::I64 => V::from(None::<i64>),
            ColType::F64 => V::from(None::<f64>),
            ColType::Timestamp => V::from(None::<DateTime<Utc>>),
            ColType::Date => V::from(None::<NaiveDate>),
            ColType::Json if col.nullable => V::from(None::<Value>),
            ColType::Json => V::from(Value::Null),
            ColType::Bytes => V::from(None::<Vec<u8>>),
        });
    }
    let text = || v.as_str().ok_or_else(|| bad(table, &col.name, "expected a string"));
    Ok(match col.ty {
        ColType::Uuid => {
            let u = Uuid::parse_str(text()?).map_err(|_| bad(table, &col.name, "not a UUID"))?;
            V::from(*map.get(&u).unwrap_or(&u))
        }
        ColType::Text => V::from(text()?.to_owned()),
        ColType::Bool => V::from(v.as_bool().ok_or_else(|| bad(table, &col.name, "expected true or false"))?),
        ColType::I32 => V::from(
            v.as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(|| bad(table, &col.name, "expected a 32-bit integer"))?,
        ),
        ColType::I16 => V::from(
            v.as_i64()
                .and_then(|n| i16::try_from(n).ok())
                .ok_or_else(|| bad(table, &col.name, "expected a 16-bit integer"))?,
        ),
        ColType::I64 => V::from(v.as_i64().ok_or_else(|| bad(table, &col.name, "expected an integer"))?),
        ColType::F64 => V::from(v.as_f64().ok_or_else(|| bad(table, &col.name, "expected a number"))?),
        ColType::Timestamp => V::from(
            DateTime::parse_from_rfc3339(text()?)
                .map_err(|_| bad(table, &col.name, "not an RFC 3339 time"))?
                .with_timezone(&Utc),
        ),
        ColType::Date => {
            V::from(NaiveDate::parse_from_str(text()?, "%Y-%m-%d").map_err(|_| bad(table, &col.name, "not a date"))?)
        }
        ColType::Json => {
            let mut v = v;
            remap_json(&mut v, map);
            V::from(v)
        }
        ColType::Bytes => V::from(bytes.ok_or_else(|| bad(table, &col.name, "expected a file of the archive"))?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_are_recognised_on_both_backends() {
        for (d, t) in [
            ("uuid", ColType::Uuid),
            ("uuid_text", ColType::Uuid),
            ("timestamp with time zone", ColType::Timestamp),
            ("timestamp_with_timezone_text", ColType::Timestamp),
            ("jsonb", ColType::Json),
            ("jsonb_text", ColType::Json),
            ("date", ColType::Date),
            ("date_text", ColType::Date),
            ("bytea", ColType::Bytes),
            ("blob", ColType::Bytes),
            ("boolean", ColType::Bool),
            ("bigint", ColType::I64),
            ("integer", ColType::I32),
            ("smallint", ColType::I16),
            ("double precision", ColType::F64),
            ("character varying(64)", ColType::Text),
            ("varchar(64)", ColType::Text),
            ("text", ColType::Text),
        ] {
            assert_eq!(ColType::of(d), Some(t), "{d}");
        }
        assert_eq!(ColType::of("geometry"), None);
    }

    #[test]
    fn the_lists_do_not_overlap() {
        for (t, reason) in EXCLUDED {
            assert!(!BACKED_UP.contains(t), "{t} is both backed up and excluded");
            assert!(!reason.is_empty());
        }
        assert_eq!(unclassified(["customers", "sessions", "new_table"]), ["new_table"]);
    }
}
