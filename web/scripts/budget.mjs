#!/usr/bin/env node
// The web app's size and speed budget, measured against a running server
// (the release binary serving the app; this script builds nothing):
//
//   node scripts/budget.mjs http://127.0.0.1:8080
//
// 1. The main route's JavaScript: the entry chunk of `/` and every chunk it
//    imports statically (what the browser must load before the first screen),
//    compressed with gzip and with brotli (both at their highest level),
//    against 300 KB (300 000 bytes) compressed, judged on gzip, the larger.
// 2. Time until the first screen is interactive in Chromium, median of 5
//    cold loads (a fresh browser context each: empty cache, no cookies),
//    against 1.5 s: navigation start → the login form's first input is
//    enabled and takes focus; and, logged in, navigation start → the
//    customer list's first row is shown.
//
// Logging in needs a company with customers: BUDGET_SLUG, BUDGET_EMAIL and
// BUDGET_PASSWORD name one; without them the script signs up a throwaway
// company on that server and adds 12 customers through the API.
// CHROMIUM names the browser (default /usr/bin/chromium); BUDGET_RUNS the
// number of loads (default 5); BUDGET_TRACE=1 lists the requests of the
// median load with their times. Prints a table; exits 1 over budget.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'

const JS_BUDGET = 300_000
const TTI_BUDGET_MS = 1500
const RUNS = Number(process.env.BUDGET_RUNS ?? 5)
const LOGIN_INPUT = '#app form input'
const FIRST_ROW = '[data-test="customer-row"]'

const base = (process.argv[2] ?? process.env.GUANXI_URL ?? '').replace(/\/$/, '')
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node scripts/budget.mjs <server URL, e.g. http://127.0.0.1:8080>')
  process.exit(2)
}

async function get(path) {
  const r = await fetch(new URL(path, `${base}/`))
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`)
  return r
}

/** The entry chunk of `/` and its static imports, transitively. */
async function mainRouteJs() {
  const html = await (await get('/')).text()
  if (!/<div id="app">/.test(html)) throw new Error(`${base}/ does not serve the app (no <div id="app">)`)
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1])
  if (!entries.length) throw new Error('no module script in the page')
  const seen = new Map()
  const queue = entries.map((e) => new URL(e, `${base}/`).pathname)
  while (queue.length) {
    const path = queue.shift()
    if (seen.has(path)) continue
    const body = Buffer.from(await (await get(path)).arrayBuffer())
    seen.set(path, body)
    // Static imports and re-exports (`import{a}from"./x.js"`, `import"./x.js"`,
    // `export*from"./x.js"`); `import("./x.js")` is a lazy chunk and not counted.
    const text = body.toString('utf8')
    for (const m of text.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.m?js)["']/g)) {
      queue.push(new URL(m[1], `${base}${path}`).pathname)
    }
  }
  const files = [...seen].map(([path, body]) => ({
    path,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }))
  return files
}

/** Compressed sizes of the JS files a screen loaded (for the table's notes). */
async function sizes(paths) {
  let gzip = 0
  for (const p of paths) gzip += gzipSync(Buffer.from(await (await get(p)).arrayBuffer()), { level: 9 }).length
  return { gzip }
}

/** One API call. As the web app (`web`), a server with cookie sessions
 * answers the session in cookies; as any other client, in the body. */
async function gql(query, variables, { token, web = false } = {}) {
  const headers = { 'content-type': 'application/json' }
  if (web) headers['x-guanxi-client'] = 'web'
  if (token) headers.authorization = `Bearer ${token}`
  const r = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })
  const body = await r.json()
  if (body.errors?.length) throw new Error(`${query.split('(')[0].trim()}: ${body.errors.map((e) => e.extensions?.code ?? e.message).join(', ')}`)
  return { data: body.data, cookies: r.headers.getSetCookie?.() ?? [] }
}

const LOGIN = `mutation BudgetLogin($input: LoginInput!) { login(input: $input) { token } }`

/** A company to log in to: the one named by BUDGET_*, or a new one. */
async function account() {
  if (process.env.BUDGET_SLUG && process.env.BUDGET_EMAIL && process.env.BUDGET_PASSWORD) {
    return { slug: process.env.BUDGET_SLUG, email: process.env.BUDGET_EMAIL, password: process.env.BUDGET_PASSWORD }
  }
  const n = Date.now().toString(36)
  const acct = { slug: `budget-${n}`, email: `owner-${n}@budget.example`, password: 'Budget-pass-2026!' }
  const { data } = await gql(`mutation BudgetSignUp($input: SignUpInput!) { signUp(input: $input) { token } }`, {
    input: { companyName: '预算测试有限公司', slug: acct.slug, adminEmail: acct.email, adminName: '王预算', password: acct.password },
  })
  const token = data.signUp.token
  const names = ['李明', '王芳', '张伟', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞', '徐涛', '孙丽']
  for (const name of names) {
    await gql(`mutation BudgetCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, { input: { name } }, { token })
  }
  return acct
}

