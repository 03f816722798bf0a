//! Domain event delivery: subscribers see each company's events in order,
//! at least once, across restarts and replicas; a failing subscriber goes
//! dead for its company without delaying anyone; old events are pruned but
//! never before a live subscriber has had them.
//!
//! The mechanics are tested with synthetic events appended through
//! `guanxi_store::events::append`, so they hold whatever the write paths
//! emit. Sign-ups and other set-up steps may emit events of their own; the
//! assertions look only at the synthetic ones (marked in their `fields`) or
//! compare positions with the company's own last `seq`.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use guanxi_automation::{Dispatcher, DispatcherConfig, Subscriber};
use guanxi_core::{CustomerId, DomainEvent, Error, TenantId};
use guanxi_server::events_cli::{self, EventsCommand};
use guanxi_server::tenant_cli::{self, TenantCommand};
use guanxi_store::events::{self, CursorStatus, EventFailure, StoredEvent};
use guanxi_store::{Access, RequestMeta, Store, StoreConfig};
use guanxi_tests::{Backend, Session, TestServer, backend_tests, eventually};
use sea_orm::{ConnectionTrait, Statement};

/// What a test subscriber saw: (company, seq, marker) per delivered event,
/// duplicates included.
type Seen = Arc<Mutex<Vec<(TenantId, i64, String)>>>;

/// Records every event; fails on events whose marker is in `poison`;
/// optionally takes its time and checks that no two deliveries of one
/// company overlap (across every instance sharing `busy`).
struct Recorder {
    name: &'static str,
    seen: Seen,
    poison: Mutex<HashSet<String>>,
    hold: Duration,
    busy: Arc<Mutex<HashSet<TenantId>>>,
    overlaps: Arc<AtomicUsize>,
    batches: AtomicUsize,
}

impl Recorder {
    fn new(name: &'static str) -> Arc<Recorder> {
        Arc::new(Recorder {
            name,
            seen: Seen::default(),
            poison: Mutex::new(HashSet::new()),
            hold: Duration::ZERO,
            busy: Arc::default(),
            overlaps: Arc::default(),
            batches: AtomicUsize::new(0),
        })
    }

    /// The synthetic markers delivered for `tenant`, deduplicated by `seq`,
    /// in delivery order; asserts that `seq` only grows between distinct
    /// events.
    fn markers(&self, tenant: TenantId) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        let mut by_seq = BTreeMap::new();
        let mut last = 0;
        for (t, seq, marker) in seen.iter().filter(|(t, _, _)| *t == tenant) {
            if by_seq.insert(*seq, marker.clone()).is_none() {
                assert!(*seq > last, "{} got seq {seq} after {last} for {t:?}", self.name);
                last = *seq;
            }
        }
        by_seq.into_values().filter(|m| !m.is_empty()).collect()
    }
}

