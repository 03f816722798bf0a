//! Deals (商机 / 成交记录) of customers: what they bought or may buy, for how
//! much and when. Whoever sees a customer sees its deals; whoever may edit
//! the customer may add, change and delete them
//! ([`guanxi_core::deal::may_change_deals`]). Grading models read them.

use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::customer::CustomerScope;
use guanxi_core::deal::{self as rules, Currency, DealDates, DealStatus, Money};
use guanxi_core::input::Checker;
use guanxi_core::{CustomerId, DealId, DomainEvent, Error, FieldError, Result, UserId};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::audit::{self, AuditAction};
use crate::customers::{self, tenant_tz};
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, deal};

const ENTITY: &str = "deal";

/// A deal as the API shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Deal {
    /// Id.
    pub id: DealId,
    /// The customer.
    pub customer_id: CustomerId,
    /// Who it is credited to.
    pub owner_id: Option<UserId>,
    /// Title.
    pub title: String,
    /// The amount.
    pub amount: Money,
    /// Open, won or lost.
    pub status: DealStatus,
    /// Expected close date.
    pub expected_close: Option<NaiveDate>,
    /// Close date (won or lost).
    pub closed_on: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A deal as written: a new one, or the full new state of an existing one.
#[derive(Clone, Debug, Default)]
pub struct DealInput {
    /// 1–100 characters.
    pub title: String,
    /// Decimal text, e.g. `12800.50`.
    pub amount: String,
    /// ISO 4217 code; CNY when absent.
    pub currency: Option<String>,
    /// Open when absent.
    pub status: Option<DealStatus>,
    /// Expected close date.
    pub expected_close: Option<NaiveDate>,
    /// Close date of a won or lost deal; today when absent.
    pub closed_on: Option<NaiveDate>,
    /// Credited to; the customer's owner (or the caller) when absent.
    pub owner_id: Option<UserId>,
    /// Up to 1,000 characters.
    pub notes: Option<String>,
}

