/**
 * A person's own data: everything the club holds about them as one JSON document, and deletion.
 * Deletion erases or anonymises personal data; paid orders keep amounts and dates only (the law
 * requires the club to keep its accounts), with no name, address or link to the person.
 */
import { and, eq, inArray, or } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import {
  auditLog,
  events,
  membershipPlans,
  memberships,
  orderItems,
  orders,
  outgoingEmails,
  sessions,
  tickets,
  userRoles,
  users,
  verifications,
} from '#db/schema'
import { cancelSubscriptionNow, listCustomerSubscriptions } from '~/payments/billing.server'
import { writeAudit } from './audit.server'
import { adminCount } from './roles.server'

export const DELETED_NAME = 'Deleted member'

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString())

export function exportPersonalData(userId: number, now = Date.now()) {
  const db = getDb()
  const user = db.select().from(users).where(eq(users.id, userId)).get()
  if (!user || user.deletedAt) return null
  const roles = db.select().from(userRoles).where(eq(userRoles.userId, userId)).all()
  const sessionRows = db.select().from(sessions).where(eq(sessions.userId, userId)).all()
  const orderRows = db
    .select({ order: orders, eventTitleEn: events.titleEn, eventTitleRu: events.titleRu, eventStartsAt: events.startsAt })
    .from(orders)
    .innerJoin(events, eq(events.id, orders.eventId))
    .where(user.email ? or(eq(orders.userId, userId), eq(orders.buyerEmail, user.email)) : eq(orders.userId, userId))
    .all()
  const orderIds = orderRows.map((o) => o.order.id)
  const items = orderIds.length ? db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).all() : []
  const ticketRows = orderIds.length ? db.select().from(tickets).where(inArray(tickets.orderId, orderIds)).all() : []
  const membershipRows = db
    .select({ m: memberships, planEn: membershipPlans.nameEn, planRu: membershipPlans.nameRu })
    .from(memberships)
    .innerJoin(membershipPlans, eq(membershipPlans.id, memberships.planId))
    .where(eq(memberships.userId, userId))
    .all()
  const verificationRows = db.select().from(verifications).where(eq(verifications.userId, userId)).all()
  const auditRows = db
    .select()
    .from(auditLog)
    .where(or(eq(auditLog.actorUserId, userId), and(eq(auditLog.subjectType, 'user'), eq(auditLog.subjectId, String(userId)))))
    .all()

  return {
    exportedAt: iso(now),
    about:
      'Everything the Open Russia Club holds about you. Passwords are stored only as argon2id hashes, and one-time links and codes only as hashes, so neither appears here.',
    profile: {
      name: user.name,
      email: user.email,
      emailConfirmedAt: iso(user.emailVerifiedAt),
      preferredLanguage: user.locale,
      newsletter: user.newsletterOptIn,
      privacyNoticeAcceptedAt: iso(user.privacyAcceptedAt),
      hasPassword: user.passwordHash !== null,
      paymentCustomer: user.stripeCustomerId ? 'A customer record exists at Stripe, our payment processor.' : null,
      createdAt: iso(user.createdAt),
      updatedAt: iso(user.updatedAt),
    },
    roles: roles.map((r) => ({ role: r.role, grantedAt: iso(r.grantedAt) })),
    sessions: sessionRows.map((s) => ({ device: s.userAgent, startedAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) })),
    orders: orderRows.map(({ order: o, eventTitleEn, eventTitleRu, eventStartsAt }) => ({
      code: o.code,
      event: { titleEn: eventTitleEn, titleRu: eventTitleRu, startsAt: iso(eventStartsAt) },
      buyerName: o.buyerName,
      buyerEmail: o.buyerEmail,
      status: o.status,
      totalPence: o.totalPence,
      refundedPence: o.refundedPence,
      currency: o.currency,
      createdAt: iso(o.createdAt),
      paidAt: iso(o.paidAt),
      items: items.filter((i) => i.orderId === o.id).map((i) => ({ ticketTypeId: i.ticketTypeId, quantity: i.quantity, unitPricePence: i.unitPricePence })),
      tickets: ticketRows.filter((t) => t.orderId === o.id).map((t) => ({ holderName: t.holderName, status: t.status, createdAt: iso(t.createdAt) })),
    })),
    memberships: membershipRows.map(({ m, planEn, planRu }) => ({
      planEn,
      planRu,
      status: m.status,
      currentPeriodEnd: iso(m.currentPeriodEnd),
      cancelAtPeriodEnd: m.cancelAtPeriodEnd,
      createdAt: iso(m.createdAt),
    })),
    verifications: verificationRows.map((v) => ({
      purpose: v.purpose,
      sentTo: v.email,
      createdAt: iso(v.createdAt),
      expiresAt: iso(v.expiresAt),
      usedAt: iso(v.usedAt),
    })),
    auditLog: auditRows.map((a) => ({
      at: iso(a.at),
      action: a.action,
      byYou: a.actorUserId === userId,
      aboutYou: a.subjectType === 'user' && a.subjectId === String(userId),
      details: a.details,
    })),
  }
}

