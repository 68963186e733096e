/**
 * What the sandbox does, apart from HTTP: Checkout Sessions that can be paid, declined, expired and
 * refunded, with the events Stripe would send, and a webhook sender that signs them exactly as
 * Stripe does. Tests steer delivery (hold, delay, repeat, reorder) through `webhooks`.
 */
import Stripe from 'stripe'
import { SandboxBilling } from './billing.server'
import type { SandboxStore } from './store.server'

export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'invalid_request_error' | 'idempotency_error' | 'card_error' | 'api_error',
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message)
  }
  toJSON() {
    return { error: { type: this.type, message: this.message, ...(this.code ? { code: this.code } : {}), ...(this.param ? { param: this.param } : {}) } }
  }
}

export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  /** Subscriptions only: attaches, pays at Checkout, every later charge fails (see billing.server.ts). */
  failsLater: '4000000000000341',
} as const

type Logger = { warn: (obj: object, msg?: string) => void; info: (obj: object, msg?: string) => void }

export type DeliveryOrder = 'fifo' | 'reverse' | 'shuffle'

export type Delivery = { eventId: string; type: string; status: number | 'error'; at: number }

export class WebhookSender {
  hold = false
  delayMs = 0
  held: Stripe.Event[] = []
  deliveries: Delivery[] = []
  constructor(
    private readonly target: () => string,
    private readonly secret: string,
    private readonly logger: Logger,
  ) {}

  /** Sends an event the way Stripe would: now, later, or when the test releases it. */
  dispatch(event: Stripe.Event) {
    if (this.hold) {
      this.held.push(event)
      return
    }
    setTimeout(() => void this.deliverWithRetries(event), this.delayMs)
  }

  private async deliverWithRetries(event: Stripe.Event) {
    // Stripe retries for days; the sandbox a few times, quickly.
    for (const wait of [0, 500, 2000, 5000]) {
      if (wait) await new Promise((r) => setTimeout(r, wait))
      const status = await this.deliver(event)
      if (typeof status === 'number' && status >= 200 && status < 300) return
    }
    this.logger.warn({ event: event.id, type: event.type }, 'sandbox: webhook not accepted after retries')
  }

