//! Search: the `search` query across customers, conversations and board
//! posts, and the engine path of the customer list's and the pool's search
//! term.
//!
//! The rules, in order: the tenant comes from the session, never from the
//! input; the actor's visibility (`CustomerScope` and `CustomerSet`, as the
//! store translates them, `guanxi_store::search_docs::visibility`) is part
//! of the engine query; the text is only ever text (the engine never parses
//! it as a filter); filters are checked against a fixed list of names; and
//! every hit is read again from the database under the caller's rules
//! before it is returned, so an index that lags or is wrong can hide a
//! record for a moment but never show one the caller may not see.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, Union};
use guanxi_core::custom_fields::FieldEntity;
use guanxi_core::customer::CustomerSet;
use guanxi_core::ids::BoardPostId;
use guanxi_core::{Action, ConversationId, CustomerId, Error, FieldError};
use guanxi_search::{EntityKind, Hit, SearchEngine, SearchQuery, SearchSort, Visibility};
use guanxi_store::customers::{self, CustomerFilter as StoreFilter, SearchField as StoreField};
use guanxi_store::{TenantTx, board, conversations, search_docs};
use uuid::Uuid;

use crate::board::BoardPost;
use crate::context::ContextExt;
use crate::conversations::Conversation;
use crate::customers::Customer;
use crate::error::ApiResult;

/// The search engine the schema uses, when one is configured (schema data;
/// see [`crate::schema_with_search`]). Without one, list searches use the
/// database's `LIKE` and the `search` query is `UNAVAILABLE`.
#[derive(Clone)]
pub struct SearchHandle(pub Arc<dyn SearchEngine>);

/// The deepest page of the `search` query: `offset + first` at most this.
const MAX_SEARCH_WINDOW: usize = 1_000;
/// Longest search text, in characters.
const MAX_TEXT_CHARS: usize = 100;
/// Most filters, and most values per filter.
const MAX_FILTERS: usize = 20;

/// What kind of record a hit is.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_search::EntityKind")]
pub enum SearchKind {
    /// Customers.
    Customer,
    /// Conversations (洽谈记录).
    Conversation,
    /// Message-board posts.
    BoardPost,
}

/// A field a search can be limited to (the "custom query": only names,
/// only companies, only phones …).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_search::SearchField")]
pub enum SearchField {
    /// A customer's name; a conversation's topic; a post's title.
    Name,
    /// A customer's company (所属公司).
    Company,
    /// A customer's title (职务).
    Title,
    /// Phone numbers, on their digits (the last digits find a number).
    Phone,
    /// E-mail addresses.
    Email,
    /// A customer's address.
    Address,
    /// Number, industry, source, status, grade and tags.
    Labels,
    /// The owner's display name.
    Owner,
    /// A conversation's content; a post's body.
    Content,
    /// Values of the custom fields the company marks searchable.
    Custom,
}

/// An exact-match filter: the record must have one of `values` for `name`.
#[derive(InputObject, Clone)]
pub struct SearchFilterInput {
    /// `status` (e.g. `prospect`), `grade` (`normal`, `vip`), `gender`,
    /// `tag`, `owner` (a user id), `kind` (a conversation's kind) or
    /// `custom.<key>` (an option key of a searchable select field).
    name: String,
    /// 1–20 values.
    values: Vec<String>,
}

/// A search.
#[derive(InputObject)]
pub struct SearchInput {
    /// What the user typed (1–100 characters): any fragment of a name or a
    /// company, pinyin or its initials, the last digits of a phone number.
    text: String,
    /// The kinds to search; omitted or empty: all.
    kinds: Option<Vec<SearchKind>>,
    /// The fields to search; omitted or empty: every field but `OWNER`
    /// (the owner's name, searched only when chosen).
    fields: Option<Vec<SearchField>>,
    /// Exact-match filters, all of which must hold.
    filters: Option<Vec<SearchFilterInput>>,
    /// Filter names whose value counts to return (same names as `filters`).
    facets: Option<Vec<String>>,
    /// Hits per page, 1–50.
    #[graphql(default = 20)]
    first: i32,
    /// Hits to skip; `offset + first` is at most 1,000.
    #[graphql(default)]
    offset: i32,
}

/// Highlighted fragments of one field: matches between `<em>` and `</em>`,
/// everything else HTML-escaped.
#[derive(SimpleObject)]
pub struct SearchHighlight {
    field: SearchField,
    fragments: Vec<String>,
}

