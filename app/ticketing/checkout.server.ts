/**
 * From a hold to Stripe Checkout. A double click on "pay" gets the same session: the first call
 * stores the session id on the order, and the create call carries an idempotency key from the
 * order with parameters that do not change between clicks.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { orders } from '#db/schema'
import { localePath } from '~/i18n/locale'
import { createCheckoutSession, retrieveCheckoutSession } from '~/payments/checkout.server'
import { HOLD_MS } from './booking.server'
import { readOrderDetail } from './tickets-view.server'

export type CheckoutStart = { ok: true; url: string } | { ok: false; reason: 'expired' | 'not_pending' | 'free' | 'no_buyer' | 'unavailable' }

/** Stripe wants a Checkout Session to live at least 30 minutes; a minute of slack for clocks. */
const MIN_SESSION_MS = HOLD_MS + 60_000

export async function startCheckout(db: Db, orderId: number, baseUrl: string, now = Date.now()): Promise<CheckoutStart> {
  // Going to pay extends the hold to the session's lifetime, once (only while no session exists),
  // so the session and the hold expire together. A concurrent second click sees the same expiry.
  const order = db.transaction(
    (tx) => {
      const o = tx.select().from(orders).where(eq(orders.id, orderId)).get()
      if (!o || o.status !== 'pending' || o.expiresAt <= now) return o
      if (!o.stripeCheckoutSessionId && o.expiresAt < now + HOLD_MS) {
        const expiresAt = Math.ceil((now + MIN_SESSION_MS) / 1000) * 1000
        tx.update(orders).set({ expiresAt, updatedAt: now }).where(eq(orders.id, orderId)).run()
        return { ...o, expiresAt }
      }
      return o
    },
    { behavior: 'immediate' },
  )
  if (!order) return { ok: false, reason: 'not_pending' }
  if (order.status !== 'pending') return { ok: false, reason: 'not_pending' }
  if (order.expiresAt <= now) return { ok: false, reason: 'expired' }
  if (order.totalPence === 0) return { ok: false, reason: 'free' }
  if (!order.buyerEmail || !order.buyerName) return { ok: false, reason: 'no_buyer' }

  if (order.stripeCheckoutSessionId) {
    const existing = await retrieveCheckoutSession(order.stripeCheckoutSessionId)
    if (existing?.status === 'open' && existing.url) return { ok: true, url: existing.url }
    return { ok: false, reason: existing?.status === 'complete' ? 'not_pending' : 'unavailable' }
  }
  const detail = readOrderDetail(db, orderId)!
  const locale = order.locale
  const title = locale === 'ru' ? detail.event.titleRu : detail.event.titleEn
  const session = await createCheckoutSession({
    orderId: order.id,
    orderCode: order.code,
    email: order.buyerEmail,
    locale,
    currency: order.currency,
    lines: detail.items.map((i) => ({ name: `${title} — ${locale === 'ru' ? i.nameRu : i.nameEn}`, quantity: i.quantity, unitPricePence: i.unitPricePence })),
    expiresAt: order.expiresAt,
    successUrl: `${baseUrl}${localePath(locale, `/orders/${order.code}`)}?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${baseUrl}${localePath(locale, `/orders/${order.code}`)}?cancelled=1`,
  })
  db.update(orders)
    .set({ stripeCheckoutSessionId: session.sessionId, updatedAt: Date.now() })
    .where(and(eq(orders.id, orderId), sql`${orders.stripeCheckoutSessionId} is null`))
    .run()
  if (session.status !== 'open' || !session.url) return { ok: false, reason: 'unavailable' }
  return { ok: true, url: session.url }
}
