//! Customer output types, enums and inputs.

use std::borrow::Cow;

use async_graphql::connection::PageInfo;
use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{
    Context, ContextSelectionSet, Enum, ID, InputObject, Json, MaybeUndefined, Object, OutputType, Positioned,
    ServerResult, SimpleObject, Value as GqlValue,
};
use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::{GroupId, UserId};
use guanxi_store::customers::{
    self, Customer as StoreCustomer, CustomerFilter as StoreFilter, HistoryEntry, Release, SortField, UserBrief,
};
use serde_json::Value;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::fast::{self, FastObject, Leaf, Sel};

/// Where a customer stands in the sales lifecycle.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::customer::CustomerStatus")]
pub enum CustomerStatus {
    /// 准客户: a lead not yet qualified.
    Prospect,
    /// 意向客户: has shown interest.
    Intent,
    /// 暂停客户: on hold.
    Paused,
    /// 成交: bought.
    Deal,
    /// 流失: lost.
    Lost,
}

/// Where a customer stands in the customer lifecycle (获取, 转换, 保持, 流失),
/// derived from the status and the last contact: prospects are acquired,
/// interested or paused customers in conversion, customers who bought and
/// were contacted within 180 days retained, and the lost together with
/// those who bought and went 180 days without contact lost.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::customer::LifecycleStage")]
pub enum LifecycleStage {
    /// 获取期: `PROSPECT`.
    Acquisition,
    /// 转换期: `INTENT` or `PAUSED`.
    Conversion,
    /// 保持期: `DEAL`, contacted (or created) within 180 days.
    Retention,
    /// 流失期: `LOST`, or `DEAL` without contact for longer.
    Lost,
}

/// A contact person's gender.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::customer::Gender")]
pub enum Gender {
    /// 男.
    Male,
    /// 女.
    Female,
    /// 未知.
    Unknown,
}

/// A customer's grade.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::customer::Grade")]
pub enum Grade {
    /// 普通客户.
    Normal,
    /// VIP.
    Vip,
}

fast::enum_leaf!(CustomerStatus, Gender, Grade);

/// A window of calendar time in the company's time zone, relative to now.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::customers::DateWindow")]
pub enum DateWindow {
    /// Local midnight today to midnight tomorrow.
    Today,
    /// Monday 00:00 this week to Monday 00:00 next week.
    ThisWeek,
    /// The 1st of this month 00:00 to the 1st of next month.
    ThisMonth,
}

/// A field a customer search can look in (`CustomerFilter.searchIn`).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::customers::SearchField")]
pub enum CustomerSearchField {
    /// The contact's name (客户名称).
    Name,
    /// The company (所属公司).
    Company,
    /// Any phone number, on its digits (spaces, hyphens and `+` ignored).
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

/// What customer lists can be sorted by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::customers::SortField")]
pub enum CustomerSortField {
    /// Contact name.
    Name,
    /// Customer number.
    Number,
    /// Creation time.
    CreatedAt,
    /// Last change.
    UpdatedAt,
    /// Last contact; never contacted sorts as the oldest.
    LastContactAt,
    /// Next visit; none planned sorts as the latest.
    NextVisitAt,
    /// Status, in lifecycle order (PROSPECT … LOST).
    Status,
    /// Grade (NORMAL, VIP).
    Grade,
    /// Last release to the public pool; never released sorts as the oldest.
    ReleasedAt,
}

/// When pool customers were released, in the company's calendar days
/// (today included).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::pool::ReleasedWithin")]
pub enum ReleasedWithin {
    /// Today (一天内).
    Today,
    /// Today and the two days before (三天内).
    #[graphql(name = "LAST_3_DAYS")]
    Last3Days,
    /// Today and the six days before (一周内).
    LastWeek,
    /// Today and the 29 days before (一月内).
    LastMonth,
    /// Today and the 364 days before (一年内).
    LastYear,
}

/// Sort direction.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SortDirection {
    /// Smallest first.
    Asc,
    /// Largest first.
    Desc,
}

