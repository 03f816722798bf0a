// Who is logged in: loaded once from `me`, cleared on logout or when the API
// says the session is gone.
import { reactive } from 'vue'
import { graphql } from '@/gql'
import type { Role, SubscriptionStatus } from '@/gql/graphql'
import { mutate, onUnauthenticated, query } from '@/api/client'
import { billingLink, onReadOnly } from '@/api/errors'
import { setLocale } from '@/i18n'

export const MeQuery = graphql(`
  query Me {
    me {
      user { id email displayName role group { id name } }
      tenant { id slug name timeZone locale plan }
      authMethod
      canWrite
      subscription { state trialEndsAt readOnlyAt }
    }
  }
`)

/** What the company switched on that opens pages to more roles (see
 * `@/access`); read where a role needs it, off until read. */
export interface Features {
  /** Supervisors manage their groups' automation: workflows and webhooks. */
  supervisorsManageAutomation: boolean
}

const FeaturesQuery = graphql(`
  query SessionFeatures {
    tenantSettings { supervisorsManageAutomation }
  }
`)

const noFeatures = (): Features => ({ supervisorsManageAutomation: false })

export interface SessionUser {
  id: string
  email: string
  displayName: string
  role: Role
  group?: { id: string; name: string } | null
}

export const session = reactive({
  loaded: false,
  user: null as SessionUser | null,
  tenant: null as { id: string; slug: string; name: string; timeZone: string; locale: string; plan: string } | null,
  /** Where the company's subscription stands (the layout's notice). */
  subscription: null as SubscriptionStanding | null,
  features: noFeatures(),
})

export interface SubscriptionStanding {
  state: SubscriptionStatus
  trialEndsAt?: string | null
  readOnlyAt?: string | null
}

/** Load the caller (once per page load unless `force`); false when logged out. */
export async function loadSession(force = false): Promise<boolean> {
  if (session.loaded && !force) return session.user !== null
  try {
    const data = await query(MeQuery, {})
    session.user = data.me.user
    session.tenant = data.me.tenant
    session.subscription = data.me.subscription
    session.features = await loadFeatures(data.me.user.role)
  } catch {
    clear()
  }
  session.loaded = true
  return session.user !== null
}

/** The features a role's pages depend on: only supervisors' do (admins
 * have every page anyway). */
async function loadFeatures(role: Role): Promise<Features> {
  if (role !== 'SUPERVISOR') return noFeatures()
  try {
    const s = (await query(FeaturesQuery, {})).tenantSettings
    return { supervisorsManageAutomation: s.supervisorsManageAutomation }
  } catch {
    // Without them the pages they open stay closed.
    return noFeatures()
  }
}

function clear() {
  session.user = null
  session.tenant = null
  session.subscription = null
  session.features = noFeatures()
}

/** After a login, sign-up or accepted invitation: load the new session and
 * adopt the user's language unless they chose one in this browser. */
export async function startSession() {
  await loadSession(true)
  if (!localStorage.getItem('gx.locale') && session.tenant?.locale === 'en') await setLocale('en')
}

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`)

/** End the session on the server and here. */
export async function logout() {
  try {
    await mutate(LogoutMutation, {})
  } catch {
    // Already gone on the server: nothing more to end.
  }
  clear()
}

/** Whether the caller has one of these roles. */
export function hasRole(...roles: Role[]): boolean {
  return session.user !== null && roles.includes(session.user.role)
}

onUnauthenticated(clear)

/** Read the company's standing again (after a billing change, or when a
 * write was refused as read-only). */
export async function refreshSubscription() {
  try {
    const data = await query(MeQuery, {})
    session.subscription = data.me.subscription
    session.tenant = data.me.tenant
  } catch {
    // Keep what is shown; the next page load reads it again.
  }
}

billingLink.isAdmin = () => session.user?.role === 'ADMIN'
onReadOnly(() => void refreshSubscription())
