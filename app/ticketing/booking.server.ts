/**
 * Holds: choosing tickets creates a pending order that takes its seats at once, in one immediate
 * transaction with the availability check (so two buyers can never both get the last seat). The
 * hold expires on its own: availability stops counting it the moment `expiresAt` passes.
 */
import crypto from 'node:crypto'
import { and, eq, lte, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.server'
import { inGroupCommit } from '#db/group-commit.server'
import { clientOf, preparedOnce, stmt } from '#db/prepared.server'
import { events, orderItems, orders, type Locale } from '#db/schema'
import { memberUnitPrice, presaleOpen, type MemberBenefits } from '~/membership/benefits.server'
import { activeTicketTypes, addToSeatBound, availabilityForHold, heldSeats } from './availability.server'

/** How long seats are held: Stripe's minimum for a Checkout Session's expiry. */
export const HOLD_MS = 30 * 60 * 1000
/** More seats than this in one order is not a booking but a mistake (or an attack), whatever staff set. */
export const MAX_SEATS_PER_ORDER = 20
/**
 * Live (unexpired, unpaid) holds one client address, one signed-in person or one email may have at
 * once, across events. Without it one script with no cookie could hold every seat of every event.
 */
export const MAX_LIVE_HOLDS = 3

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
  /** Not sold out: every seat left is held by someone else and comes back if they do not pay. */
  | { code: 'all_held'; ticketTypeId?: number; remaining: number }
  /** This client, person or email already has MAX_LIVE_HOLDS live holds; `retryAt` is when the first lapses. */
  | { code: 'too_many_holds'; retryAt: number }
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

// ---------------------------------------------------------------- live holds per client

/**
 * Which orders each client address made, in this process's memory only: addresses are never
 * written to the database (app/load-context.ts), and like the other rate limits this one holds per
 * process. The database decides which of them are still live holds (pending and unexpired).
 */
type ClientHold = { orderId: number; expiresAt: number }
const CLIENT_HOLDS = Symbol.for('open-russia-club.client-holds')
const gc = globalThis as unknown as { [CLIENT_HOLDS]?: WeakMap<object, Map<string, ClientHold[]>> }

const pruneAt = new WeakMap<Map<string, ClientHold[]>, number>()

function clientHolds(db: DbOrTx, clientKey: string, now: number): ClientHold[] {
  gc[CLIENT_HOLDS] ??= new WeakMap()
  const client = clientOf(db)
  let map = gc[CLIENT_HOLDS].get(client)
  if (!map) gc[CLIENT_HOLDS].set(client, (map = new Map()))
  // Addresses seen once are not looked up again: forget the lapsed ones now and then, so the map
  // stays as small as the number of clients with live holds.
  // The next sweep waits until the map has doubled, so a rush of many live clients pays it rarely.
  if (map.size > (pruneAt.get(map) ?? 5_000)) {
    for (const [key, holds] of map) if (holds.every((h) => h.expiresAt <= now)) map.delete(key)
    pruneAt.set(map, Math.max(5_000, map.size * 2))
  }
  const live = (map.get(clientKey) ?? []).filter((h) => h.expiresAt > now)
  if (live.length) map.set(clientKey, live)
  else map.delete(clientKey)
  return live
}

function rememberClientHold(db: DbOrTx, clientKey: string, hold: ClientHold) {
  const map = gc[CLIENT_HOLDS]!.get(clientOf(db))!
  map.set(clientKey, [...(map.get(clientKey) ?? []), hold])
}

// Three small indexed lookups joined by UNION rather than one OR, which SQLite might answer by
// scanning every live hold of a rush.
const LIVE_HOLDS_SQL = `
  select count(*) as n, min(expires_at) as firstEnds from orders
  where id in (
    select value from json_each(?)
    union select id from orders where user_id = ? and status = 'pending'
    union select id from orders where buyer_email = ? and status = 'pending'
  ) and status = 'pending' and expires_at > ? and id != ?`

/**
 * Live holds of a client address, a person and an email (any of them), other than `exceptOrderId`.
 * Run inside the writing transaction, so a burst cannot race past the limit.
 */
export function liveHoldsOf(
  db: DbOrTx,
  who: { clientKey?: string | null; userId?: number | null; email?: string | null },
  now: number,
  exceptOrderId = 0,
): { count: number; firstEnds: number | null } {
  const ids = who.clientKey ? clientHolds(db, who.clientKey, now).map((h) => h.orderId) : []
  const row = stmt<{ n: number; firstEnds: number | null }>(db, LIVE_HOLDS_SQL).get(JSON.stringify(ids), who.userId ?? null, who.email?.toLowerCase() ?? null, now, exceptOrderId)!
  return { count: Number(row.n), firstEnds: row.firstEnds }
}

function holdLimitError(live: { count: number; firstEnds: number | null }, now: number): BookingError | null {
  if (live.count < MAX_LIVE_HOLDS) return null
  return { code: 'too_many_holds', retryAt: live.firstEnds ?? now + HOLD_MS }
}

export type HoldResult = { ok: true; orderId: number; code: string; expiresAt: number; totalPence: number } | { ok: false; error: BookingError }

export function createHold(
  db: Db,
  input: {
    eventId: number
    quantities: Map<number, number>
    userId?: number | null
    buyerName?: string | null
    buyerEmail?: string | null
    locale: Locale
    /** The buyer's membership benefits today (app/membership/benefits.server.ts), or null for a non-member. */
    member?: MemberBenefits | null
    /** The client's address (rate limits only, kept in memory, never stored). */
    clientKey?: string | null
  },
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
      const cap = Math.min(MAX_SEATS_PER_ORDER, event.maxSeatsPerOrder)
      if (total > cap) return { ok: false, error: { code: 'too_many', max: cap } }
      const limited = holdLimitError(liveHoldsOf(tx, { clientKey: input.clientKey, userId: input.userId, email: input.buyerEmail }, now), now)
      if (limited) return { ok: false, error: limited }
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
        if (quantity > avail.remaining) return { ok: false, error: refusal(tx, event.id, now, avail.remaining, typeId) }
        if (currency && type.currency !== currency) return { ok: false, error: { code: 'unknown_type' } }
        currency = type.currency
        const unit = memberUnitPrice(type, member)
        totalPence += unit * quantity
        items.push({ ticketTypeId: typeId, quantity, unitPricePence: unit })
      }
      if (total > availability.remaining) return { ok: false, error: refusal(tx, event.id, now, availability.remaining) }
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
      if (input.clientKey) rememberClientHold(tx, input.clientKey, { orderId: order.id, expiresAt: now + HOLD_MS })
      return { ok: true, orderId: order.id, code, expiresAt: now + HOLD_MS, totalPence }
    },
    { behavior: 'immediate' },
  )
}

