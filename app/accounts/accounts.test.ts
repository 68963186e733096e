/** The accounts' rules over a real SQLite database made by the real migrations. */
import crypto from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { auditLog, events, orders, outgoingEmails, sessions, tickets, ticketTypes, userRoles, users, verifications } from '#db/schema'
import {
  applyEmailLink,
  confirmEmailByCode,
  findUserByEmail,
  register,
  requestPasswordReset,
  resetPassword,
  signInWithPassword,
} from './accounts.server'
import { hashPassword, verifyPassword } from './passwords.server'
import { deleteAccount, DELETED_NAME, exportPersonalData } from './privacy.server'
import { grantRole, withdrawRole } from './roles.server'
import { checkToken, MAX_CODE_ATTEMPTS } from './tokens.server'

const ORIGIN = 'http://club.test'
const db = getDb()

function lastMailTo(address: string) {
  return db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, address)).orderBy(desc(outgoingEmails.id)).get()!
}
function tokenIn(text: string) {
  return /token=([A-Za-z0-9_-]{43})/.exec(text)![1]!
}
function codeIn(text: string) {
  return /\b(\d{6})\b/.exec(text)![1]!
}
async function registered(email: string, locale: 'en' | 'ru' = 'en') {
  await register({ name: 'Test Person', email, password: 'correct horse battery', locale, newsletter: false }, ORIGIN)
  return lastMailTo(email.toLowerCase())
}

describe('passwords', () => {
  test('are hashed with argon2id and verified', async () => {
    const h = await hashPassword('a long enough password')
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(h, 'a long enough password')).toBe(true)
    expect(await verifyPassword(h, 'A long enough password')).toBe(false)
    expect(await verifyPassword(null, 'anything')).toBe(false)
    expect(await verifyPassword('not a hash', 'anything')).toBe(false)
  })
})

