//! Customers: create, edit, read one, list and count within the caller's
//! visibility, and each customer's change history.
//!
//! Who sees what is decided by [`CustomerScope`] in core; [`visible`] turns it
//! into SQL, and every read here (one customer, a page, a count, history)
//! filters with it. A customer outside the caller's scope, like one of
//! another tenant, is `NOT_FOUND`.

pub(crate) mod custom_sql;
mod list;
pub mod photo;
pub mod pool;
mod window;
pub(crate) mod write;

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::custom_fields::{FieldEntity, Writer};
use guanxi_core::customer::{CustomerScope, CustomerSet, CustomerStatus, Gender, Grade, can_own_customers};
use guanxi_core::events::{CreatedBy, OwnerChange};
use guanxi_core::input::{Checker, Email, Name};
use guanxi_core::numbering::Pattern;
use guanxi_core::phone::Phone;
use guanxi_core::{CustomerId, Error, FieldError, GroupId, Result, Role, TenantId, UserId, UserRef};
use sea_orm::sea_query::{Alias, Condition, Expr, JoinType, OnConflict, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, FromQueryResult, Iterable, PaginatorTrait, QueryFilter,
    QueryOrder, QueryResult,
};
use serde_json::{Value, json};

use crate::custom_fields::{ReadableFields, readable_fields};
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, customer_counter, customer_history, user};
pub(crate) use crate::tenants::{TenantFacts, tenant_facts, tenant_tz};
pub(crate) use write::record_change;

pub(crate) use list::page as list_page;
pub(crate) use list::rows_after;
pub use list::{
    CustomCondition, CustomerFilter, CustomerPage, CustomerSort, SearchField, SortField, count, explain_list, list,
    list_shaped,
};
pub use window::DateWindow;

/// Which parts of a customer a reader needs beyond its plain columns, so
/// that a list reads only what its client asked for: the custom values (a
/// JSON document per row, and the company's field definitions to filter
/// it with) and the names of the users a customer refers to (one lookup
/// per row each). What is not read is left empty: custom values `{}` and
/// names `""`; ids are always there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// `custom`.
    pub custom: bool,
    /// The owner's name.
    pub owner_name: bool,
    /// The creator's name.
    pub creator_name: bool,
    /// The names of who released the customer and its previous owner.
    pub release_names: bool,
}

impl Shape {
    /// Everything.
    pub const FULL: Shape = Shape { custom: true, owner_name: true, creator_name: true, release_names: true };
}

impl Default for Shape {
    fn default() -> Self {
        Shape::FULL
    }
}

/// A user as a customer record shows them: id and name only, whoever may
/// see the customer may see these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserBrief {
    /// Id.
    pub id: UserId,
    /// Display name.
    pub display_name: String,
}

/// A customer as the API shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Customer {
    /// Id.
    pub id: CustomerId,
    /// Number, e.g. `KH2026000001`.
    pub number: String,
    /// Contact name.
    pub name: String,
    /// Company.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Normalised phone numbers.
    pub phones: Vec<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Gender.
    pub gender: Gender,
    /// Birthday.
    pub birthday: Option<NaiveDate>,
    /// The photo's stored name (`<sha256>.<ext>`), if any.
    pub photo: Option<String>,
    /// Lifecycle status.
    pub status: CustomerStatus,
    /// Industry.
    pub industry: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Grade.
    pub grade: Grade,
    /// Tags.
    pub tags: Vec<String>,
    /// Owner; `None` while in the public pool.
    pub owner: Option<UserBrief>,
    /// Last contact.
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Next planned visit.
    pub next_visit_at: Option<DateTime<Utc>>,
    /// Custom field values (a JSON object).
    pub custom: Value,
    /// Who created it.
    pub created_by: UserBrief,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Its last release to the public pool, if it ever was released; kept
    /// after someone takes it again.
    pub release: Option<Release>,
    /// When the current owner got it (for a customer never moved, when it
    /// was created; `None` in the pool).
    pub owned_since: Option<DateTime<Utc>>,
    /// Locked by an admin: pool rules leave it where it is.
    pub locked: bool,
    /// When it unsubscribed from care mails; none while it receives them.
    pub mail_opt_out_at: Option<DateTime<Utc>>,
}

/// A customer's release to the public pool (公海).
#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    /// When.
    pub at: DateTime<Utc>,
    /// Who released it.
    pub by: Option<UserBrief>,
    /// Why; none when it was moved by an edit of its owner.
    pub reason: Option<String>,
    /// Who owned it before.
    pub previous_owner: Option<UserBrief>,
}

/// A new customer. Absent optional fields take their defaults: status
/// prospect, gender unknown, grade normal, owner the creator.
#[derive(Clone, Debug, Default)]
pub struct NewCustomer {
    /// Contact name, 1–100 characters.
    pub name: String,
    /// Company, at most 100 characters.
    pub company: Option<String>,
    /// Job title, at most 50 characters.
    pub title: Option<String>,
    /// Phone numbers as typed; they are normalised.
    pub phones: Vec<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address, at most 200 characters.
    pub address: Option<String>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Birthday; not in the future.
    pub birthday: Option<NaiveDate>,
    /// Status.
    pub status: Option<CustomerStatus>,
    /// Industry, one of the tenant's industries.
    pub industry: Option<String>,
    /// Source, one of the tenant's customer sources.
    pub source: Option<String>,
    /// Grade.
    pub grade: Option<Grade>,
    /// Tags: at most 20 of at most 20 characters.
    pub tags: Vec<String>,
    /// Owner: `None` for the creator, `Some(None)` for the public pool.
    pub owner_id: Option<Option<UserId>>,
    /// Last contact.
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Next planned visit.
    pub next_visit_at: Option<DateTime<Utc>>,
    /// Custom field values: a JSON object of at most 16 KiB.
    pub custom: Option<Value>,
}

