//! The embedded engine: one Tantivy index (under the data directory, or in
//! memory for tests) for every tenant and kind.
//!
//! Documents are indexed as their enriched terms (see [`crate::enrich`]),
//! one whitespace-tokenized text field per [`SearchField`]. Tenant, kind,
//! owner (or the pool marker) and facets are untokenized string fields;
//! queries are built from typed values and the parsed terms, never with
//! Tantivy's query parser, so nothing the user types is an operator.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use guanxi_core::TenantId;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, Query, QueryClone, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{DocAddress, DocId, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, SegmentReader, Term};
use uuid::Uuid;

use crate::enrich::{self, ParsedQuery, QueryPart, SURNAME_MARK};
use crate::{
    Document, EntityKind, Hit, MAX_MATCHING_IDS, MatchingIds, SearchEngine, SearchError, SearchField, SearchQuery,
    SearchResults, SearchSort, Visibility, highlight, validate,
};

/// The tokenizer of the term fields: terms are already cut and normalised.
const TOKENIZER: &str = "guanxi_terms";
/// The owner value of documents in the public pool.
const POOL: &str = "-";
/// Memory for each indexing thread's buffer. The server's indexer commits
/// every batch of events, so the buffer never fills in its work; only a
/// whole reindex would, and then a fuller buffer saves little: a larger one
/// kept resident memory high after every large import (tantivy wants at
/// least 15 MB a thread).
const WRITER_MEMORY_PER_THREAD: usize = 20 * 1024 * 1024;
/// At most this many values of one facet are counted.
const MAX_FACET_VALUES: usize = 200;
/// How [`TantivyEngine::open`]'s error begins when another process (or
/// engine) holds the index's writer.
const LOCKED: &str = "the search index is locked by another process";

struct Fields {
    key: Field,
    tenant: Field,
    tenant_kind: Field,
    kind: Field,
    owner: Field,
    facet: Field,
    created: Field,
    updated: Field,
    id: Field,
    customer: Field,
    raw: Field,
    text: BTreeMap<SearchField, Field>,
}

fn field_name(field: SearchField) -> &'static str {
    match field {
        SearchField::Name => "t_name",
        SearchField::Company => "t_company",
        SearchField::Title => "t_title",
        SearchField::Phone => "t_phone",
        SearchField::Email => "t_email",
        SearchField::Address => "t_address",
        SearchField::Labels => "t_labels",
        SearchField::Owner => "t_owner",
        SearchField::Content => "t_content",
        SearchField::Custom => "t_custom",
    }
}

/// How much a match in each field counts.
pub(crate) fn field_weight(field: SearchField) -> f32 {
    match field {
        SearchField::Name => 3.0,
        SearchField::Company => 2.0,
        SearchField::Phone | SearchField::Email => 2.0,
        SearchField::Title | SearchField::Labels | SearchField::Custom => 1.0,
        SearchField::Owner | SearchField::Address => 0.8,
        SearchField::Content => 0.6,
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let terms = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(TOKENIZER).set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        tenant: b.add_text_field("tenant", STRING),
        tenant_kind: b.add_text_field("tenant_kind", STRING),
        kind: b.add_text_field("kind", STRING | STORED),
        owner: b.add_text_field("owner", STRING),
        facet: b.add_text_field("facet", STRING),
        created: b.add_i64_field("created", FAST | INDEXED),
        updated: b.add_i64_field("updated", FAST | INDEXED),
        id: b.add_text_field("id", STORED),
        customer: b.add_text_field("customer", STORED),
        raw: b.add_text_field("raw", STORED),
        text: SearchField::ALL.iter().map(|f| (*f, b.add_text_field(field_name(*f), terms.clone()))).collect(),
    };
    (b.build(), fields)
}

pub(crate) fn kind_str(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Customer => "customer",
        EntityKind::Conversation => "conversation",
        EntityKind::BoardPost => "board_post",
    }
}

fn kind_from_str(s: &str) -> Option<EntityKind> {
    match s {
        "customer" => Some(EntityKind::Customer),
        "conversation" => Some(EntityKind::Conversation),
        "board_post" => Some(EntityKind::BoardPost),
        _ => None,
    }
}

