/**
 * Accounts: registration, confirmation, sign-in by password or link, reset, changes of email and
 * password, preferences, sessions. Plain functions over the database (no Request): routes, tests and
 * the CLI call them alike. Nothing here ever tells a caller whether an email is registered, except
 * to the owner of that address, by mail.
 */
import crypto from 'node:crypto'
import { and, desc, eq, gt, isNull, like, lt, ne } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client.server'
import { orders, outgoingEmails, sessions, userRoles, users, verifications, type Locale } from '#db/schema'
import { getEnv } from '~/env.server'
import { kickMailer, queueEmail } from '~/mail/outbox.server'
import { writeAudit } from './audit.server'
import { accountEmails } from './emails.server'
import { hashPassword, verifyPassword } from './passwords.server'
import { consumeCode, consumeToken, issueVerification, type TokenCheck } from './tokens.server'

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase()
}

export type User = typeof users.$inferSelect

export function findUserByEmail(db: DbOrTx, email: string): User | undefined {
  return db
    .select()
    .from(users)
    .where(and(eq(users.email, normaliseEmail(email)), isNull(users.deletedAt)))
    .get()
}

export function getUser(db: DbOrTx, id: number): User | undefined {
  return db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)))
    .get()
}

function send(tx: DbOrTx, to: string, locale: Locale, m: ReturnType<(typeof accountEmails)[keyof typeof accountEmails]>) {
  queueEmail(tx, { to, locale, ...m })
}

/**
 * Orders bought as a guest with `email` become the account's, now that its owner has just proven the
 * address (confirmation link or code, sign-in link, reset link, change of address). Called inside
 * the transaction that records the proof, so the two commit together. Only the exact address, only
 * orders nobody owns yet: an unconfirmed account, or one that merely typed the address, gets nothing.
 */
export function attachGuestOrders(tx: DbOrTx, userId: number, email: string, now = Date.now()): number[] {
  const attached = tx
    .update(orders)
    .set({ userId, updatedAt: now })
    .where(and(isNull(orders.userId), eq(orders.buyerEmail, normaliseEmail(email))))
    .returning({ id: orders.id })
    .all()
    .map((o) => o.id)
  if (attached.length > 0) {
    writeAudit(tx, { actorUserId: userId, action: 'orders.attached', subjectType: 'user', subjectId: userId, details: { orderIds: attached } }, now)
  }
  return attached
}

/**
 * Data minimisation: expired sessions, and one-time links and codes a week after they expired, are
 * deleted. Called on sign-in and registration (cheap: small tables).
 */
export function purgeExpired(db: DbOrTx, now = Date.now()) {
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run()
  db.delete(verifications).where(lt(verifications.expiresAt, now - 7 * 24 * 3600 * 1000)).run()
  // With real SMTP, the bodies of delivered account messages (which carry links and codes in clear)
  // are not kept: the database holds only hashes of live tokens. In demo mode the outbox shows them.
  if (getEnv().SMTP_URL) {
    db.update(outgoingEmails)
      .set({ text: '[removed after delivery]', html: '' })
      .where(and(eq(outgoingEmails.status, 'sent'), like(outgoingEmails.template, 'accounts.%'), ne(outgoingEmails.html, '')))
      .run()
  }
}

export type Registration = { name: string; email: string; password: string; locale: Locale; newsletter: boolean }

/**
 * Registers, or (for an address that already has an account) tells the owner so by mail. The caller
 * shows the same "check your email" page either way.
 */
