import type { CodegenConfig } from '@graphql-codegen/cli'

// Operations are typed from the committed schema; `npm run codegen:check`
// (run by tests/run) fails when src/gql is stale.
const config: CodegenConfig = {
  schema: '../schema/graphql/schema.graphql',
  documents: ['src/**/*.vue', 'src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        // Documents as strings, not parsed ASTs: the map of every operation that
        // `graphql()` looks up lands in the main chunk, and strings are a fraction
        // of the size (urql parses a document once, when it is first sent).
        documentMode: 'string',
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'any', Upload: 'File', Date: 'string', ID: 'string' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
}
export default config
