//! `guanxi events …`: operator commands on domain event delivery (lag and
//! dead letters), with the same configuration as `guanxi serve`.

use std::fmt::Write as _;

use anyhow::Context as _;
use guanxi_core::TenantId;
use guanxi_store::Store;
use guanxi_store::events::{CursorStatus, EventCursor};

use crate::Config;

/// Operator commands on event delivery.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum EventsCommand {
    /// Each subscriber's lag and dead cursors, then every cursor that is
    /// retrying or dead (or, with `--all`, every cursor).
    Status {
        /// List every cursor, not only those in trouble.
        #[arg(long)]
        all: bool,
    },
    /// Revive a dead (or retrying) cursor: deliver again from the event it
    /// stopped at, now.
    Retry {
        /// The subscriber, e.g. `search.indexer`.
        subscriber: String,
        /// The company: its id or slug.
        company: String,
    },
    /// Skip the event a dead cursor stopped at, and revive it.
    Skip {
        /// The subscriber.
        subscriber: String,
        /// The company: its id or slug.
        company: String,
    },
    /// Delete every cursor of a subscriber that no longer exists.
    Forget {
        /// The retired subscriber.
        subscriber: String,
    },
}

/// Run `command` against the database `cfg` names; returns what to print.
pub async fn run(cfg: &Config, command: EventsCommand) -> anyhow::Result<String> {
    let store = Store::connect(&cfg.database_url(), cfg.store_config()).await.context("connecting to the database")?;
    let result = run_on(&store, command).await;
    store.close().await?;
    result
}

async fn company(store: &Store, s: &str) -> anyhow::Result<TenantId> {
    match s.parse::<TenantId>() {
        Ok(id) => Ok(id),
        Err(_) => store.tenant_by_slug(s).await.with_context(|| format!("no company {s}")),
    }
}

fn line(out: &mut String, c: &EventCursor) -> std::fmt::Result {
    writeln!(
        out,
        "{}\t{}\t{}\t{}/{}\t{}\tattempts {}\t{}\t{}",
        c.subscriber,
        c.tenant_id.0,
        c.slug.as_deref().unwrap_or("-"),
        c.position,
        c.last_seq,
        c.status.as_str(),
        c.attempts,
        c.next_attempt_at.map_or_else(|| "-".to_owned(), |t| format!("next {}", t.format("%Y-%m-%d %H:%M:%S UTC"))),
        c.last_error.as_deref().unwrap_or("-"),
    )
}

/// Run `command` on `store`; returns what to print.
pub async fn run_on(store: &Store, command: EventsCommand) -> anyhow::Result<String> {
    let mut out = String::new();
    match command {
        EventsCommand::Status { all } => {
            let cursors = store.event_cursors(None, false).await?;
            let mut names: Vec<String> = cursors.iter().map(|c| c.subscriber.clone()).collect();
            names.dedup();
            for lag in store.event_lag(&names).await? {
                let waiting = match lag.oldest_pending_at {
                    Some(at) => format!(", oldest waiting {}s", (chrono::Utc::now() - at).num_seconds().max(0)),
                    None => String::new(),
                };
                writeln!(
                    out,
                    "{}: {} events behind in {} companies, {} dead{waiting}",
                    lag.subscriber, lag.events_behind, lag.companies_behind, lag.dead
                )?;
            }
            if names.is_empty() {
                writeln!(out, "no subscriber has read any events yet")?;
            }
            for c in cursors.iter().filter(|c| all || c.status != CursorStatus::Ok) {
                line(&mut out, c)?;
            }
        }
        EventsCommand::Retry { subscriber, company: c } => {
            let tenant = company(store, &c).await?;
            let cursor = store.retry_event_cursor(&subscriber, tenant).await?;
            write!(out, "retrying: ")?;
            line(&mut out, &cursor)?;
        }
        EventsCommand::Skip { subscriber, company: c } => {
            let tenant = company(store, &c).await?;
            let before = store.event_cursor(&subscriber, tenant).await?;
            let cursor = store.skip_event(&subscriber, tenant).await?;
            tracing::warn!(%subscriber, tenant_id = %tenant, from = before.position, to = cursor.position, "event skipped by an operator");
            write!(out, "skipped to {}: ", cursor.position)?;
            line(&mut out, &cursor)?;
        }
        EventsCommand::Forget { subscriber } => {
            let n = store.forget_subscriber(&subscriber).await?;
            writeln!(out, "{n} cursors of {subscriber} deleted")?;
        }
    }
    Ok(out)
}
