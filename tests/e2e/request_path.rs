//! The request path: verified credentials are cached (PostgreSQL), and
//! every change that ends or narrows a credential refuses the cached copy
//! at once, in the server that made the change and in every other replica;
//! lists read only what the client selected.

use guanxi_store::{Store, StoreConfig};
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company, eventually};
use serde_json::{Value, json};

const ME: &str = "{ me { user { id role } } }";
const LIST: &str = "{ customers(first: 50) { totalCount edges { node { id name } } } }";

/// A request as `who` answers (`Ok`) or is refused (`Err(code)`).
async fn me(s: &TestServer, who: &str) -> Result<(), String> {
    let r = s.gql(Some(who), ME, json!({})).await;
    if r.body["errors"].is_null() { Ok(()) } else { Err(r.code().to_owned()) }
}

/// A second server process's store on the same database (a replica), with
/// `token` verified and cached there (PostgreSQL: once its invalidation
/// listener is up, which `eventually` waits for).
async fn replica_with(s: &TestServer, token: &str) -> Option<Store> {
    if s.db.backend != Backend::Postgres {
        return None;
    }
    let replica = Store::connect(&s.db.url, StoreConfig::default()).await.unwrap();
    eventually(10, "the replica caches the credential", || {
        let r = replica.clone();
        async move {
            r.authenticate(token).await.map_err(|e| format!("{e:?}"))?;
            if r.cached_credentials() > 0 { Ok(()) } else { Err("not cached yet".to_owned()) }
        }
    })
    .await;
    Some(replica)
}

/// The replica refuses `token` (within the time a notification takes).
async fn replica_refuses(replica: Option<&Store>, token: &str) {
    let Some(r) = replica else { return };
    eventually(5, "the replica refuses the credential", || async {
        match r.authenticate(token).await {
            Err(guanxi_core::Error::Unauthenticated) => Ok(()),
            other => Err(format!("{other:?}")),
        }
    })
    .await;
}

/// The server caches `who`'s credential (PostgreSQL).
async fn cached(s: &TestServer, who: &Session) {
    me(s, &who.token).await.unwrap();
    if s.db.backend == Backend::Postgres {
        eventually(10, "the server caches the credential", || async {
            me(s, &who.token).await?;
            if s.store.cached_credentials() > 0 { Ok(()) } else { Err("not cached yet".to_owned()) }
        })
        .await;
    }
}

async fn logout_refuses_the_cached_session_at_once_everywhere(b: Backend) {
    let Company { s, sp1, sp2, .. } = company(b).await;
    cached(&s, &sp1).await;
    cached(&s, &sp2).await;
    let replica = replica_with(&s, &sp1.token).await;
    let r = s.gql(Some(&sp1.token), "mutation { logout }", json!({})).await;
    assert_eq!(r.ok()["logout"], true);
    // The very next request, with no wait.
    assert_eq!(me(&s, &sp1.token).await, Err("UNAUTHENTICATED".to_owned()));
    replica_refuses(replica.as_ref(), &sp1.token).await;
    // Someone else's session is untouched.
    me(&s, &sp2.token).await.unwrap();
}

async fn deactivation_refuses_sessions_and_keys_at_once(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    cached(&s, &sp1).await;
    let replica = replica_with(&s, &sp1.token).await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!) { deactivateUser(id: $id) { active } }",
            json!({ "id": sp1.user_id }),
        )
        .await;
    assert_eq!(r.ok()["deactivateUser"]["active"], false);
    assert_eq!(me(&s, &sp1.token).await, Err("UNAUTHENTICATED".to_owned()));
    replica_refuses(replica.as_ref(), &sp1.token).await;
}

async fn revoked_api_key_is_refused_at_once(b: Backend) {
    let Company { s, admin, .. } = company(b).await;
    let (key, id) = s.api_key(&admin, "ERP", "READ").await;
    me(&s, &key).await.unwrap();
    me(&s, &key).await.unwrap();
    let replica = replica_with(&s, &key).await;
    let r = s.gql(Some(&admin.token), "mutation($id: ID!) { revokeApiKey(id: $id) { id } }", json!({ "id": id })).await;
    r.ok();
    assert_eq!(me(&s, &key).await, Err("UNAUTHENTICATED".to_owned()));
    replica_refuses(replica.as_ref(), &key).await;
}

