// The filters of the customer list and the pool, and their form for the API.
import type { CustomerFilter, CustomerSearchField, CustomerStatus, Grade, ReleasedWithin } from '@/gql/graphql'
import { wallToIso } from './time'
import type { FieldDef } from './customFields'

export interface FilterModel {
  search: string
  searchIn: CustomerSearchField[]
  status: CustomerStatus | null
  grade: Grade | null
  ownerId: string | null
  tag: string
  industry: string | null
  source: string | null
  /** Created between these days (`YYYY-MM-DD`, company time zone). */
  created: [string, string] | null
  /** Select fields' chosen option, by field key. */
  custom: Record<string, string | null>
  releasedWithin: ReleasedWithin | null
}

export function emptyFilter(): FilterModel {
  return { search: '', searchIn: [], status: null, grade: null, ownerId: null, tag: '', industry: null, source: null, created: null, custom: {}, releasedWithin: null }
}

/** Whether anything but the search box is set. */
export function filterActive(m: FilterModel): boolean {
  return Boolean(
    m.status || m.grade || m.ownerId || m.tag || m.industry || m.source || m.created || m.releasedWithin ||
      Object.values(m.custom).some((v) => v),
  )
}

/** The API's filter for a model (select fields: single selects by equality,
 * multiple selects by containing the option). */
export function toApiFilter(m: FilterModel, fields: FieldDef[]): CustomerFilter {
  const f: CustomerFilter = {}
  if (m.search.trim()) {
    f.search = m.search.trim()
    if (m.searchIn.length) f.searchIn = m.searchIn
  }
  if (m.status) f.status = m.status
  if (m.grade) f.grade = m.grade
  if (m.ownerId) f.ownerId = m.ownerId
  if (m.tag.trim()) f.tag = m.tag.trim()
  if (m.industry) f.industry = m.industry
  if (m.source) f.source = m.source
  if (m.created) {
    f.createdFrom = wallToIso(`${m.created[0]} 00:00:00`)
    // The end day is included: before the next midnight.
    const end = new Date(`${m.created[1]}T00:00:00Z`)
    end.setUTCDate(end.getUTCDate() + 1)
    f.createdTo = wallToIso(`${end.toISOString().slice(0, 10)} 00:00:00`)
  }
  if (m.releasedWithin) f.releasedWithin = m.releasedWithin
  const conds = Object.entries(m.custom)
    .filter(([, v]) => v)
    .map(([key, v]) => {
      const multi = fields.find((x) => x.key === key)?.type === 'MULTI_SELECT'
      return { key, op: multi ? ('CONTAINS' as const) : ('EQ' as const), value: v }
    })
  if (conds.length) f.custom = conds
  return f
}
