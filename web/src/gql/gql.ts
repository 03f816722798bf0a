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
    "\n  query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {\n    toVisit: customers(filter: { toVisit: TODAY }, first: 6) {\n      totalCount\n      edges { node { id name company nextVisitAt owner { id displayName } } }\n    }\n    todayPlans: workPlans(filter: { from: $todayFrom, to: $todayTo, status: ALL }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    overduePlans: workPlans(filter: { status: OVERDUE }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    recent: conversations(filter: { window: LAST_3_DAYS }, first: 6) {\n      totalCount\n      nodes { id customerId customerName topic kind occurredAt author { id displayName } }\n    }\n    addedToday: customers(filter: { added: TODAY }, first: 1) { totalCount }\n    addedWeek: customers(filter: { added: THIS_WEEK }, first: 1) { totalCount }\n    contactedToday: customers(filter: { contacted: TODAY }, first: 1) { totalCount }\n    visitedWeek: customers(filter: { visited: THIS_WEEK }, first: 1) { totalCount }\n  }\n": typeof types.HomeOverviewDocument,
    "\n  query HomeTeam {\n    team(filter: { active: true }, first: 20) {\n      totalCount\n      members {\n        user { id displayName role group { id name } }\n        customersHeld\n        plans { open done overdue }\n        customersCreated { last7Days }\n        poolClaims { last7Days }\n      }\n    }\n  }\n": typeof types.HomeTeamDocument,
    "\n  mutation HomePlanDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n": typeof types.HomePlanDoneDocument,
    "\n  fragment PlanFields on WorkPlan {\n    id subject start end content notes done doneAt overdue createdAt updatedAt\n    author { id displayName }\n    doneBy { id displayName }\n  }\n": typeof types.PlanFieldsFragmentDoc,
    "\n  query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes { ...PlanFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.PlansListDocument,
    "\n  query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.PlansCursorsDocument,
    "\n  mutation PlansCreate($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { ...PlanFields }\n  }\n": typeof types.PlansCreateDocument,
    "\n  mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {\n    updateWorkPlan(id: $id, input: $input) { ...PlanFields }\n  }\n": typeof types.PlansUpdateDocument,
    "\n  mutation PlansSetDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n": typeof types.PlansSetDoneDocument,
    "\n  mutation PlansDelete($id: ID!) {\n    deleteWorkPlan(id: $id)\n  }\n": typeof types.PlansDeleteDocument,
    "\n  query ProfileMe {\n    me {\n      user { id email displayName role emailVerified lastLoginAt createdAt group { id name } }\n      tenant { id name slug plan timeZone }\n    }\n  }\n": typeof types.ProfileMeDocument,
    "\n  mutation ProfileChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ProfileChangePasswordDocument,
    "\n  mutation ProfileResendVerification {\n    resendVerificationEmail\n  }\n": typeof types.ProfileResendVerificationDocument,
    "\n  mutation ProfileLogoutEverywhere {\n    logoutEverywhere\n  }\n": typeof types.ProfileLogoutEverywhereDocument,
    "\n  fragment SuggestionFields on Suggestion {\n    id title content anonymous authorId authorName replyCount createdAt\n    replies { id authorName content createdAt }\n  }\n": typeof types.SuggestionFieldsFragmentDoc,
    "\n  mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {\n    submitSuggestion(input: $input) { id anonymous createdAt readerToken readerLink }\n  }\n": typeof types.SuggestionsSubmitDocument,
    "\n  query SuggestionsMine($limit: Int!, $before: ID) {\n    mySuggestions(limit: $limit, before: $before) { ...SuggestionFields }\n  }\n": typeof types.SuggestionsMineDocument,
    "\n  query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {\n    suggestions(window: $window, limit: $limit, before: $before) { ...SuggestionFields }\n  }\n": typeof types.SuggestionsInboxDocument,
    "\n  mutation SuggestionsReply($id: ID!, $content: String!) {\n    replyToSuggestion(suggestionId: $id, content: $content) { id authorName content createdAt }\n  }\n": typeof types.SuggestionsReplyDocument,
    "\n  mutation SuggestionsDelete($id: ID!) {\n    deleteSuggestion(id: $id)\n  }\n": typeof types.SuggestionsDeleteDocument,
    "\n  query SuggestionsAnonymous($token: String!) {\n    anonymousSuggestion(token: $token) {\n      id title content createdAt\n      replies { id authorName content createdAt }\n    }\n  }\n": typeof types.SuggestionsAnonymousDocument,
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
    "\n  query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {\n    toVisit: customers(filter: { toVisit: TODAY }, first: 6) {\n      totalCount\n      edges { node { id name company nextVisitAt owner { id displayName } } }\n    }\n    todayPlans: workPlans(filter: { from: $todayFrom, to: $todayTo, status: ALL }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    overduePlans: workPlans(filter: { status: OVERDUE }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    recent: conversations(filter: { window: LAST_3_DAYS }, first: 6) {\n      totalCount\n      nodes { id customerId customerName topic kind occurredAt author { id displayName } }\n    }\n    addedToday: customers(filter: { added: TODAY }, first: 1) { totalCount }\n    addedWeek: customers(filter: { added: THIS_WEEK }, first: 1) { totalCount }\n    contactedToday: customers(filter: { contacted: TODAY }, first: 1) { totalCount }\n    visitedWeek: customers(filter: { visited: THIS_WEEK }, first: 1) { totalCount }\n  }\n": types.HomeOverviewDocument,
    "\n  query HomeTeam {\n    team(filter: { active: true }, first: 20) {\n      totalCount\n      members {\n        user { id displayName role group { id name } }\n        customersHeld\n        plans { open done overdue }\n        customersCreated { last7Days }\n        poolClaims { last7Days }\n      }\n    }\n  }\n": types.HomeTeamDocument,
    "\n  mutation HomePlanDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n": types.HomePlanDoneDocument,
    "\n  fragment PlanFields on WorkPlan {\n    id subject start end content notes done doneAt overdue createdAt updatedAt\n    author { id displayName }\n    doneBy { id displayName }\n  }\n": types.PlanFieldsFragmentDoc,
    "\n  query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes { ...PlanFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.PlansListDocument,
    "\n  query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.PlansCursorsDocument,
    "\n  mutation PlansCreate($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { ...PlanFields }\n  }\n": types.PlansCreateDocument,
    "\n  mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {\n    updateWorkPlan(id: $id, input: $input) { ...PlanFields }\n  }\n": types.PlansUpdateDocument,
    "\n  mutation PlansSetDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n": types.PlansSetDoneDocument,
    "\n  mutation PlansDelete($id: ID!) {\n    deleteWorkPlan(id: $id)\n  }\n": types.PlansDeleteDocument,
    "\n  query ProfileMe {\n    me {\n      user { id email displayName role emailVerified lastLoginAt createdAt group { id name } }\n      tenant { id name slug plan timeZone }\n    }\n  }\n": types.ProfileMeDocument,
    "\n  mutation ProfileChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ProfileChangePasswordDocument,
    "\n  mutation ProfileResendVerification {\n    resendVerificationEmail\n  }\n": types.ProfileResendVerificationDocument,
    "\n  mutation ProfileLogoutEverywhere {\n    logoutEverywhere\n  }\n": types.ProfileLogoutEverywhereDocument,
    "\n  fragment SuggestionFields on Suggestion {\n    id title content anonymous authorId authorName replyCount createdAt\n    replies { id authorName content createdAt }\n  }\n": types.SuggestionFieldsFragmentDoc,
    "\n  mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {\n    submitSuggestion(input: $input) { id anonymous createdAt readerToken readerLink }\n  }\n": types.SuggestionsSubmitDocument,
    "\n  query SuggestionsMine($limit: Int!, $before: ID) {\n    mySuggestions(limit: $limit, before: $before) { ...SuggestionFields }\n  }\n": types.SuggestionsMineDocument,
    "\n  query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {\n    suggestions(window: $window, limit: $limit, before: $before) { ...SuggestionFields }\n  }\n": types.SuggestionsInboxDocument,
    "\n  mutation SuggestionsReply($id: ID!, $content: String!) {\n    replyToSuggestion(suggestionId: $id, content: $content) { id authorName content createdAt }\n  }\n": types.SuggestionsReplyDocument,
    "\n  mutation SuggestionsDelete($id: ID!) {\n    deleteSuggestion(id: $id)\n  }\n": types.SuggestionsDeleteDocument,
    "\n  query SuggestionsAnonymous($token: String!) {\n    anonymousSuggestion(token: $token) {\n      id title content createdAt\n      replies { id authorName content createdAt }\n    }\n  }\n": types.SuggestionsAnonymousDocument,
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
export function graphql(source: "\n  fragment BoardReplyFields on BoardReply {\n    id postId parentId authorId authorName content createdAt editedAt\n  }\n"): (typeof documents)["\n  fragment BoardReplyFields on BoardReply {\n    id postId parentId authorId authorName content createdAt editedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardPostFields on BoardPost {\n    id authorId authorName title mood content replyCount createdAt editedAt\n    replies(limit: 100) { ...BoardReplyFields }\n  }\n"): (typeof documents)["\n  fragment BoardPostFields on BoardPost {\n    id authorId authorName title mood content replyCount createdAt editedAt\n    replies(limit: 100) { ...BoardReplyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardPosts($limit: Int!, $before: ID) {\n    boardPosts(limit: $limit, before: $before) { ...BoardPostFields }\n  }\n"): (typeof documents)["\n  query BoardPosts($limit: Int!, $before: ID) {\n    boardPosts(limit: $limit, before: $before) { ...BoardPostFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardMoreReplies($id: ID!, $after: ID) {\n    boardPost(id: $id) { id replyCount replies(limit: 100, after: $after) { ...BoardReplyFields } }\n  }\n"): (typeof documents)["\n  query BoardMoreReplies($id: ID!, $after: ID) {\n    boardPost(id: $id) { id replyCount replies(limit: 100, after: $after) { ...BoardReplyFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardMoods {\n    boardMoods\n  }\n"): (typeof documents)["\n  query BoardMoods {\n    boardMoods\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardCreatePost($input: CreateBoardPostInput!) {\n    createBoardPost(input: $input) { ...BoardPostFields }\n  }\n"): (typeof documents)["\n  mutation BoardCreatePost($input: CreateBoardPostInput!) {\n    createBoardPost(input: $input) { ...BoardPostFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardReply($input: ReplyToBoardPostInput!) {\n    replyToBoardPost(input: $input) { ...BoardReplyFields }\n  }\n"): (typeof documents)["\n  mutation BoardReply($input: ReplyToBoardPostInput!) {\n    replyToBoardPost(input: $input) { ...BoardReplyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardUpdatePost($id: ID!, $input: UpdateBoardPostInput!) {\n    updateBoardPost(id: $id, input: $input) { ...BoardPostFields }\n  }\n"): (typeof documents)["\n  mutation BoardUpdatePost($id: ID!, $input: UpdateBoardPostInput!) {\n    updateBoardPost(id: $id, input: $input) { ...BoardPostFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardUpdateReply($id: ID!, $content: String!) {\n    updateBoardReply(id: $id, content: $content) { ...BoardReplyFields }\n  }\n"): (typeof documents)["\n  mutation BoardUpdateReply($id: ID!, $content: String!) {\n    updateBoardReply(id: $id, content: $content) { ...BoardReplyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardDeletePost($id: ID!) {\n    deleteBoardPost(id: $id)\n  }\n"): (typeof documents)["\n  mutation BoardDeletePost($id: ID!) {\n    deleteBoardPost(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardDeleteReply($id: ID!) {\n    deleteBoardReply(id: $id)\n  }\n"): (typeof documents)["\n  mutation BoardDeleteReply($id: ID!) {\n    deleteBoardReply(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {\n    toVisit: customers(filter: { toVisit: TODAY }, first: 6) {\n      totalCount\n      edges { node { id name company nextVisitAt owner { id displayName } } }\n    }\n    todayPlans: workPlans(filter: { from: $todayFrom, to: $todayTo, status: ALL }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    overduePlans: workPlans(filter: { status: OVERDUE }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    recent: conversations(filter: { window: LAST_3_DAYS }, first: 6) {\n      totalCount\n      nodes { id customerId customerName topic kind occurredAt author { id displayName } }\n    }\n    addedToday: customers(filter: { added: TODAY }, first: 1) { totalCount }\n    addedWeek: customers(filter: { added: THIS_WEEK }, first: 1) { totalCount }\n    contactedToday: customers(filter: { contacted: TODAY }, first: 1) { totalCount }\n    visitedWeek: customers(filter: { visited: THIS_WEEK }, first: 1) { totalCount }\n  }\n"): (typeof documents)["\n  query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {\n    toVisit: customers(filter: { toVisit: TODAY }, first: 6) {\n      totalCount\n      edges { node { id name company nextVisitAt owner { id displayName } } }\n    }\n    todayPlans: workPlans(filter: { from: $todayFrom, to: $todayTo, status: ALL }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    overduePlans: workPlans(filter: { status: OVERDUE }, first: 6) {\n      totalCount\n      nodes { ...PlanFields }\n    }\n    recent: conversations(filter: { window: LAST_3_DAYS }, first: 6) {\n      totalCount\n      nodes { id customerId customerName topic kind occurredAt author { id displayName } }\n    }\n    addedToday: customers(filter: { added: TODAY }, first: 1) { totalCount }\n    addedWeek: customers(filter: { added: THIS_WEEK }, first: 1) { totalCount }\n    contactedToday: customers(filter: { contacted: TODAY }, first: 1) { totalCount }\n    visitedWeek: customers(filter: { visited: THIS_WEEK }, first: 1) { totalCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeTeam {\n    team(filter: { active: true }, first: 20) {\n      totalCount\n      members {\n        user { id displayName role group { id name } }\n        customersHeld\n        plans { open done overdue }\n        customersCreated { last7Days }\n        poolClaims { last7Days }\n      }\n    }\n  }\n"): (typeof documents)["\n  query HomeTeam {\n    team(filter: { active: true }, first: 20) {\n      totalCount\n      members {\n        user { id displayName role group { id name } }\n        customersHeld\n        plans { open done overdue }\n        customersCreated { last7Days }\n        poolClaims { last7Days }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HomePlanDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n"): (typeof documents)["\n  mutation HomePlanDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PlanFields on WorkPlan {\n    id subject start end content notes done doneAt overdue createdAt updatedAt\n    author { id displayName }\n    doneBy { id displayName }\n  }\n"): (typeof documents)["\n  fragment PlanFields on WorkPlan {\n    id subject start end content notes done doneAt overdue createdAt updatedAt\n    author { id displayName }\n    doneBy { id displayName }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes { ...PlanFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      totalCount\n      nodes { ...PlanFields }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {\n    workPlans(filter: $filter, first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansCreate($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { ...PlanFields }\n  }\n"): (typeof documents)["\n  mutation PlansCreate($input: CreateWorkPlanInput!) {\n    createWorkPlan(input: $input) { ...PlanFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {\n    updateWorkPlan(id: $id, input: $input) { ...PlanFields }\n  }\n"): (typeof documents)["\n  mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {\n    updateWorkPlan(id: $id, input: $input) { ...PlanFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansSetDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n"): (typeof documents)["\n  mutation PlansSetDone($id: ID!, $done: Boolean!) {\n    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlansDelete($id: ID!) {\n    deleteWorkPlan(id: $id)\n  }\n"): (typeof documents)["\n  mutation PlansDelete($id: ID!) {\n    deleteWorkPlan(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProfileMe {\n    me {\n      user { id email displayName role emailVerified lastLoginAt createdAt group { id name } }\n      tenant { id name slug plan timeZone }\n    }\n  }\n"): (typeof documents)["\n  query ProfileMe {\n    me {\n      user { id email displayName role emailVerified lastLoginAt createdAt group { id name } }\n      tenant { id name slug plan timeZone }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProfileChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ProfileChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProfileResendVerification {\n    resendVerificationEmail\n  }\n"): (typeof documents)["\n  mutation ProfileResendVerification {\n    resendVerificationEmail\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProfileLogoutEverywhere {\n    logoutEverywhere\n  }\n"): (typeof documents)["\n  mutation ProfileLogoutEverywhere {\n    logoutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SuggestionFields on Suggestion {\n    id title content anonymous authorId authorName replyCount createdAt\n    replies { id authorName content createdAt }\n  }\n"): (typeof documents)["\n  fragment SuggestionFields on Suggestion {\n    id title content anonymous authorId authorName replyCount createdAt\n    replies { id authorName content createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {\n    submitSuggestion(input: $input) { id anonymous createdAt readerToken readerLink }\n  }\n"): (typeof documents)["\n  mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {\n    submitSuggestion(input: $input) { id anonymous createdAt readerToken readerLink }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SuggestionsMine($limit: Int!, $before: ID) {\n    mySuggestions(limit: $limit, before: $before) { ...SuggestionFields }\n  }\n"): (typeof documents)["\n  query SuggestionsMine($limit: Int!, $before: ID) {\n    mySuggestions(limit: $limit, before: $before) { ...SuggestionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {\n    suggestions(window: $window, limit: $limit, before: $before) { ...SuggestionFields }\n  }\n"): (typeof documents)["\n  query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {\n    suggestions(window: $window, limit: $limit, before: $before) { ...SuggestionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuggestionsReply($id: ID!, $content: String!) {\n    replyToSuggestion(suggestionId: $id, content: $content) { id authorName content createdAt }\n  }\n"): (typeof documents)["\n  mutation SuggestionsReply($id: ID!, $content: String!) {\n    replyToSuggestion(suggestionId: $id, content: $content) { id authorName content createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SuggestionsDelete($id: ID!) {\n    deleteSuggestion(id: $id)\n  }\n"): (typeof documents)["\n  mutation SuggestionsDelete($id: ID!) {\n    deleteSuggestion(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SuggestionsAnonymous($token: String!) {\n    anonymousSuggestion(token: $token) {\n      id title content createdAt\n      replies { id authorName content createdAt }\n    }\n  }\n"): (typeof documents)["\n  query SuggestionsAnonymous($token: String!) {\n    anonymousSuggestion(token: $token) {\n      id title content createdAt\n      replies { id authorName content createdAt }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;