/// How many customers `who`'s list holds.
async fn visible(s: &TestServer, who: &Session) -> i64 {
    s.gql(Some(&who.token), LIST, json!({})).await.ok()["customers"]["totalCount"].as_i64().unwrap()
}

async fn role_and_group_changes_apply_to_the_next_request(b: Backend) {
    let Company { s, admin, g1, sup, sp1, sp2, .. } = company(b).await;
    s.create_customer(&sp1, "王芳").await;
    s.create_customer(&sp2, "李强").await;
    // A salesperson sees their own; promoted to admin, everyone's at once.
    cached(&s, &sp2).await;
    assert_eq!(visible(&s, &sp2).await, 1);
    let promote = "mutation($id: ID!, $r: Role!) { updateUser(id: $id, input: { role: $r }) { role } }";
    let r = s.gql(Some(&admin.token), promote, json!({ "id": sp2.user_id, "r": "ADMIN" })).await;
    assert_eq!(r.ok()["updateUser"]["role"], "ADMIN");
    assert_eq!(visible(&s, &sp2).await, 2);
    // And demoted again, only their own.
    let r = s.gql(Some(&admin.token), promote, json!({ "id": sp2.user_id, "r": "SALESPERSON" })).await;
    assert_eq!(r.ok()["updateUser"]["role"], "SALESPERSON");
    assert_eq!(visible(&s, &sp2).await, 1);

    // A supervisor sees their group's customers until withdrawn from it.
    cached(&s, &sup).await;
    assert_eq!(visible(&s, &sup).await, 1);
    let replica = replica_with(&s, &sup.token).await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($g: ID!, $u: ID!) { removeGroupSupervisor(groupId: $g, userId: $u) { id } }",
            json!({ "g": g1, "u": sup.user_id }),
        )
        .await;
    r.ok();
    assert_eq!(visible(&s, &sup).await, 0);
    if let Some(replica) = replica {
        eventually(5, "the replica forgets the supervisor's groups", || async {
            let p = replica.authenticate(&sup.token).await.map_err(|e| format!("{e:?}"))?;
            if p.actor().supervises.is_empty() { Ok(()) } else { Err(format!("{:?}", p.actor().supervises)) }
        })
        .await;
    }
}

