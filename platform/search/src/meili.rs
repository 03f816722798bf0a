//! The production engine: Meilisearch through `meilisearch-sdk`.
//!
//! One index per [`EntityKind`] shared by every tenant (`guanxi_customers`,
//! `guanxi_conversations`, `guanxi_board_posts`), with `tenant`, `owner`,
//! `pool` and `facets` filterable. Documents carry their enriched terms
//! per field (see [`crate::enrich`]: Meilisearch's Chinese segmenter does
//! not find infixes, pinyin or phone suffixes by itself) and their raw text
//! for highlighting, which is done here as for Tantivy.
//!
//! Writes are sent without waiting on their task: the task ids are kept
//! (with their payload) and checked later, when many are pending and on
//! [`SearchEngine::refresh`]; a failed task is sent again, without the
//! documents a later write already replaced. Filters are built from typed
//! values, every string quoted and escaped; the query text only ever goes
//! to `q`, as the parsed terms.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use guanxi_core::TenantId;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode};
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::enrich::{self, ParsedQuery, QueryPart};
use crate::tantivy_engine::{facet_term, highlights, kind_str};
use crate::{
    BrowserToken, Document, EntityKind, Hit, MAX_MATCHING_IDS, MAX_TOKEN_TTL, MatchingIds, SearchEngine, SearchError,
    SearchField, SearchQuery, SearchResults, SearchSort, Visibility, validate,
};

/// Every kind, each an index.
const ALL_KINDS: [EntityKind; 3] = [EntityKind::Customer, EntityKind::Conversation, EntityKind::BoardPost];

/// Documents per request.
const BATCH: usize = 1_000;
/// Pending tasks beyond this are checked before the next write.
const CHECK_AFTER: usize = 64;
/// How often a failed task is sent again before the failure is reported.
const RETRIES: u32 = 3;
/// How long `refresh` waits for one task.
const TASK_TIMEOUT: Duration = Duration::from_secs(120);

/// Words the Chinese segmenter must keep whole: compound surnames and the
/// suffixes of company names.
const DICTIONARY: &[&str] = &[
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "尉迟",
    "长孙",
    "令狐",
    "皇甫",
    "公孙",
    "慕容",
    "东方",
    "夏侯",
    "宇文",
    "司徒",
    "轩辕",
    "端木",
    "呼延",
    "南宫",
    "有限公司",
    "有限责任公司",
    "股份有限公司",
    "集团有限公司",
    "分公司",
    "子公司",
    "集团",
    "控股",
    "科技",
    "实业",
    "贸易",
    "事务所",
    "研究院",
    "合作社",
    "工作室",
];

fn attribute(field: SearchField) -> &'static str {
    match field {
        SearchField::Name => "name",
        SearchField::Company => "company",
        SearchField::Title => "title",
        SearchField::Phone => "phone",
        SearchField::Email => "email",
        SearchField::Address => "address",
        SearchField::Labels => "labels",
        SearchField::Owner => "owner_name",
        SearchField::Content => "content",
        SearchField::Custom => "custom",
    }
}

/// Searchable attributes, most important first (the `attribute` rule).
const SEARCHABLE: &[&str] =
    &["surname", "name", "phone", "email", "company", "title", "labels", "custom", "owner_name", "address", "content"];

/// A document as Meilisearch stores it.
#[derive(Serialize, Deserialize, Clone, Debug)]
struct MeiliDoc {
    key: String,
    tenant: String,
    kind: String,
    id: Uuid,
    customer: Option<Uuid>,
    owner: Option<String>,
    pool: bool,
    facets: Vec<String>,
    created: i64,
    updated: i64,
    /// The rebuild that wrote the document (`""`: the live indexer), see
    /// [`SearchEngine::upsert_generation`]. Always present, so that
    /// "another generation" is a plain inequality.
    #[serde(default)]
    generation: String,
    #[serde(default)]
    raw: BTreeMap<SearchField, Vec<String>>,
    #[serde(flatten)]
    terms: BTreeMap<String, String>,
}

/// A hit of [`SearchEngine::matching_ids`]: the id alone.
#[derive(Deserialize, Debug)]
struct MeiliId {
    id: Uuid,
}

/// What a search returns of a document.
#[derive(Deserialize, Debug)]
struct MeiliHit {
    kind: String,
    id: Uuid,
    customer: Option<Uuid>,
    created: i64,
    updated: i64,
    #[serde(default)]
    raw: BTreeMap<SearchField, Vec<String>>,
}

