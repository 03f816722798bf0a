//! Outbound webhooks: the rules that need no I/O. What an endpoint's URL
//! may be, which event types it may subscribe to, which addresses a
//! delivery must never reach (the guard against server-side request
//! forgery), and the retry and auto-disable schedule.
//!
//! The store keeps endpoints and deliveries; the automation crate resolves
//! host names and sends; both decide with these functions.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use crate::error::FieldError;
use crate::events::DomainEvent;
use crate::ids::TenantId;

/// Longest accepted endpoint URL, in characters.
pub const URL_MAX_CHARS: usize = 2000;
/// Longest accepted description, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 500;
/// Most event types one endpoint may list (every type, or `*`, fits).
pub const EVENTS_MAX: usize = 64;
/// The event type that stands for every type.
pub const ALL_EVENTS: &str = "*";

/// Event types that are no news to another system: an operator's request
/// to rebuild the search index. `*` does not include them and they cannot
/// be listed.
const INTERNAL_KINDS: &[&str] = &["search.rebuild_requested"];

/// The event types an endpoint may list, `*` aside.
pub fn subscribable_kinds() -> impl Iterator<Item = &'static str> {
    DomainEvent::KINDS.iter().copied().filter(|k| !INTERNAL_KINDS.contains(k))
}

/// An endpoint URL as accepted at the edge: `http` or `https`, a host, no
/// user name or password (they would travel in every request and show in
/// every list), no fragment, at most [`URL_MAX_CHARS`] characters. Whether
/// its host may be reached is a separate question, answered when the host
/// is resolved (see [`forbidden_ip`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl(url::Url);

impl WebhookUrl {
    /// Parse `raw` (trimmed); errors are on the field `url`.
    pub fn parse(raw: &str) -> Result<WebhookUrl, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new("url", "required", "must not be empty"));
        }
        if raw.chars().count() > URL_MAX_CHARS {
            return Err(FieldError::new("url", "too_long", format!("must be at most {URL_MAX_CHARS} characters")));
        }
        let url = url::Url::parse(raw).map_err(|_| FieldError::new("url", "invalid", "not a valid URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FieldError::new("url", "scheme", "must be an http:// or https:// URL"));
        }
        if url.host().is_none() {
            return Err(FieldError::new("url", "invalid", "must name a host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FieldError::new("url", "credentials", "must not contain a user name or password"));
        }
        if url.fragment().is_some() {
            return Err(FieldError::new("url", "invalid", "must not contain a fragment (#…)"));
        }
        Ok(WebhookUrl(url))
    }

    /// The URL as text (normalised by the parser: a lowercase scheme and host).
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The host to resolve, without the brackets of an IPv6 literal.
    pub fn host(&self) -> Host {
        match self.0.host() {
            Some(url::Host::Ipv4(a)) => Host::Ip(IpAddr::V4(a)),
            Some(url::Host::Ipv6(a)) => Host::Ip(IpAddr::V6(a)),
            Some(url::Host::Domain(d)) => Host::Name(d.to_owned()),
            // `parse` refuses URLs without a host.
            None => Host::Name(String::new()),
        }
    }

    /// The port a request goes to (the scheme's default when none is written).
    pub fn port(&self) -> u16 {
        self.0.port_or_known_default().unwrap_or(443)
    }
}

/// An endpoint's host: an address written in the URL, or a name to resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// An IP literal.
    Ip(IpAddr),
    /// A DNS name.
    Name(String),
}

/// Whether a delivery must never connect to `ip` (unless the operator
/// allows private addresses): loopback, private (RFC 1918), carrier-grade
/// NAT, link-local (which holds cloud metadata services such as
/// 169.254.169.254), unique-local, multicast, broadcast, unspecified,
/// documentation and benchmarking ranges, and IPv4 reached through IPv6
/// (mapped, compatible, NAT64, 6to4) when the IPv4 address is one of those.
pub fn forbidden_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => forbidden_v4(a),
        IpAddr::V6(a) => forbidden_v6(a),
    }
}

