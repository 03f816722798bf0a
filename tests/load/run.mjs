#!/usr/bin/env node
// The request-path benchmark: a salesperson's page ("their 50 newest
// customers") through Guanxi, beside raw SQL (pgbench) and PostGraphile 4
// on the same database, at 1 and 8 connections, with ratios.
//
//   cd tests/load && npm ci && node run.mjs            # the full run (~10 min)
//   node run.mjs --quick                              # 2,000 customers, 2 s a row
//   node run.mjs --check                              # prerequisites only (CI)
//   node run.mjs --sqlite                             # the embedded default (or LOAD_SQLITE=1)
//
// With --sqlite the server runs on an SQLite file in a temporary data
// directory (no PostgreSQL, pgbench or PostGraphile): the same company and
// import, then Guanxi's own pages at 1 and 8 connections and the ratio of
// the two, which shows whether reads use both cores.
//
// Environment (not GUANXI_*: the server refuses variables it does not know):
// LOAD_BIN (default ../../target/release/guanxi),
// LOAD_PG (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
// LOAD_DB (database, dropped and created; default guanxi_load),
// LOAD_CUSTOMERS (100000), LOAD_SALES (20), LOAD_SECONDS (10 per row),
// LOAD_PORT (18080; PostGraphile uses LOAD_PORT + 1).
// See docs/operations.md ("The request-path benchmark").

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const args = new Set(process.argv.slice(2))
const quick = args.has('--quick')
const env = process.env
const SQLITE = args.has('--sqlite') || env.LOAD_SQLITE === '1'
const BIN = resolve(env.LOAD_BIN ?? join(here, '../../target/release/guanxi'))
const PG = env.LOAD_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB = env.LOAD_DB ?? 'guanxi_load'
// Every client reaches the database the same way: PostGraphile's driver does
// not use TLS, while libpq (pgbench) and Guanxi's would prefer it, so TLS is
// off for all of them on this loopback connection.
const DB_URL = `${PG.replace(/\/[^/?]*(\?.*)?$/, `/${DB}`)}?sslmode=disable`
const CUSTOMERS = Number(env.LOAD_CUSTOMERS ?? (quick ? 2000 : 100000))
const SALES = Number(env.LOAD_SALES ?? 20)
const SECONDS = Number(env.LOAD_SECONDS ?? (quick ? 2 : 10))
const PORT = Number(env.LOAD_PORT ?? 18080)
const GUANXI = `http://127.0.0.1:${PORT}/graphql`
const POSTGRAPHILE = `http://127.0.0.1:${PORT + 1}/graphql`
const PASSWORD = 'correct horse battery'
const children = []

function die(msg) {
  console.error(`load: ${msg}`)
  for (const c of children) c.kill('SIGTERM')
  process.exit(1)
}

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts })
  if (r.status !== 0) die(`${cmd} ${argv.join(' ')} failed:\n${r.stderr || r.stdout}`)
  return r.stdout
}

const psql = (url, sql) => sh('psql', [url, '-AtXq', '-v', 'ON_ERROR_STOP=1', '-c', sql]).trim()

async function check() {
  if (SQLITE) {
    await import('autocannon')
    if (!existsSync(BIN)) {
      const msg = `no server binary at ${BIN}: cargo build --release (or set LOAD_BIN)`
      if (args.has('--check')) console.log(`load: ${msg}`)
      else die(msg)
    }
    return
  }
  for (const tool of ['psql', 'pgbench']) {
    if (spawnSync(tool, ['--version']).status !== 0) die(`${tool} is not installed`)
  }
  await import('autocannon')
  if (!existsSync(join(here, 'node_modules/.bin/postgraphile'))) die('postgraphile is not installed: npm ci')
  if (!existsSync(BIN)) {
    const msg = `no server binary at ${BIN}: cargo build --release (or set LOAD_BIN)`
    if (args.has('--check')) console.log(`load: ${msg}`)
    else die(msg)
  }
  if (!args.has('--check')) psql(PG, 'SELECT 1')
}