async fn lists_read_only_what_was_selected(b: Backend) {
    let Company { s, admin, sp1, .. } = company(b).await;
    let r = s
        .gql(
            Some(&admin.token),
            "mutation { createCustomField(entity: CUSTOMER, input: { key: \"budget\", label: \"预算\", type: NUMBER }) { id } }",
            json!({}),
        )
        .await;
    r.ok();
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation { createCustomer(input: { name: \"王芳\", custom: { budget: 5 } }) { id } }",
            json!({}),
        )
        .await;
    r.ok();
    // Everything selected, through a fragment: the same as before.
    let full = s
        .gql(
            Some(&sp1.token),
            "{ customers(first: 5) { edges { node { ...F } } } } \
             fragment F on Customer { name custom owner { displayName } createdBy { displayName } }",
            json!({}),
        )
        .await;
    let node = &full.ok()["customers"]["edges"][0]["node"];
    assert_eq!(node["custom"]["budget"], 5);
    assert!(!node["owner"]["displayName"].as_str().unwrap().is_empty());
    assert!(!node["createdBy"]["displayName"].as_str().unwrap().is_empty());
    // Without them, the rest is unchanged.
    let lean =
        s.gql(Some(&sp1.token), "{ customers(first: 5) { edges { node { name owner { id } } } } }", json!({})).await;
    let node = &lean.ok()["customers"]["edges"][0]["node"];
    assert_eq!(node["name"], "王芳");
    assert_eq!(node["owner"]["id"], sp1.user_id.as_str());
    // The pool's list too.
    let pool = s.gql(Some(&sp1.token), "{ pool(first: 5) { edges { node { name custom } } } }", json!({})).await;
    pool.ok();
}

/// Rows a page reads: `first` (50) and one more, to learn whether another follows.
const PAGE_ROWS: i64 = 51;

/// The plan's nodes that read more than a page: a sequential scan of
/// `customers`, or a sort of more than a page of rows.
fn plan_problems(node: &Value, out: &mut Vec<String>) {
    let kind = node["Node Type"].as_str().unwrap_or_default();
    let children = node["Plans"].as_array().cloned().unwrap_or_default();
    if kind == "Seq Scan" && node["Relation Name"] == "customers" {
        out.push(format!("a sequential scan of customers ({} rows)", node["Actual Rows"]));
    }
    if kind.ends_with("Sort") {
        let input: i64 = children.iter().map(|c| c["Actual Rows"].as_i64().unwrap_or(0)).max().unwrap_or(0);
        if input > PAGE_ROWS {
            out.push(format!("{kind} of {input} rows"));
        }
    }
    for c in &children {
        plan_problems(c, out);
    }
}

/// Every sort of every list a role reads (a salesperson's own customers, an
/// admin's, a supervisor's group, an owner's, the pool) and the canned date
/// windows, on 30,000 customers of ten salespeople: each page is read off
/// an index. Status and grade sort by their display order (a `CASE`), which
/// no index holds: those sorts read all matching rows and are left out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_list_reads_a_page_off_an_index() {
    use guanxi_store::customers::{CustomerFilter, CustomerSort, DateWindow, SortField, explain_list};
    use guanxi_store::{Access, RequestMeta};
    use sea_orm::ConnectionTrait;

    let Company { s, admin, g1, sup, sp1, .. } = company(Backend::Postgres).await;
    for i in 0..8 {
        let group = if i % 2 == 0 { Some(g1.as_str()) } else { None };
        s.invite_and_accept(&admin, &format!("more{i}@acme.cn"), "SALESPERSON", group).await;
    }
    let owner = s.db.connect_owner().await;
    owner
        .execute_unprepared(&format!(
            r#"
            INSERT INTO customers (tenant_id, id, number, name, company, phones, phone_digits, gender, status, grade,
                tags, owner_id, last_contact_at, next_visit_at, released_at, custom, created_by, created_at, updated_at)
            SELECT t, gen_random_uuid(), 'KH' || lpad(i::text, 8, '0'), '客户' || i, '公司' || (i % 500),
                jsonb_build_array('1' || (3800000000 + i)::text), '1' || (3800000000 + i)::text, 'unknown',
                (ARRAY['prospect','intent','paused','deal','lost'])[1 + i % 5], 'normal', '[]'::jsonb,
                CASE WHEN i % 20 = 0 THEN NULL ELSE owners[1 + i % array_length(owners, 1)] END,
                CASE WHEN i % 3 = 0 THEN NULL ELSE now() - make_interval(mins => ((i * 37) % 86400)::int) END,
                CASE WHEN i % 4 = 0 THEN now() + make_interval(mins => ((i * 13) % 86400)::int) END,
                CASE WHEN i % 20 = 0 THEN now() - make_interval(mins => i) END,
                '{{}}'::jsonb, owners[1], now() - make_interval(mins => i), now() - make_interval(secs => i)
            FROM generate_series(1, 30000) AS i,
                 (SELECT '{tenant}'::uuid AS t,
                         array_agg(id ORDER BY id) AS owners FROM users
                  WHERE tenant_id = '{tenant}' AND role = 'salesperson') o;
            ANALYZE customers; ANALYZE users;
            "#,
            tenant = admin.tenant_id
        ))
        .await
        .unwrap();

    let sorts = [
        SortField::Name,
        SortField::Number,
        SortField::CreatedAt,
        SortField::UpdatedAt,
        SortField::LastContactAt,
        SortField::NextVisitAt,
        SortField::ReleasedAt,
    ];
    let uuid = |s: &str| uuid::Uuid::parse_str(s).unwrap();
    let lists: Vec<(&str, &Session, CustomerFilter)> = vec![
        ("a salesperson's own", &sp1, CustomerFilter::default()),
        ("an admin's", &admin, CustomerFilter::default()),
        (
            "an owner's, for an admin",
            &admin,
            CustomerFilter { owner_id: Some(guanxi_core::UserId(uuid(&sp1.user_id))), ..Default::default() },
        ),
        ("a supervisor's", &sup, CustomerFilter::default()),
        (
            "a supervisor's group",
            &sup,
            CustomerFilter { group_id: Some(guanxi_core::GroupId(uuid(&g1))), ..Default::default() },
        ),
        ("the pool", &sp1, CustomerFilter { in_pool: Some(true), ..Default::default() }),
    ];
    let mut problems = Vec::new();
    let mut check = async |label: String, who: &Session, filter: &CustomerFilter, sort: CustomerSort| {
        let p = s.store.authenticate(&who.token).await.unwrap();
        let tx = s.store.tenant_tx(&p, Access::Read, &RequestMeta::default()).await.unwrap();
        let plan = explain_list(&tx, filter, sort, PAGE_ROWS - 1).await.unwrap();
        tx.commit().await.unwrap();
        let mut found = Vec::new();
        plan_problems(&plan[0]["Plan"], &mut found);
        if !found.is_empty() {
            problems.push(format!("{label}: {}\n{:#}", found.join(", "), plan[0]["Plan"]));
        }
    };
    for (label, who, filter) in &lists {
        for field in sorts {
            if field == SortField::ReleasedAt && filter.in_pool != Some(true) {
                // Release order is the pool's; elsewhere it is mostly NULL.
                continue;
            }
            for descending in [false, true] {
                check(
                    format!("{label} by {field:?} desc={descending}"),
                    who,
                    filter,
                    CustomerSort::by(field, descending),
                )
                .await;
            }
        }
    }
    let canned = [
        (
            "contacted this week",
            CustomerFilter { contacted: Some(DateWindow::ThisWeek), ..Default::default() },
            SortField::LastContactAt,
        ),
        (
            "to visit this week",
            CustomerFilter { to_visit: Some(DateWindow::ThisWeek), ..Default::default() },
            SortField::NextVisitAt,
        ),
        (
            "added this month",
            CustomerFilter { added: Some(DateWindow::ThisMonth), ..Default::default() },
            SortField::CreatedAt,
        ),
    ];
    for (label, filter, field) in &canned {
        for who in [&sp1, &admin] {
            check(
                format!("{label} ({})", if who.user_id == admin.user_id { "admin" } else { "salesperson" }),
                who,
                filter,
                CustomerSort::by(*field, true),
            )
            .await;
        }
    }
    assert!(problems.is_empty(), "lists that read more than a page:\n{}", problems.join("\n\n"));
}

/// Records the statements requests send to the database: `sqlx` logs each
/// one it runs as an event of target `sqlx::query` (all but `BEGIN`, which
/// it sends unlogged; `COMMIT` counts), and the server handles each request
/// in a `request` span.
/// Background work (job runner, event dispatcher) runs outside such spans
/// and is not recorded.
#[derive(Clone, Default)]
struct Statements {
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    /// The one thread whose statements are recorded (the test's, on which
    /// its server runs); none before a test asks.
    thread: std::sync::Arc<std::sync::Mutex<Option<std::thread::ThreadId>>>,
}

impl Statements {
    /// The process's recorder, installed as the global subscriber the first
    /// time it is asked for, recording the calling thread's statements.
    /// Global rather than a thread's default: a callsite first hit on
    /// another thread while only a thread's default existed could have its
    /// interest cached as "never", and a whole run would go unrecorded.
    fn for_this_thread() -> Statements {
        use tracing_subscriber::layer::SubscriberExt;
        static GLOBAL: std::sync::OnceLock<Statements> = std::sync::OnceLock::new();
        let statements = GLOBAL
            .get_or_init(|| {
                let statements = Statements::default();
                tracing::subscriber::set_global_default(tracing_subscriber::registry().with(statements.clone()))
                    .expect("no other global subscriber in the tests");
                statements
            })
            .clone();
        *statements.thread.lock().expect("thread") = Some(std::thread::current().id());
        statements
    }

    /// The statements recorded since `from` (a length taken earlier).
    fn since(&self, from: usize) -> Vec<String> {
        self.seen.lock().expect("statements").get(from..).map(<[String]>::to_vec).unwrap_or_default()
    }

    fn len(&self) -> usize {
        self.seen.lock().expect("statements").len()
    }
}

/// The start of a statement's text (`sqlx` puts its first words in a
/// `summary` field).
#[derive(Default)]
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            value.clone_into(&mut self.0);
        }
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            self.0 = format!("{value:?}");
        }
    }
}

