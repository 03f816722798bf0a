// Which workflows the caller manages: admins every one (company-wide or
// any group's, acting as anyone or as the company's automation identity),
// supervisors their groups' where the company allows it.
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { query } from '@/api/client'
import { showError } from '@/api/errors'
import { hasRole, session } from '@/stores/session'
import type { WorkflowScopeQuery } from '@/gql/graphql'
import { WorkflowScope } from './operations'

export type GroupInfo = WorkflowScopeQuery['groups'][number]
export type AutomationIdentity = NonNullable<WorkflowScopeQuery['automationIdentity']>

export function useWorkflowScope() {
  const { t } = useI18n()
  const isAdmin = computed(() => hasRole('ADMIN'))
  const groups = ref<GroupInfo[]>([])
  /** The automation identity (admins), null until set up. */
  const identity = ref<AutomationIdentity | null>(null)
  const loaded = ref(false)

  /** The groups a workflow of the caller may belong to: any for admins,
   * those they supervise for supervisors. */
  const choosable = computed(() =>
    isAdmin.value ? groups.value : groups.value.filter((g) => g.supervisors.some((s) => s.id === session.user?.id)),
  )

  async function load() {
    try {
      const r = await query(WorkflowScope, { admin: isAdmin.value })
      groups.value = r.groups
      identity.value = r.automationIdentity ?? null
    } catch (e) {
      showError(e)
    } finally {
      loaded.value = true
    }
  }

  /** A workflow's group as the UI names it (全公司 when it has none). */
  function groupName(id: string | null | undefined): string {
    if (!id) return t('workflows.companyWide')
    return groups.value.find((g) => g.id === id)?.name ?? '—'
  }

  return { isAdmin, groups, identity, loaded, choosable, load, groupName }
}
