//! Writing batches in bulk: new customers numbered and inserted a batch at
//! a time, in the job's transaction on SQLite, or side by side in lanes of
//! their own on PostgreSQL.

use guanxi_core::{CustomerId, Error, Result, UserId};
use sea_orm::TryIntoModel;

use crate::customers::{self, CreatedVia, Origin, ValidCustomer, write};
use crate::db::{TenantTx, db_err};
use crate::entity::customer;

use super::record::ImportStatus;
use super::run::ImportRun;

/// Rows handled per committed batch.
const BATCH_ROWS: usize = 2000;
/// Batches written at once on PostgreSQL.
pub(super) const LANES: usize = 2;
/// Customers inserted per statement (31 columns each stays well under
/// SQLite's 32,766 bound parameters).
pub(super) const INSERT_CHUNK: usize = 500;

/// A row ready to be inserted.
pub(super) struct Pending {
    pub(super) id: CustomerId,
    pub(super) number: Option<String>,
    pub(super) owner: Option<UserId>,
    pub(super) customer: ValidCustomer,
}

impl ImportRun {
    /// Draw customer numbers for the pending rows that bring none, in `tx`.
    async fn draw(&self, tx: &TenantTx) -> Result<Vec<String>> {
        let want = self.pending.iter().filter(|p| p.number.is_none()).count();
        if want == 0 {
            return Ok(Vec::new());
        }
        let numbers = &self.numbers;
        customers::next_numbers(tx, &self.facts, want, |n| numbers.contains(n)).await
    }

    /// The pending rows as table rows, numbered from `drawn`.
    fn take_pending(&mut self, tx: &TenantTx, drawn: Vec<String>) -> Result<Vec<customer::ActiveModel>> {
        let pending = std::mem::take(&mut self.pending);
        self.pending_ids.clear();
        let mut drawn = drawn.into_iter();
        let mut models = Vec::with_capacity(pending.len());
        for p in pending {
            let number = match p.number {
                Some(n) => n,
                None => drawn.next().ok_or_else(|| Error::Internal("too few numbers drawn".into()))?,
            };
            self.numbers.insert(number.clone());
            models.push(p.customer.into_row(tx, p.id, number, p.owner));
        }
        Ok(models)
    }

    /// How this import's customers are created: by the import.
    fn origin(&self) -> Origin {
        Origin { via: CreatedVia::Import, reference: Some(self.id.0) }
    }

    /// Insert the rows waiting to be created.
    pub(super) async fn flush(&mut self, tx: &TenantTx) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let drawn = self.draw(tx).await?;
        let models = self.take_pending(tx, drawn)?;
        let rows = models.into_iter().map(|m| m.try_into_model().map_err(db_err)).collect::<Result<Vec<_>>>()?;
        write::insert_many(tx, &rows, self.origin()).await?.count(tx).await?;
        crate::entitlements::ensure_customers_written(tx, u64::try_from(rows.len()).unwrap_or(u64::MAX)).await
    }

    /// Handle the next batch of rows in `tx` (commit it afterwards). Returns
    /// whether rows remain.
    pub async fn next_batch(&mut self, tx: &TenantTx) -> Result<bool> {
        let more = self.prepare_batch(tx).await?;
        self.flush(tx).await?;
        self.save(tx, ImportStatus::Running, false).await?;
        Ok(more)
    }

    /// Whether batches are written side by side: then each batch goes
    /// through [`ImportRun::prepare_batch`], [`ImportRun::draw_numbers`] and
    /// [`ImportRun::launch`] instead of [`ImportRun::next_batch`].
    pub fn lanes(&self) -> bool {
        self.lanes
    }

    /// Check the next batch of rows in `tx`, writing what cannot wait (its
    /// report lines, updates of existing customers), and keep its new
    /// customers for [`ImportRun::launch`]. Returns whether rows remain.
    pub async fn prepare_batch(&mut self, tx: &TenantTx) -> Result<bool> {
        tx.bulk_write().await?;
        let end = (self.done + BATCH_ROWS).min(self.total);
        let mut i = self.done;
        while i < end {
            self.row(tx, i, false).await?;
            if std::mem::take(&mut self.cut) {
                break;
            }
            i += 1;
        }
        self.write_issues(tx).await?;
        self.done = i;
        Ok(self.done < self.total)
    }

    /// Whether the prepared batch has new customers without a number.
    pub fn needs_numbers(&self) -> bool {
        self.pending.iter().any(|p| p.number.is_none())
    }

    /// Draw the customer numbers of the prepared batch in `tx`, a
    /// transaction of their own that the caller commits at once, so that
    /// batches written side by side never wait for each other's numbers. A
    /// batch that fails afterwards leaves its numbers unused.
    pub async fn draw_numbers(&mut self, tx: &TenantTx) -> Result<()> {
        self.drawn = self.draw(tx).await?;
        Ok(())
    }

    /// Insert the prepared batch's new customers in `tx` and commit it, in
    /// the background: the next batch is checked meanwhile, and up to
    /// [`LANES`] batches are written at once. Batches commit in order, so
    /// the progress a committed batch saved always matches the rows in the
    /// database. A failure shows in [`ImportRun::settle`].
    pub async fn launch(&mut self, tx: TenantTx) -> Result<()> {
        // Saved by the batch's own transaction once the one before it has
        // committed (the import's row would otherwise be locked by it).
        let progress = self.progress_update(&tx, ImportStatus::Running, false)?;
        let drawn = std::mem::take(&mut self.drawn);
        let models = self.take_pending(&tx, drawn)?;
        let rows = models.into_iter().map(|m| m.try_into_model().map_err(db_err)).collect::<Result<Vec<_>>>()?;
        let permit =
            self.lane_permits.clone().acquire_owned().await.map_err(|e| Error::Internal(e.to_string().into()))?;
        let earlier = self.in_flight.take();
        let origin = self.origin();
        self.in_flight = Some(tokio::spawn(async move {
            let created = write::insert_many(&tx, &rows, origin).await?;
            if let Some(earlier) = earlier {
                earlier.await.map_err(|e| Error::Internal(e.to_string().into()))??;
            }
            // Counted once the batch before has committed, like the plan's
            // limit below: the lanes add to the same cohort row.
            created.count(&tx).await?;
            // Counted once the batch before has committed: the plan's
            // customer limit holds across lanes, and no lane holds the
            // count's lock while it waits for another.
            crate::entitlements::ensure_customers_written(&tx, u64::try_from(rows.len()).unwrap_or(u64::MAX)).await?;
            progress.exec(tx.conn()).await.map_err(db_err)?;
            tx.commit().await?;
            drop(permit);
            Ok(())
        }));
        Ok(())
    }

    /// Wait until every launched batch is committed; the first failure.
    pub async fn settle(&mut self) -> Result<()> {
        match self.in_flight.take() {
            Some(last) => last.await.map_err(|e| Error::Internal(e.to_string().into()))?,
            None => Ok(()),
        }
    }
}
