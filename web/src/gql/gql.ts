/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PersonPickerUsers {\n    users { id displayName email role active group { id name } }\n  }\n": typeof types.PersonPickerUsersDocument,
    "\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query AdminSettings {\n    tenantSettings {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n    }\n  }\n": typeof types.AdminSettingsDocument,
    "\n  mutation AdminUpdateSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n    }\n  }\n": typeof types.AdminUpdateSettingsDocument,
    "\n  query AdminCustomFields($entity: CustomFieldEntity!) {\n    customFields(entity: $entity, includeArchived: true) {\n      id entity key label labelEn help type required unique default rules position archived\n      visibility { admin supervisor salesperson }\n    }\n  }\n": typeof types.AdminCustomFieldsDocument,
    "\n  mutation AdminCreateCustomField($entity: CustomFieldEntity!, $input: CustomFieldInput!) {\n    createCustomField(entity: $entity, input: $input) { id }\n  }\n": typeof types.AdminCreateCustomFieldDocument,
    "\n  mutation AdminUpdateCustomField($id: ID!, $input: CustomFieldInput!) {\n    updateCustomField(id: $id, input: $input) { id }\n  }\n": typeof types.AdminUpdateCustomFieldDocument,
    "\n  mutation AdminReorderCustomFields($entity: CustomFieldEntity!, $ids: [ID!]!) {\n    reorderCustomFields(entity: $entity, ids: $ids) { id position }\n  }\n": typeof types.AdminReorderCustomFieldsDocument,
    "\n  mutation AdminArchiveCustomField($id: ID!, $archived: Boolean!) {\n    archiveCustomField(id: $id, archived: $archived) { id archived }\n  }\n": typeof types.AdminArchiveCustomFieldDocument,
    "\n  mutation AdminDeleteCustomField($id: ID!, $confirm: Boolean!) {\n    deleteCustomField(id: $id, confirm: $confirm) { id records }\n  }\n": typeof types.AdminDeleteCustomFieldDocument,
    "\n  mutation AdminPreviewTypeChange($id: ID!, $type: CustomFieldType!, $rules: JSON) {\n    previewCustomFieldTypeChange(id: $id, type: $type, rules: $rules) {\n      values converted failed failures { recordId message }\n    }\n  }\n": typeof types.AdminPreviewTypeChangeDocument,
    "\n  mutation AdminChangeType($id: ID!, $type: CustomFieldType!, $rules: JSON, $clearFailures: Boolean!) {\n    changeCustomFieldType(id: $id, type: $type, rules: $rules, clearFailures: $clearFailures) { id type }\n  }\n": typeof types.AdminChangeTypeDocument,
    "\n  query AdminGradingModels {\n    gradingModels { id name kind config labels { label description } enabled monthly lastRunAt nextRunAt updatedAt }\n  }\n": typeof types.AdminGradingModelsDocument,
    "\n  mutation AdminCreateGradingModel($input: GradingModelInput!) { createGradingModel(input: $input) { id } }\n": typeof types.AdminCreateGradingModelDocument,
    "\n  mutation AdminUpdateGradingModel($id: ID!, $input: GradingModelInput!) { updateGradingModel(id: $id, input: $input) { id } }\n": typeof types.AdminUpdateGradingModelDocument,
    "\n  mutation AdminDeleteGradingModel($id: ID!) { deleteGradingModel(id: $id) }\n": typeof types.AdminDeleteGradingModelDocument,
    "\n  mutation AdminRegrade($modelId: ID!) { regradeCustomers(modelId: $modelId) { id status progressDone progressTotal } }\n": typeof types.AdminRegradeDocument,
    "\n  query AdminJob($id: ID!) { job(id: $id) { id kind status progressDone progressTotal progressNote result error } }\n": typeof types.AdminJobDocument,
    "\n  query AdminApiKeys { apiKeys { id name scope hint userId createdAt lastUsedAt revokedAt } }\n": typeof types.AdminApiKeysDocument,
    "\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name scope hint } }\n  }\n": typeof types.AdminCreateApiKeyDocument,
    "\n  mutation AdminRevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }\n": typeof types.AdminRevokeApiKeyDocument,
    "\n  query AdminAuditLog($limit: Int!, $before: ID) {\n    auditLog(limit: $limit, before: $before) { id actorId action targetType targetId detail requestId createdAt }\n  }\n": typeof types.AdminAuditLogDocument,
    "\n  query AdminUserNames { users(filter: { includeInactive: true }) { id displayName } }\n": typeof types.AdminUserNamesDocument,
    "\n  query AdminBackups {\n    backups(limit: 50) {\n      id kind status fileName sizeBytes sha256 tables rows files progressDone progressTotal progressNote error createdAt finishedAt\n    }\n  }\n": typeof types.AdminBackupsDocument,
    "\n  query AdminBackup($id: ID!) {\n    backup(id: $id) { id kind status progressDone progressTotal progressNote error sizeBytes finishedAt }\n  }\n": typeof types.AdminBackupDocument,
    "\n  mutation AdminCreateBackup { createBackup { id status } }\n": typeof types.AdminCreateBackupDocument,
    "\n  mutation AdminBackupLink($id: ID!) { backupDownloadLink(id: $id) { url fileName expiresAt } }\n": typeof types.AdminBackupLinkDocument,
    "\n  mutation AdminRestoreBackup($file: Upload!) { restoreBackup(file: $file) { id status } }\n": typeof types.AdminRestoreBackupDocument,
    "\n  query AdminPlugins {\n    plugins { id key name description enabled currentVersion { id version mode hooks } attachments { id } updatedAt }\n  }\n": typeof types.AdminPluginsDocument,
    "\n  query AdminPlugin($id: ID!, $failuresOnly: Boolean!) {\n    plugin(id: $id) {\n      id key name description enabled config previousVersionId\n      currentVersion { id version hash mode hooks size manifest createdAt }\n      versions { id version hash mode hooks size createdAt }\n      attachments { id hook fieldId gradingModelId targetName createdAt }\n      calls(limit: 50, failuresOnly: $failuresOnly) {\n        id versionId hook target inputDigest ok errorCode trapCode message fuelUsed fuelLimit wallTimeUs memoryPeak logs createdAt\n      }\n      usage(days: 30) { day hook calls failures fuel wallTimeMs }\n    }\n  }\n": typeof types.AdminPluginDocument,
    "\n  mutation AdminUploadPlugin($file: Upload!, $manifest: JSON!, $install: Boolean!) {\n    uploadPlugin(file: $file, manifest: $manifest, install: $install) { id pluginId version }\n  }\n": typeof types.AdminUploadPluginDocument,
    "\n  mutation AdminInstallPluginVersion($versionId: ID!) { installPluginVersion(versionId: $versionId) { id } }\n": typeof types.AdminInstallPluginVersionDocument,
    "\n  mutation AdminRollbackPlugin($id: ID!) { rollbackPlugin(id: $id) { id } }\n": typeof types.AdminRollbackPluginDocument,
    "\n  mutation AdminConfigurePlugin($id: ID!, $config: JSON!) { configurePlugin(id: $id, config: $config) { id config } }\n": typeof types.AdminConfigurePluginDocument,
    "\n  mutation AdminSetPluginEnabled($id: ID!, $enabled: Boolean!) { setPluginEnabled(id: $id, enabled: $enabled) { id enabled } }\n": typeof types.AdminSetPluginEnabledDocument,
    "\n  mutation AdminAttachPlugin($pluginId: ID!, $target: PluginTargetInput!) { attachPlugin(pluginId: $pluginId, target: $target) { id } }\n": typeof types.AdminAttachPluginDocument,
    "\n  mutation AdminDetachPlugin($attachmentId: ID!) { detachPlugin(attachmentId: $attachmentId) }\n": typeof types.AdminDetachPluginDocument,
    "\n  mutation AdminDeletePlugin($id: ID!) { deletePlugin(id: $id, confirm: true) }\n": typeof types.AdminDeletePluginDocument,
    "\n  query AdminPluginTargets {\n    customFields(entity: CUSTOMER) { id key label }\n    gradingModels { id name }\n  }\n": typeof types.AdminPluginTargetsDocument,
    "\n  query DashboardCounts {\n    prospect: customers(filter: { status: PROSPECT }, first: 1) { totalCount }\n    intent: customers(filter: { status: INTENT }, first: 1) { totalCount }\n    paused: customers(filter: { status: PAUSED }, first: 1) { totalCount }\n    deal: customers(filter: { status: DEAL }, first: 1) { totalCount }\n    lost: customers(filter: { status: LOST }, first: 1) { totalCount }\n    normal: customers(filter: { grade: NORMAL }, first: 1) { totalCount }\n    vip: customers(filter: { grade: VIP }, first: 1) { totalCount }\n    pool(first: 1) { totalCount }\n    team(first: 100, filter: { active: true }) { totalCount members { user { id displayName role } customersHeld } }\n  }\n": typeof types.DashboardCountsDocument,
    "\n  query DashboardNewCustomers($from: DateTime!, $after: String) {\n    customers(filter: { createdFrom: $from }, sort: { field: CREATED_AT, direction: DESC }, first: 100, after: $after) {\n      totalCount\n      edges { node { id createdAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.DashboardNewCustomersDocument,
    "\n  query DashboardConversations($from: DateTime!, $after: String) {\n    conversations(filter: { from: $from }, first: 100, after: $after) {\n      totalCount\n      nodes { id occurredAt }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.DashboardConversationsDocument,
    "\n  query DashboardAuthorMonth($authorId: ID!) {\n    conversations(filter: { window: THIS_MONTH, authorId: $authorId }, first: 1) { totalCount }\n  }\n": typeof types.DashboardAuthorMonthDocument,
    "\n  query DashboardModels { gradingModels { id name labels { label } } }\n": typeof types.DashboardModelsDocument,
    "\n  query DashboardModelGrades($after: String) {\n    customers(first: 100, after: $after) {\n      edges { node { id grades { modelId label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.DashboardModelGradesDocument,
    "\n  query TeamUsers {\n    users(filter: { includeInactive: true }) {\n      id email displayName role active erasedAt lastLoginAt createdAt emailVerified\n      group { id name }\n    }\n  }\n": typeof types.TeamUsersDocument,
    "\n  query TeamGroups {\n    groups { id name createdAt supervisors { id displayName } members { id } }\n  }\n": typeof types.TeamGroupsDocument,
    "\n  mutation TeamUpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id displayName role group { id name } }\n  }\n": typeof types.TeamUpdateUserDocument,
    "\n  mutation TeamDeactivateUser($id: ID!) { deactivateUser(id: $id) { id active } }\n": typeof types.TeamDeactivateUserDocument,
    "\n  mutation TeamReactivateUser($id: ID!) { reactivateUser(id: $id) { id active } }\n": typeof types.TeamReactivateUserDocument,
    "\n  mutation TeamCreateGroup($name: String!) { createGroup(name: $name) { id name } }\n": typeof types.TeamCreateGroupDocument,
    "\n  mutation TeamRenameGroup($id: ID!, $name: String!) { renameGroup(id: $id, name: $name) { id name } }\n": typeof types.TeamRenameGroupDocument,
    "\n  mutation TeamDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n": typeof types.TeamDeleteGroupDocument,
    "\n  mutation TeamAddSupervisor($groupId: ID!, $userId: ID!) {\n    addGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n": typeof types.TeamAddSupervisorDocument,
    "\n  mutation TeamRemoveSupervisor($groupId: ID!, $userId: ID!) {\n    removeGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n": typeof types.TeamRemoveSupervisorDocument,
    "\n  query TeamInvitations {\n    invitations { id email role groupId invitedById status createdAt expiresAt }\n  }\n": typeof types.TeamInvitationsDocument,
    "\n  mutation TeamInvite($input: InviteUserInput!) {\n    inviteUser(input: $input) { id email role groupId status createdAt expiresAt }\n  }\n": typeof types.TeamInviteDocument,
    "\n  mutation TeamRevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }\n": typeof types.TeamRevokeInvitationDocument,
    "\n  query TeamInvitationMails { mailOutbox(limit: 200) { id kind to body createdAt } }\n": typeof types.TeamInvitationMailsDocument,
    "\n  query TeamOffboardUser($id: ID!) {\n    teamMember(id: $id) {\n      user { id displayName email role active erasedAt group { id name } }\n      customersHeld\n      plans { open done overdue }\n    }\n  }\n": typeof types.TeamOffboardUserDocument,
    "\n  mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {\n    offboardUser(id: $id, input: $input) {\n      successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted sessionsRevoked apiKeysRevoked\n      user { id active }\n    }\n  }\n": typeof types.TeamOffboardDocument,
    "\n  mutation TeamErase($id: ID!) {\n    erasePersonalDetails(id: $id, confirm: true) {\n      sessionsDeleted apiKeysRevoked invitationsCleared mailsCleared auditEntriesCleared\n      user { id displayName erasedAt }\n    }\n  }\n": typeof types.TeamEraseDocument,
};
const documents: Documents = {
    "\n  query PersonPickerUsers {\n    users { id displayName email role active group { id name } }\n  }\n": types.PersonPickerUsersDocument,
    "\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n    }\n  }\n": types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query AdminSettings {\n    tenantSettings {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n    }\n  }\n": types.AdminSettingsDocument,
    "\n  mutation AdminUpdateSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n    }\n  }\n": types.AdminUpdateSettingsDocument,
    "\n  query AdminCustomFields($entity: CustomFieldEntity!) {\n    customFields(entity: $entity, includeArchived: true) {\n      id entity key label labelEn help type required unique default rules position archived\n      visibility { admin supervisor salesperson }\n    }\n  }\n": types.AdminCustomFieldsDocument,
    "\n  mutation AdminCreateCustomField($entity: CustomFieldEntity!, $input: CustomFieldInput!) {\n    createCustomField(entity: $entity, input: $input) { id }\n  }\n": types.AdminCreateCustomFieldDocument,
    "\n  mutation AdminUpdateCustomField($id: ID!, $input: CustomFieldInput!) {\n    updateCustomField(id: $id, input: $input) { id }\n  }\n": types.AdminUpdateCustomFieldDocument,
    "\n  mutation AdminReorderCustomFields($entity: CustomFieldEntity!, $ids: [ID!]!) {\n    reorderCustomFields(entity: $entity, ids: $ids) { id position }\n  }\n": types.AdminReorderCustomFieldsDocument,
    "\n  mutation AdminArchiveCustomField($id: ID!, $archived: Boolean!) {\n    archiveCustomField(id: $id, archived: $archived) { id archived }\n  }\n": types.AdminArchiveCustomFieldDocument,
    "\n  mutation AdminDeleteCustomField($id: ID!, $confirm: Boolean!) {\n    deleteCustomField(id: $id, confirm: $confirm) { id records }\n  }\n": types.AdminDeleteCustomFieldDocument,
    "\n  mutation AdminPreviewTypeChange($id: ID!, $type: CustomFieldType!, $rules: JSON) {\n    previewCustomFieldTypeChange(id: $id, type: $type, rules: $rules) {\n      values converted failed failures { recordId message }\n    }\n  }\n": types.AdminPreviewTypeChangeDocument,
    "\n  mutation AdminChangeType($id: ID!, $type: CustomFieldType!, $rules: JSON, $clearFailures: Boolean!) {\n    changeCustomFieldType(id: $id, type: $type, rules: $rules, clearFailures: $clearFailures) { id type }\n  }\n": types.AdminChangeTypeDocument,
    "\n  query AdminGradingModels {\n    gradingModels { id name kind config labels { label description } enabled monthly lastRunAt nextRunAt updatedAt }\n  }\n": types.AdminGradingModelsDocument,
    "\n  mutation AdminCreateGradingModel($input: GradingModelInput!) { createGradingModel(input: $input) { id } }\n": types.AdminCreateGradingModelDocument,
    "\n  mutation AdminUpdateGradingModel($id: ID!, $input: GradingModelInput!) { updateGradingModel(id: $id, input: $input) { id } }\n": types.AdminUpdateGradingModelDocument,
    "\n  mutation AdminDeleteGradingModel($id: ID!) { deleteGradingModel(id: $id) }\n": types.AdminDeleteGradingModelDocument,
    "\n  mutation AdminRegrade($modelId: ID!) { regradeCustomers(modelId: $modelId) { id status progressDone progressTotal } }\n": types.AdminRegradeDocument,
    "\n  query AdminJob($id: ID!) { job(id: $id) { id kind status progressDone progressTotal progressNote result error } }\n": types.AdminJobDocument,
    "\n  query AdminApiKeys { apiKeys { id name scope hint userId createdAt lastUsedAt revokedAt } }\n": types.AdminApiKeysDocument,
    "\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name scope hint } }\n  }\n": types.AdminCreateApiKeyDocument,
    "\n  mutation AdminRevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }\n": types.AdminRevokeApiKeyDocument,
    "\n  query AdminAuditLog($limit: Int!, $before: ID) {\n    auditLog(limit: $limit, before: $before) { id actorId action targetType targetId detail requestId createdAt }\n  }\n": types.AdminAuditLogDocument,
    "\n  query AdminUserNames { users(filter: { includeInactive: true }) { id displayName } }\n": types.AdminUserNamesDocument,
    "\n  query AdminBackups {\n    backups(limit: 50) {\n      id kind status fileName sizeBytes sha256 tables rows files progressDone progressTotal progressNote error createdAt finishedAt\n    }\n  }\n": types.AdminBackupsDocument,
    "\n  query AdminBackup($id: ID!) {\n    backup(id: $id) { id kind status progressDone progressTotal progressNote error sizeBytes finishedAt }\n  }\n": types.AdminBackupDocument,
    "\n  mutation AdminCreateBackup { createBackup { id status } }\n": types.AdminCreateBackupDocument,
    "\n  mutation AdminBackupLink($id: ID!) { backupDownloadLink(id: $id) { url fileName expiresAt } }\n": types.AdminBackupLinkDocument,
    "\n  mutation AdminRestoreBackup($file: Upload!) { restoreBackup(file: $file) { id status } }\n": types.AdminRestoreBackupDocument,
    "\n  query AdminPlugins {\n    plugins { id key name description enabled currentVersion { id version mode hooks } attachments { id } updatedAt }\n  }\n": types.AdminPluginsDocument,
    "\n  query AdminPlugin($id: ID!, $failuresOnly: Boolean!) {\n    plugin(id: $id) {\n      id key name description enabled config previousVersionId\n      currentVersion { id version hash mode hooks size manifest createdAt }\n      versions { id version hash mode hooks size createdAt }\n      attachments { id hook fieldId gradingModelId targetName createdAt }\n      calls(limit: 50, failuresOnly: $failuresOnly) {\n        id versionId hook target inputDigest ok errorCode trapCode message fuelUsed fuelLimit wallTimeUs memoryPeak logs createdAt\n      }\n      usage(days: 30) { day hook calls failures fuel wallTimeMs }\n    }\n  }\n": types.AdminPluginDocument,
    "\n  mutation AdminUploadPlugin($file: Upload!, $manifest: JSON!, $install: Boolean!) {\n    uploadPlugin(file: $file, manifest: $manifest, install: $install) { id pluginId version }\n  }\n": types.AdminUploadPluginDocument,
    "\n  mutation AdminInstallPluginVersion($versionId: ID!) { installPluginVersion(versionId: $versionId) { id } }\n": types.AdminInstallPluginVersionDocument,
    "\n  mutation AdminRollbackPlugin($id: ID!) { rollbackPlugin(id: $id) { id } }\n": types.AdminRollbackPluginDocument,
    "\n  mutation AdminConfigurePlugin($id: ID!, $config: JSON!) { configurePlugin(id: $id, config: $config) { id config } }\n": types.AdminConfigurePluginDocument,
    "\n  mutation AdminSetPluginEnabled($id: ID!, $enabled: Boolean!) { setPluginEnabled(id: $id, enabled: $enabled) { id enabled } }\n": types.AdminSetPluginEnabledDocument,
    "\n  mutation AdminAttachPlugin($pluginId: ID!, $target: PluginTargetInput!) { attachPlugin(pluginId: $pluginId, target: $target) { id } }\n": types.AdminAttachPluginDocument,
    "\n  mutation AdminDetachPlugin($attachmentId: ID!) { detachPlugin(attachmentId: $attachmentId) }\n": types.AdminDetachPluginDocument,
    "\n  mutation AdminDeletePlugin($id: ID!) { deletePlugin(id: $id, confirm: true) }\n": types.AdminDeletePluginDocument,
    "\n  query AdminPluginTargets {\n    customFields(entity: CUSTOMER) { id key label }\n    gradingModels { id name }\n  }\n": types.AdminPluginTargetsDocument,
    "\n  query DashboardCounts {\n    prospect: customers(filter: { status: PROSPECT }, first: 1) { totalCount }\n    intent: customers(filter: { status: INTENT }, first: 1) { totalCount }\n    paused: customers(filter: { status: PAUSED }, first: 1) { totalCount }\n    deal: customers(filter: { status: DEAL }, first: 1) { totalCount }\n    lost: customers(filter: { status: LOST }, first: 1) { totalCount }\n    normal: customers(filter: { grade: NORMAL }, first: 1) { totalCount }\n    vip: customers(filter: { grade: VIP }, first: 1) { totalCount }\n    pool(first: 1) { totalCount }\n    team(first: 100, filter: { active: true }) { totalCount members { user { id displayName role } customersHeld } }\n  }\n": types.DashboardCountsDocument,
    "\n  query DashboardNewCustomers($from: DateTime!, $after: String) {\n    customers(filter: { createdFrom: $from }, sort: { field: CREATED_AT, direction: DESC }, first: 100, after: $after) {\n      totalCount\n      edges { node { id createdAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.DashboardNewCustomersDocument,
    "\n  query DashboardConversations($from: DateTime!, $after: String) {\n    conversations(filter: { from: $from }, first: 100, after: $after) {\n      totalCount\n      nodes { id occurredAt }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.DashboardConversationsDocument,
    "\n  query DashboardAuthorMonth($authorId: ID!) {\n    conversations(filter: { window: THIS_MONTH, authorId: $authorId }, first: 1) { totalCount }\n  }\n": types.DashboardAuthorMonthDocument,
    "\n  query DashboardModels { gradingModels { id name labels { label } } }\n": types.DashboardModelsDocument,
    "\n  query DashboardModelGrades($after: String) {\n    customers(first: 100, after: $after) {\n      edges { node { id grades { modelId label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.DashboardModelGradesDocument,
    "\n  query TeamUsers {\n    users(filter: { includeInactive: true }) {\n      id email displayName role active erasedAt lastLoginAt createdAt emailVerified\n      group { id name }\n    }\n  }\n": types.TeamUsersDocument,
    "\n  query TeamGroups {\n    groups { id name createdAt supervisors { id displayName } members { id } }\n  }\n": types.TeamGroupsDocument,
    "\n  mutation TeamUpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id displayName role group { id name } }\n  }\n": types.TeamUpdateUserDocument,
    "\n  mutation TeamDeactivateUser($id: ID!) { deactivateUser(id: $id) { id active } }\n": types.TeamDeactivateUserDocument,
    "\n  mutation TeamReactivateUser($id: ID!) { reactivateUser(id: $id) { id active } }\n": types.TeamReactivateUserDocument,
    "\n  mutation TeamCreateGroup($name: String!) { createGroup(name: $name) { id name } }\n": types.TeamCreateGroupDocument,
    "\n  mutation TeamRenameGroup($id: ID!, $name: String!) { renameGroup(id: $id, name: $name) { id name } }\n": types.TeamRenameGroupDocument,
    "\n  mutation TeamDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n": types.TeamDeleteGroupDocument,
    "\n  mutation TeamAddSupervisor($groupId: ID!, $userId: ID!) {\n    addGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n": types.TeamAddSupervisorDocument,
    "\n  mutation TeamRemoveSupervisor($groupId: ID!, $userId: ID!) {\n    removeGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n": types.TeamRemoveSupervisorDocument,
    "\n  query TeamInvitations {\n    invitations { id email role groupId invitedById status createdAt expiresAt }\n  }\n": types.TeamInvitationsDocument,
    "\n  mutation TeamInvite($input: InviteUserInput!) {\n    inviteUser(input: $input) { id email role groupId status createdAt expiresAt }\n  }\n": types.TeamInviteDocument,
    "\n  mutation TeamRevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }\n": types.TeamRevokeInvitationDocument,
    "\n  query TeamInvitationMails { mailOutbox(limit: 200) { id kind to body createdAt } }\n": types.TeamInvitationMailsDocument,
    "\n  query TeamOffboardUser($id: ID!) {\n    teamMember(id: $id) {\n      user { id displayName email role active erasedAt group { id name } }\n      customersHeld\n      plans { open done overdue }\n    }\n  }\n": types.TeamOffboardUserDocument,
    "\n  mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {\n    offboardUser(id: $id, input: $input) {\n      successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted sessionsRevoked apiKeysRevoked\n      user { id active }\n    }\n  }\n": types.TeamOffboardDocument,
    "\n  mutation TeamErase($id: ID!) {\n    erasePersonalDetails(id: $id, confirm: true) {\n      sessionsDeleted apiKeysRevoked invitationsCleared mailsCleared auditEntriesCleared\n      user { id displayName erasedAt }\n    }\n  }\n": types.TeamEraseDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonPickerUsers {\n    users { id displayName email role active group { id name } }\n  }\n"): (typeof documents)["\n  query PersonPickerUsers {\n    users { id displayName email role active group { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminSettings {\n    tenantSettings {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n    }\n  }\n"): (typeof documents)["\n  query AdminSettings {\n    tenantSettings {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCustomFields($entity: CustomFieldEntity!) {\n    customFields(entity: $entity, includeArchived: true) {\n      id entity key label labelEn help type required unique default rules position archived\n      visibility { admin supervisor salesperson }\n    }\n  }\n"): (typeof documents)["\n  query AdminCustomFields($entity: CustomFieldEntity!) {\n    customFields(entity: $entity, includeArchived: true) {\n      id entity key label labelEn help type required unique default rules position archived\n      visibility { admin supervisor salesperson }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateCustomField($entity: CustomFieldEntity!, $input: CustomFieldInput!) {\n    createCustomField(entity: $entity, input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation AdminCreateCustomField($entity: CustomFieldEntity!, $input: CustomFieldInput!) {\n    createCustomField(entity: $entity, input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateCustomField($id: ID!, $input: CustomFieldInput!) {\n    updateCustomField(id: $id, input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateCustomField($id: ID!, $input: CustomFieldInput!) {\n    updateCustomField(id: $id, input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminReorderCustomFields($entity: CustomFieldEntity!, $ids: [ID!]!) {\n    reorderCustomFields(entity: $entity, ids: $ids) { id position }\n  }\n"): (typeof documents)["\n  mutation AdminReorderCustomFields($entity: CustomFieldEntity!, $ids: [ID!]!) {\n    reorderCustomFields(entity: $entity, ids: $ids) { id position }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminArchiveCustomField($id: ID!, $archived: Boolean!) {\n    archiveCustomField(id: $id, archived: $archived) { id archived }\n  }\n"): (typeof documents)["\n  mutation AdminArchiveCustomField($id: ID!, $archived: Boolean!) {\n    archiveCustomField(id: $id, archived: $archived) { id archived }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteCustomField($id: ID!, $confirm: Boolean!) {\n    deleteCustomField(id: $id, confirm: $confirm) { id records }\n  }\n"): (typeof documents)["\n  mutation AdminDeleteCustomField($id: ID!, $confirm: Boolean!) {\n    deleteCustomField(id: $id, confirm: $confirm) { id records }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminPreviewTypeChange($id: ID!, $type: CustomFieldType!, $rules: JSON) {\n    previewCustomFieldTypeChange(id: $id, type: $type, rules: $rules) {\n      values converted failed failures { recordId message }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminPreviewTypeChange($id: ID!, $type: CustomFieldType!, $rules: JSON) {\n    previewCustomFieldTypeChange(id: $id, type: $type, rules: $rules) {\n      values converted failed failures { recordId message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminChangeType($id: ID!, $type: CustomFieldType!, $rules: JSON, $clearFailures: Boolean!) {\n    changeCustomFieldType(id: $id, type: $type, rules: $rules, clearFailures: $clearFailures) { id type }\n  }\n"): (typeof documents)["\n  mutation AdminChangeType($id: ID!, $type: CustomFieldType!, $rules: JSON, $clearFailures: Boolean!) {\n    changeCustomFieldType(id: $id, type: $type, rules: $rules, clearFailures: $clearFailures) { id type }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminGradingModels {\n    gradingModels { id name kind config labels { label description } enabled monthly lastRunAt nextRunAt updatedAt }\n  }\n"): (typeof documents)["\n  query AdminGradingModels {\n    gradingModels { id name kind config labels { label description } enabled monthly lastRunAt nextRunAt updatedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateGradingModel($input: GradingModelInput!) { createGradingModel(input: $input) { id } }\n"): (typeof documents)["\n  mutation AdminCreateGradingModel($input: GradingModelInput!) { createGradingModel(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateGradingModel($id: ID!, $input: GradingModelInput!) { updateGradingModel(id: $id, input: $input) { id } }\n"): (typeof documents)["\n  mutation AdminUpdateGradingModel($id: ID!, $input: GradingModelInput!) { updateGradingModel(id: $id, input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteGradingModel($id: ID!) { deleteGradingModel(id: $id) }\n"): (typeof documents)["\n  mutation AdminDeleteGradingModel($id: ID!) { deleteGradingModel(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRegrade($modelId: ID!) { regradeCustomers(modelId: $modelId) { id status progressDone progressTotal } }\n"): (typeof documents)["\n  mutation AdminRegrade($modelId: ID!) { regradeCustomers(modelId: $modelId) { id status progressDone progressTotal } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminJob($id: ID!) { job(id: $id) { id kind status progressDone progressTotal progressNote result error } }\n"): (typeof documents)["\n  query AdminJob($id: ID!) { job(id: $id) { id kind status progressDone progressTotal progressNote result error } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminApiKeys { apiKeys { id name scope hint userId createdAt lastUsedAt revokedAt } }\n"): (typeof documents)["\n  query AdminApiKeys { apiKeys { id name scope hint userId createdAt lastUsedAt revokedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name scope hint } }\n  }\n"): (typeof documents)["\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name scope hint } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }\n"): (typeof documents)["\n  mutation AdminRevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminAuditLog($limit: Int!, $before: ID) {\n    auditLog(limit: $limit, before: $before) { id actorId action targetType targetId detail requestId createdAt }\n  }\n"): (typeof documents)["\n  query AdminAuditLog($limit: Int!, $before: ID) {\n    auditLog(limit: $limit, before: $before) { id actorId action targetType targetId detail requestId createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUserNames { users(filter: { includeInactive: true }) { id displayName } }\n"): (typeof documents)["\n  query AdminUserNames { users(filter: { includeInactive: true }) { id displayName } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminBackups {\n    backups(limit: 50) {\n      id kind status fileName sizeBytes sha256 tables rows files progressDone progressTotal progressNote error createdAt finishedAt\n    }\n  }\n"): (typeof documents)["\n  query AdminBackups {\n    backups(limit: 50) {\n      id kind status fileName sizeBytes sha256 tables rows files progressDone progressTotal progressNote error createdAt finishedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminBackup($id: ID!) {\n    backup(id: $id) { id kind status progressDone progressTotal progressNote error sizeBytes finishedAt }\n  }\n"): (typeof documents)["\n  query AdminBackup($id: ID!) {\n    backup(id: $id) { id kind status progressDone progressTotal progressNote error sizeBytes finishedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateBackup { createBackup { id status } }\n"): (typeof documents)["\n  mutation AdminCreateBackup { createBackup { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminBackupLink($id: ID!) { backupDownloadLink(id: $id) { url fileName expiresAt } }\n"): (typeof documents)["\n  mutation AdminBackupLink($id: ID!) { backupDownloadLink(id: $id) { url fileName expiresAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRestoreBackup($file: Upload!) { restoreBackup(file: $file) { id status } }\n"): (typeof documents)["\n  mutation AdminRestoreBackup($file: Upload!) { restoreBackup(file: $file) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPlugins {\n    plugins { id key name description enabled currentVersion { id version mode hooks } attachments { id } updatedAt }\n  }\n"): (typeof documents)["\n  query AdminPlugins {\n    plugins { id key name description enabled currentVersion { id version mode hooks } attachments { id } updatedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPlugin($id: ID!, $failuresOnly: Boolean!) {\n    plugin(id: $id) {\n      id key name description enabled config previousVersionId\n      currentVersion { id version hash mode hooks size manifest createdAt }\n      versions { id version hash mode hooks size createdAt }\n      attachments { id hook fieldId gradingModelId targetName createdAt }\n      calls(limit: 50, failuresOnly: $failuresOnly) {\n        id versionId hook target inputDigest ok errorCode trapCode message fuelUsed fuelLimit wallTimeUs memoryPeak logs createdAt\n      }\n      usage(days: 30) { day hook calls failures fuel wallTimeMs }\n    }\n  }\n"): (typeof documents)["\n  query AdminPlugin($id: ID!, $failuresOnly: Boolean!) {\n    plugin(id: $id) {\n      id key name description enabled config previousVersionId\n      currentVersion { id version hash mode hooks size manifest createdAt }\n      versions { id version hash mode hooks size createdAt }\n      attachments { id hook fieldId gradingModelId targetName createdAt }\n      calls(limit: 50, failuresOnly: $failuresOnly) {\n        id versionId hook target inputDigest ok errorCode trapCode message fuelUsed fuelLimit wallTimeUs memoryPeak logs createdAt\n      }\n      usage(days: 30) { day hook calls failures fuel wallTimeMs }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUploadPlugin($file: Upload!, $manifest: JSON!, $install: Boolean!) {\n    uploadPlugin(file: $file, manifest: $manifest, install: $install) { id pluginId version }\n  }\n"): (typeof documents)["\n  mutation AdminUploadPlugin($file: Upload!, $manifest: JSON!, $install: Boolean!) {\n    uploadPlugin(file: $file, manifest: $manifest, install: $install) { id pluginId version }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminInstallPluginVersion($versionId: ID!) { installPluginVersion(versionId: $versionId) { id } }\n"): (typeof documents)["\n  mutation AdminInstallPluginVersion($versionId: ID!) { installPluginVersion(versionId: $versionId) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRollbackPlugin($id: ID!) { rollbackPlugin(id: $id) { id } }\n"): (typeof documents)["\n  mutation AdminRollbackPlugin($id: ID!) { rollbackPlugin(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminConfigurePlugin($id: ID!, $config: JSON!) { configurePlugin(id: $id, config: $config) { id config } }\n"): (typeof documents)["\n  mutation AdminConfigurePlugin($id: ID!, $config: JSON!) { configurePlugin(id: $id, config: $config) { id config } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetPluginEnabled($id: ID!, $enabled: Boolean!) { setPluginEnabled(id: $id, enabled: $enabled) { id enabled } }\n"): (typeof documents)["\n  mutation AdminSetPluginEnabled($id: ID!, $enabled: Boolean!) { setPluginEnabled(id: $id, enabled: $enabled) { id enabled } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminAttachPlugin($pluginId: ID!, $target: PluginTargetInput!) { attachPlugin(pluginId: $pluginId, target: $target) { id } }\n"): (typeof documents)["\n  mutation AdminAttachPlugin($pluginId: ID!, $target: PluginTargetInput!) { attachPlugin(pluginId: $pluginId, target: $target) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDetachPlugin($attachmentId: ID!) { detachPlugin(attachmentId: $attachmentId) }\n"): (typeof documents)["\n  mutation AdminDetachPlugin($attachmentId: ID!) { detachPlugin(attachmentId: $attachmentId) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeletePlugin($id: ID!) { deletePlugin(id: $id, confirm: true) }\n"): (typeof documents)["\n  mutation AdminDeletePlugin($id: ID!) { deletePlugin(id: $id, confirm: true) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPluginTargets {\n    customFields(entity: CUSTOMER) { id key label }\n    gradingModels { id name }\n  }\n"): (typeof documents)["\n  query AdminPluginTargets {\n    customFields(entity: CUSTOMER) { id key label }\n    gradingModels { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardCounts {\n    prospect: customers(filter: { status: PROSPECT }, first: 1) { totalCount }\n    intent: customers(filter: { status: INTENT }, first: 1) { totalCount }\n    paused: customers(filter: { status: PAUSED }, first: 1) { totalCount }\n    deal: customers(filter: { status: DEAL }, first: 1) { totalCount }\n    lost: customers(filter: { status: LOST }, first: 1) { totalCount }\n    normal: customers(filter: { grade: NORMAL }, first: 1) { totalCount }\n    vip: customers(filter: { grade: VIP }, first: 1) { totalCount }\n    pool(first: 1) { totalCount }\n    team(first: 100, filter: { active: true }) { totalCount members { user { id displayName role } customersHeld } }\n  }\n"): (typeof documents)["\n  query DashboardCounts {\n    prospect: customers(filter: { status: PROSPECT }, first: 1) { totalCount }\n    intent: customers(filter: { status: INTENT }, first: 1) { totalCount }\n    paused: customers(filter: { status: PAUSED }, first: 1) { totalCount }\n    deal: customers(filter: { status: DEAL }, first: 1) { totalCount }\n    lost: customers(filter: { status: LOST }, first: 1) { totalCount }\n    normal: customers(filter: { grade: NORMAL }, first: 1) { totalCount }\n    vip: customers(filter: { grade: VIP }, first: 1) { totalCount }\n    pool(first: 1) { totalCount }\n    team(first: 100, filter: { active: true }) { totalCount members { user { id displayName role } customersHeld } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardNewCustomers($from: DateTime!, $after: String) {\n    customers(filter: { createdFrom: $from }, sort: { field: CREATED_AT, direction: DESC }, first: 100, after: $after) {\n      totalCount\n      edges { node { id createdAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query DashboardNewCustomers($from: DateTime!, $after: String) {\n    customers(filter: { createdFrom: $from }, sort: { field: CREATED_AT, direction: DESC }, first: 100, after: $after) {\n      totalCount\n      edges { node { id createdAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardConversations($from: DateTime!, $after: String) {\n    conversations(filter: { from: $from }, first: 100, after: $after) {\n      totalCount\n      nodes { id occurredAt }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query DashboardConversations($from: DateTime!, $after: String) {\n    conversations(filter: { from: $from }, first: 100, after: $after) {\n      totalCount\n      nodes { id occurredAt }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardAuthorMonth($authorId: ID!) {\n    conversations(filter: { window: THIS_MONTH, authorId: $authorId }, first: 1) { totalCount }\n  }\n"): (typeof documents)["\n  query DashboardAuthorMonth($authorId: ID!) {\n    conversations(filter: { window: THIS_MONTH, authorId: $authorId }, first: 1) { totalCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardModels { gradingModels { id name labels { label } } }\n"): (typeof documents)["\n  query DashboardModels { gradingModels { id name labels { label } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardModelGrades($after: String) {\n    customers(first: 100, after: $after) {\n      edges { node { id grades { modelId label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query DashboardModelGrades($after: String) {\n    customers(first: 100, after: $after) {\n      edges { node { id grades { modelId label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamUsers {\n    users(filter: { includeInactive: true }) {\n      id email displayName role active erasedAt lastLoginAt createdAt emailVerified\n      group { id name }\n    }\n  }\n"): (typeof documents)["\n  query TeamUsers {\n    users(filter: { includeInactive: true }) {\n      id email displayName role active erasedAt lastLoginAt createdAt emailVerified\n      group { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamGroups {\n    groups { id name createdAt supervisors { id displayName } members { id } }\n  }\n"): (typeof documents)["\n  query TeamGroups {\n    groups { id name createdAt supervisors { id displayName } members { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamUpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id displayName role group { id name } }\n  }\n"): (typeof documents)["\n  mutation TeamUpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id displayName role group { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamDeactivateUser($id: ID!) { deactivateUser(id: $id) { id active } }\n"): (typeof documents)["\n  mutation TeamDeactivateUser($id: ID!) { deactivateUser(id: $id) { id active } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamReactivateUser($id: ID!) { reactivateUser(id: $id) { id active } }\n"): (typeof documents)["\n  mutation TeamReactivateUser($id: ID!) { reactivateUser(id: $id) { id active } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamCreateGroup($name: String!) { createGroup(name: $name) { id name } }\n"): (typeof documents)["\n  mutation TeamCreateGroup($name: String!) { createGroup(name: $name) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamRenameGroup($id: ID!, $name: String!) { renameGroup(id: $id, name: $name) { id name } }\n"): (typeof documents)["\n  mutation TeamRenameGroup($id: ID!, $name: String!) { renameGroup(id: $id, name: $name) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n"): (typeof documents)["\n  mutation TeamDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamAddSupervisor($groupId: ID!, $userId: ID!) {\n    addGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n"): (typeof documents)["\n  mutation TeamAddSupervisor($groupId: ID!, $userId: ID!) {\n    addGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamRemoveSupervisor($groupId: ID!, $userId: ID!) {\n    removeGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n"): (typeof documents)["\n  mutation TeamRemoveSupervisor($groupId: ID!, $userId: ID!) {\n    removeGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamInvitations {\n    invitations { id email role groupId invitedById status createdAt expiresAt }\n  }\n"): (typeof documents)["\n  query TeamInvitations {\n    invitations { id email role groupId invitedById status createdAt expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamInvite($input: InviteUserInput!) {\n    inviteUser(input: $input) { id email role groupId status createdAt expiresAt }\n  }\n"): (typeof documents)["\n  mutation TeamInvite($input: InviteUserInput!) {\n    inviteUser(input: $input) { id email role groupId status createdAt expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamRevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }\n"): (typeof documents)["\n  mutation TeamRevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamInvitationMails { mailOutbox(limit: 200) { id kind to body createdAt } }\n"): (typeof documents)["\n  query TeamInvitationMails { mailOutbox(limit: 200) { id kind to body createdAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamOffboardUser($id: ID!) {\n    teamMember(id: $id) {\n      user { id displayName email role active erasedAt group { id name } }\n      customersHeld\n      plans { open done overdue }\n    }\n  }\n"): (typeof documents)["\n  query TeamOffboardUser($id: ID!) {\n    teamMember(id: $id) {\n      user { id displayName email role active erasedAt group { id name } }\n      customersHeld\n      plans { open done overdue }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {\n    offboardUser(id: $id, input: $input) {\n      successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted sessionsRevoked apiKeysRevoked\n      user { id active }\n    }\n  }\n"): (typeof documents)["\n  mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {\n    offboardUser(id: $id, input: $input) {\n      successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted sessionsRevoked apiKeysRevoked\n      user { id active }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamErase($id: ID!) {\n    erasePersonalDetails(id: $id, confirm: true) {\n      sessionsDeleted apiKeysRevoked invitationsCleared mailsCleared auditEntriesCleared\n      user { id displayName erasedAt }\n    }\n  }\n"): (typeof documents)["\n  mutation TeamErase($id: ID!) {\n    erasePersonalDetails(id: $id, confirm: true) {\n      sessionsDeleted apiKeysRevoked invitationsCleared mailsCleared auditEntriesCleared\n      user { id displayName erasedAt }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;