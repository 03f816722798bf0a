//! Custom fields (自定义字段): definitions for admins, and the values as each
//! role may see them.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Json, Object, SimpleObject};
use guanxi_core::custom_fields::{FieldDef, FieldEntity, FieldSet, FieldType, Rules, SpecInput, Visibility, Writer};
use guanxi_core::{CustomFieldId, Error};
use guanxi_store::custom_fields as store;
use serde_json::Value;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};

/// The records custom fields belong to.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::custom_fields::FieldEntity")]
pub enum CustomFieldEntity {
    /// Customers (客户).
    Customer,
    /// Conversations (洽谈记录).
    Conversation,
}

/// The type of a custom field.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::custom_fields::FieldType")]
pub enum CustomFieldType {
    /// 单行文本.
    Text,
    /// 多行文本.
    LongText,
    /// 整数.
    Number,
    /// 小数 (stored as a string with `scale` decimals).
    Decimal,
    /// 金额: `{amount, currency}`.
    Money,
    /// 日期 `YYYY-MM-DD`.
    Date,
    /// 日期时间 (UTC).
    DateTime,
    /// 是/否.
    Boolean,
    /// 单选 (an option key).
    SingleSelect,
    /// 多选 (option keys).
    MultiSelect,
    /// 电话 (normalised).
    Phone,
    /// 邮箱.
    Email,
    /// 网址.
    Url,
    /// 用户 (a user id of the company).
    User,
    /// 评分 (1 to the field's max).
    Rating,
}

/// What a role may do with a field's values.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::custom_fields::FieldAccess")]
pub enum FieldAccess {
    /// Neither see nor change.
    Hidden,
    /// See only.
    Read,
    /// See and change.
    Edit,
}

/// Per-role access to a field.
#[derive(SimpleObject, InputObject, Clone, Copy)]
#[graphql(input_name = "FieldVisibilityInput")]
pub struct FieldVisibility {
    /// 管理员.
    admin: FieldAccess,
    /// 主管.
    supervisor: FieldAccess,
    /// 业务员.
    salesperson: FieldAccess,
}

impl From<Visibility> for FieldVisibility {
    fn from(v: Visibility) -> Self {
        FieldVisibility { admin: v.admin.into(), supervisor: v.supervisor.into(), salesperson: v.salesperson.into() }
    }
}

impl From<FieldVisibility> for Visibility {
    fn from(v: FieldVisibility) -> Self {
        Visibility { admin: v.admin.into(), supervisor: v.supervisor.into(), salesperson: v.salesperson.into() }
    }
}

/// A custom field's definition.
pub struct CustomField(FieldDef);

#[Object]
impl CustomField {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn entity(&self) -> CustomFieldEntity {
        self.0.entity.into()
    }
    /// Stable API name: the key of its values in `custom`.
    async fn key(&self) -> &str {
        self.0.spec.key.as_str()
    }
    async fn label(&self) -> &str {
        &self.0.spec.label
    }
    async fn label_en(&self) -> Option<&str> {
        self.0.spec.label_en.as_deref()
    }
    async fn help(&self) -> Option<&str> {
        self.0.spec.help.as_deref()
    }
    #[graphql(name = "type")]
    async fn field_type(&self) -> CustomFieldType {
        self.0.spec.field_type.into()
    }
    async fn required(&self) -> bool {
        self.0.spec.required
    }
    async fn unique(&self) -> bool {
        self.0.spec.unique
    }
    /// The value a new record gets when none is given.
    async fn default(&self) -> Option<Json<Value>> {
        self.0.spec.default.clone().map(Json)
    }
    /// Type-specific rules (`minLength`, `maxLength`, `min`, `max`, `regex`,
    /// `scale`, `currencies`, `options: [{key, label, labelEn, color}]`).
    async fn rules(&self) -> ApiResult<Json<Value>> {
        Ok(Json(serde_json::to_value(&self.0.spec.rules).map_err(Error::internal)?))
    }
    async fn visibility(&self) -> FieldVisibility {
        self.0.spec.visibility.into()
    }
    /// Whether values are indexed for search (`search`, list searches):
    /// honoured only while every role may read the field, so a value hidden
    /// from anyone is never findable.
    async fn searchable(&self) -> bool {
        self.0.spec.searchable
    }
    /// Display order, smallest first.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// Archived fields keep their values but take no new ones.
    async fn archived(&self) -> bool {
        self.0.archived
    }
}

