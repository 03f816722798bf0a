//! Search documents from the database: customers, conversations and board
//! posts as [`guanxi_search::Document`]s, by id (the indexer, after events)
//! and page by page over a whole company (`guanxi reindex`).
//!
//! These readers serve a system transaction ([`crate::Store::system_tx`]):
//! an index is read by every role of the company, so what goes into it is
//! decided here, for all of them at once. A custom field's values are
//! indexed only when the company marks it searchable **and** every role may
//! read it; a value hidden from anyone never reaches the index, so it can
//! never be found (nor its existence guessed) by searching for it.
//!
//! Visibility is not copied into documents beyond the owner: who sees what
//! is resolved at query time ([`visibility`]), so that moving a salesperson
//! between groups needs no reindexing.

use std::collections::{BTreeMap, HashMap};

use guanxi_core::custom_fields::{CompiledField, FieldAccess, FieldEntity, FieldType};
use guanxi_core::customer::{CustomerScope, CustomerSet};
use guanxi_core::{Result, Role, TenantId};
use guanxi_search::{Document, EntityKind, SearchField, Visibility};
use sea_orm::sea_query::Order;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;
use uuid::Uuid;

use crate::custom_fields::{ReadableFields, readable_fields};
use crate::customers::{Customer, customer_rows};
use crate::db::{TenantTx, db_err};
use crate::entity::{board_post, conversation, customer, user};

/// Most ids read in one statement (well below both databases' limits on
/// bound parameters).
const CHUNK: usize = 500;

/// Whether a custom field's values go into the index: marked searchable,
/// not archived, and readable by every role that uses the CRM.
fn indexed(f: &CompiledField) -> bool {
    let spec = &f.def.spec;
    spec.searchable
        && !f.def.archived
        && [Role::Admin, Role::Supervisor, Role::Salesperson]
            .into_iter()
            .all(|r| spec.visibility.for_role(r) != FieldAccess::Hidden)
}

fn push(text: &mut BTreeMap<SearchField, Vec<String>>, field: SearchField, value: Option<&str>) {
    if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
        text.entry(field).or_default().push(v.to_owned());
    }
}

