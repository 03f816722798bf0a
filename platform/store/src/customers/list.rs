//! Customer lists: filters (including the canned date windows), sorting and
//! keyset pagination with opaque cursors, and counts.
//!
//! A page is one statement (`LIMIT first + 1`, to learn whether another page
//! follows) and a count is another; both apply the caller's visibility.

use chrono::{DateTime, SecondsFormat, Utc};
use guanxi_core::custom_fields::{CompiledField, FieldEntity, FilterOp, check_filter};
use guanxi_core::customer::{CustomerScope, CustomerSet, CustomerStatus, Gender, Grade, LifecycleStage};
use guanxi_core::input::Checker;
use guanxi_core::pool::ReleasedWithin;
use guanxi_core::{Error, FieldError, GroupId, Result, UserId};
use sea_orm::sea_query::{CaseStatement, Condition, Expr, Func, LikeExpr, NullOrdering, Order, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::custom_sql;
use super::window::{DateWindow, window_bounds};
use super::{Customer, Shape, backend, from_row, held_by, select_customers, tenant_tz, visible};
use crate::custom_fields::readable_fields;
use crate::db::escape_like;
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, group, user};

/// Which customers to list. Every set field must match (AND).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CustomerFilter {
    /// A substring of the fields in `search_in` (case-insensitive for
    /// Latin letters; a phone number matches on its digits).
    pub search: Option<String>,
    /// Which fields `search` looks in; empty: name, company and phone, as
    /// [`SearchField::DEFAULT`] says.
    #[serde(default)]
    pub search_in: Vec<SearchField>,
    /// Only this gender.
    pub gender: Option<Gender>,
    /// Only this title (所属职务), exactly.
    pub title: Option<String>,
    /// Only this status.
    pub status: Option<CustomerStatus>,
    /// Only customers at this stage of the lifecycle (derived from the
    /// status and the last contact, see [`LifecycleStage`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<LifecycleStage>,
    /// Only this grade.
    pub grade: Option<Grade>,
    /// Only this industry.
    pub industry: Option<String>,
    /// Only this source.
    pub source: Option<String>,
    /// Only customers with this tag.
    pub tag: Option<String>,
    /// Only customers of this owner (a user the caller may see).
    pub owner_id: Option<UserId>,
    /// Only customers owned by members of this group (supervisors: a group
    /// they supervise; admins: any).
    pub group_id: Option<GroupId>,
    /// `true`: the public pool; otherwise the customers the caller works
    /// (see [`CustomerFilter::set`]).
    pub in_pool: Option<bool>,
    /// Created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before.
    pub created_to: Option<DateTime<Utc>>,
    /// Last contacted within this window.
    pub contacted: Option<DateWindow>,
    /// Next visit within this window.
    pub to_visit: Option<DateWindow>,
    /// Created within this window.
    pub added: Option<DateWindow>,
    /// Visited within this window: a conversation of kind visit took place
    /// in it.
    pub visited: Option<DateWindow>,
    /// In the pool and released within this window (customers put straight
    /// into the pool, never released, are left out).
    pub released_within: Option<ReleasedWithin>,
    /// In the pool and released with exactly this reason (see
    /// [`super::pool::release_reasons`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_reason: Option<String>,
    /// Conditions on custom field values (at most 20).
    #[serde(default)]
    pub custom: Vec<CustomCondition>,
    /// Only these customers: the hits a search engine found for `search`
    /// (the list then re-checks each against the caller's visibility and
    /// the other conditions, and the engine's term is not matched again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<Uuid>>,
}

/// Up to this many ids, a filter's `ids` are bound one parameter each;
/// beyond, as one list.
const INLINE_IDS: usize = 500;

impl CustomerFilter {
    /// Which customers of the caller's scope the filter reads: the pool when
    /// it asks for the pool (`inPool: true`, or a release window or reason,
    /// which only pool customers have), "my customers" otherwise. The pool is never
    /// mixed into the caller's own lists.
    pub fn set(&self) -> CustomerSet {
        match (self.in_pool, self.released_within.is_some() || self.release_reason.is_some()) {
            (Some(true), _) | (None, true) => CustomerSet::Pool,
            _ => CustomerSet::Mine,
        }
    }
}

