//! `guanxi`: the Guanxi CRM server and its administrative commands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use guanxi_server::{Config, build, serve, telemetry};

/// mimalloc gives memory back to the system soon after an import, export
/// or backup frees it; glibc's malloc keeps much of it in its per-thread
/// arenas, so a server's RSS stayed at its highest import's peak. Measured
/// side by side in docs/operations.md ("Memory").
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Have mimalloc give freed memory back at once rather than 10 ms later:
/// measured, a 50,000-row import then peaks 53 MB over idle instead of 86,
/// and a finished one leaves 21 MB instead of 45. `MIMALLOC_PURGE_DELAY`
/// in the environment still decides when it is set.
#[cfg(feature = "mimalloc")]
#[expect(unsafe_code, reason = "mimalloc's options are set through its C API")]
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // mimalloc.h numbers its options in order; `purge_delay` comes just
    // before `use_numa_nodes`, and the Rust bindings do not name it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;
    // SAFETY: `mi_option_set` stores a value that mimalloc reads each time
    // it decides to purge; any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
}

/// Guanxi 关系 — a multi-tenant CRM for small and medium companies.
#[derive(Parser)]
#[command(name = "guanxi", version, about)]
struct Cli {
    /// Configuration file (TOML). Environment variables `GUANXI_*` override it.
    #[arg(long, global = true, env = "GUANXI_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web API (the default when no command is given).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Write the GraphQL schema (SDL) to a file.
    ExportSchema {
        /// Where to write it.
        #[arg(long, default_value = "schema/graphql/schema.graphql")]
        out: PathBuf,
        /// Do not write; fail if the file differs from the schema.
        #[arg(long)]
        check: bool,
    },
    /// Operator commands on companies (unverified sign-ups).
    Tenant {
        #[command(subcommand)]
        command: guanxi_server::tenant_cli::TenantCommand,
    },
    /// Operator commands on domain event delivery (lag, dead letters).
    Events {
        #[command(subcommand)]
        command: guanxi_server::events_cli::EventsCommand,
    },
    /// Rebuild the search index from the database (every company, or one).
    /// With a server running (it holds the embedded index; Meilisearch is
    /// shared), the server's indexer rebuilds and this command follows its
    /// progress; it exits non-zero when a rebuild fails.
    Reindex {
        /// Only this company (its slug).
        #[arg(long)]
        tenant: Option<String>,
    },
    /// Plugin tools.
    Plugin {
        #[command(subcommand)]
        command: PluginCommand,
    },
}

#[derive(Subcommand)]
enum PluginCommand {
    /// Run a plugin locally with the platform's host and default limits:
    /// prints its output, logs, fuel, time and memory. Exits 1 if it fails.
    Run(guanxi_server::plugin_cli::RunArgs),
}

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    tune_allocator();
    let cli = Cli::parse();
    // Plugin calls block their thread (WASI runs its own event loop): they
    // run before, and outside, the async runtime.
    if let Some(Command::Plugin { command: PluginCommand::Run(args) }) = &cli.command {
        // The configuration matters only for a plan's limits.
        let plans = match &args.plan {
            Some(_) => match Config::load(cli.config.as_deref()) {
                Ok(c) => c.plugin_plans,
                Err(e) => {
                    eprintln!("guanxi: reading configuration: {e}");
                    return ExitCode::from(2);
                }
            },
            None => Default::default(),
        };
        return match guanxi_server::plugin_cli::run(args, &plans) {
            Ok(result) => {
                print!("{}", result.stdout);
                if result.ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
            }
            Err(e) => {
                eprintln!("guanxi: {e:#}");
                ExitCode::from(2)
            }
        };
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("guanxi: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli));
    // Whatever is left (a task stuck in a CPU-bound loop) must not keep the
    // process alive: the server has stopped serving by now.
    runtime.shutdown_timeout(Duration::from_secs(1));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("guanxi: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let load = || Config::load(cli.config.as_deref()).context("reading configuration");
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let cfg = load()?;
            telemetry::init_tracing(&cfg);
            let stop = stop_on_signal(Duration::from_secs(cfg.shutdown_grace_seconds))?;
            let listen = cfg.listen;
            let app = build(cfg).await?;
            let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("binding {listen}"))?;
            let addr = listener.local_addr()?;
            println!("Guanxi 关系 is serving at http://{addr}/graphql");
            tracing::info!(%addr, backend = ?app.store.backend(), "serving");
            serve(listener, app.router, async {
                let _ = stop.await;
            })
            .await?;
            // Stopped together: each finishes its work in flight.
            tokio::join!(app.jobs.shutdown(), app.events.shutdown());
            if let Some(mail) = app.mail {
                mail.shutdown().await;
            }
            if let Some(billing) = app.billing {
                billing.shutdown().await;
            }
            if let Some(webhooks) = app.webhooks {
                webhooks.shutdown().await;
            }
            if let Some(workflows) = app.workflows {
                workflows.shutdown().await;
            }
            app.store.close().await?;
            Ok(())
        }
        Command::Migrate => {
            let cfg = load()?;
            telemetry::init_tracing(&cfg);
            guanxi_store::Store::migrate(&cfg.migrate_database_url()).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::ExportSchema { out, check } => {
            let sdl = guanxi_graphql::sdl();
            if check {
                let committed = std::fs::read_to_string(&out).with_context(|| format!("reading {}", out.display()))?;
                anyhow::ensure!(committed == sdl, "{} is out of date: run `guanxi export-schema`", out.display());
                println!("{} is up to date", out.display());
            } else {
                std::fs::write(&out, sdl).with_context(|| format!("writing {}", out.display()))?;
                println!("wrote {}", out.display());
            }
            Ok(())
        }
        Command::Tenant { command } => {
            let cfg = load()?;
            telemetry::init_tracing(&cfg);
            print!("{}", guanxi_server::tenant_cli::run(&cfg, command).await?);
            Ok(())
        }
        Command::Events { command } => {
            let cfg = load()?;
            telemetry::init_tracing(&cfg);
            print!("{}", guanxi_server::events_cli::run(&cfg, command).await?);
            Ok(())
        }
        Command::Reindex { tenant } => {
            let cfg = load()?;
            telemetry::init_tracing(&cfg);
            guanxi_server::search::reindex(&cfg, tenant.as_deref(), &mut std::io::stdout()).await
        }
        Command::Plugin { .. } => anyhow::bail!("plugin commands run outside the runtime"),
    }
}

/// Wait for SIGTERM or Ctrl-C on a thread of its own, with a runtime of its
/// own, so that the signal is seen even when every worker of the server's
/// runtime is busy with a CPU-bound request. The returned receiver fires when
/// it comes, and graceful shutdown begins: no new connections, requests in
/// flight and running jobs may finish. `grace` later the process exits,
/// whatever is still running, so an orchestrator's SIGTERM always ends it.
fn stop_on_signal(grace: Duration) -> anyhow::Result<tokio::sync::oneshot::Receiver<()>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::Builder::new().name("guanxi-signals".to_owned()).spawn(move || {
        runtime.block_on(shutdown_signal());
        tracing::info!(grace_seconds = grace.as_secs(), "stopping: finishing requests and jobs in flight");
        let _ = tx.send(());
        std::thread::sleep(grace);
        tracing::error!(grace_seconds = grace.as_secs(), "still busy after the grace period; exiting now");
        eprintln!("guanxi: still busy {} s after the stop signal; exiting now", grace.as_secs());
        std::process::exit(1);
    })?;
    Ok(rx)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
