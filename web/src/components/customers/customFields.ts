// The company's custom fields of customers: labels in the UI language,
// options of selects, and their values as text.
import { reactive } from 'vue'
import { graphql } from '@/gql'
import { query } from '@/api/client'
import { i18n } from '@/i18n'
import { formatDateTime, formatNaiveDate } from './time'

/** A custom field as the customer pages use it. */
export interface FieldDef {
  id?: string
  key: string
  label: string
  labelEn?: string | null
  help?: string | null
  type: string
  required?: boolean
  rules?: Record<string, unknown> | null
  default?: unknown
}

export interface FieldOption {
  key: string
  label: string
  labelEn?: string | null
  color?: string | null
}

const en = () => i18n.global.locale.value === 'en'

/** The field's label in the UI language. */
export function fieldLabel(f: { label: string; labelEn?: string | null }): string {
  return en() && f.labelEn ? f.labelEn : f.label
}

/** The options of a single or multiple select. */
export function fieldOptions(f: FieldDef): FieldOption[] {
  const o = (f.rules as { options?: FieldOption[] } | null | undefined)?.options
  return Array.isArray(o) ? o : []
}

export function optionLabel(o: FieldOption): string {
  return en() && o.labelEn ? o.labelEn : o.label
}

const UsersQuery = graphql(`
  query CustomersUserNames {
    users(filter: { includeInactive: true }) { id displayName }
  }
`)

/** Names of the people the caller may see, loaded once, for `USER` values. */
export const userNames = reactive(new Map<string, string>())
let usersLoading: Promise<void> | null = null
export function loadUserNames(): Promise<void> {
  usersLoading ??= query(UsersQuery, {})
    .then((d) => d.users.forEach((u) => userNames.set(u.id, u.displayName)))
    .catch(() => {
      // Names are a nicety: the ids stay hidden behind a dash.
    })
  return usersLoading
}

/** A custom value as text for tables and the customer page. */
export function formatCustomValue(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined || v === '') return ''
  const t = (k: string) => i18n.global.t(k)
  switch (f.type) {
    case 'SINGLE_SELECT': {
      const o = fieldOptions(f).find((x) => x.key === v)
      return o ? optionLabel(o) : String(v)
    }
    case 'MULTI_SELECT':
      return (Array.isArray(v) ? v : [v])
        .map((k) => {
          const o = fieldOptions(f).find((x) => x.key === k)
          return o ? optionLabel(o) : String(k)
        })
        .join('、')
    case 'BOOLEAN':
      return v ? t('customers.form.yes') : t('customers.form.no')
    case 'MONEY': {
      const m = v as { amount?: string; currency?: string }
      return `${m.amount ?? ''} ${m.currency ?? ''}`.trim()
    }
    case 'DATE':
      return formatNaiveDate(String(v))
    case 'DATE_TIME':
      return formatDateTime(String(v))
    case 'USER':
      return userNames.get(String(v)) ?? '—'
    case 'RATING':
      return '★'.repeat(Number(v) || 0)
    default:
      return String(v)
  }
}

// Plain signatures: the typed ones make every key a type to check.
const g = i18n.global as unknown as { t: (key: string) => string; te: (key: string) => boolean }

/** A field of a customer by its API name (`custom.<key>` for a custom
 * value, whose definition `def` finds): its label in the user's language. */
export function customerFieldLabel(field: string, def?: (key: string) => FieldDef | undefined): string {
  if (field.startsWith('custom.')) {
    const d = def?.(field.slice(7))
    return d ? fieldLabel(d) : field.slice(7)
  }
  return g.te(`customers.fields.${field}`) ? g.t(`customers.fields.${field}`) : field
}

const ENUM_FIELDS: Record<string, string> = { status: 'customers.status', grade: 'customers.grade', gender: 'customers.gender' }

/** A stored value of a customer field as text (a history entry, a merge's
 * choices): enums by their lower-case name, a custom value by its
 * definition, times in local time, lists joined; `empty` for none. */
export function customerFieldText(
  field: string,
  v: unknown,
  o: { empty: string; def?: (key: string) => FieldDef | undefined },
): string {
  if (v === null || v === undefined || v === '') return o.empty
  if (ENUM_FIELDS[field] && typeof v === 'string') {
    const k = `${ENUM_FIELDS[field]}.${v.toUpperCase()}`
    return g.te(k) ? g.t(k) : v
  }
  if (field === 'photo') return g.t('customers.detail.photoValue')
  if (field.startsWith('custom.')) {
    const d = o.def?.(field.slice(7))
    if (d) return formatCustomValue(d, v) || o.empty
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v)
  if (Array.isArray(v)) return v.join(', ')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}
