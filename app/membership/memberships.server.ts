/**
 * Memberships follow Stripe's subscriptions. On every event the caller retrieves the subscription
 * from Stripe and hands its current state here, so events that come twice, late or out of order
 * all end in the same, right state (STRIPE.md: "robust to order"). Each event id is recorded in
 * the transaction that applies it. The history staff read, and the member's mail, come from the
 * changes between what we had and what Stripe says now.
 */
import { and, desc, eq, isNull, ne } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.server'
import { MEMBERSHIP_STATUSES, membershipClaims, membershipHistory, memberships, membershipPlans, processedPaymentEvents, unmatchedPaymentEvents, users } from '#db/schema'
import type { SubscriptionFacts } from '~/payments/billing.server'
import { writeAudit } from '~/accounts/audit.server'
import { randomSerial } from '~/checkin/signed-codes.server'
import { queueEmail } from '~/mail/outbox.server'
import { membershipState, stateCounts, validUntil, type MembershipRow } from './benefits.server'
import { membershipEmail, type MembershipEmailKind } from './emails.server'
import { planForStripePrice, planPrice, type Interval } from './plans.server'

export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number]

export type SubscriptionSnapshot = SubscriptionFacts

export type ApplyOutcome =
  | { kind: 'applied'; membershipId: number; changes: MembershipEmailKind[] }
  | { kind: 'duplicate_event' }
  | { kind: 'unknown_customer' }
  | { kind: 'unknown_price' }
  /** A second live subscription for someone who already has one: the caller cancels it at Stripe. */
  | { kind: 'second_subscription'; subscriptionId: string }
  | { kind: 'ignored' }

const LIVE: ReadonlySet<MembershipStatus> = new Set(['active', 'trialing', 'past_due', 'unpaid'])

export function eventAlreadyProcessed(db: DbOrTx, eventId: string): boolean {
  return db.select({ id: processedPaymentEvents.stripeEventId }).from(processedPaymentEvents).where(eq(processedPaymentEvents.stripeEventId, eventId)).get() !== undefined
}

/** Records an event id once; false if it was recorded before (the caller then changes nothing). */
function recordEvent(tx: DbOrTx, eventId: string | undefined, type: string): boolean {
  if (!eventId) return true
  return tx.insert(processedPaymentEvents).values({ stripeEventId: eventId, type }).onConflictDoNothing().run().changes === 1
}

function addHistory(tx: DbOrTx, membershipId: number, kind: string, at: number, details?: Record<string, unknown>) {
  tx.insert(membershipHistory).values({ membershipId, kind, at, details: details ?? null }).run()
}

type Notify = { baseUrl: string }

function notify(tx: DbOrTx, membershipId: number, kind: MembershipEmailKind, n: Notify, dedupe: string) {
  const row = tx
    .select({ m: memberships, email: users.email, name: users.name, locale: users.locale, planEn: membershipPlans.nameEn, planRu: membershipPlans.nameRu })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(membershipPlans, eq(membershipPlans.id, memberships.planId))
    .where(eq(memberships.id, membershipId))
    .get()
  if (!row?.email) return
  const date = kind === 'cancelling' || kind === 'payment_failed' || kind === 'granted' ? validUntil(row.m) : kind === 'joined' || kind === 'resumed' || kind === 'payment_fixed' || kind === 'plan_changed' ? row.m.currentPeriodEnd : null
  queueEmail(tx, {
    ...membershipEmail(kind, { to: row.email, locale: row.locale, name: row.name, planEn: row.planEn, planRu: row.planRu, date, baseUrl: n.baseUrl }),
    dedupeKey: `membership:${membershipId}:${kind}:${dedupe}`,
  })
}

/** Which of our people a subscription belongs to: the stored customer id, else our id if that person has no customer yet. */
function personFor(tx: DbOrTx, s: SubscriptionSnapshot): number | null {
  const byCustomer = tx.select({ id: users.id }).from(users).where(eq(users.stripeCustomerId, s.customerId)).get()
  if (byCustomer) return byCustomer.id
  const ours = s.userId
  if (ours === null) return null
  const person = tx.select({ id: users.id, customer: users.stripeCustomerId, deletedAt: users.deletedAt }).from(users).where(eq(users.id, ours)).get()
  if (!person || person.deletedAt || person.customer !== null) return null
  tx.update(users).set({ stripeCustomerId: s.customerId }).where(eq(users.id, ours)).run()
  return ours
}

