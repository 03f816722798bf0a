//! Background jobs: queued in a transaction, run by the runner with the
//! creator's rights, observed and cancelled over GraphQL. No production
//! handler exists yet, so the servers here run test handlers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use guanxi_automation::{JobContext, JobHandler, Progress, Registry, Runner, RunnerConfig};
use guanxi_core::{Error, JobId, TenantId};
use guanxi_store::jobs::{self, EnqueueOptions, JobOutcome, JobStatus};
use guanxi_store::{Access, RequestMeta, Store, StoreConfig, TenantTx, users};
use guanxi_tests::{Backend, Session, TestServer, backend_tests};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

/// Counts to `steps`, reporting progress after each step. With a gate, each
/// step waits for a permit, so a test can watch every step.
struct Count {
    gate: Option<Arc<Semaphore>>,
}

#[async_trait::async_trait]
impl JobHandler for Count {
    fn kind(&self) -> &str {
        "test.count"
    }
    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        #[derive(serde::Deserialize)]
        struct Input {
            steps: i64,
        }
        let input: Input = job.payload_as()?;
        for i in 1..=input.steps {
            if let Some(gate) = &self.gate {
                gate.acquire().await.map_err(Error::internal)?.forget();
            }
            let note = format!("第 {i} 步");
            if job.progress(i, Some(input.steps), Some(&note)).await? == Progress::Cancelled {
                return Ok(json!({ "stoppedAt": i }));
            }
        }
        // The job acts as its creator, through an ordinary tenant transaction.
        let tx = job.tenant_tx(Access::Read).await?;
        let me = users::me(&tx).await?;
        tx.commit().await?;
        Ok(json!({ "counted": input.steps, "ranAs": me.email, "attempt": job.attempt() }))
    }
}

/// Fails with an internal error (retried) or a validation error (not), and
/// succeeds from attempt `succeedOn` if given.
struct Fail;

#[async_trait::async_trait]
impl JobHandler for Fail {
    fn kind(&self) -> &str {
        "test.fail"
    }
    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        if job.payload()["succeedOn"].as_i64().is_some_and(|n| i64::from(job.attempt()) >= n) {
            return Ok(json!({ "attempt": job.attempt() }));
        }
        match job.payload()["error"].as_str() {
            Some("internal") => Err(Error::Internal("disk on fire at /var/secret".into())),
            _ => Err(Error::invalid("file", "bad_format", "row 3 has no name")),
        }
    }
}

struct Panic;

#[async_trait::async_trait]
impl JobHandler for Panic {
    fn kind(&self) -> &str {
        "test.panic"
    }
    async fn run(&self, _job: JobContext) -> Result<Value, Error> {
        panic!("boom");
    }
}

/// Reports progress until told to stop; records that it noticed.
struct Slow {
    noticed: Arc<AtomicBool>,
}

#[async_trait::async_trait]
impl JobHandler for Slow {
    fn kind(&self) -> &str {
        "test.slow"
    }
    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        for i in 1..=1000 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            if job.progress(i, None, None).await? == Progress::Cancelled {
                self.noticed.store(true, Ordering::SeqCst);
                return Ok(json!({ "stoppedAt": i }));
            }
        }
        Ok(json!("finished"))
    }
}

/// Counts its runs per job.
#[derive(Clone, Default)]
struct Once {
    runs: Arc<Mutex<HashMap<JobId, usize>>>,
}

#[async_trait::async_trait]
impl JobHandler for Once {
    fn kind(&self) -> &str {
        "test.once"
    }
    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        *self.runs.lock().unwrap().entry(job.id()).or_default() += 1;
        tokio::time::sleep(Duration::from_millis(30)).await;
        Ok(json!(null))
    }
}

/// Records which company each run belonged to, in start order, and how
/// many of each company's jobs ran at once at most.
#[derive(Clone, Default)]
struct Track {
    hold: Duration,
    starts: Arc<Mutex<Vec<TenantId>>>,
    running: Arc<Mutex<HashMap<TenantId, usize>>>,
    most: Arc<Mutex<HashMap<TenantId, usize>>>,
}

