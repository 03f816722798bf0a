// Matching as Chinese users type: characters, full pinyin or initials.
import PinyinMatch from 'pinyin-match'

/** Whether `text` matches what the user typed (王小明: 王, wang, wxm, xiaoming). */
export function pinyinMatches(text: string | null | undefined, typed: string): boolean {
  if (!typed) return true
  if (!text) return false
  return PinyinMatch.match(text, typed) !== false || text.toLowerCase().includes(typed.toLowerCase())
}