/// A customer as a document.
fn customer_doc(tenant: TenantId, c: &Customer, fields: &ReadableFields) -> Document {
    let mut text = BTreeMap::new();
    push(&mut text, SearchField::Name, Some(&c.name));
    push(&mut text, SearchField::Company, c.company.as_deref());
    push(&mut text, SearchField::Title, c.title.as_deref());
    for p in &c.phones {
        push(&mut text, SearchField::Phone, Some(p));
    }
    push(&mut text, SearchField::Email, c.email.as_deref());
    push(&mut text, SearchField::Address, c.address.as_deref());
    push(&mut text, SearchField::Labels, Some(&c.number));
    push(&mut text, SearchField::Labels, c.industry.as_deref());
    push(&mut text, SearchField::Labels, c.source.as_deref());
    push(&mut text, SearchField::Labels, Some(c.status.label_zh()));
    push(&mut text, SearchField::Labels, Some(c.grade.label_zh()));
    for t in &c.tags {
        push(&mut text, SearchField::Labels, Some(t));
    }
    push(&mut text, SearchField::Owner, c.owner.as_ref().map(|o| o.display_name.as_str()));

    let mut facets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    facets.insert("status".into(), vec![c.status.as_str().to_owned()]);
    facets.insert("grade".into(), vec![c.grade.as_str().to_owned()]);
    facets.insert("gender".into(), vec![c.gender.as_str().to_owned()]);
    if !c.tags.is_empty() {
        facets.insert("tag".into(), c.tags.clone());
    }
    if let Some(o) = &c.owner {
        facets.insert("owner".into(), vec![o.id.0.to_string()]);
    }
    if let Value::Object(values) = &c.custom {
        for f in fields.fields().filter(|f| indexed(f)) {
            let Some(v) = values.get(f.key()).filter(|v| !v.is_null()) else { continue };
            let shown = f.display(v);
            if !shown.trim().is_empty() {
                push(&mut text, SearchField::Custom, Some(&format!("{}:{shown}", f.key())));
            }
            let keys: Vec<String> = match (f.field_type(), v) {
                (FieldType::SingleSelect, Value::String(s)) => vec![s.clone()],
                (FieldType::MultiSelect, Value::Array(a)) => {
                    a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()
                }
                _ => Vec::new(),
            };
            if !keys.is_empty() {
                facets.insert(format!("custom.{}", f.key()), keys);
            }
        }
    }
    Document {
        tenant,
        kind: EntityKind::Customer,
        id: c.id.0,
        customer: Some(c.id.0),
        owner: c.owner.as_ref().map(|o| o.id.0),
        text,
        facets,
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

/// The documents of these customers; ids that no longer exist are left
/// out (the caller deletes them from the index).
pub async fn customers(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<Document>> {
    let fields = readable_fields(tx, FieldEntity::Customer).await?;
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let cond = customer::Column::Id.is_in(chunk.iter().copied());
        for c in customer_rows(tx, Condition::all().add(cond), None, &fields).await? {
            out.push(customer_doc(tx.tenant_id(), &c, &fields));
        }
    }
    Ok(out)
}

/// The ids of the customers a user owns (their display name is in those
/// documents).
pub async fn customers_of_owner(tx: &TenantTx, owner: Uuid) -> Result<Vec<Uuid>> {
    tx.select::<customer::Entity>()
        .select_only()
        .column(customer::Column::Id)
        .filter(customer::Column::OwnerId.eq(owner))
        .into_tuple::<Uuid>()
        .all(tx.conn())
        .await
        .map_err(db_err)
}

fn conversation_doc(tenant: TenantId, m: &conversation::Model, owner: Option<Uuid>) -> Document {
    let mut text = BTreeMap::new();
    push(&mut text, SearchField::Name, Some(&m.topic));
    push(&mut text, SearchField::Content, Some(&m.content));
    let mut facets = BTreeMap::new();
    facets.insert("kind".to_owned(), vec![m.kind.clone()]);
    Document {
        tenant,
        kind: EntityKind::Conversation,
        id: m.id,
        customer: Some(m.customer_id),
        owner,
        text,
        facets,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// The owners of these customers (`None`: in the pool).
async fn owners(tx: &TenantTx, customers: impl Iterator<Item = Uuid>) -> Result<HashMap<Uuid, Option<Uuid>>> {
    let ids: Vec<Uuid> = customers.collect();
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(Uuid, Option<Uuid>)> = tx
            .select::<customer::Entity>()
            .select_only()
            .column(customer::Column::Id)
            .column(customer::Column::OwnerId)
            .filter(customer::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        out.extend(rows);
    }
    Ok(out)
}

async fn conversation_docs(tx: &TenantTx, rows: Vec<conversation::Model>) -> Result<Vec<Document>> {
    let owner_of = owners(tx, rows.iter().map(|m| m.customer_id)).await?;
    Ok(rows
        .iter()
        .map(|m| conversation_doc(tx.tenant_id(), m, owner_of.get(&m.customer_id).copied().flatten()))
        .collect())
}

/// The documents of these conversations (each owned by its customer's
/// owner); ids that no longer exist are left out.
pub async fn conversations(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<Document>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows = tx
            .select::<conversation::Entity>()
            .filter(conversation::Column::Id.is_in(chunk.iter().copied()))
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        out.extend(conversation_docs(tx, rows).await?);
    }
    Ok(out)
}

/// The documents of every conversation of these customers (whose owner
/// changed, so theirs did too).
pub async fn conversations_of_customers(tx: &TenantTx, customers: &[Uuid]) -> Result<Vec<Document>> {
    let mut out = Vec::new();
    for chunk in customers.chunks(CHUNK) {
        let rows = tx
            .select::<conversation::Entity>()
            .filter(conversation::Column::CustomerId.is_in(chunk.iter().copied()))
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        out.extend(conversation_docs(tx, rows).await?);
    }
    Ok(out)
}

fn post_doc(tenant: TenantId, m: &board_post::Model) -> Document {
    let mut text = BTreeMap::new();
    push(&mut text, SearchField::Name, Some(&m.title));
    push(&mut text, SearchField::Content, Some(&m.content));
    Document {
        tenant,
        kind: EntityKind::BoardPost,
        id: m.id,
        customer: None,
        owner: None,
        text,
        facets: BTreeMap::new(),
        created_at: m.created_at,
        updated_at: m.edited_at.unwrap_or(m.created_at),
    }
}

/// The documents of these board posts; ids that no longer exist are left
/// out.
pub async fn board_posts(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<Document>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows = tx
            .select::<board_post::Entity>()
            .filter(board_post::Column::Id.is_in(chunk.iter().copied()))
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        out.extend(rows.iter().map(|m| post_doc(tx.tenant_id(), m)));
    }
    Ok(out)
}

/// One page of a company's documents of `kind`, in id order after `after`
/// (a reindex streams a company this way, so memory stays bounded by
/// `limit`). The next page starts after the last document's id; an empty
/// page is the end.
pub async fn page(tx: &TenantTx, kind: EntityKind, after: Option<Uuid>, limit: u64) -> Result<Vec<Document>> {
    let after = after.unwrap_or_default();
    match kind {
        EntityKind::Customer => {
            let fields = readable_fields(tx, FieldEntity::Customer).await?;
            let cond = customer::Column::Id.gt(after);
            let rows = customer_rows(tx, Condition::all().add(cond), Some(limit), &fields).await?;
            Ok(rows.iter().map(|c| customer_doc(tx.tenant_id(), c, &fields)).collect())
        }
        EntityKind::Conversation => {
            let rows = tx
                .select::<conversation::Entity>()
                .filter(conversation::Column::Id.gt(after))
                .order_by(conversation::Column::Id, Order::Asc)
                .limit(limit)
                .all(tx.conn())
                .await
                .map_err(db_err)?;
            conversation_docs(tx, rows).await
        }
        EntityKind::BoardPost => {
            let rows = tx
                .select::<board_post::Entity>()
                .filter(board_post::Column::Id.gt(after))
                .order_by(board_post::Column::Id, Order::Asc)
                .limit(limit)
                .all(tx.conn())
                .await
                .map_err(db_err)?;
            Ok(rows.iter().map(|m| post_doc(tx.tenant_id(), m)).collect())
        }
    }
}

/// The engine's form of what the transaction's actor may see of `set`:
/// [`CustomerScope`] translated as `customers::visible` translates it into
/// SQL. A supervisor's groups are resolved to their current members now,
/// so a move between groups changes the answer at once.
pub async fn visibility(tx: &TenantTx, set: CustomerSet) -> Result<Visibility> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let owners = match &scope {
        CustomerScope::All => {
            return Ok(match set {
                CustomerSet::Mine => Visibility::Owned,
                CustomerSet::Pool => Visibility::Pool,
                CustomerSet::MineAndPool => Visibility::All,
            });
        }
        CustomerScope::Own(me) => vec![me.0],
        CustomerScope::Team { me, groups } => {
            let mut ids: Vec<Uuid> = if groups.is_empty() {
                Vec::new()
            } else {
                tx.select::<user::Entity>()
                    .select_only()
                    .column(user::Column::Id)
                    .filter(user::Column::GroupId.is_in(groups.iter().map(|g| g.0)))
                    .into_tuple::<Uuid>()
                    .all(tx.conn())
                    .await
                    .map_err(db_err)?
            };
            if !ids.contains(&me.0) {
                ids.push(me.0);
            }
            ids
        }
    };
    Ok(match set {
        CustomerSet::Pool => Visibility::Pool,
        CustomerSet::Mine => Visibility::Owners { owners, pool: false },
        CustomerSet::MineAndPool => Visibility::Owners { owners, pool: true },
    })
}

/// The last event number of the company (0 before its first event): where
/// a rebuild from the database stands, so the indexer can be moved there.
pub async fn last_event_seq(tx: &TenantTx) -> Result<i64> {
    let stmt = crate::db::statement(
        tx.conn().get_database_backend(),
        "SELECT last_seq FROM event_sequences WHERE tenant_id = $1",
        vec![tx.tenant_id().0.into()],
    );
    let row = tx.conn().query_one(stmt).await.map_err(db_err)?;
    Ok(row.map(|r| r.try_get::<i64>("", "last_seq")).transpose().map_err(db_err)?.unwrap_or(0))
}

/// A search engine's failure as a domain error: an engine that cannot be
/// reached is `UNAVAILABLE` (worth a retry), a query it refuses is a
/// validation error on `field`, anything else is internal.
pub fn engine_error(e: guanxi_search::SearchError, field: &str) -> guanxi_core::Error {
    use guanxi_search::SearchError as E;
    match e {
        E::Unavailable(_) => guanxi_core::Error::Unavailable(Box::new(e)),
        E::Invalid(m) => guanxi_core::Error::invalid(field, "invalid", m),
        E::Internal(_) => guanxi_core::Error::internal(e),
    }
}

/// Record, in the transaction that removes the company of `tx`, that its
/// search documents are to be removed (table `search_removals`, read by
/// [`crate::Store::search_removals`]).
pub(crate) async fn record_removal(tx: &TenantTx) -> Result<()> {
    let backend = tx.conn().get_database_backend();
    let stmt = crate::db::statement(
        backend,
        "INSERT INTO search_removals (tenant_id, requested_at) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING",
        vec![tx.tenant_id().0.into(), chrono::Utc::now().into()],
    );
    tx.conn().execute(stmt).await.map_err(db_err)?;
    Ok(())
}

impl crate::Store {
    /// Companies removed from the database whose search documents are
    /// still to be removed, oldest first, at most `limit`.
    pub async fn search_removals(&self, limit: u64) -> Result<Vec<TenantId>> {
        let stmt = crate::db::statement(
            self.db.get_database_backend(),
            &format!("SELECT tenant_id FROM search_removals ORDER BY requested_at LIMIT {limit}"),
            vec![],
        );
        let rows = self.db.query_all(stmt).await.map_err(db_err)?;
        rows.iter().map(|r| r.try_get::<Uuid>("", "tenant_id").map(TenantId).map_err(db_err)).collect()
    }

    /// The documents of a removed company are gone from the index: forget
    /// the request.
    pub async fn search_removal_done(&self, tenant: TenantId) -> Result<()> {
        let stmt = crate::db::statement(
            self.db.get_database_backend(),
            "DELETE FROM search_removals WHERE tenant_id = $1",
            vec![tenant.0.into()],
        );
        self.db.execute(stmt).await.map_err(db_err)?;
        Ok(())
    }

    /// Ask the search indexer to rebuild a company's documents from the
    /// database (`guanxi reindex` while a server holds the index): a
    /// `search.rebuild_requested` event in the company's outbox, which the
    /// indexer handles in its turn, between the company's other events, on
    /// whichever replica holds the company's cursor. Returns the company's
    /// last event number after the request: the rebuild is done once the
    /// indexer's cursor has reached it.
    pub async fn request_search_rebuild(&self, tenant: TenantId) -> Result<i64> {
        let tx = TenantTx::begin(self, tenant, crate::Access::Write).await?;
        tx.emit_as(None, guanxi_core::DomainEvent::SearchRebuildRequested { request: Uuid::now_v7() });
        tx.commit().await?;
        let tx = self.system_tx(tenant, crate::Access::Read, "search.rebuild").await?;
        let seq = last_event_seq(&tx).await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// Every company's id and slug, for operator commands that go over all
    /// companies (`guanxi reindex`).
    pub async fn company_slugs(&self) -> Result<Vec<(TenantId, String)>> {
        use sea_orm::EntityTrait;
        // unscoped: the directory of companies is a global table.
        let rows = crate::entity::tenant_slug::Entity::find()
            .order_by(crate::entity::tenant_slug::Column::Slug, Order::Asc)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(|r| (TenantId(r.tenant_id), r.slug)).collect())
    }
}
