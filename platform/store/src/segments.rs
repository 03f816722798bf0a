//! Saved customer lists (分群, segments): a named customer filter that its
//! owner keeps for themselves or shares with a group or the whole company.
//!
//! A segment stores the filter, not its customers: whoever opens it sees the
//! customers of the filter within their own visibility, counted live, so a
//! salesperson and the owner of the company see different numbers for the
//! same company-wide segment. The filter is kept as the API's filter input
//! (JSON) and checked by the API layer before it is saved; the store keeps
//! it opaque.
//!
//! Every change emits `segment.changed` and is audited, in its transaction.

use chrono::{DateTime, Utc};
use guanxi_core::customer::{CustomerScope, LifecycleStage};
use guanxi_core::events::Definition;
use guanxi_core::input::Name;
use guanxi_core::{Actor, CustomerId, DomainEvent, Error, FieldError, GroupId, Result, Role, SegmentId, UserId};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::audit::{self, AuditAction};
use crate::customers::{CustomerFilter, UserBrief, optional_text};
use crate::db::{TenantTx, db_err};
use crate::entity::{group, segment};

/// At most this many segments per person.
pub const MAX_PER_OWNER: u64 = 100;

/// A stored filter's JSON is at most this many bytes.
pub const MAX_FILTER_BYTES: usize = 16 * 1024;

/// Who sees a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// Its owner only.
    Private,
    /// The members and supervisors of one group (and admins).
    Group,
    /// Everyone in the company who works customers.
    Company,
    /// Its owner and one colleague.
    Person,
}

impl Sharing {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Sharing::Private => "private",
            Sharing::Group => "group",
            Sharing::Company => "company",
            Sharing::Person => "person",
        }
    }

    fn parse(s: &str) -> Sharing {
        match s {
            "group" => Sharing::Group,
            "company" => Sharing::Company,
            "person" => Sharing::Person,
            // Unknown values are never written; the narrowest reading is
            // the safe one.
            _ => Sharing::Private,
        }
    }
}