export type DeleteOutcome = { ok: true } | { ok: false; reason: 'lastAdmin' | 'noSuchPerson' | 'paymentsUnavailable' }

/** Erases or anonymises everything personal, at once, in one transaction. */
export function deleteAccount(userId: number, now = Date.now()): DeleteOutcome {
  return getDb().transaction(
    (tx): DeleteOutcome => {
      const user = tx.select().from(users).where(eq(users.id, userId)).get()
      if (!user || user.deletedAt) return { ok: false, reason: 'noSuchPerson' }
      const isAdmin = tx.select().from(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, 'admin'))).get()
      if (isAdmin && adminCount(tx) <= 1) return { ok: false, reason: 'lastAdmin' }
      const email = user.email
      // Orders (theirs, or bought as a guest with their address): amounts, dates and status stay.
      const theirOrders = tx
        .select({ id: orders.id })
        .from(orders)
        .where(email ? or(eq(orders.userId, userId), eq(orders.buyerEmail, email)) : eq(orders.userId, userId))
        .all()
        .map((o) => o.id)
      if (theirOrders.length) {
        tx.update(orders).set({ userId: null, buyerName: null, buyerEmail: null, updatedAt: now }).where(inArray(orders.id, theirOrders)).run()
        tx.update(tickets).set({ holderName: null }).where(inArray(tickets.orderId, theirOrders)).run()
      }
      tx.delete(sessions).where(eq(sessions.userId, userId)).run()
      tx.delete(verifications).where(eq(verifications.userId, userId)).run()
      tx.delete(userRoles).where(eq(userRoles.userId, userId)).run()
      // Mail we sent them holds their name and address: it goes too.
      if (email) tx.delete(outgoingEmails).where(eq(outgoingEmails.toAddress, email)).run()
      tx.update(users)
        .set({
          email: null,
          name: DELETED_NAME,
          passwordHash: null,
          emailVerifiedAt: null,
          newsletterOptIn: false,
          stripeCustomerId: null,
          deletedAt: now,
          updatedAt: now,
        })
        .where(eq(users.id, userId))
        .run()
      writeAudit(tx, { actorUserId: null, action: 'account.deleted', subjectType: 'user', subjectId: userId }, now)
      return { ok: true }
    },
    { behavior: 'immediate' },
  )
}

/**
 * Deleting an account cancels its subscriptions at Stripe FIRST (Ghost #12711 kept charging deleted
 * members): if Stripe cannot be reached, nothing is deleted and the person is told to try again.
 */
export async function deleteAccountCancellingSubscriptions(userId: number, now = Date.now()): Promise<DeleteOutcome> {
  const db = getDb()
  const customer = db.select({ id: users.stripeCustomerId }).from(users).where(eq(users.id, userId)).get()?.id
  const known = db.select({ sub: memberships.stripeSubscriptionId }).from(memberships).where(eq(memberships.userId, userId)).all()
  try {
    const ids = new Set(known.map((m) => m.sub).filter((s): s is string => s !== null))
    if (customer) for (const s of await listCustomerSubscriptions(customer)) if (s.status !== 'canceled' && s.status !== 'incomplete_expired') ids.add(s.id)
    for (const id of ids) await cancelSubscriptionNow(id)
  } catch {
    return { ok: false, reason: 'paymentsUnavailable' }
  }
  return deleteAccount(userId, now)
}
