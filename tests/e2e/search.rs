//! Search end to end, on the embedded engine (Tantivy) and on Meilisearch
//! (a server started from the binary at `GUANXI_TEST_MEILI_BIN` or
//! `/usr/local/bin/meilisearch`; without one those cases are ignored as
//! `SKIPPED`), fed by the indexer from the domain events: what a Chinese
//! user types finds the customer (one character, a fragment of a company,
//! pinyin and initials, the last digits of a phone), a field can be chosen,
//! roles and companies never see more than their lists show (also when the
//! index is asked in bad faith, or searched from the browser with a tenant
//! token), pool moves and deletes propagate, a restart loses nothing,
//! `reindex` rebuilds (also beside a running server, with no gap), removing
//! a company removes its documents, and lists page through every match.

use std::sync::OnceLock;

use guanxi_server::config::SearchEngineKind;
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company_on, eventually};
use serde_json::{Value, json};

#[path = "../../platform/search/tests/support/meili_server.rs"]
mod meili_server;

const SEARCH: &str = "query($i: SearchInput!) { search(input: $i) { total \
    facets { name values { value count } } \
    hits { __typename \
      ... on CustomerHit { score customer { id name } highlights { field fragments } } \
      ... on ConversationHit { conversation { id topic } } \
      ... on BoardPostHit { post { id title } } } } }";
const LIST: &str =
    "query($f: CustomerFilter) { customers(filter: $f, first: 100) { totalCount edges { node { id name } } } }";
const POOL: &str =
    "query($f: CustomerFilter) { pool(filter: $f, first: 100) { totalCount edges { node { id name } } } }";
const CREATE: &str = "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }";
const TOKEN: &str = "{ searchToken { token expiresAt indexes { kind uid } } }";

/// The engine a test's server searches with.
#[derive(Clone, Copy, Debug)]
enum Engine {
    Tantivy,
    Meilisearch,
}

/// The Meilisearch server of this test process, shared by its tests (each
/// test's companies are new tenants, and every query is a tenant's).
fn meili() -> &'static meili_server::MeiliServer {
    static SERVER: OnceLock<meili_server::MeiliServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        let bin = meili_server::binary().expect("built with a meilisearch binary that is gone: rebuild to skip");
        meili_server::MeiliServer::start(&bin)
    })
}

/// A company (as `guanxi_tests::company` builds it) on a server whose
/// search engine is `e`; Tantivy's index in a directory of its own.
async fn searching(b: Backend, e: Engine) -> (Company, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let c = company_on(b, move |cfg| {
        cfg.data_dir = path;
        match e {
            Engine::Tantivy => cfg.search_engine = SearchEngineKind::Tantivy,
            Engine::Meilisearch => {
                let m = meili();
                cfg.search_engine = SearchEngineKind::Meilisearch;
                cfg.meili_url = Some(m.url.clone());
                cfg.meili_key = Some(secrecy::SecretString::from(m.key.clone()));
            }
        }
    })
    .await;
    (c, dir)
}

async fn customer(s: &TestServer, who: &Session, input: Value) -> String {
    let r = s.gql(Some(&who.token), CREATE, json!({ "i": input })).await;
    r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned()
}