/// How to sort a customer list; ties are broken by id.
#[derive(InputObject)]
pub struct CustomerSort {
    #[graphql(default_with = "CustomerSortField::UpdatedAt")]
    field: CustomerSortField,
    #[graphql(default_with = "SortDirection::Desc")]
    direction: SortDirection,
    /// Sort by this custom field's value instead of `field` (single selects
    /// in option order; records without a value last when ascending).
    custom_key: Option<String>,
}

impl CustomerSort {
    pub(crate) fn into_store(sort: Option<CustomerSort>) -> customers::CustomerSort {
        sort.map_or_else(Default::default, |s| customers::CustomerSort {
            field: SortField::from(s.field),
            descending: s.direction == SortDirection::Desc,
            custom: s.custom_key,
        })
    }
}

/// Which customers to list; every given condition must hold. Date windows
/// are computed in the company's time zone.
#[derive(InputObject, Default)]
pub struct CustomerFilter {
    /// A substring to look for in the fields of `searchIn` (case-insensitive
    /// for Latin letters; a single character such as 李 works; a phone
    /// number matches on its digits).
    search: Option<String>,
    /// Which fields `search` looks in (any of them may match); omitted or
    /// empty: name, company and phone, with a search engine or without.
    search_in: Option<Vec<CustomerSearchField>>,
    /// The field choice in the search engine's terms (takes precedence
    /// over `searchIn`): e.g. only `NAME`, only `PHONE`, or `CUSTOM`
    /// values. Without a search engine the fields that have a `searchIn`
    /// counterpart are searched with `LIKE`.
    search_fields: Option<Vec<crate::search::SearchField>>,
    /// Only customers of this gender.
    gender: Option<Gender>,
    /// Only customers with exactly this title (所属职务).
    title: Option<String>,
    status: Option<CustomerStatus>,
    /// Customers at this stage of the lifecycle.
    stage: Option<LifecycleStage>,
    grade: Option<Grade>,
    industry: Option<String>,
    source: Option<String>,
    /// Customers carrying this tag.
    tag: Option<String>,
    /// Customers of this owner (supervisors: themselves or their groups'
    /// members; admins: anyone; salespeople: themselves).
    owner_id: Option<ID>,
    /// Customers owned by members of this group (supervisors: a group they
    /// supervise; admins: any).
    group_id: Option<ID>,
    /// `true`: the public pool (as the `pool` query lists it); omitted or
    /// `false`: the caller's own customers (supervisors: also their groups';
    /// admins: every owned customer). The pool is never part of these.
    in_pool: Option<bool>,
    /// Created at or after.
    created_from: Option<DateTime<Utc>>,
    /// Created before.
    created_to: Option<DateTime<Utc>>,
    /// Last contacted within the window.
    contacted: Option<DateWindow>,
    /// Next visit planned within the window.
    to_visit: Option<DateWindow>,
    /// Added (created) within the window.
    added: Option<DateWindow>,
    /// Visited within the window (a conversation of kind `VISIT` took place in it).
    visited: Option<DateWindow>,
    /// In the public pool and released within the window (implies `inPool`).
    released_within: Option<ReleasedWithin>,
    /// Conditions on custom field values (at most 20), all of which must hold.
    custom: Option<Vec<CustomConditionInput>>,
}

/// An operator of a condition on a custom field; which apply depends on the
/// field's type (see the API guide).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::custom_fields::FilterOp")]
pub enum CustomFilterOp {
    /// Equal (text without regard to case; an amount also by currency).
    Eq,
    /// Not equal; records without a value match.
    Ne,
    /// Less than.
    Lt,
    /// At most.
    Lte,
    /// Greater than.
    Gt,
    /// At least.
    Gte,
    /// Text: holds the substring. Multi select: has the option.
    Contains,
    /// One of a list of values (multi select: has any of the options).
    In,
    /// Holds no value.
    IsEmpty,
    /// Holds a value.
    NotEmpty,
}

