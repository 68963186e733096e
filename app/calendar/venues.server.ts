/** Venues: staff-managed places. Their addresses leave the server only through events.server's rules. */
import { and, asc, eq, ne } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.server'
import { auditLog, venues } from '#db/schema'

export function listVenues(db: DbOrTx) {
  return db.select().from(venues).orderBy(asc(venues.nameEn)).all()
}

export function getVenue(db: DbOrTx, id: number) {
  return db.select().from(venues).where(eq(venues.id, id)).get() ?? null
}

export type VenueInput = {
  slug: string
  nameEn: string
  nameRu: string
  addressEn: string
  addressRu: string
  directionsEn: string
  directionsRu: string
}

export class VenueSlugTakenError extends Error {}

export function isVenueSlugTaken(db: DbOrTx, slug: string, exceptId: number | null) {
  return (
    db
      .select({ id: venues.id })
      .from(venues)
      .where(exceptId === null ? eq(venues.slug, slug) : and(eq(venues.slug, slug), ne(venues.id, exceptId)))
      .get() !== undefined
  )
}

export function saveVenue(db: Db, id: number | null, input: VenueInput, actorUserId: number | null, now = Date.now()) {
  return db.transaction(
    (tx) => {
      if (isVenueSlugTaken(tx, input.slug, id)) throw new VenueSlugTakenError('slug taken')
      let venueId: number
      if (id === null) {
        venueId = tx.insert(venues).values({ ...input, createdAt: now, updatedAt: now }).returning({ id: venues.id }).get().id
      } else {
        const r = tx.update(venues).set({ ...input, updatedAt: now }).where(eq(venues.id, id)).run()
        if (r.changes === 0) throw new Error('venue not found')
        venueId = id
      }
      tx.insert(auditLog)
        .values({ at: now, actorUserId, action: id === null ? 'venue.created' : 'venue.updated', subjectType: 'venue', subjectId: String(venueId) })
        .run()
      return venueId
    },
    { behavior: 'immediate' },
  )
}
