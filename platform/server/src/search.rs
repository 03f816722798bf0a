//! The search engine of this process, from the configuration, and
//! `guanxi reindex`.
//!
//! `guanxi reindex` rebuilds in one of two ways. When it can open the index
//! alone (Tantivy, no server running on it), it rebuilds every company
//! itself and moves the indexer's cursors past what the rebuild covers.
//! Otherwise others may be writing the index (a server holds Tantivy's
//! writer; any number of servers share Meilisearch): it records a rebuild
//! request in each company's events (`search.rebuild_requested`), which the
//! indexer carries out in its turn between the company's other events, on
//! whichever replica holds the company's cursor (with Meilisearch this
//! command runs an indexer of its own beside the servers'), and follows the
//! cursors until every request is done.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use anyhow::Context as _;
use guanxi_automation::search_indexer::INDEXER;
use guanxi_core::TenantId;
use guanxi_search::{EntityKind, SearchEngine};
use guanxi_store::Store;
use guanxi_store::events::CursorStatus;

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

/// The engine as an operator command finds it.
enum CliEngine {
    /// Opened here: Tantivy with no server on it (nothing else writes it),
    /// or Meilisearch (servers may write it too).
    Open(Arc<dyn SearchEngine>),
    /// Tantivy's index, whose writer a running server holds: the server
    /// does the work.
    HeldByServer,
}

/// The engine `cfg` names, as an operator command may use it; `None` when
/// no engine is configured.
async fn cli_engine(cfg: &Config) -> anyhow::Result<Option<CliEngine>> {
    match cfg.search_engine {
        SearchEngineKind::None => Ok(None),
        SearchEngineKind::Tantivy => {
            // Not through `tantivy_at`: an index this process already has
            // open (a server in the same process, in tests) is held too.
            let dir = index_dir(cfg);
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            match guanxi_search::TantivyEngine::open(&dir) {
                Ok(engine) => Ok(Some(CliEngine::Open(Arc::new(engine)))),
                Err(e) if guanxi_search::TantivyEngine::is_locked(&e) => Ok(Some(CliEngine::HeldByServer)),
                Err(e) => Err(anyhow::anyhow!("opening the search index at {}: {e}", dir.display())),
            }
        }
        SearchEngineKind::Meilisearch => Ok(open_engine(cfg).await?.map(CliEngine::Open)),
    }
}

/// `guanxi reindex`: rebuild the index of one company (`--tenant SLUG`) or
/// of all, from the database, printing each company's progress (see the
/// module documentation for how). Fails when a rebuild fails.
pub async fn reindex(cfg: &Config, tenant: Option<&str>, out: &mut impl std::io::Write) -> anyhow::Result<()> {
    let store = Store::connect(&cfg.database_url(), cfg.store_config()).await.context("connecting to the database")?;
    let result = async {
        let engine = cli_engine(cfg).await?.context("search_engine = \"none\": there is no index to rebuild")?;
        match (engine, cfg.search_engine) {
            (CliEngine::Open(engine), SearchEngineKind::Tantivy) => {
                engine.prepare().await.map_err(|e| anyhow::anyhow!("preparing the search engine: {e}"))?;
                reindex_on(&store, engine.as_ref(), tenant, out).await
            }
            (CliEngine::Open(engine), _) => {
                // Servers may be indexing the same engine: the rebuilds go
                // through the indexer, whichever runs it; this command runs
                // one too, so that they happen with no server running.
                engine.prepare().await.map_err(|e| anyhow::anyhow!("preparing the search engine: {e}"))?;
                let indexer: Arc<dyn guanxi_automation::Subscriber> =
                    Arc::new(guanxi_automation::SearchIndexer::new(store.clone(), engine));
                let config = guanxi_automation::DispatcherConfig {
                    // The indexer alone: the others' events are not its to prune.
                    prune: false,
                    ..cfg.dispatcher_config(&format!("guanxi-reindex-{}", std::process::id()))
                };
                let dispatcher =
                    guanxi_automation::Dispatcher::spawn(store.clone(), vec![indexer], config, std::future::pending());
                let r = reindex_through_indexer(&store, tenant, out).await;
                dispatcher.shutdown().await;
                r
            }
            (CliEngine::HeldByServer, _) => {
                writeln!(out, "the search index is held by a running server: it rebuilds, this command follows")?;
                reindex_through_indexer(&store, tenant, out).await
            }
        }
    }
    .await;
    store.close().await?;
    result
}

/// The companies a command names: one slug, or all.
async fn companies(store: &Store, tenant: Option<&str>) -> anyhow::Result<Vec<(TenantId, String)>> {
    Ok(match tenant {
        Some(slug) => {
            let id = store.tenant_by_slug(slug).await.with_context(|| format!("no company {slug}"))?;
            vec![(id, slug.to_owned())]
        }
        None => store.company_slugs().await?,
    })
}

