//! The public pool (公海 / 隔离区): the rules for releasing customers into
//! it, claiming them back out and the company's caps on claiming.
//!
//! A salesperson never deletes a customer: "delete" releases it into the
//! pool with a reason, where anyone may claim it, within the caps the
//! company sets ([`PoolSettings`]). Who may release, assign and transfer is
//! decided by [`crate::customer::CustomerScope`]; this module holds the caps
//! and the pure checks the store applies to the facts it reads.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError};
use crate::input::Name;
use crate::time_window::Window;

/// The release reason recorded when a user is offboarded and their
/// customers go to the pool without a reason of the admin's own.
pub const OFFBOARDING_REASON: &str = "离职 offboarding";

/// Longest release reason, in characters.
pub const REASON_MAX: usize = 200;

/// The company's caps on claiming from the pool. Zero switches a cap off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PoolSettings {
    /// Claims one person may make per day (the company's calendar day).
    pub claims_per_day: u32,
    /// Customers one person may hold before they may claim another.
    pub max_held: u32,
    /// Days after a release during which the previous owner may not claim
    /// the customer back (so nobody parks customers in the pool to dodge
    /// the caps or a colleague's claim).
    pub reclaim_cooldown_days: u32,
}

/// Largest `claims_per_day`.
pub const MAX_CLAIMS_PER_DAY: u32 = 10_000;
/// Largest `max_held`.
pub const MAX_HELD: u32 = 1_000_000;
/// Longest cooldown, in days.
pub const MAX_COOLDOWN_DAYS: u32 = 365;

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings { claims_per_day: 20, max_held: 500, reclaim_cooldown_days: 7 }
    }
}

impl PoolSettings {
    /// Problems with these settings, named `pool.<field>`.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        for (field, value, max) in [
            ("pool.claimsPerDay", self.claims_per_day, MAX_CLAIMS_PER_DAY),
            ("pool.maxHeld", self.max_held, MAX_HELD),
            ("pool.reclaimCooldownDays", self.reclaim_cooldown_days, MAX_COOLDOWN_DAYS),
        ] {
            if value > max {
                out.push(FieldError::new(field, "out_of_range", format!("must be 0 (no limit) to {max}")));
            }
        }
        out
    }

    /// The end of the cooldown for a customer released at `released_at`,
    /// or `None` when the company has no cooldown.
    pub fn cooldown_until(&self, released_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (self.reclaim_cooldown_days > 0)
            .then(|| released_at.checked_add_signed(Duration::days(i64::from(self.reclaim_cooldown_days))))
            .flatten()
    }

    /// Whether a claim with these facts stays within the caps; the first cap
    /// in the way is reported as [`Error::LimitReached`] naming it. Checked
    /// in the order a person can act on: the cooldown (wait), the daily cap
    /// (wait until tomorrow), then the number held (release some first).
    pub fn check_claim(&self, facts: &ClaimFacts, now: DateTime<Utc>) -> Result<(), Error> {
        if facts.claimer_was_previous_owner
            && let Some(released_at) = facts.released_at
            && let Some(until) = self.cooldown_until(released_at)
            && now < until
        {
            return Err(Error::LimitReached {
                limit: PoolLimit::ReclaimCooldown.as_str(),
                max: self.reclaim_cooldown_days,
                retry_after_secs: Some(seconds_until(now, until)),
                message: format!(
                    "you released this customer; you may claim it back {} days after its release",
                    self.reclaim_cooldown_days
                ),
            });
        }
        if self.claims_per_day > 0 && facts.claims_today >= u64::from(self.claims_per_day) {
            return Err(Error::LimitReached {
                limit: PoolLimit::ClaimsPerDay.as_str(),
                max: self.claims_per_day,
                retry_after_secs: Some(seconds_until(now, facts.day_ends_at)),
                message: format!("you have claimed {} customers today, the company's daily limit", self.claims_per_day),
            });
        }
        if self.max_held > 0 && facts.held >= u64::from(self.max_held) {
            return Err(Error::LimitReached {
                limit: PoolLimit::MaxHeld.as_str(),
                max: self.max_held,
                retry_after_secs: None,
                message: format!("you hold {} customers, the company's limit per person", facts.held),
            });
        }
        Ok(())
    }
}

impl PoolSettings {
    /// Whether a person who holds `held` customers may receive `incoming`
    /// more by an assignment or a transfer: the holding cap applies to
    /// every way of receiving customers, not only to claims; an admin's
    /// explicit override lifts it for that one move.
    pub fn check_incoming(&self, held: u64, incoming: u64) -> Result<(), Error> {
        if self.max_held > 0 && incoming > 0 && held.saturating_add(incoming) > u64::from(self.max_held) {
            return Err(Error::LimitReached {
                limit: PoolLimit::MaxHeld.as_str(),
                max: self.max_held,
                retry_after_secs: None,
                message: format!(
                    "the recipient holds {held} customers; {incoming} more would pass the company's limit of {} per person \
                     (an admin may override it)",
                    self.max_held
                ),
            });
        }
        Ok(())
    }
}

fn seconds_until(now: DateTime<Utc>, then: DateTime<Utc>) -> i64 {
    (then - now).num_seconds().max(1)
}

/// A cap on claiming, by the API name of its setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolLimit {
    /// `pool.claimsPerDay`.
    ClaimsPerDay,
    /// `pool.maxHeld`.
    MaxHeld,
    /// `pool.reclaimCooldownDays`.
    ReclaimCooldown,
}

impl PoolLimit {
    /// The setting's API name, as `extensions.limit` carries it.
    pub fn as_str(self) -> &'static str {
        match self {
            PoolLimit::ClaimsPerDay => "pool.claimsPerDay",
            PoolLimit::MaxHeld => "pool.maxHeld",
            PoolLimit::ReclaimCooldown => "pool.reclaimCooldownDays",
        }
    }
}

