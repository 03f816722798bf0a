#!/usr/bin/env node
// The memory benchmark: the server's resident memory (RSS) around customer
// imports, read from /proc/<pid>/status while they run.
//
//   cd tests/load && npm ci && node memory.mjs          # SQLite (the embedded default)
//   node memory.mjs --pg                                # PostgreSQL
//   node memory.mjs --quick                             # smaller files, 3 companies
//
// It prints, in one run:
//   1. RSS when idle, after sign-up and a few pages;
//   2. one import of LOAD_ROWS (200,000) rows: the peak over idle (bound:
//      64 MB) and RSS once the job has ended, right away and 10 s later
//      (bound: within 20 MB of where it started);
//   3. LOAD_COMPANIES (10) companies importing LOAD_PER (100,000) rows each at
//      the same time: whether all finished, the peak RSS (bound: 500 MB),
//      and the p50/p99 of another company's page before and during.
//
// Environment (not GUANXI_*: the server refuses variables it does not know):
// LOAD_BIN (default ../../target/release/guanxi), LOAD_PG (admin URL),
// LOAD_DB (database for --pg, dropped and created; default guanxi_memory),
// LOAD_ROWS, LOAD_COMPANIES, LOAD_PER, LOAD_PORT (18090), LOAD_SEARCH (the
// search engine: tantivy, the default, or none).
// See docs/operations.md ("The memory benchmark").

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const args = new Set(process.argv.slice(2))
const quick = args.has('--quick')
const env = process.env
const PG_MODE = args.has('--pg')
const BIN = resolve(env.LOAD_BIN ?? join(here, '../../target/release/guanxi'))
const PG = env.LOAD_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB = env.LOAD_DB ?? 'guanxi_memory'
const DB_URL = `${PG.replace(/\/[^/?]*(\?.*)?$/, `/${DB}`)}?sslmode=disable`
const ROWS = Number(env.LOAD_ROWS ?? (quick ? 50000 : 200000))
const COMPANIES = Number(env.LOAD_COMPANIES ?? (quick ? 3 : 10))
const PER = Number(env.LOAD_PER ?? (quick ? 20000 : 100000))
const PORT = Number(env.LOAD_PORT ?? 18090)
const GUANXI = `http://127.0.0.1:${PORT}/graphql`
const PASSWORD = 'correct horse battery'
const MB = 1024 * 1024
let server

