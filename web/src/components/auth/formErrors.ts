// Errors of a form: the reasons the server gives for named fields go next to
// those fields; anything else is shown as a message at the top of the page.
import { reactive } from 'vue'
import { showError, toApiError } from '@/api/errors'
import { i18n } from '@/i18n'

const g = i18n.global as unknown as { t: (key: string) => string; te: (key: string) => boolean }

/** The localised text of a field's machine reason. */
export function reasonText(reason: string): string {
  return g.te(`fieldReasons.${reason}`) ? g.t(`fieldReasons.${reason}`) : g.t('fieldReasons.invalid')
}

/**
 * Per-field messages for a form. `fields` maps the server's field names
 * (`adminEmail`, `input.password` …) to this form's; `show(e)` puts the
 * reasons under the fields it knows and reports the rest; `special` words
 * a reason the shared table has no text for (`incorrect` …).
 */
export function useFieldErrors(known: string[], special: (field: string, reason: string) => string | undefined = () => undefined) {
  const errors = reactive<Record<string, string>>({})
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
  }
  function show(e: unknown) {
    clear()
    const err = toApiError(e)
    let placed = 0
    for (const f of err.fields) {
      // The server may prefix the input's name (`input.slug`); match on the last part.
      const name = known.find((k) => f.field === k || f.field.endsWith(`.${k}`))
      if (name) {
        const text = special(name, f.reason) ?? reasonText(f.reason)
        errors[name] = errors[name] ? `${errors[name]}；${text}` : text
        placed++
      }
    }
    if (placed === 0 || placed < err.fields.length) showError(err)
  }
  return { errors, show, clear }
}