async function gql(token, query, variables = {}, url = GUANXI) {
  const headers = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })
  const body = await r.json()
  if (body.errors) die(`${query.slice(0, 80)}…: ${JSON.stringify(body.errors)}`)
  return body.data
}

async function waitFor(url, what) {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' })
      return
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  die(`${what} did not start`)
}

function start(cmd, argv, extraEnv) {
  // The server reads its configuration from GUANXI_* variables: only ours.
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('GUANXI_')))
  const c = spawn(cmd, argv, { env: { ...clean, ...extraEnv }, stdio: ['ignore', 'ignore', 'inherit'] })
  children.push(c)
  return c
}

// ---- seed ----------------------------------------------------------------

async function seed() {
  const admin = (
    await gql(
      null,
      'mutation($i: SignUpInput!) { signUp(input: $i) { token tenant { id } user { id } } }',
      { i: { companyName: '压测贸易有限公司', slug: 'load', adminEmail: 'admin@load.cn', adminName: '王总', password: PASSWORD } },
    )
  ).signUp
  const groups = []
  for (const name of ['一组', '二组']) groups.push((await gql(admin.token, 'mutation($n: String!) { createGroup(name: $n) { id } }', { n: name })).createGroup.id)
  const invite = async (email, role, group) => {
    await gql(admin.token, 'mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }', { i: { email, role, groupId: group } })
    const mails = (await gql(admin.token, '{ mailOutbox(limit: 200) { to kind body } }')).mailOutbox
    const body = mails.find((m) => m.to === email && m.kind === 'invitation').body
    const token = body.slice(body.indexOf('gxi_')).split(/\s/)[0]
    const r = await gql(null, 'mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { token user { id } } }', {
      i: { token, displayName: email.split('@')[0], password: PASSWORD },
    })
    return r.acceptInvitation
  }
  const sales = []
  for (let i = 0; i < SALES; i++) sales.push({ email: `sales${i}@load.cn`, ...(await invite(`sales${i}@load.cn`, 'SALESPERSON', groups[i % 2])) })
  const sup = await invite('sup@load.cn', 'SUPERVISOR', groups[0])
  await gql(admin.token, 'mutation($g: ID!, $u: ID!) { addGroupSupervisor(groupId: $g, userId: $u) { id } }', { g: groups[0], u: sup.user.id })

  // 95% owned by the salespeople in turn, 5% in the pool.
  const lines = ['客户名称,手机,邮箱,公司,客户状态,标签,负责人']
  for (let i = 0; i < CUSTOMERS; i++) {
    const owner = i % 20 === 19 ? '' : sales[i % SALES].email
    lines.push(`客户${i},1${5900000000 + i},c${i}@example.cn,公司${i % 5000},意向客户,展会,${owner}`)
  }
  const form = new FormData()
  form.append('operations', JSON.stringify({ query: 'mutation($f: Upload!, $i: ImportCustomersInput) { importCustomers(file: $f, input: $i) { id } }', variables: { f: null, i: { toPool: true } } }))
  form.append('map', JSON.stringify({ 0: ['variables.f'] }))
  form.append('0', new Blob([lines.join('\n')], { type: 'text/csv' }), 'customers.csv')
  const t = Date.now()
  const up = await (await fetch(GUANXI, { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'x-apollo-operation-name': 'import' }, body: form })).json()
  if (up.errors) die(JSON.stringify(up.errors))
  const id = up.data.importCustomers.id
  for (;;) {
    const imp = (await gql(admin.token, 'query($id: ID!) { customerImport(id: $id) { status created failed job { status error } } }', { id })).customerImport
    if (imp.job?.status === 'FAILED') die(`import failed: ${JSON.stringify(imp)}`)
    if (imp.status === 'DONE' && imp.job?.status === 'SUCCEEDED') {
      if (imp.created !== CUSTOMERS) die(`import created ${imp.created} of ${CUSTOMERS}`)
      break
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  console.log(`seeded ${CUSTOMERS} customers of ${SALES} salespeople through the import in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  if (!SQLITE) psql(DB_URL, 'VACUUM ANALYZE')
  return { tenant: admin.tenant.id, admin: admin.token, sales: sales[0], sup: sup.token, group: groups[0] }
}

// ---- measure -------------------------------------------------------------

async function cannon(url, token, query, variables, connections) {
  const autocannon = (await import('autocannon')).default
  const headers = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  const body = JSON.stringify({ query, variables })
  // A short warm-up, then the measured run.
  await autocannon({ url, method: 'POST', headers, body, connections, duration: 1 })
  const r = await autocannon({ url, method: 'POST', headers, body, connections, duration: SECONDS })
  if (r.non2xx || r.errors) die(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`)
  // autocannon counts 2xx only; GraphQL errors are 200s, so check one answer.
  const one = await (await fetch(url, { method: 'POST', headers, body })).json()
  if (one.errors) die(`${url}: ${JSON.stringify(one.errors)}`)
  return { rps: r.requests.average, p50: r.latency.p50 }
}

function pgbench(script, clients, options = '') {
  const dir = mkdtempSync(join(tmpdir(), 'guanxi-load-'))
  const file = join(dir, 'script.sql')
  writeFileSync(file, script)
  const out = sh('pgbench', ['-n', '-M', 'prepared', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(SECONDS), '-f', file, DB_URL], {
    env: { ...env, PGOPTIONS: options },
  })
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1])
  const lat = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1])
  if (!tps) die(`pgbench said:\n${out}`)
  return { rps: tps, p50: lat }
}

