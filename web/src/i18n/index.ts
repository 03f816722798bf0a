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

const messages: Record<string, Messages> = {
  'zh-CN': collect(import.meta.glob('./zh-CN/*.ts', { eager: true })),
  en: collect(import.meta.glob('./en/*.ts', { eager: true })),
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
})

/** Switch the UI language and remember it in this browser. */
export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}
document.documentElement.lang = i18n.global.locale.value
