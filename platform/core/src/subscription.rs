//! Subscription plans: what a company pays for. A plan is named by the
//! operator's configuration (plugin limits per plan today, billing next), so
//! it is a validated name rather than an enum; the type keeps it apart from
//! work plans ([`crate::plans`]), which are a salesperson's to-dos.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The name of a subscription plan (`free`, `pro`, `enterprise-2027`):
/// 1 to 40 characters, lowercase ASCII letters, digits, `-` and `_`,
/// starting with a letter or a digit. Stored in `tenants.plan` and used as
/// the key of `plugin_plans` in the configuration.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PlanId(String);

/// The longest plan name accepted.
pub const MAX_PLAN_ID_CHARS: usize = 40;

/// A plan name that breaks [`PlanId`]'s rules.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a plan name: 1 to 40 lowercase letters, digits, `-` or `_`, starting with a letter or a digit")]
pub struct InvalidPlanId(pub String);

impl PlanId {
    /// The plan every company starts on.
    pub const DEFAULT: &'static str = "free";

    /// The plan every company starts on (`free`).
    pub fn free() -> PlanId {
        PlanId(Self::DEFAULT.to_owned())
    }

    /// Check a plan name.
    pub fn parse(name: &str) -> Result<PlanId, InvalidPlanId> {
        let valid = !name.is_empty()
            && name.len() <= MAX_PLAN_ID_CHARS
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
            && name.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
        if valid { Ok(PlanId(name.to_owned())) } else { Err(InvalidPlanId(name.to_owned())) }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for PlanId {
    fn default() -> Self {
        PlanId::free()
    }
}

impl FromStr for PlanId {
    type Err = InvalidPlanId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlanId::parse(s)
    }
}

impl TryFrom<String> for PlanId {
    type Error = InvalidPlanId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PlanId::parse(&s)
    }
}

impl From<PlanId> for String {
    fn from(p: PlanId) -> String {
        p.0
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Something a plan grants a measured amount of. The API names
/// (`customers`, `pluginFuelPerMonth` …) appear in `LIMIT_REACHED` errors'
/// `extensions.limit` and in `planUsage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entitlement {
    /// Active users.
    Seats,
    /// Customers, wherever they are (owned or in the public pool).
    Customers,
    /// Custom field definitions, archived ones included.
    CustomFields,
    /// Installed plugins (a plugin key uploaded once is installed, whichever
    /// of its versions runs).
    Plugins,
    /// Plugin fuel burnt in the current calendar month (UTC).
    PluginFuelPerMonth,
    /// Bytes of stored files: customer photos and prepared exports.
    StorageBytes,
    /// API requests per minute, per company.
    ApiRequestsPerMinute,
}

impl Entitlement {
    /// Every entitlement, in the order pages list them.
    pub const ALL: [Entitlement; 7] = [
        Entitlement::Seats,
        Entitlement::Customers,
        Entitlement::CustomFields,
        Entitlement::Plugins,
        Entitlement::PluginFuelPerMonth,
        Entitlement::StorageBytes,
        Entitlement::ApiRequestsPerMinute,
    ];

    /// The API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Entitlement::Seats => "seats",
            Entitlement::Customers => "customers",
            Entitlement::CustomFields => "customFields",
            Entitlement::Plugins => "plugins",
            Entitlement::PluginFuelPerMonth => "pluginFuelPerMonth",
            Entitlement::StorageBytes => "storageBytes",
            Entitlement::ApiRequestsPerMinute => "apiRequestsPerMinute",
        }
    }

    /// Said to people (English), e.g. in an error message.
    pub fn label(self) -> &'static str {
        match self {
            Entitlement::Seats => "active users",
            Entitlement::Customers => "customers",
            Entitlement::CustomFields => "custom fields",
            Entitlement::Plugins => "installed plugins",
            Entitlement::PluginFuelPerMonth => "plugin fuel this month",
            Entitlement::StorageBytes => "bytes of stored files",
            Entitlement::ApiRequestsPerMinute => "API requests per minute",
        }
    }
}

