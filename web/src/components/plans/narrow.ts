// Whether the window is phone-narrow, for pages that show cards instead of
// tables there.
import { onBeforeUnmount, ref } from 'vue'

export function useNarrow(maxWidth = 768) {
  const mq = window.matchMedia(`(max-width: ${maxWidth}px)`)
  const narrow = ref(mq.matches)
  const update = (e: MediaQueryListEvent) => (narrow.value = e.matches)
  mq.addEventListener('change', update)
  onBeforeUnmount(() => mq.removeEventListener('change', update))
  return narrow
}
