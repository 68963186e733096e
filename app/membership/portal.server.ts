/** The member's way to Stripe's Customer Portal: change card or plan, cancel, resume. */
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { users } from '#db/schema'
import { createPortalSession } from '~/payments/billing.server'
import type { Locale } from '~/i18n/locale'
import { currentMembership } from './memberships.server'

export type PortalIntent = 'manage' | 'fix_card' | 'cancel'

export async function portalUrl(db: Db, userId: number, intent: PortalIntent, opts: { returnUrl: string; locale: Locale }): Promise<{ ok: true; url: string } | { ok: false; error: 'no_customer' }> {
  const customer = db.select({ id: users.stripeCustomerId }).from(users).where(eq(users.id, userId)).get()?.id
  if (!customer) return { ok: false, error: 'no_customer' }
  const current = currentMembership(db, userId)
  const subscriptionId = current?.m.source === 'stripe' ? (current.m.stripeSubscriptionId ?? undefined) : undefined
  const flow = intent === 'fix_card' ? 'payment_method_update' : intent === 'cancel' && subscriptionId ? 'subscription_cancel' : undefined
  const session = await createPortalSession({ customerId: customer, returnUrl: opts.returnUrl, locale: opts.locale, ...(flow ? { flow, subscriptionId } : {}) })
  return { ok: true, url: session.url }
}