/// The customers at `stage` of the lifecycle at `now`: by status, and for
/// those who bought, by whether their last contact (or, never contacted,
/// their creation) is within [`LifecycleStage::DORMANT_DAYS`].
fn stage_condition(stage: LifecycleStage, now: DateTime<Utc>) -> Condition {
    use CustomerStatus as S;
    let status = |s: &[S]| Expr::col((customer::Entity, customer::Column::Status)).is_in(s.iter().map(|s| s.as_str()));
    let recent = || {
        let since = now - chrono::Duration::days(LifecycleStage::DORMANT_DAYS);
        let last = Func::coalesce([
            Expr::col((customer::Entity, customer::Column::LastContactAt)).into(),
            Expr::col((customer::Entity, customer::Column::CreatedAt)).into(),
        ]);
        Expr::expr(last).gte(since)
    };
    match stage {
        LifecycleStage::Acquisition => Condition::all().add(status(&[S::Prospect])),
        LifecycleStage::Conversion => Condition::all().add(status(&[S::Intent, S::Paused])),
        LifecycleStage::Retention => Condition::all().add(status(&[S::Deal])).add(recent()),
        LifecycleStage::Lost => {
            Condition::any().add(status(&[S::Lost])).add(Condition::all().add(status(&[S::Deal])).add(recent().not()))
        }
    }
}

/// A field a search term can be looked for in (the documents' 自定义查询:
/// the salesperson chooses what to search).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SearchField {
    /// The contact's name (客户名称).
    Name,
    /// The company (所属公司).
    Company,
    /// Any phone number, on its digits.
    Phone,
    /// The title (所属职务).
    Title,
    /// The address (联系地址).
    Address,
    /// The e-mail address.
    Email,
    /// The customer number (客户编号).
    Number,
}

impl SearchField {
    /// Every field.
    pub const ALL: &'static [SearchField] = &[
        SearchField::Name,
        SearchField::Company,
        SearchField::Phone,
        SearchField::Title,
        SearchField::Address,
        SearchField::Email,
        SearchField::Number,
    ];

    /// What a search looks in when no field is chosen.
    pub const DEFAULT: &'static [SearchField] = &[SearchField::Name, SearchField::Company, SearchField::Phone];
}

/// A condition on a custom field's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomCondition {
    /// The field's key.
    pub key: String,
    /// The operator; it must fit the field's type.
    pub op: FilterOp,
    /// The value (a list for `In`; none for `IsEmpty` and `NotEmpty`).
    pub value: Option<Value>,
}

/// Most custom conditions in one filter.
const MAX_CUSTOM_CONDITIONS: usize = 20;

/// What a list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SortField {
    /// Contact name.
    Name,
    /// Customer number.
    Number,
    /// Creation time.
    CreatedAt,
    /// Last change.
    UpdatedAt,
    /// Last contact; never contacted counts as the oldest.
    LastContactAt,
    /// Next visit; none planned counts as the latest.
    NextVisitAt,
    /// Status, in lifecycle order.
    Status,
    /// Grade, normal before VIP.
    Grade,
    /// Last release to the pool; never released counts as the oldest.
    ReleasedAt,
}

/// Where a sort field's NULLs belong.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Nulls {
    Never,
    Smallest,
    Largest,
}

impl SortField {
    fn nulls(self) -> Nulls {
        match self {
            SortField::LastContactAt | SortField::ReleasedAt => Nulls::Smallest,
            SortField::NextVisitAt => Nulls::Largest,
            _ => Nulls::Never,
        }
    }

    fn expr(self) -> SimpleExpr {
        use customer::Column as C;
        let col = |c: C| Expr::col((customer::Entity, c)).into();
        match self {
            SortField::Name => col(C::Name),
            SortField::Number => col(C::Number),
            SortField::CreatedAt => col(C::CreatedAt),
            SortField::UpdatedAt => col(C::UpdatedAt),
            SortField::LastContactAt => col(C::LastContactAt),
            SortField::NextVisitAt => col(C::NextVisitAt),
            SortField::ReleasedAt => col(C::ReleasedAt),
            SortField::Status => rank(C::Status, CustomerStatus::ALL.iter().map(|s| s.as_str())),
            SortField::Grade => rank(C::Grade, Grade::ALL.iter().map(|g| g.as_str())),
        }
    }

    /// The value of this field for `c`, as a cursor holds it.
    fn value_of(self, c: &Customer) -> Value {
        let ts = |t: DateTime<Utc>| json!(t.to_rfc3339_opts(SecondsFormat::Nanos, true));
        match self {
            SortField::Name => json!(c.name),
            SortField::Number => json!(c.number),
            SortField::CreatedAt => ts(c.created_at),
            SortField::UpdatedAt => ts(c.updated_at),
            SortField::LastContactAt => c.last_contact_at.map_or(Value::Null, ts),
            SortField::NextVisitAt => c.next_visit_at.map_or(Value::Null, ts),
            SortField::ReleasedAt => c.release.as_ref().map_or(Value::Null, |r| ts(r.at)),
            SortField::Status => json!(c.status.rank()),
            SortField::Grade => json!(c.grade.rank()),
        }
    }

