#!/usr/bin/env node
// Browser tests of the web app: each role's main path, in Debian's Chromium
// driven by playwright-core, against the `guanxi` binary on the embedded
// default (SQLite) with a real SMTP server on loopback.
//
//   node e2e/run.mjs            (from web/, after `npm run build`)
//
// GUANXI_BIN     the server binary (default ../target/debug/guanxi)
// CHROMIUM       the browser (default /usr/bin/chromium)
// E2E_KEEP=1     keep the data dir and mail of the run
// E2E_ONLY=a,b   run only the scenarios whose names contain one of these
// E2E_NO_SKIP=1  run a scenario even when one it builds on failed
//
// Screenshots of every screen (1440 and 375 px) and the server's log go to
// e2e/artifacts/. Exits non-zero when a step failed, with a summary.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEnv } from './lib/env.mjs'
import { Run } from './lib/run.mjs'
import { cleanup, scenarios } from './scenarios.mjs'

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const artifacts = join(web, 'e2e/artifacts')
// GUANXI_BIN is taken relative to the caller's directory; the default, to web/.
const bin = process.env.GUANXI_BIN ? resolve(process.env.GUANXI_BIN) : resolve(web, '../target/debug/guanxi')
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium'
// A runaway guard: the whole run must stay under 5 minutes; past this it is
// stopped.
const LIMIT_MS = Number(process.env.E2E_LIMIT_MS ?? 600_000)

async function main() {
  if (!existsSync(executablePath)) {
    console.error(`no Chromium at ${executablePath}: run web/e2e/install-browser.sh`)
    return 2
  }
  mkdirSync(artifacts, { recursive: true })
  for (const f of readdirSync(artifacts)) rmSync(join(artifacts, f), { recursive: true, force: true })

  const t0 = Date.now()
  const env = await startEnv({ web, artifacts, bin })
  console.log(`guanxi at ${env.apiUrl}; the app at ${env.appUrl} (${env.servedByBinary ? 'served by the binary' : 'vite preview of web/dist in front of the binary'})`)
  const run = new Run({ artifacts, appUrl: env.appUrl, executablePath })
  const watchdog = setTimeout(() => {
    console.error(`\nthe run took longer than ${LIMIT_MS / 1000} s; stopping`)
    run.stopCurrent(`still running when the run was stopped after ${LIMIT_MS / 1000} s`)
    console.log(run.summary())
    void env.stop().finally(() => process.exit(1))
  }, LIMIT_MS)
  let code = 1
  try {
    await run.launch()
    const only = process.env.E2E_ONLY?.split(',').filter(Boolean)
    const state = { env, run }
    for (const s of scenarios) {
      if (only && !only.some((o) => s.name.includes(o))) continue
      await run.scenario(s.name, () => s.run(state), { needs: only || process.env.E2E_NO_SKIP === '1' ? [] : s.needs })
    }
    code = run.failed() ? 1 : 0
  } finally {
    clearTimeout(watchdog)
    await run.close()
    cleanup()
    const kept = await env.stop({ keep: process.env.E2E_KEEP === '1' })
    console.log(run.summary())
    console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s in all${process.env.E2E_KEEP === '1' ? `; data and mail kept in ${kept}` : ''}`)
  }
  return code
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`e2e: ${e.stack ?? e}`)
    process.exit(1)
  },
)