/// A condition on a custom field's value. Values are written as on a
/// customer (options by key or label, dates `2026-03-05`, amounts
/// `{amount, currency}`).
#[derive(InputObject)]
pub struct CustomConditionInput {
    /// The field's key.
    key: String,
    op: CustomFilterOp,
    /// The value; a list for `IN`; omitted for `IS_EMPTY` and `NOT_EMPTY`.
    value: Option<Json<Value>>,
}

impl CustomerFilter {
    pub(crate) fn into_store(f: Option<CustomerFilter>) -> ApiResult<StoreFilter> {
        Ok(Self::into_store_with_fields(f)?.0)
    }

    /// The store's filter, and the search engine fields the search term
    /// looks in (empty: all).
    pub(crate) fn into_store_with_fields(
        f: Option<CustomerFilter>,
    ) -> ApiResult<(StoreFilter, Vec<guanxi_search::SearchField>)> {
        let f = f.unwrap_or_default();
        let search_in: Vec<customers::SearchField> =
            f.search_in.unwrap_or_default().into_iter().map(Into::into).collect();
        let (search_in, engine_fields) = match f.search_fields {
            Some(chosen) if !chosen.is_empty() => {
                let chosen: Vec<guanxi_search::SearchField> = chosen.into_iter().map(Into::into).collect();
                let like = crate::search::like_fields(&chosen);
                (like, chosen)
            }
            _ => {
                // The same default fields with or without an engine.
                let fields = if search_in.is_empty() { customers::SearchField::DEFAULT } else { &search_in[..] };
                let engine = crate::search::engine_fields(fields);
                (search_in, engine)
            }
        };
        let store = StoreFilter {
            search: f.search,
            search_in,
            gender: f.gender.map(Into::into),
            title: f.title,
            status: f.status.map(Into::into),
            stage: f.stage.map(Into::into),
            grade: f.grade.map(Into::into),
            industry: f.industry,
            source: f.source,
            tag: f.tag,
            owner_id: f.owner_id.as_ref().map(|id| parse_id::<UserId>(id, "filter.ownerId")).transpose()?,
            group_id: f.group_id.as_ref().map(|id| parse_id::<GroupId>(id, "filter.groupId")).transpose()?,
            in_pool: f.in_pool,
            created_from: f.created_from,
            created_to: f.created_to,
            contacted: f.contacted.map(Into::into),
            to_visit: f.to_visit.map(Into::into),
            added: f.added.map(Into::into),
            visited: f.visited.map(Into::into),
            released_within: f.released_within.map(Into::into),
            release_reason: None,
            custom: f
                .custom
                .unwrap_or_default()
                .into_iter()
                .map(|c| customers::CustomCondition { key: c.key, op: c.op.into(), value: c.value.map(|j| j.0) })
                .collect(),
            ids: None,
        };
        Ok((store, engine_fields))
    }
}

/// A new customer.
#[derive(InputObject)]
pub struct CreateCustomerInput {
    /// Contact name, 1–100 characters.
    pub(crate) name: String,
    /// At most 100 characters.
    pub(crate) company: Option<String>,
    /// Job title, at most 50 characters.
    pub(crate) title: Option<String>,
    /// Mobiles are stored as 11 digits (spaces, hyphens and +86 dropped);
    /// other numbers as 5–20 digits with an optional leading +.
    #[graphql(default)]
    pub(crate) phones: Vec<String>,
    pub(crate) email: Option<String>,
    /// At most 200 characters.
    pub(crate) address: Option<String>,
    /// Default UNKNOWN.
    pub(crate) gender: Option<Gender>,
    /// Not in the future.
    pub(crate) birthday: Option<NaiveDate>,
    /// Default PROSPECT.
    pub(crate) status: Option<CustomerStatus>,
    /// One of the company's industries (see `tenantSettings`).
    pub(crate) industry: Option<String>,
    /// One of the company's customer sources.
    pub(crate) source: Option<String>,
    /// Default NORMAL.
    pub(crate) grade: Option<Grade>,
    /// At most 20 tags of at most 20 characters.
    #[graphql(default)]
    pub(crate) tags: Vec<String>,
    /// Omitted: the creator. `null`: the public pool (admins, supervisors).
    /// Admins may choose any active user, supervisors themselves or a member
    /// of a group they supervise, salespeople only themselves.
    pub(crate) owner_id: MaybeUndefined<ID>,
    pub(crate) last_contact_at: Option<DateTime<Utc>>,
    pub(crate) next_visit_at: Option<DateTime<Utc>>,
    /// Custom field values: a JSON object of at most 16 KiB.
    pub(crate) custom: Option<Json<Value>>,
}

