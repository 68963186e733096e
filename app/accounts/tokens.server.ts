/**
 * One-time links and codes. A link carries a 256-bit random token; only its SHA-256 is stored. A code
 * is six digits; only its HMAC (keyed with the server's secret, so a stolen database does not give
 * the codes away by trying a million values) is stored, and each code allows MAX_CODE_ATTEMPTS tries.
 * Everything is single use and expires.
 */
import crypto from 'node:crypto'
import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { verifications, type VerificationPurpose } from '#db/schema'
import { getEnv } from '~/env.server'

export const TTL_MS: Record<VerificationPurpose, number> = {
  confirm_email: 24 * 3600 * 1000,
  sign_in_link: 15 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
  change_email: 24 * 3600 * 1000,
}
export const MAX_CODE_ATTEMPTS = 5

export function hashToken(token: string) {
  return crypto.createHash('sha256').update(token).digest('hex')
}

function hashCode(code: string) {
  return crypto.createHmac('sha256', getEnv().SESSION_SECRET).update(`code:${code}`).digest('hex')
}

export function newToken() {
  return crypto.randomBytes(32).toString('base64url')
}

export function newCode() {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0')
}

/**
 * Issues a new link (and optionally a code) and retires earlier unused ones of the same purpose for
 * the same person, so only the newest message works.
 */
export function issueVerification(
  tx: DbOrTx,
  v: { purpose: VerificationPurpose; userId: number; email: string; withCode?: boolean; ttlMs?: number },
  now = Date.now(),
): { token: string; code: string | null; expiresAt: number } {
  tx.update(verifications)
    .set({ usedAt: now })
    .where(and(eq(verifications.userId, v.userId), eq(verifications.purpose, v.purpose), isNull(verifications.usedAt)))
    .run()
  const token = newToken()
  const code = v.withCode ? newCode() : null
  const expiresAt = now + (v.ttlMs ?? TTL_MS[v.purpose])
  tx.insert(verifications)
    .values({
      purpose: v.purpose,
      userId: v.userId,
      email: v.email,
      tokenHash: hashToken(token),
      codeHash: code ? hashCode(code) : null,
      expiresAt,
      createdAt: now,
    })
    .run()
  return { token, code, expiresAt }
}

export type Verification = typeof verifications.$inferSelect
export type TokenCheck =
  | { ok: true; verification: Verification }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' }

/** Looks a link up without using it (for the page with the confirm button). */
export function checkToken(tx: DbOrTx, token: unknown, now = Date.now()): TokenCheck {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: 'invalid' }
  const row = tx.select().from(verifications).where(eq(verifications.tokenHash, hashToken(token))).get()
  if (!row) return { ok: false, reason: 'invalid' }
  if (row.usedAt !== null) return { ok: false, reason: 'used' }
  if (row.expiresAt <= now) return { ok: false, reason: 'expired' }
  return { ok: true, verification: row }
}

/** Uses a link: in the caller's transaction, so the effect and the "used" mark commit together. */
export function consumeToken(
  tx: DbOrTx,
  token: unknown,
  purposes: readonly VerificationPurpose[],
  now = Date.now(),
): TokenCheck {
  const check = checkToken(tx, token, now)
  if (!check.ok) return check
  if (!purposes.includes(check.verification.purpose)) return { ok: false, reason: 'invalid' }
  const done = tx
    .update(verifications)
    .set({ usedAt: now })
    .where(and(eq(verifications.id, check.verification.id), isNull(verifications.usedAt)))
    .run()
  if (done.changes !== 1) return { ok: false, reason: 'used' }
  return check
}

export type CodeCheck =
  | { ok: true; verification: Verification }
  | { ok: false; reason: 'wrong' | 'expired' | 'tooManyAttempts' }

/**
 * Uses a six-digit code sent to `email` for `purpose`. Every wrong try counts; after the fifth the code
 * is refused (`tooManyAttempts`, every time after, never a different story). The link in the same
 * message keeps working: it is 256 random bits that guessing the code says nothing about, and marking
 * it used would tell its owner "already used" when it was not.
 */
export function consumeCode(
  tx: DbOrTx,
  email: string,
  purpose: VerificationPurpose,
  code: string,
  now = Date.now(),
): CodeCheck {
  const row = tx
    .select()
    .from(verifications)
    .where(
      and(
        eq(verifications.email, email),
        eq(verifications.purpose, purpose),
        isNull(verifications.usedAt),
        gt(verifications.expiresAt, now),
      ),
    )
    .orderBy(desc(verifications.id))
    .get()
  if (!row || !row.codeHash) return { ok: false, reason: 'expired' }
  if (row.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: 'tooManyAttempts' }
  const given = Buffer.from(hashCode(code), 'hex')
  const expected = Buffer.from(row.codeHash, 'hex')
  if (!crypto.timingSafeEqual(given, expected)) {
    const attempts = row.attempts + 1
    tx.update(verifications).set({ attempts }).where(eq(verifications.id, row.id)).run()
    return { ok: false, reason: attempts >= MAX_CODE_ATTEMPTS ? 'tooManyAttempts' : 'wrong' }
  }
  tx.update(verifications).set({ usedAt: now, attempts: row.attempts + 1 }).where(eq(verifications.id, row.id)).run()
  return { ok: true, verification: row }
}
