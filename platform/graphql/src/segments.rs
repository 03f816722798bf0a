//! Saved customer lists (分群, segments) and the lifecycle stages every
//! company has out of the box.
//!
//! A segment keeps a `CustomerFilter` input as JSON; each read parses it
//! again, so a segment always means what the same filter means in the
//! `customers` query today, within the reader's visibility.

use async_graphql::{Context, Enum, ID, InputObject, InputType, Json, Object};
use chrono::{DateTime, Utc};
use guanxi_core::customer::LifecycleStage as CoreStage;
use guanxi_core::{Error, FieldError, GroupId, SegmentId};
use guanxi_store::customers::{self, CustomerFilter as StoreFilter};
use guanxi_store::segments::{self, Segment as StoreSegment, SegmentInput, Sharing};
use guanxi_store::{TenantTx, groups};
use serde_json::Value;
use uuid::Uuid;

use crate::context::ContextExt;
use crate::customers::{CustomerConnection, CustomerFilter, CustomerSort, CustomerUser, LifecycleStage};
use crate::error::{ApiResult, parse_id};
use crate::types::Group;

/// Who sees a segment.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SegmentSharing {
    /// Its owner only.
    Private,
    /// The members and supervisors of its group, and admins.
    Group,
    /// Everyone in the company who works customers (shared by supervisors
    /// and admins).
    Company,
    /// Its owner and one colleague (`userId`).
    Person,
}

impl From<SegmentSharing> for Sharing {
    fn from(s: SegmentSharing) -> Self {
        match s {
            SegmentSharing::Private => Sharing::Private,
            SegmentSharing::Group => Sharing::Group,
            SegmentSharing::Company => Sharing::Company,
            SegmentSharing::Person => Sharing::Person,
        }
    }
}

impl From<Sharing> for SegmentSharing {
    fn from(s: Sharing) -> Self {
        match s {
            Sharing::Private => SegmentSharing::Private,
            Sharing::Group => SegmentSharing::Group,
            Sharing::Company => SegmentSharing::Company,
            Sharing::Person => SegmentSharing::Person,
        }
    }
}

/// What kind of segment it is.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    /// Saved by someone; changeable by its owner (and admins, when shared).
    Saved,
    /// One of the four lifecycle stages every company has; not changeable.
    Lifecycle,
}

/// The fixed ids of the lifecycle segments (the same in every company).
fn lifecycle_id(stage: CoreStage) -> Uuid {
    stage.segment_id()
}

fn lifecycle_of(id: Uuid) -> Option<CoreStage> {
    CoreStage::of_segment(id)
}

/// A saved list or a lifecycle stage.
enum Inner {
    /// Boxed: a saved segment is far larger than a stage.
    Saved(Box<StoreSegment>),
    Lifecycle(CoreStage),
}

/// A segment (分群): a named customer filter. Its customers and count are
/// those of the filter within the reader's own visibility (a salesperson
/// sees their own customers of a company-wide segment).
pub struct Segment(Inner);

impl Segment {
    /// The filter as the `customers` query takes it, in JSON.
    fn filter_json(&self) -> Value {
        match &self.0 {
            Inner::Saved(s) => s.filter.clone(),
            Inner::Lifecycle(stage) => {
                serde_json::json!({ "stage": LifecycleStage::from(*stage).to_value().into_json().unwrap_or_default() })
            }
        }
    }
}

/// Parse a stored filter as the `customers` query would parse it.
fn parse_filter(json: &Value) -> ApiResult<CustomerFilter> {
    let value = async_graphql::Value::from_json(json.clone())
        .map_err(|e| Error::Validation(vec![FieldError::new("filter", "invalid", e.to_string())]))?;
    Ok(<CustomerFilter as InputType>::parse(Some(value)).map_err(|e| {
        Error::Validation(vec![FieldError::new("filter", "invalid", e.into_server_error(Default::default()).message)])
    })?)
}

/// The store's filter of a segment, and the engine fields of its search.
fn store_filter(json: &Value) -> ApiResult<(StoreFilter, Vec<guanxi_search::SearchField>)> {
    CustomerFilter::into_store_with_fields(Some(parse_filter(json)?))
}

/// The segment `id` names, if the caller sees it.
async fn find(tx: &TenantTx, id: &ID) -> ApiResult<Segment> {
    let uuid = parse_id::<SegmentId>(id, "id")?;
    if let Some(stage) = lifecycle_of(uuid.0) {
        // Lifecycle segments are for whoever works customers.
        guanxi_core::customer::CustomerScope::of(tx.actor()?)?;
        return Ok(Segment(Inner::Lifecycle(stage)));
    }
    Ok(Segment(Inner::Saved(Box::new(segments::get(tx, uuid).await?))))
}

/// The store filter of the segment `id` (for exports and other targets).
pub(crate) async fn segment_filter(tx: &TenantTx, id: &ID) -> ApiResult<StoreFilter> {
    let segment = find(tx, id).await?;
    Ok(store_filter(&segment.filter_json())?.0)
}