impl fmt::Display for Entitlement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entitlement's maximum: a number, or no limit at all. In the
/// configuration a number or the string `"unlimited"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    /// At most this many.
    Max(u64),
    /// No limit.
    Unlimited,
}

impl Limit {
    /// The maximum, `None` when unlimited.
    pub fn max(self) -> Option<u64> {
        match self {
            Limit::Max(m) => Some(m),
            Limit::Unlimited => None,
        }
    }

    /// Whether `usage + more` stays within the limit.
    pub fn allows(self, usage: u64, more: u64) -> bool {
        match self {
            Limit::Max(m) => usage.saturating_add(more) <= m,
            Limit::Unlimited => true,
        }
    }
}

impl Serialize for Limit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Limit::Max(m) => s.serialize_u64(*m),
            Limit::Unlimited => s.serialize_str("unlimited"),
        }
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Limit, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(Limit::Max(n)),
            Raw::Text(t) if t == "unlimited" => Ok(Limit::Unlimited),
            Raw::Text(t) => {
                Err(serde::de::Error::custom(format!("`{t}` is not a limit: a whole number or \"unlimited\"")))
            }
        }
    }
}

/// What a plan grants. In the configuration every key may be left out:
/// a plan then gets the free plan's value (see [`PlanCatalogue::with_defaults`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entitlements {
    /// Active users.
    pub seats: Limit,
    /// Customers.
    pub customers: Limit,
    /// Custom field definitions.
    pub custom_fields: Limit,
    /// Installed plugins.
    pub plugins: Limit,
    /// Plugin fuel per calendar month.
    pub plugin_fuel_per_month: Limit,
    /// Bytes of stored files (photos, exports).
    pub storage_bytes: Limit,
    /// API requests per minute, per company.
    pub api_requests_per_minute: Limit,
}

impl Entitlements {
    /// The limit of one entitlement.
    pub fn get(&self, e: Entitlement) -> Limit {
        match e {
            Entitlement::Seats => self.seats,
            Entitlement::Customers => self.customers,
            Entitlement::CustomFields => self.custom_fields,
            Entitlement::Plugins => self.plugins,
            Entitlement::PluginFuelPerMonth => self.plugin_fuel_per_month,
            Entitlement::StorageBytes => self.storage_bytes,
            Entitlement::ApiRequestsPerMinute => self.api_requests_per_minute,
        }
    }

    /// No limit on anything (for benchmarks measuring the checks).
    pub fn unlimited() -> Entitlements {
        let u = Limit::Unlimited;
        Entitlements {
            seats: u,
            customers: u,
            custom_fields: u,
            plugins: u,
            plugin_fuel_per_month: u,
            storage_bytes: u,
            api_requests_per_minute: u,
        }
    }
}

/// The same entitlements with every key optional: a plan's table in the
/// configuration, completed from the free plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntitlementOverrides {
    /// See [`Entitlements::seats`].
    pub seats: Option<Limit>,
    /// See [`Entitlements::customers`].
    pub customers: Option<Limit>,
    /// See [`Entitlements::custom_fields`].
    pub custom_fields: Option<Limit>,
    /// See [`Entitlements::plugins`].
    pub plugins: Option<Limit>,
    /// See [`Entitlements::plugin_fuel_per_month`].
    pub plugin_fuel_per_month: Option<Limit>,
    /// See [`Entitlements::storage_bytes`].
    pub storage_bytes: Option<Limit>,
    /// See [`Entitlements::api_requests_per_minute`].
    pub api_requests_per_minute: Option<Limit>,
}

impl EntitlementOverrides {
    fn over(self, base: Entitlements) -> Entitlements {
        Entitlements {
            seats: self.seats.unwrap_or(base.seats),
            customers: self.customers.unwrap_or(base.customers),
            custom_fields: self.custom_fields.unwrap_or(base.custom_fields),
            plugins: self.plugins.unwrap_or(base.plugins),
            plugin_fuel_per_month: self.plugin_fuel_per_month.unwrap_or(base.plugin_fuel_per_month),
            storage_bytes: self.storage_bytes.unwrap_or(base.storage_bytes),
            api_requests_per_minute: self.api_requests_per_minute.unwrap_or(base.api_requests_per_minute),
        }
    }
}

