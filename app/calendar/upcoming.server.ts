/** The next published events, for the home page. */
import { and, asc, count, eq, gte } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { events } from '#db/schema'

export function listUpcomingEvents(db: DbOrTx, { now = Date.now(), limit = 6 } = {}) {
  return db
    .select({
      slug: events.slug,
      kind: events.kind,
      titleEn: events.titleEn,
      titleRu: events.titleRu,
      summaryEn: events.summaryEn,
      summaryRu: events.summaryRu,
      startsAt: events.startsAt,
    })
    .from(events)
    // An event stays "upcoming" until it ends, so tonight's talk is still on the home page at 19:30.
    .where(and(eq(events.status, 'published'), gte(events.endsAt, now)))
    .orderBy(asc(events.startsAt))
    .limit(limit)
    .all()
}

export function countUpcomingEvents(db: DbOrTx, now = Date.now()) {
  return db
    .select({ n: count() })
    .from(events)
    .where(and(eq(events.status, 'published'), gte(events.endsAt, now)))
    .get()!.n
}
