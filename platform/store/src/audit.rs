//! The tenant's audit log: who did what to what, when, from which request.

use chrono::{DateTime, Utc};
use guanxi_core::{Action, Result, UserId};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::db::{TenantTx, db_err};
use crate::entity::audit_log;

/// One audit entry.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    /// Id (time-ordered).
    pub id: Uuid,
    /// Who acted; none for the system.
    pub actor_id: Option<UserId>,
    /// What happened, e.g. `user.invite`.
    pub action: String,
    /// Kind of target.
    pub target_type: Option<String>,
    /// Target id.
    pub target_id: Option<Uuid>,
    /// Details.
    pub detail: serde_json::Value,
    /// Request id.
    pub request_id: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// What an audit entry records, by its stored name (`as_str`). The names are
/// stored in `audit_log.action` and read by admins and tests, so a variant's
/// name never changes; a new kind of entry is a new variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// `api_key.create`.
    ApiKeyCreate,
    /// `api_key.revoke`.
    ApiKeyRevoke,
    /// `auth.account_locked`.
    AuthAccountLocked,
    /// `auth.change_password`.
    AuthChangePassword,
    /// `auth.login`.
    AuthLogin,
    /// `auth.logout`.
    AuthLogout,
    /// `auth.logout_everywhere`.
    AuthLogoutEverywhere,
    /// `auth.password_reset`.
    AuthPasswordReset,
    /// `auth.password_reset_requested`.
    AuthPasswordResetRequested,
    /// `backup.create`.
    BackupCreate,
    /// `backup.download`.
    BackupDownload,
    /// `backup.restore`.
    BackupRestore,
    /// `backup.restored`.
    BackupRestored,
    /// `board.post.delete`.
    BoardPostDelete,
    /// `board.post.edit`.
    BoardPostEdit,
    /// `board.reply.delete`.
    BoardReplyDelete,
    /// `board.reply.edit`.
    BoardReplyEdit,
    /// `conversation.create`.
    ConversationCreate,
    /// `conversation.delete`.
    ConversationDelete,
    /// `conversation.edit_content`.
    ConversationEditContent,
    /// `conversation.edit_custom`.
    ConversationEditCustom,
    /// `conversation.edit_time`.
    ConversationEditTime,
    /// `conversation.export`.
    ConversationExport,
    /// `conversation.merge`.
    ConversationMerge,
    /// `custom_field.archive`.
    CustomFieldArchive,
    /// `custom_field.change_type`.
    CustomFieldChangeType,
    /// `custom_field.create`.
    CustomFieldCreate,
    /// `custom_field.delete`.
    CustomFieldDelete,
    /// `custom_field.recompute`.
    CustomFieldRecompute,
    /// `custom_field.restore`.
    CustomFieldRestore,
    /// `custom_field.update`.
    CustomFieldUpdate,
    /// `customer.assign`.
    CustomerAssign,
    /// `customer.bulk_edit`.
    CustomerBulkEdit,
    /// `customer.claim`.
    CustomerClaim,
    /// `customer.delete`.
    CustomerDelete,
    /// `customer.duplicate_dismiss`.
    CustomerDuplicateDismiss,
    /// `customer.duplicate_restore`.
    CustomerDuplicateRestore,
    /// `customer.duplicate_scan`.
    CustomerDuplicateScan,
    /// `customer.export`.
    CustomerExport,
    /// `customer.import`.
    CustomerImport,
    /// `customer.merge`.
    CustomerMerge,
    /// `customer.merge_undo`.
    CustomerMergeUndo,
    /// `customer.release`.
    CustomerRelease,
    /// `customer.transfer`.
    CustomerTransfer,
    /// `deal.create`.
    DealCreate,
    /// `deal.delete`.
    DealDelete,
    /// `deal.update`.
    DealUpdate,
    /// `grading_model.create`.
    GradingModelCreate,
    /// `grading_model.delete`.
    GradingModelDelete,
    /// `grading_model.regraded`.
    GradingModelRegraded,
    /// `grading_model.run`.
    GradingModelRun,
    /// `grading_model.update`.
    GradingModelUpdate,
    /// `group.add_supervisor`.
    GroupAddSupervisor,
    /// `group.create`.
    GroupCreate,
    /// `group.delete`.
    GroupDelete,
    /// `group.remove_supervisor`.
    GroupRemoveSupervisor,
    /// `group.rename`.
    GroupRename,
    /// `job.cancel`.
    JobCancel,
    /// `mail.retry`.
    MailRetry,
    /// `plugin.action`.
    PluginAction,
    /// `plugin.attach`.
    PluginAttach,
    /// `plugin.configure`.
    PluginConfigure,
    /// `plugin.delete`.
    PluginDelete,
    /// `plugin.detach`.
    PluginDetach,
    /// `plugin.disable`.
    PluginDisable,
    /// `plugin.enable`.
    PluginEnable,
    /// `plugin.install`.
    PluginInstall,
    /// `plugin.upload`.
    PluginUpload,
    /// `segment.create`.
    SegmentCreate,
    /// `segment.delete`.
    SegmentDelete,
    /// `segment.update`.
    SegmentUpdate,
    /// `suggestion.delete`.
    SuggestionDelete,
    /// `suggestion.submit`.
    SuggestionSubmit,
    /// `tag.create`.
    TagCreate,
    /// `tag.delete`.
    TagDelete,
    /// `tag.merge`.
    TagMerge,
    /// `tag.update`.
    TagUpdate,
    /// `tenant.settings`.
    TenantSettings,
    /// `tenant.sign_up`.
    TenantSignUp,
    /// `user.accept_invitation`.
    UserAcceptInvitation,
    /// `user.deactivate`.
    UserDeactivate,
    /// `user.email_verified`.
    UserEmailVerified,
    /// `user.erase_personal_details`.
    UserErasePersonalDetails,
    /// `user.invite`.
    UserInvite,
    /// `user.invite_revoke`.
    UserInviteRevoke,
    /// `user.offboard`.
    UserOffboard,
    /// `user.reactivate`.
    UserReactivate,
    /// `user.update`.
    UserUpdate,
    /// `webhook.auto_disable`.
    WebhookAutoDisable,
    /// `webhook.create`.
    WebhookCreate,
    /// `webhook.delete`.
    WebhookDelete,
    /// `webhook.disable`.
    WebhookDisable,
    /// `webhook.enable`.
    WebhookEnable,
    /// `webhook.replay`.
    WebhookReplay,
    /// `webhook.rotate_secret`.
    WebhookRotateSecret,
    /// `webhook.update`.
    WebhookUpdate,
    /// `work_plan.create`.
    WorkPlanCreate,
    /// `work_plan.delete`.
    WorkPlanDelete,
    /// `work_plan.done`.
    WorkPlanDone,
    /// `work_plan.reopen`.
    WorkPlanReopen,
    /// `work_plan.update`.
    WorkPlanUpdate,
    /// `workflow.archive`.
    WorkflowArchive,
    /// `workflow.automation_identity`.
    WorkflowAutomationIdentity,
    /// `workflow.auto_stop`.
    WorkflowAutoStop,
    /// `workflow.create`.
    WorkflowCreate,
    /// `workflow.deactivate`.
    WorkflowDeactivate,
    /// `workflow.publish`.
    WorkflowPublish,
    /// `workflow.rotate_secret`.
    WorkflowRotateSecret,
    /// `workflow.run_retry`.
    WorkflowRunRetry,
    /// `workflow.run_stop`.
    WorkflowRunStop,
    /// `workflow.update`.
    WorkflowUpdate,
}

