/**
 * Search normalisation shared by the calendar, staff's people search and (later) the door's name
 * lookup. "Архипов", "Arkhipov" and "Arhipov" must meet, and "Мария" must find "Maria Member":
 * texts and queries alike are reduced to a Latin search key (transliterated, lower-cased, the usual
 * transliteration variants folded together), and a query matches when each of its terms starts a
 * word of the key.
 *
 * Why word starts and not any substring, and why one-letter terms are dropped: the folding makes
 * short keys out of gibberish ("qqqq" → "k" before, "zzzzqqq" → "zk"), and a one- or two-letter
 * substring is somewhere in every event's description, so gibberish used to return the whole
 * calendar. Now only runs of exactly two equal letters fold (a spelling variant: "Kassil"/"Kasil");
 * longer runs are kept and so match no word; a term has to start a word; and one-letter words are
 * dropped from a query, so a query of nothing else matches nothing.
 *
 * SQL-friendly: `searchKey` is deterministic and cheap, so a table can keep a `search_key` column
 * written with the row (` ${searchKey(name)} `, padded with spaces) and filter with
 * `like '% ' || term || '%'` for each term of `queryTerms(query)`.
 *
 *   nameMatches('Мария', 'Maria Member')   // true
 *   nameMatches('arhipov', 'Глеб Архипов') // true
 *   nameMatches('zz', 'Zz Top')            // false: no term long enough
 */

const CYR: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'i', є: 'e', ґ: 'g',
}

/** Cyrillic → Latin (a readable, BGN-like scheme), everything else kept; lower-cased. */
export function transliterate(input: string): string {
  let out = ''
  for (const ch of input.toLowerCase()) out += CYR[ch] ?? ch
  return out
}

/** The search key of a text: Latin letters and digits only, variants folded, words separated by one space. */
export function searchKey(input: string): string {
  let s = transliterate(input.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
  s = s.replace(/[^a-z0-9]+/g, ' ')
  s = s
    .replace(/shch/g, 's')
    .replace(/sch/g, 's')
    .replace(/kh/g, 'h')
    .replace(/zh/g, 'z')
    .replace(/ts|tz|cz/g, 'c')
    .replace(/ch/g, 'c')
    .replace(/sh/g, 's')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/ph/g, 'f')
    .replace(/q/g, 'k')
    .replace(/[yj]/g, 'i')
    .replace(/ck/g, 'k')
    // A doubled letter is a spelling variant; three or more alike are not a word in either language.
    .replace(/([a-z])\1+/g, (run, ch: string) => (run.length === 2 ? ch : run))
  return s.replace(/\s+/g, ' ').trim()
}

/** Terms shorter than this are dropped from a query: one letter starts too many words to mean anything. */
export const MIN_TERM_LENGTH = 2

/**
 * The terms of a query that can match, as search keys. A word of one letter ("x", "q", "ж") is
 * dropped before it is keyed (transliteration can lengthen it: "x" → "ks"), and so is a word whose
 * key comes out shorter than MIN_TERM_LENGTH ("zz" → "z"). Empty: the query matches nothing.
 */
export function queryTerms(query: string): string[] {
  return query
    .slice(0, 200)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => [...word].length >= MIN_TERM_LENGTH)
    .flatMap((word) => searchKey(word).split(' '))
    .filter((term) => term.length >= MIN_TERM_LENGTH)
}

/** Whether every term starts a word of `key` (a `searchKey`). No terms: no match. */
export function keyMatches(key: string, terms: readonly string[]): boolean {
  if (terms.length === 0) return false
  const padded = ` ${key}`
  return terms.every((term) => padded.includes(` ${term}`))
}

/** Whether a person's name (in either alphabet) answers a query typed in either alphabet. */
export function nameMatches(query: string, name: string): boolean {
  return keyMatches(searchKey(name), queryTerms(query))
}
