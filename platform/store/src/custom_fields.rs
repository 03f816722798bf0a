//! Custom fields (自定义字段): definitions (admins), and the one function
//! every write path of a record's `custom` values goes through,
//! [`apply_write`]: the rules of `guanxi_core::custom_fields` plus what
//! needs the company's data (users named by user fields exist; values of
//! unique fields are claimed in `custom_field_unique` in the same
//! transaction, so two records can never hold the same value, concurrency
//! included).
//!
//! Changing a definition never drops values silently: deleting a field that
//! holds values needs `confirm` and records every removed value in its
//! customer's history; a type change converts every value or is refused
//! (unless the admin explicitly clears those that do not convert, which is
//! recorded too); removing a select option that values use is refused.
//!
//! Every change of a definition (created, updated, its type changed,
//! archived or restored, deleted) emits `custom_field.changed` in its
//! transaction.

use std::collections::HashMap;
use std::str::FromStr;

use guanxi_core::custom_fields::{
    CompiledField, FieldDef, FieldEntity, FieldKey, FieldSet, FieldSpec, FieldType, Rules, SpecInput, WriteOutcome,
    Writer, convert,
};
use guanxi_core::events::Definition;
use guanxi_core::{Action, ConversationId, CustomFieldId, CustomerId, DomainEvent, Error, FieldError, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde_json::{Value, json};
use uuid::Uuid;

mod readable;

pub use readable::{ReadableFields, readable_fields};

use crate::audit::AuditAction;
use crate::customers::tenant_tz;
use crate::db::{TenantTx, db_err};
use crate::entity::{conversation, custom_field, custom_field_unique, customer, user};

fn corrupt(what: &str) -> Error {
    Error::Internal(format!("unreadable custom field {what}").into())
}

fn to_def(m: custom_field::Model) -> Result<FieldDef> {
    let spec = FieldSpec {
        key: FieldKey::parse(&m.field_key, "key").map_err(|_| corrupt("key"))?,
        label: m.label,
        label_en: m.label_en,
        help: m.help,
        field_type: FieldType::from_str(&m.field_type).map_err(|_| corrupt("type"))?,
        required: m.required,
        unique: m.is_unique,
        default: m.default_value,
        rules: serde_json::from_value(m.rules).map_err(|_| corrupt("rules"))?,
        visibility: serde_json::from_value(m.visibility).map_err(|_| corrupt("visibility"))?,
        searchable: m.searchable,
    };
    Ok(FieldDef {
        id: CustomFieldId(m.id),
        entity: FieldEntity::from_str(&m.entity).map_err(|_| corrupt("entity"))?,
        position: m.position,
        archived: m.archived,
        spec,
    })
}

/// Every definition of `entity`, archived ones included, in display order.
pub async fn definitions(tx: &TenantTx, entity: FieldEntity) -> Result<Vec<FieldDef>> {
    tx.select::<custom_field::Entity>()
        .filter(custom_field::Column::Entity.eq(entity.as_str()))
        .order_by_asc(custom_field::Column::Position)
        .order_by_asc(custom_field::Column::Id)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(to_def)
        .collect()
}

/// The compiled fields of `entity`: what writes are checked with and reads
/// filtered by. Load once per request or import, check many records.
pub async fn field_set(tx: &TenantTx, entity: FieldEntity) -> Result<FieldSet> {
    FieldSet::new(definitions(tx, entity).await?, tenant_tz(tx).await?)
}

/// One definition.
pub async fn get(tx: &TenantTx, id: CustomFieldId) -> Result<FieldDef> {
    let m = tx
        .select::<custom_field::Entity>()
        .filter(custom_field::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("custom field"))?;
    to_def(m)
}

fn json_of<T: serde::Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(Error::internal)
}

/// An update of one field definition of the transaction's company.
fn field_update(tx: &TenantTx, id: CustomFieldId) -> sea_orm::UpdateMany<custom_field::Entity> {
    tx.forget_readable_fields();
    tx.update_many::<custom_field::Entity>().filter(custom_field::Column::Id.eq(id.0))
}

