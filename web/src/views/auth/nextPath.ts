import type { LocationQuery } from 'vue-router'

/** Where to go after logging in: `?next=` when it is a path of this app
 * (never another site: `//evil.example` is refused), else home. */
export function nextPath(query: LocationQuery): string {
  const n = query.next
  return typeof n === 'string' && n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/\\') ? n : '/'
}

/** The token in a mail link's `?token=`. */
export function tokenParam(query: LocationQuery): string {
  return typeof query.token === 'string' ? query.token : ''
}

/** The browser remembers the last company slug used to log in. */
export const SLUG_KEY = 'gx.slug'
