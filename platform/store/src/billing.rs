//! Each company's subscription: its plan, its lifecycle state and the
//! payment provider's references, kept in the global `billing_subscriptions`
//! table (the operator's record of the contract; see `docs/architecture.md`,
//! "Billing").
//!
//! The lifecycle: a new company starts a trial of `team` without a card
//! ([`TRIAL_DAYS`] days); paying makes it `active`; a failed payment (or a
//! trial that ends unpaid) makes it `past_due` with a grace period, after
//! which it is `read_only`; the operator (or the provider) ends it
//! (`canceled`). Read-only and canceled companies keep every record: reads,
//! exports, the maintenance role's backups and billing itself still work,
//! every other write answers `SUBSCRIPTION_READ_ONLY` (the guard in
//! [`Store::tenant_tx`]).
//!
//! What a provider reports is applied by [`Store::apply_provider_subscription`]
//! only when it is newer than what was last applied, so a late webhook never
//! overwrites a newer state. Transitions that are due by time are made by
//! [`Store::billing_sweep`], run periodically by the billing worker.

use chrono::{DateTime, Duration, Utc};
use guanxi_core::billing::{ProviderStatus, ProviderSubscription, SubscriptionState};
use guanxi_core::subscription::PlanId;
use guanxi_core::{Action, Error, FieldError, Result, Role, TenantId};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::{Access, Store, TenantTx, db_err};
use crate::entity::{
    billing_subscription as sub, billing_usage_report as usage, billing_webhook_event as hook, plugin_usage, tenant,
    tenant_slug, user,
};
use crate::outbox;

/// Length of the free trial a new company starts with.
pub const TRIAL_DAYS: i64 = 14;
/// The plan a new company tries.
pub const TRIAL_PLAN: &str = "team";
/// How long before the end of a trial its admins are reminded.
pub const TRIAL_NOTICE_DAYS: i64 = 3;
/// The provider of companies nobody connected to a payment provider.
pub const LOCAL_PROVIDER: &str = "local";

/// A company's subscription as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// The company.
    pub tenant: TenantId,
    /// The plan it is on (or trying).
    pub plan: PlanId,
    /// Where it stands.
    pub state: SubscriptionState,
    /// `local` or `stripe`.
    pub provider: String,
    /// End of the trial, while trialing (and after, for the record).
    pub trial_ends_at: Option<DateTime<Utc>>,
    /// End of the period paid for.
    pub current_period_end: Option<DateTime<Utc>>,
    /// When the grace period began (the first failed payment, or the end of
    /// an unpaid trial).
    pub grace_started_at: Option<DateTime<Utc>>,
    /// When the company becomes read-only unless it pays.
    pub read_only_at: Option<DateTime<Utc>>,
    /// Whether it ends at the end of the period.
    pub cancel_at_period_end: bool,
    /// When it was canceled.
    pub canceled_at: Option<DateTime<Utc>>,
    /// The provider's customer id.
    pub customer_ref: Option<String>,
    /// The provider's subscription id.
    pub subscription_ref: Option<String>,
    /// Seats the provider charges for.
    pub seats: u32,
    /// The provider's time of the last report applied.
    pub observed_at: Option<DateTime<Utc>>,
}

impl Subscription {
    fn from_row(m: sub::Model) -> Result<Subscription> {
        Ok(Subscription {
            tenant: TenantId(m.tenant_id),
            plan: PlanId::parse(&m.plan).map_err(Error::internal)?,
            state: SubscriptionState::parse(&m.state)
                .ok_or_else(|| Error::Internal(format!("unknown subscription state {}", m.state).into()))?,
            provider: m.provider,
            trial_ends_at: m.trial_ends_at,
            current_period_end: m.current_period_end,
            grace_started_at: m.grace_started_at,
            read_only_at: m.read_only_at,
            cancel_at_period_end: m.cancel_at_period_end,
            canceled_at: m.canceled_at,
            customer_ref: m.customer_ref,
            subscription_ref: m.subscription_ref,
            seats: u32::try_from(m.seats).unwrap_or(0),
            observed_at: m.observed_at,
        })
    }

    /// A company from before billing, without a row: active on the plan its
    /// tenant row names, on the local provider.
    fn grandfathered(tenant: TenantId, plan: PlanId) -> Subscription {
        Subscription {
            tenant,
            plan,
            state: SubscriptionState::Active,
            provider: LOCAL_PROVIDER.to_owned(),
            trial_ends_at: None,
            current_period_end: None,
            grace_started_at: None,
            read_only_at: None,
            cancel_at_period_end: false,
            canceled_at: None,
            customer_ref: None,
            subscription_ref: None,
            seats: 0,
            observed_at: None,
        }
    }

