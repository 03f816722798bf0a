//! Customers: create, edit, read, list with filters, canned date windows,
//! sorting and cursor pagination.

mod types;

use async_graphql::{Context, ID, Object};
use guanxi_core::{CustomerId, UserId};
use guanxi_store::customers::{self, CustomerUpdate, NewCustomer};

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
pub use types::{
    CreateCustomerInput, Customer, CustomerConnection, CustomerFilter, CustomerSort, CustomerStatus, CustomerUser,
    Grade, LifecycleStage, UpdateCustomerInput,
};

fn owner_id(id: Option<Option<ID>>) -> ApiResult<Option<Option<UserId>>> {
    id.map(|o| o.map(|id| parse_id::<UserId>(&id, "ownerId")).transpose()).transpose()
}

/// What a customer list's client selected of each customer, so that the
/// store reads only that (look-ahead through fragments too).
pub(crate) fn shape(ctx: &Context<'_>) -> customers::Shape {
    let node = ctx.look_ahead().field("edges").field("node");
    let release = node.field("release");
    customers::Shape {
        custom: node.field("custom").exists() || node.field("customValues").exists(),
        owner_name: node.field("owner").field("displayName").exists(),
        creator_name: node.field("createdBy").field("displayName").exists(),
        release_names: release.field("releasedBy").field("displayName").exists()
            || release.field("previousOwner").field("displayName").exists(),
    }
}

#[derive(Default)]
pub struct CustomerQuery;

#[Object]
impl CustomerQuery {
    /// One customer the caller may see.
    ///
    /// The id of a customer merged into another leads to that one (its
    /// `id` is then not the one asked for), as long as the merge stands.
    async fn customer(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Customer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        ctx.read(async |tx| match customers::get(tx, id).await {
            Err(guanxi_core::Error::NotFound(what)) => match guanxi_store::merges::survivor_of(tx, id).await? {
                Some(to) => Ok(Customer(customers::get(tx, to).await?)),
                None => Err(guanxi_core::Error::NotFound(what).into()),
            },
            other => Ok(Customer(other?)),
        })
        .await
    }

    /// The customers the caller may see: salespeople their own and the
    /// public pool, supervisors also their groups' customers, admins all.
    /// `first` is 1–100 (default 10); `after` is an `endCursor` of the same
    /// sort order. With a search engine configured, `filter.search` is
    /// looked up in the engine (see `search`) and the list holds every
    /// match (up to 100,000, then the best-ranked), in the list's own sort
    /// order, counted exactly.
    async fn customers(
        &self,
        ctx: &Context<'_>,
        filter: Option<CustomerFilter>,
        sort: Option<CustomerSort>,
        first: Option<i64>,
        after: Option<String>,
    ) -> ApiResult<CustomerConnection> {
        let (mut filter, fields) = CustomerFilter::into_store_with_fields(filter)?;
        let sort = CustomerSort::into_store(sort);
        ctx.read(async |tx| {
            crate::search::resolve_list_search(ctx, tx, &mut filter, &fields).await?;
            let page = customers::list_shaped(tx, &filter, sort, first, after.as_deref(), shape(ctx)).await?;
            CustomerConnection::new(ctx, tx, page, filter, after.is_some()).await
        })
        .await
    }
}

#[derive(Default)]
pub struct CustomerMutation;

#[Object]
impl CustomerMutation {
    /// Create a customer; its number comes from the company's pattern.
    async fn create_customer(&self, ctx: &Context<'_>, input: CreateCustomerInput) -> ApiResult<Customer> {
        let new = NewCustomer {
            owner_id: owner_id(input.owner_id.into())?,
            name: input.name,
            company: input.company,
            title: input.title,
            phones: input.phones,
            email: input.email,
            address: input.address,
            gender: input.gender.map(Into::into),
            birthday: input.birthday,
            status: input.status.map(Into::into),
            industry: input.industry,
            source: input.source,
            grade: input.grade.map(Into::into),
            tags: input.tags,
            last_contact_at: input.last_contact_at,
            next_visit_at: input.next_visit_at,
            custom: input.custom.map(|j| j.0),
        };
        ctx.write(async |tx| {
            let c = customers::create(tx, new).await?;
            Ok(Customer(c))
        })
        .await
    }

    /// Edit a customer. Every changed field is recorded in its history.
    async fn update_customer(&self, ctx: &Context<'_>, id: ID, input: UpdateCustomerInput) -> ApiResult<Customer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        let change = CustomerUpdate {
            owner_id: owner_id(input.owner_id.into())?,
            name: input.name,
            company: input.company.into(),
            title: input.title.into(),
            phones: input.phones,
            email: input.email.into(),
            address: input.address.into(),
            gender: input.gender.map(Into::into),
            birthday: input.birthday.into(),
            status: input.status.map(Into::into),
            industry: input.industry.into(),
            source: input.source.into(),
            grade: input.grade.map(Into::into),
            tags: input.tags,
            last_contact_at: input.last_contact_at.into(),
            next_visit_at: input.next_visit_at.into(),
            custom: input.custom.map(|j| j.0),
        };
        ctx.write(async |tx| {
            let c = customers::update(tx, id, change).await?;
            Ok(Customer(c))
        })
        .await
    }
}
