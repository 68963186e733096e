/**
 * Membership's share of the one Stripe webhook: subscription and invoice events, and
 * subscription-mode Checkout. The payload is never trusted for state: the subscription is read
 * back from Stripe and its current state applied (memberships.server.ts), so order and repeats do
 * not matter. A duplicate is answered without calling Stripe at all.
 */
import type { Db } from '#db/client.server'
import { processedPaymentEvents, unmatchedPaymentEvents } from '#db/schema'
import { cancelSubscriptionNow, retrieveCheckoutSubscriptionId, retrieveSubscription } from '~/payments/billing.server'
import type { MembershipPaymentEvent } from '~/payments/checkout.server'
import { kickMailer } from '~/mail/outbox.server'
import { applySubscription, eventAlreadyProcessed, type ApplyOutcome } from './memberships.server'

export type MembershipEventOutcome = ApplyOutcome['kind'] | 'no_subscription' | 'unknown_subscription'

function recordOnly(db: Db, event: MembershipPaymentEvent, unmatched: boolean) {
  db.transaction(
    (tx) => {
      const first = tx.insert(processedPaymentEvents).values({ stripeEventId: event.id, type: event.stripeType }).onConflictDoNothing().run().changes === 1
      if (first && unmatched)
        tx.insert(unmatchedPaymentEvents).values({ stripeEventId: event.id, type: event.stripeType, stripeCustomerId: event.customerId, stripeSubscriptionId: event.subscriptionId }).onConflictDoNothing().run()
    },
    { behavior: 'immediate' },
  )
}

export async function handleMembershipEvent(db: Db, event: MembershipPaymentEvent, baseUrl: string): Promise<MembershipEventOutcome> {
  if (eventAlreadyProcessed(db, event.id)) return 'duplicate_event'
  const subscriptionId = event.subscriptionId ?? (event.checkoutSessionId ? await retrieveCheckoutSubscriptionId(event.checkoutSessionId) : null)
  if (!subscriptionId) {
    // An invoice with no subscription, or a Checkout that made none: nothing of ours.
    recordOnly(db, event, false)
    return 'no_subscription'
  }
  const facts = await retrieveSubscription(subscriptionId)
  if (!facts) {
    recordOnly(db, event, true)
    return 'unknown_subscription'
  }
  const outcome = applySubscription(db, facts, { eventId: event.id, eventType: event.stripeType, baseUrl })
  if (outcome.kind === 'applied' && outcome.changes.length) kickMailer()
  // Two tabs that both paid: the second subscription is ended at once, so nobody pays twice from now on.
  if (outcome.kind === 'second_subscription') await cancelSubscriptionNow(outcome.subscriptionId)
  return outcome.kind
}
