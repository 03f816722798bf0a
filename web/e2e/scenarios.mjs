// Each role's main path, as one story on one company: the owner signs up and
// builds the team; the salesperson imports and works customers; a colleague
// claims from the pool; the supervisor sees the group's work; the admin adds
// a custom field. Then language, the phone-sized path, deep links, logout.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { linkIn, waitForMail } from './lib/env.mjs'
import { PHONE } from './lib/run.mjs'
import { at, choose, confirmBox, confirmIfAsked, field, fill, loaded, pick, tid, toastSuccess } from './lib/ui.mjs'

const stamp = Date.now().toString(36)
const PASSWORD = 'Guanxi-e2e-2026!'
const company = { name: '上海关系贸易有限公司', slug: `e2e-${stamp}` }
// A second company whose subscription lapsed: read-only.
const lapsed = { name: '杭州逾期贸易有限公司', slug: `e2e-ro-${stamp}`, owner: '钱老板', email: `lapsed-${stamp}@e2e.example` }
const small = { name: '宁波小本经营部', slug: `e2e-free-${stamp}`, owner: '孙店主', email: `free-${stamp}@e2e.example` }
const people = {
  owner: { name: '王老板', email: `owner-${stamp}@e2e.example` },
  supervisor: { name: '赵主管', email: `supervisor-${stamp}@e2e.example`, role: 'SUPERVISOR' },
  sales: { name: '李销售', email: `sales-${stamp}@e2e.example`, role: 'SALESPERSON' },
  colleague: { name: '张同事', email: `colleague-${stamp}@e2e.example`, role: 'SALESPERSON' },
}
const GROUP = '华东一组'

// The salesperson's customers: 20 rows, four of them named 李…, one to visit
// and one to release to the pool.
const CUSTOMERS = [
  ['李明', '上海明远贸易有限公司', '采购经理'],
  ['王芳', '杭州西湖茶业有限公司', '总经理'],
  ['张伟', '苏州工业园区精密机械厂', '厂长'],
  ['李娜', '南京金陵食品有限公司', '采购主管'],
  ['刘洋', '宁波港通物流有限公司', '运营总监'],
  ['陈静', '无锡太湖纺织有限公司', '财务'],
  ['杨磊', '合肥科大讯联科技有限公司', '技术总监'],
  ['赵敏', '上海浦东新区百货商店', '店长'],
  ['黄勇', '嘉兴南湖电子有限公司', '采购'],
  ['周杰', '常州龙城建材有限公司', '销售经理'],
  ['吴霞', '温州鹿城鞋业有限公司', '老板'],
  ['徐涛', '绍兴黄酒酿造有限公司', '副总'],
  ['孙丽', '扬州瘦西湖旅游公司', '市场部'],
  ['李强', '镇江香醋集团', '采购经理'],
  ['马超', '湖州丝绸之路有限公司', '总经理'],
  ['朱琳', '金华火腿食品厂', '质检'],
  ['胡军', '台州汽摩配件有限公司', '厂长'],
  ['郭静', '舟山海产品有限公司', '外贸经理'],
  ['欧阳娜娜', '上海欧阳文化传媒有限公司', '创始人'],
  ['李秀英', '徐州工程机械配件厂', '采购'],
]
const WITH_LI = CUSTOMERS.filter(([n]) => n.includes('李')).map(([n]) => n)
const VISITED = '李娜'
const RELEASED = '欧阳娜娜'
const VISIT_NOTE = '上门拜访，带去新品样册，对方下月初下单。'
const state = {}
/** Files to remove when the run ends (see `cleanup`). */
const cleanups = []
export function cleanup() {
  for (const f of cleanups.splice(0)) f()
}

/** The sign-up form filled in for a company and its owner (not sent). */
async function fillSignUp(page, { name, slug, owner, email }) {
  await page.goto('/signup')
  await fill(page, 'signup-company', name)
  await fill(page, 'signup-slug', slug)
  await fill(page, 'signup-name', owner)
  await fill(page, 'signup-email', email)
  await fill(page, 'signup-password', PASSWORD)
}

function customersCsv() {
  const dir = mkdtempSync(join(tmpdir(), 'guanxi-e2e-csv-'))
  const file = join(dir, '客户名单.csv')
  const rows = CUSTOMERS.map(([name, company, title], i) => [name, company, title, `1391234${String(5600 + i).padStart(4, '0')}`].join(','))
  writeFileSync(file, `${['姓名', '公司', '职位', '电话'].join(',')}\n${rows.join('\n')}\n`)
  return file
}

// The menu's titles as the app shows them: nav.ts maps paths to message keys,
// the locale files give the words.
const src = new URL('../src/', import.meta.url)
const navKeys = Object.fromEntries(
  [...readFileSync(new URL('nav.ts', src), 'utf8').matchAll(/path: '([^']+)', title: 'nav\.(\w+)'/g)].map((m) => [m[1], m[2]]),
)
const navWords = (lang) =>
  Object.fromEntries([...readFileSync(new URL(`i18n/${lang}/nav.ts`, src), 'utf8').matchAll(/(\w+): '([^']+)'/g)].map((m) => [m[1], m[2]]))
function menuTitle(path, lang) {
  const word = navWords(lang)[navKeys[path]]
  if (!word) throw new Error(`no menu entry for ${path}`)
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Log in on the login page with the keyboard only: the company's slug,
 * Tab, e-mail, Tab, password, Enter. */
async function login(page, who) {
  await page.goto('/login')
  await field(page, 'login-slug').focus()
  await page.keyboard.type(company.slug)
  await page.keyboard.press('Tab')
  await page.keyboard.type(who.email)
  await page.keyboard.press('Tab')
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await page.waitForURL((u) => u.pathname !== '/login')
  await loaded(page)
}

/** Call the API from inside a page, with the page's session (for setup only). */
async function api(page, query, variables = {}) {
  return page.evaluate(
    async ([query, variables]) => {
      const headers = { 'content-type': 'application/json', 'x-guanxi-client': 'web' }
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('gx_csrf='))
      if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf.slice(8))
      const r = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), credentials: 'same-origin' })
      const body = await r.json()
      if (body.errors?.length) throw new Error(JSON.stringify(body.errors))
      return body.data
    },
    [query, variables],
  )
}

/** Search the customer list (the page must be /customers). */
async function searchCustomers(page, text) {
  await fill(page, 'customer-search', text)
  await field(page, 'customer-search').press('Enter')
  await loaded(page)
}

/** The customer list's rows whose text includes `name`. */
function rowOf(page, name) {
  return customerRows(page).filter({ hasText: name })
}
/** The list's rows: cards on a phone, table rows at 1440 px (whose ids the
 * list sets after loading, so a table re-made after a resize may lack them). */
function customerRows(page) {
  return page.locator('[data-test="customer-row"], [data-test="customer-table"] tr.el-table__row')
}

/** Wait until nothing matches `locator`. */
async function gone(locator, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs
  while ((await locator.count()) > 0) {
    if (Date.now() > until) throw new Error(`still shown after ${timeoutMs / 1000} s: ${locator}`)
    await new Promise((ok) => setTimeout(ok, 100))
  }
}

/** Open a customer from the list by name; returns its id. */
async function openCustomer(page, name) {
  await searchCustomers(page, name)
  await rowOf(page, name).first().locator('[data-test="customer-link"], a').first().click()
  await at(page, /^\/customers\/[^/]+$/)
  await tid(page, 'customer-name').filter({ hasText: name }).waitFor()
  await loaded(page)
  return new URL(page.url()).pathname.split('/').pop()
}

/** Log a conversation on the open customer page. */
async function logConversation(page, kind, content) {
  await tid(page, `conversation-kind-${kind}`).click()
  await fill(page, 'conversation-content', content)
  await tid(page, 'conversation-add').click()
  await tid(page, 'conversation-item').filter({ hasText: content }).first().waitFor()
}

/** Pick an entry of the user menu (top right) whose text matches. */
async function userMenu(page, text) {
  await tid(page, 'user-menu').click()
  await page.locator('.el-dropdown-menu__item:visible').filter({ hasText: text }).first().click()
}

/** Open a menu entry by its visible title (the side menu at 1440 px, the drawer on a phone). */
async function menu(page, path) {
  const narrow = (page.viewportSize()?.width ?? 1440) < 768
  if (narrow) await page.locator('.gx-menu-button').click()
  const scope = narrow ? page.locator('.gx-drawer') : page.locator('.gx-aside')
  const lang = await page.evaluate(() => document.documentElement.lang)
  const title = menuTitle(path, lang === 'en' ? 'en' : 'zh-CN')
  await scope.locator('.el-menu-item').filter({ hasText: new RegExp(`^\\s*${title}\\s*$`) }).click()
  await at(page, path)
  await loaded(page)
}

/** A webhook receiver on loopback: records every request, answers 200. */
async function startReceiver() {
  const got = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  const url = `http://127.0.0.1:${server.address().port}/guanxi/hook`
  /** Wait until at least `n` requests came. */
  async function count(n, timeoutMs = 15000) {
    const until = Date.now() + timeoutMs
    while (got.length < n) {
      if (Date.now() > until) throw new Error(`the webhook receiver got ${got.length} requests, expected ${n}`)
      await new Promise((ok) => setTimeout(ok, 100))
    }
    return got
  }
  return { url, got, count, close: () => server.close() }
}

/** Add a step of this type to the workflow form's top-level list (the last
 * "add step" button; the ones of if branches come before it). */
async function addStep(page, type) {
  const before = await tid(page, 'wf-step').count()
  await tid(page, 'wf-add-step').last().click()
  await page.locator(`[data-test="wf-add-step-${type}"]:visible`).click()
  await page.waitForFunction((n) => document.querySelectorAll('[data-test="wf-step"]').length > n, before)
  return tid(page, 'wf-step').nth(before)
}

/** A workflow's definition as its JSON view shows it (the form again after). */
async function definitionOf(page) {
  await tid(page, 'wf-json-toggle').click()
  const json = JSON.parse(await field(page, 'json-editor').inputValue())
  await tid(page, 'wf-json-toggle').click()
  await tid(page, 'wf-trigger').waitFor()
  return json
}

/** Verify a delivery the way docs/api.md tells receivers to (its Node example). */
function verifySignature(secret, header, rawBody, tolerance = 300) {
  const parts = header.split(',').map((p) => p.trim().split('='))
  const t = parts.find(([k]) => k === 't')?.[1]
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > tolerance) return false
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest()
  return parts.filter(([k]) => k === 'v1').some(([, v]) => {
    const got = Buffer.from(v, 'hex')
    return got.length === expected.length && timingSafeEqual(got, expected)
  })
}