/**
 * Applies the subscription's current state (just read from Stripe) and records the event, in one
 * transaction. Unknown customers and prices are recorded and answered, never thrown.
 */
export function applySubscription(db: Db, s: SubscriptionSnapshot, opts: Notify & { eventId?: string; eventType?: string; now?: number }): ApplyOutcome {
  const now = opts.now ?? Date.now()
  const eventType = opts.eventType ?? 'reconcile'
  return db.transaction(
    (tx): ApplyOutcome => {
      if (!recordEvent(tx, opts.eventId, eventType)) return { kind: 'duplicate_event' }
      const unmatched = () => {
        if (opts.eventId) tx.insert(unmatchedPaymentEvents).values({ stripeEventId: opts.eventId, type: eventType, stripeCustomerId: s.customerId, stripeSubscriptionId: s.id }).onConflictDoNothing().run()
      }
      const existing = tx.select().from(memberships).where(eq(memberships.stripeSubscriptionId, s.id)).get()
      const userId = existing?.userId ?? personFor(tx, s)
      if (userId === null) {
        unmatched()
        return { kind: 'unknown_customer' }
      }
      const priced = s.priceId ? planForStripePrice(tx, s.priceId) : null
      if (!priced && !existing) {
        unmatched()
        return { kind: 'unknown_price' }
      }
      const plan = priced?.plan
      const interval: Interval | null = priced?.interval ?? existing?.interval ?? null
      const concession = priced?.concession ?? existing?.concession ?? false
      const amount = plan && interval ? planPrice(plan, interval, concession) : (existing?.amountPence ?? null)
      const facts = {
        status: s.status,
        planId: plan?.id ?? existing!.planId,
        interval,
        concession,
        amountPence: amount,
        currentPeriodEnd: s.currentPeriodEnd,
        cancelAtPeriodEnd: s.cancelAtPeriodEnd,
        updatedAt: now,
      }
      const changes: MembershipEmailKind[] = []
      if (!existing) {
        const other = tx
          .select()
          .from(memberships)
          .where(and(eq(memberships.userId, userId), eq(memberships.source, 'stripe'), ne(memberships.stripeSubscriptionId, s.id)))
          .all()
          .find((m) => stateCounts(membershipState(m, now)))
        if (other) {
          if (LIVE.has(s.status) || s.status === 'incomplete') {
            addHistory(tx, other.id, 'second_subscription_refused', now, { subscription: s.id })
            return { kind: 'second_subscription', subscriptionId: s.id }
          }
          return { kind: 'ignored' }
        }
        const claim = concession ? tx.select().from(membershipClaims).where(eq(membershipClaims.userId, userId)).get() : undefined
        const inserted = tx
          .insert(memberships)
          .values({
            userId,
            ...facts,
            source: 'stripe',
            stripeSubscriptionId: s.id,
            concessionKind: claim?.concessionKind ?? null,
            cardId: randomSerial(),
            startedAt: s.created,
            paymentFailedAt: s.status === 'past_due' || s.status === 'unpaid' ? now : null,
            endedAt: s.status === 'canceled' || s.status === 'incomplete_expired' ? now : null,
            createdAt: now,
          })
          .returning({ id: memberships.id })
          .get()
        if (LIVE.has(s.status)) {
          addHistory(tx, inserted.id, 'joined', now, { plan: facts.planId, interval, concession })
          changes.push('joined')
        }
        if (s.status === 'canceled') addHistory(tx, inserted.id, 'ended', now)
        for (const k of changes) notify(tx, inserted.id, k, opts, s.id)
        return { kind: 'applied', membershipId: inserted.id, changes }
      }
      const was = existing
      const update: Partial<MembershipRow> = { ...facts }
      const history: [string, Record<string, unknown>?][] = []
      const wasLive = LIVE.has(was.status)
      const isLive = LIVE.has(s.status)
      if (!wasLive && isLive && was.status === 'incomplete') {
        history.push(['joined', { plan: facts.planId, interval }])
        changes.push('joined')
      }
      if (was.planId !== facts.planId || was.interval !== interval) {
        history.push(['plan_changed', { from: was.planId, to: facts.planId, interval }])
        if (wasLive && isLive) changes.push('plan_changed')
      }
      const failing = s.status === 'past_due' || s.status === 'unpaid'
      if (failing && was.paymentFailedAt === null) {
        update.paymentFailedAt = now
        history.push(['payment_failed'])
        changes.push('payment_failed')
      }
      if ((s.status === 'active' || s.status === 'trialing') && was.paymentFailedAt !== null) {
        update.paymentFailedAt = null
        update.endedAt = null
        history.push(['payment_fixed'])
        changes.push('payment_fixed')
      }
      if (isLive && s.cancelAtPeriodEnd && !was.cancelAtPeriodEnd) {
        history.push(['cancelling', { until: s.currentPeriodEnd }])
        changes.push('cancelling')
      }
      if (isLive && !s.cancelAtPeriodEnd && was.cancelAtPeriodEnd) {
        history.push(['resumed'])
        changes.push('resumed')
      }
      if ((s.status === 'canceled' || s.status === 'incomplete_expired') && was.status !== s.status) {
        update.endedAt = was.endedAt ?? now
        if (wasLive) {
          history.push(['ended'])
          changes.push('ended')
        }
      }
      tx.update(memberships).set(update).where(eq(memberships.id, was.id)).run()
      for (const [kind, details] of history) addHistory(tx, was.id, kind, now, details)
      // One mail per change and state: the same change seen again (replayed, reconciled) sends nothing.
      const stamp = `${s.status}:${s.cancelAtPeriodEnd}:${facts.planId}:${s.currentPeriodEnd ?? ''}`
      for (const k of changes) notify(tx, was.id, k, opts, stamp)
      return { kind: 'applied', membershipId: was.id, changes }
    },
    { behavior: 'immediate' },
  )
}