impl Segment {
    /// Whether `e`, the error of reading this segment's customers, means
    /// the filter names something the reader does not see (a colleague or
    /// a group out of their sight, a custom field hidden from their role):
    /// a shared segment then holds none of their customers. Its owner gets
    /// the error, to mend the filter.
    fn out_of_sight(&self, tx: &TenantTx, e: &Error) -> ApiResult<bool> {
        let Inner::Saved(s) = &self.0 else { return Ok(false) };
        Ok(matches!(e, Error::Validation(_) | Error::Forbidden) && s.owner.id != tx.actor()?.user_id)
    }
}

#[Object]
impl Segment {
    async fn id(&self) -> ID {
        match &self.0 {
            Inner::Saved(s) => ID(s.id.to_string()),
            Inner::Lifecycle(stage) => ID(lifecycle_id(*stage).to_string()),
        }
    }
    /// Its name; a lifecycle segment's is the stage's Chinese name (获取期 …).
    async fn name(&self) -> &str {
        match &self.0 {
            Inner::Saved(s) => &s.name,
            Inner::Lifecycle(stage) => stage.label_zh(),
        }
    }
    async fn description(&self) -> Option<&str> {
        match &self.0 {
            Inner::Saved(s) => s.description.as_deref(),
            Inner::Lifecycle(_) => None,
        }
    }
    async fn kind(&self) -> SegmentKind {
        match &self.0 {
            Inner::Saved(_) => SegmentKind::Saved,
            Inner::Lifecycle(_) => SegmentKind::Lifecycle,
        }
    }
    /// The lifecycle stage of a lifecycle segment.
    async fn stage(&self) -> Option<LifecycleStage> {
        match &self.0 {
            Inner::Saved(_) => None,
            Inner::Lifecycle(stage) => Some((*stage).into()),
        }
    }
    /// Who sees it (lifecycle segments: the whole company).
    async fn sharing(&self) -> SegmentSharing {
        match &self.0 {
            Inner::Saved(s) => s.sharing.into(),
            Inner::Lifecycle(_) => SegmentSharing::Company,
        }
    }
    /// The group it is shared with (when the caller may see that group).
    async fn group(&self, ctx: &Context<'_>) -> ApiResult<Option<Group>> {
        let Inner::Saved(s) = &self.0 else { return Ok(None) };
        let Some(g) = s.group_id else { return Ok(None) };
        ctx.read(async |tx| match groups::get(tx, g).await {
            Ok(g) => Ok(Some(Group(g))),
            Err(Error::NotFound(_) | Error::Forbidden) => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await
    }
    /// The colleague it is shared with (`PERSON`).
    async fn shared_with(&self) -> Option<CustomerUser> {
        match &self.0 {
            Inner::Saved(s) => s.shared_with.clone().map(Into::into),
            Inner::Lifecycle(_) => None,
        }
    }
    /// Who saved it (none for lifecycle segments).
    async fn owner(&self) -> Option<CustomerUser> {
        match &self.0 {
            Inner::Saved(s) => Some(s.owner.clone().into()),
            Inner::Lifecycle(_) => None,
        }
    }
    /// Whether the caller may change or delete it.
    async fn can_edit(&self) -> bool {
        match &self.0 {
            Inner::Saved(s) => s.can_edit,
            Inner::Lifecycle(_) => false,
        }
    }
    /// The filter, as the `customers` query's `filter` argument takes it.
    async fn filter(&self) -> Json<Value> {
        Json(self.filter_json())
    }
    /// How many of the caller's customers it holds now; null, with the
    /// error, when its owner reads a filter that no longer holds (a custom
    /// field deleted since). Others count 0 of a filter naming what they do
    /// not see (a colleague, a group).
    async fn count(&self, ctx: &Context<'_>) -> ApiResult<Option<u64>> {
        let (mut filter, fields) = store_filter(&self.filter_json())?;
        ctx.read(async |tx| {
            crate::search::resolve_list_search(ctx, tx, &mut filter, &fields).await?;
            match customers::count(tx, &filter).await {
                Ok(n) => Ok(Some(n)),
                Err(e) if self.out_of_sight(tx, &e)? => Ok(Some(0)),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }
    /// Its customers, as the `customers` query lists them (none, for a
    /// reader who does not see what its filter names).
    async fn customers(
        &self,
        ctx: &Context<'_>,
        sort: Option<CustomerSort>,
        first: Option<i64>,
        after: Option<String>,
    ) -> ApiResult<CustomerConnection> {
        let (mut filter, fields) = store_filter(&self.filter_json())?;
        let sort = CustomerSort::into_store(sort);
        ctx.read(async |tx| {
            crate::search::resolve_list_search(ctx, tx, &mut filter, &fields).await?;
            let shape = crate::customers::shape(ctx);
            match customers::list_shaped(tx, &filter, sort, first, after.as_deref(), shape).await {
                Ok(page) => CustomerConnection::new(ctx, tx, page, filter, after.is_some()).await,
                Err(e) if self.out_of_sight(tx, &e)? => Ok(CustomerConnection::empty(filter, after.is_some())),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }
    async fn created_at(&self) -> Option<DateTime<Utc>> {
        match &self.0 {
            Inner::Saved(s) => Some(s.created_at),
            Inner::Lifecycle(_) => None,
        }
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        match &self.0 {
            Inner::Saved(s) => Some(s.updated_at),
            Inner::Lifecycle(_) => None,
        }
    }
}

/// A segment's definition.
#[derive(InputObject)]
#[graphql(name = "SegmentInput")]
pub struct SegmentDefinition {
    /// 1–100 characters.
    name: String,
    /// At most 500 characters.
    description: Option<String>,
    /// The customers it holds: any filter the `customers` query takes.
    filter: CustomerFilter,
    /// Who sees it (default `PRIVATE`). `COMPANY`: supervisors and admins.
    #[graphql(default_with = "SegmentSharing::Private")]
    sharing: SegmentSharing,
    /// With `GROUP`: a group the caller belongs to or supervises (admins:
    /// any).
    group_id: Option<ID>,
    /// With `PERSON`: the colleague (who works customers) to share it with.
    user_id: Option<ID>,
}

/// Check an input's filter as the `customers` query would (custom field
/// keys, owners and groups the caller sees) and turn it into the store's.
async fn checked(tx: &TenantTx, input: SegmentDefinition) -> ApiResult<SegmentInput> {
    let group_id = input.group_id.as_ref().map(|g| parse_id::<GroupId>(g, "groupId")).transpose()?;
    let user_id = input.user_id.as_ref().map(|u| parse_id::<guanxi_core::UserId>(u, "userId")).transpose()?;
    let json = input
        .filter
        .to_value()
        .into_json()
        .map_err(|e| Error::Validation(vec![FieldError::new("filter", "invalid", e.to_string())]))?;
    let json = without_nulls(json);
    let store = CustomerFilter::into_store(Some(input.filter))?;
    let criteria = store.clone();
    // Counting runs every check of the filter against the caller's sight;
    // its number is not kept.
    customers::count(tx, &store).await.map_err(|e| match e {
        Error::Validation(errors) => Error::Validation(
            errors
                .into_iter()
                .map(|mut f| {
                    if !f.field.starts_with("filter") {
                        f.field = format!("filter.{}", f.field);
                    }
                    f
                })
                .collect(),
        ),
        e => e,
    })?;
    Ok(SegmentInput {
        name: input.name,
        description: input.description,
        filter: json,
        criteria,
        sharing: input.sharing.into(),
        group_id,
        user_id,
    })
}

/// `v` without the members that are `null` (the conditions not given), so
/// a stored filter reads as it was written.
fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(o) => {
            Value::Object(o.into_iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k, without_nulls(x))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// The id of a saved segment (lifecycle segments cannot be changed).
fn saved_id(id: &ID) -> ApiResult<SegmentId> {
    let id = parse_id::<SegmentId>(id, "id")?;
    if lifecycle_of(id.0).is_some() {
        return Err(Error::Forbidden.into());
    }
    Ok(id)
}

#[derive(Default)]
pub struct SegmentQuery;

#[Object]
impl SegmentQuery {
    /// The segments the caller sees: the four lifecycle stages first, then
    /// their own, their groups' and the company's saved lists by name.
    async fn segments(&self, ctx: &Context<'_>) -> ApiResult<Vec<Segment>> {
        ctx.read(async |tx| {
            guanxi_core::customer::CustomerScope::of(tx.actor()?)?;
            let mut out: Vec<Segment> = CoreStage::ALL.iter().map(|s| Segment(Inner::Lifecycle(*s))).collect();
            out.extend(segments::list(tx).await?.into_iter().map(|s| Segment(Inner::Saved(Box::new(s)))));
            Ok(out)
        })
        .await
    }

    /// One segment the caller sees.
    async fn segment(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Segment> {
        ctx.read(async |tx| find(tx, &id).await).await
    }
}

#[derive(Default)]
pub struct SegmentMutation;

#[Object]
impl SegmentMutation {
    /// Save a customer filter as a segment owned by the caller.
    async fn create_segment(&self, ctx: &Context<'_>, input: SegmentDefinition) -> ApiResult<Segment> {
        ctx.write(async |tx| {
            let input = checked(tx, input).await?;
            Ok(Segment(Inner::Saved(Box::new(segments::create(tx, input).await?))))
        })
        .await
    }

    /// Replace a segment's name, filter and sharing (its owner; admins for
    /// shared ones, which they cannot make private).
    async fn update_segment(&self, ctx: &Context<'_>, id: ID, input: SegmentDefinition) -> ApiResult<Segment> {
        let id = saved_id(&id)?;
        ctx.write(async |tx| {
            let input = checked(tx, input).await?;
            Ok(Segment(Inner::Saved(Box::new(segments::update(tx, id, input).await?))))
        })
        .await
    }

    /// Delete a segment (its owner; admins for shared ones).
    async fn delete_segment(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let id = saved_id(&id)?;
        ctx.write(async |tx| {
            segments::delete(tx, id).await?;
            Ok(true)
        })
        .await
    }
}
