//! Customer care mails (客户关怀): what makes a mail to a customer honest.
//!
//! Every mail a workflow sends to a customer's own address carries an
//! unsubscribe link, is kept in the customer's send log
//! (`mail_outbox.customer_id`, [`crate::outbox::of_customer`]) and is not
//! sent once the customer unsubscribed (`customers.mail_opt_out_at`): the
//! step completes and says so. The link's token names the company and the
//! customer, signed with the installation's key (HMAC-SHA256), so it needs
//! no storage and cannot be made up for another customer.

use guanxi_core::{CustomerId, Error, Result, TenantId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter};
use serde_json::json;

use crate::db::{Access, Store, TenantTx, db_err};
use crate::entity::customer;

fn message(tenant: TenantId, customer: CustomerId) -> String {
    format!("unsubscribe:{tenant}:{customer}")
}

/// The unsubscribe token of a customer: `<company>.<customer>.<signature>`.
pub(crate) async fn token(tx: &TenantTx, customer: CustomerId) -> Result<String> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &tx.cfg.webhooks.key.key().await?);
    let t = ring::hmac::sign(&key, message(tx.tenant_id(), customer).as_bytes());
    Ok(format!("{}.{}.{}", tx.tenant_id(), customer, hex::encode(t.as_ref())))
}

/// The footer of a mail to a customer: the unsubscribe link, Chinese then
/// English.
pub(crate) async fn footer(tx: &TenantTx, customer: CustomerId) -> Result<String> {
    let url = format!("{}/unsubscribe/{}", tx.cfg.public_url.trim_end_matches('/'), token(tx, customer).await?);
    Ok(format!("\n\n——\n不想再收到此类邮件？退订：{url}\nUnsubscribe: {url}\n"))
}

/// What an unsubscribe link names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsubscribed {
    /// The company's name.
    pub company: String,
    /// Whether this request unsubscribed it (false: it already was).
    pub changed: bool,
}

impl Store {
    /// Check an unsubscribe token: the company's name, or `NOT_FOUND` for
    /// a token that is malformed, forged or names no customer.
    pub async fn unsubscribe_target(&self, token: &str) -> Result<(TenantId, CustomerId, String)> {
        let mut parts = token.splitn(3, '.');
        let (Some(t), Some(c), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(Error::NotFound("link"));
        };
        let (Ok(tenant), Ok(customer)) = (t.parse::<TenantId>(), c.parse::<CustomerId>()) else {
            return Err(Error::NotFound("link"));
        };
        let sig = hex::decode(sig).map_err(|_| Error::NotFound("link"))?;
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &self.cfg.webhooks.key.key().await?);
        // `verify` compares in constant time.
        if ring::hmac::verify(&key, message(tenant, customer).as_bytes(), &sig).is_err() {
            return Err(Error::NotFound("link"));
        }
        let tx = TenantTx::begin(self, tenant, Access::Read).await?;
        let exists = tx
            .select::<customer::Entity>()
            .filter(customer::Column::Id.eq(customer.0))
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .is_some();
        if !exists {
            return Err(Error::NotFound("link"));
        }
        let company = crate::tenants::row(&tx).await?.name;
        Ok((tenant, customer, company))
    }

    /// Unsubscribe the customer a token names from care mails (the POST of
    /// the link's page; opening the link changes nothing, so a mail
    /// scanner's visit does not unsubscribe anyone).
    pub async fn unsubscribe(&self, token: &str) -> Result<Unsubscribed> {
        let (tenant, id, company) = self.unsubscribe_target(token).await?;
        let tx = TenantTx::begin(self, tenant, Access::Write).await?;
        let done = tx
            .update_many::<customer::Entity>()
            .col_expr(customer::Column::MailOptOutAt, Expr::value(Some(tx.now)))
            .filter(customer::Column::Id.eq(id.0))
            .filter(customer::Column::MailOptOutAt.is_null())
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        let changed = done.rows_affected > 0;
        if changed {
            crate::customers::write::note(&tx, id.0, "mailOptOut", json!(true)).await?;
        }
        tx.commit().await?;
        Ok(Unsubscribed { company, changed })
    }
}

/// Stop or resume care mails to customer `id` by hand: the customer asked
/// by phone not to be mailed, or asked to hear again after using the link.
/// Whoever may edit the customer may; the change is in its history
/// (`mailOptOut`) like the link's.
pub async fn set_mail_opt_out(tx: &TenantTx, id: CustomerId, opted_out: bool) -> Result<crate::customers::Customer> {
    let scope = guanxi_core::customer::CustomerScope::of(tx.actor()?)?;
    let row = crate::customers::editable_row(tx, &scope, id).await?;
    let mut p = crate::customers::write::Patch::default();
    let stored: Option<chrono::DateTime<chrono::Utc>> = opted_out.then_some(tx.now);
    p.set("mailOptOut", customer::Column::MailOptOutAt, &row.mail_opt_out_at.is_some(), opted_out, stored);
    if !p.is_empty() {
        crate::customers::write::patch(tx, id, p).await?;
    }
    crate::customers::get(tx, id).await
}
