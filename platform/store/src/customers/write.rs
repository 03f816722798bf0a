//! The one write path of customers: every statement that inserts, changes
//! or deletes a `customers` row is in this module, and each records its
//! history entries and emits its domain events in the caller's transaction
//! (so they exist if and only if the change does).
//!
//! Callers (the API's create and update, the pool's moves, photos, the
//! last contact kept by conversations, custom field conversions, plugins'
//! effects, imports, offboarding) decide *whether* a change is allowed;
//! this module decides *how* it is written. A new consumer of "what
//! changed" subscribes to the events; it never adds a call here. The one
//! exception is the dashboards' summaries ([`crate::analytics::cohorts`],
//! [`crate::analytics::days`]): counts that must agree with the rows at
//! every commit, so each write keeps them in its own transaction.
//!
//! | write                   | history                              | event                     |
//! |-------------------------|--------------------------------------|---------------------------|
//! | [`insert`], [`insert_many`] | `created`, from the row (see [`insert`]) | `customer.created`    |
//! | [`patch`], [`set_custom`]   | one entry per changed field       | `customer.updated`        |
//! | [`move_owner`], [`claim`]   | `ownerId` (and `releaseReason`)   | `customer.released` / `customer.claimed` / `customer.owner_changed` |
//! | [`retag`]                   | `tags`, per changed customer      | `customer.updated`        |
//! | [`bulk_patch`]              | one entry per changed field       | `customer.updated`        |
//! | [`delete`]                  | (deleted with the customer)       | `customer.deleted`        |

use guanxi_core::events::OwnerChange;
use guanxi_core::{CustomerId, DomainEvent, Error, Result, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QuerySelect, QueryTrait, Statement,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::analytics::cohorts::{self, Member};
use crate::analytics::days::Count;
use crate::customers::Origin;
use crate::db::{TenantTx, db_err};
use crate::entity::{conversation, customer, customer_history};

/// Rows per multi-row statement on SQLite (at most 31 values a row, well
/// under its limit on bound values).
const CHUNK: usize = 500;

fn history_row(tx: &TenantTx, customer: Uuid, field: &str, old: Value, new: Value) -> customer_history::ActiveModel {
    customer_history::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(Uuid::now_v7()),
        customer_id: Set(customer),
        actor_id: Set(tx.actor.as_ref().map(|a| a.user_id.0)),
        field: Set(field.to_owned()),
        old_value: Set(Some(old)),
        new_value: Set(Some(new)),
        created_at: Set(tx.now),
    }
}

/// Write history rows (none: nothing), in chunks.
/// One history entry that is not a field's change: a note of why (an
/// assignment's reason), shown on the customer with the change it explains.
pub(crate) async fn note(tx: &TenantTx, customer: Uuid, field: &str, new: Value) -> Result<()> {
    write_history(tx, vec![history_row(tx, customer, field, Value::Null, new)]).await
}

async fn write_history(tx: &TenantTx, rows: Vec<customer_history::ActiveModel>) -> Result<()> {
    if rows.len() > 1 && tx.conn().get_database_backend() == DbBackend::Postgres {
        return history_postgres(tx, rows).await;
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        tx.insert_many(chunk).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    }
    Ok(())
}

