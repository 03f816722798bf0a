// Claim failures said plainly: which of the company's caps is in the way
// (`extensions.limit` of `LIMIT_REACHED`), or that someone was quicker.
import { ElMessage } from 'element-plus'
import { showError, toApiError } from '@/api/errors'
import { i18n } from '@/i18n'

const LIMITS: Record<string, string> = {
  'pool.claimsPerDay': 'claimsPerDay',
  'pool.maxHeld': 'maxHeld',
  'pool.reclaimCooldownDays': 'reclaimCooldownDays',
}

/** Show why a claim failed; true when it was a cap. */
export function showClaimError(e: unknown): boolean {
  const t = (k: string, v: Record<string, unknown> = {}) => i18n.global.t(k, v)
  const err = toApiError(e)
  if (err.code === 'LIMIT_REACHED') {
    const which = LIMITS[String(err.extensions.limit ?? '')] ?? 'other'
    ElMessage.error({ message: t(`pool.limits.${which}`, { max: String(err.extensions.max ?? '') }), duration: 8000, grouping: true })
    return true
  }
  if (err.code === 'CONFLICT') ElMessage.error({ message: t('pool.alreadyClaimed'), grouping: true })
  else showError(e)
  return false
}
