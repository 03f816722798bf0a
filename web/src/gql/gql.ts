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
    "\n  mutation AuthSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      tenant { id name slug plan }\n    }\n  }\n": typeof types.AuthSignUpDocument,
    "\n  mutation AuthLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": typeof types.AuthLoginDocument,
    "\n  mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n": typeof types.AuthRequestPasswordResetDocument,
    "\n  mutation AuthResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": typeof types.AuthResetPasswordDocument,
    "\n  mutation AuthVerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n": typeof types.AuthVerifyEmailDocument,
    "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role }\n      tenant { id name }\n    }\n  }\n": typeof types.AuthAcceptInvitationDocument,
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
    "\n  mutation AuthSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      tenant { id name slug plan }\n    }\n  }\n": types.AuthSignUpDocument,
    "\n  mutation AuthLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": types.AuthLoginDocument,
    "\n  mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n": types.AuthRequestPasswordResetDocument,
    "\n  mutation AuthResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": types.AuthResetPasswordDocument,
    "\n  mutation AuthVerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n": types.AuthVerifyEmailDocument,
    "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role }\n      tenant { id name }\n    }\n  }\n": types.AuthAcceptInvitationDocument,
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
export function graphql(source: "\n  mutation AuthSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      tenant { id name slug plan }\n    }\n  }\n"): (typeof documents)["\n  mutation AuthSignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      token\n      tenant { id name slug plan }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation AuthLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n"): (typeof documents)["\n  mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation AuthResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthVerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n"): (typeof documents)["\n  mutation AuthVerifyEmail($token: String!) {\n    verifyEmail(token: $token)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role }\n      tenant { id name }\n    }\n  }\n"): (typeof documents)["\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role }\n      tenant { id name }\n    }\n  }\n"];
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