const fmt = (r) => `${Math.round(r.rps).toLocaleString('en')}/s, ${r.p50 < 10 ? r.p50.toFixed(2) : Math.round(r.p50)} ms`

const cols = 'id number name company phones status grade createdAt lastContactAt'
const page = `{ customers(first: 50, sort: { field: CREATED_AT, direction: DESC }) { edges { node { ${cols} owner { id displayName } } } pageInfo { hasNextPage endCursor } } }`
const adminPage = `{ customers(first: 50, sort: { field: CREATED_AT, direction: DESC }) { totalCount edges { node { ${cols} owner { id displayName } } } pageInfo { hasNextPage endCursor } } }`
const groupPage = `query($g: ID!) { customers(first: 50, filter: { groupId: $g }, sort: { field: CREATED_AT, direction: DESC }) { edges { node { ${cols} owner { id displayName } } } pageInfo { hasNextPage endCursor } } }`
const poolPage = `{ pool(first: 50, sort: { field: CREATED_AT, direction: DESC }) { edges { node { ${cols} } } pageInfo { hasNextPage endCursor } } }`

// Config shared by both modes. The trial's plan allows 3,000 requests a
// minute; a load run sends far more. A limit no run reaches keeps the
// per-minute meter on the path.
function serverConfig(data) {
  const config = join(data, 'guanxi.toml')
  writeFileSync(config, '[plans.team.entitlements]\napi_requests_per_minute = 1_000_000_000\n')
  return {
    GUANXI_CONFIG: config,
    GUANXI_LISTEN: `127.0.0.1:${PORT}`,
    GUANXI_DATA_DIR: data,
    GUANXI_LOG_LEVEL: 'warn',
    GUANXI_SIGNUP_MAX_PER_ADDRESS: '0',
  }
}

