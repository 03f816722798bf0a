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
    "\n  query CustomersUserNames {\n    users(filter: { includeInactive: true }) { id displayName }\n  }\n": typeof types.CustomersUserNamesDocument,
    "\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    customers(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id number name company title phones email status grade industry source tags\n          owner { id displayName }\n          inPool lastContactAt nextVisitAt createdAt updatedAt custom\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n": typeof types.CustomersListDocument,
    "\n  query CustomersFields {\n    customFields(entity: CUSTOMER) { id key label labelEn help type required unique default rules position archived }\n    tenantSettings { industries sources }\n  }\n": typeof types.CustomersFieldsDocument,
    "\n  mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!) {\n    assignCustomers(ids: $ids, toUserId: $toUserId) { id owner { id displayName } }\n  }\n": typeof types.CustomersAssignDocument,
    "\n  mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!) {\n    transferCustomers(fromUserId: $fromUserId, toUserId: $toUserId)\n  }\n": typeof types.CustomersTransferDocument,
    "\n  mutation CustomersRelease($id: ID!, $reason: String!) {\n    releaseCustomer(id: $id, reason: $reason) { id inPool owner { id } }\n  }\n": typeof types.CustomersReleaseDocument,
    "\n  mutation CustomersClaim($id: ID!) {\n    claimCustomer(id: $id) { id inPool owner { id displayName } }\n  }\n": typeof types.CustomersClaimDocument,
    "\n  mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!) {\n    exportCustomers(filter: $filter, sort: $sort, format: $format) { url fileName rows expiresAt }\n  }\n": typeof types.CustomersExportDocument,
    "\n  mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {\n    exportConversations(filter: $filter, format: $format) { url fileName rows expiresAt }\n  }\n": typeof types.CustomersExportConversationsDocument,
    "\n  query CustomerFormLoad($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom\n      customValues { key access }\n    }\n  }\n": typeof types.CustomerFormLoadDocument,
    "\n  mutation CustomerCreate($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { id }\n  }\n": typeof types.CustomerCreateDocument,
    "\n  mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id }\n  }\n": typeof types.CustomerUpdateDocument,
    "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday photoUrl status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom createdAt updatedAt\n      createdBy { id displayName }\n      release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n      customValues { key label labelEn type value access }\n      deals { id ownerId title amount currency status expectedCloseDate closeDate notes createdAt updatedAt }\n      grades { modelId modelName label score reason gradedAt }\n      history(limit: 100) { field oldValue newValue actor { id displayName } at }\n    }\n  }\n": typeof types.CustomerDetailDocument,
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
    "\n  mutation CustomerCreatePlan($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { id }\n  }\n": typeof types.CustomerCreatePlanDocument,
    "\n  mutation CustomerSetNextVisit($id: ID!, $at: DateTime) {\n    updateCustomer(id: $id, input: { nextVisitAt: $at }) { id nextVisitAt }\n  }\n": typeof types.CustomerSetNextVisitDocument,
    "\n  mutation CustomerDeleteForGood($id: ID!) {\n    deleteCustomerPermanently(id: $id, confirm: true) { id number name }\n  }\n": typeof types.CustomerDeleteForGoodDocument,
    "\n  query CustomerPlans($filter: WorkPlansFilter, $first: Int) {\n    workPlans(filter: $filter, first: $first) {\n      totalCount\n      nodes { id subject start end content done overdue author { id displayName } }\n    }\n  }\n": typeof types.CustomerPlansDocument,
    "\n  query CustomerConversationFields {\n    customFields(entity: CONVERSATION) { id key label labelEn help type required unique default rules position archived }\n  }\n": typeof types.CustomerConversationFieldsDocument,
    "\n  mutation ImportPreviewFile($file: Upload!, $sheet: String) {\n    previewCustomerImport(file: $file, sheet: $sheet) {\n      format encoding rows\n      columns { header field fieldLabel }\n      sample\n      fields { name label }\n      warnings { column code message }\n    }\n  }\n": typeof types.ImportPreviewFileDocument,
    "\n  mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {\n    importCustomers(file: $file, input: $input) { id }\n  }\n": typeof types.ImportStartDocument,
    "\n  query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {\n    customerImport(id: $id) {\n      id fileName format status rowsTotal rowsDone created updated skipped failed createdAt finishedAt\n      job { id status progressDone progressTotal progressNote error }\n      issues(offset: $offset, limit: $limit) { total items { row column code message severity } }\n    }\n  }\n": typeof types.ImportStatusDocument,
    "\n  query ImportRecent {\n    customerImports(limit: 10) { id fileName status rowsTotal created updated skipped failed createdAt }\n  }\n": typeof types.ImportRecentDocument,
    "\n  mutation ImportCancel($id: ID!) {\n    cancelJob(id: $id) { id status }\n  }\n": typeof types.ImportCancelDocument,
    "\n  query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    pool(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id number name company phones status grade tags createdAt\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n": typeof types.PoolListDocument,
    "\n  query PoolQuota {\n    poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt }\n  }\n": typeof types.PoolQuotaDocument,
};
const documents: Documents = {
    "\n  query PersonPickerUsers {\n    users { id displayName email role active group { id name } }\n  }\n": types.PersonPickerUsersDocument,
    "\n  query CustomersUserNames {\n    users(filter: { includeInactive: true }) { id displayName }\n  }\n": types.CustomersUserNamesDocument,
    "\n  query Me {\n    me {\n      user { id email displayName role group { id name } }\n      tenant { id slug name timeZone locale plan }\n      authMethod\n      canWrite\n    }\n  }\n": types.MeDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    customers(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id number name company title phones email status grade industry source tags\n          owner { id displayName }\n          inPool lastContactAt nextVisitAt createdAt updatedAt custom\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n": types.CustomersListDocument,
    "\n  query CustomersFields {\n    customFields(entity: CUSTOMER) { id key label labelEn help type required unique default rules position archived }\n    tenantSettings { industries sources }\n  }\n": types.CustomersFieldsDocument,
    "\n  mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!) {\n    assignCustomers(ids: $ids, toUserId: $toUserId) { id owner { id displayName } }\n  }\n": types.CustomersAssignDocument,
    "\n  mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!) {\n    transferCustomers(fromUserId: $fromUserId, toUserId: $toUserId)\n  }\n": types.CustomersTransferDocument,
    "\n  mutation CustomersRelease($id: ID!, $reason: String!) {\n    releaseCustomer(id: $id, reason: $reason) { id inPool owner { id } }\n  }\n": types.CustomersReleaseDocument,
    "\n  mutation CustomersClaim($id: ID!) {\n    claimCustomer(id: $id) { id inPool owner { id displayName } }\n  }\n": types.CustomersClaimDocument,
    "\n  mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!) {\n    exportCustomers(filter: $filter, sort: $sort, format: $format) { url fileName rows expiresAt }\n  }\n": types.CustomersExportDocument,
    "\n  mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {\n    exportConversations(filter: $filter, format: $format) { url fileName rows expiresAt }\n  }\n": types.CustomersExportConversationsDocument,
    "\n  query CustomerFormLoad($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom\n      customValues { key access }\n    }\n  }\n": types.CustomerFormLoadDocument,
    "\n  mutation CustomerCreate($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { id }\n  }\n": types.CustomerCreateDocument,
    "\n  mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id }\n  }\n": types.CustomerUpdateDocument,
    "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday photoUrl status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom createdAt updatedAt\n      createdBy { id displayName }\n      release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n      customValues { key label labelEn type value access }\n      deals { id ownerId title amount currency status expectedCloseDate closeDate notes createdAt updatedAt }\n      grades { modelId modelName label score reason gradedAt }\n      history(limit: 100) { field oldValue newValue actor { id displayName } at }\n    }\n  }\n": types.CustomerDetailDocument,
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
    "\n  mutation CustomerCreatePlan($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { id }\n  }\n": types.CustomerCreatePlanDocument,
    "\n  mutation CustomerSetNextVisit($id: ID!, $at: DateTime) {\n    updateCustomer(id: $id, input: { nextVisitAt: $at }) { id nextVisitAt }\n  }\n": types.CustomerSetNextVisitDocument,
    "\n  mutation CustomerDeleteForGood($id: ID!) {\n    deleteCustomerPermanently(id: $id, confirm: true) { id number name }\n  }\n": types.CustomerDeleteForGoodDocument,
    "\n  query CustomerPlans($filter: WorkPlansFilter, $first: Int) {\n    workPlans(filter: $filter, first: $first) {\n      totalCount\n      nodes { id subject start end content done overdue author { id displayName } }\n    }\n  }\n": types.CustomerPlansDocument,
    "\n  query CustomerConversationFields {\n    customFields(entity: CONVERSATION) { id key label labelEn help type required unique default rules position archived }\n  }\n": types.CustomerConversationFieldsDocument,
    "\n  mutation ImportPreviewFile($file: Upload!, $sheet: String) {\n    previewCustomerImport(file: $file, sheet: $sheet) {\n      format encoding rows\n      columns { header field fieldLabel }\n      sample\n      fields { name label }\n      warnings { column code message }\n    }\n  }\n": types.ImportPreviewFileDocument,
    "\n  mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {\n    importCustomers(file: $file, input: $input) { id }\n  }\n": types.ImportStartDocument,
    "\n  query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {\n    customerImport(id: $id) {\n      id fileName format status rowsTotal rowsDone created updated skipped failed createdAt finishedAt\n      job { id status progressDone progressTotal progressNote error }\n      issues(offset: $offset, limit: $limit) { total items { row column code message severity } }\n    }\n  }\n": types.ImportStatusDocument,
    "\n  query ImportRecent {\n    customerImports(limit: 10) { id fileName status rowsTotal created updated skipped failed createdAt }\n  }\n": types.ImportRecentDocument,
    "\n  mutation ImportCancel($id: ID!) {\n    cancelJob(id: $id) { id status }\n  }\n": types.ImportCancelDocument,
    "\n  query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    pool(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id number name company phones status grade tags createdAt\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n": types.PoolListDocument,
    "\n  query PoolQuota {\n    poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt }\n  }\n": types.PoolQuotaDocument,
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
export function graphql(source: "\n  query CustomersUserNames {\n    users(filter: { includeInactive: true }) { id displayName }\n  }\n"): (typeof documents)["\n  query CustomersUserNames {\n    users(filter: { includeInactive: true }) { id displayName }\n  }\n"];
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
export function graphql(source: "\n  query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    customers(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id number name company title phones email status grade industry source tags\n          owner { id displayName }\n          inPool lastContactAt nextVisitAt createdAt updatedAt custom\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    customers(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id number name company title phones email status grade industry source tags\n          owner { id displayName }\n          inPool lastContactAt nextVisitAt createdAt updatedAt custom\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomersFields {\n    customFields(entity: CUSTOMER) { id key label labelEn help type required unique default rules position archived }\n    tenantSettings { industries sources }\n  }\n"): (typeof documents)["\n  query CustomersFields {\n    customFields(entity: CUSTOMER) { id key label labelEn help type required unique default rules position archived }\n    tenantSettings { industries sources }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!) {\n    assignCustomers(ids: $ids, toUserId: $toUserId) { id owner { id displayName } }\n  }\n"): (typeof documents)["\n  mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!) {\n    assignCustomers(ids: $ids, toUserId: $toUserId) { id owner { id displayName } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!) {\n    transferCustomers(fromUserId: $fromUserId, toUserId: $toUserId)\n  }\n"): (typeof documents)["\n  mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!) {\n    transferCustomers(fromUserId: $fromUserId, toUserId: $toUserId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersRelease($id: ID!, $reason: String!) {\n    releaseCustomer(id: $id, reason: $reason) { id inPool owner { id } }\n  }\n"): (typeof documents)["\n  mutation CustomersRelease($id: ID!, $reason: String!) {\n    releaseCustomer(id: $id, reason: $reason) { id inPool owner { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersClaim($id: ID!) {\n    claimCustomer(id: $id) { id inPool owner { id displayName } }\n  }\n"): (typeof documents)["\n  mutation CustomersClaim($id: ID!) {\n    claimCustomer(id: $id) { id inPool owner { id displayName } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!) {\n    exportCustomers(filter: $filter, sort: $sort, format: $format) { url fileName rows expiresAt }\n  }\n"): (typeof documents)["\n  mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!) {\n    exportCustomers(filter: $filter, sort: $sort, format: $format) { url fileName rows expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {\n    exportConversations(filter: $filter, format: $format) { url fileName rows expiresAt }\n  }\n"): (typeof documents)["\n  mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {\n    exportConversations(filter: $filter, format: $format) { url fileName rows expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerFormLoad($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom\n      customValues { key access }\n    }\n  }\n"): (typeof documents)["\n  query CustomerFormLoad($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom\n      customValues { key access }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerCreate($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation CustomerCreate($input: CreateCustomerInput!) {\n    createCustomer(input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {\n    updateCustomer(id: $id, input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday photoUrl status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom createdAt updatedAt\n      createdBy { id displayName }\n      release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n      customValues { key label labelEn type value access }\n      deals { id ownerId title amount currency status expectedCloseDate closeDate notes createdAt updatedAt }\n      grades { modelId modelName label score reason gradedAt }\n      history(limit: 100) { field oldValue newValue actor { id displayName } at }\n    }\n  }\n"): (typeof documents)["\n  query CustomerDetail($id: ID!) {\n    customer(id: $id) {\n      id number name company title phones email address gender birthday photoUrl status industry source grade tags\n      owner { id displayName }\n      inPool lastContactAt nextVisitAt custom createdAt updatedAt\n      createdBy { id displayName }\n      release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n      customValues { key label labelEn type value access }\n      deals { id ownerId title amount currency status expectedCloseDate closeDate notes createdAt updatedAt }\n      grades { modelId modelName label score reason gradedAt }\n      history(limit: 100) { field oldValue newValue actor { id displayName } at }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerConversations($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      conversations(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id topic content kind occurredAt createdAt updatedAt\n            author { id displayName }\n            entries { occurredAt kind content }\n            customValues { key label labelEn type value }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerConversations($id: ID!, $first: Int!, $after: String) {\n    customer(id: $id) {\n      id\n      conversations(first: $first, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id topic content kind occurredAt createdAt updatedAt\n            author { id displayName }\n            entries { occurredAt kind content }\n            customValues { key label labelEn type value }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerAddConversation($input: AddConversationInput!) {\n    addConversation(input: $input) { merged conversation { id occurredAt } }\n  }\n"): (typeof documents)["\n  mutation CustomerAddConversation($input: AddConversationInput!) {\n    addConversation(input: $input) { merged conversation { id occurredAt } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerEditConversationContent($id: ID!, $content: String!) {\n    editConversationContent(id: $id, content: $content) { id content }\n  }\n"): (typeof documents)["\n  mutation CustomerEditConversationContent($id: ID!, $content: String!) {\n    editConversationContent(id: $id, content: $content) { id content }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerEditConversationTime($id: ID!, $occurredAt: DateTime!) {\n    editConversationTime(id: $id, occurredAt: $occurredAt) { id occurredAt }\n  }\n"): (typeof documents)["\n  mutation CustomerEditConversationTime($id: ID!, $occurredAt: DateTime!) {\n    editConversationTime(id: $id, occurredAt: $occurredAt) { id occurredAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerDeleteConversation($id: ID!) {\n    deleteConversation(id: $id)\n  }\n"): (typeof documents)["\n  mutation CustomerDeleteConversation($id: ID!) {\n    deleteConversation(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerSetPhoto($id: ID!, $file: Upload!) {\n    setCustomerPhoto(id: $id, file: $file) { id photoUrl }\n  }\n"): (typeof documents)["\n  mutation CustomerSetPhoto($id: ID!, $file: Upload!) {\n    setCustomerPhoto(id: $id, file: $file) { id photoUrl }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerRemovePhoto($id: ID!) {\n    removeCustomerPhoto(id: $id) { id photoUrl }\n  }\n"): (typeof documents)["\n  mutation CustomerRemovePhoto($id: ID!) {\n    removeCustomerPhoto(id: $id) { id photoUrl }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerCreateDeal($customerId: ID!, $input: DealInput!) {\n    createDeal(customerId: $customerId, input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation CustomerCreateDeal($customerId: ID!, $input: DealInput!) {\n    createDeal(customerId: $customerId, input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerUpdateDeal($id: ID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation CustomerUpdateDeal($id: ID!, $input: DealInput!) {\n    updateDeal(id: $id, input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerDeleteDeal($id: ID!) {\n    deleteDeal(id: $id)\n  }\n"): (typeof documents)["\n  mutation CustomerDeleteDeal($id: ID!) {\n    deleteDeal(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerCreatePlan($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation CustomerCreatePlan($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerSetNextVisit($id: ID!, $at: DateTime) {\n    updateCustomer(id: $id, input: { nextVisitAt: $at }) { id nextVisitAt }\n  }\n"): (typeof documents)["\n  mutation CustomerSetNextVisit($id: ID!, $at: DateTime) {\n    updateCustomer(id: $id, input: { nextVisitAt: $at }) { id nextVisitAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CustomerDeleteForGood($id: ID!) {\n    deleteCustomerPermanently(id: $id, confirm: true) { id number name }\n  }\n"): (typeof documents)["\n  mutation CustomerDeleteForGood($id: ID!) {\n    deleteCustomerPermanently(id: $id, confirm: true) { id number name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerPlans($filter: WorkPlansFilter, $first: Int) {\n    workPlans(filter: $filter, first: $first) {\n      totalCount\n      nodes { id subject start end content done overdue author { id displayName } }\n    }\n  }\n"): (typeof documents)["\n  query CustomerPlans($filter: WorkPlansFilter, $first: Int) {\n    workPlans(filter: $filter, first: $first) {\n      totalCount\n      nodes { id subject start end content done overdue author { id displayName } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerConversationFields {\n    customFields(entity: CONVERSATION) { id key label labelEn help type required unique default rules position archived }\n  }\n"): (typeof documents)["\n  query CustomerConversationFields {\n    customFields(entity: CONVERSATION) { id key label labelEn help type required unique default rules position archived }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportPreviewFile($file: Upload!, $sheet: String) {\n    previewCustomerImport(file: $file, sheet: $sheet) {\n      format encoding rows\n      columns { header field fieldLabel }\n      sample\n      fields { name label }\n      warnings { column code message }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportPreviewFile($file: Upload!, $sheet: String) {\n    previewCustomerImport(file: $file, sheet: $sheet) {\n      format encoding rows\n      columns { header field fieldLabel }\n      sample\n      fields { name label }\n      warnings { column code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {\n    importCustomers(file: $file, input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {\n    importCustomers(file: $file, input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {\n    customerImport(id: $id) {\n      id fileName format status rowsTotal rowsDone created updated skipped failed createdAt finishedAt\n      job { id status progressDone progressTotal progressNote error }\n      issues(offset: $offset, limit: $limit) { total items { row column code message severity } }\n    }\n  }\n"): (typeof documents)["\n  query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {\n    customerImport(id: $id) {\n      id fileName format status rowsTotal rowsDone created updated skipped failed createdAt finishedAt\n      job { id status progressDone progressTotal progressNote error }\n      issues(offset: $offset, limit: $limit) { total items { row column code message severity } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportRecent {\n    customerImports(limit: 10) { id fileName status rowsTotal created updated skipped failed createdAt }\n  }\n"): (typeof documents)["\n  query ImportRecent {\n    customerImports(limit: 10) { id fileName status rowsTotal created updated skipped failed createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportCancel($id: ID!) {\n    cancelJob(id: $id) { id status }\n  }\n"): (typeof documents)["\n  mutation ImportCancel($id: ID!) {\n    cancelJob(id: $id) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    pool(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id number name company phones status grade tags createdAt\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {\n    pool(filter: $filter, sort: $sort, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id number name company phones status grade tags createdAt\n          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PoolQuota {\n    poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt }\n  }\n"): (typeof documents)["\n  query PoolQuota {\n    poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;