/// A change to a customer: `None` leaves a field as it is; for clearable
/// fields `Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct CustomerUpdate {
    /// New name.
    pub name: Option<String>,
    /// New company.
    pub company: Option<Option<String>>,
    /// New title.
    pub title: Option<Option<String>>,
    /// New phone list (replaces the old one).
    pub phones: Option<Vec<String>>,
    /// New e-mail.
    pub email: Option<Option<String>>,
    /// New address.
    pub address: Option<Option<String>>,
    /// New gender.
    pub gender: Option<Gender>,
    /// New birthday.
    pub birthday: Option<Option<NaiveDate>>,
    /// New status.
    pub status: Option<CustomerStatus>,
    /// New industry.
    pub industry: Option<Option<String>>,
    /// New source.
    pub source: Option<Option<String>>,
    /// New grade.
    pub grade: Option<Grade>,
    /// New tag list (replaces the old one).
    pub tags: Option<Vec<String>>,
    /// New owner (`Some(None)`: the pool). Admins, and supervisors within
    /// their groups, only.
    pub owner_id: Option<Option<UserId>>,
    /// New last contact.
    pub last_contact_at: Option<Option<DateTime<Utc>>>,
    /// New next visit.
    pub next_visit_at: Option<Option<DateTime<Utc>>>,
    /// Custom values to set: keys given are set (`null` clears), keys left
    /// out keep their values.
    pub custom: Option<Value>,
}

/// One recorded change.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// Id.
    pub id: uuid::Uuid,
    /// The field, by its API name (`status`, `ownerId`, `lastContactAt` …).
    pub field: String,
    /// Value before (enums by machine name, owners by user id).
    pub old_value: Value,
    /// Value after.
    pub new_value: Value,
    /// Who changed it.
    pub actor: Option<UserBrief>,
    /// When.
    pub at: DateTime<Utc>,
}

/// How a customer came to exist: its history's `created` entry says so
/// (field `created`, new value `{"via": …}` with the id of what created it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreatedVia {
    /// `form`: a person, through the app (a login session).
    Form,
    /// `api_key`: an integration, with one of the company's API keys.
    ApiKey,
    /// `import`: an import of a file.
    Import,
    /// `plugin`: a plugin's effect.
    Plugin,
    /// `job`: a background job acting for its user.
    Job,
}

impl CreatedVia {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CreatedVia::Form => "form",
            CreatedVia::ApiKey => "api_key",
            CreatedVia::Import => "import",
            CreatedVia::Plugin => "plugin",
            CreatedVia::Job => "job",
        }
    }

    fn parse(s: &str) -> Option<CreatedVia> {
        [CreatedVia::Form, CreatedVia::ApiKey, CreatedVia::Import, CreatedVia::Plugin, CreatedVia::Job]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// The key naming, in the `created` entry, what created the customer.
    fn reference_key(self) -> Option<&'static str> {
        match self {
            CreatedVia::Form => None,
            CreatedVia::ApiKey => Some("apiKeyId"),
            CreatedVia::Import => Some("importId"),
            CreatedVia::Plugin => Some("pluginId"),
            CreatedVia::Job => Some("jobId"),
        }
    }

    /// The creation as its `customer.created` event tells it.
    pub(crate) fn by(self) -> CreatedBy {
        match self {
            CreatedVia::Form | CreatedVia::ApiKey => CreatedBy::Api,
            CreatedVia::Import => CreatedBy::Import,
            CreatedVia::Plugin | CreatedVia::Job => CreatedBy::Automation,
        }
    }
}

/// How a customer is being created, and by what (the API key, import,
/// plugin or job): written with the row (`created_via`, `created_ref`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) via: CreatedVia,
    pub(crate) reference: Option<uuid::Uuid>,
}

impl Origin {
    /// A creation through the API by `tx`'s caller: a person's session
    /// (the app's form), an API key, or a job.
    pub(crate) fn of_caller(tx: &TenantTx) -> Origin {
        match &tx.credential {
            Some(crate::auth::Credential::ApiKey { id, .. }) => {
                Origin { via: CreatedVia::ApiKey, reference: Some(id.0) }
            }
            Some(crate::auth::Credential::Job(job)) => Origin { via: CreatedVia::Job, reference: Some(job.0) },
            _ => Origin { via: CreatedVia::Form, reference: None },
        }
    }

    /// The `created` entry's new value: `{"via": …}` and the id of what
    /// created the customer; `{"via": "unknown"}` for customers created
    /// before the way was kept.
    fn entry_value(via: Option<&str>, reference: Option<uuid::Uuid>) -> Value {
        let Some(via) = via.and_then(CreatedVia::parse) else { return json!({ "via": "unknown" }) };
        let mut v = json!({ "via": via.as_str() });
        if let (Some(key), Some(id)) = (via.reference_key(), reference) {
            v[key] = json!(id);
        }
        v
    }
}

pub(crate) const MAX_PHONES: usize = 10;
/// At most this many tags per customer.
pub(crate) const MAX_TAGS: usize = 20;
const MAX_TAG_CHARS: usize = 20;
const MAX_CUSTOM_BYTES: usize = 16 * 1024;

/// The SQL form of [`CustomerScope::includes`], on `customers`: the
/// customers of `set` within `scope`.
pub(crate) fn visible(scope: &CustomerScope, set: CustomerSet, tenant: TenantId) -> Condition {
    let owner = || Expr::col((customer::Entity, customer::Column::OwnerId));
    let mine = held_by(scope, tenant, owner().into());
    match (set, scope) {
        (CustomerSet::Mine, _) => mine,
        (CustomerSet::Pool, _) => Condition::all().add(owner().is_null()),
        (CustomerSet::MineAndPool, CustomerScope::All) => Condition::all(),
        (CustomerSet::MineAndPool, _) => Condition::any().add(owner().is_null()).add(mine),
    }
}

/// The rows whose owner (`owner`, an owner column) is in `scope`: someone
/// for an admin, the reader for a salesperson, the reader or a member of
/// their groups for a supervisor.
pub(crate) fn held_by(scope: &CustomerScope, tenant: TenantId, owner: SimpleExpr) -> Condition {
    let owner = || Expr::expr(owner.clone());
    match scope {
        CustomerScope::All => Condition::all().add(owner().is_not_null()),
        CustomerScope::Own(me) => Condition::all().add(owner().eq(me.0)),
        CustomerScope::Team { me, groups } => {
            let members = Query::select()
                .column((user::Entity, user::Column::Id))
                .from(user::Entity)
                .and_where(user::Column::TenantId.eq(tenant.0))
                .and_where(user::Column::GroupId.is_in(groups.iter().map(|g| g.0)))
                .to_owned();
            Condition::any().add(owner().eq(me.0)).add(owner().in_subquery(members))
        }
    }
}

