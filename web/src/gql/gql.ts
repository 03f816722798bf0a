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
    "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role group { id name } }\n      tenant { id name }\n    }\n  }\n": typeof types.AuthAcceptInvitationDocument,
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
    "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role group { id name } }\n      tenant { id name }\n    }\n  }\n": types.AuthAcceptInvitationDocument,
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
export function graphql(source: "\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role group { id name } }\n      tenant { id name }\n    }\n  }\n"): (typeof documents)["\n  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      token\n      user { id displayName role group { id name } }\n      tenant { id name }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;