/// A change to a customer; omitted fields stay as they are and `null`
/// clears a clearable field.
#[derive(InputObject)]
pub struct UpdateCustomerInput {
    pub(crate) name: Option<String>,
    pub(crate) company: MaybeUndefined<String>,
    pub(crate) title: MaybeUndefined<String>,
    /// Replaces the list.
    pub(crate) phones: Option<Vec<String>>,
    pub(crate) email: MaybeUndefined<String>,
    pub(crate) address: MaybeUndefined<String>,
    pub(crate) gender: Option<Gender>,
    pub(crate) birthday: MaybeUndefined<NaiveDate>,
    pub(crate) status: Option<CustomerStatus>,
    pub(crate) industry: MaybeUndefined<String>,
    pub(crate) source: MaybeUndefined<String>,
    pub(crate) grade: Option<Grade>,
    /// Replaces the list.
    pub(crate) tags: Option<Vec<String>>,
    /// Admins, and supervisors within their groups, only. `null` moves the
    /// customer to the public pool.
    pub(crate) owner_id: MaybeUndefined<ID>,
    pub(crate) last_contact_at: MaybeUndefined<DateTime<Utc>>,
    pub(crate) next_visit_at: MaybeUndefined<DateTime<Utc>>,
    /// Replaces the custom values.
    pub(crate) custom: Option<Json<Value>>,
}

/// A user as a customer record shows them.
#[derive(SimpleObject)]
pub struct CustomerUser {
    id: ID,
    display_name: String,
}

impl FastObject for CustomerUser {
    fn fast_field(&self, name: &str, _: Sel<'_>) -> Option<GqlValue> {
        // The derived resolvers return these fields as they are.
        match name {
            "id" => Some(self.id.leaf()),
            "displayName" => Some(self.display_name.leaf()),
            _ => None,
        }
    }
}

impl From<UserBrief> for CustomerUser {
    fn from(u: UserBrief) -> Self {
        CustomerUser { id: ID(u.id.to_string()), display_name: u.display_name }
    }
}

/// One recorded change of a customer.
#[derive(SimpleObject)]
pub struct CustomerChange {
    /// The field, by its API name (`status`, `ownerId`, `lastContactAt` …).
    field: String,
    /// Value before: enums by their lower-case machine name, owners by user id.
    old_value: Json<Value>,
    /// Value after.
    new_value: Json<Value>,
    /// Who made the change.
    actor: Option<CustomerUser>,
    /// When.
    at: DateTime<Utc>,
}

impl From<HistoryEntry> for CustomerChange {
    fn from(e: HistoryEntry) -> Self {
        CustomerChange {
            field: e.field,
            old_value: Json(e.old_value),
            new_value: Json(e.new_value),
            actor: e.actor.map(Into::into),
            at: e.at,
        }
    }
}

/// A customer's last release to the public pool (公海).
pub struct CustomerRelease(Release);

#[Object]
impl CustomerRelease {
    /// When.
    async fn released_at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Who released it.
    async fn released_by(&self) -> Option<CustomerUser> {
        self.0.by.clone().map(Into::into)
    }
    /// Why (释放原因); null when it was moved to the pool by editing its owner.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
    /// Who owned it before.
    async fn previous_owner(&self) -> Option<CustomerUser> {
        self.0.previous_owner.clone().map(Into::into)
    }
}

