/**
 * Text helpers for search and slugs. Search must find "Архипов", "Arkhipov" and "Arhipov" alike:
 * both the text and the query are reduced to a rough Latin "skeleton" (transliterated, lower-cased,
 * with the usual transliteration variants folded together), and matched as substrings.
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
export function searchSkeleton(input: string): string {
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
    .replace(/([a-z])\1+/g, '$1')
  return s.replace(/\s+/g, ' ').trim()
}

/** A URL slug from any title, Cyrillic included: "Кострома: 13 сентября" → "kostroma-13-sentyabrya". */
export function slugify(input: string): string {
  return transliterate(input.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '')
}

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