fn forbidden_v4(a: Ipv4Addr) -> bool {
    let [o0, o1, o2, _] = a.octets();
    a.is_unspecified()
        || a.is_loopback()
        || a.is_private()
        || a.is_link_local()
        || a.is_multicast()
        || a.is_broadcast()
        || a.is_documentation()
        || o0 == 0 // "this network"
        || (o0 == 100 && (o1 & 0xc0) == 64) // 100.64.0.0/10, carrier-grade NAT
        || (o0 == 192 && o1 == 0 && o2 == 0) // 192.0.0.0/24, protocol assignments
        || (o0 == 198 && (o1 & 0xfe) == 18) // 198.18.0.0/15, benchmarking
        || o0 >= 240 // reserved
}

fn forbidden_v6(a: Ipv6Addr) -> bool {
    if let Some(v4) = a.to_ipv4_mapped() {
        return forbidden_v4(v4);
    }
    let s = a.segments();
    // ::a.b.c.d (deprecated IPv4-compatible), 64:ff9b::/96 (NAT64), 2002::/16 (6to4).
    if s[..6] == [0, 0, 0, 0, 0, 0] && !a.is_unspecified() && !a.is_loopback() {
        return forbidden_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return forbidden_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
    }
    if s[0] == 0x2002 {
        return forbidden_v4(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
    }
    a.is_unspecified()
        || a.is_loopback()
        || a.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // fc00::/7, unique-local
        || (s[0] & 0xffc0) == 0xfe80 // fe80::/10, link-local
        || (s[0] & 0xffc0) == 0xfec0 // fec0::/10, deprecated site-local
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
}

/// The event types an endpoint subscribes to: `*` (every subscribable
/// type) or a list of known types, deduplicated and sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventTypes(Vec<String>);

impl EventTypes {
    /// Parse a client's list; errors are on the field `events`.
    pub fn parse(raw: &[String]) -> Result<EventTypes, FieldError> {
        if raw.is_empty() {
            return Err(FieldError::new("events", "required", "list at least one event type, or \"*\" for all"));
        }
        if raw.len() > EVENTS_MAX {
            return Err(FieldError::new("events", "too_many", format!("list at most {EVENTS_MAX} event types")));
        }
        let mut kinds: Vec<String> = Vec::with_capacity(raw.len());
        for r in raw {
            let k = r.trim();
            if k == ALL_EVENTS {
                return Ok(EventTypes(vec![ALL_EVENTS.to_owned()]));
            }
            if !subscribable_kinds().any(|s| s == k) {
                return Err(FieldError::new("events", "unknown_event", format!("unknown event type: {k}")));
            }
            kinds.push(k.to_owned());
        }
        kinds.sort_unstable();
        kinds.dedup();
        Ok(EventTypes(kinds))
    }

    /// Types as stored (a JSON array of strings); anything unreadable
    /// subscribes to nothing.
    pub fn from_stored(v: &serde_json::Value) -> EventTypes {
        EventTypes(
            v.as_array().map(|a| a.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect()).unwrap_or_default(),
        )
    }

    /// The types, or `["*"]`.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether an event of type `kind` is delivered.
    pub fn matches(&self, kind: &str) -> bool {
        if INTERNAL_KINDS.contains(&kind) {
            return false;
        }
        self.0.iter().any(|k| k == ALL_EVENTS || k == kind)
    }
}

/// A webhook description: optional, at most [`DESCRIPTION_MAX_CHARS`]
/// characters, one line. Blank is none.
pub fn parse_description(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(s) = raw.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    if s.chars().count() > DESCRIPTION_MAX_CHARS {
        return Err(FieldError::new(
            "description",
            "too_long",
            format!("must be at most {DESCRIPTION_MAX_CHARS} characters"),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(FieldError::new("description", "invalid", "must not contain control characters"));
    }
    Ok(Some(s.to_owned()))
}

/// The id of an event as receivers see it (`id` in the payload and the
/// `Guanxi-Event-Id` header): the same for every delivery of the event,
/// retries and replays included, so receivers can drop duplicates by it.
pub fn event_id(tenant: TenantId, seq: i64) -> String {
    format!("evt_{}_{seq}", tenant.0.simple())
}

/// When deliveries are retried and endpoints given up on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The delay after the first failed attempt; it doubles with every
    /// further attempt, up to [`RetryPolicy::max_delay`].
    pub base: Duration,
    /// The longest delay between two attempts.
    pub max_delay: Duration,
    /// How long after its event a delivery is still retried; an attempt
    /// that fails with no retry due within it is the last.
    pub window: Duration,
    /// Consecutive failed attempts (across the endpoint's deliveries)
    /// after which an endpoint may be disabled …
    pub disable_after_failures: i32,
    /// … once it has failed for at least this long without a success.
    pub disable_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(60),
            max_delay: Duration::from_secs(6 * 3600),
            window: Duration::from_secs(3 * 24 * 3600),
            disable_after_failures: 20,
            disable_after: Duration::from_secs(3 * 24 * 3600),
        }
    }
}

