//! What the benchmarks share: their settings from the environment, sample
//! statistics, raw statements, the plans they run on and the small
//! companies seeded beside the big one. Each benchmark is its own crate and
//! uses part of it.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// A number from the environment, or `default`.
pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Percentile `p` (0–100) of sorted samples.
pub fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

/// A duration in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Plans whose limits are finite but far above what a benchmark uses, laid
/// over `free` and over `team` (a new company's trial): every entitlement
/// check runs as in production (the count, the usage row, the rate
/// window) and none stops the benchmark.
pub fn far_plans() -> guanxi_core::subscription::PlansConfig {
    let far = serde_json::json!({ "entitlements": {
        "seats": 1000, "customers": 10_000_000, "custom_fields": 1000, "plugins": 100,
        "plugin_fuel_per_month": 1_000_000_000_000u64, "storage_bytes": 1_000_000_000_000u64,
        "api_requests_per_minute": 1_000_000_000u64,
    } });
    serde_json::from_value(serde_json::json!({ "free": far, "team": far })).unwrap_or_default()
}

/// A PostgreSQL statement with its values.
pub fn stmt(sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// `count` companies with an admin and 10 customers each, named
/// `customer_name` and their number, in set-based SQL.
pub async fn seed_small_tenants(db: &DatabaseConnection, count: u64, customer_name: &str) {
    let t = Instant::now();
    let n = i64::try_from(count).unwrap_or(i64::MAX);
    for sql in [
        "INSERT INTO tenants (tenant_id, name, time_zone, locale, created_at, updated_at)
         SELECT md5('t' || i)::uuid, '小公司' || i, 'Asia/Shanghai', 'zh-CN', now(), now()
         FROM generate_series(1, $1::bigint) i",
        "INSERT INTO tenant_slugs (slug, tenant_id, created_at)
         SELECT 'small' || i, md5('t' || i)::uuid, now() FROM generate_series(1, $1::bigint) i",
        "INSERT INTO users (tenant_id, id, email, display_name, password_hash, role, group_id, active, failed_logins,
             created_at, updated_at)
         SELECT md5('t' || i)::uuid, md5('u' || i)::uuid, 'admin@small' || i || '.cn', '管理员', 'x', 'admin', NULL,
             true, 0, now(), now()
         FROM generate_series(1, $1::bigint) i",
        "INSERT INTO customers (tenant_id, id, number, name, phones, phone_digits, gender, status, grade, tags,
             owner_id, custom, created_by, created_at, updated_at, last_contact_at)
         SELECT md5('t' || i)::uuid, gen_random_uuid(), 'KH' || i || '-' || j, $2::text || j, '[]'::jsonb, '',
             'unknown', 'intent', 'normal', '[]'::jsonb, md5('u' || i)::uuid, '{}'::jsonb, md5('u' || i)::uuid,
             now(), now(), now()
         FROM generate_series(1, $1::bigint) i, generate_series(1, 10) j",
    ] {
        // Each statement binds what it uses; PostgreSQL refuses extra values.
        let values: Vec<sea_orm::Value> =
            if sql.contains("$2") { vec![n.into(), customer_name.into()] } else { vec![n.into()] };
        if let Err(e) = db.execute(stmt(sql, values)).await {
            panic!("seeding the small companies failed: {e}");
        }
    }
    println!("seeded {count} small tenants in {:.1} s", t.elapsed().as_secs_f64());
}
