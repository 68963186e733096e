/**
 * London wall-clock times typed by staff ⇄ stored instants (UTC milliseconds).
 *
 * Luxon alone would silently move a time that does not exist (01:30 on the last Sunday of March)
 * to 02:30, and would pick the *second* (GMT) occurrence of an ambiguous time (01:30 on the last
 * Sunday of October). We refuse the first and pick the first occurrence (BST) of the second,
 * because an evening that runs past 01:00 on that night is far more likely to be meant in the
 * summer time that was in force when it started.
 */
import { DateTime } from 'luxon'

export const CLUB_ZONE = 'Europe/London'

export type LocalParse =
  | { ok: true; ms: number; ambiguous: boolean }
  | { ok: false; error: 'invalid' | 'nonexistent' }

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/

export function parseLondonLocal(date: string, time: string): LocalParse {
  const d = DATE_RE.exec(date.trim())
  const t = TIME_RE.exec(time.trim())
  if (!d || !t) return { ok: false, error: 'invalid' }
  const wall = { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]) }
  const asUtc = DateTime.fromObject(wall, { zone: 'utc' })
  if (!asUtc.isValid || asUtc.year < 2000 || asUtc.year > 2100) return { ok: false, error: 'invalid' }
  // Every offset London uses around that day; keep those under which the wall-clock time really occurs.
  const offsets = new Set<number>()
  for (const hours of [-36, -12, 0, 12, 36]) {
    offsets.add(DateTime.fromMillis(asUtc.toMillis() + hours * 3_600_000, { zone: CLUB_ZONE }).offset)
  }
  const candidates: number[] = []
  for (const offset of offsets) {
    const ms = asUtc.toMillis() - offset * 60_000
    const back = DateTime.fromMillis(ms, { zone: CLUB_ZONE })
    if (back.year === wall.year && back.month === wall.month && back.day === wall.day && back.hour === wall.hour && back.minute === wall.minute) {
      candidates.push(ms)
    }
  }
  if (candidates.length === 0) return { ok: false, error: 'nonexistent' }
  candidates.sort((a, b) => a - b)
  // Ambiguous (October): the first occurrence, in BST.
  return { ok: true, ms: candidates[0]!, ambiguous: candidates.length > 1 }
}

/** The instant as London wall-clock fields, for the staff form. */
export function toLondonLocal(ms: number): { date: string; time: string } {
  const dt = DateTime.fromMillis(ms, { zone: CLUB_ZONE })
  return { date: dt.toFormat('yyyy-LL-dd'), time: dt.toFormat('HH:mm') }
}

/** "2026-12" of an instant in London. */
export function londonMonthKey(ms: number): string {
  return DateTime.fromMillis(ms, { zone: CLUB_ZONE }).toFormat('yyyy-LL')
}

/** "2026-12-03" of an instant in London. */
export function londonDayKey(ms: number): string {
  return DateTime.fromMillis(ms, { zone: CLUB_ZONE }).toFormat('yyyy-LL-dd')
}

/** The first instant of a London month, and of the next one. null for a malformed key. */
export function londonMonthRange(key: string): MonthRange | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return null
  // Remembered: luxon's zone arithmetic is slow, and /events asks for the same month several times.
  // At most 1,212 months pass the check above.
  let range = monthRanges.get(key)
  if (!range) {
    const start = DateTime.fromObject({ year, month, day: 1 }, { zone: CLUB_ZONE })
    range = Object.freeze({ start: start.toMillis(), end: start.plus({ months: 1 }).toMillis(), year, month })
    monthRanges.set(key, range)
  }
  return range
}
type MonthRange = Readonly<{ start: number; end: number; year: number; month: number }>
const monthRanges = new Map<string, MonthRange>()

export function shiftMonthKey(key: string, months: number): string {
  const [y, m] = key.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}
