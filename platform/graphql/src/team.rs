//! Team management: the people of the team with their work at a glance,
//! and offboarding.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use guanxi_core::{GroupId, UserId};
use guanxi_store::team::{self, Member, Offboarding, OffboardingSummary as StoreSummary, TeamFilter as StoreFilter};

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::types::{Role, User};

/// Which people to list; every condition given must hold.
#[derive(InputObject, Default)]
pub struct TeamFilter {
    /// A substring of the display name or e-mail.
    search: Option<String>,
    /// Joined on or after this day (company time zone).
    joined_from: Option<NaiveDate>,
    /// Joined on or before this day.
    joined_to: Option<NaiveDate>,
    role: Option<Role>,
    group_id: Option<ID>,
    /// `true`: active users only; `false`: deactivated (offboarded) only;
    /// omitted: both.
    active: Option<bool>,
}

/// Counts over the company's last 7 and 30 calendar days, today included.
#[derive(SimpleObject)]
pub struct RecentCounts {
    last_7_days: u64,
    last_30_days: u64,
}

impl From<team::Recent> for RecentCounts {
    fn from(r: team::Recent) -> Self {
        RecentCounts { last_7_days: r.last_7_days, last_30_days: r.last_30_days }
    }
}

/// A person's work plans by state.
#[derive(SimpleObject)]
pub struct PlanCounts {
    /// Not done (overdue ones included).
    open: u64,
    done: u64,
    /// Not done and past their end.
    overdue: u64,
}

/// One person of the team with their work at a glance.
pub struct TeamMember(Member);

#[Object]
impl TeamMember {
    async fn user(&self) -> User {
        User::new(self.0.user.clone())
    }
    /// Customers they hold.
    async fn customers_held(&self) -> u64 {
        self.0.customers_held
    }
    /// Their work plans.
    async fn plans(&self) -> PlanCounts {
        let p = self.0.plans;
        PlanCounts { open: p.open, done: p.done, overdue: p.overdue }
    }
    /// Customers they created.
    async fn customers_created(&self) -> RecentCounts {
        self.0.customers_created.into()
    }
    /// Distinct customers they changed (from the customers' history).
    async fn customers_changed(&self) -> RecentCounts {
        self.0.customers_changed.into()
    }
    /// Customers they claimed from the public pool.
    async fn pool_claims(&self) -> RecentCounts {
        self.0.pool_claims.into()
    }
}

/// A page of the team, by name.
#[derive(SimpleObject)]
pub struct TeamPage {
    members: Vec<TeamMember>,
    /// How many match the filter, on every page.
    total_count: u64,
    has_next_page: bool,
}

/// How a departing user's customers are handed on.
#[derive(InputObject, Default)]
pub struct OffboardUserInput {
    /// Who takes over their customers (must be able to hold customers;
    /// supervisors: within their groups). Omitted: the public pool.
    successor_id: Option<ID>,
    /// Release reason for the pool, 1–200 characters; default `离职 offboarding`.
    reason: Option<String>,
}

/// What offboarding did.
#[derive(SimpleObject)]
pub struct OffboardingSummary {
    /// The user, now deactivated.
    user: User,
    /// Who took over the customers; null: the pool.
    successor_id: Option<ID>,
    customers_to_pool: u64,
    customers_to_successor: u64,
    plans_deleted: u64,
    /// Signed suggestions deleted; anonymous ones cannot be traced and stay.
    suggestions_deleted: u64,
    sessions_revoked: u64,
    api_keys_revoked: u64,
}

impl From<StoreSummary> for OffboardingSummary {
    fn from(s: StoreSummary) -> Self {
        OffboardingSummary {
            user: User::new(s.user),
            successor_id: s.successor.map(|u| ID(u.to_string())),
            customers_to_pool: s.customers_to_pool,
            customers_to_successor: s.customers_to_successor,
            plans_deleted: s.plans_deleted,
            suggestions_deleted: s.suggestions_deleted,
            sessions_revoked: s.sessions_revoked,
            api_keys_revoked: s.api_keys_revoked,
        }
    }
}

#[derive(Default)]
pub struct TeamQuery;

#[Object]
impl TeamQuery {
    /// The people whose work the caller manages (admins: everyone;
    /// supervisors: themselves and their groups' members), each with
    /// customers held, plans and recent activity. `first` 1–100 (default
    /// 20); `offset` (default 0) skips that many to page.
    async fn team(
        &self,
        ctx: &Context<'_>,
        filter: Option<TeamFilter>,
        first: Option<u64>,
        offset: Option<u64>,
    ) -> ApiResult<TeamPage> {
        let f = filter.unwrap_or_default();
        let filter = StoreFilter {
            search: f.search,
            joined_from: f.joined_from,
            joined_to: f.joined_to,
            role: f.role.map(Into::into),
            group_id: f.group_id.as_ref().map(|g| parse_id::<GroupId>(g, "filter.groupId")).transpose()?,
            active: f.active,
        };
        ctx.read(async |tx| {
            let page = team::list(tx, &filter, first, offset).await?;
            Ok(TeamPage {
                members: page.members.into_iter().map(TeamMember).collect(),
                total_count: page.total_count,
                has_next_page: page.has_next_page,
            })
        })
        .await
    }

    /// One person of the caller's team with their work.
    async fn team_member(&self, ctx: &Context<'_>, id: ID) -> ApiResult<TeamMember> {
        let id = parse_id::<UserId>(&id, "id")?;
        ctx.read(async |tx| Ok(TeamMember(team::member(tx, id).await?))).await
    }
}

#[derive(Default)]
pub struct TeamMutation;

#[Object]
impl TeamMutation {
    /// Offboard a user who leaves (离职), in one transaction: deactivated
    /// (cannot log in; sessions and API keys revoked), work plans and signed
    /// suggestions deleted, customers to the pool or to a successor. Admins;
    /// supervisors for the salespeople of their groups.
    async fn offboard_user(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: Option<OffboardUserInput>,
    ) -> ApiResult<OffboardingSummary> {
        let id = parse_id::<UserId>(&id, "id")?;
        let input = input.unwrap_or_default();
        let how = Offboarding {
            successor: input.successor_id.as_ref().map(|s| parse_id::<UserId>(s, "successorId")).transpose()?,
            reason: input.reason,
        };
        ctx.write(async |tx| {
            let summary = team::offboard(tx, id, how).await?;
            Ok(summary.into())
        })
        .await
    }
}
