// What every part of the workflow form needs, given once by the form:
// the choices (fields, events, plugins) and the server's field errors.
import { computed, inject, provide, ref, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { DATE_FIELDS, LIST_FIELDS, READABLE_FIELDS, SETTABLE_FIELDS, TRIGGER_FIELDS } from './definition'

export type CustomFieldInfo = { key: string; label: string; labelEn?: string | null; type: string }
export type PluginInfo = { id: string; name: string }
export type Option = { value: string; label: string }

export interface WorkflowFormContext {
  errors: Ref<Record<string, string>>
  customFields: Ref<CustomFieldInfo[]>
  plugins: Ref<PluginInfo[]>
  /** Fields a condition reads, with their names (and what the trigger
   * adds: a pool rule's stage). */
  readable: ComputedRef<Option[]>
  /** Fields a set_field step sets. */
  settable: ComputedRef<Option[]>
  /** Fields a date trigger counts from. */
  dates: ComputedRef<Option[]>
  /** List fields a for_each step goes through. */
  lists: ComputedRef<Option[]>
  /** A field's name for the UI. */
  fieldName: (f: string) => string
}

const KEY: InjectionKey<WorkflowFormContext> = Symbol('workflow-form')

export function provideWorkflowForm(
  errors: Ref<Record<string, string>>,
  customFields: Ref<CustomFieldInfo[]>,
  plugins: Ref<PluginInfo[]>,
  /** The trigger type of the definition edited. */
  triggerType: Readonly<Ref<string | null>> = ref(null),
): WorkflowFormContext {
  const { t, te, locale } = useI18n()
  const customName = (f: CustomFieldInfo) => (locale.value === 'en' && f.labelEn ? f.labelEn : f.label)
  function fieldName(f: string): string {
    if (f.startsWith('custom.')) {
      const c = customFields.value.find((x) => x.key === f.slice(7))
      return c ? customName(c) : f
    }
    if (f.startsWith('trigger.')) {
      const k = `workflows.triggerFields.${f.slice(8)}`
      return te(k) ? t(k) : f
    }
    return te(`customers.fields.${f}`) ? t(`customers.fields.${f}`) : f
  }
  const builtIn = (names: string[]) => names.map((n) => ({ value: n, label: fieldName(n) }))
  const custom = (only?: string) =>
    customFields.value.filter((f) => !only || f.type === only).map((f) => ({ value: `custom.${f.key}`, label: customName(f) }))
  const ctx: WorkflowFormContext = {
    errors,
    customFields,
    plugins,
    readable: computed(() => [...builtIn(TRIGGER_FIELDS[triggerType.value ?? ''] ?? []), ...builtIn(READABLE_FIELDS), ...custom()]),
    settable: computed(() => [...builtIn(SETTABLE_FIELDS), ...custom()]),
    dates: computed(() => [...builtIn(DATE_FIELDS), ...custom('DATE')]),
    lists: computed(() => [...builtIn(LIST_FIELDS), ...custom('MULTI_SELECT')]),
    fieldName,
  }
  provide(KEY, ctx)
  return ctx
}

export function useWorkflowForm(): WorkflowFormContext {
  const ctx = inject(KEY)
  if (!ctx) throw new Error('a workflow form part outside the workflow form')
  return ctx
}
