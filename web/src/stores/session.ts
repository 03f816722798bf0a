// Who is logged in: loaded once from `me`, cleared on logout or when the API
// says the session is gone.
import { reactive } from 'vue'
import { graphql } from '@/gql'
import type { Role } from '@/gql/graphql'
import { mutate, onUnauthenticated, query } from '@/api/client'
import { setLocale } from '@/i18n'

export const MeQuery = graphql(`
  query Me {
    me {
      user { id email displayName role group { id name } }
      tenant { id slug name timeZone locale plan }
      authMethod
      canWrite
    }
  }
`)

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
})

/** Load the caller (once per page load unless `force`); false when logged out. */
export async function loadSession(force = false): Promise<boolean> {
  if (session.loaded && !force) return session.user !== null
  try {
    const data = await query(MeQuery, {})
    session.user = data.me.user
    session.tenant = data.me.tenant
  } catch {
    session.user = null
    session.tenant = null
  }
  session.loaded = true
  return session.user !== null
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
  session.user = null
  session.tenant = null
}

/** Whether the caller has one of these roles. */
export function hasRole(...roles: Role[]): boolean {
  return session.user !== null && roles.includes(session.user.role)
}

onUnauthenticated(() => {
  session.user = null
  session.tenant = null
})