export async function register(input: Registration, origin: string, now = Date.now()): Promise<void> {
  const email = normaliseEmail(input.email)
  const passwordHash = await hashPassword(input.password)
  const db = getDb()
  db.transaction(
    (tx) => {
      purgeExpired(tx, now)
      const existing = findUserByEmail(tx, email)
      if (existing?.emailVerifiedAt) {
        send(tx, email, existing.locale, accountEmails.alreadyRegistered(existing.locale, origin, existing.name))
        return
      }
      let userId: number
      if (existing) {
        // Never confirmed: the newest registration replaces the pending one. Only the owner of the
        // address can confirm it, so nobody can prepare an account in someone else's name.
        tx.update(users)
          .set({ name: input.name, passwordHash, locale: input.locale, newsletterOptIn: input.newsletter, privacyAcceptedAt: now, updatedAt: now })
          .where(eq(users.id, existing.id))
          .run()
        tx.delete(sessions).where(eq(sessions.userId, existing.id)).run()
        // Every link sent before (confirmation or sign-in) stops working: only the newest counts.
        tx.update(verifications).set({ usedAt: now }).where(and(eq(verifications.userId, existing.id), isNull(verifications.usedAt))).run()
        userId = existing.id
      } else {
        userId = tx
          .insert(users)
          .values({ email, name: input.name, passwordHash, locale: input.locale, newsletterOptIn: input.newsletter, privacyAcceptedAt: now, createdAt: now, updatedAt: now })
          .returning({ id: users.id })
          .get().id
        tx.insert(userRoles).values({ userId, role: 'member', grantedAt: now }).run()
      }
      const { token, code } = issueVerification(tx, { purpose: 'confirm_email', userId, email, withCode: true }, now)
      send(tx, email, input.locale, accountEmails.confirmEmail(input.locale, origin, input.name, token, code!))
    },
    { behavior: 'immediate' },
  )
  kickMailer()
}

export type LinkOutcome =
  | { ok: true; userId: number; purpose: 'confirm_email' | 'sign_in_link' | 'change_email' }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' | 'emailTaken' }

/** Uses a link from a message (after the person pressed the confirm button). Changes nothing when it fails. */
export function applyEmailLink(token: unknown, now = Date.now()): LinkOutcome {
  const db = getDb()
  return db.transaction(
    (tx): LinkOutcome => {
      const check: TokenCheck = consumeToken(tx, token, ['confirm_email', 'sign_in_link', 'change_email'], now)
      if (!check.ok) return check
      const v = check.verification
      const user = v.userId ? getUser(tx, v.userId) : undefined
      const purpose = v.purpose as 'confirm_email' | 'sign_in_link' | 'change_email'
      if (!user) return { ok: false, reason: 'invalid' }
      if (purpose === 'change_email') {
        const taken = findUserByEmail(tx, v.email)
        if (taken && taken.id !== user.id) {
          tx.update(verifications).set({ usedAt: null }).where(eq(verifications.id, v.id)).run()
          return { ok: false, reason: 'emailTaken' }
        }
        tx.update(users).set({ email: v.email, emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, user.id)).run()
        writeAudit(tx, { actorUserId: user.id, action: 'account.email_changed', subjectType: 'user', subjectId: user.id }, now)
        attachGuestOrders(tx, user.id, v.email, now)
      } else {
        // A link is only ever sent to the account's own address: using it proves the address.
        if (user.email !== v.email) return { ok: false, reason: 'invalid' }
        if (!user.emailVerifiedAt) {
          // A password set before the address was proven may not be the owner's (someone may have
          // registered in their name): signing in by link to an unconfirmed account forgets it.
          const forget = purpose === 'sign_in_link' ? { passwordHash: null } : {}
          tx.update(users).set({ emailVerifiedAt: now, updatedAt: now, ...forget }).where(eq(users.id, user.id)).run()
        }
        attachGuestOrders(tx, user.id, v.email, now)
      }
      return { ok: true, userId: user.id, purpose }
    },
    { behavior: 'immediate' },
  )
}

export type CodeOutcome = { ok: true; userId: number } | { ok: false; reason: 'wrong' | 'expired' | 'tooManyAttempts' }

/** The six-digit code from the confirmation message, typed on the site. */
export function confirmEmailByCode(email: string, code: string, now = Date.now()): CodeOutcome {
  const address = normaliseEmail(email)
  return getDb().transaction(
    (tx): CodeOutcome => {
      const result = consumeCode(tx, address, 'confirm_email', code, now)
      if (!result.ok) return result
      const user = result.verification.userId ? getUser(tx, result.verification.userId) : undefined
      if (!user || user.email !== address) return { ok: false, reason: 'expired' }
      tx.update(users).set({ emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, user.id)).run()
      attachGuestOrders(tx, user.id, address, now)
      return { ok: true, userId: user.id }
    },
    { behavior: 'immediate' },
  )
}

