/**
 * How many seats are left. A seat is taken by a paid order, or by a pending order whose hold has
 * not expired: an expired hold gives its seats back the moment it expires, whether or not a sweep
 * has marked it yet. This is the one definition; the booking transaction and the public pages both
 * use it, so what the calendar shows is what booking enforces.
 *
 * The booking rush runs this inside every hold's transaction, so the count is one prepared
 * statement (cached per connection) over the event's orders, through the (event_id, status) index.
 */
import type Database from 'better-sqlite3'
import { and, eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { events, ticketTypes } from '#db/schema'

/** Statuses whose seats are taken for good (until refunded); pending ones only until they expire. */
export const HOLDING_STATUSES = ['paid', 'partially_refunded'] as const

const TAKEN_SQL = `
  select oi.ticket_type_id as ticketTypeId, sum(oi.quantity) as taken
  from orders o join order_items oi on oi.order_id = o.id
  where o.event_id = ? and (o.status in ('paid', 'partially_refunded') or (o.status = 'pending' and o.expires_at > ?))
  group by oi.ticket_type_id`

const statements = new WeakMap<Database.Database, Database.Statement<[number, number], { ticketTypeId: number; taken: number }>>()

function clientOf(db: DbOrTx): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client
}

/** Seats taken per ticket type of one event. */
export function seatsTakenByType(db: DbOrTx, eventId: number, now = Date.now()): Map<number, number> {
  const client = clientOf(db)
  let stmt = statements.get(client)
  if (!stmt) {
    stmt = client.prepare(TAKEN_SQL)
    statements.set(client, stmt)
  }
  return new Map(stmt.all(eventId, now).map((r) => [r.ticketTypeId, Number(r.taken)]))
}

export type TypeAvailability = {
  ticketTypeId: number
  quota: number
  taken: number
  /** What can still be booked of this type: limited by its quota and by the event's capacity. */
  remaining: number
  onSale: 'on_sale' | 'not_yet' | 'closed'
}

export type EventAvailability = {
  capacity: number
  taken: number
  remaining: number
  types: TypeAvailability[]
}

type TypeRow = Pick<typeof ticketTypes.$inferSelect, 'id' | 'quota' | 'salesStartAt' | 'salesEndAt'>

/** The computation itself, for callers that already hold the event's rows (the hold transaction). */
export function availabilityOf(
  db: DbOrTx,
  event: { id: number; capacity: number },
  types: TypeRow[],
  now = Date.now(),
): EventAvailability {
  const taken = seatsTakenByType(db, event.id, now)
  const total = [...taken.values()].reduce((a, b) => a + b, 0)
  const eventRemaining = Math.max(0, event.capacity - total)
  return {
    capacity: event.capacity,
    taken: total,
    remaining: eventRemaining,
    types: types.map((t) => {
      const typeTaken = taken.get(t.id) ?? 0
      return {
        ticketTypeId: t.id,
        quota: t.quota,
        taken: typeTaken,
        remaining: Math.max(0, Math.min(t.quota - typeTaken, eventRemaining)),
        onSale:
          t.salesStartAt !== null && now < t.salesStartAt
            ? 'not_yet'
            : t.salesEndAt !== null && now >= t.salesEndAt
              ? 'closed'
              : 'on_sale',
      }
    }),
  }
}

/** Ticket types on sale or not, in their order; archived (withdrawn) types are not counted. */
export function activeTicketTypes(db: DbOrTx, eventId: number) {
  return db
    .select()
    .from(ticketTypes)
    .where(and(eq(ticketTypes.eventId, eventId), sql`${ticketTypes.archivedAt} is null`))
    .orderBy(ticketTypes.position, ticketTypes.id)
    .all()
}

export function eventAvailability(db: DbOrTx, eventId: number, now = Date.now()): EventAvailability | null {
  const event = db.select({ id: events.id, capacity: events.capacity }).from(events).where(eq(events.id, eventId)).get()
  if (!event) return null
  return availabilityOf(db, event, activeTicketTypes(db, eventId), now)
}
