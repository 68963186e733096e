/**
 * The sandbox's subscriptions: customers, products and prices, Checkout in `subscription` mode,
 * subscriptions and their invoices, the Customer Portal's actions, and test clocks — with the events
 * Stripe sends for each change, in Stripe's order, signed by the same webhook sender as payments.
 *
 * Time: an object of a customer on a test clock lives in the clock's time (created, periods,
 * invoices); everything else in real time. Renewals and retries run when their time comes: for a
 * clock when it is advanced, for the rest on the sandbox's timer.
 *
 * Where the sandbox simplifies Stripe (documented, so a test never relies on something Stripe
 * would not do):
 * - Card 4000 0000 0000 0341 pays the first invoice at Checkout and fails every later charge (Stripe
 *   itself declines it at the first charge; against Stripe, pay with 4242 and change the card to 0341
 *   in the portal, which the sandbox supports as well).
 * - Retries (Smart Retries stand-in): a failed renewal is tried again 7 and 14 days after the first
 *   failure; the third failure cancels the subscription (`cancellation_details.reason =
 *   payment_failed`, customer.subscription.deleted). The invoice stays `open`.
 * - Plan switches ignore proration; a switch between month and year starts a new period at once
 *   with an invoice (`billing_reason: subscription_update`), as Stripe resets the cycle then.
 * - No trials, no pauses, no `incomplete` subscription: a declined first card leaves the Checkout
 *   Session open, as Stripe's hosted page does.
 */
import { DateTime } from 'luxon'
import type Stripe from 'stripe'
import { SandboxError, type WebhookSender } from './engine.server'
import type { SandboxStore } from './store.server'

export const BILLING_CARDS = {
  success: '4242424242424242',
  failsLater: '4000000000000341',
  declined: '4000000000000002',
} as const

/** Days after the first failed attempt at which the invoice is tried again; then the subscription ends. */
export const RETRY_DAYS = [7, 14] as const

const DAY = 24 * 3600
const realNow = () => Math.floor(Date.now() / 1000)

type Params = Record<string, unknown>
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const bool = (v: unknown) => (v === 'true' || v === true ? true : v === 'false' || v === false ? false : undefined)
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : v === undefined || v === '' ? [] : [v])
function meta(v: unknown, param = 'metadata'): Record<string, string> | undefined {
  if (v === undefined) return undefined
  if (v === '') return {}
  if (!v || typeof v !== 'object') throw invalid(`Invalid ${param}: must be a hash.`, param)
  const out: Record<string, string> = {}
  const entries = Object.entries(v as Record<string, unknown>)
  if (entries.length > 50) throw invalid('Metadata may have at most 50 keys.', param)
  for (const [k, val] of entries) {
    if (typeof val !== 'string' || k.length > 40 || val.length > 500) throw invalid(`Invalid ${param}[${k}].`, param)
    out[k] = val
  }
  return out
}

function invalid(message: string, param?: string, code?: string) {
  return new SandboxError(400, 'invalid_request_error', message, code, param)
}
function missing(type: string, id: string, param = 'id') {
  return new SandboxError(404, 'invalid_request_error', `No such ${type}: '${id}'`, 'resource_missing', param)
}

/** `anchor` plus `n` months or years, kept on the anchor's day (31 Jan → 28 Feb → 31 Mar), as Stripe does. */
export function addIntervals(anchor: number, interval: 'month' | 'year', n: number): number {
  return DateTime.fromSeconds(anchor, { zone: 'utc' })
    .plus(interval === 'month' ? { months: n } : { years: n })
    .toSeconds()
}

export type PortalSession = Stripe.BillingPortal.Session & { sandbox_expires_at: number }

type Out = { events: Stripe.Event[] }

export class SandboxBilling {
  constructor(
    readonly store: SandboxStore,
    readonly webhooks: WebhookSender,
  ) {}

  /** Runs a write in one transaction and sends its events after the commit, in order. */
  private write<T>(fn: (out: Out) => T): T {
    const out: Out = { events: [] }
    const result = this.store.transaction(() => fn(out))
    for (const e of out.events) this.webhooks.dispatch(e)
    return result
  }

  private emit(out: Out, type: string, object: Stripe.Subscription | Stripe.Invoice | Stripe.Customer | Stripe.PaymentMethod | Stripe.Checkout.Session, subscription: string | null, previous?: Record<string, unknown>) {
    out.events.push(this.store.addEvent(type, structuredClone(object), { subscription, sessionId: object.object === 'checkout.session' ? object.id : null }, previous))
  }

  // ---------------------------------------------------------------- time

  clock(id: string): Stripe.TestHelpers.TestClock {
    const c = this.store.get<Stripe.TestHelpers.TestClock>(id, 'test_helpers.test_clock')
    if (!c) throw missing('test_helpers.test_clock', id)
    return c
  }

  /** Now, for this customer: their test clock's frozen time, or the real time. */
  nowFor(customer: Stripe.Customer): number {
    const clockId = typeof customer.test_clock === 'string' ? customer.test_clock : null
    return clockId ? this.clock(clockId).frozen_time : realNow()
  }

  createClock(p: Params): Stripe.TestHelpers.TestClock {
    const frozen = Number(p.frozen_time)
    if (!Number.isInteger(frozen) || frozen <= 0) throw invalid('Missing required param: frozen_time.', 'frozen_time', 'parameter_missing')
    const clock = {
      id: this.store.newId('clock'),
      object: 'test_helpers.test_clock',
      created: realNow(),
      deletes_after: realNow() + 30 * DAY,
      frozen_time: frozen,
      livemode: false,
      name: str(p.name) ?? null,
      status: 'ready',
      status_details: {},
    } as unknown as Stripe.TestHelpers.TestClock
    return this.store.put(clock)
  }

