// Times in the company's time zone, whatever the browser's own zone is:
// what a salesperson enters as 14:00 means 14:00 where the company works.
import { computed, onBeforeUnmount, ref } from 'vue'
import { session } from '@/stores/session'
import { i18n } from '@/i18n'

function zone(): string {
  return session.tenant?.timeZone || 'Asia/Shanghai'
}

function locale(): string {
  return i18n.global.locale.value === 'en' ? 'en-GB' : 'zh-CN'
}

/** A date-time of the API, shown in the company's zone for the UI language. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat(locale(), { timeZone: zone(), dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}

/** Only the calendar day of a date-time, in the company's zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat(locale(), { timeZone: zone(), dateStyle: 'medium' }).format(new Date(iso))
}

/** A `NaiveDate` (`YYYY-MM-DD`) for the UI language; it has no zone. */
export function formatNaiveDate(d: string | null | undefined): string {
  if (!d) return ''
  const [y, m, day] = d.split('-').map(Number)
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(Date.UTC(y, m - 1, day)))
}

// The zone's offset from UTC at an instant, in milliseconds.
function offsetAt(ms: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms))
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value)
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000
}

/** A wall time of the company's zone (`YYYY-MM-DD HH:mm:ss`, as the date
 * pickers give it) as an ISO instant for the API. */
export function wallToIso(wall: string | null | undefined): string | null {
  if (!wall) return null
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(wall)
  if (!m) return null
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0))
  let ms = guess - offsetAt(guess, zone())
  // Across a change of offset the first guess is off by the change.
  ms = guess - offsetAt(ms, zone())
  return new Date(ms).toISOString()
}

/** An ISO instant as a wall time of the company's zone (`YYYY-MM-DD HH:mm:ss`). */
export function isoToWall(iso: string | null | undefined): string | null {
  if (!iso) return null
  const ms = new Date(iso).getTime()
  const d = new Date(ms + offsetAt(ms, zone()))
  return d.toISOString().slice(0, 19).replace('T', ' ')
}

/** Now, as a wall time of the company's zone. */
export function nowWall(): string {
  return isoToWall(new Date().toISOString()) ?? ''
}

/** Whether the screen is phone-sized (the layout's breakpoint). */
export function useNarrow() {
  const mq = window.matchMedia('(max-width: 768px)')
  const narrow = ref(mq.matches)
  const on = (e: MediaQueryListEvent) => (narrow.value = e.matches)
  mq.addEventListener('change', on)
  onBeforeUnmount(() => mq.removeEventListener('change', on))
  return computed(() => narrow.value)
}
