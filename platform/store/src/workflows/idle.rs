//! Pool rules (公海回收): which held customers an idle trigger's daily pass
//! selects, and the occasion each one starts a run for.
//!
//! Days are the company's calendar days. A customer last talked to on
//! local day `L` has been idle `d − L` days on local day `d`, so it is
//! idle at least `N` days on `d` exactly when its last conversation (its
//! creation, if there never was one) came before the first instant of day
//! `d − N + 1`; [`day_start`] turns that day into an instant with the
//! company zone's rules, daylight saving included. Won deals count by their
//! closing date the same way. The protection period after a claim or an
//! assignment counts from `owned_since`.
//!
//! A customer qualifies on day `d` when it has an owner, is not locked, is
//! of the grades and statuses asked for (all when none are named), is out
//! of its protection period and is idle long enough by the criteria (either
//! or both, as `combine` says). The reclaim stage selects those that
//! qualify today; the warning stage those that will in `warnDays` days but
//! do not yet, and those that qualify already but were never warned of this
//! stretch of neglect (a rule published after they were long neglected, a
//! pass that came late): a rule with a warning reclaims only customers it
//! warned at least `warnDays` days before, so nobody loses a customer
//! without notice. A run's occasion names the customer's current ownership and
//! stretch of neglect (`owned_since`, the last conversation, the last won
//! deal), so a pass repeated the next day (or by another replica) starts
//! nothing twice, while a customer claimed again or neglected again after a
//! conversation qualifies again.

use chrono::{DateTime, Duration as ChronoDuration, NaiveDate, Utc};
use chrono_tz::Tz;
use guanxi_core::Result;
use guanxi_core::time_window::day_start;
use guanxi_core::workflows::{Combine, Trigger};
use sea_orm::sea_query::{Alias, Cond, Expr, Func, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::db::{TenantTx, db_err};
use crate::entity::{customer, deal, workflow_run};

/// The two runs a pool rule starts per stretch of neglect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// `warnDays` before.
    Warning,
    /// The day it is due.
    Reclaim,
}

impl Stage {
    /// As `trigger.stage` names it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Stage::Warning => "warning",
            Stage::Reclaim => "reclaim",
        }
    }
}

/// The criteria of an idle trigger.
struct Rule<'a> {
    no_contact: u32,
    no_deal: u32,
    combine: Combine,
    protect: u32,
    grades: &'a [String],
    statuses: &'a [String],
}

/// The first instant of local day `d − n + 1`: the customers whose last
/// activity came before it have been idle at least `n` days on `d`.
pub(crate) fn idle_cutoff(d: NaiveDate, n: u32, tz: Tz) -> DateTime<Utc> {
    day_start(d - ChronoDuration::days(i64::from(n)) + ChronoDuration::days(1), tz)
}

fn col(c: customer::Column) -> SimpleExpr {
    Expr::col((customer::Entity, c)).into()
}

/// Whether a customer qualifies on local day `d`, as SQL on `customers`.
fn qualifies(rule: &Rule<'_>, d: NaiveDate, tz: Tz, tenant: Uuid) -> Cond {
    use customer::Column as C;
    let mut idle = match rule.combine {
        Combine::Any => Cond::any(),
        Combine::All => Cond::all(),
    };
    if rule.no_contact > 0 {
        let since = Func::coalesce([col(C::LastContactAt), col(C::CreatedAt)]);
        idle = idle.add(Expr::expr(since).lt(idle_cutoff(d, rule.no_contact, tz)));
    }
    if rule.no_deal > 0 {
        let first_day = d - ChronoDuration::days(i64::from(rule.no_deal)) + ChronoDuration::days(1);
        let won = Query::select()
            .expr(Expr::val(1))
            .from(deal::Entity)
            .and_where(Expr::col((deal::Entity, deal::Column::TenantId)).eq(tenant))
            .and_where(Expr::col((deal::Entity, deal::Column::CustomerId)).equals((customer::Entity, C::Id)))
            .and_where(Expr::col((deal::Entity, deal::Column::Status)).eq("won"))
            .and_where(Expr::col((deal::Entity, deal::Column::ClosedOn)).gte(first_day))
            .to_owned();
        idle = idle.add(
            Cond::all()
                .add(Expr::col((customer::Entity, C::CreatedAt)).lt(idle_cutoff(d, rule.no_deal, tz)))
                .add(Expr::exists(won).not()),
        );
    }
    let mut q = Cond::all().add(idle);
    if rule.protect > 0 {
        let owned = Func::coalesce([col(C::OwnedSince), col(C::CreatedAt)]);
        q = q.add(Expr::expr(owned).lt(idle_cutoff(d, rule.protect, tz)));
    }
    q
}

