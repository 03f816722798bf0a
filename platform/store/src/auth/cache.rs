//! Verified credentials kept in memory for a short time, so that a request
//! does not spend a transaction of its own on reading its session or API
//! key, user and groups again.
//!
//! The cache is only ever a copy of what the database said, and a stale
//! copy must never let a caller in: every change that could end or narrow a
//! credential (a session or key revoked or expired early, a user deactivated
//! or deleted, a role, group or supervised group changed) drops the copies
//! of that user's credentials, at once and in every replica:
//!
//! - on PostgreSQL, triggers on `sessions`, `api_keys`, `users` and
//!   `group_supervisors` (migration `m0027`) send `NOTIFY guanxi_auth` with
//!   the tenant and user, whoever wrote the row. Each replica listens on a
//!   connection of its own and drops what a notification names; while that
//!   connection is down nothing is cached and nothing cached is used, and
//!   when it comes back the cache starts empty, since notifications sent
//!   meanwhile are lost;
//! - the process that made the change also drops its copies itself as the
//!   change commits ([`crate::db::TenantTx::auth_changed`]), so the very
//!   next request it serves is refused without waiting for the notification.
//!
//! A lookup racing an invalidation cannot store what it read before the
//! change: every invalidation bumps a generation, and a result is kept only
//! if the generation is still the one seen before the lookup began.
//!
//! SQLite runs embedded, where reading a session costs microseconds and no
//! round trip: it has no cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

use chrono::{DateTime, Utc};
use guanxi_core::{TenantId, UserId};
use sea_orm::sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};

use super::Principal;

/// The channel the triggers of migration `m0027` notify on; the payload is
/// `<tenant id>:<user id>`.
pub(crate) const CHANNEL: &str = "guanxi_auth";

/// Most credentials kept at once; past it, expired ones are dropped and, if
/// that is not enough, new ones are not kept (they are read again).
const MAX_ENTRIES: usize = 50_000;

/// What a token is cached under: the tenant it names, whether it is a
/// session (or an API key), and the hash of its secret.
pub(crate) type Key = (TenantId, bool, String);

struct Entry {
    principal: Principal,
    /// When the copy stops being used: the cache's time to live, or the
    /// session's own expiry if that comes first.
    until: DateTime<Utc>,
}

#[derive(Default)]
struct State {
    entries: HashMap<Key, Entry>,
    /// Bumped by every invalidation (see the module comment).
    generation: u64,
    /// Whether invalidations are known to arrive: the listener is connected
    /// (PostgreSQL only; without it nothing is cached).
    live: bool,
}

/// The credential cache of one store (shared by its clones).
pub(crate) struct AuthCache {
    ttl: chrono::Duration,
    state: Mutex<State>,
    /// Dropped with the cache, which ends the listener task.
    _stop: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
}

impl AuthCache {
    /// A cache that keeps nothing (SQLite, or a time to live of zero).
    pub(crate) fn disabled() -> Arc<AuthCache> {
        Arc::new(AuthCache { ttl: chrono::Duration::zero(), state: Mutex::default(), _stop: Mutex::new(None) })
    }