/// The names of the customers `search` finds for `who`.
async fn found(s: &TestServer, who: &Session, input: Value) -> Vec<String> {
    let r = s.gql(Some(&who.token), SEARCH, json!({ "i": input })).await;
    let mut names: Vec<String> = r.ok()["search"]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["customer"]["name"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

async fn listed(s: &TestServer, who: &Session, query: &str, key: &str, filter: Value) -> Vec<String> {
    let r = s.gql(Some(&who.token), query, json!({ "f": filter })).await;
    let mut names: Vec<String> = r.ok()[key]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// Wait until `search` for `text` shows `who` exactly `expected`.
async fn until_found(s: &TestServer, who: &Session, text: &str, expected: &[&str]) {
    let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    eventually(10, &format!("search {text} → {expected:?}"), || async {
        let got = found(s, who, json!({ "text": text })).await;
        if got == expected { Ok(()) } else { Err(format!("{got:?}")) }
    })
    .await;
}

async fn chinese_fragments_pinyin_initials_and_phone_suffixes(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    customer(s, &c.sp1, json!({ "name": "王小明", "company": "中国农业发展银行", "phones": ["138 0013 8000"] })).await;
    customer(s, &c.sp1, json!({ "name": "李四", "company": "四方贸易", "phones": ["13900001111"] })).await;
    until_found(s, &c.sp1, "李", &["李四"]).await;
    for (text, who) in [
        ("农业", "王小明"),
        ("小明", "王小明"),
        ("wangxiaoming", "王小明"),
        ("wxm", "王小明"),
        ("8000", "王小明"),
        ("1111", "李四"),
    ] {
        assert_eq!(found(s, &c.sp1, json!({ "text": text })).await, [who], "{text}");
    }
    // Field choice: a name is not a company, a phone suffix is not a name.
    assert_eq!(found(s, &c.sp1, json!({ "text": "农业", "fields": ["NAME"] })).await, Vec::<String>::new());
    assert_eq!(found(s, &c.sp1, json!({ "text": "农业", "fields": ["COMPANY"] })).await, ["王小明"]);
    assert_eq!(found(s, &c.sp1, json!({ "text": "8000", "fields": ["NAME"] })).await, Vec::<String>::new());
    // The customer list and its field choice use the engine too.
    assert_eq!(listed(s, &c.sp1, LIST, "customers", json!({ "search": "wxm" })).await, ["王小明"]);
    assert_eq!(
        listed(s, &c.sp1, LIST, "customers", json!({ "search": "农业", "searchFields": ["NAME"] })).await,
        Vec::<String>::new()
    );
    assert_eq!(
        listed(s, &c.sp1, LIST, "customers", json!({ "search": "农业", "searchIn": ["COMPANY"] })).await,
        ["王小明"]
    );
    let r = s.gql(Some(&c.sp1.token), LIST, json!({ "f": { "search": "李" } })).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 1);
    // Highlights mark the match; facets count over every match.
    let r = s
        .gql(Some(&c.sp1.token), SEARCH, json!({ "i": { "text": "李", "kinds": ["CUSTOMER"], "facets": ["status"] } }))
        .await;
    let hit = &r.ok()["search"]["hits"][0];
    assert_eq!(hit["__typename"], "CustomerHit");
    assert!(hit["highlights"].to_string().contains("<em>"), "{hit}");
    assert_eq!(r.ok()["search"]["facets"][0]["name"], "status");
    // Bad input is typed.
    let r = s.gql(Some(&c.sp1.token), SEARCH, json!({ "i": { "text": " " } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    let r = s.gql(Some(&c.sp1.token), SEARCH, json!({ "i": { "text": "李", "first": 500 } })).await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
}

async fn visibility_follows_roles_and_group_moves(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    customer(s, &c.sp1, json!({ "name": "王一" })).await;
    customer(s, &c.sp2, json!({ "name": "王二" })).await;
    customer(s, &c.admin, json!({ "name": "王池", "ownerId": null })).await;
    until_found(s, &c.admin, "王", &["王一", "王二", "王池"]).await;
    // Salespeople: their own and the pool, never a colleague's.
    assert_eq!(found(s, &c.sp1, json!({ "text": "王" })).await, ["王一", "王池"]);
    assert_eq!(found(s, &c.sp2, json!({ "text": "王" })).await, ["王二", "王池"]);
    assert_eq!(listed(s, &c.sp1, LIST, "customers", json!({ "search": "王" })).await, ["王一"]);
    assert_eq!(listed(s, &c.sp1, POOL, "pool", json!({ "search": "王" })).await, ["王池"]);
    // The supervisor of group 1 sees group 1's.
    assert_eq!(found(s, &c.sup, json!({ "text": "王" })).await, ["王一", "王池"]);
    // Moves between groups change what the supervisor finds at once, with
    // no reindexing.
    let mv = "mutation($id: ID!, $g: ID) { updateUser(id: $id, input: {groupId: $g}) { id } }";
    s.gql(Some(&c.admin.token), mv, json!({ "id": c.sp2.user_id, "g": c.g1 })).await.ok();
    assert_eq!(found(s, &c.sup, json!({ "text": "王" })).await, ["王一", "王二", "王池"]);
    s.gql(Some(&c.admin.token), mv, json!({ "id": c.sp1.user_id, "g": c.g2 })).await.ok();
    assert_eq!(found(s, &c.sup, json!({ "text": "王" })).await, ["王二", "王池"]);
    assert_eq!(listed(s, &c.sup, LIST, "customers", json!({ "search": "王" })).await, ["王二"]);
    // A role without the CRM cannot search.
    let r = s.gql(Some(&c.maint.token), SEARCH, json!({ "i": { "text": "王" } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
    let r = s.gql(Some(&c.maint.token), SEARCH, json!({ "i": { "text": "王", "kinds": ["CUSTOMER"] } })).await;
    assert_eq!(r.code(), "FORBIDDEN");
}

async fn companies_never_see_each_other(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    let other = s.sign_up("other").await;
    customer(s, &other, json!({ "name": "王外人", "phones": ["13700007777"] })).await;
    customer(s, &c.admin, json!({ "name": "王自己" })).await;
    until_found(s, &other, "王", &["王外人"]).await;
    until_found(s, &c.admin, "王", &["王自己"]).await;
    // Text is only text: nothing in it widens the query.
    for text in [
        "王\" OR tenant_id:*".to_owned(),
        format!("tenant_id:{}", other.tenant_id),
        format!("王 OR tenant_id = '{}'", other.tenant_id),
        "王) OR (1=1".to_owned(),
        "* OR owner:*".to_owned(),
        "7777".to_owned(),
    ] {
        let got = found(s, &c.admin, json!({ "text": text })).await;
        assert!(!got.contains(&"王外人".to_owned()), "{text}: {got:?}");
    }
    // Filters are named from a fixed list; a foreign owner narrows to nothing.
    let r = s
        .gql(
            Some(&c.admin.token),
            SEARCH,
            json!({ "i": { "text": "王", "filters": [{ "name": "tenant_id", "values": [other.tenant_id] }] } }),
        )
        .await;
    assert_eq!(r.code(), "VALIDATION_FAILED");
    let got =
        found(s, &c.admin, json!({ "text": "王", "filters": [{ "name": "owner", "values": [other.user_id] }] })).await;
    assert_eq!(got, Vec::<String>::new());
}

async fn pool_moves_and_deletes_propagate(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    let id = customer(s, &c.sp1, json!({ "name": "赵云" })).await;
    until_found(s, &c.sp1, "赵", &["赵云"]).await;
    assert_eq!(found(s, &c.sp2, json!({ "text": "赵" })).await, Vec::<String>::new());
    let release = "mutation($id: ID!) { releaseCustomer(id: $id, reason: \"不再跟进\") { id } }";
    s.gql(Some(&c.sp1.token), release, json!({ "id": id })).await.ok();
    // In the pool: everyone finds it there, nobody in their own list.
    until_found(s, &c.sp2, "赵", &["赵云"]).await;
    assert_eq!(listed(s, &c.sp1, LIST, "customers", json!({ "search": "赵" })).await, Vec::<String>::new());
    assert_eq!(listed(s, &c.sp2, POOL, "pool", json!({ "search": "赵" })).await, ["赵云"]);
    let claim = "mutation($id: ID!) { claimCustomer(id: $id) { id } }";
    s.gql(Some(&c.sp2.token), claim, json!({ "id": id })).await.ok();
    // (sp1 stops finding it at once: every hit is re-checked in the database.)
    until_found(s, &c.sp1, "赵", &[]).await;
    eventually(10, "the claimed customer is in the claimer's list", || async {
        let got = listed(s, &c.sp2, LIST, "customers", json!({ "search": "赵" })).await;
        if got == ["赵云"] { Ok(()) } else { Err(format!("{got:?}")) }
    })
    .await;
    // Renaming the owner re-indexes the owner's name.
    let rename = "mutation($id: ID!) { updateUser(id: $id, input: {displayName: \"欧阳锋\"}) { id } }";
    s.gql(Some(&c.admin.token), rename, json!({ "id": c.sp2.user_id })).await.ok();
    eventually(10, "the owner's new name is found", || async {
        let got = found(s, &c.admin, json!({ "text": "欧阳", "fields": ["OWNER"] })).await;
        if got == ["赵云"] { Ok(()) } else { Err(format!("{got:?}")) }
    })
    .await;
    let delete = "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { id } }";
    s.gql(Some(&c.admin.token), delete, json!({ "id": id })).await.ok();
    // The hit is left out at once (re-checked in the database); the index
    // forgets the document when the deletion is indexed.
    until_found(s, &c.admin, "赵", &[]).await;
    eventually(10, "the deleted customer leaves the index", || async {
        let r = s.gql(Some(&c.admin.token), SEARCH, json!({ "i": { "text": "赵" } })).await;
        let total = r.ok()["search"]["total"].clone();
        if total == 0 { Ok(()) } else { Err(total.to_string()) }
    })
    .await;
}

async fn conversations_posts_and_searchable_custom_fields(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    let def = "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { key searchable } }";
    let r = s
        .gql(
            Some(&c.admin.token),
            def,
            json!({ "i": { "key": "wechat", "label": "微信", "type": "TEXT", "searchable": true } }),
        )
        .await;
    assert_eq!(r.ok()["createCustomField"]["searchable"], true);
    let hidden = json!({ "key": "secret", "label": "底价", "type": "TEXT", "searchable": true,
        "visibility": { "admin": "EDIT", "supervisor": "HIDDEN", "salesperson": "HIDDEN" } });
    s.gql(Some(&c.admin.token), def, json!({ "i": hidden })).await.ok();
    let id = customer(
        s,
        &c.admin,
        json!({ "name": "孙权", "ownerId": c.sp1.user_id, "custom": { "wechat": "sunquan88", "secret": "zzhidden" } }),
    )
    .await;
    until_found(s, &c.sp1, "sunquan88", &["孙权"]).await;
    // A value hidden from any role is never indexed, not even for admins.
    assert_eq!(found(s, &c.admin, json!({ "text": "zzhidden" })).await, Vec::<String>::new());
    let add = "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id } } }";
    s.gql(
        Some(&c.sp1.token),
        add,
        json!({ "i": { "customerId": id, "topic": "报价洽谈", "content": "讨论年度采购合同" } }),
    )
    .await
    .ok();
    let post =
        "mutation { createBoardPost(input: {title: \"年会通知\", mood: \"😀\", content: \"采购部年会\"}) { id } }";
    s.gql(Some(&c.admin.token), post, json!({})).await.ok();
    eventually(10, "the conversation and the post are found", || async {
        let r = s.gql(Some(&c.sp1.token), SEARCH, json!({ "i": { "text": "采购" } })).await;
        let kinds: Vec<String> = r.ok()["search"]["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["__typename"].as_str().unwrap().to_owned())
            .collect();
        if kinds.contains(&"ConversationHit".to_owned()) && kinds.contains(&"BoardPostHit".to_owned()) {
            Ok(())
        } else {
            Err(format!("{kinds:?}"))
        }
    })
    .await;
    // The conversation is sp1's customer's: sp2 finds only the post.
    let r = s.gql(Some(&c.sp2.token), SEARCH, json!({ "i": { "text": "采购" } })).await;
    let hits = r.ok()["search"]["hits"].as_array().unwrap().clone();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["__typename"], "BoardPostHit");
}

async fn a_restart_loses_nothing_and_reindex_rebuilds(b: Backend, e: Engine) {
    let (mut c, _dir) = searching(b, e).await;
    for i in 0..5 {
        customer(&c.s, &c.sp1, json!({ "name": format!("周{i}号") })).await;
    }
    // Stopped at once, maybe in the middle of a batch.
    c.s.restart().await;
    for i in 5..8 {
        customer(&c.s, &c.sp1, json!({ "name": format!("周{i}号") })).await;
    }
    let all: Vec<String> = (0..8).map(|i| format!("周{i}号")).collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    until_found(&c.s, &c.sp1, "周", &all).await;
    // Reindex: the index emptied, then rebuilt from the database.
    let engine = guanxi_server::search::open_engine(&c.s.cfg).await.unwrap().unwrap();
    let tenant: guanxi_core::TenantId = c.sp1.tenant_id.parse().unwrap();
    engine.delete_tenant(tenant, None).await.unwrap();
    engine.refresh().await.unwrap();
    assert_eq!(found(&c.s, &c.sp1, json!({ "text": "周" })).await, Vec::<String>::new());
    let mut out = Vec::new();
    guanxi_server::search::reindex_on(&c.s.store, engine.as_ref(), Some("acme"), &mut out).await.unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("acme: 8 customers, 0 conversations, 0 board posts"), "{out}");
    assert_eq!(found(&c.s, &c.sp1, json!({ "text": "周" })).await, all);
}

/// A query of every customer document of `tenant` holding `text`.
fn engine_query(tenant: guanxi_core::TenantId, text: &str) -> guanxi_search::SearchQuery {
    guanxi_search::SearchQuery {
        tenant,
        kinds: vec![guanxi_search::EntityKind::Customer],
        text: text.to_owned(),
        fields: Vec::new(),
        visibility: guanxi_search::Visibility::All,
        filters: Default::default(),
        facets: Vec::new(),
        sort: guanxi_search::SearchSort::Relevance,
        offset: 0,
        limit: 0,
        highlight: false,
    }
}

async fn reindex_beside_a_running_server(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    for i in 0..3 {
        customer(s, &c.sp1, json!({ "name": format!("韩{i}信") })).await;
    }
    let all = ["韩0信", "韩1信", "韩2信"];
    until_found(s, &c.sp1, "韩", &all).await;
    // The index loses the company's documents behind the server's back.
    let engine = guanxi_server::search::open_engine(&s.cfg).await.unwrap().unwrap();
    let tenant: guanxi_core::TenantId = c.sp1.tenant_id.parse().unwrap();
    engine.delete_tenant(tenant, None).await.unwrap();
    engine.refresh().await.unwrap();
    assert_eq!(found(s, &c.sp1, json!({ "text": "韩" })).await, Vec::<String>::new());
    // `guanxi reindex` while the server runs (and, with Tantivy, holds the
    // index's only writer): the server's indexer rebuilds, the command
    // follows until it is done, and then every customer is found again.
    let mut out = Vec::new();
    guanxi_server::search::reindex(&s.cfg, Some("acme"), &mut out).await.unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("[1/1] acme: rebuilt by the indexer"), "{out}");
    assert_eq!(found(s, &c.sp1, json!({ "text": "韩" })).await, all);
    // Every company, and the server goes on indexing as usual.
    let other = s.sign_up("other").await;
    customer(s, &other, json!({ "name": "韩外" })).await;
    let mut out = Vec::new();
    guanxi_server::search::reindex(&s.cfg, None, &mut out).await.unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("[2/2]") && out.contains("other: rebuilt"), "{out}");
    assert_eq!(found(s, &other, json!({ "text": "韩" })).await, ["韩外"]);
    customer(s, &c.sp1, json!({ "name": "韩3信" })).await;
    until_found(s, &c.sp1, "韩", &["韩0信", "韩1信", "韩2信", "韩3信"]).await;
    // A company that does not exist is an error, not a silent success.
    assert!(guanxi_server::search::reindex(&s.cfg, Some("nobody"), &mut Vec::new()).await.is_err());
}

/// An engine that, at every page a rebuild writes, first looks at what a
/// search finds: what users see while a rebuild runs.
struct Probe {
    inner: std::sync::Arc<dyn guanxi_search::SearchEngine>,
    query: guanxi_search::SearchQuery,
    seen: std::sync::Mutex<Vec<usize>>,
}

type EngineResult<T> = Result<T, guanxi_search::SearchError>;

#[async_trait::async_trait]
impl guanxi_search::SearchEngine for Probe {
    fn name(&self) -> &'static str {
        "probe"
    }
    async fn prepare(&self) -> EngineResult<()> {
        self.inner.prepare().await
    }
    async fn upsert(&self, docs: Vec<guanxi_search::Document>) -> EngineResult<()> {
        self.inner.upsert(docs).await
    }
    async fn upsert_generation(&self, docs: Vec<guanxi_search::Document>, generation: &str) -> EngineResult<()> {
        self.inner.refresh().await?;
        let n = self.inner.search(&self.query).await?.total;
        self.seen.lock().unwrap().push(n);
        self.inner.upsert_generation(docs, generation).await
    }
    async fn delete_other_generations(&self, tenant: guanxi_core::TenantId, generation: &str) -> EngineResult<()> {
        self.inner.delete_other_generations(tenant, generation).await
    }
    async fn delete(
        &self,
        tenant: guanxi_core::TenantId,
        kind: guanxi_search::EntityKind,
        ids: &[uuid::Uuid],
    ) -> EngineResult<()> {
        self.inner.delete(tenant, kind, ids).await
    }
    async fn delete_tenant(
        &self,
        tenant: guanxi_core::TenantId,
        kind: Option<guanxi_search::EntityKind>,
    ) -> EngineResult<()> {
        self.inner.delete_tenant(tenant, kind).await
    }
    async fn delete_of_customers(
        &self,
        tenant: guanxi_core::TenantId,
        kind: guanxi_search::EntityKind,
        customers: &[uuid::Uuid],
    ) -> EngineResult<()> {
        self.inner.delete_of_customers(tenant, kind, customers).await
    }
    async fn refresh(&self) -> EngineResult<()> {
        self.inner.refresh().await
    }
    async fn search(&self, query: &guanxi_search::SearchQuery) -> EngineResult<guanxi_search::SearchResults> {
        self.inner.search(query).await
    }
    async fn matching_ids(&self, query: &guanxi_search::SearchQuery) -> EngineResult<guanxi_search::MatchingIds> {
        self.inner.matching_ids(query).await
    }
}

async fn a_rebuild_leaves_no_gap(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    let names = ["刘备", "关羽", "张飞"];
    for name in names {
        customer(s, &c.sp1, json!({ "name": name })).await;
    }
    until_found(s, &c.admin, "关羽", &["关羽"]).await;
    until_found(s, &c.admin, "张飞", &["张飞"]).await;
    let tenant: guanxi_core::TenantId = c.sp1.tenant_id.parse().unwrap();
    let engine = guanxi_server::search::open_engine(&s.cfg).await.unwrap().unwrap();
    // A document of a record the database no longer has (deleted while
    // the indexer was away): the rebuild's end removes it.
    let mut q = engine_query(tenant, "刘备");
    q.limit = 1;
    let hit = engine.search(&q).await.unwrap().hits.remove(0);
    let tx = s.store.system_tx(tenant, guanxi_store::Access::Read, "test").await.unwrap();
    let mut ghost = guanxi_store::search_docs::customers(&tx, &[hit.id]).await.unwrap();
    tx.commit().await.unwrap();
    ghost[0].id = uuid::Uuid::now_v7();
    ghost[0].text.insert(guanxi_search::SearchField::Name, vec!["幽灵".into()]);
    engine.upsert(ghost).await.unwrap();
    engine.refresh().await.unwrap();
    assert_eq!(engine.search(&engine_query(tenant, "")).await.unwrap().total, 4);
    let probe =
        Probe { inner: engine.clone(), query: engine_query(tenant, ""), seen: std::sync::Mutex::new(Vec::new()) };
    let counts = guanxi_automation::rebuild_company(&s.store, &probe, tenant, |_, _| {}).await.unwrap();
    assert_eq!(counts.customers, 3);
    // While it ran, a search found every customer, the untouched ones too.
    let seen = probe.seen.lock().unwrap().clone();
    assert!(!seen.is_empty() && seen.iter().all(|n| *n >= 3), "{seen:?}");
    // At its end, only what the database holds.
    assert_eq!(engine.search(&engine_query(tenant, "")).await.unwrap().total, 3);
    assert_eq!(engine.search(&engine_query(tenant, "幽灵")).await.unwrap().total, 0);
    for name in names {
        assert_eq!(found(s, &c.admin, json!({ "text": name })).await, [name]);
    }
    assert_eq!(engine.search(&engine_query(tenant, "刘备")).await.unwrap().total, 1);
}

async fn removing_a_company_removes_its_documents_beside_a_running_server(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    let gone = s.sign_up("gone").await;
    customer(s, &gone, json!({ "name": "项羽" })).await;
    customer(s, &c.admin, json!({ "name": "项庄" })).await;
    until_found(s, &gone, "项", &["项羽"]).await;
    until_found(s, &c.admin, "项", &["项庄"]).await;
    let tenant: guanxi_core::TenantId = gone.tenant_id.parse().unwrap();
    let engine = guanxi_server::search::open_engine(&s.cfg).await.unwrap().unwrap();
    assert_eq!(engine.search(&engine_query(tenant, "项")).await.unwrap().total, 1);
    // The command removes the company; the running server (which holds
    // Tantivy's index) removes its documents, and the command waits for it.
    let prune = guanxi_server::tenant_cli::TenantCommand::PruneUnverified { older_than_days: 0, dry_run: false };
    let out = guanxi_server::tenant_cli::run(&s.cfg, prune).await.unwrap();
    assert!(out.contains("deleted gone"), "{out}");
    assert!(out.contains("search documents of"), "{out}");
    assert_eq!(engine.search(&engine_query(tenant, "项")).await.unwrap().total, 0);
    assert_eq!(found(s, &c.admin, json!({ "text": "项" })).await, ["项庄"]);
}

/// The names and the count of a whole list, read page by page.
async fn every_page(s: &TestServer, who: &Session, search: &str) -> (Vec<String>, u64) {
    let q = "query($f: CustomerFilter, $after: String) { customers(filter: $f, first: 100, after: $after) { \
             totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }";
    let mut names = Vec::new();
    let mut after: Option<String> = None;
    let total = loop {
        let r = s.gql(Some(&who.token), q, json!({ "f": { "search": search }, "after": after })).await;
        let page = r.ok()["customers"].clone();
        names.extend(page["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()));
        if page["pageInfo"]["hasNextPage"] != true {
            break page["totalCount"].as_u64().unwrap();
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    };
    (names, total)
}

async fn lists_page_through_every_match(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    let n = 2_400;
    let mut csv = String::from("客户名称,手机,公司\n");
    for i in 0..n {
        csv.push_str(&format!("柳{i:04}号,1{},柳州贸易{i}\n", 3_900_000_000u64 + i));
    }
    for i in 0..5 {
        csv.push_str(&format!("杨{i}号,1{},杭州\n", 3_800_000_000u64 + i));
    }
    let r = s
        .gql_upload(
            Some(&c.admin.token),
            "mutation($file: Upload!) { importCustomers(file: $file) { id } }",
            json!({ "file": null }),
            vec![("variables.file", "import.csv", csv.into_bytes())],
        )
        .await;
    r.ok();
    let list = "query($f: CustomerFilter) { customers(filter: $f, first: 1) { totalCount } }";
    eventually(120, "every imported customer is indexed", || async {
        let r = s.gql(Some(&c.admin.token), list, json!({ "f": { "search": "柳" } })).await;
        let total = r.ok()["customers"]["totalCount"].as_u64().unwrap();
        if total == n { Ok(()) } else { Err(total.to_string()) }
    })
    .await;
    // Past the 1,000 best hits: every page, the last one too, each
    // customer once, the count exact.
    let (names, total) = every_page(s, &c.admin, "柳").await;
    assert_eq!(total, n);
    assert_eq!(names.len() as u64, n);
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len() as u64, n);
    assert!(unique.iter().all(|name| name.starts_with('柳')));
    // Other filters and the caller's rules still apply to every match:
    // salespeople see none of the admin's customers.
    let (names, total) = every_page(s, &c.sp1, "柳").await;
    assert_eq!((names.len(), total), (0, 0));
    let r = s.gql(Some(&c.admin.token), list, json!({ "f": { "search": "柳", "status": "LOST" } })).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 0);
    let r = s.gql(Some(&c.admin.token), list, json!({ "f": { "search": "杨" } })).await;
    assert_eq!(r.ok()["customers"]["totalCount"], 5);
}

/// How many conversations the index holds for `text` (the engine's count,
/// before the hits are re-checked).
async fn conversations_found(s: &TestServer, who: &Session, text: &str) -> u64 {
    let i = json!({ "text": text, "kinds": ["CONVERSATION"] });
    let r = s.gql(Some(&who.token), SEARCH, json!({ "i": i })).await;
    r.ok()["search"]["total"].as_u64().unwrap()
}

async fn deleted_customers_take_their_conversations_out_of_the_index(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    let add = "mutation($i: AddConversationInput!) { addConversation(input: $i) { conversation { id } } }";
    let gone = customer(s, &c.sp1, json!({ "name": "曹操" })).await;
    let kept = customer(s, &c.sp1, json!({ "name": "刘备" })).await;
    for (who, topic) in [(&gone, "赤壁之战一"), (&gone, "赤壁之战二"), (&kept, "赤壁之战三")] {
        let i = json!({ "customerId": who, "topic": topic, "content": "联军火攻" });
        s.gql(Some(&c.sp1.token), add, json!({ "i": i })).await.ok();
    }
    eventually(10, "three conversations are indexed", || async {
        let n = conversations_found(s, &c.admin, "赤壁").await;
        if n == 3 { Ok(()) } else { Err(n.to_string()) }
    })
    .await;
    let delete = "mutation($id: ID!) { deleteCustomerPermanently(id: $id, confirm: true) { id } }";
    s.gql(Some(&c.admin.token), delete, json!({ "id": gone })).await.ok();
    // The database removed the conversations with the customer; the index
    // forgets them too (they are no longer counted), the other customer's
    // stays.
    eventually(10, "the deleted customer's conversations leave the index", || async {
        let n = conversations_found(s, &c.admin, "赤壁").await;
        if n == 1 { Ok(()) } else { Err(n.to_string()) }
    })
    .await;
    assert_eq!(conversations_found(s, &c.admin, "联军").await, 1);
}

/// The claims of a JWT (unverified: Meilisearch verifies them).
fn claims(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// The ids Meilisearch returns for `text` (and a `filter` the browser
/// adds) with a tenant token, or its HTTP status when it refuses.
async fn meili_ids(token: &str, index: &str, text: &str, filter: Option<&str>) -> Result<Vec<String>, u16> {
    let url = format!("{}/indexes/{index}/search", meili().url);
    let mut body = json!({ "q": text, "limit": 100 });
    if let Some(f) = filter {
        body["filter"] = json!(f);
    }
    let r = reqwest::Client::new().post(url).bearer_auth(token).json(&body).send().await.unwrap();
    if !r.status().is_success() {
        return Err(r.status().as_u16());
    }
    let v: Value = r.json().await.unwrap();
    let mut ids: Vec<String> =
        v["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    Ok(ids)
}

async fn search_tokens_hold_the_tenant_and_the_visibility(b: Backend, e: Engine) {
    let (c, _dir) = searching(b, e).await;
    let s = &c.s;
    let r = s.gql(Some(&c.maint.token), TOKEN, json!({})).await;
    assert_eq!(r.code(), "FORBIDDEN");
    if let Engine::Tantivy = e {
        // The embedded engine cannot be reached from a browser.
        let r = s.gql(Some(&c.sp1.token), TOKEN, json!({})).await;
        assert_eq!(r.code(), "CONFLICT");
        assert_eq!(r.error()["extensions"]["fields"][0]["reason"], "not_meilisearch");
        return;
    }
    let other = s.sign_up("other").await;
    let mine = customer(s, &c.sp1, json!({ "name": "王甲" })).await;
    let theirs = customer(s, &c.sp2, json!({ "name": "王乙" })).await;
    let pool = customer(s, &c.admin, json!({ "name": "王丙", "ownerId": null })).await;
    let foreign = customer(s, &other, json!({ "name": "王外" })).await;
    until_found(s, &c.admin, "王", &["王丙", "王乙", "王甲"]).await;
    until_found(s, &other, "王", &["王外"]).await;

    let r = s.gql(Some(&c.sp1.token), TOKEN, json!({})).await;
    let t = r.ok()["searchToken"].clone();
    let token = t["token"].as_str().unwrap();
    let index = t["indexes"].as_array().unwrap().iter().find(|i| i["kind"] == "CUSTOMER").unwrap()["uid"]
        .as_str()
        .unwrap()
        .to_owned();
    // Signed with a search-only key, expiring within the hour, the tenant
    // and the salesperson's visibility (own and pool) in its rules.
    let claims = claims(token);
    let now = chrono::Utc::now().timestamp();
    let exp = claims["exp"].as_i64().unwrap();
    assert!(exp > now && exp <= now + 3_600 + 5, "{claims}");
    let rule = claims["searchRules"][&index]["filter"].as_str().unwrap().to_owned();
    assert!(rule.contains(&c.sp1.tenant_id) && rule.contains(&c.sp1.user_id), "{rule}");
    assert!(!rule.contains(&c.sp2.user_id), "{rule}");
    let key = reqwest::Client::new()
        .get(format!("{}/keys/{}", meili().url, claims["apiKeyUid"].as_str().unwrap()))
        .bearer_auth(&meili().key)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(key["actions"], json!(["search"]), "{key}");

    let mut expected = vec![mine.clone(), pool.clone()];
    expected.sort();
    assert_eq!(meili_ids(token, &index, "王", None).await, Ok(expected.clone()));
    // Whatever filter the browser adds, it narrows the token's rules.
    for f in [
        format!("tenant = \"{}\"", other.tenant_id),
        format!("tenant = \"{}\" OR pool = false", other.tenant_id),
        format!("owner = \"{}\"", c.sp2.user_id),
    ] {
        let got = meili_ids(token, &index, "王", Some(&f)).await.unwrap_or_default();
        assert!(!got.contains(&theirs) && !got.contains(&foreign), "{f}: {got:?}");
    }
    // Another company's token finds only its own.
    let r = s.gql(Some(&other.token), TOKEN, json!({})).await;
    let theirs_token = r.ok()["searchToken"]["token"].as_str().unwrap().to_owned();
    assert_eq!(meili_ids(&theirs_token, &index, "王", None).await, Ok(vec![foreign.clone()]));
    // A token whose rules were rewritten is refused: the signature covers them.
    use base64::Engine as _;
    let parts: Vec<&str> = token.split('.').collect();
    let mut forged = claims.clone();
    forged["searchRules"] = json!({ "*": {} });
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged.to_string()),
        parts[2]
    );
    assert!(meili_ids(&forged, &index, "王", None).await.is_err());
}

async fn without_an_engine_lists_still_search(b: Backend) {
    let s = TestServer::start(b).await;
    let admin = s.sign_up("acme").await;
    customer(&s, &admin, json!({ "name": "钱多多" })).await;
    let r = s.gql(Some(&admin.token), SEARCH, json!({ "i": { "text": "钱" } })).await;
    assert_eq!(r.code(), "UNAVAILABLE");
    assert_eq!(listed(&s, &admin, LIST, "customers", json!({ "search": "钱" })).await, ["钱多多"]);
    assert_eq!(
        listed(&s, &admin, LIST, "customers", json!({ "search": "钱", "searchFields": ["COMPANY"] })).await,
        Vec::<String>::new()
    );
}

/// Each case on both databases, with each engine; the Meilisearch cases are
/// ignored (`SKIPPED`) when no binary is installed, never passed.
macro_rules! search_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                use super::{Backend, Engine};
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(Backend::Postgres, Engine::Tantivy).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(Backend::Sqlite, Engine::Tantivy).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(guanxi_meili), ignore = "SKIPPED: meilisearch binary not found")]
                async fn postgres_meilisearch() {
                    super::$name(Backend::Postgres, Engine::Meilisearch).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(guanxi_meili), ignore = "SKIPPED: meilisearch binary not found")]
                async fn sqlite_meilisearch() {
                    super::$name(Backend::Sqlite, Engine::Meilisearch).await
                }
            }
        )*
    };
}