/// The customers an idle trigger's pass on local day `today` selects for
/// `stage`, with each one's occasion key; only the customers of the
/// group's people for a group's workflow.
pub(crate) async fn matching(
    tx: &TenantTx,
    workflow: Uuid,
    trigger: &Trigger,
    stage: Stage,
    today: NaiveDate,
    tz: Tz,
    group: Option<Uuid>,
) -> Result<Vec<(Uuid, String)>> {
    use customer::Column as C;
    let Trigger::Idle { no_contact_days, no_deal_days, combine, warn_days, protect_days, grades, statuses, .. } =
        trigger
    else {
        return Ok(Vec::new());
    };
    let rule = Rule {
        no_contact: *no_contact_days,
        no_deal: *no_deal_days,
        combine: *combine,
        protect: *protect_days,
        grades,
        statuses,
    };
    if stage == Stage::Warning && *warn_days == 0 {
        return Ok(Vec::new());
    }
    let tenant = tx.tenant_id().0;
    let backend = tx.conn().get_database_backend();
    let mut q = Query::select();
    let text = |e: SimpleExpr| Func::cast_as(e, Alias::new("TEXT"));
    let last_won = Query::select()
        .expr(Func::max(Expr::col((deal::Entity, deal::Column::ClosedOn))))
        .from(deal::Entity)
        .and_where(Expr::col((deal::Entity, deal::Column::TenantId)).eq(tenant))
        .and_where(Expr::col((deal::Entity, deal::Column::CustomerId)).equals((customer::Entity, C::Id)))
        .and_where(Expr::col((deal::Entity, deal::Column::Status)).eq("won"))
        .to_owned();
    q.column((customer::Entity, C::Id))
        .expr_as(text(Func::coalesce([col(C::OwnedSince), col(C::CreatedAt)]).into()), Alias::new("owned"))
        .expr_as(text(col(C::LastContactAt)), Alias::new("contact"))
        .expr_as(text(SimpleExpr::SubQuery(None, Box::new(last_won.into_sub_query_statement()))), Alias::new("won"))
        .from(customer::Entity)
        .and_where(Expr::col((customer::Entity, C::TenantId)).eq(tenant))
        .and_where(Expr::col((customer::Entity, C::OwnerId)).is_not_null())
        .and_where(Expr::col((customer::Entity, C::Locked)).eq(false));
    if !rule.grades.is_empty() {
        q.and_where(Expr::col((customer::Entity, C::Grade)).is_in(rule.grades.iter().cloned()));
    }
    if !rule.statuses.is_empty() {
        q.and_where(Expr::col((customer::Entity, C::Status)).is_in(rule.statuses.iter().cloned()));
    }
    if let Some(g) = group {
        q.and_where(Expr::col((customer::Entity, C::OwnerId)).in_subquery(super::runs::group_people(tx, g)));
    }
    match stage {
        Stage::Reclaim => {
            q.cond_where(qualifies(&rule, today, tz, tenant));
        }
        Stage::Warning => {
            // Those due today too: warned already of this stretch of neglect
            // (the usual case), their occasion starts nothing more.
            let ahead = today + ChronoDuration::days(i64::from(*warn_days));
            q.cond_where(qualifies(&rule, ahead, tz, tenant));
        }
    }
    q.order_by((customer::Entity, C::Id), sea_orm::Order::Asc);
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    let tag = match stage {
        Stage::Warning => "w",
        Stage::Reclaim => "r",
    };
    let keyed: Vec<(Uuid, String, String)> = rows
        .iter()
        .map(|r| {
            let id: Uuid = r.try_get("", "id").map_err(db_err)?;
            let part = |name: &str| -> Result<String> {
                Ok(r.try_get::<Option<String>>("", name).map_err(db_err)?.unwrap_or_default())
            };
            // The occasion: this ownership and this stretch of neglect.
            let occasion = format!("{id}:{}|{}|{}", part("owned")?, part("contact")?, part("won")?);
            Ok((id, occasion_key(tag, &occasion), occasion_key("w", &occasion)))
        })
        .collect::<Result<_>>()?;
    if stage == Stage::Warning || *warn_days == 0 {
        return Ok(keyed.into_iter().map(|(id, key, _)| (id, key)).collect());
    }
    // Reclaimed: only those warned of this occasion on day `today − warnDays`
    // or before.
    let by = day_start(today - ChronoDuration::days(i64::from(*warn_days)) + ChronoDuration::days(1), tz);
    let mut warned = std::collections::HashSet::new();
    for chunk in keyed.chunks(WARNED_CHUNK) {
        let found: Vec<String> = tx
            .select::<workflow_run::Entity>()
            .select_only()
            .column(workflow_run::Column::DedupeKey)
            .filter(workflow_run::Column::WorkflowId.eq(workflow))
            .filter(workflow_run::Column::DedupeKey.is_in(chunk.iter().map(|(_, _, w)| w.clone())))
            .filter(workflow_run::Column::CreatedAt.lt(by))
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        warned.extend(found);
    }
    Ok(keyed.into_iter().filter(|(_, _, w)| warned.contains(w)).map(|(id, key, _)| (id, key)).collect())
}

/// Warning runs looked up per statement.
const WARNED_CHUNK: usize = 500;

/// A run's dedupe key for `occasion` at stage `tag` (`w`, `r`), at most
/// 200 characters.
fn occasion_key(tag: &str, occasion: &str) -> String {
    format!("idle:{tag}:{occasion}").chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_the_first_instant_of_the_day_after_n_days() {
        let tz: Tz = "Asia/Shanghai".parse().expect("valid in the test");
        let d = NaiveDate::from_ymd_opt(2026, 3, 31).expect("valid in the test");
        // Idle 30 days on 31 March: the last activity came before 2 March.
        assert_eq!(idle_cutoff(d, 30, tz).to_rfc3339(), "2026-03-01T16:00:00+00:00");
    }

    #[test]
    fn the_cutoff_follows_daylight_saving() {
        let tz: Tz = "America/New_York".parse().expect("valid in the test");
        // 8 March 2026 is the spring-forward day; the day after it starts at
        // midnight EDT (UTC−4), the day before at midnight EST (UTC−5).
        let d = NaiveDate::from_ymd_opt(2026, 3, 10).expect("valid in the test");
        assert_eq!(idle_cutoff(d, 2, tz).to_rfc3339(), "2026-03-09T04:00:00+00:00");
        assert_eq!(idle_cutoff(d, 3, tz).to_rfc3339(), "2026-03-08T05:00:00+00:00");
    }
}
