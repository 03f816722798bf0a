//! Sales operations end to end, on both backends, with the passes run at
//! chosen instants instead of waiting for them: pool rules (公海回收) at
//! their boundaries on the company's calendar (day N−1, N, N+1, a contact
//! just before and just after midnight, a daylight-saving change in a New
//! York company), with the warning, the protection period and locked
//! customers; the holding cap on assignments and transfers; fair
//! assignment by weighted round robin and least busy, with people away or
//! at the cap passed over, the reason recorded on the customer, and two
//! replicas assigning at once; and the daily reminders at each person's
//! time, never twice for the same occasion.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use guanxi_server::Config;
use guanxi_tests::{Backend, Company, Session, TestServer, backend_tests, company_on, eventually};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::pool::{raw, raw_count};

const CREATE: &str = "mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishWorkflow(id: $id) { workflow { id state } } }";

fn quick(c: &mut Config) {
    c.workflows_poll_ms = 20;
}

fn uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

fn local(tz: Tz, d: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    tz.from_local_datetime(&d.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()))
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn template(s: &TestServer, who: &Session, key: &str) -> Value {
    let r = s.gql(Some(&who.token), "{ workflowTemplates { key category name nameEn definition } }", json!({})).await;
    let all = r.ok()["workflowTemplates"].as_array().unwrap().clone();
    all.into_iter().find(|t| t["key"] == key).unwrap_or_else(|| panic!("no template {key}"))["definition"].clone()
}

async fn workflow(s: &TestServer, who: &Session, name: &str, definition: Value) -> String {
    let r = s.gql(Some(&who.token), CREATE, json!({ "i": { "name": name, "definition": definition } })).await;
    let id = r.ok()["createWorkflow"]["id"].as_str().unwrap().to_owned();
    let p = s.gql(Some(&who.token), PUBLISH, json!({ "id": id })).await;
    assert_eq!(p.ok()["publishWorkflow"]["workflow"]["state"], "ACTIVE");
    id
}

/// Set a customer's timestamps as if time had passed (as the database owner).
async fn set_time(s: &TestServer, customer: &str, column: &str, at: DateTime<Utc>) {
    let sql = format!("UPDATE customers SET {column} = $1 WHERE id = $2");
    raw(s, &sql, vec![at.into(), uuid(customer).into()]).await;
}

/// The (customer, stage) of every run of a pool rule so far.
async fn stages(s: &TestServer, wf: &str) -> Vec<(String, String)> {
    let db = s.db.connect_owner().await;
    use sea_orm::ConnectionTrait;
    let backend = db.get_database_backend();
    let sql = if backend == sea_orm::DbBackend::Sqlite {
        "SELECT customer_id, trigger FROM workflow_runs WHERE workflow_id = ?"
    } else {
        "SELECT customer_id, trigger FROM workflow_runs WHERE workflow_id = $1"
    };
    let rows = db.query_all(sea_orm::Statement::from_sql_and_values(backend, sql, [uuid(wf).into()])).await.unwrap();
    let mut out: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            let c: Option<Uuid> = r.try_get("", "customer_id").unwrap();
            let t: Value = r.try_get("", "trigger").unwrap();
            (c.unwrap().to_string(), t["stage"].as_str().unwrap().to_owned())
        })
        .collect();
    out.sort();
    out
}

fn expect(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs.iter().map(|(c, s)| ((*c).to_owned(), (*s).to_owned())).collect();
    v.sort();
    v
}

async fn customer(s: &TestServer, who: &Session, id: &str) -> Value {
    let q = "query($id: ID!) { customer(id: $id) { id locked ownedSince owner { id } \
             release { reason releasedBy { id } } history(limit: 50) { field newValue actor { id } } } }";
    s.gql(Some(&who.token), q, json!({ "id": id })).await.ok()["customer"].clone()
}

async fn lock(s: &TestServer, who: &Session, id: &str, locked: bool) -> guanxi_tests::Gql {
    s.gql(
        Some(&who.token),
        "mutation($id: ID!, $l: Boolean!) { setCustomerLocked(id: $id, locked: $l) { id locked } }",
        json!({ "id": id, "l": locked }),
    )
    .await
}

