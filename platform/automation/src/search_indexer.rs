//! The search indexer (`search.indexer`): keeps the search engine's copy of
//! every company's customers, conversations and board posts in step with
//! the database, as a subscriber of the domain-events outbox.
//!
//! A batch of events becomes sets of affected ids per kind; each kind is
//! then read from the database in one query (through a read-only system
//! transaction: the documents are the same for every reader, see
//! `guanxi_store::search_docs`) and upserted, and ids that no longer exist
//! are deleted. Because every effect is "make the index say what the
//! database says now", a batch delivered twice (delivery is at least once)
//! changes nothing the second time, and events need no ordering among
//! themselves within a batch.
//!
//! What needs no reindexing: group moves and supervisor changes (the
//! visibility of a supervisor is resolved to owners at query time), role
//! changes, plans, deals. `company.restored` and `search.rebuild_requested`
//! (`guanxi reindex` while a server runs) rebuild the company's documents
//! in the place of those events: nothing else writes the company's
//! documents meanwhile, and every search still finds the documents of the
//! records the rebuild has not reached yet ([`rebuild_company`]).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use guanxi_core::events::Definition;
use guanxi_core::{DomainEvent, Error, TenantId};
use guanxi_search::{Document, EntityKind, SearchEngine};
use guanxi_store::events::StoredEvent;
use guanxi_store::{Access, Store, search_docs};
use uuid::Uuid;

use crate::events::Subscriber;

/// The subscriber's name, which keys its cursors.
pub const INDEXER: &str = "search.indexer";

/// Documents sent to the engine at once.
const UPSERT_BATCH: usize = 500;

/// How often the indexer looks for removed companies whose documents are
/// still to be removed (when it has no events to index).
const REMOVALS_EVERY: Duration = Duration::from_secs(2);

/// The search indexer. See the module documentation.
pub struct SearchIndexer {
    store: Store,
    engine: Arc<dyn SearchEngine>,
    /// When removals were last looked for.
    removals_checked: std::sync::Mutex<Option<Instant>>,
}

impl SearchIndexer {
    /// An indexer writing `store`'s records into `engine`.
    pub fn new(store: Store, engine: Arc<dyn SearchEngine>) -> SearchIndexer {
        SearchIndexer { store, engine, removals_checked: std::sync::Mutex::new(None) }
    }

    /// Remove the documents of companies removed from the database
    /// (`search_removals`), then their requests. Returns how many.
    pub async fn remove_removed_companies(&self) -> Result<usize, Error> {
        let removed = self.store.search_removals(100).await?;
        for tenant in &removed {
            self.engine.delete_tenant(*tenant, None).await.map_err(engine_err)?;
        }
        if removed.is_empty() {
            return Ok(0);
        }
        // Durable before the requests are forgotten.
        self.engine.refresh().await.map_err(engine_err)?;
        for tenant in &removed {
            self.store.search_removal_done(*tenant).await?;
            tracing::info!(tenant_id = %tenant, "a removed company's search documents are removed");
        }
        Ok(removed.len())
    }
}

/// What a batch of events asks the index to look at again.
#[derive(Default, Debug)]
struct Affected {
    customers: BTreeSet<Uuid>,
    /// Customers whose owner changed: their conversations carry the owner.
    owner_moves: BTreeSet<Uuid>,
    conversations: BTreeSet<Uuid>,
    posts: BTreeSet<Uuid>,
    renamed_users: BTreeSet<Uuid>,
    rebuild: bool,
}

