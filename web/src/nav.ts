// The app's menu: each entry with the roles that see it, and the roles
// that see it too where the company switched a feature on.
import type { Role } from '@/gql/graphql'
import { SUPERVISED_AUTOMATION, type FeatureGate } from '@/access'

export interface NavItem {
  path: string
  /** i18n key of the title. */
  title: string
  /** Element Plus icon component name. */
  icon: string
  roles: Role[]
  /** More roles that see it where the company switched a feature on. */
  gate?: FeatureGate
}

const CRM: Role[] = ['SALESPERSON', 'SUPERVISOR', 'ADMIN']
const LEADS: Role[] = ['SUPERVISOR', 'ADMIN']

export const NAV: NavItem[] = [
  { path: '/', title: 'nav.home', icon: 'HomeFilled', roles: CRM },
  { path: '/customers', title: 'nav.customers', icon: 'User', roles: CRM },
  { path: '/pool', title: 'nav.pool', icon: 'Box', roles: CRM },
  { path: '/plans', title: 'nav.plans', icon: 'Calendar', roles: CRM },
  { path: '/import', title: 'nav.import', icon: 'Upload', roles: CRM },
  { path: '/board', title: 'nav.board', icon: 'ChatDotSquare', roles: CRM },
  { path: '/suggestions', title: 'nav.suggestions', icon: 'Message', roles: CRM },
  { path: '/dashboard', title: 'nav.dashboard', icon: 'DataAnalysis', roles: CRM },
  { path: '/team', title: 'nav.team', icon: 'UserFilled', roles: LEADS },
  { path: '/admin/settings', title: 'nav.settings', icon: 'Setting', roles: ['ADMIN'] },
  { path: '/admin/tags', title: 'nav.tags', icon: 'PriceTag', roles: ['ADMIN'] },
  { path: '/admin/custom-fields', title: 'nav.customFields', icon: 'Grid', roles: ['ADMIN'] },
  { path: '/admin/grading', title: 'nav.grading', icon: 'Medal', roles: ['ADMIN'] },
  { path: '/admin/plugins', title: 'nav.plugins', icon: 'Connection', roles: ['ADMIN'] },
  { path: '/admin/api-keys', title: 'nav.apiKeys', icon: 'Key', roles: ['ADMIN'] },
  { path: '/admin/workflows', title: 'nav.workflows', icon: 'Operation', roles: ['ADMIN'], gate: SUPERVISED_AUTOMATION },
  { path: '/admin/webhooks', title: 'nav.webhooks', icon: 'Promotion', roles: ['ADMIN'], gate: SUPERVISED_AUTOMATION },
  { path: '/admin/audit', title: 'nav.audit', icon: 'Document', roles: ['ADMIN'] },
  { path: '/admin/billing', title: 'nav.billing', icon: 'CreditCard', roles: ['ADMIN'] },
  { path: '/admin/backups', title: 'nav.backups', icon: 'FolderOpened', roles: ['ADMIN', 'MAINTENANCE'] },
]
