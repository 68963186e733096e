/**
 * Subscriptions through the adapter (app/payments/billing.server.ts) and the real Stripe SDK over
 * HTTP to the sandbox, with webhooks signed by the sandbox and verified by parsePaymentEvent on a
 * receiving endpoint, and the hosted Checkout and portal pages driven by form posts as a browser would.
 */
import type { AddressInfo } from 'node:net'
import express from 'express'
import Stripe from 'stripe'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  advanceTestClock,
  cancelSubscriptionNow,
  createPortalSession,
  createSubscriptionCheckout,
  createTestClock,
  ensureCustomer,
  listAllSubscriptions,
  listCustomerSubscriptions,
  lookupKey,
  retrieveCheckoutSubscriptionId,
  retrieveSubscription,
  syncPlanPrices,
  type PlanForSync,
} from '../billing.server'
import { parsePaymentEvent, type PaymentEvent } from '../checkout.server'
import { getSandbox, mountStripeSandbox } from './mount.server'
import { getEnv } from '~/env.server'

let server: import('node:http').Server
let base: string
let stripe: Stripe
const received: PaymentEvent[] = []
let forged = 0

beforeAll(async () => {
  const app = express()
  app.post('/webhooks/stripe', express.text({ type: '*/*' }), (req, res) => {
    try {
      received.push(parsePaymentEvent(req.body as string, req.get('stripe-signature') ?? null))
      res.json({ received: true })
    } catch {
      forged++
      res.status(400).send('bad signature')
    }
  })
  mountStripeSandbox(app, { logger: { info: () => {}, warn: () => {} }, env: getEnv() })
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  base = `http://127.0.0.1:${port}`
  stripe = new Stripe('sk_test_sandbox', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 })
  // The first request teaches the sandbox (and the adapter's client) this server's port.
  await fetch(`${base}/sandbox/sandbox.css`)
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const DAY = 24 * 3600 * 1000
// 15 Jan 2026, noon UTC: months after it have 28–31 days, so a month's advance is checked exactly.
const T0 = Date.UTC(2026, 0, 15, 12)

const PLANS: PlanForSync[] = [
  { slug: 'friend', nameEn: 'Friend', monthlyPence: 1000, yearlyPence: 10000, concessionMonthlyPence: 500, currency: 'GBP', stripeProductId: null },
  { slug: 'patron', nameEn: 'Patron', monthlyPence: 5000, yearlyPence: null, currency: 'GBP', stripeProductId: null },
]
let prices: Awaited<ReturnType<typeof syncPlanPrices>>['plans']

/** Membership events received for one subscription (or customer), waited for until `count` arrived. */
async function eventsFor(match: { subscriptionId?: string; customerId?: string }, count: number) {
  const pick = () =>
    received.filter(
      (e): e is Extract<PaymentEvent, { type: 'membership' }> =>
        e.type === 'membership' && (match.subscriptionId ? e.subscriptionId === match.subscriptionId : e.customerId === match.customerId),
    )
  for (let i = 0; i < 100 && pick().length < count; i++) await new Promise((r) => setTimeout(r, 50))
  return pick()
}

/** Stripe's own record of what it sent about a subscription, in the order it happened. */
async function sandboxEvents(subscriptionId: string): Promise<string[]> {
  const res = await fetch(`${base}/sandbox/test/events?subscription=${subscriptionId}`)
  return ((await res.json()) as { data: Stripe.Event[] }).data.map((e) => e.type)
}

async function payOnHostedPage(url: string, card: string) {
  const id = new URL(url).pathname.split('/').pop()!
  return fetch(`${base}/sandbox/checkout/${id}/pay`, { method: 'POST', body: new URLSearchParams({ card, method: 'card' }), redirect: 'manual' })
}

async function portalPost(url: string, action: string, fields: Record<string, string>) {
  const path = new URL(url).pathname
  return fetch(`${base}${path}/${action}`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' })
}

/** A member on a fresh test clock with a paid monthly Friend subscription, through Checkout. */
async function newMember(userId: number, card = '4242 4242 4242 4242') {
  const clock = await createTestClock(T0)
  const customerId = await ensureCustomer({ userId, email: `m${userId}@example.org`, existingCustomerId: null, testClockId: clock.id })
  const checkout = await createSubscriptionCheckout({
    customerId,
    userId,
    priceId: prices[0]!.prices.monthly!,
    successUrl: `${base}/membership/welcome?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${base}/membership`,
    locale: 'en',
    idempotencyKey: `user-${userId}-join-1`,
  })
  const res = await payOnHostedPage(checkout.url, card)
  expect(res.status).toBe(303)
  const subscriptionId = (await retrieveCheckoutSubscriptionId(checkout.id))!
  return { clock, customerId, checkout, subscriptionId }
}

test('plan prices: the first sync creates products and prices by lookup key; a second run changes nothing; a new amount replaces the price', async () => {
  const first = await syncPlanPrices(PLANS)
  expect(first.actions.filter((a) => a.action === 'created')).toHaveLength(2 + 4)
  prices = first.plans
  expect(prices[0]).toMatchObject({ slug: 'friend', productId: 'orc_plan_friend', prices: { monthly: expect.stringMatching(/^price_/), concession_yearly: null } })

  const second = await syncPlanPrices(PLANS)
  expect(second.actions.every((a) => a.action === 'unchanged')).toBe(true)
  expect(second.plans).toEqual(first.plans)

  // A new amount: a new price takes the lookup key over, the old one is archived, nothing else moves.
  const third = await syncPlanPrices([{ ...PLANS[1]!, monthlyPence: 6000 }])
  expect(third.actions.filter((a) => a.action !== 'unchanged')).toEqual([expect.objectContaining({ kind: 'price', variant: 'monthly', action: 'replaced' })])
  const old = await stripe.prices.retrieve(prices[1]!.prices.monthly!)
  expect(old).toMatchObject({ active: false, lookup_key: null })
  const now = await stripe.prices.list({ lookup_keys: [lookupKey('patron', 'monthly')] })
  expect(now.data.map((p) => [p.unit_amount, p.active])).toEqual([[6000, true]])
  // Back to the first amount: a new active price again under the key (not the archived first one).
  await syncPlanPrices([PLANS[1]!])
  expect((await stripe.prices.list({ lookup_keys: [lookupKey('patron', 'monthly')] })).data.map((p) => [p.unit_amount, p.active])).toEqual([[5000, true]])
  prices = (await syncPlanPrices(PLANS)).plans
  // A lookup key cannot be taken without transfer_lookup_key, as in Stripe.
  await expect(stripe.prices.create({ product: 'orc_plan_friend', currency: 'gbp', unit_amount: 1, recurring: { interval: 'month' }, lookup_key: lookupKey('friend', 'monthly') })).rejects.toMatchObject({ statusCode: 400, param: 'lookup_key' })
})

test('joining: one customer per person, Checkout in subscription mode, a declined card changes nothing, webhooks in Stripe’s order', async () => {
  const clock = await createTestClock(T0)
  const a = await ensureCustomer({ userId: 41, email: 'anna@example.org', existingCustomerId: null, testClockId: clock.id })
  const again = await ensureCustomer({ userId: 41, email: 'anna@example.org', existingCustomerId: null, testClockId: clock.id })
  expect(again).toBe(a)
  expect(await ensureCustomer({ userId: 41, email: 'anna@example.org', existingCustomerId: a })).toBe(a)
  // Stripe gets the email and our id, nothing else.
  const customer = (await stripe.customers.retrieve(a)) as Stripe.Customer
  expect(customer).toMatchObject({ email: 'anna@example.org', name: null, metadata: { user_id: '41' }, test_clock: clock.id })

  const params = {
    customerId: a,
    userId: 41,
    priceId: prices[0]!.prices.monthly!,
    successUrl: `${base}/membership/welcome?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${base}/membership`,
    locale: 'ru' as const,
    idempotencyKey: 'user-41-join-1',
  }
  const checkout = await createSubscriptionCheckout(params)
  expect((await createSubscriptionCheckout(params)).id).toBe(checkout.id)
  await expect(createSubscriptionCheckout({ ...params, priceId: prices[0]!.prices.yearly! })).rejects.toMatchObject({ type: 'StripeIdempotencyError' })
  const session = await stripe.checkout.sessions.retrieve(checkout.id)
  expect(session).toMatchObject({ mode: 'subscription', customer: a, client_reference_id: '41', status: 'open', amount_total: 1000, currency: 'gbp', subscription: null })
  expect(await retrieveCheckoutSubscriptionId(checkout.id)).toBeNull()

  // The hosted page, in Russian; a declined card is said in Russian and nothing is made.
  const pageHtml = await (await fetch(checkout.url)).text()
  expect(pageHtml).toContain('lang="ru"')
  expect(pageHtml).toContain('в месяц')
  const declined = await payOnHostedPage(checkout.url, '4000 0000 0000 0002')
  expect(declined.status).toBe(200)
  expect(await declined.text()).toContain('role="alert"')
  expect(await listCustomerSubscriptions(a)).toEqual([])

  const paid = await payOnHostedPage(checkout.url, '4242 4242 4242 4242')
  expect(paid.status).toBe(303)
  expect(paid.headers.get('location')).toBe(`${base}/membership/welcome?session_id=${checkout.id}`)
  // A second click on the paid page pays nothing more.
  expect((await payOnHostedPage(checkout.url, '4242424242424242')).status).toBe(400)

  const subId = (await retrieveCheckoutSubscriptionId(checkout.id))!
  expect(subId).toMatch(/^sub_/)
  const facts = (await retrieveSubscription(subId))!
  expect(facts).toMatchObject({
    id: subId,
    customerId: a,
    status: 'active',
    priceId: prices[0]!.prices.monthly,
    cancelAtPeriodEnd: false,
    canceledAt: null,
    endedAt: null,
    created: T0,
    currentPeriodEnd: Date.UTC(2026, 1, 15, 12),
    userId: 41,
    latestInvoice: { status: 'paid', paid: true, attemptCount: 1, created: T0 },
  })

  expect(await sandboxEvents(subId)).toEqual([
    'customer.subscription.created',
    'invoice.created',
    'invoice.finalized',
    'invoice.paid',
    'invoice.payment_succeeded',
    'customer.subscription.updated',
    'checkout.session.completed',
  ])
  const got = await eventsFor({ customerId: a }, 4)
  expect(got.map((e) => e.stripeType).sort()).toEqual(['checkout.session.completed', 'customer.subscription.created', 'customer.subscription.updated', 'invoice.paid'].sort())
  // checkout.session.completed in subscription mode is membership's, with our ids on it.
  expect(got.find((e) => e.stripeType === 'checkout.session.completed')).toMatchObject({ subscriptionId: subId, customerId: a, userId: 41, checkoutSessionId: checkout.id })
  expect(got.find((e) => e.stripeType === 'invoice.paid')).toMatchObject({ subscriptionId: subId, customerId: a, userId: 41 })
  expect(forged).toBe(0)
})

test('renewal: advancing the clock past the period end makes a paid invoice and a new period', async () => {
  const m = await newMember(42)
  await advanceTestClock(m.clock.id, T0 + 32 * DAY)
  const facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'active', currentPeriodEnd: Date.UTC(2026, 2, 15, 12), latestInvoice: { paid: true, created: Date.UTC(2026, 1, 15, 12) } })
  const invoices = await stripe.invoices.list({ subscription: m.subscriptionId })
  expect(invoices.data.map((i) => [i.billing_reason, i.status, i.parent?.subscription_details?.subscription])).toEqual([
    ['subscription_cycle', 'paid', m.subscriptionId],
    ['subscription_create', 'paid', m.subscriptionId],
  ])
  expect((await sandboxEvents(m.subscriptionId)).slice(7)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded', 'customer.subscription.updated'])
  // Stripe's limit: at most two intervals ahead of the shortest subscription.
  await expect(stripe.testHelpers.testClocks.advance(m.clock.id, { frozen_time: Math.floor((T0 + 200 * DAY) / 1000) })).rejects.toMatchObject({ statusCode: 400 })
  await expect(stripe.testHelpers.testClocks.advance(m.clock.id, { frozen_time: Math.floor(T0 / 1000) })).rejects.toMatchObject({ statusCode: 400 })
})

test('a failing card: the renewal fails (past_due), a retry fails, the portal’s new card pays the open invoice (active)', async () => {
  const m = await newMember(43, '4000 0000 0000 0341')
  expect((await retrieveSubscription(m.subscriptionId))!.status).toBe('active')
  await advanceTestClock(m.clock.id, T0 + 32 * DAY)
  let facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'past_due', latestInvoice: { status: 'open', paid: false, attemptCount: 1 } })
  const failed = await eventsFor({ subscriptionId: m.subscriptionId }, 6)
  expect(failed.map((e) => e.stripeType)).toContain('invoice.payment_failed')
  const invoice = await stripe.invoices.retrieve(facts.latestInvoice!.id)
  expect(invoice.next_payment_attempt).toBe(Math.floor(Date.UTC(2026, 1, 22, 12) / 1000))

  // The first retry, a week later, fails as well.
  await advanceTestClock(m.clock.id, Date.UTC(2026, 1, 23))
  facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'past_due', latestInvoice: { attemptCount: 2 } })

  // The portal's card update (deep link), with a declined card first: nothing changes.
  const portal = await createPortalSession({ customerId: m.customerId, returnUrl: `${base}/account/membership`, locale: 'ru', flow: 'payment_method_update' })
  const view = await (await fetch(portal.url)).text()
  expect(view).toContain('lang="ru"')
  expect(view).toContain('Способ оплаты')
  const declined = await portalPost(portal.url, 'card', { card: '4000 0000 0000 0002' })
  expect(declined.status).toBe(200)
  expect(await declined.text()).toContain('Карта отклонена')
  expect((await retrieveSubscription(m.subscriptionId))!.status).toBe('past_due')

  const fixed = await portalPost(portal.url, 'card', { card: '4242 4242 4242 4242' })
  expect(fixed.status).toBe(303)
  facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'active', latestInvoice: { id: invoice.id, status: 'paid', paid: true } })
  const sub = await stripe.subscriptions.retrieve(m.subscriptionId)
  const pm = sub.default_payment_method as string
  expect(pm).toMatch(/^pm_/)
  expect(((await stripe.customers.retrieve(m.customerId)) as Stripe.Customer).invoice_settings.default_payment_method).toBe(pm)
  const tail = (await sandboxEvents(m.subscriptionId)).slice(-4)
  expect(tail).toEqual(['customer.subscription.updated', 'invoice.paid', 'invoice.payment_succeeded', 'customer.subscription.updated'])
})