/// The stored row of a customer the caller sees; `NOT_FOUND` otherwise,
/// like a customer of another company.
pub(crate) async fn visible_row(tx: &TenantTx, scope: &CustomerScope, id: CustomerId) -> Result<customer::Model> {
    tx.select::<customer::Entity>()
        .filter(customer::Column::Id.eq(id.0))
        .filter(visible(scope, CustomerSet::MineAndPool, tx.tenant_id()))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("customer"))
}

/// [`visible_row`] of a customer the caller may also edit (salespeople
/// their own, never a pool customer); `FORBIDDEN` otherwise.
pub(crate) async fn editable_row(tx: &TenantTx, scope: &CustomerScope, id: CustomerId) -> Result<customer::Model> {
    let m = visible_row(tx, scope, id).await?;
    if !scope.may_edit(m.owner_id.map(UserId)) {
        return Err(Error::Forbidden);
    }
    Ok(m)
}

/// `SELECT` customers with what `shape` asks for: the custom values, and
/// the names of their owner, creator, releaser and previous owner.
fn select_customers(tenant: TenantId, shape: Shape) -> SelectStatement {
    let mut q = Query::select();
    for c in customer::Column::iter() {
        if matches!(c, customer::Column::Custom) && !shape.custom {
            // A constant in its place: the row still decodes as a customer.
            q.expr_as(Expr::val(json!({})), Alias::new("custom"));
        } else if matches!(c, customer::Column::CreatedVia) {
            // Only the history reads how a customer was created.
            q.expr_as(Expr::cust("NULL"), Alias::new("created_via"));
        } else if matches!(c, customer::Column::CreatedRef) {
            q.expr_as(Expr::cust("NULL"), Alias::new("created_ref"));
        } else {
            q.column((customer::Entity, c));
        }
    }
    // Names by scalar subqueries rather than joins: each runs only for the
    // rows a page returns, and the planner, which plans every execution
    // (see `Store::connect`), has no join order to search — with four joins
    // planning alone cost more than reading a page. Only the names asked for.
    for (column, name) in [
        (customer::Column::OwnerId, "owner_name"),
        (customer::Column::CreatedBy, "creator_name"),
        (customer::Column::ReleasedBy, "releaser_name"),
        (customer::Column::PreviousOwnerId, "previous_owner_name"),
    ]
    .into_iter()
    .filter(|(_, name)| shape.names(name))
    {
        let u = Alias::new("u");
        let name_of = Query::select()
            .expr(Expr::col((u.clone(), user::Column::DisplayName)))
            .from_as(user::Entity, u.clone())
            .and_where(
                Expr::col((u.clone(), user::Column::TenantId)).equals((customer::Entity, customer::Column::TenantId)),
            )
            .and_where(Expr::col((u, user::Column::Id)).equals((customer::Entity, column)))
            .to_owned();
        q.expr_as(SimpleExpr::SubQuery(None, Box::new(name_of.into_sub_query_statement())), Alias::new(name));
    }
    q.from(customer::Entity).and_where(customer::Column::TenantId.eq(tenant.0));
    q
}

fn corrupt(what: &str) -> Error {
    Error::Internal(format!("unreadable customer {what}").into())
}

fn strings(v: Value) -> Result<Vec<String>> {
    serde_json::from_value(v).map_err(|_| corrupt("list"))
}

/// Customers matching `cond`, in id order, at most `limit`, with their
/// values as `fields`' reader sees them: for readers that serve no request
/// (the search documents), which decide visibility themselves.
pub(crate) async fn customer_rows(
    tx: &TenantTx,
    cond: Condition,
    limit: Option<u64>,
    fields: &ReadableFields,
) -> Result<Vec<Customer>> {
    let mut q = select_customers(tx.tenant_id(), Shape::FULL);
    q.cond_where(cond).order_by((customer::Entity, customer::Column::Id), sea_orm::Order::Asc);
    if let Some(n) = limit {
        q.limit(n);
    }
    let rows = tx.conn().query_all(backend(tx).build(&q)).await.map_err(db_err)?;
    rows.iter().map(|r| from_row(r, Some(fields), Shape::FULL)).collect()
}

impl Shape {
    /// Whether the name column `name` of [`select_customers`] is read.
    fn names(self, name: &str) -> bool {
        match name {
            "owner_name" => self.owner_name,
            "creator_name" => self.creator_name,
            _ => self.release_names,
        }
    }
}

/// A customer from a row of [`select_customers`] of `shape`, its custom
/// values filtered to what `fields`' reader may see (none: `{}`, for a
/// shape without them).
fn from_row(row: &QueryResult, fields: Option<&ReadableFields>, shape: Shape) -> Result<Customer> {
    let m = customer::Model::from_query_result(row, "").map_err(db_err)?;
    let name = |column: &str| -> Result<Option<String>> {
        if shape.names(column) { row.try_get("", column).map_err(db_err) } else { Ok(None) }
    };
    let owner_name = name("owner_name")?;
    let creator_name = name("creator_name")?;
    let releaser_name = name("releaser_name")?;
    let previous_name = name("previous_owner_name")?;
    let brief = |id: Option<uuid::Uuid>, name: Option<String>| {
        id.map(|id| UserBrief { id: UserId(id), display_name: name.unwrap_or_default() })
    };
    Ok(Customer {
        id: CustomerId(m.id),
        number: m.number,
        name: m.name,
        company: m.company,
        title: m.title,
        phones: strings(m.phones)?,
        email: m.email,
        address: m.address,
        gender: Gender::from_str(&m.gender).map_err(|_| corrupt("gender"))?,
        birthday: m.birthday,
        photo: m.photo,
        status: CustomerStatus::from_str(&m.status).map_err(|_| corrupt("status"))?,
        industry: m.industry,
        source: m.source,
        grade: Grade::from_str(&m.grade).map_err(|_| corrupt("grade"))?,
        tags: strings(m.tags)?,
        owner: m.owner_id.map(|id| UserBrief { id: UserId(id), display_name: owner_name.unwrap_or_default() }),
        last_contact_at: m.last_contact_at,
        next_visit_at: m.next_visit_at,
        custom: match fields {
            Some(f) if shape.custom => f.filter(m.custom),
            _ => json!({}),
        },
        created_by: UserBrief { id: UserId(m.created_by), display_name: creator_name.unwrap_or_default() },
        created_at: m.created_at,
        updated_at: m.updated_at,
        release: m.released_at.map(|at| Release {
            at,
            by: brief(m.released_by, releaser_name),
            reason: m.release_reason,
            previous_owner: brief(m.previous_owner_id, previous_name),
        }),
        owned_since: m.owner_id.map(|_| m.owned_since.unwrap_or(m.created_at)),
        locked: m.locked,
        mail_opt_out_at: m.mail_opt_out_at,
    })
}