fn doc_key(tenant: TenantId, kind: EntityKind, id: Uuid) -> String {
    format!("{tenant}-{}-{id}", kind_str(kind))
}

fn to_meili(doc: &Document, generation: &str) -> MeiliDoc {
    let mut terms: BTreeMap<String, String> = enrich::document_terms(doc)
        .into_iter()
        .map(|(field, terms)| (attribute(field).to_owned(), terms.join(" ")))
        .collect();
    // The surname of a person's name as its own attribute, searched first:
    // Meilisearch cannot hold Tantivy's `^王` marker (it strips the `^`).
    if doc.kind == EntityKind::Customer
        && let Some(name) = doc.text.get(&SearchField::Name).and_then(|v| v.first())
    {
        let norm = enrich::normalize(name);
        if let Some(enrich::Segment::Cjk(run)) = enrich::segments(&norm).into_iter().next() {
            let chars: Vec<char> = run.chars().collect();
            let (len, _) = enrich::surname_of(&chars);
            let surname: String = chars[..len].iter().collect();
            let pinyin: String = enrich::run_pinyin(&chars, true)[..len].iter().flatten().cloned().collect();
            terms.insert("surname".to_owned(), format!("{surname} {pinyin}"));
        }
    }
    MeiliDoc {
        key: doc_key(doc.tenant, doc.kind, doc.id),
        tenant: doc.tenant.to_string(),
        kind: kind_str(doc.kind).to_owned(),
        id: doc.id,
        customer: doc.customer,
        owner: doc.owner.map(|o| o.to_string()),
        pool: doc.owner.is_none(),
        facets: doc.facets.iter().flat_map(|(n, vs)| vs.iter().map(move |v| facet_term(n, v))).collect(),
        created: doc.created_at.timestamp_micros(),
        updated: doc.updated_at.timestamp_micros(),
        generation: generation.to_owned(),
        raw: doc.text.clone(),
        terms,
    }
}

/// A string as a filter value: quoted, with `\` and `"` escaped.
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn quoted_list<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let values: Vec<String> = values.into_iter().map(quote).collect();
    format!("[{}]", values.join(", "))
}

/// The filter of a query (tenant, visibility, facets), or `None` when it
/// can match nothing (no owners and no pool, a filter without values).
fn filter(q: &SearchQuery) -> Option<String> {
    let mut parts = vec![format!("tenant = {}", quote(&q.tenant.to_string()))];
    match &q.visibility {
        Visibility::All => {}
        Visibility::Owners { owners, pool } => {
            let owners: Vec<String> = owners.iter().map(Uuid::to_string).collect();
            match (owners.is_empty(), *pool) {
                (true, false) => return None,
                (true, true) => parts.push("pool = true".to_owned()),
                (false, false) => parts.push(format!("owner IN {}", quoted_list(owners.iter().map(String::as_str)))),
                (false, true) => {
                    parts.push(format!("(owner IN {} OR pool = true)", quoted_list(owners.iter().map(String::as_str))));
                }
            }
        }
        Visibility::Pool => parts.push("pool = true".to_owned()),
        Visibility::Owned => parts.push("pool = false".to_owned()),
    }
    for (name, values) in &q.filters {
        if values.is_empty() {
            return None;
        }
        let terms: Vec<String> = values.iter().map(|v| facet_term(name, v)).collect();
        parts.push(format!("facets IN {}", quoted_list(terms.iter().map(String::as_str))));
    }
    Some(parts.join(" AND "))
}

