// Names and amounts of billing as the UI shows them, shared by the plan page,
// the layout's notice and error messages: plans and entitlements by their
// message, amounts in the unit of the entitlement.
import { i18n } from '@/i18n'

const g = i18n.global as unknown as {
  t: (key: string, values?: Record<string, unknown>) => string
  te: (key: string) => boolean
  locale: { value: string }
}

/** A plan's name in the UI language (a plan the app does not know: its id). */
export function planName(id: string | null | undefined): string {
  if (!id) return '—'
  return g.te(`billing.plans.${id}`) ? g.t(`billing.plans.${id}`) : id
}

/** An entitlement's name (`customers` → 客户). */
export function entitlementName(name: string): string {
  return g.te(`billing.entitlements.${name}`) ? g.t(`billing.entitlements.${name}`) : name
}

/** An amount of an entitlement: bytes as GB/MB, fuel compactly, counts grouped. */
export function amount(name: string, n: number | null | undefined): string {
  if (n === null || n === undefined) return g.t('billing.unlimited')
  const locale = g.locale.value
  if (name === 'storageBytes') {
    const units = ['B', 'KB', 'MB', 'GB', 'TB']
    let v = n
    let u = 0
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024
      u++
    }
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: v < 10 && u > 0 ? 1 : 0 }).format(v)} ${units[u]}`
  }
  if (name === 'pluginFuelPerMonth') return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n)
  return new Intl.NumberFormat(locale).format(n)
}

/** A price in the currency's smallest unit (分, cents). */
export function money(minor: number, currency: string): string {
  return new Intl.NumberFormat(g.locale.value, { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(minor / 100)
}

/** Whole days from now until `iso` (0 on its last day, never negative). */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 86_400_000))
}
