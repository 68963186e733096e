/** The audit log: who did what to whom, without personal data in the details (ids and roles only). */
import { desc, eq, lt } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { auditLog, users } from '#db/schema'

export function writeAudit(
  tx: DbOrTx,
  entry: { actorUserId: number | null; action: string; subjectType?: string; subjectId?: string | number; details?: Record<string, unknown> },
  now = Date.now(),
) {
  tx.insert(auditLog)
    .values({
      at: now,
      actorUserId: entry.actorUserId,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId === undefined ? null : String(entry.subjectId),
      details: entry.details ?? null,
    })
    .run()
}

export const AUDIT_PAGE_SIZE = 100

/** Newest first, a page at a time (`before` is the id of the last entry seen). */
export function listAudit(db: DbOrTx, before?: number) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      actorUserId: auditLog.actorUserId,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(before ? lt(auditLog.id, before) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .all()
}