  async deliver(event: Stripe.Event): Promise<number | 'error'> {
    const payload = JSON.stringify(event, null, 2)
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.secret })
    let status: number | 'error'
    try {
      const res = await fetch(`${this.target()}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
        body: payload,
      })
      await res.arrayBuffer()
      status = res.status
    } catch {
      status = 'error'
    }
    this.deliveries.push({ eventId: event.id, type: event.type, status, at: Date.now() })
    if (this.deliveries.length > 5000) this.deliveries.splice(0, 1000)
    return status
  }

  /** Delivers events `repeat` times each, all at once, in the given order. Resolves when all answered. */
  async deliverMany(events: Stripe.Event[], { repeat = 1, order = 'fifo' as DeliveryOrder } = {}) {
    let list = Array.from({ length: repeat }, () => events).flat()
    if (order === 'reverse') list = list.reverse()
    if (order === 'shuffle') list = shuffle(list)
    return Promise.all(list.map((e) => this.deliver(e).then((status) => ({ id: e.id, type: e.type, status }))))
  }

  async release(options: { repeat?: number; order?: DeliveryOrder } = {}) {
    const events = this.held
    this.held = []
    return this.deliverMany(events, options)
  }
}

function shuffle<T>(list: T[]): T[] {
  const a = [...list]
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[a[i], a[j]] = [a[j]!, a[i]!]
  }
  return a
}

const now = () => Math.floor(Date.now() / 1000)

function originOf(url: string) {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

type CreateParams = {
  mode?: string
  line_items?: { quantity?: string; price_data?: { currency?: string; unit_amount?: string; product_data?: { name?: string } } }[]
  success_url?: string
  cancel_url?: string
  client_reference_id?: string
  customer_email?: string
  metadata?: Record<string, string>
  expires_at?: string
  locale?: string
  payment_intent_data?: { metadata?: Record<string, string> }
  customer?: string
  subscription_data?: { metadata?: Record<string, string> }
}

export class SandboxEngine {
  readonly billing: SandboxBilling
  constructor(
    readonly store: SandboxStore,
    readonly webhooks: WebhookSender,
    readonly baseUrl: () => string,
  ) {
    this.billing = new SandboxBilling(store, webhooks)
  }

  createSession(p: CreateParams): Stripe.Checkout.Session {
    if (p.mode !== 'payment' && p.mode !== 'subscription')
      throw new SandboxError(400, 'invalid_request_error', 'The sandbox supports mode=payment and mode=subscription for Checkout.', undefined, 'mode')
    if (!p.success_url) throw new SandboxError(400, 'invalid_request_error', 'Missing required param: success_url.', 'parameter_missing', 'success_url')
    if (p.mode === 'subscription') return this.createSubscriptionSession(p)
    const items: NonNullable<CreateParams['line_items']> = Array.isArray(p.line_items) ? p.line_items : Object.values(p.line_items ?? {})
    if (items.length === 0) throw new SandboxError(400, 'invalid_request_error', 'line_items is required in payment mode.', 'parameter_missing', 'line_items')
    let total = 0
    let currency: string | undefined
    const lines = items.map((li, i) => {
      const qty = Number(li.quantity)
      const unit = Number(li.price_data?.unit_amount)
      const cur = li.price_data?.currency?.toLowerCase()
      if (!Number.isInteger(qty) || qty < 1 || !Number.isInteger(unit) || unit < 0 || !cur)
        throw new SandboxError(400, 'invalid_request_error', `Invalid line_items[${i}].`, undefined, `line_items[${i}]`)
      if (currency && cur !== currency) throw new SandboxError(400, 'invalid_request_error', 'All line items must share one currency.')
      currency = cur
      total += qty * unit
      return { name: li.price_data?.product_data?.name ?? '', quantity: qty, unit_amount: unit }
    })
    const { id, fields } = this.sessionFields(p, { amount: total, currency: currency!, customer: null, email: p.customer_email ?? null })
    const session = {
      ...fields,
      mode: 'payment',
      payment_intent: null,
      payment_status: total === 0 ? 'no_payment_required' : 'unpaid',
      status: 'open',
      // Not part of Stripe's shape: what the hosted page shows, kept beside it.
      sandbox_lines: lines,
      sandbox_pi_metadata: p.payment_intent_data?.metadata ?? {},
    } as unknown as Stripe.Checkout.Session
    return this.store.put(session, { sessionId: id })
  }

  /** What every Checkout Session has, whatever its mode; `expires_at` checked as Stripe does. */
  private sessionFields(p: CreateParams, s: { amount: number; currency: string; customer: string | null; email: string | null }) {
    const t = now()
    const expiresAt = p.expires_at ? Number(p.expires_at) : t + 24 * 3600
    // Stripe's rule: between 30 minutes and 24 hours from creation (a few seconds of clock slack).
    if (!Number.isInteger(expiresAt) || expiresAt < t + 30 * 60 - 5 || expiresAt > t + 24 * 3600 + 5)
      throw new SandboxError(400, 'invalid_request_error', 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', undefined, 'expires_at')
    const id = this.store.newId('cs')
    const fields = {
      id,
      object: 'checkout.session',
      amount_subtotal: s.amount,
      amount_total: s.amount,
      cancel_url: p.cancel_url ?? null,
      success_url: p.success_url,
      client_reference_id: p.client_reference_id ?? null,
      created: t,
      currency: s.currency,
      customer: s.customer,
      customer_email: p.customer_email ?? null,
      customer_details: s.email ? { email: s.email, name: null, address: null, phone: null, tax_exempt: 'none', tax_ids: [] } : null,
      expires_at: expiresAt,
      livemode: false,
      locale: (p.locale as Stripe.Checkout.Session.Locale) ?? null,
      metadata: p.metadata ?? {},
      // The hosted page lives on the shop's own origin, as the buyer's browser knows it (success_url).
      url: `${originOf(p.success_url!) ?? this.baseUrl()}/sandbox/checkout/${id}`,
    }
    return { id, fields }
  }

  private createSubscriptionSession(p: CreateParams): Stripe.Checkout.Session {
    const { customer, price, subscriptionMetadata } = this.billing.subscriptionSessionFields(p as Record<string, unknown>)
    if (customer && p.customer_email) throw new SandboxError(400, 'invalid_request_error', 'You may only specify one of these parameters: customer, customer_email.', undefined, 'customer_email')
    const product = this.store.get<Stripe.Product>(price.product as string, 'product')
    const amount = price.unit_amount ?? 0
    const email = customer ? this.billing.customer(customer).email : (p.customer_email ?? null)
    const { id, fields } = this.sessionFields(p, { amount, currency: price.currency, customer, email })
    const session = {
      ...fields,
      invoice: null,
      mode: 'subscription',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      subscription: null,
      sandbox_lines: [{ name: product?.name ?? '', quantity: 1, unit_amount: amount }],
      sandbox_interval: price.recurring!.interval,
      sandbox_price: price.id,
      sandbox_subscription_metadata: subscriptionMetadata,
    } as unknown as Stripe.Checkout.Session
    return this.store.put(session, { sessionId: id })
  }

  getSession(id: string): Stripe.Checkout.Session {
    const s = this.store.get<Stripe.Checkout.Session>(id, 'checkout.session')
    if (!s) throw new SandboxError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, 'resource_missing', 'id')
    return s
  }

  expireSession(id: string): Stripe.Checkout.Session {
    const { session, event } = this.store.transaction(() => {
      const s = this.getSession(id)
      if (s.status !== 'open')
        throw new SandboxError(400, 'invalid_request_error', `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`)
      const expired = this.store.put({ ...s, status: 'expired', url: null } as Stripe.Checkout.Session, { sessionId: id })
      return { session: expired, event: this.store.addEvent('checkout.session.expired', expired, { sessionId: id }) }
    })
    this.webhooks.dispatch(event)
    return session
  }

  /** Sessions whose time ran out expire, with their event, as Stripe's do. */
  expireDue() {
    const due = (this.store.sqlite
      .prepare(`select id from objects where type = 'checkout.session' and json_extract(data, '$.status') = 'open' and json_extract(data, '$.expires_at') <= ?`)
      .all(now()) as { id: string }[]).map((r) => r.id)
    for (const id of due) {
      try {
        const { event } = this.store.transaction(() => {
          const s = this.store.get<Stripe.Checkout.Session>(id, 'checkout.session')!
          if (s.status !== 'open') return { event: null }
          const expired = this.store.put({ ...s, status: 'expired', url: null } as Stripe.Checkout.Session, { sessionId: id })
          return { event: this.store.addEvent('checkout.session.expired', expired, { sessionId: id }) }
        })
        if (event) this.webhooks.dispatch(event)
      } catch {
        // raced with another expiry: fine
      }
    }
  }

  /**
   * The buyer pays on the hosted page. `async` plays a bank payment that settles later: the session
   * completes unpaid, and `settleAsync` later succeeds or fails it.
   */
  pay(id: string, card: string, options: { async?: boolean } = {}): Stripe.Checkout.Session {
    const digits = card.replace(/\D/g, '')
    const open = this.getSession(id)
    if (open.mode === 'subscription') {
      if (open.status !== 'open') throw new SandboxError(400, 'invalid_request_error', `This Checkout Session is ${open.status}.`, 'checkout_session_' + open.status)
      if (options.async) throw new SandboxError(400, 'invalid_request_error', 'Subscriptions take a card in the sandbox.', undefined, 'method')
      return this.billing.paySubscriptionSession(open, digits)
    }
    const { session, events } = this.store.transaction(() => {
      const s = this.getSession(id)
      if (s.status !== 'open') throw new SandboxError(400, 'invalid_request_error', `This Checkout Session is ${s.status}.`, 'checkout_session_' + s.status)
      if (digits === TEST_CARDS.declined) throw new SandboxError(402, 'card_error', 'Your card was declined.', 'card_declined')
      if (!options.async && digits !== TEST_CARDS.success)
        throw new SandboxError(402, 'card_error', 'Your card number is not a sandbox test card. Use 4242 4242 4242 4242.', 'incorrect_number')
      const created = now()
      const piId = this.store.newId('pi')
      const chId = this.store.newId('ch')
      const piMeta = (s as unknown as { sandbox_pi_metadata?: Record<string, string> }).sandbox_pi_metadata ?? {}
      const paid = !options.async
      const pi = this.store.put(
        {
          id: piId,
          object: 'payment_intent',
          amount: s.amount_total ?? 0,
          amount_received: paid ? (s.amount_total ?? 0) : 0,
          currency: s.currency ?? 'gbp',
          created,
          latest_charge: paid ? chId : null,
          livemode: false,
          metadata: piMeta,
          status: paid ? 'succeeded' : 'processing',
        } as unknown as Stripe.PaymentIntent,
        { sessionId: id, paymentIntent: piId },
      )
      if (paid) this.store.put(this.charge(chId, pi), { sessionId: id, paymentIntent: piId })
      const done = this.store.put(
        {
          ...s,
          status: 'complete',
          url: null,
          payment_intent: piId,
          payment_status: paid ? 'paid' : 'unpaid',
        } as Stripe.Checkout.Session,
        { sessionId: id, paymentIntent: piId },
      )
      return { session: done, events: [this.store.addEvent('checkout.session.completed', done, { sessionId: id, paymentIntent: piId })] }
    })
    for (const e of events) this.webhooks.dispatch(e)
    return session
  }

  private charge(id: string, pi: Stripe.PaymentIntent): Stripe.Charge {
    return {
      id,
      object: 'charge',
      amount: pi.amount,
      amount_captured: pi.amount,
      amount_refunded: 0,
      captured: true,
      created: now(),
      currency: pi.currency,
      livemode: false,
      metadata: pi.metadata,
      paid: true,
      payment_intent: pi.id,
      refunded: false,
      status: 'succeeded',
    } as unknown as Stripe.Charge
  }

  settleAsync(id: string, outcome: 'succeeded' | 'failed'): Stripe.Checkout.Session {
    const { session, event } = this.store.transaction(() => {
      const s = this.getSession(id)
      if (s.status !== 'complete' || s.payment_status !== 'unpaid' || typeof s.payment_intent !== 'string')
        throw new SandboxError(400, 'invalid_request_error', 'This Checkout Session has no payment waiting to settle.')
      const pi = this.store.get<Stripe.PaymentIntent>(s.payment_intent, 'payment_intent')!
      if (outcome === 'succeeded') {
        const chId = this.store.newId('ch')
        const settled = this.store.put({ ...pi, status: 'succeeded', amount_received: pi.amount, latest_charge: chId } as Stripe.PaymentIntent, { sessionId: id, paymentIntent: pi.id })
        this.store.put(this.charge(chId, settled), { sessionId: id, paymentIntent: pi.id })
      } else {
        this.store.put({ ...pi, status: 'requires_payment_method' } as Stripe.PaymentIntent, { sessionId: id, paymentIntent: pi.id })
      }
      const done = this.store.put({ ...s, payment_status: outcome === 'succeeded' ? 'paid' : 'unpaid' } as Stripe.Checkout.Session, { sessionId: id })
      const type = outcome === 'succeeded' ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed'
      return { session: done, event: this.store.addEvent(type, done, { sessionId: id, paymentIntent: pi.id }) }
    })
    this.webhooks.dispatch(event)
    return session
  }

  createRefund(p: { payment_intent?: string; charge?: string; amount?: string; reason?: string; metadata?: Record<string, string> }): Stripe.Refund {
    const { refund, events } = this.store.transaction(() => {
      let pi: Stripe.PaymentIntent | null = null
      if (p.payment_intent) pi = this.store.get<Stripe.PaymentIntent>(p.payment_intent, 'payment_intent')
      else if (p.charge) {
        const ch = this.store.get<Stripe.Charge>(p.charge, 'charge')
        pi = ch && typeof ch.payment_intent === 'string' ? this.store.get<Stripe.PaymentIntent>(ch.payment_intent, 'payment_intent') : null
      }
      if (!pi) throw new SandboxError(404, 'invalid_request_error', `No such payment_intent: '${p.payment_intent ?? p.charge ?? ''}'`, 'resource_missing', 'payment_intent')
      if (pi.status !== 'succeeded' || typeof pi.latest_charge !== 'string')
        throw new SandboxError(400, 'invalid_request_error', 'This PaymentIntent does not have a successful charge to refund.', 'charge_not_refundable')
      const ch = this.store.get<Stripe.Charge>(pi.latest_charge, 'charge')!
      const left = ch.amount - ch.amount_refunded
      const amount = p.amount === undefined ? left : Number(p.amount)
      if (!Number.isInteger(amount) || amount < 1 || amount > left)
        throw new SandboxError(400, 'invalid_request_error', left === 0 ? `Charge ${ch.id} has already been refunded.` : 'Refund amount is greater than the amount left to refund.', left === 0 ? 'charge_already_refunded' : 'amount_too_large', 'amount')
      const refund = this.store.put(
        {
          id: this.store.newId('re'),
          object: 'refund',
          amount,
          charge: ch.id,
          created: now(),
          currency: ch.currency,
          metadata: p.metadata ?? {},
          payment_intent: pi.id,
          reason: (p.reason as Stripe.Refund.Reason) ?? null,
          status: 'succeeded',
        } as unknown as Stripe.Refund,
        { paymentIntent: pi.id },
      )
      const refunded = ch.amount_refunded + amount
      const charge = this.store.put({ ...ch, amount_refunded: refunded, refunded: refunded === ch.amount } as Stripe.Charge, { paymentIntent: pi.id })
      return {
        refund,
        events: [
          this.store.addEvent('refund.created', refund, { paymentIntent: pi.id }),
          this.store.addEvent('charge.refunded', charge, { paymentIntent: pi.id }),
        ],
      }
    })
    for (const e of events) this.webhooks.dispatch(e)
    return refund
  }
}