/**
 * Not enough seats: sold out for good, or only until other people's holds lapse? The refusal says
 * which (the rare path, so the precise count costs nothing in a rush of successful holds).
 */
function refusal(db: DbOrTx, eventId: number, now: number, remaining: number, ticketTypeId?: number): BookingError {
  const base = ticketTypeId === undefined ? { remaining } : { ticketTypeId, remaining }
  return heldSeats(db, eventId, now) > 0 ? { code: 'all_held', ...base } : { code: 'sold_out', ...base }
}

/**
 * createHold for requests: holds that arrive together share one COMMIT (db/group-commit.server.ts).
 * The answer comes once the hold is on disk.
 */
export function holdSeats(db: Db, input: Parameters<typeof createHold>[1], now = Date.now()): Promise<HoldResult> {
  return inGroupCommit(db, () => createHold(db, input, now))
}

export type SetBuyerResult = { ok: true } | { ok: false; error: 'not_pending' } | { ok: false; error: 'too_many_holds'; retryAt: number }

/**
 * Name and email of the buyer, while the hold lasts. One email may have at most MAX_LIVE_HOLDS live
 * holds (counted with this write, in one immediate transaction). `verifiedEmail` is the signed-in
 * person's verified address: giving that one confirms the email at once.
 */
export function setBuyer(
  db: Db,
  orderId: number,
  buyer: { name: string; email: string; locale: Locale; verifiedEmail?: string | null },
  now = Date.now(),
): SetBuyerResult {
  const email = buyer.email.toLowerCase()
  return db.transaction(
    (tx): SetBuyerResult => {
      const order = tx.select({ status: orders.status, buyerEmail: orders.buyerEmail, emailConfirmedAt: orders.emailConfirmedAt }).from(orders).where(eq(orders.id, orderId)).get()
      if (!order || order.status !== 'pending') return { ok: false, error: 'not_pending' }
      const limited = holdLimitError(liveHoldsOf(tx, { email }, now, orderId), now)
      if (limited && limited.code === 'too_many_holds') return { ok: false, error: 'too_many_holds', retryAt: limited.retryAt }
      const sameEmail = order.buyerEmail === email
      const confirmed = buyer.verifiedEmail?.toLowerCase() === email ? (order.emailConfirmedAt ?? now) : sameEmail ? order.emailConfirmedAt : null
      tx.update(orders)
        .set({
          buyerName: buyer.name,
          buyerEmail: email,
          locale: buyer.locale,
          emailConfirmedAt: confirmed,
          // A new address voids a code sent to the old one.
          ...(sameEmail ? {} : { emailCodeHash: null, emailCodeAttempts: 0 }),
          updatedAt: now,
        })
        .where(and(eq(orders.id, orderId), eq(orders.status, 'pending')))
        .run()
      return { ok: true }
    },
    { behavior: 'immediate' },
  )
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