    /// A cursor's value as an SQL value: `Some(None)` for NULL, `None` when
    /// it has the wrong type for this field.
    fn sql_value(self, v: &Value) -> Option<Option<sea_orm::Value>> {
        match (self, v) {
            (_, Value::Null) if self.nulls() != Nulls::Never => Some(None),
            (SortField::Name | SortField::Number, Value::String(s)) => Some(Some(s.clone().into())),
            (
                SortField::CreatedAt
                | SortField::UpdatedAt
                | SortField::LastContactAt
                | SortField::NextVisitAt
                | SortField::ReleasedAt,
                Value::String(s),
            ) => DateTime::parse_from_rfc3339(s).ok().map(|t| Some(t.with_timezone(&Utc).into())),
            (SortField::Status | SortField::Grade, Value::Number(n)) => n.as_i64().map(|n| Some(n.into())),
            _ => None,
        }
    }
}

/// `CASE column WHEN name0 THEN 0 WHEN name1 THEN 1 … END`: display order.
fn rank<'a>(column: customer::Column, names: impl Iterator<Item = &'a str>) -> SimpleExpr {
    let mut case = CaseStatement::new();
    let mut n = 0i64;
    for name in names {
        case = case.case(Expr::col((customer::Entity, column)).eq(name), n);
        n += 1;
    }
    case.finally(n).into()
}

/// A sort order; `id` always breaks ties, in the same direction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSort {
    /// The field (ignored when `custom` names a custom field).
    pub field: SortField,
    /// Largest first.
    pub descending: bool,
    /// Sort by this custom field's value instead (records without a value
    /// come last in ascending order); single selects sort in option order.
    #[serde(default)]
    pub custom: Option<String>,
}

impl Default for CustomerSort {
    /// Most recently changed first.
    fn default() -> Self {
        CustomerSort { field: SortField::UpdatedAt, descending: true, custom: None }
    }
}

impl CustomerSort {
    /// By a built-in field.
    pub fn by(field: SortField, descending: bool) -> CustomerSort {
        CustomerSort { field, descending, custom: None }
    }
}

/// A sort resolved against the company's custom fields.
struct SortPlan {
    sort: CustomerSort,
    custom: Option<(CompiledField, SimpleExpr)>,
}

impl SortPlan {
    /// Check a sort: a custom field must exist, be visible to the caller
    /// and be of a sortable type.
    async fn new(tx: &TenantTx, sort: &CustomerSort) -> Result<SortPlan> {
        let Some(key) = sort.custom.as_deref().map(str::trim) else {
            return Ok(SortPlan { sort: sort.clone(), custom: None });
        };
        let fields = readable_fields(tx, FieldEntity::Customer).await?;
        let field = fields
            .get(key)
            .ok_or_else(|| Error::invalid("sort.customKey", "unknown", format!("no custom field `{key}`")))?;
        if !field.field_type().sortable() {
            return Err(Error::invalid("sort.customKey", "not_sortable", "lists cannot be sorted by this field"));
        }
        let expr = custom_sql::sort_expr(backend(tx), "customers", field);
        Ok(SortPlan { sort: sort.clone(), custom: Some((field.clone(), expr)) })
    }

    fn order(&self) -> Order {
        if self.sort.descending { Order::Desc } else { Order::Asc }
    }

    fn nulls(&self) -> Nulls {
        if self.custom.is_some() { Nulls::Largest } else { self.sort.field.nulls() }
    }

    /// Whether NULLs come first in this order.
    fn nulls_first(&self) -> bool {
        match self.nulls() {
            Nulls::Never => false,
            Nulls::Smallest => !self.sort.descending,
            Nulls::Largest => self.sort.descending,
        }
    }

    fn expr(&self) -> SimpleExpr {
        match &self.custom {
            Some((_, e)) => e.clone(),
            None => self.sort.field.expr(),
        }
    }

    fn value_of(&self, c: &Customer) -> Value {
        match &self.custom {
            Some((f, _)) => custom_sql::sort_value(f, &c.custom),
            None => self.sort.field.value_of(c),
        }
    }

    fn sql_value(&self, v: &Value) -> Option<Option<sea_orm::Value>> {
        match &self.custom {
            Some((f, _)) => custom_sql::sort_sql_value(custom_sql::SortKind::of(f.field_type()), v),
            None => self.sort.field.sql_value(v),
        }
    }
}

/// Where a page ends: the sort it belongs to, the last row's sort value
/// and id. Encoded as base64 JSON; clients treat it as opaque.
#[derive(Serialize, Deserialize)]
struct Cursor {
    f: SortField,
    d: bool,
    v: Value,
    id: Uuid,
    /// The custom field sorted by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    k: Option<String>,
}