fn doc_key(tenant: TenantId, kind: EntityKind, id: Uuid) -> String {
    format!("{tenant}/{}/{id}", kind_str(kind))
}

fn tenant_kind_key(tenant: TenantId, kind: EntityKind) -> String {
    format!("{tenant}/{}", kind_str(kind))
}

/// The second value of `tenant_kind`, by which the documents of one kind
/// about one customer are deleted (a customer's conversations when it is
/// deleted). `tenant_kind` holds the scopes a document is deleted by and
/// is never searched; a term of its own spares existing indexes a schema
/// change.
fn of_customer_key(tenant: TenantId, kind: EntityKind, customer: Uuid) -> String {
    format!("{tenant}/{}/of/{customer}", kind_str(kind))
}

/// The third kind of `tenant_kind` value: the rebuild a document was
/// written by ([`SearchEngine::upsert_generation`]), by which a rebuild's
/// end removes the documents it did not write.
fn generation_key(tenant: TenantId, generation: &str) -> String {
    format!("{tenant}/gen/{generation}")
}

/// The embedded search engine. Cheap to clone; one instance is shared by
/// the request handlers and the indexer.
#[derive(Clone)]
pub struct TantivyEngine {
    inner: Arc<Inner>,
}

struct Inner {
    index: Index,
    reader: IndexReader,
    writer: Mutex<Writer>,
    fields: Fields,
    commit_every: usize,
}

struct Writer {
    writer: IndexWriter,
    /// Operations since the last commit.
    pending: usize,
}

fn internal(e: impl std::fmt::Display) -> SearchError {
    SearchError::Internal(e.to_string())
}

impl TantivyEngine {
    /// Opens (or creates) the index in a directory.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(internal)?;
        let (schema, fields) = schema();
        let directory = MmapDirectory::open(dir).map_err(internal)?;
        let index = Index::open_or_create(directory, schema).map_err(internal)?;
        Self::with_index(index, fields)
    }

    /// Whether `err` (from [`TantivyEngine::open`]) says that another
    /// engine holds the index's writer: a running server, which then does
    /// the work itself (see `guanxi reindex`).
    pub fn is_locked(err: &SearchError) -> bool {
        matches!(err, SearchError::Unavailable(m) if m.starts_with(LOCKED))
    }

    /// An index in memory (tests, benchmarks).
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<Self, SearchError> {
        index.tokenizers().register(TOKENIZER, TextAnalyzer::builder(WhitespaceTokenizer::default()).build());
        // Two cores are the norm here: one indexing thread leaves the other
        // to the request handlers.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().div_ceil(2)).clamp(1, 4);
        let writer =
            index.writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD).map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => SearchError::Unavailable(format!("{LOCKED}: {e}")),
                e => internal(e),
            })?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(internal)?;
        Ok(Self {
            inner: Arc::new(Inner {
                index,
                reader,
                writer: Mutex::new(Writer { writer, pending: 0 }),
                fields,
                commit_every: 1,
            }),
        })
    }

    /// Commits only once this many operations are pending (or on
    /// [`SearchEngine::refresh`]) instead of at the end of every call: for
    /// bulk loads (`reindex`), whose checkpoint is then the refresh. The
    /// default (1) commits every call, so that an `Ok` means durable.
    pub fn with_commit_every(self, operations: usize) -> Self {
        match Arc::try_unwrap(self.inner) {
            Ok(mut inner) => {
                inner.commit_every = operations.max(1);
                Self { inner: Arc::new(inner) }
            }
            Err(inner) => Self { inner },
        }
    }

    /// The underlying index (benchmarks compare with raw Tantivy queries).
    pub fn index(&self) -> &Index {
        &self.inner.index
    }

    /// The reader of the index.
    pub fn reader(&self) -> &IndexReader {
        &self.inner.reader
    }

    /// The Tantivy field holding a search field's terms.
    pub fn term_field(&self, field: SearchField) -> Option<Field> {
        self.inner.fields.text.get(&field).copied()
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Inner) -> Result<T, SearchError> + Send + 'static,
    ) -> Result<T, SearchError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || f(&inner)).await.map_err(internal)?
    }
}