/// A field definition as an admin writes it.
#[derive(InputObject)]
pub struct CustomFieldInput {
    /// `[a-z][a-z0-9_]*`, at most 40; cannot change later.
    key: String,
    label: String,
    label_en: Option<String>,
    help: Option<String>,
    /// Required on create; on update it must be the current type.
    #[graphql(name = "type")]
    field_type: Option<CustomFieldType>,
    #[graphql(default)]
    required: bool,
    #[graphql(default)]
    unique: bool,
    /// Any form a write accepts; normalised.
    default: Option<Json<Value>>,
    /// See `CustomField.rules`.
    rules: Option<Json<Value>>,
    /// Default: every role edits.
    visibility: Option<FieldVisibility>,
    /// Index the values for search (default false; see
    /// `CustomField.searchable`).
    #[graphql(default)]
    searchable: bool,
}

fn rules_of(v: Option<Json<Value>>) -> ApiResult<Rules> {
    match v {
        None => Ok(Rules::default()),
        Some(Json(v)) => serde_json::from_value(v)
            .map_err(|e| Error::invalid("rules", "invalid", format!("unreadable rules: {e}")).into()),
    }
}

impl CustomFieldInput {
    fn into_spec(self) -> ApiResult<SpecInput> {
        Ok(SpecInput {
            key: self.key,
            label: self.label,
            label_en: self.label_en,
            help: self.help,
            field_type: self.field_type.map(FieldType::from),
            required: self.required,
            unique: self.unique,
            default: self.default.map(|j| j.0),
            rules: rules_of(self.rules)?,
            visibility: self.visibility.map(Visibility::from).unwrap_or_default(),
            searchable: self.searchable,
        })
    }
}

/// What a type change would do to the stored values.
#[derive(SimpleObject)]
pub struct TypeChangePreview {
    /// Records holding a value.
    values: u64,
    /// Values that convert.
    converted: u64,
    /// Values that do not.
    failed: u64,
    /// Some of the failures.
    failures: Vec<TypeChangeFailure>,
}

/// A value that would not convert.
#[derive(SimpleObject)]
pub struct TypeChangeFailure {
    /// The record.
    record_id: ID,
    /// Why.
    message: String,
}

/// A deleted field.
#[derive(SimpleObject)]
pub struct DeletedCustomField {
    id: ID,
    /// Records whose value was removed (each recorded in its history).
    records: u64,
}

/// A custom value as a form shows it to the reader.
#[derive(SimpleObject)]
pub struct CustomValue {
    key: String,
    label: String,
    label_en: Option<String>,
    #[graphql(name = "type")]
    field_type: CustomFieldType,
    /// The stored value; null when empty.
    value: Json<Value>,
    /// Read or edit (hidden fields are not listed).
    access: FieldAccess,
}

/// The fields of `entity` the caller may read, loaded once per request
/// (every record of a page lists its form with them).
pub(crate) async fn readable_fields(ctx: &Context<'_>, entity: FieldEntity) -> ApiResult<Arc<store::ReadableFields>> {
    let rc = ctx.rc()?;
    let mut sets = rc.field_sets.lock().await;
    if let Some(s) = sets.get(entity.as_str()) {
        return Ok(s.clone());
    }
    let set = ctx.read(async |tx| Ok(store::readable_fields(tx, entity).await?)).await?;
    sets.insert(entity.as_str(), set.clone());
    Ok(set)
}

/// The form of a record's values: the readable, unarchived fields in
/// display order with their labels and the caller's access. `stored` comes
/// from the store already filtered for the caller.
pub(crate) async fn form_values(ctx: &Context<'_>, entity: FieldEntity, stored: &Value) -> ApiResult<Vec<CustomValue>> {
    let writer = Writer::Role(ctx.principal()?.actor().role);
    Ok(readable_fields(ctx, entity)
        .await?
        .fields()
        .filter(|f| !f.def.archived)
        .map(|f| CustomValue {
            key: f.key().to_owned(),
            label: f.def.spec.label.clone(),
            label_en: f.def.spec.label_en.clone(),
            field_type: f.field_type().into(),
            value: Json(stored.get(f.key()).cloned().unwrap_or(Value::Null)),
            access: FieldSet::access(f, writer).into(),
        })
        .collect())
}

#[derive(Default)]
pub struct CustomFieldQuery;

#[Object]
impl CustomFieldQuery {
    /// The fields of `entity` in display order. Admins see every field;
    /// others those not hidden from their role. Archived fields only when asked.
    async fn custom_fields(
        &self,
        ctx: &Context<'_>,
        entity: CustomFieldEntity,
        #[graphql(default)] include_archived: bool,
    ) -> ApiResult<Vec<CustomField>> {
        // The fields describe CRM data, which the maintenance role never sees.
        ctx.principal()?.actor().authorize(&guanxi_core::Action::UseCrm)?;
        ctx.read(async |tx| {
            let fields = store::readable_fields(tx, entity.into()).await?;
            Ok(fields
                .fields()
                .filter(|f| include_archived || !f.def.archived)
                .map(|f| CustomField(f.def.clone()))
                .collect())
        })
        .await
    }
}

