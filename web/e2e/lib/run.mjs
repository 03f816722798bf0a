// Steps, the browser, and what makes a step fail: an exception, or anything
// wrong seen on a page while it ran (console errors, page errors, failed
// requests, HTTP >= 400 or GraphQL errors from our server, requests to any
// other origin) unless the step allows it, with a reason.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

/** Allowed everywhere: how the app learns that nobody is logged in. */
const ALWAYS_ALLOWED = [
  { kind: 'graphql', op: 'Me', code: 'UNAUTHENTICATED', reason: 'the router asks who is logged in; logged out, the answer is UNAUTHENTICATED' },
  {
    kind: 'graphql', op: 'UnreadNotificationCount', code: 'UNAUTHENTICATED',
    reason: 'the bell asks every minute; a page whose session ended elsewhere (offboarded, logged out everywhere) learns it so and goes to the login page',
  },
]

export const WIDE = { width: 1440, height: 900 }
export const PHONE = { width: 375, height: 812 }

function slug(s) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9\u4e00-\u9fff]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
}

function matches(allow, p) {
  return (
    (allow.kind === undefined || allow.kind === p.kind) &&
    (allow.status === undefined || allow.status === p.status) &&
    (allow.op === undefined || allow.op === p.op) &&
    (allow.code === undefined || allow.code === p.code) &&
    (allow.url === undefined || allow.url.test(p.url ?? '')) &&
    (allow.text === undefined || allow.text.test(p.text ?? ''))
  )
}

export class Run {
  constructor({ artifacts, appUrl, executablePath }) {
    this.artifacts = artifacts
    this.appUrl = appUrl
    this.appOrigin = new URL(appUrl).origin
    this.executablePath = executablePath
    this.steps = []
    this.current = null
    this.pending = new Set()
    this.pages = new Map() // page -> user label
    this.shots = 0
    mkdirSync(artifacts, { recursive: true })
  }

