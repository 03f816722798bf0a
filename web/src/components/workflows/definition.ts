// A workflow's definition as the API takes it (docs/api.md, "Workflows"):
// `{trigger, condition?, steps, maxAttempts?}`. The form edits this very
// JSON in place, so it never holds a key of its own (the server refuses
// unknown keys); what only the form needs (a delay's unit) lives in the
// components.

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any
export type Definition = { trigger: Json; condition?: Json; steps: Json[]; maxAttempts?: number }

export const TRIGGER_TYPES = ['event', 'schedule', 'date', 'idle', 'holiday', 'manual', 'webhook'] as const
export const STEP_TYPES = [
  'set_field', 'change_owner', 'assign', 'move_to_pool', 'create_plan', 'notify', 'send_mail', 'http', 'plugin', 'delay', 'if', 'filter', 'for_each',
] as const
/** Step types a `for_each` may not hold, however deep (a loop is bounded in
 * items and in time). */
export const NOT_IN_LOOP: readonly string[] = ['delay', 'for_each']
/** The step types a list offers: inside a `for_each`, those it may hold. */
export const stepTypes = (inLoop: boolean): readonly string[] => (inLoop ? STEP_TYPES.filter((k) => !NOT_IN_LOOP.includes(k)) : STEP_TYPES)
export const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'empty', 'not_empty'] as const
/** Comparisons that take no value. */
export const NO_VALUE_OPS = ['empty', 'not_empty']

/** Built-in date fields a date trigger counts from (custom date fields too). */
export const DATE_FIELDS = ['birthday', 'nextVisitAt', 'lastContactAt', 'createdAt']
/** Built-in customer fields a set_field step may set. */
export const SETTABLE_FIELDS = [
  'name', 'company', 'title', 'email', 'address', 'gender', 'birthday', 'status', 'industry', 'source', 'grade', 'tags',
  'lastContactAt', 'nextVisitAt',
]
/** Built-in customer fields that are lists, which a `for_each` goes through
 * (multi-select custom fields too, and `trigger.…` lists typed in). */
export const LIST_FIELDS = ['tags', 'phones']
/** A `for_each`'s items: 20 unless `limit` says otherwise, at most 100. */
export const LOOP_LIMIT = { default: 20, max: 100 } as const
/** Built-in customer fields a condition may read. */
export const READABLE_FIELDS = [
  'name', 'company', 'title', 'phones', 'email', 'address', 'gender', 'birthday', 'status', 'industry', 'source', 'grade',
  'tags', 'ownerId', 'lastContactAt', 'nextVisitAt', 'createdAt', 'updatedAt', 'number', 'segments',
]
/** The field listing the segments (分群) a run's customer is in, as the
 * acting user sees them: compared with `contains` and a segment's id. */
export const SEGMENTS_FIELD = 'segments'
/** Fields whose values are one of a few words, as stored (lower case). */
export const ENUM_VALUES: Record<string, string[]> = {
  status: ['prospect', 'intent', 'paused', 'deal', 'lost'],
  grade: ['normal', 'vip'],
  gender: ['male', 'female', 'unknown'],
  // A pool rule's run: the owner's warning, or the reclaim itself.
  'trigger.stage': ['warning', 'reclaim'],
}
/** The message key of an enum value's name: customers' fields by their
 * upper-case name, a trigger's values under `workflows.enums`. */
export const enumKey = (field: string, v: string) =>
  field.startsWith('trigger.') ? `workflows.enums.${field.slice(8)}.${v}` : `customers.${field}.${String(v).toUpperCase()}`
/** What a trigger type adds to the fields a condition reads (`trigger.…`). */
export const TRIGGER_FIELDS: Record<string, string[]> = {
  idle: ['trigger.stage', 'trigger.inDays'],
}

/** An idle trigger's (pool rule's) spans in days: 0 to this. */
export const MAX_IDLE_DAYS = 3650
/** A holiday trigger's own day (an anniversary, a shopping festival):
 * `MM-DD`, a real month and day (02-29 included), as the server checks it. */
export function isMonthDay(s: unknown): boolean {
  const m = typeof s === 'string' ? /^(\d{1,2})-(\d{1,2})$/.exec(s) : null
  if (!m) return false
  const [month, day] = [Number(m[1]), Number(m[2])]
  // 2024 is a leap year: 02-29 is a real day.
  const d = new Date(Date.UTC(2024, month - 1, day))
  return month >= 1 && month <= 12 && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}
