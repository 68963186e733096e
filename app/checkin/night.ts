/**
 * An event's door night: when the door may admit, and when a door device must wipe tonight's list.
 * Plain TypeScript (luxon only), so the door screen can compute the same instants.
 */
import { DateTime } from 'luxon'

const ZONE = 'Europe/London'
/** The night ends at five in the morning (London) after the event has ended, with an hour's grace. */
const NIGHT_ENDS_AT_HOUR = 5

export type DoorNight = {
  /** Earliest instant a queued offline scan may carry: the London midnight before the event (or six hours before, if earlier). */
  opensAt: number
  /** The end of the event's night: admissions and undos stop, door devices wipe their list. */
  wipeAfter: number
}

export function doorNight(event: { startsAt: number; endsAt: number }): DoorNight {
  const startOfDay = DateTime.fromMillis(event.startsAt, { zone: ZONE }).startOf('day').toMillis()
  const afterEnd = DateTime.fromMillis(event.endsAt + 3_600_000, { zone: ZONE })
  let end = afterEnd.set({ hour: NIGHT_ENDS_AT_HOUR, minute: 0, second: 0, millisecond: 0 })
  if (end <= afterEnd) end = end.plus({ days: 1 })
  return { opensAt: Math.min(startOfDay, event.startsAt - 6 * 3_600_000), wipeAfter: end.toMillis() }
}