impl FastObject for CustomerRelease {
    fn fast_field(&self, name: &str, sel: Sel<'_>) -> Option<GqlValue> {
        // As the resolvers below.
        match name {
            "releasedAt" => Some(self.0.at.leaf()),
            "releasedBy" => fast::optional(self.0.by.clone().map(CustomerUser::from).as_ref(), sel),
            "reason" => Some(self.0.reason.leaf()),
            "previousOwner" => fast::optional(self.0.previous_owner.clone().map(CustomerUser::from).as_ref(), sel),
            _ => None,
        }
    }
}

/// A customer (客户).
pub struct Customer(pub StoreCustomer);

/// The fields a list row answers without the request context, each as its
/// resolver below answers it (the derived resolvers take the context, so
/// the two that compute share a function). Those taking arguments or the
/// context (`conversations`, `deals`, `grades`, `customValues`, `history`)
/// are left to the generic path.
impl FastObject for Customer {
    fn fast_field(&self, name: &str, sel: Sel<'_>) -> Option<GqlValue> {
        let c = &self.0;
        Some(match name {
            "id" => self.id_value().leaf(),
            "number" => c.number.leaf(),
            "name" => c.name.leaf(),
            "company" => c.company.leaf(),
            "title" => c.title.leaf(),
            "phones" => c.phones.leaf(),
            "email" => c.email.leaf(),
            "address" => c.address.leaf(),
            "gender" => Gender::from(c.gender).leaf(),
            "birthday" => c.birthday.leaf(),
            "photo" => c.photo.leaf(),
            "photoUrl" => self.photo_url_value().leaf(),
            "status" => CustomerStatus::from(c.status).leaf(),
            "industry" => c.industry.leaf(),
            "source" => c.source.leaf(),
            "grade" => Grade::from(c.grade).leaf(),
            "tags" => c.tags.leaf(),
            "owner" => fast::optional(c.owner.clone().map(CustomerUser::from).as_ref(), sel)?,
            "inPool" => c.owner.is_none().leaf(),
            "release" => fast::optional(c.release.clone().map(CustomerRelease).as_ref(), sel)?,
            "lastContactAt" => c.last_contact_at.leaf(),
            "nextVisitAt" => c.next_visit_at.leaf(),
            "custom" => Json(c.custom.clone()).leaf(),
            "createdBy" => fast::object(&CustomerUser::from(c.created_by.clone()), sel)?,
            "createdAt" => c.created_at.leaf(),
            "updatedAt" => c.updated_at.leaf(),
            _ => return None,
        })
    }
}

impl Customer {
    fn id_value(&self) -> ID {
        ID(self.0.id.to_string())
    }

    fn photo_url_value(&self) -> Option<String> {
        self.0.photo.as_deref().map(|p| format!("/photos/{}?v={}", self.0.id, p.get(..12).unwrap_or(p)))
    }
}

