import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { loadSession, session } from '@/stores/session'
import { billingLink } from '@/api/errors'
import type { Role } from '@/gql/graphql'
import { SUPERVISED_AUTOMATION, mayOpen, type FeatureGate } from '@/access'

declare module 'vue-router' {
  interface RouteMeta {
    /** Pages anyone may open (sign-up, login, links from mails). */
    public?: boolean
    /** Roles that may open the page; any logged-in user when absent. */
    roles?: Role[]
    /** More roles that may open it where the company switched a feature on. */
    gate?: FeatureGate
  }
}

const CRM: Role[] = ['SALESPERSON', 'SUPERVISOR', 'ADMIN']
const LEADS: Role[] = ['SUPERVISOR', 'ADMIN']

// Every page is its own chunk, so the first screen loads only what it shows.
const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./views/auth/LoginView.vue'), meta: { public: true } },
  { path: '/signup', component: () => import('./views/auth/SignUpView.vue'), meta: { public: true } },
  { path: '/accept-invitation', component: () => import('./views/auth/AcceptInvitationView.vue'), meta: { public: true } },
  { path: '/forgot-password', component: () => import('./views/auth/ForgotPasswordView.vue'), meta: { public: true } },
  { path: '/reset-password', component: () => import('./views/auth/ResetPasswordView.vue'), meta: { public: true } },
  { path: '/verify-email', component: () => import('./views/auth/VerifyEmailView.vue'), meta: { public: true } },
  // The private link of an anonymous suggestion (`readerLink`): read without logging in.
  { path: '/suggestion-replies', component: () => import('./views/suggestions/SuggestionRepliesView.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./layouts/AppLayout.vue'),
    children: [
      { path: '', component: () => import('./views/home/HomeView.vue'), meta: { roles: [...CRM, 'MAINTENANCE'] } },
      { path: 'profile', component: () => import('./views/profile/ProfileView.vue') },
      { path: 'customers', component: () => import('./views/customers/CustomerList.vue'), meta: { roles: CRM } },
      { path: 'customers/new', component: () => import('./views/customers/CustomerForm.vue'), meta: { roles: CRM } },
      { path: 'customers/:id', component: () => import('./views/customers/CustomerDetail.vue'), meta: { roles: CRM }, props: true },
      { path: 'customers/:id/edit', component: () => import('./views/customers/CustomerForm.vue'), meta: { roles: CRM }, props: true },
      { path: 'search', component: () => import('./views/search/SearchView.vue'), meta: { roles: CRM } },
      { path: 'pool', component: () => import('./views/pool/PoolView.vue'), meta: { roles: CRM } },
      { path: 'plans', component: () => import('./views/plans/PlansView.vue'), meta: { roles: CRM } },
      { path: 'import', component: () => import('./views/import/ImportView.vue'), meta: { roles: CRM } },
      { path: 'board', component: () => import('./views/board/BoardView.vue'), meta: { roles: CRM } },
      { path: 'suggestions', component: () => import('./views/suggestions/SuggestionsView.vue'), meta: { roles: CRM } },
      { path: 'dashboard', component: () => import('./views/dashboard/DashboardView.vue'), meta: { roles: CRM } },
      { path: 'team', component: () => import('./views/team/TeamView.vue'), meta: { roles: LEADS } },
      { path: 'team/offboard/:id', component: () => import('./views/team/OffboardView.vue'), meta: { roles: LEADS }, props: true },
      { path: 'admin/settings', component: () => import('./views/admin/SettingsView.vue'), meta: { roles: ['ADMIN'] } },
      { path: 'admin/tags', component: () => import('./views/admin/TagsView.vue'), meta: { roles: ['ADMIN'] } },
      { path: 'admin/custom-fields', component: () => import('./views/admin/CustomFieldsView.vue'), meta: { roles: ['ADMIN'] } },
      { path: 'admin/grading', component: () => import('./views/admin/GradingView.vue'), meta: { roles: ['ADMIN'] } },
      { path: 'admin/plugins', component: () => import('./views/admin/PluginsView.vue'), meta: { roles: ['ADMIN'] } },
      { path: 'admin/plugins/:id', component: () => import('./views/admin/PluginDetail.vue'), meta: { roles: ['ADMIN'] }, props: true },
      { path: 'admin/api-keys', component: () => import('./views/admin/ApiKeysView.vue'), meta: { roles: ['ADMIN'] } },
      { path: 'admin/workflows', component: () => import('./views/admin/WorkflowsView.vue'), meta: { roles: ['ADMIN'], gate: SUPERVISED_AUTOMATION } },
      // `new` as the id: a new workflow.
      { path: 'admin/workflows/:id', component: () => import('./views/admin/WorkflowDetail.vue'), meta: { roles: ['ADMIN'], gate: SUPERVISED_AUTOMATION }, props: true },
      { path: 'admin/webhooks', component: () => import('./views/admin/WebhooksView.vue'), meta: { roles: ['ADMIN'], gate: SUPERVISED_AUTOMATION } },
      { path: 'admin/audit', component: () => import('./views/admin/AuditView.vue'), meta: { roles: ['ADMIN'] } },
      { path: 'admin/billing', component: () => import('./views/admin/BillingView.vue'), meta: { roles: ['ADMIN'] } },
      // Where the payment provider and billing mails send admins back to.
      { path: 'settings/billing', redirect: (to) => ({ path: '/admin/billing', query: to.query }) },
      { path: 'admin/backups', component: () => import('./views/admin/BackupsView.vue'), meta: { roles: ['ADMIN', 'MAINTENANCE'] } },
      { path: ':pathMatch(.*)*', component: () => import('./views/NotFoundView.vue') },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })
// An error's link to the plan page navigates inside the app.
billingLink.open = (path) => void router.push(path)

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  // Fetch the page's code while the session is checked, not after.
  for (const r of to.matched) {
    const c = r.components?.default
    if (typeof c === 'function') void (c as () => Promise<unknown>)()
  }
  if (!(await loadSession())) return { path: '/login', query: { next: to.fullPath } }
  if (session.user && !mayOpen(to.meta.roles, to.meta.gate)) {
    // The maintenance role has only backups; everyone else goes home.
    return session.user.role === 'MAINTENANCE' ? '/admin/backups' : '/'
  }
  return true
})
