//! What a handler gets for one attempt of a job.

use guanxi_core::{Error, JobId, Result};
use guanxi_store::jobs::{ClaimedJob, Progress};
use guanxi_store::{Access, Principal, RequestMeta, Store, TenantTx};
use serde::de::DeserializeOwned;

/// One attempt of a job, as its handler sees it: the job's identity and
/// input, the user it acts as, the store, and a way to report progress.
pub struct JobContext {
    store: Store,
    job: ClaimedJob,
    meta: RequestMeta,
}

impl JobContext {
    pub(crate) fn new(store: Store, job: ClaimedJob) -> Self {
        // The audit log names the job as the "request" behind whatever the
        // handler changes.
        let meta = RequestMeta { request_id: Some(format!("job:{}", job.id())), ..RequestMeta::default() };
        JobContext { store, job, meta }
    }

    /// The job's id.
    pub fn id(&self) -> JobId {
        self.job.id()
    }

    /// The job's kind.
    pub fn kind(&self) -> &str {
        self.job.kind()
    }

    /// The job's input, as enqueued.
    pub fn payload(&self) -> &serde_json::Value {
        self.job.payload()
    }

    /// The input parsed into `T`. A mismatch is a validation error on
    /// `payload`, which fails the job without a retry.
    pub fn payload_as<T: DeserializeOwned>(&self) -> Result<T> {
        T::deserialize(self.job.payload())
            .map_err(|e| Error::invalid("payload", "invalid", format!("the job's input is not valid: {e}")))
    }

    /// Which attempt this is, from 1.
    pub fn attempt(&self) -> i32 {
        self.job.attempt()
    }

    /// The user who started the job, with their current role and groups.
    /// Everything the handler does should go through
    /// `store.tenant_tx(principal, …)` (or [`JobContext::tenant_tx`]), so it
    /// is limited to what that user may do. `FORBIDDEN` for a system job,
    /// which acts for no user (see [`JobContext::system_tx`]).
    pub fn principal(&self) -> Result<&Principal> {
        self.job.principal().ok_or(Error::Forbidden)
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A transaction acting as the job's creator, like a request of theirs.
    pub async fn tenant_tx(&self, access: Access) -> Result<TenantTx> {
        self.store.tenant_tx(self.principal()?, access, &self.meta).await
    }

    /// A transaction of a system job (queued by the system for itself,
    /// such as the overdue sweep), acting for no user: its events and
    /// audit entries name the system. `FORBIDDEN` for a job a user started.
    pub async fn system_tx(&self, access: Access) -> Result<TenantTx> {
        self.store.system_job_tx(&self.job, access, &self.meta).await
    }

    /// Report progress: `done` units of work, and `total` and a short `note`
    /// for people when given (`None` keeps the previous value). Also renews
    /// the job's lease. Stop and return soon when it answers
    /// [`Progress::Cancelled`]: the job was cancelled and its result will be
    /// discarded.
    ///
    /// Each call is a small write: report every few hundred items or every
    /// second or so, not for every row.
    pub async fn progress(&self, done: i64, total: Option<i64>, note: Option<&str>) -> Result<Progress> {
        self.store.report_job_progress(&self.job, done, total, note).await
    }
}

impl std::fmt::Debug for JobContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobContext").field("job", &self.job).finish_non_exhaustive()
    }
}
