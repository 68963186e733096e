/**
 * What staff see of members: a filtered list (plan, state, name in Latin or Cyrillic, email), each
 * member's history, the figures (members by plan and state, joined and lapsed this month, monthly
 * recurring revenue with yearly plans as a twelfth), the CSV export, and honorary grants.
 */
import { stringify } from 'csv-stringify/sync'
import { and, desc, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { z } from 'zod'
import type { Db, DbOrTx } from '#db/client.server'
import { membershipHistory, membershipPlans, memberships, users } from '#db/schema'
import { writeAudit } from '~/accounts/audit.server'
import { randomSerial } from '~/checkin/signed-codes.server'
import { CLUB_ZONE } from '~/i18n/format'
import { queueEmail } from '~/mail/outbox.server'
import { membershipState, stateCounts, validUntil, type MembershipState } from './benefits.server'
import { membershipEmail } from './emails.server'
import { MEMBERSHIP_STATES } from './constants'

export const STATES = MEMBERSHIP_STATES as unknown as MembershipState[]

export const filterSchema = z.object({
  plan: z.string().regex(/^[a-z0-9-]{1,40}$/).optional().catch(undefined),
  state: z.enum(STATES as [MembershipState, ...MembershipState[]]).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
})

export function listMembers(db: DbOrTx, filter: z.infer<typeof filterSchema>, now = Date.now()) {
  const rows = db
    .select({ m: memberships, name: users.name, email: users.email, planSlug: membershipPlans.slug, planEn: membershipPlans.nameEn, planRu: membershipPlans.nameRu })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(membershipPlans, eq(membershipPlans.id, memberships.planId))
    .orderBy(desc(memberships.id))
    .all()
  // Case-insensitive for Cyrillic too: SQLite's LIKE folds ASCII only, so the match is done here.
  const q = filter.q?.toLocaleLowerCase('ru')
  return rows
    .map((r) => ({ ...r, state: membershipState(r.m, now), validUntil: validUntil(r.m) }))
    .filter((r) => (!filter.plan || r.planSlug === filter.plan) && (!filter.state || r.state === filter.state))
    .filter((r) => !q || r.name.toLocaleLowerCase('ru').includes(q) || (r.email ?? '').includes(q))
}

export function memberHistory(db: DbOrTx, membershipId: number) {
  return db.select().from(membershipHistory).where(eq(membershipHistory.membershipId, membershipId)).orderBy(membershipHistory.at).all()
}

export function membershipFigures(db: DbOrTx, now = Date.now()) {
  const monthStart = DateTime.fromMillis(now, { zone: CLUB_ZONE }).startOf('month').toMillis()
  const all = listMembers(db, {}, now)
  const byPlan = new Map<string, Record<string, number>>()
  let joined = 0
  let lapsed = 0
  let mrrPence = 0
  for (const r of all) {
    const counts = byPlan.get(r.planSlug) ?? {}
    counts[r.state] = (counts[r.state] ?? 0) + 1
    byPlan.set(r.planSlug, counts)
    if (r.m.startedAt !== null && r.m.startedAt >= monthStart && r.m.startedAt <= now) joined++
    if (r.m.endedAt !== null && r.m.endedAt >= monthStart && r.m.endedAt <= now) lapsed++
    if (r.m.source === 'stripe' && stateCounts(r.state) && r.state !== 'cancelling' && r.m.amountPence !== null)
      mrrPence += r.m.interval === 'year' ? r.m.amountPence / 12 : r.m.amountPence
  }
  return { byPlan: [...byPlan.entries()].map(([plan, states]) => ({ plan, states })), joined, lapsed, mrrPence: Math.round(mrrPence) }
}

/** The CSV staff download: formulas escaped (a name like `=HYPERLINK(…)` stays text in a spreadsheet). */
export function membersCsv(db: Db, filter: z.infer<typeof filterSchema>, actorUserId: number, now = Date.now()) {
  const rows = listMembers(db, filter, now)
  const iso = (ms: number | null) => (ms ? new Date(ms).toISOString().slice(0, 10) : '')
  const csv = stringify(
    rows.map((r) => [r.name, r.email ?? '', r.planSlug, r.state, r.m.source, r.m.concessionKind ?? '', iso(r.m.startedAt), iso(r.validUntil)]),
    { header: true, columns: ['name', 'email', 'plan', 'state', 'source', 'concession', 'since', 'valid_until'], escape_formulas: true },
  )
  writeAudit(db, { actorUserId, action: 'members.exported', details: { rows: rows.length, filter } }, now)
  return csv
}

export const grantSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  plan: z.string().regex(/^[a-z0-9-]{1,40}$/),
  endsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reason: z.string().trim().min(1).max(500),
})
export type GrantError = 'no_person' | 'no_plan' | 'bad_date' | 'already_member' | 'not_honorary'