async fn pool_rules_warn_then_reclaim_on_the_company_calendar(b: Backend) {
    let Company { s, admin, sp1, sp2, .. } = company_on(b, quick).await;
    let tz: Tz = "Asia/Shanghai".parse().unwrap();
    let def = template(&s, &admin, "pool.no_contact").await;
    assert_eq!(def["trigger"]["noContactDays"], 30);
    assert_eq!(def["trigger"]["warnDays"], 3);
    assert_eq!(def["trigger"]["protectDays"], 7);
    let wf = workflow(&s, &admin, "30天未跟进", def).await;

    let l = day(2027, 1, 10);
    // Last talked to at 23:30 on day L, and at 00:10 the day after: one
    // calendar day apart though 40 minutes apart.
    let late = s.create_customer(&sp1, "深夜联系").await;
    set_time(&s, &late, "last_contact_at", local(tz, l, 23, 30)).await;
    let early = s.create_customer(&sp1, "凌晨联系").await;
    set_time(&s, &early, "last_contact_at", local(tz, l.succ_opt().unwrap(), 0, 10)).await;
    let locked = s.create_customer(&sp1, "锁定客户").await;
    set_time(&s, &locked, "last_contact_at", local(tz, l, 23, 30)).await;
    assert_eq!(lock(&s, &sp1, &locked, true).await.error()["extensions"]["code"], "FORBIDDEN");
    assert_eq!(lock(&s, &admin, &locked, true).await.ok()["setCustomerLocked"]["locked"], true);
    // Claimed on day L+27: protected for 7 days.
    let claimed = s.create_customer(&sp2, "刚领取").await;
    set_time(&s, &claimed, "last_contact_at", local(tz, l, 23, 30)).await;
    set_time(&s, &claimed, "owned_since", local(tz, l + chrono::Days::new(27), 10, 0)).await;

    let pass = async |n: u64| {
        s.store.fire_workflow_timers(local(tz, l + chrono::Days::new(n), 2, 1), 1000).await.unwrap();
        stages(&s, &wf).await
    };
    assert_eq!(pass(26).await, expect(&[]), "day N−W−1: nothing");
    assert_eq!(pass(27).await, expect(&[(&late, "warning")]), "day N−W: the warning");
    assert_eq!(pass(28).await, expect(&[(&late, "warning"), (&early, "warning")]));
    // The warnings go out (in the app and by mail) days before the reclaims.
    let then = local(tz, l + chrono::Days::new(28), 2, 5);
    s.clock().advance((then - s.clock().now()).to_std().unwrap());
    eventually(40, "one warning mail per customer", || async {
        s.tick_workflows().await;
        let mails = raw_count(
            &s,
            "SELECT count(*) AS n FROM mail_outbox WHERE kind = 'workflow' AND to_address = $1",
            vec!["sp1@acme.cn".into()],
        )
        .await;
        if mails == 2 { Ok(()) } else { Err(format!("{mails} mails")) }
    })
    .await;
    assert_eq!(pass(29).await, expect(&[(&late, "warning"), (&early, "warning")]), "day N−1: nothing more");
    let on_n = expect(&[(&late, "warning"), (&late, "reclaim"), (&early, "warning")]);
    assert_eq!(pass(30).await, on_n, "day N: the reclaim");
    // Day N+1: the customers not yet moved qualify again, but each stretch
    // of neglect starts one run of each stage.
    let after = expect(&[
        (&late, "warning"),
        (&late, "reclaim"),
        (&early, "warning"),
        (&early, "reclaim"),
        (&claimed, "warning"),
    ]);
    assert_eq!(pass(31).await, after, "day N+1");

    // Let the runs happen.
    let then = local(tz, l + chrono::Days::new(31), 2, 5);
    s.clock().advance((then - s.clock().now()).to_std().unwrap());
    eventually(40, "the reclaims", || async {
        s.tick_workflows().await;
        let c = customer(&s, &admin, &early).await;
        if c["owner"].is_null() { Ok(()) } else { Err(format!("{c:#}")) }
    })
    .await;
    let c = customer(&s, &admin, &late).await;
    assert!(c["owner"].is_null(), "{c:#}");
    assert_eq!(c["release"]["reason"], "规则回收 Rule: 30天未跟进");
    assert_eq!(c["release"]["releasedBy"]["id"], admin.user_id.as_str(), "the workflow's acting user");
    assert!(c["history"].as_array().unwrap().iter().any(|h| h["field"] == "releaseReason"), "{c:#}");
    let c = customer(&s, &admin, &locked).await;
    assert_eq!(c["owner"]["id"], sp1.user_id.as_str(), "a locked customer stays");
    assert_eq!(customer(&s, &admin, &claimed).await["owner"]["id"], sp2.user_id.as_str(), "still protected");
    // The owner of the customer still protected was warned too.
    let titles = eventually(40, "the last warning", || async {
        s.tick_workflows().await;
        let n = s.gql(Some(&sp2.token), "{ notifications(first: 20) { nodes { title } } }", json!({})).await;
        let titles = n.ok()["notifications"]["nodes"].to_string();
        if titles.contains("刚领取 将在 3 天后回收到公海") { Ok(titles) } else { Err(titles) }
    })
    .await;
    assert!(!titles.is_empty());

    // A customer long neglected that the rule never warned of (as when a
    // rule is published, or after passes that did not run): warned on the
    // next pass and reclaimed only `warnDays` days after that.
    let forgotten = s.create_customer(&sp1, "久未联系").await;
    set_time(&s, &forgotten, "last_contact_at", local(tz, l, 9, 0)).await;
    set_time(&s, &forgotten, "owned_since", local(tz, l, 9, 0)).await;
    let of = |all: Vec<(String, String)>| -> Vec<String> {
        all.into_iter().filter(|(c, _)| *c == forgotten).map(|(_, stage)| stage).collect()
    };
    assert_eq!(of(pass(32).await), ["warning"], "warned first, not reclaimed");
    assert_eq!(of(pass(34).await), ["warning"], "W−1 days after the warning: not yet");
    assert_eq!(of(pass(35).await), ["reclaim", "warning"], "W days after the warning: reclaimed");
}

