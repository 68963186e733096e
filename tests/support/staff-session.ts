/**
 * A signed-in staff member for HTTP tests against a real server: a user and role rows written
 * straight into the server's database, a session row, and the session cookie signed exactly as
 * ~/accounts/session.server signs it (Remix createCookie('club_session') with the demo secret).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createCookie } from '@remix-run/node'
import Database from 'better-sqlite3'
import type { AppServer } from './app-server'

export async function createSignedInUser(
  app: Pick<AppServer, 'databasePath' | 'dataDir'>,
  { roles = ['staff'], email, name = 'Test Staff', locale = 'en' }: { roles?: ('member' | 'staff' | 'admin')[]; email?: string; name?: string; locale?: 'en' | 'ru' } = {},
): Promise<{ userId: number; cookie: string }> {
  const secrets = JSON.parse(fs.readFileSync(path.join(app.dataDir, 'demo-secrets.json'), 'utf8')) as { sessionSecret: string }
  const db = new Database(app.databasePath)
  db.pragma('busy_timeout = 5000')
  try {
    const now = Date.now()
    const address = email ?? `staff-${crypto.randomBytes(4).toString('hex')}@test.invalid`
    const userId = Number(
      db
        .prepare('insert into users (email, email_verified_at, name, locale, created_at, updated_at) values (?, ?, ?, ?, ?, ?)')
        .run(address, now, name, locale, now, now).lastInsertRowid,
    )
    for (const role of roles) db.prepare('insert into user_roles (user_id, role) values (?, ?)').run(userId, role)
    const sessionId = crypto.randomBytes(32).toString('base64url')
    db.prepare('insert into sessions (id, user_id, created_at, last_seen_at, expires_at) values (?, ?, ?, ?, ?)').run(
      sessionId,
      userId,
      now,
      now,
      now + 24 * 3600 * 1000,
    )
    const cookie = createCookie('club_session', { secrets: [secrets.sessionSecret], path: '/', httpOnly: true, sameSite: 'lax' })
    const header = await cookie.serialize(sessionId)
    return { userId, cookie: header.split(';')[0]! }
  } finally {
    db.close()
  }
}
