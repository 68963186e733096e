/**
 * THE question: is this person a member on this date, and with which benefits? Ticketing, the door,
 * the card and the account page ask only this (ARCHITECTURE: "membership is one question").
 * Stripe's status feeds it; our grace rule and honorary grants shape it:
 * - a subscription counts while Stripe says active/trialing (until the period end when cancelling);
 * - after a failed renewal it counts for GRACE_MS from the first failure, then not, even if Stripe
 *   is still retrying;
 * - an honorary membership counts from its start until its end date, with no Stripe at all.
 */
import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { membershipPlans, memberships, users } from '#db/schema'

export const GRACE_DAYS = 14
export const GRACE_MS = GRACE_DAYS * 24 * 3600 * 1000

export type MembershipRow = typeof memberships.$inferSelect
export type MembershipState = 'pending' | 'active' | 'cancelling' | 'payment_problem' | 'honorary' | 'lapsed'

/** Where a membership stands on a date: what the account page shows and what decides benefits. */
export function membershipState(m: Pick<MembershipRow, 'source' | 'status' | 'cancelAtPeriodEnd' | 'currentPeriodEnd' | 'paymentFailedAt' | 'endsAt' | 'startedAt'>, now: number): MembershipState {
  if (m.source === 'honorary') return (m.startedAt ?? 0) <= now && m.endsAt !== null && now < m.endsAt ? 'honorary' : 'lapsed'
  switch (m.status) {
    case 'active':
    case 'trialing':
      if (m.cancelAtPeriodEnd) return m.currentPeriodEnd !== null && now >= m.currentPeriodEnd ? 'lapsed' : 'cancelling'
      return 'active'
    case 'past_due':
    case 'unpaid':
      return m.paymentFailedAt !== null && now < m.paymentFailedAt + GRACE_MS ? 'payment_problem' : 'lapsed'
    case 'incomplete':
      return 'pending'
    default:
      return 'lapsed'
  }
}

const COUNTS: ReadonlySet<MembershipState> = new Set(['active', 'cancelling', 'payment_problem', 'honorary'])
export const stateCounts = (s: MembershipState) => COUNTS.has(s)

/** When the membership stops counting unless something changes (renewal, fixed card, new grant). */
export function validUntil(m: Pick<MembershipRow, 'source' | 'status' | 'currentPeriodEnd' | 'paymentFailedAt' | 'endsAt'>): number | null {
  if (m.source === 'honorary') return m.endsAt
  if (m.status === 'past_due' || m.status === 'unpaid') return m.paymentFailedAt === null ? null : m.paymentFailedAt + GRACE_MS
  return m.currentPeriodEnd
}

export type MemberBenefits = {
  membershipId: number
  state: MembershipState
  planId: number
  planSlug: string
  planNameEn: string
  planNameRu: string
  /** Percent off a ticket type that has no explicit member price. */
  discountPercent: number
  /** Members book this long before general sale. */
  presaleLeadMs: number
  membersOnly: boolean
  validUntil: number | null
  cardId: string | null
}

/** Is this person a member on this date, and with which benefits? Null: not a member. */
export function memberBenefits(db: DbOrTx, userId: number | null | undefined, onDate = Date.now()): MemberBenefits | null {
  if (!userId) return null
  const rows = db
    .select({ m: memberships, p: membershipPlans })
    .from(memberships)
    .innerJoin(membershipPlans, eq(membershipPlans.id, memberships.planId))
    .where(eq(memberships.userId, userId))
    .all()
  let best: MemberBenefits | null = null
  for (const { m, p } of rows) {
    const state = membershipState(m, onDate)
    if (!stateCounts(state)) continue
    const b: MemberBenefits = {
      membershipId: m.id,
      state,
      planId: p.id,
      planSlug: p.slug,
      planNameEn: p.nameEn,
      planNameRu: p.nameRu,
      discountPercent: p.memberDiscountPercent,
      presaleLeadMs: p.presaleLeadHours * 3600 * 1000,
      membersOnly: p.admitsMembersOnly,
      validUntil: validUntil(m),
      cardId: m.cardId,
    }
    // Two at once (an honorary grant over a subscription): the one that gives more.
    if (!best || b.discountPercent + b.presaleLeadMs / 3.6e6 > best.discountPercent + best.presaleLeadMs / 3.6e6) best = b
  }
  return best
}

/** A member's price for a ticket type: its own member price, else the plan's discount off the full price. */
export function memberUnitPrice(type: { pricePence: number; memberPricePence: number | null }, member: Pick<MemberBenefits, 'discountPercent'> | null): number {
  if (!member) return type.pricePence
  if (type.memberPricePence !== null) return type.memberPricePence
  return Math.round((type.pricePence * (100 - Math.min(100, Math.max(0, member.discountPercent)))) / 100)
}

/** May this buyer book a type whose general sale opens at `salesStartAt`, now? */
export function presaleOpen(salesStartAt: number | null, member: Pick<MemberBenefits, 'presaleLeadMs'> | null, now: number): boolean {
  if (salesStartAt === null || now >= salesStartAt) return true
  return member !== null && now >= salesStartAt - member.presaleLeadMs
}

/** For the door: does this card belong to a membership that counts on this date? Nothing else is told. */
export function membershipCardStatus(db: DbOrTx, cardId: string, onDate = Date.now()): { valid: boolean; name: string | null; planName: { en: string; ru: string } | null; validUntil: number | null } {
  const row = db
    .select({ m: memberships, name: users.name, deletedAt: users.deletedAt, planEn: membershipPlans.nameEn, planRu: membershipPlans.nameRu })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(membershipPlans, eq(membershipPlans.id, memberships.planId))
    .where(eq(memberships.cardId, cardId))
    .get()
  if (!row || row.deletedAt) return { valid: false, name: null, planName: null, validUntil: null }
  const valid = stateCounts(membershipState(row.m, onDate))
  return { valid, name: row.name, planName: { en: row.planEn, ru: row.planRu }, validUntil: validUntil(row.m) }
}
