//! Search for Guanxi: one [`SearchEngine`] trait and its backends.
//!
//! The engine knows nothing of the database, of GraphQL or of roles: the
//! caller (the indexer and the GraphQL resolvers) turns records into
//! [`Document`]s and an actor's visibility into a [`Visibility`]. What the
//! engine guarantees is that a query never returns a document of another
//! tenant, nor one outside the visibility it was given, whatever the text
//! of the query holds (the text is never parsed as a filter).
//!
//! Documents are enriched before they are indexed (see the `enrich` module) so that
//! both backends find what a Chinese user types: any fragment of a name or a
//! company (n-grams), pinyin and its initials, traditional and simplified
//! forms alike, and the last digits of a phone number.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use guanxi_core::TenantId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod enrich;
pub mod highlight;
mod meili;
mod tantivy_engine;

pub use meili::MeiliEngine;
pub use tantivy_engine::TantivyEngine;

/// The longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// The most hits one page may hold.
pub const MAX_LIMIT: usize = 1_000;
/// The deepest page: `offset + limit` may not exceed this.
pub const MAX_WINDOW: usize = 10_000;
/// The most ids [`SearchEngine::matching_ids`] returns: a term matching
/// more of a company's records gives the best-ranked this many.
pub const MAX_MATCHING_IDS: usize = 100_000;

/// Checks a query's bounds (both engines refuse the same queries).
pub fn validate(query: &SearchQuery) -> Result<(), SearchError> {
    if query.text.chars().count() > MAX_QUERY_CHARS {
        return Err(SearchError::Invalid(format!("the search text is longer than {MAX_QUERY_CHARS} characters")));
    }
    if query.limit > MAX_LIMIT {
        return Err(SearchError::Invalid(format!("limit is above {MAX_LIMIT}")));
    }
    if query.offset.saturating_add(query.limit) > MAX_WINDOW {
        return Err(SearchError::Invalid(format!("offset + limit is above {MAX_WINDOW}")));
    }
    Ok(())
}

/// What kind of record a document stands for. Each kind is its own index
/// (Meilisearch) or its own value of the `kind` field (Tantivy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A customer.
    Customer,
    /// A conversation (洽谈记录) with a customer.
    Conversation,
    /// A post on the message board.
    BoardPost,
}

/// A searchable field of a document. A query may be limited to some of
/// them (the requirement documents' "custom query": only names, only
/// companies, only phones).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchField {
    /// A customer's name; a post's title; a conversation's topic.
    Name,
    /// A customer's company.
    Company,
    /// A customer's title (职务).
    Title,
    /// Phone numbers (digits only; suffixes match).
    Phone,
    /// E-mail addresses.
    Email,
    /// A customer's address.
    Address,
    /// Industry, source, status, grade, tags: the short labels.
    Labels,
    /// The owner's display name.
    Owner,
    /// Free text: a conversation's content, a post's body.
    Content,
    /// Custom values the company marks searchable, as `key:value` terms.
    Custom,
}

impl SearchField {
    /// Every field, in a fixed order.
    pub const ALL: [SearchField; 10] = [
        SearchField::Name,
        SearchField::Company,
        SearchField::Title,
        SearchField::Phone,
        SearchField::Email,
        SearchField::Address,
        SearchField::Labels,
        SearchField::Owner,
        SearchField::Content,
        SearchField::Custom,
    ];
}

