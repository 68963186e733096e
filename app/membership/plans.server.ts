/**
 * Membership plans: what each costs (monthly and/or yearly, with an optional concession price),
 * what it gives (member discount on tickets, presale lead, members-only events), and whether it can
 * still be joined (retired plans stay for their members but take nobody new).
 */
import { asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { membershipPlans, type PlanPriceKey } from '#db/schema'

export type Plan = typeof membershipPlans.$inferSelect
export type Interval = 'month' | 'year'

export function priceKey(interval: Interval, concession: boolean): PlanPriceKey {
  const base = interval === 'month' ? 'monthly' : 'yearly'
  return concession ? `concession_${base}` : base
}

/** The plan's price in pence for this choice, or null if the plan does not offer it. */
export function planPrice(plan: Pick<Plan, 'monthlyPricePence' | 'yearlyPricePence' | 'concessionMonthlyPricePence' | 'concessionYearlyPricePence'>, interval: Interval, concession: boolean): number | null {
  if (interval === 'month') return concession ? plan.concessionMonthlyPricePence : plan.monthlyPricePence
  return concession ? plan.concessionYearlyPricePence : plan.yearlyPricePence
}

export function hasConcession(plan: Pick<Plan, 'concessionMonthlyPricePence' | 'concessionYearlyPricePence'>) {
  return plan.concessionMonthlyPricePence !== null || plan.concessionYearlyPricePence !== null
}

/** Plans that can be joined, in the club's order. */
export function listActivePlans(db: DbOrTx) {
  return db.select().from(membershipPlans).where(eq(membershipPlans.active, true)).orderBy(asc(membershipPlans.position), asc(membershipPlans.id)).all()
}

export function listAllPlans(db: DbOrTx) {
  return db.select().from(membershipPlans).orderBy(asc(membershipPlans.position), asc(membershipPlans.id)).all()
}

export function getPlanBySlug(db: DbOrTx, slug: string) {
  return db.select().from(membershipPlans).where(eq(membershipPlans.slug, slug)).get() ?? null
}

export function getPlan(db: DbOrTx, id: number) {
  return db.select().from(membershipPlans).where(eq(membershipPlans.id, id)).get() ?? null
}

/** Which plan and which of its prices a Stripe price id is. A handful of plans: a scan is fine. */
export function planForStripePrice(db: DbOrTx, priceId: string): { plan: Plan; interval: Interval; concession: boolean } | null {
  for (const plan of listAllPlans(db)) {
    for (const [key, id] of Object.entries(plan.stripePriceIds ?? {})) {
      if (id !== priceId) continue
      return { plan, interval: key.endsWith('monthly') ? 'month' : 'year', concession: key.startsWith('concession_') }
    }
  }
  return null
}
