//! Reads beside writes. On SQLite the store has one writer connection and a
//! pool of read-only readers (WAL mode); read-only transactions run on the
//! readers, so a write transaction held open (an import's batch, a
//! regrade) never holds up a page. On PostgreSQL the same tests hold
//! through the one pool. See docs/operations.md ("SQLite").

use std::time::{Duration, Instant};

use guanxi_core::{CustomerId, Error};
use guanxi_store::{Access, RequestMeta, WriteInReadOnlyTransaction, board, customers};
use guanxi_tests::{Backend, Company, backend_tests, company, eventually};
use serde_json::json;

const LIST: &str = "{ customers(first: 50) { totalCount edges { node { id name } } } }";
const POSTS: &str = "{ boardPosts(limit: 10) { title } }";

/// Longer than any page takes here, far shorter than the 30 s a request
/// would wait for the writer: a read that queued behind the open write
/// transaction would run into it.
const READ_WITHIN: Duration = Duration::from_secs(5);

fn customer_id(id: &str) -> CustomerId {
    CustomerId(id.parse().unwrap())
}

/// A page and other reads complete while a write transaction is open (and
/// do not see its uncommitted rows); once it commits, the next read sees
/// them.
async fn reads_proceed_while_a_write_transaction_is_open(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    s.create_customer(&sp1, "王芳").await;
    let principal = s.store.authenticate(&admin.token).await.unwrap();
    let tx = s.store.tenant_tx(&principal, Access::Write, &RequestMeta::default()).await.unwrap();
    board::create_post(&tx, "未提交", "😀", "内容").await.unwrap();

    for _ in 0..3 {
        let started = Instant::now();
        let page = tokio::time::timeout(READ_WITHIN, s.gql(Some(&sp1.token), LIST, json!({})))
            .await
            .expect("a page waited for the open write transaction");
        assert_eq!(page.ok()["customers"]["totalCount"], 1);
        let posts = tokio::time::timeout(READ_WITHIN, s.gql(Some(&sp1.token), POSTS, json!({})))
            .await
            .expect("a read waited for the open write transaction");
        assert_eq!(posts.ok()["boardPosts"], json!([]), "the uncommitted post is not seen");
        assert!(started.elapsed() < READ_WITHIN);
    }

    tx.commit().await.unwrap();
    let posts = s.gql(Some(&sp1.token), POSTS, json!({})).await;
    assert_eq!(posts.ok()["boardPosts"], json!([{ "title": "未提交" }]), "committed, it is read at once");
}

/// Every read that begins after a write committed sees it, though the
/// write ran on the writer and the read runs on a reader.
async fn a_read_after_a_commit_sees_it(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let principal = s.store.authenticate(&admin.token).await.unwrap();
    let meta = RequestMeta::default();
    for i in 0..20 {
        // Through the API: the mutation commits, the next query reads it.
        let id = s.create_customer(&sp1, &format!("客户{i}")).await;
        let r = s.gql(Some(&sp1.token), "query($id: ID!) { customer(id: $id) { name } }", json!({ "id": id })).await;
        assert_eq!(r.ok()["customer"]["name"], format!("客户{i}"));
        // Through the store: a read-only transaction begun after the commit.
        let tx = s.store.tenant_tx(&principal, Access::Read, &meta).await.unwrap();
        assert_eq!(customers::get(&tx, customer_id(&id)).await.unwrap().name, format!("客户{i}"));
        tx.commit().await.unwrap();
    }
    let page = s.gql(Some(&sp1.token), LIST, json!({})).await;
    assert_eq!(page.ok()["customers"]["totalCount"], 20);
}

/// A write in a read-only transaction is refused with an error that says
/// so (PostgreSQL's `READ ONLY` transaction, SQLite's read-only reader),
/// not a panic, and writes nothing.
async fn a_write_in_a_read_transaction_is_refused(b: Backend) {
    let Company { s, admin, .. } = company(b).await;
    let principal = s.store.authenticate(&admin.token).await.unwrap();
    for access in [Access::Read, Access::Snapshot] {
        let tx = s.store.tenant_tx(&principal, access, &RequestMeta::default()).await.unwrap();
        let err = board::create_post(&tx, "只读", "😀", "内容").await.unwrap_err();
        let Error::Internal(source) = &err else { panic!("{access:?}: expected an internal error, got {err:?}") };
        assert!(
            source.downcast_ref::<WriteInReadOnlyTransaction>().is_some(),
            "{access:?}: the error names the read-only transaction: {source}"
        );
        assert!(source.to_string().contains("read-only transaction"), "{source}");
        drop(tx);
    }
    let posts = s.gql(Some(&admin.token), POSTS, json!({})).await;
    assert_eq!(posts.ok()["boardPosts"], json!([]));
}

