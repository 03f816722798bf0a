// GraphQL operations of the administration pages.
import { graphql } from '@/gql'

export const AdminSettings = graphql(`
  query AdminSettings {
    tenantSettings {
      industries sources planCompletion customerNumberPattern
      pool { claimsPerDay maxHeld reclaimCooldownDays }
      supervisorsManageAutomation
      reminders { birthdays vipIdleDays dateFields { field daysBefore } }
    }
    customFields(entity: CUSTOMER) { key label labelEn type archived }
  }
`)

export const AdminUpdateSettings = graphql(`
  mutation AdminUpdateSettings($input: TenantSettingsInput!) {
    updateTenantSettings(input: $input) {
      industries sources planCompletion customerNumberPattern
      pool { claimsPerDay maxHeld reclaimCooldownDays }
      supervisorsManageAutomation
      reminders { birthdays vipIdleDays dateFields { field daysBefore } }
    }
  }
`)


export const AdminCustomFields = graphql(`
  query AdminCustomFields($entity: CustomFieldEntity!) {
    customFields(entity: $entity, includeArchived: true) {
      id entity key label labelEn help type required unique default rules position archived
      visibility { admin supervisor salesperson }
    }
  }
`)

export const AdminCreateCustomField = graphql(`
  mutation AdminCreateCustomField($entity: CustomFieldEntity!, $input: CustomFieldInput!) {
    createCustomField(entity: $entity, input: $input) { id }
  }
`)

export const AdminUpdateCustomField = graphql(`
  mutation AdminUpdateCustomField($id: ID!, $input: CustomFieldInput!) {
    updateCustomField(id: $id, input: $input) { id }
  }
`)

export const AdminReorderCustomFields = graphql(`
  mutation AdminReorderCustomFields($entity: CustomFieldEntity!, $ids: [ID!]!) {
    reorderCustomFields(entity: $entity, ids: $ids) { id position }
  }
`)

export const AdminArchiveCustomField = graphql(`
  mutation AdminArchiveCustomField($id: ID!, $archived: Boolean!) {
    archiveCustomField(id: $id, archived: $archived) { id archived }
  }
`)

export const AdminDeleteCustomField = graphql(`
  mutation AdminDeleteCustomField($id: ID!, $confirm: Boolean!) {
    deleteCustomField(id: $id, confirm: $confirm) { id records }
  }
`)

export const AdminPreviewTypeChange = graphql(`
  mutation AdminPreviewTypeChange($id: ID!, $type: CustomFieldType!, $rules: JSON) {
    previewCustomFieldTypeChange(id: $id, type: $type, rules: $rules) {
      values converted failed failures { recordId message }
    }
  }
`)

export const AdminChangeType = graphql(`
  mutation AdminChangeType($id: ID!, $type: CustomFieldType!, $rules: JSON, $clearFailures: Boolean!) {
    changeCustomFieldType(id: $id, type: $type, rules: $rules, clearFailures: $clearFailures) { id type }
  }
`)

export const AdminGradingModels = graphql(`
  query AdminGradingModels {
    gradingModels { id name kind config labels { label description } enabled monthly lastRunAt nextRunAt updatedAt }
  }
`)

export const AdminCreateGradingModel = graphql(`
  mutation AdminCreateGradingModel($input: GradingModelInput!) { createGradingModel(input: $input) { id } }
`)

export const AdminUpdateGradingModel = graphql(`
  mutation AdminUpdateGradingModel($id: ID!, $input: GradingModelInput!) { updateGradingModel(id: $id, input: $input) { id } }
`)

export const AdminDeleteGradingModel = graphql(`
  mutation AdminDeleteGradingModel($id: ID!) { deleteGradingModel(id: $id) }
`)

export const AdminRegrade = graphql(`
  mutation AdminRegrade($modelId: ID!) { regradeCustomers(modelId: $modelId) { id status progressDone progressTotal } }
`)

export const AdminJob = graphql(`
  query AdminJob($id: ID!) { job(id: $id) { id kind status progressDone progressTotal progressNote result error } }
`)

