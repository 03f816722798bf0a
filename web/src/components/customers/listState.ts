// The customer list's state, kept while the app runs so that coming back
// from a customer's page shows the same tab, filter and page.
import { reactive } from 'vue'
import type { CustomerFilter, DateWindow } from '@/gql/graphql'
import { emptyFilter, type FilterModel } from './filters'

export type Canned = 'all' | 'contacted' | 'visited' | 'toVisit' | 'added'

export const listState = reactive({
  canned: 'all' as Canned,
  window: 'TODAY' as DateWindow,
  filter: emptyFilter() as FilterModel,
  pageSize: 10,
  /** `after` cursors of the pages before the current one, and its own. */
  cursors: [] as (string | null)[],
  after: null as string | null,
  sort: null as { prop: string; order: 'ascending' | 'descending' } | null,
  /** The segment whose filter the list shows instead of the filter bar's. */
  segment: null as { id: string; name: string; filter: CustomerFilter } | null,
})

const COLUMNS_KEY = 'gx.customers.columns'
export const STANDARD_COLUMNS = [
  'number', 'name', 'company', 'title', 'phones', 'email', 'status', 'grade', 'owner', 'industry', 'source', 'tags',
  'lastContactAt', 'nextVisitAt', 'createdAt', 'updatedAt',
] as const
const DEFAULT_COLUMNS = ['number', 'name', 'company', 'phones', 'status', 'grade', 'owner', 'lastContactAt', 'nextVisitAt']

/** The chosen columns (`custom:<key>` for custom fields), from this browser. */
export function loadColumns(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  } catch {
    // A damaged entry: start again from the defaults.
  }
  return [...DEFAULT_COLUMNS]
}

export function saveColumns(cols: string[]) {
  localStorage.setItem(COLUMNS_KEY, JSON.stringify(cols))
}
