//! Checking a row: its cells read into a customer, its owner and its
//! number, validated with the same rules as `createCustomer`, then created,
//! matched against a duplicate, or refused.

use chrono::{DateTime, NaiveTime, Utc};
use guanxi_core::custom_fields::{CompiledField, FieldType, Writer};
use guanxi_core::customer_fields::{
    CustomerField, CustomerStatus, Gender, Grade, parse_date_cell, parse_date_time_cell,
};
use guanxi_core::input::Checker;
use guanxi_core::phone::Phone;
use guanxi_core::{CustomerId, Error, FieldError, Result, UserRef};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::customers::{self, NewCustomer};
use crate::db::TenantTx;

use super::duplicates::{Known, keys_of};
use super::lanes::Pending;
use super::options::OnDuplicate;
use super::report::{IssueSeverity, api_field};
use super::run::{ImportRun, Person};

/// A custom field problem of a row as report lines; other errors end the
/// batch.
fn row_errors(e: Error) -> Result<std::result::Result<Value, Vec<FieldError>>> {
    crate::custom_fields::record_errors(e).map(Err)
}

/// A day's start of work: the time of a planned visit given as a day.
const NINE: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// What one row turned into, before anything is written.
enum Parsed {
    Bad(Vec<(Option<String>, &'static str, String)>),
    Good { input: Box<NewCustomer>, number: Option<String>, owner: Option<UserRef> },
}

impl ImportRun {
    /// Read one row's cells into a customer, its number and its owner.
    fn parse(&self, cells: &[String]) -> Parsed {
        let mut bad: Vec<(Option<String>, &'static str, String)> = Vec::new();
        let mut input = NewCustomer::default();
        let mut number = None;
        let mut owner_cell = None;
        for &(pos, field) in &self.columns {
            let cell = cells.get(pos).map(|c| c.trim()).unwrap_or_default();
            if cell.is_empty() {
                continue;
            }
            let header = self.headers.get(pos).cloned().unwrap_or_default();
            let mut fail = |e: FieldError| bad.push((Some(header.clone()), e.reason, e.message));
            match field {
                CustomerField::Number => number = Some(cell.to_owned()),
                CustomerField::Name => input.name = cell.to_owned(),
                CustomerField::Company => input.company = Some(cell.to_owned()),
                CustomerField::Title => input.title = Some(cell.to_owned()),
                CustomerField::Phones => match Phone::parse_many(cell, &header) {
                    Ok(list) => input.phones.extend(list.into_iter().map(|p| p.as_str().to_owned())),
                    Err(e) => fail(e),
                },
                CustomerField::Email => input.email = Some(cell.to_owned()),
                CustomerField::Address => input.address = Some(cell.to_owned()),
                CustomerField::Gender => match Gender::parse(cell, &header) {
                    Ok(g) => input.gender = Some(g),
                    Err(e) => fail(e),
                },
                CustomerField::Birthday => match parse_date_cell(cell, &header) {
                    Ok(d) => input.birthday = Some(d),
                    Err(e) => fail(e),
                },
                CustomerField::Status => match CustomerStatus::parse(cell, &header) {
                    Ok(s) => input.status = Some(s),
                    Err(e) => fail(e),
                },
                CustomerField::Industry => input.industry = Some(cell.to_owned()),
                CustomerField::Source => input.source = Some(cell.to_owned()),
                CustomerField::Grade => match Grade::parse(cell, &header) {
                    Ok(g) => input.grade = Some(g),
                    Err(e) => fail(e),
                },
                CustomerField::Tags => input.tags.extend(guanxi_core::customer_fields::split_list(cell)),
                CustomerField::OwnerEmail => owner_cell = Some(cell.to_owned()),
                CustomerField::NextVisit => match parse_date_time_cell(cell, &header) {
                    // A planned day without a time: the start of the working day there.
                    Ok((d, time)) => input.next_visit_at = self.local(d, time.unwrap_or(NINE)),
                    Err(e) => fail(e),
                },
                CustomerField::LastContact => match parse_date_time_cell(cell, &header) {
                    // A day without a time: its start, so that it is never
                    // later than the moment of the import.
                    Ok((d, time)) => input.last_contact_at = self.local(d, time.unwrap_or(NaiveTime::MIN)),
                    Err(e) => fail(e),
                },
                CustomerField::Notes => {}
            }
        }
        let mut custom = serde_json::Map::new();
        for (pos, key) in &self.custom_columns {
            let cell = cells.get(*pos).map(|c| c.trim()).unwrap_or_default();
            if cell.is_empty() {
                continue;
            }
            let value = match self.fields.get(key).map(CompiledField::field_type) {
                // A user cell names a colleague by name or e-mail.
                Some(FieldType::User) => match self.person(cell) {
                    Ok(p) => Value::String(p.r.id.0.to_string()),
                    Err((code, message)) => {
                        bad.push((self.headers.get(*pos).cloned(), code, message));
                        continue;
                    }
                },
                _ => Value::String(cell.to_owned()),
            };
            custom.insert(key.clone(), value);
        }
        input.custom = Some(Value::Object(custom));
        if input.name.trim().is_empty() {
            bad.push((self.header_of.get("name").cloned(), "required", "the name is required".to_owned()));
        }
        if let Some(n) = &number
            && (n.chars().count() > 64 || n.chars().any(char::is_control))
        {
            bad.push((
                self.header_of.get("number").cloned(),
                "invalid",
                "a customer number is at most 64 characters".into(),
            ));
        }
        let owner = match owner_cell {
            None => self.default_owner.clone(),
            Some(cell) => {
                let found = self.person(&cell);
                let column = self.header_of.get("ownerId").cloned();
                match found {
                    Err((code, message)) => {
                        bad.push((column, code, message));
                        None
                    }
                    Ok(p) if !p.can_own => {
                        bad.push((column, "cannot_own", format!("`{cell}` cannot hold customers")));
                        None
                    }
                    Ok(p) if !self.scope.may_assign(Some(&p.r)) => {
                        bad.push((column, "forbidden", format!("you may not give customers to `{cell}`")));
                        None
                    }
                    Ok(p) => Some(p.r.clone()),
                }
            }
        };
        if bad.is_empty() { Parsed::Good { input: Box::new(input), number, owner } } else { Parsed::Bad(bad) }
    }

    /// A local date and time of the company as a moment.
    fn local(&self, d: chrono::NaiveDate, t: NaiveTime) -> Option<DateTime<Utc>> {
        d.and_time(t).and_local_timezone(self.tz).earliest().map(|t| t.with_timezone(&Utc))
    }

    /// A colleague named in a cell by display name or e-mail. An e-mail
    /// address is unique; a display name may be shared, and then
    /// the cell is refused as ambiguous rather than given to whoever comes
    /// first. `Err` holds the report's code and message.
    fn person(&self, cell: &str) -> std::result::Result<&Person, (&'static str, String)> {
        let wanted = cell.to_lowercase();
        // Or by id: exports write a user custom field's value as the id.
        if let Some(p) = self.people.iter().find(|p| p.email == wanted || p.r.id.0.to_string() == wanted) {
            return Ok(p);
        }
        let mut named = self.people.iter().filter(|p| p.name == cell);
        match (named.next(), named.next()) {
            (Some(p), None) => Ok(p),
            (None, _) => Err(("not_found", format!("no user `{cell}` in the company"))),
            (Some(_), Some(_)) => {
                Err(("ambiguous", format!("several colleagues are called `{cell}`; give their e-mail address")))
            }
        }
    }

    /// Handle one row; `dry` checks without writing (for "all or nothing").
    /// Returns whether the row was refused.
    pub(super) async fn row(&mut self, tx: &TenantTx, index: usize, dry: bool) -> Result<bool> {
        let Some((row_no, cells)) = self.source.get(index).await? else { return Ok(false) };
        let parsed = self.parse(&cells);
        let (input, number, owner) = match parsed {
            Parsed::Bad(list) => {
                for (column, code, message) in list {
                    self.issue(row_no, column, code, message, IssueSeverity::Error);
                }
                self.counts.failed += 1;
                return Ok(true);
            }
            Parsed::Good { input, number, owner } => (*input, number, owner),
        };
        let mut c = Checker::new();
        let valid = customers::check_new(&mut c, &self.facts, &input);
        let number_taken = number.as_ref().is_some_and(|n| self.numbers.contains(n));
        let (valid, errors) = match (valid, c.finish()) {
            (Some(v), Ok(())) if !number_taken => (Some(v), Vec::new()),
            (_, Err(Error::Validation(list))) => (None, list),
            _ => (None, Vec::new()),
        };
        let unknown_tags: Vec<&String> = match (&valid, &self.known_tags) {
            (Some(v), Some(known)) => v.tags().iter().filter(|t| !known.contains(*t)).collect(),
            _ => Vec::new(),
        };
        if !unknown_tags.is_empty() {
            let column = self.header_of.get("tags").cloned();
            for t in unknown_tags {
                let e = crate::tags::unknown_tag("tags", t);
                self.issue(row_no, column.clone(), e.reason, e.message, IssueSeverity::Error);
            }
            self.counts.failed += 1;
            return Ok(true);
        }
        let Some(valid) = valid else {
            for e in errors {
                let column = self.header_of.get(api_field(&e.field)).cloned();
                self.issue(row_no, column, e.reason, e.message, IssueSeverity::Error);
            }
            if number_taken {
                let column = self.header_of.get("number").cloned();
                let n = number.unwrap_or_default();
                self.issue(row_no, column, "taken", format!("customer number `{n}` is taken"), IssueSeverity::Error);
            }
            self.counts.failed += 1;
            return Ok(true);
        };

        let (name, company) = valid.name_company();
        let keys = keys_of(&self.options.dedup, valid.phones(), valid.email(), name, company);
        let duplicate = keys.iter().find_map(|k| self.keys.get(k));
        if let Some(known) = duplicate
            && self.options.on_duplicate != OnDuplicate::Create
        {
            let which = match known.from_row {
                Some(r) => format!("row {r} of this file"),
                None if known.visible => "an existing customer".to_owned(),
                None => "a customer outside your view".to_owned(),
            };
            if self.options.on_duplicate == OnDuplicate::Skip || !known.visible {
                let message = format!("duplicate of {which}; left alone");
                self.issue(row_no, None, "duplicate", message, IssueSeverity::Skipped);
                self.counts.skipped += 1;
                return Ok(false);
            }
            if dry {
                self.counts.updated += 1;
                return Ok(false);
            }
            if self.pending_ids.contains(&known.id) {
                if self.lanes {
                    // Its customer is written with this batch: this row
                    // starts the next one.
                    self.cut = true;
                    return Ok(false);
                }
                self.flush(tx).await?;
            }
            // The customer may come from a batch still being written.
            self.settle().await?;
            return self.update(tx, row_no, CustomerId(known.id), input).await;
        }

        let id = CustomerId::new();
        let patch = input.custom.clone().unwrap_or_else(|| json!({}));
        let fields = json!({
            "name": name, "company": company, "phone": valid.phones().first(), "phones": valid.phones(),
            "email": valid.email(),
        });
        let custom = match self.custom_values(tx, id.0, &patch, &fields, dry).await? {
            Ok(v) => v,
            Err(errors) => {
                self.refuse(row_no, errors);
                return Ok(true);
            }
        };
        let mut valid = valid;
        valid.set_custom(custom);
        let from_row = std::num::NonZeroU32::new(u32::try_from(row_no).unwrap_or(u32::MAX));
        self.keys.insert(&keys, Known { id: id.0, from_row, visible: true });
        if let Some(n) = &number {
            self.numbers.insert(n.clone());
        }
        self.counts.created += 1;
        if !dry {
            self.pending_ids.insert(id.0);
            self.pending.push(Pending { id, number, owner: owner.map(|o| o.id), customer: valid });
        }
        Ok(false)
    }

    /// A new customer's custom values from a row's `patch`: checked (with
    /// defaults and required fields) and, unless `dry`, their unique values
    /// claimed for `record`. The inner `Err` holds the row's problems.
    async fn custom_values(
        &mut self,
        tx: &TenantTx,
        record: Uuid,
        patch: &Value,
        fields: &Value,
        dry: bool,
    ) -> Result<std::result::Result<Value, Vec<FieldError>>> {
        let writer = Writer::Role(self.role);
        if !dry {
            return match crate::custom_fields::apply_write(tx, &self.fields, record, writer, None, patch, fields).await
            {
                Ok(o) => Ok(Ok(o.value)),
                Err(e) => row_errors(e),
            };
        }
        let outcome = match self.fields.check_write(writer, None, patch) {
            Ok(o) => o,
            Err(e) => return row_errors(e),
        };
        if let Err(e) = crate::plugins::calls::validate_fields(tx, &self.fields, record, &outcome, fields).await {
            return row_errors(e);
        }
        // Users come from the company's people, so exist; unique values
        // must be free in the company and within the file.
        for claim in &outcome.unique {
            let Some(v) = &claim.value else { continue };
            let fresh = self.claimed.insert((claim.field.0, v.clone()));
            if !fresh || crate::custom_fields::unique_taken(tx, claim.field, v).await? {
                return Ok(Err(vec![crate::custom_fields::taken(&claim.key)]));
            }
        }
        Ok(Ok(outcome.value))
    }
}