/// A record as the engine indexes it. `id` is unique within `(tenant,
/// kind)`; indexing a document with an existing id replaces it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The company the record belongs to. Every query is limited to one.
    pub tenant: TenantId,
    /// What the record is.
    pub kind: EntityKind,
    /// The record's id.
    pub id: Uuid,
    /// The customer the record is about: the customer itself, or a
    /// conversation's customer. `None` for board posts.
    pub customer: Option<Uuid>,
    /// The owner of the customer (for conversations: of their customer);
    /// `None` when the customer is in the public pool. Visibility is
    /// decided on this field (see [`Visibility`]).
    pub owner: Option<Uuid>,
    /// Text per searchable field, raw (as the user wrote it); the engine
    /// enriches it (the `enrich` module).
    pub text: BTreeMap<SearchField, Vec<String>>,
    /// Exact-match filter values (status, grade, gender, tags, select-type
    /// custom fields as `custom.<key>`): a filter name to its values.
    pub facets: BTreeMap<String, Vec<String>>,
    /// When the record was created (the default sort, newest first).
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// Which documents a query may return, decided by the caller from the
/// actor's role (`guanxi_core::customer::CustomerScope` and
/// `CustomerSet`), never from the client's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// Every document of the tenant (admins, and kinds visible to all such
    /// as board posts).
    All,
    /// Documents whose `owner` is one of these users (a salesperson: only
    /// themselves; a supervisor: themselves and their groups' current
    /// members, resolved at query time so that a move between groups
    /// needs no reindexing). May be combined with the pool.
    Owners {
        /// The owners whose records are visible.
        owners: Vec<Uuid>,
        /// Whether documents without an owner (the pool) are visible too.
        pool: bool,
    },
    /// Only documents without an owner (the public pool).
    Pool,
    /// Documents owned by anyone (every tenant's customers outside the
    /// pool): an admin's "my customers" list.
    Owned,
}

/// A query.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchQuery {
    /// The company; added by the server, never taken from the client.
    pub tenant: TenantId,
    /// The kinds to search; empty means every kind.
    pub kinds: Vec<EntityKind>,
    /// What the user typed. Phone-shaped text is matched as digits.
    pub text: String,
    /// The fields to search; empty means every field.
    pub fields: Vec<SearchField>,
    /// What the actor may see.
    pub visibility: Visibility,
    /// Exact-match filters: every named facet must have one of the values.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Facets whose value counts to return.
    pub facets: Vec<String>,
    /// The order of hits.
    pub sort: SearchSort,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return (at most 1,000).
    pub limit: usize,
    /// Whether to return highlighted fragments.
    pub highlight: bool,
}

/// The order of hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SearchSort {
    /// Best match first (ties: newest first).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
    /// Most recently updated first.
    Updated,
}

/// One hit.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The record's kind.
    pub kind: EntityKind,
    /// The record's id.
    pub id: Uuid,
    /// The customer the record is about, if any.
    pub customer: Option<Uuid>,
    /// The engine's score (higher is better; comparable within a result).
    pub score: f32,
    /// Highlighted fragments per field, with matches between `<em>` and
    /// `</em>` and everything else HTML-escaped.
    pub highlights: BTreeMap<SearchField, Vec<String>>,
}