fn encode_cursor(plan: &SortPlan, c: &Customer) -> String {
    let sort = &plan.sort;
    let k = plan.custom.as_ref().map(|(f, _)| f.key().to_owned());
    let cursor = Cursor { f: sort.field, d: sort.descending, v: plan.value_of(c), id: c.id.0, k };
    crate::pagination::encode_cursor(&cursor)
}

fn bad_cursor(reason: &'static str, message: &str) -> Error {
    Error::invalid("after", reason, message)
}

/// Rows strictly after the cursor in `sort` order.
fn after(plan: &SortPlan, raw: &str) -> Result<Condition> {
    let sort = &plan.sort;
    let cursor: Cursor = crate::pagination::decode_cursor(raw)?;
    let key = plan.custom.as_ref().map(|(f, _)| f.key());
    if cursor.f != sort.field || cursor.d != sort.descending || cursor.k.as_deref() != key {
        return Err(bad_cursor("sort_mismatch", "the cursor belongs to a different sort order"));
    }
    let value = plan.sql_value(&cursor.v).ok_or_else(|| bad_cursor("invalid", "not a cursor of this list"))?;
    let expr = plan.expr();
    let id = || SimpleExpr::from(Expr::col((customer::Entity, customer::Column::Id)));
    let beyond = |a: SimpleExpr, b: SimpleExpr| if sort.descending { Expr::expr(a).lt(b) } else { Expr::expr(a).gt(b) };
    let id_beyond = beyond(id(), cursor.id.into());
    Ok(match value {
        // Row values let the database seek straight into the sort index.
        Some(v) if plan.nulls() == Nulls::Never => Condition::all()
            .add(beyond(Expr::tuple([expr, id()]).into(), Expr::tuple([Expr::val(v).into(), cursor.id.into()]).into())),
        Some(v) => {
            let mut c = Condition::any()
                .add(beyond(expr.clone(), Expr::val(v.clone()).into()))
                .add(Condition::all().add(Expr::expr(expr.clone()).eq(v)).add(id_beyond));
            if !plan.nulls_first() {
                c = c.add(Expr::expr(expr).is_null());
            }
            c
        }
        None if plan.nulls_first() => Condition::any()
            .add(Expr::expr(expr.clone()).is_not_null())
            .add(Condition::all().add(Expr::expr(expr).is_null()).add(id_beyond)),
        None => Condition::all().add(Expr::expr(expr).is_null()).add(id_beyond),
    })
}

fn like(column: customer::Column, pattern: &str) -> SimpleExpr {
    Expr::expr(Func::lower(Expr::col((customer::Entity, column)))).like(LikeExpr::new(pattern).escape('\\'))
}

/// `owner_id IN (members of group)`.
fn owned_by_group(tx: &TenantTx, g: GroupId) -> SimpleExpr {
    let members = Query::select()
        .column((user::Entity, user::Column::Id))
        .from(user::Entity)
        .and_where(user::Column::TenantId.eq(tx.tenant_id().0))
        .and_where(user::Column::GroupId.eq(g.0))
        .to_owned();
    Expr::col((customer::Entity, customer::Column::OwnerId)).in_subquery(members)
}

