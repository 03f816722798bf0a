// Fails when the committed operation types (src/gql) are stale against the
// committed schema or the operations in the sources: regenerates them into a
// temporary copy and compares.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const here = new URL('..', import.meta.url).pathname
const gql = join(here, 'src/gql')
const saved = mkdtempSync(join(tmpdir(), 'gx-gql-'))
// The directories' times too: Cargo watches web/src for the web build.
const dirs = [gql, join(here, 'src')].map((d) => [d, statSync(d)])
cpSync(gql, saved, { recursive: true, preserveTimestamps: true })
let stale = []
try {
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { cwd: here, stdio: 'inherit' })
  const names = new Set([...readdirSync(gql), ...readdirSync(saved)])
  stale = [...names].filter((n) => {
    try {
      return readFileSync(join(gql, n), 'utf8') !== readFileSync(join(saved, n), 'utf8')
    } catch {
      return true
    }
  })
} finally {
  // Leave the working tree as it was either way, file times included (a
  // build newer than every source is kept by tests/run).
  rmSync(gql, { recursive: true, force: true })
  cpSync(saved, gql, { recursive: true, preserveTimestamps: true })
  rmSync(saved, { recursive: true, force: true })
  for (const [d, st] of dirs) utimesSync(d, st.atime, st.mtime)
}
if (stale.length) {
  console.error(`web/src/gql is stale (${stale.join(', ')}): run \`npm run codegen\` in web/ and commit the result`)
  process.exit(1)
}
console.log('web/src/gql is current')