/// A segment as the API shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Id.
    pub id: SegmentId,
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// The customer filter (the API's `CustomerFilter` input, as JSON).
    pub filter: Value,
    /// Who sees it.
    pub sharing: Sharing,
    /// The group it is shared with.
    pub group_id: Option<GroupId>,
    /// The colleague it is shared with.
    pub shared_with: Option<UserBrief>,
    /// Who created it.
    pub owner: UserBrief,
    /// Whether the caller may change or delete it.
    pub can_edit: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Segment {
    fn of(m: segment::Model, actor: &Actor, names: &std::collections::HashMap<UserId, String>) -> Segment {
        let sharing = Sharing::parse(&m.sharing);
        let owner_id = UserId(m.owner_id);
        let name = |u: UserId| names.get(&u).cloned().unwrap_or_default();
        Segment {
            id: SegmentId(m.id),
            name: m.name,
            description: m.description,
            filter: m.filter,
            sharing,
            group_id: m.group_id.map(GroupId),
            shared_with: m.user_id.map(|u| UserBrief { id: UserId(u), display_name: name(UserId(u)) }),
            owner: UserBrief { id: owner_id, display_name: name(owner_id) },
            can_edit: may_edit(actor, owner_id, sharing),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A new segment, or a segment's new definition.
#[derive(Clone, Debug)]
pub struct SegmentInput {
    /// 1–100 characters.
    pub name: String,
    /// At most 500 characters; blank: none.
    pub description: Option<String>,
    /// The filter, already checked by the API layer: a JSON object.
    pub filter: Value,
    /// The same filter in the store's terms, as the API layer turned it
    /// into one (what readers below the API, a workflow's condition, use).
    pub criteria: CustomerFilter,
    /// Who sees it.
    pub sharing: Sharing,
    /// The group, with [`Sharing::Group`] only.
    pub group_id: Option<GroupId>,
    /// The colleague, with [`Sharing::Person`] only.
    pub user_id: Option<UserId>,
}

/// The owner changes their segments; admins also change those shared
/// with a group or the company (one shared with a person stays between
/// the two of them).
fn may_edit(actor: &Actor, owner: UserId, sharing: Sharing) -> bool {
    owner == actor.user_id || (actor.role == Role::Admin && matches!(sharing, Sharing::Group | Sharing::Company))
}

/// Who may use segments at all: whoever works customers.
fn actor(tx: &TenantTx) -> Result<Actor> {
    let actor = tx.actor()?.clone();
    CustomerScope::of(&actor)?;
    Ok(actor)
}

/// The segments `actor` sees: their own, the company's, those shared with
/// a group they belong to or supervise (admins: every group's) and those
/// shared with them by name.
fn visible(actor: &Actor) -> Condition {
    let mine = segment::Column::OwnerId.eq(actor.user_id.0);
    let to_me = Condition::all()
        .add(segment::Column::Sharing.eq(Sharing::Person.as_str()))
        .add(segment::Column::UserId.eq(actor.user_id.0));
    let company = segment::Column::Sharing.eq(Sharing::Company.as_str());
    let groups = if actor.role == Role::Admin {
        Condition::all().add(segment::Column::Sharing.eq(Sharing::Group.as_str()))
    } else {
        let ids: Vec<_> = actor.group_id.iter().chain(actor.supervises.iter()).map(|g| g.0).collect();
        Condition::all()
            .add(segment::Column::Sharing.eq(Sharing::Group.as_str()))
            .add(segment::Column::GroupId.is_in(ids))
    };
    Condition::any().add(mine).add(company).add(groups).add(to_me)
}

/// The segments the caller sees, by name.
pub async fn list(tx: &TenantTx) -> Result<Vec<Segment>> {
    let actor = actor(tx)?;
    let rows = tx
        .select::<segment::Entity>()
        .filter(visible(&actor))
        .order_by_asc(segment::Column::Name)
        .order_by_asc(segment::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    with_owners(tx, &actor, rows).await
}

/// The segments of `rows`, with their owners' names (one query).
async fn with_owners(tx: &TenantTx, actor: &Actor, rows: Vec<segment::Model>) -> Result<Vec<Segment>> {
    let people = rows.iter().flat_map(|m| std::iter::once(m.owner_id).chain(m.user_id)).map(UserId);
    let names = crate::users::display_names(tx, people).await?;
    Ok(rows.into_iter().map(|m| Segment::of(m, actor, &names)).collect())
}

/// One segment the caller sees; `NOT_FOUND` otherwise.
pub async fn get(tx: &TenantTx, id: SegmentId) -> Result<Segment> {
    let actor = actor(tx)?;
    find(tx, &actor, id).await
}

async fn find(tx: &TenantTx, actor: &Actor, id: SegmentId) -> Result<Segment> {
    let row = tx
        .select::<segment::Entity>()
        .filter(segment::Column::Id.eq(id.0))
        .filter(visible(actor))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("segment"))?;
    with_owners(tx, actor, vec![row]).await?.pop().ok_or(Error::NotFound("segment"))
}

/// The checked values of an input.
struct Checked {
    name: String,
    description: Option<String>,
    group_id: Option<GroupId>,
    user_id: Option<UserId>,
}

/// Check an input against the rules of sharing: a group segment names a
/// group the caller belongs to or supervises (admins: any group); only
/// supervisors and admins share with the whole company.
async fn check(tx: &TenantTx, actor: &Actor, input: &SegmentInput) -> Result<Checked> {
    let mut errors = Vec::new();
    let name = Name::parse(&input.name, "name", 100).map_err(|e| errors.push(e)).ok();
    let description =
        optional_text(input.description.as_deref(), "description", 500).map_err(|e| errors.push(e)).ok().flatten();
    if !input.filter.is_object() {
        errors.push(FieldError::new("filter", "invalid", "must be a filter object"));
    } else if input.filter.to_string().len() > MAX_FILTER_BYTES {
        errors.push(FieldError::new("filter", "too_long", format!("at most {MAX_FILTER_BYTES} bytes of JSON")));
    }
    let group_id = match (input.sharing, input.group_id) {
        (Sharing::Group, None) => {
            errors.push(FieldError::new("groupId", "required", "a group segment names its group"));
            None
        }
        (Sharing::Group, Some(g)) => {
            let allowed = if actor.role == Role::Admin {
                tx.select::<group::Entity>().filter(group::Column::Id.eq(g.0)).count(tx.conn()).await.map_err(db_err)?
                    > 0
            } else {
                actor.group_id == Some(g) || actor.supervises.contains(&g)
            };
            if !allowed {
                errors.push(FieldError::new("groupId", "not_found", "no such group among yours"));
            }
            Some(g)
        }
        (_, Some(_)) => {
            errors.push(FieldError::new("groupId", "not_allowed", "only a group segment names a group"));
            None
        }
        (_, None) => None,
    };
    let user_id = match (input.sharing, input.user_id) {
        (Sharing::Person, None) => {
            errors.push(FieldError::new("userId", "required", "a segment shared with a person names them"));
            None
        }
        (Sharing::Person, Some(u)) if u == actor.user_id => {
            errors.push(FieldError::new("userId", "not_allowed", "share it with a colleague, or keep it private"));
            None
        }
        (Sharing::Person, Some(u)) => {
            // A colleague who works customers: someone who could hold one.
            if let Err(mut e) = crate::customers::owner_ref(tx, u).await? {
                e.field = "userId".to_owned();
                errors.push(e);
            }
            Some(u)
        }
        (_, Some(_)) => {
            errors.push(FieldError::new("userId", "not_allowed", "only a segment shared with a person names one"));
            None
        }
        (_, None) => None,
    };
    if input.sharing == Sharing::Company && actor.role == Role::Salesperson {
        return Err(Error::Forbidden);
    }
    match name {
        Some(name) if errors.is_empty() => Ok(Checked { name: name.into_string(), description, group_id, user_id }),
        _ => Err(Error::Validation(errors)),
    }
}

/// Save a new segment, owned by the caller.
pub async fn create(tx: &TenantTx, input: SegmentInput) -> Result<Segment> {
    let actor = actor(tx)?;
    let checked = check(tx, &actor, &input).await?;
    let owned = tx
        .select::<segment::Entity>()
        .filter(segment::Column::OwnerId.eq(actor.user_id.0))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    if owned >= MAX_PER_OWNER {
        return Err(Error::Conflict(FieldError::new(
            "name",
            "too_many",
            format!("at most {MAX_PER_OWNER} segments per person"),
        )));
    }
    let model = segment::Model {
        tenant_id: tx.tenant_id().0,
        id: SegmentId::new().0,
        name: checked.name,
        description: checked.description,
        filter: input.filter,
        criteria: criteria(&input.criteria)?,
        sharing: input.sharing.as_str().to_owned(),
        group_id: checked.group_id.map(|g| g.0),
        owner_id: actor.user_id.0,
        user_id: checked.user_id.map(|u| u.0),
        created_at: tx.now,
        updated_at: tx.now,
    };
    tx.insert(segment::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    let id = SegmentId(model.id);
    tx.emit(DomainEvent::SegmentChanged { segment: id, what: Definition::Created });
    audit::record(tx, AuditAction::SegmentCreate, "segment", Some(id.0), summary(&model)).await?;
    find(tx, &actor, id).await
}

fn criteria(f: &CustomerFilter) -> Result<Value> {
    serde_json::to_value(f).map_err(|e| Error::Internal(format!("a segment's criteria: {e}").into()))
}

/// Which of `segments` (saved ones and the lifecycle stages' fixed ids)
/// hold `customer` for the caller: segments they do not see, and shared
/// ones whose filter names what they do not see, hold nothing. The
/// saved filter is read in the store's terms, so a search term is
/// matched as the list matches it without a search engine.
pub async fn containing(tx: &TenantTx, segments: &[SegmentId], customer: CustomerId) -> Result<Vec<SegmentId>> {
    let actor = actor(tx)?;
    let mut out = Vec::new();
    for id in segments {
        let mut filter = match LifecycleStage::of_segment(id.0) {
            Some(stage) => CustomerFilter { stage: Some(stage), ..Default::default() },
            None => {
                let row = tx
                    .select::<segment::Entity>()
                    .filter(segment::Column::Id.eq(id.0))
                    .filter(visible(&actor))
                    .one(tx.conn())
                    .await
                    .map_err(db_err)?;
                let Some(row) = row else { continue };
                serde_json::from_value::<CustomerFilter>(row.criteria)
                    .map_err(|e| Error::Internal(format!("a segment's criteria: {e}").into()))?
            }
        };
        filter.ids = Some(vec![customer.0]);
        match crate::customers::count(tx, &filter).await {
            Ok(n) if n > 0 => out.push(*id),
            Ok(_) | Err(Error::Validation(_) | Error::Forbidden) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// What the audit log keeps of a segment.
fn summary(m: &segment::Model) -> Value {
    json!({ "name": m.name, "sharing": m.sharing, "group_id": m.group_id, "user_id": m.user_id, "filter": m.filter })
}

/// Replace a segment's definition. Its owner, or an admin for a shared one.
pub async fn update(tx: &TenantTx, id: SegmentId, input: SegmentInput) -> Result<Segment> {
    let actor = actor(tx)?;
    let old = editable(tx, &actor, id).await?;
    if old.owner.id != actor.user_id && input.sharing == Sharing::Private {
        // An admin editing someone's shared list cannot take it away from
        // everyone, its owner included, by making it private.
        return Err(Error::Validation(vec![FieldError::new(
            "sharing",
            "not_allowed",
            "only its owner makes a shared segment private",
        )]));
    }
    let checked = check(tx, &actor, &input).await?;
    tx.update_many::<segment::Entity>()
        .col_expr(segment::Column::Name, Expr::value(checked.name))
        .col_expr(segment::Column::Description, Expr::value(checked.description))
        .col_expr(segment::Column::Filter, Expr::value(input.filter))
        .col_expr(segment::Column::Criteria, Expr::value(criteria(&input.criteria)?))
        .col_expr(segment::Column::Sharing, Expr::value(input.sharing.as_str()))
        .col_expr(segment::Column::GroupId, Expr::value(checked.group_id.map(|g| g.0)))
        .col_expr(segment::Column::UserId, Expr::value(checked.user_id.map(|u| u.0)))
        .col_expr(segment::Column::UpdatedAt, Expr::value(tx.now))
        .filter(segment::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let new = find(tx, &actor, id).await?;
    tx.emit(DomainEvent::SegmentChanged { segment: id, what: Definition::Updated });
    let side = |s: &Segment| json!({ "name": s.name, "sharing": s.sharing.as_str(), "filter": s.filter });
    audit::record(
        tx,
        AuditAction::SegmentUpdate,
        "segment",
        Some(id.0),
        json!({ "old": side(&old), "new": side(&new) }),
    )
    .await?;
    Ok(new)
}

/// Delete a segment. Its owner, or an admin for a shared one.
pub async fn delete(tx: &TenantTx, id: SegmentId) -> Result<()> {
    let actor = actor(tx)?;
    let old = editable(tx, &actor, id).await?;
    tx.delete_many::<segment::Entity>().filter(segment::Column::Id.eq(id.0)).exec(tx.conn()).await.map_err(db_err)?;
    tx.emit(DomainEvent::SegmentChanged { segment: id, what: Definition::Deleted });
    audit::record(tx, AuditAction::SegmentDelete, "segment", Some(id.0), json!({ "name": old.name })).await
}

/// The segment, if the caller may change it: `NOT_FOUND` when they do not
/// see it, `FORBIDDEN` when they see it but may not change it.
async fn editable(tx: &TenantTx, actor: &Actor, id: SegmentId) -> Result<Segment> {
    let s = find(tx, actor, id).await?;
    if !s.can_edit {
        return Err(Error::Forbidden);
    }
    Ok(s)
}

/// Before a group is deleted: its segments become their owners' private
/// ones, so nobody loses a list they built (in the deleting transaction).
pub(crate) async fn group_deleted(tx: &TenantTx, group: GroupId) -> Result<()> {
    let ids: Vec<uuid::Uuid> = tx
        .select::<segment::Entity>()
        .filter(segment::Column::GroupId.eq(group.0))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|m| m.id)
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    tx.update_many::<segment::Entity>()
        .col_expr(segment::Column::Sharing, Expr::value(Sharing::Private.as_str()))
        .col_expr(segment::Column::GroupId, Expr::value(Option::<uuid::Uuid>::None))
        .col_expr(segment::Column::UpdatedAt, Expr::value(tx.now))
        .filter(segment::Column::Id.is_in(ids.iter().copied()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    for id in ids {
        tx.emit(DomainEvent::SegmentChanged { segment: SegmentId(id), what: Definition::Updated });
    }
    Ok(())
}