// The embedded default: the server on `<data>/guanxi.db`, Guanxi's pages
// only, and how throughput grows from 1 connection to 8.
async function mainSqlite() {
  const data = mkdtempSync(join(tmpdir(), 'guanxi-load-sqlite-'))
  console.log(`SQLite ${join(data, 'guanxi.db')}: ${CUSTOMERS} customers, ${SALES} salespeople; ${SECONDS} s a row; binary ${BIN}`)
  start(BIN, ['serve'], serverConfig(data))
  await waitFor(GUANXI, 'guanxi')
  const s = await seed()
  const rows = []
  const row = async (label, run) => {
    const r1 = await run(1)
    const r8 = await run(8)
    rows.push({ label, r1, r8 })
    console.log(`  ${label.padEnd(44)} ${fmt(r1).padEnd(20)} ${fmt(r8).padEnd(20)} ${(r8.rps / r1.rps).toFixed(2)}×`)
    return { r1, r8 }
  }
  console.log(`\n  ${'path'.padEnd(44)} ${'1 connection'.padEnd(20)} ${'8 connections'.padEnd(20)} 8/1`)
  const salesR = await row("a salesperson's page (session)", (c) => cannon(GUANXI, s.sales.token, page, {}, c))
  await row("an admin's page with totalCount", (c) => cannon(GUANXI, s.admin, adminPage, {}, c))
  await row("a supervisor's group page", (c) => cannon(GUANXI, s.sup, groupPage, { g: s.group }, c))
  await row("a salesperson's pool page", (c) => cannon(GUANXI, s.sales.token, poolPage, {}, c))
  await row('{ __typename } (session)', (c) => cannon(GUANXI, s.sales.token, '{ __typename }', {}, c))
  console.log(`\nsalesperson's page, 8 connections vs 1: ${(salesR.r8.rps / salesR.r1.rps).toFixed(2)}× (target ≥ 1.6× on 2 cores)`)
  for (const c of children) c.kill('SIGTERM')
}

