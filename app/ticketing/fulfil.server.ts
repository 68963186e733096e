/**
 * Fulfilment: turning a held order into tickets, exactly once.
 *
 * Triggers: Stripe's webhooks, the buyer's return page, the RSVP of a free order. Any of them may
 * arrive any number of times, in any order, at the same moment. Each runs the same function, and the
 * effect (status → paid, tickets, one confirmation in the outbox) happens in one immediate
 * transaction that only moves state forward; a processed Stripe event id is a primary key inserted
 * in that same transaction, and the confirmation's dedupeKey is unique.
 *
 * A payment after the hold expired is accepted if the seats are still there, and refunded through
 * Stripe if not (refund call after the commit, with an idempotency key from the order; any later
 * trigger retries it until it succeeds). Either way the buyer is told.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.server'
import { orderItems, orders, processedPaymentEvents, tickets } from '#db/schema'
import { kickMailer, queueEmail } from '~/mail/outbox.server'
import { ownBaseUrl } from '~/payments/stripe.server'
import { expireCheckoutSession, refundPayment, retrieveCheckoutSession, type CheckoutFacts, type PaymentEvent } from '~/payments/checkout.server'
import { eventAvailability, forgetSeatBound } from './availability.server'
import { markExpiredHolds, randomCode } from './booking.server'
import { confirmationEmail, lateRefundEmail } from './emails.server'
import { qrPng, readOrderDetail } from './tickets-view.server'

export type FulfilOutcome = 'hold_expired' | 'paid' | 'late_accepted' | 'late_refunded' | 'already_done' | 'duplicate_event' | 'unknown_order' | 'not_paid' | 'ignored'

type Prepared = { codes: string[]; qr: Map<string, Buffer> }

function seatsOf(db: Db | Tx, orderId: number) {
  return db.select({ ticketTypeId: orderItems.ticketTypeId, quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, orderId)).all()
}

/** Codes and QR images made before the transaction (no await may happen inside it). */
async function prepare(db: Db, orderId: number): Promise<Prepared | null> {
  const order = db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)).get()
  if (!order || !['pending', 'expired', 'cancelled'].includes(order.status)) return null
  const count = seatsOf(db, orderId).reduce((a, i) => a + i.quantity, 0)
  const codes = Array.from({ length: count }, () => randomCode(18))
  const pngs = await Promise.all(codes.map(qrPng))
  return { codes, qr: new Map(codes.map((c, i) => [c, pngs[i]!])) }
}

/** Inside the transaction: the one place an order becomes paid. */
function settle(tx: Tx, orderId: number, paymentIntentId: string | null, prepared: Prepared | null, now: number): FulfilOutcome {
  const order = tx.select().from(orders).where(eq(orders.id, orderId)).get()
  if (!order) return 'unknown_order'
  if (!['pending', 'expired', 'cancelled'].includes(order.status)) return 'already_done'
  if (order.lateOutcome === 'refunded') return 'late_refunded'
  const items = seatsOf(tx, orderId)
  const count = items.reduce((a, i) => a + i.quantity, 0)
  if (!prepared || prepared.codes.length !== count) throw new Error('fulfilment was not prepared for this order')
  const inTime = order.status === 'pending' && order.expiresAt > now
  let late: 'accepted' | null = null
  if (!inTime) {
    // The hold ran out, so this order's seats are not counted in availability any more: are there
    // still enough for it?
    const availability = eventAvailability(tx, order.eventId, now)!
    const fits =
      count <= availability.remaining &&
      items.every((i) => (availability.types.find((t) => t.ticketTypeId === i.ticketTypeId)?.remaining ?? 0) >= i.quantity)
    if (!fits) {
      tx.update(orders)
        .set({ status: order.status === 'pending' ? 'expired' : order.status, lateOutcome: 'refunded', stripePaymentIntentId: paymentIntentId, updatedAt: now })
        .where(eq(orders.id, orderId))
        .run()
      return 'late_refunded'
    }
    late = 'accepted'
    // Its seats count again: the booking shortcut's upper bound may not include them.
    forgetSeatBound(tx, order.eventId)
  }
  tx.update(orders)
    .set({ status: 'paid', paidAt: now, lateOutcome: late, stripePaymentIntentId: paymentIntentId, confirmationSentAt: now, updatedAt: now })
    .where(eq(orders.id, orderId))
    .run()
  let n = 0
  for (const item of items) {
    for (let i = 0; i < item.quantity; i++) {
      tx.insert(tickets).values({ orderId, eventId: order.eventId, ticketTypeId: item.ticketTypeId, code: prepared.codes[n++]!, holderName: order.buyerName, createdAt: now }).run()
    }
  }
  const detail = readOrderDetail(tx, orderId)!
  if (detail.order.buyerEmail) {
    queueEmail(tx, { ...confirmationEmail(detail, prepared.qr, ownBaseUrl()), dedupeKey: `order-confirmation:${orderId}` })
  }
  return late ? 'late_accepted' : 'paid'
}

