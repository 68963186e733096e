/** Which language a URL is in: English at the root, Russian under /ru. */
import { LOCALES, type Locale } from '#db/schema'

export { LOCALES, type Locale }
export const DEFAULT_LOCALE: Locale = 'en'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/**
 * The `($lang)` segment of a route: undefined means English; "ru" means Russian; anything else is
 * not a page of ours (null), and the caller answers 404.
 */
export function localeFromParam(lang: string | undefined): Locale | null {
  if (lang === undefined) return 'en'
  if (lang === 'ru') return 'ru'
  return null
}

/** `/events` in the given language: `/events` or `/ru/events`. */
export function localePath(locale: Locale, path: string) {
  const clean = path.startsWith('/') ? path : `/${path}`
  if (locale === 'en') return clean
  return clean === '/' ? '/ru' : `/ru${clean}`
}

/** The same page in another language, e.g. for the language switch. Keeps the query string. */
export function switchLocalePath(pathname: string, search: string, to: Locale) {
  const bare = pathname === '/ru' ? '/' : pathname.startsWith('/ru/') ? pathname.slice(3) : pathname
  return localePath(to, bare) + search
}

/** The locale a path is in, for places that have no route params (the 404 of an unmatched URL). */
export function localeFromPathname(pathname: string): Locale {
  return pathname === '/ru' || pathname.startsWith('/ru/') ? 'ru' : 'en'
}