describe('registration and confirmation', () => {
  test('stores only hashes; the message carries a link and a code, in the chosen language, as text and HTML', async () => {
    const mail = await registered('Vera@Example.org', 'ru')
    const user = findUserByEmail(db, 'vera@example.org')!
    expect(user.email).toBe('vera@example.org')
    expect(user.emailVerifiedAt).toBeNull()
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(mail.locale).toBe('ru')
    expect(mail.subject).toBe('Подтвердите адрес почты')
    expect(mail.html).toContain('<html lang="ru">')
    const token = tokenIn(mail.text)
    const code = codeIn(mail.text.replace(token, ''))
    const row = db.select().from(verifications).where(eq(verifications.userId, user.id)).get()!
    expect(row.tokenHash).toBe(crypto.createHash('sha256').update(token).digest('hex'))
    expect(row.tokenHash).not.toContain(token)
    expect(row.codeHash).not.toContain(code)
    expect(row.codeHash).toHaveLength(64)
    expect(mail.html).toContain(`token=${token}`)
    expect(mail.html).toContain(code)
  })

  test('a link is checked without being used; used once; then it says so and changes nothing', async () => {
    const mail = await registered('link@example.org')
    const token = tokenIn(mail.text)
    expect(checkToken(db, token).ok).toBe(true)
    expect(checkToken(db, token).ok).toBe(true) // opening the page twice (a mail scanner) spends nothing
    const first = applyEmailLink(token)
    expect(first).toMatchObject({ ok: true, purpose: 'confirm_email' })
    expect(findUserByEmail(db, 'link@example.org')!.emailVerifiedAt).not.toBeNull()
    expect(applyEmailLink(token)).toEqual({ ok: false, reason: 'used' })
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    expect(applyEmailLink(tampered)).toEqual({ ok: false, reason: 'invalid' })
    expect(applyEmailLink('nonsense')).toEqual({ ok: false, reason: 'invalid' })
  })

  test('an expired link says so and changes nothing', async () => {
    const mail = await registered('late@example.org')
    const token = tokenIn(mail.text)
    expect(applyEmailLink(token, Date.now() + 25 * 3600 * 1000)).toEqual({ ok: false, reason: 'expired' })
    expect(findUserByEmail(db, 'late@example.org')!.emailVerifiedAt).toBeNull()
  })

  test(`a code allows ${MAX_CODE_ATTEMPTS} tries; then even the right one is refused`, async () => {
    const mail = await registered('code@example.org')
    const code = codeIn(mail.text.replace(tokenIn(mail.text), ''))
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 1; i < MAX_CODE_ATTEMPTS; i++) expect(confirmEmailByCode('code@example.org', wrong)).toEqual({ ok: false, reason: 'wrong' })
    expect(confirmEmailByCode('code@example.org', wrong)).toEqual({ ok: false, reason: 'tooManyAttempts' })
    expect(confirmEmailByCode('code@example.org', code).ok).toBe(false)
    expect(findUserByEmail(db, 'code@example.org')!.emailVerifiedAt).toBeNull()
  })

  test('the right code confirms the address', async () => {
    const mail = await registered('code2@example.org')
    const code = codeIn(mail.text.replace(tokenIn(mail.text), ''))
    expect(confirmEmailByCode('CODE2@example.org', code)).toMatchObject({ ok: true })
    expect(confirmEmailByCode('code2@example.org', code)).toEqual({ ok: false, reason: 'expired' })
  })

  test('registering an address that has an account mails its owner and changes nothing', async () => {
    const mail = await registered('owner@example.org')
    applyEmailLink(tokenIn(mail.text))
    const before = findUserByEmail(db, 'owner@example.org')!
    await register({ name: 'Intruder', email: 'owner@example.org', password: 'another password', locale: 'ru', newsletter: true }, ORIGIN)
    const after = findUserByEmail(db, 'owner@example.org')!
    expect(after).toEqual(before)
    const notice = lastMailTo('owner@example.org')
    expect(notice.template).toBe('accounts.alreadyRegistered')
    expect(notice.locale).toBe('en') // the owner's language, not the form's
    expect(db.select().from(users).where(eq(users.email, 'owner@example.org')).all()).toHaveLength(1)
  })

  test('sign-in by password needs a confirmed address; an unconfirmed one gets a new confirmation', async () => {
    await registered('unconfirmed@example.org')
    const count = db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'unconfirmed@example.org')).all().length
    expect(await signInWithPassword('unconfirmed@example.org', 'correct horse battery', ORIGIN)).toEqual({ ok: false, reason: 'unconfirmed' })
    expect(db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'unconfirmed@example.org')).all()).toHaveLength(count + 1)
    expect(await signInWithPassword('unconfirmed@example.org', 'wrong password', ORIGIN)).toEqual({ ok: false, reason: 'wrong' })
    expect(await signInWithPassword('nobody@example.org', 'whatever', ORIGIN)).toEqual({ ok: false, reason: 'wrong' })
  })
})

describe('housekeeping', () => {
  test('expired sessions, and links a week past expiry, are deleted at the next sign-in', async () => {
    const mail = await registered('tidy@example.org')
    applyEmailLink(tokenIn(mail.text))
    const user = findUserByEmail(db, 'tidy@example.org')!
    const now = Date.now()
    db.insert(sessions).values({ id: 'expired-tidy', userId: user.id, expiresAt: now - 1 }).run()
    db.insert(verifications).values({ purpose: 'sign_in_link', userId: user.id, email: 'tidy@example.org', tokenHash: 'f'.repeat(64), expiresAt: now - 8 * 24 * 3600 * 1000 }).run()
    expect(await signInWithPassword('tidy@example.org', 'correct horse battery', ORIGIN)).toMatchObject({ ok: true })
    expect(db.select().from(sessions).where(eq(sessions.id, 'expired-tidy')).get()).toBeUndefined()
    expect(db.select().from(verifications).where(eq(verifications.tokenHash, 'f'.repeat(64))).get()).toBeUndefined()
    expect(db.select().from(verifications).where(eq(verifications.userId, user.id)).all()).toHaveLength(1)
  })
})