#[Object]
impl Customer {
    async fn id(&self) -> ID {
        self.id_value()
    }
    /// Customer number, e.g. KH2026000001, from the company's pattern.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// Contact name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn company(&self) -> Option<&str> {
        self.0.company.as_deref()
    }
    /// Job title.
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    /// Normalised phone numbers.
    async fn phones(&self) -> &[String] {
        &self.0.phones
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    async fn gender(&self) -> Gender {
        self.0.gender.into()
    }
    async fn birthday(&self) -> Option<NaiveDate> {
        self.0.birthday
    }
    /// The stored name of the customer's photo (`<sha256>.<ext>`), if any.
    async fn photo(&self) -> Option<&str> {
        self.0.photo.as_deref()
    }
    /// Where to GET the photo, relative to the server (send the bearer
    /// token); the query string changes with the photo, so it can be cached.
    async fn photo_url(&self) -> Option<String> {
        self.photo_url_value()
    }
    async fn status(&self) -> CustomerStatus {
        self.0.status.into()
    }
    async fn industry(&self) -> Option<&str> {
        self.0.industry.as_deref()
    }
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    async fn grade(&self) -> Grade {
        self.0.grade.into()
    }
    async fn tags(&self) -> &[String] {
        &self.0.tags
    }
    /// The owner; null while the customer is in the public pool.
    async fn owner(&self) -> Option<CustomerUser> {
        self.0.owner.clone().map(Into::into)
    }
    /// Its conversations (洽谈记录), newest first; `first` is 1–100.
    async fn conversations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10)] first: i64,
        after: Option<String>,
    ) -> ApiResult<crate::conversations::ConversationConnection> {
        let filter =
            guanxi_store::conversations::ConversationFilter { customer_id: Some(self.0.id), ..Default::default() };
        crate::conversations::page(ctx, filter, Some(first), after).await
    }
    /// True while the customer is in the public pool (公海).
    async fn in_pool(&self) -> bool {
        self.0.owner.is_none()
    }
    /// Its last release to the public pool, if it was ever released; kept
    /// after someone claims it again.
    async fn release(&self) -> Option<CustomerRelease> {
        self.0.release.clone().map(CustomerRelease)
    }
    async fn last_contact_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_contact_at
    }
    async fn next_visit_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_visit_at
    }
    /// Locked by an admin (`setCustomerLocked`): no pool rule moves it.
    async fn locked(&self) -> bool {
        self.0.locked
    }
    /// When its current owner got it (a claim, an assignment, its
    /// creation): the start of the protection period of pool rules. None in
    /// the pool.
    async fn owned_since(&self) -> Option<DateTime<Utc>> {
        self.0.owned_since
    }
    /// When the customer unsubscribed from care mails (the link in each
    /// one); null while it receives them.
    async fn mail_opt_out_at(&self) -> Option<DateTime<Utc>> {
        self.0.mail_opt_out_at
    }
    /// The mails sent to the customer (care mails, workflows' mails to its
    /// address), newest first: its send log.
    async fn mails(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20, validator(minimum = 1, maximum = 100))] limit: u64,
    ) -> ApiResult<Vec<crate::types::Mail>> {
        ctx.read(async |tx| {
            Ok(guanxi_store::outbox::of_customer(tx, self.0.id, limit).await?.into_iter().map(Into::into).collect())
        })
        .await
    }
    /// Custom field values by key, without those of fields hidden from the
    /// caller's role.
    async fn custom(&self) -> Json<Value> {
        // The store returns only the values the caller may read.
        Json(self.0.custom.clone())
    }
    /// The customer's deals (商机 / 成交记录), newest first.
    async fn deals(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::grading::Deal>> {
        crate::grading::deals_of(ctx, self.0.id).await
    }
    /// The customer's grade under each grading model that has graded it.
    async fn grades(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::grading::CustomerGrade>> {
        crate::grading::grades_of(ctx, self.0.id).await
    }
    /// The custom fields a form shows the caller, in display order, with
    /// their values and whether the caller may change them.
    async fn custom_values(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::custom_fields::CustomValue>> {
        let entity = guanxi_core::custom_fields::FieldEntity::Customer;
        crate::custom_fields::form_values(ctx, entity, &self.0.custom).await
    }
    async fn created_by(&self) -> CustomerUser {
        self.0.created_by.clone().into()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Customers that look like this one (疑似重复), most alike first: the
    /// same phone or e-mail, or the same name (or its pinyin) at the same
    /// company. Read live, so always current.
    async fn possible_duplicates(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::duplicates::DuplicateCandidate>> {
        let c = &self.0;
        let probe = guanxi_store::duplicates::Probe {
            id: Some(c.id.0),
            name: c.name.clone(),
            company: c.company.clone(),
            phones: c.phones.clone(),
            email: c.email.clone(),
        };
        ctx.read(async |tx| {
            Ok(guanxi_store::duplicates::candidates(tx, &probe)
                .await?
                .into_iter()
                .map(crate::duplicates::DuplicateCandidate)
                .collect())
        })
        .await
    }

    /// The merges into this customer (newest first, at most 50), undone
    /// ones included.
    async fn merges(&self, ctx: &Context<'_>) -> ApiResult<Vec<crate::merges::CustomerMerge>> {
        let id = self.0.id;
        ctx.read(async |tx| {
            Ok(guanxi_store::merges::of_customer(tx, id).await?.into_iter().map(crate::merges::CustomerMerge).collect())
        })
        .await
    }

    /// Changes to fields, status, grade and owner, newest first.
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50, validator(minimum = 1, maximum = 200))] limit: u64,
    ) -> ApiResult<Vec<CustomerChange>> {
        ctx.read(async |tx| Ok(customers::history(tx, self.0.id, limit).await?.into_iter().map(Into::into).collect()))
            .await
    }
}

/// A customer in a list, with the cursor that points just after it.
#[derive(SimpleObject)]
#[graphql(name = "CustomerEdge")]
pub struct CustomerEdgeFields<'a> {
    cursor: &'a str,
    node: &'a Customer,
}

