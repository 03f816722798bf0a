// The unread count the bell shows, shared by the bell (which polls it) and
// the panel (which changes it when notifications are read).
import { ref } from 'vue'
import { query } from '@/api/client'
import { UnreadNotificationCount } from './operations'

export const unread = ref(0)

/** Ask the server again; a failure keeps the last count (the bell is not
 * worth an error message). */
export async function refreshUnread() {
  try {
    unread.value = (await query(UnreadNotificationCount, {})).unreadNotificationCount
  } catch {
    // The next poll tries again.
  }
}