impl AuditAction {
    /// Every action.
    pub const ALL: &'static [AuditAction] = &[
        Self::ApiKeyCreate,
        Self::ApiKeyRevoke,
        Self::AuthAccountLocked,
        Self::AuthChangePassword,
        Self::AuthLogin,
        Self::AuthLogout,
        Self::AuthLogoutEverywhere,
        Self::AuthPasswordReset,
        Self::AuthPasswordResetRequested,
        Self::BackupCreate,
        Self::BackupDownload,
        Self::BackupRestore,
        Self::BackupRestored,
        Self::BoardPostDelete,
        Self::BoardPostEdit,
        Self::BoardReplyDelete,
        Self::BoardReplyEdit,
        Self::ConversationCreate,
        Self::ConversationDelete,
        Self::ConversationEditContent,
        Self::ConversationEditCustom,
        Self::ConversationEditTime,
        Self::ConversationExport,
        Self::ConversationMerge,
        Self::CustomFieldArchive,
        Self::CustomFieldChangeType,
        Self::CustomFieldCreate,
        Self::CustomFieldDelete,
        Self::CustomFieldRecompute,
        Self::CustomFieldRestore,
        Self::CustomFieldUpdate,
        Self::CustomerAssign,
        Self::CustomerBulkEdit,
        Self::CustomerClaim,
        Self::CustomerDelete,
        Self::CustomerDuplicateDismiss,
        Self::CustomerDuplicateRestore,
        Self::CustomerDuplicateScan,
        Self::CustomerExport,
        Self::CustomerImport,
        Self::CustomerMerge,
        Self::CustomerMergeUndo,
        Self::CustomerRelease,
        Self::CustomerTransfer,
        Self::DealCreate,
        Self::DealDelete,
        Self::DealUpdate,
        Self::GradingModelCreate,
        Self::GradingModelDelete,
        Self::GradingModelRegraded,
        Self::GradingModelRun,
        Self::GradingModelUpdate,
        Self::GroupAddSupervisor,
        Self::GroupCreate,
        Self::GroupDelete,
        Self::GroupRemoveSupervisor,
        Self::GroupRename,
        Self::JobCancel,
        Self::MailRetry,
        Self::PluginAction,
        Self::PluginAttach,
        Self::PluginConfigure,
        Self::PluginDelete,
        Self::PluginDetach,
        Self::PluginDisable,
        Self::PluginEnable,
        Self::PluginInstall,
        Self::PluginUpload,
        Self::SegmentCreate,
        Self::SegmentDelete,
        Self::SegmentUpdate,
        Self::SuggestionDelete,
        Self::SuggestionSubmit,
        Self::TagCreate,
        Self::TagDelete,
        Self::TagMerge,
        Self::TagUpdate,
        Self::TenantSettings,
        Self::TenantSignUp,
        Self::UserAcceptInvitation,
        Self::UserDeactivate,
        Self::UserEmailVerified,
        Self::UserErasePersonalDetails,
        Self::UserInvite,
        Self::UserInviteRevoke,
        Self::UserOffboard,
        Self::UserReactivate,
        Self::UserUpdate,
        Self::WebhookAutoDisable,
        Self::WebhookCreate,
        Self::WebhookDelete,
        Self::WebhookDisable,
        Self::WebhookEnable,
        Self::WebhookReplay,
        Self::WebhookRotateSecret,
        Self::WebhookUpdate,
        Self::WorkPlanCreate,
        Self::WorkPlanDelete,
        Self::WorkPlanDone,
        Self::WorkPlanReopen,
        Self::WorkPlanUpdate,
        Self::WorkflowArchive,
        Self::WorkflowAutomationIdentity,
        Self::WorkflowAutoStop,
        Self::WorkflowCreate,
        Self::WorkflowDeactivate,
        Self::WorkflowPublish,
        Self::WorkflowRotateSecret,
        Self::WorkflowRunRetry,
        Self::WorkflowRunStop,
        Self::WorkflowUpdate,
    ];

    /// The stored name, e.g. `user.invite`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ApiKeyCreate => "api_key.create",
            Self::ApiKeyRevoke => "api_key.revoke",
            Self::AuthAccountLocked => "auth.account_locked",
            Self::AuthChangePassword => "auth.change_password",
            Self::AuthLogin => "auth.login",
            Self::AuthLogout => "auth.logout",
            Self::AuthLogoutEverywhere => "auth.logout_everywhere",
            Self::AuthPasswordReset => "auth.password_reset",
            Self::AuthPasswordResetRequested => "auth.password_reset_requested",
            Self::BackupCreate => "backup.create",
            Self::BackupDownload => "backup.download",
            Self::BackupRestore => "backup.restore",
            Self::BackupRestored => "backup.restored",
            Self::BoardPostDelete => "board.post.delete",
            Self::BoardPostEdit => "board.post.edit",
            Self::BoardReplyDelete => "board.reply.delete",
            Self::BoardReplyEdit => "board.reply.edit",
            Self::ConversationCreate => "conversation.create",
            Self::ConversationDelete => "conversation.delete",
            Self::ConversationEditContent => "conversation.edit_content",
            Self::ConversationEditCustom => "conversation.edit_custom",
            Self::ConversationEditTime => "conversation.edit_time",
            Self::ConversationExport => "conversation.export",
            Self::ConversationMerge => "conversation.merge",
            Self::CustomFieldArchive => "custom_field.archive",
            Self::CustomFieldChangeType => "custom_field.change_type",
            Self::CustomFieldCreate => "custom_field.create",
            Self::CustomFieldDelete => "custom_field.delete",
            Self::CustomFieldRecompute => "custom_field.recompute",
            Self::CustomFieldRestore => "custom_field.restore",
            Self::CustomFieldUpdate => "custom_field.update",
            Self::CustomerAssign => "customer.assign",
            Self::CustomerBulkEdit => "customer.bulk_edit",
            Self::CustomerClaim => "customer.claim",
            Self::CustomerDelete => "customer.delete",
            Self::CustomerDuplicateDismiss => "customer.duplicate_dismiss",
            Self::CustomerDuplicateRestore => "customer.duplicate_restore",
            Self::CustomerDuplicateScan => "customer.duplicate_scan",
            Self::CustomerExport => "customer.export",
            Self::CustomerImport => "customer.import",
            Self::CustomerMerge => "customer.merge",
            Self::CustomerMergeUndo => "customer.merge_undo",
            Self::CustomerRelease => "customer.release",
            Self::CustomerTransfer => "customer.transfer",
            Self::DealCreate => "deal.create",
            Self::DealDelete => "deal.delete",
            Self::DealUpdate => "deal.update",
            Self::GradingModelCreate => "grading_model.create",
            Self::GradingModelDelete => "grading_model.delete",
            Self::GradingModelRegraded => "grading_model.regraded",
            Self::GradingModelRun => "grading_model.run",
            Self::GradingModelUpdate => "grading_model.update",
            Self::GroupAddSupervisor => "group.add_supervisor",
            Self::GroupCreate => "group.create",
            Self::GroupDelete => "group.delete",
            Self::GroupRemoveSupervisor => "group.remove_supervisor",
            Self::GroupRename => "group.rename",
            Self::JobCancel => "job.cancel",
            Self::MailRetry => "mail.retry",
            Self::PluginAction => "plugin.action",
            Self::PluginAttach => "plugin.attach",
            Self::PluginConfigure => "plugin.configure",
            Self::PluginDelete => "plugin.delete",
            Self::PluginDetach => "plugin.detach",
            Self::PluginDisable => "plugin.disable",
            Self::PluginEnable => "plugin.enable",
            Self::PluginInstall => "plugin.install",
            Self::PluginUpload => "plugin.upload",
            Self::SegmentCreate => "segment.create",
            Self::SegmentDelete => "segment.delete",
            Self::SegmentUpdate => "segment.update",
            Self::SuggestionDelete => "suggestion.delete",
            Self::SuggestionSubmit => "suggestion.submit",
            Self::TagCreate => "tag.create",
            Self::TagDelete => "tag.delete",
            Self::TagMerge => "tag.merge",
            Self::TagUpdate => "tag.update",
            Self::TenantSettings => "tenant.settings",
            Self::TenantSignUp => "tenant.sign_up",
            Self::UserAcceptInvitation => "user.accept_invitation",
            Self::UserDeactivate => "user.deactivate",
            Self::UserEmailVerified => "user.email_verified",
            Self::UserErasePersonalDetails => "user.erase_personal_details",
            Self::UserInvite => "user.invite",
            Self::UserInviteRevoke => "user.invite_revoke",
            Self::UserOffboard => "user.offboard",
            Self::UserReactivate => "user.reactivate",
            Self::UserUpdate => "user.update",
            Self::WebhookAutoDisable => "webhook.auto_disable",
            Self::WebhookCreate => "webhook.create",
            Self::WebhookDelete => "webhook.delete",
            Self::WebhookDisable => "webhook.disable",
            Self::WebhookEnable => "webhook.enable",
            Self::WebhookReplay => "webhook.replay",
            Self::WebhookRotateSecret => "webhook.rotate_secret",
            Self::WebhookUpdate => "webhook.update",
            Self::WorkPlanCreate => "work_plan.create",
            Self::WorkPlanDelete => "work_plan.delete",
            Self::WorkPlanDone => "work_plan.done",
            Self::WorkPlanReopen => "work_plan.reopen",
            Self::WorkPlanUpdate => "work_plan.update",
            Self::WorkflowArchive => "workflow.archive",
            Self::WorkflowAutomationIdentity => "workflow.automation_identity",
            Self::WorkflowAutoStop => "workflow.auto_stop",
            Self::WorkflowCreate => "workflow.create",
            Self::WorkflowDeactivate => "workflow.deactivate",
            Self::WorkflowPublish => "workflow.publish",
            Self::WorkflowRotateSecret => "workflow.rotate_secret",
            Self::WorkflowRunRetry => "workflow.run_retry",
            Self::WorkflowRunStop => "workflow.run_stop",
            Self::WorkflowUpdate => "workflow.update",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Record an action by the transaction's actor.