/// [`write_history`] on PostgreSQL: the entries travel as one JSON document
/// per 2,000 unpacked by `jsonb_to_recordset` (a bulk edit writes one per
/// changed field of every customer). The actor and time are the
/// transaction's, bound once.
async fn history_postgres(tx: &TenantTx, rows: Vec<customer_history::ActiveModel>) -> Result<()> {
    // Each value travels wrapped in an array: a field of JSON `null` would
    // come out of `jsonb_to_recordset` as SQL NULL, and the history keeps
    // the two apart (a value cleared is `null`, not missing).
    let value = |v: &sea_orm::ActiveValue<Option<Value>>| match v {
        Set(Some(v)) => json!([v]),
        _ => Value::Null,
    };
    for chunk in rows.chunks(CHUNK * 4) {
        let doc: Vec<Value> = chunk
            .iter()
            .map(|r| {
                let id = match &r.id {
                    Set(id) => *id,
                    _ => Uuid::now_v7(),
                };
                let customer = match &r.customer_id {
                    Set(c) => Some(*c),
                    _ => None,
                };
                let field = match &r.field {
                    Set(f) => f.as_str(),
                    _ => "",
                };
                json!({ "id": id, "c": customer, "f": field, "o": value(&r.old_value), "n": value(&r.new_value) })
            })
            .collect();
        tx.conn()
            .execute(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "INSERT INTO customer_history (tenant_id, id, customer_id, actor_id, field, old_value, new_value, created_at) \
                 SELECT $1, x.id, x.c, $2, x.f, x.o -> 0, x.n -> 0, $3 \
                 FROM jsonb_to_recordset($4::jsonb) AS x(id uuid, c uuid, f text, o jsonb, n jsonb)",
                [
                    tx.tenant_id().0.into(),
                    tx.actor.as_ref().map(|a| a.user_id.0).into(),
                    tx.now.into(),
                    Value::Array(doc).into(),
                ],
            ))
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Write one history entry of a change made by a caller that wrote its
/// column through [`set_custom`] (custom field conversions and removals,
/// computed fields).
pub(crate) async fn record_change(tx: &TenantTx, id: CustomerId, field: &str, old: Value, new: Value) -> Result<()> {
    write_history(tx, vec![history_row(tx, id.0, field, old, new)]).await
}

/// Create one customer from a complete row, with `customer.created`.
///
/// The creation's history entry is the row itself: who (`created_by`),
/// when (`created_at`) and how (`origin`, written to `created_via` and
/// `created_ref`) are columns of the customer, written by the same
/// statement, and [`crate::customers::history`] shows them as its
/// `created` entry. So the entry exists exactly when the customer does,
/// and an import's batch writes no second row per customer. The rows of
/// `customer_history` stay changes of fields (the count of entries a
/// deletion removes, the team overview's changed customers read them so).
pub(crate) async fn insert(tx: &TenantTx, mut row: customer::ActiveModel, origin: Origin) -> Result<()> {
    let member = match (&row.id, &row.owner_id, &row.created_at, &row.status) {
        (Set(id), Set(owner), Set(at), Set(status)) => Member::new(*id, *owner, *at, status),
        _ => return Err(Error::Internal("a new customer without id, owner, time or status".into())),
    };
    let (id, owner) = (member.id, member.owner);
    if let Set(tags) = &row.tags {
        crate::tags::admit(tx, &names(tags)).await?;
    }
    row.created_via = Set(Some(origin.via.as_str().to_owned()));
    row.created_ref = Set(origin.reference);
    match crate::entitlements::CustomersGuard::of(tx).await? {
        // PostgreSQL checks the plan's customer limit in the insert's own
        // round trip.
        Some(guard) => {
            let insert = tx.insert(row).build(DbBackend::Postgres);
            let answer = tx.conn().query_one(guard.wrap(tx, insert, 1)).await.map_err(db_err)?;
            let guarded = match answer {
                Some(r) => r.try_get::<Option<i64>>("", "guarded").map_err(db_err)?,
                None => None,
            };
            guard.after_insert(tx, guarded, 1).await?;
        }
        None => {
            tx.insert(row).exec_without_returning(tx.conn()).await.map_err(db_err)?;
            crate::entitlements::ensure_customers_written(tx, 1).await?;
        }
    }
    cohorts::created(tx, &[member]).await?;
    tx.emit(DomainEvent::CustomerCreated { customer: CustomerId(id), owner: owner.map(UserId), by: origin.via.by() });
    Ok(())
}

/// Create many customers at once (an import's batch): like [`insert`] for
/// each, written in bulk. On PostgreSQL the rows travel as one JSON
/// document unpacked by `jsonb_to_recordset`, a statement of a few
/// parameters instead of thousands of bound values (noticeably faster for
/// a batch of 2,000). The events are one multi-row insert at commit. The
/// caller checks the plan's customer limit afterwards
/// ([`crate::entitlements::ensure_customers_written`]), at a moment when it
/// holds no lock another batch waits for.
///
/// The batch's counts in the dashboards' cohorts are left to the caller
/// ([`Created::count`], in the same transaction): an import writing
/// batches side by side counts each once the batch before has committed,
/// so the batches do not queue on the cohort row they all add to.
pub(crate) async fn insert_many(tx: &TenantTx, rows: &[customer::Model], origin: Origin) -> Result<Created> {
    if rows.is_empty() {
        return Ok(Created(Vec::new()));
    }
    let by = origin.via.by();
    let tags: Vec<&str> = rows.iter().flat_map(|m| names(&m.tags)).collect();
    crate::tags::admit(tx, &tags).await?;
    let postgres = tx.conn().get_database_backend() == DbBackend::Postgres;
    // PostgreSQL's statement dates the rows by the transaction's clock.
    let members: Vec<Member> = rows
        .iter()
        .map(|m| Member::new(m.id, m.owner_id, if postgres { tx.now } else { m.created_at }, &m.status))
        .collect();
    if postgres {
        insert_postgres(tx, rows, origin).await?;
    } else {
        let mut models = rows
            .iter()
            .cloned()
            .map(|m| customer::Model {
                created_via: Some(origin.via.as_str().to_owned()),
                created_ref: origin.reference,
                ..m
            })
            .map(customer::ActiveModel::from)
            .peekable();
        while models.peek().is_some() {
            let chunk: Vec<customer::ActiveModel> = models.by_ref().take(CHUNK).collect();
            tx.insert_many(chunk).exec_without_returning(tx.conn()).await.map_err(db_err)?;
        }
    }
    for m in rows {
        tx.emit(DomainEvent::CustomerCreated { customer: CustomerId(m.id), owner: m.owner_id.map(UserId), by });
    }
    Ok(Created(members))
}

/// Customers [`insert_many`] created, still to be counted in the cohorts.
#[must_use = "the new customers must be counted in the cohorts in the same transaction"]
pub(crate) struct Created(Vec<Member>);

impl Created {
    /// Count them, in the transaction that created them.
    pub(crate) async fn count(self, tx: &TenantTx) -> Result<()> {
        cohorts::created(tx, &self.0).await
    }
}

/// [`insert_many`] on PostgreSQL. The origin is the batch's, bound once
/// rather than repeated in every row of the document.
async fn insert_postgres(tx: &TenantTx, rows: &[customer::Model], origin: Origin) -> Result<()> {
    let doc: Vec<Value> = rows
        .iter()
        .map(|m| {
            json!({
                "id": m.id, "number": m.number, "name": m.name, "company": m.company, "title": m.title,
                "phones": m.phones, "phone_digits": m.phone_digits, "email": m.email, "address": m.address,
                "gender": m.gender, "birthday": m.birthday, "status": m.status, "industry": m.industry,
                "source": m.source, "grade": m.grade, "tags": m.tags, "owner_id": m.owner_id,
                "last_contact_at": m.last_contact_at, "next_visit_at": m.next_visit_at, "custom": m.custom,
                "created_by": m.created_by,
            })
        })
        .collect();
    tx.conn()
        .execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO customers (tenant_id, id, number, name, company, title, phones, phone_digits, email, \
                 address, gender, birthday, status, industry, source, grade, tags, owner_id, last_contact_at, \
                 next_visit_at, custom, created_by, created_at, updated_at, created_via, created_ref) \
             SELECT $1, x.id, x.number, x.name, x.company, x.title, x.phones, x.phone_digits, x.email, \
                 x.address, x.gender, x.birthday, x.status, x.industry, x.source, x.grade, x.tags, x.owner_id, \
                 x.last_contact_at, x.next_visit_at, x.custom, x.created_by, $2, $2, $4, $5 \
             FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, number text, name text, company text, title text, \
                 phones jsonb, phone_digits text, email text, address text, gender text, birthday date, \
                 status text, industry text, source text, grade text, tags jsonb, owner_id uuid, \
                 last_contact_at timestamptz, next_visit_at timestamptz, custom jsonb, created_by uuid)",
            [
                tx.tenant_id().0.into(),
                tx.now.into(),
                Value::Array(doc).into(),
                origin.via.as_str().into(),
                origin.reference.into(),
            ],
        ))
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Changes to one customer's fields (not its owner: see [`move_owner`]),
/// collected by a caller that has checked them: the columns to set and a
/// history entry for each changed field.
#[derive(Default)]
pub(crate) struct Patch {
    columns: Vec<(customer::Column, sea_orm::Value)>,
    history: Vec<(String, Value, Value)>,
    /// Write no history entries (an undo that takes back entries it
    /// removes).
    quiet: bool,
}