fn backend(tx: &TenantTx) -> DbBackend {
    tx.conn().get_database_backend()
}

/// One customer the caller may see; `NOT_FOUND` otherwise.
pub async fn get(tx: &TenantTx, id: CustomerId) -> Result<Customer> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let mut q = select_customers(tx.tenant_id(), Shape::FULL);
    q.and_where(customer::Column::Id.eq(id.0)).cond_where(visible(&scope, CustomerSet::MineAndPool, tx.tenant_id()));
    let row = tx.conn().query_one(backend(tx).build(&q)).await.map_err(db_err)?.ok_or(Error::NotFound("customer"))?;
    from_row(&row, Some(&*readable_fields(tx, FieldEntity::Customer).await?), Shape::FULL)
}

/// `NOT_FOUND` unless the caller sees every customer `ids` names (repeats
/// allowed): work over named customers (an export, a bulk edit) refuses an
/// id of another company or out of sight, as everywhere else, rather than
/// quietly doing less.
pub(crate) async fn require_all_visible(tx: &TenantTx, ids: &[uuid::Uuid]) -> Result<()> {
    let mut wanted: Vec<CustomerId> = ids.iter().map(|i| CustomerId(*i)).collect();
    wanted.sort_by_key(|c| c.0);
    wanted.dedup();
    if get_many(tx, &wanted).await?.len() != wanted.len() {
        return Err(Error::NotFound("customer"));
    }
    Ok(())
}

/// The customers among `ids` the caller may see, by the rule of [`get`], in
/// one statement (a search re-checks a page of hits this way); ids not
/// found or not visible are left out.
pub async fn get_many(tx: &TenantTx, ids: &[CustomerId]) -> Result<Vec<Customer>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let scope = CustomerScope::of(tx.actor()?)?;
    let mut q = select_customers(tx.tenant_id(), Shape::FULL);
    q.and_where(customer::Column::Id.is_in(ids.iter().map(|id| id.0))).cond_where(visible(
        &scope,
        CustomerSet::MineAndPool,
        tx.tenant_id(),
    ));
    let rows = tx.conn().query_all(backend(tx).build(&q)).await.map_err(db_err)?;
    let fields = readable_fields(tx, FieldEntity::Customer).await?;
    rows.iter().map(|row| from_row(row, Some(&*fields), Shape::FULL)).collect()
}

/// The customer's history, newest first (at most `limit`, 1–200): its
/// changes, and last (the oldest) its creation, field `created`: who and
/// when, and how as the new value (`{"via": "form"}`, `{"via": "api_key",
/// "apiKeyId": …}`, `{"via": "import", "importId": …}`, `{"via": "plugin",
/// "pluginId": …}`, `{"via": "job", "jobId": …}`, or `{"via": "unknown"}`
/// for customers created before the way was kept). The creation is read
/// from the customer's own columns (see [`write::insert`]); its entry's id
/// is the customer's.
pub async fn history(tx: &TenantTx, id: CustomerId, limit: u64) -> Result<Vec<HistoryEntry>> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let tenant = tx.tenant_id();
    let limit = limit.clamp(1, 200);
    let visible_customer = Query::select()
        .column((customer::Entity, customer::Column::Id))
        .from(customer::Entity)
        .and_where(customer::Column::TenantId.eq(tenant.0))
        .and_where(customer::Column::Id.eq(id.0))
        .cond_where(visible(&scope, CustomerSet::MineAndPool, tenant))
        .to_owned();
    let creator = Alias::new("creator");
    let mut creation = visible_customer.clone();
    creation
        .columns([
            (customer::Entity, customer::Column::CreatedBy),
            (customer::Entity, customer::Column::CreatedAt),
            (customer::Entity, customer::Column::CreatedVia),
            (customer::Entity, customer::Column::CreatedRef),
        ])
        .expr_as(Expr::col((creator.clone(), user::Column::DisplayName)), Alias::new("creator_name"))
        .join_as(
            JoinType::LeftJoin,
            user::Entity,
            creator.clone(),
            Condition::all()
                .add(
                    Expr::col((creator.clone(), user::Column::TenantId))
                        .equals((customer::Entity, customer::Column::TenantId)),
                )
                .add(Expr::col((creator, user::Column::Id)).equals((customer::Entity, customer::Column::CreatedBy))),
        );
    let found = tx.conn().query_one(backend(tx).build(&creation)).await.map_err(db_err)?;
    let Some(found) = found else {
        return Err(Error::NotFound("customer"));
    };
    let created = {
        let by: uuid::Uuid = found.try_get("", "created_by").map_err(db_err)?;
        let via: Option<String> = found.try_get("", "created_via").map_err(db_err)?;
        let reference: Option<uuid::Uuid> = found.try_get("", "created_ref").map_err(db_err)?;
        let name: Option<String> = found.try_get("", "creator_name").map_err(db_err)?;
        HistoryEntry {
            id: id.0,
            field: "created".to_owned(),
            old_value: Value::Null,
            new_value: Origin::entry_value(via.as_deref(), reference),
            actor: Some(UserBrief { id: UserId(by), display_name: name.unwrap_or_default() }),
            at: found.try_get("", "created_at").map_err(db_err)?,
        }
    };
    let actor = Alias::new("actor");
    let mut q = Query::select();
    for c in customer_history::Column::iter() {
        q.column((customer_history::Entity, c));
    }
    q.expr_as(Expr::col((actor.clone(), user::Column::DisplayName)), Alias::new("actor_name"))
        .from(customer_history::Entity)
        .join_as(
            JoinType::LeftJoin,
            user::Entity,
            actor.clone(),
            Condition::all()
                .add(
                    Expr::col((actor.clone(), user::Column::TenantId))
                        .equals((customer_history::Entity, customer_history::Column::TenantId)),
                )
                .add(
                    Expr::col((actor, user::Column::Id))
                        .equals((customer_history::Entity, customer_history::Column::ActorId)),
                ),
        )
        .and_where(customer_history::Column::TenantId.eq(tenant.0))
        // Visibility again, in the same statement that reads the rows.
        .and_where(customer_history::Column::CustomerId.in_subquery(visible_customer))
        .order_by((customer_history::Entity, customer_history::Column::CreatedAt), sea_orm::Order::Desc)
        .order_by((customer_history::Entity, customer_history::Column::Id), sea_orm::Order::Desc)
        .limit(limit);
    let rows = tx.conn().query_all(backend(tx).build(&q)).await.map_err(db_err)?;
    let mut entries = rows
        .iter()
        .map(|row| {
            let m = customer_history::Model::from_query_result(row, "").map_err(db_err)?;
            let name: Option<String> = row.try_get("", "actor_name").map_err(db_err)?;
            Ok(HistoryEntry {
                id: m.id,
                field: m.field,
                old_value: m.old_value.unwrap_or(Value::Null),
                new_value: m.new_value.unwrap_or(Value::Null),
                actor: m.actor_id.map(|id| UserBrief { id: UserId(id), display_name: name.unwrap_or_default() }),
                at: m.created_at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if (entries.len() as u64) < limit {
        entries.push(created);
    }
    Ok(entries)
}

pub(crate) fn optional_text(raw: Option<&str>, field: &str, max: usize) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Name::parse(s, field, max).map(|n| Some(n.into_string())),
    }
}

fn check_phones(c: &mut Checker, raw: &[String]) -> Option<Vec<String>> {
    if raw.len() > MAX_PHONES {
        c.check::<()>(Err(FieldError::new("phones", "too_many", format!("at most {MAX_PHONES} phone numbers"))));
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for (i, p) in raw.iter().enumerate() {
        match Phone::parse(p, &format!("phones.{i}")) {
            Ok(n) if !out.contains(&n.as_str().to_owned()) => out.push(n.as_str().to_owned()),
            Ok(_) => {}
            Err(e) => {
                ok = false;
                c.check::<()>(Err(e));
            }
        }
    }
    ok.then_some(out)
}

/// A tag's name, trimmed: 1 to 20 visible characters.
pub(crate) fn tag_name(raw: &str, field: &str) -> std::result::Result<String, FieldError> {
    let t = raw.trim();
    let n = t.chars().count();
    if n == 0
        || n > MAX_TAG_CHARS
        || t.chars().any(char::is_control)
        || guanxi_core::input::check_visible(t, field).is_err()
    {
        return Err(FieldError::new(field, "invalid", format!("a tag is 1 to {MAX_TAG_CHARS} characters")));
    }
    Ok(t.to_owned())
}

fn check_tags(c: &mut Checker, raw: &[String]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for (i, t) in raw.iter().enumerate() {
        match tag_name(t, &format!("tags.{i}")) {
            Err(e) => {
                ok = false;
                c.check::<()>(Err(e));
            }
            Ok(t) if !out.contains(&t) => out.push(t),
            Ok(_) => {}
        }
    }
    if out.len() > MAX_TAGS {
        ok = false;
        c.check::<()>(Err(FieldError::new("tags", "too_many", format!("at most {MAX_TAGS} tags"))));
    }
    ok.then_some(out)
}

fn check_email(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Email::parse(s, "email").map(|e| Some(e.as_str().to_owned())),
    }
}

fn check_birthday(d: Option<NaiveDate>, today: NaiveDate) -> Result<Option<NaiveDate>, FieldError> {
    match d {
        Some(d) if d > today => Err(FieldError::new("birthday", "in_future", "birthday cannot be in the future")),
        Some(d) if d < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(d) => {
            Err(FieldError::new("birthday", "invalid", "birthday is before 1900"))
        }
        d => Ok(d),
    }
}

/// An industry or source: empty clears, anything else must be on the
/// tenant's list (compared trimmed).
fn check_choice(raw: Option<&str>, field: &str, allowed: &[String]) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if allowed.iter().any(|a| a == s) => Ok(Some(s.to_owned())),
        Some(_) => Err(FieldError::new(field, "unknown", format!("not one of the company's {field} choices"))),
    }
}