export const AdminApiKeys = graphql(`
  query AdminApiKeys { apiKeys { id name scope hint userId createdAt lastUsedAt revokedAt } }
`)

export const AdminCreateApiKey = graphql(`
  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name scope hint } }
  }
`)

export const AdminRevokeApiKey = graphql(`
  mutation AdminRevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }
`)

export const AdminAuditLog = graphql(`
  query AdminAuditLog($limit: Int!, $before: ID) {
    auditLog(limit: $limit, before: $before) { id actorId action targetType targetId detail requestId createdAt }
  }
`)

/** Names of the people audit entries and keys mention. */
export const AdminUserNames = graphql(`
  query AdminUserNames { users(filter: { includeInactive: true }) { id displayName } }
`)

export const AdminBackups = graphql(`
  query AdminBackups {
    backups(limit: 50) {
      id kind status fileName sizeBytes sha256 tables rows files progressDone progressTotal progressNote error createdAt finishedAt
    }
  }
`)

export const AdminBackup = graphql(`
  query AdminBackup($id: ID!) {
    backup(id: $id) { id kind status progressDone progressTotal progressNote error sizeBytes finishedAt }
  }
`)

export const AdminCreateBackup = graphql(`
  mutation AdminCreateBackup { createBackup { id status } }
`)

export const AdminBackupLink = graphql(`
  mutation AdminBackupLink($id: ID!) { backupDownloadLink(id: $id) { url fileName expiresAt } }
`)

export const AdminRestoreBackup = graphql(`
  mutation AdminRestoreBackup($file: Upload!) { restoreBackup(file: $file) { id status } }
`)

export const AdminPlugins = graphql(`
  query AdminPlugins {
    plugins { id key name description enabled currentVersion { id version mode hooks } attachments { id } updatedAt }
  }
`)

export const AdminPlugin = graphql(`
  query AdminPlugin($id: ID!, $failuresOnly: Boolean!) {
    plugin(id: $id) {
      id key name description enabled config previousVersionId
      currentVersion { id version hash mode hooks size manifest createdAt }
      versions { id version hash mode hooks size createdAt }
      attachments { id hook fieldId gradingModelId targetName createdAt }
      calls(limit: 50, failuresOnly: $failuresOnly) {
        id versionId hook target inputDigest ok errorCode trapCode message fuelUsed fuelLimit wallTimeUs memoryPeak logs createdAt
      }
      usage(days: 30) { day hook calls failures fuel wallTimeMs }
    }
  }
`)

export const AdminUploadPlugin = graphql(`
  mutation AdminUploadPlugin($file: Upload!, $manifest: JSON!, $install: Boolean!) {
    uploadPlugin(file: $file, manifest: $manifest, install: $install) { id pluginId version }
  }
`)

export const AdminInstallPluginVersion = graphql(`
  mutation AdminInstallPluginVersion($versionId: ID!) { installPluginVersion(versionId: $versionId) { id } }
`)

export const AdminRollbackPlugin = graphql(`
  mutation AdminRollbackPlugin($id: ID!) { rollbackPlugin(id: $id) { id } }
`)

export const AdminConfigurePlugin = graphql(`
  mutation AdminConfigurePlugin($id: ID!, $config: JSON!) { configurePlugin(id: $id, config: $config) { id config } }
`)

export const AdminSetPluginEnabled = graphql(`
  mutation AdminSetPluginEnabled($id: ID!, $enabled: Boolean!) { setPluginEnabled(id: $id, enabled: $enabled) { id enabled } }
`)

export const AdminAttachPlugin = graphql(`
  mutation AdminAttachPlugin($pluginId: ID!, $target: PluginTargetInput!) { attachPlugin(pluginId: $pluginId, target: $target) { id } }
`)

export const AdminDetachPlugin = graphql(`
  mutation AdminDetachPlugin($attachmentId: ID!) { detachPlugin(attachmentId: $attachmentId) }
`)

export const AdminDeletePlugin = graphql(`
  mutation AdminDeletePlugin($id: ID!) { deletePlugin(id: $id, confirm: true) }
`)

