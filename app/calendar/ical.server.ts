/**
 * iCalendar files (RFC 5545) made with ical-generator: one per event and a feed of every public
 * event. Times are written as London wall-clock times with TZID=Europe/London and a VTIMEZONE
 * that states the UK rules, so an event on the night the clocks change keeps its time in every
 * calendar. UIDs come from the event's internal id, which never changes, even if the slug did.
 * Hidden addresses: the feed events arrive here without their venue (events.server withholds it).
 */
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator'
import { DateTime } from 'luxon'
import type { Locale } from '#db/schema'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { pick, type FeedEvent } from './events.server'
import { markdownToText } from './markdown.server'
import { CLUB_ZONE } from './time'

/** The UK's rules since 1996 (last Sunday of March 01:00 UTC, last Sunday of October 01:00 UTC). */
export const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'X-LIC-LOCATION:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n')

export function eventUid(eventId: number) {
  return `event-${eventId}@open-russia-club`
}

function newCalendar(name: string, publicUrl: string, locale: Locale): ICalCalendar {
  return ical({
    name,
    prodId: { company: 'Open Russia Club', product: 'Calendar', language: locale.toUpperCase() },
    url: `${publicUrl}${localePath(locale, '/events')}`,
    timezone: { name: CLUB_ZONE, generator: (tz) => (tz === CLUB_ZONE ? LONDON_VTIMEZONE : null) },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  })
}

function addEvent(cal: ICalCalendar, e: FeedEvent, publicUrl: string, locale: Locale) {
  const t = getT(locale, 'calendar')
  const url = `${publicUrl}${localePath(locale, `/events/${e.slug}`)}`
  const location = e.addressHidden
    ? t('place.hiddenShort')
    : e.venue
      ? `${pick(locale, e.venue.nameEn, e.venue.nameRu)}, ${pick(locale, e.venue.addressEn, e.venue.addressRu)}`
      : null
  const description = [pick(locale, e.summaryEn, e.summaryRu), markdownToText(pick(locale, e.descriptionEn, e.descriptionRu)), url]
    .filter(Boolean)
    .join('\n\n')
  cal.createEvent({
    id: eventUid(e.id),
    start: DateTime.fromMillis(e.startsAt, { zone: CLUB_ZONE }),
    end: DateTime.fromMillis(e.endsAt, { zone: CLUB_ZONE }),
    timezone: CLUB_ZONE,
    stamp: DateTime.fromMillis(e.updatedAt, { zone: 'utc' }),
    lastModified: DateTime.fromMillis(e.updatedAt, { zone: 'utc' }),
    // Seconds of the last change: grows with every edit, as calendar clients expect.
    sequence: Math.floor(e.updatedAt / 1000) - 1_600_000_000,
    summary: (e.status === 'cancelled' ? `${t('state.cancelled')}: ` : '') + pick(locale, e.titleEn, e.titleRu),
    description,
    location,
    url,
    status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  })
}

export function eventIcs(e: FeedEvent, publicUrl: string, locale: Locale): string {
  const cal = newCalendar(pick(locale, e.titleEn, e.titleRu), publicUrl, locale)
  addEvent(cal, e, publicUrl, locale)
  return cal.toString()
}

export function feedIcs(list: FeedEvent[], publicUrl: string, locale: Locale): string {
  const t = getT(locale, 'calendar')
  const cal = newCalendar(t('feed.name'), publicUrl, locale)
  cal.description(t('feed.description'))
  for (const e of list) addEvent(cal, e, publicUrl, locale)
  return cal.toString()
}
