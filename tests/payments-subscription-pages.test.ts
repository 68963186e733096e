/**
 * The sandbox's hosted subscription pages in the real server (server.ts over the production build,
 * under its CSP), clicked through in chromium at phone size in both languages: Checkout in
 * subscription mode (a declined card, then a good one) and the Customer Portal (cancel at period end,
 * resume, a card). Every webhook the sandbox signs is accepted by the real /webhooks/stripe route.
 * Screenshots land in tests/artifacts/.
 */
import type { Browser, Page } from 'playwright-core'
import Stripe from 'stripe'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createPortalSession, createSubscriptionCheckout, createTestClock, ensureCustomer, retrieveCheckoutSubscriptionId, retrieveSubscription } from '~/payments/billing.server'
import { recordListenPort } from '~/payments/stripe.server'
import { startAppServer, type AppServer } from './support/app-server'
import { launchBrowser, PHONE, screenshot } from './support/browser'

let app: AppServer
let browser: Browser
let stripe: Stripe
let monthly: string
beforeAll(async () => {
  ;[app, browser] = await Promise.all([startAppServer(), launchBrowser()])
  // The adapter in this process talks to the server's sandbox, as the server's own code does.
  recordListenPort(app.port)
  stripe = new Stripe('sk_test_sandbox', { host: '127.0.0.1', port: app.port, protocol: 'http', maxNetworkRetries: 0 })
  const product = await stripe.products.create({ id: 'orc_plan_friend', name: 'Friend of the Club' })
  monthly = (await stripe.prices.create({ product: product.id, currency: 'gbp', unit_amount: 1200, recurring: { interval: 'month' } })).id
  await stripe.prices.create({ product: (await stripe.products.create({ name: 'Patron' })).id, currency: 'gbp', unit_amount: 6000, recurring: { interval: 'month' } })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

function watch(page: Page) {
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  // A declined card answers the page with an error on purpose; CSP violations and the rest are problems.
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  return problems
}

async function member(userId: number, locale: 'en' | 'ru') {
  const clock = await createTestClock(Date.UTC(2026, 10, 20, 18))
  const customerId = await ensureCustomer({ userId, email: `member${userId}@example.org`, existingCustomerId: null, testClockId: clock.id })
  const checkout = await createSubscriptionCheckout({
    customerId,
    userId,
    priceId: monthly,
    successUrl: `${app.url}/${locale === 'ru' ? 'ru/' : ''}?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${app.url}/`,
    locale,
    idempotencyKey: `user-${userId}-join`,
  })
  return { clock, customerId, checkout }
}

test('subscription Checkout on a phone, in Russian: a declined card is said in Russian, a good card subscribes and returns to the club', async () => {
  const { customerId, checkout } = await member(101, 'ru')
  const page = await (await browser.newContext({ viewport: PHONE })).newPage()
  const problems = watch(page)
  await page.goto(checkout.url)
  expect(await page.locator('html').getAttribute('lang')).toBe('ru')
  await expect(page.getByText(/Далее 12,00\s£ в месяц, пока вы не отмените подписку\./).waitFor()).resolves.toBeUndefined()
  await screenshot(page, 'payments-subscription-checkout-ru-phone')

  await page.getByLabel('Номер карты').fill('4000 0000 0000 0002')
  await page.getByRole('button', { name: /Оформить подписку/ }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Карта отклонена.' }).waitFor()).resolves.toBeUndefined()
  await screenshot(page, 'payments-subscription-checkout-declined-ru-phone')
  expect(await retrieveCheckoutSubscriptionId(checkout.id)).toBeNull()

  await page.getByLabel('Номер карты').fill('4242 4242 4242 4242')
  await page.getByRole('button', { name: /Оформить подписку/ }).click()
  await page.waitForURL((u) => u.searchParams.get('session_id') === checkout.id)
  const subId = (await retrieveCheckoutSubscriptionId(checkout.id))!
  expect(await retrieveSubscription(subId)).toMatchObject({ status: 'active', customerId, userId: 101 })
  expect(problems).toEqual([])

  // The real webhook route verified and accepted every signed event about this subscription.
  const types = ((await (await fetch(`${app.url}/sandbox/test/events?subscription=${subId}`)).json()) as { data: Stripe.Event[] }).data.map((e) => e.id)
  let deliveries: { eventId: string; status: number | 'error' }[] = []
  for (let i = 0; i < 60; i++) {
    deliveries = ((await (await fetch(`${app.url}/sandbox/test/deliveries`)).json()) as { data: typeof deliveries }).data.filter((d) => types.includes(d.eventId))
    if (deliveries.length >= types.length) break
    await new Promise((r) => setTimeout(r, 100))
  }
  expect(deliveries.map((d) => d.status)).toEqual(types.map(() => 200))
})

test('Customer Portal on a phone: cancel at period end, resume, a declined card, in English and Russian', async () => {
  const { customerId, checkout } = await member(102, 'en')
  const pay = await fetch(`${app.url}/sandbox/test/sessions/${checkout.id}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ card: '4242424242424242' }) })
  expect(pay.status).toBe(200)
  const subId = (await retrieveCheckoutSubscriptionId(checkout.id))!

  const portal = await createPortalSession({ customerId, returnUrl: `${app.url}/`, locale: 'en' })
  const page = await (await browser.newContext({ viewport: PHONE })).newPage()
  const problems = watch(page)
  await page.goto(portal.url)
  await expect(page.getByRole('heading', { name: 'Membership billing', level: 1 }).waitFor()).resolves.toBeUndefined()
  await expect(page.getByText('Renews on 20 December 2026').waitFor()).resolves.toBeUndefined()
  await screenshot(page, 'payments-portal-en-phone')

  await page.getByRole('button', { name: 'Cancel membership at the end of this period' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Your membership will end at the end of this period.' }).waitFor()).resolves.toBeUndefined()
  await expect(page.getByText('Ends on 20 December 2026').waitFor()).resolves.toBeUndefined()
  await screenshot(page, 'payments-portal-cancelled-en-phone')
  expect(await retrieveSubscription(subId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true })
  await page.getByRole('button', { name: 'Keep my membership (resume renewal)' }).click()
  await page.getByRole('status').filter({ hasText: 'Your membership will renew as before.' }).waitFor()
  expect(await retrieveSubscription(subId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: false })

  const ru = await createPortalSession({ customerId, returnUrl: `${app.url}/ru/`, locale: 'ru', flow: 'payment_method_update' })
  await page.goto(ru.url)
  expect(await page.locator('html').getAttribute('lang')).toBe('ru')
  await page.getByLabel('Номер новой карты').fill('4000 0000 0000 0002')
  await page.getByRole('button', { name: 'Обновить карту' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Карта отклонена.' }).waitFor()).resolves.toBeUndefined()
  await screenshot(page, 'payments-portal-card-ru-phone')
  await page.getByRole('link', { name: '← Вернуться в Open Russia Club' }).click()
  await page.waitForURL(`${app.url}/ru/`)
  expect(problems.filter((p) => !p.includes('status of 200'))).toEqual([])
})