impl Inner {
    fn writer(&self) -> Result<MutexGuard<'_, Writer>, SearchError> {
        self.writer.lock().map_err(|_| SearchError::Internal("index writer poisoned".into()))
    }

    fn after_write(&self, w: &mut Writer, operations: usize, force: bool) -> Result<(), SearchError> {
        w.pending += operations;
        if w.pending > 0 && (force || w.pending >= self.commit_every) {
            w.writer.commit().map_err(internal)?;
            w.pending = 0;
            self.reader.reload().map_err(internal)?;
        }
        Ok(())
    }

    fn to_tantivy(&self, doc: &Document, generation: Option<&str>) -> Result<tantivy::TantivyDocument, SearchError> {
        let f = &self.fields;
        let mut d = tantivy::TantivyDocument::default();
        d.add_text(f.key, doc_key(doc.tenant, doc.kind, doc.id));
        d.add_text(f.tenant, doc.tenant.to_string());
        d.add_text(f.tenant_kind, tenant_kind_key(doc.tenant, doc.kind));
        if let Some(g) = generation {
            d.add_text(f.tenant_kind, generation_key(doc.tenant, g));
        }
        d.add_text(f.kind, kind_str(doc.kind));
        d.add_text(f.owner, doc.owner.map_or_else(|| POOL.to_owned(), |o| o.to_string()));
        for (name, values) in &doc.facets {
            for value in values {
                d.add_text(f.facet, facet_term(name, value));
            }
        }
        d.add_i64(f.created, doc.created_at.timestamp_micros());
        d.add_i64(f.updated, doc.updated_at.timestamp_micros());
        d.add_text(f.id, doc.id.to_string());
        if let Some(c) = doc.customer {
            d.add_text(f.customer, c.to_string());
            d.add_text(f.tenant_kind, of_customer_key(doc.tenant, doc.kind, c));
        }
        d.add_text(f.raw, serde_json::to_string(&doc.text).map_err(internal)?);
        for (field, terms) in enrich::document_terms(doc) {
            if let Some(tf) = f.text.get(&field) {
                d.add_text(*tf, terms.join(" "));
            }
        }
        Ok(d)
    }

    fn term_query(&self, field: Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
    }

    fn string_query(&self, field: Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
    }

    /// The filters every query carries: tenant, kinds, visibility, facets.
    /// Built from typed values only.
    fn filter_clauses(&self, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, self.string_query(f.tenant, &q.tenant.to_string()))];
        if !q.kinds.is_empty() {
            let kinds = q.kinds.iter().map(|k| (Occur::Should, self.string_query(f.kind, kind_str(*k)))).collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
        }
        match &q.visibility {
            Visibility::All => {}
            Visibility::Owners { owners, pool } => {
                let mut any: Vec<(Occur, Box<dyn Query>)> =
                    owners.iter().map(|o| (Occur::Should, self.string_query(f.owner, &o.to_string()))).collect();
                if *pool {
                    any.push((Occur::Should, self.string_query(f.owner, POOL)));
                }
                let q: Box<dyn Query> =
                    if any.is_empty() { Box::new(EmptyQuery) } else { Box::new(BooleanQuery::new(any)) };
                clauses.push((Occur::Must, q));
            }
            Visibility::Pool => clauses.push((Occur::Must, self.string_query(f.owner, POOL))),
            Visibility::Owned => clauses.push((Occur::MustNot, self.string_query(f.owner, POOL))),
        }
        for (name, values) in &q.filters {
            let any: Vec<(Occur, Box<dyn Query>)> =
                values.iter().map(|v| (Occur::Should, self.string_query(f.facet, &facet_term(name, v)))).collect();
            let q: Box<dyn Query> =
                if any.is_empty() { Box::new(EmptyQuery) } else { Box::new(BooleanQuery::new(any)) };
            clauses.push((Occur::Must, q));
        }
        clauses
    }

    /// One clause per query part, each a choice between the fields.
    fn text_clauses(&self, parsed: &ParsedQuery, fields: &[SearchField], fuzzy: bool) -> Vec<(Occur, Box<dyn Query>)> {
        parsed
            .parts
            .iter()
            .map(|part| {
                let per_field: Vec<(Occur, Box<dyn Query>)> = fields
                    .iter()
                    .filter_map(|field| {
                        let tf = *self.fields.text.get(field)?;
                        let q = self.part_query(*field, tf, part, fuzzy)?;
                        Some((Occur::Should, Box::new(BoostQuery::new(q, field_weight(*field))) as Box<dyn Query>))
                    })
                    .collect();
                let q: Box<dyn Query> =
                    if per_field.is_empty() { Box::new(EmptyQuery) } else { Box::new(BooleanQuery::new(per_field)) };
                (Occur::Must, q)
            })
            .collect()
    }

    fn part_query(&self, field: SearchField, tf: Field, part: &QueryPart, fuzzy: bool) -> Option<Box<dyn Query>> {
        let person = matches!(field, SearchField::Name | SearchField::Owner);
        match part {
            QueryPart::Cjk { run, grams } => {
                if field == SearchField::Phone {
                    return None;
                }
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    grams.iter().map(|g| (Occur::Must, self.term_query(tf, g))).collect();
                if person {
                    // A surname typed alone (李) finds the 李s first.
                    clauses.push((Occur::Should, boost(self.term_query(tf, &format!("{SURNAME_MARK}{run}")), 2.0)));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            // 王总 is a customer called 王, not one whose owner is.
            QueryPart::Surname { surname, .. } => {
                (field == SearchField::Name).then(|| self.term_query(tf, &format!("{SURNAME_MARK}{surname}")))
            }
            QueryPart::Word(word) => {
                if field == SearchField::Phone {
                    return None;
                }
                let term = Term::from_field_text(tf, word);
                let mut any: Vec<(Occur, Box<dyn Query>)> =
                    vec![(Occur::Should, boost(self.term_query(tf, word), 2.0))];
                let len = word.chars().count();
                if len >= 2 {
                    any.push((Occur::Should, boost(Box::new(FuzzyTermQuery::new_prefix(term.clone(), 0, true)), 0.8)));
                }
                // One typo in a word of 5 or more, in the fields where Latin
                // words live: an automaton over a field's whole term
                // dictionary is the costliest clause, so not in prose or
                // addresses, and never as a prefix (20 ms instead of 1 on
                // 100,000 customers).
                if fuzzy && len >= 5 && !matches!(field, SearchField::Content | SearchField::Address) {
                    any.push((Occur::Should, boost(Box::new(FuzzyTermQuery::new(term, 1, true)), 0.5)));
                }
                Some(Box::new(BooleanQuery::new(any)))
            }
            QueryPart::Digits(digits) => {
                let term = Term::from_field_text(tf, digits);
                let mut any: Vec<(Occur, Box<dyn Query>)> =
                    vec![(Occur::Should, boost(self.term_query(tf, digits), 2.0))];
                if field == SearchField::Phone && digits.len() >= 3 {
                    any.push((Occur::Should, boost(Box::new(FuzzyTermQuery::new_prefix(term, 0, true)), 0.8)));
                }
                Some(Box::new(BooleanQuery::new(any)))
            }
        }
    }

    /// The ids of every match, read from the stored documents in index
    /// order (each block of the doc store is then read once); above
    /// [`MAX_MATCHING_IDS`] matches, the best-ranked.
    fn matching_ids(&self, q: &SearchQuery) -> Result<MatchingIds, SearchError> {
        let parsed = enrich::parse_query(&q.text);
        let fields: Vec<SearchField> = if q.fields.is_empty() { SearchField::ALL.to_vec() } else { q.fields.clone() };
        let may_have_typos = parsed.parts.iter().any(|p| matches!(p, QueryPart::Word(w) if w.chars().count() >= 5));
        let searcher = self.reader.searcher();
        let mut query = self.query(q, &parsed, &fields, false);
        let mut total = searcher.search(&query, &Count).map_err(internal)?;
        if total == 0 && may_have_typos {
            query = self.query(q, &parsed, &fields, true);
            total = searcher.search(&query, &Count).map_err(internal)?;
        }
        // Unscored below the bound; above it, the best-ranked.
        let mut addresses: Vec<DocAddress> = if total <= MAX_MATCHING_IDS {
            searcher.search(&query, &DocSetCollector).map_err(internal)?.into_iter().collect()
        } else {
            let top = TopDocs::with_limit(MAX_MATCHING_IDS);
            searcher.search(&query, &top).map_err(internal)?.into_iter().map(|(_, a)| a).collect()
        };
        addresses.sort_unstable();
        let mut ids = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: tantivy::TantivyDocument = searcher.doc(address).map_err(internal)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_str())
                .and_then(|s| Uuid::parse_str(s).ok())
                .ok_or_else(|| internal("document without id"))?;
            ids.push(id);
        }
        Ok(MatchingIds { ids, total })
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let parsed = enrich::parse_query(&q.text);
        let fields: Vec<SearchField> = if q.fields.is_empty() { SearchField::ALL.to_vec() } else { q.fields.clone() };
        // Typos are looked for only when the words as typed find nothing:
        // a typo automaton over a term dictionary costs ten times the rest
        // of the query, and a word that matches was most likely meant.
        let may_have_typos = parsed.parts.iter().any(|p| matches!(p, QueryPart::Word(w) if w.chars().count() >= 5));
        let searcher = self.reader.searcher();
        let query = self.query(q, &parsed, &fields, false);
        let (addresses, total) = self.top(&searcher, &query, q)?;
        let (query, addresses, total) = if total == 0 && may_have_typos {
            let query = self.query(q, &parsed, &fields, true);
            let (addresses, total) = self.top(&searcher, &query, q)?;
            (query, addresses, total)
        } else {
            (query, addresses, total)
        };
        let f = &self.fields;
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc: tantivy::TantivyDocument = searcher.doc(address).map_err(internal)?;
            let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str().map(str::to_owned));
            let kind =
                text(f.kind).as_deref().and_then(kind_from_str).ok_or_else(|| internal("document without kind"))?;
            let id =
                text(f.id).and_then(|s| Uuid::parse_str(&s).ok()).ok_or_else(|| internal("document without id"))?;
            let customer = text(f.customer).and_then(|s| Uuid::parse_str(&s).ok());
            let highlights = if q.highlight {
                let raw: BTreeMap<SearchField, Vec<String>> =
                    text(f.raw).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
                highlights(&raw, &fields, &parsed)
            } else {
                BTreeMap::new()
            };
            hits.push(Hit { kind, id, customer, score, highlights });
        }
        let mut facets = BTreeMap::new();
        for name in &q.facets {
            facets.insert(name.clone(), self.facet_counts(&searcher, &query, name)?);
        }
        Ok(SearchResults { hits, total, facets })
    }

    fn query(&self, q: &SearchQuery, parsed: &ParsedQuery, fields: &[SearchField], fuzzy: bool) -> BooleanQuery {
        let mut clauses = self.filter_clauses(q);
        let text = self.text_clauses(parsed, fields, fuzzy);
        if text.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        clauses.extend(text);
        BooleanQuery::new(clauses)
    }

    /// The page of hits (score, address) in the query's order, and the
    /// number of matches.
    fn top(
        &self,
        searcher: &tantivy::Searcher,
        query: &BooleanQuery,
        q: &SearchQuery,
    ) -> Result<(Vec<(f32, DocAddress)>, usize), SearchError> {
        if q.limit == 0 {
            return Ok((Vec::new(), searcher.search(query, &Count).map_err(internal)?));
        }
        let top = TopDocs::with_limit(q.limit).and_offset(q.offset);
        Ok(match q.sort {
            SearchSort::Relevance => {
                let collector = top.tweak_score(move |segment: &SegmentReader| {
                    let created = segment.fast_fields().i64("created").ok();
                    move |doc: DocId, score: Score| {
                        (score, created.as_ref().and_then(|c| c.first(doc)).unwrap_or(i64::MIN))
                    }
                });
                let (top, total) = searcher.search(query, &(collector, Count)).map_err(internal)?;
                (top.into_iter().map(|((s, _), a)| (s, a)).collect(), total)
            }
            SearchSort::Newest | SearchSort::Oldest | SearchSort::Updated => {
                let (field, order) = match q.sort {
                    SearchSort::Oldest => ("created", Order::Asc),
                    SearchSort::Updated => ("updated", Order::Desc),
                    _ => ("created", Order::Desc),
                };
                let collector = top.order_by_fast_field::<i64>(field, order);
                let (top, total) = searcher.search(query, &(collector, Count)).map_err(internal)?;
                (top.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
            }
        })
    }

    /// Counts of a facet's values among the matches: the facet's values are
    /// read from the term dictionary, each counted with the query.
    fn facet_counts(
        &self,
        searcher: &tantivy::Searcher,
        query: &BooleanQuery,
        name: &str,
    ) -> Result<BTreeMap<String, usize>, SearchError> {
        let prefix = format!("{name}=");
        let mut values = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.facet).map_err(internal)?;
            let mut stream = inverted.terms().range().ge(prefix.as_bytes()).into_stream().map_err(internal)?;
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else { continue };
                let Some(value) = term.strip_prefix(&prefix) else { break };
                values.insert(value.to_owned());
                if values.len() >= MAX_FACET_VALUES {
                    break;
                }
            }
        }
        let mut counts = BTreeMap::new();
        for value in values {
            let q = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (Occur::Must, self.string_query(self.fields.facet, &facet_term(name, &value))),
            ]);
            let n = searcher.search(&q, &Count).map_err(internal)?;
            if n > 0 {
                counts.insert(value, n);
            }
        }
        Ok(counts)
    }
}