impl Affected {
    fn of(events: &[StoredEvent]) -> Affected {
        let mut a = Affected::default();
        for e in events {
            match &e.event {
                DomainEvent::CustomerCreated { customer, .. }
                | DomainEvent::CustomerUpdated { customer, .. }
                | DomainEvent::GradeChanged { customer, .. }
                | DomainEvent::CustomerDeleted { customer } => {
                    a.customers.insert(customer.0);
                }
                // The merged customers' documents go, and every
                // conversation of the survivor is written again under it
                // (and the other way round after an undo).
                DomainEvent::CustomersMerged { customer, merged: others, .. }
                | DomainEvent::CustomerMergeUndone { customer, restored: others, .. } => {
                    for c in std::iter::once(customer).chain(others) {
                        a.customers.insert(c.0);
                        a.owner_moves.insert(c.0);
                    }
                }
                DomainEvent::CustomerOwnerChanged { customer, .. }
                | DomainEvent::CustomerReleased { customer, .. }
                | DomainEvent::CustomerClaimed { customer, .. } => {
                    a.customers.insert(customer.0);
                    a.owner_moves.insert(customer.0);
                }
                DomainEvent::ConversationAdded { conversation, .. }
                | DomainEvent::ConversationEdited { conversation, .. }
                | DomainEvent::ConversationDeleted { conversation, .. } => {
                    a.conversations.insert(conversation.0);
                }
                DomainEvent::BoardPostChanged { post, .. } => {
                    a.posts.insert(post.0);
                }
                DomainEvent::UserRenamed { user } => {
                    a.renamed_users.insert(user.0);
                }
                // A searchable field turned on or off, or its options
                // relabelled: only a rebuild finds every value it touches.
                DomainEvent::CustomFieldChanged { what: Definition::Updated | Definition::Deleted, .. } => {
                    a.rebuild = true;
                }
                DomainEvent::CompanyRestored { .. } | DomainEvent::SearchRebuildRequested { .. } => {
                    a.rebuild = true;
                }
                // Imports emit `customer.created`/`updated` per row.
                _ => {}
            }
        }
        a
    }
}

fn engine_err(e: guanxi_search::SearchError) -> Error {
    search_docs::engine_error(e, "search")
}

/// Upsert `docs` in batches, and delete the ids of `wanted` that have no
/// document (the record is gone). Returns those ids.
async fn apply(
    engine: &dyn SearchEngine,
    tenant: TenantId,
    kind: EntityKind,
    wanted: &BTreeSet<Uuid>,
    docs: Vec<Document>,
) -> Result<Vec<Uuid>, Error> {
    let found: BTreeSet<Uuid> = docs.iter().filter(|d| d.kind == kind).map(|d| d.id).collect();
    let gone: Vec<Uuid> = wanted.difference(&found).copied().collect();
    for chunk in docs.chunks(UPSERT_BATCH) {
        engine.upsert(chunk.to_vec()).await.map_err(engine_err)?;
    }
    if !gone.is_empty() {
        engine.delete(tenant, kind, &gone).await.map_err(engine_err)?;
    }
    Ok(gone)
}

#[async_trait::async_trait]
impl Subscriber for SearchIndexer {
    fn name(&self) -> &str {
        INDEXER
    }

    async fn handle(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<(), Error> {
        let mut a = Affected::of(events);
        if a.rebuild {
            let started = Instant::now();
            let counts = rebuild_company(&self.store, self.engine.as_ref(), tenant, |_, _| {}).await?;
            tracing::info!(tenant_id = %tenant, ?counts, elapsed_ms = started.elapsed().as_millis(), "search index of the company rebuilt");
            return Ok(());
        }
        let tx = self.store.system_tx(tenant, Access::Read, INDEXER).await?;
        for user in &a.renamed_users {
            a.customers.extend(search_docs::customers_of_owner(&tx, *user).await?);
        }
        let ids = |s: &BTreeSet<Uuid>| s.iter().copied().collect::<Vec<_>>();
        let customers = search_docs::customers(&tx, &ids(&a.customers)).await?;
        let mut conversations = search_docs::conversations(&tx, &ids(&a.conversations)).await?;
        // Conversations follow their customer's owner.
        let moved = search_docs::conversations_of_customers(&tx, &ids(&a.owner_moves)).await?;
        let posts = search_docs::board_posts(&tx, &ids(&a.posts)).await?;
        tx.commit().await?;
        let engine = self.engine.as_ref();
        let deleted = apply(engine, tenant, EntityKind::Customer, &a.customers, customers).await?;
        // A customer deleted for good takes its conversations with it (the
        // database's cascade, no event of their own): their documents go too.
        if !deleted.is_empty() {
            engine.delete_of_customers(tenant, EntityKind::Conversation, &deleted).await.map_err(engine_err)?;
        }
        let wanted_conversations = a.conversations.clone();
        conversations.extend(moved);
        apply(engine, tenant, EntityKind::Conversation, &wanted_conversations, conversations).await?;
        apply(engine, tenant, EntityKind::BoardPost, &a.posts, posts).await?;
        // Before the cursor moves past these events, the writes must be
        // durable (an engine may buffer them): a crash after the cursor
        // moved would otherwise lose them for good. It also makes them
        // searchable now, which is what a user who just saved expects.
        engine.refresh().await.map_err(engine_err)?;
        Ok(())
    }

    async fn idle(&self) -> Result<(), Error> {
        {
            let mut last = self.removals_checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if last.is_some_and(|t| t.elapsed() < REMOVALS_EVERY) {
                return Ok(());
            }
            *last = Some(Instant::now());
        }
        self.remove_removed_companies().await.map(|_| ())
    }
}

/// How many documents a rebuild wrote, per kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RebuildCounts {
    /// Customers.
    pub customers: u64,
    /// Conversations.
    pub conversations: u64,
    /// Board posts.
    pub board_posts: u64,
    /// The company's last event when the rebuild began: every event up to
    /// it is reflected in the rebuilt documents.
    pub as_of_seq: i64,
}