test('retries run out: the third failure in two weeks cancels the subscription (customer.subscription.deleted)', async () => {
  const m = await newMember(44, '4000000000000341')
  await advanceTestClock(m.clock.id, Date.UTC(2026, 2, 5))
  const facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'canceled', endedAt: Date.UTC(2026, 2, 1, 12), latestInvoice: { status: 'open', attemptCount: 3 } })
  const sub = await stripe.subscriptions.retrieve(m.subscriptionId)
  expect(sub.cancellation_details?.reason).toBe('payment_failed')
  const types = await sandboxEvents(m.subscriptionId)
  expect(types.filter((t) => t === 'invoice.payment_failed')).toHaveLength(3)
  expect(types.at(-1)).toBe('customer.subscription.deleted')
  const got = await eventsFor({ subscriptionId: m.subscriptionId }, 9)
  expect(got.at(-1)?.stripeType).toBe('customer.subscription.deleted')
  // Nothing more happens to an ended subscription.
  await advanceTestClock(m.clock.id, Date.UTC(2026, 3, 1))
  expect(await sandboxEvents(m.subscriptionId)).toEqual(types)
})

test('portal: cancel at period end keeps it active until then, resume undoes it; switching plan; forms refuse another customer’s subscription', async () => {
  const m = await newMember(45)
  const other = await newMember(46)
  const portal = await createPortalSession({ customerId: m.customerId, returnUrl: `${base}/account/membership`, locale: 'en' })
  const home = await (await fetch(portal.url)).text()
  expect(home).toContain('Membership billing')
  expect(home).toContain('Friend')

  // A guessed subscription id of someone else changes nothing.
  const forgedCancel = await portalPost(portal.url, 'cancel', { subscription: other.subscriptionId })
  expect(forgedCancel.status).toBe(400)
  expect((await retrieveSubscription(other.subscriptionId))!.cancelAtPeriodEnd).toBe(false)
  expect((await fetch(`${base}/sandbox/portal/bps_test_guessed`)).status).toBe(404)

  expect((await portalPost(portal.url, 'cancel', { subscription: m.subscriptionId })).status).toBe(303)
  let facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, canceledAt: T0 })
  expect((await portalPost(portal.url, 'resume', { subscription: m.subscriptionId })).status).toBe(303)
  facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, canceledAt: null })

  // Plan switch in the portal: same interval, same period, the new price from now on.
  const patron = prices[1]!.prices.monthly!
  expect((await portalPost(portal.url, 'plan', { subscription: m.subscriptionId, price: patron })).status).toBe(303)
  expect((await retrieveSubscription(m.subscriptionId))!).toMatchObject({ priceId: patron, currentPeriodEnd: Date.UTC(2026, 1, 15, 12) })
  // An archived price is refused.
  const archived = (await stripe.prices.list({ active: false, limit: 100 })).data[0]!
  expect((await portalPost(portal.url, 'plan', { subscription: m.subscriptionId, price: archived.id })).status).toBe(400)

  // Deep link to cancel; at the period end the subscription ends with customer.subscription.deleted.
  const cancelFlow = await createPortalSession({ customerId: m.customerId, returnUrl: `${base}/account/membership`, locale: 'en', flow: 'subscription_cancel', subscriptionId: m.subscriptionId })
  expect((await portalPost(cancelFlow.url, 'cancel', { subscription: m.subscriptionId })).status).toBe(303)
  await expect(createPortalSession({ customerId: m.customerId, returnUrl: `${base}/x`, locale: 'en', flow: 'subscription_update', subscriptionId: other.subscriptionId })).rejects.toMatchObject({ statusCode: 400 })
  await advanceTestClock(m.clock.id, T0 + 40 * DAY)
  facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'canceled', endedAt: Date.UTC(2026, 1, 15, 12), cancelAtPeriodEnd: true })
  const invoices = await stripe.invoices.list({ subscription: m.subscriptionId })
  expect(invoices.data).toHaveLength(1)
  expect((await sandboxEvents(m.subscriptionId)).at(-1)).toBe('customer.subscription.deleted')
})

