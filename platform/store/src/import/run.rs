//! The job's run of an import: loading it with the company's customers
//! and people, the "all or nothing" check, the progress saved with each
//! batch (so a retried job resumes after the last committed one), and its
//! end.

use std::collections::{HashMap, HashSet, VecDeque};
use std::str::FromStr;
use std::sync::Arc;

use guanxi_core::custom_fields::{FieldEntity, FieldSet};
use guanxi_core::customer::{CustomerScope, can_own_customers};
use guanxi_core::customer_fields::CustomerField;
use guanxi_core::{DomainEvent, Error, GroupId, ImportId, Result, Role, UserId, UserRef};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::audit;
use crate::audit::AuditAction;
use crate::customers::{self, TenantFacts};
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, import, user};

use super::duplicates::{KeyIndex, KeyRow, Known, keys_of};
use super::lanes::{LANES, Pending};
use super::options::{ImportMode, ImportOptions, UploadedFile};
use super::record::{ImportRow, ImportStatus, from_model, without_content};
use super::report::IssueSeverity;
use super::sheet::RowStream;
use super::validation;

/// A user a row's owner cell may name.
#[derive(Clone, Debug)]
pub(super) struct Person {
    pub(super) r: UserRef,
    /// Display name, as written.
    pub(super) name: String,
    /// E-mail address, lower case.
    pub(super) email: String,
    pub(super) can_own: bool,
}

/// The rows of an import's file as its run asks for them, by index: read
/// on from a [`RowStream`], rows before the one asked for let go, and read
/// again from the start when an earlier row is asked for (after the check
/// of "all or nothing"). At most a few batches are held at once.
pub(super) struct RowSource {
    content: Arc<Vec<u8>>,
    sheet: Option<String>,
    stream: Option<RowStream>,
    buffer: VecDeque<(u64, Vec<String>)>,
    /// The index of the row at the front of `buffer`.
    first: usize,
}

impl RowSource {
    fn new(content: Vec<u8>, sheet: Option<String>) -> RowSource {
        RowSource { content: Arc::new(content), sheet, stream: None, buffer: VecDeque::new(), first: 0 }
    }

    /// Row `index` (from 0): its number in the file and its cells; `None`
    /// past the last.
    pub(super) async fn get(&mut self, index: usize) -> Result<Option<(u64, Vec<String>)>> {
        if self.stream.is_none() || index < self.first {
            self.stream = Some(RowStream::open(self.content.clone(), self.sheet.clone(), index));
            self.buffer.clear();
            self.first = index;
        }
        loop {
            let skip = (index - self.first).min(self.buffer.len());
            self.buffer.drain(..skip);
            self.first += skip;
            if self.first == index
                && let Some(row) = self.buffer.front()
            {
                return Ok(Some(row.clone()));
            }
            let Some(stream) = self.stream.as_mut() else { return Ok(None) };
            // The file was read whole when it was stored and again when
            // the job began, so a failure here is not the file's fault.
            match stream.next().await.map_err(|e| Error::Internal(format!("reading the file: {}", e.message).into()))? {
                Some(batch) => self.buffer.extend(batch),
                None => return Ok(None),
            }
        }
    }
}

/// Counters of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub(super) created: i64,
    pub(super) updated: i64,
    pub(super) skipped: i64,
    pub(super) failed: i64,
}