/** Milliseconds from navigation start until `ready()` holds in the page. */
async function measure(browser, path, selector, { login, loaded = new Set() } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  try {
    if (login) {
      // Log in the way the app does, then load the page under test cold in a
      // new context that carries only the session.
      const { data, cookies } = await gql(LOGIN, { input: login }, { web: true })
      const url = new URL(base)
      await context.addCookies(
        cookies.map((c) => {
          const [nv] = c.split(';')
          const i = nv.indexOf('=')
          return { name: nv.slice(0, i), value: nv.slice(i + 1), domain: url.hostname, path: '/', httpOnly: /httponly/i.test(c) }
        }),
      )
    }
    await context.addInitScript((sel) => {
      const check = () => {
        const el = document.querySelector(sel)
        if (el && !el.disabled && el.getClientRects().length > 0) {
          if (el.matches('input, textarea, select, button')) el.focus()
          if (!el.matches('input, textarea, select, button') || document.activeElement === el) {
            window.__gxReady = performance.now()
            return
          }
        }
        requestAnimationFrame(check)
      }
      requestAnimationFrame(check)
    }, selector)
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(String(e)))
    page.on('response', (r) => {
      if (/\.m?js$/.test(new URL(r.url()).pathname)) loaded.add(new URL(r.url()).pathname)
    })
    await page.goto(`${base}${path}`, { waitUntil: 'commit' })
    await page.waitForFunction(() => window.__gxReady !== undefined, null, { timeout: 20000, polling: 50 }).catch(() => {
      throw new Error(`${path}: "${selector}" did not appear within 20 s${errors.length ? ` (${errors[0]})` : ''}`)
    })
    return await page.evaluate(() => {
      // Where the time went: the document, the scripts, the API.
      const nav = performance.getEntriesByType('navigation')[0]
      const res = performance.getEntriesByType('resource').filter((r) => r.startTime < window.__gxReady)
      const api = res.filter((r) => new URL(r.name).pathname === '/graphql')
      const js = res.filter((r) => /\.m?js$/.test(new URL(r.name).pathname))
      return {
        trace: res.map((r) => `${String(Math.round(r.startTime)).padStart(6)} → ${String(Math.round(r.responseEnd)).padStart(6)} ms  ${new URL(r.name).pathname}`),
        ms: window.__gxReady,
        dcl: nav?.domContentLoadedEventEnd ?? 0,
        jsEnd: Math.max(0, ...js.map((r) => r.responseEnd)),
        api: api.length,
        apiMs: Math.max(0, ...api.map((r) => r.duration)),
        apiEnd: Math.max(0, ...api.map((r) => r.responseEnd)),
      }
    })
  } finally {
    await context.close()
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`

async function main() {
  const rows = []
  const files = await mainRouteJs()
  const sum = (k) => files.reduce((a, f) => a + f[k], 0)
  console.log(`Main route JavaScript (${base}/): ${files.length} files`)
  for (const f of files.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${f.path.padEnd(44)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} gzip ${kb(f.brotli).padStart(10)} br`)
  rows.push(['main route JS, gzip', kb(sum('gzip')), kb(JS_BUDGET), sum('gzip') <= JS_BUDGET])
  rows.push(['main route JS, brotli', kb(sum('brotli')), kb(JS_BUDGET), sum('brotli') <= JS_BUDGET])
  rows.push(['main route JS, uncompressed', kb(sum('raw')), '-', null])
  // What the server itself sends to a browser that accepts compression.
  const entry = files[0].path
  const r = await fetch(new URL(entry, `${base}/`), { headers: { 'accept-encoding': 'br, gzip' } })
  await r.arrayBuffer()
  const enc = r.headers.get('content-encoding')
  console.log(`The server sends ${entry} ${enc ? `compressed (${enc})` : `uncompressed (${kb(Number(r.headers.get('content-length') ?? 0))})`} to a browser that accepts br and gzip; cache-control: ${r.headers.get('cache-control') ?? 'none'}`)

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const screens = [
      ['login form interactive', '/login', LOGIN_INPUT, async () => ({})],
      ['customer list, first row', '/customers', FIRST_ROW, async () => ({ login: await account() })],
    ]
    for (const [name, path, selector, setup] of screens) {
      const xs = []
      const loaded = new Set()
      try {
        const opts = await setup()
        for (let i = 0; i < RUNS; i++) xs.push(await measure(browser, path, selector, { ...opts, loaded }))
      } catch (e) {
        console.log(`${name}: not measured: ${e.message}`)
        rows.push([`${name}`, 'failed', `${TTI_BUDGET_MS} ms`, false])
        continue
      }
      const m = median(xs.map((x) => x.ms))
      const mid = xs.find((x) => x.ms === m) ?? xs[0]
      const js = await sizes(loaded)
      console.log(`${name}: ${xs.map((x) => Math.round(x.ms)).join(', ')} ms; loads ${loaded.size} JS files, ${kb(js.gzip)} gzip`)
      console.log(
        `  median run: DOMContentLoaded ${Math.round(mid.dcl)} ms, last script ${Math.round(mid.jsEnd)} ms, ` +
          `${mid.api} API requests (slowest ${Math.round(mid.apiMs)} ms, last answer ${Math.round(mid.apiEnd)} ms)`,
      )
      if (process.env.BUDGET_TRACE === '1') for (const l of mid.trace) console.log(`    ${l}`)
      rows.push([`${name} (median of ${RUNS})`, `${Math.round(m)} ms`, `${TTI_BUDGET_MS} ms`, m <= TTI_BUDGET_MS])
    }
  } finally {
    await browser.close()
  }

  console.log('')
  const w = Math.max(...rows.map((r) => r[0].length))
  console.log(`${'measure'.padEnd(w)}  ${'value'.padStart(10)}  ${'budget'.padStart(10)}  result`)
  for (const [name, value, budget, ok] of rows) {
    console.log(`${name.padEnd(w)}  ${value.padStart(10)}  ${budget.padStart(10)}  ${ok === null ? '' : ok ? 'ok' : 'OVER'}`)
  }
  return rows.some((r) => r[3] === false) ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`budget: ${e.message ?? e}`)
    process.exit(1)
  },
)
