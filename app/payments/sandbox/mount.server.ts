/**
 * The built-in Stripe sandbox, mounted on the app's own Express server in demo mode only
 * (server.ts: `if (env.DEMO_MODE) mountStripeSandbox(app, …)`). With a real STRIPE_SECRET_KEY none of
 * this exists: /v1/* and /sandbox/* are plain 404s.
 *
 * - /v1/…            the part of Stripe's API we use, form-encoded in, Stripe's JSON shapes out,
 *                    idempotency keys honoured (the same key answers the first response again).
 * - /sandbox/checkout/:id   the hosted checkout page (plain HTML forms, no script, works under our CSP).
 * - /sandbox/portal/:id     the hosted Customer Portal page (card, plan, cancel at period end, resume).
 * - /sandbox/test/…  controls for tests: hold, delay, repeat, reorder and redeliver webhooks; settle
 *                    delayed payments; list refunds and events; a paid subscription on a test clock
 *                    in one call.
 */
import crypto from 'node:crypto'
import express, { type Express, type Request, type Response } from 'express'
import type Stripe from 'stripe'
import type { Env } from '~/env.server'
import { recordListenPort } from '../stripe.server'
import { live, publicInvoice, publicSessionOf as publicSession } from './billing.server'
import { SandboxEngine, SandboxError, TEST_CARDS, WebhookSender, type DeliveryOrder } from './engine.server'
import { checkoutPage, CSS, page, portalExpiredPage, portalLocale, portalPage } from './pages.server'
import { SandboxStore } from './store.server'

type Logger = { warn: (obj: object, msg?: string) => void; info: (obj: object, msg?: string) => void }

const KEY = Symbol.for('open-russia-club.stripe-sandbox')
const g = globalThis as unknown as { [KEY]?: SandboxEngine }

/** The running sandbox of this process (for in-process tests and tools). */
export function getSandbox(): SandboxEngine | undefined {
  return g[KEY]
}

