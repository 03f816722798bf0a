// GraphQL operations of the team pages (people, groups, invitations, offboarding).
import { graphql } from '@/gql'

export const TeamUsers = graphql(`
  query TeamUsers {
    users(filter: { includeInactive: true }) {
      id email displayName role active erasedAt lastLoginAt createdAt emailVerified awayUntil
      group { id name }
    }
  }
`)

export const TeamGroups = graphql(`
  query TeamGroups {
    groups { id name createdAt supervisors { id displayName } members { id } }
  }
`)

export const TeamUpdateUser = graphql(`
  mutation TeamUpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) { id displayName role group { id name } }
  }
`)

export const TeamDeactivateUser = graphql(`
  mutation TeamDeactivateUser($id: ID!) { deactivateUser(id: $id) { id active } }
`)

export const TeamReactivateUser = graphql(`
  mutation TeamReactivateUser($id: ID!) { reactivateUser(id: $id) { id active } }
`)

export const TeamCreateGroup = graphql(`
  mutation TeamCreateGroup($name: String!) { createGroup(name: $name) { id name } }
`)

export const TeamRenameGroup = graphql(`
  mutation TeamRenameGroup($id: ID!, $name: String!) { renameGroup(id: $id, name: $name) { id name } }
`)

export const TeamDeleteGroup = graphql(`
  mutation TeamDeleteGroup($id: ID!) { deleteGroup(id: $id) }
`)

export const TeamAddSupervisor = graphql(`
  mutation TeamAddSupervisor($groupId: ID!, $userId: ID!) {
    addGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }
  }
`)

export const TeamRemoveSupervisor = graphql(`
  mutation TeamRemoveSupervisor($groupId: ID!, $userId: ID!) {
    removeGroupSupervisor(groupId: $groupId, userId: $userId) { id supervisors { id displayName } }
  }
`)

export const TeamInvitations = graphql(`
  query TeamInvitations {
    invitations { id email role groupId invitedById status createdAt expiresAt }
  }
`)

export const TeamInvite = graphql(`
  mutation TeamInvite($input: InviteUserInput!) {
    inviteUser(input: $input) { id email role groupId status createdAt expiresAt }
  }
`)

export const TeamRevokeInvitation = graphql(`
  mutation TeamRevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id status } }
`)

/** A new link for a pending invitation (admins), to hand over another way. */
export const TeamRenewInvitationLink = graphql(`
  mutation TeamRenewInvitationLink($id: ID!) {
    renewInvitationLink(id: $id) { url invitation { id status expiresAt } }
  }
`)

export const TeamOffboardUser = graphql(`
  query TeamOffboardUser($id: ID!) {
    teamMember(id: $id) {
      user { id displayName email role active erasedAt group { id name } }
      customersHeld
      plans { open done overdue }
    }
  }
`)

export const TeamOffboard = graphql(`
  mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {
    offboardUser(id: $id, input: $input) {
      successorId customersToPool customersToSuccessor plansDeleted suggestionsDeleted sessionsRevoked apiKeysRevoked
      user { id active }
    }
  }
`)

export const TeamErase = graphql(`
  mutation TeamErase($id: ID!) {
    erasePersonalDetails(id: $id, confirm: true) {
      sessionsDeleted apiKeysRevoked invitationsCleared mailsCleared auditEntriesCleared
      user { id displayName erasedAt }
    }
  }
`)