/** Records a Stripe event id; false if it was processed before (then nothing else may happen). */
function firstTime(tx: Tx, eventId: string | undefined, type: string): boolean {
  if (!eventId) return true
  return tx.insert(processedPaymentEvents).values({ stripeEventId: eventId, type }).onConflictDoNothing().run().changes === 1
}

/**
 * Marks an order paid (or late-accepted, or late-refunded) once. `paymentIntentId` is null for a
 * free RSVP. `stripeEventId` makes a webhook's effect and its record one transaction.
 */
export async function fulfilOrder(
  db: Db,
  orderId: number,
  source: { paymentIntentId: string | null; stripeEventId?: string; stripeEventType?: string },
  now = Date.now(),
): Promise<FulfilOutcome> {
  const prepared = await prepare(db, orderId)
  const outcome = db.transaction(
    (tx) => {
      if (!firstTime(tx, source.stripeEventId, source.stripeEventType ?? 'checkout.session')) return 'duplicate_event' as const
      return settle(tx, orderId, source.paymentIntentId, prepared, now)
    },
    { behavior: 'immediate' },
  )
  kickMailer()
  await refundLatePaymentIfDue(db, orderId)
  return outcome
}

/** A free order (total 0): the RSVP takes the same path, without Stripe. */
export async function confirmFreeOrder(db: Db, orderId: number, now = Date.now()): Promise<FulfilOutcome> {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get()
  if (!order) return 'unknown_order'
  if (order.totalPence !== 0) return 'not_paid'
  if (order.status === 'paid') return 'already_done'
  // Nobody paid for a free seat, so a lapsed RSVP hold is simply over: book again.
  if (order.status !== 'pending' || order.expiresAt <= now) return 'hold_expired'
  return fulfilOrder(db, orderId, { paymentIntentId: null }, now)
}

/** After a late payment into a full event: refund it through Stripe, record it, tell the buyer. */
export async function refundLatePaymentIfDue(db: Db, orderId: number, now = Date.now()) {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get()
  if (!order || order.lateOutcome !== 'refunded' || order.status === 'refunded' || !order.stripePaymentIntentId) return
  const refund = await refundPayment({ paymentIntentId: order.stripePaymentIntentId, idempotencyKey: `order-${order.id}-late-refund` })
  db.transaction((tx) => recordRefund(tx, order.id, refund.amount, now), { behavior: 'immediate' })
  kickMailer()
}

/** Refunded money moves an order forward only: paid → partially refunded → refunded. */
function recordRefund(tx: Tx, orderId: number, amountRefunded: number, now: number) {
  const order = tx.select().from(orders).where(eq(orders.id, orderId)).get()
  if (!order) return
  const refunded = Math.max(order.refundedPence, amountRefunded)
  const full = refunded >= order.totalPence
  if (order.lateOutcome === 'refunded') {
    if (order.status === 'refunded') return
    tx.update(orders).set({ status: 'refunded', refundedPence: refunded, updatedAt: now }).where(eq(orders.id, orderId)).run()
    const detail = readOrderDetail(tx, orderId)!
    if (detail.order.buyerEmail) queueEmail(tx, { ...lateRefundEmail(detail, ownBaseUrl()), dedupeKey: `order-late-refund:${orderId}` })
    return
  }
  if (!['paid', 'partially_refunded'].includes(order.status) || refunded === order.refundedPence) return
  tx.update(orders)
    .set({ status: full ? 'refunded' : 'partially_refunded', refundedPence: refunded, updatedAt: now })
    .where(eq(orders.id, orderId))
    .run()
  if (full) tx.update(tickets).set({ status: 'void' }).where(eq(tickets.orderId, orderId)).run()
}

function findOrderForSession(db: Db, s: CheckoutFacts) {
  const bySession = db.select({ id: orders.id, code: orders.code, sessionId: orders.stripeCheckoutSessionId }).from(orders).where(eq(orders.stripeCheckoutSessionId, s.sessionId)).get()
  if (bySession) return bySession
  // The session id is stored right after it is created; a webhook can beat that write. Then the
  // order is found by its id and must carry the same code.
  if (s.orderId === null || !s.orderCode) return null
  const byRef = db.select({ id: orders.id, code: orders.code, sessionId: orders.stripeCheckoutSessionId }).from(orders).where(eq(orders.id, s.orderId)).get()
  if (!byRef || byRef.code !== s.orderCode || (byRef.sessionId !== null && byRef.sessionId !== s.sessionId)) return null
  return byRef
}

