//! Which custom fields the transaction's actor may read: decided here once.
//!
//! Every reader goes through [`readable_fields`]: the customer and
//! conversation values the store returns are filtered with it, and filters,
//! sorts, exports and the API's list of fields ask it which fields exist for
//! the caller. A field hidden from a role is, for that role, as absent as a
//! field that was never defined.

use std::sync::Arc;

use guanxi_core::Result;
use guanxi_core::custom_fields::{CompiledField, FieldDef, FieldEntity, FieldSet};
use guanxi_core::roles::Role;
use serde_json::Value;

use crate::db::TenantTx;

/// The custom fields of one kind of record as one reader sees them.
#[derive(Debug)]
pub struct ReadableFields {
    set: FieldSet,
    /// `None`: a transaction without an acting user (a system job), which
    /// reads everything.
    role: Option<Role>,
}

impl ReadableFields {
    /// The rule: a field is readable unless its visibility hides it from
    /// the reader's role.
    pub fn may_read(&self, def: &FieldDef) -> bool {
        FieldSet::may_read(def, self.role)
    }

    /// The field with this key, when the reader may read it; `None` for an
    /// unknown or hidden key alike.
    pub fn get(&self, key: &str) -> Option<&CompiledField> {
        self.set.get(key).filter(|f| self.may_read(&f.def))
    }

    /// The readable fields, archived ones included, in display order.
    pub fn fields(&self) -> impl Iterator<Item = &CompiledField> {
        self.set.fields().iter().filter(|f| self.may_read(&f.def))
    }

    /// All fields, hidden ones included, for what needs their labels or
    /// the company's time zone; never for deciding what a reader sees.
    pub fn set(&self) -> &FieldSet {
        &self.set
    }

    /// A record's stored values as the reader may see them: values of
    /// hidden fields are left out. Keys no field defines (values written
    /// before definitions existed) are kept for admins and system jobs only.
    pub fn filter(&self, stored: Value) -> Value {
        self.set.visible_values(self.role, stored)
    }
}

/// The fields of `entity` the transaction's actor may read. Loaded at most
/// once per transaction (a page of customers filters every row with it);
/// changing a definition forgets the cached copy.
pub async fn readable_fields(tx: &TenantTx, entity: FieldEntity) -> Result<Arc<ReadableFields>> {
    if let Some(r) = tx.cached_readable_fields(entity) {
        return Ok(r);
    }
    let readable =
        Arc::new(ReadableFields { set: super::field_set(tx, entity).await?, role: tx.actor.as_ref().map(|a| a.role) });
    tx.cache_readable_fields(entity, readable.clone());
    Ok(readable)
}