export type SignInOutcome = { ok: true; userId: number } | { ok: false; reason: 'wrong' | 'unconfirmed' }

/** Password sign-in. An unknown address costs the same time as a known one. */
export async function signInWithPassword(email: string, password: string, origin: string, now = Date.now()): Promise<SignInOutcome> {
  const user = findUserByEmail(getDb(), email)
  const ok = await verifyPassword(user?.passwordHash, password)
  if (!user || !ok) return { ok: false, reason: 'wrong' }
  purgeExpired(getDb(), now)
  if (!user.emailVerifiedAt) {
    // The right password for an unconfirmed address: send the confirmation again.
    getDb().transaction(
      (tx) => {
        const { token, code } = issueVerification(tx, { purpose: 'confirm_email', userId: user.id, email: user.email!, withCode: true }, now)
        send(tx, user.email!, user.locale, accountEmails.confirmEmail(user.locale, origin, user.name, token, code!))
      },
      { behavior: 'immediate' },
    )
    kickMailer()
    return { ok: false, reason: 'unconfirmed' }
  }
  return { ok: true, userId: user.id }
}

/**
 * "Send me a new code" on the code page: a fresh confirmation message (link and code; earlier ones
 * stop working) if the address belongs to an account still waiting for confirmation; silently
 * nothing otherwise, so the page says the same for every address.
 */
export function resendConfirmation(email: string, origin: string, now = Date.now()) {
  getDb().transaction(
    (tx) => {
      const user = findUserByEmail(tx, email)
      if (!user?.email || user.emailVerifiedAt) return
      const { token, code } = issueVerification(tx, { purpose: 'confirm_email', userId: user.id, email: user.email, withCode: true }, now)
      send(tx, user.email, user.locale, accountEmails.confirmEmail(user.locale, origin, user.name, token, code!))
    },
    { behavior: 'immediate' },
  )
  kickMailer()
}

/** Sends a one-time sign-in link if the address has an account; silently nothing otherwise. */
export function requestSignInLink(email: string, origin: string, now = Date.now()) {
  getDb().transaction(
    (tx) => {
      const user = findUserByEmail(tx, email)
      if (!user?.email) return
      const { token } = issueVerification(tx, { purpose: 'sign_in_link', userId: user.id, email: user.email }, now)
      send(tx, user.email, user.locale, accountEmails.signInLink(user.locale, origin, user.name, token))
    },
    { behavior: 'immediate' },
  )
  kickMailer()
}

/** Sends a reset link if the address has an account; silently nothing otherwise. */
export function requestPasswordReset(email: string, origin: string, now = Date.now()) {
  getDb().transaction(
    (tx) => {
      const user = findUserByEmail(tx, email)
      if (!user?.email) return
      const { token } = issueVerification(tx, { purpose: 'reset_password', userId: user.id, email: user.email }, now)
      send(tx, user.email, user.locale, accountEmails.resetPassword(user.locale, origin, user.name, token))
    },
    { behavior: 'immediate' },
  )
  kickMailer()
}

/**
 * Sets a new password from a reset link. Every session of the account ends (whoever else was signed
 * in is out); the caller starts a fresh one.
 */