fn check_custom(v: Value) -> Result<Value, FieldError> {
    if !v.is_object() {
        return Err(FieldError::new("custom", "invalid", "custom must be a JSON object"));
    }
    if v.to_string().len() > MAX_CUSTOM_BYTES {
        return Err(FieldError::new("custom", "too_large", "custom is larger than 16 KiB"));
    }
    Ok(v)
}

/// Look up a prospective owner: `Err` is a field error on `ownerId`.
pub(crate) async fn owner_ref(tx: &TenantTx, id: UserId) -> Result<Result<UserRef, FieldError>> {
    let Some(u) = crate::users::find(tx, id).await?.filter(|u| u.kind == crate::users::PERSON) else {
        return Ok(Err(FieldError::new("ownerId", "not_found", "no such user")));
    };
    let role = Role::from_str(&u.role).map_err(|_| corrupt("owner role"))?;
    if !can_own_customers(role, u.active) {
        return Ok(Err(FieldError::new("ownerId", "cannot_own", "this user cannot hold customers")));
    }
    Ok(Ok(UserRef { id, role, group_id: u.group_id.map(GroupId) }))
}

/// Draw the next value of the counter `scope`, atomically: the upsert
/// creates the counter or increments it, and holds its row lock until the
/// transaction ends, so concurrent creates queue here and never share a value.
async fn next_seq(tx: &TenantTx, scope: &str) -> Result<u64> {
    next_seq_block(tx, scope, 1).await
}

/// Draw `n` consecutive values of the counter `scope` at once (see
/// [`next_seq`]); returns the first.
async fn next_seq_block(tx: &TenantTx, scope: &str, n: u64) -> Result<u64> {
    let n = i64::try_from(n.max(1)).map_err(|_| corrupt("counter"))?;
    let q = Query::insert()
        .into_table(customer_counter::Entity)
        .columns([
            customer_counter::Column::TenantId,
            customer_counter::Column::Scope,
            customer_counter::Column::NextSeq,
        ])
        .values_panic([tx.tenant_id().0.into(), scope.into(), (1 + n).into()])
        .on_conflict(
            OnConflict::columns([customer_counter::Column::TenantId, customer_counter::Column::Scope])
                .value(
                    customer_counter::Column::NextSeq,
                    Expr::col((customer_counter::Entity, customer_counter::Column::NextSeq)).add(n),
                )
                .to_owned(),
        )
        .returning_col(customer_counter::Column::NextSeq)
        .to_owned();
    let row = tx
        .conn()
        .query_one(backend(tx).build(&q))
        .await
        .map_err(db_err)?
        .ok_or_else(|| Error::Internal("counter upsert returned nothing".into()))?;
    let next: i64 = row.try_get("", "next_seq").map_err(db_err)?;
    u64::try_from(next - n).map_err(|_| corrupt("counter"))
}