test('switching from monthly to yearly through the API starts a yearly period with its own invoice', async () => {
  const m = await newMember(47)
  await advanceTestClock(m.clock.id, T0 + 10 * DAY)
  const sub = await stripe.subscriptions.retrieve(m.subscriptionId)
  const updated = await stripe.subscriptions.update(
    m.subscriptionId,
    { items: [{ id: sub.items.data[0]!.id, price: prices[0]!.prices.yearly! }], proration_behavior: 'none' },
    { idempotencyKey: 'switch-47' },
  )
  expect(updated.items.data[0]!.price.id).toBe(prices[0]!.prices.yearly)
  const facts = (await retrieveSubscription(m.subscriptionId))!
  expect(facts).toMatchObject({ status: 'active', currentPeriodEnd: Date.UTC(2027, 0, 25, 12), latestInvoice: { paid: true } })
  const inv = await stripe.invoices.retrieve(facts.latestInvoice!.id)
  expect(inv).toMatchObject({ billing_reason: 'subscription_update', amount_paid: 10000 })
  // The same key answers the first response again and does not switch twice.
  const replay = await stripe.subscriptions.update(m.subscriptionId, { items: [{ id: sub.items.data[0]!.id, price: prices[0]!.prices.yearly! }], proration_behavior: 'none' }, { idempotencyKey: 'switch-47' })
  expect(replay.items.data[0]!.price.id).toBe(updated.items.data[0]!.price.id)
  expect((await stripe.invoices.list({ subscription: m.subscriptionId })).data).toHaveLength(2)
})

