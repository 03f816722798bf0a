// The public pool's GraphQL operations.
import { graphql } from '@/gql'

export const PoolList = graphql(`
  query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String, $releaseReason: String) {
    pool(filter: $filter, sort: $sort, first: $first, after: $after, releaseReason: $releaseReason) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id number name company phones status grade tags createdAt
          release { releasedAt reason releasedBy { id displayName } previousOwner { id displayName } }
        }
      }
    }
  }
`)

export const PoolQuotaQuery = graphql(`
  query PoolQuota {
    poolQuota { claimsToday claimsPerDay held maxHeld reclaimCooldownDays dayEndsAt }
  }
`)

/** The release reasons in the pool now, for the reason filter. */
export const PoolReleaseReasons = graphql(`
  query PoolReleaseReasons { poolReleaseReasons { reason count } }
`)