fn boost(q: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, by))
}

/// A facet value as one term: `name=value` (facet names hold no `=`).
pub(crate) fn facet_term(name: &str, value: &str) -> String {
    format!("{name}={value}")
}

/// Highlights of a hit's raw text for the searched fields.
pub(crate) fn highlights(
    raw: &BTreeMap<SearchField, Vec<String>>,
    fields: &[SearchField],
    parsed: &ParsedQuery,
) -> BTreeMap<SearchField, Vec<String>> {
    let mut out = BTreeMap::new();
    for field in fields {
        let Some(values) = raw.get(field) else { continue };
        let marked: Vec<String> = values.iter().filter_map(|v| highlight::highlight(*field, v, parsed)).collect();
        if !marked.is_empty() {
            out.insert(*field, marked);
        }
    }
    out
}

#[async_trait::async_trait]
impl SearchEngine for TantivyEngine {
    fn name(&self) -> &'static str {
        "tantivy"
    }

    async fn prepare(&self) -> Result<(), SearchError> {
        // The schema is the code's; an index of another schema fails to open.
        Ok(())
    }

    async fn upsert(&self, docs: Vec<Document>) -> Result<(), SearchError> {
        self.write_docs(docs, None).await
    }

    async fn upsert_generation(&self, docs: Vec<Document>, generation: &str) -> Result<(), SearchError> {
        self.write_docs(docs, Some(generation.to_owned())).await
    }

    async fn delete_other_generations(&self, tenant: TenantId, generation: &str) -> Result<(), SearchError> {
        let keep = generation_key(tenant, generation);
        self.blocking(move |inner| {
            let f = &inner.fields;
            let query = BooleanQuery::new(vec![
                (Occur::Must, inner.string_query(f.tenant, &tenant.to_string())),
                (Occur::MustNot, inner.string_query(f.tenant_kind, &keep)),
            ]);
            let mut w = inner.writer()?;
            w.writer.delete_query(Box::new(query)).map_err(internal)?;
            // The end of a rebuild: seen at once.
            inner.after_write(&mut w, 1, true)
        })
        .await
    }

    async fn delete(&self, tenant: TenantId, kind: EntityKind, ids: &[Uuid]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = ids.iter().map(|id| doc_key(tenant, kind, *id)).collect();
        self.blocking(move |inner| {
            let mut w = inner.writer()?;
            for key in &keys {
                w.writer.delete_term(Term::from_field_text(inner.fields.key, key));
            }
            inner.after_write(&mut w, keys.len(), false)
        })
        .await
    }

    async fn delete_tenant(&self, tenant: TenantId, kind: Option<EntityKind>) -> Result<(), SearchError> {
        self.blocking(move |inner| {
            let mut w = inner.writer()?;
            let term = match kind {
                Some(kind) => Term::from_field_text(inner.fields.tenant_kind, &tenant_kind_key(tenant, kind)),
                None => Term::from_field_text(inner.fields.tenant, &tenant.to_string()),
            };
            w.writer.delete_term(term);
            // Removing a company is rare and must be seen at once.
            inner.after_write(&mut w, 1, true)
        })
        .await
    }

    async fn delete_of_customers(
        &self,
        tenant: TenantId,
        kind: EntityKind,
        customers: &[Uuid],
    ) -> Result<(), SearchError> {
        if customers.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = customers.iter().map(|c| of_customer_key(tenant, kind, *c)).collect();
        self.blocking(move |inner| {
            let mut w = inner.writer()?;
            for key in &keys {
                w.writer.delete_term(Term::from_field_text(inner.fields.tenant_kind, key));
            }
            inner.after_write(&mut w, keys.len(), false)
        })
        .await
    }

    async fn refresh(&self) -> Result<(), SearchError> {
        self.blocking(|inner| {
            let mut w = inner.writer()?;
            inner.after_write(&mut w, 0, true)?;
            inner.reader.reload().map_err(internal)
        })
        .await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        validate(query)?;
        let query = query.clone();
        self.blocking(move |inner| inner.search(&query)).await
    }

    async fn matching_ids(&self, query: &SearchQuery) -> Result<MatchingIds, SearchError> {
        validate(&SearchQuery { offset: 0, limit: 0, ..query.clone() })?;
        let query = query.clone();
        self.blocking(move |inner| inner.matching_ids(&query)).await
    }
}