test('cancelling now (account deletion): customer.subscription.deleted once; listing pages through every subscription', async () => {
  const m = await newMember(48)
  const done = (await cancelSubscriptionNow(m.subscriptionId))!
  expect(done).toMatchObject({ status: 'canceled', endedAt: T0, canceledAt: T0 })
  // Again (a retry, a second click): the same answer, no second event.
  expect((await cancelSubscriptionNow(m.subscriptionId))!.status).toBe('canceled')
  await expect(stripe.subscriptions.cancel(m.subscriptionId)).rejects.toMatchObject({ statusCode: 400 })
  expect((await sandboxEvents(m.subscriptionId)).filter((t) => t === 'customer.subscription.deleted')).toHaveLength(1)
  const got = await eventsFor({ subscriptionId: m.subscriptionId }, 5)
  expect(got.filter((e) => e.stripeType === 'customer.subscription.deleted')).toHaveLength(1)

  expect((await listCustomerSubscriptions(m.customerId)).map((s) => s.status)).toEqual(['canceled'])
  // Stripe's default list leaves canceled ones out.
  expect((await stripe.subscriptions.list({ customer: m.customerId })).data).toEqual([])
  const all = await listAllSubscriptions()
  const paged = await stripe.subscriptions.list({ status: 'all', limit: 2 }).autoPagingToArray({ limit: 1000 })
  expect(paged.map((s) => s.id)).toEqual(all.map((s) => s.id))
  expect(new Set(paged.map((s) => s.id)).size).toBe(paged.length)
  expect(all.length).toBeGreaterThanOrEqual(8)
  expect(await retrieveSubscription('sub_test_guessed')).toBeNull()
  expect(await retrieveCheckoutSubscriptionId('cs_test_guessed')).toBeNull()
})

