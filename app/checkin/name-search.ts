/**
 * Forgiving name search across alphabets, for the door: "Ivanova", "ivanova anna", "Иванова" and
 * "Ivanova, Anna" all find Анна Иванова. SQLite's LIKE folds ASCII only, and people spell Russian
 * names in Latin letters in several ways (Yulia / Julia / Iuliia, Khodorkovsky / Hodorkovskij), so
 * both the name and the query become the same rough Latin *key*, and the match is made on keys.
 *
 * The key is deliberately lossy: Cyrillic is transliterated, then the spellings that the common
 * schemes (BGN/PCGN, ISO 9 / passport, German-style) disagree on are folded to one letter
 * (kh/h/x → h, ts/tz/c → c, y/j/i → i, shch/sch/sh → s …). A few unrelated names may collide; at the
 * door that costs a glance at a list, while a missed name costs a person in the rain.
 *
 * Plain TypeScript without server imports: the door screen can use the same function offline.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian and Belarusian letters that appear in names at the club.
  і: 'i', ї: 'i', є: 'e', ґ: 'g', ў: 'u',
}

/** Latin spellings the transliteration schemes disagree on, longest first, each folded to one form. */
const FOLDS: [RegExp, string][] = [
  [/shch|sch|sh/g, 's'],
  [/zh/g, 'z'],
  [/kh|ch/g, 'h'],
  [/ts|tz|tc/g, 'c'],
  [/ks|x/g, 'h'],
  [/ph/g, 'f'],
  [/w/g, 'v'],
  [/q/g, 'k'],
  [/ck/g, 'k'],
  [/[yj]/g, 'i'],
  // Doubled letters (Anna / Ana, Iuliia / Iulia, -skii / -ski).
  [/(.)\1+/g, '$1'],
  // Iotated vowels after the y/j/i above: Yulia, Julia, Iuliia and Юлия all become "ula".
  [/i([uaoe])/g, '$1'],
]

/** A word's key: lower case, Latin, accents gone, transliteration spellings folded. */
function wordKey(word: string): string {
  let s = ''
  for (const ch of word) s += CYRILLIC[ch] ?? ch
  s = s.normalize('NFKD').replace(/[^a-z0-9]/g, '')
  for (const [re, to] of FOLDS) s = s.replace(re, to)
  return s
}

/** The keys of a name or a query, one per word ("Анна-Мария Иванова" → anna, maria, ivanova as keys). */
export function nameKeys(text: string): string[] {
  return text
    .toLocaleLowerCase('ru')
    .split(/[\s,.;:'"’()\-_/]+/u)
    .map(wordKey)
    .filter((k) => k.length > 0)
}

/**
 * Does the query find this name? Every word of the query must begin some word of the name, in any
 * order ("Ivanova Anna" finds "Анна Иванова"; "Iva" finds it too; "Petrova" does not).
 */
export function nameMatches(queryKeys: readonly string[], name: string | readonly string[]): boolean {
  if (queryKeys.length === 0) return false
  const keys = typeof name === 'string' ? nameKeys(name) : name
  return queryKeys.every((q) => keys.some((k) => k.startsWith(q)))
}
