// Whose automation (workflows, webhooks) the caller manages: admins all of
// it (company-wide or any group's), supervisors their groups' where the
// company allows it. Admins' workflow pages also read the company's
// automation identity here.
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { query } from '@/api/client'
import { showError } from '@/api/errors'
import { hasRole, session } from '@/stores/session'
import type { AutomationScopeQuery } from '@/gql/graphql'
import { AutomationScope } from './operations'

export type GroupInfo = AutomationScopeQuery['groups'][number]
export type AutomationIdentity = NonNullable<AutomationScopeQuery['automationIdentity']>

/** `identity`: also read the automation identity (admins only). */
export function useAutomationScope(opts: { identity?: boolean } = {}) {
  const { t } = useI18n()
  const isAdmin = computed(() => hasRole('ADMIN'))
  const groups = ref<GroupInfo[]>([])
  /** The automation identity (admins, when asked), null until set up. */
  const identity = ref<AutomationIdentity | null>(null)
  const loaded = ref(false)

  /** The groups the caller's workflows and webhooks may belong to: any for
   * admins, those they supervise for supervisors. */
  const choosable = computed(() =>
    isAdmin.value ? groups.value : groups.value.filter((g) => g.supervisors.some((s) => s.id === session.user?.id)),
  )
  /** Where a new one belongs unless the caller chooses: company-wide ('')
   * for admins, a supervisor's first group. */
  const defaultGroup = () => (isAdmin.value ? '' : (choosable.value[0]?.id ?? ''))

  async function load() {
    try {
      const r = await query(AutomationScope, { identity: !!opts.identity && isAdmin.value })
      groups.value = r.groups
      identity.value = r.automationIdentity ?? null
    } catch (e) {
      showError(e)
    } finally {
      loaded.value = true
    }
  }

  /** A group as the UI names it (全公司 when there is none). */
  function groupName(id: string | null | undefined): string {
    if (!id) return t('automation.companyWide')
    return groups.value.find((g) => g.id === id)?.name ?? '—'
  }

  return { isAdmin, groups, identity, loaded, choosable, defaultGroup, load, groupName }
}