#[async_trait::async_trait]
impl JobHandler for Track {
    fn kind(&self) -> &str {
        "test.track"
    }
    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        let tenant = job.principal()?.tenant_id();
        self.starts.lock().unwrap().push(tenant);
        {
            let mut running = self.running.lock().unwrap();
            let n = running.entry(tenant).or_default();
            *n += 1;
            let mut most = self.most.lock().unwrap();
            let m = most.entry(tenant).or_default();
            *m = (*m).max(*n);
        }
        tokio::time::sleep(self.hold).await;
        *self.running.lock().unwrap().entry(tenant).or_default() -= 1;
        Ok(json!(null))
    }
}

const JOB: &str = "query($id: ID!) { job(id: $id) { id kind status progressDone progressTotal progressNote result \
                   error attempts maxAttempts createdById createdAt startedAt finishedAt } }";

async fn tx_as(s: &TestServer, who: &Session) -> TenantTx {
    let p = s.store.authenticate(&who.token).await.unwrap();
    s.store.tenant_tx(&p, Access::Write, &RequestMeta::default()).await.unwrap()
}

async fn enqueue_with(s: &TestServer, who: &Session, kind: &str, payload: Value, options: EnqueueOptions) -> String {
    let tx = tx_as(s, who).await;
    let id = jobs::enqueue_with(&tx, kind, payload, None, options).await.unwrap();
    tx.commit().await.unwrap();
    id.to_string()
}

async fn enqueue(s: &TestServer, who: &Session, kind: &str, payload: Value) -> String {
    enqueue_with(s, who, kind, payload, EnqueueOptions::default()).await
}

async fn job(s: &TestServer, who: &Session, id: &str) -> Value {
    s.gql(Some(&who.token), JOB, json!({ "id": id })).await.ok()["job"].clone()
}

/// Poll the job over GraphQL until `done` holds (10 s at most).
async fn wait_job(s: &TestServer, who: &Session, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let j = job(s, who, id).await;
        if done(&j) {
            return j;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "job never got there: {j:#}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn wait_status(s: &TestServer, who: &Session, id: &str, status: &str) -> Value {
    wait_job(s, who, id, |j| j["status"] == status).await
}

async fn queue_rows(s: &TestServer) -> i64 {
    let db = s.db.connect_owner().await;
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), "SELECT count(*) AS n FROM job_queue"))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

struct Company {
    admin: Session,
    sup: Session,
    sp: Session,
    sp2: Session,
}

async fn company(s: &TestServer, slug: &str) -> Company {
    let admin = s.sign_up(slug).await;
    let g = s.create_group(&admin, "一组").await;
    let sup = s.invite_and_accept(&admin, &format!("sup@{slug}.cn"), "SUPERVISOR", Some(&g)).await;
    s.gql(
        Some(&admin.token),
        "mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { id } }",
        json!({ "g": g, "u": sup.user_id }),
    )
    .await
    .ok();
    let sp = s.invite_and_accept(&admin, &format!("sp@{slug}.cn"), "SALESPERSON", Some(&g)).await;
    let sp2 = s.invite_and_accept(&admin, &format!("sp2@{slug}.cn"), "SALESPERSON", Some(&g)).await;
    Company { admin, sup, sp, sp2 }
}

