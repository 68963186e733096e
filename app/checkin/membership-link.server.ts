/**
 * What the door asks about membership, in one place. Both answers come from app/membership's one
 * question ("is this person a member on this date, with which benefits"), never from the
 * subscription rows, so the door follows the same grace rule and honorary grants as booking.
 */
import { DateTime } from 'luxon'
import type { DbOrTx } from '#db/client.server'
import type { Locale } from '#db/schema'
import { memberBenefits, membershipCardStatus } from '~/membership/benefits.server'

export type CardStatus = { valid: boolean; name: string; plan: string; validUntil: string }

/** A membership card's standing at `now`; null when no such card exists (the door says "unknown"). */
export function lookUpCard(db: DbOrTx, cardId: string, now: number, locale: Locale): CardStatus | null {
  const card = membershipCardStatus(db, cardId, now)
  if (!card.name || !card.planName) return null
  return {
    valid: card.valid,
    name: card.name,
    plan: card.planName[locale],
    validUntil: card.validUntil === null ? '' : DateTime.fromMillis(card.validUntil, { zone: 'Europe/London' }).toISODate()!,
  }
}

/** Which of these people are members at `now` (the door shows "member" beside their name). */
export function membersAmong(db: DbOrTx, userIds: readonly number[], now: number): Set<number> {
  return new Set([...new Set(userIds)].filter((id) => memberBenefits(db, id, now) !== null))
}