/// Announce a change of a field's definition.
fn changed(tx: &TenantTx, id: CustomFieldId, key: &str, what: Definition) {
    tx.emit(DomainEvent::CustomFieldChanged { field: id, key: key.to_owned(), what });
}

/// Define a field (admins).
pub async fn create(tx: &TenantTx, entity: FieldEntity, input: SpecInput) -> Result<FieldDef> {
    tx.actor()?.authorize(&Action::ManageCustomFields)?;
    let spec = FieldSpec::check(input)?;
    let existing = definitions(tx, entity).await?;
    if existing.len() >= guanxi_core::custom_fields::MAX_FIELDS {
        return Err(Error::Conflict(FieldError::new(
            "key",
            "too_many",
            format!("at most {} fields", guanxi_core::custom_fields::MAX_FIELDS),
        )));
    }
    if existing.iter().any(|d| d.spec.key == spec.key) {
        return Err(Error::Conflict(FieldError::new("key", "taken", "another field has this key")));
    }
    crate::entitlements::ensure(tx, guanxi_core::subscription::Entitlement::CustomFields, 1).await?;
    let id = CustomFieldId::new();
    let position = existing.iter().map(|d| d.position).max().unwrap_or(0) + 1;
    tx.forget_readable_fields();
    tx.insert(custom_field::ActiveModel {
        // Set by the scoped insert.
        tenant_id: NotSet,
        id: Set(id.0),
        entity: Set(entity.as_str().to_owned()),
        field_key: Set(spec.key.as_str().to_owned()),
        label: Set(spec.label.clone()),
        label_en: Set(spec.label_en.clone()),
        help: Set(spec.help.clone()),
        field_type: Set(spec.field_type.as_str().to_owned()),
        required: Set(spec.required),
        is_unique: Set(spec.unique),
        default_value: Set(spec.default.clone()),
        rules: Set(json_of(&spec.rules)?),
        visibility: Set(json_of(&spec.visibility)?),
        searchable: Set(spec.searchable),
        position: Set(position),
        archived: Set(false),
        created_at: Set(tx.now),
        updated_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    changed(tx, id, spec.key.as_str(), Definition::Created);
    crate::audit::record(
        tx,
        AuditAction::CustomFieldCreate,
        "custom_field",
        Some(id.0),
        json!({ "key": spec.key.as_str() }),
    )
    .await?;
    get(tx, id).await
}

/// `(record id, custom object)` of every record of `entity` holding a value
/// for `key`.
async fn holders(tx: &TenantTx, entity: FieldEntity, key: &str) -> Result<Vec<(Uuid, Value)>> {
    let rows: Vec<(Uuid, Value)> = match entity {
        FieldEntity::Customer => tx
            .select::<customer::Entity>()
            .select_only()
            .columns([customer::Column::Id, customer::Column::Custom])
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?,
        FieldEntity::Conversation => tx
            .select::<conversation::Entity>()
            .select_only()
            .columns([conversation::Column::Id, conversation::Column::Custom])
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?,
    };
    Ok(rows.into_iter().filter(|(_, c)| c.get(key).is_some_and(|v| !v.is_null())).collect())
}

/// Replace a record's custom values (a field's conversion or removal, a
/// computed value); the caller records the history of each change.
pub(crate) async fn store_custom(tx: &TenantTx, entity: FieldEntity, id: Uuid, custom: Value, key: &str) -> Result<()> {
    match entity {
        // Through the customers' write path, which emits the change.
        FieldEntity::Customer => crate::customers::write::set_custom(tx, id, custom).await?,
        FieldEntity::Conversation => {
            let Some(customer) = tx
                .select::<conversation::Entity>()
                .select_only()
                .column(conversation::Column::CustomerId)
                .filter(conversation::Column::Id.eq(id))
                .into_tuple::<Uuid>()
                .one(tx.conn())
                .await
                .map_err(db_err)?
            else {
                return Ok(());
            };
            tx.update_many::<conversation::Entity>()
                .col_expr(conversation::Column::Custom, Expr::value(custom))
                .filter(conversation::Column::Id.eq(id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            // Subscribers (the search index) hold the value; tell them, as
            // an edit of the record would.
            tx.emit(DomainEvent::ConversationEdited {
                conversation: ConversationId(id),
                customer: CustomerId(customer),
                fields: vec![format!("custom.{key}")],
            });
        }
    }
    Ok(())
}

/// Record a change of custom values in a customer's history (conversations
/// keep no history).
pub(crate) async fn history(
    tx: &TenantTx,
    entity: FieldEntity,
    record: Uuid,
    key: &str,
    old: Value,
    new: Value,
) -> Result<()> {
    if entity != FieldEntity::Customer {
        return Ok(());
    }
    crate::customers::record_change(tx, CustomerId(record), &format!("custom.{key}"), old, new).await
}

/// Claim the unique values of `holders` for a field that becomes unique:
/// `CONFLICT` naming how many values are shared when any is.
async fn claim_all(tx: &TenantTx, field: &CompiledField, holders: &[(Uuid, Value)]) -> Result<()> {
    let mut seen: HashMap<String, Uuid> = HashMap::new();
    let mut shared = 0;
    for (id, custom) in holders {
        if let Some(k) = custom.get(field.key()).and_then(|v| field.unique_key(v))
            && seen.insert(k, *id).is_some()
        {
            shared += 1;
        }
    }
    if shared > 0 {
        return Err(Error::Conflict(FieldError::new(
            "unique",
            "duplicates",
            format!("{shared} records share a value of this field; make them distinct first"),
        )));
    }
    let rows: Vec<custom_field_unique::ActiveModel> = seen
        .into_iter()
        .map(|(k, id)| custom_field_unique::ActiveModel {
            // Set by the scoped insert.
            tenant_id: NotSet,
            field_id: Set(field.def.id.0),
            value_key: Set(k),
            record_id: Set(id),
        })
        .collect();
    for chunk in rows.chunks(500) {
        tx.insert_many(chunk.to_vec()).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    }
    Ok(())
}

/// Change a field's definition (admins): labels, help, rules, options,
/// default, required, unique, visibility. The key and the type stay (see
/// [`change_type`]). Making a field unique claims its values and is refused
/// while two records share one; removing an option that values use is
/// refused. Tighter rules apply to the next write of each value.
pub async fn update(tx: &TenantTx, id: CustomFieldId, input: SpecInput) -> Result<FieldDef> {
    tx.actor()?.authorize(&Action::ManageCustomFields)?;
    let old = get(tx, id).await?;
    let mut errors = Vec::new();
    if input.key.trim() != old.spec.key.as_str() {
        errors.push(FieldError::new("key", "immutable", "a field's key cannot change"));
    }
    if input.field_type.is_some_and(|t| t != old.spec.field_type) {
        errors.push(FieldError::new("type", "immutable", "change the type with changeCustomFieldType"));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let spec = FieldSpec::check(SpecInput { field_type: Some(old.spec.field_type), ..input })?;
    let new_def = FieldDef { spec: spec.clone(), ..old.clone() };
    let compiled = CompiledField::compile(new_def).map_err(|m| Error::invalid("rules.regex", "invalid", m))?;
    let needs_values = (spec.unique && !old.spec.unique)
        || matches!(old.spec.field_type, FieldType::SingleSelect | FieldType::MultiSelect);
    let held = if needs_values { holders(tx, old.entity, old.spec.key.as_str()).await? } else { Vec::new() };
    if matches!(old.spec.field_type, FieldType::SingleSelect | FieldType::MultiSelect) {
        let keys = compiled.option_keys();
        let in_use = held
            .iter()
            .filter(|(_, c)| match c.get(compiled.key()) {
                Some(Value::String(s)) => !keys.contains(&s.as_str()),
                Some(Value::Array(a)) => a.iter().any(|v| v.as_str().is_none_or(|s| !keys.contains(&s))),
                _ => false,
            })
            .count();
        if in_use > 0 {
            return Err(Error::Conflict(FieldError::new(
                "rules.options",
                "in_use",
                format!("{in_use} records use an option this change removes"),
            )));
        }
    }
    if spec.unique && !old.spec.unique {
        claim_all(tx, &compiled, &held).await?;
    }
    if !spec.unique && old.spec.unique {
        tx.delete_many::<custom_field_unique::Entity>()
            .filter(custom_field_unique::Column::FieldId.eq(id.0))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
    }
    field_update(tx, id)
        .col_expr(custom_field::Column::Label, Expr::value(spec.label.clone()))
        .col_expr(custom_field::Column::LabelEn, Expr::value(spec.label_en.clone()))
        .col_expr(custom_field::Column::Help, Expr::value(spec.help.clone()))
        .col_expr(custom_field::Column::Required, Expr::value(spec.required))
        .col_expr(custom_field::Column::IsUnique, Expr::value(spec.unique))
        .col_expr(custom_field::Column::DefaultValue, Expr::value(spec.default.clone()))
        .col_expr(custom_field::Column::Rules, Expr::value(json_of(&spec.rules)?))
        .col_expr(custom_field::Column::Visibility, Expr::value(json_of(&spec.visibility)?))
        .col_expr(custom_field::Column::Searchable, Expr::value(spec.searchable))
        .col_expr(custom_field::Column::UpdatedAt, Expr::value(tx.now))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    changed(tx, id, spec.key.as_str(), Definition::Updated);
    crate::audit::record(
        tx,
        AuditAction::CustomFieldUpdate,
        "custom_field",
        Some(id.0),
        json!({ "key": spec.key.as_str() }),
    )
    .await?;
    get(tx, id).await
}

/// Put an entity's fields in this order (every field, each once).
pub async fn reorder(tx: &TenantTx, entity: FieldEntity, ids: &[CustomFieldId]) -> Result<Vec<FieldDef>> {
    tx.actor()?.authorize(&Action::ManageCustomFields)?;
    let defs = definitions(tx, entity).await?;
    let mut given: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
    given.sort();
    given.dedup();
    let mut all: Vec<Uuid> = defs.iter().map(|d| d.id.0).collect();
    all.sort();
    if given.len() != ids.len() || given != all {
        return Err(Error::invalid("ids", "mismatch", "list every field of the entity exactly once"));
    }
    for (i, id) in ids.iter().enumerate() {
        let position = i32::try_from(i).unwrap_or(i32::MAX);
        let Some((was, d)) = defs.iter().enumerate().find(|(_, d)| d.id == *id) else { continue };
        if d.position != position {
            field_update(tx, *id)
                .col_expr(custom_field::Column::Position, Expr::value(position))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
        }
        // Announced only when it moved in the order people see.
        if was != i {
            changed(tx, *id, d.spec.key.as_str(), Definition::Updated);
        }
    }
    definitions(tx, entity).await
}

/// Archive a field (its values stay, readable; it leaves forms and takes no
/// new values) or bring it back.
pub async fn set_archived(tx: &TenantTx, id: CustomFieldId, archived: bool) -> Result<FieldDef> {
    tx.actor()?.authorize(&Action::ManageCustomFields)?;
    let old = get(tx, id).await?;
    if old.archived == archived {
        return Ok(old);
    }
    field_update(tx, id)
        .col_expr(custom_field::Column::Archived, Expr::value(archived))
        .col_expr(custom_field::Column::UpdatedAt, Expr::value(tx.now))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    changed(tx, id, old.spec.key.as_str(), Definition::Updated);
    let action = if archived { AuditAction::CustomFieldArchive } else { AuditAction::CustomFieldRestore };
    crate::audit::record(tx, action, "custom_field", Some(id.0), json!({ "key": old.spec.key.as_str() })).await?;
    get(tx, id).await
}

/// Delete a field. If records hold values, `confirm` must be true: the
/// values are removed from the records and each removal is recorded in the
/// customer's history (old value → null), so nothing disappears without a
/// trace. Returns how many records held a value.
pub async fn delete(tx: &TenantTx, id: CustomFieldId, confirm: bool) -> Result<u64> {
    tx.actor()?.authorize(&Action::ManageCustomFields)?;
    let def = get(tx, id).await?;
    let key = def.spec.key.as_str().to_owned();
    let held = holders(tx, def.entity, &key).await?;
    if !held.is_empty() && !confirm {
        return Err(Error::Conflict(FieldError::new(
            "confirm",
            "has_values",
            format!("{} records hold values of this field; pass confirm: true to remove them", held.len()),
        )));
    }
    for (record, mut custom) in held.iter().cloned() {
        let old = custom.as_object_mut().and_then(|m| m.remove(&key)).unwrap_or(Value::Null);
        store_custom(tx, def.entity, record, custom, &key).await?;
        history(tx, def.entity, record, &key, old, Value::Null).await?;
    }
    crate::plugins::detach_target(tx, crate::plugins::Target::Field(id)).await?;
    tx.forget_readable_fields();
    tx.delete_many::<custom_field::Entity>()
        .filter(custom_field::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    changed(tx, id, &key, Definition::Deleted);
    crate::audit::record(
        tx,
        AuditAction::CustomFieldDelete,
        "custom_field",
        Some(id.0),
        json!({ "key": key, "records": held.len() }),
    )
    .await?;
    Ok(held.len() as u64)
}

/// What a type change would do to the stored values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeChangePreview {
    /// Records holding a value.
    pub values: u64,
    /// Values that convert.
    pub converted: u64,
    /// Values that do not (they would have to be cleared).
    pub failed: u64,
    /// Up to 20 failures: record id and why.
    pub failures: Vec<(Uuid, String)>,
}

async fn plan_type_change(
    tx: &TenantTx,
    id: CustomFieldId,
    to: FieldType,
    rules: Rules,
) -> Result<(FieldDef, CompiledField, Vec<(Uuid, Value, Option<Value>, Option<String>)>)> {
    let old = get(tx, id).await?;
    if !guanxi_core::custom_fields::can_convert(old.spec.field_type, to) {
        return Err(Error::invalid(
            "type",
            "unsupported",
            format!("{} fields cannot become {} fields", old.spec.field_type.as_str(), to.as_str()),
        ));
    }
    let spec = FieldSpec::check(SpecInput {
        key: old.spec.key.as_str().to_owned(),
        label: old.spec.label.clone(),
        label_en: old.spec.label_en.clone(),
        help: old.spec.help.clone(),
        field_type: Some(to),
        required: old.spec.required,
        unique: old.spec.unique && to.supports_unique(),
        default: None,
        rules,
        visibility: old.spec.visibility,
        searchable: old.spec.searchable,
    })?;
    let from = CompiledField::compile(old.clone()).map_err(|m| Error::Internal(m.into()))?;
    let target = CompiledField::compile(FieldDef { spec, ..old.clone() })
        .map_err(|m| Error::invalid("rules.regex", "invalid", m))?;
    let tz = tenant_tz(tx).await?;
    let key = old.spec.key.as_str().to_owned();
    let mut plan = Vec::new();
    for (record, custom) in holders(tx, old.entity, &key).await? {
        let v = custom.get(&key).cloned().unwrap_or(Value::Null);
        match convert(&from, &target, &v, tz) {
            Ok(new) => plan.push((record, custom, new, None)),
            Err(e) => plan.push((record, custom, None, Some(e.0.message))),
        }
    }
    Ok((old, target, plan))
}

/// Count what changing a field to `to` (with `rules` for the new type)
/// would convert and what would fail; nothing is written.
pub async fn preview_type_change(
    tx: &TenantTx,
    id: CustomFieldId,
    to: FieldType,
    rules: Rules,
) -> Result<TypeChangePreview> {
    tx.actor()?.authorize(&Action::ManageCustomFields)?;
    let (_, _, plan) = plan_type_change(tx, id, to, rules).await?;
    let failures: Vec<(Uuid, String)> =
        plan.iter().filter_map(|(r, _, _, e)| e.clone().map(|e| (*r, e))).take(20).collect();
    let failed = plan.iter().filter(|p| p.3.is_some()).count() as u64;
    Ok(TypeChangePreview { values: plan.len() as u64, converted: plan.len() as u64 - failed, failed, failures })
}

/// Change a field's type, converting every stored value in this
/// transaction (each change recorded in the customer's history). When a
/// value does not convert the change is refused (`CONFLICT`), unless
/// `clear_failures` is true: those values are then cleared, and recorded.
pub async fn change_type(
    tx: &TenantTx,
    id: CustomFieldId,
    to: FieldType,
    rules: Rules,
    clear_failures: bool,
) -> Result<FieldDef> {
    tx.actor()?.authorize(&Action::ManageCustomFields)?;
    let (old, target, plan) = plan_type_change(tx, id, to, rules).await?;
    let failed = plan.iter().filter(|p| p.3.is_some()).count();
    if failed > 0 && !clear_failures {
        return Err(Error::Conflict(FieldError::new(
            "type",
            "values_do_not_convert",
            format!("{failed} values do not convert; preview the change, fix them, or pass clearFailures: true"),
        )));
    }
    let key = old.spec.key.as_str().to_owned();
    tx.delete_many::<custom_field_unique::Entity>()
        .filter(custom_field_unique::Column::FieldId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let mut converted = Vec::new();
    for (record, mut custom, new, _) in plan {
        let before = custom.get(&key).cloned().unwrap_or(Value::Null);
        if let Some(map) = custom.as_object_mut() {
            match &new {
                Some(v) => map.insert(key.clone(), v.clone()),
                None => map.remove(&key),
            };
        }
        let after = new.clone().unwrap_or(Value::Null);
        if before != after {
            store_custom(tx, old.entity, record, custom.clone(), &key).await?;
            history(tx, old.entity, record, &key, before, after).await?;
        }
        converted.push((record, custom));
    }
    if target.def.spec.unique {
        claim_all(tx, &target, &converted).await?;
    }
    let spec = &target.def.spec;
    field_update(tx, id)
        .col_expr(custom_field::Column::FieldType, Expr::value(spec.field_type.as_str()))
        .col_expr(custom_field::Column::IsUnique, Expr::value(spec.unique))
        .col_expr(custom_field::Column::DefaultValue, Expr::value(Option::<Value>::None))
        .col_expr(custom_field::Column::Rules, Expr::value(json_of(&spec.rules)?))
        .col_expr(custom_field::Column::UpdatedAt, Expr::value(tx.now))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    changed(tx, id, &key, Definition::Updated);
    crate::audit::record(
        tx,
        AuditAction::CustomFieldChangeType,
        "custom_field",
        Some(id.0),
        json!({ "key": key, "from": old.spec.field_type.as_str(), "to": spec.field_type.as_str(), "cleared": failed }),
    )
    .await?;
    get(tx, id).await
}

/// Check a write of custom values to a record and claim what it needs:
/// every user named exists in the company, unique values are free (then
/// claimed for `record`; released values are freed). Returns the outcome:
/// the new object to store and the changes to record. Call it in the
/// transaction that stores the object.
pub async fn apply_write(
    tx: &TenantTx,
    set: &FieldSet,
    record: Uuid,
    writer: Writer,
    old: Option<&Value>,
    patch: &Value,
    fields: &Value,
) -> Result<WriteOutcome> {
    let mut outcome = set.check_write(writer, old, patch)?;
    let mut errors = Vec::new();
    for (path, id) in &outcome.users {
        let found =
            tx.select::<user::Entity>().filter(user::Column::Id.eq(id.0)).one(tx.conn()).await.map_err(db_err)?;
        if found.is_none() {
            errors.push(FieldError::new(path.clone(), "not_found", "no such user in the company"));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    // Before the claims below: a refused value must leave nothing behind
    // in the transaction (an import goes on with the next row).
    crate::plugins::calls::validate_fields(tx, set, record, &outcome, fields).await?;
    crate::plugins::calls::compute_fields(tx, set, record, &mut outcome, fields, patch).await?;
    for claim in &outcome.unique {
        tx.delete_many::<custom_field_unique::Entity>()
            .filter(custom_field_unique::Column::FieldId.eq(claim.field.0))
            .filter(custom_field_unique::Column::RecordId.eq(record))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        let Some(value) = &claim.value else { continue };
        // The primary key decides, a race between two writers of one value
        // included: the insert does nothing when another record holds it.
        if !insert_claim(tx, claim.field.0, value, record).await? {
            return Err(Error::Conflict(taken(&claim.key)));
        }
    }
    Ok(outcome)
}

/// The problems with one record's custom values as field errors, when
/// that is what `e` (of a custom value write) is: a refused value, a taken
/// unique value, fields the writer may not fill, a validator plugin that
/// failed. Anything else is returned as the error it is. Work over many
/// records (an import, a bulk edit) reports the first kind per record and
/// stops at the second.
pub(crate) fn record_errors(e: Error) -> Result<Vec<FieldError>> {
    match e {
        Error::Validation(list) => Ok(list),
        Error::Conflict(e) => Ok(vec![e]),
        Error::Forbidden => Ok(vec![FieldError::new("custom", "forbidden", "you may not fill these fields")]),
        Error::PluginFailed { reason, message } => Ok(vec![FieldError::new("custom", reason, message)]),
        other => Err(other),
    }
}

/// The error of a unique value another record holds.
pub(crate) fn taken(key: &str) -> FieldError {
    FieldError::new(format!("custom.{key}"), "taken", "another record already has this value")
}

/// Whether another record holds `value_key` of a unique field (for checks
/// that write nothing, such as an import's dry run).
pub(crate) async fn unique_taken(tx: &TenantTx, field: CustomFieldId, value_key: &str) -> Result<bool> {
    Ok(tx
        .select::<custom_field_unique::Entity>()
        .filter(custom_field_unique::Column::FieldId.eq(field.0))
        .filter(custom_field_unique::Column::ValueKey.eq(value_key))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .is_some())
}

/// Insert a uniqueness row; `false` when another record holds the value.
pub(crate) async fn insert_claim(tx: &TenantTx, field: Uuid, value: &str, record: Uuid) -> Result<bool> {
    let backend = tx.conn().get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO custom_field_unique (tenant_id, field_id, value_key, record_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
        }
        _ => {
            "INSERT OR IGNORE INTO custom_field_unique (tenant_id, field_id, value_key, record_id) VALUES (?, ?, ?, ?)"
        }
    };
    let r = tx
        .conn()
        .execute(Statement::from_sql_and_values(
            backend,
            sql,
            [tx.tenant_id().0.into(), field.into(), value.into(), record.into()],
        ))
        .await
        .map_err(db_err)?;
    Ok(r.rows_affected() == 1)
}

/// Free the unique values held by a customer about to be deleted and by
/// its conversations (which go with it).
pub(crate) async fn release_customer(tx: &TenantTx, customer_id: Uuid) -> Result<()> {
    let conversations = sea_orm::sea_query::Query::select()
        .column(conversation::Column::Id)
        .from(conversation::Entity)
        .and_where(conversation::Column::TenantId.eq(tx.tenant_id().0))
        .and_where(conversation::Column::CustomerId.eq(customer_id))
        .to_owned();
    tx.delete_many::<custom_field_unique::Entity>()
        .filter(
            sea_orm::Condition::any()
                .add(custom_field_unique::Column::RecordId.eq(customer_id))
                .add(custom_field_unique::Column::RecordId.in_subquery(conversations)),
        )
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}
