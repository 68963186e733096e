/** Roles, granted and withdrawn by admins. Every change is in the audit log (ids and role only). */
import { and, asc, eq, isNull } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client.server'
import { userRoles, users } from '#db/schema'
import { keyMatches, queryTerms, searchKey } from '~/search/text'
import { writeAudit } from './audit.server'

import { GRANTABLE_ROLES, type GrantableRole } from './schemas'

export { GRANTABLE_ROLES, type GrantableRole }

/**
 * People for the admins' page, by name or email. Names match across alphabets ("Мария" finds
 * "Maria Member") through the shared search keys; an address matches as typed. The club has
 * hundreds of accounts, not millions: filtering them here costs less than a search column would.
 */
export function listPeople(db: DbOrTx, query = '') {
  const q = query.trim().slice(0, 100)
  const everyone = db
    .select({ id: users.id, name: users.name, email: users.email, createdAt: users.createdAt, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(isNull(users.deletedAt))
    .orderBy(asc(users.name))
    .all()
  const address = q.toLowerCase()
  const terms = queryTerms(q)
  const rows = (q ? everyone.filter((p) => (p.email ?? '').includes(address) || keyMatches(searchKey(p.name), terms)) : everyone).slice(0, 200)
  const roles = db.select().from(userRoles).all()
  return rows.map((r) => ({ ...r, roles: roles.filter((x) => x.userId === r.id).map((x) => x.role) }))
}

function adminCount(tx: DbOrTx) {
  return tx
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, 'admin'), isNull(users.deletedAt)))
    .all().length
}

export type RoleChange = { ok: true; changed: boolean } | { ok: false; reason: 'noSuchPerson' | 'lastAdmin' }

export function grantRole(actorUserId: number | null, userId: number, role: GrantableRole, now = Date.now()): RoleChange {
  return getDb().transaction(
    (tx): RoleChange => {
      const user = tx.select().from(users).where(and(eq(users.id, userId), isNull(users.deletedAt))).get()
      if (!user) return { ok: false, reason: 'noSuchPerson' }
      const done = tx.insert(userRoles).values({ userId, role, grantedByUserId: actorUserId, grantedAt: now }).onConflictDoNothing().run()
      if (done.changes === 0) return { ok: true, changed: false }
      writeAudit(tx, { actorUserId, action: 'role.granted', subjectType: 'user', subjectId: userId, details: { role } }, now)
      return { ok: true, changed: true }
    },
    { behavior: 'immediate' },
  )
}

/** Withdraws a role. The club never loses its last admin this way. */
export function withdrawRole(actorUserId: number | null, userId: number, role: GrantableRole, now = Date.now()): RoleChange {
  return getDb().transaction(
    (tx): RoleChange => {
      const user = tx.select().from(users).where(and(eq(users.id, userId), isNull(users.deletedAt))).get()
      if (!user) return { ok: false, reason: 'noSuchPerson' }
      const has = tx.select().from(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, role))).get()
      if (!has) return { ok: true, changed: false }
      if (role === 'admin' && adminCount(tx) <= 1) return { ok: false, reason: 'lastAdmin' }
      tx.delete(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, role))).run()
      writeAudit(tx, { actorUserId, action: 'role.withdrawn', subjectType: 'user', subjectId: userId, details: { role } }, now)
      return { ok: true, changed: true }
    },
    { behavior: 'immediate' },
  )
}

export { adminCount }
