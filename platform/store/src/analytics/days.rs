//! `conversation_days`: conversations counted per local day of the
//! company, author and kind, so a dashboard's year of conversations is a
//! few thousand summary rows rather than a million conversations.
//!
//! The conversations' write path keeps it in the same transaction as each
//! change ([`record`]: an added conversation counts one, a deleted one
//! takes one back, an edit of its time or kind moves it), so it is never
//! behind. [`rebuild`] counts a company's conversations afresh: when its
//! time zone changes (the days move), after a restore (the table is not
//! archived) and for companies that had conversations before the table
//! existed. Until a company's rows are built (`tenants.conversation_days_at`
//! is NULL), the reads count the conversations directly; the tests hold the
//! two ways to agreeing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::time_window::day_start;
use guanxi_core::{Result, TenantId};
use sea_orm::sea_query::{Alias, Expr, Func, OnConflict, Query, SelectStatement};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait};

use crate::db::{Access, TenantTx, db_err};
use crate::entity::{conversation, conversation_day, tenant, tenant_slug};

/// One conversation counted (`n` = 1), taken back (-1).
#[derive(Clone, Debug)]
pub(crate) struct Count {
    /// When it took place.
    pub(crate) at: DateTime<Utc>,
    /// Who recorded it.
    pub(crate) author: uuid::Uuid,
    /// Its kind, by machine name.
    pub(crate) kind: String,
    /// +1 or -1.
    pub(crate) n: i64,
}

impl Count {
    /// `row` counted `n` times (1: added, -1: taken back).
    pub(crate) fn of(row: &conversation::Model, n: i64) -> Count {
        Count { at: row.occurred_at, author: row.author_id, kind: row.kind.clone(), n }
    }
}

/// Add `counts` to the company's summary, in the caller's transaction.
pub(crate) async fn record(tx: &TenantTx, counts: &[Count]) -> Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    let tz = crate::tenants::tenant_tz(tx).await?;
    let mut sums: BTreeMap<(NaiveDate, uuid::Uuid, &str), i64> = BTreeMap::new();
    for c in counts {
        *sums.entry((c.at.with_timezone(&tz).date_naive(), c.author, c.kind.as_str())).or_default() += c.n;
    }
    sums.retain(|_, n| *n != 0);
    if sums.is_empty() {
        return Ok(());
    }
    let rows = sums.into_iter().map(|((day, author, kind), n)| conversation_day::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        day: Set(day),
        author_id: Set(author),
        kind: Set(kind.to_owned()),
        n: Set(n),
    });
    use conversation_day::Column as C;
    tx.insert_many(rows)
        .on_conflict(
            OnConflict::columns([C::TenantId, C::Day, C::AuthorId, C::Kind])
                .value(C::N, Expr::col((conversation_day::Entity, C::N)).add(Expr::cust("excluded.n")))
                .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Count the company's conversations afresh into its summary (one
/// statement per local day that has any), and mark it built.
pub async fn rebuild(tx: &TenantTx) -> Result<()> {
    let tenant = tx.tenant_id().0;
    tx.delete_many::<conversation_day::Entity>().exec(tx.conn()).await.map_err(db_err)?;
    let backend = tx.conn().get_database_backend();
    let span = Query::select()
        .expr_as(Expr::col(conversation::Column::OccurredAt).min(), Alias::new("lo"))
        .expr_as(Expr::col(conversation::Column::OccurredAt).max(), Alias::new("hi"))
        .from(conversation::Entity)
        .and_where(conversation::Column::TenantId.eq(tenant))
        .to_owned();
    let row = tx.conn().query_one(backend.build(&span)).await.map_err(db_err)?;
    let (lo, hi): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) = match &row {
        Some(r) => (r.try_get("", "lo").map_err(db_err)?, r.try_get("", "hi").map_err(db_err)?),
        None => (None, None),
    };
    if let (Some(lo), Some(hi)) = (lo, hi) {
        let tz = crate::tenants::tenant_tz(tx).await?;
        let (mut day, last) = (lo.with_timezone(&tz).date_naive(), hi.with_timezone(&tz).date_naive());
        while day <= last {
            let Some(next) = day.succ_opt() else { break };
            let (start, end) = (day_start(day, tz), day_start(next, tz));
            let q = Query::insert()
                .into_table(conversation_day::Entity)
                .columns([
                    conversation_day::Column::TenantId,
                    conversation_day::Column::Day,
                    conversation_day::Column::AuthorId,
                    conversation_day::Column::Kind,
                    conversation_day::Column::N,
                ])
                .select_from(
                    Query::select()
                        .column(conversation::Column::TenantId)
                        .expr(Expr::val(day))
                        .column(conversation::Column::AuthorId)
                        .column(conversation::Column::Kind)
                        .expr(Expr::col(conversation::Column::Id).count())
                        .from(conversation::Entity)
                        .and_where(conversation::Column::TenantId.eq(tenant))
                        .and_where(conversation::Column::OccurredAt.gte(start))
                        .and_where(conversation::Column::OccurredAt.lt(end))
                        .group_by_columns([
                            conversation::Column::TenantId,
                            conversation::Column::AuthorId,
                            conversation::Column::Kind,
                        ])
                        .to_owned(),
                )
                .map_err(guanxi_core::Error::internal)?
                .to_owned();
            tx.conn().execute(backend.build(&q)).await.map_err(db_err)?;
            day = next;
        }
    }
    set_built(tx).await
}

