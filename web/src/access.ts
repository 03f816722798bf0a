// Who may open a page: the roles it is for, and more roles where the
// company switched on what opens it to them. The menu and the router ask
// the same question.
import type { Role } from '@/gql/graphql'
import { session, type Features } from '@/stores/session'

/** Roles that may open a page too, where the company switched `feature` on. */
export interface FeatureGate {
  feature: keyof Features
  roles: Role[]
}

/** Supervisors manage their groups' automation (workflows and webhooks)
 * where the company allows it. */
export const SUPERVISED_AUTOMATION: FeatureGate = { feature: 'supervisorsManageAutomation', roles: ['SUPERVISOR'] }

/** Whether the caller may open a page for `roles` (anyone logged in when
 * absent), or through `gate`. */
export function mayOpen(roles: Role[] | undefined, gate?: FeatureGate): boolean {
  const role = session.user?.role
  if (!role) return false
  if (!roles || roles.includes(role)) return true
  return !!gate && gate.roles.includes(role) && session.features[gate.feature]
}
