// The built-in workflow templates' texts in the UI's language (the API
// gives each in Chinese and in English).
type Texts = { name: string; nameEn: string; description: string; descriptionEn: string }

/** A template's name and description for `locale`. */
export function templateText(x: Texts, locale: string): { name: string; description: string } {
  const en = locale === 'en'
  return { name: en && x.nameEn ? x.nameEn : x.name, description: en && x.descriptionEn ? x.descriptionEn : x.description }
}