async fn progress_result_and_visibility(b: Backend) {
    let gate = Arc::new(Semaphore::new(0));
    let s = TestServer::start_with_jobs(b, Registry::new().with(Count { gate: Some(gate.clone()) })).await;
    let c = company(&s, "acme").await;
    let z = s.sign_up("zeta").await;

    let id = enqueue(&s, &c.sp, "test.count", json!({ "steps": 3 })).await;
    let j = wait_status(&s, &c.sp, &id, "RUNNING").await;
    assert_eq!(
        (j["progressDone"].clone(), j["attempts"].clone(), j["kind"].clone()),
        (json!(0), json!(1), json!("test.count"))
    );
    assert!(j["startedAt"].is_string() && j["finishedAt"].is_null() && j["result"].is_null());
    assert_eq!(j["createdById"], c.sp.user_id.as_str());
    // Each step, as the handler reports it.
    for step in 1..=3 {
        gate.add_permits(1);
        let j = wait_job(&s, &c.sp, &id, |j| j["progressDone"] == step).await;
        assert_eq!(j["progressTotal"], 3);
        assert_eq!(j["progressNote"], format!("第 {step} 步"));
    }
    let j = wait_status(&s, &c.sp, &id, "SUCCEEDED").await;
    assert_eq!(j["result"], json!({ "counted": 3, "ranAs": "sp@acme.cn", "attempt": 1 }));
    assert!(j["error"].is_null() && j["finishedAt"].is_string());
    assert_eq!((j["attempts"].clone(), j["maxAttempts"].clone()), (json!(1), json!(3)));

    // The creator and admins see it; nobody else does.
    assert_eq!(job(&s, &c.admin, &id).await["status"], "SUCCEEDED");
    for (who, name) in [(&c.sp2, "another salesperson"), (&c.sup, "their supervisor"), (&z, "another company's admin")]
    {
        let r = s.gql(Some(&who.token), JOB, json!({ "id": id })).await;
        assert_eq!(r.code(), "NOT_FOUND", "{name}");
        let r = s.gql(Some(&who.token), "{ jobs { id } }", json!({})).await;
        assert_eq!(r.ok()["jobs"], json!([]), "{name}");
    }
    let r = s.gql(Some(&c.admin.token), "{ jobs { id createdById } }", json!({})).await;
    assert_eq!(r.ok()["jobs"], json!([{ "id": id, "createdById": c.sp.user_id }]));
    let r = s.gql(Some(&c.sp.token), "{ jobs(limit: 1) { id } }", json!({})).await;
    assert_eq!(r.ok()["jobs"][0]["id"], id.as_str());

    // Bad input and missing credentials.
    assert_eq!(s.gql(Some(&c.sp.token), JOB, json!({ "id": "nope" })).await.code(), "VALIDATION_FAILED");
    assert_eq!(s.gql(Some(&c.sp.token), "{ jobs(limit: 0) { id } }", json!({})).await.code(), "VALIDATION_FAILED");
    assert_eq!(s.gql(None, JOB, json!({ "id": id })).await.code(), "UNAUTHENTICATED");
    let unknown = JobId::new().to_string();
    assert_eq!(s.gql(Some(&c.admin.token), JOB, json!({ "id": unknown })).await.code(), "NOT_FOUND");
}