/** What a plugin can be attached to: customer fields and grading models. */
export const AdminPluginTargets = graphql(`
  query AdminPluginTargets {
    customFields(entity: CUSTOMER) { id key label }
    gradingModels { id name }
  }
`)

// Plan, usage and the subscription (套餐与用量).
export const AdminBilling = graphql(`
  query AdminBilling {
    billing {
      plan state trialEndsAt currentPeriodEnd readOnlyAt cancelAtPeriodEnd provider seats
      invoices { id number status amountDue amountPaid currency createdAt hostedUrl pdfUrl }
    }
    planUsage { plan { id rank } unknownPlan limits { name usage max percent } }
    planCatalogue { id rank priceCny { month year } priceUsd { month year } entitlements { name max } }
  }
`)

export const AdminStartCheckout = graphql(`
  mutation AdminStartCheckout($plan: String!, $interval: BillingPeriod!, $currency: BillingCurrency!) {
    startCheckout(plan: $plan, interval: $interval, currency: $currency)
  }
`)

export const AdminOpenBillingPortal = graphql(`
  mutation AdminOpenBillingPortal {
    openBillingPortal
  }
`)

export const AdminCancelSubscription = graphql(`
  mutation AdminCancelSubscription {
    cancelSubscription { state cancelAtPeriodEnd currentPeriodEnd }
  }
`)

export const AdminResumeSubscription = graphql(`
  mutation AdminResumeSubscription {
    resumeSubscription { state cancelAtPeriodEnd currentPeriodEnd }
  }
`)

// Webhooks: admins every one, supervisors their groups' where the company
// allows it (the server scopes each of these).
export const AdminWebhooks = graphql(`
  query AdminWebhooks {
    webhooks { id url description events enabled disabledReason consecutiveFailures failingSince groupId createdAt }
    webhookEventTypes
  }
`)

export const AdminCreateWebhook = graphql(`
  mutation AdminCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) { secret webhook { id url events enabled groupId } }
  }
`)

export const AdminUpdateWebhook = graphql(`
  mutation AdminUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) { id url description events groupId }
  }
`)

export const AdminSetWebhookEnabled = graphql(`
  mutation AdminSetWebhookEnabled($id: ID!, $enabled: Boolean!) {
    enableWebhook(id: $id) @include(if: $enabled) { id enabled disabledReason consecutiveFailures }
    disableWebhook(id: $id) @skip(if: $enabled) { id enabled disabledReason consecutiveFailures }
  }
`)

export const AdminDeleteWebhook = graphql(`
  mutation AdminDeleteWebhook($id: ID!) { deleteWebhook(id: $id) }
`)

export const AdminRotateWebhookSecret = graphql(`
  mutation AdminRotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }
`)

export const AdminWebhookDeliveries = graphql(`
  query AdminWebhookDeliveries($id: ID!, $after: String) {
    webhook(id: $id) {
      id
      deliveries(first: 20, after: $after) {
        totalCount
        nodes {
          id eventId eventType status attempts responseStatus durationMs error responseSnippet
          nextAttemptAt lastAttemptAt replayOfId createdAt payload
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`)

export const AdminReplayWebhookDelivery = graphql(`
  mutation AdminReplayWebhookDelivery($id: ID!) { replayWebhookDelivery(id: $id) { id status } }
`)

export const AdminTags = graphql(`
  query AdminTags {
    tags { id name color group customerCount }
    tenantSettings { tagCreation }
  }
`)

export const AdminCreateTag = graphql(`
  mutation AdminCreateTag($input: TagInput!) {
    createTag(input: $input) { id name }
  }
`)

export const AdminUpdateTag = graphql(`
  mutation AdminUpdateTag($id: ID!, $input: TagInput!) {
    updateTag(id: $id, input: $input) { id name color group }
  }
`)

export const AdminMergeTags = graphql(`
  mutation AdminMergeTags($sources: [ID!]!, $into: ID!) {
    mergeTags(sources: $sources, into: $into) { id name customerCount }
  }
`)

export const AdminDeleteTag = graphql(`
  mutation AdminDeleteTag($id: ID!) {
    deleteTag(id: $id)
  }
`)
