/**
 * Proving an email address before a free RSVP counts: a 6-digit code sent there, typed on the
 * order page. Without it one made-up address could reserve every free seat (issue #9). A paid order
 * needs no code: the money is the commitment, and the hidden address goes by email.
 *
 * Only a hash of the code is kept (salted with the order's secret code); a few wrong guesses void it,
 * and an order gets a few codes at most, so the form can neither be guessed nor used to send spam.
 */
import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { orders } from '#db/schema'
import { kickMailer, queueEmail } from '~/mail/outbox.server'
import { emailCodeEmail } from './emails.server'
import { readOrderDetail } from './tickets-view.server'

export const EMAIL_CODE_ATTEMPTS = 5
export const EMAIL_CODES_PER_ORDER = 3

function hashCode(orderCode: string, code: string) {
  return crypto.createHash('sha256').update(`${orderCode}:${code}`).digest('hex')
}

export type SendCodeResult = { ok: true } | { ok: false; error: 'not_pending' | 'no_buyer' | 'too_many_codes' | 'already_confirmed' }

export function sendEmailCode(db: Db, orderId: number, baseUrl: string, now = Date.now()): SendCodeResult {
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0')
  const result = db.transaction(
    (tx): SendCodeResult => {
      const detail = readOrderDetail(tx, orderId)
      const order = detail?.order
      if (!detail || !order || order.status !== 'pending' || order.expiresAt <= now) return { ok: false, error: 'not_pending' }
      if (order.emailConfirmedAt !== null) return { ok: false, error: 'already_confirmed' }
      if (!order.buyerEmail) return { ok: false, error: 'no_buyer' }
      if (order.emailCodesSent >= EMAIL_CODES_PER_ORDER) return { ok: false, error: 'too_many_codes' }
      const sent = order.emailCodesSent + 1
      tx.update(orders).set({ emailCodeHash: hashCode(order.code, code), emailCodeAttempts: 0, emailCodesSent: sent, updatedAt: now }).where(eq(orders.id, orderId)).run()
      queueEmail(tx, { ...emailCodeEmail(detail, code, baseUrl), dedupeKey: `order-email-code:${orderId}:${sent}` })
      return { ok: true }
    },
    { behavior: 'immediate' },
  )
  if (result.ok) kickMailer()
  return result
}

export type CheckCodeResult = 'confirmed' | 'wrong' | 'no_code' | 'not_pending'

/** Checks a typed code; a right one confirms the order's email, a wrong one counts against it. */
export function checkEmailCode(db: Db, orderId: number, typed: string, now = Date.now()): CheckCodeResult {
  return db.transaction(
    (tx): CheckCodeResult => {
      const order = tx.select().from(orders).where(eq(orders.id, orderId)).get()
      if (!order || order.status !== 'pending' || order.expiresAt <= now) return 'not_pending'
      if (order.emailConfirmedAt !== null) return 'confirmed'
      if (!order.emailCodeHash || order.emailCodeAttempts >= EMAIL_CODE_ATTEMPTS) return 'no_code'
      const right = /^\d{6}$/.test(typed) && crypto.timingSafeEqual(Buffer.from(hashCode(order.code, typed)), Buffer.from(order.emailCodeHash))
      if (!right) {
        const attempts = order.emailCodeAttempts + 1
        // The last wrong guess voids the code: a new one must be sent (and those are counted too).
        tx.update(orders)
          .set({ emailCodeAttempts: attempts, ...(attempts >= EMAIL_CODE_ATTEMPTS ? { emailCodeHash: null } : {}), updatedAt: now })
          .where(eq(orders.id, orderId))
          .run()
        return 'wrong'
      }
      tx.update(orders).set({ emailConfirmedAt: now, emailCodeHash: null, updatedAt: now }).where(eq(orders.id, orderId)).run()
      return 'confirmed'
    },
    { behavior: 'immediate' },
  )
}