/// The filter as SQL, after checking it: all problems are reported at once.
async fn filter_condition(tx: &TenantTx, scope: &CustomerScope, f: &CustomerFilter) -> Result<Condition> {
    use customer::Column as C;
    let col = |c: C| Expr::col((customer::Entity, c));
    let actor = tx.actor()?;
    let mut check = Checker::new();
    let mut cond = Condition::all();

    if let Some(s) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if s.chars().count() > 100 {
            check.check::<()>(Err(FieldError::new("filter.search", "too_long", "search at most 100 characters")));
        }
        let pattern = format!("%{}%", escape_like(&s.to_lowercase()));
        let fields = if f.search_in.is_empty() { SearchField::DEFAULT } else { &f.search_in[..] };
        let mut any = Condition::any();
        // Each field once, however often the list names it.
        for field in SearchField::ALL.iter().filter(|f| fields.contains(f)) {
            let column = match field {
                SearchField::Name => C::Name,
                SearchField::Company => C::Company,
                SearchField::Title => C::Title,
                SearchField::Address => C::Address,
                SearchField::Email => C::Email,
                SearchField::Number => C::Number,
                SearchField::Phone => {
                    // Phone numbers are typed with spaces, hyphens and +: match
                    // on digits; a term without digits matches no phone.
                    if let Some(digits) = guanxi_core::phone::digits_query(s) {
                        any = any.add(col(C::PhoneDigits).like(format!("%{digits}%")));
                    }
                    continue;
                }
            };
            any = any.add(like(column, &pattern));
        }
        // `Condition::any()` with nothing in it would match every row.
        cond = cond.add(if any.is_empty() { Condition::all().add(Expr::cust("1 = 0")) } else { any });
    }
    if let Some(ids) = &f.ids {
        // No ids: nothing matches (an empty `IN ()` is not valid SQL everywhere).
        cond = cond.add(if ids.is_empty() {
            Condition::all().add(Expr::cust("1 = 0"))
        } else if ids.len() <= INLINE_IDS {
            Condition::all().add(col(C::Id).is_in(ids.iter().copied()))
        } else {
            // Every match of a search (up to 100,000): one parameter, not
            // one per id (both databases limit the number of parameters).
            Condition::all().add(match backend(tx) {
                DbBackend::Postgres => {
                    let list: Vec<String> = ids.iter().map(Uuid::to_string).collect();
                    Expr::cust_with_values(
                        r#""customers"."id" = ANY(CAST($1 AS uuid[]))"#,
                        [format!("{{{}}}", list.join(","))],
                    )
                }
                // SQLite keeps ids as 16-byte blobs.
                _ => {
                    let list: Vec<String> = ids.iter().map(|id| id.simple().to_string()).collect();
                    Expr::cust_with_values(
                        r#""customers"."id" IN (SELECT unhex(json_each.value) FROM json_each(?))"#,
                        [json!(list).to_string()],
                    )
                }
            })
        });
    }
    if let Some(g) = f.gender {
        cond = cond.add(col(C::Gender).eq(g.as_str()));
    }
    if let Some(t) = f.title.as_deref().map(str::trim) {
        cond = cond.add(col(C::Title).eq(t));
    }
    if let Some(s) = f.status {
        cond = cond.add(col(C::Status).eq(s.as_str()));
    }
    if let Some(stage) = f.stage {
        cond = cond.add(stage_condition(stage, tx.now));
    }
    if let Some(g) = f.grade {
        cond = cond.add(col(C::Grade).eq(g.as_str()));
    }
    if let Some(i) = &f.industry {
        cond = cond.add(col(C::Industry).eq(i.trim()));
    }
    if let Some(s) = &f.source {
        cond = cond.add(col(C::Source).eq(s.trim()));
    }
    if let Some(tag) = f.tag.as_deref().map(str::trim) {
        cond = cond.add(tag_condition(backend(tx), tag));
    }
    if let Some(owner) = f.owner_id {
        let in_scope = crate::users::find(tx, owner)
            .await?
            .is_some_and(|u| actor.user_scope().contains(owner, u.group_id.map(GroupId)));
        if !in_scope {
            check.check::<()>(Err(FieldError::new("filter.ownerId", "not_found", "no such user among those you see")));
        }
        cond = cond.add(col(C::OwnerId).eq(owner.0));
    }
    if let Some(g) = f.group_id {
        let allowed = match scope {
            CustomerScope::Own(_) => return Err(Error::Forbidden),
            CustomerScope::Team { groups, .. } => groups.contains(&g),
            CustomerScope::All => {
                tx.select::<group::Entity>().filter(group::Column::Id.eq(g.0)).count(tx.conn()).await.map_err(db_err)?
                    > 0
            }
        };
        if !allowed {
            check.check::<()>(Err(FieldError::new("filter.groupId", "not_found", "no such group among those you see")));
        }
        cond = cond.add(owned_by_group(tx, g));
    }
    if let (Some(from), Some(to)) = (f.created_from, f.created_to)
        && from > to
    {
        check.check::<()>(Err(FieldError::new("filter.createdTo", "before_from", "createdTo is before createdFrom")));
    }
    if let Some(from) = f.created_from {
        cond = cond.add(col(C::CreatedAt).gte(from));
    }
    if let Some(to) = f.created_to {
        cond = cond.add(col(C::CreatedAt).lt(to));
    }
    if !f.custom.is_empty() {
        if f.custom.len() > MAX_CUSTOM_CONDITIONS {
            check.check::<()>(Err(FieldError::new(
                "filter.custom",
                "too_many",
                format!("at most {MAX_CUSTOM_CONDITIONS} custom conditions"),
            )));
        }
        let fields = readable_fields(tx, FieldEntity::Customer).await?;
        for (i, c) in f.custom.iter().enumerate().take(MAX_CUSTOM_CONDITIONS) {
            let path = format!("filter.custom.{i}");
            // A field hidden from the caller is as unknown as a missing one.
            let Some(field) = fields.get(c.key.trim()) else {
                let e = FieldError::new(format!("{path}.key"), "unknown", format!("no custom field `{}`", c.key));
                check.check::<()>(Err(e));
                continue;
            };
            if let Some(operand) = check.check(check_filter(field, c.op, c.value.as_ref(), &path, fields.set().tz())) {
                cond = cond.add(custom_sql::condition(backend(tx), "customers", field, c.op, &operand));
            }
        }
    }
    check.finish()?;
    if let Some(reason) = &f.release_reason {
        cond = cond.add(col(C::OwnerId).is_null()).add(col(C::ReleaseReason).eq(reason.clone()));
    }
    let windows = [(f.contacted, C::LastContactAt), (f.to_visit, C::NextVisitAt), (f.added, C::CreatedAt)];
    if windows.iter().any(|(w, _)| w.is_some()) || f.released_within.is_some() || f.visited.is_some() {
        let tz = tenant_tz(tx).await?;
        if let Some(w) = f.visited {
            let (start, end) = window_bounds(w, tx.now, tz);
            use crate::entity::conversation as cv;
            let visits = Query::select()
                .expr(Expr::val(1))
                .from(cv::Entity)
                .and_where(Expr::col((cv::Entity, cv::Column::TenantId)).equals((customer::Entity, C::TenantId)))
                .and_where(Expr::col((cv::Entity, cv::Column::CustomerId)).equals((customer::Entity, C::Id)))
                // A visit counts at its own time: a record's own time when it
                // was never merged, else the latest visit among its entries
                // (windows end after now, so the latest one decides).
                .cond_where(
                    Condition::any()
                        .add(
                            Condition::all()
                                .add(Expr::col((cv::Entity, cv::Column::VisitedAt)).is_null())
                                .add(Expr::col((cv::Entity, cv::Column::Kind)).eq("visit"))
                                .add(Expr::col((cv::Entity, cv::Column::OccurredAt)).gte(start))
                                .add(Expr::col((cv::Entity, cv::Column::OccurredAt)).lt(end)),
                        )
                        .add(
                            Condition::all()
                                .add(Expr::col((cv::Entity, cv::Column::VisitedAt)).gte(start))
                                .add(Expr::col((cv::Entity, cv::Column::VisitedAt)).lt(end)),
                        ),
                )
                .to_owned();
            cond = cond.add(Expr::exists(visits));
        }
        for (window, column) in windows {
            if let Some(w) = window {
                let (start, end) = window_bounds(w, tx.now, tz);
                cond = cond.add(col(column).gte(start)).add(col(column).lt(end));
            }
        }
        if let Some(w) = f.released_within {
            let (start, end) = w.window().bounds(tx.now, tz);
            cond =
                cond.add(col(C::OwnerId).is_null()).add(col(C::ReleasedAt).gte(start)).add(col(C::ReleasedAt).lt(end));
        }
    }
    Ok(cond)
}

