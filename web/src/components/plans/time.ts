// Dates and times in the company's time zone (`session.tenant.timeZone`),
// whatever the browser's own zone: "today" and a plan's 09:00 are the
// company's, as the API computes its windows.
import { session } from '@/stores/session'
import { i18n } from '@/i18n'

/** The company's IANA time zone. */
export function companyZone(): string {
  return session.tenant?.timeZone ?? 'Asia/Shanghai'
}

interface Wall {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const partFormats = new Map<string, Intl.DateTimeFormat>()
function wall(instant: Date, zone: string): Wall {
  let f = partFormats.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    partFormats.set(zone, f)
  }
  const o: Record<string, number> = {}
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') o[p.type] = Number(p.value)
  return { year: o.year, month: o.month, day: o.day, hour: o.hour % 24, minute: o.minute, second: o.second }
}

// How far the zone's wall clock is ahead of UTC at that instant.
function offsetMs(instant: Date, zone: string): number {
  const w = wall(instant, zone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - (instant.getTime() - instant.getMilliseconds())
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The instant of a wall-clock time (`YYYY-MM-DD` or `YYYY-MM-DD HH:mm`) in the zone. */
export function fromWallClock(s: string, zone = companyZone()): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(s)
  if (!m) return new Date(NaN)
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0))
  // Twice, so a time next to a daylight-saving change lands on the right side.
  let t = utc - offsetMs(new Date(utc), zone)
  t = utc - offsetMs(new Date(t), zone)
  return new Date(t)
}

/** The wall-clock time of an instant in the zone, `YYYY-MM-DD HH:mm`. */
export function toWallClock(d: Date | string, zone = companyZone()): string {
  const w = wall(new Date(d), zone)
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`
}

/** The day of an instant in the zone, `YYYY-MM-DD`. */
export function dayOf(d: Date | string, zone = companyZone()): string {
  return toWallClock(d, zone).slice(0, 10)
}

/** Today in the company, `YYYY-MM-DD`. */
export function today(zone = companyZone()): string {
  return dayOf(new Date(), zone)
}

/** A day `n` days after `day` (both `YYYY-MM-DD`). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d + n))
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/** Midnight starting `day` and the midnight after it, as ISO instants. */
export function dayRange(day: string, days = 1, zone = companyZone()): { from: string; to: string } {
  return { from: fromWallClock(day, zone).toISOString(), to: new Date(fromWallClock(addDays(day, days), zone).getTime() - 1).toISOString() }
}

function localeTag(): string {
  return i18n.global.locale.value === 'en' ? 'en-GB' : 'zh-CN'
}

/** Date and time for people, in the company's zone and the UI's language. */
export function formatDateTime(d: Date | string | null | undefined): string {
  if (!d) return ''
  return new Intl.DateTimeFormat(localeTag(), {
    timeZone: companyZone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(new Date(d))
}

/** A date for people, in the company's zone and the UI's language. */
export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return ''
  return new Intl.DateTimeFormat(localeTag(), { timeZone: companyZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(d))
}

/** The time of day, `HH:mm`, in the company's zone. */
export function formatTime(d: Date | string | null | undefined): string {
  if (!d) return ''
  return toWallClock(d).slice(11)
}

/** Date and time, without the date when it is today. */
export function formatWhen(d: Date | string | null | undefined): string {
  if (!d) return ''
  return dayOf(d) === today() ? formatTime(d) : formatDateTime(d)
}

/** A start–end span; the end without its date when both fall on one day. */
export function formatSpan(start: Date | string, end: Date | string): string {
  return dayOf(start) === dayOf(end) ? `${formatWhen(start)} – ${formatTime(end)}` : `${formatWhen(start)} – ${formatWhen(end)}`
}
