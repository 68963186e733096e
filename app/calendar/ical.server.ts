/**
 * iCalendar files (RFC 5545) made with ical-generator: one per event and a feed of every public
 * event. Times are written as UTC instants (DTSTART:…Z). We tried London wall-clock times with
 * TZID=Europe/London and a VTIMEZONE, but wall-clock text has two traps: 01:00–01:59 on the October
 * night happens twice (RFC 5545 says "the first", some parsers take the second), and node-ical on
 * Node 20 misreads local times between 00:00 and 01:00. A UTC instant cannot be misread: every
 * calendar converts it back to the right London time, the nights the clocks change included
 * (tests/calendar.test.ts proves it with node-ical). X-WR-TIMEZONE tells calendar apps which zone
 * to show the feed in. UIDs come from the event's internal id, which never changes, even if the
 * slug did. Hidden addresses: the feed events arrive here without their venue (events.server
 * withholds it).
 */
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator'
import { DateTime } from 'luxon'
import type { Locale } from '#db/schema'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { pick, type FeedEvent } from './events.server'
import { markdownToText } from './markdown.server'
import { CLUB_ZONE } from './time'

/**
 * The calendar as text. RFC 5545 ends every content line, the last one included, with CRLF;
 * ical-generator leaves the final END:VCALENDAR without one, which strict parsers reject.
 */
export function icsString(cal: ICalCalendar): string {
  const text = cal.toString()
  return text.endsWith('\r\n') ? text : `${text}\r\n`
}

export function eventUid(eventId: number) {
  return `event-${eventId}@open-russia-club`
}

function newCalendar(name: string, publicUrl: string, locale: Locale): ICalCalendar {
  return ical({
    name,
    prodId: { company: 'Open Russia Club', product: 'Calendar', language: locale.toUpperCase() },
    url: `${publicUrl}${localePath(locale, '/events')}`,
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
    x: [['X-WR-TIMEZONE', CLUB_ZONE]],
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
    start: DateTime.fromMillis(e.startsAt, { zone: 'utc' }),
    end: DateTime.fromMillis(e.endsAt, { zone: 'utc' }),
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
  return icsString(cal)
}

export function feedIcs(list: FeedEvent[], publicUrl: string, locale: Locale): string {
  const t = getT(locale, 'calendar')
  const cal = newCalendar(t('feed.name'), publicUrl, locale)
  cal.description(t('feed.description'))
  for (const e of list) addEvent(cal, e, publicUrl, locale)
  return icsString(cal)
}