export function mountStripeSandbox(app: Express, { logger, env }: { logger: Logger; env: Env }) {
  if (!env.DEMO_MODE || env.STRIPE_SECRET_KEY) throw new Error('The Stripe sandbox never runs with real Stripe keys.')
  let port = 0
  app.use((req, _res, next) => {
    if (!port) {
      port = req.socket.localPort ?? 0
      recordListenPort(port)
    }
    next()
  })
  const self = () => `http://127.0.0.1:${port}`
  // What the buyer's browser is sent to: the address it used to reach us.
  const browserBase = () => (/:0$/.test(env.PUBLIC_URL) ? env.PUBLIC_URL.replace(/:0$/, `:${port}`) : env.PUBLIC_URL)

  const store = new SandboxStore(env.DATA_DIR)
  const webhooks = new WebhookSender(self, env.STRIPE_WEBHOOK_SECRET, logger)
  const engine = new SandboxEngine(store, webhooks, browserBase)
  g[KEY] = engine
  const billing = engine.billing
  setInterval(() => {
    engine.expireDue()
    billing.runDueInRealTime()
  }, 15_000).unref()

  // ------------------------------------------------------------------ the API
  const api = express.Router()
  api.use(express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 1000 }))
  api.use((req, res, next) => {
    if (req.get('authorization') !== 'Bearer sk_test_sandbox') {
      res.status(401).json({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided. The sandbox accepts sk_test_sandbox.' } })
      return
    }
    engine.expireDue()
    next()
  })

  /** Runs a POST (or DELETE) once per Idempotency-Key: a repeat with the same parameters gets the first answer. */
  const write = (method: 'post' | 'delete') => (path: string, handler: (req: Request) => unknown) =>
    api[method](path, (req, res) => {
      const key = req.get('idempotency-key')
      const params = method === 'delete' ? req.query : req.body
      const hash = crypto.createHash('sha256').update(`${req.method} ${req.path}\n${JSON.stringify(params ?? {})}`).digest('hex')
      if (key) {
        const seen = store.idempotent(key)
        if (seen) {
          if (seen.requestHash !== hash) {
            res.status(400).json(new SandboxError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`).toJSON())
            return
          }
          res.status(seen.status).set('idempotent-replayed', 'true').type('application/json').send(seen.body)
          return
        }
      }
      let status = 200
      let body: string
      try {
        body = JSON.stringify(handler(req))
      } catch (error) {
        if (!(error instanceof SandboxError)) throw error
        status = error.status
        body = JSON.stringify(error.toJSON())
      }
      // Stripe does not store answers to requests that failed validation before running (4xx other
      // than card errors may be stored too; storing all is the stricter choice for a double click).
      if (key) store.remember(key, hash, status, body)
      res.status(status).type('application/json').send(body)
    })

  const post = write('post')
  const del = write('delete')

  const get = (path: string, handler: (req: Request) => unknown) =>
    api.get(path, (req, res) => {
      try {
        res.json(handler(req))
      } catch (error) {
        if (!(error instanceof SandboxError)) throw error
        res.status(error.status).json(error.toJSON())
      }
    })

  post('/checkout/sessions', (req) => publicSession(engine.createSession(req.body)))
  get('/checkout/sessions/:id', (req) => publicSession(engine.getSession(String(req.params.id))))
  post('/checkout/sessions/:id/expire', (req) => publicSession(engine.expireSession(String(req.params.id))))
  get('/payment_intents/:id', (req) => {
    const pi = store.get<Stripe.PaymentIntent>(String(req.params.id), 'payment_intent')
    if (!pi) throw new SandboxError(404, 'invalid_request_error', `No such payment_intent: '${req.params.id}'`, 'resource_missing', 'id')
    return pi
  })
  post('/refunds', (req) => engine.createRefund(req.body))
  get('/refunds', (req) => {
    const pi = typeof req.query.payment_intent === 'string' ? req.query.payment_intent : undefined
    return { object: 'list', data: store.list<Stripe.Refund>('refund', pi ? { paymentIntent: pi } : {}), has_more: false, url: '/v1/refunds' }
  })

  // Subscriptions: customers, products, prices, subscriptions, invoices, the portal, test clocks.
  const id = (req: Request) => String(req.params.id)
  post('/customers', (req) => billing.createCustomer(req.body))
  get('/customers/:id', (req) => billing.customer(id(req)))
  post('/customers/:id', (req) => billing.updateCustomer(id(req), req.body))
  post('/products', (req) => billing.createProduct(req.body))
  get('/products', (req) => billing.listProducts(req.query))
  get('/products/:id', (req) => billing.product(id(req)))
  post('/products/:id', (req) => billing.updateProduct(id(req), req.body))
  post('/prices', (req) => billing.createPrice(req.body))
  get('/prices', (req) => billing.listPrices(req.query))
  get('/prices/:id', (req) => billing.price(id(req)))
  post('/prices/:id', (req) => billing.updatePrice(id(req), req.body))
  get('/subscriptions', (req) => billing.listSubscriptions(req.query))
  get('/subscriptions/:id', (req) => billing.expand(billing.subscription(id(req)), req.query.expand))
  post('/subscriptions/:id', (req) => billing.expand(billing.updateSubscription(id(req), req.body), req.body?.expand))
  del('/subscriptions/:id', (req) => billing.expand(billing.cancelSubscription(id(req)), req.query.expand))
  get('/invoices', (req) => billing.listInvoices(req.query))
  get('/invoices/:id', (req) => publicInvoice(billing.invoice(id(req))))
  post('/billing_portal/sessions', (req) => publicPortal(billing.createPortalSession(req.body, browserBase())))
  post('/test_helpers/test_clocks', (req) => billing.createClock(req.body))
  get('/test_helpers/test_clocks/:id', (req) => billing.clock(id(req)))
  post('/test_helpers/test_clocks/:id/advance', (req) => billing.advanceClock(id(req), req.body))

  api.use((req, res) => {
    res.status(404).json({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.path}). The sandbox answers only the endpoints this app uses.` } })
  })
  app.use('/v1', api)

  // ------------------------------------------------------------------ the hosted checkout page
  const pages = express.Router()
  // Only the pay form's body is read here: every other request's body belongs to Remix.
  const payForm = express.urlencoded({ extended: false, limit: '10kb' })
  pages.get('/sandbox/sandbox.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'no-cache').send(CSS)
  })
  pages.get('/sandbox/checkout/:id', (req, res) => {
    engine.expireDue()
    const session = store.get<Stripe.Checkout.Session>(String(req.params.id), 'checkout.session')
    if (!session) {
      res.status(404).type('html').send(page('en', 'Not found', '<p>No such checkout session.</p>'))
      return
    }
    res.set('Cache-Control', 'no-store').type('html').send(checkoutPage(session))
  })
  pages.post('/sandbox/checkout/:id/pay', payForm, (req, res) => {
    engine.expireDue()
    const id = String(req.params.id)
    const session = store.get<Stripe.Checkout.Session>(id, 'checkout.session')
    if (!session) {
      res.status(404).type('html').send(page('en', 'Not found', '<p>No such checkout session.</p>'))
      return
    }
    const card = String(req.body?.card ?? '')
    const method = String(req.body?.method ?? 'card')
    try {
      const paid = engine.pay(id, card, { async: method === 'bank' })
      res.redirect(303, paid.success_url!.replace('{CHECKOUT_SESSION_ID}', paid.id))
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error
      const current = store.get<Stripe.Checkout.Session>(id, 'checkout.session')!
      res.status(error.status === 402 ? 200 : 400).type('html').send(checkoutPage(current, errorWords(current.locale === 'ru' ? 'ru' : 'en', error)))
    }
  })

  // The hosted Customer Portal. Every form names a subscription, which must be this session's
  // customer's; a guessed or expired session id is refused.
  pages.get('/sandbox/portal/:id', (req, res) => {
    const session = billing.portalSession(id(req))
    res.set('Cache-Control', 'no-store')
    if (!session) {
      res.status(404).type('html').send(portalExpiredPage('en'))
      return
    }
    const done = typeof req.query.done === 'string' ? req.query.done : undefined
    res.type('html').send(portalPage({ session, ...billing.portalView(session) }, { done }))
  })
  pages.post('/sandbox/portal/:id/:action', payForm, (req, res) => {
    const session = billing.portalSession(id(req))
    if (!session) {
      res.status(404).type('html').send(portalExpiredPage('en'))
      return
    }
    const action = String(req.params.action)
    const sub = String(req.body?.subscription ?? '')
    try {
      if (action === 'card') billing.portalChangeCard(session, String(req.body?.card ?? '').replace(/\D/g, ''))
      else if (action === 'plan') billing.portalSwitchPlan(session, sub, String(req.body?.price ?? ''))
      else if (action === 'cancel' || action === 'resume') billing.portalSetCancelAtPeriodEnd(session, sub, action === 'cancel')
      else throw new SandboxError(404, 'invalid_request_error', 'No such portal action.')
      res.redirect(303, `/sandbox/portal/${session.id}?done=${action}`)
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error
      res
        .status(error.status === 402 ? 200 : 400)
        .set('Cache-Control', 'no-store')
        .type('html')
        .send(portalPage({ session, ...billing.portalView(session) }, { error: errorWords(portalLocale(session), error) }))
    }
  })
  app.use(pages)

  // ------------------------------------------------------------------ controls for tests
  const test = express.Router()
  test.use(express.json({ limit: '10kb' }))
  test.post('/webhooks', (req, res) => {
    if (typeof req.body?.hold === 'boolean') webhooks.hold = req.body.hold
    if (typeof req.body?.delayMs === 'number') webhooks.delayMs = Math.max(0, Math.min(60_000, req.body.delayMs))
    res.json({ hold: webhooks.hold, delayMs: webhooks.delayMs, held: webhooks.held.length })
  })
  test.post('/webhooks/release', async (req, res) => {
    const results = await webhooks.release({ repeat: clampRepeat(req.body?.repeat), order: deliveryOrder(req.body?.order) })
    res.json({ delivered: results })
  })
  test.get('/webhooks/held', (_req, res) => {
    res.json({ held: webhooks.held.map((e) => ({ id: e.id, type: e.type })) })
  })
  test.post('/events/redeliver', async (req, res) => {
    const events = store.events({ sessionId: strOrUndef(req.body?.session), paymentIntent: strOrUndef(req.body?.paymentIntent), subscription: strOrUndef(req.body?.subscription) })
    const results = await webhooks.deliverMany(events, { repeat: clampRepeat(req.body?.repeat), order: deliveryOrder(req.body?.order) })
    res.json({ delivered: results })
  })
  test.get('/events', (req, res) => {
    res.json({ data: store.events({ sessionId: strOrUndef(req.query.session), paymentIntent: strOrUndef(req.query.payment_intent), subscription: strOrUndef(req.query.subscription) }) })
  })
  test.get('/deliveries', (_req, res) => {
    res.json({ data: webhooks.deliveries })
  })
  test.post('/sessions/:id/pay', (req, res) => {
    try {
      const session = engine.pay(String(req.params.id), String(req.body?.card ?? TEST_CARDS.success), { async: req.body?.async === true })
      res.json(publicSession(session))
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error
      res.status(error.status).json(error.toJSON())
    }
  })
  test.post('/sessions/:id/settle', (req, res) => {
    try {
      res.json(publicSession(engine.settleAsync(String(req.params.id), req.body?.outcome === 'failed' ? 'failed' : 'succeeded')))
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error
      res.status(error.status).json(error.toJSON())
    }
  })
  /**
   * A paid subscription for a test in one call: a test clock (at `frozenTime`, seconds, default now),
   * a customer on it with `email` and metadata.user_id, a subscription-mode Checkout Session for
   * `price`, paid with `card` (default 4242). The usual webhooks are sent. Answers the ids.
   */
  test.post('/subscriptions', (req, res) => {
    try {
      const b = (req.body ?? {}) as Record<string, unknown>
      const userId = Number(b.userId)
      if (!Number.isSafeInteger(userId) || userId < 1) throw new SandboxError(400, 'invalid_request_error', 'userId must be a positive integer.', undefined, 'userId')
      const clock = typeof b.clockId === 'string' ? billing.clock(b.clockId) : billing.createClock({ frozen_time: String(typeof b.frozenTime === 'number' ? b.frozenTime : Math.floor(Date.now() / 1000)) })
      const customer =
        typeof b.customerId === 'string'
          ? billing.customer(b.customerId)
          : billing.createCustomer({ email: String(b.email ?? `member${userId}@example.org`), metadata: { user_id: String(userId) }, test_clock: clock.id })
      const session = engine.createSession({
        mode: 'subscription',
        customer: customer.id,
        client_reference_id: String(userId),
        line_items: [{ price: String(b.price ?? ''), quantity: '1' }] as never,
        subscription_data: { metadata: { user_id: String(userId) } },
        success_url: `${browserBase()}/membership?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${browserBase()}/membership`,
      })
      const paid = engine.pay(session.id, String(b.card ?? TEST_CARDS.success))
      res.json({ clockId: clock.id, customerId: customer.id, checkoutSessionId: paid.id, subscriptionId: paid.subscription })
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error
      res.status(error.status).json(error.toJSON())
    }
  })
  test.get('/subscriptions', (_req, res) => {
    res.json({ data: store.list<Stripe.Subscription>('subscription').map((s) => ({ id: s.id, status: s.status, customer: s.customer, live: live(s) })) })
  })
  test.post('/expire-due', (_req, res) => {
    engine.expireDue()
    res.json({ ok: true })
  })
  app.use('/sandbox/test', test)
  logger.info({}, 'Stripe sandbox mounted at /v1 and /sandbox (demo mode)')
}

function strOrUndef(v: unknown) {
  return typeof v === 'string' && v ? v : undefined
}
function clampRepeat(v: unknown) {
  const n = Number(v ?? 1)
  return Number.isInteger(n) ? Math.max(1, Math.min(20, n)) : 1
}
function deliveryOrder(v: unknown): DeliveryOrder {
  return v === 'reverse' || v === 'shuffle' ? v : 'fifo'
}


/** The portal session as Stripe shows it: without the sandbox's own expiry note. */
function publicPortal(s: Stripe.BillingPortal.Session): Stripe.BillingPortal.Session {
  const { sandbox_expires_at: _e, ...rest } = s as Stripe.BillingPortal.Session & { sandbox_expires_at?: number }
  return rest as Stripe.BillingPortal.Session
}

/** A hosted page's error in the reader's language (Stripe's own messages are English). */
function errorWords(locale: 'en' | 'ru', error: SandboxError) {
  if (locale === 'en') return error.message
  if (error.code === 'card_declined') return 'Карта отклонена.'
  if (error.code === 'incorrect_number') return 'Это не тестовая карта песочницы. Используйте 4242 4242 4242 4242.'
  if (error.code?.startsWith('checkout_session_')) return 'Эта сессия оплаты уже завершена.'
  return 'Это действие недоступно. Обновите страницу и попробуйте снова.'
}
