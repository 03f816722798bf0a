// API errors as the UI shows them: always by `extensions.code`, in the
// user's language, never the server's raw text.
import { CombinedError } from '@urql/core'
import { ElMessage } from 'element-plus'
import { i18n } from '@/i18n'

/** A field the server rejected, with its machine reason. */
export interface FieldProblem {
  field: string
  reason: string
  message?: string
}

/** An error of the API, by its code (`extensions.code`). */
export class ApiError extends Error {
  constructor(
    public code: string,
    message: string,
    public fields: FieldProblem[] = [],
    public extensions: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  if (e instanceof CombinedError) {
    const g = e.graphQLErrors[0]
    if (g) {
      const ext = (g.extensions ?? {}) as Record<string, unknown>
      return new ApiError(String(ext.code ?? 'UNKNOWN'), g.message, (ext.fields as FieldProblem[]) ?? [], ext)
    }
    if (e.networkError) return new ApiError('NETWORK', e.networkError.message)
  }
  return new ApiError('UNKNOWN', String(e))
}

// The global composer, typed loosely: message keys are checked by the UI tests.
const g = i18n.global as unknown as { t: (key: string, values?: Record<string, unknown>) => string; te: (key: string) => boolean }
const t = (key: string, values: Record<string, unknown> = {}) => g.t(key, values)
const te = (key: string) => g.te(key)

/** The user-facing text of an error: the code's message, with the fields'
 * reasons when the server named them. */
export function errorText(e: unknown): string {
  const err = toApiError(e)
  const code = te(`errors.${err.code}`) ? err.code : 'UNKNOWN'
  let text = t(`errors.${code}`, { requestId: err.extensions.requestId ?? '-' })
  if (err.code === 'LIMIT_REACHED' && err.extensions.max !== undefined) {
    text += `（${t('errors.limitMax', { max: err.extensions.max })}）`
  }
  if (err.code === 'RATE_LIMITED' || err.code === 'ACCOUNT_LOCKED') {
    const s = err.extensions.retryAfterSeconds
    if (typeof s === 'number') text += `（${t('errors.retryAfter', { seconds: s })}）`
  }
  const reasons = err.fields.map((f) => fieldText(f)).filter(Boolean)
  if (reasons.length) text += `：${reasons.join('；')}`
  return text
}

/** One rejected field, localised: "手机号：格式不正确". */
export function fieldText(f: FieldProblem): string {
  const reason = te(`fieldReasons.${f.reason}`) ? t(`fieldReasons.${f.reason}`) : t('fieldReasons.invalid')
  return `${f.field} ${reason}`
}

/** Show an error as a message at the top of the page. */
export function showError(e: unknown) {
  ElMessage.error({ message: errorText(e), grouping: true })
}
