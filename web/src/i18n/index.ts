import { createI18n } from 'vue-i18n'

// Messages live in one file per area and language (`zh-CN/customers.ts`,
// `en/customers.ts` …); each file's default export becomes the namespace of
// its name: `t('customers.title')`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Messages = Record<string, any>
function collect(files: Record<string, { default: Messages }>): Messages {
  const out: Messages = {}
  for (const [path, mod] of Object.entries(files)) {
    const name = path.replace(/^.*\//, '').replace(/\.ts$/, '')
    out[name] = mod.default
  }
  return out
}

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

const STORAGE_KEY = 'gx.locale'

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY)
  if (saved === 'en' || saved === 'zh-CN') return saved
  // Chinese first: English only when the browser asks for nothing Chinese.
  const langs = navigator.languages ?? [navigator.language]
  return langs.some((l) => l.toLowerCase().startsWith('zh')) || langs.length === 0 ? 'zh-CN' : langs[0].toLowerCase().startsWith('en') ? 'en' : 'zh-CN'
}

// Chinese, the default and the fallback, is part of the main chunk; English
// is its own chunk, loaded when someone chooses it (the first screen then
// parses half the messages).
const english = import.meta.glob<{ default: Messages }>('./en/*.ts')
const messages: Record<string, Messages> = {
  'zh-CN': collect(import.meta.glob('./zh-CN/*.ts', { eager: true })),
}

export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
})

async function ensureMessages(locale: Locale) {
  if (locale === 'zh-CN' || i18n.global.availableLocales.includes(locale)) return
  const files = await Promise.all(Object.entries(english).map(async ([path, load]) => [path, await load()] as const))
  i18n.global.setLocaleMessage(locale, collect(Object.fromEntries(files)))
}

function apply(locale: Locale) {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}

/** Switch the UI language (loading its messages first) and remember it in
 * this browser. */
export async function setLocale(locale: Locale) {
  localStorage.setItem(STORAGE_KEY, locale)
  await ensureMessages(locale)
  apply(locale)
}

/** Load the language this browser uses; the app mounts once it is in. */
export async function initLocale() {
  const locale = initialLocale()
  try {
    await ensureMessages(locale)
    apply(locale)
  } catch {
    // The chunk could not load (offline): Chinese is always there.
    apply('zh-CN')
  }
}