export async function resetPassword(
  token: unknown,
  password: string,
  origin: string,
  now = Date.now(),
): Promise<{ ok: true; userId: number } | { ok: false; reason: 'invalid' | 'expired' | 'used' }> {
  const passwordHash = await hashPassword(password)
  const result = getDb().transaction(
    (tx) => {
      const check = consumeToken(tx, token, ['reset_password'], now)
      if (!check.ok) return check
      const user = check.verification.userId ? getUser(tx, check.verification.userId) : undefined
      if (!user || user.email !== check.verification.email) return { ok: false as const, reason: 'invalid' as const }
      tx.update(users)
        .set({ passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now, updatedAt: now })
        .where(eq(users.id, user.id))
        .run()
      tx.delete(sessions).where(eq(sessions.userId, user.id)).run()
      writeAudit(tx, { actorUserId: user.id, action: 'account.password_reset', subjectType: 'user', subjectId: user.id }, now)
      attachGuestOrders(tx, user.id, user.email, now)
      send(tx, user.email, user.locale, accountEmails.passwordChanged(user.locale, origin, user.name))
      return { ok: true as const, userId: user.id }
    },
    { behavior: 'immediate' },
  )
  kickMailer()
  return result
}

/** Changes the password of a signed-in person; their other sessions end. */
export async function changePassword(
  userId: number,
  current: string,
  next: string,
  keepSessionId: string,
  origin: string,
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; reason: 'wrongPassword' }> {
  const user = getUser(getDb(), userId)
  if (!user?.email) return { ok: false, reason: 'wrongPassword' }
  // Someone who only ever signed in by link has no password to give yet.
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, current))) return { ok: false, reason: 'wrongPassword' }
  const passwordHash = await hashPassword(next)
  getDb().transaction(
    (tx) => {
      tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).run()
      tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))).run()
      writeAudit(tx, { actorUserId: userId, action: 'account.password_changed', subjectType: 'user', subjectId: userId }, now)
      send(tx, user.email!, user.locale, accountEmails.passwordChanged(user.locale, origin, user.name))
    },
    { behavior: 'immediate' },
  )
  kickMailer()
  return { ok: true }
}

/**
 * Starts a change of address: the new address gets a link, the old one a notice. If the new address
 * belongs to another account, its owner is told instead, and the page says the same as ever.
 */
export async function requestEmailChange(
  userId: number,
  newEmail: string,
  password: string,
  origin: string,
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; reason: 'wrongPassword' | 'sameEmail' }> {
  const address = normaliseEmail(newEmail)
  const user = getUser(getDb(), userId)
  if (!user?.email) return { ok: false, reason: 'wrongPassword' }
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: 'wrongPassword' }
  if (address === user.email) return { ok: false, reason: 'sameEmail' }
  getDb().transaction(
    (tx) => {
      const taken = findUserByEmail(tx, address)
      if (taken) {
        send(tx, address, taken.locale, accountEmails.emailTaken(taken.locale, origin))
        return
      }
      const { token } = issueVerification(tx, { purpose: 'change_email', userId, email: address }, now)
      send(tx, address, user.locale, accountEmails.changeEmail(user.locale, origin, user.name, token))
      send(tx, user.email!, user.locale, accountEmails.emailChangeRequested(user.locale, user.name, address))
    },
    { behavior: 'immediate' },
  )
  kickMailer()
  return { ok: true }
}

export function updatePreferences(userId: number, p: { name: string; locale: Locale; newsletter: boolean }, now = Date.now()) {
  getDb()
    .update(users)
    .set({ name: p.name, locale: p.locale, newsletterOptIn: p.newsletter, updatedAt: now })
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .run()
}

/** Pages name a session by this handle, never by its id (the id is what the cookie carries). */
export function sessionHandle(id: string) {
  return crypto.createHash('sha256').update(`session:${id}`).digest('base64url').slice(0, 22)
}

export function listSessions(db: DbOrTx, userId: number, now = Date.now()) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt))
    .all()
    .map(({ id, ...rest }) => ({ handle: sessionHandle(id), id, ...rest }))
}

/** Ends one of the person's own sessions (never someone else's: only their own are searched). */
export function revokeSession(userId: number, handle: string): boolean {
  const target = listSessions(getDb(), userId).find((s) => s.handle === handle)
  if (!target) return false
  return getDb().delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.id, target.id))).run().changes === 1
}

export function revokeOtherSessions(userId: number, keepSessionId: string): number {
  return getDb().delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))).run().changes
}
