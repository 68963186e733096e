/** With real Stripe keys the sandbox does not exist: its API and pages are plain 404s. */
import Stripe from 'stripe'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startAppServer, type AppServer } from './support/app-server'

let app: AppServer
const secret = 'whsec_production_test_secret'
beforeAll(async () => {
  app = await startAppServer({ STRIPE_SECRET_KEY: 'sk_test_not_a_real_key', STRIPE_WEBHOOK_SECRET: secret })
})
afterAll(async () => {
  await app?.stop()
})

test('no sandbox: /v1 and /sandbox are 404', async () => {
  expect(app.output()).not.toContain('demo mode')
  for (const [method, path] of [
    ['POST', '/v1/checkout/sessions'],
    ['GET', '/v1/checkout/sessions/cs_test_x'],
    ['POST', '/v1/refunds'],
    ['GET', '/sandbox/checkout/cs_test_x'],
    ['POST', '/sandbox/checkout/cs_test_x/pay'],
    ['POST', '/sandbox/test/webhooks'],
    ['GET', '/sandbox/sandbox.css'],
  ] as const) {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: 'Bearer sk_test_sandbox', 'content-type': 'application/x-www-form-urlencoded' },
      ...(method === 'POST' ? { body: 'mode=payment' } : {}),
    })
    expect(res.status, `${method} ${path}`).toBe(404)
  }
})

test('webhooks are verified with the configured secret', async () => {
  const payload = JSON.stringify({ id: 'evt_prod_1', object: 'event', type: 'customer.created', data: { object: {} } })
  const post = (signature: string) => fetch(`${app.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload })
  expect((await post(Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' }))).status).toBe(400)
  const ok = await post(Stripe.webhooks.generateTestHeaderString({ payload, secret }))
  expect(ok.status).toBe(200)
  expect(await ok.json()).toEqual({ received: true, outcome: 'ignored' })
  // The same event again: recorded once, answered 200 (Stripe stops retrying), no effect.
  const replay = await post(Stripe.webhooks.generateTestHeaderString({ payload, secret }))
  expect(await replay.json()).toEqual({ received: true, outcome: 'duplicate_event' })
})