search_tests!(
    chinese_fragments_pinyin_initials_and_phone_suffixes,
    visibility_follows_roles_and_group_moves,
    companies_never_see_each_other,
    pool_moves_and_deletes_propagate,
    conversations_posts_and_searchable_custom_fields,
    a_restart_loses_nothing_and_reindex_rebuilds,
    deleted_customers_take_their_conversations_out_of_the_index,
    search_tokens_hold_the_tenant_and_the_visibility,
    reindex_beside_a_running_server,
    a_rebuild_leaves_no_gap,
    removing_a_company_removes_its_documents_beside_a_running_server,
    lists_page_through_every_match,
);

/// A search engine that refuses every rebuild's writes (as a full disk or
/// an engine gone away would), passing everything else to `0`.
struct RefusingRebuilds(std::sync::Arc<dyn guanxi_search::SearchEngine>);

#[async_trait::async_trait]
impl guanxi_search::SearchEngine for RefusingRebuilds {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    async fn prepare(&self) -> Result<(), guanxi_search::SearchError> {
        self.0.prepare().await
    }
    async fn upsert(&self, docs: Vec<guanxi_search::Document>) -> Result<(), guanxi_search::SearchError> {
        self.0.upsert(docs).await
    }
    async fn delete(
        &self,
        tenant: guanxi_core::TenantId,
        kind: guanxi_search::EntityKind,
        ids: &[uuid::Uuid],
    ) -> Result<(), guanxi_search::SearchError> {
        self.0.delete(tenant, kind, ids).await
    }
    async fn delete_tenant(
        &self,
        tenant: guanxi_core::TenantId,
        kind: Option<guanxi_search::EntityKind>,
    ) -> Result<(), guanxi_search::SearchError> {
        self.0.delete_tenant(tenant, kind).await
    }
    async fn delete_of_customers(
        &self,
        tenant: guanxi_core::TenantId,
        kind: guanxi_search::EntityKind,
        customers: &[uuid::Uuid],
    ) -> Result<(), guanxi_search::SearchError> {
        self.0.delete_of_customers(tenant, kind, customers).await
    }
    async fn upsert_generation(
        &self,
        _docs: Vec<guanxi_search::Document>,
        _generation: &str,
    ) -> Result<(), guanxi_search::SearchError> {
        Err(guanxi_search::SearchError::Unavailable("the disk is full".to_owned()))
    }
    async fn delete_other_generations(
        &self,
        tenant: guanxi_core::TenantId,
        generation: &str,
    ) -> Result<(), guanxi_search::SearchError> {
        self.0.delete_other_generations(tenant, generation).await
    }
    async fn refresh(&self) -> Result<(), guanxi_search::SearchError> {
        self.0.refresh().await
    }
    async fn search(
        &self,
        query: &guanxi_search::SearchQuery,
    ) -> Result<guanxi_search::SearchResults, guanxi_search::SearchError> {
        self.0.search(query).await
    }
    async fn matching_ids(
        &self,
        query: &guanxi_search::SearchQuery,
    ) -> Result<guanxi_search::MatchingIds, guanxi_search::SearchError> {
        self.0.matching_ids(query).await
    }
}