/// A price per seat, in the currency's smallest unit (分, cents).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeatPrice {
    /// Per seat per month.
    pub month: u64,
    /// Per seat per year.
    pub year: u64,
}

/// A plan's prices per currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Prices {
    /// In renminbi (分).
    pub cny: SeatPrice,
    /// In US dollars (cents).
    pub usd: SeatPrice,
}

impl Prices {
    /// The price in one currency.
    pub fn get(&self, c: crate::billing::Currency) -> SeatPrice {
        match c {
            crate::billing::Currency::Cny => self.cny,
            crate::billing::Currency::Usd => self.usd,
        }
    }
}

/// One plan of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanSpec {
    /// Its name.
    pub id: PlanId,
    /// Where it stands in the upgrade path: a higher rank is a bigger plan.
    pub rank: u32,
    /// What it costs.
    pub prices: Prices,
    /// What it grants.
    pub entitlements: Entitlements,
}

/// One plan as the configuration writes it (`[plans.<name>]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanConfig {
    /// Upgrade order: plans with a higher rank are offered as upgrades.
    pub rank: Option<u32>,
    /// Prices per seat.
    pub prices: Option<Prices>,
    /// Entitlements; a key left out keeps the default plan's value for
    /// `free`, `team` and `business`, the free plan's for other plans.
    pub entitlements: EntitlementOverrides,
}

/// Plans by name as the configuration writes them.
pub type PlansConfig = std::collections::BTreeMap<PlanId, PlanConfig>;

/// Every plan a company may be on, and what each grants. Built from the
/// defaults ([`PlanCatalogue::default`]) and the operator's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanCatalogue {
    /// By rank, then name.
    plans: Vec<PlanSpec>,
}

/// Plugin calls burn roughly one unit of fuel per WebAssembly instruction;
/// a typical validation burns well under a million.
const FUEL_MILLION: u64 = 1_000_000;
const GIB: u64 = 1024 * 1024 * 1024;

/// The free plan's entitlements by default.
const FREE: Entitlements = Entitlements {
    seats: Limit::Max(3),
    customers: Limit::Max(1_000),
    custom_fields: Limit::Max(10),
    plugins: Limit::Max(1),
    plugin_fuel_per_month: Limit::Max(1_000 * FUEL_MILLION),
    storage_bytes: Limit::Max(GIB),
    api_requests_per_minute: Limit::Max(600),
};

impl Default for PlanCatalogue {
    /// `free`, `team` and `business`: see `docs/operations.md` ("Plans").
    fn default() -> Self {
        let plan = |id: &str, rank, cny: (u64, u64), usd: (u64, u64), entitlements| PlanSpec {
            id: PlanId(id.to_owned()),
            rank,
            prices: Prices {
                cny: SeatPrice { month: cny.0, year: cny.1 },
                usd: SeatPrice { month: usd.0, year: usd.1 },
            },
            entitlements,
        };
        PlanCatalogue {
            plans: vec![
                plan("free", 0, (0, 0), (0, 0), FREE),
                plan(
                    "team",
                    10,
                    (4_900, 49_000),
                    (900, 9_000),
                    Entitlements {
                        seats: Limit::Max(50),
                        customers: Limit::Max(100_000),
                        custom_fields: Limit::Max(100),
                        plugins: Limit::Max(10),
                        plugin_fuel_per_month: Limit::Max(100_000 * FUEL_MILLION),
                        storage_bytes: Limit::Max(50 * GIB),
                        api_requests_per_minute: Limit::Max(3_000),
                    },
                ),
                plan(
                    "business",
                    20,
                    (9_900, 99_000),
                    (1_900, 19_000),
                    Entitlements {
                        seats: Limit::Unlimited,
                        customers: Limit::Max(1_000_000),
                        custom_fields: Limit::Max(500),
                        plugins: Limit::Max(50),
                        plugin_fuel_per_month: Limit::Max(1_000_000 * FUEL_MILLION),
                        storage_bytes: Limit::Max(500 * GIB),
                        api_requests_per_minute: Limit::Max(12_000),
                    },
                ),
            ],
        }
    }
}