impl Patch {
    /// Set `column` (the field `field`, by its API name) to `new`, with its
    /// history entry, when `new` differs from `old`.
    pub(crate) fn set<T: serde::Serialize + PartialEq>(
        &mut self,
        field: &str,
        column: customer::Column,
        old: &T,
        new: T,
        stored: impl Into<sea_orm::Value>,
    ) {
        if *old != new {
            self.history.push((field.to_owned(), json!(old), json!(new)));
            self.columns.push((column, stored.into()));
        }
    }

    /// Set a column that derives from a field set with [`Patch::set`]
    /// (the phones' digits); no history entry of its own.
    pub(crate) fn derived(&mut self, column: customer::Column, stored: impl Into<sea_orm::Value>) {
        self.columns.push((column, stored.into()));
    }

    /// A changed value within a column set with [`Patch::derived`] (a
    /// custom value: `custom.<key>`).
    pub(crate) fn entry(&mut self, field: String, old: Value, new: Value) {
        self.history.push((field, old, new));
    }

    /// A patch that writes no history entries (its event still names the
    /// fields).
    pub(crate) fn quiet() -> Patch {
        Patch { quiet: true, ..Patch::default() }
    }

    /// Whether nothing changes.
    pub(crate) fn is_empty(&self) -> bool {
        self.history.is_empty()
    }
}