impl TantivyEngine {
    /// Add or replace documents, marked with a rebuild's generation or not.
    async fn write_docs(&self, docs: Vec<Document>, generation: Option<String>) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        self.blocking(move |inner| {
            let prepared = docs
                .iter()
                .map(|d| Ok((doc_key(d.tenant, d.kind, d.id), inner.to_tantivy(d, generation.as_deref())?)))
                .collect::<Result<Vec<_>, SearchError>>()?;
            let mut w = inner.writer()?;
            let n = prepared.len();
            for (key, doc) in prepared {
                w.writer.delete_term(Term::from_field_text(inner.fields.key, &key));
                w.writer.add_document(doc).map_err(internal)?;
            }
            inner.after_write(&mut w, n, false)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(tenant: TenantId, name: &str) -> Document {
        let id = Uuid::new_v4();
        Document {
            tenant,
            kind: EntityKind::Customer,
            id,
            customer: Some(id),
            owner: None,
            text: [(SearchField::Name, vec![name.to_owned()])].into_iter().collect(),
            facets: BTreeMap::new(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }
    }

    fn query(tenant: TenantId, text: &str) -> SearchQuery {
        SearchQuery {
            tenant,
            kinds: Vec::new(),
            text: text.to_owned(),
            fields: Vec::new(),
            visibility: Visibility::All,
            filters: BTreeMap::new(),
            facets: Vec::new(),
            sort: SearchSort::Relevance,
            offset: 0,
            limit: 10,
            highlight: false,
        }
    }

    #[tokio::test]
    async fn writes_are_durable_when_acknowledged() {
        let dir = tempfile::tempdir().expect("a directory");
        let tenant = TenantId(Uuid::new_v4());
        {
            let engine = TantivyEngine::open(dir.path()).expect("an index");
            engine.prepare().await.expect("prepared");
            engine.upsert(vec![doc(tenant, "欧阳锋")]).await.expect("indexed");
            // Searchable without a refresh: every call commits by default.
            assert_eq!(engine.search(&query(tenant, "oyf")).await.expect("a result").total, 1);
        }
        let engine = TantivyEngine::open(dir.path()).expect("the index reopens");
        assert_eq!(engine.search(&query(tenant, "欧阳")).await.expect("a result").total, 1);
    }

    #[tokio::test]
    async fn batched_commits_wait_for_refresh() {
        let engine = TantivyEngine::in_memory().expect("an index").with_commit_every(100);
        let tenant = TenantId(Uuid::new_v4());
        engine.upsert(vec![doc(tenant, "李四")]).await.expect("indexed");
        assert_eq!(engine.search(&query(tenant, "李四")).await.expect("a result").total, 0);
        engine.refresh().await.expect("refreshed");
        assert_eq!(engine.search(&query(tenant, "李四")).await.expect("a result").total, 1);
    }
}