impl PlanCatalogue {
    /// The defaults with the operator's plans laid over them: a plan the
    /// defaults have keeps every value the configuration leaves out; a new
    /// plan starts from the free plan's entitlements (and no price). The
    /// catalogue must keep a `free` plan (it is where unknown plans fall).
    pub fn with_defaults(config: &PlansConfig) -> PlanCatalogue {
        let mut cat = PlanCatalogue::default();
        let free = cat.free().entitlements;
        for (id, pc) in config {
            match cat.plans.iter_mut().find(|p| &p.id == id) {
                Some(p) => {
                    if let Some(r) = pc.rank {
                        p.rank = r;
                    }
                    if let Some(pr) = pc.prices {
                        p.prices = pr;
                    }
                    p.entitlements = pc.entitlements.over(p.entitlements);
                }
                None => cat.plans.push(PlanSpec {
                    id: id.clone(),
                    rank: pc.rank.unwrap_or(0),
                    prices: pc.prices.unwrap_or_default(),
                    entitlements: pc.entitlements.over(free),
                }),
            }
        }
        cat.plans.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.id.cmp(&b.id)));
        cat
    }

    /// A catalogue of exactly these plans (tests, benchmarks). The first
    /// plan named `free` is where unknown plans fall; without one, the
    /// first plan.
    pub fn of(plans: Vec<PlanSpec>) -> PlanCatalogue {
        let mut plans = plans;
        plans.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.id.cmp(&b.id)));
        PlanCatalogue { plans }
    }

    /// Every plan, smallest first.
    pub fn plans(&self) -> &[PlanSpec] {
        &self.plans
    }

    /// The plan called `id`, if the catalogue has it.
    pub fn get(&self, id: &PlanId) -> Option<&PlanSpec> {
        self.plans.iter().find(|p| &p.id == id)
    }

    /// The free plan: the catalogue's `free`, else its smallest plan (an
    /// empty catalogue, which only [`PlanCatalogue::of`] can make, falls
    /// back to the default free entitlements).
    pub fn free(&self) -> &PlanSpec {
        self.plans
            .iter()
            .find(|p| p.id.as_str() == PlanId::DEFAULT)
            .or_else(|| self.plans.first())
            .unwrap_or(&DEFAULT_FREE)
    }

    /// What a company on `plan` (the stored name, possibly one the
    /// catalogue no longer has) may use. An unknown plan gets the free
    /// plan's entitlements; `known` tells the caller to warn.
    pub fn resolve(&self, plan: &str) -> Resolved<'_> {
        match PlanId::parse(plan).ok().and_then(|id| self.plans.iter().find(|p| p.id == id)) {
            Some(spec) => Resolved { spec, known: true },
            None => Resolved { spec: self.free(), known: false },
        }
    }

    /// The smallest plan above `current` that allows `usage + more` of
    /// `e`: what to offer a company that reached a limit.
    pub fn upgrade_for(&self, current: &PlanSpec, e: Entitlement, usage: u64, more: u64) -> Option<&PlanSpec> {
        self.plans.iter().find(|p| p.rank > current.rank && p.entitlements.get(e).allows(usage, more))
    }
}

static DEFAULT_FREE: PlanSpec = PlanSpec {
    id: PlanId(String::new()),
    rank: 0,
    prices: Prices { cny: SeatPrice { month: 0, year: 0 }, usd: SeatPrice { month: 0, year: 0 } },
    entitlements: FREE,
};

/// A plan looked up by a company's stored name.
#[derive(Clone, Copy, Debug)]
pub struct Resolved<'a> {
    /// The plan whose entitlements apply.
    pub spec: &'a PlanSpec,
    /// Whether the stored name was in the catalogue (otherwise `spec` is
    /// the free plan).
    pub known: bool,
}