    /// Whether writes (billing aside) are refused at `now`: the state says so,
    /// or the grace period has run out even if the sweep has not passed yet.
    pub fn blocks_writes(&self, now: DateTime<Utc>) -> bool {
        !self.state.allows_writes() || self.read_only_at.is_some_and(|t| t <= now)
    }

    /// The state as the guard sees it at `now` (see [`Subscription::blocks_writes`]).
    pub fn effective_state(&self, now: DateTime<Utc>) -> SubscriptionState {
        if self.state.allows_writes() && self.read_only_at.is_some_and(|t| t <= now) {
            SubscriptionState::ReadOnly
        } else {
            self.state
        }
    }
}

/// Tunables of the lifecycle, from the operator's configuration.
#[derive(Clone, Copy, Debug)]
pub struct Lifecycle {
    /// How long a company keeps writing after a failed payment (or an
    /// unpaid trial's end) before it becomes read-only.
    pub grace: Duration,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle { grace: Duration::days(7) }
    }
}

/// Which write a transaction exempt from the subscription guard is for:
/// the writes a read-only company must still be able to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exempt {
    /// Billing itself: checkout, the portal, cancelling, resuming.
    Billing,
    /// Starting an export (its audit record and download link).
    Export,
    /// The caller's own account: logging out, changing the password,
    /// verifying the address, reading one's notifications and choosing
    /// where they reach one.
    OwnAccount,
}

async fn row(conn: &impl sea_orm::ConnectionTrait, tenant: TenantId) -> Result<Option<sub::Model>> {
    sub::Entity::find_by_id(tenant.0).one(conn).await.map_err(db_err)
}

/// The guard of every write transaction made for a principal: one lookup of
/// the company's row by its key. Companies without a row (from before
/// billing) write.
pub(crate) async fn guard(tx: &TenantTx) -> Result<()> {
    let found = sub::Entity::find_by_id(tx.tenant_id().0)
        .select_only()
        .columns([sub::Column::State, sub::Column::ReadOnlyAt])
        .into_tuple::<(String, Option<DateTime<Utc>>)>()
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    let Some((state, read_only_at)) = found else { return Ok(()) };
    let state = SubscriptionState::parse(&state).unwrap_or(SubscriptionState::Active);
    if !state.allows_writes() {
        return Err(Error::SubscriptionReadOnly { state });
    }
    if read_only_at.is_some_and(|t| t <= tx.now) {
        return Err(Error::SubscriptionReadOnly { state: SubscriptionState::ReadOnly });
    }
    Ok(())
}