fn highlights(h: &Hit) -> Vec<SearchHighlight> {
    h.highlights.iter().map(|(f, v)| SearchHighlight { field: (*f).into(), fragments: v.clone() }).collect()
}

/// A customer found.
#[derive(SimpleObject)]
pub struct CustomerHit {
    // Boxed: a customer is much larger than the other kinds of hit.
    customer: Box<Customer>,
    score: f64,
    highlights: Vec<SearchHighlight>,
}

/// A conversation found.
#[derive(SimpleObject)]
pub struct ConversationHit {
    conversation: Conversation,
    score: f64,
    highlights: Vec<SearchHighlight>,
}

/// A board post found.
#[derive(SimpleObject)]
pub struct BoardPostHit {
    post: BoardPost,
    score: f64,
    highlights: Vec<SearchHighlight>,
}

/// One hit, typed by its kind.
#[derive(Union)]
pub enum SearchHit {
    /// A customer.
    Customer(CustomerHit),
    /// A conversation.
    Conversation(ConversationHit),
    /// A board post.
    BoardPost(BoardPostHit),
}

/// How many matching records have one value of a facet.
#[derive(SimpleObject)]
pub struct FacetValue {
    value: String,
    count: u64,
}

/// Value counts of one facet over every match.
#[derive(SimpleObject)]
pub struct Facet {
    name: String,
    values: Vec<FacetValue>,
}

/// A page of search results.
#[derive(SimpleObject)]
pub struct SearchResults {
    /// The hits of the page, best first, each read again from the
    /// database under the caller's rules.
    hits: Vec<SearchHit>,
    /// How many records match in all (an estimate above 1,000).
    total: u64,
    /// The facets asked for.
    facets: Vec<Facet>,
}

/// The index of one kind, for a [`SearchToken`].
#[derive(SimpleObject)]
pub struct SearchTokenIndex {
    kind: SearchKind,
    /// The Meilisearch index uid, e.g. `guanxi_customers`.
    uid: String,
}

/// A token for searching Meilisearch straight from the browser.
#[derive(SimpleObject)]
pub struct SearchToken {
    /// A Meilisearch tenant token: send it as `Authorization: Bearer …` to
    /// Meilisearch's `/indexes/{uid}/search` or `/multi-search`. Signed with
    /// a search-only key; its search rules limit every search to the
    /// caller's company and, for customers and conversations, to what the
    /// caller sees now, whatever the browser sends.
    token: String,
    /// When Meilisearch stops accepting it (within the hour): mint another
    /// before then. A change of the caller's visibility (a group move)
    /// reaches tokens minted after it.
    expires_at: chrono::DateTime<chrono::Utc>,
    /// The index of each kind.
    indexes: Vec<SearchTokenIndex>,
}

/// How long a browser search token lives.
const TOKEN_TTL: std::time::Duration = std::time::Duration::from_secs(3_600);

fn engine(ctx: &Context<'_>) -> Option<Arc<dyn SearchEngine>> {
    ctx.data_opt::<SearchHandle>().map(|h| h.0.clone())
}

/// The text as the engine gets it: trimmed, at most 100 characters, and a
/// phone-shaped text reduced to its digits (`138-0013 8000` finds the
/// number however it was typed).
fn query_text(raw: &str, field: &str) -> Result<String, Error> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Error::invalid(field, "required", "type something to search for"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid(field, "too_long", format!("search at most {MAX_TEXT_CHARS} characters")));
    }
    Ok(guanxi_core::phone::digits_query(text).unwrap_or_else(|| text.to_owned()))
}

/// Check filter (and facet) names against the fixed list, and custom keys
/// against the caller's readable fields: a hidden or unknown field is as
/// unknown as any other name.
async fn check_name(tx: &TenantTx, name: &str, path: &str) -> Result<String, FieldError> {
    let name = name.trim();
    if ["status", "grade", "gender", "tag", "owner", "kind"].contains(&name) {
        return Ok(name.to_owned());
    }
    if let Some(key) = name.strip_prefix("custom.") {
        let fields = guanxi_store::custom_fields::readable_fields(tx, FieldEntity::Customer)
            .await
            .map_err(|_| FieldError::new(path, "unknown", "unknown filter"))?;
        if fields.get(key).is_some_and(|f| f.def.spec.searchable) {
            return Ok(name.to_owned());
        }
    }
    Err(FieldError::new(path, "unknown", format!("no filter `{name}`")))
}

