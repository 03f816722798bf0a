// The one GraphQL client of the web app. It talks only to the public API at
// /graphql, with the session in an HttpOnly cookie the page's scripts cannot
// read; every request carries the CSRF token from the readable `gx_csrf`
// cookie (double submit), which a cross-site page cannot know.
import { Client, cacheExchange, fetchExchange, type AnyVariables } from '@urql/vue'
import type { TypedDocumentString } from '@/gql/graphql'
import { ApiError, toApiError } from './errors'

function cookie(name: string): string | undefined {
  const prefix = `${name}=`
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith(prefix))
    ?.slice(prefix.length)
}

/** The headers that authenticate a request of this page: the CSRF token
 * that goes with the session cookie. For fetches outside the GraphQL client
 * (a customer's photo). */
export function authHeaders(): Record<string, string> {
  const h: Record<string, string> = { 'X-Guanxi-Client': 'web' }
  const csrf = cookie('gx_csrf')
  if (csrf) h['X-CSRF-Token'] = decodeURIComponent(csrf)
  return h
}

export const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, fetchExchange],
  // Lists change under other people's hands: show what is cached, then refresh.
  requestPolicy: 'cache-and-network',
  fetchOptions: () => ({ credentials: 'same-origin', headers: authHeaders() }),
})

/** Listeners told when the API says the session is gone. */
const unauthenticated = new Set<() => void>()
export function onUnauthenticated(f: () => void) {
  unauthenticated.add(f)
}

function check<T>(result: { data?: T; error?: unknown }): T {
  if (result.error) {
    const e = toApiError(result.error)
    if (e.code === 'UNAUTHENTICATED') unauthenticated.forEach((f) => f())
    throw e
  }
  if (result.data === undefined || result.data === null) throw new ApiError('UNKNOWN', 'no data')
  return result.data
}

/** Run a query once, fresh from the server; throws an `ApiError`. */
export async function query<T, V extends AnyVariables>(doc: TypedDocumentString<T, V>, variables: V): Promise<T> {
  return check(await client.query<T, V>(doc.toString(), variables, { requestPolicy: 'network-only' }).toPromise())
}

/** Run a mutation; throws an `ApiError`. Files in the variables are uploaded
 * as a GraphQL multipart request. */
export async function mutate<T, V extends AnyVariables>(doc: TypedDocumentString<T, V>, variables: V): Promise<T> {
  return check(await client.mutation<T, V>(doc.toString(), variables).toPromise())
}