/// How often a following command looks at the indexer's cursors.
const FOLLOW_EVERY: Duration = Duration::from_millis(250);

/// Ask the indexer to rebuild each company, then follow its cursors until
/// each has passed its request, printing where each stands. Fails when the
/// indexer fails on a company (it retries on its own; `guanxi events
/// status` shows it).
pub async fn reindex_through_indexer(
    store: &Store,
    tenant: Option<&str>,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let companies = companies(store, tenant).await?;
    let total = companies.len();
    let mut requests = Vec::with_capacity(total);
    for (id, slug) in companies {
        let seq = store.request_search_rebuild(id).await.with_context(|| format!("asking to rebuild {slug}"))?;
        requests.push((id, slug, seq));
    }
    for (i, (id, slug, seq)) in requests.into_iter().enumerate() {
        let started = std::time::Instant::now();
        loop {
            let (position, last_error, status) = match store.event_cursor(INDEXER, id).await {
                Ok(c) => (c.position, c.last_error.filter(|_| c.attempts > 0), c.status),
                // The indexer has not looked at the company yet.
                Err(guanxi_core::Error::NotFound(_)) => (0, None, CursorStatus::Ok),
                Err(e) => return Err(e.into()),
            };
            if position >= seq {
                let _ = write!(std::io::stderr(), "\r");
                writeln!(
                    out,
                    "[{}/{total}] {slug}: rebuilt by the indexer (as of event {seq}, {:.1} s)",
                    i + 1,
                    started.elapsed().as_secs_f64()
                )?;
                break;
            }
            if let Some(error) = last_error {
                let _ = write!(std::io::stderr(), "\r");
                anyhow::bail!(
                    "the indexer failed on {slug} ({}): {error}; see `guanxi events status`",
                    if status == CursorStatus::Dead {
                        "it gave up: `guanxi events retry search.indexer` after fixing the cause"
                    } else {
                        "it tries again later"
                    }
                );
            }
            let _ = write!(
                std::io::stderr(),
                "\r[{}/{total}] {slug}: the indexer is at event {position} of {seq}   ",
                i + 1
            );
            tokio::time::sleep(FOLLOW_EVERY).await;
        }
    }
    Ok(())
}

/// [`reindex`] with a store and an engine already open, which nothing
/// else writes meanwhile: each company rebuilt here, then the indexer's
/// cursor moved past what the rebuild covers.
pub async fn reindex_on(
    store: &Store,
    engine: &dyn SearchEngine,
    tenant: Option<&str>,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let companies = companies(store, tenant).await?;
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

/// After companies were removed (`guanxi tenant prune-unverified`, which
/// records each in `search_removals`): remove their search documents here
/// when this command can open the engine, or else wait (a little) for the
/// running server's indexer to do it. Returns what to print.
pub async fn remove_companies(cfg: &Config, store: &Store) -> anyhow::Result<String> {
    let pending = store.search_removals(MAX_REMOVALS).await?;
    if pending.is_empty() {
        return Ok(String::new());
    }
    match cli_engine(cfg).await? {
        // No engine: nothing to remove from (a server configured with one
        // later removes them).
        None => Ok(String::new()),
        Some(CliEngine::Open(engine)) => {
            let indexer = guanxi_automation::SearchIndexer::new(store.clone(), engine);
            let mut n = 0;
            loop {
                let done = indexer.remove_removed_companies().await?;
                if done == 0 {
                    break;
                }
                n += done;
            }
            Ok(format!("search documents of {n} companies removed\n"))
        }
        Some(CliEngine::HeldByServer) => {
            let deadline = std::time::Instant::now() + REMOVAL_WAIT;
            loop {
                let left = store.search_removals(MAX_REMOVALS).await?;
                let left = pending.iter().filter(|t| left.contains(t)).count();
                if left == 0 {
                    return Ok(format!(
                        "search documents of {} companies removed by the running server\n",
                        pending.len()
                    ));
                }
                if std::time::Instant::now() > deadline {
                    anyhow::bail!(
                        "the running server has not removed the search documents of {left} companies within {} s; \
                         it will when its indexer is idle (table search_removals)",
                        REMOVAL_WAIT.as_secs()
                    );
                }
                tokio::time::sleep(FOLLOW_EVERY).await;
            }
        }
    }
}

/// Most removals looked at once.
const MAX_REMOVALS: u64 = 100_000;

/// How long `remove_companies` waits for a running server.
const REMOVAL_WAIT: Duration = Duration::from_secs(60);