describe('delivered account mail', () => {
  test('with SMTP, the bodies (links and codes in clear) are removed after delivery', async () => {
    await registered('scrub@example.org')
    db.update(outgoingEmails).set({ status: 'sent' }).where(eq(outgoingEmails.toAddress, 'scrub@example.org')).run()
    const { initEnv } = await import('~/env.server')
    const { purgeExpired } = await import('./accounts.server')
    const saved = process.env.SMTP_URL
    try {
      initEnv({ ...process.env, SMTP_URL: 'smtp://127.0.0.1:1' })
      purgeExpired(db)
    } finally {
      initEnv({ ...process.env, SMTP_URL: saved })
    }
    const mail = lastMailTo('scrub@example.org')
    expect(mail.text).toBe('[removed after delivery]')
    expect(mail.html).toBe('')
    expect(mail.subject).toBe('Confirm your email address')
  })
})

describe('password reset', () => {
  test('sets the new password, ends every session, and the link works once', async () => {
    const mail = await registered('reset@example.org')
    applyEmailLink(tokenIn(mail.text))
    const user = findUserByEmail(db, 'reset@example.org')!
    db.insert(sessions).values({ id: 'old-session-reset', userId: user.id, expiresAt: Date.now() + 1e6 }).run()
    requestPasswordReset('reset@example.org', ORIGIN)
    const resetMail = lastMailTo('reset@example.org')
    expect(resetMail.template).toBe('accounts.resetPassword')
    const token = tokenIn(resetMail.text)
    expect(await resetPassword(token, 'brand new password', ORIGIN)).toMatchObject({ ok: true })
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(0)
    expect(await signInWithPassword('reset@example.org', 'brand new password', ORIGIN)).toMatchObject({ ok: true })
    expect(await resetPassword(token, 'third password!!', ORIGIN)).toEqual({ ok: false, reason: 'used' })
    expect(await signInWithPassword('reset@example.org', 'third password!!', ORIGIN)).toMatchObject({ ok: false })
  })

  test('an unknown address gets nothing, and the caller learns nothing', () => {
    const before = db.select().from(outgoingEmails).all().length
    expect(requestPasswordReset('ghost@example.org', ORIGIN)).toBeUndefined()
    expect(db.select().from(outgoingEmails).all()).toHaveLength(before)
  })
})

describe('roles', () => {
  let admin: number
  let person: number
  beforeAll(async () => {
    await registered('admin1@example.org')
    await registered('person1@example.org')
    admin = findUserByEmail(db, 'admin1@example.org')!.id
    person = findUserByEmail(db, 'person1@example.org')!.id
    db.insert(userRoles).values({ userId: admin, role: 'admin' }).run()
  })

  test('every grant and withdrawal is in the audit log, with ids and the role only', () => {
    expect(grantRole(admin, person, 'staff')).toEqual({ ok: true, changed: true })
    expect(grantRole(admin, person, 'staff')).toEqual({ ok: true, changed: false })
    expect(withdrawRole(admin, person, 'staff')).toEqual({ ok: true, changed: true })
    const entries = db.select().from(auditLog).where(eq(auditLog.subjectId, String(person))).all()
    expect(entries.map((e) => [e.action, e.actorUserId, e.details])).toEqual([
      ['role.granted', admin, { role: 'staff' }],
      ['role.withdrawn', admin, { role: 'staff' }],
    ])
    expect(JSON.stringify(entries)).not.toContain('@example.org')
  })

  test('the last admin cannot be withdrawn', () => {
    const admins = db.select().from(userRoles).where(eq(userRoles.role, 'admin')).all()
    for (const a of admins.slice(1)) withdrawRole(null, a.userId, 'admin')
    expect(withdrawRole(admin, admins[0]!.userId, 'admin')).toEqual({ ok: false, reason: 'lastAdmin' })
  })
})

