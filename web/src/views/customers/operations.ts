// The customer pages' GraphQL operations.
import { graphql } from '@/gql'

export const CustomersListQuery = graphql(`
  query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {
    customers(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id number name company title phones email status grade industry source tags
          owner { id displayName }
          inPool lastContactAt nextVisitAt createdAt updatedAt custom
          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }
        }
      }
    }
  }
`)

export const CustomersFieldsQuery = graphql(`
  query CustomersFields {
    customFields(entity: CUSTOMER) { id key label labelEn help type required unique default rules position archived }
    tenantSettings { industries sources }
  }
`)

/** Give customers to a person; the company's holding cap applies unless an
 * admin overrides it (`overrideCap`). */
export const CustomersAssign = graphql(`
  mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!, $overrideCap: Boolean! = false) {
    assignCustomers(ids: $ids, toUserId: $toUserId, overrideCap: $overrideCap) { id owner { id displayName } }
  }
`)

export const CustomersTransfer = graphql(`
  mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!, $overrideCap: Boolean! = false) {
    transferCustomers(fromUserId: $fromUserId, toUserId: $toUserId, overrideCap: $overrideCap)
  }
`)

/** Lock a customer out of the pool rules, or unlock it (admins). */
export const CustomerSetLocked = graphql(`
  mutation CustomerSetLocked($id: ID!, $locked: Boolean!) {
    setCustomerLocked(id: $id, locked: $locked) { id locked ownedSince }
  }
`)

/** Release a selection at once, all or nothing (one transaction). */
export const CustomersReleaseMany = graphql(`
  mutation CustomersReleaseMany($ids: [ID!]!, $reason: String!) {
    releaseCustomers(ids: $ids, reason: $reason) { released { id } errors { id code reason } }
  }
`)

export const CustomersRelease = graphql(`
  mutation CustomersRelease($id: ID!, $reason: String!) {
    releaseCustomer(id: $id, reason: $reason) { id inPool owner { id } }
  }
`)

export const CustomersClaim = graphql(`
  mutation CustomersClaim($id: ID!) {
    claimCustomer(id: $id) { id inPool owner { id displayName } }
  }
`)

export const CustomersExport = graphql(`
  mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!, $ids: [ID!]) {
    exportCustomers(filter: $filter, sort: $sort, format: $format, ids: $ids) { url fileName rows expiresAt }
  }
`)

export const CustomersExportConversations = graphql(`
  mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {
    exportConversations(filter: $filter, format: $format) { url fileName rows expiresAt }
  }
`)

export const CustomerFormLoad = graphql(`
  query CustomerFormLoad($id: ID!) {
    customer(id: $id) {
      id number name company title phones email address gender birthday status industry source grade tags
      owner { id displayName }
      inPool lastContactAt nextVisitAt custom
      customValues { key access }
    }
  }
`)

export const CustomerCreate = graphql(`
  mutation CustomerCreate($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id }
  }
`)

export const CustomerUpdate = graphql(`
  mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {
    updateCustomer(id: $id, input: $input) { id }
  }
`)

export const CustomerDetailQuery = graphql(`
  query CustomerDetail($id: ID!) {
    customer(id: $id) {
      id number name company title phones email address gender birthday photoUrl status industry source grade tags
      owner { id displayName }
      inPool locked ownedSince mailOptOutAt lastContactAt nextVisitAt custom createdAt updatedAt
      createdBy { id displayName }
      release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }
      customValues { key label labelEn type value access }
      deals { id ownerId title amount currency status expectedCloseDate closeDate notes createdAt updatedAt }
      grades { modelId modelName label score reason gradedAt }
      history(limit: 100) { field oldValue newValue actor { id displayName } at }
      merges { id undoable undoUntil undoneAt createdAt mergedBy merged { id number name } }
    }
  }
`)

/** The customer's send log: the mails sent to its own address (care
 * mails), newest first. */
export const SetCustomerMailOptOut = graphql(`
  mutation SetCustomerMailOptOut($id: ID!, $optedOut: Boolean!) {
    setCustomerMailOptOut(id: $id, optedOut: $optedOut) { id mailOptOutAt }
  }
`)

export const CustomerMails = graphql(`
  query CustomerMails($id: ID!, $limit: Int!) {
    customer(id: $id) {
      id mailOptOutAt
      mails(limit: $limit) { id kind to subject body status createdAt sentAt }
    }
  }
`)

export const CustomerConversations = graphql(`
  query CustomerConversations($id: ID!, $first: Int!, $after: String) {
    customer(id: $id) {
      id
      conversations(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            id topic content kind occurredAt createdAt updatedAt
            author { id displayName }
            entries { occurredAt kind content }
            customValues { key label labelEn type value }
          }
        }
      }
    }
  }
`)

export const CustomerAddConversation = graphql(`
  mutation CustomerAddConversation($input: AddConversationInput!) {
    addConversation(input: $input) { merged conversation { id occurredAt } }
  }
`)