/// One page of customers.
#[derive(Clone, Debug)]
pub struct CustomerPage {
    /// The customers, each with the cursor that points just after it.
    pub edges: Vec<(String, Customer)>,
    /// Whether more customers follow.
    pub has_next_page: bool,
}

/// Page sizes (the rules of every connection: [`crate::pagination`]).
pub const DEFAULT_PAGE: i64 = crate::pagination::DEFAULT_PAGE as i64;

/// A page of the customers the caller may see that match `filter`, in
/// `sort` order, after the cursor `after` (from an earlier page of the same
/// sort). `first` is 1–100 (default 10).
pub async fn list(
    tx: &TenantTx,
    filter: &CustomerFilter,
    sort: CustomerSort,
    first: Option<i64>,
    after_cursor: Option<&str>,
) -> Result<CustomerPage> {
    list_shaped(tx, filter, sort, first, after_cursor, Shape::FULL).await
}

/// [`list`] reading only what `shape` asks for (see [`Shape`]).
pub async fn list_shaped(
    tx: &TenantTx,
    filter: &CustomerFilter,
    sort: CustomerSort,
    first: Option<i64>,
    after_cursor: Option<&str>,
    shape: Shape,
) -> Result<CustomerPage> {
    let first = i64::try_from(crate::pagination::first(first)?).unwrap_or(DEFAULT_PAGE);
    page_shaped(tx, filter, sort, first, after_cursor, shape).await
}

/// [`list`] with any page size (an export reads pages of a thousand).
pub(crate) async fn page(
    tx: &TenantTx,
    filter: &CustomerFilter,
    sort: CustomerSort,
    first: i64,
    after_cursor: Option<&str>,
) -> Result<CustomerPage> {
    page_shaped(tx, filter, sort, first, after_cursor, Shape::FULL).await
}

