//! The company's managed tags (标签): the list customers are tagged from,
//! each tag with a colour and an optional group.
//!
//! Customers carry their tags by name (`customers.tags`), so the list and
//! the filters read them without a join. Every name a customer carries is
//! in the list: the customers' write path admits a new name ([`admit`])
//! when the company lets the writer add tags (everyone, or admins only:
//! `TenantSettings::tag_creation`) and refuses it otherwise. Renaming,
//! merging and deleting a tag rewrite every customer that carries it, and
//! the saved segments that filter on it, in one transaction, each customer
//! with its history entry and its `customer.updated`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use guanxi_core::customer::{CustomerScope, CustomerSet};
use guanxi_core::events::Definition;
use guanxi_core::settings::TagCreation;
use guanxi_core::{DomainEvent, Error, FieldError, Result, Role, TagId};
use sea_orm::sea_query::{Expr, OnConflict, PostgresQueryBuilder, QueryBuilder, SqliteQueryBuilder};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, PaginatorTrait, QueryFilter, QuerySelect, QueryTrait, Statement,
};
use serde_json::{Value, json};

use crate::audit::{self, AuditAction};
use crate::customers::{optional_text, tag_name, visible, write};
use crate::db::{TenantTx, db_err};
use crate::entity::{customer, segment, tag, workflow_version};

/// At most this many tags in a company's list.
pub const MAX_TAGS: u64 = 1000;

/// The colours a tag may have, by the names the web app paints.
pub const COLORS: &[&str] = &["gray", "red", "orange", "gold", "green", "cyan", "blue", "purple", "magenta"];

/// The colour of a tag nobody chose a colour for.
pub const DEFAULT_COLOR: &str = "gray";