async fn pool_rules_count_days_across_daylight_saving(b: Backend) {
    let s = TestServer::start_with(b, quick).await;
    let admin = s.sign_up_in("nyc", "America/New_York").await;
    let tz: Tz = "America/New_York".parse().unwrap();
    let def = json!({
        "trigger": { "type": "idle", "noContactDays": 2, "at": "00:30" },
        "steps": [ { "type": "move_to_pool", "reason": "{{workflow.name}}" } ],
    });
    let wf = workflow(&s, &admin, "two days", def).await;
    // Clocks spring forward at 02:00 on 14 March 2027.
    let before = s.create_customer(&admin, "before midnight").await;
    set_time(&s, &before, "last_contact_at", local(tz, day(2027, 3, 13), 23, 30)).await;
    let after = s.create_customer(&admin, "after midnight").await;
    set_time(&s, &after, "last_contact_at", local(tz, day(2027, 3, 14), 0, 10)).await;
    let pass = async |d: NaiveDate| {
        s.store.fire_workflow_timers(local(tz, d, 0, 31), 1000).await.unwrap();
        stages(&s, &wf).await
    };
    assert_eq!(pass(day(2027, 3, 14)).await, expect(&[]));
    assert_eq!(pass(day(2027, 3, 15)).await, expect(&[(&before, "reclaim")]), "two calendar days, one of 23 hours");
    assert_eq!(pass(day(2027, 3, 16)).await, expect(&[(&before, "reclaim"), (&after, "reclaim")]));
}