test('bad input gets Stripe’s error shapes and changes nothing', async () => {
  const api = (path: string, body: string, method = 'POST') =>
    fetch(`${base}/v1${path}`, { method, headers: { authorization: 'Bearer sk_test_sandbox', 'content-type': 'application/x-www-form-urlencoded' }, body: method === 'GET' ? undefined : body })
  const before = (await stripe.subscriptions.list({ status: 'all', limit: 100 })).data.length
  const cases: [string, string, number][] = [
    ['/customers', 'metadata=notahash', 400],
    ['/customers', 'email=x&test_clock=clock_test_guessed', 404],
    ['/customers', `metadata[${'k'.repeat(41)}]=v`, 400],
    ['/prices', 'product=orc_plan_friend&currency=gbp&unit_amount=abc&recurring[interval]=month', 400],
    ['/prices', 'product=orc_plan_friend&currency=gbp&unit_amount=100&recurring[interval]=fortnight', 400],
    ['/prices', 'product=prod_guessed&currency=gbp&unit_amount=100', 404],
    ['/checkout/sessions', 'mode=subscription&success_url=http://x/&line_items[0][price]=price_guessed', 404],
    ['/checkout/sessions', 'mode=subscription&success_url=http://x/', 400],
    ['/checkout/sessions', 'mode=setup&success_url=http://x/', 400],
    ['/subscriptions/sub_guessed', 'cancel_at_period_end=true', 404],
    ['/billing_portal/sessions', 'customer=cus_guessed', 404],
    ['/billing_portal/sessions', 'flow_data[type]=subscription_cancel', 400],
    ['/test_helpers/test_clocks', 'frozen_time=-5', 400],
    ['/test_helpers/test_clocks/clock_guessed/advance', 'frozen_time=99999999999', 404],
  ]
  for (const [path, body, status] of cases) {
    const res = await api(path, body)
    expect([path, body, res.status]).toEqual([path, body, status])
    expect(((await res.json()) as { error: { type: string; message: string } }).error.message).toBeTruthy()
  }
  // One lookup key given as a plain string is one key, not "no filter".
  const one = await (await fetch(`${base}/v1/prices?lookup_keys=${lookupKey('friend', 'yearly')}`, { headers: { authorization: 'Bearer sk_test_sandbox' } })).json()
  expect((one as { data: Stripe.Price[] }).data.map((p) => p.lookup_key)).toEqual([lookupKey('friend', 'yearly')])
  expect((await stripe.subscriptions.list({ status: 'all', limit: 100 })).data).toHaveLength(before)
})

