//! Each customer's status facts, kept by the customers' write path in the
//! same transaction as each status change, so the conversion funnel is one
//! pass over the customers instead of a window over their whole status
//! history:
//!
//! - `status_ever`: a bit per status the customer has held (bit `i` for the
//!   `i`-th status in display order: prospect, intent, paused, deal, lost),
//!   its status now aside (the reads add that bit);
//! - `status_since`: when it entered its status now (NULL: at creation);
//! - `<status>_stays` and `<status>_secs`: its completed stays in each
//!   status (entered, then left) and their total length in whole seconds.
//!
//! The columns default to a customer that never changed status, which is
//! what a new or imported customer is. Companies with status history from
//! before these columns get them built at start-up (`tenants.summaries_at`
//! is NULL for every existing company until then).
//!
//! Two partial indexes of the status changes into and out of `lost`, which
//! retention reads, and (on PostgreSQL) statistics of the history's values
//! as text, so the planner knows how many of those there are.

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0041_status_facts"
    }
}

/// The statuses, in display order (the bits of `status_ever`).
const STATUSES: [&str; 5] = ["prospect", "intent", "paused", "deal", "lost"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut columns = vec![
            col("status_ever").integer().not_null().default(0).to_owned(),
            col("status_since").timestamp_with_time_zone().null().to_owned(),
        ];
        for s in STATUSES {
            columns.push(col(&format!("{s}_stays")).integer().not_null().default(0).to_owned());
            // Whole seconds fit a 32-bit integer for 68 years, and PostgreSQL
            // sums those in 64 bits rather than as `numeric`.
            columns.push(col(&format!("{s}_secs")).integer().not_null().default(0).to_owned());
        }
        // SQLite adds one column per statement.
        for c in columns {
            m.alter_table(Table::alter().table(id("customers")).add_column(c).to_owned()).await?;
        }
        // Retention reads the moves into and out of `lost` since a month:
        // a small part even of the status changes. Each index's predicate
        // is its half of the query's own, so both databases see it applies,
        // and holds what that half reads.
        for (name, value) in [("into_lost", "new_value"), ("out_of_lost", "old_value")] {
            m.get_connection()
                .execute_unprepared(&format!(
                    "CREATE INDEX ix_customer_history_{name} ON customer_history (tenant_id, created_at, customer_id) \
                     WHERE field = 'status' AND CAST({value} AS TEXT) = '\"lost\"'"
                ))
                .await?;
        }
        // PostgreSQL guesses a JSON value's text matches one row in two
        // hundred; counted, the moves into `lost` are thousands and their
        // join with the customers is hashed rather than looked up one by one.
        postgres_only(
            m,
            &["CREATE STATISTICS st_customer_history_values ON (CAST(new_value AS TEXT)), \
               (CAST(old_value AS TEXT)) FROM customer_history"
                .to_owned()],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        postgres_only(m, &["DROP STATISTICS IF EXISTS st_customer_history_values".to_owned()]).await?;
        for name in ["ix_customer_history_into_lost", "ix_customer_history_out_of_lost"] {
            m.drop_index(Index::drop().name(name).table(id("customer_history")).to_owned()).await?;
        }
        let mut names = vec!["status_ever".to_owned(), "status_since".to_owned()];
        for s in STATUSES {
            names.push(format!("{s}_stays"));
            names.push(format!("{s}_secs"));
        }
        for n in names {
            m.alter_table(Table::alter().table(id("customers")).drop_column(id(&n)).to_owned()).await?;
        }
        Ok(())
    }
}