async fn failures_retries_and_panics(b: Backend) {
    let registry = Registry::new().with(Fail).with(Panic).with(Count { gate: None });
    let s = TestServer::start_with_jobs(b, registry).await;
    let c = company(&s, "acme").await;

    let internal = enqueue(&s, &c.sp, "test.fail", json!({ "error": "internal" })).await;
    let flaky = enqueue(&s, &c.sp, "test.fail", json!({ "error": "internal", "succeedOn": 2 })).await;
    let invalid = enqueue(&s, &c.sp, "test.fail", json!({ "error": "invalid" })).await;
    let single = enqueue_with(
        &s,
        &c.sp,
        "test.fail",
        json!({ "error": "internal" }),
        EnqueueOptions { max_attempts: 1, ..EnqueueOptions::default() },
    )
    .await;
    let panics = enqueue(&s, &c.sp, "test.panic", json!({})).await;
    let bad_input = enqueue(&s, &c.sp, "test.count", json!({ "steps": "many" })).await;

    // Internal errors are retried until the attempts run out; the cause stays in the log.
    let j = wait_status(&s, &c.sp, &internal, "FAILED").await;
    assert_eq!((j["attempts"].clone(), j["error"].clone()), (json!(3), json!("internal error")));
    assert!(j["finishedAt"].is_string());
    let j = wait_status(&s, &c.sp, &flaky, "SUCCEEDED").await;
    assert_eq!(
        (j["attempts"].clone(), j["result"].clone(), j["error"].clone()),
        (json!(2), json!({ "attempt": 2 }), Value::Null)
    );
    let j = wait_status(&s, &c.sp, &single, "FAILED").await;
    assert_eq!(j["attempts"], 1);
    // Any other error fails at once, with its message.
    let j = wait_status(&s, &c.sp, &invalid, "FAILED").await;
    assert_eq!(j["attempts"], 1);
    assert!(j["error"].as_str().unwrap().contains("row 3 has no name"), "{j}");
    let j = wait_status(&s, &c.sp, &bad_input, "FAILED").await;
    assert_eq!(j["attempts"], 1);
    assert!(j["error"].as_str().unwrap().contains("payload"), "{j}");
    // A panic fails the job without a retry, and the runner carries on.
    let j = wait_status(&s, &c.sp, &panics, "FAILED").await;
    assert_eq!(
        (j["attempts"].clone(), j["error"].clone()),
        (json!(1), json!("the job stopped unexpectedly (internal error)"))
    );
    let after = enqueue(&s, &c.sp, "test.count", json!({ "steps": 1 })).await;
    wait_status(&s, &c.sp, &after, "SUCCEEDED").await;
    assert_eq!(queue_rows(&s).await, 0, "finished jobs leave the queue");
}