/// `CustomerEdge` as lists resolve it: through [`fast`] when the row's
/// selection allows, else as the derived object. Its schema type is that of
/// [`CustomerEdgeFields`].
pub struct CustomerEdge<'a>(CustomerEdgeFields<'a>);

impl FastObject for CustomerEdge<'_> {
    fn fast_field(&self, name: &str, sel: Sel<'_>) -> Option<GqlValue> {
        match name {
            "cursor" => Some(self.0.cursor.leaf()),
            "node" => fast::object(self.0.node, sel),
            _ => None,
        }
    }
}

impl OutputType for CustomerEdge<'_> {
    fn type_name() -> Cow<'static, str> {
        <CustomerEdgeFields<'_> as OutputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <CustomerEdgeFields<'_> as OutputType>::create_type_info(registry)
    }

    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>) -> ServerResult<GqlValue> {
        match fast::object(self, Sel::of(ctx)) {
            Some(value) => Ok(value),
            None => OutputType::resolve(&self.0, ctx, field).await,
        }
    }
}

/// A page of customers.
pub struct CustomerConnection {
    /// The customers, each with the cursor that points just after it.
    pub(crate) edges: Vec<(String, Customer)>,
    /// Whether more customers follow.
    pub(crate) has_next_page: bool,
    pub(crate) filter: StoreFilter,
    /// The total, when the query asked for it: counted in the page's own
    /// transaction, so both see the same snapshot and the request pays for
    /// one transaction, not two.
    pub(crate) total: Option<u64>,
    /// Whether the page continues after a cursor.
    pub(crate) after_given: bool,
}

impl CustomerConnection {
    /// A connection without customers.
    pub(crate) fn empty(filter: StoreFilter, after_given: bool) -> CustomerConnection {
        CustomerConnection { edges: Vec::new(), has_next_page: false, filter, total: Some(0), after_given }
    }

    /// A page, and its total if the query selects `totalCount`.
    pub(crate) async fn new(
        ctx: &Context<'_>,
        tx: &guanxi_store::TenantTx,
        page: customers::CustomerPage,
        filter: StoreFilter,
        after_given: bool,
    ) -> ApiResult<CustomerConnection> {
        let total = if ctx.look_ahead().field("totalCount").exists() {
            Some(customers::count(tx, &filter).await?)
        } else {
            None
        };
        let edges = page.edges.into_iter().map(|(cursor, c)| (cursor, Customer(c))).collect();
        Ok(CustomerConnection { edges, has_next_page: page.has_next_page, filter, total, after_given })
    }
}

#[Object]
impl CustomerConnection {
    async fn edges(&self) -> Vec<CustomerEdge<'_>> {
        self.edges.iter().map(|(cursor, node)| CustomerEdge(CustomerEdgeFields { cursor, node })).collect()
    }
    async fn page_info(&self) -> PageInfo {
        crate::pagination::page_info(self.edges.iter().map(|(c, _)| c.as_str()), self.has_next_page, self.after_given)
    }
    /// How many customers match the filter (all pages). Counted only when asked for.
    async fn total_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        if let Some(total) = self.total {
            return Ok(total);
        }
        ctx.read(async |tx| Ok(customers::count(tx, &self.filter).await?)).await
    }
}
