// GraphiQL for the API explorer at GET /graphql, bundled from npm so that it
// loads without a CDN. Authenticate by adding an `Authorization: Bearer …`
// header in the headers pane.
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { GraphiQL } from 'graphiql'
import { createGraphiQLFetcher } from '@graphiql/toolkit'
import 'graphiql/graphiql.css'

const fetcher = createGraphiQLFetcher({ url: '/graphql' })
const root = document.getElementById('graphiql')
if (root) {
  createRoot(root).render(createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }))
}