async fn cancelling(b: Backend) {
    let noticed = Arc::new(AtomicBool::new(false));
    let s = TestServer::start_with_jobs(b, Registry::new().with(Slow { noticed: noticed.clone() })).await;
    let c = company(&s, "acme").await;
    let z = s.sign_up("zeta").await;
    let cancel = "mutation($id: ID!) { cancelJob(id: $id) { id status finishedAt } }";

    // A running job: only its creator or an admin may cancel it; it stops at its next report.
    let running = enqueue(&s, &c.sp, "test.slow", json!({})).await;
    wait_job(&s, &c.sp, &running, |j| j["status"] == "RUNNING" && j["progressDone"].as_i64() > Some(1)).await;
    for who in [&c.sp2, &c.sup, &z] {
        assert_eq!(s.gql(Some(&who.token), cancel, json!({ "id": running })).await.code(), "NOT_FOUND");
    }
    assert_eq!(job(&s, &c.sp, &running).await["status"], "RUNNING");
    let r = s.gql(Some(&c.sp.token), cancel, json!({ "id": running })).await;
    assert_eq!(r.ok()["cancelJob"]["status"], "CANCELLED");
    assert!(r.ok()["cancelJob"]["finishedAt"].is_string());
    let start = Instant::now();
    while !noticed.load(Ordering::SeqCst) {
        assert!(start.elapsed() < Duration::from_secs(10), "the handler never noticed");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let j = job(&s, &c.sp, &running).await;
    assert_eq!(
        (j["status"].clone(), j["result"].clone()),
        (json!("CANCELLED"), Value::Null),
        "the result is discarded"
    );
    // A finished job cannot be cancelled.
    let r = s.gql(Some(&c.sp.token), cancel, json!({ "id": running })).await;
    assert_eq!(r.code(), "CONFLICT");

    // A job no replica can run stays queued; an admin cancels it and it leaves the queue.
    let queued = enqueue(&s, &c.sp, "test.unregistered", json!({})).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let j = job(&s, &c.sp, &queued).await;
    assert_eq!((j["status"].clone(), j["attempts"].clone()), (json!("QUEUED"), json!(0)));
    assert!(j["startedAt"].is_null());
    // A read-only API key may look but not cancel.
    let (ro, _) = s.api_key(&c.admin, "ro", "READ").await;
    assert_eq!(s.gql(Some(&ro), JOB, json!({ "id": queued })).await.ok()["job"]["status"], "QUEUED");
    assert_eq!(s.gql(Some(&ro), cancel, json!({ "id": queued })).await.code(), "FORBIDDEN");
    assert_eq!(queue_rows(&s).await, 1);
    let r = s.gql(Some(&c.admin.token), cancel, json!({ "id": queued })).await;
    assert_eq!(r.ok()["cancelJob"]["status"], "CANCELLED");
    assert_eq!(queue_rows(&s).await, 0);
    let r = s.gql(Some(&c.admin.token), "{ auditLog { action targetId } }", json!({})).await;
    let cancels: Vec<&Value> =
        r.ok()["auditLog"].as_array().unwrap().iter().filter(|e| e["action"] == "job.cancel").collect();
    assert_eq!(cancels.len(), 2);
}

async fn enqueue_follows_its_transaction(b: Backend) {
    let once = Once::default();
    let s = TestServer::start_with_jobs(b, Registry::new().with(once.clone())).await;
    let c = company(&s, "acme").await;

    // Rolled back: no job, no queue row, nothing runs.
    let tx = tx_as(&s, &c.sp).await;
    let id = jobs::enqueue(&tx, "test.once", json!({}), Some(1)).await.unwrap();
    assert_eq!(jobs::get(&tx, id).await.unwrap().status, JobStatus::Queued, "visible inside its transaction");
    drop(tx);
    for who in [&c.sp, &c.admin] {
        assert_eq!(s.gql(Some(&who.token), JOB, json!({ "id": id.to_string() })).await.code(), "NOT_FOUND");
    }
    assert_eq!(queue_rows(&s).await, 0);

    // Invalid jobs are refused with field errors.
    let tx = tx_as(&s, &c.sp).await;
    match jobs::enqueue(&tx, "Not A Kind", json!({}), Some(-1)).await {
        Err(Error::Validation(f)) => {
            assert_eq!(f.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["kind", "total"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    drop(tx);

    // Committed: it runs, once.
    let committed = enqueue(&s, &c.sp, "test.once", json!({})).await;
    wait_status(&s, &c.sp, &committed, "SUCCEEDED").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let runs = once.runs.lock().unwrap().clone();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs.get(&committed.parse::<JobId>().unwrap()), Some(&1));
}

async fn two_runners_never_share_a_job(b: Backend) {
    // The server's own runner has no handlers; two more runners, each with
    // its own connection pool as separate replicas would have, share the work.
    let s = TestServer::start_with_jobs(b, Registry::new()).await;
    let admin = s.sign_up("acme").await;
    let tx = tx_as(&s, &admin).await;
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(jobs::enqueue(&tx, "test.once", json!({ "n": i }), None).await.unwrap());
    }
    tx.commit().await.unwrap();

    let once = Once::default();
    let other = match b {
        Backend::Postgres => {
            Store::connect(&s.db.url, StoreConfig { max_connections: 4, ..StoreConfig::default() }).await.unwrap()
        }
        // One process owns an SQLite file: its runners share the one connection.
        Backend::Sqlite => s.store.clone(),
    };
    let config = RunnerConfig::new(4, Duration::from_millis(5));
    let runners: Vec<Runner> = [s.store.clone(), other]
        .into_iter()
        .map(|store| Runner::spawn(store, Registry::new().with(once.clone()), config.clone(), std::future::pending()))
        .collect();
    assert_ne!(runners[0].worker_id(), runners[1].worker_id());

    let start = Instant::now();
    loop {
        let tx = tx_as(&s, &admin).await;
        let all = jobs::list(&tx, 200).await.unwrap();
        drop(tx);
        if all.iter().all(|j| j.status == JobStatus::Succeeded) {
            assert!(all.iter().all(|j| j.attempts == 1));
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "jobs did not finish: {all:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for r in runners {
        r.shutdown().await;
    }
    let runs = once.runs.lock().unwrap().clone();
    assert_eq!(runs.len(), 20);
    for id in &ids {
        assert_eq!(runs.get(id), Some(&1), "job {id} ran {:?} times", runs.get(id));
    }
    assert_eq!(queue_rows(&s).await, 0);
}

async fn deactivated_creator_fails_the_job(b: Backend) {
    let s = TestServer::start_with_jobs(b, Registry::new().with(Count { gate: None })).await;
    let c = company(&s, "acme").await;
    let id = enqueue_with(
        &s,
        &c.sp,
        "test.count",
        json!({ "steps": 1 }),
        EnqueueOptions { delay: Duration::from_secs(1), ..EnqueueOptions::default() },
    )
    .await;
    let r = s
        .gql(
            Some(&c.admin.token),
            "mutation($id: ID!) { deactivateUser(id: $id) { active } }",
            json!({ "id": c.sp.user_id }),
        )
        .await;
    assert_eq!(r.ok()["deactivateUser"]["active"], false);
    let j = wait_status(&s, &c.admin, &id, "FAILED").await;
    assert_eq!(j["error"], "the user who started this job has been deactivated");
    assert_eq!(j["attempts"], 0, "it never ran");
    assert!(j["result"].is_null());
    assert_eq!(queue_rows(&s).await, 0);
}

async fn a_stalled_worker_is_taken_over(b: Backend) {
    let s = TestServer::start_with_jobs(b, Registry::new()).await;
    let c = company(&s, "acme").await;
    let id = enqueue(&s, &c.sp, "test.count", json!({ "steps": 2 })).await;
    let kinds = vec!["test.count".to_owned()];

    // A worker claims the job with a short lease, then goes silent.
    let stalled = s.store.claim_job("stalled-worker", Duration::from_millis(200), &kinds).await.unwrap().unwrap();
    assert_eq!(stalled.id().to_string(), id);
    assert_eq!((stalled.attempt(), stalled.principal().unwrap().user_id().to_string()), (1, c.sp.user_id.clone()));
    assert!(s.store.claim_job("another", Duration::from_secs(60), &kinds).await.unwrap().is_none(), "leased");
    assert_eq!(job(&s, &c.sp, &id).await["status"], "RUNNING");

    // Once the lease runs out, a live runner takes over as attempt 2.
    let runner = Runner::spawn(
        s.store.clone(),
        Registry::new().with(Count { gate: None }),
        RunnerConfig::new(1, Duration::from_millis(10)),
        std::future::pending(),
    );
    let j = wait_status(&s, &c.sp, &id, "SUCCEEDED").await;
    assert_eq!(j["attempts"], 2);
    assert_eq!(j["result"]["attempt"], 2);

    // The stalled worker can neither report nor overwrite the result.
    assert_eq!(s.store.report_job_progress(&stalled, 1, None, None).await.unwrap(), Progress::Cancelled);
    assert_eq!(s.store.renew_job_lease(&stalled).await.unwrap(), Progress::Cancelled);
    let status = s.store.finish_job(&stalled, JobOutcome::Succeeded(json!("stale")), Duration::ZERO).await.unwrap();
    assert_eq!(status, JobStatus::Succeeded);
    assert_eq!(job(&s, &c.sp, &id).await["result"]["attempt"], 2);

    // A job interrupted on its only attempt fails instead of running again.
    let once = enqueue_with(
        &s,
        &c.sp,
        "test.stall",
        json!({}),
        EnqueueOptions { max_attempts: 1, ..EnqueueOptions::default() },
    )
    .await;
    let stall = vec!["test.stall".to_owned()];
    let claimed = s.store.claim_job("stalled-worker", Duration::from_millis(50), &stall).await.unwrap().unwrap();
    assert_eq!(claimed.id().to_string(), once);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(s.store.claim_job("another", Duration::from_secs(60), &stall).await.unwrap().is_none());
    let j = job(&s, &c.sp, &once).await;
    assert_eq!((j["status"].clone(), j["attempts"].clone()), (json!("FAILED"), json!(1)));
    assert_eq!(j["error"], "the job was interrupted too many times (internal error)");
    runner.shutdown().await;
    assert_eq!(queue_rows(&s).await, 0);
}

async fn shutdown_hands_running_jobs_back(b: Backend) {
    let s = TestServer::start_with_jobs(b, Registry::new()).await;
    let c = company(&s, "acme").await;
    let id = enqueue(&s, &c.sp, "test.slow", json!({})).await;
    let noticed = Arc::new(AtomicBool::new(false));
    let config =
        RunnerConfig { shutdown_grace: Duration::from_millis(50), ..RunnerConfig::new(1, Duration::from_millis(10)) };
    let runner = Runner::spawn(s.store.clone(), Registry::new().with(Slow { noticed }), config, std::future::pending());
    wait_job(&s, &c.sp, &id, |j| j["status"] == "RUNNING" && j["progressDone"].as_i64() > Some(0)).await;
    runner.shutdown().await;
    // Back in the queue, with its attempt not counted, ready for the next replica.
    let j = job(&s, &c.sp, &id).await;
    assert_eq!((j["status"].clone(), j["attempts"].clone()), (json!("QUEUED"), json!(0)));
    let kinds = vec!["test.slow".to_owned()];
    let again = s.store.claim_job("next", Duration::from_secs(60), &kinds).await.unwrap().unwrap();
    assert_eq!((again.id().to_string(), again.attempt()), (id, 1));
}

/// One company's long jobs hold at most one of the runner's two slots: a
/// second company's short job starts at once instead of waiting for them.
async fn one_company_cannot_starve_another(b: Backend) {
    let gate = Arc::new(Semaphore::new(0));
    let once = Once::default();
    let registry = Registry::new().with(Count { gate: Some(gate.clone()) }).with(once.clone());
    let s = TestServer::start_with_jobs(b, registry).await;
    let a = s.sign_up("acme").await;
    let z = s.sign_up("zeta").await;

    let long: Vec<String> = {
        let mut ids = Vec::new();
        for _ in 0..3 {
            ids.push(enqueue(&s, &a, "test.count", json!({ "steps": 1 })).await);
        }
        ids
    };
    wait_status(&s, &a, &long[0], "RUNNING").await;
    // Give the runner time to take a second job of the same company, if it would.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let start = Instant::now();
    let short = enqueue(&s, &z, "test.once", json!({})).await;
    wait_status(&s, &z, &short, "SUCCEEDED").await;
    let waited = start.elapsed();
    assert!(waited < Duration::from_secs(3), "the other company's job waited {waited:?}");
    let statuses = statuses(&s, &a, &long).await;
    assert_eq!(statuses, ["RUNNING", "QUEUED", "QUEUED"], "one running job per company by default");

    // The long jobs then run one after the other.
    gate.add_permits(3);
    for id in &long {
        wait_status(&s, &a, id, "SUCCEEDED").await;
    }
    assert_eq!(queue_rows(&s).await, 0);
}

async fn statuses(s: &TestServer, who: &Session, ids: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        out.push(job(s, who, id).await["status"].as_str().unwrap_or_default().to_owned());
    }
    out
}

/// With one slot, companies with due jobs take turns, whoever queued first.
async fn companies_take_turns(b: Backend) {
    let s = TestServer::start_with_jobs(b, Registry::new()).await;
    let companies = [s.sign_up("acme").await, s.sign_up("beta").await, s.sign_up("zeta").await];
    let mut tenants = Vec::new();
    for c in &companies {
        let tx = tx_as(&s, c).await;
        tenants.push(tx.tenant_id());
        for i in 0..3 {
            jobs::enqueue(&tx, "test.track", json!({ "n": i }), None).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    let track = Track { hold: Duration::from_millis(5), ..Track::default() };
    let runner = Runner::spawn(
        s.store.clone(),
        Registry::new().with(track.clone()),
        RunnerConfig::new(1, Duration::from_millis(5)),
        std::future::pending(),
    );
    let start = Instant::now();
    while track.starts.lock().unwrap().len() < 9 || queue_rows(&s).await > 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "jobs did not finish: {:?}", track.starts.lock().unwrap());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    runner.shutdown().await;
    let order = track.starts.lock().unwrap().clone();
    let expected: Vec<TenantId> = (0..3).flat_map(|_| tenants.iter().copied()).collect();
    assert_eq!(order, expected, "round robin between companies");
}

/// Two replicas (runners with their own connection pools on PostgreSQL)
/// racing for one company's jobs never run more of them at once than the cap.
async fn the_company_cap_holds_across_replicas(b: Backend) {
    let s = TestServer::start_with_jobs(b, Registry::new()).await;
    let a = s.sign_up("acme").await;
    let z = s.sign_up("zeta").await;
    for (who, n) in [(&a, 12), (&z, 3)] {
        let tx = tx_as(&s, who).await;
        for i in 0..n {
            jobs::enqueue(&tx, "test.track", json!({ "n": i }), None).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    let other = match b {
        Backend::Postgres => {
            Store::connect(&s.db.url, StoreConfig { max_connections: 4, ..StoreConfig::default() }).await.unwrap()
        }
        Backend::Sqlite => s.store.clone(),
    };
    let track = Track { hold: Duration::from_millis(40), ..Track::default() };
    let config = RunnerConfig { per_company: 2, ..RunnerConfig::new(4, Duration::from_millis(1)) };
    let runners: Vec<Runner> = [s.store.clone(), other]
        .into_iter()
        .map(|store| Runner::spawn(store, Registry::new().with(track.clone()), config.clone(), std::future::pending()))
        .collect();
    let start = Instant::now();
    while track.starts.lock().unwrap().len() < 15 || queue_rows(&s).await > 0 {
        assert!(start.elapsed() < Duration::from_secs(30), "jobs did not finish");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for r in runners {
        r.shutdown().await;
    }
    let most = track.most.lock().unwrap().clone();
    let tx = tx_as(&s, &a).await;
    let acme = tx.tenant_id();
    drop(tx);
    assert_eq!(most.get(&acme), Some(&2), "at most two of one company's jobs at once, and two were: {most:?}");
    assert!(most.values().all(|&n| n <= 2), "{most:?}");
}

/// Replicas claiming at the same instant (eight connection pools on
/// PostgreSQL) still give a company only as many running jobs as its cap.
async fn simultaneous_claims_respect_the_cap(b: Backend) {
    let s = TestServer::start_with_jobs(b, Registry::new()).await;
    let mut stores = vec![s.store.clone()];
    if b == Backend::Postgres {
        for _ in 0..7 {
            stores.push(
                Store::connect(&s.db.url, StoreConfig { max_connections: 2, ..StoreConfig::default() }).await.unwrap(),
            );
        }
    }
    let kinds = vec!["test.track".to_owned()];
    for round in 0..6 {
        let who = s.sign_up(&format!("round{round}")).await;
        let tx = tx_as(&s, &who).await;
        for i in 0..8 {
            jobs::enqueue(&tx, "test.track", json!({ "n": i }), None).await.unwrap();
        }
        tx.commit().await.unwrap();
        let gate = Arc::new(tokio::sync::Barrier::new(stores.len()));
        let mut claims = tokio::task::JoinSet::new();
        for (i, store) in stores.iter().enumerate() {
            let (store, kinds, gate) = (store.clone(), kinds.clone(), gate.clone());
            claims.spawn(async move {
                gate.wait().await;
                store.claim_job_fairly(&format!("worker-{i}"), Duration::from_secs(60), &kinds, 1).await.unwrap()
            });
        }
        let claimed = claims.join_all().await.into_iter().flatten().count();
        assert_eq!(claimed, 1, "round {round}: one job of the company, whoever asked first");
    }
}

backend_tests!(
    simultaneous_claims_respect_the_cap,
    one_company_cannot_starve_another,
    companies_take_turns,
    the_company_cap_holds_across_replicas,
    progress_result_and_visibility,
    failures_retries_and_panics,
    cancelling,
    enqueue_follows_its_transaction,
    two_runners_never_share_a_job,
    deactivated_creator_fails_the_job,
    a_stalled_worker_is_taken_over,
    shutdown_hands_running_jobs_back,
);