async fn filters_of(
    tx: &TenantTx,
    filters: Vec<SearchFilterInput>,
    facets: Vec<String>,
) -> ApiResult<(BTreeMap<String, Vec<String>>, Vec<String>)> {
    let mut errors = Vec::new();
    if filters.len() > MAX_FILTERS {
        errors.push(FieldError::new("input.filters", "too_many", format!("at most {MAX_FILTERS} filters")));
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, f) in filters.into_iter().enumerate().take(MAX_FILTERS) {
        let path = format!("input.filters.{i}");
        match check_name(tx, &f.name, &format!("{path}.name")).await {
            Ok(name) => {
                if f.values.is_empty() || f.values.len() > MAX_FILTERS {
                    errors.push(FieldError::new(format!("{path}.values"), "length", "give 1 to 20 values"));
                } else if f.values.iter().any(|v| v.chars().count() > MAX_TEXT_CHARS) {
                    errors.push(FieldError::new(format!("{path}.values"), "too_long", "a value is too long"));
                } else {
                    out.entry(name).or_default().extend(f.values.into_iter().map(|v| v.trim().to_owned()));
                }
            }
            Err(e) => errors.push(e),
        }
    }
    let mut names = Vec::new();
    for (i, f) in facets.iter().enumerate().take(MAX_FILTERS) {
        match check_name(tx, f, &format!("input.facets.{i}")).await {
            Ok(n) => names.push(n),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors).into());
    }
    Ok((out, names))
}

fn engine_err(e: guanxi_search::SearchError) -> Error {
    search_docs::engine_error(e, "input.text")
}

