//! Merging duplicate customers (合并客户), and undoing a merge within
//! [`UNDO_DAYS`] days.
//!
//! A merge keeps one customer (the survivor) and folds the others into it,
//! in one transaction:
//!
//! - each of the survivor's chosen fields takes the value of the customer
//!   chosen for it (by default the most recently updated customer with a
//!   value); phones and tags are united; the last contact is the latest
//!   and the next visit the earliest; custom values are chosen key by key;
//! - every row that refers to a merged customer ([`REFERENCES`]) moves to
//!   the survivor: conversations, plans, deals, grades, history, pool
//!   claims, workflow runs and mails;
//! - the merged customers' rows are removed, kept whole in the merge's
//!   record, and each leaves a tombstone (`merged_customers`) through which
//!   its id leads to the survivor ([`survivor_of`]).
//!
//! An undo puts everything back: the merged customers' rows as they were,
//! the rows that moved (those still on the survivor), and the survivor's
//! fields the merge changed, where nobody has changed them since.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use guanxi_core::custom_fields::{FieldEntity, Writer};
use guanxi_core::customer::CustomerScope;
use guanxi_core::{CustomerId, DomainEvent, Error, FieldError, Result, Role, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::audit::{self, AuditAction};
use crate::backup::tables::{self, Table};
use crate::customers::{self, write};
use crate::db::{TenantTx, db_err, statement};
use crate::entity::{customer, customer_history, customer_merge, merged_customer};

/// How long a merge can be undone.
pub const UNDO_DAYS: i64 = 30;

/// The most customers one merge folds into its survivor.
pub const MAX_MERGED: usize = 9;

/// How a merge treats the rows of a table that refer to a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Treatment {
    /// Each row moves to the survivor (and back on undo).
    Moved,
    /// A grade per grading model: a merged customer's grade moves where
    /// the survivor has none under that model, and is removed (kept for
    /// the undo) where it has one.
    Grades,
    /// A unique custom value's claim: the merged customer's are released
    /// (kept for the undo), the survivor claims the values it takes.
    Claims,
    /// Tombstones of earlier merges: they lead to the merged customer,
    /// which now leads on to the survivor.
    Kept,
    /// Rows about the merged customer itself (a pair said not to be
    /// duplicates): removed with it, kept for the undo.
    Removed,
}

/// Every column of the schema that holds a customer's id, and what a merge
/// does with its rows. The schema test reads the catalog and fails on a
/// `customer_id` column (or a foreign key to `customers`) missing here, so
/// a new table cannot be forgotten.
pub const REFERENCES: &[(&str, &str, Treatment)] = &[
    ("customer_history", "customer_id", Treatment::Moved),
    ("conversations", "customer_id", Treatment::Moved),
    ("deals", "customer_id", Treatment::Moved),
    ("work_plans", "customer_id", Treatment::Moved),
    ("pool_claims", "customer_id", Treatment::Moved),
    ("workflow_runs", "customer_id", Treatment::Moved),
    ("mail_outbox", "customer_id", Treatment::Moved),
    ("customer_grades", "customer_id", Treatment::Grades),
    ("custom_field_unique", "record_id", Treatment::Claims),
    ("merged_customers", "customer_id", Treatment::Kept),
    ("duplicate_dismissals", "customer_a", Treatment::Removed),
    ("duplicate_dismissals", "customer_b", Treatment::Removed),
];

/// The survivor's fields chosen from one customer, by API name.
pub const CHOSEN_FIELDS: &[&str] = &[
    "name", "company", "title", "email", "address", "gender", "birthday", "photo", "status", "industry", "source",
    "grade",
];

/// Which customer a field's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// A field of [`CHOSEN_FIELDS`], or `custom.<key>`.
    pub field: String,
    /// One of the merge's customers.
    pub from: CustomerId,
}

/// A merge asked for.
#[derive(Clone, Debug, Default)]
pub struct MergeInput {
    /// The customer that remains.
    pub survivor: Option<CustomerId>,
    /// The customers folded into it.
    pub merged: Vec<CustomerId>,
    /// Fields whose value comes from another customer than the default.
    pub choices: Vec<Choice>,
}

/// One customer's value of a field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldValue {
    /// The customer.
    pub customer: CustomerId,
    /// Its value (JSON; null when it has none).
    pub value: Value,
}

/// A field of the survivor, as a merge would set it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldPlan {
    /// The field, by API name (`custom.<key>` for a custom value).
    pub field: String,
    /// Each customer's value, survivor first.
    pub values: Vec<FieldValue>,
    /// The customer whose value is taken.
    pub chosen: CustomerId,
    /// The value taken.
    pub value: Value,
    /// Whether the customers' values differ (only then is there a choice).
    pub differs: bool,
}

/// How many rows of one kind move to the survivor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveCount {
    /// The table.
    pub table: String,
    /// How many rows.
    pub rows: u64,
}

/// What a merge would do, before it is done.
#[derive(Clone, Debug, PartialEq)]
pub struct MergePlan {
    /// The survivor.
    pub survivor: CustomerId,
    /// The customers folded into it.
    pub merged: Vec<CustomerId>,
    /// The chosen fields.
    pub fields: Vec<FieldPlan>,
    /// The united phones.
    pub phones: Vec<String>,
    /// The united tags.
    pub tags: Vec<String>,
    /// The rows that would move.
    pub moves: Vec<MoveCount>,
}

/// A merged customer as its tombstone shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedBrief {
    /// Its id, which leads to the survivor while the merge stands.
    pub id: CustomerId,
    /// Its number.
    pub number: String,
    /// Its name.
    pub name: String,
}

/// A merge that was made.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeRecord {
    /// Id.
    pub id: Uuid,
    /// The survivor.
    pub survivor: CustomerId,
    /// The merged customers.
    pub merged: Vec<MergedBrief>,
    /// Who merged.
    pub actor: UserId,
    /// Their name.
    pub actor_name: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The last moment it may be undone.
    pub undo_until: DateTime<Utc>,
    /// When it was undone.
    pub undone_at: Option<DateTime<Utc>>,
    /// Who undid it.
    pub undone_by: Option<UserId>,
    /// The survivor's fields it changed.
    pub changed_fields: Vec<String>,
    /// The rows it moved to the survivor.
    pub moves: Vec<MoveCount>,
}

fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Error {
    Error::invalid(field, code, message.into())
}

fn corrupt(what: &str) -> Error {
    Error::Internal(format!("unreadable customer merge: {what}").into())
}

fn backend(tx: &TenantTx) -> DbBackend {
    tx.conn().get_database_backend()
}

/// The customers of a merge, checked: a survivor, one to [`MAX_MERGED`]
/// others, no repeats.
#[cfg(test)]
fn check_ids(input: &MergeInput) -> Result<(CustomerId, Vec<CustomerId>)> {
    let survivor = shape(input)?;
    distinct(survivor, &input.merged)?;
    Ok((survivor, input.merged.clone()))
}

/// The survivor, and one to [`MAX_MERGED`] others named.
fn shape(input: &MergeInput) -> Result<CustomerId> {
    let Some(survivor) = input.survivor else {
        return Err(invalid("survivorId", "required", "choose the customer that remains"));
    };
    if input.merged.is_empty() {
        return Err(invalid("mergedIds", "required", "choose at least one customer to merge into it"));
    }
    if input.merged.len() > MAX_MERGED {
        return Err(invalid("mergedIds", "too_many", format!("at most {MAX_MERGED} customers merge at once")));
    }
    Ok(survivor)
}

/// Each customer named once, the survivor not among the merged.
fn distinct(survivor: CustomerId, merged: &[CustomerId]) -> Result<()> {
    let mut seen = BTreeSet::from([survivor.0]);
    for m in merged {
        if !seen.insert(m.0) {
            return Err(invalid("mergedIds", "duplicate", "each customer is named once, the survivor not among them"));
        }
    }
    Ok(())
}

/// The customers of a merge, checked in the caller's sight: every customer
/// named (the choices' too) is one they see, or the whole request is
/// `NOT_FOUND` before any other complaint about the ids, like a single
/// customer of another company.
async fn checked_ids(tx: &TenantTx, input: &MergeInput) -> Result<(CustomerId, Vec<CustomerId>)> {
    CustomerScope::of(tx.actor()?)?;
    let survivor = shape(input)?;
    let named: Vec<Uuid> = std::iter::once(survivor)
        .chain(input.merged.iter().copied())
        .chain(input.choices.iter().map(|c| c.from))
        .map(|c| c.0)
        .collect();
    customers::require_all_visible(tx, &named).await?;
    distinct(survivor, &input.merged)?;
    Ok((survivor, input.merged.clone()))
}

/// The customers `ids` the caller may edit, in the order given (locked on
/// PostgreSQL, in id order so that two merges never wait on each other in
/// a circle); `NOT_FOUND` or `FORBIDDEN` like a single edit.
async fn editable_rows(tx: &TenantTx, ids: &[CustomerId], lock: bool) -> Result<Vec<customer::Model>> {
    if lock && backend(tx) == DbBackend::Postgres {
        let mut sorted: Vec<Uuid> = ids.iter().map(|c| c.0).collect();
        sorted.sort_unstable();
        tx.select::<customer::Entity>()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::Id.is_in(sorted))
            .order_by_asc(customer::Column::Id)
            .lock_exclusive()
            .into_tuple::<Uuid>()
            .all(tx.conn())
            .await
            .map_err(db_err)?;
    }
    let scope = CustomerScope::of(tx.actor()?)?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        rows.push(customers::editable_row(tx, &scope, *id).await?);
    }
    Ok(rows)
}

/// A built-in field's value of `m`, as JSON.
fn field_value(m: &customer::Model, field: &str) -> Value {
    match field {
        "name" => json!(m.name),
        "company" => json!(m.company),
        "title" => json!(m.title),
        "email" => json!(m.email),
        "address" => json!(m.address),
        "gender" => json!(m.gender),
        "birthday" => json!(m.birthday),
        "photo" => json!(m.photo),
        "status" => json!(m.status),
        "industry" => json!(m.industry),
        "source" => json!(m.source),
        "grade" => json!(m.grade),
        _ => Value::Null,
    }
}

/// Whether `v` counts as no value for `field` (the defaults a form leaves
/// are no choice either: gender unknown, grade normal).
fn is_empty(field: &str, v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => {
            s.trim().is_empty() || (field == "gender" && s == "unknown") || (field == "grade" && s == "normal")
        }
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn custom_of(m: &customer::Model) -> &Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    m.custom.as_object().unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect()).unwrap_or_default()
}

