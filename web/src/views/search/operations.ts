import { graphql } from '@/gql'

export const SearchEverything = graphql(`
  query SearchEverything($input: SearchInput!) {
    search(input: $input) {
      total
      hits {
        __typename
        ... on CustomerHit {
          score
          customer { id name company phones owner { displayName } }
          highlights { field fragments }
        }
        ... on ConversationHit {
          score
          conversation { id customerId customerName topic kind occurredAt }
          highlights { field fragments }
        }
        ... on BoardPostHit {
          score
          post { id title authorName createdAt }
          highlights { field fragments }
        }
      }
    }
  }
`)