impl<S> tracing_subscriber::Layer<S> for Statements
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    /// Statements and request spans, asked each time (the answer depends on
    /// the thread); nothing else. The subscriber is the whole test
    /// process's: other tests' statements stay disabled, so `sqlx` does not
    /// format them for a log no one reads.
    fn register_callsite(&self, metadata: &'static tracing::Metadata<'static>) -> tracing::subscriber::Interest {
        if recorded(metadata) {
            tracing::subscriber::Interest::sometimes()
        } else {
            tracing::subscriber::Interest::never()
        }
    }

    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: tracing_subscriber::layer::Context<'_, S>) -> bool {
        recorded(metadata) && *self.thread.lock().expect("thread") == Some(std::thread::current().id())
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        if ctx.event_scope(event).is_some_and(|mut spans| spans.any(|span| span.name() == "request")) {
            let mut summary = Summary::default();
            event.record(&mut summary);
            self.seen.lock().expect("statements").push(summary.0);
        }
    }
}

/// What [`Statements`] records: `sqlx`'s statements and the server's
/// request spans.
fn recorded(metadata: &tracing::Metadata<'_>) -> bool {
    metadata.target() == "sqlx::query" || (metadata.is_span() && metadata.name() == "request")
}

/// Statements a pooled connection sends once, when it is opened (its role),
/// whichever request happens to open it: not part of any request's cost.
fn per_request(statements: Vec<String>) -> Vec<String> {
    statements.into_iter().filter(|s| !s.starts_with("SET ROLE")).collect()
}

