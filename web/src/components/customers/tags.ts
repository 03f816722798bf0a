// The company's tag list (标签), read once per page load and shared by the
// pages that show or pick tags: each tag's colour and group, and whether
// the reader may add new tags by typing them.
import { reactive } from 'vue'
import { graphql } from '@/gql'
import type { TagColor, TagCreation } from '@/gql/graphql'
import { query } from '@/api/client'
import { hasRole } from '@/stores/session'

export const TagsPalette = graphql(`
  query TagsPalette {
    tags { id name color group }
    tenantSettings { tagCreation }
  }
`)

export interface TagInfo {
  id: string
  name: string
  color: TagColor
  group?: string | null
}

export const tagList = reactive({
  loaded: false,
  tags: [] as TagInfo[],
  creation: 'EVERYONE' as TagCreation,
})

let pending: Promise<void> | null = null

/** Load the list (again when `force`, after a change). */
export function loadTags(force = false): Promise<void> {
  if (!force && (tagList.loaded || pending)) return pending ?? Promise.resolve()
  pending = query(TagsPalette, {})
    .then((d) => {
      tagList.tags = d.tags
      tagList.creation = d.tenantSettings.tagCreation
      tagList.loaded = true
    })
    .catch(() => {
      // The tags still show by name, uncoloured.
    })
    .finally(() => {
      pending = null
    })
  return pending
}

/** The colour of tag `name` (grey when it is not in the list). */
export function tagColor(name: string): TagColor {
  return tagList.tags.find((t) => t.name === name)?.color ?? 'GRAY'
}

/** Whether the reader may give a customer a tag the list does not have. */
export function mayCreateTags(): boolean {
  return tagList.creation === 'EVERYONE' || hasRole('ADMIN')
}

/** The list by group, ungrouped last (as the server sorts it). */
export function tagGroups(): { group: string | null; tags: TagInfo[] }[] {
  const out: { group: string | null; tags: TagInfo[] }[] = []
  for (const t of tagList.tags) {
    const g = t.group ?? null
    const last = out[out.length - 1]
    if (last && last.group === g) last.tags.push(t)
    else out.push({ group: g, tags: [t] })
  }
  return out
}

/** The palette, in the order the colour pickers offer it. */
export const TAG_COLORS: TagColor[] = ['GRAY', 'RED', 'ORANGE', 'GOLD', 'GREEN', 'CYAN', 'BLUE', 'PURPLE', 'MAGENTA']
