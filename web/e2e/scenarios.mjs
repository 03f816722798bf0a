// Each role's main path, as one story on one company: the owner signs up and
// builds the team; the salesperson imports and works customers; a colleague
// claims from the pool; the supervisor sees the group's work; the admin adds
// a custom field. Then language, the phone-sized path, deep links, logout.
import { readFileSync } from 'node:fs'
import { linkIn, waitForMail } from './lib/env.mjs'
import { PHONE } from './lib/run.mjs'
import { at, choose, field, fill, loaded, pick, tid, toastSuccess } from './lib/ui.mjs'

const stamp = Date.now().toString(36)
const PASSWORD = 'Guanxi-e2e-2026!'
const company = { name: '上海关系贸易有限公司', slug: `e2e-${stamp}` }
const people = {
  owner: { name: '王老板', email: `owner-${stamp}@e2e.example` },
  supervisor: { name: '赵主管', email: `supervisor-${stamp}@e2e.example`, role: 'SUPERVISOR' },
  sales: { name: '李销售', email: `sales-${stamp}@e2e.example`, role: 'SALESPERSON' },
  colleague: { name: '张同事', email: `colleague-${stamp}@e2e.example`, role: 'SALESPERSON' },
}
const GROUP = '华东一组'

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

/** Log in on the login page (the company's slug, e-mail, password). */
async function login(run, page, who) {
  await page.goto('/login')
  await fill(page, 'login-slug', company.slug)
  await fill(page, 'login-email', who.email)
  await fill(page, 'login-password', PASSWORD)
  await tid(page, 'login-submit').click()
  await page.waitForURL((u) => u.pathname !== '/login')
  await loaded(page)
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
export const scenarios = [
  {
    name: 'owner signs up and builds the team',
    needs: [],
    async run({ run, env }) {
      const page = await run.user('owner')
      people.owner.page = page
      await run.step('sign-up page', async () => {
        await page.goto('/signup')
        await fill(page, 'signup-company', company.name)
        await fill(page, 'signup-slug', company.slug)
        await fill(page, 'signup-name', people.owner.name)
        await fill(page, 'signup-email', people.owner.email)
        await fill(page, 'signup-password', PASSWORD)
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
          const link = linkIn(mail, '/accept-invitation')
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
]