/** An honorary membership: no Stripe, ends by itself at the end of `endsOn` (London). Audited. */
export function grantHonorary(db: Db, input: z.infer<typeof grantSchema>, actorUserId: number, baseUrl: string, now = Date.now()): { ok: true; membershipId: number } | { ok: false; error: GrantError } {
  const end = DateTime.fromISO(input.endsOn, { zone: CLUB_ZONE })
  if (!end.isValid) return { ok: false, error: 'bad_date' }
  const endsAt = end.plus({ days: 1 }).startOf('day').toMillis()
  if (endsAt <= now || endsAt > now + 5 * 366 * 86_400_000) return { ok: false, error: 'bad_date' }
  return db.transaction(
    (tx) => {
      const person = tx.select().from(users).where(eq(users.email, input.email)).get()
      if (!person || person.deletedAt) return { ok: false as const, error: 'no_person' as const }
      const plan = tx.select().from(membershipPlans).where(eq(membershipPlans.slug, input.plan)).get()
      if (!plan) return { ok: false as const, error: 'no_plan' as const }
      const theirs = tx.select().from(memberships).where(eq(memberships.userId, person.id)).all()
      if (theirs.some((m) => stateCounts(membershipState(m, now)))) return { ok: false as const, error: 'already_member' as const }
      const m = tx
        .insert(memberships)
        .values({ userId: person.id, planId: plan.id, status: 'active', source: 'honorary', cardId: randomSerial(), startedAt: now, endsAt, reason: input.reason, grantedByUserId: actorUserId, createdAt: now, updatedAt: now })
        .returning({ id: memberships.id })
        .get()
      tx.insert(membershipHistory).values({ membershipId: m.id, kind: 'granted', at: now, details: { until: endsAt } }).run()
      writeAudit(tx, { actorUserId, action: 'membership.honorary_granted', subjectType: 'membership', subjectId: m.id, details: { userId: person.id, plan: plan.slug, endsAt } }, now)
      if (person.email)
        queueEmail(tx, {
          ...membershipEmail('granted', { to: person.email, locale: person.locale, name: person.name, planEn: plan.nameEn, planRu: plan.nameRu, date: endsAt - 1, baseUrl }),
          dedupeKey: `membership:${m.id}:granted`,
        })
      return { ok: true as const, membershipId: m.id }
    },
    { behavior: 'immediate' },
  )
}

export function endHonorary(db: Db, membershipId: number, actorUserId: number, now = Date.now()): { ok: true } | { ok: false; error: GrantError } {
  return db.transaction(
    (tx) => {
      const m = tx.select().from(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.source, 'honorary'))).get()
      if (!m) return { ok: false as const, error: 'not_honorary' as const }
      if (m.endedAt !== null) return { ok: true as const }
      tx.update(memberships).set({ endsAt: now, endedAt: now, updatedAt: now }).where(eq(memberships.id, m.id)).run()
      tx.insert(membershipHistory).values({ membershipId: m.id, kind: 'ended', at: now, details: { by: 'staff' } }).run()
      writeAudit(tx, { actorUserId, action: 'membership.honorary_ended', subjectType: 'membership', subjectId: m.id }, now)
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
}
