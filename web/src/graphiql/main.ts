// GraphiQL for the API explorer at GET /graphql, bundled from npm so that it
// loads without a CDN. It acts as the app's logged-in user, or as whoever an
// `Authorization: Bearer …` header in the headers pane names.
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { GraphiQL } from 'graphiql'
import { createGraphiQLFetcher } from '@graphiql/toolkit'
import 'graphiql/graphiql.css'

// A browser logged in to the app sends its session cookie, which counts
// only with the CSRF token beside it (an Authorization header wins).
const csrf = document.cookie
  .split('; ')
  .find((c) => c.startsWith('gx_csrf='))
  ?.slice('gx_csrf='.length)
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  headers: csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {},
})
const root = document.getElementById('graphiql')
if (root) {
  createRoot(root).render(createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }))
}

// CodeMirror types into a bare textarea; GraphiQL names the section around
// each editor ("Query Editor", "Variables", "Result Window"), so the
// textarea takes that name and screen readers say which editor has focus.
function nameEditors() {
  for (const area of document.querySelectorAll<HTMLTextAreaElement>('#graphiql textarea:not([aria-label])')) {
    const section = area.closest('section[aria-label]')?.getAttribute('aria-label')
    const tab = area.closest('.graphiql-editor')?.classList.contains('hidden') ? null : section
    if (tab) area.setAttribute('aria-label', tab)
  }
}
if (root) new MutationObserver(nameEditors).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] })