/// The engine fields a list's `searchIn` choice stands for.
pub(crate) fn engine_fields(search_in: &[StoreField]) -> Vec<guanxi_search::SearchField> {
    use guanxi_search::SearchField as F;
    let mut out: Vec<F> = search_in
        .iter()
        .map(|f| match f {
            StoreField::Name => F::Name,
            StoreField::Company => F::Company,
            StoreField::Phone => F::Phone,
            StoreField::Title => F::Title,
            StoreField::Address => F::Address,
            StoreField::Email => F::Email,
            // The number is indexed among the labels.
            StoreField::Number => F::Labels,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The `LIKE` fields an engine field choice stands for, when no engine is
/// configured (labels, owner, content and custom values have none).
pub(crate) fn like_fields(fields: &[guanxi_search::SearchField]) -> Vec<StoreField> {
    use guanxi_search::SearchField as F;
    fields
        .iter()
        .filter_map(|f| match f {
            F::Name => Some(StoreField::Name),
            F::Company => Some(StoreField::Company),
            F::Phone => Some(StoreField::Phone),
            F::Title => Some(StoreField::Title),
            F::Address => Some(StoreField::Address),
            F::Email => Some(StoreField::Email),
            F::Labels => Some(StoreField::Number),
            F::Owner | F::Content | F::Custom => None,
        })
        .collect()
}

/// When an engine is configured and the list filter has a search term:
/// look the term up in the engine within the caller's visibility for the
/// filter's set, and restrict the filter to the ids of every match (ids
/// only, unscored; at most [`guanxi_search::MAX_MATCHING_IDS`], then the
/// best-ranked); the
/// list query then re-checks every one of them under the caller's rules
/// and the filter's other conditions, and sorts, counts and pages them.
/// Without an engine the filter is left to the database's `LIKE`.
pub(crate) async fn resolve_list_search(
    ctx: &Context<'_>,
    tx: &TenantTx,
    filter: &mut StoreFilter,
    fields: &[guanxi_search::SearchField],
) -> ApiResult<()> {
    let Some(engine) = engine(ctx) else { return Ok(()) };
    let Some(raw) = filter.search.as_deref().filter(|s| !s.trim().is_empty()) else { return Ok(()) };
    let text = query_text(raw, "filter.search")?;
    let visibility = search_docs::visibility(tx, filter.set()).await?;
    let query = SearchQuery {
        tenant: tx.tenant_id(),
        kinds: vec![EntityKind::Customer],
        text,
        fields: fields.to_vec(),
        visibility,
        filters: BTreeMap::new(),
        facets: Vec::new(),
        sort: SearchSort::Relevance,
        offset: 0,
        limit: 0,
        highlight: false,
    };
    let matching = engine.matching_ids(&query).await.map_err(|e| search_docs::engine_error(e, "filter.search"))?;
    if !matching.complete() {
        tracing::info!(
            matches = matching.total,
            kept = matching.ids.len(),
            "a list search matches more than the bound"
        );
    }
    filter.ids = Some(matching.ids);
    filter.search = None;
    filter.search_in.clear();
    Ok(())
}

/// A hit read again under the caller's rules; `None` when the caller may
/// not see it (or it is gone): the index may lag, the database decides.
/// Customers were read beforehand, all of a page's at once (`customers`:
/// those the caller may see).
async fn recheck(
    tx: &TenantTx,
    h: &Hit,
    customers: &mut HashMap<Uuid, customers::Customer>,
) -> ApiResult<Option<SearchHit>> {
    let score = f64::from(h.score);
    let found = match h.kind {
        EntityKind::Customer => customers.remove(&h.id).ok_or(Error::NotFound("customer")).map(|c| {
            SearchHit::Customer(CustomerHit { customer: Box::new(Customer(c)), score, highlights: highlights(h) })
        }),
        EntityKind::Conversation => conversations::get(tx, ConversationId(h.id)).await.map(|c| {
            SearchHit::Conversation(ConversationHit { conversation: Conversation(c), score, highlights: highlights(h) })
        }),
        EntityKind::BoardPost => board::get_post(tx, BoardPostId(h.id))
            .await
            .map(|p| SearchHit::BoardPost(BoardPostHit { post: BoardPost(p), score, highlights: highlights(h) })),
    };
    match found {
        Ok(hit) => Ok(Some(hit)),
        Err(Error::NotFound(_) | Error::Forbidden) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[derive(Default)]
pub struct SearchQueryRoot;

#[Object]
impl SearchQueryRoot {
    /// A token with which the browser may search Meilisearch directly
    /// (instant search as the user types, without a round trip through this
    /// server), minted per user and valid for an hour. Hits found this way
    /// are the index's copy: not re-checked against the database as
    /// `search`'s are. `CONFLICT` (reason `not_meilisearch`) when the server's
    /// engine is not Meilisearch (the embedded engine cannot be reached from
    /// outside); `UNAVAILABLE` when no engine is configured or Meilisearch
    /// cannot be reached; the maintenance role: `FORBIDDEN`.
    async fn search_token(&self, ctx: &Context<'_>) -> ApiResult<SearchToken> {
        ctx.read(async |tx| {
            tx.actor()?.authorize(&Action::UseCrm)?;
            let Some(engine) = engine(ctx) else {
                return Err(Error::Unavailable("no search engine is configured".into()).into());
            };
            let visibility = search_docs::visibility(tx, CustomerSet::MineAndPool).await?;
            let token = engine
                .browser_token(tx.tenant_id(), &visibility, TOKEN_TTL)
                .await
                .map_err(|e| search_docs::engine_error(e, "searchToken"))?;
            let Some(token) = token else {
                return Err(Error::Conflict(FieldError::new(
                    "searchEngine",
                    "not_meilisearch",
                    format!("browser-side search needs the Meilisearch engine; this server uses {}", engine.name()),
                ))
                .into());
            };
            Ok(SearchToken {
                token: token.token,
                expires_at: token.expires_at,
                indexes: token
                    .indexes
                    .into_iter()
                    .map(|(kind, uid)| SearchTokenIndex { kind: kind.into(), uid })
                    .collect(),
            })
        })
        .await
    }

    /// Search the company's customers, conversations and board posts: any
    /// fragment of a name or a company (李, 农业), pinyin and initials
    /// (`wangxiaoming`, `wxm`), traditional or simplified characters, the
    /// last digits of a phone number. Customers and conversations are
    /// limited to what the caller sees (salespeople: their own and the
    /// pool; supervisors: also their groups' current members'; admins:
    /// all); posts are seen by everyone who uses the CRM (the maintenance
    /// role: `FORBIDDEN`). `UNAVAILABLE` when no search engine is
    /// configured or it cannot be reached.
    async fn search(&self, ctx: &Context<'_>, input: SearchInput) -> ApiResult<SearchResults> {
        let text = query_text(&input.text, "input.text")?;
        let first = usize::try_from(input.first).ok().filter(|n| (1..=50).contains(n));
        let offset = usize::try_from(input.offset).ok();
        let (Some(first), Some(offset)) = (first, offset) else {
            return Err(Error::invalid("input.first", "out_of_range", "first is 1–50 and offset at least 0").into());
        };
        if offset + first > MAX_SEARCH_WINDOW {
            return Err(Error::invalid("input.offset", "out_of_range", "offset + first is at most 1000").into());
        }
        let mut kinds: Vec<EntityKind> = input.kinds.unwrap_or_default().into_iter().map(Into::into).collect();
        if kinds.is_empty() {
            kinds = vec![EntityKind::Customer, EntityKind::Conversation, EntityKind::BoardPost];
        }
        kinds.sort();
        kinds.dedup();
        let mut fields: Vec<guanxi_search::SearchField> =
            input.fields.unwrap_or_default().into_iter().map(Into::into).collect();
        if fields.is_empty() {
            // Every field but the owner's name: a salesperson named 李 who
            // types 李 looks for customers named 李, not for all of their own.
            fields = guanxi_search::SearchField::ALL
                .into_iter()
                .filter(|f| *f != guanxi_search::SearchField::Owner)
                .collect();
        }
        ctx.read(async |tx| {
            // Search is CRM work: the maintenance role is refused, whatever
            // the kinds asked for (its one job is backups).
            tx.actor()?.authorize(&Action::UseCrm)?;
            let Some(engine) = engine(ctx) else {
                return Err(Error::Unavailable("no search engine is configured".into()).into());
            };
            let (filters, facet_names) =
                filters_of(tx, input.filters.unwrap_or_default(), input.facets.unwrap_or_default()).await?;
            // Customer records under the caller's scope; posts for all.
            let mut crm: Vec<EntityKind> = kinds.iter().copied().filter(|k| *k != EntityKind::BoardPost).collect();
            let mut queries = Vec::new();
            if !crm.is_empty() {
                let v = search_docs::visibility(tx, CustomerSet::MineAndPool).await?;
                queries.push((std::mem::take(&mut crm), v));
            }
            if kinds.contains(&EntityKind::BoardPost) {
                queries.push((vec![EntityKind::BoardPost], Visibility::All));
            }
            let mut hits: Vec<Hit> = Vec::new();
            let mut total = 0usize;
            let mut facets: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
            let single = queries.len() == 1;
            for (kinds, visibility) in queries {
                let q = SearchQuery {
                    tenant: tx.tenant_id(),
                    kinds,
                    text: text.clone(),
                    fields: fields.clone(),
                    visibility,
                    filters: filters.clone(),
                    facets: facet_names.clone(),
                    sort: SearchSort::Relevance,
                    // One query pages itself; two are merged by score.
                    offset: if single { offset } else { 0 },
                    limit: if single { first } else { offset + first },
                    highlight: true,
                };
                let r = engine.search(&q).await.map_err(engine_err)?;
                total += r.total;
                hits.extend(r.hits);
                for (name, counts) in r.facets {
                    let slot = facets.entry(name).or_default();
                    for (v, n) in counts {
                        *slot.entry(v).or_default() += n;
                    }
                }
            }
            if !single {
                hits.sort_by(|a, b| b.score.total_cmp(&a.score));
                hits = hits.into_iter().skip(offset).take(first).collect();
            }
            let customer_ids: Vec<CustomerId> =
                hits.iter().filter(|h| h.kind == EntityKind::Customer).map(|h| CustomerId(h.id)).collect();
            let mut visible: HashMap<Uuid, customers::Customer> =
                customers::get_many(tx, &customer_ids).await?.into_iter().map(|c| (c.id.0, c)).collect();
            let mut out = Vec::with_capacity(hits.len());
            for h in &hits {
                if let Some(hit) = recheck(tx, h, &mut visible).await? {
                    out.push(hit);
                }
            }
            Ok(SearchResults {
                hits: out,
                total: total as u64,
                facets: facets
                    .into_iter()
                    .map(|(name, values)| Facet {
                        name,
                        values: values
                            .into_iter()
                            .map(|(value, count)| FacetValue { value, count: count as u64 })
                            .collect(),
                    })
                    .collect(),
            })
        })
        .await
    }
}
