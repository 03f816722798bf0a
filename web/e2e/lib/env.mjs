// The world a browser test runs in: the `guanxi` binary on a free port with
// a fresh SQLite data dir, a real SMTP server on loopback that keeps every
// mail as JSON, and the app (served by the binary, or by `vite preview` in
// front of it when the binary does not serve the app).
import { execFile, spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.on('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

const children = new Set()

/** Start a process whose output goes to `log`; it is killed when the run ends. */
function start(cmd, args, { env, cwd, log, stdin = 'ignore' }) {
  // The server reads every GUANXI_* variable as configuration and refuses
  // unknown ones: it gets only those set here, not the caller's (GUANXI_BIN …).
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GUANXI_')))
  const child = spawn(cmd, args, { env: { ...inherited, ...env }, cwd, stdio: [stdin, 'pipe', 'pipe'] })
  child.log = log
  const out = createWriteStream(log, { flags: 'a' })
  child.stdout.pipe(out)
  child.stderr.pipe(out)
  // The last lines, to say why a process that should be running stopped.
  child.tail = ''
  const keep = (d) => {
    child.tail = (child.tail + d).slice(-4000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  // Its output is read to the end before it counts as exited.
  const closed = new Promise((ok) => child.on('close', ok))
  child.exited = new Promise((ok) => child.on('exit', (code, signal) => closed.then(() => ok({ code, signal }))))
  children.add(child)
  child.exited.then(() => children.delete(child))
  return child
}

/** Stop every process this run started (each by its own id). */
export async function stopAll() {
  const waits = []
  for (const c of children) {
    if (c.stdin) c.stdin.end()
    c.kill('SIGTERM')
    waits.push(Promise.race([c.exited, sleep(3000).then(() => c.kill('SIGKILL'))]))
  }
  await Promise.all(waits)
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of children) c.kill('SIGKILL')
    process.exit(130)
  })
}
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

/** Poll `url` until `accept(response, text)` holds, the process dies, or time is up. */
async function waitFor(url, { child, what, timeoutMs = 30000, accept = (r) => r.ok }) {
  const until = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < until) {
    if (child && child.exitCode !== null) {
      await child.exited
      const tail = child.tail.trim().split('\n').slice(-5).join('\n')
      throw new Error(`${what} exited (code ${child.exitCode}) before answering ${url}:\n${tail}`)
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) })
      const text = await r.text()
      if (accept(r, text)) return text
      last = `HTTP ${r.status}`
    } catch (e) {
      last = e.message
    }
    await sleep(100)
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s (last: ${last})`)
}

/** The SMTP sink (tests/smtp_sink.py): resolves once it listens. */
async function startSink(repo, dir, log) {
  const port = await freePort()
  const child = start('python3', [join(repo, 'tests/smtp_sink.py'), '--port', String(port), '--dir', dir, '--max-seconds', '900'], {
    log,
    stdin: 'pipe',
  })
  await new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error('the SMTP sink did not start in 15 s (is aiosmtpd installed? python3 -m pip install aiosmtpd)')), 15000)
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready')) {
        clearTimeout(t)
        ok()
      }
    })
    child.exited.then(({ code }) => {
      clearTimeout(t)
      fail(new Error(`the SMTP sink exited with code ${code}; see ${log}`))
    })
  })
  return { port, child }
}

const APP_MARK = /<div id="app">/

/**
 * Start everything. `web` is the web/ dir; `artifacts` receives the logs.
 * Returns { appUrl, apiUrl, mailDir, servedByBinary, dataDir, stop }.
 */
export async function startEnv({ web, artifacts, bin }) {
  const repo = resolve(web, '..')
  if (!existsSync(bin)) throw new Error(`no guanxi binary at ${bin} (build it with cargo build, or set GUANXI_BIN)`)
  if (!existsSync(join(web, 'dist/index.html'))) throw new Error('web/dist is missing: run `npm run build` in web/ first')
  const tmp = mkdtempSync(join(tmpdir(), 'guanxi-e2e-'))
  try {
    return await startIn(tmp, { web, artifacts, bin, repo })
  } catch (e) {
    await stopAll()
    rmSync(tmp, { recursive: true, force: true })
    throw e
  }
}

async function startIn(tmp, { web, artifacts, bin, repo }) {
  const mailDir = join(tmp, 'mail')
  const sink = await startSink(repo, mailDir, join(artifacts, 'smtp-sink.log'))

  const apiPort = await freePort()
  const apiUrl = `http://127.0.0.1:${apiPort}`
  const serverEnv = (publicUrl) => ({
    GUANXI_LISTEN: `127.0.0.1:${apiPort}`,
    GUANXI_DATA_DIR: join(tmp, 'data'),
    GUANXI_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    GUANXI_PUBLIC_URL: publicUrl,
    GUANXI_MAIL_POLL_MS: '100',
    GUANXI_JOBS_POLL_MS: '100',
    GUANXI_EVENTS_POLL_MS: '100',
    // The webhook scenario's receiver is on loopback.
    GUANXI_WEBHOOKS_ALLOW_PRIVATE: 'true',
    GUANXI_WEBHOOKS_POLL_MS: '100',
    GUANXI_LOG_LEVEL: process.env.GUANXI_LOG_LEVEL ?? 'info',
  })
  const serverLog = join(artifacts, 'server.log')
  // The app under test is this tree's web/dist (GUANXI_WEB_DIR), not the one
  // the binary was built with; a binary that predates that setting refuses
  // it as an unknown field, and is started without it.
  let webDir = { GUANXI_WEB_DIR: join(web, 'dist') }
  let server = start(bin, [], { env: { ...serverEnv(apiUrl), ...webDir }, cwd: repo, log: serverLog })
  try {
    await waitFor(`${apiUrl}/readyz`, { child: server, what: 'guanxi' })
  } catch (e) {
    if (!/unknown field.*web_dir|WEB_DIR/i.test(e.message)) throw e
    webDir = {}
    server = start(bin, [], { env: serverEnv(apiUrl), cwd: repo, log: serverLog })
    await waitFor(`${apiUrl}/readyz`, { child: server, what: 'guanxi' })
  }

  // Does the binary serve the app? Then mail links point at it; otherwise
  // `vite preview` serves web/dist and forwards /graphql to the binary, and
  // the binary is restarted so that its mail links point at the preview.
  const home = await fetch(`${apiUrl}/`).then((r) => r.text()).catch(() => '')
  const servedByBinary = APP_MARK.test(home)
  let appUrl = apiUrl
  if (!servedByBinary) {
    const previewPort = await freePort()
    appUrl = `http://127.0.0.1:${previewPort}`
    server.kill('SIGTERM')
    await server.exited
    server = start(bin, [], { env: { ...serverEnv(appUrl), ...webDir }, cwd: repo, log: serverLog })
    await waitFor(`${apiUrl}/readyz`, { child: server, what: 'guanxi' })
    const vite = join(web, 'node_modules/vite/bin/vite.js')
    const preview = start(process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', String(previewPort), '--strictPort', '--bypass-lock'], {
      env: { GUANXI_URL: apiUrl },
      cwd: web,
      log: join(artifacts, 'vite-preview.log'),
    })
    await waitFor(`${appUrl}/`, { child: preview, what: 'vite preview', accept: (r, t) => r.ok && APP_MARK.test(t) })
  }

  return {
    appUrl,
    apiUrl,
    mailDir,
    servedByBinary,
    serverLog,
    /** Run an operator command of the binary (`tenant set-state …`) on the
     * running server's database; resolves to its output, rejects when it
     * exits non-zero. */
    cli(...args) {
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GUANXI_')))
      return new Promise((ok, fail) =>
        execFile(bin, args, { env: { ...inherited, ...serverEnv(appUrl), GUANXI_LOG_LEVEL: 'warn' }, cwd: repo, timeout: 30000 }, (e, stdout, stderr) =>
          e ? fail(new Error(`guanxi ${args.join(' ')}: ${stderr.trim() || e.message}`)) : ok(stdout),
        ),
      )
    },
    async stop({ keep = false } = {}) {
      await stopAll()
      if (!keep) rmSync(tmp, { recursive: true, force: true })
      return tmp
    },
  }
}

/** Every mail the sink has kept so far, oldest first. */
export function mails(mailDir) {
  if (!existsSync(mailDir)) return []
  return readdirSync(mailDir)
    .filter((f) => /^\d+\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(mailDir, f), 'utf8')))
}

/** Wait for a mail to `to` (and matching `pred`); returns it. */
export async function waitForMail(mailDir, to, { pred = () => true, timeoutMs = 15000 } = {}) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const m = mails(mailDir).find((m) => m.rcpt_tos.some((r) => r.toLowerCase() === to.toLowerCase()) && pred(m))
    if (m) return m
    await sleep(100)
  }
  const seen = mails(mailDir).map((m) => `${m.rcpt_tos.join(',')}: ${m.subject}`)
  throw new Error(`no mail to ${to} within ${timeoutMs / 1000} s (the sink has: ${seen.join('; ') || 'nothing'})`)
}

/** The first link in a mail's body whose path is `path`. */
export function linkIn(mail, path) {
  const links = (mail.body ?? '').match(/https?:\/\/[^\s<>"')]+/g) ?? []
  const link = links.find((l) => new URL(l).pathname === path)
  if (!link) throw new Error(`the mail "${mail.subject}" has no ${path} link (links: ${links.join(' ') || 'none'})`)
  return link
}