async fn pool_rule_definitions_are_checked(b: Backend) {
    let Company { s, admin, .. } = company_on(b, quick).await;
    let bad = json!({
        "trigger": { "type": "idle", "warnDays": 5, "grades": ["gold"], "statuses": ["x"], "at": "25:00" },
        "steps": [ { "type": "move_to_pool", "reason": "x" } ],
    });
    let r = s.gql(Some(&admin.token), CREATE, json!({ "i": { "name": "bad", "definition": bad } })).await;
    assert_eq!(r.error()["extensions"]["code"], "VALIDATION_FAILED");
    let fields: Vec<String> = r.error()["extensions"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    for f in [
        "definition.trigger.noContactDays",
        "definition.trigger.warnDays",
        "definition.trigger.grades.0",
        "definition.trigger.statuses.0",
        "definition.trigger.at",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    let bad = json!({
        "trigger": { "type": "manual" },
        "steps": [ { "type": "assign", "people": [ { "id": Uuid::now_v7(), "weight": 0 } ],
                     "rules": [ { "condition": { "type": "compare", "field": "industry", "op": "eq", "value": "x" },
                                  "people": [] } ] } ],
    });
    let r = s.gql(Some(&admin.token), CREATE, json!({ "i": { "name": "bad", "definition": bad } })).await;
    let fields = r.error()["extensions"]["fields"].to_string();
    for f in ["definition.steps.0.people.0.weight", "definition.steps.0.rules.0.people"] {
        assert!(fields.contains(f), "{f} in {fields}");
    }
    // Another company's person cannot be named to receive customers.
    let other = s.sign_up("rival").await;
    let theirs = json!({
        "trigger": { "type": "manual" },
        "steps": [ { "type": "assign", "people": [ { "id": other.user_id } ] } ],
    });
    let r = s.gql(Some(&admin.token), CREATE, json!({ "i": { "name": "theirs", "definition": theirs } })).await;
    assert_eq!(r.error()["extensions"]["code"], "VALIDATION_FAILED");
    assert_eq!(r.error()["extensions"]["fields"][0]["field"], "definition.steps.0.people.0.id");
    // Every template is a definition that is accepted as it is.
    let r = s.gql(Some(&admin.token), "{ workflowTemplates { key definition } }", json!({})).await;
    for t in r.ok()["workflowTemplates"].as_array().unwrap() {
        let r = s
            .gql(Some(&admin.token), CREATE, json!({ "i": { "name": t["key"], "definition": t["definition"] } }))
            .await;
        r.ok();
    }
}

async fn set_cap(s: &TestServer, admin: &Session, max_held: u32) {
    s.gql(
        Some(&admin.token),
        "mutation($i: TenantSettingsInput!) { updateTenantSettings(input: $i) { pool { maxHeld } } }",
        json!({ "i": { "pool": { "maxHeld": max_held } } }),
    )
    .await
    .ok();
}

async fn the_holding_cap_applies_to_assignments_and_transfers(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, .. } = company_on(b, quick).await;
    set_cap(&s, &admin, 2).await;
    s.create_customer(&sp1, "一").await;
    s.create_customer(&sp1, "二").await;
    let theirs = s.create_customer(&sp2, "三").await;
    let lead = pool_customers(&s, &admin, 1).await.remove(0);
    let assign = async |who: &Session, id: &str, over: bool| {
        s.gql(
            Some(&who.token),
            "mutation($ids: [ID!]!, $to: ID!, $o: Boolean) { assignCustomers(ids: $ids, toUserId: $to, overrideCap: $o) { id owner { id } } }",
            json!({ "ids": [id], "to": sp1.user_id, "o": over }),
        )
        .await
    };
    let r = assign(&admin, &theirs, false).await;
    assert_eq!(r.error()["extensions"]["code"], "LIMIT_REACHED");
    assert_eq!(r.error()["extensions"]["limit"], "pool.maxHeld");
    let edit = s
        .gql(
            Some(&admin.token),
            "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }",
            json!({ "id": theirs, "i": { "ownerId": sp1.user_id } }),
        )
        .await;
    assert_eq!(edit.error()["extensions"]["code"], "LIMIT_REACHED", "an edit that gives a customer is capped too");
    let t = s
        .gql(
            Some(&admin.token),
            "mutation($f: ID!, $t: ID!) { transferCustomers(fromUserId: $f, toUserId: $t) }",
            json!({ "f": sp2.user_id, "t": sp1.user_id }),
        )
        .await;
    assert_eq!(t.error()["extensions"]["code"], "LIMIT_REACHED");
    assert_eq!(customer(&s, &admin, &theirs).await["owner"]["id"], sp2.user_id.as_str(), "nothing moved");
    // A supervisor assigns within the group, capped; only an admin overrides.
    let r = assign(&sup, &lead, false).await;
    assert_eq!(r.error()["extensions"]["code"], "LIMIT_REACHED");
    let r = assign(&sup, &lead, true).await;
    assert_eq!(r.error()["extensions"]["code"], "FORBIDDEN");
    let r = assign(&admin, &theirs, true).await;
    assert_eq!(r.ok()["assignCustomers"][0]["owner"]["id"], sp1.user_id.as_str());
}

async fn run_manual(s: &TestServer, who: &Session, wf: &str, c: &str) -> String {
    let r = s
        .gql(
            Some(&who.token),
            "mutation($w: ID!, $c: ID!) { runWorkflow(workflowId: $w, customerId: $c) { id } }",
            json!({ "w": wf, "c": c }),
        )
        .await;
    r.ok()["runWorkflow"]["id"].as_str().unwrap().to_owned()
}

/// Wait until the run is in `status`; the run with its steps' outputs.
async fn run_until(s: &TestServer, who: &Session, run: &str, status: &str) -> Value {
    eventually(40, &format!("run {run} {status}"), || async {
        s.tick_workflows().await;
        let r = s
            .gql(
                Some(&who.token),
                "query($id: ID!) { workflowRun(id: $id) { status error steps { output } } }",
                json!({ "id": run }),
            )
            .await;
        let r = r.ok()["workflowRun"].clone();
        if r["status"] == status { Ok(r) } else { Err(format!("{r}")) }
    })
    .await
}

async fn owners(s: &TestServer, who: &Session, ids: &[String]) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for id in ids {
        let c = customer(s, who, id).await;
        let o = c["owner"]["id"].as_str().unwrap_or("pool").to_owned();
        *out.entry(o).or_default() += 1;
    }
    out
}

/// Pool customers created by the admin.
async fn pool_customers(s: &TestServer, admin: &Session, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let r = s
            .gql(
                Some(&admin.token),
                "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
                json!({ "i": { "name": format!("线索{i}"), "ownerId": null } }),
            )
            .await;
        ids.push(r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned());
    }
    ids
}