/** One verified webhook event. Whatever it is, it is recorded once and its effect happens once. */
export async function handlePaymentEvent(db: Db, event: PaymentEvent, now = Date.now()): Promise<FulfilOutcome> {
  const record = (effect: (tx: Tx) => FulfilOutcome, type: string): FulfilOutcome =>
    db.transaction((tx) => (firstTime(tx, event.id, type) ? effect(tx) : 'duplicate_event'), { behavior: 'immediate' })

  // Subscription events belong to membership (the webhook route hands them there); ticketing only records them.
  if (event.type === 'other' || event.type === 'membership') return record(() => 'ignored', event.stripeType)
  if (event.type === 'charge.refunded') {
    const { paymentIntentId, amountRefunded } = event.refund
    const result = record((tx) => {
      const order = tx.select({ id: orders.id }).from(orders).where(eq(orders.stripePaymentIntentId, paymentIntentId)).get()
      if (!order) return 'unknown_order'
      recordRefund(tx, order.id, amountRefunded, now)
      return 'ignored'
    }, event.type)
    kickMailer()
    return result
  }
  const s = event.session
  const order = findOrderForSession(db, s)
  if (!order) return record(() => 'unknown_order', event.type)
  switch (event.type) {
    case 'checkout.session.completed':
      if (s.paymentStatus === 'unpaid') {
        // A delayed payment method: the money comes (or not) with async_payment_succeeded/_failed.
        return record((tx) => {
          tx.update(orders).set({ stripePaymentIntentId: s.paymentIntentId, updatedAt: now }).where(and(eq(orders.id, order.id), sql`${orders.stripePaymentIntentId} is null`)).run()
          return 'not_paid'
        }, event.type)
      }
      return fulfilOrder(db, order.id, { paymentIntentId: s.paymentIntentId, stripeEventId: event.id, stripeEventType: event.type }, now)
    case 'checkout.session.async_payment_succeeded':
      return fulfilOrder(db, order.id, { paymentIntentId: s.paymentIntentId, stripeEventId: event.id, stripeEventType: event.type }, now)
    case 'checkout.session.async_payment_failed':
      return record((tx) => {
        tx.update(orders).set({ status: 'cancelled', updatedAt: now }).where(and(eq(orders.id, order.id), eq(orders.status, 'pending'))).run()
        return 'not_paid'
      }, event.type)
    case 'checkout.session.expired':
      return record((tx) => {
        tx.update(orders).set({ status: 'expired', updatedAt: now }).where(and(eq(orders.id, order.id), eq(orders.status, 'pending'))).run()
        return 'not_paid'
      }, event.type)
  }
}

/**
 * The return page: the buyer came back from Checkout. Ask Stripe about the session (never trust
 * the URL) and fulfil if it is paid. The session must be the one stored on this order.
 */
export async function confirmFromReturn(db: Db, orderId: number, sessionId: string, now = Date.now()): Promise<FulfilOutcome> {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get()
  if (!order || order.stripeCheckoutSessionId !== sessionId) return 'unknown_order'
  if (order.status === 'paid' || order.status === 'refunded' || order.status === 'partially_refunded') return 'already_done'
  if (order.lateOutcome === 'refunded') {
    await refundLatePaymentIfDue(db, orderId, now)
    return 'late_refunded'
  }
  const s = await retrieveCheckoutSession(sessionId)
  if (!s || s.status !== 'complete' || (s.paymentStatus !== 'paid' && s.paymentStatus !== 'no_payment_required')) return 'not_paid'
  return fulfilOrder(db, orderId, { paymentIntentId: s.paymentIntentId }, now)
}

const SWEEP_EVERY_MS = 2_000
let lastSweep = 0

/**
 * Marks abandoned holds expired and ends their Checkout Sessions at Stripe. Cheap, and run
 * opportunistically (when someone books) at most every few seconds per process.
 */
export function sweepExpiredHolds(db: Db, now = Date.now(), { force = false } = {}) {
  if (!force && now - lastSweep < SWEEP_EVERY_MS) return Promise.resolve([])
  lastSweep = now
  const expired = db.transaction((tx) => markExpiredHolds(tx, now), { behavior: 'immediate' })
  return Promise.allSettled(expired.filter((e) => e.sessionId).map((e) => expireCheckoutSession(e.sessionId!))).then(() => expired)
}

export function ordersWithLateRefundPending(db: Db) {
  return db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.lateOutcome, 'refunded'), inArray(orders.status, ['expired', 'cancelled'])))
    .all()
}