/** The next date (`YYYY-MM-DD`) of an `MM-DD` day from `today` (itself
 * included); 02-29 falls on the next leap year. Null when not a day. */
export function nextMonthDay(md: string, today: Date = new Date()): string | null {
  if (!isMonthDay(md)) return null
  const [month, day] = md.split('-').map(Number)
  const pad = (n: number) => String(n).padStart(2, '0')
  const from = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  for (let y = today.getFullYear(); y < today.getFullYear() + 9; y++) {
    const d = new Date(Date.UTC(y, month - 1, day))
    if (d.getUTCMonth() === month - 1 && d.getTime() >= from) return `${y}-${pad(month)}-${pad(day)}`
  }
  return null
}

/** How an `assign` step chooses, and what "busy" counts for `least_busy`. */
export const STRATEGIES = ['round_robin', 'least_busy'] as const
export const BUSY_MEASURES = ['open_customers', 'plans_this_week'] as const
/** A person's weight in an `assign` step's round robin. */
export const WEIGHT = { default: 1, max: 100 } as const

/** A delay's units, in minutes. */
export const UNITS = [
  { key: 'days', factor: 1440 },
  { key: 'hours', factor: 60 },
  { key: 'minutes', factor: 1 },
] as const
export type Unit = (typeof UNITS)[number]['key']
/** The largest unit `minutes` is a whole number of. */
export function bestUnit(minutes: number): Unit {
  return UNITS.find((u) => minutes > 0 && minutes % u.factor === 0)?.key ?? 'minutes'
}
export const unitFactor = (u: Unit) => UNITS.find((x) => x.key === u)?.factor ?? 1

export function newTrigger(type: string): Json {
  switch (type) {
    case 'event':
      return { type, event: 'customer.updated' }
    case 'schedule':
      return { type, cron: '0 9 * * MON-FRI' }
    case 'date':
      return { type, field: 'birthday', offsetDays: 0, at: '09:00' }
    case 'idle':
      return { type, noContactDays: 30, noDealDays: 0, combine: 'any', warnDays: 3, protectDays: 7, at: '02:00' }
    case 'holiday':
      return { type, holiday: 'spring_festival', at: '09:00' }
    default:
      return { type }
  }
}

export function newCondition(type: 'compare' | 'changed' = 'compare'): Json {
  return type === 'compare' ? { type, field: 'status', op: 'eq', value: '' } : { type, field: 'status' }
}

export function newStep(type: string): Json {
  switch (type) {
    case 'set_field':
      return { type, field: 'tags', value: [] }
    case 'change_owner':
      return { type, to: '' }
    case 'assign':
      return { type, strategy: 'round_robin' }
    case 'move_to_pool':
      return { type, reason: '' }
    case 'create_plan':
      return { type, assignee: { type: 'owner' }, subject: '', content: '', inDays: 0 }
    case 'notify':
      return { type, to: { type: 'owner' }, title: '', body: '' }
    case 'send_mail':
      return { type, to: { type: 'owner' }, subject: '', body: '' }
    case 'http':
      return { type, url: '' }
    case 'plugin':
      return { type, plugin: '' }
    case 'delay':
      return { type, minutes: 60 }
    case 'if':
      return { type, condition: { type: 'all', of: [newCondition()] }, then: [], else: [] }
    case 'filter':
      return { type, condition: { type: 'all', of: [newCondition()] } }
    case 'for_each':
      return { type, over: 'tags', steps: [] }
    default:
      return { type }
  }
}

export function newDefinition(): Definition {
  return { trigger: newTrigger('manual'), steps: [] }
}

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? null))

/** A new rule of an `assign` step: a condition on the customer and who
 * receives those customers. */
export function newAssignRule(): Json {
  return { condition: { type: 'compare', field: 'industry', op: 'eq', value: '' }, people: [] }
}

/** The step lists a step holds, by the key their paths carry: an `if`'s
 * branches, a `for_each`'s steps (only those that are lists). */
