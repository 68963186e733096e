/**
 * Membership's Stripe calls (customers, subscription Checkout, the Customer Portal, subscriptions,
 * plan prices, test clocks), behind plain functions and plain types. This is the only module that
 * uses the SDK for subscriptions; membership code sees `SubscriptionFacts`, never a Stripe object.
 *
 * Privacy: Stripe gets a person's email and our opaque user id, nothing else (no name, no notes).
 * Every write carries an idempotency key derived from our own ids where a repeat must not act twice.
 */
import type Stripe from 'stripe'
import { getStripe, isStripeError } from './stripe.server'

export type SubscriptionStatus = 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'unpaid' | 'canceled' | 'paused'

export type InvoiceFacts = { id: string; status: string; paid: boolean; attemptCount: number; created: number /* ms */ }

export type SubscriptionFacts = {
  id: string
  customerId: string
  status: SubscriptionStatus
  priceId: string
  /** ms; from the first item (current API versions keep the period on the item). */
  currentPeriodEnd: number
  cancelAtPeriodEnd: boolean
  canceledAt: number | null
  endedAt: number | null
  created: number
  /** Our person, from metadata.user_id (set through subscription_data.metadata at Checkout). */
  userId: number | null
  latestInvoice: InvoiceFacts | null
}

export type PortalFlow = 'payment_method_update' | 'subscription_cancel' | 'subscription_update'

const ms = (s: number | null | undefined) => (typeof s === 'number' ? s * 1000 : null)
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null))

function userIdFrom(metadata: Stripe.Metadata | null | undefined): number | null {
  const n = Number(metadata?.user_id)
  return metadata?.user_id && Number.isSafeInteger(n) && n > 0 ? n : null
}

function invoiceFacts(i: Stripe.Invoice): InvoiceFacts {
  return { id: i.id!, status: i.status ?? 'draft', paid: i.status === 'paid', attemptCount: i.attempt_count, created: i.created * 1000 }
}

export function subscriptionFacts(s: Stripe.Subscription): SubscriptionFacts {
  const item = s.items.data[0]
  const inv = s.latest_invoice
  return {
    id: s.id,
    customerId: idOf(s.customer)!,
    status: s.status as SubscriptionStatus,
    priceId: item?.price.id ?? '',
    currentPeriodEnd: (item?.current_period_end ?? 0) * 1000,
    cancelAtPeriodEnd: s.cancel_at_period_end,
    canceledAt: ms(s.canceled_at),
    endedAt: ms(s.ended_at),
    created: s.created * 1000,
    userId: userIdFrom(s.metadata),
    latestInvoice: inv && typeof inv === 'object' ? invoiceFacts(inv) : null,
  }
}

function notFound(error: unknown) {
  return isStripeError(error) && error.statusCode === 404
}

/**
 * One Stripe customer per person: the stored id is returned as it is; otherwise one is created with
 * only the email and our id, under a key derived from the user id so two clicks make one customer.
 */
export async function ensureCustomer(p: { userId: number; email: string; existingCustomerId: string | null; testClockId?: string }): Promise<string> {
  if (p.existingCustomerId) return p.existingCustomerId
  const customer = await getStripe().customers.create(
    { email: p.email, metadata: { user_id: String(p.userId) }, ...(p.testClockId ? { test_clock: p.testClockId } : {}) },
    { idempotencyKey: `user-${p.userId}-customer${p.testClockId ? `-${p.testClockId}` : ''}` },
  )
  return customer.id
}

export async function createSubscriptionCheckout(p: {
  customerId: string
  userId: number
  priceId: string
  successUrl: string
  cancelUrl: string
  locale: 'en' | 'ru'
  idempotencyKey: string
}): Promise<{ id: string; url: string }> {
  const session = await getStripe().checkout.sessions.create(
    {
      mode: 'subscription',
      customer: p.customerId,
      client_reference_id: String(p.userId),
      line_items: [{ price: p.priceId, quantity: 1 }],
      subscription_data: { metadata: { user_id: String(p.userId) } },
      locale: p.locale,
      success_url: p.successUrl,
      cancel_url: p.cancelUrl,
    },
    { idempotencyKey: p.idempotencyKey },
  )
  return { id: session.id, url: session.url! }
}

/** The subscription a completed subscription-mode Checkout Session made, or null (open, expired, unknown). */
export async function retrieveCheckoutSubscriptionId(sessionId: string): Promise<string | null> {
  try {
    const s = await getStripe().checkout.sessions.retrieve(sessionId)
    return s.mode === 'subscription' ? idOf(s.subscription) : null
  } catch (error) {
    if (notFound(error)) return null
    throw error
  }
}

