//! `conversation_days`: conversations counted per local day of the
//! company, author and kind, so a dashboard's year of conversations is a
//! few thousand summary rows rather than a million conversations.
//!
//! The conversations' write path keeps it in the same transaction as each
//! change ([`record`]: an added conversation counts one, a deleted one
//! takes one back, an edit of its time or kind moves it), so it is never
//! behind. [`rebuild`] counts a company's conversations afresh (see
//! [`super::summaries`] for when). Until a company's summaries are built,
//! the reads count the conversations directly; the tests hold the two ways
//! to agreeing.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::Result;
use guanxi_core::conversation::ConversationKind;
use guanxi_core::time_window::day_start;
use sea_orm::sea_query::{Alias, Expr, Func, OnConflict, Query, SelectStatement};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait};

use crate::db::{TenantTx, db_err};
use crate::entity::{conversation, conversation_day};

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
    /// A conversation of `kind` by `author` at `at`, counted `n` times.
    pub(crate) fn new(at: DateTime<Utc>, author: uuid::Uuid, kind: ConversationKind, n: i64) -> Count {
        Count { at, author, kind: kind.as_str().to_owned(), n }
    }

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
/// statement per local day that has any).
pub(crate) async fn rebuild(tx: &TenantTx) -> Result<()> {
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
    Ok(())
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