#[derive(Default)]
pub struct CustomFieldMutation;

#[Object]
impl CustomFieldMutation {
    /// Define a field (admins). Problems come back together as field errors
    /// (`key`, `label`, `rules.maxLength`, `rules.options.2.color` …); a
    /// key in use is `CONFLICT`.
    async fn create_custom_field(
        &self,
        ctx: &Context<'_>,
        entity: CustomFieldEntity,
        input: CustomFieldInput,
    ) -> ApiResult<CustomField> {
        let spec = input.into_spec()?;
        ctx.write(async |tx| {
            let def = store::create(tx, entity.into(), spec).await?;
            Ok(CustomField(def))
        })
        .await
    }

    /// Change a definition (admins); not its key or type. Making it unique
    /// is refused (`CONFLICT`) while records share a value; removing an
    /// option in use is refused.
    async fn update_custom_field(&self, ctx: &Context<'_>, id: ID, input: CustomFieldInput) -> ApiResult<CustomField> {
        let id = parse_id::<CustomFieldId>(&id, "id")?;
        let spec = input.into_spec()?;
        ctx.write(async |tx| {
            let def = store::update(tx, id, spec).await?;
            Ok(CustomField(def))
        })
        .await
    }

    /// Order an entity's fields (admins): every field's id, once.
    async fn reorder_custom_fields(
        &self,
        ctx: &Context<'_>,
        entity: CustomFieldEntity,
        ids: Vec<ID>,
    ) -> ApiResult<Vec<CustomField>> {
        let ids = ids
            .iter()
            .enumerate()
            .map(|(i, id)| parse_id::<CustomFieldId>(id, &format!("ids.{i}")))
            .collect::<ApiResult<Vec<_>>>()?;
        ctx.write(async |tx| {
            let defs = store::reorder(tx, entity.into(), &ids).await?;
            Ok(defs.into_iter().map(CustomField).collect())
        })
        .await
    }

    /// Archive a field (values stay, no new ones) or restore it (admins).
    async fn archive_custom_field(&self, ctx: &Context<'_>, id: ID, archived: bool) -> ApiResult<CustomField> {
        let id = parse_id::<CustomFieldId>(&id, "id")?;
        ctx.write(async |tx| {
            let def = store::set_archived(tx, id, archived).await?;
            Ok(CustomField(def))
        })
        .await
    }

    /// Delete a field (admins). If records hold values, `confirm: true` is
    /// needed (else `CONFLICT` with reason `has_values`): the values are
    /// removed and each removal is recorded in the customer's history.
    async fn delete_custom_field(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(default)] confirm: bool,
    ) -> ApiResult<DeletedCustomField> {
        let fid = parse_id::<CustomFieldId>(&id, "id")?;
        ctx.write(async |tx| {
            let records = store::delete(tx, fid, confirm).await?;
            Ok(DeletedCustomField { id, records })
        })
        .await
    }

    /// Count what changing a field's type would convert and what would fail
    /// (admins); writes nothing.
    async fn preview_custom_field_type_change(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "type")] field_type: CustomFieldType,
        rules: Option<Json<Value>>,
    ) -> ApiResult<TypeChangePreview> {
        let id = parse_id::<CustomFieldId>(&id, "id")?;
        let rules = rules_of(rules)?;
        ctx.read(async |tx| {
            let p = store::preview_type_change(tx, id, field_type.into(), rules).await?;
            Ok(TypeChangePreview {
                values: p.values,
                converted: p.converted,
                failed: p.failed,
                failures: p
                    .failures
                    .into_iter()
                    .map(|(r, m)| TypeChangeFailure { record_id: ID(r.to_string()), message: m })
                    .collect(),
            })
        })
        .await
    }

    /// Change a field's type (admins), converting every value in one
    /// transaction (each change recorded in the customer's history). If any
    /// value does not convert: `CONFLICT` (`values_do_not_convert`), unless
    /// `clearFailures: true`, which clears those values (also recorded).
    async fn change_custom_field_type(
        &self,
        ctx: &Context<'_>,
        id: ID,
        #[graphql(name = "type")] field_type: CustomFieldType,
        rules: Option<Json<Value>>,
        #[graphql(default)] clear_failures: bool,
    ) -> ApiResult<CustomField> {
        let id = parse_id::<CustomFieldId>(&id, "id")?;
        let rules = rules_of(rules)?;
        ctx.write(async |tx| {
            let def = store::change_type(tx, id, field_type.into(), rules, clear_failures).await?;
            Ok(CustomField(def))
        })
        .await
    }
}
