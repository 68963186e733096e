/**
 * The few Stripe calls ticketing makes, behind plain functions and plain types, so nothing outside
 * this folder needs to know Stripe's SDK. Every write carries an idempotency key derived from our
 * own order, so a retry, a double click or a second server process gets the first answer again.
 */
import type Stripe from 'stripe'
import { constructWebhookEvent, getStripe, isStripeError } from './stripe.server'

export type CheckoutFacts = {
  sessionId: string
  status: 'open' | 'complete' | 'expired'
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required'
  paymentIntentId: string | null
  /** Our order id, from client_reference_id. */
  orderId: number | null
  orderCode: string | null
  amountTotal: number | null
  currency: string | null
  url: string | null
  expiresAt: number
}

export type RefundFacts = { paymentIntentId: string; amountRefunded: number; fully: boolean }

export type PaymentEvent =
  | { id: string; type: 'checkout.session.completed' | 'checkout.session.async_payment_succeeded' | 'checkout.session.async_payment_failed' | 'checkout.session.expired'; session: CheckoutFacts }
  | { id: string; type: 'charge.refunded'; refund: RefundFacts }
  | { id: string; type: 'other'; stripeType: string }
  | MembershipPaymentEvent

/** Subscription events go to membership, which re-fetches the subscription instead of trusting the payload. */
export type MembershipStripeType =
  | 'checkout.session.completed'
  | 'customer.subscription.created'
  | 'customer.subscription.updated'
  | 'customer.subscription.deleted'
  | 'invoice.paid'
  | 'invoice.payment_failed'

export type MembershipPaymentEvent = {
  id: string
  type: 'membership'
  stripeType: MembershipStripeType
  subscriptionId: string | null
  customerId: string | null
  /** Our person: client_reference_id on a Checkout Session, metadata.user_id on a subscription. */
  userId: number | null
  checkoutSessionId: string | null
  /** ms; when Stripe made the event. */
  created: number
}

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null))
function positiveInt(v: string | null | undefined): number | null {
  const n = Number(v)
  return v && Number.isSafeInteger(n) && n > 0 ? n : null
}

function membershipEvent(event: Stripe.Event): MembershipPaymentEvent | null {
  const base = { id: event.id, type: 'membership' as const, created: event.created * 1000 }
  switch (event.type) {
    case 'checkout.session.completed': {
      const s = event.data.object
      if (s.mode !== 'subscription') return null
      return { ...base, stripeType: event.type, subscriptionId: idOf(s.subscription), customerId: idOf(s.customer), userId: positiveInt(s.client_reference_id), checkoutSessionId: s.id }
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const sub = event.data.object
      return { ...base, stripeType: event.type, subscriptionId: sub.id, customerId: idOf(sub.customer), userId: positiveInt(sub.metadata?.user_id), checkoutSessionId: null }
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const inv = event.data.object
      const details = inv.parent?.subscription_details
      return {
        ...base,
        stripeType: event.type,
        subscriptionId: idOf(details?.subscription),
        customerId: idOf(inv.customer),
        userId: positiveInt(details?.metadata?.user_id),
        checkoutSessionId: null,
      }
    }
    default:
      return null
  }
}

function facts(s: Stripe.Checkout.Session): CheckoutFacts {
  const pi = typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? null)
  const ref = s.client_reference_id ? Number(s.client_reference_id) : NaN
  return {
    sessionId: s.id,
    status: (s.status ?? 'open') as CheckoutFacts['status'],
    paymentStatus: s.payment_status as CheckoutFacts['paymentStatus'],
    paymentIntentId: pi,
    orderId: Number.isSafeInteger(ref) ? ref : null,
    orderCode: s.metadata?.order_code ?? null,
    amountTotal: s.amount_total,
    currency: s.currency,
    url: s.url,
    expiresAt: s.expires_at * 1000,
  }
}

export type CreateCheckout = {
  orderId: number
  orderCode: string
  email: string | null
  locale: 'en' | 'ru'
  currency: string
  lines: { name: string; quantity: number; unitPricePence: number }[]
  /** ms; Stripe wants 30 minutes to 24 hours from now. */
  expiresAt: number
  successUrl: string
  cancelUrl: string
}

export async function createCheckoutSession(c: CreateCheckout): Promise<CheckoutFacts> {
  const session = await getStripe().checkout.sessions.create(
    {
      mode: 'payment',
      client_reference_id: String(c.orderId),
      metadata: { order_code: c.orderCode },
      payment_intent_data: { metadata: { order_code: c.orderCode, order_id: String(c.orderId) } },
      ...(c.email ? { customer_email: c.email } : {}),
      locale: c.locale,
      expires_at: Math.floor(c.expiresAt / 1000),
      line_items: c.lines.map((l) => ({
        quantity: l.quantity,
        price_data: { currency: c.currency.toLowerCase(), unit_amount: l.unitPricePence, product_data: { name: l.name } },
      })),
      success_url: c.successUrl,
      cancel_url: c.cancelUrl,
    },
    { idempotencyKey: `order-${c.orderId}-checkout` },
  )
  return facts(session)
}

export async function retrieveCheckoutSession(id: string): Promise<CheckoutFacts | null> {
  try {
    return facts(await getStripe().checkout.sessions.retrieve(id))
  } catch (error) {
    if (isStripeError(error) && error.statusCode === 404) return null
    throw error
  }
}

/** Ends an open session early. Already complete or expired is not an error for us. */
export async function expireCheckoutSession(id: string): Promise<'expired' | 'not_open'> {
  try {
    await getStripe().checkout.sessions.expire(id)
    return 'expired'
  } catch (error) {
    if (isStripeError(error) && error.statusCode !== undefined && error.statusCode < 500) return 'not_open'
    throw error
  }
}

export async function refundPayment(p: { paymentIntentId: string; amountPence?: number; idempotencyKey: string; reason?: 'requested_by_customer' | 'duplicate' }) {
  const refund = await getStripe().refunds.create(
    { payment_intent: p.paymentIntentId, ...(p.amountPence ? { amount: p.amountPence } : {}), ...(p.reason ? { reason: p.reason } : {}) },
    { idempotencyKey: p.idempotencyKey },
  )
  return { id: refund.id, amount: refund.amount, status: refund.status }
}

export async function listRefunds(paymentIntentId: string) {
  const list = await getStripe().refunds.list({ payment_intent: paymentIntentId, limit: 100 })
  return list.data.map((r) => ({ id: r.id, amount: r.amount, status: r.status }))
}

/** Verifies and reads a webhook. Throws on a bad signature (the route answers 400). */
export function parsePaymentEvent(rawBody: string, signature: string | null): PaymentEvent {
  const event = constructWebhookEvent(rawBody, signature)
  const membership = membershipEvent(event)
  if (membership) return membership
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired':
      return { id: event.id, type: event.type, session: facts(event.data.object) }
    case 'charge.refunded': {
      const ch = event.data.object
      const pi = typeof ch.payment_intent === 'string' ? ch.payment_intent : ch.payment_intent?.id
      if (!pi) return { id: event.id, type: 'other', stripeType: event.type }
      return { id: event.id, type: 'charge.refunded', refund: { paymentIntentId: pi, amountRefunded: ch.amount_refunded, fully: ch.refunded } }
    }
    default:
      return { id: event.id, type: 'other', stripeType: event.type }
  }
}