/// The text sent as `q`: the parsed terms, space-separated. Quotes, `-`
/// and operators never reach Meilisearch (the parser drops them), so no
/// phrase or negation can be written by the user.
fn query_text(parsed: &ParsedQuery) -> String {
    parsed
        .parts
        .iter()
        .flat_map(|part| match part {
            QueryPart::Cjk { grams, .. } => grams.clone(),
            QueryPart::Surname { surname, .. } => vec![surname.clone()],
            QueryPart::Word(w) | QueryPart::Digits(w) => vec![w.clone()],
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A write whose task is not known to have succeeded yet.
struct Pending {
    task: TaskInfo,
    seq: u64,
    index: String,
    op: Op,
    attempts: u32,
}

#[derive(Clone)]
enum Op {
    Upsert(Vec<MeiliDoc>),
    Delete(Vec<String>),
    DeleteWhere(String),
}

#[derive(Default)]
struct Queue {
    pending: Vec<Pending>,
    next_seq: u64,
    /// Per document key, the sequence number of its latest pending write.
    latest: HashMap<String, u64>,
}

/// The Meilisearch engine.
pub struct MeiliEngine {
    client: Client,
    prefix: String,
    queue: tokio::sync::Mutex<Queue>,
    failures: Mutex<Vec<String>>,
    search_key: tokio::sync::OnceCell<(String, String)>,
}

fn map_err(e: MeiliError) -> SearchError {
    match e {
        MeiliError::Meilisearch(e) => SearchError::Internal(format!("{:?}: {}", e.error_code, e.error_message)),
        MeiliError::Timeout => SearchError::Unavailable("meilisearch task timed out".into()),
        MeiliError::HttpError(e) => SearchError::Unavailable(e.to_string()),
        e => SearchError::Unavailable(e.to_string()),
    }
}

impl MeiliEngine {
    /// A client of the server at `url` (`GUANXI_MEILI_URL`) with an API key
    /// (the master key or an admin key).
    pub fn new(url: &str, key: Option<&str>) -> Result<Self, SearchError> {
        let client = Client::new(url.trim_end_matches('/'), key).map_err(map_err)?;
        Ok(Self {
            client,
            prefix: "guanxi_".to_owned(),
            queue: tokio::sync::Mutex::new(Queue::default()),
            failures: Mutex::new(Vec::new()),
            search_key: tokio::sync::OnceCell::new(),
        })
    }

    /// Uses another prefix for index names (tests sharing a server).
    pub fn with_index_prefix(mut self, prefix: &str) -> Self {
        prefix.clone_into(&mut self.prefix);
        self
    }

    /// The index of a kind.
    pub fn index_uid(&self, kind: EntityKind) -> String {
        let plural = match kind {
            EntityKind::Customer => "customers",
            EntityKind::Conversation => "conversations",
            EntityKind::BoardPost => "board_posts",
        };
        format!("{}{plural}", self.prefix)
    }

    /// A tenant token for browser-side search: signed with a search-only
    /// key (`key_uid`, `key`), expiring at `expires_at`, whose search rules
    /// hold the tenant and, on customers and conversations, the actor's
    /// visibility (board posts are the whole company's). Meilisearch adds
    /// a rule's filter to every search made with the token, whatever the
    /// browser sends.
    pub fn tenant_token(
        &self,
        key_uid: &str,
        key: &str,
        tenant: TenantId,
        visibility: &Visibility,
        expires_at: time::OffsetDateTime,
    ) -> Result<String, SearchError> {
        let rule = |visibility: &Visibility| {
            let probe = SearchQuery {
                tenant,
                kinds: Vec::new(),
                text: String::new(),
                fields: Vec::new(),
                visibility: visibility.clone(),
                filters: BTreeMap::new(),
                facets: Vec::new(),
                sort: SearchSort::Relevance,
                offset: 0,
                limit: 0,
                highlight: false,
            };
            // A visibility that matches nothing becomes a filter nothing meets.
            filter(&probe).unwrap_or_else(|| "pool = true AND pool = false".to_owned())
        };
        let rules: serde_json::Map<String, serde_json::Value> = ALL_KINDS
            .iter()
            .map(|k| {
                let v = if *k == EntityKind::BoardPost { &Visibility::All } else { visibility };
                (self.index_uid(*k), serde_json::json!({ "filter": rule(v) }))
            })
            .collect();
        self.client
            .generate_tenant_token(key_uid.to_owned(), serde_json::Value::Object(rules), Some(key), Some(expires_at))
            .map_err(map_err)
    }

    /// The uid of the search-only key of this engine's indexes: fixed per
    /// index prefix, so that every server of a deployment signs with the
    /// same key and a restart finds the key it made.
    fn search_key_uid(&self) -> Uuid {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(format!("guanxi search-only key {}", self.prefix).as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    /// The search-only key tokens are signed with (uid and value), made on
    /// first use with the engine's key (which must be allowed to manage
    /// keys: the master key or an admin key). It may search this engine's
    /// indexes and do nothing else.
    async fn search_key(&self) -> Result<(String, String), SearchError> {
        self.search_key
            .get_or_try_init(|| async {
                let uid = self.search_key_uid().to_string();
                match self.client.get_key(&uid).await {
                    Ok(k) => return Ok((k.uid, k.key)),
                    Err(MeiliError::Meilisearch(e)) if e.error_code == ErrorCode::ApiKeyNotFound => {}
                    Err(e) => return Err(map_err(e)),
                }
                let mut builder = meilisearch_sdk::key::KeyBuilder::new();
                builder
                    .with_uid(&uid)
                    .with_name(format!("{}search (browser tokens)", self.prefix))
                    .with_description("Signs Guanxi's tenant tokens: search only, Guanxi's indexes only.")
                    .with_action(meilisearch_sdk::key::Action::Search)
                    .with_index(format!("{}*", self.prefix));
                match self.client.create_key(&builder).await {
                    Ok(k) => Ok((k.uid, k.key)),
                    // Another server may have made it meanwhile.
                    Err(e) => match self.client.get_key(&uid).await {
                        Ok(k) => Ok((k.uid, k.key)),
                        Err(_) => Err(map_err(e)),
                    },
                }
            })
            .await
            .cloned()
    }

    fn settings() -> Settings {
        Settings::new()
            .with_searchable_attributes(SEARCHABLE)
            .with_displayed_attributes(["kind", "id", "customer", "created", "updated", "raw"])
            .with_filterable_attributes(["tenant", "kind", "owner", "pool", "facets", "customer", "generation"])
            .with_sortable_attributes(["created", "updated"])
            // `sort` first: a date order is the order (as in Tantivy); with
            // no sort asked, relevance, ties newest first.
            .with_ranking_rules(["sort", "words", "typo", "proximity", "attribute", "exactness", "created:desc"])
            .with_typo_tolerance(TypoToleranceSettings {
                enabled: Some(true),
                // Phones are digits: a typo there is another number.
                disable_on_attributes: Some(vec!["phone".into(), "surname".into()]),
                disable_on_words: None,
                min_word_size_for_typos: Some(MinWordSizeForTypos { one_typo: Some(5), two_typos: Some(20) }),
                disable_on_numbers: Some(true),
            })
            .with_dictionary(DICTIONARY)
            // Lists page a search's matches in the database: they ask for
            // every matching id, up to this bound.
            .with_pagination(PaginationSetting { max_total_hits: MAX_MATCHING_IDS })
            .with_max_values_per_facet(1_000)
    }

    /// Add or replace documents, marked with a rebuild's generation (`""`:
    /// written by the live indexer).
    async fn write_docs(&self, docs: &[Document], generation: &str) -> Result<(), SearchError> {
        let mut by_kind: BTreeMap<EntityKind, Vec<MeiliDoc>> = BTreeMap::new();
        for doc in docs {
            by_kind.entry(doc.kind).or_default().push(to_meili(doc, generation));
        }
        for (kind, docs) in by_kind {
            for chunk in docs.chunks(BATCH) {
                self.enqueue(self.index_uid(kind), Op::Upsert(chunk.to_vec())).await?;
            }
        }
        Ok(())
    }

    async fn wait(&self, task: &TaskInfo) -> Result<Task, SearchError> {
        self.client.wait_for_task(task, Some(Duration::from_millis(20)), Some(TASK_TIMEOUT)).await.map_err(map_err)
    }

    async fn send(&self, index: &str, op: &Op) -> Result<TaskInfo, SearchError> {
        let index = self.client.index(index);
        match op {
            Op::Upsert(docs) => index.add_or_replace(docs, Some("key")).await,
            Op::Delete(keys) => index.delete_documents(keys).await,
            Op::DeleteWhere(filter) => {
                let mut q = meilisearch_sdk::documents::DocumentDeletionQuery::new(&index);
                q.with_filter(filter);
                index.delete_documents_with(&q).await
            }
        }
        .map_err(map_err)
    }

    async fn enqueue(&self, index: String, op: Op) -> Result<(), SearchError> {
        // Sent under the lock: the queue's order is the server's order, which
        // the retry of a failed write relies on (see `check`).
        let mut queue = self.queue.lock().await;
        let task = self.send(&index, &op).await?;
        let seq = queue.next_seq;
        queue.next_seq += 1;
        match &op {
            Op::Upsert(docs) => docs.iter().for_each(|d| {
                queue.latest.insert(d.key.clone(), seq);
            }),
            Op::Delete(keys) => keys.iter().for_each(|k| {
                queue.latest.insert(k.clone(), seq);
            }),
            Op::DeleteWhere(_) => {}
        }
        queue.pending.push(Pending { task, seq, index, op, attempts: 1 });
        if queue.pending.len() > CHECK_AFTER {
            self.check(&mut queue, false).await?;
        }
        Ok(())
    }

    /// Checks pending tasks (all, waiting for each, or only those already
    /// processed) and sends failed ones again.
    async fn check(&self, queue: &mut Queue, wait_all: bool) -> Result<(), SearchError> {
        let started = Instant::now();
        let mut i = 0;
        while i < queue.pending.len() {
            let task = if wait_all {
                self.wait(&queue.pending[i].task).await?
            } else {
                let t = self.client.get_task(&queue.pending[i].task).await.map_err(map_err)?;
                if t.is_pending() {
                    // Tasks run in order: the later ones are pending too.
                    break;
                }
                t
            };
            match task {
                Task::Succeeded { .. } => {
                    let done = queue.pending.remove(i);
                    forget(queue, &done);
                }
                Task::Failed { content } => {
                    let mut failed = queue.pending.remove(i);
                    let message = format!("{:?}: {}", content.error.error_code, content.error.error_message);
                    tracing::warn!(index = %failed.index, attempt = failed.attempts, %message, "meilisearch task failed");
                    let retry = !matches!(
                        content.error.error_code,
                        ErrorCode::InvalidDocumentId | ErrorCode::MissingDocumentId | ErrorCode::InvalidDocumentFields
                    );
                    if failed.attempts >= RETRIES || !retry {
                        forget(queue, &failed);
                        self.failures.lock().map_err(|_| SearchError::Internal("poisoned".into()))?.push(message);
                        continue;
                    }
                    // Send again what no later write replaced.
                    if let Op::Upsert(docs) = &mut failed.op {
                        docs.retain(|d| queue.latest.get(&d.key) == Some(&failed.seq));
                    }
                    if let Op::Delete(keys) = &mut failed.op {
                        keys.retain(|k| queue.latest.get(k) == Some(&failed.seq));
                    }
                    failed.task = self.send(&failed.index, &failed.op).await?;
                    failed.attempts += 1;
                    queue.pending.push(failed);
                }
                Task::Enqueued { .. } | Task::Processing { .. } => i += 1,
            }
            if wait_all && started.elapsed() > TASK_TIMEOUT * 4 {
                return Err(SearchError::Unavailable("meilisearch tasks take too long".into()));
            }
        }
        Ok(())
    }

    async fn search_index(
        &self,
        kind: EntityKind,
        q: &SearchQuery,
        r: &Request<'_>,
    ) -> Result<meilisearch_sdk::search::SearchResults<MeiliHit>, SearchError> {
        let Request { text, filter, attributes, sort, window } = *r;
        let index = self.client.index(self.index_uid(kind));
        let mut s = index.search();
        s.with_query(text)
            .with_filter(filter)
            .with_page(1)
            .with_hits_per_page(window)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_show_ranking_score(true)
            .with_attributes_to_retrieve(Selectors::Some(if q.highlight {
                &["kind", "id", "customer", "created", "updated", "raw"]
            } else {
                &["kind", "id", "customer", "created", "updated"]
            }));
        if !attributes.is_empty() {
            s.with_attributes_to_search_on(attributes);
        }
        if !sort.is_empty() {
            s.with_sort(sort);
        }
        if !q.facets.is_empty() {
            s.with_facets(Selectors::Some(&["facets"]));
        }
        match s.execute::<MeiliHit>().await {
            Ok(r) => Ok(r),
            // An index nothing was written to yet holds nothing.
            Err(MeiliError::Meilisearch(e)) if e.error_code == ErrorCode::IndexNotFound => {
                serde_json::from_str(r#"{"hits":[],"totalHits":0,"processingTimeMs":0,"query":""}"#)
                    .map_err(|e| SearchError::Internal(e.to_string()))
            }
            Err(e) => Err(map_err(e)),
        }
    }
}

/// The parts of a search shared by the kinds' indexes.
#[derive(Clone, Copy)]
struct Request<'a> {
    text: &'a str,
    filter: &'a str,
    attributes: &'a [&'a str],
    sort: &'a [&'a str],
    window: usize,
}

fn forget(queue: &mut Queue, done: &Pending) {
    let keys: Vec<&String> = match &done.op {
        Op::Upsert(docs) => docs.iter().map(|d| &d.key).collect(),
        Op::Delete(keys) => keys.iter().collect(),
        Op::DeleteWhere(_) => Vec::new(),
    };
    for key in keys {
        if queue.latest.get(key) == Some(&done.seq) {
            queue.latest.remove(key);
        }
    }
}

fn kind_from_str(s: &str) -> Option<EntityKind> {
    [EntityKind::Customer, EntityKind::Conversation, EntityKind::BoardPost].into_iter().find(|k| kind_str(*k) == s)
}

#[async_trait::async_trait]
impl SearchEngine for MeiliEngine {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    async fn prepare(&self) -> Result<(), SearchError> {
        let settings = Self::settings();
        for kind in [EntityKind::Customer, EntityKind::Conversation, EntityKind::BoardPost] {
            let uid = self.index_uid(kind);
            let created = self.client.create_index(&uid, Some("key")).await.map_err(map_err)?;
            if let Task::Failed { content } = self.wait(&created).await?
                && content.error.error_code != ErrorCode::IndexAlreadyExists
            {
                return Err(SearchError::Internal(content.error.error_message));
            }
            let task = self.client.index(&uid).set_settings(&settings).await.map_err(map_err)?;
            if let Task::Failed { content } = self.wait(&task).await? {
                return Err(SearchError::Internal(content.error.error_message));
            }
        }
        Ok(())
    }

    async fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError> {
        self.write_docs(&docs, "").await
    }

    async fn upsert_generation(&self, docs: Vec<Document>, generation: &str) -> Result<(), SearchError> {
        if generation.is_empty() {
            return Err(SearchError::Invalid("a rebuild's generation is not empty".into()));
        }
        self.write_docs(&docs, generation).await
    }

    async fn delete_other_generations(&self, tenant: TenantId, generation: &str) -> Result<(), SearchError> {
        for kind in ALL_KINDS {
            let filter = format!("tenant = {} AND generation != {}", quote(&tenant.to_string()), quote(generation));
            self.enqueue(self.index_uid(kind), Op::DeleteWhere(filter)).await?;
        }
        Ok(())
    }

    async fn delete(&self, tenant: TenantId, kind: EntityKind, ids: &[Uuid]) -> Result<(), SearchError> {
        for chunk in ids.chunks(BATCH) {
            let keys = chunk.iter().map(|id| doc_key(tenant, kind, *id)).collect();
            self.enqueue(self.index_uid(kind), Op::Delete(keys)).await?;
        }
        Ok(())
    }

    async fn delete_tenant(&self, tenant: TenantId, kind: Option<EntityKind>) -> Result<(), SearchError> {
        let kinds = match kind {
            Some(k) => vec![k],
            None => vec![EntityKind::Customer, EntityKind::Conversation, EntityKind::BoardPost],
        };
        for kind in kinds {
            let filter = format!("tenant = {}", quote(&tenant.to_string()));
            self.enqueue(self.index_uid(kind), Op::DeleteWhere(filter)).await?;
        }
        Ok(())
    }

    async fn delete_of_customers(
        &self,
        tenant: TenantId,
        kind: EntityKind,
        customers: &[Uuid],
    ) -> Result<(), SearchError> {
        for chunk in customers.chunks(BATCH) {
            let ids: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
            let filter = format!(
                "tenant = {} AND customer IN {}",
                quote(&tenant.to_string()),
                quoted_list(ids.iter().map(String::as_str))
            );
            self.enqueue(self.index_uid(kind), Op::DeleteWhere(filter)).await?;
        }
        Ok(())
    }

    async fn refresh(&self) -> Result<(), SearchError> {
        let mut queue = self.queue.lock().await;
        while !queue.pending.is_empty() {
            self.check(&mut queue, true).await?;
        }
        let failures =
            std::mem::take(&mut *self.failures.lock().map_err(|_| SearchError::Internal("poisoned".into()))?);
        if failures.is_empty() {
            Ok(())
        } else {
            Err(SearchError::Internal(format!("{} writes failed: {}", failures.len(), failures.join("; "))))
        }
    }

    async fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        validate(q)?;
        let Some(filter) = filter(q) else { return Ok(SearchResults::default()) };
        let parsed = enrich::parse_query(&q.text);
        let text = query_text(&parsed);
        let fields: Vec<SearchField> = if q.fields.is_empty() { SearchField::ALL.to_vec() } else { q.fields.clone() };
        let mut attributes: Vec<&str> = Vec::new();
        if !q.fields.is_empty() {
            if fields.contains(&SearchField::Name) {
                attributes.push("surname");
            }
            attributes.extend(fields.iter().map(|f| attribute(*f)));
        }
        let sort: &[&str] = match q.sort {
            SearchSort::Relevance => &[],
            SearchSort::Newest => &["created:desc"],
            SearchSort::Oldest => &["created:asc"],
            SearchSort::Updated => &["updated:desc"],
        };
        let kinds = if q.kinds.is_empty() {
            vec![EntityKind::Customer, EntityKind::Conversation, EntityKind::BoardPost]
        } else {
            q.kinds.clone()
        };
        // Meilisearch wants at least one hit per page; the window is cut
        // here, after merging the kinds.
        let window = (q.offset + q.limit).max(1);
        let mut merged: Vec<(f64, i64, Hit)> = Vec::new();
        let mut total = 0;
        let mut facets: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for kind in kinds {
            let request = Request { text: &text, filter: &filter, attributes: &attributes, sort, window };
            let res = self.search_index(kind, q, &request).await?;
            total += res.total_hits.or(res.estimated_total_hits).unwrap_or(0);
            for (term, n) in res.facet_distribution.unwrap_or_default().remove("facets").unwrap_or_default() {
                if let Some((name, value)) = term.split_once('=')
                    && q.facets.iter().any(|f| f == name)
                {
                    *facets.entry(name.to_owned()).or_default().entry(value.to_owned()).or_default() += n;
                }
            }
            for hit in res.hits {
                let score = hit.ranking_score.unwrap_or(0.0);
                let h = hit.result;
                let key = match q.sort {
                    SearchSort::Relevance | SearchSort::Newest => -h.created,
                    SearchSort::Oldest => h.created,
                    SearchSort::Updated => -h.updated,
                };
                let kind =
                    kind_from_str(&h.kind).ok_or_else(|| SearchError::Internal("document without kind".into()))?;
                let highlights = if q.highlight { highlights(&h.raw, &fields, &parsed) } else { BTreeMap::new() };
                let score = if q.sort == SearchSort::Relevance { score } else { 0.0 };
                merged.push((
                    score,
                    key,
                    Hit { kind, id: h.id, customer: h.customer, score: score as f32, highlights },
                ));
            }
        }
        merged.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let hits = merged.into_iter().skip(q.offset).take(q.limit).map(|(_, _, h)| h).collect();
        for name in &q.facets {
            facets.entry(name.clone()).or_default();
        }
        Ok(SearchResults { hits, total, facets })
    }

    async fn matching_ids(&self, q: &SearchQuery) -> Result<MatchingIds, SearchError> {
        validate(&SearchQuery { offset: 0, limit: 0, ..q.clone() })?;
        let Some(filter) = filter(q) else { return Ok(MatchingIds::default()) };
        let parsed = enrich::parse_query(&q.text);
        let text = query_text(&parsed);
        let mut attributes: Vec<&str> = Vec::new();
        if !q.fields.is_empty() {
            if q.fields.contains(&SearchField::Name) {
                attributes.push("surname");
            }
            attributes.extend(q.fields.iter().map(|f| attribute(*f)));
        }
        let kinds = if q.kinds.is_empty() { ALL_KINDS.to_vec() } else { q.kinds.clone() };
        let mut out = MatchingIds::default();
        for kind in kinds {
            let index = self.client.index(self.index_uid(kind));
            let mut s = index.search();
            // One page of up to the bound (the index's `maxTotalHits`),
            // best-ranked first, the id alone.
            s.with_query(&text)
                .with_filter(&filter)
                .with_page(1)
                .with_hits_per_page(MAX_MATCHING_IDS)
                .with_matching_strategy(MatchingStrategies::ALL)
                .with_attributes_to_retrieve(Selectors::Some(&["id"]));
            if !attributes.is_empty() {
                s.with_attributes_to_search_on(&attributes);
            }
            let res = match s.execute::<MeiliId>().await {
                Ok(r) => r,
                Err(MeiliError::Meilisearch(e)) if e.error_code == ErrorCode::IndexNotFound => continue,
                Err(e) => return Err(map_err(e)),
            };
            out.total += res.total_hits.or(res.estimated_total_hits).unwrap_or(res.hits.len());
            out.ids.extend(res.hits.into_iter().map(|h| h.result.id));
        }
        out.ids.truncate(MAX_MATCHING_IDS);
        Ok(out)
    }

    async fn browser_token(
        &self,
        tenant: TenantId,
        visibility: &Visibility,
        ttl: Duration,
    ) -> Result<Option<BrowserToken>, SearchError> {
        let ttl = ttl.min(MAX_TOKEN_TTL);
        let (uid, key) = self.search_key().await?;
        let expires_at = chrono::Utc::now() + ttl;
        let expires = time::OffsetDateTime::from_unix_timestamp(expires_at.timestamp())
            .map_err(|e| SearchError::Internal(e.to_string()))?;
        let token = self.tenant_token(&uid, &key, tenant, visibility, expires)?;
        let indexes = ALL_KINDS.iter().map(|k| (*k, self.index_uid(*k))).collect();
        Ok(Some(BrowserToken {
            token,
            expires_at: chrono::DateTime::from_timestamp(expires_at.timestamp(), 0).unwrap_or(expires_at),
            indexes,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(visibility: Visibility) -> SearchQuery {
        SearchQuery {
            tenant: TenantId(Uuid::nil()),
            kinds: Vec::new(),
            text: "\" OR tenant = \"x".into(),
            fields: Vec::new(),
            visibility,
            filters: BTreeMap::new(),
            facets: Vec::new(),
            sort: SearchSort::Relevance,
            offset: 0,
            limit: 10,
            highlight: false,
        }
    }

    #[test]
    fn filters_quote_every_value() {
        let mut query = q(Visibility::Owners { owners: vec![Uuid::nil()], pool: true });
        query.filters.insert("status".into(), vec!["a\" OR tenant = \"b".into(), "c\\".into()]);
        assert_eq!(
            filter(&query).as_deref(),
            Some(
                "tenant = \"00000000-0000-0000-0000-000000000000\" AND (owner IN [\"00000000-0000-0000-0000-000000000000\"] OR pool = true) AND facets IN [\"status=a\\\" OR tenant = \\\"b\", \"status=c\\\\\"]"
            )
        );
        assert_eq!(filter(&q(Visibility::Owners { owners: vec![], pool: false })), None);
        assert!(filter(&q(Visibility::Owned)).is_some_and(|f| f.ends_with("pool = false")));
    }

    #[test]
    fn query_text_has_no_operators() {
        let parsed = enrich::parse_query("\"王\" OR -李 (tenant = x)");
        assert_eq!(query_text(&parsed), "王 or 李 tenant x");
    }
}

#[cfg(test)]
mod token_tests {
    use base64::Engine as _;

    use super::*;

    fn claims(token: &str) -> serde_json::Value {
        let payload = token.split('.').nth(1).expect("a payload");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).expect("base64url");
        serde_json::from_slice(&bytes).expect("json")
    }

    #[test]
    fn tenant_tokens_carry_the_tenant_and_the_visibility() {
        let engine = MeiliEngine::new("http://127.0.0.1:9", Some("master-key-for-tests")).expect("a client");
        let now = chrono::Utc::now().timestamp();
        let expires = time::OffsetDateTime::from_unix_timestamp(now + 3_600).expect("a time");
        let tenant = TenantId(Uuid::new_v4());
        let me = Uuid::new_v4();
        let uid = Uuid::new_v4().to_string();
        let token = engine
            .tenant_token(
                &uid,
                "a-search-only-key-of-some-length",
                tenant,
                &Visibility::Owners { owners: vec![me], pool: true },
                expires,
            )
            .expect("a token");
        let c = claims(&token);
        assert_eq!(c["apiKeyUid"], uid.as_str());
        assert_eq!(c["exp"], now + 3_600);
        let rules = c["searchRules"].as_object().expect("rules");
        assert_eq!(rules.len(), 3);
        assert_eq!(
            rules["guanxi_customers"]["filter"],
            format!("tenant = \"{tenant}\" AND (owner IN [\"{me}\"] OR pool = true)").as_str()
        );
        assert_eq!(rules["guanxi_conversations"]["filter"], rules["guanxi_customers"]["filter"]);
        assert_eq!(rules["guanxi_board_posts"]["filter"], format!("tenant = \"{tenant}\"").as_str());
        // Nothing visible: a filter nothing meets, never no filter.
        let token = engine
            .tenant_token(
                &uid,
                "a-search-only-key-of-some-length",
                tenant,
                &Visibility::Owners { owners: vec![], pool: false },
                expires,
            )
            .expect("a token");
        assert_eq!(claims(&token)["searchRules"]["guanxi_customers"]["filter"], "pool = true AND pool = false");
    }

    #[test]
    fn the_search_key_uid_is_fixed_per_prefix() {
        let a = MeiliEngine::new("http://127.0.0.1:9", None).expect("a client");
        let b = MeiliEngine::new("http://127.0.0.1:9", None).expect("a client").with_index_prefix("other_");
        assert_eq!(
            a.search_key_uid(),
            MeiliEngine::new("http://127.0.0.1:9", None).expect("a client").search_key_uid()
        );
        assert_ne!(a.search_key_uid(), b.search_key_uid());
    }
}