/// An import being run by its job; see the module docs.
pub struct ImportRun {
    pub(super) id: ImportId,
    pub(super) options: ImportOptions,
    /// The file's data rows, read a batch at a time.
    pub(super) source: RowSource,
    /// How many data rows the file has.
    pub(super) total: usize,
    /// The file's header cells.
    pub(super) headers: Vec<String>,
    pub(super) facts: TenantFacts,
    /// The company's tags when the importer may not add any (a row with
    /// another tag fails); `None`: new tags join the list.
    pub(super) known_tags: Option<HashSet<String>>,
    pub(super) tz: chrono_tz::Tz,
    pub(super) scope: CustomerScope,
    /// Mapped columns, by position.
    pub(super) columns: Vec<(usize, CustomerField)>,
    /// Column header of each customer field (for errors of `check_new`).
    pub(super) header_of: HashMap<String, String>,
    /// Columns mapped to custom fields: position and field key.
    pub(super) custom_columns: Vec<(usize, String)>,
    /// The company's customer custom fields.
    pub(super) fields: FieldSet,
    /// The importer's role: what custom fields they may fill.
    pub(super) role: Role,
    /// Unique custom values claimed by earlier rows of this file
    /// (`field id`, value key), for the check of "all or nothing".
    pub(super) claimed: HashSet<(Uuid, String)>,
    pub(super) default_owner: Option<UserRef>,
    pub(super) people: Vec<Person>,
    pub(super) keys: KeyIndex,
    pub(super) numbers: HashSet<String>,
    pub(super) pending: Vec<Pending>,
    pub(super) pending_ids: HashSet<Uuid>,
    pub(super) issues: Vec<(u64, Option<String>, &'static str, String, IssueSeverity)>,
    pub(super) done: usize,
    pub(super) counts: Counts,
    /// Whether batches are written side by side (PostgreSQL); see
    /// [`ImportRun::launch`].
    pub(super) lanes: bool,
    /// Customer numbers drawn for the pending rows (lanes only).
    pub(super) drawn: Vec<String>,
    /// The last launched batch: it finishes after every earlier one, so
    /// awaiting it settles them all.
    pub(super) in_flight: Option<tokio::task::JoinHandle<Result<()>>>,
    /// Batches launched and not yet committed, at most [`LANES`](super::lanes::LANES).
    pub(super) lane_permits: std::sync::Arc<tokio::sync::Semaphore>,
    /// The row that ends the batch early: it updates a customer created by
    /// an earlier row of the same batch, which must be written first.
    pub(super) cut: bool,
}

impl ImportRun {
    /// Load an import for its job, with its stored file read (see
    /// [`stored_file`](super::stored_file)): `None` when it has ended already.
    pub async fn open(tx: &TenantTx, id: ImportId, file: UploadedFile) -> Result<Option<ImportRun>> {
        let actor = tx.actor()?.clone();
        let scope = CustomerScope::of(&actor)?;
        let m = without_content(tx)
            .filter(import::Column::Id.eq(id.0))
            .into_model::<ImportRow>()
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .ok_or(Error::NotFound("import"))?;
        if matches!(m.status.as_str(), "done" | "rejected") {
            return Ok(None);
        }
        let imp = from_model(m.into())?;
        let UploadedFile { content, sheet_name, sheet } = file;
        let facts = customers::tenant_facts(tx).await?;
        let tz = customers::tenant_tz(tx).await?;
        let known_tags = crate::tags::known_unless_creating(tx).await?;

        let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
        let mut columns = Vec::new();
        let mut custom_columns = Vec::new();
        let mut header_of = HashMap::new();
        for (pos, field) in imp.options.mapping.iter().enumerate() {
            let header = || sheet.headers.get(pos).cloned().unwrap_or_default();
            if let Some(f) = field.as_deref().and_then(CustomerField::from_name) {
                columns.push((pos, f));
                let api = match f {
                    CustomerField::OwnerEmail => "ownerId",
                    other => other.as_str(),
                };
                header_of.entry(api.to_owned()).or_insert_with(header);
            } else if let Some(key) = field.as_deref().and_then(|f| f.strip_prefix("custom.")) {
                // A field archived or deleted since the import was queued
                // is left out; its cells are not written anywhere.
                if fields.get(key).is_some() {
                    custom_columns.push((pos, key.to_owned()));
                    header_of.entry(format!("custom.{key}")).or_insert_with(header);
                }
            }
        }

        let users = tx
            .select::<user::Entity>()
            .filter(user::Column::Kind.eq(crate::users::PERSON))
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        let mut people = Vec::with_capacity(users.len());
        let mut group_of: HashMap<Uuid, Option<GroupId>> = HashMap::new();
        for u in users {
            let role = Role::from_str(&u.role).map_err(|_| Error::Internal("unreadable role".into()))?;
            group_of.insert(u.id, u.group_id.map(GroupId));
            people.push(Person {
                r: UserRef { id: UserId(u.id), role, group_id: u.group_id.map(GroupId) },
                name: u.display_name,
                email: u.email.to_lowercase(),
                can_own: can_own_customers(role, u.active),
            });
        }
        let default_owner = match imp.options.owner_id {
            None => None,
            Some(id) => {
                Some(people.iter().find(|p| p.r.id.0 == id && p.can_own).map(|p| p.r.clone()).ok_or_else(|| {
                    validation("ownerId", "cannot_own", "the default owner can no longer hold customers")
                })?)
            }
        };
        if !scope.may_assign(default_owner.as_ref()) {
            return Err(Error::Forbidden);
        }

        // Every customer of the company: duplicates are found company-wide,
        // but only those the importer may see are named or updated.
        let rows: Vec<KeyRow> = tx
            .select::<customer::Entity>()
            .select_only()
            .columns([
                customer::Column::Id,
                customer::Column::Number,
                customer::Column::Phones,
                customer::Column::Email,
                customer::Column::Name,
                customer::Column::Company,
                customer::Column::OwnerId,
            ])
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        let mut keys = KeyIndex::with_capacity(rows.len());
        let mut numbers = HashSet::with_capacity(rows.len());
        for (cid, number, phones, email, name, company, owner) in rows {
            let phones: Vec<String> = serde_json::from_value(phones).unwrap_or_default();
            let owner_ref = owner.map(|o| UserRef {
                id: UserId(o),
                role: Role::Salesperson,
                group_id: group_of.get(&o).copied().flatten(),
            });
            let visible = scope.contains(owner_ref.as_ref());
            let of = keys_of(&imp.options.dedup, &phones, email.as_deref(), &name, company.as_deref());
            keys.insert(&of, Known { id: cid, from_row: None, visible });
            numbers.insert(number);
        }
        Ok(Some(ImportRun {
            id,
            done: usize::try_from(imp.rows_done).unwrap_or(0),
            counts: Counts { created: imp.created, updated: imp.updated, skipped: imp.skipped, failed: imp.failed },
            options: imp.options,
            source: RowSource::new(content, sheet_name),
            total: sheet.rows,
            headers: sheet.headers,
            facts,
            known_tags,
            tz,
            scope,
            columns,
            header_of,
            custom_columns,
            fields,
            role: actor.role,
            claimed: HashSet::new(),
            default_owner,
            people,
            keys,
            numbers,
            pending: Vec::new(),
            pending_ids: HashSet::new(),
            issues: Vec::new(),
            lanes: tx.conn().get_database_backend() == DbBackend::Postgres,
            drawn: Vec::new(),
            in_flight: None,
            lane_permits: std::sync::Arc::new(tokio::sync::Semaphore::new(LANES)),
            cut: false,
        }))
    }