/// `{ me { user { id } } }` sends no statement beyond what `{ __typename }`
/// sends (authentication, from the cache): the caller's id is in the
/// verified credential. Selecting more of the user or the tenant reads them.
///
/// Single-threaded on purpose: the server runs on this test's runtime, so
/// a thread-local subscriber sees every statement of its requests.
#[tokio::test]
async fn me_costs_no_statement_beyond_authentication() {
    let Company { s, sp1, .. } = company(Backend::Postgres).await;
    cached(&s, &sp1).await;
    let statements = Statements::for_this_thread();
    // The median of several runs, so that one run's outlier does not count
    // either way: a credential dropped from the cache meanwhile (and read
    // again) adds statements, and an event another test's thread raced
    // past tracing's callsite registration can go unrecorded. Each run's
    // statements are kept for the failure message.
    let cost = async |query: &str| {
        let mut runs = Vec::new();
        for _ in 0..7 {
            let before = statements.len();
            let r = s.gql(Some(&sp1.token), query, json!({})).await;
            assert!(r.body["errors"].is_null(), "{query}: {:#}", r.body);
            runs.push(per_request(statements.since(before)));
        }
        let mut by_length: Vec<&Vec<String>> = runs.iter().collect();
        by_length.sort_by_key(|r| r.len());
        let median = by_length.get(by_length.len() / 2).map(|r| (*r).clone()).unwrap_or_default();
        (median.len(), median, format!("{query}: {runs:#?}"))
    };
    let (typename, _, typename_runs) = cost("{ __typename }").await;
    let (me, _, me_runs) = cost("{ me { user { id } } }").await;
    let (me_role, _, me_role_runs) =
        cost("{ me { user { ...U } authMethod canWrite } } fragment U on User { id role }").await;
    let (full, _, full_runs) = cost("{ me { user { id displayName } tenant { name } } }").await;
    let (user_only, _, user_only_runs) = cost("{ me { user { email } } }").await;
    // The app's banner asks for the subscription's standing with the user:
    // one transaction (one COMMIT) reads both.
    let (_, with_standing, standing_runs) = cost("{ me { user { email } subscription { state } } }").await;
    let commits = with_standing.iter().filter(|s| s.starts_with("COMMIT")).count();
    assert_eq!(commits, 1, "the user and the standing in one transaction:\n{standing_runs}");
    assert_eq!(me, typename, "`me {{ user {{ id }} }}` costs more than `__typename`:\n{me_runs}\n{typename_runs}");
    assert_eq!(me_role, typename, "id, role, authMethod and canWrite come from the credential:\n{me_role_runs}");
    // The counter does see statements: the user and the tenant are read in
    // one transaction (the tenant setting, the user, the tenant and its
    // slug, COMMIT; BEGIN is not counted), the user alone with one read.
    assert_eq!(full, typename + 5, "a full `me`:\n{full_runs}\n{typename_runs}");
    assert_eq!(user_only, typename + 3, "`me` with the user's e-mail:\n{user_only_runs}\n{typename_runs}");
    let r = s.gql(Some(&sp1.token), "{ me { user { id role } } }", json!({})).await;
    assert_eq!(r.ok()["me"]["user"], json!({ "id": sp1.user_id, "role": "SALESPERSON" }));
}

backend_tests!(
    logout_refuses_the_cached_session_at_once_everywhere,
    deactivation_refuses_sessions_and_keys_at_once,
    revoked_api_key_is_refused_at_once,
    role_and_group_changes_apply_to_the_next_request,
    lists_read_only_what_was_selected,
);