function die(msg) {
  console.error(`memory: ${msg}`)
  server?.kill('SIGKILL')
  process.exit(1)
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** VmRSS and VmHWM of the server, in bytes. */
function status() {
  const text = readFileSync(`/proc/${server.pid}/status`, 'utf8')
  const kb = (name) => Number(text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') }
}

/** Reset the peak (VmHWM) to the current RSS (Linux 4.0 and later). */
function resetPeak() {
  writeFileSync(`/proc/${server.pid}/clear_refs`, '5')
}

const mb = (b) => `${(b / MB).toFixed(1)} MB`

async function gql(token, query, variables = {}) {
  const headers = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  const r = await fetch(GUANXI, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })
  const body = await r.json()
  if (body.errors) die(`${query.slice(0, 80)}…: ${JSON.stringify(body.errors)}`)
  return body.data
}

async function signUp(slug) {
  const r = await gql(null, 'mutation($i: SignUpInput!) { signUp(input: $i) { token } }', {
    i: { companyName: `${slug}贸易有限公司`, slug, adminEmail: `admin@${slug}.cn`, adminName: '王总', password: PASSWORD },
  })
  return r.signUp.token
}

/** A CSV of `n` customers, the kind the request-path benchmark imports. */
function csv(n, tag) {
  const lines = ['客户名称,手机,邮箱,公司,客户状态,标签,备注']
  for (let i = 0; i < n; i++) {
    lines.push(`客户${tag}${i},1${5900000000 + i},c${i}@${tag}.example.cn,公司${i % 5000},意向客户,展会,第${i}行的备注`)
  }
  return lines.join('\n')
}

async function startImport(token, text) {
  const form = new FormData()
  form.append('operations', JSON.stringify({ query: 'mutation($f: Upload!, $i: ImportCustomersInput) { importCustomers(file: $f, input: $i) { id } }', variables: { f: null, i: { toPool: true } } }))
  form.append('map', JSON.stringify({ 0: ['variables.f'] }))
  form.append('0', new Blob([text], { type: 'text/csv' }), 'customers.csv')
  const up = await (await fetch(GUANXI, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-apollo-operation-name': 'import' }, body: form })).json()
  if (up.errors) die(JSON.stringify(up.errors))
  return up.data.importCustomers.id
}

/** Wait for an import to end; its counts. */
async function finished(token, id, n) {
  for (;;) {
    const imp = (await gql(token, 'query($id: ID!) { customerImport(id: $id) { status created failed job { status error } } }', { id })).customerImport
    if (imp.job?.status === 'FAILED') return { ok: false, why: JSON.stringify(imp) }
    if (imp.status === 'DONE' && imp.job?.status === 'SUCCEEDED') {
      return imp.created === n ? { ok: true } : { ok: false, why: `created ${imp.created} of ${n}` }
    }
    await sleep(250)
  }
}

/** Sample RSS every 50 ms until `done` settles; the highest seen. */
async function watch(done) {
  let peak = 0
  let over = false
  done.finally(() => (over = true))
  while (!over) {
    peak = Math.max(peak, status().rss)
    await sleep(50)
  }
  return Math.max(peak, status().hwm)
}

const page = '{ customers(first: 50, sort: { field: CREATED_AT, direction: DESC }) { edges { node { id number name phones status owner { id } } } } }'

/** Latencies (ms) of `page` requested one after another until `stop()`. */
async function pages(token, stop, least = 50) {
  const out = []
  while (!stop() || out.length < least) {
    const t = performance.now()
    await gql(token, page)
    out.push(performance.now() - t)
  }
  return out.sort((a, b) => a - b)
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]

async function main() {
  if (!existsSync(BIN)) die(`no server binary at ${BIN}: cargo build --release (or set LOAD_BIN)`)
  const data = mkdtempSync(join(tmpdir(), 'guanxi-memory-'))
  const config = join(data, 'guanxi.toml')
  writeFileSync(config, '[plans.team.entitlements]\napi_requests_per_minute = 1_000_000_000\ncustomers = "unlimited"\n')
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('GUANXI_')))
  const serverEnv = { ...clean, GUANXI_CONFIG: config, GUANXI_LISTEN: `127.0.0.1:${PORT}`, GUANXI_DATA_DIR: data, GUANXI_LOG_LEVEL: 'warn', GUANXI_SIGNUP_MAX_PER_ADDRESS: '0', GUANXI_SEARCH_ENGINE: env.LOAD_SEARCH ?? 'tantivy' }
  if (PG_MODE) {
    const psql = (sql) => {
      const r = spawnSync('psql', [PG, '-AtXq', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' })
      if (r.status !== 0) die(r.stderr)
    }
    psql(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
    psql(`CREATE DATABASE ${DB}`)
    serverEnv.GUANXI_DATABASE_URL = DB_URL
  }
  console.log(`${PG_MODE ? 'PostgreSQL' : 'SQLite'}; binary ${BIN}`)
  server = spawn(BIN, ['serve'], { env: serverEnv, stdio: ['ignore', 'ignore', 'inherit'] })
  for (let i = 0; ; i++) {
    try {
      await fetch(GUANXI, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' })
      break
    } catch {
      if (i > 600) die('the server did not start')
      await sleep(100)
    }
  }

  // 1. Idle.
  const first = await signUp('first')
  for (let i = 0; i < 20; i++) await gql(first, page)
  await sleep(2000)
  const idle = status().rss
  const parts = (st) => `anonymous ${mb(st.anon)}, file-backed ${mb(st.file)}`
  console.log(`\n1. idle: ${mb(idle)} (${parts(status())})`)

  // 2. One large import.
  const file = csv(ROWS, 'a')
  resetPeak()
  const before = status().rss
  const t = performance.now()
  const id = await startImport(first, file)
  const done = finished(first, id, ROWS)
  const peak = await watch(done)
  const r = await done
  if (!r.ok) die(`import failed: ${r.why}`)
  const secs = (performance.now() - t) / 1000
  const afterStatus = status()
  const after = afterStatus.rss
  await sleep(10000)
  const laterStatus = status()
  const later = laterStatus.rss
  console.log(`2. one import of ${ROWS} rows (${mb(file.length)} file) in ${secs.toFixed(1)} s, ${Math.round(ROWS / secs)} rows/s`)
  console.log(`   peak ${mb(peak)}: ${mb(peak - before)} over idle (bound 64 MB) ${peak - before <= 64 * MB ? 'ok' : 'OVER'}`)
  console.log(`   after the job: ${mb(after)} (${mb(after - before)} over), 10 s later ${mb(later)} (${mb(later - before)} over; bound 20 MB) ${later - before <= 20 * MB ? 'ok' : 'OVER'}`)
  console.log(`   right after: ${parts(afterStatus)}; 10 s later: ${parts(laterStatus)}`)

  // 3. Companies importing at once, while another company reads its pages.
  const reader = await signUp('reader')
  await finished(reader, await startImport(reader, csv(2000, 'r')), 2000)
  const tokens = []
  for (let i = 0; i < COMPANIES; i++) tokens.push(await signUp(`company${i}`))
  const files = tokens.map((_, i) => csv(PER, `c${i}`))
  const baseline = await pages(reader, () => true, 200)
  resetPeak()
  const t3 = performance.now()
  const ids = await Promise.all(tokens.map((tok, i) => startImport(tok, files[i])))
  const all = Promise.all(tokens.map((tok, i) => finished(tok, ids[i], PER)))
  let over = false
  all.finally(() => (over = true))
  const [peak3, during] = await Promise.all([watch(all), pages(reader, () => over)])
  const results = await all
  const secs3 = (performance.now() - t3) / 1000
  const failed = results.filter((x) => !x.ok)
  console.log(`3. ${COMPANIES} companies importing ${PER} rows each at once: ${COMPANIES - failed.length} of ${COMPANIES} finished in ${secs3.toFixed(1)} s ${failed.length ? `FAILED: ${failed.map((f) => f.why).join('; ')}` : 'ok'}`)
  console.log(`   peak RSS ${mb(peak3)} (bound 500 MB) ${peak3 <= 500 * MB ? 'ok' : 'OVER'}`)
  console.log(`   another company's page: p50 ${pct(baseline, 50).toFixed(1)} ms, p99 ${pct(baseline, 99).toFixed(1)} ms before; p50 ${pct(during, 50).toFixed(1)} ms, p99 ${pct(during, 99).toFixed(1)} ms during (${during.length} pages)`)
  await sleep(10000)
  console.log(`   RSS 10 s after: ${mb(status().rss)}`)
  server.kill('SIGTERM')
}

main().catch((e) => die(e.stack ?? String(e)))
