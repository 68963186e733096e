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
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { clientOf, preparedOnce, stmt } from '#db/prepared.server'
import { events, ticketTypes } from '#db/schema'

/** Statuses whose seats are taken for good (until refunded); pending ones only until they expire. */
export const HOLDING_STATUSES = ['paid', 'partially_refunded'] as const

/**
 * The SQL condition for "this order holds its seats" over `orders o`; its one parameter is now.
 * Every query that counts seats uses this, so pages and booking cannot disagree.
 */
export const HOLDS_SEATS_SQL = `(o.status in ('paid', 'partially_refunded') or (o.status = 'pending' and o.expires_at > ?))`

const TAKEN_SQL = `
  select oi.ticket_type_id as ticketTypeId, sum(oi.quantity) as taken
  from orders o join order_items oi on oi.order_id = o.id
  where o.event_id = ? and ${HOLDS_SEATS_SQL}
  group by oi.ticket_type_id`

/** Seats taken per ticket type of one event. */
export function seatsTakenByType(db: DbOrTx, eventId: number, now = Date.now()): Map<number, number> {
  const rows = stmt<{ ticketTypeId: number; taken: number }>(db, TAKEN_SQL).all(eventId, now)
  return new Map(rows.map((r) => [r.ticketTypeId, Number(r.taken)]))
}

const HELD_SQL = `
  select coalesce(sum(oi.quantity), 0) as n from orders o join order_items oi on oi.order_id = o.id
  where o.event_id = ? and o.status = 'pending' and o.expires_at > ?`

/** Seats in live, unpaid holds of an event: they come back if their buyers do not pay. */
export function heldSeats(db: DbOrTx, eventId: number, now = Date.now()): number {
  return Number(stmt<{ n: number }>(db, HELD_SQL).get(eventId, now)!.n)
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
  return availabilityFromTaken(event, types, seatsTakenByType(db, event.id, now), now)
}

/** From seats taken per ticket type to what is left: shared by the single and the batched (calendar) count. */
export function availabilityFromTaken(event: { capacity: number }, types: TypeRow[], taken: Map<number, number>, now: number): EventAvailability {
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

// Prepared once: every event page and every hold in a booking rush reads these.
const queries = preparedOnce((db) => ({
  // An event's ticket types that count, on sale or not, in their order; archived (withdrawn) ones do not.
  activeTypes: db
    .select()
    .from(ticketTypes)
    .where(and(eq(ticketTypes.eventId, sql.placeholder('eventId')), isNull(ticketTypes.archivedAt)))
    .orderBy(ticketTypes.position, ticketTypes.id)
    .prepare(),
  capacity: db.select({ id: events.id, capacity: events.capacity }).from(events).where(eq(events.id, sql.placeholder('eventId'))).prepare(),
}))

export function activeTicketTypes(db: DbOrTx, eventId: number) {
  return queries(db).activeTypes.all({ eventId })
}

export function eventAvailability(db: DbOrTx, eventId: number, now = Date.now()): EventAvailability | null {
  const event = queries(db).capacity.get({ eventId })
  if (!event) return null
  return availabilityOf(db, event, activeTicketTypes(db, eventId), now)
}

// ---------------------------------------------------------------- the booking rush's shortcut

/**
 * An upper bound of the seats taken per event, kept in this process's memory by the hold
 * transaction. Counting every hold of an event costs time in proportion to its orders (milliseconds
 * in a rush of thousands, inside the write lock). The bound makes that unnecessary while there is
 * plenty of room: if the bound plus the request fits, the precise count would fit too.
 *
 * It is only ever an overestimate: a hold adds to it in its own transaction; expiries, failures and
 * refunds (which free seats) do not subtract, so it drifts upward until a request does not fit
 * under it, and then the precise count runs and replaces it. The one other way seats become taken,
 * a late payment accepted after its hold expired, forgets it (forgetSeatBound). Overselling would
 * need an underestimate, which no path produces.
 */
type Bound = { total: number; byType: Map<number, number> }
const BOUNDS = Symbol.for('open-russia-club.seat-bounds')
const gb = globalThis as unknown as { [BOUNDS]?: WeakMap<Database.Database, Map<number, Bound>> }

function boundsOf(db: DbOrTx) {
  gb[BOUNDS] ??= new WeakMap()
  const client = clientOf(db)
  let map = gb[BOUNDS].get(client)
  if (!map) gb[BOUNDS].set(client, (map = new Map()))
  return map
}

/**
 * Availability for a hold of `wanted` seats (per type): from the bound when the request fits under
 * it, otherwise counted precisely (and the bound reset to the precise count).
 */
export function availabilityForHold(
  db: DbOrTx,
  event: { id: number; capacity: number },
  types: TypeRow[],
  wanted: Map<number, number>,
  now = Date.now(),
): EventAvailability {
  const bound = boundsOf(db).get(event.id)
  const want = [...wanted.values()].reduce((a, b) => a + b, 0)
  const quotas = new Map(types.map((t) => [t.id, t.quota]))
  const fits =
    bound !== undefined &&
    bound.total + want <= event.capacity &&
    [...wanted].every(([id, q]) => quotas.has(id) && (bound.byType.get(id) ?? 0) + q <= quotas.get(id)!)
  if (fits) return availabilityFromTaken(event, types, bound.byType, now)
  const taken = seatsTakenByType(db, event.id, now)
  boundsOf(db).set(event.id, { total: [...taken.values()].reduce((a, b) => a + b, 0), byType: new Map(taken) })
  return availabilityFromTaken(event, types, taken, now)
}

/** Called by the hold transaction right after it inserts its items. */
export function addToSeatBound(db: DbOrTx, eventId: number, items: { ticketTypeId: number; quantity: number }[]) {
  const bound = boundsOf(db).get(eventId)
  if (!bound) return
  for (const i of items) {
    bound.total += i.quantity
    bound.byType.set(i.ticketTypeId, (bound.byType.get(i.ticketTypeId) ?? 0) + i.quantity)
  }
}

/** Seats were taken other than by a new hold (a late payment accepted): count precisely next time. */
export function forgetSeatBound(db: DbOrTx, eventId: number) {
  boundsOf(db).delete(eventId)
}
