//! Customer photos: upload (multipart) and removal. Photos are served by
//! `GET /photos/{customerId}` with the bearer token (see `Customer.photoUrl`).

use async_graphql::{Context, ID, Object, Upload};
use guanxi_core::{CustomerId, Error};
use guanxi_store::customers::photo;

use crate::context::ContextExt;
use crate::customers::Customer;
use crate::error::{ApiResult, parse_id};

#[derive(Default)]
pub struct PhotoMutation;

#[Object]
impl PhotoMutation {
    /// Set a customer's photo from an uploaded JPEG, PNG or WebP file (at
    /// most `max_photo_bytes`, 5 MiB by default); same rights as editing the
    /// customer. The change is in the customer's history.
    async fn set_customer_photo(&self, ctx: &Context<'_>, id: ID, file: Upload) -> ApiResult<Customer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        let upload =
            file.value(ctx).map_err(|_| Error::invalid("file", "unreadable", "the upload could not be read"))?;
        // The old file is forgotten only once the change is committed.
        let (tenant, customer, replaced) = ctx
            .write(async |tx| {
                let (customer, replaced) = photo::set(tx, id, &upload.content).await?;
                Ok((tx.tenant_id(), customer, replaced))
            })
            .await?;
        if let Some(old) = replaced {
            ctx.rc()?.store.forget_photo(tenant, id, Some(&old)).await;
        }
        Ok(Customer(customer))
    }

    /// Remove a customer's photo; same rights as editing the customer.
    async fn remove_customer_photo(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Customer> {
        let id = parse_id::<CustomerId>(&id, "id")?;
        // The old file is forgotten only once the change is committed.
        let (tenant, customer, removed) = ctx
            .write(async |tx| {
                let (customer, removed) = photo::remove(tx, id).await?;
                Ok((tx.tenant_id(), customer, removed))
            })
            .await?;
        if let Some(old) = removed {
            ctx.rc()?.store.forget_photo(tenant, id, Some(&old)).await;
        }
        Ok(Customer(customer))
    }
}
