//! The search engine of this process, from the configuration, and
//! `guanxi reindex`.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};

use anyhow::Context as _;
use guanxi_automation::search_indexer::INDEXER;
use guanxi_search::{EntityKind, SearchEngine};
use guanxi_store::Store;

use crate::Config;
use crate::config::SearchEngineKind;

/// Where the embedded engine keeps its index.
pub fn index_dir(cfg: &Config) -> PathBuf {
    cfg.data_dir.join("search")
}

/// The engine `cfg` asks for, prepared (index settings applied); `None`
/// when `search_engine = "none"`.
///
/// One embedded index has one writer: engines are shared per directory
/// within the process, so a server restarted in the same process (the
/// tests do) reuses the open index instead of failing on its lock.
pub async fn open_engine(cfg: &Config) -> anyhow::Result<Option<Arc<dyn SearchEngine>>> {
    let engine: Arc<dyn SearchEngine> = match cfg.search_engine {
        SearchEngineKind::None => return Ok(None),
        SearchEngineKind::Tantivy => tantivy_at(index_dir(cfg))?,
        SearchEngineKind::Meilisearch => {
            let url = cfg.meili_url.as_deref().context("search_engine = \"meilisearch\" needs meili_url")?;
            let key = cfg.meili_key.as_ref().map(|k| secrecy::ExposeSecret::expose_secret(k).to_owned());
            meilisearch(url, key)?
        }
    };
    engine.prepare().await.map_err(|e| anyhow::anyhow!("preparing the search engine: {e}"))?;
    tracing::info!(engine = engine.name(), "search engine ready");
    Ok(Some(engine))
}

fn tantivy_at(dir: PathBuf) -> anyhow::Result<Arc<dyn SearchEngine>> {
    static OPEN: Mutex<Option<HashMap<PathBuf, Weak<guanxi_search::TantivyEngine>>>> = Mutex::new(None);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let key = dir.canonicalize().unwrap_or(dir);
    let mut open = OPEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let open = open.get_or_insert_with(HashMap::new);
    if let Some(e) = open.get(&key).and_then(Weak::upgrade) {
        return Ok(e);
    }
    let engine = Arc::new(
        guanxi_search::TantivyEngine::open(&key)
            .map_err(|e| anyhow::anyhow!("opening the search index at {}: {e}", key.display()))?,
    );
    open.retain(|_, w| w.strong_count() > 0);
    open.insert(key, Arc::downgrade(&engine));
    Ok(engine)
}

fn meilisearch(url: &str, key: Option<String>) -> anyhow::Result<Arc<dyn SearchEngine>> {
    let engine = guanxi_search::MeiliEngine::new(url, key.as_deref())
        .map_err(|e| anyhow::anyhow!("connecting to Meilisearch at {url}: {e}"))?;
    Ok(Arc::new(engine))
}

/// `guanxi reindex`: rebuild the index of one company (`--tenant SLUG`) or
/// of all, from the database, printing each kind's count as it goes; then
/// move the indexer's cursor to where each rebuild stands, so events it
/// already reflects are not indexed again.
pub async fn reindex(cfg: &Config, tenant: Option<&str>, out: &mut impl std::io::Write) -> anyhow::Result<()> {
    let engine = open_engine(cfg).await?.context("search_engine = \"none\": there is no index to rebuild")?;
    let store = Store::connect(&cfg.database_url(), cfg.store_config()).await.context("connecting to the database")?;
    let result = reindex_on(&store, engine.as_ref(), tenant, out).await;
    store.close().await?;
    result
}

/// [`reindex`] with a store and an engine already open.
pub async fn reindex_on(
    store: &Store,
    engine: &dyn SearchEngine,
    tenant: Option<&str>,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let companies = match tenant {
        Some(slug) => {
            let id = store.tenant_by_slug(slug).await.with_context(|| format!("no company {slug}"))?;
            vec![(id, slug.to_owned())]
        }
        None => store.company_slugs().await?,
    };
    let total = companies.len();
    for (i, (id, slug)) in companies.into_iter().enumerate() {
        let label = |k: EntityKind| match k {
            EntityKind::Customer => "customers",
            EntityKind::Conversation => "conversations",
            EntityKind::BoardPost => "board posts",
        };
        let counts = guanxi_automation::rebuild_company(store, engine, id, |kind, n| {
            // One line per company on the terminal, rewritten as pages arrive.
            let _ = write!(std::io::stderr(), "\r[{}/{total}] {slug}: {} {n}   ", i + 1, label(kind));
        })
        .await
        .with_context(|| format!("rebuilding the index of {slug}"))?;
        let moved = store.advance_event_cursor(INDEXER, id, counts.as_of_seq).await?;
        let _ = write!(std::io::stderr(), "\r");
        writeln!(
            out,
            "[{}/{total}] {slug}: {} customers, {} conversations, {} board posts (as of event {}{})",
            i + 1,
            counts.customers,
            counts.conversations,
            counts.board_posts,
            counts.as_of_seq,
            if moved { "; indexer moved there" } else { "" }
        )?;
    }
    Ok(())
}

/// Remove a removed company's documents from the index, when the engine
/// can be opened here (the embedded index is locked while a server runs
/// on it: then its documents stay until the next full rebuild; they can
/// never be found, since no session belongs to a removed company).
pub async fn forget_company(cfg: &Config, tenant: guanxi_core::TenantId) {
    match open_engine(cfg).await {
        Ok(Some(engine)) => {
            if let Err(e) = engine.delete_tenant(tenant, None).await {
                tracing::warn!(tenant_id = %tenant, error = %e, "could not remove the company's search documents");
            }
        }
        Ok(None) => {}
        Err(e) => {
            tracing::warn!(tenant_id = %tenant, error = %e, "could not open the search index to remove a company")
        }
    }
}
