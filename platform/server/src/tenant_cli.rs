//! `guanxi tenant …`: operator commands over every company of the
//! installation, with the same configuration as `guanxi serve`.

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::Context as _;
use guanxi_store::Store;

use crate::Config;

/// Operator commands on companies.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum TenantCommand {
    /// List companies none of whose users has verified an e-mail address.
    ListUnverified {
        /// Only those that signed up at least this many days ago.
        #[arg(long, default_value_t = 0)]
        older_than_days: u64,
    },
    /// Delete companies none of whose users has verified an address, signed
    /// up at least N days ago, with all their data (each in one transaction)
    /// and their files.
    PruneUnverified {
        /// The period the operator grants a company to verify its address.
        #[arg(long)]
        older_than_days: u64,
        /// Only list what would be deleted.
        #[arg(long)]
        dry_run: bool,
    },
    /// Switch a company to a subscription plan (the local provider): it is
    /// active on PLAN from now on, its trial or grace period ended. A plan
    /// the catalogue does not have is refused and nothing changes.
    SetPlan {
        /// The company's slug.
        slug: String,
        /// The plan (`free`, `team`, `business` …).
        plan: String,
    },
    /// Set a company's subscription state: `trialing`, `active`,
    /// `past_due` (starts the grace period now), `read_only` or `canceled`.
    /// Nothing is deleted in any state.
    SetState {
        /// The company's slug.
        slug: String,
        /// The new state.
        state: String,
    },
    /// List companies with their plan and subscription state.
    List {
        /// Only companies in this state (`trialing`, `active`, `past_due`,
        /// `read_only`, `canceled`).
        #[arg(long)]
        state: Option<String>,
    },
}

fn parse_state(s: &str) -> anyhow::Result<guanxi_core::billing::SubscriptionState> {
    guanxi_core::billing::SubscriptionState::parse(s).ok_or_else(|| {
        anyhow::anyhow!("`{s}` is not a subscription state: trialing, active, past_due, read_only or canceled")
    })
}

fn date(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_else(|| "-".to_owned())
}

fn subscription_line(
    out: &mut String,
    slug: &str,
    s: &guanxi_store::billing::Subscription,
    cfg: &Config,
) -> std::fmt::Result {
    let retention = chrono::Duration::days(i64::try_from(cfg.billing_retention_days).unwrap_or(i64::MAX / 86_400_000));
    let until = match s.state {
        guanxi_core::billing::SubscriptionState::Canceled => date(s.canceled_at.map(|t| t + retention)),
        guanxi_core::billing::SubscriptionState::Trialing => date(s.trial_ends_at),
        guanxi_core::billing::SubscriptionState::PastDue => date(s.read_only_at),
        _ => date(s.current_period_end),
    };
    writeln!(out, "{slug}\t{}\t{}\t{}\t{}", s.plan, s.state, s.provider, until)
}

fn days(n: u64) -> Duration {
    Duration::from_secs(n.saturating_mul(24 * 3600))
}

/// Run `command` against the database `cfg` names; returns what to print.
pub async fn run(cfg: &Config, command: TenantCommand) -> anyhow::Result<String> {
    let store = Store::connect(&cfg.database_url(), cfg.store_config()).await.context("connecting to the database")?;
    let result = run_on(cfg, &store, command).await;
    store.close().await?;
    result
}

async fn run_on(cfg: &Config, store: &Store, command: TenantCommand) -> anyhow::Result<String> {
    let mut out = String::new();
    match command {
        TenantCommand::ListUnverified { older_than_days } => {
            let list = store.unverified_tenants(days(older_than_days)).await?;
            for t in &list {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    t.id.0,
                    t.slug,
                    t.created_at.format("%Y-%m-%d %H:%M UTC"),
                    t.admin_email.as_deref().unwrap_or("-"),
                    t.name
                )?;
            }
            writeln!(out, "{} unverified companies", list.len())?;
        }
        TenantCommand::PruneUnverified { older_than_days, dry_run } => {
            let list = store.unverified_tenants(days(older_than_days)).await?;
            let mut pruned = 0;
            for t in list {
                if dry_run {
                    writeln!(out, "would delete {} ({})", t.slug, t.id.0)?;
                    continue;
                }
                // Checked again inside the deleting transaction: a company
                // that verified in the meantime is kept.
                if let Some(t) = store.prune_unverified_tenant(t.id, days(older_than_days)).await? {
                    tracing::info!(tenant_id = %t.id.0, slug = %t.slug, "pruned an unverified company");
                    writeln!(out, "deleted {} ({})", t.slug, t.id.0)?;
                    pruned += 1;
                }
            }
            if !dry_run {
                writeln!(out, "{pruned} companies deleted")?;
                // Their search documents: removed here, or by the running
                // server, which this waits for.
                out.push_str(&crate::search::remove_companies(cfg, store).await?);
            }
        }
        TenantCommand::SetPlan { slug, plan } => {
            let plan = guanxi_store::billing::parse_plan(&plan)?;
            // A name the catalogue lacks would leave the company on the free
            // plan's entitlements under a name nobody can price or upgrade.
            let plans = &store.config().plans;
            if plans.get(&plan).is_none() {
                let known: Vec<&str> = plans.plans().iter().map(|p| p.id.as_str()).collect();
                anyhow::bail!("`{plan}` is not a plan of the catalogue; the plans are: {}", known.join(", "));
            }
            let tenant = store.tenant_by_slug(&slug).await?;
            let s = store.set_plan(tenant, &plan).await?;
            subscription_line(&mut out, &slug, &s, cfg)?;
        }
        TenantCommand::SetState { slug, state } => {
            let state = parse_state(&state)?;
            let tenant = store.tenant_by_slug(&slug).await?;
            let s = store.set_billing_state(tenant, state, cfg.billing_lifecycle()).await?;
            subscription_line(&mut out, &slug, &s, cfg)?;
        }
        TenantCommand::List { state } => {
            let state = state.as_deref().map(parse_state).transpose()?;
            let list = store.list_subscriptions(state).await?;
            for c in &list {
                subscription_line(&mut out, &c.slug, &c.subscription, cfg)?;
            }
            writeln!(out, "{} companies", list.len())?;
        }
    }
    Ok(out)
}
