/**
 * Holds: choosing tickets creates a pending order that takes its seats at once, in one immediate
 * transaction with the availability check (so two buyers can never both get the last seat). The
 * hold expires on its own: availability stops counting it the moment `expiresAt` passes.
 */
import crypto from 'node:crypto'
import { and, eq, lte, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.server'
import { inGroupCommit } from '#db/group-commit.server'
import { preparedOnce } from '#db/prepared.server'
import { events, orderItems, orders, type Locale } from '#db/schema'
import { memberUnitPrice, presaleOpen, type MemberBenefits } from '~/membership/benefits.server'
import { activeTicketTypes, addToSeatBound, availabilityForHold } from './availability.server'

/** How long seats are held: Stripe's minimum for a Checkout Session's expiry. */
export const HOLD_MS = 30 * 60 * 1000
/** More seats than this in one order is not a booking but a mistake (or an attack). */
export const MAX_SEATS_PER_ORDER = 20

export function randomCode(bytes = 24) {
  return crypto.randomBytes(bytes).toString('base64url')
}

export type BookingError =
  | { code: 'no_tickets' }
  | { code: 'bad_quantity'; ticketTypeId?: number }
  | { code: 'unknown_type' }
  | { code: 'members_only'; ticketTypeId: number }
  | { code: 'not_on_sale_yet'; ticketTypeId: number }
  | { code: 'sale_closed'; ticketTypeId: number }
  | { code: 'too_many_for_type'; ticketTypeId: number; max: number }
  | { code: 'too_many'; max: number }
  | { code: 'sold_out'; ticketTypeId?: number; remaining: number }
  | { code: 'event_closed' }
  | { code: 'event_not_found' }

/**
 * Reads `qty_<ticketTypeId>` fields. Anything but a whole number from 0 to 999 written in digits
 * (negative, fractional, "1e3", huge) is refused before any database work.
 */
export function parseQuantities(form: Iterable<[string, FormDataEntryValue]>): { ok: true; quantities: Map<number, number> } | { ok: false; error: BookingError } {
  const quantities = new Map<number, number>()
  for (const [name, raw] of form) {
    const m = /^qty_(\d{1,9})$/.exec(name)
    if (!m) continue
    if (typeof raw !== 'string') return { ok: false, error: { code: 'bad_quantity' } }
    const value = raw.trim()
    if (value === '') continue
    const typeId = Number(m[1])
    if (!/^\d{1,3}$/.test(value)) return { ok: false, error: { code: 'bad_quantity', ticketTypeId: typeId } }
    const n = Number(value)
    if (n === 0) continue
    if (quantities.has(typeId)) return { ok: false, error: { code: 'bad_quantity', ticketTypeId: typeId } }
    quantities.set(typeId, n)
  }
  if (quantities.size === 0) return { ok: false, error: { code: 'no_tickets' } }
  return { ok: true, quantities }
}

/** The hold transaction's statements: a booking rush runs them hundreds of times a second. */
const holdQueries = preparedOnce((db) => ({
    event: db.select().from(events).where(eq(events.id, sql.placeholder('eventId'))).prepare(),
    insertOrder: db
      .insert(orders)
      .values({
        code: sql.placeholder('code'),
        eventId: sql.placeholder('eventId'),
        userId: sql.placeholder('userId'),
        buyerName: sql.placeholder('buyerName'),
        buyerEmail: sql.placeholder('buyerEmail'),
        locale: sql.placeholder('locale'),
        status: 'pending',
        totalPence: sql.placeholder('totalPence'),
        currency: sql.placeholder('currency'),
        expiresAt: sql.placeholder('expiresAt'),
        createdAt: sql.placeholder('now'),
        updatedAt: sql.placeholder('now'),
      })
      .returning({ id: orders.id })
      .prepare(),
    insertItem: db
      .insert(orderItems)
      .values({ orderId: sql.placeholder('orderId'), ticketTypeId: sql.placeholder('ticketTypeId'), quantity: sql.placeholder('quantity'), unitPricePence: sql.placeholder('unitPricePence') })
      .prepare(),
}))

export type HoldResult = { ok: true; orderId: number; code: string; expiresAt: number; totalPence: number } | { ok: false; error: BookingError }

export function createHold(
  db: Db,
  input: { eventId: number; quantities: Map<number, number>; userId?: number | null; buyerName?: string | null; buyerEmail?: string | null; locale: Locale; member?: MemberBenefits | null },
  now = Date.now(),
): HoldResult {
  const total = [...input.quantities.values()].reduce((a, b) => a + b, 0)
  if (total < 1) return { ok: false, error: { code: 'no_tickets' } }
  if (total > MAX_SEATS_PER_ORDER) return { ok: false, error: { code: 'too_many', max: MAX_SEATS_PER_ORDER } }
  const code = randomCode()
  // Prepared on the connection, they run inside the transaction below like the rest of it.
  const q = holdQueries(db)
  return db.transaction(
    (tx): HoldResult => {
      const event = q.event.get({ eventId: input.eventId })
      if (!event) return { ok: false, error: { code: 'event_not_found' } }
      if (event.status !== 'published' || event.endsAt <= now) return { ok: false, error: { code: 'event_closed' } }
      const typeRows = activeTicketTypes(tx, event.id)
      const availability = availabilityForHold(tx, event, typeRows, input.quantities, now)
      const types = new Map(typeRows.map((t) => [t.id, t]))
      let totalPence = 0
      let currency: string | null = null
      const items: { ticketTypeId: number; quantity: number; unitPricePence: number }[] = []
      for (const [typeId, quantity] of input.quantities) {
        const type = types.get(typeId)
        if (!type) return { ok: false, error: { code: 'unknown_type' } }
        const avail = availability.types.find((t) => t.ticketTypeId === typeId)!
        const member = input.member ?? null
        if (type.membersOnly && !member?.membersOnly) return { ok: false, error: { code: 'members_only', ticketTypeId: typeId } }
        // Members' presale: the plan's lead before general sale opens.
        if (avail.onSale === 'not_yet' && !(member && presaleOpen(type.salesStartAt, member, now))) return { ok: false, error: { code: 'not_on_sale_yet', ticketTypeId: typeId } }
        if (avail.onSale === 'closed') return { ok: false, error: { code: 'sale_closed', ticketTypeId: typeId } }
        if (quantity > type.maxPerOrder) return { ok: false, error: { code: 'too_many_for_type', ticketTypeId: typeId, max: type.maxPerOrder } }
        if (quantity > avail.remaining) return { ok: false, error: { code: 'sold_out', ticketTypeId: typeId, remaining: avail.remaining } }
        if (currency && type.currency !== currency) return { ok: false, error: { code: 'unknown_type' } }
        currency = type.currency
        const unit = memberUnitPrice(type, member)
        totalPence += unit * quantity
        items.push({ ticketTypeId: typeId, quantity, unitPricePence: unit })
      }
      if (total > availability.remaining) return { ok: false, error: { code: 'sold_out', remaining: availability.remaining } }
      const order = q.insertOrder.get({
        code,
        eventId: event.id,
        userId: input.userId ?? null,
        buyerName: input.buyerName ?? null,
        buyerEmail: input.buyerEmail ?? null,
        locale: input.locale,
        totalPence,
        currency: currency ?? 'GBP',
        expiresAt: now + HOLD_MS,
        now,
      })!
      for (const item of items) q.insertItem.run({ orderId: order.id, ...item })
      addToSeatBound(tx, event.id, items)
      return { ok: true, orderId: order.id, code, expiresAt: now + HOLD_MS, totalPence }
    },
    { behavior: 'immediate' },
  )
}

/**
 * createHold for requests: holds that arrive together share one COMMIT (db/group-commit.server.ts).
 * The answer comes once the hold is on disk.
 */
export function holdSeats(db: Db, input: Parameters<typeof createHold>[1], now = Date.now()): Promise<HoldResult> {
  return inGroupCommit(db, () => createHold(db, input, now))
}

/** Name and email of the buyer, while the hold lasts. */
export function setBuyer(db: Db, orderId: number, buyer: { name: string; email: string; locale: Locale }, now = Date.now()): boolean {
  const result = db
    .update(orders)
    .set({ buyerName: buyer.name, buyerEmail: buyer.email.toLowerCase(), locale: buyer.locale, updatedAt: now })
    .where(and(eq(orders.id, orderId), eq(orders.status, 'pending')))
    .run()
  return result.changes === 1
}

/**
 * Marks holds past their expiry as expired and returns their Checkout Sessions, which the caller
 * ends at Stripe. Their seats were already free (availability counts only unexpired holds); this
 * only makes the state visible to staff and stops the abandoned sessions.
 */
export function markExpiredHolds(db: DbOrTx, now = Date.now(), limit = 200): { orderId: number; sessionId: string | null }[] {
  const due = db
    .select({ id: orders.id, sessionId: orders.stripeCheckoutSessionId })
    .from(orders)
    .where(and(eq(orders.status, 'pending'), lte(orders.expiresAt, now)))
    .limit(limit)
    .all()
  const done: { orderId: number; sessionId: string | null }[] = []
  for (const o of due) {
    const r = db
      .update(orders)
      .set({ status: 'expired', updatedAt: now })
      .where(and(eq(orders.id, o.id), eq(orders.status, 'pending'), lte(orders.expiresAt, now)))
      .run()
    if (r.changes === 1) done.push({ orderId: o.id, sessionId: o.sessionId })
  }
  return done
}
