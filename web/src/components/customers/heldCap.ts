// The company's holding cap (`pool.maxHeld`) in the way of an assignment or
// a transfer: `LIMIT_REACHED` naming it, which an admin may override.
import { toApiError } from '@/api/errors'

/** The cap when `e` is the holding cap refusing the recipient, else null. */
export function heldCapOf(e: unknown): number | null {
  const err = toApiError(e)
  if (err.code !== 'LIMIT_REACHED' || err.extensions.limit !== 'pool.maxHeld') return null
  const max = Number(err.extensions.max)
  return Number.isFinite(max) ? max : 0
}