fn from_model(m: deal::Model) -> Result<Deal> {
    let corrupt = || Error::Internal("unreadable deal".into());
    let currency = Currency::parse(&m.currency, "currency").map_err(|_| corrupt())?;
    Ok(Deal {
        id: DealId(m.id),
        customer_id: CustomerId(m.customer_id),
        owner_id: m.owner_id.map(UserId),
        title: m.title,
        amount: Money::from_minor(m.amount_minor, currency).ok_or_else(corrupt)?,
        status: m.status.parse().map_err(|_| corrupt())?,
        expected_close: m.expected_close,
        closed_on: m.closed_on,
        notes: m.notes,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// A customer the caller sees: `NOT_FOUND` otherwise; with `edit`,
/// `FORBIDDEN` unless they may change its deals.
async fn customer_of(tx: &TenantTx, id: CustomerId, edit: bool) -> Result<customer::Model> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let m = customers::visible_row(tx, &scope, id).await?;
    if edit && !rules::may_change_deals(&scope, m.owner_id.map(UserId)) {
        return Err(Error::Forbidden);
    }
    Ok(m)
}

/// The deals of a customer the caller sees, newest first.
pub async fn list(tx: &TenantTx, customer_id: CustomerId) -> Result<Vec<Deal>> {
    customer_of(tx, customer_id, false).await?;
    tx.select::<deal::Entity>()
        .filter(deal::Column::CustomerId.eq(customer_id.0))
        .order_by_desc(deal::Column::CreatedAt)
        .order_by_desc(deal::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(from_model)
        .collect()
}

/// Check `input` for a deal of `customer` (stored state `kept`, if any).
async fn check(
    tx: &TenantTx,
    customer: &customer::Model,
    input: &DealInput,
    kept: Option<&deal::Model>,
) -> Result<(String, Money, DealStatus, DealDates, Option<UserId>, Option<String>)> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let mut c = Checker::new();
    let title = input.title.trim();
    let n = title.chars().count();
    if n == 0 || n > rules::TITLE_MAX || title.chars().any(char::is_control) {
        c.check::<()>(Err(FieldError::new("title", "invalid", format!("1 to {} characters", rules::TITLE_MAX))));
    }
    let currency = c.check(Currency::parse(input.currency.as_deref().unwrap_or("CNY"), "currency"));
    let amount = currency.and_then(|cur| c.check(Money::parse(&input.amount, cur, "amount")));
    let notes = input.notes.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    if notes.as_ref().is_some_and(|s| s.chars().count() > rules::NOTES_MAX) {
        c.check::<()>(Err(FieldError::new("notes", "too_long", format!("at most {} characters", rules::NOTES_MAX))));
    }
    let status = input.status.unwrap_or_default();
    let today = tx.now.with_timezone(&tenant_tz(tx).await?).date_naive();
    let dates = match DealDates::resolve(
        status,
        input.expected_close,
        input.closed_on,
        kept.and_then(|k| k.closed_on),
        today,
    ) {
        Ok(d) => Some(d),
        Err(errors) => {
            for e in errors {
                c.check::<()>(Err(e));
            }
            None
        }
    };
    let owner = match input.owner_id {
        None => kept.map_or(customer.owner_id.or(Some(tx.actor()?.user_id.0)), |k| k.owner_id).map(UserId),
        Some(id) => match customers::owner_ref(tx, id).await? {
            Ok(r) if rules::may_credit(&scope, &r) => Some(id),
            Ok(_) => return Err(Error::Forbidden),
            Err(e) => {
                c.check::<()>(Err(FieldError::new("ownerId", e.reason, e.message)));
                None
            }
        },
    };
    c.finish()?;
    match (amount, dates) {
        (Some(a), Some(d)) => Ok((title.to_owned(), a, status, d, owner, notes)),
        _ => Err(Error::Internal("checker passed with a missing field".into())),
    }
}

/// Record a deal on a customer the caller may edit.
pub async fn create(tx: &TenantTx, customer_id: CustomerId, input: DealInput) -> Result<Deal> {
    let cust = customer_of(tx, customer_id, true).await?;
    let (title, amount, status, dates, owner, notes) = check(tx, &cust, &input, None).await?;
    let id = DealId::new();
    tx.insert(deal::ActiveModel {
        // Set by the scoped insert.
        tenant_id: NotSet,
        id: Set(id.0),
        customer_id: Set(customer_id.0),
        owner_id: Set(owner.map(|o| o.0)),
        title: Set(title),
        amount_minor: Set(amount.minor()),
        currency: Set(amount.currency().code().to_owned()),
        status: Set(status.as_str().to_owned()),
        expected_close: Set(dates.expected_close),
        closed_on: Set(dates.close),
        notes: Set(notes),
        created_by: Set(Some(tx.actor()?.user_id.0)),
        created_at: Set(tx.now),
        updated_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    tx.emit(DomainEvent::DealCreated { deal: id, customer: customer_id });
    audit::record(
        tx,
        AuditAction::DealCreate,
        ENTITY,
        Some(id.0),
        json!({ "customerId": customer_id.0, "amount": amount.decimal(), "currency": amount.currency().code(), "status": status.as_str() }),
    )
    .await?;
    get(tx, id).await
}

async fn stored(tx: &TenantTx, id: DealId) -> Result<deal::Model> {
    tx.select::<deal::Entity>()
        .filter(deal::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("deal"))
}

/// One deal of a customer the caller sees.
pub async fn get(tx: &TenantTx, id: DealId) -> Result<Deal> {
    let m = stored(tx, id).await?;
    customer_of(tx, CustomerId(m.customer_id), false).await.map_err(|_| Error::NotFound("deal"))?;
    from_model(m)
}

/// A deal the caller may change, with its customer: a deal of a customer
/// out of sight is `NOT_FOUND` like one of another company.
async fn changeable(tx: &TenantTx, id: DealId) -> Result<(deal::Model, customer::Model)> {
    let old = stored(tx, id).await?;
    let cust = customer_of(tx, CustomerId(old.customer_id), true).await.map_err(|e| match e {
        Error::NotFound(_) => Error::NotFound("deal"),
        other => other,
    })?;
    Ok((old, cust))
}

/// Replace a deal's state (win it, lose it, reopen it, change the amount).
pub async fn update(tx: &TenantTx, id: DealId, input: DealInput) -> Result<Deal> {
    let (old, cust) = changeable(tx, id).await?;
    let (title, amount, status, dates, owner, notes) = check(tx, &cust, &input, Some(&old)).await?;
    tx.update_many::<deal::Entity>()
        .col_expr(deal::Column::Title, Expr::value(title))
        .col_expr(deal::Column::AmountMinor, Expr::value(amount.minor()))
        .col_expr(deal::Column::Currency, Expr::value(amount.currency().code()))
        .col_expr(deal::Column::Status, Expr::value(status.as_str()))
        .col_expr(deal::Column::ExpectedClose, Expr::value(dates.expected_close))
        .col_expr(deal::Column::ClosedOn, Expr::value(dates.close))
        .col_expr(deal::Column::OwnerId, Expr::value(owner.map(|o| o.0)))
        .col_expr(deal::Column::Notes, Expr::value(notes))
        .col_expr(deal::Column::UpdatedAt, Expr::value(tx.now))
        .filter(deal::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.emit(DomainEvent::DealUpdated { deal: id, customer: CustomerId(old.customer_id) });
    audit::record(
        tx,
        AuditAction::DealUpdate,
        ENTITY,
        Some(id.0),
        json!({ "customerId": old.customer_id, "from": old.status, "to": status.as_str(), "amount": amount.decimal() }),
    )
    .await?;
    get(tx, id).await
}

/// Delete a deal (who may edit its customer).
pub async fn delete(tx: &TenantTx, id: DealId) -> Result<()> {
    let (old, _) = changeable(tx, id).await?;
    tx.delete_many::<deal::Entity>().filter(deal::Column::Id.eq(id.0)).exec(tx.conn()).await.map_err(db_err)?;
    tx.emit(DomainEvent::DealDeleted { deal: id, customer: CustomerId(old.customer_id) });
    audit::record(
        tx,
        AuditAction::DealDelete,
        ENTITY,
        Some(id.0),
        json!({ "customerId": old.customer_id, "title": old.title }),
    )
    .await?;
    Ok(())
}