/// A tag as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// Id.
    pub id: TagId,
    /// The name customers carry.
    pub name: String,
    /// One of [`COLORS`].
    pub color: String,
    /// The group it is listed under; none: ungrouped.
    pub group: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<tag::Model> for Tag {
    fn from(m: tag::Model) -> Self {
        Tag {
            id: TagId(m.id),
            name: m.name,
            color: m.color,
            group: m.group_name,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A new tag, or a change to one (omitted fields stay as they are).
#[derive(Clone, Debug, Default)]
pub struct TagInput {
    /// 1–20 characters, unique in the company. A new name renames the tag
    /// on every customer.
    pub name: Option<String>,
    /// One of [`COLORS`]; a new tag without one is [`DEFAULT_COLOR`].
    pub color: Option<String>,
    /// The group (at most 30 characters); `Some(None)` or blank: ungrouped.
    pub group: Option<Option<String>>,
}

/// The company's tags, by group (ungrouped last) and name. Whoever works
/// customers reads the list.
pub async fn list(tx: &TenantTx) -> Result<Vec<Tag>> {
    CustomerScope::of(tx.actor()?)?;
    let mut rows = tx.select::<tag::Entity>().all(tx.conn()).await.map_err(db_err)?;
    // Sorted here, not by the database's collation: the same order on
    // every backend (by code point, which keeps 重点 beside 重點).
    rows.sort_by(|a, b| {
        (a.group_name.is_none(), &a.group_name, &a.name).cmp(&(b.group_name.is_none(), &b.group_name, &b.name))
    });
    Ok(rows.into_iter().map(Tag::from).collect())
}

/// How many of the customers the caller sees (their own and the pool's;
/// admins: all) carry each tag, by name; tags nobody carries are absent.
pub async fn counts(tx: &TenantTx) -> Result<HashMap<String, u64>> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let backend = tx.conn().get_database_backend();
    let inner = tx
        .select::<customer::Entity>()
        .select_only()
        .column(customer::Column::Tags)
        .filter(visible(&scope, CustomerSet::MineAndPool, tx.tenant_id()))
        .into_query();
    let (sql, values) = match backend {
        DbBackend::Postgres => inner.build_any(&PostgresQueryBuilder as &dyn QueryBuilder),
        _ => inner.build_any(&SqliteQueryBuilder as &dyn QueryBuilder),
    };
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT x.value AS name, COUNT(*) AS n FROM ({sql}) c \
             CROSS JOIN LATERAL jsonb_array_elements_text(c.tags) AS x(value) GROUP BY x.value"
        ),
        _ => format!("SELECT j.value AS name, COUNT(*) AS n FROM ({sql}) c, json_each(c.tags) j GROUP BY j.value"),
    };
    let rows = tx.conn().query_all(Statement::from_sql_and_values(backend, sql, values)).await.map_err(db_err)?;
    let mut out = HashMap::with_capacity(rows.len());
    for row in rows {
        let name: String = row.try_get("", "name").map_err(db_err)?;
        let n: i64 = row.try_get("", "n").map_err(db_err)?;
        out.insert(name, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

/// Whether the caller may add tags to the list: admins always, everyone
/// else when the company lets them; the system (a job without a person)
/// always, as its work was set up by someone who could.
async fn may_create(tx: &TenantTx) -> Result<bool> {
    let Some(actor) = tx.actor.as_ref() else { return Ok(true) };
    if actor.role == Role::Admin {
        return Ok(true);
    }
    Ok(crate::tenants::settings(tx).await?.tag_creation == TagCreation::Everyone)
}

/// The company's tag names when the caller may not add tags (an import
/// checks its rows against them); `None` when they may.
pub(crate) async fn known_unless_creating(tx: &TenantTx) -> Result<Option<std::collections::HashSet<String>>> {
    if may_create(tx).await? {
        return Ok(None);
    }
    let names: Vec<String> = tx
        .select::<tag::Entity>()
        .select_only()
        .column(tag::Column::Name)
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(Some(names.into_iter().collect()))
}

/// Only admins change or remove tags: a rename reaches every customer.
fn admin_only(tx: &TenantTx) -> Result<()> {
    if tx.actor()?.role != Role::Admin {
        return Err(Error::Forbidden);
    }
    Ok(())
}

fn check_color(raw: &str) -> std::result::Result<String, FieldError> {
    let c = raw.trim();
    if COLORS.contains(&c) {
        Ok(c.to_owned())
    } else {
        Err(FieldError::new("color", "invalid", format!("one of {}", COLORS.join(", "))))
    }
}

/// Make sure every name of `names` is in the list, adding those missing
/// when the caller may (see [`may_create`]); `VALIDATION_FAILED` on
/// `tags` (`unknown_tag`) naming each one otherwise. Called by the
/// customers' write path for every tag a customer gains.
pub(crate) async fn admit(tx: &TenantTx, names: &[&str]) -> Result<()> {
    let mut wanted: Vec<&str> = Vec::with_capacity(names.len());
    for n in names {
        if !wanted.contains(n) {
            wanted.push(n);
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let known: Vec<String> = tx
        .select::<tag::Entity>()
        .select_only()
        .column(tag::Column::Name)
        .filter(tag::Column::Name.is_in(wanted.iter().copied()))
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let missing: Vec<&str> = wanted.into_iter().filter(|n| !known.iter().any(|k| k == n)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !may_create(tx).await? {
        return Err(Error::Validation(missing.iter().map(|n| unknown_tag("tags", n)).collect()));
    }
    room_for(tx, missing.len() as u64).await?;
    let ids: Vec<TagId> = missing.iter().map(|_| TagId::new()).collect();
    let models: Vec<tag::ActiveModel> = missing
        .iter()
        .zip(&ids)
        .map(|(n, id)| {
            tag::ActiveModel::from(tag::Model {
                tenant_id: tx.tenant_id().0,
                id: id.0,
                name: (*n).to_owned(),
                color: DEFAULT_COLOR.to_owned(),
                group_name: None,
                created_at: tx.now,
                updated_at: tx.now,
            })
        })
        .collect();
    // Two writers adding the same new tag at once: the second finds it.
    tx.insert_many(models)
        .on_conflict(OnConflict::columns([tag::Column::TenantId, tag::Column::Name]).do_nothing().to_owned())
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    for id in ids {
        tx.emit(DomainEvent::TagChanged { tag: id, what: Definition::Created });
    }
    Ok(())
}

/// The error of a tag `name` outside the list, at `field`, for a caller who
/// may not add tags.
pub(crate) fn unknown_tag(field: &str, name: &str) -> FieldError {
    FieldError::new(field, "unknown_tag", format!("`{name}` is not one of the company's tags; only admins add tags"))
}

/// `CONFLICT` when the list cannot take `more` tags.
async fn room_for(tx: &TenantTx, more: u64) -> Result<()> {
    let n = tx.select::<tag::Entity>().count(tx.conn()).await.map_err(db_err)?;
    if n + more > MAX_TAGS {
        return Err(Error::Conflict(FieldError::new(
            "tags",
            "too_many",
            format!("a company has at most {MAX_TAGS} tags; merge or delete some"),
        )));
    }
    Ok(())
}

async fn find(tx: &TenantTx, id: TagId) -> Result<tag::Model> {
    tx.select::<tag::Entity>()
        .filter(tag::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("tag"))
}

async fn by_name(tx: &TenantTx, name: &str) -> Result<Option<tag::Model>> {
    tx.select::<tag::Entity>().filter(tag::Column::Name.eq(name)).one(tx.conn()).await.map_err(db_err)
}

/// Add a tag to the list: admins, or anyone when the company lets everyone
/// add tags. `CONFLICT` (`name`, `taken`) when the name is in the list.
pub async fn create(tx: &TenantTx, input: TagInput) -> Result<Tag> {
    CustomerScope::of(tx.actor()?)?;
    if !may_create(tx).await? {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    let name = match input.name.as_deref() {
        Some(n) => tag_name(n, "name").map_err(|e| errors.push(e)).ok(),
        None => {
            errors.push(FieldError::new("name", "required", "a tag has a name"));
            None
        }
    };
    let color = check_color(input.color.as_deref().unwrap_or(DEFAULT_COLOR)).map_err(|e| errors.push(e)).ok();
    let group = optional_text(input.group.flatten().as_deref(), "group", 30).map_err(|e| errors.push(e)).ok();
    let (Some(name), Some(color), Some(group)) = (name, color, group) else {
        return Err(Error::Validation(errors));
    };
    if by_name(tx, &name).await?.is_some() {
        return Err(Error::Conflict(FieldError::new("name", "taken", "the company has a tag of this name")));
    }
    room_for(tx, 1).await?;
    let model = tag::Model {
        tenant_id: tx.tenant_id().0,
        id: TagId::new().0,
        name,
        color,
        group_name: group,
        created_at: tx.now,
        updated_at: tx.now,
    };
    tx.insert(tag::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    let id = TagId(model.id);
    tx.emit(DomainEvent::TagChanged { tag: id, what: Definition::Created });
    audit::record(tx, AuditAction::TagCreate, "tag", Some(id.0), json!({ "name": model.name })).await?;
    Ok(model.into())
}

/// Change a tag (admins). A new name is the tag's on every customer and in
/// every saved segment that filters on it; `CONFLICT` (`name`, `taken`)
/// when another tag has it (merge them instead).
pub async fn update(tx: &TenantTx, id: TagId, input: TagInput) -> Result<Tag> {
    admin_only(tx)?;
    let old = find(tx, id).await?;
    let mut errors = Vec::new();
    let name = input.name.as_deref().map(|n| tag_name(n, "name").map_err(|e| errors.push(e)).ok());
    let color = input.color.as_deref().map(|c| check_color(c).map_err(|e| errors.push(e)).ok());
    let group = input.group.map(|g| optional_text(g.as_deref(), "group", 30).map_err(|e| errors.push(e)).ok());
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let name = name.flatten().unwrap_or_else(|| old.name.clone());
    let color = color.flatten().unwrap_or_else(|| old.color.clone());
    let group = group.flatten().unwrap_or_else(|| old.group_name.clone());
    if name != old.name && by_name(tx, &name).await?.is_some() {
        return Err(Error::Conflict(FieldError::new(
            "name",
            "taken",
            "the company has a tag of this name; merge the two instead",
        )));
    }
    if (&name, &color, &group) == (&old.name, &old.color, &old.group_name) {
        return Ok(old.into());
    }
    tx.update_many::<tag::Entity>()
        .col_expr(tag::Column::Name, Expr::value(name.clone()))
        .col_expr(tag::Column::Color, Expr::value(color.clone()))
        .col_expr(tag::Column::GroupName, Expr::value(group.clone()))
        .col_expr(tag::Column::UpdatedAt, Expr::value(tx.now))
        .filter(tag::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let (mut customers, mut workflows) = (0, 0);
    if name != old.name {
        let renames = [(old.name.clone(), Some(name.clone()))];
        customers = write::retag(tx, &renames).await?;
        segments_retagged(tx, &renames).await?;
        workflows = workflows_retagged(tx, &renames).await?;
    }
    tx.emit(DomainEvent::TagChanged { tag: id, what: Definition::Updated });
    audit::record(
        tx,
        AuditAction::TagUpdate,
        "tag",
        Some(id.0),
        json!({
            "old": { "name": old.name, "color": old.color, "group": old.group_name },
            "new": { "name": name, "color": color, "group": group },
            "customers": customers,
            "workflowVersions": workflows,
        }),
    )
    .await?;
    Ok(find(tx, id).await?.into())
}

/// Merge `sources` into `into` (admins): every customer that carries one of
/// them carries `into` instead (once), segments filtering on one filter on
/// `into`, and the sources leave the list. Returns the merged tag.
pub async fn merge(tx: &TenantTx, sources: &[TagId], into: TagId) -> Result<Tag> {
    admin_only(tx)?;
    let target = find(tx, into).await?;
    if sources.is_empty() || sources.contains(&into) {
        return Err(Error::Validation(vec![FieldError::new(
            "sources",
            "invalid",
            "name one or more tags other than the one they merge into",
        )]));
    }
    let mut merged = Vec::with_capacity(sources.len());
    for id in sources {
        let m = find(tx, *id).await?;
        if !merged.iter().any(|o: &tag::Model| o.id == m.id) {
            merged.push(m);
        }
    }
    tx.delete_many::<tag::Entity>()
        .filter(tag::Column::Id.is_in(merged.iter().map(|m| m.id)))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let renames: Vec<(String, Option<String>)> =
        merged.iter().map(|m| (m.name.clone(), Some(target.name.clone()))).collect();
    let customers = write::retag(tx, &renames).await?;
    segments_retagged(tx, &renames).await?;
    let workflows = workflows_retagged(tx, &renames).await?;
    for m in &merged {
        tx.emit(DomainEvent::TagChanged { tag: TagId(m.id), what: Definition::Deleted });
    }
    tx.emit(DomainEvent::TagChanged { tag: into, what: Definition::Updated });
    audit::record(
        tx,
        AuditAction::TagMerge,
        "tag",
        Some(into.0),
        json!({
            "into": target.name,
            "merged": merged.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
            "customers": customers,
            "workflowVersions": workflows,
        }),
    )
    .await?;
    Ok(target.into())
}

/// Delete a tag (admins): it leaves every customer that carries it. Saved
/// segments filtering on it keep the filter (they then hold nobody) rather
/// than silently widening to customers they never meant.
pub async fn delete(tx: &TenantTx, id: TagId) -> Result<()> {
    admin_only(tx)?;
    let old = find(tx, id).await?;
    tx.delete_many::<tag::Entity>().filter(tag::Column::Id.eq(id.0)).exec(tx.conn()).await.map_err(db_err)?;
    let customers = write::retag(tx, &[(old.name.clone(), None)]).await?;
    tx.emit(DomainEvent::TagChanged { tag: id, what: Definition::Deleted });
    audit::record(tx, AuditAction::TagDelete, "tag", Some(id.0), json!({ "name": old.name, "customers": customers }))
        .await
}

/// `v` with the tags of `renames` renamed (a name, or a list of names
/// given once each); `None` when none of them is there. A tag deleted
/// (renamed to `None`) stays: what named it keeps meaning it.
fn renamed_tags(v: &Value, renames: &[(String, Option<String>)]) -> Option<Value> {
    let to = |name: &str| renames.iter().find(|(from, _)| from == name.trim()).and_then(|(_, to)| to.clone());
    match v {
        Value::String(name) => to(name).map(Value::String),
        Value::Array(items) => {
            let mut changed = false;
            let mut out: Vec<Value> = Vec::with_capacity(items.len());
            for item in items {
                let next = match item.as_str().and_then(to) {
                    Some(n) => {
                        changed = true;
                        Value::String(n)
                    }
                    None => item.clone(),
                };
                if !out.contains(&next) {
                    out.push(next);
                }
            }
            changed.then_some(Value::Array(out))
        }
        _ => None,
    }
}

/// A workflow definition with the tags it names renamed: the values of
/// every condition and `set_field` step on `tags` (`value`, `from`, `to`),
/// at any depth. Whether anything changed.
fn retag_definition(v: &mut Value, renames: &[(String, Option<String>)]) -> bool {
    let mut changed = false;
    match v {
        Value::Object(o) => {
            if o.get("field").and_then(Value::as_str) == Some("tags") {
                for key in ["value", "from", "to"] {
                    if let Some(next) = o.get(key).and_then(|x| renamed_tags(x, renames)) {
                        o.insert(key.to_owned(), next);
                        changed = true;
                    }
                }
            }
            for x in o.values_mut() {
                changed |= retag_definition(x, renames);
            }
        }
        Value::Array(a) => {
            for x in a {
                changed |= retag_definition(x, renames);
            }
        }
        _ => {}
    }
    changed
}

/// Workflows whose conditions or steps name renamed or merged tags name
/// the new ones (every version: a published one runs on, and its draft
/// is its next). Returns how many versions changed.
async fn workflows_retagged(tx: &TenantTx, renames: &[(String, Option<String>)]) -> Result<u64> {
    if renames.iter().all(|(_, to)| to.is_none()) {
        return Ok(0);
    }
    let rows = tx.select::<workflow_version::Entity>().all(tx.conn()).await.map_err(db_err)?;
    let mut n = 0;
    for row in rows {
        let mut definition = row.definition.clone();
        if !retag_definition(&mut definition, renames) {
            continue;
        }
        tx.update_many::<workflow_version::Entity>()
            .col_expr(workflow_version::Column::Definition, Expr::value(definition))
            .filter(workflow_version::Column::Id.eq(row.id))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        n += 1;
    }
    Ok(n)
}

/// Rewrite the tag of the saved segments that filter on a renamed or
/// merged tag: the API's filter (`tag`) and the store's criteria alike.
async fn segments_retagged(tx: &TenantTx, renames: &[(String, Option<String>)]) -> Result<()> {
    let rows = tx.select::<segment::Entity>().all(tx.conn()).await.map_err(db_err)?;
    for row in rows {
        let renamed = |v: &Value| -> Option<Value> {
            let tag = v.get("tag")?.as_str()?.trim();
            let (_, to) = renames.iter().find(|(from, _)| from == tag)?;
            let mut v = v.clone();
            v["tag"] = json!(to.as_deref()?);
            Some(v)
        };
        let (Some(filter), Some(criteria)) = (renamed(&row.filter), renamed(&row.criteria)) else { continue };
        tx.update_many::<segment::Entity>()
            .col_expr(segment::Column::Filter, Expr::value(filter))
            .col_expr(segment::Column::Criteria, Expr::value(criteria))
            .col_expr(segment::Column::UpdatedAt, Expr::value(tx.now))
            .filter(segment::Column::Id.eq(row.id))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        tx.emit(DomainEvent::SegmentChanged { segment: guanxi_core::SegmentId(row.id), what: Definition::Updated });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_definitions_name_the_renamed_tags() {
        let renames = [("展会".to_owned(), Some("展会线索".to_owned())), ("旧".to_owned(), Some("重点".to_owned()))];
        let mut d = json!({
            "trigger": { "type": "event", "event": "customer.updated",
                         "condition": { "type": "changed", "field": "tags", "to": ["展会"] } },
            "steps": [
                { "type": "if", "condition": { "type": "compare", "field": "tags", "op": "contains", "value": "展会" },
                  "then": [{ "type": "set_field", "field": "tags", "value": ["旧", "重点", "其他"] }] },
                { "type": "set_field", "field": "title", "value": "展会" }
            ]
        });
        assert!(retag_definition(&mut d, &renames));
        assert_eq!(d["trigger"]["condition"]["to"], json!(["展会线索"]));
        assert_eq!(d["steps"][0]["condition"]["value"], "展会线索");
        assert_eq!(d["steps"][0]["then"][0]["value"], json!(["重点", "其他"]), "merged into one it holds once");
        assert_eq!(d["steps"][1]["value"], "展会", "another field's text is not a tag");
        assert!(!retag_definition(&mut d, &renames), "nothing left to rename");
        assert!(!retag_definition(&mut d, &[("其他".to_owned(), None)]), "a deleted tag stays named");
    }
}