/// `guanxi reindex` fails (the command exits non-zero) when the indexer
/// cannot rebuild a company, naming the company and the cause, instead of
/// following forever or reporting success.
async fn a_failed_rebuild_fails_the_command(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    // No indexer of the server's own: the test runs the one that fails.
    let c = company_on(b, |cfg| cfg.search_engine = SearchEngineKind::None).await;
    let s = &c.s;
    customer(s, &c.sp1, json!({ "name": "韩信" })).await;
    let mut engine_cfg = s.cfg.clone();
    engine_cfg.search_engine = SearchEngineKind::Tantivy;
    engine_cfg.data_dir = path;
    let engine = guanxi_server::search::open_engine(&engine_cfg).await.unwrap().unwrap();
    engine.prepare().await.unwrap();
    let indexer: std::sync::Arc<dyn guanxi_automation::Subscriber> = std::sync::Arc::new(
        guanxi_automation::SearchIndexer::new(s.store.clone(), std::sync::Arc::new(RefusingRebuilds(engine))),
    );
    let dispatcher = guanxi_automation::Dispatcher::spawn(
        s.store.clone(),
        vec![indexer],
        s.cfg.dispatcher_config("failing-indexer"),
        std::future::pending(),
    );
    let mut out = Vec::new();
    let r = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        guanxi_server::search::reindex_through_indexer(&s.store, Some("acme"), &mut out),
    )
    .await
    .expect("the command ends instead of following forever");
    let e = r.expect_err("a rebuild that fails fails the command").to_string();
    assert!(e.contains("the indexer failed on acme") && e.contains("the disk is full"), "{e}");
    assert!(!String::from_utf8(out).unwrap().contains("rebuilt"));
    dispatcher.shutdown().await;
}

backend_tests!(without_an_engine_lists_still_search, a_failed_rebuild_fails_the_command);
