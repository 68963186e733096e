/**
 * Text helpers for slugs. Search normalisation lives in `~/search/text` (shared with staff's people
 * search and the door); `searchSkeleton` is its `searchKey`, re-exported for the calendar's callers.
 */
import { transliterate } from '~/search/text'

export { transliterate, searchKey as searchSkeleton } from '~/search/text'

/** A URL slug from any title, Cyrillic included: "Кострома: 13 сентября" → "kostroma-13-sentyabrya". */
export function slugify(input: string): string {
  return transliterate(input.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '')
}

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