async function main() {
  await check()
  if (args.has('--check')) {
    console.log('load: prerequisites present')
    return
  }
  if (SQLITE) return mainSqlite()
  console.log(`database ${DB}: ${CUSTOMERS} customers, ${SALES} salespeople; ${SECONDS} s a row; binary ${BIN}`)
  psql(PG, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
  psql(PG, `CREATE DATABASE ${DB}`)
  const data = mkdtempSync(join(tmpdir(), 'guanxi-load-data-'))
  start(BIN, ['serve'], { ...serverConfig(data), GUANXI_DATABASE_URL: DB_URL })
  await waitFor(GUANXI, 'guanxi')
  const s = await seed()
  const me = s.sales.user.id

  start(join(here, 'node_modules/.bin/postgraphile'), ['-c', DB_URL, '--schema', 'public', '--host', '127.0.0.1', '--port', String(PORT + 1), '--disable-query-log', '--no-setof-functions-contain-nulls'], {})
  await waitFor(POSTGRAPHILE, 'postgraphile')

  const pgAdminPage = `query($t: UUID!) { allCustomers(first: 50, orderBy: CREATED_AT_DESC, condition: { tenantId: $t }) { totalCount nodes { id number name company phones status grade createdAt lastContactAt userByTenantIdAndOwnerId { id displayName } } pageInfo { hasNextPage endCursor } } }`
  const pgPage = `query($o: UUID!, $t: UUID!) { allCustomers(first: 50, orderBy: CREATED_AT_DESC, condition: { tenantId: $t, ownerId: $o }) { nodes { id number name company phones status grade createdAt lastContactAt userByTenantIdAndOwnerId { id displayName } } pageInfo { hasNextPage endCursor } } }`

  // The same page in SQL: what Guanxi sends (see customers::select_customers
  // and TenantTx::begin), by hand.
  const select = `SELECT c.id, c.number, c.name, c.company, c.phones, c.status, c.grade, c.created_at, c.last_contact_at, c.owner_id,
      (SELECT u.display_name FROM users u WHERE u.tenant_id = c.tenant_id AND u.id = c.owner_id) AS owner_name
    FROM customers c WHERE c.tenant_id = '${s.tenant}' AND c.owner_id = '${me}' ORDER BY c.created_at DESC, c.id DESC LIMIT 51;`
  psql(DB_URL, `CREATE TABLE load_plain AS SELECT id, owner_id, name, company, phones, status, grade, created_at, last_contact_at FROM customers; CREATE INDEX ON load_plain (owner_id, created_at); ANALYZE load_plain`)
  const plain = `SELECT * FROM load_plain WHERE owner_id = '${me}' ORDER BY created_at DESC LIMIT 50;`
  const replay = `BEGIN;\nSELECT set_config('app.tenant_id', '${s.tenant}', true), set_config('transaction_read_only', 'on', true);\n${select.replace(/\n\s*/g, ' ')}\nCOMMIT;\n`
  const asApp = '-c role=guanxi_app -c plan_cache_mode=force_custom_plan'

  const rows = []
  const row = async (label, run) => {
    const r1 = await run(1)
    const r8 = await run(8)
    rows.push({ label, r1, r8 })
    console.log(`  ${label.padEnd(58)} ${fmt(r1).padEnd(20)} ${fmt(r8)}`)
    return { r1, r8 }
  }
  console.log(`\n  ${'path'.padEnd(58)} ${'1 connection'.padEnd(20)} 8 connections`)
  const plainR = await row('raw SQL, plain table (pgbench, prepared)', (c) => pgbench(plain.replace(/\n\s*/g, ' ') + '\n', c))
  await row("raw SQL, Guanxi's customers (pgbench, prepared, no RLS)", (c) => pgbench(select.replace(/\n\s*/g, ' ') + '\n', c))
  const replayR = await row("Guanxi's transaction replayed (pgbench, guanxi_app, RLS)", (c) => pgbench(replay, c, asApp))
  const pgR = await row('PostGraphile 4 (no auth, no RLS)', (c) => cannon(POSTGRAPHILE, null, pgPage, { o: me, t: s.tenant }, c))
  const pgAdminR = await row('PostGraphile 4, the whole company with totalCount', (c) => cannon(POSTGRAPHILE, null, pgAdminPage, { t: s.tenant }, c))
  const salesR = await row("Guanxi: a salesperson's page (session)", (c) => cannon(GUANXI, s.sales.token, page, {}, c))
  const adminR = await row("Guanxi: an admin's page with totalCount", (c) => cannon(GUANXI, s.admin, adminPage, {}, c))
  const groupR = await row("Guanxi: a supervisor's group page", (c) => cannon(GUANXI, s.sup, groupPage, { g: s.group }, c))
  const poolR = await row("Guanxi: a salesperson's pool page", (c) => cannon(GUANXI, s.sales.token, poolPage, {}, c))
  const typenameR = await row('Guanxi: { __typename } (session)', (c) => cannon(GUANXI, s.sales.token, '{ __typename }', {}, c))
  const meR = await row('Guanxi: { me { user { id } } }', (c) => cannon(GUANXI, s.sales.token, '{ me { user { id } } }', {}, c))

  const x = (a, b) => (a / b).toFixed(2) + '×'
  console.log('\nratios (targets: pages ≥ 1.5× PostGraphile; page p50 ≤ 2× replay p50; __typename ≤ 1.3× me)')
  for (const [label, r, pg] of [['salesperson', salesR, pgR], ['admin + totalCount', adminR, pgAdminR], ['supervisor group', groupR, pgR], ['pool', poolR, pgR]]) {
    console.log(`  ${label.padEnd(20)} vs PostGraphile: ${x(r.r1.rps, pg.r1.rps)} at 1, ${x(r.r8.rps, pg.r8.rps)} at 8;  p50 vs replay: ${x(r.r1.p50, replayR.r1.p50)}`)
  }
  console.log(`  __typename vs me (throughput): ${x(typenameR.r1.rps, meR.r1.rps)} at 1, ${x(typenameR.r8.rps, meR.r8.rps)} at 8`)
  console.log(`  salesperson page vs plain-table SQL: ${x(salesR.r1.rps, plainR.r1.rps)} at 1, ${x(salesR.r8.rps, plainR.r8.rps)} at 8`)
  for (const c of children) c.kill('SIGTERM')
}

main().catch((e) => die(e.stack ?? String(e)))