export function innerLists(s: Json): [string, Json[]][] {
  const keys = s?.type === 'if' ? ['then', 'else'] : s?.type === 'for_each' ? ['steps'] : []
  return keys.filter((k) => Array.isArray(s[k])).map((k) => [k, s[k]])
}

/** Whether `c` is a compare or changed condition the builder edits as a row. */
export const isLeaf = (c: Json) => c && typeof c === 'object' && (c.type === 'compare' || c.type === 'changed')
/** Whether the builder can show `c`: a row, or all/any of rows. */
export function builderFits(c: Json): boolean {
  if (isLeaf(c)) return true
  return !!c && (c.type === 'all' || c.type === 'any') && Array.isArray(c.of) && c.of.every(isLeaf)
}

/** A condition value as the form shows it. */
export function valueText(v: Json): string {
  if (v === undefined || v === null) return ''
  return typeof v === 'string' ? v : JSON.stringify(v)
}
/** A typed value back: numbers and true/false as such, anything else as text. */
export function parseValue(s: string): Json {
  const t = s.trim()
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t)
  if (t === 'true' || t === 'false') return t === 'true'
  return s
}

/** Ids the form must have before it is sent (the server could only say
 * "not a valid workflow" for an empty one), and a holiday trigger's day:
 * their paths, `required`. */
export function missingIds(def: Definition, base = 'definition'): string[] {
  const out: string[] = []
  if (def.trigger?.type === 'holiday' && !String(def.trigger.holiday ?? '').trim()) out.push(`${base}.trigger.holiday`)
  const walk = (steps: Json[], path: string) =>
    (steps ?? []).forEach((s, i) => {
      const p = `${path}.${i}`
      if (s?.type === 'change_owner' && !s.to) out.push(`${p}.to`)
      if (s?.type === 'plugin' && !s.plugin) out.push(`${p}.plugin`)
      if ((s?.type === 'notify' || s?.type === 'send_mail') && s.to?.type === 'user' && !s.to.id) out.push(`${p}.to`)
      if (s?.type === 'create_plan' && s.assignee?.type === 'user' && !s.assignee.id) out.push(`${p}.assignee`)
      if (s?.type === 'assign') {
        const people = (list: Json, at: string) =>
          (Array.isArray(list) ? list : []).forEach((m: Json, j: number) => {
            if (!m?.id) out.push(`${at}.${j}.id`)
          })
        people(s.people, `${p}.people`)
        const rules: Json[] = Array.isArray(s.rules) ? s.rules : []
        rules.forEach((r, j) => people(r?.people, `${p}.rules.${j}.people`))
      }
      for (const [k, inner] of innerLists(s)) walk(inner, `${p}.${k}`)
    })
  walk(def.steps, `${base}.steps`)
  return out
}

/** Field errors under `prefix` that no input of the form shows: the ones
 * of `prefix` itself and of keys not in `shown` (relative names). */
export function othersUnder(errors: Record<string, string>, prefix: string, shown: string[], skip: string[] = []): [string, string][] {
  return Object.entries(errors).filter(([k]) => {
    if (k === prefix) return true
    if (!k.startsWith(`${prefix}.`)) return false
    const rest = k.slice(prefix.length + 1)
    return !shown.some((s) => rest === s || rest.startsWith(`${s}.`)) && !skip.some((s) => rest === s || rest.startsWith(`${s}.`))
  })
}

/** A definition as the form edits it: a trigger and a list of steps, every
 * `if` with both branches (the server takes them as optional) and every
 * `for_each` with its list of steps, however deep. */
export function normalize(raw: Json): Definition {
  const d = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}
  if (!d.trigger || typeof d.trigger !== 'object') d.trigger = newTrigger('manual')
  if (!Array.isArray(d.steps)) d.steps = []
  const walk = (steps: Json[]) =>
    steps.forEach((s) => {
      if (s?.type === 'if') {
        if (!Array.isArray(s.then)) s.then = []
        if (!Array.isArray(s.else)) s.else = []
      }
      if (s?.type === 'for_each' && !Array.isArray(s.steps)) s.steps = []
      for (const [, inner] of innerLists(s)) walk(inner)
    })
  walk(d.steps)
  return d
}

/** The trigger type of a stored definition, if it has one. */
export const triggerType = (def: Json): string | null => (def && typeof def === 'object' && def.trigger?.type) || null