export const scenarios = [
  {
    name: 'owner signs up and builds the team',
    needs: [],
    async run({ run, env }) {
      const page = await run.user('owner')
      people.owner.page = page
      await run.step('sign-up page', async () => {
        await fillSignUp(page, { ...company, owner: people.owner.name, email: people.owner.email })
        await run.screen(page, 'sign-up')
      })
      await run.step('sign up lands on the home page', async () => {
        await tid(page, 'signup-submit').click()
        await at(page, '/')
        await tid(page, 'user-menu').filter({ hasText: people.owner.name }).waitFor()
        await loaded(page)
        await run.screen(page, 'owner home')
      })
      await run.step('create a group', async () => {
        await menu(page, '/team')
        await page.locator('#tab-groups').click()
        await tid(page, 'group-create').click()
        await fill(page, 'group-name-input', GROUP)
        await tid(page, 'group-save').click()
        await tid(page, 'group-row').filter({ hasText: GROUP }).waitFor()
        await run.screen(page, 'team groups')
      })
      await run.step('invite a supervisor and two salespeople', async () => {
        await page.locator('#tab-invitations').click()
        for (const who of [people.supervisor, people.sales, people.colleague]) {
          await fill(page, 'invite-email', who.email)
          await choose(page, page, 'invite-role', who.role === 'SUPERVISOR' ? '主管' : '业务员')
          await choose(page, page, 'invite-group', GROUP)
          await tid(page, 'invite-submit').click()
          await tid(page, 'invitation-row').filter({ hasText: who.email }).first().waitFor()
        }
        await run.screen(page, 'team invitations')
      })
      for (const key of ['supervisor', 'sales', 'colleague']) {
        const who = people[key]
        await run.step(`the ${key} accepts from the mail link`, async () => {
          const mail = await waitForMail(env.mailDir, who.email)
          let link = linkIn(mail, '/accept-invitation')
          if (key === 'colleague') {
            // The owner hands this one over by chat: a fresh link from the
            // invitations page (the mailed one then stops working).
            const row = page.locator('tr').filter({ has: tid(page, 'invitation-row').filter({ hasText: who.email }) })
            await tid(row, 'invitation-get-link').click()
            await confirmIfAsked(page)
            await tid(page, 'invitation-link').waitFor()
            link = await field(page, 'invitation-link').inputValue()
            if (!link.includes('/accept-invitation?token=gxi_')) throw new Error(`not an invitation link: ${link}`)
            await run.screen(page, 'invitation link')
            await page.keyboard.press('Escape')
          }
          who.page = await run.user(key)
          await who.page.goto(link)
          await fill(who.page, 'accept-name', who.name)
          await fill(who.page, 'accept-password', PASSWORD)
          await fill(who.page, 'accept-repeat', PASSWORD)
          if (key === 'sales') await run.screen(who.page, 'accept invitation')
          await tid(who.page, 'accept-submit').click()
          await tid(who.page, 'accept-done').waitFor()
          if (key === 'sales') await run.screen(who.page, 'invitation accepted')
          await tid(who.page, 'accept-continue').click()
          await at(who.page, '/')
          await tid(who.page, 'user-menu').filter({ hasText: who.name }).waitFor()
          await loaded(who.page)
        })
      }
      await run.step('make the supervisor the group’s supervisor', async () => {
        await page.locator('#tab-groups').click()
        const group = tid(page, 'group-row').filter({ hasText: GROUP })
        await tid(group, 'group-add-supervisor').click()
        await pick(page, page, 'group-supervisor-picker', 'zhao', people.supervisor.name)
        await tid(page, 'group-supervisor-save').click()
        await tid(group, 'group-supervisor').filter({ hasText: people.supervisor.name }).waitFor()
        await page.locator('#tab-people').click()
        await loaded(page)
        for (const who of Object.values(people)) await tid(page, 'person-row').filter({ hasText: who.name }).first().waitFor()
        await run.screen(page, 'team people')
      })
    },
  },
  {
    name: 'the salesperson imports and works customers',
    needs: ['owner signs up and builds the team'],
    async run({ run }) {
      const page = people.sales.page
      await run.step('import customers from a CSV', async () => {
        await menu(page, '/import')
        if (process.env.E2E_DEV_SEED === '1' && !(await tid(page, 'import-file').count())) {
          // Development only: the import page is not built yet.
          for (const [name, company, title] of CUSTOMERS) {
            await api(page, 'mutation S($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name, company, title } })
          }
          run.problem({ kind: 'missing', text: 'the import page has no file input (E2E_DEV_SEED: customers were created through the API instead)' })
          return
        }
        // The browser reads the file when it uploads it: removed at the end.
        const csv = customersCsv()
        cleanups.push(() => rmSync(dirname(csv), { recursive: true, force: true }))
        await tid(page, 'import-file').locator('input[type=file]').setInputFiles(csv)
        await tid(page, 'import-mapping').waitFor()
        await loaded(page)
        await run.screen(page, 'import mapping')
        await tid(page, 'import-start').click()
        await tid(page, 'import-report').waitFor({ timeout: 30000 })
        await tid(page, 'import-created').filter({ hasText: String(CUSTOMERS.length) }).waitFor()
        await tid(page, 'import-failed').filter({ hasText: '0' }).waitFor()
        await run.screen(page, 'import report')
      })
      await run.step('the list shows them', async () => {
        await menu(page, '/customers')
        await tid(page, 'customers-total').filter({ hasText: String(CUSTOMERS.length) }).waitFor()
        await run.screen(page, 'customer list')
      })
      await run.step('find customers by one character (李)', async () => {
        // The search index follows the import within a second or two: search
        // again, as a person would, until it has caught up.
        const until = Date.now() + 15000
        do {
          await searchCustomers(page, '李')
          if ((await customerRows(page).count()) === WITH_LI.length || Date.now() > until) break
          await new Promise((ok) => setTimeout(ok, 500))
        } while (true)
        for (const name of WITH_LI) await rowOf(page, name).first().waitFor()
        const rows = await customerRows(page).allInnerTexts()
        if (rows.length !== WITH_LI.length) throw new Error(`searching 李 shows ${rows.length} rows, expected ${WITH_LI.length}: ${rows.map((r) => r.split('\n')[0]).join(', ')}`)
        await run.screen(page, 'search by one character')
      })
      await run.step('export the selected customers', async () => {
        // Two of the rows found; the file holds those two only.
        for (const name of WITH_LI.slice(0, 2)) await rowOf(page, name).first().locator('.el-checkbox').first().click()
        await tid(page, 'bulk-export').click()
        const dialog = tid(page, 'export-dialog').filter({ visible: true })
        await dialog.filter({ hasText: '勾选的 2 位' }).waitFor()
        await tid(dialog, 'export-run').click()
        await tid(dialog, 'export-link').waitFor()
        if (!(await dialog.innerText()).includes('2 行')) throw new Error(`the export is not of the 2 selected: ${await dialog.innerText()}`)
        await run.screen(page, 'export of the selection')
        await page.keyboard.press('Escape')
      })
      await run.step('search everything by pinyin (lina)', async () => {
        await fill(page, 'header-search', 'lina')
        await field(page, 'header-search').press('Enter')
        await page.waitForURL((u) => u.pathname === '/search')
        await tid(page, 'search-hit').filter({ hasText: '李娜' }).first().waitFor()
        await tid(page, 'search-hit').filter({ hasText: '李娜' }).locator('mark').first().waitFor()
        await run.screen(page, 'search page')
        await menu(page, '/customers')
      })
      await run.step('log a visit', async () => {
        state.visitedId = await openCustomer(page, VISITED)
        await logConversation(page, 'VISIT', VISIT_NOTE)
        await run.screen(page, 'customer page with a visit')
      })
      await run.step('plan the next visit from the customer page', async () => {
        await tid(page, 'tab-plans').click()
        await tid(page, 'plan-add').click()
        const dialog = tid(page, 'plan-dialog').filter({ visible: true })
        // The customer is filled in, and so is a subject naming them.
        await tid(dialog, 'plan-customer').filter({ hasText: VISITED }).waitFor()
        if (!(await field(dialog, 'plan-subject').inputValue()).includes(VISITED)) throw new Error('the new plan does not name the customer')
        await run.screen(page, 'new plan for the customer')
        await tid(dialog, 'plan-save').click()
        await tid(page, 'customer-plans').locator('[data-test="plan-row"]').filter({ hasText: VISITED }).first().waitFor()
        await run.screen(page, 'customer plans')
      })
      await run.step('plan for a customer picked by pinyin (lm)', async () => {
        await menu(page, '/plans')
        await tid(page, 'plan-customer-link').filter({ hasText: VISITED }).first().waitFor()
        await tid(page, 'plans-create').click()
        const dialog = tid(page, 'plan-dialog').filter({ visible: true })
        await fill(dialog, 'plan-subject', '电话回访')
        await pick(page, dialog, 'plan-customer', 'lm', '李明')
        await tid(dialog, 'plan-save').click()
        await tid(page, 'plan-customer-link').filter({ hasText: '李明' }).first().waitFor()
        await run.screen(page, 'plans with their customers')
        // The plan links to its customer.
        await tid(page, 'plan-customer-link').filter({ hasText: '李明' }).first().click()
        await at(page, /^\/customers\/[^/]+$/)
        await tid(page, 'customer-name').filter({ hasText: '李明' }).waitFor()
        await loaded(page)
      })
      await run.step('release a customer to the pool', async () => {
        await menu(page, '/customers')
        state.releasedId = await openCustomer(page, RELEASED)
        await tid(page, 'customer-release').click()
        await fill(page, 'release-reason', '客户暂无采购计划，放入公海')
        await run.screen(page, 'release dialog')
        await tid(page, 'release-confirm').click()
        // The page then shows the customer in the pool, or goes back to the list.
        await page.waitForFunction(() => location.pathname === '/customers' || document.querySelector('[data-test="customer-in-pool"]'))
        await run.screen(page, 'released')
        await menu(page, '/customers')
        await searchCustomers(page, RELEASED)
        await gone(rowOf(page, RELEASED))
      })
      await run.step('release two customers at once', async () => {
        // 静 finds 陈静 and 郭静: both go to the pool in one transaction.
        await searchCustomers(page, '静')
        for (const name of ['陈静', '郭静']) await rowOf(page, name).first().locator('.el-checkbox').first().click()
        await tid(page, 'bulk-release').click()
        await fill(page, 'release-reason', '联系不上')
        await tid(page, 'release-confirm').click()
        await page.locator('.el-message--success').filter({ hasText: '2' }).first().waitFor()
        await gone(rowOf(page, '郭静'))
        await gone(rowOf(page, '陈静'))
      })
    },
  },
  {
    name: 'a colleague claims it from the pool',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const page = people.colleague.page
      // Rows are cards on a phone, table rows at 1440 px (see customerRows).
      const poolRow = () => page.locator('[data-test="pool-row"], [data-test="pool-table"] tr.el-table__row').filter({ hasText: RELEASED }).first()
      await run.step('the pool shows the released customer', async () => {
        await menu(page, '/pool')
        await poolRow().waitFor()
        await run.screen(page, 'pool')
        // Filtered by why it was released: the reasons in the pool, counted.
        await choose(page, page, 'pool-reason', '客户暂无采购计划')
        await poolRow().waitFor()
        await tid(page, 'pool-total').filter({ hasText: '1' }).waitFor()
        // And by when: released today.
        await tid(page, 'customer-filters-toggle').click()
        await choose(page, page, 'filter-released-within', '一天内')
        await tid(page, 'filter-apply').click()
        await poolRow().waitFor()
      })
      await run.step('claim it', async () => {
        await tid(poolRow(), 'pool-claim').click()
        await confirmIfAsked(page)
        await poolRow().waitFor({ state: 'detached' })
        await menu(page, '/customers')
        await searchCustomers(page, RELEASED)
        await rowOf(page, RELEASED).first().waitFor()
        await run.screen(page, 'claimed customer in the colleague’s list')
      })
    },
  },
  {
    name: 'notifications: the bell, the list and the choices',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const page = people.sales.page
      const count = () => tid(page, 'notification-count').locator('sup.el-badge__content')
      await run.step('the bell counts the finished import and a mention', async () => {
        // The owner names the salesperson on the board.
        await api(people.owner.page, 'mutation P($i: CreateBoardPostInput!) { createBoardPost(input: $i) { id } }', {
          i: { title: '本周重点', mood: '😀', content: `@${people.sales.name} 请跟进导入的新客户` },
        })
        // Written just after the change: load the page again until both are in.
        await menu(page, '/customers')
        const until = Date.now() + 15000
        for (;;) {
          await page.reload()
          await loaded(page)
          if ((await count().isVisible()) && Number(await count().innerText()) >= 2) break
          if (Date.now() > until) throw new Error(`the bell shows ${(await count().isVisible()) ? await count().innerText() : 'nothing'}, expected 2`)
          await new Promise((ok) => setTimeout(ok, 500))
        }
        await run.screen(page, 'bell with unread notifications')
      })
      await run.step('the list opens the import and marks it read', async () => {
        const before = Number(await count().innerText())
        await tid(page, 'notification-bell').click()
        const panel = tid(page, 'notification-panel').filter({ visible: true })
        await tid(panel, 'notification-item').filter({ hasText: `${people.owner.name} 在留言板提到了你` }).waitFor()
        const item = tid(panel, 'notification-item').filter({ hasText: '导入完成：客户名单.csv' })
        await item.waitFor()
        await run.screen(page, 'notification list')
        await item.click()
        await at(page, '/import')
        await loaded(page)
        await page.waitForFunction(
          (n) => Number(document.querySelector('[data-test="notification-count"] sup')?.textContent ?? '0') === n,
          before - 1,
        )
      })
      await run.step('mark all read', async () => {
        await tid(page, 'notification-bell').click()
        const panel = tid(page, 'notification-panel').filter({ visible: true })
        await tid(panel, 'notification-mark-all').click()
        await count().waitFor({ state: 'hidden' })
        await page.keyboard.press('Escape')
      })
      await run.step('choose mentions by mail on the profile page', async () => {
        await userMenu(page, '个人资料')
        await at(page, '/profile')
        const row = tid(page, 'notification-pref-MENTION')
        await row.waitFor()
        await run.screen(page, 'notification preferences')
        await tid(row, 'notification-pref-mail').click()
        await toastSuccess(page)
        await page.reload()
        await loaded(page)
        await tid(tid(page, 'notification-pref-MENTION'), 'notification-pref-mail').and(page.locator('.is-checked')).waitFor()
      })
    },
  },
  {
    name: 'the supervisor sees the group’s work',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const page = people.supervisor.page
      await run.step('the group’s customers', async () => {
        await menu(page, '/customers')
        await searchCustomers(page, '李')
        for (const name of WITH_LI) await rowOf(page, name).first().waitFor()
        await run.screen(page, 'supervisor customer list')
      })
      await run.step('the salesperson’s visit', async () => {
        await rowOf(page, VISITED).first().locator('[data-test="customer-link"], a').first().click()
        await tid(page, 'customer-owner').filter({ hasText: people.sales.name }).waitFor()
        await tid(page, 'conversation-item').filter({ hasText: VISIT_NOTE }).first().waitFor()
        await run.screen(page, 'supervisor sees the visit')
      })
      await run.step('offboard a salesperson of the group to a successor', async () => {
        // The colleague leaves; the supervisor hands their customers to the
        // salesperson (the API lets supervisors offboard their groups'
        // salespeople, to a successor within their groups).
        await menu(page, '/team')
        const row = page.locator('tr').filter({ has: tid(page, 'person-row').filter({ hasText: people.colleague.name }) })
        await tid(row, 'person-offboard').click()
        await at(page, /^\/team\/offboard\//)
        await pick(page, page, 'offboard-successor', 'li', people.sales.name)
        await tid(page, 'offboard-next').click()
        await tid(page, 'offboard-confirm').click()
        await tid(page, 'offboard-summary').waitFor()
        if (await tid(page, 'offboard-erase').count()) throw new Error('erasing personal details is for admins')
        await run.screen(page, 'supervisor offboards a salesperson')
      })
      await run.step('the dashboard', async () => {
        await menu(page, '/dashboard')
        // Counted by the server: the group's new customers and conversations.
        await tid(page, 'dashboard-trend').locator('canvas').first().waitFor()
        await tid(page, 'dashboard-kpi-new').filter({ hasText: /[1-9]/ }).waitFor()
        await tid(page, 'dashboard-bucket-WEEK').click()
        await loaded(page)
        await tid(page, 'dashboard-leaderboard').locator('canvas').first().waitFor()
        // The funnel (its stages as rows), retention by month and the pool's
        // moves by reason; the seeded counts are few, so only their presence.
        for (const s of ['PROSPECT', 'INTENT', 'DEAL', 'PAUSED', 'LOST']) await tid(tid(page, 'dashboard-funnel'), `dashboard-funnel-${s}`).waitFor()
        await tid(page, 'dashboard-retention').locator('canvas').first().waitFor()
        for (const d of ['RELEASED', 'CLAIMED', 'ASSIGNED']) await tid(tid(page, 'dashboard-pool-reasons'), `dashboard-pool-total-${d}`).filter({ hasText: /\d/ }).waitFor()
        await tid(page, 'dashboard-funnel-all').click()
        await loaded(page)
        await tid(page, 'dashboard-funnel-PROSPECT').waitFor()
        // Ranked by the amount won: the board's table shows every count.
        await tid(page, 'dashboard-rank-AMOUNT_WON').click()
        await tid(page, 'dashboard-rank-AMOUNT_WON').and(page.locator('.is-active')).waitFor()
        await loaded(page)
        await tid(tid(page, 'dashboard-leaderboard-table'), 'dashboard-leaderboard-row').first().waitFor()
        await run.screen(page, 'dashboard')
      })
    },
  },
  {
    name: 'segments: a list saved for the group',
    needs: ['the supervisor sees the group’s work'],
    async run({ run }) {
      const sup = people.supervisor.page
      const sales = people.sales.page
      const total = async (page) => (await tid(page, 'customers-total').innerText()).replace(/\D+/g, '')
      let salesTotal = ''
      await run.step('the supervisor saves a search for the group', async () => {
        // What the salesperson counts of the same search, for later.
        await menu(sales, '/customers')
        await searchCustomers(sales, '李')
        await rowOf(sales, WITH_LI[0]).first().waitFor()
        salesTotal = await total(sales)
        await sales.reload()
        await loaded(sales)
        await menu(sup, '/customers')
        await searchCustomers(sup, '李')
        await rowOf(sup, WITH_LI[0]).first().waitFor()
        const supTotal = await total(sup)
        await tid(sup, 'segment-save').click()
        const dialog = tid(sup, 'segment-dialog').filter({ visible: true })
        await fill(dialog, 'segment-name', '姓李的客户')
        await tid(dialog, 'segment-sharing-GROUP').click()
        await tid(dialog, 'segment-confirm').click()
        await gone(tid(sup, 'segment-dialog').filter({ visible: true }))
        await tid(sup, 'segment-select').filter({ hasText: '姓李的客户' }).waitFor()
        await tid(sup, 'segment-delete').waitFor()
        await loaded(sup)
        if ((await total(sup)) !== supTotal) throw new Error(`the segment shows ${await total(sup)} customers, the search ${supTotal}`)
        await run.screen(sup, 'a segment saved for the group')
        await sup.reload()
        await loaded(sup)
      })
      await run.step('the salesperson opens it and sees their own customers of it', async () => {
        await menu(sales, '/customers')
        await tid(sales, 'segment-select').click()
        await sales.locator('[data-test="segment-option"]:visible').filter({ hasText: '姓李的客户' }).click()
        await tid(sales, 'segment-select').filter({ hasText: '姓李的客户' }).waitFor()
        await loaded(sales)
        await rowOf(sales, WITH_LI[0]).first().waitFor()
        if ((await total(sales)) !== salesTotal) throw new Error(`the segment shows ${await total(sales)} of the salesperson's customers, their search ${salesTotal}`)
        // Not theirs to delete; the lifecycle stages are listed too.
        if (await tid(sales, 'segment-delete').count()) throw new Error('a salesperson may not delete the supervisor’s segment')
        await tid(sales, 'segment-select').click()
        await sales.locator('[data-test="segment-option-ACQUISITION"]:visible').click()
        await tid(sales, 'segment-select').filter({ hasText: '获取期' }).waitFor()
        await loaded(sales)
        await run.screen(sales, 'a lifecycle segment')
        await sales.reload()
        await loaded(sales)
      })
    },
  },
  {
    name: 'tags: the company’s list, renamed everywhere',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const owner = people.owner.page
      const sales = people.sales.page
      const CUSTOMER = '标签测试客户'
      let customerId = ''
      await run.step('the admin renames, colours and groups a tag', async () => {
        const made = await api(owner, 'mutation T($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: CUSTOMER, tags: ['展会客户'] } })
        customerId = made.createCustomer.id
        await menu(owner, '/admin/tags')
        const row = () => owner.locator('[data-test="tag-row"][data-name="展会客户"]')
        await row().waitFor()
        const line = owner.locator('tr.el-table__row').filter({ has: row() })
        if ((await tid(line, 'tag-count').innerText()).trim() !== '1') throw new Error('the tag should count its one customer')
        await tid(line, 'tag-edit').click()
        const dialog = owner.locator('.el-dialog:visible')
        await fill(dialog, 'tag-name', '展会线索')
        await tid(dialog, 'tag-rename-note').waitFor()
        await tid(dialog, 'tag-color-RED').click()
        await tid(dialog, 'tag-group').click()
        await owner.keyboard.type('来源')
        await owner.keyboard.press('Enter')
        await tid(dialog, 'tag-save').click()
        await toastSuccess(owner)
        await owner.locator('[data-test="tag-row"][data-name="展会线索"] [data-color="red"]').waitFor()
        await gone(row())
        const d = await api(owner, 'query T($id: ID!) { customer(id: $id) { tags } }', { id: customerId })
        if (JSON.stringify(d.customer.tags) !== JSON.stringify(['展会线索'])) throw new Error(`the customer carries ${JSON.stringify(d.customer.tags)}`)
        await run.screen(owner, 'the tag list')
      })
      await run.step('only admins add tags: the salesperson picks from the list', async () => {
        await tid(owner, 'tags-admins-only').click()
        for (let i = 0; ; i++) {
          const s = await api(owner, '{ tenantSettings { tagCreation } }')
          if (s.tenantSettings.tagCreation === 'ADMINS') break
          if (i > 50) throw new Error('the switch did not save')
          await new Promise((ok) => setTimeout(ok, 100))
        }
        await sales.goto(new URL('/customers/new', sales.url()).toString())
        await loaded(sales)
        await tid(sales, 'field-tags').click()
        await sales.locator('.el-select-dropdown__item:visible [data-test="tag-chip"]').filter({ hasText: '展会线索' }).waitFor()
        await sales.keyboard.type('自创标签')
        await sales.keyboard.press('Enter')
        await sales.keyboard.press('Escape')
        if (await tid(sales, 'field-tags').locator('.el-tag').filter({ hasText: '自创标签' }).count()) throw new Error('a salesperson added a tag outside the list')
        await run.screen(sales, 'tags picked from the list')
        // Back to the default for the stories that follow.
        await api(owner, 'mutation { updateTenantSettings(input: { tagCreation: EVERYONE }) { tagCreation } }')
        await sales.goto(new URL('/customers', sales.url()).toString())
        await loaded(sales)
      })
      await run.step('the customer shows the tag in its colour', async () => {
        await owner.goto(new URL(`/customers/${customerId}`, owner.url()).toString())
        await loaded(owner)
        const page = owner
        await page.locator('[data-test="customer-tag"][data-color="red"]').filter({ hasText: '展会线索' }).waitFor()
      })
    },
  },
  {
    name: 'bulk edit: two customers tagged at once',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const page = people.sales.page
      await run.step('the salesperson tags a selection in one go', async () => {
        await menu(page, '/customers')
        await searchCustomers(page, '李')
        await rowOf(page, WITH_LI[0]).first().waitFor()
        for (const i of [0, 1]) await customerRows(page).nth(i).locator('.el-checkbox').first().click()
        await tid(page, 'bulk-edit').click()
        const dialog = tid(page, 'bulk-edit-dialog').filter({ visible: true })
        await tid(dialog, 'bulk-edit-add-tags').click()
        await page.keyboard.type('批量跟进')
        await page.keyboard.press('Enter')
        await page.keyboard.press('Escape')
        await tid(dialog, 'bulk-edit-start').click()
        await tid(dialog, 'bulk-edit-report').waitFor()
        const changed = await tid(dialog, 'bulk-edit-changed').innerText()
        if (!changed.includes('2')) throw new Error(`the report says ${changed}`)
        await run.screen(page, 'a bulk edit’s report')
        await tid(dialog, 'bulk-edit-close').click()
        await gone(tid(page, 'bulk-edit-dialog').filter({ visible: true }))
        const d = await api(page, '{ customers(filter: { tag: "批量跟进" }) { totalCount } }')
        if (d.customers.totalCount !== 2) throw new Error(`${d.customers.totalCount} customers carry the tag`)
      })
    },
  },
  {
    name: 'duplicates: a warning while typing, and a company-wide scan',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const sales = people.sales.page
      const owner = people.owner.page
      const [NAME, COMPANY] = CUSTOMERS[0]
      await run.step('typing a customer that exists warns with it', async () => {
        await menu(sales, '/customers')
        await tid(sales, 'new-customer').click()
        await at(sales, '/customers/new')
        await loaded(sales)
        // Another legal suffix of the same company.
        await fill(sales, 'field-name', NAME)
        await fill(sales, 'field-company', COMPANY.replace('有限公司', '股份有限公司'))
        await tid(sales, 'duplicate-item').filter({ hasText: NAME }).first().waitFor()
        await run.screen(sales, 'a possible duplicate while typing')
        await tid(sales, 'form-cancel').click()
        await at(sales, '/customers')
      })
      await run.step('the admin scans the company', async () => {
        await menu(owner, '/customers')
        await tid(owner, 'duplicate-scan').click()
        const dialog = tid(owner, 'duplicate-scan-dialog').filter({ visible: true })
        await tid(dialog, 'duplicate-scan-summary').waitFor()
        await run.screen(owner, 'the duplicate scan')
        await tid(dialog, 'duplicate-scan-close').click()
        await gone(tid(owner, 'duplicate-scan-dialog').filter({ visible: true }))
      })
    },
  },
  {
    name: 'merge: two records of one person become one, and the merge is undone',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const page = people.sales.page
      const create = 'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }'
      const keep = (await api(page, create, { i: { name: '周杰', company: '宁波周氏电器有限公司', phones: ['13600001111'] } })).createCustomer.id
      const dup = (await api(page, create, { i: { name: '周杰', company: '宁波周氏电器股份有限公司', phones: ['13600001111'], email: 'zhoujie@e2e.example' } })).createCustomer.id
      await run.step('the salesperson merges a possible duplicate from the customer page', async () => {
        await page.goto(new URL(`/customers/${keep}`, page.url()).toString())
        await loaded(page)
        await tid(page, 'duplicate-merge').first().click()
        const dialog = tid(page, 'merge-dialog').filter({ visible: true })
        await tid(dialog, 'merge-fields').waitFor()
        await tid(dialog, 'merge-united').filter({ hasText: '13600001111' }).waitFor()
        await run.screen(page, 'merging two customers')
        await tid(dialog, 'merge-confirm').click()
        await toastSuccess(page)
        await tid(page, 'customer-merge-notice').waitFor()
        await run.screen(page, 'a merged customer, undoable')
        const d = await api(page, 'query($id: ID!) { customer(id: $id) { id email } }', { id: dup })
        if (d.customer.id !== keep || d.customer.email !== 'zhoujie@e2e.example') throw new Error(`after the merge: ${JSON.stringify(d)}`)
      })
      await run.step('the merged id leads to the customer that remains', async () => {
        await page.goto(new URL(`/customers/${dup}`, page.url()).toString())
        await at(page, `/customers/${keep}`)
        await loaded(page)
      })
      await run.step('the merge is undone', async () => {
        await tid(page, 'customer-merge-undo').click()
        await confirmBox(page)
        await toastSuccess(page)
        await gone(tid(page, 'customer-merge-notice'))
        const d = await api(page, 'query($id: ID!) { customer(id: $id) { id email } }', { id: dup })
        if (d.customer.id !== dup) throw new Error(`after the undo: ${JSON.stringify(d)}`)
      })
      await run.step('two people after all: not a duplicate, not suggested again', async () => {
        await page.reload()
        await loaded(page)
        await tid(page, 'duplicate-dismiss').first().click()
        await toastSuccess(page)
        await gone(tid(page, 'duplicate-warning'))
      })
    },
  },
  {
    name: 'the admin adds a custom field',
    needs: ['owner signs up and builds the team'],
    async run({ run }) {
      const page = people.owner.page
      const label = '微信号'
      await run.step('create it in the designer', async () => {
        await menu(page, '/admin/custom-fields')
        await tid(page, 'field-create').click()
        await fill(page, 'field-label-input', label)
        await fill(page, 'field-label-en-input', 'WeChat ID')
        await fill(page, 'field-key-input', 'wechat')
        await run.screen(page, 'custom field form')
        await tid(page, 'field-save').click()
        await tid(page, 'field-row').filter({ hasText: label }).waitFor()
        await run.screen(page, 'custom fields')
      })
      await run.step('it is a column of the customer list', async () => {
        await menu(page, '/customers')
        await tid(page, 'columns-button').click()
        await tid(page, 'columns-chooser').locator('.el-checkbox').filter({ hasText: label }).click()
        await page.locator('h1').first().click()
        const th = page.locator('.el-table__header th').filter({ hasText: label }).first()
        await th.waitFor()
        await th.scrollIntoViewIfNeeded()
        await run.screen(page, 'customer list with the custom column')
      })
      await run.step('it is in the customer form', async () => {
        await tid(page, 'new-customer').first().click()
        await at(page, '/customers/new')
        await tid(page, 'customer-form').locator('.el-form-item').filter({ hasText: label }).locator('input').waitFor()
        await run.screen(page, 'customer form with the custom field')
      })
    },
  },
  {
    name: 'the admin subscribes a webhook',
    needs: ['owner signs up and builds the team'],
    async run({ run }) {
      const page = people.owner.page
      const receiver = await startReceiver()
      cleanups.push(receiver.close)
      let secret = ''
      await run.step('create a webhook; its secret is shown once', async () => {
        await menu(page, '/admin/webhooks')
        await tid(page, 'webhook-create').click()
        // An admin's webhook is the whole company's unless they choose a group.
        await tid(page, 'webhook-group-select').filter({ hasText: '全公司' }).waitFor()
        await fill(page, 'webhook-url', receiver.url)
        await fill(page, 'webhook-description', 'ERP 同步')
        await run.screen(page, 'webhook form')
        await tid(page, 'webhook-save').click()
        await field(page, 'webhook-secret').waitFor()
        secret = await field(page, 'webhook-secret').inputValue()
        if (!secret.startsWith('whsec_')) throw new Error(`not a signing secret: ${secret}`)
        await run.screen(page, 'webhook secret')
        await tid(page, 'webhook-secret-done').click()
        await tid(page, 'webhook-row').filter({ hasText: receiver.url }).first().waitFor()
        await tid(page, 'webhook-group').filter({ hasText: '全公司' }).first().waitFor()
        await loaded(page)
        await run.screen(page, 'webhooks')
      })
      await run.step('a new customer arrives, signed', async () => {
        const before = receiver.got.length
        await api(page, 'mutation W($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: '推送测试客户' } })
        const until = Date.now() + 15000
        let hit
        while (!hit) {
          await receiver.count(before + 1, Math.max(until - Date.now(), 1))
          hit = receiver.got.slice(before).find((r) => JSON.parse(r.body).type === 'customer.created')
          if (!hit && Date.now() > until) throw new Error('no customer.created delivery')
          if (!hit) await new Promise((ok) => setTimeout(ok, 100))
        }
        if (!verifySignature(secret, hit.headers['guanxi-signature'] ?? '', hit.body)) throw new Error(`the signature does not verify: ${hit.headers['guanxi-signature']}`)
        const body = JSON.parse(hit.body)
        if (body.id !== hit.headers['guanxi-event-id'] || body.data.type !== 'customer.created') throw new Error(`unexpected delivery: ${hit.body}`)
      })
      await run.step('the delivery log, and send again', async () => {
        await tid(page, 'webhook-log').first().click()
        await tid(page, 'delivery-status').filter({ hasText: '成功' }).first().waitFor()
        await loaded(page)
        await run.screen(page, 'webhook deliveries')
        const before = receiver.got.length
        await tid(page, 'delivery-replay').first().click()
        await toastSuccess(page)
        await receiver.count(before + 1)
        await page.keyboard.press('Escape')
      })
      await run.step('disable and enable it', async () => {
        await tid(page, 'webhook-toggle').first().click()
        await tid(page, 'webhook-status').filter({ hasText: '已停用' }).first().waitFor()
        await tid(page, 'webhook-toggle').first().click()
        await tid(page, 'webhook-status').filter({ hasText: '已启用' }).first().waitFor()
      })
    },
  },
  {
    name: 'the admin automates a workflow',
    needs: ['owner signs up and builds the team'],
    async run({ run }) {
      const page = people.owner.page
      const FLOW = '重点客户跟进'
      const TAG = '重点客户'
      const CUSTOMER = '流程测试客户'
      const TITLE = '{{name}} 已标记为重点客户'
      let flowId = ''
      let customerId = ''
      await run.step(
        'a manual workflow through the form: an empty title is shown at its place',
        async () => {
          await menu(page, '/admin/workflows')
          await run.screen(page, 'workflows, none yet')
          await tid(page, 'wf-create').click()
          await at(page, '/admin/workflows/new')
          await loaded(page)
          await fill(page, 'wf-name', FLOW)
          await fill(page, 'wf-description', '给客户打上重点客户标签，并提醒负责人跟进')
          await choose(page, page, 'wf-trigger-type', '手动')
          // Set the customer's tags (the field a new set_field step starts with).
          const tags = await addStep(page, 'set_field')
          await tid(tags, 'wf-step-field').filter({ hasText: '标签' }).waitFor()
          await tid(tags, 'wf-step-value').click()
          await page.keyboard.type(TAG)
          await page.keyboard.press('Enter')
          await tid(tags, 'wf-step-value').filter({ hasText: TAG }).waitFor()
          await page.keyboard.press('Escape')
          // Tell the customer's owner, the title left empty for now.
          const notify = await addStep(page, 'notify')
          await tid(notify, 'wf-step-to').filter({ hasText: '客户负责人' }).waitFor()
          await fill(notify, 'wf-step-body', '请尽快联系 {{name}}（{{company}}）。')
          await run.screen(page, 'workflow form')
          await tid(page, 'wf-save').click()
          await notify.locator('.el-form-item__error').filter({ hasText: '必填' }).waitFor()
          if (await tags.locator('.el-form-item__error').count()) throw new Error('the title’s error shows at the first step too')
          await at(page, '/admin/workflows/new')
          await run.screen(page, 'workflow form with an error at its place')
        },
        { allow: [{ kind: 'graphql', op: 'WorkflowCreate', code: 'VALIDATION_FAILED', reason: 'the notify step’s title is left empty on purpose: the error shows at its place' }] },
      )
      await run.step('fill it in, save and publish', async () => {
        const notify = tid(page, 'wf-step').nth(1)
        await fill(notify, 'wf-step-title', TITLE)
        await tid(page, 'wf-save').click()
        await at(page, /^\/admin\/workflows\/(?!new$)[^/]+$/)
        flowId = new URL(page.url()).pathname.split('/').pop()
        await loaded(page)
        await tid(page, 'wf-detail-state').filter({ hasText: '停用' }).waitFor()
        if ((await field(tid(page, 'wf-step').nth(1), 'wf-step-title').inputValue()) !== TITLE) throw new Error('the saved title did not come back')
        await tid(page, 'wf-publish').click()
        await tid(page, 'wf-detail-state').filter({ hasText: '启用' }).waitFor()
        await tid(page, 'wf-tab-versions').click()
        await tid(page, 'wf-version-row').filter({ hasText: 'v1' }).waitFor()
        await run.screen(page, 'published workflow, its versions')
        await menu(page, '/admin/workflows')
        const row = page.locator('tr').filter({ has: tid(page, 'wf-row').filter({ hasText: FLOW }) })
        await tid(row, 'wf-state').filter({ hasText: '启用' }).waitFor()
        await row.filter({ hasText: '手动' }).filter({ hasText: 'v1' }).waitFor()
        await run.screen(page, 'workflows')
      })
      await run.step('run it from a customer’s page', async () => {
        const made = await api(page, 'mutation C($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: CUSTOMER, company: '苏州流程科技有限公司' } })
        customerId = made.createCustomer.id
        await page.goto(`/customers/${customerId}`)
        await tid(page, 'customer-name').filter({ hasText: CUSTOMER }).waitFor()
        await loaded(page)
        await tid(page, 'customer-run-workflow').click()
        await page.locator('[data-test="run-workflow-item"]:visible').filter({ hasText: FLOW }).click()
        await page.locator('.el-message--success').filter({ hasText: FLOW }).first().waitFor()
        await run.screen(page, 'a workflow run from the customer page')
      })
      await run.step('its run completes, step by step', async () => {
        await page.goto(`/admin/workflows/${flowId}`)
        await loaded(page)
        await tid(page, 'wf-tab-runs').click()
        const status = tid(page, 'wf-run-status').first()
        await status.waitFor()
        // The worker takes runs within about a second; the list follows runs in progress.
        const until = Date.now() + 20000
        while (!(await status.innerText()).includes('已完成')) {
          if (Date.now() > until) throw new Error(`the run is “${await status.innerText()}”, not completed`)
          await page.waitForTimeout(500)
          await tid(page, 'wf-runs-refresh').click()
          await loaded(page)
        }
        await tid(page, 'wf-run-open').first().click()
        const detail = tid(page, 'wf-run-detail').filter({ visible: true })
        await tid(detail, 'wf-run-detail-status').filter({ hasText: '已完成' }).waitFor()
        await tid(detail, 'wf-run-step').filter({ hasText: 'steps.1' }).waitFor()
        const steps = await tid(detail, 'wf-run-step').allInnerTexts()
        if (steps.join(',') !== 'steps.0,steps.1') throw new Error(`the run's steps: ${steps.join(', ')}`)
        const states = await tid(detail, 'wf-run-step-status').allInnerTexts()
        if (states.some((s) => s.trim() !== '完成')) throw new Error(`the steps are ${states.join(', ')}`)
        // Finished: it may be run again from the start, not retried from a failed step.
        await tid(detail, 'wf-run-restart').waitFor()
        if (await tid(detail, 'wf-run-retry').count()) throw new Error('a completed run offers "retry from the failed step"')
        await run.screen(page, 'workflow run with its steps')
        await page.keyboard.press('Escape')
        await tid(page, 'wf-run-detail').filter({ visible: true }).waitFor({ state: 'hidden' })
      })
      await run.step('the customer is tagged and the owner told', async () => {
        await page.goto(`/customers/${customerId}`)
        await tid(page, 'customer-tag').filter({ hasText: TAG }).waitFor()
        await tid(page, 'notification-bell').click()
        const panel = tid(page, 'notification-panel').filter({ visible: true })
        await tid(panel, 'notification-item').filter({ hasText: `${CUSTOMER} 已标记为重点客户` }).first().waitFor()
        await page.keyboard.press('Escape')
      })
      await run.step('a failed run tells its creator, whose notification opens the workflow', async () => {
        // A second workflow, through the API: mail the customer, who has no address.
        const created = await api(page, 'mutation W($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }', {
          i: { name: '邮件问候', definition: { trigger: { type: 'manual' }, steps: [{ type: 'send_mail', to: { type: 'customer' }, subject: '您好 {{name}}', body: '感谢您的信任。' }] } },
        })
        const id = created.createWorkflow.id
        await api(page, 'mutation P($id: ID!) { publishWorkflow(id: $id) { workflow { id } } }', { id })
        await api(page, 'mutation R($w: ID!, $c: ID!) { runWorkflow(workflowId: $w, customerId: $c) { id } }', { w: id, c: customerId })
        const panel = () => tid(page, 'notification-panel').filter({ visible: true })
        const item = () => tid(panel(), 'notification-item').filter({ hasText: '邮件问候' })
        // The worker fails it within moments: open the bell until it tells.
        const until = Date.now() + 20000
        for (;;) {
          await page.reload()
          await loaded(page)
          await tid(page, 'notification-bell').click()
          await tid(panel(), 'notification-item').first().waitFor()
          if (await item().count()) break
          if (Date.now() > until) throw new Error('no notification of the failed run')
          await page.keyboard.press('Escape')
          await page.waitForTimeout(500)
        }
        await item().first().click()
        await at(page, `/admin/workflows/${id}`)
        await loaded(page)
        await tid(page, 'wf-tab-runs').click()
        await tid(page, 'wf-run-status').filter({ hasText: '失败' }).first().waitFor()
        await tid(page, 'wf-run-open').first().click()
        const detail = tid(page, 'wf-run-detail').filter({ visible: true })
        await tid(detail, 'wf-run-error').waitFor()
        await run.screen(page, 'failed workflow run')
        await tid(detail, 'wf-run-retry').click()
        await toastSuccess(page)
        await page.keyboard.press('Escape')
      })
      await run.step(
        'a for-each over the tags through the form: a nested error at its place, saved and read back',
        async () => {
          const ITEM_TITLE = '标签 {{item}} #{{index}}'
          await page.goto(`/admin/workflows/${flowId}`)
          await loaded(page)
          const loop = await addStep(page, 'for_each')
          await tid(loop, 'wf-step-over').filter({ hasText: '标签' }).waitFor()
          await fill(loop, 'wf-step-limit', '5')
          await field(loop, 'wf-step-limit').blur()
          // Inside it the menu offers no wait and no second for-each (once the outer menu is gone).
          await page.waitForFunction(() => ![...document.querySelectorAll('[data-test^="wf-add-step-"]')].some((e) => e.getClientRects().length))
          await tid(loop, 'wf-add-step').click()
          const notifyItem = page.locator('[data-test="wf-add-step-notify"]:visible')
          await notifyItem.waitFor()
          if (await page.locator('[data-test="wf-add-step-delay"]:visible, [data-test="wf-add-step-for_each"]:visible').count()) throw new Error('a for-each offers a wait or a for-each inside')
          await notifyItem.click()
          const inner = tid(loop, 'wf-step')
          await inner.waitFor()
          // Saved with the nested title empty: the server's error shows at the nested step only.
          await tid(page, 'wf-save').click()
          await inner.locator('.el-form-item__error').filter({ hasText: '必填' }).waitFor()
          if (await tid(page, 'wf-step-error').count()) throw new Error('the nested error shows on a card too')
          await fill(inner, 'wf-step-title', ITEM_TITLE)
          await tid(page, 'wf-save').click()
          await toastSuccess(page)
          // Read back from the server: the form, then the JSON.
          await page.reload()
          await loaded(page)
          const back = tid(page, 'wf-step').nth(2)
          await tid(back, 'wf-step-type').filter({ hasText: '逐项处理' }).waitFor()
          await tid(back, 'wf-step-over').filter({ hasText: '标签' }).waitFor()
          if ((await field(back, 'wf-step-limit').inputValue()) !== '5') throw new Error('the limit did not come back')
          if ((await field(tid(back, 'wf-step'), 'wf-step-title').inputValue()) !== ITEM_TITLE) throw new Error('the nested title did not come back')
          await run.screen(page, 'workflow with a for-each step')
          await tid(page, 'wf-json-toggle').click()
          const json = JSON.parse(await field(page, 'json-editor').inputValue())
          const each = json.steps[2]
          if (each?.type !== 'for_each' || each.over !== 'tags' || each.limit !== 5 || each.steps?.[0]?.title !== ITEM_TITLE) throw new Error(`the JSON: ${JSON.stringify(each)}`)
          await tid(page, 'wf-json-toggle').click()
          await tid(page, 'wf-branch-each').waitFor()
        },
        { allow: [{ kind: 'graphql', op: 'WorkflowUpdate', code: 'VALIDATION_FAILED', reason: 'the nested notify’s title is left empty on purpose: the error shows at the nested step' }] },
      )
      await run.step('in English', async () => {
        await page.goto(`/admin/workflows/${flowId}`)
        await loaded(page)
        await userMenu(page, 'English')
        await page.waitForFunction(() => document.documentElement.lang === 'en')
        await tid(page, 'wf-detail-state').filter({ hasText: 'Active' }).waitFor()
        await tid(page, 'wf-tab-runs').filter({ hasText: 'Runs' }).waitFor()
        await tid(page, 'wf-trigger').filter({ hasText: 'Trigger type' }).waitFor()
        await tid(page, 'wf-step').nth(1).filter({ hasText: 'Customer’s owner' }).waitFor()
        await page.locator('.gx-aside .el-menu-item').filter({ hasText: menuTitle('/admin/workflows', 'en') }).waitFor()
        const text = await page.locator('.gx-main').innerText()
        const chinese = text.split('\n').filter((l) => /[\u4e00-\u9fff]/.test(l) && !l.includes(FLOW) && !l.includes('重点客户') && !l.includes(people.owner.name))
        if (chinese.length) throw new Error(`Chinese left on the English page: ${chinese.join(' | ')}`)
        await run.screen(page, 'workflow in English')
        await userMenu(page, '中文')
        await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
      })
    },
  },
  {
    name: 'the automation identity and the supervisor’s workflows',
    needs: ['the admin automates a workflow'],
    async run({ run }) {
      const page = people.owner.page
      const sup = people.supervisor.page
      const AUTO_FLOW = '本组客户自动跟进'
      const SUP_FLOW = '本组回访提醒'
      /** The texts of the open select's options, once `text` is one of them. */
      async function options(p, text) {
        const items = p.locator('.el-select-dropdown__item:visible')
        await items.filter({ hasText: text }).first().waitFor()
        return items.allInnerTexts()
      }
      await run.step(
        'the admin sets up the automation identity: a supervisor of the group',
        async () => {
          await menu(page, '/admin/workflows')
          const panel = tid(page, 'wf-identity')
          await tid(panel, 'wf-identity-state').filter({ hasText: '未设置' }).waitFor()
          await tid(panel, 'wf-identity-edit').click()
          await tid(panel, 'wf-identity-role-SUPERVISOR').click()
          // No group yet: the server's refusal shows at the field.
          await tid(panel, 'wf-identity-save').click()
          await panel.locator('.el-form-item__error').filter({ hasText: '必填' }).waitFor()
          await choose(page, panel, 'wf-identity-groups', GROUP)
          await page.keyboard.press('Escape')
          await tid(panel, 'wf-identity-save').click()
          await tid(panel, 'wf-identity-rights').filter({ hasText: `主管：${GROUP}` }).waitFor()
          await tid(panel, 'wf-identity-state').filter({ hasText: '已启用' }).waitFor()
          await run.screen(page, 'automation identity')
        },
        { allow: [{ kind: 'graphql', op: 'WorkflowSetAutomationIdentity', code: 'VALIDATION_FAILED', reason: 'no group chosen on purpose: the error shows at its place' }] },
      )
      await run.step('a workflow of the group acts as it', async () => {
        await tid(page, 'wf-create').click()
        await at(page, '/admin/workflows/new')
        await loaded(page)
        await fill(page, 'wf-name', AUTO_FLOW)
        await choose(page, page, 'wf-group', GROUP)
        await choose(page, page, 'wf-run-as', '自动化身份')
        await addStep(page, 'delay')
        await tid(page, 'wf-save').click()
        await at(page, /^\/admin\/workflows\/(?!new$)[^/]+$/)
        await loaded(page)
        await menu(page, '/admin/workflows')
        const row = page.locator('tr').filter({ has: tid(page, 'wf-row').filter({ hasText: AUTO_FLOW }) })
        await tid(row, 'wf-automation').waitFor()
        await tid(row, 'wf-group').filter({ hasText: GROUP }).waitFor()
        const other = page.locator('tr').filter({ has: tid(page, 'wf-row').filter({ hasText: '重点客户跟进' }) })
        await tid(other, 'wf-group').filter({ hasText: '全公司' }).waitFor()
        if (await tid(other, 'wf-automation').count()) throw new Error('a workflow acting as its creator is marked as the automation identity’s')
        await run.screen(page, 'workflows with their groups')
      })
      await run.step('the admin lets supervisors manage their groups’ workflows and webhooks', async () => {
        await menu(page, '/admin/settings')
        await tid(page, 'settings-supervisors-workflows').click()
        await tid(page, 'settings-save').click()
        await toastSuccess(page)
      })
      await run.step('the supervisor opens workflows from the menu: the group’s only', async () => {
        // The menu follows the company's settings from the next page load.
        await sup.reload()
        await loaded(sup)
        await menu(sup, '/admin/workflows')
        await tid(sup, 'wf-row').filter({ hasText: AUTO_FLOW }).waitFor()
        if (await tid(sup, 'wf-row').filter({ hasText: '重点客户跟进' }).count()) throw new Error('the supervisor sees a company-wide workflow')
        if (await tid(sup, 'wf-identity').count()) throw new Error('the automation identity is the admins’')
        await run.screen(sup, 'supervisor workflows')
      })
      await run.step('the supervisor creates one for the group, acting as its salesperson', async () => {
        await tid(sup, 'wf-create').click()
        await at(sup, '/admin/workflows/new')
        await loaded(sup)
        await tid(sup, 'wf-group').filter({ hasText: GROUP }).waitFor()
        await tid(sup, 'wf-group').click()
        const groups = await options(sup, GROUP)
        if (groups.join('|') !== GROUP) throw new Error(`the supervisor may choose the groups ${groups.join(', ')}`)
        await sup.keyboard.press('Escape')
        await gone(sup.locator('.el-select-dropdown__item:visible'))
        await tid(sup, 'wf-run-as').click()
        // Themselves and the group's salesperson: no admin, no automation identity.
        const offered = await options(sup, people.sales.name)
        if (offered.length !== 2 || ![people.sales.name, people.supervisor.name].every((n) => offered.some((o) => o.includes(n)))) {
          throw new Error(`the supervisor is offered to act as ${offered.join(', ')}`)
        }
        await sup.locator('.el-select-dropdown__item:visible').filter({ hasText: people.sales.name }).click()
        await fill(sup, 'wf-name', SUP_FLOW)
        await addStep(sup, 'delay')
        await tid(sup, 'wf-save').click()
        await at(sup, /^\/admin\/workflows\/(?!new$)[^/]+$/)
        await loaded(sup)
        await tid(sup, 'wf-publish').click()
        await tid(sup, 'wf-detail-state').filter({ hasText: '启用' }).waitFor()
        await run.screen(sup, 'a supervisor’s workflow')
      })
      await run.step('the supervisor subscribes a webhook for the group, the only one they see', async () => {
        const receiver = await startReceiver()
        cleanups.push(receiver.close)
        await menu(sup, '/admin/webhooks')
        await tid(sup, 'webhook-create').click()
        // Their one group, already chosen; no company-wide choice.
        const group = tid(sup, 'webhook-group-select')
        await group.filter({ hasText: GROUP }).waitFor()
        await group.click()
        const groups = await options(sup, GROUP)
        if (groups.join('|') !== GROUP) throw new Error(`the supervisor may choose the groups ${groups.join(', ')}`)
        await sup.locator('.el-select-dropdown__item:visible').filter({ hasText: GROUP }).click()
        await fill(sup, 'webhook-url', receiver.url)
        await tid(sup, 'webhook-save').click()
        await field(sup, 'webhook-secret').waitFor()
        await tid(sup, 'webhook-secret-done').click()
        const row = sup.locator('tr').filter({ has: tid(sup, 'webhook-row').filter({ hasText: receiver.url }) })
        await tid(row, 'webhook-group').filter({ hasText: GROUP }).waitFor()
        // The admin's company-wide webhook is not theirs.
        const rows = await tid(sup, 'webhook-row').count()
        if (rows !== 1) throw new Error(`the supervisor sees ${rows} webhooks`)
        await run.screen(sup, 'supervisor webhooks')
      })
    },
  },
  {
    name: 'sales operations: pool rules, fair assignment, locks, caps and reminders',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const page = people.owner.page
      const sales = people.sales.page
      const RULE = '30 天未跟进回收公海'
      const LOCKED = '李明'
      const CAPPED = '郭静'
      const POOLED = '陈静'
      /** The definition in the JSON view, read back (the form again after). */
      async function definitionJson() {
        await tid(page, 'wf-json-toggle').click()
        const json = JSON.parse(await field(page, 'json-editor').inputValue())
        await tid(page, 'wf-json-toggle').click()
        await tid(page, 'wf-trigger').waitFor()
        return json
      }
      /** Open "new from template" on the workflows page and use one. */
      async function useTemplate(key) {
        await menu(page, '/admin/workflows')
        await tid(page, 'wf-from-template').click()
        const dialog = tid(page, 'wf-templates').filter({ visible: true })
        await dialog.locator(`[data-test="wf-template"][data-key="${key}"]`).waitFor()
        return dialog
      }
      await run.step('a pool rule from a template: tuned, saved and published', async () => {
        const dialog = await useTemplate('pool.no_contact')
        for (const [c, title] of [['pool', '公海规则'], ['assignment', '线索分配'], ['reminder', '提醒']]) {
          await tid(dialog, `wf-template-category-${c}`).filter({ hasText: title }).waitFor()
        }
        await run.screen(page, 'workflow templates')
        await tid(dialog.locator('[data-test="wf-template"][data-key="pool.no_contact"]'), 'wf-template-use').click()
        await at(page, '/admin/workflows/new')
        await loaded(page)
        await tid(page, 'wf-template-note').waitFor()
        if ((await field(page, 'wf-name').inputValue()) !== RULE) throw new Error(`the name is not the template's: ${await field(page, 'wf-name').inputValue()}`)
        await tid(page, 'wf-trigger-type').filter({ hasText: '公海回收规则' }).waitFor()
        for (const [id, v] of [['wf-trigger-no-contact', '30'], ['wf-trigger-warn', '3'], ['wf-trigger-protect', '7']]) {
          if ((await field(page, id).inputValue()) !== v) throw new Error(`${id} shows ${await field(page, id).inputValue()}, not ${v}`)
        }
        // Warning or reclaim: the if step reads the rule's stage.
        await tid(page, 'wf-cond-field').filter({ hasText: '回收阶段' }).first().waitFor()
        await tid(page, 'wf-cond-value').filter({ hasText: '提前提醒' }).first().waitFor()
        // Tuned: warned 5 days before, VIPs only.
        await fill(page, 'wf-trigger-warn', '5')
        await field(page, 'wf-trigger-warn').blur()
        await choose(page, page, 'wf-trigger-grades', 'VIP')
        await page.keyboard.press('Escape')
        await run.screen(page, 'pool rule from a template')
        await tid(page, 'wf-save').click()
        await at(page, /^\/admin\/workflows\/(?!new$)[^/]+$/)
        await loaded(page)
        await tid(page, 'wf-publish').click()
        await tid(page, 'wf-detail-state').filter({ hasText: '启用' }).waitFor()
      })
      await run.step('the pool rule reads back as saved, and saves unchanged', async () => {
        await page.reload()
        await loaded(page)
        await tid(page, 'wf-trigger-grades').filter({ hasText: 'VIP' }).waitFor()
        if (await tid(page, 'wf-unsaved').count()) throw new Error('a loaded pool rule counts as changed')
        const json = await definitionJson()
        const tr = json.trigger
        if (tr.type !== 'idle' || tr.noContactDays !== 30 || tr.warnDays !== 5 || tr.protectDays !== 7 || tr.at !== '02:00' || tr.grades?.join() !== 'vip') {
          throw new Error(`the trigger: ${JSON.stringify(tr)}`)
        }
        if (json.steps[0]?.type !== 'if' || json.steps[0].condition?.field !== 'trigger.stage') throw new Error(`the steps: ${JSON.stringify(json.steps)}`)
        if (await tid(page, 'wf-unsaved').count()) throw new Error('the JSON view changed the pool rule')
        await tid(page, 'wf-save').click()
        await toastSuccess(page)
        await loaded(page)
        await tid(page, 'wf-tab-versions').click()
        await tid(page, 'wf-version-row').filter({ hasText: 'v1' }).waitFor()
        if ((await tid(page, 'wf-version-row').count()) !== 1) throw new Error('saving an unchanged pool rule made a new version')
        await menu(page, '/admin/workflows')
        const row = page.locator('tr').filter({ has: tid(page, 'wf-row').filter({ hasText: RULE }) })
        await row.filter({ hasText: '公海回收规则' }).filter({ hasText: 'v1' }).waitFor()
      })
      await run.step('fair assignment from a template: people with weights and a rule', async () => {
        const dialog = await useTemplate('assign.by_rules')
        await tid(dialog.locator('[data-test="wf-template"][data-key="assign.by_rules"]'), 'wf-template-use').click()
        await at(page, '/admin/workflows/new')
        await loaded(page)
        const step = tid(page, 'wf-step').first()
        await tid(step, 'wf-step-strategy').filter({ hasText: '按权重轮流' }).waitFor()
        // The salesperson, twice as often as the others.
        const list = tid(step, 'wf-assign-people')
        await tid(list, 'wf-member-add').click()
        await pick(page, list, 'wf-member-person', 'li', people.sales.name)
        await fill(list, 'wf-member-weight', '2')
        await field(list, 'wf-member-weight').blur()
        // Manufacturing goes to the supervisor.
        await tid(step, 'wf-assign-rule-add').click()
        const rule = tid(step, 'wf-assign-rule').first()
        await fill(rule, 'wf-cond-value', '制造业')
        await tid(rule, 'wf-member-add').click()
        await pick(page, rule, 'wf-member-person', 'zhao', people.supervisor.name)
        await run.screen(page, 'fair assignment step')
        await tid(page, 'wf-save').click()
        await at(page, /^\/admin\/workflows\/(?!new$)[^/]+$/)
        await page.reload()
        await loaded(page)
        await tid(tid(page, 'wf-assign-people'), 'wf-member-person').filter({ hasText: people.sales.name }).waitFor()
        if (await tid(page, 'wf-unsaved').count()) throw new Error('a loaded assign step counts as changed')
        const s = (await definitionJson()).steps[0]
        if (s.type !== 'assign' || s.strategy !== 'round_robin' || s.people?.length !== 1 || s.people[0].weight !== 2 || !s.people[0].id) throw new Error(`the step: ${JSON.stringify(s)}`)
        const r = s.rules?.[0]
        if (r?.condition?.field !== 'industry' || r.condition.value !== '制造业' || r.people?.length !== 1 || !r.people[0].id) throw new Error(`the rule: ${JSON.stringify(r)}`)
      })
      await run.step('an admin locks a customer out of the pool rules', async () => {
        await menu(page, '/customers')
        state.lockedId = await openCustomer(page, LOCKED)
        if (await tid(page, 'customer-locked').count()) throw new Error('a new customer is locked')
        await tid(page, 'customer-lock').filter({ hasText: '锁定' }).click()
        await toastSuccess(page)
        await tid(page, 'customer-locked').filter({ hasText: '已锁定' }).waitFor()
        await tid(page, 'customer-lock').filter({ hasText: '解锁' }).waitFor()
        await tid(page, 'tab-history').click()
        await tid(page, 'history-locked').filter({ hasText: '锁定客户' }).first().waitFor()
        await run.screen(page, 'locked customer')
        // The salesperson sees the lock, and has no button for it.
        await sales.goto(`/customers/${state.lockedId}`)
        await tid(sales, 'customer-locked').waitFor()
        await loaded(sales)
        if (await tid(sales, 'customer-lock').count()) throw new Error('a salesperson may lock customers')
      })
      await run.step(
        'the holding cap stops an assignment; the admin assigns anyway',
        async () => {
          await menu(page, '/admin/settings')
          await fill(page, 'settings-max-held', '1')
          await field(page, 'settings-max-held').blur()
          await tid(page, 'settings-save').click()
          await toastSuccess(page)
          try {
            await menu(page, '/pool')
            const row = () => page.locator('[data-test="pool-row"], [data-test="pool-table"] tr.el-table__row').filter({ hasText: CAPPED }).first()
            await row().locator('.el-checkbox').first().click()
            await tid(page, 'pool-assign').click()
            const dialog = tid(page, 'assign-dialog').filter({ visible: true })
            await pick(page, dialog, 'assign-to', 'li', people.sales.name)
            await tid(dialog, 'assign-confirm').click()
            await tid(dialog, 'held-cap-alert').filter({ hasText: '每人最多 1 位' }).waitFor()
            await run.screen(page, 'assignment over the holding cap')
            await tid(dialog, 'held-cap-override').click()
            await toastSuccess(page)
            await row().waitFor({ state: 'detached' })
          } finally {
            await menu(page, '/admin/settings')
            await fill(page, 'settings-max-held', '0')
            await field(page, 'settings-max-held').blur()
            await tid(page, 'settings-save').click()
            await toastSuccess(page)
          }
        },
        { allow: [{ kind: 'graphql', op: 'CustomersAssign', code: 'LIMIT_REACHED', reason: 'the salesperson holds more than the cap of 1 on purpose: the dialog offers the admin to assign anyway' }] },
      )
      await run.step('a pool customer to whoever is least busy: the reason is in its history', async () => {
        const FLOW = '公海客户分给最空闲的人'
        const dialog = await useTemplate('assign.least_busy')
        await tid(dialog.locator('[data-test="wf-template"][data-key="assign.least_busy"]'), 'wf-template-use').click()
        await at(page, '/admin/workflows/new')
        await loaded(page)
        await tid(page, 'wf-step-strategy').filter({ hasText: '分给最空闲的人' }).waitFor()
        await tid(page, 'wf-step-busy').filter({ hasText: '未成交客户数' }).waitFor()
        await tid(page, 'wf-save').click()
        await at(page, /^\/admin\/workflows\/(?!new$)[^/]+$/)
        await loaded(page)
        await tid(page, 'wf-publish').click()
        await tid(page, 'wf-detail-state').filter({ hasText: '启用' }).waitFor()
        // Its button on a customer of the pool.
        await menu(page, '/pool')
        await page.locator('[data-test="pool-row"], [data-test="pool-table"] tr.el-table__row').filter({ hasText: POOLED }).first().locator('a').first().click()
        await at(page, /^\/customers\/[^/]+$/)
        await tid(page, 'customer-in-pool').waitFor()
        await loaded(page)
        await tid(page, 'customer-run-workflow').click()
        await page.locator('[data-test="run-workflow-item"]:visible').filter({ hasText: FLOW }).click()
        await page.locator('.el-message--success').filter({ hasText: FLOW }).first().waitFor()
        // The run assigns it within moments.
        const until = Date.now() + 20000
        while (await tid(page, 'customer-in-pool').count()) {
          if (Date.now() > until) throw new Error('the customer is still in the pool')
          await page.waitForTimeout(500)
          await page.reload()
          await tid(page, 'customer-name').filter({ hasText: POOLED }).waitFor()
          await loaded(page)
        }
        await tid(page, 'tab-history').click()
        await tid(page, 'history-assignment-reason').filter({ hasText: '分配原因' }).filter({ hasText: '最空闲' }).first().waitFor()
        await run.screen(page, 'assignment reason in the history')
      })
      await run.step('the company’s reminders: birthdays, quiet VIPs and a contract’s end', async () => {
        await api(page, 'mutation F($i: CustomFieldInput!) { createCustomField(entity: CUSTOMER, input: $i) { id } }', {
          i: { key: 'contract_end', label: '合同到期', labelEn: 'Contract end', type: 'DATE' },
        })
        // The settings page is open from the step before: read it again.
        await menu(page, '/admin/settings')
        await page.reload()
        await loaded(page)
        const card = tid(page, 'settings-reminders')
        await tid(card, 'settings-reminder-birthdays').and(page.locator('.is-checked')).waitFor()
        await tid(card, 'settings-reminder-birthdays').click()
        await fill(card, 'settings-reminder-vip-days', '30')
        await field(card, 'settings-reminder-vip-days').blur()
        await tid(card, 'settings-reminder-add').click()
        const row = tid(card, 'settings-reminder-date-field').first()
        await tid(row, 'settings-reminder-field').filter({ hasText: '合同到期' }).waitFor()
        await fill(row, 'settings-reminder-days', '10')
        await field(row, 'settings-reminder-days').blur()
        await run.screen(page, 'reminder settings')
        await tid(page, 'settings-save').click()
        await toastSuccess(page)
        await page.reload()
        await loaded(page)
        const again = tid(page, 'settings-reminders')
        await tid(again, 'settings-reminder-field').filter({ hasText: '合同到期' }).waitFor()
        if ((await field(again, 'settings-reminder-days').inputValue()) !== '10') throw new Error('the days before did not come back')
        if ((await field(again, 'settings-reminder-vip-days').inputValue()) !== '30') throw new Error('the VIP days did not come back')
        if (await tid(again, 'settings-reminder-birthdays').and(page.locator('.is-checked')).count()) throw new Error('birthdays are still on')
      })
      await run.step('the salesperson chooses the reminder time and is away', async () => {
        await userMenu(sales, '个人资料')
        await at(sales, '/profile')
        await loaded(sales)
        const card = tid(sales, 'profile-reminders')
        await tid(card, 'profile-reminder-time').filter({ hasText: '08:30' }).waitFor()
        await choose(sales, card, 'profile-reminder-time', '09:15')
        // Away for ten days from now.
        const until = new Date(Date.now() + 10 * 86_400_000)
        const pad = (n) => String(n).padStart(2, '0')
        const text = `${until.getFullYear()}-${pad(until.getMonth() + 1)}-${pad(until.getDate())} 18:00`
        await fill(card, 'profile-away-until', text)
        await field(card, 'profile-away-until').press('Enter')
        await sales.keyboard.press('Escape')
        await tid(card, 'profile-reminders-save').click()
        await toastSuccess(sales)
        await tid(card, 'profile-away').waitFor()
        // The REMINDER notifications have their own choice.
        await tid(sales, 'notification-pref-REMINDER').filter({ hasText: '每日提醒' }).waitFor()
        await run.screen(sales, 'reminder time and absence')
        await sales.reload()
        await loaded(sales)
        await tid(tid(sales, 'profile-reminders'), 'profile-reminder-time').filter({ hasText: '09:15' }).waitFor()
        await tid(sales, 'profile-away').waitFor()
      })
      await run.step('the team shows who is away', async () => {
        await menu(page, '/team')
        const row = page.locator('tr').filter({ has: tid(page, 'person-row').filter({ hasText: people.sales.name }) })
        await tid(row, 'person-away').filter({ hasText: '外出' }).waitFor()
        await run.screen(page, 'team with an absence')
      })
      await run.step('a daily reminder in the bell opens its customer', async () => {
        // The reminder pass runs at each person's time of day: a reminder of
        // the locked customer is put into the list as the server would.
        const GRAPHQL = (u) => u.pathname === '/graphql'
        await sales.route(GRAPHQL, async (route) => {
          const req = route.request()
          if (req.method() !== 'GET' || new URL(req.url()).searchParams.get('operationName') !== 'NotificationList') return route.continue()
          const real = await route.fetch()
          const body = await real.json()
          body.data.notifications.nodes.unshift({
            __typename: 'Notification', id: 'reminder-e2e', kind: 'REMINDER', title: `今天拜访 ${LOCKED}`, body: '下次拜访时间是今天。',
            link: { __typename: 'NotificationLink', kind: 'CUSTOMER', id: state.lockedId }, createdAt: new Date().toISOString(), read: true,
          })
          return route.fulfill({ response: real, body: JSON.stringify(body) })
        })
        try {
          await tid(sales, 'notification-bell').click()
          const panel = tid(sales, 'notification-panel').filter({ visible: true })
          const item = tid(panel, 'notification-item').filter({ hasText: `今天拜访 ${LOCKED}` })
          await tid(item, 'notification-kind-REMINDER').filter({ hasText: '每日提醒' }).waitFor()
          await run.screen(sales, 'a daily reminder in the bell')
          await item.click()
          await at(sales, `/customers/${state.lockedId}`)
          await tid(sales, 'customer-name').filter({ hasText: LOCKED }).waitFor()
          await loaded(sales)
        } finally {
          await sales.unroute(GRAPHQL)
        }
      })
    },
  },
  {
    name: 'customer care: holiday greetings, the mail log and unsubscribing',
    needs: ['owner signs up and builds the team'],
    async run({ run, env }) {
      const page = people.owner.page
      const CUSTOMER = '关怀测试客户'
      const EMAIL = `care-${stamp}@e2e.example`
      const THANKS = '感谢信'
      const SUBJECT = `感谢您的支持，${CUSTOMER}`
      const BODY = '感谢您一直以来的支持！'
      const errorAt = (text) => page.locator('.el-form-item__error').filter({ hasText: text })
      let careId = ''
      let thanksId = ''
      let customerId = ''
      let mail = null
      await run.step('a care workflow from the Spring Festival template: the holiday trigger', async () => {
        await menu(page, '/admin/workflows')
        await tid(page, 'wf-from-template').click()
        const dialog = tid(page, 'wf-templates').filter({ visible: true })
        const care = tid(dialog, 'wf-template-category-care')
        await care.filter({ hasText: '客户关怀' }).waitFor()
        for (const key of ['care.birthday', 'care.spring_festival', 'care.after_deal']) await care.locator(`[data-test="wf-template"][data-key="${key}"]`).waitFor()
        await tid(care.locator('[data-test="wf-template"][data-key="care.spring_festival"]'), 'wf-template-use').click()
        await at(page, '/admin/workflows/new')
        await loaded(page)
        await tid(page, 'wf-template-note').waitFor()
        await tid(page, 'wf-trigger-type').filter({ hasText: '节日' }).waitFor()
        await tid(page, 'wf-trigger-holiday').filter({ hasText: '春节' }).waitFor()
        await tid(page, 'wf-trigger-holiday-next').filter({ hasText: /下一次：\d{4}年/ }).waitFor()
        if ((await field(page, 'wf-trigger-at').inputValue()) !== '09:00') throw new Error(`the time is ${await field(page, 'wf-trigger-at').inputValue()}`)
        await tid(page, 'wf-step-to').filter({ hasText: '客户本人' }).waitFor()
        // Each preset shows its next date.
        await tid(page, 'wf-trigger-holiday').click()
        const midAutumn = page.locator('.el-select-dropdown__item:visible').filter({ hasText: '中秋节' })
        await midAutumn.filter({ hasText: /\d{4}年/ }).waitFor()
        await midAutumn.click()
        await tid(page, 'wf-trigger-holiday').filter({ hasText: '中秋节' }).waitFor()
        // The company's own day instead: checked as it is typed.
        await choose(page, page, 'wf-trigger-holiday', '自定义日期')
        await fill(page, 'wf-trigger-holiday-day', '13-40')
        await errorAt('MM-DD').waitFor()
        await fill(page, 'wf-trigger-holiday-day', '06-18')
        await gone(errorAt('MM-DD'))
        await tid(page, 'wf-trigger-holiday-next').filter({ hasText: '6月18日' }).waitFor()
        await fill(page, 'wf-trigger-at', '10:30')
        await run.screen(page, 'holiday trigger with a custom day')
        await tid(page, 'wf-save').click()
        await at(page, /^\/admin\/workflows\/(?!new$)[^/]+$/)
        careId = new URL(page.url()).pathname.split('/').pop()
        await loaded(page)
      })
      await run.step('the holiday trigger reads back as saved; a preset again, published', async () => {
        await page.reload()
        await loaded(page)
        await tid(page, 'wf-trigger-holiday').filter({ hasText: '自定义日期' }).waitFor()
        if ((await field(page, 'wf-trigger-holiday-day').inputValue()) !== '06-18') throw new Error('the custom day did not come back')
        if (await tid(page, 'wf-unsaved').count()) throw new Error('a loaded holiday trigger counts as changed')
        const tr = (await definitionOf(page)).trigger
        if (tr.type !== 'holiday' || tr.holiday !== '06-18' || tr.at !== '10:30' || Object.keys(tr).length !== 3) throw new Error(`the trigger: ${JSON.stringify(tr)}`)
        if (await tid(page, 'wf-unsaved').count()) throw new Error('the JSON view changed the holiday trigger')
        await choose(page, page, 'wf-trigger-holiday', '春节')
        await gone(tid(page, 'wf-trigger-holiday-day'))
        await tid(page, 'wf-save').click()
        await toastSuccess(page)
        await page.reload()
        await loaded(page)
        await tid(page, 'wf-trigger-holiday').filter({ hasText: '春节' }).waitFor()
        const back = (await definitionOf(page)).trigger
        if (back.holiday !== 'spring_festival' || back.at !== '10:30') throw new Error(`the trigger: ${JSON.stringify(back)}`)
        await tid(page, 'wf-publish').click()
        await tid(page, 'wf-detail-state').filter({ hasText: '启用' }).waitFor()
        await menu(page, '/admin/workflows')
        const row = page.locator('tr').filter({ has: tid(page, 'wf-row').filter({ hasText: '春节问候' }) })
        await tid(row, 'wf-state').filter({ hasText: '启用' }).waitFor()
        await row.filter({ hasText: '节日' }).waitFor()
      })
      await run.step('a mail to a customer shows in its mail log', async () => {
        const made = await api(page, 'mutation C($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', {
          i: { name: CUSTOMER, company: '苏州关怀科技有限公司', email: EMAIL },
        })
        customerId = made.createCustomer.id
        const created = await api(page, 'mutation W($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }', {
          i: {
            name: THANKS,
            definition: { trigger: { type: 'manual' }, steps: [{ type: 'send_mail', to: { type: 'customer' }, subject: '感谢您的支持，{{name}}', body: `尊敬的 {{name}}：\n\n${BODY}` }] },
          },
        })
        thanksId = created.createWorkflow.id
        await api(page, 'mutation P($id: ID!) { publishWorkflow(id: $id) { workflow { id } } }', { id: thanksId })
        await page.goto(`/customers/${customerId}`)
        await tid(page, 'customer-name').filter({ hasText: CUSTOMER }).waitFor()
        await loaded(page)
        if (await tid(page, 'customer-mail-opt-out').count()) throw new Error('a new customer shows as unsubscribed')
        await tid(page, 'tab-mails').click()
        await tid(page, 'customer-mails').locator('.el-empty').waitFor()
        await tid(page, 'customer-run-workflow').click()
        await page.locator('[data-test="run-workflow-item"]:visible').filter({ hasText: THANKS }).click()
        await page.locator('.el-message--success').filter({ hasText: THANKS }).first().waitFor()
        mail = await waitForMail(env.mailDir, EMAIL, { pred: (m) => m.subject.includes('感谢您的支持') })
        // Sent by now: the log says so (refreshed until the server has noted it).
        const row = tid(page, 'mail-row').filter({ hasText: SUBJECT })
        const until = Date.now() + 15000
        while (!(await row.filter({ has: tid(page, 'mail-status').filter({ hasText: '已发送' }) }).count())) {
          if (Date.now() > until) throw new Error('the mail log does not show the mail as sent')
          await page.waitForTimeout(300)
          await tid(page, 'mails-refresh').click()
          await loaded(page)
        }
        await row.filter({ hasText: '关怀邮件' }).waitFor()
        await row.locator('.el-collapse-item__header').click()
        const body = tid(row, 'mail-body')
        await body.filter({ hasText: BODY }).waitFor()
        await body.filter({ hasText: '/unsubscribe/' }).waitFor()
        await row.filter({ hasText: EMAIL }).waitFor()
        await run.screen(page, 'customer mail log')
      })
      await run.step('the customer unsubscribes through the link in the mail', async () => {
        const link = mail.body.match(/https?:\/\/[^\s]+\/unsubscribe\/[^\s]+/)?.[0]
        if (!link) throw new Error(`no unsubscribe link in the mail: ${mail.body}`)
        // Opening the link changes nothing; its button does.
        const shown = await fetch(link)
        if (shown.status !== 200 || !(await shown.text()).includes('method="post"')) throw new Error(`the unsubscribe page answered ${shown.status}`)
        await page.reload()
        await tid(page, 'customer-name').filter({ hasText: CUSTOMER }).waitFor()
        await loaded(page)
        if (await tid(page, 'customer-mail-opt-out').count()) throw new Error('opening the link unsubscribed the customer')
        const done = await fetch(link, { method: 'POST' })
        if (done.status !== 200 || !(await done.text()).includes('已退订')) throw new Error(`unsubscribing answered ${done.status}`)
        await page.reload()
        await loaded(page)
        await tid(page, 'customer-mail-opt-out').filter({ hasText: '已退订邮件' }).waitFor()
        await tid(page, 'tab-history').click()
        const entry = tid(page, 'history-entry').filter({ has: tid(page, 'history-mail-opt-out').filter({ hasText: '退订了关怀邮件' }) })
        await entry.filter({ hasText: '客户本人' }).first().waitFor()
        await tid(page, 'tab-mails').click()
        await tid(page, 'mails-opted-out').waitFor()
        await run.screen(page, 'customer unsubscribed from mails')
      })
      await run.step('a care mail to a customer who unsubscribed is not sent', async () => {
        await api(page, 'mutation R($w: ID!, $c: ID!) { runWorkflow(workflowId: $w, customerId: $c) { id } }', { w: thanksId, c: customerId })
        const until = Date.now() + 20000
        for (;;) {
          const runs = (await api(page, 'query R($w: ID) { workflowRuns(workflowId: $w) { nodes { status } } }', { w: thanksId })).workflowRuns.nodes
          if (runs.length === 2 && runs.every((r) => r.status === 'COMPLETED')) break
          if (runs.some((r) => r.status === 'FAILED')) throw new Error(`a run failed: ${JSON.stringify(runs)}`)
          if (Date.now() > until) throw new Error(`the runs are ${JSON.stringify(runs)}`)
          await page.waitForTimeout(300)
        }
        await tid(page, 'mails-refresh').click()
        await loaded(page)
        if ((await tid(page, 'mail-row').count()) !== 1) throw new Error(`the log has ${await tid(page, 'mail-row').count()} mails, expected 1`)
      })
      await run.step('in English', async () => {
        await userMenu(page, 'English')
        await page.waitForFunction(() => document.documentElement.lang === 'en')
        await tid(page, 'customer-mail-opt-out').filter({ hasText: 'Unsubscribed from mails' }).waitFor()
        await tid(page, 'tab-mails').filter({ hasText: 'Mails' }).waitFor()
        await tid(page, 'mail-row').filter({ hasText: 'Care mail' }).filter({ hasText: 'Sent' }).waitFor()
        await page.goto(`/admin/workflows/${careId}`)
        await loaded(page)
        await tid(page, 'wf-trigger-holiday').filter({ hasText: 'Spring Festival' }).waitFor()
        await tid(page, 'wf-trigger-holiday-next').filter({ hasText: 'Next:' }).waitFor()
        await userMenu(page, '中文')
        await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
      })
      await run.step('care mails resumed by hand', async () => {
        await page.goto(`/customers/${customerId}`)
        await loaded(page)
        await tid(page, 'tab-mails').click()
        await tid(page, 'mails-resume').click()
        await tid(page, 'mails-stop').waitFor()
        await tid(page, 'customer-mail-opt-out').waitFor({ state: 'detached' })
        await tid(page, 'tab-history').click()
        await tid(page, 'history-mail-opt-out').filter({ hasText: '恢复向客户发送关怀邮件' }).waitFor()
      })
    },
  },
  {
    name: 'a workflow condition on a segment',
    needs: ['the admin automates a workflow'],
    async run({ run }) {
      const page = people.owner.page
      await run.step('a filter on a lifecycle segment, saved as chosen', async () => {
        await menu(page, '/admin/workflows')
        await tid(page, 'wf-create').click()
        await at(page, '/admin/workflows/new')
        await loaded(page)
        await fill(page, 'wf-name', '保持期客户回访')
        await choose(page, page, 'wf-trigger-type', '手动')
        const filter = await addStep(page, 'filter')
        await choose(page, filter, 'wf-cond-field', '所在分群')
        await choose(page, filter, 'wf-cond-segment', '保持期')
        const top = (await definitionOf(page)).steps[0].condition
        const condition = top.type === 'all' && top.of?.length === 1 ? top.of[0] : top
        const want = { type: 'compare', field: 'segments', op: 'contains', value: '6c696665-0000-4000-8000-000000000003' }
        if (JSON.stringify(condition) !== JSON.stringify(want)) throw new Error(`the condition is ${JSON.stringify(condition)}`)
        await run.screen(page, 'a workflow filtering on a segment')
        await tid(page, 'wf-save').click()
        await at(page, /^\/admin\/workflows\/(?!new$)[^/]+$/)
        await loaded(page)
        await tid(tid(page, 'wf-step').first(), 'wf-cond-segment').filter({ hasText: '保持期' }).waitFor()
      })
    },
  },
  {
    name: 'the owner’s plan and usage',
    needs: ['owner signs up and builds the team'],
    async run({ run }) {
      const page = people.owner.page
      const localProvider = (op, why) => ({ kind: 'graphql', op, code: 'CONFLICT', reason: `the embedded local provider takes no payments (${why}): the page says so` })
      await run.step('the trial notice leads to the plan page', async () => {
        await menu(page, '/')
        const banner = tid(page, 'subscription-banner')
        await banner.filter({ hasText: '团队版试用还剩' }).waitFor()
        if ((await banner.getAttribute('data-state')) !== 'TRIALING') throw new Error('the notice is not the trial’s')
        await tid(banner, 'subscription-banner-link').click()
        await at(page, '/admin/billing')
        await loaded(page)
      })
      await run.step('the plan page: trial, usage bars, the plans side by side', async () => {
        await tid(page, 'billing-state').filter({ hasText: '试用中' }).waitFor()
        await tid(page, 'billing-plan').filter({ hasText: '团队版' }).waitFor()
        await tid(page, 'billing-trial-days').filter({ hasText: /剩余 1[34] 天/ }).waitFor()
        const rows = tid(page, 'usage-row')
        if ((await rows.count()) !== 7) throw new Error(`${await rows.count()} entitlements shown, expected 7`)
        // The team plan's 50 seats, and a bar for every limited entitlement.
        await rows.filter({ hasText: '座席' }).filter({ hasText: '/ 50' }).waitFor()
        if ((await tid(page, 'usage-bar').count()) !== 7) throw new Error('every entitlement of the team plan has a bar')
        await tid(page, 'plan-card').filter({ hasText: '企业版' }).filter({ hasText: '¥99' }).waitFor()
        await tid(page, 'billing-local-note').waitFor()
        await run.screen(page, 'plan and usage')
        await tid(page, 'billing-interval').getByText('按年').click()
        await tid(page, 'billing-currency').getByText('美元').click()
        await tid(page, 'plan-card').filter({ hasText: '企业版' }).filter({ hasText: '$190' }).waitFor()
      })
      await run.step(
        'choosing a plan and the payment portal, on the local provider',
        async () => {
          await tid(page, 'plan-choose-business').click()
          await tid(page, 'billing-action-error').filter({ hasText: '未接入在线支付' }).waitFor()
          await run.screen(page, 'choosing a plan without online payment')
          await tid(page, 'billing-portal').click()
          await tid(page, 'billing-action-error').filter({ hasText: '未接入在线支付' }).waitFor()
        },
        { allow: [localProvider('AdminStartCheckout', 'checkout'), localProvider('AdminOpenBillingPortal', 'portal')] },
      )
      await run.step(
        'cancelling at the period’s end, on the local provider',
        async () => {
          await tid(page, 'billing-cancel').click()
          await confirmBox(page)
          await tid(page, 'billing-action-error').filter({ hasText: '未接入在线支付' }).waitFor()
          await tid(page, 'billing-cancel-at-period-end').filter({ hasText: '否' }).waitFor()
        },
        { allow: [localProvider('AdminCancelSubscription', 'cancel')] },
      )
      await run.step('with a payment provider: checkout, cancel at period end, resume', async () => {
        // The answers a payment provider gives the server, stood in for in the
        // browser (the installation under test has none): the paths the local
        // provider cannot reach.
        // The API's path, with or without a query string (queries are GETs).
        const GRAPHQL = (u) => u.pathname === '/graphql'
        let cancelAt = false
        const periodEnd = new Date(Date.now() + 20 * 86_400_000).toISOString()
        const sub = () => ({ state: 'ACTIVE', cancelAtPeriodEnd: cancelAt, currentPeriodEnd: periodEnd })
        await page.route(GRAPHQL, async (route) => {
          // Queries go as GET (urql's default within the URL's length), mutations as POST.
          const req = route.request()
          const op = req.method() === 'GET' ? new URL(req.url()).searchParams.get('operationName') : JSON.parse(req.postData() ?? '{}').operationName
          const reply = (data) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ data }) })
          if (op === 'AdminStartCheckout') return reply({ startCheckout: `${run.appUrl}/settings/billing?checkout=success` })
          if (op === 'AdminCancelSubscription') return (cancelAt = true), reply({ cancelSubscription: sub() })
          if (op === 'AdminResumeSubscription') return (cancelAt = false), reply({ resumeSubscription: sub() })
          if (op !== 'AdminBilling') return route.continue()
          const real = await route.fetch()
          const body = await real.json()
          const invoice = { id: 'in_1', number: 'GX-0001', status: 'paid', amountDue: 49_000, amountPaid: 49_000, currency: 'cny', createdAt: new Date().toISOString(), hostedUrl: null, pdfUrl: null }
          Object.assign(body.data.billing, sub(), { provider: 'stripe', trialEndsAt: null, invoices: [invoice] })
          return route.fulfill({ response: real, body: JSON.stringify(body) })
        })
        try {
          await tid(page, 'plan-choose-business').click()
          await at(page, '/admin/billing')
          await tid(page, 'billing-checkout-success').waitFor()
          await tid(page, 'invoice-row').filter({ hasText: 'GX-0001' }).first().waitFor()
          await tid(page, 'billing-cancel').click()
          await confirmBox(page)
          await tid(page, 'billing-cancel-at-period-end').filter({ hasText: '是' }).waitFor()
          await run.screen(page, 'subscription canceled at the period end')
          await tid(page, 'billing-resume').click()
          await tid(page, 'billing-cancel-at-period-end').filter({ hasText: '否' }).waitFor()
          await tid(page, 'billing-cancel').waitFor()
        } finally {
          await page.unroute(GRAPHQL)
        }
      })
    },
  },
  {
    name: 'a read-only company',
    needs: [],
    async run({ run, env }) {
      const page = await run.user('read-only owner')
      await run.step('the company’s subscription lapses', async () => {
        await fillSignUp(page, lapsed)
        await tid(page, 'signup-submit').click()
        await at(page, '/')
        const out = await env.cli('tenant', 'set-state', lapsed.slug, 'read_only')
        if (!out.includes('read_only')) throw new Error(`set-state answered: ${out}`)
        await page.reload()
        await loaded(page)
        const banner = tid(page, 'subscription-banner')
        await banner.filter({ hasText: '只读' }).waitFor()
        if ((await banner.getAttribute('data-state')) !== 'READ_ONLY') throw new Error('the notice is not read-only’s')
        await tid(banner, 'subscription-banner-link').filter({ hasText: '去付款' }).waitFor()
        await run.screen(page, 'read-only notice')
      })
      await run.step(
        'a write is refused in Chinese, with the way to the plan page',
        async () => {
          await page.goto('/customers/new')
          await loaded(page)
          await fill(page, 'field-name', '只读测试客户')
          await tid(page, 'form-save').click()
          const msg = page.locator('.el-message--error').filter({ hasText: '只读' }).first()
          await msg.waitFor()
          const text = await msg.innerText()
          if (/SUBSCRIPTION_READ_ONLY|pay or renew/.test(text)) throw new Error(`the refusal reads "${text}"`)
          await run.screen(page, 'a write refused while read-only')
          await tid(msg, 'error-billing-link').click()
          await at(page, '/admin/billing')
          await tid(page, 'billing-state').filter({ hasText: '只读' }).waitFor()
          await tid(page, 'billing-read-only-at').waitFor()
          await run.screen(page, 'plan page while read-only')
        },
        { allow: [{ kind: 'graphql', op: 'CustomerCreate', code: 'SUBSCRIPTION_READ_ONLY', reason: 'the company is read-only, on purpose' }] },
      )
    },
  },
  {
    name: 'an import past the plan’s customers',
    needs: [],
    async run({ run, env }) {
      const page = await run.user('free plan owner')
      await run.step('a company on the free plan (1,000 customers)', async () => {
        await fillSignUp(page, small)
        await tid(page, 'signup-submit').click()
        await at(page, '/')
        await env.cli('tenant', 'set-plan', small.slug, 'free')
      })
      await run.step('the failed import says why in Chinese, with the way to the plan page', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'guanxi-e2e-csv-'))
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
        const file = join(dir, '超出名额.csv')
        const rows = Array.from({ length: 1001 }, (_, i) => `超限客户${i},1380000${String(i).padStart(4, '0')}`)
        writeFileSync(file, `姓名,电话\n${rows.join('\n')}\n`)
        await menu(page, '/import')
        await tid(page, 'import-file').locator('input[type=file]').setInputFiles(file)
        await tid(page, 'import-mapping').waitFor()
        await tid(page, 'import-start').click()
        await tid(page, 'import-report').waitFor({ timeout: 60000 })
        // The plan's limit in words (免费版, 客户, 1,000), never the server's English.
        const reason = tid(page, 'import-failure-reason')
        await reason.filter({ hasText: '客户' }).waitFor()
        const text = await reason.innerText()
        if (!/免费/.test(text) || /customers|LIMIT_REACHED/.test(text)) throw new Error(`the import's refusal reads "${text}"`)
        await tid(page, 'import-created').filter({ hasText: '0' }).waitFor()
        await run.screen(page, 'an import past the plan’s customers')
        await tid(page, 'import-billing-link').click()
        await at(page, '/admin/billing')
      })
    },
  },
  {
    name: 'every page of the menu loads (admin)',
    needs: ['owner signs up and builds the team'],
    async run({ run }) {
      const page = people.owner.page
      const covered = ['/team', '/admin/custom-fields', '/customers', '/import', '/pool', '/dashboard', '/admin/billing']
      for (const path of Object.keys(navKeys).filter((p) => !covered.includes(p))) {
        await run.step(`menu: ${path}`, async () => {
          await menu(page, path)
          await page.locator('.gx-main h1, .gx-main [data-test]').first().waitFor()
          await loaded(page)
          await run.screen(page, `page ${path === '/' ? 'home' : path}`)
        })
      }
    },
  },
  {
    name: 'language switch',
    needs: ['owner signs up and builds the team'],
    async run({ run }) {
      const page = people.sales.page
      await run.step('to English', async () => {
        await menu(page, '/customers')
        await userMenu(page, 'English')
        await page.waitForFunction(() => document.documentElement.lang === 'en')
        await page.locator('.gx-aside .el-menu-item').filter({ hasText: menuTitle('/customers', 'en') }).waitFor()
        await run.screen(page, 'customer list in English')
      })
      await run.step('and back to Chinese', async () => {
        await userMenu(page, '中文')
        await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
        await page.locator('.gx-aside .el-menu-item').filter({ hasText: menuTitle('/customers', 'zh-CN') }).waitFor()
      })
    },
  },
  {
    name: 'the salesperson on a phone (375 px)',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const page = await run.user('sales on a phone', { viewport: PHONE, mobile: true })
      await run.step(
        'a wrong password is told in Chinese',
        async () => {
          await page.goto('/login')
          await fill(page, 'login-slug', company.slug)
          await fill(page, 'login-email', people.sales.email)
          await fill(page, 'login-password', 'not-the-password')
          await tid(page, 'login-submit').click()
          const shown = page.locator('.el-message--error, .el-form-item__error, [data-test="login-blocked"]').first()
          await shown.waitFor()
          const text = await shown.innerText()
          if (!/[\u4e00-\u9fff]/.test(text) || /authentication required/i.test(text)) throw new Error(`the login error reads "${text}"`)
        },
        { allow: [{ kind: 'graphql', op: 'AuthLogin', code: 'UNAUTHENTICATED', reason: 'a wrong password, on purpose' }] },
      )
      await run.step('log in with the keyboard', async () => {
        await page.goto('/login')
        await run.screen(page, 'login')
        await login(page, people.sales)
        await run.screen(page, 'salesperson home')
      })
      await run.step('find a customer by one character', async () => {
        await menu(page, '/customers')
        await searchCustomers(page, '李')
        await rowOf(page, VISITED).first().waitFor()
        await run.screen(page, 'customer cards on a phone')
      })
      await run.step('log a call', async () => {
        await rowOf(page, VISITED).first().locator('[data-test="customer-link"], a').first().click()
        await tid(page, 'customer-name').filter({ hasText: VISITED }).waitFor()
        await logConversation(page, 'CALL', '电话确认下单数量：200 箱。')
        await run.screen(page, 'customer page on a phone')
      })
      await run.step('the salesperson’s own dashboard', async () => {
        await menu(page, '/dashboard')
        // Their own new customers and conversations, counted by the server;
        // customers by owner is a view of the team, for supervisors and admins.
        await tid(page, 'dashboard-trend').locator('canvas').first().waitFor()
        await tid(page, 'dashboard-kpi-conversations').filter({ hasText: /[1-9]/ }).waitFor()
        await tid(page, 'dashboard-status').locator('canvas').first().waitFor()
        await tid(page, 'dashboard-funnel-PROSPECT').waitFor()
        await tid(page, 'dashboard-retention').locator('canvas').first().waitFor()
        await tid(page, 'dashboard-pool-total-RELEASED').waitFor()
        if (await tid(page, 'dashboard-owner').count()) throw new Error('customers by owner is for supervisors and admins')
        await run.screen(page, 'salesperson dashboard on a phone')
      })
    },
  },
  {
    name: 'deep link and logout',
    needs: ['the salesperson imports and works customers'],
    async run({ run }) {
      const page = people.sales.page
      await run.step('a deep link to a customer loads the app', async () => {
        await page.goto(`/customers/${state.visitedId}`)
        await tid(page, 'customer-name').filter({ hasText: VISITED }).waitFor()
        await loaded(page)
      })
      await run.step('log out', async () => {
        await userMenu(page, '退出登录')
        await at(page, '/login')
        await page.goto('/customers')
        await at(page, '/login')
        await field(page, 'login-email').waitFor()
        await run.screen(page, 'logged out')
      })
    },
  },
  {
    name: 'GraphiQL without a CDN',
    needs: [],
    async run({ run, env }) {
      if (!env.servedByBinary) {
        await run.step('(not run: the binary does not serve the app, so not GraphiQL either)', async () => {})
        return
      }
      const page = await run.user('API explorer')
      await run.step('GraphiQL loads from the binary', async () => {
        await page.goto('/graphql')
        await page.locator('.graphiql-container').waitFor()
        await page.locator('.graphiql-container .cm-editor, .graphiql-container .CodeMirror, .graphiql-container textarea').first().waitFor()
        await run.screen(page, 'graphiql')
      })
    },
  },
]
