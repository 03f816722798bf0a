// Helpers the administration, team and dashboard pages share: dates in the
// company's time zone, field errors by name, a phone-width flag and job polling.
import { computed, onBeforeUnmount, onMounted, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { session } from '@/stores/session'
import { toApiError } from '@/api/errors'
import { i18n } from '@/i18n'

/** Dates and times in the company's time zone, formatted for the UI language. */
export function useFormat() {
  const { locale } = useI18n()
  const tz = computed(() => session.tenant?.timeZone || 'Asia/Shanghai')
  function dateTime(s: string | null | undefined): string {
    if (!s) return '—'
    return new Intl.DateTimeFormat(locale.value, {
      timeZone: tz.value, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
    }).format(new Date(s))
  }
  function date(s: string | null | undefined): string {
    if (!s) return '—'
    return new Intl.DateTimeFormat(locale.value, { timeZone: tz.value, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(s))
  }
  function bytes(n: number | null | undefined): string {
    if (n === null || n === undefined) return '—'
    if (n < 1024) return `${n} B`
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
    return `${(n / 1024 / 1024).toFixed(1)} MB`
  }
  return { dateTime, date, bytes, tz }
}

/** The calendar day (YYYY-MM-DD) of an instant in the company's time zone. */
export function dayInTz(s: string | Date, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(s))
  return parts
}

/**
 * Field errors of a failed save by field path, for `el-form-item :error`.
 * The server names fields by their input path (`input.email`,
 * `pool.maxHeld`, `config.grades.1.minScore`); each is kept under its full
 * path and without a leading `input.`. Returns null when the error named
 * no fields (then the caller shows it as a message).
 */
export function fieldErrors(e: unknown): Record<string, string> | null {
  const err = toApiError(e)
  if (!err.fields.length) return null
  const g = i18n.global as unknown as { t: (k: string) => string; te: (k: string) => boolean }
  const out: Record<string, string> = {}
  for (const f of err.fields) {
    // The reason in the user's language; the server's own text is never shown.
    const text = g.te(`fieldReasons.${f.reason}`) ? g.t(`fieldReasons.${f.reason}`) : g.t('fieldReasons.invalid')
    out[f.field] = text
    out[f.field.replace(/^input\./, '')] = text
  }
  return out
}

/** Whether the window is phone-sized (tables become cards, dialogs full width). */
export function useNarrow(width = 768) {
  const narrow = ref(typeof window !== 'undefined' && window.innerWidth < width)
  const update = () => (narrow.value = window.innerWidth < width)
  onMounted(() => window.addEventListener('resize', update))
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  return narrow
}

/** Call `tick` every `ms` until it returns true (done) or the page goes away. */
export function usePoll() {
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  function stop() {
    if (timer) clearTimeout(timer)
    timer = null
  }
  function start(tick: () => Promise<boolean>, ms = 1000) {
    stop()
    const run = async () => {
      if (stopped) return
      let done = true
      try {
        done = await tick()
      } catch {
        done = true
      }
      if (!done && !stopped) timer = setTimeout(run, ms)
    }
    timer = setTimeout(run, ms)
  }
  onBeforeUnmount(() => {
    stopped = true
    stop()
  })
  return { start, stop }
}

/** Copy text to the clipboard; false when the browser refuses. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // Older browsers and insecure origins: a hidden textarea.
    const ta = document.createElement('textarea')
    ta.value = text
    ta.style.position = 'fixed'
    ta.style.opacity = '0'
    document.body.appendChild(ta)
    ta.select()
    const ok = document.execCommand('copy')
    ta.remove()
    return ok
  }
}

/** The message `${prefix}.${value}`, or nothing while there is no value
 * (Element Plus renders table cells once without a row). */
export function useLabel() {
  const { t } = useI18n()
  return (prefix: string, value: string | null | undefined) => (value ? t(`${prefix}.${value}`) : '')
}
