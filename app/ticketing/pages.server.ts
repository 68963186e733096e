/** What the ticketing pages read: the booking form's event and types, an order as its buyer sees it. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { preparedOnce } from '#db/prepared.server'
import { events, orders, users, type Locale } from '#db/schema'
import { activeTicketTypes, availabilityOf, heldSeats } from './availability.server'
import { qrDataUrl, readOrderDetail } from './tickets-view.server'

// Prepared once: every hold in a booking rush starts with this lookup.
const eventBySlug = preparedOnce((db) => db.select().from(events).where(eq(events.slug, sql.placeholder('slug'))).prepare())

export function findBookableEvent(db: DbOrTx, slug: string) {
  const event = eventBySlug(db).get({ slug })
  if (!event || event.status === 'draft') return null
  return event
}

export function bookingPage(db: DbOrTx, slug: string, locale: Locale, now = Date.now()) {
  const event = findBookableEvent(db, slug)
  if (!event) return null
  const types = activeTicketTypes(db, event.id)
  const availability = availabilityOf(db, event, types, now)
  const open = event.status === 'published' && event.endsAt > now
  return {
    event: {
      id: event.id,
      slug: event.slug,
      title: locale === 'ru' ? event.titleRu : event.titleEn,
      startsAt: event.startsAt,
      open,
      maxSeatsPerOrder: event.maxSeatsPerOrder,
      requiresApproval: event.requiresApproval,
    },
    remaining: availability.remaining,
    /** Seats in other people's live holds: "all held, check back soon" rather than "sold out". */
    held: heldSeats(db, event.id, now),
    types: types.map((t) => {
      const a = availability.types.find((x) => x.ticketTypeId === t.id)!
      return {
        id: t.id,
        name: locale === 'ru' ? t.nameRu : t.nameEn,
        description: locale === 'ru' ? t.descriptionRu : t.descriptionEn,
        pricePence: t.pricePence,
        memberPricePence: t.memberPricePence,
        currency: t.currency,
        maxPerOrder: t.maxPerOrder,
        membersOnly: t.membersOnly,
        remaining: a.remaining,
        onSale: a.onSale,
        salesStartAt: t.salesStartAt,
      }
    }),
  }
}

/** The signed-in person's email if they verified it (giving it to an order confirms that order's email). */
export function verifiedEmailOf(db: DbOrTx, userId: number | null | undefined): string | null {
  if (!userId) return null
  const u = db.select({ email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).get()
  return u?.email && u.verifiedAt !== null ? u.email : null
}

export function orderByCode(db: DbOrTx, code: string) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(code)) return null
  return db.select().from(orders).where(eq(orders.code, code)).get() ?? null
}

export async function orderPage(db: DbOrTx, orderId: number, locale: Locale, now = Date.now()) {
  const detail = readOrderDetail(db, orderId)!
  const { order, event, venue } = detail
  const holder = order.status === 'paid' || order.status === 'partially_refunded'
  // A hidden address goes to a holder by email; this page (whose link can be passed on) shows it
  // only once the holder proved the email is theirs.
  const showAddress = venue !== null && (!event.addressHidden || (holder && order.emailConfirmedAt !== null))
  const ticketsShown = holder ? detail.tickets : []
  const qr = await Promise.all(ticketsShown.map((t) => (t.status === 'valid' ? qrDataUrl(t.code) : Promise.resolve(null))))
  return {
    order: {
      code: order.code,
      status: order.status,
      heldActive: order.status === 'pending' && order.expiresAt > now,
      expiresAt: order.expiresAt,
      totalPence: order.totalPence,
      currency: order.currency,
      buyerName: order.buyerName,
      buyerEmail: order.buyerEmail,
      lateOutcome: order.lateOutcome,
      hasSession: order.stripeCheckoutSessionId !== null,
      guest: order.userId === null,
      emailConfirmed: order.emailConfirmedAt !== null,
      /** A code was sent and can still be typed. */
      codeSent: order.emailCodeHash !== null,
      approval: order.approval,
      awaitingPayment: order.status === 'pending' && order.awaitingPaymentSince !== null,
    },
    event: {
      slug: event.slug,
      title: locale === 'ru' ? event.titleRu : event.titleEn,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      addressHidden: event.addressHidden,
      requiresApproval: event.requiresApproval,
    },
    place: venue
      ? {
          name: locale === 'ru' ? venue.nameRu : venue.nameEn,
          address: showAddress ? (locale === 'ru' ? venue.addressRu : venue.addressEn) : null,
          directions: showAddress ? (locale === 'ru' ? venue.directionsRu : venue.directionsEn) : null,
        }
      : null,
    items: detail.items.map((i) => ({ name: locale === 'ru' ? i.nameRu : i.nameEn, quantity: i.quantity, unitPricePence: i.unitPricePence })),
    tickets: ticketsShown.map((t, i) => ({ code: t.code, name: locale === 'ru' ? t.nameRu : t.nameEn, status: t.status, qr: qr[i] ?? null })),
  }
}

export function ordersOfUser(db: DbOrTx, userId: number) {
  return db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.userId, userId), inArray(orders.status, ['paid', 'partially_refunded', 'refunded'])))
    .orderBy(desc(orders.createdAt))
    .all()
    .map((o) => readOrderDetail(db, o.id)!)
}
