/**
 * The built-in Stripe sandbox, mounted on the app's own Express server in demo mode only
 * (server.ts: `if (env.DEMO_MODE) mountStripeSandbox(app, …)`). With a real STRIPE_SECRET_KEY none of
 * this exists: /v1/* and /sandbox/* are plain 404s.
 *
 * - /v1/…            the part of Stripe's API we use, form-encoded in, Stripe's JSON shapes out,
 *                    idempotency keys honoured (the same key answers the first response again).
 * - /sandbox/checkout/:id   the hosted checkout page (plain HTML forms, no script, works under our CSP).
 * - /sandbox/test/…  controls for tests: hold, delay, repeat, reorder and redeliver webhooks; settle
 *                    delayed payments; list refunds and events.
 */
import crypto from 'node:crypto'
import express, { type Express, type Request, type Response } from 'express'
import type Stripe from 'stripe'
import type { Env } from '~/env.server'
import { recordListenPort } from '../stripe.server'
import { SandboxEngine, SandboxError, TEST_CARDS, WebhookSender, type DeliveryOrder } from './engine.server'
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
  setInterval(() => engine.expireDue(), 15_000).unref()

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

  /** Runs a POST once per Idempotency-Key: a repeat with the same parameters gets the first answer. */
  const post = (path: string, handler: (req: Request) => unknown) =>
    api.post(path, (req, res) => {
      const key = req.get('idempotency-key')
      const hash = crypto.createHash('sha256').update(`${req.path}\n${JSON.stringify(req.body ?? {})}`).digest('hex')
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
      res.status(error.status === 402 ? 200 : 400).type('html').send(checkoutPage(store.get<Stripe.Checkout.Session>(id, 'checkout.session')!, error.message))
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
    const events = store.events({ sessionId: strOrUndef(req.body?.session), paymentIntent: strOrUndef(req.body?.paymentIntent) })
    const results = await webhooks.deliverMany(events, { repeat: clampRepeat(req.body?.repeat), order: deliveryOrder(req.body?.order) })
    res.json({ delivered: results })
  })
  test.get('/events', (req, res) => {
    res.json({ data: store.events({ sessionId: strOrUndef(req.query.session), paymentIntent: strOrUndef(req.query.payment_intent) }) })
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

/** The session as Stripe shows it: without the sandbox's own notes. */
function publicSession(s: Stripe.Checkout.Session): Stripe.Checkout.Session {
  const { sandbox_lines: _l, sandbox_pi_metadata: _m, ...rest } = s as Stripe.Checkout.Session & { sandbox_lines?: unknown; sandbox_pi_metadata?: unknown }
  return rest as Stripe.Checkout.Session
}

function esc(v: unknown) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const WORDS = {
  en: {
    title: 'Checkout — Stripe sandbox',
    banner: 'Stripe sandbox: no real money moves. This page stands in for Stripe Checkout.',
    pay: 'Pay',
    email: 'Email',
    card: 'Card number',
    cardHint: 'Succeeds: 4242 4242 4242 4242 · Declined: 4000 0000 0000 0002',
    method: 'Payment method',
    methodCard: 'Card',
    methodBank: 'Bank transfer (settles later)',
    back: '← Back to the shop',
    total: 'Total',
    expired: 'This checkout session has expired. Go back to the shop to start again.',
    complete: 'This checkout session is already paid.',
    expiresAt: 'This page expires at',
  },
  ru: {
    title: 'Оплата — песочница Stripe',
    banner: 'Песочница Stripe: настоящие деньги не списываются. Эта страница заменяет Stripe Checkout.',
    pay: 'Оплатить',
    email: 'Почта',
    card: 'Номер карты',
    cardHint: 'Успешно: 4242 4242 4242 4242 · Отказ: 4000 0000 0000 0002',
    method: 'Способ оплаты',
    methodCard: 'Карта',
    methodBank: 'Банковский перевод (пройдёт позже)',
    back: '← Вернуться в магазин',
    total: 'Итого',
    expired: 'Время этой сессии оплаты истекло. Вернитесь в магазин и начните заново.',
    complete: 'Эта сессия уже оплачена.',
    expiresAt: 'Страница действительна до',
  },
}

function page(locale: 'en' | 'ru', title: string, body: string) {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><link rel="stylesheet" href="/sandbox/sandbox.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head><body><main>${body}</main></body></html>`
}

function checkoutPage(s: Stripe.Checkout.Session, error?: string) {
  const locale = s.locale === 'ru' ? 'ru' : 'en'
  const w = WORDS[locale]
  const lines = (s as unknown as { sandbox_lines?: { name: string; quantity: number; unit_amount: number }[] }).sandbox_lines ?? []
  const money = (n: number) => new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { style: 'currency', currency: (s.currency ?? 'gbp').toUpperCase() }).format(n / 100)
  const rows = lines.map((l) => `<tr><td>${esc(l.name)} × ${l.quantity}</td><td class="num">${esc(money(l.unit_amount * l.quantity))}</td></tr>`).join('')
  const state =
    s.status === 'expired' ? `<p class="notice" role="alert">${esc(w.expired)}</p>` : s.status === 'complete' ? `<p class="notice" role="status">${esc(w.complete)}</p>` : ''
  const form =
    s.status !== 'open'
      ? ''
      : `<form method="post" action="/sandbox/checkout/${esc(s.id)}/pay">
  ${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
  <label for="email">${esc(w.email)}</label><input id="email" name="email" type="email" value="${esc(s.customer_email ?? '')}" autocomplete="email">
  <fieldset><legend>${esc(w.method)}</legend>
    <label class="inline"><input type="radio" name="method" value="card" checked> ${esc(w.methodCard)}</label>
    <label class="inline"><input type="radio" name="method" value="bank"> ${esc(w.methodBank)}</label>
  </fieldset>
  <label for="card">${esc(w.card)}</label><input id="card" name="card" inputmode="numeric" autocomplete="off" placeholder="4242 4242 4242 4242">
  <p class="hint">${esc(w.cardHint)}</p>
  <button type="submit">${esc(w.pay)} ${esc(money(s.amount_total ?? 0))}</button>
</form>`
  return page(
    locale,
    w.title,
    `<p class="banner">${esc(w.banner)}</p>
<h1>Open Russia Club</h1>
<table><tbody>${rows}</tbody><tfoot><tr><th>${esc(w.total)}</th><th class="num">${esc(money(s.amount_total ?? 0))}</th></tr></tfoot></table>
${state}${form}
${s.status === 'open' ? `<p class="hint">${esc(w.expiresAt)} ${esc(new Date(s.expires_at * 1000).toISOString().slice(11, 16))} UTC</p>` : ''}
${s.cancel_url ? `<p><a href="${esc(s.cancel_url)}">${esc(w.back)}</a></p>` : ''}`,
  )
}

const CSS = `
body{margin:0;background:#f6f9fc;color:#1a1f36;font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif}
main{max-width:440px;margin:0 auto;padding:24px 16px}
.banner{background:#fff4d6;border:1px solid #e8c15a;padding:8px 12px;border-radius:6px;font-size:14px}
h1{font-size:22px}
table{width:100%;border-collapse:collapse;margin:12px 0}td,th{padding:6px 0;text-align:left;border-bottom:1px solid #e3e8ee}.num{text-align:right}
label{display:block;font-weight:600;margin:12px 0 4px}label.inline{display:inline-block;font-weight:400;margin-right:12px}
input[type=email],input[inputmode]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #c1c9d2;border-radius:6px;font-size:16px}
fieldset{border:none;padding:0;margin:12px 0}legend{font-weight:600}
button{margin-top:16px;width:100%;min-height:44px;background:#635bff;color:#fff;border:none;border-radius:6px;font-size:16px;font-weight:600}
.hint{font-size:13px;color:#596171}.error{color:#b3093c;font-weight:600}.notice{font-weight:600}
a{color:#635bff}
`
