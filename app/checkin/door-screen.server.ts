/**
 * What the door screen's page needs from the server before any scan: the event, its ticket types
 * (for sales at the door) and the key that tells our codes from forged ones. Names and codes never
 * travel with the page: tonight's list comes from the door API's snapshot, to the device's IndexedDB.
 */
import { pick } from '~/calendar/events.server'
import { activeTicketTypes } from '~/ticketing/availability.server'
import type { Locale } from '~/i18n/locale'
import { events } from '#db/schema'
import type { DbOrTx } from '#db/client.server'
import { eq } from 'drizzle-orm'
import { doorPublicKey } from './signed-codes.server'

export type DoorScreenEvent = {
  id: number
  title: string
  startsAt: number
  endsAt: number
  types: { id: number; name: string; pricePence: number; currency: string }[]
  publicKey: string
}

export function doorScreenEvent(db: DbOrTx, eventId: number, locale: Locale): DoorScreenEvent | null {
  const event = db
    .select({ id: events.id, titleEn: events.titleEn, titleRu: events.titleRu, startsAt: events.startsAt, endsAt: events.endsAt, status: events.status })
    .from(events)
    .where(eq(events.id, eventId))
    .get()
  // Drafts have no tickets and no door.
  if (!event || event.status === 'draft') return null
  return {
    id: event.id,
    title: pick(locale, event.titleEn, event.titleRu),
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    types: activeTicketTypes(db, eventId).map((t) => ({ id: t.id, name: pick(locale, t.nameEn, t.nameRu), pricePence: t.pricePence, currency: t.currency })),
    publicKey: doorPublicKey(),
  }
}