/// A refused use: which entitlement, how much is used, the maximum, and
/// the plan that would allow it. Carried by `Error::EntitlementReached`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    /// The entitlement.
    pub entitlement: Entitlement,
    /// The company's plan (the catalogue's name; `free` for an unknown one).
    pub plan: PlanId,
    /// What is used now.
    pub usage: u64,
    /// What was asked for on top.
    pub requested: u64,
    /// The plan's maximum.
    pub max: u64,
    /// The smallest plan that allows it, if any.
    pub upgrade: Option<PlanId>,
    /// Seconds until the limit no longer stands in the way, when that is
    /// a matter of time (the request rate, a monthly budget).
    pub retry_after_secs: Option<i64>,
}

impl Exceeded {
    /// Said to people (English).
    pub fn message(&self) -> String {
        let raise = match &self.upgrade {
            Some(p) => format!("upgrade to the {p} plan to raise it"),
            None => "contact us to raise it".to_owned(),
        };
        format!(
            "the {} plan allows {} {}; {} used — {raise}",
            self.plan,
            self.max,
            self.entitlement.label(),
            self.usage
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_operator_names_and_refuses_the_rest() {
        for ok in ["free", "pro", "enterprise-2027", "team_5", "2027"] {
            assert_eq!(PlanId::parse(ok).map(|p| p.to_string()), Ok(ok.to_owned()));
        }
        for bad in ["", "Pro", " pro", "pro ", "-pro", "_x", "pro plan", "专业", &"p".repeat(41)] {
            assert!(PlanId::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(PlanId::default().as_str(), "free");
    }

    #[test]
    fn the_catalogue_lays_configuration_over_defaults() {
        let cfg: PlansConfig = serde_json::from_str(
            r#"{"team": {"entitlements": {"customers": "unlimited"}},
                "pro": {"rank": 15, "entitlements": {"seats": 20}, "prices": {"cny": {"month": 100, "year": 1000}}}}"#,
        )
        .expect("plans parse");
        let cat = PlanCatalogue::with_defaults(&cfg);
        let names: Vec<&str> = cat.plans().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(names, ["free", "team", "pro", "business"]);
        let team = cat.resolve("team").spec;
        assert_eq!(team.entitlements.customers, Limit::Unlimited);
        assert_eq!(team.entitlements.seats, Limit::Max(50));
        let pro = cat.resolve("pro").spec;
        assert_eq!(pro.entitlements.seats, Limit::Max(20));
        assert_eq!(pro.entitlements.customers, Limit::Max(1_000));
        let unknown = cat.resolve("gold-2020");
        assert!(!unknown.known);
        assert_eq!(unknown.spec.id.as_str(), "free");
        assert!(!cat.resolve("Not A Plan").known);
        let free = cat.free();
        assert_eq!(cat.upgrade_for(free, Entitlement::Seats, 3, 1).map(|p| p.id.as_str()), Some("team"));
        assert_eq!(cat.upgrade_for(free, Entitlement::Seats, 60, 1).map(|p| p.id.as_str()), Some("business"));
        assert_eq!(cat.upgrade_for(free, Entitlement::Customers, 2_000_000, 1).map(|p| p.id.as_str()), Some("team"));
        assert!(serde_json::from_str::<PlansConfig>(r#"{"team": {"entitlements": {"customer": 1}}}"#).is_err());
        assert!(serde_json::from_str::<PlansConfig>(r#"{"team": {"entitlements": {"seats": "lots"}}}"#).is_err());
    }

    #[test]
    fn limits_allow_up_to_their_maximum() {
        assert!(Limit::Max(3).allows(2, 1));
        assert!(!Limit::Max(3).allows(3, 1));
        assert!(!Limit::Max(3).allows(u64::MAX, 1));
        assert!(Limit::Unlimited.allows(u64::MAX, u64::MAX));
    }

    #[test]
    fn reads_and_writes_as_a_plain_string() {
        let p: PlanId = serde_json::from_str("\"pro\"").expect("a plan name");
        assert_eq!(serde_json::to_string(&p).expect("serialises"), "\"pro\"");
        assert!(serde_json::from_str::<PlanId>("\"Pro\"").is_err());
    }
}