  async launch() {
    // Playwright starts Chromium with a fresh temporary user-data dir of its
    // own; each user below gets a separate context (own cookies, storage).
    this.browser = await chromium.launch({
      executablePath: this.executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }

  async close() {
    await this.browser?.close().catch(() => {})
  }

  /** A browser context (a person on their own device) with one page. */
  async user(label, { viewport = WIDE, locale = 'zh-CN', mobile = false } = {}) {
    const context = await this.browser.newContext({
      viewport,
      locale,
      timezoneId: 'Asia/Shanghai',
      baseURL: this.appUrl,
      isMobile: mobile,
      hasTouch: mobile,
      acceptDownloads: true,
    })
    context.setDefaultTimeout(10000)
    context.setDefaultNavigationTimeout(15000)
    const page = await context.newPage()
    this.watch(page, label)
    page.gxViewport = viewport
    page.gxLabel = label
    return page
  }

  watch(page, label) {
    this.pages.set(page, label)
    page.on('close', () => this.pages.delete(page))
    const at = () => page.url()
    page.on('console', (m) => {
      if (m.type() !== 'error') return
      const text = m.text()
      // Chromium also logs every HTTP error as a console error; the response
      // itself is judged below (and may be allowed).
      if (/^Failed to load resource: the server responded with a status of \d+/.test(text)) return
      this.problem({ kind: 'console', user: label, page: at(), text, url: m.location()?.url })
    })
    page.on('pageerror', (e) => this.problem({ kind: 'pageerror', user: label, page: at(), text: e.stack ?? String(e) }))
    page.on('crash', () => this.problem({ kind: 'crash', user: label, page: at(), text: 'the page crashed' }))
    page.on('request', (r) => {
      const u = r.url()
      if (u.startsWith('data:') || u.startsWith('blob:')) return
      if (new URL(u).origin !== this.appOrigin) this.problem({ kind: 'foreign', user: label, page: at(), url: u, text: `request to another origin: ${u}` })
    })
    page.on('requestfailed', (r) => {
      const err = r.failure()?.errorText ?? ''
      // A navigation cancels the previous page's requests in flight.
      if (err === 'net::ERR_ABORTED') return
      this.problem({ kind: 'requestfailed', user: label, page: at(), url: r.url(), text: `${r.method()} ${r.url()}: ${err}` })
    })
    page.on('response', (r) => {
      const url = r.url()
      if (new URL(url).origin !== this.appOrigin) return
      const req = r.request()
      const op = new URL(url).pathname === '/graphql' ? operationName(req) : undefined
      const status = r.status()
      if (status >= 400) {
        this.problem({ kind: 'http', user: label, page: at(), url, status, op, text: `${req.method()} ${url} -> HTTP ${status}${op ? ` (${op})` : ''}` })
      }
      if (op !== undefined || new URL(url).pathname === '/graphql') {
        // GraphQL errors arrive with 200: read the body (asynchronously; the
        // step waits for these before it ends).
        const step = this.current
        const p = r
          .json()
          .then((body) => {
            for (const e of body?.errors ?? []) {
              const code = e.extensions?.code
              this.problem(
                { kind: 'graphql', user: label, page: at(), url, op, code, status, text: `${op ?? 'GraphQL'}: ${code ?? 'no code'}: ${e.message}` },
                step,
              )
            }
          })
          .catch(() => {})
          .finally(() => this.pending.delete(p))
        this.pending.add(p)
      }
    })
  }

  problem(p, step = this.current) {
    const allows = [...ALWAYS_ALLOWED, ...(step?.allow ?? [])]
    const allowed = allows.find((a) => matches(a, p))
    const target = step ?? this.orphan()
    if (allowed) target.allowed.push({ ...p, reason: allowed.reason })
    else target.problems.push(p)
  }

  orphan() {
    let s = this.steps.find((s) => s.name === '(between steps)')
    if (!s) {
      s = { name: '(between steps)', status: 'ok', ms: 0, problems: [], allowed: [], warnings: [], scenario: '' }
      this.steps.push(s)
    }
    return s
  }

  /**
   * Run one step. `allow`: problems this step expects, each
   * `{ kind, status?, op?, code?, url?, text?, reason }`.
   */
  async step(name, fn, { allow = [] } = {}) {
    for (const a of allow) if (!a.reason) throw new Error(`allowance without a reason in step ${name}`)
    const step = { name, scenario: this.currentScenario, status: 'ok', ms: 0, problems: [], allowed: [], warnings: [], allow }
    this.steps.push(step)
    this.current = step
    const t0 = Date.now()
    step.t0 = t0
    process.stdout.write(`  · ${name} … `)
    try {
      await fn()
      await this.settle()
    } catch (e) {
      await this.settle().catch(() => {})
      step.error = e
      await this.failureShots(name)
    }
    step.ms = Date.now() - t0
    if (step.error || step.problems.length) step.status = 'FAIL'
    this.current = null
    process.stdout.write(`${step.status === 'ok' ? 'ok' : 'FAIL'} (${(step.ms / 1000).toFixed(1)} s)\n`)
    if (step.error) throw new StepFailed(name, step.error)
  }

  /** Wait for the GraphQL answers still being read. */
  async settle() {
    while (this.pending.size) await Promise.allSettled([...this.pending])
  }

  async failureShots(name) {
    for (const [page, label] of this.pages) {
      await page
        .screenshot({ path: join(this.artifacts, `FAILED-${slug(name)}-${slug(label)}.png`), fullPage: true, timeout: 5000 })
        .catch(() => {})
    }
  }

  /** Screenshots of what `page` shows, at 1440 and at 375 px wide; and
   * every visible control must have a name (a label, aria-label, text). */
  async screen(page, name) {
    const t0 = Date.now()
    try {
      await this.screenAt(page, name)
    } finally {
      this.shotMs = (this.shotMs ?? 0) + Date.now() - t0
    }
  }

  async screenAt(page, name) {
    for (const c of await unlabelled(page)) {
      const p = { kind: 'unlabelled', user: page.gxLabel, page: page.url(), screen: name, control: c, text: `${name}: a control without a label: ${c}` }
      // A failure; E2E_STRICT=0 makes it a warning kept in the summary.
      if (process.env.E2E_STRICT !== '0') this.problem(p)
      else (this.current ?? this.orphan()).warnings.push(p)
    }
    const n = String(++this.shots).padStart(2, '0')
    const own = page.gxViewport ?? WIDE
    const same = (a, b) => a?.width === b.width && a?.height === b.height
    // The page's own width first: one resize fewer.
    for (const vp of own.width === PHONE.width ? [PHONE, WIDE] : [WIDE, PHONE]) {
      if (!same(page.viewportSize(), vp)) {
        await page.setViewportSize(vp)
        await settleLayout(page)
      }
      // The app scrolls inside its main pane, not the document: make the
      // window as tall as the content for the picture.
      const extra = await page.evaluate(() =>
        Math.max(
          0,
          ...[...document.querySelectorAll('body *')]
            .filter((e) => e.scrollHeight > e.clientHeight + 2 && /(auto|scroll)/.test(getComputedStyle(e).overflowY))
            .map((e) => e.scrollHeight - e.clientHeight),
        ),
      )
      if (extra > 0) {
        await page.setViewportSize({ width: vp.width, height: Math.min(vp.height + extra, 6000) })
        await settleLayout(page)
      }
      await page.screenshot({ path: join(this.artifacts, `${n}-${slug(name)}-${vp.width}.png`), fullPage: true, animations: 'disabled' })
    }
    if (!same(page.viewportSize(), own)) {
      await page.setViewportSize(own)
      await settleLayout(page)
    }
  }

  /** Run a group of steps; when one throws, the rest of the group is skipped. */
  async scenario(name, fn, { needs = [] } = {}) {
    this.scenarios ??= new Map()
    const missing = needs.filter((n) => this.scenarios.get(n) !== 'ok')
    console.log(`\n${name}`)
    this.currentScenario = name
    if (missing.length) {
      this.steps.push({ name: `(skipped: needs ${missing.join(', ')})`, scenario: name, status: 'skipped', ms: 0, problems: [], allowed: [], warnings: [] })
      this.scenarios.set(name, 'skipped')
      console.log(`  skipped: needs ${missing.join(', ')}`)
      return
    }
    try {
      await fn()
      this.scenarios.set(name, this.steps.some((s) => s.scenario === name && s.status === 'FAIL') ? 'FAIL' : 'ok')
    } catch (e) {
      this.scenarios.set(name, 'FAIL')
      if (!(e instanceof StepFailed)) {
        this.steps.push({ name: '(scenario code)', scenario: name, status: 'FAIL', ms: 0, problems: [], allowed: [], warnings: [], error: e })
      }
    }
  }

  /** Mark the step in progress failed (the run is being stopped). */
  stopCurrent(why) {
    const step = this.current
    if (!step) return
    step.status = 'FAIL'
    step.error = new Error(why)
    step.ms = Date.now() - step.t0
  }

  failed() {
    return this.steps.some((s) => s.status === 'FAIL')
  }

  summary() {
    const lines = ['', 'Summary']
    let scenario
    for (const s of this.steps) {
      if (s.scenario !== scenario) {
        scenario = s.scenario
        lines.push(`  ${scenario || '(outside scenarios)'}`)
      }
      lines.push(`    ${s.status.padEnd(7)} ${(s.ms / 1000).toFixed(1).padStart(5)} s  ${s.name}`)
      if (s.error) {
        const msg = String(s.error.message ?? s.error).replace(/\x1b\[[0-9;]*m/g, '')
        lines.push(`              error: ${msg.split('\n').filter((l) => l.trim()).slice(0, 6).join('\n                     ')}`)
      }
      for (const p of s.problems) lines.push(`              ${p.kind}${p.user ? ` [${p.user}]` : ''}: ${oneLine(p.text ?? p.url)}${p.page ? `  (on ${p.page})` : ''}`)
    }
    const failed = this.steps.filter((s) => s.status === 'FAIL').length
    const skipped = this.steps.filter((s) => s.status === 'skipped').length
    const allowed = this.steps.flatMap((s) => s.allowed)
    lines.push('')
    const warnings = this.steps.flatMap((s) => s.warnings ?? [])
    if (warnings.length) {
      lines.push(`Warnings (failures unless E2E_STRICT=0): ${warnings.length}`)
      const byControl = new Map()
      for (const w of warnings) {
        const key = `${w.kind}: ${w.control ?? w.text}`
        const e = byControl.get(key) ?? { n: 0, screens: new Set() }
        e.n++
        e.screens.add(w.screen ?? '')
        byControl.set(key, e)
      }
      for (const [key, e] of byControl) lines.push(`  ${key} ×${e.n} (on: ${[...e.screens].join('; ')})`)
      lines.push('')
    }
    if (allowed.length) {
      lines.push(`Allowed (expected) problems: ${allowed.length}`)
      const seen = new Set()
      for (const a of allowed) {
        const key = `${a.kind} ${a.op ?? ''} ${a.code ?? a.status ?? ''}: ${a.reason}`
        if (!seen.has(key)) lines.push(`  ${key}`)
        seen.add(key)
      }
      lines.push('')
    }
    lines.push(`${this.shots} screens, ${this.shots * 2} screenshots taken in ${((this.shotMs ?? 0) / 1000).toFixed(1)} s`)
    lines.push(
      `${this.steps.filter((s) => s.status === 'ok').length} steps passed, ${failed} failed, ${skipped} skipped; screenshots in ${this.artifacts}`,
    )
    return lines.join('\n')
  }
}

/** The GraphQL operation a request runs: POST body, multipart form, or GET query string. */
function operationName(req) {
  const named = (q) => /\b(?:query|mutation|subscription)\s+(\w+)/.exec(q ?? '')?.[1]
  if (req.method() === 'GET') {
    const p = new URL(req.url()).searchParams
    return p.get('operationName') ?? named(p.get('query'))
  }
  const body = req.postData() ?? ''
  try {
    const j = JSON.parse(body)
    return j.operationName ?? named(j.query)
  } catch {
    // A multipart upload: the operation is in a form part.
    return /"operationName"\s*:\s*"(\w+)"/.exec(body)?.[1] ?? named(body)
  }
}

function oneLine(s = '') {
  const l = String(s).split('\n')
  return l.length > 3 ? `${l.slice(0, 3).join(' | ')} …` : l.join(' | ')
}

export class StepFailed extends Error {
  constructor(step, cause) {
    super(`step "${step}" failed: ${cause?.message ?? cause}`)
    this.cause = cause
  }
}

/** Visible form controls and buttons with no accessible name (roughly as
 * browsers compute it: aria-label(ledby), <label> (its own aria-label, else
 * its text: Chromium names an input inside `<label aria-label>` so, which is
 * how Element Plus labels checkboxes), title, text, placeholder). */
async function unlabelled(page) {
  return page.evaluate(() => {
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
    const text = (e) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim()
    const labelName = (l) => (l ? l.getAttribute('aria-label')?.trim() || text(l) : '')
    const name = (e) =>
      e.getAttribute('aria-label')?.trim() ||
      (e.getAttribute('aria-labelledby') ?? '').split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim() ||
      (e.id && [...document.querySelectorAll(`label[for="${CSS.escape(e.id)}"]`)].map(labelName).join(' ').trim()) ||
      labelName(e.closest('label')) ||
      e.getAttribute('title')?.trim() ||
      (e.matches('button, [role=button], a, [role=tab], [role=menuitem], [role=option]') && (text(e) || e.querySelector('img[alt]')?.getAttribute('alt'))) ||
      e.getAttribute('placeholder')?.trim() ||
      ''
    const controls = [...document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=tab], [role=combobox], [role=switch], [role=checkbox], [role=radio]')]
    return controls
      .filter((e) => visible(e) && !e.closest('[aria-hidden=true]'))
      .filter((e) => !name(e))
      .map((e) => {
        const t = e.closest('[data-test]')?.getAttribute('data-test')
        return `<${e.tagName.toLowerCase()}${e.type ? ` type=${e.type}` : ''}${e.className && typeof e.className === 'string' ? ` class="${e.className.split(' ').slice(0, 2).join(' ')}"` : ''}>${t ? ` in [data-test=${t}]` : ''}`
      })
  })
}

/** Let a resized page lay itself out again (tables measure on resize). */
async function settleLayout(page) {
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))))
  await page.waitForTimeout(80)
}