  /**
   * Moves the clock forward and runs, in time order, every renewal, retry and period-end
   * cancellation that falls due on the way. Stripe does this in the background and answers
   * `advancing`; the sandbox has finished by the time it answers, and says `advancing` all the same
   * so callers poll `retrieve` as they must with Stripe.
   */
  advanceClock(id: string, p: Params): Stripe.TestHelpers.TestClock {
    const target = Number(p.frozen_time)
    return this.write((out) => {
      const clock = this.clock(id)
      if (!Number.isInteger(target) || target <= clock.frozen_time)
        throw invalid(`The test clock's frozen_time must be after its current frozen_time (${clock.frozen_time}).`, 'frozen_time')
      const customers = this.store.where<Stripe.Customer>('customer', 'test_clock', id).map((c) => c.id)
      const subs = () => customers.flatMap((c) => this.store.where<Stripe.Subscription>('subscription', 'customer', c)).filter((s) => live(s))
      // Stripe's limit: at most two intervals of the shortest subscription ahead.
      const shortest = subs().map((s) => addIntervals(clock.frozen_time, s.items.data[0]!.price.recurring!.interval as 'month' | 'year', 2))
      if (shortest.length && target > Math.min(...shortest))
        throw invalid('Cannot advance the test clock more than two intervals past the shortest subscription interval in it.', 'frozen_time')
      let now = clock.frozen_time
      for (let step = 0; step < 1000; step++) {
        const due = subs()
          .map((s) => ({ s, at: this.nextDue(s) }))
          .filter((d): d is { s: Stripe.Subscription; at: number } => d.at !== null && d.at <= target)
          .sort((a, b) => a.at - b.at)[0]
        if (!due) break
        now = Math.max(now, due.at)
        this.store.put({ ...this.clock(id), frozen_time: now } as Stripe.TestHelpers.TestClock)
        this.runDue(out, due.s, now)
      }
      this.store.put({ ...this.clock(id), frozen_time: target, status: 'ready' } as Stripe.TestHelpers.TestClock)
      return { ...this.clock(id), status: 'advancing', status_details: { advancing: { target_frozen_time: target } } } as Stripe.TestHelpers.TestClock
    })
  }

  /** Subscriptions of customers without a clock whose renewal or retry time has come (the sandbox's timer). */
  runDueInRealTime() {
    const t = realNow()
    const due = (this.store.sqlite
      .prepare(`select id from objects where type = 'subscription' and json_extract(data, '$.test_clock') is null and json_extract(data, '$.status') in ('active', 'past_due')`)
      .all() as { id: string }[]).map((r) => r.id)
    for (const id of due) {
      this.write((out) => {
        for (let step = 0; step < 100; step++) {
          const s = this.store.get<Stripe.Subscription>(id, 'subscription')!
          const at = live(s) ? this.nextDue(s) : null
          if (at === null || at > t) return
          this.runDue(out, s, at)
        }
      })
    }
  }

  private nextDue(s: Stripe.Subscription): number | null {
    if (!live(s)) return null
    const periodEnd = s.items.data[0]!.current_period_end
    const inv = this.openInvoice(s)
    const retry = inv?.next_payment_attempt ?? null
    return retry !== null && retry < periodEnd ? retry : periodEnd
  }

  private runDue(out: Out, s: Stripe.Subscription, now: number) {
    const periodEnd = s.items.data[0]!.current_period_end
    const inv = this.openInvoice(s)
    if (inv?.next_payment_attempt != null && inv.next_payment_attempt <= now && inv.next_payment_attempt < periodEnd) {
      this.retryInvoice(out, s, inv, now, 'automatic')
      return
    }
    if (s.cancel_at_period_end) {
      this.end(out, s, periodEnd, 'cancellation_requested')
      return
    }
    this.renew(out, s, periodEnd, 'subscription_cycle')
  }

  // ---------------------------------------------------------------- customers and payment methods

  customer(id: string, param = 'id'): Stripe.Customer {
    const c = this.store.get<Stripe.Customer>(id, 'customer')
    if (!c) throw missing('customer', id, param)
    return c
  }

  createCustomer(p: Params): Stripe.Customer {
    return this.write((out) => {
      const clockId = str(p.test_clock) ?? null
      const created = clockId ? this.clock(clockId).frozen_time : realNow()
      const email = str(p.email) ?? null
      if (email !== null && (email.length > 512 || !/^[^\s@]+@[^\s@]+$/.test(email))) throw invalid('Invalid email address.', 'email', 'email_invalid')
      const customer = this.store.put({
        id: this.store.newId('cus'),
        object: 'customer',
        balance: 0,
        created,
        currency: null,
        default_source: null,
        delinquent: false,
        description: str(p.description) ?? null,
        email,
        invoice_prefix: null,
        invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
        livemode: false,
        metadata: meta(p.metadata) ?? {},
        name: str(p.name) ?? null,
        phone: null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: 'none',
        test_clock: clockId,
      } as unknown as Stripe.Customer)
      this.emit(out, 'customer.created', customer, null)
      return customer
    })
  }

  updateCustomer(id: string, p: Params): Stripe.Customer {
    return this.write((out) => {
      const before = this.customer(id)
      const email = p.email === undefined ? before.email : (str(p.email) ?? null)
      const dpm = str((p.invoice_settings as Params | undefined)?.default_payment_method)
      if (dpm) this.paymentMethod(dpm, before.id)
      const after = this.store.put({
        ...before,
        email,
        name: p.name === undefined ? before.name : (str(p.name) ?? null),
        metadata: { ...before.metadata, ...(meta(p.metadata) ?? {}) },
        invoice_settings: { ...before.invoice_settings, ...(dpm ? { default_payment_method: dpm } : {}) },
      } as Stripe.Customer)
      this.emit(out, 'customer.updated', after, null, { email: before.email })
      return after
    })
  }

