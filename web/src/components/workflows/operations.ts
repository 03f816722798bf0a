// GraphQL operations of workflow automation (自动化流程): the pages of
// admins (and of supervisors for their groups, where the company allows
// it), and the customer page's "run workflow" menu.
import { graphql } from '@/gql'

export const WorkflowList = graphql(`
  query WorkflowList {
    workflows {
      id name description state stoppedReason updatedAt groupId runsAsAutomation
      activeVersion { number definition }
      draft { number definition }
    }
  }
`)

export const WorkflowDetail = graphql(`
  query WorkflowDetail($id: ID!) {
    workflow(id: $id) {
      id name description state runAsId runsAsAutomation groupId createdById stoppedReason hasWebhookSecret webhookUrl createdAt updatedAt
      activeVersion { id number definition }
      draft { id number definition }
      versions { id number status definition createdAt publishedAt }
    }
  }
`)

/** The built-in templates a workflow starts from (pool rules, fair
 * assignment, reminders, customer care). */
export const WorkflowTemplates = graphql(`
  query WorkflowTemplates {
    workflowTemplates { key category name nameEn description descriptionEn definition }
  }
`)

/** The holidays a `holiday` trigger (customer care, 节日关怀) may name,
 * with their next dates. */
export const WorkflowHolidays = graphql(`
  query WorkflowHolidays {
    holidays { key name nameEn nextDate }
  }
`)

/** What the editor offers: event types and custom fields. */
export const WorkflowEditorData = graphql(`
  query WorkflowEditorData {
    workflowTriggerEvents
    customFields(entity: CUSTOMER) { key label labelEn type }
  }
`)

/** The plugins a step may call (admins: plugins are theirs to see). */
export const WorkflowPlugins = graphql(`
  query WorkflowPlugins {
    plugins { id name enabled currentVersion { hooks } }
  }
`)

/** Who a workflow may act as: the people the caller sees. */
export const WorkflowRunAsUsers = graphql(`
  query WorkflowRunAsUsers {
    users { id displayName email role active group { id name } }
  }
`)

export const WorkflowSetAutomationIdentity = graphql(`
  mutation WorkflowSetAutomationIdentity($input: AutomationIdentityInput!) {
    setAutomationIdentity(input: $input) { id name role supervisedGroupIds active updatedAt }
  }
`)

export const WorkflowSigningSecret = graphql(`
  query WorkflowSigningSecret($id: ID!) { workflow(id: $id) { id signingSecret } }
`)

export const WorkflowCreate = graphql(`
  mutation WorkflowCreate($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }
`)

export const WorkflowUpdate = graphql(`
  mutation WorkflowUpdate($id: ID!, $input: UpdateWorkflowInput!) { updateWorkflow(id: $id, input: $input) { id } }
`)

export const WorkflowPublish = graphql(`
  mutation WorkflowPublish($id: ID!) { publishWorkflow(id: $id) { webhookSecret workflow { id state } } }
`)

export const WorkflowDeactivate = graphql(`
  mutation WorkflowDeactivate($id: ID!) { deactivateWorkflow(id: $id) { id state } }
`)

export const WorkflowArchive = graphql(`
  mutation WorkflowArchive($id: ID!) { archiveWorkflow(id: $id) { id state } }
`)

export const WorkflowRotateSecret = graphql(`
  mutation WorkflowRotateSecret($id: ID!) { rotateWorkflowWebhookSecret(id: $id) }
`)

export const WorkflowRuns = graphql(`
  query WorkflowRuns($workflowId: ID, $status: WorkflowRunStatus, $first: Int, $after: String) {
    workflowRuns(workflowId: $workflowId, status: $status, first: $first, after: $after) {
      nodes { id status trigger customerId depth round error failedStep waitUntil createdAt startedAt finishedAt }
      pageInfo { hasNextPage endCursor }
    }
  }
`)

export const WorkflowRun = graphql(`
  query WorkflowRun($id: ID!) {
    workflowRun(id: $id) {
      id workflowId versionId status trigger customerId depth round error failedStep waitUntil createdAt startedAt finishedAt
      steps { round key kind status input output error attempts startedAt finishedAt }
    }
  }
`)

export const WorkflowRetryRun = graphql(`
  mutation WorkflowRetryRun($id: ID!, $fromStart: Boolean) { retryWorkflowRun(id: $id, fromStart: $fromStart) { id status } }
`)

export const WorkflowStopRun = graphql(`
  mutation WorkflowStopRun($id: ID!) { stopWorkflowRun(id: $id) { id status } }
`)

export const ManualWorkflows = graphql(`
  query ManualWorkflows { manualWorkflows { id name } }
`)

export const RunWorkflow = graphql(`
  mutation RunWorkflow($workflowId: ID!, $customerId: ID!) { runWorkflow(workflowId: $workflowId, customerId: $customerId) { id status } }
`)

/** The segments a condition may name (the lifecycle stages and the saved
 * lists the editor sees). */
export const WorkflowSegments = graphql(`
  query WorkflowSegments {
    segments { id name stage }
  }
`)