/// Records read from the database per page of a rebuild.
const REBUILD_PAGE: u64 = 1_000;

/// Write a company's documents again from the database, page by page
/// (memory stays bounded by a page), calling `progress` with the kind and
/// the count so far after every page; then remove the documents it did not
/// write (records deleted since they were indexed). The documents are
/// overwritten by id, marked with a generation of this rebuild's own, and
/// only the older generations are removed at the end: searches find every
/// record during the rebuild, not only those it has reached.
///
/// Returns the counts and the event the rebuild stands at (read before the
/// first page, so every later change still arrives as an event). Nothing
/// else may write the company's documents meanwhile: the indexer runs it in
/// the place of the company's events, `guanxi reindex` only on an index no
/// server holds.
pub async fn rebuild_company(
    store: &Store,
    engine: &dyn SearchEngine,
    tenant: TenantId,
    mut progress: impl FnMut(EntityKind, u64) + Send,
) -> Result<RebuildCounts, Error> {
    let tx = store.system_tx(tenant, Access::Read, "search.rebuild").await?;
    let as_of_seq = search_docs::last_event_seq(&tx).await?;
    tx.commit().await?;
    let generation = Uuid::now_v7().simple().to_string();
    let mut counts = RebuildCounts { as_of_seq, ..RebuildCounts::default() };
    for kind in [EntityKind::Customer, EntityKind::Conversation, EntityKind::BoardPost] {
        let mut after = None;
        let mut n = 0u64;
        loop {
            // A short transaction per page: a rebuild of a large company
            // must not hold one open for minutes.
            let tx = store.system_tx(tenant, Access::Read, "search.rebuild").await?;
            let docs = search_docs::page(&tx, kind, after, REBUILD_PAGE).await?;
            tx.commit().await?;
            let Some(last) = docs.last().map(|d| d.id) else { break };
            after = Some(last);
            n += docs.len() as u64;
            for chunk in docs.chunks(UPSERT_BATCH) {
                engine.upsert_generation(chunk.to_vec(), &generation).await.map_err(engine_err)?;
            }
            progress(kind, n);
        }
        match kind {
            EntityKind::Customer => counts.customers = n,
            EntityKind::Conversation => counts.conversations = n,
            EntityKind::BoardPost => counts.board_posts = n,
        }
    }
    engine.delete_other_generations(tenant, &generation).await.map_err(engine_err)?;
    engine.refresh().await.map_err(engine_err)?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use guanxi_core::events::OwnerChange;
    use guanxi_core::{CustomerId, UserId};

    use super::*;

    fn stored(event: DomainEvent) -> StoredEvent {
        StoredEvent {
            tenant_id: TenantId(Uuid::nil()),
            seq: 1,
            actor_id: None,
            created_at: Utc::now(),
            depth: 0,
            event,
        }
    }

    #[test]
    fn events_map_to_the_records_they_touch() {
        let c = Uuid::now_v7();
        let u = Uuid::now_v7();
        let a = Affected::of(&[
            stored(DomainEvent::CustomerOwnerChanged {
                customer: CustomerId(c),
                from: None,
                to: UserId(u),
                how: OwnerChange::Assign,
            }),
            stored(DomainEvent::UserRenamed { user: UserId(u) }),
            stored(DomainEvent::UserMovedGroup { user: UserId(u), from: None, to: None }),
        ]);
        assert!(a.customers.contains(&c) && a.owner_moves.contains(&c));
        assert!(a.renamed_users.contains(&u));
        assert!(!a.rebuild);
        let r = Affected::of(&[stored(DomainEvent::CompanyRestored { restore: Uuid::nil() })]);
        assert!(r.rebuild);
        let r = Affected::of(&[stored(DomainEvent::SearchRebuildRequested { request: Uuid::nil() })]);
        assert!(r.rebuild);
    }
}
