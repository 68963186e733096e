/** London wall-clock time for datetime-local inputs: the same on the server and in the browser. */
import { DateTime } from 'luxon'
import { CLUB_ZONE } from '~/i18n/format'

export function toLondonInput(ms: number | null) {
  return ms === null ? '' : DateTime.fromMillis(ms, { zone: CLUB_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm")
}