/// Work out the survivor's fields from `rows` (survivor first) and the
/// caller's `choices`.
fn plan_fields(rows: &[customer::Model], choices: &[Choice]) -> Result<(Vec<FieldPlan>, Vec<String>, Vec<String>)> {
    let ids: Vec<CustomerId> = rows.iter().map(|r| CustomerId(r.id)).collect();
    let mut fields: Vec<String> = CHOSEN_FIELDS.iter().map(|f| (*f).to_owned()).collect();
    let mut keys = BTreeSet::new();
    for r in rows {
        keys.extend(custom_of(r).keys().cloned());
    }
    fields.extend(keys.into_iter().map(|k| format!("custom.{k}")));
    let mut wanted: HashMap<&str, CustomerId> = HashMap::new();
    for c in choices {
        if !fields.contains(&c.field) {
            return Err(invalid(
                "choices",
                "unknown_field",
                format!("{} is not a field these customers have", c.field),
            ));
        }
        if !ids.contains(&c.from) {
            return Err(invalid("choices", "not_merged", "a value comes from one of the customers merged"));
        }
        if wanted.insert(c.field.as_str(), c.from).is_some() {
            return Err(invalid("choices", "duplicate", format!("{} is chosen twice", c.field)));
        }
    }
    // Newest first: the default is the most recently updated customer's
    // value among those that have one (the survivor on a tie).
    let mut by_age: Vec<usize> = (0..rows.len()).collect();
    by_age.sort_by(|a, b| rows[*b].updated_at.cmp(&rows[*a].updated_at).then(a.cmp(b)));
    let mut out = Vec::with_capacity(fields.len());
    for field in fields {
        let value_of = |r: &customer::Model| match field.strip_prefix("custom.") {
            Some(key) => custom_of(r).get(key).cloned().unwrap_or(Value::Null),
            None => field_value(r, &field),
        };
        let values: Vec<FieldValue> =
            rows.iter().map(|r| FieldValue { customer: CustomerId(r.id), value: value_of(r) }).collect();
        let chosen = match wanted.get(field.as_str()) {
            Some(c) => *c,
            None => {
                by_age.iter().map(|i| &values[*i]).find(|v| !is_empty(&field, &v.value)).map_or(ids[0], |v| v.customer)
            }
        };
        let value = values.iter().find(|v| v.customer == chosen).map(|v| v.value.clone()).unwrap_or(Value::Null);
        let differs = values.iter().any(|v| v.value != values[0].value);
        out.push(FieldPlan { field, values, chosen, value, differs });
    }
    let mut phones = Vec::new();
    let mut tags = Vec::new();
    for r in rows {
        for p in strings(&r.phones) {
            if !phones.contains(&p) {
                phones.push(p);
            }
        }
        for t in strings(&r.tags) {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
    }
    if phones.len() > customers::MAX_PHONES {
        return Err(invalid(
            "phones",
            "too_many",
            format!(
                "together these customers have {} phone numbers, a customer at most {}: remove some first",
                phones.len(),
                customers::MAX_PHONES
            ),
        ));
    }
    if tags.len() > customers::MAX_TAGS {
        return Err(invalid(
            "tags",
            "too_many",
            format!(
                "together these customers have {} tags, a customer at most {}: remove some first",
                tags.len(),
                customers::MAX_TAGS
            ),
        ));
    }
    Ok((out, phones, tags))
}

/// The tables whose rows move, and how many rows of `ids` each holds.
async fn count_moves(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<MoveCount>> {
    let mut out = Vec::new();
    for (table, column, treatment) in REFERENCES {
        if !matches!(treatment, Treatment::Moved | Treatment::Grades) {
            continue;
        }
        let (marks, mut values) = id_list(ids, 2);
        values.insert(0, tx.tenant_id().0.into());
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE tenant_id = $1 AND {column} IN ({marks})");
        let row = tx.conn().query_one(statement(backend(tx), &sql, values)).await.map_err(db_err)?;
        let n: i64 = row.map(|r| r.try_get("", "n")).transpose().map_err(db_err)?.unwrap_or(0);
        out.push(MoveCount { table: (*table).to_owned(), rows: u64::try_from(n).unwrap_or(0) });
    }
    Ok(out)
}

/// `$k, $k+1, …` for `ids`, and their values.
fn id_list(ids: &[Uuid], first: usize) -> (String, Vec<sea_orm::Value>) {
    let marks = (0..ids.len()).map(|i| format!("${}", first + i)).collect::<Vec<_>>().join(", ");
    (marks, ids.iter().map(|u| (*u).into()).collect())
}

/// What merging `input` would do, without doing it: the same checks and
/// the same field choices as [`merge`].
pub async fn preview(tx: &TenantTx, input: &MergeInput) -> Result<MergePlan> {
    let (survivor, merged) = checked_ids(tx, input).await?;
    let ids: Vec<CustomerId> = std::iter::once(survivor).chain(merged.iter().copied()).collect();
    let rows = editable_rows(tx, &ids, false).await?;
    let (fields, phones, tags) = plan_fields(&rows, &input.choices)?;
    let others: Vec<Uuid> = merged.iter().map(|c| c.0).collect();
    let moves = count_moves(tx, &others).await?;
    Ok(MergePlan { survivor, merged, fields, phones, tags, moves })
}

/// The rows of `table` that `where_sql` (after `tenant_id = $1`, further
/// values from `$2`) selects, each as a JSON object of its columns.
async fn read_rows(
    tx: &TenantTx,
    table: &Table,
    where_sql: &str,
    values: Vec<sea_orm::Value>,
) -> Result<Vec<Map<String, Value>>> {
    let cols = table.data_columns().map(|c| tables::quote(&c.name)).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT {cols} FROM {} WHERE tenant_id = $1 AND {where_sql}", tables::quote(&table.name));
    let mut all = vec![tx.tenant_id().0.into()];
    all.extend(values);
    let rows = tx.conn().query_all(statement(backend(tx), &sql, all)).await.map_err(db_err)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut o = Map::new();
        for c in table.data_columns() {
            match tables::read(&r, c)? {
                tables::Encoded::Value(v) => o.insert(c.name.clone(), v),
                // No table a merge copies has a binary column.
                tables::Encoded::Binary => return Err(corrupt("binary column")),
            };
        }
        out.push(o);
    }
    Ok(out)
}

/// Insert `rows` (from [`read_rows`]) into `table` as they were.
async fn insert_rows(tx: &TenantTx, table: &Table, rows: &[Value]) -> Result<()> {
    let none = tables::IdMap::new();
    for row in rows {
        let Some(o) = row.as_object() else { return Err(corrupt("row")) };
        let mut names = vec!["tenant_id".to_owned()];
        let mut values: Vec<sea_orm::Value> = vec![tx.tenant_id().0.into()];
        for c in table.data_columns() {
            names.push(tables::quote(&c.name));
            values.push(tables::bind(&table.name, c, o.get(&c.name).cloned().unwrap_or(Value::Null), None, &none)?);
        }
        let marks = (1..=values.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!("INSERT INTO {} ({}) VALUES ({marks})", tables::quote(&table.name), names.join(", "));
        tx.conn().execute(statement(backend(tx), &sql, values)).await.map_err(db_err)?;
    }
    Ok(())
}

fn table<'a>(catalog: &'a BTreeMap<String, Table>, name: &str) -> Result<&'a Table> {
    catalog.get(name).ok_or_else(|| Error::Internal(format!("table {name} is missing").into()))
}

/// Copy a merged customer's photo file into the survivor's folder, so that
/// the survivor's photo reads from its own place (the merged customer's
/// file stays for an undo). A missing file leaves the survivor's photo as
/// it was (false).
async fn copy_photo(tx: &TenantTx, from: CustomerId, to: CustomerId, name: &str) -> bool {
    if !customers::photo::valid_name(name) {
        return false;
    }
    let src = customers::photo::dir(&tx.cfg, tx.tenant_id(), from).join(name);
    let dir = customers::photo::dir(&tx.cfg, tx.tenant_id(), to);
    if tokio::fs::create_dir_all(&dir).await.is_err() {
        return false;
    }
    match tokio::fs::copy(&src, dir.join(name)).await {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(error = %e, "a merged customer's photo could not be copied");
            false
        }
    }
}

