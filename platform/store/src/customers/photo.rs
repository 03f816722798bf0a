//! Customer photos: JPEG, PNG or WebP (decided by the bytes, never by the
//! name or the client's content type), stored as
//! `<data_dir>/photos/<tenant>/<customer>/<sha256>.<ext>`. File names are
//! made here, never taken from the client, so no request can reach outside
//! its tenant's directory. The customer's `photo` column holds
//! `<sha256>.<ext>`; a change is in the customer's history.
//!
//! A file is written (to a temporary name, then renamed) before the
//! transaction that points the customer at it commits; the old file is
//! removed by the caller after the commit ([`Store::forget_photo`]). A
//! transaction that fails after the write leaves an unreferenced file
//! behind, which is harmless and never served.

use std::path::PathBuf;

use guanxi_core::customer::CustomerScope;
use guanxi_core::{CustomerId, Error, FieldError, Result, TenantId};
use sha2::{Digest, Sha256};

use super::{Customer, get};
use crate::db::{Store, StoreConfig, TenantTx};
use crate::entity::customer;

/// An accepted image type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageType {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

impl ImageType {
    /// Recognise an image by its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(ImageType::Webp)
        } else {
            None
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ImageType::Jpeg => "jpg",
            ImageType::Png => "png",
            ImageType::Webp => "webp",
        }
    }

    /// The content type a stored name is served with.
    pub fn content_type_of(name: &str) -> &'static str {
        match name.rsplit('.').next() {
            Some("png") => "image/png",
            Some("webp") => "image/webp",
            _ => "image/jpeg",
        }
    }
}

pub(crate) fn dir(cfg: &StoreConfig, tenant: TenantId, customer: CustomerId) -> PathBuf {
    cfg.data_dir.join("photos").join(tenant.0.simple().to_string()).join(customer.0.simple().to_string())
}

/// A stored name is `<64 hex>.<ext>`; anything else is not ours.
pub(crate) fn valid_name(name: &str) -> bool {
    let Some((hash, ext)) = name.split_once('.') else { return false };
    hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) && matches!(ext, "jpg" | "png" | "webp")
}

/// The customer, if the caller may edit it.
async fn editable(tx: &TenantTx, id: CustomerId) -> Result<customer::Model> {
    super::editable_row(tx, &CustomerScope::of(tx.actor()?)?, id).await
}

async fn point_to(tx: &TenantTx, id: CustomerId, old: Option<String>, new: Option<String>) -> Result<()> {
    let mut p = super::write::Patch::default();
    p.set("photo", customer::Column::Photo, &old, new.clone(), new);
    super::write::patch(tx, id, p).await
}

/// Set a customer's photo (same rights as editing it). Returns the customer
/// and the name of the photo it replaced, to remove after the commit.
pub async fn set(tx: &TenantTx, id: CustomerId, bytes: &[u8]) -> Result<(Customer, Option<String>)> {
    let max = tx.cfg.max_photo_bytes;
    if bytes.len() > max {
        return Err(Error::Validation(vec![FieldError::new(
            "file",
            "too_large",
            format!("a photo is at most {} KiB", max / 1024),
        )]));
    }
    let Some(kind) = ImageType::sniff(bytes) else {
        return Err(Error::Validation(vec![FieldError::new(
            "file",
            "unsupported_type",
            "a photo is JPEG, PNG or WebP",
        )]));
    };
    let m = editable(tx, id).await?;
    let name = format!("{}.{}", hex::encode(Sha256::digest(bytes)), kind.extension());
    if m.photo.as_deref() == Some(name.as_str()) {
        return Ok((get(tx, id).await?, None));
    }
    crate::entitlements::ensure_storage(tx, u64::try_from(bytes.len()).unwrap_or(u64::MAX)).await?;
    let dir = dir(&tx.cfg, tx.tenant_id(), id);
    tokio::fs::create_dir_all(&dir).await.map_err(Error::internal)?;
    let tmp = dir.join(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
    tokio::fs::write(&tmp, bytes).await.map_err(Error::internal)?;
    tokio::fs::rename(&tmp, dir.join(&name)).await.map_err(Error::internal)?;
    point_to(tx, id, m.photo.clone(), Some(name)).await?;
    Ok((get(tx, id).await?, m.photo))
}

/// Remove a customer's photo (same rights as editing it). Returns the
/// customer and the name of the removed photo, to delete after the commit.
pub async fn remove(tx: &TenantTx, id: CustomerId) -> Result<(Customer, Option<String>)> {
    let m = editable(tx, id).await?;
    if m.photo.is_some() {
        point_to(tx, id, m.photo.clone(), None).await?;
    }
    Ok((get(tx, id).await?, m.photo))
}

/// A visible customer's photo: its bytes and content type; `NOT_FOUND`
/// when the customer is out of sight or has none.
pub async fn read(tx: &TenantTx, id: CustomerId) -> Result<(Vec<u8>, &'static str)> {
    let c = get(tx, id).await?;
    let name = c.photo.filter(|n| valid_name(n)).ok_or(Error::NotFound("photo"))?;
    let bytes =
        tokio::fs::read(dir(&tx.cfg, tx.tenant_id(), id).join(&name)).await.map_err(|_| Error::NotFound("photo"))?;
    Ok((bytes, ImageType::content_type_of(&name)))
}

impl Store {
    /// Delete a photo file no customer points at any more (`name`), or, with
    /// `None`, every photo of a customer deleted for good. Failures are
    /// logged, not returned: the change they follow has committed.
    pub async fn forget_photo(&self, tenant: TenantId, customer: CustomerId, name: Option<&str>) {
        let dir = dir(&self.cfg, tenant, customer);
        let result = match name {
            Some(n) if valid_name(n) => tokio::fs::remove_file(dir.join(n)).await,
            Some(_) => Ok(()),
            None => match tokio::fs::remove_dir_all(&dir).await {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                other => other,
            },
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not remove a customer photo");
        }
    }
}
