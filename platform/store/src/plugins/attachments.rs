//! Where plugins run: attachments to customer fields and grading models,
//! and recomputing a computed field.

use guanxi_core::{Error, FieldError, Result};
use sea_orm::{ActiveValue::Set, ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use crate::audit;
use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use guanxi_core::custom_fields::FieldEntity;
use guanxi_core::{CustomFieldId, GradingModelId, PluginAttachmentId, PluginId, PluginVersionId};

use super::{Attachment, Target, calls, manage, stored, version};
use crate::entity::{custom_field, grading_model, plugin_attachment};

/// The name of a target of the transaction's company: a customer field's
/// label or a model's name.
async fn target_name(tx: &TenantTx, target: Target) -> Result<String> {
    match target {
        Target::Field(f) => {
            let field = tx
                .select::<custom_field::Entity>()
                .filter(custom_field::Column::Id.eq(f.0))
                .one(tx.conn())
                .await
                .map_err(db_err)?
                .ok_or(Error::NotFound("custom field"))?;
            if field.entity != FieldEntity::Customer.as_str() {
                return Err(Error::invalid(
                    "fieldId",
                    "not_supported",
                    "validator plugins are attached to customer fields",
                ));
            }
            Ok(field.label)
        }
        Target::GradingModel(m) => Ok(tx
            .select::<grading_model::Entity>()
            .filter(grading_model::Column::Id.eq(m.0))
            .one(tx.conn())
            .await
            .map_err(db_err)?
            .ok_or(Error::NotFound("grading model"))?
            .name),
    }
}

/// Attach a plugin to a customer field (`field.validate`, the default: it
/// checks the values saved into the field; `field.compute`: it computes
/// the field's value) or a grading model (`grade`: it grades the model's
/// customers) (admins). It replaces the plugin attached there with the same
/// hook, if any. The installed version must offer the hook. A computed field
/// may be neither required nor unique (its value is filled in after the
/// checks of a save).
pub async fn attach(tx: &TenantTx, id: PluginId, target: Target, hook: Option<&str>) -> Result<Attachment> {
    manage(tx)?;
    let p = stored(tx, id).await?;
    let name = target_name(tx, target).await?;
    let hook = match hook {
        None => target.hooks()[0],
        Some(h) => target.hooks().iter().copied().find(|t| *t == h).ok_or_else(|| {
            Error::invalid("hook", "not_supported", format!("choose one of {}", target.hooks().join(", ")))
        })?,
    };
    if let (Target::Field(f), "field.compute") = (target, hook) {
        let def = crate::custom_fields::get(tx, f).await?;
        if def.spec.required || def.spec.unique {
            return Err(Error::invalid("hook", "not_supported", "a computed field can be neither required nor unique"));
        }
    }
    let Some(current) = p.current_version_id else {
        return Err(Error::Conflict(FieldError::new("pluginId", "not_installed", "install a version first")));
    };
    if !version(tx, PluginVersionId(current)).await?.manifest.offers(hook) {
        return Err(Error::Conflict(FieldError::new(
            "pluginId",
            "hook_missing",
            format!("`{}` does not offer `{hook}`", p.key),
        )));
    }
    tx.delete_many::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::TargetKind.eq(target.kind()))
        .filter(plugin_attachment::Column::TargetId.eq(target.id()))
        .filter(plugin_attachment::Column::Hook.eq(hook))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    let aid = PluginAttachmentId(Uuid::now_v7());
    tx.insert(plugin_attachment::ActiveModel {
        tenant_id: Set(tx.tenant_id().0),
        id: Set(aid.0),
        plugin_id: Set(id.0),
        hook: Set(hook.to_owned()),
        target_kind: Set(target.kind().to_owned()),
        target_id: Set(target.id()),
        created_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    audit::record(
        tx,
        AuditAction::PluginAttach,
        "plugin",
        Some(id.0),
        json!({ "key": p.key, "target": target.kind(), "targetId": target.id(), "name": name }),
    )
    .await?;
    Ok(Attachment { id: aid, plugin_id: id, hook: hook.to_owned(), target, target_name: name, created_at: tx.now })
}

/// The job kind that recomputes a computed field for every customer.
pub const RECOMPUTE_JOB_KIND: &str = "customers.recompute";

/// Queue the recomputation of a plugin-computed customer field for every
/// customer (admins): values go stale when what they depend on changes
/// outside a save of the customer (its deals, say). Returns the job.
pub async fn start_recompute(tx: &TenantTx, field: CustomFieldId) -> Result<guanxi_core::JobId> {
    manage(tx)?;
    crate::custom_fields::get(tx, field).await?;
    if calls::attached(tx, "field", "field.compute", &[field.0]).await?.is_empty() {
        return Err(Error::Conflict(FieldError::new(
            "fieldId",
            "not_computed",
            "no enabled plugin computes this field",
        )));
    }
    let total = tx.select::<crate::entity::customer::Entity>().count(tx.conn()).await.map_err(db_err)?;
    let job =
        crate::jobs::enqueue(tx, RECOMPUTE_JOB_KIND, json!({ "field_id": field.0 }), i64::try_from(total).ok()).await?;
    audit::record(tx, AuditAction::CustomFieldRecompute, "custom_field", Some(field.0), json!({ "jobId": job.0 }))
        .await?;
    Ok(job)
}

/// Remove an attachment (admins).
pub async fn detach(tx: &TenantTx, id: PluginAttachmentId) -> Result<()> {
    manage(tx)?;
    let a = tx
        .select::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .ok_or(Error::NotFound("plugin attachment"))?;
    tx.delete_many::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, AuditAction::PluginDetach, "plugin", Some(a.plugin_id), json!({ "targetId": a.target_id })).await
}

/// Remove whatever is attached to `target` (also when the field or model
/// itself is deleted).
pub(crate) async fn detach_target(tx: &TenantTx, target: Target) -> Result<()> {
    tx.delete_many::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::TargetKind.eq(target.kind()))
        .filter(plugin_attachment::Column::TargetId.eq(target.id()))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Where a plugin is attached (admins).
pub async fn attachments(tx: &TenantTx, id: PluginId) -> Result<Vec<Attachment>> {
    manage(tx)?;
    let rows = tx
        .select::<plugin_attachment::Entity>()
        .filter(plugin_attachment::Column::PluginId.eq(id.0))
        .order_by_asc(plugin_attachment::Column::CreatedAt)
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let target = match a.target_kind.as_str() {
            "field" => Target::Field(CustomFieldId(a.target_id)),
            _ => Target::GradingModel(GradingModelId(a.target_id)),
        };
        let name = target_name(tx, target).await.unwrap_or_default();
        out.push(Attachment {
            id: PluginAttachmentId(a.id),
            plugin_id: id,
            hook: a.hook,
            target,
            target_name: name,
            created_at: a.created_at,
        });
    }
    Ok(out)
}
