import type { NotificationLinkKind } from '@/gql/graphql'

/** The page of the app that shows a notification's record. */
export function linkPath(link: { kind: NotificationLinkKind; id: string } | null | undefined): string | null {
  if (!link) return null
  switch (link.kind) {
    case 'CUSTOMER':
      return `/customers/${link.id}`
    case 'IMPORT':
      return '/import'
    case 'WEBHOOK':
      return '/admin/webhooks'
    case 'BOARD_POST':
      return '/board'
    case 'WORK_PLAN':
      return '/plans'
    case 'WORKFLOW':
      return `/admin/workflows/${link.id}`
    default:
      return null
  }
}
