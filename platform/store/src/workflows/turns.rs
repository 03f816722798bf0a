//! Turns between companies: which company's due run a worker takes next.
//!
//! `workflow_turns` has a row for each company with queued runs: when it
//! last had a run claimed, and a time before which none of its runs is due
//! (a lower bound, lowered by every enqueue and recomputed when the company
//! has its turn). A worker takes the company with a due run whose last turn
//! is oldest (a company that never had one first), then that company's run
//! due first. So a company's birthday pass of a hundred thousand runs takes
//! one turn in each round, and another company's run waits for one run of
//! each busy company, not for the whole pass.
//!
//! The rows are kept in step where runs are queued; a lapse (a row lost to
//! a race with its removal, a lease whose worker died) costs fairness for a
//! moment, never a run: when no company's turn is due, the worker takes the
//! run due first whoever's it is, and [`sweep`] mends the rows on the
//! scheduler's beat.

use chrono::{DateTime, Utc};
use guanxi_core::Result;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement, Value,
};
use uuid::Uuid;

use crate::db::db_err;
use crate::entity::{workflow_queue, workflow_turns};

/// When a company that never had a turn last had one: before everyone.
fn never() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

/// Record that `tenant` has a run due at `at`: its row exists, and its
/// next due time is at most `at`. In the transaction that queues the run.
pub(crate) async fn touch(conn: &impl ConnectionTrait, tenant: Uuid, at: DateTime<Utc>) -> Result<()> {
    let backend = conn.get_database_backend();
    let least = match backend {
        DbBackend::Postgres => "LEAST",
        _ => "min",
    };
    let sql = format!(
        "INSERT INTO workflow_turns (tenant_id, last_claimed_at, next_due_at) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id) DO UPDATE SET next_due_at = {least}(workflow_turns.next_due_at, excluded.next_due_at)"
    );
    let values: [Value; 3] = [tenant.into(), never().into(), at.into()];
    conn.execute(Statement::from_sql_and_values(backend, sql, values)).await.map_err(db_err)?;
    Ok(())
}

/// The company whose turn it is at `now`: one with a run due, whose last
/// turn is oldest.
pub(crate) async fn next(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Option<Uuid>> {
    workflow_turns::Entity::find()
        .select_only()
        .column(workflow_turns::Column::TenantId)
        .filter(workflow_turns::Column::NextDueAt.lte(now))
        .order_by_asc(workflow_turns::Column::LastClaimedAt)
        .order_by_asc(workflow_turns::Column::TenantId)
        .into_tuple::<Uuid>()
        .one(conn)
        .await
        .map_err(db_err)
}

/// After `tenant`'s turn at `now` (`took`: a run was claimed): its next
/// due time from its queue, or no row when its queue is empty.
pub(crate) async fn settle(conn: &impl ConnectionTrait, tenant: Uuid, took: bool, now: DateTime<Utc>) -> Result<()> {
    // Its next run not leased (or whose lease ran out), in due order.
    let free = workflow_queue::Entity::find()
        .select_only()
        .column(workflow_queue::Column::RunAfter)
        .filter(workflow_queue::Column::TenantId.eq(tenant))
        .filter(
            sea_orm::Condition::any()
                .add(workflow_queue::Column::LockedUntil.is_null())
                .add(workflow_queue::Column::LockedUntil.lt(now)),
        )
        .order_by_asc(workflow_queue::Column::RunAfter)
        .into_tuple::<DateTime<Utc>>()
        .one(conn)
        .await
        .map_err(db_err)?;
    // Otherwise all its runs are leased (a few at most): the first lease
    // to run out.
    let next = match free {
        Some(t) => Some(t),
        None => workflow_queue::Entity::find()
            .select_only()
            .column_as(workflow_queue::Column::LockedUntil.min(), "m")
            .filter(workflow_queue::Column::TenantId.eq(tenant))
            .into_tuple::<Option<DateTime<Utc>>>()
            .one(conn)
            .await
            .map_err(db_err)?
            .flatten(),
    };
    let Some(next) = next else {
        workflow_turns::Entity::delete_many()
            .filter(workflow_turns::Column::TenantId.eq(tenant))
            .exec(conn)
            .await
            .map_err(db_err)?;
        return Ok(());
    };
    let mut q = workflow_turns::Entity::update_many()
        .col_expr(workflow_turns::Column::NextDueAt, Expr::value(next))
        .filter(workflow_turns::Column::TenantId.eq(tenant));
    if took {
        q = q.col_expr(workflow_turns::Column::LastClaimedAt, Expr::value(now));
    }
    q.exec(conn).await.map_err(db_err)?;
    Ok(())
}

/// Mend the turns at `now`: a company with queued runs and no row gets one
/// (its first turn comes first), and one with a lease that ran out (its
/// worker died) is due now. On the scheduler's beat.
pub(crate) async fn sweep(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<()> {
    let backend = conn.get_database_backend();
    let missing = "INSERT INTO workflow_turns (tenant_id, last_claimed_at, next_due_at) \
                   SELECT tenant_id, $1, min(run_after) FROM workflow_queue \
                   WHERE tenant_id NOT IN (SELECT tenant_id FROM workflow_turns) GROUP BY tenant_id \
                   ON CONFLICT (tenant_id) DO NOTHING";
    // (The `WHERE` also keeps SQLite from reading `ON CONFLICT` as a join's.)
    conn.execute(Statement::from_sql_and_values(backend, missing, [never().into()])).await.map_err(db_err)?;
    let lapsed = "UPDATE workflow_turns SET next_due_at = $1 WHERE next_due_at > $1 \
                  AND tenant_id IN (SELECT tenant_id FROM workflow_queue WHERE locked_until < $1)";
    conn.execute(Statement::from_sql_and_values(backend, lapsed, [now.into()])).await.map_err(db_err)?;
    Ok(())
}