async fn assignment_is_fair_skips_who_cannot_take_and_says_why(b: Backend) {
    let Company { s, admin, sp1, sp2, sup, .. } = company_on(b, quick).await;
    let wf = workflow(
        &s,
        &admin,
        "轮流分配",
        json!({ "trigger": { "type": "manual" },
                "steps": [ { "type": "assign", "strategy": "round_robin",
                             "people": [ { "id": sp1.user_id, "weight": 2 }, { "id": sp2.user_id } ] } ] }),
    )
    .await;
    let leads = pool_customers(&s, &admin, 6).await;
    for c in &leads {
        run_manual(&s, &admin, &wf, c).await;
    }
    eventually(40, "six assigned", || async {
        s.tick_workflows().await;
        let o = owners(&s, &admin, &leads).await;
        if !o.contains_key("pool") { Ok(o) } else { Err(format!("{o:?}")) }
    })
    .await;
    let o = owners(&s, &admin, &leads).await;
    assert_eq!((o[&sp1.user_id], o[&sp2.user_id]), (4, 2), "weights 2:1");
    let c = customer(&s, &admin, &leads[0]).await;
    let why = c["history"].as_array().unwrap().iter().find(|h| h["field"] == "assignmentReason").cloned();
    let why = why.unwrap_or_else(|| panic!("no reason: {c:#}"));
    assert!(why["newValue"].as_str().unwrap().contains("round robin"), "{why}");

    // sp2 is away: the next ones all go to sp1; then sp1 is at the cap.
    let r = s
        .gql(
            Some(&sp2.token),
            "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { awayUntil } }",
            json!({ "id": sp2.user_id, "i": { "awayUntil": "2099-01-01T00:00:00Z" } }),
        )
        .await;
    assert_eq!(r.ok()["updateUser"]["awayUntil"], "2099-01-01T00:00:00+00:00");
    let more = pool_customers(&s, &admin, 2).await;
    for c in &more {
        run_manual(&s, &admin, &wf, c).await;
    }
    eventually(40, "two more", || async {
        s.tick_workflows().await;
        let o = owners(&s, &admin, &more).await;
        if o.get(&sp1.user_id) == Some(&2) { Ok(()) } else { Err(format!("{o:?}")) }
    })
    .await;
    set_cap(&s, &admin, 6).await;
    let last = pool_customers(&s, &admin, 1).await;
    let run = run_manual(&s, &admin, &wf, &last[0]).await;
    let r = run_until(&s, &admin, &run, "FAILED").await;
    assert!(r["error"].as_str().unwrap().contains("nobody"), "{r}");
    assert_eq!(owners(&s, &admin, &last).await.get("pool"), Some(&1), "it stays in the pool");

    // Least busy: sup holds nothing open.
    let wf2 = workflow(
        &s,
        &admin,
        "最空闲",
        json!({ "trigger": { "type": "manual" },
                "steps": [ { "type": "assign", "strategy": "least_busy",
                             "people": [ { "id": sp1.user_id }, { "id": sup.user_id } ] } ] }),
    )
    .await;
    run_manual(&s, &admin, &wf2, &last[0]).await;
    let c = eventually(40, "least busy", || async {
        s.tick_workflows().await;
        let c = customer(&s, &admin, &last[0]).await;
        if c["owner"]["id"] == sup.user_id.as_str() { Ok(c) } else { Err(format!("{c}")) }
    })
    .await;
    let why = c["history"].as_array().unwrap().iter().filter(|h| h["field"] == "assignmentReason").count();
    assert_eq!(why, 1, "{c:#}");
}

async fn two_replicas_assign_fairly_and_once(b: Backend) {
    // No worker of the server's own: two stores on the one database claim
    // and advance the runs at the same time.
    let Company { s, admin, sp1, sp2, .. } = company_on(b, |c| {
        quick(c);
        c.jobs_concurrency = 0;
    })
    .await;
    let wf = workflow(
        &s,
        &admin,
        "轮流分配",
        json!({ "trigger": { "type": "manual" },
                "steps": [ { "type": "assign", "people": [ { "id": sp1.user_id, "weight": 2 }, { "id": sp2.user_id } ] } ] }),
    )
    .await;
    let leads = pool_customers(&s, &admin, 30).await;
    for c in &leads {
        run_manual(&s, &admin, &wf, c).await;
    }
    struct NoHttp;
    impl guanxi_store::workflows::Outbound for NoHttp {
        fn post(
            &self,
            _: guanxi_store::workflows::OutboundRequest,
        ) -> guanxi_store::workflows::engine::OutboundFuture<'_> {
            Box::pin(async { Err("no".to_owned()) })
        }
    }
    let mut workers = Vec::new();
    for i in 0..2 {
        // On PostgreSQL two stores are two replicas; SQLite is one process's
        // embedded database, where two workers share its one store.
        let store = match b {
            Backend::Postgres => {
                guanxi_store::Store::connect(&s.db.url, guanxi_store::StoreConfig::default()).await.unwrap()
            }
            Backend::Sqlite => s.store.clone(),
        };
        workers.push(tokio::spawn(async move {
            let name = format!("replica-{i}");
            let mut done = 0;
            loop {
                let now = Utc::now() + chrono::Duration::seconds(1);
                let Some(run) = store.claim_workflow_run(&name, Duration::from_secs(60), now).await.unwrap() else {
                    break;
                };
                while let guanxi_store::workflows::Advance::Waiting(_) =
                    store.advance_workflow_run(&run, now, &NoHttp).await.unwrap()
                {}
                done += 1;
            }
            done
        }));
    }
    let mut total = 0;
    for w in workers {
        total += w.await.unwrap();
    }
    assert_eq!(total, 30);
    let o = owners(&s, &admin, &leads).await;
    assert_eq!((o[&sp1.user_id], o[&sp2.user_id]), (20, 10), "fair totals: {o:?}");
    // Each customer was assigned once: one owner change each.
    let moves = raw_count(
        &s,
        "SELECT count(*) AS n FROM customer_history WHERE field = 'assignmentReason' AND tenant_id = $1",
        vec![uuid(&admin.tenant_id).into()],
    )
    .await;
    assert_eq!(moves, 30);
    let counted = raw_count(
        &s,
        "SELECT CAST(coalesce(sum(assigned), 0) AS BIGINT) AS n FROM assignment_counters WHERE workflow_id = $1",
        vec![uuid(&wf).into()],
    )
    .await;
    assert_eq!(counted, 30);
}

