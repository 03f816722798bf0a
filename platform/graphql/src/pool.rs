//! The public pool (公海 / 隔离区): list it, release customers into it,
//! claim them, assign and transfer customers, delete one for good.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use guanxi_core::pool::ReleaseReason;
use guanxi_core::{CustomerId, Error, UserId};
use guanxi_store::customers::pool::{self, DeletedCustomer as StoreDeleted, PoolQuota as StoreQuota};
use guanxi_store::customers::{self, SortField};

use crate::context::ContextExt;
use crate::customers::{Customer, CustomerConnection, CustomerFilter, CustomerSort};
use crate::error::{ApiResult, parse_id};

/// Where the caller stands against the company's caps on claiming.
#[derive(SimpleObject)]
pub struct PoolQuota {
    /// Claims made today (the company's calendar day).
    claims_today: u64,
    /// Claims allowed per day; 0: no limit.
    claims_per_day: u32,
    /// Customers held now.
    held: u64,
    /// Customers one may hold; 0: no limit.
    max_held: u32,
    /// Days before a previous owner may claim a released customer back; 0: at once.
    reclaim_cooldown_days: u32,
    /// When today ends and the daily count starts again.
    day_ends_at: DateTime<Utc>,
}

impl From<StoreQuota> for PoolQuota {
    fn from(q: StoreQuota) -> Self {
        PoolQuota {
            claims_today: q.claims_today,
            claims_per_day: q.claims_per_day,
            held: q.held,
            max_held: q.max_held,
            reclaim_cooldown_days: q.reclaim_cooldown_days,
            day_ends_at: q.day_ends_at,
        }
    }
}

/// A customer deleted for good.
#[derive(SimpleObject)]
pub struct DeletedCustomer {
    id: ID,
    number: String,
    name: String,
    /// History entries deleted with it.
    history_entries: u64,
}

impl From<StoreDeleted> for DeletedCustomer {
    fn from(d: StoreDeleted) -> Self {
        DeletedCustomer { id: ID(d.id.to_string()), number: d.number, name: d.name, history_entries: d.history_entries }
    }
}

/// A release reason and how many pool customers carry it now.
#[derive(SimpleObject)]
pub struct PoolReleaseReason {
    /// The reason as given at release.
    reason: String,
    /// Customers in the pool now released with it.
    count: u64,
}

#[derive(Default)]
pub struct PoolQuery;

#[Object]
impl PoolQuery {
    /// The public pool (公海): customers without an owner, with full details
    /// and history, newest release first unless sorted otherwise. Takes the
    /// customer filters (`releasedWithin`: released today, within 3 days, a
    /// week, a month, a year); `inPool: false` is refused. `releaseReason`
    /// keeps the customers released with exactly that reason (the reasons
    /// in use: `poolReleaseReasons`).
    async fn pool(
        &self,
        ctx: &Context<'_>,
        filter: Option<CustomerFilter>,
        sort: Option<CustomerSort>,
        first: Option<i64>,
        after: Option<String>,
        release_reason: Option<String>,
    ) -> ApiResult<CustomerConnection> {
        let (mut filter, fields) = CustomerFilter::into_store_with_fields(filter)?;
        filter.release_reason = release_reason
            .map(|r| {
                ReleaseReason::parse(&r, "releaseReason")
                    .map(|r| r.as_str().to_owned())
                    .map_err(|e| Error::Validation(vec![e]))
            })
            .transpose()?;
        if filter.in_pool == Some(false) {
            return Err(
                Error::invalid("filter.inPool", "invalid", "the pool holds only customers without an owner").into()
            );
        }
        filter.in_pool = Some(true);
        let sort = match sort {
            None => customers::CustomerSort::by(SortField::ReleasedAt, true),
            s => CustomerSort::into_store(s),
        };
        ctx.read(async |tx| {
            crate::search::resolve_list_search(ctx, tx, &mut filter, &fields).await?;
            let shape = crate::customers::shape(ctx);
            let page = customers::list_shaped(tx, &filter, sort, first, after.as_deref(), shape).await?;
            CustomerConnection::new(ctx, tx, page, filter, after.is_some()).await
        })
        .await
    }

    /// The reasons the customers in the pool now were released with, the
    /// most used first, at most 100: what the pool's reason filter offers.
    async fn pool_release_reasons(&self, ctx: &Context<'_>) -> ApiResult<Vec<PoolReleaseReason>> {
        ctx.read(async |tx| {
            let reasons = pool::release_reasons(tx).await?;
            Ok(reasons.into_iter().map(|r| PoolReleaseReason { reason: r.reason, count: r.count }).collect())
        })
        .await
    }

    /// The caller's claims today and customers held against the company's caps.
    async fn pool_quota(&self, ctx: &Context<'_>) -> ApiResult<PoolQuota> {
        ctx.read(async |tx| Ok(pool::quota(tx).await?.into())).await
    }
}

/// Why one customer of a bulk action could not be acted on.
#[derive(SimpleObject)]
pub struct BulkItemError {
    /// The customer.
    id: ID,
    /// The code it would have failed with alone (`NOT_FOUND`, `FORBIDDEN`,
    /// `CONFLICT`), from the one table of codes.
    code: String,
    /// The reason (`in_pool` for a `CONFLICT`), else empty.
    reason: String,
    /// What happened, for people (English).
    message: String,
}

/// What a bulk release did: all the customers, or none and why.
#[derive(SimpleObject)]
pub struct BulkReleaseResult {
    /// The customers now in the pool; empty when `errors` is not.
    released: Vec<Customer>,
    /// The customers in the way; when there are any, nothing was released.
    errors: Vec<BulkItemError>,
}

