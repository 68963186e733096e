/**
 * Who is asking. A signed, HttpOnly, SameSite cookie carries a random session id; the session row
 * in the database is the truth, so signing out (or revoking from another device) ends it at once.
 */
import crypto from 'node:crypto'
import { createCookie, redirect } from '@remix-run/node'
import { and, eq, gt, isNull } from 'drizzle-orm'
import { getDb, type DbOrTx } from '#db/client.server'
import { sessions, userRoles, users, type Role } from '#db/schema'
import { can, worksAtClub, type Permission } from './permissions'
import { getEnv } from '~/env.server'
import { localeFromPathname, localePath, type Locale } from '~/i18n/locale'
import { notFound } from '~/utils/http.server'
import { notePermitted } from '~/http/staff-change.server'

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000
/** lastSeenAt is refreshed at most this often, so reading pages does not mean writing rows. */
const TOUCH_EVERY_MS = 3600 * 1000

export type Viewer = {
  id: number
  sessionId: string
  name: string
  email: string
  locale: Locale
  roles: Role[]
}

let cookie: ReturnType<typeof createCookie> | undefined
function sessionCookie() {
  if (!cookie) {
    const env = getEnv()
    const local = new URL(env.PUBLIC_URL).hostname === 'localhost' || new URL(env.PUBLIC_URL).hostname === '127.0.0.1'
    cookie = createCookie('club_session', {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: !local,
      secrets: [env.SESSION_SECRET],
      maxAge: SESSION_TTL_MS / 1000,
    })
  }
  return cookie
}

async function sessionIdFrom(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** A coarse description of the browser: enough to recognise one's own devices, nothing more. */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null
  const browser = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrome\/|Chromium\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser'
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'unknown system'
  return `${browser} on ${os}`
}

export function rolesOf(db: DbOrTx, userId: number): Role[] {
  return db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role)
}

/** The signed-in person, or null. Expired, revoked or forged sessions are simply nobody. */
export async function getViewer(request: Request, now = Date.now()): Promise<Viewer | null> {
  const id = await sessionIdFrom(request)
  if (!id) return null
  const db = getDb()
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), isNull(users.deletedAt)))
    .get()
  if (!row || !row.user.email) return null
  if (now - row.session.lastSeenAt > TOUCH_EVERY_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id)).run()
  }
  return {
    id: row.user.id,
    sessionId: id,
    name: row.user.name,
    email: row.user.email,
    locale: row.user.locale,
    roles: rolesOf(db, row.user.id),
  }
}

/**
 * Starts a session for a person who just proved who they are, and returns the Set-Cookie value.
 * The id is always new (and any session the request carried is ended), so a session id planted
 * before sign-in is worthless after it.
 */
export async function startSession(request: Request, userId: number, now = Date.now()): Promise<string> {
  const db = getDb()
  const previous = await sessionIdFrom(request)
  const id = crypto.randomBytes(32).toString('base64url')
  db.transaction(
    (tx) => {
      if (previous) tx.delete(sessions).where(eq(sessions.id, previous)).run()
      tx.insert(sessions)
        .values({
          id,
          userId,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: now + SESSION_TTL_MS,
          userAgent: describeUserAgent(request.headers.get('user-agent')),
        })
        .run()
    },
    { behavior: 'immediate' },
  )
  return sessionCookie().serialize(id)
}

/** Ends the request's session on the server and returns the Set-Cookie value that clears it. */
export async function endSession(request: Request): Promise<string> {
  const id = await sessionIdFrom(request)
  if (id) getDb().delete(sessions).where(eq(sessions.id, id)).run()
  return sessionCookie().serialize('', { maxAge: 0 })
}

/** Only paths on this site: never an open redirect to somebody else's page after sign-in. */
export function safeRedirectPath(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  try {
    const url = new URL(to, 'http://club.invalid')
    if (url.origin !== 'http://club.invalid') return fallback
    return url.pathname + url.search + url.hash
  } catch {
    return fallback
  }
}

/** The signed-in person, or a redirect to sign in that brings them back here afterwards. */
export async function requireViewer(request: Request): Promise<Viewer> {
  const viewer = await getViewer(request)
  if (viewer) return viewer
  const url = new URL(request.url)
  const locale = localeFromPathname(url.pathname)
  throw redirect(`${localePath(locale, '/login')}?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
}

/** May this person do this? The table is app/accounts/permissions.ts. */
export function viewerCan(viewer: Pick<Viewer, 'roles'> | null, permission: Permission): boolean {
  return can(viewer?.roles, permission)
}

/**
 * Every staff, door and back-office loader and action calls this first (Remix runs a leaf route's
 * loader and action without its parent's). Someone signed in without the permission gets a plain
 * 404: we do not confirm to a curious member that a staff page exists, and we show no data.
 */
export async function requirePermission(request: Request, permission: Permission): Promise<Viewer> {
  const viewer = await requireViewer(request)
  if (!viewerCan(viewer, permission)) throw notFound()
  // Lets the public page cache tell a staff change from an anonymous post (app/http/staff-change.server.ts).
  notePermitted()
  return viewer
}

/** The /staff frame: anyone who works at the club (door, staff, admin); each page then asks for its own permission. */
export async function requireClubWorker(request: Request): Promise<Viewer> {
  const viewer = await requireViewer(request)
  if (!worksAtClub(viewer.roles)) throw notFound()
  return viewer
}
