/**
 * The membership card: name, plan, valid-until and a QR code the door scans. The code is signed
 * (Ed25519) and names only a random card id and the last valid day (Europe/London), so it carries
 * nothing personal in clear and cannot be forged; the door also asks membershipCardStatus, so a
 * card stops working the moment its membership stops counting.
 */
import { eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import QRCode from 'qrcode'
import type { Db } from '#db/client.server'
import { memberships, users } from '#db/schema'
import { randomSerial, signCode } from '~/checkin/signed-codes.server'
import { CLUB_ZONE } from '~/i18n/format'
import { memberBenefits } from './benefits.server'

export async function membershipCard(db: Db, userId: number, now = Date.now()) {
  const benefits = memberBenefits(db, userId, now)
  if (!benefits) return null
  let cardId = benefits.cardId
  if (!cardId) {
    cardId = randomSerial()
    db.update(memberships).set({ cardId }).where(eq(memberships.id, benefits.membershipId)).run()
  }
  const until = benefits.validUntil ?? now
  const u = DateTime.fromMillis(until, { zone: CLUB_ZONE }).toISODate()!
  const code = signCode({ k: 'm', c: cardId, u })
  const name = db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? ''
  const qr = await QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 280 })
  return { name, planEn: benefits.planNameEn, planRu: benefits.planNameRu, validUntil: benefits.validUntil, code, qr }
}