  private paymentMethod(id: string, customerId: string): Stripe.PaymentMethod {
    const pm = this.store.get<Stripe.PaymentMethod>(id, 'payment_method')
    if (!pm || pm.customer !== customerId) throw missing('payment_method', id, 'default_payment_method')
    return pm
  }

  /** A test card typed on a hosted page becomes a payment method attached to the customer. */
  private attachCard(out: Out, customer: Stripe.Customer, digits: string): Stripe.PaymentMethod {
    if (digits === BILLING_CARDS.declined) throw new SandboxError(402, 'card_error', 'Your card was declined.', 'card_declined')
    if (digits !== BILLING_CARDS.success && digits !== BILLING_CARDS.failsLater)
      throw new SandboxError(402, 'card_error', 'Your card number is not a sandbox test card. Use 4242 4242 4242 4242.', 'incorrect_number')
    const pm = this.store.put({
      id: this.store.newId('pm'),
      object: 'payment_method',
      billing_details: { address: null, email: customer.email, name: null, phone: null },
      card: { brand: 'visa', country: 'GB', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, funding: 'credit', last4: digits.slice(-4) },
      created: this.nowFor(customer),
      customer: customer.id,
      livemode: false,
      metadata: {},
      type: 'card',
    } as unknown as Stripe.PaymentMethod)
    this.emit(out, 'payment_method.attached', pm, null)
    return pm
  }

  /** The card a charge uses: the subscription's own first, then the customer's default (as Stripe). */
  private chargeSucceeds(s: Stripe.Subscription, customer: Stripe.Customer): boolean {
    const pmId = (typeof s.default_payment_method === 'string' ? s.default_payment_method : null) ?? (customer.invoice_settings.default_payment_method as string | null)
    const pm = pmId ? this.store.get<Stripe.PaymentMethod>(pmId, 'payment_method') : null
    return pm?.card?.last4 === BILLING_CARDS.success.slice(-4)
  }

  // ---------------------------------------------------------------- products and prices

  product(id: string, param = 'id'): Stripe.Product {
    const p = this.store.get<Stripe.Product>(id, 'product')
    if (!p) throw missing('product', id, param)
    return p
  }

  createProduct(p: Params): Stripe.Product {
    const name = str(p.name)
    if (!name) throw invalid('Missing required param: name.', 'name', 'parameter_missing')
    const id = str(p.id) ?? this.store.newId('prod')
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw invalid('Invalid product id.', 'id')
    return this.store.transaction(() => {
      if (this.store.get(id, 'product')) throw invalid(`Product already exists.`, 'id', 'resource_already_exists')
      const t = realNow()
      return this.store.put({
        id,
        object: 'product',
        active: bool(p.active) ?? true,
        created: t,
        default_price: null,
        description: str(p.description) ?? null,
        images: [],
        livemode: false,
        marketing_features: [],
        metadata: meta(p.metadata) ?? {},
        name,
        package_dimensions: null,
        shippable: null,
        statement_descriptor: null,
        tax_code: null,
        type: 'service',
        unit_label: null,
        updated: t,
        url: null,
      } as unknown as Stripe.Product)
    })
  }

  updateProduct(id: string, p: Params): Stripe.Product {
    return this.store.transaction(() => {
      const before = this.product(id)
      return this.store.put({
        ...before,
        name: str(p.name) ?? before.name,
        active: bool(p.active) ?? before.active,
        metadata: { ...before.metadata, ...(meta(p.metadata) ?? {}) },
        updated: realNow(),
      } as Stripe.Product)
    })
  }

  listProducts(q: Params) {
    const active = bool(q.active)
    return page(this.store.list<Stripe.Product>('product').filter((p) => active === undefined || p.active === active), q, '/v1/products')
  }

  price(id: string, param = 'id'): Stripe.Price {
    const p = this.store.get<Stripe.Price>(id, 'price')
    if (!p) throw missing('price', id, param)
    return p
  }