/// A page of hits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    /// The hits of the page, in order.
    pub hits: Vec<Hit>,
    /// How many documents match in all (may be an estimate above 1,000).
    pub total: usize,
    /// Value counts of the facets asked for.
    pub facets: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Every record a query matches, as ids ([`SearchEngine::matching_ids`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchingIds {
    /// The ids, in no particular order; at most [`MAX_MATCHING_IDS`].
    pub ids: Vec<Uuid>,
    /// How many documents match in all (more than `ids` holds when the
    /// bound cut them).
    pub total: usize,
}

impl MatchingIds {
    /// Whether `ids` holds every match (the bound cut none).
    pub fn complete(&self) -> bool {
        self.ids.len() >= self.total
    }
}

/// An engine's failure.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The engine cannot be reached or refused the request; worth a retry.
    #[error("search engine unavailable: {0}")]
    Unavailable(String),
    /// The query is not valid (too long, a limit out of range).
    #[error("invalid search: {0}")]
    Invalid(String),
    /// Anything else (a corrupt index, a bug).
    #[error("search engine failed: {0}")]
    Internal(String),
}

/// A search backend. Implementations: Tantivy (embedded) and Meilisearch.
/// Both pass the same conformance suite.
#[async_trait::async_trait]
pub trait SearchEngine: Send + Sync + 'static {
    /// A short name for logs and metrics (`tantivy`, `meilisearch`).
    fn name(&self) -> &'static str;

    /// Apply index settings (idempotent; called at start-up and on upgrade).
    async fn prepare(&self) -> Result<(), SearchError>;

    /// Add or replace documents (any tenants, any kinds). When this returns
    /// `Ok` the documents are durable, though they may become searchable
    /// only after [`SearchEngine::refresh`] or the engine's own refresh.
    async fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError>;

    /// Remove documents by id; ids that are not indexed are ignored.
    async fn delete(&self, tenant: TenantId, kind: EntityKind, ids: &[Uuid]) -> Result<(), SearchError>;

    /// Remove every document of a tenant (a company removed or restored
    /// from a backup), or only those of one kind.
    async fn delete_tenant(&self, tenant: TenantId, kind: Option<EntityKind>) -> Result<(), SearchError>;

    /// Remove the documents of `kind` about these customers (each
    /// document's `customer`): the conversations of a customer deleted for
    /// good, which the database removes with it without an event of their
    /// own. Customers without documents are ignored.
    async fn delete_of_customers(
        &self,
        tenant: TenantId,
        kind: EntityKind,
        customers: &[Uuid],
    ) -> Result<(), SearchError>;

    /// Add or replace documents as part of a rebuild of their tenant: they
    /// are marked with `generation` (any string unique to the rebuild), so
    /// that [`SearchEngine::delete_other_generations`] can then remove what
    /// the rebuild did not write. The tenant's other documents stay
    /// searchable meanwhile: a rebuild overwrites by id and leaves no gap.
    async fn upsert_generation(&self, docs: Vec<Document>, generation: &str) -> Result<(), SearchError>;

    /// Remove every document of a tenant that the last
    /// [`SearchEngine::upsert_generation`] with `generation` did not write
    /// (records deleted before or during the rebuild, documents of an older
    /// rebuild or of the live indexer). Call it when nothing else writes
    /// the tenant's documents (the indexer runs rebuilds in the place of
    /// the tenant's events).
    async fn delete_other_generations(&self, tenant: TenantId, generation: &str) -> Result<(), SearchError>;

    /// Make every acknowledged write searchable now (tests, `reindex`).
    async fn refresh(&self) -> Result<(), SearchError>;

    /// Run a query.
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError>;

    /// The ids of every document a query matches (its `offset`, `limit`,
    /// `sort`, `facets` and `highlight` are ignored), unscored where the
    /// engine allows it, at most [`MAX_MATCHING_IDS`] (then the
    /// best-ranked): for lists that sort and page a search's matches in
    /// the database.
    async fn matching_ids(&self, query: &SearchQuery) -> Result<MatchingIds, SearchError>;

    /// A token with which a browser may search the engine directly, limited
    /// to `tenant` and, for customers and conversations, to `visibility`
    /// (board posts: the whole tenant), valid for `ttl` (at most an hour).
    /// `None` when the engine cannot be searched from outside the server
    /// (Tantivy lives inside it).
    async fn browser_token(
        &self,
        tenant: TenantId,
        visibility: &Visibility,
        ttl: std::time::Duration,
    ) -> Result<Option<BrowserToken>, SearchError> {
        let _ = (tenant, visibility, ttl);
        Ok(None)
    }
}

/// The longest a [`BrowserToken`] may live.
pub const MAX_TOKEN_TTL: std::time::Duration = std::time::Duration::from_secs(3_600);

/// A token for searching the engine from the browser
/// ([`SearchEngine::browser_token`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserToken {
    /// The token (a Meilisearch tenant token: a JWT signed with a
    /// search-only key, whose search rules hold the tenant and visibility
    /// filters).
    pub token: String,
    /// When it stops being accepted.
    pub expires_at: DateTime<Utc>,
    /// The index of each kind.
    pub indexes: BTreeMap<EntityKind, String>,
}