/// The next free number for the tenant's pattern on `today`. Numbers taken
/// already (after the pattern changed, or by an import) are skipped.
async fn next_number(tx: &TenantTx, facts: &TenantFacts) -> Result<String> {
    let pattern = Pattern::parse(&facts.settings.customer_number_pattern, "customerNumberPattern")
        .or_else(|_| Pattern::parse(Pattern::DEFAULT, "customerNumberPattern"))
        .map_err(|e| Error::Internal(e.message.into()))?;
    let scope = pattern.scope_key(facts.today);
    for _ in 0..1000 {
        let number = pattern.render(facts.today, next_seq(tx, &scope).await?);
        let taken = tx
            .select::<customer::Entity>()
            .filter(customer::Column::Number.eq(number.as_str()))
            .count(tx.conn())
            .await
            .map_err(db_err)?;
        if taken == 0 {
            return Ok(number);
        }
    }
    Err(Error::Conflict(FieldError::new("number", "exhausted", "no free customer number; change the number pattern")))
}

/// `n` free numbers for the tenant's pattern on `today`, drawn as one block
/// of the counter; numbers for which `taken` answers true are skipped (and
/// replaced by further draws).
pub(crate) async fn next_numbers(
    tx: &TenantTx,
    facts: &TenantFacts,
    n: usize,
    taken: impl Fn(&str) -> bool,
) -> Result<Vec<String>> {
    let pattern = Pattern::parse(&facts.settings.customer_number_pattern, "customerNumberPattern")
        .or_else(|_| Pattern::parse(Pattern::DEFAULT, "customerNumberPattern"))
        .map_err(|e| Error::Internal(e.message.into()))?;
    let scope = pattern.scope_key(facts.today);
    let mut out = Vec::with_capacity(n);
    for _ in 0..100 {
        let want = n - out.len();
        if want == 0 {
            break;
        }
        let first = next_seq_block(tx, &scope, want as u64).await?;
        for seq in first..first + want as u64 {
            let number = pattern.render(facts.today, seq);
            if !taken(&number) {
                out.push(number);
            }
        }
    }
    if out.len() < n {
        return Err(Error::Conflict(FieldError::new(
            "number",
            "exhausted",
            "no free customer number; change the number pattern",
        )));
    }
    Ok(out)
}

/// The digits of every phone, space-separated: what substring search matches.
pub(crate) fn phone_digits(phones: &[String]) -> String {
    phones.iter().map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// Create a customer. Every field is validated first (all problems are
/// reported together) and nothing is written unless all pass; the number is
/// drawn inside the same transaction.
pub async fn create(tx: &TenantTx, input: NewCustomer) -> Result<Customer> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let facts = tenant_facts(tx).await?;
    let mut c = Checker::new();
    let valid = check_new(&mut c, &facts, &input);
    let owner = match input.owner_id {
        None => Some(Some(UserRef { id: actor.user_id, role: actor.role, group_id: actor.group_id })),
        Some(None) => Some(None),
        Some(Some(id)) => c.check(owner_ref(tx, id).await?).map(Some),
    };
    c.finish()?;
    let (Some(valid), Some(owner)) = (valid, owner) else {
        return Err(Error::Internal("checker passed with a missing field".into()));
    };
    if !scope.may_assign(owner.as_ref()) {
        return Err(Error::Forbidden);
    }

    let id = CustomerId::new();
    let set = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
    let patch = input.custom.clone().unwrap_or_else(|| json!({}));
    let number = next_number(tx, &facts).await?;
    let mut row = valid.into_row(tx, id, number, owner.map(|o| o.id));
    let fields = sea_orm::TryIntoModel::try_into_model(row.clone()).map(|m| record_fields(&m)).unwrap_or(Value::Null);
    let outcome =
        crate::custom_fields::apply_write(tx, &set, id.0, Writer::Role(actor.role), None, &patch, &fields).await?;
    row.custom = sea_orm::ActiveValue::Set(outcome.value);
    write::insert(tx, row, Origin::of_caller(tx)).await?;
    get(tx, id).await
}

/// A customer's built-in fields by API name, as plugins see them in
/// `record.fields`.
pub(crate) fn record_fields(m: &customer::Model) -> Value {
    json!({
        "number": m.number, "name": m.name, "company": m.company, "title": m.title,
        "phone": m.phones.get(0), "phones": m.phones, "email": m.email, "address": m.address,
        "gender": m.gender, "birthday": m.birthday, "status": m.status, "industry": m.industry,
        "source": m.source, "grade": m.grade, "tags": m.tags,
    })
}

/// A new customer's fields after validation, ready to be stored.
pub(crate) struct ValidCustomer {
    name: String,
    company: Option<String>,
    title: Option<String>,
    phones: Vec<String>,
    email: Option<String>,
    address: Option<String>,
    gender: Gender,
    birthday: Option<NaiveDate>,
    status: CustomerStatus,
    industry: Option<String>,
    source: Option<String>,
    grade: Grade,
    tags: Vec<String>,
    last_contact_at: Option<DateTime<Utc>>,
    next_visit_at: Option<DateTime<Utc>>,
    custom: Value,
}

impl ValidCustomer {
    /// Replace the custom values (already checked by the caller).
    pub(crate) fn set_custom(&mut self, custom: Value) {
        self.custom = custom;
    }

    /// The tags, trimmed and without repeats.
    pub(crate) fn tags(&self) -> &[String] {
        &self.tags
    }

    /// Normalised phone numbers (the duplicate keys of an import).
    pub(crate) fn phones(&self) -> &[String] {
        &self.phones
    }

    /// Normalised e-mail.
    pub(crate) fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// Name and company.
    pub(crate) fn name_company(&self) -> (&str, Option<&str>) {
        (&self.name, self.company.as_deref())
    }

