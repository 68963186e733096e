/**
 * The back office's side of ticketing: ticket types and capacity of an event, its orders with their
 * state, and sending a confirmation again.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { z } from 'zod'
import type { Db, DbOrTx } from '#db/client.server'
import { auditLog, events, orderItems, orders, ticketTypes, type OrderStatus } from '#db/schema'
import { CLUB_ZONE } from '~/i18n/format'
import { kickMailer, queueEmail } from '~/mail/outbox.server'
import { ownBaseUrl } from '~/payments/stripe.server'
import { eventAvailability, seatsTakenByType } from './availability.server'
import { MAX_SEATS_PER_ORDER } from './booking.server'
import { confirmationEmail } from './emails.server'
import { qrPng, readOrderDetail } from './tickets-view.server'

export function eventBySlug(db: DbOrTx, slug: string) {
  return db.select().from(events).where(eq(events.slug, slug)).get() ?? null
}

/** What staff call an order's state: a pending order past its expiry is expired, swept or not. */
export type OrderState = 'held' | 'paid' | 'expired' | 'cancelled' | 'refunded' | 'partially_refunded'
export function orderState(o: { status: OrderStatus; expiresAt: number }, now = Date.now()): OrderState {
  if (o.status === 'pending') return o.expiresAt > now ? 'held' : 'expired'
  return o.status
}

export function eventOrders(db: DbOrTx, eventId: number, filter: OrderState | null, now = Date.now()) {
  const rows = db
    .select({
      id: orders.id,
      code: orders.code,
      status: orders.status,
      expiresAt: orders.expiresAt,
      buyerName: orders.buyerName,
      buyerEmail: orders.buyerEmail,
      userId: orders.userId,
      totalPence: orders.totalPence,
      refundedPence: orders.refundedPence,
      currency: orders.currency,
      lateOutcome: orders.lateOutcome,
      approval: orders.approval,
      createdAt: orders.createdAt,
      // Written out in full: drizzle leaves column names unqualified here, which a subquery would misread.
      seats: sql<number>`(select coalesce(sum(oi.quantity), 0) from order_items oi where oi.order_id = "orders"."id")`,
    })
    .from(orders)
    .where(eq(orders.eventId, eventId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(2000)
    .all()
    .map((o) => ({ ...o, state: orderState(o, now), seats: Number(o.seats) }))
  return filter ? rows.filter((o) => o.state === filter) : rows
}

export function eventSeatSummary(db: DbOrTx, eventId: number, now = Date.now()) {
  const a = eventAvailability(db, eventId, now)!
  const sold = db
    .select({ n: sql<number>`coalesce(sum(${orderItems.quantity}), 0)` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orders.eventId, eventId), inArray(orders.status, ['paid', 'partially_refunded'])))
    .get()!
  return { capacity: a.capacity, sold: Number(sold.n), held: a.taken - Number(sold.n), remaining: a.remaining }
}

/** Sends the confirmation of a paid order again (not deduplicated: staff asked for it). */
export async function resendConfirmation(db: Db, eventId: number, orderId: number, actorUserId: number) {
  const detail = readOrderDetail(db, orderId)
  if (!detail || detail.order.eventId !== eventId) return { ok: false as const, error: 'not_found' as const }
  if (!['paid', 'partially_refunded'].includes(detail.order.status) || !detail.order.buyerEmail) return { ok: false as const, error: 'not_paid' as const }
  const valid = detail.tickets.filter((t) => t.status === 'valid')
  const pngs = await Promise.all(valid.map((t) => qrPng(t.code)))
  const qr = new Map(valid.map((t, i) => [t.code, pngs[i]!]))
  db.transaction(
    (tx) => {
      queueEmail(tx, confirmationEmail({ ...detail, tickets: valid }, qr, ownBaseUrl()))
      tx.insert(auditLog).values({ actorUserId, action: 'order.confirmation_resent', subjectType: 'order', subjectId: String(orderId) }).run()
    },
    { behavior: 'immediate' },
  )
  kickMailer()
  return { ok: true as const, email: detail.order.buyerEmail }
}

// ---------------------------------------------------------------- booking rules

export const bookingRulesSchema = z.object({
  requiresApproval: z.union([z.literal('on'), z.literal('')]).optional().transform((v) => v === 'on'),
  maxSeatsPerOrder: z.string().trim().regex(/^\d{1,2}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_SEATS_PER_ORDER)),
})

/** Whether bookings need approval, and the most seats one order may hold. */
export function setBookingRules(db: Db, eventId: number, rules: z.output<typeof bookingRulesSchema>, actorUserId: number, now = Date.now()) {
  db.transaction(
    (tx) => {
      tx.update(events).set({ requiresApproval: rules.requiresApproval, maxSeatsPerOrder: rules.maxSeatsPerOrder, updatedAt: now }).where(eq(events.id, eventId)).run()
      tx.insert(auditLog).values({ actorUserId, action: 'event.booking_rules', subjectType: 'event', subjectId: String(eventId) }).run()
    },
    { behavior: 'immediate' },
  )
}

// ---------------------------------------------------------------- ticket types

