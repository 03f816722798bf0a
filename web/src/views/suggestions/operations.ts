import { graphql } from '@/gql'

export const SuggestionFields = graphql(`
  fragment SuggestionFields on Suggestion {
    id title content anonymous authorId authorName replyCount createdAt
    replies { id authorName content createdAt }
  }
`)

export const SuggestionsSubmit = graphql(`
  mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {
    submitSuggestion(input: $input) { id anonymous createdAt readerToken readerLink }
  }
`)

export const SuggestionsMine = graphql(`
  query SuggestionsMine($limit: Int!, $before: ID) {
    mySuggestions(limit: $limit, before: $before) { ...SuggestionFields }
  }
`)

export const SuggestionsInbox = graphql(`
  query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {
    suggestions(window: $window, limit: $limit, before: $before) { ...SuggestionFields }
  }
`)

export const SuggestionsReply = graphql(`
  mutation SuggestionsReply($id: ID!, $content: String!) {
    replyToSuggestion(suggestionId: $id, content: $content) { id authorName content createdAt }
  }
`)

export const SuggestionsDelete = graphql(`
  mutation SuggestionsDelete($id: ID!) {
    deleteSuggestion(id: $id)
  }
`)

export const SuggestionsAnonymous = graphql(`
  query SuggestionsAnonymous($token: String!) {
    anonymousSuggestion(token: $token) {
      id title content createdAt
      replies { id authorName content createdAt }
    }
  }
`)
