/**
 * Bookings that need approval (pretix's "require approval"), for events where staff must know who
 * comes. The buyer names themselves and asks; the seats are kept while staff decide. Staff approve
 * or decline from the event's orders page, and the buyer is told by email in their language:
 * a paid booking may then be paid (approval comes before payment, so nobody is charged and then
 * refused); a free one is confirmed and its tickets sent. Until approved nobody holds a ticket, so
 * nobody sees a hidden address.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { auditLog, events, orders } from '#db/schema'
import { kickMailer, queueEmail } from '~/mail/outbox.server'
import { ownBaseUrl } from '~/payments/stripe.server'
import { approvedToPayEmail, declinedEmail } from './emails.server'
import { confirmFreeOrder, type FulfilOutcome } from './fulfil.server'
import { readOrderDetail } from './tickets-view.server'

/** How long seats are kept while staff decide (never past the event's start). */
export const WAIT_FOR_APPROVAL_MS = 7 * 24 * 3600 * 1000
/** How long an approved buyer has to pay: within a Checkout Session's 24-hour limit. */
export const PAY_AFTER_APPROVAL_MS = 23 * 3600 * 1000

export type RequestResult = 'waiting' | 'approved' | 'not_pending'

/** The buyer asks (their details are set, their email confirmed for a free booking). */
export function requestApproval(db: Db, orderId: number, now = Date.now()): RequestResult {
  return db.transaction(
    (tx): RequestResult => {
      const order = tx.select().from(orders).where(eq(orders.id, orderId)).get()
      if (!order || order.status !== 'pending' || order.expiresAt <= now) return 'not_pending'
      if (order.approval === 'approved') return 'approved'
      if (order.approval === 'waiting') return 'waiting'
      if (order.approval === 'declined' || !order.buyerEmail) return 'not_pending'
      const event = tx.select({ startsAt: events.startsAt }).from(events).where(eq(events.id, order.eventId)).get()!
      const keepUntil = Math.max(order.expiresAt, Math.min(now + WAIT_FOR_APPROVAL_MS, event.startsAt))
      tx.update(orders).set({ approval: 'waiting', expiresAt: keepUntil, updatedAt: now }).where(eq(orders.id, orderId)).run()
      return 'waiting'
    },
    { behavior: 'immediate' },
  )
}

export type DecisionResult = { ok: true; outcome: 'approved' | 'declined' } | { ok: false; error: 'not_found' | 'not_waiting' | 'expired' }

/** Staff decide. Only a waiting, unexpired booking can be decided, once. */
export async function decideApproval(db: Db, eventId: number, orderId: number, decision: 'approve' | 'decline', actorUserId: number, now = Date.now()): Promise<DecisionResult> {
  const result = db.transaction(
    (tx): DecisionResult & { free?: boolean } => {
      const detail = readOrderDetail(tx, orderId)
      if (!detail || detail.order.eventId !== eventId) return { ok: false, error: 'not_found' }
      const order = detail.order
      if (order.status !== 'pending' || order.approval !== 'waiting') return { ok: false, error: 'not_waiting' }
      if (order.expiresAt <= now) return { ok: false, error: 'expired' }
      const audit = (action: string) => tx.insert(auditLog).values({ actorUserId, action, subjectType: 'order', subjectId: String(orderId) }).run()
      if (decision === 'decline') {
        tx.update(orders).set({ status: 'cancelled', approval: 'declined', updatedAt: now }).where(and(eq(orders.id, orderId), eq(orders.status, 'pending'))).run()
        queueEmail(tx, { ...declinedEmail(detail, ownBaseUrl()), dedupeKey: `order-declined:${orderId}` })
        audit('order.declined')
        return { ok: true, outcome: 'declined' }
      }
      const free = order.totalPence === 0
      const payBy = now + PAY_AFTER_APPROVAL_MS
      tx.update(orders)
        .set({ approval: 'approved', ...(free ? {} : { expiresAt: payBy }), updatedAt: now })
        .where(eq(orders.id, orderId))
        .run()
      // A free booking's confirmation (with its tickets) is sent by fulfilment, right after.
      if (!free) queueEmail(tx, { ...approvedToPayEmail(detail, payBy, ownBaseUrl()), dedupeKey: `order-approved:${orderId}` })
      audit('order.approved')
      return { ok: true, outcome: 'approved', free }
    },
    { behavior: 'immediate' },
  )
  if (result.ok && result.free) await confirmFreeOrder(db, orderId, now)
  kickMailer()
  return result.ok ? { ok: true, outcome: result.outcome } : result
}

/**
 * What a named, confirmed buyer's booking does next: wait for approval if the event needs it, or
 * go on (pay, or confirm a free booking).
 */
export function needsApproval(db: Db, orderId: number): boolean {
  const row = db
    .select({ requiresApproval: events.requiresApproval, approval: orders.approval })
    .from(orders)
    .innerJoin(events, eq(events.id, orders.eventId))
    .where(eq(orders.id, orderId))
    .get()
  return !!row && row.requiresApproval && row.approval !== 'approved'
}

export type { FulfilOutcome }
