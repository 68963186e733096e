/**
 * The sandbox plays Stripe's part for the official SDK over HTTP: the same shapes, idempotency keys
 * honoured (a retry gets the first answer, other parameters under the same key are refused),
 * Stripe's limits on expiry, refunds that cannot exceed the charge, and webhooks signed as Stripe signs.
 */
import type { AddressInfo } from 'node:net'
import express from 'express'
import Stripe from 'stripe'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getEnv } from '~/env.server'
import { getSandbox, mountStripeSandbox } from './mount.server'

let server: import('node:http').Server
let stripe: Stripe
const received: { body: string; signature: string }[] = []

beforeAll(async () => {
  const app = express()
  app.post('/webhooks/stripe', express.text({ type: '*/*' }), (req, res) => {
    received.push({ body: req.body as string, signature: req.get('stripe-signature') ?? '' })
    res.json({ received: true })
  })
  mountStripeSandbox(app, { logger: { info: () => {}, warn: () => {} }, env: getEnv() })
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  stripe = new Stripe('sk_test_sandbox', { host: '127.0.0.1', port: (server.address() as AddressInfo).port, protocol: 'http', maxNetworkRetries: 0 })
  // The first request teaches the sandbox its own port.
  await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/sandbox.css`)
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

// Fixed once: the same parameters must be sent again under the same idempotency key.
const EXPIRES_AT = Math.floor(Date.now() / 1000) + 31 * 60
const params = (over: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  client_reference_id: '7',
  metadata: { order_code: 'abc' },
  expires_at: EXPIRES_AT,
  line_items: [{ quantity: 2, price_data: { currency: 'gbp', unit_amount: 800, product_data: { name: 'Talk' } } }],
  success_url: 'http://127.0.0.1:1/orders/abc?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://127.0.0.1:1/orders/abc',
  ...over,
})

test('sessions: Stripe’s shape; an idempotency key returns the first answer; other parameters under it are refused', async () => {
  const a = await stripe.checkout.sessions.create(params(), { idempotencyKey: 'order-7-checkout' })
  expect(a).toMatchObject({ object: 'checkout.session', status: 'open', payment_status: 'unpaid', amount_total: 1600, currency: 'gbp', client_reference_id: '7', metadata: { order_code: 'abc' } })
  expect(a.id).toMatch(/^cs_test_/)
  expect(a.url).toBe(`http://127.0.0.1:1/sandbox/checkout/${a.id}`)
  const b = await stripe.checkout.sessions.create(params(), { idempotencyKey: 'order-7-checkout' })
  expect(b.id).toBe(a.id)
  await expect(stripe.checkout.sessions.create(params({ customer_email: 'x@example.org' }), { idempotencyKey: 'order-7-checkout' })).rejects.toMatchObject({ type: 'StripeIdempotencyError' })
  expect((await stripe.checkout.sessions.retrieve(a.id)).id).toBe(a.id)
  await expect(stripe.checkout.sessions.retrieve('cs_test_nope')).rejects.toMatchObject({ statusCode: 404 })
})

test('expires_at must be 30 minutes to 24 hours away; expire works only while open', async () => {
  const now = Math.floor(Date.now() / 1000)
  await expect(stripe.checkout.sessions.create(params({ expires_at: now + 10 * 60 }))).rejects.toMatchObject({ statusCode: 400, param: 'expires_at' })
  await expect(stripe.checkout.sessions.create(params({ expires_at: now + 25 * 3600 }))).rejects.toMatchObject({ statusCode: 400 })
  const s = await stripe.checkout.sessions.create(params())
  expect((await stripe.checkout.sessions.expire(s.id)).status).toBe('expired')
  await expect(stripe.checkout.sessions.expire(s.id)).rejects.toMatchObject({ statusCode: 400 })
})

test('paying, refunding up to the charge, and webhooks signed so that constructEvent accepts them', async () => {
  getSandbox()!.webhooks.hold = false
  const s = await stripe.checkout.sessions.create(params())
  const paid = getSandbox()!.pay(s.id, '4242 4242 4242 4242')
  expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid' })
  expect(() => getSandbox()!.pay(s.id, '4242424242424242')).toThrow()
  const pi = paid.payment_intent as string
  await expect(stripe.refunds.create({ payment_intent: pi, amount: 5000 })).rejects.toMatchObject({ statusCode: 400 })
  const r1 = await stripe.refunds.create({ payment_intent: pi, amount: 600 }, { idempotencyKey: 'refund-1' })
  const again = await stripe.refunds.create({ payment_intent: pi, amount: 600 }, { idempotencyKey: 'refund-1' })
  expect(again.id).toBe(r1.id)
  await stripe.refunds.create({ payment_intent: pi })
  await expect(stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({ code: 'charge_already_refunded' })
  expect((await stripe.refunds.list({ payment_intent: pi })).data.map((r) => r.amount).sort()).toEqual([1000, 600])
  const declined = await stripe.checkout.sessions.create(params())
  expect(() => getSandbox()!.pay(declined.id, '4000 0000 0000 0002')).toThrow(/declined/)

  await new Promise((r) => setTimeout(r, 300))
  const types = received.map((w) => Stripe.webhooks.constructEvent(w.body, w.signature, getEnv().STRIPE_WEBHOOK_SECRET).type)
  expect(types).toContain('checkout.session.completed')
  expect(types.filter((t) => t === 'charge.refunded')).toHaveLength(2)
  expect(() => Stripe.webhooks.constructEvent(received[0]!.body, received[0]!.signature, 'whsec_other')).toThrow()
})
