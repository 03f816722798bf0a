// GraphQL operations workflows and webhooks share: whose they may be.
import { graphql } from '@/gql'

/** The groups automation may belong to (with their supervisors, to tell a
 * supervisor's own) and, when asked (admins' workflow pages), the
 * automation identity. */
export const AutomationScope = graphql(`
  query AutomationScope($identity: Boolean!) {
    groups { id name supervisors { id } }
    automationIdentity @include(if: $identity) { id name role supervisedGroupIds active updatedAt }
  }
`)