impl RetryPolicy {
    /// The delay before the attempt after failed attempt number `attempt`
    /// (1 for the first).
    pub fn delay(&self, attempt: i32) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(30);
        self.base.saturating_mul(1 << doublings).min(self.max_delay)
    }

    /// The next attempt's delay after failed attempt `attempt`, or none
    /// when the delivery has been tried for `age` already and the next
    /// attempt would fall outside the window.
    pub fn next_retry(&self, attempt: i32, age: Duration) -> Option<Duration> {
        let delay = self.delay(attempt);
        (age.saturating_add(delay) <= self.window).then_some(delay)
    }

    /// Whether an endpoint that has failed `failures` attempts in a row,
    /// for `failing_for`, is disabled.
    pub fn should_disable(&self, failures: i32, failing_for: Duration) -> bool {
        failures >= self.disable_after_failures.max(1) && failing_for >= self.disable_after
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_http_with_a_host_and_no_credentials() {
        let ok = WebhookUrl::parse(" https://Example.COM/hooks?x=1 ").expect("parses");
        assert_eq!(ok.as_str(), "https://example.com/hooks?x=1");
        assert_eq!(ok.host(), Host::Name("example.com".into()));
        assert_eq!(ok.port(), 443);
        let v6 = WebhookUrl::parse("http://[::1]:8080/").expect("parses");
        assert_eq!(v6.host(), Host::Ip("::1".parse().expect("ip")));
        assert_eq!(v6.port(), 8080);
        for (bad, reason) in [
            ("", "required"),
            ("ftp://example.com/", "scheme"),
            ("file:///etc/passwd", "scheme"),
            ("javascript:alert(1)", "scheme"),
            ("not a url", "invalid"),
            ("https://user:pw@example.com/", "credentials"),
            ("https://example.com/#x", "invalid"),
        ] {
            assert_eq!(WebhookUrl::parse(bad).map_err(|e| e.reason), Err(reason), "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(URL_MAX_CHARS));
        assert_eq!(WebhookUrl::parse(&long).map_err(|e| e.reason), Err("too_long"));
    }

    #[test]
    fn private_and_special_addresses_are_forbidden() {
        for ip in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "198.18.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2002:a00:1::",
        ] {
            assert!(forbidden_ip(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(!forbidden_ip(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn event_types_are_known_or_all() {
        let t = EventTypes::parse(&["customer.updated".into(), "customer.created".into(), "customer.created".into()])
            .expect("parses");
        assert_eq!(t.as_slice(), ["customer.created", "customer.updated"]);
        assert!(t.matches("customer.created") && !t.matches("deal.created"));
        let all = EventTypes::parse(&["deal.created".into(), "*".into()]).expect("parses");
        assert_eq!(all.as_slice(), ["*"]);
        assert!(all.matches("deal.created") && !all.matches("search.rebuild_requested"));
        assert_eq!(EventTypes::parse(&[]).map_err(|e| e.reason), Err("required"));
        assert_eq!(EventTypes::parse(&["customer.exploded".into()]).map_err(|e| e.reason), Err("unknown_event"));
        assert_eq!(EventTypes::parse(&["search.rebuild_requested".into()]).map_err(|e| e.reason), Err("unknown_event"));
        assert_eq!(EventTypes::from_stored(&serde_json::json!(["*"])), all);
    }

    #[test]
    fn retries_double_within_the_window_and_endpoints_give_up() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1), Duration::from_secs(60));
        assert_eq!(p.delay(3), Duration::from_secs(240));
        assert_eq!(p.delay(40), Duration::from_secs(6 * 3600));
        assert_eq!(p.next_retry(1, Duration::ZERO), Some(Duration::from_secs(60)));
        assert_eq!(p.next_retry(20, Duration::from_secs(70 * 3600)), None);
        assert!(!p.should_disable(20, Duration::from_secs(3600)));
        assert!(p.should_disable(20, Duration::from_secs(3 * 24 * 3600)));
        assert!(!p.should_disable(3, Duration::from_secs(4 * 24 * 3600)));
    }
}
