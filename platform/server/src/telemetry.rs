//! Logs and metrics: `tracing` (text or JSON lines) and Prometheus counters
//! and histograms by GraphQL operation, served at `/metrics`.

use std::collections::HashSet;
use std::io::IsTerminal as _;
use std::sync::Mutex;

use prometheus::{
    Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::{Config, LogFormat};

/// Install the global tracing subscriber. Safe to call more than once (later
/// calls do nothing), so tests can start several servers. Text logs are
/// coloured only on a terminal: in a file or a collector the escape codes
/// are noise.
pub fn init_tracing(cfg: &Config) {
    let filter = EnvFilter::try_new(&cfg.log_level).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::NONE)
        .with_ansi(std::io::stdout().is_terminal());
    let _ignored_if_already_set = match cfg.log_format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Distinct operation names kept as metric labels; past this, `other`.
/// Callers choose operation names (only authenticated ones get to, see
/// `http::execute`), so they must not grow the label set forever.
const MAX_OPERATION_LABELS: usize = 200;

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    seen: Mutex<HashSet<String>>,
    event_subscribers: Vec<String>,
    event_lag: IntGaugeVec,
    event_lag_companies: IntGaugeVec,
    event_dead: IntGaugeVec,
    event_oldest: GaugeVec,
}

impl Metrics {
    /// Register the metrics.
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("guanxi_graphql_requests_total", "GraphQL requests by operation and outcome"),
            &["operation", "outcome"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("guanxi_graphql_request_duration_seconds", "GraphQL request latency by operation")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["operation"],
        )?;
        let event_lag = IntGaugeVec::new(
            Opts::new("guanxi_event_lag_events", "Domain events not yet delivered to a subscriber, over all companies"),
            &["subscriber"],
        )?;
        let event_lag_companies = IntGaugeVec::new(
            Opts::new("guanxi_event_lag_companies", "Companies with events not yet delivered to a subscriber"),
            &["subscriber"],
        )?;
        let event_dead = IntGaugeVec::new(
            Opts::new("guanxi_event_dead_cursors", "Companies where a subscriber gave up (dead letters)"),
            &["subscriber"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(event_lag.clone()))?;
        registry.register(Box::new(event_lag_companies.clone()))?;
        let event_oldest = GaugeVec::new(
            Opts::new(
                "guanxi_event_oldest_pending_seconds",
                "Age of the oldest domain event not yet delivered to a subscriber (0: none pending)",
            ),
            &["subscriber"],
        )?;
        registry.register(Box::new(event_dead.clone()))?;
        registry.register(Box::new(event_oldest.clone()))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            seen: Mutex::new(HashSet::new()),
            event_subscribers: Vec::new(),
            event_lag,
            event_lag_companies,
            event_dead,
            event_oldest,
        })
    }

    /// Report the lag of these event subscribers (this replica's).
    pub fn with_event_subscribers(mut self, names: Vec<String>) -> Metrics {
        self.event_subscribers = names;
        self
    }

    /// Read every subscriber's lag from the database into the gauges (at
    /// each scrape: the figures are global, so any replica reports them).
    /// On failure the gauges keep their last values and the error is logged.
    pub async fn refresh_events(&self, store: &guanxi_store::Store) {
        if self.event_subscribers.is_empty() {
            return;
        }
        let lag = tokio::time::timeout(std::time::Duration::from_secs(2), store.event_lag(&self.event_subscribers));
        match lag.await {
            Ok(Ok(lags)) => {
                for l in lags {
                    let labels = [l.subscriber.as_str()];
                    self.event_lag.with_label_values(&labels).set(l.events_behind);
                    self.event_lag_companies.with_label_values(&labels).set(l.companies_behind);
                    self.event_dead.with_label_values(&labels).set(l.dead);
                    let age = l
                        .oldest_pending_at
                        .map_or(0.0, |at| (chrono::Utc::now() - at).num_milliseconds().max(0) as f64 / 1000.0);
                    self.event_oldest.with_label_values(&labels).set(age);
                }
            }
            Ok(Err(e)) => tracing::warn!(error = ?e, "reading event lag for metrics failed"),
            Err(_) => tracing::warn!("reading event lag for metrics timed out"),
        }
    }

    /// A bounded, sanitised label for an operation name.
    pub fn operation_label(&self, name: Option<&str>) -> String {
        let Some(name) =
            name.filter(|n| !n.is_empty() && n.len() <= 64 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        else {
            return "anonymous".to_owned();
        };
        let Ok(mut seen) = self.seen.lock() else { return "other".to_owned() };
        if seen.contains(name) || seen.len() < MAX_OPERATION_LABELS {
            seen.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".to_owned()
        }
    }

    /// Count one request.
    pub fn observe(&self, operation: &str, outcome: &str, seconds: f64) {
        self.requests.with_label_values(&[operation, outcome]).inc();
        self.latency.with_label_values(&[operation]).observe(seconds);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        if TextEncoder::new().encode(&self.registry.gather(), &mut buf).is_err() {
            return String::new();
        }
        String::from_utf8(buf).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_labels_are_bounded() -> Result<(), prometheus::Error> {
        let m = Metrics::new()?;
        assert_eq!(m.operation_label(None), "anonymous");
        assert_eq!(m.operation_label(Some("bad name!")), "anonymous");
        for i in 0..MAX_OPERATION_LABELS {
            assert_eq!(m.operation_label(Some(&format!("Op{i}"))), format!("Op{i}"));
        }
        assert_eq!(m.operation_label(Some("OneTooMany")), "other");
        assert_eq!(m.operation_label(Some("Op0")), "Op0");
        m.observe("Op0", "ok", 0.002);
        assert!(m.render().contains("guanxi_graphql_requests_total{operation=\"Op0\",outcome=\"ok\"} 1"));
        Ok(())
    }
}
