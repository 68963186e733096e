/**
 * What the door asks about membership, in one place, until app/membership exports its answer.
 *
 * PLUG POINT for the membership issue: when `membershipCardStatus(db, cardId, onDate)` and a
 * "member on this date" question exist in app/membership, replace the two functions below by calls
 * to them (or call `setCardLookup` once at start). Nothing else in app/checkin reads membership rows.
 */
import type { DbOrTx } from '#db/client.server'
import { stmt } from '#db/prepared.server'

export type CardStatus = { valid: boolean; name: string; plan: string; validUntil: string }
/** A membership card's standing on a London date (YYYY-MM-DD); null when no such card exists. */
export type CardLookup = (db: DbOrTx, cardId: string, onDate: string) => CardStatus | null

// Until membership cards exist there is nothing to look up: a signed card is then "unknown".
let cardLookup: CardLookup = () => null

export function setCardLookup(lookup: CardLookup) {
  cardLookup = lookup
}

export function lookUpCard(db: DbOrTx, cardId: string, onDate: string): CardStatus | null {
  return cardLookup(db, cardId, onDate)
}

/** Stripe statuses in which a member keeps their benefits (past_due: Stripe is still retrying). */
const MEMBER_SQL = `
  select distinct user_id as userId from memberships
  where user_id in (select value from json_each(?)) and status in ('active', 'trialing', 'past_due')
    and (current_period_end is null or current_period_end > ?)`

/** Which of these people are members at `now` (the door shows "member" beside their name). */
export function membersAmong(db: DbOrTx, userIds: readonly number[], now: number): Set<number> {
  if (userIds.length === 0) return new Set()
  const rows = stmt<{ userId: number }>(db, MEMBER_SQL).all(JSON.stringify([...new Set(userIds)]), now)
  return new Set(rows.map((r) => r.userId))
}
