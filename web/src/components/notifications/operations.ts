import { graphql } from '@/gql'

export const UnreadNotificationCount = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`)

export const NotificationList = graphql(`
  query NotificationList($first: Int, $after: String, $locale: String) {
    notifications(first: $first, after: $after) {
      nodes { id kind title(locale: $locale) body(locale: $locale) link { kind id } createdAt read }
      pageInfo { hasNextPage endCursor }
    }
    unreadNotificationCount
  }
`)

export const MarkNotificationsRead = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]!) {
    markNotificationsRead(ids: $ids) { unreadCount notifications { id read } }
  }
`)

export const MarkAllNotificationsRead = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`)