/// What the store reads before a claim, for [`PoolSettings::check_claim`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimFacts {
    /// Claims the claimer made today (the company's calendar day).
    pub claims_today: u64,
    /// When today ends, in the company's time zone.
    pub day_ends_at: DateTime<Utc>,
    /// Customers the claimer holds now.
    pub held: u64,
    /// Whether the claimer owned the customer before its last release.
    pub claimer_was_previous_owner: bool,
    /// When the customer was last released (none if it never was).
    pub released_at: Option<DateTime<Utc>>,
}

/// Why a customer goes to the pool: 1 to 200 characters, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseReason(Name);

impl ReleaseReason {
    /// Parse a reason given as `field`.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        Name::parse(raw, field, REASON_MAX).map(ReleaseReason)
    }

    /// The reason.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// When pool customers were released, for the pool's filter: rolling
/// windows of the company's calendar days ending today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ReleasedWithin {
    /// Today (一天内).
    Today,
    /// Today and the two days before (三天内).
    Last3Days,
    /// Today and the six days before (一周内).
    LastWeek,
    /// Today and the 29 days before (一月内).
    LastMonth,
    /// Today and the 364 days before (一年内).
    LastYear,
}

impl ReleasedWithin {
    /// The calendar window.
    pub fn window(self) -> Window {
        match self {
            ReleasedWithin::Today => Window::Today,
            ReleasedWithin::Last3Days => Window::LAST_3_DAYS,
            ReleasedWithin::LastWeek => Window::LAST_WEEK,
            ReleasedWithin::LastMonth => Window::LAST_MONTH,
            ReleasedWithin::LastYear => Window::LAST_YEAR,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).unwrap_or_default()
    }

    fn facts() -> ClaimFacts {
        ClaimFacts {
            claims_today: 0,
            day_ends_at: t("2026-03-02T16:00:00Z"),
            held: 0,
            claimer_was_previous_owner: false,
            released_at: Some(t("2026-03-01T00:00:00Z")),
        }
    }

    fn limit(r: Result<(), Error>) -> Option<(&'static str, u32, Option<i64>)> {
        match r {
            Err(Error::LimitReached { limit, max, retry_after_secs, .. }) => Some((limit, max, retry_after_secs)),
            _ => None,
        }
    }

    #[test]
    fn defaults_and_bounds() {
        assert!(PoolSettings::default().problems().is_empty());
        let bad = PoolSettings { claims_per_day: 10_001, max_held: 1_000_001, reclaim_cooldown_days: 366 };
        let fields: Vec<String> = bad.problems().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["pool.claimsPerDay", "pool.maxHeld", "pool.reclaimCooldownDays"]);
        let off = PoolSettings { claims_per_day: 0, max_held: 0, reclaim_cooldown_days: 0 };
        assert!(off.problems().is_empty());
    }

    #[test]
    fn caps() {
        let now = t("2026-03-02T10:00:00Z");
        let s = PoolSettings { claims_per_day: 3, max_held: 10, reclaim_cooldown_days: 2 };
        assert!(s.check_claim(&facts(), now).is_ok());
        let f = ClaimFacts { claims_today: 3, ..facts() };
        assert_eq!(limit(s.check_claim(&f, now)), Some(("pool.claimsPerDay", 3, Some(6 * 3600))));
        let f = ClaimFacts { held: 10, ..facts() };
        assert_eq!(limit(s.check_claim(&f, now)), Some(("pool.maxHeld", 10, None)));
        // Released a day ago by the claimer: one more day to wait.
        let f = ClaimFacts { claimer_was_previous_owner: true, ..facts() };
        assert_eq!(limit(s.check_claim(&f, now)), Some(("pool.reclaimCooldownDays", 2, Some(14 * 3600))));
        // Someone else may claim it at once; the previous owner after the cooldown.
        assert!(s.check_claim(&f, t("2026-03-03T00:00:00Z")).is_ok());
        // Zero switches every cap off.
        let off = PoolSettings { claims_per_day: 0, max_held: 0, reclaim_cooldown_days: 0 };
        let f = ClaimFacts { claims_today: 99, held: 99, claimer_was_previous_owner: true, ..facts() };
        assert!(off.check_claim(&f, now).is_ok());
        assert_eq!(off.cooldown_until(now), None);
    }

    #[test]
    fn reasons() {
        assert_eq!(
            ReleaseReason::parse("  不再合作 ", "reason").map(|r| r.as_str().to_owned()).ok().as_deref(),
            Some("不再合作")
        );
        assert_eq!(ReleaseReason::parse(" ", "reason").err().map(|e| e.reason), Some("required"));
        assert_eq!(ReleaseReason::parse(&"长".repeat(201), "reason").err().map(|e| e.reason), Some("too_long"));
        assert!(ReleaseReason::parse(&"长".repeat(200), "reason").is_ok());
    }

    #[test]
    fn windows_end_today() {
        let now = t("2026-03-02T10:00:00Z");
        let tz = chrono_tz::Asia::Shanghai;
        let (start, end) = ReleasedWithin::Last3Days.window().bounds(now, tz);
        assert_eq!((start, end), (t("2026-02-27T16:00:00Z"), t("2026-03-02T16:00:00Z")));
        assert_eq!(ReleasedWithin::Today.window().bounds(now, tz).0, t("2026-03-01T16:00:00Z"));
        assert_eq!(ReleasedWithin::LastYear.window().bounds(now, tz).0, t("2025-03-02T16:00:00Z"));
    }
}