/// A snapshot transaction (a backup's) reads one state of the database
/// from its first read to its end, while writes commit beside it; a
/// transaction begun after them sees them.
async fn a_snapshot_reads_one_state_while_writes_commit(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let first = s.create_customer(&sp1, "第一").await;
    let principal = s.store.authenticate(&admin.token).await.unwrap();
    let meta = RequestMeta::default();
    let snap = s.store.tenant_tx(&principal, Access::Snapshot, &meta).await.unwrap();
    customers::get(&snap, customer_id(&first)).await.unwrap();

    // Writes are not held up by the open snapshot.
    let second = tokio::time::timeout(READ_WITHIN, s.create_customer(&sp1, "第二"))
        .await
        .expect("a write waited for the open snapshot");
    let renamed = "mutation($id: ID!) { updateCustomer(id: $id, input: { name: \"改名\" }) { name } }";
    let r = s.gql(Some(&sp1.token), renamed, json!({ "id": first })).await;
    assert_eq!(r.ok()["updateCustomer"]["name"], "改名");

    assert_eq!(customers::get(&snap, customer_id(&first)).await.unwrap().name, "第一", "the snapshot's state");
    assert!(matches!(customers::get(&snap, customer_id(&second)).await, Err(Error::NotFound(_))));
    snap.commit().await.unwrap();

    let tx = s.store.tenant_tx(&principal, Access::Read, &meta).await.unwrap();
    assert_eq!(customers::get(&tx, customer_id(&first)).await.unwrap().name, "改名");
    assert_eq!(customers::get(&tx, customer_id(&second)).await.unwrap().name, "第二");
    tx.commit().await.unwrap();
}

backend_tests!(
    reads_proceed_while_a_write_transaction_is_open,
    a_read_after_a_commit_sees_it,
    a_write_in_a_read_transaction_is_refused,
    a_snapshot_reads_one_state_while_writes_commit,
);

/// SQLite only (PostgreSQL has no WAL file): the checkpoint copies the WAL
/// into the database and empties it, never waiting for a reader. One on
/// an old snapshot keeps the frames it needs, so the checkpoint stops
/// short (frames left) instead of waiting; after it ends, everything goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checkpoint_truncates_the_wal_without_waiting_for_readers() {
    let Company { s, admin, sp1, .. } = company(Backend::Sqlite).await;
    let wal = std::path::PathBuf::from(format!("{}-wal", s.db.url.trim_start_matches("sqlite://")));
    let wal_len = || std::fs::metadata(&wal).map_or(0, |m| m.len());
    // The server's own workers (the event dispatcher, the search indexer,
    // the job runner) read and write beside the test: they may hold a
    // snapshot for a moment, and a write of theirs right after a checkpoint
    // starts the WAL again. A complete checkpoint leaves no frame and an
    // empty file, seen together once.
    let complete = async || {
        eventually(20, "a complete checkpoint that empties the WAL", || async {
            match s.store.checkpoint().await.unwrap() {
                0 if wal_len() == 0 => Ok(()),
                0 => Err(format!("the WAL holds {} bytes again", wal_len())),
                left => Err(format!("{left} frames left")),
            }
        })
        .await;
    };
    s.create_customer(&sp1, "王芳").await;
    assert!(wal_len() > 0, "writes go to the WAL first");
    complete().await;

    let principal = s.store.authenticate(&admin.token).await.unwrap();
    let snap = s.store.tenant_tx(&principal, Access::Snapshot, &RequestMeta::default()).await.unwrap();
    let first = s.create_customer(&sp1, "李强").await;
    customers::get(&snap, customer_id(&first)).await.unwrap();
    for i in 0..5 {
        s.create_customer(&sp1, &format!("客户{i}")).await;
    }
    let started = Instant::now();
    let left = s.store.checkpoint().await.unwrap();
    assert!(left > 0, "the frames the snapshot may need stay");
    assert!(started.elapsed() < Duration::from_secs(2), "the checkpoint did not wait for the reader");
    assert_eq!(customers::get(&snap, customer_id(&first)).await.unwrap().name, "李强");
    snap.commit().await.unwrap();
    complete().await;
}
