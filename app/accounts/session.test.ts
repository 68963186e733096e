/**
 * Sessions in a deployment (PUBLIC_URL on https): the cookie is Secure as well as HttpOnly and
 * SameSite; the id changes at sign-in; sign-out ends the row; only our own paths are redirect targets.
 */
import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { initEnv } from '~/env.server'

initEnv({
  DATABASE_PATH: process.env.DATABASE_PATH,
  DATA_DIR: process.env.DATA_DIR,
  PUBLIC_URL: 'https://club.example.org',
  SESSION_SECRET: 'a-session-secret-that-is-long-enough-to-pass',
  STRIPE_SECRET_KEY: 'sk_test_not_real',
  STRIPE_WEBHOOK_SECRET: 'whsec_not_real',
  SMTP_URL: 'smtp://127.0.0.1:1',
  DOOR_SIGNING_KEY: crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  LOG_LEVEL: 'silent',
})
const { getDb } = await import('#db/client.server')
const { sessions, users } = await import('#db/schema')
const { endSession, getViewer, safeRedirectPath, startSession } = await import('./session.server')
const { publicOrigin } = await import('./links.server')

const db = getDb()
const userId = db.insert(users).values({ email: 'secure@example.org', name: 'Secure', emailVerifiedAt: Date.now() }).returning().get().id
const request = (cookie?: string) => new Request('https://club.example.org/login', { headers: cookie ? { cookie } : {} })

describe('sessions outside localhost', () => {
  test('the cookie is Secure, HttpOnly, SameSite=Lax; a new id at every sign-in; sign-out deletes the row', async () => {
    const header = await startSession(request(), userId)
    expect(header).toMatch(/; Secure/)
    expect(header).toMatch(/; HttpOnly/)
    expect(header).toMatch(/; SameSite=Lax/)
    const cookie = header.split(';')[0]!
    expect((await getViewer(request(cookie)))?.id).toBe(userId)

    const second = (await startSession(request(cookie), userId)).split(';')[0]!
    expect(second).not.toBe(cookie)
    expect(await getViewer(request(cookie))).toBeNull()
    expect((await getViewer(request(second)))?.id).toBe(userId)

    await endSession(request(second))
    expect(await getViewer(request(second))).toBeNull()
    expect(db.select().from(sessions).where(eq(sessions.userId, userId)).all()).toHaveLength(0)
  })

  test('links in mail always use PUBLIC_URL, whatever Host the request claims', () => {
    expect(publicOrigin(new Request('http://evil.example/forgot-password'))).toBe('https://club.example.org')
    expect(publicOrigin(new Request('http://127.0.0.1:4000/forgot-password'))).toBe('https://club.example.org')
  })

  test('redirect targets are our own paths only', () => {
    expect(safeRedirectPath('/account/tickets?x=1#y')).toBe('/account/tickets?x=1#y')
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', null, 42]) {
      expect(safeRedirectPath(bad, '/fallback')).toBe('/fallback')
    }
  })
})