export function eventTicketTypes(db: DbOrTx, eventId: number, now = Date.now()) {
  const taken = seatsTakenByType(db, eventId, now)
  return db
    .select()
    .from(ticketTypes)
    .where(eq(ticketTypes.eventId, eventId))
    .orderBy(asc(ticketTypes.position), asc(ticketTypes.id))
    .all()
    .map((t) => ({ ...t, taken: taken.get(t.id) ?? 0 }))
}

const pounds = z
  .string()
  .trim()
  .regex(/^\d{1,5}(\.\d{1,2})?$/)
  .transform((v) => Math.round(Number(v) * 100))
const optionalPounds = z.union([z.literal('').transform(() => null), pounds])
const londonTime = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return null
    const dt = DateTime.fromISO(v, { zone: CLUB_ZONE })
    if (!dt.isValid) {
      ctx.addIssue({ code: 'custom', message: 'invalid' })
      return z.NEVER
    }
    return dt.toMillis()
  })
const count = (min: number, max: number) => z.string().trim().regex(/^\d{1,6}$/).transform(Number).pipe(z.number().int().min(min).max(max))

export const ticketTypeSchema = z
  .object({
    nameEn: z.string().trim().min(1).max(120),
    nameRu: z.string().trim().min(1).max(120),
    price: pounds,
    memberPrice: optionalPounds,
    quota: count(0, 100_000),
    maxPerOrder: count(1, 20),
    salesStart: londonTime,
    salesEnd: londonTime,
    membersOnly: z.union([z.literal('on'), z.literal('')]).transform((v) => v === 'on'),
  })
  .refine((v) => v.salesStart === null || v.salesEnd === null || v.salesEnd > v.salesStart, { path: ['salesEnd'], message: 'saleWindow' })

export type TicketTypeInput = z.infer<typeof ticketTypeSchema>

export function saveTicketType(db: Db, eventId: number, typeId: number | null, input: TicketTypeInput, actorUserId: number, now = Date.now()) {
  return db.transaction(
    (tx) => {
      const values = {
        nameEn: input.nameEn,
        nameRu: input.nameRu,
        pricePence: input.price,
        memberPricePence: input.memberPrice,
        quota: input.quota,
        maxPerOrder: input.maxPerOrder,
        salesStartAt: input.salesStart,
        salesEndAt: input.salesEnd,
        membersOnly: input.membersOnly,
        updatedAt: now,
      }
      if (typeId === null) {
        const position = tx.select({ n: sql<number>`coalesce(max(${ticketTypes.position}), -1) + 1` }).from(ticketTypes).where(eq(ticketTypes.eventId, eventId)).get()!.n
        const id = tx.insert(ticketTypes).values({ eventId, position, ...values }).returning({ id: ticketTypes.id }).get().id
        tx.insert(auditLog).values({ actorUserId, action: 'ticket_type.created', subjectType: 'ticket_type', subjectId: String(id) }).run()
        return { ok: true as const, id }
      }
      const type = tx.select().from(ticketTypes).where(and(eq(ticketTypes.id, typeId), eq(ticketTypes.eventId, eventId))).get()
      if (!type) return { ok: false as const, error: 'typeNotFound' as const }
      const taken = seatsTakenByType(tx, eventId, now).get(typeId) ?? 0
      if (input.quota < taken) return { ok: false as const, error: 'quotaTooLow' as const, taken }
      // Prices of orders already made stay as they were: each order line keeps its own unit price.
      tx.update(ticketTypes).set(values).where(eq(ticketTypes.id, typeId)).run()
      tx.insert(auditLog).values({ actorUserId, action: 'ticket_type.updated', subjectType: 'ticket_type', subjectId: String(typeId) }).run()
      return { ok: true as const, id: typeId }
    },
    { behavior: 'immediate' },
  )
}

export function setTicketTypeArchived(db: Db, eventId: number, typeId: number, archived: boolean, actorUserId: number, now = Date.now()) {
  const r = db
    .update(ticketTypes)
    .set({ archivedAt: archived ? now : null, updatedAt: now })
    .where(and(eq(ticketTypes.id, typeId), eq(ticketTypes.eventId, eventId)))
    .run()
  if (r.changes === 1) db.insert(auditLog).values({ actorUserId, action: archived ? 'ticket_type.archived' : 'ticket_type.restored', subjectType: 'ticket_type', subjectId: String(typeId) }).run()
  return r.changes === 1
}

export function setCapacity(db: Db, eventId: number, capacity: number, actorUserId: number, now = Date.now()) {
  return db.transaction(
    (tx) => {
      const a = eventAvailability(tx, eventId, now)
      if (!a) return { ok: false as const, error: 'typeNotFound' as const, taken: 0 }
      if (capacity < a.taken) return { ok: false as const, error: 'capacityTooLow' as const, taken: a.taken }
      tx.update(events).set({ capacity, updatedAt: now }).where(eq(events.id, eventId)).run()
      tx.insert(auditLog).values({ actorUserId, action: 'event.capacity_changed', subjectType: 'event', subjectId: String(eventId), details: { capacity } }).run()
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}
