//! Duplicate handling: the keys a customer is matched on (normalised phone,
//! e-mail, name + company) and the update of an existing customer from a
//! row.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use guanxi_core::{CustomerId, Error, Result};
use serde_json::Value;
use uuid::Uuid;

use crate::customers::{self, CustomerUpdate, NewCustomer};
use crate::db::TenantTx;

use super::options::DedupKey;
use super::report::IssueSeverity;
use super::run::ImportRun;

/// What duplicate checks read of each customer: id, number, phones,
/// e-mail, name, company, owner.
pub(super) type KeyRow = (Uuid, String, Value, Option<String>, String, Option<String>, Option<Uuid>);

/// A customer the duplicate keys point at.
#[derive(Clone, Copy, Debug)]
pub(super) struct Known {
    pub(super) id: Uuid,
    /// The row of the file that created it (rows are numbered from 1, and
    /// 24 bytes a customer instead of 40 count in a large import).
    pub(super) from_row: Option<std::num::NonZeroU32>,
    pub(super) visible: bool,
}

/// A duplicate key, as a 64-bit digest of its text: an import of 200,000
/// rows into a company of as many customers holds over a million keys, and
/// a digest costs 8 bytes where the text would cost a `String` and an
/// allocation. Among a million keys, two different ones share a digest
/// with a chance of about 3 in 100 million.
pub(super) type Key = u64;

fn digest(text: &str) -> Key {
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The customers an import matches rows against, by duplicate key: the
/// company's, and those created by earlier rows of the file. Each customer
/// is kept once, however many keys point at it.
#[derive(Clone, Debug, Default)]
pub(super) struct KeyIndex {
    slots: HashMap<Key, u32>,
    known: Vec<Known>,
}

impl KeyIndex {
    /// An index with room for `customers` customers' keys.
    pub(super) fn with_capacity(customers: usize) -> KeyIndex {
        KeyIndex { slots: HashMap::with_capacity(customers.saturating_mul(2)), known: Vec::with_capacity(customers) }
    }

    /// The customer `key` points at.
    pub(super) fn get(&self, key: &Key) -> Option<Known> {
        self.slots.get(key).and_then(|i| self.known.get(*i as usize)).copied()
    }

    /// Point those of `keys` that point nowhere yet at `known`.
    pub(super) fn insert(&mut self, keys: &[Key], known: Known) {
        let Ok(at) = u32::try_from(self.known.len()) else { return };
        let mut used = false;
        for k in keys {
            self.slots.entry(*k).or_insert_with(|| {
                used = true;
                at
            });
        }
        if used {
            self.known.push(known);
        }
    }
}

/// Duplicate keys of a customer's values.
pub(super) fn keys_of(
    dedup: &[DedupKey],
    phones: &[String],
    email: Option<&str>,
    name: &str,
    company: Option<&str>,
) -> Vec<Key> {
    let mut out = Vec::new();
    for k in dedup {
        match k {
            DedupKey::Phone => {
                for p in phones {
                    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
                    if !digits.is_empty() {
                        out.push(digest(&format!("p:{digits}")));
                    }
                }
            }
            DedupKey::Email => {
                if let Some(e) = email.map(str::trim).filter(|e| !e.is_empty()) {
                    out.push(digest(&format!("e:{}", e.to_lowercase())));
                }
            }
            DedupKey::NameCompany => {
                if let Some(c) = company.map(str::trim).filter(|c| !c.is_empty()) {
                    out.push(digest(&format!("n:{}\u{1f}{}", name.trim().to_lowercase(), c.to_lowercase())));
                }
            }
        }
    }
    out
}

impl ImportRun {
    /// Fill an existing customer from a row: non-empty cells replace, phones
    /// and tags are added. Returns whether the row was refused.
    pub(super) async fn update(
        &mut self,
        tx: &TenantTx,
        row_no: u64,
        id: CustomerId,
        input: NewCustomer,
    ) -> Result<bool> {
        let current = customers::get(tx, id).await?;
        let mut phones = current.phones.clone();
        for p in input.phones {
            if !phones.contains(&p) {
                phones.push(p);
            }
        }
        let mut tags = current.tags.clone();
        for t in input.tags {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let change = CustomerUpdate {
            name: Some(input.name),
            company: input.company.map(Some),
            title: input.title.map(Some),
            phones: (phones != current.phones).then_some(phones),
            email: input.email.map(Some),
            address: input.address.map(Some),
            gender: input.gender,
            birthday: input.birthday.map(Some),
            status: input.status,
            industry: input.industry.map(Some),
            source: input.source.map(Some),
            grade: input.grade,
            tags: (tags != current.tags).then_some(tags),
            next_visit_at: input.next_visit_at.map(Some),
            last_contact_at: input.last_contact_at.map(Some),
            custom: input.custom.filter(|c| c.as_object().is_some_and(|m| !m.is_empty())),
            ..CustomerUpdate::default()
        };
        match customers::update(tx, id, change).await {
            Ok(_) => {
                self.counts.updated += 1;
                Ok(false)
            }
            Err(Error::Validation(list)) => {
                self.refuse(row_no, list);
                Ok(true)
            }
            Err(Error::Conflict(e)) => {
                self.refuse(row_no, vec![e]);
                Ok(true)
            }
            Err(Error::Forbidden | Error::NotFound(_)) => {
                let message = "duplicate of a customer you may not change; left alone".to_owned();
                self.issue(row_no, None, "duplicate", message, IssueSeverity::Skipped);
                self.counts.skipped += 1;
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }
}
