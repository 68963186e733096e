/** Dates in the club's zone and money, formatted the way each language writes them. */
import { DateTime } from 'luxon'
import type { Locale } from './locale'

export const CLUB_ZONE = 'Europe/London'

const intlLocale: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU' }

export function clubTime(ms: number, locale: Locale) {
  return DateTime.fromMillis(ms, { zone: CLUB_ZONE }).setLocale(intlLocale[locale])
}

/** "Tuesday 10 November 2026" / "вторник, 10 ноября 2026 г." */
export function formatDate(ms: number, locale: Locale) {
  return clubTime(ms, locale).toLocaleString({
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
}

/** "10 Nov, 19:00" / "10 нояб., 19:00" */
export function formatShortDateTime(ms: number, locale: Locale) {
  return clubTime(ms, locale).toLocaleString({
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
}

/** "19:00" */
export function formatTime(ms: number, locale: Locale) {
  return clubTime(ms, locale).toLocaleString({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
}

/** "GMT" in winter, "BST" in summer: shown beside times so visitors abroad are not misled. */
export function formatZone(ms: number) {
  // The British abbreviations, whatever the reader's language: they are what the venue's clocks say.
  return DateTime.fromMillis(ms, { zone: CLUB_ZONE }).setLocale('en-GB').toFormat('ZZZZ')
}

/** "10 November, 19:00 GMT" / "10 ноября, 19:00 GMT" */
export function formatDateTimeWithZone(ms: number, locale: Locale) {
  const t = clubTime(ms, locale)
  const day = t.toLocaleString({ day: 'numeric', month: 'long' })
  return `${day}, ${formatTime(ms, locale)} ${formatZone(ms)}`
}

/** £12.00 / 12,00 £; free tickets are shown by the caller in words. */
export function formatMoney(minorUnits: number, currency: string, locale: Locale) {
  return moneyFormat(locale, currency).format(minorUnits / 100)
}

// Making an Intl.NumberFormat costs far more than using one (a third of an event page's own time).
const moneyFormats = new Map<string, Intl.NumberFormat>()
function moneyFormat(locale: Locale, currency: string) {
  const key = `${locale}:${currency}`
  let format = moneyFormats.get(key)
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency })))
  return format
}