/// Set the survivor's built-in field `field` to `new` in `p`, from `old`.
fn set_field(p: &mut write::Patch, field: &str, old: &Value, new: &Value) -> Result<()> {
    use customer::Column as C;
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let column = match field {
        "name" => C::Name,
        "company" => C::Company,
        "title" => C::Title,
        "email" => C::Email,
        "address" => C::Address,
        "gender" => C::Gender,
        "birthday" => C::Birthday,
        "photo" => C::Photo,
        "status" => C::Status,
        "industry" => C::Industry,
        "source" => C::Source,
        "grade" => C::Grade,
        _ => return Err(corrupt("field")),
    };
    match field {
        // Never empty.
        "name" | "gender" | "status" | "grade" => {
            let Some(v) = text(new) else { return Err(corrupt(field)) };
            p.set(field, column, old, new.clone(), v);
        }
        "birthday" => {
            let d: Option<chrono::NaiveDate> = serde_json::from_value(new.clone()).map_err(|_| corrupt(field))?;
            p.set(field, column, old, new.clone(), d);
        }
        _ => p.set(field, column, old, new.clone(), text(new)),
    }
    Ok(())
}

/// Merge customers into one (see the module's documentation), by someone
/// who may edit every one of them. Returns the merge, which can be undone
/// for [`UNDO_DAYS`] days.
pub async fn merge(tx: &TenantTx, input: &MergeInput) -> Result<MergeRecord> {
    let actor = tx.actor()?.user_id;
    let (survivor, merged) = checked_ids(tx, input).await?;
    let ids: Vec<CustomerId> = std::iter::once(survivor).chain(merged.iter().copied()).collect();
    let rows = editable_rows(tx, &ids, true).await?;
    let (fields, phones, tags) = plan_fields(&rows, &input.choices)?;
    let keep = &rows[0];
    let others: Vec<Uuid> = merged.iter().map(|c| c.0).collect();
    let all: Vec<Uuid> = ids.iter().map(|c| c.0).collect();
    let catalog = tables::catalog(tx.conn()).await?;
    let tenant = tx.tenant_id().0;

    // Take every customer of the merge out of the dashboards' summaries;
    // the survivor goes back in at the end with its united history.
    crate::analytics::cohorts::deleting(tx, &all).await?;

    let (marks, values) = id_list(&others, 2);
    let in_others = format!("IN ({marks})");
    let snapshot_customers =
        read_rows(tx, table(&catalog, "customers")?, &format!("id {in_others}"), values.clone()).await?;

    // Rows that move: which, and from whom, for the undo.
    let mut moved: Map<String, Value> = Map::new();
    let mut removed_grades = Vec::new();
    // Rows removed with the merged customers (unique claims, dismissed
    // pairs), by table.
    let mut removed: Map<String, Value> = Map::new();
    for (name, column, treatment) in REFERENCES {
        match treatment {
            Treatment::Moved => {
                let sql = format!("SELECT id, {column} AS c FROM {name} WHERE tenant_id = $1 AND {column} {in_others}");
                let mut v = vec![tenant.into()];
                v.extend(values.clone());
                let found = tx.conn().query_all(statement(backend(tx), &sql, v)).await.map_err(db_err)?;
                let mut pairs = Vec::with_capacity(found.len());
                for r in &found {
                    let id: Uuid = r.try_get("", "id").map_err(db_err)?;
                    let from: Uuid = r.try_get("", "c").map_err(db_err)?;
                    pairs.push(json!([id, from]));
                }
                if pairs.is_empty() {
                    continue;
                }
                let (marks, ids) = id_list(&others, 3);
                let sql = format!("UPDATE {name} SET {column} = $2 WHERE tenant_id = $1 AND {column} IN ({marks})");
                let mut v = vec![tenant.into(), survivor.0.into()];
                v.extend(ids);
                tx.conn().execute(statement(backend(tx), &sql, v)).await.map_err(db_err)?;
                moved.insert((*name).to_owned(), Value::Array(pairs));
            }
            Treatment::Grades => {
                let t = table(&catalog, name)?;
                let mut has: BTreeSet<Uuid> = read_rows(tx, t, "customer_id = $2", vec![survivor.0.into()])
                    .await?
                    .iter()
                    .filter_map(|r| uuid_of(r.get("model_id")))
                    .collect();
                let mut pairs = Vec::new();
                for r in read_rows(tx, t, &format!("customer_id {in_others}"), values.clone()).await? {
                    let (Some(model_id), Some(from_id)) = (uuid_of(r.get("model_id")), uuid_of(r.get("customer_id")))
                    else {
                        return Err(corrupt("grade"));
                    };
                    if has.insert(model_id) {
                        let sql = "UPDATE customer_grades SET customer_id = $2 \
                                   WHERE tenant_id = $1 AND customer_id = $3 AND model_id = $4";
                        let v = vec![tenant.into(), survivor.0.into(), from_id.into(), model_id.into()];
                        tx.conn().execute(statement(backend(tx), sql, v)).await.map_err(db_err)?;
                        pairs.push(json!([model_id, from_id]));
                    } else {
                        let sql =
                            "DELETE FROM customer_grades WHERE tenant_id = $1 AND customer_id = $2 AND model_id = $3";
                        let v = vec![tenant.into(), from_id.into(), model_id.into()];
                        tx.conn().execute(statement(backend(tx), sql, v)).await.map_err(db_err)?;
                        removed_grades.push(Value::Object(r));
                    }
                }
                if !pairs.is_empty() {
                    moved.insert((*name).to_owned(), Value::Array(pairs));
                }
            }
            Treatment::Claims | Treatment::Removed => {
                let rows =
                    read_rows(tx, table(&catalog, name)?, &format!("{column} {in_others}"), values.clone()).await?;
                if rows.is_empty() {
                    continue;
                }
                let sql = format!("DELETE FROM {name} WHERE tenant_id = $1 AND {column} {in_others}");
                let mut v = vec![tenant.into()];
                v.extend(values.clone());
                tx.conn().execute(statement(backend(tx), &sql, v)).await.map_err(db_err)?;
                let list = removed.entry((*name).to_owned()).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = list {
                    list.extend(rows.into_iter().map(Value::Object));
                }
            }
            Treatment::Kept => {}
        }
    }
    tx.delete_many::<customer::Entity>()
        .filter(customer::Column::Id.is_in(others.iter().copied()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;

    // The survivor's fields.
    let mut p = write::Patch::default();
    let mut changes = Map::new();
    let mut custom_patch = Map::new();
    for f in &fields {
        let old = f.values[0].value.clone();
        if f.value == old {
            continue;
        }
        if let Some(key) = f.field.strip_prefix("custom.") {
            custom_patch.insert(key.to_owned(), f.value.clone());
            continue;
        }
        if f.field == "photo" {
            let copied = match f.value.as_str() {
                Some(name) => copy_photo(tx, f.chosen, survivor, name).await,
                None => true,
            };
            if !copied {
                continue;
            }
        }
        set_field(&mut p, &f.field, &old, &f.value)?;
        changes.insert(f.field.clone(), json!({ "old": old, "new": f.value }));
    }
    use customer::Column as C;
    let old_phones = strings(&keep.phones);
    if phones != old_phones {
        p.set("phones", C::Phones, &old_phones, phones.clone(), json!(phones));
        p.derived(C::PhoneDigits, customers::phone_digits(&phones));
        changes.insert("phones".into(), json!({ "old": old_phones, "new": phones }));
    }
    let old_tags = strings(&keep.tags);
    if tags != old_tags {
        p.set("tags", C::Tags, &old_tags, tags.clone(), json!(tags));
        changes.insert("tags".into(), json!({ "old": old_tags, "new": tags }));
    }
    let last = rows.iter().filter_map(|r| r.last_contact_at).max();
    if last != keep.last_contact_at {
        p.set("lastContactAt", C::LastContactAt, &keep.last_contact_at, last, last);
        changes.insert("lastContactAt".into(), json!({ "old": keep.last_contact_at, "new": last }));
    }
    let next = rows.iter().filter_map(|r| r.next_visit_at).min();
    if next != keep.next_visit_at {
        p.set("nextVisitAt", C::NextVisitAt, &keep.next_visit_at, next, next);
        changes.insert("nextVisitAt".into(), json!({ "old": keep.next_visit_at, "new": next }));
    }
    if !custom_patch.is_empty() {
        write_custom(tx, keep, Value::Object(custom_patch), &mut p, &mut changes).await?;
    }
    write::patch(tx, survivor, p).await?;
    // The entries just written, which an undo takes back with the values.
    let written: Vec<Uuid> = tx
        .select::<customer_history::Entity>()
        .select_only()
        .column(customer_history::Column::Id)
        .filter(customer_history::Column::CustomerId.eq(survivor.0))
        .filter(customer_history::Column::CreatedAt.eq(tx.now))
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;

    let briefs: Vec<MergedBrief> = rows[1..]
        .iter()
        .map(|r| MergedBrief { id: CustomerId(r.id), number: r.number.clone(), name: r.name.clone() })
        .collect();
    let merged_json: Vec<Value> =
        briefs.iter().map(|b| json!({ "id": b.id.0, "number": b.number, "name": b.name })).collect();
    let id = Uuid::new_v4();
    write::note(tx, survivor.0, "merged", json!({ "merge": id, "customers": merged_json })).await?;
    crate::analytics::facts::rebuild_of(tx, &[survivor.0]).await?;
    crate::analytics::cohorts::arrived(tx, &[survivor.0]).await?;

    let record = customer_merge::ActiveModel {
        tenant_id: Set(tenant),
        id: Set(id),
        survivor_id: Set(survivor.0),
        actor_id: Set(actor.0),
        merged: Set(Value::Array(merged_json.clone())),
        changes: Set(Value::Object(changes)),
        snapshot: Set(json!({
            "customers": snapshot_customers,
            "grades": removed_grades,
            "history": written,
            "removed": removed,
            "survivorUpdatedAt": keep.updated_at,
        })),
        moved: Set(Value::Object(moved)),
        created_at: Set(tx.now),
        undo_until: Set(tx.now + Duration::days(UNDO_DAYS)),
        undone_at: Set(None),
        undone_by: Set(None),
    };
    tx.insert(record).exec(tx.conn()).await.map_err(db_err)?;
    let tombstones = briefs.iter().map(|b| merged_customer::ActiveModel {
        tenant_id: Set(tenant),
        customer_id: Set(b.id.0),
        merge_id: Set(id),
        survivor_id: Set(survivor.0),
        number: Set(b.number.clone()),
        name: Set(b.name.clone()),
    });
    tx.insert_many(tombstones).exec(tx.conn()).await.map_err(db_err)?;
    audit::record(
        tx,
        AuditAction::CustomerMerge,
        "customer",
        Some(survivor.0),
        json!({ "merge": id, "number": keep.number, "name": keep.name, "merged": merged_json }),
    )
    .await?;
    tx.emit(DomainEvent::CustomersMerged { customer: survivor, merged, merge: id });
    get(tx, id).await
}

/// Write `patch` (custom values by key) to customer `keep` through the
/// custom fields' write path (unique claims, computed values, validator
/// plugins), as the system: the values are the merged customers' own.
async fn write_custom(
    tx: &TenantTx,
    keep: &customer::Model,
    patch: Value,
    p: &mut write::Patch,
    changes: &mut Map<String, Value>,
) -> Result<()> {
    let set = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
    let outcome = crate::custom_fields::apply_write(
        tx,
        &set,
        keep.id,
        Writer::System,
        Some(&keep.custom),
        &patch,
        &customers::record_fields(keep),
    )
    .await?;
    if !outcome.changes.is_empty() {
        for c in outcome.changes {
            changes.insert(format!("custom.{}", c.key), json!({ "old": c.old, "new": c.new }));
            p.entry(format!("custom.{}", c.key), c.old, c.new);
        }
        p.derived(customer::Column::Custom, outcome.value);
    }
    Ok(())
}

/// Undo merge `id`: the merged customers come back as they were, with the
/// rows that moved from them (those still on the survivor), their grades
/// and unique values; each survivor field the merge changed goes back
/// unless it has been changed since. By whoever merged, or an admin, while
/// they may edit the survivor, within [`UNDO_DAYS`] days.
pub async fn undo(tx: &TenantTx, id: Uuid) -> Result<MergeRecord> {
    let actor = tx.actor()?.clone();
    CustomerScope::of(&actor)?;
    let mut q = tx.select::<customer_merge::Entity>().filter(customer_merge::Column::Id.eq(id));
    if backend(tx) == DbBackend::Postgres {
        q = q.lock_exclusive();
    }
    let m = q.one(tx.conn()).await.map_err(db_err)?.ok_or(Error::NotFound("merge"))?;
    let survivor = CustomerId(m.survivor_id);
    if let Some(later) = tx
        .select::<merged_customer::Entity>()
        .filter(merged_customer::Column::CustomerId.eq(m.survivor_id))
        .one(tx.conn())
        .await
        .map_err(db_err)?
    {
        // Its customer must be visible to say so; otherwise it is gone.
        let _ = customers::get(tx, CustomerId(later.survivor_id)).await?;
        return Err(Error::Conflict(FieldError::new(
            "id",
            "merged_again",
            format!("{} has since been merged into another customer: undo that merge first", later.number),
        )));
    }
    let keep = editable_rows(tx, &[survivor], true).await?.remove(0);
    if m.actor_id != actor.user_id.0 && actor.role != Role::Admin {
        return Err(Error::Forbidden);
    }
    if m.undone_at.is_some() {
        return Err(Error::Conflict(FieldError::new("id", "undone", "this merge has already been undone")));
    }
    if tx.now > m.undo_until {
        return Err(Error::Conflict(FieldError::new(
            "id",
            "expired",
            format!("a merge can be undone for {UNDO_DAYS} days"),
        )));
    }
    let snapshot = &m.snapshot;
    let restored: Vec<Value> = snapshot.get("customers").and_then(Value::as_array).cloned().unwrap_or_default();
    let restored_ids: Vec<Uuid> =
        restored.iter().map(|r| uuid_of(r.get("id")).ok_or_else(|| corrupt("id"))).collect::<Result<_>>()?;
    let numbers: Vec<String> =
        restored.iter().filter_map(|r| r.get("number").and_then(Value::as_str).map(str::to_owned)).collect();
    if let Some(taken) = tx
        .select::<customer::Entity>()
        .filter(customer::Column::Number.is_in(numbers))
        .one(tx.conn())
        .await
        .map_err(db_err)?
    {
        return Err(Error::Conflict(FieldError::new(
            "id",
            "number_taken",
            format!("number {} now belongs to another customer", taken.number),
        )));
    }
    let catalog = tables::catalog(tx.conn()).await?;
    let tenant = tx.tenant_id().0;
    crate::analytics::cohorts::deleting(tx, &[survivor.0]).await?;

    // The survivor's fields back, where they still hold the merge's value,
    // and the history entries the merge wrote for them taken back (so its
    // status facts come out as they were).
    let written: Vec<Uuid> = snapshot
        .get("history")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| uuid_of(Some(v)))
        .collect();
    for chunk in written.chunks(500) {
        tx.delete_many::<customer_history::Entity>()
            .filter(customer_history::Column::CustomerId.eq(survivor.0))
            .filter(customer_history::Column::Id.is_in(chunk.iter().copied()))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
    }
    let untouched = keep.updated_at == m.created_at;
    let changes = m.changes.as_object().cloned().unwrap_or_default();
    let mut p = write::Patch::quiet();
    let mut custom_patch = Map::new();
    use customer::Column as C;
    for (field, change) in &changes {
        let (old, new) =
            (change.get("old").cloned().unwrap_or(Value::Null), change.get("new").cloned().unwrap_or(Value::Null));
        let now = match field.strip_prefix("custom.") {
            Some(key) => custom_of(&keep).get(key).cloned().unwrap_or(Value::Null),
            None => match field.as_str() {
                "phones" => keep.phones.clone(),
                "tags" => keep.tags.clone(),
                "lastContactAt" => json!(keep.last_contact_at),
                "nextVisitAt" => json!(keep.next_visit_at),
                f => field_value(&keep, f),
            },
        };
        if !same(&now, &new) {
            continue;
        }
        if let Some(key) = field.strip_prefix("custom.") {
            custom_patch.insert(key.to_owned(), old);
            continue;
        }
        match field.as_str() {
            "phones" => {
                let (o, n) = (strings(&old), strings(&new));
                p.set("phones", C::Phones, &n, o.clone(), json!(o));
                p.derived(C::PhoneDigits, customers::phone_digits(&o));
            }
            "tags" => {
                let (o, n) = (strings(&old), strings(&new));
                p.set("tags", C::Tags, &n, o.clone(), json!(o));
            }
            "lastContactAt" | "nextVisitAt" => {
                let o: Option<DateTime<Utc>> = serde_json::from_value(old).map_err(|_| corrupt(field))?;
                let n: Option<DateTime<Utc>> = serde_json::from_value(new).map_err(|_| corrupt(field))?;
                let column = if field == "lastContactAt" { C::LastContactAt } else { C::NextVisitAt };
                p.set(field, column, &n, o, o);
            }
            f => set_field(&mut p, f, &new, &old)?,
        }
    }
    if !custom_patch.is_empty() {
        let mut ignored = Map::new();
        write_custom(tx, &keep, Value::Object(custom_patch), &mut p, &mut ignored).await?;
    }
    write::patch(tx, survivor, p).await?;
    let before: Option<DateTime<Utc>> =
        snapshot.get("survivorUpdatedAt").cloned().and_then(|v| serde_json::from_value(v).ok());
    if let (true, Some(before)) = (untouched, before) {
        // Nobody changed the survivor since the merge: it is as it was.
        tx.update_many::<customer::Entity>()
            .col_expr(C::UpdatedAt, Expr::value(before))
            .filter(C::Id.eq(survivor.0))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
    }

    // The merged customers back as they were.
    insert_rows(tx, table(&catalog, "customers")?, &restored).await?;
    crate::entitlements::ensure_customers_written(tx, restored.len() as u64).await?;
    let moved = m.moved.as_object().cloned().unwrap_or_default();
    let removed = snapshot.get("removed").and_then(Value::as_object).cloned().unwrap_or_default();
    let rows_of = |name: &str| removed.get(name).and_then(Value::as_array).cloned().unwrap_or_default();
    let mut put_back = BTreeSet::new();
    for (name, column, treatment) in REFERENCES {
        let pairs = moved.get(*name).and_then(Value::as_array).cloned().unwrap_or_default();
        match treatment {
            Treatment::Moved => {
                let mut by_from: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
                for pair in &pairs {
                    let (row, from) = pair_of(pair)?;
                    by_from.entry(from).or_default().push(row);
                }
                for (from, rows) in by_from {
                    for chunk in rows.chunks(500) {
                        let (marks, values) = id_list(chunk, 4);
                        let sql = format!(
                            "UPDATE {name} SET {column} = $2 WHERE tenant_id = $1 AND {column} = $3 AND id IN ({marks})"
                        );
                        let mut v = vec![tenant.into(), from.into(), survivor.0.into()];
                        v.extend(values);
                        tx.conn().execute(statement(backend(tx), &sql, v)).await.map_err(db_err)?;
                    }
                }
            }
            Treatment::Grades => {
                for pair in &pairs {
                    let (model, from) = pair_of(pair)?;
                    let sql = "UPDATE customer_grades SET customer_id = $2 \
                               WHERE tenant_id = $1 AND customer_id = $3 AND model_id = $4";
                    let v = vec![tenant.into(), from.into(), survivor.0.into(), model.into()];
                    tx.conn().execute(statement(backend(tx), sql, v)).await.map_err(db_err)?;
                }
                let grades = snapshot.get("grades").and_then(Value::as_array).cloned().unwrap_or_default();
                insert_rows(tx, table(&catalog, name)?, &grades).await?;
            }
            // Claimed again one by one: a value another customer took since
            // refuses the undo.
            Treatment::Claims => {
                for c in rows_of(name) {
                    let (Some(field), Some(record), Some(value)) = (
                        uuid_of(c.get("field_id")),
                        uuid_of(c.get("record_id")),
                        c.get("value_key").and_then(Value::as_str),
                    ) else {
                        return Err(corrupt("claim"));
                    };
                    if !crate::custom_fields::insert_claim(tx, field, value, record).await? {
                        return Err(Error::Conflict(FieldError::new(
                            "id",
                            "value_taken",
                            "a unique custom value of a merged customer now belongs to another customer",
                        )));
                    }
                }
            }
            // A table named twice (both columns of a pair) is put back once.
            Treatment::Removed if put_back.insert(*name) => {
                insert_rows(tx, table(&catalog, name)?, &rows_of(name)).await?;
            }
            Treatment::Kept | Treatment::Removed => {}
        }
    }

    tx.delete_many::<merged_customer::Entity>()
        .filter(merged_customer::Column::MergeId.eq(id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.update_many::<customer_merge::Entity>()
        .col_expr(customer_merge::Column::UndoneAt, Expr::value(tx.now))
        .col_expr(customer_merge::Column::UndoneBy, Expr::value(actor.user_id.0))
        .filter(customer_merge::Column::Id.eq(id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    write::note(tx, survivor.0, "mergeUndone", json!({ "merge": id, "customers": m.merged })).await?;
    let mut all = vec![survivor.0];
    all.extend(restored_ids.iter().copied());
    crate::analytics::facts::rebuild_of(tx, &all).await?;
    crate::analytics::cohorts::arrived(tx, &all).await?;
    audit::record(
        tx,
        AuditAction::CustomerMergeUndo,
        "customer",
        Some(survivor.0),
        json!({ "merge": id, "number": keep.number, "name": keep.name, "merged": m.merged }),
    )
    .await?;
    tx.emit(DomainEvent::CustomerMergeUndone {
        customer: survivor,
        restored: restored_ids.into_iter().map(CustomerId).collect(),
        merge: id,
    });
    get(tx, id).await
}

/// Two JSON values alike, timestamps compared as instants (a stored
/// timestamp reads back in another spelling than `serde_json` wrote).
fn same(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => match (DateTime::parse_from_rfc3339(x), DateTime::parse_from_rfc3339(y)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
        _ => false,
    }
}

/// The UUID a JSON value of a snapshot spells, if it is one.
fn uuid_of(v: Option<&Value>) -> Option<Uuid> {
    v.and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok())
}

fn pair_of(v: &Value) -> Result<(Uuid, Uuid)> {
    match (uuid_of(v.get(0)), uuid_of(v.get(1))) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(corrupt("moved row")),
    }
}

fn record(m: customer_merge::Model) -> Result<MergeRecord> {
    let merged = m
        .merged
        .as_array()
        .ok_or_else(|| corrupt("merged"))?
        .iter()
        .map(|b| {
            Ok(MergedBrief {
                id: CustomerId(uuid_of(b.get("id")).ok_or_else(|| corrupt("id"))?),
                number: b.get("number").and_then(Value::as_str).unwrap_or_default().to_owned(),
                name: b.get("name").and_then(Value::as_str).unwrap_or_default().to_owned(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let moves = m
        .moved
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(t, rows)| MoveCount { table: t.clone(), rows: rows.as_array().map_or(0, |a| a.len() as u64) })
                .collect()
        })
        .unwrap_or_default();
    Ok(MergeRecord {
        id: m.id,
        survivor: CustomerId(m.survivor_id),
        merged,
        actor: UserId(m.actor_id),
        actor_name: String::new(),
        created_at: m.created_at,
        undo_until: m.undo_until,
        undone_at: m.undone_at,
        undone_by: m.undone_by.map(UserId),
        changed_fields: m.changes.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default(),
        moves,
    })
}

/// A merge whose survivor the caller sees (`NOT_FOUND` otherwise).
pub async fn get(tx: &TenantTx, id: Uuid) -> Result<MergeRecord> {
    CustomerScope::of(tx.actor()?)?;
    let m = tx
        .select::<customer_merge::Entity>()
        .filter(customer_merge::Column::Id.eq(id))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("merge"))?;
    visible_survivor(tx, m.survivor_id).await?;
    Ok(named(tx, vec![m]).await?.remove(0))
}

/// Records of `rows`, with the names of who merged.
async fn named(tx: &TenantTx, rows: Vec<customer_merge::Model>) -> Result<Vec<MergeRecord>> {
    let names = crate::users::display_names(tx, rows.iter().map(|m| UserId(m.actor_id))).await?;
    rows.into_iter()
        .map(|m| {
            let mut r = record(m)?;
            r.actor_name = names.get(&r.actor).cloned().unwrap_or_default();
            Ok(r)
        })
        .collect()
}

/// The survivor of a merge is visible to the caller, directly or (merged
/// again since) through its own survivor.
async fn visible_survivor(tx: &TenantTx, id: Uuid) -> Result<()> {
    let target = survivor_of(tx, CustomerId(id)).await?.unwrap_or(CustomerId(id));
    customers::get(tx, target).await.map(|_| ()).map_err(|e| match e {
        Error::NotFound(_) => Error::NotFound("merge"),
        other => other,
    })
}

/// The merges into customer `id` (newest first, at most 50), undone ones
/// included; `NOT_FOUND` when the caller does not see it.
pub async fn of_customer(tx: &TenantTx, id: CustomerId) -> Result<Vec<MergeRecord>> {
    customers::get(tx, id).await?;
    let rows = tx
        .select::<customer_merge::Entity>()
        .filter(customer_merge::Column::SurvivorId.eq(id.0))
        .order_by_desc(customer_merge::Column::CreatedAt)
        .limit(50)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    named(tx, rows).await
}

/// Where the id of a merged customer leads: the customer it was merged
/// into, followed through later merges; `None` when `id` was never merged
/// (or its merge was undone). The caller still checks that it may see the
/// customer found.
pub async fn survivor_of(tx: &TenantTx, id: CustomerId) -> Result<Option<CustomerId>> {
    let mut at = id;
    let mut found = None;
    // A chain is as long as the merges made one after another; the bound
    // only guards against a cycle no merge can make.
    for _ in 0..64 {
        let Some(t) = tx
            .select::<merged_customer::Entity>()
            .filter(merged_customer::Column::CustomerId.eq(at.0))
            .one(tx.conn())
            .await
            .map_err(db_err)?
        else {
            break;
        };
        at = CustomerId(t.survivor_id);
        found = Some(at);
    }
    Ok(found)
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn row(id: u128, updated: i64, name: &str, company: Option<&str>, phones: &[&str]) -> customer::Model {
        let at = DateTime::from_timestamp(1_700_000_000 + updated, 0).unwrap();
        customer::Model {
            tenant_id: Uuid::nil(),
            id: Uuid::from_u128(id),
            number: format!("KH{id}"),
            name: name.into(),
            company: company.map(str::to_owned),
            title: None,
            phones: json!(phones),
            phone_digits: String::new(),
            email: None,
            address: None,
            gender: "unknown".into(),
            birthday: None,
            photo: None,
            status: "prospect".into(),
            industry: None,
            source: None,
            grade: "normal".into(),
            tags: json!([]),
            owner_id: None,
            last_contact_at: None,
            next_visit_at: None,
            custom: json!({}),
            created_by: Uuid::nil(),
            created_at: at,
            updated_at: at,
            released_at: None,
            released_by: None,
            release_reason: None,
            previous_owner_id: None,
            created_via: None,
            created_ref: None,
            owned_since: None,
            locked: false,
            mail_opt_out_at: None,
        }
    }

    #[test]
    fn the_newest_value_wins_unless_chosen_and_lists_unite() {
        let mut a = row(1, 0, "张伟", None, &["13800138000"]);
        a.gender = "male".into();
        let mut b = row(2, 10, "張偉", Some("华为"), &["13800138000", "13900139000"]);
        b.custom = json!({ "level": 3 });
        let (fields, phones, _) = plan_fields(&[a.clone(), b.clone()], &[]).unwrap();
        let get = |f: &str| fields.iter().find(|p| p.field == f).unwrap().clone();
        assert_eq!(get("name").value, json!("張偉"), "newest");
        assert_eq!(get("company").value, json!("华为"), "the only value");
        assert_eq!(get("gender").value, json!("male"), "unknown is no value");
        assert_eq!(get("custom.level").value, json!(3));
        assert!(!get("title").differs);
        assert_eq!(phones, vec!["13800138000", "13900139000"]);

        let chosen = [Choice { field: "name".into(), from: CustomerId(a.id) }];
        let (fields, _, _) = plan_fields(&[a.clone(), b.clone()], &chosen).unwrap();
        assert_eq!(fields.iter().find(|p| p.field == "name").unwrap().value, json!("张伟"));

        let bad = [Choice { field: "nope".into(), from: CustomerId(a.id) }];
        assert!(plan_fields(&[a.clone(), b.clone()], &bad).is_err());
        let stranger = [Choice { field: "name".into(), from: CustomerId(Uuid::from_u128(9)) }];
        assert!(plan_fields(&[a, b], &stranger).is_err());
    }

    #[test]
    fn too_many_phones_together_is_refused() {
        let a = row(1, 0, "a", None, &["1", "2", "3", "4", "5", "6"]);
        let b = row(2, 0, "b", None, &["7", "8", "9", "10", "11"]);
        let e = plan_fields(&[a, b], &[]).unwrap_err();
        assert!(matches!(e, Error::Validation(ref v) if v[0].field == "phones"), "{e:?}");
    }

    #[test]
    fn ids_are_checked() {
        let c = |n| CustomerId(Uuid::from_u128(n));
        assert!(check_ids(&MergeInput { survivor: None, merged: vec![c(1)], choices: vec![] }).is_err());
        assert!(check_ids(&MergeInput { survivor: Some(c(1)), merged: vec![], choices: vec![] }).is_err());
        assert!(check_ids(&MergeInput { survivor: Some(c(1)), merged: vec![c(1)], choices: vec![] }).is_err());
        assert!(check_ids(&MergeInput { survivor: Some(c(1)), merged: vec![c(2), c(2)], choices: vec![] }).is_err());
        let many: Vec<_> = (2..=11).map(c).collect();
        assert!(check_ids(&MergeInput { survivor: Some(c(1)), merged: many, choices: vec![] }).is_err());
        assert!(check_ids(&MergeInput { survivor: Some(c(1)), merged: vec![c(2)], choices: vec![] }).is_ok());
        assert!(same(&json!("2026-01-01T00:00:00Z"), &json!("2026-01-01T08:00:00+08:00")));
    }
}
