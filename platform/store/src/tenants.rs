//! The caller's own company.

use chrono::{DateTime, Utc};
use guanxi_core::settings::TenantSettings;
use guanxi_core::subscription::PlanId;
use guanxi_core::{Action, Error, Result, TenantId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, Statement};

use crate::audit;
use crate::audit::AuditAction;
use crate::auth::tenant_slug_of;
use crate::db::{Access, Store, TenantTx, db_err, statement};
use crate::entity::{tenant, tenant_slug, user};

/// A company as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// Id.
    pub id: TenantId,
    /// URL slug.
    pub slug: String,
    /// Company name.
    pub name: String,
    /// IANA time zone.
    pub time_zone: String,
    /// UI locale.
    pub locale: String,
    /// Subscription plan.
    pub plan: PlanId,
    /// Signed up.
    pub created_at: DateTime<Utc>,
}

/// The tenant's row, read once per transaction and kept in it; writes to
/// the row go through [`forget_row`].
pub(crate) async fn row(tx: &TenantTx) -> Result<tenant::Model> {
    if let Some(t) = tx.tenant_row.lock().map_err(|_| Error::Internal("tenant cache poisoned".into()))?.clone() {
        return Ok(t);
    }
    let t = tx.select::<tenant::Entity>().one(tx.conn()).await.map_err(db_err)?.ok_or(Error::NotFound("tenant"))?;
    *tx.tenant_row.lock().map_err(|_| Error::Internal("tenant cache poisoned".into()))? = Some(t.clone());
    Ok(t)
}

/// Drop the transaction's copy of the tenant's row after changing it.
pub(crate) fn forget_row(tx: &TenantTx) -> Result<()> {
    *tx.tenant_row.lock().map_err(|_| Error::Internal("tenant cache poisoned".into()))? = None;
    Ok(())
}

/// The transaction's tenant.
pub async fn current(tx: &TenantTx) -> Result<Tenant> {
    let t = row(tx).await?;
    let plan = stored_plan(&t)?;
    Ok(Tenant {
        id: TenantId(t.tenant_id),
        slug: tenant_slug_of(tx).await?,
        name: t.name,
        time_zone: t.time_zone,
        locale: t.locale,
        plan,
        created_at: t.created_at,
    })
}

/// The company's subscription plan.
pub(crate) async fn plan(tx: &TenantTx) -> Result<PlanId> {
    stored_plan(&row(tx).await?)
}

/// The plan of a tenant's row. Only a valid [`PlanId`] is ever written
/// (sign-up writes the default, billing a configured plan), so another
/// value is a corrupt row, not bad input.
fn stored_plan(t: &tenant::Model) -> Result<PlanId> {
    PlanId::parse(&t.plan).map_err(Error::internal)
}

/// The tenant's settings (defaults for anything never set), for use inside
/// the store; API reads go through [`view_settings`].
pub async fn settings(tx: &TenantTx) -> Result<TenantSettings> {
    let t = row(tx).await?;
    // A document that no longer parses (an old shape) falls back to defaults
    // rather than locking the company out of every form.
    Ok(serde_json::from_value(t.settings).unwrap_or_default())
}

/// The settings, for display: everyone in the company but the maintenance role.
pub async fn view_settings(tx: &TenantTx) -> Result<TenantSettings> {
    tx.actor()?.authorize(&Action::ViewTeam)?;
    settings(tx).await
}

/// Replace the tenant's settings after validating them. Admins only.
pub async fn update_settings(tx: &TenantTx, new: TenantSettings) -> Result<TenantSettings> {
    tx.actor()?.authorize(&Action::ManageSettings)?;
    new.validate()?;
    crate::reminders::check_settings(tx, &new.reminders).await?;
    let new = new.normalised();
    let old = settings(tx).await?;
    let doc = serde_json::to_value(&new).map_err(Error::internal)?;
    tx.update_many::<tenant::Entity>()
        .col_expr(tenant::Column::Settings, Expr::value(doc.clone()))
        .col_expr(tenant::Column::UpdatedAt, Expr::value(tx.now))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    forget_row(tx)?;
    let old = serde_json::to_value(&old).map_err(Error::internal)?;
    audit::record(
        tx,
        AuditAction::TenantSettings,
        "tenant",
        Some(tx.tenant_id().0),
        serde_json::json!({ "old": old, "new": doc }),
    )
    .await?;
    Ok(new)
}

/// A company none of whose users has verified an e-mail address, for the
/// operator (`guanxi tenant list-unverified`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnverifiedTenant {
    /// Id.
    pub id: TenantId,
    /// URL slug.
    pub slug: String,
    /// Company name.
    pub name: String,
    /// The address of the admin who signed up (the oldest admin).
    pub admin_email: Option<String>,
    /// Signed up.
    pub created_at: DateTime<Utc>,
}

