/** schema.org Event for an event page. Built from PublicEvent, so a hidden address is not even there to leak. */
import { DateTime } from 'luxon'
import type { Locale } from '#db/schema'
import { localePath } from '~/i18n/locale'
import type { PublicEvent } from './events.server'
import { markdownToText } from './markdown.server'
import { CLUB_ZONE } from './time'

const AVAILABILITY: Record<PublicEvent['ticketTypes'][number]['state'], string> = {
  on_sale: 'https://schema.org/InStock',
  few_left: 'https://schema.org/LimitedAvailability',
  sold_out: 'https://schema.org/SoldOut',
  not_yet: 'https://schema.org/PreOrder',
  closed: 'https://schema.org/Discontinued',
}

export function eventJsonLd(e: PublicEvent, publicUrl: string, locale: Locale, clubName: string, londonLabel: string) {
  const url = `${publicUrl}${localePath(locale, `/events/${e.slug}`)}`
  const london = { '@type': 'PostalAddress', addressLocality: 'London', addressCountry: 'GB' }
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: e.title,
    description: e.summary || markdownToText(e.description).slice(0, 500),
    url,
    startDate: DateTime.fromMillis(e.startsAt, { zone: CLUB_ZONE }).toISO(),
    endDate: DateTime.fromMillis(e.endsAt, { zone: CLUB_ZONE }).toISO(),
    eventStatus: e.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    inLanguage: e.language === 'both' ? ['ru', 'en'] : e.language,
    location: e.place
      ? { '@type': 'Place', name: e.place.name, address: { ...london, streetAddress: e.place.address } }
      : { '@type': 'Place', name: londonLabel, address: london },
    performer: e.speakers.map((s) => ({
      '@type': 'Person',
      name: s.name,
      url: `${publicUrl}${localePath(locale, `/speakers/${s.slug}`)}`,
      ...(s.photoUrl ? { image: `${publicUrl}${s.photoUrl}` } : {}),
    })),
    organizer: { '@type': 'Organization', name: clubName, url: `${publicUrl}${localePath(locale, '/')}` },
    offers: e.ticketTypes.map((t) => ({
      '@type': 'Offer',
      name: t.name,
      price: (t.pricePence / 100).toFixed(2),
      priceCurrency: t.currency,
      availability: AVAILABILITY[t.state],
      // The booking page only for what can still be booked.
      ...(t.state !== 'closed' && e.status !== 'cancelled' ? { url: `${publicUrl}${localePath(locale, `/events/${e.slug}/book`)}` } : {}),
      ...(t.salesStartAt ? { validFrom: new Date(t.salesStartAt).toISOString() } : {}),
      ...(t.membersOnly ? { eligibleCustomerType: 'Member' } : {}),
    })),
    ...(e.speakers[0]?.photoUrl ? { image: [`${publicUrl}${e.speakers[0].photoUrl}`] } : {}),
  }
}