  /** Takes a lookup key from the price that has it, or refuses, as Stripe does without `transfer_lookup_key`. */
  private claimLookupKey(key: string, transfer: boolean, selfId: string) {
    const holder = this.store.where<Stripe.Price>('price', 'lookup_key', key).find((p) => p.id !== selfId)
    if (!holder) return
    if (!transfer) throw invalid(`A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key')
    this.store.put({ ...holder, lookup_key: null } as Stripe.Price)
  }

  createPrice(p: Params): Stripe.Price {
    const productId = str(p.product)
    if (!productId) throw invalid('Missing required param: product.', 'product', 'parameter_missing')
    const currency = str(p.currency)?.toLowerCase()
    if (!currency || !/^[a-z]{3}$/.test(currency)) throw invalid('Missing required param: currency.', 'currency', 'parameter_missing')
    const amount = Number(p.unit_amount)
    if (!Number.isInteger(amount) || amount < 0 || amount > 99_999_999) throw invalid('Invalid integer: unit_amount.', 'unit_amount')
    const rec = p.recurring as Params | undefined
    const interval = rec ? str(rec.interval) : undefined
    if (rec && interval !== 'month' && interval !== 'year') throw invalid('The sandbox supports recurring[interval] month or year.', 'recurring[interval]')
    const lookup = str(p.lookup_key) ?? null
    if (lookup !== null && (lookup.length === 0 || lookup.length > 200)) throw invalid('Invalid lookup_key.', 'lookup_key')
    return this.store.transaction(() => {
      this.product(productId, 'product')
      const id = this.store.newId('price')
      if (lookup) this.claimLookupKey(lookup, bool(p.transfer_lookup_key) === true, id)
      return this.store.put({
        id,
        object: 'price',
        active: bool(p.active) ?? true,
        billing_scheme: 'per_unit',
        created: realNow(),
        currency,
        custom_unit_amount: null,
        livemode: false,
        lookup_key: lookup,
        metadata: meta(p.metadata) ?? {},
        nickname: str(p.nickname) ?? null,
        product: productId,
        recurring: interval ? { interval, interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' } : null,
        tax_behavior: 'unspecified',
        tiers_mode: null,
        transform_quantity: null,
        type: interval ? 'recurring' : 'one_time',
        unit_amount: amount,
        unit_amount_decimal: String(amount),
      } as unknown as Stripe.Price)
    })
  }

  updatePrice(id: string, p: Params): Stripe.Price {
    return this.store.transaction(() => {
      const before = this.price(id)
      const lookup = p.lookup_key === undefined ? before.lookup_key : (str(p.lookup_key) || null)
      if (lookup && lookup !== before.lookup_key) this.claimLookupKey(lookup, bool(p.transfer_lookup_key) === true, id)
      return this.store.put({
        ...before,
        active: bool(p.active) ?? before.active,
        lookup_key: lookup,
        nickname: p.nickname === undefined ? before.nickname : (str(p.nickname) ?? null),
        metadata: { ...before.metadata, ...(meta(p.metadata) ?? {}) },
      } as Stripe.Price)
    })
  }

  listPrices(q: Params) {
    const active = bool(q.active)
    const keys = arr(q.lookup_keys).map(String)
    if (keys.length > 10) throw invalid('You may only specify up to 10 lookup_keys.', 'lookup_keys')
    const product = str(q.product)
    const type = str(q.type)
    const list = this.store
      .list<Stripe.Price>('price')
      .filter((p) => (active === undefined || p.active === active) && (!keys.length || (p.lookup_key !== null && keys.includes(p.lookup_key))) && (!product || p.product === product) && (!type || p.type === type))
    return page(list, q, '/v1/prices')
  }

  // ---------------------------------------------------------------- Checkout in subscription mode

  /** Checks a subscription-mode session's parameters; what the hosted page shows is kept beside it. */
  subscriptionSessionFields(p: Params): { customer: string | null; price: Stripe.Price; subscriptionMetadata: Record<string, string> } {
    const items = arr(p.line_items) as Params[]
    if (items.length !== 1) throw invalid('The sandbox supports exactly one line item (a recurring price) in subscription mode.', 'line_items')
    const priceId = str(items[0]!.price)
    if (!priceId) throw invalid('line_items[0][price] is required in subscription mode.', 'line_items[0][price]', 'parameter_missing')
    const qty = items[0]!.quantity === undefined ? 1 : Number(items[0]!.quantity)
    if (qty !== 1) throw invalid('The sandbox supports quantity 1.', 'line_items[0][quantity]')
    const price = this.price(priceId, 'line_items[0][price]')
    if (!price.active) throw invalid(`The price specified is inactive. This field only accepts active prices.`, 'line_items[0][price]')
    if (!price.recurring) throw invalid('You must specify at least one recurring price in `subscription` mode when using prices.', 'line_items[0][price]')
    const customer = str(p.customer) ?? null
    if (customer) this.customer(customer, 'customer')
    const sd = (p.subscription_data ?? {}) as Params
    return { customer, price, subscriptionMetadata: meta(sd.metadata, 'subscription_data[metadata]') ?? {} }
  }

  /**
   * The person pays the first invoice on the hosted page: the card is attached, the subscription
   * made and paid, and the session completes. A declined card changes nothing (the page says so).
   */
  paySubscriptionSession(s: Stripe.Checkout.Session, digits: string): Stripe.Checkout.Session {
    return this.write((out) => {
      // Read again inside the transaction: a double click pays once.
      s = this.store.get<Stripe.Checkout.Session>(s.id, 'checkout.session')!
      if (s.status !== 'open') throw invalid(`This Checkout Session is ${s.status}.`, undefined, 'checkout_session_' + s.status)
      const extra = s as unknown as { sandbox_price: string; sandbox_subscription_metadata: Record<string, string> }
      if (digits === BILLING_CARDS.declined) throw new SandboxError(402, 'card_error', 'Your card was declined.', 'card_declined')
      let customer = s.customer ? this.customer(s.customer as string) : null
      if (!customer) {
        customer = this.store.put({ ...this.createCustomerRow(s.customer_email), created: realNow() } as Stripe.Customer)
        this.emit(out, 'customer.created', customer, null)
      }
      const pm = this.attachCard(out, customer, digits)
      const price = this.price(extra.sandbox_price)
      const t = this.nowFor(customer)
      const subId = this.store.newId('sub')
      const interval = price.recurring!.interval as 'month' | 'year'
      const incomplete = this.store.put(
        {
          id: subId,
          object: 'subscription',
          application: null,
          automatic_tax: { enabled: false, liability: null },
          billing_cycle_anchor: t,
          cancel_at: null,
          cancel_at_period_end: false,
          canceled_at: null,
          cancellation_details: { comment: null, feedback: null, reason: null },
          collection_method: 'charge_automatically',
          created: t,
          currency: price.currency,
          customer: customer.id,
          days_until_due: null,
          default_payment_method: pm.id,
          description: null,
          discounts: [],
          ended_at: null,
          items: {
            object: 'list',
            data: [{ id: this.store.newId('si'), object: 'subscription_item', created: t, current_period_start: t, current_period_end: addIntervals(t, interval, 1), metadata: {}, price, quantity: 1, subscription: subId, discounts: [], tax_rates: [] }],
            has_more: false,
            total_count: 1,
            url: `/v1/subscription_items?subscription=${subId}`,
          },
          latest_invoice: null,
          livemode: false,
          metadata: extra.sandbox_subscription_metadata ?? {},
          pause_collection: null,
          start_date: t,
          status: 'incomplete',
          test_clock: customer.test_clock,
          trial_end: null,
          trial_start: null,
        } as unknown as Stripe.Subscription,
        { subscription: subId },
      )
      this.emit(out, 'customer.subscription.created', incomplete, subId)
      const invoice = this.newInvoice(out, incomplete, customer, t, 'subscription_create')
      // The first charge at Checkout succeeds for 4242 and (sandbox simplification, see the head) 0341.
      const paid = this.settleInvoice(out, invoice, true, t, incomplete.id)
      const active = this.store.put({ ...incomplete, status: 'active', latest_invoice: paid.id } as Stripe.Subscription, { subscription: subId })
      this.emit(out, 'customer.subscription.updated', active, subId, { status: 'incomplete', latest_invoice: null })
      const done = this.store.put(
        { ...s, status: 'complete', url: null, customer: customer.id, subscription: subId, invoice: paid.id, payment_status: 'paid' } as Stripe.Checkout.Session,
        { sessionId: s.id, subscription: subId },
      )
      this.emit(out, 'checkout.session.completed', publicSessionOf(done), subId)
      return done
    })
  }

  private createCustomerRow(email: string | null): Stripe.Customer {
    return {
      id: this.store.newId('cus'),
      object: 'customer',
      balance: 0,
      created: realNow(),
      email,
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: {},
      name: null,
      test_clock: null,
    } as unknown as Stripe.Customer
  }

  // ---------------------------------------------------------------- invoices

  invoice(id: string): Stripe.Invoice {
    const i = this.store.get<Stripe.Invoice>(id, 'invoice')
    if (!i) throw missing('invoice', id)
    return i
  }

  private openInvoice(s: Stripe.Subscription): Stripe.Invoice | null {
    const id = typeof s.latest_invoice === 'string' ? s.latest_invoice : (s.latest_invoice?.id ?? null)
    const inv = id ? this.store.get<Stripe.Invoice>(id, 'invoice') : null
    return inv?.status === 'open' ? inv : null
  }

  private newInvoice(out: Out, s: Stripe.Subscription, customer: Stripe.Customer, t: number, reason: 'subscription_create' | 'subscription_cycle' | 'subscription_update'): Stripe.Invoice {
    const item = s.items.data[0]!
    const amount = item.price.unit_amount ?? 0
    const count = this.store.where<Stripe.Invoice>('invoice', 'customer', customer.id).length
    const invoice = this.store.put(
      {
        id: this.store.newId('in'),
        object: 'invoice',
        account_country: 'GB',
        amount_due: amount,
        amount_paid: 0,
        amount_remaining: amount,
        attempt_count: 0,
        attempted: false,
        auto_advance: true,
        billing_reason: reason,
        collection_method: 'charge_automatically',
        created: t,
        currency: s.currency,
        customer: customer.id,
        customer_email: customer.email,
        default_payment_method: null,
        description: null,
        hosted_invoice_url: null,
        lines: {
          object: 'list',
          data: [
            {
              id: this.store.newId('il'),
              object: 'line_item',
              amount,
              currency: s.currency,
              description: `1 × ${item.price.nickname ?? item.price.product} (at ${amount / 100} / ${item.price.recurring?.interval})`,
              period: { start: item.current_period_start, end: item.current_period_end },
              pricing: { price_details: { price: item.price.id, product: item.price.product }, type: 'price_details', unit_amount_decimal: String(amount) },
              quantity: 1,
            },
          ],
          has_more: false,
          url: '/v1/invoices/lines',
        },
        livemode: false,
        metadata: {},
        next_payment_attempt: null,
        number: `SBX-${customer.id.slice(-6).toUpperCase()}-${String(count + 1).padStart(4, '0')}`,
        parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: s.metadata, subscription: s.id } },
        period_start: item.current_period_start,
        period_end: item.current_period_end,
        status: 'open',
        status_transitions: { finalized_at: t, marked_uncollectible_at: null, paid_at: null, voided_at: null },
        subtotal: amount,
        test_clock: customer.test_clock,
        total: amount,
      } as unknown as Stripe.Invoice,
      { subscription: s.id },
    )
    this.emit(out, 'invoice.created', { ...invoice, status: 'draft' } as Stripe.Invoice, s.id)
    this.emit(out, 'invoice.finalized', invoice, s.id)
    return invoice
  }

  /** One attempt to collect an invoice: paid, or failed with the next retry (or none left). */
  private settleInvoice(out: Out, inv: Stripe.Invoice, succeeds: boolean, t: number, subId: string, kind: 'automatic' | 'manual' = 'automatic'): Stripe.Invoice {
    const attempts = inv.attempt_count + (kind === 'automatic' || inv.attempt_count === 0 ? 1 : 0)
    if (succeeds) {
      const paid = this.store.put(
        {
          ...inv,
          status: 'paid',
          amount_paid: inv.amount_due,
          amount_remaining: 0,
          attempt_count: attempts,
          attempted: true,
          next_payment_attempt: null,
          status_transitions: { ...inv.status_transitions, paid_at: t },
        } as Stripe.Invoice,
        { subscription: subId },
      )
      this.emit(out, 'invoice.paid', paid, subId)
      this.emit(out, 'invoice.payment_succeeded', paid, subId)
      return paid
    }
    const firstFailure = inv.attempt_count === 0 ? t : (inv as unknown as { sandbox_first_failure?: number }).sandbox_first_failure ?? t
    const retry = RETRY_DAYS[attempts - 1]
    const failed = this.store.put(
      {
        ...inv,
        attempt_count: attempts,
        attempted: true,
        next_payment_attempt: retry === undefined ? null : firstFailure + retry * DAY,
        sandbox_first_failure: firstFailure,
      } as Stripe.Invoice,
      { subscription: subId },
    )
    this.emit(out, 'invoice.payment_failed', publicInvoice(failed), subId)
    return failed
  }

  listInvoices(q: Params) {
    const customer = str(q.customer)
    const subscription = str(q.subscription)
    const status = str(q.status)
    const list = (customer ? this.store.where<Stripe.Invoice>('invoice', 'customer', customer) : this.store.list<Stripe.Invoice>('invoice')).filter(
      (i) => (!subscription || i.parent?.subscription_details?.subscription === subscription) && (!status || i.status === status),
    )
    return page(list.map(publicInvoice), q, '/v1/invoices')
  }

  // ---------------------------------------------------------------- subscriptions

  subscription(id: string, param = 'id'): Stripe.Subscription {
    const s = this.store.get<Stripe.Subscription>(id, 'subscription')
    if (!s) throw missing('subscription', id, param)
    return s
  }

  /** Stripe's `expand[]=latest_invoice` (or `data.latest_invoice` in a list). */
  expand(s: Stripe.Subscription, expand: unknown, prefix = ''): Stripe.Subscription {
    const wanted = arr(expand).map(String)
    if (wanted.includes(`${prefix}latest_invoice`) && typeof s.latest_invoice === 'string') return { ...s, latest_invoice: publicInvoice(this.invoice(s.latest_invoice)) }
    return s
  }

  listSubscriptions(q: Params) {
    const customer = str(q.customer)
    const status = str(q.status)
    const price = str(q.price)
    const clock = str(q.test_clock)
    const list = (customer ? this.store.where<Stripe.Subscription>('subscription', 'customer', customer) : this.store.list<Stripe.Subscription>('subscription')).filter(
      (s) =>
        // Stripe's default leaves canceled subscriptions out; `all` includes them.
        (status === 'all' || (status ? s.status === status : s.status !== 'canceled' && s.status !== 'incomplete_expired')) &&
        (!price || s.items.data[0]?.price.id === price) &&
        (!clock || s.test_clock === clock),
    )
    const result = page(list, q, '/v1/subscriptions')
    return { ...result, data: result.data.map((s) => this.expand(s, q.expand, 'data.')) }
  }

  updateSubscription(id: string, p: Params): Stripe.Subscription {
    return this.write((out) => this.applyUpdate(out, id, p))
  }

  private applyUpdate(out: Out, id: string, p: Params): Stripe.Subscription {
    const before = this.subscription(id)
    if (before.status === 'canceled' || before.status === 'incomplete_expired')
      throw invalid('A canceled subscription can only update its cancellation_details and metadata.', undefined, 'resource_missing')
    const customer = this.customer(before.customer as string)
    const t = this.nowFor(customer)
    const items = arr(p.items) as Params[]
    const newPriceId = items.length ? str(items[0]!.price) : undefined
    if (items.length > 1) throw invalid('The sandbox supports one subscription item.', 'items')
    if (items[0]?.id !== undefined && items[0].id !== before.items.data[0]!.id) throw invalid(`No such subscription item: '${String(items[0].id)}'`, 'items[0][id]')
    const cape = bool(p.cancel_at_period_end)
    const dpm = str(p.default_payment_method)
    if (dpm) this.paymentMethod(dpm, customer.id)
    const previous: Record<string, unknown> = {}
    let next: Stripe.Subscription = { ...before }
    let resetCycle = false
    if (newPriceId && newPriceId !== before.items.data[0]!.price.id) {
      const price = this.price(newPriceId, 'items[0][price]')
      if (!price.active || !price.recurring) throw invalid('The price specified is inactive or not recurring.', 'items[0][price]')
      if (price.currency !== before.currency) throw invalid('The price must be in the subscription’s currency.', 'items[0][price]')
      const item = before.items.data[0]!
      resetCycle = price.recurring.interval !== item.price.recurring!.interval
      const newItem = resetCycle
        ? { ...item, price, current_period_start: t, current_period_end: addIntervals(t, price.recurring.interval as 'month' | 'year', 1) }
        : { ...item, price }
      next = { ...next, items: { ...before.items, data: [newItem] }, ...(resetCycle ? { billing_cycle_anchor: t } : {}) } as Stripe.Subscription
      previous.items = before.items
    }
    if (cape !== undefined && cape !== before.cancel_at_period_end) {
      next = { ...next, cancel_at_period_end: cape, cancel_at: cape ? before.items.data[0]!.current_period_end : null, canceled_at: cape ? t : null } as Stripe.Subscription
      Object.assign(previous, { cancel_at_period_end: before.cancel_at_period_end, cancel_at: before.cancel_at, canceled_at: before.canceled_at })
    }
    if (dpm && dpm !== before.default_payment_method) {
      next = { ...next, default_payment_method: dpm } as Stripe.Subscription
      previous.default_payment_method = before.default_payment_method
    }
    const m = meta(p.metadata)
    if (m) {
      next = { ...next, metadata: { ...before.metadata, ...m } }
      previous.metadata = before.metadata
    }
    if (Object.keys(previous).length === 0) return this.store.get<Stripe.Subscription>(id, 'subscription')!
    const saved = this.store.put(next, { subscription: id })
    this.emit(out, 'customer.subscription.updated', saved, id, previous)
    if (resetCycle) return this.renew(out, saved, t, 'subscription_update', false)
    return saved
  }

  /** A new period and its invoice, collected now. `advance` false: the period was already set. */
  private renew(out: Out, s: Stripe.Subscription, t: number, reason: 'subscription_cycle' | 'subscription_update', advance = true): Stripe.Subscription {
    const customer = this.customer(s.customer as string)
    const item = s.items.data[0]!
    const interval = item.price.recurring!.interval as 'month' | 'year'
    const periodStart = advance ? item.current_period_end : item.current_period_start
    const periodEnd = advance ? addIntervals(periodStart, interval, 1) : item.current_period_end
    const moved = { ...s, items: { ...s.items, data: [{ ...item, current_period_start: periodStart, current_period_end: periodEnd }] } } as Stripe.Subscription
    // Stripe keeps the old open invoice when a new one comes; the sandbox leaves it open too.
    const invoice = this.newInvoice(out, moved, customer, t, reason)
    const settled = this.settleInvoice(out, invoice, this.chargeSucceeds(moved, customer), t, s.id)
    const status: Stripe.Subscription.Status = settled.status === 'paid' ? 'active' : 'past_due'
    const saved = this.store.put({ ...moved, status, latest_invoice: settled.id } as Stripe.Subscription, { subscription: s.id })
    this.emit(out, 'customer.subscription.updated', saved, s.id, {
      ...(advance ? { items: s.items } : {}),
      latest_invoice: s.latest_invoice,
      ...(status !== s.status ? { status: s.status } : {}),
    })
    return saved
  }

  /** Collects the open invoice again (a Smart Retry, or a new card in the portal). */
  private retryInvoice(out: Out, s: Stripe.Subscription, inv: Stripe.Invoice, t: number, kind: 'automatic' | 'manual') {
    const customer = this.customer(s.customer as string)
    const settled = this.settleInvoice(out, inv, this.chargeSucceeds(s, customer), t, s.id, kind)
    if (settled.status === 'paid') {
      if (s.status !== 'active') {
        const saved = this.store.put({ ...s, status: 'active' } as Stripe.Subscription, { subscription: s.id })
        this.emit(out, 'customer.subscription.updated', saved, s.id, { status: s.status })
      }
      return
    }
    if (kind === 'automatic' && settled.next_payment_attempt === null) this.end(out, s, t, 'payment_failed')
  }

  private end(out: Out, s: Stripe.Subscription, t: number, reason: 'cancellation_requested' | 'payment_failed') {
    const ended = this.store.put(
      {
        ...s,
        status: 'canceled',
        ended_at: t,
        canceled_at: s.canceled_at ?? t,
        cancel_at_period_end: s.cancel_at_period_end,
        cancellation_details: { ...s.cancellation_details, reason },
      } as Stripe.Subscription,
      { subscription: s.id },
    )
    this.emit(out, 'customer.subscription.deleted', ended, s.id)
    return ended
  }

  /** DELETE /v1/subscriptions/:id: ends it now. Already canceled is Stripe's 404-like error. */
  cancelSubscription(id: string): Stripe.Subscription {
    return this.write((out) => {
      const s = this.subscription(id)
      if (s.status === 'canceled' || s.status === 'incomplete_expired')
        throw invalid(`No such subscription: '${id}'. It has already been canceled.`, 'id', 'resource_missing')
      const customer = this.customer(s.customer as string)
      const open = this.openInvoice(s)
      // Stripe stops retrying an open invoice when its subscription is canceled.
      if (open) this.store.put({ ...open, next_payment_attempt: null } as Stripe.Invoice, { subscription: id })
      return this.end(out, s, this.nowFor(customer), 'cancellation_requested')
    })
  }

  // ---------------------------------------------------------------- the Customer Portal

  createPortalSession(p: Params, baseUrl: string): PortalSession {
    const customerId = str(p.customer)
    if (!customerId) throw invalid('Missing required param: customer.', 'customer', 'parameter_missing')
    this.customer(customerId, 'customer')
    const returnUrl = str(p.return_url) ?? null
    if (returnUrl !== null && !/^https?:\/\//.test(returnUrl)) throw invalid('Not a valid URL', 'return_url', 'url_invalid')
    const locale = str(p.locale) ?? null
    const fd = p.flow_data as Params | undefined
    let flow: Stripe.BillingPortal.Session.Flow | null = null
    if (fd) {
      const type = str(fd.type)
      if (type !== 'payment_method_update' && type !== 'subscription_cancel' && type !== 'subscription_update')
        throw invalid('The sandbox supports flow_data[type] payment_method_update, subscription_cancel and subscription_update.', 'flow_data[type]')
      const subId = type === 'payment_method_update' ? null : str((fd[type] as Params | undefined)?.subscription)
      if (type !== 'payment_method_update') {
        if (!subId) throw invalid(`Missing required param: flow_data[${type}][subscription].`, `flow_data[${type}][subscription]`, 'parameter_missing')
        const s = this.subscription(subId, `flow_data[${type}][subscription]`)
        if (s.customer !== customerId) throw invalid('The subscription does not belong to this customer.', `flow_data[${type}][subscription]`)
        if (s.status === 'canceled') throw invalid('You can’t update a canceled subscription.', `flow_data[${type}][subscription]`)
      }
      flow = {
        type,
        after_completion: { type: 'portal_homepage', hosted_confirmation: null, redirect: null },
        subscription_cancel: type === 'subscription_cancel' ? { retention: null, subscription: subId! } : null,
        subscription_update: type === 'subscription_update' ? { subscription: subId! } : null,
        subscription_update_confirm: null,
      } as unknown as Stripe.BillingPortal.Session.Flow
    }
    const id = this.store.newId('bps')
    const t = realNow()
    return this.store.put({
      id,
      object: 'billing_portal.session',
      configuration: 'bpc_sandbox_default',
      created: t,
      customer: customerId,
      customer_account: null,
      flow,
      livemode: false,
      locale: locale as Stripe.BillingPortal.Session.Locale | null,
      on_behalf_of: null,
      return_url: returnUrl,
      url: `${returnUrl ? (originOf(returnUrl) ?? baseUrl) : baseUrl}/sandbox/portal/${id}`,
      // Not Stripe's field: portal links are short-lived, as Stripe's are.
      sandbox_expires_at: t + 3600,
    } as PortalSession)
  }

  portalSession(id: string): PortalSession | null {
    const s = this.store.get<PortalSession>(id, 'billing_portal.session')
    return s && s.sandbox_expires_at > realNow() ? s : null
  }

  /** The subscription a portal form names, if it belongs to the session's customer and has not ended. */
  private portalSubscription(session: PortalSession, subId: string): Stripe.Subscription {
    const s = this.store.get<Stripe.Subscription>(subId, 'subscription')
    if (!s || s.customer !== session.customer || !live(s)) throw invalid('No such subscription for this customer.', 'subscription')
    return s
  }

  /** Portal: a new card for the customer and their subscriptions; an open invoice is tried at once. */
  portalChangeCard(session: PortalSession, digits: string) {
    return this.write((out) => {
      const before = this.customer(session.customer)
      const pm = this.attachCard(out, before, digits)
      const customer = this.store.put({ ...before, invoice_settings: { ...before.invoice_settings, default_payment_method: pm.id } } as Stripe.Customer)
      this.emit(out, 'customer.updated', customer, null, { invoice_settings: before.invoice_settings })
      for (const s of this.store.where<Stripe.Subscription>('subscription', 'customer', customer.id).filter(live)) {
        const updated = this.applyUpdate(out, s.id, { default_payment_method: pm.id })
        const open = this.openInvoice(updated)
        if (open) this.retryInvoice(out, updated, open, this.nowFor(customer), 'manual')
      }
    })
  }

  portalSwitchPlan(session: PortalSession, subId: string, priceId: string) {
    const s = this.portalSubscription(session, subId)
    const price = this.store.get<Stripe.Price>(priceId, 'price')
    if (!price || !price.active || !price.recurring || price.currency !== s.currency) throw invalid('That plan is not available.', 'price')
    return this.updateSubscription(s.id, { items: [{ id: s.items.data[0]!.id, price: price.id }], proration_behavior: 'none' })
  }

  portalSetCancelAtPeriodEnd(session: PortalSession, subId: string, cancel: boolean) {
    const s = this.portalSubscription(session, subId)
    return this.updateSubscription(s.id, { cancel_at_period_end: cancel ? 'true' : 'false' })
  }

  /** What the portal page shows: the customer, their card, their subscriptions, and the plans to switch to. */
  portalView(session: PortalSession) {
    const customer = this.customer(session.customer)
    const subs = this.store.where<Stripe.Subscription>('subscription', 'customer', customer.id)
    const pmId = customer.invoice_settings.default_payment_method as string | null
    const fallback = subs.find(live)?.default_payment_method
    const pm = this.store.get<Stripe.PaymentMethod>(pmId ?? (typeof fallback === 'string' ? fallback : ''), 'payment_method')
    const prices = this.store.list<Stripe.Price>('price').filter((p) => p.active && p.recurring)
    const products = new Map(this.store.list<Stripe.Product>('product').map((p) => [p.id, p]))
    return {
      customer,
      card: pm?.card ? { brand: pm.card.brand, last4: pm.card.last4 } : null,
      subscriptions: subs.map((s) => ({ s, invoice: typeof s.latest_invoice === 'string' ? this.store.get<Stripe.Invoice>(s.latest_invoice, 'invoice') : null })),
      plans: prices
        .filter((p) => products.get(p.product as string)?.active !== false)
        .map((p) => ({ price: p, productName: products.get(p.product as string)?.name ?? String(p.product) })),
    }
  }
}

export function live(s: Stripe.Subscription) {
  return s.status === 'active' || s.status === 'past_due' || s.status === 'trialing' || s.status === 'unpaid'
}

function originOf(url: string) {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

/** The invoice as Stripe shows it: without the sandbox's own notes. */
export function publicInvoice(i: Stripe.Invoice): Stripe.Invoice {
  const { sandbox_first_failure: _f, ...rest } = i as Stripe.Invoice & { sandbox_first_failure?: number }
  return rest as Stripe.Invoice
}

export function publicSessionOf(s: Stripe.Checkout.Session): Stripe.Checkout.Session {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(s)) if (!k.startsWith('sandbox_')) out[k] = v
  return out as unknown as Stripe.Checkout.Session
}

/** Stripe's list envelope with `limit` and `starting_after` (the SDK's auto-pagination uses them). */
export function page<T extends { id?: string }>(all: T[], q: Params, url: string) {
  const limit = q.limit === undefined ? 10 : Number(q.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('Invalid limit: must be between 1 and 100.', 'limit')
  let from = 0
  const after = str(q.starting_after)
  if (after) {
    const i = all.findIndex((o) => o.id === after)
    if (i < 0) throw invalid(`No such object: '${after}'`, 'starting_after', 'resource_missing')
    from = i + 1
  }
  const data = all.slice(from, from + limit)
  return { object: 'list' as const, data, has_more: from + limit < all.length, url }
}