pub(crate) async fn record(
    tx: &TenantTx,
    action: AuditAction,
    target_type: &str,
    target_id: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<()> {
    let actor = tx.actor.as_ref().map(|a| a.user_id);
    record_as(tx, actor, action, target_type, target_id, detail).await
}

/// Record an action by `actor` (none for the system).
pub(crate) async fn record_as(
    tx: &TenantTx,
    actor: Option<UserId>,
    action: AuditAction,
    target_type: &str,
    target_id: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<()> {
    tx.insert(audit_log::ActiveModel {
        // Set by the scoped insert.
        tenant_id: NotSet,
        id: Set(Uuid::now_v7()),
        actor_id: Set(actor.map(|a| a.0)),
        action: Set(action.as_str().to_owned()),
        target_type: Set(Some(target_type.to_owned())),
        target_id: Set(target_id),
        detail: Set(detail),
        request_id: Set(tx.request_id.clone()),
        created_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The newest entries, newest first, optionally before an entry id (for
/// paging). Admins only.
pub async fn list(tx: &TenantTx, limit: u64, before: Option<Uuid>) -> Result<Vec<AuditEntry>> {
    tx.actor()?.authorize(&Action::ViewAuditLog)?;
    let mut q = tx.select::<audit_log::Entity>();
    if let Some(b) = before {
        q = q.filter(audit_log::Column::Id.lt(b));
    }
    Ok(q.order_by_desc(audit_log::Column::Id)
        .limit(limit.clamp(1, 200))
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|m| AuditEntry {
            id: m.id,
            actor_id: m.actor_id.map(UserId),
            action: m.action,
            target_type: m.target_type,
            target_id: m.target_id,
            detail: m.detail,
            request_id: m.request_id,
            created_at: m.created_at,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_dotted() {
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "two actions share a name");
        for name in names {
            assert!(
                name.contains('.') && name.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'),
                "{name}"
            );
        }
    }
}