    /// A cache kept for `ttl` and invalidated by notifications that a task
    /// (spawned here, ended when the cache is dropped) listens for on a
    /// connection of its own to the database of `opts`: outside the
    /// request pool, which it would otherwise shrink by one.
    pub(crate) fn listening(opts: PgConnectOptions, ttl: Duration) -> Arc<AuthCache> {
        if ttl.is_zero() {
            return AuthCache::disabled();
        }
        let pool = crate::db::no_reaper(PgPoolOptions::new()).max_connections(1).connect_lazy_with(opts);
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let cache =
            Arc::new(AuthCache { ttl: super::chrono(ttl), state: Mutex::default(), _stop: Mutex::new(Some(stop)) });
        tokio::spawn(listen(pool, Arc::downgrade(&cache), stopped));
        cache
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached principal of `key`, if there is a live copy.
    pub(crate) fn get(&self, key: &Key, now: DateTime<Utc>) -> Option<Principal> {
        let state = self.state();
        if !state.live {
            return None;
        }
        state.entries.get(key).filter(|e| e.until > now).map(|e| e.principal.clone())
    }

    /// The generation to hand back to [`AuthCache::put`], taken before the
    /// database is read.
    pub(crate) fn generation(&self) -> u64 {
        self.state().generation
    }

    /// Keep `principal` for `key` until the time to live ends or `expires`,
    /// unless something was invalidated since `generation` was taken.
    pub(crate) fn put(
        &self,
        generation: u64,
        key: Key,
        principal: Principal,
        now: DateTime<Utc>,
        expires: Option<DateTime<Utc>>,
    ) {
        if self.ttl.is_zero() {
            return;
        }
        let until = expires.map_or(now + self.ttl, |e| e.min(now + self.ttl));
        let mut state = self.state();
        if !state.live || state.generation != generation || until <= now {
            return;
        }
        if state.entries.len() >= MAX_ENTRIES {
            state.entries.retain(|_, e| e.until > now);
            if state.entries.len() >= MAX_ENTRIES {
                return;
            }
        }
        state.entries.insert(key, Entry { principal, until });
    }

    /// Drop every copy of `user`'s credentials.
    pub(crate) fn invalidate_user(&self, tenant: TenantId, user: UserId) {
        let mut state = self.state();
        state.generation = state.generation.wrapping_add(1);
        state.entries.retain(|(t, _, _), e| !(*t == tenant && e.principal.user_id() == user));
    }

    /// Drop every copy of the credentials of `tenant`'s users (a group's
    /// supervisors changed).
    pub(crate) fn invalidate_tenant(&self, tenant: TenantId) {
        let mut state = self.state();
        state.generation = state.generation.wrapping_add(1);
        state.entries.retain(|(t, _, _), _| *t != tenant);
    }

    /// Drop everything (a notification could not be read, or was lost).
    fn invalidate_all(&self, live: bool) {
        let mut state = self.state();
        state.generation = state.generation.wrapping_add(1);
        state.entries.clear();
        state.live = live;
    }

    /// How many copies are kept, expired ones included.
    pub(crate) fn len(&self) -> usize {
        self.state().entries.len()
    }
}

/// `<tenant>:<user>` as the triggers write it.
fn parse_payload(payload: &str) -> Option<(TenantId, UserId)> {
    let (tenant, user) = payload.split_once(':')?;
    Some((TenantId(tenant.parse().ok()?), UserId(user.parse().ok()?)))
}

/// Listen for invalidations until the cache is dropped, reconnecting after
/// a lost connection (with the cache emptied and off while it is lost).
async fn listen(pool: PgPool, cache: Weak<AuthCache>, mut stopped: tokio::sync::oneshot::Receiver<()>) {
    let mut backoff = Duration::from_millis(100);
    loop {
        let connected = async {
            let mut l = PgListener::connect_with(&pool).await?;
            // No reconnection inside `try_recv`: a lost connection must be
            // seen here, since what was sent meanwhile is lost.
            l.eager_reconnect(false);
            l.listen(CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(l)
        };
        let mut listener = tokio::select! {
            _ = &mut stopped => return,
            l = connected => match l {
                Ok(l) => l,
                Err(e) => {
                    if pool.is_closed() {
                        return;
                    }
                    tracing::warn!(error = %e, "credential cache: cannot listen for invalidations; not caching");
                    tokio::select! {
                        _ = &mut stopped => return,
                        () = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                    continue;
                }
            },
        };
        let Some(c) = cache.upgrade() else { return };
        // Anything cached before this connection listened may have missed a
        // notification: start empty.
        c.invalidate_all(true);
        drop(c);
        backoff = Duration::from_millis(100);
        loop {
            let received = tokio::select! {
                _ = &mut stopped => return,
                r = listener.try_recv() => r,
            };
            let Some(c) = cache.upgrade() else { return };
            match received {
                Ok(Some(n)) => match parse_payload(n.payload()) {
                    Some((tenant, user)) => c.invalidate_user(tenant, user),
                    None => c.invalidate_all(true),
                },
                Ok(None) | Err(_) => {
                    c.invalidate_all(false);
                    if !pool.is_closed() {
                        tracing::warn!("credential cache: invalidation connection lost; not caching until it is back");
                    }
                    break;
                }
            }
        }
        if pool.is_closed() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guanxi_core::{Actor, Role, SessionId};

    fn principal(tenant: TenantId, user: UserId) -> Principal {
        Principal {
            tenant_id: tenant,
            actor: Actor { user_id: user, role: Role::Salesperson, group_id: None, supervises: Vec::new() },
            credential: super::super::Credential::Session(SessionId::new()),
        }
    }

    fn live_cache() -> AuthCache {
        let c = AuthCache { ttl: chrono::Duration::seconds(60), state: Mutex::default(), _stop: Mutex::new(None) };
        c.invalidate_all(true);
        c
    }

    #[test]
    fn a_lookup_that_raced_an_invalidation_is_not_kept() {
        let c = live_cache();
        let (t, u) = (TenantId::new(), UserId::new());
        let now = Utc::now();
        let g = c.generation();
        c.invalidate_user(t, u);
        c.put(g, (t, true, "h".into()), principal(t, u), now, None);
        assert_eq!(c.len(), 0);
        c.put(c.generation(), (t, true, "h".into()), principal(t, u), now, None);
        assert!(c.get(&(t, true, "h".into()), now).is_some());
    }

    #[test]
    fn invalidation_drops_only_that_user_and_expiry_is_kept() {
        let c = live_cache();
        let (t, u, other) = (TenantId::new(), UserId::new(), UserId::new());
        let now = Utc::now();
        c.put(c.generation(), (t, true, "a".into()), principal(t, u), now, None);
        c.put(
            c.generation(),
            (t, true, "b".into()),
            principal(t, other),
            now,
            Some(now + chrono::Duration::seconds(1)),
        );
        c.invalidate_user(t, u);
        assert!(c.get(&(t, true, "a".into()), now).is_none());
        assert!(c.get(&(t, true, "b".into()), now).is_some());
        assert!(c.get(&(t, true, "b".into()), now + chrono::Duration::seconds(2)).is_none());
    }

    #[test]
    fn nothing_is_used_while_invalidations_cannot_arrive() {
        let c = live_cache();
        let (t, u) = (TenantId::new(), UserId::new());
        let now = Utc::now();
        c.put(c.generation(), (t, true, "a".into()), principal(t, u), now, None);
        c.invalidate_all(false);
        c.put(c.generation(), (t, true, "a".into()), principal(t, u), now, None);
        assert!(c.get(&(t, true, "a".into()), now).is_none());
    }

    #[test]
    fn payloads_parse() {
        let (t, u) = (TenantId::new(), UserId::new());
        assert_eq!(parse_payload(&format!("{}:{}", t.0, u.0)), Some((t, u)));
        assert_eq!(parse_payload("nonsense"), None);
    }
}