#[derive(Default)]
pub struct PoolMutation;

#[Object]
impl PoolMutation {
    /// Move a customer to the public pool with a reason (1–200 characters):
    /// what "deleting" a customer means for everyone but an admin deleting
    /// it for good. Salespeople release their own customers, supervisors
    /// those of their groups, admins any.
    async fn release_customer(&self, ctx: &Context<'_>, id: ID, reason: String) -> ApiResult<Customer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        ctx.write(async |tx| {
            let c = pool::release(tx, id, &reason).await?;
            Ok(Customer(c))
        })
        .await
    }

    /// Release customers (1–500 ids, duplicates once) into the pool with one
    /// reason, all or nothing in one transaction: when any cannot be
    /// released (`NOT_FOUND`: not visible to the caller; `FORBIDDEN`: not
    /// theirs to release; `CONFLICT` `in_pool`: already there), nothing is
    /// and `errors` says why for each; else `released` holds them all. A
    /// bad reason or id list is an error of the whole request.
    async fn release_customers(&self, ctx: &Context<'_>, ids: Vec<ID>, reason: String) -> ApiResult<BulkReleaseResult> {
        let ids = ids
            .iter()
            .enumerate()
            .map(|(i, id)| parse_id::<CustomerId>(id, &format!("ids.{i}")))
            .collect::<ApiResult<Vec<_>>>()?;
        ctx.write(async |tx| {
            let done = pool::release_many(tx, &ids, &reason).await?;
            let errors = done
                .errors
                .into_iter()
                .map(|(id, e)| BulkItemError {
                    id: ID(id.to_string()),
                    code: e.code().as_str().to_owned(),
                    reason: match &e {
                        Error::Conflict(f) => f.reason.to_owned(),
                        _ => String::new(),
                    },
                    message: e.to_string(),
                })
                .collect();
            Ok(BulkReleaseResult { released: done.released.into_iter().map(Customer).collect(), errors })
        })
        .await
    }

    /// Claim a customer from the pool for oneself, within the company's caps
    /// (`LIMIT_REACHED` names the one in the way). If someone else was
    /// quicker: `CONFLICT` with reason `already_claimed`.
    async fn claim_customer(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Customer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        ctx.write(async |tx| {
            let c = pool::claim(tx, id).await?;
            Ok(Customer(c))
        })
        .await
    }

    /// Give customers, from the pool or from their owners, to a user (1–500
    /// ids; all or nothing). Admins: any customer to anyone who can hold
    /// customers; supervisors: within the groups they supervise. The
    /// company's holding cap (`pool.maxHeld`) applies to the recipient:
    /// `LIMIT_REACHED` unless an admin sets `overrideCap`.
    async fn assign_customers(
        &self,
        ctx: &Context<'_>,
        ids: Vec<ID>,
        to_user_id: ID,
        #[graphql(default)] override_cap: bool,
    ) -> ApiResult<Vec<Customer>> {
        let ids = ids
            .iter()
            .enumerate()
            .map(|(i, id)| parse_id::<CustomerId>(id, &format!("ids.{i}")))
            .collect::<ApiResult<Vec<_>>>()?;
        let to = parse_id::<UserId>(&to_user_id, "toUserId")?;
        ctx.write(async |tx| {
            let list = pool::assign(tx, &ids, to, override_cap).await?;
            Ok(list.into_iter().map(Customer).collect())
        })
        .await
    }

    /// Lock a customer out of the pool rules, or unlock it (admins only): a
    /// locked customer stays with its owner however long it is neglected.
    async fn set_customer_locked(&self, ctx: &Context<'_>, id: ID, locked: bool) -> ApiResult<Customer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        ctx.write(async |tx| Ok(Customer(pool::set_locked(tx, id, locked).await?))).await
    }

    /// Stop (`optedOut: true`) or resume care mails to a customer by hand,
    /// for whoever may edit it: the customer asked by phone, or asked to hear
    /// again after unsubscribing with the link in a mail.
    async fn set_customer_mail_opt_out(&self, ctx: &Context<'_>, id: ID, opted_out: bool) -> ApiResult<Customer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        ctx.write(async |tx| Ok(Customer(guanxi_store::care::set_mail_opt_out(tx, id, opted_out).await?))).await
    }

    /// Hand every customer of one user to another; returns how many moved.
    /// Admins, and supervisors between members of their groups. The holding
    /// cap applies as for `assignCustomers`.
    async fn transfer_customers(
        &self,
        ctx: &Context<'_>,
        from_user_id: ID,
        to_user_id: ID,
        #[graphql(default)] override_cap: bool,
    ) -> ApiResult<u64> {
        let from = parse_id::<UserId>(&from_user_id, "fromUserId")?;
        let to = parse_id::<UserId>(&to_user_id, "toUserId")?;
        ctx.write(async |tx| {
            let n = pool::transfer_all(tx, from, to, override_cap).await?;
            Ok(n)
        })
        .await
    }

    /// Delete a customer for good with its history and conversations
    /// (admins only; `confirm` must be true). The audit log keeps its number
    /// and name. Everyone else "deletes" with `releaseCustomer`.
    async fn delete_customer_permanently(
        &self,
        ctx: &Context<'_>,
        id: ID,
        confirm: bool,
    ) -> ApiResult<DeletedCustomer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        let (d, tenant) =
            ctx.write(async |tx| Ok((pool::delete_permanently(tx, id, confirm).await?, tx.tenant_id()))).await?;
        ctx.rc()?.store.forget_photo(tenant, id, None).await;
        Ok(d.into())
    }
}