async fn page_shaped(
    tx: &TenantTx,
    filter: &CustomerFilter,
    sort: CustomerSort,
    first: i64,
    after_cursor: Option<&str>,
    shape: Shape,
) -> Result<CustomerPage> {
    let (q, plan, shape) = page_query(tx, filter, &sort, first, after_cursor, shape).await?;
    let rows = tx.conn().query_all(backend(tx).build(&q)).await.map_err(db_err)?;
    let has_next_page = rows.len() > usize::try_from(first).unwrap_or(usize::MAX);
    // The field definitions are read only when values are.
    let fields = if shape.custom { Some(readable_fields(tx, FieldEntity::Customer).await?) } else { None };
    let edges = rows
        .iter()
        .take(usize::try_from(first).unwrap_or(usize::MAX))
        .map(|row| from_row(row, fields.as_deref(), shape).map(|c| (encode_cursor(&plan, &c), c)))
        .collect::<Result<Vec<_>>>()?;
    Ok(CustomerPage { edges, has_next_page })
}

/// The statement of a page (`first + 1` rows, to learn whether another
/// follows), its sort, and the shape it reads.
async fn page_query(
    tx: &TenantTx,
    filter: &CustomerFilter,
    sort: &CustomerSort,
    first: i64,
    after_cursor: Option<&str>,
    shape: Shape,
) -> Result<(sea_orm::sea_query::SelectStatement, SortPlan, Shape)> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let plan = SortPlan::new(tx, sort).await?;
    let after_cond = after_cursor.map(|c| after(&plan, c)).transpose()?;
    let cond = filter_condition(tx, &scope, filter).await?;

    // A page sorted by a custom field carries its value in the cursor.
    let shape = Shape { custom: shape.custom || plan.custom.is_some(), ..shape };
    let mut q = select_customers(tx.tenant_id(), shape);
    q.cond_where(visible(&scope, filter.set(), tx.tenant_id())).cond_where(cond);
    if let Some(a) = after_cond {
        q.cond_where(a);
    }
    let expr = plan.expr();
    if plan.nulls() == Nulls::Never {
        q.order_by_expr(expr, plan.order());
    } else {
        let nulls = if plan.nulls_first() { NullOrdering::First } else { NullOrdering::Last };
        q.order_by_expr_with_nulls(expr, plan.order(), nulls);
    }
    // Numbers are unique within a company, so they need no tie-breaker,
    // and without one the unique index on them serves the sort (with it,
    // PostgreSQL sorted the page again).
    if plan.custom.is_some() || plan.sort.field != SortField::Number {
        q.order_by((customer::Entity, customer::Column::Id), plan.order());
    }
    q.limit(u64::try_from(first + 1).unwrap_or(11));
    Ok((q, plan, shape))
}

/// PostgreSQL's plan of the first page of [`list`] as it ran, from
/// `EXPLAIN (ANALYZE, FORMAT JSON)`: for tests that hold every list the API
/// offers to reading a page off an index. Nothing on SQLite (`null`).
#[doc(hidden)]
pub async fn explain_list(tx: &TenantTx, filter: &CustomerFilter, sort: CustomerSort, first: i64) -> Result<Value> {
    if backend(tx) != DbBackend::Postgres {
        return Ok(Value::Null);
    }
    let (q, _, _) = page_query(tx, filter, &sort, first, None, Shape::FULL).await?;
    let mut explain = backend(tx).build(&q);
    explain.sql = format!("EXPLAIN (ANALYZE, FORMAT JSON) {}", explain.sql);
    let row = tx.conn().query_one(explain).await.map_err(db_err)?.ok_or_else(|| Error::Internal("no plan".into()))?;
    row.try_get::<Value>("", "QUERY PLAN").map_err(db_err)
}