export async function createPortalSession(p: { customerId: string; returnUrl: string; locale: 'en' | 'ru'; flow?: PortalFlow; subscriptionId?: string }): Promise<{ url: string }> {
  let flow_data: Stripe.BillingPortal.SessionCreateParams.FlowData | undefined
  if (p.flow === 'payment_method_update') flow_data = { type: 'payment_method_update' }
  if (p.flow === 'subscription_cancel' || p.flow === 'subscription_update') {
    if (!p.subscriptionId) throw new Error(`portal flow ${p.flow} needs a subscriptionId`)
    flow_data =
      p.flow === 'subscription_cancel'
        ? { type: 'subscription_cancel', subscription_cancel: { subscription: p.subscriptionId } }
        : { type: 'subscription_update', subscription_update: { subscription: p.subscriptionId } }
  }
  const session = await getStripe().billingPortal.sessions.create({
    customer: p.customerId,
    return_url: p.returnUrl,
    locale: p.locale,
    ...(flow_data ? { flow_data } : {}),
  })
  return { url: session.url }
}

const EXPAND = ['latest_invoice']

export async function retrieveSubscription(id: string): Promise<SubscriptionFacts | null> {
  try {
    return subscriptionFacts(await getStripe().subscriptions.retrieve(id, { expand: EXPAND }))
  } catch (error) {
    if (notFound(error)) return null
    throw error
  }
}

async function collect(params: Stripe.SubscriptionListParams): Promise<SubscriptionFacts[]> {
  const out: SubscriptionFacts[] = []
  // Auto-pagination follows has_more with starting_after; `status: 'all'` includes canceled ones.
  for await (const s of getStripe().subscriptions.list({ status: 'all', limit: 100, expand: EXPAND.map((e) => `data.${e}`), ...params })) {
    out.push(subscriptionFacts(s))
  }
  return out
}

/** Every subscription of one customer, newest first, canceled ones included. */
export function listCustomerSubscriptions(customerId: string): Promise<SubscriptionFacts[]> {
  return collect({ customer: customerId })
}

/** Every subscription in the account, for the nightly reconciliation. */
export function listAllSubscriptions(): Promise<SubscriptionFacts[]> {
  return collect({})
}

/** Ends a subscription at once (the person deleted their account). Already ended is not an error. */
export async function cancelSubscriptionNow(id: string): Promise<SubscriptionFacts | null> {
  try {
    return subscriptionFacts(await getStripe().subscriptions.cancel(id, { expand: EXPAND }, { idempotencyKey: `subscription-${id}-cancel-now` }))
  } catch (error) {
    // Already canceled (Stripe refuses a second cancel) or unknown: say what Stripe now holds.
    if (isStripeError(error) && (error.statusCode === 400 || error.statusCode === 404)) return retrieveSubscription(id)
    throw error
  }
}

// ------------------------------------------------------------------ plan prices

export type PlanForSync = {
  slug: string
  nameEn: string
  monthlyPence: number | null
  yearlyPence: number | null
  concessionMonthlyPence?: number | null
  concessionYearlyPence?: number | null
  /** ISO code, any case. */
  currency: string
  stripeProductId: string | null
}

export type PriceVariant = 'monthly' | 'yearly' | 'concession_monthly' | 'concession_yearly'

export type SyncAction =
  | { kind: 'product'; slug: string; action: 'created' | 'updated' | 'unchanged'; productId: string }
  | { kind: 'price'; slug: string; variant: PriceVariant; lookupKey: string; action: 'created' | 'replaced' | 'archived' | 'unchanged'; priceId: string }

export type PlanSyncResult = {
  slug: string
  productId: string
  /** The active price of each variant the plan has (null when the plan has no such price). */
  prices: Record<PriceVariant, string | null>
}

/** Lookup keys carry our plan slug: the same key always names "this plan's current price". */
export const lookupKey = (slug: string, variant: PriceVariant) => `orc_${slug}_${variant}`
/** Our own product id (Stripe accepts one at creation), so a second run finds the first one's product. */
export const productIdFor = (slug: string) => `orc_plan_${slug}`

const VARIANTS: { variant: PriceVariant; interval: 'month' | 'year'; amount: (p: PlanForSync) => number | null | undefined }[] = [
  { variant: 'monthly', interval: 'month', amount: (p) => p.monthlyPence },
  { variant: 'yearly', interval: 'year', amount: (p) => p.yearlyPence },
  { variant: 'concession_monthly', interval: 'month', amount: (p) => p.concessionMonthlyPence },
  { variant: 'concession_yearly', interval: 'year', amount: (p) => p.concessionYearlyPence },
]

/**
 * Makes Stripe's products and prices match our plans. Idempotent: a second run with the same plans
 * changes nothing. Prices are immutable in Stripe, so a new amount is a new price that takes the
 * lookup key over (`transfer_lookup_key`) while the old one is archived; existing subscribers keep
 * their old price until they switch.
 */