/// The company of `tx` if it is unverified and signed up before `before`.
async fn unverified(tx: &TenantTx, slug: String, before: DateTime<Utc>) -> Result<Option<UnverifiedTenant>> {
    let Some(t) = tx.select::<tenant::Entity>().one(tx.conn()).await.map_err(db_err)? else {
        return Ok(None);
    };
    if t.created_at >= before {
        return Ok(None);
    }
    let verified = tx
        .select::<user::Entity>()
        .filter(user::Column::EmailVerifiedAt.is_not_null())
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    if verified.is_some() {
        return Ok(None);
    }
    let admin = tx
        .select::<user::Entity>()
        .filter(user::Column::Role.eq(guanxi_core::Role::Admin.as_str()))
        .filter(user::Column::Kind.eq(crate::users::PERSON))
        .order_by_asc(user::Column::CreatedAt)
        .one(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(Some(UnverifiedTenant {
        id: tx.tenant_id(),
        slug,
        name: t.name,
        admin_email: admin.map(|a| a.email),
        created_at: t.created_at,
    }))
}

/// Tables that hold a `tenant_id` column, found by introspection so that a
/// table added later is pruned too.
async fn tables_with_tenant_id(tx: &TenantTx) -> Result<Vec<String>> {
    let backend = tx.conn().get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name::text AS t FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'tenant_id' ORDER BY 1"
        }
        _ => {
            "SELECT m.name AS t FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'tenant_id' ORDER BY 1"
        }
    };
    tx.conn()
        .query_all(Statement::from_string(backend, sql))
        .await
        .map_err(db_err)?
        .iter()
        .map(|r| r.try_get::<String>("", "t").map_err(db_err))
        .collect()
}

/// Delete every row of the company of `tx`, in `tx`.
async fn delete_everything(tx: &TenantTx) -> Result<()> {
    let backend = tx.conn().get_database_backend();
    let tenant: sea_orm::Value = tx.tenant_id().0.into();
    let delete =
        |table: &str| statement(backend, &format!("DELETE FROM {table} WHERE tenant_id = $1"), vec![tenant.clone()]);
    // Rows that other rows reference with RESTRICT go after those rows; the
    // root row then takes every table that cascades from it, and the sweep
    // the rest (tables without a root key, and the global queues and slug).
    for table in ["work_plans", "invitations", "customers", "users", "groups", "tenants"] {
        tx.conn().execute(delete(table)).await.map_err(db_err)?;
    }
    for table in tables_with_tenant_id(tx).await? {
        tx.conn().execute(delete(&table)).await.map_err(db_err)?;
    }
    Ok(())
}

impl Store {
    /// Companies none of whose users has verified an address, signed up more
    /// than `older_than` ago, oldest first. An operator command: it reads
    /// every company (one short transaction each).
    pub async fn unverified_tenants(&self, older_than: std::time::Duration) -> Result<Vec<UnverifiedTenant>> {
        let before = Utc::now() - crate::auth::chrono(older_than);
        let slugs = tenant_slug::Entity::find().all(&self.db).await.map_err(db_err)?;
        let mut out = Vec::new();
        for s in slugs {
            let tx = TenantTx::begin(self, TenantId(s.tenant_id), Access::Read).await?;
            if let Some(t) = unverified(&tx, s.slug, before).await? {
                out.push(t);
            }
            tx.commit().await?;
        }
        out.sort_by_key(|t| t.created_at);
        Ok(out)
    }

    /// Delete an unverified company signed up more than `older_than` ago,
    /// and all its data, in one transaction; then its files. `None` (and
    /// nothing deleted) when the company is verified by now, younger, or gone.
    pub async fn prune_unverified_tenant(
        &self,
        id: TenantId,
        older_than: std::time::Duration,
    ) -> Result<Option<UnverifiedTenant>> {
        let before = Utc::now() - crate::auth::chrono(older_than);
        let tx = TenantTx::begin(self, id, Access::Write).await?;
        if self.backend() == crate::db::Backend::Sqlite {
            // Pruning runs from the command line beside a serving process, on
            // a second connection to the file. SQLite cannot turn a read
            // transaction into a write once another connection has written
            // since it began (it answers "database is locked" at once, without
            // waiting), so take the write lock first, where `busy_timeout`
            // waits for the server's transaction to end.
            tx.conn()
                .execute(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "UPDATE tenants SET name = name WHERE tenant_id = ?",
                    [id.0.into()],
                ))
                .await
                .map_err(db_err)?;
        }
        let slug = tenant_slug_of(&tx).await.unwrap_or_default();
        let Some(t) = unverified(&tx, slug, before).await? else {
            tx.commit().await?;
            return Ok(None);
        };
        delete_everything(&tx).await?;
        // Its search documents go too, by the search indexer of whichever
        // server runs (the company's events went with it).
        crate::search_docs::record_removal(&tx).await?;
        tx.commit().await?;
        let files = self.cfg.data_dir.join("photos").join(id.0.simple().to_string());
        if let Err(e) = tokio::fs::remove_dir_all(&files).await
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, path = %files.display(), "could not remove a pruned company's files");
        }
        Ok(Some(t))
    }
}

/// What validating a customer needs to know about its company: its
/// settings (industries, sources, the number pattern) and its calendar day.
pub(crate) struct TenantFacts {
    pub(crate) settings: TenantSettings,
    pub(crate) today: chrono::NaiveDate,
}

/// The transaction's company's [`TenantFacts`].
pub(crate) async fn tenant_facts(tx: &TenantTx) -> Result<TenantFacts> {
    let settings = settings(tx).await?;
    let tz = tenant_tz(tx).await?;
    Ok(TenantFacts { settings, today: tx.now.with_timezone(&tz).date_naive() })
}

/// The company's time zone (a name that no longer parses falls back to the
/// default).
pub(crate) async fn tenant_tz(tx: &TenantTx) -> Result<chrono_tz::Tz> {
    let t = row(tx).await?;
    Ok(guanxi_core::input::TimeZone::parse(&t.time_zone, "timeZone").unwrap_or(guanxi_core::input::TimeZone::DEFAULT).0)
}

/// The company's interface language (Chinese when the stored one is not
/// known), for text the server renders for it.
pub async fn locale(tx: &TenantTx) -> Result<guanxi_core::input::Locale> {
    let t = row(tx).await?;
    Ok(guanxi_core::input::Locale::parse(&t.locale, "locale").unwrap_or(guanxi_core::input::Locale::ZhCn))
}