    /// The row to insert, created now by `tx`'s user.
    pub(crate) fn into_row(
        self,
        tx: &TenantTx,
        id: CustomerId,
        number: String,
        owner: Option<UserId>,
    ) -> customer::ActiveModel {
        let created_by = tx.actor().map(|a| a.user_id.0).unwrap_or_default();
        customer::ActiveModel {
            tenant_id: Set(tx.tenant_id().0),
            id: Set(id.0),
            number: Set(number),
            name: Set(self.name),
            company: Set(self.company),
            title: Set(self.title),
            phone_digits: Set(phone_digits(&self.phones)),
            phones: Set(json!(self.phones)),
            email: Set(self.email),
            address: Set(self.address),
            gender: Set(self.gender.as_str().to_owned()),
            birthday: Set(self.birthday),
            photo: Set(None),
            status: Set(self.status.as_str().to_owned()),
            industry: Set(self.industry),
            source: Set(self.source),
            grade: Set(self.grade.as_str().to_owned()),
            tags: Set(json!(self.tags)),
            owner_id: Set(owner.map(|o| o.0)),
            last_contact_at: Set(self.last_contact_at),
            next_visit_at: Set(self.next_visit_at),
            custom: Set(self.custom),
            created_by: Set(created_by),
            created_at: Set(tx.now),
            updated_at: Set(tx.now),
            released_at: Set(None),
            released_by: Set(None),
            release_reason: Set(None),
            previous_owner_id: Set(None),
            // Set by the write path from the creation's `Origin`.
            created_via: Set(None),
            created_ref: Set(None),
            owned_since: Set(None),
            locked: Set(false),
            mail_opt_out_at: Set(None),
        }
    }
}

/// Validate a new customer's own fields (not its owner), reporting every
/// problem into `c`; `None` when any failed.
pub(crate) fn check_new(c: &mut Checker, facts: &TenantFacts, input: &NewCustomer) -> Option<ValidCustomer> {
    let name = c.check(Name::parse(&input.name, "name", 100));
    let company = c.check(optional_text(input.company.as_deref(), "company", 100));
    let title = c.check(optional_text(input.title.as_deref(), "title", 50));
    let phones = check_phones(c, &input.phones);
    let email = c.check(check_email(input.email.as_deref()));
    let address = c.check(optional_text(input.address.as_deref(), "address", 200));
    let birthday = c.check(check_birthday(input.birthday, facts.today));
    let industry = c.check(check_choice(input.industry.as_deref(), "industry", &facts.settings.industries));
    let source = c.check(check_choice(input.source.as_deref(), "source", &facts.settings.sources));
    let tags = check_tags(c, &input.tags);
    let custom = c.check(check_custom(input.custom.clone().unwrap_or_else(|| json!({}))));
    Some(ValidCustomer {
        name: name?.into_string(),
        company: company?,
        title: title?,
        phones: phones?,
        email: email?,
        address: address?,
        gender: input.gender.unwrap_or_default(),
        birthday: birthday?,
        status: input.status.unwrap_or_default(),
        industry: industry?,
        source: source?,
        grade: input.grade.unwrap_or_default(),
        tags: tags?,
        last_contact_at: input.last_contact_at,
        next_visit_at: input.next_visit_at,
        custom: custom?,
    })
}

/// Change a customer the caller may edit. Each changed field is written to
/// the history (who, when, old → new) in the same transaction; an update
/// that changes nothing writes nothing.
pub async fn update(tx: &TenantTx, id: CustomerId, change: CustomerUpdate) -> Result<Customer> {
    let actor = tx.actor()?.clone();
    let scope = CustomerScope::of(&actor)?;
    let mut q = tx.select::<customer::Entity>().filter(customer::Column::Id.eq(id.0)).filter(visible(
        &scope,
        CustomerSet::MineAndPool,
        tx.tenant_id(),
    ));
    if backend(tx) == DbBackend::Postgres {
        // Concurrent edits queue, so each one's history starts from the
        // value the previous one left.
        q = sea_orm::QuerySelect::lock_exclusive(q);
    }
    let old = q.one(tx.conn()).await.map_err(db_err)?.ok_or(Error::NotFound("customer"))?;
    if !scope.may_edit(old.owner_id.map(UserId)) {
        return Err(Error::Forbidden);
    }
    let facts = tenant_facts(tx).await?;
    let old_phones = strings(old.phones.clone())?;
    let old_tags = strings(old.tags.clone())?;

    let mut c = Checker::new();
    let name = change.name.as_deref().map(|n| c.check(Name::parse(n, "name", 100)));
    let company = change.company.as_ref().map(|v| c.check(optional_text(v.as_deref(), "company", 100)));
    let title = change.title.as_ref().map(|v| c.check(optional_text(v.as_deref(), "title", 50)));
    let phones = change.phones.as_deref().map(|p| check_phones(&mut c, p));
    let email = change.email.as_ref().map(|v| c.check(check_email(v.as_deref())));
    let address = change.address.as_ref().map(|v| c.check(optional_text(v.as_deref(), "address", 200)));
    let birthday = change.birthday.map(|d| c.check(check_birthday(d, facts.today)));
    // A value kept as it is stays valid even if it left the tenant's list.
    let choice = |v: &Option<String>, field: &str, current: &Option<String>, allowed: &[String]| {
        let trimmed = v.as_deref().map(str::trim);
        if trimmed.is_some() && trimmed == current.as_deref() {
            Ok(current.clone())
        } else {
            check_choice(v.as_deref(), field, allowed)
        }
    };
    let industry =
        change.industry.as_ref().map(|v| c.check(choice(v, "industry", &old.industry, &facts.settings.industries)));
    let source = change.source.as_ref().map(|v| c.check(choice(v, "source", &old.source, &facts.settings.sources)));
    let tags = change.tags.as_deref().map(|t| check_tags(&mut c, t));
    let custom = change.custom.map(|v| c.check(check_custom(v)));
    let owner = match change.owner_id {
        None => None,
        Some(None) => Some(Some(None)),
        Some(Some(uid)) if Some(uid.0) == old.owner_id => None,
        Some(Some(uid)) => Some(c.check(owner_ref(tx, uid).await?).map(Some)),
    };
    c.finish()?;
    let owner = owner.flatten();
    if let Some(to) = &owner
        && to.as_ref().map(|u| u.id.0) != old.owner_id
        && !scope.may_reassign(to.as_ref())
    {
        return Err(Error::Forbidden);
    }

    use customer::Column as C;
    let mut ch = write::Patch::default();
    if let Some(Some(v)) = name {
        let v = v.into_string();
        ch.set("name", C::Name, &old.name, v.clone(), v);
    }
    if let Some(Some(v)) = company {
        ch.set("company", C::Company, &old.company, v.clone(), v);
    }
    if let Some(Some(v)) = title {
        ch.set("title", C::Title, &old.title, v.clone(), v);
    }
    if let Some(Some(v)) = phones
        && v != old_phones
    {
        let digits = phone_digits(&v);
        ch.set("phones", C::Phones, &old_phones, v.clone(), json!(v));
        ch.derived(C::PhoneDigits, digits);
    }
    if let Some(Some(v)) = email {
        ch.set("email", C::Email, &old.email, v.clone(), v);
    }
    if let Some(Some(v)) = address {
        ch.set("address", C::Address, &old.address, v.clone(), v);
    }
    if let Some(v) = change.gender {
        let old_v = Gender::from_str(&old.gender).map_err(|_| corrupt("gender"))?;
        ch.set("gender", C::Gender, &old_v, v, v.as_str());
    }
    if let Some(Some(v)) = birthday {
        ch.set("birthday", C::Birthday, &old.birthday, v, v);
    }
    let mut status_move = None;
    if let Some(v) = change.status {
        let old_v = CustomerStatus::from_str(&old.status).map_err(|_| corrupt("status"))?;
        ch.set("status", C::Status, &old_v, v, v.as_str());
        status_move = (old_v != v).then_some((old_v, v));
    }
    if let Some(Some(v)) = industry {
        ch.set("industry", C::Industry, &old.industry, v.clone(), v);
    }
    if let Some(Some(v)) = source {
        ch.set("source", C::Source, &old.source, v.clone(), v);
    }
    if let Some(v) = change.grade {
        let old_v = Grade::from_str(&old.grade).map_err(|_| corrupt("grade"))?;
        ch.set("grade", C::Grade, &old_v, v, v.as_str());
    }
    if let Some(Some(v)) = tags {
        ch.set("tags", C::Tags, &old_tags, v.clone(), json!(v));
    }
    // A new owner is a move (its own history and event), written after
    // the fields.
    let owner = owner.map(|to| to.map(|u| u.id)).filter(|to| to.map(|u| u.0) != old.owner_id);
    if let Some(v) = change.last_contact_at {
        ch.set("lastContactAt", C::LastContactAt, &old.last_contact_at, v, v);
    }
    if let Some(v) = change.next_visit_at {
        ch.set("nextVisitAt", C::NextVisitAt, &old.next_visit_at, v, v);
    }
    if let Some(Some(patch)) = custom {
        // Only the keys given change; each changed value is its own entry.
        let set = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
        let outcome = crate::custom_fields::apply_write(
            tx,
            &set,
            id.0,
            Writer::Role(actor.role),
            Some(&old.custom),
            &patch,
            &record_fields(&old),
        )
        .await?;
        if !outcome.changes.is_empty() {
            for change in outcome.changes {
                ch.entry(format!("custom.{}", change.key), change.old, change.new);
            }
            ch.derived(C::Custom, outcome.value);
        }
    }

    if let Some(Some(to)) = owner {
        // An edit that gives the customer to someone is an assignment: the
        // holding cap applies (`assignCustomers` is where an admin overrides it).
        pool::check_incoming(tx, to, 1, false).await?;
    }
    write::patch(tx, id, ch).await?;
    if let Some((from, to)) = status_move {
        crate::analytics::facts::moved(tx, id.0, from, to).await?;
    }
    if let Some(to) = owner {
        let row = [pool::MoveRow::from(&old)];
        let to = match to {
            // Moved to the pool by an edit: a release without a reason.
            None => write::Destination::Pool(None),
            Some(u) => write::Destination::Owner(u, OwnerChange::Assign),
        };
        write::move_owner(tx, &row, to).await?;
    }
    get(tx, id).await
}

