// The holidays a `holiday` trigger names (customer care, 节日关怀), read
// once per page load: they change only with the product.
import { query } from '@/api/client'
import type { WorkflowHolidaysQuery } from '@/gql/graphql'
import { WorkflowHolidays } from './operations'

export type Holiday = WorkflowHolidaysQuery['holidays'][number]

let cached: Promise<Holiday[]> | null = null

/** The presets, Chinese holidays first (a failed read is tried again next time). */
export function loadHolidays(): Promise<Holiday[]> {
  cached ??= query(WorkflowHolidays, {}).then(
    (d) => d.holidays,
    (e) => {
      cached = null
      throw e
    },
  )
  return cached
}

/** A holiday's name in the UI's language. */
export const holidayName = (h: Pick<Holiday, 'name' | 'nameEn'>, locale: string) => (locale === 'en' && h.nameEn ? h.nameEn : h.name)