fn marker(e: &StoredEvent) -> String {
    match &e.event {
        DomainEvent::CustomerUpdated { fields, .. } => fields.first().cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

#[async_trait::async_trait]
impl Subscriber for Recorder {
    fn name(&self) -> &str {
        self.name
    }

    async fn handle(&self, tenant: TenantId, events: &[StoredEvent]) -> Result<(), Error> {
        if !self.busy.lock().unwrap().insert(tenant) {
            self.overlaps.fetch_add(1, Ordering::SeqCst);
        }
        tokio::time::sleep(self.hold).await;
        self.busy.lock().unwrap().remove(&tenant);
        self.batches.fetch_add(1, Ordering::SeqCst);
        let poison = self.poison.lock().unwrap().clone();
        for e in events {
            let m = marker(e);
            if poison.contains(&m) {
                return Err(Error::Internal(format!("{m} is broken on purpose").into()));
            }
            // Recorded as handled only once the whole batch is: a failed
            // batch is delivered again.
        }
        self.seen.lock().unwrap().extend(events.iter().map(|e| (tenant, e.seq, marker(e))));
        Ok(())
    }
}

/// Append one synthetic event per marker, in one transaction of `who`'s company.
async fn emit(store: &Store, who: &Session, markers: &[&str]) {
    let p = store.authenticate(&who.token).await.unwrap();
    let tx = store.tenant_tx(&p, Access::Write, &RequestMeta::default()).await.unwrap();
    for m in markers {
        events::append(
            &tx,
            DomainEvent::CustomerUpdated { customer: CustomerId::new(), fields: vec![(*m).to_owned()] },
        );
    }
    tx.commit().await.unwrap();
}

fn tenant(who: &Session) -> TenantId {
    who.tenant_id.parse().unwrap()
}

fn names(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i}")).collect()
}

async fn wait_for_markers(rec: &Recorder, who: &Session, want: &[String]) {
    let t = tenant(who);
    eventually(20, &format!("{} receiving {} events", rec.name, want.len()), || async {
        let got = rec.markers(t);
        if got == want { Ok(()) } else { Err(format!("{got:?}")) }
    })
    .await;
}

async fn delivered_in_order_once_across_a_restart(b: Backend) {
    let rec = Recorder::new("test.recorder");
    let mut s = TestServer::start_with_subscribers(b, |_| {}, vec![rec.clone()]).await;
    let a = s.sign_up("evta").await;
    let z = s.sign_up("evtz").await;
    // Interleaved transactions of two companies.
    for i in 0..4 {
        emit(&s.store, &a, &[&format!("a{i}x"), &format!("a{i}y")]).await;
        emit(&s.store, &z, &[&format!("z{i}")]).await;
    }
    let want_a: Vec<String> = (0..4).flat_map(|i| [format!("a{i}x"), format!("a{i}y")]).collect();
    wait_for_markers(&rec, &a, &want_a).await;

    // Whatever was not delivered yet (some of `z`'s, perhaps) waits for the
    // restarted server, and so does what is written after.
    s.restart().await;
    for i in 4..8 {
        emit(&s.store, &a, &[&format!("a{i}x"), &format!("a{i}y")]).await;
        emit(&s.store, &z, &[&format!("z{i}")]).await;
    }
    let want_a: Vec<String> = (0..8).flat_map(|i| [format!("a{i}x"), format!("a{i}y")]).collect();
    wait_for_markers(&rec, &a, &want_a).await;
    wait_for_markers(&rec, &z, &names("z", 0..8)).await;

    // The cursor moves once the subscriber has returned.
    for who in [&a, &z] {
        let last = s.events(who, 0).await.last().unwrap().seq;
        eventually(10, "the cursor reaching the last event", || async {
            let c = s.store.event_cursor("test.recorder", tenant(who)).await.map_err(|e| e.to_string())?;
            if (c.position, c.last_seq, c.status) == (last, last, CursorStatus::Ok) {
                Ok(())
            } else {
                Err(format!("{c:?}"))
            }
        })
        .await;
    }
    let lag = s.store.event_lag(&["test.recorder".to_owned()]).await.unwrap();
    assert_eq!((lag[0].events_behind, lag[0].companies_behind, lag[0].dead), (0, 0, 0));
    assert_eq!(lag[0].oldest_pending_at, None, "nothing waits once every cursor is at the end");
}

async fn a_failing_subscriber_goes_dead_alone_and_operators_revive_it(b: Backend) {
    let ok = Recorder::new("test.ok");
    let picky = Recorder::new("test.picky");
    picky.poison.lock().unwrap().insert("p1".to_owned());
    let s = TestServer::start_with_subscribers(b, |c| c.events_max_attempts = 3, vec![ok.clone(), picky.clone()]).await;
    let a = s.sign_up("evtfail").await;
    emit(&s.store, &a, &["n1", "p1", "n2"]).await;

    // The healthy subscriber is not held up by the failing one.
    wait_for_markers(&ok, &a, &["n1".into(), "p1".into(), "n2".into()]).await;
    let all = s.events(&a, 0).await;
    let seq_of = |m: &str| all.iter().find(|e| marker(e) == m).unwrap().seq;
    let dead = eventually(20, "the picky subscriber giving up", || async {
        let c = s.store.event_cursor("test.picky", tenant(&a)).await.map_err(|e| e.to_string())?;
        if c.status == CursorStatus::Dead { Ok(c) } else { Err(format!("{c:?}")) }
    })
    .await;
    // Dead exactly at the failing event, after three attempts.
    assert_eq!(dead.position, seq_of("p1") - 1, "{dead:?}");
    assert_eq!(dead.attempts, 3);
    assert!(dead.last_error.as_deref().unwrap_or("").contains("broken on purpose"), "{dead:?}");
    assert_eq!(picky.markers(tenant(&a)), ["n1"]);

    // Operators see it: the command line and the metrics.
    let status = events_cli::run(&s.cfg, EventsCommand::Status { all: false }).await.unwrap();
    assert!(status.contains("test.picky: 2 events behind in 1 companies, 1 dead"), "{status}");
    assert!(status.contains("evtfail") && status.contains("dead") && status.contains("broken on purpose"), "{status}");
    assert!(!status.lines().any(|l| l.starts_with("test.ok\t")), "{status}");
    // The oldest undelivered event is the poisoned one: its age is reported.
    let lag = s.store.event_lag(&["test.picky".to_owned(), "test.ok".to_owned()]).await.unwrap();
    assert_eq!(lag[0].oldest_pending_at, Some(all.iter().find(|e| marker(e) == "p1").unwrap().created_at), "{lag:?}");
    assert_eq!(lag[1].oldest_pending_at, None, "{lag:?}");
    assert!(status.contains("test.picky: 2 events behind in 1 companies, 1 dead, oldest waiting "), "{status}");
    eventually(10, "the metrics showing the dead cursor", || async {
        let metrics = s.http.get(format!("{}/metrics", s.base)).send().await.unwrap().text().await.unwrap();
        let want = [
            "guanxi_event_dead_cursors{subscriber=\"test.picky\"} 1",
            "guanxi_event_lag_events{subscriber=\"test.picky\"} 2",
            "guanxi_event_lag_companies{subscriber=\"test.picky\"} 1",
            "guanxi_event_lag_events{subscriber=\"test.ok\"} 0",
            "guanxi_event_oldest_pending_seconds{subscriber=\"test.ok\"} 0",
        ];
        let waiting = metrics.contains("guanxi_event_oldest_pending_seconds{subscriber=\"test.picky\"} ")
            && !metrics.contains("guanxi_event_oldest_pending_seconds{subscriber=\"test.picky\"} 0\n");
        if waiting && want.iter().all(|w| metrics.contains(w)) { Ok(()) } else { Err(metrics) }
    })
    .await;

    // Fixed, then retried: it resumes at the event it stopped at.
    picky.poison.lock().unwrap().clear();
    let out =
        events_cli::run(&s.cfg, EventsCommand::Retry { subscriber: "test.picky".into(), company: "evtfail".into() })
            .await
            .unwrap();
    assert!(out.starts_with("retrying: "), "{out}");
    wait_for_markers(&picky, &a, &["n1".into(), "p1".into(), "n2".into()]).await;

    // A poison event skipped by an operator is never delivered; the rest is.
    picky.poison.lock().unwrap().insert("p2".to_owned());
    emit(&s.store, &a, &["p2", "n3"]).await;
    eventually(20, "the picky subscriber giving up again", || async {
        let c = s.store.event_cursor("test.picky", tenant(&a)).await.map_err(|e| e.to_string())?;
        if c.status == CursorStatus::Dead { Ok(()) } else { Err(format!("{c:?}")) }
    })
    .await;
    let skip = EventsCommand::Skip { subscriber: "test.picky".into(), company: a.tenant_id.clone() };
    let out = events_cli::run(&s.cfg, skip.clone()).await.unwrap();
    assert!(out.starts_with("skipped to "), "{out}");
    wait_for_markers(&picky, &a, &["n1".into(), "p1".into(), "n2".into(), "n3".into()]).await;
    // Only a dead cursor can skip.
    assert!(events_cli::run(&s.cfg, skip).await.is_err());
    assert_eq!(ok.markers(tenant(&a)), ["n1", "p1", "n2", "p2", "n3"]);
    eventually(10, "the status showing nothing behind", || async {
        let status = events_cli::run(&s.cfg, EventsCommand::Status { all: false }).await.unwrap();
        if status.contains("test.picky: 0 events behind in 0 companies, 0 dead") { Ok(()) } else { Err(status) }
    })
    .await;
}

async fn two_replicas_never_deliver_one_company_at_once(b: Backend) {
    let s = TestServer::start(b).await;
    let mut companies = Vec::new();
    for slug in ["reply1", "reply2", "reply3"] {
        let who = s.sign_up(slug).await;
        for i in 0..6 {
            emit(&s.store, &who, &[&format!("e{i}a"), &format!("e{i}b")]).await;
        }
        companies.push(who);
    }
    // Two replicas: two stores on the one database, each with a dispatcher
    // and its own instance of the subscriber; both instances record into
    // one log and one set of companies being delivered.
    let make = || {
        Arc::new(Recorder {
            name: "test.guard",
            seen: Seen::default(),
            poison: Mutex::new(HashSet::new()),
            hold: Duration::from_millis(30),
            busy: Arc::default(),
            overlaps: Arc::default(),
            batches: AtomicUsize::new(0),
        })
    };
    let first = make();
    let second = Arc::new(Recorder {
        seen: first.seen.clone(),
        busy: first.busy.clone(),
        overlaps: first.overlaps.clone(),
        ..Arc::into_inner(make()).unwrap()
    });
    let mut dispatchers = Vec::new();
    for (i, rec) in [first.clone(), second.clone()].into_iter().enumerate() {
        let store = Store::connect(&s.db.url, StoreConfig::default()).await.unwrap();
        let config = DispatcherConfig {
            poll_interval: Duration::from_millis(10),
            batch_size: 3,
            worker_id: Some(format!("replica-{i}")),
            ..DispatcherConfig::default()
        };
        dispatchers.push(Dispatcher::spawn(store, vec![rec as Arc<dyn Subscriber>], config, std::future::pending()));
    }
    let want: Vec<String> = (0..6).flat_map(|i| [format!("e{i}a"), format!("e{i}b")]).collect();
    for who in &companies {
        wait_for_markers(&first, who, &want).await;
    }
    for d in dispatchers {
        d.shutdown().await;
    }
    assert_eq!(first.overlaps.load(Ordering::SeqCst), 0, "two replicas delivered one company at once");
    // Both replicas took part (each company needs four batches of three).
    assert!(first.batches.load(Ordering::SeqCst) > 0 && second.batches.load(Ordering::SeqCst) > 0);
}

async fn pruning_keeps_what_live_subscribers_have_not_had(b: Backend) {
    let s = TestServer::start(b).await;
    let a = s.sign_up("evtprune").await;
    emit(&s.store, &a, &["m1", "m2", "m3", "m4", "m5"]).await;
    let all = s.events(&a, 0).await;
    let last = all.last().unwrap().seq;
    let subs = ["test.fast".to_owned(), "test.slow".to_owned()];

    // `fast` has had everything up to m3 (a batch that ends there).
    let m3 = all.iter().find(|e| marker(e) == "m3").unwrap().seq;
    let claim = s
        .store
        .claim_events("test.fast", "w", Duration::from_secs(60), u64::try_from(m3).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claim.events().last().unwrap().seq, m3);
    assert!(s.store.ack_events(&claim).await.unwrap());

    // `slow` has had nothing (no cursor yet, which counts as 0): nothing
    // goes, however old.
    assert_eq!(s.store.prune_events(Duration::ZERO, &subs).await.unwrap(), 0);
    assert_eq!(s.events(&a, 0).await.len(), all.len());

    // Once `slow` is dead, it holds nothing back beyond the retention;
    // what `fast` has not had stays.
    let claim = s.store.claim_events("test.slow", "w", Duration::from_secs(60), 100).await.unwrap().unwrap();
    assert!(s.store.fail_events(&claim, EventFailure::Dead { error: "gave up".into() }).await.unwrap());
    // Not old enough yet: kept.
    assert_eq!(s.store.prune_events(Duration::from_secs(3600), &subs).await.unwrap(), 0);
    let deleted = s.store.prune_events(Duration::ZERO, &subs).await.unwrap();
    assert_eq!(deleted, u64::try_from(m3).unwrap());
    let left: Vec<String> = s.events(&a, 0).await.iter().map(marker).collect();
    assert_eq!(left, ["m4", "m5"]);
    // The sequence goes on from where it was.
    emit(&s.store, &a, &["m6"]).await;
    assert_eq!(s.events(&a, 0).await.last().unwrap().seq, last + 1);

    // Revived, the dead cursor resumes at the oldest event still stored.
    s.store.retry_event_cursor("test.slow", tenant(&a)).await.unwrap();
    let claim = s.store.claim_events("test.slow", "w", Duration::from_secs(60), 100).await.unwrap().unwrap();
    assert_eq!(claim.events().iter().map(marker).collect::<Vec<_>>(), ["m4", "m5", "m6"]);
    s.store.release_events(&claim).await.unwrap();

    // A retired subscriber's cursors hold nothing back either.
    assert_eq!(s.store.prune_events(Duration::ZERO, &[]).await.unwrap(), 3);
    assert!(s.events(&a, 0).await.is_empty());
    assert_eq!(s.store.forget_subscriber("test.fast").await.unwrap(), 1);

    // A company removed as unverified loses its counter and cursors.
    let out =
        tenant_cli::run(&s.cfg, TenantCommand::PruneUnverified { older_than_days: 0, dry_run: false }).await.unwrap();
    assert!(out.contains("deleted evtprune"), "{out}");
    let db = s.db.connect_owner().await;
    for table in ["event_sequences", "event_cursors", "domain_events"] {
        let row = db
            .query_one(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}")))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0, "{table}");
    }
}

/// A GraphQL call that must succeed; its `data`.
async fn call(s: &TestServer, who: &Session, q: &str, v: serde_json::Value) -> serde_json::Value {
    s.gql(Some(&who.token), q, v).await.ok().clone()
}

/// The issue's script through the real write paths: create, update,
/// release and claim, a server restart, an import, an offboarding and a
/// regrade, each through its real write path.
async fn scripted_sequence_across_a_restart(b: Backend) {
    let rec = Recorder::new("test.script");
    let mut s = TestServer::start_with_subscribers(b, |_| {}, vec![rec.clone()]).await;
    let admin = s.sign_up("evtscript").await;
    let g = s.create_group(&admin, "一组").await;
    let sp1 = s.invite_and_accept(&admin, "sp1@evtscript.cn", "SALESPERSON", Some(&g)).await;
    let sp2 = s.invite_and_accept(&admin, "sp2@evtscript.cn", "SALESPERSON", Some(&g)).await;
    let r = call(
        &s,
        &sp1,
        "mutation { createCustomer(input: { name: \"张三\", phones: [\"13900000001\"] }) { id } }",
        serde_json::json!({}),
    )
    .await;
    let zhang = r["createCustomer"]["id"].as_str().unwrap().to_owned();
    call(
        &s,
        &sp1,
        "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }",
        serde_json::json!({ "id": zhang, "i": { "name": "张三丰" } }),
    )
    .await;
    call(
        &s,
        &sp1,
        "mutation($id: ID!, $r: String!) { releaseCustomer(id: $id, reason: $r) { id } }",
        serde_json::json!({ "id": zhang, "r": "不需要" }),
    )
    .await;
    call(&s, &sp2, "mutation($id: ID!) { claimCustomer(id: $id) { id } }", serde_json::json!({ "id": zhang })).await;

    s.restart().await;

    let csv = "客户名称,手机\r\n李四,13800000002\r\n王五,13800000003\r\n".as_bytes().to_vec();
    let r = s
        .gql_upload(
            Some(&sp1.token),
            "mutation($file: Upload!) { importCustomers(file: $file) { id } }",
            serde_json::json!({ "file": null }),
            vec![("variables.file", "客户.csv", csv)],
        )
        .await;
    let import = r.ok()["importCustomers"]["id"].as_str().unwrap().to_owned();
    eventually(30, "the import finishing", || async {
        let r = s
            .gql(
                Some(&sp1.token),
                "query($id: ID!) { customerImport(id: $id) { status } }",
                serde_json::json!({ "id": import }),
            )
            .await;
        let st = r.ok()["customerImport"]["status"].clone();
        if st == "DONE" { Ok(()) } else { Err(st.to_string()) }
    })
    .await;
    call(
        &s,
        &admin,
        "mutation($id: ID!, $i: OffboardUserInput) { offboardUser(id: $id, input: $i) { user { id } } }",
        serde_json::json!({ "id": sp2.user_id, "i": { "successorId": sp1.user_id } }),
    )
    .await;
    let r = call(
        &s,
        &admin,
        "mutation { createGradingModel(input: { name: \"ABCD\", kind: ABCD }) { id } }",
        serde_json::json!({}),
    )
    .await;
    let model = r["createGradingModel"]["id"].as_str().unwrap().to_owned();
    let r = call(
        &s,
        &admin,
        "mutation($m: ID!) { regradeCustomers(modelId: $m) { id } }",
        serde_json::json!({ "m": model }),
    )
    .await;
    let job = r["regradeCustomers"]["id"].as_str().unwrap().to_owned();
    eventually(30, "the regrade finishing", || async {
        let r = s
            .gql(Some(&admin.token), "query($id: ID!) { job(id: $id) { status } }", serde_json::json!({ "id": job }))
            .await;
        let st = r.ok()["job"]["status"].clone();
        if st == "SUCCEEDED" { Ok(()) } else { Err(st.to_string()) }
    })
    .await;

    // What the subscriber saw of the script, deduplicated by `seq`.
    let t = tenant(&admin);
    let relevant = [
        "customer.created",
        "customer.updated",
        "customer.released",
        "customer.claimed",
        "customer.owner_changed",
        "customer.grade_changed",
        "import.finished",
        "user.offboarded",
    ];
    let last = s.events(&admin, 0).await.last().map_or(0, |e| e.seq);
    eventually(30, "the script's events arriving", || async {
        let seen = rec.seen.lock().unwrap().clone();
        let mut by_seq = BTreeMap::new();
        for (_, seq, _) in seen.iter().filter(|(tt, _, _)| *tt == t) {
            by_seq.insert(*seq, ());
        }
        if by_seq.keys().next_back().copied().unwrap_or(0) < last {
            return Err(format!("up to seq {:?} of {last}", by_seq.keys().next_back()));
        }
        Ok(())
    })
    .await;
    let all = s.events(&admin, 0).await;
    let seen_seqs: HashSet<i64> =
        rec.seen.lock().unwrap().iter().filter(|(tt, _, _)| *tt == t).map(|(_, q, _)| *q).collect();
    let script: Vec<&StoredEvent> =
        all.iter().filter(|e| seen_seqs.contains(&e.seq) && relevant.contains(&e.event.kind())).collect();
    let kinds: Vec<&str> = script.iter().map(|e| e.event.kind()).collect();
    assert!(kinds.len() > 9, "the script's events, as delivered: {kinds:?}");
    assert_eq!(
        kinds[..4],
        ["customer.created", "customer.updated", "customer.released", "customer.claimed"],
        "{kinds:?}"
    );
    assert!(matches!(script[0].event, DomainEvent::CustomerCreated { by: guanxi_core::events::CreatedBy::Api, .. }));
    assert_eq!(kinds[4..7], ["customer.created", "customer.created", "import.finished"], "{kinds:?}");
    for e in &script[4..6] {
        assert!(matches!(e.event, DomainEvent::CustomerCreated { by: guanxi_core::events::CreatedBy::Import, .. }));
    }
    let mut offboard = kinds[7..9].to_vec();
    offboard.sort_unstable();
    assert_eq!(offboard, ["customer.owner_changed", "user.offboarded"], "{kinds:?}");
    assert!(script[7..9].iter().any(|e| matches!(
        e.event,
        DomainEvent::CustomerOwnerChanged { how: guanxi_core::events::OwnerChange::Offboard, .. }
    )));
    assert!(kinds.len() > 9 && kinds[9..].iter().all(|k| *k == "customer.grade_changed"), "{kinds:?}");
}

backend_tests!(
    scripted_sequence_across_a_restart,
    delivered_in_order_once_across_a_restart,
    a_failing_subscriber_goes_dead_alone_and_operators_revive_it,
    two_replicas_never_deliver_one_company_at_once,
    pruning_keeps_what_live_subscribers_have_not_had,
);