/// Set the last contact time to `to` (with its history entry) if it differs.
async fn set_last_contact(tx: &TenantTx, id: CustomerId, from: Option<DateTime<Utc>>, to: DateTime<Utc>) -> Result<()> {
    if from == Some(to) {
        return Ok(());
    }
    let mut p = write::Patch::default();
    p.set("lastContactAt", customer::Column::LastContactAt, &from, Some(to), Some(to));
    write::patch(tx, id, p).await
}

async fn last_contact_of(tx: &TenantTx, id: CustomerId) -> Result<Option<DateTime<Utc>>> {
    Ok(tx
        .select::<customer::Entity>()
        .filter(customer::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("customer"))?
        .last_contact_at)
}

/// A conversation at `at` was recorded: the last contact moves forward to
/// it, never back.
pub(crate) async fn touch_last_contact(tx: &TenantTx, id: CustomerId, at: DateTime<Utc>) -> Result<()> {
    let current = last_contact_of(tx, id).await?;
    if current.is_none_or(|c| c < at) {
        set_last_contact(tx, id, current, at).await?;
    }
    Ok(())
}

/// A conversation at `old` moved to `new` (`None`: it was deleted). If the
/// last contact came from it, it becomes the latest remaining
/// conversation's time (unchanged when none remain); otherwise a later
/// `new` moves it forward.
pub(crate) async fn recompute_last_contact(
    tx: &TenantTx,
    id: CustomerId,
    old: Option<DateTime<Utc>>,
    new: Option<DateTime<Utc>>,
) -> Result<()> {
    let current = last_contact_of(tx, id).await?;
    if current.is_some() && current == old {
        let latest = tx
            .select::<crate::entity::conversation::Entity>()
            .filter(crate::entity::conversation::Column::CustomerId.eq(id.0))
            .order_by_desc(crate::entity::conversation::Column::OccurredAt)
            .one(tx.conn())
            .await
            .map_err(db_err)?;
        if let Some(l) = latest {
            set_last_contact(tx, id, current, l.occurred_at).await?;
        }
        return Ok(());
    }
    if let Some(n) = new {
        touch_last_contact(tx, id, n).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_and_custom_values() {
        let allowed = ["展会".to_owned(), "官网".to_owned()];
        assert_eq!(check_choice(Some(" 展会 "), "source", &allowed), Ok(Some("展会".to_owned())));
        assert_eq!(check_choice(Some("  "), "source", &allowed), Ok(None));
        assert!(check_choice(Some("电话"), "source", &allowed).is_err());
        assert!(check_custom(json!([])).is_err());
        assert!(check_custom(json!({ "k": "x".repeat(MAX_CUSTOM_BYTES) })).is_err());
        assert!(check_custom(json!({ "level": 3 })).is_ok());
        assert_eq!(phone_digits(&["13800138000".into(), "+4930123456".into()]), "13800138000 4930123456");
    }
}