describe('a person’s own data', () => {
  let userId: number
  let orderId: number
  beforeAll(async () => {
    const mail = await registered('data@example.org')
    applyEmailLink(tokenIn(mail.text))
    userId = findUserByEmail(db, 'data@example.org')!.id
    const now = Date.now()
    const event = db
      .insert(events)
      .values({ slug: `e-${now}`, kind: 'talk', language: 'ru', titleEn: 'A talk', titleRu: 'Лекция', startsAt: now + 1e7, endsAt: now + 2e7, capacity: 50 })
      .returning()
      .get()
    const type = db.insert(ticketTypes).values({ eventId: event.id, nameEn: 'Standard', nameRu: 'Обычный', pricePence: 1200, quota: 50 }).returning().get()
    orderId = db
      .insert(orders)
      .values({ code: `o-${now}`, eventId: event.id, userId, buyerName: 'Test Person', buyerEmail: 'data@example.org', status: 'paid', totalPence: 1200, expiresAt: now, paidAt: now })
      .returning()
      .get().id
    db.insert(tickets).values({ orderId, eventId: event.id, ticketTypeId: type.id, code: `t-${now}`, holderName: 'Test Person' }).run()
    db.insert(sessions).values({ id: 'data-session', userId, expiresAt: now + 1e6, userAgent: 'Firefox on Linux' }).run()
  })

  test('the export holds profile, roles, sessions, orders with tickets, verifications (no hashes) and audit entries', () => {
    grantRole(null, userId, 'staff')
    const data = exportPersonalData(userId)!
    expect(data.profile).toMatchObject({ name: 'Test Person', email: 'data@example.org', preferredLanguage: 'en', hasPassword: true })
    expect(data.roles.map((r) => r.role).sort()).toEqual(['member', 'staff'])
    expect(data.sessions).toEqual([expect.objectContaining({ device: 'Firefox on Linux' })])
    expect(data.orders).toHaveLength(1)
    expect(data.orders[0]).toMatchObject({ totalPence: 1200, status: 'paid', event: { titleEn: 'A talk' } })
    expect(data.orders[0]!.tickets).toEqual([expect.objectContaining({ holderName: 'Test Person' })])
    expect(data.verifications[0]).toMatchObject({ purpose: 'confirm_email', sentTo: 'data@example.org' })
    expect(data.auditLog).toEqual([expect.objectContaining({ action: 'role.granted', aboutYou: true })])
    const json = JSON.stringify(data)
    expect(json).not.toContain('$argon2id$')
    expect(json).not.toMatch(/tokenHash|codeHash|[0-9a-f]{64}/)
    expect(json).not.toContain('data-session')
  })

  test('deletion erases or anonymises; paid orders keep amounts and dates only', () => {
    expect(deleteAccount(userId)).toEqual({ ok: true })
    const user = db.select().from(users).where(eq(users.id, userId)).get()!
    expect(user).toMatchObject({ email: null, name: DELETED_NAME, passwordHash: null, emailVerifiedAt: null })
    expect(user.deletedAt).not.toBeNull()
    const order = db.select().from(orders).where(eq(orders.id, orderId)).get()!
    expect(order).toMatchObject({ buyerName: null, buyerEmail: null, userId: null, totalPence: 1200, status: 'paid' })
    expect(order.paidAt).not.toBeNull()
    expect(db.select().from(tickets).where(eq(tickets.orderId, orderId)).get()!.holderName).toBeNull()
    expect(db.select().from(sessions).where(eq(sessions.userId, userId)).all()).toHaveLength(0)
    expect(db.select().from(verifications).where(eq(verifications.userId, userId)).all()).toHaveLength(0)
    expect(db.select().from(userRoles).where(eq(userRoles.userId, userId)).all()).toHaveLength(0)
    expect(db.select().from(outgoingEmails).where(eq(outgoingEmails.toAddress, 'data@example.org')).all()).toHaveLength(0)
    const entry = db.select().from(auditLog).where(eq(auditLog.action, 'account.deleted')).get()!
    expect(entry.subjectId).toBe(String(userId))
    expect(JSON.stringify(entry)).not.toContain('data@example.org')
    expect(findUserByEmail(db, 'data@example.org')).toBeUndefined()
    expect(exportPersonalData(userId)).toBeNull()
  })
})