export const CustomerEditConversationContent = graphql(`
  mutation CustomerEditConversationContent($id: ID!, $content: String!) {
    editConversationContent(id: $id, content: $content) { id content }
  }
`)

export const CustomerEditConversationTime = graphql(`
  mutation CustomerEditConversationTime($id: ID!, $occurredAt: DateTime!) {
    editConversationTime(id: $id, occurredAt: $occurredAt) { id occurredAt }
  }
`)

export const CustomerDeleteConversation = graphql(`
  mutation CustomerDeleteConversation($id: ID!) {
    deleteConversation(id: $id)
  }
`)

export const CustomerSetPhoto = graphql(`
  mutation CustomerSetPhoto($id: ID!, $file: Upload!) {
    setCustomerPhoto(id: $id, file: $file) { id photoUrl }
  }
`)

export const CustomerRemovePhoto = graphql(`
  mutation CustomerRemovePhoto($id: ID!) {
    removeCustomerPhoto(id: $id) { id photoUrl }
  }
`)

export const CustomerCreateDeal = graphql(`
  mutation CustomerCreateDeal($customerId: ID!, $input: DealInput!) {
    createDeal(customerId: $customerId, input: $input) { id }
  }
`)

export const CustomerUpdateDeal = graphql(`
  mutation CustomerUpdateDeal($id: ID!, $input: DealInput!) {
    updateDeal(id: $id, input: $input) { id }
  }
`)

export const CustomerDeleteDeal = graphql(`
  mutation CustomerDeleteDeal($id: ID!) {
    deleteDeal(id: $id)
  }
`)

export const CustomerDeleteForGood = graphql(`
  mutation CustomerDeleteForGood($id: ID!) {
    deleteCustomerPermanently(id: $id, confirm: true) { id number name }
  }
`)

export const CustomerPlans = graphql(`
  query CustomerPlans($filter: WorkPlansFilter, $first: Int) {
    workPlans(filter: $filter, first: $first) {
      totalCount
      nodes { id subject start end content done overdue author { id displayName } }
    }
  }
`)

export const CustomerConversationFields = graphql(`
  query CustomerConversationFields {
    customFields(entity: CONVERSATION) { id key label labelEn help type required unique default rules position archived }
  }
`)

/** The segments the user sees (the lifecycle stages first) with their
 * counts, and the groups they could share one with. */
export const CustomersSegments = graphql(`
  query CustomersSegments {
    segments { id name description kind stage sharing canEdit filter count owner { id displayName } group { id name } sharedWith { id displayName } }
    groups { id name }
  }
`)

export const CustomersCreateSegment = graphql(`
  mutation CustomersCreateSegment($input: SegmentInput!) {
    createSegment(input: $input) { id name count }
  }
`)

export const CustomersDeleteSegment = graphql(`
  mutation CustomersDeleteSegment($id: ID!) {
    deleteSegment(id: $id)
  }
`)

/** Change many customers at once, as a job (a selection, or a whole list). */
export const CustomersBulkEdit = graphql(`
  mutation CustomersBulkEdit($ids: [ID!], $filter: CustomerFilter, $change: BulkCustomerChange!) {
    bulkEditCustomers(ids: $ids, filter: $filter, change: $change) { id status progressDone progressTotal }
  }
`)

export const CustomersBulkJob = graphql(`
  query CustomersBulkJob($id: ID!) {
    job(id: $id) { id status progressDone progressTotal result error }
  }
`)

/** Customers like one being typed (a warning, never a refusal). */
export const CustomersDuplicateCandidates = graphql(`
  query CustomersDuplicateCandidates($input: DuplicateProbe!) {
    duplicateCandidates(input: $input) { score reasons customer { id name company } }
  }
`)

export const CustomerPossibleDuplicates = graphql(`
  query CustomerPossibleDuplicates($id: ID!) {
    customer(id: $id) { id possibleDuplicates { score reasons customer { id name company } } }
  }
`)

/** Look over the whole company for possible duplicates (admins), as a job. */
export const CustomersScanDuplicates = graphql(`
  mutation CustomersScanDuplicates {
    scanDuplicates { id status progressDone progressTotal }
  }
`)

/** Merging customers: what it would do, the merge, its undo. */
export const CustomerMergePlanQuery = graphql(`
  query CustomerMergePlan($input: MergeCustomersInput!) {
    customerMergePlan(input: $input) {
      phones tags
      moves { table rows }
      fields { field differs chosenCustomerId value values { customerId value } }
    }
  }
`)

export const CustomersMerge = graphql(`
  mutation CustomersMerge($input: MergeCustomersInput!) {
    mergeCustomers(input: $input) { id survivorId undoUntil merged { id number name } }
  }
`)

export const CustomerMergeUndo = graphql(`
  mutation CustomerMergeUndo($id: ID!) {
    undoCustomerMerge(id: $id) { id undoable undoneAt }
  }
`)

export const CustomerDismissDuplicate = graphql(`
  mutation CustomerDismissDuplicate($a: ID!, $b: ID!) {
    dismissDuplicate(customerId: $a, otherId: $b)
  }
`)