/// Write `patch` to customer `id`: its columns and `updated_at`, a history
/// entry per changed field and one `customer.updated` naming them. A patch
/// that changes nothing writes nothing.
pub(crate) async fn patch(tx: &TenantTx, id: CustomerId, patch: Patch) -> Result<()> {
    if patch.is_empty() {
        return Ok(());
    }
    let mut gained = Vec::new();
    gained_tags(&patch.history, &mut gained);
    crate::tags::admit(tx, &gained).await?;
    let mut update = tx.update_many::<customer::Entity>();
    for (column, value) in patch.columns {
        update = update.col_expr(column, Expr::value(value));
    }
    update
        .col_expr(customer::Column::UpdatedAt, Expr::value(tx.now))
        .filter(customer::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let mut fields: Vec<String> = Vec::with_capacity(patch.history.len());
    let mut rows = Vec::with_capacity(patch.history.len());
    for (field, old, new) in patch.history {
        if !patch.quiet {
            rows.push(history_row(tx, id.0, &field, old, new));
        }
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    write_history(tx, rows).await?;
    tx.emit(DomainEvent::CustomerUpdated { customer: id, fields });
    Ok(())
}

/// The tag names of a stored `tags` array (anything else holds none).
fn names(tags: &Value) -> Vec<&str> {
    tags.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

/// Add to `out` the tags a change's `history` (`(field, old, new)`) gives
/// the customer that it did not have, each once: what the company's list
/// must admit.
fn gained_tags<'a>(history: &'a [(String, Value, Value)], out: &mut Vec<&'a str>) {
    if let Some((_, old, new)) = history.iter().find(|(field, _, _)| field == "tags") {
        let had = names(old);
        for t in names(new) {
            if !had.contains(&t) && !out.contains(&t) {
                out.push(t);
            }
        }
    }
}

/// Rename, merge or remove tags on every customer that carries one:
/// `renames` maps a tag's old name to its new one (`None`: removed); a
/// customer left with a name twice keeps it once, where it came first.
/// Each changed customer is written by [`bulk_patch`] (a `tags` history
/// entry and a `customer.updated`); returns how many changed. The new
/// names are in the company's list already (renamed or merged into).
pub(crate) async fn retag(tx: &TenantTx, renames: &[(String, Option<String>)]) -> Result<u64> {
    use customer::Column as C;
    let backend = tx.conn().get_database_backend();
    let mut any = sea_orm::sea_query::Condition::any();
    for (from, _) in renames {
        any = any.add(super::list::tag_condition(backend, from));
    }
    let mut q = tx.select::<customer::Entity>().select_only().column(C::Id).column(C::Tags).filter(any);
    if backend == DbBackend::Postgres {
        // An edit of one of these customers waits, so its tags are not
        // written over with what was read before it.
        q = q.lock_exclusive();
    }
    let rows: Vec<(Uuid, Value)> = q.into_tuple().all(tx.conn()).await.map_err(db_err)?;
    let mut changed: Vec<BulkRow> = Vec::new();
    for (id, tags) in rows {
        let old = names(&tags);
        let mut new: Vec<&str> = Vec::with_capacity(old.len());
        for t in &old {
            let to = match renames.iter().find(|(from, _)| from == t) {
                Some((_, to)) => to.as_deref(),
                None => Some(*t),
            };
            if let Some(to) = to
                && !new.contains(&to)
            {
                new.push(to);
            }
        }
        if new != old {
            let history = vec![("tags".to_owned(), json!(old), json!(new))];
            changed.push(BulkRow { id, tags: Some(json!(new)), history, ..BulkRow::default() });
        }
    }
    let n = changed.len() as u64;
    bulk_patch(tx, changed).await?;
    Ok(n)
}

/// One customer's change in a bulk edit: the new values of the columns a
/// bulk edit sets (none: unchanged) and a history entry per changed field.
#[derive(Debug, Default)]
pub(crate) struct BulkRow {
    pub(crate) id: Uuid,
    pub(crate) status: Option<String>,
    pub(crate) grade: Option<String>,
    pub(crate) tags: Option<Value>,
    pub(crate) custom: Option<Value>,
    /// `(field, old, new)` by the fields' API names.
    pub(crate) history: Vec<(String, Value, Value)>,
}

/// Write a bulk edit's rows (each like [`patch`]: its columns and
/// `updated_at`, a history entry per changed field, one
/// `customer.updated`): on PostgreSQL one statement per 2,000 rows, the
/// values unpacked from one JSON document; on SQLite a statement a row.
/// The tags the rows gain are admitted to the list first, in one check.
pub(crate) async fn bulk_patch(tx: &TenantTx, rows: Vec<BulkRow>) -> Result<()> {
    use customer::Column as C;
    let rows: Vec<BulkRow> = rows.into_iter().filter(|r| !r.history.is_empty()).collect();
    if rows.is_empty() {
        return Ok(());
    }
    let mut gained: Vec<&str> = Vec::new();
    for r in &rows {
        gained_tags(&r.history, &mut gained);
    }
    crate::tags::admit(tx, &gained).await?;
    if tx.conn().get_database_backend() == DbBackend::Postgres {
        for chunk in rows.chunks(CHUNK * 4) {
            let doc: Vec<Value> = chunk
                .iter()
                .map(
                    |r| json!({ "id": r.id, "status": r.status, "grade": r.grade, "tags": r.tags, "custom": r.custom }),
                )
                .collect();
            tx.conn()
                .execute(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "UPDATE customers SET status = COALESCE(x.status, customers.status), \
                         grade = COALESCE(x.grade, customers.grade), tags = COALESCE(x.tags, customers.tags), \
                         custom = COALESCE(x.custom, customers.custom), updated_at = $2 \
                     FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, status text, grade text, tags jsonb, custom jsonb) \
                     WHERE customers.tenant_id = $1 AND customers.id = x.id",
                    [tx.tenant_id().0.into(), tx.now.into(), Value::Array(doc).into()],
                ))
                .await
                .map_err(db_err)?;
        }
    } else {
        for r in &rows {
            let mut update = tx.update_many::<customer::Entity>().col_expr(C::UpdatedAt, Expr::value(tx.now));
            if let Some(v) = &r.status {
                update = update.col_expr(C::Status, Expr::value(v.clone()));
            }
            if let Some(v) = &r.grade {
                update = update.col_expr(C::Grade, Expr::value(v.clone()));
            }
            if let Some(v) = &r.tags {
                update = update.col_expr(C::Tags, Expr::value(v.clone()));
            }
            if let Some(v) = &r.custom {
                update = update.col_expr(C::Custom, Expr::value(v.clone()));
            }
            update.filter(C::Id.eq(r.id)).exec(tx.conn()).await.map_err(db_err)?;
        }
    }
    let mut history = Vec::new();
    for r in rows {
        let mut fields: Vec<String> = Vec::with_capacity(r.history.len());
        for (field, old, new) in r.history {
            history.push(history_row(tx, r.id, &field, old, new));
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        tx.emit(DomainEvent::CustomerUpdated { customer: CustomerId(r.id), fields });
    }
    write_history(tx, history).await
}

/// Replace customer `id`'s custom values with `custom` (a conversion or
/// removal of a field, a computed value), emitting `customer.updated` with
/// the keys that changed; the caller records each change's history entry
/// ([`record_change`]). `updated_at` stays: the customer's own fields did
/// not change.
pub(crate) async fn set_custom(tx: &TenantTx, id: Uuid, custom: Value) -> Result<()> {
    let old: Option<Value> = tx
        .select::<customer::Entity>()
        .select_only()
        .column(customer::Column::Custom)
        .filter(customer::Column::Id.eq(id))
        .into_tuple()
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    let Some(old) = old else { return Err(Error::NotFound("customer")) };
    tx.update_many::<customer::Entity>()
        .col_expr(customer::Column::Custom, Expr::value(custom.clone()))
        .filter(customer::Column::Id.eq(id))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let (empty_old, empty_new) = (serde_json::Map::new(), serde_json::Map::new());
    let (o, n) = (old.as_object().unwrap_or(&empty_old), custom.as_object().unwrap_or(&empty_new));
    let mut fields: Vec<String> = o
        .keys()
        .chain(n.keys().filter(|k| !o.contains_key(*k)))
        .filter(|k| o.get(*k).unwrap_or(&Value::Null) != n.get(*k).unwrap_or(&Value::Null))
        .map(|k| format!("custom.{k}"))
        .collect();
    fields.sort_unstable();
    if !fields.is_empty() {
        tx.emit(DomainEvent::CustomerUpdated { customer: CustomerId(id), fields });
    }
    Ok(())
}

/// The facts of a customer an owner move needs: id, owner, last release
/// reason (read, and locked on PostgreSQL, in the caller's transaction).
#[derive(Clone, Debug)]
pub(crate) struct MoveRow {
    pub(crate) id: Uuid,
    pub(crate) owner_id: Option<Uuid>,
    pub(crate) release_reason: Option<String>,
}

impl From<&customer::Model> for MoveRow {
    fn from(m: &customer::Model) -> Self {
        MoveRow { id: m.id, owner_id: m.owner_id, release_reason: m.release_reason.clone() }
    }
}

/// Where an owner move takes customers.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Destination<'a> {
    /// The public pool, with the reason given (none: moved by an edit).
    Pool(Option<&'a str>),
    /// A new owner, and why (`customer.owner_changed`).
    Owner(UserId, OwnerChange),
}

/// Move `rows` to `to`, in statements of [`CHUNK`] rows: an `ownerId`
/// history entry for each and, into the pool, the release facts (when, by
/// whom, why, from whom) and a `releaseReason` entry where the reason
/// changes; one event per customer (`customer.released` or
/// `customer.owner_changed`).
pub(crate) async fn move_owner(tx: &TenantTx, rows: &[MoveRow], to: Destination<'_>) -> Result<()> {
    use customer::Column as C;
    let actor = tx.actor()?.user_id;
    let (to_id, reason) = match to {
        Destination::Pool(reason) => (None, reason),
        Destination::Owner(u, _) => (Some(u.0), None),
    };
    for chunk in rows.chunks(CHUNK) {
        let mut update = tx
            .update_many::<customer::Entity>()
            .col_expr(C::OwnerId, Expr::value(to_id))
            .col_expr(C::OwnedSince, Expr::value(to_id.map(|_| tx.now)))
            .col_expr(C::UpdatedAt, Expr::value(tx.now));
        if to_id.is_none() {
            // The right-hand sides read the row as it was before this
            // statement, so previous_owner_id gets the old owner.
            update = update
                .col_expr(C::PreviousOwnerId, Expr::col(C::OwnerId).into())
                .col_expr(C::ReleasedAt, Expr::value(tx.now))
                .col_expr(C::ReleasedBy, Expr::value(actor.0))
                .col_expr(C::ReleaseReason, Expr::value(reason.map(str::to_owned)));
        }
        update.filter(C::Id.is_in(chunk.iter().map(|r| r.id))).exec(tx.conn()).await.map_err(db_err)?;
        let owners: Vec<(Uuid, Option<Uuid>)> = chunk.iter().map(|r| (r.id, r.owner_id)).collect();
        cohorts::owners_changed(tx, &owners).await?;
        let mut history = Vec::with_capacity(chunk.len() * 2);
        for r in chunk {
            history.push(history_row(tx, r.id, "ownerId", json!(r.owner_id), json!(to_id)));
            if to_id.is_none() && r.release_reason.as_deref() != reason {
                history.push(history_row(tx, r.id, "releaseReason", json!(r.release_reason), json!(reason)));
            }
            let customer = CustomerId(r.id);
            let from = r.owner_id.map(UserId);
            tx.emit(match to {
                Destination::Pool(reason) => {
                    DomainEvent::CustomerReleased { customer, from, reason: reason.map(str::to_owned) }
                }
                Destination::Owner(to, how) => DomainEvent::CustomerOwnerChanged { customer, from, to, how },
            });
        }
        write_history(tx, history).await?;
    }
    Ok(())
}

/// Give pool customer `id` to `me` if it is still in the pool: the
/// conditional update is the arbiter of simultaneous claims. Returns
/// whether this claim won; only then are its `ownerId` entry and
/// `customer.claimed` written.
pub(crate) async fn claim(tx: &TenantTx, id: CustomerId, me: UserId) -> Result<bool> {
    let done = tx
        .update_many::<customer::Entity>()
        .col_expr(customer::Column::OwnerId, Expr::value(me.0))
        .col_expr(customer::Column::OwnedSince, Expr::value(tx.now))
        .col_expr(customer::Column::UpdatedAt, Expr::value(tx.now))
        .filter(customer::Column::Id.eq(id.0))
        .filter(customer::Column::OwnerId.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if done.rows_affected == 0 {
        return Ok(false);
    }
    cohorts::owners_changed(tx, &[(id.0, None)]).await?;
    write_history(tx, vec![history_row(tx, id.0, "ownerId", Value::Null, json!(me.0))]).await?;
    tx.emit(DomainEvent::CustomerClaimed { customer: id, by: me });
    Ok(true)
}

/// Delete customer `id` for good (its history and everything that hangs
/// on it go with it, by the database's cascades): `customer.deleted`.
pub(crate) async fn delete(tx: &TenantTx, id: CustomerId) -> Result<()> {
    // Its conversations go by the cascade: the dashboards' counts first.
    let talks = tx
        .select::<conversation::Entity>()
        .filter(conversation::Column::CustomerId.eq(id.0))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let counts: Vec<Count> = talks.iter().map(|c| Count::of(c, -1)).collect();
    crate::analytics::days::record(tx, &counts).await?;
    cohorts::deleting(tx, &[id.0]).await?;
    tx.delete_many::<customer::Entity>().filter(customer::Column::Id.eq(id.0)).exec(tx.conn()).await.map_err(db_err)?;
    tx.emit(DomainEvent::CustomerDeleted { customer: id });
    Ok(())
}