/// Mark the company's summary built now.
async fn set_built(tx: &TenantTx) -> Result<()> {
    tx.update_many::<tenant::Entity>()
        .col_expr(tenant::Column::ConversationDaysAt, Expr::value(Some(tx.now)))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    crate::tenants::forget_row(tx)
}

/// Whether the company's summary is built (else reads count directly), from
/// the transaction's copy of the company's row.
pub(crate) async fn built(tx: &TenantTx) -> Result<bool> {
    Ok(crate::tenants::row(tx).await?.conversation_days_at.is_some())
}

/// The summary's counts of days `[first, end)` by the people `people`
/// selects (`None`: everyone), grouped by `by` (the day or the author) and
/// kind: `(by, kind, count)`.
pub(crate) async fn counts<K: sea_orm::TryGetable>(
    tx: &TenantTx,
    first: NaiveDate,
    end: NaiveDate,
    people: Option<SelectStatement>,
    by: conversation_day::Column,
) -> Result<Vec<(K, String, u64)>> {
    use conversation_day::Column as C;
    let mut q = Query::select()
        .expr_as(Expr::col(by), Alias::new("b"))
        .expr_as(Expr::col(C::Kind), Alias::new("k"))
        .expr_as(Func::cast_as(Expr::col(C::N).sum(), Alias::new("BIGINT")), Alias::new("n"))
        .from(conversation_day::Entity)
        .and_where(C::TenantId.eq(tx.tenant_id().0))
        .and_where(C::Day.gte(first))
        .and_where(C::Day.lt(end))
        .group_by_col(by)
        .group_by_col(C::Kind)
        .to_owned();
    if let Some(people) = people {
        q.and_where(C::AuthorId.in_subquery(people));
    }
    let backend = tx.conn().get_database_backend();
    let rows = tx.conn().query_all(backend.build(&q)).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let n: Option<i64> = r.try_get("", "n").map_err(db_err)?;
            Ok((
                r.try_get::<K>("", "b").map_err(db_err)?,
                r.try_get::<String>("", "k").map_err(db_err)?,
                u64::try_from(n.unwrap_or(0)).unwrap_or(0),
            ))
        })
        .collect()
}

impl crate::Store {
    /// Build the summary of every company whose summary is not built yet
    /// (companies that had conversations before the summary existed), one
    /// transaction each; returns how many were built. Run at start-up; reads
    /// count directly until a company's turn comes.
    pub async fn build_conversation_days(&self) -> Result<u64> {
        // unscoped: the slugs are the global list of companies.
        let slugs = tenant_slug::Entity::find().all(&self.db).await.map_err(db_err)?;
        let tenants: BTreeSet<uuid::Uuid> = slugs.iter().map(|s| s.tenant_id).collect();
        let mut n = 0;
        for t in tenants {
            let tx = TenantTx::begin(self, TenantId(t), Access::Write).await?;
            if !built(&tx).await? {
                rebuild(&tx).await?;
                tx.commit().await?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Count one company's conversations afresh into its summary (after
    /// its conversations were changed behind the write path).
    pub async fn rebuild_conversation_days(&self, tenant: TenantId) -> Result<()> {
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        rebuild(&tx).await?;
        tx.commit().await
    }
}
