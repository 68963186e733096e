/**
 * How many seats are left. A seat is taken by a paid order, or by a pending order whose hold has
 * not expired: an expired hold gives its seats back the moment it expires, whether or not a sweep
 * has marked it yet. This is the one definition; the booking transaction and the public pages both
 * use it, so what the calendar shows is what booking enforces.
 */
import { and, eq, gt, inArray, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { events, orderItems, orders, ticketTypes } from '#db/schema'

const holding = (now: number) =>
  or(inArray(orders.status, ['paid', 'partially_refunded']), and(eq(orders.status, 'pending'), gt(orders.expiresAt, now)))

/** Seats taken per ticket type of one event. */
export function seatsTakenByType(db: DbOrTx, eventId: number, now = Date.now()): Map<number, number> {
  const rows = db
    .select({ ticketTypeId: orderItems.ticketTypeId, taken: sql<number>`coalesce(sum(${orderItems.quantity}), 0)` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orders.eventId, eventId), holding(now)))
    .groupBy(orderItems.ticketTypeId)
    .all()
  return new Map(rows.map((r) => [r.ticketTypeId, Number(r.taken)]))
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

export function eventAvailability(db: DbOrTx, eventId: number, now = Date.now()): EventAvailability | null {
  const event = db.select({ capacity: events.capacity }).from(events).where(eq(events.id, eventId)).get()
  if (!event) return null
  const types = db
    .select()
    .from(ticketTypes)
    .where(and(eq(ticketTypes.eventId, eventId), sql`${ticketTypes.archivedAt} is null`))
    .orderBy(ticketTypes.position, ticketTypes.id)
    .all()
  const taken = seatsTakenByType(db, eventId, now)
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
