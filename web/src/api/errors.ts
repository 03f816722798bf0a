// API errors as the UI shows them: always by `extensions.code`, in the
// user's language, never the server's raw text.
import { CombinedError } from '@urql/core'
import { ElMessage } from 'element-plus'
import { h } from 'vue'
import { i18n } from '@/i18n'
import { amount, entitlementName, planName } from '@/components/billing/format'

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

/** A failed job's error (`Job.errorCode`, `Job.errorDetail`: the same
 * `extensions` a refused request carries), to show as any refusal. */
export function jobError(code: string | null | undefined, message: string | null | undefined, detail: unknown): ApiError {
  const ext = detail && typeof detail === 'object' ? (detail as Record<string, unknown>) : {}
  return new ApiError(code ?? 'UNKNOWN', message ?? '', (ext.fields as FieldProblem[]) ?? [], ext)
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
  if (isPlanLimit(err)) {
    // The plan's entitlement: which, how much is used, and how to raise it.
    const limit = String(err.extensions.limit)
    const max = Number(err.extensions.max)
    text = t('errors.planLimit', {
      plan: planName(String(err.extensions.plan)),
      limit: entitlementName(limit),
      usage: amount(limit, Number(err.extensions.usage ?? max)),
      max: amount(limit, max),
    })
    const upgrade = err.extensions.raise === 'upgrade' && err.extensions.upgrade ? String(err.extensions.upgrade) : null
    text += `${t('errors.clauseSep')}${upgrade ? t('errors.planUpgrade', { upgrade: planName(upgrade) }) : t('errors.planContact')}`
  } else if (err.code === 'LIMIT_REACHED' && err.extensions.max !== undefined) {
    text += `（${t('errors.limitMax', { max: err.extensions.max })}）`
  }
  if (err.code === 'SUBSCRIPTION_READ_ONLY' && err.extensions.state === 'canceled') text = t('errors.readOnlyCanceled')
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

/** Whether the error is a plan's entitlement (`LIMIT_REACHED` naming the
 * plan), rather than a company setting such as the pool's daily claims. */
export function isPlanLimit(err: ApiError): boolean {
  return err.code === 'LIMIT_REACHED' && typeof err.extensions.plan === 'string' && err.extensions.max !== undefined
}

/** Whether only the plan page (or an admin) can help with this error. */
export function isBillingError(e: unknown): boolean {
  const err = toApiError(e)
  return err.code === 'SUBSCRIPTION_READ_ONLY' || isPlanLimit(err)
}

/** Who may open the plan page, and how to go there: filled in by the session
 * store and the router, which import this module (so it cannot import them). */
export const billingLink = {
  isAdmin: () => false,
  open: (path: string) => {
    location.assign(path)
  },
}

/** Listeners told when a write was refused because the company is read-only
 * (the layout's notice then reads the state again). */
const readOnly = new Set<() => void>()
export function onReadOnly(f: () => void) {
  readOnly.add(f)
}

/** Show an error as a message at the top of the page. A plan limit or a
 * read-only company gets, for admins, a link to the plan page, and for
 * anyone else the advice to ask one. */
export function showError(e: unknown) {
  const err = toApiError(e)
  if (err.code === 'SUBSCRIPTION_READ_ONLY') readOnly.forEach((f) => f())
  if (!isBillingError(err)) {
    ElMessage.error({ message: errorText(err), grouping: true })
    return
  }
  const text = errorText(err)
  const after = billingLink.isAdmin()
    ? h(
        'a',
        {
          href: '/admin/billing',
          class: 'gx-error-link',
          'data-test': 'error-billing-link',
          onClick: (ev: MouseEvent) => {
            ev.preventDefault()
            billingLink.open('/admin/billing')
          },
        },
        t('errors.toBilling'),
      )
    : h('span', t(err.code === 'SUBSCRIPTION_READ_ONLY' ? 'errors.askAdminPay' : 'errors.askAdminUpgrade'))
  ElMessage.error({ message: h('span', { 'data-test': 'error-message' }, [`${text}${t('errors.sentenceEnd')}`, after]), grouping: true, duration: 6000, showClose: true })
}
