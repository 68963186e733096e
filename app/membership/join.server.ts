/**
 * Joining: from a plan choice to Stripe Checkout in subscription mode, always with the person's
 * one Stripe customer (created once, stored here). Refused before any Stripe call: a retired plan,
 * a price the plan does not have, a concession on a plan without one, and anyone who is already a
 * member (they are sent to their membership instead). Two clicks or two tabs get the same session
 * (the idempotency key is ours); should two different sessions both be paid, the second
 * subscription is cancelled when it arrives (memberships.server.ts).
 */
import { and, eq, isNull } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '#db/client.server'
import { membershipClaims, membershipPlans, users } from '#db/schema'
import { createSubscriptionCheckout, ensureCustomer, listCustomerSubscriptions, syncPlanPrices } from '~/payments/billing.server'
import type { Locale } from '~/i18n/locale'
import { memberBenefits } from './benefits.server'
import { applySubscription } from './memberships.server'
import { getPlanBySlug, hasConcession, listAllPlans, planPrice, priceKey, type Interval } from './plans.server'

import { CONCESSION_KINDS } from './constants'
export { CONCESSION_KINDS }

export const joinSchema = z.object({
  plan: z.string().regex(/^[a-z0-9-]{1,40}$/),
  interval: z.enum(['month', 'year']),
  concession: z.literal('on').optional(),
  concessionKind: z.enum(CONCESSION_KINDS).optional(),
})
export type JoinInput = z.infer<typeof joinSchema>

export type JoinError = { code: 'bad_input' | 'no_such_plan' | 'retired' | 'no_such_price' | 'no_concession' | 'concession_kind_required' | 'already_member' | 'no_email' }

/** Checks a plan choice against our plans and the person's membership. No Stripe, no writes. */
export function checkJoin(db: Db, userId: number, input: JoinInput, now = Date.now()): { ok: true; planId: number; interval: Interval; concession: boolean; amountPence: number } | { ok: false; error: JoinError } {
  const plan = getPlanBySlug(db, input.plan)
  if (!plan) return { ok: false, error: { code: 'no_such_plan' } }
  if (!plan.active) return { ok: false, error: { code: 'retired' } }
  const concession = input.concession === 'on'
  if (concession && !hasConcession(plan)) return { ok: false, error: { code: 'no_concession' } }
  if (concession && !input.concessionKind) return { ok: false, error: { code: 'concession_kind_required' } }
  const amount = planPrice(plan, input.interval, concession)
  if (amount === null) return { ok: false, error: { code: concession ? 'no_concession' : 'no_such_price' } }
  if (memberBenefits(db, userId, now)) return { ok: false, error: { code: 'already_member' } }
  return { ok: true, planId: plan.id, interval: input.interval, concession, amountPence: amount }
}

/**
 * Makes Stripe's prices match our plans and stores their ids (`npm run stripe:sync`, and lazily in
 * the demo the first time someone joins). Idempotent: the adapter changes nothing the second time.
 */
export async function syncPlansWithStripe(db: Db) {
  const plans = listAllPlans(db)
  const result = await syncPlanPrices(
    plans.map((p) => ({
      slug: p.slug,
      nameEn: p.nameEn,
      monthlyPence: p.monthlyPricePence,
      yearlyPence: p.yearlyPricePence,
      concessionMonthlyPence: p.concessionMonthlyPricePence,
      concessionYearlyPence: p.concessionYearlyPricePence,
      currency: p.currency,
      stripeProductId: null,
    })),
  )
  db.transaction(
    (tx) => {
      for (const r of result.plans) {
        const ids = Object.fromEntries(Object.entries(r.prices).filter(([, id]) => id !== null)) as Record<string, string>
        tx.update(membershipPlans).set({ stripePriceIds: ids, updatedAt: Date.now() }).where(eq(membershipPlans.slug, r.slug)).run()
      }
    },
    { behavior: 'immediate' },
  )
  return result
}

export async function startJoin(
  db: Db,
  person: { id: number; email: string | null },
  input: JoinInput,
  opts: { baseUrl: string; locale: Locale; successUrl: string; cancelUrl: string; now?: number },
): Promise<{ ok: true; url: string } | { ok: false; error: JoinError }> {
  const now = opts.now ?? Date.now()
  if (!person.email) return { ok: false, error: { code: 'no_email' } }
  const check = checkJoin(db, person.id, input, now)
  if (!check.ok) return check
  const key = priceKey(check.interval, check.concession)
  let priceId = getPlanBySlug(db, input.plan)?.stripePriceIds[key]
  if (!priceId) {
    await syncPlansWithStripe(db)
    priceId = getPlanBySlug(db, input.plan)?.stripePriceIds[key]
    if (!priceId) return { ok: false, error: { code: 'no_such_price' } }
  }
  const stored = db.select({ customer: users.stripeCustomerId }).from(users).where(eq(users.id, person.id)).get()
  const customerId = await ensureCustomer({ userId: person.id, email: person.email, existingCustomerId: stored?.customer ?? null })
  db.transaction(
    (tx) => {
      tx.update(users).set({ stripeCustomerId: customerId }).where(and(eq(users.id, person.id), isNull(users.stripeCustomerId))).run()
      if (check.concession && input.concessionKind)
        tx.insert(membershipClaims)
          .values({ userId: person.id, planId: check.planId, concessionKind: input.concessionKind, claimedAt: now })
          .onConflictDoUpdate({ target: membershipClaims.userId, set: { planId: check.planId, concessionKind: input.concessionKind, claimedAt: now } })
          .run()
    },
    { behavior: 'immediate' },
  )
  const session = await createSubscriptionCheckout({
    customerId,
    userId: person.id,
    priceId,
    successUrl: opts.successUrl,
    cancelUrl: opts.cancelUrl,
    locale: opts.locale,
    // Same person, same price, same hour: the same session, however many clicks or tabs.
    idempotencyKey: `membership-join-${person.id}-${priceId}-${Math.floor(now / 3_600_000)}`,
  })
  return { ok: true, url: session.url }
}

/**
 * Back from Checkout, or whenever webhooks may have been missed: reads the person's subscriptions
 * from Stripe and applies them (no event id: the same state applied again changes nothing).
 */
export async function refreshFromStripe(db: Db, userId: number, baseUrl: string) {
  const row = db.select({ customer: users.stripeCustomerId }).from(users).where(eq(users.id, userId)).get()
  if (!row?.customer) return 0
  const subs = await listCustomerSubscriptions(row.customer)
  let applied = 0
  for (const s of subs.reverse()) if (applySubscription(db, s, { baseUrl }).kind === 'applied') applied++
  return applied
}
