// Client-side pages of a list the page already holds (API keys,
// invitations, backups): the current page and its rows, back to the last
// page when the list shrinks under it (a filter switched, a row deleted).
import { computed, ref, watch, type Ref } from 'vue'

export const LIST_PAGE = 10

export function useListPages<T>(list: Ref<readonly T[]>, size = LIST_PAGE) {
  const page = ref(1)
  const rows = computed(() => list.value.slice((page.value - 1) * size, page.value * size))
  watch(
    () => list.value.length,
    (n) => {
      const last = Math.max(1, Math.ceil(n / size))
      if (page.value > last) page.value = last
    },
  )
  return { page, rows, size }
}
