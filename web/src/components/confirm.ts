// Asking before a destructive or far-reaching action, the same way on every
// page: Element Plus' message box in the user's language, then the action,
// its success message, and any failure shown by its error code.
import { ElMessage, ElMessageBox } from 'element-plus'
import { showError } from '@/api/errors'
import { i18n } from '@/i18n'

const g = i18n.global as unknown as { t: (key: string) => string }

export type ConfirmOptions = {
  /** The box's title; "Delete" when omitted. */
  title?: string
  /** The confirming button; the title when omitted. */
  button?: string
  type?: 'warning' | 'info'
}

/** Ask; whether the user confirmed (closing or cancelling is "no"). */
export async function confirmed(message: string, o: ConfirmOptions = {}): Promise<boolean> {
  const title = o.title ?? g.t('common.delete')
  try {
    await ElMessageBox.confirm(message, title, {
      type: o.type ?? 'warning',
      confirmButtonText: o.button ?? title,
      cancelButtonText: g.t('common.cancel'),
    })
    return true
  } catch {
    return false
  }
}

/**
 * Ask, then run `action`: on success show `done` ("Deleted" when omitted,
 * nothing when `null`) and run `then`; a failure is shown in the user's
 * language. Whether the action ran and succeeded.
 */
export async function confirmThen(
  message: string,
  action: () => Promise<unknown>,
  o: ConfirmOptions & { done?: string | null; then?: () => unknown } = {},
): Promise<boolean> {
  if (!(await confirmed(message, o))) return false
  try {
    await action()
    if (o.done !== null) ElMessage.success(o.done ?? g.t('common.deleted'))
    await o.then?.()
    return true
  } catch (e) {
    showError(e)
    return false
  }
}
