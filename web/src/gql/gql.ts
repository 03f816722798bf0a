/* eslint-disable */
import * as types from './graphql';



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
    "\n  query CustomerPickerCustomers($filter: CustomerFilter, $first: Int) {\n    customers(filter: $filter, first: $first) { edges { node { id name number company } } }\n  }\n": typeof types.CustomerPickerCustomersDocument,
    "\n  query PersonPickerUsers {\n    users { id displayName email role active group { id name } }\n  }\n": typeof types.PersonPickerUsersDocument,
    "\n  query AutomationScope($identity: Boolean!) {\n    groups { id name supervisors { id } }\n    automationIdentity @include(if: $identity) { id name role supervisedGroupIds active updatedAt }\n  }\n": typeof types.AutomationScopeDocument,
    "\n  query CustomersUserNames {\n    users(filter: { includeInactive: true }) { id displayName }\n  }\n": typeof types.CustomersUserNamesDocument,
    "\n  query TagsPalette {\n    tags { id name color group }\n    tenantSettings { tagCreation }\n  }\n": typeof types.TagsPaletteDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences { kind inApp mail }\n  }\n": typeof types.NotificationPreferencesDocument,
    "\n  mutation UpdateNotificationPreferences($input: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(input: $input) { kind inApp mail }\n  }\n": typeof types.UpdateNotificationPreferencesDocument,
    "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n": typeof types.UnreadNotificationCountDocument,
    "\n  query NotificationList($first: Int, $after: String, $locale: String) {\n    notifications(first: $first, after: $after) {\n      nodes { id kind title(locale: $locale) body(locale: $locale) link { kind id } createdAt read }\n      pageInfo { hasNextPage endCursor }\n    }\n    unreadNotificationCount\n  }\n": typeof types.NotificationListDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids) { unreadCount notifications { id read } }\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": typeof types.MarkAllNotificationsReadDocument,
    "\n  query WorkflowList {\n    workflows {\n      id name description state stoppedReason updatedAt groupId runsAsAutomation\n      activeVersion { number definition }\n      draft { number definition }\n    }\n  }\n": typeof types.WorkflowListDocument,
    "\n  query WorkflowDetail($id: ID!) {\n    workflow(id: $id) {\n      id name description state runAsId runsAsAutomation groupId createdById stoppedReason hasWebhookSecret webhookUrl createdAt updatedAt\n      activeVersion { id number definition }\n      draft { id number definition }\n      versions { id number status definition createdAt publishedAt }\n    }\n  }\n": typeof types.WorkflowDetailDocument,
    "\n  query WorkflowTemplates {\n    workflowTemplates { key category name nameEn description descriptionEn definition }\n  }\n": typeof types.WorkflowTemplatesDocument,
    "\n  query WorkflowHolidays {\n    holidays { key name nameEn nextDate }\n  }\n": typeof types.WorkflowHolidaysDocument,
    "\n  query WorkflowEditorData {\n    workflowTriggerEvents\n    customFields(entity: CUSTOMER) { key label labelEn type }\n  }\n": typeof types.WorkflowEditorDataDocument,
    "\n  query WorkflowPlugins {\n    plugins { id name enabled currentVersion { hooks } }\n  }\n": typeof types.WorkflowPluginsDocument,
    "\n  query WorkflowRunAsUsers {\n    users { id displayName email role active group { id name } }\n  }\n": typeof types.WorkflowRunAsUsersDocument,
    "\n  mutation WorkflowSetAutomationIdentity($input: AutomationIdentityInput!) {\n    setAutomationIdentity(input: $input) { id name role supervisedGroupIds active updatedAt }\n  }\n": typeof types.WorkflowSetAutomationIdentityDocument,
    "\n  query WorkflowSigningSecret($id: ID!) { workflow(id: $id) { id signingSecret } }\n": typeof types.WorkflowSigningSecretDocument,
    "\n  mutation WorkflowCreate($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }\n": typeof types.WorkflowCreateDocument,
    "\n  mutation WorkflowUpdate($id: ID!, $input: UpdateWorkflowInput!) { updateWorkflow(id: $id, input: $input) { id } }\n": typeof types.WorkflowUpdateDocument,
    "\n  mutation WorkflowPublish($id: ID!) { publishWorkflow(id: $id) { webhookSecret workflow { id state } } }\n": typeof types.WorkflowPublishDocument,
    "\n  mutation WorkflowDeactivate($id: ID!) { deactivateWorkflow(id: $id) { id state } }\n": typeof types.WorkflowDeactivateDocument,
    "\n  mutation WorkflowArchive($id: ID!) { archiveWorkflow(id: $id) { id state } }\n": typeof types.WorkflowArchiveDocument,
    "\n  mutation WorkflowRotateSecret($id: ID!) { rotateWorkflowWebhookSecret(id: $id) }\n": typeof types.WorkflowRotateSecretDocument,
    "\n  query WorkflowRuns($workflowId: ID, $status: WorkflowRunStatus, $first: Int, $after: String) {\n    workflowRuns(workflowId: $workflowId, status: $status, first: $first, after: $after) {\n      nodes { id status trigger customerId depth round error failedStep waitUntil createdAt startedAt finishedAt }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.WorkflowRunsDocument,
    "\n  query WorkflowRun($id: ID!) {\n    workflowRun(id: $id) {\n      id workflowId versionId status trigger customerId depth round error failedStep waitUntil createdAt startedAt finishedAt\n      steps { round key kind status input output error attempts startedAt finishedAt }\n    }\n  }\n": typeof types.WorkflowRunDocument,
    "\n  mutation WorkflowRetryRun($id: ID!, $fromStart: Boolean) { retryWorkflowRun(id: $id, fromStart: $fromStart) { id status } }\n": typeof types.WorkflowRetryRunDocument,
    "\n  mutation WorkflowStopRun($id: ID!) { stopWorkflowRun(id: $id) { id status } }\n": typeof types.WorkflowStopRunDocument,
    "\n  query ManualWorkflows { manualWorkflows { id name } }\n": typeof types.ManualWorkflowsDocument,
    "\n  mutation RunWorkflow($workflowId: ID!, $customerId: ID!) { runWorkflow(workflowId: $workflowId, customerId: $customerId) { id status } }\n": typeof types.RunWorkflowDocument,
    "\n  query WorkflowSegments {\n    segments { id name stage }\n  }\n": typeof types.WorkflowSegmentsDocument,
    "\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n      subscription { state trialEndsAt readOnlyAt }\n    }\n  }\n": typeof types.MeDocument,
    "\n  query SessionFeatures {\n    tenantSettings { supervisorsManageAutomation }\n  }\n": typeof types.SessionFeaturesDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query AdminSettings {\n    tenantSettings {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n      supervisorsManageAutomation\n      reminders { birthdays vipIdleDays dateFields { field daysBefore } }\n    }\n    customFields(entity: CUSTOMER) { key label labelEn type archived }\n  }\n": typeof types.AdminSettingsDocument,
    "\n  mutation AdminUpdateSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n      supervisorsManageAutomation\n      reminders { birthdays vipIdleDays dateFields { field daysBefore } }\n    }\n  }\n": typeof types.AdminUpdateSettingsDocument,
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
    "\n  query AdminBilling {\n    billing {\n      plan state trialEndsAt currentPeriodEnd readOnlyAt cancelAtPeriodEnd provider seats\n      invoices { id number status amountDue amountPaid currency createdAt hostedUrl pdfUrl }\n    }\n    planUsage { plan { id rank } unknownPlan limits { name usage max percent } }\n    planCatalogue { id rank priceCny { month year } priceUsd { month year } entitlements { name max } }\n  }\n": typeof types.AdminBillingDocument,
    "\n  mutation AdminStartCheckout($plan: String!, $interval: BillingPeriod!, $currency: BillingCurrency!) {\n    startCheckout(plan: $plan, interval: $interval, currency: $currency)\n  }\n": typeof types.AdminStartCheckoutDocument,
    "\n  mutation AdminOpenBillingPortal {\n    openBillingPortal\n  }\n": typeof types.AdminOpenBillingPortalDocument,
    "\n  mutation AdminCancelSubscription {\n    cancelSubscription { state cancelAtPeriodEnd currentPeriodEnd }\n  }\n": typeof types.AdminCancelSubscriptionDocument,
    "\n  mutation AdminResumeSubscription {\n    resumeSubscription { state cancelAtPeriodEnd currentPeriodEnd }\n  }\n": typeof types.AdminResumeSubscriptionDocument,
    "\n  query AdminWebhooks {\n    webhooks { id url description events enabled disabledReason consecutiveFailures failingSince groupId createdAt }\n    webhookEventTypes\n  }\n": typeof types.AdminWebhooksDocument,
    "\n  mutation AdminCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url events enabled groupId } }\n  }\n": typeof types.AdminCreateWebhookDocument,
    "\n  mutation AdminUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { id url description events groupId }\n  }\n": typeof types.AdminUpdateWebhookDocument,
    "\n  mutation AdminSetWebhookEnabled($id: ID!, $enabled: Boolean!) {\n    enableWebhook(id: $id) @include(if: $enabled) { id enabled disabledReason consecutiveFailures }\n    disableWebhook(id: $id) @skip(if: $enabled) { id enabled disabledReason consecutiveFailures }\n  }\n": typeof types.AdminSetWebhookEnabledDocument,
    "\n  mutation AdminDeleteWebhook($id: ID!) { deleteWebhook(id: $id) }\n": typeof types.AdminDeleteWebhookDocument,
    "\n  mutation AdminRotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }\n": typeof types.AdminRotateWebhookSecretDocument,
    "\n  query AdminWebhookDeliveries($id: ID!, $after: String) {\n    webhook(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        totalCount\n        nodes {\n          id eventId eventType status attempts responseStatus durationMs error responseSnippet\n          nextAttemptAt lastAttemptAt replayOfId createdAt payload\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.AdminWebhookDeliveriesDocument,
    "\n  mutation AdminReplayWebhookDelivery($id: ID!) { replayWebhookDelivery(id: $id) { id status } }\n": typeof types.AdminReplayWebhookDeliveryDocument,
    "\n  query AdminTags {\n    tags { id name color group customerCount }\n    tenantSettings { tagCreation }\n  }\n": typeof types.AdminTagsDocument,
    "\n  mutation AdminCreateTag($input: TagInput!) {\n    createTag(input: $input) { id name }\n  }\n": typeof types.AdminCreateTagDocument,
    "\n  mutation AdminUpdateTag($id: ID!, $input: TagInput!) {\n    updateTag(id: $id, input: $input) { id name color group }\n  }\n": typeof types.AdminUpdateTagDocument,
    "\n  mutation AdminMergeTags($sources: [ID!]!, $into: ID!) {\n    mergeTags(sources: $sources, into: $into) { id name customerCount }\n  }\n": typeof types.AdminMergeTagsDocument,
    "\n  mutation AdminDeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n": typeof types.AdminDeleteTagDocument,
    "\n  mutation AuthSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      tenant { id name slug plan }\n    }\n  }\n": typeof types.AuthSignUpDocument,
    "\n  mutation AuthLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": typeof types.AuthLoginDocument,
    "\n  mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n": typeof types.AuthRequestPasswordResetDocument,
    "\n  mutation AuthResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": typeof types.AuthResetPasswordDocument,
    "\n  mutation AuthVerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n": typeof types.AuthVerifyEmailDocument,
    "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role }\n      tenant { id name }\n    }\n  }\n": typeof types.AuthAcceptInvitationDocument,
    "\n  fragment BoardReplyFields on BoardReply {\n    id postId parentId authorId authorName content createdAt editedAt\n  }\n": typeof types.BoardReplyFieldsFragmentDoc,
    "\n  fragment BoardPostFields on BoardPost {\n    id authorId authorName title mood content replyCount createdAt editedAt\n    replies(limit: 100) { ...BoardReplyFields }\n  }\n": typeof types.BoardPostFieldsFragmentDoc,
    "\n  query BoardPosts($limit: Int!, $before: ID) {\n    boardPosts(limit: $limit, before: $before) { ...BoardPostFields }\n  }\n": typeof types.BoardPostsDocument,
    "\n  query BoardMoreReplies($id: ID!, $after: ID) {\n    boardPost(id: $id) { id replyCount replies(limit: 100, after: $after) { ...BoardReplyFields } }\n  }\n": typeof types.BoardMoreRepliesDocument,
    "\n  query BoardMoods {\n    boardMoods\n  }\n": typeof types.BoardMoodsDocument,
    "\n  mutation BoardCreatePost($input: CreateBoardPostInput!) {\n    createBoardPost(input: $input) { ...BoardPostFields }\n  }\n": typeof types.BoardCreatePostDocument,
    "\n  mutation BoardReply($input: ReplyToBoardPostInput!) {\n    replyToBoardPost(input: $input) { ...BoardReplyFields }\n  }\n": typeof types.BoardReplyDocument,
    "\n  mutation BoardUpdatePost($id: ID!, $input: UpdateBoardPostInput!) {\n    updateBoardPost(id: $id, input: $input) { ...BoardPostFields }\n  }\n": typeof types.BoardUpdatePostDocument,
    "\n  mutation BoardUpdateReply($id: ID!, $content: String!) {\n    updateBoardReply(id: $id, content: $content) { ...BoardReplyFields }\n  }\n": typeof types.BoardUpdateReplyDocument,
    "\n  mutation BoardDeletePost($id: ID!) {\n    deleteBoardPost(id: $id)\n  }\n": typeof types.BoardDeletePostDocument,
    "\n  mutation BoardDeleteReply($id: ID!) {\n    deleteBoardReply(id: $id)\n  }\n": typeof types.BoardDeleteReplyDocument,
    "\n  query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    customers(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id number name company title phones email status grade industry source tags\n          owner { id displayName }\n          inPool lastContactAt nextVisitAt createdAt updatedAt custom\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n": typeof types.CustomersListDocument,
    "\n  query CustomersFields {\n    customFields(entity: CUSTOMER) { id key label labelEn help type required unique default rules position archived }\n    tenantSettings { industries sources }\n  }\n": typeof types.CustomersFieldsDocument,
    "\n  mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!, $overrideCap: Boolean! = false) {\n    assignCustomers(ids: $ids, toUserId: $toUserId, overrideCap: $overrideCap) { id owner { id displayName } }\n  }\n": typeof types.CustomersAssignDocument,
    "\n  mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!, $overrideCap: Boolean! = false) {\n    transferCustomers(fromUserId: $fromUserId, toUserId: $toUserId, overrideCap: $overrideCap)\n  }\n": typeof types.CustomersTransferDocument,
    "\n  mutation CustomerSetLocked($id: ID!, $locked: Boolean!) {\n    setCustomerLocked(id: $id, locked: $locked) { id locked ownedSince }\n  }\n": typeof types.CustomerSetLockedDocument,
    "\n  mutation CustomersReleaseMany($ids: [ID!]!, $reason: String!) {\n    releaseCustomers(ids: $ids, reason: $reason) { released { id } errors { id code reason } }\n  }\n": typeof types.CustomersReleaseManyDocument,
    "\n  mutation CustomersRelease($id: ID!, $reason: String!) {\n    releaseCustomer(id: $id, reason: $reason) { id inPool owner { id } }\n  }\n": typeof types.CustomersReleaseDocument,
    "\n  mutation CustomersClaim($id: ID!) {\n    claimCustomer(id: $id) { id inPool owner { id displayName } }\n  }\n": typeof types.CustomersClaimDocument,
    "\n  mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!, $ids: [ID!]) {\n    exportCustomers(filter: $filter, sort: $sort, format: $format, ids: $ids) { url fileName rows expiresAt }\n  }\n": typeof types.CustomersExportDocument,
    "\n  mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {\n    exportConversations(filter: $filter, format: $format) { url fileName rows expiresAt }\n  }\n": typeof types.CustomersExportConversationsDocument,
    "\n  query CustomerFormLoad($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom\n      customValues { key access }\n    }\n  }\n": typeof types.CustomerFormLoadDocument,
    "\n  mutation CustomerCreate($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { id }\n  }\n": typeof types.CustomerCreateDocument,
    "\n  mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id }\n  }\n": typeof types.CustomerUpdateDocument,
    "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday photoUrl status industry source grade tags\n      owner { id displayName }\n      inPool locked ownedSince mailOptOutAt lastContactAt nextVisitAt custom createdAt updatedAt\n      createdBy { id displayName }\n      release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n      customValues { key label labelEn type value access }\n      deals { id ownerId title amount currency status expectedCloseDate closeDate notes createdAt updatedAt }\n      grades { modelId modelName label score reason gradedAt }\n      history(limit: 100) { field oldValue newValue actor { id displayName } at }\n      merges { id undoable undoUntil undoneAt createdAt mergedBy merged { id number name } }\n    }\n  }\n": typeof types.CustomerDetailDocument,
    "\n  mutation SetCustomerMailOptOut($id: ID!, $optedOut: Boolean!) {\n    setCustomerMailOptOut(id: $id, optedOut: $optedOut) { id mailOptOutAt }\n  }\n": typeof types.SetCustomerMailOptOutDocument,
    "\n  query CustomerMails($id: ID!, $limit: Int!) {\n    customer(id: $id) {\n      id mailOptOutAt\n      mails(limit: $limit) { id kind to subject body status createdAt sentAt }\n    }\n  }\n": typeof types.CustomerMailsDocument,
    "\n  query CustomerConversations($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      conversations(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id topic content kind occurredAt createdAt updatedAt\n            author { id displayName }\n            entries { occurredAt kind content }\n            customValues { key label labelEn type value }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CustomerConversationsDocument,
    "\n  mutation CustomerAddConversation($input: AddConversationInput!) {\n    addConversation(input: $input) { merged conversation { id occurredAt } }\n  }\n": typeof types.CustomerAddConversationDocument,
    "\n  mutation CustomerEditConversationContent($id: ID!, $content: String!) {\n    editConversationContent(id: $id, content: $content) { id content }\n  }\n": typeof types.CustomerEditConversationContentDocument,
    "\n  mutation CustomerEditConversationTime($id: ID!, $occurredAt: DateTime!) {\n    editConversationTime(id: $id, occurredAt: $occurredAt) { id occurredAt }\n  }\n": typeof types.CustomerEditConversationTimeDocument,
    "\n  mutation CustomerDeleteConversation($id: ID!) {\n    deleteConversation(id: $id)\n  }\n": typeof types.CustomerDeleteConversationDocument,
    "\n  mutation CustomerSetPhoto($id: ID!, $file: Upload!) {\n    setCustomerPhoto(id: $id, file: $file) { id photoUrl }\n  }\n": typeof types.CustomerSetPhotoDocument,
    "\n  mutation CustomerRemovePhoto($id: ID!) {\n    removeCustomerPhoto(id: $id) { id photoUrl }\n  }\n": typeof types.CustomerRemovePhotoDocument,
    "\n  mutation CustomerCreateDeal($customerId: ID!, $input: DealInput!) {\n    createDeal(customerId: $customerId, input: $input) { id }\n  }\n": typeof types.CustomerCreateDealDocument,
    "\n  mutation CustomerUpdateDeal($id: ID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) { id }\n  }\n": typeof types.CustomerUpdateDealDocument,
    "\n  mutation CustomerDeleteDeal($id: ID!) {\n    deleteDeal(id: $id)\n  }\n": typeof types.CustomerDeleteDealDocument,
    "\n  mutation CustomerDeleteForGood($id: ID!) {\n    deleteCustomerPermanently(id: $id, confirm: true) { id number name }\n  }\n": typeof types.CustomerDeleteForGoodDocument,
    "\n  query CustomerPlans($filter: WorkPlansFilter, $first: Int) {\n    workPlans(filter: $filter, first: $first) {\n      totalCount\n      nodes { id subject start end content done overdue author { id displayName } }\n    }\n  }\n": typeof types.CustomerPlansDocument,
    "\n  query CustomerConversationFields {\n    customFields(entity: CONVERSATION) { id key label labelEn help type required unique default rules position archived }\n  }\n": typeof types.CustomerConversationFieldsDocument,
    "\n  query CustomersSegments {\n    segments { id name description kind stage sharing canEdit filter count owner { id displayName } group { id name } sharedWith { id displayName } }\n    groups { id name }\n  }\n": typeof types.CustomersSegmentsDocument,
    "\n  mutation CustomersCreateSegment($input: SegmentInput!) {\n    createSegment(input: $input) { id name count }\n  }\n": typeof types.CustomersCreateSegmentDocument,
    "\n  mutation CustomersDeleteSegment($id: ID!) {\n    deleteSegment(id: $id)\n  }\n": typeof types.CustomersDeleteSegmentDocument,
    "\n  mutation CustomersBulkEdit($ids: [ID!], $filter: CustomerFilter, $change: BulkCustomerChange!) {\n    bulkEditCustomers(ids: $ids, filter: $filter, change: $change) { id status progressDone progressTotal }\n  }\n": typeof types.CustomersBulkEditDocument,
    "\n  query CustomersBulkJob($id: ID!) {\n    job(id: $id) { id status progressDone progressTotal result error }\n  }\n": typeof types.CustomersBulkJobDocument,
    "\n  query CustomersDuplicateCandidates($input: DuplicateProbe!) {\n    duplicateCandidates(input: $input) { score reasons customer { id name company } }\n  }\n": typeof types.CustomersDuplicateCandidatesDocument,
    "\n  query CustomerPossibleDuplicates($id: ID!) {\n    customer(id: $id) { id possibleDuplicates { score reasons customer { id name company } } }\n  }\n": typeof types.CustomerPossibleDuplicatesDocument,
    "\n  mutation CustomersScanDuplicates {\n    scanDuplicates { id status progressDone progressTotal }\n  }\n": typeof types.CustomersScanDuplicatesDocument,
    "\n  query CustomerMergePlan($input: MergeCustomersInput!) {\n    customerMergePlan(input: $input) {\n      phones tags\n      moves { table rows }\n      fields { field differs chosenCustomerId value values { customerId value } }\n    }\n  }\n": typeof types.CustomerMergePlanDocument,
    "\n  mutation CustomersMerge($input: MergeCustomersInput!) {\n    mergeCustomers(input: $input) { id survivorId undoUntil merged { id number name } }\n  }\n": typeof types.CustomersMergeDocument,
    "\n  mutation CustomerMergeUndo($id: ID!) {\n    undoCustomerMerge(id: $id) { id undoable undoneAt }\n  }\n": typeof types.CustomerMergeUndoDocument,
    "\n  mutation CustomerDismissDuplicate($a: ID!, $b: ID!) {\n    dismissDuplicate(customerId: $a, otherId: $b)\n  }\n": typeof types.CustomerDismissDuplicateDocument,
    "\n  query DashboardAnalytics($range: AnalyticsRange!, $bucket: AnalyticsBucket, $rank: LeaderboardRank) {\n    analytics {\n      newCustomers(range: $range, bucket: $bucket) { periods series { key counts total } }\n      conversations(range: $range, bucket: $bucket) { periods series { key counts total } }\n      poolFlow(range: $range, bucket: $bucket) { periods series { key counts total } }\n      leaderboard(range: $range, rank: $rank, first: 10) {\n        userId name newCustomers conversations visits dealsWon amountWon currency plansDue plansOnTime\n      }\n    }\n  }\n": typeof types.DashboardAnalyticsDocument,
    "\n  query DashboardBreakdowns($lead: Boolean!) {\n    analytics {\n      status: customersBy(by: STATUS) { key count }\n      grade: customersBy(by: GRADE) { key count }\n      source: customersBy(by: SOURCE) { key count }\n      industry: customersBy(by: INDUSTRY) { key count }\n    }\n    pool(first: 1) { totalCount }\n    team(first: 100, filter: { active: true }) @include(if: $lead) { members { user { id displayName } customersHeld } }\n  }\n": typeof types.DashboardBreakdownsDocument,
    "\n  query DashboardFlows($range: AnalyticsRange!, $cohort: AnalyticsRange, $months: AnalyticsRange!) {\n    analytics {\n      funnel(range: $cohort) { status customers reached stays averageDays }\n      retention(range: $months) { month held kept lost wonBack new }\n      poolReasons(range: $range) { direction reason count }\n    }\n  }\n": typeof types.DashboardFlowsDocument,
    "\n  query DashboardGradingModels {\n    gradingModels { id name enabled lastRunAt labels { label } }\n  }\n": typeof types.DashboardGradingModelsDocument,
    "\n  query DashboardGrades($modelId: ID!) {\n    analytics { customersByGrade(modelId: $modelId) { key count } }\n  }\n": typeof types.DashboardGradesDocument,
    "\n  query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {\n    toVisit: customers(filter: { toVisit: TODAY }, first: 6) {\n      totalCount\n      edges { node { id name company nextVisitAt owner { id displayName } } }\n    }\n    todayPlans: workPlans(filter: { from: $todayFrom, to: $todayTo, status: ALL }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    overduePlans: workPlans(filter: { status: OVERDUE }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    recent: conversations(filter: { window: LAST_3_DAYS }, first: 6) {\n      totalCount\n      nodes { id customerId customerName topic kind occurredAt author { id displayName } }\n    }\n    addedToday: customers(filter: { added: TODAY }, first: 1) { totalCount }\n    addedWeek: customers(filter: { added: THIS_WEEK }, first: 1) { totalCount }\n    contactedToday: customers(filter: { contacted: TODAY }, first: 1) { totalCount }\n    visitedWeek: customers(filter: { visited: THIS_WEEK }, first: 1) { totalCount }\n  }\n": typeof types.HomeOverviewDocument,
    "\n  query HomeTeam {\n    team(filter: { active: true }, first: 20) {\n      totalCount\n      members {\n        user { id displayName role group { id name } }\n        customersHeld\n        plans { open done overdue }\n        customersCreated { last7Days }\n        poolClaims { last7Days }\n      }\n    }\n  }\n": typeof types.HomeTeamDocument,
    "\n  mutation HomePlanDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n": typeof types.HomePlanDoneDocument,
    "\n  mutation ImportPreviewFile($file: Upload!, $sheet: String) {\n    previewCustomerImport(file: $file, sheet: $sheet) {\n      format encoding rows\n      columns { header field fieldLabel }\n      sample\n      fields { name label }\n      warnings { column code message }\n    }\n  }\n": typeof types.ImportPreviewFileDocument,
    "\n  mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {\n    importCustomers(file: $file, input: $input) { id }\n  }\n": typeof types.ImportStartDocument,
    "\n  query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {\n    customerImport(id: $id) {\n      id fileName format status rowsTotal rowsDone created updated skipped failed createdAt finishedAt\n      job { id status progressDone progressTotal progressNote error errorCode errorDetail }\n      issues(offset: $offset, limit: $limit) { total items { row column code message severity } }\n    }\n  }\n": typeof types.ImportStatusDocument,
    "\n  query ImportRecent {\n    customerImports(limit: 10) { id fileName status rowsTotal created updated skipped failed createdAt }\n  }\n": typeof types.ImportRecentDocument,
    "\n  mutation ImportCancel($id: ID!) {\n    cancelJob(id: $id) { id status }\n  }\n": typeof types.ImportCancelDocument,
    "\n  fragment PlanFields on WorkPlan {\n    id subject start end content notes done doneAt overdue createdAt updatedAt\n    author { id displayName }\n    doneBy { id displayName }\n    customer { id name number company }\n  }\n": typeof types.PlanFieldsFragmentDoc,
    "\n  query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes { ...PlanFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.PlansListDocument,
    "\n  query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.PlansCursorsDocument,
    "\n  mutation PlansCreate($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { ...PlanFields }\n  }\n": typeof types.PlansCreateDocument,
    "\n  mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {\n    updateWorkPlan(id: $id, input: $input) { ...PlanFields }\n  }\n": typeof types.PlansUpdateDocument,
    "\n  mutation PlansSetDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n": typeof types.PlansSetDoneDocument,
    "\n  mutation PlansDelete($id: ID!) {\n    deleteWorkPlan(id: $id)\n  }\n": typeof types.PlansDeleteDocument,
    "\n  mutation PlansSetNextVisit($id: ID!, $at: DateTime) {\n    updateCustomer(id: $id, input: { nextVisitAt: $at }) { id nextVisitAt }\n  }\n": typeof types.PlansSetNextVisitDocument,
    "\n  query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String, $releaseReason: String) {\n    pool(filter: $filter, sort: $sort, first: $first, after: $after, releaseReason: $releaseReason) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id number name company phones status grade tags createdAt\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n": typeof types.PoolListDocument,
    "\n  query PoolQuota {\n    poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt }\n  }\n": typeof types.PoolQuotaDocument,
    "\n  query PoolReleaseReasons { poolReleaseReasons { reason count } }\n": typeof types.PoolReleaseReasonsDocument,
    "\n  query ProfileMe {\n    me {\n      user { id email displayName role emailVerified lastLoginAt createdAt awayUntil reminderTime group { id name } }\n      tenant { id name slug plan timeZone }\n    }\n  }\n": typeof types.ProfileMeDocument,
    "\n  mutation ProfileChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ProfileChangePasswordDocument,
    "\n  mutation ProfileResendVerification {\n    resendVerificationEmail\n  }\n": typeof types.ProfileResendVerificationDocument,
    "\n  mutation ProfileLogoutEverywhere {\n    logoutEverywhere\n  }\n": typeof types.ProfileLogoutEverywhereDocument,
    "\n  mutation ProfileUpdateSelf($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id awayUntil reminderTime }\n  }\n": typeof types.ProfileUpdateSelfDocument,
    "\n  query SearchEverything($input: SearchInput!) {\n    search(input: $input) {\n      total\n      hits {\n        __typename\n        ... on CustomerHit {\n          score\n          customer { id name company phones owner { displayName } }\n          highlights { field fragments }\n        }\n        ... on ConversationHit {\n          score\n          conversation { id customerId customerName topic kind occurredAt }\n          highlights { field fragments }\n        }\n        ... on BoardPostHit {\n          score\n          post { id title authorName createdAt }\n          highlights { field fragments }\n        }\n      }\n    }\n  }\n": typeof types.SearchEverythingDocument,
    "\n  fragment SuggestionFields on Suggestion {\n    id title content anonymous authorId authorName replyCount createdAt\n    replies { id authorName content createdAt }\n  }\n": typeof types.SuggestionFieldsFragmentDoc,
    "\n  mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {\n    submitSuggestion(input: $input) { id anonymous createdAt readerToken readerLink }\n  }\n": typeof types.SuggestionsSubmitDocument,
    "\n  query SuggestionsMine($limit: Int!, $before: ID) {\n    mySuggestions(limit: $limit, before: $before) { ...SuggestionFields }\n  }\n": typeof types.SuggestionsMineDocument,
    "\n  query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {\n    suggestions(window: $window, limit: $limit, before: $before) { ...SuggestionFields }\n  }\n": typeof types.SuggestionsInboxDocument,
    "\n  mutation SuggestionsReply($id: ID!, $content: String!) {\n    replyToSuggestion(suggestionId: $id, content: $content) { id authorName content createdAt }\n  }\n": typeof types.SuggestionsReplyDocument,
    "\n  mutation SuggestionsDelete($id: ID!) {\n    deleteSuggestion(id: $id)\n  }\n": typeof types.SuggestionsDeleteDocument,
    "\n  query SuggestionsAnonymous($token: String!) {\n    anonymousSuggestion(token: $token) {\n      id title content createdAt\n      replies { id authorName content createdAt }\n    }\n  }\n": typeof types.SuggestionsAnonymousDocument,
    "\n  query TeamUsers {\n    users(filter: { includeInactive: true }) {\n      id email displayName role active erasedAt lastLoginAt createdAt emailVerified awayUntil\n      group { id name }\n    }\n  }\n": typeof types.TeamUsersDocument,
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
    "\n  mutation TeamRenewInvitationLink($id: ID!) {\n    renewInvitationLink(id: $id) { url invitation { id status expiresAt } }\n  }\n": typeof types.TeamRenewInvitationLinkDocument,
    "\n  query TeamOffboardUser($id: ID!) {\n    teamMember(id: $id) {\n      user { id displayName email role active erasedAt group { id name } }\n      customersHeld\n      plans { open done overdue }\n    }\n  }\n": typeof types.TeamOffboardUserDocument,
    "\n  mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {\n    offboardUser(id: $id, input: $input) {\n      successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted sessionsRevoked apiKeysRevoked\n      user { id active }\n    }\n  }\n": typeof types.TeamOffboardDocument,
    "\n  mutation TeamErase($id: ID!) {\n    erasePersonalDetails(id: $id, confirm: true) {\n      sessionsDeleted apiKeysRevoked invitationsCleared mailsCleared auditEntriesCleared\n      user { id displayName erasedAt }\n    }\n  }\n": typeof types.TeamEraseDocument,
};
const documents: Documents = {
    "\n  query CustomerPickerCustomers($filter: CustomerFilter, $first: Int) {\n    customers(filter: $filter, first: $first) { edges { node { id name number company } } }\n  }\n": types.CustomerPickerCustomersDocument,
    "\n  query PersonPickerUsers {\n    users { id displayName email role active group { id name } }\n  }\n": types.PersonPickerUsersDocument,
    "\n  query AutomationScope($identity: Boolean!) {\n    groups { id name supervisors { id } }\n    automationIdentity @include(if: $identity) { id name role supervisedGroupIds active updatedAt }\n  }\n": types.AutomationScopeDocument,
    "\n  query CustomersUserNames {\n    users(filter: { includeInactive: true }) { id displayName }\n  }\n": types.CustomersUserNamesDocument,
    "\n  query TagsPalette {\n    tags { id name color group }\n    tenantSettings { tagCreation }\n  }\n": types.TagsPaletteDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences { kind inApp mail }\n  }\n": types.NotificationPreferencesDocument,
    "\n  mutation UpdateNotificationPreferences($input: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(input: $input) { kind inApp mail }\n  }\n": types.UpdateNotificationPreferencesDocument,
    "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n": types.UnreadNotificationCountDocument,
    "\n  query NotificationList($first: Int, $after: String, $locale: String) {\n    notifications(first: $first, after: $after) {\n      nodes { id kind title(locale: $locale) body(locale: $locale) link { kind id } createdAt read }\n      pageInfo { hasNextPage endCursor }\n    }\n    unreadNotificationCount\n  }\n": types.NotificationListDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids) { unreadCount notifications { id read } }\n  }\n": types.MarkNotificationsReadDocument,
    "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n": types.MarkAllNotificationsReadDocument,
    "\n  query WorkflowList {\n    workflows {\n      id name description state stoppedReason updatedAt groupId runsAsAutomation\n      activeVersion { number definition }\n      draft { number definition }\n    }\n  }\n": types.WorkflowListDocument,
    "\n  query WorkflowDetail($id: ID!) {\n    workflow(id: $id) {\n      id name description state runAsId runsAsAutomation groupId createdById stoppedReason hasWebhookSecret webhookUrl createdAt updatedAt\n      activeVersion { id number definition }\n      draft { id number definition }\n      versions { id number status definition createdAt publishedAt }\n    }\n  }\n": types.WorkflowDetailDocument,
    "\n  query WorkflowTemplates {\n    workflowTemplates { key category name nameEn description descriptionEn definition }\n  }\n": types.WorkflowTemplatesDocument,
    "\n  query WorkflowHolidays {\n    holidays { key name nameEn nextDate }\n  }\n": types.WorkflowHolidaysDocument,
    "\n  query WorkflowEditorData {\n    workflowTriggerEvents\n    customFields(entity: CUSTOMER) { key label labelEn type }\n  }\n": types.WorkflowEditorDataDocument,
    "\n  query WorkflowPlugins {\n    plugins { id name enabled currentVersion { hooks } }\n  }\n": types.WorkflowPluginsDocument,
    "\n  query WorkflowRunAsUsers {\n    users { id displayName email role active group { id name } }\n  }\n": types.WorkflowRunAsUsersDocument,
    "\n  mutation WorkflowSetAutomationIdentity($input: AutomationIdentityInput!) {\n    setAutomationIdentity(input: $input) { id name role supervisedGroupIds active updatedAt }\n  }\n": types.WorkflowSetAutomationIdentityDocument,
    "\n  query WorkflowSigningSecret($id: ID!) { workflow(id: $id) { id signingSecret } }\n": types.WorkflowSigningSecretDocument,
    "\n  mutation WorkflowCreate($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }\n": types.WorkflowCreateDocument,
    "\n  mutation WorkflowUpdate($id: ID!, $input: UpdateWorkflowInput!) { updateWorkflow(id: $id, input: $input) { id } }\n": types.WorkflowUpdateDocument,
    "\n  mutation WorkflowPublish($id: ID!) { publishWorkflow(id: $id) { webhookSecret workflow { id state } } }\n": types.WorkflowPublishDocument,
    "\n  mutation WorkflowDeactivate($id: ID!) { deactivateWorkflow(id: $id) { id state } }\n": types.WorkflowDeactivateDocument,
    "\n  mutation WorkflowArchive($id: ID!) { archiveWorkflow(id: $id) { id state } }\n": types.WorkflowArchiveDocument,
    "\n  mutation WorkflowRotateSecret($id: ID!) { rotateWorkflowWebhookSecret(id: $id) }\n": types.WorkflowRotateSecretDocument,
    "\n  query WorkflowRuns($workflowId: ID, $status: WorkflowRunStatus, $first: Int, $after: String) {\n    workflowRuns(workflowId: $workflowId, status: $status, first: $first, after: $after) {\n      nodes { id status trigger customerId depth round error failedStep waitUntil createdAt startedAt finishedAt }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.WorkflowRunsDocument,
    "\n  query WorkflowRun($id: ID!) {\n    workflowRun(id: $id) {\n      id workflowId versionId status trigger customerId depth round error failedStep waitUntil createdAt startedAt finishedAt\n      steps { round key kind status input output error attempts startedAt finishedAt }\n    }\n  }\n": types.WorkflowRunDocument,
    "\n  mutation WorkflowRetryRun($id: ID!, $fromStart: Boolean) { retryWorkflowRun(id: $id, fromStart: $fromStart) { id status } }\n": types.WorkflowRetryRunDocument,
    "\n  mutation WorkflowStopRun($id: ID!) { stopWorkflowRun(id: $id) { id status } }\n": types.WorkflowStopRunDocument,
    "\n  query ManualWorkflows { manualWorkflows { id name } }\n": types.ManualWorkflowsDocument,
    "\n  mutation RunWorkflow($workflowId: ID!, $customerId: ID!) { runWorkflow(workflowId: $workflowId, customerId: $customerId) { id status } }\n": types.RunWorkflowDocument,
    "\n  query WorkflowSegments {\n    segments { id name stage }\n  }\n": types.WorkflowSegmentsDocument,
    "\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n      subscription { state trialEndsAt readOnlyAt }\n    }\n  }\n": types.MeDocument,
    "\n  query SessionFeatures {\n    tenantSettings { supervisorsManageAutomation }\n  }\n": types.SessionFeaturesDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query AdminSettings {\n    tenantSettings {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n      supervisorsManageAutomation\n      reminders { birthdays vipIdleDays dateFields { field daysBefore } }\n    }\n    customFields(entity: CUSTOMER) { key label labelEn type archived }\n  }\n": types.AdminSettingsDocument,
    "\n  mutation AdminUpdateSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n      supervisorsManageAutomation\n      reminders { birthdays vipIdleDays dateFields { field daysBefore } }\n    }\n  }\n": types.AdminUpdateSettingsDocument,
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
    "\n  query AdminBilling {\n    billing {\n      plan state trialEndsAt currentPeriodEnd readOnlyAt cancelAtPeriodEnd provider seats\n      invoices { id number status amountDue amountPaid currency createdAt hostedUrl pdfUrl }\n    }\n    planUsage { plan { id rank } unknownPlan limits { name usage max percent } }\n    planCatalogue { id rank priceCny { month year } priceUsd { month year } entitlements { name max } }\n  }\n": types.AdminBillingDocument,
    "\n  mutation AdminStartCheckout($plan: String!, $interval: BillingPeriod!, $currency: BillingCurrency!) {\n    startCheckout(plan: $plan, interval: $interval, currency: $currency)\n  }\n": types.AdminStartCheckoutDocument,
    "\n  mutation AdminOpenBillingPortal {\n    openBillingPortal\n  }\n": types.AdminOpenBillingPortalDocument,
    "\n  mutation AdminCancelSubscription {\n    cancelSubscription { state cancelAtPeriodEnd currentPeriodEnd }\n  }\n": types.AdminCancelSubscriptionDocument,
    "\n  mutation AdminResumeSubscription {\n    resumeSubscription { state cancelAtPeriodEnd currentPeriodEnd }\n  }\n": types.AdminResumeSubscriptionDocument,
    "\n  query AdminWebhooks {\n    webhooks { id url description events enabled disabledReason consecutiveFailures failingSince groupId createdAt }\n    webhookEventTypes\n  }\n": types.AdminWebhooksDocument,
    "\n  mutation AdminCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url events enabled groupId } }\n  }\n": types.AdminCreateWebhookDocument,
    "\n  mutation AdminUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { id url description events groupId }\n  }\n": types.AdminUpdateWebhookDocument,
    "\n  mutation AdminSetWebhookEnabled($id: ID!, $enabled: Boolean!) {\n    enableWebhook(id: $id) @include(if: $enabled) { id enabled disabledReason consecutiveFailures }\n    disableWebhook(id: $id) @skip(if: $enabled) { id enabled disabledReason consecutiveFailures }\n  }\n": types.AdminSetWebhookEnabledDocument,
    "\n  mutation AdminDeleteWebhook($id: ID!) { deleteWebhook(id: $id) }\n": types.AdminDeleteWebhookDocument,
    "\n  mutation AdminRotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }\n": types.AdminRotateWebhookSecretDocument,
    "\n  query AdminWebhookDeliveries($id: ID!, $after: String) {\n    webhook(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        totalCount\n        nodes {\n          id eventId eventType status attempts responseStatus durationMs error responseSnippet\n          nextAttemptAt lastAttemptAt replayOfId createdAt payload\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.AdminWebhookDeliveriesDocument,
    "\n  mutation AdminReplayWebhookDelivery($id: ID!) { replayWebhookDelivery(id: $id) { id status } }\n": types.AdminReplayWebhookDeliveryDocument,
    "\n  query AdminTags {\n    tags { id name color group customerCount }\n    tenantSettings { tagCreation }\n  }\n": types.AdminTagsDocument,
    "\n  mutation AdminCreateTag($input: TagInput!) {\n    createTag(input: $input) { id name }\n  }\n": types.AdminCreateTagDocument,
    "\n  mutation AdminUpdateTag($id: ID!, $input: TagInput!) {\n    updateTag(id: $id, input: $input) { id name color group }\n  }\n": types.AdminUpdateTagDocument,
    "\n  mutation AdminMergeTags($sources: [ID!]!, $into: ID!) {\n    mergeTags(sources: $sources, into: $into) { id name customerCount }\n  }\n": types.AdminMergeTagsDocument,
    "\n  mutation AdminDeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n": types.AdminDeleteTagDocument,
    "\n  mutation AuthSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      tenant { id name slug plan }\n    }\n  }\n": types.AuthSignUpDocument,
    "\n  mutation AuthLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": types.AuthLoginDocument,
    "\n  mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n": types.AuthRequestPasswordResetDocument,
    "\n  mutation AuthResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": types.AuthResetPasswordDocument,
    "\n  mutation AuthVerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n": types.AuthVerifyEmailDocument,
    "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role }\n      tenant { id name }\n    }\n  }\n": types.AuthAcceptInvitationDocument,
    "\n  fragment BoardReplyFields on BoardReply {\n    id postId parentId authorId authorName content createdAt editedAt\n  }\n": types.BoardReplyFieldsFragmentDoc,
    "\n  fragment BoardPostFields on BoardPost {\n    id authorId authorName title mood content replyCount createdAt editedAt\n    replies(limit: 100) { ...BoardReplyFields }\n  }\n": types.BoardPostFieldsFragmentDoc,
    "\n  query BoardPosts($limit: Int!, $before: ID) {\n    boardPosts(limit: $limit, before: $before) { ...BoardPostFields }\n  }\n": types.BoardPostsDocument,
    "\n  query BoardMoreReplies($id: ID!, $after: ID) {\n    boardPost(id: $id) { id replyCount replies(limit: 100, after: $after) { ...BoardReplyFields } }\n  }\n": types.BoardMoreRepliesDocument,
    "\n  query BoardMoods {\n    boardMoods\n  }\n": types.BoardMoodsDocument,
    "\n  mutation BoardCreatePost($input: CreateBoardPostInput!) {\n    createBoardPost(input: $input) { ...BoardPostFields }\n  }\n": types.BoardCreatePostDocument,
    "\n  mutation BoardReply($input: ReplyToBoardPostInput!) {\n    replyToBoardPost(input: $input) { ...BoardReplyFields }\n  }\n": types.BoardReplyDocument,
    "\n  mutation BoardUpdatePost($id: ID!, $input: UpdateBoardPostInput!) {\n    updateBoardPost(id: $id, input: $input) { ...BoardPostFields }\n  }\n": types.BoardUpdatePostDocument,
    "\n  mutation BoardUpdateReply($id: ID!, $content: String!) {\n    updateBoardReply(id: $id, content: $content) { ...BoardReplyFields }\n  }\n": types.BoardUpdateReplyDocument,
    "\n  mutation BoardDeletePost($id: ID!) {\n    deleteBoardPost(id: $id)\n  }\n": types.BoardDeletePostDocument,
    "\n  mutation BoardDeleteReply($id: ID!) {\n    deleteBoardReply(id: $id)\n  }\n": types.BoardDeleteReplyDocument,
    "\n  query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    customers(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id number name company title phones email status grade industry source tags\n          owner { id displayName }\n          inPool lastContactAt nextVisitAt createdAt updatedAt custom\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n": types.CustomersListDocument,
    "\n  query CustomersFields {\n    customFields(entity: CUSTOMER) { id key label labelEn help type required unique default rules position archived }\n    tenantSettings { industries sources }\n  }\n": types.CustomersFieldsDocument,
    "\n  mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!, $overrideCap: Boolean! = false) {\n    assignCustomers(ids: $ids, toUserId: $toUserId, overrideCap: $overrideCap) { id owner { id displayName } }\n  }\n": types.CustomersAssignDocument,
    "\n  mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!, $overrideCap: Boolean! = false) {\n    transferCustomers(fromUserId: $fromUserId, toUserId: $toUserId, overrideCap: $overrideCap)\n  }\n": types.CustomersTransferDocument,
    "\n  mutation CustomerSetLocked($id: ID!, $locked: Boolean!) {\n    setCustomerLocked(id: $id, locked: $locked) { id locked ownedSince }\n  }\n": types.CustomerSetLockedDocument,
    "\n  mutation CustomersReleaseMany($ids: [ID!]!, $reason: String!) {\n    releaseCustomers(ids: $ids, reason: $reason) { released { id } errors { id code reason } }\n  }\n": types.CustomersReleaseManyDocument,
    "\n  mutation CustomersRelease($id: ID!, $reason: String!) {\n    releaseCustomer(id: $id, reason: $reason) { id inPool owner { id } }\n  }\n": types.CustomersReleaseDocument,
    "\n  mutation CustomersClaim($id: ID!) {\n    claimCustomer(id: $id) { id inPool owner { id displayName } }\n  }\n": types.CustomersClaimDocument,
    "\n  mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!, $ids: [ID!]) {\n    exportCustomers(filter: $filter, sort: $sort, format: $format, ids: $ids) { url fileName rows expiresAt }\n  }\n": types.CustomersExportDocument,
    "\n  mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {\n    exportConversations(filter: $filter, format: $format) { url fileName rows expiresAt }\n  }\n": types.CustomersExportConversationsDocument,
    "\n  query CustomerFormLoad($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom\n      customValues { key access }\n    }\n  }\n": types.CustomerFormLoadDocument,
    "\n  mutation CustomerCreate($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { id }\n  }\n": types.CustomerCreateDocument,
    "\n  mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id }\n  }\n": types.CustomerUpdateDocument,
    "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday photoUrl status industry source grade tags\n      owner { id displayName }\n      inPool locked ownedSince mailOptOutAt lastContactAt nextVisitAt custom createdAt updatedAt\n      createdBy { id displayName }\n      release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n      customValues { key label labelEn type value access }\n      deals { id ownerId title amount currency status expectedCloseDate closeDate notes createdAt updatedAt }\n      grades { modelId modelName label score reason gradedAt }\n      history(limit: 100) { field oldValue newValue actor { id displayName } at }\n      merges { id undoable undoUntil undoneAt createdAt mergedBy merged { id number name } }\n    }\n  }\n": types.CustomerDetailDocument,
    "\n  mutation SetCustomerMailOptOut($id: ID!, $optedOut: Boolean!) {\n    setCustomerMailOptOut(id: $id, optedOut: $optedOut) { id mailOptOutAt }\n  }\n": types.SetCustomerMailOptOutDocument,
    "\n  query CustomerMails($id: ID!, $limit: Int!) {\n    customer(id: $id) {\n      id mailOptOutAt\n      mails(limit: $limit) { id kind to subject body status createdAt sentAt }\n    }\n  }\n": types.CustomerMailsDocument,
    "\n  query CustomerConversations($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      conversations(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id topic content kind occurredAt createdAt updatedAt\n            author { id displayName }\n            entries { occurredAt kind content }\n            customValues { key label labelEn type value }\n          }\n        }\n      }\n    }\n  }\n": types.CustomerConversationsDocument,
    "\n  mutation CustomerAddConversation($input: AddConversationInput!) {\n    addConversation(input: $input) { merged conversation { id occurredAt } }\n  }\n": types.CustomerAddConversationDocument,
    "\n  mutation CustomerEditConversationContent($id: ID!, $content: String!) {\n    editConversationContent(id: $id, content: $content) { id content }\n  }\n": types.CustomerEditConversationContentDocument,
    "\n  mutation CustomerEditConversationTime($id: ID!, $occurredAt: DateTime!) {\n    editConversationTime(id: $id, occurredAt: $occurredAt) { id occurredAt }\n  }\n": types.CustomerEditConversationTimeDocument,
    "\n  mutation CustomerDeleteConversation($id: ID!) {\n    deleteConversation(id: $id)\n  }\n": types.CustomerDeleteConversationDocument,
    "\n  mutation CustomerSetPhoto($id: ID!, $file: Upload!) {\n    setCustomerPhoto(id: $id, file: $file) { id photoUrl }\n  }\n": types.CustomerSetPhotoDocument,
    "\n  mutation CustomerRemovePhoto($id: ID!) {\n    removeCustomerPhoto(id: $id) { id photoUrl }\n  }\n": types.CustomerRemovePhotoDocument,
    "\n  mutation CustomerCreateDeal($customerId: ID!, $input: DealInput!) {\n    createDeal(customerId: $customerId, input: $input) { id }\n  }\n": types.CustomerCreateDealDocument,
    "\n  mutation CustomerUpdateDeal($id: ID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) { id }\n  }\n": types.CustomerUpdateDealDocument,
    "\n  mutation CustomerDeleteDeal($id: ID!) {\n    deleteDeal(id: $id)\n  }\n": types.CustomerDeleteDealDocument,
    "\n  mutation CustomerDeleteForGood($id: ID!) {\n    deleteCustomerPermanently(id: $id, confirm: true) { id number name }\n  }\n": types.CustomerDeleteForGoodDocument,
    "\n  query CustomerPlans($filter: WorkPlansFilter, $first: Int) {\n    workPlans(filter: $filter, first: $first) {\n      totalCount\n      nodes { id subject start end content done overdue author { id displayName } }\n    }\n  }\n": types.CustomerPlansDocument,
    "\n  query CustomerConversationFields {\n    customFields(entity: CONVERSATION) { id key label labelEn help type required unique default rules position archived }\n  }\n": types.CustomerConversationFieldsDocument,
    "\n  query CustomersSegments {\n    segments { id name description kind stage sharing canEdit filter count owner { id displayName } group { id name } sharedWith { id displayName } }\n    groups { id name }\n  }\n": types.CustomersSegmentsDocument,
    "\n  mutation CustomersCreateSegment($input: SegmentInput!) {\n    createSegment(input: $input) { id name count }\n  }\n": types.CustomersCreateSegmentDocument,
    "\n  mutation CustomersDeleteSegment($id: ID!) {\n    deleteSegment(id: $id)\n  }\n": types.CustomersDeleteSegmentDocument,
    "\n  mutation CustomersBulkEdit($ids: [ID!], $filter: CustomerFilter, $change: BulkCustomerChange!) {\n    bulkEditCustomers(ids: $ids, filter: $filter, change: $change) { id status progressDone progressTotal }\n  }\n": types.CustomersBulkEditDocument,
    "\n  query CustomersBulkJob($id: ID!) {\n    job(id: $id) { id status progressDone progressTotal result error }\n  }\n": types.CustomersBulkJobDocument,
    "\n  query CustomersDuplicateCandidates($input: DuplicateProbe!) {\n    duplicateCandidates(input: $input) { score reasons customer { id name company } }\n  }\n": types.CustomersDuplicateCandidatesDocument,
    "\n  query CustomerPossibleDuplicates($id: ID!) {\n    customer(id: $id) { id possibleDuplicates { score reasons customer { id name company } } }\n  }\n": types.CustomerPossibleDuplicatesDocument,
    "\n  mutation CustomersScanDuplicates {\n    scanDuplicates { id status progressDone progressTotal }\n  }\n": types.CustomersScanDuplicatesDocument,
    "\n  query CustomerMergePlan($input: MergeCustomersInput!) {\n    customerMergePlan(input: $input) {\n      phones tags\n      moves { table rows }\n      fields { field differs chosenCustomerId value values { customerId value } }\n    }\n  }\n": types.CustomerMergePlanDocument,
    "\n  mutation CustomersMerge($input: MergeCustomersInput!) {\n    mergeCustomers(input: $input) { id survivorId undoUntil merged { id number name } }\n  }\n": types.CustomersMergeDocument,
    "\n  mutation CustomerMergeUndo($id: ID!) {\n    undoCustomerMerge(id: $id) { id undoable undoneAt }\n  }\n": types.CustomerMergeUndoDocument,
    "\n  mutation CustomerDismissDuplicate($a: ID!, $b: ID!) {\n    dismissDuplicate(customerId: $a, otherId: $b)\n  }\n": types.CustomerDismissDuplicateDocument,
    "\n  query DashboardAnalytics($range: AnalyticsRange!, $bucket: AnalyticsBucket, $rank: LeaderboardRank) {\n    analytics {\n      newCustomers(range: $range, bucket: $bucket) { periods series { key counts total } }\n      conversations(range: $range, bucket: $bucket) { periods series { key counts total } }\n      poolFlow(range: $range, bucket: $bucket) { periods series { key counts total } }\n      leaderboard(range: $range, rank: $rank, first: 10) {\n        userId name newCustomers conversations visits dealsWon amountWon currency plansDue plansOnTime\n      }\n    }\n  }\n": types.DashboardAnalyticsDocument,
    "\n  query DashboardBreakdowns($lead: Boolean!) {\n    analytics {\n      status: customersBy(by: STATUS) { key count }\n      grade: customersBy(by: GRADE) { key count }\n      source: customersBy(by: SOURCE) { key count }\n      industry: customersBy(by: INDUSTRY) { key count }\n    }\n    pool(first: 1) { totalCount }\n    team(first: 100, filter: { active: true }) @include(if: $lead) { members { user { id displayName } customersHeld } }\n  }\n": types.DashboardBreakdownsDocument,
    "\n  query DashboardFlows($range: AnalyticsRange!, $cohort: AnalyticsRange, $months: AnalyticsRange!) {\n    analytics {\n      funnel(range: $cohort) { status customers reached stays averageDays }\n      retention(range: $months) { month held kept lost wonBack new }\n      poolReasons(range: $range) { direction reason count }\n    }\n  }\n": types.DashboardFlowsDocument,
    "\n  query DashboardGradingModels {\n    gradingModels { id name enabled lastRunAt labels { label } }\n  }\n": types.DashboardGradingModelsDocument,
    "\n  query DashboardGrades($modelId: ID!) {\n    analytics { customersByGrade(modelId: $modelId) { key count } }\n  }\n": types.DashboardGradesDocument,
    "\n  query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {\n    toVisit: customers(filter: { toVisit: TODAY }, first: 6) {\n      totalCount\n      edges { node { id name company nextVisitAt owner { id displayName } } }\n    }\n    todayPlans: workPlans(filter: { from: $todayFrom, to: $todayTo, status: ALL }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    overduePlans: workPlans(filter: { status: OVERDUE }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    recent: conversations(filter: { window: LAST_3_DAYS }, first: 6) {\n      totalCount\n      nodes { id customerId customerName topic kind occurredAt author { id displayName } }\n    }\n    addedToday: customers(filter: { added: TODAY }, first: 1) { totalCount }\n    addedWeek: customers(filter: { added: THIS_WEEK }, first: 1) { totalCount }\n    contactedToday: customers(filter: { contacted: TODAY }, first: 1) { totalCount }\n    visitedWeek: customers(filter: { visited: THIS_WEEK }, first: 1) { totalCount }\n  }\n": types.HomeOverviewDocument,
    "\n  query HomeTeam {\n    team(filter: { active: true }, first: 20) {\n      totalCount\n      members {\n        user { id displayName role group { id name } }\n        customersHeld\n        plans { open done overdue }\n        customersCreated { last7Days }\n        poolClaims { last7Days }\n      }\n    }\n  }\n": types.HomeTeamDocument,
    "\n  mutation HomePlanDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n": types.HomePlanDoneDocument,
    "\n  mutation ImportPreviewFile($file: Upload!, $sheet: String) {\n    previewCustomerImport(file: $file, sheet: $sheet) {\n      format encoding rows\n      columns { header field fieldLabel }\n      sample\n      fields { name label }\n      warnings { column code message }\n    }\n  }\n": types.ImportPreviewFileDocument,
    "\n  mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {\n    importCustomers(file: $file, input: $input) { id }\n  }\n": types.ImportStartDocument,
    "\n  query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {\n    customerImport(id: $id) {\n      id fileName format status rowsTotal rowsDone created updated skipped failed createdAt finishedAt\n      job { id status progressDone progressTotal progressNote error errorCode errorDetail }\n      issues(offset: $offset, limit: $limit) { total items { row column code message severity } }\n    }\n  }\n": types.ImportStatusDocument,
    "\n  query ImportRecent {\n    customerImports(limit: 10) { id fileName status rowsTotal created updated skipped failed createdAt }\n  }\n": types.ImportRecentDocument,
    "\n  mutation ImportCancel($id: ID!) {\n    cancelJob(id: $id) { id status }\n  }\n": types.ImportCancelDocument,
    "\n  fragment PlanFields on WorkPlan {\n    id subject start end content notes done doneAt overdue createdAt updatedAt\n    author { id displayName }\n    doneBy { id displayName }\n    customer { id name number company }\n  }\n": types.PlanFieldsFragmentDoc,
    "\n  query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes { ...PlanFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.PlansListDocument,
    "\n  query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.PlansCursorsDocument,
    "\n  mutation PlansCreate($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { ...PlanFields }\n  }\n": types.PlansCreateDocument,
    "\n  mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {\n    updateWorkPlan(id: $id, input: $input) { ...PlanFields }\n  }\n": types.PlansUpdateDocument,
    "\n  mutation PlansSetDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n": types.PlansSetDoneDocument,
    "\n  mutation PlansDelete($id: ID!) {\n    deleteWorkPlan(id: $id)\n  }\n": types.PlansDeleteDocument,
    "\n  mutation PlansSetNextVisit($id: ID!, $at: DateTime) {\n    updateCustomer(id: $id, input: { nextVisitAt: $at }) { id nextVisitAt }\n  }\n": types.PlansSetNextVisitDocument,
    "\n  query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String, $releaseReason: String) {\n    pool(filter: $filter, sort: $sort, first: $first, after: $after, releaseReason: $releaseReason) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id number name company phones status grade tags createdAt\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n": types.PoolListDocument,
    "\n  query PoolQuota {\n    poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt }\n  }\n": types.PoolQuotaDocument,
    "\n  query PoolReleaseReasons { poolReleaseReasons { reason count } }\n": types.PoolReleaseReasonsDocument,
    "\n  query ProfileMe {\n    me {\n      user { id email displayName role emailVerified lastLoginAt createdAt awayUntil reminderTime group { id name } }\n      tenant { id name slug plan timeZone }\n    }\n  }\n": types.ProfileMeDocument,
    "\n  mutation ProfileChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ProfileChangePasswordDocument,
    "\n  mutation ProfileResendVerification {\n    resendVerificationEmail\n  }\n": types.ProfileResendVerificationDocument,
    "\n  mutation ProfileLogoutEverywhere {\n    logoutEverywhere\n  }\n": types.ProfileLogoutEverywhereDocument,
    "\n  mutation ProfileUpdateSelf($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id awayUntil reminderTime }\n  }\n": types.ProfileUpdateSelfDocument,
    "\n  query SearchEverything($input: SearchInput!) {\n    search(input: $input) {\n      total\n      hits {\n        __typename\n        ... on CustomerHit {\n          score\n          customer { id name company phones owner { displayName } }\n          highlights { field fragments }\n        }\n        ... on ConversationHit {\n          score\n          conversation { id customerId customerName topic kind occurredAt }\n          highlights { field fragments }\n        }\n        ... on BoardPostHit {\n          score\n          post { id title authorName createdAt }\n          highlights { field fragments }\n        }\n      }\n    }\n  }\n": types.SearchEverythingDocument,
    "\n  fragment SuggestionFields on Suggestion {\n    id title content anonymous authorId authorName replyCount createdAt\n    replies { id authorName content createdAt }\n  }\n": types.SuggestionFieldsFragmentDoc,
    "\n  mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {\n    submitSuggestion(input: $input) { id anonymous createdAt readerToken readerLink }\n  }\n": types.SuggestionsSubmitDocument,
    "\n  query SuggestionsMine($limit: Int!, $before: ID) {\n    mySuggestions(limit: $limit, before: $before) { ...SuggestionFields }\n  }\n": types.SuggestionsMineDocument,
    "\n  query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {\n    suggestions(window: $window, limit: $limit, before: $before) { ...SuggestionFields }\n  }\n": types.SuggestionsInboxDocument,
    "\n  mutation SuggestionsReply($id: ID!, $content: String!) {\n    replyToSuggestion(suggestionId: $id, content: $content) { id authorName content createdAt }\n  }\n": types.SuggestionsReplyDocument,
    "\n  mutation SuggestionsDelete($id: ID!) {\n    deleteSuggestion(id: $id)\n  }\n": types.SuggestionsDeleteDocument,
    "\n  query SuggestionsAnonymous($token: String!) {\n    anonymousSuggestion(token: $token) {\n      id title content createdAt\n      replies { id authorName content createdAt }\n    }\n  }\n": types.SuggestionsAnonymousDocument,
    "\n  query TeamUsers {\n    users(filter: { includeInactive: true }) {\n      id email displayName role active erasedAt lastLoginAt createdAt emailVerified awayUntil\n      group { id name }\n    }\n  }\n": types.TeamUsersDocument,
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
    "\n  mutation TeamRenewInvitationLink($id: ID!) {\n    renewInvitationLink(id: $id) { url invitation { id status expiresAt } }\n  }\n": types.TeamRenewInvitationLinkDocument,
    "\n  query TeamOffboardUser($id: ID!) {\n    teamMember(id: $id) {\n      user { id displayName email role active erasedAt group { id name } }\n      customersHeld\n      plans { open done overdue }\n    }\n  }\n": types.TeamOffboardUserDocument,
    "\n  mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {\n    offboardUser(id: $id, input: $input) {\n      successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted sessionsRevoked apiKeysRevoked\n      user { id active }\n    }\n  }\n": types.TeamOffboardDocument,
    "\n  mutation TeamErase($id: ID!) {\n    erasePersonalDetails(id: $id, confirm: true) {\n      sessionsDeleted apiKeysRevoked invitationsCleared mailsCleared auditEntriesCleared\n      user { id displayName erasedAt }\n    }\n  }\n": types.TeamEraseDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerPickerCustomers($filter: CustomerFilter, $first: Int) {\n    customers(filter: $filter, first: $first) { edges { node { id name number company } } }\n  }\n"): typeof import('./graphql').CustomerPickerCustomersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonPickerUsers {\n    users { id displayName email role active group { id name } }\n  }\n"): typeof import('./graphql').PersonPickerUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutomationScope($identity: Boolean!) {\n    groups { id name supervisors { id } }\n    automationIdentity @include(if: $identity) { id name role supervisedGroupIds active updatedAt }\n  }\n"): typeof import('./graphql').AutomationScopeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersUserNames {\n    users(filter: { includeInactive: true }) { id displayName }\n  }\n"): typeof import('./graphql').CustomersUserNamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TagsPalette {\n    tags { id name color group }\n    tenantSettings { tagCreation }\n  }\n"): typeof import('./graphql').TagsPaletteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationPreferences {\n    notificationPreferences { kind inApp mail }\n  }\n"): typeof import('./graphql').NotificationPreferencesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationPreferences($input: [NotificationPreferenceInput!]!) {\n    updateNotificationPreferences(input: $input) { kind inApp mail }\n  }\n"): typeof import('./graphql').UpdateNotificationPreferencesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadNotificationCount {\n    unreadNotificationCount\n  }\n"): typeof import('./graphql').UnreadNotificationCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationList($first: Int, $after: String, $locale: String) {\n    notifications(first: $first, after: $after) {\n      nodes { id kind title(locale: $locale) body(locale: $locale) link { kind id } createdAt read }\n      pageInfo { hasNextPage endCursor }\n    }\n    unreadNotificationCount\n  }\n"): typeof import('./graphql').NotificationListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($ids: [ID!]!) {\n    markNotificationsRead(ids: $ids) { unreadCount notifications { id read } }\n  }\n"): typeof import('./graphql').MarkNotificationsReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllNotificationsRead {\n    markAllNotificationsRead\n  }\n"): typeof import('./graphql').MarkAllNotificationsReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowList {\n    workflows {\n      id name description state stoppedReason updatedAt groupId runsAsAutomation\n      activeVersion { number definition }\n      draft { number definition }\n    }\n  }\n"): typeof import('./graphql').WorkflowListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowDetail($id: ID!) {\n    workflow(id: $id) {\n      id name description state runAsId runsAsAutomation groupId createdById stoppedReason hasWebhookSecret webhookUrl createdAt updatedAt\n      activeVersion { id number definition }\n      draft { id number definition }\n      versions { id number status definition createdAt publishedAt }\n    }\n  }\n"): typeof import('./graphql').WorkflowDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowTemplates {\n    workflowTemplates { key category name nameEn description descriptionEn definition }\n  }\n"): typeof import('./graphql').WorkflowTemplatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowHolidays {\n    holidays { key name nameEn nextDate }\n  }\n"): typeof import('./graphql').WorkflowHolidaysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowEditorData {\n    workflowTriggerEvents\n    customFields(entity: CUSTOMER) { key label labelEn type }\n  }\n"): typeof import('./graphql').WorkflowEditorDataDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowPlugins {\n    plugins { id name enabled currentVersion { hooks } }\n  }\n"): typeof import('./graphql').WorkflowPluginsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowRunAsUsers {\n    users { id displayName email role active group { id name } }\n  }\n"): typeof import('./graphql').WorkflowRunAsUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowSetAutomationIdentity($input: AutomationIdentityInput!) {\n    setAutomationIdentity(input: $input) { id name role supervisedGroupIds active updatedAt }\n  }\n"): typeof import('./graphql').WorkflowSetAutomationIdentityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowSigningSecret($id: ID!) { workflow(id: $id) { id signingSecret } }\n"): typeof import('./graphql').WorkflowSigningSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowCreate($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }\n"): typeof import('./graphql').WorkflowCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowUpdate($id: ID!, $input: UpdateWorkflowInput!) { updateWorkflow(id: $id, input: $input) { id } }\n"): typeof import('./graphql').WorkflowUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowPublish($id: ID!) { publishWorkflow(id: $id) { webhookSecret workflow { id state } } }\n"): typeof import('./graphql').WorkflowPublishDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowDeactivate($id: ID!) { deactivateWorkflow(id: $id) { id state } }\n"): typeof import('./graphql').WorkflowDeactivateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowArchive($id: ID!) { archiveWorkflow(id: $id) { id state } }\n"): typeof import('./graphql').WorkflowArchiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowRotateSecret($id: ID!) { rotateWorkflowWebhookSecret(id: $id) }\n"): typeof import('./graphql').WorkflowRotateSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowRuns($workflowId: ID, $status: WorkflowRunStatus, $first: Int, $after: String) {\n    workflowRuns(workflowId: $workflowId, status: $status, first: $first, after: $after) {\n      nodes { id status trigger customerId depth round error failedStep waitUntil createdAt startedAt finishedAt }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').WorkflowRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowRun($id: ID!) {\n    workflowRun(id: $id) {\n      id workflowId versionId status trigger customerId depth round error failedStep waitUntil createdAt startedAt finishedAt\n      steps { round key kind status input output error attempts startedAt finishedAt }\n    }\n  }\n"): typeof import('./graphql').WorkflowRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowRetryRun($id: ID!, $fromStart: Boolean) { retryWorkflowRun(id: $id, fromStart: $fromStart) { id status } }\n"): typeof import('./graphql').WorkflowRetryRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WorkflowStopRun($id: ID!) { stopWorkflowRun(id: $id) { id status } }\n"): typeof import('./graphql').WorkflowStopRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ManualWorkflows { manualWorkflows { id name } }\n"): typeof import('./graphql').ManualWorkflowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunWorkflow($workflowId: ID!, $customerId: ID!) { runWorkflow(workflowId: $workflowId, customerId: $customerId) { id status } }\n"): typeof import('./graphql').RunWorkflowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkflowSegments {\n    segments { id name stage }\n  }\n"): typeof import('./graphql').WorkflowSegmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n      subscription { state trialEndsAt readOnlyAt }\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionFeatures {\n    tenantSettings { supervisorsManageAutomation }\n  }\n"): typeof import('./graphql').SessionFeaturesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminSettings {\n    tenantSettings {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n      supervisorsManageAutomation\n      reminders { birthdays vipIdleDays dateFields { field daysBefore } }\n    }\n    customFields(entity: CUSTOMER) { key label labelEn type archived }\n  }\n"): typeof import('./graphql').AdminSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateSettings($input: TenantSettingsInput!) {\n    updateTenantSettings(input: $input) {\n      industries sources planCompletion customerNumberPattern\n      pool { claimsPerDay maxHeld reclaimCooldownDays }\n      supervisorsManageAutomation\n      reminders { birthdays vipIdleDays dateFields { field daysBefore } }\n    }\n  }\n"): typeof import('./graphql').AdminUpdateSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCustomFields($entity: CustomFieldEntity!) {\n    customFields(entity: $entity, includeArchived: true) {\n      id entity key label labelEn help type required unique default rules position archived\n      visibility { admin supervisor salesperson }\n    }\n  }\n"): typeof import('./graphql').AdminCustomFieldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateCustomField($entity: CustomFieldEntity!, $input: CustomFieldInput!) {\n    createCustomField(entity: $entity, input: $input) { id }\n  }\n"): typeof import('./graphql').AdminCreateCustomFieldDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateCustomField($id: ID!, $input: CustomFieldInput!) {\n    updateCustomField(id: $id, input: $input) { id }\n  }\n"): typeof import('./graphql').AdminUpdateCustomFieldDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminReorderCustomFields($entity: CustomFieldEntity!, $ids: [ID!]!) {\n    reorderCustomFields(entity: $entity, ids: $ids) { id position }\n  }\n"): typeof import('./graphql').AdminReorderCustomFieldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminArchiveCustomField($id: ID!, $archived: Boolean!) {\n    archiveCustomField(id: $id, archived: $archived) { id archived }\n  }\n"): typeof import('./graphql').AdminArchiveCustomFieldDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteCustomField($id: ID!, $confirm: Boolean!) {\n    deleteCustomField(id: $id, confirm: $confirm) { id records }\n  }\n"): typeof import('./graphql').AdminDeleteCustomFieldDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminPreviewTypeChange($id: ID!, $type: CustomFieldType!, $rules: JSON) {\n    previewCustomFieldTypeChange(id: $id, type: $type, rules: $rules) {\n      values converted failed failures { recordId message }\n    }\n  }\n"): typeof import('./graphql').AdminPreviewTypeChangeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminChangeType($id: ID!, $type: CustomFieldType!, $rules: JSON, $clearFailures: Boolean!) {\n    changeCustomFieldType(id: $id, type: $type, rules: $rules, clearFailures: $clearFailures) { id type }\n  }\n"): typeof import('./graphql').AdminChangeTypeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminGradingModels {\n    gradingModels { id name kind config labels { label description } enabled monthly lastRunAt nextRunAt updatedAt }\n  }\n"): typeof import('./graphql').AdminGradingModelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateGradingModel($input: GradingModelInput!) { createGradingModel(input: $input) { id } }\n"): typeof import('./graphql').AdminCreateGradingModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateGradingModel($id: ID!, $input: GradingModelInput!) { updateGradingModel(id: $id, input: $input) { id } }\n"): typeof import('./graphql').AdminUpdateGradingModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteGradingModel($id: ID!) { deleteGradingModel(id: $id) }\n"): typeof import('./graphql').AdminDeleteGradingModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRegrade($modelId: ID!) { regradeCustomers(modelId: $modelId) { id status progressDone progressTotal } }\n"): typeof import('./graphql').AdminRegradeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminJob($id: ID!) { job(id: $id) { id kind status progressDone progressTotal progressNote result error } }\n"): typeof import('./graphql').AdminJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminApiKeys { apiKeys { id name scope hint userId createdAt lastUsedAt revokedAt } }\n"): typeof import('./graphql').AdminApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name scope hint } }\n  }\n"): typeof import('./graphql').AdminCreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }\n"): typeof import('./graphql').AdminRevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminAuditLog($limit: Int!, $before: ID) {\n    auditLog(limit: $limit, before: $before) { id actorId action targetType targetId detail requestId createdAt }\n  }\n"): typeof import('./graphql').AdminAuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUserNames { users(filter: { includeInactive: true }) { id displayName } }\n"): typeof import('./graphql').AdminUserNamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminBackups {\n    backups(limit: 50) {\n      id kind status fileName sizeBytes sha256 tables rows files progressDone progressTotal progressNote error createdAt finishedAt\n    }\n  }\n"): typeof import('./graphql').AdminBackupsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminBackup($id: ID!) {\n    backup(id: $id) { id kind status progressDone progressTotal progressNote error sizeBytes finishedAt }\n  }\n"): typeof import('./graphql').AdminBackupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateBackup { createBackup { id status } }\n"): typeof import('./graphql').AdminCreateBackupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminBackupLink($id: ID!) { backupDownloadLink(id: $id) { url fileName expiresAt } }\n"): typeof import('./graphql').AdminBackupLinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRestoreBackup($file: Upload!) { restoreBackup(file: $file) { id status } }\n"): typeof import('./graphql').AdminRestoreBackupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPlugins {\n    plugins { id key name description enabled currentVersion { id version mode hooks } attachments { id } updatedAt }\n  }\n"): typeof import('./graphql').AdminPluginsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPlugin($id: ID!, $failuresOnly: Boolean!) {\n    plugin(id: $id) {\n      id key name description enabled config previousVersionId\n      currentVersion { id version hash mode hooks size manifest createdAt }\n      versions { id version hash mode hooks size createdAt }\n      attachments { id hook fieldId gradingModelId targetName createdAt }\n      calls(limit: 50, failuresOnly: $failuresOnly) {\n        id versionId hook target inputDigest ok errorCode trapCode message fuelUsed fuelLimit wallTimeUs memoryPeak logs createdAt\n      }\n      usage(days: 30) { day hook calls failures fuel wallTimeMs }\n    }\n  }\n"): typeof import('./graphql').AdminPluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUploadPlugin($file: Upload!, $manifest: JSON!, $install: Boolean!) {\n    uploadPlugin(file: $file, manifest: $manifest, install: $install) { id pluginId version }\n  }\n"): typeof import('./graphql').AdminUploadPluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminInstallPluginVersion($versionId: ID!) { installPluginVersion(versionId: $versionId) { id } }\n"): typeof import('./graphql').AdminInstallPluginVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRollbackPlugin($id: ID!) { rollbackPlugin(id: $id) { id } }\n"): typeof import('./graphql').AdminRollbackPluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminConfigurePlugin($id: ID!, $config: JSON!) { configurePlugin(id: $id, config: $config) { id config } }\n"): typeof import('./graphql').AdminConfigurePluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetPluginEnabled($id: ID!, $enabled: Boolean!) { setPluginEnabled(id: $id, enabled: $enabled) { id enabled } }\n"): typeof import('./graphql').AdminSetPluginEnabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminAttachPlugin($pluginId: ID!, $target: PluginTargetInput!) { attachPlugin(pluginId: $pluginId, target: $target) { id } }\n"): typeof import('./graphql').AdminAttachPluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDetachPlugin($attachmentId: ID!) { detachPlugin(attachmentId: $attachmentId) }\n"): typeof import('./graphql').AdminDetachPluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeletePlugin($id: ID!) { deletePlugin(id: $id, confirm: true) }\n"): typeof import('./graphql').AdminDeletePluginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPluginTargets {\n    customFields(entity: CUSTOMER) { id key label }\n    gradingModels { id name }\n  }\n"): typeof import('./graphql').AdminPluginTargetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminBilling {\n    billing {\n      plan state trialEndsAt currentPeriodEnd readOnlyAt cancelAtPeriodEnd provider seats\n      invoices { id number status amountDue amountPaid currency createdAt hostedUrl pdfUrl }\n    }\n    planUsage { plan { id rank } unknownPlan limits { name usage max percent } }\n    planCatalogue { id rank priceCny { month year } priceUsd { month year } entitlements { name max } }\n  }\n"): typeof import('./graphql').AdminBillingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminStartCheckout($plan: String!, $interval: BillingPeriod!, $currency: BillingCurrency!) {\n    startCheckout(plan: $plan, interval: $interval, currency: $currency)\n  }\n"): typeof import('./graphql').AdminStartCheckoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminOpenBillingPortal {\n    openBillingPortal\n  }\n"): typeof import('./graphql').AdminOpenBillingPortalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCancelSubscription {\n    cancelSubscription { state cancelAtPeriodEnd currentPeriodEnd }\n  }\n"): typeof import('./graphql').AdminCancelSubscriptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminResumeSubscription {\n    resumeSubscription { state cancelAtPeriodEnd currentPeriodEnd }\n  }\n"): typeof import('./graphql').AdminResumeSubscriptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminWebhooks {\n    webhooks { id url description events enabled disabledReason consecutiveFailures failingSince groupId createdAt }\n    webhookEventTypes\n  }\n"): typeof import('./graphql').AdminWebhooksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { secret webhook { id url events enabled groupId } }\n  }\n"): typeof import('./graphql').AdminCreateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { id url description events groupId }\n  }\n"): typeof import('./graphql').AdminUpdateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetWebhookEnabled($id: ID!, $enabled: Boolean!) {\n    enableWebhook(id: $id) @include(if: $enabled) { id enabled disabledReason consecutiveFailures }\n    disableWebhook(id: $id) @skip(if: $enabled) { id enabled disabledReason consecutiveFailures }\n  }\n"): typeof import('./graphql').AdminSetWebhookEnabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteWebhook($id: ID!) { deleteWebhook(id: $id) }\n"): typeof import('./graphql').AdminDeleteWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }\n"): typeof import('./graphql').AdminRotateWebhookSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminWebhookDeliveries($id: ID!, $after: String) {\n    webhook(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        totalCount\n        nodes {\n          id eventId eventType status attempts responseStatus durationMs error responseSnippet\n          nextAttemptAt lastAttemptAt replayOfId createdAt payload\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').AdminWebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminReplayWebhookDelivery($id: ID!) { replayWebhookDelivery(id: $id) { id status } }\n"): typeof import('./graphql').AdminReplayWebhookDeliveryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminTags {\n    tags { id name color group customerCount }\n    tenantSettings { tagCreation }\n  }\n"): typeof import('./graphql').AdminTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateTag($input: TagInput!) {\n    createTag(input: $input) { id name }\n  }\n"): typeof import('./graphql').AdminCreateTagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateTag($id: ID!, $input: TagInput!) {\n    updateTag(id: $id, input: $input) { id name color group }\n  }\n"): typeof import('./graphql').AdminUpdateTagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminMergeTags($sources: [ID!]!, $into: ID!) {\n    mergeTags(sources: $sources, into: $into) { id name customerCount }\n  }\n"): typeof import('./graphql').AdminMergeTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n"): typeof import('./graphql').AdminDeleteTagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      tenant { id name slug plan }\n    }\n  }\n"): typeof import('./graphql').AuthSignUpDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"): typeof import('./graphql').AuthLoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n"): typeof import('./graphql').AuthRequestPasswordResetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"): typeof import('./graphql').AuthResetPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthVerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n"): typeof import('./graphql').AuthVerifyEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role }\n      tenant { id name }\n    }\n  }\n"): typeof import('./graphql').AuthAcceptInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardReplyFields on BoardReply {\n    id postId parentId authorId authorName content createdAt editedAt\n  }\n"): typeof import('./graphql').BoardReplyFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardPostFields on BoardPost {\n    id authorId authorName title mood content replyCount createdAt editedAt\n    replies(limit: 100) { ...BoardReplyFields }\n  }\n"): typeof import('./graphql').BoardPostFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardPosts($limit: Int!, $before: ID) {\n    boardPosts(limit: $limit, before: $before) { ...BoardPostFields }\n  }\n"): typeof import('./graphql').BoardPostsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardMoreReplies($id: ID!, $after: ID) {\n    boardPost(id: $id) { id replyCount replies(limit: 100, after: $after) { ...BoardReplyFields } }\n  }\n"): typeof import('./graphql').BoardMoreRepliesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardMoods {\n    boardMoods\n  }\n"): typeof import('./graphql').BoardMoodsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardCreatePost($input: CreateBoardPostInput!) {\n    createBoardPost(input: $input) { ...BoardPostFields }\n  }\n"): typeof import('./graphql').BoardCreatePostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardReply($input: ReplyToBoardPostInput!) {\n    replyToBoardPost(input: $input) { ...BoardReplyFields }\n  }\n"): typeof import('./graphql').BoardReplyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardUpdatePost($id: ID!, $input: UpdateBoardPostInput!) {\n    updateBoardPost(id: $id, input: $input) { ...BoardPostFields }\n  }\n"): typeof import('./graphql').BoardUpdatePostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardUpdateReply($id: ID!, $content: String!) {\n    updateBoardReply(id: $id, content: $content) { ...BoardReplyFields }\n  }\n"): typeof import('./graphql').BoardUpdateReplyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardDeletePost($id: ID!) {\n    deleteBoardPost(id: $id)\n  }\n"): typeof import('./graphql').BoardDeletePostDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardDeleteReply($id: ID!) {\n    deleteBoardReply(id: $id)\n  }\n"): typeof import('./graphql').BoardDeleteReplyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    customers(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id number name company title phones email status grade industry source tags\n          owner { id displayName }\n          inPool lastContactAt nextVisitAt createdAt updatedAt custom\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CustomersListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersFields {\n    customFields(entity: CUSTOMER) { id key label labelEn help type required unique default rules position archived }\n    tenantSettings { industries sources }\n  }\n"): typeof import('./graphql').CustomersFieldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!, $overrideCap: Boolean! = false) {\n    assignCustomers(ids: $ids, toUserId: $toUserId, overrideCap: $overrideCap) { id owner { id displayName } }\n  }\n"): typeof import('./graphql').CustomersAssignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!, $overrideCap: Boolean! = false) {\n    transferCustomers(fromUserId: $fromUserId, toUserId: $toUserId, overrideCap: $overrideCap)\n  }\n"): typeof import('./graphql').CustomersTransferDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerSetLocked($id: ID!, $locked: Boolean!) {\n    setCustomerLocked(id: $id, locked: $locked) { id locked ownedSince }\n  }\n"): typeof import('./graphql').CustomerSetLockedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersReleaseMany($ids: [ID!]!, $reason: String!) {\n    releaseCustomers(ids: $ids, reason: $reason) { released { id } errors { id code reason } }\n  }\n"): typeof import('./graphql').CustomersReleaseManyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersRelease($id: ID!, $reason: String!) {\n    releaseCustomer(id: $id, reason: $reason) { id inPool owner { id } }\n  }\n"): typeof import('./graphql').CustomersReleaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersClaim($id: ID!) {\n    claimCustomer(id: $id) { id inPool owner { id displayName } }\n  }\n"): typeof import('./graphql').CustomersClaimDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!, $ids: [ID!]) {\n    exportCustomers(filter: $filter, sort: $sort, format: $format, ids: $ids) { url fileName rows expiresAt }\n  }\n"): typeof import('./graphql').CustomersExportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {\n    exportConversations(filter: $filter, format: $format) { url fileName rows expiresAt }\n  }\n"): typeof import('./graphql').CustomersExportConversationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerFormLoad($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom\n      customValues { key access }\n    }\n  }\n"): typeof import('./graphql').CustomerFormLoadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerCreate($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { id }\n  }\n"): typeof import('./graphql').CustomerCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id }\n  }\n"): typeof import('./graphql').CustomerUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday photoUrl status industry source grade tags\n      owner { id displayName }\n      inPool locked ownedSince mailOptOutAt lastContactAt nextVisitAt custom createdAt updatedAt\n      createdBy { id displayName }\n      release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n      customValues { key label labelEn type value access }\n      deals { id ownerId title amount currency status expectedCloseDate closeDate notes createdAt updatedAt }\n      grades { modelId modelName label score reason gradedAt }\n      history(limit: 100) { field oldValue newValue actor { id displayName } at }\n      merges { id undoable undoUntil undoneAt createdAt mergedBy merged { id number name } }\n    }\n  }\n"): typeof import('./graphql').CustomerDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCustomerMailOptOut($id: ID!, $optedOut: Boolean!) {\n    setCustomerMailOptOut(id: $id, optedOut: $optedOut) { id mailOptOutAt }\n  }\n"): typeof import('./graphql').SetCustomerMailOptOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerMails($id: ID!, $limit: Int!) {\n    customer(id: $id) {\n      id mailOptOutAt\n      mails(limit: $limit) { id kind to subject body status createdAt sentAt }\n    }\n  }\n"): typeof import('./graphql').CustomerMailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerConversations($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      conversations(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id topic content kind occurredAt createdAt updatedAt\n            author { id displayName }\n            entries { occurredAt kind content }\n            customValues { key label labelEn type value }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CustomerConversationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerAddConversation($input: AddConversationInput!) {\n    addConversation(input: $input) { merged conversation { id occurredAt } }\n  }\n"): typeof import('./graphql').CustomerAddConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerEditConversationContent($id: ID!, $content: String!) {\n    editConversationContent(id: $id, content: $content) { id content }\n  }\n"): typeof import('./graphql').CustomerEditConversationContentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerEditConversationTime($id: ID!, $occurredAt: DateTime!) {\n    editConversationTime(id: $id, occurredAt: $occurredAt) { id occurredAt }\n  }\n"): typeof import('./graphql').CustomerEditConversationTimeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerDeleteConversation($id: ID!) {\n    deleteConversation(id: $id)\n  }\n"): typeof import('./graphql').CustomerDeleteConversationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerSetPhoto($id: ID!, $file: Upload!) {\n    setCustomerPhoto(id: $id, file: $file) { id photoUrl }\n  }\n"): typeof import('./graphql').CustomerSetPhotoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerRemovePhoto($id: ID!) {\n    removeCustomerPhoto(id: $id) { id photoUrl }\n  }\n"): typeof import('./graphql').CustomerRemovePhotoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerCreateDeal($customerId: ID!, $input: DealInput!) {\n    createDeal(customerId: $customerId, input: $input) { id }\n  }\n"): typeof import('./graphql').CustomerCreateDealDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerUpdateDeal($id: ID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) { id }\n  }\n"): typeof import('./graphql').CustomerUpdateDealDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerDeleteDeal($id: ID!) {\n    deleteDeal(id: $id)\n  }\n"): typeof import('./graphql').CustomerDeleteDealDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerDeleteForGood($id: ID!) {\n    deleteCustomerPermanently(id: $id, confirm: true) { id number name }\n  }\n"): typeof import('./graphql').CustomerDeleteForGoodDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerPlans($filter: WorkPlansFilter, $first: Int) {\n    workPlans(filter: $filter, first: $first) {\n      totalCount\n      nodes { id subject start end content done overdue author { id displayName } }\n    }\n  }\n"): typeof import('./graphql').CustomerPlansDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerConversationFields {\n    customFields(entity: CONVERSATION) { id key label labelEn help type required unique default rules position archived }\n  }\n"): typeof import('./graphql').CustomerConversationFieldsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersSegments {\n    segments { id name description kind stage sharing canEdit filter count owner { id displayName } group { id name } sharedWith { id displayName } }\n    groups { id name }\n  }\n"): typeof import('./graphql').CustomersSegmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersCreateSegment($input: SegmentInput!) {\n    createSegment(input: $input) { id name count }\n  }\n"): typeof import('./graphql').CustomersCreateSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersDeleteSegment($id: ID!) {\n    deleteSegment(id: $id)\n  }\n"): typeof import('./graphql').CustomersDeleteSegmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersBulkEdit($ids: [ID!], $filter: CustomerFilter, $change: BulkCustomerChange!) {\n    bulkEditCustomers(ids: $ids, filter: $filter, change: $change) { id status progressDone progressTotal }\n  }\n"): typeof import('./graphql').CustomersBulkEditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersBulkJob($id: ID!) {\n    job(id: $id) { id status progressDone progressTotal result error }\n  }\n"): typeof import('./graphql').CustomersBulkJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersDuplicateCandidates($input: DuplicateProbe!) {\n    duplicateCandidates(input: $input) { score reasons customer { id name company } }\n  }\n"): typeof import('./graphql').CustomersDuplicateCandidatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerPossibleDuplicates($id: ID!) {\n    customer(id: $id) { id possibleDuplicates { score reasons customer { id name company } } }\n  }\n"): typeof import('./graphql').CustomerPossibleDuplicatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersScanDuplicates {\n    scanDuplicates { id status progressDone progressTotal }\n  }\n"): typeof import('./graphql').CustomersScanDuplicatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerMergePlan($input: MergeCustomersInput!) {\n    customerMergePlan(input: $input) {\n      phones tags\n      moves { table rows }\n      fields { field differs chosenCustomerId value values { customerId value } }\n    }\n  }\n"): typeof import('./graphql').CustomerMergePlanDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersMerge($input: MergeCustomersInput!) {\n    mergeCustomers(input: $input) { id survivorId undoUntil merged { id number name } }\n  }\n"): typeof import('./graphql').CustomersMergeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerMergeUndo($id: ID!) {\n    undoCustomerMerge(id: $id) { id undoable undoneAt }\n  }\n"): typeof import('./graphql').CustomerMergeUndoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerDismissDuplicate($a: ID!, $b: ID!) {\n    dismissDuplicate(customerId: $a, otherId: $b)\n  }\n"): typeof import('./graphql').CustomerDismissDuplicateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardAnalytics($range: AnalyticsRange!, $bucket: AnalyticsBucket, $rank: LeaderboardRank) {\n    analytics {\n      newCustomers(range: $range, bucket: $bucket) { periods series { key counts total } }\n      conversations(range: $range, bucket: $bucket) { periods series { key counts total } }\n      poolFlow(range: $range, bucket: $bucket) { periods series { key counts total } }\n      leaderboard(range: $range, rank: $rank, first: 10) {\n        userId name newCustomers conversations visits dealsWon amountWon currency plansDue plansOnTime\n      }\n    }\n  }\n"): typeof import('./graphql').DashboardAnalyticsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardBreakdowns($lead: Boolean!) {\n    analytics {\n      status: customersBy(by: STATUS) { key count }\n      grade: customersBy(by: GRADE) { key count }\n      source: customersBy(by: SOURCE) { key count }\n      industry: customersBy(by: INDUSTRY) { key count }\n    }\n    pool(first: 1) { totalCount }\n    team(first: 100, filter: { active: true }) @include(if: $lead) { members { user { id displayName } customersHeld } }\n  }\n"): typeof import('./graphql').DashboardBreakdownsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardFlows($range: AnalyticsRange!, $cohort: AnalyticsRange, $months: AnalyticsRange!) {\n    analytics {\n      funnel(range: $cohort) { status customers reached stays averageDays }\n      retention(range: $months) { month held kept lost wonBack new }\n      poolReasons(range: $range) { direction reason count }\n    }\n  }\n"): typeof import('./graphql').DashboardFlowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardGradingModels {\n    gradingModels { id name enabled lastRunAt labels { label } }\n  }\n"): typeof import('./graphql').DashboardGradingModelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardGrades($modelId: ID!) {\n    analytics { customersByGrade(modelId: $modelId) { key count } }\n  }\n"): typeof import('./graphql').DashboardGradesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {\n    toVisit: customers(filter: { toVisit: TODAY }, first: 6) {\n      totalCount\n      edges { node { id name company nextVisitAt owner { id displayName } } }\n    }\n    todayPlans: workPlans(filter: { from: $todayFrom, to: $todayTo, status: ALL }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    overduePlans: workPlans(filter: { status: OVERDUE }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    recent: conversations(filter: { window: LAST_3_DAYS }, first: 6) {\n      totalCount\n      nodes { id customerId customerName topic kind occurredAt author { id displayName } }\n    }\n    addedToday: customers(filter: { added: TODAY }, first: 1) { totalCount }\n    addedWeek: customers(filter: { added: THIS_WEEK }, first: 1) { totalCount }\n    contactedToday: customers(filter: { contacted: TODAY }, first: 1) { totalCount }\n    visitedWeek: customers(filter: { visited: THIS_WEEK }, first: 1) { totalCount }\n  }\n"): typeof import('./graphql').HomeOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeTeam {\n    team(filter: { active: true }, first: 20) {\n      totalCount\n      members {\n        user { id displayName role group { id name } }\n        customersHeld\n        plans { open done overdue }\n        customersCreated { last7Days }\n        poolClaims { last7Days }\n      }\n    }\n  }\n"): typeof import('./graphql').HomeTeamDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HomePlanDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n"): typeof import('./graphql').HomePlanDoneDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportPreviewFile($file: Upload!, $sheet: String) {\n    previewCustomerImport(file: $file, sheet: $sheet) {\n      format encoding rows\n      columns { header field fieldLabel }\n      sample\n      fields { name label }\n      warnings { column code message }\n    }\n  }\n"): typeof import('./graphql').ImportPreviewFileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {\n    importCustomers(file: $file, input: $input) { id }\n  }\n"): typeof import('./graphql').ImportStartDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {\n    customerImport(id: $id) {\n      id fileName format status rowsTotal rowsDone created updated skipped failed createdAt finishedAt\n      job { id status progressDone progressTotal progressNote error errorCode errorDetail }\n      issues(offset: $offset, limit: $limit) { total items { row column code message severity } }\n    }\n  }\n"): typeof import('./graphql').ImportStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportRecent {\n    customerImports(limit: 10) { id fileName status rowsTotal created updated skipped failed createdAt }\n  }\n"): typeof import('./graphql').ImportRecentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportCancel($id: ID!) {\n    cancelJob(id: $id) { id status }\n  }\n"): typeof import('./graphql').ImportCancelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PlanFields on WorkPlan {\n    id subject start end content notes done doneAt overdue createdAt updatedAt\n    author { id displayName }\n    doneBy { id displayName }\n    customer { id name number company }\n  }\n"): typeof import('./graphql').PlanFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes { ...PlanFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').PlansListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').PlansCursorsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansCreate($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { ...PlanFields }\n  }\n"): typeof import('./graphql').PlansCreateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {\n    updateWorkPlan(id: $id, input: $input) { ...PlanFields }\n  }\n"): typeof import('./graphql').PlansUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansSetDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n"): typeof import('./graphql').PlansSetDoneDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansDelete($id: ID!) {\n    deleteWorkPlan(id: $id)\n  }\n"): typeof import('./graphql').PlansDeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansSetNextVisit($id: ID!, $at: DateTime) {\n    updateCustomer(id: $id, input: { nextVisitAt: $at }) { id nextVisitAt }\n  }\n"): typeof import('./graphql').PlansSetNextVisitDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String, $releaseReason: String) {\n    pool(filter: $filter, sort: $sort, first: $first, after: $after, releaseReason: $releaseReason) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id number name company phones status grade tags createdAt\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PoolListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PoolQuota {\n    poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt }\n  }\n"): typeof import('./graphql').PoolQuotaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PoolReleaseReasons { poolReleaseReasons { reason count } }\n"): typeof import('./graphql').PoolReleaseReasonsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProfileMe {\n    me {\n      user { id email displayName role emailVerified lastLoginAt createdAt awayUntil reminderTime group { id name } }\n      tenant { id name slug plan timeZone }\n    }\n  }\n"): typeof import('./graphql').ProfileMeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProfileChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): typeof import('./graphql').ProfileChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProfileResendVerification {\n    resendVerificationEmail\n  }\n"): typeof import('./graphql').ProfileResendVerificationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProfileLogoutEverywhere {\n    logoutEverywhere\n  }\n"): typeof import('./graphql').ProfileLogoutEverywhereDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProfileUpdateSelf($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id awayUntil reminderTime }\n  }\n"): typeof import('./graphql').ProfileUpdateSelfDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchEverything($input: SearchInput!) {\n    search(input: $input) {\n      total\n      hits {\n        __typename\n        ... on CustomerHit {\n          score\n          customer { id name company phones owner { displayName } }\n          highlights { field fragments }\n        }\n        ... on ConversationHit {\n          score\n          conversation { id customerId customerName topic kind occurredAt }\n          highlights { field fragments }\n        }\n        ... on BoardPostHit {\n          score\n          post { id title authorName createdAt }\n          highlights { field fragments }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').SearchEverythingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SuggestionFields on Suggestion {\n    id title content anonymous authorId authorName replyCount createdAt\n    replies { id authorName content createdAt }\n  }\n"): typeof import('./graphql').SuggestionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {\n    submitSuggestion(input: $input) { id anonymous createdAt readerToken readerLink }\n  }\n"): typeof import('./graphql').SuggestionsSubmitDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SuggestionsMine($limit: Int!, $before: ID) {\n    mySuggestions(limit: $limit, before: $before) { ...SuggestionFields }\n  }\n"): typeof import('./graphql').SuggestionsMineDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {\n    suggestions(window: $window, limit: $limit, before: $before) { ...SuggestionFields }\n  }\n"): typeof import('./graphql').SuggestionsInboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuggestionsReply($id: ID!, $content: String!) {\n    replyToSuggestion(suggestionId: $id, content: $content) { id authorName content createdAt }\n  }\n"): typeof import('./graphql').SuggestionsReplyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuggestionsDelete($id: ID!) {\n    deleteSuggestion(id: $id)\n  }\n"): typeof import('./graphql').SuggestionsDeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SuggestionsAnonymous($token: String!) {\n    anonymousSuggestion(token: $token) {\n      id title content createdAt\n      replies { id authorName content createdAt }\n    }\n  }\n"): typeof import('./graphql').SuggestionsAnonymousDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamUsers {\n    users(filter: { includeInactive: true }) {\n      id email displayName role active erasedAt lastLoginAt createdAt emailVerified awayUntil\n      group { id name }\n    }\n  }\n"): typeof import('./graphql').TeamUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamGroups {\n    groups { id name createdAt supervisors { id displayName } members { id } }\n  }\n"): typeof import('./graphql').TeamGroupsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamUpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) { id displayName role group { id name } }\n  }\n"): typeof import('./graphql').TeamUpdateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamDeactivateUser($id: ID!) { deactivateUser(id: $id) { id active } }\n"): typeof import('./graphql').TeamDeactivateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamReactivateUser($id: ID!) { reactivateUser(id: $id) { id active } }\n"): typeof import('./graphql').TeamReactivateUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamCreateGroup($name: String!) { createGroup(name: $name) { id name } }\n"): typeof import('./graphql').TeamCreateGroupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamRenameGroup($id: ID!, $name: String!) { renameGroup(id: $id, name: $name) { id name } }\n"): typeof import('./graphql').TeamRenameGroupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n"): typeof import('./graphql').TeamDeleteGroupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamAddSupervisor($groupId: ID!, $userId: ID!) {\n    addGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n"): typeof import('./graphql').TeamAddSupervisorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamRemoveSupervisor($groupId: ID!, $userId: ID!) {\n    removeGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }\n  }\n"): typeof import('./graphql').TeamRemoveSupervisorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamInvitations {\n    invitations { id email role groupId invitedById status createdAt expiresAt }\n  }\n"): typeof import('./graphql').TeamInvitationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamInvite($input: InviteUserInput!) {\n    inviteUser(input: $input) { id email role groupId status createdAt expiresAt }\n  }\n"): typeof import('./graphql').TeamInviteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamRevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }\n"): typeof import('./graphql').TeamRevokeInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamRenewInvitationLink($id: ID!) {\n    renewInvitationLink(id: $id) { url invitation { id status expiresAt } }\n  }\n"): typeof import('./graphql').TeamRenewInvitationLinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamOffboardUser($id: ID!) {\n    teamMember(id: $id) {\n      user { id displayName email role active erasedAt group { id name } }\n      customersHeld\n      plans { open done overdue }\n    }\n  }\n"): typeof import('./graphql').TeamOffboardUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {\n    offboardUser(id: $id, input: $input) {\n      successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted sessionsRevoked apiKeysRevoked\n      user { id active }\n    }\n  }\n"): typeof import('./graphql').TeamOffboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TeamErase($id: ID!) {\n    erasePersonalDetails(id: $id, confirm: true) {\n      sessionsDeleted apiKeysRevoked invitationsCleared mailsCleared auditEntriesCleared\n      user { id displayName erasedAt }\n    }\n  }\n"): typeof import('./graphql').TeamEraseDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