/// Start the trial of a company signing up, in its sign-up transaction: a
/// row trialing [`TRIAL_PLAN`] for [`TRIAL_DAYS`] days, and the tenant row
/// on that plan (entitlements read it there).
pub(crate) async fn start_trial(tx: &TenantTx) -> Result<()> {
    let plan = PlanId::parse(TRIAL_PLAN).map_err(Error::internal)?;
    sub::Entity::insert(sub::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        plan: Set(plan.as_str().to_owned()),
        state: Set(SubscriptionState::Trialing.as_str().to_owned()),
        provider: Set(LOCAL_PROVIDER.to_owned()),
        trial_ends_at: Set(Some(tx.now + Duration::days(TRIAL_DAYS))),
        current_period_end: Set(None),
        grace_started_at: Set(None),
        read_only_at: Set(None),
        cancel_at_period_end: Set(false),
        canceled_at: Set(None),
        customer_ref: Set(None),
        subscription_ref: Set(None),
        seats: Set(1),
        observed_at: Set(None),
        trial_notice_at: Set(None),
        reconciled_at: Set(None),
        created_at: Set(tx.now),
        updated_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    set_tenant_plan(tx, &plan).await
}

async fn set_tenant_plan(tx: &TenantTx, plan: &PlanId) -> Result<()> {
    tx.update_many::<tenant::Entity>()
        .col_expr(tenant::Column::Plan, Expr::value(plan.as_str()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    // The cached row (if any) now holds the old plan.
    *tx.tenant_row.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    Ok(())
}

/// The company's subscription, for its admins.
pub async fn current(tx: &TenantTx) -> Result<Subscription> {
    tx.actor()?.authorize(&Action::ManageBilling)?;
    read(tx).await
}

/// The company's subscription, for code that already authorized the caller.
pub(crate) async fn read(tx: &TenantTx) -> Result<Subscription> {
    match row(tx.conn(), tx.tenant_id()).await? {
        Some(m) => Subscription::from_row(m),
        None => Ok(Subscription::grandfathered(tx.tenant_id(), crate::tenants::plan(tx).await?)),
    }
}

/// Where the company's subscription stands, as every member of the company
/// may see it (for the notice the app shows everyone): the state writes
/// obey and the dates that notice needs, nothing of the plan's price or the
/// provider's references, which stay for admins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The state writes obey now (a grace that ran out reads `read_only`).
    pub state: SubscriptionState,
    /// End of the trial, while trialing.
    pub trial_ends_at: Option<DateTime<Utc>>,
    /// When the company becomes (or became) read-only; none while active
    /// or trialing.
    pub read_only_at: Option<DateTime<Utc>>,
}

/// The company's [`Standing`], for any member of it (no role needed: it is
/// the caller's own company, and it says only what every write of theirs
/// would run into).
pub async fn standing(tx: &TenantTx) -> Result<Standing> {
    tx.actor()?;
    let s = read(tx).await?;
    let state = s.effective_state(tx.now);
    Ok(Standing {
        state,
        trial_ends_at: s.trial_ends_at.filter(|_| state == SubscriptionState::Trialing),
        read_only_at: s
            .read_only_at
            .filter(|_| !matches!(state, SubscriptionState::Active | SubscriptionState::Trialing)),
    })
}

/// Active users: the seats a paid subscription is charged for.
pub async fn active_seats(tx: &TenantTx) -> Result<u32> {
    let n = tx
        .select::<user::Entity>()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Kind.eq(crate::users::PERSON))
        .filter(user::Column::Role.ne(Role::Maintenance.as_str()))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Record the provider customer a checkout created for the company, so
/// that its webhooks find the company. Admins only (through checkout).
pub async fn link_customer(tx: &TenantTx, provider: &'static str, customer_ref: &str) -> Result<()> {
    tx.actor()?.authorize(&Action::ManageBilling)?;
    ensure_row(tx).await?;
    sub::Entity::update_many()
        .col_expr(sub::Column::Provider, Expr::value(provider))
        .col_expr(sub::Column::CustomerRef, Expr::value(Some(customer_ref)))
        .col_expr(sub::Column::UpdatedAt, Expr::value(tx.now))
        .filter(sub::Column::TenantId.eq(tx.tenant_id().0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Make sure the company has a row (companies from before billing get
/// their grandfathered one written).
async fn ensure_row(tx: &TenantTx) -> Result<()> {
    if row(tx.conn(), tx.tenant_id()).await?.is_some() {
        return Ok(());
    }
    let plan = crate::tenants::plan(tx).await?;
    sub::Entity::insert(sub::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        plan: Set(plan.as_str().to_owned()),
        state: Set(SubscriptionState::Active.as_str().to_owned()),
        provider: Set(LOCAL_PROVIDER.to_owned()),
        trial_ends_at: Set(None),
        current_period_end: Set(None),
        grace_started_at: Set(None),
        read_only_at: Set(None),
        cancel_at_period_end: Set(false),
        canceled_at: Set(None),
        customer_ref: Set(None),
        subscription_ref: Set(None),
        seats: Set(0),
        observed_at: Set(None),
        trial_notice_at: Set(None),
        reconciled_at: Set(None),
        created_at: Set(tx.now),
        updated_at: Set(tx.now),
    })
    .on_conflict(OnConflict::column(sub::Column::TenantId).do_nothing().to_owned())
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The mails billing sends (Chinese first, then English).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Notice {
    TrialEnding,
    PaymentFailed,
    ReadOnly,
}

/// Queue `notice` to every active admin of the company, in `tx`.
async fn notify(tx: &TenantTx, notice: Notice, s: &Subscription) -> Result<()> {
    let company = crate::tenants::current(tx).await?;
    let url = tx.cfg.public_url.trim_end_matches('/').to_owned();
    let day = |t: Option<DateTime<Utc>>| t.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let (kind, subject, body) = match notice {
        Notice::TrialEnding => (
            "billing_trial_ending",
            format!("试用即将结束 · Your trial of Guanxi ends soon ({})", company.name),
            format!(
                "{name} 的 {plan} 套餐试用将于 {end} 结束。请在此之前订阅，以免中断使用：{url}/settings/billing\n\n\
                 The trial of the {plan} plan for {name} ends on {end}. Subscribe before then to keep working \
                 without interruption: {url}/settings/billing\n",
                name = company.name,
                plan = s.plan,
                end = day(s.trial_ends_at),
            ),
        ),
        Notice::PaymentFailed => (
            "billing_payment_failed",
            format!("付款未成功 · A payment for Guanxi failed ({})", company.name),
            format!(
                "{name} 的订阅付款未成功。请在 {end} 之前更新付款方式，否则账户将变为只读（数据不会被删除）：\
                 {url}/settings/billing\n\n\
                 A payment for {name}'s subscription did not go through. Update the payment method before {end}, \
                 or the account becomes read-only (no data is deleted): {url}/settings/billing\n",
                name = company.name,
                end = day(s.read_only_at),
            ),
        ),
        Notice::ReadOnly => (
            "billing_read_only",
            format!("账户已变为只读 · Your Guanxi account is read-only ({})", company.name),
            format!(
                "{name} 的订阅未付款，账户现为只读：仍可查看和导出全部数据，但不能修改。付款后立即恢复：\
                 {url}/settings/billing\n\n\
                 {name}'s subscription is unpaid and the account is now read-only: every record can still be read \
                 and exported, but not changed. Paying restores it at once: {url}/settings/billing\n",
                name = company.name,
            ),
        ),
    };
    for a in crate::users::active_admins(tx).await? {
        outbox::enqueue(tx, kind, &a.email, &subject, &body).await?;
    }
    Ok(())
}

/// What one sweep changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Trial reminders queued.
    pub trial_notices: u64,
    /// Trials that ended unpaid (now past due).
    pub trials_ended: u64,
    /// Companies whose grace ran out (now read-only).
    pub read_only: u64,
    /// Subscriptions canceled at the end of their period.
    pub canceled: u64,
}

/// How a provider's status maps onto the lifecycle; `None` keeps the state
/// (a checkout whose first payment is still pending).
fn state_of(status: ProviderStatus) -> Option<SubscriptionState> {
    Some(match status {
        ProviderStatus::Trialing => SubscriptionState::Trialing,
        ProviderStatus::Active => SubscriptionState::Active,
        ProviderStatus::PastDue | ProviderStatus::Unpaid => SubscriptionState::PastDue,
        ProviderStatus::Paused => SubscriptionState::ReadOnly,
        ProviderStatus::Canceled | ProviderStatus::IncompleteExpired => SubscriptionState::Canceled,
        ProviderStatus::Incomplete => return None,
    })
}

/// One row of the operator's list.
#[derive(Clone, Debug)]
pub struct CompanySubscription {
    /// The company's login name.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its subscription.
    pub subscription: Subscription,
}

impl Store {
    /// Begin a write transaction for `principal` that the subscription guard
    /// lets through even when the company is read-only: only for the writes
    /// [`Exempt`] names.
    pub async fn exempt_tx(
        &self,
        principal: &crate::auth::Principal,
        meta: &crate::db::RequestMeta,
        why: Exempt,
    ) -> Result<TenantTx> {
        if !principal.can_write() {
            return Err(Error::Forbidden);
        }
        tracing::debug!(tenant_id = %principal.tenant_id(), exempt = ?why, "write exempt from the subscription guard");
        let mut tx = TenantTx::begin(self, principal.tenant_id(), Access::Write).await?;
        tx.actor = Some(principal.actor().clone());
        tx.credential = Some(principal.credential().clone());
        tx.request_id = meta.request_id.clone();
        Ok(tx)
    }

    /// The subscription of `tenant` (operator and worker use).
    pub async fn billing_subscription(&self, tenant: TenantId) -> Result<Subscription> {
        let tx = TenantTx::begin(self, tenant, Access::Read).await?;
        let s = read(&tx).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// The company's active users (its seats), for the seat sync.
    pub async fn billing_active_seats(&self, tenant: TenantId) -> Result<u32> {
        let tx = TenantTx::begin(self, tenant, Access::Read).await?;
        let n = active_seats(&tx).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The company a provider customer or subscription belongs to.
    pub async fn tenant_by_provider_ref(
        &self,
        customer_ref: Option<&str>,
        subscription_ref: Option<&str>,
    ) -> Result<Option<TenantId>> {
        let mut cond = sea_orm::Condition::any();
        if let Some(c) = customer_ref {
            cond = cond.add(sub::Column::CustomerRef.eq(c));
        }
        if let Some(s) = subscription_ref {
            cond = cond.add(sub::Column::SubscriptionRef.eq(s));
        }
        if customer_ref.is_none() && subscription_ref.is_none() {
            return Ok(None);
        }
        Ok(sub::Entity::find().filter(cond).one(&self.db).await.map_err(db_err)?.map(|m| TenantId(m.tenant_id)))
    }

    /// The operator switches a company's plan (the local provider): the
    /// company is active on `plan` from now on, its trial and any grace
    /// ended. Returns the new subscription.
    pub async fn set_plan(&self, tenant: TenantId, plan: &PlanId) -> Result<Subscription> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        ensure_row(&tx).await?;
        sub::Entity::update_many()
            .col_expr(sub::Column::Plan, Expr::value(plan.as_str()))
            .col_expr(sub::Column::State, Expr::value(SubscriptionState::Active.as_str()))
            .col_expr(sub::Column::GraceStartedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(sub::Column::ReadOnlyAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(sub::Column::CanceledAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(sub::Column::UpdatedAt, Expr::value(tx.now))
            .filter(sub::Column::TenantId.eq(tenant.0))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        set_tenant_plan(&tx, plan).await?;
        let s = read(&tx).await?;
        tx.commit().await?;
        tracing::info!(tenant_id = %tenant, plan = %plan, "operator set the plan");
        Ok(s)
    }

    /// The operator sets a company's state (the local provider, or a
    /// correction): `past_due` starts the grace period now, `active` ends
    /// it, `read_only` and `canceled` take effect at once. Mails as the
    /// lifecycle would.
    pub async fn set_billing_state(
        &self,
        tenant: TenantId,
        state: SubscriptionState,
        life: Lifecycle,
    ) -> Result<Subscription> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        ensure_row(&tx).await?;
        let before = read(&tx).await?;
        self.write_state(&tx, &before, state, life, tx.now).await?;
        let s = read(&tx).await?;
        tx.commit().await?;
        tracing::info!(tenant_id = %tenant, from = %before.state, to = %state, "operator set the subscription state");
        Ok(s)
    }

    /// Move `before` to `state` in `tx`, with the dates and mails the move
    /// implies. `since` is when the move happened (the grace starts there).
    async fn write_state(
        &self,
        tx: &TenantTx,
        before: &Subscription,
        state: SubscriptionState,
        life: Lifecycle,
        since: DateTime<Utc>,
    ) -> Result<()> {
        let none = Option::<DateTime<Utc>>::None;
        let mut q = sub::Entity::update_many()
            .col_expr(sub::Column::State, Expr::value(state.as_str()))
            .col_expr(sub::Column::UpdatedAt, Expr::value(tx.now))
            .filter(sub::Column::TenantId.eq(before.tenant.0));
        let mut after = before.clone();
        after.state = state;
        match state {
            SubscriptionState::Trialing | SubscriptionState::Active => {
                q = q
                    .col_expr(sub::Column::GraceStartedAt, Expr::value(none))
                    .col_expr(sub::Column::ReadOnlyAt, Expr::value(none))
                    .col_expr(sub::Column::CanceledAt, Expr::value(none));
            }
            SubscriptionState::PastDue => {
                // The grace starts once: a second failed payment does not extend it.
                if before.state != SubscriptionState::PastDue || before.read_only_at.is_none() {
                    after.grace_started_at = Some(since);
                    after.read_only_at = Some(since + life.grace);
                    q = q
                        .col_expr(sub::Column::GraceStartedAt, Expr::value(after.grace_started_at))
                        .col_expr(sub::Column::ReadOnlyAt, Expr::value(after.read_only_at));
                }
            }
            SubscriptionState::ReadOnly => {
                q = q.col_expr(sub::Column::ReadOnlyAt, Expr::value(Some(before.read_only_at.unwrap_or(tx.now))));
            }
            SubscriptionState::Canceled => {
                q = q.col_expr(sub::Column::CanceledAt, Expr::value(Some(before.canceled_at.unwrap_or(tx.now))));
            }
        }
        q.exec(tx.conn()).await.map_err(db_err)?;
        if state != before.state {
            match state {
                SubscriptionState::PastDue => notify(tx, Notice::PaymentFailed, &after).await?,
                SubscriptionState::ReadOnly => notify(tx, Notice::ReadOnly, &after).await?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Companies with their subscriptions, by state (all when `None`),
    /// oldest first: the operator's view.
    pub async fn list_subscriptions(&self, state: Option<SubscriptionState>) -> Result<Vec<CompanySubscription>> {
        let slugs = tenant_slug::Entity::find().all(&self.db).await.map_err(db_err)?;
        let mut out = Vec::new();
        for s in slugs {
            let tx = TenantTx::begin(self, TenantId(s.tenant_id), Access::Read).await?;
            let subscription = read(&tx).await?;
            let name = crate::tenants::current(&tx).await?.name;
            tx.commit().await?;
            if state.is_none_or(|st| st == subscription.state) {
                out.push(CompanySubscription { slug: s.slug, name, subscription });
            }
        }
        out.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(out)
    }

    /// Make the transitions that are due at `now`: trial reminders, trials
    /// ended unpaid (past due, grace from the trial's end), grace periods
    /// run out (read-only), subscriptions of the local provider canceled at
    /// their period's end. Each company's transition is one transaction,
    /// conditional on the state it saw, so sweeps running on several
    /// replicas at once make each transition (and send each mail) once.
    pub async fn billing_sweep(&self, now: DateTime<Utc>, life: Lifecycle) -> Result<SweepReport> {
        let mut report = SweepReport::default();
        let trialing = SubscriptionState::Trialing.as_str();
        let due = sub::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(
                        sea_orm::Condition::all()
                            .add(sub::Column::State.eq(trialing))
                            .add(sub::Column::TrialEndsAt.lte(now + Duration::days(TRIAL_NOTICE_DAYS))),
                    )
                    .add(
                        sea_orm::Condition::all()
                            .add(sub::Column::State.eq(SubscriptionState::PastDue.as_str()))
                            .add(sub::Column::ReadOnlyAt.lte(now)),
                    )
                    .add(
                        sea_orm::Condition::all()
                            .add(sub::Column::State.eq(SubscriptionState::Active.as_str()))
                            .add(sub::Column::Provider.eq(LOCAL_PROVIDER))
                            .add(sub::Column::CancelAtPeriodEnd.eq(true))
                            .add(sub::Column::CurrentPeriodEnd.lte(now)),
                    ),
            )
            .order_by_asc(sub::Column::TenantId)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        for m in due {
            let tenant = TenantId(m.tenant_id);
            let tx = TenantTx::begin(self, tenant, Access::Write).await?;
            // Re-read under the transaction: another replica may have moved it.
            let Some(fresh) = row(tx.conn(), tenant).await? else { continue };
            if fresh.state != m.state || fresh.updated_at != m.updated_at {
                continue;
            }
            let notice_sent = fresh.trial_notice_at.is_some();
            let s = Subscription::from_row(fresh)?;
            // Claim the row: only the sweep whose update matched goes on.
            let claimed = sub::Entity::update_many()
                .col_expr(sub::Column::UpdatedAt, Expr::value(now.max(tx.now)))
                .filter(sub::Column::TenantId.eq(tenant.0))
                .filter(sub::Column::State.eq(s.state.as_str()))
                .filter(sub::Column::UpdatedAt.eq(m.updated_at))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            if claimed.rows_affected != 1 {
                continue;
            }
            match s.state {
                SubscriptionState::Trialing => match s.trial_ends_at {
                    Some(end) if end <= now => {
                        self.write_state(&tx, &s, SubscriptionState::PastDue, life, end).await?;
                        report.trials_ended += 1;
                    }
                    Some(_) if !notice_sent => {
                        sub::Entity::update_many()
                            .col_expr(sub::Column::TrialNoticeAt, Expr::value(Some(now)))
                            .filter(sub::Column::TenantId.eq(tenant.0))
                            .exec(tx.conn())
                            .await
                            .map_err(db_err)?;
                        notify(&tx, Notice::TrialEnding, &s).await?;
                        report.trial_notices += 1;
                    }
                    _ => {}
                },
                SubscriptionState::PastDue => {
                    self.write_state(&tx, &s, SubscriptionState::ReadOnly, life, now).await?;
                    report.read_only += 1;
                }
                SubscriptionState::Active => {
                    self.write_state(&tx, &s, SubscriptionState::Canceled, life, now).await?;
                    report.canceled += 1;
                }
                SubscriptionState::ReadOnly | SubscriptionState::Canceled => {}
            }
            tx.commit().await?;
        }
        Ok(report)
    }

    /// Apply what a provider reports about `tenant`'s subscription, if it
    /// is newer than what was last applied (`observed_at`); `false` when it
    /// was older or as old and nothing changed. A status that means unpaid
    /// starts the grace period (once); a paid one ends it.
    pub async fn apply_provider_subscription(
        &self,
        tenant: TenantId,
        provider: &'static str,
        report: &ProviderSubscription,
        life: Lifecycle,
    ) -> Result<bool> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        ensure_row(&tx).await?;
        let before = read(&tx).await?;
        if before.observed_at.is_some_and(|t| t >= report.observed_at) {
            tx.commit().await?;
            return Ok(false);
        }
        let seats = i32::try_from(report.seats).unwrap_or(i32::MAX);
        // Conditional on the observation it read: of two concurrent
        // applications, the older one changes nothing.
        let mut q = sub::Entity::update_many()
            .col_expr(sub::Column::Provider, Expr::value(provider))
            .col_expr(sub::Column::Plan, Expr::value(report.plan.as_str()))
            .col_expr(sub::Column::CustomerRef, Expr::value(Some(report.customer_ref.as_str())))
            .col_expr(sub::Column::SubscriptionRef, Expr::value(Some(report.subscription_ref.as_str())))
            .col_expr(sub::Column::Seats, Expr::value(seats))
            .col_expr(sub::Column::TrialEndsAt, Expr::value(report.trial_end))
            .col_expr(sub::Column::CurrentPeriodEnd, Expr::value(report.current_period_end))
            .col_expr(sub::Column::CancelAtPeriodEnd, Expr::value(report.cancel_at_period_end))
            .col_expr(sub::Column::ObservedAt, Expr::value(Some(report.observed_at)))
            .col_expr(sub::Column::ReconciledAt, Expr::value(Some(tx.now)))
            .col_expr(sub::Column::UpdatedAt, Expr::value(tx.now))
            .filter(sub::Column::TenantId.eq(tenant.0));
        q = match before.observed_at {
            Some(t) => q.filter(sub::Column::ObservedAt.eq(t)),
            None => q.filter(sub::Column::ObservedAt.is_null()),
        };
        if q.exec(tx.conn()).await.map_err(db_err)?.rows_affected != 1 {
            tx.commit().await?;
            return Ok(false);
        }
        let mut updated = before.clone();
        updated.plan = report.plan.clone();
        if let Some(state) = state_of(report.status) {
            // A past-due report for a company already read-only keeps it read-only.
            let state = if state == SubscriptionState::PastDue && before.state == SubscriptionState::ReadOnly {
                SubscriptionState::ReadOnly
            } else {
                state
            };
            if state != before.state || state == SubscriptionState::PastDue {
                self.write_state(&tx, &updated, state, life, report.observed_at.min(tx.now)).await?;
            }
        }
        set_tenant_plan(&tx, &report.plan).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Cancel at the end of the period (`true`) or resume (`false`), for a
    /// subscription of the local provider.
    pub async fn set_local_cancel_at_period_end(&self, tenant: TenantId, cancel: bool) -> Result<()> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        ensure_row(&tx).await?;
        sub::Entity::update_many()
            .col_expr(sub::Column::CancelAtPeriodEnd, Expr::value(cancel))
            .col_expr(sub::Column::UpdatedAt, Expr::value(tx.now))
            .filter(sub::Column::TenantId.eq(tenant.0))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        tx.commit().await
    }

    /// Companies paying through `provider`, with their subscription ids,
    /// for the nightly reconciliation and seat updates.
    pub async fn provider_subscriptions(&self, provider: &str) -> Result<Vec<(TenantId, String)>> {
        let rows = sub::Entity::find()
            .filter(sub::Column::Provider.eq(provider))
            .filter(sub::Column::SubscriptionRef.is_not_null())
            .filter(sub::Column::State.ne(SubscriptionState::Canceled.as_str()))
            .order_by_asc(sub::Column::TenantId)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().filter_map(|m| Some((TenantId(m.tenant_id), m.subscription_ref?))).collect())
    }

    /// Store a provider's event once by id: `true` when it is new (and now
    /// queued for processing), `false` for a repeated delivery.
    pub async fn record_webhook_event(
        &self,
        event_id: &str,
        event_type: &str,
        object_ref: Option<&str>,
        created_at: DateTime<Utc>,
    ) -> Result<bool> {
        let now = Utc::now();
        let r = hook::Entity::insert(hook::ActiveModel {
            event_id: Set(event_id.to_owned()),
            event_type: Set(event_type.to_owned()),
            object_ref: Set(object_ref.map(str::to_owned)),
            created_at: Set(created_at),
            received_at: Set(now),
            processed_at: Set(None),
            attempts: Set(0),
            next_attempt_at: Set(Some(now)),
            locked_until: Set(None),
            last_error: Set(None),
        })
        .on_conflict(OnConflict::column(hook::Column::EventId).do_nothing().to_owned())
        .exec_without_returning(&self.db)
        .await
        .map_err(db_err)?;
        Ok(r == 1)
    }

    /// Lease the next due webhook event for `lease`; `None` when none is due.
    pub async fn claim_webhook_event(&self, lease: std::time::Duration) -> Result<Option<WebhookEvent>> {
        let now = Utc::now();
        for _ in 0..5 {
            let Some(m) = hook::Entity::find()
                .filter(hook::Column::NextAttemptAt.lte(now))
                .filter(hook::Column::ProcessedAt.is_null())
                .filter(
                    sea_orm::Condition::any()
                        .add(hook::Column::LockedUntil.is_null())
                        .add(hook::Column::LockedUntil.lt(now)),
                )
                .order_by_asc(hook::Column::NextAttemptAt)
                .one(&self.db)
                .await
                .map_err(db_err)?
            else {
                return Ok(None);
            };
            let until = now + Duration::from_std(lease).unwrap_or(Duration::minutes(1));
            let mut q = hook::Entity::update_many()
                .col_expr(hook::Column::LockedUntil, Expr::value(Some(until)))
                .col_expr(hook::Column::Attempts, Expr::value(m.attempts + 1))
                .filter(hook::Column::EventId.eq(m.event_id.as_str()))
                .filter(hook::Column::Attempts.eq(m.attempts));
            q = match m.locked_until {
                Some(t) => q.filter(hook::Column::LockedUntil.eq(t)),
                None => q.filter(hook::Column::LockedUntil.is_null()),
            };
            if q.exec(&self.db).await.map_err(db_err)?.rows_affected == 1 {
                return Ok(Some(WebhookEvent {
                    id: m.event_id,
                    event_type: m.event_type,
                    object_ref: m.object_ref,
                    attempt: m.attempts + 1,
                }));
            }
        }
        Ok(None)
    }

    /// Record how processing a leased event ended: done, or retried after
    /// `retry` (none: given up) with the error.
    pub async fn finish_webhook_event(
        &self,
        event: &WebhookEvent,
        error: Option<&str>,
        retry: Option<std::time::Duration>,
    ) -> Result<()> {
        let now = Utc::now();
        let q = hook::Entity::update_many()
            .col_expr(hook::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(hook::Column::EventId.eq(event.id.as_str()));
        let q = match error {
            None => q
                .col_expr(hook::Column::ProcessedAt, Expr::value(Some(now)))
                .col_expr(hook::Column::NextAttemptAt, Expr::value(Option::<DateTime<Utc>>::None)),
            Some(e) => q
                .col_expr(hook::Column::LastError, Expr::value(Some(e.chars().take(500).collect::<String>())))
                .col_expr(
                    hook::Column::NextAttemptAt,
                    Expr::value(retry.map(|r| now + Duration::from_std(r).unwrap_or(Duration::minutes(5)))),
                ),
        };
        q.exec(&self.db).await.map_err(db_err)?;
        Ok(())
    }

    /// Queue the company's plugin fuel of the month `period` (`YYYY-MM`,
    /// ended) for reporting, once: a second call for the same period adds
    /// nothing (the identifier `tenant:plugin_fuel:period` is the key).
    pub async fn queue_fuel_report(&self, tenant: TenantId, year: i32, month: u32) -> Result<Option<String>> {
        let Some(start) = chrono::NaiveDate::from_ymd_opt(year, month, 1) else {
            return Err(Error::invalid("period", "invalid", "not a month"));
        };
        let end = start
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(|| Error::invalid("period", "invalid", "not a month"))?;
        let period = format!("{year:04}-{month:02}");
        let identifier = format!("{}:plugin_fuel:{period}", tenant.0);
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        let rows = tx
            .select::<plugin_usage::Entity>()
            .filter(plugin_usage::Column::Day.gte(start))
            .filter(plugin_usage::Column::Day.lt(end))
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        let fuel: i64 = rows.iter().map(|r| r.fuel).sum();
        let period_end = end.and_hms_opt(0, 0, 0).map(|d| d.and_utc()).unwrap_or(tx.now);
        tx.insert(usage::ActiveModel {
            tenant_id: Set(tenant.0),
            identifier: Set(identifier.clone()),
            metric: Set("plugin_fuel".to_owned()),
            period: Set(period),
            quantity: Set(fuel),
            period_end: Set(period_end),
            created_at: Set(tx.now),
            reported_at: Set(None),
            attempts: Set(0),
            last_error: Set(None),
        })
        .on_conflict(OnConflict::columns([usage::Column::TenantId, usage::Column::Identifier]).do_nothing().to_owned())
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
        tx.commit().await?;
        Ok(Some(identifier))
    }

    /// The company's usage reports the provider has not acknowledged yet.
    pub async fn pending_usage_reports(&self, tenant: TenantId) -> Result<Vec<PendingUsage>> {
        let tx = TenantTx::begin(self, tenant, Access::Read).await?;
        let rows = tx
            .select::<usage::Entity>()
            .filter(usage::Column::ReportedAt.is_null())
            .order_by_asc(usage::Column::Identifier)
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        tx.commit().await?;
        Ok(rows
            .into_iter()
            .map(|m| PendingUsage {
                identifier: m.identifier,
                metric: m.metric,
                quantity: u64::try_from(m.quantity).unwrap_or(0),
                period_end: m.period_end,
            })
            .collect())
    }

    /// Mark a usage report acknowledged by the provider (or record why it
    /// was not).
    pub async fn finish_usage_report(&self, tenant: TenantId, identifier: &str, error: Option<&str>) -> Result<()> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        let q = tx.update_many::<usage::Entity>().filter(usage::Column::Identifier.eq(identifier));
        let q = match error {
            None => q.col_expr(usage::Column::ReportedAt, Expr::value(Some(tx.now))),
            Some(e) => q
                .col_expr(usage::Column::Attempts, Expr::col(usage::Column::Attempts).add(1))
                .col_expr(usage::Column::LastError, Expr::value(Some(e.chars().take(500).collect::<String>()))),
        };
        q.exec(tx.conn()).await.map_err(db_err)?;
        tx.commit().await
    }
}

/// A leased provider event.
#[derive(Clone, Debug)]
pub struct WebhookEvent {
    /// The provider's event id.
    pub id: String,
    /// Its type (`customer.subscription.updated` …).
    pub event_type: String,
    /// The id of the object it is about.
    pub object_ref: Option<String>,
    /// This processing attempt, from 1.
    pub attempt: i32,
}

/// A usage report waiting for the provider.
#[derive(Clone, Debug)]
pub struct PendingUsage {
    /// `tenant:metric:period`.
    pub identifier: String,
    /// The meter.
    pub metric: String,
    /// How much.
    pub quantity: u64,
    /// End of the period.
    pub period_end: DateTime<Utc>,
}

/// A plan name from operator input, as a validation error on `plan`.
pub fn parse_plan(name: &str) -> Result<PlanId> {
    PlanId::parse(name).map_err(|e| Error::Validation(vec![FieldError::new("plan", "invalid", e.to_string())]))
}