test('test control: a paid subscription on a test clock in one call, with its webhooks', async () => {
  const res = await fetch(`${base}/sandbox/test/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 77, email: 'seventy7@example.org', price: prices[0]!.prices.yearly, frozenTime: Math.floor(T0 / 1000), card: '4000000000000341' }),
  })
  expect(res.status).toBe(200)
  const made = (await res.json()) as { clockId: string; customerId: string; subscriptionId: string; checkoutSessionId: string }
  expect(await retrieveSubscription(made.subscriptionId)).toMatchObject({ status: 'active', userId: 77, customerId: made.customerId, currentPeriodEnd: Date.UTC(2027, 0, 15, 12) })
  expect((await eventsFor({ subscriptionId: made.subscriptionId }, 4)).map((e) => e.stripeType)).toContain('checkout.session.completed')
  await advanceTestClock(made.clockId, Date.UTC(2027, 0, 16))
  expect((await retrieveSubscription(made.subscriptionId))!.status).toBe('past_due')
  const bad = await fetch(`${base}/sandbox/test/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'x' }) })
  expect(bad.status).toBe(400)
})

test('events: a forged or altered subscription webhook is refused; ticketing’s one-time Checkout keeps its own shape', async () => {
  const sandbox = getSandbox()!
  const [event] = sandbox.store.events().filter((e) => e.type === 'customer.subscription.created')
  const payload = JSON.stringify(event)
  const good = Stripe.webhooks.generateTestHeaderString({ payload, secret: getEnv().STRIPE_WEBHOOK_SECRET })
  expect(parsePaymentEvent(payload, good)).toMatchObject({ type: 'membership', stripeType: 'customer.subscription.created' })
  expect(() => parsePaymentEvent(payload.replace('"user_id"', '"user_iD"'), good)).toThrow()
  expect(() => parsePaymentEvent(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_forged' }))).toThrow()

  const oneTime = await stripe.checkout.sessions.create({
    mode: 'payment',
    client_reference_id: '9',
    metadata: { order_code: 'zz' },
    line_items: [{ quantity: 1, price_data: { currency: 'gbp', unit_amount: 800, product_data: { name: 'Talk' } } }],
    success_url: `${base}/orders/zz`,
  })
  sandbox.pay(oneTime.id, '4242424242424242')
  const e = (await (await fetch(`${base}/sandbox/test/events?session=${oneTime.id}`)).json()) as { data: Stripe.Event[] }
  const body = JSON.stringify(e.data[0])
  expect(parsePaymentEvent(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret: getEnv().STRIPE_WEBHOOK_SECRET }))).toMatchObject({
    type: 'checkout.session.completed',
    session: { orderId: 9, orderCode: 'zz', paymentStatus: 'paid' },
  })
})