export async function syncPlanPrices(plans: PlanForSync[]): Promise<{ actions: SyncAction[]; plans: PlanSyncResult[] }> {
  const stripe = getStripe()
  const actions: SyncAction[] = []
  const results: PlanSyncResult[] = []
  for (const plan of plans) {
    const currency = plan.currency.toLowerCase()
    const productId = plan.stripeProductId ?? productIdFor(plan.slug)
    let product: Stripe.Product | null = null
    try {
      product = await stripe.products.retrieve(productId)
    } catch (error) {
      if (!notFound(error)) throw error
    }
    if (!product) {
      product = await stripe.products.create({ id: productId, name: plan.nameEn, metadata: { plan_slug: plan.slug } }, { idempotencyKey: `plan-product-${productId}` })
      actions.push({ kind: 'product', slug: plan.slug, action: 'created', productId })
    } else if (product.name !== plan.nameEn || !product.active) {
      product = await stripe.products.update(productId, { name: plan.nameEn, active: true })
      actions.push({ kind: 'product', slug: plan.slug, action: 'updated', productId })
    } else {
      actions.push({ kind: 'product', slug: plan.slug, action: 'unchanged', productId })
    }

    const keys = VARIANTS.map((v) => lookupKey(plan.slug, v.variant))
    const existing = await stripe.prices.list({ lookup_keys: keys, active: true, limit: 10 })
    const prices = { monthly: null, yearly: null, concession_monthly: null, concession_yearly: null } as Record<PriceVariant, string | null>
    for (const v of VARIANTS) {
      const key = lookupKey(plan.slug, v.variant)
      const amount = v.amount(plan) ?? null
      const current = existing.data.find((p) => p.lookup_key === key) ?? null
      const matches =
        current && current.unit_amount === amount && current.currency === currency && current.recurring?.interval === v.interval && idOf(current.product) === productId
      if (amount === null) {
        if (current) {
          await stripe.prices.update(current.id, { active: false })
          actions.push({ kind: 'price', slug: plan.slug, variant: v.variant, lookupKey: key, action: 'archived', priceId: current.id })
        }
        continue
      }
      if (current && matches) {
        prices[v.variant] = current.id
        actions.push({ kind: 'price', slug: plan.slug, variant: v.variant, lookupKey: key, action: 'unchanged', priceId: current.id })
        continue
      }
      const created = await stripe.prices.create(
        {
          product: productId,
          currency,
          unit_amount: amount,
          recurring: { interval: v.interval },
          lookup_key: key,
          transfer_lookup_key: true,
          metadata: { plan_slug: plan.slug, variant: v.variant },
        },
        // Two runs at once make one price; going back to an earlier amount later makes a new one.
        { idempotencyKey: `plan-price-${key}-${currency}-${amount}-${v.interval}-${productId}-replacing-${current?.id ?? 'none'}` },
      )
      if (current) await stripe.prices.update(current.id, { active: false })
      prices[v.variant] = created.id
      actions.push({ kind: 'price', slug: plan.slug, variant: v.variant, lookupKey: key, action: current ? 'replaced' : 'created', priceId: created.id })
    }
    results.push({ slug: plan.slug, productId, prices })
  }
  return { actions, plans: results }
}

// ------------------------------------------------------------------ test clocks (tests and the demo)

/** A Stripe test clock frozen at `atMs`; customers created on it live in its time. Test mode only. */
export async function createTestClock(atMs: number, name = 'membership'): Promise<{ id: string; frozenTime: number }> {
  const clock = await getStripe().testHelpers.testClocks.create({ frozen_time: Math.floor(atMs / 1000), name })
  return { id: clock.id, frozenTime: clock.frozen_time * 1000 }
}

/**
 * Moves a test clock forward to `toMs` and waits until Stripe has run what fell due (renewals,
 * retries, period-end cancellations) — Stripe advances asynchronously, so this polls until `ready`.
 */
export async function advanceTestClock(clockId: string, toMs: number, { timeoutMs = 60_000 } = {}): Promise<{ id: string; frozenTime: number }> {
  const stripe = getStripe()
  let clock = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: Math.floor(toMs / 1000) })
  const deadline = Date.now() + timeoutMs
  while (clock.status !== 'ready') {
    if (clock.status === 'internal_failure') throw new Error(`test clock ${clockId} failed to advance`)
    if (Date.now() > deadline) throw new Error(`test clock ${clockId} still ${clock.status} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 250))
    clock = await stripe.testHelpers.testClocks.retrieve(clockId)
  }
  return { id: clock.id, frozenTime: clock.frozen_time * 1000 }
}