async fn notifications_of(s: &TestServer, who: &Session) -> Vec<Value> {
    let r = s.gql(Some(&who.token), "{ notifications(first: 100) { nodes { kind title } } }", json!({})).await;
    r.ok()["notifications"]["nodes"].as_array().unwrap().iter().filter(|n| n["kind"] == "REMINDER").cloned().collect()
}

async fn reminders_come_at_each_persons_time_once_per_occasion(b: Backend) {
    let Company { mut s, admin, sp1, .. } = company_on(b, quick).await;
    let tz: Tz = "Asia/Shanghai".parse().unwrap();
    let d = day(2027, 2, 1);
    // A contract end field announced 7 days ahead.
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }",
            json!({ "i": { "key": "contract_end", "label": "合同到期", "type": "DATE" } }),
        )
        .await;
    r.ok();
    let r = s
        .gql(
            Some(&admin.token),
            "mutation($i: TenantSettingsInput!) { updateTenantSettings(input: $i) { reminders { vipIdleDays } } }",
            json!({ "i": { "reminders": { "birthdays": true, "vipIdleDays": 10,
                                          "dateFields": [ { "field": "contract_end", "daysBefore": 7 } ] } } }),
        )
        .await;
    assert_eq!(r.ok()["updateTenantSettings"]["reminders"]["vipIdleDays"], 10);
    let bad = s
        .gql(
            Some(&admin.token),
            "mutation($i: TenantSettingsInput!) { updateTenantSettings(input: $i) { reminders { vipIdleDays } } }",
            json!({ "i": { "reminders": { "birthdays": true, "vipIdleDays": 10,
                                          "dateFields": [ { "field": "nope", "daysBefore": 7 } ] } } }),
        )
        .await;
    assert_eq!(bad.error()["extensions"]["fields"][0]["field"], "reminders.dateFields.0.field");

    // sp1 wants reminders at 09:00.
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { reminderTime } }",
            json!({ "id": sp1.user_id, "i": { "reminderTime": "9:00" } }),
        )
        .await;
    assert_eq!(r.ok()["updateUser"]["reminderTime"], "09:00");
    let bad = s
        .gql(
            Some(&sp1.token),
            "mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { reminderTime } }",
            json!({ "id": sp1.user_id, "i": { "reminderTime": "noon" } }),
        )
        .await;
    assert_eq!(bad.error()["extensions"]["code"], "VALIDATION_FAILED");

    let update = async |id: &str, input: Value| {
        s.gql(
            Some(&sp1.token),
            "mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }",
            json!({ "id": id, "i": input }),
        )
        .await
        .ok();
    };
    let visit = s.create_customer(&sp1, "今天拜访").await;
    update(&visit, json!({ "nextVisitAt": local(tz, d, 15, 0) })).await;
    let born = s.create_customer(&sp1, "生日客户").await;
    update(&born, json!({ "birthday": "1990-02-01" })).await;
    let contract = s.create_customer(&sp1, "合同客户").await;
    update(&contract, json!({ "custom": { "contract_end": "2027-02-08" } })).await;
    let vip = s.create_customer(&sp1, "VIP客户").await;
    update(&vip, json!({ "grade": "VIP" })).await;
    set_time(&s, &vip, "last_contact_at", local(tz, d - chrono::Days::new(10), 11, 0)).await;
    let other = s.create_customer(&sp1, "普通客户").await;
    update(&other, json!({ "nextVisitAt": local(tz, d + chrono::Days::new(1), 15, 0) })).await;
    let r = s
        .gql(
            Some(&sp1.token),
            "mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { id } }",
            json!({ "i": { "subject": "周会", "start": local(tz, d, 14, 0), "end": local(tz, d, 15, 0) } }),
        )
        .await;
    r.ok();

    let fire = async |s: &TestServer, at: DateTime<Utc>| s.store.fire_reminders(at, 100).await.unwrap();
    fire(&s, local(tz, d, 8, 59)).await;
    assert!(notifications_of(&s, &sp1).await.is_empty(), "not before 09:00");
    fire(&s, local(tz, d, 9, 1)).await;
    let got = notifications_of(&s, &sp1).await;
    let titles: Vec<&str> = got.iter().map(|n| n["title"].as_str().unwrap()).collect();
    for want in [
        "今天拜访 今天拜访",
        "今天是 生日客户 的生日",
        "合同客户 的合同到期快到了",
        "VIP 客户 VIP客户 已 10 天未联系",
        "今天的计划：周会",
    ] {
        assert!(titles.contains(&want), "{want} in {titles:?}");
    }
    assert_eq!(got.len(), 5, "{titles:?}");
    let digests = raw_count(
        &s,
        "SELECT count(*) AS n FROM mail_outbox WHERE kind = 'reminder' AND to_address = $1",
        vec!["sp1@acme.cn".into()],
    )
    .await;
    assert_eq!(digests, 1, "one digest mail");

    // The same day again (a replica, or a restart that lost the day's mark):
    // nothing twice.
    raw(&s, "UPDATE users SET reminded_on = NULL", vec![]).await;
    raw(&s, "UPDATE reminder_timers SET next_at = $1", vec![local(tz, d, 9, 0).into()]).await;
    s.restart().await;
    fire(&s, local(tz, d, 9, 30)).await;
    assert_eq!(notifications_of(&s, &sp1).await.len(), 5);
    // The next day: only the new occasions (the other customer's visit; the
    // plan is overdue now), and a plan reminder for the overdue plan.
    fire(&s, local(tz, d + chrono::Days::new(1), 9, 1)).await;
    let got = notifications_of(&s, &sp1).await;
    let titles: Vec<&str> = got.iter().map(|n| n["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"今天拜访 普通客户"), "{titles:?}");
    assert!(titles.contains(&"逾期计划：周会"), "{titles:?}");
    assert_eq!(got.len(), 7, "{titles:?}");
    let _ = admin;
}

async fn care_mails_go_on_holidays_and_honour_unsubscribing(b: Backend) {
    let Company { s, admin, sp1, .. } = company_on(b, quick).await;
    let tz: Tz = "Asia/Shanghai".parse().unwrap();
    let def = template(&s, &admin, "care.spring_festival").await;
    let wf = workflow(&s, &admin, "春节问候", def).await;
    let mut with_mail = Vec::new();
    for (name, email) in [("甲", "jia@example.cn"), ("乙", "yi@example.cn")] {
        let r = s
            .gql(
                Some(&sp1.token),
                "mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }",
                json!({ "i": { "name": name, "email": email } }),
            )
            .await;
        with_mail.push(r.ok()["createCustomer"]["id"].as_str().unwrap().to_owned());
    }
    s.create_customer(&sp1, "没有邮箱").await;
    let runs = async || {
        raw_count(&s, "SELECT count(*) AS n FROM workflow_runs WHERE workflow_id = $1", vec![uuid(&wf).into()]).await
    };
    s.store.fire_workflow_timers(local(tz, day(2027, 2, 5), 9, 1), 1000).await.unwrap();
    assert_eq!(runs().await, 0, "the eve of the Spring Festival");
    s.store.fire_workflow_timers(local(tz, day(2027, 2, 6), 9, 1), 1000).await.unwrap();
    assert_eq!(runs().await, 2, "the Spring Festival of 2027: the customers with an address");
    let then = local(tz, day(2027, 2, 6), 9, 5);
    s.clock().advance((then - s.clock().now()).to_std().unwrap());
    let mails = async |id: &str| {
        let r = s
            .gql(
                Some(&sp1.token),
                "query($id: ID!) { customer(id: $id) { mailOptOutAt mails { kind to subject body } } }",
                json!({ "id": id }),
            )
            .await;
        r.ok()["customer"].clone()
    };
    let jia = eventually(40, "the greeting", || async {
        s.tick_workflows().await;
        let c = mails(&with_mail[0]).await;
        if c["mails"].as_array().unwrap().len() == 1 { Ok(c) } else { Err(format!("{c}")) }
    })
    .await;
    let mail = &jia["mails"][0];
    assert_eq!((mail["kind"].as_str(), mail["to"].as_str()), (Some("care"), Some("jia@example.cn")));
    assert!(mail["body"].as_str().unwrap().contains("尊敬的 甲"), "{mail}");
    let body = mail["body"].as_str().unwrap();
    let at = body.find("/unsubscribe/").unwrap() + "/unsubscribe/".len();
    let token: String = body[at..].chars().take_while(|c| !c.is_whitespace()).collect();

    // Opening the link changes nothing; the button unsubscribes.
    let url = format!("{}/unsubscribe/{token}", s.base);
    let page = s.http.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("method=\"post\""));
    assert!(mails(&with_mail[0]).await["mailOptOutAt"].is_null());
    let done = s.http.post(&url).send().await.unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.text().await.unwrap().contains("已退订"));
    assert!(!mails(&with_mail[0]).await["mailOptOutAt"].is_null());
    let mut forged = token.clone();
    let last = if forged.ends_with('0') { '1' } else { '0' };
    forged.pop();
    forged.push(last);
    let r = s.http.post(format!("{}/unsubscribe/{forged}", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 404, "a forged token");
    let r = s.http.get(format!("{}/unsubscribe/nonsense", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 404);

    // By hand: the owner stops mails to the other customer (asked by phone);
    // someone who may not edit a customer cannot; and the owner can resume
    // mails to a customer who used the link, with both in the history.
    const OPT: &str =
        "mutation($id: ID!, $o: Boolean!) { setCustomerMailOptOut(id: $id, optedOut: $o) { mailOptOutAt } }";
    let r = s.gql(Some(&sp1.token), OPT, json!({ "id": with_mail[1], "o": true })).await;
    assert!(!r.ok()["setCustomerMailOptOut"]["mailOptOutAt"].is_null());
    let r = s.gql(Some(&sp1.token), OPT, json!({ "id": with_mail[1], "o": false })).await;
    assert!(r.ok()["setCustomerMailOptOut"]["mailOptOutAt"].is_null());
    let other = s.sign_up("care-other").await;
    assert_eq!(s.gql(Some(&other.token), OPT, json!({ "id": with_mail[0], "o": false })).await.code(), "NOT_FOUND");
    assert!(!mails(&with_mail[0]).await["mailOptOutAt"].is_null(), "another company changed nothing");
    let r = s.gql(Some(&sp1.token), OPT, json!({ "id": with_mail[0], "o": false })).await;
    assert!(r.ok()["setCustomerMailOptOut"]["mailOptOutAt"].is_null());
    let n = raw_count(
        &s,
        "SELECT count(*) AS n FROM customer_history WHERE customer_id = $1 AND field = 'mailOptOut'",
        vec![uuid(&with_mail[0]).into()],
    )
    .await;
    assert_eq!(n, 2, "unsubscribed with the link, then resumed by hand");
    let r = s.gql(Some(&sp1.token), OPT, json!({ "id": with_mail[0], "o": true })).await;
    r.ok();

    // Next year's Spring Festival (26 January 2028) greets only who stayed.
    s.store.fire_workflow_timers(local(tz, day(2028, 1, 26), 9, 1), 1000).await.unwrap();
    assert_eq!(runs().await, 3);
    // A workflow's mail to a customer who unsubscribed is not sent.
    let manual = workflow(
        &s,
        &admin,
        "手动问候",
        json!({ "trigger": { "type": "manual" },
                "steps": [ { "type": "send_mail", "to": { "type": "customer" }, "subject": "你好", "body": "你好" } ] }),
    )
    .await;
    let run = run_manual(&s, &admin, &manual, &with_mail[0]).await;
    let r = run_until(&s, &admin, &run, "COMPLETED").await;
    assert_eq!(r["steps"][0]["output"]["unsubscribed"], true, "{r}");
    assert_eq!(mails(&with_mail[0]).await["mails"].as_array().unwrap().len(), 1);
}

async fn new_leads_are_assigned_as_they_arrive(b: Backend) {
    let Company { s, admin, sup, sp1, sp2, .. } = company_on(b, quick).await;
    let def = template(&s, &admin, "assign.round_robin").await;
    workflow(&s, &admin, "新线索轮流分配", def).await;
    // Leads that arrive without an owner (an import to the pool, the API):
    // everyone who can hold customers gets one in turn.
    let leads = pool_customers(&s, &admin, 4).await;
    let o = eventually(40, "four leads assigned", || async {
        let o = owners(&s, &admin, &leads).await;
        if !o.contains_key("pool") { Ok(o) } else { Err(format!("{o:?}")) }
    })
    .await;
    for who in [&admin, &sup, &sp1, &sp2] {
        assert_eq!(o.get(&who.user_id), Some(&1), "{o:?}");
    }
    // A customer created with an owner is left alone.
    let mine = s.create_customer(&sp1, "自己的客户").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(customer(&s, &admin, &mine).await["owner"]["id"], sp1.user_id.as_str());
}

/// A person is reminded of at most 200 occasions of a kind a day, and one
/// person's many never crowd out anyone else's.
async fn reminders_are_capped_per_person(b: Backend) {
    let Company { s, sp1, sp2, .. } = company_on(b, quick).await;
    let tz: Tz = "Asia/Shanghai".parse().unwrap();
    let d = day(2027, 3, 1);
    for i in 0..201 {
        s.create_customer(&sp2, &format!("拜访{i}")).await;
    }
    s.create_customer(&sp1, "一个拜访").await;
    raw(&s, "UPDATE customers SET next_visit_at = $1", vec![local(tz, d, 15, 0).into()]).await;
    s.store.fire_reminders(local(tz, d, 9, 1), 100).await.unwrap();
    let count = async |who: &Session| {
        raw_count(
            &s,
            "SELECT count(*) AS n FROM notifications WHERE recipient_id = $1 AND kind = 'reminder'",
            vec![uuid(&who.user_id).into()],
        )
        .await
    };
    assert_eq!(count(&sp2).await, 200);
    assert_eq!(count(&sp1).await, 1);
}

backend_tests!(
    reminders_are_capped_per_person,
    new_leads_are_assigned_as_they_arrive,
    care_mails_go_on_holidays_and_honour_unsubscribing,
    pool_rules_warn_then_reclaim_on_the_company_calendar,
    pool_rules_count_days_across_daylight_saving,
    pool_rule_definitions_are_checked,
    the_holding_cap_applies_to_assignments_and_transfers,
    assignment_is_fair_skips_who_cannot_take_and_says_why,
    two_replicas_assign_fairly_and_once,
    reminders_come_at_each_persons_time_once_per_occasion,
);
