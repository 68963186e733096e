/**
 * The nightly safety net (STRIPE.md): every subscription Stripe has is applied again, so a
 * membership whose webhooks were lost ends in Stripe's state; then time-based ends are written.
 * Applying a state we already hold changes nothing, so running it twice is harmless.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { memberships } from '#db/schema'
import { cancelSubscriptionNow, listAllSubscriptions } from '~/payments/billing.server'
import { applySubscription, sweepMemberships } from './memberships.server'

export type ReconcileReport = { checked: number; changed: { subscriptionId: string; before: string | null; after: string; changes: string[] }[]; unknown: string[]; missingAtStripe: number[]; secondCancelled: string[]; lapsed: number[]; ended: number[] }

export async function reconcileMemberships(db: Db, baseUrl: string, now = Date.now()): Promise<ReconcileReport> {
  const subs = await listAllSubscriptions()
  const report: ReconcileReport = { checked: subs.length, changed: [], unknown: [], missingAtStripe: [], secondCancelled: [], lapsed: [], ended: [] }
  const seen = new Set<string>()
  // Oldest first, so a person's first subscription is the one kept.
  for (const s of [...subs].sort((a, b) => a.created - b.created)) {
    seen.add(s.id)
    const before = db.select().from(memberships).where(eq(memberships.stripeSubscriptionId, s.id)).get()
    const outcome = applySubscription(db, s, { baseUrl, now })
    if (outcome.kind === 'unknown_customer' || outcome.kind === 'unknown_price') report.unknown.push(s.id)
    if (outcome.kind === 'second_subscription') {
      await cancelSubscriptionNow(s.id)
      report.secondCancelled.push(s.id)
    }
    if (outcome.kind !== 'applied') continue
    const after = db.select().from(memberships).where(eq(memberships.id, outcome.membershipId)).get()!
    const sig = (m: typeof after | undefined) => (m ? `${m.status}/${m.planId}/${m.cancelAtPeriodEnd}/${m.currentPeriodEnd}` : null)
    if (sig(before) !== sig(after)) report.changed.push({ subscriptionId: s.id, before: before ? before.status : null, after: after.status, changes: outcome.changes })
  }
  for (const m of db.select({ id: memberships.id, sub: memberships.stripeSubscriptionId, endedAt: memberships.endedAt }).from(memberships).where(eq(memberships.source, 'stripe')).all())
    if (m.sub && !seen.has(m.sub) && m.endedAt === null) report.missingAtStripe.push(m.id)
  const swept = sweepMemberships(db, { baseUrl }, now)
  report.lapsed = swept.lapsed
  report.ended = swept.ended
  return report
}