/// How many customers the caller may see match `filter`.
pub async fn count(tx: &TenantTx, filter: &CustomerFilter) -> Result<u64> {
    let scope = CustomerScope::of(tx.actor()?)?;
    if let Some(status) = plain(filter)
        && crate::analytics::summaries::built(tx).await?
    {
        // The caller's own customers, at most of one status: the lifecycle
        // summaries hold that count by owner and status, kept in each
        // write's transaction, so it is a sum of a few rows rather than a
        // pass over every customer (an admin's whole company).
        use crate::analytics::cohorts;
        let owners = held_by(&scope, tx.tenant_id(), cohorts::owner_of(cohorts::COHORTS));
        return cohorts::total(tx, owners, status).await;
    }
    let cond = filter_condition(tx, &scope, filter).await?;
    let q = Query::select()
        // COUNT(*), not COUNT(id): any index led by tenant_id can answer it.
        .expr_as(Expr::cust("COUNT(*)"), sea_orm::sea_query::Alias::new("n"))
        .from(customer::Entity)
        .and_where(customer::Column::TenantId.eq(tx.tenant_id().0))
        .cond_where(visible(&scope, filter.set(), tx.tenant_id()))
        .cond_where(cond)
        .to_owned();
    let row = tx.conn().query_one(backend(tx).build(&q)).await.map_err(db_err)?;
    let n: i64 = row.map(|r| r.try_get("", "n")).transpose().map_err(db_err)?.unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// `Some(status)` when `f` asks for the caller's own customers with no
/// condition but at most a status: a count the summaries answer. Any other
/// condition, including one added to the filter later, reads the
/// customers (the filter is compared in its serialized form, where every
/// condition not given is null or empty).
fn plain(f: &CustomerFilter) -> Option<Option<CustomerStatus>> {
    // `ids: []` is a condition (nothing matches), though it serializes
    // as an empty list.
    if f.set() != CustomerSet::Mine || f.ids.is_some() {
        return None;
    }
    let mut rest = f.clone();
    let status = rest.status.take();
    rest.in_pool = None;
    let Ok(Value::Object(fields)) = serde_json::to_value(&rest) else { return None };
    let empty = |v: &Value| v.is_null() || v.as_array().is_some_and(Vec::is_empty);
    fields.values().all(empty).then_some(status)
}

/// The stored rows of the customers `filter` names within the caller's
/// sight, by id, after `after` (keyset pages for a job that walks a whole
/// filtered list while it changes it).
pub(crate) async fn rows_after(
    tx: &TenantTx,
    filter: &CustomerFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<customer::Model>> {
    use sea_orm::{QueryOrder, QuerySelect};
    let scope = CustomerScope::of(tx.actor()?)?;
    let cond = filter_condition(tx, &scope, filter).await?;
    let mut q = tx
        .select::<customer::Entity>()
        .filter(visible(&scope, filter.set(), tx.tenant_id()))
        .filter(cond)
        .order_by_asc(customer::Column::Id)
        .limit(limit);
    if let Some(after) = after {
        q = q.filter(customer::Column::Id.gt(after));
    }
    if backend(tx) == DbBackend::Postgres {
        // A concurrent edit of one of these customers waits for the batch.
        q = q.lock_exclusive();
    }
    q.all(tx.conn()).await.map_err(db_err)
}

/// The customers that carry `tag`.
pub(crate) fn tag_condition(backend: DbBackend, tag: &str) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_values(r#""customers"."tags" @> $1"#, [json!([tag])]),
        _ => Expr::cust_with_values(
            r#"EXISTS (SELECT 1 FROM json_each("customers"."tags") WHERE json_each.value = ?)"#,
            [tag],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_status_and_scope_are_plain() {
        let status = CustomerFilter { status: Some(CustomerStatus::Deal), ..Default::default() };
        assert_eq!(plain(&CustomerFilter::default()), Some(None));
        assert_eq!(plain(&status), Some(Some(CustomerStatus::Deal)));
        assert_eq!(plain(&CustomerFilter { in_pool: Some(false), ..Default::default() }), Some(None));
        assert_eq!(plain(&CustomerFilter { in_pool: Some(true), ..Default::default() }), None);
        assert_eq!(plain(&CustomerFilter { tag: Some("重点".into()), ..Default::default() }), None);
        assert_eq!(plain(&CustomerFilter { search: Some(String::new()), ..Default::default() }), None);
        assert_eq!(plain(&CustomerFilter { ids: Some(Vec::new()), ..Default::default() }), None);
        assert_eq!(plain(&CustomerFilter { stage: Some(LifecycleStage::Lost), ..Default::default() }), None);
        assert_eq!(plain(&CustomerFilter { owner_id: Some(UserId(Uuid::nil())), ..Default::default() }), None);
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like(r"50%_off\"), r"50\%\_off\\");
        assert_eq!(escape_like("李"), "李");
    }

    #[test]
    fn cursors_belong_to_their_sort() {
        let plan = |sort: CustomerSort| SortPlan { sort, custom: None };
        let by_name = CustomerSort::by(SortField::Name, false);
        let raw = crate::pagination::encode_cursor(&json!({ "f": "name", "d": false, "v": "李", "id": Uuid::nil() }));
        assert!(after(&plan(by_name.clone()), &raw).is_ok());
        let other = CustomerSort::by(SortField::CreatedAt, false);
        assert!(matches!(after(&plan(other), &raw), Err(Error::Validation(f)) if f[0].reason == "sort_mismatch"));
        assert!(after(&plan(CustomerSort { descending: true, ..by_name.clone() }), &raw).is_err());
        assert!(after(&plan(by_name.clone()), "garbage!").is_err());
        let null_name =
            crate::pagination::encode_cursor(&json!({ "f": "name", "d": false, "v": null, "id": Uuid::nil() }));
        assert!(after(&plan(by_name), &null_name).is_err());
    }
}
