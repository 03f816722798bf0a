//! Job handlers and the registry that maps kinds to them.

use std::collections::BTreeMap;
use std::sync::Arc;

use guanxi_core::Error;
use guanxi_store::jobs::is_valid_kind;

use crate::context::JobContext;

/// Runs the jobs of one kind.
///
/// One attempt is one call of [`JobHandler::run`]. Return `Ok(result)` (any
/// JSON; the job's creator sees it) or an error: an internal error
/// ([`Error::Internal`], [`Error::Unavailable`]) is retried while attempts
/// remain, any other error fails the job with its message. A panic fails the
/// job without a retry. Because a worker that dies mid-run is replaced by
/// another attempt, a handler should be safe to run again over work it had
/// partly done (commit in steps and skip what is already done).
///
/// ```ignore
/// struct Reclaim;
///
/// #[async_trait::async_trait]
/// impl JobHandler for Reclaim {
///     fn kind(&self) -> &str {
///         "pool.reclaim"
///     }
///     async fn run(&self, job: JobContext) -> Result<serde_json::Value, Error> {
///         let tx = job.tenant_tx(Access::Write).await?;
///         // … work as the job's creator, commit, report progress …
///         tx.commit().await?;
///         Ok(serde_json::json!({ "reclaimed": 12 }))
///     }
/// }
/// ```
#[async_trait::async_trait]
pub trait JobHandler: Send + Sync + 'static {
    /// The kind of job this handler runs, e.g. `customers.import`
    /// (lowercase letters, digits, `.`, `_`, `-`).
    fn kind(&self) -> &str;

    /// Run one attempt of `job`.
    async fn run(&self, job: JobContext) -> Result<serde_json::Value, Error>;
}

/// The handlers a runner knows, by kind. A runner claims only jobs of these
/// kinds, so a replica without a handler leaves its jobs to the others.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: BTreeMap<String, Arc<dyn JobHandler>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a handler.
    ///
    /// # Panics
    ///
    /// When the kind is not a valid job kind or already has a handler: both
    /// are wiring mistakes that every start of the server would hit.
    pub fn register(&mut self, handler: impl JobHandler) -> &mut Self {
        let kind = handler.kind().to_owned();
        assert!(is_valid_kind(&kind), "`{kind}` is not a valid job kind");
        assert!(!self.handlers.contains_key(&kind), "two handlers for job kind `{kind}`");
        self.handlers.insert(kind, Arc::new(handler));
        self
    }

    /// [`Registry::register`], by value, for chaining.
    pub fn with(mut self, handler: impl JobHandler) -> Self {
        self.register(handler);
        self
    }

    /// The handler for `kind`.
    pub fn get(&self, kind: &str) -> Option<Arc<dyn JobHandler>> {
        self.handlers.get(kind).cloned()
    }

    /// Every registered kind, sorted.
    pub fn kinds(&self) -> Vec<String> {
        self.handlers.keys().cloned().collect()
    }

    /// True when no handler is registered.
    pub fn is_empty(&self) -> bool {
        self.handlers.is_empty()
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry").field("kinds", &self.kinds()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Named(&'static str);

    #[async_trait::async_trait]
    impl JobHandler for Named {
        fn kind(&self) -> &str {
            self.0
        }
        async fn run(&self, _job: JobContext) -> Result<serde_json::Value, Error> {
            Ok(serde_json::Value::Null)
        }
    }

    #[test]
    fn kinds_are_listed_sorted() {
        let r = Registry::new().with(Named("b.two")).with(Named("a.one"));
        assert_eq!(r.kinds(), ["a.one", "b.two"]);
        assert!(r.get("a.one").is_some() && r.get("c").is_none());
        assert!(Registry::new().is_empty());
    }

    #[test]
    #[should_panic(expected = "two handlers")]
    fn duplicate_kinds_are_refused() {
        let _ = Registry::new().with(Named("a.one")).with(Named("a.one"));
    }

    #[test]
    #[should_panic(expected = "not a valid job kind")]
    fn invalid_kinds_are_refused() {
        let _ = Registry::new().with(Named("Bad Kind"));
    }
}
