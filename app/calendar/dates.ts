/**
 * Fast London-time formatting for lists. Same output as ~/i18n/format (both are Intl underneath),
 * but each Intl.DateTimeFormat is built once and reused: building one costs ~50–200 µs, and a month
 * of the calendar formats hundreds of times per render (server and browser).
 */
import type { Locale } from '~/i18n/locale'

const ZONE = 'Europe/London'
const INTL: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU' }
const cache = new Map<string, Intl.DateTimeFormat>()

function fmt(key: string, locale: string, options: Intl.DateTimeFormatOptions) {
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: ZONE, ...options })
    cache.set(key, f)
  }
  return f
}

/** "19:00" */
export function fastTime(ms: number, locale: Locale) {
  return fmt(`time-${locale}`, INTL[locale], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)
}

/** "GMT" / "BST", the British abbreviations in every language (what the venue's clocks say). */
const zoneByHour = new Map<number, string>()
export function fastZone(ms: number) {
  // The zone changes only on the hour: remember it per hour (a calendar shows few distinct hours).
  const hour = Math.floor(ms / 3_600_000)
  let zone = zoneByHour.get(hour)
  if (!zone) {
    const parts = fmt('zone', 'en-GB', { timeZoneName: 'short' }).formatToParts(ms)
    zone = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
    if (zoneByHour.size > 50_000) zoneByHour.clear()
    zoneByHour.set(hour, zone)
  }
  return zone
}

/** "Monday, 7 December 2026" / "понедельник, 7 декабря 2026 г." */
export function fastDate(ms: number, locale: Locale) {
  return fmt(`date-${locale}`, INTL[locale], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(ms)
}

/** "7 December" / "7 декабря" */
export function fastDayMonth(ms: number, locale: Locale) {
  return fmt(`daymonth-${locale}`, INTL[locale], { day: 'numeric', month: 'long' }).format(ms)
}

/** "2026-12-07", the London calendar day. */
export function fastDayKey(ms: number) {
  return fmt('daykey', 'en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)
}

/** "19:00–21:00 GMT"; on the night the clocks change, each end with its own zone: "01:30 BST–02:30 GMT". */
export function fastTimeRange(startsAt: number, endsAt: number, locale: Locale) {
  const zs = fastZone(startsAt)
  const ze = fastZone(endsAt)
  return zs === ze
    ? `${fastTime(startsAt, locale)}–${fastTime(endsAt, locale)} ${zs}`
    : `${fastTime(startsAt, locale)} ${zs}–${fastTime(endsAt, locale)} ${ze}`
}

/** "December 2026" / "декабрь 2026 г." for a "2026-12" key. */
export function fastMonthName(year: number, month: number, locale: Locale) {
  return fmt(`month-${locale}`, INTL[locale], { month: 'long', year: 'numeric' }).format(Date.UTC(year, month - 1, 15, 12))
}

const weekdayCache = new Map<Locale, string[]>()
/** Short weekday names, Monday first. */
export function weekdayNames(locale: Locale): string[] {
  let names = weekdayCache.get(locale)
  if (!names) {
    const f = new Intl.DateTimeFormat(INTL[locale], { weekday: 'short', timeZone: 'UTC' })
    // 2024-01-01 was a Monday.
    names = Array.from({ length: 7 }, (_, i) => f.format(Date.UTC(2024, 0, 1 + i, 12)))
    weekdayCache.set(locale, names)
  }
  return names
}

/** The grid of a month: blanks before the 1st (weeks start on Monday) and the number of days. */
export function monthShape(year: number, month: number) {
  const firstWeekday = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { lead: firstWeekday, days }
}