    /// Data rows in the file.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Rows handled and committed.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Whether "all or nothing" still has to check every row first.
    pub fn needs_check(&self) -> bool {
        self.options.mode == ImportMode::AllOrNothing && !self.options.checked && self.done == 0
    }

    /// "All or nothing": check every row without writing. When any is bad,
    /// the report is written, the import ends as rejected and `false` comes
    /// back; otherwise the import goes on to write (`true`).
    pub async fn check_all(&mut self, tx: &TenantTx) -> Result<bool> {
        let keys = self.keys.clone();
        let numbers = self.numbers.clone();
        let mut bad = false;
        for i in 0..self.total {
            bad |= self.row(tx, i, true).await?;
        }
        self.keys = keys;
        self.numbers = numbers;
        self.claimed.clear();
        if bad {
            self.issues.retain(|i| i.4 == IssueSeverity::Error);
            let failed = self.counts.failed;
            self.counts = Counts { failed, ..Counts::default() };
            self.done = self.total;
            self.write_issues(tx).await?;
            self.save(tx, ImportStatus::Rejected, true).await?;
            self.audit(tx, ImportStatus::Rejected).await?;
            self.emit_finished(tx);
            return Ok(false);
        }
        self.counts = Counts::default();
        self.issues.clear();
        self.options.checked = true;
        self.save(tx, ImportStatus::Running, false).await?;
        Ok(true)
    }

    pub(super) async fn save(&self, tx: &TenantTx, status: ImportStatus, finished: bool) -> Result<()> {
        self.progress_update(tx, status, finished)?.exec(tx.conn()).await.map_err(db_err)?;
        if finished {
            super::record::drop_file(tx, self.id).await?;
        }
        Ok(())
    }

    /// The statement that saves the import's status, counts and progress.
    pub(super) fn progress_update(
        &self,
        tx: &TenantTx,
        status: ImportStatus,
        finished: bool,
    ) -> Result<sea_orm::UpdateMany<import::Entity>> {
        let mut q = tx
            .update_many::<import::Entity>()
            .col_expr(import::Column::Status, status.as_str().into())
            .col_expr(import::Column::RowsDone, i64::try_from(self.done).unwrap_or(i64::MAX).into())
            .col_expr(import::Column::CreatedCount, self.counts.created.into())
            .col_expr(import::Column::UpdatedCount, self.counts.updated.into())
            .col_expr(import::Column::SkippedCount, self.counts.skipped.into())
            .col_expr(import::Column::FailedCount, self.counts.failed.into())
            .col_expr(
                import::Column::Options,
                serde_json::to_value(&self.options).map_err(|e| Error::Internal(e.to_string().into()))?.into(),
            );
        if finished {
            q = q
                .col_expr(import::Column::FinishedAt, Some(tx.now).into())
                .col_expr(import::Column::Content, Option::<Vec<u8>>::None.into());
        }
        Ok(q.filter(import::Column::Id.eq(self.id.0)))
    }

    /// End the import (after the last batch): its status, the file dropped,
    /// an audit entry. Returns the job's result.
    pub async fn finish(&mut self, tx: &TenantTx) -> Result<Value> {
        self.save(tx, ImportStatus::Done, true).await?;
        self.audit(tx, ImportStatus::Done).await?;
        self.emit_finished(tx);
        Ok(self.result(ImportStatus::Done))
    }

    /// `import.finished` with the counts, in the transaction that ends the
    /// import (rows left out: duplicates skipped and rows refused).
    fn emit_finished(&self, tx: &TenantTx) {
        let count = |n: i64| u64::try_from(n).unwrap_or_default();
        tx.emit(DomainEvent::ImportFinished {
            import: self.id,
            created: count(self.counts.created),
            updated: count(self.counts.updated),
            skipped: count(self.counts.skipped + self.counts.failed),
        });
    }

    async fn audit(&self, tx: &TenantTx, status: ImportStatus) -> Result<()> {
        audit::record(tx, AuditAction::CustomerImport, "import", Some(self.id.0), self.result(status)).await
    }

    /// The job's result: where the import ended and its counts.
    pub fn result(&self, status: ImportStatus) -> Value {
        json!({
            "importId": self.id.0,
            "status": status.as_str(),
            "rows": self.total,
            "created": self.counts.created,
            "updated": self.counts.updated,
            "skipped": self.counts.skipped,
            "failed": self.counts.failed,
        })
    }
}
