//! The `customers.duplicates` job: reads every customer of the company a
//! batch at a time, with progress in customers, and reports the pairs that
//! look like the same person.

use guanxi_core::Error;
use guanxi_store::Access;
use guanxi_store::duplicates::{self, PairFinder};
use guanxi_store::jobs::Progress;
use serde_json::{Value, json};

use crate::context::JobContext;
use crate::registry::JobHandler;

/// Scans for possible duplicates.
#[derive(Clone, Copy, Debug, Default)]
pub struct DuplicateScan;

#[async_trait::async_trait]
impl JobHandler for DuplicateScan {
    fn kind(&self) -> &str {
        duplicates::JOB_KIND
    }

    async fn run(&self, job: JobContext) -> Result<Value, Error> {
        let mut finder = PairFinder::default();
        let (mut after, mut done) = (None, 0u64);
        loop {
            // Reads only: each batch its own short transaction, so no
            // connection is held while the keys are worked out.
            let tx = job.tenant_tx(Access::Read).await?;
            let (last, n) = duplicates::scan_batch(&tx, &mut finder, after).await?;
            tx.commit().await?;
            done += n;
            let progress = i64::try_from(done).unwrap_or(i64::MAX);
            let cancelled = job.progress(progress, None, Some("scanning")).await? == Progress::Cancelled;
            if cancelled || n < duplicates::SCAN_BATCH {
                break;
            }
            after = last;
        }
        let tx = job.tenant_tx(Access::Read).await?;
        let dismissed = duplicates::dismissed_pairs(&tx).await?;
        tx.commit().await?;
        let mut pairs = finder.pairs();
        let found = pairs.len();
        // Pairs someone said are two people are not offered again.
        pairs.retain(|p| !dismissed.contains(&duplicates::ordered(p.a, p.b)));
        let listed = &pairs[..pairs.len().min(duplicates::MAX_LISTED_PAIRS)];
        let mut ids: Vec<uuid::Uuid> = listed.iter().flat_map(|p| [p.a, p.b]).collect();
        ids.sort_unstable();
        ids.dedup();
        let tx = job.tenant_tx(Access::Read).await?;
        let names = duplicates::names(&tx, &ids).await?;
        tx.commit().await?;
        let side = |id: &uuid::Uuid| {
            let (name, company) = names.get(id).cloned().unwrap_or_default();
            json!({ "id": id, "name": name, "company": company })
        };
        let items: Vec<Value> = listed
            .iter()
            .map(|p| json!({ "a": side(&p.a), "b": side(&p.b), "reasons": p.reasons, "score": p.score }))
            .collect();
        Ok(json!({
            "customers": done,
            "pairs": pairs.len(),
            "dismissed": found - pairs.len(),
            "pairsLeftOut": finder.pairs_left_out,
            "crowdedKeys": finder.crowded_keys,
            "items": items,
        }))
    }
}