/**
 * What time alone changes: a failed renewal past our grace period lapses (even if Stripe is still
 * retrying), an honorary membership past its end date ends. Benefits already follow the dates;
 * this writes the history, the mail and the audit entry, once each.
 */
export function sweepMemberships(db: Db, n: Notify, now = Date.now()): { lapsed: number[]; ended: number[] } {
  return db.transaction(
    (tx) => {
      const open = tx.select().from(memberships).where(isNull(memberships.endedAt)).all()
      const lapsed: number[] = []
      const ended: number[] = []
      for (const m of open) {
        if (stateCounts(membershipState(m, now)) || membershipState(m, now) === 'pending') continue
        if (m.source === 'stripe' && m.status !== 'past_due' && m.status !== 'unpaid') continue
        tx.update(memberships).set({ endedAt: now, updatedAt: now }).where(eq(memberships.id, m.id)).run()
        if (m.source === 'honorary') {
          addHistory(tx, m.id, 'ended', now, { honorary: true })
          writeAudit(tx, { actorUserId: null, action: 'membership.honorary_ended', subjectType: 'membership', subjectId: m.id, details: { by: 'end_date' } }, now)
          ended.push(m.id)
        } else {
          addHistory(tx, m.id, 'lapsed', now)
          notify(tx, m.id, 'lapsed', n, String(m.paymentFailedAt))
          lapsed.push(m.id)
        }
      }
      return { lapsed, ended }
    },
    { behavior: 'immediate' },
  )
}

/** The membership to show a person: the one that counts, else the latest. */
export function currentMembership(db: DbOrTx, userId: number, now = Date.now()) {
  const rows = db
    .select({ m: memberships, p: membershipPlans })
    .from(memberships)
    .innerJoin(membershipPlans, eq(membershipPlans.id, memberships.planId))
    .where(eq(memberships.userId, userId))
    .orderBy(desc(memberships.id))
    .all()
  const pick = rows.find((r) => stateCounts(membershipState(r.m, now))) ?? rows.find((r) => membershipState(r.m, now) === 'pending') ?? rows[0]
  if (!pick) return null
  return { ...pick, state: membershipState(pick.m, now), validUntil: validUntil(pick.m) }
}
